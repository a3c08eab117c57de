// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading and attaching the BPF signals (bpfsig.h, signals.bpf.c).
 *
 * Each tracepoint has two programs: a raw_tracepoint one, preferred (it
 * reads the TP_PROTO arguments, no trace record is built for it), and a
 * classic one, the fallback. The raw ones need no tracefs; napi_poll's
 * needs kernel BTF for napi_struct.dev and net_device.name. The classic
 * ones read records at offsets from the running kernel's tracefs format
 * files. Offsets are written into the programs' read-only globals before
 * load and autoload picks one program per tracepoint, so one object runs
 * on every kernel that has the tracepoints and bpf_probe_read_kernel
 * (5.5+; raw_tracepoint came with 4.17, so no probe for it). When loading or
 * attaching the raw set fails, the classic set is tried. Tracepoints a
 * kernel lacks disable only their program. Older kernels, missing
 * privileges, or neither tracefs nor BTF end in one line that says why.
 */
#include "bpf/bpfsig_int.h"
#include "bpf/kbtf.h"
#include "bpf/load.h"
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

const char *const bpf_tp_event[NT_TP_COUNT] = {
	[NT_TP_NAPI] = "napi/napi_poll",
	[NT_TP_SIRQ_ENTRY] = "irq/softirq_entry",
	[NT_TP_SIRQ_EXIT] = "irq/softirq_exit",
	[NT_TP_KFREE] = "skb/kfree_skb",
};

/* the raw_tracepoint names (the tracepoint's name, no system) */
const char *const bpf_tp_raw[NT_TP_COUNT] = {
	[NT_TP_NAPI] = "napi_poll",
	[NT_TP_SIRQ_ENTRY] = "softirq_entry",
	[NT_TP_SIRQ_EXIT] = "softirq_exit",
	[NT_TP_KFREE] = "kfree_skb",
};

static const char *errname(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "?";
}

/* One line, "<what>: <strerror> (<ENAME>)<hint>"; returns -@err. */
int bpfsig_fail(struct nt_bpfsig_load *l, int err, const char *hint, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (l->why && l->whylen)
		snprintf(l->why, l->whylen, "%s: %s (%s)%s", what, strerror(err), errname(err),
			 hint);
	return -err;
}

/* libbpf prints warnings and the verifier log on stderr by default; the
 * daemon says why in one line instead. NT_BPF_DEBUG=1 shows them. */
static int __attribute__((format(printf, 2, 0)))
libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
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
		return bpfsig_fail(l, err, ": needs root (tracefs is root-only)",
				   "tracefs /sys/kernel/tracing/events");
	if (l->why && l->whylen)
		snprintf(l->why, l->whylen,
			 "tracefs is not mounted at /sys/kernel/tracing "
			 "and the kernel has no BTF (/sys/kernel/btf/vmlinux): one of them is "
			 "needed (mount -t tracefs nodev /sys/kernel/tracing)");
	return -ENOENT;
}

/* the parts bpfsig_open_flags() was asked to leave out, and those of the
 * other object */
static void setup_flags(struct nt_bpfsig_load *l)
{
	if (l->sirq)
		l->present[NT_TP_NAPI] = l->present[NT_TP_KFREE] = false;
	else
		l->present[NT_TP_SIRQ_ENTRY] = l->present[NT_TP_SIRQ_EXIT] = false;
	if (l->flags & NT_BPFSIG_NO_NAPI)
		l->present[NT_TP_NAPI] = false;
	if (l->flags & NT_BPFSIG_NO_SOFTIRQ)
		l->present[NT_TP_SIRQ_ENTRY] = l->present[NT_TP_SIRQ_EXIT] = false;
	if (l->flags & NT_BPFSIG_NO_DROPS)
		l->present[NT_TP_KFREE] = false;
	for (int tp = 0; tp < NT_TP_COUNT; tp++)
		l->raw[tp] = l->raw[tp] && l->present[tp];
}

static struct bpf_program *tp_prog(struct signals_bpf *skel, enum nt_tp tp, bool raw)
{
	switch (tp) {
	case NT_TP_NAPI:
		return raw ? skel->progs.nt_napi_poll_raw : skel->progs.nt_napi_poll;
	case NT_TP_SIRQ_ENTRY:
		return raw ? skel->progs.nt_softirq_entry_raw : skel->progs.nt_softirq_entry;
	case NT_TP_SIRQ_EXIT:
		return raw ? skel->progs.nt_softirq_exit_raw : skel->progs.nt_softirq_exit;
	default:
		return raw ? skel->progs.nt_kfree_skb_raw : skel->progs.nt_kfree_skb;
	}
}

