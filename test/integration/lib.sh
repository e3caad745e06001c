# SPDX-License-Identifier: BSD-3-Clause
# lib.sh: shared helpers of the integration tests (EAL args, hugepages, runs, stats, audit).
# shellcheck shell=bash
#
# A test script is run by meson as `test_X.sh <path of ebbflow>`; EBB_IT_BIN overrides the
# program (e.g. /usr/bin/dpdk-testpmd, to check the harness itself: then the ebbflow-only
# checks, such as the pool audit, are skipped and say so). Exit 0 pass, 1 fail, 77 skip.

set -uo pipefail

IT_NAME=$(basename "$0" .sh)
IT_NAME=${IT_NAME#test_}
BIN=${EBB_IT_BIN:-${1:-}}
IT_PREFIX="ebb_ops_${IT_NAME}_$$"   # unique --file-prefix base; it_prefix adds a suffix
IT_PIDS=()
IT_HUGE_MNT=${EBB_HUGE_MNT:-/dev/hugepages}
IT_TMP=$(mktemp -d "/tmp/ebb_it_${IT_NAME}.XXXXXX")
IT_KEEP=${EBB_IT_KEEP:-0}
# Tests and the scripts they run (loadtest.sh) start programs under stdbuf, which preloads
# its library ahead of a sanitizer build's ASan runtime; ASan then aborts at start unless
# told that the order is fine (stdbuf intercepts no allocation)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

it_log() { echo "[$IT_NAME] $*"; }
it_skip() { it_log "SKIP: $*"; exit 77; }
it_fail() {
	it_log "FAIL: $*"
	IT_KEEP=1
	exit 1
}
it_pass() { it_log "PASS${1:+: $*}"; exit 0; }

it_cleanup() {
	local p
	for p in "${IT_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${IT_PIDS[@]}"; do
		# a DPDK process that ignores TERM for 3 s is killed
		for _ in 1 2 3 4 5 6; do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
		kill -KILL "$p" 2>/dev/null
	done
	# every prefix of this run starts with IT_PREFIX_ (see it_prefix)
	rm -f "$IT_HUGE_MNT/${IT_PREFIX}_"* 2>/dev/null
	rm -rf "/var/run/dpdk/${IT_PREFIX}_"* 2>/dev/null
	if [ "$IT_KEEP" = 1 ]; then
		it_log "logs kept in $IT_TMP"
	else
		rm -rf "$IT_TMP"
	fi
}
trap it_cleanup EXIT
trap 'it_fail "interrupted"' INT TERM

[ -n "$BIN" ] || it_fail "usage: $0 <path of ebbflow>"
[ -x "$BIN" ] || it_fail "$BIN is not an executable (build ebbflow first)"

# it_is_testpmd: true when the program under test is dpdk-testpmd (harness check)
it_is_testpmd() { case "$(basename "$BIN")" in *testpmd*) return 0 ;; esac; return 1; }

# it_prefix TAG: a --file-prefix unique to this test run; its files are removed at exit
it_prefix() { echo "${IT_PREFIX}_$1"; }

# it_huge_free_mb: MiB of free 2 MiB hugepages, 0 when hugetlbfs is not mounted
it_huge_free_mb() {
	grep -qs " $IT_HUGE_MNT hugetlbfs " /proc/mounts || { echo 0; return; }
	echo $(( $(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo) * 2 ))
}

# it_need_huge MB: skip (77) unless MB MiB of hugepages are free and hugetlbfs mounted
it_need_huge() {
	local free
	free=$(it_huge_free_mb)
	grep -qs " $IT_HUGE_MNT hugetlbfs " /proc/mounts ||
		it_skip "needs hugepages: no hugetlbfs mounted on $IT_HUGE_MNT (run scripts/hugepages.sh as root)"
	[ "$free" -ge "$1" ] ||
		it_skip "needs $1 MiB of hugepages, $free MiB free (run scripts/hugepages.sh as root)"
}

