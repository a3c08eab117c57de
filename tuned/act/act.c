// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The choke point: one change, in the order that keeps a consistent
 * record whatever happens to the process:
 *
 *   1. read the current value            (nothing recorded yet)
 *   2. check the target                  (INVALID: nothing written)
 *   3. record original + pending, fsync  (killed here: rollback finds the
 *                                         knob at its original or at the
 *                                         pending value, and restores)
 *   4. write
 *   5. read back, verify
 *   6. record written, clear pending     (or drop the record when the
 *                                         knob is back at its original)
 */
#include "act/act_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sample/sampler.h"
#include "util/path.h"

/* How each family is written: the knob's descriptor (model/knob.c) says which. */
static const struct nt_knob_ops *const ops_by_family[NT_KFAM_COUNT] = {
	[NT_KFAM_SYSCTL] = &act_sysctl_ops,     [NT_KFAM_RING] = &act_ring_ops,
	[NT_KFAM_CHANNELS] = &act_channels_ops, [NT_KFAM_EEE] = &act_eee_ops,
	[NT_KFAM_IRQ] = &act_irq_ops,           [NT_KFAM_RPS] = &act_rps_ops,
};

const struct nt_knob_ops *act_knob_ops(enum nt_knob knob)
{
	return ops_by_family[nt_knobs[knob].family];
}

const char *act_outcome_name(enum nt_act_outcome o)
{
	static const char *const names[] = {
		[NT_ACT_APPLIED] = "applied",
		[NT_ACT_UNCHANGED] = "unchanged",
		[NT_ACT_INVALID] = "invalid",
		[NT_ACT_UNSUPPORTED] = "unsupported",
		[NT_ACT_UNMANAGEABLE] = "unmanageable",
		[NT_ACT_GONE] = "gone",
		[NT_ACT_FAILED] = "failed",
	};
	return names[o];
}

/* ---- helpers for the knob files ------------------------------------------ */

void act_say(struct nt_act_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
}

void act_say_refused(struct nt_act_result *res, const char *what, const struct nt_extack *ack)
{
	if (ack->msg[0])
		act_say(res, "the kernel refused %s: \"%s\"", what, ack->msg);
	else
		act_say(res, "the kernel refused %s", what);
}

int act_check_online(const struct nt_snapshot *snap, const struct nt_cpuset *cpus,
		     struct nt_act_result *res)
{
	char online[256];

	for (unsigned int c = 0; c < cpuset_span(cpus); c++) {
		if (cpuset_has(cpus, c) && !cpuset_has(&snap->online, c)) {
			cpuset_format_list(&snap->online, online, sizeof(online));
			act_say(res, "CPU %u is not online (online CPUs: %s)", c, online);
			return -EINVAL;
		}
	}
	return 0;
}

int act_dev_errno(struct nt_act *a, const char *dev, int err)
{
	char path[64];
	struct stat st;

	if (err != -ENOENT || path_printf(path, sizeof(path), "sys/class/net/%s", dev))
		return err;
	return fstatat(a->io->rootfd, path, &st, 0) && errno == ENOENT ? -ENODEV : err;
}

int act_read_file(struct nt_act *a, const char *path, struct nt_act_result *res)
{
	long n = a->io->ops->read(a->io, path, &a->buf);

	if (n < 0)
		act_say(res, "cannot read /%s", path);
	return n < 0 ? (int)n : 0;
}

int act_write_file(struct nt_act *a, const char *path, const char *text, struct nt_act_result *res)
{
	int r = a->io->ops->write(a->io, path, text);

	if (r)
		act_say(res, "cannot write /%s", path);
	return r;
}

/* ---- open ------------------------------------------------------------------ */

int act_open(struct nt_act **out, const char *root, const char *state_dir, double lock_wait_s,
	     char *err, size_t errlen)
{
	struct nt_act *a = calloc(1, sizeof(*a));
	int r;

	*out = NULL;
	if (!a)
		return -ENOMEM;
	r = sysio_open(&a->io, root, err, errlen);
	if (!r)
		r = state_open(&a->state, state_dir, lock_wait_s, err, errlen);
	if (r) {
		act_close(a);
		return r;
	}
	identity_host(a);
	*out = a;
	return 0;
}

