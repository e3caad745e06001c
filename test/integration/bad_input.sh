#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# bad_input.sh: bad invocations, bad prompt commands and a second process on a busy prefix.
# Description: (1) a table of bad invocations of the real program: each exits non-zero
# (not by a signal, not by the timeout, so no core dump) with exactly one stderr line that
# starts "ebbflow:" and says what is wrong; (2) one -i session of bad commands, each
# followed by "show config fwd": each bad line gets exactly one reply line and the prompt
# back, the good one after it still answers, quit ends it with exit 0 and the audit
# passes; (3) a second ebbflow with the --file-prefix of a running one is refused with one
# line naming the prefix, on hugepages and with --no-huge (EAL locks <runtime dir>/config in
# both modes; with --no-shconf or --in-memory it takes no lock and two processes may share it).
#
# Sanitizers: this test and the rest of the unit and integration suites pass on a build with
# `-Db_sanitize=address,undefined -Db_lundef=false` (gcc 12; Debian's DPDK itself is not
# instrumented). No ASAN_OPTIONS are needed: EAL runs under ASan with --no-huge and on
# hugepages (its VA reservations avoid ASan's shadow), and LeakSanitizer reports nothing
# at exit (rte_malloc memory is not malloc's), so detect_leaks can stay on.
. "$(dirname "$0")/lib.sh"

ulimit -c 0
it_is_testpmd && it_skip "ebbflow's own messages and commands are checked here"
mkdir -p "$IT_TMP/nohuge" "$IT_TMP/adir" # a directory that is no hugetlbfs mount; a dir

