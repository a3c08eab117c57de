// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * history.ini: the daemon's change history (engine/history.h) in the state
 * directory, so that a restart (a crash, the watchdog, `systemctl
 * restart`) keeps its cooldowns, its hourly budget, its backoffs and the
 * verify windows that were open, baselines and all. The daemon writes it
 * (state_write_durably(), as state.ini) after every cycle that changed
 * it. INI through inih, values quoted as in state.ini, and an [end]
 * section that counts the sections before it, so a file cut short is
 * never taken for a short history.
 *
 * It is only as good as its boot: its times are CLOCK_MONOTONIC seconds,
 * which start again at every boot (and so does every knob), so a file of
 * another boot is dropped. A damaged one is not trusted at all.
 */
#include "state/history_file.h"
#include "state/state_syntax.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/signal.h"
#include "util/inifile.h"
#include "util/array.h"
#include "util/escape.h"
#include "util/path.h"

#define HISTORY_VERSION 1
#define HISTORY_LINE_MAX (4 * NT_VALUE_MAX + 64)

static const char *const out_keys[NT_OUT_COUNT] = {
	[NT_OUT_DROPS] = "out_drops",
	[NT_OUT_TCP_TIMEOUTS] = "out_tcp_timeouts",
	[NT_OUT_TCP_RETRANS] = "out_tcp_retrans",
};

/* ---- writing ------------------------------------------------------------ */

/* %.17g: strtod gives the same double back */
static void put_num(struct nt_buf *b, const char *key, double v)
{
	buf_appendf(b, "%s = %.17g\n", key, v);
}

static void write_knob(struct nt_buf *b, const struct nt_knob_state *k)
{
	buf_appendf(b, "\n[knob]\nknob = %s\n", nt_knobs[k->id.knob].name);
	if (k->id.device[0])
		state_put(b, "device", k->id.device);
	/* the IRQ, else the queue: the instance within its knob */
	buf_appendf(b, "index = %d\n", knob_id_index(&k->id));
	if (k->changed)
		put_num(b, "changed_at", k->changed_at);
	if (k->hold)
		buf_appendf(b, "hold = %s\n", history_hold_name(k->hold));
	if (k->hold == NT_HOLD_FAILED)
		put_num(b, "hold_until", k->hold_until);
}

static void write_change(struct nt_buf *b, const struct nt_verify_change *c)
{
	char text[NT_VALUE_TEXT];

	buf_appendf(b, "\n[change]\nknob = %s\n", nt_knobs[c->id.knob].name);
	if (c->id.device[0])
		state_put(b, "device", c->id.device);
	buf_appendf(b, "queue = %d\nirq = %d\n", c->id.queue, c->id.irq);
	state_put(b, "from", knob_value_text(&c->from, text, sizeof(text)));
	state_put(b, "to", knob_value_text(&c->to, text, sizeof(text)));
	if (c->dropped)
		buf_appendf(b, "dropped = yes\n");
}

static void write_window(struct nt_buf *b, const struct nt_verify *v)
{
	char cpus[NT_VALUE_MAX];

	buf_appendf(b, "\n[window]\n");
	state_put(b, "rule", v->rule);
	buf_appendf(b, "cond = %d\nsignal = %s\n", v->cond, nt_signals[v->signal].name);
	if (v->entity[0])
		state_put(b, "entity", v->entity);
	buf_appendf(b, "queue = %d\n", v->queue);
	cpuset_format_list(&v->cpus, cpus, sizeof(cpus));
	state_put(b, "cpus", cpus);
	put_num(b, "start", v->start);
	put_num(b, "deadline", v->deadline);
	buf_appendf(b, "symptom = %.17g %.17g %u\n", v->base, v->sum, v->n);
	if (v->has_traffic)
		buf_appendf(b, "traffic = %.17g %.17g %u\n", v->traffic_base, v->traffic_sum,
			    v->traffic_n);
	for (int o = 0; o < NT_OUT_COUNT; o++)
		if (v->out[o].has)
			buf_appendf(b, "%s = %.17g %.17g %.17g %u\n", out_keys[o], v->out[o].base,
				    v->out[o].spread, v->out[o].sum, v->out[o].n);
	for (size_t i = 0; i < v->n_changes; i++)
		write_change(b, &v->changes[i]);
}

