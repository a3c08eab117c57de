// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Prometheus textfile writer: signal rates against snapshots of a
 * fixture tree, the text format through a strict line parser (which is
 * itself shown to reject broken text), label escaping, and the atomic
 * replace under a concurrent reader.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "engine/signal.h"
#include "metrics/metrics.h"
#include "sample/sampler.h"
#include "model/snapshot.h"

/* ---- helpers ------------------------------------------------------------- */

static int __attribute__((format(printf, 1, 2))) sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	r = system(cmd);
	if (r) {
		printf("# command failed (%d): %s\n", r, cmd);
		check_failed++;
	}
	return r;
}

static const char *tmpbase(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

static bool mktmp(char *out, size_t size, const char *what)
{
	snprintf(out, size, "%s/nt-metrics-%s-XXXXXX", tmpbase(), what);
	if (!mkdtemp(out)) {
		printf("# mkdtemp(%s): %s\n", out, strerror(errno));
		check_failed++;
		return false;
	}
	return true;
}

static void rmtree(const char *dir)
{
	if (dir[0] && strstr(dir, "/nt-metrics-"))
		sh("rm -rf '%s'", dir);
}

static const char *fixture(const char *rel, char *out, size_t size)
{
	const char *base = getenv("NT_FIXTURES");

	if (!base) {
		printf("# NT_FIXTURES is not set\n");
		check_failed++;
		return NULL;
	}
	snprintf(out, size, "%s/%s", base, rel);
	return out;
}

static bool take(const char *root, struct nt_snapshot *snap)
{
	struct nt_sampler *s = NULL;
	char err[512] = "";
	int r = sampler_open(&s, root, 0, err, sizeof(err));

	if (r) {
		printf("# sampler_open(%s) = %d: %s\n", root, r, err);
		check_failed++;
		return false;
	}
	r = sampler_take(s, snap);
	sampler_close(s);
	CHECK_EQ_INT(r, 0);
	return r == 0;
}

/* Whole file, or NULL. Caller frees. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *data = NULL, chunk[16384];
	size_t len = 0, n;
	FILE *m;

	if (!f)
		return NULL;
	m = open_memstream(&data, &len);
	while (m && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	if (m)
		fclose(m);
	return data;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	CHECK(fclose(f) == 0);
}

/* metrics_print() into a string. Caller frees. */
static char *render(const struct nt_metrics *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CHECK(f != NULL);
	if (!f)
		return strdup("");
	CHECK_EQ_INT(metrics_print(f, m), 0);
	fclose(f);
	return text;
}

/* The value of the sample line "@series VALUE", false when there is none. */
static bool sample_of(const char *text, const char *series, double *v)
{
	size_t n = strlen(series);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, series, n) && p[n] == ' ') {
			*v = strtod(p + n + 1, NULL);
			return true;
		}
	}
	return false;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, line, n) && (p[n] == '\n' || !p[n]))
			return true;
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* ---- a strict parser for the text format 0.0.4 ----------------------------- */

#define MAX_FAMS 256

struct pfam {
	char name[160];
	char type[16];
	bool help, typed, samples, done;
};

struct pstate {
	struct pfam fam[MAX_FAMS];
	int nfam, cur;
	char **series;
	size_t nseries, cap;
	char why[256];
	int line;
};

static bool __attribute__((format(printf, 2, 3))) bad(struct pstate *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->why[0])
		return false;
	n = snprintf(ps->why, sizeof(ps->why), "line %d: ", ps->line);
	va_start(ap, fmt);
	vsnprintf(ps->why + n, sizeof(ps->why) - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static bool name_start(char c, bool colon)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
}

static bool name_rest(char c, bool colon)
{
	return name_start(c, colon) || (c >= '0' && c <= '9');
}

/* A metric (colon) or label name at *p; copies it to @out. */
static bool parse_name(const char **p, char *out, size_t size, bool colon)
{
	size_t n = 0;

	if (!name_start(**p, colon))
		return false;
	while (name_rest(**p, colon) && n + 1 < size)
		out[n++] = *(*p)++;
	out[n] = '\0';
	return !name_rest(**p, colon);
}

static struct pfam *family(struct pstate *ps, const char *name)
{
	for (int i = 0; i < ps->nfam; i++)
		if (!strcmp(ps->fam[i].name, name))
			return &ps->fam[i];
	if (ps->nfam == MAX_FAMS)
		return NULL;
	snprintf(ps->fam[ps->nfam].name, sizeof(ps->fam[0].name), "%s", name);
	return &ps->fam[ps->nfam++];
}

/* Families are contiguous: coming back to one after another began is an error. */
static bool touch(struct pstate *ps, struct pfam *f)
{
	int i = (int)(f - ps->fam);

	if (ps->cur == i)
		return true;
	if (f->done)
		return bad(ps, "family %s is split", f->name);
	if (ps->cur >= 0)
		ps->fam[ps->cur].done = true;
	ps->cur = i;
	return true;
}

/* _sum/_count/_bucket belong to a summary or histogram of the base name. */
static struct pfam *family_of_sample(struct pstate *ps, const char *name)
{
	static const char *const sfx[] = { "_sum", "_count", "_bucket" };
	char base[160];

	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		size_t n = strlen(name), k = strlen(sfx[i]);

		if (n <= k || strcmp(name + n - k, sfx[i]) || n - k >= sizeof(base))
			continue;
		memcpy(base, name, n - k);
		base[n - k] = '\0';
		for (int j = 0; j < ps->nfam; j++)
			if (!strcmp(ps->fam[j].name, base) &&
			    (!strcmp(ps->fam[j].type, "summary") ||
			     !strcmp(ps->fam[j].type, "histogram")))
				return &ps->fam[j];
	}
	return family(ps, name);
}

