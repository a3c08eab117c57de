/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The knobs nettuned may recommend or change, and the value syntax shared
 * by recommendations (`from`/`to`), `nettuned apply --to` and the state
 * file: decimal numbers, CPU lists ("1-3,5", "" for none) and on/off.
 * These names are a stable interface (README, "Findings").
 */
#ifndef NT_KNOB_H
#define NT_KNOB_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

enum nt_knob {
	NT_KNOB_NONE = -1,	/* advice: no knob */
	NT_KNOB_NETDEV_BUDGET,
	NT_KNOB_NETDEV_BUDGET_USECS,
	NT_KNOB_NETDEV_MAX_BACKLOG,
	NT_KNOB_DEV_WEIGHT,
	NT_KNOB_RPS_SOCK_FLOW_ENTRIES,
	NT_KNOB_RING_RX,
	NT_KNOB_RING_TX,
	NT_KNOB_CHANNELS_COMBINED,
	NT_KNOB_IRQ_AFFINITY,
	NT_KNOB_RPS_CPUS,
	NT_KNOB_RPS_FLOW_CNT,
	NT_KNOB_EEE_ENABLED,
	NT_KNOB_COUNT
};

enum nt_knob_type {
	NT_KT_NUMBER,	/* decimal */
	NT_KT_CPUS,	/* CPU list */
	NT_KT_BOOL,	/* on/off */
};

/* What a knob instance is keyed by besides its name. */
enum nt_knob_where {
	NT_KW_HOST,	/* a sysctl */
	NT_KW_DEVICE,	/* ring.*, channels.*, eee.enabled */
	NT_KW_QUEUE,	/* rps.* : device + RX queue */
	NT_KW_IRQ,	/* irq.affinity: IRQ number */
};

struct nt_knob_info {
	const char *name;		/* "net.core.netdev_budget", "ring.rx" */
	enum nt_knob_type type;
	enum nt_knob_where where;
	const char *unit;		/* "packets", "µs", "descriptors", "" */
	/* a change renegotiates or resets the link on most drivers: changing
	 * it, and restoring it, wait for the disruptive window */
	bool disruptive;
};

extern const struct nt_knob_info nt_knobs[NT_KNOB_COUNT];

/* -1 when @name is no knob. */
int knob_by_name(const char *name);

/*
 * One knob instance, the identity every layer uses for it: the knob, and
 * the device, RX queue and IRQ as its kind has them (README "Findings":
 * a device for ring.*, channels.*, eee.* and rps.*, a queue for rps.*,
 * an IRQ for irq.affinity, whose queue is the one it serves).
 */
struct nt_knob_id {
	enum nt_knob knob;
	char device[IF_NAMESIZE];	/* "" for host knobs */
	int queue;			/* -1 none */
	int irq;			/* -1 none */
};

/* The instance's number within its knob: the IRQ, else the queue, else -1. */
static inline int knob_id_index(const struct nt_knob_id *id)
{
	return id->irq >= 0 ? id->irq : id->queue;
}

bool knob_id_equal(const struct nt_knob_id *a, const struct nt_knob_id *b);

#endif
