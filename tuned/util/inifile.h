/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inih with line numbers. Debian's libinih is built without
 * INI_HANDLER_LINENO, so the handler cannot be told the line; instead the
 * file is read into memory and handed to ini_parse_stream() one line per
 * reader call. inih calls the key handler for a line before it asks for
 * the next one, so the reader's line count is the line of every key.
 * The reader also sees section headers, which inih (built without
 * INI_CALL_HANDLER_ON_NEW_SECTION) never reports, even empty ones.
 */
#ifndef NT_CONFIG_INIFILE_H
#define NT_CONFIG_INIFILE_H

#include "util/diag.h"

#define NT_INI_LINE_MAX 1024

struct nt_ini_ops {
	/* A [section] header; @name is what is between the brackets. */
	void (*section)(void *user, const char *name, int line);
	/* A key; @section is NULL before the first header. Repeated keys
	 * are each delivered. */
	void (*key)(void *user, const char *section, const char *key, const char *value, int line);
	/* The longest line accepted, in bytes; 0: NT_INI_LINE_MAX. */
	int line_max;
};

/*
 * Parses @file. Syntax errors (the first inih finds) and over-long lines
 * go to @diag and give -EINVAL once the whole file was parsed; a file that
 * cannot be read gives -errno, reported as "FILE: cannot read: ...".
 */
int inifile_load(const char *file, const struct nt_ini_ops *ops, void *user, struct nt_diag *diag);

/*
 * The core of inifile_load(): parses the @len bytes at @text (NUL-terminated
 * at @len) as the contents of @file, which only names it in messages.
 * The same checks and messages as inifile_load() once the file was read (NUL
 * bytes and files over 1 MiB are no configuration file). For the fuzz
 * targets and anything that has the text already.
 */
int inifile_parse_buffer(const char *file, const char *text, size_t len,
			 const struct nt_ini_ops *ops, void *user, struct nt_diag *diag);

#endif
