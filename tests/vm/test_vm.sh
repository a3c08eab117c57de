#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VM lab (issue 6), first scenario: a real 6.1 kernel with the e1000e
# driver under qemu (TCG), the host flooding its NIC over a loopback UDP
# socket backend, and nettuned in enforce mode inside the guest. Passes
# when nettuned raised net.core.netdev_budget within the ceiling and the
# time_squeeze rate fell. Prints the measured figures as TAP comments.
#
# TAP; "1..0 # SKIP" only when qemu-system-x86_64, busybox-static or the
# kernel package cannot be had (not root, no apt).
#
# usage: test_vm.sh   (NT_NETTUNED, NT_SOURCE_ROOT from meson)

set -u
here=$(cd "$(dirname "$0")" && pwd)
nt=${NT_NETTUNED:?}
. "$here/lab.sh"

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64 (Debian package qemu-system-x86)"
[ -x /bin/busybox ] || skip "no /bin/busybox (Debian package busybox-static)"
command -v cpio >/dev/null || skip "no cpio"
if ldd "$nt" 2>/dev/null | grep -q libasan; then
	skip "an ASan build is too slow under TCG; the plain build runs the lab"
fi
lab_prepare || skip "the kernel package could not be prepared (see above)"

n=0
fail=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=$((fail + 1))
	fi
}

