#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs in the systemd lab guest (nt-lab.service, see tests/vm/init): the
# real unit under systemd as PID 1. Installs nettuned as built (meson
# install into the overlay root: the generated nettuned.service, the
# binary, the rules, the catalog), then with the host flooding eth0 while
# RESULTS/gate exists:
#   start      Type=notify: `systemctl start` returns after READY=1
#   enforce    netdev_budget 8 is raised, applied and verified entries
#   reload     a broken policy: same MainPID, a config-error entry
#   stop       restore_on_exit puts 8 back
#   watchdog   a SIGSTOPped daemon is killed (SIGABRT) and restarted; what
#              the new process makes of the killed one's change, then stop
# Every measured value goes to a file in RESULTS; test_vm_systemd.sh judges
# them; RESULTS/done says the scenario got to its end. Exits 0 whatever was
# measured (nt-lab.service powers off either way); only a broken setup
# exits non-zero early.
#
# usage (by nt-lab.service): scenario.sh RESULTS   RESULTS/env names NT
# (the built binary) and BUILD (its build directory)
set -u
R=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$R/env"
unit=nettuned.service

now() { cut -d' ' -f1 /proc/uptime; }
log() { echo "$(now) $*"; }
# one measured value per file
put() { printf '%s\n' "$2" >"$R/$1"; }
# seconds since an earlier now
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f\n", a - b }'; }
budget() { cat /proc/sys/net/core/netdev_budget; }
prop() { systemctl show "$unit" -p "$1" --value; }
# the unit's journal (the daemon's entries and systemd's about it), one
# JSON object per line
journal() { journalctl -u "$unit" -o json --no-pager 2>/dev/null; }
count() { journal | grep -c "\"NETTUNED_EVENT\" *: *\"$1\""; }
# more_than EVENT N: more than N entries of EVENT (for wait_for: a
# function, so that every poll counts again)
more_than() { [ "$(count "$1")" -gt "$2" ]; }
# wait_for SECONDS COMMAND...: poll every half second
wait_for() {
	local end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.5
	done
}
flood() {
	case $1 in
	on) touch "$R/gate" ;;
	off) rm -f "$R/gate" ;;
	esac
}
# every knob the shipped rules may change on this guest, to compare
# before start and after stop
knobs() {
	local k q irq
	for k in netdev_budget netdev_budget_usecs netdev_max_backlog rps_sock_flow_entries; do
		echo "net.core.$k $(cat /proc/sys/net/core/$k)"
	done
	for q in /sys/class/net/eth0/queues/rx-*; do
		echo "${q##*/}.rps_cpus $(cat "$q/rps_cpus")"
		echo "${q##*/}.rps_flow_cnt $(cat "$q/rps_flow_cnt")"
	done
	for irq in $(awk -F: '/eth0/ { print $1 }' /proc/interrupts); do
		echo "irq$irq.affinity $(cat /proc/irq/$irq/smp_affinity_list)"
	done
	ethtool -g eth0 2>/dev/null | awk '/Current/ { c = 1 } c && /^RX:/ { print "ring.rx " $2 }'
}
# the watchdog interval the running daemon got from systemd (microseconds)
watchdog_usec() {
	tr '\0' '\n' <"/proc/$(prop MainPID)/environ" 2>/dev/null | sed -n 's/^WATCHDOG_USEC=//p'
}
show() {
	systemctl show "$unit" -p MainPID,NRestarts,StatusText,ActiveState,SubState,Result >"$R/show.$1"
}
save() {
	journal >"$R/journal.json"
	cp /var/lib/nettuned/state.ini "$R/state.$1" 2>/dev/null
}

# ---- boot ---------------------------------------------------------------------
log "scenario started"
put t.unit "$(now)"
put pid1.exe "$(readlink /proc/1/exe)"
put pid1.comm "$(cat /proc/1/comm)"
systemctl --version | head -n 1 >"$R/systemd.version"

# ---- install as built ---------------------------------------------------------
# a clean slate: whatever nettuned the host has installed or configured
# (units of higher precedence than the one installed below, drop-ins,
# policy, rules.d, state) is gone from the guest's overlay
rm -rf /etc/systemd/system/nettuned.service /etc/systemd/system/nettuned.service.d \
	/usr/local/lib/systemd/system/nettuned.service /usr/local/lib/systemd/system/nettuned.service.d \
	/etc/nettuned /var/lib/nettuned
