// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracefs format parsing (tuned/bpf/format.c) on the format files of a 6.18
 * kernel (tests/fixtures/tracefs-6.18, copied from /sys/kernel/tracing) and
 * on a 5.10 kfree_skb without the reason field (tracefs-5.10, written from
 * that kernel's include/trace/events/skb.h), plus hand-made edge cases.
 * In builds with BPF, also the kernel BTF look-ups (tuned/bpf/kbtf.c) the
 * raw_tracepoint programs depend on: on a BTF built here with libbpf (a
 * pre-5.17 kfree_skb, members of the wrong size), and on the running
 * kernel's BTF when it has one.
 */
#include "check.h"

#include <errno.h>
#include <limits.h>

#include <config.h> /* the build's: NT_HAVE_BPF */

#include "bpf/format.h"
#include "util/cleanup.h"

#if NT_HAVE_BPF
#include <bpf/btf.h>

#include "bpf/kbtf.h"
#endif

static struct nt_buf buf;

static const char *fixture(const char *tree, const char *event)
{
	const char *dir = getenv("NT_FIXTURES");
	char path[PATH_MAX];
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/fixtures", tree);
	n = bpf_tp_read(&buf, path, event, "format");
	if (n < 0) {
		printf("# cannot read %s/events/%s/format: %ld\n", path, event, n);
		check_failed++;
		return "";
	}
	return buf.data;
}

static void test_napi_poll(void)
{
	const char *t = fixture("tracefs-6.18", "napi/napi_poll");
	struct nt_tp_field f;

	CHECK_EQ_INT(bpf_tp_format_field(t, "napi", &f), 0);
	CHECK_EQ_INT(f.offset, 8);
	CHECK_EQ_INT(f.size, 8);
	CHECK(!f.data_loc);
	CHECK_EQ_INT(bpf_tp_format_field(t, "dev_name", &f), 0);
	CHECK_EQ_INT(f.offset, 16);
	CHECK_EQ_INT(f.size, 4);
	CHECK(f.data_loc);
	CHECK_EQ_INT(bpf_tp_format_field(t, "work", &f), 0);
	CHECK_EQ_INT(f.offset, 20);
	CHECK(f.is_signed);
	CHECK_EQ_INT(bpf_tp_format_field(t, "budget", &f), 0);
	CHECK_EQ_INT(f.offset, 24);
	CHECK_EQ_INT(f.size, 4);
	/* whole names only */
	CHECK_EQ_INT(bpf_tp_format_field(t, "nap", &f), -ENOENT);
	CHECK_EQ_INT(bpf_tp_format_field(t, "pid", &f), -ENOENT);
	CHECK_EQ_INT(bpf_tp_format_field(t, "common_pid", &f), 0);
	CHECK_EQ_INT(f.offset, 4);
}

static void test_softirq(void)
{
	static const char *const ev[] = { "irq/softirq_entry", "irq/softirq_exit" };
	struct nt_tp_field f;
	unsigned long v;

	for (size_t i = 0; i < NT_ARRAY_SIZE(ev); i++) {
		const char *t = fixture("tracefs-6.18", ev[i]);

		CHECK_EQ_INT(bpf_tp_format_field(t, "vec", &f), 0);
		CHECK_EQ_INT(f.offset, 8);
		CHECK_EQ_INT(f.size, 4);
		CHECK(!f.is_signed);
		CHECK_EQ_INT(bpf_tp_format_symbol_value(t, "vec", "NET_TX", &v), 0);
		CHECK_EQ_U64(v, 2);
		CHECK_EQ_INT(bpf_tp_format_symbol_value(t, "vec", "NET_RX", &v), 0);
		CHECK_EQ_U64(v, 3);
		CHECK_EQ_INT(bpf_tp_format_symbol_value(t, "vec", "NET", &v), -ENOENT);
		CHECK_EQ_INT(bpf_tp_format_symbol_value(t, "reason", "NET_RX", &v), -ENOENT);
	}
}

static struct nt_drop_names names;

static void test_kfree_skb_618(void)
{
	const char *t = fixture("tracefs-6.18", "skb/kfree_skb");
	struct nt_tp_field f;

	CHECK_EQ_INT(bpf_tp_format_field(t, "reason", &f), 0);
	CHECK_EQ_INT(f.offset, 36);
	CHECK_EQ_INT(f.size, 4);
	CHECK_EQ_INT(bpf_tp_format_field(t, "protocol", &f), 0);
	CHECK_EQ_INT(f.offset, 32);
	CHECK_EQ_INT(f.size, 2);

	bpf_drop_names_init(&names);
	CHECK_EQ_INT(bpf_drop_names_from_format(&names, t), 128);
	CHECK_EQ_U64(names.max, 129);
	CHECK_STR(names.name[2], "NOT_SPECIFIED");
	CHECK_STR(names.name[6], "SOCKET_RCVBUFF");
	CHECK_STR(names.name[71], "CPU_BACKLOG");
	CHECK_STR(names.name[128], "SKB_RX_HEADROOM");
	CHECK_STR(names.name[0], "");
	CHECK_STR(names.name[200], "");
	CHECK_STR(names.name[255], "255+");
}

static void test_kfree_skb_510(void)
{
	const char *t = fixture("tracefs-5.10", "skb/kfree_skb");
	struct nt_tp_field f;

	CHECK_EQ_INT(bpf_tp_format_field(t, "reason", &f), -ENOENT);
	CHECK_EQ_INT(bpf_tp_format_field(t, "protocol", &f), 0);
	CHECK_EQ_INT(f.offset, 24);
	CHECK_EQ_INT(f.size, 2);
	bpf_drop_names_init(&names);
	CHECK_EQ_INT(bpf_drop_names_from_format(&names, t), -ENOENT);
	CHECK_EQ_INT(names.n, 0);
}

static int count_fn(unsigned long value, const char *name, size_t len, void *arg)
{
	(*(int *)arg)++;
	return value == 99 ? -EINTR : 0;
}

static void test_edge_cases(void)
{
	/* 5.17 without TRACE_DEFINE_ENUM prints enum names; hex values;
	 * an array field; a line without signed: (2.6.3x) */
	static const char text[] =
		"format:\n"
		"\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:1;\n"
		"\tfield:int old;\toffset:24;\tsize:4;\n"
		"\tfield:int bad;\toffset:x;\tsize:4;\tsigned:1;\n"
		"\n"
		"print fmt: \"%s\", __print_symbolic(REC->reason, { SKB_DROP_REASON_X, \"X\" }, "
		"{ 0x10, \"SIXTEEN\" }, { 3, \"THREE\" }, {300, \"BIG\"}, { 255, \"TOP\" })\n";
	struct nt_tp_field f;
	int n = 0;

	CHECK_EQ_INT(bpf_tp_format_field(text, "comm", &f), 0);
	CHECK_EQ_INT(f.offset, 8);
	CHECK_EQ_INT(f.size, 16);
	CHECK_EQ_INT(bpf_tp_format_field(text, "old", &f), 0);
	CHECK_EQ_INT(f.offset, 24);
	CHECK(!f.is_signed);
	CHECK_EQ_INT(bpf_tp_format_field(text, "bad", &f), -EINVAL);

	bpf_drop_names_init(&names);
	CHECK_EQ_INT(bpf_drop_names_from_format(&names, text), 4);
	CHECK_STR(names.name[16], "SIXTEEN");
	CHECK_STR(names.name[3], "THREE");
	CHECK_EQ_U64(names.max, 300);
	/* slot 255 also counts 300 here */
	CHECK_STR(names.name[255], "255+");

	/* a kernel whose list ends at 255 names the slot itself */
	bpf_drop_names_init(&names);
	CHECK_EQ_INT(bpf_drop_names_set(&names, 255, "LAST", 4), 0);
	CHECK_STR(names.name[255], "LAST");
	CHECK_EQ_INT(bpf_drop_names_set(&names, 7, "", 0), -EINVAL);

	CHECK_EQ_INT(bpf_tp_format_symbols(text, "reason", count_fn, &n), 4);
	CHECK_EQ_INT(bpf_tp_format_symbols("no print fmt", "reason", count_fn, &n), -ENOENT);
	CHECK_EQ_INT(bpf_tp_format_symbols(
			     "print fmt: \"\", __print_symbolic(REC->reason, { 99, \"A\" })",
			     "reason", count_fn, &n),
		     -EINTR);
	CHECK_EQ_INT(bpf_tp_format_field("", "x", &f), -ENOENT);
}

#if NT_HAVE_BPF
/* typedef void (*btf_trace_@name)(void *__data, @nargs ints) */
static void add_tp(struct btf *btf, const char *name, int void_ptr, int int_id, int nargs)
{
	char tname[64];
	int proto = btf__add_func_proto(btf, 0);

	btf__add_func_param(btf, "__data", void_ptr);
	for (int i = 0; i < nargs; i++)
		btf__add_func_param(btf, "", int_id);
	snprintf(tname, sizeof(tname), "btf_trace_%s", name);
	btf__add_typedef(btf, tname, btf__add_ptr(btf, proto));
}

/* What kbtf.c reads, laid out like no real kernel: net_device.name at 8,
 * napi_struct.dev at 16 and irq at 24, a 2-argument kfree_skb (before
 * 5.17), and a net_device.mtu of 2 bytes to be refused. */
static struct btf *synthetic_btf(void)
{
	struct btf *btf = btf__new_empty();
	int int_id, char_id, short_id, void_ptr, name_arr, netdev, dev_ptr;

	if (!btf)
		return NULL;
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	char_id = btf__add_int(btf, "char", 1, BTF_INT_CHAR);
	short_id = btf__add_int(btf, "short", 2, BTF_INT_SIGNED);
	void_ptr = btf__add_ptr(btf, 0);
	name_arr = btf__add_array(btf, int_id, char_id, 16);
	netdev = btf__add_struct(btf, "net_device", 32);
	btf__add_field(btf, "ifindex", int_id, 0, 0);
	btf__add_field(btf, "name", name_arr, 64, 0);
	btf__add_field(btf, "mtu", short_id, 192, 0);
	dev_ptr = btf__add_ptr(btf, netdev);
	btf__add_struct(btf, "napi_struct", 32);
	btf__add_field(btf, "state", int_id, 0, 0);
	btf__add_field(btf, "weight", int_id, 32, 4); /* a bitfield */
	btf__add_field(btf, "dev", dev_ptr, 128, 0);
	btf__add_field(btf, "irq", int_id, 192, 0);
	add_tp(btf, "napi_poll", void_ptr, int_id, 3);
	add_tp(btf, "softirq_entry", void_ptr, int_id, 1);
	add_tp(btf, "kfree_skb", void_ptr, int_id, 2);
	btf__add_typedef(btf, "btf_trace_broken", int_id);
	btf__add_enum(btf, "skb_drop_reason", 4);
	btf__add_enum_value(btf, "SKB_NOT_DROPPED_YET", 0);
	btf__add_enum_value(btf, "SKB_DROP_REASON_NOT_SPECIFIED", 2);
	btf__add_enum_value(btf, "SKB_DROP_REASON_NO_SOCKET", 3);
	return btf;
}

static void test_kbtf_synthetic(void)
{
	struct btf *btf = synthetic_btf();

	CHECK(btf != NULL);
	if (!btf)
		return;
	CHECK_EQ_INT(kbtf_member_offset(btf, "net_device", "name", 16), 8);
	CHECK_EQ_INT(kbtf_member_offset(btf, "napi_struct", "dev", 8), 16);
	CHECK_EQ_INT(kbtf_member_offset(btf, "napi_struct", "irq", 4), 24);
	/* wrong size, bitfield, missing member or struct */
	CHECK_EQ_INT(kbtf_member_offset(btf, "net_device", "mtu", 4), -ENOENT);
	CHECK_EQ_INT(kbtf_member_offset(btf, "napi_struct", "dev", 4), -ENOENT);
	CHECK_EQ_INT(kbtf_member_offset(btf, "napi_struct", "weight", 4), -ENOENT);
	CHECK_EQ_INT(kbtf_member_offset(btf, "napi_struct", "poll", 8), -ENOENT);
	CHECK_EQ_INT(kbtf_member_offset(btf, "sk_buff", "dev", 8), -ENOENT);

	CHECK_EQ_INT(kbtf_tp_nargs(btf, "napi_poll"), 3);
	CHECK_EQ_INT(kbtf_tp_nargs(btf, "softirq_entry"), 1);
	CHECK_EQ_INT(kbtf_tp_nargs(btf, "kfree_skb"), 2); /* no reason */
	CHECK_EQ_INT(kbtf_tp_nargs(btf, "broken"), -ENOENT);
	CHECK_EQ_INT(kbtf_tp_nargs(btf, "softirq_exit"), -ENOENT);

	bpf_drop_names_init(&names);
	CHECK_EQ_INT(kbtf_drop_names(btf, &names), 2);
	CHECK_STR(names.name[2], "NOT_SPECIFIED");
	CHECK_STR(names.name[3], "NO_SOCKET");
	CHECK_STR(names.name[0], "");
	btf__free(btf);
}

/* The running kernel: the members and arguments the raw programs read. */
static void test_kbtf_running(void)
{
	struct btf *btf = kbtf_load();
	int nargs;

	if (!btf) {
		printf("# skip: no kernel BTF (/sys/kernel/btf/vmlinux)\n");
		return;
	}
	CHECK(kbtf_member_offset(btf, "napi_struct", "dev", 8) >= 0);
	CHECK(kbtf_member_offset(btf, "net_device", "name", NT_BPF_DEVLEN) >= 0);
	/* include/trace/events/napi.h, irq.h: unchanged since 3.x */
	CHECK_EQ_INT(kbtf_tp_nargs(btf, "napi_poll"), 3);
	CHECK_EQ_INT(kbtf_tp_nargs(btf, "softirq_entry"), 1);
	CHECK_EQ_INT(kbtf_tp_nargs(btf, "softirq_exit"), 1);
	/* skb.h: 2 arguments before 5.17, the reason third since, rx_sk
	 * fourth since 6.12; the reasons' enum comes with the argument */
	nargs = kbtf_tp_nargs(btf, "kfree_skb");
	printf("# running kernel: kfree_skb has %d arguments, napi_struct.dev at %d, "
	       "net_device.name at %d\n",
	       nargs, kbtf_member_offset(btf, "napi_struct", "dev", 8),
	       kbtf_member_offset(btf, "net_device", "name", NT_BPF_DEVLEN));
	CHECK(nargs >= 2 && nargs <= 4);
	bpf_drop_names_init(&names);
	if (nargs >= 3)
		CHECK(kbtf_drop_names(btf, &names) > 0);
	kbtf_free(btf);
}
#endif

int main(void)
{
	RUN(test_napi_poll);
	RUN(test_softirq);
	RUN(test_kfree_skb_618);
	RUN(test_kfree_skb_510);
	RUN(test_edge_cases);
#if NT_HAVE_BPF
	RUN(test_kbtf_synthetic);
	RUN(test_kbtf_running);
#endif
	buf_free(&buf);
	CHECK_DONE();
}
