/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * C-style escapes for bytes that must not reach a terminal or a file
 * format raw: names of devices and IRQ actions are bytes (Linux allows
 * anything in an IRQ action and almost anything in an interface name),
 * and a damaged file may hold anything at all.
 */
#ifndef NT_ESCAPE_H
#define NT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Copies @in to @out with `\\`, `\"` and `\xHH` for every byte outside
 * printable ASCII and for each byte in @also (NULL: none). The output is
 * cut at a whole escape when @size is too small; returns false then.
 */
bool escape_text(const char *in, const char *also, char *out, size_t size);

/* True when escape_text(@in, @also) would change it. */
bool escape_needed(const char *in, const char *also);

/*
 * The inverse of escape_text for @len bytes of @in: 0, or -EINVAL for a
 * malformed escape, a NUL byte, or an unescaped `"` or `\`;
 * -ENAMETOOLONG when it does not fit in @size.
 */
int escape_undo(const char *in, size_t len, char *out, size_t size);

#endif