# it_eal PREFIX [huge]: EAL memory and device-independent args; --no-pci always.
# Without "huge": --no-huge -m 256 (single-process tests need no shared memory).
it_eal() {
	if [ "${2:-}" = huge ]; then
		echo "--no-pci --file-prefix $1 --socket-mem 256"
	else
		echo "--no-pci --file-prefix $1 --no-huge -m 256"
	fi
}

# it_app_extra: application options the program under test needs in 256 MiB
# (testpmd's default pool does not fit; ebbflow sizes its pools from the queues)
it_app_extra() {
	if it_is_testpmd; then echo "--total-num-mbufs=8192"; fi
}

# it_run SECS OUT CMD...: run CMD with stdin from /dev/null, stdout+stderr to OUT,
# killed after SECS (and KILLed 5 s later); prints rc.
it_run() {
	local secs=$1 out=$2 rc
	shift 2
	it_log "run: $*" >&2
	timeout -k 5 "$secs" "$@" < /dev/null > "$out" 2>&1
	rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		it_log "timed out after $secs s: $*" >&2
		tail -n 30 "$out" >&2
	fi
	echo "$rc"
}

# it_session SECS OUT SCRIPT CMD...: like it_run, stdin fed from the lines of SCRIPT; a
# line "sleep N" is not sent but waited, so that commands go in with time between them.
it_session() {
	local secs=$1 out=$2 script=$3 rc
	shift 3
	it_log "session: $* < $script" >&2
	it_feed "$script" | timeout -k 5 "$secs" "$@" > "$out" 2>&1
	rc=${PIPESTATUS[1]}
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		it_log "timed out after $secs s: $*" >&2
		tail -n 30 "$out" >&2
	fi
	echo "$rc"
}

# it_feed SCRIPT: print SCRIPT's lines, waiting where a line says "sleep N"
it_feed() {
	local line
	while IFS= read -r line; do
		case "$line" in
		"sleep "*) sleep "${line#sleep }" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done < "$1"
	# hold stdin open a moment so that the program reads every line before EOF
	sleep 0.5
}

# it_fwd_stat OUT FIELD: FIELD (RX-packets, RX-dropped, TX-packets, TX-dropped) of the
# last "Accumulated forward statistics" block in OUT, or of the single port's block
# when there is no accumulated block (one port). Prints nothing when absent.
it_fwd_stat() {
	awk -v f="$2:" '
		/Accumulated forward statistics/ { acc = 1; inblk = 1; next }
		/Forward statistics for port/ { inblk = 1; next }
		/^ *[+-]+ *$/ { inblk = 0; next }
		inblk {
			for (i = 1; i < NF; i++)
				if ($i == f) { if (acc) a = $(i + 1); else p = $(i + 1) }
		}
		END { if (a != "") print a; else if (p != "") print p }' "$1"
}

# it_port_stat OUT PORT FIELD: FIELD of the last "NIC statistics for port PORT" block
# (RX-packets, RX-missed, TX-packets, Rx-pps, Tx-pps ...)
it_port_stat() {
	awk -v port="$2" -v f="$3:" '
		/NIC statistics for port/ { inblk = ($(NF - 1) == port || $NF == port); next }
		/^ *#+ *$/ { inblk = 0; next }
		inblk { for (i = 1; i < NF; i++) if ($i == f) v = $(i + 1) }
		END { if (v != "") print v }' "$1"
}

# it_check_fwd OUT: accumulated RX-packets > 0 and TX-packets + TX-dropped == RX-packets
it_check_fwd() {
	local rx tx txd
	rx=$(it_fwd_stat "$1" RX-packets)
	tx=$(it_fwd_stat "$1" TX-packets)
	txd=$(it_fwd_stat "$1" TX-dropped)
	[ -n "$rx" ] && [ -n "$tx" ] && [ -n "$txd" ] ||
		it_fail "no forward statistics (RX-packets/TX-packets/TX-dropped) in $1"
	it_log "forward stats: RX-packets $rx TX-packets $tx TX-dropped $txd"
	[ "$rx" -gt 0 ] || it_fail "nothing received (RX-packets 0)"
	[ $((tx + txd)) -eq "$rx" ] ||
		it_fail "TX-packets $tx + TX-dropped $txd != RX-packets $rx"
}

