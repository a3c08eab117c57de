// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF signals of a recorded tree: bpf/status, bpf/napi, bpf/softirq and
 * bpf/drops (capture format, README; capture_write.c writes them). Every
 * file starts with one '#' line naming its columns (any '#' line and blank
 * line is skipped); fields are separated by blanks, numbers are unsigned
 * decimal, -1 means unknown, "-" an empty name. Counters are cumulative
 * since the programs were attached, as in struct nt_bpf.
 *
 *   bpf/status    attached [napi] [softirq] [drops] [reasons]
 *                 off errno=N why the programs are off, to the end of the line
 *   bpf/napi      dev napi irq cpu weight polls packets full
 *   bpf/softirq   cpu net_rx_ns net_rx_runs net_tx_ns net_tx_runs
 *   bpf/drops     reason name count
 *
 * bpf/status decides: missing, empty or only comments means the snapshot
 * was taken without the BPF signals (bpf.err -ENOENT); "attached" lists
 * the parts that were (unknown words are ignored), and only their files
 * are read, a missing or empty one clearing its part; "off" gives
 * bpf.err = -N and bpf.why. N of 0, 2 (ENOENT means "not recorded"), over
 * 4095 or not a number read as ENODATA; anything else on the first line
 * is EINVAL with a why that says so.
 *
 * These trees are also written by hand, so a line that does not parse
 * exactly (missing or extra field, a number out of range, a name too
 * long) is skipped rather than guessed at; the instances and reasons are
 * sorted as struct nt_bpf promises, the first of two lines for the same
 * one counting. Nothing is allocated beyond the snapshot's own arrays.
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One line of a file, split into blank-separated fields. */
struct line {
	const char *p, *end;
};

static bool field(struct line *l, const char **tok, size_t *len)
{
	const char *p = l->p;

	/* '\r': a tree edited on another system */
	while (p < l->end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p == l->end)
		return false;
	*tok = p;
	while (p < l->end && *p != ' ' && *p != '\t' && *p != '\r')
		p++;
	*len = (size_t)(p - *tok);
	l->p = p;
	return true;
}

