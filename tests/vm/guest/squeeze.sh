#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs in the lab guest (tests/vm/init): the squeeze scenario. With
# netdev_budget at 8 and the host flooding eth0, NAPI polls run out of
# budget; nettuned in enforce mode must raise it, and the squeezes per
# second before and after are left in the results directory.
#
# usage (by init): squeeze.sh RESULTS   RESULTS/env names NT and the policy
R=$1
. "$R/env"

snap() {
	# one file per point: uptime seconds, then softnet_stat
	{ cut -d' ' -f1 /proc/uptime; cat /proc/net/softnet_stat; } >"$R/softnet.$1"
}

ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
echo 8 >/proc/sys/net/core/netdev_budget
echo "budget before: $(cat /proc/sys/net/core/netdev_budget)"
grep eth0 /proc/interrupts
touch "$R/ready"
i=0
while [ ! -e "$R/flooding" ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i + 1)); done
sleep 3
snap 0
sleep 5
snap 1
"$NT" run --policy "$R/policy.conf" --state-dir /run/nt-state --runtime-dir /run/nt-run \
	--log stderr 2>"$R/nettuned.log" &
pid=$!
i=0
while [ "$(cat /proc/sys/net/core/netdev_budget)" = 8 ] && [ $i -lt 60 ]; do
	sleep 1
	i=$((i + 1))
done
# past the verify window, then the after period
sleep 8
snap 2
sleep 5
snap 3
cat /proc/sys/net/core/netdev_budget >"$R/budget"
kill -TERM $pid
wait $pid
echo "nettuned exited $?"
"$NT" status --runtime-dir /run/nt-run >"$R/status.txt" 2>&1
grep eth0 /proc/interrupts
touch "$R/done"