static struct bpf_link **tp_link(struct signals_bpf *skel, enum nt_tp tp, bool raw)
{
	switch (tp) {
	case NT_TP_NAPI:
		return raw ? &skel->links.nt_napi_poll_raw : &skel->links.nt_napi_poll;
	case NT_TP_SIRQ_ENTRY:
		return raw ? &skel->links.nt_softirq_entry_raw : &skel->links.nt_softirq_entry;
	case NT_TP_SIRQ_EXIT:
		return raw ? &skel->links.nt_softirq_exit_raw : &skel->links.nt_softirq_exit;
	default:
		return raw ? &skel->links.nt_kfree_skb_raw : &skel->links.nt_kfree_skb;
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
static int attach_classic(struct nt_bpfsig_load *l, struct signals_bpf *skel, enum nt_tp tp)
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
	long n = bpf_tp_read(&l->buf, l->tracefs, bpf_tp_event[tp], "id");

	if (n < 0)
		return bpfsig_fail(l, (int)-n, "", "reading %s/events/%s/id", l->tracefs,
				   bpf_tp_event[tp]);
	errno = 0;
	id = strtoull(l->buf.data, &end, 10);
	if (errno || end == l->buf.data)
		return bpfsig_fail(l, EINVAL, "", "parsing %s/events/%s/id", l->tracefs,
				   bpf_tp_event[tp]);
	attr.config = id;
	/* one event on CPU 0 with pid -1 covers every CPU for tracepoints */
	pfd = (int)syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0)
		return bpfsig_fail(l, errno,
				   errno == EACCES || errno == EPERM ?
					   ": needs CAP_PERFMON (CAP_SYS_ADMIN before 5.8)" :
					   "",
				   "perf_event_open of tracepoint %s", bpf_tp_event[tp]);
	link = bpf_program__attach_perf_event(tp_prog(skel, tp, false), pfd);
	err = libbpf_get_error(link);
	if (err) {
		close(pfd);
		return bpfsig_fail(l, -err, "", "attaching the BPF program to tracepoint %s",
				   bpf_tp_event[tp]);
	}
	*tp_link(skel, tp, false) = link; /* signals_bpf__destroy detaches it */
	return 0;
}

/* BPF_RAW_TRACEPOINT_OPEN by name: no tracefs, no perf event. */
static int attach_raw(struct nt_bpfsig_load *l, struct signals_bpf *skel, enum nt_tp tp)
{
	struct bpf_link *link =
		bpf_program__attach_raw_tracepoint(tp_prog(skel, tp, true), bpf_tp_raw[tp]);
	int err = (int)libbpf_get_error(link);

	if (err)
		return bpfsig_fail(l, -err, "", "attaching the BPF program to raw tracepoint %s",
				   bpf_tp_raw[tp]);
	*tp_link(skel, tp, true) = link;
	return 0;
}

static int attach(struct nt_bpfsig_load *l, struct signals_bpf *skel, enum nt_tp tp)
{
	return l->raw[tp] ? attach_raw(l, skel, tp) : attach_classic(l, skel, tp);
}

/* "napi=raw softirq=raw drops=classic", the parts attached */
static void describe_paths(struct nt_bpfsig *b)
{
	const struct {
		const char *part;
		bool on, raw;
	} parts[] = {
		{ "napi", b->has_napi, b->napi_raw },
		{ "softirq", b->has_softirq, b->softirq_raw },
		{ "drops", b->has_drops, b->drops_raw },
	};
	size_t len = 0;

	b->paths[0] = '\0';
	for (size_t i = 0; i < NT_ARRAY_SIZE(parts); i++) {
		if (!parts[i].on || len >= sizeof(b->paths))
			continue;
		len += (size_t)snprintf(b->paths + len, sizeof(b->paths) - len, "%s%s=%s",
					len ? " " : "", parts[i].part,
					parts[i].raw ? "raw" : "classic");
	}
}

/* Neither napi_poll nor the softirq pair: nothing worth loading. The
 * pair's object needs the pair. */
static int check_present(struct nt_bpfsig_load *l, bool softirq)
{
	if (l->sirq && !softirq)
		return bpfsig_fail(l, ENOENT, "",
				   "no usable irq:softirq_entry/exit (tracefs %s, kernel BTF %s)",
				   l->tracefs[0] ? l->tracefs : "not mounted",
				   l->btf ? "present" : "absent");
	if (!l->present[NT_TP_NAPI] && !softirq && !l->try_raw && !l->tracefs[0])
		return bpfsig_fail(l, ENOENT, "",
				   "the classic tracepoint programs need tracefs, "
				   "which is not mounted at /sys/kernel/tracing");
	if (!l->present[NT_TP_NAPI] && !softirq)
		return bpfsig_fail(
			l, ENOENT, ": kernel too old for the BPF signals",
			"no usable napi:napi_poll nor irq:softirq_entry/exit (tracefs %s, "
			"kernel BTF %s)",
			l->tracefs[0] ? l->tracefs : "not mounted", l->btf ? "present" : "absent");
	return 0;
}