static bool parse_meta(struct pstate *ps, const char *p)
{
	static const char *const types[] = { "counter", "gauge", "summary", "histogram",
					     "untyped" };
	bool help = !strncmp(p, "# HELP ", 7), type = !strncmp(p, "# TYPE ", 7);
	char name[160];
	struct pfam *f;
	bool known = false;

	if (!help && !type)
		return true; /* any other comment */
	p += 7;
	if (!parse_name(&p, name, sizeof(name), true) || *p != ' ')
		return bad(ps, "bad metric name in HELP/TYPE");
	p++;
	f = family(ps, name);
	if (!f)
		return bad(ps, "too many families");
	if (!touch(ps, f))
		return false;
	if (f->samples)
		return bad(ps, "HELP/TYPE of %s after its samples", name);
	if (help) {
		if (f->help)
			return bad(ps, "second HELP for %s", name);
		for (; *p; p++)
			if (*p == '\\' && p[1] != '\\' && p[1] != 'n')
				return bad(ps, "bad escape in HELP of %s", name);
			else if (*p == '\\')
				p++;
		f->help = true;
		return true;
	}
	if (f->typed)
		return bad(ps, "second TYPE for %s", name);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		known |= !strcmp(p, types[i]);
	if (!known)
		return bad(ps, "unknown type \"%s\"", p);
	snprintf(f->type, sizeof(f->type), "%s", p);
	f->typed = true;
	return true;
}

/* One label value between quotes: only \\, \" and \n are escapes. */
static bool parse_label_value(struct pstate *ps, const char **p, FILE *key)
{
	if (*(*p)++ != '"')
		return bad(ps, "label value without quotes");
	for (; **p && **p != '"'; (*p)++) {
		if (**p == '\\') {
			(*p)++;
			if (**p != '\\' && **p != '"' && **p != 'n')
				return bad(ps, "bad escape \\%c", **p);
			fputc('\\', key);
		}
		fputc(**p, key);
	}
	if (*(*p)++ != '"')
		return bad(ps, "unterminated label value");
	return true;
}

static bool parse_labels(struct pstate *ps, const char **p, FILE *key)
{
	char names[16][160];
	int n = 0;

	if (**p != '{')
		return true;
	(*p)++;
	fputc('{', key);
	while (**p != '}') {
		if (n == 16 || !parse_name(p, names[n], sizeof(names[0]), false))
			return bad(ps, "bad label name");
		for (int i = 0; i < n; i++)
			if (!strcmp(names[i], names[n]))
				return bad(ps, "label %s twice", names[n]);
		if (*(*p)++ != '=')
			return bad(ps, "label without =");
		fprintf(key, "%s%s=", n ? "," : "", names[n]);
		if (!parse_label_value(ps, p, key))
			return false;
		n++;
		if (**p == ',' && (*p)[1] != '}')
			(*p)++;
		else if (**p != '}')
			return bad(ps, "label list broken at '%c'", **p);
	}
	(*p)++;
	fputc('}', key);
	return true;
}

/* The value: a decimal float or NaN, +Inf, -Inf exactly so spelt. */
static bool parse_value(const char **p)
{
	const char *s = *p;
	char *end;

	if (!strncmp(s, "NaN", 3) || !strncmp(s, "+Inf", 4) || !strncmp(s, "-Inf", 4)) {
		*p += s[0] == 'N' ? 3 : 4;
		return true;
	}
	if (*s == '-' || *s == '+')
		s++;
	if (!(*s >= '0' && *s <= '9') && !(*s == '.' && s[1] >= '0' && s[1] <= '9'))
		return false;
	strtod(*p, &end);
	*p = end;
	return true;
}

static bool add_series(struct pstate *ps, char *key)
{
	if (ps->nseries == ps->cap) {
		size_t cap = ps->cap ? 2 * ps->cap : 256;
		char **n = realloc(ps->series, cap * sizeof(*n));

		if (!n)
			return bad(ps, "out of memory");
		ps->series = n;
		ps->cap = cap;
	}
	ps->series[ps->nseries++] = key;
	return true;
}

