// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Evidence text: the rule's `evidence` template with {placeholders}
 * replaced by numbers and their units. Over several CPUs a signal prints
 * as the range it took on the CPUs that matched ("20-60/s").
 */
#include "engine/engine_int.h"
#include "sample/napi.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void format_one(enum nt_unit unit, double v, char *out, size_t size)
{
	switch (unit) {
	case NT_UNIT_PER_S:
		snprintf(out, size, v < 10 ? "%.1f" : "%.0f", v);
		break;
	case NT_UNIT_PERCENT:
		snprintf(out, size, "%.0f", v);
		break;
	case NT_UNIT_COUNT:
		snprintf(out, size, "%.0f", v);
		break;
	case NT_UNIT_BOOL:
		snprintf(out, size, "%s", v != 0 ? "yes" : "no");
		break;
	}
}

void render_signal(enum nt_signal sig, double lo, double hi, char *out, size_t size)
{
	enum nt_unit unit = nt_signals[sig].unit;
	char a[32], b[32];

	format_one(unit, lo, a, sizeof(a));
	format_one(unit, hi, b, sizeof(b));
	if (strcmp(a, b))
		snprintf(out, size, "%s-%s%s", a, b, signal_unit_suffix(unit));
	else
		snprintf(out, size, "%s%s", a, signal_unit_suffix(unit));
}

/* A per-CPU backlog (RPS, netif_rx) is a NAPI without a device: the
 * tracepoint prints NO_DEV, "(no_device)", for it (net/core/dev.c). */
static bool is_backlog(const struct nt_bpf_napi *n)
{
	return !n->dev[0] || n->dev[0] == '(';
}

static bool napi_in_match(const struct nt_match *m, const struct nt_bpf_napi *n)
{
	const struct nt_snapshot *b = m->iv->b;

	if (m->dev >= 0)
		return !strcmp(n->dev, b->devs[m->dev].name);
	if (cpuset_count(&m->cpus))
		return n->cpu >= 0 && cpuset_has(&m->cpus, (unsigned int)n->cpu);
	return true;
}

/*
 * {napi_top}: the NAPI instance that most often used its whole weight in
 * the interval, among those of the matched device or polled on the matched
 * CPUs: the NIC and queue that ran the softirq out of budget.
 */
static void napi_top(const struct nt_match *m, char *out, size_t size)
{
	const struct nt_snapshot *a = m->iv->a, *b = m->iv->b;
	const struct nt_bpf_napi *top = NULL;
	double top_full = 0, full, polls = 0;
	struct nt_napi_where w;
	char where[96];

	if (b->bpf.err || a->bpf.err || !b->bpf.has_napi) {
		snprintf(out, size, "busiest NAPI not measured (BPF signals %s)",
			 b->bpf.err == -ENOENT ? "not sampled" : "off");
		return;
	}
	for (size_t i = 0; i < b->bpf.n_napi; i++) {
		const struct nt_bpf_napi *n = &b->bpf.napi[i];

		if (!napi_in_match(m, n) || !rates_napi(a, b, n, NT_NAPI_FULL, &full) ||
		    full <= top_full)
			continue;
		top = n;
		top_full = full;
	}
	if (!top) {
		snprintf(out, size, "no NAPI used its whole weight");
		return;
	}
	rates_napi(a, b, top, NT_NAPI_POLLS, &polls);
	if (is_backlog(top)) {
		snprintf(out, size,
			 "busiest NAPI: the backlog of CPU %d (RPS or netif_rx), "
			 "%.0f of %.0f polls/s used the whole weight %u",
			 top->cpu, top_full, polls, top->weight);
		return;
	}
	napi_where(b, top, &w);
	napi_where_format(&w, where, sizeof(where));
	snprintf(out, size, "busiest NAPI: %s %s, %.0f of %.0f polls/s used the whole weight %u",
		 top->dev, where, top_full, polls, top->weight);
}

/* An empty value is an empty CPU list: "none" reads better in a sentence. */
static void value_or(bool has, const struct nt_value *v, const char *none, char *out, size_t size)
{
	if (!has || knob_value_format(v, out, size) < 0 || !out[0])
		snprintf(out, size, "%s", none);
}

static void placeholder(const struct nt_match *m, const struct nt_finding *f, const char *name,
			char *out, size_t size)
{
	const struct nt_netdev *d = m->dev >= 0 ? &m->iv->b->devs[m->dev] : NULL;
	int sig = signal_by_name(name);

	out[0] = '\0';
	if (sig >= 0) {
		if (m->has[sig])
			render_signal(sig, m->lo[sig], m->hi[sig], out, size);
		else
			snprintf(out, size, "n/a");
	} else if (!strcmp(name, "cpus")) {
		cpuset_format_list(&m->cpus, out, size);
	} else if (!strcmp(name, "device")) {
		snprintf(out, size, "%s", d ? d->name : f->id.device);
	} else if (!strcmp(name, "from")) {
		/* advice may not know the value now */
		value_or(f->has_from, &f->from, f->id.knob >= 0 ? "none" : "unknown", out, size);
	} else if (!strcmp(name, "to")) {
		value_or(f->has_to, &f->to, "none", out, size);
	} else if (!strcmp(name, "knob")) {
		snprintf(out, size, "%s",
			 f->id.knob >= 0    ? nt_knobs[f->id.knob].name :
			 m->rule->knob >= 0 ? nt_knobs[m->rule->knob].name :
					      "none");
	} else if (!strcmp(name, "irq_cpu")) {
		if (m->irq_cpu >= 0)
			snprintf(out, size, "%d", m->irq_cpu);
		else
			snprintf(out, size, "?");
	} else if (!strcmp(name, "irqs")) {
		placement_join_queue_irqs(m->iv->b, m->dev, "", ",", out, size);
	} else if (!strcmp(name, "napi_top")) {
		napi_top(m, out, size);
	} else if (!strcmp(name, "queue")) {
		snprintf(out, size, "%d", m->queue);
	} else if (!strcmp(name, "queues")) {
		snprintf(out, size, "%u", d ? d->n_rxq : 0);
	} else if (!strcmp(name, "ring_max")) {
		if (d && !d->ring.err)
			snprintf(out, size, "%u", d->ring.rx_max);
		else
			snprintf(out, size, "unknown");
	} else {
		snprintf(out, size, "{%s}", name);
	}
	/* never a blank in the sentence ("netdev_budget is ;") */
	if (!out[0])
		snprintf(out, size, "%s",
			 !strcmp(name, "cpus") || !strcmp(name, "irqs") || !strcmp(name, "device") ?
				 "none" :
				 "unknown");
}

void render_evidence(const struct nt_match *m, const struct nt_finding *f, char *out, size_t size)
{
	const char *tpl = m->rule->evidence[0] ? m->rule->evidence : m->rule->description;
	size_t n = 0;

	for (const char *p = tpl; *p && n + 1 < size;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		char name[64], val[NT_VALUE_MAX];
		size_t len;

		if (!close || (size_t)(close - p - 1) >= sizeof(name)) {
			out[n++] = *p++;
			continue;
		}
		memcpy(name, p + 1, (size_t)(close - p - 1));
		name[close - p - 1] = '\0';
		placeholder(m, f, name, val, sizeof(val));
		len = strlen(val);
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(out + n, val, len);
		n += len;
		p = close + 1;
	}
	out[n] = '\0';
}
