// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Live sampler benchmark: the heap allocations (target: none) and the CPU
 * time of a steady-state sampler cycle on the live system, opened and
 * stepped the way the daemon does it (tuned/daemon: the BPF signals
 * unless the policy says bpf = no, sampler_next() into two snapshots
 * used in turn). tests/bench/scale.sh runs it inside a network namespace
 * with a given number of veth pairs; run it as root.
 *
 *   bench_live [-a] [-B] [-w WARMUP] [-n CYCLES] [-i SECONDS]
 *
 * Prints one "bench-live:" line of key=value pairs; with -a, also the
 * allocations of one more steady-state cycle by caller, to find those
 * left.
 */
#include "bench_wrap.h"

#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sample/sampler.h"
#include "model/snapshot.h"

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The daemon's cycle: the next snapshot into the slot that is not the
 * latest, so that the previous one stays whole for the rates.
 */
struct pair {
	struct nt_snapshot snap[2];
	int cur;
	bool first;
};

static int step(struct nt_sampler *s, struct pair *p)
{
	int next = p->first ? p->cur : !p->cur;
	int r = sampler_next(s, p->first ? NULL : &p->snap[p->cur], &p->snap[next]);

	if (r < 0)
		return r;
	p->first = false;
	p->cur = next;
	return 0;
}

/*
 * Between cycles, as the daemon's timer would; a live source may depend on
 * time passing (a counter's rate), so cycles back to back could hide work.
 */
static void pause_for(double secs)
{
	struct timespec ts;

	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

/*
 * The traced allocations grouped by caller, most frequent first. A caller
 * is named with dladdr() when its library exports it, else as an offset in
 * its file, for addr2line -e FILE.
 */
static void show_trace(void)
{
	bool done[BENCH_TRACE_MAX] = { false };

	for (unsigned int i = 0; i < bench_ntrace; i++) {
		unsigned int count = 0;
		size_t bytes = 0;
		Dl_info info = { 0 };

		if (done[i])
			continue;
		for (unsigned int j = i; j < bench_ntrace; j++) {
			if (bench_trace[j].caller != bench_trace[i].caller)
				continue;
			done[j] = true;
			count++;
			bytes += bench_trace[j].size;
		}
		if (!dladdr(bench_trace[i].caller, &info))
			printf("#   %4u x %-7s %9zu bytes from %p\n", count, bench_trace[i].what,
			       bytes, bench_trace[i].caller);
		else if (info.dli_sname)
			printf("#   %4u x %-7s %9zu bytes from %s+%#tx (%s)\n", count,
			       bench_trace[i].what, bytes, info.dli_sname,
			       (char *)bench_trace[i].caller - (char *)info.dli_saddr,
			       info.dli_fname);
		else
			printf("#   %4u x %-7s %9zu bytes from %s+%#tx\n", count,
			       bench_trace[i].what, bytes, info.dli_fname,
			       (char *)bench_trace[i].caller - (char *)info.dli_fbase);
	}
	if (bench_ntrace == BENCH_TRACE_MAX)
		printf("#   (the first %d allocations only)\n", BENCH_TRACE_MAX);
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_live [-a] [-B] [-w WARMUP] [-n CYCLES] [-i SECONDS]\n"
			"  -a  list the allocations of one more steady-state cycle (size, caller)\n"
			"  -B  without the BPF signals (as with bpf = no)\n"
			"  -w  warm-up cycles, not counted (default 5)\n"
			"  -n  counted cycles (default 20)\n"
			"  -i  pause between cycles in seconds (default 0.1)\n");
}

int main(int argc, char **argv)
{
	unsigned int flags = NT_SAMPLER_BPF, warmup = 5, cycles = 20;
	struct nt_sampler *s = NULL;
	struct pair p = { .first = true };
	bool show_allocs = false;
	double pause_s = 0.1, cpu = 0, t0;
	uint64_t a0, b0, allocs, bytes, cold;
	char err[512] = "";
	const char *why = "";
	int opt, r;

	while ((opt = getopt(argc, argv, "aBw:n:i:h")) != -1) {
		switch (opt) {
		case 'a':
			show_allocs = true;
			break;
		case 'B':
			flags &= ~NT_SAMPLER_BPF;
			break;
		case 'w':
			warmup = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'n':
			cycles = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'i':
			pause_s = strtod(optarg, NULL);
			break;
		default:
			usage();
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind != argc || cycles == 0) {
		usage();
		return 2;
	}

	a0 = bench_alloc_calls();
	r = sampler_open(&s, "/", flags, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "bench_live: %s\n", err);
		return 1;
	}
	if (!sampler_is_live(s)) {
		fprintf(stderr, "bench_live: \"/\" did not open as the live system\n");
		sampler_close(s);
		return 1;
	}
	snapshot_init(&p.snap[0]);
	snapshot_init(&p.snap[1]);

	/* opening and the first cycles: storage grows here */
	r = step(s, &p);
	cold = bench_alloc_calls() - a0;
	for (unsigned int i = 0; r >= 0 && i < warmup; i++) {
		pause_for(pause_s);
		r = step(s, &p);
	}

	a0 = bench_alloc_calls();
	b0 = bench_allocs.bytes;
	for (unsigned int i = 0; r >= 0 && i < cycles; i++) {
		pause_for(pause_s);
		t0 = cpu_now();
		r = step(s, &p);
		cpu += cpu_now() - t0;
	}
	allocs = bench_alloc_calls() - a0;
	bytes = bench_allocs.bytes - b0;
	if (r < 0) {
		fprintf(stderr, "bench_live: sampler_next: %s\n", strerror(-r));
		goto out;
	}

	if (sampler_bpf_state(s, &why) == 0)
		why = sampler_bpf_paths(s);
	printf("# bench_live: the live sampler as the daemon steps it; allocations and CPU\n"
	       "# (CLOCK_PROCESS_CPUTIME_ID, user+sys) per steady-state cycle, %u cycles %.3f s\n"
	       "# apart after %u warm-up ones; cold: allocations of opening and the first cycle\n",
	       cycles, pause_s, warmup);
	printf("bench-live: devs=%zu cpus=%u irqs=%zu cycles=%u allocs_per_cycle=%.2f "
	       "bytes_per_cycle=%.0f cold_allocs=%" PRIu64 " cpu_ms_per_cycle=%.3f bpf=\"%s\"\n",
	       p.snap[p.cur].ndevs, p.snap[p.cur].ncpus, p.snap[p.cur].nirqs, cycles,
	       (double)allocs / cycles, (double)bytes / cycles, cold, cpu * 1e3 / cycles,
	       flags & NT_SAMPLER_BPF ? why : "not asked for");
	if (show_allocs) {
		pause_for(pause_s);
		bench_ntrace = 0;
		bench_trace_on = 1;
		r = step(s, &p);
		bench_trace_on = 0;
		printf("# allocations of one more cycle: %u\n", bench_ntrace);
		show_trace();
	}
	r = r < 0 ? r : 0;
out:
	snapshot_free(&p.snap[0]);
	snapshot_free(&p.snap[1]);
	sampler_close(s);
	return r < 0 ? 1 : 0;
}
