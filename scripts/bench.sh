#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench.sh: ebbflow's benchmarks, in sections; figures to stdout and results/bench-DATE.txt.
#   scripts/bench.sh [--quick] [--runs R] [--secs T] [--section NAME]... [--out FILE]
#   scripts/bench.sh --callgrind        instructions per forwarded packet, both sides
# Sections: fwd (ebbflow io vs dpdk-testpmd io on two net_null ports, one forwarding lcore,
# burst 32, hugepages, R alternating runs of T s each: medians and ratio), waitq (the
# micro-benchmark test/bench/bench_waitq, when built), exhaust (scripts/bench_exhaust.sh),
# probe (scripts/bench_probe.sh, root); cachesim (cache misses per packet under callgrind's
# cache simulation, both sides; not by default). Not a test: nothing is asserted.
set -euo pipefail
. "$(dirname "$0")/common.sh"

runs="" secs="" quick=0 callgrind=0 out="" sections=()
usage() { sed -n '4,10p' "$0" | sed 's/^# *//'; }
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1 ;;
	--runs) runs=$2; shift ;;
	--secs) secs=$2; shift ;;
	--section) sections+=("$2"); shift ;;
	--callgrind) callgrind=1 ;;
	--out) out=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	*) ebb_say "unknown option '$1'"; usage >&2; exit 2 ;;
	esac
	shift