static bool parse_sample(struct pstate *ps, const char *p)
{
	char name[160], *key = NULL;
	size_t keylen = 0;
	struct pfam *f;
	FILE *k;
	bool ok;

	if (!parse_name(&p, name, sizeof(name), true))
		return bad(ps, "bad metric name");
	f = family_of_sample(ps, name);
	if (!f)
		return bad(ps, "too many families");
	if (!touch(ps, f))
		return false;
	if (!f->help || !f->typed)
		return bad(ps, "sample of %s before its HELP and TYPE", name);
	f->samples = true;
	k = open_memstream(&key, &keylen);
	if (!k)
		return bad(ps, "out of memory");
	fputs(name, k);
	ok = parse_labels(ps, &p, k);
	fclose(k);
	if (!ok || !add_series(ps, key)) {
		free(key);
		return false;
	}
	if (*p++ != ' ' || !parse_value(&p))
		return bad(ps, "bad value");
	if (*p == ' ') /* a timestamp in milliseconds */
		for (p++; *p == '-' || (*p >= '0' && *p <= '9'); p++)
			;
	return *p ? bad(ps, "junk after the value: \"%s\"", p) : true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 0 when @text is valid; else -1 and the first problem in @why. */
static int prom_check(const char *text, char *why, size_t size)
{
	struct pstate *ps = calloc(1, sizeof(*ps));
	char *copy = strdup(text), *save = NULL;
	size_t len = strlen(text);
	int r;

	if (!ps || !copy) {
		snprintf(why, size, "out of memory");
		free(ps);
		free(copy);
		return -1;
	}
	ps->cur = -1;
	if (len && text[len - 1] != '\n')
		bad(ps, "no newline at the end");
	for (char *l = strtok_r(copy, "\n", &save); l && !ps->why[0];
	     l = strtok_r(NULL, "\n", &save)) {
		ps->line++;
		if (*l == '#')
			parse_meta(ps, l);
		else
			parse_sample(ps, l);
	}
	/* strtok_r folds empty lines; the writer never writes any */
	if (!ps->why[0] && strstr(text, "\n\n"))
		bad(ps, "empty line");
	if (ps->nseries)
		qsort(ps->series, ps->nseries, sizeof(char *), cmp_str);
	for (size_t i = 1; i < ps->nseries && !ps->why[0]; i++)
		if (!strcmp(ps->series[i - 1], ps->series[i]))
			bad(ps, "series %s twice", ps->series[i]);
	snprintf(why, size, "%s", ps->why);
	r = ps->why[0] ? -1 : 0;
	for (size_t i = 0; i < ps->nseries; i++)
		free(ps->series[i]);
	free(ps->series);
	free(ps);
	free(copy);
	return r;
}

static void check_valid(const char *text)
{
	char why[256];

	if (prom_check(text, why, sizeof(why))) {
		printf("# not valid Prometheus text: %s\n", why);
		check_failed++;
	}
}

/* ---- the parser itself ------------------------------------------------------ */

static void t_checker_rejects(void)
{
	static const char *const broken[] = {
		"x 1\n",                                                    /* no HELP/TYPE */
		"# HELP x h\nx 1\n",                                        /* no TYPE */
		"# HELP x h\n# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n", /* same series */
		"# HELP x h\n# TYPE x gauge\nx 1\n# HELP y h\n# TYPE y gauge\ny 1\nx{a=\"2\"} 1\n",
		"# HELP x h\n# TYPE x gauge\nx{a=\"\\q\"} 1\n",  /* bad escape */
		"# HELP x h\n# TYPE x gauge\nx{a=\"a\"b\"} 1\n", /* raw quote */
		"# HELP x h\n# TYPE x gauge\nx nan\n",           /* printf's spelling */
		"# HELP x h\n# TYPE x gauge\nx inf\n",
		"# HELP x h\n# TYPE x gauge\nx 1", /* no final newline */
		"# HELP x h\n# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n",
		"# HELP x h\n# TYPE x gauge\nx 1\n# TYPE x gauge\n",
		"# HELP x h\n# TYPE x gauge\n\nx 1\n",
		"# HELP x h\n# TYPE x gaug\nx 1\n",
		"# HELP x h\n# TYPE x gauge\nx{1a=\"1\"} 1\n",
		"# HELP x h\n# TYPE x gauge\nx 1 junk\n",
		"# HELP x-y h\n# TYPE x-y gauge\nx-y 1\n",
	};
	char why[256];

	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		if (!prom_check(broken[i], why, sizeof(why)))
			printf("# accepted broken text %zu\n", i);
		CHECK(prom_check(broken[i], why, sizeof(why)) == -1);
	}
	CHECK_EQ_INT(
		prom_check("# HELP x a \\\\ b\\n\n# TYPE x summary\n"
			   "x_sum 1.5\nx_count 3\n# HELP y h\n# TYPE y gauge\n"
			   "y{a=\"q\\\"\\\\\\n\",b=\"\"} -Inf\ny{a=\"r\"} 1e-07 1700000000000\n",
			   why, sizeof(why)),
		0);
}

/* ---- signals -------------------------------------------------------------- */

static bool only_eth3(const char *ifname, void *user)
{
	(*(int *)user)++;
	return !strcmp(ifname, "eth3");
}

/* Adds @n to time_squeeze (column 3) of the @cpu-th row of softnet_stat. */
static void bump_squeeze(const char *root, unsigned int cpu, unsigned int n)
{
	char path[600], *text, *row;
	unsigned int processed, dropped, squeeze;
	int off;

	snprintf(path, sizeof(path), "%s/proc/net/softnet_stat", root);
	text = slurp(path);
	CHECK(text != NULL);
	if (!text)
		return;
	row = text;
	for (unsigned int i = 0; i < cpu && row; i++) {
		row = strchr(row, '\n');
		row = row ? row + 1 : NULL;
	}
	CHECK(row && sscanf(row, "%x %x %x%n", &processed, &dropped, &squeeze, &off) == 3);
	if (row) {
		char col[9];

		/* same width, so the rest of the file stays where it is */
		snprintf(col, sizeof(col), "%08x", squeeze + n);
		memcpy(row + off - 8, col, 8);
		spit(path, text);
	}
	free(text);
}

static void t_rate(void)
{
	char src[512], root[512], path[600], series[128];
	struct nt_snapshot a, b;
	struct nt_metrics m = { .mode = "recommend" };
	double v, expect, dt;
	char *text;

	snapshot_init(&a);
	snapshot_init(&b);
	if (!fixture("agent16-el7/0000", src, sizeof(src)) || !mktmp(root, sizeof(root), "tree"))
		return;
	sh("cp -a '%s/.' '%s/'", src, root);
	take(root, &a);
	bump_squeeze(root, 5, 1234);
	snprintf(path, sizeof(path), "%s/timestamp", root);
	snprintf(series, sizeof(series), "%.3f\n", a.mono_s + 10);
	spit(path, series);
	take(root, &b);

	dt = b.mono_s - a.mono_s;
	CHECK_NEAR(dt, 10, 1e-6);
	CHECK_EQ_U64(b.cpus[5].softnet.time_squeeze - a.cpus[5].softnet.time_squeeze, 1234);
	expect = (double)(uint32_t)(b.cpus[5].softnet.time_squeeze -
				    a.cpus[5].softnet.time_squeeze) /
		 dt;
	m.a = &a;
	m.b = &b;
	text = render(&m);
	check_valid(text);
	CHECK(sample_of(text, "nettuned_signal_cpu_time_squeeze_per_second{cpu=\"5\"}", &v));
	CHECK_NEAR(v, expect, 1e-9 * expect);
	CHECK_NEAR(v, 123.4, 1e-6);
	CHECK(sample_of(text, "nettuned_signal_cpu_time_squeeze_per_second{cpu=\"4\"}", &v));
	CHECK(v == 0);
	CHECK(sample_of(text, "nettuned_interval_seconds", &v));
	CHECK_NEAR(v, dt, 1e-9);
	free(text);

	/* the first cycle has no interval: no signal families at all */
	m.a = NULL;
	text = render(&m);
	check_valid(text);
	CHECK(!strstr(text, "nettuned_signal_"));
	CHECK(!strstr(text, "nettuned_interval_seconds"));
	free(text);

	snapshot_free(&a);
	snapshot_free(&b);
	rmtree(root);
}

