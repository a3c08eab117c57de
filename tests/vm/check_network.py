#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Judges the plain guest's network scenarios (tests/vm/guest/*.sh) from what
they left in the results directory: counter snapshots taken in the guest,
the daemon's audit records (stderr KEY=value lines) and command outputs.
Prints TAP lines (numbered from --start) and the measured before/after
figures as comments; on a failed check, the counters and records behind
it. Exit status: the number of failed checks (capped at 100).

usage: check_network.py RESULTS [--start N]
"""
import os
import re
import sys

R = sys.argv[1]
n = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--start" else 0
failed = 0
dumped = set()


def path(name):
    return os.path.join(R, name)


def read(name, default=""):
    try:
        with open(path(name), errors="replace") as f:
            return f.read().strip()
    except OSError:
        return default


def say(text):
    for line in str(text).splitlines():
        print("# " + line)


def result(ok, what, dump=None):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
    if not ok:
        failed += 1
        # a scenario's counters and records once, at its first failure
        if dump and id(dump) not in dumped:
            dumped.add(id(dump))
            say(dump() if callable(dump) else dump)
    return ok


# ---- the daemon's records ----------------------------------------------------

_FIELD = re.compile(r"([A-Z_]+)=")


def parse_record(line):
    """The fields of one `nettuned: KEY=value ...` line, or None."""
    if not line.startswith("nettuned: "):
        return None
    s, i, out = line[len("nettuned: "):].rstrip("\n"), 0, {}
    while i < len(s):
        m = _FIELD.match(s, i)
        if not m:
            return None
        i = m.end()
        if i < len(s) and s[i] == '"':
            j, val = i + 1, []
            while j < len(s) and s[j] != '"':
                if s[j] == "\\" and j + 1 < len(s):
                    j += 1
                val.append(s[j])
                j += 1
            out[m.group(1)], i = "".join(val), j + 1
        else:
            j = s.find(" ", i)
            j = len(s) if j < 0 else j
            out[m.group(1)], i = s[i:j], j
        while i < len(s) and s[i] == " ":
            i += 1
    return out


def records(name):
    out = []
    for line in read(name + ".log").splitlines():
        r = parse_record(line)
        if r and "NETTUNED_EVENT" in r:
            out.append(r)
    return out


def events(recs, event, knob=None):
    return [r for r in recs if r["NETTUNED_EVENT"] == event
            and (knob is None or r.get("NETTUNED_KNOB") == knob)]


def story(recs, name=None):
    """What the daemon said, one line per record, for failure dumps; with
    no records, the end of its log (a daemon that did not start)."""
    text = "\n".join("%s: %s" % (r["NETTUNED_EVENT"], r.get("MESSAGE", "")[:220]) for r in recs)
    if not text and name:
        text = "no audit records; the end of %s.log:\n%s" % (name, read(name + ".log")[-1500:])
    return text or "(no records)"


# ---- counter snapshots ---------------------------------------------------------

def snap(name):
    """{section: [lines]} of one snapshot file written by lib.sh's snap."""
    out, cur = {}, None
    for line in read("snap." + name).splitlines():
        if line.startswith("== "):
            cur = out.setdefault(line[3:], [])
        elif cur is not None:
            cur.append(line)
    return out


def uptime(s):
    return float(s["uptime"][0])


def softnet(s, col):
    """softnet_stat column @col (0-based, hex) per CPU."""
    return [int(l.split()[col], 16) for l in s["softnet_stat"] if l.strip()]


def net_rx(s):
    for l in s["softirqs"]:
        if l.split()[0] == "NET_RX:":
            return [int(x) for x in l.split()[1:]]
    return []


def interrupts(s, names):
    """Per-CPU counts summed over the IRQs whose action matches @names."""
    ncpu = len(s["interrupts"][0].split())
    tot = [0] * ncpu
    for l in s["interrupts"][1:]:
        f = l.split()
        if len(f) > ncpu + 1 and f[0].endswith(":") and re.search(names, l):
            for c in range(ncpu):
                tot[c] += int(f[1 + c])
    return tot


