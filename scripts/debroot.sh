# SPDX-License-Identifier: BSD-3-Clause
# debroot.sh: a bare Debian 12 root (debootstrap --variant=minbase), built once and cached,
# and the mounts a chroot into it needs for DPDK and network namespaces. Sourced after
# common.sh by fresh.sh (the README's commands on a bare machine) and vm.sh (the guest).
# shellcheck shell=bash
#
#   ebb_debroot_base          prints the cached base root's path, building it first when it
#                             is missing; refreshes its package lists when they are a week old.
#                             Treat it as read-only: copy it or mount an overlay on it.
#   ebb_debroot_mount ROOT    mounts what a chroot needs (the root onto itself, /proc, /sys,
#                             /dev with /dev/pts and /dev/hugepages, a /run of its own)
#   ebb_debroot_umount ROOT   kills what still runs inside ROOT, unmounts everything under
#                             it; fails with a line naming what is still mounted
#   ebb_debroot_chroot ROOT CMD...  runs CMD in ROOT as root with a clean environment

EBB_CACHE=${EBB_CACHE:-/var/cache/ebbflow}
EBB_DEBROOT_SUITE=${EBB_DEBROOT_SUITE:-bookworm}
EBB_DEBROOT_MAX_AGE=${EBB_DEBROOT_MAX_AGE:-7}   # days: older package lists are refreshed

# ebb_debroot_sources: the host's Debian entries for the suite, as one-line "deb" entries
# (from deb822 .sources files and the classic sources.list); the first URI is the mirror
ebb_debroot_sources() {
	local f
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk -v suite="$EBB_DEBROOT_SUITE" '
				function flush() {
					if (types ~ /(^| )deb( |$)/ && uris != "") {
						nu = split(uris, u, " ")
						ns = split(suites, su, " ")
						for (i = 1; i <= nu; i++)
							for (j = 1; j <= ns; j++)
								if (index(su[j], suite) == 1)
									print "deb " u[i] " " su[j] " " comps
					}
					types = uris = suites = comps = ""
				}
				/^[ \t]*$/ { flush(); next }
				/^Types:/ { $1 = ""; types = substr($0, 2) }
				/^URIs:/ { $1 = ""; uris = substr($0, 2) }
				/^Suites:/ { $1 = ""; suites = substr($0, 2) }
				/^Components:/ { $1 = ""; comps = substr($0, 2) }
				END { flush() }' "$f"
		done
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk -v suite="$EBB_DEBROOT_SUITE" '$1 == "deb" && $3 ~ ("^" suite) { print }'
	} | awk '$2 !~ /\[/' | sort -u
}

# ebb_debroot_mirror: the URI of the host's entry for the suite itself (not -security)
ebb_debroot_mirror() {
	ebb_debroot_sources | awk -v suite="$EBB_DEBROOT_SUITE" '
		$3 == suite { print $2; exit }'
}

ebb_debroot_chroot() {
	local root=$1
	shift
	env -i HOME=/root TERM=dumb LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		chroot "$root" "$@"
}

ebb_debroot_mount() {
	local root=$1
	mountpoint -q "$root" || mount --bind "$root" "$root" ||
		{ ebb_say "cannot bind $root onto itself"; return 1; }
	mount --make-rprivate "$root"
	mount -t proc proc "$root/proc" &&
		mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys" &&
		mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" &&
		mount -t tmpfs -o mode=755 tmpfs "$root/run" ||
		{ ebb_say "cannot mount /proc, /sys, /dev or /run in $root"; return 1; }
	# /dev/hugepages comes with /dev when the host mounted it; /dev/shm too
	mkdir -p "$root/run/lock"
	# downloaded packages are kept between runs (the base root stays as it is)
	mkdir -p "$EBB_CACHE/apt-archives/partial" "$root/var/cache/apt/archives"
	mount --bind "$EBB_CACHE/apt-archives" "$root/var/cache/apt/archives" ||
		{ ebb_say "cannot bind $EBB_CACHE/apt-archives into $root"; return 1; }
}

# ebb_debroot_mounts ROOT: what is mounted at or under ROOT, deepest first
ebb_debroot_mounts() {
	awk -v r="$1" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo |
		sort -r
}

