#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""64-byte UDP datagrams to ADDR:9999 for SECONDS, as fast as one Python
loop sends them; prints the datagrams sent per second, and writes their
number to COUNT-FILE when given. Send errors (a full socket buffer, no
route yet) are skipped, not counted."""
import socket
import sys
import time

dst, seconds = (sys.argv[1], 9999), float(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
msg, n, start = b"x" * 64, 0, time.time()
end = start + seconds
while time.time() < end:
    for _ in range(200):
        try:
            s.sendto(msg, dst)
            n += 1
        except OSError:
            pass
print(int(n / (time.time() - start)))
if len(sys.argv) > 3:
    with open(sys.argv[3], "w") as f:
        f.write(str(n))
