/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Growing arrays that keep their storage (the engine's tables). */
#ifndef NT_ARRAY_H
#define NT_ARRAY_H

#include <errno.h>
#include <stdlib.h>

/*
 * Makes room for one more element in *@v (holding @n of *@cap, each
 * @elem bytes), doubling from @first. 0, or -ENOMEM leaving *@v as it was.
 */
static inline int array_grow(void **v, size_t *cap, size_t n, size_t elem, size_t first)
{
	size_t want = *cap ? 2 * *cap : first;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, want * elem);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = want;
	return 0;
}

#endif
