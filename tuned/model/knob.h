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
	NT_KNOB_NONE = -1, /* advice: no knob */
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
	NT_KT_NUMBER, /* decimal */
	NT_KT_CPUS,   /* CPU list */
	NT_KT_BOOL,   /* on/off */
};

/* What a knob instance is keyed by besides its name. */
enum nt_knob_where {
	NT_KW_HOST,   /* a sysctl */
	NT_KW_DEVICE, /* ring.*, channels.*, eee.enabled */
	NT_KW_QUEUE,  /* rps.* : device + RX queue */
	NT_KW_IRQ,    /* irq.affinity: IRQ number */
};

/* Knobs written the same way: one actuator file and one model file each. */
enum nt_knob_family {
	NT_KFAM_SYSCTL,   /* /proc/sys/net/core/ (model/knob_sysctl.c, act/sysctl.c) */
	NT_KFAM_RING,     /* ethtool rings (knob_ring.c, act/ring.c) */
	NT_KFAM_CHANNELS, /* ethtool channels */
	NT_KFAM_EEE,      /* ethtool EEE */
	NT_KFAM_IRQ,      /* /proc/irq/N/smp_affinity_list */
	NT_KFAM_RPS,      /* /sys/class/net/DEV/queues/rx-N/ */
	NT_KFAM_COUNT
};

struct nt_knob_id;
struct nt_netdev;
struct nt_snapshot;
struct nt_value;

/*
 * Everything nettuned knows about a knob, in one entry (model/knob.c):
 * what it is, and the pure functions its family file gives. The
 * actuators add how to read and write it live (act/act.c, by family).
 */
struct nt_knob_info {
	const char *name; /* "net.core.netdev_budget", "ring.rx" */
	enum nt_knob_type type;
	enum nt_knob_where where;
	const char *unit; /* "packets", "µs", "descriptors", "" */
	/* a change renegotiates or resets the link on most drivers: changing
	 * it, and restoring it, wait for the disruptive window */
	bool disruptive;
	enum nt_knob_family family;
	int sysctl; /* NT_SYSCTL_*: the snapshot's sysctl[], -1 */
	/* The value in snapshot @b (@d: the instance's device in it, NULL
	 * for host and IRQ knobs); false when @b does not have it. */
	bool (*read)(const struct nt_snapshot *b, const struct nt_netdev *d,
		     const struct nt_knob_id *id, struct nt_value *out);
	/* Why @d has no value: -errno (-EOPNOTSUPP: the driver lacks it), or 0. */
	int (*read_err)(const struct nt_netdev *d);
	/* The most the hardware takes (the driver's maximum), -1 none. */
	long long (*hw_max)(const struct nt_netdev *d, const struct nt_knob_id *id);
	/* What an operator would type to set @to. */
	void (*command)(const struct nt_knob_id *id, const struct nt_value *to, char *out,
			size_t size);
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
	char device[IF_NAMESIZE]; /* "" for host knobs */
	int queue;                /* -1 none */
	int irq;                  /* -1 none */
};

/* The instance's number within its knob: the IRQ, else the queue, else -1. */
static inline int knob_id_index(const struct nt_knob_id *id)
{
	return id->irq >= 0 ? id->irq : id->queue;
}

bool knob_id_equal(const struct nt_knob_id *a, const struct nt_knob_id *b);

/* The value of instance @id in snapshot @b; false when @b does not have it. */
bool knob_read(const struct nt_snapshot *b, const struct nt_knob_id *id, struct nt_value *out);

#endif