NH="--no-huge -m 256"
VD="--vdev net_null0 --vdev net_null1"
# ---------------------------------------------------------------- 1. bad invocations
# one case a line: name | EAL args after -l 0,1 --no-pci --file-prefix P | application
# args | a word or phrase the ebbflow: line must contain (grep -F, case-insensitive).
# --burst=0 is not here: it is the PMD's burst, as in testpmd.
cases=$(cat <<CASES
burst 513|$NH $VD|--burst 513|--burst must be 0..512
burst not a number|$NH $VD|--burst abc|'abc'
burst negative|$NH $VD|--burst=-1|--burst
burst missing value|$NH $VD|--burst|needs a value
nb-cores 0|$NH $VD|--nb-cores=0|--nb-cores must be
nb-cores 2 with one worker|$NH $VD|--nb-cores=2|worker lcore
nb-cores 200|$NH $VD|--nb-cores=200|--nb-cores must be
rxq 0|$NH $VD|--rxq=0|--rxq must be
txq 2000|$NH $VD|--txq=2000|--txq must be
rxd 0|$NH $VD|--rxd=0|--rxd must be
txd 70000|$NH $VD|--txd=70000|--txd must be
total-num-mbufs 0|$NH $VD|--total-num-mbufs=0|--total-num-mbufs must be
total-num-mbufs huge|$NH $VD|--total-num-mbufs=99999999999999999999999|--total-num-mbufs must be
mbuf-size 100|$NH $VD|--mbuf-size=100|--mbuf-size must be
txpkts 10|$NH $VD|--txpkts=10|--txpkts must be
txpkts over mbuf-size|$NH $VD|--txpkts=4000|does not fit
txpkts trailing comma|$NH $VD|--txpkts=64,|no trailing comma
txpkts zero segment|$NH $VD|--txpkts=64,0|segment 2 is 0 bytes
txpkts headers over two segments|$NH $VD|--txpkts=20,64|headers (42 bytes) must fit
txpkts segment over mbuf-size|$NH $VD|--txpkts=64,4000|--txpkts segment 2 of 4000 bytes does not fit in --mbuf-size
max-pkt-len over mbuf-size|$NH $VD|--max-pkt-len=9018|does not fit
max-pkt-len too small|$NH $VD|--max-pkt-len=60|--max-pkt-len must be
eth-peer port 99|$NH $VD|--eth-peer=99,02:00:00:00:00:01|port must be
eth-peer no such port|$NH $VD|--eth-peer=5,02:00:00:00:00:01|no port 5
port-ip no such port|$NH $VD|--port-ip=3,10.0.0.1/24|no port 3
eth-peer bad MAC|$NH $VD|--eth-peer=0,zz:00:00:00:00:01|bad MAC
eth-peer short MAC|$NH $VD|--eth-peer=0,02:00:00:00:01|bad MAC
eth-peer no MAC|$NH $VD|--eth-peer=0|--eth-peer must be
unknown fwd mode|$NH $VD|--forward-mode=nosuchmode|unknown forwarding mode
empty fwd mode|$NH $VD|--forward-mode=|--forward-mode must be
fwd mode with a semicolon|$NH $VD|--forward-mode=io;mac|bad mode name
stats-period 0|$NH $VD|--stats-period=0|--stats-period must be
stats-period 1s|$NH $VD|--stats-period=1s|--stats-period must be
reserve 70000|$NH $VD|--reserve=70000|--reserve must be
port-topology unknown|$NH $VD|--port-topology=ring|paired, chained or loop
nb-ports 0|$NH $VD|--nb-ports=0|--nb-ports must be
nb-ports above the ports|$NH $VD|--nb-ports=3|--nb-ports 3 but 2 ports
nb-ports above the list|$NH $VD|--portlist=1 --nb-ports=2|--portlist names 1 port
portmask zero|$NH $VD|--portmask=0|names no port
portmask not hex|$NH $VD|--portmask=zz|hexadecimal
portmask no such port|$NH $VD|--portmask=0x4|no port 2
portlist no such port|$NH $VD|--portlist=0,5|no port 5
portlist bad range|$NH $VD|--portlist=1-|ports and ranges
mbcache 513|$NH $VD|--mbcache=513|--mbcache must be 0..512
mbcache 0 with ebb_waitq pools|$NH $VD|--mbcache=0|--no-wait
mbcache over 2/3 of the pool|$NH $VD|--mbcache=300 --total-num-mbufs=400|needs --total-num-mbufs of at least 450
rx-offloads not hexadecimal|$NH $VD|--rx-offloads=zz|hexadecimal mask
tx-offloads over 64 bits|$NH $VD|--tx-offloads=0x10000000000000000|hexadecimal mask
rx-offloads the port cannot do|$NH $VD|--rx-offloads=0x1|that the port cannot do
tx-offloads the port cannot do|$NH $VD|--tx-offloads=0x2|that the port cannot do
value to --record-burst-stats|$NH $VD|--record-burst-stats=1|malformed
value to --disable-rss|$NH $VD|--disable-rss=1|malformed
socket-num 32|$NH $VD|--socket-num=32|--socket-num must be 0..31
socket-num without memory|$NH $VD|--socket-num=31|socket 31 has no memory
cmdline-file missing|$NH $VD|--cmdline-file=$IT_TMP/no/such/file|cannot read
cmdline-file empty path|$NH $VD|--cmdline-file=|bad path
cmdline-file a directory|$NH $VD|--cmdline-file=$IT_TMP/adir|directory
unknown long option|$NH $VD|--no-such-option|unknown
unknown short option|$NH $VD|-x|unknown option '-x'
value to a flag|$NH $VD|--interactive=yes|malformed
stray argument|$NH $VD|-a stray|unexpected argument 'stray'
tx-first in -i without -a|$NH $VD|-i --tx-first|--tx-first
no hugepages without --no-huge|--huge-dir $IT_TMP/nohuge $VD||hugepages
unknown EAL option|$NH $VD --no-such-eal-option||EAL
lcore that does not exist|$NH $VD -l 7||EAL
unknown vdev driver|$NH --vdev net_nosuchdrv0||EAL
no port at all|$NH||port
too little memory|--no-huge -m 8 $VD||memory
CASES
)

