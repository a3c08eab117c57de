#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The daemon loads the BPF irq:softirq_entry/exit pair only while an
# enabled rule reads the softirq times (issue 19: the pair is most of the
# programs' time per packet). The daemon runs live in --dry-run (it changes
# nothing), with temporary state and runtime directories; which BPF
# programs it holds is read from /proc/PID/fdinfo (the prog_id of its
# program and link fds) and named by bpftool. Checks:
#   1. under the shipped default policy (policies/recommend.conf) it holds
#      napi_poll and kfree_skb programs and no softirq_entry/exit one, and
#      its started entry says the pair is left out;
#   2. SIGHUP after the policy gained a rule on cpu.net_rx_time: the pair
#      is attached and the status file lists it;
#   3. SIGHUP back to the default: the pair is gone, napi_poll's program is
#      the one loaded at start (its counters go on);
#   4. SIGHUP to exclude_virtual = no: single-queue-rps's dev.net_rx_cpu_share
#      reads a virtual device's NET_RX time, so the pair is attached;
#   5. a daemon started with the cpu.net_rx_time rule holds the pair from
#      its first cycle;
#   6. `nettuned sample` still loads every program;
#   7. through bpf_live --toggle: a read without the pair says so, and the
#      read after a detach and an attach with no read between says not
#      attached (the new map's counters against the old ones' would make a
#      wrong rate), the next one attached.
# TAP; "1..0 # SKIP" when not root, without bpftool, built without BPF, or
# the signals do not load.
#
# usage: bpf_softirq.sh PATH/TO/nettuned PATH/TO/bpf_live

set -u

nt=${1:?usage: bpf_softirq.sh nettuned bpf_live}
bpf_live=${2:?usage: bpf_softirq.sh nettuned bpf_live}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"

tmp=$(mktemp -d /tmp/nt-bpf-softirq.XXXXXX)
nt_pid=

cleanup() {
	[ -n "$nt_pid" ] && kill "$nt_pid" 2>/dev/null && wait "$nt_pid" 2>/dev/null
	[ -n "${NT_KEEP:-}" ] || rm -rf "$tmp"
}

[ "$(id -u)" = 0 ] || skip "not root"
[ "${NT_HAVE_BPF:-1}" = 1 ] || skip "built without BPF"
command -v bpftool >/dev/null || skip "no bpftool command"
trap cleanup EXIT

# the shipped default, one with a rule on cpu.net_rx_time, one watching
# virtual devices
mkdir -p "$tmp/rules"
cat >"$tmp/rules/softirq-time.rule" <<'RULE'
[rule]
description = a CPU busy in NET_RX softirq handlers
scope = cpu
severity = info
when = cpu.net_rx_time >= 99%
evidence = NET_RX {cpu.net_rx_time} on CPU {cpus}
[action]
do = none
advice = none: a test rule
RULE
cp "$here/../../policies/recommend.conf" "$tmp/default.conf"
sed "/^\[general\]/a rules = $tmp/rules" "$tmp/default.conf" >"$tmp/rx-time.conf"
sed 's/^include = \*$/include = *\nexclude_virtual = no/' "$tmp/default.conf" >"$tmp/virtual.conf"
grep -q '^exclude_virtual = no' "$tmp/virtual.conf" || skip "recommend.conf has no include = * line"

use_policy() {
	cp "$tmp/$1.conf" "$tmp/policy.new" && mv "$tmp/policy.new" "$tmp/policy.conf"
}