/* Knob states worth keeping: a change's time or a hold. */
static bool kept(const struct nt_knob_state *k)
{
	return k->changed || k->hold;
}

int history_file_format(const struct nt_history *h, const char *boot_id, struct nt_buf *out)
{
	size_t sections = h->n_verifies + h->n_backoffs;

	out->len = 0;
	out->err = 0;
	buf_appendf(out,
		    "# nettuned: cooldowns, the hourly budget, verify windows and backoffs "
		    "(README, \"Restarts\").\n[history]\nversion = %d\n",
		    HISTORY_VERSION);
	if (boot_id[0])
		state_put(out, "boot_id", boot_id);
	for (size_t i = 0; i < h->n_changes; i++)
		put_num(out, "change", h->changes[i]);
	if (h->quarantine)
		put_num(out, "quarantine_from", h->quarantine_from);
	for (size_t i = 0; i < h->n_knobs; i++) {
		if (!kept(&h->knobs[i]))
			continue;
		write_knob(out, &h->knobs[i]);
		sections++;
	}
	for (size_t i = 0; i < h->n_verifies; i++) {
		write_window(out, &h->verifies[i]);
		sections += h->verifies[i].n_changes;
	}
	for (size_t i = 0; i < h->n_backoffs; i++) {
		buf_appendf(out, "\n[backoff]\n");
		state_put(out, "rule", h->backoffs[i].rule);
		if (h->backoffs[i].entity[0])
			state_put(out, "entity", h->backoffs[i].entity);
		put_num(out, "until", h->backoffs[i].until);
	}
	buf_appendf(out, "\n[end]\nsections = %zu\n", sections);
	return out->err;
}

/* ---- reading ------------------------------------------------------------ */

enum hsec {
	HS_NONE,
	HS_HEADER,
	HS_KNOB,
	HS_WINDOW,
	HS_CHANGE,
	HS_BACKOFF,
	HS_END
};

struct hloader {
	struct nt_history *h;
	const char *file;
	char msg[512]; /* the first problem */
	int problems;
	enum hsec sec;
	int version;
	char boot_id[64];
	bool has_boot_id;
	size_t sections;        /* counted, for [end] */
	long long end_sections; /* -1: no [end] yet */
	struct nt_knob_state *knob;
	struct nt_verify *window;
	struct nt_verify_change *change;
	unsigned int seen; /* required keys seen in the section, a bit each */
	/* kept until the section ends: they need its knob, in any order */
	int index;
	char from[NT_VALUE_TEXT], to[NT_VALUE_TEXT];
	int sec_line;
};

static void __attribute__((format(printf, 3, 4)))
bad(struct hloader *l, int line, const char *fmt, ...)
{
	char text[400];
	va_list ap;

	if (l->problems++)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(l->msg, sizeof(l->msg), "%s:%d: %s", l->file, line, text);
	else
		snprintf(l->msg, sizeof(l->msg), "%s: %s", l->file, text);
}

static bool num(const char *v, double *out)
{
	char *end;

	*out = strtod(v, &end);
	return end != v && !*end && isfinite(*out);
}

static bool integer(const char *v, long long min, long long max, int *out)
{
	char *end;
	long long n = strtoll(v, &end, 10);

	if (end == v || *end || n < min || n > max)
		return false;
	*out = (int)n;
	return true;
}

