#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Exported names say where they live (README, "Layout"). Every symbol the
static library exports (nm -g --defined-only) starts with its folder's
name, the name of one of its folder's headers, or the name of the file
that defines it, then "_" (engine_step, rates_softnet, verify_open);
exceptions are listed with their reason in prefix-allowlist. Fails naming
each symbol, its file and what it could start with."""
import os
import subprocess
import sys


def allowlist(path):
	names = {}
	with open(path) as f:
		for line in f:
			line = line.split('#', 1)[0].strip()
			if line:
				sym, _, why = line.partition(' ')
				names[sym] = why.strip()
	return names


def main(lib, root):
	tuned = os.path.join(root, 'tuned')
	headers = {}
	for folder in os.listdir(tuned):
		path = os.path.join(tuned, folder)
		if os.path.isdir(path):
			headers[folder] = [folder] + [f[:-2] for f in os.listdir(path) if f.endswith('.h')]
	allowed = allowlist(os.path.join(root, 'tests', 'layout', 'prefix-allowlist'))
	nm = subprocess.run(['nm', '-g', '--defined-only', lib], capture_output=True, text=True,
			    check=True).stdout
	member, total, bad, used = None, 0, [], set()
	for line in nm.splitlines():
		if line.endswith('.o:'):
			# meson names archive members tuned_FOLDER_FILE.c.o
			member = line[:-len('.o:')].rsplit('/', 1)[-1]
			continue
		parts = line.split()
		if len(parts) != 3 or not member or not member.startswith('tuned_'):
			continue
		sym = parts[2]
		# the compiler's own (ASan's __odr_asan.*, coverage counters): not ours to name
		if sym.startswith('__'):
			continue
		folder = member[len('tuned_'):].split('_', 1)[0]
		if folder not in headers:
			continue
		source = member[len('tuned_') + len(folder) + 1:-len('.c')]
		total += 1
		prefixes = headers[folder] + [source]
		if any(sym == p or sym.startswith(p + '_') for p in prefixes):
			continue
		if sym in allowed:
			used.add(sym)
			continue
		bad.append('%s (tuned/%s/%s.c): starts with none of %s' %
			   (sym, folder, source, ', '.join(sorted(set(p + '_' for p in prefixes)))))
	for sym in sorted(set(allowed) - used):
		bad.append('%s: in prefix-allowlist but not exported without a prefix any more' % sym)
	for b in bad:
		print('not ok: ' + b)
	print('%d exported symbols, %d allowed by the list, %d without their prefix'
	      % (total, len(used), len(bad)))
	return 1 if bad or not total else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1], sys.argv[2]))
