// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signals from the BPF counters (bpf/bpfsig.h). They have no value when
 * the programs are not attached in both snapshots, so rules on them stay
 * quiet on hosts without BPF instead of firing on zeros.
 */
#include "engine/signal_int.h"
#include "sample/napi.h"
#include "sample/rates.h"

#include <string.h>

bool signal_bpf_cpu_time(const struct nt_interval *iv, int cpu, bool rx, double *v)
{
	if (cpu < 0 || !rates_bpf_softirq(iv->a, iv->b, (unsigned int)cpu, rx, v))
		return false;
	*v *= 100;
	return true;
}

bool signal_bpf_napi_sum(const struct nt_interval *iv, int dev, int queue, enum nt_napi_field f,
			 double *v)
{
	const struct nt_snapshot *b = iv->b;
	const char *name = b->devs[dev].name;
	bool any = false;
	double r;

	*v = 0;
	for (size_t i = 0; i < b->bpf.n_napi; i++) {
		const struct nt_bpf_napi *n = &b->bpf.napi[i];
		struct nt_napi_where w;

		if (strcmp(n->dev, name))
			continue;
		if (queue >= 0) {
			napi_where(b, n, &w);
			if (w.queue != queue || w.dir == NT_Q_TX)
				continue;
		}
		if (!rates_napi(iv->a, b, n, f, &r))
			continue;
		*v += r;
		any = true;
	}
	/* attached, and the device polled nothing: a real 0/s */
	return any ||
	       (b->bpf.err == 0 && b->bpf.has_napi && iv->a->bpf.err == 0 && iv->a->bpf.has_napi);
}

bool signal_bpf_napi_full_share(const struct nt_interval *iv, int dev, double *v)
{
	double polls, full;

	if (!signal_bpf_napi_sum(iv, dev, -1, NT_NAPI_POLLS, &polls) ||
	    !signal_bpf_napi_sum(iv, dev, -1, NT_NAPI_FULL, &full) || polls <= 0)
		return false;
	*v = 100 * full / polls;
	return true;
}

/*
 * A veth with GRO or XDP polls through a NAPI named after it, on the CPU
 * whose transmit scheduled it (veth_xmit -> __veth_xdp_flush); without
 * them it hands packets to netif_rx(), which queues them to the sending
 * CPU's backlog (enqueue_to_backlog in net/core/dev.c, RPS off). A backlog
 * serves every such device and loopback, so it is the device's only when
 * the device received at least half of what that backlog processed.
 */
int signal_bpf_poll_cpu(const struct nt_interval *iv, int dev, bool *backlog)
{
	const struct nt_snapshot *b = iv->b;
	const char *name = b->devs[dev].name;
	double own = 0, most = 0, r, rx;
	int cpu = -1, busiest = -1;

	*backlog = false;
	for (size_t i = 0; i < b->bpf.n_napi; i++) {
		const struct nt_bpf_napi *n = &b->bpf.napi[i];

		if (n->cpu < 0 || !rates_napi(iv->a, b, n, NT_NAPI_PACKETS, &r) || r <= 0)
			continue;
		if (!strcmp(n->dev, name) && r > own) {
			own = r;
			cpu = n->cpu;
		} else if (!n->dev[0] && r > most) {
			most = r;
			busiest = n->cpu;
		}
	}
	if (cpu >= 0 || busiest < 0)
		return cpu;
	if (!signal_value(NT_SIG_DEV_RX_PACKETS, iv, dev, &rx) || rx < most / 2)
		return -1;
	*backlog = true;
	return busiest;
}
