// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's context: configuration, engine, sampler, audit trail; a
 * reload that keeps the last good configuration; restore on exit.
 */
#include "act/sysio.h"
#include "daemon/daemon.h"
#include "engine/needs.h"
#include "ethtool/ethtool.h"
#include "ethtool/monitor.h"
#include "state/state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

const char *daemon_mode(const struct nt_daemon *d)
{
	if (d->o.dry_run)
		return "dry-run";
	return d->config.policy.mode == NT_MODE_ENFORCE ? "enforce" : "recommend";
}

bool daemon_enforcing(const struct nt_daemon *d)
{
	return !d->o.dry_run && d->config.policy.mode == NT_MODE_ENFORCE;
}

const char *daemon_policy_file(const struct nt_daemon *d)
{
	return d->config.policy.file;
}

/* The diagnostics as one line per problem, for the journal. */
static void diag_text(const struct nt_diag *diag, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < diag->n && n < size; i++) {
		int w = snprintf(out + n, size - n, "%s%s", i ? "; " : "", diag->msgs[i]);

		if (w < 0)
			break;
		n += (size_t)w;
	}
}

static int load_config(struct nt_daemon *d, struct nt_config *c, char *err, size_t errlen)
{
	struct nt_diag diag;
	int r;

	diag_init(&diag);
	r = config_load(c, &d->o.config, &diag);
	if (r < 0)
		diag_text(&diag, err, errlen);
	diag_free(&diag);
	return r;
}

/* The number of intervals before every rule could have fired: --once. */
static unsigned int intervals_needed(const struct nt_config *c)
{
	unsigned int most = 1;

	for (size_t i = 0; i < c->rules.n; i++) {
		unsigned int s = policy_sustain(&c->policy, &c->rules.rules[i]);

		if (s > most)
			most = s;
	}
	return most;
}

static int new_engine(struct nt_daemon *d, struct nt_engine **out)
{
	enum nt_mode mode = daemon_enforcing(d) ? NT_MODE_ENFORCE : NT_MODE_RECOMMEND;
	int r = engine_new(out, &d->config.rules, &d->config.policy, mode);

	if (r < 0)
		return r;
	engine_set_live(*out, true);
	engine_use_history(*out, &d->hist);
	return 0;
}

/*
 * The devices the sampler reads in detail: those the policy watches, and
 * any holding a knob nettuned changed, by name or by ifindex (a reload may
 * drop it from the policy, a rename shows first under the new name; its
 * value is still followed and restored).
 */
static bool daemon_watches(const struct nt_netdev *dev, void *user)
{
	const struct nt_daemon *d = user;

	if (engine_device_watched(&d->config.policy, dev))
		return true;
	for (size_t i = 0; i < d->hist.n_knobs; i++) {
		const struct nt_knob_state *k = &d->hist.knobs[i];

		if (k->managed && ((k->id.device[0] && !strcmp(k->id.device, dev->name)) ||
				   (k->ifindex > 0 && k->ifindex == dev->ifindex)))
			return true;
	}
	return false;
}

/* The BPF signals to load: the softirq pair only for a rule that reads it. */
static unsigned int sampler_flags(struct nt_daemon *d)
{
	if (d->config.policy.bpf == NT_BPF_NO)
		return 0;
	d->bpf_softirq = needs_bpf_softirq(&d->config.rules, &d->config.policy) != NULL;
	return NT_SAMPLER_BPF | (d->bpf_softirq ? 0 : NT_SAMPLER_BPF_NO_SOFTIRQ);
}

int daemon_open(struct nt_daemon *d, const struct nt_daemon_opts *o)
{
	char err[4096];
	int r;

	memset(d, 0, sizeof(*d));
	d->state_dirfd = d->runtime_dirfd = -1;
	history_init(&d->hist);
	d->o = *o;
	snapshot_init(&d->snap[0]);
	snapshot_init(&d->snap[1]);
	findings_init(&d->step);
	sampler_wallclock_now(d->started, sizeof(d->started));
	r = load_config(d, &d->config, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "nettuned run: %s\n", err);
		return r;
	}
	d->intervals_left = intervals_needed(&d->config);
	r = sampler_open(&d->sampler, o->root, sampler_flags(d), err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "nettuned run: %s\n", err);
		return r;
	}
	sampler_set_watch(d->sampler, daemon_watches, d);
	r = runtime_prepare(o->runtime_dir, err, sizeof(err));
	if (r == 0)
		r = instance_lock(d, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "nettuned run: %s\n", err);
		return r;
	}
	r = audit_open(&d->audit, o->audit_sink, 0, 0);
	if (r < 0) {
		fprintf(stderr, "nettuned run: audit trail: %s\n", strerror(-r));
		return r;
	}
	r = new_engine(d, &d->engine);
	if (r < 0)
		return r;
	if (daemon_enforcing(d)) {
		r = managed_seed(d, err, sizeof(err));
		if (r < 0) {
			fprintf(stderr, "nettuned run: %s\n", err);
			return r;
		}
		persist_load(d);
	}
	if (sampler_is_live(d->sampler)) {
		/* before ethtool netlink (5.6) there is nothing to subscribe to */
		d->ethtool = sampler_ethtool(d->sampler);
		if (d->ethtool && ethtool_has_netlink(d->ethtool))
			monitor_open(&d->monitor, err, sizeof(err));
	}
	return 0;
}

