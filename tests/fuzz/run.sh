#!/usr/bin/env bash
# Runs the libFuzzer targets of a -Dfuzz=enabled build for a bounded time
# each (README.md here), one after the other, and fails on any crash,
# leak, sanitizer report, failed check, timeout or out-of-memory:
#
#   tests/fuzz/run.sh BUILDDIR SECONDS [TARGET...]
#
# The corpus of each target lives in BUILDDIR/fuzz-corpus/TARGET (seeded by
# seeds.py the first time, growing with every run); the checked-in
# regression corpus regress/TARGET is read too. A failing input is kept as
# BUILDDIR/fuzz-artifacts/TARGET-crash-... : add it to regress/TARGET/
# once fixed. Prints the executions of each target.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
builddir=${1:?usage: run.sh BUILDDIR SECONDS [TARGET...]}
seconds=${2:?usage: run.sh BUILDDIR SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	targets=($(sed -n "s/^fuzz_targets = \[\(.*\)\]/\1/p" "$here/meson.build" | tr -d "',"))
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
mkdir -p "$builddir/fuzz-corpus" "$builddir/fuzz-artifacts"
status=0
for t in "${targets[@]}"; do
	bin="$builddir/tests/fuzz/fuzz-$t"
	corpus="$builddir/fuzz-corpus/$t"
	log="$builddir/fuzz-artifacts/$t.log"
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin not built (meson setup with CC=clang -Dfuzz=enabled)" >&2
		exit 2
	fi
	if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then
		python3 "$here/seeds.py" "$builddir/fuzz-corpus" "$t" >/dev/null
	fi
	dict=()
	[ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
	# 2 GB RSS and 512 MB in one malloc: past that is a finding, not a host
	# to sample (a damaged tree once asked for 2 GB; netdev.c read_queues)
	start=$SECONDS
	if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-malloc_limit_mb=512 -max_len=131072 -print_final_stats=1 \
		-artifact_prefix="$builddir/fuzz-artifacts/$t-" "${dict[@]}" \
		"$corpus" "$here/regress/$t" >"$log" 2>&1; then
		result=ok
	else
		result=FAILED
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
	printf 'fuzz-%-10s %-6s %s executions in %s s, %s, corpus %s inputs\n' "$t" "$result" \
		"${execs:-?}" "$((SECONDS - start))" "${cov:-cov: ?}" "$(ls "$corpus" | wc -l)"
	if [ "$result" = FAILED ]; then
		grep -E 'ERROR|fuzz check failed|runtime error|SUMMARY|Test unit written' "$log" \
			| head -20 >&2 || true
	fi
done
exit $status
