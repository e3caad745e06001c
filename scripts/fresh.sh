#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fresh.sh: the README's two commands on a bare Debian 12, as a new user runs them.
#   scripts/fresh.sh [--rev REV] [--keep] [--timeout SECS]
# As root: a minbase Debian 12 root (debootstrap from this machine's apt sources, cached in
# /var/cache/ebbflow and reused while its package lists are younger than a week), an overlay
# on it for this run, the commit under test (REV, default HEAD) cloned into it, then inside
# a chroot `printf 'start\nstop\nquit\n' | scripts/run.sh` (exit 0 and an audit line
# "pool ...: N/N mbufs returned") and `scripts/test.sh` (its summary, nothing failed).
# Every mount is undone by a trap; the end checks nothing is left mounted. --keep leaves
# the run's root (unmounted) for a look. Prints each step's time.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$EBB_ROOT/scripts/debroot.sh"

rev=HEAD keep=0 limit=${EBB_FRESH_TIMEOUT:-2400}
usage() { sed -n '4,11p' "$0" | sed 's/^# *//'; }
while [ $# -gt 0 ]; do
	case "$1" in
	--rev) [ $# -ge 2 ] || { usage >&2; exit 2; }; rev=$2; shift ;;
	--keep) keep=1 ;;
	--timeout) [ $# -ge 2 ] || { usage >&2; exit 2; }; limit=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	*) ebb_say "unknown option '$1'"; usage >&2; exit 2 ;;
	esac
	shift
done
[ "$(id -u)" -eq 0 ] || ebb_die "needs root (debootstrap, chroot, mounts)"
commit=$(git -C "$EBB_ROOT" rev-parse --verify -q "$rev^{commit}") ||
	ebb_die "'$rev' is not a commit of $EBB_ROOT"
if [ "$rev" = HEAD ] && [ -n "$(git -C "$EBB_ROOT" status --porcelain --untracked-files=no)" ]; then
	ebb_say "warning: uncommitted changes in $EBB_ROOT are not part of this check (it clones $commit)"
fi

t0=$(date +%s)
run=$(mktemp -d "$EBB_CACHE/fresh-run.XXXXXX" 2>/dev/null) ||
	{ mkdir -p "$EBB_CACHE" && run=$(mktemp -d "$EBB_CACHE/fresh-run.XXXXXX"); }
root=$run/root
# held while this run lives: a run that finds another's directory unlocked knows it is stale
exec 8> "$run/.lock"
flock 8
cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	ebb_debroot_umount "$root" || rc=1
	mountpoint -q "$root" 2>/dev/null && { umount "$root" || umount -l "$root"; }
	if [ -n "$(ebb_debroot_mounts "$run")" ]; then
		ebb_say "left mounted: $(ebb_debroot_mounts "$run" | tr '\n' ' ')"
		rc=1
	elif [ "$keep" -eq 1 ]; then
		ebb_say "kept $run (the run's overlay: upper/ holds what changed)"
	else
		rm -rf "$run"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'ebb_say "interrupted"; exit 130' INT TERM HUP

# runs that were killed hard (SIGKILL) left their root behind: undo those first
# (a run still going, here or in another checkout, holds its lock and is left alone)
for old in "$EBB_CACHE"/fresh-run.*; do
	[ "$old" != "$run" ] && [ -d "$old" ] || continue
	flock -n "$old/.lock" true 2>/dev/null || [ ! -e "$old/.lock" ] || continue
	ebb_debroot_umount "$old/root" > /dev/null 2>&1 || true
	mountpoint -q "$old/root" 2>/dev/null && umount -l "$old/root"
	[ -n "$(ebb_debroot_mounts "$old")" ] || rm -rf "$old"
done

t=$(date +%s)
base=$(ebb_debroot_base) || ebb_die "no base root: see the line above"
t_base=$(( $(date +%s) - t ))

# this run's root: an overlay on the cached base (which stays as it is), else a copy
mkdir -p "$run/upper" "$run/work" "$root"
if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" \
	"$root" 2>/dev/null; then
	ebb_say "no overlayfs here: copying the base root"
	cp -a "$base/." "$root/"
fi
git clone -q --no-hardlinks "$EBB_ROOT" "$root/root/ebbflow" ||
	ebb_die "cannot clone $EBB_ROOT into the root"
git -C "$root/root/ebbflow" checkout -q --detach "$commit"
ebb_debroot_mount "$root" || ebb_die "cannot mount what the chroot needs"
ebb_say "root ready (base ${t_base} s): $root at $(git -C "$EBB_ROOT" log -1 --format='%h %s' "$commit" | cut -c1-60)"

left() { echo $(( limit - ($(date +%s) - t0) )); }
fail() { ebb_say "FAIL: $*"; exit 1; }
# in_root LOG SCRIPT: SCRIPT in the chroot (bounded by what is left of the limit), output to
# LOG; in the background, so that a signal runs the trap at once (bash defers traps while
# a foreground command runs); the trap's unmount kills what runs inside
in_root() {
	local log=$1 r=0
	ebb_debroot_chroot "$root" timeout -k 10 "$(left)" /bin/bash -c "cd /root/ebbflow && $2" \
		> "$log" 2>&1 < /dev/null &
	wait $! || r=$?
	return "$r"
}

# 1. the README's first command
t=$(date +%s)
rc=0
in_root "$run/run.log" "printf 'start\nstop\nquit\n' | scripts/run.sh" || rc=$?
t_run=$(( $(date +%s) - t ))
if [ "$rc" -eq 0 ]; then
	grep -E '^(setup|hugepages|run)\.sh:|mbufs returned' "$run/run.log" | sed 's/^/  | /' >&2 || true
else
	tail -15 "$run/run.log" | sed 's/^/  | /' >&2
	fail "scripts/run.sh exited $rc on a bare Debian 12 (log above)"
fi
grep -Eq 'pool [^ ]+: ([0-9]+)/\1 mbufs returned' "$run/run.log" ||
	{ tail -15 "$run/run.log" | sed 's/^/  | /' >&2
	  fail "scripts/run.sh printed no audit line 'pool ...: N/N mbufs returned'"; }
pk=$(sed -n 's/^setup\.sh: packages installed in \([0-9]*\) s$/\1/p' "$run/run.log")
bd=$(sed -n 's/^setup\.sh: built .* in \([0-9]*\) s$/\1/p' "$run/run.log" | tail -1)
ebb_say "run.sh: exit 0, audit exact, ${t_run} s (packages ${pk:-0} s, build ${bd:-?} s)"

# 2. the README's second command
t=$(date +%s)
rc=0
in_root "$run/test.log" scripts/test.sh || rc=$?
t_test=$(( $(date +%s) - t ))
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$run/test.log" | tail -1 || true)
grep -E '^test\.sh: (FAIL|TIMEOUT|ERROR)|^test\.sh: .*(stopped|failed)' "$run/test.log" |
	sed 's/^/  | /' >&2 || true
[ -n "$summary" ] || { tail -20 "$run/test.log" | sed 's/^/  | /' >&2
	fail "scripts/test.sh printed no summary line (exit $rc)"; }
case "$summary" in
*", 0 failed"*) ;;
*) fail "scripts/test.sh: $summary" ;;
esac
[ "$rc" -eq 0 ] || fail "scripts/test.sh exited $rc ($summary)"
ebb_say "test.sh: $summary, ${t_test} s"
ebb_say "passed in $(( $(date +%s) - t0 )) s: base root ${t_base} s, run.sh ${t_run} s (packages ${pk:-0} s, build ${bd:-?} s), test.sh ${t_test} s"
