#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_responder.sh: a real Linux client pings and arpings ebbflow's port address.
# Description: in a network namespace, ebbflow's port is a net_tap port moved into the
# namespace (EBB_RESP_DEV=af_packet: one end of a veth pair, net_af_packet) and the client's
# address is on the other end, both in 198.18.0.0/15. After `set port 0 ip 198.18.0.1/24`,
# `ping -c 5` and `arping -c 3` from the namespace are all answered, `show responder`
# counts what the client sent, telemetry /ebbflow/responders agrees, `set port 0 ip none`
# stops the answers, the program exits 0 and the pool audit passes. Second run: a port
# with two RX queues on two lcores (net_af_packet qpairs=2, address from --port-ip): pings
# from 16 client addresses are all answered, those of queue 1 through the applet's ring. Waits are bounded polls
# with generous bounds (sanitizer builds, a loaded machine); no timing is asserted.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
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
it_log "single queue over $dev: ping and arping answered, counters match"

# ---- two RX queues on two lcores: every queue's control frames are answered ----
# A veth end as a net_af_packet port with qpairs=2 (--rxq 2): the kernel spreads what
# arrives over the two queues by flow hash, queue 1 polled by lcore 2 while the applet
# runs on lcore 1 (queue 0's). 16 client addresses (16 flows) ping; frames of queue 1
# reach the applet through its ring (From-other-lcores); every echo must be answered.
# The address comes from --port-ip. Both queues' frames count in the totals.
mq_out=$IT_TMP/mq.out
mq_flows=16
ap_veth "$ns" ebbq$$ ebbr$$
for i in $(seq 2 $((mq_flows + 1))); do
	ip -n "$ns" addr add "198.18.2.$i/24" dev ebbr$$ || it_fail "cannot address ebbr$$"
done
# shellcheck disable=SC2046
it_spawn mq 240 "$mq_out" ip netns exec "$ns" "$BIN" --lcores '0@0,1@1,2@0' \
	$(it_eal "$(it_prefix mq)") --vdev "net_af_packet0,iface=ebbq$$,qpairs=2" \
	-- -i --forward-mode=rxonly --rxq=2 --txq=2 --port-ip 0,198.18.2.1/24
it_send mq "start" "show config fwd"
ap_started mq "$mq_out"
grep -q "Port 0: address 198.18.2.1/24" "$mq_out" ||
	{ it_show "$mq_out"; it_fail "--port-ip 0,198.18.2.1/24 not applied"; }
grep -q "RX P=0/Q=1" "$mq_out" || { it_show "$mq_out"; it_fail "no stream for RX queue 1"; }
pids=()
for i in $(seq 2 $((mq_flows + 1))); do
	ip netns exec "$ns" timeout 60 ping -c 2 -i 0.2 -W 10 -I "198.18.2.$i" 198.18.2.1 \
		> "$IT_TMP/mqping$i.out" 2>&1 &
	pids+=($!)
done
lost=0
for i in "${!pids[@]}"; do
	wait "${pids[$i]}" || lost=$((lost + 1))
done
grep -h "packet loss" "$IT_TMP"/mqping*.out | sort | uniq -c
[ "$lost" -eq 0 ] || { it_show "$mq_out"; it_fail "two queues: $lost of $mq_flows pings lost echoes"; }
mq_counted() {
	[ "$(ap_resp "$mq_out" 0 ICMP-replies)" = $((mq_flows * 2)) ] &&
		[ -n "$(ap_resp "$mq_out" 0 From-other-lcores)" ]
}
ap_poll mq 30 mq_counted "show responder"
it_send mq "stop" "show responder" "quit"
it_close mq
it_wait mq
[ "$IT_RC" -eq 0 ] || { it_show "$mq_out" 40; it_fail "two queues: ebbflow exited with $IT_RC"; }
it_audit "$mq_out" || exit 1
mq_req=$(ap_resp "$mq_out" 0 ICMP-requests)
mq_rep=$(ap_resp "$mq_out" 0 ICMP-replies)
mq_other=$(ap_resp "$mq_out" 0 From-other-lcores)
it_log "two queues: ICMP $mq_req/$mq_rep, from the other lcore $mq_other," \
	"ring full $(ap_resp "$mq_out" 0 Ring-full), stale $(ap_resp "$mq_out" 0 Stale)"
[ "$mq_req" = $((mq_flows * 2)) ] && [ "$mq_rep" = "$mq_req" ] ||
	{ it_show "$mq_out" 40; it_fail "two queues: ICMP-requests/replies $mq_req/$mq_rep"; }
# 16 flows all hashed to queue 0: one chance in 32768
[ "$(ap_num "$mq_other")" -gt 0 ] ||
	{ it_show "$mq_out" 40; it_fail "two queues: nothing came through queue 1's lcore"; }
[ "$(ap_resp "$mq_out" 0 Ring-full)" = 0 ] || it_fail "two queues: the ring was full"
it_pass "ping and arping answered over $dev; two RX queues: $mq_req echoes answered," \
	"$mq_other control frames through the other lcore"
