// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The actuators (tuned/act/) against copies of fixture trees: every writer,
 * the checks that refuse a target, the record of the original, failures
 * injected through the writer seam (struct nt_sysio_ops), rollback, a
 * process killed between any two seam calls, the state directory's lock
 * and a damaged state file.
 *
 * Each case copies one snapshot directory of a capture into a fresh
 * temporary directory (the tree is written to) and uses another fresh one
 * as the state directory. What the checks compare is measured: the tree's
 * files after the change and state.ini as text (parsed here, independently
 * of state_file.c), except where state_open() itself is the point.
 *
 * Trees:
 *  - agent16-el7/0000: 16 CPUs online (0-15), bnxt_en eth3 at PCI
 *    0000:3b:00.0 with rings 453/4078 (max 4078), 8 of 30 combined
 *    channels, IRQs 114-121 "eth3-TxRx-N" (114 on CPU 0), rx-0 without
 *    RPS, netdev_budget 300, netdev_max_backlog 1000,
 *    rps_sock_flow_entries 0; no effective_affinity_list (3.10).
 *  - scenarios/runner-cpu0-eee/0000: 4 CPUs, stmmac end0 (no PCI) with
 *    EEE supported and enabled, channels RX 1 / TX 1 / combined n/a,
 *    IRQ 23 at 0-3 landing on CPU 0 (effective_affinity_list).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#include "act/act.h"
#include "act/act_int.h"
#include "ethtool/ethtool.h"
#include "sample/sampler.h"
#include "state/state.h"
#include "util/cpuset.h"

#define AGENT "agent16-el7/0000"
#define RUNNER "scenarios/runner-cpu0-eee/0000"
#define AGENT_BUS "bus:0000:3b:00.0"

#define BUDGET "proc/sys/net/core/netdev_budget"
#define BACKLOG "proc/sys/net/core/netdev_max_backlog"
#define SOCKFLOW "proc/sys/net/core/rps_sock_flow_entries"
#define RX0_CPUS "sys/class/net/eth3/queues/rx-0/rps_cpus"
#define RX0_FLOW "sys/class/net/eth3/queues/rx-0/rps_flow_cnt"
#define IRQ114 "proc/irq/114/smp_affinity_list"
#define IRQ23 "proc/irq/23/smp_affinity_list"
#define IRQ23_EFF "proc/irq/23/effective_affinity_list"

#define CHECK_OUTCOME(res, o)                                                                     \
	do {                                                                                      \
		if ((res).outcome != (o)) {                                                       \
			printf("# %s:%d: outcome %s, expected %s (%s: %s)\n", __FILE__, __LINE__, \
			       act_outcome_name((res).outcome), act_outcome_name(o), (res).what,  \
			       (res).msg);                                                        \
			check_failed++;                                                           \
		}                                                                                 \
	} while (0)

#define CHECK_HAS(hay, needle)                                                              \
	do {                                                                                \
		const char *_h = (hay), *_n = (needle);                                     \
		if (!strstr(_h, _n)) {                                                      \
			printf("# %s:%d: %s == \"%s\" does not contain \"%s\"\n", __FILE__, \
			       __LINE__, #hay, _h, _n);                                     \
			check_failed++;                                                     \
		}                                                                           \
	} while (0)

/* ---- shell-free helpers -------------------------------------------------- */

static int __attribute__((format(printf, 1, 2))) sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	r = system(cmd);
	if (r) {
		printf("# command failed (%d): %s\n", r, cmd);
		check_failed++;
	}
	return r;
}

static const char *tmpbase(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

/* ---- a fixture copy, a state directory, an act ----------------------------- */

struct fx {
	char root[512];
	char state[512];
	struct nt_act *act;
	struct nt_snapshot snap;
};

static void fx_snap(struct fx *f)
{
	struct nt_sampler *s = NULL;
	char err[512] = "";
	int r = sampler_open(&s, f->root, 0, err, sizeof(err));

	if (r) {
		printf("# sampler_open(%s) = %d: %s\n", f->root, r, err);
		check_failed++;
		return;
	}
	r = sampler_take(s, &f->snap);
	if (r) {
		printf("# sampler_take(%s) = %d\n", f->root, r);
		check_failed++;
	}
	sampler_close(s);
}

/* Copies $NT_FIXTURES/@rel into a fresh directory; a fresh state dir. */
static bool fx_copy(struct fx *f, const char *rel)
{
	const char *base = getenv("NT_FIXTURES");

	memset(f, 0, sizeof(*f));
	snapshot_init(&f->snap);
	snprintf(f->root, sizeof(f->root), "%s/nt-act-tree-XXXXXX", tmpbase());
	snprintf(f->state, sizeof(f->state), "%s/nt-act-state-XXXXXX", tmpbase());
	if (!base || !mkdtemp(f->root) || !mkdtemp(f->state)) {
		printf("# cannot make the fixture copy (NT_FIXTURES=%s): %s\n",
		       base ? base : "(unset)", strerror(errno));
		check_failed++;
		return false;
	}
	return sh("cp -a '%s/%s/.' '%s/'", base, rel, f->root) == 0;
}

static int fx_open(struct fx *f)
{
	char err[1024] = "";
	int r = act_open(&f->act, f->root, f->state, 0, err, sizeof(err));

	if (r) {
		printf("# act_open(%s, %s) = %d: %s\n", f->root, f->state, r, err);
		check_failed++;
	}
	return r;
}

static bool fx_setup(struct fx *f, const char *rel)
{
	if (!fx_copy(f, rel))
		return false;
	fx_snap(f);
	return fx_open(f) == 0;
}

static void fx_close(struct fx *f)
{
	act_close(f->act);
	f->act = NULL;
}

/* Closes and opens again (a new process would), with a fresh snapshot. */
static bool fx_reopen(struct fx *f)
{
	fx_close(f);
	fx_snap(f);
	return fx_open(f) == 0;
}

static void fx_done(struct fx *f)
{
	fx_close(f);
	snapshot_free(&f->snap);
	if (f->root[0] && strstr(f->root, "nt-act-tree-"))
		sh("rm -rf '%s'", f->root);
	if (f->state[0] && strstr(f->state, "nt-act-state-"))
		sh("rm -rf '%s'", f->state);
}

/* ---- reading and writing the tree ------------------------------------------ */

/* Whole file, or NULL. Caller frees. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "r");
	char *data = NULL;
	size_t n = 0, cap = 0;
	int c;

	if (!fp)
		return NULL;
	while ((c = fgetc(fp)) != EOF) {
		if (n + 2 > cap) {
			char *p = realloc(data, cap = cap ? 2 * cap : 4096);

			if (!p) {
				free(data);
				fclose(fp);
				return NULL;
			}
			data = p;
		}
		data[n++] = (char)c;
	}
	fclose(fp);
	if (!data && !(data = malloc(1)))
		return NULL;
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

/* The file under the tree, trailing whitespace cut; "<missing>" when absent. */
static const char *tv(const struct fx *f, const char *rel)
{
	static char ring[8][4096];
	static int next;
	char path[1024], *data, *out = ring[next++ % 8];
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", f->root, rel);
	data = slurp(path, &n);
	if (!data)
		return "<missing>";
	while (n && (data[n - 1] == '\n' || data[n - 1] == ' ' || data[n - 1] == '\t'))
		n--;
	snprintf(out, 4096, "%.*s", (int)n, data);
	free(data);
	return out;
}

static void put(const struct fx *f, const char *rel, const char *text)
{
	char path[1024];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->root, rel);
	fp = fopen(path, "w");
	if (!fp || fputs(text, fp) < 0) {
		printf("# cannot write %s: %s\n", path, strerror(errno));
		check_failed++;
	}
	if (fp)
		fclose(fp);
}

/* A hex mask file (rps_cpus) as a CPU list, "<bad>" when it is not one. */
static const char *mask_list(const struct fx *f, const char *rel)
{
	static char ring[4][256];
	static int next;
	static struct nt_cpuset set;
	char *out = ring[next++ % 4];

	if (cpuset_parse_mask(&set, tv(f, rel)))
		return "<bad>";
	cpuset_format_list(&set, out, 256);
	return out;
}

static struct nt_ring rings_of(const struct fx *f, const char *dev)
{
	struct nt_ring ring = { .err = -ENOENT };
	char rel[128];

	snprintf(rel, sizeof(rel), "ethtool/%s/rings", dev);
	if (ethtool_parse_rings(tv(f, rel), &ring))
		ring.err = -EINVAL;
	return ring;
}

static struct nt_channels channels_of(const struct fx *f, const char *dev)
{
	struct nt_channels ch = { .err = -ENOENT };
	char rel[128];

	snprintf(rel, sizeof(rel), "ethtool/%s/channels", dev);
	if (ethtool_parse_channels(tv(f, rel), &ch))
		ch.err = -EINVAL;
	return ch;
}

static struct nt_eee eee_of(const struct fx *f, const char *dev)
{
	struct nt_eee eee = { .err = -ENOENT };
	char rel[128];

	snprintf(rel, sizeof(rel), "ethtool/%s/eee", dev);
	if (ethtool_parse_eee(tv(f, rel), &eee))
		eee.err = -EINVAL;
	return eee;
}

static const char *ring_rx_text(const struct fx *f, const char *dev)
{
	static char out[32];
	struct nt_ring r = rings_of(f, dev);

	if (r.err)
		return "<bad>";
	snprintf(out, sizeof(out), "%u", r.rx);
	return out;
}

/* ---- state.ini, parsed here -------------------------------------------------- */

struct srec {
	char knob[64], device[32], device_id[128], irq_action[160], boot_id[64];
	char original[NT_VALUE_TEXT], written[NT_VALUE_TEXT], pending[NT_VALUE_TEXT];
	long seq, queue, irq;
	bool has_written, has_pending;
};

