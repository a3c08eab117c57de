#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Cost of the BPF signals on the traffic path (issue 7): UDP packets per
# second through a veth pair between two namespaces this script creates,
# without and with the programs attached (bpf_live --hold), alternating
# ROUNDS times. Prints both medians and the difference; a report, not a
# pass/fail test (exit 0 unless it cannot run; "SKIP" lines when not root
# or built without BPF). GRO on at the receiver and TSO off at the sender,
# so every frame goes through veth's NAPI and so through napi_poll,
# softirq_entry/exit and, at the full socket, kfree_skb.
#
# PARTS (bpf_live --hold) measures a subset, for example "napi" or
# "softirq,drops", or the classic tracepoint programs ("classic", or
# "napi,classic"); the default is every program (what `nettuned sample`
# loads; the daemon leaves out softirq unless a rule reads its times).
#
# Program time per packet, from the kernel's own accounting: in each
# round, after the pps run, a second run of the same length with
# kernel.bpf_stats_enabled=1 (the stats cost two clock reads per program
# run, so the pps run goes without), reading run_time_ns and run_cnt of
# each program bpf_live holds (/proc/PID/fdinfo of its program fds,
# kernel/bpf/syscall.c bpf_prog_show_fdinfo) before and after, divided by
# the datagrams sent. Medians of the rounds, per program and in total. The
# sysctl is put back as it was, also when interrupted, and checked.
#
# usage: bpf_cost.sh PATH/TO/bpf_live [SECONDS] [ROUNDS] [PARTS]

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/veth.sh"
prog=${1:?usage: bpf_cost.sh bpf_live [SECONDS] [ROUNDS] [PARTS]}
secs=${2:-3}
rounds=${3:-3}
parts=${4:-}
ns_a=nt-bpfc-$$-a
ns_b=nt-bpfc-$$-b
tmp=$(mktemp -d /tmp/nt-bpf-cost.XXXXXX)
hold_pid=
old_stats=

cleanup() {
	[ -n "$old_stats" ] && sysctl -qw kernel.bpf_stats_enabled="$old_stats"
	[ -n "$hold_pid" ] && kill "$hold_pid" 2>/dev/null && wait "$hold_pid" 2>/dev/null
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 0; }
veth_pair "$ns_a" "$ns_b" 169.254.79 || { echo "SKIP: cannot create namespaces and a veth pair"; exit 0; }
ip netns exec "$ns_a" ethtool -K vA tso off gso off >/dev/null 2>&1
ip netns exec "$ns_b" ethtool -K vB gro on >/dev/null 2>&1
ip netns exec "$ns_a" ping -q -c 1 -W 1 169.254.79.2 >/dev/null 2>&1

# sender: 64-byte datagrams for SECONDS, prints packets per second. No
# socket listens in B: every datagram ends in kfree_skb (NO_SOCKET), so all
# four programs run per packet (worst case; ICMP replies are rate-limited).

pps() {
	ip netns exec "$ns_a" taskset -c 0 python3 "$here/../lib/udp_send.py" 169.254.79.2 "$secs" "$@"
}

# "ID RUN_TIME_NS RUN_CNT" of each BPF program PID holds: program fds have
# run_time_ns in their fdinfo, link and perf event fds do not
prog_stats() {
	for f in /proc/"$1"/fdinfo/*; do
		awk '/^prog_id:/ { id = $2 } /^run_time_ns:/ { ns = $2 } /^run_cnt:/ { n = $2 }
			END { if (id != "" && ns != "") print id, ns, n }' "$f" 2>/dev/null
	done | sort
}

# The program's name (bpftool, else its id)
prog_name() {
	local name
	name=$(bpftool prog show id "$1" 2>/dev/null | sed -n '1s/.* name \([^ ]*\).*/\1/p')
	echo "${name:-id$1}"
}

