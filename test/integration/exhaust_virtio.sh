#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_virtio.sh: ebbflow on virtio_user, whose refill asks for every free descriptor.
# Description: a dpdk-testpmd peer is the vhost-user server (net_vhost0, flowgen: it sends
# and drains what comes back); ebbflow is the virtio_user side (--single-file-segments) in
# delay mode, holding more than its pool. Two runs: rings of 1024 descriptors and a pool
# of 3072, then rings of 4096 and a pool of 6144. The virtio PMD's refill is all or
# nothing for every free descriptor (up to the ring: far above the mempool cache's flush
# threshold of 384, and at 4096 above what the cache holds at all, 1024): each pause must
# wait for what it asked, or the resumed refill fails and the queue pauses again at once.
# Asserted with bounded polls, in each run: ebbflow forwards (RX grows by more than the
# pool), its queue paused and resumed at least 50 times, every pause ended by buffers or
# its deadline, repauses at most 1 in 10 pauses; at 4096 some resumes put what the cache
# could not hold in the pool ring (spilled > 0); both exit 0, ebbflow's counts add up,
# every mbuf back at exit. EBB_VIRTIO_CASES="QSIZE:POOL ..." runs other cases. Busy
# lcores on different CPUs, each process its own --file-prefix, --no-pci.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow
it_need_huge 640
command -v dpdk-testpmd > /dev/null || it_skip "dpdk-testpmd not installed (package dpdk-dev)"
[ "$(nproc)" -ge 2 ] || it_skip "needs 2 CPUs (one busy lcore each)"

