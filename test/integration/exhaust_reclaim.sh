#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_reclaim.sh: an lcore that only transmits holds the pool's last buffers: reclaim.
# Description: port 0 is net_null (its RX draws on the pool), port 1 a net_ring looping
# back to itself; lcore 1 receives on port 0 and sends into the ring, lcore 2 takes the
# frames out of the ring and transmits them on port 0 (net_null frees at once, into
# lcore 2's mempool cache). With a pool of 300 mbufs (cache 200, flushed above 300) the
# whole pool ends in lcore 2's cache: lcore 2 then receives nothing and only ever
# transmitted, lcore 1 is exhausted. With --no-wait nothing flushes that cache: traffic
# stops for good (checked, it is how the scenario is proven). With ebbflow's waiting pool
# lcore 2 reclaims (cache flush, TX done cleanup) while lcore 1 waits: traffic flows.
# Both exit 0 with every mbuf back.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

printf 'start\nsleep 1\nshow port stats all\nsleep 2\nshow port stats all\nstop\nquit\n' \
	> "$IT_TMP/reclaim.cmds"
for variant in wait nowait; do
	pfx=$(it_prefix "$variant")
	out=$IT_TMP/$variant.out
	extra=""
	[ "$variant" = nowait ] && extra="--no-wait"
	# shellcheck disable=SC2046,SC2086
	rc=$(it_session 60 "$out" "$IT_TMP/reclaim.cmds" "$BIN" --lcores '0@0,1@1,2@0' \
		$(it_eal "$pfx") --vdev net_null0 --vdev net_ring0 -- -i --forward-mode=io \
		--total-num-mbufs=300 --nb-cores=2 $extra)
	[ "$rc" -eq 0 ] || it_show "$out"
	it_check_rc "$rc" "$variant"
	r1=$(ex_rx "$out" 1 0)
	r2=$(ex_rx "$out" 2 0)
	l0=$(ex_q "$out" 1 0 0 lcore)
	l1=$(ex_q "$out" 1 1 0 lcore)
	it_log "$variant: port 0 RX-packets $r1 after 1 s, $r2 after 3 s (port 0 on lcore $l0," \
		"port 1 on lcore $l1)"
	[ -n "$l0" ] && [ -n "$l1" ] && [ "$l0" != "$l1" ] ||
		it_fail "$variant: the two ports are not on two lcores ($l0, $l1)"
	if [ "$variant" = nowait ]; then
		[ "$r2" -eq "$r1" ] && [ "$r1" -lt 1000 ] ||
			it_fail "--no-wait kept forwarding ($r1 -> $r2): the scenario did not strand the pool"
	else
		ex_ge "$r2" $((r1 + 10000)) "the receiving lcore did not resume (reclaim failed)"
		ex_ge "$(ex_q "$out" 2 0 0 wakeups)" 100 "port 0's queue was not woken by reclaimed buffers"
	fi
	it_check_fwd "$out" || exit 1
	it_audit "$out" || exit 1
done
it_pass "the transmitting lcore gives back what it holds: the receiving lcore resumes"
