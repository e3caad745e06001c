#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fault_stall.sh: one port's TX stalled for 10 s (set port 1 tx-rate 0) then released.
# Description: four net_null ports (pairs 0<->1, 2<->3) on two forwarding lcores sharing
# one pool. Port 1's TX rate goes to 0 for 10 s: nothing leaves port 1, the stream that
# sends to it holds its backlog and stops receiving (port 0's queue "held"); with the
# default pool, ports 2 and 3 keep forwarding all along. Released (tx-rate off): port 1
# sends again and port 0 receives again. Second run with a 1024-mbuf pool, which the
# stalled backlog drains: the other pair pauses for buffers too, and everything recovers
# after the release. Each run: exit 0, counters add up, the pool audit passes.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

cat > "$IT_TMP/stall.cmds" <<'CMDS'
start
sleep 1
set port 1 tx-rate 0
sleep 0.5
show port stats all
sleep 10
show port stats all
set port 1 tx-rate off
sleep 1.5
show port stats all
stop
quit
CMDS

# tx_of OUT SNAP PORT: TX-packets of PORT in snapshot SNAP
tx_of() {
	awk -v snap="$2" -v port="$3" '
		/NIC statistics for port/ { p = $(NF - 1) + 0; if (p == 0) n++; next }
		n == snap && p == port && /TX-packets:/ { print $2; exit }' "$1"
}

# stall_run TAG OPTS...
stall_run() {
	local tag=$1 pfx out rc a b st
	shift
	pfx=$(it_prefix "$tag")
	out=$IT_TMP/$tag.out
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$out" "$IT_TMP/stall.cmds" "$BIN" --lcores '0@0,1@1,2@1' \
		$(it_eal "$pfx") --vdev net_null0 --vdev net_null1 --vdev net_null2 \
		--vdev net_null3 -- -i --forward-mode=io "$@")
	[ "$rc" -eq 0 ] || it_show "$out" 60
	it_check_rc "$rc" "$tag"
	a=$(tx_of "$out" 1 1)
	b=$(tx_of "$out" 2 1)
	it_log "$tag: port 1 TX-packets during the 10 s stall: $a -> $b"
	[ -n "$a" ] && [ "$a" = "$b" ] || it_fail "$tag: port 1 sent while its TX rate was 0"
	st=$(ex_q "$out" 2 0 0 state)
	it_log "$tag: port 0 queue during the stall: $st"
	case "$st" in held | paused) ;; *) it_fail "$tag: port 0 queue $st during the stall" ;; esac
	CHECK_OUT=$out
	# released: port 1 sends, port 0 receives
	a=$(tx_of "$out" 2 1)
	b=$(tx_of "$out" 3 1)
	ex_ge "$b" $((a + 1000)) "$tag: port 1 does not send after the release"
	for p in 0 2 3; do
		a=$(ex_rx "$out" 2 "$p")
		b=$(ex_rx "$out" 3 "$p")
		it_log "$tag: port $p after the release: RX-packets $a -> $b"
		ex_ge "$b" $((a + 1000)) "$tag: port $p did not recover after the release"
	done
	it_check_fwd "$out" || exit 1
	it_audit "$out" || exit 1
}

stall_run stall
for p in 2 3; do
	a=$(ex_rx "$CHECK_OUT" 1 "$p")
	b=$(ex_rx "$CHECK_OUT" 2 "$p")
	it_log "stall: port $p while port 1 was stalled: RX-packets $a -> $b"
	ex_ge "$b" $((a + 100000)) "stall: port $p stopped while port 1 was stalled"
done
stall_run tiny --total-num-mbufs=1024
p2=$(ex_q "$CHECK_OUT" 2 2 0 pauses)
it_log "tiny: port 2 pauses for buffers by the end of the stall: $p2"
ex_ge "$p2" 1 "tiny: the stalled backlog did not exhaust the pool (port 2 never paused)"
it_pass "TX stalled 10 s: nothing sent, others forward (or wait); released: all recover"
