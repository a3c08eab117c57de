/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The durable record of what nettuned changed (README, "State file"): for
 * every knob instance it touched, the value it found before its first
 * change, what it last wrote, and the value of a write in flight. The file
 * is rewritten whole for every change (temporary file, fsync, rename, fsync
 * of the directory), always before the knob is written, so that a process
 * killed at any point leaves a file that rollback can act on.
 *
 * One lock file in the state directory serialises apply, rollback and the
 * daemon.
 */
#ifndef NT_STATE_H
#define NT_STATE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/knob_value.h"
#include "model/knob.h"

#define NT_STATE_DIR_DEFAULT "/var/lib/nettuned"
#define NT_STATE_FILE "state.ini"
#define NT_STATE_LOCK "lock"
/* written; 1 (no [end] section, never quoted values) is still read */
#define NT_STATE_VERSION 2

struct nt_record {
	uint64_t seq; /* order of the latest change: rollback goes newest first */
	enum nt_knob knob;
	char device[IF_NAMESIZE]; /* name when last written, "" for host and IRQ knobs */
	char device_id[96];       /* "bus:0000:3b:00.0", "mac:..", "ifindex:7", "name:eth3" */
	char netns[32];           /* network namespace inode, "" for a fixture tree */
	int queue;                /* RX queue, -1 none */
	int irq;                  /* IRQ number, -1 none */
	char irq_action[128];     /* the IRQ's action name then ("eth3-TxRx-0") */
	char boot_id[40];         /* /proc/sys/kernel/random/boot_id, "" unknown */
	char changed_at[40];      /* ISO 8601 wallclock of the latest change */
	char original[NT_VALUE_TEXT];
	bool has_written;
	char written[NT_VALUE_TEXT]; /* last value nettuned wrote and read back */
	bool has_pending;
	char pending[NT_VALUE_TEXT]; /* a write that started but was not confirmed */
};

struct nt_state {
	char dir[4096];
	char file[4200];
	int dirfd;
	int lockfd;
	uint64_t next_seq;
	int loaded_version; /* of the file as read; 0 none */
	struct nt_record *recs;
	size_t n, cap;
};

/*
 * Creates @dir (mode 0700) when missing, takes its lock (waiting up to
 * @lock_wait_s seconds for another nettuned to finish) and loads the file.
 * A damaged file is an error (-EBADMSG; -EPROTO for a version from a
 * newer nettuned; never overwritten). On failure a
 * message naming the path and the errno goes to @err.
 */
int state_open(struct nt_state **out, const char *dir, double lock_wait_s, char *err,
	       size_t errlen);
void state_close(struct nt_state *s);

/* Reads DIR/state.ini again (no records when it does not exist). */
int state_load(struct nt_state *s, char *err, size_t errlen);
/*
 * The core of state_load(): @len bytes of @text as the contents of
 * s->file (which only names it in messages). 0, -EBADMSG (damaged),
 * -EPROTO (a newer version), with a message in @err.
 */
int state_parse_text(struct nt_state *s, const char *text, size_t len, char *err, size_t errlen);
/* Writes the file durably; -errno and a message on failure. */
int state_save(struct nt_state *s, char *err, size_t errlen);

struct nt_record *state_find(struct nt_state *s, enum nt_knob knob, const char *device_id,
			     int queue, int irq);
/* A new record (seq 0, values empty); NULL on ENOMEM. */
struct nt_record *state_add(struct nt_state *s);
void state_remove(struct nt_state *s, struct nt_record *rec);
/*
 * durable.c: DIRFD/NAME replaced by @len bytes of @text: temporary file,
 * fsync, rename, fsync of the directory. -errno and a message naming the
 * file on failure (the old file is then untouched).
 */
int state_write_durably(int dirfd, const char *dir, const char *name, const char *text, size_t len,
			char *err, size_t errlen);

/* Forms of the fields identity.c writes (state_syntax.c). */
bool state_devname_ok(const char *name);
bool state_device_id_ok(const char *id);
bool state_boot_id_ok(const char *id);
bool state_netns_ok(const char *ns);
bool state_time_ok(const char *t);

/* Indices of the records, newest change first, into @order (s->n entries). */
void state_order_newest_first(const struct nt_state *s, size_t *order);

#endif
