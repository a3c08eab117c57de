// SPDX-License-Identifier: GPL-2.0-or-later
#include "check.h"
#include "util/cpuset.h"

static void list_forms(void)
{
	struct nt_cpuset s;
	char out[128];

	CHECK_EQ_INT(cpuset_parse_list(&s, "0-3,8,10-11\n"), 0);
	CHECK_EQ_INT(cpuset_count(&s), 7);
	CHECK(cpuset_has(&s, 3) && cpuset_has(&s, 8) && !cpuset_has(&s, 9));
	CHECK_EQ_INT(cpuset_span(&s), 12);
	cpuset_format_list(&s, out, sizeof(out));
	CHECK_STR(out, "0-3,8,10-11");
	CHECK_EQ_INT(cpuset_parse_list(&s, "\n"), 0); /* isolated on a host with none */
	CHECK_EQ_INT(cpuset_count(&s), 0);
	CHECK_EQ_INT(cpuset_parse_list(&s, "3-1"), -22);
	CHECK_EQ_INT(cpuset_parse_list(&s, "x"), -22);
	CHECK_EQ_INT(cpuset_parse_list(&s, "8191"), 0);
	CHECK_EQ_INT(cpuset_parse_list(&s, "8192"), -22);
}

static void mask_forms(void)
{
	struct nt_cpuset s;
	char out[128];

	/* rps_cpus on a 40-CPU host: 32-bit groups, most significant first */
	CHECK_EQ_INT(cpuset_parse_mask(&s, "00,00000001\n"), 0);
	CHECK_EQ_INT(cpuset_count(&s), 1);
	CHECK(cpuset_has(&s, 0));
	CHECK_EQ_INT(cpuset_parse_mask(&s, "ff,00000000"), 0);
	cpuset_format_list(&s, out, sizeof(out));
	CHECK_STR(out, "32-39");
	CHECK_EQ_INT(cpuset_parse_mask(&s, "0"), 0);
	CHECK_EQ_INT(cpuset_count(&s), 0);
	CHECK_EQ_INT(cpuset_parse_mask(&s, "fe"), 0);
	cpuset_format_list(&s, out, sizeof(out));
	CHECK_STR(out, "1-7");
	CHECK_EQ_INT(cpuset_parse_mask(&s, "zz"), -22);
}

int main(void)
{
	RUN(list_forms);
	RUN(mask_forms);
	CHECK_DONE();
}
