#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The live sampler's rtnetlink device list (links_live.c) in a private
# network namespace, with sysfs remounted for it by "ip netns exec"; no
# host interface is touched. IPv6 is off in the namespace so that no
# router or neighbour solicitation adds to the counted frames.
# TAP; "1..0 # SKIP" when not root or without ip netns and veth.
#
# usage: links_live.sh PATH/TO/links_live

set -u

prog=${1:?usage: links_live.sh links_live}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
ns=nt-links-$$

[ "$(id -u)" = 0 ] || skip "not root"
command -v ip >/dev/null || skip "no ip command"
trap 'ip netns del "$ns" 2>/dev/null' EXIT
ip netns add "$ns" 2>/dev/null || skip "cannot create a network namespace"
ip netns exec "$ns" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null
ip netns exec "$ns" ip link add ntlprobe type veth peer name ntlprobe1 2>/dev/null ||
	skip "no veth in this kernel"
ip netns exec "$ns" ip link del ntlprobe
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" "$prog"
