#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario 2, single queue: e1000e has one RX queue, so under the flood
# its interrupts and all NET_RX work sit on CPU 0. nettuned must turn on
# RPS over CPU 1; /proc/softirqs NET_RX and softnet_stat's received_rps
# per CPU (snapshots before and after) show whether the work spread.
# `nettuned rollback` puts RPS back off at the end.
#
# usage: rps.sh RESULTS
R=$1
. "$(dirname "$0")/lib.sh"
Q=/sys/class/net/eth0/queues/rx-0

policy "$R/rps.conf" single-queue-rps <<'P'
[interfaces]
include = eth0
P
# RPS queues every packet to the other CPU's backlog, which must absorb the
# moments that CPU is not running: on a loaded host (NT_VM_LOAD) a TCG vCPU
# is descheduled for tens of ms, 1000 packets at 17k/s, and the default
# backlog of 1000 overflows (seen: 10 % lost). An agent that uses RPS sizes
# the backlog for it; so does this one.
backlog=$(cat /proc/sys/net/core/netdev_max_backlog)
echo 10000 >/proc/sys/net/core/netdev_max_backlog
gate on e1000e 20000
cat $Q/rps_cpus >"$R/rps.cpus.0"
sleep 2
snap rps.0
sleep 5
snap rps.1
nt_start rps "$R/rps.conf"
spread() { [ "$(tr -d '0,\n' <$Q/rps_cpus)" != "" ]; }
wait_until 30 spread
cat $Q/rps_cpus >"$R/rps.cpus.1"
sleep 1
snap rps.2
sleep 5
snap rps.3
judged() { logged rps 'NETTUNED_EVENT=(verified|rolled-back)'; }
wait_until 10 judged
nt_stop
"$NT" rollback --state-dir /run/nt/rps/state >"$R/rps.rollback" 2>&1
cat $Q/rps_cpus >"$R/rps.cpus.2"
echo "$backlog" >/proc/sys/net/core/netdev_max_backlog
touch "$R/rps.done"
