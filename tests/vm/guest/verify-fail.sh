#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario 5, verify-and-rollback: a change that cannot help. With
# netdev_budget at 8 every NAPI poll of e1000e (weight 64) exhausts it,
# so raising it by 1 (the policy's step) leaves the squeeze rate where it
# was: the verify window must find no improvement, put 8 back and hold
# the rule (backoff).
#
# usage: verify-fail.sh RESULTS
R=$1
. "$(dirname "$0")/lib.sh"

policy "$R/verify-fail.conf" budget-squeeze <<'P'
[interfaces]
include = eth0

[rule budget-squeeze]
step = 1
P
echo 8 >/proc/sys/net/core/netdev_budget
# a steady rate: the verdict compares means over a few seconds
gate on e1000e 30000
sleep 3
snap vf.0
nt_start verify-fail "$R/verify-fail.conf"
raised() { [ "$(budget)" != 8 ]; }
back() { [ "$(budget)" = 8 ]; }
wait_until 30 raised
snap vf.1
budget >"$R/vf.raised"
wait_until 20 back
snap vf.2
# the rule fires again and must be held by the backoff, not applied
sleep 4
budget >"$R/vf.end"
nt_stop
touch "$R/verify-fail.done"
