// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The runtime directory (/run/nettuned, mode 0700, root's): the pause flag
 * that `nettuned pause` creates and `resume` removes, and status.json,
 * rewritten after every cycle (temporary file + rename, so `nettuned
 * status` never reads half of one). A directory anyone else could write
 * to is refused: the pause flag is a kill switch for root only.
 */
#include "daemon/daemon.h"
#include "util/json.h"
#include "util/path.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int runtime_prepare(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "runtime directory %s: %s", dir, strerror(errno));
		return -errno;
	}
	if (stat(dir, &st) < 0) {
		snprintf(err, errlen, "runtime directory %s: %s", dir, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 0022)) {
		snprintf(err, errlen,
			 "runtime directory %s: must be a directory owned by uid %u and writable "
			 "by it only (EPERM)",
			 dir, (unsigned int)geteuid());
		return -EPERM;
	}
	return 0;
}

bool runtime_paused(const char *dir)
{
	char path[PATH_MAX];

	if (path_printf(path, sizeof(path), "%s/%s", dir, NT_RUNTIME_PAUSED) < 0)
		return false;
	return access(path, F_OK) == 0;
}

static void write_managed(struct nt_json *j, const struct nt_daemon *d)
{
	json_key(j, "managed");
	json_begin_array(j);
	for (size_t i = 0; i < d->hist.n_knobs; i++) {
		const struct nt_knob_state *k = &d->hist.knobs[i];
		char text[NT_VALUE_TEXT];

		if (!k->managed)
			continue;
		json_begin_object(j);
		json_kv_string(j, "knob", nt_knobs[k->id.knob].name);
		json_kv_string(j, "device", k->id.device);
		json_kv_i64(j, "queue", k->id.queue);
		json_kv_i64(j, "irq", k->id.irq);
		json_kv_string(j, "value", knob_value_text(&k->written, text, sizeof(text)));
		json_kv_string(j, "original",
			       k->has_original ? knob_value_text(&k->original, text, sizeof(text)) :
						 "");
		json_kv_bool(j, "manual", k->hold == NT_HOLD_MANUAL);
		json_end_object(j);
	}
	json_end_array(j);
}

struct holds_ctx {
	struct nt_json *j;
};

static void one_hold(void *user, const struct nt_knob_id *id, const char *why)
{
	struct holds_ctx *h = user;

	json_begin_object(h->j);
	json_kv_string(h->j, "knob", nt_knobs[id->knob].name);
	json_kv_string(h->j, "device", id->device);
	json_kv_i64(h->j, "index", knob_id_index(id));
	json_kv_string(h->j, "why", why);
	json_end_object(h->j);
}

static double now_s(const struct nt_daemon *d)
{
	return d->snap[d->cur].mono_s;
}

static void one_backoff(void *user, const char *rule, const char *entity, double left_s)
{
	struct nt_json *j = user;

	json_begin_object(j);
	json_kv_string(j, "rule", rule);
	json_kv_string(j, "device", entity);
	json_kv_double(j, "seconds_left", left_s);
	json_end_object(j);
}

static void write_recent(struct nt_json *j, const struct nt_daemon *d)
{
	size_t n = d->n_recent < NT_DAEMON_RECENT ? d->n_recent : NT_DAEMON_RECENT;

	json_key(j, "recent");
	json_begin_array(j);
	/* newest first */
	for (size_t i = 0; i < n; i++) {
		const struct nt_recent *r = &d->recent[(d->n_recent - 1 - i) % NT_DAEMON_RECENT];

		json_begin_object(j);
		json_kv_string(j, "wallclock", r->wallclock);
		json_kv_string(j, "event", r->event);
		json_kv_string(j, "what", r->text);
		json_end_object(j);
	}
	json_end_array(j);
}

static void write_status(FILE *f, struct nt_daemon *d)
{
	struct holds_ctx h;
	struct nt_json j;
	char now[40], bpf[256];

	json_init(&j, f);
	h.j = &j;
	sampler_wallclock_now(now, sizeof(now));
	json_begin_object(&j);
	json_kv_i64(&j, "pid", getpid());
	json_kv_string(&j, "mode", daemon_mode(d));
	json_kv_bool(&j, "paused", d->paused);
	json_kv_string(&j, "policy", daemon_policy_file(d));
	json_kv_string(&j, "root", d->o.root);
	json_kv_string(&j, "state_dir", d->o.state_dir);
	json_kv_string(&j, "started", d->started);
	json_kv_string(&j, "updated", now);
	json_kv_double(&j, "interval_s", d->config.policy.interval_s);
	daemon_bpf_state(d, bpf, sizeof(bpf));
	json_kv_string(&j, "bpf", bpf);
	json_kv_u64(&j, "samples", d->samples);
	json_kv_u64(&j, "cycles", d->count.cycles);
	json_kv_u64(&j, "changes", d->count.changes);
	json_kv_u64(&j, "failures", d->count.failures);
	json_kv_u64(&j, "rollbacks", d->count.rollbacks);
	json_kv_u64(&j, "verified", d->count.verified);
	json_kv_u64(&j, "manual_overrides", d->count.manual);
	json_kv_u64(&j, "held", d->count.held);
	json_kv_double(&j, "cycle_s", d->cycle_s);
	json_kv_double(&j, "cycle_max_s", d->cycle_max_s);
	write_managed(&j, d);
	json_key(&j, "holds");
	json_begin_array(&j);
	engine_holds(d->engine, one_hold, &h);
	json_end_array(&j);
	json_key(&j, "backoffs");
	json_begin_array(&j);
	engine_backoffs(d->engine, now_s(d), one_backoff, &j);
	json_end_array(&j);
	write_recent(&j, d);
	json_end_object(&j);
	fputc('\n', f);
}

