// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sampler benchmark: for each snapshot root given (made by gen_sysroot.py),
 * the CPU time of one full sampler_take() cycle next to the CPU time of only
 * opening, reading and closing the same files and directories, and the
 * heap allocations of a steady-state cycle (target: none).
 *
 *   bench_sample [-a] [-n CYCLES] [-t SECONDS] ROOT...
 *
 * "The same files" are the ones the sampler itself opened during one
 * recorded cycle (bench_wrap.c reports every descriptor it opens), read
 * the way a minimal reader would: open, read(2) into a fixed buffer until
 * EOF (getdents64 for directories), close. CPU time is
 * CLOCK_PROCESS_CPUTIME_ID, so it includes the kernel's share.
 */
#include "bench_wrap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sample/sampler.h"
#include "model/snapshot.h"

struct entry {
	char *path;
	bool dir;
};

static struct entry *entries;
static size_t nentries, entries_cap;
static bool record_failed;

static void record_fd(int fd)
{
	char link[64], path[4096];
	struct stat st;
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0 || fstat(fd, &st) < 0) {
		record_failed = true;
		return;
	}
	path[n] = '\0';
	for (size_t i = 0; i < nentries; i++)
		if (!strcmp(entries[i].path, path))
			return;
	if (nentries == entries_cap) {
		size_t cap = entries_cap ? entries_cap * 2 : 1024;
		struct entry *p = realloc(entries, cap * sizeof(*p));

		if (!p) {
			record_failed = true;
			return;
		}
		entries = p;
		entries_cap = cap;
	}
	entries[nentries].path = strdup(path);
	entries[nentries].dir = S_ISDIR(st.st_mode);
	if (!entries[nentries].path) {
		record_failed = true;
		return;
	}
	nentries++;
}

