// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rule and policy loading: the good fixtures give the expected values, each
 * class of mistake gives exactly the expected "file:line: message".
 */
#include "check.h"
#include "config/config.h"

#include <errno.h>
#include <math.h>
#include <unistd.h>

#define GOOD "config/good/"
#define BAD "config/bad/"

/* Every message of @d, in order, must be one of @want (NULL-terminated). */
static void check_msgs(const struct nt_diag *d, const char *const *want)
{
	size_t n = 0;

	while (want[n])
		n++;
	CHECK_EQ_INT(d->n, n);
	for (size_t i = 0; i < d->n && i < n; i++)
		CHECK_STR(d->msgs[i], want[i]);
	for (size_t i = n; i < d->n; i++)
		printf("# unexpected: %s\n", d->msgs[i]);
}

static void check_rule_file(const char *file, const char *const *want)
{
	struct nt_rule r;
	struct nt_diag d;

	diag_init(&d);
	CHECK_EQ_INT(rule_load_file(&r, file, &d), -EINVAL);
	check_msgs(&d, want);
	diag_free(&d);
}

static void load_good(struct nt_policy *p, struct nt_ruleset *rs)
{
	const struct nt_rule_dir dirs[] = {
		{ .path = GOOD "rules" },
		{ .path = GOOD "rules.d" },
		{ .path = GOOD "absent", .optional = true },
	};
	struct nt_diag d;

	diag_init(&d);
	CHECK_EQ_INT(policy_load(p, GOOD "policy.conf", &d), 0);
	CHECK_EQ_INT(rule_set_load_dirs(rs, dirs, 3, &d), 0);
	CHECK_EQ_INT(rs->n, 8);
	CHECK_EQ_INT(policy_bind(p, rs, &d), 0);
	for (size_t i = 0; i < d.n; i++)
		printf("# %s\n", d.msgs[i]);
	CHECK_EQ_INT(d.n, 0);
	diag_free(&d);
}

static const struct nt_rule *find(const struct nt_ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->rules[i].name, name))
			return &rs->rules[i];
	return NULL;
}

static void good_policy(void)
{
	struct nt_policy p;
	struct nt_ruleset rs;

	load_good(&p, &rs);
	CHECK_STR(p.file, GOOD "policy.conf");
	CHECK(p.mode == NT_MODE_ENFORCE);
	CHECK_NEAR(p.interval_s, 0.5, 1e-9);
	CHECK(p.bpf == NT_BPF_NO);
	CHECK_EQ_INT(p.n_rule_dirs, 2);
	CHECK_STR(p.rule_dirs[0], GOOD "rules");
	CHECK_STR(p.rule_dirs[1], GOOD "rules.d");
	CHECK_EQ_INT(p.n_include, 3);
	CHECK_STR(p.include[1], "en*");
	CHECK_STR(p.include[2], "bond0");
	CHECK_EQ_INT(p.n_exclude, 2);
	CHECK_STR(p.exclude[1], "ens9*");
	CHECK(p.has_cpus && cpuset_count(&p.cpus) == 5 && cpuset_has(&p.cpus, 8));
	CHECK_EQ_INT(p.ceiling[NT_KNOB_NETDEV_BUDGET], 1200);
	CHECK_EQ_INT(p.ceiling[NT_KNOB_NETDEV_MAX_BACKLOG], 4000);
	CHECK_EQ_INT(p.ceiling[NT_KNOB_RING_RX], -1);
	CHECK_EQ_INT(p.safety.sustain, 4);
	CHECK_NEAR(p.safety.cooldown_s, 300, 1e-9);
	CHECK_NEAR(policy_cooldown(&p, NT_KNOB_RING_RX), 3600, 1e-9);
	CHECK_NEAR(policy_cooldown(&p, NT_KNOB_NETDEV_BUDGET), 300, 1e-9);
	CHECK_EQ_INT(p.safety.max_changes_per_hour, 10);
	CHECK(!p.safety.window.never);
	CHECK_EQ_INT(p.safety.window.days, 0x60);
	CHECK_EQ_INT(p.safety.window.start_min, 120);
	CHECK_EQ_INT(p.safety.window.end_min, 300);
	CHECK_NEAR(p.safety.verify_s, 90, 1e-9);
	CHECK(!p.safety.rollback && p.safety.restore_on_exit);
	CHECK_EQ_INT(p.n_overrides, 3);
	rule_set_free(&rs);
	policy_free(&p);
}

