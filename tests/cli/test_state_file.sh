#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A damaged state file stops every command that reads it (exit 3,
# file:line, raw bytes escaped) and nothing is written, appended or
# dropped: apply, rollback and the daemon in enforce mode, over a fixture
# tree. TAP.
set -u
nt=${NT_NETTUNED:?}
fx=${NT_FIXTURES:?}
. "$(dirname "$0")/../lib/tap.sh"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r "$fx/vm2-virtio/0000" "$tmp/tree"
budget=$tmp/tree/proc/sys/net/core/netdev_budget

# refused NAME TEXT: every reader of DIR/state.ini exits 3 naming the file, and leaves it
refused() {
	local name=$1 sd=$tmp/$1 out rc cmd
	mkdir -p "$sd"
	printf '%b' "$2" >"$sd/state.ini"
	cp "$sd/state.ini" "$sd/before"
	for cmd in rollback apply run; do
		case $cmd in
		rollback) out=$("$nt" rollback --root "$tmp/tree" --state-dir "$sd" 2>&1) ;;
		apply) out=$("$nt" apply --knob net.core.netdev_budget --to 700 --root "$tmp/tree" \
			--state-dir "$sd" 2>&1) ;;
		run) printf '[general]\nmode = enforce\ninterval = 50ms\n' >"$tmp/enforce.conf"
			out=$("$nt" run --once --policy "$tmp/enforce.conf" --root "$tmp/tree" \
				--state-dir "$sd" --runtime-dir "$tmp/run-$name" --log stderr 2>&1) ;;
		esac
		rc=$?
		result "$([ $rc -eq 3 ] && grep -q "$sd/state.ini:" <<<"$out" &&
			! LC_ALL=C grep -q '[^[:print:][:space:]]' <<<"$out" &&
			cmp -s "$sd/state.ini" "$sd/before" && [ ! -e "$sd/state.ini.tmp" ] &&
			[ "$(cat "$budget")" = 300 ]; echo $?)" \
			"$name: $cmd exits 3 naming the file, writes nothing (rc $rc: $(head -c 300 <<<"$out"))"
	done
}

v1='[nettuned]\nversion = 1\nnext_seq = 3\n'
refused truncated "$v1\n[change]\nseq = 2\nknob = ring.rx\ndevice = eth0\ndevice_id = ifin"
refused no-original "$v1\n[change]\nseq = 2\nknob = net.core.netdev_budget\nqueue = -1\nirq = -1\nwritten = 600\n"
refused bad-written "$v1\n[change]\nseq = 2\nknob = net.core.netdev_budget\nqueue = -1\nirq = -1\noriginal = 300\nwritten = zzz\n"
refused empty ""
refused garbage '\x7fELF\x02\x01\x01\x1b[2J\xff=\x07\n[\x1b]\n'
refused cut-v2 '[nettuned]\nversion = 2\nnext_seq = 2\n\n[change]\nseq = 1\nknob = net.core.netdev_budget\nqueue = -1\nirq = -1\noriginal = 300\nwritten = 600\n'

# a good version 1 file: read, acted on, written back as version 2
sd=$tmp/v1
mkdir -p "$sd"
printf "$v1"'\n[change]\nseq = 2\nknob = net.core.netdev_budget\nqueue = -1\nirq = -1\noriginal = 250\nwritten = 300\n' >"$sd/state.ini"
out=$("$nt" rollback --root "$tmp/tree" --state-dir "$sd" 2>&1); rc=$?
result "$([ $rc -eq 0 ] && [ "$(cat "$budget")" = 250 ] && grep -q '^version = 2$' "$sd/state.ini" &&
	grep -q '^records = 0$' "$sd/state.ini"; echo $?)" \
	"a version 1 file is read and rolled back (300 -> 250), then written as version 2 (rc $rc: $out)"
echo 300 >"$budget"

# a name inih would cut (a leading ;) survives apply and rollback
sd=$tmp/hostile
mkdir -p "$tmp/tree/sys/class/net/;x/queues/rx-0"
cp -r "$tmp/tree/sys/class/net/eth0/queues/rx-0/." "$tmp/tree/sys/class/net/;x/queues/rx-0/"
echo 9 >"$tmp/tree/sys/class/net/;x/ifindex"
out=$("$nt" apply --knob rps.cpus --to 1 --device ';x' --queue 0 --root "$tmp/tree" --state-dir "$sd" 2>&1); rc=$?
out2=$("$nt" rollback --root "$tmp/tree" --state-dir "$sd" 2>&1); rc2=$?
result "$([ $rc -eq 0 ] && [ $rc2 -eq 0 ] && grep -q '^restored: rps.cpus of ;x rx-0' <<<"$out2" &&
	grep -q '^records = 0$' "$sd/state.ini"; echo $?)" \
	"a device named ';x': applied and rolled back through the state file (rc $rc/$rc2: $out / $out2)"
echo "1..$n"
[ "$fail" -eq 0 ]