# One stats run while bpf_live (PID) holds the programs: appends
# "NAME NS_PER_PACKET RUNS_PER_PACKET" per program to FILE
stats_round() {
	local pid=$1 out=$2 sent
	prog_stats "$pid" >"$tmp/before"
	sysctl -qw kernel.bpf_stats_enabled=1
	pps "$tmp/sent" >/dev/null
	sysctl -qw kernel.bpf_stats_enabled="$old_stats"
	prog_stats "$pid" >"$tmp/after"
	sent=$(cat "$tmp/sent" 2>/dev/null || echo 0)
	[ "$sent" -gt 0 ] || return
	join "$tmp/before" "$tmp/after" | while read -r id ns0 n0 ns1 n1; do
		awk -v name="$(prog_name "$id")" -v ns=$((ns1 - ns0)) -v n=$((n1 - n0)) -v p="$sent" \
			'BEGIN { printf "%s %.1f %.3f\n", name, ns / p, n / p }'
	done >>"$out"
}

median() {
	sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'
}

old_stats=$(sysctl -n kernel.bpf_stats_enabled 2>/dev/null) || old_stats=
: >"$tmp/off"
: >"$tmp/on"
for r in $(seq "$rounds"); do
	pps >>"$tmp/off"
	"$prog" --hold $((secs * 3 + 5)) $parts >"$tmp/hold" 2>&1 &
	hold_pid=$!
	for _ in $(seq 50); do grep -q . "$tmp/hold" && break; sleep 0.1; done
	if ! grep -q '^attached' "$tmp/hold"; then
		echo "SKIP: bpf_live: $(cat "$tmp/hold")"
		exit 0
	fi
	pps >>"$tmp/on"
	[ -n "$old_stats" ] && stats_round "$hold_pid" "$tmp/stats.$r"
	kill "$hold_pid" 2>/dev/null
	wait "$hold_pid" 2>/dev/null
	hold_pid=
done
off=$(median <"$tmp/off")
on=$(median <"$tmp/on")
echo "bpf-cost: 64-byte UDP through veth (GRO on receiver), ${secs}s x $rounds rounds, sender on CPU 0"
echo "bpf-cost: without programs: $off pps (runs: $(tr '\n' ' ' <"$tmp/off"))"
echo "bpf-cost: programs: $(sed -n 's/^attached //p' "$tmp/hold")"
echo "bpf-cost: with programs:    $on pps (runs: $(tr '\n' ' ' <"$tmp/on"))"
awk -v a="$off" -v b="$on" 'BEGIN{printf "bpf-cost: difference: %+.1f%%\n", (b - a) * 100 / a}'
if [ -z "$old_stats" ]; then
	echo "bpf-cost: no kernel.bpf_stats_enabled: no program time per packet"
	exit 0
fi
sysctl -qw kernel.bpf_stats_enabled="$old_stats"
now=$(sysctl -n kernel.bpf_stats_enabled)
echo "bpf-cost: program time per packet (run_time_ns / datagrams sent, median of $rounds rounds; runs per packet):"
cat "$tmp"/stats.* 2>/dev/null | awk '{ print $1 }' | sort -u | while read -r name; do
	ns=$(cat "$tmp"/stats.* | awk -v n="$name" '$1 == n { print $2 }' | median)
	runs=$(cat "$tmp"/stats.* | awk -v n="$name" '$1 == n { print $3 }' | median)
	printf "bpf-cost:   %-22s %7.1f ns/packet  (%s runs/packet)\n" "$name" "$ns" "$runs"
done
total=$(for f in "$tmp"/stats.*; do awk '{ t += $2 } END { print t + 0 }' "$f"; done | median)
echo "bpf-cost:   total                  ${total:-?} ns/packet (runs: $(for f in "$tmp"/stats.*; do awk '{ t += $2 } END { printf "%.1f ", t }' "$f"; done))"
echo "bpf-cost: kernel.bpf_stats_enabled back to $now (was $old_stats)"
[ "$now" = "$old_stats" ] && old_stats=
