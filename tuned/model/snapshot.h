/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One snapshot of everything nettuned sees on a host. The structures are
 * filled in place by the samplers and reused from one cycle to the next, so
 * that a steady-state cycle allocates nothing: arrays only grow.
 *
 * Counters keep the width the kernel gives them. softnet_stat,
 * /proc/interrupts and /proc/softirqs print unsigned int per CPU and wrap at
 * 2^32; everything else here is 64-bit. See rates.h for how deltas are taken.
 */
#ifndef NT_SNAPSHOT_H
#define NT_SNAPSHOT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/cpuset.h"

/* ---- per CPU ---------------------------------------------------------- */

struct nt_softnet {
	bool present;              /* a row for this CPU was printed */
	uint32_t processed;        /* packets taken off the backlog/NAPI */
	uint32_t dropped;          /* backlog full (netdev_max_backlog) */
	uint32_t time_squeeze;     /* net_rx_action left with work: budget or time ran out */
	uint32_t received_rps;     /* RPS IPIs received (kernel >= 2.6.35 column 10) */
	uint32_t flow_limit_count; /* flow-limit drops (column 11, >= 3.11) */
};

struct nt_cpu {
	struct nt_softnet softnet;
	bool has_softirqs;
	uint32_t net_rx; /* NET_RX softirqs raised on this CPU (/proc/softirqs) */
	uint32_t net_tx;
	bool has_stat;
	uint64_t softirq_ticks; /* /proc/stat softirq column, USER_HZ ticks */
	uint64_t total_ticks;   /* sum of all /proc/stat columns, USER_HZ ticks */
	uint64_t interrupts;    /* hard IRQs of network devices on this CPU (derived) */
	/* BPF (irq:softirq_entry/exit), cumulative since the programs were
	 * attached; meaningful when nt_snapshot.bpf.has_softirq. */
	uint64_t net_rx_ns;   /* time in NET_RX softirq handlers, ns */
	uint64_t net_rx_runs; /* NET_RX handler runs */
	uint64_t net_tx_ns;
	uint64_t net_tx_runs;
};

/* ---- interrupts ------------------------------------------------------- */

enum nt_qdir {
	NT_Q_NONE = 0, /* device-wide (single IRQ NICs such as stmmac) or not a queue */
	NT_Q_RX,
	NT_Q_TX,
	NT_Q_COMBINED,
	NT_Q_OTHER, /* belongs to the device but is no data queue (config, async, mac) */
};

struct nt_irq {
	unsigned int irq;
	char chip[64];     /* chip, hwirq and trigger columns, blanks squeezed */
	char actions[128]; /* action names, joined by ", " as in /proc/interrupts */
	size_t counts_off; /* into nt_snapshot.irq_counts, irq_stride entries by CPU id */
	uint64_t total;
	bool has_affinity;  /* read for network IRQs only; the sets below are */
	bool has_effective; /* meaningful only when their flag is set (they are
				 * not cleared between cycles: 2 KiB per IRQ). */
	struct nt_cpuset affinity;
	struct nt_cpuset effective;
	int dev;   /* index into nt_snapshot.devs, -1 when no network device */
	int queue; /* queue number from the name, -1 when none */
	enum nt_qdir dir;
};

/* ---- network devices -------------------------------------------------- */

/* /sys/class/net/DEV/statistics/<name>, all unsigned long in the kernel. */
enum nt_ifstat {
	NT_IFS_RX_PACKETS,
	NT_IFS_RX_BYTES,
	NT_IFS_RX_ERRORS,
	NT_IFS_RX_DROPPED,
	NT_IFS_RX_MISSED_ERRORS,
	NT_IFS_RX_FIFO_ERRORS,
	NT_IFS_RX_OVER_ERRORS,
	NT_IFS_RX_CRC_ERRORS,
	NT_IFS_RX_FRAME_ERRORS,
	NT_IFS_RX_LENGTH_ERRORS,
	NT_IFS_TX_PACKETS,
	NT_IFS_TX_BYTES,
	NT_IFS_TX_ERRORS,
	NT_IFS_TX_DROPPED,
	NT_IFS_TX_FIFO_ERRORS,
	NT_IFS_COLLISIONS,
	NT_IFS_COUNT
};
extern const char *const nt_ifstat_names[NT_IFS_COUNT];

