#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Floods a lab guest's NIC from the host; everything stays on the host's
loopback (or inside a network namespace the test made) and the guest.

  --qemu-port PORT   Ethernet frames (IPv4/UDP to the guest's e1000e,
                     64 source ports) written as datagrams to the UDP port
                     qemu's `-netdev socket,udp=...,localaddr=127.0.0.1:PORT`
                     listens on
  --udp-to ADDR      UDP datagrams to ADDR port 9 from 64 sockets (64 flows:
                     a multi-queue tap spreads them over its queues by flow
                     hash), through the namespace's own stack

It sends while GATE exists (always, without --gate), so the guest decides
when there is traffic, at most as many frames per second as the number
written in GATE (as fast as it can when GATE is empty); it stops when
STOP exists or after SECONDS.
Prints frames sent, the seconds the gate was open and frames/s in them.
"""
import argparse
import os
import socket
import struct
import time

GUEST_MAC = bytes.fromhex("525400123456")
SRC_MAC = bytes.fromhex("525400abcdef")
SRC_IP, DST_IP = "10.0.2.2", "10.0.2.15"
FLOWS = 64


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame(sport, payload=b"x" * 64):
    udp = struct.pack("!HHHH", sport, 9, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton(SRC_IP), socket.inet_aton(DST_IP))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return GUEST_MAC + SRC_MAC + b"\x08\x00" + ip + udp


def senders(args):
    """(socket, payload, destination) per flow."""
    if args.qemu_port:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        dst = ("127.0.0.1", args.qemu_port)
        return [(s, frame(10000 + i), dst) for i in range(FLOWS)]
    out = []
    for _ in range(FLOWS):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", 0))
        out.append((s, b"x" * 64, (args.udp_to, 9)))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--qemu-port", type=int)
    g.add_argument("--udp-to")
    p.add_argument("--seconds", type=float, default=1200)
    p.add_argument("--stop", help="stop once this file exists")
    p.add_argument("--gate", help="send only while this file exists, at the rate it holds")
    args = p.parse_args()

    flows = senders(args)
    sent = 0
    gated = 0.0
    t0 = time.monotonic()
    end = t0 + args.seconds
    burst = 64 * len(flows)
    due = t0
    while time.monotonic() < end and not (args.stop and os.path.exists(args.stop)):
        rate = 0
        if args.gate:
            try:
                with open(args.gate) as f:
                    text = f.read().strip()
                rate = int(text) if text else 0
            except (OSError, ValueError):
                time.sleep(0.05)
                continue
        # a burst between checks (open() per frame would halve the rate);
        # rate-limited, 5 ms worth of frames, so the traffic stays smooth
        n = burst if not rate else max(1, rate // 200)
        t1 = time.monotonic()
        for i in range(n):
            s, data, dst = flows[i % len(flows)]
            try:
                s.sendto(data, dst)
                sent += 1
            except OSError:
                pass	# ENOBUFS/ECONNREFUSED: the guest is not keeping up
        if rate:
            # a schedule, not a sleep per burst: the checks' cost is absorbed
            due = max(due, t1 - 0.1) + n / rate
            time.sleep(max(0.0, due - time.monotonic()))
        gated += time.monotonic() - t1
    print("%d frames in %.1f s of open gate: %.0f frames/s"
          % (sent, gated, sent / gated if gated else 0))


if __name__ == "__main__":
    main()