done
if [ "$quick" -eq 1 ]; then runs=${runs:-3} secs=${secs:-2}; fi
runs=${runs:-5} secs=${secs:-5}
[ ${#sections[@]} -gt 0 ] || sections=(fwd waitq exhaust probe)
[ "$callgrind" -eq 0 ] || sections=(callgrind)

if ebb_need_build; then "$EBB_ROOT/scripts/setup.sh"; fi
EBB=$(ebb_binary ebbflow)
[ -n "$EBB" ] || ebb_die "ebbflow is not built"
TESTPMD=$(command -v dpdk-testpmd || true)
[ -n "$TESTPMD" ] || ebb_die "dpdk-testpmd not found (package dpdk-dev)"

work=$(mktemp -d /tmp/ebb_bench.XXXXXX)
pfx_base="ebb_bench_$$"
cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
	rm -f "$EBB_HUGE_MNT/${pfx_base}_"* 2>/dev/null
	rm -rf "${EBB_RUNDIR:?}/${pfx_base}_"* 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$EBB_ROOT/results"
[ -n "$out" ] || out=$EBB_ROOT/results/bench-$(date +%Y%m%d-%H%M%S).txt
: > "$out"
# report LINE...: to stdout and the results file
report() { printf '%s\n' "$@" | tee -a "$out"; }

median() { sort -g | awk '{ v[NR] = $1 } END {
	if (NR == 0) { print "n/a"; exit }
	if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Both sides get the same ports, pool size, burst and lcores.
NB_MBUFS=8192
common_app="--forward-mode=io --nb-cores=1 --burst=32 --total-num-mbufs=$NB_MBUFS"

# wait_log FILE REGEX SECS: wait until FILE has a line matching REGEX
wait_log() {
	local n=$(($3 * 10))
	while [ "$n" -gt 0 ]; do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# send FD LINE: a command to a driven program; one that died does not kill the bench
trap '' PIPE
send() { printf '%s\n' "$2" >&"$1" 2>/dev/null || true; }

# drive SIDE MEM LOG DURATION STATS [WRAPPER...]: run one side (ebbflow|testpmd) on two
# net_null ports through a fifo: start, wait until forwarding is on, then for STATS=1
# warm up 1 s, "show port stats all" (sets the throughput base), DURATION s,
# "show port stats all" again (the rate over DURATION, from the program's own stats);
# for STATS=0 just DURATION s. Then stop, quit. MEM: huge | nohuge.
drive() {
	local side=$1 mem=$2 log=$3 dur=$4 stats=$5 bin pfx fifo pid fd rc=0 slow=1
	shift 5
	case "$side" in ebbflow) bin=$EBB ;; testpmd) bin=$TESTPMD ;; esac
	pfx="${pfx_base}_${side}_$RANDOM"
	local eal=(-l 0,1 --no-pci --file-prefix "$pfx" --vdev net_null0 --vdev net_null1)
	if [ "$mem" = huge ]; then eal+=(--socket-mem 256 --huge-unlink); else eal+=(--no-huge -m 256); fi
	[ $# -eq 0 ] || slow=20   # under valgrind everything takes longer
	fifo=$work/$side.in
	rm -f "$fifo"
	mkfifo "$fifo"
	# shellcheck disable=SC2086
	# stdbuf: testpmd's stdout to a file is block-buffered; the log is read while it runs
	timeout -k 5 $((60 * slow + dur)) stdbuf -oL "$@" "$bin" "${eal[@]}" -- -i $common_app \
		< "$fifo" > "$log" 2>&1 &
	pid=$!
	exec {fd}> "$fifo"
	send "$fd" start
	if ! wait_log "$log" 'packet forwarding - ports' $((30 * slow)); then
		ebb_say "$side did not start forwarding; see below"
		tail -n 15 "$log" >&2
	fi
	if [ "$stats" -eq 1 ]; then
		sleep 1
		send "$fd" "show port stats all"
		sleep "$dur"
		send "$fd" "show port stats all"
	else
		sleep "$dur"
	fi
	send "$fd" stop
	wait_log "$log" 'Accumulated forward statistics' $((10 * slow)) || true
	send "$fd" quit
	exec {fd}>&-
	wait "$pid" || rc=$?
	ebb_cleanup_prefix "$pfx"
	[ "$rc" -eq 0 ] || ebb_say "$side exited with status $rc (log: $log)"
	return 0
}

# mpps LOG: forwarded Mpps = sum over ports of Tx-pps in the last port stats of LOG
mpps() {
	awk '/NIC statistics for port/ { port = $(NF - 1) }
	     /Tx-pps:/ { pps[port] = $2 }
	     END { for (p in pps) { s += pps[p]; n++ }
		   if (n) printf "%.2f\n", s / 1e6; else print "n/a" }' "$1"
}

# fwd_packets LOG: accumulated TX-packets of the last stop
fwd_packets() {
	awk '/Accumulated forward statistics/ { acc = 1; next }
	     acc && /TX-packets:/ { v = $2; acc = 0 } END { print (v == "" ? 0 : v) }' "$1"
}

section_fwd() {
	local mem=huge r side m e_all="" t_all="" order e_med t_med
	if ! ebb_huge_ok 600; then
		mem=nohuge
		report "# note: fewer than 600 MiB of hugepages free: --no-huge (far noisier, about half the rate)"
	fi
	report "## fwd: ebbflow io vs dpdk-testpmd io, 2 net_null ports, 1 forwarding lcore, burst 32," \
		"##      $NB_MBUFS mbufs, $mem, $runs alternating runs of $secs s (rate from each side's port stats)"
	for r in $(seq 1 "$runs"); do
		if [ $((r % 2)) -eq 1 ]; then order="ebbflow testpmd"; else order="testpmd ebbflow"; fi
		for side in $order; do
			drive "$side" "$mem" "$work/fwd-$side-$r.log" "$secs" 1
			m=$(mpps "$work/fwd-$side-$r.log")
			report "fwd.run $r $side $m Mpps"
			[ "$m" = n/a ] && continue
			if [ "$side" = ebbflow ]; then e_all="$e_all $m"; else t_all="$t_all $m"; fi
		done
	done
	e_med=$(tr ' ' '\n' <<<"$e_all" | grep . | median)
	t_med=$(tr ' ' '\n' <<<"$t_all" | grep . | median)
	report "fwd.ebbflow.median_mpps $e_med" "fwd.testpmd.median_mpps $t_med"
	# the best run suffers least from other processes on a shared machine
	report "fwd.ebbflow.best_mpps $(tr ' ' '\n' <<<"$e_all" | grep . | sort -g | tail -n 1)" \
		"fwd.testpmd.best_mpps $(tr ' ' '\n' <<<"$t_all" | grep . | sort -g | tail -n 1)"
	report "fwd.ebbflow.pool_ops $(grep -ohE 'ops [a-z_0-9]+' "$work"/fwd-ebbflow-1.log | head -n 1 | cut -d' ' -f2)" \
		"fwd.testpmd.pool_ops $(grep -ohE 'mempool ops selected: [a-z_0-9]+' "$work"/fwd-testpmd-1.log | head -n 1 | cut -d' ' -f4)"
	if [ "$e_med" != n/a ] && [ "$t_med" != n/a ]; then
		report "fwd.ratio $(awk -v e="$e_med" -v t="$t_med" 'BEGIN { printf "%.3f", (t > 0 ? e / t : 0) }') (ebbflow/testpmd, target >= 1.00)"
	fi
}

# drive_sig SIDE LOG DURATION WRAPPER...: one side non-interactive (-a) under WRAPPER,
# --no-huge: forwarding starts with the program; DURATION s after it says so, SIGINT.
# (Not through the prompt: under valgrind a polling lcore can starve the main one.)
drive_sig() {
	local side=$1 log=$2 dur=$3 bin pfx fifo tpid cpid fd rc=0 extra=""
	shift 3
	case "$side" in
	ebbflow) bin=$EBB ;;
	ebbflow_nowait) bin=$EBB extra=--no-wait ;;
	testpmd) bin=$TESTPMD ;;
	esac
	pfx="${pfx_base}_${side}_$RANDOM"
	fifo=$work/$side.in
	rm -f "$fifo"
	mkfifo "$fifo"
	# stdin: a fifo held open and silent (testpmd -a quits at end of input)
	# shellcheck disable=SC2086
	timeout -k 5 1200 stdbuf -oL "$@" "$bin" -l 0,1 --no-pci --file-prefix "$pfx" \
		--vdev net_null0 --vdev net_null1 --no-huge -m 256 -- -a $common_app $extra \
		< "$fifo" > "$log" 2>&1 &
	tpid=$!
	exec {fd}> "$fifo"
	wait_log "$log" 'packet forwarding - ports' 600 || ebb_say "$side did not start forwarding"
	sleep "$dur"
	cpid=$(pgrep -P "$tpid" | head -n 1)
	kill -INT "${cpid:-$tpid}" 2>/dev/null || true
	wait_log "$log" 'Accumulated forward statistics' 300 || ebb_say "$side printed no stats after SIGINT"
	exec {fd}>&-
	wait "$tpid" || rc=$?
	ebb_cleanup_prefix "$pfx"
	[ "$rc" -eq 0 ] || ebb_say "$side exited with status $rc (log: $log)"
	return 0
}

