#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VM lab (issue 6), the plain guest: a real 6.1 kernel under qemu (TCG)
# with two real NIC drivers, and nettuned inside acting on them
# (tests/vm/guest/network.sh runs the scenarios, check_network.py judges
# them from the counters and records they leave):
#   eth0  e1000e, one RX queue, flooded from the host's loopback through
#         a `-netdev socket,udp` backend
#   eth1  virtio-net with two queue pairs behind a multi-queue tap in a
#         network namespace this test creates (qemu and both flooders run
#         in it), flooded by 64 UDP flows
# Prints the measured before/after figures as TAP comments.
#
# TAP; "1..0 # SKIP" only when qemu-system-x86_64, busybox-static, ip netns
# or the kernel package cannot be had (not root, no apt).
#
# usage: test_vm.sh   (NT_NETTUNED, NT_SOURCE_ROOT from meson)

set -u
here=$(cd "$(dirname "$0")" && pwd)
nt=${NT_NETTUNED:?}
src=${NT_SOURCE_ROOT:?}
. "$here/../lib/tap.sh"
. "$here/lab.sh"

lab_check_host "$nt"
[ "$(id -u)" = 0 ] || skip "needs root (network namespace, tap device)"
lab_prepare || skip "the kernel package could not be prepared (see above)"

res=$(mktemp -d /var/tmp/nt-vm.XXXXXX)
ns=ntvm$$
qpid=
fpids=
cleanup() {
	lab_load_stop
	[ -n "$fpids" ] && kill $fpids 2>/dev/null
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	wait 2>/dev/null
	# qemu and the flooders run in the namespace: whatever is left there
	# (the test itself killed by a timeout) goes with it
	ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	[ -n "${NT_KEEP:-}" ] && echo "# kept $res" || rm -rf "$res"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP
lab_load_start || exit 1

# the guest reads these from its results share
printf 'NT=%s\nSRC=%s\n' "$nt" "$src" >"$res/env"

# eth1's multi-queue tap, and the loopback the socket backend uses, live in
# the namespace: nothing is added to the host's own interfaces
ip netns add "$ns" || skip "cannot create a network namespace"
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add tap0 mode tap multi_queue || skip "no multi-queue tap (tun module)"
ip -n "$ns" addr add 10.0.3.1/24 dev tap0
ip -n "$ns" link set tap0 up
ip -n "$ns" neigh replace 10.0.3.15 lladdr 52:54:00:12:34:57 dev tap0 nud permanent

# qemu sends to the first port and listens on the second: flood.py writes there
port=$((20000 + $$ % 20000))
t0=$(date +%s)
ip netns exec "$ns" env lab_kernel="$lab_kernel" lab_initrd="$lab_initrd" \
	bash -c '. "$0"; lab_boot "$@"' "$here/lab.sh" "$here/guest/network.sh" "$res" \
	-netdev "socket,id=n0,udp=127.0.0.1:$((port + 1)),localaddr=127.0.0.1:$port" \
	-device e1000e,netdev=n0,mac=52:54:00:12:34:56 \
	-netdev tap,id=n1,ifname=tap0,script=no,downscript=no,queues=2,vhost=off \
	-device virtio-net-pci,netdev=n1,mq=on,vectors=6,mac=52:54:00:12:34:57 &
qpid=$!
for _ in $(seq 600); do
	[ -e "$res/ready" ] && break
	kill -0 "$qpid" 2>/dev/null || break
	sleep 0.2
done
result "$([ -e "$res/ready" ]; echo $?)" "the guest booted ($(($(date +%s) - t0)) s) with eth0 (e1000e) and eth1 (virtio-net, 2 queues)"
ip netns exec "$ns" python3 "$here/flood.py" --qemu-port "$port" --stop "$res/stop" \
	--gate "$res/gate.e1000e" >"$res/flood.e1000e" &
fpids=$!
ip netns exec "$ns" python3 "$here/flood.py" --udp-to 10.0.3.15 --stop "$res/stop" \
	--gate "$res/gate.virtio" >"$res/flood.virtio" &
fpids="$fpids $!"
touch "$res/flooding"
wait "$qpid"
qrc=$?
qpid=
touch "$res/stop"
wait $fpids
fpids=
echo "# flood to eth0: $(cat "$res/flood.e1000e" 2>/dev/null); to eth1: $(cat "$res/flood.virtio" 2>/dev/null)"
echo "# the guest ran $(($(date +%s) - t0)) s"
result "$([ "$qrc" = 0 ] && [ -e "$res/done" ]; echo $?)" "the guest ran every scenario to its end (qemu $qrc)"
python3 "$here/check_network.py" "$res" --start "$n"
crc=$?
if [ "$fail" -gt 0 ] || [ "$crc" -gt 0 ]; then
	echo "# guest console (tail):"
	tail -n 40 "$res/console.log" | sed 's/^/# /'
	tail -n 10 "$res/serial.log" | sed 's/^/# /'
	exit 1
fi
exit 0
