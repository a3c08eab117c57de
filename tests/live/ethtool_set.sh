#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The ethtool SET path on veth: a private network namespace holding both
# ends of a veth pair with 4 RX and 4 TX queues (no host interface is
# touched), then ethtool_set changes the channels of one end through each
# transport, checks the kernel's refusals and their extended ACK messages,
# and finally deletes the pair to see -ENODEV. Uses the ethtool program to
# compare when installed. TAP; "1..0 # SKIP" when not root or without
# ip netns or veth.
#
# usage: ethtool_set.sh PATH/TO/ethtool_set

set -u

prog=${1:?usage: ethtool_set.sh ethtool_set}
ns=nt-ets-$$

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

cleanup() {
	ip netns del "$ns" 2>/dev/null
}

[ "$(id -u)" = 0 ] || skip "not root"
command -v ip >/dev/null || skip "no ip command"

trap cleanup EXIT
ip netns add "$ns" 2>/dev/null || skip "ip netns unavailable"
ip -n "$ns" link add vS numtxqueues 4 numrxqueues 4 type veth \
	peer name vP numtxqueues 4 numrxqueues 4 2>/dev/null ||
	skip "cannot create a veth pair"
ip -n "$ns" link set vS up
ip -n "$ns" link set vP up

ip netns exec "$ns" "$prog" vS
