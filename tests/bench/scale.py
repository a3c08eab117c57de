#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Live scaling benchmark (issue 19): the daemon's cycle on a host with many
devices it does not watch. For each number of veth pairs, one network
namespace of its own with that many pairs, up, and in it:

  - `nettuned run --dry-run` with the default policy, then with the same
    policy and `exclude_virtual = no`; after SETTLE cycles, the process's
    CPU per cycle over CYCLES cycles (on-CPU nanoseconds of every thread,
    /proc/PID/task/*/schedstat, read half way between two cycles, which
    status.json's `samples` counter places), then the syscalls per cycle
    by kind over STRACE cycles (strace -f -c, outside the CPU window, since
    ptrace slows every syscall), then RssAnon and VmRSS;
  - node_exporter, when there is one, on 127.0.0.1 in the namespace,
    scraped once per cycle in the same window as the CPU measurement;
  - bench_live: allocations per steady-state cycle of the live sampler.

Then the namespace is deleted. Prints a table per policy and each goal of
the issue as MET, MISSED or SKIPPED. A benchmark, not a test: exits 0
whatever the figures, 1 when the harness itself fails, 0 with "SKIP" when
it cannot run here (not root).

	scale.py NETTUNED BENCH_LIVE POLICY NAMESPACE TMPDIR

Run through scale.sh, which names the namespace and the (empty) temporary
directory and removes both even when this process is killed. Environment:
NT_SCALE_PAIRS ("0 32 128 512"), NT_SCALE_CYCLES (60), NT_SCALE_SETTLE (3),
NT_SCALE_STRACE_CYCLES (10), NT_NODE_EXPORTER (default:
prometheus-node-exporter in PATH; "" for none).

`scale.py scrape PORT PID COUNT` and `scale.py warm PORT` are this
script's own helpers, run inside the namespace: the first waits for a
start time on stdin, then scrapes 127.0.0.1:PORT COUNT times, one per
interval, measuring process PID; the second waits for node_exporter to
answer and scrapes it a few times.
"""
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

NE_PORT = 9100			# the namespace's own loopback: no host port is taken
NE_COLLECTORS = [
	'--collector.disable-defaults',
	'--collector.softnet', '--collector.interrupts', '--collector.netdev',
	'--collector.netstat', '--collector.stat', '--collector.stat.softirq',
	'--collector.netclass', '--collector.ethtool',
]
# Prometheus asks for gzip; node_exporter's cost of a real scrape includes it
SCRAPE_HEADERS = {
	'Accept': 'text/plain;version=0.0.4;q=1,*/*;q=0.1',
	'Accept-Encoding': 'gzip',
}
START_TIMEOUT = 120.0		# a daemon's first cycles with 1024 devices, on a slow VM
STOP_TIMEOUT = 30.0

GOAL_CPU_MS = 2.0		# goal 1: at 128 pairs, default policy
GOAL_CPU_PAIRS = 128
GOAL_SYSCALL_SLACK = 0.10	# goal 2: largest against 0 pairs
GOAL_NE_RATIO = 20.0		# goal 3: at 0 and at 128 pairs
GOAL_NE_PAIRS = (0, 128)
GOAL_RSS_ANON_KB = 1024		# goal 4: at 128 pairs
GOAL_RSS_PAIRS = 128


class HarnessError(Exception):
	pass


class Interrupted(Exception):
	pass


def say(text=''):
	print(text, flush=True)


def note(text):
	say('# ' + text)


def env_int(name, default, low=0):
	raw = os.environ.get(name, '').strip()
	if not raw:
		return default
	try:
		value = int(raw)
	except ValueError:
		raise HarnessError('%s=%r is not a number' % (name, raw))
	if value < low:
		raise HarnessError('%s must be at least %d' % (name, low))
	return value


def env_pairs():
	raw = os.environ.get('NT_SCALE_PAIRS', '0 32 128 512')
	try:
		pairs = [int(x) for x in raw.replace(',', ' ').split()]
	except ValueError:
		raise HarnessError('NT_SCALE_PAIRS=%r: numbers of veth pairs' % raw)
	if not pairs or min(pairs) < 0 or max(pairs) > 4096:
		raise HarnessError('NT_SCALE_PAIRS=%r: from 0 to 4096 pairs' % raw)
	return pairs


