#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A health gate that fails closed (issue 16): `recommend` and `replay` over
# captures the rules cannot judge say what is missing on stderr and exit 3,
# with or without --fail-on-findings; never "nothing to do". The captures
# are made here from tests/fixtures/scenarios/healthy (6 snapshots, 1 s
# apart, nothing wrong): two empty snapshot directories, a negative
# timestamp, one snapshot, a symlink loop on softnet_stat (made at run
# time: git keeps no loops), a source no rule needs missing. TAP.
set -u
nt=${NT_NETTUNED:?}
fix=${NT_FIXTURES:?}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
tmp=$(mktemp -d /tmp/nt-failclosed.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
check() { if eval "$2"; then result 0 "$1"; else result 1 "$1"; fi; }
healthy=$fix/scenarios/healthy

# recommend CAPTURE [ARGS]: $rc, $out (stdout), $err (stderr)
recommend() {
	local cap=$1
	shift
	out=$("$nt" recommend --capture "$cap" "$@" 2>"$tmp/err"); rc=$?
	err=$(cat "$tmp/err")
}
replay() {
	out=$("$nt" replay --capture "$1" 2>"$tmp/err"); rc=$?
	err=$(cat "$tmp/err")
}

recommend "$healthy" --fail-on-findings
check "a complete, healthy capture passes the gate (exit 0, nothing to do)" \
	'[ $rc -eq 0 ] && grep -q "^nothing to do: 6 snapshots" <<<"$out" && [ -z "$err" ]'

# two empty snapshot directories
mkdir -p "$tmp/empty/0000" "$tmp/empty/0001"
recommend "$tmp/empty" --fail-on-findings
check "two empty snapshots: exit 3, no 'nothing to do'" '[ $rc -eq 3 ] && [ -z "$out" ]'
check "... they have no usable timestamp, said per snapshot" \
	'grep -q "cannot judge: 0 usable snapshots of 2, and rates need two: 0000: no usable timestamp .*; 0001: no usable timestamp" <<<"$err"'
for src in proc/net/softnet_stat proc/interrupts proc/softirqs proc/stat proc/net/netstat sys/class/net; do
	check "... names $src as missing, with the rules that need it" \
		'grep -q "cannot judge: $src could not be read: No such file or directory (ENOENT) in all 2 snapshots; needed by [a-z]" <<<"$err"'
done
recommend "$tmp/empty" --json --fail-on-findings
check "... with --json: nothing on stdout, exit 3" '[ $rc -eq 3 ] && [ -z "$out" ] && grep -q "cannot judge" <<<"$err"'
replay "$tmp/empty"
check "... and replay exits 3 naming them" '[ $rc -eq 3 ] && grep -q "nettuned replay: cannot judge: proc/net/softnet_stat" <<<"$err"'

# a negative timestamp: the intervals around it have no rates
mkdir "$tmp/neg2"
cp -r "$healthy/0000" "$healthy/0001" "$tmp/neg2/"
echo -12.5 >"$tmp/neg2/0001/timestamp"
recommend "$tmp/neg2" --fail-on-findings
check "a negative timestamp in a two-snapshot capture: exit 3, 1 usable snapshot" \
	'[ $rc -eq 3 ] && [ -z "$out" ] && grep -q "cannot judge: 1 usable snapshot of 2, and rates need two: 0001: no usable timestamp" <<<"$err"'
cp -r "$healthy" "$tmp/neg6"
echo -5 >"$tmp/neg6/0003/timestamp"
recommend "$tmp/neg6" --fail-on-findings
check "a negative timestamp in one of six: exit 3 naming the snapshot" \
	'[ $rc -eq 3 ] && [ -z "$out" ] && grep -q "cannot judge: the intervals around 1 of 6 snapshots have no rates: 0003: no usable timestamp" <<<"$err"'

# one snapshot
mkdir "$tmp/one"
cp -r "$healthy/0000" "$tmp/one/"
recommend "$tmp/one" --fail-on-findings
check "one snapshot: exit 3, says rates need two" \
	'[ $rc -eq 3 ] && [ -z "$out" ] && grep -q "cannot judge: 1 usable snapshot of 1, and rates need two" <<<"$err"'
replay "$tmp/one"
check "... replay too, its header says 1 snapshot" '[ $rc -eq 3 ] && grep -q ", 1 snapshot, policy" <<<"$out"'

# a symlink loop on softnet_stat in one snapshot
cp -r "$healthy" "$tmp/loop"
rm "$tmp/loop/0003/proc/net/softnet_stat"
ln -s softnet_stat "$tmp/loop/0003/proc/net/softnet_stat"
out=$("$nt" sample --root "$tmp/loop/0003" 2>&1)
check "sample --root names the loop" 'grep -q "unavailable: proc/net/softnet_stat (Too many levels of symbolic links)" <<<"$out"'
recommend "$tmp/loop" --fail-on-findings
check "recommend names it too: exit 3, ELOOP in snapshot 0003, the rules that need it" \
	'[ $rc -eq 3 ] && [ -z "$out" ] && grep -q "cannot judge: proc/net/softnet_stat could not be read: Too many levels of symbolic links (ELOOP) in snapshot 0003; needed by backlog-overflow, budget-squeeze" <<<"$err"'
replay "$tmp/loop"
check "... and replay" '[ $rc -eq 3 ] && grep -q "ELOOP) in snapshot 0003" <<<"$err"'

# an empty file is as missing as none
cp -r "$healthy" "$tmp/emptyfile"
: >"$tmp/emptyfile/0002/proc/stat"
recommend "$tmp/emptyfile"
check "an empty proc/stat is missing too (exit 3)" \
	'[ $rc -eq 3 ] && grep -q "cannot judge: proc/stat is empty in snapshot 0002; needed by single-queue-rps" <<<"$err"'

# a source no enabled rule reads: said, not fatal
cp -r "$healthy" "$tmp/nosnmp"
rm "$tmp/nosnmp"/*/proc/net/snmp
recommend "$tmp/nosnmp" --fail-on-findings
check "a source no rule needs (proc/net/snmp) missing: exit 0, said in the summary" \
	'[ $rc -eq 0 ] && grep -q "^  not read: proc/net/snmp (ENOENT; no enabled rule needs it)" <<<"$out" && [ -z "$err" ]'

# findings are printed, but a host not fully seen is still not passed
cp -r "$fix/scenarios/squeeze-agent16" "$tmp/sq"
rm "$tmp/sq/0002/proc/net/netstat"
recommend "$tmp/sq" --json
check "findings and a gap: the findings are printed, exit 3 all the same" \
	'[ $rc -eq 3 ] && [ "$(wc -l <<<"$out")" -ge 2 ] && grep -q "cannot judge: proc/net/netstat .* in snapshot 0002; needed by eee-lpi-churn" <<<"$err"'

echo "1..$n"
[ $fail -eq 0 ]
