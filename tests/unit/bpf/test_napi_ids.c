// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The NAPI ordinal table (tuned/bpf/napi_ids.c): look-ups of many
 * kernel-like addresses, runs of addresses with the same home slot (also
 * across the end of the table) with removals in their middle, the
 * NT_BPF_NAPI_MAX cap, an address reused by another device, the idle prune
 * of a full table; and a random walk of read cycles checked step by step
 * against the linear scan the hash replaced (copied below as it was in
 * bpfsig_read.c), which must give the same ordinal to every NAPI.
 */
#include "check.h"

#include <stdbool.h>

#include "bpf/napi_ids.h"
#include "util/cleanup.h"

static struct nt_napi_ids t;

/* ---- the linear scan the table replaced ---------------------------------------- */

static struct {
	struct nt_bpfsig_napi ids[NT_BPF_NAPI_MAX];
	unsigned int n_ids, next_id, gen;
} ref;

static struct nt_bpfsig_napi *ref_ordinal(__u64 key, const char *dev)
{
	struct nt_bpfsig_napi *n = NULL;

	for (unsigned int i = 0; i < ref.n_ids; i++)
		if (ref.ids[i].key == key) {
			n = &ref.ids[i];
			break;
		}
	if (n && n->gen == ref.gen)
		return NULL;
	if (n && dev[0] && n->dev[0] && strcmp(n->dev, dev))
		n->id = ref.next_id++;
	if (!n) {
		if (ref.n_ids >= NT_BPF_NAPI_MAX)
			return NULL;
		n = &ref.ids[ref.n_ids++];
		memset(n, 0, sizeof(*n));
		n->key = key;
		n->id = ref.next_id++;
	}
	snprintf(n->dev, sizeof(n->dev), "%s", dev);
	n->gen = ref.gen;
	return n;
}

static void ref_prune(bool (*forget)(void *user, __u64 key), void *user)
{
	bool full = ref.n_ids > NT_BPF_NAPI_MAX / 4 * 3;

	for (unsigned int i = 0; i < ref.n_ids;) {
		struct nt_bpfsig_napi *n = &ref.ids[i];
		bool gone = n->gen != ref.gen;

		if (!gone && full && n->idle >= NT_BPF_NAPI_IDLE_READS)
			gone = forget(user, n->key);
		if (gone)
			ref.ids[i] = ref.ids[--ref.n_ids];
		else
			i++;
	}
}

/* ---- helpers ------------------------------------------------------------------- */

static unsigned long long rnd_state = 0x9e3779b97f4a7c15ull;

/* xorshift64: the same walk on every run */
static unsigned int rnd(unsigned int below)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned int)(rnd_state % below);
}

/* napi_struct-like addresses: direct map, inside net_device allocations */
static __u64 kaddr(unsigned int i)
{
	return 0xffff888100000000ull + (__u64)i * 0x2000 + (i % 7) * 0x140;
}

/* @n addresses whose home slot is @home, from @from on */
static void same_home(unsigned int home, __u64 *out, unsigned int n, __u64 from)
{
	for (__u64 k = from; n; k += 0x40)
		if (napi_ids_home(k) == home) {
			*out++ = k;
			n--;
		}
}

static void reset(void)
{
	memset(&t, 0, sizeof(t));
	memset(&ref, 0, sizeof(ref));
}

static bool forget_yes(void *user, __u64 key)
{
	(void)key;
	(*(unsigned int *)user)++;
	return true;
}

static bool forget_none(void *user, __u64 key)
{
	(void)key;
	(*(unsigned int *)user)++;
	return false;
}

/* Every entry reachable through its own slot, and nothing else there. */
static void check_consistent(void)
{
	unsigned int used = 0;

	for (unsigned int i = 0; i < t.n; i++)
		CHECK(napi_ids_find(&t, t.ids[i].key) == &t.ids[i]);
	for (unsigned int s = 0; s < NT_NAPI_IDS_SLOTS; s++)
		used += t.slot[s] != 0;
	CHECK_EQ_INT(used, t.n);
}

