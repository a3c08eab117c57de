// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The audit trail through its stderr sink. Each case points fd 2 at a
 * fresh temporary file (or at a pipe when the sink has to block), logs,
 * waits for the writer with audit_flush() and parses the lines back with
 * a parser of its own, so the checks are on what an operator would read.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#include "audit/audit.h"

#define CHECK_HAS(hay, needle)                                                              \
	do {                                                                                \
		const char *_h = (hay), *_n = (needle);                                     \
		if (!_h || !strstr(_h, _n)) {                                               \
			printf("# %s:%d: %s == \"%s\" does not contain \"%s\"\n", __FILE__, \
			       __LINE__, #hay, _h ? _h : "(null)", _n);                     \
			check_failed++;                                                     \
		}                                                                           \
	} while (0)

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- capturing stderr ---------------------------------------------------- */

static int saved_stderr = -1;
static int capture_fd = -1;

static void capture_begin(void)
{
	capture_fd = memfd_create("audit-stderr", 0);
	saved_stderr = dup(STDERR_FILENO);
	if (capture_fd < 0 || saved_stderr < 0 || dup2(capture_fd, STDERR_FILENO) < 0) {
		printf("# cannot capture stderr: %s\n", strerror(errno));
		exit(2);
	}
}

/* Restores stderr and returns what was written to it (caller frees). */
static char *capture_end(void)
{
	off_t n = lseek(capture_fd, 0, SEEK_END);
	char *s = calloc(1, (size_t)n + 1);

	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	if (s && pread(capture_fd, s, (size_t)n, 0) != n)
		s[0] = '\0';
	close(capture_fd);
	return s;
}

/* ---- parsing lines back ---------------------------------------------------- */

static int count_lines(const char *s, const char *needle)
{
	int n = 0;

	for (const char *l = s; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		if (!needle || memmem(l, len, needle, strlen(needle)))
			n++;
		l += len + (nl ? 1 : 0);
	}
	return n;
}

/* Line @idx (0-based) that contains @needle, copied (caller frees). */
static char *nth_line(const char *s, const char *needle, int idx)
{
	for (const char *l = s; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		if ((!needle || memmem(l, len, needle, strlen(needle))) && idx-- == 0)
			return strndup(l, len);
		l += len + (nl ? 1 : 0);
	}
	return NULL;
}

/* Unquotes one value starting at @p into @out; returns the end. */
static const char *unquote(const char *p, char *out, size_t cap)
{
	size_t n = 0;

	if (*p != '"') {
		while (*p && *p != ' ' && n + 1 < cap)
			out[n++] = *p++;
		out[n] = '\0';
		return p;
	}
	for (p++; *p && *p != '"' && n + 1 < cap; p++) {
		if (*p == '\\') {
			p++;
			if (*p == 'n')
				out[n++] = '\n';
			else if (*p == 't')
				out[n++] = '\t';
			else if (*p == 'x') {
				unsigned v;

				sscanf(p + 1, "%2x", &v);
				out[n++] = (char)v;
				p += 2;
			} else
				out[n++] = *p;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	return *p ? p + 1 : p;
}

/* The value of KEY in @line, unquoted into a static buffer; NULL if absent. */
static const char *get(const char *line, const char *key)
{
	static char val[4096];
	const char *p;

	if (!line || strncmp(line, "nettuned:", 9))
		return NULL;
	p = line + 9;
	while (*p == ' ') {
		const char *eq = strchr(p + 1, '=');
		bool hit;

		if (!eq)
			return NULL;
		hit = (size_t)(eq - p - 1) == strlen(key) && !strncmp(p + 1, key, strlen(key));
		p = unquote(eq + 1, val, sizeof(val));
		if (hit)
			return val;
	}
	return NULL;
}

static struct nt_audit *open_stderr(size_t queue, double repeat_s)
{
	struct nt_audit *a = NULL;
	int r = audit_open(&a, NT_AUDIT_STDERR, queue, repeat_s);

	CHECK_EQ_INT(r, 0);
	if (!a)
		exit(2);
	CHECK_EQ_INT(audit_sink(a), NT_AUDIT_STDERR);
	return a;
}

/* Flushes, closes and returns the captured text. */
static char *finish(struct nt_audit *a, struct nt_audit_stats *st)
{
	CHECK_EQ_INT(audit_flush(a, 5), 0);
	if (st)
		audit_stats(a, st);
	audit_close(a, 5);
	return capture_end();
}

/* ---- identities ------------------------------------------------------------ */

static void test_ids(void)
{
	static const char *const names[NT_EV_COUNT] = {
		"recommended", "applied", "failed",   "verified", "rolled-back",  "held", "manual",
		"reset",       "advice",  "restored", "daemon",   "config-error", "lost",
	};
	static const int prio[NT_EV_COUNT] = { 6, 5, 4, 5, 4, 6, 5, 5, 6, 5, 5, 4, 4 };

	for (int i = 0; i < NT_EV_COUNT; i++) {
		const char *id = event_message_id((enum nt_event)i);

		CHECK_STR(event_name((enum nt_event)i), names[i]);
		CHECK_EQ_INT(event_default_priority((enum nt_event)i), prio[i]);
		CHECK_EQ_INT(strlen(id), 32);
		CHECK_EQ_INT(strspn(id, "0123456789abcdef"), 32);
		CHECK(strcmp(id, AUDIT_FLOOD_MESSAGE_ID));
		for (int j = 0; j < i; j++)
			CHECK(strcmp(id, event_message_id((enum nt_event)j)));
	}
	CHECK_EQ_INT(strspn(AUDIT_FLOOD_MESSAGE_ID, "0123456789abcdef"), 32);
	/* fixed forever: a change here breaks every saved journal query */
	CHECK_STR(event_message_id(NT_EV_APPLIED), "db647cccbd6b4ef5a208068ccc821111");
	CHECK_STR(event_message_id(NT_EV_LOST), "7b97fee18e7c4125a5e075902cf58976");
}

/* ---- fields and MESSAGE ---------------------------------------------------- */

static void test_fields(void)
{
	static const char head[] =
		"nettuned: MESSAGE_ID=db647cccbd6b4ef5a208068ccc821111 PRIORITY=5 "
		"NETTUNED_EVENT=applied NETTUNED_RULE=ring-overrun NETTUNED_KNOB=ring.rx "
		"NETTUNED_DEVICE=eth3 NETTUNED_FROM=256 NETTUNED_TO=1024 NETTUNED_MODE=enforce "
		"NETTUNED_EVIDENCE=\"rx_missed 80/s on eth3 over 3 intervals\" MESSAGE=\"applied ";
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	struct nt_audit_stats st;
	struct nt_audit *a;
	char *out, *line;

	capture_begin();
	a = open_stderr(0, 0);
	e.event = NT_EV_APPLIED;
	e.rule = "ring-overrun";
	e.knob = "ring.rx";
	e.device = "eth3";
	e.from = "256";
	e.to = "1024";
	e.mode = "enforce";
	e.evidence = "rx_missed 80/s on eth3 over 3 intervals";
	CHECK_EQ_INT(audit_log(a, &e, 1), 1);
	out = finish(a, &st);
	CHECK_EQ_INT(st.logged, 1);
	CHECK_EQ_INT(count_lines(out, NULL), 1);
	line = nth_line(out, NULL, 0);
	CHECK(line && !strncmp(line, head, strlen(head)));
	CHECK_STR(get(line, "NETTUNED_EVIDENCE"), "rx_missed 80/s on eth3 over 3 intervals");
	CHECK_STR(get(line, "MESSAGE"),
		  "applied ring.rx of eth3: 256 \u2192 1024 (rule ring-overrun): "
		  "rx_missed 80/s on eth3 over 3 intervals");
	/* MESSAGE is last; unset fields are absent */
	CHECK(line && strstr(line, " MESSAGE=") &&
	      !strstr(strstr(line, " MESSAGE=") + 9, " NETTUNED_"));
	CHECK(!get(line, "NETTUNED_QUEUE"));
	CHECK(!get(line, "NETTUNED_IRQ"));
	CHECK(!get(line, "NETTUNED_SAFETY"));
	CHECK(!get(line, "NETTUNED_DETAIL"));
	CHECK(!get(line, "SYSLOG_IDENTIFIER"));
	free(line);
	free(out);
}

static const char *message_of(struct nt_audit_entry *e)
{
	static char msg[1024];
	struct nt_audit *a;
	char *out, *line;

	capture_begin();
	a = open_stderr(0, 0);
	CHECK_EQ_INT(audit_log(a, e, 0), 1);
	out = finish(a, NULL);
	line = nth_line(out, NULL, 0);
	snprintf(msg, sizeof(msg), "%s", get(line, "MESSAGE") ? get(line, "MESSAGE") : "(none)");
	free(line);
	free(out);
	return msg;
}

static void test_messages(void)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;

	e.event = NT_EV_HELD;
	e.rule = "irq-one-cpu";
	e.knob = "irq.affinity";
	e.device = "eth3";
	e.irq = 88;
	e.safety = "cooldown";
	e.detail = "next change allowed in 240 s";
	CHECK_STR(message_of(&e), "held irq.affinity of IRQ 88 on eth3 (rule irq-one-cpu, "
				  "cooldown): next change allowed in 240 s");

	e = (struct nt_audit_entry)NT_AUDIT_ENTRY_INIT;
	e.event = NT_EV_RECOMMENDED;
	e.rule = "budget";
	e.knob = "net.core.netdev_budget";
	e.from = "300";
	e.to = "600";
	e.mode = "recommend";
	e.detail = "sysctl -w net.core.netdev_budget=600";
	CHECK_STR(message_of(&e), "recommend net.core.netdev_budget: 300 \u2192 600 "
				  "(rule budget): sysctl -w net.core.netdev_budget=600");

	e = (struct nt_audit_entry)NT_AUDIT_ENTRY_INIT;
	e.event = NT_EV_APPLIED;
	e.knob = "rps.cpus";
	e.device = "eth3";
	e.queue = 2;
	e.to = "0-3";
	e.mode = "dry-run";
	CHECK_STR(message_of(&e), "applied rps.cpus of eth3 queue 2: 0-3 (dry-run)");

	e = (struct nt_audit_entry)NT_AUDIT_ENTRY_INIT;
	e.event = NT_EV_DAEMON;
	e.state = "started";
	e.mode = "enforce";
	CHECK_STR(message_of(&e), "nettuned started");

	e = (struct nt_audit_entry)NT_AUDIT_ENTRY_INIT;
	e.event = NT_EV_CONFIG_ERROR;
	e.detail = "policy.conf:3: unknown key";
	CHECK_STR(message_of(&e), "configuration error, keeping the last good configuration: "
				  "policy.conf:3: unknown key");

	e = (struct nt_audit_entry)NT_AUDIT_ENTRY_INIT;
	e.event = NT_EV_ADVICE;
	e.rule = "eee-churn";
	e.device = "end0";
	e.evidence = "LPI entries 9000/s";
	e.detail = "ethtool --set-eee end0 eee off";
	CHECK_STR(message_of(&e), "advice for end0 (rule eee-churn): LPI entries 9000/s; "
				  "ethtool --set-eee end0 eee off");

	e = (struct nt_audit_entry)NT_AUDIT_ENTRY_INIT;
	e.event = NT_EV_ROLLED_BACK;
	e.knob = "ring.rx";
	e.device = "eth3";
	e.from = "1024";
	e.to = "256";
	CHECK_STR(message_of(&e), "rolled back ring.rx of eth3: 1024 \u2192 256");
}

static void test_quoting(void)
{
	const char *nasty = "say \"hi\" C:\\dir\nnext\tline\x01 end";
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	struct nt_audit *a;
	char *out, *line;

	capture_begin();
	a = open_stderr(0, 0);
	e.event = NT_EV_FAILED;
	e.knob = "ring.rx";
	e.device = "eth3";
	e.to = "4096";
	e.detail = nasty;
	e.priority = LOG_ERR;
	e.rule = ""; /* empty: omitted like NULL */
	CHECK_EQ_INT(audit_log(a, &e, 0), 1);
	CHECK_EQ_INT(
		audit_logf(a, LOG_ERR, "cannot read %s: %s", "/proc/net/softnet_stat", "EACCES"),
		1);
	out = finish(a, NULL);
	CHECK_EQ_INT(count_lines(out, NULL), 2);
	line = nth_line(out, NULL, 0);
	CHECK_HAS(line, " NETTUNED_DETAIL=\"say \\\"hi\\\" C:\\\\dir\\nnext\\tline\\x01 end\"");
	CHECK_STR(get(line, "NETTUNED_DETAIL"), nasty);
	CHECK_STR(get(line, "PRIORITY"), "3");
	CHECK_STR(get(line, "NETTUNED_EVENT"), "failed");
	CHECK(!get(line, "NETTUNED_RULE"));
	free(line);
	line = nth_line(out, NULL, 1);
	CHECK_STR(line, "nettuned: PRIORITY=3 "
			"MESSAGE=\"cannot read /proc/net/softnet_stat: EACCES\"");
	free(line);
	free(out);

	/* bad input is refused, not logged */
	capture_begin();
	a = open_stderr(0, 0);
	e.priority = 8;
	CHECK_EQ_INT(audit_log(a, &e, 0), -EINVAL);
	e.priority = -1;
	e.event = NT_EV_COUNT;
	CHECK_EQ_INT(audit_log(a, &e, 0), -EINVAL);
	out = finish(a, NULL);
	CHECK_EQ_INT(count_lines(out, NULL), 0);
	free(out);
}

/* ---- the rate limit -------------------------------------------------------- */

static struct nt_audit_entry held_entry(void)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;

	e.event = NT_EV_HELD;
	e.rule = "ring-overrun";
	e.knob = "ring.rx";
	e.device = "eth3";
	e.from = "256";
	e.to = "1024";
	e.safety = "disruptive_window";
	e.detail = "outside 02:00-04:00";
	return e;
}

static void test_dedup(void)
{
	struct nt_audit_entry e = held_entry();
	struct nt_audit_stats st;
	struct nt_audit *a;
	int logged = 0, zero = 0;
	char *out;

	capture_begin();
	a = open_stderr(0, 600);
	for (int i = 0; i < 100; i++) {
		int r = audit_log(a, &e, 1000.0 + i);

		logged += r == 1;
		zero += r == 0;
	}
	out = finish(a, &st);
	CHECK_EQ_INT(logged, 1);
	CHECK_EQ_INT(zero, 99);
	CHECK_EQ_INT(st.logged, 1);
	CHECK_EQ_INT(st.suppressed, 99);
	CHECK_EQ_INT(st.dropped, 0);
	CHECK_EQ_INT(count_lines(out, "NETTUNED_EVENT=held"), 1);
	free(out);
}

static void test_change_and_repeat(void)
{
	struct nt_audit_entry e = held_entry();
	struct nt_audit_stats st;
	struct nt_audit *a;
	char *out, *line;

	capture_begin();
	a = open_stderr(0, 600);
	CHECK_EQ_INT(audit_log(a, &e, 0), 1);
	CHECK_EQ_INT(audit_log(a, &e, 1), 0);
	e.safety = "cooldown"; /* another reason: a change of state */
	CHECK_EQ_INT(audit_log(a, &e, 2), 1);
	e.event = NT_EV_APPLIED; /* then applied */
	e.safety = NULL;
	CHECK_EQ_INT(audit_log(a, &e, 3), 1);
	e.to = "2048"; /* another target */
	CHECK_EQ_INT(audit_log(a, &e, 4), 1);
	e.detail = "other words"; /* detail and evidence are not content */
	CHECK_EQ_INT(audit_log(a, &e, 5), 0);
	e.device = "eth4"; /* another key */
	CHECK_EQ_INT(audit_log(a, &e, 6), 1);
	/* eth3 again: 599 more repeats of the 2048 entry, then repeat_s is up */
	e.device = "eth3";
	for (int t = 7; t < 604; t++)
		CHECK_EQ_INT(audit_log(a, &e, t), 0);
	CHECK_EQ_INT(audit_log(a, &e, 604), 1);
	CHECK_EQ_INT(audit_log(a, &e, 605), 0);
	out = finish(a, &st);
	CHECK_EQ_INT(st.logged, 6);
	CHECK_EQ_INT(st.suppressed, 1 + 1 + 597 + 1);
	CHECK_EQ_INT(count_lines(out, "NETTUNED_REPEATS="), 1);
	line = nth_line(out, "NETTUNED_REPEATS=", 0);
	CHECK_STR(get(line, "NETTUNED_REPEATS"), "598");
	CHECK_STR(get(line, "NETTUNED_DEVICE"), "eth3");
	CHECK_HAS(get(line, "MESSAGE"), " (repeated 598 times in the last 10 min)");
	free(line);
	line = nth_line(out, "NETTUNED_SAFETY=cooldown", 0);
	CHECK_STR(get(line, "NETTUNED_EVENT"), "held");
	free(line);
	free(out);
}

static void test_never_dedup(void)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	struct nt_audit_stats st;
	struct nt_audit *a;
	char *out;

	capture_begin();
	a = open_stderr(0, 600);
	e.event = NT_EV_DAEMON;
	e.state = "reloaded";
	for (int i = 0; i < 30; i++)
		CHECK_EQ_INT(audit_log(a, &e, 0), 1);
	e.event = NT_EV_CONFIG_ERROR;
	e.state = NULL;
	e.detail = "policy.conf:1: bad";
	for (int i = 0; i < 30; i++)
		CHECK_EQ_INT(audit_log(a, &e, 0), 1);
	for (int i = 0; i < 30; i++)
		CHECK_EQ_INT(audit_logf(a, LOG_WARNING, "edge error %d", 7), 1);
	out = finish(a, &st);
	CHECK_EQ_INT(st.logged, 90);
	CHECK_EQ_INT(st.suppressed, 0);
	CHECK_EQ_INT(count_lines(out, "NETTUNED_STATE=reloaded"), 30);
	CHECK_EQ_INT(count_lines(out, "NETTUNED_EVENT=config-error"), 30);
	CHECK_EQ_INT(count_lines(out, "edge error 7"), 30);
	free(out);
}

