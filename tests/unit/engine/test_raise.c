// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Raises that cannot overflow: a knob at or above its ceiling is at its
 * ceiling, whatever number a capture held. The shipped budget-squeeze
 * (step 300) and backlog-overflow (factor 2) rules over two hand-built
 * snapshots whose sysctls were set past anything the kernel prints; on
 * the old arithmetic UBSan reported a signed overflow (step) and a
 * float-cast overflow (factor) here.
 */
#include "check.h"

/* A finding's value as the audit trail shows it. */
#define TEXT(v) knob_value_text(&(v), (char[NT_VALUE_TEXT]){ 0 }, NT_VALUE_TEXT)

#include <stdint.h>

#include "config/config.h"
#include "engine/engine.h"

static struct nt_config cfg;

/* One CPU squeezing with NET_RX, and dropping at its backlog, over 1 s. */
static void squeezing(struct nt_snapshot *a, struct nt_snapshot *b, long long budget,
		      long long backlog)
{
	struct nt_snapshot *s[2] = { a, b };

	for (int i = 0; i < 2; i++) {
		snapshot_init(s[i]);
		snapshot_reserve_cpus(s[i], 1);
		s[i]->has_mono = true;
		s[i]->mono_s = 100 + i;
		s[i]->src_err[NT_SRC_CPU_ONLINE] = 0;
		s[i]->src_err[NT_SRC_SOFTNET] = s[i]->src_err[NT_SRC_SOFTIRQS] = 0;
		cpuset_set(&s[i]->online, 0);
		s[i]->softnet_columns = 13;
		s[i]->cpus[0].softnet.present = true;
		s[i]->cpus[0].has_softirqs = true;
		s[i]->cpus[0].softnet.time_squeeze = 50u * (unsigned int)i;
		s[i]->cpus[0].softnet.dropped = 500u * (unsigned int)i;
		s[i]->cpus[0].softnet.processed = 100000u * (unsigned int)i;
		s[i]->cpus[0].net_rx = 5000u * (unsigned int)i;
		s[i]->sysctl[NT_SYSCTL_NETDEV_BUDGET] = budget;
		s[i]->sysctl[NT_SYSCTL_NETDEV_MAX_BACKLOG] = backlog;
	}
}

static const struct nt_finding *of_rule(const struct nt_findings *f, const char *rule)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].rule->name, rule))
			return &f->v[i];
	printf("# no finding of %s\n", rule);
	check_failed++;
	return NULL;
}

static void run(long long budget, long long backlog, struct nt_findings *out)
{
	struct nt_snapshot a, b;
	struct nt_engine *e = NULL;

	squeezing(&a, &b, budget, backlog);
	CHECK_EQ_INT(engine_new(&e, &cfg.rules, &cfg.policy, NT_MODE_RECOMMEND), 0);
	engine_cap_sustain(e, 1);
	CHECK(engine_step(e, &a, &b, out) > 0);
	engine_free(e);
	snapshot_free(&a);
	snapshot_free(&b);
}

/* 2^63-1 with a step and a factor: advice, at the ceiling, no overflow. */
static void t_above_ceiling(void)
{
	struct nt_findings f;
	const struct nt_finding *x;

	findings_init(&f);
	run(INT64_MAX, INT64_MAX, &f);
	x = of_rule(&f, "budget-squeeze");
	if (x) {
		CHECK_EQ_INT(x->kind, NT_FIND_ADVICE);
		CHECK_STR(TEXT(x->from), "9223372036854775807");
		CHECK(strstr(x->advice, "net.core.netdev_budget is at its ceiling (1200)") != NULL);
	}
	x = of_rule(&f, "backlog-overflow");
	if (x) {
		CHECK_EQ_INT(x->kind, NT_FIND_ADVICE);
		CHECK(strstr(x->advice, "net.core.netdev_max_backlog is at its ceiling (16384)"));
	}
	findings_free(&f);
}

/* Below the ceiling the raise is what it was: +300, x2, capped. */
static void t_below_ceiling(void)
{
	struct nt_findings f;
	const struct nt_finding *x;

	findings_init(&f);
	run(1000, 10000, &f);
	x = of_rule(&f, "budget-squeeze");
	if (x) {
		CHECK_EQ_INT(x->kind, NT_FIND_ACTION);
		CHECK_STR(TEXT(x->to), "1200");
	}
	x = of_rule(&f, "backlog-overflow");
	if (x) {
		CHECK_EQ_INT(x->kind, NT_FIND_ACTION);
		CHECK_STR(TEXT(x->to), "16384");
	}
	findings_clear(&f);
	run(300, 1000, &f);
	x = of_rule(&f, "budget-squeeze");
	if (x)
		CHECK_STR(TEXT(x->to), "600");
	x = of_rule(&f, "backlog-overflow");
	if (x)
		CHECK_STR(TEXT(x->to), "2000");
	findings_free(&f);
}

int main(void)
{
	const char *root = getenv("NT_SOURCE_ROOT");
	struct nt_config_opts o = { 0 };
	struct nt_diag diag;
	char policy[4096];

	snprintf(policy, sizeof(policy), "%s/policies/recommend.conf", root ? root : ".");
	o.policy_file = policy;
	diag_init(&diag);
	if (config_load(&cfg, &o, &diag)) {
		diag_print(&diag, stdout);
		printf("# cannot load %s and the shipped rules\n", policy);
		check_failed++;
		diag_free(&diag);
		CHECK_DONE();
	}
	diag_free(&diag);
	RUN(t_above_ceiling);
	RUN(t_below_ceiling);
	config_free(&cfg);
	CHECK_DONE();
}
