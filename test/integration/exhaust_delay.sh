#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_delay.sh: delay mode holding more than the pool: pause/resume cycles, no deadlock.
# Description: two net_null ports, one lcore, delay mode holding up to 4096 packets per
# stream in a pool of 1024 mbufs: the RX queues pause and resume many times, packets keep
# flowing (RX grows between two snapshots 2 s apart, by more than the pool), counts add
# up, exit 0, every mbuf back.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

pfx=$(it_prefix delay)
out=$IT_TMP/delay.out
printf 'start\nsleep 1\nshow port stats all\nsleep 2\nshow port stats all\nstop\nquit\n' \
	> "$IT_TMP/delay.cmds"
# shellcheck disable=SC2046
rc=$(it_session 60 "$out" "$IT_TMP/delay.cmds" "$BIN" -l 0,1 $(it_eal "$pfx") \
	--vdev net_null0 --vdev net_null1 -- -i --forward-mode=delay --total-num-mbufs=1024 \
	--delay-fifo=4096 --delay-us=1000)
[ "$rc" -eq 0 ] || it_show "$out"
it_check_rc "$rc" "delay"
for p in 0 1; do
	p1=$(ex_q "$out" 1 "$p" 0 pauses)
	p2=$(ex_q "$out" 2 "$p" 0 pauses)
	w2=$(ex_q "$out" 2 "$p" 0 wakeups)
	rp2=$(ex_q "$out" 2 "$p" 0 repauses)
	r1=$(ex_rx "$out" 1 "$p")
	r2=$(ex_rx "$out" 2 "$p")
	it_log "port $p: pauses $p1 -> $p2, wakeups $w2, repauses $rp2, RX-packets $r1 -> $r2"
	ex_ge "$p1" 10 "port $p: the queue paused fewer than 10 times in 1 s"
	ex_ge "$p2" $((p1 + 10)) "port $p: no pause/resume cycles in the last 2 s"
	# woken by buffers: a wakeup, or a repause when the refill right after failed
	ex_ge "$((w2 + rp2))" $((p2 - 1)) "port $p: pauses not ended by buffers"
	ex_ge "$r2" $((r1 + 1024)) "port $p: packets stopped flowing (deadlock?)"
done
grep -q "ops ebb_waitq" "$out" || it_fail "the pool is not an ebb_waitq pool (startup line)"
it_check_fwd "$out" || exit 1
it_audit "$out" || exit 1
it_pass "delay mode exhausts a 1024-mbuf pool: queues pause and resume, traffic flows"
