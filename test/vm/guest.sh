#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# guest.sh: init (PID 1) of the QEMU guest of scripts/vm.sh: binds the emulated NICs to a
# DPDK driver, runs the cases named on the kernel command line, reports them on the serial
# console and powers off.
#
# Kernel command line: ebb.cases=1,3,... (cases.sh: case_N), ebb.driver=uio_pci_generic|
# vfio-pci, ebb.layout=numa (two NUMA nodes, cases n1..: cases_numa.sh). Every result is one console line "EBBVM: case N NAME: PASS|FAIL what"; the
# last line is "EBBVM: done P passed F failed". The host's side of the cases (senders,
# counters, ping, link down/up: test/vm/host.py) answers on the second serial port.
# PID 1 must never exit: each case runs in a subshell, and the end is a power-off.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LANG=C HOME=/root
VM_DIR=$(dirname "$(readlink -f "$0")")

console() { echo "EBBVM: $*" > /dev/console; }

mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sys /sys
mountpoint -q /dev || mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/hugepages /dev/shm
mountpoint -q /dev/pts || mount -t devpts devpts /dev/pts
mountpoint -q /run || mount -t tmpfs -o mode=755 tmpfs /run
mountpoint -q /tmp || mount -t tmpfs tmpfs /tmp
mountpoint -q /dev/hugepages || mount -t hugetlbfs nodev /dev/hugepages
mountpoint -q /dev/shm || mount -t tmpfs tmpfs /dev/shm
mkdir -p /run/lock /var/run/dpdk
ip link set lo up
hostname ebbvm

cases=$(sed -n 's/.*ebb\.cases=\([^ ]*\).*/\1/p' /proc/cmdline)
EBB_DRIVER=$(sed -n 's/.*ebb\.driver=\([^ ]*\).*/\1/p' /proc/cmdline)
EBB_DRIVER=${EBB_DRIVER:-uio_pci_generic}
EBB_LAYOUT=$(sed -n 's/.*ebb\.layout=\([^ ]*\).*/\1/p' /proc/cmdline)
export EBB_DRIVER EBB_LAYOUT
console "booted in $(cut -d' ' -f1 /proc/uptime) s: $(uname -r), cases ${cases:-none}," \
	"driver $EBB_DRIVER, hugepages $(awk '/^HugePages_Total:/ {print $2}' /proc/meminfo)"

pass=0 fail=0
# shellcheck source=test/vm/cases.sh
. "$VM_DIR/cases.sh"
# shellcheck source=test/vm/cases_numa.sh
. "$VM_DIR/cases_numa.sh"
[ "$EBB_LAYOUT" != numa ] || numa_topology | sed 's/^/topo: /' | while IFS= read -r l; do console "$l"; done
if vm_setup > /tmp/setup.log 2>&1; then
	console "$(tail -n 1 /tmp/setup.log)"
	for c in ${cases//,/ }; do
		t0=$(cut -d. -f1 /proc/uptime)
		( "case_$c" ) > "/tmp/case_$c.log" 2>&1
		rc=$?
		t1=$(cut -d. -f1 /proc/uptime)
		# the case's own log goes to the console too, for the reader of a failure
		sed "s/^/EBBLOG $c: /" "/tmp/case_$c.log" > /dev/console
		line=$(grep -E '^(PASS|FAIL|XFAIL)' "/tmp/case_$c.log" | tail -n 1)
		if [ "$rc" -eq 0 ] && { [ "${line%%:*}" = PASS ] || [ "${line%%:*}" = XFAIL ]; }; then
			pass=$((pass + 1))
			console "case $c $(case_name "$c"): ${line} ($((t1 - t0)) s)"
		else
			fail=$((fail + 1))
			[ -n "$line" ] || line="FAIL: exited $rc"
			console "case $c $(case_name "$c"): ${line} ($((t1 - t0)) s)"
		fi
	done
else
	sed "s/^/EBBLOG setup: /" /tmp/setup.log > /dev/console
	console "setup failed: $(tail -n 1 /tmp/setup.log)"
	fail=1
fi
console "done $pass passed $fail failed"
sync
echo o > /proc/sysrq-trigger
sleep 60