static void good_rules(void)
{
	struct nt_policy p;
	struct nt_ruleset rs;
	const struct nt_rule *r;

	load_good(&p, &rs);
	/* sorted by name, [rule advice] enabled = no removed */
	CHECK_EQ_INT(rs.n, 7);
	CHECK_STR(rs.rules[0].name, "eee-off");
	CHECK_STR(rs.rules[6].name, "squeeze");
	CHECK(!find(&rs, "advice"));
	/* rules.d/squeeze.rule replaced rules/squeeze.rule; the policy overrode it */
	r = find(&rs, "squeeze");
	CHECK(r && strstr(r->file, "rules.d/squeeze.rule"));
	if (r) {
		CHECK(r->scope == NT_SCOPE_CPU && r->severity == NT_SEV_CRITICAL);
		CHECK_EQ_INT(r->sustain, 5);
		CHECK_EQ_INT(policy_sustain(&p, r), 5);
		CHECK_EQ_INT(r->n_all, 2);
		CHECK(r->all[0].signal == NT_SIG_CPU_TIME_SQUEEZE && r->all[0].op == NT_CMP_GT);
		CHECK_NEAR(r->all[0].threshold, 20, 1e-9); /* the policy's */
		CHECK_EQ_INT(r->all[0].line, 6);
		CHECK(r->all[1].op == NT_CMP_GE);
		CHECK_NEAR(r->all[1].threshold, 5, 1e-9); /* "5%" */
		CHECK_EQ_INT(r->n_any, 2);
		CHECK_NEAR(r->any[0].threshold, 0.5, 1e-9);
		CHECK(r->any[1].op == NT_CMP_NE && r->any[1].line == 9); /* indented */
		CHECK(r->action == NT_RULE_ACT_RAISE && r->knob == NT_KNOB_NETDEV_BUDGET);
		CHECK_NEAR(r->step, 100, 1e-9);
		CHECK_EQ_INT(r->ceiling, 1200); /* [ceilings] over the file's 2000 */
		CHECK_STR(r->description, "net_rx_action runs out of budget");
	}
	r = find(&rs, "ring");
	CHECK(r);
	if (r) {
		CHECK(r->scope == NT_SCOPE_DEVICE && r->disruptive);
		CHECK_NEAR(r->factor, 2, 1e-9);
		CHECK_NEAR(r->step, 0, 1e-9);
		CHECK_EQ_INT(r->ceiling, 2048); /* [rule ring] ceiling */
		CHECK_EQ_INT(r->after_ceiling, NT_KNOB_NETDEV_BUDGET);
		CHECK_EQ_INT(r->sustain, 0);
		CHECK_EQ_INT(policy_sustain(&p, r), 4);
	}
	r = find(&rs, "eee-off");
	CHECK(r);
	if (r) {
		CHECK(r->action == NT_RULE_ACT_SET && r->knob == NT_KNOB_EEE_ENABLED);
		CHECK(r->verify_signal == NT_SIG_DEV_RX_DROPPED);
		CHECK_STR(r->to, "off");
		CHECK(r->severity == NT_SEV_WARNING && r->ceiling == -1 && r->after_ceiling == -1);
	}
	r = find(&rs, "pin");
	CHECK(r);
	if (r)
		CHECK_STR(r->to, "1-3");
	r = find(&rs, "spread");
	CHECK(r);
	if (r)
		CHECK(r->action == NT_RULE_ACT_SPREAD_IRQS && r->knob == NT_KNOB_IRQ_AFFINITY);
	r = find(&rs, "rps");
	CHECK(r);
	if (r) {
		CHECK(r->action == NT_RULE_ACT_ENABLE_RPS && r->knob == NT_KNOB_RPS_CPUS);
		CHECK_EQ_INT(r->flow_cnt, 2048);
		CHECK_EQ_INT(r->sock_flow_entries, 32768);
	}
	r = find(&rs, "extra");
	CHECK(r);
	if (r) {
		CHECK(r->action == NT_RULE_ACT_NONE && r->knob == -1);
		CHECK_STR(r->advice, "look at the path, not this host");
		CHECK_NEAR(r->all[0].threshold, 2, 1e-9);
	}
	rule_set_free(&rs);
	policy_free(&p);
}

