// SPDX-License-Identifier: GPL-2.0-or-later
#include "model/knob_value.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_number(const char *text, int64_t *out)
{
	char *end;
	long long n;

	if (!*text || *text == '+' || *text == ' ')
		return -EINVAL;
	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = n;
	return 0;
}

int knob_value_parse(enum nt_knob knob, const char *text, struct nt_value *out)
{
	memset(out, 0, sizeof(*out));
	out->type = nt_knobs[knob].type;
	switch (out->type) {
	case NT_KT_NUMBER:
		return parse_number(text, &out->num);
	case NT_KT_BOOL:
		if (!strcmp(text, "on"))
			out->on = true;
		else if (strcmp(text, "off"))
			return -EINVAL;
		return 0;
	case NT_KT_CPUS:
		return *text ? cpuset_parse_list(&out->cpus, text) : 0;
	}
	return -EINVAL;
}

int knob_value_format(const struct nt_value *v, char *out, size_t size)
{
	size_t n;

	switch (v->type) {
	case NT_KT_NUMBER:
		n = (size_t)snprintf(out, size, "%" PRId64, v->num);
		break;
	case NT_KT_BOOL:
		n = (size_t)snprintf(out, size, "%s", v->on ? "on" : "off");
		break;
	default:
		n = cpuset_format_list(&v->cpus, out, size);
		break;
	}
	return n < size ? 0 : -ENAMETOOLONG;
}

bool knob_value_equal(const struct nt_value *a, const struct nt_value *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case NT_KT_NUMBER:
		return a->num == b->num;
	case NT_KT_BOOL:
		return a->on == b->on;
	default:
		return cpuset_equal(&a->cpus, &b->cpus);
	}
}

void knob_value_set_number(struct nt_value *v, int64_t num)
{
	memset(v, 0, sizeof(*v));
	v->type = NT_KT_NUMBER;
	v->num = num;
}

void knob_value_set_bool(struct nt_value *v, bool on)
{
	memset(v, 0, sizeof(*v));
	v->type = NT_KT_BOOL;
	v->on = on;
}

void knob_value_set_cpus(struct nt_value *v, const struct nt_cpuset *cpus)
{
	memset(v, 0, sizeof(*v));
	v->type = NT_KT_CPUS;
	v->cpus = *cpus;
}

const char *knob_value_text(const struct nt_value *v, char *out, size_t size)
{
	if (knob_value_format(v, out, size) < 0)
		snprintf(out, size, "?");
	return out;
}
