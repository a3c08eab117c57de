// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The NAPI ordinals (napi_ids.h): entries packed in ids[], found through
 * slot[] by their address. Removal moves the last entry into the hole in
 * ids[] and shifts the probe run back in slot[] (no tombstones, so probes
 * stay short however many containers come and go).
 */
#include "bpf/napi_ids.h"

#include <stdio.h>
#include <string.h>

#define SLOT_MASK (NT_NAPI_IDS_SLOTS - 1)

/* The slot holding @key, or the empty one ending its probe run. */
static unsigned int probe(const struct nt_napi_ids *t, __u64 key)
{
	unsigned int s = napi_ids_home(key);

	while (t->slot[s] && t->ids[t->slot[s] - 1].key != key)
		s = (s + 1) & SLOT_MASK;
	return s;
}

struct nt_bpfsig_napi *napi_ids_find(struct nt_napi_ids *t, __u64 key)
{
	unsigned int s = probe(t, key);

	return t->slot[s] ? &t->ids[t->slot[s] - 1] : NULL;
}

/*
 * Empties slot @hole and moves back the entries after it in the same run
 * whose probe path crosses it (Knuth's algorithm R, TAOCP 6.4): an entry
 * at s whose home is h may fill the hole when the hole lies in [h, s).
 */
static void unlink_slot(struct nt_napi_ids *t, unsigned int hole)
{
	for (unsigned int s = (hole + 1) & SLOT_MASK; t->slot[s]; s = (s + 1) & SLOT_MASK) {
		unsigned int home = napi_ids_home(t->ids[t->slot[s] - 1].key);

		if (((hole - home) & SLOT_MASK) < ((s - home) & SLOT_MASK)) {
			t->slot[hole] = t->slot[s];
			hole = s;
		}
	}
	t->slot[hole] = 0;
}

/* Removes ids[@i]: the last entry takes its place, as before the hash. */
static void remove_at(struct nt_napi_ids *t, unsigned int i)
{
	unsigned int last = t->n - 1;

	unlink_slot(t, probe(t, t->ids[i].key));
	if (i != last) {
		t->ids[i] = t->ids[last];
		/* ids[last] still holds the key: its slot is found, and repointed */
		t->slot[probe(t, t->ids[i].key)] = (__u16)(i + 1);
	}
	t->n--;
}

/* A new entry at the empty slot @s; NULL when the table is full. */
static struct nt_bpfsig_napi *insert(struct nt_napi_ids *t, unsigned int s, __u64 key)
{
	struct nt_bpfsig_napi *n;

	if (t->n >= NT_BPF_NAPI_MAX)
		return NULL;
	n = &t->ids[t->n++];
	memset(n, 0, sizeof(*n));
	n->key = key;
	n->id = t->next_id++;
	t->slot[s] = (__u16)t->n;
	return n;
}

struct nt_bpfsig_napi *napi_ids_ordinal(struct nt_napi_ids *t, __u64 key, const char *dev)
{
	unsigned int s = probe(t, key);
	struct nt_bpfsig_napi *n;

	if (t->slot[s]) {
		n = &t->ids[t->slot[s] - 1];
		if (n->gen == t->gen)
			return NULL;
		/* the address freed and reused by another device's NAPI */
		if (dev[0] && n->dev[0] && strcmp(n->dev, dev))
			n->id = t->next_id++;
	} else {
		n = insert(t, s, key);
		if (!n)
			return NULL;
	}
	snprintf(n->dev, sizeof(n->dev), "%s", dev);
	n->gen = t->gen;
	return n;
}

void napi_ids_prune(struct nt_napi_ids *t, bool (*forget)(void *user, __u64 key), void *user)
{
	bool full = t->n > NT_BPF_NAPI_MAX / 4 * 3;

	for (unsigned int i = 0; i < t->n;) {
		const struct nt_bpfsig_napi *n = &t->ids[i];
		bool gone = n->gen != t->gen;

		if (!gone && full && n->idle >= NT_BPF_NAPI_IDLE_READS)
			gone = forget(user, n->key);
		if (gone)
			remove_at(t, i);
		else
			i++;
	}
}
