#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# hugepages.sh: reserve 2 MiB hugepages and mount hugetlbfs, or say clearly why not.
#   scripts/hugepages.sh [PAGES]   (default: EBB_HUGEPAGES or 1536 pages = 3 GiB)
# Exit 0 when hugepages are usable, 1 when they are not (tests then use --no-huge).
set -u
want=${1:-${EBB_HUGEPAGES:-1536}}
sysfs=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
mnt=${EBB_HUGE_MNT:-/dev/hugepages}

if [ ! -w "$sysfs" ]; then
	echo "hugepages.sh: cannot write $sysfs (not root or no hugepage support): tests will use --no-huge" >&2
	exit 1
fi
have=$(cat "$sysfs")
if [ "$have" -lt "$want" ]; then
	echo "$want" > "$sysfs" 2>/dev/null || true
	have=$(cat "$sysfs")
fi
if [ "$have" -lt 256 ]; then
	echo "hugepages.sh: only $have hugepages could be reserved: tests will use --no-huge" >&2
	exit 1
fi
if ! grep -qs " $mnt hugetlbfs " /proc/mounts; then
	mkdir -p "$mnt"
	if ! mount -t hugetlbfs nodev "$mnt" 2>/dev/null; then
		echo "hugepages.sh: cannot mount hugetlbfs on $mnt: tests will use --no-huge" >&2
		exit 1
	fi
fi
# files left by DPDK processes killed hard hold hugepage memory: remove those not in use
for f in "$mnt"/*map_* "$mnt"/*; do
	[ -e "$f" ] || continue
	command -v fuser >/dev/null 2>&1 && fuser -s "$f" 2>/dev/null && continue
	case "$f" in *ebb*|*rtemap_*) rm -f "$f" ;; esac
done
echo "hugepages.sh: $have x 2 MiB hugepages, hugetlbfs on $mnt"
exit 0
