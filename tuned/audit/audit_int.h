/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internals of the audit trail, shared by the files of tuned/audit/. */
#ifndef NT_AUDIT_INT_H
#define NT_AUDIT_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "audit/audit.h"
#include "util/buf.h"

/* ---- records: one formatted entry, the fields a sink writes ---- */

#define AUDIT_REC_MAX 24

struct audit_rec {
	struct nt_buf text; /* "KEY=value\0KEY=value\0..." */
	unsigned n;
	size_t off[AUDIT_REC_MAX];
	size_t len[AUDIT_REC_MAX]; /* without the NUL */
};

/* What the rate limit and the writer add to an entry. */
struct audit_extra {
	unsigned long long repeats; /* NETTUNED_REPEATS, 0 omitted */
	double since_s;             /* the span those repeats cover */
	unsigned long long lost;    /* NETTUNED_LOST (NT_EV_LOST) */
};

int record_sb_printf(struct nt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct audit_rec *record_new(void);
void record_free(struct audit_rec *r);
/* Adds "KEY=value"; a NULL or empty value adds nothing. 0 or -errno. */
int record_add(struct audit_rec *r, const char *key, const char *val);
int record_addf(struct audit_rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct audit_rec *record_format_entry(const struct nt_audit_entry *e, const struct audit_extra *x);
struct audit_rec *record_format_lost(unsigned long long n);
struct audit_rec *record_format_flood(unsigned long long n);
struct audit_rec *record_format_plain(int priority, const char *msg);

/* ---- events (event.c) and MESSAGE text (message.c) ---- */

const char *event_verb(enum nt_event ev, const char **prep);
bool event_deduplicated(enum nt_event ev);
int message_build(struct nt_buf *m, const struct nt_audit_entry *e, const struct audit_extra *x);

/* ---- rate limit (ratelimit.c) ---- */

struct limit_key;

struct audit_limit {
	struct limit_key **bucket;
	size_t nbucket;
	size_t nkeys;
	double repeat_s;
	bool win_open;
	double win_start;
	unsigned win_count;
	unsigned long long win_suppressed;
};

enum limit_verdict {
	LIMIT_LOG,
	LIMIT_SUPPRESS
};

int ratelimit_init(struct audit_limit *l, double repeat_s);
void ratelimit_free(struct audit_limit *l);
/* Decides for @e at @now_s; fills @x->repeats/since_s when it is a repeat. */
int ratelimit_check(struct audit_limit *l, const struct nt_audit_entry *e, double now_s,
		    struct audit_extra *x);
/* Admits one entry under the flood guard only. */
bool ratelimit_flood_admit(struct audit_limit *l, double now_s);
/* The suppressed count of a flood window that ended before @now_s, then 0. */
unsigned long long ratelimit_flood_take(struct audit_limit *l, double now_s);
void ratelimit_expire(struct audit_limit *l, double now_s);

/* ---- the handle, the queue and the writer thread (writer.c) ---- */

struct nt_audit {
	pthread_mutex_t lock;
	pthread_cond_t more; /* writer: something to write, or stop */
	pthread_cond_t idle; /* flush/close: the writer caught up */
	pthread_t thread;
	bool running;
	bool stopping;
	bool busy; /* the writer holds an entry outside the lock */
	enum nt_audit_sink sink;
	struct audit_rec **ring;
	size_t cap, head, count;
	struct audit_rec *inflight; /* freed by close if the writer is cancelled */
	struct nt_buf line;         /* the writer's stderr line */
	unsigned long long lost_pending;
	struct nt_audit_stats stats;
	struct audit_limit limit;
};

/* Initialises the lock, the queue of @queue_len entries and the thread. */
int writer_start(struct nt_audit *a, size_t queue_len);
/* Queues @r (taking it) or drops it: 0 or -ENOBUFS. Call with a->lock held. */
int writer_queue_push_locked(struct nt_audit *a, struct audit_rec *r);
/* Waits until idle or @deadline (CLOCK_MONOTONIC). Call with a->lock held. */
int writer_wait_idle_locked(struct nt_audit *a, double deadline);
/* Stops the writer within @timeout_s, cancelling it if the sink is stuck. */
void writer_stop(struct nt_audit *a, double timeout_s);

/* ---- sinks (sink.c): 0, or -errno when the entry did not get out ---- */

/* Journal first; on refusal stderr. Sets *@fell_back. */
int sink_journal(const struct audit_rec *r, struct nt_buf *line, bool *fell_back);
/* @line: scratch owned by the handle, so a cancelled writer leaks nothing. */
int sink_stderr(const struct audit_rec *r, struct nt_buf *line);
/* The stderr line for @r into @b (NUL-terminated, ends in '\n'). */
int sink_format_line(struct nt_buf *b, const struct audit_rec *r);

double audit_mono_now(void);

#endif
