# SPDX-License-Identifier: BSD-3-Clause
# cases_numa.sh: the two-socket guest's cases n1..n5 (sourced by guest.sh after cases.sh):
# one mbuf pool per NUMA node, RX from the port's own node, buffers back to their own pool
# across nodes, exhaustion of one node's pool alone, a node without hugepages.
# shellcheck shell=bash
#
# Layout (scripts/vm.sh, ebb.layout=numa): node N = vCPU N + 1280 MB + a PCI expander
# bridge with numa_node=N; virtio-net behind node 0's (tap0, DPDK port 0), e1000e behind
# node 1's (tap2, port 1); 256 hugepages of 2 MB on each node. ebbflow runs with
# --lcores 0@0,1@0,2@1: the main lcore and forwarding lcore 1 on node 0, forwarding lcore 2
# on node 1; io streams (paired): lcore 1 RX port 0 -> TX port 1, lcore 2 RX port 1 -> TX
# port 0. So received on port 0 = mbufs of ebb_pool_0, on port 1 = of ebb_pool_1, and each
# stream's TX completion on the other node's NIC frees the far node's mbufs.

# pci_find VENDOR DEVICE...: the first PCI function of VENDOR with one of the DEVICE ids
pci_find() {
	local v=$1 f d
	shift
	for f in /sys/bus/pci/devices/*; do
		[ "$(cat "$f/vendor")" = "$v" ] || continue
		for d in "$@"; do
			[ "$(cat "$f/device")" != "$d" ] || { basename "$f"; return 0; }
		done
	done
	return 1
}
if [ "${EBB_LAYOUT:-}" = numa ]; then
	N_VIRTIO=$(pci_find 0x1af4 0x1000 0x1041 || true)
	N_EM=$(pci_find 0x8086 0x10d3 || true)
	VM_PCI="$N_VIRTIO $N_EM"
fi
N_HP=/sys/devices/system/node/node1/hugepages/hugepages-2048kB

numa_case_name() {
	case "$1" in
	n1) echo "one pool per node, RX from the port's node (2 sockets)" ;;
	n2) echo "io across the nodes, buffers back to their own pool" ;;
	n3) echo "node 1's pool exhausted alone, node 0 goes on" ;;
	n4) echo "node 1 without hugepages: its port falls back to node 0" ;;
	n5) echo "--socket-num=1: one pool on socket 1 for both ports" ;;
	*) echo "unknown" ;;
	esac
}

# what the guest's kernel says of its nodes and NICs (console lines "topo: ...")
numa_topology() {
	local n d
	command -v lscpu > /dev/null && lscpu | grep -E '^(CPU\(s\)|Socket\(s\)|NUMA)'
	for n in /sys/devices/system/node/node[0-9]*; do
		echo "$(basename "$n"): cpus $(cat "$n/cpulist"), $(awk '/MemTotal/ { print $4, $5 }' "$n/meminfo")," \
			"hugepages 2048kB $(cat "$n/hugepages/hugepages-2048kB/nr_hugepages")" \
			"(free $(cat "$n/hugepages/hugepages-2048kB/free_hugepages"))"
	done
	for d in $N_VIRTIO $N_EM; do
		echo "$d $(cat /sys/bus/pci/devices/"$d"/vendor):$(cat /sys/bus/pci/devices/"$d"/device):" \
			"numa_node $(cat /sys/bus/pci/devices/"$d"/numa_node)," \
			"local_cpulist $(cat /sys/bus/pci/devices/"$d"/local_cpulist)"
	done
}

# n_eal PREFIX [SOCKET_MEM]: EAL options: the three lcores, both NICs
n_eal() {
	echo "--lcores 0@0,1@0,2@1 --file-prefix $1 --socket-mem ${2:-128,128} -a $N_VIRTIO -a $N_EM"
}
N_OPTS="-i --forward-mode=io --rxd=256 --txd=256"

# n_pool_snap NAME POOL: `show pool`, waited for (POOL's block printed once more)
n_pool_snap() {
	local name=$1 pool=$2 want
	want=$(( $(grep -c "^pool $pool: socket " "/tmp/$name.out") + 1 ))
	g_send "$name" "show pool"
	_n_pool() { [ "$(grep -c "^pool $pool: socket " "/tmp/$name.out")" -ge "$want" ]; }
	it_wait_for 60 _n_pool || { it_show "/tmp/$name.out"; it_fail "$name: no show pool for $pool"; }
	sleep 0.3 # the block's other two lines
}
# n_pv OUT POOL FIELD: FIELD of POOL's last `show pool` block (socket, size, available,
# in use, waiting lcores, failed dequeues, waits, wakeups, handoffs, timeouts ...)
n_pv() {
	awk -v pool="$2:" -v f="$3" '
		/^pool / { cur = ($2 == pool && $3 == "socket") }
		cur && (/^pool / || /^  /) {
			line = $0
			sub(/^pool [^ ]+: /, "", line); sub(/^  (ops [^:]+: )?/, "", line)
			n = split(line, kv, ", ")
			for (i = 1; i <= n; i++) {
				k = kv[i]; v = kv[i]; sub(/ [^ ]+$/, "", k); sub(/.* /, "", v)
				if (k == f) val = v
			}
		}
		!/^pool / && !/^  / { cur = 0 }
		END { print val }' "$1"
}
# n_pline OUT POOL: POOL's last block in one line, for the log
n_pline() {
	local f r=""
	for f in socket size available "in use" "waiting lcores" "failed dequeues" waits wakeups handoffs timeouts; do
		r="$r${r:+, }$f $(n_pv "$1" "$2" "$f")"
	done
	echo "$2: $r"
}
# n_qline OUT SNAP PORT: PORT's RX counters and its queue's wait counters in one line
n_qline() {
	echo "port $3: RX $(g_stat "$1" "$2" "$3" RX-packets) TX $(g_stat "$1" "$2" "$3" TX-packets)" \
		"missed $(g_stat "$1" "$2" "$3" RX-missed) nombuf $(g_stat "$1" "$2" "$3" RX-nombuf);" \
		"queue pauses $(g_qsum "$1" "$2" "$3" pauses) wakeups $(g_qsum "$1" "$2" "$3" wakeups)" \
		"wait-timeouts $(g_qsum "$1" "$2" "$3" wait-timeouts)"
}
# n_start NAME SECS [SOCKET_MEM] [OPTS...]: ebbflow on both NICs, forwarding, links up
n_start() {
	local name=$1 secs=$2 mem=${3:-}
	shift 3 || shift $#
	# shellcheck disable=SC2046,SC2086
	g_spawn "$name" "$secs" $EBB $(n_eal "$name" $mem) -- $N_OPTS "$@"
	g_send "$name" start
	g_started "$name"
	g_links_up "$name" 0 1
}
# n_quit NAME: stop, quit, exit status 0, the audit at exit
n_quit() {
	g_send "$1" stop
	g_quit "$1"
	[ "$G_RC" -eq 0 ] || { it_show "/tmp/$1.out"; it_fail "ebbflow exited $G_RC"; }
	n_audit "/tmp/$1.out"
}
# n_audit OUT: each pool's last audit line (at exit: ports closed, net_virtio's RX ring
# back) full; the lines at stop are shown, not judged (g_audit)
n_audit() {
	local lines last bad
	lines=$(grep -E '^ *pool [^ ]+: [0-9]+/[0-9]+ mbufs returned' "$1")
	[ -n "$lines" ] || { it_show "$1"; it_fail "audit: no pool line in $(basename "$1")"; }
	last=$(awk '{ l[$2] = $0 } END { for (p in l) print l[p] }' <<<"$lines" | sort)
	echo "audit at stop (not judged): $(grep -vxF "$last" <<<"$lines" | tr '\n' ';')"
	bad=$(awk '/missing|too many/ { print; next } { split($3, a, "/"); if (a[1] != a[2]) print }' <<<"$last")
	[ -z "$bad" ] || { it_show "$1" 40; it_fail "audit: $bad"; }
	echo "audit at exit: $(tr '\n' ';' <<<"$last") every mbuf back in its own pool"
}
# n_send TAP N PPS PHASE: the host sends and waits until what comes out settles
n_send() {
	host_req send "$1" "$2" "$3" "$4" > /dev/null && host_req "done" "$4"
}
# n_wait_out PHASE TAP N: until N frames of PHASE came out of TAP (bounded); the answer
n_wait_out() {
	local r
	_n_out() { r=$(host_req count "$1") && [ "$(hv "$r" "$2")" -ge "$3" ]; }
	it_wait_for 60 _n_out "$@" || true
	echo "$r"
}
# n_formula NB_QUEUES: ebb_pool_size_formula() for rxd = txd = 256, burst 32, two
# forwarding lcores, cache 256 (lib/pool/ebb_pool.h)
n_formula() {
	local n=$(( $1 * (256 + 256 + 32) + 2 * (256 * 3 / 2 + 32) + 512 ))
	echo $(( (n + 1023) / 1024 * 1024 ))
}

# n1: exactly two pools, one per node, each of the formula's size for the one queue that
# draws on it; show pool, telemetry /ebbflow/pools, show config fwd name the sockets. Then
# the pool of the mbufs received: with the other port's egress stalled, what a port
# receives is held, and only its own node's pool has that many more mbufs in use
case_n1() {
	local out=/tmp/na.out size tel a b u0 u1 d0 d1 s
	size=$(n_formula 1)
	n_start na 300 ""
	grep -E "^EAL: (Detected|Probe PCI|Selected IOVA)|^ebb_pool" $out
	g_send na "show config fwd" "show port info 0" "show port info 1"
	it_wait_for 30 grep -q "Infos for port 1" $out || it_fail "no show port info 1"
	sleep 1
	grep -E "Logical Core|RX P=|Infos for port|Connect to socket|memory allocation" $out | tail -n 10
	grep -q "EAL: Detected NUMA nodes: 2" $out || it_fail "EAL does not see two NUMA nodes"
	grep -q "^Logical Core 1 (socket 0)" $out && grep -q "^Logical Core 2 (socket 1)" $out ||
		it_fail "the forwarding lcores are not one per socket (show config fwd)"
	grep -q "RX P=0/Q=0 (socket 0) -> TX P=1/Q=0 (socket 1)" $out &&
	grep -q "RX P=1/Q=0 (socket 1) -> TX P=0/Q=0 (socket 0)" $out ||
		it_fail "show config fwd: port 0 not on socket 0 or port 1 not on socket 1"
	n_pool_snap na ebb_pool_1
	n_pline $out ebb_pool_0
	n_pline $out ebb_pool_1
	[ "$(grep -c '^ebb_pool: pool ebb_pool_' $out)" = 2 ] || it_fail "not exactly two pools created"
	[ "$(n_pv $out ebb_pool_0 socket)" = 0 ] && [ "$(n_pv $out ebb_pool_1 socket)" = 1 ] ||
		it_fail "show pool: ebb_pool_0 not on socket 0 or ebb_pool_1 not on socket 1"
	[ "$(n_pv $out ebb_pool_0 size)" = "$size" ] && [ "$(n_pv $out ebb_pool_1 size)" = "$size" ] ||
		it_fail "pool sizes $(n_pv $out ebb_pool_0 size) / $(n_pv $out ebb_pool_1 size), the formula gives $size"
	tel=$(echo /ebbflow/pools | dpdk-telemetry.py -f na 2>/dev/null | grep '^{' | head -n 1)
	echo "telemetry: $tel"
	python3 -c 'import json, sys
d = json.loads(sys.argv[1])["/ebbflow/pools"]
sys.exit(0 if d["name"] == ["ebb_pool_0", "ebb_pool_1"] and d["socket"] == [0, 1] else 1)' "$tel" ||
		it_fail "telemetry /ebbflow/pools does not name ebb_pool_0 on socket 0 and ebb_pool_1 on socket 1"
	# the pool of the received mbufs: port 0 first (its packets held on port 1's egress)
	a=$(n_send tap0 1000 1000 na_fwd0) || it_fail "host: send into tap0"
	b=$(n_send tap2 1000 1000 na_fwd1) || it_fail "host: send into tap2"
	echo "forwarded: $a / $b"
	[ "$(hv "$a" tap2)" = 1000 ] && [ "$(hv "$b" tap0)" = 1000 ] ||
		it_fail "io across the nodes: 1000 sent each way, out $(hv "$a" tap2) / $(hv "$b" tap0)"
	for p in 0 1; do
		local q=$((1 - p)) tin tout
		[ $p = 0 ] && tin=tap0 || tin=tap2
		g_send na "set port $q tx-rate 0"
		sleep 1
		n_pool_snap na ebb_pool_1
		u0=$(n_pv $out ebb_pool_0 "in use") u1=$(n_pv $out ebb_pool_1 "in use")
		a=$(n_send $tin 200 1000 "na_hold$p") || it_fail "host: send into $tin"
		n_pool_snap na ebb_pool_1
		d0=$(( $(n_pv $out ebb_pool_0 "in use") - u0 )) d1=$(( $(n_pv $out ebb_pool_1 "in use") - u1 ))
		echo "200 frames into port $p (held on port $q's egress): in use ebb_pool_0 +$d0, ebb_pool_1 +$d1 ($a)"
		g_send na "set port $q tx-rate off"
		if [ $p = 0 ]; then
			ex_ge "$d0" 150 "the 200 held mbufs received on port 0 are not from ebb_pool_0"
			[ "$d1" = 0 ] || it_fail "ebb_pool_1's in use moved by $d1 while port 0 received"
		else
			ex_ge "$d1" 150 "the 200 held mbufs received on port 1 are not from ebb_pool_1"
			[ "$d0" = 0 ] || it_fail "ebb_pool_0's in use moved by $d0 while port 1 received"
		fi
		[ $p = 0 ] && tout=tap2 || tout=tap0
		b=$(n_wait_out "na_hold$p" $tout 200)
		[ "$(hv "$b" $tout)" = 200 ] || it_fail "the 200 held frames did not all leave once released ($b)"
	done
	s=$(g_snap na 2)
	n_qline $out "$s" 0
	n_qline $out "$s" 1
	n_quit na
	echo "PASS: two pools, ebb_pool_0 on socket 0 and ebb_pool_1 on socket 1, $size mbufs each" \
		"(formula, one queue each); 1000 each way across the nodes; mbufs received on port N" \
		"are in use in node N's pool only"
}

# n2: io across the nodes (1000 each way), then node 0's pool exhausted with port 1's
# egress stalled: port 0's queue waits on ebb_pool_0; released, port 1's TX (e1000e on
# node 1) frees them into ebb_pool_0, which hands them to that waiter; ebb_pool_1 sees none
case_n2() {
	local out=/tmp/nb.out a b s1 s2 h0 w0 k0 t0
	n_start nb 300 "" --total-num-mbufs=1024 --wait-timeout=0
	a=$(n_send tap0 1000 1000 nb_fwd0) || it_fail "host: send into tap0"
	b=$(n_send tap2 1000 1000 nb_fwd1) || it_fail "host: send into tap2"
	echo "forwarded: $a / $b"
	[ "$(hv "$a" tap2)" = 1000 ] && [ "$(hv "$b" tap0)" = 1000 ] ||
		it_fail "io across the nodes: 1000 sent each way, out $(hv "$a" tap2) / $(hv "$b" tap0)"
	g_send nb "set port 1 tx-rate 0"
	sleep 1
	a=$(n_send tap0 1500 1000 nb_held) || it_fail "host: send into tap0"
	s1=$(g_snap nb 2)
	n_pool_snap nb ebb_pool_1
	echo "node 0's pool exhausted: $a"
	n_qline $out "$s1" 0
	n_qline $out "$s1" 1
	n_pline $out ebb_pool_0
	n_pline $out ebb_pool_1
	ex_ge "$(g_qsum $out "$s1" 0 pauses)" 1 "port 0's queue never paused: ebb_pool_0 did not run out"
	ex_ge "$(n_pv $out ebb_pool_0 waits)" 1 "no wait on ebb_pool_0"
	[ "$(n_pv $out ebb_pool_1 waits)" = 0 ] || it_fail "ebb_pool_1 was waited on"
	[ "$(n_pv $out ebb_pool_0 "waiting lcores")" = 1 ] || it_fail "nobody waits on ebb_pool_0 while exhausted"
	h0=$(n_pv $out ebb_pool_0 handoffs) w0=$(g_qsum $out "$s1" 0 wakeups)
	t0=$(g_stat $out "$s1" 1 TX-packets)
	g_send nb "set port 1 tx-rate off"
	it_wait_for 30 grep -q "Port 1: TX rate unlimited" $out || it_fail "set port 1 tx-rate off: no answer"
	b=$(host_req done nb_held) || it_fail "host: done"
	echo "released: $b"
	a=$(n_send tap0 500 1000 nb_after) || it_fail "host: send into tap0"
	echo "after: $a"
	s2=$(g_snap nb 2)
	n_pool_snap nb ebb_pool_1
	n_qline $out "$s2" 0
	n_qline $out "$s2" 1
	n_pline $out ebb_pool_0
	n_pline $out ebb_pool_1
	k0=$(n_pv $out ebb_pool_0 handoffs)
	echo "port 1 (node 1) sent $(( $(g_stat $out "$s2" 1 TX-packets) - t0 )) after the release;" \
		"ebb_pool_0 handoffs $h0 -> $k0, port 0 queue wakeups $w0 -> $(g_qsum $out "$s2" 0 wakeups)"
	ex_ge "$k0" $((h0 + 1)) "ebb_pool_0 handed no buffer to its waiter after port 1's TX freed them"
	ex_ge "$(g_qsum $out "$s2" 0 wakeups)" $((w0 + 1)) "port 0's queue was not woken by buffers"
	[ "$(n_pv $out ebb_pool_1 handoffs)" = 0 ] && [ "$(n_pv $out ebb_pool_1 waits)" = 0 ] ||
		it_fail "ebb_pool_1 took part in node 0's exhaustion"
	[ "$(hv "$a" tap2)" = 500 ] || it_fail "after the wait: $(hv "$a" tap2) of 500 forwarded"
	n_quit nb
	echo "PASS: 1000 each way across the nodes; ebb_pool_0 exhausted, its waiter (port 0)" \
		"served by port 1's TX on node 1 (handoffs $h0 -> $k0), ebb_pool_1 untouched," \
		"every mbuf back in its own pool"
}

# n3: node 1's pool exhausted alone (port 0's egress stalled, what port 1 receives held):
# only port 1's queue pauses, only ebb_pool_1 is waited on, and node 0 forwards 1000 of
# 1000 meanwhile; released, port 1 goes on
case_n3() {
	local out=/tmp/nc.out a b s1 s2
	n_start nc 300 "" --total-num-mbufs=1024 --wait-timeout=0
	g_send nc "set port 0 tx-rate 0"
	sleep 1
	a=$(n_send tap2 1500 1000 nc_held) || it_fail "host: send into tap2"
	echo "node 1's pool exhausted: $a"
	b=$(n_send tap0 1000 1000 nc_node0) || it_fail "host: send into tap0"
	echo "node 0 meanwhile: $b"
	s1=$(g_snap nc 2)
	n_pool_snap nc ebb_pool_1
	n_qline $out "$s1" 0
	n_qline $out "$s1" 1
	n_pline $out ebb_pool_0
	n_pline $out ebb_pool_1
	ex_ge "$(g_qsum $out "$s1" 1 pauses)" 1 "port 1's queue never paused: ebb_pool_1 did not run out"
	[ "$(g_qsum $out "$s1" 0 pauses)" = 0 ] || it_fail "port 0's queue (node 0) paused too"
	ex_ge "$(n_pv $out ebb_pool_1 waits)" 1 "no wait on ebb_pool_1"
	[ "$(n_pv $out ebb_pool_1 "waiting lcores")" = 1 ] || it_fail "nobody waits on ebb_pool_1 while exhausted"
	[ "$(n_pv $out ebb_pool_0 waits)" = 0 ] && [ "$(n_pv $out ebb_pool_0 "failed dequeues")" = 0 ] ||
		it_fail "ebb_pool_0 ran out too"
	[ "$(hv "$b" tap2)" = 1000 ] && [ "$(g_stat $out "$s1" 0 RX-packets)" = 1000 ] ||
		it_fail "node 0 did not go on: 1000 into port 0, RX $(g_stat $out "$s1" 0 RX-packets), out $(hv "$b" tap2)"
	g_send nc "set port 0 tx-rate off"
	it_wait_for 30 grep -q "Port 0: TX rate unlimited" $out || it_fail "set port 0 tx-rate off: no answer"
	b=$(host_req done nc_held) || it_fail "host: done"
	echo "released: $b"
	a=$(n_send tap2 500 1000 nc_after) || it_fail "host: send into tap2"
	s2=$(g_snap nc 2)
	n_pool_snap nc ebb_pool_1
	n_qline $out "$s2" 1
	n_pline $out ebb_pool_1
	[ "$(hv "$a" tap0)" = 500 ] || it_fail "node 1 after the wait: $(hv "$a" tap0) of 500 forwarded"
	n_quit nc
	echo "PASS: ebb_pool_1 exhausted alone: port 1's queue paused $(g_qsum $out "$s1" 1 pauses)" \
		"time(s), ebb_pool_1 waits $(n_pv $out ebb_pool_1 waits); port 0 pauses 0, ebb_pool_0" \
		"waits 0, node 0 forwarded 1000/1000 meanwhile; node 1 500/500 after"
}

# n4: node 1's hugepages taken away: ebbflow (--socket-mem 128: node 0's) says in one line
# that port 1's RX queues draw on socket 0, makes one pool there sized for both queues, and
# sets port 1's rings up on socket 0; io both ways, audit; node 1's hugepages back
case_n4() {
	local out=/tmp/nd.out size nr a b s w
	size=$(n_formula 2)
	nr=$(cat $N_HP/nr_hugepages)
	rm -rf /dev/hugepages/* /var/run/dpdk/*
	echo 0 > $N_HP/nr_hugepages
	[ "$(cat $N_HP/nr_hugepages)" = 0 ] || it_fail "node 1 still has $(cat $N_HP/nr_hugepages) hugepages"
	echo "node 1: hugepages $(cat $N_HP/nr_hugepages) (were $nr)"
	n_start nd 300 128
	w=$(grep -c "has no memory" $out)
	grep "has no memory\|^ebb_pool" $out
	g_send nd "show port info 1"
	it_wait_for 30 grep -q "Infos for port 1" $out || it_fail "no show port info 1"
	sleep 1
	grep "Connect to socket\|memory allocation" $out | tail -n 2
	n_pool_snap nd ebb_pool_0
	n_pline $out ebb_pool_0
	a=$(n_send tap0 500 1000 nd_fwd0) || it_fail "host: send into tap0"
	b=$(n_send tap2 500 1000 nd_fwd1) || it_fail "host: send into tap2"
	echo "forwarded: $a / $b"
	s=$(g_snap nd 2)
	n_qline $out "$s" 0
	n_qline $out "$s" 1
	n_quit nd
	echo "$nr" > $N_HP/nr_hugepages
	[ "$w" = 1 ] && grep -q "port 1: socket 1 has no memory, its RX queues draw on socket 0" $out ||
		it_fail "no (or more than one) fallback line for port 1"
	[ "$(grep -c '^ebb_pool: pool ebb_pool_' $out)" = 1 ] && [ "$(n_pv $out ebb_pool_0 size)" = "$size" ] ||
		it_fail "not one pool of $size (two queues) on socket 0"
	grep -q "memory allocation on the socket: 0" $out || it_fail "port 1's memory is not on socket 0"
	[ "$(hv "$a" tap2)" = 500 ] && [ "$(hv "$b" tap0)" = 500 ] ||
		it_fail "io with the fallback: 500 each way, out $(hv "$a" tap2) / $(hv "$b" tap0)"
	echo "PASS: node 1 without hugepages: one line says port 1 draws on socket 0, one pool" \
		"ebb_pool_0 of $size (two queues), 500 each way, audit; node 1's $nr hugepages back"
}

# n5: --socket-num=1 (testpmd's: every pool and ring on that socket): one pool, ebb_pool_1
# on socket 1, sized for both ports' queues; port 0 (node 0's NIC) draws on it and its
# rings are set up on socket 1 too; io both ways, audit
case_n5() {
	local out=/tmp/ne.out size a b s
	size=$(n_formula 2)
	n_start ne 300 "" --socket-num=1
	grep "^ebb_pool\|sockets with memory" $out
	n_pool_snap ne ebb_pool_1
	n_pline $out ebb_pool_1
	g_send ne "show port info 0"
	it_wait_for 30 grep -q "Infos for port 0" $out || it_fail "no show port info 0"
	sleep 1
	grep "Connect to socket\|memory allocation" $out | tail -n 2
	a=$(n_send tap0 500 1000 ne_fwd0) || it_fail "host: send into tap0"
	b=$(n_send tap2 500 1000 ne_fwd1) || it_fail "host: send into tap2"
	echo "forwarded: $a / $b"
	s=$(g_snap ne 2)
	n_qline $out "$s" 0
	n_qline $out "$s" 1
	n_quit ne
	[ "$(grep -c '^ebb_pool: pool ebb_pool_' $out)" = 1 ] && [ "$(n_pv $out ebb_pool_1 socket)" = 1 ] &&
		[ "$(n_pv $out ebb_pool_1 size)" = "$size" ] ||
		it_fail "not one pool of $size (two queues) on socket 1"
	grep -q "memory allocation on the socket: 1" $out || it_fail "port 0's memory is not on socket 1"
	[ "$(hv "$a" tap2)" = 500 ] && [ "$(hv "$b" tap0)" = 500 ] ||
		it_fail "io on socket 1's pool: 500 each way, out $(hv "$a" tap2) / $(hv "$b" tap0)"
	echo "PASS: --socket-num=1: one pool ebb_pool_1 of $size on socket 1 for both ports," \
		"port 0's rings on socket 1, 500 each way, audit"
}
