#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# host.py: the host's side of the guest's cases: sends frames into the taps, counts what
# comes out of them, takes a tap's link down and up, pings, all on the guest's request.
#
# Runs inside the network namespace that holds the taps (scripts/vm.sh starts it). The guest
# talks to it over its second serial port (a unix socket here), one line each way:
#   REQ <id> <verb> <args...>   ->   ACK <id> <words...>   (ERR <id> <why> on bad input)
# Verbs:
#   send TAP N PPS PHASE      start sending N frames at PPS into TAP (background): to the
#                             guest MAC of TAP, ethertype 0x88b5, payload "EBBV" phase seq
#   done PHASE                wait for PHASE's sender, then until the counts of PHASE seen
#                             coming out of every tap stop growing (bounded): "sent N tapX=M.."
#   count PHASE               PHASE's counts now: "sent N tapX=M ..."
#   stop PHASE                stop PHASE's sender now, then as done
#   link TAP down|up          ip link set TAP down|up and the QEMU monitor's set_link
#   addr TAP A/LEN | none     put an IPv4 address on TAP (none: remove them)
#   ping TAP DST N            ping -c N DST, then arping -c 3 -I TAP DST: "ping R/N arping R/3"
#   host ...                  (ignored, a comment)
# Frames only go to the MACs given with --tap; nothing else is sent.
import argparse
import os
import socket
import struct
import subprocess
import sys
import threading
import time

ETH_P_ALL = 0x0003
ETH_TYPE = 0x88B5  # IEEE local experimental
MAGIC = b"EBBV"
PACKET_OUTGOING = 4


def log(*a):
    print("host.py:", *a, file=sys.stderr, flush=True)


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.got = {}   # (phase, tap) -> frames of that phase seen coming out of tap
        self.sent = {}  # phase -> frames the sender handed to the kernel
        self.senders = {}  # phase -> (thread, stop event)

    def add(self, phase, tap):
        with self.lock:
            self.got[(phase, tap)] = self.got.get((phase, tap), 0) + 1

    def snapshot(self, phase, taps):
        with self.lock:
            return self.sent.get(phase, 0), {t: self.got.get((phase, t), 0) for t in taps}


def capture(tap, counts, ready):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((tap, 0))
    ready.set()
    while True:
        data, addr = s.recvfrom(2048)
        if addr[2] == PACKET_OUTGOING or len(data) < 24:
            continue
        if struct.unpack_from("!H", data, 12)[0] != ETH_TYPE or data[14:18] != MAGIC:
            continue
        counts.add(data[18:18 + 16].split(b"\0")[0].decode(errors="replace"), tap)


def sender(tap, dst, n, pps, phase, counts, stop):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((tap, 0))
    src = bytes.fromhex("02ebb0000000")
    ph = phase.encode()[:15].ljust(16, b"\0")
    t0 = time.monotonic()
    tick = 0.01
    done = 0
    while done < n and not stop.is_set():
        # as many as the rate allows by now, in slices of 10 ms
        due = min(n, int((time.monotonic() - t0) * pps) + 1)
        while done < due:
            frame = dst + src + struct.pack("!H", ETH_TYPE) + MAGIC + ph + struct.pack("!I", done)
            try:
                s.send(frame.ljust(60, b"\0"))
                with counts.lock:
                    counts.sent[phase] = counts.sent.get(phase, 0) + 1
            except OSError:
                pass  # the tap's queue is full (the guest does not take frames): not sent
            done += 1
        time.sleep(tick)
    s.close()


def run(cmd, timeout=60):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, text=True)
        return r.returncode, r.stdout
    except subprocess.TimeoutExpired:
        return 124, ""


def monitor(path, line):
    """one HMP command on QEMU's monitor socket"""
    try:
        m = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        m.settimeout(10)
        m.connect(path)
        m.sendall(line.encode() + b"\n")
        time.sleep(0.3)
        m.close()
        return True
    except OSError as e:
        log("monitor:", e)
        return False


def settle(counts, phase, taps, bound):
    """wait until PHASE's counts stop growing for 1 s (at most BOUND s)"""
    last = None
    quiet_since = time.monotonic()
    end = time.monotonic() + bound
    while time.monotonic() < end:
        cur = counts.snapshot(phase, taps)
        if cur != last:
            last = cur
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 1.0:
            break
        time.sleep(0.1)
    return counts.snapshot(phase, taps)


def fmt(snap):
    sent, got = snap
    return "sent %d " % sent + " ".join("%s=%d" % (t, got[t]) for t in sorted(got))


