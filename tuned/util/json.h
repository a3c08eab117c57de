/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small streaming JSON writer: it tracks commas, the caller tracks shape. */
#ifndef NT_JSON_H
#define NT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define NT_JSON_MAX_DEPTH 16

struct nt_json {
	FILE *f;
	int depth;
	bool first[NT_JSON_MAX_DEPTH];
	bool after_key;
};

void json_init(struct nt_json *j, FILE *f);
void json_begin_object(struct nt_json *j);
void json_end_object(struct nt_json *j);
void json_begin_array(struct nt_json *j);
void json_end_array(struct nt_json *j);
void json_key(struct nt_json *j, const char *key);
void json_string(struct nt_json *j, const char *s);
void json_u64(struct nt_json *j, uint64_t v);
void json_i64(struct nt_json *j, int64_t v);
void json_double(struct nt_json *j, double v);
void json_bool(struct nt_json *j, bool v);
void json_null(struct nt_json *j);

/* key + value shorthands */
void json_kv_string(struct nt_json *j, const char *key, const char *s);
void json_kv_u64(struct nt_json *j, const char *key, uint64_t v);
void json_kv_i64(struct nt_json *j, const char *key, int64_t v);
void json_kv_double(struct nt_json *j, const char *key, double v);
/* *v when @ok, else null: a rate that cannot be computed */
void json_kv_double_or_null(struct nt_json *j, const char *key, bool ok, const double *v);
void json_kv_bool(struct nt_json *j, const char *key, bool v);

#endif
