// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracefs format parsing (tuned/bpf/format.c) on the format files of a 6.18
 * kernel (tests/fixtures/tracefs-6.18, copied from /sys/kernel/tracing) and
 * on a 5.10 kfree_skb without the reason field (tracefs-5.10, written from
 * that kernel's include/trace/events/skb.h), plus hand-made edge cases.
 */
#include "check.h"

#include <errno.h>
#include <limits.h>

#include "bpf/format.h"
#include "util/cleanup.h"

static struct nt_buf buf;

static const char *fixture(const char *tree, const char *event)
{
	const char *dir = getenv("NT_FIXTURES");
	char path[PATH_MAX];
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/fixtures", tree);
	n = tp_read(&buf, path, event, "format");
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

	CHECK_EQ_INT(tp_format_field(t, "napi", &f), 0);
	CHECK_EQ_INT(f.offset, 8);
	CHECK_EQ_INT(f.size, 8);
	CHECK(!f.data_loc);
	CHECK_EQ_INT(tp_format_field(t, "dev_name", &f), 0);
	CHECK_EQ_INT(f.offset, 16);
	CHECK_EQ_INT(f.size, 4);
	CHECK(f.data_loc);
	CHECK_EQ_INT(tp_format_field(t, "work", &f), 0);
	CHECK_EQ_INT(f.offset, 20);
	CHECK(f.is_signed);
	CHECK_EQ_INT(tp_format_field(t, "budget", &f), 0);
	CHECK_EQ_INT(f.offset, 24);
	CHECK_EQ_INT(f.size, 4);
	/* whole names only */
	CHECK_EQ_INT(tp_format_field(t, "nap", &f), -ENOENT);
	CHECK_EQ_INT(tp_format_field(t, "pid", &f), -ENOENT);
	CHECK_EQ_INT(tp_format_field(t, "common_pid", &f), 0);
	CHECK_EQ_INT(f.offset, 4);
}

static void test_softirq(void)
{
	static const char *const ev[] = { "irq/softirq_entry", "irq/softirq_exit" };
	struct nt_tp_field f;
	unsigned long v;

	for (size_t i = 0; i < NT_ARRAY_SIZE(ev); i++) {
		const char *t = fixture("tracefs-6.18", ev[i]);

		CHECK_EQ_INT(tp_format_field(t, "vec", &f), 0);
		CHECK_EQ_INT(f.offset, 8);
		CHECK_EQ_INT(f.size, 4);
		CHECK(!f.is_signed);
		CHECK_EQ_INT(tp_format_symbol_value(t, "vec", "NET_TX", &v), 0);
		CHECK_EQ_U64(v, 2);
		CHECK_EQ_INT(tp_format_symbol_value(t, "vec", "NET_RX", &v), 0);
		CHECK_EQ_U64(v, 3);
		CHECK_EQ_INT(tp_format_symbol_value(t, "vec", "NET", &v), -ENOENT);
		CHECK_EQ_INT(tp_format_symbol_value(t, "reason", "NET_RX", &v), -ENOENT);
	}
}

static struct nt_drop_names names;

static void test_kfree_skb_618(void)
{
	const char *t = fixture("tracefs-6.18", "skb/kfree_skb");
	struct nt_tp_field f;

	CHECK_EQ_INT(tp_format_field(t, "reason", &f), 0);
	CHECK_EQ_INT(f.offset, 36);
	CHECK_EQ_INT(f.size, 4);
	CHECK_EQ_INT(tp_format_field(t, "protocol", &f), 0);
	CHECK_EQ_INT(f.offset, 32);
	CHECK_EQ_INT(f.size, 2);

	drop_names_init(&names);
	CHECK_EQ_INT(drop_names_from_format(&names, t), 128);
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

	CHECK_EQ_INT(tp_format_field(t, "reason", &f), -ENOENT);
	CHECK_EQ_INT(tp_format_field(t, "protocol", &f), 0);
	CHECK_EQ_INT(f.offset, 24);
	CHECK_EQ_INT(f.size, 2);
	drop_names_init(&names);
	CHECK_EQ_INT(drop_names_from_format(&names, t), -ENOENT);
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

	CHECK_EQ_INT(tp_format_field(text, "comm", &f), 0);
	CHECK_EQ_INT(f.offset, 8);
	CHECK_EQ_INT(f.size, 16);
	CHECK_EQ_INT(tp_format_field(text, "old", &f), 0);
	CHECK_EQ_INT(f.offset, 24);
	CHECK(!f.is_signed);
	CHECK_EQ_INT(tp_format_field(text, "bad", &f), -EINVAL);

	drop_names_init(&names);
	CHECK_EQ_INT(drop_names_from_format(&names, text), 4);
	CHECK_STR(names.name[16], "SIXTEEN");
	CHECK_STR(names.name[3], "THREE");
	CHECK_EQ_U64(names.max, 300);
	/* slot 255 also counts 300 here */
	CHECK_STR(names.name[255], "255+");

	/* a kernel whose list ends at 255 names the slot itself */
	drop_names_init(&names);
	CHECK_EQ_INT(drop_names_set(&names, 255, "LAST", 4), 0);
	CHECK_STR(names.name[255], "LAST");
	CHECK_EQ_INT(drop_names_set(&names, 7, "", 0), -EINVAL);

	CHECK_EQ_INT(tp_format_symbols(text, "reason", count_fn, &n), 4);
	CHECK_EQ_INT(tp_format_symbols("no print fmt", "reason", count_fn, &n), -ENOENT);
	CHECK_EQ_INT(tp_format_symbols("print fmt: \"\", __print_symbolic(REC->reason, { 99, \"A\" })",
				       "reason", count_fn, &n), -EINTR);
	CHECK_EQ_INT(tp_format_field("", "x", &f), -ENOENT);
}

int main(void)
{
	RUN(test_napi_poll);
	RUN(test_softirq);
	RUN(test_kfree_skb_618);
	RUN(test_kfree_skb_510);
	RUN(test_edge_cases);
	buf_free(&buf);
	CHECK_DONE();
}
