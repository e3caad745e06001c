# SPDX-License-Identifier: BSD-3-Clause
# common.sh: helpers sourced by the scripts (hugepage check, EAL memory args, cleanup).
# shellcheck shell=bash

EBB_ROOT=${EBB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
EBB_HUGE_MNT=${EBB_HUGE_MNT:-/dev/hugepages}
EBB_RUNDIR=${EBB_RUNDIR:-/var/run/dpdk}

ebb_say() { echo "$(basename "$0"): $*" >&2; }
ebb_die() { ebb_say "$*"; exit 1; }

# A script under set -e that a failing command ends says which command, where, and with
# what status, so no script exits non-zero silently (the specific checks say more).
if [[ $- == *e* ]]; then
	trap 'ebb_rc=$?; ebb_say "failed (exit $ebb_rc) at line $LINENO: $BASH_COMMAND"' ERR
fi

# ebb_huge_free_mb: MiB of free 2 MiB hugepages (0 when hugetlbfs is not mounted)
ebb_huge_free_mb() {
	grep -qs " $EBB_HUGE_MNT hugetlbfs " /proc/mounts || { echo 0; return; }
	local free
	free=$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo 2>/dev/null)
	echo $(( ${free:-0} * 2 ))
}

# ebb_huge_ok MB: true when MB MiB of hugepages are free and hugetlbfs is mounted
ebb_huge_ok() { [ "$(ebb_huge_free_mb)" -ge "${1:-256}" ]; }

# ebb_cleanup_prefix PREFIX: remove what a DPDK process with this --file-prefix left
ebb_cleanup_prefix() {
	[ -n "${1:-}" ] || return 0
	rm -f "$EBB_HUGE_MNT/$1"map_* "$EBB_HUGE_MNT/$1"map-* 2>/dev/null
	rm -rf "${EBB_RUNDIR:?}/$1" 2>/dev/null
	return 0
}

# ebb_binary NAME: path of a built program in the build dir, else empty
ebb_binary() {
	local b=${EBB_BUILD_DIR:-$EBB_ROOT/build}
	case "$1" in
	ebbflow) [ -x "$b/app/ebbflow/ebbflow" ] && echo "$b/app/ebbflow/ebbflow" ;;
	*) [ -x "$b/$1" ] && echo "$b/$1" ;;
	esac
	return 0
}

# ebb_need_build: run setup.sh unless ebbflow is built and up to date with the sources
ebb_need_build() {
	local b=${EBB_BUILD_DIR:-$EBB_ROOT/build}
	[ -x "$b/app/ebbflow/ebbflow" ] || return 0
	ninja -C "$b" -n 2>/dev/null | grep -q 'ninja: no work to do' && return 1
	return 0
}

# ebb_sched PID idle|other: idle: the threads of a DPDK process PID other than its lcore
# workers SCHED_IDLE (a load generator's spinning main and timer threads yield to the
# forwarder's CPU; set once EAL and the ports are up: an idle thread gets next to nothing
# done on a CPU that a forwarder keeps busy);
# other: every thread SCHED_OTHER again (for a prompt shutdown). Prints how many it set.
ebb_sched() {
	local t n=0 c
	for t in /proc/"$1"/task/*; do
		c=$(cat "$t/comm" 2>/dev/null) || continue
		if [ "$2" = idle ]; then
			# the lcore workers stay, and the threads that sleep in the kernel (telemetry,
			# interrupts, multi-process): SCHED_IDLE beside a busy lcore they would starve
			case "$c" in *worker*|telemetry*|eal-intr*|rte_mp*) continue ;; esac
			chrt -i -p 0 "${t##*/}" 2>/dev/null && n=$((n + 1))
		else
			chrt -o -p 0 "${t##*/}" 2>/dev/null && n=$((n + 1))
		fi
	done
	echo "$n"
}

# ebb_descendants PID: its children, grandchildren ...
ebb_descendants() {
	local c
	for c in $(pgrep -P "$1"); do echo "$c"; ebb_descendants "$c"; done
}
# ebb_dpdk_pid PID PREFIX: the DPDK process among PID and its descendants (timeout, script,
# shell ...): the one that maps the hugepage files of --file-prefix PREFIX
ebb_dpdk_pid() {
	local p
	for p in $1 $(ebb_descendants "$1"); do
		grep -qF "$EBB_HUGE_MNT/${2}map" "/proc/$p/maps" 2>/dev/null &&
			{ echo "$p"; return; }
	done
	return 0
}

