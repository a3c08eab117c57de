# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers for the shell tests, sourced:
#   skip WHY          the whole test is skipped ("1..0 # SKIP WHY"), exit 0
#   result RC TEXT    one numbered check: ok when RC is 0; counts $n and $fail
n=0
fail=0

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=$((fail + 1))
	fi
}
