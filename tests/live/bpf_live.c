// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF signals on the running kernel, for bpf_veth.sh and bpf_cost.sh:
 *
 *   bpf_live -- COMMAND [ARGS]   snapshot, run COMMAND (the traffic),
 *                                snapshot, print the deltas
 *   bpf_live --hold SECONDS [PARTS]
 *                                keep the programs attached for a while;
 *                                PARTS: comma-separated napi, softirq,
 *                                drops (default all), and classic (no
 *                                raw_tracepoint programs), for bpf_cost.sh
 *   bpf_live --toggle            the softirq pair detached and attached
 *                                again through a sampler (bpf_softirq.sh):
 *                                one line per read, "read N softirq=0|1
 *                                paths ..."
 *
 * Output lines (deltas between the two snapshots):
 *   paths napi=raw softirq=raw drops=raw   (the programs used; first line)
 *   napi dev=vB id=3 polls=N packets=N full=N weight=64 irq=-1 cpu=2
 *   softirq cpu=2 rx_ns=N rx_runs=N tx_ns=N tx_runs=N   (CPUs that moved)
 *   drop reason=6 name=SOCKET_RCVBUFF count=N
 * Exit 0; 77 with "skip: WHY" when the signals cannot be loaded for lack
 * of privilege or of BPF support in this build; 1 on other failures.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf/bpfsig.h"
#include "sample/sampler.h"
#include "util/cleanup.h"
#include "model/snapshot.h"

#define EXIT_SKIP 77

static bool skip_err(int r)
{
	return r == -EOPNOTSUPP || r == -EPERM || r == -EACCES;
}

static struct nt_sampler *open_bpf(void)
{
	struct nt_sampler *s;
	const char *why;
	char err[256];
	int r = sampler_open(&s, "/", NT_SAMPLER_BPF | NT_SAMPLER_NO_ETHTOOL, err, sizeof(err));

	if (r < 0) {
		printf("error: sampler_open: %s\n", err);
		exit(1);
	}
	r = sampler_bpf_state(s, &why);
	if (r == 0)
		return s;
	printf("%s: %s\n", skip_err(r) ? "skip" : "error", why);
	sampler_close(s);
	exit(skip_err(r) ? EXIT_SKIP : 1);
}

/* NT_BPFSIG_* flags of PARTS ("napi,drops,classic"); exits on a bad word */
static unsigned int parse_parts(const char *parts)
{
	static const struct {
		const char *word;
		unsigned int flag;
	} words[] = {
		{ "napi", NT_BPFSIG_NO_NAPI },
		{ "softirq", NT_BPFSIG_NO_SOFTIRQ },
		{ "drops", NT_BPFSIG_NO_DROPS },
	};
	unsigned int flags = NT_BPFSIG_NO_NAPI | NT_BPFSIG_NO_SOFTIRQ | NT_BPFSIG_NO_DROPS;
	unsigned int named = 0;
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", parts);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t i;

		if (!strcmp(w, "classic")) {
			flags |= NT_BPFSIG_CLASSIC;
			continue;
		}
		for (i = 0; i < NT_ARRAY_SIZE(words) && strcmp(w, words[i].word); i++)
			;
		if (i == NT_ARRAY_SIZE(words)) {
			fprintf(stderr, "bpf_live: unknown part %s\n", w);
			exit(2);
		}
		flags &= ~words[i].flag;
		named++;
	}
	if (!named)
		flags &= NT_BPFSIG_CLASSIC;
	return flags;
}

/* Opens the programs with @flags itself, without a sampler; exits when
 * they cannot be loaded. */
static struct nt_bpfsig *open_direct(unsigned int flags)
{
	struct nt_bpfsig *b;
	char why[256];
	int r = bpfsig_open_flags(&b, flags, why, sizeof(why));

	if (r < 0) {
		printf("%s: %s\n", skip_err(r) ? "skip" : "error", why);
		exit(skip_err(r) ? EXIT_SKIP : 1);
	}
	return b;
}

/* Which programs bpfsig_open picks here: the sampler does not say, and a
 * second load, closed at once, makes the same choice. */
static void print_paths(void)
{
	struct nt_bpfsig *b;
	char why[256];

	if (bpfsig_open(&b, 0, why, sizeof(why)) < 0)
		return; /* open_bpf says why */
	printf("paths %s\n", bpfsig_paths(b));
	bpfsig_close(b);
}

static void take(struct nt_sampler *s, struct nt_snapshot *snap)
{
	int r = sampler_take(s, snap);

	if (r < 0 || snap->bpf.err) {
		printf("error: sampler_take: %s (%d, bpf.err %d)\n", snap->bpf.why, r,
		       snap->bpf.err);
		exit(1);
	}
	if (snap->bpf.why[0])
		printf("note: %s\n", snap->bpf.why);
}

static const struct nt_bpf_napi *find_napi(const struct nt_snapshot *s, unsigned int id)
{
	for (size_t i = 0; i < s->bpf.n_napi; i++)
		if (s->bpf.napi[i].id == id)
			return &s->bpf.napi[i];
	return NULL;
}

