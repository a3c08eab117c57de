/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A knob's value, parsed from and printed in the syntax of the engine's
 * `from`/`to` (README, "Findings"), which `apply --to` and the state file
 * share: decimal numbers, CPU lists ("1-3,5"; "" for none) and on/off.
 */
#ifndef NT_KNOB_VALUE_H
#define NT_KNOB_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/knob.h"
#include "util/cpuset.h"

struct nt_value {
	enum nt_knob_type type;
	int64_t num;           /* NT_KT_NUMBER */
	bool on;               /* NT_KT_BOOL */
	struct nt_cpuset cpus; /* NT_KT_CPUS */
};

/* -EINVAL when @text is not a value of @knob's type. */
int knob_value_parse(enum nt_knob knob, const char *text, struct nt_value *out);
/* Canonical text; -ENAMETOOLONG when it does not fit in @size. */
int knob_value_format(const struct nt_value *v, char *out, size_t size);
bool knob_value_equal(const struct nt_value *a, const struct nt_value *b);
/* knob_value_format() into @out for the edges (audit, JSON, text), returning @out. */
const char *knob_value_text(const struct nt_value *v, char *out, size_t size);
void knob_value_set_number(struct nt_value *v, int64_t num);
void knob_value_set_bool(struct nt_value *v, bool on);
void knob_value_set_cpus(struct nt_value *v, const struct nt_cpuset *cpus);

/* Large enough for any value nettuned writes in practice; a CPU list of
 * scattered CPUs that does not fit is refused rather than cut. */
#define NT_VALUE_TEXT 1024

#endif
