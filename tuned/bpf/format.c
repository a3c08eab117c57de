// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracefs format file parsing (format.h). The layout of these files has
 * been the same since 2.6.3x (kernel/trace/trace_events.c f_show): one
 * "\tfield:DECL;\toffset:N;\tsize:N;\tsigned:N;" line per field, then
 * "print fmt: ...". Only the parts we need are parsed; anything else is
 * ignored so that new keys do not break us.
 */
#include "bpf/format.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The field name in "int work", "char comm[16]", "__data_loc char[] name". */
static bool decl_name_is(const char *decl, size_t len, const char *name)
{
	size_t end = len, start;

	while (end > 0 && isspace((unsigned char)decl[end - 1]))
		end--;
	if (end > 0 && decl[end - 1] == ']') {
		/* an array: the name is before the '[' */
		while (end > 0 && decl[end - 1] != '[')
			end--;
		if (end == 0)
			return false;
		end--;
	}
	start = end;
	while (start > 0 && (isalnum((unsigned char)decl[start - 1]) || decl[start - 1] == '_'))
		start--;
	return end - start == strlen(name) && !memcmp(decl + start, name, end - start);
}

/* "key:N;" anywhere in [p, eol): 0 or -EINVAL */
static int line_int(const char *p, const char *eol, const char *key, long *v)
{
	size_t klen = strlen(key);
	char *end;

	for (; p + klen < eol; p++) {
		if (memcmp(p, key, klen))
			continue;
		errno = 0;
		*v = strtol(p + klen, &end, 10);
		if (errno || end == p + klen || end > eol || *end != ';')
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

static int parse_field_line(const char *decl, const char *semi, const char *eol,
			    struct nt_tp_field *f)
{
	long off, size, sgn;

	if (line_int(semi, eol, "offset:", &off) || line_int(semi, eol, "size:", &size) ||
	    off < 0 || off > 0xffff || size <= 0 || size > 0xffff)
		return -EINVAL;
	/* "signed:" is missing before 2.6.3x; unsigned then */
	if (line_int(semi, eol, "signed:", &sgn))
		sgn = 0;
	f->offset = (int)off;
	f->size = (int)size;
	f->is_signed = sgn != 0;
	f->data_loc = !strncmp(decl, "__data_loc ", strlen("__data_loc "));
	return 0;
}

int bpf_tp_format_field(const char *text, const char *name, struct nt_tp_field *f)
{
	const char *p = text;

	while (*p) {
		const char *eol = strchr(p, '\n'), *decl, *semi;

		if (!eol)
			eol = p + strlen(p);
		decl = p;
		while (decl < eol && isspace((unsigned char)*decl))
			decl++;
		if (!strncmp(decl, "field:", strlen("field:"))) {
			decl += strlen("field:");
			semi = memchr(decl, ';', (size_t)(eol - decl));
			if (semi && decl_name_is(decl, (size_t)(semi - decl), name))
				return parse_field_line(decl, semi, eol, f);
		}
		p = *eol ? eol + 1 : eol;
	}
	return -ENOENT;
}

/* Start of the list after "__print_symbolic(REC->field," in the print fmt. */
static const char *symbolic_list(const char *text, const char *field)
{
	const char *fmt = strstr(text, "print fmt:"), *p;
	char needle[96];

	if (!fmt)
		return NULL;
	snprintf(needle, sizeof(needle), "__print_symbolic(REC->%s,", field);
	p = strstr(fmt, needle);
	return p ? p + strlen(needle) : NULL;
}

/* One "{ VALUE, "NAME" }" at *pp: 1 parsed, 0 skipped, -ENOENT at the end. */
static int symbol_entry(const char **pp, unsigned long *value, const char **name, size_t *len)
{
	const char *p = *pp, *close, *q1, *q2;
	char *end;

	while (isspace((unsigned char)*p) || *p == ',')
		p++;
	if (*p != '{')
		return -ENOENT; /* ')' closes the list */
	close = strchr(p, '}');
	if (!close)
		return -ENOENT;
	*pp = close + 1;
	p++;
	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	*value = strtoul(p, &end, 0);
	if (errno || end == p || *p == '-')
		return 0;
	q1 = memchr(end, '"', (size_t)(close - end));
	if (!q1)
		return 0;
	q2 = memchr(q1 + 1, '"', (size_t)(close - q1 - 1));
	if (!q2)
		return 0;
	*name = q1 + 1;
	*len = (size_t)(q2 - q1 - 1);
	return 1;
}

int bpf_tp_format_symbols(const char *text, const char *field, tp_symbol_fn fn, void *arg)
{
	const char *p = symbolic_list(text, field), *name;
	unsigned long value;
	size_t len;
	int n = 0, r;

	if (!p)
		return -ENOENT;
	while ((r = symbol_entry(&p, &value, &name, &len)) >= 0) {
		if (r == 0)
			continue;
		r = fn(value, name, len, arg);
		if (r < 0)
			return r;
		n++;
	}
	return n;
}

struct symbol_find {
	const char *name;
	unsigned long value;
	bool found;
};

static int symbol_find_fn(unsigned long value, const char *name, size_t len, void *arg)
{
	struct symbol_find *sf = arg;

	if (!sf->found && len == strlen(sf->name) && !memcmp(name, sf->name, len)) {
		sf->value = value;
		sf->found = true;
	}
	return 0;
}

int bpf_tp_format_symbol_value(const char *text, const char *field, const char *name,
			       unsigned long *value)
{
	struct symbol_find sf = { .name = name };
	int r = bpf_tp_format_symbols(text, field, symbol_find_fn, &sf);

	if (r < 0)
		return r;
	if (!sf.found)
		return -ENOENT;
	*value = sf.value;
	return 0;
}

void bpf_drop_names_init(struct nt_drop_names *d)
{
	memset(d, 0, sizeof(*d));
	/* slot 255 counts 255 and up (signals.bpf.c), for example the
	 * subsystem reasons of 6.x (SKB_DROP_REASON_SUBSYS_MASK, high bits) */
	snprintf(d->name[NT_BPF_REASONS - 1], sizeof(d->name[0]), "%d+", NT_BPF_REASONS - 1);
}

int bpf_drop_names_set(struct nt_drop_names *d, unsigned long reason, const char *name, size_t len)
{
	const unsigned long last = NT_BPF_REASONS - 1;

	if (len == 0 || len >= NT_BPF_REASON_NAME)
		return -EINVAL;
	if (reason > d->max)
		d->max = reason;
	d->n++;
	if (reason >= last && d->max > last) {
		/* slot 255 holds several named reasons */
		snprintf(d->name[last], sizeof(d->name[last]), "%lu+", last);
		return 0;
	}
	snprintf(d->name[reason], sizeof(d->name[reason]), "%.*s", (int)len, name);
	return 0;
}

static int drop_name_fn(unsigned long value, const char *name, size_t len, void *arg)
{
	bpf_drop_names_set(arg, value, name, len);
	return 0;
}

int bpf_drop_names_from_format(struct nt_drop_names *d, const char *text)
{
	int r = bpf_tp_format_symbols(text, "reason", drop_name_fn, d);

	if (r == 0)
		return -ENOENT;
	return r;
}

long bpf_tp_read(struct nt_buf *b, const char *tracefs, const char *event, const char *file)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/events/%s/%s", tracefs, event, file) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	return buf_read_at(b, AT_FDCWD, path);
}
