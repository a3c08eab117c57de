# SPDX-License-Identifier: GPL-2.0-or-later
# Two private network namespaces joined by a veth pair, for the live tests
# and benchmarks (sourced). No host interface is touched; the caller
# deletes the namespaces (ip netns del) in its trap.
#
#   veth_pair NS_A NS_B NET [LINK-ARGS...]
#       creates NS_A and NS_B, vA in NS_A (NET.1/30) and vB in NS_B
#       (NET.2/30), both up with lo, IPv6 off (no autoconfiguration
#       chatter while counters are compared). NET is a link-local prefix
#       private to the caller (169.254.77). LINK-ARGS go to both ends
#       (numtxqueues 4 numrxqueues 4). Returns 1 at the first step that
#       fails; the caller skips.

veth_pair() {
	local ns_a=$1 ns_b=$2 net=$3 ns
	shift 3
	ip netns add "$ns_a" 2>/dev/null || return 1
	ip netns add "$ns_b" 2>/dev/null || return 1
	ip -n "$ns_a" link add vA "$@" type veth peer name vB "$@" netns "$ns_b" 2>/dev/null ||
		return 1
	for ns in "$ns_a" "$ns_b"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
		ip -n "$ns" link set lo up
	done
	ip -n "$ns_a" addr add "$net.1/30" dev vA &&
		ip -n "$ns_b" addr add "$net.2/30" dev vB &&
		ip -n "$ns_a" link set vA up &&
		ip -n "$ns_b" link set vB up
}