n=0 failed=0
while IFS='|' read -r name eal app want; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	out=$IT_TMP/case$n.out
	err=$IT_TMP/case$n.err
	pfx=$(it_prefix "c$n")
	# shellcheck disable=SC2086
	timeout -k 5 30 "$BIN" -l 0,1 --no-pci --file-prefix "$pfx" $eal -- $app \
		< /dev/null > "$out" 2> "$err"
	rc=$?
	why=""
	line=$(grep '^ebbflow:' "$err")
	lines=$(grep -c '^ebbflow:' "$err")
	if [ "$rc" -eq 0 ]; then
		why="accepted (exit 0)"
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		why="hung (killed by the timeout)"
	elif [ "$rc" -ge 128 ]; then
		why="died by signal $((rc - 128))"
	elif [ "$lines" -ne 1 ]; then
		why="$lines stderr lines start with 'ebbflow:' (want exactly 1)"
	elif [ -n "$want" ] && ! grep -qiF -- "$want" <<<"$line"; then
		why="the line does not say '$want'"
	fi
	# what the options alone decide is refused before EAL starts; what needs the ports,
	# right after EAL, before the pools are made
	case "$name" in
	"unknown fwd mode" | "nb-cores 2 with one worker")
		[ -z "$why" ] && grep -q '^EAL:' "$out" "$err" && why="refused only after EAL started" ;;
	"eth-peer no such port" | "port-ip no such port" | "portmask no such port" | \
	"portlist no such port" | "nb-ports above the ports")
		[ -z "$why" ] && grep -q 'ebb_pool' "$out" "$err" && why="refused only after the pools" ;;
	esac
	if [ -n "$why" ]; then
		it_log "FAIL $name: $why"
		tail -n 6 "$err" | sed 's/^/    err: /'
		tail -n 3 "$out" | sed 's/^/    out: /'
		failed=$((failed + 1))
	else
		it_log "ok   $name: exit $rc: $line"
	fi
done <<<"$cases"
nbad=$n

# ---------------------------------------------------------------- 2. bad commands at -i
# Each bad line is followed by "show config fwd": the session's output is cut at the
# prompts, the k-th piece after the first being the echo of input line k and its reply.
long=$(printf 'x%.0s' $(seq 1 700))
# shellcheck disable=SC2016 # the $(x) is garbage, not to expand
garbage=$(printf '\x80\xff\xfe%%s\x7f%%n\xc3\x28\xa0\xa1}{][\xe2\x82\x28 $(x) ;|&')
cmds=(
	"foo"
	"start now"
	"stop all"
	"show"
	"show port"
	"show port stats"
	"show port stats x"
	"show port stats 99"
	"show port info 2"
	"show port info -1"
	"show port bogus all"
	"clear port stats 99"
	"clear port stats"
	"set"
	"set burst"
	"set burst 0"
	"set burst 513"
	"set burst 1e3"
	"set burst 99999999999999999999999"
	"set fwd"
	"set fwd nonsense"
	"set fwd $long"
	"set nbcore 0"
	"set nbcore 2"
	"set nbport 0"
	"set nbport 3"
	"set portlist 0,7"
	"set portlist 1,1"
	"set portlist 0-1"
	"set corelist 0"
	"set corelist 9"
	"set coremask 0"
	"set coremask 0xzz"
	"set txpkts 64,"
	"set txpkts ,64"
	"set txpkts 64,0"
	"set txpkts 20,64"
	"set txpkts 64,3000"
	"set txpkts 64,x"
	"port config all rxq 2"
	"port config all txq 0"
	"set speed 10"
	"show config"
	"show fwd stats"
	"quit now"
	"help me"
	"start tx_first now"
	"$long"
	"show config fwd $long"
	"$garbage"
	"SHOW CONFIG FWD"
	"port stop 7"
	"port config mtu 0 99999"
	"set promisc all sideways"
	"mac_addr set 0 ff:ff:ff:ff:ff:ff"
	"show rxq info 0 3"
	"help nothing"
	"stop"
)
script=$IT_TMP/bad.cmds
: > "$script"
for c in "${cmds[@]}"; do
	printf '%s\nshow config fwd\n' "$c" >> "$script"
