#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_port_options.sh: testpmd's pool and port options do what they say on virtual ports.
# Description: --mbcache=100 gives every pool a cache of 100 (the pool line at start and
# show pool) and forwards; --no-wait --mbcache=0 a pool without cache; --rxq=2 --txq=2
# with --rss-ip, --rss-udp, --disable-rss, --no-lsc-interrupt and --enable-drop-en starts
# and forwards on net_null, and show port N rss-hash reads back the hash functions asked
# (net_null hashes nothing but keeps them: IP's 7, UDP's 3, "RSS disabled"), also after
# `port config all rss udp|ip` (refused by ethdev under --disable-rss; with one RX queue
# RSS is off whatever is asked); --socket-num=0
# one pool on socket 0 with port 0's memory there; --no-numa "NUMA support disabled" in
# show config fwd, and forwards; on a net_tap
# port (root) --tx-offloads=0x2e (IPv4, UDP, TCP checksums, TSO) is asked of the port:
# show config rxtx says so. Every run forwards or quits with an exact pool audit.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"

it_is_testpmd && it_skip "ebbflow's own test (show pool)"

# run TAG CMDS APP-ARGS...: a session on two net_null ports, exit 0, audit exact
run() {
	local tag=$1 cmds=$2 rc
	shift 2
	printf '%b' "$cmds" > "$IT_TMP/$tag.cmds"
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$IT_TMP/$tag.out" "$IT_TMP/$tag.cmds" "$BIN" -l 0,1 \
		$(it_eal "$(it_prefix "$tag")") --vdev net_null0 --vdev net_null1 -- -i "$@")
	[ "$rc" -eq 0 ] || it_show "$IT_TMP/$tag.out"
	it_check_rc "$rc" "$tag: $*"
	it_audit "$IT_TMP/$tag.out" || exit 1
}
fwd='show pool\nstart\nsleep 1\nstop\nquit\n'

run cache "$fwd" --mbcache=100
grep -q '^ebb_pool: pool ebb_pool_0: .*, cache 100, ' "$IT_TMP/cache.out" ||
	it_fail "--mbcache=100: the pool line at start does not say cache 100"
grep -q '^pool ebb_pool_0: socket 0, size [0-9]*, available [0-9]*, in use [0-9]*, cache 100$' \
	"$IT_TMP/cache.out" || it_fail "--mbcache=100: show pool does not say cache 100"
it_check_fwd "$IT_TMP/cache.out"

run nocache "$fwd" --no-wait --mbcache=0
grep -q '^pool ebb_pool_0: .*, cache 0$' "$IT_TMP/nocache.out" ||
	it_fail "--no-wait --mbcache=0: show pool does not say cache 0"
it_check_fwd "$IT_TMP/nocache.out"

run default 'show pool\nquit\n'
grep -q '^pool ebb_pool_0: .*, cache 256$' "$IT_TMP/default.out" ||
	it_fail "no --mbcache: show pool does not say the default cache 256"

# one pool on the socket asked for, the ports' rings there (this machine's socket 0)
run socket 'show pool\nshow port info 0\nshow config fwd\nquit\n' --socket-num=0
grep -q '^pool ebb_pool_0: socket 0, ' "$IT_TMP/socket.out" || it_fail "--socket-num=0: no pool on socket 0"
[ "$(grep -c '^pool ebb_pool_[0-9]*: socket' "$IT_TMP/socket.out")" -eq 1 ] ||
	it_fail "--socket-num=0: more than one pool"
grep -q '^memory allocation on the socket: 0$' "$IT_TMP/socket.out" ||
	it_fail "--socket-num=0: port 0's memory is not on socket 0"
grep -q 'NUMA support enabled' "$IT_TMP/socket.out" || it_fail "--socket-num=0: NUMA support not enabled"
run nonuma 'show config fwd\nstart\nsleep 1\nstop\nquit\n' --no-numa
grep -q ' - NUMA support disabled, MP allocation mode: native$' "$IT_TMP/nonuma.out" ||
	it_fail "--no-numa: show config fwd does not say NUMA support disabled"
