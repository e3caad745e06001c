#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench_pools.sh: io on two net_null ports per pool size, ebbflow vs --no-wait: Mpps and CPU.
#   scripts/bench_pools.sh [--quick] [--runs R] [--secs T] [--sizes "N ..."] [--callgrind]
#                          [--out FILE]
#   Pool sizes from one burst (32) to 65536: the powers of two and the edge sizes (the
#   minimum ebbflow accepts, 33, 40, 48, 64). Per size R alternating runs of T s of each
#   side (one forwarding lcore, burst 32); medians of the forwarded rate (the ports'
#   Tx-pps) and of the forwarding lcore's CPU (utime + stime of its thread in
#   /proc/PID/task/*/stat over the window), and the ratio ebbflow/--no-wait of each
#   back-to-back pair (both sides under the same neighbours): the verdict is on their
#   median, ">=" from 1.000; below 1 by less than the pairs' noise (half their range
#   over their median) it is "< within noise": the wall clock cannot tell the two
#   apart there (the same binary varies +-20 % run to run here). A size ebbflow
#   refuses at start is said so. --callgrind: per size also instructions per forwarded
#   packet of both sides (the stable figure: ebb_cg_per_packet, --no-huge) and their
#   ratio --no-wait/ebbflow (>= 1.000: ebbflow does no more work than --no-wait).
#   Figures to stdout and FILE (default results/bench-pools-DATE.txt), a gnuplot SVG next
#   to FILE, and last "pools: ebbflow >= --no-wait at N of M sizes ..." (M: the sizes
#   ebbflow accepts). Called by scripts/bench.sh --section pools. Not a test.
# shellcheck shell=bash
set -uo pipefail
. "$(dirname "$0")/common.sh"

runs=3 secs=5 out="" sizes="" callgrind=0
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) runs=1 secs=1 ;;
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	--sizes) sizes=$2; shift ;;
	--callgrind) callgrind=1 ;;
	--out) out=$2; shift ;;
	-h|--help) sed -n '3,20p' "$0" | sed 's/^# *//'; exit 0 ;;
	*) ebb_die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
case "$runs$secs" in *[!0-9]*) ebb_die "--runs and --secs take whole numbers" ;; esac
if [ "$runs" -lt 1 ] || [ "$secs" -lt 1 ]; then ebb_die "--runs and --secs must be at least 1"; fi
if [ "$callgrind" -eq 1 ] && ! command -v valgrind > /dev/null; then
	ebb_die "--callgrind: valgrind is not installed (scripts/setup.sh installs it)"
fi

ebb_bench_init bench-pools ebb_bench_pools ebb_bpool
HZ=$(getconf CLK_TCK)

if ebb_huge_ok 600; then mem=(--socket-mem 512 --huge-unlink) memname=huge
else mem=(--no-huge -m 512) memname=nohuge; fi
APP=(--forward-mode=io --nb-cores=1 --burst=32)