static void devices(void)
{
	struct nt_policy p;

	policy_defaults(&p);
	CHECK(policy_wants_device(&p, "eth0"));
	CHECK(!policy_wants_device(&p, "lo"));
	CHECK(!policy_wants_device(&p, "veth12ab"));
	CHECK(!policy_wants_device(&p, "br-4f2a"));
	CHECK(!policy_wants_device(&p, "cali0"));
	CHECK(policy_wants_device(&p, "bond0"));
	p.exclude_virtual = false;
	CHECK(policy_wants_device(&p, "veth12ab"));
	strcpy(p.include[p.n_include++], "eth*");
	strcpy(p.exclude[p.n_exclude++], "eth9");
	CHECK(policy_wants_device(&p, "eth0"));
	CHECK(!policy_wants_device(&p, "eth9"));
	CHECK(!policy_wants_device(&p, "ens3"));
	policy_free(&p);
}

static void windows(void)
{
	struct nt_window w;
	bool known;

	CHECK_EQ_INT(policy_window_parse(&w, "Sat,Sun 02:00-05:00"), 0);
	/* 2026-11-21 is a Saturday */
	CHECK(!policy_window_contains(&w, "2026-11-21T01:59:00+01:00", &known) && known);
	CHECK(policy_window_contains(&w, "2026-11-21T02:00:00+01:00", &known) && known);
	CHECK(policy_window_contains(&w, "2026-11-22T04:59:59-05:00", &known));
	CHECK(!policy_window_contains(&w, "2026-11-22T05:00:00Z", &known));
	CHECK(!policy_window_contains(&w, "2026-11-23T03:00:00+01:00", &known)); /* Monday */
	CHECK(!policy_window_contains(&w, "yesterday", &known) && !known);
	CHECK(!policy_window_contains(&w, "2026-02-30T03:00:00", &known) && !known);
	CHECK(!policy_window_contains(&w, NULL, &known) && !known);
	/* wraps midnight: the part after midnight belongs to the start day */
	CHECK_EQ_INT(policy_window_parse(&w, "Fri 23:00-01:30"), 0);
	CHECK(policy_window_contains(&w, "2026-11-20T23:30:00+01:00", &known)); /* Fri */
	CHECK(policy_window_contains(&w, "2026-11-21T01:00:00+01:00", &known)); /* Sat early */
	CHECK(!policy_window_contains(&w, "2026-11-21T01:30:00+01:00", &known));
	CHECK(!policy_window_contains(&w, "2026-11-21T23:30:00+01:00", &known)); /* Sat */
	CHECK(!policy_window_contains(&w, "2026-11-20T01:00:00+01:00", &known)); /* Fri early */
	CHECK_EQ_INT(policy_window_parse(&w, "Mon-Fri"), 0);
	CHECK_EQ_INT(w.days, 0x1f);
	CHECK(policy_window_contains(&w, "2024-02-29T00:00:00", &known) && known); /* Thu */
	CHECK_EQ_INT(policy_window_parse(&w, "Fri-Mon 22:00-24:00"), 0);
	CHECK_EQ_INT(w.days, 0x71);
	CHECK_EQ_INT(policy_window_parse(&w, "01:00-03:00"), 0);
	CHECK_EQ_INT(w.days, 0x7f);
	CHECK_EQ_INT(policy_window_parse(&w, "daily"), 0);
	CHECK(policy_window_contains(&w, "2000-01-01T12:00:00+00:00", &known));
	CHECK_EQ_INT(policy_window_parse(&w, "never"), 0);
	CHECK(w.never && !policy_window_contains(&w, "2026-11-21T03:00:00+01:00", &known) && known);
	CHECK_EQ_INT(policy_window_parse(&w, "Sat 25:00-26:00"), -EINVAL);
	CHECK_EQ_INT(policy_window_parse(&w, "Sat 02:00-02:00"), -EINVAL);
	CHECK_EQ_INT(policy_window_parse(&w, "Sat 02:00-05:00 extra"), -EINVAL);
	CHECK_EQ_INT(policy_window_parse(&w, "Someday"), -EINVAL);
}

