#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What an operator meets on day one (issue 16): JSON that parses whatever
# bytes a device is named with, status and the control commands, messages
# without blanks, options that agree across commands. Fixture trees and
# policies are made in a temporary directory; nothing on the host changes.
# TAP.
set -u
nt=${NT_NETTUNED:?}
fix=${NT_FIXTURES:?}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
tmp=$(mktemp -d /tmp/nt-dayone.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
check() { if eval "$2"; then result 0 "$1"; else result 1 "$1"; fi; }

# ---- JSON: names are bytes --------------------------------------------------
# a device named v<0xff> with one IRQ named after it
python3 - "$tmp/bytes" <<'PY'
import os, sys
root = os.fsencode(sys.argv[1])
dev = root + b"/sys/class/net/v\xff"
os.makedirs(dev + b"/queues/rx-0")
os.makedirs(dev + b"/device")
for name, text in ((b"ifindex", "5\n"), (b"type", "1\n"), (b"device/uevent", "DRIVER=veth\n")):
    open(dev + b"/" + name, "w").write(text)
os.makedirs(root + b"/proc")
open(root + b"/proc/interrupts", "wb").write(
    b"           CPU0\n 40:          7   PCI-MSI 1  edge      v\xff-rx-0\n")
PY
out=$("$nt" sample --root "$tmp/bytes" --json | python3 -c '
import json, os, sys
raw = sys.stdin.buffer.read()
raw.decode("utf-8")	# strict: the whole text is UTF-8
nic = json.loads(raw)["nics"][0]
print(os.fsencode(nic["name"]) == b"v\xff", os.fsencode(nic["irqs"][0]["name"]) == b"v\xff-rx-0")' 2>&1)
check "sample --json: a device and IRQ named with byte 0xff are valid UTF-8 JSON and round-trip ($out)" \
	'[ "$out" = "True True" ]'

# ---- options agree across commands -----------------------------------------
err=$("$nt" record --out "$tmp/rec1" --count 1 --interval 1s --no-bpf 2>&1); rc=$?
check "record --interval takes durations as sample and recommend do (1s)" '[ $rc -eq 0 ] && [ -d "$tmp/rec1/0000" ]'
err=$("$nt" record --out "$tmp/rec2" --count 2 --interval 100ms --no-bpf 2>&1); rc=$?
check "record --interval 100ms" '[ $rc -eq 0 ] && [ -d "$tmp/rec2/0001" ]'
err=$("$nt" record --out "$tmp/rec3" --interval 2parsecs 2>&1); rc=$?
check "record --interval 2parsecs exits 2 naming the forms" '[ $rc -eq 2 ] && grep -q "10ms to 1d (1s, 500ms, 2min)" <<<"$err"'

err=$("$nt" run --metrics nettuned.prom --root "$tmp/bytes" --state-dir "$tmp/st" --runtime-dir "$tmp/rt" --log stderr --once 2>&1); rc=$?
check "run --metrics with a relative path is refused as metrics = is in a policy" '[ $rc -eq 2 ] && grep -q "absolute file path" <<<"$err" && [ ! -e "$tmp/st" ] && [ ! -e "$tmp/rt" ]'
printf '[general]\nmetrics = nettuned.prom\n' >"$tmp/relmetrics.conf"
err=$("$nt" check --policy "$tmp/relmetrics.conf" 2>&1); rc=$?
check "... and the policy refuses the same path" '[ $rc -eq 1 ] && grep -q "absolute file path" <<<"$err"'

err=$("$nt" run --root "$fix/scenarios/healthy" --state-dir "$tmp/st" --runtime-dir "$tmp/rt" --log stderr --once 2>&1); rc=$?
check "run --root at a capture is refused with a hint" '[ $rc -eq 2 ] && grep -q "is a capture (6 snapshots" <<<"$err" && grep -q -- "--root .*/healthy/0000" <<<"$err" && grep -q "nettuned replay --capture" <<<"$err" && [ ! -e "$tmp/st" ]'

printf '[general]\ninterval = 100ms\n[safety]\nsustain = 1\n' >"$tmp/fast.conf"
run_nojournal() {
	if [ -e /run/systemd/journal/socket ]; then
		unshare -m sh -c 'mount -t tmpfs none /run/systemd/journal && exec "$@"' sh "$@"
	else
		"$@"
	fi
}
err=$(run_nojournal "$nt" run --log journal --policy "$tmp/fast.conf" --root "$tmp/bytes" --state-dir "$tmp/st" --runtime-dir "$tmp/rt" --dry-run --once 2>&1); rc=$?
check "run --log journal without a journal says once that it falls back to stderr" '[ $rc -eq 0 ] && [ "$(grep -c "no journal socket" <<<"$err")" = 1 ] && grep -q "goes to stderr" <<<"$err" && grep -q "NETTUNED_EVENT=daemon" <<<"$err"'

# ---- status, pause, resume ---------------------------------------------------
out=$("$nt" status --help); rc=$?
check "status --help lists --json among its options" '[ $rc -eq 0 ] && grep -Eq -- "^  --json +JSON" <<<"$out"'
err=$("$nt" status --runtime-dir "$tmp/nosuch" 2>&1); rc=$?
check "status --runtime-dir that does not exist is an error, not \"not running\"" '[ $rc -eq 1 ] && grep -q "$tmp/nosuch does not exist (ENOENT)" <<<"$err" && ! grep -q "not running" <<<"$err"'
out=$("$nt" status --runtime-dir "$tmp/nosuch" --json); rc=$?
check "... and --json says running null with why" '[ $rc -eq 1 ] && python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"running\"] is None and \"ENOENT\" in d[\"why\"]" "$out"'
for c in pause resume; do
	err=$("$nt" $c --runtime-dir "$tmp/nosuch" 2>&1); rc=$?
	check "$c --runtime-dir that does not exist is an error and creates nothing" '[ $rc -eq 1 ] && grep -q "does not exist (ENOENT)" <<<"$err" && [ ! -e "$tmp/nosuch" ]'
done
mkdir -m 0700 "$tmp/rt0"
out=$("$nt" status --runtime-dir "$tmp/rt0" --json); rc=$?
check "status --json without a status file: JSON, running false and why" '[ $rc -eq 3 ] && python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"running\"] is False and \"no status file\" in d[\"why\"]" "$out"'
# a status left by a daemon that is gone (a PID that cannot exist)
printf '{"pid":4194305,"mode":"enforce","paused":false}\n' >"$tmp/rt0/status.json"
printf 'mode enforce, policy p\n' >"$tmp/rt0/status.txt"
out=$("$nt" status --runtime-dir "$tmp/rt0" --json); rc=$?
check "status --json of a stale status (dead PID): running false, the last status kept" '[ $rc -eq 3 ] && python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"running\"] is False and d[\"mode\"] == \"enforce\" and \"4194305\" in d[\"why\"]" "$out"'
out=$("$nt" status --runtime-dir "$tmp/rt0"); rc=$?
check "status text of a stale status: not running, then the last status" '[ $rc -eq 3 ] && head -n1 <<<"$out" | grep -q "^nettuned: not running (pid 4194305" && grep -q "^mode enforce" <<<"$out"'
# a live one: the test shell's own PID
printf '{"pid":%d,"mode":"recommend","paused":false}\n' $$ >"$tmp/rt0/status.json"
out=$("$nt" status --runtime-dir "$tmp/rt0" --json); rc=$?
check "status --json of a running daemon: running true" '[ $rc -eq 0 ] && python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"running\"] is True and d[\"pid\"] > 0" "$out"'
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 0755 "$tmp"
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$nt" status --runtime-dir "$tmp/rt0" 2>&1); rc=$?
	check "status as another user: cannot read the runtime directory (EACCES), not \"not running\"" '[ $rc -eq 1 ] && grep -q "Permission denied (EACCES)" <<<"$err" && ! grep -q "not running" <<<"$err"'
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$nt" status --runtime-dir "$tmp/rt0" --json); rc=$?
	check "... and --json: running null, errno EACCES" '[ $rc -eq 1 ] && python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d[\"running\"] is None and d[\"errno\"] == \"EACCES\"" "$out"'
	chmod 0700 "$tmp"
else
	result 0 "status as another user # SKIP needs root and setpriv"
	result 0 "status --json as another user # SKIP needs root and setpriv"
fi

err=$("$nt" rollback --state-dir "$tmp/nostate" --root "$tmp/bytes" 2>&1); rc=$?
check "rollback --state-dir that does not exist is an error and creates nothing" '[ $rc -eq 3 ] && grep -q "state directory $tmp/nostate: does not exist (ENOENT)" <<<"$err" && ! grep -q "nothing to roll back" <<<"$err" && [ ! -e "$tmp/nostate" ]'

# ---- messages ----------------------------------------------------------------
cp -r "$fix/vm2-virtio/0000" "$tmp/vm2"
for k in "ring.rx --to 512" "rps.cpus --to 1 --queue 0" "eee.enabled --to off"; do
	err=$("$nt" apply --knob $k --device nosuch0 --root "$tmp/vm2" --state-dir "$tmp/apst" 2>&1); rc=$?
	check "apply ${k%% *} --device nosuch0 says there is no such device" '[ $rc -eq 1 ] && grep -q "no such device: nosuch0" <<<"$err" && ! grep -q "no longer exists" <<<"$err"'
done

echo "1..$n"
[ $fail -eq 0 ]