def run(args, timeout=60, check=True, stdin=None):
	p = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=timeout)
	if check and p.returncode != 0:
		raise HarnessError('%s: exit %d: %s' % (' '.join(args), p.returncode,
							 (p.stderr or p.stdout).strip()))
	return p


# ---- /proc ---------------------------------------------------------------------

def task_cpu_ns(pid):
	"""On-CPU nanoseconds of every thread of @pid (schedstat's first field:
	user and system time, not rounded to ticks). A thread that has exited
	takes its time with it; the daemon and node_exporter keep theirs."""
	total = 0
	base = '/proc/%d/task' % pid
	for tid in os.listdir(base):
		try:
			with open('%s/%s/schedstat' % (base, tid)) as f:
				total += int(f.read().split()[0])
		except (FileNotFoundError, ProcessLookupError):
			pass
	return total


def proc_status_kb(pid, key):
	with open('/proc/%d/status' % pid) as f:
		for line in f:
			if line.startswith(key + ':'):
				return int(line.split()[1])
	return None


# ---- the namespace -------------------------------------------------------------

class Namespace:
	def __init__(self, name):
		self.name = name
		self.made = False

	def create(self, pairs):
		run(['ip', 'netns', 'add', self.name])
		self.made = True
		# no IPv6 autoconfiguration: 1024 devices sending router
		# solicitations and DAD probes would be traffic, and work
		run(self.exec(['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1',
			       'net.ipv6.conf.default.disable_ipv6=1']))
		# veth* as on a container host: the default policy's virtual list
		lines = ['link set lo up']
		for i in range(pairs):
			lines.append('link add veth%da type veth peer name veth%db' % (i, i))
		for i in range(pairs):
			lines.append('link set veth%da up' % i)
			lines.append('link set veth%db up' % i)
		run(['ip', '-n', self.name, '-batch', '-'], timeout=600,
		    stdin='\n'.join(lines) + '\n')
		out = run(['ip', '-n', self.name, '-o', 'link', 'show']).stdout
		return len(out.splitlines())

	def exec(self, args):
		return ['ip', 'netns', 'exec', self.name] + args

	def delete(self):
		if self.made:
			subprocess.run(['ip', 'netns', 'del', self.name], capture_output=True)
			self.made = False


# ---- processes -----------------------------------------------------------------

def start(args, log):
	"""In a session of its own: a ^C to the benchmark reaches only the
	benchmark, which stops what it started, in order."""
	with open(log, 'w') as f:
		return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=f,
					stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc, sig=signal.SIGTERM, timeout=STOP_TIMEOUT):
	if proc is None or proc.poll() is not None:
		return None if proc is None else proc.returncode
	proc.send_signal(sig)
	try:
		return proc.wait(timeout)
	except subprocess.TimeoutExpired:
		proc.kill()
		proc.wait()
		return None


def tail(path, lines=15):
	try:
		with open(path, errors='replace') as f:
			return ''.join(f.readlines()[-lines:])
	except OSError:
		return ''


