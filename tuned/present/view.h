/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `nettuned sample` shows, for a person or as JSON. */
#ifndef NT_VIEW_H
#define NT_VIEW_H

#include <stdio.h>

#include "sample/snapshot.h"

struct nt_sample_view {
	const char *source;		/* root or capture directory */
	bool live;
	const char *hostname;		/* "" unknown */
	const char *kernel;
	size_t nsnapshots;		/* in the capture, 1 for --root */
	const struct nt_snapshot *first;	/* NULL: no rates, counts since boot */
	const struct nt_snapshot *last;
};

void view_sample_text(FILE *f, const struct nt_sample_view *v);
void view_sample_json(FILE *f, const struct nt_sample_view *v);

#endif