#define MAX_SREC 16

struct sfile {
	bool exists;
	long version;
	long end_records; /* [end] records = N; -1 without [end] */
	int n;
	struct srec r[MAX_SREC];
};

static struct sfile SF;

static void sf_key(struct srec *r, const char *key, const char *v)
{
#define S(k) else if (!strcmp(key, #k)) snprintf(r->k, sizeof(r->k), "%s", v)
	if (!strcmp(key, "seq"))
		r->seq = strtol(v, NULL, 10);
	else if (!strcmp(key, "queue"))
		r->queue = strtol(v, NULL, 10);
	else if (!strcmp(key, "irq"))
		r->irq = strtol(v, NULL, 10);
	S(knob);
	S(device);
	S(device_id);
	S(irq_action);
	S(boot_id);
	S(original);
	else if (!strcmp(key, "written"))
	{
		r->has_written = true;
		snprintf(r->written, sizeof(r->written), "%s", v);
	}
	else if (!strcmp(key, "pending"))
	{
		r->has_pending = true;
		snprintf(r->pending, sizeof(r->pending), "%s", v);
	}
#undef S
}

/* DIR/state.ini into SF: its [change] sections, in file order. */
static const struct sfile *sf_load(const char *dir)
{
	char path[1024], *data, *line, *save = NULL;
	struct srec *cur = NULL;
	bool header = false, end = false;

	memset(&SF, 0, sizeof(SF));
	SF.end_records = -1;
	snprintf(path, sizeof(path), "%s/state.ini", dir);
	data = slurp(path, NULL);
	if (!data)
		return &SF;
	SF.exists = true;
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq;

		if (line[0] == '#')
			continue;
		if (!strcmp(line, "[nettuned]")) {
			header = true;
			cur = NULL;
			continue;
		}
		if (!strcmp(line, "[end]")) {
			header = false;
			end = true;
			cur = NULL;
			continue;
		}
		if (!strcmp(line, "[change]")) {
			header = false;
			cur = SF.n < MAX_SREC ? &SF.r[SF.n++] : NULL;
			if (cur) {
				cur->queue = cur->irq = -2;
			}
			continue;
		}
		eq = strstr(line, " = ");
		if (!eq) {
			/* "written =" with an empty value */
			size_t n = strlen(line);

			if (n >= 2 && !strcmp(line + n - 2, " =")) {
				line[n - 2] = '\0';
				if (cur)
					sf_key(cur, line, "");
			}
			continue;
		}
		*eq = '\0';
		if (header && !strcmp(line, "version"))
			SF.version = strtol(eq + 3, NULL, 10);
		else if (end && !strcmp(line, "records"))
			SF.end_records = strtol(eq + 3, NULL, 10);
		else if (cur)
			sf_key(cur, line, eq + 3);
	}
	free(data);
	return &SF;
}

/* The record of @knob (and @irq when >= 0), or NULL. */
static const struct srec *sf_find(const struct sfile *s, const char *knob, int irq)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->r[i].knob, knob) && (irq < 0 || s->r[i].irq == irq))
			return &s->r[i];
	return NULL;
}

#define CHECK_NO_RECORDS(dir)                                                                        \
	do {                                                                                         \
		const struct sfile *_s = sf_load(dir);                                               \
		if (_s->n) {                                                                         \
			printf("# %s:%d: state.ini has %d record(s), the first %s, expected none\n", \
			       __FILE__, __LINE__, _s->n, _s->r[0].knob);                            \
			check_failed++;                                                              \
		}                                                                                    \
	} while (0)

/* ---- the seam: counting, failing, killing ------------------------------------ */

static struct wrap {
	const struct nt_sysio_ops *inner;
	int calls;                   /* every seam call */
	int writes;                  /* write, set_rings, set_channels, set_eee */
	int fail_at, fail_err;       /* the fail_at-th write returns fail_err, writes nothing */
	int skew_at;                 /* the skew_at-th write stores a different value */
	const char *skew_text;       /* ... for write() */
	int kill_before, kill_after; /* raise(SIGKILL) before / after the k-th call */
	const char *effective;       /* after a smp_affinity_list write, land here */
} W;

static void w_enter(void)
{
	if (++W.calls == W.kill_before)
		raise(SIGKILL);
}

static void w_leave(void)
{
	if (W.calls == W.kill_after)
		raise(SIGKILL);
}

