#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `nettuned apply` and `nettuned rollback` on the real kernel, inside a
# network namespace this test creates (a veth pair with 4 RX queues) and
# deletes: RPS mask and flow count set, read back and rolled back; the
# ethtool SET path's EOPNOTSUPP answers on veth as clear messages; the
# net.core sysctls missing in a namespace; a rollback from the wrong
# namespace refused; a device deleted between apply and rollback. Nothing
# outside the namespace is written (the host's netdev_budget is compared).
# TAP; "1..0 # SKIP" when not root or without ip netns / veth.
set -u
nt=${NT_NETTUNED:?}
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
skip() { echo "1..0 # SKIP $*"; exit 0; }

[ "$(id -u)" = 0 ] || skip "not root"
command -v ip >/dev/null || skip "no ip command"
ns=nt-apply-$$
sd=$(mktemp -d)
cleanup() { ip netns del "$ns" 2>/dev/null; rm -rf "$sd"; }
trap cleanup EXIT
ip netns add "$ns" 2>/dev/null || skip "ip netns unavailable"
ip -n "$ns" link add vA numtxqueues 4 numrxqueues 4 type veth \
	peer name vB numtxqueues 4 numrxqueues 4 2>/dev/null || skip "cannot create a veth pair"
ip -n "$ns" link set vA up
ip -n "$ns" link set vB up
in_ns() { ip netns exec "$ns" "$@"; }
q=/sys/class/net/vA/queues/rx-1
host_budget=$(cat /proc/sys/net/core/netdev_budget)
online=$(cat /sys/devices/system/cpu/online)

# --- RPS: set, read back, record, roll back ------------------------------
before=$(in_ns cat $q/rps_cpus)
out=$(in_ns "$nt" apply --knob rps.cpus --to 0 --device vA --queue 1 --state-dir "$sd" --json); rc=$?
mask=$(in_ns cat $q/rps_cpus)
check "rps.cpus 0 applied on vA rx-1 (exit $rc)" '[ $rc -eq 0 ] && grep -q "\"outcome\":\"applied\"" <<<"$out"'
check "rps_cpus reads back CPU 0 as a mask ($before -> $mask)" '[ $((16#${mask//,/} & 1)) -eq 1 ] && [ $((16#${mask//,/})) -eq 1 ]'
check "the state file records the original and what was written" \
	'grep -q "^knob = rps.cpus" "$sd/state.ini" && grep -q "^original = $" "$sd/state.ini" && grep -q "^written = 0$" "$sd/state.ini" && grep -q "^device_id = " "$sd/state.ini"'
out=$(in_ns "$nt" apply --knob rps.flow_cnt --to 4096 --device vA --queue 1 --state-dir "$sd"); rc=$?
check "rps.flow_cnt 4096 applied and read back" '[ $rc -eq 0 ] && [ "$(in_ns cat $q/rps_flow_cnt)" = 4096 ]'
err=$(in_ns "$nt" apply --knob rps.flow_cnt --to 1000 --device vA --queue 1 --state-dir "$sd" 2>&1); rc=$?
check "rps.flow_cnt 1000 refused as not a power of two, nothing written" \
	'[ $rc -eq 1 ] && grep -q "power of two" <<<"$err" && [ "$(in_ns cat $q/rps_flow_cnt)" = 4096 ]'
out=$(in_ns "$nt" apply --knob rps.flow_cnt --to 4096 --device vA --queue 1 --state-dir "$sd"); rc=$?
check "applying the current value says unchanged" '[ $rc -eq 0 ] && grep -q "^unchanged:" <<<"$out"'