/*
 * After a reload, the softirq pair follows the rules: attached while one
 * reads the softirq times, unloaded when none does (it runs twice per
 * NET_RX and NET_TX softirq, the costliest BPF signal per packet). A pair
 * that could not be attached is tried again at the next reload.
 */
static void follow_softirq(struct nt_daemon *d)
{
	const struct nt_rule *r = needs_bpf_softirq(&d->config.rules, &d->config.policy);
	const char *file = d->config.policy.file, *why;
	char err[512];

	if (!sampler_is_live(d->sampler) || sampler_bpf_state(d->sampler, &why) < 0 ||
	    !r == !d->bpf_softirq)
		return;
	if (sampler_bpf_softirq(d->sampler, r != NULL, err, sizeof(err)) < 0) {
		audit_logf(d->audit, LOG_ERR,
			   "reload of %s: rule %s reads the softirq times, but the BPF "
			   "irq:softirq_entry/exit programs could not be attached: %s; its "
			   "conditions on them do not hold",
			   file, r->name, err);
		return;
	}
	d->bpf_softirq = r != NULL;
	if (r)
		audit_logf(d->audit, LOG_NOTICE,
			   "reload of %s: BPF irq:softirq_entry/exit attached (%s): rule %s "
			   "reads the softirq times",
			   file, sampler_bpf_paths(d->sampler), r->name);
	else
		audit_logf(d->audit, LOG_NOTICE,
			   "reload of %s: BPF irq:softirq_entry/exit detached: no enabled rule "
			   "reads the softirq times",
			   file);
}

void daemon_reload(struct nt_daemon *d)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	struct nt_config c;
	struct nt_engine *engine = NULL;
	char err[4096];
	struct nt_config old = d->config;
	bool was_enforcing = daemon_enforcing(d);
	int r = load_config(d, &c, err, sizeof(err));

	/*
	 * recommend -> enforce: what an earlier run changed is ours to watch,
	 * and a state file that cannot be read refuses enforce mode as at
	 * start. One entry either way, with the reason.
	 */
	if (r >= 0 && !was_enforcing && !d->o.dry_run && c.policy.mode == NT_MODE_ENFORCE &&
	    managed_seed(d, err, sizeof(err)) < 0) {
		config_free(&c);
		r = -EIO;
	}
	if (r < 0) {
		e.event = NT_EV_CONFIG_ERROR;
		e.detail = err;
		e.mode = daemon_mode(d);
		daemon_audit(d, &e);
		return;
	}
	d->config = c;
	if (new_engine(d, &engine) < 0) {
		d->config = old;
		config_free(&c);
		audit_logf(d->audit, LOG_ERR, "reload of %s: out of memory; configuration kept",
			   old.policy.file);
		return;
	}
	if (c.policy.bpf != old.policy.bpf && sampler_is_live(d->sampler))
		audit_logf(d->audit, LOG_NOTICE,
			   "reload of %s: the bpf key takes effect at the "
			   "next start; the BPF signals stay as they were",
			   c.policy.file);
	/* the engine points into the configuration: both change together; the
	 * history (cooldowns, the hourly budget, windows, backoffs) is the
	 * daemon's and goes on */
	engine_free(d->engine);
	d->engine = engine;
	config_free(&old);
	follow_softirq(d);
	/* the history an earlier enforcing run kept (its windows, cooldowns) */
	if (!was_enforcing && daemon_enforcing(d))
		persist_load(d);
	e.event = NT_EV_DAEMON;
	e.state = "reloaded";
	e.mode = daemon_mode(d);
	e.detail = d->config.policy.file;
	daemon_audit(d, &e);
}

struct restore_ctx {
	struct nt_daemon *d;
	const char *why_left; /* outside the window: why disruptive knobs stay */
};