/* A source the snapshot could not read is an explicit 0, not a missing row. */
static void t_sources(void)
{
	char src[512], root[512];
	struct nt_snapshot b;
	struct nt_metrics m = { .mode = "recommend" };
	double v;
	char *text;

	snapshot_init(&b);
	if (!fixture("agent16-el7/0000", src, sizeof(src)) || !mktmp(root, sizeof(root), "tree"))
		return;
	sh("cp -a '%s/.' '%s/'", src, root);
	sh("rm -f '%s/proc/net/snmp'", root);
	/* a driver without EEE, as e1000e: the request fails, the device stays */
	sh("rm -f '%s/ethtool/eth2/eee'", root);
	take(root, &b);
	m.b = &b;
	text = render(&m);
	check_valid(text);
	CHECK(sample_of(text, "nettuned_source_readable{source=\"proc/net/snmp\"}", &v));
	CHECK(v == 0);
	CHECK(sample_of(text, "nettuned_source_readable{source=\"proc/net/softnet_stat\"}", &v));
	CHECK(v == 1);
	CHECK(sample_of(text,
			"nettuned_device_source_readable{device=\"eth2\",source=\"ethtool-eee\"}",
			&v));
	CHECK(v == 0);
	CHECK(sample_of(text,
			"nettuned_device_source_readable{device=\"eth2\",source=\"ethtool-rings\"}",
			&v));
	CHECK(v == 1);
	/* bonds and VLANs have no NIC receive path of their own */
	CHECK(!strstr(text, "nettuned_device_source_readable{device=\"bond0\""));
	free(text);
	snapshot_free(&b);
	rmtree(root);
}

/*
 * Virtual devices are exported as the engine watches them: not by default,
 * with the policy's exclude_virtual = no (watch_virtual) yes.
 */
static void t_virtual(void)
{
	char src[512];
	struct nt_snapshot a, b;
	struct nt_metrics m = { .mode = "recommend" };
	char *text;

	snapshot_init(&a);
	snapshot_init(&b);
	if (!fixture("board4-stmmac/0000", src, sizeof(src)) || !take(src, &a) ||
	    !fixture("board4-stmmac/0001", src, sizeof(src)) || !take(src, &b))
		return;
	m.a = &a;
	m.b = &b;
	text = render(&m);
	CHECK(strstr(text, "nettuned_signal_dev_rx_packets_per_second{device=\"end0\"}") != NULL);
	CHECK(!strstr(text, "device=\"veth0a11c3e\""));
	free(text);
	m.watch_virtual = true;
	text = render(&m);
	check_valid(text);
	CHECK(strstr(text, "nettuned_signal_dev_rx_packets_per_second{device=\"veth0a11c3e\"}") !=
	      NULL);
	free(text);
	snapshot_free(&a);
	snapshot_free(&b);
}

/* Present exactly when signal_value() gives a value, and with that value. */
static void expect_series(const char *text, enum nt_signal sig, const struct nt_interval *iv,
			  int entity, const char *labels)
{
	char name[128], series[256];
	double want = 0, got = 0;
	bool has = signal_value(sig, iv, entity, &want);

	CHECK_EQ_INT(metrics_signal_name(sig, name, sizeof(name)), 0);
	snprintf(series, sizeof(series), "%s%s", name, labels);
	if (sample_of(text, series, &got) != has) {
		printf("# %s: %s, signal_value() %s\n", series, has ? "missing" : "present",
		       has ? "has a value" : "has none");
		check_failed++;
		return;
	}
	if (has && !(got == want || (isnan(got) && isnan(want)))) {
		printf("# %s = %.17g, signal_value() = %.17g\n", series, got, want);
		check_failed++;
	}
}

static void expect_entities(const char *text, enum nt_signal sig, const struct nt_interval *iv,
			    bool eth2)
{
	const struct nt_snapshot *b = iv->b;
	char labels[128];

	for (size_t d = 0; d < b->ndevs && nt_signals[sig].scope >= NT_SCOPE_DEVICE; d++) {
		const char *name = b->devs[d].name;
		bool wanted = b->devs[d].kind == NT_DEV_PHYSICAL && (eth2 || strcmp(name, "eth2"));

		if (nt_signals[sig].scope == NT_SCOPE_DEVICE) {
			snprintf(labels, sizeof(labels), "{device=\"%s\"}", name);
			if (wanted)
				expect_series(text, sig, iv, (int)d, labels);
			else
				CHECK(!strstr(text, labels));
			continue;
		}
		for (unsigned int q = 0; wanted && q < signal_dev_queues(b, (int)d); q++) {
			snprintf(labels, sizeof(labels), "{device=\"%s\",queue=\"%u\"}", name, q);
			expect_series(text, sig, iv, NT_QUEUE_ENTITY((int)d, (int)q), labels);
		}
	}
	for (unsigned int c = 0; nt_signals[sig].scope == NT_SCOPE_CPU && c < b->ncpus; c++) {
		snprintf(labels, sizeof(labels), "{cpu=\"%u\"}", c);
		expect_series(text, sig, iv, (int)c, labels);
	}
	if (nt_signals[sig].scope == NT_SCOPE_HOST)
		expect_series(text, sig, iv, 0, "");
}

