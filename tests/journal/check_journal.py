#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks for tests/journal: what audit_journal logged against what
`journalctl -o json` reads back, and the message catalog. Each mode exits
0 or 1 and explains failures as TAP comments ("# ...").

The expectations here are written independently of tuned/audit/: event
names, default priorities and field names come from the specification,
not from the code under test.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

NAMES = ["recommended", "applied", "failed", "verified", "rolled-back", "held",
         "manual", "reset", "advice", "restored", "daemon", "config-error", "lost"]
PRIO = {"failed": 4, "rolled-back": 4, "config-error": 4, "lost": 4,
        "applied": 5, "verified": 5, "manual": 5, "reset": 5, "restored": 5,
        "daemon": 5, "recommended": 6, "held": 6, "advice": 6}
STRINGS = ["rule", "knob", "device", "from", "to", "mode", "evidence", "safety",
           "detail", "state"]

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("# " + msg.replace("\n", "\\n"))


def note(msg):
    print("# " + msg)


def load_all(path):
    """The driver's JSON objects, one per line."""
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def load(path):
    return load_all(path)[0]


def value(v):
    """journalctl -o json gives binary-unsafe values as arrays of bytes."""
    if isinstance(v, list) and v and all(isinstance(x, int) for x in v):
        return bytes(v).decode("utf-8", "replace")
    return v


def journal(jdir, pid, want=None, timeout=15.0):
    """Entries of @pid; polls until want(entries) holds or @timeout."""
    deadline = time.monotonic() + timeout
    while True:
        out = subprocess.run(["journalctl", "-D", jdir, "-o", "json", "--no-pager",
                              "_PID=%d" % pid], capture_output=True, text=True).stdout
        entries = [{k: value(v) for k, v in json.loads(l).items()}
                   for l in out.splitlines() if l.strip()]
        if want is None or want(entries) or time.monotonic() > deadline:
            return entries
        time.sleep(0.2)


def expected(e, ids):
    name = NAMES[e["event"]]
    exp = {"MESSAGE_ID": ids[e["event"]], "SYSLOG_IDENTIFIER": "nettuned",
           "NETTUNED_EVENT": name,
           "PRIORITY": str(e["priority"] if e["priority"] >= 0 else PRIO[name])}
    for k in STRINGS:
        if e.get(k):
            exp["NETTUNED_" + k.upper()] = e[k]
    for k in ("queue", "irq"):
        if e[k] >= 0:
            exp["NETTUNED_" + k.upper()] = str(e[k])
    return exp


def check_entry(e, got, ids):
    exp = expected(e, ids)
    for k, v in exp.items():
        if got.get(k) != v:
            fail("%s: %s is %r, expected %r" % (exp["NETTUNED_EVENT"], k, got.get(k), v))
    for k in got:
        if k.startswith("NETTUNED_") and k not in exp:
            fail("%s: unexpected field %s=%r" % (exp["NETTUNED_EVENT"], k, got[k]))
    msg = got.get("MESSAGE") or ""
    if e.get("detail") and e["detail"] not in msg:
        fail("%s: MESSAGE %r lacks the detail" % (exp["NETTUNED_EVENT"], msg))
    if e["event"] != NAMES.index("daemon") and e["event"] != NAMES.index("config-error"):
        if e.get("knob") and e["knob"] not in msg:
            fail("%s: MESSAGE %r lacks the knob" % (exp["NETTUNED_EVENT"], msg))
        if e.get("from") and e.get("to") and "%s \u2192 %s" % (e["from"], e["to"]) not in msg:
            fail("%s: MESSAGE %r lacks from -> to" % (exp["NETTUNED_EVENT"], msg))


def mode_ids(ids_path):
    d = load(ids_path)
    ids = [ev["id"] for ev in d["events"]]
    if [ev["name"] for ev in d["events"]] != NAMES:
        fail("event names %r" % [ev["name"] for ev in d["events"]])
    for ev in d["events"]:
        if ev["priority"] != PRIO[ev["name"]]:
            fail("%s: default priority %d" % (ev["name"], ev["priority"]))
    for i in ids + [d["flood_id"]]:
        if not re.fullmatch(r"[0-9a-f]{32}", i):
            fail("MESSAGE_ID %r is not 32 lowercase hex digits" % i)
    if len(set(ids + [d["flood_id"]])) != len(ids) + 1:
        fail("MESSAGE_IDs are not unique")
    return ids


