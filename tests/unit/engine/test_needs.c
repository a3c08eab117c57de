// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * needs_bpf_softirq (tuned/engine/needs.c): which rules make the daemon
 * load the BPF irq:softirq_entry/exit pair. None of the shipped policies
 * with the shipped rules does (the issue 19 bound on the programs' time
 * per packet holds under the default); a condition on cpu.net_rx_time or
 * cpu.net_tx_time does, in `when` or `when_any`, and one on
 * dev.net_rx_cpu_share only while virtual devices are watched.
 */
#include "check.h"

#include <limits.h>

#include "config/config.h"
#include "engine/needs.h"

static const char *name_of(const struct nt_rule *r)
{
	return r ? r->name : NULL;
}

static void shipped(const char *name)
{
	const char *root = getenv("NT_SOURCE_ROOT");
	char file[PATH_MAX];
	struct nt_config_opts o = { .policy_file = file };
	const struct nt_rule *r;
	struct nt_config c;
	struct nt_diag d;

	snprintf(file, sizeof(file), "%s/policies/%s", root ? root : ".", name);
	diag_init(&d);
	CHECK_EQ_INT(config_load(&c, &o, &d), 0);
	diag_print(&d, stdout);
	diag_free(&d);
	if (check_failed)
		return;
	CHECK(c.rules.n > 0);
	r = needs_bpf_softirq(&c.rules, &c.policy);
	if (r)
		printf("# %s: rule %s reads the softirq times\n", name, r->name);
	CHECK(!r);
	/* the same rules watching virtual devices: single-queue-rps */
	c.policy.exclude_virtual = false;
	r = needs_bpf_softirq(&c.rules, &c.policy);
	CHECK_STR(name_of(r), "single-queue-rps");
	config_free(&c);
}

static void t_shipped_policies(void)
{
	shipped("recommend.conf");
	shipped("ci-agent.conf");
	shipped("dcos-agent.conf");
}

static struct nt_rule rules[3];

static void cond(struct nt_rule *r, bool any, const char *signal)
{
	struct nt_cond *c = any ? &r->any[r->n_any++] : &r->all[r->n_all++];

	c->signal = (enum nt_signal)signal_by_name(signal);
	CHECK((int)c->signal >= 0);
}

static void t_conditions(void)
{
	struct nt_ruleset rs = { rules, 3 };
	struct nt_policy p = { .exclude_virtual = true };

	memset(rules, 0, sizeof(rules));
	snprintf(rules[0].name, sizeof(rules[0].name), "squeeze");
	cond(&rules[0], false, "cpu.time_squeeze");
	cond(&rules[0], true, "cpu.softirq");
	snprintf(rules[1].name, sizeof(rules[1].name), "share");
	cond(&rules[1], false, "dev.net_rx_cpu_share");
	snprintf(rules[2].name, sizeof(rules[2].name), "tx-time");
	cond(&rules[2], false, "cpu.net_rx_share");
	cond(&rules[2], true, "dev.rx_packets");
	CHECK(!needs_bpf_softirq(&rs, &p));
	cond(&rules[2], true, "cpu.net_tx_time");
	CHECK_STR(name_of(needs_bpf_softirq(&rs, &p)), "tx-time");
	p.exclude_virtual = false;
	CHECK_STR(name_of(needs_bpf_softirq(&rs, &p)), "share");
	rs.n = 1;
	CHECK(!needs_bpf_softirq(&rs, &p));
	rules[0].all[0].signal = NT_SIG_CPU_NET_RX_TIME;
	CHECK_STR(name_of(needs_bpf_softirq(&rs, &p)), "squeeze");
}

int main(void)
{
	RUN(t_shipped_policies);
	RUN(t_conditions);
	CHECK_DONE();
}
