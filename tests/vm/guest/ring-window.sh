#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Scenarios 3 and 4 on the daemon's side, on the real e1000e under flood.
# Ring resize: the lab rule lab-ring-under-load asks for a disruptive
# ring.rx raise (e1000e never counts a ring discard, see the rule). First
# the policy's disruptive window is two hours away: the change must be
# held by safety and the ring stay at 256. Then the window is moved over
# now and the daemon reloaded (SIGHUP): the ring must grow to 1024, the
# link reset be seen (carrier_changes) and reported; `nettuned rollback`
# puts 256 back. EEE: lab-eee-under-load wants EEE off, which e1000e
# cannot even report; the daemon must say so once and never try.
#
# usage: ring-window.sh RESULTS
R=$1
. "$(dirname "$0")/lib.sh"

ring_rx() { ethtool -g eth0 | awk '/Current hardware settings/ { c = 1 } c && /^RX:/ { print $2; exit }'; }
carrier() { cat /sys/class/net/eth0/carrier_changes; }
write_policy() {
	# no verify window: the lab rule's symptom is the load itself
	VERIFY=0 policy "$R/ring.conf" <<P
[general]
rules = $(dirname "$0")/rules

[interfaces]
include = eth0

[safety]
disruptive_window = $1
P
}
# (policy() wrote [general] and [safety] already: a section may be reopened
# with other keys)
outside="$(date -d '+120 min' +%H:%M)-$(date -d '+180 min' +%H:%M)"
inside="$(date -d '-1 min' +%H:%M)-$(date -d '+30 min' +%H:%M)"
echo "$outside" >"$R/ring.window.outside"
echo "$inside" >"$R/ring.window.inside"
write_policy "$outside"
gate on e1000e
ring_rx >"$R/ring.0"
carrier >"$R/carrier.ring.0"
nt_start ring "$R/ring.conf"
held() { logged ring 'NETTUNED_EVENT=held.*NETTUNED_KNOB=ring\.rx'; }
wait_until 20 held
sleep 2
ring_rx >"$R/ring.1"
carrier >"$R/carrier.ring.1"
write_policy "$inside"
kill -HUP "$nt_pid"
resized() { [ "$(ring_rx)" != 256 ]; }
wait_until 20 resized
ring_rx >"$R/ring.2"
up() { [ "$(cat /sys/class/net/eth0/operstate)" = up ]; }
wait_until 15 up
carrier >"$R/carrier.ring.2"
# more cycles for EEE: it must stay one advice, not a retry per cycle
sleep 5
nt_stop
gate off e1000e
"$NT" rollback --state-dir /run/nt/ring/state >"$R/ring.rollback" 2>&1
ring_rx >"$R/ring.3"
wait_until 15 up
touch "$R/ring.done"
