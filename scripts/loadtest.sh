#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# loadtest.sh: load a forwarder's vhost-user ports from a second DPDK process over virtio_user.
#   scripts/loadtest.sh [-t SECS] [-m MODE] [-s SIZE] [-p PORTS] [-b] [-r RATE] [-f FWD]
#                       [-w SECS] [-k] [-- forwarder options]
#   -t SECS   length of the measured window (default 10), after the first forwarded packet
#             and 1 s of warm-up; the rates are counter deltas over this window
#   -m MODE   the forwarder's --forward-mode (default io)
#   -s SIZE   frame size in bytes that the peer sends (default 64)
#   -p PORTS  vhost-user ports, 1 or 2 (default 1: the forwarder sends back on the port it
#             received on; 2: port 0 <-> port 1, the peer receives on the other port)
#   -b        bidirectional: the peer sends on every port (default: on port 0 only; the
#             testpmd peer always sends on every port)
#   -r RATE   pktgen's send rate, percent of its link (default 100; a decimal, e.g. 0.5);
#             testpmd: unused
#   -S MBPS   the peer's link speed (virtio_user speed=, default 100000): pktgen's 100 %
#   -f FWD    the forwarder: ebbflow (default) or testpmd (dpdk-testpmd io, same topology)
#   -w SECS   give up when nothing is forwarded SECS s after the peer started (default 30)
#   -k        keep the logs (their directory is printed; default: removed unless it failed)
#   -- ...    options for the forwarder's application part (e.g. --no-wait, --idle=sleep,
#             --total-num-mbufs=N); testpmd as forwarder gets --total-num-mbufs=8192 unless given
#   EBB_FWD_BIN=PATH  the forwarder's program (default: build/app/ebbflow/ebbflow, or
#             dpdk-testpmd with -f testpmd)
#   PKTGEN=/path/to/pktgen  the peer is that pktgen-dpdk binary (run under a pseudo-terminal,
#             util-linux script); without it the peer is dpdk-testpmd --forward-mode=flowgen
# Both processes' counters are read from their DPDK telemetry sockets (dpdk-telemetry.py -f
# PREFIX, ethdev stats), not from their screens. Prints Rx-pps and Tx-pps of every port of both
# sides and "loadtest.KEY VALUE" lines; exits 1 when a side failed or nothing was forwarded.
# CPUs: the forwarder's main lcore on CPU 0 and its forwarding lcore on CPU 1; the peer's
# sending lcore on CPU 0, its other spinning threads (main, pktgen's timer) SCHED_IDLE on CPU 1.
set -euo pipefail
. "$(dirname "$0")/common.sh"

secs=10 mode=io size=64 nports=1 bidir=0 rate=100 speed=100000 fwd=ebbflow wait_fwd=30 keep=0
usage() { sed -n '4,30p' "$0" | sed 's/^# \{0,1\}//'; }
num() { [[ "$2" =~ ^[0-9]+$ ]] || { ebb_say "$1 wants a number, got '$2'"; exit 2; }; }
while [ $# -gt 0 ]; do
	case "$1" in
	-t|-m|-s|-p|-r|-S|-f|-w) [ $# -ge 2 ] || { ebb_say "$1 needs a value"; exit 2; } ;;
	esac
	case "$1" in
	-t) num "$1" "$2"; secs=$2; shift ;;
	-m) mode=$2; shift ;;
	-s) num "$1" "$2"; size=$2; shift ;;
	-p) nports=$2; shift ;;
	-b) bidir=1 ;;
	-r) [[ "$2" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { ebb_say "-r wants a percentage, got '$2'"; exit 2; }
	    rate=$2; shift ;;
	-S) num "$1" "$2"; speed=$2; shift ;;
	-f) fwd=$2; shift ;;
	-w) num "$1" "$2"; wait_fwd=$2; shift ;;
	-k) keep=1 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) ebb_say "unknown option '$1' (see -h)"; exit 2 ;;
	esac
	shift
