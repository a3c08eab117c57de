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

# fail closed, live (issue 16): a source no rule needs is said in the
# summary; one the rules need makes the host unjudged (exit 3, named)
here=$(cd "$(dirname "$0")" && pwd)
pol=${NT_SOURCE_ROOT:?}/policies/recommend.conf
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	mkdir "$tmp/proc1" "$tmp/proc2"
	out=$(unshare -m --propagation private "$here/../lib/fakeproc.sh" "$tmp/proc1" net/snmp \
		"$nt" recommend --duration 1 --policy "$pol" 2>&1); rc=$?
	check "live recommend that cannot read proc/net/snmp (no rule needs it) says so in its summary" \
		'[ $rc -eq 0 ] && grep -q "^  not read: proc/net/snmp (ENOENT; no enabled rule needs it)" <<<"$out"'
	err=$(unshare -m --propagation private "$here/../lib/fakeproc.sh" "$tmp/proc2" net/softnet_stat \
		"$nt" recommend --duration 1 --policy "$pol" --fail-on-findings 2>&1 >"$tmp/out"); rc=$?
	check "live recommend that cannot read softnet_stat exits 3 naming it, no 'nothing to do'" \
		'[ $rc -eq 3 ] && grep -q "cannot judge: proc/net/softnet_stat could not be read: No such file or directory (ENOENT) in all 2 snapshots; needed by .*budget-squeeze" <<<"$err" && ! grep -q "nothing to do" "$tmp/out"'
else
	ok "live recommend with proc/net/snmp hidden # SKIP needs root and unshare"
	ok "live recommend with softnet_stat hidden # SKIP needs root and unshare"
fi

# why the BPF figures are missing, said once, also to a user without the privileges
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 0755 "$tmp"
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	if [ "${NT_HAVE_BPF:-1}" = 0 ]; then why="built without BPF support"; else why="EPERM"; fi
	out=$(as_nobody "$nt" recommend --duration 1 --policy "$pol" 2>&1); rc=$?
	check "recommend as an unprivileged user says once why the BPF figures are missing" \
		'[ $rc -eq 0 ] && [ "$(grep -c "^BPF signals off: " <<<"$out")" = 1 ] && grep -q "^BPF signals off: .*$why" <<<"$out"'
	out=$(as_nobody "$nt" recommend --duration 1 --policy "$pol" --json 2>"$tmp/err"); rc=$?
	check "... with --json on stderr, stdout JSON only" \
		'[ $rc -eq 0 ] && [ "$(grep -c "^BPF signals off: .*$why" "$tmp/err")" = 1 ] && ! grep -q "BPF" <<<"$out"'
	out=$(as_nobody "$nt" sample 2>&1); rc=$?
	check "sample as an unprivileged user says why the BPF figures are missing" \
		'[ $rc -eq 0 ] && [ "$(grep -c "^BPF signals: off: .*$why" <<<"$out")" = 1 ]'
	chmod 0700 "$tmp"
else
	ok "recommend as an unprivileged user # SKIP needs root and setpriv"
	ok "recommend --json as an unprivileged user # SKIP needs root and setpriv"
	ok "sample as an unprivileged user # SKIP needs root and setpriv"
fi

echo "1..$n"
[ $fail -eq 0 ]
