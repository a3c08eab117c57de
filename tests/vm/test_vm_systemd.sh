#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VM lab (issue 6), the systemd guest: Debian's 6.1 kernel under qemu
# (TCG) boots systemd as PID 1 on an overlay of the host root
# (tests/vm/init, nt.init=systemd), installs nettuned as built and drives
# the real nettuned.service (tests/vm/systemd/scenario.sh) while the host
# floods the guest's e1000e over a loopback UDP socket backend: READY at
# start, enforce with applied/verified journal entries, a reload with a
# broken policy, stop with restore_on_exit, a watchdog kill and restart.
# Prints the measured figures as TAP comments.
#
# TAP; "1..0 # SKIP" only when qemu-system-x86_64, busybox-static, systemd,
# meson or the kernel package cannot be had (not root, no apt), and for an
# ASan build.
#
# usage: test_vm_systemd.sh   (NT_NETTUNED, NT_SOURCE_ROOT from meson;
# NT_KEEP=1 keeps the results directory)

set -u
here=$(cd "$(dirname "$0")" && pwd)
nt=${NT_NETTUNED:?}
src=${NT_SOURCE_ROOT:?}
build=$(cd "$(dirname "$nt")" && pwd)
. "$here/../lib/tap.sh"
. "$here/lab.sh"

lab_check_host "$nt"
[ -x /lib/systemd/systemd ] || skip "no /lib/systemd/systemd on the host (the guest boots the host's)"
command -v meson >/dev/null || skip "no meson on the host (the guest installs with it)"
[ -e "$build/meson-info/intro-installed.json" ] || skip "$nt is not in a meson build directory"
lab_prepare || skip "the kernel package could not be prepared (see above)"

res=$(mktemp -d /var/tmp/nt-vm-systemd.XXXXXX)
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
printf 'NT=%s\nBUILD=%s\n' "$nt" "$build" >"$res/env"
# v: a value the guest measured ("" when it never got there)
v() { cat "$res/$1" 2>/dev/null; }

# The kernel command line: systemd on the overlay, only the lab's target
# (tests/vm/systemd/root/etc/systemd/system/nt-lab.target). Masked: what
# sysinit.target would start to no use here: NTP over the flooded NIC,
# module loading (the guest's modules are in the initramfs, not under the
# host's /lib/modules), pstore, the first-boot wizard.
NT_VM_APPEND="nt.init=systemd systemd.unit=nt-lab.target"
for u in systemd-timesyncd systemd-modules-load systemd-pstore systemd-firstboot; do
	NT_VM_APPEND="$NT_VM_APPEND systemd.mask=$u.service"
done
export NT_VM_APPEND
# the scenario powers off by itself after two minutes (three on a busy
# host); nt-lab.service gives up after 300 s, this a minute later
export NT_VM_TIMEOUT=${NT_VM_TIMEOUT:-360}

# qemu sends to the first port and listens on the second: flood.py writes there
port=$((20000 + $$ % 20000))
t0=$(date +%s)
lab_boot "$here/systemd/scenario.sh" "$res" \
	-netdev "socket,id=n0,udp=127.0.0.1:$((port + 1)),localaddr=127.0.0.1:$port" \
	-device e1000e,netdev=n0,mac=52:54:00:12:34:56 &
qpid=$!
for _ in $(seq 900); do
	[ -e "$res/ready" ] && break
	kill -0 "$qpid" 2>/dev/null || break
	sleep 0.2
done
t_ready=$(($(date +%s) - t0))
# traffic only while the guest holds RESULTS/gate open
python3 "$here/flood.py" --qemu-port "$port" --seconds 300 --stop "$res/stop" \
	--gate "$res/gate" >"$res/flood.txt" &
fpid=$!
touch "$res/flooding"
wait "$qpid"
qrc=$?
qpid=
t_total=$(($(date +%s) - t0))
touch "$res/stop"
wait "$fpid"
fpid=

