#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: fakeproc.sh DIR HIDE CMD...
# Runs CMD as the live host but with /proc/HIDE missing: in the mount
# namespace this runs in (the caller uses `unshare -m --propagation
# private`, so nothing outside sees it), /proc becomes a tmpfs of symlinks
# to a fresh procfs mounted on DIR, every entry but HIDE (a path under
# /proc such as net/softnet_stat). The namespace goes with CMD.
dir=$1 hide=$2
shift 2
mount -t proc proc "$dir" || exit 99
mount -t tmpfs tmpfs /proc || exit 99
for e in "$dir"/*; do
	n=${e##*/}
	case "$n" in [0-9]*|self|thread-self|net|sys) continue ;; esac
	ln -s "$e" "/proc/$n"
done
ln -s "$dir/self" /proc/self
ln -s "$dir/thread-self" /proc/thread-self
# CMD runs as this shell's PID (exec): its own /proc/PID (LeakSanitizer
# reads /proc/PID/task at exit)
ln -s "$dir/$$" "/proc/$$"
mkdir /proc/net /proc/sys
for e in "$dir"/net/*; do ln -s "$e" "/proc/net/${e##*/}"; done
for e in "$dir"/sys/*; do ln -s "$e" "/proc/sys/${e##*/}"; done
rm -f "/proc/$hide"
exec "$@"
