#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# run.sh: check test/model/wait.pml exhaustively with SPIN in several configurations,
# and check that the model catches the lost wakeup when the ring re-check (W4) is removed.
# Usage: run.sh path/to/wait.pml    Exit: 0 pass, 1 fail, 77 spin or cc missing.
set -u
model=${1:?usage: run.sh wait.pml}
command -v spin >/dev/null 2>&1 || { echo "spin not installed: skip"; exit 77; }
command -v cc >/dev/null 2>&1 || { echo "cc not installed: skip"; exit 77; }
work=$(mktemp -d /tmp/ebb_wait_model.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
cp "$model" "$work/wait.pml" || exit 1
cd "$work" || exit 1
fail=0

# check <expected errors> <spin defines...>
check() {
	expect=$1
	shift
	rm -f pan pan.* wait.pml.trail
	if ! spin "$@" -a wait.pml >spin.log 2>&1 || ! cc -O2 -DSAFETY -o pan pan.c 2>cc.log; then
		echo "FAIL [$*]: model does not build"; cat spin.log cc.log; fail=1; return
	fi
	./pan -m1000000 >pan.log 2>&1
	got=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' pan.log)
	states=$(sed -n 's/^ *\([0-9e.+]*\) states, stored.*/\1/p' pan.log)
	if grep -q "max search depth too small" pan.log; then
		echo "FAIL [$*]: search depth too small"; fail=1; return
	fi
	if [ "$got" = "$expect" ]; then
		echo "ok   [$*]: errors $got (expected $expect), $states states"
	else
		echo "FAIL [$*]: errors $got, expected $expect"; cat pan.log
		[ -f wait.pml.trail ] && spin -t -p "$@" wait.pml | tail -40
		fail=1
	fi
}

check 0
check 0 -DCANCEL
check 0 -DNEED=2
check 0 -DNF=3
check 0 -DNEED=2 -DNF=3 -DCANCEL
check 0 -DNEED=3 -DNF=3 -DCANCEL
# without W4 a freer's stale read of demand leaves the buffer in the ring unseen
check 1 -DNO_RECHECK
exit $fail
