#!/usr/bin/env bash
# recommend on this live host (read-only): it samples for --duration at the
# policy's interval, prints valid JSON Lines or a text report, and agrees
# with recommend over a capture recorded from the same host.
set -u
nt=${NT_NETTUNED:?}
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

start=$(date +%s.%N)
out=$("$nt" recommend --duration 2 2>"$tmp/err"); rc=$?
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
check "live recommend exits 0" '[ $rc -eq 0 ]'
check "it sampled for about 2 s (took ${took} s)" 'awk -v t="$took" "BEGIN { exit !(t >= 1.9 && t < 6) }"'
check "text report: findings or nothing to do, over 3 snapshots" \
	'grep -Eq "^(nothing to do: 3 snapshots|nettuned recommend: [0-9]+ findings?( \([0-9]+ changes?\))? from 3 snapshots)" <<<"$out"'
check "no progress line when stderr is not a terminal" '! grep -q sampling "$tmp/err"'

out=$("$nt" recommend --duration 1 --json); rc=$?
check "live --json exits 0" '[ $rc -eq 0 ]'
check "live --json prints only JSON objects with the documented keys" \
	'python3 -c "
import json, sys
keys = {\"kind\", \"rule\", \"severity\", \"knob\", \"device\", \"queue\", \"irq\", \"from\", \"to\",
        \"command\", \"disruptive\", \"evidence\", \"advice\"}
for line in sys.stdin.read().splitlines():
    assert set(json.loads(line)) == keys, line
" < <(printf %s "$out")'

"$nt" record --out "$tmp/cap" --count 3 --interval 0.5 >/dev/null 2>&1
out=$("$nt" recommend --capture "$tmp/cap" 2>&1); rc=$?
check "recommend over a capture of this host exits 0" '[ $rc -eq 0 ]'
check "it reads the 3 recorded snapshots" \
	'grep -Eq "(3 snapshots|from 3 snapshots)" <<<"$out"'
err=$("$nt" recommend --duration 0 2>&1 >/dev/null); rc=$?
check "--duration 0 is a usage error" '[ $rc -eq 2 ] && grep -q "positive duration" <<<"$err"'

echo "1..$n"
[ $fail -eq 0 ]
