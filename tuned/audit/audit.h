/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audit trail: every decision nettuned takes, as one structured journal
 * entry (or one stderr line) per event.
 *
 * Journal fields of an entry: MESSAGE_ID (fixed per event type, see
 * etc/nettuned.catalog), PRIORITY, SYSLOG_IDENTIFIER=nettuned,
 * NETTUNED_EVENT=<event_name()>, then, each only when set: NETTUNED_RULE,
 * NETTUNED_KNOB, NETTUNED_DEVICE, NETTUNED_QUEUE, NETTUNED_IRQ,
 * NETTUNED_FROM, NETTUNED_TO, NETTUNED_MODE, NETTUNED_EVIDENCE,
 * NETTUNED_SAFETY, NETTUNED_STATE, NETTUNED_DETAIL, NETTUNED_REPEATS (a
 * repeat logged after suppressed ones), NETTUNED_LOST (NT_EV_LOST),
 * NETTUNED_SUPPRESSED (the flood summary), and MESSAGE, a sentence built
 * from the fields.
 *
 * The stderr sink writes one line per entry:
 *
 *   nettuned: MESSAGE_ID=<id> PRIORITY=<n> NETTUNED_EVENT=<name> ... MESSAGE=<text>
 *
 * in the journal field order above, SYSLOG_IDENTIFIER left out (the
 * "nettuned: " prefix says it) and MESSAGE always last. A value that is
 * empty or holds a space, '"', '\\' or a control character is written in
 * double quotes, with '"' as \", '\\' as \\, newline as \n, tab as \t and
 * any other control character as \xHH. A plain message (audit_logf()) has
 * no MESSAGE_ID and no NETTUNED_EVENT.
 *
 * Rate limit ("log on change of state, rate-limit the rest"): an entry is
 * keyed by (rule, knob, device, queue, irq); its content is (event, to,
 * safety). The same content for a key within repeat_s of the last logged
 * one is suppressed and counted; the first one after repeat_s is logged
 * with NETTUNED_REPEATS. NT_EV_DAEMON, NT_EV_CONFIG_ERROR, NT_EV_LOST and
 * audit_logf() are never deduplicated. Above AUDIT_FLOOD_MAX entries per
 * AUDIT_FLOOD_WINDOW_S of the caller's clock the rest is suppressed and one
 * summary entry (AUDIT_FLOOD_MESSAGE_ID, NETTUNED_EVENT=rate-limited) is
 * logged when the window ends; daemon, config-error and lost entries pass.
 *
 * All functions are thread-safe.
 */
#ifndef NT_AUDIT_H
#define NT_AUDIT_H

#include <stddef.h>

enum nt_event {
	NT_EV_RECOMMENDED,  /* dry-run/recommend: a change nettuned would make */
	NT_EV_APPLIED,      /* a change written and read back */
	NT_EV_FAILED,       /* a change the kernel/driver refused, or unsupported */
	NT_EV_VERIFIED,     /* verify window passed: the signal improved */
	NT_EV_ROLLED_BACK,  /* verify window failed: previous value restored */
	NT_EV_HELD,         /* skipped by a safety rule */
	NT_EV_MANUAL,       /* someone else changed a knob nettuned manages: hands off */
	NT_EV_RESET,        /* a device reset undid nettuned's value */
	NT_EV_ADVICE,       /* a finding with no automatic action, only advice */
	NT_EV_RESTORED,     /* originals restored on exit (restore_on_exit) */
	NT_EV_DAEMON,       /* started, stopping, reloaded, paused, resumed */
	NT_EV_CONFIG_ERROR, /* a reload with a broken policy/rules: last good kept */
	NT_EV_LOST,         /* entries dropped while the journal was not accepting them */
	NT_EV_COUNT
};

