#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_record_stats.sh: --record-burst-stats and --record-core-cycles count what was forwarded.
# Description: on two net_null ports (each RX burst is full: net_null always has frames),
# io with --burst=16 then txonly: at stop each port's RX-bursts total times 16 is its
# RX-packets and every burst is "100% of 16 pkts", its TX-bursts total is the bursts the
# peer port received (io sends each received burst whole); in txonly no RX-bursts line and
# TX-bursts times 16 is TX-packets; the cycles line counts the accumulated RX-packets (io)
# or TX-packets (txonly). Without the options none of these lines. Audit exact.
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"

it_is_testpmd && it_skip "ebbflow's own test (testpmd: test_parity.sh compares the layout)"

printf 'start\nsleep 1\nstop\nset fwd txonly\nstart\nsleep 1\nstop\nquit\n' > "$IT_TMP/cmds"
pfx=$(it_prefix rec)
out=$IT_TMP/rec.out
# shellcheck disable=SC2046
rc=$(it_session 60 "$out" "$IT_TMP/cmds" "$BIN" -l 0,1 $(it_eal "$pfx") \
	--vdev net_null0 --vdev net_null1 -- -i --burst=16 --record-burst-stats \
	--record-core-cycles $(it_app_extra))
[ "$rc" -eq 0 ] || it_show "$out"
it_check_rc "$rc" "recording session"
it_audit "$out" || exit 1

# per stop (1: io, 2: txonly), per port: "STOP PORT RXP TXP RXB RXSPREAD TXB TXSPREAD", then
# "STOP cycles PKTS MODE"
awk '
	/^Telling cores to stop/ { stop++ }
	/Forward statistics for port/ { port = $(NF - 1); rxb[port] = "-"; rxs[port] = "-"
		txb[port] = "-"; txs[port] = "-" }
	/^  RX-packets:/ && port != "" { rxp[port] = $2 }
	/^  TX-packets:/ && port != "" { txp[port] = $2 }
	/^  RX-bursts : / { rxb[port] = $3; s = $0; sub(/.*\[/, "", s); gsub(/ /, "_", s); rxs[port] = s }
	/^  TX-bursts : / { txb[port] = $3; s = $0; sub(/.*\[/, "", s); gsub(/ /, "_", s); txs[port] = s }
	/^  -+$/ && port != "" { print stop, port, rxp[port], txp[port], rxb[port], rxs[port], txb[port], txs[port]; port = "" }
	/^  CPU cycles\/packet=/ { s = $0; sub(/.*packets=/, "", s); split(s, a, ")"); m = $0
		sub(/.*total /, "", m); sub(/ packets=.*/, "", m); print stop, "cycles", a[1], m }
	/Accumulated/ { acc = 1 } acc && /^  RX-packets:/ { arx[stop] = $2 } acc && /^  TX-packets:/ { atx[stop] = $2; acc = 0 }
	END { print "acc", arx[1], atx[1], arx[2], atx[2] }' "$out" > "$IT_TMP/rec.sum"
cat "$IT_TMP/rec.sum"
read -r _ arx1 _ _ atx2 < <(grep '^acc ' "$IT_TMP/rec.sum")
while read -r stop port rxp txp rxb rxs txb txs; do
	case "$stop" in 1|2) ;; *) continue ;; esac
	case "$port" in cycles|"") continue ;; esac
	if [ "$stop" = 1 ]; then
		[ "$rxp" -gt 0 ] || it_fail "io: port $port received nothing"
		[ "$rxb" != - ] || it_fail "io: port $port has no RX-bursts line"
		[ $((rxb * 16)) -eq "$rxp" ] || it_fail "io: port $port: $rxb RX bursts x 16 != RX-packets $rxp"
		[ "$rxs" = "0%_of_0_pkts_+_100%_of_16_pkts]" ] || it_fail "io: port $port RX spread $rxs"
		[ "$txs" = "0%_of_0_pkts_+_100%_of_16_pkts]" ] || it_fail "io: port $port TX spread $txs"
		[ $((txb * 16)) -eq "$txp" ] || it_fail "io: port $port: $txb TX bursts x 16 != TX-packets $txp"
	else
		[ "$rxb" = - ] || it_fail "txonly: port $port has an RX-bursts line ($rxb)"
		[ "$txp" -gt 0 ] || it_fail "txonly: port $port sent nothing"
		[ $((txb * 16)) -eq "$txp" ] || it_fail "txonly: port $port: $txb TX bursts x 16 != TX-packets $txp"
	fi
done < "$IT_TMP/rec.sum"
grep -qx "1 cycles $arx1 io" "$IT_TMP/rec.sum" || it_fail "io: the cycles line does not count the $arx1 packets received"
grep -qx "2 cycles $atx2 txonly" "$IT_TMP/rec.sum" || it_fail "txonly: the cycles line does not count the $atx2 packets sent"
[ "$(grep -c . < <(grep -E '^[12] [0-9]+ ' "$IT_TMP/rec.sum"))" -eq 4 ] || it_fail "want 2 ports x 2 stops"

# without the options: none of the lines
printf 'start\nsleep 1\nstop\nquit\n' > "$IT_TMP/plain.cmds"
# shellcheck disable=SC2046
rc=$(it_session 60 "$IT_TMP/plain.out" "$IT_TMP/plain.cmds" "$BIN" -l 0,1 $(it_eal "$(it_prefix plain)") \
	--vdev net_null0 --vdev net_null1 -- -i $(it_app_extra))
it_check_rc "$rc" "plain session"
! grep -qE '^  (RX|TX)-bursts :|CPU cycles/packet' "$IT_TMP/plain.out" || it_fail "recording lines without the options"
it_audit "$IT_TMP/plain.out" || exit 1
it_pass "burst histograms and cycles per packet count what was forwarded"
