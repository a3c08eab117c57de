#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The daemon's ethtool netlink monitor subscription (tuned/ethtool/monitor.c)
# against the real kernel: a private network namespace with a veth pair of
# 4 queues each (no host interface is touched); `monitor` subscribes inside
# it, changes channels with the ethtool program and itself, and checks the
# notifications. TAP; "1..0 # SKIP" when not root, without ip netns, veth,
# or ethtool netlink (kernel < 5.6).
#
# usage: monitor.sh PATH/TO/monitor

set -u

prog=${1:?usage: monitor.sh monitor}
ns=nt-mon-$$

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

cleanup() {
	ip netns del "$ns" 2>/dev/null
}

[ "$(id -u)" = 0 ] || skip "not root"
command -v ip >/dev/null || skip "no ip command"
[ -n "$(uname -r | awk -F. '$1 > 5 || ($1 == 5 && $2 >= 6)')" ] || skip "kernel before 5.6: no ethtool netlink"

trap cleanup EXIT
ip netns add "$ns" 2>/dev/null || skip "ip netns unavailable"
ip -n "$ns" link add vM numtxqueues 4 numrxqueues 4 type veth \
	peer name vN numtxqueues 4 numrxqueues 4 2>/dev/null ||
	skip "cannot create a veth pair"
ip -n "$ns" link set vM up
ip -n "$ns" link set vN up

ip netns exec "$ns" "$prog" vM