static uint64_t drop_before(const struct nt_snapshot *s, unsigned int reason)
{
	for (size_t i = 0; i < s->bpf.n_drops; i++)
		if (s->bpf.drops[i].reason == reason)
			return s->bpf.drops[i].count;
	return 0;
}

static void print_deltas(const struct nt_snapshot *a, const struct nt_snapshot *b)
{
	printf("has napi=%d softirq=%d drops=%d reasons=%d\n", b->bpf.has_napi, b->bpf.has_softirq,
	       b->bpf.has_drops, b->bpf.has_reasons);
	for (size_t i = 0; i < b->bpf.n_napi; i++) {
		const struct nt_bpf_napi *n = &b->bpf.napi[i], *o = find_napi(a, n->id);
		uint64_t polls = n->polls - (o ? o->polls : 0);

		if (!polls)
			continue;
		printf("napi dev=%s id=%u polls=%" PRIu64 " packets=%" PRIu64 " full=%" PRIu64
		       " weight=%u irq=%d cpu=%d\n",
		       n->dev[0] ? n->dev : "-", n->id, polls, n->packets - (o ? o->packets : 0),
		       n->full - (o ? o->full : 0), n->weight, n->irq, n->cpu);
	}
	for (unsigned int c = 0; c < b->ncpus && c < a->ncpus; c++) {
		const struct nt_cpu *x = &a->cpus[c], *y = &b->cpus[c];

		if (y->net_rx_runs == x->net_rx_runs && y->net_tx_runs == x->net_tx_runs)
			continue;
		printf("softirq cpu=%u rx_ns=%" PRIu64 " rx_runs=%" PRIu64 " tx_ns=%" PRIu64
		       " tx_runs=%" PRIu64 "\n",
		       c, y->net_rx_ns - x->net_rx_ns, y->net_rx_runs - x->net_rx_runs,
		       y->net_tx_ns - x->net_tx_ns, y->net_tx_runs - x->net_tx_runs);
	}
	for (size_t i = 0; i < b->bpf.n_drops; i++) {
		const struct nt_bpf_drop *d = &b->bpf.drops[i];
		uint64_t n = d->count - drop_before(a, d->reason);

		if (n)
			printf("drop reason=%u name=%s count=%" PRIu64 "\n", d->reason,
			       d->name[0] ? d->name : "-", n);
	}
}

static int run(char **argv)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* the traffic's output must not mix with ours */
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* One read through @s: whether it reports softirq times, and the paths. */
static void toggle_read(struct nt_sampler *s, struct nt_snapshot *snap, int n)
{
	take(s, snap);
	printf("read %d softirq=%d paths %s\n", n, snap->bpf.has_softirq, sampler_bpf_paths(s));
}

static void toggle(struct nt_sampler *s, bool on)
{
	char why[256];

	if (sampler_bpf_softirq(s, on, why, sizeof(why)) < 0) {
		printf("error: sampler_bpf_softirq(%d): %s\n", on, why);
		exit(1);
	}
}

/*
 * Reads 1: attached at open. 2: detached. 3: attached after read 2. 4:
 * detached and attached again between reads 4 and 5, so read 5 says not
 * attached (a new map from 0 against read 4's counters) and 6 does.
 */
static int run_toggle(void)
{
	struct nt_sampler *s = open_bpf();
	struct nt_snapshot snap;

	snapshot_init(&snap);
	toggle_read(s, &snap, 1);
	toggle(s, false);
	toggle_read(s, &snap, 2);
	toggle(s, true);
	toggle_read(s, &snap, 3);
	toggle_read(s, &snap, 4);
	toggle(s, false);
	toggle(s, true);
	toggle_read(s, &snap, 5);
	toggle_read(s, &snap, 6);
	snapshot_free(&snap);
	sampler_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct nt_snapshot a, b;
	struct nt_sampler *s;
	int r;

	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "--hold")) {
		struct nt_bpfsig *held = open_direct(parse_parts(argc == 4 ? argv[3] : ""));

		printf("attached %s\n", bpfsig_paths(held));
		fflush(stdout);
		sleep((unsigned int)atoi(argv[2]));
		bpfsig_close(held);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--toggle"))
		return run_toggle();
	if (argc < 3 || strcmp(argv[1], "--")) {
		fprintf(stderr, "usage: bpf_live -- COMMAND [ARGS] | "
				"bpf_live --hold SECONDS [napi,softirq,drops,classic] | "
				"bpf_live --toggle\n");
		return 2;
	}
	print_paths();
	s = open_bpf();
	snapshot_init(&a);
	snapshot_init(&b);
	take(s, &a);
	r = run(argv + 2);
	take(s, &b);
	printf("command exit=%d\n", r);
	print_deltas(&a, &b);
	snapshot_free(&a);
	snapshot_free(&b);
	sampler_close(s);
	return 0;
}
