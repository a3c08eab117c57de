// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The metrics text (see metrics.h for the names). Written straight into a
 * FILE: the text is rebuilt every cycle and nothing in it is needed twice.
 * Families are written one at a time and a family's HELP/TYPE lines only
 * with its first sample, so an empty family (no rates yet) is no noise.
 */
#include "metrics/metrics.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/signal.h"
#include "sample/napi.h"
#include "util/cleanup.h"

#define NT_METRIC_NAME_MAX 128

struct fam {
	FILE *f;
	char name[NT_METRIC_NAME_MAX];
	const char *type;
	const char *help[4];  /* joined; NULL parts are skipped */
	bool head;            /* HELP and TYPE are out */
	unsigned int nlabels; /* of the sample being written */
};

/* ---- text primitives ---------------------------------------------------- */

/* HELP text escapes backslash and newline; label values also the quote. */
static void put_escaped(FILE *f, const char *s, bool quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '"' && quote)
			fputs("\\\"", f);
		else
			fputc(*s, f);
	}
}

/*
 * The shortest of %.15g..%.17g that reads back as the same double, so
 * 0.1 stays "0.1" and nothing is lost. Prometheus spells the specials
 * NaN, +Inf and -Inf; printf would write "nan" and "inf". (nettuned never
 * calls setlocale(), so the decimal point is '.'.)
 */
