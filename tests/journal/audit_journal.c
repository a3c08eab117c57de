// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Driver for tests/journal/journal.sh: logs known entries through the
 * audit trail into whatever journald listens on /run/systemd/journal and
 * prints, as one JSON object on stdout, what it logged and what it
 * measured. check_journal.py compares that with `journalctl -o json`.
 *
 * usage: audit_journal ids
 *        audit_journal fields TAG
 *        audit_journal flood TAG COUNT
 *        audit_journal stopped TAG COUNT     (waits for a line on stdin before flushing)
 *        audit_journal rawblock TAG WAIT_S
 *        audit_journal stuckclose TAG COUNT TIMEOUT_S
 *        audit_journal fallback TAG COUNT auto|journal
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <systemd/sd-journal.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "util/json.h"

static struct nt_json j;

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void kv_opt(const char *k, const char *v)
{
	if (v)
		json_kv_string(&j, k, v);
}

static void print_entry(const struct nt_audit_entry *e)
{
	json_begin_object(&j);
	json_kv_i64(&j, "event", e->event);
	json_kv_i64(&j, "priority", e->priority);
	kv_opt("rule", e->rule);
	kv_opt("knob", e->knob);
	kv_opt("device", e->device);
	json_kv_i64(&j, "queue", e->queue);
	json_kv_i64(&j, "irq", e->irq);
	kv_opt("from", e->from);
	kv_opt("to", e->to);
	kv_opt("mode", e->mode);
	kv_opt("evidence", e->evidence);
	kv_opt("safety", e->safety);
	kv_opt("detail", e->detail);
	kv_opt("state", e->state);
	json_end_object(&j);
}

static void print_stats(struct nt_audit *a, const char *key)
{
	struct nt_audit_stats st;

	audit_stats(a, &st);
	json_key(&j, key);
	json_begin_object(&j);
	json_kv_u64(&j, "logged", st.logged);
	json_kv_u64(&j, "suppressed", st.suppressed);
	json_kv_u64(&j, "dropped", st.dropped);
	json_kv_u64(&j, "fallback", st.fallback);
	json_kv_double(&j, "max_enqueue_s", st.max_enqueue_s);
	json_end_object(&j);
}

static void begin(void)
{
	json_init(&j, stdout);
	json_begin_object(&j);
	json_kv_i64(&j, "pid", getpid());
}

static int end(void)
{
	json_end_object(&j);
	fputc('\n', stdout);
	fflush(stdout);
	return 0;
}

static struct nt_audit *open_or_die(enum nt_audit_sink sink, size_t queue)
{
	struct nt_audit *a;
	int r = audit_open(&a, sink, queue, 600);

	if (r < 0) {
		fprintf(stderr, "audit_open: %s\n", strerror(-r));
		exit(1);
	}
	return a;
}

static int cmd_ids(void)
{
	begin();
	json_kv_string(&j, "flood_id", AUDIT_FLOOD_MESSAGE_ID);
	json_key(&j, "events");
	json_begin_array(&j);
	for (int i = 0; i < NT_EV_COUNT; i++) {
		json_begin_object(&j);
		json_kv_i64(&j, "event", i);
		json_kv_string(&j, "name", event_name((enum nt_event)i));
		json_kv_string(&j, "id", event_message_id((enum nt_event)i));
		json_kv_i64(&j, "priority", event_default_priority((enum nt_event)i));
		json_end_object(&j);
	}
	json_end_array(&j);
	return end();
}

/*
 * One entry per event type that callers log (NT_EV_LOST is the writer's
 * own, checked by `stopped`), every field used somewhere, odd bytes in one.
 */
static void fields_table(const char *tag, struct nt_audit_entry *t, char (*detail)[256])
{
	for (int i = 0; i < NT_EV_LOST; i++) {
		struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;

		snprintf(detail[i], 256, "%s entry %d", tag, i);
		e.event = (enum nt_event)i;
		e.rule = i % 3 ? "ring-overrun" : NULL;
		e.knob = i % 4 ? "ring.rx" : "net.core.netdev_budget";
		e.device = i % 4 ? "eth3" : NULL;
		e.queue = i % 5 == 1 ? 2 : -1;
		e.irq = i % 5 == 2 ? 88 : -1;
		e.from = "256";
		e.to = i == NT_EV_HELD ? "" : "1024";
		e.mode = i % 2 ? "enforce" : "dry-run";
		e.evidence = "rx_missed 80/s on eth3 over 3 intervals";
		e.safety = i == NT_EV_HELD ? "cooldown" : NULL;
		e.state = i == NT_EV_DAEMON ? "started" : NULL;
		e.priority = i == NT_EV_ADVICE ? LOG_ERR : -1;
		e.detail = detail[i];
		t[i] = e;
	}
	/* quotes, a backslash, a newline and UTF-8 survive the trip */
	snprintf(detail[NT_EV_FAILED], 256, "%s ethtool said \"-EINVAL\"\\n\nsecond line \u2192 ok",
		 tag);
}

static int cmd_fields(const char *tag)
{
	static char detail[NT_EV_COUNT][256];
	struct nt_audit_entry t[NT_EV_COUNT];
	struct nt_audit *a = open_or_die(NT_AUDIT_JOURNAL, 0);
	int r;

	fields_table(tag, t, detail);
	begin();
	json_key(&j, "entries");
	json_begin_array(&j);
	for (int i = 0; i < NT_EV_LOST; i++) {
		r = audit_log(a, &t[i], 1);
		if (r != 1)
			fprintf(stderr, "audit_log %d: %d\n", i, r);
		print_entry(&t[i]);
	}
	json_end_array(&j);
	audit_flush(a, 10);
	print_stats(a, "stats");
	audit_close(a, 10);
	return end();
}

