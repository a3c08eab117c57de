// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading and attaching the BPF signals (bpfsig.h, signals.bpf.c).
 *
 * The record layouts come from the running kernel's tracefs format files
 * and are written into the programs' read-only globals before load, so one
 * object runs on every kernel that has the tracepoints and
 * bpf_probe_read_kernel (5.5+). Tracepoints a kernel lacks disable only
 * their program. Older kernels, missing privileges or an unmounted tracefs
 * end in one line that says why.
 */
#include "bpf/bpfsig_int.h"
#include "bpf/kbtf.h"
#include "util/cleanup.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* bpftool embeds the object as one long string literal */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#include "bpf/signals.skel.h"
#pragma GCC diagnostic pop

enum nt_tp {
	NT_TP_NAPI,
	NT_TP_SIRQ_ENTRY,
	NT_TP_SIRQ_EXIT,
	NT_TP_KFREE,
	NT_TP_COUNT,
};

static const char *const tp_event[NT_TP_COUNT] = {
	[NT_TP_NAPI] = "napi/napi_poll",
	[NT_TP_SIRQ_ENTRY] = "irq/softirq_entry",
	[NT_TP_SIRQ_EXIT] = "irq/softirq_exit",
	[NT_TP_KFREE] = "skb/kfree_skb",
};

/* What bpfsig_open learns before the skeleton is loaded. */
struct nt_bpfsig_load {
	char tracefs[64];
	bool present[NT_TP_COUNT];	/* usable: format file found and parsed */
	struct nt_buf buf;
	char *why;
	size_t whylen;
};

static const char *errname(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "?";
}

/* One line, "<what>: <strerror> (<ENAME>)<hint>"; returns -@err. */
__attribute__((format(printf, 4, 5)))
static int fail(struct nt_bpfsig_load *l, int err, const char *hint, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (l->why && l->whylen)
		snprintf(l->why, l->whylen, "%s: %s (%s)%s", what, strerror(err),
			 errname(err), hint);
	return -err;
}

/* libbpf prints warnings and the verifier log on stderr by default; the
 * daemon says why in one line instead. NT_BPF_DEBUG=1 shows them. */
__attribute__((format(printf, 2, 0)))
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	static int debug = -1;

	if (debug < 0)
		debug = getenv("NT_BPF_DEBUG") != NULL;
	if (!debug || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* tracefs at /sys/kernel/tracing (4.1+), else inside debugfs. */
static int find_tracefs(struct nt_bpfsig_load *l)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[96];
	int err = ENOENT;

	for (size_t i = 0; i < NT_ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/events", dirs[i]);
		if (!access(path, R_OK | X_OK)) {
			snprintf(l->tracefs, sizeof(l->tracefs), "%s", dirs[i]);
			return 0;
		}
		if (errno != ENOENT && err == ENOENT)
			err = errno;
	}
	if (err != ENOENT)
		return fail(l, err, ": needs root (tracefs is root-only)", "tracefs /sys/kernel/tracing/events");
	if (l->why && l->whylen)
		snprintf(l->why, l->whylen, "tracefs is not mounted at /sys/kernel/tracing "
			 "(mount -t tracefs nodev /sys/kernel/tracing)");
	return -ENOENT;
}

/* Reads events/@event/format into l->buf: 1 read, 0 the kernel lacks the
 * tracepoint, -errno. */
static int read_format(struct nt_bpfsig_load *l, enum nt_tp tp)
{
	long n = tp_read(&l->buf, l->tracefs, tp_event[tp], "format");

	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return fail(l, (int)-n, "", "reading %s/events/%s/format", l->tracefs, tp_event[tp]);
	return 1;
}

/* Offset of field @name, which must have @size bytes (0: any); -1 absent. */
static int field_off(const char *text, const char *name, int size, bool data_loc, int *size_out)
{
	struct nt_tp_field f;

	if (tp_format_field(text, name, &f) || f.data_loc != data_loc ||
	    (size && f.size != size))
		return -1;
	if (size_out)
		*size_out = f.size;
	return f.offset;
}

static int setup_napi(struct nt_bpfsig_load *l, struct signals_bpf *skel, const struct btf *btf)
{
	int r = read_format(l, NT_TP_NAPI), psize = 0;
	const char *t = l->buf.data;

	if (r <= 0)
		return r;
	skel->rodata->napi_off_napi = field_off(t, "napi", 0, false, &psize);
	skel->rodata->napi_size_napi = psize;
	skel->rodata->napi_off_dev = field_off(t, "dev_name", 0, true, NULL);
	skel->rodata->napi_off_work = field_off(t, "work", 4, false, NULL);
	skel->rodata->napi_off_budget = field_off(t, "budget", 4, false, NULL);
	/* work and budget came with 4.x; without them there is nothing to count */
	if (skel->rodata->napi_off_napi < 0 || (psize != 4 && psize != 8) ||
	    skel->rodata->napi_off_work < 0 || skel->rodata->napi_off_budget < 0)
		return 0;
	/* napi_struct.irq: netif_napi_set_irq, 6.10+; drivers that do not
	 * call it leave -1 there too */
	skel->rodata->napi_irq_off = btf ? kbtf_member_offset(btf, "napi_struct", "irq") : -1;
	if (skel->rodata->napi_irq_off < 0)
		skel->rodata->napi_irq_off = -1;
	l->present[NT_TP_NAPI] = true;
	return 0;
}

