#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The signal table of rules/README.md is what `nettuned check --list` says:
the same signals in the same order, each with the same scope, unit and
description. The list is defined once (tuned/model/signals.def); the README
copies it by hand, so this is what keeps the copy honest. TAP output."""

import os
import re
import subprocess
import sys

NT = os.environ["NT_NETTUNED"]
SRC = os.environ["NT_SOURCE_ROOT"]
README = os.path.join(SRC, "rules", "README.md")

results = []


def check(ok, name, diag=""):
    results.append((bool(ok), name, diag))


def listed():
    """(name, scope, unit, what) of each signal `check --list` prints."""
    out = subprocess.run([NT, "check", "--list"], capture_output=True, text=True,
                         timeout=30)
    check(out.returncode == 0, "check --list exits 0", out.stderr)
    rows, inside = [], False
    for line in out.stdout.splitlines():
        if line.startswith("Signals"):
            inside = True
            continue
        if not inside:
            continue
        if not line.strip():
            break
        cols = line.split(None, 3)
        if cols[0] == "NAME":
            continue
        if len(cols) != 4:
            check(False, "check --list: a signal line has four columns", line)
            continue
        rows.append(tuple(cols))
    return rows


ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+?) \| ([^|]+?) \| (.*?) \|$")


def documented():
    """(name, scope, unit, what) of each row of the README's Signals table."""
    rows, section, table = [], False, False
    with open(README, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("## "):
                section = line == "## Signals"
                continue
            if not section:
                continue
            if line.startswith("| signal |"):
                table = True
                continue
            if table and line.startswith("|---"):
                continue
            if table and not line.startswith("|"):
                break
            if table:
                m = ROW.match(line)
                if not m:
                    check(False, "rules/README.md: a signal row has four columns", line)
                    continue
                rows.append(m.groups())
    return rows


code = listed()
docs = documented()
check(len(code) > 30, "check --list prints the signals", "%d signals" % len(code))
check(docs, "rules/README.md has a Signals table")

code_names = [r[0] for r in code]
docs_names = [r[0] for r in docs]
for name in code_names:
    check(name in docs_names, "%s is documented in rules/README.md" % name)
for name in docs_names:
    check(name in code_names, "%s in rules/README.md is a signal of check --list" % name)
check(code_names == docs_names, "rules/README.md lists the signals in check --list's order",
      "check --list: %s\nREADME:       %s" % (code_names, docs_names))

by_name = {r[0]: r for r in docs}
for name, scope, unit, what in code:
    d = by_name.get(name)
    if not d:
        continue
    check(d[1] == scope, "%s: scope" % name, "check --list %r, README %r" % (scope, d[1]))
    check(d[2] == unit, "%s: unit" % name, "check --list %r, README %r" % (unit, d[2]))
    check(d[3] == what, "%s: description" % name,
          "check --list: %s\nREADME:        %s" % (what, d[3]))

print("1..%d" % len(results))
failed = 0
for i, (ok, name, diag) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok:
        failed += 1
        for line in str(diag).splitlines():
            print("# " + line)
sys.exit(1 if failed else 0)