static void put_double(FILE *f, double v)
{
	char s[40];

	if (isnan(v)) {
		fputs("NaN", f);
		return;
	}
	if (isinf(v)) {
		fputs(v > 0 ? "+Inf" : "-Inf", f);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	fputs(s, f);
}

/* ---- families and samples ----------------------------------------------- */

static void fam_init(struct fam *fm, FILE *f, const char *name, const char *type, const char *help)
{
	memset(fm, 0, sizeof(*fm));
	fm->f = f;
	fm->type = type;
	fm->help[0] = help;
	snprintf(fm->name, sizeof(fm->name), "%s", name);
}

static void sample_begin(struct fam *fm)
{
	if (!fm->head) {
		fprintf(fm->f, "# HELP %s ", fm->name);
		for (size_t i = 0; i < NT_ARRAY_SIZE(fm->help); i++)
			if (fm->help[i])
				put_escaped(fm->f, fm->help[i], false);
		fprintf(fm->f, "\n# TYPE %s %s\n", fm->name, fm->type);
		fm->head = true;
	}
	fputs(fm->name, fm->f);
	fm->nlabels = 0;
}

static void label_str(struct fam *fm, const char *key, const char *value)
{
	fprintf(fm->f, "%c%s=\"", fm->nlabels++ ? ',' : '{', key);
	put_escaped(fm->f, value, true);
	fputc('"', fm->f);
}

static void label_int(struct fam *fm, const char *key, long long value)
{
	fprintf(fm->f, "%c%s=\"%lld\"", fm->nlabels++ ? ',' : '{', key, value);
}

static void sample_end(struct fam *fm)
{
	if (fm->nlabels)
		fputc('}', fm->f);
	fputc(' ', fm->f);
}

static void sample_double(struct fam *fm, double v)
{
	sample_end(fm);
	put_double(fm->f, v);
	fputc('\n', fm->f);
}

static void sample_ull(struct fam *fm, unsigned long long v)
{
	sample_end(fm);
	fprintf(fm->f, "%llu\n", v);
}

/* A family of one sample without labels. */
static void put_single(FILE *f, const char *name, const char *type, const char *help, double v)
{
	struct fam fm;

	fam_init(&fm, f, name, type, help);
	sample_begin(&fm);
	sample_double(&fm, v);
}

static void put_counter(FILE *f, const char *name, const char *help, unsigned long long v)
{
	struct fam fm;

	fam_init(&fm, f, name, "counter", help);
	sample_begin(&fm);
	sample_ull(&fm, v);
}

/* ---- signals ------------------------------------------------------------ */

static const char *const unit_names[] = {
	[NT_UNIT_PER_S] = "_per_second",
	[NT_UNIT_PERCENT] = "_percent",
	[NT_UNIT_COUNT] = "",
	[NT_UNIT_BOOL] = "",
};

/* Counts and 0/1 are states at the end of the interval, not over it. */
static const char *const unit_words[] = {
	[NT_UNIT_PER_S] = " per second over the last interval",
	[NT_UNIT_PERCENT] = " in percent over the last interval",
	[NT_UNIT_COUNT] = " (count)",
	[NT_UNIT_BOOL] = " (0 or 1)",
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

int metrics_signal_name(enum nt_signal sig, char *out, size_t size)
{
	static const char prefix[] = "nettuned_signal_";
	const char *name = nt_signals[sig].name, *unit = "";
	size_t n = 0, need;

	if ((unsigned int)nt_signals[sig].unit < NT_ARRAY_SIZE(unit_names))
		unit = unit_names[nt_signals[sig].unit];
	need = strlen(prefix) + strlen(name) + strlen(unit) + 1;
	if (need > size)
		return -ENAMETOOLONG;
	memcpy(out, prefix, strlen(prefix));
	n = strlen(prefix);
	/* "cpu.time_squeeze": a metric name holds only [a-zA-Z0-9_:] */
	for (; *name; name++)
		out[n++] = name_char(*name) ? *name : '_';
	memcpy(out + n, unit, strlen(unit) + 1);
	return 0;
}

/* The devices the engine watches (engine/eligible.c): NICs, and with the
 * policy's exclude_virtual = no the virtual devices but bonds and VLANs. */
static bool dev_wanted(const struct nt_metrics *m, const struct nt_netdev *d)
{
	if (d->kind != NT_DEV_PHYSICAL &&
	    !(m->watch_virtual && (d->kind == NT_DEV_VIRTUAL || d->kind == NT_DEV_LOOPBACK)))
		return false;
	return !m->want_device || m->want_device(d->name, m->user);
}

static void signal_cpus(struct fam *fm, enum nt_signal sig, const struct nt_interval *iv)
{
	double v;

	for (unsigned int c = 0; c < iv->b->ncpus; c++) {
		if (!signal_value(sig, iv, (int)c, &v))
			continue;
		sample_begin(fm);
		label_int(fm, "cpu", c);
		sample_double(fm, v);
	}
}

static void signal_devs(struct fam *fm, const struct nt_metrics *m, enum nt_signal sig,
			const struct nt_interval *iv)
{
	const struct nt_snapshot *b = iv->b;
	double v;

	for (size_t d = 0; d < b->ndevs; d++) {
		if (!dev_wanted(m, &b->devs[d]) || !signal_value(sig, iv, (int)d, &v))
			continue;
		sample_begin(fm);
		label_str(fm, "device", b->devs[d].name);
		sample_double(fm, v);
	}
}

static void signal_queues(struct fam *fm, const struct nt_metrics *m, enum nt_signal sig,
			  const struct nt_interval *iv)
{
	const struct nt_snapshot *b = iv->b;
	unsigned int nq;
	double v;

	for (size_t d = 0; d < b->ndevs; d++) {
		if (!dev_wanted(m, &b->devs[d]))
			continue;
		nq = signal_dev_queues(b, (int)d);
		/* the entity encoding has room for NT_QUEUE_BITS of queue */
		for (unsigned int q = 0; q < nq && q < (1u << NT_QUEUE_BITS); q++) {
			if (!signal_value(sig, iv, NT_QUEUE_ENTITY((int)d, (int)q), &v))
				continue;
			sample_begin(fm);
			label_str(fm, "device", b->devs[d].name);
			label_int(fm, "queue", q);
			sample_double(fm, v);
		}
	}
}

static void put_signal(FILE *f, const struct nt_metrics *m, enum nt_signal sig,
		       const struct nt_interval *iv)
{
	const struct nt_signal_info *si = &nt_signals[sig];
	char name[NT_METRIC_NAME_MAX];
	struct fam fm;
	double v;

	if (metrics_signal_name(sig, name, sizeof(name)))
		return;
	fam_init(&fm, f, name, "gauge", si->name);
	if ((unsigned int)si->unit < NT_ARRAY_SIZE(unit_words))
		fm.help[1] = unit_words[si->unit];
	if (si->what) {
		fm.help[2] = ": ";
		fm.help[3] = si->what;
	}
	switch (si->scope) {
	case NT_SCOPE_HOST:
		if (signal_value(sig, iv, 0, &v)) {
			sample_begin(&fm);
			sample_double(&fm, v);
		}
		break;
	case NT_SCOPE_CPU:
		signal_cpus(&fm, sig, iv);
		break;
	case NT_SCOPE_DEVICE:
		signal_devs(&fm, m, sig, iv);
		break;
	case NT_SCOPE_QUEUE:
		signal_queues(&fm, m, sig, iv);
		break;
	}
}

static void put_signals(FILE *f, const struct nt_metrics *m)
{
	struct nt_interval iv = { m->a, m->b };

	if (!m->a || !m->b)
		return;
	if (m->a->has_mono && m->b->has_mono && m->b->mono_s > m->a->mono_s)
		put_single(f, "nettuned_interval_seconds", "gauge",
			   "seconds between the two snapshots the signals are computed from",
			   m->b->mono_s - m->a->mono_s);
	for (int s = 0; s < NT_SIG_COUNT; s++)
		put_signal(f, m, (enum nt_signal)s, &iv);
}

/* ---- knobs -------------------------------------------------------------- */

/* The `apply --to` syntax writes numbers in decimal: [-]digits. */
static bool decimal(const char *s, double *v)
{
	const char *p = s;

	if (!s)
		return false;
	if (*p == '-')
		p++;
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	*v = strtod(s, NULL);
	return true;
}

static bool knob_valid(const struct nt_metrics_knob *k)
{
	return (unsigned int)k->knob < NT_KNOB_COUNT;
}

/* A number knob with a number in it goes to nettuned_knob_value. */
static bool knob_numeric(const struct nt_metrics_knob *k, double *v)
{
	return nt_knobs[k->knob].type == NT_KT_NUMBER && decimal(k->value, v);
}

static void knob_labels(struct fam *fm, const struct nt_metrics_knob *k)
{
	label_str(fm, "knob", nt_knobs[k->knob].name);
	if (k->device && *k->device)
		label_str(fm, "device", k->device);
	if (k->queue >= 0)
		label_int(fm, "queue", k->queue);
	if (k->irq >= 0)
		label_int(fm, "irq", k->irq);
}

static void put_knob_values(FILE *f, const struct nt_metrics *m)
{
	struct fam fm;
	double v;

	fam_init(&fm, f, "nettuned_knob_value", "gauge",
		 "current value of a number knob nettuned manages");
	for (size_t i = 0; i < m->n_knobs; i++) {
		const struct nt_metrics_knob *k = &m->knobs[i];

		if (!knob_valid(k) || !knob_numeric(k, &v))
			continue;
		sample_begin(&fm);
		knob_labels(&fm, k);
		sample_double(&fm, v);
	}
}

static void put_knob_originals(FILE *f, const struct nt_metrics *m)
{
	struct fam fm;
	double v, o;

	fam_init(&fm, f, "nettuned_knob_original_value", "gauge",
		 "value of a number knob before nettuned first changed it");
	for (size_t i = 0; i < m->n_knobs; i++) {
		const struct nt_metrics_knob *k = &m->knobs[i];

		if (!knob_valid(k) || !knob_numeric(k, &v) || !decimal(k->original, &o))
			continue;
		sample_begin(&fm);
		knob_labels(&fm, k);
		sample_double(&fm, o);
	}
}

static void put_knob_infos(FILE *f, const struct nt_metrics *m)
{
	struct fam fm;
	double v;

	fam_init(&fm, f, "nettuned_knob_info", "gauge",
		 "current and original value of a knob that is no number (CPU list, on/off)");
	for (size_t i = 0; i < m->n_knobs; i++) {
		const struct nt_metrics_knob *k = &m->knobs[i];

		if (!knob_valid(k) || !k->value || knob_numeric(k, &v))
			continue;
		sample_begin(&fm);
		knob_labels(&fm, k);
		label_str(&fm, "value", k->value);
		if (k->original)
			label_str(&fm, "original", k->original);
		sample_double(&fm, 1);
	}
}

static void put_knob_manual(FILE *f, const struct nt_metrics *m)
{
	struct fam fm;

	fam_init(&fm, f, "nettuned_knob_manual", "gauge",
		 "1 when someone else changed the knob and nettuned keeps its hands off");
	for (size_t i = 0; i < m->n_knobs; i++) {
		const struct nt_metrics_knob *k = &m->knobs[i];

		if (!knob_valid(k))
			continue;
		sample_begin(&fm);
		knob_labels(&fm, k);
		sample_double(&fm, k->manual);
	}
}

/* ---- the daemon --------------------------------------------------------- */

static void put_state(FILE *f, const struct nt_metrics *m)
{
	struct fam fm;

	put_single(f, "nettuned_running", "gauge",
		   "1 while the daemon runs; 0 in the file it leaves when it stops", !m->stopped);
	fam_init(&fm, f, "nettuned_mode_info", "gauge",
		 "the daemon's mode: enforce, recommend or dry-run");
	sample_begin(&fm);
	label_str(&fm, "mode", m->mode ? m->mode : "");
	sample_double(&fm, 1);
	put_single(f, "nettuned_paused", "gauge", "1 while changes are paused", m->paused);
}

static void put_counters(FILE *f, const struct nt_metrics *m)
{
	const struct {
		const char *name, *help;
		unsigned long long v;
	} c[] = {
		{ "nettuned_cycles_total", "sample, decide and act cycles run", m->cycles },
		{ "nettuned_changes_total", "knob changes made", m->changes },
		{ "nettuned_failures_total", "knob changes that failed", m->failures },
		{ "nettuned_rollbacks_total", "changes put back (safety window or operator)",
		  m->rollbacks },
		{ "nettuned_verified_total", "changes that passed their safety window",
		  m->verified },
		{ "nettuned_manual_overrides_total", "knobs found changed by someone else",
		  m->manual_overrides },
		{ "nettuned_held_total", "changes held back by the policy's limits", m->held },
		{ "nettuned_audit_suppressed_total", "audit records suppressed as repeats",
		  m->audit_suppressed },
		{ "nettuned_audit_dropped_total", "audit records the journal did not take",
		  m->audit_dropped },
	};

	for (size_t i = 0; i < NT_ARRAY_SIZE(c); i++)
		put_counter(f, c[i].name, c[i].help, c[i].v);
}

static void put_cycle(FILE *f, const struct nt_metrics *m)
{
	put_single(f, "nettuned_cycle_last_seconds", "gauge",
		   "duration of the last sample, decide and act cycle", m->cycle_seconds);
	put_single(f, "nettuned_cycle_max_seconds", "gauge",
		   "longest cycle since the daemon started", m->cycle_seconds_max);
	put_single(f, "nettuned_cycle_seconds_sum", "counter",
		   "seconds spent in cycles; rate(_sum) / rate(_count) is the mean cycle",
		   m->cycle_seconds_sum);
	/* last: a reader that sees this line has the whole file */
	put_counter(f, "nettuned_cycle_seconds_count", "cycles timed (equals cycles_total)",
		    m->cycles);
}

/*
 * One row per kernel source, 0 when it could not be read: a missing
 * source is a value, not a missing row (a signal built on it has none).
 */
static void put_sources(FILE *f, const struct nt_metrics *m)
{
	struct fam fm;

	if (!m->b)
		return;
	fam_init(&fm, f, "nettuned_source_readable", "gauge",
		 "1 when the last snapshot read this kernel source, 0 when it could not");
	for (int src = 0; src < NT_SRC_COUNT; src++) {
		sample_begin(&fm);
		label_str(&fm, "source", nt_source_paths[src]);
		sample_ull(&fm, m->b->src_err[src] ? 0 : 1);
	}
}

/*
 * Per watched device, whether each ethtool request answered: a driver
 * without EEE (e1000e answers EOPNOTSUPP even to EEE_GET) or without
 * channels shows 0 here, and no rule on it can fire.
 */
static void put_dev_sources(FILE *f, const struct nt_metrics *m)
{
	struct fam fm;

	if (!m->b)
		return;
	fam_init(&fm, f, "nettuned_device_source_readable", "gauge",
		 "1 when the last snapshot read this ethtool request of the device, 0 when "
		 "the driver refused it");
	for (size_t d = 0; d < m->b->ndevs; d++) {
		const struct nt_netdev *dev = &m->b->devs[d];
		const struct {
			const char *name;
			int err;
		} src[] = {
			{ "ethtool-driver", dev->drv.err }, { "ethtool-stats", dev->stats_err },
			{ "ethtool-rings", dev->ring.err }, { "ethtool-channels", dev->ch.err },
			{ "ethtool-eee", dev->eee.err },
		};

		if (!dev_wanted(m, dev))
			continue;
		for (size_t i = 0; i < NT_ARRAY_SIZE(src); i++) {
			sample_begin(&fm);
			label_str(&fm, "device", dev->name);
			label_str(&fm, "source", src[i].name);
			sample_ull(&fm, src[i].err ? 0 : 1);
		}
	}
}

/* ---- BPF signals -------------------------------------------------------- */

/*
 * A CPU's backlog (RPS, netif_rx) is a NAPI without a device: no device
 * label but its CPU, since each CPU has its own and is the only one that
 * polls it (process_backlog in net/core/dev.c).
 */
static void napi_labels(struct fam *fm, const struct nt_snapshot *b, const struct nt_bpf_napi *n)
{
	struct nt_napi_where w;

	napi_where(b, n, &w);
	if (n->dev[0])
		label_str(fm, "device", n->dev);
	label_int(fm, "napi", n->id);
	if (w.queue >= 0)
		label_int(fm, "queue", w.queue);
	if (!n->dev[0] && n->cpu >= 0)
		label_int(fm, "cpu", n->cpu);
}

static bool napi_wanted(const struct nt_metrics *m, const struct nt_bpf_napi *n)
{
	return !n->dev[0] || !m->want_device || m->want_device(n->dev, m->user);
}

static void put_napi(FILE *f, const struct nt_metrics *m)
{
	static const struct {
		const char *name, *type, *help;
	} fams[] = {
		{ "nettuned_napi_polls_total", "counter",
		  "NAPI polls of the instance since the BPF programs were attached" },
		{ "nettuned_napi_packets_total", "counter",
		  "packets the instance's polls processed (napi_poll work) since attach" },
		{ "nettuned_napi_full_polls_total", "counter",
		  "polls that used the instance's whole weight and asked to run again, since attach" },
		{ "nettuned_napi_weight", "gauge",
		  "the instance's NAPI weight (packets per poll)" },
	};
	const struct nt_snapshot *b = m->b;
	struct fam fm;

	for (size_t k = 0; k < NT_ARRAY_SIZE(fams); k++) {
		fam_init(&fm, f, fams[k].name, fams[k].type, fams[k].help);
		for (size_t i = 0; i < b->bpf.n_napi; i++) {
			const struct nt_bpf_napi *n = &b->bpf.napi[i];
			const uint64_t v[] = { n->polls, n->packets, n->full, n->weight };

			if (!napi_wanted(m, n))
				continue;
			sample_begin(&fm);
			napi_labels(&fm, b, n);
			sample_ull(&fm, v[k]);
		}
	}
}

static void put_softirq_time(FILE *f, const struct nt_metrics *m)
{
	const struct nt_snapshot *b = m->b;
	struct fam fm;

	fam_init(&fm, f, "nettuned_softirq_seconds_total", "counter",
		 "time the CPU spent in NET_RX or NET_TX softirq handlers since the BPF programs "
		 "were attached");
	for (unsigned int c = 0; c < b->ncpus; c++) {
		for (int rx = 1; rx >= 0; rx--) {
			uint64_t ns = rx ? b->cpus[c].net_rx_ns : b->cpus[c].net_tx_ns;

			sample_begin(&fm);
			label_int(&fm, "cpu", c);
			label_str(&fm, "vector", rx ? "NET_RX" : "NET_TX");
			sample_double(&fm, (double)ns / 1e9);
		}
	}
	fam_init(&fm, f, "nettuned_softirq_runs_total", "counter",
		 "NET_RX or NET_TX softirq handler runs on the CPU since the BPF programs were "
		 "attached");
	for (unsigned int c = 0; c < b->ncpus; c++) {
		for (int rx = 1; rx >= 0; rx--) {
			sample_begin(&fm);
			label_int(&fm, "cpu", c);
			label_str(&fm, "vector", rx ? "NET_RX" : "NET_TX");
			sample_ull(&fm, rx ? b->cpus[c].net_rx_runs : b->cpus[c].net_tx_runs);
		}
	}
}

static void put_skb_drops(FILE *f, const struct nt_metrics *m)
{
	const struct nt_bpf *bpf = &m->b->bpf;
	struct fam fm;

	fam_init(&fm, f, "nettuned_skb_drops_total", "counter",
		 "packets freed as dropped (skb:kfree_skb) since the BPF programs were attached, "
		 "by the running kernel's drop reason; reason=\"0\" only on kernels without "
		 "reasons");
	for (size_t i = 0; i < bpf->n_drops; i++) {
		const struct nt_bpf_drop *d = &bpf->drops[i];

		sample_begin(&fm);
		if (d->name[0])
			label_str(&fm, "reason", d->name);
		else
			label_int(&fm, "reason", d->reason);
		sample_ull(&fm, d->count);
	}
}

/*
 * Whether the BPF signals are attached (an explicit 0 when they are off),
 * then their counters as the kernel counted them since attach: rates are
 * PromQL's job. Nothing at all when they were not asked for.
 */
static void put_bpf(FILE *f, const struct nt_metrics *m)
{
	const struct nt_bpf *bpf;

	if (!m->b || m->b->bpf.err == -ENOENT)
		return;
	bpf = &m->b->bpf;
	put_single(f, "nettuned_bpf_attached", "gauge",
		   "1 when the BPF signals are attached, 0 when they are off (nettuned logs why "
		   "once)",
		   bpf->err ? 0 : 1);
	if (bpf->err)
		return;
	if (bpf->has_napi)
		put_napi(f, m);
	if (bpf->has_softirq)
		put_softirq_time(f, m);
	if (bpf->has_drops)
		put_skb_drops(f, m);
}

int metrics_print(FILE *f, const struct nt_metrics *m)
{
	put_state(f, m);
	if (m->stopped)
		goto daemon_only;
	put_sources(f, m);
	put_dev_sources(f, m);
	put_bpf(f, m);
	put_signals(f, m);
	put_knob_values(f, m);
	put_knob_originals(f, m);
	put_knob_infos(f, m);
	put_knob_manual(f, m);
daemon_only:
	put_counters(f, m);
	put_cycle(f, m);
	if (fflush(f) || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}
