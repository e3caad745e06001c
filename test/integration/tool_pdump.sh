#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# tool_pdump.sh: DPDK's own tools against ebbflow: dpdk-pdump captures, dpdk-proc-info reads.
# Description: ebbflow (-i, io mode, hugepages: the tools are secondary processes) forwards
# the 100 frames of a pcap file (net_pcap port 0, rx_pcap) to net_pcap port 1 (tx_pcap);
# dpdk-pdump, attached before `start`, captures port 1's TX into a pcap file. Read back,
# the capture holds the 100 frames with their bytes, as does port 1's own tx_pcap file;
# the copies come from pdump's pool, so ebbflow's audit is exact at stop and at quit.
# A second ebbflow, delay mode in a pool of 256 mbufs, runs dry while dpdk-pdump captures
# N2 frames: both captures (port 0 RX, port 1 TX) still hold every frame, the audit is
# exact. dpdk-proc-info then reads the port stats of a third ebbflow (net_null ports) as a
# secondary process (--stats; --metrics: --latencystats and --bitrate-stats as testpmd's),
# and its pool with libebb_waitq_secondary.so preloaded (the ebb_waitq ops at the
# primary's index): ops name and available count as ebbflow's show pool. As root, a
# fourth ebbflow sends txonly on two net_tap ports (which count bytes, net_null does not):
# proc-info --metrics reads bit rates above 1 Mbit/s for both.
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

# Case 2: the capture while ebbflow's pool is exhausted. Delay mode holds each frame
# 300 ms in a pool of 256 mbufs: port 0's RX queue runs dry and pauses while the frames
# wait, N2 frames pass in several rounds (net_pcap loses the frame of each failed
# allocation: RX-nombuf). dpdk-pdump captures port 0's RX and port 1's TX: its copies come
# from its own pool, so both captures hold every frame port 0 received, with the bytes of
# port 1's tx_pcap file, and ebbflow's pool is full again at stop and at quit.
N2=1000
pcapf write "$IT_TMP/in2.pcap" "$N2"
pfx3=$(it_prefix pdumpx)
out3=$IT_TMP/ebb3.out
# shellcheck disable=SC2046
it_spawn ebb3 120 "$out3" "$BIN" -l 0,1 $(it_eal "$pfx3" huge) "${BASE[@]}" \
	--vdev "net_pcap0,rx_pcap=$IT_TMP/in2.pcap,tx_pcap=$IT_TMP/out3_0.pcap" \
	--vdev "net_pcap1,rx_pcap=$IT_TMP/empty.pcap,tx_pcap=$IT_TMP/out3_1.pcap" -- -i \
	--forward-mode=delay --delay-us=300000 --delay-fifo=4096 --total-num-mbufs=256
it_wait_for 30 grep -q 'ebbflow> ' "$out3" || { it_show "$out3"; it_fail "ebbflow (3) did not come up"; }
pout3=$IT_TMP/pdump3.out
it_spawn pdump3 90 "$pout3" stdbuf -oL dpdk-pdump -l 1 --no-pci --file-prefix "$pfx3" -- \
	--pdump "port=0,queue=*,rx-dev=$IT_TMP/cap3rx.pcap" \
	--pdump "port=1,queue=*,tx-dev=$IT_TMP/cap3tx.pcap"