def per_s(a, b, get):
    """Per-CPU rates between snapshots @a and @b of what @get returns."""
    sa, sb = snap(a), snap(b)
    if not sa or not sb:
        return None
    dt = uptime(sb) - uptime(sa)
    return [(y - x) / dt for x, y in zip(get(sa), get(sb))]


def fmt(rates):
    return "[" + ", ".join("CPU%d %.0f" % (c, v) for c, v in enumerate(rates)) + "] /s" \
        if rates is not None else "(missing)"


def share(rates, cpu):
    t = sum(rates) if rates else 0
    return rates[cpu] / t if t else 0.0


def counters(*pairs):
    """Failure dump: the raw rates behind a check."""
    out = []
    for a, b in pairs:
        out.append("%s -> %s: time_squeeze %s" % (a, b, fmt(per_s(a, b, lambda s: softnet(s, 2)))))
        out.append("  backlog drops %s" % fmt(per_s(a, b, lambda s: softnet(s, 1))))
        out.append("  NET_RX %s" % fmt(per_s(a, b, net_rx)))
        out.append("  received_rps %s" % fmt(per_s(a, b, lambda s: softnet(s, 9))))
    return "\n".join(out)


def done(name):
    ok = os.path.exists(path(name + ".done"))
    result(ok, "the %s scenario ran to its end in the guest" % name,
           lambda: read("console.log")[-3000:])
    return ok


def begin(title, name):
    """A scenario's heading; its daemon records, or None when it did not finish."""
    print("# -- " + title)
    return records(name) if done(name) else None


# ---- scenario 5: verify-and-rollback -----------------------------------------

def verify_fail():
    recs = begin("scenario 5: a change that does not help is rolled back (verify-fail.sh)", "verify-fail")
    if recs is None:
        return
    knob = "net.core.netdev_budget"
    at8 = per_s("vf.0", "vf.1", lambda s: softnet(s, 2))
    at9 = per_s("vf.1", "vf.2", lambda s: softnet(s, 2))
    say("time_squeeze at netdev_budget 8: %s; at %s (verify window): %s"
        % (fmt(at8), read("vf.raised"), fmt(at9)))
    dump = lambda: story(recs, "verify-fail") + "\n" + counters(("vf.0", "vf.1"), ("vf.1", "vf.2"))
    applied = events(recs, "applied", knob)
    result(applied and applied[0].get("NETTUNED_FROM") == "8" and applied[0].get("NETTUNED_TO") == "9",
           "the daemon raised netdev_budget by the policy's step: 8 -> %s" % read("vf.raised"), dump)
    rb = events(recs, "rolled-back", knob)
    for r in rb:
        say("rolled back: " + r.get("MESSAGE", ""))
    result(rb and rb[0].get("NETTUNED_TO") == "8",
           "after the verify window it was rolled back to 8 (no improvement)", dump)
    held = [r for r in events(recs, "held", knob) if r.get("NETTUNED_SAFETY") == "backoff"]
    result(held and read("vf.end") == "8" and len(applied) == 1,
           "then the rule was held by its backoff: %d hold(s), %d raise(s), budget %s at the end"
           % (len(held), len(applied), read("vf.end")), dump)


# ---- scenario 1: squeeze -----------------------------------------------------------

