/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `recommend` and `replay` could not see, snapshot by snapshot: a
 * snapshot without a usable timestamp (no rate for the intervals around
 * it; fewer than two usable, none at all), or a source the enabled rules
 * read that could not be read. Either means the rules could not judge the
 * host, so a health gate must not pass it: the command says what was
 * missing and exits 3.
 */
#ifndef NT_COVERAGE_H
#define NT_COVERAGE_H

#include <stdbool.h>
#include <stdio.h>

#include "config/config.h"
#include "engine/needs.h"

#define NT_COVERAGE_GAPS 32

/* One missing thing over the run. */
struct nt_cov_gap {
	struct nt_gap gap; /* as first seen (why is copied below) */
	char why[192];
	size_t n;                 /* snapshots without it */
	char first[24], last[24]; /* the first and last of them */
};

struct nt_coverage {
	const struct nt_config *config;
	struct nt_needs needs; /* of every enabled rule */
	size_t seen, usable;
	bool have_clock;
	double last_clock;  /* of the last usable snapshot */
	char unusable[512]; /* "0000: no timestamp; ..." */
	struct nt_cov_gap gaps[NT_COVERAGE_GAPS];
	size_t n_gaps, more; /* more: kinds of gap not kept */
	/* the last snapshot: BPF state and the sources no rule needs */
	int bpf_err;
	char bpf_why[192];
	int other_err[NT_SRC_COUNT];
};

void coverage_init(struct nt_coverage *cov, const struct nt_config *c);
/* Snapshot @name ("0003", or "#3" live) as it was read. */
void coverage_add(struct nt_coverage *cov, const struct nt_snapshot *s, const char *name);
/* The rules could not judge: fewer than 2 usable snapshots or a gap. */
bool coverage_blind(const struct nt_coverage *cov);
/* One line per problem, "nettuned CMD: cannot judge: ...". */
void coverage_report(FILE *f, const struct nt_coverage *cov, const char *cmd);
/* For a summary: "  not read: proc/net/snmp (EACCES)" per source no rule needs. */
void coverage_others(FILE *f, const struct nt_coverage *cov);
/*
 * Why the BPF figures are missing, one line ("BPF signals off: WHY"), or
 * nothing when they were on or not asked for (a capture without bpf/).
 * @live: the host itself (else: "in the capture").
 */
void coverage_bpf_line(FILE *f, const struct nt_coverage *cov, bool live);

#endif