/* "MEAN SPREAD SUM N" and the shorter forms: @k doubles, then a count. */
static bool doubles_count(const char *v, double *x, int k, unsigned int *n)
{
	char *end;

	for (int i = 0; i < k; i++) {
		x[i] = strtod(v, &end);
		if (end == v || !isfinite(x[i]) || (*end != ' '))
			return false;
		v = end + 1;
	}
	*n = (unsigned int)strtoul(v, &end, 10);
	return end != v && !*end && *v != '-';
}

static bool text(const char *raw, char *out, size_t size)
{
	return state_get(raw, true, out, size) == 0;
}

static void finish_section(struct hloader *l, int line);

static void begin(struct hloader *l, const char *raw, int line)
{
	struct nt_history *h = l->h;
	char name[128];

	/* a damaged file may name anything: messages show it escaped */
	escape_text(raw, NULL, name, sizeof(name));

	finish_section(l, line);
	l->seen = 0;
	l->sec_line = line;
	l->knob = NULL;
	l->change = NULL;
	if (strcmp(name, "change") && strcmp(name, "window"))
		l->window = NULL; /* a window's changes follow it */
	if (l->sec == HS_END) {
		bad(l, line, "[%s] after [end]", name);
		return;
	}
	if (!strcmp(name, "history")) {
		l->sec = l->version ? HS_NONE : HS_HEADER;
		if (l->version)
			bad(l, line, "a second [history] section");
		return;
	}
	if (!l->version) {
		bad(l, line, "[%s] before [history]", name);
		l->sec = HS_NONE;
		return;
	}
	l->sections++;
	if (!strcmp(name, "knob")) {
		l->sec = HS_KNOB;
		if (array_grow(h->knobs, &h->knobs_cap, h->n_knobs, 8)) {
			bad(l, line, "out of memory");
			return;
		}
		l->knob = &h->knobs[h->n_knobs++];
		memset(l->knob, 0, sizeof(*l->knob));
		l->knob->id.queue = l->knob->id.irq = -1;
		l->knob->ifindex = -1;
	} else if (!strcmp(name, "window")) {
		l->sec = HS_WINDOW;
		l->window = history_add_verify(h, 0);
		if (!l->window) {
			bad(l, line, "out of memory");
			return;
		}
		l->window->resumed = true;
	} else if (!strcmp(name, "change")) {
		struct nt_verify *v = l->window;
		struct nt_verify_change *c;

		l->sec = HS_CHANGE;
		if (!v) {
			bad(l, line, "[change] outside a [window]");
			return;
		}
		c = realloc(v->changes, (v->n_changes + 1) * sizeof(*c));
		if (!c) {
			bad(l, line, "out of memory");
			return;
		}
		v->changes = c;
		l->change = &c[v->n_changes++];
		memset(l->change, 0, sizeof(*l->change));
		l->change->id.queue = l->change->id.irq = -1;
		l->from[0] = l->to[0] = '\0';
	} else if (!strcmp(name, "backoff")) {
		l->sec = HS_BACKOFF;
		if (array_grow(h->backoffs, &h->backoffs_cap, h->n_backoffs, 4)) {
			bad(l, line, "out of memory");
			return;
		}
		memset(&h->backoffs[h->n_backoffs++], 0, sizeof(*h->backoffs));
	} else if (!strcmp(name, "end")) {
		l->sections--;
		l->sec = HS_END;
	} else {
		bad(l, line, "unknown section [%s]", name);
		l->sec = HS_NONE;
	}
}

static void on_section(void *user, const char *name, int line)
{
	begin(user, name, line);
}

/* Keys every section of a kind needs, a bit each in l->seen. */
enum {
	K1 = 1,
	K2 = 2,
	K3 = 4,
	K4 = 8,
	K5 = 16,
	K6 = 32,
	K7 = 64
};

