#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# exclude_virtual = no, live (issue 16): the daemon in enforce mode, run
# inside a network namespace, turns RPS on for a veth whose receive work
# sits on one CPU, and verifies it. Two private namespaces joined by a
# veth pair with one RX queue (no host interface is touched); GRO on at
# the receiver vB, so veth polls it through its own NAPI on the CPU that
# sent (veth_xmit schedules it there), and the sender is pinned to CPU 0 at
# a paced 30000 datagrams/s (well over single-queue-rps's 10000/s, well
# under what fills veth's ring, so no drop can make the verify window
# look worse). The BPF NAPI counters tell the daemon that vB's polls run
# on CPU 0; it must:
#   1. apply rps.cpus of vB queue 0 from "" (RPS off) to the other CPUs,
#      the entry naming both values;
#   2. write it: rps_cpus of vB in the namespace;
#   3. verify it over its verify window (NET_RX spread, no outcome worse);
#   4. give it back to `nettuned rollback` run in the namespace.
# net.core sysctls do not exist inside a namespace: the daemon proposes no
# rps_sock_flow_entries there. The state and runtime directories are
# temporary. TAP; "1..0 # SKIP" when not root, fewer than 2 CPUs, built
# without BPF, or the signals do not load.
#
# usage: veth_rps.sh PATH/TO/nettuned

set -u

nt=${1:?usage: veth_rps.sh nettuned}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/veth.sh"

ns_a=nt-vrps-$$-a
ns_b=nt-vrps-$$-b
tmp=$(mktemp -d /tmp/nt-veth-rps.XXXXXX)
mounted_tracefs=
send_pid=
nt_pid=

cleanup() {
	[ -n "$nt_pid" ] && kill "$nt_pid" 2>/dev/null && wait "$nt_pid" 2>/dev/null
	[ -n "$send_pid" ] && kill "$send_pid" 2>/dev/null && wait "$send_pid" 2>/dev/null
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
	[ -n "$mounted_tracefs" ] && umount /sys/kernel/tracing 2>/dev/null
	rm -rf "$tmp"
}

[ "$(id -u)" = 0 ] || skip "not root"
[ "${NT_HAVE_BPF:-1}" = 1 ] || skip "built without BPF"
[ "$(nproc)" -ge 2 ] || skip "RPS needs 2 CPUs"
for c in ip python3 ethtool taskset; do
	command -v "$c" >/dev/null || skip "no $c command"
done
trap cleanup EXIT

if [ ! -d /sys/kernel/tracing/events ] && [ ! -d /sys/kernel/debug/tracing/events ]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || skip "cannot mount tracefs"
	mounted_tracefs=1
fi
veth_pair "$ns_a" "$ns_b" 169.254.79 numtxqueues 1 numrxqueues 1 ||
	skip "cannot create namespaces and a veth pair"
ip netns exec "$ns_a" ethtool -K vA tso off gso off >/dev/null 2>&1
ip netns exec "$ns_b" ethtool -K vB gro on >/dev/null 2>&1 || skip "cannot enable GRO on veth"
ip netns exec "$ns_a" ping -q -c 1 -W 1 169.254.79.2 >/dev/null 2>&1
in_b() { ip netns exec "$ns_b" "$@"; }
rps() { in_b cat /sys/class/net/vB/queues/rx-0/rps_cpus; }
[ "$(in_b ls /sys/class/net/vB/queues | grep -c '^rx-')" = 1 ] || skip "veth with one RX queue"

# the other CPUs than 0, as the daemon's list and rps_cpus mask
others=$(python3 -c 'import os; c = sorted(os.sched_getaffinity(0) - {0}); print(",".join(map(str, c)))')

cat >"$tmp/policy.conf" <<POLICY
[general]
mode = enforce
interval = 1s
bpf = yes
[interfaces]
include = vB
exclude_virtual = no
[safety]
sustain = 2
cooldown = 0
verify = 5s
max_changes_per_hour = 20
POLICY

# 30000 datagrams/s for 40 s from CPU 0, paced in batches of 10
ip netns exec "$ns_a" taskset -c 0 python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
msg, rate, batch = b"x" * 64, 30000, 10
start = time.monotonic()
n = 0
while time.monotonic() < start + 40:
    for _ in range(batch):
        try:
            s.sendto(msg, ("169.254.79.2", 9999))
        except OSError:
            pass
    n += batch
    due = start + n / rate
    while time.monotonic() < due:
        time.sleep(max(0, due - time.monotonic()))
