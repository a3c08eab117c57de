// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.ini: INI through inih (config/inifile.c), one [change] section per
 * knob instance, keys documented in the README. Values are the engine's
 * `from`/`to` syntax, so an empty value ("written =") is meaningful (an
 * empty CPU list) and an absent key means "none".
 *
 * The file decides what rollback writes to a host, so it is read as
 * evidence, not as a hint: every record is validated whole (state_check.c)
 * and a file that fails anywhere is refused as a whole, never partly used
 * or rewritten. Version 2 ends with an [end] section that counts the
 * records, so a file cut short anywhere (a full disk, a copy that stopped)
 * is told apart from a short file. Version 1, which had no end, is read
 * under the same validation and written as version 2 at the next change.
 */
#include "state/state.h"
#include "state/state_int.h"
#include "state/state_syntax.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/inifile.h"
#include "util/array.h"
#include "util/escape.h"

/* Quoted values of NT_VALUE_TEXT bytes take up to 4 characters a byte. */
#define STATE_LINE_MAX (4 * NT_VALUE_TEXT + 64)

static void on_section(void *user, const char *name, int line)
{
	struct loader *l = user;

	state_loader_end_record(l);
	l->sec = SEC_OTHER;
	if (l->lines < line)
		l->lines = line;
	if (l->sec_end_seen) {
		state_loader_err(l, line, "[%s] after [end]: the file was not written by nettuned",
				 state_loader_shown(l, name));
		return;
	}
	if (!strcmp(name, "nettuned")) {
		if (l->header_line)
			state_loader_err(l, line, "a second [nettuned] section");
		l->header_line = line;
		l->sec = SEC_HEADER;
	} else if (!strcmp(name, "change")) {
		if (!l->header_line)
			state_loader_err(l, line, "[change] before the [nettuned] section");
		l->sec = SEC_CHANGE;
		state_loader_begin_record(l, line);
	} else if (!strcmp(name, "end") && l->version >= 2) {
		l->sec = SEC_END;
		l->sec_end_seen = true;
		l->end_line = line;
	} else {
		state_loader_err(l, line, "unknown section [%s]", state_loader_shown(l, name));
	}
}

static void header_key(struct loader *l, const char *key, const char *value, int line)
{
	long long n;

	if (!strcmp(key, "version") && !l->version) {
		if (state_loader_int(value, 1, INT32_MAX, &n))
			state_loader_err(l, line, "bad version '%s'", state_loader_shown(l, value));
		else
			l->version = (int)n;
	} else if (!strcmp(key, "next_seq") && !l->has_next_seq) {
		/* records are numbered again on load: only its form matters */
		if (state_loader_int(value, 1, INT64_MAX, &n))
			state_loader_err(l, line, "bad next_seq '%s'",
					 state_loader_shown(l, value));
		l->has_next_seq = true;
	} else {
		state_loader_err(l, line, "unexpected key %s in [nettuned]",
				 state_loader_shown(l, key));
	}
}

static void end_key(struct loader *l, const char *key, const char *value, int line)
{
	long long n;

	if (strcmp(key, "records") || l->has_end_records ||
	    state_loader_int(value, 0, INT32_MAX, &n)) {
		state_loader_err(l, line, "bad line in [end]: %s = %s", state_loader_shown(l, key),
				 state_loader_shown(l, value));
		return;
	}
	l->has_end_records = true;
	l->end_records = n;
}

static void on_key(void *user, const char *section, const char *key, const char *value, int line)
{
	struct loader *l = user;

	if (l->lines < line)
		l->lines = line;
	switch (l->sec) {
	case SEC_HEADER:
		header_key(l, key, value, line);
		break;
	case SEC_CHANGE:
		state_loader_record_key(l, key, value, line);
		break;
	case SEC_END:
		end_key(l, key, value, line);
		break;
	case SEC_NONE:
		state_loader_err(l, line, "%s outside a section", state_loader_shown(l, key));
		break;
	case SEC_OTHER:
		break; /* said at the section header */
	}
}

/* What only the whole file tells: its version, its end, the count. */
static void check_file(struct loader *l)
{
	struct nt_state *s = l->s;

	if (!l->header_line) {
		state_loader_err(l, 0, "%s",
				 l->bytes ? "no [nettuned] section: not a state file, or "
					    "cut short before its first line" :
					    "empty: a state file always has a "
					    "[nettuned] section (cut short?)");
		return;
	}
	if (!l->version) {
		state_loader_err(l, l->header_line, "[nettuned] lacks version");
		return;
	}
	if (l->version > NT_STATE_VERSION) {
		state_loader_err(l, l->header_line, "state version %d, this nettuned reads 1 to %d",
				 l->version, NT_STATE_VERSION);
		l->err = -EPROTO;
		return;
	}
	if (!l->has_next_seq)
		state_loader_err(l, l->header_line, "[nettuned] lacks next_seq");
	if (l->version < 2)
		return;
	if (!l->sec_end_seen)
		state_loader_err(l, 0,
				 "cut short: no [end] section after line %d (a version %d file "
				 "ends with one)",
				 l->lines, l->version);
	else if (!l->has_end_records)
		state_loader_err(l, l->end_line, "[end] lacks records");
	else if (l->end_records != (long long)s->n)
		state_loader_err(l, l->end_line, "[end] counts %lld records, the file holds %zu",
				 l->end_records, s->n);
}

