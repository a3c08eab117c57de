/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interposers linked into the benchmark binary only: they count heap
 * allocations and report every file descriptor the sampler opens, so the
 * benchmark can check that a steady-state cycle allocates nothing and can
 * time reading exactly the files and directories the sampler read.
 */
#ifndef NT_BENCH_WRAP_H
#define NT_BENCH_WRAP_H

#include <stddef.h>
#include <stdint.h>

struct bench_allocs {
	uint64_t malloc_calls, calloc_calls, realloc_calls;
	uint64_t bytes;
};

extern struct bench_allocs bench_allocs;

/* When bench_trace_on, each allocation's size and caller are kept here. */
#define BENCH_TRACE_MAX 256
struct bench_trace {
	const char *what;
	size_t size;
	void *caller;
};
extern struct bench_trace bench_trace[BENCH_TRACE_MAX];
extern unsigned int bench_ntrace;
extern int bench_trace_on;
/* When set, called with every descriptor open()/openat() returned. */
extern void (*bench_on_open)(int fd);

static inline uint64_t bench_alloc_calls(void)
{
	return bench_allocs.malloc_calls + bench_allocs.calloc_calls + bench_allocs.realloc_calls;
}

/* The wrapped symbols (declared here, defined in bench_wrap.c). */
void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);
int open64(const char *path, int flags, ...);
int openat64(int dirfd, const char *path, int flags, ...);

#endif