# cg_per_packet SIDE TAG [VALGRIND OPTS...]: callgrind events per forwarded packet in the
# forwarding lcore's thread, printed as "EVENT VALUE ..." (or nothing). Two runs, of 2 s and
# 6 s (--separate-threads: one profile per thread, in creation order); per packet is the
# difference of the two runs' totals over the difference of their packets, in the thread
# whose count grew most between them: the forwarding lcore. So what does not grow with
# traffic (start-up, the worker's wait for launch, port start, the pool's first fill,
# shutdown) cancels out, also on a loaded machine where few packets pass and the busiest
# thread is the main one. Debian's testpmd is stripped: no function toggle. --fair-sched:
# else valgrind may let the polling lcore starve the main one.
cg_per_packet() {
	local side=$1 tag=$2 d f t pk
	shift 2
	for d in 2 6; do
		drive_sig "$side" "$work/$tag-$side-$d.log" "$d" \
			valgrind --tool=callgrind --fair-sched=yes --separate-threads=yes "$@" \
			--callgrind-out-file="$work/$tag-$side-$d.out"
		pk=$(fwd_packets "$work/$tag-$side-$d.log")
		# one line per thread: "D THREAD PACKETS EVENTS..."
		for f in "$work/$tag-$side-$d.out"-*; do
			[ -f "$f" ] || continue
			t=${f##*-}
			awk -v d="$d" -v t="$t" -v p="${pk:-0}" '
				/^events:/ { $1 = ""; ev = $0 }
				/^(summary|totals):/ { $1 = ""; s = $0 }
				END { print "events" ev; print d, t, p s }' "$f"
		done
	done > "$work/$tag-$side.sum"
	awk '
		$1 == "events" { n = split($0, ev, " "); next }
		$1 == 2 { for (i = 3; i <= NF; i++) a[$2, i] = $i; next }
		$1 == 6 { for (i = 3; i <= NF; i++) b[$2, i] = $i; th[$2] = 1 }
		END { best = ""
		      for (t in th) if (best == "" || b[t, 4] - a[t, 4] > b[best, 4] - a[best, 4]) best = t
		      if (best == "") exit
		      dp = b[best, 3] - a[best, 3]
		      if (dp <= 0) exit
		      for (i = 2; i <= n; i++) printf "%s %.3f ", ev[i], (b[best, i + 2] - a[best, i + 2]) / dp
		      printf "packets %d\n", dp }' "$work/$tag-$side.sum"
}

# instructions per forwarded packet in the forwarding lcore's thread (cg_per_packet)
section_callgrind() {
	local side v e_ir="" t_ir=""
	command -v valgrind >/dev/null || { report "## callgrind: valgrind not installed"; return; }
	report "## callgrind: instructions per forwarded packet in the forwarding thread, io, two net_null ports, --no-huge (difference of a 2 s and a 6 s run)"
	local sides="ebbflow testpmd"
	# ebbflow with plain ring pools too, when it has --no-wait: the cost of waiting apart
	grep -aq -- '--no-wait' "$EBB" && sides="ebbflow ebbflow_nowait testpmd"
	for side in $sides; do
		v=$(cg_per_packet "$side" cg | awk '{ for (i = 1; i < NF; i += 2) if ($i == "Ir") print $(i + 1) }')
		if [ -n "$v" ]; then
			report "callgrind.$side.ir_per_pkt $v"
			[ "$side" = ebbflow ] && e_ir=$v
			[ "$side" = testpmd ] && t_ir=$v
		else
			report "callgrind.$side.ir_per_pkt n/a (nothing counted or forwarded)"
		fi
	done
	if [ -n "$e_ir" ] && [ -n "$t_ir" ]; then
		report "callgrind.ratio $(awk -v e="$e_ir" -v t="$t_ir" 'BEGIN { printf "%.3f", t / e }') (testpmd/ebbflow instructions per packet: >= 1.00 means ebbflow does no more work)"
	fi
}

# cache misses per forwarded packet in the forwarding thread (what instructions do not
# show; this VM exposes no hardware counters to perf): callgrind's cache simulation (I1/D1
# and last level as valgrind models this CPU), per packet as cg_per_packet counts it
section_cachesim() {
	local side v
	command -v valgrind >/dev/null || { report "## cachesim: valgrind not installed"; return; }
	report "## cachesim: callgrind --cache-sim=yes, events per forwarded packet in the forwarding thread (difference of a 2 s and a 6 s run), io, two net_null ports, --no-huge"
	for side in ebbflow testpmd; do
		v=$(cg_per_packet "$side" cs --cache-sim=yes)
		report "cachesim.$side per packet: ${v:-n/a (nothing counted or forwarded)}"
	done
}

# the waiter's micro-benchmark (issue 3): alloc+free through ebb_waitq vs ring_mp_mc,
# hand-off latency; its own program prints "bench_waitq.<metric> <value>" lines
section_waitq() {
	local b mem
	b=$(ebb_binary test/bench/bench_waitq)
	if [ -z "$b" ]; then
		report "## waitq: test/bench/bench_waitq not built: skipped"
		return
	fi
	if ebb_huge_ok 300; then mem="--socket-mem 256 --huge-unlink"; else mem="--no-huge -m 256"; fi
	report "## waitq: $b"
	# shellcheck disable=SC2086
	EBB_BENCH_QUICK=$quick timeout -k 5 600 "$b" -l 0,1 --no-pci \
		--file-prefix "${pfx_base}_waitq" $mem ${EBB_BENCH_WAITQ_ARGS:-} \
		> "$work/waitq.log" 2>&1 || report "# bench_waitq exited with status $?"
	ebb_cleanup_prefix "${pfx_base}_waitq"
	grep -E '^bench_waitq\.' "$work/waitq.log" | tee -a "$out" || {
		report "# bench_waitq printed no figures; its last lines:"
		tail -n 5 "$work/waitq.log" | tee -a "$out"
	}
}

# sub_bench NAME SCRIPT ARGS...: a section kept in its own script (later issues): run it,
# its figures into this results file too
sub_bench() {
	local name=$1 script=$EBB_ROOT/scripts/$2 rc=0
	shift 2
	if [ ! -x "$script" ]; then
		report "## $name: scripts/${script##*/} not there: skipped"
		return
	fi
	report "## $name: scripts/${script##*/} $*"
	"$script" "$@" --out "$work/$name.txt" > "$work/$name.log" 2>&1 || rc=$?
	if [ -s "$work/$name.txt" ]; then cat "$work/$name.txt" | tee -a "$out"
	else grep -vE '^(\[[0-9]+/[0-9]+\]|ninja|EAL:)' "$work/$name.log" | tail -n 30 | tee -a "$out"; fi
	[ "$rc" -eq 0 ] || report "# ${script##*/} exited with status $rc"
}

# exhaustion (issue 4): ebbflow vs --no-wait vs dpdk-testpmd noisy
section_exhaust() {
	local a=()
	[ "$quick" -eq 0 ] || a=(--quick)
	sub_bench exhaust bench_exhaust.sh "${a[@]}"
}

# probes under exhaustion (issue 5): on time and lateness, with and without the reserve;
# root only (network namespace, veth)
section_probe() {
	local script=$EBB_ROOT/scripts/bench_probe.sh
	if [ ! -x "$script" ]; then report "## probe: scripts/bench_probe.sh not there: skipped"; return; fi
	if [ "$(id -u)" -ne 0 ]; then report "## probe: needs root (network namespace): skipped"; return; fi
	report "## probe: scripts/bench_probe.sh"
	EBB_BENCH_SECS=$([ "$quick" -eq 1 ] && echo 3 || echo 10) "$script" "$EBB" \
		> "$work/probe.log" 2>&1 || report "# bench_probe.sh exited with status $?"
	grep -vE '^(EAL|TELEMETRY|\[|ninja)' "$work/probe.log" | tail -n 40 | tee -a "$out"
}

report "# ebbflow bench $(date -Iseconds) on $(hostname): $(nproc) CPUs," \
	"# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)," \
	"# ebbflow $(git -C "$EBB_ROOT" describe --always --dirty 2>/dev/null || echo '?'), $(dpkg-query -W -f='dpdk ${Version}' dpdk 2>/dev/null || true)"
for s in "${sections[@]}"; do
	if ! declare -F "section_$s" >/dev/null; then
		ebb_say "no section '$s'"
		continue
	fi
	"section_$s"
done
report "# written to $out"
