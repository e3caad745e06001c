#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fault_link.sh: set link-down / link-up port N under traffic, with and without exhaustion.
# Description: four net_null ports (pairs 0<->1 and 2<->3) on two forwarding lcores.
# `set link-down port 0` under io forwarding: port 0's RX queue and the stream that sends
# to it (port 1's) are no longer polled (polls frozen, state stopped), nothing is sent to
# port 0, `show port info 0` says the admin state is down (net_null has no set_link_down:
# "engine only"); ports 2 and 3 keep forwarding. `set link-up port 0`: it forwards again.
# Second run, delay mode with a pool smaller than what the streams hold, so queues pause
# for buffers: a port set down while its queue waits gives the wait up and the buffers
# that come back do not wake it (wakeups and polls frozen while down); the other pair
# keeps pausing and resuming; up again, it forwards. Third run on net_ring ports (loops
# fed by `start tx_first`), whose PMD takes the link down itself ("PMD and engine"): the
# same checks. Each run: exit 0, every mbuf back.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

cat > "$IT_TMP/link.cmds" <<'CMDS'
sleep 1
set link-down port 0
sleep 0.5
show port stats all
sleep 2
show port stats all
show port info 0
set link-up port 0
sleep 1.5
show port stats all
stop
quit
CMDS

# link_run TAG VDEV START OPTS...: four VDEV ports, START command; the checks are common
link_run() {
	local tag=$1 vdev=$2 start pfx out rc p rx tx txd
	shift 2
	start=$1
	{ echo "$start"; cat "$IT_TMP/link.cmds"; } > "$IT_TMP/$tag.cmds"
	shift
	pfx=$(it_prefix "$tag")
	out=$IT_TMP/$tag.out
	# lcore 0 on CPU 0 (main), forwarding lcores 1 and 2 share CPU 1
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$out" "$IT_TMP/$tag.cmds" "$BIN" --lcores '0@0,1@1,2@1' \
		$(it_eal "$pfx") --vdev "${vdev}0" --vdev "${vdev}1" --vdev "${vdev}2" \
		--vdev "${vdev}3" -- -i "$@")
	[ "$rc" -eq 0 ] || it_show "$out" 60
	it_check_rc "$rc" "$tag"
	grep -q "Port 0: link down" "$out" || { it_show "$out"; it_fail "$tag: set link-down refused"; }
	grep -q "Link admin state: down" "$out" ||
		it_fail "$tag: show port info 0 does not say the link is down"
	# while down (snapshots 1 -> 2): ports 0 and 1 frozen, 2 and 3 forward
	for p in 0 1; do
		st=$(ex_q "$out" 2 "$p" 0 state)
		[ "$st" = stopped ] || it_fail "$tag: port $p queue is $st while port 0 is down"
		for f in wakeups pauses; do
			a=$(ex_q "$out" 1 "$p" 0 "$f")
			b=$(ex_q "$out" 2 "$p" 0 "$f")
			[ -n "$a" ] && [ "$a" = "$b" ] ||
				it_fail "$tag: port $p queue $f changed while down ($a -> $b)"
		done
		# polls may be derived from loop counts read at slightly different times: +-1
		a=$(ex_q "$out" 1 "$p" 0 polls)
		b=$(ex_q "$out" 2 "$p" 0 polls)
		[ -n "$a" ] && [ -n "$b" ] && [ $((b - a)) -le 1 ] && [ $((a - b)) -le 1 ] ||
			it_fail "$tag: port $p queue polled while down (polls $a -> $b)"
		a=$(ex_q "$out" 1 "$p" 0 polls-skipped)
		b=$(ex_q "$out" 2 "$p" 0 polls-skipped)
		ex_ge "$b" $((a + 100)) "$tag: port $p queue not counted as skipped while down"
		a=$(ex_rx "$out" 1 "$p")
		b=$(ex_rx "$out" 2 "$p")
		[ "$a" = "$b" ] || it_fail "$tag: port $p received while port 0 was down ($a -> $b)"
	done
	a=$(awk '/NIC statistics for port/ { p = $(NF - 1) + 0; if (p == 0) n++; next }
		n == 1 && p == 0 && /TX-packets:/ { print $2 }' "$out")
	b=$(awk '/NIC statistics for port/ { p = $(NF - 1) + 0; if (p == 0) n++; next }
		n == 2 && p == 0 && /TX-packets:/ { print $2 }' "$out")
	[ "$a" = "$b" ] || it_fail "$tag: $((b - a)) packets sent to port 0 while it was down"
	for p in 2 3; do
		a=$(ex_rx "$out" 1 "$p")
		b=$(ex_rx "$out" 2 "$p")
		it_log "$tag: port $p while port 0 was down: RX-packets $a -> $b"
		ex_ge "$b" $((a + 1000)) "$tag: port $p stopped forwarding while port 0 was down"
	done
	# up again (snapshot 3)
	for p in 0 1; do
		a=$(ex_rx "$out" 2 "$p")
		b=$(ex_rx "$out" 3 "$p")
		st=$(ex_q "$out" 3 "$p" 0 state)
		it_log "$tag: port $p after link-up: RX-packets $a -> $b, queue $st"
		ex_ge "$b" $((a + 1000)) "$tag: port $p did not forward again after link-up"
	done
	if [ "$start" = "start tx_first" ]; then
		# tx_first sent one burst of 32 per stream that nobody received
		rx=$(it_fwd_stat "$out" RX-packets)
		tx=$(it_fwd_stat "$out" TX-packets)
		txd=$(it_fwd_stat "$out" TX-dropped)
		it_log "$tag: forward stats: RX-packets $rx TX-packets $tx TX-dropped $txd"
		[ $((tx + txd)) -eq $((rx + 4 * 32)) ] ||
			it_fail "$tag: TX $tx + TX-dropped $txd != RX $rx + 128 (tx_first)"
	else
		it_check_fwd "$out" || exit 1
	fi
	it_audit "$out" || exit 1
	LINK_OUT=$out
}

link_run io net_null start --forward-mode=io
link_run delay net_null start --forward-mode=delay --delay-us=2000 --total-num-mbufs=2048
# the delay run did wait for buffers: the other pair paused and was woken while port 0 was down
a=$(ex_q "$LINK_OUT" 1 2 0 wakeups)
b=$(ex_q "$LINK_OUT" 2 2 0 wakeups)
it_log "delay: port 2 wakeups while port 0 was down: $a -> $b"
ex_ge "$b" $((a + 1)) "delay: the pool was not exhausted (port 2 never woken): no wait tested"
link_run ring net_ring "start tx_first" --forward-mode=io
grep -q "Link admin state: down (set link-down: PMD and engine)" "$LINK_OUT" ||
	it_fail "ring: net_ring did not take the link down itself"
grep -q "^Link status: down" "$LINK_OUT" || it_fail "ring: the PMD's link status did not go down"
it_pass "link down: the port and its peer's stream stopped, nothing sent, others forward; up: forwards"