# --- the ethtool SET path on veth: EOPNOTSUPP and limits as clear messages --
err=$(in_ns "$nt" apply --knob ring.rx --to 512 --device vA --state-dir "$sd" 2>&1); rc=$?
check "ring.rx on veth: unsupported, said with EOPNOTSUPP" '[ $rc -eq 1 ] && grep -q "unsupported: ring.rx of vA" <<<"$err" && grep -q "(EOPNOTSUPP)" <<<"$err"'
err=$(in_ns "$nt" apply --knob eee.enabled --to off --device vA --state-dir "$sd" 2>&1); rc=$?
check "eee.enabled on veth: unsupported, said with EOPNOTSUPP" '[ $rc -eq 1 ] && grep -q "does not support EEE" <<<"$err" && grep -q "(EOPNOTSUPP)" <<<"$err"'
err=$(in_ns "$nt" apply --knob channels.combined --to 2 --device vA --state-dir "$sd" 2>&1); rc=$?
check "channels.combined on veth: no combined channels (4 RX, 4 TX)" '[ $rc -eq 1 ] && grep -q "no combined channels (maximum 0; it has 4 RX and 4 TX)" <<<"$err"'
err=$(in_ns "$nt" apply --knob rps.cpus --to 4095 --device vA --queue 1 --state-dir "$sd" 2>&1); rc=$?
check "an offline CPU is refused, naming the online ones" '[ $rc -eq 1 ] && grep -q "CPU 4095 is not online (online CPUs: $online)" <<<"$err"'
err=$(in_ns "$nt" apply --knob rps.cpus --to 0 --device nosuch0 --queue 0 --state-dir "$sd" 2>&1); rc=$?
check "a missing device is said to be no such device, not a crash" '[ $rc -eq 1 ] && grep -q "^nettuned apply: no such device: nosuch0 is no network device in this network namespace (ENODEV)" <<<"$err"'
err=$(in_ns "$nt" apply --knob ring.rx --to 512 --state-dir "$sd" 2>&1); rc=$?
check "ring.rx without --device is a usage error" '[ $rc -eq 2 ] && grep -q "takes --device" <<<"$err"'

# --- host sysctls do not exist inside a namespace --------------------------
err=$(in_ns "$nt" apply --knob net.core.netdev_budget --to 600 --state-dir "$sd" 2>&1); rc=$?
check "netdev_budget inside a namespace: ENOENT, explained" '[ $rc -eq 1 ] && grep -q "initial network namespace" <<<"$err" && grep -q "(ENOENT)" <<<"$err"'
check "the host's netdev_budget is untouched ($host_budget)" '[ "$(cat /proc/sys/net/core/netdev_budget)" = "$host_budget" ]'

# --- rollback: wrong namespace, dry run, then the real one ------------------
out=$("$nt" rollback --state-dir "$sd"); rc=$?
check "rollback from the host namespace keeps the records (other-netns)" \
	'[ $rc -eq 1 ] && [ "$(grep -c "^other-netns:" <<<"$out")" -eq 2 ] && [ "$(in_ns cat $q/rps_flow_cnt)" = 4096 ]'
out=$(in_ns "$nt" rollback --state-dir "$sd" --dry-run); rc=$?
check "rollback --dry-run lists, newest first, and writes nothing" \
	'[ $rc -eq 0 ] && head -1 <<<"$out" | grep -q "would-restore: rps.flow_cnt" && [ "$(in_ns cat $q/rps_flow_cnt)" = 4096 ]'
in_ns sh -c "echo 2 > $q/rps_flow_cnt" 2>/dev/null || in_ns sh -c "echo 2 > $q/rps_flow_cnt"
out=$(in_ns "$nt" rollback --state-dir "$sd"); rc=$?
check "an operator's later change is skipped and kept; the other knob is restored" \
	'[ $rc -eq 1 ] && grep -q "^changed-since: rps.flow_cnt" <<<"$out" && grep -q "^restored: rps.cpus" <<<"$out" && [ "$(in_ns cat $q/rps_flow_cnt)" = 2 ]'
mask=$(in_ns cat $q/rps_cpus)
check "rps_cpus is back to its original ($before)" '[ $((16#${mask//,/})) -eq $((16#${before//,/})) ]'
out=$(in_ns "$nt" rollback --state-dir "$sd" --force); rc=$?
check "--force restores it" '[ $rc -eq 0 ] && grep -q "^restored: rps.flow_cnt" <<<"$out" && [ "$(in_ns cat $q/rps_flow_cnt)" = 0 ]'
check "the state file holds no change any more" '! grep -q "^\[change\]" "$sd/state.ini"'

# --- a device deleted between apply and rollback -----------------------------
in_ns "$nt" apply --knob rps.cpus --to 0 --device vB --queue 2 --state-dir "$sd" >/dev/null; rc=$?
ip -n "$ns" link del vA
out=$(in_ns "$nt" rollback --state-dir "$sd"); rc=$?
check "a deleted device is reported gone and its record dropped" \
	'[ $rc -eq 0 ] && grep -q "^gone: rps.cpus of vB rx-2" <<<"$out" && ! grep -q "^\[change\]" "$sd/state.ini"'

echo "1..$n"
[ $fail -eq 0 ]
