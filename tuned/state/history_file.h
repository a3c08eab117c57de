/* SPDX-License-Identifier: GPL-2.0-or-later */
/* history.ini: the daemon's change history in the state directory (history_file.c). */
#ifndef NT_HISTORY_FILE_H
#define NT_HISTORY_FILE_H

#include <stddef.h>

#include "model/history.h"
#include "util/buf.h"

#define NT_HISTORY_FILE "history.ini"

enum nt_history_load {
	NT_HISTORY_LOADED,     /* @h holds it */
	NT_HISTORY_NONE,       /* no file: a first start, or nothing to remember */
	NT_HISTORY_OTHER_BOOT, /* of another boot: dropped (@msg says which) */
	NT_HISTORY_DAMAGED,    /* not trusted: @msg says file:line and why */
};

/*
 * Reads DIRFD/history.ini (@dir names it in messages) into @h, which is
 * cleared first and left empty unless LOADED. Windows come back marked
 * resumed; knobs in a window are marked verifying.
 */
enum nt_history_load history_file_load(int dirfd, const char *dir, const char *boot_id,
				       struct nt_history *h, char *msg, size_t msglen);

/* The core of history_file_load(): @len bytes of @text as the contents of @file. */
enum nt_history_load history_file_parse(const char *file, const char *text, size_t len,
					const char *boot_id, struct nt_history *h, char *msg,
					size_t msglen);

/* @h as the file's text into @out (whose length is set). 0 or -ENOMEM. */
int history_file_format(const struct nt_history *h, const char *boot_id, struct nt_buf *out);

#endif