static long w_read(struct nt_sysio *io, const char *path, struct nt_buf *out)
{
	long n;

	w_enter();
	n = W.inner->read(io, path, out);
	w_leave();
	return n;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int w_write(struct nt_sysio *io, const char *path, const char *text)
{
	int k, r;

	w_enter();
	k = ++W.writes;
	if (k == W.fail_at)
		r = W.fail_err;
	else
		r = W.inner->write(io, path, k == W.skew_at ? W.skew_text : text);
	if (!r && W.effective && ends_with(path, "/smp_affinity_list")) {
		char eff[256];

		snprintf(eff, sizeof(eff), "%.*seffective_affinity_list",
			 (int)(strlen(path) - strlen("smp_affinity_list")), path);
		sysio_file_write(io, eff, W.effective);
	}
	w_leave();
	return r;
}

static int w_get_rings(struct nt_sysio *io, const char *dev, struct nt_ring *out)
{
	int r;

	w_enter();
	r = W.inner->get_rings(io, dev, out);
	w_leave();
	return r;
}

static int w_set_rings(struct nt_sysio *io, const char *dev, const struct nt_ring_set *want,
		       struct nt_extack *ack)
{
	struct nt_ring_set set = *want;
	int k, r;

	w_enter();
	k = ++W.writes;
	if (k == W.fail_at) {
		r = W.fail_err;
	} else {
		if (k == W.skew_at) {
			if (set.rx > 1)
				set.rx--;
			if (set.tx > 1)
				set.tx--;
		}
		r = W.inner->set_rings(io, dev, &set, ack);
	}
	w_leave();
	return r;
}

static int w_get_channels(struct nt_sysio *io, const char *dev, struct nt_channels *out)
{
	int r;

	w_enter();
	r = W.inner->get_channels(io, dev, out);
	w_leave();
	return r;
}

static int w_set_channels(struct nt_sysio *io, const char *dev, const struct nt_channels_set *want,
			  struct nt_extack *ack)
{
	int r;

	w_enter();
	r = ++W.writes == W.fail_at ? W.fail_err : W.inner->set_channels(io, dev, want, ack);
	w_leave();
	return r;
}

static int w_get_eee(struct nt_sysio *io, const char *dev, struct nt_eee *out)
{
	int r;

	w_enter();
	r = W.inner->get_eee(io, dev, out);
	w_leave();
	return r;
}

static int w_set_eee(struct nt_sysio *io, const char *dev, bool enabled, struct nt_extack *ack)
{
	int r;

	w_enter();
	r = ++W.writes == W.fail_at ? W.fail_err : W.inner->set_eee(io, dev, enabled, ack);
	w_leave();
	return r;
}

static const struct nt_sysio_ops wrap_ops = {
	.read = w_read,
	.write = w_write,
	.get_rings = w_get_rings,
	.set_rings = w_set_rings,
	.get_channels = w_get_channels,
	.set_channels = w_set_channels,
	.get_eee = w_get_eee,
	.set_eee = w_set_eee,
};

/* Puts the counting layer over the tree's table; W reset. */
static void wrap_install(struct nt_act *a)
{
	struct nt_sysio *io = act_sysio(a);

	memset(&W, 0, sizeof(W));
	W.inner = io->ops == &wrap_ops ? &sysio_tree_ops : io->ops;
	io->ops = &wrap_ops;
}

/* ---- targets ------------------------------------------------------------------ */

static struct nt_knob_id T_host(enum nt_knob k)
{
	struct nt_knob_id t = { .knob = k, .queue = -1, .irq = -1 };

	return t;
}

static struct nt_knob_id T_dev(enum nt_knob k, const char *dev)
{
	struct nt_knob_id t = T_host(k);

	snprintf(t.device, sizeof(t.device), "%s", dev);
	return t;
}

static struct nt_knob_id T_queue(enum nt_knob k, const char *dev, int q)
{
	struct nt_knob_id t = T_dev(k, dev);

	t.queue = q;
	return t;
}

static struct nt_knob_id T_irq(int irq)
{
	struct nt_knob_id t = T_host(NT_KNOB_IRQ_AFFINITY);

	t.irq = irq;
	return t;
}

static int apply(struct fx *f, struct nt_knob_id t, const char *to, struct nt_act_result *res)
{
	return act_apply(f->act, &f->snap, &t, to, res);
}

/* ---- rollback reports --------------------------------------------------------- */

#define MAX_RB 16

struct rb_log {
	int n;
	struct {
		enum nt_rb_outcome outcome;
		char what[160];
		char original[64];
		char now[64];
		char msg[512];
	} r[MAX_RB];
};

static void rb_collect(const struct nt_rb_result *r, void *user)
{
	struct rb_log *log = user;

	if (log->n >= MAX_RB)
		return;
	log->r[log->n].outcome = r->outcome;
	snprintf(log->r[log->n].what, sizeof(log->r[0].what), "%.159s", r->what);
	snprintf(log->r[log->n].original, sizeof(log->r[0].original), "%.63s", r->original);
	snprintf(log->r[log->n].now, sizeof(log->r[0].now), "%.63s", r->now);
	snprintf(log->r[log->n].msg, sizeof(log->r[0].msg), "%.511s", r->msg);
	log->n++;
}

static int rollback(struct fx *f, unsigned int flags, struct rb_log *log)
{
	memset(log, 0, sizeof(*log));
	return act_rollback(f->act, &f->snap, flags, rb_collect, log);
}

#define CHECK_RB(log, i, o)                                                                      \
	do {                                                                                     \
		if ((log).n <= (i) || (log).r[i].outcome != (o)) {                               \
			printf("# %s:%d: rollback result %d: %s, expected %s (%s: %s)\n",        \
			       __FILE__, __LINE__, (i),                                          \
			       (log).n > (i) ? act_rb_outcome_name((log).r[i].outcome) : "none", \
			       act_rb_outcome_name(o), (log).n > (i) ? (log).r[i].what : "",     \
			       (log).n > (i) ? (log).r[i].msg : "");                             \
			check_failed++;                                                          \
		}                                                                                \
	} while (0)

/* ================================================================================
 * 1. Every writer on the tree
 * ================================================================================ */

static void t_writers_sysctl(void)
{
	struct rb_log log;
	struct nt_act_result res;
	const struct sfile *s;
	const struct srec *rec;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	wrap_install(f.act);
	CHECK(W.inner == &sysio_tree_ops);

	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.what, "net.core.netdev_budget");
	CHECK_STR(res.from, "300");
	CHECK_STR(res.to, "600");
	CHECK_STR(res.now, "600");
	CHECK_STR(tv(&f, BUDGET), "600");

	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_MAX_BACKLOG), "2500", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.from, "1000");
	CHECK_STR(res.now, "2500");
	CHECK_STR(tv(&f, BACKLOG), "2500");

	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_RPS_SOCK_FLOW_ENTRIES), "32768", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.from, "0");
	CHECK_STR(res.to, "32768");
	CHECK_STR(res.now, "32768");
	CHECK_STR(tv(&f, SOCKFLOW), "32768");
	CHECK_EQ_INT(W.writes, 3);

	s = sf_load(f.state);
	CHECK(s->exists);
	CHECK_EQ_INT(s->version, 2);
	CHECK_EQ_INT(s->n, 3);
	/* the end marker counts the records: a file cut short is told apart */
	CHECK_EQ_INT(s->end_records, 3);
	rec = sf_find(s, "net.core.netdev_budget", -1);
	CHECK(rec);
	if (rec) {
		CHECK_STR(rec->original, "300");
		CHECK(rec->has_written);
		CHECK_STR(rec->written, "600");
		CHECK(!rec->has_pending);
		CHECK_EQ_INT(rec->queue, -1);
		CHECK_EQ_INT(rec->irq, -1);
		CHECK_STR(rec->device, "");
	}
	rec = sf_find(s, "net.core.netdev_max_backlog", -1);
	CHECK(rec && !strcmp(rec->original, "1000") && !strcmp(rec->written, "2500"));
	rec = sf_find(s, "net.core.rps_sock_flow_entries", -1);
	CHECK(rec && !strcmp(rec->original, "0") && !strcmp(rec->written, "32768"));
	/* newest change has the highest seq */
	if (s->n == 3) {
		CHECK(sf_find(s, "net.core.netdev_budget", -1)->seq <
		      sf_find(s, "net.core.netdev_max_backlog", -1)->seq);
		CHECK(sf_find(s, "net.core.netdev_max_backlog", -1)->seq <
		      sf_find(s, "net.core.rps_sock_flow_entries", -1)->seq);
	}

	/* and back */
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_EQ_INT(log.n, 3);
	for (int i = 0; i < 3; i++)
		CHECK_RB(log, i, NT_RB_RESTORED);
	CHECK_STR(tv(&f, BUDGET), "300");
	CHECK_STR(tv(&f, BACKLOG), "1000");
	CHECK_STR(tv(&f, SOCKFLOW), "0");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_writers_device(void)
{
	struct rb_log log;
	struct nt_act_result res;
	const struct sfile *s;
	const struct srec *rec;
	struct nt_ring ring;
	struct nt_channels ch;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	wrap_install(f.act);

	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "2048", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.what, "ring.rx of eth3");
	CHECK_STR(res.from, "453");
	CHECK_STR(res.to, "2048");
	CHECK_STR(res.now, "2048");
	ring = rings_of(&f, "eth3");
	CHECK_EQ_INT(ring.err, 0);
	CHECK_EQ_INT(ring.rx, 2048);
	CHECK_EQ_INT(ring.rx_max, 4078);
	CHECK_EQ_INT(ring.tx, 4078);

	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_TX, "eth3"), "1024", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.from, "4078");
	CHECK_STR(res.now, "1024");
	ring = rings_of(&f, "eth3");
	CHECK_EQ_INT(ring.tx, 1024);
	CHECK_EQ_INT(ring.rx, 2048);

	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_CHANNELS_COMBINED, "eth3"), "16", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.from, "8");
	CHECK_STR(res.now, "16");
	ch = channels_of(&f, "eth3");
	CHECK_EQ_INT(ch.err, 0);
	CHECK_EQ_INT(ch.combined, 16);
	CHECK_EQ_INT(ch.combined_max, 30);

	CHECK_STR(tv(&f, RX0_CPUS), "0000");
	CHECK_EQ_INT(apply(&f, T_queue(NT_KNOB_RPS_CPUS, "eth3", 0), "1-3", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.what, "rps.cpus of eth3 rx-0");
	CHECK_STR(res.from, "");
	CHECK_STR(res.to, "1-3");
	CHECK_STR(res.now, "1-3");
	CHECK_STR(tv(&f, RX0_CPUS), "e"); /* a hex mask, not a list */
	CHECK_STR(mask_list(&f, RX0_CPUS), "1-3");

	CHECK_EQ_INT(apply(&f, T_queue(NT_KNOB_RPS_FLOW_CNT, "eth3", 0), "4096", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.from, "0");
	CHECK_STR(res.now, "4096");
	CHECK_STR(tv(&f, RX0_FLOW), "4096");
	/* rx-1 untouched */
	CHECK_STR(tv(&f, "sys/class/net/eth3/queues/rx-1/rps_flow_cnt"), "0");
	CHECK_EQ_INT(W.writes, 5);

	s = sf_load(f.state);
	CHECK_EQ_INT(s->n, 5);
	rec = sf_find(s, "ring.rx", -1);
	CHECK(rec);
	if (rec) {
		CHECK_STR(rec->device, "eth3");
		CHECK_STR(rec->device_id, AGENT_BUS);
		CHECK_STR(rec->original, "453");
		CHECK_STR(rec->written, "2048");
		CHECK(!rec->has_pending);
		CHECK_EQ_INT(rec->queue, -1);
	}
	rec = sf_find(s, "ring.tx", -1);
	CHECK(rec && !strcmp(rec->original, "4078") && !strcmp(rec->written, "1024"));
	rec = sf_find(s, "channels.combined", -1);
	CHECK(rec && !strcmp(rec->original, "8") && !strcmp(rec->written, "16"));
	rec = sf_find(s, "rps.cpus", -1);
	CHECK(rec);
	if (rec) {
		CHECK_EQ_INT(rec->queue, 0);
		CHECK_STR(rec->device_id, AGENT_BUS);
		CHECK_STR(rec->original, "");
		CHECK(rec->has_written);
		CHECK_STR(rec->written, "1-3");
	}
	rec = sf_find(s, "rps.flow_cnt", -1);
	CHECK(rec && rec->queue == 0 && !strcmp(rec->original, "0") &&
	      !strcmp(rec->written, "4096"));

	/* and back */
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_EQ_INT(log.n, 5);
	for (int i = 0; i < 5; i++)
		CHECK_RB(log, i, NT_RB_RESTORED);
	ring = rings_of(&f, "eth3");
	CHECK_EQ_INT(ring.rx, 453);
	CHECK_EQ_INT(ring.tx, 4078);
	CHECK_EQ_INT(channels_of(&f, "eth3").combined, 8);
	CHECK_STR(mask_list(&f, RX0_CPUS), "");
	CHECK_STR(tv(&f, RX0_FLOW), "0");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_writers_irq(void)
{
	struct rb_log log;
	struct nt_act_result res;
	const struct srec *rec;
	struct fx f, g;

	/* agent16: 3.10, no effective_affinity_list; the record names the action */
	if (fx_setup(&f, AGENT)) {
		CHECK_EQ_INT(apply(&f, T_irq(114), "4-7", &res), 0);
		CHECK_OUTCOME(res, NT_ACT_APPLIED);
		CHECK_STR(res.what, "irq.affinity of IRQ 114 (eth3-TxRx-0)");
		CHECK_STR(res.from, "0");
		CHECK_STR(res.now, "4-7");
		CHECK_STR(tv(&f, IRQ114), "4-7");
		CHECK_STR(tv(&f, "proc/irq/115/smp_affinity_list"), "1");
		rec = sf_find(sf_load(f.state), "irq.affinity", 114);
		CHECK(rec);
		if (rec) {
			CHECK_EQ_INT(rec->irq, 114);
			CHECK_STR(rec->irq_action, "eth3-TxRx-0");
			CHECK_STR(rec->device, "");
			CHECK_STR(rec->original, "0");
			CHECK_STR(rec->written, "4-7");
		}
	}
	fx_done(&f);

	/* runner: the interrupt lands on a CPU of the new set */
	if (fx_setup(&g, RUNNER)) {
		CHECK_STR(tv(&g, IRQ23_EFF), "0");
		CHECK_EQ_INT(apply(&g, T_irq(23), "2-3", &res), 0);
		CHECK_OUTCOME(res, NT_ACT_APPLIED);
		CHECK_STR(res.from, "0-3");
		CHECK_STR(res.now, "2-3");
		CHECK_STR(tv(&g, IRQ23), "2-3");
		CHECK_STR(tv(&g, IRQ23_EFF), "2");
		rec = sf_find(sf_load(g.state), "irq.affinity", 23);
		CHECK(rec && !strcmp(rec->original, "0-3") && !strcmp(rec->written, "2-3"));
		CHECK_EQ_INT(rollback(&g, 0, &log), 0);
		CHECK_RB(log, 0, NT_RB_RESTORED);
		CHECK_STR(tv(&g, IRQ23), "0-3");
		CHECK_STR(tv(&g, IRQ23_EFF), "0");
		CHECK_NO_RECORDS(g.state);
	}
	fx_done(&g);
}

static void t_writers_eee(void)
{
	struct rb_log log;
	struct nt_act_result res;
	const struct srec *rec;
	struct nt_eee eee;
	struct fx f;

	if (!fx_setup(&f, RUNNER))
		goto out;
	eee = eee_of(&f, "end0");
	CHECK(eee.supported && eee.enabled);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_EEE_ENABLED, "end0"), "off", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.what, "eee.enabled of end0");
	CHECK_STR(res.from, "on");
	CHECK_STR(res.to, "off");
	CHECK_STR(res.now, "off");
	eee = eee_of(&f, "end0");
	CHECK_EQ_INT(eee.err, 0);
	CHECK(eee.supported);
	CHECK(!eee.enabled);
	rec = sf_find(sf_load(f.state), "eee.enabled", -1);
	CHECK(rec);
	if (rec) {
		CHECK_STR(rec->device, "end0");
		CHECK(rec->device_id[0]);
		CHECK_STR(rec->original, "on");
		CHECK_STR(rec->written, "off");
	}
	/* and at the value already: nothing more */
	wrap_install(f.act);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_EEE_ENABLED, "end0"), "off", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_UNCHANGED);
	CHECK_EQ_INT(W.writes, 0);
	CHECK_EQ_INT(sf_load(f.state)->n, 1);

	/* and back on */
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_EQ_INT(log.n, 1);
	CHECK_RB(log, 0, NT_RB_RESTORED);
	CHECK_EQ_INT(W.writes, 1);
	CHECK(eee_of(&f, "end0").enabled);
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_unchanged(void)
{
	struct nt_act_result res;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	wrap_install(f.act);
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "300", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_UNCHANGED);
	CHECK_STR(res.from, "300");
	CHECK_STR(res.now, "300");
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "453", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_UNCHANGED);
	CHECK_STR(res.now, "453");
	/* the empty mask "0000" is the empty list */
	CHECK_EQ_INT(apply(&f, T_queue(NT_KNOB_RPS_CPUS, "eth3", 0), "", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_UNCHANGED);
	/* "0-0" and "0" are one value */
	CHECK_EQ_INT(apply(&f, T_irq(114), "0-0", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_UNCHANGED);
	CHECK_EQ_INT(W.writes, 0);
	CHECK_STR(tv(&f, BUDGET), "300");
	CHECK_STR(tv(&f, RX0_CPUS), "0000");
	CHECK(!sf_load(f.state)->exists);
out:
	fx_done(&f);
}

/* ================================================================================
 * 2. Invalid targets: nothing written, no record
 * ================================================================================ */

struct bad {
	struct nt_knob_id t;
	const char *to;
	enum nt_act_outcome outcome;
	const char *msg; /* a part of res.msg */
};

static void t_invalid(void)
{
	const struct bad bad[] = {
		{ T_dev(NT_KNOB_RING_RX, "eth3"), "5000", NT_ACT_INVALID, "4078" },
		{ T_dev(NT_KNOB_RING_TX, "eth3"), "0", NT_ACT_INVALID, "4078" },
		{ T_irq(114), "20", NT_ACT_INVALID, "CPU 20 is not online" },
		{ T_irq(114), "2,16", NT_ACT_INVALID, "CPU 16 is not online" },
		{ T_irq(114), "", NT_ACT_INVALID, "empty" },
		{ T_queue(NT_KNOB_RPS_CPUS, "eth3", 0), "1,20", NT_ACT_INVALID,
		  "CPU 20 is not online" },
		{ T_queue(NT_KNOB_RPS_FLOW_CNT, "eth3", 0), "1000", NT_ACT_INVALID,
		  "power of two" },
		{ T_host(NT_KNOB_RPS_SOCK_FLOW_ENTRIES), "1000", NT_ACT_INVALID, "power of two" },
		{ T_host(NT_KNOB_NETDEV_BUDGET), "0", NT_ACT_INVALID, "between 1 and" },
		{ T_host(NT_KNOB_NETDEV_BUDGET), "-5", NT_ACT_INVALID, "between 1 and" },
		{ T_host(NT_KNOB_NETDEV_BUDGET), "abc", NT_ACT_INVALID, "'abc' is not a value" },
		{ T_host(NT_KNOB_NETDEV_BUDGET), "600 ", NT_ACT_INVALID, "is not a value" },
		{ T_dev(NT_KNOB_RING_RX, "eth3"), "12x", NT_ACT_INVALID, "is not a value" },
		{ T_irq(114), "3-1", NT_ACT_INVALID, "is not a value" },
		{ T_dev(NT_KNOB_EEE_ENABLED, "eth3"), "maybe", NT_ACT_INVALID, "is not a value" },
	};
	struct nt_act_result res;
	struct fx f, g;

	if (fx_setup(&f, AGENT)) {
		wrap_install(f.act);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			int r = apply(&f, bad[i].t, bad[i].to, &res);

			if (r >= 0 || res.outcome != bad[i].outcome ||
			    !strstr(res.msg, bad[i].msg)) {
				printf("# case %zu (%s to '%s'): r %d, %s: \"%s\", expected %s with \"%s\"\n",
				       i, nt_knobs[bad[i].t.knob].name, bad[i].to, r,
				       act_outcome_name(res.outcome), res.msg,
				       act_outcome_name(bad[i].outcome), bad[i].msg);
				check_failed++;
			}
		}
		CHECK_EQ_INT(W.writes, 0);
		CHECK_STR(tv(&f, BUDGET), "300");
		CHECK_STR(tv(&f, SOCKFLOW), "0");
		CHECK_STR(ring_rx_text(&f, "eth3"), "453");
		CHECK_EQ_INT(rings_of(&f, "eth3").tx, 4078);
		CHECK_STR(tv(&f, IRQ114), "0");
		CHECK_STR(tv(&f, RX0_CPUS), "0000");
		CHECK_STR(tv(&f, RX0_FLOW), "0");
		CHECK(!sf_load(f.state)->exists);
	}
	fx_done(&f);

	/* stmmac: RX 1 / TX 1 channels, combined n/a (maximum 0) */
	if (fx_setup(&g, RUNNER)) {
		wrap_install(g.act);
		CHECK_EQ_INT(apply(&g, T_dev(NT_KNOB_CHANNELS_COMBINED, "end0"), "2", &res),
			     -EOPNOTSUPP);
		CHECK_OUTCOME(res, NT_ACT_UNSUPPORTED);
		CHECK_HAS(res.msg, "maximum 0");
		CHECK_EQ_INT(W.writes, 0);
		CHECK_EQ_INT(channels_of(&g, "end0").rx, 1);
		CHECK_EQ_INT(channels_of(&g, "end0").combined, 0);
		/* IRQ 23 on a 4-CPU runner: CPU 4 is not there */
		CHECK(apply(&g, T_irq(23), "3-4", &res) < 0);
		CHECK_OUTCOME(res, NT_ACT_INVALID);
		CHECK_HAS(res.msg, "online CPUs: 0-3");
		CHECK_STR(tv(&g, IRQ23), "0-3");
		CHECK(!sf_load(g.state)->exists);
	}
	fx_done(&g);
}

