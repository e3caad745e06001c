#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_sigterm.sh: SIGTERM while every RX queue is paused: clean exit, audit passes.
# Description: ebbflow without -i forwards on two net_null ports with TX stalled
# (--tx-rate=0) and a 1024-mbuf pool, so both RX queues are paused waiting for buffers
# (and, a second run, with --idle=sleep: the lcore is parked on its eventfd). SIGTERM:
# the loops end (waiters cancelled, held packets freed), stats and the audit are
# printed, exit status 0.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

for idle in pause sleep; do
	pfx=$(it_prefix "$idle")
	out=$IT_TMP/$idle.out
	# shellcheck disable=SC2046
	it_log "run: $BIN -l 0,1 $(it_eal "$pfx") ... --tx-rate=0 --idle=$idle, SIGTERM after 2 s"
	# shellcheck disable=SC2046
	timeout -k 5 30 "$BIN" -l 0,1 $(it_eal "$pfx") --vdev net_null0 --vdev net_null1 -- \
		--forward-mode=io --total-num-mbufs=1024 --tx-rate=0 --idle="$idle" \
		< /dev/null > "$out" 2>&1 &
	pid=$!
	IT_PIDS+=("$pid")
	sleep 2
	# the queues are paused: their waiters are listed by telemetry when it answers
	if command -v dpdk-telemetry.py > /dev/null; then
		w=$(echo /ebbflow/queues | timeout 5 dpdk-telemetry.py -f "$pfx" 2>/dev/null | tail -1)
		it_log "$idle: /ebbflow/queues: $w"
		case "$w" in
		*'"state": ["paused", "paused"]'*) ;;
		*'"state"'*) it_fail "$idle: the queues are not both paused before SIGTERM" ;;
		*) it_log "$idle: telemetry did not answer (not checked)" ;;
		esac
	fi
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" -eq 0 ] || it_show "$out"
	it_check_rc "$rc" "SIGTERM while paused ($idle)"
	it_audit "$out" || exit 1
	it_log "$idle: clean exit"
done
it_pass "SIGTERM while paused: exit 0, every mbuf back"
