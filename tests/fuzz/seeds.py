#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Writes the seed corpora of the fuzz targets (README.md here) from what the
project already has: the fixture trees and ethtool texts, the tracefs
format files, the shipped rules and policies and the config fixtures.

    python3 tests/fuzz/seeds.py OUTDIR [TARGET...]

OUTDIR/TARGET/ receives one file per seed, named after where it came from.
Multi-file inputs use the targets' format: a line "--- NAME" starts file
NAME (tests/fuzz/fuzz.h). A new target gets a function here and an entry
in SEEDS.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(SRC, "tests", "fixtures")

CAPTURES = ["agent16-el7", "board4-stmmac", "wrap", "cpu-offline", "vm2-virtio",
            "driver-conventions", "scenarios/healthy", "scenarios/wrapped"]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def line_end(data):
    """Contents as a part: a marker must start a line after them."""
    return data if not data or data.endswith(b"\n") else data + b"\n"


def part(name, data):
    return b"--- " + name.encode() + b"\n" + line_end(data)


def snapshots(capture):
    d = os.path.join(FIX, capture)
    return sorted(x for x in os.listdir(d) if x.isdigit())[:2]


# ---- proc ---------------------------------------------------------------

PROC_FILES = [  # (selector, path): tests/fuzz/fuzz_proc.c enum which
    (0, "proc/net/softnet_stat"), (1, "proc/net/softnet_stat"),
    (2, "proc/interrupts"), (3, "proc/softirqs"), (4, "proc/stat"),
    (5, "proc/net/netstat"), (6, "proc/net/snmp"),
    (7, "sys/devices/system/cpu/online"), (7, "sys/devices/system/cpu/nohz_full"),
    (8, "proc/sys/net/core/netdev_budget"), (8, "proc/sys/net/core/netdev_budget_usecs"),
    (9, "timestamp"), (9, "running"),
]


def seeds_proc():
    for cap in CAPTURES:
        snaps = snapshots(cap)
        for sel, rel in PROC_FILES:
            paths = [os.path.join(FIX, cap, s, rel) for s in snaps]
            if not all(os.path.exists(p) for p in paths):
                continue
            body = b"".join(part(n, read(p)) for n, p in zip("ab", paths))
            yield "%s-%d-%s" % (cap.replace("/", "-"), sel, os.path.basename(rel)), \
                bytes([sel]) + body
    vdir = os.path.join(FIX, "softnet-variants")
    for v in sorted(os.listdir(vdir)):
        p = os.path.join(vdir, v, "proc/net/softnet_stat")
        for sel in (0, 1):
            yield "softnet-%s-%d" % (v, sel), bytes([sel]) + read(p)
    for rel in ("0000/proc/irq/114/smp_affinity_list",
                "0000/sys/class/net/eth3/queues/rx-0/rps_cpus"):
        yield "cpulist-" + os.path.basename(rel), bytes([7]) + read(
            os.path.join(FIX, "agent16-el7", rel))


# ---- tree ---------------------------------------------------------------

def tree_wanted(rel):
    """What the sampler reads (the capture format, README); the rest is noise."""
    base = os.path.basename(rel)
    parts = rel.split("/")
    if parts[0] in ("timestamp", "wallclock", "running", "meta", "bpf", "ethtool"):
        return True
    if parts[0] == "proc":
        if parts[1] == "irq":
            return base in ("smp_affinity_list", "effective_affinity_list", ".keep")
        return True
    if rel.startswith("sys/devices/system/cpu/"):
        return base in ("online", "isolated", "nohz_full")
    if rel.startswith("sys/class/net/"):
        if "/queues/" in rel:
            return base in ("rps_cpus", "rps_flow_cnt") or "/tx-" in rel
        if "/device/" in rel:
            return base in ("uevent", "numa_node", "local_cpulist") or "/msi_irqs/" in rel
        if "/statistics/" in rel:
            return base in ("rx_packets", "rx_dropped", "rx_missed_errors", "rx_fifo_errors",
                            "rx_over_errors", "rx_errors", "tx_packets", "rx_bytes")
        return base in ("ifindex", "operstate", "speed", "type", "slaves", ".keep") or \
            "/lower_" in rel
    return False