static void test_flood(void)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	struct nt_audit_stats st;
	struct nt_audit *a;
	int ones = 0, zeros = 0;
	char *out, *line;

	capture_begin();
	a = open_stderr(0, 600);
	e.event = NT_EV_ADVICE;
	e.rule = "irq-one-cpu";
	e.knob = "irq.affinity";
	for (int i = 0; i < 300; i++) {
		int r;

		e.irq = i;
		r = audit_log(a, &e, 100 + i * 0.01);
		ones += r == 1;
		zeros += r == 0;
	}
	CHECK_EQ_INT(ones, AUDIT_FLOOD_MAX);
	CHECK_EQ_INT(zeros, 100);
	/* state changes still pass during a flood */
	e.event = NT_EV_DAEMON;
	e.irq = -1;
	e.state = "paused";
	CHECK_EQ_INT(audit_log(a, &e, 105), 1);
	/* the window ends: one summary, then the entry; a held-back irq is new again */
	e.event = NT_EV_ADVICE;
	e.state = NULL;
	e.irq = 299;
	CHECK_EQ_INT(audit_log(a, &e, 110.5), 1);
	out = finish(a, &st);
	CHECK_EQ_INT(st.suppressed, 100);
	CHECK_EQ_INT(st.logged, AUDIT_FLOOD_MAX + 3);
	CHECK_EQ_INT(count_lines(out, "NETTUNED_EVENT=rate-limited"), 1);
	line = nth_line(out, "NETTUNED_EVENT=rate-limited", 0);
	CHECK_STR(get(line, "MESSAGE_ID"), AUDIT_FLOOD_MESSAGE_ID);
	CHECK_STR(get(line, "NETTUNED_SUPPRESSED"), "100");
	CHECK_STR(get(line, "PRIORITY"), "4");
	CHECK_HAS(get(line, "MESSAGE"), "100 audit entries suppressed: more than 200 in 10 s");
	free(line);
	/* order: summary before the entry that ended the window */
	line = nth_line(out, NULL, AUDIT_FLOOD_MAX + 1);
	CHECK_STR(get(line, "NETTUNED_EVENT"), "rate-limited");
	free(line);
	line = nth_line(out, NULL, AUDIT_FLOOD_MAX + 2);
	CHECK_STR(get(line, "NETTUNED_IRQ"), "299");
	free(line);
	free(out);

	/* a window still open at close is reported by audit_close() */
	capture_begin();
	a = open_stderr(0, 600);
	e.event = NT_EV_ADVICE;
	for (int i = 0; i < 250; i++) {
		e.irq = i;
		audit_log(a, &e, 0);
	}
	audit_close(a, 5);
	out = capture_end();
	CHECK_EQ_INT(count_lines(out, "NETTUNED_SUPPRESSED=50"), 1);
	free(out);
}