static void text_managed(FILE *f, const struct nt_daemon *d)
{
	char what[160];

	fprintf(f, "\nKnobs nettuned changed (value now, original):\n");
	if (!managed_count(d, NULL))
		fprintf(f, "  none\n");
	for (size_t i = 0; i < d->hist.n_knobs; i++) {
		const struct nt_knob_state *k = &d->hist.knobs[i];
		char value[NT_VALUE_TEXT], original[NT_VALUE_TEXT] = "";

		if (!k->managed)
			continue;
		act_describe(k->id.knob, k->id.device, k->id.queue, k->id.irq, k->irq_action, what,
			     sizeof(what));
		if (k->has_original)
			knob_value_text(&k->original, original, sizeof(original));
		fprintf(f, "  %-40s %s (original %s)%s\n", what,
			knob_value_text(&k->written, value, sizeof(value)),
			original[0] ? original : "unknown",
			k->hold == NT_HOLD_MANUAL ? "  MANUAL: changed by someone else, hands off" :
						    "");
	}
}

struct text_holds {
	FILE *f;
	size_t n;
};

static void text_hold(void *user, const struct nt_knob_id *id, const char *why)
{
	struct text_holds *h = user;
	FILE *f = h->f;
	char what[160];

	h->n++;
	act_describe(id->knob, id->device, id->irq >= 0 ? -1 : id->queue, id->irq, NULL, what,
		     sizeof(what));
	fprintf(f, "  %-40s %s\n", what, why);
}

static void text_backoff(void *user, const char *rule, const char *entity, double left_s)
{
	struct text_holds *h = user;

	h->n++;
	fprintf(h->f, "  rule %s on %s: %.0f s left\n", rule, entity[0] ? entity : "the host",
		left_s);
}

static void write_text(FILE *f, struct nt_daemon *d)
{
	size_t n = d->n_recent < NT_DAEMON_RECENT ? d->n_recent : NT_DAEMON_RECENT;
	struct text_holds holds = { f, 0 };
	char now[40], bpf[256];

	sampler_wallclock_now(now, sizeof(now));
	daemon_bpf_state(d, bpf, sizeof(bpf));
	fprintf(f, "mode %s%s, policy %s, interval %.3g s\n", daemon_mode(d),
		d->paused ? " (PAUSED: every change is held)" : "", daemon_policy_file(d),
		d->config.policy.interval_s);
	fprintf(f, "started %s, updated %s, %llu cycles\n", d->started, now, d->count.cycles);
	fprintf(f, "BPF signals %s\n", bpf);
	fprintf(f,
		"changes %llu, verified %llu, rolled back %llu, failed %llu, manual overrides %llu, held %llu\n",
		d->count.changes, d->count.verified, d->count.rollbacks, d->count.failures,
		d->count.manual, d->count.held);
	text_managed(f, d);
	fprintf(f, "\nOn hold (manual, unsupported, failed, verify):\n");
	engine_holds(d->engine, text_hold, &holds);
	if (!holds.n)
		fprintf(f, "  none\n");
	fprintf(f, "\nBacking off after a rollback (the rule leaves the device alone):\n");
	holds.n = 0;
	engine_backoffs(d->engine, now_s(d), text_backoff, &holds);
	if (!holds.n)
		fprintf(f, "  none\n");
	fprintf(f, "\nLast decisions, newest first:\n");
	if (!n)
		fprintf(f, "  none\n");
	for (size_t i = 0; i < n; i++) {
		const struct nt_recent *r = &d->recent[(d->n_recent - 1 - i) % NT_DAEMON_RECENT];

		fprintf(f, "  %s %-12s %s\n", r->wallclock, r->event, r->text);
	}
}

/* DIR/NAME through a temporary file and rename(2). */
static int write_atomic(const char *dir, const char *name, void (*fn)(FILE *, struct nt_daemon *),
			struct nt_daemon *d)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	FILE *f;
	int r = 0;

	if (path_printf(path, sizeof(path), "%s/%s", dir, name) < 0 ||
	    path_printf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name) < 0)
		return -ENAMETOOLONG;
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fn(f, d);
	if (ferror(f))
		r = -EIO;
	if (fclose(f) != 0 && !r)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r)
		unlink(tmp);
	return r;
}

int runtime_write_status(struct nt_daemon *d)
{
	int r = write_atomic(d->o.runtime_dir, NT_RUNTIME_STATUS, write_status, d);

	if (r >= 0)
		r = write_atomic(d->o.runtime_dir, NT_RUNTIME_STATUS_TEXT, write_text, d);
	return r;
}
