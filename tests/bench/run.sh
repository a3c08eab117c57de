#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Sampler benchmark: generates snapshot roots of 2, 64, 256 and 1024 CPUs
# into a temporary directory and prints bench_sample's table for them.
#
#   tests/bench/run.sh BENCH_SAMPLE_BINARY [bench_sample options] [-- NCPUS...]
#
# It builds nothing: pass the binary meson built
# (BUILDDIR/tests/bench/bench_sample), or run `meson test --benchmark`.
set -eu

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 BENCH_SAMPLE_BINARY [-n CYCLES] [-t SECONDS] [-- NCPUS...]" >&2
	exit 2
fi
bin=$1
shift
opts=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	opts="$opts $1"
	shift
done
[ $# -gt 0 ] && shift
sizes=${*:-2 64 256 1024}

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nettuned-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# shellcheck disable=SC2086
python3 "$here/gen_sysroot.py" "$tmp" $sizes
roots=
for n in $sizes; do
	roots="$roots $tmp/$(printf 'cpus-%04d' "$n")"
done
# shellcheck disable=SC2086
"$bin" $opts $roots
