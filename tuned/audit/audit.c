// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The public entry points: the rate limit decides, the entry is formatted
 * in the caller's thread, and the queue takes it without waiting for the
 * sink. max_enqueue_s measures what the caller pays for that.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit_int.h"

#define AUDIT_DEFAULT_REPEAT_S 600.0
#define AUDIT_DEFAULT_QUEUE 1024

double audit_mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum nt_audit_sink sink_resolve(enum nt_audit_sink sink)
{
	if (sink != NT_AUDIT_AUTO)
		return sink;
	return access(AUDIT_JOURNAL_SOCKET, F_OK) ? NT_AUDIT_STDERR : NT_AUDIT_JOURNAL;
}

int audit_open(struct nt_audit **out, enum nt_audit_sink sink, size_t queue_len, double repeat_s)
{
	struct nt_audit *a;
	int err;

	*out = NULL;
	if (sink != NT_AUDIT_AUTO && sink != NT_AUDIT_JOURNAL && sink != NT_AUDIT_STDERR)
		return -EINVAL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->sink = sink_resolve(sink);
	err = ratelimit_init(&a->limit, repeat_s > 0 ? repeat_s : AUDIT_DEFAULT_REPEAT_S);
	if (!err)
		err = writer_start(a, queue_len ? queue_len : AUDIT_DEFAULT_QUEUE);
	if (err) {
		ratelimit_free(&a->limit);
		free(a->ring);
		free(a);
		return err;
	}
	*out = a;
	return 0;
}

static void note_latency_locked(struct nt_audit *a, double t0)
{
	double d = audit_mono_now() - t0;

	if (d > a->stats.max_enqueue_s)
		a->stats.max_enqueue_s = d;
}

static int enqueue(struct nt_audit *a, struct audit_rec *r, double t0)
{
	int err;

	pthread_mutex_lock(&a->lock);
	err = r ? writer_queue_push_locked(a, r) : -ENOMEM;
	note_latency_locked(a, t0);
	pthread_mutex_unlock(&a->lock);
	return err;
}

/* The flood summary of a window that ended before @now_s, if any. */
static void flood_report(struct nt_audit *a, double now_s, double t0)
{
	unsigned long long n;

	pthread_mutex_lock(&a->lock);
	n = ratelimit_flood_take(&a->limit, now_s);
	pthread_mutex_unlock(&a->lock);
	if (n)
		enqueue(a, record_format_flood(n), t0);
}

static bool entry_valid(const struct nt_audit_entry *e)
{
	return e && (unsigned)e->event < NT_EV_COUNT && e->priority >= -1 &&
	       e->priority <= LOG_DEBUG;
}

int audit_log(struct nt_audit *a, const struct nt_audit_entry *e, double now_s)
{
	struct audit_extra x = { 0 };
	double t0 = audit_mono_now();
	int v;

	if (!a || !entry_valid(e) || isnan(now_s))
		return -EINVAL;
	flood_report(a, now_s, t0);
	pthread_mutex_lock(&a->lock);
	v = ratelimit_check(&a->limit, e, now_s, &x);
	if (v == LIMIT_SUPPRESS)
		a->stats.suppressed++;
	note_latency_locked(a, t0);
	pthread_mutex_unlock(&a->lock);
	if (v < 0)
		return v;
	if (v == LIMIT_SUPPRESS)
		return 0;
	v = enqueue(a, record_format_entry(e, &x), t0);
	return v < 0 ? v : 1;
}

int audit_logf(struct nt_audit *a, int priority, const char *fmt, ...)
{
	double t0 = audit_mono_now();
	char *msg;
	va_list ap;
	int n;

	if (!a || priority < 0 || priority > LOG_DEBUG)
		return -EINVAL;
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	n = enqueue(a, record_format_plain(priority, msg), t0);
	free(msg);
	return n < 0 ? n : 1;
}

int audit_flush(struct nt_audit *a, double timeout_s)
{
	int err;

	pthread_mutex_lock(&a->lock);
	err = writer_wait_idle_locked(a, audit_mono_now() + timeout_s);
	pthread_mutex_unlock(&a->lock);
	return err;
}

void audit_stats(struct nt_audit *a, struct nt_audit_stats *out)
{
	pthread_mutex_lock(&a->lock);
	*out = a->stats;
	pthread_mutex_unlock(&a->lock);
}

enum nt_audit_sink audit_sink(struct nt_audit *a)
{
	return a->sink;
}

void audit_expire(struct nt_audit *a, double now_s)
{
	pthread_mutex_lock(&a->lock);
	ratelimit_expire(&a->limit, now_s);
	pthread_mutex_unlock(&a->lock);
	flood_report(a, now_s, audit_mono_now());
}

size_t audit_key_count(struct nt_audit *a)
{
	size_t n;

	pthread_mutex_lock(&a->lock);
	n = a->limit.nkeys;
	pthread_mutex_unlock(&a->lock);
	return n;
}

void audit_close(struct nt_audit *a, double timeout_s)
{
	if (!a)
		return;
	/* a flood window still open at exit is reported rather than forgotten */
	flood_report(a, HUGE_VAL, audit_mono_now());
	writer_stop(a, timeout_s);
	ratelimit_free(&a->limit);
	buf_free(&a->line);
	free(a->ring);
	pthread_cond_destroy(&a->more);
	pthread_cond_destroy(&a->idle);
	pthread_mutex_destroy(&a->lock);
	free(a);
}
