#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bench.sh: ebbflow's benchmarks, in sections; figures to stdout and results/bench-DATE.txt.
#   scripts/bench.sh [--quick] [--runs R] [--secs T] [--section NAME]... [--out FILE]
#   scripts/bench.sh --callgrind        instructions per forwarded packet, both sides
# Sections: fwd (ebbflow io vs dpdk-testpmd io on two net_null ports, one forwarding lcore,
# burst 32, hugepages, R alternating runs of T s each: medians and ratio), waitq (the
# micro-benchmark test/bench/bench_waitq, when built), exhaust (scripts/bench_exhaust.sh),
# probe (scripts/bench_probe.sh, root), pktgen (ebbflow vs dpdk-testpmd forwarding for
# pktgen-dpdk over vhost-user, and callgrind on that path; runs when PKTGEN names a pktgen
# binary, else says why it is skipped). Not by default: cachesim (cache misses per packet
# under callgrind's cache simulation, both sides), pktgen_cg (pktgen's callgrind part
# alone), pktgen_zeroloss (zero-loss rate through delay mode per pool size, plotted),
# pktgen_exhaust (loss and forwarder CPU per idle policy under pktgen load) and pools
# (scripts/bench_pools.sh: io per pool size, one burst to 65536, ebbflow vs --no-wait,
# Mpps and forwarder CPU, plotted, and callgrind instructions per packet per size). Not
# a test.
set -euo pipefail
. "$(dirname "$0")/common.sh"

runs="" secs="" quick=0 callgrind=0 out="" sections=()
usage() { sed -n '4,16p' "$0" | sed 's/^# *//'; }
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
[ ${#sections[@]} -gt 0 ] || sections=(fwd waitq exhaust probe pktgen)
[ "$callgrind" -eq 0 ] || sections=(callgrind)

ebb_bench_init bench ebb_bench ebb_bench testpmd

# Both sides get the same ports, pool size, burst and lcores.
NB_MBUFS=8192
common_app="--forward-mode=io --nb-cores=1 --burst=32 --total-num-mbufs=$NB_MBUFS"

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
	if ! ebb_wait_log "$log" 'packet forwarding - ports' $((30 * slow)); then
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
	ebb_wait_log "$log" 'Accumulated forward statistics' $((10 * slow)) || true
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

section_fwd() {
	local mem=huge r side m e_all="" t_all="" order e_med t_med pairs="" pe pt
	if ! ebb_huge_ok 600; then
		mem=nohuge
		report "# note: fewer than 600 MiB of hugepages free: --no-huge (far noisier, about half the rate)"
	fi
	report "## fwd: ebbflow io vs dpdk-testpmd io, 2 net_null ports, 1 forwarding lcore, burst 32," \
		"##      $NB_MBUFS mbufs, $mem, $runs alternating runs of $secs s (rate from each side's port stats)"
	for r in $(seq 1 "$runs"); do
		if [ $((r % 2)) -eq 1 ]; then order="ebbflow testpmd"; else order="testpmd ebbflow"; fi
		pe="" pt=""
		for side in $order; do
			drive "$side" "$mem" "$work/fwd-$side-$r.log" "$secs" 1
			m=$(mpps "$work/fwd-$side-$r.log")
			report "fwd.run $r $side $m Mpps"
			[ "$m" = n/a ] && continue
			if [ "$side" = ebbflow ]; then e_all="$e_all $m" pe=$m; else t_all="$t_all $m" pt=$m; fi
		done
		# the pair's ratio: both sides ran back to back, under the same neighbours
		[ -n "$pe" ] && [ -n "$pt" ] &&
			pairs="$pairs $(awk -v e="$pe" -v t="$pt" 'BEGIN { if (t > 0) printf "%.3f", e / t }')"
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
	if [ -n "$pairs" ]; then
		report "fwd.pair_ratios$pairs" \
			"fwd.pair_ratio.median $(tr ' ' '\n' <<<"$pairs" | grep . | median)" \
			"fwd.pair_ratio.spread $(tr ' ' '\n' <<<"$pairs" | grep . | sort -g | head -n 1)-$(tr ' ' '\n' <<<"$pairs" | grep . | sort -g | tail -n 1)"
	fi
}

# cg_per_packet SIDE TAG [VALGRIND OPTS...]: callgrind events per forwarded packet in the
# forwarding lcore's thread of one side (ebbflow|ebbflow_nowait|testpmd) on two net_null
# ports, --no-huge, forwarding from the start (-a): ebb_cg_per_packet (common.sh). Debian's
# testpmd is stripped: no function toggle.
cg_per_packet() {
	local side=$1 tag=$2 bin extra="" pfx
	shift 2
	case "$side" in
	ebbflow) bin=$EBB ;;
	ebbflow_nowait) bin=$EBB extra=--no-wait ;;
	testpmd) bin=$TESTPMD ;;
	esac
	pfx="${pfx_base}_${side}_$RANDOM"
	# shellcheck disable=SC2086
	ebb_cg_per_packet "$work" "$tag-$side" "$pfx" "$@" -- "$bin" -l 0,1 --no-pci \
		--file-prefix "$pfx" --vdev net_null0 --vdev net_null1 --no-huge -m 256 -- -a \
		$common_app $extra
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

