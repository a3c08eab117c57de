// SPDX-License-Identifier: GPL-2.0-or-later
#include "model/history.h"
#include "util/array.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const hold_names[NT_HOLD_COUNT] = {
	[NT_HOLD_NONE] = "",
	[NT_HOLD_MANUAL] = "manual",
	[NT_HOLD_UNSUPPORTED] = "unsupported",
	[NT_HOLD_FAILED] = "failed",
};

const char *history_hold_name(enum nt_hold h)
{
	return h < NT_HOLD_COUNT ? hold_names[h] : "";
}

int history_hold_by_name(const char *name)
{
	for (int h = 0; h < NT_HOLD_COUNT; h++)
		if (!strcmp(hold_names[h], name))
			return h;
	return -1;
}

void history_init(struct nt_history *h)
{
	memset(h, 0, sizeof(*h));
	h->quarantine_from = -1;
}

void history_clear(struct nt_history *h)
{
	for (size_t i = 0; i < h->n_verifies; i++)
		free(h->verifies[i].changes);
	h->n_knobs = h->n_changes = h->n_verifies = h->n_backoffs = 0;
	h->quarantine = false;
	h->quarantine_from = -1;
}

void history_free(struct nt_history *h)
{
	history_clear(h);
	free(h->knobs);
	free(h->changes);
	free(h->verifies);
	free(h->backoffs);
	history_init(h);
}

struct nt_knob_state *history_knob(struct nt_history *h, const struct nt_knob_id *id, bool create)
{
	struct nt_knob_state *k;

	for (size_t i = 0; i < h->n_knobs; i++)
		if (knob_id_equal(&h->knobs[i].id, id))
			return &h->knobs[i];
	if (!create)
		return NULL;
	if (array_grow(h->knobs, &h->knobs_cap, h->n_knobs, 16) < 0)
		return NULL;
	k = &h->knobs[h->n_knobs++];
	memset(k, 0, sizeof(*k));
	k->id = *id;
	k->ifindex = -1;
	return k;
}

void history_drop_change(struct nt_history *h, const struct nt_knob_id *id)
{
	for (size_t i = 0; i < h->n_verifies; i++) {
		struct nt_verify *v = &h->verifies[i];

		for (size_t c = 0; c < v->n_changes; c++)
			if (knob_id_equal(&v->changes[c].id, id))
				v->changes[c].dropped = true;
	}
}

void history_forget(struct nt_history *h, const struct nt_knob_id *id)
{
	struct nt_knob_state *k = history_knob(h, id, false);

	if (!k)
		return;
	history_drop_change(h, id);
	k->applied = false;
	k->verifying = false;
}

int history_set_manual(struct nt_history *h, const struct nt_knob_id *id)
{
	struct nt_knob_state *k = history_knob(h, id, true);

	if (!k)
		return -ENOMEM;
	history_forget(h, id);
	k->hold = NT_HOLD_MANUAL;
	k->hold_until = 0;
	return 0;
}

struct nt_verify *history_add_verify(struct nt_history *h, size_t n)
{
	struct nt_verify *v;

	if (array_grow(h->verifies, &h->verifies_cap, h->n_verifies, 4) < 0)
		return NULL;
	v = &h->verifies[h->n_verifies];
	memset(v, 0, sizeof(*v));
	v->changes = calloc(n ? n : 1, sizeof(*v->changes));
	if (!v->changes)
		return NULL;
	v->n_changes = n;
	h->n_verifies++;
	return v;
}

void history_close_verify(struct nt_history *h, size_t i)
{
	free(h->verifies[i].changes);
	memmove(&h->verifies[i], &h->verifies[i + 1],
		(h->n_verifies - i - 1) * sizeof(*h->verifies));
	h->n_verifies--;
}

static void rename_in(char *name, size_t size, const char *from, const char *to)
{
	if (!strcmp(name, from))
		snprintf(name, size, "%s", to);
}

void history_rename(struct nt_history *h, const char *from, const char *to)
{
	for (size_t i = 0; i < h->n_knobs; i++)
		rename_in(h->knobs[i].id.device, sizeof(h->knobs[i].id.device), from, to);
	for (size_t i = 0; i < h->n_verifies; i++) {
		struct nt_verify *v = &h->verifies[i];

		rename_in(v->entity, sizeof(v->entity), from, to);
		for (size_t c = 0; c < v->n_changes; c++)
			rename_in(v->changes[c].id.device, sizeof(v->changes[c].id.device), from,
				  to);
	}
	for (size_t i = 0; i < h->n_backoffs; i++)
		rename_in(h->backoffs[i].entity, sizeof(h->backoffs[i].entity), from, to);
}

int history_take_managed(struct nt_history *to, const struct nt_history *from)
{
	for (size_t i = 0; i < from->n_knobs; i++) {
		const struct nt_knob_state *src = &from->knobs[i];
		struct nt_knob_state *k;

		if (!src->managed)
			continue;
		k = history_knob(to, &src->id, true);
		if (!k)
			return -ENOMEM;
		k->managed = true;
		k->written = src->written;
		k->original = src->original;
		k->has_original = src->has_original;
		k->ifindex = src->ifindex;
		memcpy(k->irq_action, src->irq_action, sizeof(k->irq_action));
	}
	return 0;
}