it_check_fwd "$IT_TMP/nonuma.out"

# rss_funcs OUT N: the hash functions of the Nth "show port 0 rss-hash" answer in OUT
# (the line after "RSS functions:", or "disabled"), spaces squeezed
rss_funcs() {
	awk -v n="$2" '
		/^RSS functions:$/ { k++; if (k == n) { getline; $1 = $1; print; exit } }
		/^RSS disabled$/ { k++; if (k == n) { print "disabled"; exit } }' "$1"
}
rss_ip="ipv4 ipv4-frag ipv4-other ipv6 ipv6-frag ipv6-other ipv6-ex"
rss_udp="ipv4-udp ipv6-udp ipv6-udp-ex"
# net_null hashes nothing but keeps the functions asked (ethdev's rss_conf): what the
# options and port config all rss asked is what show port N rss-hash reads back
rss_cmds='show port 0 rss-hash\nport config all rss udp\nshow port 0 rss-hash\n'
rss_cmds+='port config all rss ip\nshow port 1 rss-hash\n'"$fwd"
for rss in --rss-ip --rss-udp --disable-rss; do
	o=$IT_TMP/rss${rss#--}.out
	run "rss${rss#--}" "$rss_cmds" --rxq=2 --txq=2 "$rss" --no-lsc-interrupt --enable-drop-en
	it_check_fwd "$o"
	case $rss in
	--rss-ip) want=$rss_ip ;;
	--rss-udp) want=$rss_udp ;;
	*) want=disabled ;;
	esac
	got=$(rss_funcs "$o" 1)
	[ "$got" = "$want" ] || it_fail "$rss: show port 0 rss-hash says '$got', want '$want'"
	if [ "$rss" = --disable-rss ]; then
		# no RSS mode on the ports: ethdev refuses new hash functions
		grep -q "^Configuration of RSS hash at ethernet port 0 failed with error (95): " "$o" ||
			it_fail "--disable-rss: port config all rss udp was not refused"
		[ "$(rss_funcs "$o" 2)" = disabled ] || it_fail "--disable-rss: RSS on after port config"
		continue
	fi
	got=$(rss_funcs "$o" 2)
	[ "$got" = "$rss_udp" ] || it_fail "$rss, port config all rss udp: '$got', want '$rss_udp'"
	got=$(rss_funcs "$o" 3)
	[ "$got" = "$rss_ip" ] || it_fail "$rss, port config all rss ip: port 1 '$got', want '$rss_ip'"
done
# one RX queue: no RSS whatever is asked (as testpmd)
run rss1q 'show port 0 rss-hash\nquit\n' --rss-udp
[ "$(rss_funcs "$IT_TMP/rss1q.out" 1)" = disabled ] || it_fail "--rss-udp with one RX queue: RSS on"

if [ "$(id -u)" -eq 0 ] && [ -c /dev/net/tun ]; then
	tap=ebbpo$$
	printf 'show config rxtx\nquit\n' > "$IT_TMP/tap.cmds"
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$IT_TMP/tap.out" "$IT_TMP/tap.cmds" "$BIN" -l 0,1 \
		$(it_eal "$(it_prefix tap)") --vdev "net_tap0,iface=$tap" -- -i --tx-offloads=0x2e)
	[ "$rc" -eq 0 ] || it_show "$IT_TMP/tap.out"
	it_check_rc "$rc" "net_tap --tx-offloads=0x2e"
	grep -q '^    Rx offloads=0x0 Tx offloads=0x2e$' "$IT_TMP/tap.out" ||
		it_fail "net_tap: show config rxtx does not say Tx offloads=0x2e"
	it_audit "$IT_TMP/tap.out" || exit 1
else
	it_log "net_tap case not run (needs root and /dev/net/tun)"
fi
it_pass "--mbcache in the pools, RSS hash functions as asked (options and port config all rss), link options accepted, offloads asked of the port"