# ---- the figures --------------------------------------------------------------
# seconds since the guest's kernel started
bt() { awk -v u="$(sed -n "s/^$1=//p" "$res/boot.times" 2>/dev/null)" 'BEGIN { printf "%.1f", u / 1e6 }'; }
echo "# $(v systemd.version); qemu exited $qrc after $t_total s; eth0 ready after $t_ready s"
echo "# boot (guest uptime): systemd started at $(bt UserspaceTimestampMonotonic) s, sysinit.target at $(bt sysinit) s, nt-lab.service at $(bt lab) s; meson install took $(v t.install) s"
echo "# flood: $(cat "$res/flood.txt" 2>/dev/null)"
echo "# start: systemctl start took $(v t.start) s; WATCHDOG_USEC=$(v start.watchdog); $(tr '\n' ' ' <"$res/show.start" 2>/dev/null)"
echo "# netdev_budget: 8 -> $(v budget.raised) when the scenario saw the first verified entry ($(v t.verified) s after start returned) -> $(v budget.after.stop) after stop"
# the daemon's changes as it logged them, in seconds since its last start
python3 - "$res/journal.json" <<'PY2' 2>/dev/null
import json, sys
t0 = None
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    ev = e.get("NETTUNED_EVENT")
    t = int(e["__MONOTONIC_TIMESTAMP"]) / 1e6
    if ev == "daemon" and e.get("NETTUNED_STATE") == "started":
        t0 = t
        print("# pid %s started at %.1f s (guest uptime)" % (e.get("_PID"), t))
    elif ev in ("applied", "verified", "rolled-back", "restored") and t0 is not None:
        print("#   +%.1f s %s %s %s -> %s" % (t - t0, ev, e.get("NETTUNED_KNOB"),
                                           e.get("NETTUNED_FROM"), e.get("NETTUNED_TO")))
PY2
echo "# watchdog: WATCHDOG_USEC=$(v wd.watchdog) with the drop-in; MainPID $(v wd.pid.before) -> $(v wd.pid.after), NRestarts $(v wd.restarts.before) -> $(v wd.restarts.after), active again $(v t.wd.restart) s after SIGSTOP"
echo "# after the watchdog restart: netdev_budget $(v wd.budget.before) before the kill, $(v wd.budget.restart) at the restart, $(v wd.budget.later) 5 s later, $(v budget.final) after stop"

booted=1
[ "$(v pid1.comm)" = systemd ] && case $(v pid1.exe) in */lib/systemd/systemd) booted=0 ;; esac
result "$booted" "the guest booted with systemd as PID 1 ($(v pid1.exe)) and ran nt-lab.service (qemu $qrc)"
if [ ! -e "$res/ready" ]; then
	echo "# guest console (tail):"
	tail -n 40 "$res/serial.log" "$res/console.log" 2>/dev/null | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi

result "$([ "$(v install.rc)" = 0 ] && [ "$(v unit.same)" = 0 ] && [ "$(v check.good.rc)" = 0 ]; echo $?)" \
	"nettuned installed as built: systemd loaded $(v unit.path) (the generated unit, unchanged: cmp $(v unit.same)), ExecStart $(v nettuned.path), the policy checks"

sp() { sed -n "s/^$2=//p" "$res/show.$1" 2>/dev/null; }
result "$([ "$(v start.rc)" = 0 ] && [ "$(v start.active)" = active ] && [ "$(sp start SubState)" = running ] &&
	[ "$(sp start MainPID)" -gt 0 ] 2>/dev/null && [ -n "$(sp start StatusText)" ]; echo $?)" \
	"READY: systemctl start returned $(v start.rc) and the unit is $(v start.active)/$(sp start SubState), MainPID $(sp start MainPID), status \"$(sp start StatusText | cut -c1-60)\""

raised=$(v budget.raised)
result "$([ "${raised:-0}" -gt 8 ] && [ "$raised" -le 600 ]; echo $?)" \
	"netdev_budget raised from 8 to ${raised:-?}, within the policy's ceiling of 600"

