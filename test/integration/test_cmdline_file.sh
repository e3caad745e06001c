#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_cmdline_file.sh: a --cmdline-file session drives ebbflow with testpmd's commands.
# Description: the file sets mode mac, starts, shows the port stats, stops and quits; the
# program runs it without a terminal, prints both ports' stats and the forward stats in
# mac mode, reports no unknown command, exits 0, and the audit passes.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"

pfx=$(it_prefix cf)
out=$IT_TMP/cf.out
cat > "$IT_TMP/cmds" <<'CMDS'
set fwd mac
show config fwd
start
show port stats all
stop
quit
CMDS
# shellcheck disable=SC2046
rc=$(it_run 60 "$out" "$BIN" -l 0,1 $(it_eal "$pfx") --vdev net_null0 --vdev net_null1 \
	-- --cmdline-file="$IT_TMP/cmds" $(it_app_extra))
[ "$rc" -eq 0 ] || it_show "$out"
it_check_rc "$rc" "--cmdline-file session"

grep -qiE 'bad arguments|unknown command|invalid command|command not found|ambiguous command' "$out" &&
	{ it_show "$out"; it_fail "a command of the file was refused"; }
grep -qiw mac "$out" || { it_show "$out"; it_fail "nothing says the mode is mac"; }
for p in 0 1; do
	[ -n "$(it_port_stat "$out" "$p" RX-packets)" ] ||
		{ it_show "$out" 60; it_fail "show port stats all printed no RX-packets for port $p"; }
done
rx=$(it_fwd_stat "$out" RX-packets)
tx=$(it_fwd_stat "$out" TX-packets)
txd=$(it_fwd_stat "$out" TX-dropped)
[ -n "$rx" ] && [ -n "$tx" ] && [ -n "$txd" ] || { it_show "$out" 60; it_fail "stop printed no forward statistics"; }
# start and stop come a few milliseconds apart: traffic may be small, but it must add up
[ $((tx + txd)) -eq "$rx" ] || it_fail "TX-packets $tx + TX-dropped $txd != RX-packets $rx"
it_log "forward stats: RX-packets $rx TX-packets $tx TX-dropped $txd"
# the quit of the file ends the program: nothing after it was read from stdin
it_audit "$out" || exit 1
it_pass "--cmdline-file session"