/* ---- directed cases ------------------------------------------------------------ */

static void test_ordinals(void)
{
	struct nt_bpfsig_napi *a, *b;

	reset();
	t.gen = 1;
	a = napi_ids_ordinal(&t, kaddr(1), "eth0");
	b = napi_ids_ordinal(&t, kaddr(2), "eth0");
	CHECK(a && b);
	CHECK_EQ_INT(a->id, 0);
	CHECK_EQ_INT(b->id, 1);
	/* the key walk restarted: seen twice in one cycle */
	CHECK(!napi_ids_ordinal(&t, kaddr(1), "eth0"));
	t.gen = 2;
	a = napi_ids_ordinal(&t, kaddr(1), "eth0");
	CHECK(a && a->id == 0 && a->gen == 2);
	CHECK(!napi_ids_find(&t, kaddr(3)));
	CHECK(napi_ids_find(&t, kaddr(2)) && napi_ids_find(&t, kaddr(2))->id == 1);
	check_consistent();
}

/* a napi_struct freed and its address reused by another device's NAPI */
static void test_reused_address(void)
{
	struct nt_bpfsig_napi *n;

	reset();
	t.gen = 1;
	n = napi_ids_ordinal(&t, kaddr(5), "veth1");
	CHECK(n && n->id == 0);
	t.gen = 2;
	n = napi_ids_ordinal(&t, kaddr(5), "veth2");
	CHECK(n && n->id == 1);
	CHECK_STR(n ? n->dev : NULL, "veth2");
	/* no name this time (a backlog, or not read): the same NAPI */
	t.gen = 3;
	n = napi_ids_ordinal(&t, kaddr(5), "");
	CHECK(n && n->id == 1 && !n->dev[0]);
	/* and without the name kept, a new one is not told apart */
	t.gen = 4;
	n = napi_ids_ordinal(&t, kaddr(5), "veth9");
	CHECK(n && n->id == 1);
	CHECK_EQ_INT(t.n, 1);
	CHECK_EQ_INT(t.next_id, 2);
}

/* Runs of one home slot, one ending across the table's end; every other
 * entry removed from their middle, then new ones in the holes. */
static void test_collisions(void)
{
	enum {
		RUN = 40
	};
	__u64 k[3][RUN];
	unsigned int homes[3] = { 100, NT_NAPI_IDS_SLOTS - 3, 101 }, forgot = 0;

	reset();
	for (int r = 0; r < 3; r++)
		same_home(homes[r], k[r], RUN, kaddr(r * 7919));
	t.gen = 1;
	for (int i = 0; i < RUN; i++)
		for (int r = 0; r < 3; r++)
			CHECK(napi_ids_ordinal(&t, k[r][i], "eth0"));
	CHECK_EQ_INT(t.n, 3 * RUN);
	for (int r = 0; r < 3; r++)
		for (int i = 0; i < RUN; i++) {
			const struct nt_bpfsig_napi *n = napi_ids_find(&t, k[r][i]);

			CHECK(n && n->key == k[r][i] && n->id == (unsigned int)(i * 3 + r));
		}
	check_consistent();
	/* the even ones not seen, the first at the run's home among them:
	 * gone, and the odd ones still found, none moved before its home */
	t.gen = 2;
	for (int i = 1; i < RUN; i += 2)
		for (int r = 0; r < 3; r++)
			CHECK(napi_ids_ordinal(&t, k[r][i], "eth0"));
	napi_ids_prune(&t, forget_yes, &forgot);
	CHECK_EQ_INT(forgot, 0);
	CHECK_EQ_INT(t.n, 3 * RUN / 2);
	for (int r = 0; r < 3; r++)
		for (int i = 0; i < RUN; i++) {
			const struct nt_bpfsig_napi *n = napi_ids_find(&t, k[r][i]);

			CHECK(i % 2 ? n && n->id == (unsigned int)(i * 3 + r) : !n);
		}
	check_consistent();
	/* back again: new ordinals, nothing found twice */
	t.gen = 3;
	for (int i = 0; i < RUN; i++)
		for (int r = 0; r < 3; r++) {
			const struct nt_bpfsig_napi *n = napi_ids_ordinal(&t, k[r][i], "eth0");

			CHECK(n && (i % 2 ? n->id == (unsigned int)(i * 3 + r) : n->id >= 3 * RUN));
		}
	CHECK_EQ_INT(t.n, 3 * RUN);
	check_consistent();
}