# waits up to 10 s for an extended regexp in the daemon's log
wait_log() {
	for _ in $(seq 100); do
		grep -Eq "$1" "$tmp/log" && return 0
		kill -0 "$nt_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# "ID NAME" of each BPF program the daemon holds (program and link fds)
held() {
	local id
	for f in /proc/"$nt_pid"/fdinfo/*; do
		awk '/^prog_id:/ { print $2 }' "$f" 2>/dev/null
	done | sort -un | while read -r id; do
		echo "$id $(bpftool prog show id "$id" 2>/dev/null | sed -n '1s/.* name \([^ ]*\).*/\1/p')"
	done
}

# the names only, one line
held_names() {
	held | awk '{ printf "%s%s", (NR > 1 ? " " : ""), $2 }'
}

has_pair() {
	grep -q 'nt_softirq_entr' <<<"$1" && grep -q 'nt_softirq_exit' <<<"$1"
}

has_none() {
	! grep -q 'nt_softirq_' <<<"$1"
}

start() {
	use_policy "$1"
	: >"$tmp/log"
	"$nt" run --dry-run --policy "$tmp/policy.conf" --state-dir "$tmp/state-$1" \
		--runtime-dir "$tmp/run-$1" --log stderr 2>"$tmp/log" &
	nt_pid=$!
	wait_log 'NETTUNED_STATE=started'
}

stop() {
	kill "$nt_pid" 2>/dev/null
	wait "$nt_pid" 2>/dev/null
	nt_pid=
}

# SIGHUP with policy NAME; waits for the reload entry and the line that
# follows the pair (PATTERN), then for the next cycle's status file
reload() {
	local runs
	use_policy "$1"
	kill -HUP "$nt_pid"
	wait_log "$2" || return 1
	runs=$(sed -n 's/.*"cycles": *\([0-9]*\).*/\1/p' "$tmp/run-$3/status.json" 2>/dev/null)
	for _ in $(seq 30); do
		[ "$(sed -n 's/.*"cycles": *\([0-9]*\).*/\1/p' "$tmp/run-$3/status.json")" != "$runs" ] &&
			return 0
		sleep 0.1
	done
}

status_bpf() {
	sed -n 's/.*"bpf": *"\([^"]*\)".*/\1/p' "$tmp/run-$1/status.json"
}

start default
started=$(grep -o 'BPF signals [^"]*' "$tmp/log" | head -n1)
if [ -z "$started" ] || grep -q 'BPF signals off' <<<"$started"; then
	skip "the BPF signals did not load: ${started:-$(tail -n 3 "$tmp/log")}"
fi
echo "1..10"
echo "# started: $started"

names=$(held_names)
napi_id=$(held | awk '$2 ~ /^nt_napi_poll/ { print $1 }')
echo "# default policy: the daemon holds: $names"
grep -q 'nt_napi_poll' <<<"$names" && grep -q 'nt_kfree_skb' <<<"$names" && has_none "$names"
result $? "default policy: napi_poll and kfree_skb programs held, no softirq_entry/exit program"
grep -q 'irq:softirq_entry/exit left out: no enabled rule reads the softirq times' <<<"$started" &&
	! grep -Eq 'on \([^;]*irq:softirq_entry|softirq=' <<<"$started"
result $? "default policy: the started entry says the pair is left out"

reload rx-time 'irq:softirq_entry/exit attached .*rule softirq-time reads' default
names=$(held_names)
echo "# after SIGHUP to a cpu.net_rx_time rule: $names"
grep 'irq:softirq_entry/exit attached' "$tmp/log" | sed 's/.*MESSAGE=/# /'
has_pair "$names"
result $? "SIGHUP to a policy with a cpu.net_rx_time rule: softirq_entry and softirq_exit programs held"
bpf=$(status_bpf default)
echo "# status: BPF signals $bpf"
grep -q 'irq:softirq_entry/exit ' <<<"$bpf" && grep -q 'softirq=' <<<"$bpf" &&
	! grep -q 'left out' <<<"$bpf"
result $? "the status file lists irq:softirq_entry/exit among the attached"

reload default 'irq:softirq_entry/exit detached' default
names=$(held_names)
echo "# after SIGHUP back to the default: $names"
has_none "$names" && grep -q 'left out' <<<"$(status_bpf default)" &&
	[ -n "$napi_id" ] && held | grep -q "^$napi_id nt_napi_poll"
result $? "SIGHUP back to the default: no softirq program, napi_poll's program ($napi_id) kept"

reload virtual 'irq:softirq_entry/exit attached .*rule single-queue-rps reads' default
names=$(held_names)
echo "# after SIGHUP to exclude_virtual = no: $names"
has_pair "$names"
result $? "exclude_virtual = no: single-queue-rps reads a virtual device's NET_RX time, the pair is held"
stop
cp "$tmp/log" "$tmp/log.reloads"

start rx-time
names=$(held_names)
started=$(grep -o 'BPF signals [^"]*' "$tmp/log" | head -n1)
echo "# started with the cpu.net_rx_time rule: $names"
echo "# started: $started"
has_pair "$names" && grep -q 'on (napi:napi_poll irq:softirq_entry/exit ' <<<"$started"
result $? "started with a cpu.net_rx_time rule: the pair is held from the start"
stop

"$nt" sample --interval 200ms --json >"$tmp/sample.json" 2>"$tmp/sample.err"
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
def find(o):
    if isinstance(o, dict):
        if "softirq_attached" in o:
            return o["softirq_attached"]
        for v in o.values():
            r = find(v)
            if r is not None:
                return r
    if isinstance(o, list):
        for v in o:
            r = find(v)
            if r is not None:
                return r
sys.exit(0 if find(s) is True else 1)' "$tmp/sample.json"
result $? "nettuned sample still attaches the pair (softirq_attached)"

"$bpf_live" --toggle >"$tmp/toggle" 2>&1
sed 's/^/# toggle: /' "$tmp/toggle"
[ "$(sed -n 's/^read \([0-9]\) softirq=\([01]\) .*/\1\2/p' "$tmp/toggle" | tr '\n' ' ')" = \
	"11 20 31 41 50 61 " ] && grep -q '^read 2 softirq=0 paths napi=[a-z]* drops=[a-z]*$' "$tmp/toggle"
result $? "detached, a read says so; detached and attached again between two reads, one read says not attached"

cat "$tmp/log.reloads" "$tmp/log" | grep 'PRIORITY=[0-3] ' | sed 's/^/# /' | cut -c1-300
! cat "$tmp/log.reloads" "$tmp/log" | grep -q 'PRIORITY=[0-3] '
result $? "no error in the daemons' logs"
exit $((fail > 0))
