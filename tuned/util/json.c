// SPDX-License-Identifier: GPL-2.0-or-later
#include "json.h"

#include <math.h>

void json_init(struct nt_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

static void sep(struct nt_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
}

static void open_scope(struct nt_json *j, char c)
{
	sep(j);
	fputc(c, j->f);
	if (j->depth + 1 < NT_JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_scope(struct nt_json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	fputc(c, j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void json_begin_object(struct nt_json *j)
{
	open_scope(j, '{');
}

void json_end_object(struct nt_json *j)
{
	close_scope(j, '}');
}

void json_begin_array(struct nt_json *j)
{
	open_scope(j, '[');
}

void json_end_array(struct nt_json *j)
{
	close_scope(j, ']');
}

/*
 * Length of the well-formed UTF-8 sequence at @p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 when it is not one.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned int n, cp, min;

	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf)
		n = 1, cp = *p & 0x1f, min = 0x80;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 2, cp = *p & 0x0f, min = 0x800;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 3, cp = *p & 0x07, min = 0x10000;
	else
		return 0;
	for (unsigned int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n + 1;
}

/*
 * Device and IRQ action names are bytes, not text: a byte that is not part
 * of valid UTF-8 is written as the lone surrogate U+DC00 + byte, as
 * Python's surrogateescape does, so the output stays valid UTF-8 and a
 * reader that knows the convention gets the byte back (os.fsencode()).
 */
static void quoted(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		size_t n = utf8_len(p);

		if (!n)
			fprintf(f, "\\u%04x", 0xdc00u | *p);
		else if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fwrite(p, 1, n, f);
		p += n ? n : 1;
	}
	fputc('"', f);
}

void json_key(struct nt_json *j, const char *key)
{
	sep(j);
	quoted(j->f, key);
	fputc(':', j->f);
	j->after_key = true;
}

void json_string(struct nt_json *j, const char *s)
{
	sep(j);
	quoted(j->f, s);
}

void json_u64(struct nt_json *j, uint64_t v)
{
	sep(j);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

void json_i64(struct nt_json *j, int64_t v)
{
	sep(j);
	fprintf(j->f, "%lld", (long long)v);
}

void json_double(struct nt_json *j, double v)
{
	sep(j);
	if (isfinite(v))
		fprintf(j->f, "%.6g", v);
	else
		fputs("null", j->f);
}

void json_bool(struct nt_json *j, bool v)
{
	sep(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct nt_json *j)
{
	sep(j);
	fputs("null", j->f);
}

void json_kv_string(struct nt_json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_u64(struct nt_json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_kv_i64(struct nt_json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_i64(j, v);
}

void json_kv_double(struct nt_json *j, const char *key, double v)
{
	json_key(j, key);
	json_double(j, v);
}

void json_kv_bool(struct nt_json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_kv_double_or_null(struct nt_json *j, const char *key, bool ok, const double *v)
{
	json_key(j, key);
	if (ok)
		json_double(j, *v);
	else
		json_null(j);
}
