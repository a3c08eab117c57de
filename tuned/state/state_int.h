/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside state/: the state file loader's context (state_file.c, state_check.c). */
#ifndef NT_STATE_INT_H
#define NT_STATE_INT_H

#include "util/diag.h"
#include "state/state.h"

enum loader_section {
	SEC_NONE,
	SEC_HEADER,
	SEC_CHANGE,
	SEC_END,
	SEC_OTHER
};

/* The keys of a [change] section; a bit each in loader.seen. */
enum record_key {
	RK_SEQ,
	RK_KNOB,
	RK_DEVICE,
	RK_DEVICE_ID,
	RK_NETNS,
	RK_QUEUE,
	RK_IRQ,
	RK_IRQ_ACTION,
	RK_BOOT_ID,
	RK_CHANGED_AT,
	RK_ORIGINAL,
	RK_WRITTEN,
	RK_PENDING,
	RK_COUNT
};

struct loader {
	struct nt_state *s;
	struct nt_diag *diag;
	enum loader_section sec;
	int err;                   /* an errno other than "damaged" (-EPROTO) */
	int lines;                 /* the last line that said anything */
	long long bytes;           /* the file's size */
	int header_line, end_line; /* 0: not seen */
	int version;               /* 0: not seen */
	bool has_next_seq;
	bool sec_end_seen, has_end_records;
	long long end_records;
	/* the [change] section being read */
	struct nt_record *cur;
	int cur_line;
	unsigned int seen; /* bit per enum record_key */
	int key_line[RK_COUNT];
	char shown[2][192]; /* state_loader_shown()'s buffers */
	int next_shown;
};

void state_loader_init(struct loader *l, struct nt_state *s, struct nt_diag *diag);
void __attribute__((format(printf, 3, 4)))
state_loader_err(struct loader *l, int line, const char *fmt, ...);
/* @text with its non-printable bytes escaped, cut for a message. */
const char *state_loader_shown(struct loader *l, const char *text);
int state_loader_int(const char *v, long long min, long long max, long long *out);

void state_loader_begin_record(struct loader *l, int line);
void state_loader_record_key(struct loader *l, const char *key, const char *value, int line);
/* Validates the record being read as a whole, if any. */
void state_loader_end_record(struct loader *l);

#endif
