// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/diag.h"
#include "util/cleanup.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct nt_diag *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_free(struct nt_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	diag_init(d);
}

static int diag_grow(struct nt_diag *d)
{
	size_t cap = d->cap ? d->cap * 2 : 16;
	char **m;

	if (d->n < d->cap)
		return 0;
	m = realloc(d->msgs, cap * sizeof(*m));
	if (!m)
		return -1;
	d->msgs = m;
	d->cap = cap;
	return 0;
}

void diag_add(struct nt_diag *d, const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	_cleanup_free_ char *s = NULL;
	va_list ap;
	int r;

	/* Counted even when out of memory: an error must never go unnoticed. */
	d->errors++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		r = asprintf(&s, "%s:%d: %s", file, line, msg);
	else
		r = asprintf(&s, "%s: %s", file, msg);
	if (r < 0)
		return;
	if (diag_grow(d) < 0)
		return;
	d->msgs[d->n++] = TAKE_PTR(s);
}

void diag_print(const struct nt_diag *d, FILE *f)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(f, "%s\n", d->msgs[i]);
	if (d->errors > d->n)
		fprintf(f, "nettuned: %zu more errors (out of memory)\n", d->errors - d->n);
}

static long diag_line(const char *msg, const char *file, size_t len)
{
	if (strncmp(msg, file, len) || msg[len] != ':')
		return -1;
	return strtol(msg + len + 1, NULL, 10); /* 0 for "file: ..." */
}

void diag_sort(struct nt_diag *d, size_t from, const char *file)
{
	size_t len = strlen(file);

	/* insertion sort: stable, and a file has a handful of errors */
	for (size_t i = from + 1; i < d->n; i++) {
		char *m = d->msgs[i];
		long line = diag_line(m, file, len);
		size_t j = i;

		if (line < 0)
			continue;
		while (j > from && diag_line(d->msgs[j - 1], file, len) > line) {
			d->msgs[j] = d->msgs[j - 1];
			j--;
		}
		d->msgs[j] = m;
	}
}
