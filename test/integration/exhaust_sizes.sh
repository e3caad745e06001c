#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_sizes.sh: pool sizes at the edge: refused below one refill per RX queue, forwarding above.
# Description: two net_null ports (two RX queues, burst 32), io. --total-num-mbufs of 10,
# 33, 40, 48 and 63 exit non-zero with one line naming the minimum (64); 64 and 80 start
# with a smaller reserve (one line), forward (RX-packets > 0, no queue stuck paused: its
# pauses ended by buffers or timeouts) and return every mbuf; 128 keeps the whole reserve.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

for n in 10 33 40 48 63; do
	out=$IT_TMP/small$n.out
	# shellcheck disable=SC2046
	rc=$(it_run 60 "$out" "$BIN" -l 0,1 $(it_eal "$(it_prefix s$n)") \
		--vdev net_null0 --vdev net_null1 -- -i --total-num-mbufs=$n)
	[ "$rc" -ne 0 ] || { it_show "$out"; it_fail "$n mbufs accepted (2 queues need 64)"; }
	[ "$(grep -c 'must be at least 64' "$out")" -eq 1 ] ||
		{ it_show "$out"; it_fail "$n mbufs: no single line naming the minimum 64"; }
	it_log "$n mbufs: refused (exit $rc), minimum named"
done

for n in 64 80 128; do
	out=$IT_TMP/fit$n.out
	printf 'start\nsleep 2\nshow port stats all\nstop\nquit\n' > "$IT_TMP/fit.cmds"
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$out" "$IT_TMP/fit.cmds" "$BIN" -l 0,1 $(it_eal "$(it_prefix f$n)") \
		--vdev net_null0 --vdev net_null1 -- -i --total-num-mbufs=$n)
	[ "$rc" -eq 0 ] || it_show "$out"
	it_check_rc "$rc" "$n mbufs"
	if [ "$n" -lt 96 ]; then
		grep -q "reserve $((n - 64)) instead of 32" "$out" ||
			{ it_show "$out"; it_fail "$n mbufs: no line saying the reserve shrank to $((n - 64))"; }
	else
		! grep -q "instead of" "$out" || it_fail "$n mbufs: the reserve shrank"
	fi
	for p in 0 1; do
		pa=$(ex_q "$out" 1 "$p" 0 pauses)
		w=$(ex_q "$out" 1 "$p" 0 wakeups)
		rp=$(ex_q "$out" 1 "$p" 0 repauses)
		t=$(ex_q "$out" 1 "$p" 0 wait-timeouts)
		it_log "$n mbufs: port $p pauses $pa wakeups $w repauses $rp wait-timeouts $t"
		# every pause but the open one ended by buffers or by its deadline
		ex_ge "$((w + rp + t + 1))" "$pa" "$n mbufs: port $p pauses that nothing ended"
	done
	it_check_fwd "$out" || exit 1
	it_audit "$out" || exit 1
done
it_pass "pools below one refill per queue refused with the minimum; 64, 80, 128 forward"
