#!/usr/bin/env bash
# Command-line contract: exit codes, errors that name the path and errno.
set -u
nt=${NT_NETTUNED:?}
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }

out=$("$nt" --help); rc=$?
check "--help exits 0 and lists sample and record" '[ $rc -eq 0 ] && grep -q "sample" <<<"$out" && grep -q "record" <<<"$out"'
out=$("$nt" --version); rc=$?
check "--version prints the version" '[ $rc -eq 0 ] && grep -Eq "^nettuned [0-9]+\.[0-9]+" <<<"$out"'
"$nt" >/dev/null 2>&1; rc=$?
check "no command exits 2" '[ $rc -eq 2 ]'
"$nt" frobnicate >/dev/null 2>&1; rc=$?
check "unknown command exits 2" '[ $rc -eq 2 ]'
err=$("$nt" sample --bogus 2>&1 >/dev/null); rc=$?
check "unknown option exits 2 with usage" '[ $rc -eq 2 ] && grep -q "Usage: nettuned sample" <<<"$err"'
err=$("$nt" sample --root /nonexistent/root 2>&1 >/dev/null); rc=$?
check "missing root names the path and the errno" '[ $rc -eq 1 ] && grep -q "/nonexistent/root" <<<"$err" && grep -q "No such file or directory" <<<"$err"'
err=$("$nt" sample --root /x --capture /y 2>&1 >/dev/null); rc=$?
check "--root with --capture exits 2" '[ $rc -eq 2 ]'
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
err=$("$nt" sample --capture "$tmp" 2>&1 >/dev/null); rc=$?
check "empty capture is an error that says why" '[ $rc -eq 1 ] && grep -q "no snapshot directories" <<<"$err"'
err=$("$nt" record --count 2 2>&1 >/dev/null); rc=$?
check "record without --out exits 2" '[ $rc -eq 2 ] && grep -q -- "--out DIR is required" <<<"$err"'
err=$("$nt" record --out "$tmp/c" --count 0 2>&1 >/dev/null); rc=$?
check "record --count 0 exits 2" '[ $rc -eq 2 ]'
err=$("$nt" record --out "$tmp/c" --interval abc 2>&1 >/dev/null); rc=$?
check "record --interval abc exits 2" '[ $rc -eq 2 ]'
# an empty tree is a host where nothing is available: no crash, says so
mkdir -p "$tmp/empty"
out=$("$nt" sample --root "$tmp/empty" 2>&1); rc=$?
check "empty root is read without a crash and reports what is unavailable" '[ $rc -eq 0 ] && grep -q "unavailable: proc/net/softnet_stat" <<<"$out"'
out=$("$nt" sample --root "$tmp/empty" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d[\"unavailable\"]), len(d[\"nics\"]))"); rc=$?
check "empty root JSON parses and lists unavailable sources" '[ $rc -eq 0 ] && [ "${out%% *}" -ge 8 ] && [ "${out##* }" -eq 0 ]'

# the BPF signals: options, and why they are off when they are
err=$("$nt" sample --interval 0 2>&1 >/dev/null); rc=$?
check "sample --interval 0 exits 2 naming the range" '[ $rc -eq 2 ] && grep -q "10ms" <<<"$err"'
err=$("$nt" sample --capture "$tmp" --no-bpf 2>&1 >/dev/null); rc=$?
check "sample --no-bpf with --capture exits 2" '[ $rc -eq 2 ]'
out=$("$nt" sample --no-bpf 2>&1); rc=$?
check "sample --no-bpf says why the BPF figures are missing" '[ $rc -eq 0 ] && grep -q "^BPF signals: not loaded (--no-bpf" <<<"$out"'
out=$("$nt" sample --json --interval 100ms | python3 -c '
import json, sys
b = json.load(sys.stdin)["bpf"]
print(b["state"], b.get("why", "") or b.get("programs", ""))'); rc=$?
echo "# sample --json: bpf $out"
if [ "${NT_HAVE_BPF:-1}" = 0 ]; then
	check "built without BPF: sample says so" '[ $rc -eq 0 ] && grep -q "^off .*built without BPF support" <<<"$out"'
else
	check "sample --json: the BPF signals attached, or off with a reason" \
		'[ $rc -eq 0 ] && grep -Eq "^(attached napi=|off .{10,})" <<<"$out"'
fi

# apply and rollback refuse bad requests before touching the state directory
err=$("$nt" apply --knob net.core.nosuch --to 1 --state-dir "$tmp/st" 2>&1); rc=$?
check "apply with an unknown knob exits 2" '[ $rc -eq 2 ] && grep -q "unknown knob" <<<"$err" && [ ! -e "$tmp/st" ]'
err=$("$nt" apply --knob eee.enabled --to maybe --device x --state-dir "$tmp/st" 2>&1); rc=$?
check "apply with a value of the wrong syntax exits 2 and names the syntax" '[ $rc -eq 2 ] && grep -q "not a value of eee.enabled (on or off)" <<<"$err" && [ ! -e "$tmp/st" ]'
err=$("$nt" apply --knob irq.affinity --to 1 --device eth0 --state-dir "$tmp/st" 2>&1); rc=$?
check "apply irq.affinity with --device instead of --irq exits 2" '[ $rc -eq 2 ] && grep -q "takes --irq" <<<"$err"'
err=$("$nt" apply --knob rps.cpus --to 1 --device eth0 --state-dir "$tmp/st" 2>&1); rc=$?
check "apply rps.cpus without --queue exits 2" '[ $rc -eq 2 ] && grep -q -- "--device and --queue" <<<"$err"'
err=$("$nt" rollback --bogus 2>&1); rc=$?
check "rollback with an unknown option exits 2" '[ $rc -eq 2 ] && grep -q "Usage: nettuned rollback" <<<"$err"'
mkdir -p "$tmp/st2" && printf '[nettuned]\nversion = 7\n' > "$tmp/st2/state.ini"
err=$("$nt" rollback --root "$tmp/empty" --state-dir "$tmp/st2" 2>&1); rc=$?
check "a state file of another version is refused and left as it is" '[ $rc -eq 3 ] && grep -q "state version 7" <<<"$err" && [ "$(cat "$tmp/st2/state.ini")" = "$(printf "[nettuned]\nversion = 7")" ]'

# the daemon and its controls
out=$("$nt" run --help); rc=$?
check "run --help exits 0 and names every option" '[ $rc -eq 0 ] && for o in --policy --rules --dry-run --once --root --state-dir --runtime-dir --metrics --log; do grep -q -- "$o" <<<"$out" || exit 1; done'
err=$("$nt" run --log syslog 2>&1); rc=$?
check "run --log syslog exits 2 and names the choices" '[ $rc -eq 2 ] && grep -q "expected journal, stderr or auto" <<<"$err"'
err=$("$nt" run --policy "$tmp/nosuch.conf" --runtime-dir "$tmp/rt" --state-dir "$tmp/st" --log stderr 2>&1); rc=$?
check "run with a missing policy exits 3 naming the file" '[ $rc -eq 3 ] && grep -q "nosuch.conf" <<<"$err"'
printf '[general]\nmode = sometimes\n' > "$tmp/bad.conf"
err=$("$nt" run --policy "$tmp/bad.conf" --runtime-dir "$tmp/rt" --state-dir "$tmp/st" --log stderr 2>&1); rc=$?
check "run with a broken policy exits 2 with file:line" '[ $rc -eq 2 ] && grep -q "bad.conf:2:" <<<"$err"'
mkdir -p "$tmp/rtopen" && chmod 0777 "$tmp/rtopen"
err=$("$nt" run --root "$tmp/empty" --runtime-dir "$tmp/rtopen" --state-dir "$tmp/st" --log stderr 2>&1); rc=$?
check "a runtime directory others can write to is refused" '[ $rc -eq 3 ] && grep -q "rtopen" <<<"$err" && grep -q "EPERM" <<<"$err"'
mkdir -m 0700 "$tmp/nort"
out=$("$nt" status --runtime-dir "$tmp/nort"); rc=$?
check "status without a daemon says so and exits 3" '[ $rc -eq 3 ] && grep -q "not running" <<<"$out"'
err=$("$nt" pause --bogus 2>&1); rc=$?
check "pause with an unknown option exits 2" '[ $rc -eq 2 ] && grep -q "Usage: nettuned pause" <<<"$err"'

echo "1..$n"
[ $fail -eq 0 ]