/* NET_TX and NET_RX from the format's print_symbolic; else the values of
 * enum { HI_SOFTIRQ = 0, TIMER_SOFTIRQ, NET_TX_SOFTIRQ, NET_RX_SOFTIRQ, ... }
 * in include/linux/interrupt.h, unchanged since 2.6. */
static int setup_softirq(struct nt_bpfsig_load *l, struct signals_bpf *skel, enum nt_tp tp)
{
	unsigned long tx = 2, rx = 3;
	int r = read_format(l, tp), off;

	if (r <= 0)
		return r;
	off = field_off(l->buf.data, "vec", 4, false, NULL);
	if (off < 0)
		return 0;
	if (tp_format_symbol_value(l->buf.data, "vec", "NET_TX", &tx) ||
	    tp_format_symbol_value(l->buf.data, "vec", "NET_RX", &rx)) {
		tx = 2;
		rx = 3;
	}
	skel->rodata->vec_net_tx = (__u32)tx;
	skel->rodata->vec_net_rx = (__u32)rx;
	if (tp == NT_TP_SIRQ_ENTRY)
		skel->rodata->sirq_entry_off_vec = off;
	else
		skel->rodata->sirq_exit_off_vec = off;
	l->present[tp] = true;
	return 0;
}

/* kfree_skb's reason field came with 5.17; its names from the format's
 * print_symbolic, else from BTF's enum skb_drop_reason. */
static int setup_kfree(struct nt_bpfsig_load *l, struct nt_bpfsig *b,
		       struct signals_bpf *skel, const struct btf *btf)
{
	int r = read_format(l, NT_TP_KFREE);

	if (r <= 0)
		return r;
	skel->rodata->kfree_off_reason = field_off(l->buf.data, "reason", 4, false, NULL);
	b->has_reasons = skel->rodata->kfree_off_reason >= 0;
	drop_names_init(&b->names);
	if (b->has_reasons && drop_names_from_format(&b->names, l->buf.data) < 0 && btf)
		kbtf_drop_names(btf, &b->names);
	l->present[NT_TP_KFREE] = true;
	return 0;
}

static int setup(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf *skel)
{
	struct btf *btf = kbtf_load();	/* NULL without BTF: the fallbacks */
	int r = setup_napi(l, skel, btf);

	if (!r)
		r = setup_softirq(l, skel, NT_TP_SIRQ_ENTRY);
	if (!r)
		r = setup_softirq(l, skel, NT_TP_SIRQ_EXIT);
	if (!r)
		r = setup_kfree(l, b, skel, btf);
	kbtf_free(btf);
	return r;
}

static struct bpf_program *tp_prog(struct signals_bpf *skel, enum nt_tp tp)
{
	switch (tp) {
	case NT_TP_NAPI:
		return skel->progs.nt_napi_poll;
	case NT_TP_SIRQ_ENTRY:
		return skel->progs.nt_softirq_entry;
	case NT_TP_SIRQ_EXIT:
		return skel->progs.nt_softirq_exit;
	default:
		return skel->progs.nt_kfree_skb;
	}
}

static struct bpf_link **tp_link(struct signals_bpf *skel, enum nt_tp tp)
{
	switch (tp) {
	case NT_TP_NAPI:
		return &skel->links.nt_napi_poll;
	case NT_TP_SIRQ_ENTRY:
		return &skel->links.nt_softirq_entry;
	case NT_TP_SIRQ_EXIT:
		return &skel->links.nt_softirq_exit;
	default:
		return &skel->links.nt_kfree_skb;
	}
}

static const char *load_hint(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return ": needs CAP_BPF and CAP_PERFMON (CAP_SYS_ADMIN before 5.8)";
	case ENOSYS:
		return ": the kernel has no bpf() system call (CONFIG_BPF_SYSCALL, 3.18+)";
	case EINVAL:
		return ": the kernel refused them (bpf_probe_read_kernel needs 5.5+)";
	default:
		return "";
	}
}

/*
 * Attaches like libbpf's tracepoint attach, but with the id from the tracefs
 * we found: libbpf 1.1 looks under /sys/kernel/debug/tracing first.
 */