void act_close(struct nt_act *a)
{
	if (!a)
		return;
	state_close(a->state);
	sysio_close(a->io);
	buf_free(&a->buf);
	free(a->unmanageable);
	free(a);
}

struct nt_sysio *act_sysio(struct nt_act *a)
{
	return a->io;
}

struct nt_state *act_state(struct nt_act *a)
{
	return a->state;
}

/* ---- one change -------------------------------------------------------------- */

void act_describe(enum nt_knob knob, const char *device, int queue, int irq, const char *irq_action,
		  char *out, size_t size)
{
	const char *name = nt_knobs[knob].name;

	switch (nt_knobs[knob].where) {
	case NT_KW_HOST:
		snprintf(out, size, "%s", name);
		break;
	case NT_KW_DEVICE:
		snprintf(out, size, "%s of %s", name, device);
		break;
	case NT_KW_QUEUE:
		snprintf(out, size, "%s of %s rx-%d", name, device, queue);
		break;
	case NT_KW_IRQ:
		if (irq_action && irq_action[0])
			snprintf(out, size, "%s of IRQ %d (%s)", name, irq, irq_action);
		else
			snprintf(out, size, "%s of IRQ %d", name, irq);
		break;
	}
}

static enum nt_act_outcome outcome_of(int err)
{
	switch (err) {
	case -EOPNOTSUPP:
		return NT_ACT_UNSUPPORTED;
	case -ENODEV:
		return NT_ACT_GONE;
	default:
		return NT_ACT_FAILED;
	}
}

void act_append_errno(char *msg, size_t size, int err)
{
	const char *name = strerrorname_np(-err);
	size_t n = strlen(msg);

	if (err && n < size)
		snprintf(msg + n, size - n, "%s%s (%s)", n ? ": " : "", strerror(-err),
			 name ? name : "?");
}

/* Ends res->msg with the errno, by name and text, once. */
static int fail(struct nt_act_result *res, enum nt_act_outcome o, int err)
{
	res->outcome = o;
	res->err = err;
	act_append_errno(res->msg, sizeof(res->msg), err);
	return err ? err : -EINVAL;
}

int act_read(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *v, char *text,
	     struct nt_act_result *res)
{
	int r;

	memset(v, 0, sizeof(*v));
	v->type = nt_knobs[t->knob].type;
	r = act_knob_ops(t->knob)->read(a, t, v, res);
	if (nt_knobs[t->knob].where != NT_KW_IRQ && nt_knobs[t->knob].where != NT_KW_HOST)
		r = act_dev_errno(a, t->device, r);
	if (!r && knob_value_format(v, text, NT_VALUE_TEXT)) {
		act_say(res, "the current value does not fit in %d characters", NT_VALUE_TEXT);
		return -E2BIG;
	}
	return r;
}

/*
 * Step 3. A record of an earlier change keeps its original; a new one is
 * filled with the identity that lets rollback find the knob again.
 */
static int record_intent(struct nt_act *a, const struct nt_snapshot *snap,
			 const struct nt_knob_id *t, const char *before, const char *want,
			 struct nt_record **out, struct nt_act_result *res)
{
	char id[96] = "", err[512];
	const struct nt_irq *irq;
	struct nt_record *rec, saved;
	bool created = false;
	int r;

