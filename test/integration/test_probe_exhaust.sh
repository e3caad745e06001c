#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_probe_exhaust.sh: probes and responders under full data-path exhaustion, with and without the reserve.
# Description: four ports share one tiny pool (--total-num-mbufs 2048) in `delay` mode: two
# net_null ports fill the delay FIFOs and keep the pool empty; two net_af_packet ports on a
# veth pair (in a network namespace) probe each other every 20 ms and answer each other's
# probes. With the default reserve (5 ms delay) the probes never wait for a buffer and
# never give up for lack of one, are sent and answered (the responders answer from the
# reserve too). With --reserve 0 and a 1 s delay (the pool stays empty far longer than a
# probe's 10 ms timeout, whatever the machine's speed) the probes wait and give up at
# their deadline, nothing hangs. Each case waits for what it must see with a generous
# bound instead of sleeping a fixed time (sanitizer builds, a loaded 2-CPU machine), and
# after `stop` checks from the probes' own counters that every slot of the schedule
# ended in exactly one way (sent, given up, skipped, cancelled); `quit` returns, the
# program exits 0 and the pool audit passes. No timing is asserted.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_applet.sh"

ap_need_tools
ns=ebbctl$$
ap_netns "$ns"
ap_veth "$ns" ebba$$ ebbb$$
WAIT=${EBB_IT_WAIT:-45} # bound of each wait (s); CI's slow builds stay far below it

# pool_failed OUT: failed dequeues of the last `show pool`
pool_failed() { awk '/failed dequeues/ { v = $3; sub(/,/, "", v) } END { print v + 0 }' "$1"; }

# the pool was exhausted, both ports sent and had answers, port 0's responder answered
reserve_seen() {
	local p
	[ "$(pool_failed "$out")" -gt 0 ] || return 1
	for p in 0 1; do
		[ "$(ap_num "$(ap_probe "$out" $p Sent)")" -ge 20 ] || return 1
		[ "$(ap_num "$(ap_probe "$out" $p Replies)")" -ge 3 ] || return 1
	done
	[ $(($(ap_num "$(ap_resp "$out" 0 ARP-replies)") +
		$(ap_num "$(ap_resp "$out" 0 ICMP-replies)"))) -gt 0 ]
}

# both probes waited and gave up while waiting (not merely reached a slot too late)
noreserve_seen() {
	local p
	for p in 0 1; do
		[ "$(ap_num "$(ap_probe "$out" $p Waited)")" -ge 3 ] || return 1
		[ $(($(ap_num "$(ap_probe "$out" $p Gave-up)") -
			$(ap_num "$(ap_probe "$out" $p Gave-up-late)"))) -ge 3 ] || return 1
	done
}

# run_case TAG PRED OPTS...: start, wait until PRED holds, stop, quit; output in $out
run_case() {
	local tag=$1 pred=$2 p
	shift 2
	out=$IT_TMP/$tag.out
	# shellcheck disable=SC2046
	it_spawn "$tag" $((WAIT * 2 + 60)) "$out" ip netns exec "$ns" "$BIN" -l 0,1 \
		$(it_eal "$(it_prefix "$tag")") \
		--vdev "net_af_packet0,iface=ebba$$" --vdev "net_af_packet1,iface=ebbb$$" \
		--vdev net_null2 --vdev net_null3 \
		-- -i --forward-mode=delay --total-num-mbufs=2048 "$@"
	it_send "$tag" "set port 0 ip 198.18.3.1/24" "set port 1 ip 198.18.3.2/24" \
		"set probe port 0 dst 198.18.3.2 interval 20 timeout 10 rise 2 fall 3" \
		"set probe port 1 dst 198.18.3.1 interval 20 timeout 10 rise 2 fall 3" "start"
	ap_started "$tag" "$out"
	ap_poll "$tag" "$WAIT" "$pred" "show pool" "show probe" "show responder" ||
		{ it_show "$out" 60; it_fail "$tag: not seen within $WAIT s ($pred)"; }
	# after stop the counters are final (the stop hook ran on the applets' lcore)
	it_send "$tag" "stop" "show probe" "show responder" "quit"
	it_close "$tag"
	it_wait "$tag"
	[ "$IT_RC" -eq 0 ] || { it_show "$out" 40; it_fail "$tag: ebbflow exited with $IT_RC"; }
	# `show pool` lines ("pool NAME: socket ...") are not audit lines
	grep -v ': socket [0-9-]*, size' "$out" > "$out.audit"
	it_audit "$out.audit" || exit 1
	for p in 0 1; do
		it_log "$tag port $p: slots $(ap_probe "$out" $p Slots) sent $(ap_probe "$out" $p Sent)" \
			"replies $(ap_probe "$out" $p Replies) waited $(ap_probe "$out" $p Waited)" \
			"gave_up $(ap_probe "$out" $p Gave-up) (late $(ap_probe "$out" $p Gave-up-late))" \
			"skipped $(ap_probe "$out" $p Skipped) cancelled $(ap_probe "$out" $p Cancelled)" \
			"state $(ap_probe "$out" $p State)" \
			"$(awk -v port=$p '/######## Probe port/ { inblk = ($4 == port) }
				inblk && /Lateness-us:/ { l = $0 } END { sub(/.*Lateness-us: /, "lateness ", l); print l }' "$out")"
		ap_check_slots "$out" $p
	done
}

run_case reserve reserve_seen --reserve=32 --delay-us=5000
for p in 0 1; do
	[ "$(ap_probe "$out" $p Waited)" = 0 ] ||
		{ it_show "$out" 40; it_fail "reserve: port $p's probe waited for buffers"; }
	# give-ups with the reserve can only be slots the lcore reached too late (load)
	[ "$(ap_probe "$out" $p Gave-up)" = "$(ap_probe "$out" $p Gave-up-late)" ] ||
		{ it_show "$out" 40; it_fail "reserve: port $p's probe gave up waiting for a buffer"; }
	[ "$(ap_resp "$out" $p Waited)" = 0 ] ||
		{ it_show "$out" 40; it_fail "reserve: port $p's responder waited for buffers"; }
done

run_case noreserve noreserve_seen --reserve=0 --delay-us=1000000
w=0 g=0
for p in 0 1; do
	w=$((w + $(ap_probe "$out" $p Waited)))
	g=$((g + $(ap_probe "$out" $p Gave-up) - $(ap_probe "$out" $p Gave-up-late)))
	# a give-up from waiting needs a wait first
	[ $(($(ap_probe "$out" $p Gave-up) - $(ap_probe "$out" $p Gave-up-late))) -le \
		"$(ap_probe "$out" $p Waited)" ] || it_fail "no reserve: port $p gave up more than it waited"
done
it_pass "reserve: probes sent and answered without waiting; none: waited $w, gave up waiting $g," \
	"every slot accounted for, no hang"