/* ================================================================================
 * 3. The original survives several changes; back to it drops the record
 * ================================================================================ */

static void t_original_kept(void)
{
	struct nt_act_result res;
	const struct sfile *s;
	const struct srec *rec;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	/* a later process continues the same record */
	if (!fx_reopen(&f))
		goto out;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "900", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.from, "600");
	CHECK_STR(tv(&f, BUDGET), "900");
	s = sf_load(f.state);
	CHECK_EQ_INT(s->n, 1);
	rec = sf_find(s, "net.core.netdev_budget", -1);
	CHECK(rec);
	if (rec) {
		CHECK_STR(rec->original, "300");
		CHECK_STR(rec->written, "900");
		CHECK(!rec->has_pending);
	}

	/* ring.rx 453 -> 1024 -> 2048, then back to 453 */
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), 0);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "2048", &res), 0);
	rec = sf_find(sf_load(f.state), "ring.rx", -1);
	CHECK(rec && !strcmp(rec->original, "453") && !strcmp(rec->written, "2048"));
	CHECK_EQ_INT(sf_load(f.state)->n, 2);

	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "300", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.now, "300");
	CHECK_STR(tv(&f, BUDGET), "300");
	s = sf_load(f.state);
	CHECK_EQ_INT(s->n, 1);
	CHECK(!sf_find(s, "net.core.netdev_budget", -1));

	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "453", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(ring_rx_text(&f, "eth3"), "453");
	s = sf_load(f.state);
	CHECK(s->exists);
	CHECK_EQ_INT(s->n, 0);
out:
	fx_done(&f);
}

/* ================================================================================
 * 4. Failures through the seam
 * ================================================================================ */

