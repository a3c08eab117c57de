// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Allocation counting and open() reporting for the benchmark binary. The
 * definitions here take precedence over the C library's for every caller
 * in the process, including the library itself (glibc supports replacing
 * malloc this way), and forward to the real implementations.
 *
 * <fcntl.h> is deliberately not included: with _FILE_OFFSET_BITS=64 it
 * renames openat to openat64, and both names are defined here.
 */
#include "bench_wrap.h"

#include <stdarg.h>
#include <sys/syscall.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);

#define BENCH_AT_FDCWD (-100)
#define BENCH_O_CREAT 0100 /* same value on x86-64 and arm64 */
#define BENCH_O_TMPFILE_BIT 020000000

struct bench_allocs bench_allocs;
void (*bench_on_open)(int fd);
struct bench_trace bench_trace[BENCH_TRACE_MAX];
unsigned int bench_ntrace;
int bench_trace_on;

static inline void trace(const char *what, size_t size, void *caller)
{
	if (bench_trace_on && bench_ntrace < BENCH_TRACE_MAX) {
		bench_trace[bench_ntrace].what = what;
		bench_trace[bench_ntrace].size = size;
		bench_trace[bench_ntrace].caller = caller;
		bench_ntrace++;
	}
}

void *malloc(size_t n)
{
	bench_allocs.malloc_calls++;
	bench_allocs.bytes += n;
	trace("malloc", n, __builtin_return_address(0));
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	bench_allocs.calloc_calls++;
	bench_allocs.bytes += n * size;
	trace("calloc", n * size, __builtin_return_address(0));
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	bench_allocs.realloc_calls++;
	bench_allocs.bytes += n;
	trace("realloc", n, __builtin_return_address(0));
	return __libc_realloc(p, n);
}

static int do_openat(int dirfd, const char *path, int flags, unsigned int mode)
{
	long fd = syscall(SYS_openat, dirfd, path, flags, mode);

	if (fd >= 0 && bench_on_open)
		bench_on_open((int)fd);
	return (int)fd;
}

#define TAKE_MODE(flags, last)                                 \
	unsigned int mode = 0;                                 \
	if ((flags) & (BENCH_O_CREAT | BENCH_O_TMPFILE_BIT)) { \
		va_list ap;                                    \
		va_start(ap, last);                            \
		mode = va_arg(ap, unsigned int);               \
		va_end(ap);                                    \
	}

int openat64(int dirfd, const char *path, int flags, ...)
{
	TAKE_MODE(flags, flags);
	return do_openat(dirfd, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	TAKE_MODE(flags, flags);
	return do_openat(dirfd, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	TAKE_MODE(flags, flags);
	return do_openat(BENCH_AT_FDCWD, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	TAKE_MODE(flags, flags);
	return do_openat(BENCH_AT_FDCWD, path, flags, mode);
}