# pool sizes (issue 10): io on 2 net_null ports from one burst to 65536 mbufs, ebbflow vs
# --no-wait, Mpps and forwarding CPU, plotted; not by default (15 sizes, 2 sides, R runs)
# (its figures, .dat and .svg next to the results file: bench-DATE-pools.*)
section_pools() {
	local a=(--runs "$runs" --secs "$secs") f=${out%.txt}-pools.txt
	[ "$quick" -eq 0 ] || a=(--quick)
	# the stable figure beside the wall clock's: instructions per packet per size
	command -v valgrind > /dev/null && a+=(--callgrind)
	report "## pools: scripts/bench_pools.sh ${a[*]} --out $f"
	"$EBB_ROOT/scripts/bench_pools.sh" "${a[@]}" --out "$f" > "$work/pools.log" 2>&1 ||
		report "# bench_pools.sh exited with status $?"
	if [ -s "$f" ]; then tee -a "$out" < "$f"; else tail -n 30 "$work/pools.log" | tee -a "$out"; fi
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

# pktgen (issue 13): pktgen-dpdk loads the forwarder over two vhost-user ports; the forwarder
# is ebbflow, then dpdk-testpmd, in the same topology (scripts/loadtest.sh -p 2, io, one
# forwarding lcore on CPU 1, pktgen's sending lcore on CPU 0), alternating; one way and
# bidirectional. Forwarded Mpps = the forwarder's Tx-pps over the window (its telemetry).
# Then callgrind: instructions per forwarded packet in the forwarding thread on this path.
pktgen_skip() {
	[ -n "${PKTGEN:-}" ] || { echo "PKTGEN is not set (the path of a pktgen-dpdk binary; pktgen is not packaged in Debian)"; return; }
	{ [ -f "$PKTGEN" ] && [ -x "$PKTGEN" ]; } || { echo "PKTGEN=$PKTGEN is not an executable file"; return; }
	command -v script >/dev/null || { echo "util-linux script not found (package bsdutils)"; return; }
	command -v dpdk-telemetry.py >/dev/null || { echo "dpdk-telemetry.py not found (package dpdk-dev)"; return; }
	ebb_huge_ok 2816 || echo "pktgen (2 ports) and the forwarder need 2816 MiB of hugepages, $(ebb_huge_free_mb) MiB free (scripts/hugepages.sh as root)"
}
PG_APP="--nb-cores=1 --burst=32 --total-num-mbufs=$NB_MBUFS"
section_pktgen() {
	local why r side order dir b log m e_all t_all e_med t_med
	why=$(pktgen_skip)
	if [ -n "$why" ]; then report "## pktgen: skipped: $why"; return; fi
	report "## pktgen: forwarder ebbflow vs dpdk-testpmd, io, pktgen-dpdk $PKTGEN over 2 vhost-user ports," \
		"##         64-byte frames at pktgen's 100 %, 1 forwarding lcore, burst 32, $NB_MBUFS mbufs, $runs alternating" \
		"##         runs of $secs s per direction: forwarded Mpps = forwarder Tx-pps (telemetry), median [min-max]" \
		"##   scripts/loadtest.sh -t $secs -p 2 [-b] -f ebbflow|testpmd -- $PG_APP"
	for dir in oneway bidir; do
		b=""
		[ "$dir" = bidir ] && b=-b
		e_all="" t_all=""
		for r in $(seq 1 "$runs"); do
			if [ $((r % 2)) -eq 1 ]; then order="ebbflow testpmd"; else order="testpmd ebbflow"; fi
			for side in $order; do
				log=$work/pg-$dir-$side-$r.log
				# shellcheck disable=SC2086
				if [ "$side" = ebbflow ]; then
					EBB_FWD_BIN=$EBB "$EBB_ROOT/scripts/loadtest.sh" -t "$secs" -p 2 $b -f ebbflow -- $PG_APP > "$log" 2>&1 || true
				else
					"$EBB_ROOT/scripts/loadtest.sh" -t "$secs" -p 2 $b -f testpmd -- $PG_APP > "$log" 2>&1 || true
				fi
				if grep -qx 'loadtest.result OK' "$log"; then
					m=$(awk '$1 == "loadtest.fwd.tx_pps" { printf "%.3f", $2 / 1e6 }' "$log")
					report "pktgen.$dir.run $r $side $m Mpps (pktgen sent $(awk '$1 == "loadtest.peer.tx_pps" { printf "%.3f", $2 / 1e6 }' "$log"), received $(awk '$1 == "loadtest.peer.rx_pps" { printf "%.3f", $2 / 1e6 }' "$log"))"
					if [ "$side" = ebbflow ]; then e_all="$e_all $m"; else t_all="$t_all $m"; fi
				else
					report "pktgen.$dir.run $r $side failed: $(grep -E 'loadtest.sh: ' "$log" | tail -n 1)"
				fi
			done
		done
		e_med=$(tr ' ' '\n' <<<"$e_all" | grep . | median)
		t_med=$(tr ' ' '\n' <<<"$t_all" | grep . | median)
		report "pktgen.$dir.ebbflow.median_mpps $e_med [$(tr ' ' '\n' <<<"$e_all" | grep . | sort -g | sed -n '1p;$p' | paste -sd-)]" \
			"pktgen.$dir.testpmd.median_mpps $t_med [$(tr ' ' '\n' <<<"$t_all" | grep . | sort -g | sed -n '1p;$p' | paste -sd-)]"
		if [ "$e_med" != n/a ] && [ "$t_med" != n/a ]; then
			report "pktgen.$dir.ratio $(awk -v e="$e_med" -v t="$t_med" 'BEGIN { printf "%.3f", (t > 0 ? e / t : 0) }') (ebbflow/testpmd, target >= 1.00)"
		fi
	done
	section_pktgen_cg
}

# tele_tx PREFIX: the sum of opackets over ports 0 and 1 of a DPDK process (telemetry)
tele_tx() {
	printf '%s\n' /ethdev/stats,0 /ethdev/stats,1 | timeout 20 dpdk-telemetry.py -f "$1" 2>/dev/null |
		grep -o '"opackets": [0-9]*' | awk '{ s += $2; n++ } END { if (n == 2) print s }'
}

# tele_links PREFIX: how many of ports 0 and 1 of that DPDK process have their link up
tele_links() {
	printf '%s\n' /ethdev/link_status,0 /ethdev/link_status,1 | timeout 20 dpdk-telemetry.py -f "$1" 2>/dev/null |
		grep -c '"UP"'
}

# cg_vhost SIDE LOG: SIDE (ebbflow, ebbflow_nowait, testpmd) forwards between two vhost-user
# ports under callgrind (--no-huge: the vhost side maps the peer's memory, it shares none of
# its own), interactive: "start" once both vhost links are up (tele_links), the same for
# every side (dpdk-testpmd started with -a under valgrind polled while the vhost-user set-up
# was under way, and pktgen's second port never came up); pktgen sends on both ports at
# 100 %. Once packets flow, the counters are zeroed (callgrind_control
# -z), and after $cg_secs s dumped (-d): Ir of the busiest thread (the forwarding lcore) over
# that window / packets the forwarder sent in it (telemetry read on each side of -z and -d,
# averaged). Prints "IR PACKETS" or nothing.
cg_vhost() {
	local side=$1 log=$2 bin extra="" fpfx ppfx sock=$work/cgv fpid ppid pfd vpid a0 b0 a1 b1 ir n
	case "$side" in
	ebbflow) bin=$EBB ;;
	ebbflow_nowait) bin=$EBB extra=--no-wait ;;
	testpmd) bin=$TESTPMD ;;
	esac
	fpfx="${pfx_base}_cgf_$RANDOM" ppfx="${pfx_base}_cgp_$RANDOM"
	rm -f "$sock"[01].sock "$work/cgv.out"* "$work/cgv.in" "$work/cgp.in"
	mkfifo "$work/cgv.in" "$work/cgp.in"
	# shellcheck disable=SC2086
	timeout -k 5 900 valgrind --tool=callgrind --fair-sched=yes --separate-threads=yes --compress-strings=no \
		--callgrind-out-file="$work/cgv.out" "$bin" -l 0,1 --no-pci --file-prefix "$fpfx" \
		--no-huge -m 256 --vdev "net_vhost0,iface=${sock}0.sock,queues=1" \
		--vdev "net_vhost1,iface=${sock}1.sock,queues=1" -- -i --forward-mode=io $PG_APP $extra \
		< "$work/cgv.in" > "$log" 2>&1 &
	fpid=$!
	exec {vpid}> "$work/cgv.in"
	local n_up=0
	while [ "$n_up" -lt 300 ] && [ ! -S "${sock}1.sock" ]; do sleep 1; n_up=$((n_up + 1)); done
	printf '%s\n' "set all size 64" "set all rate 100" "start all" > "$work/cg.pkt"
	timeout -k 5 900 script -qfec "$(printf '%q ' "$PKTGEN" --lcores '0@1,1@0' --no-pci \
		--file-prefix "$ppfx" --socket-mem 256 --single-file-segments \
		--vdev "virtio_user0,path=${sock}0.sock,queues=1,speed=100000" \
		--vdev "virtio_user1,path=${sock}1.sock,queues=1,speed=100000" -- -P -m '1.[0-1]' -f "$work/cg.pkt")" \
		/dev/null < "$work/cgp.in" > "$work/cgp.out" 2>&1 &
	ppid=$!
	exec {pfd}> "$work/cgp.in"
	n=0
	while [ "$n" -lt 150 ] && [ "$(tele_links "$fpfx")" != 2 ]; do sleep 2; n=$((n + 1)); done
	send "$vpid" start
	n=0
	local end=$((SECONDS + 300))
	while [ "$SECONDS" -lt "$end" ]; do
		a0=$(tele_tx "$fpfx")
		[ -n "$a0" ] && [ "$a0" -gt 0 ] && break
		sleep 1
		n=$((n + 1))
		# pktgen ran its "start" with the links maybe still down (a forwarder under
		# valgrind takes long over the vhost-user set-up) and then sends nothing: again
		[ $((n % 15)) -ne 0 ] || send "$pfd" $'start all\r'

	done
	local pp vp
	pp=$(ebb_dpdk_pid "$ppid" "$ppfx")
	[ -z "$pp" ] || ebb_sched "$pp" idle > /dev/null
	vp=$(pgrep -P "$fpid" | head -n 1)
	if [ -n "${a0:-}" ] && [ "${a0:-0}" -gt 0 ] && [ -n "$vp" ]; then
		sleep 2
		[ -z "$pp" ] || ebb_sched "$pp" idle > /dev/null
		a0=$(tele_tx "$fpfx")
		callgrind_control -z "$vp" > /dev/null 2>&1
		b0=$(tele_tx "$fpfx")
		sleep "$cg_secs"
		a1=$(tele_tx "$fpfx")
		callgrind_control -d "$vp" > /dev/null 2>&1
		b1=$(tele_tx "$fpfx")
	fi
	# the peer quits first (pktgen does not quit once its vhost-user server is gone), then
	# the forwarder stops and quits at its prompt (SIGINT if it does not)
	[ -z "$pp" ] || ebb_sched "$pp" other > /dev/null
	send "$pfd" $'stop all\r'
	sleep 0.5
	send "$pfd" $'quit\r'
	n=0
	while [ "$n" -lt 60 ] && kill -0 "$ppid" 2>/dev/null; do sleep 0.5; n=$((n + 1)); done
	kill -TERM "$ppid" 2>/dev/null || true
	exec {pfd}>&-
	wait "$ppid" 2>/dev/null || true
	send "$vpid" stop
	send "$vpid" quit
	ebb_wait_log "$log" 'Bye' 300 || kill -INT "$vp" 2>/dev/null || true
	exec {vpid}>&-
	wait "$fpid" 2>/dev/null || true
	ebb_cleanup_prefix "$fpfx"
	ebb_cleanup_prefix "$ppfx"
	rm -f "$sock"[01].sock
	[ -n "${b1:-}" ] && [ -n "${a0:-}" ] && [ -n "${b0:-}" ] && [ -n "${a1:-}" ] || return 0
	ir=$(for f in "$work"/cgv.out.1-*; do
		awk '/^(summary|totals):/ { v = $2 } END { print (v == "" ? 0 : v) }' "$f"
	     done 2>/dev/null | sort -g | tail -n 1)
	[ -n "$ir" ] && [ "$ir" -gt 0 ] || return 0
	# keep the busiest thread's profile for a look at where the instructions go
	for f in "$work"/cgv.out.1-*; do
		grep -q "^\(summary\|totals\): $ir\$" "$f" && cp "$f" "$EBB_ROOT/results/callgrind-vhost-$side.out"
	done
	echo "$ir $(( (a1 + b1) / 2 - (a0 + b0) / 2 ))"
}

