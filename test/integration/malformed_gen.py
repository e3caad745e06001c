#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# malformed_gen.py: writes the pcap of malformed (and a few good) frames that malformed_pcap.sh feeds to ebbflow.
"""Usage: malformed_gen.py DIR IP | malformed_gen.py check DIR [tiny]

Writes DIR/in.pcap (the frames, in order), DIR/empty.pcap (no frame) and DIR/expect
(one "key value" a line: malformed counters by reason as `show responder` names them,
the frames the responder consumes and those io forwarding must pass on, the replies).
IP is the responder's address (set port 0 ip IP/24). Only the standard library: no scapy.
`check DIR` compares what ebbflow wrote: DIR/out1.pcap (io forwarding from port 0) must
hold exactly the frames the responder did not consume, byte for byte and in order;
DIR/out0.pcap the three replies (ARP reply, echo reply, echo reply with VLAN tag 7); with
`tiny` (44-byte data rooms: every echo reply is too large for one buffer) the ARP reply.
"""
import os
import socket
import struct
import sys

OUR_MAC = bytes.fromhex("020000000000")   # any: ebbflow is promiscuous
PEER_MAC = bytes.fromhex("02aabbccdd01")
BCAST = b"\xff" * 6


def cksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def eth(ethertype, payload, dst=OUR_MAC):
    return dst + PEER_MAC + struct.pack("!H", ethertype) + payload


def arp(op=1, tip="10.0.0.1", htype=1, ptype=0x0800, hlen=6, plen=4):
    return struct.pack("!HHBBH", htype, ptype, hlen, plen, op) + PEER_MAC + \
        socket.inet_aton("10.0.0.2") + b"\0" * 6 + socket.inet_aton(tip)


def ipv4(dst, payload, proto=1, ihl=5, version=4, total=None, frag=0, good_ck=True,
         options=b""):
    hdr_len = ihl * 4
    if total is None:
        total = 20 + len(options) + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", (version << 4) | (ihl & 0xf), 0, total, 0x1234, frag,
                    64, proto, 0, socket.inet_aton("10.0.0.2"), socket.inet_aton(dst))
    h += options
    if ihl >= 5 and hdr_len <= len(h):
        ck = cksum(h[:hdr_len])
        if not good_ck:
            ck ^= 0x5a5a
        h = h[:10] + struct.pack("!H", ck) + h[12:]
    return h + payload


def icmp_echo(data=b"ebbflow-malformed", good_ck=True, typ=8):
    m = struct.pack("!BBHHH", typ, 0, 0, 0x42, 1) + data
    ck = cksum(m)
    if not good_ck:
        ck ^= 0x00ff
    return m[:2] + struct.pack("!H", ck) + m[4:]


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    assert magic in (0xa1b2c3d4, 0xa1b23c4d), "%s: not a pcap file" % path
    recs, off = [], 24
    while off + 16 <= len(data):
        caplen = struct.unpack("<IIII", data[off:off + 16])[2]
        recs.append(data[off + 16:off + 16 + caplen])
        off += 16 + caplen
    return recs


def check(out, tiny):
    sent = read_pcap(os.path.join(out, "in.pcap"))
    keep = [int(x) for x in open(os.path.join(out, "forwarded")).read().split()]
    want = [sent[i] for i in keep]
    got = read_pcap(os.path.join(out, "out1.pcap"))
    bad = 0
    if len(got) != len(want):
        print("forwarded: %d frames, expected %d" % (len(got), len(want)))
        bad = 1
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            print("forwarded frame %d differs (%d bytes, expected %d)" % (i, len(g), len(w)))
            bad = 1
    replies = read_pcap(os.path.join(out, "out0.pcap"))
    kinds = []
    for r in replies:
        et = struct.unpack("!H", r[12:14])[0] if len(r) >= 14 else 0
        if et == 0x0806 and struct.unpack("!H", r[20:22])[0] == 2:
            kinds.append("arp_reply")
        elif et == 0x0800 and r[14 + 20] == 0:
            kinds.append("echo_reply")
        elif et == 0x8100 and r[15] == 7 and r[18 + 20] == 0:
            kinds.append("echo_reply_vlan7")
        else:
            kinds.append("other")
    expect = ["arp_reply"] if tiny else ["arp_reply", "echo_reply", "echo_reply_vlan7"]
    if sorted(kinds) != expect:
        print("replies: %s" % kinds)
        bad = 1
    print("check: %d frames forwarded byte-exact, replies %s" % (len(got), kinds))
    return bad


