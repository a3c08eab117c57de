// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The queue and the writer thread. audit_log() formats an entry and queues
 * it under a mutex; this thread hands entries to the sink, which may block
 * for as long as journald does (see sink_journal()). A full queue drops the
 * entry and counts it; the writer reports the count with one NT_EV_LOST
 * entry as soon as the sink takes entries again.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "audit/audit_int.h"

static struct timespec deadline_ts(double deadline)
{
	struct timespec ts;

	if (deadline > 1e15)
		deadline = 1e15;
	ts.tv_sec = (time_t)deadline;
	ts.tv_nsec = (long)((deadline - floor(deadline)) * 1e9);
	if (ts.tv_nsec > 999999999L)
		ts.tv_nsec = 999999999L;
	return ts;
}

static bool writer_has_work(const struct nt_audit *a)
{
	return a->count || a->lost_pending;
}

int writer_queue_push_locked(struct nt_audit *a, struct audit_rec *r)
{
	if (a->count == a->cap) {
		record_free(r);
		a->stats.dropped++;
		a->lost_pending++;
		return -ENOBUFS;
	}
	a->ring[(a->head + a->count) % a->cap] = r;
	a->count++;
	pthread_cond_signal(&a->more);
	return 0;
}

/* The loss report goes first: it tells how much is missing before what follows. */
static struct audit_rec *queue_take_locked(struct nt_audit *a)
{
	struct audit_rec *r;

	if (a->lost_pending) {
		r = record_format_lost(a->lost_pending);
		a->lost_pending = 0;
		if (r)
			return r;
		if (!a->count)
			return NULL;
	}
	r = a->ring[a->head];
	a->head = (a->head + 1) % a->cap;
	a->count--;
	return r;
}

/*
 * The only place the writer can be cancelled (audit_close() with a stuck
 * sink): sendmsg() and write() are cancellation points, and no lock is
 * held here. Everything else runs with cancellation disabled.
 */
static int writer_emit(struct nt_audit *a, const struct audit_rec *r, bool *fell_back)
{
	int err;

	*fell_back = false;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	if (a->sink == NT_AUDIT_JOURNAL)
		err = sink_journal(r, &a->line, fell_back);
	else
		err = sink_stderr(r, &a->line);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	return err;
}

static void writer_done_locked(struct nt_audit *a, int err, bool fell_back)
{
	record_free(a->inflight);
	a->inflight = NULL;
	a->busy = false;
	if (err)
		a->stats.dropped++;
	else
		a->stats.logged++;
	if (!err && fell_back)
		a->stats.fallback++;
	if (!writer_has_work(a))
		pthread_cond_broadcast(&a->idle);
}

static void *writer_main(void *arg)
{
	struct nt_audit *a = arg;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	pthread_mutex_lock(&a->lock);
	for (;;) {
		bool fell_back;
		int err;

		while (!writer_has_work(a) && !a->stopping)
			pthread_cond_wait(&a->more, &a->lock);
		if (!writer_has_work(a))
			break;
		a->inflight = queue_take_locked(a);
		if (!a->inflight)
			continue;
		a->busy = true;
		pthread_mutex_unlock(&a->lock);
		err = writer_emit(a, a->inflight, &fell_back);
		pthread_mutex_lock(&a->lock);
		writer_done_locked(a, err, fell_back);
	}
	pthread_cond_broadcast(&a->idle);
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

static int cond_init_mono(pthread_cond_t *c)
{
	pthread_condattr_t attr;
	int err;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	err = pthread_cond_init(c, &attr);
	pthread_condattr_destroy(&attr);
	return -err;
}

/*
 * The thread starts with every signal blocked: the daemon's signal
 * handling (signalfd, sigwait) must not have signals land here, and a
 * closed stderr must give EPIPE rather than kill the process.
 */
static int writer_spawn(struct nt_audit *a)
{
	sigset_t all, old;
	int err;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&a->thread, NULL, writer_main, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		return -err;
	a->running = true;
	return 0;
}

int writer_start(struct nt_audit *a, size_t queue_len)
{
	int err;

	a->ring = calloc(queue_len, sizeof(*a->ring));
	if (!a->ring)
		return -ENOMEM;
	a->cap = queue_len;
	err = -pthread_mutex_init(&a->lock, NULL);
	if (!err)
		err = cond_init_mono(&a->more);
	if (!err)
		err = cond_init_mono(&a->idle);
	if (!err)
		err = writer_spawn(a);
	return err;
}

int writer_wait_idle_locked(struct nt_audit *a, double deadline)
{
	struct timespec ts = deadline_ts(deadline);

	while (a->running && (writer_has_work(a) || a->busy)) {
		if (pthread_cond_timedwait(&a->idle, &a->lock, &ts) == ETIMEDOUT)
			return -ETIMEDOUT;
	}
	return 0;
}

static void queue_drain(struct nt_audit *a)
{
	if (a->inflight) {
		record_free(a->inflight);
		a->inflight = NULL;
		a->stats.dropped++;
	}
	while (a->count) {
		record_free(a->ring[a->head]);
		a->head = (a->head + 1) % a->cap;
		a->count--;
		a->stats.dropped++;
	}
	a->lost_pending = 0;
}

void writer_stop(struct nt_audit *a, double timeout_s)
{
	double deadline = audit_mono_now() + (timeout_s > 0 ? timeout_s : 0);

	if (!a->running)
		return;
	pthread_mutex_lock(&a->lock);
	a->stopping = true;
	pthread_cond_signal(&a->more);
	/* a stuck sink is in sendmsg()/write(): cancellation ends it there */
	if (writer_wait_idle_locked(a, deadline))
		pthread_cancel(a->thread);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	a->running = false;
	queue_drain(a);
}
