#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_topology.sh: each port topology and port selection forwards where it should.
# Description: four net_null ports, port 1 receiving nothing (no-rx=1), io mode. For each
# case (--port-topology paired, chained, loop; --portlist with chained; set portlist and
# set nbport at the prompt) the forward statistics of each stop list exactly the
# forwarding ports, in their list's order, and each port sent exactly what its source in
# the topology received (TX-packets + TX-dropped of the port = RX-packets of the one that
# sends to it): the silent port 1 makes the port it feeds send nothing, which tells the
# topologies apart. Ports outside the list are never polled (RX-packets 0). Audit at the end.
. "$(dirname "$0")/lib.sh"

it_is_testpmd && it_skip "ebbflow's streams and its pool audit are checked here"
VD="--vdev net_null0 --vdev net_null1,no-rx=1 --vdev net_null2 --vdev net_null3"

# stats OUT: "K PORT RX TX TXD" for each port block of the K-th stop's forward statistics
stats() {
	awk '/Telling cores to stop/ { k++; next }
		/Accumulated forward statistics/ { port = -1; next }
		/Forward statistics for port/ { port = $(NF - 1); next }
		port >= 0 && $1 == "RX-packets:" { rx = $2 }
		port >= 0 && $1 == "TX-packets:" { print k, port, rx, $2, $4; port = -1 }' "$1"
}

# check NAME OUT K "PORTS" "DST:SRC ...": the K-th stop lists PORTS in this order and each
# DST sent what SRC received
check() {
	local name=$1 out=$2 k=$3 ports=$4 pairs=$5 got p dst src tx rx
	got=$(stats "$out" | awk -v k="$k" '$1 == k { printf "%s%s", s, $2; s = " " }')
	[ "$got" = "$ports" ] || { it_show "$out" 60; it_fail "$name: stop $k lists ports '$got', want '$ports'"; }
	for p in $pairs; do
		dst=${p%%:*} src=${p##*:}
		tx=$(stats "$out" | awk -v k="$k" -v p="$dst" '$1 == k && $2 == p { print $4 + $5 }')
		rx=$(stats "$out" | awk -v k="$k" -v p="$src" '$1 == k && $2 == p { print $3 }')
		[ -n "$tx" ] && [ -n "$rx" ] || it_fail "$name: no counters for port $dst or $src"
		[ "$tx" -eq "$rx" ] ||
			{ it_show "$out" 60; it_fail "$name: port $dst sent $tx, its source port $src received $rx"; }
		[ "$src" = 1 ] || [ "$rx" -gt 0 ] || it_fail "$name: port $src received nothing"
	done
	it_log "ok   $name (stop $k): ports $ports, sent = received for $pairs"
}

# session NAME SCRIPT APP-ARGS...: run ebbflow -i on the four ports
session() {
	local name=$1 script=$2 rc
	shift 2
	# shellcheck disable=SC2046,SC2086
	rc=$(it_session 90 "$IT_TMP/$name.out" "$script" "$BIN" -l 0,1 \
		$(it_eal "$(it_prefix "$name")") $VD -- -i "$@")
	it_check_rc "$rc" "$name"
	it_audit "$IT_TMP/$name.out"
}

printf 'start\nsleep 1\nstop\nquit\n' > "$IT_TMP/once.cmds"
session paired "$IT_TMP/once.cmds"
check paired "$IT_TMP/paired.out" 1 "0 1 2 3" "0:1 1:0 2:3 3:2"
session chained "$IT_TMP/once.cmds" --port-topology=chained
check chained "$IT_TMP/chained.out" 1 "0 1 2 3" "1:0 2:1 3:2 0:3"
session loop "$IT_TMP/once.cmds" --port-topology=loop
check loop "$IT_TMP/loop.out" 1 "0 1 2 3" "0:0 1:1 2:2 3:3"
# the list's order is the chain's: 3 -> 1 -> 0 -> 3; port 2 is not polled
printf 'start\nsleep 1\nstop\nshow port stats 2\nquit\n' > "$IT_TMP/list.cmds"
session portlist "$IT_TMP/list.cmds" --port-topology=chained --portlist=3,1,0
check portlist "$IT_TMP/portlist.out" 1 "3 1 0" "1:3 0:1 3:0"
rx2=$(it_port_stat "$IT_TMP/portlist.out" 2 RX-packets)
[ "$rx2" = 0 ] || it_fail "portlist: port 2 is not forwarding but received '$rx2'"
# at the prompt: set portlist, then set nbport (paired: an odd last port to itself)
cat > "$IT_TMP/prompt.cmds" <<CMDS
set portlist 2,1
start
sleep 1
stop
set portlist 0,1,3
set nbport 3
start
sleep 1
stop
set nbport 2
start
sleep 1
stop
quit
CMDS
session prompt "$IT_TMP/prompt.cmds" --portmask=0xf
check "set portlist 2,1" "$IT_TMP/prompt.out" 1 "2 1" "2:1 1:2"
check "set portlist 0,1,3" "$IT_TMP/prompt.out" 2 "0 1 3" "0:1 1:0 3:3"
check "set nbport 2" "$IT_TMP/prompt.out" 3 "0 1" "0:1 1:0"
it_pass "3 topologies, --portlist, set portlist, set nbport: each port sent what its source received"