# run_case QSIZE POOL: one run, virtio_user rings of QSIZE descriptors (--rxd/--txd
# QSIZE too), ebbflow's pool of POOL mbufs; its figures in the CASE_* variables
run_case() {
	local qs=$1 pool=$2 sock=$IT_TMP/vhost$1.sock epfx ppfx eout pout s1 s2 p prc erc
	local r1 r2 pauses wakeups repauses timeouts need spilled audits last miss
	epfx=$(it_prefix "ebb$qs")
	ppfx=$(it_prefix "peer$qs")
	eout=$IT_TMP/ebbflow$qs.out
	pout=$IT_TMP/peer$qs.out
	# the peer: vhost-user server; main lcore on CPU 1, its busy lcore on CPU 0
	it_spawn "peer$qs" 120 "$pout" dpdk-testpmd --lcores '0@1,1@0' --no-pci \
		--file-prefix "$ppfx" --socket-mem 256 --vdev "net_vhost0,iface=$sock,queues=1" \
		-- -i --forward-mode=flowgen --total-num-mbufs=16384
	it_wait_for 30 test -S "$sock" || { it_show "$pout"; it_fail "the peer did not create $sock"; }

	# ebbflow: main lcore 0 on CPU 0, forwarding lcore 1 on CPU 1; the virtio_user side
	# shellcheck disable=SC2046
	it_spawn "ebb$qs" 120 "$eout" "$BIN" -l 0,1 $(it_eal "$epfx" huge) --single-file-segments \
		--vdev "virtio_user0,path=$sock,queues=1,queue_size=$qs" -- -i --forward-mode=delay \
		--delay-us=20000 --delay-fifo=16384 --total-num-mbufs="$pool" --rxd="$qs" --txd="$qs"
	it_wait_for 30 grep -q "ops ebb_waitq" "$eout" ||
		{ it_show "$eout"; it_fail "ebbflow ($qs) did not start on an ebb_waitq pool"; }
	it_send "ebb$qs" start
	it_send "peer$qs" start

	# snap: one `show port stats all`; SNAPS counts them (exhaust_lib.sh reads snapshot N)
	SNAPS=0
	snaps_in() { [ "$(grep -c 'NIC statistics for port 0' "$eout")" -ge "$SNAPS" ]; }
	snap() {
		it_send "ebb$qs" "show port stats all"
		SNAPS=$((SNAPS + 1))
		it_wait_for 10 snaps_in || it_fail "no answer to snapshot $SNAPS ($qs)"
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
	it_send "peer$qs" stop
	sleep 1
	it_send "ebb$qs" stop
	it_send "peer$qs" quit
	it_close "peer$qs"
	it_wait "peer$qs"
	prc=$IT_RC
	it_send "ebb$qs" quit
	it_close "ebb$qs"
	it_wait "ebb$qs"
	erc=$IT_RC
	[ "$prc" -eq 0 ] || { it_show "$pout"; it_fail "dpdk-testpmd (peer, $qs) exited with $prc"; }
	[ "$erc" -eq 0 ] || { it_show "$eout"; it_fail "$(basename "$BIN") ($qs) exited with $erc"; }

	r1=$(ex_rx "$eout" "$s1" 0)
	r2=$(ex_rx "$eout" "$s2" 0)
	pauses=$(ex_q "$eout" "$s2" 0 0 pauses)
	wakeups=$(ex_q "$eout" "$s2" 0 0 wakeups)
	repauses=$(ex_q "$eout" "$s2" 0 0 repauses)
	timeouts=$(ex_q "$eout" "$s2" 0 0 wait-timeouts)
	need=$(ex_q "$eout" "$s2" 0 0 need)
	spilled=$(ex_q "$eout" "$s2" 0 0 spilled)
	it_log "queue_size $qs, pool $pool: port 0 queue 0: pauses $pauses wakeups $wakeups" \
		"repauses $repauses wait-timeouts $timeouts need $need spilled ${spilled:-?};" \
		"RX-packets $r1 -> $r2 ($((s2 - s1)) snapshots)"
	[ -n "$pauses" ] && [ -n "$r2" ] || { it_show "$eout"; it_fail "no queue counters in $eout"; }
	ex_ge "$pauses" 50 "$qs: the queue paused fewer than 50 times (the pool was not exhausted?)"
	ex_ge "$r2" $((r1 + pool)) "$qs: ebbflow forwarded less than its pool while it paused"
	# each pause ends by buffers (a wakeup, or a repause when the refill right after
	# failed) or by its deadline; the current one may still wait
	ex_ge "$((wakeups + repauses + timeouts))" $((pauses - 1)) "$qs: pauses not ended by buffers"
	[ $((repauses * 10)) -le "$pauses" ] ||
		it_fail "$qs: $repauses repauses in $pauses pauses: resumes that fail their refill at once"
	# a ring above the cache's array: the refills it waited for did not fit the cache
	[ "$qs" -le 1024 ] || ex_ge "${spilled:-0}" 1 "$qs: no resume put buffers past a full cache"
	it_check_fwd "$eout"
	# the audit: at exit (ports closed) every mbuf is back. At `stop` the virtio PMD
	# still holds its RX ring's buffers (it frees them at close) and the TX descriptors
	# the peer did not complete: no more missing than the two rings
	audits=$(grep -E '^ *pool [^ ]+: [0-9]+/[0-9]+ mbufs returned' "$eout")
	[ -n "$audits" ] || it_fail "$qs: audit: no 'pool <name>: n/n mbufs returned' line"
	last=$(echo "$audits" | tail -n 1)
	echo "$last" | awk '{ split($3, a, "/"); exit !(a[1] == a[2] && a[2] == '"$pool"' && NF == 5) }' ||
		it_fail "$qs: audit at exit: $last"
	while read -r line; do
		miss=$(echo "$line" | awk '/missing/ { print $(NF - 1); exit } { print 0 }')
		[ "$miss" -le $((2 * qs)) ] || it_fail "$qs: audit at stop: $line (more than the rings hold)"
	done <<< "$(echo "$audits" | head -n -1)"
	it_log "$qs: audit: at exit $last"
	CASE_PAUSES=$pauses CASE_REPAUSES=$repauses CASE_SPILLED=${spilled:-0} CASE_RX=$((r2 - r1))
}

summary=""
for c in ${EBB_VIRTIO_CASES:-1024:3072 4096:6144}; do
	run_case "${c%%:*}" "${c##*:}"
	summary+=" ${c%%:*}: $CASE_PAUSES pauses, $CASE_REPAUSES repauses, $CASE_SPILLED spilled,"
	summary+=" $CASE_RX packets while exhausted;"
done
it_pass "virtio_user:${summary%;}"
