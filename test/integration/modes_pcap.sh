#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# modes_pcap.sh: the icmpecho, csum and flowgen modes and set verbose on frames read from a pcap: counts of what each sent.
# Description: modes_pcap.py writes the frames; ebbflow reads them on one net_pcap port
# (which forwards to itself) and writes what it sends to out.pcap. icmpecho with `set
# verbose 3`: 10 frames in, the 3 ARP and 4 echo replies out (fields and sums checked), the
# other 3 dropped; the dump has 10 received and 7 sent packets, in burst lines that add
# up. csum: 9 frames in, 9 out with every sum right and payloads kept. flowgen: the 9
# frames of csum.pcap received and dropped, what it sent (shaped to 10 kpps) are UDP/IPv4
# frames over min(sent, 1024) destinations. set burst 8, set txpkts 100, set eth-peer 0
# MAC, start tx_first 3 with --txonly-multi-flow on an empty pcap: 24 frames of 100 bytes
# to MAC from 24 sources, none received. Each run: RX/TX counters as said, pool audit.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
if it_is_testpmd; then it_skip "ebbflow's own pcap checks"; fi
it_need_pcap
py=$(dirname "$0")/modes_pcap.py
python3 "$py" gen "$IT_TMP" || it_fail "the generator failed"

# run_mode MODE IN.pcap EXTRA-COMMANDS [START [DIR [APP-OPTION...]]]: one session, output
# in $IT_TMP/DIR (default MODE)
run_mode() {
	local mode=$1 in=$2 extra=$3 start=${4:-start} pfx rc d=$IT_TMP/${5:-$1}
	shift 3
	[ $# -eq 0 ] || shift
	[ $# -eq 0 ] || shift
	mkdir -p "$d"
	pfx=$(it_prefix "$(basename "$d")")
	printf '%s\nset fwd %s\n%s\nsleep 2\nstop\nset verbose 0\nquit\n' "$extra" "$mode" \
		"$start" > "$d/cmds"
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$d/out" "$d/cmds" "$BIN" -l 0,1 $(it_eal "$pfx") \
		--vdev "net_pcap0,rx_pcap=$in,tx_pcap=$d/out.pcap" -- -i "$@")
	[ "$rc" -eq 0 ] || it_show "$d/out" 40
	it_check_rc "$rc" "$mode"
	it_audit "$d/out" || exit 1
}

run_mode icmpecho "$IT_TMP/icmpecho.pcap" "set verbose 3"
o=$IT_TMP/icmpecho/out
rx=$(it_fwd_stat "$o" RX-packets) tx=$(it_fwd_stat "$o" TX-packets)
[ "$rx" = 10 ] && [ "$tx" = 7 ] || it_fail "icmpecho: RX $rx TX $tx, expected 10 and 7"
r=$(python3 "$py" check icmpecho "$IT_TMP/icmpecho") || it_fail "icmpecho: $r"
it_log "icmpecho: $r"
# the dump: burst lines that add up, one packet line each
# (a burst line may follow the prompt on its line: the lcore prints while the prompt waits)
got=$(awk 'match($0, /port 0\/queue 0: received [0-9]+ packets$/) {
	split(substr($0, RSTART), w, " "); s += w[5] } END { print s + 0 }' "$o")
n=$(grep -c '  src=.* - Receive queue=0x0$' "$o")
[ "$got" = 10 ] && [ "$n" = 10 ] || it_fail "verbose: received $got, $n packet lines (want 10)"
got=$(awk 'match($0, /port 0\/queue 0: sent [0-9]+ packets$/) {
	split(substr($0, RSTART), w, " "); s += w[5] } END { print s + 0 }' "$o")
n=$(grep -c '  src=.* - Send queue=0x0$' "$o")
[ "$got" = 7 ] && [ "$n" = 7 ] || it_fail "verbose: sent $got, $n packet lines (want 7)"
grep -q '  src=02:AA:BB:CC:DD:01 - dst=FF:FF:FF:FF:FF:FF - pool=[^ ]* - type=0x0806 - length=60 - nb_segs=1 - sw ptype: L2_ETHER  - l2_len=14 - Receive queue=0x0$' "$o" ||
	it_fail "verbose: no ARP request line in testpmd's layout"
grep -q '^  ol_flags: ' "$o" || it_fail "verbose: no ol_flags line"

run_mode csum "$IT_TMP/csum.pcap" "show config fwd"
o=$IT_TMP/csum/out
rx=$(it_fwd_stat "$o" RX-packets) tx=$(it_fwd_stat "$o" TX-packets)
[ "$rx" = 9 ] && [ "$tx" = 9 ] || it_fail "csum: RX $rx TX $tx, expected 9 and 9"
r=$(python3 "$py" check csum "$IT_TMP/csum") || it_fail "csum: $r"
it_log "csum: $r"
# 3 frames with a wrong IPv4 header sum, 2 with a wrong TCP/UDP sum, as testpmd prints them
line=$(grep -m1 '^  Bad-ipcsum: ' "$o")
[ "$(echo "$line" | awk '{ print $2, $4, $6 }')" = "3 2 0" ] ||
	it_fail "csum: '$line', expected Bad-ipcsum 3, Bad-l4csum 2"
grep -q '^  Bad-outer-ipcsum: 0 *$' "$o" || it_fail "csum: no Bad-outer-ipcsum line"

# start tx_first 3 with burst 8: 24 frames on the one stream, of set txpkts 100 bytes, to
# set eth-peer's MAC, from 24 sources (--txonly-multi-flow); nothing received
run_mode io "$IT_TMP/empty.pcap" "set burst 8
set txpkts 100
set eth-peer 0 02:00:00:00:00:99" "start tx_first 3" txfirst --txonly-multi-flow
o=$IT_TMP/txfirst/out
rx=$(it_fwd_stat "$o" RX-packets) tx=$(it_fwd_stat "$o" TX-packets)
[ "$rx" = 0 ] && [ "$tx" = 24 ] || it_fail "tx_first 3: RX $rx TX $tx, expected 0 and 24"
r=$(python3 "$py" check txfirst "$IT_TMP/txfirst") || it_fail "tx_first: $r"
echo "$r" | grep -qx 'sources 24' || it_fail "tx_first: $r (want 24 sources)"
echo "$r" | grep -qx 'frames 24' || it_fail "tx_first: $r (want 24 frames)"

# shaped to 10 kpps: a pcap of thousands of frames, not millions
run_mode flowgen "$IT_TMP/csum.pcap" "set port 0 tx-rate 0.01"
o=$IT_TMP/flowgen/out
rx=$(it_fwd_stat "$o" RX-packets) tx=$(it_fwd_stat "$o" TX-packets)
[ "$rx" = 9 ] && [ "${tx:-0}" -gt 0 ] || it_fail "flowgen: RX $rx TX $tx, expected 9 and some"
r=$(python3 "$py" check flowgen "$IT_TMP/flowgen") || it_fail "flowgen: $r"
frames=$(echo "$r" | awk '$1 == "frames" { print $2 }')
flows=$(echo "$r" | awk '$1 == "flows" { print $2 }')
[ "$frames" = "$tx" ] || it_fail "flowgen: TX-packets $tx, the pcap holds $frames"
want=$((tx < 1024 ? tx : 1024))
[ "$flows" = "$want" ] || it_fail "flowgen: $flows destinations in $frames frames, want $want"
it_log "flowgen: $tx sent, $flows flows"
it_pass "icmpecho 7 of 10 answered, verbose 10 + 7 packet lines, csum 9 sums right (3 + 2 wrong counted), tx_first 3 x 8, flowgen $flows flows"