# it_audit OUT: the pool audit. Every "pool <name>: <n>/<n> mbufs returned" line has
# both numbers equal and says nothing more (no "missing", no "too many"), and there
# is at least one; other "pool NAME: ..." lines (show pool) are not audit lines.
it_audit() {
	if it_is_testpmd; then
		it_log "audit: skipped (dpdk-testpmd prints no pool lines)"
		return 0
	fi
	local bad n
	n=$(grep -cE '^ *pool [^ ]+: [0-9]+/[0-9]+ mbufs returned' "$1")
	[ "$n" -gt 0 ] || it_fail "audit: no 'pool <name>: n/n mbufs returned' line in $1"
	bad=$(grep -E '^ *pool [^ ]+: [0-9]+/[0-9]+ mbufs returned' "$1" | awk '
		/missing/ { print; next }
		{ split($3, a, "/"); if (a[1] != a[2] || $4 != "mbufs" || $5 != "returned") print }')
	if [ -n "$bad" ]; then
		# a hint for the reader: the last audit (at exit) may be full while an earlier one
		# (at stop, ports still started, their RX rings holding mbufs) was not
		if ! grep -E '^ *pool [^ ]+: [0-9]+/[0-9]+ mbufs returned' "$1" | tail -n 1 | grep -q missing; then
			it_log "note: the last pool line (at exit) is full; an earlier one (at stop?) was not"
		fi
		it_fail "audit: $bad"
	fi
	it_log "audit: $n pool line(s), every mbuf returned"
}

# it_check_rc RC WHAT: the program exited 0 (not a timeout, not a signal)
it_check_rc() {
	[ "$1" -eq 0 ] || it_fail "$2 exited with status $1"
}

# it_show OUT: the tail of a log, for the reader of meson's testlog
it_show() { it_log "---- last lines of $(basename "$1")"; tail -n "${2:-25}" "$1"; }

# Programs driven through a fifo, for tests with two processes talking to each other.
declare -A IT_FD IT_PID
# it_spawn NAME SECS OUT CMD...: start CMD in the background reading commands from a
# fifo (see it_send), output to OUT, killed after SECS
it_spawn() {
	local name=$1 secs=$2 out=$3 fifo="$IT_TMP/$1.in" fd
	shift 3
	mkfifo "$fifo"
	it_log "spawn $name: $*"
	timeout -k 5 "$secs" "$@" < "$fifo" > "$out" 2>&1 &
	IT_PID[$name]=$!
	IT_PIDS+=("$!")
	exec {fd}> "$fifo"
	IT_FD[$name]=$fd
}
# it_send NAME LINE...: write command lines to NAME's stdin
it_send() {
	local name=$1 fd=${IT_FD[$1]}
	shift
	printf '%s\n' "$@" >&"$fd" 2>/dev/null || it_log "could not send '$*' to $name (exited?)"
}
# it_close NAME: close NAME's stdin (EOF: an interactive program quits)
it_close() {
	local fd=${IT_FD[$1]:-}
	[ -n "$fd" ] && exec {fd}>&-
	IT_FD[$1]=""
	return 0
}
# it_wait NAME: wait for NAME to exit; its exit status in IT_RC (not in a $(...): the
# process is a child of the test's shell)
it_wait() {
	wait "${IT_PID[$1]}"
	IT_RC=$?
	[ "$IT_RC" -ne 124 ] && [ "$IT_RC" -ne 137 ] || it_log "$1 timed out" >&2
	return 0
}
# it_wait_for SECS CMD...: poll CMD every 0.2 s until it succeeds; false after SECS
it_wait_for() {
	local n=$(($1 * 5))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

# it_need_pcap: skip unless python3 and DPDK's net_pcap PMD are installed (the pcap tests)
it_need_pcap() {
	command -v python3 > /dev/null || it_skip "needs python3 (the pcap generator and reader)"
	local pmds
	pmds=$(pkg-config --variable=pmdsdir libdpdk 2>/dev/null)
	[ -z "$pmds" ] || ls "$pmds"/librte_net_pcap.so* > /dev/null 2>&1 ||
		it_skip "net_pcap PMD not installed (Debian: librte-net-pcap23)"
}