static void t_fail_irq(void)
{
	struct nt_act_result res;
	struct fx f;
	int r;

	if (!fx_setup(&f, AGENT))
		goto out;
	wrap_install(f.act);

	/* EIO: userspace may not move it; never tried again in this act */
	W.fail_at = 1;
	W.fail_err = -EIO;
	r = apply(&f, T_irq(114), "2-3", &res);
	CHECK_EQ_INT(r, -EIO);
	CHECK_EQ_INT(res.err, -EIO);
	CHECK_OUTCOME(res, NT_ACT_UNMANAGEABLE);
	CHECK_HAS(res.msg, "(EIO)");
	CHECK_EQ_INT(W.writes, 1);
	CHECK_STR(tv(&f, IRQ114), "0");
	CHECK_NO_RECORDS(f.state);

	r = apply(&f, T_irq(114), "4", &res);
	CHECK(r < 0);
	CHECK_OUTCOME(res, NT_ACT_UNMANAGEABLE);
	CHECK_HAS(res.msg, "not retried");
	CHECK_EQ_INT(W.writes, 1); /* no write call at all */
	CHECK_STR(tv(&f, IRQ114), "0");
	CHECK_NO_RECORDS(f.state);

	/* another IRQ is still written */
	CHECK_EQ_INT(apply(&f, T_irq(115), "5", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_EQ_INT(W.writes, 2);
	CHECK_STR(tv(&f, "proc/irq/115/smp_affinity_list"), "5");

	/* ENOSPC: no vector there */
	W.fail_at = W.writes + 1;
	W.fail_err = -ENOSPC;
	r = apply(&f, T_irq(116), "2-3", &res);
	CHECK_EQ_INT(r, -ENOSPC);
	CHECK_OUTCOME(res, NT_ACT_FAILED);
	CHECK_HAS(res.msg, "no free interrupt vector");
	CHECK_HAS(res.msg, "(ENOSPC)");
	/* one line: the CPU list is quoted without the newline written */
	CHECK(!strchr(res.msg, '\n'));
	CHECK_HAS(res.msg, "CPU 2-3;");
	CHECK_STR(tv(&f, "proc/irq/116/smp_affinity_list"), "2");
	{
		const struct sfile *s = sf_load(f.state);

		CHECK_EQ_INT(s->n, 1); /* IRQ 115's only */
		CHECK(sf_find(s, "irq.affinity", 115));
		CHECK(!sf_find(s, "irq.affinity", 116));
	}
	/* unlike EIO, ENOSPC is tried again */
	W.fail_at = 0;
	CHECK_EQ_INT(apply(&f, T_irq(116), "4", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(tv(&f, "proc/irq/116/smp_affinity_list"), "4");
out:
	fx_done(&f);
}

/*
 * ENOSPC moving an IRQ: the CPU has no free vector (x86 vector_matrix), but
 * the next CPU in placement order may, and is tried before giving up.
 */
static void t_irq_enospc_fallback(void)
{
	static const char *const next[] = { "5", "6" };
	struct nt_act_result res;
	const struct srec *rec;
	struct fx f;
	int r;

	if (!fx_setup(&f, AGENT))
		goto out;
	wrap_install(f.act);
	W.fail_at = 1;
	W.fail_err = -ENOSPC;
	r = act_apply_fallback(
		f.act, &f.snap,
		&(struct nt_knob_id){ .knob = NT_KNOB_IRQ_AFFINITY, .queue = -1, .irq = 114 }, "4",
		next, 2, &res);
	CHECK_EQ_INT(r, 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	CHECK_STR(res.to, "5");
	CHECK_STR(res.now, "5");
	CHECK_HAS(res.msg, "no free interrupt vector on CPU 4 (ENOSPC); CPU 5 was the next");
	CHECK_STR(tv(&f, IRQ114), "5");
	CHECK_EQ_INT(W.writes, 2);
	rec = sf_find(sf_load(f.state), "irq.affinity", 114);
	CHECK(rec && !strcmp(rec->original, "0") && !strcmp(rec->written, "5") &&
	      !rec->has_pending);

	/* nothing left to try: the ENOSPC stands, the original stays */
	W.fail_at = W.writes + 1;
	r = act_apply_fallback(
		f.act, &f.snap,
		&(struct nt_knob_id){ .knob = NT_KNOB_IRQ_AFFINITY, .queue = -1, .irq = 115 }, "4",
		NULL, 0, &res);
	CHECK_EQ_INT(r, -ENOSPC);
	CHECK_OUTCOME(res, NT_ACT_FAILED);
	CHECK(!sf_find(sf_load(f.state), "irq.affinity", 115));
out:
	fx_done(&f);
}

static void t_fail_sysctl(void)
{
	struct nt_act_result res;
	const struct srec *rec;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	wrap_install(f.act);
	W.fail_at = 1;
	W.fail_err = -EINVAL;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), -EINVAL);
	CHECK_OUTCOME(res, NT_ACT_FAILED);
	CHECK_EQ_INT(res.err, -EINVAL);
	CHECK_HAS(res.msg, "(EINVAL)");
	CHECK_HAS(res.msg, "/proc/sys/net/core/netdev_budget");
	CHECK_STR(tv(&f, BUDGET), "300");
	CHECK_NO_RECORDS(f.state);

	/* with an earlier change: its original stays */
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	W.fail_at = W.writes + 1;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "900", &res), -EINVAL);
	CHECK_OUTCOME(res, NT_ACT_FAILED);
	CHECK_STR(tv(&f, BUDGET), "600");
	rec = sf_find(sf_load(f.state), "net.core.netdev_budget", -1);
	CHECK(rec);
	if (rec) {
		CHECK_STR(rec->original, "300");
		CHECK_STR(rec->written, "600");
		CHECK(!rec->has_pending);
	}
	CHECK_EQ_INT(sf_load(f.state)->n, 1);
out:
	fx_done(&f);
}

static void t_fail_rings_gone(void)
{
	struct nt_act_result res;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	wrap_install(f.act);
	W.fail_at = 1;
	W.fail_err = -ENODEV;
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), -ENODEV);
	CHECK_OUTCOME(res, NT_ACT_GONE);
	CHECK_EQ_INT(res.err, -ENODEV);
	CHECK_HAS(res.msg, "(ENODEV)");
	CHECK_STR(ring_rx_text(&f, "eth3"), "453");
	CHECK_NO_RECORDS(f.state);

	/* channels: EINVAL from the kernel */
	W.fail_at = W.writes + 1;
	W.fail_err = -EINVAL;
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_CHANNELS_COMBINED, "eth3"), "4", &res), -EINVAL);
	CHECK_OUTCOME(res, NT_ACT_FAILED);
	CHECK_HAS(res.msg, "refused the channel count");
	CHECK_EQ_INT(channels_of(&f, "eth3").combined, 8);
	CHECK_NO_RECORDS(f.state);

	/* the device really gone: read answers, the write does not */
	sh("rm -rf '%s/sys/class/net/eth3'", f.root);
	W.fail_at = 0;
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), -ENODEV);
	CHECK_OUTCOME(res, NT_ACT_GONE);
	CHECK_STR(ring_rx_text(&f, "eth3"), "453");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_fail_eee(void)
{
	struct nt_act_result res;
	struct fx f;

	if (!fx_setup(&f, RUNNER))
		goto out;
	wrap_install(f.act);
	W.fail_at = 1;
	W.fail_err = -EOPNOTSUPP;
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_EEE_ENABLED, "end0"), "off", &res), -EOPNOTSUPP);
	CHECK_OUTCOME(res, NT_ACT_UNSUPPORTED);
	CHECK_EQ_INT(res.err, -EOPNOTSUPP);
	CHECK_HAS(res.msg, "refused the EEE change");
	CHECK_EQ_INT(W.writes, 1);
	CHECK(eee_of(&f, "end0").enabled);
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_readback_differs(void)
{
	struct nt_act_result res;
	struct fx f, g;
	int r;

	if (fx_setup(&f, AGENT)) {
		wrap_install(f.act);
		W.skew_at = 1;
		W.skew_text = "599\n";
		r = apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res);
		CHECK(r < 0);
		CHECK_OUTCOME(res, NT_ACT_FAILED);
		CHECK_HAS(res.msg, "wrote 600 but read back 599");
		CHECK_EQ_INT(W.writes, 2); /* the write and the put-back */
		CHECK_STR(tv(&f, BUDGET), "300");
		CHECK_STR(res.now, "300");
		CHECK_NO_RECORDS(f.state);

		/* rings: the driver took one descriptor less */
		W.skew_at = W.writes + 1;
		r = apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res);
		CHECK(r < 0);
		CHECK_OUTCOME(res, NT_ACT_FAILED);
		CHECK_HAS(res.msg, "wrote 1024 but read back 1023");
		CHECK_EQ_INT(W.writes, 4);
		CHECK_STR(ring_rx_text(&f, "eth3"), "453");
		CHECK_NO_RECORDS(f.state);

		/* with an earlier change, the put-back is the value before this one */
		W.skew_at = 0;
		CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
		W.skew_at = W.writes + 1;
		W.skew_text = "899\n";
		CHECK(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "900", &res) < 0);
		CHECK_OUTCOME(res, NT_ACT_FAILED);
		CHECK_STR(tv(&f, BUDGET), "600");
		{
			const struct srec *rec =
				sf_find(sf_load(f.state), "net.core.netdev_budget", -1);

			CHECK(rec && !strcmp(rec->original, "300") &&
			      !strcmp(rec->written, "600") && !rec->has_pending);
		}
	}
	fx_done(&f);

	/* IRQ: accepted, but the interrupt keeps landing outside the set */
	if (fx_setup(&g, RUNNER)) {
		wrap_install(g.act);
		W.effective = "0\n";
		r = apply(&g, T_irq(23), "2-3", &res);
		CHECK(r < 0);
		CHECK_OUTCOME(res, NT_ACT_FAILED);
		CHECK_HAS(res.msg, "still lands on CPU 0");
		CHECK_EQ_INT(W.writes, 2);
		CHECK_STR(tv(&g, IRQ23), "0-3");
		CHECK_NO_RECORDS(g.state);
	}
	fx_done(&g);
}

/* ================================================================================
 * 5. Rollback
 * ================================================================================ */

