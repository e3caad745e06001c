#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# vm.sh: ebbflow on real PCI poll-mode drivers: a QEMU guest (TCG) with e1000e, virtio-net
# and vmxnet3 on taps, bound with dpdk-devbind.py, running the cases of test/vm/cases.sh.
#   scripts/vm.sh [--cases 1,3,4,5,6,7,n1,n2,n3,n4,n5] [--numa] [--vfio|--no-vfio]
#                 [--timeout SECS] [--keep] [--rebuild] [--build-only]
# The guest root is the cached bare Debian 12 root (scripts/debroot.sh) copied, with
# setup.sh's packages (ebbflow is built in it by setup.sh), the kernel, initramfs-tools and
# the PMD packages: cached in /var/cache/ebbflow/vm, rebuilt when setup.sh or the package
# list below change (--rebuild: now). Each run rebuilds ebbflow inside it (ninja: only what
# changed) and packs a new ext4 image only when the binary or test/vm changed. The guest
# runs with -snapshot (the image stays as packed). Cases 1 and 3-7 run in one boot
# (uio_pci_generic); case 2 (vfio-pci behind an emulated intel-iommu, q35) in a second.
# Cases n1-n5 boot the two-socket layout (--numa: those alone): one vCPU and one
# memory-backend-ram per NUMA node, a PCI expander bridge per node (pxb numa_node=N) with
# virtio-net (tap0) on node 0 and e1000e (tap2) on node 1.
# Every QEMU, host.py, tap and the namespace are removed on every exit path. Ends with one
# line per case and "vm: N passed, N failed"; exits non-zero when a case failed.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$EBB_ROOT/scripts/debroot.sh"

cases=1,3,4,5,6,7,n1,n2,n3,n4,n5 vfio=1 secs=${EBB_VM_TIMEOUT:-1200} keep=0 rebuild=0 build_only=0
usage() { sed -n '5,6p' "$0" | sed 's/^# *//'; }
while [ $# -gt 0 ]; do
	case "$1" in
	--cases) [ $# -ge 2 ] || { usage >&2; exit 2; }; cases=$2; shift ;;
	--numa) cases=n1,n2,n3,n4,n5 ;;
	--vfio) vfio=1 ;;
	--no-vfio) vfio=0 ;;
	--timeout) [ $# -ge 2 ] || { usage >&2; exit 2; }; secs=$2; shift ;;
	--keep) keep=1 ;;
	--rebuild) rebuild=1 ;;
	--build-only) build_only=1 ;;
	-h|--help) usage; exit 0 ;;
	*) ebb_say "unknown option '$1'"; usage >&2; exit 2 ;;
	esac
	shift
done
[[ "$cases" =~ ^([1-7]|n[1-5])(,([1-7]|n[1-5]))*$ ]] ||
	ebb_die "--cases: a comma-separated list of 1..7 and n1..n5, not '$cases'"
[[ "$secs" =~ ^[0-9]+$ ]] || ebb_die "--timeout: seconds, not '$secs'"
[ "$(id -u)" -eq 0 ] || ebb_die "needs root (debootstrap, chroot, network namespaces, taps)"

# what the guest has on top of setup.sh's list: kernel, initramfs, devbind's python, the
# PMDs (Recommends of libdpdk, which --no-install-recommends leaves out)
guest_pkgs="linux-image-amd64 initramfs-tools kmod iproute2 pciutils python3 procps
	    dpdk dpdk-dev librte-net-e1000-23 librte-net-virtio23 librte-net-vmxnet3-23
	    librte-mempool-ring23"
host_pkgs="qemu-system-x86 qemu-utils e2fsprogs iproute2 python3"
recipe=3   # bump when the way the root is built changes
vm_cache=$EBB_CACHE/vm
t_start=$(date +%s)

