#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench_exhaust.sh: exhaustion benchmark: ebbflow vs --no-wait vs dpdk-testpmd noisy.
#   scripts/bench_exhaust.sh [--quick] [--runs R] [--secs T] [--section S]... [--plot] [--out FILE]
#   Figures (medians of R runs) to stdout and FILE (default results/bench-exhaust-DATE.txt);
#   --plot also draws them (gnuplot) into FILE with .svg. Sections: exhaustion latency
#   fairness io (default all). Called by scripts/bench.sh.
# shellcheck shell=bash
set -uo pipefail
. "$(dirname "$0")/common.sh"

runs=3 secs=5 plot=0 out="" sections=()
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) runs=1 ;;
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	--plot) plot=1 ;;
	--section) sections+=("$2"); shift ;;
	--out) out=$2; shift ;;
	-h|--help) sed -n '3,7p' "$0" | sed 's/^# *//'; exit 0 ;;
	*) ebb_die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done

ebb_bench_init bench-exhaust ebb_bench_exhaust ebb_bexh testpmd
HZ=$(getconf CLK_TCK)
# cpu_ticks PID: utime + stime of the DPDK process under PID (timeout's child), in ticks
cpu_ticks() {
	local c
	c=$(pgrep -P "$1" | head -n 1)
	awk '{ print $14 + $15 }' "/proc/${c:-$1}/stat" 2>/dev/null || echo 0
}

# Programs are driven through a fifo. P_FD, P_PID, P_LOG describe the one running.
P_FD="" P_PID="" P_LOG="" P_PFX=""
# start_prog LOG LCORES EAL_MEM BIN APP_ARGS...: start BIN on two net_null ports, -i
start_prog() {
	local log=$1 lcores=$2 mem=$3 bin=$4 fifo
	shift 4
	P_PFX="${pfx_base}_$RANDOM"
	fifo=$work/in.$RANDOM
	mkfifo "$fifo"
	local eal=(--lcores "$lcores" --no-pci --file-prefix "$P_PFX" --vdev net_null0 --vdev net_null1)
	if [ "$mem" = huge ]; then eal+=(--socket-mem 256 --huge-unlink); else eal+=(--no-huge -m 256); fi
	timeout -k 5 120 stdbuf -oL "$bin" "${eal[@]}" -- -i "$@" < "$fifo" > "$log" 2>&1 &
	P_PID=$!
	P_LOG=$log
	exec {P_FD}> "$fifo"
	send start
	ebb_wait_log "$log" 'packet forwarding - ports|[Ss]tart.*forward' 30 ||
		{ ebb_say "did not start: $log"; tail -n 15 "$log" >&2; }
}
send() { printf '%s\n' "$1" >&"$P_FD" 2>/dev/null || true; }
stop_prog() {
	send stop
	ebb_wait_log "$P_LOG" 'Accumulated forward statistics' 20 || true
	send quit
	exec {P_FD}>&-
	wait "$P_PID" 2>/dev/null || true
	ebb_cleanup_prefix "$P_PFX"
}

# queue_polls LOG SNAP: sum of the "polls:" of every RX queue line in the SNAP-th
# `show port stats all` (ebbflow)
queue_polls() {
	awk -v snap="$2" '/NIC statistics for port/ { if ($(NF - 1) + 0 == 0) n++; next }
		n == snap && $1 == "RX" && $2 == "queue" { for (i = 1; i < NF; i++) if ($i == "polls:") s += $(i + 1) }
		END { print s + 0 }' "$1"
}
# tp_bursts LOG: testpmd's RX-bursts of the first stream block at stop (one per queue)
tp_bursts() {
	awk '/RX-bursts :/ { s += $3 } END { print s + 0 }' "$1"
}
# stream_rx LOG: RX-packets of each per-stream block of the last stop, one per line
stream_rx() {
	awk '/Forward Stats for RX Port=/ { blk = 1; next }
		blk && /RX-packets:/ { print $2; blk = 0 }' "$1" | tail -n 4
}
jain() { awk '{ s += $1; q += $1 * $1; n++ } END { if (q > 0) printf "%.4f\n", s * s / (n * q); else print "n/a" }'; }

