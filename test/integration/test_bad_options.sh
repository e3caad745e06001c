#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_bad_options.sh: bad options are refused with one clear line, non-zero, no crash.
# Description: each invocation must exit non-zero (not by a signal, not by the timeout)
# and print exactly one line starting "ebbflow:" that says what is wrong.
. "$(dirname "$0")/lib.sh"

ulimit -c 0
mkdir -p "$IT_TMP/nohuge"   # a directory that is no hugetlbfs mount

# one case a line: name | EAL memory args | application args
cases=$(cat <<CASES
unknown mode|--no-huge -m 256|--forward-mode=nosuchmode
eth-peer port 99|--no-huge -m 256|--eth-peer=99,02:00:00:00:00:01
nb-cores 0|--no-huge -m 256|--nb-cores=0
burst 513|--no-huge -m 256|--burst=513
mbcache 513|--no-huge -m 256|--mbcache=513
unknown option|--no-huge -m 256|--no-such-option
latencystats -1|--no-huge -m 256|--latencystats=-1
no hugepages without --no-huge|--huge-dir $IT_TMP/nohuge|
CASES
)

# testpmd takes any lcore id >= 0 there (and then never updates them): ebbflow's own checks
if ! it_is_testpmd; then
	cases+=$'\nlatencystats on no lcore|--no-huge -m 256|--latencystats=5'
	cases+=$'\nbitrate-stats on the main lcore|--no-huge -m 256|--bitrate-stats=0'
fi

n=0 failed=0
while IFS='|' read -r name mem app; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	out=$IT_TMP/case$n.out
	pfx=$(it_prefix "c$n")
	# shellcheck disable=SC2086
	rc=$(it_run 30 "$out" "$BIN" -l 0,1 --no-pci --file-prefix "$pfx" $mem \
		--vdev net_null0 --vdev net_null1 -- $app $(it_app_extra))
	why=""
	if [ "$rc" -eq 0 ]; then
		why="accepted (exit 0)"
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		why="hung (killed by timeout)"
	elif [ "$rc" -ge 128 ]; then
		why="died by signal $((rc - 128))"
	elif grep -qi 'core dumped\|segmentation fault\|assert' "$out"; then
		why="crashed"
	elif ! it_is_testpmd; then
		lines=$(grep -c '^ebbflow:' "$out")
		[ "$lines" -eq 1 ] || why="$lines lines start with 'ebbflow:' (want exactly 1)"
	fi
	if [ -n "$why" ]; then
		it_log "FAIL $name: $why"
		tail -n 8 "$out" | sed 's/^/    /'
		failed=$((failed + 1))
	else
		it_log "ok   $name: exit $rc: $(grep -m1 '^ebbflow:' "$out" || tail -n 1 "$out")"
	fi
done <<<"$cases"

[ "$failed" -eq 0 ] || it_fail "$failed of $n bad invocations not refused cleanly"
it_pass "$n bad invocations refused"
