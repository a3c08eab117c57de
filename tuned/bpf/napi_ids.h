/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The NAPI ordinals of the BPF signals (bpfsig_read.c): the napi map is
 * keyed by napi_struct address, which user space never shows; each address
 * gets a small id instead, kept while the map keeps the NAPI. A hash table
 * on the address (open addressing, linear probing), sized for the map's
 * NT_BPF_NAPI_MAX entries at twice that many slots, so a look-up is O(1)
 * at the cap too and a read cycle never allocates. Plain C, no libbpf:
 * built and unit-tested with or without BPF support.
 */
#ifndef NT_BPF_NAPI_IDS_H
#define NT_BPF_NAPI_IDS_H

#include <stdbool.h>

#include "bpf/signals.h"

/* NAPIs idle for this many reads are forgotten when the map fills up:
 * veth pairs of short-lived containers leave one dead NAPI each. */
#define NT_BPF_NAPI_IDLE_READS 30

/* slots: a power of two, at least half empty, so every probe ends */
#define NT_NAPI_IDS_BITS 11
#define NT_NAPI_IDS_SLOTS (1u << NT_NAPI_IDS_BITS)
_Static_assert(NT_NAPI_IDS_SLOTS >= 2 * NT_BPF_NAPI_MAX, "napi ids: more than half full");
_Static_assert(NT_BPF_NAPI_MAX < 0xffff, "napi ids: slot indexes are 16 bits");

/* A NAPI instance seen in the napi map: the kernel address stays here. */
struct nt_bpfsig_napi {
	__u64 key;         /* napi_struct address, never shown */
	unsigned int id;   /* what the snapshot shows */
	unsigned int gen;  /* read cycle that last saw it */
	unsigned int idle; /* read cycles without a new poll */
	__u64 polls;
	char dev[NT_BPF_DEVLEN];
};

/* All zero is empty. */
struct nt_napi_ids {
	struct nt_bpfsig_napi ids[NT_BPF_NAPI_MAX]; /* ids[0..n-1], in no order */
	__u16 slot[NT_NAPI_IDS_SLOTS];              /* index in ids + 1; 0: empty */
	unsigned int n, next_id;
	unsigned int gen; /* the read cycle: raised before each walk of the map */
};

/*
 * The home slot of @key: hash_64 of the kernel (include/linux/hash.h,
 * GOLDEN_RATIO_64). napi_struct addresses differ in their middle bits
 * (they sit inside net_device and driver allocations, aligned); the
 * multiply moves those into the top bits, which are the ones kept.
 */
static inline unsigned int napi_ids_home(__u64 key)
{
	return (unsigned int)((key * 0x61C8864680B583EBull) >> (64 - NT_NAPI_IDS_BITS));
}

/* The NAPI at @key, NULL when the table does not have it. */
struct nt_bpfsig_napi *napi_ids_find(struct nt_napi_ids *t, __u64 key);

/*
 * The ordinal of the NAPI at @key, with device name @dev, in read cycle
 * t->gen: a new one for a new address, or for a reused address whose
 * device changed (both names known). NULL when it was already seen this
 * cycle (the key walk restarted) or the table is full (NT_BPF_NAPI_MAX).
 */
struct nt_bpfsig_napi *napi_ids_ordinal(struct nt_napi_ids *t, __u64 key, const char *dev);

/*
 * Forgets the NAPIs this cycle did not see (the map no longer has them),
 * and, once the table is three quarters full, the ones idle for
 * NT_BPF_NAPI_IDLE_READS reads that @forget removed from the map (true).
 */
void napi_ids_prune(struct nt_napi_ids *t, bool (*forget)(void *user, __u64 key), void *user);

#endif
