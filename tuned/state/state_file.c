// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.ini: INI through inih (config/inifile.c), one [change] section per
 * knob instance, keys documented in the README. Values are the engine's
 * `from`/`to` syntax, so an empty value ("written =") is meaningful (an
 * empty CPU list) and an absent key means "none".
 */
#include "state/state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/diag.h"
#include "config/inifile.h"
#include "util/array.h"
#include "util/cleanup.h"

#define STATE_VERSION 1

struct loader {
	struct nt_state *s;
	struct nt_record *cur;
	struct nt_diag *diag;
	bool in_header;
	long version;
};

static void on_section(void *user, const char *name, int line)
{
	struct loader *l = user;

	l->in_header = !strcmp(name, "nettuned");
	l->cur = NULL;
	if (l->in_header)
		return;
	if (strcmp(name, "change")) {
		diag_add(l->diag, l->s->file, line, "unknown section [%s]", name);
		return;
	}
	l->cur = state_add(l->s);
	if (!l->cur)
		diag_add(l->diag, l->s->file, line, "%s", strerror(ENOMEM));
}

static int parse_int(const char *v, long long min, long long max, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(v, &end, 10);
	return errno || !*v || *end || *out < min || *out > max ? -EINVAL : 0;
}

static int copy_value(char *dst, size_t size, const char *v)
{
	if (strlen(v) >= size)
		return -EINVAL;
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int record_key(struct nt_record *r, const char *key, const char *v)
{
	long long n;
	int k;

	if (!strcmp(key, "seq")) {
		if (parse_int(v, 1, INT64_MAX, &n))
			return -EINVAL;
		r->seq = (uint64_t)n;
		return 0;
	}
	if (!strcmp(key, "knob")) {
		k = knob_by_name(v);
		if (k < 0)
			return -EINVAL;
		r->knob = (enum nt_knob)k;
		return 0;
	}
	if (!strcmp(key, "queue") || !strcmp(key, "irq")) {
		if (parse_int(v, -1, INT32_MAX, &n))
			return -EINVAL;
		*(key[0] == 'q' ? &r->queue : &r->irq) = (int)n;
		return 0;
	}
	if (!strcmp(key, "device"))
		return copy_value(r->device, sizeof(r->device), v);
	if (!strcmp(key, "device_id"))
		return copy_value(r->device_id, sizeof(r->device_id), v);
	if (!strcmp(key, "netns"))
		return copy_value(r->netns, sizeof(r->netns), v);
	if (!strcmp(key, "irq_action"))
		return copy_value(r->irq_action, sizeof(r->irq_action), v);
	if (!strcmp(key, "boot_id"))
		return copy_value(r->boot_id, sizeof(r->boot_id), v);
	if (!strcmp(key, "changed_at"))
		return copy_value(r->changed_at, sizeof(r->changed_at), v);
	if (!strcmp(key, "original"))
		return copy_value(r->original, sizeof(r->original), v);
	if (!strcmp(key, "written")) {
		r->has_written = true;
		return copy_value(r->written, sizeof(r->written), v);
	}
	if (!strcmp(key, "pending")) {
		r->has_pending = true;
		return copy_value(r->pending, sizeof(r->pending), v);
	}
	return -ENOENT;
}

static void on_key(void *user, const char *section, const char *key, const char *value, int line)
{
	struct loader *l = user;
	long long n;
	int r;

	if (l->in_header) {
		if (!strcmp(key, "version") && !parse_int(value, 1, INT32_MAX, &n))
			l->version = (long)n;
		else if (!strcmp(key, "next_seq") && !parse_int(value, 1, INT64_MAX, &n))
			l->s->next_seq = (uint64_t)n;
		else
			diag_add(l->diag, l->s->file, line, "bad key %s = %s", key, value);
		return;
	}
	if (!l->cur) {
		diag_add(l->diag, l->s->file, line, "%s outside a [change] section", key);
		return;
	}
	r = record_key(l->cur, key, value);
	if (r == -ENOENT)
		diag_add(l->diag, l->s->file, line, "unknown key %s", key);
	else if (r)
		diag_add(l->diag, l->s->file, line, "bad value for %s: '%s'", key, value);
}

static int check_records(struct loader *l)
{
	for (size_t i = 0; i < l->s->n; i++) {
		struct nt_record *r = &l->s->recs[i];

		if (!r->seq || (nt_knobs[r->knob].where != NT_KW_HOST && !r->device_id[0] &&
				nt_knobs[r->knob].where != NT_KW_IRQ)) {
			diag_add(l->diag, l->s->file, 0, "change %zu lacks seq or device_id", i + 1);
			return -EINVAL;
		}
		if (r->seq >= l->s->next_seq)
			l->s->next_seq = r->seq + 1;
	}
	return 0;
}

/* 0 with no records when the file does not exist yet. */
int state_load(struct nt_state *s, char *err, size_t errlen)
{
	static const struct nt_ini_ops ops = { .section = on_section, .key = on_key };
	struct nt_diag diag;
	struct loader l = { .s = s, .diag = &diag };
	int r;

	s->next_seq = 1;
	if (faccessat(s->dirfd, NT_STATE_FILE, F_OK, 0) && errno == ENOENT)
		return 0;
	diag_init(&diag);
	r = ini_load(s->file, &ops, &l, &diag);
	if (!r && l.version != STATE_VERSION) {
		diag_add(&diag, s->file, 0, "state version %ld, this nettuned reads %d",
			 l.version, STATE_VERSION);
		r = -EPROTO;
	}
	if (!r)
		r = check_records(&l);
	if (r)
		snprintf(err, errlen, "%s%s", diag.n ? diag.msgs[0] : s->file,
			 " (the state file is left as it is: move it aside to start afresh)");
	diag_free(&diag);
	return r;
}

static void put_value(FILE *f, const char *key, const char *v)
{
	fprintf(f, "%s = %s\n", key, v);
}

static void write_record(FILE *f, const struct nt_record *r)
{
	fprintf(f, "\n[change]\nseq = %" PRIu64 "\nknob = %s\n", r->seq, nt_knobs[r->knob].name);
	if (r->device[0])
		put_value(f, "device", r->device);
	if (r->device_id[0])
		put_value(f, "device_id", r->device_id);
	if (r->netns[0])
		put_value(f, "netns", r->netns);
	fprintf(f, "queue = %d\nirq = %d\n", r->queue, r->irq);
	if (r->irq_action[0])
		put_value(f, "irq_action", r->irq_action);
	if (r->boot_id[0])
		put_value(f, "boot_id", r->boot_id);
	if (r->changed_at[0])
		put_value(f, "changed_at", r->changed_at);
	put_value(f, "original", r->original);
	if (r->has_written)
		put_value(f, "written", r->written);
	if (r->has_pending)
		put_value(f, "pending", r->pending);
}

static int write_all(struct nt_state *s, int fd)
{
	_cleanup_fclose_ FILE *f = fdopen(fd, "w");

	if (!f) {
		close(fd);
		return -errno;
	}
	fprintf(f, "# nettuned: the original value of every knob it changed (README, \"State file\").\n"
		   "# Written by nettuned; `nettuned rollback` restores and clears these.\n"
		   "[nettuned]\nversion = %d\nnext_seq = %" PRIu64 "\n",
		STATE_VERSION, s->next_seq);
	for (size_t i = 0; i < s->n; i++)
		write_record(f, &s->recs[i]);
	if (fflush(f) || ferror(f))
		return -EIO;
	if (fsync(fileno(f)))
		return -errno;
	return 0;
}

int state_save(struct nt_state *s, char *err, size_t errlen)
{
	static const char tmp[] = NT_STATE_FILE ".tmp";
	int fd, r;

	fd = openat(s->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		r = -errno;
		goto fail;
	}
	r = write_all(s, fd);
	if (r)
		goto fail;
	/* rename(2) replaces the file atomically; the directory's fsync makes
	 * the new name survive a crash (ext4/xfs order it otherwise lazily). */
	if (renameat(s->dirfd, tmp, s->dirfd, NT_STATE_FILE) || fsync(s->dirfd)) {
		r = -errno;
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "cannot write %s/%s: %s", s->dir, tmp, strerror(-r));
	unlinkat(s->dirfd, tmp, 0);
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

	if (array_grow((void **)&s->recs, &s->cap, s->n, sizeof(*s->recs), 8))
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
