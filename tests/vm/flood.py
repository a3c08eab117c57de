#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Floods the lab guest's NIC: Ethernet frames (IPv4/UDP to the guest's
address, many source ports) written as datagrams to the UDP port qemu's
`-netdev socket,udp=...,localaddr=127.0.0.1:PORT` listens on. Everything
stays on the host's loopback and inside the guest.

usage: flood.py PORT SECONDS [STOPFILE]   prints frames sent and frames/s
"""
import os
import socket
import struct
import sys
import time

GUEST_MAC = bytes.fromhex("525400123456")
SRC_MAC = bytes.fromhex("525400abcdef")
SRC_IP, DST_IP = "10.0.2.2", "10.0.2.15"


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


def main(argv):
    port, seconds = int(argv[1]), float(argv[2])
    stop = argv[3] if len(argv) > 3 else None
    frames = [frame(10000 + i) for i in range(64)]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dst = ("127.0.0.1", port)
    sent = 0
    t0 = time.monotonic()
    end = t0 + seconds
    while True:
        for f in frames:
            try:
                s.sendto(f, dst)
                sent += 1
            except OSError:
                pass
        if sent % 4096 < 64:
            now = time.monotonic()
            if now >= end or (stop and os.path.exists(stop)):
                break
    spent = time.monotonic() - t0
    print("%d frames in %.1f s: %.0f frames/s" % (sent, spent, sent / spent))


if __name__ == "__main__":
    main(sys.argv)
