// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sd-event sources: one timer per interval, SIGTERM/SIGINT to stop,
 * SIGHUP to reload, the ethtool monitor socket, and sd-event's own
 * watchdog keep-alive (WATCHDOG=1 at half of WatchdogSec when the unit
 * sets it).
 */
#include "daemon/daemon.h"
#include "ethtool/monitor.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>
#include <time.h>

#include "util/cleanup.h"

/*
 * sd-event's default timer accuracy (0: 250 ms) lets it coalesce wakeups:
 * with a short interval, cycles would come in bursts a few ms apart and
 * rates would be taken over those few ms.
 */
#define TIMER_ACCURACY_US 1000

static uint64_t interval_us(const struct nt_daemon *d)
{
	return (uint64_t)(d->config.policy.interval_s * 1e6);
}

/* Now, not the loop's wake-up time (sd_event_now): after a long cycle. */
static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static int on_timer(sd_event_source *s, uint64_t usec, void *user)
{
	struct nt_daemon *d = user;
	uint64_t next, now;
	int r;

	r = daemon_cycle(d);
	if (r < 0) {
		audit_logf(d->audit, LOG_ERR, "cycle: %s; stopping", strerror(-r));
		d->exit_code = 1;
		return sd_event_exit(d->event, 1);
	}
	if (d->o.once && d->intervals_left == 0)
		return sd_event_exit(d->event, 0);
	/* from the planned time, not from now: no drift; but a cycle that
	 * overran (a driver slow to answer) is not made up for with a burst of
	 * cycles a few ms apart, whose rates would mean little */
	next = usec + interval_us(d);
	now = mono_us();
	if (next <= now)
		next = now + interval_us(d);
	r = sd_event_source_set_time(s, next);
	if (r < 0)
		return r;
	return sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
}

static int on_stop(sd_event_source *s, const struct signalfd_siginfo *si, void *user)
{
	struct nt_daemon *d = user;

	(void)s;
	audit_logf(d->audit, LOG_INFO, "received %s; stopping", strsignal((int)si->ssi_signo));
	return sd_event_exit(d->event, 0);
}

static int on_hup(sd_event_source *s, const struct signalfd_siginfo *si, void *user)
{
	struct nt_daemon *d = user;
	uint64_t now;

	(void)s;
	(void)si;
	sd_notify(0, "RELOADING=1");
	daemon_reload(d);
	/* a new interval takes effect from the next tick */
	if (sd_event_now(d->event, CLOCK_MONOTONIC, &now) >= 0)
		sd_event_source_set_time(d->timer, now + interval_us(d));
	sd_notify(0, "READY=1");
	return 0;
}

static void on_changed(void *user, const char *ifname)
{
	managed_device_changed(user, ifname);
}

static int on_monitor(sd_event_source *s, int fd, uint32_t revents, void *user)
{
	struct nt_daemon *d = user;

	(void)s;
	(void)fd;
	(void)revents;
	if (monitor_receive(d->monitor, on_changed, d) < 0)
		audit_logf(
			d->audit, LOG_WARNING,
			"ethtool monitor socket: receive failed; changes are seen at the next cycle");
	return 0;
}

static int add_sources(struct nt_daemon *d)
{
	sigset_t mask;
	int r;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	/* sd-event delivers these through a signalfd only when they are blocked */
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	r = sd_event_add_signal(d->event, NULL, SIGTERM, on_stop, d);
	if (r >= 0)
		r = sd_event_add_signal(d->event, NULL, SIGINT, on_stop, d);
	if (r >= 0)
		r = sd_event_add_signal(d->event, NULL, SIGHUP, on_hup, d);
	if (r >= 0)
		r = sd_event_add_time_relative(d->event, &d->timer, CLOCK_MONOTONIC, 0,
					       TIMER_ACCURACY_US, on_timer, d);
	if (r >= 0 && d->monitor)
		r = sd_event_add_io(d->event, NULL, monitor_fd(d->monitor), EPOLLIN, on_monitor, d);
	if (r >= 0)
		r = sd_event_set_watchdog(d->event, true);
	return r;
}

static void stopping(struct nt_daemon *d)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;

	e.event = NT_EV_DAEMON;
	e.state = "stopping";
	e.mode = daemon_mode(d);
	if (!daemon_enforcing(d))
		e.detail = "nothing was changed by this run";
	else if (d->config.policy.safety.restore_on_exit)
		e.detail = "restoring originals (restore_on_exit = yes)";
	else
		e.detail = "changes stay (restore_on_exit = no)";
	daemon_audit(d, &e);
}

int daemon_loop(struct nt_daemon *d)
{
	int r = sd_event_new(&d->event);

	if (r < 0)
		return r;
	r = add_sources(d);
	if (r < 0) {
		fprintf(stderr, "nettuned run: event loop: %s\n", strerror(-r));
		goto out;
	}
	r = sd_event_loop(d->event);
	if (r < 0)
		fprintf(stderr, "nettuned run: event loop: %s\n", strerror(-r));
	sd_notify(0, "STOPPING=1");
	stopping(d);
	daemon_restore(d);
	persist_save(d);
	/* the file stays and says the daemon stopped (nettuned_running 0) */
	daemon_metrics(d, NULL, true);
out:
	d->timer = sd_event_source_unref(d->timer);
	d->event = sd_event_unref(d->event);
	return r;
}