class Daemon:
	def __init__(self, ns, binary, policy, tmp, log):
		state = os.path.join(tmp, 'state')
		self.runtime = os.path.join(tmp, 'run')
		os.makedirs(state)
		os.makedirs(self.runtime)
		self.status_path = os.path.join(self.runtime, 'status.json')
		self.log = log
		self.proc = start(ns.exec([binary, 'run', '--dry-run', '--policy', policy,
					   '--state-dir', state, '--runtime-dir', self.runtime,
					   '--metrics', '', '--log', 'stderr']), log)
		self.pid = None
		self.status_key, self.status_cache = None, None

	def status(self):
		"""status.json, parsed again only when a new one was renamed into
		place: polled every few ms while a cycle runs, it should cost the
		host (2 CPUs here) little."""
		try:
			st = os.stat(self.status_path)
			key = (st.st_ino, st.st_mtime_ns)
			if key != self.status_key:
				with open(self.status_path) as f:
					self.status_cache = json.load(f)
				self.status_key = key
		except (FileNotFoundError, ValueError):
			return None
		return self.status_cache

	def samples(self):
		"""Snapshots taken so far: one per timer tick on the live system
		(`cycles` does not count the first)."""
		st = self.status()
		if st is None:
			return None
		return st.get('samples', st.get('cycles'))

	def check_alive(self):
		if self.proc.poll() is not None:
			raise HarnessError('the daemon exited (%d):\n%s' % (self.proc.returncode,
									   tail(self.log)))

	def wait_samples(self, target, timeout, poll=0.02):
		"""Polls until `samples` reaches @target; returns the monotonic time
		it was seen (the end of that cycle, within @poll)."""
		end = time.monotonic() + timeout
		while True:
			n = self.samples()
			if n is not None and n >= target:
				return time.monotonic()
			self.check_alive()
			if time.monotonic() > end:
				raise HarnessError('the daemon took more than %.0f s to reach %d samples (at %s):\n%s'
						   % (timeout, target, n, tail(self.log)))
			time.sleep(poll)

	def settle(self, cycles):
		self.wait_samples(1 + cycles, START_TIMEOUT)
		st = self.status()
		self.pid = st.get('pid', self.proc.pid)
		# ip netns exec execs the daemon; status.json names it anyway
		if self.pid != self.proc.pid:
			note('the daemon runs as pid %d, not the started %d' % (self.pid, self.proc.pid))
		return st

	def align(self):
		"""Waits for the end of a cycle and returns the monotonic time half
		way through the idle gap after it, and the interval. The daemon's
		timer runs from its planned times, so the phase holds; after a
		cycle that overran, the next starts a full interval later."""
		n = self.samples()
		t_end = self.wait_samples(n + 1, START_TIMEOUT, poll=0.002)
		st = self.status()
		interval = float(st.get('interval_s', 1.0))
		cycle = float(st.get('cycle_s', 0.0))
		gap = interval - cycle if cycle < interval else interval
		return t_end + max(gap / 2, 0.01), interval

	def stop(self):
		rc = stop(self.proc)
		if rc != 0:
			raise HarnessError('the daemon did not stop cleanly (exit %s):\n%s'
					   % (rc, tail(self.log)))


# ---- measurements --------------------------------------------------------------

def sleep_until(t):
	dt = t - time.monotonic()
	if dt > 0:
		time.sleep(dt)


def cpu_window(daemon, cycles, scraper):
	"""CPU per cycle: schedstat read once per interval half way between
	cycles, so each difference holds one whole cycle. When an interval
	saw no cycle end or more than one (an overrun), its time is spread
	over the cycles that ended, and counted as unaligned."""
	t0, interval = daemon.align()
	if scraper:
		scraper.begin(t0, interval)
	ticks = []
	for k in range(cycles + 1):
		sleep_until(t0 + k * interval)
		ticks.append((task_cpu_ns(daemon.pid), daemon.samples()))
	daemon.check_alive()
	per_cycle, unaligned, acc_ns, acc_n = [], 0, 0, 0
	for (c0, s0), (c1, s1) in zip(ticks, ticks[1:]):
		acc_ns += c1 - c0
		acc_n += s1 - s0
		if s1 - s0 != 1:
			unaligned += 1
		if acc_n > 0:
			per_cycle += [acc_ns / acc_n / 1e6] * acc_n
			acc_ns, acc_n = 0, 0
	if not per_cycle:
		raise HarnessError('no cycle ended in %d intervals' % cycles)
	res = {
		'cpu_median': statistics.median(per_cycle),
		'cpu_max': max(per_cycle),
		'cpu_mean': (ticks[-1][0] - ticks[0][0]) / 1e6 / max(ticks[-1][1] - ticks[0][1], 1),
		'cycles': ticks[-1][1] - ticks[0][1],
		'unaligned': unaligned,
		'interval': interval,
	}
	if scraper:
		res.update(scraper.finish(cycles * 10 + 60))
		res['ne_ratio'] = res['ne_mean'] / res['cpu_mean'] if res['cpu_mean'] > 0 else None
	return res


STRACE_ROW = re.compile(r'^\s*(\d+)\s+(\S+)\s*$')