it_wait_for 60 grep -q 'capture for\|failed' "$pout3" || { it_show "$pout3"; it_fail "dpdk-pdump (3) did not attach"; }
grep -q 'failed' "$pout3" && { it_show "$pout3"; it_fail "dpdk-pdump (3) could not enable the capture"; }
it_send ebb3 start
# net_pcap reads a frame before it allocates its mbuf: each failed allocation (RX-nombuf)
# loses that frame, so port 0 receives N2 - RX-nombuf of them, and port 1 sends those
txn3() {
	it_send ebb3 "show port stats all"
	sleep 0.5
	tx1=$(it_port_stat "$out3" 1 TX-packets)
	nb0=$(it_port_stat "$out3" 0 RX-nombuf)
	[ -n "$tx1" ] && [ -n "$nb0" ] && [ $((tx1 + nb0)) -eq "$N2" ]
}
it_wait_for 60 txn3 || { it_show "$out3" 40; it_fail "port 1 did not send the frames that port 0 received"; }
it_send ebb3 stop
it_wait_for 20 grep -q '^Done\.' "$out3" || { it_show "$out3"; it_fail "stop (3) did not end"; }
# the last snapshot: port 0's RX queue paused for buffers (exhausted) at least once
pauses=$(awk '/NIC statistics for port/ { p = $(NF - 1) + 0; next }
	p == 0 && $1 == "RX" && $2 == "queue" && $3 == 0 {
		for (i = 1; i < NF; i++) if ($i == "pauses:") v = $(i + 1) }
	END { print v }' "$out3")
[ -n "$pauses" ] && [ "$pauses" -gt 0 ] || { it_show "$out3" 40; it_fail "port 0's RX queue never paused (pauses '$pauses'): the pool was not exhausted"; }
kill -INT "${IT_PID[pdump3]}"
it_wait pdump3
rx0=$(it_port_stat "$out3" 0 RX-packets)
it_send ebb3 quit
it_close ebb3
it_wait ebb3
[ "$IT_RC" -eq 0 ] || { it_show "$out3" 40; it_fail "ebbflow (3) exited with $IT_RC"; }
sent=$(pcapf read "$IT_TMP/out3_1.pcap")
[ "${sent%% *}" = "$rx0" ] || it_fail "port 1's tx_pcap holds $sent (count bytes), port 0 received $rx0"
for d in rx tx; do
	got=$(pcapf read "$IT_TMP/cap3$d.pcap")
	[ "$got" = "$sent" ] || { it_show "$pout3"; it_fail "capture ($d) while exhausted: $got (count bytes), port 1 sent $sent"; }
done
it_log "captures of port 0 RX and port 1 TX while the pool ran dry ($pauses pauses, RX-nombuf $nb0 of $N2 frames): $sent (count bytes) each, as port 1's tx_pcap"
it_audit "$out3" || exit 1

# dpdk-proc-info as a secondary reads the ports of a running ebbflow (net_null ports:
# proc-info 22.11 dies of SIGSEGV on net_pcap ports, under dpdk-testpmd as well)
pfx2=$(it_prefix procinfo)
out2=$IT_TMP/ebb2.out
# shellcheck disable=SC2046
it_spawn ebb2 90 "$out2" "$BIN" -l 0,1 $(it_eal "$pfx2" huge) "${BASE[@]}" --vdev net_null0 --vdev net_null1 -- -i \
	--latencystats=1 --bitrate-stats=1
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
# --latencystats and --bitrate-stats, read as testpmd's: per port the bit rates (0 here:
# net_null counts no bytes, and rte_stats_bitrate_calc() reads the ports' byte counters;
# non-zero on net_tap ports below), the latencies in the non-port block (from samples
# forwarded)
pm=$IT_TMP/procinfo_metrics.out
timeout -k 5 30 dpdk-proc-info --no-pci --file-prefix "$pfx2" -- --metrics > "$pm" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { tail -n 20 "$pm"; it_fail "dpdk-proc-info --metrics exited with $rc"; }
for p in 0 1; do
	grep -A14 "metrics for port $p " "$pm" | grep -q '^ewma_bits_out: [0-9]' ||
		{ tail -n 40 "$pm"; it_fail "proc-info --metrics: no bit rates for port $p"; }
done
maxlat=$(awk '/Non port specific metrics/ { f = 1 } f && /^max_latency_ns:/ { print $2; exit }' "$pm")
[ -n "$maxlat" ] && [ "$maxlat" -gt 0 ] || { tail -n 20 "$pm"; it_fail "proc-info --metrics: max_latency_ns '$maxlat' (latencystats not updated?)"; }
it_log "dpdk-proc-info --metrics: bit rates of ports 0 and 1, max_latency_ns $maxlat"
# ebbflow's pool, through the preload that registers ebb_waitq in proc-info at the
# primary's ops index (without it, proc-info dies of SIGSEGV counting the pool)
# (a sanitizer build's preload would bring the ASan runtime into proc-info, not built
# for it: that check is left to the plain builds)
# (ldd's whole output first: under pipefail, grep -q ending the pipe early fails it)
deps=$( [ -n "${EBB_WAITQ_SECONDARY:-}" ] && ldd "$EBB_WAITQ_SECONDARY" 2>/dev/null || true)
if [[ "$deps" == *libasan* || "$deps" == *libubsan* ]]; then
	it_log "sanitizer build: proc-info --show-mempool with the preload not checked"
elif [ -n "${EBB_WAITQ_SECONDARY:-}" ] && [ -f "$EBB_WAITQ_SECONDARY" ]; then
	it_send ebb2 "show pool"
	it_wait_for 10 grep -q '^pool ebb_pool_0: socket' "$out2" || { it_show "$out2"; it_fail "no show pool answer"; }
	avail=$(awk '/^pool ebb_pool_0: socket/ { for (i = 1; i < NF; i++) if ($i == "available") v = $(i + 1) + 0 } END { print v }' "$out2")
	pm=$IT_TMP/procinfo_mp.out
	LD_PRELOAD=$EBB_WAITQ_SECONDARY timeout -k 5 30 dpdk-proc-info --no-pci --file-prefix "$pfx2" -- \
		--show-mempool=ebb_pool_0 > "$pm" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || { tail -n 20 "$pm"; it_fail "dpdk-proc-info --show-mempool (preloaded) exited with $rc"; }
	grep -q 'ebb_waitq_secondary' "$pm" && { grep 'ebb_waitq_secondary' "$pm"; it_fail "the preload reports an ops mismatch"; }
	grep -q 'ops_name ebb_waitq' "$pm" || { tail -n 20 "$pm"; it_fail "proc-info: ebb_pool_0's ops are not ebb_waitq"; }
	pavail=$(sed -n 's/.*Count: avail (\([0-9]*\)).*/\1/p' "$pm")
	[ -n "$pavail" ] && [ "$pavail" = "$avail" ] || { tail -n 20 "$pm"; it_fail "proc-info: ebb_pool_0 avail '$pavail', ebbflow's show pool says $avail"; }
	it_log "dpdk-proc-info --show-mempool (LD_PRELOAD $(basename "$EBB_WAITQ_SECONDARY")): ebb_pool_0 ops ebb_waitq, avail $pavail as show pool"
else
	it_log "EBB_WAITQ_SECONDARY not set: proc-info --show-mempool not checked"
fi
it_send ebb2 quit
it_close ebb2
it_wait ebb2
[ "$IT_RC" -eq 0 ] || { it_show "$out2" 40; it_fail "ebbflow (2) exited with $IT_RC"; }
it_audit "$out2" || exit 1

# --bitrate-stats under traffic on ports that count bytes (net_tap: root, /dev/net/tun):
# txonly shaped to 10 kpps of 64 bytes per port (5.12 Mbit/s), the lcore's once-a-second
# rte_stats_bitrate_calc() brings mean_bits_out of both ports above 1 Mbit/s, a fifth of
# what is sent (bounded polls: the first second's sample may hold a few frames only)
if [ "$(id -u)" -eq 0 ] && [ -c /dev/net/tun ]; then
	pfx3=$(it_prefix bitrate)
	out4=$IT_TMP/ebb4.out
	# shellcheck disable=SC2046
	it_spawn ebb4 90 "$out4" "$BIN" -l 0,1 $(it_eal "$pfx3" huge) "${BASE[@]}" \
		--vdev "net_tap0,iface=ebbbr$$a" --vdev "net_tap1,iface=ebbbr$$b" -- -i \
		--bitrate-stats=1 --forward-mode=txonly
	it_wait_for 30 grep -q 'ebbflow> ' "$out4" || { it_show "$out4"; it_fail "ebbflow (4) did not come up"; }
	it_send ebb4 "set port 0 tx-rate 0.01" "set port 1 tx-rate 0.01" start
	pm=$IT_TMP/procinfo_bitrate.out
	bits() { # port: mean_bits_out of the last proc-info --metrics
		grep -A8 "metrics for port $1 " "$pm" | awk '/^mean_bits_out:/ { print $2; exit }'
	}
	rates() {
		timeout -k 5 30 dpdk-proc-info --no-pci --file-prefix "$pfx3" -- --metrics > "$pm" 2>&1 &&
			[ "$(bits 0)" -gt 1000000 ] 2>/dev/null && [ "$(bits 1)" -gt 1000000 ] 2>/dev/null
	}
	it_wait_for 20 rates || { tail -n 30 "$pm"; it_fail "--bitrate-stats: mean_bits_out of the tap ports stayed '$(bits 0)' / '$(bits 1)'"; }
	b0=$(bits 0) b1=$(bits 1)
	it_send ebb4 stop quit
	it_close ebb4
	it_wait ebb4
	[ "$IT_RC" -eq 0 ] || { it_show "$out4" 40; it_fail "ebbflow (4) exited with $IT_RC"; }
	it_audit "$out4" || exit 1
	it_log "--bitrate-stats on net_tap under txonly: mean_bits_out port 0 $b0, port 1 $b1"
	brate="bit rates $b0 / $b1 bit/s on tap ports"
else
	it_log "net_tap case not run (needs root and /dev/net/tun): bit rates under traffic not read"
	brate="bit rates not read under traffic (no net_tap)"
fi
it_pass "pdump captured $N forwarded frames ($want: count bytes), and $rx0 of $N2 with the pool exhausted; proc-info read the ports, the metrics and the pool; $brate"