static void t_rollback_order(void)
{
	static const char *const order[] = {
		"net.core.netdev_budget",    "net.core.netdev_max_backlog",
		"channels.combined of eth3", "irq.affinity of IRQ 114 (eth3-TxRx-0)",
		"rps.cpus of eth3 rx-0",     "ring.rx of eth3",
	};
	static const char *const originals[] = { "300", "1000", "8", "0", "", "453" };
	struct nt_act_result res;
	struct rb_log log;
	struct fx f;
	int r;

	if (!fx_setup(&f, AGENT))
		goto out;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), 0);
	CHECK_EQ_INT(apply(&f, T_queue(NT_KNOB_RPS_CPUS, "eth3", 0), "1-3", &res), 0);
	CHECK_EQ_INT(apply(&f, T_irq(114), "2-3", &res), 0);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_CHANNELS_COMBINED, "eth3"), "16", &res), 0);
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_MAX_BACKLOG), "2000", &res), 0);
	/* changing budget again makes it the newest change */
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "900", &res), 0);
	CHECK_EQ_INT(sf_load(f.state)->n, 6);
	if (!fx_reopen(&f))
		goto out;

	r = rollback(&f, 0, &log);
	CHECK_EQ_INT(r, 0);
	CHECK_EQ_INT(log.n, 6);
	for (int i = 0; i < 6 && i < log.n; i++) {
		CHECK_STR(log.r[i].what, order[i]);
		CHECK_RB(log, i, NT_RB_RESTORED);
		CHECK_STR(log.r[i].original, originals[i]);
	}
	if (log.n == 6) {
		CHECK_STR(log.r[0].now, "900");
		CHECK_STR(log.r[5].now, "1024");
	}
	CHECK_STR(tv(&f, BUDGET), "300");
	CHECK_STR(tv(&f, BACKLOG), "1000");
	CHECK_EQ_INT(channels_of(&f, "eth3").combined, 8);
	CHECK_STR(tv(&f, IRQ114), "0");
	CHECK_STR(mask_list(&f, RX0_CPUS), "");
	CHECK_STR(ring_rx_text(&f, "eth3"), "453");
	CHECK(sf_load(f.state)->exists);
	CHECK_NO_RECORDS(f.state);

	/* nothing left: a second rollback reports nothing */
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_EQ_INT(log.n, 0);
out:
	fx_done(&f);
}

static void t_rollback_changed(void)
{
	struct nt_act_result res;
	struct rb_log log;
	const struct srec *rec;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), 0);
	/* an operator sets the budget by hand */
	put(&f, BUDGET, "700\n");

	CHECK_EQ_INT(rollback(&f, 0, &log), 1);
	CHECK_EQ_INT(log.n, 2);
	CHECK_STR(log.r[0].what, "ring.rx of eth3");
	CHECK_RB(log, 0, NT_RB_RESTORED);
	CHECK_STR(log.r[1].what, "net.core.netdev_budget");
	CHECK_RB(log, 1, NT_RB_CHANGED);
	CHECK_STR(log.r[1].now, "700");
	CHECK_HAS(log.r[1].msg, "--force");
	CHECK_STR(tv(&f, BUDGET), "700");
	CHECK_STR(ring_rx_text(&f, "eth3"), "453");
	CHECK_EQ_INT(sf_load(f.state)->n, 1);
	rec = sf_find(sf_load(f.state), "net.core.netdev_budget", -1);
	CHECK(rec && !strcmp(rec->original, "300") && !strcmp(rec->written, "600"));

	/* kept again by a plain rollback in a later process */
	if (!fx_reopen(&f))
		goto out;
	CHECK_EQ_INT(rollback(&f, 0, &log), 1);
	CHECK_RB(log, 0, NT_RB_CHANGED);
	CHECK_STR(tv(&f, BUDGET), "700");

	CHECK_EQ_INT(rollback(&f, NT_RB_FORCE, &log), 0);
	CHECK_EQ_INT(log.n, 1);
	CHECK_RB(log, 0, NT_RB_RESTORED);
	CHECK_STR(tv(&f, BUDGET), "300");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_rollback_dry_run(void)
{
	struct nt_act_result res;
	struct rb_log log;
	char path[1024], *before = NULL, *after = NULL;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_EQ_INT(apply(&f, T_queue(NT_KNOB_RPS_FLOW_CNT, "eth3", 0), "2048", &res), 0);
	snprintf(path, sizeof(path), "%s/state.ini", f.state);
	before = slurp(path, NULL);
	wrap_install(f.act);

	/* every record would be restored: none counts as kept */
	CHECK_EQ_INT(rollback(&f, NT_RB_DRY_RUN, &log), 0);
	CHECK_EQ_INT(log.n, 2);
	CHECK_RB(log, 0, NT_RB_WOULD_RESTORE);
	CHECK_RB(log, 1, NT_RB_WOULD_RESTORE);
	CHECK_STR(log.r[0].now, "2048");
	CHECK_STR(log.r[1].now, "600");
	CHECK_EQ_INT(W.writes, 0);
	CHECK_STR(tv(&f, BUDGET), "600");
	CHECK_STR(tv(&f, RX0_FLOW), "2048");
	after = slurp(path, NULL);
	CHECK(before && after && !strcmp(before, after));
	CHECK_EQ_INT(sf_load(f.state)->n, 2);

	/* a record the operator changed since would be kept */
	put(&f, BUDGET, "700\n");
	CHECK_EQ_INT(rollback(&f, NT_RB_DRY_RUN, &log), 1);
	CHECK_RB(log, 0, NT_RB_WOULD_RESTORE);
	CHECK_RB(log, 1, NT_RB_CHANGED);
	/* ... unless forced */
	CHECK_EQ_INT(rollback(&f, NT_RB_DRY_RUN | NT_RB_FORCE, &log), 0);
	CHECK_RB(log, 1, NT_RB_WOULD_RESTORE);
	CHECK_EQ_INT(W.writes, 0);
	CHECK_STR(tv(&f, BUDGET), "700");
	CHECK_STR(tv(&f, RX0_FLOW), "2048");
	free(after);
	after = slurp(path, NULL);
	CHECK(before && after && !strcmp(before, after));
out:
	free(before);
	free(after);
	fx_done(&f);
}

static void t_rollback_earlier_boot(void)
{
	struct nt_act_result res;
	struct rb_log log;
	const struct srec *rec;
	struct fx f;

	if (!fx_copy(&f, AGENT))
		goto out;
	sh("mkdir -p '%s/proc/sys/kernel/random'", f.root);
	put(&f, "proc/sys/kernel/random/boot_id", "6b9e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b\n");
	fx_snap(&f);
	if (fx_open(&f))
		goto out;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), 0);
	rec = sf_find(sf_load(f.state), "net.core.netdev_budget", -1);
	CHECK(rec && !strcmp(rec->boot_id, "6b9e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b"));
	fx_close(&f);

	/* rebooted */
	put(&f, "proc/sys/kernel/random/boot_id", "0f0e0d0c-0b0a-4908-8706-050403020100\n");
	if (!fx_reopen(&f))
		goto out;
	wrap_install(f.act);
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_EQ_INT(log.n, 2);
	CHECK_RB(log, 0, NT_RB_EARLIER_BOOT);
	CHECK_RB(log, 1, NT_RB_EARLIER_BOOT);
	CHECK_HAS(log.r[0].msg, "6b9e1f2a");
	CHECK_EQ_INT(W.writes, 0);
	CHECK_STR(tv(&f, BUDGET), "600");
	CHECK_STR(ring_rx_text(&f, "eth3"), "1024");
	CHECK(sf_load(f.state)->exists);
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_rollback_renamed(void)
{
	struct nt_act_result res;
	struct rb_log log;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), 0);
	CHECK_EQ_INT(apply(&f, T_queue(NT_KNOB_RPS_CPUS, "eth3", 0), "2-3", &res), 0);
	fx_close(&f);
	/* udev renamed it: same PCI function, new name */
	sh("mv '%s/sys/class/net/eth3' '%s/sys/class/net/eth9' && mv '%s/ethtool/eth3' '%s/ethtool/eth9'",
	   f.root, f.root, f.root, f.root);
	if (!fx_reopen(&f))
		goto out;
	{
		const struct nt_netdev *d = snapshot_find_dev(&f.snap, "eth9");

		CHECK(d && !strcmp(d->bus_id, "0000:3b:00.0"));
		CHECK(!snapshot_find_dev(&f.snap, "eth3"));
	}
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_EQ_INT(log.n, 2);
	CHECK_RB(log, 0, NT_RB_RESTORED);
	CHECK_RB(log, 1, NT_RB_RESTORED);
	CHECK_STR(log.r[0].what, "rps.cpus of eth3 rx-0 (now eth9)");
	CHECK_STR(log.r[1].what, "ring.rx of eth3 (now eth9)");
	CHECK_STR(ring_rx_text(&f, "eth9"), "453");
	CHECK_STR(mask_list(&f, "sys/class/net/eth9/queues/rx-0/rps_cpus"), "");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_rollback_removed(void)
{
	struct nt_act_result res;
	struct rb_log log;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), 0);
	CHECK_EQ_INT(apply(&f, T_queue(NT_KNOB_RPS_FLOW_CNT, "eth3", 0), "1024", &res), 0);
	fx_close(&f);
	sh("rm -rf '%s/sys/class/net/eth3' '%s/ethtool/eth3'", f.root, f.root);
	if (!fx_reopen(&f))
		goto out;
	CHECK(!snapshot_find_dev(&f.snap, "eth3"));
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_EQ_INT(log.n, 3);
	CHECK_RB(log, 0, NT_RB_GONE);
	CHECK_RB(log, 1, NT_RB_GONE);
	CHECK_HAS(log.r[1].msg, AGENT_BUS);
	CHECK_RB(log, 2, NT_RB_RESTORED);
	CHECK_STR(tv(&f, BUDGET), "300");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

