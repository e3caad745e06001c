#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fault_tap.sh: the audit on net_tap, which keeps its RX ring's mbufs while stopped.
# Description: ebbflow on one net_tap port (the tap stays in this network namespace, with
# 198.19.255.2/30 on the kernel side) answers ping at 198.19.255.1. `stop` parks the RX
# queue, so the stop audit counts every mbuf (before, net_tap held 1023 of them);
# `start` sets it up again from the pool and ping is answered again; a second stop audits
# exact; `port stop 0` keeps the port stopped and parked (pool full, start refused) until
# `port start 0`, after which ping is answered again; quit audits after the port is
# closed. Exit 0.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
if it_is_testpmd; then it_skip "ebbflow-only audit"; fi
[ "$(id -u)" -eq 0 ] || it_skip "needs root (tap interface)"
[ -c /dev/net/tun ] || it_skip "no /dev/net/tun"
command -v ping > /dev/null || it_skip "needs ping (iputils-ping)"

pfx=$(it_prefix tap)
out=$IT_TMP/tap.out
tif=ebbft$$
# shellcheck disable=SC2046
it_spawn ebb 60 "$out" "$BIN" -l 0,1 $(it_eal "$pfx") --vdev "net_tap0,iface=$tif" \
	-- -i --forward-mode=rxonly
it_send ebb "set port 0 ip 198.19.255.1/30" "start"
it_wait_for 20 ip link show "$tif" > /dev/null 2>&1 || { it_show "$out"; it_fail "no tap $tif"; }
sysctl -qw "net.ipv6.conf.$tif.disable_ipv6=1" 2>/dev/null
ip link set "$tif" up
ip addr add 198.19.255.2/30 dev "$tif" || it_fail "cannot address $tif"
sleep 1

# pings N: ping the port N times, all answered
pings() {
	ping -c "$1" -i 0.2 -W 2 -I "$tif" 198.19.255.1 > "$IT_TMP/ping.out" 2>&1 &&
		grep -q " 0% packet loss" "$IT_TMP/ping.out"
}
pings 3 || { cat "$IT_TMP/ping.out"; it_show "$out"; it_fail "ping not answered"; }
it_send ebb stop
sleep 1
n=$(grep -c "mbufs returned" "$out")
[ "$n" -ge 1 ] || { it_show "$out"; it_fail "no audit after stop"; }
it_audit "$out" || exit 1
it_log "stop: every mbuf back (RX queue parked)"
it_send ebb start
sleep 1
pings 3 || { cat "$IT_TMP/ping.out"; it_show "$out"; it_fail "ping not answered after restart"; }
it_log "restarted: ping answered"

# port stop 0 (testpmd's command): the port stays stopped and parked, its pool full;
# start is refused until port start 0, which sets its RX queue up from the pool again
it_send ebb stop "port stop 0" "show pool" start
it_wait_for 20 grep -q "Not all ports were started" "$out" ||
	{ it_show "$out"; it_fail "start with port 0 stopped was not refused"; }
inuse=$(grep '^pool ebb_pool_0: socket' "$out" | tail -n 1 | sed -E 's/.*in use ([0-9]+).*/\1/')
[ "$inuse" = 0 ] || { it_show "$out"; it_fail "port 0 stopped: $inuse mbufs in use (want 0)"; }
it_send ebb "port start 0" start
it_wait_for 20 grep -q "^Port 0: " "$out" || { it_show "$out"; it_fail "port start 0 said nothing"; }
sleep 1
pings 3 || { cat "$IT_TMP/ping.out"; it_show "$out"; it_fail "ping not answered after port start"; }
it_log "port stop 0: pool full, start refused; port start 0: ping answered"
it_send ebb stop quit
it_close ebb
it_wait ebb
[ "$IT_RC" -eq 0 ] || { it_show "$out" 40; it_fail "ebbflow exited with $IT_RC"; }
n=$(grep -c "mbufs returned" "$out")
[ "$n" -eq 4 ] || { it_show "$out"; it_fail "$n audit lines, expected 4 (3 stops, quit)"; }
it_audit "$out" || exit 1
it_pass "net_tap: stop, port stop and quit audits exact, restart and port start answer"
