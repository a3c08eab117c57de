#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The BPF signals (tuned/bpf/) on the running kernel: two private network
# namespaces joined by a veth pair (no host interface is touched), UDP
# traffic from A to B while bpf_live holds the programs, then checks on the
# deltas it prints:
#   1. the NAPI named after the receiving device (vB) polled, and its
#      packets match the frames sent within a factor: veth only uses its
#      NAPI when the receiver asks for GRO (veth_gro_requested in
#      drivers/net/veth.c) and the sender does not hand it TSO super-frames;
#   2. NET_RX softirq time and runs on some CPU;
#   3. drop reason SOCKET_RCVBUFF: a UDP socket in B with a tiny SO_RCVBUF
#      that never reads;
#   5. the same napi count through the classic tracepoint programs
#      (NT_BPF_CLASSIC=1), the fallback of kernels that refuse the
#      raw_tracepoint ones nettuned prefers; the first line of bpf_live's
#      output says which programs each run used;
#   6. drop reason CPU_BACKLOG: GRO off on vB (veth then goes through
#      netif_rx and the per-CPU backlog), RPS steering vB's packets to
#      another CPU than the sender's and net.core.netdev_max_backlog at 1
#      (enqueue_to_backlog in net/core/dev.c drops above it).
# netdev_max_backlog is global: the trap restores it. tracefs is mounted
# when it is not, and unmounted again at the end.
# TAP; "1..0 # SKIP" when not root, built without BPF, or not allowed.
#
# usage: bpf_veth.sh PATH/TO/bpf_live

set -u

prog=${1:?usage: bpf_veth.sh bpf_live}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/veth.sh"

ns_a=nt-bpf-$$-a
ns_b=nt-bpf-$$-b
tmp=$(mktemp -d /tmp/nt-bpf-veth.XXXXXX)
mounted_tracefs=
old_backlog=
rcv_pid=

cleanup() {
	[ -n "$old_backlog" ] && sysctl -qw net.core.netdev_max_backlog="$old_backlog"
	[ -n "$rcv_pid" ] && kill "$rcv_pid" 2>/dev/null
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
	[ -n "$mounted_tracefs" ] && umount /sys/kernel/tracing 2>/dev/null
	rm -rf "$tmp"
}

[ "$(id -u)" = 0 ] || skip "not root"
for c in ip python3 ethtool; do
	command -v "$c" >/dev/null || skip "no $c command"
done
trap cleanup EXIT

if [ ! -d /sys/kernel/tracing/events ] && [ ! -d /sys/kernel/debug/tracing/events ]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || skip "cannot mount tracefs"
	mounted_tracefs=1
fi

veth_pair "$ns_a" "$ns_b" 169.254.78 || skip "cannot create namespaces and a veth pair"
ip netns exec "$ns_a" ethtool -K vA tso off gso off >/dev/null 2>&1
ip netns exec "$ns_b" ethtool -K vB gro on >/dev/null 2>&1 || skip "cannot enable GRO on veth"
# resolve ARP before counting
ip netns exec "$ns_a" ping -q -c 1 -W 1 169.254.78.2 >/dev/null 2>&1

# The receiver: SO_RCVBUF as small as the kernel allows, never read.
ip netns exec "$ns_b" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
s.bind(("169.254.78.2", 9999))
open(sys.argv[1], "w").write("ready")
time.sleep(120)
' "$tmp/ready" &
rcv_pid=$!
for _ in $(seq 50); do [ -s "$tmp/ready" ] && break; sleep 0.1; done

# The sender: 64-byte UDP datagrams for SECONDS, count in FILE.
send="$here/../lib/udp_send.py"

# field VALUE of the first output line matching PATTERN: field LINEPATTERN KEY
field() {
	grep -E "$1" "$tmp/out" | head -n1 | tr ' ' '\n' | sed -n "s/^$2=//p"
}