static bool header_key(struct hloader *l, const char *key, const char *v)
{
	struct nt_history *h = l->h;
	double t;

	if (!strcmp(key, "version"))
		return integer(v, 1, INT_MAX, &l->version);
	if (!strcmp(key, "boot_id")) {
		l->has_boot_id = true;
		return text(v, l->boot_id, sizeof(l->boot_id));
	}
	if (!strcmp(key, "change")) {
		if (!num(v, &t) || array_grow(h->changes, &h->changes_cap, h->n_changes, 16))
			return false;
		h->changes[h->n_changes++] = t;
		return true;
	}
	if (!strcmp(key, "quarantine_from")) {
		h->quarantine = true;
		return num(v, &h->quarantine_from);
	}
	return false;
}

static bool knob_key(struct hloader *l, const char *key, const char *v)
{
	struct nt_knob_state *k = l->knob;
	int n;

	if (!strcmp(key, "knob")) {
		l->seen |= K1;
		return (int)(k->id.knob = knob_by_name(v)) >= 0;
	}
	if (!strcmp(key, "device"))
		return text(v, k->id.device, sizeof(k->id.device));
	if (!strcmp(key, "index")) {
		l->seen |= K2;
		return integer(v, -1, INT_MAX, &l->index);
	}
	if (!strcmp(key, "changed_at")) {
		k->changed = true;
		return num(v, &k->changed_at);
	}
	if (!strcmp(key, "hold")) {
		n = history_hold_by_name(v);
		k->hold = n > 0 ? (enum nt_hold)n : NT_HOLD_NONE;
		return n > 0;
	}
	if (!strcmp(key, "hold_until"))
		return num(v, &k->hold_until);
	return false;
}

static bool window_key(struct hloader *l, const char *key, const char *v)
{
	struct nt_verify *w = l->window;
	double x[3];

	if (!strcmp(key, "rule")) {
		l->seen |= K1;
		return text(v, w->rule, sizeof(w->rule)) && w->rule[0];
	}
	if (!strcmp(key, "cond")) {
		l->seen |= K2;
		return integer(v, 0, 2 * NT_RULE_MAX_CONDS - 1, &w->cond);
	}
	if (!strcmp(key, "signal")) {
		l->seen |= K3;
		return (w->signal = signal_by_name(v)) >= 0;
	}
	if (!strcmp(key, "entity"))
		return text(v, w->entity, sizeof(w->entity));
	if (!strcmp(key, "queue"))
		return integer(v, -1, INT_MAX, &w->queue);
	if (!strcmp(key, "cpus")) {
		char list[NT_VALUE_MAX];

		return text(v, list, sizeof(list)) && cpuset_parse_list(&w->cpus, list) == 0;
	}
	if (!strcmp(key, "start")) {
		l->seen |= K4;
		return num(v, &w->start);
	}
	if (!strcmp(key, "deadline")) {
		l->seen |= K5;
		return num(v, &w->deadline);
	}
	if (!strcmp(key, "symptom")) {
		l->seen |= K6;
		if (!doubles_count(v, x, 2, &w->n))
			return false;
		w->base = x[0];
		w->sum = x[1];
		return true;
	}
	if (!strcmp(key, "traffic")) {
		w->has_traffic = doubles_count(v, x, 2, &w->traffic_n);
		w->traffic_base = x[0];
		w->traffic_sum = x[1];
		return w->has_traffic;
	}
	for (int o = 0; o < NT_OUT_COUNT; o++) {
		struct nt_outcome_stat *s = &w->out[o];

		if (strcmp(key, out_keys[o]))
			continue;
		s->has = doubles_count(v, x, 3, &s->n);
		s->base = x[0];
		s->spread = x[1];
		s->sum = x[2];
		return s->has;
	}
	return false;
}

