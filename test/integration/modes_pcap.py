#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# modes_pcap.py: the frames modes_pcap.sh feeds to the icmpecho, csum and flowgen modes, and the checks of what they sent.
"""Usage: modes_pcap.py gen DIR | modes_pcap.py check MODE DIR

gen writes DIR/icmpecho.pcap (3 ARP requests, 4 ICMP echo requests, an echo to a
multicast group, 2 UDP frames), DIR/csum.pcap (5 UDP frames with right sums, 2 with a
wrong IPv4 header sum, 1 TCP with a wrong sum, 1 UDP with both wrong) and
DIR/empty.pcap. check MODE reads DIR/out.pcap (what ebbflow sent; csum: against
DIR/../csum.pcap), prints "frames N" (and what it found) and exits 1 when a frame is
wrong:
  icmpecho: 3 ARP replies then 4 echo replies, in order, each field and sum right;
  csum: the 9 frames in order, every IPv4 header and TCP/UDP sum right, payload kept;
  flowgen: UDP/IPv4 frames with right header sums; prints the distinct destinations;
  txfirst: 100-byte UDP/IPv4 frames to 02:00:00:00:00:99; prints the distinct sources;
  txsegs: UDP/IPv4 frames whose IPv4 and UDP lengths say the frame's length, with a right
  header sum; prints "lengths L..." (the distinct frame lengths) and "bytes N" (in all).
Only the standard library.
"""
import struct
import sys

PEER = bytes.fromhex("02aabbccdd01")
BCAST = b"\xff" * 6


def cksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ip4(proto, src, dst, l4):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 1, 0, 64, proto, 0,
                    bytes(src), bytes(dst))
    h = h[:10] + struct.pack("!H", cksum(h)) + h[12:]
    return h + l4


def l4_sum(proto, src, dst, l4):
    ph = bytes(src) + bytes(dst) + struct.pack("!BBH", 0, proto, len(l4))
    return cksum(ph + l4)


def udp(src, dst, payload, right=True):
    u = struct.pack("!HHHH", 1111, 2222, 8 + len(payload), 0) + payload
    s = l4_sum(17, src, dst, u) or 0xffff
    if not right:
        s ^= 0x0101
    return u[:6] + struct.pack("!H", s) + u[8:]


def tcp(src, dst, payload):
    t = struct.pack("!HHIIBBHHH", 3333, 4444, 1, 0, 0x50, 0x10, 1000, 0, 0) + payload
    s = l4_sum(6, src, dst, t) ^ 0x00ff  # wrong
    return t[:16] + struct.pack("!H", s) + t[18:]


def eth(dst, typ, body):
    f = dst + PEER + struct.pack("!H", typ) + body
    return f + b"\0" * max(0, 60 - len(f))


def arp_req(sip, tip):
    return eth(BCAST, 0x0806, struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, PEER,
                                          bytes(sip), b"\0" * 6, bytes(tip)))


def echo_req(src, dst, ident, seq):
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + bytes(range(24))
    icmp = icmp[:2] + struct.pack("!H", cksum(icmp)) + icmp[4:]
    return eth(bytes.fromhex("020000000000"), 0x0800, ip4(1, src, dst, icmp))


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1, i, len(fr), len(fr)))
            f.write(fr)


def read_pcap(path):
    out = []
    with open(path, "rb") as f:
        data = f.read()
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack("<IIII", data[off:off + 16])
        out.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return out


A, B = [10, 0, 0, 1], [10, 0, 0, 9]


def gen(d):
    frames = [arp_req(A, [10, 0, 0, 20 + k]) for k in range(3)]
    frames += [echo_req(A, B, 7, k) for k in range(4)]
    frames.append(echo_req(A, [224, 0, 0, 1], 7, 9))
    frames += [eth(PEER, 0x0800, ip4(17, A, B, udp(A, B, b"x" * 18))) for _ in range(2)]
    write_pcap(d + "/icmpecho.pcap", frames)
    cs = [eth(PEER, 0x0800, ip4(17, A, B, udp(A, B, bytes([k]) * 30))) for k in range(5)]
    for k in range(2):
        f = bytearray(eth(PEER, 0x0800, ip4(17, A, B, udp(A, B, b"y" * 30))))
        f[24] ^= 0x11  # IPv4 header sum
        cs.append(bytes(f))
    cs.append(eth(PEER, 0x0800, ip4(6, A, B, tcp(A, B, b"z" * 20))))
    f = bytearray(eth(PEER, 0x0800, ip4(17, A, B, udp(A, B, b"w" * 30, right=False))))
    f[24] ^= 0x01
    cs.append(bytes(f))
    write_pcap(d + "/csum.pcap", cs)
    write_pcap(d + "/empty.pcap", [])