static void t_rollback_irq_owner(void)
{
	struct nt_act_result res;
	struct rb_log log;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	CHECK_EQ_INT(apply(&f, T_irq(114), "2-3", &res), 0);
	CHECK_EQ_INT(apply(&f, T_irq(115), "6", &res), 0);
	fx_close(&f);
	/* driver reloaded: IRQ 114 now belongs to someone else */
	sh("sed -i 's/eth3-TxRx-0$/nvme0q1/' '%s/proc/interrupts' && "
	   "mv '%s/proc/irq/114/eth3-TxRx-0' '%s/proc/irq/114/nvme0q1'",
	   f.root, f.root, f.root);
	if (!fx_reopen(&f))
		goto out;
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_EQ_INT(log.n, 2);
	CHECK_RB(log, 0, NT_RB_RESTORED);
	CHECK_RB(log, 1, NT_RB_GONE);
	CHECK_STR(log.r[1].what, "irq.affinity of IRQ 114 (eth3-TxRx-0)");
	CHECK_HAS(log.r[1].msg, "nvme0q1");
	CHECK_STR(tv(&f, IRQ114), "2-3");
	CHECK_STR(tv(&f, "proc/irq/115/smp_affinity_list"), "1");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

/* The kernel refuses the restore: the record is kept for the next try. */
static void t_rollback_failed(void)
{
	struct nt_act_result res;
	struct rb_log log;
	const struct srec *rec;
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	CHECK_EQ_INT(apply(&f, T_host(NT_KNOB_NETDEV_BUDGET), "600", &res), 0);
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res), 0);
	wrap_install(f.act);
	W.fail_at = 1; /* the first restore: ring.rx, the newest */
	W.fail_err = -EBUSY;
	CHECK_EQ_INT(rollback(&f, 0, &log), 1);
	CHECK_EQ_INT(log.n, 2);
	CHECK_RB(log, 0, NT_RB_FAILED);
	CHECK_HAS(log.r[0].msg, "(EBUSY)");
	CHECK_RB(log, 1, NT_RB_RESTORED);
	CHECK_STR(ring_rx_text(&f, "eth3"), "1024");
	CHECK_STR(tv(&f, BUDGET), "300");
	rec = sf_find(sf_load(f.state), "ring.rx", -1);
	CHECK(rec && !strcmp(rec->original, "453") && !strcmp(rec->written, "1024"));
	CHECK_EQ_INT(sf_load(f.state)->n, 1);

	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	CHECK_RB(log, 0, NT_RB_RESTORED);
	CHECK_STR(ring_rx_text(&f, "eth3"), "453");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

/*
 * A device that is in the tree but not in the snapshot (it appeared after
 * sampling): whatever act_apply answers, the state file it leaves must be
 * one the next act_open loads, and rollback must restore the ring.
 */
static void t_device_not_in_snapshot(void)
{
	struct nt_act_result res;
	struct rb_log log;
	struct fx f;
	int r;

	if (!fx_copy(&f, AGENT))
		goto out;
	sh("mv '%s/sys/class/net/eth3' '%s/eth3.away'", f.root, f.root);
	fx_snap(&f);
	sh("mv '%s/eth3.away' '%s/sys/class/net/eth3'", f.root, f.root);
	CHECK(!snapshot_find_dev(&f.snap, "eth3"));
	if (fx_open(&f))
		goto out;
	r = apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "1024", &res);
	if (r && res.outcome == NT_ACT_APPLIED)
		CHECK_EQ_INT(r, 0);
	if (res.outcome != NT_ACT_APPLIED) {
		CHECK_STR(ring_rx_text(&f, "eth3"), "453");
	} else {
		const struct srec *rec = sf_find(sf_load(f.state), "ring.rx", -1);

		/* a record always says which device */
		CHECK(rec && rec->device_id[0] && !strcmp(rec->original, "453"));
	}
	if (!fx_reopen(&f)) /* fails when the record cannot be loaded */
		goto out;
	CHECK(snapshot_find_dev(&f.snap, "eth3"));
	/* a second change, now that the snapshot knows eth3 by its bus address */
	CHECK_EQ_INT(apply(&f, T_dev(NT_KNOB_RING_RX, "eth3"), "2048", &res), 0);
	CHECK_OUTCOME(res, NT_ACT_APPLIED);
	if (!fx_reopen(&f))
		goto out;
	CHECK_EQ_INT(rollback(&f, 0, &log), 0);
	for (int i = 0; i < log.n; i++)
		CHECK(log.r[i].outcome == NT_RB_RESTORED || log.r[i].outcome == NT_RB_ALREADY);
	CHECK_STR(ring_rx_text(&f, "eth3"), "453");
	CHECK_NO_RECORDS(f.state);
out:
	fx_done(&f);
}

/* ================================================================================
 * 6. Killed between recording and applying
 * ================================================================================ */

struct killcase {
	const char *name;
	struct nt_knob_id t;
	const char *pre; /* changed to this first, uninterrupted (KILL_SECOND) */
	const char *to, *original;
	const char *(*measure)(const struct fx *f); /* canonical text of the knob now */
};

enum kill_mode {
	KILL_APPLY,    /* the first change of the knob */
	KILL_SECOND,   /* a change of a knob with a record already */
	KILL_ROLLBACK, /* the rollback of a change */
};

static const char *const kill_mode_name[] = { "apply", "second apply", "rollback" };

static const char *m_ring_rx(const struct fx *f)
{
	return ring_rx_text(f, "eth3");
}

static const char *m_rps_cpus(const struct fx *f)
{
	return mask_list(f, RX0_CPUS);
}

static const char *m_irq114(const struct fx *f)
{
	return tv(f, IRQ114);
}

static const char *m_budget(const struct fx *f)
{
	return tv(f, BUDGET);
}

static void rb_ignore(const struct nt_rb_result *r, void *user)
{
}

/* The state before the operation under test, made by an act that is closed again. */
static bool kill_prepare(const struct killcase *kc, enum kill_mode mode, struct fx *f)
{
	struct nt_act_result res;
	const char *pre = mode == KILL_SECOND ? kc->pre : mode == KILL_ROLLBACK ? kc->to : NULL;

	if (!fx_copy(f, AGENT))
		return false;
	fx_snap(f);
	if (!pre)
		return true;
	if (fx_open(f))
		return false;
	if (apply(f, kc->t, pre, &res) || res.outcome != NT_ACT_APPLIED) {
		printf("# %s: preparing %s failed: %s\n", kc->name, pre, res.msg);
		check_failed++;
		return false;
	}
	fx_close(f);
	return true;
}

/* The operation under test, in an act of its own; 0 when it did all of it. */
static int kill_operate(const struct killcase *kc, enum kill_mode mode, struct fx *f,
			int kill_before, int kill_after, int *calls)
{
	struct nt_act_result res;
	struct nt_act *a = NULL;
	char err[1024];
	int r;

	if (act_open(&a, f->root, f->state, 0, err, sizeof(err)))
		return 2;
	wrap_install(a);
	W.kill_before = kill_before;
	W.kill_after = kill_after;
	if (mode == KILL_ROLLBACK) {
		r = act_rollback(a, &f->snap, 0, rb_ignore, NULL) == 0 ? 0 : 3;
	} else {
		r = act_apply(a, &f->snap, &kc->t, kc->to, &res);
		r = r == 0 && res.outcome == NT_ACT_APPLIED ? 0 : 3;
	}
	if (calls)
		*calls = W.calls;
	act_close(a);
	return r;
}

/* How many seam calls the operation makes, on a fresh copy. */
static int count_calls(const struct killcase *kc, enum kill_mode mode)
{
	struct fx f;
	int n = -1;

	if (kill_prepare(kc, mode, &f) && kill_operate(kc, mode, &f, 0, 0, &n)) {
		printf("# %s: the uninterrupted %s failed\n", kc->name, kill_mode_name[mode]);
		check_failed++;
		n = -1;
	}
	fx_done(&f);
	return n;
}

/* One child killed before (after = false) or after the k-th seam call. */
static void kill_one(const struct killcase *kc, enum kill_mode mode, int k, bool after, int n)
{
	struct nt_state *st = NULL;
	const struct sfile *s;
	const char *now;
	struct rb_log log;
	char err[1024] = "", where[128];
	struct fx f;
	pid_t pid;
	int status = 0, r;

	snprintf(where, sizeof(where), "%s, %s killed %s seam call %d of %d", kc->name,
		 kill_mode_name[mode], after ? "after" : "before", k, n);
	if (!kill_prepare(kc, mode, &f))
		goto out;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("# fork: %s\n", strerror(errno));
		check_failed++;
		goto out;
	}
	if (pid == 0)
		_exit(kill_operate(kc, mode, &f, after ? 0 : k, after ? k : 0, NULL));
	if (waitpid(pid, &status, 0) != pid) {
		printf("# waitpid: %s\n", strerror(errno));
		check_failed++;
		goto out;
	}
	if (k <= n) {
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
			printf("# %s: not killed (status 0x%x)\n", where, status);
			check_failed++;
		}
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("# %s: did not finish (status 0x%x)\n", where, status);
		check_failed++;
	}

	/* the file the child left parses */
	r = state_open(&st, f.state, 0, err, sizeof(err));
	if (r) {
		printf("# %s: state_open = %d: %s\n", where, r, err);
		check_failed++;
	}
	state_close(st);
	/* a knob away from its original has a record that accounts for its value */
	now = kc->measure(&f);
	s = sf_load(f.state);
	if (strcmp(now, kc->original)) {
		const struct srec *rec = sf_find(s, nt_knobs[kc->t.knob].name, -1);

		if (!rec || strcmp(rec->original, kc->original) ||
		    (!(rec->has_pending && !strcmp(rec->pending, now)) &&
		     !(rec->has_written && !strcmp(rec->written, now)))) {
			printf("# %s: knob at '%s' and no record of original '%s' with it "
			       "(record: %s, original '%s', written '%s', pending '%s')\n",
			       where, now, kc->original, rec ? "yes" : "no",
			       rec ? rec->original : "", rec ? rec->written : "",
			       rec ? rec->pending : "");
			check_failed++;
		}
	}

	if (fx_open(&f))
		goto out;
	r = rollback(&f, 0, &log);
	if (r != 0 || log.n > 1 ||
	    (log.n == 1 && log.r[0].outcome != NT_RB_RESTORED &&
	     log.r[0].outcome != NT_RB_ALREADY)) {
		printf("# %s: rollback = %d, %d result(s), %s: %s\n", where, r, log.n,
		       log.n ? act_rb_outcome_name(log.r[0].outcome) : "-",
		       log.n ? log.r[0].msg : "");
		check_failed++;
	}
	/* a knob that was away from its original is restored, not found there */
	if (strcmp(now, kc->original) && (log.n != 1 || log.r[0].outcome != NT_RB_RESTORED)) {
		printf("# %s: the knob at '%s' was not restored\n", where, now);
		check_failed++;
	}
	if (strcmp(kc->measure(&f), kc->original)) {
		printf("# %s: after rollback at '%s', expected '%s'\n", where, kc->measure(&f),
		       kc->original);
		check_failed++;
	}
	s = sf_load(f.state);
	if (s->n) {
		printf("# %s: %d record(s) left after rollback\n", where, s->n);
		check_failed++;
	}
