# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the plain guest's scenario scripts (tests/vm/guest/*.sh), in
# the guest, with R (the results share) set. RESULTS/env names NT (the
# nettuned binary) and SRC (the source tree, for rules/).
. "$R/env"

# gate on NAME [FRAMES_PER_S] | gate off NAME: the host's flooder NAME
# sends only while $R/gate.NAME exists, at the rate written in it (as
# fast as it can without one)
gate() {
	case $1 in
	on) echo "${3:-}" >"$R/gate.$2" ;;
	off) rm -f "$R/gate.$2" ;;
	esac
}

# snap NAME: the counters the host compares between two points in time
snap() {
	{
		echo "== uptime"; cut -d' ' -f1 /proc/uptime
		echo "== softnet_stat"; cat /proc/net/softnet_stat
		echo "== softirqs"; cat /proc/softirqs
		echo "== interrupts"; cat /proc/interrupts
		echo "== netdev_budget"; cat /proc/sys/net/core/netdev_budget
	} >"$R/snap.$1"
}

# wait_until SECONDS COMMAND...: polls every 0.2 s; 1 on timeout. The
# deadline is on the clock, not a count of polls: under TCG a poll that
# forks can take longer than its sleep.
wait_until() {
	local end=$(($(cut -d. -f1 /proc/uptime) + $1))
	shift
	while ! "$@"; do
		[ "$(cut -d. -f1 /proc/uptime)" -lt $end ] || return 1
		sleep 0.2
	done
}

# policy FILE RULE...: an enforce policy with only RULE... enabled (the
# shipped rules not named are switched off); more sections from stdin (a
# section may be reopened, but a key given twice is an error: VERIFY=
# sets the verify window)
policy() {
	local file=$1 f name
	shift
	{
		printf '[general]\nmode = enforce\ninterval = 1s\n\n'
		printf '[safety]\nsustain = 2\ncooldown = 4s\nmax_changes_per_hour = 30\n'
		printf 'verify = %s\nrollback = yes\nbackoff = 1h\n\n' "${VERIFY:-5s}"
		for f in "$SRC"/rules/*.rule; do
			name=$(basename "$f" .rule)
			case " $* " in *" $name "*) continue ;; esac
			printf '[rule %s]\nenabled = no\n\n' "$name"
		done
		cat
	} >"$file"
}

# nt_start NAME POLICY: the daemon in the foreground of this script, its
# log (stderr KEY=value records, as without a journal) in $R/NAME.log
nt_start() {
	mkdir -p "/run/nt/$1"
	"$NT" run --policy "$2" --state-dir "/run/nt/$1/state" --runtime-dir "/run/nt/$1/run" \
		--metrics "$R/$1.prom" --log stderr 2>"$R/$1.log" &
	nt_pid=$!
	nt_name=$1
}

# nt_stop: the status and the metrics file while it runs (NAME.running.prom:
# the file left at stop holds nettuned_running 0 and no host figures), then
# SIGTERM
nt_stop() {
	"$NT" status --runtime-dir "/run/nt/$nt_name/run" >"$R/$nt_name.status" 2>&1
	cp "$R/$nt_name.prom" "$R/$nt_name.running.prom" 2>/dev/null
	kill -TERM "$nt_pid"
	wait "$nt_pid"
	echo $? >"$R/$nt_name.rc"
}

# logged NAME PATTERN: the daemon's log has a record matching PATTERN
logged() {
	grep -q -E "$2" "$R/$1.log"
}

budget() { cat /proc/sys/net/core/netdev_budget; }
