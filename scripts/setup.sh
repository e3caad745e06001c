#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# setup.sh: install ebbflow's Debian packages, reserve hugepages, mount hugetlbfs, build.
#   scripts/setup.sh [--no-packages] [--no-hugepages] [--no-build] [--build-dir DIR]
#                    [-- meson setup options]
# Idempotent: when everything is installed and built it only checks (about a second).
set -euo pipefail
. "$(dirname "$0")/common.sh"
build_dir=${EBB_BUILD_DIR:-$EBB_ROOT/build}
do_pkgs=1 do_huge=1 do_build=1
usage() { sed -n '4,6p' "$0" | sed 's/^# *//'; }
while [ $# -gt 0 ]; do
	case "$1" in
	--no-packages) do_pkgs=0 ;;
	--no-hugepages) do_huge=0 ;;
	--no-build) do_build=0 ;;
	--build-dir) build_dir=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) ebb_say "unknown option '$1'"; usage >&2; exit 2 ;;
	esac
	shift
done

# Everything the project uses: build (meson, ninja, gcc, clang + libFuzzer for the fuzz
# targets), DPDK (dpdk-testpmd and dpdk-telemetry.py are in dpdk-dev, dpdk-devbind.py in
# dpdk), CUnit, spin (model suite), valgrind (callgrind bench), tools of the scripts and
# tests (timeout, fuser, pgrep, ip, ping, arping; script and chrt for loadtest.sh with pktgen),
# gnuplot for bench plots. libsystemd-dev: `pkg-config --static libdpdk` names -lsystemd
# (through dbus-1.pc), for static links of programs built on the installed libraries.
pkgs="build-essential pkg-config meson ninja-build python3 python3-pyelftools
      dpdk dpdk-dev libdpdk-dev libnuma-dev libcunit1-dev libpcap-dev libbsd-dev
      libsystemd-dev
      clang llvm lld libclang-rt-14-dev spin valgrind gnuplot-nox
      coreutils procps psmisc iproute2 iputils-ping arping kmod bsdutils util-linux"

if [ "$do_pkgs" -eq 1 ]; then
	# one dpkg-query for all: prints "ii" for each installed package. It exits 1 when any
	# of them was never installed (a bare system): that is the answer we ask for, not an
	# error, so its status is ignored here and only its output counts.
	# shellcheck disable=SC2086
	installed=$({ dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $pkgs 2>/dev/null || true; } |
		awk '$1 == "ii" {print $2}' | sed 's/:.*//' | sort -u)
	missing=""
	for p in $pkgs; do
		grep -qx "$p" <<<"$installed" || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		if [ "$(id -u)" -ne 0 ]; then
			ebb_die "missing packages:$missing (run as root, or: sudo apt-get install$missing)"
		fi
		t_pkgs=$(date +%s)
		ebb_say "installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq ||
			ebb_die "apt-get update failed: is the Debian archive reachable (/etc/apt/sources.list*)?"
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
			ebb_die "apt-get install failed for:$missing (see apt's message above)"
		ebb_say "packages installed in $(( $(date +%s) - t_pkgs )) s"
	fi
fi

if [ "$do_huge" -eq 1 ]; then
	# not fatal: without hugepages the tests that need them skip and the rest use --no-huge
	"$EBB_ROOT/scripts/hugepages.sh" || true
fi

if [ "$do_build" -eq 1 ]; then
	if [ ! -f "$build_dir/build.ninja" ]; then
		meson setup "$build_dir" "$EBB_ROOT" "$@" ||
			ebb_die "meson setup of $build_dir failed (see above)"
	elif [ $# -gt 0 ]; then
		meson configure "$build_dir" "$@"
	fi
	t_build=$(date +%s)
	ninja -C "$build_dir" || ebb_die "build failed in $build_dir (see the compiler above)"
	ebb_say "built $build_dir in $(( $(date +%s) - t_build )) s"
fi