def strace_window(daemon, cycles, tmp):
	"""strace -f -c over @cycles whole cycles: attached in an idle gap,
	detached as soon as status.json counts the last of them (what follows
	the status file in a cycle is a few syscalls, then the wait)."""
	out = os.path.join(tmp, 'strace.out')
	err = os.path.join(tmp, 'strace.err')
	t0, _ = daemon.align()
	sleep_until(t0)
	proc = start(['strace', '-f', '-c', '-U', 'calls,name', '-S', 'calls', '-o', out,
		      '-p', str(daemon.pid)], err)
	try:
		end = time.monotonic() + 10
		while 'attached' not in tail(err):
			if proc.poll() is not None or time.monotonic() > end:
				raise HarnessError('strace -p %d did not attach: %s'
						   % (daemon.pid, tail(err).strip()))
			time.sleep(0.005)
		first = daemon.samples()
		# a cycle traced takes several times longer: no bound but START_TIMEOUT each
		daemon.wait_samples(first + cycles, START_TIMEOUT * cycles, poll=0.005)
		stop(proc, signal.SIGINT)
	finally:
		stop(proc, signal.SIGKILL)
	kinds, total = {}, None
	with open(out) as f:
		for line in f:
			m = STRACE_ROW.match(line)
			if not m:
				continue
			if m.group(2) == 'total':
				total = int(m.group(1))
			else:
				kinds[m.group(2)] = int(m.group(1)) / cycles
	if total is None:
		raise HarnessError('strace printed no summary:\n%s' % tail(out))
	return {'syscalls': total / cycles, 'kinds': kinds}


class Scraper:
	"""This script's `scrape` helper inside the namespace: node_exporter is
	on the namespace's loopback, which nothing outside it reaches."""

	def __init__(self, ns, ne_pid, count, tmp):
		self.log = os.path.join(tmp, 'scrape.err')
		with open(self.log, 'w') as err:
			self.proc = subprocess.Popen(
				ns.exec([sys.executable, os.path.abspath(__file__), 'scrape',
					 str(NE_PORT), str(ne_pid), str(count)]),
				stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
				text=True, start_new_session=True)

	def begin(self, t0, interval):
		self.proc.stdin.write('%.6f %.6f\n' % (t0, interval))
		self.proc.stdin.flush()

	def finish(self, timeout):
		try:
			out, _ = self.proc.communicate(timeout=timeout)
		except subprocess.TimeoutExpired:
			raise HarnessError('the scrapes took more than %d s' % timeout)
		if self.proc.returncode != 0:
			raise HarnessError('scraping node_exporter failed:\n%s' % tail(self.log))
		return json.loads(out)

	def kill(self):
		stop(self.proc, signal.SIGKILL)


def scrape_once(port):
	conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
	try:
		conn.request('GET', '/metrics', headers=SCRAPE_HEADERS)
		resp = conn.getresponse()
		body = resp.read()
		if resp.status != 200:
			raise HarnessError('node_exporter answered %d' % resp.status)
		return len(body)
	finally:
		conn.close()


def scrape_main(argv):
	"""The helper: up to COUNT scrapes from the start time read on stdin,
	one per interval (back to back when one takes longer, none started
	after the window's end: the same window as the daemon's); prints
	node_exporter's CPU over them as JSON."""
	port, pid, count = int(argv[0]), int(argv[1]), int(argv[2])
	t0, interval = (float(x) for x in sys.stdin.readline().split())
	end = t0 + count * interval
	sleep_until(t0)
	c0 = task_cpu_ns(pid)
	each, size = [], 0
	for k in range(count):
		sleep_until(t0 + k * interval)
		if k and time.monotonic() >= end:
			break
		a = task_cpu_ns(pid)
		size = scrape_once(port)
		each.append((task_cpu_ns(pid) - a) / 1e6)
	c1 = task_cpu_ns(pid)
	json.dump({'ne_mean': (c1 - c0) / 1e6 / len(each), 'ne_median': statistics.median(each),
		   'ne_bytes': size, 'ne_scrapes': len(each)}, sys.stdout)
	return 0


def warm_main(argv):
	"""The helper's other half: waits up to 30 s for node_exporter to
	answer, then scrapes it three times more."""
	port = int(argv[0])
	for _ in range(300):
		try:
			scrape_once(port)
			break
		except OSError:
			time.sleep(0.1)
	for _ in range(3):
		scrape_once(port)
	return 0