/* Every signal and entity over the fixture's real interval, as the engine sees it. */
static void t_all_signals(void)
{
	char p0[512], p1[512];
	struct nt_snapshot a, b;
	struct nt_metrics m = { .mode = "enforce" };
	struct nt_interval iv = { &a, &b };
	int asked = 0;
	char *text;

	snapshot_init(&a);
	snapshot_init(&b);
	if (!fixture("agent16-el7/0000", p0, sizeof(p0)) ||
	    !fixture("agent16-el7/0001", p1, sizeof(p1)) || !take(p0, &a) || !take(p1, &b))
		goto out;
	m.a = &a;
	m.b = &b;
	text = render(&m);
	check_valid(text);
	for (int s = 0; s < NT_SIG_COUNT; s++)
		expect_entities(text, (enum nt_signal)s, &iv, true);
	/* a sample of names and labels, spelt out */
	CHECK(strstr(text, "\nnettuned_signal_cpu_time_squeeze_per_second{cpu=\"0\"} "));
	CHECK(strstr(text,
		     "\nnettuned_signal_queue_irq_rate_per_second{device=\"eth3\",queue=\"7\"} "));
	CHECK(strstr(text, "\nnettuned_signal_dev_rx_queues{device=\"eth3\"} 8\n"));
	CHECK(strstr(text, "\n# TYPE nettuned_signal_dev_irq_top_share_percent gauge\n"));
	CHECK(!strstr(text, "device=\"bond0\"") && !strstr(text, "device=\"lo\""));
	free(text);

	/* want_device narrows the devices; bonds are never asked about */
	m.want_device = only_eth3;
	m.user = &asked;
	text = render(&m);
	check_valid(text);
	CHECK(asked > 0);
	CHECK(!strstr(text, "device=\"eth2\""));
	for (int s = 0; s < NT_SIG_COUNT; s++)
		expect_entities(text, (enum nt_signal)s, &iv, false);
	free(text);
out:
	snapshot_free(&a);
	snapshot_free(&b);
}

/* ---- knobs, numbers, counters ------------------------------------------------ */

static void t_knobs(void)
{
	const struct nt_metrics_knob k[] = {
		{ NT_KNOB_NETDEV_BUDGET, "", -1, -1, "600", "300", false },
		{ NT_KNOB_NETDEV_MAX_BACKLOG, "", -1, -1, "1000", NULL, true },
		{ NT_KNOB_RPS_CPUS, "we\"ird\\dev", 3, -1, "0-3", "0-15", false },
		{ NT_KNOB_IRQ_AFFINITY, "", -1, 114, "1\n2\"", NULL, true },
		{ NT_KNOB_EEE_ENABLED, "eth3", -1, -1, "on", "off", true },
		{ NT_KNOB_RING_RX, "eth3", -1, -1, "max", NULL, false },
		{ NT_KNOB_RPS_FLOW_CNT, "eth3", 0, -1, "-1", "4096", false },
	};
	struct nt_metrics m = { .mode = "dry-run",
				.knobs = k,
				.n_knobs = sizeof(k) / sizeof(k[0]) };
	char *text = render(&m);

	check_valid(text);
	CHECK(has_line(text, "nettuned_knob_value{knob=\"net.core.netdev_budget\"} 600"));
	CHECK(has_line(text, "nettuned_knob_original_value{knob=\"net.core.netdev_budget\"} 300"));
	CHECK(has_line(text, "nettuned_knob_value{knob=\"net.core.netdev_max_backlog\"} 1000"));
	CHECK(!strstr(text, "nettuned_knob_original_value{knob=\"net.core.netdev_max_backlog\"}"));
	CHECK(has_line(text, "nettuned_knob_manual{knob=\"net.core.netdev_max_backlog\"} 1"));
	CHECK(has_line(text, "nettuned_knob_info{knob=\"rps.cpus\",device=\"we\\\"ird\\\\dev\","
			     "queue=\"3\",value=\"0-3\",original=\"0-15\"} 1"));
	CHECK(has_line(text, "nettuned_knob_manual{knob=\"rps.cpus\",device=\"we\\\"ird\\\\dev\","
			     "queue=\"3\"} 0"));
	CHECK(has_line(text, "nettuned_knob_info{knob=\"irq.affinity\",irq=\"114\","
			     "value=\"1\\n2\\\"\"} 1"));
	CHECK(has_line(text, "nettuned_knob_info{knob=\"eee.enabled\",device=\"eth3\","
			     "value=\"on\",original=\"off\"} 1"));
	/* a number knob holding no number is still exported, as info */
	CHECK(has_line(text,
		       "nettuned_knob_info{knob=\"ring.rx\",device=\"eth3\",value=\"max\"} 1"));
	CHECK(!strstr(text, "nettuned_knob_value{knob=\"ring.rx\""));
	CHECK(has_line(
		text, "nettuned_knob_value{knob=\"rps.flow_cnt\",device=\"eth3\",queue=\"0\"} -1"));
	CHECK(has_line(text, "nettuned_knob_original_value{knob=\"rps.flow_cnt\",device=\"eth3\","
			     "queue=\"0\"} 4096"));
	CHECK(has_line(text, "nettuned_mode_info{mode=\"dry-run\"} 1"));
	free(text);
}