done
printf 'quit\n' >> "$script"
pfx=$(it_prefix cli)
out=$IT_TMP/cli.out
# shellcheck disable=SC2086
rc=$(it_session 90 "$out" "$script" "$BIN" -l 0,1 --no-pci --file-prefix "$pfx" $NH $VD \
	-- -i)
[ "$rc" -eq 0 ] || { it_show "$out"; it_fail "bad command session exited with $rc"; }
# the pieces between prompts, one a record; awk prints "k<TAB>lines<TAB>first reply line"
pieces=$IT_TMP/cli.pieces
awk 'BEGIN { RS = "ebbflow> " }
	NR > 1 {
		n = split($0, l, "\n"); r = 0; first = ""
		for (i = 2; i <= n; i++) if (l[i] != "") { r++; if (first == "") first = l[i] }
		printf "%d\t%d\t%s\n", NR - 1, r, first
	}' "$out" > "$pieces"
k=0
for c in "${cmds[@]}"; do
	k=$((k + 1))
	bad=$(awk -F'\t' -v k=$((2 * k - 1)) '$1 == k' "$pieces")
	good=$(awk -F'\t' -v k=$((2 * k)) '$1 == k' "$pieces")
	short=${c:0:40}
	why=""
	[ -n "$bad" ] || why="no prompt after it"
	[ -z "$why" ] && [ "$(cut -f2 <<<"$bad")" -ne 1 ] &&
		why="$(cut -f2 <<<"$bad") reply lines (want 1)"
	[ -z "$why" ] && ! grep -q 'packet forwarding' <<<"$(cut -f3 <<<"$good")" &&
		why="the next 'show config fwd' did not answer"
	n=$((n + 1))
	if [ -n "$why" ]; then
		it_log "FAIL command '$short': $why"
		failed=$((failed + 1))
	else
		it_log "ok   command '$short': $(cut -f3 <<<"$bad")"
	fi
done
ncmd=${#cmds[@]}
grep -q 'Bye' "$out" || { it_show "$out"; it_fail "the session did not end with Bye"; }
it_audit "$out" || exit 1

# 4000 bytes of noise at the prompt: control keys, escape sequences, '?', tab, bytes of no
# text (no ^D: at an empty line that is EOF, and the session would end there, cleanly); the
# prompt must still answer the line after it, quit, exit 0 and pass the audit.
noise=$IT_TMP/noise.in
LC_ALL=C awk 'BEGIN { x = 4242
	for (i = 0; i < 4000; i++) {
		x = (x * 75 + 74) % 65537; b = x % 256
		if (b != 4 && b != 0) printf "%c", b
	}
	printf "\nshow config fwd\nquit\n" }' > "$noise"
pfx=$(it_prefix noise)
out=$IT_TMP/noise.out
# shellcheck disable=SC2086
timeout -k 5 60 "$BIN" -l 0,1 --no-pci --file-prefix "$pfx" $NH $VD -- -i \
	< "$noise" > "$out" 2>&1
rc=$?
n=$((n + 1))
if [ "$rc" -ne 0 ] || ! tail -n 12 "$out" | grep -aq 'packet forwarding'; then
	it_log "FAIL noise: exit $rc, or 'show config fwd' after the noise did not answer"
	tail -n 12 "$out" | sed 's/^/    /'
	failed=$((failed + 1))
else
	it_audit "$out" || exit 1
	it_log "ok   4000 bytes of noise: the prompt answers after them, exit 0"
fi

