#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run.sh: run ebbflow interactively on two net_null ports (the embedded default).
#   scripts/run.sh [EAL options] [-- ebbflow options]     e.g. sudo scripts/run.sh
#   scripts/run.sh -- --forward-mode=mac --burst=64
# Installs packages, reserves hugepages and builds first when needed. Uses hugepages when
# 256 MiB are free, else --no-huge. Set EBB_RUN_DRY=1 to print the command only.
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

# setup only when something is missing: a first run installs and builds, later ones start
# at once (hugepages.sh is cheap and repairs a reboot's lost reservation)
if ebb_need_build; then
	"$EBB_ROOT/scripts/setup.sh"
elif [ "$(id -u)" -eq 0 ] && ! ebb_huge_ok 256; then
	"$EBB_ROOT/scripts/hugepages.sh" || true
fi
bin=$(ebb_binary ebbflow)
[ -n "$bin" ] || ebb_die "ebbflow is not built (scripts/setup.sh failed?)"

prefix=ebbflow
if ebb_huge_ok 256; then
	mem=(--socket-mem 256)
else
	ebb_say "no hugepages free: running with --no-huge (slower; as root, scripts/hugepages.sh reserves them)"
	mem=(--no-huge -m 512)
fi
cmd=("$bin" --no-pci --vdev net_null0 --vdev net_null1 --file-prefix "$prefix" "${mem[@]}"
	"${eal_extra[@]}" -- -i "${app_extra[@]}")
if [ "${EBB_RUN_DRY:-0}" = 1 ]; then
	echo "${cmd[*]}"
	exit 0
fi
# not exec: after ebbflow exits (quit, EOF, ^C), remove its hugepage files
rc=0
"${cmd[@]}" || rc=$?
ebb_cleanup_prefix "$prefix"
exit "$rc"