EXH_APP=(--forward-mode=delay --total-num-mbufs=1024 --delay-fifo=4096 --delay-us=60000000)
TP_EXH_APP=(--forward-mode=noisy --total-num-mbufs=1025 --noisy-tx-sw-buffer-size=4096
	--noisy-tx-sw-buffer-flushtime=60000 --record-burst-stats)

# ---- 1. total exhaustion: rx_burst calls on exhausted queues, CPU ----
section_exhaustion() {
	local v r log t0 t1 c0 c1 p0 p1 rate cpu
	report "## exhaustion: 2 net_null ports, 1 forwarding lcore, pool 1024 mbufs held by a" \
		"##   4096-deep FIFO for 60 s (ebbflow delay mode / testpmd noisy): $secs s of total" \
		"##   exhaustion, $runs runs; rx_burst calls per second on the two exhausted queues," \
		"##   CPU (utime+stime of the process) in % of one core"
	for v in pause sleep nowait testpmd; do
		local rates="" cpus=""
		for r in $(seq 1 "$runs"); do
			log=$work/exh-$v-$r.log
			case "$v" in
			pause|sleep) start_prog "$log" 0@0,1@1 nohuge "$EBB" "${EXH_APP[@]}" --idle="$v" ;;
			nowait) start_prog "$log" 0@0,1@1 nohuge "$EBB" "${EXH_APP[@]}" --no-wait ;;
			testpmd) start_prog "$log" 0@0,1@1 nohuge "$TESTPMD" "${TP_EXH_APP[@]}" ;;
			esac
			sleep 1
			c0=$(cpu_ticks "$P_PID"); t0=$(date +%s.%N)
			[ "$v" = testpmd ] || send "show port stats all"
			sleep "$secs"
			c1=$(cpu_ticks "$P_PID"); t1=$(date +%s.%N)
			[ "$v" = testpmd ] || send "show port stats all"
			sleep 0.3
			stop_prog
			if [ "$v" = testpmd ]; then
				# whole run: exhaustion starts within milliseconds of start
				p1=$(tp_bursts "$log")
				rate=$(awk -v p="$p1" -v d="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a + 1.3 }')" 'BEGIN { printf "%.0f", p / d }')
			else
				p0=$(queue_polls "$log" 1); p1=$(queue_polls "$log" 2)
				rate=$(awk -v a="$p0" -v b="$p1" -v d="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" 'BEGIN { printf "%.1f", (b - a) / d }')
			fi
			cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v d="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" 'BEGIN { printf "%.2f", (b - a) / hz / d * 100 }')
			report "exhaustion.run $r $v rx_burst_per_s $rate cpu_pct $cpu"
			rates="$rates $rate"; cpus="$cpus $cpu"
		done
		report "exhaustion.$v.rx_burst_per_s $(tr ' ' '\n' <<<"$rates" | grep . | median)" \
			"exhaustion.$v.cpu_pct $(tr ' ' '\n' <<<"$cpus" | grep . | median)"
	done
	report "# targets: ebbflow rx_burst_per_s ~ probes only (2 queues x 1/wait-timeout = 20/s)," \
		"#   cpu_pct with --idle=sleep < 5"
}

