#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_loadtest.sh: scripts/loadtest.sh runs and forwards, with the dpdk-testpmd peer.
# Description: the program under test is the forwarder of scripts/loadtest.sh (EBB_FWD_BIN)
# on two vhost-user ports, loaded bidirectionally by a second DPDK process over virtio_user
# for a short window; test_loadtest_pktgen.sh sources this file with pktgen-dpdk as the peer
# (PKTGEN names its binary; skipped without it). Checks: loadtest.sh exits 0 and says OK;
# both sides' telemetry counted packets in the window (forwarder Tx-pps > 0, peer Rx-pps > 0);
# the forwarder's whole-run accounting (TX-packets + TX-dropped == RX-packets, RX > 0); its
# drops in the window (ebbflow: loadtest.fwd.window_dropped) no more than the whole run's; and
# the pool audit that loadtest.sh passes on from the forwarder's exit.
. "$(dirname "$0")/lib.sh"

peer=testpmd
[ "$IT_NAME" = loadtest_pktgen ] && peer=pktgen
root=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(nproc)" -ge 2 ] || it_skip "needs 2 CPUs (one busy lcore per process)"
command -v dpdk-telemetry.py >/dev/null || it_skip "dpdk-telemetry.py not installed (package dpdk-dev)"
if [ "$peer" = pktgen ]; then
	[ -n "${PKTGEN:-}" ] || it_skip "PKTGEN is not set (the path of a pktgen-dpdk binary; pktgen is not packaged in Debian)"
	[ -x "$PKTGEN" ] || it_fail "PKTGEN=$PKTGEN is not an executable"
	command -v script >/dev/null || it_skip "util-linux script not installed (package bsdutils)"
	# pktgen-dpdk 23.06 takes about 1.25 GiB of hugepages per port, the forwarder 256 MiB
	it_need_huge 2816
else
	command -v dpdk-testpmd >/dev/null || it_skip "dpdk-testpmd not installed (package dpdk-dev)"
	it_need_huge 512
	unset PKTGEN
fi
fwd=ebbflow
it_is_testpmd && fwd=testpmd

out=$IT_TMP/loadtest.out
it_log "run: scripts/loadtest.sh -t 2 -p 2 -b -f $fwd (peer $peer)"
EBB_FWD_BIN=$BIN timeout -k 5 120 "$root/scripts/loadtest.sh" -t 2 -p 2 -b -w 40 -f "$fwd" \
	-- $(it_app_extra) > "$out" 2>&1
rc=$?
cat "$out"
[ "$rc" -eq 0 ] || it_fail "loadtest.sh exited with status $rc"
grep -qx 'loadtest.result OK' "$out" || it_fail "loadtest.sh did not say 'loadtest.result OK'"
val() { awk -v k="loadtest.$1" '$1 == k { v = $2 } END { print v + 0 }' "$out"; }
[ "$(val fwd.tx_pps)" -gt 0 ] || it_fail "the forwarder's telemetry counted nothing sent in the window"
[ "$(val peer.rx_pps)" -gt 0 ] || it_fail "the peer's telemetry counted nothing received in the window"
[ "$(val peer.tx_pps)" -gt 0 ] || it_fail "the peer's telemetry counted nothing sent in the window"
read -r rx tx txd < <(awk '/whole run: RX-packets/ { print $4, $6, $8 }' "$out")
[ -n "${rx:-}" ] || it_fail "no whole-run forward statistics of the forwarder"
[ "$rx" -gt 0 ] || it_fail "the forwarder received nothing over the run"
[ $((tx + txd)) -eq "$rx" ] || it_fail "forwarder TX-packets $tx + TX-dropped $txd != RX-packets $rx"
if [ "$fwd" = ebbflow ]; then
	# the forwarder's drops in the window (its TX-dropped from telemetry, the ports'
	# imissed): a part of what it dropped over the whole run
	wd=$(awk '$1 == "loadtest.fwd.window_dropped" { print $2 }' "$out")
	[ -n "$wd" ] || it_fail "no loadtest.fwd.window_dropped line (ebbflow's /ebbflow/lcores telemetry)"
	[ "$wd" -le "$txd" ] || it_fail "dropped in the window ($wd) above the whole run's TX-dropped ($txd)"
	[ "$(val fwd.window_rx)" -gt 0 ] || it_fail "loadtest.fwd.window_rx is 0"
fi
it_audit "$out"
it_pass "peer $peer: forwarder Tx-pps $(val fwd.tx_pps), peer Rx-pps $(val peer.rx_pps)"