static void t_numbers(void)
{
	struct nt_metrics m = {
		.mode = "enforce",
		.paused = true,
		.cycles = 42,
		.changes = 3,
		.failures = 1,
		.rollbacks = 2,
		.verified = 5,
		.manual_overrides = 6,
		.held = 7,
		.audit_suppressed = ULLONG_MAX,
		.audit_dropped = 9,
		.cycle_seconds = 0.1,
		.cycle_seconds_max = NAN,
		.cycle_seconds_sum = INFINITY,
	};
	char *text = render(&m);

	check_valid(text);
	CHECK(has_line(text, "nettuned_paused 1"));
	CHECK(has_line(text, "nettuned_cycles_total 42"));
	CHECK(has_line(text, "nettuned_changes_total 3"));
	CHECK(has_line(text, "nettuned_failures_total 1"));
	CHECK(has_line(text, "nettuned_rollbacks_total 2"));
	CHECK(has_line(text, "nettuned_verified_total 5"));
	CHECK(has_line(text, "nettuned_manual_overrides_total 6"));
	CHECK(has_line(text, "nettuned_held_total 7"));
	CHECK(has_line(text, "nettuned_audit_suppressed_total 18446744073709551615"));
	CHECK(has_line(text, "nettuned_audit_dropped_total 9"));
	CHECK(has_line(text, "# TYPE nettuned_audit_dropped_total counter"));
	CHECK(has_line(text, "nettuned_cycle_last_seconds 0.1"));
	CHECK(has_line(text, "nettuned_cycle_max_seconds NaN"));
	CHECK(has_line(text, "nettuned_cycle_seconds_sum +Inf"));
	CHECK(ends_with(text, "\nnettuned_cycle_seconds_count 42\n"));
	free(text);

	m.cycle_seconds = -INFINITY;
	m.cycle_seconds_max = 1e-7;
	m.cycle_seconds_sum = 1.0 / 3;
	text = render(&m);
	check_valid(text);
	CHECK(has_line(text, "nettuned_cycle_last_seconds -Inf"));
	CHECK(has_line(text, "nettuned_cycle_max_seconds 1e-07"));
	CHECK(has_line(text, "nettuned_cycle_seconds_sum 0.3333333333333333"));
	free(text);

	m.mode = "a\"b";
	text = render(&m);
	check_valid(text);
	CHECK(has_line(text, "nettuned_mode_info{mode=\"a\\\"b\"} 1"));
	free(text);
}

/* ---- the file -------------------------------------------------------------- */

/* Names in @dir other than @keep; prints them. */
static int strays(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (keep && !strcmp(e->d_name, keep)))
			continue;
		printf("# left in %s: %s\n", dir, e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

/* A complete file: begins with the first family, ends with the last. */
static bool complete(const char *text, unsigned long long *count)
{
	const char *last;
	size_t len = strlen(text);

	if (strncmp(text, "# HELP nettuned_running ", 24) || len < 2 || text[len - 1] != '\n')
		return false;
	for (last = text + len - 1; last > text && last[-1] != '\n'; last--)
		;
	return sscanf(last, "nettuned_cycle_seconds_count %llu", count) == 1;
}

struct reader_result {
	unsigned long reads, bad, missing, backwards, distinct;
};

/* Reads @path until @stop is closed; the parent has written it once. */
static void reader(const char *path, int stop, int out)
{
	struct reader_result res = { 0 };
	struct pollfd pfd = { .fd = stop, .events = POLLIN };
	unsigned long long n, prev = 0;
	char *text;

	while (poll(&pfd, 1, 0) == 0) {
		res.reads++;
		text = slurp(path);
		if (!text) {
			res.missing++;
			continue;
		}
		if (!complete(text, &n))
			res.bad++;
		else if (n < prev)
			res.backwards++; /* an older file after a newer one */
		else if (n > prev)
			res.distinct++;
		if (n > prev)
			prev = n;
		free(text);
	}
	if (write(out, &res, sizeof(res)) != (ssize_t)sizeof(res))
		_exit(2);
	_exit(0);
}

#define NKNOBS 256

static void t_atomic(void)
{
	static struct nt_metrics_knob knobs[NKNOBS];
	char dir[512], path[600], src[512], err[512] = "", *text;
	int stop[2], res[2], status = 0;
	struct reader_result rr = { 0 };
	struct nt_snapshot a, b;
	struct nt_metrics m = { .mode = "enforce" };
	struct stat st;
	pid_t pid;

	snapshot_init(&a);
	snapshot_init(&b);
	if (!mktmp(dir, sizeof(dir), "out") || !fixture("vm2-virtio/0000", src, sizeof(src)))
		return;
	/* signals of a small host and an IRQ knob each for a big one: several
	 * pages, so a torn file would show, and 2000 writes stay quick */
	take(src, &a);
	CHECK(fixture("vm2-virtio/0001", src, sizeof(src)) && take(src, &b));
	for (int i = 0; i < NKNOBS; i++)
		knobs[i] = (struct nt_metrics_knob){
			NT_KNOB_IRQ_AFFINITY, "", -1, 100 + i, "0-1", "0", i % 7 == 0
		};
	m.a = &a;
	m.b = &b;
	m.knobs = knobs;
	m.n_knobs = NKNOBS;
	snprintf(path, sizeof(path), "%s/nettuned.prom", dir);
	CHECK_EQ_INT(metrics_write(path, &m, err, sizeof(err)), 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644 && st.st_size > 16384);
	text = slurp(path);
	CHECK(text != NULL);
	if (text)
		check_valid(text);
	free(text);

	CHECK(pipe(stop) == 0 && pipe(res) == 0);
	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(stop[1]);
		close(res[0]);
		reader(path, stop[0], res[1]);
	}
	close(stop[0]);
	close(res[1]);
	for (int i = 1; i <= 2000; i++) {
		m.cycles = (unsigned long long)i;
		if (metrics_write(path, &m, err, sizeof(err))) {
			printf("# write %d: %s\n", i, err);
			check_failed++;
			break;
		}
	}
	close(stop[1]);
	CHECK(read(res[0], &rr, sizeof(rr)) == (ssize_t)sizeof(rr));
	close(res[0]);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status));
	printf("# reader: %lu reads, %lu distinct, %lu incomplete, %lu missing, %lu backwards\n",
	       rr.reads, rr.distinct, rr.bad, rr.missing, rr.backwards);
	CHECK(rr.reads > 0);
	CHECK_EQ_U64(rr.bad, 0);
	CHECK_EQ_U64(rr.missing, 0);
	CHECK_EQ_U64(rr.backwards, 0);
	text = slurp(path);
	CHECK(text && strstr(text, "\nnettuned_cycle_seconds_count 2000\n"));
	free(text);
	CHECK_EQ_INT(strays(dir, "nettuned.prom"), 0);
	snapshot_free(&a);
	snapshot_free(&b);
	rmtree(dir);
}

