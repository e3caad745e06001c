#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_probe_exhaust.sh: probes and responders under full data-path exhaustion, with and without the reserve.
# Description: four ports share one tiny pool (--total-num-mbufs 2048) in `delay` mode: two
# net_null ports fill the delay FIFOs and keep the pool empty; two net_af_packet ports on a
# veth pair (in a network namespace) probe each other every 20 ms and answer each other's
# probes. With the default reserve the probes never wait for a buffer, are sent, answered
# (the responders answer from the reserve too) and the peers are UP. With --reserve 0 the
# probes wait and give up (gave_up grows), nothing hangs: `stop` and `quit` return, the
# program exits 0, and in both runs the pool audit passes. No timing is asserted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_applet.sh"

ap_need_tools
ns=ebbctl$$
ap_netns "$ns"
ap_veth "$ns" ebba$$ ebbb$$

run_case() { # TAG RESERVE: a run of 4 s; its output in $IT_TMP/TAG.out
	local tag=$1 out=$IT_TMP/$1.out
	# shellcheck disable=SC2046
	it_spawn "$tag" 90 "$out" ip netns exec "$ns" "$BIN" -l 0,1 $(it_eal "$(it_prefix "$tag")") \
		--vdev "net_af_packet0,iface=ebba$$" --vdev "net_af_packet1,iface=ebbb$$" \
		--vdev net_null2 --vdev net_null3 \
		-- -i --forward-mode=delay --total-num-mbufs=2048 --reserve="$2"
	it_send "$tag" "set port 0 ip 198.18.3.1/24" "set port 1 ip 198.18.3.2/24" \
		"set probe port 0 dst 198.18.3.2 interval 20 timeout 10 rise 2 fall 3" \
		"set probe port 1 dst 198.18.3.1 interval 20 timeout 10 rise 2 fall 3" "start"
	sleep 4
	it_send "$tag" "show pool" "show probe" "show responder"
	sleep 1
	it_send "$tag" "stop" "quit"
	it_close "$tag"
	it_wait "$tag"
	[ "$IT_RC" -eq 0 ] || { it_show "$out" 40; it_fail "$tag: ebbflow exited with $IT_RC"; }
	# `show pool` lines ("pool NAME: socket ...") are not audit lines
	grep -v ': socket [0-9-]*, size' "$out" > "$out.audit"
	it_audit "$out.audit" || exit 1
	grep -qE "failed dequeues [1-9]" "$out" ||
		{ it_show "$out" 40; it_fail "$tag: the pool was never exhausted"; }
	for p in 0 1; do
		it_log "$tag port $p: sent $(ap_probe "$out" $p Sent) replies $(ap_probe "$out" $p Replies)" \
			"waited $(ap_probe "$out" $p Waited) gave_up $(ap_probe "$out" $p Gave-up)" \
			"skipped $(ap_probe "$out" $p Skipped) state $(ap_probe "$out" $p State)" \
			"lateness $(ap_probe "$out" $p Lateness-us) $(awk '/Lateness-us/ {l = $0} END {sub(/.*Lateness-us: /, "", l); print l}' "$out")"
	done
}

run_case reserve 32
out=$IT_TMP/reserve.out
for p in 0 1; do
	[ "$(ap_probe "$out" $p Waited)" = 0 ] ||
		{ it_show "$out" 40; it_fail "reserve: port $p's probe waited for buffers"; }
	[ "$(ap_probe "$out" $p Sent)" -gt 10 ] || { it_show "$out" 40; it_fail "reserve: port $p sent few probes"; }
	[ "$(ap_probe "$out" $p Replies)" -gt 0 ] || { it_show "$out" 40; it_fail "reserve: port $p's probes unanswered"; }
	[ "$(ap_resp "$out" $p Waited)" = 0 ] ||
		{ it_show "$out" 40; it_fail "reserve: port $p's responder waited for buffers"; }
done
[ "$(ap_resp "$out" 0 ARP-replies)" -gt 0 ] || [ "$(ap_resp "$out" 0 ICMP-replies)" -gt 0 ] ||
	{ it_show "$out" 40; it_fail "reserve: port 0's responder answered nothing"; }

run_case noreserve 0
out=$IT_TMP/noreserve.out
w=0 g=0
for p in 0 1; do
	w=$((w + $(ap_probe "$out" $p Waited)))
	g=$((g + $(ap_probe "$out" $p Gave-up)))
done
[ "$w" -gt 0 ] || { it_show "$out" 40; it_fail "no reserve: the probes never waited"; }
[ "$g" -gt 0 ] || { it_show "$out" 40; it_fail "no reserve: no probe gave up"; }
it_pass "reserve: probes sent and answered without waiting; none: waited $w, gave up $g, no hang"
