// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What `nettuned sample` prints when a source is missing or says "not
 * supported": EEE "not supported" is not "disabled", a CPU a source does
 * not have shows "-" (not 0), a missing online file is "unknown" (not
 * "none"), the per-CPU table stays when softnet_stat is gone, and a
 * damaged source is listed with its first problem. On
 * writable copies of fixture trees with files removed or replaced.
 */
#include "fixture.h"
#include "tmptree.h"

#include "present/view.h"

static char *render(bool json, const struct nt_snapshot *s)
{
	struct nt_sample_view v = { .source = "tree", .nsnapshots = 1, .last = s };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return strdup("");
	if (json)
		view_sample_json(f, &v);
	else
		view_sample_text(f, &v);
	fclose(f);
	return text;
}

static void check_has(const char *text, const char *want, bool has)
{
	if (!strstr(text, want) == has) {
		printf("# output %s \"%s\"\n", has ? "lacks" : "has", want);
		check_failed++;
	}
}

/* Samples tt_root into @s; false (and a failed check) when it cannot. */
static bool take_tree(struct nt_snapshot *s)
{
	struct nt_sampler *sp = NULL;
	char err[256];
	int r = sampler_open(&sp, tt_root, 0, err, sizeof(err));

	if (r == 0) {
		r = sampler_take(sp, s);
		sampler_close(sp);
	}
	CHECK_EQ_INT(r, 0);
	return r == 0;
}

/* The line of @text that starts with @prefix, copied into @out ("" none). */
static void line_of(const char *text, const char *prefix, char *out, size_t size)
{
	const char *p = strstr(text, prefix);
	size_t n = p ? strcspn(p, "\n") : 0;

	snprintf(out, size, "%.*s", (int)n, p ? p : "");
}

/* "EEE status: not supported" (i40e on a PHY without EEE) is not "disabled". */
static void t_eee_not_supported(void)
{
	struct nt_snapshot s;
	char *text;

	snapshot_init(&s);
	CHECK_EQ_INT(tt_copy("driver-conventions/0000"), 0);
	CHECK_EQ_INT(tt_write("ethtool/eth0/eee",
			      "EEE Settings for eth0:\n\tEEE status: not supported\n"),
		     0);
	if (take_tree(&s)) {
		text = render(false, &s);
		check_has(text, "    EEE: not supported\n", true);
		check_has(text, "EEE: disabled", false);
		free(text);
		text = render(true, &s);
		check_has(text, "\"supported\":false", true);
		free(text);
	}
	snapshot_free(&s);
	tt_clear();
}

/* No cpu/online: "unknown", and JSON's online is null, not false. */
static void t_online_unknown(void)
{
	struct nt_snapshot s;
	char *text;

	snapshot_init(&s);
	CHECK_EQ_INT(tt_copy("agent16-el7/0000"), 0);
	CHECK_EQ_INT(tt_remove("sys/devices/system/cpu/online"), 0);
	if (take_tree(&s)) {
		text = render(false, &s);
		check_has(text, "CPUs online unknown, isolated none", true);
		check_has(text, "none (0)", false);
		free(text);
		text = render(true, &s);
		check_has(text, "\"cpu\":3,\"online\":null", true);
		free(text);
	}
	snapshot_free(&s);
	tt_clear();
}

/*
 * softnet_stat gone (and no /proc/softirqs in this tree): the per-CPU
 * table keeps every CPU /proc/interrupts has, with its NIC interrupts,
 * and "-" where the missing files had figures.
 */
static void t_table_without_softnet(void)
{
	struct nt_snapshot s;
	char *text, line[256];

	snapshot_init(&s);
	CHECK_EQ_INT(tt_copy("driver-conventions/0000"), 0);
	CHECK_EQ_INT(tt_remove("proc/net/softnet_stat"), 0);
	if (take_tree(&s)) {
		text = render(false, &s);
		line_of(text, "    1 ", line, sizeof(line));
		/* CPU 1: gve blocks 1 and 5 of ens4, i40e queue 1: 200000+600000+300000 */
		CHECK_STR(line, "    1            -          -          -          -          -"
				"            -      1100000          -");
		line_of(text, "    7 ", line, sizeof(line));
		CHECK_STR(line, "    7            -          -          -          -          -"
				"            -       240003          -");
		free(text);
		text = render(true, &s);
		check_has(text,
			  "{\"cpu\":1,\"online\":true,\"kept_for_other_work\":false,"
			  "\"nic_interrupts\":1100000}",
			  true);
		free(text);
	}
	snapshot_free(&s);
	tt_clear();
}

/* CPU 2 offline: its softnet row and interrupt column are gone and its
 * /proc/softirqs column is frozen: "-" everywhere, not 0. */
static void t_offline_cpu(void)
{
	struct nt_snapshot s;
	char *text, line[256];

	snapshot_init(&s);
	if (fx_take("cpu-offline/0001", &s) == 0) {
		text = render(false, &s);
		line_of(text, "    2 ", line, sizeof(line));
		CHECK_STR(line, "    2            -          -          -          -          -"
				"            -            -          -  (offline)");
		free(text);
	}
	snapshot_free(&s);
}

/* A damaged source is listed once, with the first problem and the count. */
static void t_damaged(void)
{
	struct nt_snapshot s;
	char *text;

	snapshot_init(&s);
	if (fx_take("softnet-variants/c13-damaged", &s) == 0) {
		text = render(false, &s);
		check_has(text,
			  "damaged: proc/net/softnet_stat: line 2 skipped: a field is not an "
			  "8-digit hex number (3 problems in all)\n",
			  true);
		free(text);
		text = render(true, &s);
		check_has(text,
			  "\"damaged\":[{\"source\":\"proc/net/softnet_stat\",\"first\":"
			  "\"line 2 skipped: a field is not an 8-digit hex number\",\"count\":3}]",
			  true);
		free(text);
	}
	snapshot_free(&s);
}

int main(void)
{
	if (tt_init() != 0) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	RUN(t_eee_not_supported);
	RUN(t_online_unknown);
	RUN(t_table_without_softnet);
	RUN(t_offline_cpu);
	RUN(t_damaged);
	tt_cleanup();
	CHECK_DONE();
}