# The journal's entries against the MESSAGE_IDs the daemon defines
# (tuned/audit/event.c) and the catalog ships (etc/nettuned.catalog).
journal_check() {
	python3 - "$src/tuned/audit/event.c" "$src/etc/nettuned.catalog" "$res/journal.json" "$@" <<'PY'
import json, re, sys
event_c, catalog, journal, want = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
ids = dict(re.findall(r'"([a-z-]+)", "([0-9a-f]{32})"', open(event_c).read()))
shipped = set(re.findall(r"^-- ([0-9a-f]{32})$", open(catalog).read(), re.M))
entries = []
for line in open(journal, errors="replace"):
    try:
        entries.append(json.loads(line))
    except ValueError:
        pass
bad = []
for w in want:
    # EVENT or EVENT:STATE or EVENT@KNOB
    ev, _, knob = w.partition("@")
    ev, _, state = ev.partition(":")
    hits = [e for e in entries if e.get("NETTUNED_EVENT") == ev
            and (not state or e.get("NETTUNED_STATE") == state)
            and (not knob or e.get("NETTUNED_KNOB") == knob)]
    good = [e for e in hits if e.get("MESSAGE_ID") == ids.get(ev)
            and e.get("MESSAGE_ID") in shipped
            and e.get("_SYSTEMD_UNIT") == "nettuned.service"]
    if not good:
        bad.append("%s: %d entries, %d with MESSAGE_ID %s from nettuned.service"
                   % (w, len(hits), len(good), ids.get(ev)))
print("; ".join(bad))
PY
}
bad=$(journal_check applied@net.core.netdev_budget verified@net.core.netdev_budget)
result "$([ -z "$bad" ]; echo $?)" \
	"the journal has applied and verified entries for net.core.netdev_budget with nettuned's MESSAGE_IDs${bad:+ ($bad)}"
# the unit's sandbox (CapabilityBoundingSet=, SystemCallFilter=,
# LimitMEMLOCK=) lets the BPF signals load: the started entry says so
bpf=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("NETTUNED_EVENT") == "daemon" and e.get("NETTUNED_STATE") == "started":
        d = e.get("NETTUNED_DETAIL", "")
        print(d[d.find("BPF signals"):][:160])
        break' "$res/journal.json" 2>/dev/null)
result "$(case "$bpf" in "BPF signals on ("*) echo 0;; *) echo 1;; esac)" \
	"under the unit's sandbox the BPF signals load: ${bpf:-no started entry}"
# journalctl --update-catalog after the install: journalctl -x shows the
# catalog's text under the entries
subject=$(grep -m 1 'Subject: nettuned changed' "$res/journal-x.txt" 2>/dev/null | sed 's/^[^S]*//')
result "$([ -n "$subject" ]; echo $?)" "the installed catalog explains the entries in journalctl -x (${subject:-no \"Subject: nettuned changed\"})"

result "$([ "$(v check.broken.rc)" = 1 ]; echo $?)" \
	"nettuned check rejects the broken policy (exit $(v check.broken.rc): $(head -n 1 "$res/check.broken" 2>/dev/null))"

bad=$(journal_check config-error)
detail=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("NETTUNED_EVENT") == "config-error":
        print(e.get("NETTUNED_DETAIL", "")[:120])
        break' "$res/journal.json" 2>/dev/null)
pb=$(v reload.pid.before)
result "$([ -z "$bad" ] && [ "$(v reload.rc)" = 0 ] && [ -n "$pb" ] && [ "$pb" = "$(v reload.pid.after)" ] && [ "$pb" = "$(v reload.good.pid)" ] &&
	[ "$(v reload.active)" = active ] && [ "$(sp reload NRestarts)" = 0 ]; echo $?)" \
	"reload with the broken policy: MainPID ${pb:-?} -> $(v reload.pid.after), $(v reload.active), a config-error entry (${detail:-none}${bad:+; $bad})"
bad=$(journal_check daemon:reloaded)
result "$([ -z "$bad" ]; echo $?)" "reload with the good policy back: a reloaded entry${bad:+ ($bad)}"