/* The same finding every 0.1 s of the caller's clock. */
static int cmd_flood(const char *tag, int n)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	struct nt_audit *a = open_or_die(NT_AUDIT_JOURNAL, 0);
	int ones = 0;

	e.event = NT_EV_HELD;
	e.rule = "irq-one-cpu";
	e.knob = "irq.affinity";
	e.device = "eth3";
	e.irq = 88;
	e.to = "2";
	e.safety = "cooldown";
	e.detail = tag;
	for (int i = 0; i < n; i++)
		ones += audit_log(a, &e, i * 0.1) == 1;
	begin();
	json_kv_i64(&j, "returned_1", ones);
	audit_flush(a, 10);
	print_stats(a, "stats");
	audit_close(a, 10);
	return end();
}

static void log_distinct(struct nt_audit *a, const char *tag, int n)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	char to[32];

	e.event = NT_EV_APPLIED;
	e.rule = "irq-one-cpu";
	e.knob = "irq.affinity";
	e.to = to;
	e.detail = tag;
	for (int i = 0; i < n; i++) {
		e.irq = i;
		snprintf(to, sizeof(to), "%d", i % 16);
		/* 10 per second of the caller's clock: under the flood guard */
		audit_log(a, &e, i * 0.1);
	}
}

static int cmd_stopped(const char *tag, int n)
{
	struct nt_audit *a = open_or_die(NT_AUDIT_JOURNAL, 0);
	char line[16];
	double t0;

	t0 = mono();
	log_distinct(a, tag, n);
	begin();
	json_kv_double(&j, "log_all_s", mono() - t0);
	print_stats(a, "stopped");
	end();
	/* journal.sh continues journald, then says go */
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	t0 = mono();
	begin();
	json_kv_i64(&j, "flush", audit_flush(a, 30));
	json_kv_double(&j, "flush_s", mono() - t0);
	print_stats(a, "after");
	audit_close(a, 10);
	return end();
}

static atomic_int raw_sent;
static atomic_int raw_err;
static double raw_max_s;

static void *raw_main(void *arg)
{
	const char *tag = arg;

	for (int i = 0; i < 1000; i++) {
		double t0 = mono(), d;
		int r = sd_journal_send("MESSAGE=rawblock %d %s", i, tag,
					"SYSLOG_IDENTIFIER=nettuned-rawblock", NULL);

		d = mono() - t0;
		if (d > raw_max_s)
			raw_max_s = d;
		if (r < 0)
			atomic_fetch_add(&raw_err, 1);
		atomic_fetch_add(&raw_sent, 1);
	}
	return NULL;
}

/*
 * Plain sd_journal_send() in a thread against a stopped journald: how many
 * return before one blocks, and does it block at all within @wait_s.
 */
static int cmd_rawblock(const char *tag, double wait_s)
{
	pthread_t th;
	int before;

	pthread_create(&th, NULL, raw_main, (void *)tag);
	usleep((useconds_t)(wait_s * 1e6));
	before = atomic_load(&raw_sent);
	begin();
	json_kv_i64(&j, "returned", before);
	json_kv_i64(&j, "errors", atomic_load(&raw_err));
	json_kv_bool(&j, "blocked", before < 1000);
	json_kv_double(&j, "waited_s", wait_s);
	json_kv_double(&j, "max_returned_s", raw_max_s);
	end();
	/* the thread is stuck in sendmsg(): leave without it */
	_exit(0);
}

/* audit_close() against a journald that takes nothing: cancels the writer. */
static int cmd_stuckclose(const char *tag, int n, double timeout_s)
{
	struct nt_audit *a = open_or_die(NT_AUDIT_JOURNAL, 0);
	double t0;

	log_distinct(a, tag, n);
	begin();
	print_stats(a, "before_close");
	t0 = mono();
	audit_close(a, timeout_s);
	json_kv_double(&j, "close_s", mono() - t0);
	json_kv_double(&j, "timeout_s", timeout_s);
	return end();
}

static int cmd_fallback(const char *tag, int n, const char *sink)
{
	enum nt_audit_sink want = strcmp(sink, "auto") ? NT_AUDIT_JOURNAL : NT_AUDIT_AUTO;
	struct nt_audit *a = open_or_die(want, 0);

	begin();
	json_kv_string(&j, "sink", audit_sink(a) == NT_AUDIT_JOURNAL ? "journal" : "stderr");
	log_distinct(a, tag, n);
	audit_flush(a, 10);
	print_stats(a, "stats");
	audit_close(a, 10);
	return end();
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "ids"))
		return cmd_ids();
	if (!strcmp(cmd, "fields") && argc == 3)
		return cmd_fields(argv[2]);
	if (!strcmp(cmd, "flood") && argc == 4)
		return cmd_flood(argv[2], atoi(argv[3]));
	if (!strcmp(cmd, "stopped") && argc == 4)
		return cmd_stopped(argv[2], atoi(argv[3]));
	if (!strcmp(cmd, "rawblock") && argc == 4)
		return cmd_rawblock(argv[2], atof(argv[3]));
	if (!strcmp(cmd, "stuckclose") && argc == 5)
		return cmd_stuckclose(argv[2], atoi(argv[3]), atof(argv[4]));
	if (!strcmp(cmd, "fallback") && argc == 5)
		return cmd_fallback(argv[2], atoi(argv[3]), argv[4]);
	fprintf(stderr, "usage: see the comment at the top of audit_journal.c\n");
	return 2;
}
