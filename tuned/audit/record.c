// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Records: an entry turned into its journal fields, formatted by the
 * caller of audit_log() so that the writer thread only copies bytes out.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "audit/audit_int.h"
#include "util/cleanup.h"

static int __attribute__((format(printf, 2, 0)))
sb_vprintf(struct nt_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n, r;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0) {
		va_end(again);
		return -EINVAL;
	}
	r = buf_reserve(b, b->len + (size_t)n);
	if (!r) {
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
	return r;
}

int record_sb_printf(struct nt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sb_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

struct audit_rec *record_new(void)
{
	return calloc(1, sizeof(struct audit_rec));
}

void record_free(struct audit_rec *r)
{
	if (!r)
		return;
	buf_free(&r->text);
	free(r);
}

static int __attribute__((format(printf, 2, 0)))
rec_vaddf(struct audit_rec *r, const char *fmt, va_list ap)
{
	size_t start = r->text.len;
	int err;

	if (r->n == AUDIT_REC_MAX)
		return -E2BIG;
	err = sb_vprintf(&r->text, fmt, ap);
	if (err)
		return err;
	/* keep the NUL: each field is a C string for the sinks */
	r->off[r->n] = start;
	r->len[r->n] = r->text.len - start;
	r->text.len++;
	r->n++;
	return 0;
}

int record_addf(struct audit_rec *r, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = rec_vaddf(r, fmt, ap);
	va_end(ap);
	return err;
}

int record_add(struct audit_rec *r, const char *key, const char *val)
{
	if (!val || !*val)
		return 0;
	return record_addf(r, "%s=%s", key, val);
}

static int rec_head(struct audit_rec *r, const char *id, int priority, const char *event)
{
	int err = record_add(r, "MESSAGE_ID", id);

	if (!err)
		err = record_addf(r, "PRIORITY=%d", priority);
	if (!err)
		err = record_add(r, "SYSLOG_IDENTIFIER", "nettuned");
	if (!err)
		err = record_add(r, "NETTUNED_EVENT", event);
	return err;
}

static int rec_int(struct audit_rec *r, const char *key, long long v)
{
	return v < 0 ? 0 : record_addf(r, "%s=%lld", key, v);
}

static int rec_fields(struct audit_rec *r, const struct nt_audit_entry *e,
		      const struct audit_extra *x)
{
	int err = record_add(r, "NETTUNED_RULE", e->rule);

	if (!err)
		err = record_add(r, "NETTUNED_KNOB", e->knob);
	if (!err)
		err = record_add(r, "NETTUNED_DEVICE", e->device);
	if (!err)
		err = rec_int(r, "NETTUNED_QUEUE", e->queue);
	if (!err)
		err = rec_int(r, "NETTUNED_IRQ", e->irq);
	if (!err)
		err = record_add(r, "NETTUNED_FROM", e->from);
	if (!err)
		err = record_add(r, "NETTUNED_TO", e->to);
	if (!err)
		err = record_add(r, "NETTUNED_MODE", e->mode);
	if (!err)
		err = record_add(r, "NETTUNED_EVIDENCE", e->evidence);
	if (!err)
		err = record_add(r, "NETTUNED_SAFETY", e->safety);
	if (!err)
		err = record_add(r, "NETTUNED_STATE", e->state);
	if (!err)
		err = record_add(r, "NETTUNED_DETAIL", e->detail);
	if (!err && x && x->repeats)
		err = rec_int(r, "NETTUNED_REPEATS", (long long)x->repeats);
	if (!err && e->event == NT_EV_LOST && x && x->lost)
		err = rec_int(r, "NETTUNED_LOST", (long long)x->lost);
	return err;
}

/* Trims the text to its size: a full queue of 1024 holds ~300 KiB, not 4 MiB. */
static struct audit_rec *rec_done(struct audit_rec *r, int err)
{
	char *p;

	if (err) {
		record_free(r);
		return NULL;
	}
	p = realloc(r->text.data, r->text.len);
	if (p) {
		r->text.data = p;
		r->text.cap = r->text.len;
	}
	return r;
}

struct audit_rec *record_format_entry(const struct nt_audit_entry *e, const struct audit_extra *x)
{
	_cleanup_(buf_free) struct nt_buf msg = { 0 };
	int prio = e->priority < 0 ? event_default_priority(e->event) : e->priority;
	struct audit_rec *r = record_new();
	int err;

	if (!r)
		return NULL;
	err = rec_head(r, event_message_id(e->event), prio, event_name(e->event));
	if (!err)
		err = rec_fields(r, e, x);
	if (!err)
		err = message_build(&msg, e, x);
	if (!err)
		err = record_add(r, "MESSAGE", msg.data);
	return rec_done(r, err);
}

struct audit_rec *record_format_lost(unsigned long long n)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	struct audit_extra x = { .lost = n };

	e.event = NT_EV_LOST;
	return record_format_entry(&e, &x);
}

struct audit_rec *record_format_flood(unsigned long long n)
{
	struct audit_rec *r = record_new();
	int err;

	if (!r)
		return NULL;
	err = rec_head(r, AUDIT_FLOOD_MESSAGE_ID, LOG_WARNING, "rate-limited");
	if (!err)
		err = record_addf(r, "NETTUNED_SUPPRESSED=%llu", n);
	if (!err)
		err = record_addf(r,
				  "MESSAGE=%llu audit entries suppressed: more than %d in %.0f s",
				  n, AUDIT_FLOOD_MAX, AUDIT_FLOOD_WINDOW_S);
	return rec_done(r, err);
}

struct audit_rec *record_format_plain(int priority, const char *msg)
{
	struct audit_rec *r = record_new();
	int err;

	if (!r)
		return NULL;
	err = record_addf(r, "PRIORITY=%d", priority);
	if (!err)
		err = record_add(r, "SYSLOG_IDENTIFIER", "nettuned");
	if (!err)
		err = record_addf(r, "MESSAGE=%s", msg);
	return rec_done(r, err);
}