def tree_parts(root, prefix):
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(d, f)
            rel = os.path.relpath(path, root)
            if not tree_wanted(rel):
                continue
            if f == ".keep":        # an empty directory (an IRQ action, lower_DEV)
                out.append(part(prefix + os.path.dirname(rel) + "/", b""))
            elif "/tx-" in rel and "/queues/" in rel:
                out.append(part(prefix + os.path.dirname(rel) + "/", b""))
            else:
                out.append(part(prefix + rel, read(path)))
    return b"".join(dict.fromkeys(out))


def seeds_tree():
    for cap in CAPTURES:
        root = os.path.join(FIX, cap)
        body = b""
        if os.path.exists(os.path.join(root, "meta")):
            body += part("meta", read(os.path.join(root, "meta")))
        for s in snapshots(cap):
            body += tree_parts(os.path.join(root, s), s + "/")
        yield cap.replace("/", "-"), body
        # one snapshot alone, at the top: `sample --root`
        yield cap.replace("/", "-") + "-root", tree_parts(
            os.path.join(root, snapshots(cap)[0]), "")


# ---- ethtool, bpf_files, tracefs, meta ------------------------------------

def seeds_ethtool():
    seen = set()
    et = os.path.join(FIX, "ethtool-text")
    for d in sorted(os.listdir(et)):
        for f in sorted(os.listdir(os.path.join(et, d))):
            data = read(os.path.join(et, d, f))
            if data not in seen:
                seen.add(data)
                yield "%s-%s" % (d, f), data
    for cap in CAPTURES:
        edir = os.path.join(FIX, cap, snapshots(cap)[0], "ethtool")
        if not os.path.isdir(edir):
            continue
        for dev in sorted(os.listdir(edir)):
            for f in sorted(os.listdir(os.path.join(edir, dev))):
                data = read(os.path.join(edir, dev, f))
                if data not in seen:
                    seen.add(data)
                    yield "%s-%s-%s" % (cap.replace("/", "-"), dev, f), data


def seeds_bpf_files():
    root = os.path.join(FIX, "vm2-virtio")
    body = b""
    for prefix, snap in (("", "0000"), ("1/", "0001")):
        for f in ("status", "napi", "softirq", "drops"):
            body += part(prefix + f, read(os.path.join(root, snap, "bpf", f)))
    yield "vm2-virtio", body
    yield "off", part("status", b"off errno=1 not permitted\n")


def seeds_tracefs():
    for tfs in ("tracefs-5.10", "tracefs-6.18"):
        events = os.path.join(FIX, tfs, "events")
        for d, _, files in sorted(os.walk(events)):
            if "format" in files:
                yield "%s-%s" % (tfs, os.path.relpath(d, events).replace("/", "-")), \
                    read(os.path.join(d, "format"))


def seeds_meta():
    for cap in CAPTURES:
        p = os.path.join(FIX, cap, "meta")
        if os.path.exists(p):
            yield cap.replace("/", "-"), read(p)


# ---- state, history ---------------------------------------------------------

STATE_V2 = b"""[nettuned]
version = 2
next_seq = 4

[change]
seq = 1
knob = net.core.netdev_budget
queue = -1
irq = -1
boot_id = 6b9e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b
changed_at = 2026-11-23T17:04:41+00:00
original = 300
written = 600

[change]
seq = 2
knob = ring.rx
device = eth3
device_id = bus:0000:3b:00.0
netns = 4026531840
queue = -1
irq = -1
original = 453
written = 1024
pending = 2048

[change]
seq = 3
knob = irq.affinity
queue = 0
irq = 88
irq_action = "\\x3b eth3-TxRx-0 \\"x\\""
original = 0-15
written = 4

[change]
seq = 4
knob = rps.cpus
device = "\\x3bx"
device_id = name:;x
queue = 0
irq = -1
original =
written = 1

[end]
records = 4
"""