res=$(mktemp -d /var/tmp/nt-vm.XXXXXX)
qpid=
fpid=
cleanup() {
	[ -n "$fpid" ] && kill "$fpid" 2>/dev/null
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	wait 2>/dev/null
	[ -n "${NT_KEEP:-}" ] && echo "# kept $res" || rm -rf "$res"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

# the guest reads these from its results share
printf 'NT=%s\n' "$nt" >"$res/env"
cp "$here/guest/squeeze.conf" "$res/policy.conf"

# qemu sends to the first port and listens on the second: flood.py writes there
port=$((20000 + $$ % 20000))
t0=$(date +%s)
lab_boot "$here/guest/network.sh" "$res" \
	-netdev "socket,id=n0,udp=127.0.0.1:$((port + 1)),localaddr=127.0.0.1:$port" \
	-device e1000e,netdev=n0,mac=52:54:00:12:34:56 &
qpid=$!
for _ in $(seq 600); do
	[ -e "$res/ready" ] && break
	kill -0 "$qpid" 2>/dev/null || break
	sleep 0.2
done
result "$([ -e "$res/ready" ]; echo $?)" "the guest booted ($(($(date +%s) - t0)) s) and set netdev_budget to 8"
python3 "$here/flood.py" "$port" 300 "$res/done" >"$res/flood.txt" &
fpid=$!
touch "$res/flooding"
wait "$qpid"
qrc=$?
qpid=
wait "$fpid"
fpid=
echo "# flood: $(cat "$res/flood.txt" 2>/dev/null)"
result "$([ "$qrc" = 0 ] && [ -e "$res/done" ]; echo $?)" "the squeeze scenario ran to its end in the guest (qemu $qrc)"
if [ ! -e "$res/done" ]; then
	echo "# guest console (tail):"
	tail -n 30 "$res/serial.log" "$res/console.log" 2>/dev/null | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi

# time_squeeze (third column, hex) summed over the CPUs, per second
rate() {
	python3 - "$res/softnet.$1" "$res/softnet.$2" <<'PY'
import sys
def load(p):
    lines = open(p).read().split("\n")
    t = float(lines[0])
    return t, sum(int(l.split()[2], 16) for l in lines[1:] if l.strip())
(t0, s0), (t1, s1) = load(sys.argv[1]), load(sys.argv[2])
print("%.1f" % ((s1 - s0) / (t1 - t0)))
PY
}
before=$(rate 0 1)
after=$(rate 2 3)
budget=$(cat "$res/budget")
echo "# time_squeeze before: $before /s at netdev_budget 8; after: $after /s at netdev_budget $budget"
applied=$(grep -c 'NETTUNED_EVENT=applied.*NETTUNED_KNOB=net.core.netdev_budget' "$res/nettuned.log")
# every change the daemon made or undid, as it said it
grep -E 'NETTUNED_EVENT=(applied|verified|rolled-back|failed)' "$res/nettuned.log" |
	sed -E 's/.*MESSAGE="([^"]*)".*/# \1/' | cut -c1-200
result "$([ "$applied" -ge 1 ]; echo $?)" "nettuned applied a raise of net.core.netdev_budget ($applied)"
result "$([ "$budget" -gt 8 ] && [ "$budget" -le 600 ]; echo $?)" \
	"netdev_budget is $budget: raised, and not past the policy's ceiling of 600"
result "$(python3 -c "import sys; b, a = float('$before'), float('$after'); sys.exit(0 if b > 0 and a < b / 2 else 1)"; echo $?)" \
	"the squeeze rate fell by more than half ($before/s -> $after/s)"
result "$(grep -q 'NETTUNED_EVENT=verified' "$res/nettuned.log"; echo $?)" \
	"the change was verified after the policy's verify window"
overlap=$(python3 - "$res/nettuned.log" <<'PY'
import re, sys
open_rules, bad = set(), []
for line in open(sys.argv[1], errors="replace"):
    ev = re.search(r"NETTUNED_EVENT=([a-z-]+)", line)
    rule = re.search(r"NETTUNED_RULE=([a-z0-9-]+)", line)
    if not ev or not rule:
        continue
    ev, rule = ev.group(1), rule.group(1)
    if ev == "applied":
        if open_rules - {rule}:
            bad.append("%s while %s was verified" % (rule, sorted(open_rules)))
        open_rules.add(rule)
    elif ev in ("verified", "rolled-back"):
        open_rules.discard(rule)
print("; ".join(bad))
PY
)
result "$([ -z "$overlap" ]; echo $?)" "one change at a time: no rule changed a knob while another's was verified${overlap:+ ($overlap)}"
# ---- the actuators on the real driver ----------------------------------------
ring_rx() { awk '/Current hardware settings/ { cur = 1 } cur && /^RX:/ { print $2; exit }' "$res/rings.$1" 2>/dev/null; }
if [ -e "$res/actuators.done" ]; then
	c0=$(cat "$res/carrier.0") c1=$(cat "$res/carrier.1")
	echo "# ring.rx: $(ring_rx 0) before, $(ring_rx 1) after apply, $(ring_rx 2) after rollback; carrier_changes $c0 -> $c1"
	sed 's/^/# apply: /' "$res/apply-ring.out"
	result "$([ "$(cat "$res/apply-ring.rc")" = 0 ] && [ "$(ring_rx 0)" = 256 ] && [ "$(ring_rx 1)" = 1024 ]; echo $?)" \
		"apply ring.rx 1024 on e1000e: ethtool -g shows 256 then 1024"
	result "$([ "$c1" -gt "$c0" ]; echo $?)" "the resize reset the link (carrier_changes $c0 -> $c1)"
	sed 's/^/# rollback: /' "$res/rollback.out"
	result "$([ "$(cat "$res/rollback.rc")" = 0 ] && [ "$(ring_rx 2)" = 256 ]; echo $?)" \
		"nettuned rollback put 256 back"
	sed 's/^/# eee: /' "$res/apply-eee.out"
	result "$([ "$(cat "$res/apply-eee.rc")" != 0 ] && grep -q "EOPNOTSUPP" "$res/apply-eee.out"; echo $?)" \
		"apply eee.enabled off on e1000e: refused, naming EOPNOTSUPP"
else
	result 1 "the actuator scenario ran to its end in the guest"
fi

if [ "$fail" -gt 0 ]; then
	echo "# nettuned's log:"
	cut -c1-300 "$res/nettuned.log" | sed 's/^/# /'
	tail -n 20 "$res/console.log" | sed 's/^/# /'
fi
echo "1..$n"
[ "$fail" = 0 ]