enum nt_devkind {
	NT_DEV_PHYSICAL, /* has a device/ (PCI, platform, virtio) */
	NT_DEV_BOND,
	NT_DEV_VLAN,
	NT_DEV_VIRTUAL, /* veth, bridge, tun, ifb ... */
	NT_DEV_LOOPBACK,
};

#define NT_ETH_GSTRING_LEN 32 /* ETH_GSTRING_LEN in <linux/ethtool.h> */

struct nt_ethstat {
	char name[NT_ETH_GSTRING_LEN + 1]; /* a 32-byte name has no NUL in the kernel */
	uint64_t value;
};

struct nt_rxq {
	bool exists;  /* queues/rx-N was listed */
	bool has_rps; /* rps_cpus exists (CONFIG_RPS) */
	struct nt_cpuset rps_cpus;
	int64_t rps_flow_cnt; /* -1 when absent */
};

/* Each ethtool block carries err: 0 read, -EOPNOTSUPP driver lacks it,
 * -ENOENT not captured / not available on that host, other -errno failure. */
struct nt_drvinfo {
	int err;
	char driver[32];
	char version[32];
	char firmware[32];
	char bus_info[32];
};

struct nt_ring {
	int err;
	uint32_t rx, rx_max;
	uint32_t rx_mini, rx_mini_max;
	uint32_t rx_jumbo, rx_jumbo_max;
	uint32_t tx, tx_max;
};

struct nt_channels {
	int err;
	uint32_t rx, rx_max;
	uint32_t tx, tx_max;
	uint32_t other, other_max;
	uint32_t combined, combined_max;
};

struct nt_eee {
	int err;
	bool supported; /* link modes advertised as EEE-capable are non-empty */
	bool enabled;
	bool active;
	bool tx_lpi_enabled;
	uint32_t tx_lpi_timer_us;
};

#define NT_MAX_LOWER 8

struct nt_netdev {
	char name[IF_NAMESIZE];
	int ifindex;
	enum nt_devkind kind;
	char operstate[16];
	int64_t speed_mbps;          /* -1 unknown */
	int numa_node;               /* -1 unknown or single node */
	bool has_local_cpus;         /* device/local_cpulist was read */
	struct nt_cpuset local_cpus; /* CPUs of the device's NUMA node */
	char bus_id[32];             /* PCI address (e.g. 0000:3b:00.0) when known */
	char perm_addr[96];          /* permanent address (InfiniBand's is 20 bytes) */
	bool has_msi;                /* msi_irqs/ was found for the device */

	uint64_t ifstat[NT_IFS_COUNT];
	uint32_t ifstat_present; /* bit per enum nt_ifstat */

	unsigned int n_rxq, n_txq; /* queues/rx-N, queues/tx-N */
	struct nt_rxq *rxq;
	size_t rxq_cap;

	unsigned int n_lower; /* devices directly below (bond slaves, a VLAN's real
				 * device); topology_netdev_physical() resolves them to NICs */
	char lower[NT_MAX_LOWER][IF_NAMESIZE];

	struct nt_drvinfo drv;
	struct nt_ring ring;
	struct nt_channels ch;
	struct nt_eee eee;

	int stats_err; /* as the ethtool blocks */
	struct nt_ethstat *stats;
	size_t n_stats, stats_cap;
	/* A capture's statistics whose value does not fit u64 are left out
	 * of stats: how many, the first one's name, and a bit per enum
	 * nt_statkind among them (a total it belongs to is unreadable). */
	unsigned int stats_unreadable;
	char stats_unreadable_name[NT_ETH_GSTRING_LEN + 1];
	unsigned int stats_unreadable_kinds;

	unsigned int n_irqs; /* IRQs mapped to this device */
};

/* ---- BPF signals (tuned/bpf/, optional) ------------------------------- */

/*
 * Counted in the kernel by tracepoint programs and read once per cycle.
 * Every counter is cumulative since the programs were attached (64-bit,
 * summed over CPUs), so deltas work as for the other counters; a counter
 * that went down means the programs were attached again (no delta).
 */
