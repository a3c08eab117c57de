#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Live scaling benchmark (issue 19): the daemon's CPU, syscalls and memory
# per cycle in a network namespace with 0, 32, 128 and 512 veth pairs,
# beside node_exporter scraping the same sources when it is installed;
# prints the issue's goals as MET, MISSED or SKIPPED. scale.py does the
# work (see there for what is measured and how). As root; takes about
# 14 minutes. Nothing outside the namespace it creates is touched.
#
#   tests/bench/scale.sh [NETTUNED [BENCH_LIVE [POLICY]]]
#
# Defaults: build/nettuned, build/tests/bench/bench_live and
# policies/recommend.conf (what `nettuned run` uses in a build tree).
# Environment: NT_SCALE_PAIRS ("0 32 128 512"), NT_SCALE_CYCLES (60),
# NT_SCALE_SETTLE (3), NT_SCALE_STRACE_CYCLES (10), NT_NODE_EXPORTER (the
# node_exporter binary; default prometheus-node-exporter in PATH, "" for
# none). Other tests share host state: run it under their lock,
#
#   flock /tmp/nettuned-tests.lock tests/bench/scale.sh

set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
nettuned=${1:-$src/build/nettuned}
bench_live=${2:-$src/build/tests/bench/bench_live}
policy=${3:-$src/policies/recommend.conf}
ns=nt-scale-$$
tmp=

if [ ! -x "$nettuned" ]; then
	echo "usage: $0 [NETTUNED [BENCH_LIVE [POLICY]]] ($nettuned is not built)" >&2
	exit 2
fi

# scale.py deletes the namespace itself; this is for when it cannot (killed
# outright): what still runs in the namespace is what it started there.
# The temporary directory (state, runtime, logs) is this script's.
# shellcheck disable=SC2317 # reached through the trap
cleanup() {
	local pids

	if ip netns list 2>/dev/null | grep -q "^$ns\b"; then
		pids=$(ip netns pids "$ns" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	fi
	[ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
# The runtime directory (status.json every cycle) on tmpfs, as /run is on
# a host: on a disk its write and rename are the largest cost of a cycle.
tmp_base=${TMPDIR:-/tmp}
if [ -z "${TMPDIR:-}" ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
	tmp_base=/dev/shm
fi
tmp=$(mktemp -d "$tmp_base/nettuned-scale.XXXXXX") || exit 1

# in the background so that a signal to this shell alone (a timeout) is
# passed on at once; scale.py stops what it started, then the trap above
python3 "$here/scale.py" "$nettuned" "$bench_live" "$policy" "$ns" "$tmp" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' INT TERM HUP
rc=0
wait "$child" || rc=$?
while kill -0 "$child" 2>/dev/null; do
	rc=0
	wait "$child" || rc=$?
done
exit "$rc"
