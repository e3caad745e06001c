#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# setup.sh: install ebbflow's Debian packages, reserve hugepages, mount hugetlbfs, build.
#   scripts/setup.sh [--no-build] [--build-dir DIR] [-- meson setup options]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${EBB_BUILD_DIR:-$here/build}
do_build=1
while [ $# -gt 0 ]; do
	case "$1" in
	--no-build) do_build=0 ;;
	--build-dir) build_dir=$2; shift ;;
	--) shift; break ;;
	*) echo "setup.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
	shift
done

pkgs="build-essential pkg-config meson ninja-build python3 python3-pyelftools
      dpdk dpdk-dev libdpdk-dev libnuma-dev libcunit1-dev libpcap-dev libbsd-dev
      clang llvm lld spin valgrind gnuplot-nox iputils-ping arping iproute2 kmod"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup.sh: missing packages:$missing (run as root to install them)" >&2
		exit 1
	fi
	echo "setup.sh: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

"$here/scripts/hugepages.sh" || true

if [ "$do_build" -eq 1 ]; then
	if [ ! -f "$build_dir/build.ninja" ]; then
		meson setup "$build_dir" "$here" "$@"
	elif [ $# -gt 0 ]; then
		meson configure "$build_dir" "$@"
	fi
	ninja -C "$build_dir"
fi