static void test_expire(void)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	struct nt_audit *a;
	size_t peak = 0;
	char *out;

	capture_begin();
	a = open_stderr(0, 10);
	e.event = NT_EV_HELD;
	e.knob = "irq.affinity";
	e.safety = "cooldown";
	for (int i = 0; i < 1000; i++) {
		e.irq = i;
		audit_log(a, &e, 0);
	}
	CHECK_EQ_INT(audit_key_count(a), 1000);
	audit_expire(a, 15);
	CHECK_EQ_INT(audit_key_count(a), 1000);
	audit_expire(a, 20.5);
	CHECK_EQ_INT(audit_key_count(a), 0);

	/* a day of 5 s cycles, each finding 20 new keys: bounded by 2 * repeat_s */
	for (int c = 0; c < 17280; c++) {
		for (int k = 0; k < 20; k++) {
			e.irq = c * 20 + k;
			audit_log(a, &e, 100 + c * 5.0);
		}
		audit_expire(a, 100 + c * 5.0);
		if (audit_key_count(a) > peak)
			peak = audit_key_count(a);
	}
	printf("# expire: peak %zu keys over 345600 distinct keys in a simulated day\n", peak);
	CHECK(peak <= 20 * 5);
	CHECK(peak >= 20 * 4);
	audit_close(a, 5);
	out = capture_end();
	free(out);
}

