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
