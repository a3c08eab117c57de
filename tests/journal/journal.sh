#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The audit trail against a real journald: a standalone
# /lib/systemd/systemd-journald started here (PID 1 need not be systemd),
# entries logged by audit_journal and read back with journalctl -o json by
# check_journal.py. Then journald is stopped (SIGSTOP) to measure what
# blocks and what is dropped, continued to see the loss report arrive, and
# killed to see entries fall back to stderr.
#
# TAP; "1..0 # SKIP" when not root, without journald/journalctl/python3,
# or when a journald already owns /run/systemd/journal/socket.
#
# usage: journal.sh PATH/TO/audit_journal PATH/TO/check_journal.py

set -u

drv=${1:?usage: journal.sh audit_journal check_journal.py}
chk=${2:?usage: journal.sh audit_journal check_journal.py}
journald=/lib/systemd/systemd-journald
sockdir=/run/systemd/journal
socket=$sockdir/socket
jdir=/run/log/journal
tag=nt-journal-$$-$RANDOM
count=2000

. "$(dirname "$0")/../lib/tap.sh"

[ "$(id -u)" = 0 ] || skip "not root"
[ -x "$journald" ] || skip "no $journald (Debian package systemd)"
command -v journalctl >/dev/null || skip "no journalctl"
command -v python3 >/dev/null || skip "no python3"
[ -e "$socket" ] && skip "a journald already listens on $socket"
pgrep -x systemd-journal >/dev/null && skip "a journald is already running"

# Remove afterwards only what did not exist before.
created=()
for d in /run/systemd "$sockdir" /run/log "$jdir"; do
	[ -e "$d" ] || created=("$d" "${created[@]}")
done

tmp=$(mktemp -d /tmp/nt-journal.XXXXXX)
jpid=
dpid=

cleanup() {
	if [ -n "$dpid" ]; then
		kill "$dpid" 2>/dev/null
		wait "$dpid" 2>/dev/null
	fi
	if [ -n "$jpid" ]; then
		kill -CONT "$jpid" 2>/dev/null
		kill -TERM "$jpid" 2>/dev/null
		wait "$jpid" 2>/dev/null
	fi
	for d in "${created[@]}"; do
		rm -rf "$d"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
# a meson timeout sends SIGTERM: exit through the EXIT trap
trap 'exit 143' TERM INT HUP

# Runs the driver; a failed exit (a sanitizer's report, say) fails the next check.
drv_rc=0
drive() {
	"$drv" "$@"
	local rc=$?
	[ "$rc" = 0 ] || { echo "# audit_journal $1 exited with $rc"; drv_rc=$rc; }
}

# Runs a check; its "# ..." lines are TAP comments.
check() {
	local desc=$1 rc
	shift
	python3 "$chk" "$@"
	rc=$?
	[ "$drv_rc" = 0 ] || rc=1
	drv_rc=0
	result $rc "$desc"
}

"$journald" </dev/null >"$tmp/journald.log" 2>&1 &
jpid=$!
for _ in $(seq 50); do
	[ -S "$socket" ] && break
	sleep 0.1
done
[ -S "$socket" ]
result $? "standalone journald (pid $jpid) listens on $socket"
[ -S "$socket" ] || { cat "$tmp/journald.log" | sed 's/^/# /'; echo "1..$n"; exit 1; }

drive ids >"$tmp/ids.json"
drive fields "$tag-fields" >"$tmp/fields.json"
check "every event type: MESSAGE_ID, PRIORITY and every field read back" \
	fields "$tmp/ids.json" "$tmp/fields.json" "$jdir"

drive flood "$tag-flood" 500 >"$tmp/flood.json"
check "the same finding 500 times is one or two journal entries" \
	flood "$tmp/flood.json" "$jdir" 500

# journald caught up with everything above before it is stopped.
timeout 10 journalctl --sync 2>/dev/null
kill -STOP "$jpid"
drive rawblock "$tag-raw" 2 >"$tmp/raw.json"
check "sd_journal_sendv() blocks once the socket queue is full" \
	rawblock "$tmp/raw.json" "$(cat /proc/sys/net/unix/max_dgram_qlen)"

# The driver logs, reports, then waits for "go" on a FIFO.
mkfifo "$tmp/go"
exec 3<>"$tmp/go"
"$drv" stopped "$tag-stopped" "$count" <&3 >"$tmp/stopped.json" &
dpid=$!
for _ in $(seq 300); do
	[ -s "$tmp/stopped.json" ] && break
	sleep 0.1
done
check "audit_log() stays bounded with journald stopped; the overflow is dropped" \
	stopped "$tmp/stopped.json"
drive stuckclose "$tag-close" 50 0.5 >"$tmp/close.json"
check "audit_close() with journald stopped cancels the writer stuck in sendmsg()" \
	stuckclose "$tmp/close.json"
kill -CONT "$jpid"
echo go >&3
wait "$dpid"
rc=$?
[ "$rc" = 0 ] || { echo "# audit_journal stopped exited with $rc"; drv_rc=$rc; }
dpid=
exec 3>&-
check "after SIGCONT the loss report and every queued entry reach the journal" \
	resumed "$tmp/stopped.json" "$jdir" "$tmp/ids.json" "$count"

# journald gone, its socket left behind: ECONNREFUSED.
kill -TERM "$jpid"
wait "$jpid" 2>/dev/null
jpid=
drive fallback "$tag-refused" 20 journal >"$tmp/fb1.json" 2>"$tmp/fb1.err"
check "journald killed (socket left, ECONNREFUSED): entries fall back to stderr" \
	fallback "$tmp/fb1.json" "$tmp/fb1.err" 20 "$jdir" journal

# Socket gone too: sd_journal_sendv() would return 0 and drop silently.
if [ -S "$socket" ] && [[ " ${created[*]} " == *" $sockdir "* ]]; then
	rm -f "$socket"
	drive fallback "$tag-nosocket" 20 journal >"$tmp/fb2.json" 2>"$tmp/fb2.err"
	check "socket removed (ENOENT): entries fall back to stderr" \
		fallback "$tmp/fb2.json" "$tmp/fb2.err" 20 "$jdir" journal
	drive fallback "$tag-auto" 5 auto >"$tmp/fb3.json" 2>"$tmp/fb3.err"
	check "no socket: NT_AUDIT_AUTO picks stderr" \
		fallback "$tmp/fb3.json" "$tmp/fb3.err" 5 "$jdir" stderr
fi

echo "1..$n"