bad=$(journal_check daemon:stopping restored@net.core.netdev_budget)
result "$([ "$(v stop.rc)" = 0 ] && [ "$(v budget.after.stop)" = 8 ] && [ -z "$bad" ]; echo $?)" \
	"stop with restore_on_exit: netdev_budget $(v budget.before.stop) -> $(v budget.after.stop), stopping and restored entries${bad:+ ($bad)}"
kdiff=$(diff "$res/knobs.0" "$res/knobs.stop" 2>&1 | grep '^[<>]' | tr '\n' ' ')
result "$([ -s "$res/knobs.0" ] && [ -z "$kdiff" ]; echo $?)" \
	"after stop every knob is as before start ($(wc -l <"$res/knobs.0" 2>/dev/null) knobs)${kdiff:+: $kdiff}"

# systemd's own entries for the unit: the timeout and the kill
wd_log=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    m = e.get("MESSAGE", "")
    if e.get("_PID") == "1" and isinstance(m, str) and ("Watchdog timeout" in m or "status=6/ABRT" in m or "SIGABRT" in m):
        print(m)' "$res/journal.json" 2>/dev/null)
echo "$wd_log" | sed '/^$/d; s/^/# systemd: /'
rb=$(v wd.restarts.before)
result "$([ "$(v wd.watchdog)" = 3000000 ] && echo "$wd_log" | grep -q 'Watchdog timeout' && echo "$wd_log" | grep -q 'ABRT' &&
	[ -n "$rb" ] && [ "$(v wd.restarts.after)" = $((rb + 1)) ] && [ "$(v wd.pid.after)" -gt 0 ] 2>/dev/null &&
	[ "$(v wd.pid.after)" != "$(v wd.pid.before)" ] && [ "$(sp wd-after ActiveState)" = active ]; echo $?)" \
	"watchdog: the SIGSTOPped daemon was killed with SIGABRT after WatchdogSec=3s (WATCHDOG_USEC=$(v wd.watchdog)) and restarted (NRestarts $rb -> $(v wd.restarts.after), active again in $(v t.wd.restart) s)"

# SIGABRT skips restore_on_exit: the new process finds the killed one's
# change in state.ini and owns it, so its stop puts the original back
echo "# nettuned status after the restart:"
sed 's/^/#   /' "$res/wd.status" 2>/dev/null | head -n 20
owned=1
grep -Eq "net\.core\.netdev_budget +$(v wd.budget.before) \(original 8\)" "$res/wd.status" 2>/dev/null && owned=0
kdiff=$(diff "$res/knobs.0" "$res/knobs.final" 2>&1 | grep '^[<>]' | tr '\n' ' ')
result "$([ "$(v wd.budget.restart)" = "$(v wd.budget.before)" ] && [ "$owned" = 0 ] && [ "$(v wd.stop.rc)" = 0 ] &&
	[ "$(v budget.final)" = 8 ] && [ -s "$res/knobs.final" ] && [ -z "$kdiff" ]; echo $?)" \
	"the restarted daemon took over the killed one's change (netdev_budget $(v wd.budget.before) kept, status lists it with original 8: $([ $owned = 0 ] && echo yes || echo no)) and its stop restored 8 ($(v budget.final))${kdiff:+: $kdiff}"

result "$([ -e "$res/done" ] && [ "$qrc" = 0 ]; echo $?)" "the scenario ran to its end and the guest powered off (qemu $qrc)"

if [ "$fail" -gt 0 ]; then
	echo "# counters: $(cd "$res" && grep -H . budget.* wd.* start.* reload.* 2>/dev/null | tr '\n' ' ')"
	echo "# nettuned's journal:"
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    m = e.get("MESSAGE", "")
    print("# %s %s" % (e.get("NETTUNED_EVENT", "-"), m if isinstance(m, str) else "?")[:240])' \
		"$res/journal.json" 2>/dev/null | tail -n 60
	echo "# guest console (tail):"
	tail -n 30 "$res/console.log" 2>/dev/null | sed 's/^/# /'
	tail -n 30 "$res/serial.log" 2>/dev/null | sed 's/^/# /'
fi
echo "1..$n"
[ "$fail" = 0 ]
