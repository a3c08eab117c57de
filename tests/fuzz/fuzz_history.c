// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * history.ini (state/history_file.c): whatever the input, it is loaded,
 * dropped (another boot) or refused with file:line and no raw byte; what
 * loads, written out and read back, is the same history (the text after
 * one round trip is a fixed point).
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/history_file.h"

#define FILE_NAME "fuzz/history.ini"
#define BOOT "6b9e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static bool printable(const char *t)
{
	for (; *t; t++)
		if ((unsigned char)*t < 0x20 || (unsigned char)*t >= 0x7f)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nt_buf once = { 0 }, twice = { 0 };
	struct nt_history h, back;
	char *text = fz_strndup(data, size), msg[1024];
	enum nt_history_load r;

	history_init(&h);
	history_init(&back);
	r = history_file_parse(FILE_NAME, text, size, BOOT, &h, msg, sizeof(msg));
	if (r != NT_HISTORY_LOADED) {
		FZ_CHECK(h.n_knobs == 0 && h.n_verifies == 0 && h.n_backoffs == 0);
		FZ_CHECK(!strncmp(msg, FILE_NAME, strlen(FILE_NAME)) && printable(msg));
		goto out;
	}
	FZ_CHECK(history_file_format(&h, BOOT, &once) == 0);
	r = history_file_parse(FILE_NAME, once.data, once.len, BOOT, &back, msg, sizeof(msg));
	if (r != NT_HISTORY_LOADED)
		fz_fail("a history nettuned wrote is refused: %s", msg);
	FZ_CHECK(history_file_format(&back, BOOT, &twice) == 0);
	FZ_CHECK(once.len == twice.len && !memcmp(once.data, twice.data, once.len));
out:
	history_free(&h);
	history_free(&back);
	buf_free(&once);
	buf_free(&twice);
	free(text);
	return 0;
}
