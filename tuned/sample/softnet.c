// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/softnet_stat: one row per online CPU, hex columns (%08x of
 * unsigned int), the same number of columns in every row.
 *
 *   3.10        10 columns: processed dropped time_squeeze 0*5 cpu_collision received_rps
 *   3.11 ..     11 columns: + flow_limit_count
 *   5.10 ..     13 columns: + backlog length, CPU index
 *   6.x         15 columns: + input_pkt_queue and process_queue lengths
 *
 * Rows exist only for online CPUs (softnet_get_online() skips the others),
 * so row N is CPU N only when every CPU is online. With the CPU index
 * column we use it; without it we place rows along the online CPU list.
 *
 * The kernel never prints fewer than 10 columns, a row unlike the others,
 * a field wider than 32 bits or the same CPU index twice. Such a file was
 * damaged or edited: a damaged row is skipped (its counts would become
 * another CPU's, or rates from nothing), and with a repeated index the
 * index column cannot be trusted, so rows go along the online list. Both
 * are said once, as a note on the source.
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/parse.h"

#include <errno.h>

#define SOFTNET_MIN_COLS 10 /* 3.10, the oldest kernel supported */
#define SOFTNET_MAX_COLS 32
#define SOFTNET_INDEX_COL 12 /* column 13, 5.10+ */

static const char softnet_src[] = "proc/net/softnet_stat";

enum row_kind {
	ROW_BLANK,
	ROW_DAMAGED,
	ROW_OK
};

struct row {
	uint32_t cols[SOFTNET_MAX_COLS];
	unsigned int ncols;
	enum row_kind kind;
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * One %08x field of an unsigned int: at most 8 hex digits (the kernel
 * never prints more, leading zeros or not); false when it is no hex
 * number or longer.
 */
static bool hex32(const char **pp, uint32_t *out)
{
	const char *p = *pp;
	uint32_t v = 0;
	int d, digits = 0;

	if (hex_digit(*p) < 0)
		return false;
	for (; (d = hex_digit(*p)) >= 0; p++, digits++)
		if (digits < 8)
			v = (v << 4) | (unsigned int)d;
	*pp = p;
	*out = v;
	return digits <= 8 && (!*p || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r');
}

static const char *skip_row_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static void parse_row(const char **pp, struct row *r)
{
	const char *p = skip_row_blanks(*pp);

	r->ncols = 0;
	r->kind = ROW_OK;
	while (*p && *p != '\n') {
		uint32_t v;

		if (!hex32(&p, &v)) {
			r->kind = ROW_DAMAGED;
			break;
		}
		if (r->ncols < SOFTNET_MAX_COLS)
			r->cols[r->ncols] = v;
		r->ncols++;
		p = skip_row_blanks(p);
	}
	if (r->kind == ROW_OK && !r->ncols)
		r->kind = ROW_BLANK;
	*pp = next_line(p);
}

/* ROW_OK rows that have what every row of this file must have. */
static bool row_usable(const struct row *r, unsigned int file_cols)
{
	if (r->kind != ROW_OK || r->ncols < SOFTNET_MIN_COLS || r->ncols > SOFTNET_MAX_COLS)
		return false;
	if (file_cols && r->ncols != file_cols)
		return false;
	return r->ncols <= SOFTNET_INDEX_COL || r->cols[SOFTNET_INDEX_COL] < NT_MAX_CPUS;
}

static void note_damaged(struct nt_snapshot *snap, unsigned int line, const struct row *r,
			 unsigned int file_cols)
{
	if (r->kind == ROW_DAMAGED)
		snapshot_note(snap, softnet_src,
			      "line %u skipped: a field is not an 8-digit hex number", line);
	else if (r->ncols < SOFTNET_MIN_COLS || r->ncols > SOFTNET_MAX_COLS)
		snapshot_note(snap, softnet_src,
			      "line %u skipped: %u columns (the kernel prints 10 to %d)", line,
			      r->ncols, SOFTNET_MAX_COLS);
	else if (file_cols && r->ncols != file_cols)
		snapshot_note(snap, softnet_src,
			      "line %u skipped: %u columns, the file's first row has %u", line,
			      r->ncols, file_cols);
	else
		snapshot_note(snap, softnet_src, "line %u skipped: CPU index %u is beyond %d", line,
			      r->cols[SOFTNET_INDEX_COL], NT_MAX_CPUS);
}

/*
 * First pass: the file's column count (its first usable row's), damaged
 * rows noted, and whether the CPU index column can place the rows.
 */
static bool scan_rows(struct nt_snapshot *snap, const char *text, unsigned int *file_cols)
{
	struct nt_cpuset seen;
	bool by_index = true;
	unsigned int line = 0, dup_line = 0, dup_cpu = 0;
	struct row r;

	cpuset_zero(&seen);
	*file_cols = 0;
	for (const char *p = text; *p;) {
		parse_row(&p, &r);
		line++;
		if (r.kind == ROW_BLANK)
			continue;
		if (!row_usable(&r, *file_cols)) {
			note_damaged(snap, line, &r, *file_cols);
			continue;
		}
		if (!*file_cols)
			*file_cols = r.ncols;
		if (r.ncols <= SOFTNET_INDEX_COL)
			continue;
		if (cpuset_has(&seen, r.cols[SOFTNET_INDEX_COL]) && by_index) {
			by_index = false;
			dup_line = line;
			dup_cpu = r.cols[SOFTNET_INDEX_COL];
		}
		cpuset_set(&seen, r.cols[SOFTNET_INDEX_COL]);
	}
	if (!by_index)
		snapshot_note(
			snap, softnet_src, "line %u repeats CPU index %u: rows placed along the %s",
			dup_line, dup_cpu,
			snap->src_err[NT_SRC_CPU_ONLINE] == 0 ? "online CPU list" : "row order");
	return by_index && *file_cols > SOFTNET_INDEX_COL;
}

static unsigned int next_online(const struct nt_cpuset *online, unsigned int from)
{
	while (from < NT_MAX_CPUS && !cpuset_has(online, from))
		from++;
	return from;
}

static int place_row(struct nt_snapshot *snap, unsigned int cpu, const struct row *r)
{
	struct nt_softnet *sn;
	int err;

	if (cpu >= NT_MAX_CPUS)
		return 0;
	err = snapshot_reserve_cpus(snap, cpu + 1);
	if (err < 0)
		return err;
	sn = &snap->cpus[cpu].softnet;
	sn->present = true;
	sn->processed = r->cols[0];
	sn->dropped = r->cols[1];
	sn->time_squeeze = r->cols[2];
	sn->received_rps = r->cols[9];
	sn->flow_limit_count = r->ncols >= 11 ? r->cols[10] : 0;
	return 0;
}

int softnet_parse(struct nt_snapshot *snap, const char *text)
{
	bool have_online = snap->src_err[NT_SRC_CPU_ONLINE] == 0;
	unsigned int file_cols, placed = 0, cpu = 0;
	bool by_index = scan_rows(snap, text, &file_cols);
	struct row r;

	snap->softnet_columns = file_cols;
	for (const char *p = text; *p;) {
		int err;

		parse_row(&p, &r);
		if (r.kind == ROW_BLANK || !row_usable(&r, file_cols))
			continue;
		if (by_index)
			cpu = r.cols[SOFTNET_INDEX_COL];
		else if (have_online)
			cpu = next_online(&snap->online, placed ? cpu + 1 : 0);
		else
			cpu = placed;
		placed++;
		err = place_row(snap, cpu, &r);
		if (err < 0)
			return err;
	}
	return 0;
}

int sample_read_softnet(struct nt_sampler *s, struct nt_snapshot *snap)
{
	long n = sample_read_kept(s, &s->buf, softnet_src);

	snap->src_err[NT_SRC_SOFTNET] = n < 0 ? (int)n : 0;
	if (n < 0)
		return 0;
	return softnet_parse(snap, s->buf.data);
}