def squeeze():
    recs = begin("scenario 1: netdev_budget squeeze (squeeze.sh)", "squeeze")
    if recs is None:
        return
    knob = "net.core.netdev_budget"
    before = per_s("sq.0", "sq.1", lambda s: softnet(s, 2))
    after = per_s("sq.2", "sq.3", lambda s: softnet(s, 2))
    trace = [int(x) for x in read("sq.trace").split()]
    b2, b3 = snap("sq.2"), snap("sq.3")
    say("time_squeeze before: %s at netdev_budget 8; after: %s at netdev_budget %s..%s"
        % (fmt(before), fmt(after), b2["netdev_budget"][0], b3["netdev_budget"][0]))
    for r in events(recs, "applied") + events(recs, "verified") + events(recs, "rolled-back"):
        say("%s: %s" % (r["NETTUNED_EVENT"], r.get("MESSAGE", "")[:200]))
    dump = lambda: story(recs, "squeeze") + "\n" + counters(("sq.0", "sq.1"), ("sq.2", "sq.3"))
    applied = events(recs, "applied", knob)
    result(applied and applied[0].get("NETTUNED_FROM") == "8",
           "nettuned applied a raise of net.core.netdev_budget from 8 (%d raise(s))" % len(applied), dump)
    result(trace and max(trace) > 8 and max(trace) <= 600,
           "netdev_budget went up to %s, never past the policy's ceiling of 600 (%d readings)"
           % (max(trace) if trace else "?", len(trace)), dump)
    sb, sa = sum(before or [0]), sum(after or [0])
    result(sb > 100 and sa < sb / 2,
           "the squeeze rate fell by more than half (%.0f/s -> %.0f/s)" % (sb, sa), dump)
    result(len(events(recs, "verified", knob)) >= 1,
           "the change was verified after the policy's verify window", dump)
    # the BPF signals (napi:napi_poll) name the NIC and queue behind the squeezes
    ev = applied[0].get("NETTUNED_EVIDENCE", "") if applied else ""
    started = " ".join(r.get("NETTUNED_DETAIL", "") for r in events(recs, "daemon"))
    say("evidence of the first raise: %s" % ev)
    say("daemon: %s" % started)
    if "built without BPF support" in started:
        print("ok %d - # SKIP nettuned was built without BPF support" % (n + 1))
        globals()["n"] += 1
        return
    m = re.search(r"busiest NAPI: eth0 queue 0 \(IRQ \d+\), (\d+) of (\d+) polls/s used the whole weight (\d+)", ev)
    result(m and int(m.group(1)) > 0 and int(m.group(1)) <= int(m.group(2)) and m.group(3) == "64",
           "the raise names the NIC and queue that used up the budget: eth0 (e1000e) queue 0, "
           "full polls within polls, weight 64", dump)


# ---- scenario 2: single queue (RPS) and multi-queue (IRQ spread) ------------------

def rps():
    recs = begin("scenario 2: one RX queue, RPS over the other CPU (rps.sh)", "rps")
    if recs is None:
        return
    nb = per_s("rps.0", "rps.1", net_rx)
    na = per_s("rps.2", "rps.3", net_rx)
    pb = per_s("rps.0", "rps.1", lambda s: softnet(s, 0))
    pa = per_s("rps.2", "rps.3", lambda s: softnet(s, 0))
    rb = per_s("rps.0", "rps.1", lambda s: softnet(s, 9))
    ra = per_s("rps.2", "rps.3", lambda s: softnet(s, 9))
    # the kernel puts eth0's one RX vector on either CPU: the other is RPS's
    irq_cpu = nb.index(max(nb)) if nb else 0
    other = 1 - irq_cpu
    say("eth0's interrupts and NET_RX are on CPU %d; rps_cpus of eth0 rx-0: %s before, %s after, "
        "%s after rollback" % (irq_cpu, read("rps.cpus.0"), read("rps.cpus.1"), read("rps.cpus.2")))
    say("NET_RX softirqs before: %s, after: %s" % (fmt(nb), fmt(na)))
    say("packets processed before: %s, after: %s" % (fmt(pb), fmt(pa)))
    say("received_rps (RPS wake-ups) before: %s, after: %s" % (fmt(rb), fmt(ra)))
    dump = lambda: story(recs, "rps") + "\n" + counters(("rps.0", "rps.1"), ("rps.2", "rps.3"))
    result(events(recs, "applied", "rps.cpus") and read("rps.cpus.0").strip("0,") == ""
           and read("rps.cpus.1").strip("0,") != "",
           "nettuned turned on RPS for eth0 rx-0 (rps_cpus %s -> %s)"
           % (read("rps.cpus.0"), read("rps.cpus.1")), dump)
    result(nb and na and share(nb, other) < 0.10 and share(na, other) >= 0.25,
           "NET_RX softirqs spread: CPU %d's share %.0f%% before, %.0f%% after"
           % (other, 100 * share(nb or [], other), 100 * share(na or [], other)), dump)
    result(pb and pa and share(pb, other) < 0.10 and share(pa, other) >= 0.25,
           "packet processing spread: CPU %d's share %.0f%% before, %.0f%% after"
           % (other, 100 * share(pb or [], other), 100 * share(pa or [], other)), dump)
    result(rb and ra and rb[other] < 1 and ra[other] >= 10,
           "CPU %d was woken by RPS: received_rps %.0f/s before, %.0f/s after"
           % (other, rb[other] if rb else -1, ra[other] if ra else -1), dump)
    result(events(recs, "verified", "rps.cpus") and not events(recs, "rolled-back"),
           "the change was verified, not rolled back", dump)
    result(read("rps.cpus.2").strip("0,") == "",
           "nettuned rollback turned RPS off again (rps_cpus %s)" % read("rps.cpus.2"),
           lambda: read("rps.rollback"))


