#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_fwd_null.sh: two net_null ports forward in io and mac modes; counts add up; audit.
# Description: for each mode, start, forward 2 s, stop, quit: RX-packets > 0 and
# TX-packets + TX-dropped == RX-packets in the accumulated forward statistics, exit 0,
# every mbuf back in its pool.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"

for mode in io mac; do
	pfx=$(it_prefix "$mode")
	out=$IT_TMP/$mode.out
	printf 'start\nsleep 2\nstop\nquit\n' > "$IT_TMP/$mode.cmds"
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$out" "$IT_TMP/$mode.cmds" "$BIN" -l 0,1 $(it_eal "$pfx") \
		--vdev net_null0 --vdev net_null1 -- -i --forward-mode="$mode" $(it_app_extra))
	[ "$rc" -eq 0 ] || it_show "$out"
	it_check_rc "$rc" "$mode: $(basename "$BIN")"
	grep -qiE "^ *$mode packet forwarding|forward(ing)? mode:? *$mode\b|\b$mode\b.*forwarding" "$out" ||
		it_log "note: no line names the mode '$mode'"
	it_check_fwd "$out" || exit 1
	it_audit "$out" || exit 1
	it_log "$mode: ok"
done
it_pass "io and mac forward on two net_null ports"