"$prog" -- ip netns exec "$ns_a" python3 "$send" 169.254.78.2 3 "$tmp/sent" >"$tmp/out" 2>&1
rc=$?
[ $rc = 77 ] && skip "$(sed -n 's/^skip: //p' "$tmp/out")"
sent=$(cat "$tmp/sent" 2>/dev/null || echo 0)
echo "1..7"
sed 's/^/# /' "$tmp/out"
echo "# frames sent: $sent"
paths=$(sed -n 's/^paths //p' "$tmp/out")
result $rc "bpf_live loaded the programs ($paths) and took two snapshots"

polls=$(field '^napi dev=vB ' polls)
packets=$(field '^napi dev=vB ' packets)
weight=$(field '^napi dev=vB ' weight)
echo "# vB napi: polls=${polls:-none} packets=${packets:-none} weight=${weight:-none}"
[ -n "$polls" ] && [ "$polls" -gt 0 ] && [ "${weight:-0}" -gt 0 ]
result $? "napi polls counted for the receiving veth vB"
# veth's ring can drop at the sender, ARP and pings add a few
[ -n "$packets" ] && [ "$sent" -gt 1000 ] && [ $((packets * 2)) -ge "$sent" ] &&
	[ "$packets" -le $((sent + sent / 10 + 100)) ]
result $? "vB napi packets ($packets) within a factor of the frames sent ($sent)"

rx=$(awk '/^softirq /{for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]} if (v["rx_ns"]>0 && v["rx_runs"]>0) n++} END{print n+0}' "$tmp/out")
result $([ "$rx" -gt 0 ]; echo $?) "NET_RX softirq time and runs on $rx CPU(s)"

rcvbuf=$(field '^drop .*name=SOCKET_RCVBUFF ' count)
result $([ "${rcvbuf:-0}" -gt 0 ]; echo $?) "drop reason SOCKET_RCVBUFF counted (${rcvbuf:-0})"

# The classic programs: napi_poll's record and its dev_name.
NT_BPF_CLASSIC=1 "$prog" -- ip netns exec "$ns_a" python3 "$send" 169.254.78.2 1 "$tmp/sent" >"$tmp/out" 2>&1
sed -n 's/^paths/# classic run: paths/p;s/^napi dev=vB /# classic run: napi dev=vB /p' "$tmp/out"
polls=$(field '^napi dev=vB ' polls)
grep -q '^paths napi=classic softirq=classic drops=classic$' "$tmp/out" &&
	[ -n "$polls" ] && [ "$polls" -gt 0 ]
result $? "classic tracepoint programs: napi polls counted for vB (${polls:-none})"

# CPU_BACKLOG: through the backlog (GRO off), steered by RPS to another
# CPU than the sender's, and a backlog of one packet.
ncpu=$(nproc)
if [ "$ncpu" -lt 2 ]; then
	echo "ok 7 # SKIP CPU_BACKLOG needs 2 CPUs for RPS"
	exit $((fail > 0))
fi
ip netns exec "$ns_b" ethtool -K vB gro off >/dev/null 2>&1
ip netns exec "$ns_b" sh -c 'echo 2 > /sys/class/net/vB/queues/rx-0/rps_cpus'
old_backlog=$(sysctl -n net.core.netdev_max_backlog)
sysctl -qw net.core.netdev_max_backlog=1
"$prog" -- ip netns exec "$ns_a" taskset -c 0 python3 "$send" 169.254.78.2 2 "$tmp/sent" >"$tmp/out" 2>&1
sysctl -qw net.core.netdev_max_backlog="$old_backlog"
old_backlog=
sed 's/^drop/# backlog phase: drop/;t;d' "$tmp/out"
backlog=$(field '^drop .*name=CPU_BACKLOG ' count)
result $([ "${backlog:-0}" -gt 0 ]; echo $?) "drop reason CPU_BACKLOG counted (${backlog:-0}, netdev_max_backlog=1)"
exit $((fail > 0))