# ---------------------------------------------------------------- 3. a busy --file-prefix
# dup_case TAG MEM...: a first ebbflow -i runs on prefix TAG; a second one with the same
# prefix must be refused in one line naming it; the first goes on, quits 0, audit passes.
dup_case() {
	local tag=$1 first second err pfx line
	shift
	pfx=$(it_prefix "$tag")
	first=$IT_TMP/$tag.first.out
	second=$IT_TMP/$tag.second.out
	err=$IT_TMP/$tag.second.err
	# shellcheck disable=SC2086
	it_spawn "$tag" 60 "$first" "$BIN" -l 0,1 --no-pci --file-prefix "$pfx" "$@" $VD -- -i
	it_wait_for 30 grep -q 'ebbflow> ' "$first" ||
		{ it_show "$first"; it_fail "$tag: the first ebbflow did not come up"; }
	# shellcheck disable=SC2086
	timeout -k 5 30 "$BIN" -l 0,1 --no-pci --file-prefix "$pfx" "$@" $VD -- -i \
		< /dev/null > "$second" 2> "$err"
	rc=$?
	line=$(grep '^ebbflow:' "$err")
	n=$((n + 1))
	if [ "$rc" -eq 0 ] || [ "$rc" -ge 124 ] || [ "$(grep -c '^ebbflow:' "$err")" -ne 1 ] ||
		! grep -q "another DPDK process .* --file-prefix $pfx" <<<"$line"; then
		it_log "FAIL $tag: second process on a busy prefix: exit $rc"
		sed 's/^/    err: /' "$err"
		failed=$((failed + 1))
	else
		it_log "ok   $tag: second process refused: exit $rc: $line"
	fi
	it_send "$tag" "show config fwd" "quit"
	it_close "$tag"
	it_wait "$tag"
	[ "$IT_RC" -eq 0 ] || { it_show "$first"; it_fail "$tag: the first ebbflow exited $IT_RC"; }
	grep -q 'packet forwarding' "$first" ||
		{ it_show "$first"; it_fail "$tag: the first ebbflow stopped answering"; }
	it_audit "$first" || exit 1
}
dup_case dup_nohuge --no-huge -m 256
if [ "$(it_huge_free_mb)" -ge 600 ]; then
	dup_case dup_huge --socket-mem 256
else
	it_log "note: no free hugepages: the busy-prefix case on hugepages is not run"
fi
# --no-shconf (--in-memory implies it): EAL takes no lock and shares no config, so two may share a
# prefix: nothing to refuse. (--in-memory itself refuses --no-huge.) Shown so that a change is noticed.
pfx=$(it_prefix inmem)
# shellcheck disable=SC2086
it_spawn inmem 60 "$IT_TMP/inmem.first.out" "$BIN" -l 0,1 --no-pci --file-prefix "$pfx" \
	--no-shconf $NH $VD -- -i
it_wait_for 30 grep -q 'ebbflow> ' "$IT_TMP/inmem.first.out" ||
	{ it_show "$IT_TMP/inmem.first.out"; it_fail "inmem: the first ebbflow did not come up"; }
# shellcheck disable=SC2086
rc=$(it_run 30 "$IT_TMP/inmem.second.out" "$BIN" -l 0,1 --no-pci --file-prefix "$pfx" \
	--no-shconf $NH $VD -- -i)
[ "$rc" -eq 0 ] || { it_show "$IT_TMP/inmem.second.out"; it_fail "inmem: second exited $rc"; }
it_send inmem quit
it_close inmem
it_wait inmem
[ "$IT_RC" -eq 0 ] || it_fail "inmem: the first ebbflow exited $IT_RC"
it_log "ok   --no-shconf: two processes on one prefix both run (EAL takes no lock)"

[ "$failed" -eq 0 ] || it_fail "$failed of $n bad inputs not refused cleanly"
it_pass "$nbad bad invocations, $ncmd bad commands refused"
