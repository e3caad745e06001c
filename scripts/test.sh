#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test.sh: the one test command: setup (packages, hugepages, build), then meson test.
#   scripts/test.sh [--suite S]... [--sanitize] [--hog] [--ci|--no-ci] [--no-setup] [-- meson test options]
# Suites by default: unit model integration stress. Ends with a line "N passed, N failed"
# (", N skipped" when some skipped) and exits non-zero when anything failed or nothing ran.
# --hog: a CPU hog (a busy loop pinned to each CPU) runs while the suites run: tests
# must pass on a loaded machine. It ends with the script (trap), whatever happens.
# --ci (the default when CI=true, as .ci/run runs it; only without --suite/--sanitize)
# adds five passes, each in its own build dir: the sanitizer build (unit, integration,
# stress with a short count) under the CPU hog, the fuzz suite built with clang
# (EBB_FUZZ_TIME s per target, default 30), the integration suite with
# -Ddebug_checks=true, scripts/fresh.sh (the README's commands on a bare Debian 12
# root; EBB_CI_FRESH=0 leaves it out) and scripts/vm.sh (real PMDs in a QEMU guest;
# EBB_CI_VM=0 leaves it out). The summary covers them all.
set -euo pipefail
. "$(dirname "$0")/common.sh"

suites=()
sanitize=0 do_setup=1 ci=0 hog=0
[ "${CI:-}" != true ] || ci=1
usage() { sed -n '4,15p' "$0" | sed 's/^# *//'; }
while [ $# -gt 0 ]; do
	case "$1" in
	--suite) [ $# -ge 2 ] || { usage >&2; exit 2; }; suites+=("$2"); shift ;;
	--suite=*) suites+=("${1#--suite=}") ;;
	--sanitize) sanitize=1 ;;
	--hog) hog=1 ;;
	--ci) ci=1 ;;
	--no-ci) ci=0 ;;
	--no-setup) do_setup=0 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) ebb_say "unknown option '$1'"; usage >&2; exit 2 ;;
	esac
	shift
