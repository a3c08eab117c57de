#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario 2, multi-queue: eth1 is a virtio-net NIC with two queue pairs
# (ethtool -L eth1 combined 2 at set-up), flooded by many flows through
# the host's multi-queue tap. Every eth1 interrupt is put on CPU 0 first;
# nettuned must spread the queue IRQs, and the per-CPU counts of
# /proc/interrupts before and after show it.
#
# usage: irq-spread.sh RESULTS
R=$1
. "$(dirname "$0")/lib.sh"

irqs=$(awk -F: '/virtio[0-9]+-(input|output)\./ { gsub(/ /, "", $1); print $1 }' /proc/interrupts)
echo "$irqs" >"$R/irq.list"
for i in $irqs; do
	echo 0 >/proc/irq/$i/smp_affinity_list
done
policy "$R/irq.conf" irq-concentration <<'P'
[interfaces]
include = eth1
P
gate off e1000e
gate on virtio 10000
sleep 2
snap irq.0
sleep 5
snap irq.1
nt_start irq "$R/irq.conf"
moved() {
	for i in $irqs; do
		[ "$(cat /proc/irq/$i/smp_affinity_list)" != 0 ] && return 0
	done
	return 1
}
wait_until 30 moved
for i in $irqs; do echo "$i $(cat /proc/irq/$i/smp_affinity_list)"; done >"$R/irq.affinity"
sleep 1
snap irq.2
sleep 5
snap irq.3
judged() { logged irq 'NETTUNED_EVENT=(verified|rolled-back)'; }
wait_until 10 judged
gate off virtio
nt_stop
"$NT" rollback --state-dir /run/nt/irq/state >"$R/irq.rollback" 2>&1
touch "$R/irq.done"
