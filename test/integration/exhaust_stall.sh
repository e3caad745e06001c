#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_stall.sh: TX stalled 5 s (tx-rate 0) then released: paused without polling.
# Description: two net_null ports in io mode, every port's TX rate 0 from the start, pool
# of 1024 mbufs: the shaped backlogs hold the whole pool and both RX queues pause. Over
# 5 s they are not polled (polls-skipped grows; polls only the one probe per wait
# timeout), the 100 ms wait timeouts fire about 50 times and never more often than their
# deadline allows, nothing is sent. Then `set port N tx-rate off`: traffic flows again.
# Exit 0, every mbuf back.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

pfx=$(it_prefix stall)
out=$IT_TMP/stall.out
cat > "$IT_TMP/stall.cmds" <<'CMDS'
start
sleep 1
show port stats all
sleep 5
show port stats all
set port 0 tx-rate off
set port 1 tx-rate off
sleep 1
show port stats all
stop
quit
CMDS
# shellcheck disable=SC2046
rc=$(it_session 60 "$out" "$IT_TMP/stall.cmds" "$BIN" -l 0,1 $(it_eal "$pfx") \
	--vdev net_null0 --vdev net_null1 -- -i --forward-mode=io --total-num-mbufs=1024 \
	--tx-rate=0 --wait-timeout=100)
[ "$rc" -eq 0 ] || it_show "$out"
it_check_rc "$rc" "stall"
for p in 0 1; do
	for f in polls polls-skipped wait-timeouts pauses; do
		eval "a_${f//-/_}=\$(ex_q \"\$out\" 1 $p 0 $f)"
		eval "b_${f//-/_}=\$(ex_q \"\$out\" 2 $p 0 $f)"
	done
	st=$(ex_q "$out" 2 "$p" 0 state)
	# shellcheck disable=SC2154
	{
		dpoll=$((b_polls - a_polls))
		dskip=$((b_polls_skipped - a_polls_skipped))
		dtmo=$((b_wait_timeouts - a_wait_timeouts))
	}
	it_log "port $p during the 5 s stall: state $st, rx_burst calls $dpoll, polls skipped" \
		"$dskip, wait timeouts $dtmo"
	[ "$st" = paused ] || it_fail "port $p: queue $st, not paused, while TX is stalled"
	ex_ge "$dskip" 1000 "port $p: the paused queue was not skipped"
	ex_ge $((dtmo + 2)) "$dpoll" "port $p: polled more than once per wait timeout"
	ex_ge "$dtmo" 10 "port $p: wait timeouts did not fire (100 ms over 5 s)"
	ex_ge 57 "$dtmo" "port $p: wait timeouts fired faster than their 100 ms deadline"
	r2=$(ex_rx "$out" 2 "$p")
	r3=$(ex_rx "$out" 3 "$p")
	it_log "port $p released: RX-packets $r2 -> $r3"
	ex_ge "$r3" $((r2 + 10000)) "port $p: forwarding did not recover after the release"
done
# nothing left during the stall: TX-packets of the second snapshot
tx2=$(awk '/NIC statistics for port/ { if ($(NF - 1) + 0 == 0) n++; next }
	n == 2 && /TX-packets:/ { s += $2 } END { print s + 0 }' "$out")
[ "$tx2" -eq 0 ] || it_fail "$tx2 packets were sent while the TX rate was 0"
it_check_fwd "$out" || exit 1
it_audit "$out" || exit 1
it_pass "stalled TX: queues paused, polled only by wait timeouts; released: forwarding"