/* ---- a sink that blocks ---------------------------------------------------- */

struct drain {
	int fd;
	char *data;
	size_t len;
};

static void *drain_main(void *arg)
{
	struct drain *d = arg;
	char chunk[65536];
	ssize_t n;

	while ((n = read(d->fd, chunk, sizeof(chunk))) > 0) {
		char *p = realloc(d->data, d->len + (size_t)n + 1);

		if (!p)
			break;
		d->data = p;
		memcpy(d->data + d->len, chunk, (size_t)n);
		d->len += (size_t)n;
		d->data[d->len] = '\0';
	}
	return NULL;
}

/* stderr becomes a 4 KiB pipe that nobody reads yet: the writer blocks. */
static int blocked_stderr(int *rd)
{
	int p[2];

	if (pipe(p) < 0)
		exit(2);
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	saved_stderr = dup(STDERR_FILENO);
	dup2(p[1], STDERR_FILENO);
	close(p[1]);
	*rd = p[0];
	return 0;
}

static void unblock_stderr(void)
{
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
}

static void log_distinct(struct nt_audit *a, int n, int *enobufs, double *worst)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;

	e.event = NT_EV_APPLIED;
	e.knob = "irq.affinity";
	e.to = "2";
	e.evidence = "a line long enough that a few dozen fill the 4 KiB pipe";
	*enobufs = 0;
	*worst = 0;
	for (int i = 0; i < n; i++) {
		double t0 = mono(), d;
		int r;

		e.irq = i;
		r = audit_log(a, &e, i * 0.1);
		d = mono() - t0;
		*enobufs += r == -ENOBUFS;
		if (d > *worst)
			*worst = d;
	}
}