/* Only the maps the object's programs count in: the main object has no
 * softirq map, the pair's object nothing but (libbpf poisons the map
 * loads of the programs it does not load). */
static void set_maps(struct nt_bpfsig_load *l, struct signals_bpf *skel)
{
	bpf_map__set_autocreate(skel->maps.softirq, l->sirq);
	bpf_map__set_autocreate(skel->maps.napi, !l->sirq);
	bpf_map__set_autocreate(skel->maps.overflow, !l->sirq);
	bpf_map__set_autocreate(skel->maps.drops, !l->sirq);
}

/* What the loaded object counts, for the reads. */
static void loaded(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf *skel)
{
	if (l->sirq) {
		b->has_softirq = l->present[NT_TP_SIRQ_ENTRY];
		b->softirq_raw = l->raw[NT_TP_SIRQ_ENTRY];
		b->softirq_fd = bpf_map__fd(skel->maps.softirq);
		return;
	}
	b->has_napi = l->present[NT_TP_NAPI];
	b->has_drops = l->present[NT_TP_KFREE];
	if (!b->has_drops)
		b->has_reasons = false;
	b->napi_raw = l->raw[NT_TP_NAPI];
	b->drops_raw = l->raw[NT_TP_KFREE];
	b->napi_fd = bpf_map__fd(skel->maps.napi);
	b->drops_fd = bpf_map__fd(skel->maps.drops);
	b->overflow_fd = bpf_map__fd(skel->maps.overflow);
}

static int load(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf *skel)
{
	bool softirq = l->present[NT_TP_SIRQ_ENTRY] && l->present[NT_TP_SIRQ_EXIT];
	int r = check_present(l, softirq);

	if (r < 0)
		return r;
	l->present[NT_TP_SIRQ_ENTRY] = l->present[NT_TP_SIRQ_EXIT] = softirq;
	l->sirq_usable = softirq;
	setup_flags(l);
	for (int tp = 0; tp < NT_TP_COUNT; tp++) {
		bpf_program__set_autoload(tp_prog(skel, tp, true), l->present[tp] && l->raw[tp]);
		bpf_program__set_autoload(tp_prog(skel, tp, false), l->present[tp] && !l->raw[tp]);
	}
	set_maps(l, skel);
	r = signals_bpf__load(skel);
	if (r < 0)
		return bpfsig_fail(l, -r, load_hint(-r), "loading the BPF programs failed");
	for (int tp = 0; tp < NT_TP_COUNT; tp++) {
		if (!l->present[tp])
			continue;
		r = attach(l, skel, tp);
		if (r < 0)
			return r;
	}
	loaded(l, b, skel);
	return 0;
}

static int alloc_buffers(struct nt_bpfsig_load *l, struct nt_bpfsig *b)
{
	int n = libbpf_num_possible_cpus();

	if (n <= 0)
		return bpfsig_fail(l, n < 0 ? -n : EINVAL, "",
				   "reading /sys/devices/system/cpu/possible");
	b->ncpus = (unsigned int)n;
	/* per-CPU values come as one 8-byte aligned copy per possible CPU */
	b->napi_vals = calloc(b->ncpus, sizeof(*b->napi_vals));
	b->sirq_vals = calloc(b->ncpus, sizeof(*b->sirq_vals));
	b->drop_vals = calloc(b->ncpus, sizeof(*b->drop_vals));
	b->u64_vals = calloc(b->ncpus, sizeof(*b->u64_vals));
	if (!b->napi_vals || !b->sirq_vals || !b->drop_vals || !b->u64_vals)
		return bpfsig_fail(l, ENOMEM, "", "allocating BPF map buffers");
	return 0;
}

void bpfsig_close(struct nt_bpfsig *b)
{
	if (!b)
		return;
	signals_bpf__destroy(b->sirq);
	signals_bpf__destroy(b->skel);
	free(b->napi_vals);
	free(b->sirq_vals);
	free(b->drop_vals);
	free(b->u64_vals);
	free(b);
}

/* One try: a fresh skeleton at *@skel, set up for raw programs or not,
 * loaded and attached. */
static int attempt(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf **skel,
		   bool try_raw)
{
	int r;

	signals_bpf__destroy(*skel);
	memset(l->present, 0, sizeof(l->present));
	memset(l->raw, 0, sizeof(l->raw));
	l->try_raw = try_raw;
	*skel = signals_bpf__open();
	if (!*skel)
		return bpfsig_fail(l, errno ? errno : EINVAL, "",
				   "opening the embedded BPF object");
	r = bpfsig_setup(l, b, *skel);
	if (!r)
		r = load(l, b, *skel);
	return r;
}

