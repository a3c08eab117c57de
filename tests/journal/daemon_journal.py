#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
The daemon under a real journald (started by daemon_journal.sh): `nettuned
run` in enforce mode against a fixture tree whose softnet counters squeeze,
logging with --log auto (the journal). Read back with journalctl -o json:
the started / applied / held / stopping entries with their MESSAGE_IDs and
fields, one held entry however many cycles repeat it, and, with journald
stopped (SIGSTOP) mid-run, the daemon's cycles going on without waiting for
it, measured from status.json.

usage: daemon_journal.py NETTUNED FIXTURES JOURNALD_PID JOURNAL_DIR
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

APPLIED_ID = "db647cccbd6b4ef5a208068ccc821111"
n = 0
failed = 0


def result(ok, desc):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n, desc), flush=True)


def rewrite(path, fn):
    with open(path) as f:
        text = f.read()
    with open(path + ".tmp", "w") as f:
        f.write(fn(text))
    os.rename(path + ".tmp", path)


def step(tree, squeeze):
    def soft(text):
        rows = []
        for line in text.splitlines():
            f = [int(x, 16) for x in line.split()]
            f[0] += 20000
            f[2] += squeeze
            rows.append(" ".join("%08x" % x for x in f))
        return "\n".join(rows) + "\n"

    def softirqs(text):
        rows = []
        for line in text.splitlines():
            if "NET_RX:" in line:
                vals = [int(x) + 5000 for x in line.split()[1:]]
                line = "      NET_RX:" + "".join("%11d" % v for v in vals)
            rows.append(line)
        return "\n".join(rows) + "\n"

    rewrite(os.path.join(tree, "proc/net/softnet_stat"), soft)
    rewrite(os.path.join(tree, "proc/softirqs"), softirqs)
    rewrite(os.path.join(tree, "timestamp"), lambda s: "%.3f\n" % (float(s) + 1.0))


def status(run):
    try:
        with open(os.path.join(run, "status.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def wait_cycles(run, want, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if status(run).get("cycles", -1) >= want:
            return True
        time.sleep(0.02)
    return False


def journal(jdir, pid):
    subprocess.run(["journalctl", "--sync"], timeout=10, check=False,
                   stderr=subprocess.DEVNULL)
    out = subprocess.run(["journalctl", "-D", jdir, "-o", "json", "--no-pager",
                          "_PID=%d" % pid], capture_output=True, text=True,
                         timeout=30).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def main(argv):
    nettuned, fixtures, jpid, jdir = argv[1], argv[2], int(argv[3]), argv[4]
    tmp = tempfile.mkdtemp(prefix="nt-dj.")
    tree, run = os.path.join(tmp, "tree"), os.path.join(tmp, "run")
    shutil.copytree(os.path.join(fixtures, "vm2-virtio", "0000"), tree)
    policy = os.path.join(tmp, "policy.conf")
    with open(policy, "w") as f:
        f.write("[general]\nmode = enforce\ninterval = 50ms\n"
                "[safety]\nsustain = 2\nverify = 0\ncooldown = 1h\n")
    daemon = subprocess.Popen([nettuned, "run", "--policy", policy, "--root", tree,
                               "--state-dir", os.path.join(tmp, "state"),
                               "--runtime-dir", run, "--log", "auto"],
                              stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(0.3)
        for i in range(12):
            step(tree, 100)
            wait_cycles(run, i + 1)
        result(status(run).get("changes") == 1, "the daemon applied one change (status.json)")

        # journald stopped: the cycles must go on (the writer thread waits, not the loop)
        os.kill(jpid, signal.SIGSTOP)
        before = status(run).get("cycles", 0)
        t0 = time.monotonic()
        for i in range(20):
            # a reload entry is never rate-limited: 20 of them overflow the
            # socket's queue (net.unix.max_dgram_qlen) while journald sleeps
            daemon.send_signal(signal.SIGHUP)
            step(tree, 100)
            wait_cycles(run, before + i + 1, timeout=5.0)
        spent = time.monotonic() - t0
        after = status(run).get("cycles", 0)
        os.kill(jpid, signal.SIGCONT)
        print("# journald stopped: %d cycles in %.2f s, longest cycle %.4f s"
              % (after - before, spent, status(run).get("cycle_max_s", -1)))
        result(after - before == 20, "20 cycles and 20 reloads ran while journald was stopped")
        result(status(run).get("cycle_max_s", 99) < 1.0,
               "no cycle waited on the journal (longest under 1 s)")
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            _, err = daemon.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            daemon.kill()
            _, err = daemon.communicate()
    result(daemon.returncode == 0, "SIGTERM: exit 0 (got %s)" % daemon.returncode)
    result("MESSAGE_ID=" not in err, "nothing fell back to stderr while the journal was there")

    entries = journal(jdir, daemon.pid)
    events = [e.get("NETTUNED_EVENT") for e in entries]
    print("# journal entries of the daemon: %s" % events)
    applied = [e for e in entries if e.get("NETTUNED_EVENT") == "applied"]
    ok = (len(applied) == 1 and applied[0].get("MESSAGE_ID") == APPLIED_ID and
          applied[0].get("NETTUNED_KNOB") == "net.core.netdev_budget" and
          applied[0].get("NETTUNED_FROM") == "300" and applied[0].get("NETTUNED_TO") == "600" and
          applied[0].get("NETTUNED_RULE") == "budget-squeeze" and
          applied[0].get("NETTUNED_MODE") == "enforce" and
          applied[0].get("PRIORITY") == "5" and "time_squeeze" in
          applied[0].get("NETTUNED_EVIDENCE", ""))
    result(ok, "one applied entry: MESSAGE_ID, knob, from/to, rule, mode, priority, evidence")
    held = [e for e in entries if e.get("NETTUNED_EVENT") == "held"]
    result(len(held) == 1 and held[0].get("NETTUNED_SAFETY") == "cooldown",
           "the cooldown hold repeated for ~30 cycles is one entry (got %d)" % len(held))
    states = [e.get("NETTUNED_STATE") for e in entries if e.get("NETTUNED_EVENT") == "daemon"]
    result(states[:1] == ["started"] and states[-1:] == ["stopping"],
           "daemon started ... stopping (got %d entries)" % len(states))
    result(states.count("reloaded") == 20,
           "the 20 reload entries queued while journald was stopped all arrived (got %d)"
           % states.count("reloaded"))
    result(all(e.get("SYSLOG_IDENTIFIER") == "nettuned" for e in entries) and len(entries) >= 4,
           "every entry carries SYSLOG_IDENTIFIER=nettuned")
    shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