/* ---- BPF signals ----------------------------------------------------------- */

static bool not_eth0(const char *ifname, void *user)
{
	(void)user;
	return strcmp(ifname, "eth0") != 0;
}

#define CHECK_SAMPLE(text, series, want)                                \
	do {                                                            \
		double _v = -1;                                         \
		if (!sample_of((text), (series), &_v)) {                \
			printf("# no sample %s\n", (series));           \
			check_failed++;                                 \
		} else {                                                \
			CHECK_NEAR(_v, (want), 1e-12 + 1e-12 * (want)); \
		}                                                       \
	} while (0)

/*
 * vm2-virtio/0001's bpf/ files (tests/fixtures/generate.py, VM_BPF_*): the
 * counters as they are, since attach; nothing but the attached flag when
 * the programs are off; nothing at all when they were not asked for.
 */
static void t_bpf(void)
{
	char src[512];
	struct nt_snapshot a, b;
	struct nt_metrics m = { .mode = "recommend" };
	char *text;
	double v;

	snapshot_init(&a);
	snapshot_init(&b);
	if (!fixture("vm2-virtio/0000", src, sizeof(src)) || !take(src, &a) ||
	    !fixture("vm2-virtio/0001", src, sizeof(src)) || !take(src, &b))
		return;
	m.a = &a;
	m.b = &b;
	text = render(&m);
	check_valid(text);
	CHECK(strstr(text, "# TYPE nettuned_bpf_attached gauge\n") != NULL);
	CHECK(strstr(text, "# TYPE nettuned_napi_polls_total counter\n") != NULL);
	CHECK(strstr(text, "# TYPE nettuned_napi_packets_total counter\n") != NULL);
	CHECK(strstr(text, "# TYPE nettuned_napi_full_polls_total counter\n") != NULL);
	CHECK(strstr(text, "# TYPE nettuned_softirq_seconds_total counter\n") != NULL);
	CHECK(strstr(text, "# TYPE nettuned_skb_drops_total counter\n") != NULL);
	CHECK(strstr(text, "# HELP nettuned_skb_drops_total ") != NULL);
	CHECK(has_line(text, "nettuned_bpf_attached 1"));
	/* RX NAPI of virtio2-input.0 (IRQ 38, queue 0), TX of output.0, the backlog */
	CHECK_SAMPLE(text, "nettuned_napi_polls_total{device=\"eth0\",napi=\"1\",queue=\"0\"}",
		     4600);
	CHECK_SAMPLE(text, "nettuned_napi_packets_total{device=\"eth0\",napi=\"1\",queue=\"0\"}",
		     108000);
	CHECK_SAMPLE(text, "nettuned_napi_full_polls_total{device=\"eth0\",napi=\"1\",queue=\"0\"}",
		     850);
	CHECK_SAMPLE(text, "nettuned_napi_weight{device=\"eth0\",napi=\"1\",queue=\"0\"}", 64);
	CHECK_SAMPLE(text, "nettuned_napi_polls_total{device=\"eth0\",napi=\"2\",queue=\"0\"}",
		     3500);
	/* the backlog of CPU 0: no device, its CPU (issue 16) */
	CHECK_SAMPLE(text, "nettuned_napi_polls_total{napi=\"0\",cpu=\"0\"}", 60);
	CHECK_SAMPLE(text, "nettuned_napi_weight{napi=\"0\",cpu=\"0\"}", 64);
	/* ns to seconds: 160000000 ns, 8000 ns */
	CHECK_SAMPLE(text, "nettuned_softirq_seconds_total{cpu=\"1\",vector=\"NET_RX\"}", 0.16);
	CHECK_SAMPLE(text, "nettuned_softirq_seconds_total{cpu=\"0\",vector=\"NET_RX\"}", 0.06);
	CHECK_SAMPLE(text, "nettuned_softirq_seconds_total{cpu=\"0\",vector=\"NET_TX\"}", 8e-6);
	CHECK_SAMPLE(text, "nettuned_softirq_runs_total{cpu=\"0\",vector=\"NET_RX\"}", 700);
	CHECK_SAMPLE(text, "nettuned_softirq_runs_total{cpu=\"1\",vector=\"NET_TX\"}", 0);
	CHECK_SAMPLE(text, "nettuned_skb_drops_total{reason=\"CPU_BACKLOG\"}", 35);
	CHECK_SAMPLE(text, "nettuned_skb_drops_total{reason=\"SOCKET_RCVBUFF\"}", 260);
	CHECK_SAMPLE(text, "nettuned_skb_drops_total{reason=\"NO_SOCKET\"}", 45);
	CHECK_SAMPLE(text, "nettuned_skb_drops_total{reason=\"NETFILTER_DROP\"}", 7);
	/* complete: the summary's count is still the last line */
	CHECK(ends_with(text, "nettuned_cycle_seconds_count 0\n"));
	free(text);

	/* the policy's device selection applies; the backlog has no device */
	m.want_device = not_eth0;
	text = render(&m);
	check_valid(text);
	CHECK(!strstr(text, "nettuned_napi_polls_total{device=\"eth0\""));
	CHECK(sample_of(text, "nettuned_napi_polls_total{napi=\"0\",cpu=\"0\"}", &v));
	free(text);
	m.want_device = NULL;

	/* off: an explicit 0 and no counters */
	b.bpf.err = -EPERM;
	snprintf(b.bpf.why, sizeof(b.bpf.why), "needs CAP_BPF");
	text = render(&m);
	check_valid(text);
	CHECK(has_line(text, "nettuned_bpf_attached 0"));
	CHECK(!strstr(text, "nettuned_napi_"));
	CHECK(!strstr(text, "nettuned_softirq_seconds_total"));
	CHECK(!strstr(text, "nettuned_skb_drops_total"));
	free(text);

	/* not asked for */
	b.bpf.err = -ENOENT;
	text = render(&m);
	check_valid(text);
	CHECK(!strstr(text, "nettuned_bpf_"));
	CHECK(!strstr(text, "nettuned_napi_"));
	free(text);

	snapshot_free(&a);
	snapshot_free(&b);
}

