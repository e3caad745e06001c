#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test.sh: the one test command: setup (packages, hugepages, build), then meson test.
#   scripts/test.sh [--suite S]... [--sanitize] [--no-setup] [-- meson test options]
# Suites by default: unit model integration stress. Ends with a line "N passed, N failed"
# (", N skipped" when some skipped) and exits non-zero when anything failed or nothing ran.
set -euo pipefail
. "$(dirname "$0")/common.sh"

suites=()
sanitize=0 do_setup=1
usage() { sed -n '4,6p' "$0" | sed 's/^# *//'; }
while [ $# -gt 0 ]; do
	case "$1" in
	--suite) [ $# -ge 2 ] || { usage >&2; exit 2; }; suites+=("$2"); shift ;;
	--suite=*) suites+=("${1#--suite=}") ;;
	--sanitize) sanitize=1 ;;
	--no-setup) do_setup=0 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) ebb_say "unknown option '$1'"; usage >&2; exit 2 ;;
	esac
	shift
done
[ ${#suites[@]} -gt 0 ] || suites=(unit model integration stress)

t0=$(date +%s)
if [ "$sanitize" -eq 1 ]; then
	build_dir=${EBB_BUILD_DIR:-$EBB_ROOT/build-sanitize}
	meson_opts=(-Db_sanitize=address,undefined -Db_lundef=false)
	mult=3
	# DPDK's own allocations outlive main: leak reports are noise here
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
else
	build_dir=${EBB_BUILD_DIR:-$EBB_ROOT/build}
	meson_opts=()
	mult=1
fi

if [ "$do_setup" -eq 1 ]; then
	"$EBB_ROOT/scripts/setup.sh" --build-dir "$build_dir" -- "${meson_opts[@]}" ||
		ebb_die "setup or build failed (see above): no test run"
elif [ ! -f "$build_dir/build.ninja" ]; then
	meson setup "$build_dir" "$EBB_ROOT" "${meson_opts[@]}"
fi

args=()
for s in "${suites[@]}"; do args+=(--suite "$s"); done
log=$build_dir/meson-logs/testlog.json
rm -f "$log"
# each test has its own meson timeout; the whole is bounded too (CI allows 15 minutes)
rc=0
timeout -k 10 "${EBB_TEST_TIMEOUT:-780}" \
	meson test -C "$build_dir" "${args[@]}" --print-errorlogs \
	--timeout-multiplier "$mult" "$@" < /dev/null || rc=$?
[ "$rc" -ne 124 ] || ebb_say "meson test stopped after ${EBB_TEST_TIMEOUT:-780} s"

# the summary, from meson's own record of every test
summary=$(python3 - "$log" <<'EOF'
import json, sys
ok = fail = skip = 0
try:
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            t = json.loads(line)
            r = t.get("result", "")
            if r in ("OK", "EXPECTEDFAIL"):
                ok += 1
            elif r == "SKIP":
                skip += 1
            else:  # FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, INTERRUPT
                fail += 1
                print(f"test.sh: {r}: {t.get('name', '?')}", file=sys.stderr)
except FileNotFoundError:
    pass
print(f"{ok} passed, {fail} failed" + (f", {skip} skipped" if skip else ""))
EOF
)
ebb_say "suites ${suites[*]} in $build_dir, $(( $(date +%s) - t0 )) s"
echo "$summary"
case "$summary" in
"0 passed, 0 failed"*) ebb_say "no test ran"; exit 1 ;;
*", 0 failed"*) [ "$rc" -eq 0 ] || exit "$rc"; exit 0 ;;
*) exit 1 ;;
esac
