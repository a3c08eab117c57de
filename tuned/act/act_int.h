/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the actuators: the context and one table of operations per knob. */
#ifndef NT_ACT_INT_H
#define NT_ACT_INT_H

#include "act/act.h"
#include "state/state.h"
#include "util/buf.h"

struct nt_act {
	struct nt_sysio *io;
	struct nt_state *state;
	struct nt_buf buf;
	char boot_id[40]; /* "" when the root has none */
	char netns[32];   /* "" for a fixture tree */
	/* IRQs that answered EIO in this process: never written again */
	unsigned int *unmanageable;
	size_t n_unmanageable, cap_unmanageable;
};

/*
 * One knob family. Each returns 0 or -errno and, on failure, a sentence in
 * res->msg naming the file or device (the errno is added by the caller).
 */
struct nt_knob_ops {
	int (*read)(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *out,
		    struct nt_act_result *res);
	/* Rejects what makes @want invalid here; -EINVAL, -EOPNOTSUPP. */
	int (*check)(struct nt_act *a, const struct nt_snapshot *snap, const struct nt_knob_id *t,
		     const struct nt_value *want, struct nt_act_result *res);
	int (*write)(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
		     struct nt_act_result *res);
	/* Beyond read-back equality (NULL: nothing more): the IRQ's effective CPU. */
	int (*verify)(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
		      struct nt_act_result *res);
};

extern const struct nt_knob_ops act_sysctl_ops;
extern const struct nt_knob_ops act_ring_ops;
extern const struct nt_knob_ops act_channels_ops;
extern const struct nt_knob_ops act_eee_ops;
extern const struct nt_knob_ops act_irq_ops;
extern const struct nt_knob_ops act_rps_ops;

const struct nt_knob_ops *act_knob_ops(enum nt_knob knob);

/* identity.c: what survives renames and tells boots and namespaces apart. */
void identity_host(struct nt_act *a);
/* "bus:0000:3b:00.0", "mac:..", else "ifindex:N"; "name:DEV" when @dev is not in @snap. */
void identity_device(const struct nt_snapshot *snap, const char *dev, char *out, size_t size);
/* The device of @device_id now, preferring one still named @name. */
const struct nt_netdev *identity_find_device(const struct nt_snapshot *snap, const char *device_id,
					     const char *name);
const struct nt_irq *identity_find_irq(const struct nt_snapshot *snap, int irq);

/* The steps act_apply and act_rollback share (act.c). */
/* Reads @t into @v and its canonical text (NT_VALUE_TEXT bytes). */
int act_read(struct nt_act *a, const struct nt_knob_id *t, struct nt_value *v, char *text,
	     struct nt_act_result *res);
/* Writes @want, reads it back into res->now and verifies; on a read-back
 * that differs puts @before back. res->to must hold @want's text. */
int act_set(struct nt_act *a, const struct nt_knob_id *t, const struct nt_value *want,
	    const struct nt_value *before, struct nt_act_result *res);
/* Appends ": strerror (ENAME)" to @msg. */
void act_append_errno(char *msg, size_t size, int err);

/* "eth3: " style helpers shared by the knob files */
void __attribute__((format(printf, 2, 3))) act_say(struct nt_act_result *res, const char *fmt, ...);
/* "the kernel refused WHAT: \"extack text\"" (without the quote when none). */
void act_say_refused(struct nt_act_result *res, const char *what, const struct nt_extack *ack);
/* -EINVAL and which CPU, when @cpus holds one that is not online in @snap. */
int act_check_online(const struct nt_snapshot *snap, const struct nt_cpuset *cpus,
		     struct nt_act_result *res);
/* A device path failed with ENOENT: -ENODEV when the device itself is gone. */
int act_dev_errno(struct nt_act *a, const char *dev, int err);
/* Reads a whole small file under the root into a->buf. */
int act_read_file(struct nt_act *a, const char *path, struct nt_act_result *res);
int act_write_file(struct nt_act *a, const char *path, const char *text, struct nt_act_result *res);

#endif