/* NT_BPF_NAPI_MAX NAPIs, and one more is not counted until one is gone. */
static void test_cap(void)
{
	unsigned int forgot = 0;

	reset();
	t.gen = 1;
	for (unsigned int i = 0; i < NT_BPF_NAPI_MAX; i++)
		CHECK(napi_ids_ordinal(&t, kaddr(i), "eth0"));
	CHECK(!napi_ids_ordinal(&t, kaddr(NT_BPF_NAPI_MAX), "eth0"));
	CHECK(!napi_ids_find(&t, kaddr(NT_BPF_NAPI_MAX)));
	CHECK_EQ_INT(t.n, NT_BPF_NAPI_MAX);
	for (unsigned int i = 0; i < NT_BPF_NAPI_MAX; i++) {
		const struct nt_bpfsig_napi *n = napi_ids_find(&t, kaddr(i));

		CHECK(n && n->id == i);
	}
	check_consistent();
	/* ten not seen: pruned, then ten new ones fit, the eleventh not */
	t.gen = 2;
	for (unsigned int i = 10; i < NT_BPF_NAPI_MAX; i++)
		CHECK(napi_ids_ordinal(&t, kaddr(i), "eth0"));
	napi_ids_prune(&t, forget_none, &forgot);
	CHECK_EQ_INT(t.n, NT_BPF_NAPI_MAX - 10);
	t.gen = 3;
	for (unsigned int i = 0; i < 10; i++)
		CHECK(napi_ids_ordinal(&t, kaddr(NT_BPF_NAPI_MAX + i), "eth1"));
	CHECK(!napi_ids_ordinal(&t, kaddr(NT_BPF_NAPI_MAX + 10), "eth1"));
	check_consistent();
}

/* Idle NAPIs are deleted only from a table over three quarters full, and
 * only when the map delete worked. */
static void test_prune_idle(void)
{
	unsigned int calls = 0, fill = NT_BPF_NAPI_MAX / 4 * 3;

	reset();
	t.gen = 1;
	for (unsigned int i = 0; i < fill; i++)
		napi_ids_ordinal(&t, kaddr(i), "eth0")->idle = NT_BPF_NAPI_IDLE_READS;
	napi_ids_prune(&t, forget_yes, &calls);
	CHECK_EQ_INT(calls, 0);
	CHECK_EQ_INT(t.n, fill);
	napi_ids_ordinal(&t, kaddr(fill), "eth0")->idle = NT_BPF_NAPI_IDLE_READS - 1;
	napi_ids_prune(&t, forget_none, &calls);
	CHECK_EQ_INT(calls, fill);
	CHECK_EQ_INT(t.n, fill + 1);
	calls = 0;
	napi_ids_prune(&t, forget_yes, &calls);
	CHECK_EQ_INT(calls, fill);
	CHECK_EQ_INT(t.n, 1);
	CHECK(napi_ids_find(&t, kaddr(fill)) && !napi_ids_find(&t, kaddr(0)));
	check_consistent();
}

/* ---- against the linear scan --------------------------------------------------- */

enum {
	POOL = 1500,
	STABLE = 400,
	CYCLES = 400
};

static __u64 pool[POOL];

