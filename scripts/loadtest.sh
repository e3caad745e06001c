#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# loadtest.sh: load ebbflow's vhost-user port from a second DPDK process over virtio_user.
#   scripts/loadtest.sh [-t SECS] [-m MODE] [-s SIZE] [-- ebbflow options]
#   PKTGEN=/path/to/pktgen scripts/loadtest.sh     load with pktgen-dpdk instead of testpmd
# ebbflow (lcores 0,1: forwarding on CPU 1) serves net_vhost0 on /tmp/ebb-vhost0.sock; the
# peer (its sending lcore on CPU 0) is dpdk-testpmd --forward-mode=txonly, or pktgen when
# PKTGEN names its binary. Runs SECS seconds (default 10), then prints both sides' counts.
set -euo pipefail
. "$(dirname "$0")/common.sh"

secs=10 mode=io size=64
while [ $# -gt 0 ]; do
	case "$1" in
	-t) secs=$2; shift ;;
	-m) mode=$2; shift ;;
	-s) size=$2; shift ;;
	-h|--help) sed -n '4,8p' "$0" | sed 's/^# *//'; exit 0 ;;
	--) shift; break ;;
	*) ebb_say "unknown option '$1'"; exit 2 ;;
	esac
	shift
done

if ebb_need_build; then "$EBB_ROOT/scripts/setup.sh"; fi
[ "$(id -u)" -ne 0 ] || ebb_huge_ok 600 || "$EBB_ROOT/scripts/hugepages.sh" || true
ebb_huge_ok 600 || ebb_die "vhost-user needs hugepages shared by both processes: 600 MiB free needed, $(ebb_huge_free_mb) MiB free (run scripts/hugepages.sh as root)"
ebb=$(ebb_binary ebbflow)
[ -n "$ebb" ] || ebb_die "ebbflow is not built"
if [ -n "${PKTGEN:-}" ]; then
	[ -x "$PKTGEN" ] || ebb_die "PKTGEN=$PKTGEN is not an executable"
	peer_name=pktgen
else
	command -v dpdk-testpmd >/dev/null || ebb_die "dpdk-testpmd not found (package dpdk-dev)"
	peer_name=testpmd
fi

sock=/tmp/ebb-vhost0.sock
epfx=ebb_load_ebbflow peer_pfx=ebb_load_peer
work=$(mktemp -d /tmp/ebb_load.XXXXXX)
eout=$work/ebbflow.out pout=$work/peer.out
epid="" ppid=""
cleanup() {
	[ -z "$ppid" ] || kill "$ppid" 2>/dev/null || true
	[ -z "$epid" ] || kill "$epid" 2>/dev/null || true
	wait 2>/dev/null || true
	ebb_cleanup_prefix "$epfx"
	ebb_cleanup_prefix "$peer_pfx"
	rm -f "$sock"
	echo "logs: $work"
}
trap cleanup EXIT
trap '' PIPE
send() { printf '%s\n' "$2" >&"$1" 2>/dev/null || true; }
wait_log() {  # FILE REGEX SECS
	local n=$(($3 * 10))
	while [ "$n" -gt 0 ]; do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.1; n=$((n - 1)); done
	return 1
}
rm -f "$sock"

# ebbflow: the vhost-user server; main lcore on CPU 0, forwarding lcore on CPU 1
mkfifo "$work/ebb.in"
timeout -k 5 $((secs + 120)) stdbuf -oL "$ebb" -l 0,1 --no-pci --file-prefix "$epfx" \
	--socket-mem 256 --vdev "net_vhost0,iface=$sock,queues=1" \
	-- -i --forward-mode="$mode" "$@" < "$work/ebb.in" > "$eout" 2>&1 &
epid=$!
exec {efd}> "$work/ebb.in"
wait_log "$eout" 'ebbflow>' 30 || { tail -n 20 "$eout"; ebb_die "ebbflow did not come up"; }
[ -S "$sock" ] || { tail -n 20 "$eout"; ebb_die "ebbflow made no $sock"; }
send "$efd" start

# the peer: virtio_user client, sharing its hugepage memory in one file per segment list;
# its main lcore on CPU 1 (mostly asleep), its sending lcore on CPU 0
peer_eal=(--lcores '0@1,1@0' --no-pci --file-prefix "$peer_pfx" --socket-mem 256
	--single-file-segments --vdev "virtio_user0,path=$sock,queues=1")
echo "loadtest: ebbflow $mode <- $peer_name over vhost-user, ${size}-byte frames, $secs s"
if [ "$peer_name" = pktgen ]; then
	# pktgen runs a command file: 100% rate on port 0 for SECS seconds, then quits
	cat > "$work/load.pkt" <<EOF
set 0 size $size
set 0 rate 100
start 0
sleep $secs
stop 0
sleep 1
quit
EOF
	timeout -k 5 $((secs + 90)) "$PKTGEN" "${peer_eal[@]}" -- -P -m "1.0" -f "$work/load.pkt" \
		< /dev/null > "$pout" 2>&1 &
	ppid=$!
	prc=0
	wait "$ppid" || prc=$?
	ppid=""
else
	mkfifo "$work/peer.in"
	timeout -k 5 $((secs + 90)) stdbuf -oL dpdk-testpmd "${peer_eal[@]}" \
		-- -i --forward-mode=txonly --txpkts="$size" --total-num-mbufs=8192 \
		< "$work/peer.in" > "$pout" 2>&1 &
	ppid=$!
	exec {pfd}> "$work/peer.in"
	send "$pfd" start
	wait_log "$pout" 'packet forwarding - ports' 30 || true
	send "$efd" "show port stats all"
	sleep "$secs"
	send "$efd" "show port stats all"
	send "$pfd" stop
fi
# ebbflow drains what the peer left in the vring, then stops counting
sleep 2
send "$efd" stop
wait_log "$eout" 'Accumulated forward statistics|Forward statistics for port' 10 || true
if [ "$peer_name" = testpmd ]; then
	send "$pfd" quit
	exec {pfd}>&-
	prc=0
	wait "$ppid" || prc=$?
	ppid=""
fi
send "$efd" quit
exec {efd}>&-
erc=0
wait "$epid" || erc=$?
epid=""

fwd() {  # LOG FIELD: value of FIELD in the last forward statistics block of LOG
	awk -v f="$2:" '/[Ff]orward statistics/ { blk = 1; next } /^ *[+-]+ *$/ { blk = 0 }
		blk { for (i = 1; i < NF; i++) if ($i == f) v = $(i + 1) } END { print v + 0 }' "$1"
}
echo
echo "== $peer_name (exit $prc)"
if [ "$peer_name" = testpmd ]; then
	echo "TX-packets $(fwd "$pout" TX-packets)  TX-dropped $(fwd "$pout" TX-dropped) (vring full)  RX-packets $(fwd "$pout" RX-packets)"
else
	tail -n 15 "$pout"
fi
echo "== ebbflow (exit $erc)"
echo "RX-packets $(fwd "$eout" RX-packets)  TX-packets $(fwd "$eout" TX-packets)  TX-dropped $(fwd "$eout" TX-dropped)"
awk '/Rx-pps:/ { r = $2 } /Tx-pps:/ { t = $2 } END { if (r != "") printf "Rx-pps %d  Tx-pps %d (over the run)\n", r, t }' "$eout"
grep -E '^ *pool ' "$eout" | tail -n 4