class NodeExporter:
	def __init__(self, ns, binary, log):
		self.proc = start(ns.exec([binary, '--web.listen-address=127.0.0.1:%d' % NE_PORT]
					  + NE_COLLECTORS), log)
		self.log = log
		self.pid = self.proc.pid

	def warm_up(self, ns, binary):
		"""Up, answering, and past its first scrapes (which set up what
		every later scrape reuses)."""
		p = run(ns.exec([sys.executable, os.path.abspath(__file__), 'warm', str(NE_PORT)]),
			timeout=300, check=False)
		if p.returncode != 0 or self.proc.poll() is not None:
			raise HarnessError('node_exporter did not answer on 127.0.0.1:%d:\n%s%s'
					   % (NE_PORT, p.stderr, tail(self.log)))
		# ip netns exec execs it: the pid started is node_exporter's
		exe = os.path.realpath('/proc/%d/exe' % self.pid)
		if exe != os.path.realpath(binary):
			raise HarnessError('pid %d is %s, not node_exporter' % (self.pid, exe))

	def stop(self):
		stop(self.proc)


# ---- the policies --------------------------------------------------------------

def virtual_policy(default, path):
	"""The default policy with `exclude_virtual = no` in [interfaces]: a
	policy cannot include another, and a key given twice is an error, so
	the copy drops the key where it is and says it at the section's top.
	A relative `rules =` directory is made absolute: it is relative to the
	policy file's directory, which the copy does not share."""
	out, section, done = [], None, False
	base = os.path.dirname(os.path.abspath(default))
	with open(default) as f:
		for line in f:
			m = re.match(r'^\s*\[([^\]]*)\]', line)
			if m:
				section = m.group(1).strip()
				out.append(line)
				if section == 'interfaces' and not done:
					out.append('exclude_virtual = no\n')
					done = True
				continue
			key, eq, value = line.partition('=')
			key = key.strip()
			if eq and section == 'interfaces' and key == 'exclude_virtual':
				continue
			if eq and section == 'general' and key == 'rules':
				value = value.strip()
				if value and not os.path.isabs(value):
					line = 'rules = %s\n' % os.path.join(base, value)
			out.append(line)
	if not done:
		out.append('\n[interfaces]\nexclude_virtual = no\n')
	with open(path, 'w') as f:
		f.write('# %s with exclude_virtual = no (tests/bench/scale.py)\n' % default)
		f.writelines(out)


# ---- bench_live ----------------------------------------------------------------

def bench_live(ns, binary):
	p = run(ns.exec([binary, '-w', '5', '-n', '20', '-i', '0.1']), timeout=600, check=False)
	for line in p.stdout.splitlines():
		if line.startswith('bench-live:'):
			fields = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
			if p.returncode == 0:
				return fields
	raise HarnessError('bench_live failed (%d): %s' % (p.returncode,
							   (p.stderr or p.stdout).strip()))


# ---- report --------------------------------------------------------------------

def fmt(value, spec):
	return '-' if value is None else format(value, spec)


