// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.ini (state/state_file.c): whatever the input, a refusal names the
 * file and shows no raw byte; and a file that loads is saved and loaded
 * again with the same records (every value nettuned holds must survive
 * its own file: inih once cut a value beginning with ';').
 */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state/state.h"
#include "util/buf.h"

static char dir[64];
static int dirfd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/nt-fuzz-state-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		abort();
	return 0;
}

static void init(struct nt_state *s)
{
	memset(s, 0, sizeof(*s));
	s->dirfd = dirfd;
	s->lockfd = -1;
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	snprintf(s->file, sizeof(s->file), "%s/%s", dir, NT_STATE_FILE);
}

static bool printable(const char *t)
{
	for (; *t; t++)
		if ((unsigned char)*t < 0x20 || (unsigned char)*t >= 0x7f)
			return false;
	return true;
}

static void same(const struct nt_record *a, const struct nt_record *b)
{
	FZ_CHECK(a->seq == b->seq && a->knob == b->knob && a->queue == b->queue &&
		 a->irq == b->irq);
	FZ_CHECK(!strcmp(a->device, b->device) && !strcmp(a->device_id, b->device_id));
	FZ_CHECK(!strcmp(a->netns, b->netns) && !strcmp(a->irq_action, b->irq_action));
	FZ_CHECK(!strcmp(a->boot_id, b->boot_id) && !strcmp(a->changed_at, b->changed_at));
	FZ_CHECK(!strcmp(a->original, b->original));
	FZ_CHECK(a->has_written == b->has_written && !strcmp(a->written, b->written));
	FZ_CHECK(a->has_pending == b->has_pending && !strcmp(a->pending, b->pending));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nt_state s, back;
	struct nt_buf file = { 0 };
	char *text = fz_strndup(data, size), err[4096] = "";
	long n;
	int r;

	init(&s);
	r = state_parse_text(&s, text, size, err, sizeof(err));
	if (r) {
		FZ_CHECK(r == -EBADMSG || r == -EPROTO);
		FZ_CHECK(s.n == 0 && strstr(err, s.file) && printable(err));
		goto out;
	}
	FZ_CHECK(s.next_seq == s.n + 1);
	FZ_CHECK(state_save(&s, err, sizeof(err)) == 0);
	n = buf_read_at(&file, dirfd, NT_STATE_FILE);
	FZ_CHECK(n >= 0);
	init(&back);
	r = state_parse_text(&back, file.data, (size_t)n, err, sizeof(err));
	if (r)
		fz_fail("a file nettuned wrote is refused: %s", err);
	FZ_CHECK(back.n == s.n && back.loaded_version == NT_STATE_VERSION);
	for (size_t i = 0; i < s.n; i++)
		same(&s.recs[i], &back.recs[i]);
	free(back.recs);
out:
	buf_free(&file);
	free(s.recs);
	free(text);
	return 0;
}