def mode_fields(ids_path, out_path, jdir):
    ids = mode_ids(ids_path)
    d = load(out_path)
    n = len(d["entries"])
    got = journal(jdir, d["pid"], lambda es: len(es) >= n)
    by_detail = {g.get("NETTUNED_DETAIL"): g for g in got}
    for e in d["entries"]:
        g = by_detail.get(e["detail"])
        if not g:
            fail("%s: not in the journal" % NAMES[e["event"]])
            continue
        check_entry(e, g, ids)
    if len(got) != n:
        fail("%d entries in the journal, expected %d" % (len(got), n))
    if d["stats"]["logged"] != n or d["stats"]["fallback"] or d["stats"]["dropped"]:
        fail("stats %r" % d["stats"])
    note("fields: %d event types read back from the journal, %d checked fields" %
         (n, sum(len(expected(e, ids)) for e in d["entries"])))


def mode_flood(out_path, jdir, count):
    d = load(out_path)
    time.sleep(1)
    got = journal(jdir, d["pid"], lambda es: len(es) >= 1)
    note("flood: %s entries logged %d times -> %d in the journal, %d suppressed" %
         ("same", count, len(got), d["stats"]["suppressed"]))
    if not 1 <= len(got) <= 2:
        fail("%d journal entries for one finding logged %d times" % (len(got), count))
    if d["stats"]["logged"] + d["stats"]["suppressed"] != count:
        fail("stats %r" % d["stats"])


def mode_rawblock(out_path, qlen):
    d = load(out_path)
    note("sd_journal_sendv with journald SIGSTOPped: %d returned (max %.6f s each), "
         "then blocked > %.1f s (net.unix.max_dgram_qlen %d)" %
         (d["returned"], d["max_returned_s"], d["waited_s"], qlen))
    if not d["blocked"]:
        fail("sd_journal_sendv did not block")
    if d["returned"] > qlen + 1 or d["errors"]:
        fail("returned %d (errors %d), expected at most %d" % (d["returned"], d["errors"], qlen + 1))


def mode_stopped(out_path):
    d = load(out_path)
    s = d["stopped"]
    note("journald stopped: max audit_log %.6f s, all entries in %.3f s, dropped %d, "
         "handed to the sink %d" % (s["max_enqueue_s"], d["log_all_s"], s["dropped"], s["logged"]))
    if s["max_enqueue_s"] >= 1.0:
        fail("audit_log took %.3f s with journald stopped" % s["max_enqueue_s"])
    if s["dropped"] == 0:
        fail("nothing dropped: the queue cannot have held everything")


def mode_stuckclose(out_path):
    d = load(out_path)
    note("audit_close(%.1f s) with journald stopped returned in %.3f s" %
         (d["timeout_s"], d["close_s"]))
    if not d["timeout_s"] * 0.9 <= d["close_s"] < d["timeout_s"] + 1.0:
        fail("close took %.3f s" % d["close_s"])


def mode_resumed(out_path, jdir, ids_path, count):
    ids = mode_ids(ids_path)
    d0, d1 = load_all(out_path)[:2]
    dropped = d0["stopped"]["dropped"]
    got = journal(jdir, d0["pid"],
                  lambda es: sum(1 for e in es if e.get("NETTUNED_EVENT") == "applied")
                  >= count - dropped)
    lost = [e for e in got if e.get("NETTUNED_EVENT") == "lost"]
    applied = [e for e in got if e.get("NETTUNED_EVENT") == "applied"]
    nlost = sum(int(e.get("NETTUNED_LOST", "0")) for e in lost)
    note("journald continued: flushed in %.3f s, %d lost report(s) for %d entries, "
         "%d entries arrived" % (d1["flush_s"], len(lost), nlost, len(applied)))
    if d1["flush"] != 0:
        fail("audit_flush: %d" % d1["flush"])
    if not lost:
        fail("no NT_EV_LOST entry in the journal")
    for e in lost:
        if e.get("MESSAGE_ID") != ids[NAMES.index("lost")] or e.get("PRIORITY") != "4":
            fail("lost entry %r" % e)
        if "audit entries lost while the journal was not accepting them" not in e.get("MESSAGE", ""):
            fail("lost MESSAGE %r" % e.get("MESSAGE"))
    if nlost != d1["after"]["dropped"] or nlost != dropped:
        fail("NETTUNED_LOST adds up to %d, the driver dropped %d" % (nlost, dropped))
    if len(applied) != count - dropped:
        fail("%d entries arrived, expected %d" % (len(applied), count - dropped))


