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
# "napi,classic"); the default is what nettuned loads.
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

cleanup() {
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
	ip netns exec "$ns_a" taskset -c 0 python3 "$here/../lib/udp_send.py" 169.254.79.2 "$secs"
}

median() {
	sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'
}

: >"$tmp/off"
: >"$tmp/on"
for r in $(seq "$rounds"); do
	pps >>"$tmp/off"
	"$prog" --hold $((secs * 2 + 5)) $parts >"$tmp/hold" 2>&1 &
	hold_pid=$!
	for _ in $(seq 50); do grep -q . "$tmp/hold" && break; sleep 0.1; done
	if ! grep -q '^attached' "$tmp/hold"; then
		echo "SKIP: bpf_live: $(cat "$tmp/hold")"
		exit 0
	fi
	pps >>"$tmp/on"
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
