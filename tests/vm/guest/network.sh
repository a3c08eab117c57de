#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The plain guest (tests/vm/init runs it, chrooted into the host's root):
# every network scenario in one boot. eth0 is an emulated e1000e flooded
# from the host's loopback, eth1 a two-queue virtio-net behind a
# multi-queue tap in the test's network namespace. The host's flooders
# send only while the guest holds their gate open (lib.sh: gate).
#
# usage (by init): network.sh RESULTS
R=$1
here=$(dirname "$0")
. "$here/lib.sh"

ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip link set eth1 up
ip addr add 10.0.3.15/24 dev eth1
ethtool -L eth1 combined 2
# RPS on the loopback (idle here) from the start: the kernel patches its
# rps_needed static branch when the first RPS map appears, and one run
# under host load saw an RPS map on eth0 steer no packet at all for its
# whole window; with the branch already on, the scenario measures RPS
# itself, not the code patching under TCG
echo 1 >/sys/class/net/lo/queues/rx-0/rps_cpus
ethtool -l eth1 | tail -n 5
grep -E 'eth0|virtio' /proc/interrupts
touch "$R/ready"
i=0
while [ ! -e "$R/flooding" ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i + 1)); done

for s in verify-fail squeeze rps irq-spread ring-window actuators; do
	echo "== $s at $(cut -d' ' -f1 /proc/uptime) s"
	sh "$here/$s.sh" "$R"
done
gate off e1000e
gate off virtio
touch "$R/done"