static void forget_entries(void)
{
	for (size_t i = 0; i < nentries; i++)
		free(entries[i].path);
	nentries = 0;
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#define ROUNDS 7

static char iobuf[1 << 16] __attribute__((aligned(64)));
static uint64_t raw_bytes;

/* One raw cycle over the recorded entries; @dirs_too adds the listings. */
static int raw_cycle(bool dirs_too)
{
	for (size_t i = 0; i < nentries; i++) {
		const struct entry *e = &entries[i];
		int fd;
		long n;

		if (e->dir && !dirs_too)
			continue;
		fd = open(e->path, O_RDONLY | O_CLOEXEC | (e->dir ? O_DIRECTORY : 0));
		if (fd < 0)
			return -errno;
		do {
			if (e->dir)
				n = syscall(SYS_getdents64, fd, iobuf, sizeof(iobuf));
			else
				n = read(fd, iobuf, sizeof(iobuf));
			if (n > 0)
				raw_bytes += (uint64_t)n;
		} while (n > 0);
		close(fd);
		if (n < 0)
			return -errno;
	}
	return 0;
}

static double per_cycle_us(double t0, double t1, unsigned int n)
{
	return (t1 - t0) * 1e6 / n;
}

/* Cycles to run so that one measurement takes about @secs of CPU. */
static unsigned int pick_cycles(double one_us, double secs, unsigned int fixed)
{
	double n;

	if (fixed)
		return fixed;
	n = secs * 1e6 / (one_us > 1 ? one_us : 1);
	if (n < 5)
		return 5;
	if (n > 20000)
		return 20000;
	return (unsigned int)n;
}

static bool show_allocs;

/* Lists the allocations of one more steady-state cycle (-a). */
static void trace_cycle(struct nt_sampler *s, struct nt_snapshot *snap)
{
	bench_ntrace = 0;
	bench_trace_on = 1;
	sampler_take(s, snap);
	bench_trace_on = 0;
	for (unsigned int i = 0; i < bench_ntrace; i++)
		printf("#   %-7s %8zu bytes from %p\n", bench_trace[i].what, bench_trace[i].size,
		       bench_trace[i].caller);
}

static int bench_root(const char *root, unsigned int fixed, double secs)
{
	struct nt_sampler *s = NULL;
	struct nt_snapshot snap;
	char err[512] = "";
	unsigned int n, per_round, steady_n, nfiles = 0, ndirs = 0;
	uint64_t a0, a1, b0, b1, cold_allocs;
	double t0, t1, one, sample_us, raw_us, rawf_us;
	int r;

	r = sampler_open(&s, root, 0, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "bench_sample: %s\n", err);
		return r;
	}
	snapshot_init(&snap);

	/* cold cycle: storage grows here */
	a0 = bench_alloc_calls();
	t0 = cpu_now();
	r = sampler_take(s, &snap);
	t1 = cpu_now();
	cold_allocs = bench_alloc_calls() - a0;
	if (r < 0) {
		fprintf(stderr, "bench_sample: sampler_take(%s) = %d\n", root, r);
		goto out;
	}
	one = per_cycle_us(t0, t1, 1);

	/* a recorded cycle: which files and directories the sampler opens */
	forget_entries();
	record_failed = false;
	bench_on_open = record_fd;
	r = sampler_take(s, &snap);
	bench_on_open = NULL;
	if (r < 0 || record_failed) {
		fprintf(stderr, "bench_sample: recording the files of %s failed\n", root);
		r = r < 0 ? r : -EIO;
		goto out;
	}
	for (size_t i = 0; i < nentries; i++) {
		if (entries[i].dir)
			ndirs++;
		else
			nfiles++;
	}

	/* steady state: allocations per cycle */
	for (int i = 0; i < 3; i++)
		sampler_take(s, &snap);
	steady_n = pick_cycles(one, secs / 4, fixed ? (fixed < 50 ? fixed : 50) : 0);
	a0 = bench_alloc_calls();
	b0 = bench_allocs.bytes;
	for (unsigned int i = 0; i < steady_n; i++)
		sampler_take(s, &snap);
	a1 = bench_alloc_calls();
	b1 = bench_allocs.bytes;

	/*
	 * Interleaved rounds, so that drift (other load, steal time on a VM)
	 * hits all three alike; each figure is its fastest round.
	 */
	n = pick_cycles(one, secs, fixed);
	per_round = n / ROUNDS ? n / ROUNDS : 1;
	sample_us = raw_us = rawf_us = 1e300;
	if ((r = raw_cycle(true)) < 0) /* warm the page cache the same way */
		goto out;
	for (unsigned int round = 0; round < ROUNDS; round++) {
		double us;

		t0 = cpu_now();
		for (unsigned int i = 0; i < per_round; i++)
			sampler_take(s, &snap);
		t1 = cpu_now();
		us = per_cycle_us(t0, t1, per_round);
		sample_us = us < sample_us ? us : sample_us;

		t0 = cpu_now();
		for (unsigned int i = 0; i < per_round; i++)
			if ((r = raw_cycle(true)) < 0)
				goto out;
		t1 = cpu_now();
		us = per_cycle_us(t0, t1, per_round);
		raw_us = us < raw_us ? us : raw_us;

		t0 = cpu_now();
		for (unsigned int i = 0; i < per_round; i++)
			if ((r = raw_cycle(false)) < 0)
				goto out;
		t1 = cpu_now();
		us = per_cycle_us(t0, t1, per_round);
		rawf_us = us < rawf_us ? us : rawf_us;
	}

	{
		double allocs = (double)(a1 - a0) / steady_n;
		double kib = (double)(b1 - b0) / steady_n / 1024;

		printf("%6u %6zu %5zu %6u %5u %12.1f %12.1f %12.1f %7.2f %8.1f %9.1f %8" PRIu64
		       "  %u\n",
		       snap.ncpus, snap.nirqs, snap.ndevs, nfiles, ndirs, sample_us, raw_us,
		       rawf_us, sample_us / raw_us, allocs, kib, cold_allocs, per_round * ROUNDS);
	}
	if (show_allocs)
		trace_cycle(s, &snap);
	r = 0;
out:
	snapshot_free(&snap);
	sampler_close(s);
	return r;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_sample [-a] [-n CYCLES] [-t SECONDS] ROOT...\n"
			"  -a  list the allocations of one steady-state cycle (size, caller)\n");
}

int main(int argc, char **argv)
{
	unsigned int fixed = 0;
	double secs = 1.0;
	int opt, failed = 0;

	while ((opt = getopt(argc, argv, "an:t:h")) != -1) {
		switch (opt) {
		case 'a':
			show_allocs = true;
			break;
		case 'n':
			fixed = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 't':
			secs = strtod(optarg, NULL);
			break;
		default:
			usage();
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind >= argc) {
		usage();
		return 2;
	}
	printf("# sample: one sampler_take(); raw: open/read/close of the same files and\n"
	       "# directories (getdents64), raw-files: files only; ratio = sample / raw.\n"
	       "# allocs and KiB per steady-state cycle (target 0); cold: allocations of the\n"
	       "# first cycle. CPU time (CLOCK_PROCESS_CPUTIME_ID) per cycle in microseconds,\n"
	       "# the fastest of %d interleaved rounds.\n",
	       ROUNDS);
	printf("%6s %6s %5s %6s %5s %12s %12s %12s %7s %8s %9s %8s  %s\n", "CPUs", "IRQs", "devs",
	       "files", "dirs", "sample_us", "raw_us", "raw_files_us", "ratio", "allocs", "KiB",
	       "cold", "cycles");
	for (int i = optind; i < argc; i++)
		if (bench_root(argv[i], fixed, secs) < 0)
			failed = 1;
	forget_entries();
	free(entries);
	return failed;
}
