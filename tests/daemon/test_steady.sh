#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The daemon over thousands of cycles on this host, in dry-run (nothing is
# written to the host; state and runtime directories are temporary): its
# resident memory and open files must not grow, and a shorter run under
# valgrind must show no memory error and no definite leak. TAP.
set -u

NT=${NT_NETTUNED:?NT_NETTUNED not set}
CYCLES=${NT_STEADY_CYCLES:-3000}
WARM=500
VG_CYCLES=${NT_STEADY_VG_CYCLES:-300}
RSS_BOUND_KB=256

if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind is not installed"
	exit 0
fi
if ldd "$NT" 2>/dev/null | grep -q libasan; then
	echo "1..0 # SKIP ASan build (valgrind cannot run it; ASan checks leaks itself)"
	exit 0
fi

tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=1
	echo "not ok $n - $1"
}
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

printf '[general]\nmode = recommend\ninterval = 10ms\n' >"$tmp/policy.conf"

# A status.json field (numbers only) of runtime directory $1.
field() {
	grep -o "\"$2\":[0-9.e+-]*" "$1/status.json" 2>/dev/null | head -n 1 | cut -d: -f2
}

# Waits until runtime dir $1 shows at least $2 cycles, at most $3 seconds,
# while process $4 runs. Prints nothing; false on timeout or exit.
wait_cycles() {
	end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -le "$end" ]; do
		c=$(field "$1" cycles)
		[ -n "$c" ] && [ "$c" -ge "$2" ] && return 0
		kill -0 "$4" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

vmrss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# The fewest open files over 20 looks 5 ms apart: a look that falls inside a
# cycle also counts the files the sampler has open at that moment.
nfds() {
	local least=100000 n
	for _ in $(seq 20); do
		n=$(ls "/proc/$1/fd" | wc -l)
		[ "$n" -lt "$least" ] && least=$n
		sleep 0.005
	done
	echo "$least"
}

# ---- memory and file descriptors over $CYCLES cycles -------------------------

mkdir -m 0700 "$tmp/run" "$tmp/state"
"$NT" run --dry-run --root / --policy "$tmp/policy.conf" --log stderr \
	--state-dir "$tmp/state" --runtime-dir "$tmp/run" 2>"$tmp/steady.log" &
pid=$!

if wait_cycles "$tmp/run" "$WARM" 120 "$pid"; then
	rss1=$(vmrss "$pid")
	fd1=$(nfds "$pid")
	c1=$(field "$tmp/run" cycles)
	t1=$(date +%s.%N)
	ok "steady: $c1 cycles, VmRSS $rss1 kB, $fd1 fds"
else
	not_ok "steady: the daemon reached $WARM cycles"
	sed 's/^/# /' "$tmp/steady.log" | tail -n 20
	exit 1
fi
if wait_cycles "$tmp/run" "$CYCLES" 300 "$pid"; then
	rss2=$(vmrss "$pid")
	fd2=$(nfds "$pid")
	c2=$(field "$tmp/run" cycles)
	t2=$(date +%s.%N)
	ok "steady: $c2 cycles, VmRSS $rss2 kB, $fd2 fds"
else
	not_ok "steady: the daemon reached $CYCLES cycles"
	sed 's/^/# /' "$tmp/steady.log" | tail -n 20
	exit 1
fi
cycle_s=$(field "$tmp/run" cycle_s)
cycle_max_s=$(field "$tmp/run" cycle_max_s)
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
growth=$((rss2 - rss1))
echo "# VmRSS growth $growth kB over $((c2 - c1)) cycles ($rss1 -> $rss2 kB)"
echo "# cycles/s $(echo "$c1 $c2 $t1 $t2" | awk '{ printf "%.1f", ($2 - $1) / ($4 - $3) }')," \
	"last cycle ${cycle_s} s, longest ${cycle_max_s} s (interval 0.01 s)"
check "steady: VmRSS grew $growth kB from cycle $c1 to $c2 (bound $RSS_BOUND_KB kB)" \
	[ "$growth" -lt "$RSS_BOUND_KB" ]
check "steady: open files $fd1 -> $fd2" [ "$fd2" -le "$fd1" ]
check "steady: SIGTERM -> exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "steady: nothing failed in the audit trail" \
	sh -c "! grep -E 'NETTUNED_EVENT=(failed|applied)|PRIORITY=[0-3] ' '$tmp/steady.log'"
check "steady: state directory left empty (dry-run)" \
	[ -z "$(ls -A "$tmp/state")" ]

# ---- valgrind -----------------------------------------------------------------

mkdir -m 0700 "$tmp/vgrun" "$tmp/vgstate"
valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
	--suppressions="$(dirname "$0")/libbpf.supp" --log-file="$tmp/valgrind.log" \
	"$NT" run --dry-run --root / --policy "$tmp/policy.conf" --log stderr \
	--state-dir "$tmp/vgstate" --runtime-dir "$tmp/vgrun" 2>"$tmp/vg-stderr.log" &
pid=$!
if wait_cycles "$tmp/vgrun" "$VG_CYCLES" 150 "$pid"; then
	ok "valgrind: $(field "$tmp/vgrun" cycles) cycles, last $(field "$tmp/vgrun" cycle_s) s"
	# the BPF map reads are part of the steady loop when they can load
	echo "# BPF signals under valgrind: $(sed -n 's/.*"bpf": *"\([^"]*\)".*/\1/p' "$tmp/vgrun/status.json")"
else
	not_ok "valgrind: the daemon reached $VG_CYCLES cycles"
fi
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
pid=
summary=$(grep -E "ERROR SUMMARY|in use at exit|All heap blocks|definitely lost|indirectly lost|possibly lost|still reachable" "$tmp/valgrind.log")
echo "$summary" | sed 's/^==[0-9]*== */# /'
check "valgrind: exit 0 after SIGTERM, no error, no definite leak (got $rc)" [ "$rc" -eq 0 ]
if ! grep -q "ERROR SUMMARY: 0 errors" "$tmp/valgrind.log"; then
	not_ok "valgrind: ERROR SUMMARY 0 errors"
	grep -v '^==[0-9]*== *$' "$tmp/valgrind.log" | sed 's/^/# /' | head -n 80
else
	ok "valgrind: ERROR SUMMARY 0 errors"
fi

echo "1..$n"
exit $failed
