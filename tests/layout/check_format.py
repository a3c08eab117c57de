#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Every C source under tuned/ and tests/ is as .clang-format says.

Runs `clang-format --dry-run -Werror` (clang-format 14, Debian 12's) on
each file; a file it would change fails the check with the first lines
of the change. Fix with: clang-format -i FILE (or every file: see the
README's Layout section).

usage: check_format.py SOURCE_ROOT [CLANG_FORMAT]
"""
import difflib
import os
import subprocess
import sys

root = sys.argv[1]
tool = sys.argv[2] if len(sys.argv) > 2 else "clang-format"

files = []
for top in ("tuned", "tests"):
    for d, _, names in os.walk(os.path.join(root, top)):
        files += [os.path.join(d, n) for n in names if n.endswith((".c", ".h"))]
files.sort()
if not files:
    print("not ok 1 - no C files under %s/tuned and %s/tests" % (root, root))
    sys.exit(1)

# one run over every file (fast); then the diff of each file it names
r = subprocess.run([tool, "--style=file", "--dry-run", "-Werror"] + files,
                   capture_output=True, text=True)
named = sorted({line.split(":", 1)[0] for line in r.stderr.splitlines()
                if ": error: code should be clang-formatted" in line})
if r.returncode and not named:
    print("1..1\nnot ok 1 - %s failed (exit %d): %s" % (tool, r.returncode, r.stderr[:400]))
    sys.exit(1)
bad = []
for f in named:
    with open(f) as src:
        text = src.read()
    out = subprocess.run([tool, "--style=file", f], capture_output=True, text=True).stdout
    diff = list(difflib.unified_diff(text.splitlines(), out.splitlines(),
                                     os.path.relpath(f, root), "clang-format", lineterm="", n=1))
    bad.append((os.path.relpath(f, root), diff[:12]))

print("1..1")
if bad:
    print("not ok 1 - %d of %d C files are not as .clang-format says (clang-format -i FILE)"
          % (len(bad), len(files)))
    for name, diff in bad:
        print("# %s" % name)
        for line in diff:
            print("#   %s" % line)
    sys.exit(1)
print("ok 1 - %d C files under tuned/ and tests/ are as .clang-format says" % len(files))