static void bad_rules(void)
{
	check_rule_file(
		BAD "rules/bad-keys.rule",
		(const char *const[]){
			BAD
			"rules/bad-keys.rule:4: bad value 'urgent' for severity (expected info, warning or critical)",
			BAD "rules/bad-keys.rule:5: sustain = 0 is out of range (1 to 1000)",
			BAD "rules/bad-keys.rule:6: unknown key 'colour' in [rule]",
			BAD
			"rules/bad-keys.rule:7: unknown signal 'cpu.time_squeze' (see nettuned check --list)",
			BAD
			"rules/bad-keys.rule:8: bad threshold '> 10' for cpu.time_squeeze (expected a number)",
			BAD
			"rules/bad-keys.rule:9: bad unit '/s' for cpu.net_rx_share (its unit is %)",
			BAD
			"rules/bad-keys.rule:10: signal 'dev.lpi' is a device signal: a cpu rule may use cpu and host signals only",
			BAD "rules/bad-keys.rule:11: duplicate key 'scope' (first on line 3)",
			BAD "rules/bad-keys.rule:12: unknown placeholder '{bogus}' in evidence",
			BAD
			"rules/bad-keys.rule:12: placeholder '{cpu.softirq}' in evidence: the rule has no condition on cpu.softirq",
			BAD
			"rules/bad-keys.rule:16: knob 'ring.rx' belongs to a device: only a device or queue rule may change it",
			BAD "rules/bad-keys.rule:18: factor = 0.5 is out of range (more than 1)",
			BAD "rules/bad-keys.rule:19: 'to' does not apply to do = raise",
			BAD
			"rules/bad-keys.rule:20: bad value 'maybe' for disruptive (expected yes or no)",
			BAD
			"rules/bad-keys.rule:21: unknown section [extra] (a rule file has [rule] and [action])",
			NULL });
	check_rule_file(
		BAD "rules/no-rule.rule",
		(const char *const[]){ BAD "rules/no-rule.rule:1: no [rule] section", NULL });
	check_rule_file(BAD "rules/missing.rule",
			(const char *const[]){
				BAD "rules/missing.rule:1: missing required key 'scope' in [rule]",
				BAD "rules/missing.rule:4: missing required key 'do' in [action]",
				NULL });
	check_rule_file(
		BAD "rules/bad-action.rule",
		(const char *const[]){
			BAD
			"rules/bad-action.rule:5: unknown action 'flip' (expected raise, set, spread-irqs, enable-rps or none)",
			NULL });
	check_rule_file(
		BAD "rules/set-bad.rule",
		(const char *const[]){
			BAD
			"rules/set-bad.rule:7: bad value 'maybe' for to (eee.enabled takes on or off)",
			NULL });
	check_rule_file(
		BAD "rules/raise-cpus.rule",
		(const char *const[]){
			BAD
			"rules/raise-cpus.rule:4: after_ceiling needs a numeric knob, not 'rps.cpus'",
			BAD
			"rules/raise-cpus.rule:7: do = raise needs a numeric knob, not 'irq.affinity'",
			NULL });
	check_rule_file(
		BAD "rules/host-knob.rule",
		(const char *const[]){
			BAD "rules/host-knob.rule:4: do = raise needs 'step' or 'factor'",
			BAD
			"rules/host-knob.rule:6: knob 'net.core.netdev_max_backlog' is host-wide: only a cpu or host rule may change it",
			BAD "rules/host-knob.rule:7: ceiling = 0 is out of range (1 to 2147483647)",
			NULL });
	check_rule_file(
		BAD "rules/none-no-advice.rule",
		(const char *const[]){
			BAD
			"rules/none-no-advice.rule:4: do = none needs 'advice' (the text to print)",
			BAD "rules/none-no-advice.rule:6: 'knob' does not apply to do = none",
			NULL });
	check_rule_file(
		BAD "rules/wrong-knob.rule",
		(const char *const[]){
			BAD
			"rules/wrong-knob.rule:6: do = enable-rps changes rps.cpus, not 'irq.affinity'",
			BAD
			"rules/wrong-knob.rule:7: flow_cnt = -4 is out of range (1 to 536870912)",
			NULL });
	check_rule_file(
		BAD "rules/syntax.rule",
		(const char *const[]){
			BAD "rules/syntax.rule:3: syntax error",
			BAD "rules/syntax.rule:5: syntax error: no ']' closes the section header",
			/* read as the [action] it names: its keys are checked there */
			BAD "rules/syntax.rule:5: do = none needs 'advice' (the text to print)",
			NULL });
	check_rule_file(
		BAD "rules/long.rule",
		(const char *const[]){
			BAD "rules/long.rule:4: line too long (at most 1022 characters)", NULL });
	check_rule_file(
		BAD "rules/verify.rule",
		(const char *const[]){
			BAD
			"rules/verify.rule:4: verify = cpu.time_squeeze: the rule has no condition on it",
			NULL });
	check_rule_file(
		BAD "rules/verify-unknown.rule",
		(const char *const[]){
			BAD
			"rules/verify-unknown.rule:4: unknown signal 'dev.ring_discard' (see nettuned check --list)",
			NULL });
	check_rule_file(
		BAD "rules/Bad_Name.rule",
		(const char *const[]){
			BAD
			"rules/Bad_Name.rule: a rule file is NAME.rule, NAME of a-z, 0-9 and '-' (at most 63)",
			NULL });
}

