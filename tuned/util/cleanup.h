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

#define NT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