run_dir=$(mktemp -d /tmp/ebb_vm.XXXXXX)
ns=ebbvm$$
qemu_pid="" host_pid="" mounted=""
cleanup() {
	local p
	for p in $qemu_pid $host_pid; do kill -TERM "$p" 2>/dev/null || true; done
	for p in $qemu_pid $host_pid; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.3; done
		kill -KILL "$p" 2>/dev/null || true
	done
	if ip netns list 2>/dev/null | grep -qw "$ns"; then
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
		for p in tap0 tap1 tap2; do ip -n "$ns" link del "$p" 2>/dev/null || true; done
		ip netns del "$ns" 2>/dev/null || true
	fi
	[ -z "$mounted" ] || ebb_debroot_umount "$mounted" || true
	if [ "$keep" -eq 1 ]; then ebb_say "logs kept in $run_dir"; else rm -rf "$run_dir"; fi
}
trap cleanup EXIT
trap 'ebb_say "interrupted"; exit 130' INT TERM

# the host's tools
missing=""
for p in $host_pkgs; do
	dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	ebb_say "installing on the host:$missing"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
		> "$run_dir/apt.log" 2>&1 || { tail -5 "$run_dir/apt.log" >&2
		ebb_die "apt-get install$missing failed: is the Debian archive reachable?"; }
fi