# ---- 2. resume latency: buffers released -> the dry queue's first packet ----
section_latency() {
	local v r log line p50s p99s
	report "## latency: delay mode, pool 1024, FIFO 4096, delay 1 ms (each release ends a dry" \
		"##   spell), $secs s, $runs runs: time from held packets freed to the first frames of" \
		"##   the dry queue, median and p99 (ebbflow's histogram, ~9% buckets)"
	for v in wait nowait; do
		p50s="" p99s=""
		for r in $(seq 1 "$runs"); do
			log=$work/lat-$v-$r.log
			if [ "$v" = wait ]; then
				start_prog "$log" 0@0,1@1 nohuge "$EBB" --forward-mode=delay --total-num-mbufs=1024 --delay-fifo=4096 --delay-us=1000
			else
				start_prog "$log" 0@0,1@1 nohuge "$EBB" --forward-mode=delay --total-num-mbufs=1024 --delay-fifo=4096 --delay-us=1000 --no-wait
			fi
			sleep "$secs"
			send "show waiters"
			sleep 0.3
			stop_prog
			line=$(grep -m1 'resume latency' "$log")
			report "latency.run $r $v ${line#*: }"
			p50s="$p50s $(sed -n 's/.*median \([0-9.]*\) us.*/\1/p' <<<"$line")"
			p99s="$p99s $(sed -n 's/.*p99 \([0-9.]*\) us.*/\1/p' <<<"$line")"
		done
		report "latency.$v.median_us $(tr ' ' '\n' <<<"$p50s" | grep . | median)" \
			"latency.$v.p99_us $(tr ' ' '\n' <<<"$p99s" | grep . | median)"
	done
	report "# target: ebbflow (wait) within 2x of the spinning poller (nowait); testpmd: not observable"
}

# ---- 3. fairness: four queues, two lcores, one exhausted pool ----
section_fairness() {
	local v r log j js
	report "## fairness: 2 ports x 2 queues on 2 lcores, one pool of 1024 mbufs held by 4096-deep" \
		"##   FIFOs released after 1 ms, $secs s, $runs runs: Jain index of RX packets per queue"
	for v in wait nowait testpmd; do
		js=""
		for r in $(seq 1 "$runs"); do
			log=$work/fair-$v-$r.log
			case "$v" in
			wait) start_prog "$log" 0@0,1@1,2@0 nohuge "$EBB" --forward-mode=delay --total-num-mbufs=1024 --delay-fifo=4096 --delay-us=1000 --rxq=2 --txq=2 --nb-cores=2 ;;
			nowait) start_prog "$log" 0@0,1@1,2@0 nohuge "$EBB" --forward-mode=delay --total-num-mbufs=1024 --delay-fifo=4096 --delay-us=1000 --rxq=2 --txq=2 --nb-cores=2 --no-wait ;;
			testpmd) start_prog "$log" 0@0,1@1,2@0 nohuge "$TESTPMD" --forward-mode=noisy --total-num-mbufs=1025 --noisy-tx-sw-buffer-size=4096 --noisy-tx-sw-buffer-flushtime=1 --rxq=2 --txq=2 --nb-cores=2 ;;
			esac
			sleep "$secs"
			stop_prog
			j=$(stream_rx "$log" | jain)
			report "fairness.run $r $v jain $j rx_per_queue $(stream_rx "$log" | tr '\n' ' ')"
			js="$js $j"
		done
		report "fairness.$v.jain $(tr ' ' '\n' <<<"$js" | grep -v n/a | grep . | median)"
	done
	report "# target: >= 0.99"
}