done
case "$nports" in 1|2) ;; *) ebb_say "-p wants 1 or 2 ports, got '$nports'"; exit 2 ;; esac
case "$fwd" in ebbflow|testpmd) ;; *) ebb_say "-f wants ebbflow or testpmd, got '$fwd'"; exit 2 ;; esac
[ "$secs" -ge 1 ] || { ebb_say "-t wants at least 1 s"; exit 2; }
if [ "$size" -lt 60 ] || [ "$size" -gt 1518 ]; then ebb_say "-s wants 60..1518 bytes, got $size"; exit 2; fi
if awk -v r="$rate" 'BEGIN { exit !(r <= 0 || r > 100) }'; then ebb_say "-r wants a percentage in (0, 100], got $rate"; exit 2; fi
if [ "$speed" -lt 10 ]; then ebb_say "-S wants at least 10 Mb/s, got $speed"; exit 2; fi
[ "$(nproc)" -ge 2 ] || ebb_die "needs 2 CPUs (the forwarder and the peer each have a busy lcore)"

if [ -n "${PKTGEN:-}" ]; then
	{ [ -f "$PKTGEN" ] && [ -x "$PKTGEN" ]; } || ebb_die "PKTGEN=$PKTGEN is not an executable file"
	command -v script >/dev/null || ebb_die "util-linux 'script' not found (pktgen needs a terminal; package bsdutils)"
	peer=pktgen
else
	peer=testpmd
fi
command -v chrt >/dev/null || ebb_die "chrt not found (package util-linux)"
command -v dpdk-telemetry.py >/dev/null || ebb_die "dpdk-telemetry.py not found (package dpdk-dev)"
if [ "$peer" = testpmd ] || [ "$fwd" = testpmd ]; then
	command -v dpdk-testpmd >/dev/null || ebb_die "dpdk-testpmd not found (package dpdk-dev)"
fi
if [ -n "${EBB_FWD_BIN:-}" ]; then
	fbin=$EBB_FWD_BIN   # the integration tests name the program they test
	[ -x "$fbin" ] || ebb_die "EBB_FWD_BIN=$fbin is not an executable"
elif [ "$fwd" = ebbflow ]; then
	if ebb_need_build; then "$EBB_ROOT/scripts/setup.sh"; fi
	fbin=$(ebb_binary ebbflow)
	[ -n "$fbin" ] || ebb_die "ebbflow is not built"
else
	fbin=$(command -v dpdk-testpmd)
fi
[ "$peer" = testpmd ] && [ "$nports" -eq 2 ] && bidir=1

# Hugepages, checked before anything starts: both processes share theirs over vhost-user.
# The forwarder runs in 256 MiB; pktgen-dpdk 23.06 allocates about 1.25 GiB per port
# (its six pools per port), dpdk-testpmd as peer 256 MiB.
fwd_mb=256
if [ "$peer" = pktgen ]; then peer_mb=$((1280 * nports)); else peer_mb=256; fi
need_mb=$((fwd_mb + peer_mb))
if ! ebb_huge_ok "$need_mb" && [ "$(id -u)" -eq 0 ]; then
	have=$(cat /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages 2>/dev/null || echo 0)
	short=$((need_mb - $(ebb_huge_free_mb)))
	"$EBB_ROOT/scripts/hugepages.sh" $((have + (short + 1) / 2)) >&2 || true
fi
if ! ebb_huge_ok "$need_mb"; then
	free_mb=$(ebb_huge_free_mb)
	ebb_die "hugepages short by $((need_mb - free_mb)) MiB: $peer needs $peer_mb MiB ($nports port(s)) + $fwd $fwd_mb MiB = $need_mb MiB, $free_mb MiB free (as root: scripts/hugepages.sh $(( (need_mb - free_mb + 1) / 2 + $(cat /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages 2>/dev/null || echo 0) ))$([ "$nports" -eq 2 ] && echo ', or -p 1'))"
fi

