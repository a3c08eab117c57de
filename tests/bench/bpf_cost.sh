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
ip netns add "$ns_a" && ip netns add "$ns_b" || { echo "SKIP: ip netns unavailable"; exit 0; }
ip -n "$ns_a" link add vA type veth peer name vB netns "$ns_b" || exit 1
ip -n "$ns_a" addr add 169.254.79.1/30 dev vA
ip -n "$ns_b" addr add 169.254.79.2/30 dev vB
ip -n "$ns_a" link set vA up
ip -n "$ns_b" link set vB up
ip netns exec "$ns_a" ethtool -K vA tso off gso off >/dev/null 2>&1
ip netns exec "$ns_b" ethtool -K vB gro on >/dev/null 2>&1
ip netns exec "$ns_a" ping -q -c 1 -W 1 169.254.79.2 >/dev/null 2>&1

# sender: 64-byte datagrams for SECONDS, prints packets per second. No
# socket listens in B: every datagram ends in kfree_skb (NO_SOCKET), so all
# four programs run per packet (worst case; ICMP replies are rate-limited).
cat >"$tmp/send.py" <<'PY'
import socket, sys, time
dst, seconds = ("169.254.79.2", 9999), float(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
msg, n, start = b"x" * 64, 0, time.time()
end = start + seconds
while time.time() < end:
    for _ in range(500):
        try:
            s.sendto(msg, dst)
            n += 1
        except OSError:
            pass
print(int(n / (time.time() - start)))
PY

pps() {
	ip netns exec "$ns_a" taskset -c 0 python3 "$tmp/send.py" "$secs"
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
