#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# run.sh: run libFuzzer targets for a bounded time each, on a scratch copy of their seed corpus.
# usage: run.sh TARGET_BINARY...   (EBB_FUZZ_TIME seconds per target, default 30;
#        EBB_FUZZ_CORPUS the seed corpus root, default the corpus/ beside this script)
# A crash, leak or sanitizer report fails the run; its input is kept and its path printed:
# add it to corpus/<target>/ and to a unit test as a regression case.
set -u
T=${EBB_FUZZ_TIME:-30}
corpus=${EBB_FUZZ_CORPUS:-$(cd "$(dirname "$0")" && pwd)/corpus}
[ $# -ge 1 ] || { echo "usage: $0 TARGET_BINARY..." >&2; exit 2; }
fail=0
for bin in "$@"; do
	name=$(basename "$bin")
	work=$(mktemp -d "/tmp/ebb_applet_fuzz_${name}.XXXXXX")
	mkdir -p "$work/corpus"
	seeds="$corpus/$name"
	[ -d "$seeds" ] || seeds=
	rc=0
	# -timeout: an input that runs 10 s is a hang, reported like a crash
	"$bin" -max_total_time="$T" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$work/" -rss_limit_mb=2048 -max_len=2100 \
		"$work/corpus" $seeds >"$work/log" 2>&1 &
	pid=$!
	wait $pid || rc=$?
	# targets that start EAL use the prefix ebb_applet_fuzz_<pid> (no hugepage files)
	rm -rf "/var/run/dpdk/ebb_applet_fuzz_$pid"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1)
	units=$(ls "$work/corpus" | wc -l)
	echo "$name: ${execs:-?} executions in ${T}s, ${cov:-cov: ?}, $units new corpus units, rc $rc"
	if [ $rc -ne 0 ]; then
		fail=1
		tail -40 "$work/log"
		ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null
		echo "$name: FAILED, kept $work"
	else
		rm -rf "$work"
	fi
done
exit $fail