# ebb_bench_init NAME TMPNAME PREFIX [testpmd]: what every bench script starts with: the
# build (setup.sh when it is missing), EBB (and TESTPMD with "testpmd"), a work dir
# ($work, /tmp/TMPNAME.XXXXXX) and a --file-prefix base ($pfx_base, PREFIX_PID) whose
# jobs, hugepage files and run dirs the EXIT trap removes, and the results file $out
# (default results/NAME-DATE.txt) that report LINE... writes to, beside stdout.
# median: the median of the numbers on stdin (n/a when none).
ebb_bench_init() {
	if ebb_need_build; then "$EBB_ROOT/scripts/setup.sh"; fi
	EBB=$(ebb_binary ebbflow)
	[ -n "$EBB" ] || ebb_die "ebbflow is not built"
	if [ "${4:-}" = testpmd ]; then
		TESTPMD=$(command -v dpdk-testpmd || true)
		[ -n "$TESTPMD" ] || ebb_die "dpdk-testpmd not found (package dpdk-dev)"
	fi
	work=$(mktemp -d "/tmp/$2.XXXXXX")
	pfx_base="$3_$$"
	trap ebb_bench_cleanup EXIT
	trap '' PIPE
	mkdir -p "$EBB_ROOT/results"
	[ -n "${out:-}" ] || out=$EBB_ROOT/results/$1-$(date +%Y%m%d-%H%M%S).txt
	: > "$out"
}
ebb_bench_cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done
	rm -f "$EBB_HUGE_MNT/${pfx_base}_"* 2>/dev/null
	rm -rf "${EBB_RUNDIR:?}/${pfx_base}_"* 2>/dev/null
	rm -rf "$work"
}
report() { printf '%s\n' "$@" | tee -a "$out"; }
median() { sort -g | awk '{ v[NR] = $1 } END {
	if (NR == 0) { print "n/a"; exit }
	if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ebb_cg_per_packet DIR TAG PFX [VALGRIND OPTS...] -- CMD...: callgrind events per
# forwarded packet in the forwarding lcore's thread of CMD, printed as "EVENT VALUE ...
# packets N" (nothing when nothing was counted). CMD is a DPDK program with
# --file-prefix PFX that forwards from its start (testpmd's -a) and prints testpmd's
# "Accumulated forward statistics" on SIGINT (not driven through its prompt: under
# valgrind a polling lcore can starve the main one). Two runs, of 2 s and 6 s
# (--separate-threads: one profile per thread), files DIR/TAG-*; per packet is the
# difference of the two runs' totals over the difference of their packets, in the thread
# whose count grew most between them: the forwarding lcore. So what does not grow with
# traffic (start-up, the worker's wait for launch, port start, the pool's first fill,
# shutdown) cancels out, also on a loaded machine where few packets pass and the busiest
# thread is the main one. --fair-sched: else valgrind may let the polling lcore starve
# the main one.
ebb_cg_per_packet() {
	local dir=$1 tag=$2 pfx=$3 vg=() d f t pk log fifo tpid cpid fd rc
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do vg+=("$1"); shift; done
	shift
	for d in 2 6; do
		log=$dir/$tag-$d.log fifo=$dir/$tag.in rc=0
		rm -f "$fifo" "$dir/$tag-$d.out"-*
		mkfifo "$fifo"
		# stdin: a fifo held open and silent (testpmd -a quits at end of input)
		timeout -k 5 1200 stdbuf -oL valgrind --tool=callgrind --fair-sched=yes \
			--separate-threads=yes "${vg[@]}" --callgrind-out-file="$dir/$tag-$d.out" \
			"$@" < "$fifo" > "$log" 2>&1 &
		tpid=$!
		exec {fd}> "$fifo"
		ebb_wait_log "$log" 'packet forwarding - ports' 600 "$tpid" ||
			ebb_say "$tag did not start forwarding (log: $log)"
		sleep "$d"
		cpid=$(pgrep -P "$tpid" | head -n 1)
		kill -INT "${cpid:-$tpid}" 2>/dev/null || true
		ebb_wait_log "$log" 'Accumulated forward statistics' 300 "$tpid" ||
			ebb_say "$tag printed no stats after SIGINT (log: $log)"
		exec {fd}>&-
		wait "$tpid" || rc=$?
		ebb_cleanup_prefix "$pfx"
		[ "$rc" -eq 0 ] || ebb_say "$tag exited with status $rc (log: $log)"
		pk=$(ebb_fwd_packets "$log")
		# one line per thread: "D THREAD PACKETS EVENTS..."
		for f in "$dir/$tag-$d.out"-*; do
			[ -f "$f" ] || continue
			t=${f##*-}
			awk -v d="$d" -v t="$t" -v p="${pk:-0}" '
				/^events:/ { $1 = ""; ev = $0 }
				/^(summary|totals):/ { $1 = ""; s = $0 }
				END { print "events" ev; print d, t, p s }' "$f"
		done
	done > "$dir/$tag.sum"
	awk '
		$1 == "events" { n = split($0, ev, " "); next }
		$1 == 2 { for (i = 3; i <= NF; i++) a[$2, i] = $i; next }
		$1 == 6 { for (i = 3; i <= NF; i++) b[$2, i] = $i; th[$2] = 1 }
		END { best = ""
		      for (t in th) if (best == "" || b[t, 4] - a[t, 4] > b[best, 4] - a[best, 4]) best = t
		      if (best == "") exit
		      dp = b[best, 3] - a[best, 3]
		      if (dp <= 0) exit
		      for (i = 2; i <= n; i++) printf "%s %.3f ", ev[i], (b[best, i + 2] - a[best, i + 2]) / dp
		      printf "packets %d\n", dp }' "$dir/$tag.sum"
}

# ebb_wait_log FILE REGEX SECS [PID]: until FILE has a line matching REGEX (false after
# SECS, or at once when PID is given and has exited)
ebb_wait_log() {
	local n=$(($3 * 10))
	while [ "$n" -gt 0 ]; do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		[ -z "${4:-}" ] || kill -0 "$4" 2>/dev/null || return 1
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# ebb_fwd_packets LOG: TX-packets of the last "Accumulated forward statistics" in LOG (0)
ebb_fwd_packets() {
	awk '/Accumulated forward statistics/ { acc = 1; next }
	     acc && /TX-packets:/ { v = $2; acc = 0 } END { print (v == "" ? 0 : v) }' "$1"
}