def irq_spread():
    recs = begin("scenario 2: a two-queue virtio-net NIC with every IRQ on CPU 0 (irq-spread.sh)", "irq")
    if recs is None:
        return
    names = r"virtio\d+-input\."
    ib = per_s("irq.0", "irq.1", lambda s: interrupts(s, names))
    ia = per_s("irq.2", "irq.3", lambda s: interrupts(s, names))
    say("eth1 IRQs %s; affinity after: %s" % (read("irq.list").replace("\n", " "),
                                             read("irq.affinity").replace("\n", "; ")))
    say("input-queue interrupts before: %s, after: %s" % (fmt(ib), fmt(ia)))
    dump = lambda: story(recs, "irq") + "\n" + "\n".join(
        "%s: %s" % (name, l.strip()) for name in ("irq.0", "irq.1", "irq.2", "irq.3")
        for l in snap(name).get("interrupts", []) if re.search(r"virtio\d+-(in|out)put", l))
    moved = events(recs, "applied", "irq.affinity")
    result(len(moved) >= 1, "nettuned moved %d of eth1's queue IRQs off CPU 0" % len(moved), dump)
    result(ib and ia and sum(ib) >= 50 and share(ib, 0) >= 0.9 and share(ia, 1) >= 0.25,
           "the input-queue interrupts spread: CPU 1's share %.0f%% before, %.0f%% after"
           % (100 * share(ib or [], 1), 100 * share(ia or [], 1)), dump)
    result(events(recs, "verified", "irq.affinity") and not events(recs, "rolled-back"),
           "the change was verified, not rolled back", dump)


# ---- scenarios 3 and 4: ring resize in the disruptive window, EEE --------------------

def ring_window():
    recs = begin("scenario 3: a disruptive ring resize and the window (ring-window.sh)", "ring")
    if recs is None:
        return
    dump = lambda: story(recs, "ring")
    rings = [read("ring.%d" % i) for i in range(4)]
    carrier = [read("carrier.ring.%d" % i) for i in range(3)]
    say("ring.rx %s; carrier_changes %s; window outside %s, inside %s"
        % (" -> ".join(rings), " -> ".join(carrier), read("ring.window.outside"),
           read("ring.window.inside")))
    held = [r for r in events(recs, "held", "ring.rx") if r.get("NETTUNED_SAFETY") == "disruptive_window"]
    for r in held[:1]:
        say("held: " + r.get("MESSAGE", ""))
    result(held and rings[1] == "256",
           "outside the disruptive window the resize was held by safety, ring still %s" % rings[1], dump)
    applied = events(recs, "applied", "ring.rx")
    for r in applied:
        say("applied: %s" % r.get("MESSAGE", ""))
    result(applied and rings[0] == "256" and rings[2] == "1024",
           "inside the window (after SIGHUP) the ring grew: %s -> %s" % (rings[0], rings[2]), dump)
    ok = carrier[2].isdigit() and carrier[1].isdigit() and int(carrier[2]) > int(carrier[1])
    result(ok and applied and "reset the link" in applied[0].get("NETTUNED_DETAIL", ""),
           "the link reset was seen (carrier_changes %s -> %s) and reported" % (carrier[1], carrier[2]),
           dump)
    say("rollback: " + read("ring.rollback"))
    result(rings[2] == "1024" and rings[3] == "256",
           "nettuned rollback put %s back" % rings[3], lambda: read("ring.rollback"))

    print("# -- scenario 4: EEE on e1000e, which refuses even EEE_GET (ring-window.sh, actuators.sh)")
    eee = [r for r in recs if r.get("NETTUNED_KNOB") == "eee.enabled" or
           r.get("NETTUNED_RULE") == "lab-eee-under-load"]
    for r in eee:
        say("%s: %s" % (r["NETTUNED_EVENT"], r.get("MESSAGE", "")[:240]))
    advice = [r for r in eee if r["NETTUNED_EVENT"] == "advice"]
    tried = [r for r in eee if r["NETTUNED_EVENT"] in ("applied", "failed", "held", "rolled-back")]
    result(len(advice) == 1 and "EOPNOTSUPP" in advice[0].get("MESSAGE", "") and not tried,
           "the daemon said once that EEE is unsupported on eth0 and never tried to change it "
           "(%d advice, %d attempts)" % (len(advice), len(tried)), dump)
    prom = read("ring.running.prom")
    row = re.search(r'nettuned_device_source_readable\{device="eth0",source="ethtool-eee"\} (\d)', prom)
    rings_row = re.search(r'nettuned_device_source_readable\{device="eth0",source="ethtool-rings"\} (\d)', prom)
    result(row and row.group(1) == "0" and rings_row and rings_row.group(1) == "1",
           "its metrics show EEE unreadable on eth0 (%s) and its rings readable (%s)"
           % (row.group(1) if row else "missing", rings_row.group(1) if rings_row else "missing"),
           lambda: "\n".join(l for l in prom.splitlines() if "device_source" in l))
    left = read("ring.prom")
    result(re.search(r"^nettuned_running 0$", left, re.M) and "device_source" not in left,
           "the metrics file left at stop says it stopped (nettuned_running 0) without "
           "stale device rows", lambda: left)


