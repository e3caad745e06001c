#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# make_corpus.py: write the seed corpus of the fuzz targets (byte 0 = segmentation, then a frame).
import os
import struct
import sys

MY = bytes([0x02, 0, 0, 0, 0, 1])
PEER = bytes([0x02, 0, 0, 0, 0, 2])
BC = b'\xff' * 6
MY_IP = bytes([10, 0, 0, 1])
PEER_IP = bytes([10, 0, 0, 2])


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def l2(dst, src, typ, vlan=None):
    if vlan is None:
        return dst + src + struct.pack('!H', typ)
    return dst + src + struct.pack('!HHH', 0x8100, vlan, typ)


def arp(op, sha, sip, tha, tip, edst, vlan=None):
    return l2(edst, sha, 0x0806, vlan) + struct.pack('!HHBBH', 1, 0x0800, 6, 4, op) + \
        sha + sip + tha + tip


def ipv4(src, dst, proto, payload, opts=b''):
    ihl = (20 + len(opts)) // 4
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, 20 + len(opts) + len(payload), 0x1234,
                    0x4000, 64, proto, 0, src, dst) + opts
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload


def icmp(typ, ident, seq, data):
    m = struct.pack('!BBHHH', typ, 0, 0, ident, seq) + data
    return m[:2] + struct.pack('!H', csum(m)) + m[4:]


def main(root):
    data = bytes(range(56))
    frames = {
        'arp_request': arp(1, PEER, PEER_IP, b'\0' * 6, MY_IP, BC),
        'arp_reply_peer': arp(2, PEER, PEER_IP, MY, MY_IP, MY),
        'arp_request_vlan': arp(1, PEER, PEER_IP, b'\0' * 6, MY_IP, BC, vlan=100),
        'echo_request': l2(MY, PEER, 0x0800) + ipv4(PEER_IP, MY_IP, 1, icmp(8, 7, 1, data)),
        'echo_request_opts': l2(MY, PEER, 0x0800) +
        ipv4(PEER_IP, MY_IP, 1, icmp(8, 7, 2, data[:9]), opts=b'\x01' * 8),
        'echo_reply_probe': l2(MY, PEER, 0x0800) +
        ipv4(PEER_IP, MY_IP, 1, icmp(0, 0xeb00, 1, data[:16])),
        'udp': l2(MY, PEER, 0x0800) + ipv4(PEER_IP, MY_IP, 17, b'\0' * 8),
    }
    # shapes: one segment; 2 segments cut at 14; 3 cut at 20; 4 cut at 34; exhausted pool
    shapes = {'s1': 0x00, 's2': (14 << 2) | 1, 's3': (20 << 2) | 2, 's4': (34 << 2) | 3,
              'x2': 0x80 | (8 << 2) | 1}
    for target in ('fuzz_proto', 'fuzz_applet'):
        d = os.path.join(root, target)
        os.makedirs(d, exist_ok=True)
        for fname, f in frames.items():
            for sname, shape in shapes.items():
                if sname == 'x2' and target != 'fuzz_applet':
                    continue
                with open(os.path.join(d, '%s_%s' % (fname, sname)), 'wb') as out:
                    out.write(bytes([shape]) + f)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus'))
