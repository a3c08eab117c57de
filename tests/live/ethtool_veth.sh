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
ns_a=nt-et-$$-a
ns_b=nt-et-$$-b

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

cleanup() {
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
}

[ "$(id -u)" = 0 ] || skip "not root"
command -v ip >/dev/null || skip "no ip command"
command -v ethtool >/dev/null || skip "no ethtool program to compare with"

trap cleanup EXIT
ip netns add "$ns_a" 2>/dev/null || skip "ip netns unavailable"
ip netns add "$ns_b" 2>/dev/null || skip "ip netns unavailable"

# Created inside ns_a, the peer moved straight to ns_b.
ip -n "$ns_a" link add vA numtxqueues 4 numrxqueues 4 type veth \
	peer name vB numtxqueues 4 numrxqueues 4 netns "$ns_b" 2>/dev/null ||
	skip "cannot create a veth pair"

for ns in "$ns_a" "$ns_b"; do
	# no IPv6 autoconfiguration chatter while counters are compared
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
	ip -n "$ns" link set lo up
done
# Link-local addresses on the private link only.
ip -n "$ns_a" addr add 169.254.77.1/30 dev vA
ip -n "$ns_b" addr add 169.254.77.2/30 dev vB
ip -n "$ns_a" link set vA up
ip -n "$ns_b" link set vB up

# A few packets across; ping where installed, else UDP through bash.
if command -v ping >/dev/null; then
	ip netns exec "$ns_a" ping -q -c 3 -i 0.2 -W 1 169.254.77.2 >/dev/null 2>&1
else
	ip netns exec "$ns_a" bash -c \
		'for i in 1 2 3; do echo probe > /dev/udp/169.254.77.2/9; sleep 0.1; done' 2>/dev/null
fi

peer=$(ip netns exec "$ns_b" cat /sys/class/net/vB/ifindex)
ip netns exec "$ns_a" "$prog" vA "$peer" vB