static void test_full_queue(void)
{
	struct nt_audit_stats st;
	struct drain d = { 0 };
	struct nt_audit *a;
	pthread_t th;
	char want[96], *line;
	int enobufs, reports;
	long lost = 0;
	double worst;

	blocked_stderr(&d.fd);
	a = open_stderr(8, 600);
	log_distinct(a, 200, &enobufs, &worst);
	audit_stats(a, &st);
	printf("# blocked sink: %d of 200 dropped, max audit_log %.6f s (own clock %.6f s)\n",
	       enobufs, st.max_enqueue_s, worst);
	CHECK(enobufs > 0);
	CHECK_EQ_INT(st.dropped, enobufs);
	/* the writer holds one and the queue 8; a few went into the pipe */
	CHECK(enobufs >= 200 - 9 - 40);
	CHECK(st.max_enqueue_s < 0.05);
	CHECK(worst < 0.05);

	/*
	 * The sink takes entries again: a loss report comes first. The writer
	 * may have got some lines into the pipe between drops, so there may
	 * be more than one report; together they account for every drop.
	 */
	pthread_create(&th, NULL, drain_main, &d);
	CHECK_EQ_INT(audit_flush(a, 5), 0);
	audit_stats(a, &st);
	audit_close(a, 5);
	unblock_stderr();
	pthread_join(th, NULL);
	close(d.fd);
	reports = count_lines(d.data, "NETTUNED_EVENT=lost");
	CHECK(reports >= 1);
	CHECK_EQ_INT(st.logged, 200 - enobufs + reports);
	for (int i = 0; i < reports; i++) {
		const char *n;

		line = nth_line(d.data, "NETTUNED_EVENT=lost", i);
		n = get(line, "NETTUNED_LOST") ? get(line, "NETTUNED_LOST") : "0";
		lost += strtol(n, NULL, 10);
		snprintf(want, sizeof(want), "%s audit entries lost while the journal", n);
		CHECK_STR(get(line, "PRIORITY"), "4");
		CHECK_HAS(get(line, "MESSAGE"), want);
		free(line);
	}
	CHECK_EQ_INT(lost, enobufs);
	/* the last report precedes the 8 entries the full queue still held */
	line = nth_line(d.data, NULL, count_lines(d.data, NULL) - 9);
	CHECK_STR(get(line, "NETTUNED_EVENT"), "lost");
	free(line);
	/* the entries queued before the loss still come after the report */
	CHECK_EQ_INT(count_lines(d.data, "NETTUNED_EVENT=applied"), 200 - enobufs);
	free(d.data);
}

static void test_close_stuck(void)
{
	struct nt_audit_stats st;
	struct nt_audit *a;
	double worst, t0, took;
	int enobufs, rd;

	blocked_stderr(&rd);
	a = open_stderr(16, 600);
	log_distinct(a, 100, &enobufs, &worst);
	audit_stats(a, &st);
	CHECK(enobufs > 0);
	CHECK_EQ_INT(audit_flush(a, 0.05), -ETIMEDOUT);
	t0 = mono();
	audit_close(a, 0.2);
	took = mono() - t0;
	printf("# close with a stuck sink took %.3f s (timeout 0.2 s)\n", took);
	CHECK(took >= 0.19);
	CHECK(took < 1.0);
	unblock_stderr();
	close(rd);
}

int main(void)
{
	RUN(test_ids);
	RUN(test_fields);
	RUN(test_messages);
	RUN(test_quoting);
	RUN(test_dedup);
	RUN(test_change_and_repeat);
	RUN(test_never_dedup);
	RUN(test_flood);
	RUN(test_expire);
	RUN(test_full_queue);
	RUN(test_close_stuck);
	CHECK_DONE();
}