# fwd_ticks PID: utime + stime of PID's forwarding lcore thread (lcore 1: the thread
# named lcore-worker-1), in clock ticks; the whole process when no thread has that name
fwd_ticks() {
	local t
	for t in /proc/"$1"/task/*; do
		[ "$(cat "$t/comm" 2>/dev/null)" = lcore-worker-1 ] || continue
		sed 's/.*) //' "$t/stat" | awk '{ print $12 + $13 }'
		return
	done
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}

# mpps LOG: forwarded Mpps = sum over ports of Tx-pps in the last port stats of LOG
mpps() {
	awk '/NIC statistics for port/ { port = $(NF - 1) }
	     /Tx-pps:/ { pps[port] = $2 }
	     END { for (p in pps) { s += pps[p]; n++ }
		   if (n) printf "%.2f\n", s / 1e6; else print "n/a" }' "$1"
}

# send FD LINE...: command lines to a driven program (one that exited does not end this)
send() {
	local fd=$1
	shift
	{ printf '%s\n' "$@" >&"$fd"; } 2>/dev/null || true
}

# one SIDE POOL LOG: one run; prints "MPPS CPU_PCT", or "refused" when ebbflow refuses
# the pool size at start, or "n/a n/a" when the run gave no figures
one() {
	local side=$1 pool=$2 log=$3 pfx fifo tpid pid fd c0 c1 t0 t1 extra=()
	[ "$side" = nowait ] && extra=(--no-wait)
	pfx="${pfx_base}_${side}_$RANDOM"
	fifo=$work/$side.in
	rm -f "$fifo"
	mkfifo "$fifo"
	timeout -k 5 $((60 + secs)) stdbuf -oL "$EBB" -l 0,1 --no-pci --file-prefix "$pfx" \
		--vdev net_null0 --vdev net_null1 "${mem[@]}" -- -i "${APP[@]}" \
		--total-num-mbufs="$pool" "${extra[@]}" < "$fifo" > "$log" 2>&1 &
	tpid=$!
	exec {fd}> "$fifo"
	send "$fd" start
	if ! ebb_wait_log "$log" 'packet forwarding - ports' 30 "$tpid"; then
		exec {fd}>&-
		wait "$tpid" 2>/dev/null
		ebb_cleanup_prefix "$pfx"
		if grep -q 'must be at least' "$log"; then echo refused; else echo "n/a n/a"; fi
		return 0
	fi
	pid=$(pgrep -P "$tpid" | head -n 1) # stdbuf execs the program: timeout's child
	sleep 1
	send "$fd" "show port stats all"
	c0=$(fwd_ticks "${pid:-$tpid}") t0=$(date +%s.%N)
	sleep "$secs"
	c1=$(fwd_ticks "${pid:-$tpid}") t1=$(date +%s.%N)
	send "$fd" "show port stats all"
	sleep 0.5
	send "$fd" stop quit
	exec {fd}>&-
	wait "$tpid" 2>/dev/null
	ebb_cleanup_prefix "$pfx"
	echo "$(mpps "$log") $(awk -v a="${c0:-0}" -v b="${c1:-0}" -v hz="$HZ" -v t0="$t0" -v t1="$t1" \
		'BEGIN { d = t1 - t0; if (d > 0 && b >= a) printf "%.1f", (b - a) / hz / d * 100; else print "n/a" }')"
}

# cg SIDE POOL: instructions per forwarded packet of SIDE's forwarding thread (n/a)
cg() {
	local extra=() pfx="${pfx_base}_cg_$1"
	[ "$1" = nowait ] && extra=(--no-wait)
	ebb_cg_per_packet "$work" "cg-$1-$2" "$pfx" -- "$EBB" -l 0,1 --no-pci --file-prefix "$pfx" \
		--vdev net_null0 --vdev net_null1 --no-huge -m 512 -- -a "${APP[@]}" \
		--total-num-mbufs="$2" "${extra[@]}" |
		awk '{ for (i = 1; i < NF; i += 2) if ($i == "Ir") v = $(i + 1) }
		     END { print (v == "" ? "n/a" : v) }'
}

# noise LIST MEDIAN: half the range of the numbers of LIST over their MEDIAN (0 for none)
noise() {
	tr ' ' '\n' <<<"$1" | grep . | sort -g | awk -v m="$2" 'NR == 1 { lo = $1 } { hi = $1 }
		END { printf "%.3f\n", (NR > 0 && m > 0 ? (hi - lo) / 2 / m : 0) }'
}

# the minimum ebbflow accepts for this topology: it says so when refusing a pool of 1
min=$(timeout -k 5 60 "$EBB" -l 0,1 --no-pci --file-prefix "${pfx_base}_min" --vdev net_null0 \
	--vdev net_null1 --no-huge -m 256 -- -i "${APP[@]}" --total-num-mbufs=1 < /dev/null 2>&1 |
	sed -n 's/.*must be at least \([0-9]*\).*/\1/p' | head -n 1)
ebb_cleanup_prefix "${pfx_base}_min"
if [ -z "$sizes" ]; then
	sizes="${min:-} 33 40 48 64"
	for ((s = 32; s <= 65536; s *= 2)); do sizes="$sizes $s"; done
fi
sizes=$(tr ' ' '\n' <<<"$sizes" | grep -E '^[0-9]+$' | sort -nu | tr '\n' ' ')

report "## pools: ebbflow vs --no-wait, io on 2 net_null ports, 1 forwarding lcore (CPU 1), burst 32, $memname," \
	"##   per pool size $runs alternating runs of $secs s each; medians of Mpps (ports' Tx-pps) and of the forwarding thread's CPU %" \
	"##   ebbflow -l 0,1 --no-pci ${mem[*]} --vdev net_null0 --vdev net_null1 -- -i ${APP[*]} --total-num-mbufs=N [--no-wait]" \
	"##   (ebbflow $(git -C "$EBB_ROOT" log -1 --format='%h %cd' --date=format:'%Y-%m-%d %H:%M' 2>/dev/null)), minimum ebbflow accepts: ${min:-?}" \
	"##   sizes: $sizes"
[ "$callgrind" -eq 0 ] || report "##   --callgrind: instructions per forwarded packet (difference of a 2 s and a 6 s run under callgrind, --no-huge -m 512, -a)"
dat=${out%.txt}.dat
echo "# pool ebbflow_mpps nowait_mpps ebbflow_cpu_pct nowait_cpu_pct ebbflow_ir nowait_ir" > "$dat"
accepted=0 ge=0 near=0 irs=""
for pool in $sizes; do
	e_m="" n_m="" e_c="" n_c="" refused=0 pairs=""
	for r in $(seq 1 "$runs"); do
		if [ $((r % 2)) -eq 1 ]; then order="ebbflow nowait"; else order="nowait ebbflow"; fi
		pe="" pn=""
		for side in $order; do
			[ "$side" = ebbflow ] && [ "$refused" -eq 1 ] && continue
			res=$(one "$side" "$pool" "$work/pools-$side-$pool-$r.log")
			report "pools.run pool $pool run $r $side $res (Mpps CPU%)"
			if [ "$res" = refused ]; then refused=1; continue; fi
			read -r m c <<<"$res"
			if [ "$side" = ebbflow ]; then
				[ "$m" = n/a ] || e_m="$e_m $m" pe=$m; [ "$c" = n/a ] || e_c="$e_c $c"
			else
				[ "$m" = n/a ] || n_m="$n_m $m" pn=$m; [ "$c" = n/a ] || n_c="$n_c $c"
			fi
		done
		# the pair's ratio: both sides ran back to back, under the same neighbours
		[ -n "$pe" ] && [ -n "$pn" ] &&
			pairs="$pairs $(awk -v e="$pe" -v n="$pn" 'BEGIN { if (n > 0) printf "%.3f", e / n }')"
	done
	nm=$(tr ' ' '\n' <<<"$n_m" | grep . | median) nc=$(tr ' ' '\n' <<<"$n_c" | grep . | median)
	if [ "$refused" -eq 1 ]; then
		report "pools.size $pool ebbflow refused (below its minimum) --no-wait $nm Mpps cpu $nc %"
		echo "$pool ? $nm ? $nc ? ?" | sed 's/n\/a/?/g' >> "$dat"
		continue
	fi
	em=$(tr ' ' '\n' <<<"$e_m" | grep . | median) ec=$(tr ' ' '\n' <<<"$e_c" | grep . | median)
	accepted=$((accepted + 1))
	# the verdict on the back-to-back pairs (both sides under the same neighbours): their
	# median ratio against their noise (half their range over their median)
	pm=$(tr ' ' '\n' <<<"$pairs" | grep . | median)
	nz=$(noise "$pairs" "$pm")
	verdict=$(awk -v p="$pm" -v z="$nz" 'BEGIN { if (p == "n/a") print "n/a";
		else if (p + 0 >= 1) print ">="; else if (1 - p <= z) print "< within noise";
		else print "<" }')
	case "$verdict" in
	">=") ge=$((ge + 1)) ;;
	"< within noise") near=$((near + 1)) ;;
	esac
	report "pools.size $pool ebbflow $em Mpps cpu $ec % --no-wait $nm Mpps cpu $nc % ($verdict)" \
		"pools.pairs $pool ebbflow/--no-wait${pairs:- n/a} median $pm noise +-$(awk -v z="$nz" 'BEGIN { printf "%.1f", z * 100 }') %"
	ie="" iw=""
	if [ "$callgrind" -eq 1 ]; then
		ie=$(cg ebbflow "$pool") iw=$(cg nowait "$pool")
		ir=$(awk -v e="$ie" -v n="$iw" 'BEGIN { if (e + 0 > 0 && n + 0 > 0) printf "%.3f", n / e; else print "n/a" }')
		report "pools.callgrind $pool ebbflow $ie --no-wait $iw instructions per packet (ratio $ir)"
		[ "$ir" = n/a ] || irs="$irs $ir"
	fi
	echo "$pool $em $nm $ec $nc ${ie:-?} ${iw:-?}" | sed 's/n\/a/?/g' >> "$dat"
