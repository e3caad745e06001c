#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# hugepages.sh: reserve 2 MiB hugepages and mount hugetlbfs, or say clearly why not.
#   scripts/hugepages.sh [PAGES]   (default: EBB_HUGEPAGES or 1536 pages = 3 GiB)
#   scripts/hugepages.sh --clean   only remove files left by dead DPDK processes
# Exit 0 when hugepages are usable, 1 when they are not (tests then use --no-huge).
set -u
. "$(dirname "$0")/common.sh"
sysfs=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
mnt=$EBB_HUGE_MNT

# Files a DPDK process killed hard leaves in hugetlbfs hold their memory. Remove those of
# every --file-prefix that no live process has open or mapped (one scan of /proc, so that
# other people's running DPDK programs keep theirs).
clean_stale() {
	local inuse f base prefix n=0
	[ -d "$mnt" ] || return 0
	inuse=$( { cat /proc/[0-9]*/maps 2>/dev/null | awk -v m="$mnt/" 'index($6, m) == 1 {print $6}'
		   ls -l /proc/[0-9]*/fd 2>/dev/null | awk -v m="$mnt/" 'index($NF, m) == 1 {print $NF}'
		 } | sed 's|.*/||; s/map[_-][0-9_-]*$//' | sort -u)
	for f in "$mnt"/*map_* "$mnt"/*map-*; do
		[ -e "$f" ] || continue
		base=${f##*/}
		prefix=${base%%map[_-]*}
		grep -qxF -- "$prefix" <<<"$inuse" && continue
		rm -f -- "$f" && n=$((n + 1))
	done
	[ "$n" -eq 0 ] || echo "hugepages.sh: removed $n stale hugepage files"
	return 0
}

if [ "${1:-}" = "--clean" ]; then
	clean_stale
	exit 0
fi
want=${1:-${EBB_HUGEPAGES:-1536}}

if [ ! -e "$sysfs" ]; then
	echo "hugepages.sh: this kernel has no 2 MiB hugepages ($sysfs missing): tests will use --no-huge" >&2
	exit 1
fi
have=$(cat "$sysfs")
if [ "$have" -lt "$want" ]; then
	if [ ! -w "$sysfs" ]; then
		echo "hugepages.sh: $have hugepages reserved and cannot write $sysfs (not root, or a container): tests will use --no-huge" >&2
	else
		echo "$want" > "$sysfs" 2>/dev/null || true
		have=$(cat "$sysfs")
		[ "$have" -ge "$want" ] ||
			echo "hugepages.sh: asked for $want hugepages, the kernel gave $have (memory fragmented or short)" >&2
	fi
fi
if [ "$have" -lt 256 ]; then
	echo "hugepages.sh: only $have hugepages reserved (need 256): tests will use --no-huge" >&2
	exit 1
fi
if ! grep -qs " $mnt hugetlbfs " /proc/mounts; then
	mkdir -p "$mnt" 2>/dev/null
	if ! mount -t hugetlbfs -o pagesize=2M nodev "$mnt" 2>/dev/null; then
		echo "hugepages.sh: cannot mount hugetlbfs on $mnt (not root?): tests will use --no-huge" >&2
		exit 1
	fi
fi
clean_stale
echo "hugepages.sh: $have x 2 MiB hugepages ($(ebb_huge_free_mb) MiB free), hugetlbfs on $mnt"
exit 0
