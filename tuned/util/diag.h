/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Configuration errors, collected rather than printed, so that `check`
 * shows all of them and a daemon reload can refuse a bad file as a whole.
 * Each reads "file:line: message" (line 0: the file as a whole).
 */
#ifndef NT_DIAG_H
#define NT_DIAG_H

#include <stdio.h>

struct nt_diag {
	char **msgs;
	size_t n, cap;
	size_t errors; /* reported, including any lost to ENOMEM */
};

void diag_init(struct nt_diag *d);
void diag_free(struct nt_diag *d);
void __attribute__((format(printf, 4, 5)))
diag_add(struct nt_diag *d, const char *file, int line, const char *fmt, ...);
void diag_print(const struct nt_diag *d, FILE *f);
/* Orders the messages about @file from index @from on by line (stable),
 * since a file's checks run in several passes. */
void diag_sort(struct nt_diag *d, size_t from, const char *file);

#endif
