/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Scope-bound cleanup in the style of systemd's _cleanup_ helpers. */
#ifndef NT_CLEANUP_H
#define NT_CLEANUP_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void nt_freep(void *p)
{
	free(*(void **)p);
}

static inline void nt_closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static inline void nt_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

static inline void nt_closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

#define _cleanup_free_ _cleanup_(nt_freep)
#define _cleanup_close_ _cleanup_(nt_closep)
#define _cleanup_fclose_ _cleanup_(nt_fclosep)
#define _cleanup_closedir_ _cleanup_(nt_closedirp)

/*
 * Hands the pointer in @p on (to a caller, a table) and leaves NULL
 * behind, so that its _cleanup_ does nothing: the success path's
 * "ownership moves here", written once.
 */
#define TAKE_PTR(p)                                   \
	__extension__({                               \
		__typeof__(p) *take_ptr_ = &(p);      \
		__typeof__(p) take_val_ = *take_ptr_; \
		*take_ptr_ = NULL;                    \
		take_val_;                            \
	})

/* name##p(type **): the _cleanup_ function of a type whose destructor is @func. */
#define NT_DEFINE_CLEANUP(type, func, name)  \
	static inline void name##p(type **p) \
	{                                    \
		if (*p)                      \
			func(*p);            \
	}

#define NT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
