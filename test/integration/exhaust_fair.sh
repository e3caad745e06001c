#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# exhaust_fair.sh: two lcores, four RX queues sharing one exhausted pool: all are served.
# Description: two net_null ports with two queues each, two forwarding lcores, delay mode
# holding more than the 1024-mbuf pool: every one of the four queues pauses, is woken by
# handed-over buffers and forwards a fair share (each at least a quarter of the mean;
# the Jain index is logged). Exit 0, every mbuf back.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exhaust_lib.sh"
ex_need_ebbflow

pfx=$(it_prefix fair)
out=$IT_TMP/fair.out
printf 'start\nsleep 3\nshow port stats all\nstop\nquit\n' > "$IT_TMP/fair.cmds"
# shellcheck disable=SC2046
rc=$(it_session 60 "$out" "$IT_TMP/fair.cmds" "$BIN" --lcores '0@0,1@1,2@0' \
	$(it_eal "$pfx") --vdev net_null0 --vdev net_null1 -- -i --forward-mode=delay \
	--total-num-mbufs=1024 --rxq=2 --txq=2 --nb-cores=2)
[ "$rc" -eq 0 ] || it_show "$out"
it_check_rc "$rc" "fair"
vals=()
lcores=""
for p in 0 1; do
	for q in 0 1; do
		rx=$(ex_stream_rx "$out" "$p" "$q")
		w=$(ex_q "$out" 1 "$p" "$q" wakeups)
		l=$(ex_q "$out" 1 "$p" "$q" lcore)
		it_log "port $p queue $q (lcore $l): RX-packets $rx, wakeups $w"
		ex_ge "$w" 1 "port $p queue $q was never woken by buffers"
		vals+=("$rx")
		lcores="$lcores $l"
	done
done
[ "$(echo "$lcores" | tr ' ' '\n' | sort -u | grep -c .)" -eq 2 ] ||
	it_fail "the four queues are not on two lcores ($lcores)"
read -r jain minok < <(printf '%s\n' "${vals[@]}" | awk '
	{ v[NR] = $1; s += $1; q += $1 * $1 }
	END { m = s / NR; ok = 1; for (i = 1; i <= NR; i++) if (v[i] * 4 < m) ok = 0
	      printf "%.4f %d\n", (q > 0 ? s * s / (NR * q) : 0), ok }')
it_log "Jain fairness index over the four queues: $jain"
[ "$minok" = 1 ] || it_fail "a queue got less than a quarter of the mean (${vals[*]})"
it_check_fwd "$out" || exit 1
it_audit "$out" || exit 1
it_pass "four queues on two lcores share an exhausted pool (Jain $jain)"
