#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_freeze.sh: a paused queue's lcore keeps running its loop on a loaded machine.
# Description: exhaust_reclaim's topology (net_null0 received by lcore 1 alone on CPU 1,
# net_ring0 looped back by lcore 2, which shares CPU 0 with the main lcore; a pool of 300
# that ends in lcore 2's cache, so lcore 1 pauses and waits for reclaimed buffers) under
# a CPU hog on every CPU (a busy loop per CPU, ended by the trap). Five snapshots 1 s
# apart: between any two, port 0's queue was polled, skipped or timed out (its lcore's
# loop ran: the freeze seen once in the sanitizer pass had all three frozen for 2 s), and
# it received more over the run. Three rounds; each exits 0 with every mbuf back.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

hogs=()
hog_stop() { [ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2>/dev/null; hogs=(); }
trap 'hog_stop' EXIT
for ((c = 0; c < $(nproc); c++)); do
	taskset -c "$c" sh -c "while kill -0 $$ 2>/dev/null; do :; done" &
	hogs+=($!)
done

# Each snapshot is asked for only once the one before it is printed, and a second later:
# two snapshots are then at least 1 s apart in ebbflow's own time too (commands fed
# blindly, 1 s apart, could reach a main lcore starved by the hog back to back, and two
# snapshots a few microseconds apart show the same counters: the false "freeze" this test
# reported on loaded machines, 1 run in 3).
for round in 1 2 3; do
	pfx=$(it_prefix "freeze$round")
	out=$IT_TMP/freeze$round.out
	# shellcheck disable=SC2046
	it_spawn "fz$round" 90 "$out" "$BIN" --lcores '0@0,1@1,2@0' \
		$(it_eal "$pfx") --vdev net_null0 --vdev net_ring0 -- -i --forward-mode=io \
		--total-num-mbufs=300 --nb-cores=2
	it_send "fz$round" start
	for s in 1 2 3 4 5; do
		sleep 1
		it_send "fz$round" "show port stats all"
		# port 0's queue lines come before port 1's block: printed once port 1's is
		_snap() { [ "$(grep -c "NIC statistics for port 1 " "$out")" -ge "$s" ]; }
		it_wait_for 60 _snap || { it_show "$out"; it_fail "round $round: no snapshot $s"; }
	done
	it_send "fz$round" stop
	it_send "fz$round" quit
	it_close "fz$round"
	it_wait "fz$round"
	rc=$IT_RC
	[ "$rc" -eq 0 ] || it_show "$out"
	it_check_rc "$rc" "round $round"
	prev=""
	for s in 1 2 3 4 5; do
		n=$(( $(ex_q "$out" "$s" 0 0 polls) + $(ex_q "$out" "$s" 0 0 polls-skipped) +
		      $(ex_q "$out" "$s" 0 0 wait-timeouts) ))
		[ -z "$prev" ] || [ "$n" -gt "$prev" ] ||
			it_fail "round $round: port 0's queue froze between snapshots $((s - 1)) and $s" \
				"(polls + polls-skipped + wait-timeouts $prev -> $n, state" \
				"$(ex_q "$out" "$s" 0 0 state))"
		prev=$n
	done
	r1=$(ex_rx "$out" 1 0)
	r5=$(ex_rx "$out" 5 0)
	it_log "round $round: port 0 RX-packets $r1 -> $r5, loop counts last $prev"
	ex_ge "$r5" $((r1 + 1)) "round $round: port 0 received nothing more in 4 s"
	it_check_fwd "$out" || exit 1
	it_audit "$out" || exit 1
done
hog_stop
it_pass "under a CPU hog the waiting lcore's loop never froze (3 rounds, 5 snapshots)"
