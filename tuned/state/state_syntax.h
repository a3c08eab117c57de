/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How state.ini spells values (inside state/). inih cuts a value at a `;`
 * that follows a blank (an inline comment) and strips blanks at both
 * ends, so a value with such bytes, or with bytes that are not printable
 * ASCII, is written in double quotes with C-style escapes (`\\`, `\"`,
 * `\xHH`; `;` and `#` always as `\x3b`, `\x23`). Version 1 files, which
 * never quoted, are read as they are.
 */
#ifndef NT_STATE_SYNTAX_H
#define NT_STATE_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include "util/buf.h"

/* "KEY = VALUE\n" appended to @b, VALUE quoted when it has to be. */
void state_put(struct nt_buf *b, const char *key, const char *value);

/*
 * The value inih gave for a key: with @quoting (version 2 on), a value
 * that starts with `"` must be one quoted string. 0, -EINVAL (malformed),
 * -ENAMETOOLONG (does not fit in @size).
 */
int state_get(const char *raw, bool quoting, char *out, size_t size);

#endif
