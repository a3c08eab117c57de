// SPDX-License-Identifier: GPL-2.0-or-later
/* A capture's `meta` file (sample/capture.c): hostname, kernel, hz. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "sample/capture.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_strndup(data, size);
	struct nt_capture *c = calloc(1, sizeof(*c));

	FZ_CHECK(c != NULL);
	capture_parse_meta(c, text);
	FZ_CHECK(memchr(c->hostname, 0, sizeof(c->hostname)));
	FZ_CHECK(memchr(c->kernel, 0, sizeof(c->kernel)));
	FZ_CHECK(c->hz >= 0 && c->hz <= 100000);
	free(c);
	free(text);
	return 0;
}
