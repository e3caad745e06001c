#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_probe_peer.sh: two ebbflow ports on a wire health-check each other: UP, DOWN, UP.
# Description: ports 0 and 1 are the two ends of a veth pair (net_af_packet) in a network
# namespace, each on its own forwarding lcore, so that a port's probes leave through the
# other lcore's TX queue (the control TX ring). Each port has an address and probes the
# other (interval 200 ms, timeout 150 ms, rise 2, fall 3): both become UP. `set port 1 ip
# none` silences port 1: port 0's probe goes DOWN after 3 timeouts in a row and no sooner.
# The address back: UP after 2 answers. The program exits 0 and the pool audit passes.
# Robust to slow builds and a loaded machine: waits are bounded polls that start once
# forwarding runs, and the counts a transition needs are measured from values read
# before the change (a late `show` can only make them larger).
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_applet.sh"

ap_need_tools
ns=ebbctl$$
pfx=$(it_prefix peer)
out=$IT_TMP/peer.out
ap_netns "$ns"
ap_veth "$ns" ebba$$ ebbb$$

# shellcheck disable=SC2046
it_spawn ebb 240 "$out" ip netns exec "$ns" "$BIN" --lcores '0@0,1@1,2@0' $(it_eal "$pfx") \
	--vdev "net_af_packet0,iface=ebba$$" --vdev "net_af_packet1,iface=ebbb$$" \
	-- -i --forward-mode=rxonly
it_send ebb "set port 0 ip 198.18.1.1/24" "set port 1 ip 198.18.1.2/24" \
	"set probe port 0 dst 198.18.1.2 interval 200 timeout 150 rise 2 fall 3" \
	"set probe port 1 dst 198.18.1.1 interval 200 timeout 150 rise 2 fall 3" \
	"start" "show config fwd" "show responder"
ap_started ebb "$out"
ap_wait_probe ebb "$out" 0 State UP 45 || { it_show "$out" 40; it_fail "port 0's peer never UP"; }
ap_wait_probe ebb "$out" 1 State UP 45 || { it_show "$out" 40; it_fail "port 1's peer never UP"; }
grep -q "Lcore: 1" "$out" && grep -q "Lcore: 2" "$out" ||
	it_log "note: the two ports are not on two lcores (the ring path is not exercised)"
it_log "both UP; silencing port 1"

# the count before the change: every timeout that made DOWN comes after it
t0=$(ap_probe "$out" 0 Timeouts)
it_send ebb "set port 1 ip none"
ap_wait_probe ebb "$out" 0 State DOWN 45 || { it_show "$out" 40; it_fail "port 0's peer never DOWN"; }
t1=$(ap_probe "$out" 0 Timeouts)
it_log "DOWN after $((t1 - t0)) more timeouts (the show may lag a probe)"
[ $((t1 - t0)) -ge 3 ] || { it_show "$out" 40; it_fail "DOWN after $((t1 - t0)) timeouts, fall is 3"; }

r0=$(ap_probe "$out" 0 Replies)
it_send ebb "set port 1 ip 198.18.1.2/24"
ap_wait_probe ebb "$out" 0 State UP 45 || { it_show "$out" 40; it_fail "port 0's peer never UP again"; }
r1=$(ap_probe "$out" 0 Replies)
it_log "UP again after $((r1 - r0)) more replies"
[ $((r1 - r0)) -ge 2 ] || { it_show "$out" 40; it_fail "UP after $((r1 - r0)) replies, rise is 2"; }
tr=$(ap_probe "$out" 0 Transitions)
[ "$tr" -ge 3 ] || it_fail "port 0's probe made $tr transitions, expected UNKNOWN>UP>DOWN>UP"

it_send ebb "stop" "show probe" "set probe port 0 off" "set probe port 1 off" "quit"
it_close ebb
it_wait ebb
[ "$IT_RC" -eq 0 ] || { it_show "$out" 40; it_fail "ebbflow exited with $IT_RC"; }
it_audit "$out" || exit 1
ap_check_slots "$out" 0
ap_check_slots "$out" 1
it_pass "UP, DOWN after fall, UP after rise"
