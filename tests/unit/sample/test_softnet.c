// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/fixtures/softnet-variants: softnet_stat as 3.10 (10 columns), 3.11+
 * (11), 5.10+ (13, CPU index in column 13) and newer 6.x (15) print it,
 * with CPU 2 offline in some. Each CPU's values are distinct, so a row
 * placed on the wrong CPU shows:
 *   processed 0x1000*(cpu+1)+cpu, dropped cpu+1, time_squeeze 0x10*(cpu+1),
 *   received_rps 0x100*(cpu+1), flow_limit_count 7*(cpu+1) (11+ columns).
 * These roots hold nothing but softnet_stat and (mostly) cpu/online: every
 * other source is missing, which must not be an error.
 */
#include "fixture.h"

#include "util/cpuset.h"

static void check_variant(const char *name, unsigned int columns, bool offline2, bool has_online)
{
	char rel[128];
	struct nt_snapshot s;

	snapshot_init(&s);
	snprintf(rel, sizeof(rel), "softnet-variants/%s", name);
	if (fx_take(rel, &s)) {
		snapshot_free(&s);
		return;
	}
	printf("# %s\n", name);
	CHECK_EQ_INT(s.softnet_columns, columns);
	CHECK_EQ_INT(s.src_err[NT_SRC_SOFTNET], 0);
	CHECK(s.ncpus >= 4);
	for (unsigned int c = 0; c < 4 && c < s.ncpus; c++) {
		const struct nt_softnet *sn = &s.cpus[c].softnet;

		if (offline2 && c == 2) {
			CHECK(!sn->present);
			CHECK_EQ_U64(sn->processed, 0);
			continue;
		}
		CHECK(sn->present);
		CHECK_EQ_U64(sn->processed, 0x1000 * (c + 1) + c);
		CHECK_EQ_U64(sn->dropped, c + 1);
		CHECK_EQ_U64(sn->time_squeeze, 0x10 * (c + 1));
		CHECK_EQ_U64(sn->received_rps, 0x100 * (c + 1));
		CHECK_EQ_U64(sn->flow_limit_count, columns >= 11 ? 7 * (c + 1) : 0);
	}
	if (has_online) {
		CHECK_EQ_INT(s.src_err[NT_SRC_CPU_ONLINE], 0);
		CHECK_EQ_INT(cpuset_count(&s.online), offline2 ? 3 : 4);
		CHECK_EQ_INT(cpuset_has(&s.online, 2), !offline2);
	} else {
		CHECK(s.src_err[NT_SRC_CPU_ONLINE] != 0);
	}
	/* missing sources: recorded, not fatal */
	CHECK_EQ_INT(s.src_err[NT_SRC_INTERRUPTS], -ENOENT);
	CHECK_EQ_INT(s.src_err[NT_SRC_SOFTIRQS], -ENOENT);
	CHECK_EQ_INT(s.src_err[NT_SRC_NETSTAT], -ENOENT);
	CHECK_EQ_INT(s.nirqs, 0);
	CHECK_EQ_INT(s.ndevs, 0);
	CHECK(!s.has_mono);
	CHECK_EQ_INT(s.sysctl[NT_SYSCTL_NETDEV_BUDGET], -1);
	CHECK_EQ_INT(s.tcp_present, 0);
	snapshot_free(&s);
}

static void t_c10(void)
{
	check_variant("c10-el7", 10, false, true);
}

static void t_c10_offline(void)
{
	/* no index column: the rows follow the online list 0,1,3 */
	check_variant("c10-offline2", 10, true, true);
}

static void t_c11_offline(void)
{
	check_variant("c11-offline2", 11, true, true);
}

static void t_c13(void)
{
	check_variant("c13", 13, false, true);
}

static void t_c13_offline(void)
{
	check_variant("c13-offline2", 13, true, true);
}

static void t_c13_offline_noonline(void)
{
	/* no cpu/online in the capture: only column 13 can place the rows */
	check_variant("c13-offline2-noonline", 13, true, false);
}

static void t_c15(void)
{
	check_variant("c15", 15, false, true);
}

static void t_c15_offline(void)
{
	check_variant("c15-offline2", 15, true, true);
}

/* Rows of CPU @c hold the values check_variant() expects. */
static void check_cpu_row(const struct nt_snapshot *s, unsigned int c, unsigned int columns)
{
	const struct nt_softnet *sn = &s->cpus[c].softnet;

	CHECK(sn->present);
	CHECK_EQ_U64(sn->processed, 0x1000 * (c + 1) + c);
	CHECK_EQ_U64(sn->time_squeeze, 0x10 * (c + 1));
	CHECK_EQ_U64(sn->received_rps, 0x100 * (c + 1));
	CHECK_EQ_U64(sn->flow_limit_count, columns >= 11 ? 7 * (c + 1) : 0);
}