def main():
    if sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == "tiny"))
    out, ip = sys.argv[1], sys.argv[2]
    assert ip == "10.0.0.1", "the frames are built for 10.0.0.1"
    frames = []   # (bytes, reason or None, consumed by the responder)

    def add(f, reason=None, consumed=False):
        frames.append((f, reason, consumed))

    # runts: nothing, a byte, a header short of its ethertype, a VLAN tag cut short
    add(b"", "runt")
    add(b"\x01", "runt")
    add(eth(0x0806, b"")[:13], "runt")
    add(eth(0x8100, b"\x00"), "runt")
    # ARP: body cut, not Ethernet/IPv4, bad opcode (to us: dropped; to another: passed on)
    add(eth(0x0806, b""), "arp_trunc")
    add(eth(0x0806, arp()[:27]), "arp_trunc")
    add(eth(0x0806, arp(htype=6)), "arp_format")
    add(eth(0x0806, arp(plen=16)), "arp_format")
    add(eth(0x0806, arp(op=7)), "arp_op", True)
    add(eth(0x0806, arp(op=0, tip="10.0.0.9")), "arp_op")
    # IPv4 to us, broken at each step (the fast path lets frames shorter than 34 bytes
    # and frames to our address through to the parser)
    add(eth(0x0800, ipv4(ip, b"")[:10]), "ip_trunc")
    add(eth(0x0800, ipv4(ip, icmp_echo(), version=6)), "ip_version")
    add(eth(0x0800, ipv4(ip, icmp_echo(), ihl=4)), "ip_ihl")
    add(eth(0x0800, ipv4(ip, b"", ihl=15)), "ip_ihl")         # options past the frame
    add(eth(0x0800, ipv4(ip, icmp_echo(), total=12)), "ip_len")  # shorter than its header
    add(eth(0x0800, ipv4(ip, icmp_echo(), total=1400)), "ip_len")  # longer than the frame
    add(eth(0x0800, ipv4(ip, icmp_echo(), good_ck=False)), "ip_cksum", True)
    add(eth(0x0800, ipv4(ip, icmp_echo(), frag=0x2000)), "ip_frag", True)   # MF
    add(eth(0x0800, ipv4(ip, icmp_echo(), frag=0x0010)), "ip_frag", True)   # offset
    add(eth(0x0800, ipv4(ip, icmp_echo()[:4])), "icmp_trunc", True)
    add(eth(0x0800, ipv4(ip, icmp_echo(good_ck=False))), "icmp_cksum", True)
    # oversized, so that the PMD hands over multi-segment mbufs (2048-byte data rooms):
    # a bad checksum across segments, a good echo too large for one reply buffer
    big = bytes(range(256)) * 35
    add(eth(0x0800, ipv4(ip, icmp_echo(big, good_ck=False))), "icmp_cksum", True)
    add(eth(0x0800, ipv4(ip, icmp_echo(big))), None, True)    # dropped_too_big
    # wrong length of a frame not to us: the fast path passes it on uncounted
    add(eth(0x0800, ipv4("10.0.0.9", b"x" * 40, proto=17, total=900)))
    # 802.3 length field instead of an ethertype, QinQ, a multi-segment UDP frame
    add(eth(0x002e, b"\0" * 46))
    add(eth(0x88a8, b"\0\x05\x81\x00\0\x06\x08\x00" + b"\0" * 40))
    add(eth(0x0800, ipv4("10.0.0.9", big, proto=17)))
    # good requests: answered
    add(eth(0x0806, arp(op=1), dst=BCAST), None, True)
    add(eth(0x0800, ipv4(ip, icmp_echo())), None, True)
    add(eth(0x8100, b"\x00\x07\x08\x00" + ipv4(ip, icmp_echo())), None, True)

    os.makedirs(out, exist_ok=True)
    ghdr = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
    with open(os.path.join(out, "in.pcap"), "wb") as f:
        f.write(ghdr)
        for i, (fr, _, _) in enumerate(frames):
            f.write(struct.pack("<IIII", 1, i, len(fr), len(fr)) + fr)
    with open(os.path.join(out, "empty.pcap"), "wb") as f:
        f.write(ghdr)
    with open(os.path.join(out, "forwarded"), "w") as f:
        f.write(" ".join(str(i) for i, (_, _, c) in enumerate(frames) if not c) + "\n")
    counts = {}
    for _, r, _ in frames:
        if r is not None:
            counts[r] = counts.get(r, 0) + 1
    consumed = sum(1 for _, _, c in frames if c)
    with open(os.path.join(out, "expect"), "w") as f:
        f.write("frames %d\n" % len(frames))
        f.write("malformed %d\n" % sum(counts.values()))
        for r in sorted(counts):
            f.write("reason_%s %d\n" % (r, counts[r]))
        f.write("consumed %d\n" % consumed)
        f.write("forwarded %d\n" % (len(frames) - consumed))
        f.write("multiseg %d\n" % sum(1 for fr, _, _ in frames if len(fr) > 2048))
        f.write("replies 3\n")            # ARP reply, echo reply, tagged echo reply
        f.write("too_big 1\n")


if __name__ == "__main__":
    main()