def handle(words, args, counts, taps, macs, netdevs):
    verb = words[0]
    # a phase is carried in 16 bytes of each frame, NUL-terminated: 15 characters at most
    if verb in ("send", "done", "stop", "count") and len(words) >= 2:
        words = words[:-1] + [words[-1][:15]]
    if verb == "send" and len(words) == 5 and words[1] in macs:
        tap, n, pps, phase = words[1], int(words[2]), int(words[3]), words[4]
        if not (0 < n <= 10000000 and 0 < pps <= 1000000):
            return "ERR bad count or rate"
        stop = threading.Event()
        th = threading.Thread(target=sender, args=(tap, macs[tap], n, pps, phase, counts, stop),
                              daemon=True)
        counts.senders[phase] = (th, stop)
        th.start()
        return "started"
    if verb in ("done", "stop", "count") and len(words) == 2:
        phase = words[1]
        th = counts.senders.get(phase)
        if verb == "count":
            return fmt(counts.snapshot(phase, taps))
        if th:
            if verb == "stop":
                th[1].set()
            th[0].join(600)
        return fmt(settle(counts, phase, taps, 20))
    if verb == "link" and len(words) == 3 and words[1] in macs and words[2] in ("down", "up"):
        tap, state = words[1], words[2]
        rc, out = run(["ip", "link", "set", tap, state])
        ok = monitor(args.monitor, "set_link %s %s" % (netdevs[tap], "off" if state == "down" else "on"))
        return "ip=%d monitor=%s" % (rc, "ok" if ok else "failed")
    if verb == "addr" and len(words) == 3 and words[1] in macs:
        tap = words[1]
        rc, out = run(["ip", "-4", "addr", "flush", "dev", tap])
        if words[2] != "none":
            rc, out = run(["ip", "addr", "add", words[2], "dev", tap])
        return "rc=%d" % rc
    if verb == "ping" and len(words) == 4 and words[1] in macs:
        tap, dst, n = words[1], words[2], int(words[3])
        rc, out = run(["ping", "-c", str(n), "-i", "0.2", "-W", "5", "-I", tap, dst], 90)
        got = 0
        for line in out.splitlines():
            if "received" in line and "transmitted" in line:
                got = int(line.split(",")[1].split()[0])
        log("ping rc %d:" % rc, out.strip().splitlines()[-2:] if out else "")
        rc2, out2 = run(["arping", "-c", "3", "-w", "30", "-I", tap, dst], 60)
        agot = 0
        for line in out2.splitlines():
            if "packets received" in line:
                agot = int(line.split(",")[1].split()[0])
            elif line.startswith("Received ") and "response" in line:
                agot = int(line.split()[1])
        log("arping rc %d:" % rc2, out2.strip().splitlines()[-1:] if out2 else "")
        return "ping %d/%d arping %d/3" % (got, n, agot)
    if verb == "host":
        return "ok"
    return "ERR unknown request: " + " ".join(words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ctl", required=True, help="unix socket of the guest's second serial port")
    ap.add_argument("--monitor", required=True, help="unix socket of QEMU's HMP monitor")
    ap.add_argument("--tap", action="append", required=True,
                    help="TAP=NETDEV=MAC: a tap, its QEMU netdev id, the guest NIC's MAC")
    args = ap.parse_args()
    macs, netdevs = {}, {}
    for t in args.tap:
        name, nd, mac = t.split("=")
        macs[name] = bytes.fromhex(mac.replace(":", ""))
        netdevs[name] = nd
    taps = sorted(macs)
    counts = Counts()
    for t in taps:
        ready = threading.Event()
        threading.Thread(target=capture, args=(t, counts, ready), daemon=True).start()
        ready.wait(5)
    s = None
    for _ in range(600):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(args.ctl)
            break
        except OSError:
            s.close()
            s = None
            time.sleep(0.1)
    if s is None:
        log("cannot connect to", args.ctl)
        return 1
    log("connected to the guest's control port")
    buf = b""
    while True:
        data = s.recv(4096)
        if not data:
            log("guest closed the control port")
            return 0
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            words = line.decode(errors="replace").replace("\r", "").split()
            if len(words) < 3 or words[0] != "REQ":
                continue
            rid = words[1]
            try:
                res = handle(words[2:], args, counts, taps, macs, netdevs)
            except (ValueError, IndexError) as e:
                res = "ERR %s" % e
            kind = "ERR" if res.startswith("ERR") else "ACK"
            res = res[4:] if kind == "ERR" else res
            log("REQ %s %s -> %s %s" % (rid, " ".join(words[2:]), kind, res))
            s.sendall(("%s %s %s\n" % (kind, rid, res)).encode())


if __name__ == "__main__":
    sys.exit(main())
