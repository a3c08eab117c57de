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

static void quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
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
