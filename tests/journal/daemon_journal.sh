#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `nettuned run` under a real, standalone journald (as journal.sh starts
# one): daemon_journal.py drives the daemon over a fixture tree, stops
# journald mid-run and reads the entries back with journalctl -o json.
# TAP; "1..0 # SKIP" when not root, without journald/journalctl/python3,
# or when a journald already owns /run/systemd/journal/socket.
#
# usage: daemon_journal.sh PATH/TO/daemon_journal.py

set -u

drv=${1:?usage: daemon_journal.sh daemon_journal.py}
journald=/lib/systemd/systemd-journald
sockdir=/run/systemd/journal
socket=$sockdir/socket
jdir=/run/log/journal

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

[ "$(id -u)" = 0 ] || skip "not root"
[ -x "$journald" ] || skip "no $journald (Debian package systemd)"
command -v journalctl >/dev/null || skip "no journalctl"
[ -e "$socket" ] && skip "a journald already listens on $socket"
pgrep -x systemd-journal >/dev/null && skip "a journald is already running"

created=()
for d in /run/systemd "$sockdir" /run/log "$jdir"; do
	[ -e "$d" ] || created=("$d" "${created[@]}")
done
jpid=
cleanup() {
	if [ -n "$jpid" ]; then
		kill -CONT "$jpid" 2>/dev/null
		kill -TERM "$jpid" 2>/dev/null
		wait "$jpid" 2>/dev/null
	fi
	for d in "${created[@]}"; do
		rm -rf "$d"
	done
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

"$journald" </dev/null >/dev/null 2>&1 &
jpid=$!
for _ in $(seq 50); do
	[ -S "$socket" ] && break
	sleep 0.1
done
[ -S "$socket" ] || { echo "1..1"; echo "not ok 1 - journald did not create $socket"; exit 1; }

python3 "$drv" "$NT_NETTUNED" "$NT_FIXTURES" "$jpid" "$jdir"
