#!/usr/bin/env bash
# nettuned check: exit codes, errors as FILE:LINE: MESSAGE on stderr.
set -u
nt=${NT_NETTUNED:?}
cd "${NT_FIXTURES:?}" || exit 1
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
# every stderr line has the FILE:LINE: or FILE: prefix
all_located() { ! grep -Evq '^[^: ]+(:[0-9]+)?: ' <<<"$1"; }

out=$("$nt" check --help); rc=$?
check "--help exits 0 and prints usage" '[ $rc -eq 0 ] && grep -q "Usage: nettuned check" <<<"$out"'
err=$("$nt" check --bogus 2>&1 >/dev/null); rc=$?
check "unknown option exits 2 with usage" '[ $rc -eq 2 ] && grep -q "Usage: nettuned check" <<<"$err"'
"$nt" check --policy >/dev/null 2>&1; rc=$?
check "--policy without a file exits 2" '[ $rc -eq 2 ]'
"$nt" check extra-arg >/dev/null 2>&1; rc=$?
check "a stray argument exits 2" '[ $rc -eq 2 ]'

out=$("$nt" check --list); rc=$?
check "--list names signals with units and knobs" '[ $rc -eq 0 ] && grep -Eq "cpu.time_squeeze +cpu +/s" <<<"$out" && grep -Eq "dev.irq_top_share +device +%" <<<"$out" && grep -q "net.core.netdev_budget" <<<"$out" && grep -q "eee.enabled" <<<"$out"'

out=$("$nt" check 2>&1); rc=$?
check "the shipped policy and rules are valid" '[ $rc -eq 0 ] && grep -Eq "policies/recommend.conf: ok \(mode recommend, [0-9]+ rules?" <<<"$out"'
for p in "${NT_SOURCE_ROOT:?}"/policies/*.conf; do
	out=$("$nt" check --policy "$p" 2>&1); rc=$?
	check "shipped ${p##*/} is valid" '[ $rc -eq 0 ] && grep -q ": ok (mode" <<<"$out"'
done

out=$("$nt" check --policy config/good/policy.conf 2>/dev/null); rc=$?
check "good policy: exit 0, one ok line naming mode and rules" '[ $rc -eq 0 ] && grep -Eq "^config/good/policy.conf: ok \(mode enforce, [0-9]+ rules: .*eee-off, extra, .*squeeze\)$" <<<"$out"'
check "disabled rule is not listed" '! grep -q "advice" <<<"$out"'

err=$("$nt" check --policy config/bad/policy.conf 2>&1 >/dev/null); rc=$?
check "bad policy exits 1" '[ $rc -eq 1 ]'
check "bad policy: every line is FILE:LINE: MESSAGE" 'all_located "$err"'
check "bad policy: unknown section at its line" 'grep -qx "config/bad/policy.conf:40: unknown section \[network\].*" <<<"$err"'
check "bad policy: out of range value at its line" 'grep -q "^config/bad/policy.conf:25: max_changes_per_hour = 3601 is out of range" <<<"$err"'
check "bad policy: 24 errors, all reported" '[ "$(wc -l <<<"$err")" -eq 24 ]'

# a broken header hides no later error and invents no "unknown key" (issue 16)
err=$("$nt" check --policy config/bad/broken-header.conf 2>&1 >/dev/null); rc=$?
want="config/bad/broken-header.conf:4: syntax error: no ']' closes the section header
config/bad/broken-header.conf:5: sustain = 0 is out of range (1 to 1000)
config/bad/broken-header.conf:7: syntax error
config/bad/broken-header.conf:8: syntax error: no ']' closes the section header
config/bad/broken-header.conf:9: bad value '5 parsecs' for interval (expected a duration such as 500ms, 30s, 5min, 1h or 1d)
config/bad/broken-header.conf:10: syntax error
config/bad/broken-header.conf:12: bad value 'x' for allow (expected a CPU list such as 0-3,8)"
check "broken section header: every error in one run, none invented" '[ $rc -eq 1 ] && [ "$err" = "$want" ]'
printf '[safety]\ncooldown = 1d\nbackoff = 7d\n' >"${TMPDIR:-/tmp}/nt-check-$$.conf"
out=$("$nt" check --policy "${TMPDIR:-/tmp}/nt-check-$$.conf" 2>&1); rc=$?
rm -f "${TMPDIR:-/tmp}/nt-check-$$.conf"
check "durations in days up to the documented 7 (1d, 7d)" '[ $rc -eq 0 ]'

err=$("$nt" check --policy config/bad/bind.conf 2>&1 >/dev/null); rc=$?
check "unknown rule in [rule NAME] exits 1 at the section line" '[ $rc -eq 1 ] && grep -q "^config/bad/bind.conf:5: unknown rule '\''nosuch'\''" <<<"$err"'

err=$("$nt" check --policy config/bad/rule-error.conf 2>&1 >/dev/null); rc=$?
check "errors in rule files exit 1" '[ $rc -eq 1 ] && all_located "$err"'
check "rule: unknown signal at its line" 'grep -q "^config/bad/rules/bad-keys.rule:7: unknown signal '\''cpu.time_squeze'\''" <<<"$err"'
check "rule: syntax error at inih'\''s line" 'grep -qx "config/bad/rules/syntax.rule:3: syntax error" <<<"$err"'
check "rule: unknown action at its line" 'grep -q "^config/bad/rules/bad-action.rule:5: unknown action" <<<"$err"'
check "rule: missing [rule] section at line 1" 'grep -qx "config/bad/rules/no-rule.rule:1: no \[rule\] section" <<<"$err"'

err=$("$nt" check --policy config/good/policy.conf --rules config/bad/rules 2>&1 >/dev/null); rc=$?
check "--rules DIR is checked too" '[ $rc -eq 1 ] && grep -q "^config/bad/rules/set-bad.rule:7: " <<<"$err"'

err=$("$nt" check --policy config/bad/nope.conf 2>&1 >/dev/null); rc=$?
check "unreadable policy exits 3 naming the file and errno" '[ $rc -eq 3 ] && grep -qx "config/bad/nope.conf: cannot read: No such file or directory" <<<"$err"'
err=$("$nt" check --policy config/good/policy.conf --rules /nonexistent/rules 2>&1 >/dev/null); rc=$?
check "missing --rules directory exits 3" '[ $rc -eq 3 ] && grep -q "^/nonexistent/rules: cannot read: No such file or directory" <<<"$err"'
err=$("$nt" check --policy config/bad/no-such-dir.conf 2>&1 >/dev/null); rc=$?
check "missing rules = directory exits 3 at the policy's file:line" '[ $rc -eq 3 ] && grep -qx "config/bad/no-such-dir.conf:2: rules directory config/bad/does-not-exist: cannot read: No such file or directory" <<<"$err"'

echo "1..$n"
[ $fail -eq 0 ]