	if (nt_knobs[t->knob].where == NT_KW_DEVICE || nt_knobs[t->knob].where == NT_KW_QUEUE)
		identity_device(snap, t->device, id, sizeof(id));
	rec = state_find(a->state, t->knob, id, t->queue, t->irq);
	if (!rec) {
		rec = state_add(a->state);
		if (!rec)
			return -ENOMEM;
		created = true;
		rec->knob = t->knob;
		rec->queue = t->queue;
		rec->irq = t->irq;
		snprintf(rec->device_id, sizeof(rec->device_id), "%s", id);
		snprintf(rec->original, sizeof(rec->original), "%s", before);
		irq = t->irq >= 0 ? identity_find_irq(snap, t->irq) : NULL;
		if (irq)
			snprintf(rec->irq_action, sizeof(rec->irq_action), "%s", irq->actions);
	}
	saved = *rec;
	if (nt_knobs[t->knob].where == NT_KW_DEVICE || nt_knobs[t->knob].where == NT_KW_QUEUE)
		snprintf(rec->device, sizeof(rec->device), "%s", t->device);
	snprintf(rec->netns, sizeof(rec->netns), "%s", a->netns);
	snprintf(rec->boot_id, sizeof(rec->boot_id), "%s", a->boot_id);
	sampler_wallclock_now(rec->changed_at, sizeof(rec->changed_at));
	rec->seq = a->state->next_seq++;
	rec->has_pending = true;
	snprintf(rec->pending, sizeof(rec->pending), "%s", want);
	r = state_save(a->state, err, sizeof(err));
	if (r) {
		if (created)
			state_remove(a->state, rec);
		else
			*rec = saved;
		act_say(res, "not changed, because the original could not be recorded: %s", err);
		return r;
	}
	*out = rec;
	return 0;
}

/* Step 6: the record says what is on the system now. */
static int record_outcome(struct nt_act *a, struct nt_record *rec, const char *now, bool known,
			  struct nt_act_result *res)
{
	char err[512];
	int r;

	if (known) {
		rec->has_pending = false;
		if (!strcmp(now, rec->original)) {
			state_remove(a->state, rec);
		} else {
			rec->has_written = true;
			snprintf(rec->written, sizeof(rec->written), "%s", now);
		}
	}
	/* unknown (the read-back failed): keep pending for rollback to judge */
	r = state_save(a->state, err, sizeof(err));
	if (r)
		snprintf(res->msg, sizeof(res->msg),
			 "changed, but the record could not be updated "
			 "(rollback still restores it): %s",
			 err);
	return r;
}

/*
 * The device's carrier_changes (net-sysfs: every netif_carrier_on/off),
 * -1 when unreadable (a fixture without it, kernels before 3.15).
 */
static long long carrier_changes(struct nt_act *a, const char *dev)
{
	char path[64];
	long long n;

	if (path_printf(path, sizeof(path), "sys/class/net/%s/carrier_changes", dev) ||
	    a->io->ops->read(a->io, path, &a->buf) <= 0 || sscanf(a->buf.data, "%lld", &n) != 1)
		return -1;
	return n;
}

/*
 * Steps 4 and 5; on a read-back that differs, put the old value back.
 * A disruptive knob (ring, channel and EEE changes make most drivers
 * reset the link: e1000e, ixgbe, i40e) is watched for the reset it took.
 */
int act_set(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
	    const struct nt_value *before, struct nt_act_result *res)
{
	const struct nt_knob_ops *ops = act_knob_ops(t->knob);
	long long carrier = nt_knobs[t->knob].disruptive ? carrier_changes(a, t->device) : -1;
	struct nt_act_result scratch;
	struct nt_value now;
	long long carrier_now;
	int r = ops->write(a, t, want, res);

	if (nt_knobs[t->knob].where == NT_KW_DEVICE || nt_knobs[t->knob].where == NT_KW_QUEUE)
		r = act_dev_errno(a, t->device, r);
	if (r)
		return r;
	r = act_read(a, t, &now, res->now, res);
	if (r)
		return r;
	if (!knob_value_equal(&now, want)) {
		act_say(res, "wrote %s but read back %s", res->to, res->now);
		r = -EAGAIN;
	} else if (ops->verify) {
		r = ops->verify(a, t, want, res);
	}
	if (r) {
		ops->write(a, t, before, &scratch);
		return r;
	}
	/*
	 * The driver takes the link down inside the SET call (e1000e_down()
	 * in e1000_set_ringparam), so the first carrier change is already
	 * counted; it comes back up asynchronously, a second or so later.
	 */
	carrier_now = carrier >= 0 ? carrier_changes(a, t->device) : -1;
	if (carrier_now > carrier)
		act_say(res, "the driver reset the link to apply it (carrier_changes %lld -> %lld)",
			carrier, carrier_now);
	return 0;
}