static void restore_report(const struct nt_rb_result *r, void *user)
{
	struct restore_ctx *rc = user;
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	char detail[sizeof(r->msg) + 256];

	e.knob = nt_knobs[r->target.knob].name;
	e.device = r->target.device;
	e.queue = r->target.queue;
	e.irq = r->target.irq;
	e.from = r->now[0] ? r->now : NULL;
	e.to = r->original;
	e.mode = daemon_mode(rc->d);
	e.detail = r->msg[0] ? r->msg : act_rb_outcome_name(r->outcome);
	switch (r->outcome) {
	case NT_RB_RESTORED:
	case NT_RB_ALREADY:
		e.event = NT_EV_RESTORED;
		break;
	case NT_RB_CHANGED:
		/* the operator's value stays: hands off, on exit too; from what
		 * nettuned left there to what the operator set, as `manual` says */
		e.event = NT_EV_MANUAL;
		e.from = r->left[0] ? r->left : NULL;
		e.to = r->now;
		e.detail = "changed by someone else since nettuned set it; left as it is on exit";
		break;
	case NT_RB_LEFT:
		e.event = NT_EV_HELD;
		e.safety = "disruptive_window";
		e.from = e.to = NULL;
		snprintf(detail, sizeof(detail),
			 "left at %s on stop (original %s): %s; "
			 "`nettuned rollback` restores it now (the link resets), or a stop "
			 "inside the window does",
			 r->now[0] ? r->now : r->left, r->original[0] ? r->original : "\"\"",
			 rc->why_left);
		e.detail = detail;
		break;
	case NT_RB_EARLIER_BOOT:
	case NT_RB_GONE:
		e.event = NT_EV_RESET;
		break;
	default:
		e.event = NT_EV_FAILED;
		break;
	}
	daemon_audit(rc->d, &e);
}

/*
 * Why a stop now may not restore disruptive knobs, NULL when it may: the
 * same window as changing them (field notes: a rollback that reset links
 * at the wrong time was an outage). Judged by the latest snapshot's
 * wallclock; without one, it is not known to be inside.
 */
static const char *outside_window(const struct nt_daemon *d, char *why, size_t size)
{
	const struct nt_window *w = &d->config.policy.safety.window;
	const char *now = d->snap[d->cur].wallclock;
	bool known;

	if (!w->never && policy_window_contains(w, now, &known))
		return NULL;
	if (w->never)
		snprintf(why, size, "disruptive changes are off (disruptive_window = never)");
	else if (!known)
		snprintf(why, size,
			 "the time is unknown, so it may be outside the disruptive "
			 "window");
	else
		snprintf(why, size, "%s is outside the disruptive window", now);
	return why;
}

void daemon_restore(struct nt_daemon *d)
{
	struct restore_ctx rc = { d, NULL };
	struct nt_act *a = NULL;
	char err[1024], why[160];
	int r;

	if (!daemon_enforcing(d) || !d->config.policy.safety.restore_on_exit)
		return;
	r = daemon_act_open(d, &a, err, sizeof(err));
	if (r < 0) {
		audit_logf(d->audit, LOG_ERR, "restore on exit: %s", err);
		return;
	}
	rc.why_left = outside_window(d, why, sizeof(why));
	r = act_rollback(a, &d->snap[d->cur], rc.why_left ? NT_RB_KEEP_DISRUPTIVE : 0,
			 restore_report, &rc);
	if (r < 0)
		audit_logf(d->audit, LOG_ERR, "restore on exit: state file in %s: %s",
			   d->o.state_dir, strerror(-r));
	act_close(a);
}

/*
 * The actuators for this cycle's changes, asking the drivers through the
 * sampler's ethtool handle: one genl socket for the daemon's reads and
 * writes (the monitor's subscribed socket is the other, since
 * notifications would arrive between a request's replies).
 */
int daemon_act_open(struct nt_daemon *d, struct nt_act **out, char *err, size_t errlen)
{
	int r = act_open(out, d->o.root, d->o.state_dir, NT_DAEMON_LOCK_WAIT_S, err, errlen);

	if (r == 0)
		sysio_use_ethtool(act_sysio(*out), d->ethtool);
	return r;
}

void daemon_close(struct nt_daemon *d)
{
	monitor_close(d->monitor);
	engine_free(d->engine);
	if (d->audit)
		audit_close(d->audit, 2.0);
	sampler_close(d->sampler);
	snapshot_free(&d->snap[0]);
	snapshot_free(&d->snap[1]);
	findings_free(&d->step);
	free(d->metric_text);
	free(d->metric_knobs);
	history_free(&d->hist);
	buf_free(&d->hist_text);
	buf_free(&d->hist_saved);
	config_free(&d->config);
	/* last: until here another daemon could have raced our restore */
	instance_unlock(d);
}