struct nt_bpf_napi {
	char dev[IF_NAMESIZE]; /* napi_poll's dev_name ("" when the NAPI has no device) */
	unsigned int id;       /* sampler's number for the NAPI instance, in order of first
				 * sight, stable for the process; kernel addresses are never shown */
	int irq; /* napi_struct.irq where the kernel has it and the driver set it, else -1 */
	int cpu; /* CPU that ran most of its polls since attach, -1 unknown */
	uint32_t weight; /* the tracepoint's budget field: this NAPI's weight (usually 64),
				 * not netdev_budget */
	uint64_t polls;
	uint64_t packets; /* sum of work */
	uint64_t full;    /* polls with work >= weight: the NAPI wanted to run again */
};

#define NT_BPF_REASON_NAME 48

struct nt_bpf_drop {
	unsigned int reason;           /* the running kernel's enum skb_drop_reason value */
	char name[NT_BPF_REASON_NAME]; /* "CPU_BACKLOG", from the running kernel; "" unknown */
	uint64_t count;
};

struct nt_bpf {
	int err;          /* 0 attached (or read from a capture); -errno why not;
				 * -ENOENT: not asked for, or the capture has no bpf/ */
	char why[192];    /* when err != 0 and not -ENOENT: one line, why they are off;
				 * with err == 0, a warning (the NAPI map is full) or "" */
	bool has_napi;    /* napi:napi_poll attached */
	bool has_softirq; /* irq:softirq_entry/exit attached: nt_cpu.net_*_ns valid */
	bool has_drops;   /* skb:kfree_skb attached */
	bool has_reasons; /* the kernel gives drop reasons (>= 5.17); else one reason 0 */
	size_t n_napi, napi_cap;
	struct nt_bpf_napi *napi; /* sorted by dev then id */
	size_t n_drops, drops_cap;
	struct nt_bpf_drop *drops; /* reasons counted at least once, by reason number */
};

/* ---- host-wide -------------------------------------------------------- */

enum nt_sysctl {
	NT_SYSCTL_NETDEV_BUDGET,
	NT_SYSCTL_NETDEV_BUDGET_USECS, /* kernel >= 4.12 */
	NT_SYSCTL_NETDEV_MAX_BACKLOG,
	NT_SYSCTL_RPS_SOCK_FLOW_ENTRIES,
	NT_SYSCTL_DEV_WEIGHT,
	NT_SYSCTL_COUNT
};
extern const char *const nt_sysctl_names[NT_SYSCTL_COUNT]; /* "net.core.netdev_budget" */

/* TCP outcome counters, by their names in /proc/net/{netstat,snmp}. */
enum nt_tcpstat {
	NT_TCP_IN_SEGS,
	NT_TCP_OUT_SEGS,
	NT_TCP_RETRANS_SEGS,
	NT_TCP_IN_ERRS,
	NT_TCP_TIMEOUTS,
	NT_TCP_LOST_RETRANSMIT,
	NT_TCP_SPURIOUS_RTOS,
	NT_TCP_LOSS_PROBES,
	NT_TCP_SACK_RECOVERY,
	NT_TCP_RENO_RECOVERY,
	NT_TCP_BACKLOG_DROP,
	NT_TCP_RCVQ_DROP,
	NT_TCP_LISTEN_DROPS,
	NT_UDP_RCVBUF_ERRORS,
	NT_TCP_COUNT
};
struct nt_tcpstat_name {
	const char *section; /* "Tcp:", "TcpExt:", "Udp:" */
	const char *name;
};
extern const struct nt_tcpstat_name nt_tcpstat_names[NT_TCP_COUNT];

/* Processes that also tune the receive path. */
enum nt_tuner {
	NT_TUNER_IRQBALANCE = 1u << 0,
	NT_TUNER_TUNED = 1u << 1,
	NT_TUNER_BPFTUNE = 1u << 2,
};

/* Where each source came from: 0, or the negative errno of the last read. */
enum nt_source {
	NT_SRC_SOFTNET,
	NT_SRC_INTERRUPTS,
	NT_SRC_SOFTIRQS,
	NT_SRC_STAT,
	NT_SRC_NETSTAT,
	NT_SRC_SNMP,
	NT_SRC_CPU_ONLINE,
	NT_SRC_NETDEVS,
	NT_SRC_RUNNING,
	NT_SRC_COUNT
};
extern const char *const nt_source_paths[NT_SRC_COUNT];

/*
 * Something that cannot be, in a source that was read: a damaged row
 * skipped, a value that does not fit its kernel type. Said once per
 * source (the first problem and how many there were), so that a view can
 * tell "damaged" from "missing" without a line per value.
 */