t0=$(now)
meson install -C "$BUILD" --no-rebuild >"$R/install.log" 2>&1
put install.rc $?
put t.install "$(since "$t0")"
log "meson install: $(cat "$R/install.rc")"
install -m 0644 "$here/policy.conf" /etc/nettuned/policy.conf
systemctl daemon-reload
# the binary the unit runs
nettuned=$(systemctl cat "$unit" 2>/dev/null | sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' | head -n 1)
log "daemon-reload done"
put unit.path "$(prop FragmentPath)"
cmp "$BUILD/nettuned.service" "$(prop FragmentPath)" >/dev/null 2>&1
put unit.same $?
put nettuned.path "$nettuned"
"${nettuned:-/nonexistent}" check --policy /etc/nettuned/policy.conf >"$R/check.good" 2>&1
put check.good.rc $?
# the catalog as installed: journalctl -x explains the entries
journalctl --update-catalog
log "installed $nettuned"
# boot figures, microseconds since the kernel started
{
	systemctl show -p UserspaceTimestampMonotonic
	echo "sysinit=$(systemctl show sysinit.target -p ActiveEnterTimestampMonotonic --value)"
	echo "lab=$(systemctl show nt-lab.service -p ExecMainStartTimestampMonotonic --value)"
} >"$R/boot.times"
if [ ! -x "$nettuned" ]; then
	log "nettuned is not installed; see install.log"
	exit 1
fi

# ---- network, the host's flood ------------------------------------------------
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
echo 8 >/proc/sys/net/core/netdev_budget
knobs >"$R/knobs.0"
touch "$R/ready"
# the host starts flood.py (gated by RESULTS/gate) and says so
wait_for 60 test -e "$R/flooding" || log "no flooding file from the host"

# ---- start: READY -------------------------------------------------------------
flood on
t0=$(now)
systemctl start "$unit"
put start.rc $?
put t.start "$(since "$t0")"
put start.active "$(systemctl is-active "$unit")"
put start.watchdog "$(watchdog_usec)"
show start
log "started: $(tr '\n' ' ' <"$R/show.start")"

# ---- enforce: applied, verified -----------------------------------------------
t0=$(now)
wait_for 60 more_than verified 0
put t.verified "$(since "$t0")"
flood off
put budget.raised "$(budget)"
log "budget $(budget) after $(count applied) applied, $(count verified) verified, $(count rolled-back) rolled back"
save enforce

# ---- reload with a broken policy ----------------------------------------------
pid=$(prop MainPID)
put reload.pid.before "$pid"
cp /etc/nettuned/policy.conf "$R/policy.good"
install -m 0644 "$here/broken.conf" /etc/nettuned/policy.conf
"$nettuned" check --policy /etc/nettuned/policy.conf >"$R/check.broken" 2>&1
put check.broken.rc $?
errors=$(count config-error)
systemctl reload "$unit"
put reload.rc $?
wait_for 20 more_than config-error "$errors"
put reload.pid.after "$(prop MainPID)"
put reload.active "$(systemctl is-active "$unit")"
show reload
# the good policy back: a reload that is accepted
install -m 0644 "$R/policy.good" /etc/nettuned/policy.conf
reloaded() { [ "$(journal | grep -c '"NETTUNED_STATE" *: *"reloaded"')" -gt "$1" ]; }
n=$(journal | grep -c '"NETTUNED_STATE" *: *"reloaded"')
systemctl reload "$unit"
wait_for 20 reloaded "$n"
put reload.good.pid "$(prop MainPID)"
log "reloaded: pid $pid -> $(cat "$R/reload.pid.after") -> $(cat "$R/reload.good.pid")"

# ---- stop: restore_on_exit ----------------------------------------------------
put budget.before.stop "$(budget)"
systemctl stop "$unit"
put stop.rc $?
put budget.after.stop "$(budget)"
knobs >"$R/knobs.stop"
show stop
save stop
log "stopped: budget $(cat "$R/budget.before.stop") -> $(budget)"

# ---- watchdog -----------------------------------------------------------------
mkdir -p /etc/systemd/system/$unit.d
install -m 0644 "$here/watchdog.conf" /etc/systemd/system/$unit.d/nt-lab-watchdog.conf
systemctl daemon-reload
# A raise above may have been rolled back (judged not to help under the
# lab's load beside it); its rule then backs off for an hour, and the
# history file carries that over. This phase needs a fresh raise to leave
# behind: it starts from no history, as a newly installed host does.
rm -f /var/lib/nettuned/history.ini
applied=$(count applied)
flood on
systemctl start "$unit"
put wd.start.rc $?
put wd.watchdog "$(watchdog_usec)"
# a change for the killed process to leave behind
wait_for 60 more_than applied "$applied"
flood off
save wd-before
show wd-before
# without traffic no further raise comes: what the killed process leaves
# behind is what it had set just before the kill
pid=$(prop MainPID)
put wd.pid.before "$pid"
put wd.restarts.before "$(prop NRestarts)"
put wd.budget.before "$(budget)"
t0=$(now)
kill -STOP "$pid"
log "stopped $pid with SIGSTOP, budget $(cat "$R/wd.budget.before")"
restarted() {
	[ "$(prop NRestarts)" -gt "$(cat "$R/wd.restarts.before")" ] &&
		[ "$(prop ActiveState)" = active ] && [ "$(prop MainPID)" != "$pid" ]
}
wait_for 60 restarted
put t.wd.restart "$(since "$t0")"
put wd.pid.after "$(prop MainPID)"
put wd.restarts.after "$(prop NRestarts)"
put wd.budget.restart "$(budget)"
show wd-after
# a few cycles of the new process, without traffic
sleep 5
put wd.budget.later "$(budget)"
"$nettuned" status >"$R/wd.status" 2>&1
save wd-after
systemctl stop "$unit"
put wd.stop.rc $?
put budget.final "$(budget)"
knobs >"$R/knobs.final"
save final

# ---- the record ---------------------------------------------------------------
journalctl -u "$unit" -x --no-pager >"$R/journal-x.txt" 2>&1
journalctl -b -o short-monotonic --no-pager >"$R/journal-all.txt" 2>&1
systemctl list-units --no-legend --no-pager >"$R/units.txt" 2>&1
log "done"
touch "$R/done"
