/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tracefs format files (events/<sys>/<event>/format), the running kernel's
 * description of a tracepoint's record:
 *
 *	field:int work;	offset:20;	size:4;	signed:1;
 *	print fmt: "...", ..., __print_symbolic(REC->reason, { 2, "NOT_SPECIFIED" }, ...)
 *
 * The BPF programs read records at these offsets, and drop reasons and
 * softirq vectors get their names from the __print_symbolic lists. Plain C,
 * no libbpf: built and unit-tested with or without BPF support.
 */
#ifndef NT_BPF_FORMAT_H
#define NT_BPF_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "bpf/signals.h"
#include "model/snapshot.h"
#include "util/buf.h"

struct nt_tp_field {
	int offset; /* bytes from the start of the record */
	int size;
	bool is_signed;
	bool data_loc; /* __data_loc: u32, offset low 16 bits, length high 16 */
};

/* Field @name of the format text @text: 0, -ENOENT when the event has no
 * such field, -EINVAL when its line is malformed. */
int bpf_tp_format_field(const char *text, const char *name, struct nt_tp_field *f);

/*
 * Calls @fn for each { VALUE, "NAME" } of the __print_symbolic(REC->@field,
 * ...) list in the print fmt line. Entries whose value is not a number (a
 * kernel without TRACE_DEFINE_ENUM for it prints the enum's name) are
 * skipped. Returns the number of entries passed to @fn, -ENOENT when there
 * is no such list, or the first negative return of @fn.
 */
typedef int (*tp_symbol_fn)(unsigned long value, const char *name, size_t len, void *arg);
int bpf_tp_format_symbols(const char *text, const char *field, tp_symbol_fn fn, void *arg);

/* Value of symbol @name in the __print_symbolic list of @field: 0 or -ENOENT. */
int bpf_tp_format_symbol_value(const char *text, const char *field, const char *name,
			       unsigned long *value);

/* Drop reason names by number; slot NT_BPF_REASONS-1 also counts higher reasons. */
struct nt_drop_names {
	char name[NT_BPF_REASONS][NT_BPF_REASON_NAME];
	unsigned int n;    /* names set */
	unsigned long max; /* highest reason number named by the kernel */
};

/* Empty, except the last slot: "255+". */
void bpf_drop_names_init(struct nt_drop_names *d);
/* Sets one name (@len bytes). The last slot is "255+" (it also counts
 * higher reasons) unless the kernel's own list ends at 255. 0 or -EINVAL. */
int bpf_drop_names_set(struct nt_drop_names *d, unsigned long reason, const char *name, size_t len);
/* From skb:kfree_skb's format: the number of names, or -ENOENT. */
int bpf_drop_names_from_format(struct nt_drop_names *d, const char *text);

/* Reads @tracefs/events/@event/@file ("format", "id") into @b: length or -errno. */
long bpf_tp_read(struct nt_buf *b, const char *tracefs, const char *event, const char *file);

#endif