done

svg=${out%.txt}.svg
if command -v gnuplot > /dev/null; then
	if gnuplot <<GP 2>/dev/null; then report "# plot: $svg"; else report "# gnuplot failed: no plot"; fi
set terminal svg size 800,450 noenhanced
set output "$svg"
set datafile missing "?"
set title "io on 2 net_null ports per pool size: ebbflow vs --no-wait"
set xlabel "mbufs in the pool"
set ylabel "forwarded (Mpps)"
set y2label "forwarding lcore CPU (%)"
set logscale x 2
set format x "%.0f"
set yrange [0:*]
set y2range [0:110]
set ytics nomirror
set y2tics
set key bottom right
plot "$dat" using 1:2 with linespoints lw 2 title "ebbflow Mpps", \
     "$dat" using 1:3 with linespoints lw 2 title "--no-wait Mpps", \
     "$dat" using 1:4 axes x1y2 with lines dt 2 title "ebbflow CPU %", \
     "$dat" using 1:5 axes x1y2 with lines dt 3 title "--no-wait CPU %"
GP
else
	report "# gnuplot not installed (scripts/setup.sh installs gnuplot-nox): no plot"
fi
report "pools: ebbflow >= --no-wait at $ge of $accepted sizes, below within the run-to-run noise at $near, below beyond it at $((accepted - ge - near))"
if [ -n "$irs" ]; then
	report "pools.callgrind: --no-wait/ebbflow instructions per packet from $(tr ' ' '\n' <<<"$irs" | grep . | sort -g | head -n 1) to $(tr ' ' '\n' <<<"$irs" | grep . | sort -g | tail -n 1) over $(wc -w <<<"$irs") sizes (>= 1.000: ebbflow does no more work)"
fi
