#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_vhost.sh: ebbflow on a net_vhost port fed by dpdk-testpmd txonly over virtio_user.
# Description: two processes, each with its busy lcore on its own CPU, share hugepage
# memory through vhost-user. The peer sends for a few seconds and stops; ebbflow keeps
# polling until the vring is drained and only then stops. What the peer's TX counted is
# exactly what it put in the vring (unsent packets are its TX-dropped), and ebbflow
# receives every one of those: peer TX-packets == ebbflow RX-packets, exactly. Then
# ebbflow's own accounting (TX + TX-dropped == RX) and the pool audit.
. "$(dirname "$0")/lib.sh"

it_need_huge 640
command -v dpdk-testpmd >/dev/null || it_skip "dpdk-testpmd not installed (package dpdk-dev)"
[ "$(nproc)" -ge 2 ] || it_skip "needs 2 CPUs (one busy lcore each)"

sock=$IT_TMP/vhost0.sock
epfx=$(it_prefix ebb)
ppfx=$(it_prefix peer)
eout=$IT_TMP/ebbflow.out
pout=$IT_TMP/peer.out

# ebbflow: main lcore 0 on CPU 0, forwarding lcore 1 on CPU 1; the vhost-user server
# shellcheck disable=SC2046
it_spawn ebb 90 "$eout" "$BIN" -l 0,1 $(it_eal "$epfx" huge) \
	--vdev "net_vhost0,iface=$sock,queues=1" -- -i --forward-mode=io $(it_app_extra)
it_wait_for 30 test -S "$sock" || { it_show "$eout"; it_fail "ebbflow did not create $sock"; }
it_send ebb start

# the peer: main lcore on CPU 1, its sending lcore on CPU 0 (not ebbflow's)
it_spawn peer 90 "$pout" dpdk-testpmd --lcores '0@1,1@0' --no-pci --file-prefix "$ppfx" \
	--socket-mem 256 --single-file-segments \
	--vdev "virtio_user0,path=$sock,queues=1" -- -i --forward-mode=txonly \
	--total-num-mbufs=8192
it_send peer start
it_wait_for 30 grep -q 'Press enter\|testpmd> start' "$pout" || true
sleep 3
it_send peer stop
# ebbflow drains what the peer left in the vring before it stops counting
sleep 2
it_send ebb stop
sleep 1
it_send peer quit
it_close peer
it_wait peer
prc=$IT_RC
it_send ebb quit
it_close ebb
it_wait ebb
erc=$IT_RC

[ "$prc" -eq 0 ] || { it_show "$pout"; it_fail "dpdk-testpmd (peer) exited with $prc"; }
[ "$erc" -eq 0 ] || { it_show "$eout"; it_fail "$(basename "$BIN") exited with $erc"; }

ptx=$(it_fwd_stat "$pout" TX-packets)
ptxd=$(it_fwd_stat "$pout" TX-dropped)
erx=$(it_fwd_stat "$eout" RX-packets)
[ -n "$ptx" ] || { it_show "$pout"; it_fail "no TX-packets in the peer's forward stats"; }
[ -n "$erx" ] || { it_show "$eout"; it_fail "no RX-packets in ebbflow's forward stats"; }
it_log "peer TX-packets $ptx (TX-dropped ${ptxd:-?}), ebbflow RX-packets $erx"
[ "$ptx" -gt 0 ] || { it_show "$pout"; it_fail "the peer sent nothing (vhost-user link never up?)"; }
[ "$erx" -eq "$ptx" ] ||
	it_fail "ebbflow received $erx packets, the peer put $ptx in the vring ($((ptx - erx)) lost)"
it_check_fwd "$eout"
it_audit "$eout" || exit 1
it_pass "vhost-user: $erx packets, both sides agree"
