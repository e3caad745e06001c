#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_responder.sh: a real Linux client pings and arpings ebbflow's port address.
# Description: in a network namespace, ebbflow's port is a net_tap port moved into the
# namespace (EBB_RESP_DEV=af_packet: one end of a veth pair, net_af_packet) and the client's
# address is on the other end, both in 198.18.0.0/15. After `set port 0 ip 198.18.0.1/24`,
# `ping -c 5` and `arping -c 3` from the namespace are all answered, `show responder`
# counts what the client sent, telemetry /ebbflow/responders agrees, `set port 0 ip none`
# stops the answers, the program exits 0 and the pool audit passes. Waits are bounded polls
# with generous bounds (sanitizer builds, a loaded machine); no timing is asserted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_applet.sh"

ap_need_tools ping arping
dev=${EBB_RESP_DEV:-tap}
ns=ebbctl$$
pfx=$(it_prefix resp)
out=$IT_TMP/resp.out
ap_netns "$ns"

if [ "$dev" = tap ]; then
	cif=ebbtap$$
	vdev="net_tap0,iface=$cif"
	run=()
else
	# both veth ends in the namespace: ebbflow runs there and binds one of them
	cif=ebbc$$
	ap_veth "$ns" ebbp$$ "$cif"
	vdev="net_af_packet0,iface=ebbp$$"
	run=(ip netns exec "$ns")
fi

# shellcheck disable=SC2046
it_spawn ebb 240 "$out" "${run[@]}" "$BIN" -l 0,1 $(it_eal "$pfx") --vdev "$vdev" \
	-- -i --forward-mode=rxonly
it_send ebb "set port 0 ip 198.18.0.1/24" "start"
if [ "$dev" = tap ]; then
	it_wait_for 60 ip link show "$cif" > /dev/null 2>&1 || it_fail "no tap interface $cif"
	# not before the port has started: net_tap starts it by name, in this namespace
	ap_started ebb "$out"
	ip link set "$cif" netns "$ns" || it_fail "cannot move $cif into $ns"
	ip -n "$ns" link set "$cif" up
fi
ip -n "$ns" addr add 198.18.0.2/24 dev "$cif" || it_fail "cannot address $cif"
it_wait_for 60 grep -q "Port 0: address 198.18.0.1/24" "$out" ||
	{ it_show "$out"; it_fail "set port 0 ip refused"; }
ap_started ebb "$out"
sleep 1

ip netns exec "$ns" timeout 60 ping -c 5 -i 0.2 -W 10 198.18.0.1 > "$IT_TMP/ping.out" 2>&1
prc=$?
cat "$IT_TMP/ping.out"
[ "$prc" -eq 0 ] && grep -q " 0% packet loss" "$IT_TMP/ping.out" ||
	{ it_show "$out"; it_fail "ping: not every echo answered"; }
ip netns exec "$ns" timeout 60 arping -c 3 -w 30 -I "$cif" 198.18.0.1 > "$IT_TMP/arping.out" 2>&1
arc=$?
cat "$IT_TMP/arping.out"
[ "$arc" -eq 0 ] && grep -qE "3 packets transmitted, 3 packets received|Received 3 response" \
	"$IT_TMP/arping.out" || { it_show "$out"; it_fail "arping: not every request answered"; }

# what the client sent: 5 echo requests, arping's 3 ARP requests and the kernel's own
# resolution before the first ping (0 or 1 or more), every one answered
resp_counted() {
	local req rep
	[ "$(ap_resp "$out" 0 ICMP-requests)" = 5 ] && [ "$(ap_resp "$out" 0 ICMP-replies)" = 5 ] ||
		return 1
	req=$(ap_num "$(ap_resp "$out" 0 ARP-requests)")
	rep=$(ap_num "$(ap_resp "$out" 0 ARP-replies)")
	[ "$req" -ge 3 ] && [ "$rep" = "$req" ]
}
ap_poll ebb 30 resp_counted "show responder"
icmp_req=$(ap_resp "$out" 0 ICMP-requests)
icmp_rep=$(ap_resp "$out" 0 ICMP-replies)
arp_req=$(ap_resp "$out" 0 ARP-requests)
arp_rep=$(ap_resp "$out" 0 ARP-replies)
it_log "responder: ICMP $icmp_req/$icmp_rep ARP $arp_req/$arp_rep"
[ "$icmp_req" = 5 ] && [ "$icmp_rep" = 5 ] ||
	{ it_show "$out"; it_fail "ICMP-requests/replies $icmp_req/$icmp_rep, ping sent 5"; }
[ "$arp_req" -ge 3 ] && [ "$arp_rep" = "$arp_req" ] ||
	{ it_show "$out"; it_fail "ARP-requests/replies $arp_req/$arp_rep, arping sent 3"; }

if command -v dpdk-telemetry.py > /dev/null; then
	tel=$(echo "/ebbflow/responders,0" | timeout 60 dpdk-telemetry.py -f "$pfx" 2>/dev/null |
		tr -d ' \n')
	it_log "telemetry: $tel"
	echo "$tel" | grep -q '"icmp_replies":5' || it_fail "telemetry /ebbflow/responders,0: $tel"
else
	it_log "dpdk-telemetry.py not installed: telemetry not checked"
fi

# no address: no answers, and nothing the client sends is counted as ours
it_send ebb "set port 0 ip none"
it_wait_for 60 grep -q "Port 0: no address" "$out" ||
	{ it_show "$out"; it_fail "set port 0 ip none refused"; }
ip netns exec "$ns" timeout 30 ping -c 2 -i 0.2 -W 1 198.18.0.1 > "$IT_TMP/ping2.out" 2>&1 &&
	{ cat "$IT_TMP/ping2.out"; it_fail "answers after set port 0 ip none"; }
it_send ebb "show responder" "stop" "quit"
it_close ebb
it_wait ebb
[ "$(ap_resp "$out" 0 ICMP-replies)" = 5 ] || it_fail "echo replies after ip none"
[ "$IT_RC" -eq 0 ] || { it_show "$out" 40; it_fail "ebbflow exited with $IT_RC"; }
it_audit "$out" || exit 1
it_pass "ping and arping answered over $dev; counters match"