#define NT_MAX_NOTES 16

struct nt_note {
	char source[64];    /* "proc/net/softnet_stat", "ethtool/eth3/stats" */
	char what[160];     /* the first problem seen in it */
	unsigned int count; /* problems seen in it */
};

struct nt_snapshot {
	bool has_mono;
	double mono_s;      /* monotonic seconds */
	char wallclock[40]; /* ISO 8601 with offset, "" unknown */

	unsigned int ncpus; /* CPU ids are 0 .. ncpus-1 */
	struct nt_cpu *cpus;
	size_t cpus_cap;
	struct nt_cpuset online;
	struct nt_cpuset isolated;
	struct nt_cpuset nohz_full;
	unsigned int softnet_columns;  /* 0 when the file was unavailable */
	struct nt_cpuset irq_cpus;     /* CPUs with a /proc/interrupts column */
	struct nt_cpuset softirq_cpus; /* CPUs with a /proc/softirqs column */

	size_t nirqs;
	unsigned int irq_stride; /* CPU columns per IRQ in irq_counts */
	struct nt_irq *irqs;
	size_t irqs_cap;
	uint32_t *irq_counts;
	size_t irq_counts_cap;

	size_t ndevs;
	struct nt_netdev *devs;
	size_t devs_cap;

	int64_t sysctl[NT_SYSCTL_COUNT]; /* -1 when absent */
	uint64_t tcp[NT_TCP_COUNT];
	uint32_t tcp_present; /* bit per enum nt_tcpstat */

	unsigned int tuners; /* enum nt_tuner bits */
	bool has_running;

	int src_err[NT_SRC_COUNT];
	size_t n_notes;
	struct nt_note notes[NT_MAX_NOTES];

	struct nt_bpf bpf;
};

void snapshot_init(struct nt_snapshot *s);
void snapshot_free(struct nt_snapshot *s);
/* Forgets the contents but keeps every allocation for the next cycle. */
void snapshot_reset(struct nt_snapshot *s);

/*
 * Notes a problem in @source: the first one's text is kept, later ones
 * only counted. Sources beyond NT_MAX_NOTES are counted in the last note.
 */
void __attribute__((format(printf, 3, 4)))
snapshot_note(struct nt_snapshot *s, const char *source, const char *fmt, ...);

/* Grows per-CPU storage to @ncpus (zeroing new entries). 0 or -ENOMEM. */
int snapshot_reserve_cpus(struct nt_snapshot *s, unsigned int ncpus);
/* Appends a zeroed device (keeping its arrays from earlier cycles). */
struct nt_netdev *snapshot_add_dev(struct nt_snapshot *s);
/* Takes back the last device added; its slot keeps its arrays for reuse. */
void snapshot_drop_last_dev(struct nt_snapshot *s);
struct nt_netdev *snapshot_find_dev(const struct nt_snapshot *s, const char *name);
/* Finds an IRQ by number (the table is sorted as /proc/interrupts prints it). */
struct nt_irq *snapshot_find_irq(struct nt_snapshot *snap, unsigned int irq);
int snapshot_netdev_reserve_stats(struct nt_netdev *d, size_t n);
int snapshot_netdev_reserve_rxq(struct nt_netdev *d, size_t n);

/* Interrupts of @irq on CPU @cpu since boot (0 for a CPU that had no column). */
static inline uint32_t irq_count_on(const struct nt_snapshot *s, const struct nt_irq *irq,
				    unsigned int cpu)
{
	return cpu < s->irq_stride ? s->irq_counts[irq->counts_off + cpu] : 0;
}

/* true when CPU @cpu had a column in /proc/interrupts (it was online). */
bool snapshot_irq_cpu_present(const struct nt_snapshot *s, unsigned int cpu);

/* Grow the BPF arrays (keeping contents); 0 or -ENOMEM. */
int snapshot_reserve_napi(struct nt_snapshot *s, size_t n);
int snapshot_reserve_drops(struct nt_snapshot *s, size_t n);
/* A drop reason's count by name ("CPU_BACKLOG"), false when not counted. */
bool snapshot_bpf_drop_count(const struct nt_snapshot *s, const char *name, uint64_t *count);

/* Value of a driver statistic by exact name, false when absent. */
bool snapshot_netdev_ethstat(const struct nt_netdev *d, const char *name, uint64_t *value);

#endif
