// SPDX-License-Identifier: GPL-2.0-or-later
#include "engine/engine_int.h"
#include "util/array.h"

#include <stdlib.h>
#include <string.h>

void findings_init(struct nt_findings *f)
{
	f->v = NULL;
	f->n = f->cap = 0;
}

void findings_clear(struct nt_findings *f)
{
	f->n = 0;
}

void findings_free(struct nt_findings *f)
{
	free(f->v);
	findings_init(f);
}

struct nt_finding *findings_add(struct nt_findings *f)
{
	struct nt_finding *n;

	if (array_grow(f->v, &f->cap, f->n, 16) < 0)
		return NULL;
	n = &f->v[f->n++];
	memset(n, 0, sizeof(*n));
	n->id.knob = NT_KNOB_NONE;
	n->id.queue = n->id.irq = -1;
	return n;
}

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct nt_finding *a = pa, *b = pb;
	int r;

	if ((r = cmp_int(b->severity, a->severity)))
		return r;
	if ((r = strcmp(a->rule->name, b->rule->name)))
		return r;
	if ((r = strcmp(a->entity, b->entity)))
		return r;
	if ((r = cmp_int(a->kind, b->kind)))
		return r;
	if ((r = strcmp(a->id.device, b->id.device)))
		return r;
	if ((r = cmp_int(a->id.irq, b->id.irq)))
		return r;
	if ((r = cmp_int(a->id.queue, b->id.queue)))
		return r;
	return cmp_int(a->id.knob, b->id.knob);
}

void findings_sort(struct nt_findings *f)
{
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), cmp_finding);
}