work=$(mktemp -d /tmp/ebb_load.XXXXXX)
sock=$work/vhost
fpfx=ebb_load_fwd_$$ ppfx=ebb_load_peer_$$
fout=$work/forwarder.out pout=$work/peer.out
fpid="" ppid="" ffd="" pfd="" failed=0 c0="" c1=""
tq_pid_f="" tq_pid_p="" tq_in_f="" tq_in_p="" tq_out_f="" tq_out_p=""
cleanup() {
	local p
	for p in $tq_pid_f $tq_pid_p $ppid $fpid; do kill -TERM "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	ebb_cleanup_prefix "$fpfx"
	ebb_cleanup_prefix "$ppfx"
	rm -f "$sock"[0-9].sock
	if [ "$keep" -eq 1 ] || [ "$failed" -ne 0 ]; then echo "logs: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap '' PIPE
# send FD LINE END: LINE and END (\n, or \r for a terminal) to a side's input
send() {
	local fd=$1
	[ -z "$fd" ] || { printf "%s$3" "$2" 1>&"$fd"; } 2>/dev/null || true
}
wait_for() {  # SECS CMD...: poll CMD every $step s (0.1) until it succeeds, for SECS s at most
	local end=$((SECONDS + $1))
	shift
	while :; do
		"$@" && return 0
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep "${step:-0.1}"
	done
}
# plain LOG: a log without terminal escapes (pktgen's screen)
plain() { sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[78()][0-9A-Z]\{0,1\}//g' "$1" | tr -d '\r'; }
fail() { failed=1; ebb_say "$*"; }
alive() { kill -0 "$1" 2>/dev/null; }

# Kept telemetry clients, one per process (tq_open once its socket is up): a read is a
# write of the queries and one answer line read per query, where a dpdk-telemetry.py per
# read costs a python start (tens of ms of CPU on one of the two busy CPUs, which the
# forwarder or the peer then lacks: at window edges that alone dropped frames).
tq_open() {  # SIDE PREFIX (SIDE: f the forwarder, p the peer)
	local f=$work/tq-$1 ifd ofd
	mkfifo "$f.in" "$f.out" || return 0
	python3 -u "$(command -v dpdk-telemetry.py)" -f "$2" < "$f.in" > "$f.out" 2>/dev/null &
	eval "tq_pid_$1=$!"
	exec {ifd}> "$f.in" {ofd}< "$f.out"
	eval "tq_in_$1=$ifd tq_out_$1=$ofd"
}
tq_close() {  # SIDE
	local ifd ofd
	eval "ifd=\${tq_in_$1:-} ofd=\${tq_out_$1:-}"
	[ -z "$ifd" ] || exec {ifd}>&-
	[ -z "$ofd" ] || exec {ofd}<&-
	eval "tq_in_$1='' tq_out_$1=''"
}
# tq SIDE QUERY...: the answers, one line each; false (and the client closed) when it
# is not open or does not answer within 15 s
tq() {
	local side=$1 ifd ofd pid line out=""
	shift
	eval "ifd=\${tq_in_$side:-} ofd=\${tq_out_$side:-} pid=\${tq_pid_$side:-}"
	[ -n "$ifd" ] && alive "$pid" || return 1
	{ printf '%s\n' "$@" >&"$ifd"; } 2>/dev/null || { tq_close "$side"; return 1; }
	for _ in "$@"; do
		IFS= read -r -t 15 -u "$ofd" line || { tq_close "$side"; return 1; }
		out+=$line$'\n'
	done
	printf '%s' "$out"
}
# tel PREFIX QUERY...: that process's answers, through its kept client when it has one,
# else a one-shot dpdk-telemetry.py
tel() {
	local pfx=$1 side=""
	shift
	[ "$pfx" = "$fpfx" ] && side=f
	[ "$pfx" = "$ppfx" ] && side=p
	[ -n "$side" ] && tq "$side" "$@" && return 0
	printf '%s\n' "$@" | timeout 15 dpdk-telemetry.py -f "$pfx" 2>/dev/null
}
# tele PREFIX: one line "TIME_NS ipk0 opk0 miss0 nombuf0 oerr0 [ipk1 ...] DROP" from the
# process's telemetry (ethdev stats of each port; DROP: the sum of ebbflow's per-lcore
# tx_dropped, /ebbflow/lcores, when the process is ebbflow, else -); nothing when it does
# not answer
tele() {
	local t0 t1 out="" p _ lc=""
	[ "$1" = "$fpfx" ] && [ "$fwd" = ebbflow ] && lc=/ebbflow/lcores
	# a loaded machine may take seconds to answer: up to 3 tries
	for _ in 1 2 3; do
		t0=$(date +%s%N)
		out=$(tel "$1" $(for ((p = 0; p < nports; p++)); do echo "/ethdev/stats,$p"; done) $lc) ||
			out=""
		t1=$(date +%s%N)
		[ "$(grep -c '"/ethdev/stats"' <<<"$out")" -eq "$nports" ] && break
		out=""
	done
	[ -n "$out" ] || return 0
	awk -v t=$(((t0 + t1) / 2)) -v n="$nports" '
		/"\/ethdev\/stats"/ {
			for (k = 1; k <= 5; k++) v[k] = ""
			split("ipackets opackets imissed rx_nombuf oerrors", f, " ")
			for (k = 1; k <= 5; k++)
				if (match($0, "\"" f[k] "\": [0-9]+")) v[k] = substr($0, RSTART + length(f[k]) + 4, RLENGTH - length(f[k]) - 4)
			if (v[1] == "" || v[2] == "") exit
			s = s " " v[1] " " v[2] " " (v[3] + 0) " " (v[4] + 0) " " (v[5] + 0); got++
		}
		/"\/ebbflow\/lcores"/ && match($0, "\"tx_dropped\": \\[[0-9, ]*\\]") {
			k = split(substr($0, RSTART + 15, RLENGTH - 16), a, ", *"); d = 0
			for (i = 1; i <= k; i++) d += a[i]
			drop = d
		}
		END { if (got == n) print t s " " (drop == "" ? "-" : drop) }' <<<"$out"
}
# cpu_ticks PID: "TIME_NS TICKS": user + system clock ticks of every thread of PID so far
cpu_ticks() {
	[ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 0
	echo "$(date +%s%N) $(sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }')"
}
# links_up PREFIX: every port of that process has its link up (telemetry)
links_up() {
	local n
	n=$(tel "$1" $(for ((p = 0; p < nports; p++)); do echo "/ethdev/link_status,$p"; done) |
		grep -c '"UP"') || n=0
	[ "$n" -eq "$nports" ]
}
# sock_up PREFIX: the process's telemetry socket exists
sock_up() { [ -S "$EBB_RUNDIR/$1/dpdk_telemetry.v2" ]; }
# fwd_moved: the forwarder has sent something
fwd_moved() {
	local s
	s=$(tele "$fpfx")
	[ -n "$s" ] && awk '{ for (i = 3; i <= NF; i += 5) if ($i > 0) ok = 1 } END { exit !ok }' <<<"$s"
}
# the forwarder: vhost-user server, main lcore on CPU 0, forwarding lcore on CPU 1
vdevs=() cvdevs=()
for ((p = 0; p < nports; p++)); do
	vdevs+=(--vdev "net_vhost$p,iface=$sock$p.sock,queues=1")
	cvdevs+=(--vdev "virtio_user$p,path=$sock$p.sock,queues=1,queue_size=1024,speed=$speed")
done
fapp=(-i --forward-mode="$mode")
if [ "$fwd" = testpmd ]; then
	fapp+=(--nb-cores=1)
	[[ " $* " == *" --total-num-mbufs"* ]] || fapp+=(--total-num-mbufs=8192)
fi
mkfifo "$work/fwd.in"
timeout -k 5 $((secs + wait_fwd + 120)) stdbuf -oL "$fbin" -l 0,1 --no-pci --file-prefix "$fpfx" \
	--socket-mem "$fwd_mb" "${vdevs[@]}" -- "${fapp[@]}" "$@" < "$work/fwd.in" > "$fout" 2>&1 &
fpid=$!
exec {ffd}> "$work/fwd.in"
wait_for 30 test -S "${sock}0.sock" || { plain "$fout" | tail -n 20; fail "$fwd did not come up (no ${sock}0.sock)"; exit 1; }
send "$ffd" start '\n'

# the peer: virtio_user client sharing its hugepages one file per segment list; main
# lcore 0 on CPU 1 (with the forwarding lcore: SCHED_IDLE once up), sending lcore 1 on CPU 0
peer_eal=(--lcores '0@1,1@0' --no-pci --file-prefix "$ppfx" --socket-mem 256
	--single-file-segments "${cvdevs[@]}")
what="one way (peer port 0)"
[ "$bidir" -eq 1 ] && what="bidirectional"
[ "$nports" -eq 1 ] && what="one port, back to the sender"
echo "loadtest: $fwd $mode forwarding for $peer over $nports vhost-user port(s), $what, ${size}-byte frames, $secs s"
mkfifo "$work/peer.in"
if [ "$peer" = pktgen ]; then
	if [ "$nports" -eq 1 ]; then map=1.0; else map="1.[0-1]"; fi
	if [ "$bidir" -eq 1 ]; then ports=all; else ports=0; fi
	# no "start" here: it is typed once every link is up (below)
	printf '%s\n' "set all size $size" "set all rate $rate" > "$work/load.pkt"
	# pktgen reads its terminal (tcgetattr) before EAL starts: script gives it a pty whose
	# input is our fifo (commands typed later: stop, quit)
	timeout -k 5 $((secs + wait_fwd + 90)) script -qfec "$(printf '%q ' "$PKTGEN" \
		"${peer_eal[@]}" -- -P -m "$map" -f "$work/load.pkt")" /dev/null \
		< "$work/peer.in" > "$pout" 2>&1 &
else
	timeout -k 5 $((secs + wait_fwd + 90)) stdbuf -oL dpdk-testpmd "${peer_eal[@]}" \
		-- -i --forward-mode=flowgen --nb-cores=1 --txpkts="$size" --total-num-mbufs=8192 \
		< "$work/peer.in" > "$pout" 2>&1 &
fi
ppid=$!
exec {pfd}> "$work/peer.in"

up=0 pp=""
peer_up() { sock_up "$ppfx" || ! alive "$ppid"; }
both_up() { { links_up "$fpfx" && links_up "$ppfx"; } || ! alive "$ppid"; }
if wait_for 60 peer_up && alive "$ppid"; then
	sock_up "$fpfx" && tq_open f "$fpfx"
	tq_open p "$ppfx"
	# the peer sends once every link of both sides is up: a frame forwarded to a
	# vhost-user port whose virtio side is still being set up is dropped (TX-dropped,
	# counted as lost: 2-4 k frames at start-up, seen with pktgen at 23 kpps)
	wait_for 30 both_up || ebb_say "note: links not all up after 30 s; starting anyway"
	if [ "$peer" = testpmd ]; then send "$pfd" start '\n'; else send "$pfd" "start $ports" '\r'; fi
	pp=$(ebb_dpdk_pid "$ppid" "$ppfx")
	moved() { fwd_moved || ! alive "$ppid"; }
	# pktgen ran its "start" maybe with the links still down, and then sends nothing:
	# start again every 10 s until something moves
	end=$((SECONDS + wait_fwd)) ok=1
	# polled every 0.5 s: each telemetry read is a python start, CPU taken from the two
	# busy lcores while the traffic ramps up
	until step=0.5 wait_for 10 moved; do
		[ "$SECONDS" -lt "$end" ] || { ok=0; break; }
		[ "$peer" = testpmd ] || send "$pfd" "start $ports" '\r'
	done
	if [ "$ok" -eq 1 ] && alive "$ppid"; then
		up=1
		# pktgen starts a timer thread late: set the threads again before the window
		[ -z "$pp" ] || ebb_sched "$pp" idle > /dev/null
		sleep 1
		n=0
		[ -z "$pp" ] || n=$(ebb_sched "$pp" idle)
		if [ "$n" -ge 1 ]; then echo "peer pid $pp: $n thread(s) SCHED_IDLE, its lcore worker(s) not"
		else ebb_say "note: could not set the peer's threads SCHED_IDLE (pid ${pp:-not found})"; fi
		fp=$(ebb_dpdk_pid "$fpid" "$fpfx")
		c0=$(cpu_ticks "$fp") f0=$(tele "$fpfx") p0=$(tele "$ppfx")
		sleep "$secs"
		f1=$(tele "$fpfx") p1=$(tele "$ppfx") c1=$(cpu_ticks "$fp")
	fi
fi
[ -z "$pp" ] || ebb_sched "$pp" other > /dev/null
# stop the peer, let the forwarder drain the vrings (and its delay FIFOs), read the peer's
# totals (what it sent and got back over the whole run), then quit both
if [ "$peer" = pktgen ]; then send "$pfd" "stop all" '\r'; else send "$pfd" stop '\n'; fi
sleep 1
pz=""
[ "$up" -ne 1 ] || pz=$(tele "$ppfx")
tq_close p
tq_close f
if [ "$peer" = pktgen ]; then send "$pfd" quit '\r'; else send "$pfd" quit '\n'; fi
gone() { ! alive "$ppid"; }
wait_for 20 gone || true
exec {pfd}>&-
prc=0
wait "$ppid" || prc=$?
ppid=""
sleep 1
send "$ffd" stop '\n'
wait_for 10 grep -qE 'Accumulated forward statistics|Forward statistics for port' "$fout" || true
send "$ffd" quit '\n'
exec {ffd}>&-
frc=0
wait "$fpid" || frc=$?
fpid=""

# rates over the window, per port and side
rates() {  # BEFORE AFTER: "port ipps opps imissed nombuf oerr" per port, from the deltas
	awk -v n="$nports" 'NR == 1 { split($0, a, " ") } NR == 2 { split($0, b, " ") }
	END { dt = (b[1] - a[1]) / 1e9; if (dt <= 0) exit
		for (p = 0; p < n; p++) { o = 2 + 5 * p
			printf "%d %.0f %.0f %d %d %d\n", p, (b[o] - a[o]) / dt, (b[o + 1] - a[o + 1]) / dt,
				b[o + 2] - a[o + 2], b[o + 3] - a[o + 3], b[o + 4] - a[o + 4] } }' <<<"$1
$2"
}
show() {  # NAME BEFORE AFTER KEY: per-port lines and "loadtest.KEY.* sums"
	local r
	r=$(rates "$2" "$3")
	[ -n "$r" ] || { echo "  no counters (telemetry did not answer)"; return; }
	awk -v k="$4" '{ printf "  port %d  Rx-pps %10d  Tx-pps %10d  missed %d  rx_nombuf %d  oerrors %d\n", $1, $2, $3, $4, $5, $6
		rx += $2; tx += $3; miss += $4 }
		END { printf "  all     Rx-pps %10d  Tx-pps %10d\n", rx, tx
		      printf "loadtest.%s.rx_pps %d\nloadtest.%s.tx_pps %d\nloadtest.%s.imissed %d\n", k, rx, k, tx, k, miss }' <<<"$r"
}
echo
echo "== peer $peer (exit $prc)"
if [ "$peer" = pktgen ]; then
	awk -v r="$rate" -v l="$speed" -v z="$size" -v n="$([ "$bidir" -eq 1 ] && echo "$nports" || echo 1)" 'BEGIN {
		o = r / 100 * l * 1e6 / ((z + 20) * 8) * n
		printf "  asked for %s %% of %d Mb/s on %d port(s): %.0f pps\nloadtest.peer.offered_pps %.0f\n", r, l, n, o, o }'
fi
if [ "$up" -eq 1 ]; then show "$peer" "$p0" "$p1" peer; fi
if [ -n "$pz" ]; then
	awk '{ for (i = 2; i < NF; i += 5) { rx += $i; tx += $(i + 1) } }
	END { printf "  whole run: sent %d, received back %d, lost %d\nloadtest.peer.sent %d\nloadtest.peer.received %d\nloadtest.lost %d\n", tx, rx, tx - rx, tx, rx, tx - rx }' <<<"$pz"
fi
echo "== forwarder $fwd (exit $frc)"
if [ "$up" -eq 1 ]; then
	show "$fwd" "$f0" "$f1" fwd
	# what the forwarder itself dropped in the window: ebbflow's TX-dropped (per lcore)
	# and every port's imissed; exact, where the peer's sent - received over the window
	# is off by what was in flight at either end (rx_nombuf is not a loss: the frame
	# stays in the ring until a refill succeeds)
	if [ -n "$f0" ] && [ -n "$f1" ] && [ "${f0##* }" != - ] && [ "${f1##* }" != - ]; then
		rates "$f0" "$f1" | awk -v d=$((${f1##* } - ${f0##* })) '{ d += $4 }
			END { printf "  dropped by the forwarder in the window: %d\nloadtest.fwd.window_dropped %d\n", d, d }'
		awk -v n="$nports" 'NR == 1 { split($0, a, " ") } NR == 2 { split($0, b, " ") }
			END { for (p = 0; p < n; p++) r += b[2 + 5 * p] - a[2 + 5 * p]
			      printf "loadtest.fwd.window_rx %d\n", r }' <<<"$f0
$f1"
	fi
	if [ -n "${c0:-}" ] && [ -n "${c1:-}" ]; then
		awk -v hz="$(getconf CLK_TCK)" -v a="$c0" -v b="$c1" 'BEGIN { split(a, x, " "); split(b, y, " ")
			c = (y[2] - x[2]) / hz / ((y[1] - x[1]) / 1e9) * 100
			printf "  CPU %.0f %% of one CPU over the window (all its threads)\nloadtest.fwd.cpu_pct %.1f\n", c, c }'
	fi
fi
awk -v f="RX-packets:" -v g="TX-packets:" -v h="TX-dropped:" '
	/Accumulated forward statistics/ { acc = 1; next } acc && /RX-packets:/ { r = $2; d = $4 }
	acc && /TX-packets:/ { t = $2; x = $4; acc = 0 }
	END { if (r != "") printf "  whole run: RX-packets %d  TX-packets %d  TX-dropped %d\n", r, t, x }' "$fout"
grep -E '^ *pool [^ ]+: [0-9]+/[0-9]+ mbufs returned' "$fout" | tail -n 4 || true

[ "$prc" -eq 0 ] || { plain "$pout" | grep -v '^ *$' | head -n 30 | tail -n 15; fail "the peer ($peer) exited with status $prc"; }
[ "$frc" -eq 0 ] || { plain "$fout" | tail -n 15; fail "the forwarder ($fwd) exited with status $frc"; }
if [ "$up" -ne 1 ]; then
	sock_up "$ppfx" 2>/dev/null || true
	plain "$pout" | grep -v '^ *$' | head -n 40 | tail -n 20
	fail "nothing forwarded within $wait_fwd s of the peer's start (peer up: $([ -n "${pp:-}" ] && echo yes || echo no))"
elif [ -z "$f0" ] || [ -z "$f1" ] || [ -z "$p0" ] || [ -z "$p1" ]; then
	fail "a side's telemetry did not answer during the window"
else
	fwd_tx=$(rates "$f0" "$f1" | awk '{ s += $3 } END { print s + 0 }')
	[ "$fwd_tx" -gt 0 ] || fail "nothing forwarded in the measured window"
fi
[ "$failed" -eq 0 ] || { echo "loadtest.result FAIL"; exit 1; }
echo "loadtest.result OK"
