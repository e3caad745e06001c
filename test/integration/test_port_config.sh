#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_port_config.sh: port config all rxq|txq|rxd|txd at the prompt, fitted to the pools.
# Description: (1) four net_null ports, --no-huge, a pool of 300 mbufs: with the ports
# stopped, rxq 3 (12 RX queues, 384 mbufs for one refill each) is refused with the pool's
# one line naming the size that fits and ebbflow's line, the ports keep rxq 1; rxq 2 is
# taken at once: start forwards on 8 streams (show config fwd), every port's counts add up,
# audit exact. (2) on hugepages, a virtio_user port (its TX ring keeps what it sent) against
# a dpdk-testpmd vhost-user peer, a pool of 3072: txd 4096 gives exactly one line saying
# the TX ring was shrunk to what the pool backs; txd 1024 again gives none; then the peer
# sends (flowgen), ebbflow forwards, and the audit at quit is exact. Part (2) skips, saying
# why, without hugepages or dpdk-testpmd.
. "$(dirname "$0")/lib.sh"

it_is_testpmd && it_skip "ebbflow's queue reconfiguration and its pool audit are checked here"

# ---------------------------------------------------------------- 1. net_null, rxq
cat > "$IT_TMP/null.cmds" <<CMDS
port stop all
port config all txq 4
port config all rxq 3
show config fwd
port config all rxq 2
port start all
start
sleep 1
stop
quit
CMDS
out=$IT_TMP/null.out
# shellcheck disable=SC2046
rc=$(it_session 90 "$out" "$IT_TMP/null.cmds" "$BIN" -l 0,1 $(it_eal "$(it_prefix null)") \
	--vdev net_null0 --vdev net_null1 --vdev net_null2 --vdev net_null3 -- -i \
	--total-num-mbufs=300)
it_check_rc "$rc" "net_null session"
grep -q "^ebbflow: pool ebb_pool_0: 300 mbufs cannot serve one refill of 32 per RX queue (12 queues): --total-num-mbufs must be at least 384$" "$out" ||
	{ it_show "$out" 60; it_fail "rxq 3: no line naming the pool size that fits"; }
grep -q "^port config all rxq 3: the pools cannot serve those queues (see the line above); the ports keep rxq 1 txq 4$" "$out" ||
	{ it_show "$out" 60; it_fail "rxq 3: not refused"; }
n=$(grep -c "packet forwarding - ports=4 - cores=1 - streams=4 -" "$out")
[ "$n" -eq 1 ] || it_fail "after the refusal show config fwd does not show 4 streams (rxq 1)"
grep -q "packet forwarding - ports=4 - cores=1 - streams=8 -" "$out" ||
	{ it_show "$out" 60; it_fail "rxq 2: start does not forward on 8 streams"; }
grep -q "RX P=3/Q=1 (socket 0) -> TX P=2/Q=1" "$out" || it_fail "rxq 2: no stream on queue 1"
it_check_fwd "$out"
it_audit "$out"
it_log "ok   net_null: rxq 3 refused (pool of 300 < 384), rxq 2 forwards on 8 streams"

# ---------------------------------------------------------------- 2. virtio_user, txd
if ! command -v dpdk-testpmd > /dev/null; then
	it_pass "part 1 only (part 2: dpdk-testpmd not installed)"
fi
if [ "$(it_huge_free_mb)" -lt 640 ]; then
	it_pass "part 1 only (part 2: needs 640 MiB of free hugepages)"
fi
sock=$IT_TMP/vhost0.sock
eout=$IT_TMP/ebbflow.out
pout=$IT_TMP/peer.out
it_spawn peer 120 "$pout" dpdk-testpmd --lcores '0@1,1@0' --no-pci \
	--file-prefix "$(it_prefix peer)" --socket-mem 256 \
	--vdev "net_vhost0,iface=$sock,queues=1" -- -i --forward-mode=flowgen \
	--total-num-mbufs=8192
it_wait_for 30 test -S "$sock" || { it_show "$pout"; it_fail "the peer did not create $sock"; }
# shellcheck disable=SC2046
it_spawn ebb 120 "$eout" "$BIN" -l 0,1 $(it_eal "$(it_prefix ebb)" huge) \
	--single-file-segments --vdev "virtio_user0,path=$sock,queues=1,queue_size=1024" -- -i \
	--total-num-mbufs=3072 --rxd=1024 --txd=1024
it_wait_for 30 grep -q "^ebbflow> " "$eout" || { it_show "$eout"; it_fail "ebbflow did not start"; }
shrunk() { grep -c "backs no larger rings" "$eout"; }
[ "$(shrunk)" -eq 0 ] || { it_show "$eout"; it_fail "rings shrunk at init already"; }
it_send ebb "port stop all" "port config all txd 4096" "show config rxtx"
it_wait_for 20 grep -q "TX desc=" "$eout" || { it_show "$eout"; it_fail "no answer to show config rxtx"; }
line=$(grep "backs no larger rings" "$eout")
[ "$(shrunk)" -eq 1 ] || { it_show "$eout"; it_fail "txd 4096: $(shrunk) lines about shrunk rings (want 1)"; }
txd=$(sed -n 's/^ebbflow: port 0: rxd 1024 txd \([0-9]*\) (asked 1024 \/ 4096): pool ebb_pool_0 of 3072 mbufs backs no larger rings.*/\1/p' <<<"$line")
[ -n "$txd" ] && [ "$txd" -lt 4096 ] && [ "$txd" -gt 0 ] || it_fail "txd 4096: unexpected line '$line'"
it_send ebb "port config all txd 1024" "show port summary all"
it_wait_for 20 grep -q "Number of available ports" "$eout" || { it_show "$eout"; it_fail "no answer to show port summary"; }
[ "$(shrunk)" -eq 1 ] || { it_show "$eout"; it_fail "txd 1024: the rings were shrunk again"; }
it_send ebb "port start all" start
it_send peer start
sleep 2
it_send peer stop quit
it_close peer
it_send ebb quit
it_close ebb
it_wait ebb
it_check_rc "$IT_RC" "ebbflow (virtio_user)"
it_wait peer
it_check_fwd "$eout"
it_audit "$eout"
it_pass "rxq refused and taken on net_null; txd 4096 shrunk to $txd on virtio_user (one line), 1024 as asked"