' &
send_pid=$!

# not through in_b: $! must be the daemon (ip netns exec execs it), not a subshell
ip netns exec "$ns_b" "$nt" run --policy "$tmp/policy.conf" --state-dir "$tmp/state" \
	--runtime-dir "$tmp/run" --log stderr 2>"$tmp/log" &
nt_pid=$!

# until the rps.cpus change is verified or rolled back (or 35 s)
for _ in $(seq 350); do
	grep -Eq 'NETTUNED_EVENT=(verified|rolled-back) .*NETTUNED_KNOB=rps.cpus' "$tmp/log" && break
	kill -0 "$nt_pid" 2>/dev/null || break
	sleep 0.1
done
if grep -q 'BPF signals off' "$tmp/log" && ! grep -q 'NETTUNED_EVENT=applied' "$tmp/log"; then
	skip "the BPF signals did not load: $(grep -o 'BPF signals off[^"]*' "$tmp/log" | head -n1)"
fi
echo "1..7"
grep -E 'NETTUNED_EVENT=(daemon|applied|verified|rolled-back|failed|held|advice|recommended)' \
	"$tmp/log" | sed 's/^/# /' | cut -c1-400
now=$(rps)
echo "# rps_cpus of vB now: $now (the other CPUs: $others)"

applied=$(grep 'NETTUNED_EVENT=applied .*NETTUNED_KNOB=rps.cpus' "$tmp/log" | head -n1)
grep -q 'NETTUNED_DEVICE=vB NETTUNED_QUEUE=0 ' <<<"$applied" &&
	grep -q "NETTUNED_TO=$others " <<<"$applied"
result $? "the daemon applied rps.cpus of vB queue 0 to the other CPUs ($others)"
grep -q 'MESSAGE="applied rps.cpus of vB queue 0: \\"\\" \\xe2\\x86\\x92 '"$others" <<<"$applied" ||
	grep -q "MESSAGE=\"applied rps.cpus of vB queue 0: \\\\\"\\\\\" → $others" <<<"$applied"
result $? "the applied entry names its from value (\"\", RPS off)"
grep -q 'NETTUNED_EVIDENCE="vB has one RX queue; CPU 0 takes' <<<"$applied"
result $? "the evidence names CPU 0, where vB's NAPI polls ran (BPF)"
[ "$(python3 -c "import sys; print(int(sys.argv[1].replace(',', ''), 16))" "$now")" = \
  "$(python3 -c "import sys; print(sum(1 << int(c) for c in sys.argv[1].split(',')))" "$others")" ]
result $? "rps_cpus of vB in the namespace is the other CPUs ($now)"
grep -q 'NETTUNED_EVENT=verified .*NETTUNED_KNOB=rps.cpus' "$tmp/log" &&
	! grep -q 'NETTUNED_EVENT=rolled-back' "$tmp/log"
result $? "the change was verified over the verify window, not rolled back"

# One ethtool handle for the daemon's GETs and SETs (the sampler's, lent to
# the actuators) and the monitor's subscribed socket: NETLINK_GENERIC (16)
# rows of the daemon's namespace whose inode is one of its fds.
genl=$(python3 - "$nt_pid" <<'PY'
import os, sys
pid = sys.argv[1]
fds = set()
for fd in os.listdir('/proc/%s/fd' % pid):
    try:
        link = os.readlink('/proc/%s/fd/%s' % (pid, fd))
    except OSError:
        continue
    if link.startswith('socket:['):
        fds.add(link[8:-1])
with open('/proc/%s/net/netlink' % pid) as f:
    next(f)
    print(sum(1 for row in f if row.split()[1] == '16' and row.split()[-1] in fds))
PY
)
[ "$genl" = 2 ]
result $? "the daemon holds 2 generic netlink sockets after a change (one ethtool handle and the monitor), got $genl"

kill "$nt_pid"
wait "$nt_pid" 2>/dev/null
nt_pid=
kill "$send_pid"
wait "$send_pid" 2>/dev/null
send_pid=
out=$(in_b "$nt" rollback --state-dir "$tmp/state" 2>&1)
echo "$out" | sed 's/^/# rollback: /'
[ "$(rps | tr -d ',0')" = "" ]
result $? "nettuned rollback in the namespace turns RPS off again ($(rps))"
exit $((fail > 0))
