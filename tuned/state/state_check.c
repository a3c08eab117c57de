// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading one [change] section of state.ini and validating it whole:
 * every key at most once, the keys its knob needs, each value in its
 * knob's syntax (knob_value_parse), identities in the forms identity.c writes.
 * A record that rollback could not act on exactly (a device without its
 * identity, an original that is no value) is never accepted, because
 * accepting it would lose the original or restore an invented one.
 */
#include "state/state_int.h"
#include "state/state_syntax.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/knob_value.h"
#include "util/escape.h"

static const char *const key_names[RK_COUNT] = {
	[RK_SEQ] = "seq",           [RK_KNOB] = "knob",
	[RK_DEVICE] = "device",     [RK_DEVICE_ID] = "device_id",
	[RK_NETNS] = "netns",       [RK_QUEUE] = "queue",
	[RK_IRQ] = "irq",           [RK_IRQ_ACTION] = "irq_action",
	[RK_BOOT_ID] = "boot_id",   [RK_CHANGED_AT] = "changed_at",
	[RK_ORIGINAL] = "original", [RK_WRITTEN] = "written",
	[RK_PENDING] = "pending",
};

/* the highest queue and IRQ numbers a record may name */
#define QUEUE_MAX 65535
#define IRQ_MAX (1 << 24)

void state_loader_init(struct loader *l, struct nt_state *s, struct nt_diag *diag)
{
	memset(l, 0, sizeof(*l));
	l->s = s;
	l->diag = diag;
}

void state_loader_err(struct loader *l, int line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(l->diag, l->s->file, line, "%s", msg);
}

const char *state_loader_shown(struct loader *l, const char *text)
{
	char *out = l->shown[l->next_shown++ % 2];

	if (!escape_text(text, NULL, out, sizeof(l->shown[0])))
		snprintf(out + sizeof(l->shown[0]) - 4, 4, "...");
	return out;
}

int state_loader_int(const char *v, long long min, long long max, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(v, &end, 10);
	return errno || !*v || *end || *out < min || *out > max ? -EINVAL : 0;
}

void state_loader_begin_record(struct loader *l, int line)
{
	l->cur = state_add(l->s);
	l->cur_line = line;
	l->seen = 0;
	if (!l->cur) {
		state_loader_err(l, line, "%s", strerror(ENOMEM));
		l->err = -ENOMEM;
	}
}

static int key_index(const char *key)
{
	for (int k = 0; k < RK_COUNT; k++)
		if (!strcmp(key_names[k], key))
			return k;
	return -1;
}

/* Values stored as text; each is checked once the record is whole. */
static char *text_slot(struct nt_record *r, int k, size_t *size)
{
	switch (k) {
#define SLOT(key, field)                  \
	case key:                         \
		*size = sizeof(r->field); \
		return r->field
		SLOT(RK_DEVICE, device);
		SLOT(RK_DEVICE_ID, device_id);
		SLOT(RK_NETNS, netns);
		SLOT(RK_IRQ_ACTION, irq_action);
		SLOT(RK_BOOT_ID, boot_id);
		SLOT(RK_CHANGED_AT, changed_at);
		SLOT(RK_ORIGINAL, original);
		SLOT(RK_WRITTEN, written);
		SLOT(RK_PENDING, pending);
#undef SLOT
	default:
		return NULL;
	}
}

static int number_key(struct nt_record *r, int k, const char *v)
{
	long long n;
	int knob;

	switch (k) {
	case RK_SEQ:
		if (state_loader_int(v, 1, INT64_MAX, &n))
			return -EINVAL;
		r->seq = (uint64_t)n;
		return 0;
	case RK_KNOB:
		knob = knob_by_name(v);
		if (knob < 0)
			return -EINVAL;
		r->knob = (enum nt_knob)knob;
		return 0;
	case RK_QUEUE:
		if (state_loader_int(v, -1, QUEUE_MAX, &n))
			return -EINVAL;
		r->queue = (int)n;
		return 0;
	default: /* RK_IRQ */
		if (state_loader_int(v, -1, IRQ_MAX, &n))
			return -EINVAL;
		r->irq = (int)n;
		return 0;
	}
}

void state_loader_record_key(struct loader *l, const char *key, const char *raw, int line)
{
	struct nt_record *r = l->cur;
	char *slot;
	size_t size;
	int k = key_index(key), e;

	if (!r)
		return;
	if (k < 0) {
		state_loader_err(l, line, "unknown key %s", state_loader_shown(l, key));
		return;
	}
	if (l->seen & (1u << k)) {
		state_loader_err(l, line, "%s given twice in one [change]", key);
		return;
	}
	l->seen |= 1u << k;
	l->key_line[k] = line;
	slot = text_slot(r, k, &size);
	if (slot) {
		e = state_get(raw, l->version >= 2, slot, size);
		if (e)
			state_loader_err(l, line, "%s: '%s' %s", key, state_loader_shown(l, raw),
					 e == -EINVAL ? "is not a well-formed quoted value" :
							"is too long");
		r->has_written |= k == RK_WRITTEN;
		r->has_pending |= k == RK_PENDING;
		return;
	}
	if (number_key(r, k, raw))
		state_loader_err(l, line, "bad value for %s: '%s'", key,
				 state_loader_shown(l, raw));
}