# ---- 4. io forwarding with nobody waiting: ebb_waitq vs --no-wait ----
section_io() {
	local mem=huge r v m w="" n="" log
	ebb_huge_ok 600 || mem=nohuge
	report "## io: 2 net_null ports, 1 lcore, default pool, nobody waits, $mem, $runs alternating" \
		"##   runs of $secs s: Mpps (sum of Tx-pps of the ports)"
	for r in $(seq 1 "$runs"); do
		for v in wait nowait; do
			log=$work/io-$v-$r.log
			if [ "$v" = wait ]; then
				start_prog "$log" 0@0,1@1 "$mem" "$EBB" --forward-mode=io --nb-cores=1
			else
				start_prog "$log" 0@0,1@1 "$mem" "$EBB" --forward-mode=io --nb-cores=1 --no-wait
			fi
			sleep 1
			send "show port stats all"
			sleep "$secs"
			send "show port stats all"
			sleep 0.3
			stop_prog
			m=$(awk '/NIC statistics for port/ { port = $(NF - 1) } /Tx-pps:/ { pps[port] = $2 }
				END { for (p in pps) s += pps[p]; printf "%.2f\n", s / 1e6 }' "$log")
			report "io.run $r $v $m Mpps"
			if [ "$v" = wait ]; then w="$w $m"; else n="$n $m"; fi
		done
	done
	w=$(tr ' ' '\n' <<<"$w" | grep . | median)
	n=$(tr ' ' '\n' <<<"$n" | grep . | median)
	report "io.wait.median_mpps $w" "io.nowait.median_mpps $n" \
		"io.ratio $(awk -v a="$w" -v b="$n" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }') (ebb_waitq / ring_mp_mc, target >= 0.99)"
}

plot_svg() {
	local svg=${out%.txt}.svg dat=$work/plot
	val() { awk -v k="$1" '$1 == k { print $2 }' "$out" | tail -n 1; }
	{
		echo "# name exhaustion_rx_burst_per_s cpu_pct"
		for v in pause sleep nowait testpmd; do
			echo "$v $(val "exhaustion.$v.rx_burst_per_s") $(val "exhaustion.$v.cpu_pct")"
		done
	} > "$dat.exh"
	{
		echo "# name median p99"
		for v in wait nowait; do echo "$v $(val "latency.$v.median_us") $(val "latency.$v.p99_us")"; done
	} > "$dat.lat"
	{
		for v in wait nowait testpmd; do echo "$v $(val "fairness.$v.jain")"; done
	} > "$dat.fair"
	{
		echo "ebb_waitq $(val io.wait.median_mpps)"
		echo "--no-wait $(val io.nowait.median_mpps)"
	} > "$dat.io"
	sed -i 's/ n\/a/ 0/g; s/ $/ 0/' "$dat".*
	gnuplot <<GP || ebb_say "gnuplot failed"
set terminal svg size 1200,800 dynamic font "sans,11"
set output "$svg"
set multiplot layout 2,3 title "ebbflow under mbuf exhaustion (medians of $runs runs, $secs s)"
set style data histograms
set style fill solid 0.7 border -1
set boxwidth 0.8
set grid ytics
set key off
set title "rx\\\_burst calls/s on exhausted queues (log)"
set logscale y
set yrange [1:*]
plot "$dat.exh" using (\$2 > 0 ? \$2 : 1):xtic(1) lc rgb "#c0504d"
unset logscale y
set yrange [0:*]
set title "CPU during total exhaustion (% of a core)"
plot "$dat.exh" using 3:xtic(1) lc rgb "#4f81bd"
set title "buffers freed -> first packet (us)"
set key top left
plot "$dat.lat" using 2:xtic(1) title "median" lc rgb "#9bbb59", "" using 3 title "p99" lc rgb "#8064a2"
set key off
set title "Jain fairness, 4 queues / 2 lcores"
set yrange [0:1.05]
plot "$dat.fair" using 2:xtic(1) lc rgb "#f79646"
set yrange [0:*]
set title "io, nobody waiting (Mpps)"
plot "$dat.io" using 2:xtic(1) lc rgb "#4bacc6"
unset multiplot
GP
	report "plot: $svg"
}

report "# bench_exhaust $(date -u +%FT%TZ) ebbflow $EBB testpmd $TESTPMD, runs $runs, $secs s"
[ ${#sections[@]} -gt 0 ] || sections=(exhaustion latency fairness io)
for s in "${sections[@]}"; do
	declare -F "section_$s" > /dev/null || ebb_die "no section '$s'"
	"section_$s"
done
[ "$plot" -eq 0 ] || plot_svg
report "results: $out"