section_pktgen_cg() {
	local side res ir pk v e_ir="" t_ir="" e_own="" t_own="" sides="ebbflow testpmd" why polls pmd own
	why=$(pktgen_skip)
	if [ -n "$why" ]; then report "## pktgen callgrind: skipped: $why"; return; fi
	command -v valgrind >/dev/null || { report "## pktgen callgrind: valgrind not installed: skipped"; return; }
	cg_secs=$([ "$quick" -eq 1 ] && echo 10 || echo 20)
	grep -aq -- '--no-wait' "$EBB" && sides="ebbflow ebbflow_nowait testpmd"
	report "## pktgen callgrind: instructions per forwarded packet in the forwarding thread, io, 2 vhost-user" \
		"##   ports fed by pktgen both ways at 100 %, burst 32, $NB_MBUFS mbufs, $cg_secs s window (callgrind_control -z/-d)"
	for side in $sides; do
		res=$(cg_vhost "$side" "$work/cgv-$side.log")
		read -r ir pk <<<"${res:-0 0}"
		if [ "${pk:-0}" -gt 0 ] && [ "${ir:-0}" -gt 0 ]; then
			v=$(awk -v a="$ir" -v p="$pk" 'BEGIN { printf "%.2f", a / p }')
			report "pktgen.callgrind.$side Ir $ir packets $pk ir_per_pkt $v (profile: results/callgrind-vhost-$side.out)"
			# how full the bursts were: the figure counts empty polls too, so it is only
			# comparable between sides that saw the same packets per RX poll
			polls=$(awk '/^cfn=/ { c = $0; sub(/^cfn=(\([0-9]+\) )?/, "", c) }
				/^calls=/ && c == "rte_vhost_dequeue_burst" { split($0, a, "[= ]"); n += a[2] }
				END { print n + 0 }' "$EBB_ROOT/results/callgrind-vhost-$side.out" 2>/dev/null)
			[ "${polls:-0}" -eq 0 ] || report "pktgen.callgrind.$side rx_polls $polls packets_per_poll $(awk -v p="$pk" -v n="$polls" 'BEGIN { printf "%.2f", p / n }') ir_per_poll $(awk -v a="$ir" -v n="$polls" 'BEGIN { printf "%.1f", a / n }')"
			# the forwarder's own work: all but the vhost PMD's RX and TX burst calls
			# (the two largest inclusive costs in librte_net_vhost, the same library code
			# on both sides, whose cost per packet depends on the packets per poll)
			pmd=$(callgrind_annotate --inclusive=yes "$EBB_ROOT/results/callgrind-vhost-$side.out" 2>/dev/null |
				awk '/librte_net_vhost/ { gsub(",", "", $1); print $1 }' | sort -g | tail -n 2 |
				awk '{ s += $1 } END { printf "%.0f\n", s }')
			if [ "${pmd:-0}" -gt 0 ] && [ "${polls:-0}" -gt 0 ]; then
				own=$(awk -v a="$ir" -v b="$pmd" -v p="$pk" 'BEGIN { printf "%.2f", (a - b) / p }')
				report "pktgen.callgrind.$side own_ir_per_pkt $own own_ir_per_poll $(awk -v a="$ir" -v b="$pmd" -v n="$polls" 'BEGIN { printf "%.1f", (a - b) / n }') (outside the vhost PMD's burst calls: $pmd Ir)"
				[ "$side" = ebbflow ] && e_own=$own
				[ "$side" = testpmd ] && t_own=$own
			fi
			[ "$side" = ebbflow ] && e_ir=$v
			[ "$side" = testpmd ] && t_ir=$v
		else
			report "pktgen.callgrind.$side n/a (nothing counted or forwarded; log: $work/cgv-$side.log)"
		fi
	done
	if [ -n "$e_ir" ] && [ -n "$t_ir" ]; then
		report "pktgen.callgrind.ratio $(awk -v e="$e_ir" -v t="$t_ir" 'BEGIN { printf "%.3f", t / e }') (testpmd/ebbflow instructions per packet: >= 1.00 means ebbflow does no more work)"
	fi
	if [ -n "$e_own" ] && [ -n "$t_own" ]; then
		report "pktgen.callgrind.own_ratio $(awk -v e="$e_own" -v t="$t_own" 'BEGIN { printf "%.3f", t / e }') (testpmd/ebbflow, the forwarder's own instructions per packet)"
	fi
}

# pktgen_zeroloss (issue 13): the highest pktgen rate that the forwarder in delay mode
# (each packet held 1 ms) carries with no loss, ebbflow vs --no-wait, pools of 1024, 2048
# and 4096 mbufs. pktgen's link is 10 Gb/s (-S 10000: 1 % = 148.8 kpps of 64-byte frames,
# one way over 2 vhost-user ports); a rate passes when the forwarder dropped nothing in the
# measured window (loadtest.fwd.window_dropped: its TX-dropped and the ports' imissed, after
# 1 s of warm-up: pktgen starts with a burst above the asked rate, and the harness's own
# telemetry reads, python processes on the same 2 CPUs, stall both sides while traffic ramps
# up: 1-4 k frames lost there even at 23 kpps) and pktgen sent at least 95 % of what it was
# asked for (a forwarder that is full pushes back on pktgen through the vring instead of
# dropping); bisection between 0 and 10 % (1.488 Mpps), $zl_steps steps. The loss over the
# whole run (ramp-up included) is printed too. Plotted (gnuplot) next to the results file.
zl_trial() {  # SIDE POOL RATE: prints "pass|fail sent lost window_dropped tx_pps offered"
	local side=$1 pool=$2 rate=$3 log extra=""
	[ "$side" = ebbflow_nowait ] && extra=--no-wait
	log=$work/zl-$side-$pool-$rate.log
	# shellcheck disable=SC2086
	EBB_FWD_BIN=$EBB "$EBB_ROOT/scripts/loadtest.sh" -t 3 -p 2 -S 10000 -r "$rate" -m delay -f ebbflow \
		-- --nb-cores=1 --burst=32 --total-num-mbufs="$pool" --delay-us=1000 $extra > "$log" 2>&1 || true
	awk '$1 == "loadtest.result" { ok = ($2 == "OK") } $1 == "loadtest.peer.sent" { s = $2 }
		$1 == "loadtest.lost" { l = $2 } $1 == "loadtest.peer.tx_pps" { t = $2 }
		$1 == "loadtest.peer.offered_pps" { o = $2 } $1 == "loadtest.fwd.window_dropped" { w = $2 }
		END { if (!ok || s == "" || w == "") { print "fail 0 0 - 0 " o + 0; exit }
		      print ((w == 0 && t >= 0.95 * o) ? "pass" : "fail"), s, l, w, t, o }' "$log"
}
section_pktgen_zeroloss() {
	local why side pool lo hi mid res best dat=${out%.txt}-zeroloss.dat
	why=$(pktgen_skip)
	if [ -n "$why" ]; then report "## pktgen_zeroloss: skipped: $why"; return; fi
	zl_steps=$([ "$quick" -eq 1 ] && echo 4 || echo 6)
	report "## pktgen_zeroloss: highest zero-loss pktgen rate through delay mode (1 ms), one way, 2 vhost-user ports," \
		"##   pktgen link 10 Gb/s (10 % = 1.488 Mpps), bisection over 0-10 %, $zl_steps steps; pass: nothing dropped in the window, >= 95 % of the rate sent" \
		"##   scripts/loadtest.sh -t 3 -p 2 -S 10000 -r RATE -m delay -- --nb-cores=1 --burst=32 --total-num-mbufs=POOL --delay-us=1000 [--no-wait]"
	: > "$dat"
	for pool in 1024 2048 4096; do
		printf '%s' "$pool" >> "$dat"
		for side in ebbflow ebbflow_nowait; do
			lo=0 hi=10 best=0
			for _ in $(seq 1 "$zl_steps"); do
				mid=$(awk -v a="$lo" -v b="$hi" 'BEGIN { printf "%.3f", (a + b) / 2 }')
				res=$(zl_trial "$side" "$pool" "$mid")
				report "pktgen_zeroloss.trial $side pool $pool rate $mid % -> $res (verdict sent lost_whole_run dropped_in_window tx_pps offered_pps)"
				if [ "${res%% *}" = pass ]; then lo=$mid best=$mid; else hi=$mid; fi
			done
			local mpps
			mpps=$(awk -v r="$best" 'BEGIN { printf "%.3f", r / 100 * 1e10 / (84 * 8) / 1e6 }')
			report "pktgen_zeroloss.$side.pool_$pool $mpps Mpps ($best % of 10 Gb/s)"
			printf ' %s' "$mpps" >> "$dat"
		done
		echo >> "$dat"
	done
	if command -v gnuplot >/dev/null; then
		gnuplot <<GP 2>/dev/null && report "# plot: ${out%.txt}-zeroloss.svg" || report "# gnuplot failed: no plot"
set terminal svg size 640,400
set output "${out%.txt}-zeroloss.svg"
set title "Zero-loss rate through delay mode (1 ms), pktgen over vhost-user"
set xlabel "mbufs in the pool"
set ylabel "zero-loss rate (Mpps)"
set logscale x 2
set xtics (1024, 2048, 4096)
set yrange [0:*]
set key top left
plot "$dat" using 1:2 with linespoints title "ebbflow", "$dat" using 1:3 with linespoints title "ebbflow --no-wait"
GP
	fi
}

# pktgen_exhaust (issue 13): delay mode (1 ms) with a pool of 1024 mbufs under pktgen at
# 10 % of 10 Gb/s (1.488 Mpps asked, more than the pool can hold for 1 ms): per idle policy
# (pause, sleep) and --no-wait, what pktgen lost, what it could send, and the forwarder's CPU
# over the window (utime + stime of its process, all threads, from /proc).
section_pktgen_exhaust() {
	local why side extra log r
	why=$(pktgen_skip)
	if [ -n "$why" ]; then report "## pktgen_exhaust: skipped: $why"; return; fi
	report "## pktgen_exhaust: delay 1 ms, pool 1024, pktgen one way at 10 % of 10 Gb/s (1.488 Mpps asked), $runs runs of $secs s" \
		"##   scripts/loadtest.sh -t $secs -p 2 -S 10000 -r 10 -m delay -- --nb-cores=1 --burst=32 --total-num-mbufs=1024 --delay-us=1000 --idle=P | --no-wait" \
		"##   (ebbflow $(git -C "$EBB_ROOT" log -1 --format='%h %cd' --date=format:'%Y-%m-%d %H:%M' 2>/dev/null))"
	for r in $(seq 1 "$runs"); do
		for side in pause sleep nowait; do
			case "$side" in nowait) extra=--no-wait ;; *) extra=--idle=$side ;; esac
			log=$work/pe-$side-$r.log
			EBB_FWD_BIN=$EBB "$EBB_ROOT/scripts/loadtest.sh" -t "$secs" -p 2 -S 10000 -r 10 -m delay -f ebbflow \
				-- --nb-cores=1 --burst=32 --total-num-mbufs=1024 --delay-us=1000 "$extra" > "$log" 2>&1 || true
			report "pktgen_exhaust.run $r $side $(awk '$1 == "loadtest.result" { ok = $2 }
				$1 == "loadtest.peer.sent" { s = $2 } $1 == "loadtest.lost" { l = $2 }
				$1 == "loadtest.peer.tx_pps" { t = $2 } $1 == "loadtest.fwd.tx_pps" { f = $2 }
				$1 == "loadtest.fwd.cpu_pct" { c = $2 } $1 == "loadtest.fwd.window_dropped" { w = $2 }
				$1 == "loadtest.fwd.window_rx" { x = $2 }
				END { printf "%s sent %d lost %d (%.4f %%) window: received %d dropped %d (%.4f %%w) pktgen_tx %.3f Mpps forwarded %.3f Mpps cpu %s %%",
					ok, s, l, (s > 0 ? 100 * l / s : 0), x, w, (x > 0 ? 100 * w / x : 0), t / 1e6, f / 1e6, c }' "$log")"
		done
	done
	for side in pause sleep nowait; do
		report "pktgen_exhaust.$side.median lost_pct $(grep "^pktgen_exhaust.run [0-9]* $side " "$out" | sed 's/.*(\([0-9.]*\) %).*/\1/' | median) window_dropped_pct $(grep "^pktgen_exhaust.run [0-9]* $side " "$out" | sed 's/.*(\([0-9.]*\) %w).*/\1/' | median) forwarded_mpps $(grep "^pktgen_exhaust.run [0-9]* $side " "$out" | sed 's/.*forwarded \([0-9.]*\) Mpps.*/\1/' | median) cpu_pct $(grep "^pktgen_exhaust.run [0-9]* $side " "$out" | sed 's/.*cpu \([0-9.]*\) %.*/\1/' | median)"
	done
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
