/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The actuators: the only code in nettuned that changes a host. Every
 * change goes through act_apply() and every restore through act_rollback();
 * both need a struct nt_act, which only act_open() makes, and act_open()
 * takes the state directory's lock. Recommend mode, replay and `--dry-run`
 * never open one, so they cannot write: there is no other path to the
 * writers in sysio.c.
 *
 * A change: read the current value, check the target (range, driver
 * maximum, online CPUs), record the original durably, write, read back and
 * verify, record the outcome. Each step's failure names the knob, the file
 * or device, the errno and, where the kernel said why, its own words.
 */
#ifndef NT_ACT_H
#define NT_ACT_H

#include <net/if.h>
#include <stdbool.h>

#include "model/knob_value.h"
#include "act/sysio.h"
#include "model/knob.h"
#include "model/snapshot.h"

struct nt_act;
struct nt_state;

enum nt_act_outcome {
	NT_ACT_APPLIED,      /* written, read back, recorded */
	NT_ACT_UNCHANGED,    /* already at the value: nothing written or recorded */
	NT_ACT_INVALID,      /* the value is not valid here: nothing written */
	NT_ACT_UNSUPPORTED,  /* the driver cannot do it (EOPNOTSUPP): a normal answer */
	NT_ACT_UNMANAGEABLE, /* an IRQ whose affinity userspace may not set (EIO) */
	NT_ACT_GONE,         /* the device, queue or IRQ is not there (ENODEV) */
	NT_ACT_FAILED,       /* the kernel refused, the read-back differs, or no record */
};

struct nt_act_result {
	enum nt_act_outcome outcome;
	int err;                  /* 0 or -errno */
	char what[160];           /* "ring.rx of eth3", "irq.affinity of IRQ 88 (eth3-TxRx-0)" */
	char from[NT_VALUE_TEXT]; /* value before, "" when unread */
	char to[NT_VALUE_TEXT];   /* value asked for */
	char now[NT_VALUE_TEXT];  /* value read back after the write */
	char msg[2 * NT_VALUE_TEXT + 512]; /* why, for anything but APPLIED/UNCHANGED;
						   APPLIED: a link reset seen, else "" */
};

const char *act_outcome_name(enum nt_act_outcome o);

/* "ring.rx of eth3", "rps.cpus of eth3 rx-2", "irq.affinity of IRQ 88 (eth3-TxRx-0)" */
void act_describe(enum nt_knob knob, const char *device, int queue, int irq, const char *irq_action,
		  char *out, size_t size);

/* The boot the actuators' root is in ("" when the root has none). */
const char *act_boot_id(const struct nt_act *a);

/*
 * Opens @root ("/" live, else a fixture tree) and @state_dir, waiting up
 * to @lock_wait_s for the lock. On failure -errno and a message in @err.
 */
int act_open(struct nt_act **out, const char *root, const char *state_dir, double lock_wait_s,
	     char *err, size_t errlen);
void act_close(struct nt_act *a);

/* The writer seam: tests replace the table to fail or stop at any call. */
struct nt_sysio *act_sysio(struct nt_act *a);
struct nt_state *act_state(struct nt_act *a);

/*
 * Sets @t to @to (the engine's `to` syntax). @snap, taken from the same
 * root, gives online CPUs, device identities and IRQ owners. Returns 0 for
 * APPLIED and UNCHANGED, else res->err (or -EINVAL).
 */
int act_apply(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
	      const char *to, struct nt_act_result *res);

/*
 * act_apply(), and while the kernel answers ENOSPC (no free interrupt
 * vector on those CPUs, x86 vector_matrix) the next value of @fallback,
 * in order. res is the last attempt's; on success after a refusal its msg
 * names the values refused.
 */
int act_apply_fallback(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
		       const char *to, const char *const *fallback, size_t n_fallback,
		       struct nt_act_result *res);

enum nt_rb_outcome {
	NT_RB_RESTORED,      /* original written back; record cleared */
	NT_RB_ALREADY,       /* the knob was at its original; record cleared */
	NT_RB_WOULD_RESTORE, /* --dry-run */
	NT_RB_CHANGED,       /* someone changed it since nettuned did: kept (--force) */
	NT_RB_EARLIER_BOOT,  /* the kernel reset it at boot: record dropped */
	NT_RB_GONE,          /* device or IRQ no longer there: record dropped */
	NT_RB_OTHER_NETNS,   /* recorded in another network namespace: kept */
	NT_RB_FAILED,        /* the kernel refused the restore: kept */
	NT_RB_LEFT,          /* NT_RB_KEEP_DISRUPTIVE: a disruptive knob, not restored: kept */
};

struct nt_rb_result {
	enum nt_rb_outcome outcome;
	int err;
	struct nt_knob_id target; /* the knob instance, as recorded */
	char what[160];
	char original[NT_VALUE_TEXT];
	char left[NT_VALUE_TEXT]; /* what nettuned last left there (written, else pending) */
	char now[NT_VALUE_TEXT];  /* value found before restoring, "" when unread */
	char msg[2 * NT_VALUE_TEXT + 512];
};

const char *act_rb_outcome_name(enum nt_rb_outcome o);

enum {
	NT_RB_FORCE = 1u << 0,   /* restore even what someone else changed since */
	NT_RB_DRY_RUN = 1u << 1, /* say what would happen; write nothing */
	/* disruptive knobs (nt_knobs[].disruptive) are left as they are and
	 * reported NT_RB_LEFT: outside the disruptive window, a restore would
	 * reset links as much as a change would */
	NT_RB_KEEP_DISRUPTIVE = 1u << 2,
};

/*
 * Restores every recorded original, newest change first, calling @report
 * once per record. Returns the number of records kept (not restored; with
 * NT_RB_DRY_RUN, those that would be kept), or a negative errno when the
 * state file cannot be written.
 */
int act_rollback(struct nt_act *a, const struct nt_snapshot *snap, unsigned int flags,
		 void (*report)(const struct nt_rb_result *r, void *user), void *user);

#endif