int act_apply(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
	      const char *to, struct nt_act_result *res)
{
	const struct nt_knob_ops *ops = act_knob_ops(t->knob);
	struct nt_value want, before;
	const struct nt_irq *irq;
	struct nt_record *rec;
	int r;

	memset(res, 0, sizeof(*res));
	irq = t->irq >= 0 ? identity_find_irq(snap, t->irq) : NULL;
	act_describe(t->knob, t->device, t->queue, t->irq, irq ? irq->actions : NULL, res->what,
		     sizeof(res->what));
	if ((nt_knobs[t->knob].where == NT_KW_DEVICE || nt_knobs[t->knob].where == NT_KW_QUEUE) &&
	    !state_devname_ok(t->device)) {
		act_say(res, "'%s' is not an interface name", t->device);
		return fail(res, NT_ACT_INVALID, 0);
	}
	if (knob_value_parse(t->knob, to, &want) ||
	    knob_value_format(&want, res->to, sizeof(res->to))) {
		act_say(res, "'%s' is not a value of %s", to, nt_knobs[t->knob].name);
		return fail(res, NT_ACT_INVALID, 0);
	}
	r = act_read(a, t, &before, res->from, res);
	if (r)
		return fail(res, outcome_of(r), r);
	if (knob_value_equal(&before, &want)) {
		res->outcome = NT_ACT_UNCHANGED;
		snprintf(res->now, sizeof(res->now), "%s", res->from);
		return 0;
	}
	r = ops->check(a, snap, t, &want, res);
	if (r)
		return fail(res,
			    r == -EINVAL ? NT_ACT_INVALID :
			    r == -EIO    ? NT_ACT_UNMANAGEABLE :
					   outcome_of(r),
			    r == -EINVAL ? 0 : r);
	r = record_intent(a, snap, t, res->from, res->to, &rec, res);
	if (r)
		return fail(res, NT_ACT_FAILED, r);
	r = act_set(a, t, &want, &before, res);
	if (r) {
		struct nt_act_result scratch;
		struct nt_value now;

		/* what is on the system after the failure decides the record */
		bool known = !act_read(a, t, &now, res->now, &scratch);

		record_outcome(a, rec, res->now, known, res);
		return fail(res,
			    r == -EIO && t->knob == NT_KNOB_IRQ_AFFINITY ? NT_ACT_UNMANAGEABLE :
									   outcome_of(r),
			    r);
	}
	r = record_outcome(a, rec, res->now, true, res);
	if (r)
		return fail(res, NT_ACT_FAILED, r);
	res->outcome = NT_ACT_APPLIED;
	return 0;
}

int act_apply_fallback(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
		       const char *to, const char *const *fallback, size_t n_fallback,
		       struct nt_act_result *res)
{
	char refused[256] = "";
	size_t len = 0;
	int r = act_apply(a, snap, t, to, res);

	for (size_t i = 0; r == -ENOSPC && i < n_fallback; i++) {
		int w = snprintf(refused + len, sizeof(refused) - len, "%s%s", len ? ", " : "",
				 res->to);

		if (w > 0 && (size_t)w < sizeof(refused) - len)
			len += (size_t)w;
		r = act_apply(a, snap, t, fallback[i], res);
	}
	if (!r && refused[0] && res->outcome == NT_ACT_APPLIED) {
		char msg[sizeof(res->msg)];

		snprintf(msg, sizeof(msg), "%s", res->msg);
		act_say(res,
			"no free interrupt vector on CPU %s (ENOSPC); CPU %s was the next "
			"in placement order%s%s",
			refused, res->to, msg[0] ? "; " : "", msg);
	}
	return r;
}
