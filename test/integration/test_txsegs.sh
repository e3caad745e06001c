#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_txsegs.sh: txonly frames of several segments (set txpkts X,Y / --txpkts=X,Y,Z): what the receiver gets, and the wait on an exhausted pool.
# Description: (1) --txpkts=60,4,64, burst 8, `start tx_first 3` on one net_pcap port: the
# pcap (the receiving side: net_pcap joins the chain) holds exactly 24 frames of 128 bytes
# whose IPv4/UDP lengths say 128, `set verbose 2` dumps 24 sent packets of "length=128 -
# nb_segs=3", show config txpkts prints testpmd's three lines; (2) `set txpkts 64,64` at the
# prompt, txonly shaped to 10 kpps (start's banner: "packet len=128 - nb packet
# segments=2"): every frame in the pcap is 128 bytes, as many as
# TX-packets, bytes = frames x 128; (3) txonly with --txpkts=64,64,64 on one net_ring port
# (nobody drains its ring) and a pool of 2048: the chains fill the pool, the queue pauses
# waiting for one burst of chains (need 96 = 32 x 3), and at stop the audit is exact.
# Each run ends with the pool audit.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
if it_is_testpmd; then it_skip "ebbflow's own checks (pcap, pool audit)"; fi
it_need_pcap
py=$(dirname "$0")/modes_pcap.py
python3 "$py" gen "$IT_TMP" || it_fail "the generator failed"

# pcap_run DIR CMDS APP-OPTION...: one session on a net_pcap port (no input), output in
# $IT_TMP/DIR/out, what it sent in $IT_TMP/DIR/out.pcap
pcap_run() {
	local d=$IT_TMP/$1 pfx rc
	mkdir -p "$d"
	printf '%s\n' "$2" > "$d/cmds"
	shift 2
	pfx=$(it_prefix "$(basename "$d")")
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$d/out" "$d/cmds" "$BIN" -l 0,1 $(it_eal "$pfx") \
		--vdev "net_pcap0,rx_pcap=$IT_TMP/empty.pcap,tx_pcap=$d/out.pcap" -- -i "$@")
	[ "$rc" -eq 0 ] || it_show "$d/out" 40
	it_check_rc "$rc" "$(basename "$d")"
	it_audit "$d/out" || exit 1
}

# ---- 1. --txpkts=60,4,64, start tx_first 3, burst 8: 24 frames of 3 mbufs
pcap_run first "show config txpkts
set burst 8
set verbose 2
start tx_first 3
sleep 2
stop
set verbose 0
quit" --txpkts=60,4,64
o=$IT_TMP/first/out
grep -q '^Number of segments: 3$' "$o" && grep -q '^Segment sizes: 60,4,64$' "$o" &&
	grep -q '^Split packet: off$' "$o" || it_fail "show config txpkts: not testpmd's three lines"
tx=$(it_fwd_stat "$o" TX-packets)
[ "$tx" = 24 ] || it_fail "tx_first 3 x burst 8: TX-packets $tx, want 24"
n=$(grep -c ' - length=128 - nb_segs=3 - .* - Send queue=0x0$' "$o")
[ "$n" = 24 ] || it_fail "verbose 2: $n sent packets of length=128 - nb_segs=3, want 24"
r=$(python3 "$py" check txsegs "$IT_TMP/first") || it_fail "pcap: $r"
echo "$r" | grep -qx 'frames 24' && echo "$r" | grep -qx 'lengths 128' ||
	it_fail "pcap: $r (want 24 frames of 128 bytes)"
it_log "tx_first: 24 frames of 60+4+64 bytes received"

# ---- 2. set txpkts 64,64 at the prompt, txonly shaped to 10 kpps
pcap_run prompt "set txpkts 64,64
show config txpkts
set fwd txonly
set port 0 tx-rate 0.01
start
sleep 2
stop
quit"
o=$IT_TMP/prompt/out
grep -q '^Segment sizes: 64,64$' "$o" || it_fail "show config txpkts: no 'Segment sizes: 64,64'"
grep -q '^  packet len=128 - nb packet segments=2$' "$o" ||
	it_fail "start: no 'packet len=128 - nb packet segments=2' line"
tx=$(it_fwd_stat "$o" TX-packets)
r=$(python3 "$py" check txsegs "$IT_TMP/prompt") || it_fail "pcap: $r"
frames=$(echo "$r" | awk '$1 == "frames" { print $2 }')
bytes=$(echo "$r" | awk '$1 == "bytes" { print $2 }')
[ "${tx:-0}" -gt 0 ] && [ "$frames" = "$tx" ] || it_fail "TX-packets $tx, the pcap holds $frames frames"
echo "$r" | grep -qx 'lengths 128' || it_fail "pcap: $r (want frames of 128 bytes only)"
[ "$bytes" = $((tx * 128)) ] || it_fail "pcap: $bytes bytes for $tx frames of 64+64"
it_log "set txpkts 64,64: $tx frames, $bytes bytes received"

# ---- 3. chains from an exhausted pool: the queue waits for a burst of them
d=$IT_TMP/ring
mkdir -p "$d"
printf '%s\n' "start" "sleep 2" "show port stats 0" "stop" "quit" > "$d/cmds"
pfx=$(it_prefix ring)
# shellcheck disable=SC2046
rc=$(it_session 60 "$d/out" "$d/cmds" "$BIN" -l 0,1 $(it_eal "$pfx") --vdev net_ring0 -- -i \
	--forward-mode=txonly --txpkts=64,64,64 --total-num-mbufs=2048)
[ "$rc" -eq 0 ] || it_show "$d/out" 40
it_check_rc "$rc" ring
it_audit "$d/out" || exit 1
line=$(grep -m1 '^  RX queue 0 .* pauses: ' "$d/out") || it_fail "no RX queue line in show port stats"
pauses=$(echo "$line" | awk '{ for (i = 1; i < NF; i++) if ($i == "pauses:") print $(i + 1) }')
need=$(echo "$line" | awk '{ for (i = 1; i < NF; i++) if ($i == "need:") print $(i + 1) }')
tx=$(it_fwd_stat "$d/out" TX-packets)
[ "${pauses:-0}" -ge 1 ] || it_fail "the txonly queue never paused: $line"
[ "$need" = 96 ] || it_fail "the paused queue needs $need mbufs, want 96 (32 frames of 3): $line"
[ $((tx * 3)) -le 2048 ] && [ "$tx" -gt 0 ] || it_fail "TX-packets $tx: more chains than the pool holds"
it_pass "24 tx_first frames of 60,4,64; $frames frames of 64,64 ($bytes bytes); exhausted: $tx chains sent, paused $pauses times needing 96"