def actuators():
    print("# -- the actuators from the command line (actuators.sh)")
    if not os.path.exists(path("actuators.done")):
        result(False, "the actuator scenario ran to its end in the guest",
               lambda: read("console.log")[-3000:])
        return

    def ring_rx(i):
        m = re.search(r"Current hardware settings:.*?\nRX:\s+(\d+)", read("rings.%d" % i), re.S)
        return m.group(1) if m else "?"
    c0, c1 = read("carrier.0"), read("carrier.1")
    say("ring.rx: %s before, %s after apply, %s after rollback; carrier_changes %s -> %s"
        % (ring_rx(0), ring_rx(1), ring_rx(2), c0, c1))
    say("apply: " + read("apply-ring.out"))
    result(read("apply-ring.rc") == "0" and ring_rx(0) == "256" and ring_rx(1) == "1024",
           "apply ring.rx 1024 on e1000e: ethtool -g shows 256 then 1024")
    result(c0.isdigit() and c1.isdigit() and int(c1) > int(c0) and "reset the link" in read("apply-ring.out"),
           "the resize reset the link (carrier_changes %s -> %s) and apply said so" % (c0, c1))
    say("rollback: " + read("rollback.out"))
    result(read("rollback.rc") == "0" and ring_rx(2) == "256", "nettuned rollback put 256 back")
    say("eee: " + read("apply-eee.out"))
    result(read("apply-eee.rc") not in ("", "0") and "EOPNOTSUPP" in read("apply-eee.out"),
           "apply eee.enabled off on e1000e: refused, naming EOPNOTSUPP")


def one_at_a_time():
    """No daemon changed a knob while another change of its was being verified."""
    bad = []
    for name in ("verify-fail", "squeeze", "rps", "irq", "ring"):
        open_rules = set()
        for r in records(name):
            ev, rule = r["NETTUNED_EVENT"], r.get("NETTUNED_RULE", "")
            if ev == "applied":
                if open_rules - {rule}:
                    bad.append("%s: %s while %s was verified" % (name, rule, sorted(open_rules)))
                open_rules.add(rule)
            elif ev in ("verified", "rolled-back"):
                open_rules.discard(rule)
    result(not bad, "one change at a time: no rule changed a knob while another's was verified",
           "\n".join(bad))


for scenario in (verify_fail, squeeze, rps, irq_spread, ring_window, actuators, one_at_a_time):
    scenario()
print("1..%d" % n)
sys.exit(min(failed, 100))