static bool has(const struct loader *l, int k)
{
	return l->seen & (1u << k);
}

/* A key the record needs and lacks, or has and must not have. */
static void need(struct loader *l, int k, bool wanted, const char *why)
{
	if (has(l, k) == wanted)
		return;
	if (wanted)
		state_loader_err(l, l->cur_line, "[change] lacks %s%s", key_names[k], why);
	else
		state_loader_err(l, l->key_line[k], "%s in a record of %s%s", key_names[k],
				 nt_knobs[l->cur->knob].name, why);
}

static void check_form(struct loader *l, int k, const char *v, bool (*ok)(const char *))
{
	if (has(l, k) && !ok(v))
		state_loader_err(
			l, l->key_line[k], "%s: '%s' is not %s", key_names[k],
			state_loader_shown(l, v),
			k == RK_DEVICE    ? "an interface name" :
			k == RK_DEVICE_ID ? "bus:ADDRESS, mac:ADDRESS, ifindex:N or name:DEV" :
			k == RK_NETNS     ? "a namespace inode number" :
			k == RK_BOOT_ID   ? "a boot id (a UUID)" :
					    "a time as nettuned writes it");
}

static void check_value(struct loader *l, int k, const char *v)
{
	struct nt_value val;

	if (has(l, k) && knob_value_parse(l->cur->knob, v, &val))
		state_loader_err(l, l->key_line[k], "%s: '%s' is not a value of %s", key_names[k],
				 state_loader_shown(l, v), nt_knobs[l->cur->knob].name);
}

/* The instance and the sequence number are each one record's. */
static void check_unique(struct loader *l)
{
	const struct nt_record *r = l->cur;

	for (const struct nt_record *o = l->s->recs; o < r; o++) {
		if (o->knob == r->knob && o->queue == r->queue && o->irq == r->irq &&
		    !strcmp(o->device_id, r->device_id))
			state_loader_err(l, l->cur_line, "a second record of the same %s",
					 key_names[RK_KNOB]);
		if (o->seq == r->seq)
			state_loader_err(l, l->key_line[RK_SEQ], "seq %llu given to two records",
					 (unsigned long long)r->seq);
	}
}

static void check_instance(struct loader *l)
{
	const struct nt_record *r = l->cur;
	enum nt_knob_where w = nt_knobs[r->knob].where;
	bool on_device = w == NT_KW_DEVICE || w == NT_KW_QUEUE;

	need(l, RK_DEVICE, on_device, on_device ? "" : " (it names no device)");
	need(l, RK_DEVICE_ID, on_device, on_device ? "" : " (it names no device)");
	if (has(l, RK_QUEUE) &&
	    (w == NT_KW_QUEUE ? r->queue < 0 : w != NT_KW_IRQ && r->queue != -1))
		state_loader_err(l, l->key_line[RK_QUEUE], "queue = %d in a record of %s", r->queue,
				 nt_knobs[r->knob].name);
	if (has(l, RK_IRQ) && (w == NT_KW_IRQ ? r->irq < 0 : r->irq != -1))
		state_loader_err(l, l->key_line[RK_IRQ], "irq = %d in a record of %s", r->irq,
				 nt_knobs[r->knob].name);
	if (has(l, RK_IRQ_ACTION) && w != NT_KW_IRQ)
		need(l, RK_IRQ_ACTION, false, "");
}

void state_loader_end_record(struct loader *l)
{
	static const int required[] = { RK_SEQ, RK_KNOB, RK_QUEUE, RK_IRQ, RK_ORIGINAL };
	const struct nt_record *r = l->cur;

	if (!r)
		return;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		need(l, required[i], true, "");
	if (has(l, RK_KNOB)) {
		check_instance(l);
		check_value(l, RK_ORIGINAL, r->original);
		check_value(l, RK_WRITTEN, r->written);
		check_value(l, RK_PENDING, r->pending);
	}
	check_form(l, RK_DEVICE, r->device, state_devname_ok);
	check_form(l, RK_DEVICE_ID, r->device_id, state_device_id_ok);
	check_form(l, RK_NETNS, r->netns, state_netns_ok);
	check_form(l, RK_BOOT_ID, r->boot_id, state_boot_id_ok);
	check_form(l, RK_CHANGED_AT, r->changed_at, state_time_ok);
	if (has(l, RK_SEQ) && has(l, RK_KNOB))
		check_unique(l);
	l->cur = NULL;
}
