#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs in the lab guest after squeeze.sh, with no flood: the actuators on
# the real e1000e driver. A ring resize (the driver resets the link to
# apply it), `nettuned rollback` putting 256 back, and EEE, which e1000e
# answers with EOPNOTSUPP even to EEE_GET.
#
# usage: actuators.sh RESULTS
R=$1
. "$R/env"
S=/run/nt-apply

cat /sys/class/net/eth0/carrier_changes >"$R/carrier.0"
ethtool -g eth0 >"$R/rings.0" 2>&1
"$NT" apply --knob ring.rx --to 1024 --device eth0 --state-dir $S >"$R/apply-ring.out" 2>&1
echo $? >"$R/apply-ring.rc"
# the link comes back up after the reset
i=0
while [ "$(cat /sys/class/net/eth0/operstate)" != up ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
cat /sys/class/net/eth0/carrier_changes >"$R/carrier.1"
ethtool -g eth0 >"$R/rings.1" 2>&1
"$NT" rollback --state-dir $S >"$R/rollback.out" 2>&1
echo $? >"$R/rollback.rc"
ethtool -g eth0 >"$R/rings.2" 2>&1
"$NT" apply --knob eee.enabled --to off --device eth0 --state-dir $S >"$R/apply-eee.out" 2>&1
echo $? >"$R/apply-eee.rc"
"$NT" sample >"$R/sample.txt" 2>&1
touch "$R/actuators.done"
