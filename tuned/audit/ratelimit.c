// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rate limit: log on change of state, rate-limit the rest. A daemon
 * that re-evaluates every few seconds finds the same held change or the
 * same advice again and again; the journal gets it once per repeat_s with
 * a count, and at once when it changes. A flood guard caps everything else.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_int.h"

#define LIMIT_FIRST_BUCKETS 64

struct limit_key {
	struct limit_key *next;
	uint64_t hash;
	char *key;     /* rule, knob, device, queue, irq */
	char *content; /* event, to, safety: NULL until logged */
	double last_logged;
	double last_seen;
	unsigned long long repeats;
};

static const char *s0(const char *s)
{
	return s ? s : "";
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

int ratelimit_init(struct audit_limit *l, double repeat_s)
{
	memset(l, 0, sizeof(*l));
	l->repeat_s = repeat_s;
	l->bucket = calloc(LIMIT_FIRST_BUCKETS, sizeof(*l->bucket));
	if (!l->bucket)
		return -ENOMEM;
	l->nbucket = LIMIT_FIRST_BUCKETS;
	return 0;
}

static void key_free(struct limit_key *k)
{
	free(k->key);
	free(k->content);
	free(k);
}

void ratelimit_free(struct audit_limit *l)
{
	for (size_t i = 0; i < l->nbucket; i++) {
		while (l->bucket[i]) {
			struct limit_key *k = l->bucket[i];

			l->bucket[i] = k->next;
			key_free(k);
		}
	}
	free(l->bucket);
	l->bucket = NULL;
	l->nbucket = l->nkeys = 0;
}

/* Doubles the table when chains grow past two keys on average; a failed
 * allocation only keeps the chains longer. */
static void limit_grow(struct audit_limit *l)
{
	size_t n = l->nbucket * 2;
	struct limit_key **b;

	if (l->nkeys <= 2 * l->nbucket)
		return;
	b = calloc(n, sizeof(*b));
	if (!b)
		return;
	for (size_t i = 0; i < l->nbucket; i++) {
		while (l->bucket[i]) {
			struct limit_key *k = l->bucket[i];

			l->bucket[i] = k->next;
			k->next = b[k->hash % n];
			b[k->hash % n] = k;
		}
	}
	free(l->bucket);
	l->bucket = b;
	l->nbucket = n;
}

/* Finds the key of @e, creating it; takes @key either way. */
static struct limit_key *limit_lookup(struct audit_limit *l, char *key)
{
	uint64_t h = fnv1a(key);
	struct limit_key *k;

	for (k = l->bucket[h % l->nbucket]; k; k = k->next) {
		if (k->hash == h && !strcmp(k->key, key)) {
			free(key);
			return k;
		}
	}
	k = calloc(1, sizeof(*k));
	if (!k) {
		free(key);
		return NULL;
	}
	k->hash = h;
	k->key = key;
	k->next = l->bucket[h % l->nbucket];
	l->bucket[h % l->nbucket] = k;
	l->nkeys++;
	limit_grow(l);
	return k;
}

bool ratelimit_flood_admit(struct audit_limit *l, double now_s)
{
	if (!l->win_open || now_s < l->win_start || now_s >= l->win_start + AUDIT_FLOOD_WINDOW_S) {
		l->win_open = true;
		l->win_start = now_s;
		l->win_count = 0;
	}
	if (l->win_count >= AUDIT_FLOOD_MAX) {
		l->win_suppressed++;
		return false;
	}
	l->win_count++;
	return true;
}

unsigned long long ratelimit_flood_take(struct audit_limit *l, double now_s)
{
	unsigned long long n = l->win_suppressed;

	if (!n || now_s < l->win_start + AUDIT_FLOOD_WINDOW_S)
		return 0;
	l->win_suppressed = 0;
	return n;
}

static int limit_commit(struct limit_key *k, char *content, double now_s, struct audit_extra *x)
{
	if (k->content && !strcmp(k->content, content)) {
		x->repeats = k->repeats;
		x->since_s = now_s - k->last_logged;
		free(content);
	} else {
		free(k->content);
		k->content = content;
	}
	k->last_logged = now_s;
	k->repeats = 0;
	return LIMIT_LOG;
}

int ratelimit_check(struct audit_limit *l, const struct nt_audit_entry *e, double now_s,
		    struct audit_extra *x)
{
	struct limit_key *k;
	char *key, *content;
	bool same;

	if (!event_deduplicated(e->event))
		return LIMIT_LOG;
	if (asprintf(&key, "%s\x1f%s\x1f%s\x1f%d\x1f%d", s0(e->rule), s0(e->knob), s0(e->device),
		     e->queue, e->irq) < 0)
		return -ENOMEM;
	k = limit_lookup(l, key);
	if (!k)
		return -ENOMEM;
	k->last_seen = now_s;
	if (asprintf(&content, "%d\x1f%s\x1f%s", (int)e->event, s0(e->to), s0(e->safety)) < 0)
		return -ENOMEM;
	same = k->content && !strcmp(k->content, content);
	if ((same && now_s - k->last_logged < l->repeat_s) || !ratelimit_flood_admit(l, now_s)) {
		/* a new content held back by the flood guard is still new next time */
		if (same)
			k->repeats++;
		free(content);
		return LIMIT_SUPPRESS;
	}
	return limit_commit(k, content, now_s, x);
}

void ratelimit_expire(struct audit_limit *l, double now_s)
{
	for (size_t i = 0; i < l->nbucket; i++) {
		struct limit_key **pp = &l->bucket[i];

		while (*pp) {
			struct limit_key *k = *pp;

			if (now_s - k->last_seen > 2 * l->repeat_s) {
				*pp = k->next;
				key_free(k);
				l->nkeys--;
			} else {
				pp = &k->next;
			}
		}
	}
}