def table(rows, with_ne):
	head = ('%5s %7s %8s %8s %8s %9s %8s %8s' %
		('pairs', 'devices', 'cpu_med', 'cpu_max', 'cpu_mean', 'syscalls', 'RssAnon', 'VmRSS'))
	unit = ('%5s %7s %8s %8s %8s %9s %8s %8s' %
		('', '', 'ms', 'ms', 'ms', '/cycle', 'kB', 'kB'))
	if with_ne:
		head += ' %9s %6s' % ('ne_scrape', 'ratio')
		unit += ' %9s %6s' % ('ms', '')
	head += ' %7s' % 'allocs'
	unit += ' %7s' % '/cycle'
	say(head)
	say(unit)
	for r in rows:
		line = ('%5d %7d %8s %8s %8s %9s %8s %8s' %
			(r['pairs'], r['devices'], fmt(r.get('cpu_median'), '.2f'),
			 fmt(r.get('cpu_max'), '.2f'), fmt(r.get('cpu_mean'), '.2f'),
			 fmt(r.get('syscalls'), '.0f'), fmt(r.get('rss_anon'), 'd'),
			 fmt(r.get('vm_rss'), 'd')))
		if with_ne:
			line += ' %9s %6s' % (fmt(r.get('ne_mean'), '.2f'), fmt(r.get('ne_ratio'), '.1f'))
		line += ' %7s' % fmt(r.get('allocs'), '.2f')
		say(line)
	say('syscalls per cycle by kind:')
	for r in rows:
		kinds = sorted(r.get('kinds', {}).items(), key=lambda kv: -kv[1])
		top = ', '.join('%s %.0f' % kv for kv in kinds[:8])
		rest = sum(v for _, v in kinds[8:])
		if rest:
			top += ', other %.0f' % rest
		say('  %4d pairs: %s' % (r['pairs'], top or '-'))
	for r in rows:
		if r.get('ne_scrapes') is not None and r['ne_scrapes'] < r['cycles']:
			say('  %4d pairs: node_exporter answered %d scrapes in the window of %d cycles '
			    '(each took more than an interval)' % (r['pairs'], r['ne_scrapes'], r['cycles']))
	unaligned = [r for r in rows if r.get('unaligned')]
	for r in unaligned:
		say('  %4d pairs: %d of the intervals saw no cycle end or more than one '
		    '(overrun); their CPU is spread over the cycles that ended' %
		    (r['pairs'], r['unaligned']))


def goals(default_rows, have_ne, live_allocs):
	by = {r['pairs']: r for r in default_rows}

	def verdict(ok):
		return 'MET' if ok else 'MISSED'

	r = by.get(GOAL_CPU_PAIRS)
	if r:
		say('goal 1 %s: %d pairs (%d veths), default policy: median %.2f ms CPU per cycle '
		    '(max %.2f; goal at most %.0f ms)' %
		    (verdict(r['cpu_median'] <= GOAL_CPU_MS), GOAL_CPU_PAIRS, 2 * GOAL_CPU_PAIRS,
		     r['cpu_median'], r['cpu_max'], GOAL_CPU_MS))
	else:
		say('goal 1 SKIPPED: %d pairs not measured (NT_SCALE_PAIRS)' % GOAL_CPU_PAIRS)

	measured = sorted(p for p, r in by.items() if r.get('syscalls') is not None)
	if len(measured) >= 2:
		lo, hi = by[measured[0]], by[measured[-1]]
		diff = (hi['syscalls'] - lo['syscalls']) / lo['syscalls'] if lo['syscalls'] else 0
		say('goal 2 %s: syscalls per cycle, default policy: %.0f at %d pairs against %.0f at '
		    '%d pairs (%+.1f%%; goal within %.0f%%)' %
		    (verdict(abs(diff) <= GOAL_SYSCALL_SLACK), hi['syscalls'], hi['pairs'],
		     lo['syscalls'], lo['pairs'], diff * 100, GOAL_SYSCALL_SLACK * 100))
	else:
		say('goal 2 SKIPPED: needs two numbers of pairs (NT_SCALE_PAIRS)')

	if not have_ne:
		say('goal 3 SKIPPED: no node_exporter (install prometheus-node-exporter or set '
		    'NT_NODE_EXPORTER)')
	else:
		parts, ok, seen = [], True, 0
		for p in GOAL_NE_PAIRS:
			r = by.get(p)
			if r is None or r.get('ne_ratio') is None:
				parts.append('%d pairs not measured' % p)
				continue
			seen += 1
			ok = ok and r['ne_ratio'] >= GOAL_NE_RATIO
			parts.append('%d pairs: node_exporter %.2f ms per scrape, nettuned %.2f ms per '
				     'cycle, %.1fx (medians %.2f and %.2f ms, %.1fx)' %
				     (p, r['ne_mean'], r['cpu_mean'], r['ne_ratio'], r['ne_median'],
				      r['cpu_median'], r['ne_median'] / max(r['cpu_median'], 1e-6)))
		if seen:
			say('goal 3 %s: %s (goal at least %.0fx)' %
			    (verdict(ok), '; '.join(parts), GOAL_NE_RATIO))
		else:
			say('goal 3 SKIPPED: %s' % '; '.join(parts))

	r = by.get(GOAL_RSS_PAIRS)
	if r and r.get('rss_anon') is not None:
		say('goal 4 %s: %d pairs, default policy: RssAnon %d kB, VmRSS %d kB (goal RssAnon at '
		    'most %d kB)' % (verdict(r['rss_anon'] <= GOAL_RSS_ANON_KB), GOAL_RSS_PAIRS,
				     r['rss_anon'], r['vm_rss'], GOAL_RSS_ANON_KB))
	else:
		say('goal 4 SKIPPED: %d pairs not measured (NT_SCALE_PAIRS)' % GOAL_RSS_PAIRS)

	if live_allocs:
		worst = max(live_allocs, key=lambda pa: pa[1])
		say('goal 5 %s: allocations per steady-state live sampler cycle (bench_live): %s '
		    '(goal 0)' % (verdict(worst[1] == 0),
				  ', '.join('%.2f at %d pairs' % (a, p) for p, a in live_allocs)))
	else:
		say('goal 5 SKIPPED: bench_live not run')


