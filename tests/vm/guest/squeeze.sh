#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario 1, squeeze: netdev_budget at 8 and the host flooding eth0, so
# NAPI polls run out of budget; nettuned in enforce mode must raise it,
# never past the ceiling (600), and the squeeze rate must fall. The
# budget is traced every 0.5 s to catch any value past the ceiling.
#
# usage: squeeze.sh RESULTS
R=$1
. "$(dirname "$0")/lib.sh"

policy "$R/squeeze.conf" budget-squeeze <<'P'
[interfaces]
include = eth0

[ceilings]
net.core.netdev_budget = 600
P
echo 8 >/proc/sys/net/core/netdev_budget
gate on e1000e
sleep 2
snap sq.0
sleep 5
snap sq.1
( while [ ! -e "$R/squeeze.done" ]; do budget; sleep 0.5; done >"$R/sq.trace" ) &
nt_start squeeze "$R/squeeze.conf"
raised() { [ "$(budget)" != 8 ]; }
wait_until 30 raised
# past the verify window (5 s), then the after period
sleep 7
snap sq.2
sleep 5
snap sq.3
nt_stop
touch "$R/squeeze.done"
wait