struct nt_audit_entry {
	enum nt_event event;
	int priority;     /* LOG_*; -1: the event's default */
	const char *rule; /* NULL/"" = field omitted, for every string */
	const char *knob; /* "net.core.netdev_budget", "ring.rx", "irq.affinity" */
	const char *device;
	int queue;             /* -1 omitted */
	int irq;               /* -1 omitted */
	const char *from, *to; /* the value before and after this event */
	const char *mode;      /* "enforce", "recommend", "dry-run" */
	const char *evidence;  /* "time_squeeze 120/s on CPU 0-3 over 3 intervals" */
	const char *safety;    /* held: the [safety] key that held it */
	const char *detail;    /* free text appended to MESSAGE */
	const char *state;     /* NT_EV_DAEMON: "started", "stopping", ... */
};
#define NT_AUDIT_ENTRY_INIT                            \
	{                                              \
		.priority = -1, .queue = -1, .irq = -1 \
	}

enum nt_audit_sink {
	NT_AUDIT_AUTO,
	NT_AUDIT_JOURNAL,
	NT_AUDIT_STDERR
};

struct nt_audit_stats {
	unsigned long long logged;     /* handed to a sink (journal or stderr) */
	unsigned long long suppressed; /* repeats held back by the rate limit */
	unsigned long long dropped;    /* queue full, sink error, or unsent at close: lost */
	unsigned long long fallback;   /* journal refused: written to stderr instead */
	double max_enqueue_s;          /* the longest audit_log() call, seconds */
};

struct nt_audit;

#define AUDIT_JOURNAL_SOCKET "/run/systemd/journal/socket"
#define AUDIT_FLOOD_MAX 200
#define AUDIT_FLOOD_WINDOW_S 10.0
#define AUDIT_FLOOD_MESSAGE_ID "e437f8074a294c1f91c9420b95240182"

/*
 * @sink: NT_AUDIT_AUTO picks the journal when AUDIT_JOURNAL_SOCKET exists.
 * @repeat_s: the same finding is logged again at most every @repeat_s
 * seconds (600 when <= 0). @queue_len: entries buffered while the sink is
 * slow (1024 when 0). 0 or -errno.
 */
int audit_open(struct nt_audit **out, enum nt_audit_sink sink, size_t queue_len, double repeat_s);
/*
 * Flushes what is queued, waiting at most @timeout_s (a journald that is
 * stopped must not hang exit), then frees. Entries still unsent count as
 * dropped. NULL is a no-op.
 */
void audit_close(struct nt_audit *a, double timeout_s);
/*
 * Logs @e at monotonic time @now_s of the caller's clock. Never blocks on
 * the sink. 1 queued for the sink, 0 suppressed by the rate limit,
 * -ENOBUFS dropped (queue full; reported later by an NT_EV_LOST entry),
 * -EINVAL, -ENOMEM.
 */
int audit_log(struct nt_audit *a, const struct nt_audit_entry *e, double now_s);
/* A plain message (no dedup): errors at the edge. Same returns. */
int audit_logf(struct nt_audit *a, int priority, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Waits until the writer has handed everything to the sink. 0 or -ETIMEDOUT. */
int audit_flush(struct nt_audit *a, double timeout_s);
void audit_stats(struct nt_audit *a, struct nt_audit_stats *out);
/* The sink in use: NT_AUDIT_JOURNAL or NT_AUDIT_STDERR. */
enum nt_audit_sink audit_sink(struct nt_audit *a);

const char *event_name(enum nt_event ev);       /* "applied", "rolled-back", ... */
const char *event_message_id(enum nt_event ev); /* 32 lowercase hex chars, fixed forever */
int event_default_priority(enum nt_event ev);   /* LOG_WARNING, LOG_NOTICE or LOG_INFO */

/*
 * Called after a decision cycle: forgets rate-limit keys not seen for
 * 2 * repeat_s so memory stays bounded over days, and logs the flood
 * summary of a window that has ended.
 */
void audit_expire(struct nt_audit *a, double now_s);
/* Rate-limit keys held now. */
size_t audit_key_count(struct nt_audit *a);

#endif