static void bad_policy(void)
{
	struct nt_policy p;
	struct nt_diag d;

	diag_init(&d);
	CHECK_EQ_INT(policy_load(&p, BAD "policy.conf", &d), -EINVAL);
	/* nothing half-applied: the defaults */
	CHECK(p.mode == NT_MODE_RECOMMEND && p.n_overrides == 0 && p.safety.sustain == 3);
	check_msgs(
		&d,
		(const char *const[]){
			BAD
			"policy.conf:3: bad value 'auto' for mode (expected recommend or enforce)",
			BAD
			"policy.conf:4: interval = 2h is out of range (more than 0, at most 1h)",
			BAD "policy.conf:5: duplicate key 'interval' (first on line 4)",
			BAD "policy.conf:6: unknown key 'colour' in [general]",
			BAD
			"policy.conf:9: bad include glob 'this-glob-is-far-too-long-to-be-an-interface' (an interface name pattern, at most 31 characters)",
			BAD
			"policy.conf:10: bad value 'perhaps' for exclude_virtual (expected yes or no)",
			BAD
			"policy.conf:13: bad value '3-1' for allow (expected a CPU list such as 0-3,8)",
			BAD
			"policy.conf:16: net.core.netdev_budget = 0 is out of range (1 to 2147483647)",
			BAD
			"policy.conf:17: 'irq.affinity' is not a numeric knob: it has no ceiling",
			BAD
			"policy.conf:18: unknown knob 'net.core.bogus' (see nettuned check --list)",
			BAD "policy.conf:21: sustain = 1001 is out of range (1 to 1000)",
			BAD
			"policy.conf:22: bad value '5 fortnights' for cooldown (expected a duration such as 500ms, 30s, 5min, 1h or 1d)",
			BAD "policy.conf:24: duplicate key 'cooldown.ring.rx' (first on line 23)",
			BAD
			"policy.conf:25: max_changes_per_hour = 3601 is out of range (0 to 3600)",
			BAD
			"policy.conf:26: bad value 'Caturday 02:00-05:00' for disruptive_window (expected DAYS HH:MM-HH:MM such as 'Sat,Sun 02:00-05:00', or 'never')",
			BAD
			"policy.conf:27: bad value '-1' for verify (expected a duration such as 500ms, 30s, 5min, 1h or 1d)",
			BAD "policy.conf:29: [rule] needs the rule's name: [rule NAME]",
			BAD "policy.conf:33: bad value 'abc' for sustain (expected an integer)",
			BAD "policy.conf:34: bad unit '%' for cpu.time_squeeze (its unit is /s)",
			BAD "policy.conf:36: 'factor' and 'step' exclude each other",
			BAD
			"policy.conf:37: unknown key 'wibble' in [rule squeeze] (expected enabled, sustain, severity, step, factor, ceiling or a signal name)",
			BAD
			"policy.conf:38: unknown signal 'not.a.signal' (see nettuned check --list)",
			BAD
			"policy.conf:40: unknown section [network] (expected general, interfaces, cpus, ceilings, safety or rule NAME)",
			BAD "policy.conf:44: bad value 'maybe' for bpf (expected auto, yes or no)",
			NULL });
	diag_free(&d);
	policy_free(&p);
}