static int attach(struct nt_bpfsig_load *l, struct signals_bpf *skel, enum nt_tp tp)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.sample_period = 1,
		.wakeup_events = 1,
	};
	struct bpf_link *link;
	unsigned long long id;
	char *end;
	int pfd, err;
	long n = tp_read(&l->buf, l->tracefs, tp_event[tp], "id");

	if (n < 0)
		return fail(l, (int)-n, "", "reading %s/events/%s/id", l->tracefs, tp_event[tp]);
	errno = 0;
	id = strtoull(l->buf.data, &end, 10);
	if (errno || end == l->buf.data)
		return fail(l, EINVAL, "", "parsing %s/events/%s/id", l->tracefs, tp_event[tp]);
	attr.config = id;
	/* one event on CPU 0 with pid -1 covers every CPU for tracepoints */
	pfd = (int)syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0)
		return fail(l, errno, errno == EACCES || errno == EPERM ?
			    ": needs CAP_PERFMON (CAP_SYS_ADMIN before 5.8)" : "",
			    "perf_event_open of tracepoint %s", tp_event[tp]);
	link = bpf_program__attach_perf_event(tp_prog(skel, tp), pfd);
	err = libbpf_get_error(link);
	if (err) {
		close(pfd);
		return fail(l, -err, "", "attaching the BPF program to tracepoint %s", tp_event[tp]);
	}
	*tp_link(skel, tp) = link;	/* signals_bpf__destroy detaches it */
	return 0;
}

static int load(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf *skel)
{
	bool softirq = l->present[NT_TP_SIRQ_ENTRY] && l->present[NT_TP_SIRQ_EXIT];
	int r;

	if (!l->present[NT_TP_NAPI] && !softirq)
		return fail(l, ENOENT, ": kernel too old for the BPF signals",
			    "no usable napi:napi_poll nor irq:softirq_entry/exit in %s/events",
			    l->tracefs);
	l->present[NT_TP_SIRQ_ENTRY] = l->present[NT_TP_SIRQ_EXIT] = softirq;
	for (int tp = 0; tp < NT_TP_COUNT; tp++)
		bpf_program__set_autoload(tp_prog(skel, tp), l->present[tp]);
	r = signals_bpf__load(skel);
	if (r < 0)
		return fail(l, -r, load_hint(-r), "loading the BPF programs failed");
	for (int tp = 0; tp < NT_TP_COUNT; tp++) {
		if (!l->present[tp])
			continue;
		r = attach(l, skel, tp);
		if (r < 0)
			return r;
	}
	b->has_napi = l->present[NT_TP_NAPI];
	b->has_softirq = softirq;
	b->has_drops = l->present[NT_TP_KFREE];
	if (!b->has_drops)
		b->has_reasons = false;
	b->napi_fd = bpf_map__fd(skel->maps.napi);
	b->softirq_fd = bpf_map__fd(skel->maps.softirq);
	b->drops_fd = bpf_map__fd(skel->maps.drops);
	b->overflow_fd = bpf_map__fd(skel->maps.overflow);
	return 0;
}

static int alloc_buffers(struct nt_bpfsig_load *l, struct nt_bpfsig *b)
{
	int n = libbpf_num_possible_cpus();

	if (n <= 0)
		return fail(l, n < 0 ? -n : EINVAL, "", "reading /sys/devices/system/cpu/possible");
	b->ncpus = (unsigned int)n;
	/* per-CPU values come as one 8-byte aligned copy per possible CPU */
	b->napi_vals = calloc(b->ncpus, sizeof(*b->napi_vals));
	b->sirq_vals = calloc(b->ncpus, sizeof(*b->sirq_vals));
	b->u64_vals = calloc(b->ncpus, sizeof(*b->u64_vals));
	if (!b->napi_vals || !b->sirq_vals || !b->u64_vals)
		return fail(l, ENOMEM, "", "allocating BPF map buffers");
	return 0;
}

void bpfsig_close(struct nt_bpfsig *b)
{
	if (!b)
		return;
	signals_bpf__destroy(b->skel);
	free(b->napi_vals);
	free(b->sirq_vals);
	free(b->u64_vals);
	free(b);
}

int bpfsig_open(struct nt_bpfsig **out, char *why, size_t whylen)
{
	struct nt_bpfsig_load l = { .why = why, .whylen = whylen };
	struct nt_bpfsig *b;
	int r;

	*out = NULL;
	if (why && whylen)
		why[0] = '\0';
	libbpf_set_print(libbpf_print);
	b = calloc(1, sizeof(*b));
	if (!b)
		return fail(&l, ENOMEM, "", "allocating the BPF signals");
	r = find_tracefs(&l);
	if (!r) {
		b->skel = signals_bpf__open();
		if (!b->skel)
			r = fail(&l, errno ? errno : EINVAL, "", "opening the embedded BPF object");
	}
	if (!r)
		r = setup(&l, b, b->skel);
	if (!r)
		r = load(&l, b, b->skel);
	if (!r)
		r = alloc_buffers(&l, b);
	buf_free(&l.buf);
	if (r < 0) {
		bpfsig_close(b);
		return r;
	}
	*out = b;
	return 0;
}
