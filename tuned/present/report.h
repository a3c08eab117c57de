/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Findings for a person (grouped by rule and device, disruptive changes
 * marked) or as JSON Lines, one object per finding: the stable interface
 * described in README.md, "Findings".
 */
#ifndef NT_PRESENT_REPORT_H
#define NT_PRESENT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/engine.h"

/* @with_time adds "t" and "wallclock" (replay). */
void report_finding_json(FILE *f, const struct nt_finding *fd, bool with_time);
/* The blocks report_text() prints for @v (sorted): one per rule/device group. */
size_t report_groups(const struct nt_finding *v, size_t n);
/* One rule/device group: header, evidence, then each change and command. */
void report_text(FILE *f, const struct nt_finding *v, size_t n);
/* One replay line: time, applied or held, the change. */
void report_timeline_text(FILE *f, const struct nt_finding *fd, double t0);

#endif