out:
	fx_done(&f);
}

static void kill_matrix(const struct killcase *kc, enum kill_mode mode, int min_calls)
{
	int n = count_calls(kc, mode), before = check_failed;

	printf("# %s, %s: %d seam calls\n", kc->name, kill_mode_name[mode], n);
	CHECK(n >= min_calls);
	if (n < 1)
		return;
	for (int k = 1; k <= n + 1; k++)
		kill_one(kc, mode, k, false, n);
	for (int k = 1; k <= n; k++)
		kill_one(kc, mode, k, true, n);
	if (check_failed != before)
		printf("# %s, %s: %d failed check(s)\n", kc->name, kill_mode_name[mode],
		       check_failed - before);
}

static const struct killcase *kc_ring(void)
{
	static struct killcase kc = { "ring.rx", { 0 }, "1024", "2048", "453", m_ring_rx };

	kc.t = T_dev(NT_KNOB_RING_RX, "eth3");
	return &kc;
}

static const struct killcase *kc_rps(void)
{
	static struct killcase kc = { "rps.cpus", { 0 }, "8-11", "1-3", "", m_rps_cpus };

	kc.t = T_queue(NT_KNOB_RPS_CPUS, "eth3", 0);
	return &kc;
}

static const struct killcase *kc_irq(void)
{
	static struct killcase kc = { "irq.affinity", { 0 }, "12", "4-7", "0", m_irq114 };

	kc.t = T_irq(114);
	return &kc;
}

static const struct killcase *kc_budget(void)
{
	static struct killcase kc = { "netdev_budget", { 0 }, "450", "600", "300", m_budget };

	kc.t = T_host(NT_KNOB_NETDEV_BUDGET);
	return &kc;
}

/* read, check, set, read back */
static void t_kill_apply_ring(void)
{
	kill_matrix(kc_ring(), KILL_APPLY, 4);
}

/* read, write, read back */
static void t_kill_apply_rps(void)
{
	kill_matrix(kc_rps(), KILL_APPLY, 3);
}

/* read, write, read back, effective CPU */
static void t_kill_apply_irq(void)
{
	kill_matrix(kc_irq(), KILL_APPLY, 4);
}

static void t_kill_apply_sysctl(void)
{
	kill_matrix(kc_budget(), KILL_APPLY, 3);
}

static void t_kill_second_apply(void)
{
	kill_matrix(kc_ring(), KILL_SECOND, 4);
	kill_matrix(kc_rps(), KILL_SECOND, 3);
	kill_matrix(kc_budget(), KILL_SECOND, 3);
}

static void t_kill_rollback(void)
{
	kill_matrix(kc_ring(), KILL_ROLLBACK, 3);
	kill_matrix(kc_rps(), KILL_ROLLBACK, 3);
	kill_matrix(kc_irq(), KILL_ROLLBACK, 3);
}

/* ================================================================================
 * 7. The lock
 * ================================================================================ */

struct lock_answer {
	int r;
	double waited_s;
	char err[1024];
};

static void lock_probe(const struct fx *f, double wait_s, struct lock_answer *ans)
{
	int fds[2];
	pid_t pid;
	int status;

	memset(ans, 0, sizeof(*ans));
	ans->r = 1;
	if (pipe(fds)) {
		check_failed++;
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct lock_answer a = { 0 };
		struct timespec t0, t1;
		struct nt_act *act = NULL;

		close(fds[0]);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		a.r = act_open(&act, f->root, f->state, wait_s, a.err, sizeof(a.err));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		a.waited_s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		act_close(act);
		_exit(write(fds[1], &a, sizeof(a)) == (ssize_t)sizeof(a) ? 0 : 1);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], ans, sizeof(*ans)) != (ssize_t)sizeof(*ans)) {
		printf("# the lock probe did not answer\n");
		check_failed++;
	}
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
}

static void t_lock(void)
{
	struct lock_answer ans;
	char lockpath[600], pid[32];
	struct fx f;

	if (!fx_setup(&f, AGENT))
		goto out;
	lock_probe(&f, 0.2, &ans);
	CHECK_EQ_INT(ans.r, -EWOULDBLOCK);
	snprintf(lockpath, sizeof(lockpath), "%s/lock", f.state);
	snprintf(pid, sizeof(pid), "pid %ld", (long)getpid());
	CHECK_HAS(ans.err, lockpath);
	/* the holder is this test program, not nettuned: its PID is no proof */
	CHECK(!strstr(ans.err, pid));
	CHECK_HAS(ans.err, "a process nettuned cannot name");
	CHECK(ans.waited_s >= 0.15);
	CHECK(ans.waited_s < 5);

	/* released with the act: the next one gets it at once */
	fx_close(&f);
	lock_probe(&f, 0, &ans);
	CHECK_EQ_INT(ans.r, 0);
	CHECK_STR(ans.err, "");
out:
	fx_done(&f);
}

/* ================================================================================
 * 8. A damaged state file is refused and left alone
 * ================================================================================ */

static void damaged(const char *text, int want, const char *why)
{
	char path[1024], err[1024] = "", *after;
	struct nt_act *a = NULL;
	size_t n = 0;
	struct fx f;
	FILE *fp;
	int r;

	if (!fx_copy(&f, AGENT))
		goto out;
	snprintf(path, sizeof(path), "%s/state.ini", f.state);
	fp = fopen(path, "w");
	if (!fp)
		goto out;
	fputs(text, fp);
	fclose(fp);
	r = act_open(&a, f.root, f.state, 0, err, sizeof(err));
	if (r != want) {
		printf("# %s: act_open = %d, expected %d (%s)\n", why, r, want, err);
		check_failed++;
	}
	CHECK(a == NULL);
	act_close(a);
	CHECK_HAS(err, path);
	after = slurp(path, &n);
	CHECK(after && n == strlen(text) && !memcmp(after, text, n));
	free(after);
	snprintf(path, sizeof(path), "%s/state.ini.tmp", f.state);
	CHECK(access(path, F_OK) != 0);
out:
	fx_done(&f);
}

static void t_damaged_state(void)
{
	damaged("[nettuned]\nversion = 1\nnext_seq = 3\n\nthis is not ini\n"
		"[change]\nseq = 1\nknob = net.core.netdev_budget\nqueue = -1\nirq = -1\n"
		"original = 300\nwritten = 600\n",
		-EBADMSG, "garbage line");
	damaged("[nettuned]\nversion = 7\nnext_seq = 2\n\n[change]\nseq = 1\n"
		"knob = net.core.netdev_budget\nqueue = -1\nirq = -1\noriginal = 300\n",
		-EPROTO, "unknown version");
	damaged("[nettuned]\nversion = 1\nnext_seq = 2\n\n[change]\nseq = 1\n"
		"knob = net.core.no_such_knob\nqueue = -1\nirq = -1\noriginal = 300\n",
		-EBADMSG, "unknown knob");
	damaged("[nettuned]\nversion = 1\nnext_seq = 2\n\n[change]\nseq = 1\n"
		"knob = ring.rx\nqueue = -1\nirq = -1\noriginal = 453\n",
		-EBADMSG, "device knob without device_id");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(t_writers_sysctl);
	RUN(t_writers_device);
	RUN(t_writers_irq);
	RUN(t_writers_eee);
	RUN(t_unchanged);
	RUN(t_invalid);
	RUN(t_original_kept);
	RUN(t_fail_irq);
	RUN(t_irq_enospc_fallback);
	RUN(t_fail_sysctl);
	RUN(t_fail_rings_gone);
	RUN(t_fail_eee);
	RUN(t_readback_differs);
	RUN(t_rollback_order);
	RUN(t_rollback_changed);
	RUN(t_rollback_dry_run);
	RUN(t_rollback_earlier_boot);
	RUN(t_rollback_renamed);
	RUN(t_rollback_removed);
	RUN(t_rollback_irq_owner);
	RUN(t_rollback_failed);
	RUN(t_device_not_in_snapshot);
	RUN(t_kill_apply_ring);
	RUN(t_kill_apply_rps);
	RUN(t_kill_apply_irq);
	RUN(t_kill_apply_sysctl);
	RUN(t_kill_second_apply);
	RUN(t_kill_rollback);
	RUN(t_lock);
	RUN(t_damaged_state);
	CHECK_DONE();
}
