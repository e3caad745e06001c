#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fault_vhost.sh: kill -9 of the vhost-user peer mid-traffic; the peer comes back.
# Description: ebbflow is the vhost-user server (net_vhost0, port 0, paired with
# net_null0, port 1) and has a third port (net_null1, port 2) forwarding to itself. A
# dpdk-testpmd peer (virtio_user, txonly) sends into port 0. kill -9 of the peer: ebbflow
# sees the link down (`show port info 0`: Link status down, a link-down event), port 0
# receives nothing more, port 2 keeps forwarding, ebbflow keeps running. A new peer
# connects to the same socket: the link is up again (a link-up event) and port 0 receives
# again. The link-down event stops the RX queues that receive from port 0 or send to it
# (`show port stats`: stopped), the link-up event lets them go on. Then both quit: ebbflow exits 0, its counters add up, the pool audit passes. The
# killed peer's hugepage files are removed at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow
it_need_huge 900
command -v dpdk-testpmd > /dev/null || it_skip "dpdk-testpmd not installed (package dpdk-dev)"
[ "$(nproc)" -ge 2 ] || it_skip "needs 2 CPUs (one busy lcore each)"

sock=$IT_TMP/vhost0.sock
epfx=$(it_prefix ebb)
eout=$IT_TMP/ebbflow.out

# ebbflow: main lcore 0 on CPU 0, forwarding lcore 1 on CPU 1; the vhost-user server
# shellcheck disable=SC2046
it_spawn ebb 120 "$eout" "$BIN" -l 0,1 $(it_eal "$epfx" huge) \
	--vdev "net_vhost0,iface=$sock,queues=1" --vdev net_null0 --vdev net_null1 \
	-- -i --forward-mode=io
it_wait_for 30 test -S "$sock" || { it_show "$eout"; it_fail "ebbflow did not create $sock"; }
it_send ebb start

# peer_start N: a testpmd txonly peer on the socket; its sending lcore on CPU 0
peer_start() {
	PPFX=$(it_prefix "peer$1")
	POUT=$IT_TMP/peer$1.out
	it_spawn "peer$1" 60 "$POUT" dpdk-testpmd --lcores '0@1,1@0' --no-pci \
		--file-prefix "$PPFX" --socket-mem 256 --single-file-segments \
		--vdev "virtio_user0,path=$sock,queues=1" -- -i --forward-mode=txonly \
		--total-num-mbufs=8192
	it_send "peer$1" start
}

# link_of FIELD: ask ebbflow for `show port info 0`, print the last value of FIELD
link_of() {
	it_send ebb "show port info 0"
	sleep 0.5
	grep "^$1" "$eout" | tail -1
}
# snap: one `show port stats all` (snapshots are counted by exhaust_lib.sh)
snap() {
	it_send ebb "show port stats all"
	sleep 0.5
}
SNAPS=0
snap_n() { snap; SNAPS=$((SNAPS + 1)); }

# link_wait STATE: ask until port 0's link is STATE (up|down), 15 s at most
link_wait() {
	for _ in $(seq 30); do
		l=$(link_of "Link status")
		[ "$l" = "Link status: $1" ] && return 0
	done
	return 1
}

peer_start 1
link_wait up
sleep 1
l=$(link_of "Link status")
it_log "peer 1 connected: $l"
[ "$l" = "Link status: up" ] || { it_show "$eout"; it_fail "port 0 link not up with the peer"; }
snap_n
s_up=$SNAPS

