#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# malformed_pcap.sh: malformed frames fed through net_pcap: counted by reason, forwarded, nothing lost.
# Description: malformed_gen.py writes a pcap of 30 frames: runts (0, 1, 13 bytes, a cut
# VLAN tag), truncated and wrong ARP, IPv4 to the responder's address broken at each step
# (truncated, version, IHL, total length short and long, header checksum, fragments),
# ICMP truncated and with wrong checksums, oversized frames that arrive as multi-segment
# mbufs (a bad ICMP checksum across segments, an echo too large to answer), a wrong IP
# length and QinQ and 802.3 frames not to us, and three good requests (ARP, echo, echo
# with a VLAN tag). ebbflow reads it on port 0 (net_pcap rx_pcap) with `set port 0 ip
# 10.0.0.1/24` in io mode to port 1 (net_pcap tx_pcap). Checks: exit 0; the responder's
# Malformed-by-reason counts are exactly the generator's; the frames it does not consume
# are forwarded byte for byte and in order; the replies are the expected ones; RX/TX
# counters agree; the pool audit passes. A second run with 44-byte data rooms
# (--mbuf-size=172) turns every frame above 44 bytes into a chain, with headers split
# across segments: same counts, echo replies then too large for one buffer.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"
if it_is_testpmd; then it_skip "ebbflow-only counters (responder)"; fi
it_need_pcap

gen=$(dirname "$0")/malformed_gen.py

# mal_run TAG [tiny] -- APP OPTS...
mal_run() {
	local tag=$1 mode=$2 dir=$IT_TMP/$1 pfx out rc k v got
	shift 2
	pfx=$(it_prefix "$tag")
	out=$dir/ebbflow.out
	python3 "$gen" "$dir" 10.0.0.1 || it_fail "$tag: the generator failed"
	cat > "$dir/cmds" <<'CMDS'
set port 0 ip 10.0.0.1/24
start
sleep 2
show responder
show port stats all
stop
quit
CMDS
	# shellcheck disable=SC2046
	rc=$(it_session 60 "$out" "$dir/cmds" "$BIN" -l 0,1 $(it_eal "$pfx") \
		--vdev "net_pcap0,rx_pcap=$dir/in.pcap,tx_pcap=$dir/out0.pcap" \
		--vdev "net_pcap1,rx_pcap=$dir/empty.pcap,tx_pcap=$dir/out1.pcap" \
		-- -i --forward-mode=io "$@")
	[ "$rc" -eq 0 ] || it_show "$out" 60
	it_check_rc "$rc" "$tag"
	grep -q "Port 0: address 10.0.0.1/24" "$out" || { it_show "$out"; it_fail "$tag: no address"; }
	# every frame read, every reason counted as the generator says
	got=$(awk '/NIC statistics for port 0/ { p = 1; next } p && /RX-packets:/ { print $2; exit }' "$out")
	[ "$got" = "$(awk '$1 == "frames" { print $2 }' "$dir/expect")" ] ||
		it_fail "$tag: port 0 received $got frames"
	line=$(awk '/Responder port 0/ { r = 1; next } r && /Malformed-by-reason:/ { print; exit }' "$out")
	it_log "$tag: $line"
	while read -r k v; do
		case "$k" in
		reason_*)
			got=$(echo "$line" | awk -v r="${k#reason_}:" '{ for (i = 1; i < NF; i++) if ($i == r) print $(i + 1) }')
			[ "$got" = "$v" ] || it_fail "$tag: malformed ${k#reason_}: ${got:-0}, expected $v"
			;;
		malformed)
			got=$(awk '/Responder port 0/ { r = 1; next } r && /Malformed:/ { for (i = 1; i < NF; i++) if ($i == "Malformed:") print $(i + 1); exit }' "$out")
			[ "$got" = "$v" ] || it_fail "$tag: Malformed $got, expected $v"
			;;
		forwarded)
			got=$(awk '/NIC statistics for port 1/ { p = 1; next } p && /TX-packets:/ { print $2; exit }' "$out")
			[ "$got" = "$v" ] || it_fail "$tag: port 1 sent $got frames, expected $v"
			;;
		esac
	done < "$dir/expect"
	# the reasons counted add up: no reason the generator did not make
	n=$(echo "$line" | awk '{ for (i = 2; i < NF; i += 2) s += $(i + 1); print s + 0 }')
	[ "$n" = "$(awk '$1 == "malformed" { print $2 }' "$dir/expect")" ] ||
		it_fail "$tag: the reasons add up to $n"
	too_big=$(awk '/Responder port 0/ { r = 1; next } r && /Dropped-too-big:/ { for (i = 1; i < NF; i++) if ($i == "Dropped-too-big:") print $(i + 1); exit }' "$out")
	want=1
	[ "$mode" = tiny ] && want=3
	[ "$too_big" = "$want" ] || it_fail "$tag: Dropped-too-big $too_big, expected $want"
	python3 "$gen" check "$dir" "$mode" || it_fail "$tag: forwarded frames or replies differ"
	it_audit "$out" || exit 1
}

mal_run plain normal
mal_run tiny tiny --mbuf-size=172 --txpkts=42
it_pass "malformed frames: each counted by reason, the rest forwarded byte-exact, replies right, no leak"