static void bad_bind(void)
{
	struct nt_config c;
	struct nt_config_opts o = { .policy_file = BAD "bind.conf" };
	struct nt_diag d;

	diag_init(&d);
	CHECK_EQ_INT(config_load(&c, &o, &d), -EINVAL);
	CHECK(c.rules.n == 0 && !c.rules.rules && c.policy.n_overrides == 0);
	check_msgs(
		&d,
		(const char *const[]){
			BAD
			"bind.conf:5: unknown rule 'nosuch' (no nosuch.rule in the rule directories)",
			BAD "bind.conf:9: rule 'squeeze' has no condition on 'tcp.timeouts'",
			BAD
			"bind.conf:12: 'step' does not apply: rule 'eee-off' does not raise a knob (do = set)",
			NULL });
	diag_free(&d);
}

static void unreadable(void)
{
	struct nt_config c;
	struct nt_config_opts o = { .policy_file = BAD "no-such-dir.conf" };
	struct nt_policy p;
	struct nt_diag d;

	diag_init(&d);
	CHECK_EQ_INT(config_load(&c, &o, &d), -ENOENT);
	check_msgs(&d, (const char *const[]){ BAD "no-such-dir.conf:2: rules directory " BAD
						  "does-not-exist: cannot read: "
						  "No such file or directory",
					      NULL });
	diag_free(&d);
	CHECK_EQ_INT(policy_load(&p, BAD "nope.conf", &d), -ENOENT);
	check_msgs(&d, (const char *const[]){
			       BAD "nope.conf: cannot read: No such file or directory", NULL });
	diag_free(&d);
	CHECK_EQ_INT(policy_load(&p, BAD "rules", &d), -EISDIR);
	check_msgs(&d, (const char *const[]){ BAD "rules: cannot read: Is a directory", NULL });
	diag_free(&d);
	policy_free(&p);
}

static void defaults(void)
{
	const char *dirs[4];
	size_t n = config_default_rule_dirs(dirs, 4);
	const char *root = getenv("NT_SOURCE_ROOT");
	char want[PATH_MAX];
	struct nt_policy p;
	struct nt_rule r;
	struct nt_diag d;

	/* this test runs from the build tree: the source tree's files */
	CHECK_EQ_INT(n, 1);
	if (root) {
		snprintf(want, sizeof(want), "%s/policies/recommend.conf", root);
		CHECK_STR(config_default_policy(), want);
		snprintf(want, sizeof(want), "%s/rules", root);
		CHECK_STR(dirs[0], want);
	}
	policy_defaults(&p);
	CHECK(p.mode == NT_MODE_RECOMMEND && p.exclude_virtual && p.safety.window.never);
	CHECK(p.bpf == NT_BPF_AUTO);
	CHECK(p.safety.rollback && !p.safety.restore_on_exit && p.safety.max_changes_per_hour == 6);
	CHECK(isnan(NAN) && p.n_include == 0 && p.ceiling[NT_KNOB_RING_TX] == -1);
	diag_init(&d);
	CHECK_EQ_INT(rule_load_file(&r, GOOD "rules/advice.rule", &d), 0);
	CHECK(r.severity == NT_SEV_WARNING && r.sustain == 0 && r.knob == -1 && !r.disruptive);
	CHECK(r.flow_cnt == 4096 && r.sock_flow_entries == 32768 && r.ceiling == -1);
	CHECK(r.verify_signal == -1);
	CHECK_EQ_INT(d.n, 0);
	diag_free(&d);
}

static void names(void)
{
	CHECK_STR(rule_severity_name(NT_SEV_CRITICAL), "critical");
	CHECK_STR(rule_action_name(NT_RULE_ACT_SPREAD_IRQS), "spread-irqs");
	CHECK_STR(rule_cmp_name(NT_CMP_GE), ">=");
	CHECK(rule_cmp_holds(NT_CMP_GT, 2, 1) && !rule_cmp_holds(NT_CMP_GT, 1, 1));
	CHECK(rule_cmp_holds(NT_CMP_LE, 1, 1) && rule_cmp_holds(NT_CMP_NE, 1, 2));
}

int main(void)
{
	const char *fx = getenv("NT_FIXTURES");

	if (!fx || chdir(fx) < 0) {
		printf("Bail out! NT_FIXTURES not set or not a directory\n");
		return 1;
	}
	RUN(good_policy);
	RUN(good_rules);
	RUN(devices);
	RUN(windows);
	RUN(bad_rules);
	RUN(bad_policy);
	RUN(bad_bind);
	RUN(unreadable);
	RUN(defaults);
	RUN(names);
	CHECK_DONE();
}