static bool used_raw(const struct nt_bpfsig_load *l)
{
	for (int tp = 0; tp < NT_TP_COUNT; tp++)
		if (l->raw[tp])
			return true;
	return false;
}

/* The raw programs first; when they cannot be loaded or attached (a kernel
 * that refuses one), the classic ones, which need tracefs. Without BTF,
 * tracefs is required; with it, only the fallback needs tracefs. One
 * object: the main one, or the pair's (l->sirq). */
static int open_programs(struct nt_bpfsig_load *l, struct nt_bpfsig *b, struct signals_bpf **skel)
{
	int r = find_tracefs(l);

	if (r < 0 && !l->btf)
		return r;
	if (r < 0) {
		l->tracefs[0] = '\0';
		if (l->why && l->whylen)
			l->why[0] = '\0';
	}
	r = attempt(l, b, skel, !(l->flags & NT_BPFSIG_CLASSIC));
	if (r < 0 && used_raw(l) && l->tracefs[0])
		r = attempt(l, b, skel, false);
	return r;
}

/* The pair's object, after the main one: not an error when the kernel
 * lacks the pair (the main object said whether it can do without). */
static int open_softirq(struct nt_bpfsig_load *l, struct nt_bpfsig *b, bool usable)
{
	int r;

	if (!usable || (l->flags & NT_BPFSIG_NO_SOFTIRQ))
		return 0;
	l->sirq = true;
	r = open_programs(l, b, &b->sirq);
	l->sirq = false;
	return r;
}

int bpfsig_open_flags(struct nt_bpfsig **out, unsigned int flags, char *why, size_t whylen)
{
	struct nt_bpfsig_load l = { .why = why, .whylen = whylen, .flags = flags };
	struct nt_bpfsig *b;
	int r;

	*out = NULL;
	if (why && whylen)
		why[0] = '\0';
	libbpf_set_print(libbpf_print);
	b = calloc(1, sizeof(*b));
	if (!b)
		return bpfsig_fail(&l, ENOMEM, "", "allocating the BPF signals");
	b->flags = flags;
	b->softirq_fd = -1;
	l.btf = kbtf_load(); /* NULL without BTF: the fallbacks */
	r = open_programs(&l, b, &b->skel);
	if (!r)
		r = open_softirq(&l, b, l.sirq_usable);
	if (!r)
		r = alloc_buffers(&l, b);
	/* a raw attempt that failed before the classic one worked is no error */
	if (!r && why && whylen)
		why[0] = '\0';
	kbtf_free(l.btf);
	buf_free(&l.buf);
	if (r < 0) {
		bpfsig_close(b);
		return r;
	}
	describe_paths(b);
	*out = b;
	return 0;
}

/* NT_BPF_CLASSIC=1 (tests): the classic programs, as on a kernel that
 * refuses the raw ones. */
int bpfsig_open(struct nt_bpfsig **out, unsigned int flags, char *why, size_t whylen)
{
	const char *classic = getenv("NT_BPF_CLASSIC");

	if (classic && *classic && strcmp(classic, "0"))
		flags |= NT_BPFSIG_CLASSIC;
	return bpfsig_open_flags(out, flags, why, whylen);
}

static void detach_softirq(struct nt_bpfsig *b)
{
	signals_bpf__destroy(b->sirq);
	b->sirq = NULL;
	b->has_softirq = false;
	b->softirq_fd = -1;
}

int bpfsig_softirq(struct nt_bpfsig *b, bool on, char *why, size_t whylen)
{
	struct nt_bpfsig_load l = {
		.why = why, .whylen = whylen, .flags = b->flags & NT_BPFSIG_CLASSIC, .sirq = true
	};
	int r;

	if (why && whylen)
		why[0] = '\0';
	if (!on && b->sirq)
		detach_softirq(b);
	if (!on || b->sirq) {
		describe_paths(b);
		return 0;
	}
	l.btf = kbtf_load();
	r = open_programs(&l, b, &b->sirq);
	kbtf_free(l.btf);
	buf_free(&l.buf);
	if (r < 0) {
		detach_softirq(b);
	} else {
		/* a new map, from 0: no rate against what the last read saw */
		b->softirq_stale = b->softirq_read;
		if (why && whylen)
			why[0] = '\0';
	}
	describe_paths(b);
	return r;
}

const char *bpfsig_paths(const struct nt_bpfsig *b)
{
	return b ? b->paths : "";
}
