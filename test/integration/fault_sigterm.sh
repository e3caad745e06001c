#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fault_sigterm.sh: SIGTERM during full exhaustion (delay mode, tiny pool): clean exit, audit passes.
# Description: ebbflow in delay mode holds each packet 200 ms with a 1024-mbuf pool over
# two net_null ports, so the delay FIFOs hold the whole pool and the RX queues wait for
# buffers; the responder of port 0 has an address and the idle policy is sleep. SIGTERM
# after 2 s: "Signal 15 received", the loops end (waiters cancelled, held packets freed),
# exit status 0, every mbuf back. Second run: interactive, four ports, port 0 set
# link-down first (its queue stopped for the link, not for buffers), TX of port 1 stalled: the same
# clean exit on SIGTERM, while ports 2 and 3 (net_null) exhaust the pool in delay mode.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
ex_opts=(--vdev net_null0 --vdev net_null1 -- --forward-mode=delay --delay-us=200000
	--total-num-mbufs=1024 --idle=sleep)
ex4_opts=(--vdev net_null0 --vdev net_null1 --vdev net_null2 --vdev net_null3 -- -i
	--forward-mode=delay --delay-us=200000 --total-num-mbufs=1024 --idle=sleep)

# term_run TAG INTERACTIVE: run, SIGTERM after 2 s, check the exit
term_run() {
	local tag=$1 pfx out pid rc w
	pfx=$(it_prefix "$tag")
	out=$IT_TMP/$tag.out
	it_log "run: $BIN -l 0,1 ... ${ex_opts[*]} ${2:+-i}, SIGTERM after 2 s"
	if [ -n "$2" ]; then
		# shellcheck disable=SC2046
		it_spawn "$tag" 40 "$out" "$BIN" -l 0,1 $(it_eal "$pfx") "${ex4_opts[@]}"
		it_send "$tag" "set port 0 ip 198.18.0.1/24" "set link-down port 0" \
			"set port 1 tx-rate 0" "start"
		pid=${IT_PID[$tag]}
	else
		# shellcheck disable=SC2046
		timeout -k 5 40 "$BIN" -l 0,1 $(it_eal "$pfx") "${ex_opts[@]}" \
			< /dev/null > "$out" 2>&1 &
		pid=$!
		IT_PIDS+=("$pid")
	fi
	sleep 2.5
	if command -v dpdk-telemetry.py > /dev/null; then
		w=$(echo /ebbflow/pools | timeout 5 dpdk-telemetry.py -f "$pfx" 2>/dev/null | tail -1)
		it_log "$tag: /ebbflow/pools before SIGTERM: $w"
		case "$w" in
		*'"waiting_lcores": [0]'*) it_fail "$tag: nobody waits for buffers: not exhausted" ;;
		*'"waiting_lcores"'*) ;;
		*) it_log "$tag: telemetry did not answer (exhaustion not checked)" ;;
		esac
	fi
	# the timeout wrapper passes TERM on to ebbflow
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	[ -z "$2" ] || it_close "$tag"
	[ "$rc" -eq 0 ] || it_show "$out" 40
	it_check_rc "$rc" "SIGTERM during exhaustion ($tag)"
	grep -q "Signal 15 received" "$out" || { it_show "$out"; it_fail "$tag: no 'Signal 15 received'"; }
	it_audit "$out" || exit 1
	it_log "$tag: clean exit"
}

term_run delay ""
term_run delay_down yes
it_pass "SIGTERM during exhaustion (delay, tiny pool; and with a port down, TX stalled): exit 0, audit"