/* The note on softnet_stat, or NULL (and a failed check when @want). */
static const struct nt_note *softnet_note(const struct nt_snapshot *s, bool want)
{
	for (size_t i = 0; i < s->n_notes; i++)
		if (!strcmp(s->notes[i].source, "proc/net/softnet_stat"))
			return &s->notes[i];
	if (want) {
		printf("# no note on proc/net/softnet_stat\n");
		check_failed++;
	}
	return NULL;
}

/* A 4-column row (the kernel prints at least 10) is skipped, not CPU 0. */
static void t_short_row(void)
{
	struct nt_snapshot s;
	const struct nt_note *n;

	snapshot_init(&s);
	if (fx_take("softnet-variants/c10-short-row", &s) == 0) {
		CHECK_EQ_INT(s.softnet_columns, 10);
		for (unsigned int c = 0; c < 4 && c < s.ncpus; c++)
			check_cpu_row(&s, c, 10);
		CHECK(s.cpus[0].softnet.time_squeeze != 0xf0000069u);
		n = softnet_note(&s, true);
		if (n) {
			CHECK_EQ_INT(n->count, 1);
			CHECK_STR(n->what,
				  "line 1 skipped: 4 columns (the kernel prints 10 to 32)");
		}
	}
	snapshot_free(&s);
}

/* A field wider than 32 bits, a row of another width and a 4-column row:
 * each skipped and counted in one note; the good rows stay where their
 * index column puts them. */
static void t_damaged_rows(void)
{
	struct nt_snapshot s;
	const struct nt_note *n;

	snapshot_init(&s);
	if (fx_take("softnet-variants/c13-damaged", &s) == 0) {
		CHECK_EQ_INT(s.softnet_columns, 13);
		check_cpu_row(&s, 0, 13);
		check_cpu_row(&s, 1, 13);
		check_cpu_row(&s, 3, 13);
		CHECK(s.ncpus < 3 || !s.cpus[2].softnet.present);
		n = softnet_note(&s, true);
		if (n) {
			CHECK_EQ_INT(n->count, 3);
			CHECK_STR(n->what, "line 2 skipped: a field is not an 8-digit hex number");
		}
	}
	snapshot_free(&s);
}

/* Index column 0, 1, 1, 3: rows go along the online list, said once. */
static void t_duplicate_index(void)
{
	struct nt_snapshot s;
	const struct nt_note *n;

	snapshot_init(&s);
	if (fx_take("softnet-variants/c13-dup-index", &s) == 0) {
		for (unsigned int c = 0; c < 4 && c < s.ncpus; c++)
			check_cpu_row(&s, c, 13);
		n = softnet_note(&s, true);
		if (n) {
			CHECK_EQ_INT(n->count, 1);
			CHECK_STR(n->what, "line 3 repeats CPU index 1: rows placed along the "
					   "online CPU list");
		}
	}
	snapshot_free(&s);
}

/* Good files have no note. */
static void t_no_note(void)
{
	struct nt_snapshot s;

	snapshot_init(&s);
	if (fx_take("softnet-variants/c15-offline2", &s) == 0)
		CHECK(!softnet_note(&s, false));
	snapshot_free(&s);
}

/* Deltas of 32-bit counters are taken modulo 2^32. */
static void t_delta32(void)
{
	uint64_t d = 0;

	CHECK_EQ_U64(delta32(0xfffffff0u, 0x00000010u), 0x20);
	CHECK_EQ_U64(delta32(5, 5), 0);
	CHECK_EQ_U64(delta32(0xffffffffu, 0), 1);
	CHECK(delta64(10, 25, &d));
	CHECK_EQ_U64(d, 15);
	CHECK(!delta64(25, 10, &d));
}

int main(void)
{
	RUN(t_c10);
	RUN(t_c10_offline);
	RUN(t_c11_offline);
	RUN(t_c13);
	RUN(t_c13_offline);
	RUN(t_c13_offline_noonline);
	RUN(t_c15);
	RUN(t_c15_offline);
	RUN(t_short_row);
	RUN(t_damaged_rows);
	RUN(t_duplicate_index);
	RUN(t_no_note);
	RUN(t_delta32);
	CHECK_DONE();
}