def mode_fallback(out_path, err_path, count, jdir, want_sink):
    d = load(out_path)
    with open(err_path) as f:
        lines = [l for l in f.read().splitlines() if l.startswith("nettuned: MESSAGE_ID=")]
    st = d["stats"]
    note("fallback (%s sink): %d to stderr, stats logged %d fallback %d dropped %d" %
         (d["sink"], len(lines), st["logged"], st["fallback"], st["dropped"]))
    if d["sink"] != want_sink:
        fail("sink %s, expected %s" % (d["sink"], want_sink))
    if len(lines) != count or st["logged"] != count or st["dropped"]:
        fail("%d stderr lines, stats %r, expected %d" % (len(lines), st, count))
    if want_sink == "journal" and st["fallback"] != count:
        fail("fallback %d, expected %d" % (st["fallback"], count))
    if journal(jdir, d["pid"], timeout=0):
        fail("entries reached the journal although journald was gone")


def mode_catalog(catalog, ids_path):
    ids = mode_ids(ids_path) + [load(ids_path)["flood_id"]]
    with open(catalog) as f:
        text = f.read()
    heads = re.findall(r"^-- ([0-9a-f]{32})$", text, re.M)
    if sorted(heads) != sorted(ids):
        fail("catalog ids %r, expected %r" % (sorted(heads), sorted(ids)))
    for block in re.split(r"^-- [0-9a-f]{32}\n", text, flags=re.M)[1:]:
        for key in ("Subject:", "Defined-By: nettuned", "Documentation:"):
            if not re.search("^" + re.escape(key), block, re.M):
                fail("catalog entry %r lacks %s" % (block[:40], key))
    if not shutil.which("journalctl"):
        note("no journalctl: catalog not compiled")
        return
    root = tempfile.mkdtemp(prefix="nt-catalog.")
    try:
        os.makedirs(root + "/usr/lib/systemd/catalog")
        shutil.copy(catalog, root + "/usr/lib/systemd/catalog/")
        subprocess.run(["journalctl", "--root=" + root, "--update-catalog"], check=True)
        out = subprocess.run(["journalctl", "--root=" + root, "--list-catalog"],
                             capture_output=True, text=True, check=True).stdout
        listed = re.findall(r"^([0-9a-f]{32}) nettuned: ", out, re.M)
        if sorted(listed) != sorted(ids):
            fail("journalctl --list-catalog shows %r" % sorted(listed))
        note("catalog: %d entries compiled by journalctl --update-catalog" % len(listed))
    finally:
        shutil.rmtree(root)


def main(argv):
    mode = argv[1]
    if mode == "catalog":
        # TAP of its own: it runs as a test without journald
        ids = tempfile.NamedTemporaryFile("w+", delete=False)
        subprocess.run([argv[3], "ids"], stdout=ids, check=True)
        ids.close()
        mode_catalog(argv[2], ids.name)
        os.unlink(ids.name)
        print("%s 1 - catalog has one entry per MESSAGE_ID" % ("not ok" if failures else "ok"))
        print("1..1")
        return 0
    if mode == "fields":
        mode_fields(argv[2], argv[3], argv[4])
    elif mode == "flood":
        mode_flood(argv[2], argv[3], int(argv[4]))
    elif mode == "rawblock":
        mode_rawblock(argv[2], int(argv[3]))
    elif mode == "stopped":
        mode_stopped(argv[2])
    elif mode == "stuckclose":
        mode_stuckclose(argv[2])
    elif mode == "resumed":
        mode_resumed(argv[2], argv[3], argv[4], int(argv[5]))
    elif mode == "fallback":
        mode_fallback(argv[2], argv[3], int(argv[4]), argv[5], argv[6])
    else:
        print("# unknown mode %s" % mode)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