# ---- main ----------------------------------------------------------------------

def on_signal(signo, frame):
	# once: a second signal must not cut the cleanup short
	for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
		signal.signal(sig, signal.SIG_IGN)
	raise Interrupted(signal.Signals(signo).name)


def measure_pairs(pairs, ns, args, policies, ne_binary, cfg, tmp, results):
	devices = ns.create(pairs)
	note('%d pairs: namespace %s, %d devices' % (pairs, ns.name, devices))
	ne = None
	try:
		if ne_binary:
			ne = NodeExporter(ns, ne_binary, os.path.join(tmp, 'ne-%d.log' % pairs))
			ne.warm_up(ns, ne_binary)
		for label, policy in policies:
			dtmp = os.path.join(tmp, '%d-%s' % (pairs, label))
			os.makedirs(dtmp)
			daemon = Daemon(ns, args['nettuned'], policy, dtmp, os.path.join(dtmp, 'log'))
			scraper = None
			try:
				st = daemon.settle(cfg['settle'])
				if 'bpf' not in results:
					results['bpf'] = st.get('bpf', '?')
				note('%d pairs, %s policy: settled after %d cycles, measuring %d'
				     % (pairs, label, cfg['settle'], cfg['cycles']))
				if ne:
					scraper = Scraper(ns, ne.pid, cfg['cycles'], dtmp)
				row = {'pairs': pairs, 'devices': devices}
				row.update(cpu_window(daemon, cfg['cycles'], scraper))
				scraper = None
				if cfg['strace']:
					row.update(strace_window(daemon, cfg['strace'], dtmp))
				row['rss_anon'] = proc_status_kb(daemon.pid, 'RssAnon')
				row['vm_rss'] = proc_status_kb(daemon.pid, 'VmRSS')
				daemon.stop()
			finally:
				if scraper:
					scraper.kill()
				stop(daemon.proc, signal.SIGKILL)
			note('%d pairs, %s policy: %.2f ms CPU per cycle (median), %s syscalls per '
			     'cycle%s' % (pairs, label, row['cpu_median'], fmt(row.get('syscalls'), '.0f'),
					  ', node_exporter %.2f ms per scrape' % row['ne_mean']
					  if 'ne_mean' in row else ''))
			results[label].append(row)
		if ne:
			ne.stop()
			ne = None
		if args['bench_live']:
			live = bench_live(ns, args['bench_live'])
			allocs = float(live['allocs_per_cycle'])
			results['live'].append((pairs, allocs))
			for label, _ in policies:
				results[label][-1]['allocs'] = allocs
			note('%d pairs: bench_live: %s allocations per cycle, sampler %s ms per cycle'
			     % (pairs, live['allocs_per_cycle'], live['cpu_ms_per_cycle']))
	finally:
		if ne:
			ne.stop()
		ns.delete()


