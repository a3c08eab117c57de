#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The folder graph of tuned/ (README, "Layout"): a folder includes only
folders on a lower level, so the graph has no cycle and each folder's
place in it is written down once, here. Fails on every include against
that direction, naming the file, the line and both folders."""
import os
import re
import sys

# lowest first; a folder may include its own headers and those of lower levels
LEVELS = [
	['util'],
	['model'],
	['bpf', 'ethtool', 'audit'],
	['sample'],
	['config', 'state'],
	['engine', 'act'],
	['present', 'metrics'],
	['daemon'],
	['cmd'],
]
LEVEL = {f: i for i, names in enumerate(LEVELS) for f in names}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z0-9_]+)/')


def graph_lines(seen):
	"""One line per folder, highest level first: what it includes."""
	out = []
	for names in reversed(LEVELS):
		for folder in names:
			to = sorted((t for f, t in seen if f == folder), key=lambda t: (-LEVEL.get(t, 99), t))
			out.append('%-8s -> %s' % (folder, ' '.join(to) if to else '(nothing)'))
	return out


def readme_graph(root):
	"""The lines between the folder-graph markers of README.md."""
	with open(os.path.join(root, 'README.md')) as f:
		text = f.read()
	begin, end = '<!-- folder-graph: begin -->', '<!-- folder-graph: end -->'
	if begin not in text or end not in text:
		return None
	block = text.split(begin, 1)[1].split(end, 1)[0]
	return [l for l in block.splitlines() if l.strip() and not l.startswith('```')]


def main(root):
	top = os.path.join(root, 'tuned')
	bad, seen = [], set()
	for folder in sorted(os.listdir(top)):
		path = os.path.join(top, folder)
		if not os.path.isdir(path):
			continue
		if folder not in LEVEL:
			bad.append('tuned/%s/: a folder with no level in tests/layout/check_includes.py'
				   % folder)
			continue
		for dirpath, _, files in os.walk(path):
			for name in sorted(files):
				if not name.endswith(('.c', '.h')):
					continue
				file = os.path.join(dirpath, name)
				with open(file, errors='replace') as f:
					for n, line in enumerate(f, 1):
						m = INCLUDE.match(line)
						if not m or m.group(1) == folder:
							continue
						to = m.group(1)
						seen.add((folder, to))
						if to not in LEVEL or LEVEL[to] >= LEVEL[folder]:
							bad.append('%s:%d: %s/ includes %s/, against the '
								   'folder direction' % (os.path.relpath(file, root),
								   n, folder, to))
	shown = readme_graph(root)
	if shown != graph_lines(seen):
		bad.append('README.md: the folder graph between the folder-graph markers is not the '
			   'one the includes make; it is:\n' + '\n'.join(graph_lines(seen)))
	for b in bad:
		print('not ok: ' + b)
	print('%d folders, %d folder edges, %d against the direction'
	      % (len(LEVEL), len(seen), len(bad)))
	return 1 if bad else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else
		      os.path.join(os.path.dirname(__file__), '..', '..')))