HISTORY = b"""[history]
version = 1
boot_id = 6b9e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b
change = 100.5
change = 160

[knob]
knob = net.core.netdev_budget
index = -1
changed_at = 160

[knob]
knob = irq.affinity
index = 88
hold = failed
hold_until = 400

[window]
rule = budget-squeeze
cond = 0
signal = cpu.time_squeeze
queue = -1
cpus = 0-3
start = 160
deadline = 220
symptom = 120.5 300 3
traffic = 20000 61000 3
out_drops = 40 69.28 150 3
out_tcp_timeouts = 0 0 0 3

[change]
knob = net.core.netdev_budget
queue = -1
irq = -1
from = 300
to = 600

[backoff]
rule = ring-overflow
entity = eth3
until = 3700

[end]
sections = 5
"""


def seeds_state():
    yield "v2-every-kind", STATE_V2
    yield "v1", STATE_V2.replace(b"version = 2", b"version = 1").split(b"\n[end]")[0] \
        .replace(b'"\\x3bx"', b"vx").replace(b'"\\x3b eth3-TxRx-0 \\"x\\""', b"eth3-TxRx-0")
    yield "empty-v2", b"[nettuned]\nversion = 2\nnext_seq = 1\n\n[end]\nrecords = 0\n"


def seeds_history():
    yield "window-knobs-backoff", HISTORY
    yield "empty", b"[history]\nversion = 1\n\n[end]\nsections = 0\n"


# ---- rule, policy ---------------------------------------------------------

def rule_files():
    dirs = [os.path.join(SRC, "rules"), os.path.join(FIX, "config", "good", "rules"),
            os.path.join(FIX, "config", "good", "rules.d"),
            os.path.join(FIX, "config", "bad", "rules")]
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if f.endswith(".rule"):
                yield d, f


def seeds_rule():
    for d, f in rule_files():
        yield "%s-%s" % (os.path.basename(d), f), read(os.path.join(d, f))


def seeds_policy():
    shipped = os.path.join(SRC, "rules")
    rules = b"".join(part(f, read(os.path.join(shipped, f)))
                     for f in sorted(os.listdir(shipped)) if f.endswith(".rule"))
    for f in sorted(os.listdir(os.path.join(SRC, "policies"))):
        if f.endswith(".conf"):
            yield "shipped-" + f, line_end(read(os.path.join(SRC, "policies", f))) + rules
    for kind in ("good", "bad"):
        cdir = os.path.join(FIX, "config", kind)
        rdir = os.path.join(cdir, "rules")
        local = b"".join(part(f, read(os.path.join(rdir, f)))
                         for f in sorted(os.listdir(rdir)) if f.endswith(".rule"))
        for f in sorted(os.listdir(cdir)):
            if f.endswith(".conf"):
                yield "%s-%s" % (kind, f), line_end(read(os.path.join(cdir, f))) + rules + local


SEEDS = {
    "proc": seeds_proc, "tree": seeds_tree, "ethtool": seeds_ethtool,
    "bpf_files": seeds_bpf_files, "tracefs": seeds_tracefs, "rule": seeds_rule,
    "policy": seeds_policy, "meta": seeds_meta, "state": seeds_state,
    "history": seeds_history,
}


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    out = argv[1]
    for target in argv[2:] or sorted(SEEDS):
        if target not in SEEDS:
            sys.stderr.write("seeds.py: no seeds for target %s\n" % target)
            return 2
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        n = 0
        for name, data in SEEDS[target]():
            with open(os.path.join(d, "seed-" + name), "wb") as f:
                f.write(data)
            n += 1
        print("seeds.py: %d seeds for %s in %s" % (n, target, d))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