# sync_src ROOT: the clone's tracked files (as in the work tree) into ROOT/opt/ebbflow/src.
# Content decides, not mtimes: a file that differs from the root's copy is copied with a
# new mtime (ninja there rebuilds what it feeds), an equal one keeps its old mtime (ninja
# rebuilds nothing for it). Another checkout's sources built there before (a concurrent
# run from another worktree) leave no object that ninja would take as up to date.
sync_src() {
	local dst=$1/opt/ebbflow/src stage f
	stage=$(mktemp -d "$run_dir/src.XXXXXX")
	# a file deleted in the work tree but still in the index is skipped (a warning)
	(cd "$EBB_ROOT" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$stage" -xf -
	mkdir -p "$dst"
	# what the clone does not have goes (build/ stays)
	(cd "$dst" && find . -path ./build -prune -o \( -type f -o -type l \) -print0) |
		while IFS= read -r -d '' f; do
			[ -e "$stage/$f" ] || [ -L "$stage/$f" ] || rm -f "$dst/$f"
		done
	(cd "$stage" && find . \( -type f -o -type l \) -print0) |
		while IFS= read -r -d '' f; do
			cmp -s "$stage/$f" "$dst/$f" && continue
			mkdir -p "$(dirname "$dst/$f")"
			rm -f "$dst/$f"
			cp -P --preserve=mode "$stage/$f" "$dst/$f"
		done
	rm -rf "$stage"
}

# in_root ROOT LOG CMD...: CMD in a chroot into ROOT, output appended to LOG. In the
# background and waited for, so that INT/TERM run the trap at once (bash defers traps
# while a foreground command runs); the trap's unmount kills what still runs inside
in_root() {
	local r=$1 l=$2
	shift 2
	ebb_debroot_chroot "$r" "$@" >> "$l" 2>&1 &
	wait $!
}

# one run at a time builds in the cached root and packs its image (a second waits here)
mkdir -p "$vm_cache"
exec 8> "$vm_cache/.lock"
flock 8

# the guest root: base + guest_pkgs + setup.sh's packages. setup.sh runs in it at every
# build and installs what its list gained since, so its list is not part of the key
key=$(echo "$recipe $guest_pkgs" | sha256sum | cut -c1-16)
root=$vm_cache/root-$key
if [ "$rebuild" -eq 1 ] || [ ! -f "$root/.ebb-ok" ]; then
	base=$(ebb_debroot_base) || ebb_die "no base Debian root (scripts/debroot.sh)"
	t=$(date +%s)
	ebb_say "building the guest root $root from $base"
	mkdir -p "$vm_cache"
	new=$root.new
	ebb_debroot_umount "$new" > /dev/null 2>&1 || true
	rm -rf "$new" "$root"
	cp -a "$base" "$new"
	sync_src "$new"
	mounted=$new
	ebb_debroot_mount "$new" || ebb_die "cannot mount what a chroot needs in $new"
	in_root "$new" "$run_dir/root.log" apt-get update -qq ||
		{ tail "$run_dir/root.log" >&2; ebb_die "apt-get update in the guest root failed"; }
	# shellcheck disable=SC2086
	in_root "$new" "$run_dir/root.log" apt-get install -y -qq --no-install-recommends \
		$guest_pkgs ||
		{ tail "$run_dir/root.log" >&2; ebb_die "apt-get install of the guest packages failed"; }
	in_root "$new" "$run_dir/root.log" /opt/ebbflow/src/scripts/setup.sh --no-hugepages \
		--no-build ||
		{ tail "$run_dir/root.log" >&2; ebb_die "setup.sh in the guest root failed"; }
	ebb_debroot_umount "$new" || ebb_die "cannot unmount $new"
	mounted=""
	touch "$new/.ebb-ok"
	mv "$new" "$root"
	# older roots (other keys) and their images
	find "$vm_cache" -mindepth 1 -maxdepth 1 -name 'root-*' ! -name "root-$key" -exec rm -rf {} +
	rm -f "$vm_cache"/image-*
	ebb_say "guest root built in $(( $(date +%s) - t )) s ($(du -sh "$root" | cut -f1))"
fi

# ebbflow built inside the guest root by the project's own setup.sh
t=$(date +%s)
sync_src "$root"
mounted=$root
ebb_debroot_mount "$root" || ebb_die "cannot mount what a chroot needs in $root"
in_root "$root" "$run_dir/build.log" /opt/ebbflow/src/scripts/setup.sh --no-hugepages \
	-- -Dtests=false || { tail -30 "$run_dir/build.log" >&2
	ebb_die "setup.sh (build) in the guest root failed"; }
ebb_debroot_umount "$root" || ebb_die "cannot unmount $root"
mounted=""
bin=$root/opt/ebbflow/src/build/app/ebbflow/ebbflow
[ -x "$bin" ] || ebb_die "no ebbflow in the guest root after setup.sh"
ebb_say "ebbflow built in the guest root in $(( $(date +%s) - t )) s"

# the image: packed again only when the binary or the guest's scripts changed
ikey=$( { echo "$key"; sha256sum "$bin"; cat "$EBB_ROOT"/test/vm/* \
	"$EBB_ROOT"/test/integration/exhaust_lib.sh; } | sha256sum | cut -c1-16)
img=$vm_cache/image-$ikey.ext4
if [ ! -f "$img" ]; then
	t=$(date +%s)
	rm -f "$vm_cache"/image-*
	mb=$(( $(du -sm "$root" | cut -f1) * 5 / 4 + 512 ))
	truncate -s "${mb}M" "$img.new"
	mkfs.ext4 -q -F -L ebbroot -d "$root" "$img.new" > "$run_dir/mkfs.log" 2>&1 ||
		{ cat "$run_dir/mkfs.log" >&2; rm -f "$img.new"; ebb_die "mkfs.ext4 -d $root failed"; }
	mv "$img.new" "$img"
	ebb_say "image $img packed in $(( $(date +%s) - t )) s (${mb} MB sparse)"
fi
[ "$build_only" -eq 0 ] || { ebb_say "built: $img"; exit 0; }
# a shared lock while booting: the image is in use (-snapshot: read only), a run with
# other sources waits before it packs a new one
flock -s 8
kernel=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n 1)
initrd=$(ls "$root"/boot/initrd.img-* | sort -V | tail -n 1)
[ -f "$kernel" ] && [ -f "$initrd" ] || ebb_die "no kernel or initrd in $root/boot"

# the namespace and its taps (no IPv6: nothing but what the cases send on the wire)
ip netns add "$ns" || ebb_die "cannot create network namespace $ns"
ip -n "$ns" link set lo up
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$ns" tuntap add dev tap0 mode tap
ip -n "$ns" tuntap add dev tap1 mode tap multi_queue
ip -n "$ns" tuntap add dev tap2 mode tap
for p in tap0 tap1 tap2; do ip -n "$ns" link set "$p" up; done

declare -A mac=([tap0]=52:54:00:eb:00:10 [tap1]=52:54:00:eb:00:11 [tap2]=52:54:00:eb:00:12)

# boot KIND CASES: one guest run; its serial log in $run_dir/KIND.log
boot() {
	local kind=$1 list=$2 machine append t rc=0 nics host_taps drive
	local log=$run_dir/$kind.log ctl=$run_dir/$kind.ctl mon=$run_dir/$kind.mon
	append="console=ttyS0 root=/dev/vda rw init=/opt/ebbflow/src/test/vm/guest.sh quiet"
	append="$append loglevel=3 hugepages=512 ebb.cases=$list"
	nics=(-netdev tap,id=n0,ifname=tap0,script=no,downscript=no
	      -device "e1000e,netdev=n0,mac=${mac[tap0]},romfile=,addr=0x10"
	      -netdev tap,id=n1,ifname=tap1,script=no,downscript=no,queues=2
	      -device "virtio-net-pci,netdev=n1,mac=${mac[tap1]},romfile=,addr=0x11,mq=on,vectors=6,rx_queue_size=1024"
	      -netdev tap,id=n2,ifname=tap2,script=no,downscript=no
	      -device "vmxnet3,netdev=n2,mac=${mac[tap2]},romfile=,addr=0x12")
	host_taps=(--tap "tap0=n0=${mac[tap0]}" --tap "tap1=n1=${mac[tap1]}" --tap "tap2=n2=${mac[tap2]}")
	drive=(-drive "file=$img,format=raw,if=virtio,cache=unsafe")
	if [ "$kind" = numa ]; then
		# two sockets: node N = CPU N + its own RAM + a PCI expander bridge on node N
		# (pxb: the NICs sit on the conventional bus behind it, as on -machine pc above;
		# q35's pxb-pcie takes a pcie-root-port, behind which e1000e's link never came
		# up). pxb0's buses come before pxb1's: node 0's NIC is DPDK's port 0.
		# Hugepages: the kernel spreads the boot-time reservation over the nodes
		machine=(-machine pc
			 -object memory-backend-ram,id=m0,size=1280M
			 -object memory-backend-ram,id=m1,size=1280M
			 -numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1
			 -device pxb,id=pxb0,bus_nr=32,numa_node=0,bus=pci.0,addr=0x8
			 -device pxb,id=pxb1,bus_nr=64,numa_node=1,bus=pci.0,addr=0x9)
		append="$append ebb.driver=uio_pci_generic ebb.layout=numa"
		nics=(-netdev tap,id=n0,ifname=tap0,script=no,downscript=no
		      -device "virtio-net-pci,netdev=n0,mac=${mac[tap0]},romfile=,bus=pxb0,addr=0x1"
		      -netdev tap,id=n2,ifname=tap2,script=no,downscript=no
		      -device "e1000e,netdev=n2,mac=${mac[tap2]},romfile=,bus=pxb1,addr=0x1")
		host_taps=(--tap "tap0=n0=${mac[tap0]}" --tap "tap2=n2=${mac[tap2]}")
		# the root disk on the root bus (if=virtio would take the newest bus, pxb1's)
		drive=(-drive "file=$img,format=raw,if=none,id=d0,cache=unsafe"
		       -device virtio-blk-pci,drive=d0,bus=pci.0,addr=0x5)
	elif [ "$kind" = vfio ]; then
		machine=(-machine q35 -device intel-iommu,intremap=on)
		append="$append intel_iommu=on iommu=pt ebb.driver=vfio-pci"
		nics[7]="${nics[7]},disable-legacy=on,iommu_platform=on"
	else
		machine=(-machine pc)
		append="$append ebb.driver=uio_pci_generic"
	fi
	t=$(date +%s)
	ebb_say "boot ($kind): cases $list"
	ip netns exec "$ns" timeout -k 5 "$secs" qemu-system-x86_64 "${machine[@]}" \
		-accel tcg,thread=multi -cpu max -smp 2 -m 2560 \
		-kernel "$kernel" -initrd "$initrd" -append "$append" \
		"${drive[@]}" -snapshot \
		-nographic -no-reboot -nodefaults -serial "file:$log" \
		-chardev "socket,id=ctl,path=$ctl,server=on,wait=off" -serial chardev:ctl \
		-monitor "unix:$mon,server=on,wait=off" \
		"${nics[@]}" > "$run_dir/$kind.qemu" 2>&1 &
	qemu_pid=$!
	for _ in $(seq 50); do [ -S "$ctl" ] && break; sleep 0.1; done
	ip netns exec "$ns" python3 "$EBB_ROOT/test/vm/host.py" --ctl "$ctl" --monitor "$mon" \
		"${host_taps[@]}" > "$run_dir/$kind.host" 2>&1 &
	host_pid=$!
	wait "$qemu_pid" || rc=$?
	qemu_pid=""
	kill -TERM "$host_pid" 2>/dev/null || true
	wait "$host_pid" 2>/dev/null || true
	host_pid=""
	[ "$rc" -ne 124 ] || ebb_say "boot ($kind): the guest did not power off within $secs s"
	[ "$rc" -eq 0 ] || { ebb_say "boot ($kind): qemu exited $rc"; tail -5 "$run_dir/$kind.qemu" >&2; }
	ebb_say "boot ($kind): $(( $(date +%s) - t )) s"
	tr -d '\r' < "$log" | grep -a '^EBBVM: ' | sed 's/^EBBVM: /  /' || true
}

uio_list=$(tr ',' '\n' <<<"$cases" | grep -v '^2$\|^n' | paste -sd, || true)
numa_list=$(tr ',' '\n' <<<"$cases" | grep '^n' | paste -sd, || true)
[ -z "$uio_list" ] || boot uio "$uio_list"
if [ "$vfio" -eq 1 ] && grep -qw 2 <<<"${cases//,/ }"; then
	boot vfio 2
fi
[ -z "$numa_list" ] || boot numa "$numa_list"

# the summary: every case asked for has its PASS line
pass=0 fail=0 xfail=0
for c in ${cases//,/ }; do
	kind=uio
	[ "$c" != 2 ] || kind=vfio
	[ "${c#n}" = "$c" ] || kind=numa
	[ "$c" != 2 ] || [ "$vfio" -eq 1 ] || continue
	line=$(tr -d '\r' < "$run_dir/$kind.log" 2>/dev/null | grep -a "^EBBVM: case $c " | tail -n 1 || true)
	case "$line" in
	*": PASS"*) pass=$((pass + 1)); echo "vm: case $c: PASS" ;;
	# a known failure the case still asserts around (test/vm/cases.sh it_xfail)
	*": XFAIL"*) xfail=$((xfail + 1)); echo "vm: case $c: XFAIL (${line#*XFAIL: })" ;;
	*) fail=$((fail + 1)); echo "vm: case $c: FAIL${line:+ (${line#EBBVM: })}"
	   keep=1
	   tr -d '\r' < "$run_dir/$kind.log" 2>/dev/null | grep -a "^EBBLOG $c: " | tail -n 40 | sed 's/^/    /' || true ;;
	esac
done
ebb_say "all: $(( $(date +%s) - t_start )) s"
echo "vm: $pass passed, $fail failed, $xfail expected failures"
[ "$fail" -eq 0 ]
