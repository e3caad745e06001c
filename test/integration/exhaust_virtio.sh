#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_virtio.sh: ebbflow on virtio_user, whose refill asks for every free descriptor.
# Description: a dpdk-testpmd peer is the vhost-user server (net_vhost0, flowgen: it sends
# and drains what comes back); ebbflow is the virtio_user side (1024-descriptor rings,
# --single-file-segments) in delay mode, holding more than its pool of 3072 mbufs. The
# virtio PMD's refill is all or nothing for every free descriptor (up to 1024, far above
# the mempool cache's flush threshold of 384): each pause must wait for what it asked, or
# the resumed refill fails and the queue pauses again at once. Asserted with bounded
# polls: ebbflow forwards (RX grows by more than the pool), its queue paused and resumed
# at least 50 times, every pause ended by buffers or its deadline, repauses at most 1 in
# 10 pauses; both exit 0, ebbflow's counts add up, every mbuf back at exit. Busy lcores on
# different CPUs, each process its own --file-prefix, --no-pci.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow
it_need_huge 640
command -v dpdk-testpmd > /dev/null || it_skip "dpdk-testpmd not installed (package dpdk-dev)"
[ "$(nproc)" -ge 2 ] || it_skip "needs 2 CPUs (one busy lcore each)"

POOL=3072
sock=$IT_TMP/vhost0.sock
epfx=$(it_prefix ebb)
ppfx=$(it_prefix peer)
eout=$IT_TMP/ebbflow.out
pout=$IT_TMP/peer.out

# the peer: vhost-user server; main lcore on CPU 1, its busy lcore on CPU 0
it_spawn peer 120 "$pout" dpdk-testpmd --lcores '0@1,1@0' --no-pci --file-prefix "$ppfx" \
	--socket-mem 256 --vdev "net_vhost0,iface=$sock,queues=1" -- -i \
	--forward-mode=flowgen --total-num-mbufs=8192
it_wait_for 30 test -S "$sock" || { it_show "$pout"; it_fail "the peer did not create $sock"; }

# ebbflow: main lcore 0 on CPU 0, forwarding lcore 1 on CPU 1; the virtio_user side
# shellcheck disable=SC2046
it_spawn ebb 120 "$eout" "$BIN" -l 0,1 $(it_eal "$epfx" huge) --single-file-segments \
	--vdev "virtio_user0,path=$sock,queues=1,queue_size=1024" -- -i --forward-mode=delay \
	--delay-us=20000 --delay-fifo=8192 --total-num-mbufs=$POOL --rxd=1024 --txd=1024
it_wait_for 30 grep -q "ops ebb_waitq" "$eout" ||
	{ it_show "$eout"; it_fail "ebbflow did not start on an ebb_waitq pool"; }
it_send ebb start
it_send peer start

# snap: one `show port stats all`; SNAPS counts them (exhaust_lib.sh reads snapshot N)
SNAPS=0
snaps_in() { [ "$(grep -c 'NIC statistics for port 0' "$eout")" -ge "$SNAPS" ]; }
snap() {
	it_send ebb "show port stats all"
	SNAPS=$((SNAPS + 1))
	it_wait_for 10 snaps_in || it_fail "no answer to snapshot $SNAPS"
	sleep 0.2 # the queue lines follow the header
}
snap
s1=$SNAPS
# bounded poll: at least 50 pauses (one second a snapshot, 60 at most)
for _ in $(seq 60); do
	sleep 1
	snap
	p=$(ex_q "$eout" "$SNAPS" 0 0 pauses)
	[ -n "$p" ] && [ "$p" -ge 50 ] && break
done
s2=$SNAPS
it_send peer stop
sleep 1
it_send ebb stop
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

r1=$(ex_rx "$eout" "$s1" 0)
r2=$(ex_rx "$eout" "$s2" 0)
pauses=$(ex_q "$eout" "$s2" 0 0 pauses)
wakeups=$(ex_q "$eout" "$s2" 0 0 wakeups)
repauses=$(ex_q "$eout" "$s2" 0 0 repauses)
timeouts=$(ex_q "$eout" "$s2" 0 0 wait-timeouts)
need=$(ex_q "$eout" "$s2" 0 0 need)
it_log "port 0 queue 0: pauses $pauses wakeups $wakeups repauses $repauses" \
	"wait-timeouts $timeouts need $need; RX-packets $r1 -> $r2 ($((s2 - s1)) snapshots)"
[ -n "$pauses" ] && [ -n "$r2" ] || { it_show "$eout"; it_fail "no queue counters in $eout"; }
ex_ge "$pauses" 50 "the queue paused fewer than 50 times (the pool was not exhausted?)"
ex_ge "$r2" $((r1 + POOL)) "ebbflow forwarded less than its pool while it paused"
# each pause ends by buffers (a wakeup, or a repause when the refill right after failed)
# or by its deadline; the current one may still wait
ex_ge "$((wakeups + repauses + timeouts))" $((pauses - 1)) "pauses not ended by buffers"
[ $((repauses * 10)) -le "$pauses" ] ||
	it_fail "$repauses repauses in $pauses pauses: resumes that fail their refill at once"
it_check_fwd "$eout"
# the audit: at exit (ports closed) every mbuf is back. At `stop` the virtio PMD still
# holds its RX ring's buffers (it frees them at close) and the TX descriptors the peer
# did not complete: no more missing than the two rings
audits=$(grep -E '^ *pool [^ ]+: [0-9]+/[0-9]+ mbufs returned' "$eout")
[ -n "$audits" ] || it_fail "audit: no 'pool <name>: n/n mbufs returned' line"
last=$(echo "$audits" | tail -n 1)
echo "$last" | awk '{ split($3, a, "/"); exit !(a[1] == a[2] && a[2] == '"$POOL"' && NF == 5) }' ||
	it_fail "audit at exit: $last"
while read -r line; do
	miss=$(echo "$line" | awk '/missing/ { print $(NF - 1); exit } { print 0 }')
	[ "$miss" -le 2048 ] || it_fail "audit at stop: $line (more than the rings hold)"
done <<< "$(echo "$audits" | head -n -1)"
it_log "audit: at exit $last"
it_pass "virtio_user: $pauses pauses, $repauses repauses, $((r2 - r1)) packets while exhausted"