# kill -9 mid-traffic: testpmd itself, the child of its `timeout`
tp=$(pgrep -P "${IT_PID[peer1]}" | head -1)
[ -n "$tp" ] || it_fail "no dpdk-testpmd process under ${IT_PID[peer1]}"
kill -KILL "$tp"
wait "${IT_PID[peer1]}" 2>/dev/null
it_log "peer 1 (pid $tp) exit status through timeout: $? (137 = killed)"
it_close peer1
rm -f "$IT_HUGE_MNT/$PPFX"* 2>/dev/null
rm -rf "/var/run/dpdk/$PPFX" 2>/dev/null
it_log "peer 1 killed (-9), its hugepage files removed"
link_wait down
l=$(link_of "Link status")
ev=$(link_of "Link events")
it_log "after the kill: $l; $ev"
[ "$l" = "Link status: down" ] || { it_show "$eout"; it_fail "port 0 link not down after the peer died"; }
echo "$ev" | awk '{ exit !($5 >= 1) }' || it_fail "no link-down event counted ($ev)"
snap_n
s_k1=$SNAPS
sleep 1.5
snap_n
s_k2=$SNAPS
a=$(ex_rx "$eout" "$s_k1" 0)
b=$(ex_rx "$eout" "$s_k2" 0)
[ -n "$a" ] && [ "$a" = "$b" ] || it_fail "port 0 received with its peer dead ($a -> $b)"
a=$(ex_rx "$eout" "$s_k1" 2)
b=$(ex_rx "$eout" "$s_k2" 2)
it_log "port 2 while the peer was dead: RX-packets $a -> $b"
ex_ge "$b" $((a + 1000)) "port 2 stopped forwarding while port 0's peer was dead"
kill -0 "${IT_PID[ebb]}" 2>/dev/null || it_fail "ebbflow died with its peer"
# the link-down event stopped the queues that receive from port 0 or send to it (port 1's
# stream sends to port 0); port 2's own stream goes on
st="$(ex_q "$eout" "$s_k2" 0 0 state) $(ex_q "$eout" "$s_k2" 1 0 state) $(ex_q "$eout" "$s_k2" 2 0 state)"
it_log "RX queues of ports 0 1 2 while the peer was dead: $st"
case "$st" in
"stopped stopped "*) [ "${st##* }" != stopped ] || it_fail "port 2's queue stopped too ($st)" ;;
*) it_fail "link down: the queues of ports 0 and 1 are not stopped ($st)" ;;
esac

# the peer comes back on the same socket
peer_start 2
link_wait up
sleep 1
l=$(link_of "Link status")
ev=$(link_of "Link events")
it_log "peer 2 connected: $l; $ev"
[ "$l" = "Link status: up" ] || { it_show "$eout"; it_fail "port 0 link not up again"; }
echo "$ev" | awk '{ exit !($3 >= 2) }' || it_fail "no second link-up event counted ($ev)"
snap_n
s_r1=$SNAPS
sleep 1.5
snap_n
s_r2=$SNAPS
a=$(ex_rx "$eout" "$s_r1" 0)
b=$(ex_rx "$eout" "$s_r2" 0)
it_log "port 0 with the new peer: RX-packets $a -> $b"
ex_ge "$b" $((a + 1000)) "port 0 does not receive from the reconnected peer"
st="$(ex_q "$eout" "$s_r2" 0 0 state) $(ex_q "$eout" "$s_r2" 1 0 state)"
it_log "RX queues of ports 0 1 with the new peer: $st"
case "$st" in *stopped*) it_fail "link up: a queue of port 0 or 1 is still stopped ($st)" ;; esac
a=$(ex_rx "$eout" "$s_up" 0)
[ -n "$a" ] && [ "$a" -gt 0 ] || it_fail "port 0 received nothing from the first peer"

it_send peer2 stop
sleep 1
it_send ebb stop
sleep 1
it_send peer2 quit
it_close peer2
it_wait peer2
prc=$IT_RC
it_send ebb quit
it_close ebb
it_wait ebb
erc=$IT_RC
[ "$prc" -eq 0 ] || { it_show "$POUT"; it_fail "the second peer exited with $prc"; }
[ "$erc" -eq 0 ] || { it_show "$eout" 60; it_fail "ebbflow exited with $erc"; }
it_check_fwd "$eout" || exit 1
it_audit "$eout" || exit 1
it_pass "peer killed: link down seen, other ports forwarded; peer back: link up, traffic again"