def main(argv):
	if len(argv) == 4 and argv[0] == 'scrape':
		return scrape_main(argv[1:])
	if len(argv) == 2 and argv[0] == 'warm':
		return warm_main(argv[1:])
	if len(argv) != 5:
		sys.stderr.write('usage: scale.py NETTUNED BENCH_LIVE POLICY NAMESPACE TMPDIR\n')
		return 2
	if os.geteuid() != 0:
		say('SKIP: live-scale needs root (network namespaces, strace -p)')
		return 0
	for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
		signal.signal(sig, on_signal)
	began = time.monotonic()
	args = {'nettuned': os.path.abspath(argv[0]), 'policy': os.path.abspath(argv[2])}
	args['bench_live'] = os.path.abspath(argv[1]) if os.access(argv[1], os.X_OK) else None
	cfg = {
		'pairs': env_pairs(),
		'cycles': env_int('NT_SCALE_CYCLES', 60, 2),
		'settle': env_int('NT_SCALE_SETTLE', 3, 1),
		'strace': env_int('NT_SCALE_STRACE_CYCLES', 10, 0),
	}
	if cfg['strace'] and not shutil.which('strace'):
		note('no strace: syscalls not counted')
		cfg['strace'] = 0
	ne_binary = os.environ.get('NT_NODE_EXPORTER')
	if ne_binary is None:
		ne_binary = shutil.which('prometheus-node-exporter')
	elif ne_binary and not os.access(ne_binary, os.X_OK):
		raise HarnessError('NT_NODE_EXPORTER=%s is not executable' % ne_binary)
	ne_version = None
	if ne_binary:
		ne_binary = os.path.abspath(ne_binary)
		ne_version = run([ne_binary, '--version'], check=False)
		ne_version = ((ne_version.stdout or ne_version.stderr).splitlines() or ['?'])[0]

	tmp = argv[4]
	ns = Namespace(argv[3])
	results = {'default': [], 'virtual': [], 'live': []}
	try:
		vpolicy = os.path.join(tmp, 'exclude-virtual-no.conf')
		virtual_policy(args['policy'], vpolicy)
		for p in (args['policy'], vpolicy):
			run([args['nettuned'], 'check', '--policy', p])
		policies = [('default', args['policy']), ('virtual', vpolicy)]

		note('live-scale: the daemon (nettuned run --dry-run) in a network namespace of N '
		     'veth pairs, all up; %s' % ' '.join('%d' % p for p in cfg['pairs']))
		note('host: kernel %s, %d CPUs; nettuned %s' %
		     (os.uname().release, os.cpu_count(), args['nettuned']))
		note('CPU: on-CPU time of every thread (/proc/PID/task/*/schedstat) read once per '
		     'cycle, half way between cycles (aligned on status.json\'s samples), %d cycles '
		     'after %d settling' % (cfg['cycles'], cfg['settle']))
		note('syscalls: strace -f -c over %d cycles after the CPU window' % cfg['strace']
		     if cfg['strace'] else 'syscalls: not counted')
		if ne_binary:
			note('node_exporter: %s (%s), %s; scraped once per cycle in the CPU window, '
			     'gzip as Prometheus asks; ne_scrape: its CPU over the window per scrape, '
			     'ratio: that over nettuned\'s cpu_mean' %
			     (ne_binary, ne_version, ' '.join(c[len('--collector.'):]
							    for c in NE_COLLECTORS)))
		else:
			note('node_exporter: none (prometheus-node-exporter or NT_NODE_EXPORTER)')
		if not args['bench_live']:
			note('bench_live: %s is not built' % argv[1])

		for pairs in cfg['pairs']:
			measure_pairs(pairs, ns, args, policies, ne_binary, cfg, tmp, results)
	finally:
		ns.delete()

	note('BPF signals: %s' % results.get('bpf', '?'))
	say()
	say('== default policy (%s): veths not watched ==' % args['policy'])
	table(results['default'], bool(ne_binary))
	say()
	say('== the same with exclude_virtual = no: veths watched ==')
	table(results['virtual'], bool(ne_binary))
	say()
	goals(results['default'], bool(ne_binary), results['live'])
	took = time.monotonic() - began
	note('took %d min %02d s' % (took // 60, took % 60))
	return 0


if __name__ == '__main__':
	try:
		sys.exit(main(sys.argv[1:]))
	except HarnessError as e:
		sys.stderr.write('live-scale: %s\n' % e)
		sys.exit(1)
	except Interrupted as e:
		sys.stderr.write('live-scale: interrupted (%s)\n' % e)
		sys.exit(1)