static int cmp_seq(const void *a, const void *b)
{
	const struct nt_record *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sequence numbers only order the records: numbered again 1..n on every
 * load, they can never reach the end of their range, however many
 * changes a host has seen or what a file said.
 */
static void renumber(struct nt_state *s)
{
	if (s->n) /* qsort(3) wants an array, even of none */
		qsort(s->recs, s->n, sizeof(*s->recs), cmp_seq);
	for (size_t i = 0; i < s->n; i++)
		s->recs[i].seq = i + 1;
	s->next_seq = s->n + 1;
}

int state_parse_text(struct nt_state *s, const char *text, size_t len, char *err, size_t errlen)
{
	static const struct nt_ini_ops ops = {
		.section = on_section,
		.key = on_key,
		.line_max = STATE_LINE_MAX,
	};
	struct nt_diag diag;
	struct loader l;
	int r;

	s->n = 0;
	s->next_seq = 1;
	diag_init(&diag);
	state_loader_init(&l, s, &diag);
	l.bytes = (long long)len;
	r = inifile_parse_buffer(s->file, text, len, &ops, &l, &diag);
	state_loader_end_record(&l);
	/* -EINVAL: read, with problems; another errno: not read at all */
	if (r == 0 || r == -EINVAL) {
		check_file(&l);
		r = l.err ? l.err : diag.errors ? -EBADMSG : 0;
	}
	if (r) {
		s->n = 0;
		snprintf(err, errlen,
			 "%s (%zu problem%s; the state file is left as it is: fix "
			 "it or move it aside, and check the knobs it names by hand)",
			 diag.n ? diag.msgs[0] : s->file, diag.errors, diag.errors == 1 ? "" : "s");
	} else {
		renumber(s);
		s->loaded_version = l.version;
	}
	diag_free(&diag);
	return r;
}

/* 0 with no records when the file does not exist yet. */
int state_load(struct nt_state *s, char *err, size_t errlen)
{
	struct nt_buf b = { 0 };
	long n;
	int r;

	s->n = 0;
	s->next_seq = 1;
	n = buf_read_at(&b, s->dirfd, NT_STATE_FILE);
	if (n == -ENOENT) {
		buf_free(&b);
		return 0;
	}
	if (n < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", s->file, strerror((int)-n));
		buf_free(&b);
		return (int)n;
	}
	r = state_parse_text(s, b.data, (size_t)n, err, errlen);
	buf_free(&b);
	return r;
}

static void write_record(struct nt_buf *b, const struct nt_record *r)
{
	buf_appendf(b, "\n[change]\nseq = %" PRIu64 "\nknob = %s\n", r->seq,
		    nt_knobs[r->knob].name);
	if (r->device[0])
		state_put(b, "device", r->device);
	if (r->device_id[0])
		state_put(b, "device_id", r->device_id);
	if (r->netns[0])
		state_put(b, "netns", r->netns);
	buf_appendf(b, "queue = %d\nirq = %d\n", r->queue, r->irq);
	if (r->irq_action[0])
		state_put(b, "irq_action", r->irq_action);
	if (r->boot_id[0])
		state_put(b, "boot_id", r->boot_id);
	if (r->changed_at[0])
		state_put(b, "changed_at", r->changed_at);
	state_put(b, "original", r->original);
	if (r->has_written)
		state_put(b, "written", r->written);
	if (r->has_pending)
		state_put(b, "pending", r->pending);
}

static void format(const struct nt_state *s, struct nt_buf *b)
{
	buf_appendf(
		b,
		"# nettuned: the original value of every knob it changed (README, \"State file\").\n"
		"# Written by nettuned; `nettuned rollback` restores and clears these.\n"
		"[nettuned]\nversion = %d\nnext_seq = %" PRIu64 "\n",
		NT_STATE_VERSION, s->next_seq > INT64_MAX ? (uint64_t)INT64_MAX : s->next_seq);
	for (size_t i = 0; i < s->n; i++)
		write_record(b, &s->recs[i]);
	/* last, so that a file cut anywhere before it is known to be cut */
	buf_appendf(b, "\n[end]\nrecords = %zu\n", s->n);
}

int state_save(struct nt_state *s, char *err, size_t errlen)
{
	struct nt_buf b = { 0 };
	int r;

	format(s, &b);
	r = b.err;
	if (r) {
		snprintf(err, errlen, "cannot write %s: %s", s->file, strerror(-r));
		buf_free(&b);
		return r;
	}
	r = state_write_durably(s->dirfd, s->dir, NT_STATE_FILE, b.data, b.len, err, errlen);
	buf_free(&b);
	if (!r)
		s->loaded_version = NT_STATE_VERSION;
	return r;
}

struct nt_record *state_find(struct nt_state *s, enum nt_knob knob, const char *device_id,
			     int queue, int irq)
{
	for (size_t i = 0; i < s->n; i++) {
		struct nt_record *r = &s->recs[i];

		if (r->knob == knob && r->queue == queue && r->irq == irq &&
		    !strcmp(r->device_id, device_id))
			return r;
	}
	return NULL;
}

struct nt_record *state_add(struct nt_state *s)
{
	struct nt_record *r;

	if (array_grow(s->recs, &s->cap, s->n, 8))
		return NULL;
	r = &s->recs[s->n++];
	memset(r, 0, sizeof(*r));
	r->queue = -1;
	r->irq = -1;
	return r;
}

void state_remove(struct nt_state *s, struct nt_record *rec)
{
	size_t i = (size_t)(rec - s->recs);

	memmove(rec, rec + 1, (s->n - i - 1) * sizeof(*rec));
	s->n--;
}

void state_order_newest_first(const struct nt_state *s, size_t *order)
{
	for (size_t i = 0; i < s->n; i++) {
		size_t j = i;

		while (j > 0 && s->recs[order[j - 1]].seq < s->recs[i].seq) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}