static bool change_key(struct hloader *l, const char *key, const char *v)
{
	struct nt_verify_change *c = l->change;

	if (!strcmp(key, "knob")) {
		l->seen |= K1;
		return (int)(c->id.knob = knob_by_name(v)) >= 0;
	}
	if (!strcmp(key, "device"))
		return text(v, c->id.device, sizeof(c->id.device));
	if (!strcmp(key, "queue"))
		return integer(v, -1, INT_MAX, &c->id.queue);
	if (!strcmp(key, "irq"))
		return integer(v, -1, INT_MAX, &c->id.irq);
	if (!strcmp(key, "from")) {
		l->seen |= K2;
		return text(v, l->from, sizeof(l->from));
	}
	if (!strcmp(key, "to")) {
		l->seen |= K3;
		return text(v, l->to, sizeof(l->to));
	}
	if (!strcmp(key, "dropped"))
		return (c->dropped = !strcmp(v, "yes"));
	return false;
}

static bool backoff_key(struct hloader *l, const char *key, const char *v)
{
	struct nt_backoff *b = &l->h->backoffs[l->h->n_backoffs - 1];

	if (!strcmp(key, "rule")) {
		l->seen |= K1;
		return text(v, b->rule, sizeof(b->rule)) && b->rule[0];
	}
	if (!strcmp(key, "entity"))
		return text(v, b->entity, sizeof(b->entity));
	if (!strcmp(key, "until")) {
		l->seen |= K2;
		return num(v, &b->until);
	}
	return false;
}

static void on_key(void *user, const char *section, const char *key, const char *value, int line)
{
	struct hloader *l = user;
	char shown[128];
	bool ok;

	/* a section that could not begin (said there) takes no keys */
	if ((l->sec == HS_KNOB && !l->knob) || (l->sec == HS_WINDOW && !l->window) ||
	    (l->sec == HS_CHANGE && !l->change))
		l->sec = HS_NONE;
	switch (l->sec) {
	case HS_HEADER:
		ok = header_key(l, key, value);
		break;
	case HS_KNOB:
		ok = knob_key(l, key, value);
		break;
	case HS_WINDOW:
		ok = window_key(l, key, value);
		break;
	case HS_CHANGE:
		ok = change_key(l, key, value);
		break;
	case HS_BACKOFF:
		ok = backoff_key(l, key, value);
		break;
	case HS_END: {
		int n;

		ok = !strcmp(key, "sections") && l->end_sections < 0 &&
		     integer(value, 0, INT_MAX, &n);
		l->end_sections = ok ? n : -1;
		break;
	}
	default:
		ok = l->problems > 0; /* said at the section */
		break;
	}
	if (!ok) {
		char key_shown[128];

		escape_text(key, NULL, key_shown, sizeof(key_shown));
		escape_text(value, NULL, shown, sizeof(shown));
		bad(l, line, "bad line: %s = %s", key_shown, shown);
	}
}

/* index: the IRQ of irq.affinity, the queue of rps.*, else -1 */
static void knob_instance(struct nt_knob_state *k, int index)
{
	switch (nt_knobs[k->id.knob].where) {
	case NT_KW_IRQ:
		k->id.irq = index;
		break;
	case NT_KW_QUEUE:
		k->id.queue = index;
		break;
	default:
		break;
	}
}

/* The keys a section needs; @line is where the next one begins. */
static void finish_section(struct hloader *l, int line)
{
	static const unsigned int need[] = {
		[HS_KNOB] = K1 | K2,
		[HS_WINDOW] = K1 | K2 | K3 | K4 | K5 | K6,
		[HS_CHANGE] = K1 | K2 | K3,
		[HS_BACKOFF] = K1 | K2,
	};

	if (l->sec >= HS_KNOB && l->sec <= HS_BACKOFF && (l->seen & need[l->sec]) != need[l->sec]) {
		bad(l, l->sec_line, "a section lacks a key it needs");
		return;
	}
	/* a bad line was said (a knob name that is none: knob -1): damaged already */
	if (l->problems)
		return;
	if (l->sec == HS_KNOB && l->knob)
		knob_instance(l->knob, l->index);
	if (l->sec == HS_CHANGE && l->change &&
	    (knob_value_parse(l->change->id.knob, l->from, &l->change->from) ||
	     knob_value_parse(l->change->id.knob, l->to, &l->change->to)))
		bad(l, l->sec_line, "a change's from or to is not a value of %s",
		    nt_knobs[l->change->id.knob].name);
}