done
suites_given=${#suites[@]}
[ ${#suites[@]} -gt 0 ] || suites=(unit model integration stress)
san_opts=(-Db_sanitize=address,undefined -Db_lundef=false)
# DPDK's own allocations outlive main: leak reports are noise here
san_env=(ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}"
	UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}")

# the CPU hog: one busy loop per CPU, each pinned to its CPU; stopped by the EXIT trap
hog_pids=()
logs_dir=""
cleanup() {
	hog_stop
	[ -z "$logs_dir" ] || rm -rf "$logs_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
hog_start() {
	local c n
	n=$(nproc)
	for ((c = 0; c < n; c++)); do
		# each loop also ends when this script is gone (killed with SIGKILL: no trap)
		taskset -c "$c" sh -c "while kill -0 $$ 2>/dev/null; do :; done" &
		hog_pids+=($!)
	done
	ebb_say "CPU hog on $n CPUs (pids ${hog_pids[*]})"
}
hog_stop() {
	[ ${#hog_pids[@]} -gt 0 ] || return 0
	kill "${hog_pids[@]}" 2>/dev/null || true
	wait "${hog_pids[@]}" 2>/dev/null || true
	hog_pids=()
}

t0=$(date +%s)
if [ "$sanitize" -eq 1 ]; then
	build_dir=${EBB_BUILD_DIR:-$EBB_ROOT/build-sanitize}
	meson_opts=("${san_opts[@]}")
	mult=3
	export "${san_env[@]}"
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
[ "$hog" -eq 0 ] || hog_start
timeout -k 10 "${EBB_TEST_TIMEOUT:-780}" \
	meson test -C "$build_dir" "${args[@]}" --print-errorlogs \
	--timeout-multiplier "$mult" "$@" < /dev/null || rc=$?
[ "$rc" -ne 124 ] || ebb_say "meson test stopped after ${EBB_TEST_TIMEOUT:-780} s"
hog_stop
ebb_say "suites ${suites[*]} in $build_dir$([ "$hog" -eq 0 ] || echo ' under the CPU hog'), $(( $(date +%s) - t0 )) s"

# every pass's testlog.json, summed at the end
logs_dir=$(mktemp -d /tmp/ebb_test_logs.XXXXXX)
[ ! -f "$log" ] || cp "$log" "$logs_dir/0-main.json"

# ci_fail PASS WHAT: a pass that could not run counts as one failed test
ci_fail() {
	ebb_say "pass $1: $2"
	printf '{"name": "%s", "result": "FAIL"}\n' "$2" >> "$logs_dir/$1-setup.json"
}

# ci_build PASS DIR [VAR=V...] -- MESON_OPTS...: configure and build DIR (VAR: CC=clang)
ci_build() {
	local pass=$1 dir=$2 envs=() t
	shift 2
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	t=$(date +%s)
	if [ ! -f "$dir/build.ninja" ]; then
		env "${envs[@]}" meson setup "$dir" "$EBB_ROOT" "$@" > "$logs_dir/$pass.setup" 2>&1 ||
			{ tail -20 "$logs_dir/$pass.setup" >&2; ci_fail "$pass" "meson setup failed"; return 1; }
	else
		meson configure "$dir" "$@" > /dev/null 2>&1 ||
			{ ci_fail "$pass" "meson configure failed"; return 1; }
	fi
	ninja -C "$dir" > "$logs_dir/$pass.build" 2>&1 ||
		{ tail -30 "$logs_dir/$pass.build" >&2; ci_fail "$pass" "build failed"; return 1; }
	ebb_say "pass $pass: built $dir in $(( $(date +%s) - t )) s"
}

# ci_test PASS DIR SECS [VAR=V...] -- MESON_TEST_ARGS...: meson test, bounded by SECS
ci_test() {
	local pass=$1 dir=$2 secs=$3 envs=() r=0 t
	shift 3
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	t=$(date +%s)
	rm -f "$dir/meson-logs/testlog.json"
	timeout -k 10 "$secs" env "${envs[@]}" meson test -C "$dir" --no-rebuild \
		--print-errorlogs "$@" < /dev/null || r=$?
	[ "$r" -ne 124 ] || ci_fail "$pass" "meson test stopped after $secs s"
	[ ! -f "$dir/meson-logs/testlog.json" ] ||
		cp "$dir/meson-logs/testlog.json" "$logs_dir/$pass.json"
	ebb_say "pass $pass: $* in $dir, $(( $(date +%s) - t )) s"
}

if [ "$ci" -eq 1 ] && [ "$sanitize" -eq 0 ] && [ "$suites_given" -eq 0 ]; then
	# 1. sanitizers: ASan + UBSan over our code, DPDK's inlines included, on a loaded
	# machine (the CPU hog on every CPU)
	d=${EBB_SAN_BUILD_DIR:-$EBB_ROOT/build-sanitize}
	if ci_build 1-sanitize "$d" -- "${san_opts[@]}"; then
		hog_start
		# each test's own timeout (a hang costs that, not the pass), the pass bounded too
		ci_test 1-sanitize "$d" 540 "${san_env[@]}" -- --suite unit --suite integration \
			--timeout-multiplier 2
		# the stress programs with a short count (the last --handoffs wins)
		ci_test 2-sanitize-stress "$d" 120 "${san_env[@]}" -- --suite stress \
			--test-args "--handoffs ${EBB_CI_STRESS_HANDOFFS:-300000}"
		hog_stop
	fi
	# 2. fuzz targets (clang + libFuzzer), EBB_FUZZ_TIME seconds each
	d=${EBB_FUZZ_BUILD_DIR:-$EBB_ROOT/build-fuzz}
	if ! command -v clang > /dev/null; then
		ci_fail 3-fuzz "clang not installed (scripts/setup.sh installs it)"
	elif ci_build 3-fuzz "$d" CC=clang -- -Dfuzz=true; then
		ci_test 3-fuzz "$d" 600 EBB_FUZZ_TIME="${EBB_FUZZ_TIME:-30}" -- --suite fuzz
	fi
	# 3. mbuf sanity checks (RTE_LIBRTE_MBUF_DEBUG) and EBB_DEBUG under the integration suite
	d=${EBB_DEBUG_BUILD_DIR:-$EBB_ROOT/build-debug}
	if ci_build 4-debug-checks "$d" -- -Ddebug_checks=true; then
		ci_test 4-debug-checks "$d" 420 -- --suite integration
	fi
	# 4. the README's two commands on a bare Debian 12 root, from a clone of HEAD
	if [ "${EBB_CI_FRESH:-1}" = 1 ]; then
		t=$(date +%s) r=0
		timeout -k 30 "$(( ${EBB_FRESH_TIMEOUT:-2400} + 60 ))" \
			"$EBB_ROOT/scripts/fresh.sh" < /dev/null || r=$?
		if [ "$r" -eq 0 ]; then
			printf '{"name": "fresh", "result": "OK"}\n' > "$logs_dir/5-fresh.json"
		else
			ci_fail 5-fresh "scripts/fresh.sh failed (exit $r, see above)"
		fi
		ebb_say "pass 5-fresh: scripts/fresh.sh, $(( $(date +%s) - t )) s"
	fi
	# 5. real PCI PMDs (e1000e, virtio-net, vmxnet3) in a QEMU guest: scripts/vm.sh, one
	# test per case, bounded (a cold guest root adds 10-15 minutes on a loaded machine)
	if [ "${EBB_CI_VM:-1}" = 1 ]; then
		t=$(date +%s) r=0
		timeout -k 30 "${EBB_CI_VM_TIMEOUT:-2400}" "$EBB_ROOT/scripts/vm.sh" < /dev/null \
			> "$logs_dir/6-vm.out" 2>&1 || r=$?
		cat "$logs_dir/6-vm.out"
		[ "$r" -ne 124 ] ||
			ci_fail 6-vm "scripts/vm.sh stopped after ${EBB_CI_VM_TIMEOUT:-2400} s"
		grep -q '^vm: case ' "$logs_dir/6-vm.out" ||
			ci_fail 6-vm "scripts/vm.sh ran no case (exit $r)"
		awk '/^vm: case n?[0-9]+: / { sub(":", "", $3)
			printf "{\"name\": \"vm case %s\", \"result\": \"%s\"}\n", $3,
				($4 == "PASS" ? "OK" : ($4 == "XFAIL" ? "EXPECTEDFAIL" : "FAIL")) }' \
			"$logs_dir/6-vm.out" > "$logs_dir/6-vm.json"
		ebb_say "pass 6-vm: scripts/vm.sh, $(( $(date +%s) - t )) s"
	fi
fi

# the summary, from meson's own record of every test of every pass
summary=$(python3 - "$logs_dir" <<'EOF'
import glob, json, os, sys
ok = fail = skip = 0
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    name = os.path.basename(path)[:-5]
    with open(path) as f:
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
                print(f"test.sh: {r}: {name}: {t.get('name', '?')}", file=sys.stderr)
print(f"{ok} passed, {fail} failed" + (f", {skip} skipped" if skip else ""))
EOF
)
ebb_say "all passes: $(( $(date +%s) - t0 )) s"
echo "$summary"
case "$summary" in
"0 passed, 0 failed"*) ebb_say "no test ran"; exit 1 ;;
*", 0 failed"*) [ "$rc" -eq 0 ] || exit "$rc"; exit 0 ;;
*) exit 1 ;;
esac