/*
 * A stopping daemon leaves its file: nettuned_running 0 and only its own
 * families, no stale host figures. While it runs, nettuned_running 1.
 */
static void t_stopped(void)
{
	char src[512];
	struct nt_snapshot a, b;
	struct nt_metrics m = { .mode = "enforce", .cycles = 7 };
	char *text;

	snapshot_init(&a);
	snapshot_init(&b);
	if (!fixture("vm2-virtio/0000", src, sizeof(src)) || !take(src, &a) ||
	    !fixture("vm2-virtio/0001", src, sizeof(src)) || !take(src, &b))
		return;
	m.a = &a;
	m.b = &b;
	text = render(&m);
	check_valid(text);
	CHECK(strstr(text, "# TYPE nettuned_running gauge\n") != NULL);
	CHECK(has_line(text, "nettuned_running 1"));
	CHECK(strstr(text, "nettuned_signal_") != NULL);
	free(text);
	m.stopped = true;
	text = render(&m);
	check_valid(text);
	CHECK(has_line(text, "nettuned_running 0"));
	CHECK(has_line(text, "nettuned_mode_info{mode=\"enforce\"} 1"));
	CHECK(has_line(text, "nettuned_cycles_total 7"));
	CHECK(!strstr(text, "nettuned_signal_"));
	CHECK(!strstr(text, "nettuned_source_readable"));
	CHECK(!strstr(text, "nettuned_napi_"));
	CHECK(ends_with(text, "nettuned_cycle_seconds_count 7\n"));
	free(text);
	snapshot_free(&a);
	snapshot_free(&b);
}

static void expect_fail(const char *path, int want, const char *dir, const char *keep)
{
	struct nt_metrics m = { .mode = "enforce" };
	char err[1024] = "";
	int r = metrics_write(path, &m, err, sizeof(err));

	CHECK_EQ_INT(r, -want);
	if (!strstr(err, path) || !strstr(err, strerror(want))) {
		printf("# message \"%s\" names neither %s nor \"%s\"\n", err, path, strerror(want));
		check_failed++;
	}
	if (dir)
		CHECK_EQ_INT(strays(dir, keep), 0);
}

static void t_errors(void)
{
	char dir[512], path[700], sub[600], ro[600], file[600];
	static char longp[8192];

	if (!mktmp(dir, sizeof(dir), "err"))
		return;
	expect_fail("/nonexistent-nt-metrics-dir/nettuned.prom", ENOENT, NULL, NULL);

	/* the parent is a file */
	snprintf(file, sizeof(file), "%s/file", dir);
	spit(file, "x\n");
	snprintf(path, sizeof(path), "%s/nettuned.prom", file);
	expect_fail(path, ENOTDIR, dir, "file");
	unlink(file);

	/* rename() fails (the name is a directory): the temporary file goes */
	snprintf(sub, sizeof(sub), "%s/nettuned.prom", dir);
	CHECK(mkdir(sub, 0755) == 0);
	snprintf(path, sizeof(path), "%s/keep", sub);
	spit(path, "x\n");
	expect_fail(sub, EISDIR, dir, "nettuned.prom");
	sh("rm -rf '%s'", sub);

	/* a directory we may not write (root may write anywhere) */
	snprintf(ro, sizeof(ro), "%s/ro", dir);
	CHECK(mkdir(ro, 0555) == 0);
	snprintf(path, sizeof(path), "%s/nettuned.prom", ro);
	if (geteuid() != 0)
		expect_fail(path, EACCES, ro, NULL);
	else
		printf("# running as root: no EACCES case\n");
	chmod(ro, 0755);

	/* too long for PATH.tmp.PID: refused before anything is created */
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	{
		struct nt_metrics m = { .mode = "enforce" };
		char err[256] = "";

		CHECK_EQ_INT(metrics_write(longp, &m, err, sizeof(err)), -ENAMETOOLONG);
		CHECK(strstr(err, "cannot write /aaaa") != NULL);
	}
	rmtree(dir);
}

int main(void)
{
	RUN(t_checker_rejects);
	RUN(t_rate);
	RUN(t_sources);
	RUN(t_virtual);
	RUN(t_all_signals);
	RUN(t_knobs);
	RUN(t_bpf);
	RUN(t_stopped);
	RUN(t_numbers);
	RUN(t_atomic);
	RUN(t_errors);
	CHECK_DONE();
}