/* Knobs in an open window are being verified; a window without a change is none. */
static void settle(struct nt_history *h)
{
	for (size_t i = 0; i < h->n_verifies; i++) {
		const struct nt_verify *v = &h->verifies[i];

		for (size_t c = 0; c < v->n_changes; c++) {
			const struct nt_verify_change *ch = &v->changes[c];
			struct nt_knob_state *k = history_knob(h, &ch->id, !ch->dropped);

			if (k && !ch->dropped)
				k->verifying = true;
		}
	}
}

enum nt_history_load history_file_parse(const char *file, const char *text, size_t len,
					const char *boot_id, struct nt_history *h, char *msg,
					size_t msglen)
{
	static const struct nt_ini_ops ops = {
		.section = on_section,
		.key = on_key,
		.line_max = HISTORY_LINE_MAX,
	};
	struct hloader l = { .h = h, .file = file, .end_sections = -1 };
	struct nt_diag diag;
	int r;

	history_clear(h);
	msg[0] = '\0';
	diag_init(&diag);
	r = inifile_parse_buffer(file, text, len, &ops, &l, &diag);
	finish_section(&l, 0);
	/* inih's own complaint (a syntax error, NUL bytes) comes first */
	if (r && diag.n)
		snprintf(l.msg, sizeof(l.msg), "%s", diag.msgs[0]);
	diag_free(&diag);
	if (!r && !l.problems && l.version != HISTORY_VERSION)
		bad(&l, 0, "version %d, this nettuned reads %d", l.version, HISTORY_VERSION);
	if (!r && !l.problems && l.end_sections != (long long)l.sections)
		bad(&l, 0, "cut short: %s",
		    l.end_sections < 0 ? "no [end] section" :
					 "[end] does not count the sections before it");
	if (r || l.problems) {
		snprintf(msg, msglen, "%s", l.msg[0] ? l.msg : file);
		history_clear(h);
		return NT_HISTORY_DAMAGED;
	}
	if (strcmp(l.boot_id, boot_id)) {
		char was[sizeof(l.boot_id) * 4];

		/* a file's boot_id may hold any byte: shown escaped */
		escape_text(l.boot_id, NULL, was, sizeof(was));
		snprintf(msg, msglen,
			 "%s is from boot %s, this is %s: dropped (the kernel "
			 "reset every knob at boot)",
			 file, l.has_boot_id ? was : "(none)", boot_id[0] ? boot_id : "(none)");
		history_clear(h);
		return NT_HISTORY_OTHER_BOOT;
	}
	settle(h);
	return NT_HISTORY_LOADED;
}

enum nt_history_load history_file_load(int dirfd, const char *dir, const char *boot_id,
				       struct nt_history *h, char *msg, size_t msglen)
{
	struct nt_buf b = { 0 };
	enum nt_history_load r;
	char path[PATH_MAX];
	long n;

	history_clear(h);
	msg[0] = '\0';
	n = buf_read_at(&b, dirfd, NT_HISTORY_FILE);
	if (n == -ENOENT || path_printf(path, sizeof(path), "%s/%s", dir, NT_HISTORY_FILE)) {
		buf_free(&b);
		return NT_HISTORY_NONE;
	}
	if (n < 0) {
		snprintf(msg, msglen, "%s: cannot read: %s", path, strerror((int)-n));
		buf_free(&b);
		return NT_HISTORY_DAMAGED;
	}
	r = history_file_parse(path, b.data, (size_t)n, boot_id, h, msg, msglen);
	buf_free(&b);
	return r;
}
