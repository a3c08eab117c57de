/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Minimal test harness: each test binary runs its cases, prints TAP and
 * exits non-zero when any check failed. Meson runs them with protocol 'tap'.
 */
#ifndef NT_CHECK_H
#define NT_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failed;
static int check_cases;

#define CHECK(cond)                                                                       \
	do {                                                                              \
		if (!(cond)) {                                                            \
			printf("# %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			check_failed++;                                                   \
		}                                                                         \
	} while (0)

#define CHECK_EQ_U64(a, b)                                                                 \
	do {                                                                               \
		uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b);                           \
		if (_a != _b) {                                                            \
			printf("# %s:%d: %s == %" PRIu64 ", expected %s == %" PRIu64 "\n", \
			       __FILE__, __LINE__, #a, _a, #b, _b);                        \
			check_failed++;                                                    \
		}                                                                          \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
	do {                                                                                       \
		long long _a = (long long)(a), _b = (long long)(b);                                \
		if (_a != _b) {                                                                    \
			printf("# %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, _a, \
			       _b);                                                                \
			check_failed++;                                                            \
		}                                                                                  \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *_a = (a), *_b = (b);                                                   \
		if (!_a || strcmp(_a, _b)) {                                                       \
			printf("# %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
			       _a ? _a : "(null)", _b);                                            \
			check_failed++;                                                            \
		}                                                                                  \
	} while (0)

#define CHECK_NEAR(a, b, eps)                                                                  \
	do {                                                                                   \
		double _a = (a), _b = (b);                                                     \
		if (!(_a >= _b - (eps) && _a <= _b + (eps))) {                                 \
			printf("# %s:%d: %s == %g, expected %g\n", __FILE__, __LINE__, #a, _a, \
			       _b);                                                            \
			check_failed++;                                                        \
		}                                                                              \
	} while (0)

/* Runs one case and prints its TAP line. */
#define RUN(fn)                                                                                \
	do {                                                                                   \
		int _before = check_failed;                                                    \
		fn();                                                                          \
		check_cases++;                                                                 \
		printf("%s %d - %s\n", check_failed == _before ? "ok" : "not ok", check_cases, \
		       #fn);                                                                   \
	} while (0)

#define CHECK_DONE()                            \
	do {                                    \
		printf("1..%d\n", check_cases); \
		return check_failed ? 1 : 0;    \
	} while (0)

#endif
