#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# tool_pdump.sh: DPDK's own tools against ebbflow: dpdk-pdump captures, dpdk-proc-info reads.
# Description: ebbflow (-i, io mode, hugepages: the tools are secondary processes) forwards
# the 100 frames of a pcap file (net_pcap port 0, rx_pcap) to net_pcap port 1 (tx_pcap);
# dpdk-pdump, attached before `start`, captures port 1's TX into a pcap file. Read back,
# the capture holds the 100 frames with their bytes, as does port 1's own tx_pcap file;
# the copies come from pdump's pool, so ebbflow's audit is exact at stop and at quit.
# dpdk-proc-info then reads the port stats of a second ebbflow (net_null ports)
# as a secondary process; ebbflow's pools it cannot read (their ops, ebb_waitq, are not in
# DPDK's binaries).
# EAL arguments come from it_eal (lib.sh): --no-pci and a --file-prefix of this run, always.
. "$(dirname "$0")/lib.sh"

command -v dpdk-pdump >/dev/null || it_skip "dpdk-pdump not installed (package dpdk)"
command -v dpdk-proc-info >/dev/null || it_skip "dpdk-proc-info not installed (package dpdk)"
command -v python3 >/dev/null || it_skip "needs python3 (pcap files)"
it_is_testpmd && it_skip "checks ebbflow's audit"
it_need_huge 300

N=100
pcapf() { # pcapf write FILE N | pcapf read FILE: "count bytes"
	python3 - "$@" <<'PY'
import struct, sys
op, path = sys.argv[1], sys.argv[2]
if op == 'write':
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(int(sys.argv[3])):
            n = 60 + i % 65
            fr = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]) + bytes([i % 256]) * (n - 14)
            f.write(struct.pack('<IIII', i, 0, n, n) + fr)
else:
    with open(path, 'rb') as f:
        d = f.read()
    magic = struct.unpack('<I', d[:4])[0]
    end = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    off, count, total = 24, 0, 0
    while off + 16 <= len(d):
        _, _, incl, orig = struct.unpack(end + 'IIII', d[off:off + 16])
        off += 16 + incl
        count += 1
        total += orig
    print(count, total)
PY
}
pcapf write "$IT_TMP/in.pcap" "$N"
pcapf write "$IT_TMP/empty.pcap" 0
want=$(pcapf read "$IT_TMP/in.pcap")

pfx=$(it_prefix pdump)
out=$IT_TMP/ebb.out
# The secondaries (dpdk-pdump, dpdk-proc-info) map the primary's memory at its addresses.
# EAL's default base (4 GiB) lies in AddressSanitizer's shadow: a sanitizer build of
# ebbflow then reserves wherever mmap puts it, near the libraries, and a secondary (not
# sanitized, laid out anew) could not always get that range ("Cannot get a virtual area at
# requested address", proc-info aborted, once in .ci/run's sanitizer pass). A base in the
# high half of user space is free in both.
BASE=(--base-virtaddr 0x200000000000)
# shellcheck disable=SC2046
it_spawn ebb 120 "$out" "$BIN" -l 0,1 $(it_eal "$pfx" huge) "${BASE[@]}" \
	--vdev "net_pcap0,rx_pcap=$IT_TMP/in.pcap,tx_pcap=$IT_TMP/out0.pcap" \
	--vdev "net_pcap1,rx_pcap=$IT_TMP/empty.pcap,tx_pcap=$IT_TMP/out1.pcap" -- -i
it_wait_for 30 grep -q 'ebbflow> ' "$out" || { it_show "$out"; it_fail "ebbflow did not come up"; }

pout=$IT_TMP/pdump.out
# line-buffered: pdump says it captures with printf
it_spawn pdump 90 "$pout" stdbuf -oL dpdk-pdump -l 1 --no-pci --file-prefix "$pfx" -- \
	--pdump "port=1,queue=*,tx-dev=$IT_TMP/cap.pcap"
it_wait_for 60 grep -q 'capture for\|failed' "$pout" || { it_show "$pout"; it_fail "dpdk-pdump did not attach"; }
grep -q 'failed' "$pout" && { it_show "$pout"; it_fail "dpdk-pdump could not enable the capture"; }

it_send ebb start
# all N frames forwarded: port 1's TX-packets
txn() { it_send ebb "show port stats 1"; sleep 0.5; [ "$(it_port_stat "$out" 1 TX-packets)" = "$N" ]; }
it_wait_for 30 txn || { it_show "$out" 40; it_fail "port 1 did not send the $N frames"; }
it_send ebb stop
it_wait_for 20 grep -q '^Done\.' "$out" || { it_show "$out"; it_fail "stop did not end"; }
kill -INT "${IT_PID[pdump]}"
it_wait pdump
it_log "dpdk-pdump exited with $IT_RC: $(grep -m1 'transmitted to vdev' "$pout" | tr -s ' \t' ' ')"
got=$(pcapf read "$IT_TMP/cap.pcap")
[ "$got" = "$want" ] || { it_show "$pout"; it_fail "capture: $got (count bytes), want $want"; }
it_log "capture of port 1 TX: $got (count bytes), as the input"

it_send ebb quit
it_close ebb
it_wait ebb
[ "$IT_RC" -eq 0 ] || { it_show "$out" 40; it_fail "ebbflow exited with $IT_RC"; }
got=$(pcapf read "$IT_TMP/out1.pcap")
[ "$got" = "$want" ] || it_fail "port 1's tx_pcap: $got, want $want"
it_audit "$out" || exit 1

# dpdk-proc-info as a secondary reads the ports of a running ebbflow (net_null ports:
# proc-info 22.11 dies of SIGSEGV on net_pcap ports, under dpdk-testpmd as well)
pfx2=$(it_prefix procinfo)
out2=$IT_TMP/ebb2.out
# shellcheck disable=SC2046
it_spawn ebb2 90 "$out2" "$BIN" -l 0,1 $(it_eal "$pfx2" huge) "${BASE[@]}" --vdev net_null0 --vdev net_null1 -- -i
it_wait_for 30 grep -q 'ebbflow> ' "$out2" || { it_show "$out2"; it_fail "ebbflow (2) did not come up"; }
it_send ebb2 start
sleep 1
it_send ebb2 stop
it_wait_for 20 grep -q '^Done\.' "$out2" || { it_show "$out2"; it_fail "stop (2) did not end"; }
pi=$IT_TMP/procinfo.out
timeout -k 5 30 dpdk-proc-info --no-pci --file-prefix "$pfx2" -- --stats > "$pi" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { tail -n 20 "$pi"; it_fail "dpdk-proc-info exited with $rc"; }
for p in 0 1; do
	txp=$(awk -v p="$p" '$0 ~ "NIC statistics for port " p " " { f = 1 } f && /TX-packets:/ { print $2; exit }' "$pi")
	[ -n "$txp" ] && [ "$txp" -gt 0 ] || { tail -n 30 "$pi"; it_fail "proc-info: port $p TX-packets '$txp'"; }
	it_log "dpdk-proc-info: port $p TX-packets $txp"
done
it_send ebb2 quit
it_close ebb2
it_wait ebb2
[ "$IT_RC" -eq 0 ] || { it_show "$out2" 40; it_fail "ebbflow (2) exited with $IT_RC"; }
it_audit "$out2" || exit 1
it_pass "pdump captured $N forwarded frames ($want: count bytes); proc-info read the ports"