/* kernel-like addresses, and runs of one home slot (one across the end) */
static void make_pool(void)
{
	static const unsigned int homes[] = { 7, 8, 500, NT_NAPI_IDS_SLOTS - 2, 1500 };
	unsigned int n = 0;

	for (; n < POOL - 5 * 60; n++)
		pool[n] = kaddr(n);
	for (size_t h = 0; h < NT_ARRAY_SIZE(homes); h++, n += 60)
		same_home(homes[h], pool + n, 60, kaddr(POOL + (unsigned int)h * 4099));
}

/* the map deletes some idle NAPIs and not others (a race with a poll) */
static bool forget_some(void *user, __u64 key)
{
	(void)user;
	return (key >> 6) % 3 != 0;
}

static const char *dev_of(unsigned int i)
{
	static const char *const names[] = { "eth0", "eth1", "", "veth7", "ens3" };
	static char other[16];

	if (rnd(50))
		return names[i % NT_ARRAY_SIZE(names)];
	snprintf(other, sizeof(other), "v%u", rnd(1000));
	return other;
}

/* One NAPI of the walk through both tables: same answer, same bookkeeping. */
static bool walk_one(unsigned int i, bool still)
{
	const char *dev = dev_of(i);
	struct nt_bpfsig_napi *a = napi_ids_ordinal(&t, pool[i], dev);
	struct nt_bpfsig_napi *b = ref_ordinal(pool[i], dev);
	__u64 polls;

	if (!a || !b) {
		CHECK(!a && !b);
		return !a == !b;
	}
	CHECK_EQ_INT(a->id, b->id);
	CHECK_STR(a->dev, b->dev);
	/* as napi_add: the idle count of a NAPI without new polls */
	polls = b->polls + (still ? 0 : rnd(3));
	a->idle = polls == a->polls ? a->idle + 1 : 0;
	b->idle = polls == b->polls ? b->idle + 1 : 0;
	a->polls = b->polls = polls;
	return a->id == b->id;
}

static void same_tables(void)
{
	CHECK_EQ_INT(t.n, ref.n_ids);
	CHECK_EQ_INT(t.next_id, ref.next_id);
	for (unsigned int i = 0; i < t.n && i < ref.n_ids; i++) {
		CHECK_EQ_U64(t.ids[i].key, ref.ids[i].key);
		CHECK_EQ_INT(t.ids[i].id, ref.ids[i].id);
		CHECK_EQ_INT(t.ids[i].idle, ref.ids[i].idle);
	}
	check_consistent();
}

static void test_against_linear(void)
{
	unsigned int walked = 0, capped = 0, before;
	int failed = check_failed;

	reset();
	make_pool();
	for (unsigned int c = 0; c < CYCLES && check_failed == failed; c++) {
		unsigned int m = rnd(POOL);

		t.gen++;
		ref.gen++;
		/* the first STABLE are always there, half of them without polls */
		for (unsigned int i = 0; i < STABLE; i++)
			walk_one(i, i % 2);
		/* then a random draw, with repeats (a restarted key walk) */
		for (unsigned int j = 0; j < m; j++) {
			before = ref.n_ids;
			if (!walk_one(STABLE + rnd(POOL - STABLE), false))
				break;
			capped += before == NT_BPF_NAPI_MAX;
		}
		walked += STABLE + m;
		napi_ids_prune(&t, forget_some, NULL);
		ref_prune(forget_some, NULL);
		same_tables();
	}
	printf("# %u look-ups over %u cycles, %u at the cap, %u ordinals given\n", walked, CYCLES,
	       capped, ref.next_id);
	CHECK(capped > 0);
}

int main(void)
{
	RUN(test_ordinals);
	RUN(test_reused_address);
	RUN(test_collisions);
	RUN(test_cap);
	RUN(test_prune_idle);
	RUN(test_against_linear);
	CHECK_DONE();
}
