#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run.sh: run ebbflow interactively on two net_null ports (the embedded default).
#   scripts/run.sh [EAL options] [-- ebbflow options]     e.g. sudo scripts/run.sh
#   scripts/run.sh -- --forward-mode=mac --burst=64
# Installs packages, reserves hugepages and builds first when needed. Uses hugepages when
# 256 MiB are free, else --no-huge. EBB_RUN_DRY=1 prints the command only (no setup, no build).
set -euo pipefail
. "$(dirname "$0")/common.sh"

eal_extra=()
app_extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) sed -n '4,7p' "$0" | sed 's/^# *//'; exit 0 ;;
	--) shift; app_extra=("$@"); break ;;
	*) eal_extra+=("$1") ;;
	esac
	shift
done

# --file-prefix given among the EAL options: that is the one to clean up after
prefix=ebbflow
for ((i = 0; i < ${#eal_extra[@]}; i++)); do
	case "${eal_extra[i]}" in
	--file-prefix=*) prefix=${eal_extra[i]#--file-prefix=} ;;
	--file-prefix) [ $((i + 1)) -lt ${#eal_extra[@]} ] ||
		ebb_die "--file-prefix needs a value"
		prefix=${eal_extra[i + 1]} ;;
	esac
done
prefix_opt=()
[ "$prefix" != ebbflow ] || prefix_opt=(--file-prefix ebbflow)
dry=0
[ "${EBB_RUN_DRY:-0}" != 1 ] || dry=1

# setup only when something is missing: a first run installs and builds, later ones start
# at once (hugepages.sh is cheap and repairs a reboot's lost reservation). A dry run only
# prints: it changes nothing.
if [ "$dry" -eq 1 ]; then
	:
elif ebb_need_build; then
	"$EBB_ROOT/scripts/setup.sh" ||
		ebb_die "setup failed (see above); after fixing it, run scripts/setup.sh again"
elif [ "$(id -u)" -eq 0 ] && ! ebb_huge_ok 256; then
	"$EBB_ROOT/scripts/hugepages.sh" || true
fi
bin=$(ebb_binary ebbflow)
if [ -z "$bin" ]; then
	[ "$dry" -eq 1 ] || ebb_die "ebbflow is not built (scripts/setup.sh failed?)"
	bin=${EBB_BUILD_DIR:-$EBB_ROOT/build}/app/ebbflow/ebbflow
fi

if ebb_huge_ok 256; then
	mem=(--socket-mem 256)
else
	[ "$dry" -eq 1 ] ||
		ebb_say "no hugepages free: running with --no-huge (slower; as root, scripts/hugepages.sh reserves them)"
	mem=(--no-huge -m 512)
fi
cmd=("$bin" --no-pci --vdev net_null0 --vdev net_null1 "${prefix_opt[@]}" "${mem[@]}"
	"${eal_extra[@]}" -- -i "${app_extra[@]}")
if [ "$dry" -eq 1 ]; then
	echo "${cmd[*]}"
	exit 0
fi
# not exec: after ebbflow exits (quit, EOF, ^C), remove its hugepage files
rc=0
"${cmd[@]}" || rc=$?
ebb_cleanup_prefix "$prefix"
exit "$rc"
