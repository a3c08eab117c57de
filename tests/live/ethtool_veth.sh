#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Live ethtool readers on veth: two private network namespaces joined by a
# veth pair (no host interface is touched), a few packets between them, then
# ethtool_live compares our readings of one end with the ethtool program's.
# TAP; "1..0 # SKIP" when not root or without ip netns, veth or ethtool.
#
# usage: ethtool_veth.sh PATH/TO/ethtool_live

set -u

prog=${1:?usage: ethtool_veth.sh ethtool_live}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/veth.sh"
ns_a=nt-et-$$-a
ns_b=nt-et-$$-b

cleanup() {
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
}

[ "$(id -u)" = 0 ] || skip "not root"
command -v ip >/dev/null || skip "no ip command"
command -v ethtool >/dev/null || skip "no ethtool program to compare with"

trap cleanup EXIT
# four queues a side, so that channels have something to show
veth_pair "$ns_a" "$ns_b" 169.254.77 numtxqueues 4 numrxqueues 4 ||
	skip "cannot create namespaces and a veth pair"

# A few packets across; ping where installed, else UDP through bash.
if command -v ping >/dev/null; then
	ip netns exec "$ns_a" ping -q -c 3 -i 0.2 -W 1 169.254.77.2 >/dev/null 2>&1
else
	ip netns exec "$ns_a" bash -c \
		'for i in 1 2 3; do echo probe > /dev/udp/169.254.77.2/9; sleep 0.1; done' 2>/dev/null
fi

peer=$(ip netns exec "$ns_b" cat /sys/class/net/vB/ifindex)
ip netns exec "$ns_a" "$prog" vA "$peer" vB