def ip_ok(f):
    return cksum(f[14:34]) == 0


def l4_ok(f):
    tot = struct.unpack("!H", f[16:18])[0]
    l4 = f[34:14 + tot]
    ph = f[26:30] + f[30:34] + struct.pack("!BBH", 0, f[23], len(l4))
    return cksum(ph + l4) == 0


def check(mode, d):
    out = read_pcap(d + "/out.pcap")
    bad = []
    if mode == "icmpecho":
        if len(out) != 7:
            bad.append("%d frames, want 7" % len(out))
        for k, f in enumerate(out[:3]):
            op = struct.unpack("!H", f[20:22])[0]
            if f[12:14] != b"\x08\x06" or op != 2 or f[0:6] != PEER or \
                    f[32:38] != PEER or f[38:42] != bytes(A) or \
                    f[28:32] != bytes([10, 0, 0, 20 + k]) or f[22:28] != f[6:12]:
                bad.append("frame %d: not the ARP reply" % k)
        for k, f in enumerate(out[3:7]):
            if f[12:14] != b"\x08\x00" or f[34] != 0 or f[0:6] != PEER or \
                    f[26:30] != bytes(B) or f[30:34] != bytes(A) or not ip_ok(f) or \
                    cksum(f[34:34 + 32]) != 0 or struct.unpack("!H", f[40:42])[0] != k:
                bad.append("frame %d: not the echo reply" % (3 + k))
    elif mode == "csum":
        src = read_pcap(d + "/../csum.pcap")
        if len(out) != len(src):
            bad.append("%d frames, want %d" % (len(out), len(src)))
        for k, (f, s) in enumerate(zip(out, src)):
            if not ip_ok(f) or not l4_ok(f):
                bad.append("frame %d: a sum is wrong" % k)
            tot = struct.unpack("!H", f[16:18])[0]
            hdr = 34 + (8 if f[23] == 17 else 20)
            if f[hdr:14 + tot] != s[hdr:14 + tot]:
                bad.append("frame %d: payload changed" % k)
    elif mode == "txfirst":
        srcs = set()
        for k, f in enumerate(out):
            if len(f) != 100 or f[0:6] != bytes.fromhex("020000000099") or \
                    f[23] != 17 or not ip_ok(f):
                bad.append("frame %d: not a 100-byte UDP/IPv4 frame to the peer set" % k)
                break
            srcs.add(f[26:30])
        print("sources %d" % len(srcs))
    elif mode == "txsegs":
        lens = set()
        for k, f in enumerate(out):
            tot, ulen = struct.unpack("!H", f[16:18])[0], struct.unpack("!H", f[38:40])[0]
            if len(f) < 42 or f[12:14] != b"\x08\x00" or f[23] != 17 or not ip_ok(f) or \
                    tot != len(f) - 14 or ulen != len(f) - 34:
                bad.append("frame %d: not a UDP/IPv4 frame of the lengths it says" % k)
                break
            lens.add(len(f))
        print("lengths %s" % " ".join(str(n) for n in sorted(lens)))
        print("bytes %d" % sum(len(f) for f in out))
    elif mode == "flowgen":
        dsts = set()
        for k, f in enumerate(out):
            if f[12:14] != b"\x08\x00" or f[23] != 17 or not ip_ok(f):
                bad.append("frame %d: not a UDP/IPv4 frame with a right sum" % k)
                break
            dsts.add(f[30:34])
        print("flows %d" % len(dsts))
    for b in bad:
        print(b)
    print("frames %d" % len(out))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "gen":
        gen(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