ebb_debroot_umount() {
	local root=$1 p link left
	[ -d "$root" ] || return 0
	root=$(cd "$root" && pwd -P)
	# whatever still runs inside (a stuck DPDK process, a netns helper) holds the mounts
	for p in /proc/[0-9]*; do
		link=$(readlink "$p/root" 2>/dev/null) || continue
		case "$link" in
		"$root" | "$root"/*) kill -KILL "${p#/proc/}" 2>/dev/null ;;
		esac
	done
	# network namespaces made inside: their bind mounts live under ROOT/run/netns
	if [ -n "$(ebb_debroot_mounts "$root")" ]; then
		umount -R "$root" 2>/dev/null || umount -R -l "$root" 2>/dev/null || true
	fi
	left=$(ebb_debroot_mounts "$root")
	if [ -n "$left" ]; then
		ebb_say "still mounted under $root: $(echo $left)"
		return 1
	fi
	return 0
}

# ebb_debroot_refresh ROOT: apt-get update inside ROOT (mounts it for the time of it)
ebb_debroot_refresh() {
	local root=$1 rc=0
	ebb_debroot_mount "$root" || { ebb_debroot_umount "$root"; return 1; }
	ebb_debroot_chroot "$root" apt-get update -qq || rc=$?
	ebb_debroot_umount "$root" || rc=1
	[ "$rc" -eq 0 ] || ebb_say "apt-get update in $root failed: is the Debian archive reachable?"
	return "$rc"
}

ebb_debroot_base() {
	local base=$EBB_CACHE/$EBB_DEBROOT_SUITE-minbase stamp mirror new t
	stamp=$base/.ebb-lists-stamp
	mkdir -p "$EBB_CACHE"
	(
		flock 9
		if [ -f "$stamp" ]; then
			# the host's sources changed (or an older ebbflow wrote them): lists again
			if [ "$(ebb_debroot_sources)" != "$(cat "$base/etc/apt/sources.list")" ]; then
				ebb_debroot_sources > "$base/etc/apt/sources.list"
				touch -d '1970-01-01' "$stamp"
			fi
			if [ -n "$(find "$stamp" -mtime +"$((EBB_DEBROOT_MAX_AGE - 1))")" ]; then
				ebb_say "base root $base: package lists older than $EBB_DEBROOT_MAX_AGE days, refreshing"
				ebb_debroot_refresh "$base" && touch "$stamp" || exit 1
			fi
			exit 0
		fi
		command -v debootstrap > /dev/null || {
			ebb_say "installing debootstrap"
			apt-get install -y -qq --no-install-recommends debootstrap > /dev/null ||
				{ apt-get update -qq && apt-get install -y -qq --no-install-recommends \
					debootstrap > /dev/null; } ||
				{ ebb_say "cannot install debootstrap: is the Debian archive reachable?"; exit 1; }
		}
		mirror=$(ebb_debroot_mirror)
		[ -n "$mirror" ] || { ebb_say "no apt source for $EBB_DEBROOT_SUITE in /etc/apt"; exit 1; }
		new=$base.new
		ebb_debroot_umount "$new" > /dev/null 2>&1 || true
		rm -rf "$new" "$base"
		t=$(date +%s)
		ebb_say "debootstrap --variant=minbase $EBB_DEBROOT_SUITE from $mirror"
		debootstrap --variant=minbase "$EBB_DEBROOT_SUITE" "$new" "$mirror" \
			> "$EBB_CACHE/debootstrap.log" 2>&1 ||
			{ tail -5 "$EBB_CACHE/debootstrap.log" >&2
			  ebb_say "debootstrap failed (log: $EBB_CACHE/debootstrap.log): is $mirror reachable?"
			  exit 1; }
		ebb_debroot_sources > "$new/etc/apt/sources.list"
		rm -f "$new"/etc/apt/sources.list.d/*
		cp -L /etc/resolv.conf "$new/etc/resolv.conf" 2>/dev/null || true
		# no service starts inside (a package's postinst would try)
		printf '#!/bin/sh\nexit 101\n' > "$new/usr/sbin/policy-rc.d"
		chmod 755 "$new/usr/sbin/policy-rc.d"
		ebb_debroot_refresh "$new" || exit 1
		touch "$new/.ebb-lists-stamp"
		mv "$new" "$base"
		ebb_say "base root $base built in $(( $(date +%s) - t )) s"
	) 9> "$EBB_CACHE/debroot.lock" || return 1
	echo "$base"
}