/* The whole token must be digits and fit: scan_u64() saturates instead. */
static bool field_u64(struct line *l, uint64_t *v)
{
	const char *t;
	size_t n;
	uint64_t x = 0;

	if (!field(l, &t, &n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned int d = (unsigned int)((unsigned char)t[i] - '0');

		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*v = x;
	return true;
}

static bool field_uint(struct line *l, uint64_t max, uint64_t *v)
{
	return field_u64(l, v) && *v <= max;
}

/* A non-negative int, or -1 for "unknown"; no other negative value. */
static bool field_int_or_unknown(struct line *l, int *v)
{
	struct line save = *l;
	const char *t;
	size_t n;
	uint64_t x;

	if (field(&save, &t, &n) && n == 2 && !memcmp(t, "-1", 2)) {
		*l = save;
		*v = -1;
		return true;
	}
	if (!field_uint(l, INT32_MAX, &x))
		return false;
	*v = (int)x;
	return true;
}

/* A name of at most size-1 characters; "-" is the empty name. */
static bool field_name(struct line *l, char *dst, size_t size)
{
	const char *t;
	size_t n;

	if (!field(l, &t, &n) || n >= size)
		return false;
	if (n == 1 && *t == '-')
		n = 0;
	memcpy(dst, t, n);
	dst[n] = '\0';
	return true;
}

static bool line_done(struct line *l)
{
	const char *t;
	size_t n;

	return !field(l, &t, &n);
}

/* The next line that is neither blank nor a '#' comment; false at the end. */
static bool next_data_line(const char **pp, struct line *l)
{
	while (**pp) {
		const char *p = *pp, *q;

		*pp = next_line(p);
		l->p = p;
		l->end = p + strcspn(p, "\n");
		q = skip_blanks(p);
		if (q < l->end && *q != '#' && *q != '\r')
			return true;
	}
	return false;
}

static size_t count_lines(const char *p)
{
	size_t n = 0;

	for (; *p; p = next_line(p))
		n++;
	return n;
}

/* ---- bpf/status --------------------------------------------------------- */

static bool token_is(const char *t, size_t n, const char *word)
{
	return strlen(word) == n && !memcmp(t, word, n);
}

static void parse_attached(struct nt_bpf *bpf, struct line *l)
{
	const char *t;
	size_t n;

	bpf->err = 0;
	/* unknown words are parts a later nettuned records: ignore them */
	while (field(l, &t, &n)) {
		if (token_is(t, n, "napi"))
			bpf->has_napi = true;
		else if (token_is(t, n, "softirq"))
			bpf->has_softirq = true;
		else if (token_is(t, n, "drops"))
			bpf->has_drops = true;
		else if (token_is(t, n, "reasons"))
			bpf->has_reasons = true;
	}
}

static void parse_off(struct nt_bpf *bpf, struct line *l)
{
	struct line save = *l;
	const char *t;
	size_t n;
	uint64_t e;

	/* ENOENT means "not recorded" in a snapshot, so a recorded one reads
	 * as ENODATA, as does an "off" line without a usable errno */
	bpf->err = -ENODATA;
	if (field(&save, &t, &n) && n > 6 && !memcmp(t, "errno=", 6)) {
		struct line num = { t + 6, t + n };

		if (field_uint(&num, 4095, &e) && line_done(&num) && e != 0 && e != ENOENT)
			bpf->err = -(int)e;
		*l = save;
	}
	parse_copy_trimmed(bpf->why, sizeof(bpf->why), l->p, (size_t)(l->end - l->p));
}

void sample_parse_bpf_status(struct nt_bpf *bpf, const char *text)
{
	struct line l;
	const char *t;
	size_t n;

	if (!next_data_line(&text, &l) || !field(&l, &t, &n)) {
		bpf->err = -ENOENT; /* only comments: as good as empty */
		return;
	}
	if (token_is(t, n, "attached")) {
		parse_attached(bpf, &l);
	} else if (token_is(t, n, "off")) {
		parse_off(bpf, &l);
	} else {
		bpf->err = -EINVAL;
		snprintf(bpf->why, sizeof(bpf->why),
			 "bpf/status says neither \"attached\" nor \"off\"");
	}
}

/* ---- bpf/napi ----------------------------------------------------------- */

static bool parse_napi(struct line *l, struct nt_bpf_napi *np)
{
	uint64_t id, weight;

	memset(np, 0, sizeof(*np));
	if (!field_name(l, np->dev, sizeof(np->dev)) || !field_uint(l, UINT32_MAX, &id) ||
	    !field_int_or_unknown(l, &np->irq) || !field_int_or_unknown(l, &np->cpu) ||
	    !field_uint(l, UINT32_MAX, &weight))
		return false;
	np->id = (unsigned int)id;
	np->weight = (uint32_t)weight;
	return field_u64(l, &np->polls) && field_u64(l, &np->packets) && field_u64(l, &np->full) &&
	       line_done(l);
}

static int cmp_napi(const void *pa, const void *pb)
{
	const struct nt_bpf_napi *a = pa, *b = pb;
	int c = strcmp(a->dev, b->dev);

	if (c)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * @len counts the file's bytes, @text stops at its first NUL: a file that
 * starts with one (zero-filled after a crash) has bytes but no line, so
 * nothing may be sorted (qsort() on a NULL array is undefined).
 */
int sample_parse_bpf_napi(struct nt_snapshot *snap, const char *text, size_t len)
{
	struct nt_bpf *bpf = &snap->bpf;
	const char *p;
	struct line l;
	size_t out = 0;
	int r;

	bpf->n_napi = 0;
	if (!len) {
		bpf->has_napi = false; /* missing or empty: not available */
		return 0;
	}
	r = snapshot_reserve_napi(snap, count_lines(text));
	if (r < 0)
		return r;
	for (p = text; next_data_line(&p, &l);)
		if (parse_napi(&l, &bpf->napi[bpf->n_napi]))
			bpf->n_napi++;
	if (bpf->n_napi < 2)
		return 0;
	/* the order the contract promises, whatever order the file had;
	 * of two lines for the same instance the first one counts */
	qsort(bpf->napi, bpf->n_napi, sizeof(*bpf->napi), cmp_napi);
	for (size_t i = 0; i < bpf->n_napi; i++)
		if (!out || cmp_napi(&bpf->napi[out - 1], &bpf->napi[i]))
			bpf->napi[out++] = bpf->napi[i];
	bpf->n_napi = out;
	return 0;
}

/* ---- bpf/softirq -------------------------------------------------------- */

int sample_parse_bpf_softirq(struct nt_snapshot *snap, const char *text, size_t len)
{
	const char *p;
	struct line l;

	if (!len) {
		snap->bpf.has_softirq = false;
		return 0;
	}
	for (p = text; next_data_line(&p, &l);) {
		uint64_t cpu, v[4];
		struct nt_cpu *c;
		int r;

		if (!field_uint(&l, NT_MAX_CPUS - 1, &cpu) || !field_u64(&l, &v[0]) ||
		    !field_u64(&l, &v[1]) || !field_u64(&l, &v[2]) || !field_u64(&l, &v[3]) ||
		    !line_done(&l))
			continue;
		r = snapshot_reserve_cpus(snap, (unsigned int)cpu + 1);
		if (r < 0)
			return r;
		c = &snap->cpus[cpu];
		c->net_rx_ns = v[0];
		c->net_rx_runs = v[1];
		c->net_tx_ns = v[2];
		c->net_tx_runs = v[3];
	}
	return 0;
}

/* ---- bpf/drops ---------------------------------------------------------- */

static bool parse_drop(struct line *l, struct nt_bpf_drop *d)
{
	uint64_t reason;

	memset(d, 0, sizeof(*d));
	if (!field_uint(l, UINT32_MAX, &reason))
		return false;
	d->reason = (unsigned int)reason;
	return field_name(l, d->name, sizeof(d->name)) && field_u64(l, &d->count) && line_done(l);
}

static int cmp_drop(const void *pa, const void *pb)
{
	const struct nt_bpf_drop *a = pa, *b = pb;

	return (a->reason > b->reason) - (a->reason < b->reason);
}

int sample_parse_bpf_drops(struct nt_snapshot *snap, const char *text, size_t len)
{
	struct nt_bpf *bpf = &snap->bpf;
	const char *p;
	struct line l;
	size_t out = 0;
	int r;

	bpf->n_drops = 0;
	if (!len) {
		bpf->has_drops = false;
		return 0;
	}
	r = snapshot_reserve_drops(snap, count_lines(text));
	if (r < 0)
		return r;
	for (p = text; next_data_line(&p, &l);)
		if (parse_drop(&l, &bpf->drops[bpf->n_drops]))
			bpf->n_drops++;
	if (bpf->n_drops < 2)
		return 0; /* as in sample_parse_bpf_napi(): maybe nothing to sort */
	qsort(bpf->drops, bpf->n_drops, sizeof(*bpf->drops), cmp_drop);
	for (size_t i = 0; i < bpf->n_drops; i++)
		if (!out || bpf->drops[out - 1].reason != bpf->drops[i].reason)
			bpf->drops[out++] = bpf->drops[i];
	bpf->n_drops = out;
	return 0;
}

/* One bpf/ file: its length (0 when missing) and text in s->buf. */
static size_t read_part(struct nt_sampler *s, const char *path)
{
	long n = buf_read_at(&s->buf, s->rootfd, path);

	return n > 0 ? (size_t)n : 0;
}

int sample_read_bpf_files(struct nt_sampler *s, struct nt_snapshot *snap)
{
	struct nt_bpf *bpf = &snap->bpf;
	size_t n;
	int r = 0;

	bpf->err = -ENOENT;
	bpf->n_napi = bpf->n_drops = 0;
	if (buf_read_at(&s->buf, s->rootfd, "bpf/status") <= 0)
		return 0; /* no bpf/: the capture was taken without them */
	sample_parse_bpf_status(bpf, s->buf.data);
	if (bpf->err)
		return 0;
	if (bpf->has_napi) {
		n = read_part(s, "bpf/napi");
		r = sample_parse_bpf_napi(snap, s->buf.data, n);
	}
	if (!r && bpf->has_softirq) {
		n = read_part(s, "bpf/softirq");
		r = sample_parse_bpf_softirq(snap, s->buf.data, n);
	}
	if (!r && bpf->has_drops) {
		n = read_part(s, "bpf/drops");
		r = sample_parse_bpf_drops(snap, s->buf.data, n);
	}
	return r;
}
