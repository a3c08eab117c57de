// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF signals in the capture format (tuned/sample/bpf_files.c and
 * capture_write.c) and in `nettuned sample` (tuned/present/): the bpf/
 * files of tests/fixtures/vm2-virtio (generate.py, VM_BPF_*) read exactly,
 * written and read back unchanged, damaged lines skipped, and the per-NIC,
 * per-CPU and per-reason figures the views compute from its two snapshots
 * 5 s apart.
 */
#include "fixture.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "present/view.h"
#include "sample/capture_write.h"

static struct nt_snapshot a, b;
static char tmpdir[] = "/tmp/nettuned-bpf.XXXXXX";

/* ---- helpers -------------------------------------------------------------- */

static int take_abs(const char *root, struct nt_snapshot *snap)
{
	struct nt_sampler *s = NULL;
	char err[512] = "";
	int r = sampler_open(&s, root, 0, err, sizeof(err));

	if (r < 0) {
		printf("# sampler_open(%s) = %d: %s\n", root, r, err);
		check_failed++;
		return r;
	}
	r = sampler_take(s, snap);
	CHECK_EQ_INT(r, 0);
	sampler_close(s);
	return r;
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

static void rm(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

/* A fresh tree with only bpf/ under tmpdir/@name; returns its path. */
static const char *bpf_tree(const char *name, char *out, size_t size)
{
	char bpf[1100];

	snprintf(out, size, "%s/%s", tmpdir, name);
	mkdir(out, 0755);
	snprintf(bpf, sizeof(bpf), "%s/bpf", out);
	mkdir(bpf, 0755);
	return out;
}

static const struct nt_bpf_napi *find_napi(const struct nt_snapshot *s, const char *dev,
					   unsigned int id)
{
	for (size_t i = 0; i < s->bpf.n_napi; i++)
		if (s->bpf.napi[i].id == id && !strcmp(s->bpf.napi[i].dev, dev))
			return &s->bpf.napi[i];
	printf("# no NAPI %s/%u\n", dev, id);
	check_failed++;
	return NULL;
}

static void check_napi(const struct nt_bpf_napi *n, const char *dev, unsigned int id, int irq,
		       int cpu, uint32_t weight, uint64_t polls, uint64_t packets, uint64_t full)
{
	if (!n) {
		check_failed++;
		return;
	}
	CHECK_STR(n->dev, dev);
	CHECK_EQ_U64(n->id, id);
	CHECK_EQ_INT(n->irq, irq);
	CHECK_EQ_INT(n->cpu, cpu);
	CHECK_EQ_U64(n->weight, weight);
	CHECK_EQ_U64(n->polls, polls);
	CHECK_EQ_U64(n->packets, packets);
	CHECK_EQ_U64(n->full, full);
}

static void check_drop(const struct nt_snapshot *s, size_t i, unsigned int reason, const char *name,
		       uint64_t count)
{
	if (i >= s->bpf.n_drops) {
		printf("# no drop entry %zu\n", i);
		check_failed++;
		return;
	}
	CHECK_EQ_U64(s->bpf.drops[i].reason, reason);
	CHECK_STR(s->bpf.drops[i].name, name);
	CHECK_EQ_U64(s->bpf.drops[i].count, count);
}

/* Everything BPF of two snapshots is equal. */
static void check_same_bpf(const struct nt_snapshot *x, const struct nt_snapshot *y)
{
	CHECK_EQ_INT(y->bpf.err, x->bpf.err);
	CHECK_STR(y->bpf.why, x->bpf.why);
	CHECK_EQ_INT(y->bpf.has_napi, x->bpf.has_napi);
	CHECK_EQ_INT(y->bpf.has_softirq, x->bpf.has_softirq);
	CHECK_EQ_INT(y->bpf.has_drops, x->bpf.has_drops);
	CHECK_EQ_INT(y->bpf.has_reasons, x->bpf.has_reasons);
	CHECK_EQ_U64(y->bpf.n_napi, x->bpf.n_napi);
	for (size_t i = 0; i < x->bpf.n_napi && i < y->bpf.n_napi; i++) {
		const struct nt_bpf_napi *p = &x->bpf.napi[i];

		check_napi(&y->bpf.napi[i], p->dev, p->id, p->irq, p->cpu, p->weight, p->polls,
			   p->packets, p->full);
	}
	CHECK_EQ_U64(y->bpf.n_drops, x->bpf.n_drops);
	for (size_t i = 0; i < x->bpf.n_drops; i++)
		check_drop(y, i, x->bpf.drops[i].reason, x->bpf.drops[i].name,
			   x->bpf.drops[i].count);
	if (!x->bpf.has_softirq)
		return;
	for (unsigned int c = 0; c < x->ncpus; c++) {
		CHECK(c < y->ncpus);
		if (c >= y->ncpus)
			break;
		CHECK_EQ_U64(y->cpus[c].net_rx_ns, x->cpus[c].net_rx_ns);
		CHECK_EQ_U64(y->cpus[c].net_rx_runs, x->cpus[c].net_rx_runs);
		CHECK_EQ_U64(y->cpus[c].net_tx_ns, x->cpus[c].net_tx_ns);
		CHECK_EQ_U64(y->cpus[c].net_tx_runs, x->cpus[c].net_tx_runs);
	}
}

/* Writes @snap as snapshot @name of a capture in tmpdir (sampled from
 * @root) and reads it back into @back. */
static void round_trip(const char *root, const struct nt_snapshot *snap, const char *name,
		       struct nt_snapshot *back)
{
	struct nt_sampler *s = NULL;
	char err[512] = "", path[4096];
	int outfd = open(tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	CHECK(outfd >= 0);
	r = sampler_open(&s, root, 0, err, sizeof(err));
	CHECK_EQ_INT(r, 0);
	if (r == 0) {
		r = capture_write_snapshot(s, snap, outfd, name, err, sizeof(err));
		if (r)
			printf("# capture_write_snapshot: %s\n", err);
		CHECK_EQ_INT(r, 0);
		sampler_close(s);
	}
	close(outfd);
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	take_abs(path, back);
}

static char *render(bool json, const struct nt_sample_view *v)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return strdup("");
	if (json)
		view_sample_json(f, v);
	else
		view_sample_text(f, v);
	fclose(f);
	return text;
}

static void check_has(const char *text, const char *want)
{
	if (!strstr(text, want)) {
		printf("# output lacks \"%s\"\n", want);
		check_failed++;
	}
}

static void check_lacks(const char *text, const char *bad)
{
	if (strstr(text, bad)) {
		printf("# output has \"%s\"\n", bad);
		check_failed++;
	}
}

/* ---- reading ---------------------------------------------------------------- */

static void t_parse(void)
{
	CHECK_EQ_INT(b.bpf.err, 0);
	CHECK(b.bpf.has_napi && b.bpf.has_softirq && b.bpf.has_drops && b.bpf.has_reasons);
	/* sorted by device then id: the backlog ("") first */
	CHECK_EQ_U64(b.bpf.n_napi, 3);
	if (b.bpf.n_napi == 3) {
		check_napi(&b.bpf.napi[0], "", 0, -1, 0, 64, 60, 100, 0);
		check_napi(&b.bpf.napi[1], "eth0", 1, 38, 1, 64, 4600, 108000, 850);
		check_napi(&b.bpf.napi[2], "eth0", 2, 39, 0, 64, 3500, 0, 0);
	}
	check_napi(find_napi(&a, "eth0", 1), "eth0", 1, 38, 1, 64, 4000, 96000, 700);
	CHECK_EQ_U64(b.cpus[0].net_rx_ns, 60000000);
	CHECK_EQ_U64(b.cpus[0].net_rx_runs, 700);
	CHECK_EQ_U64(b.cpus[0].net_tx_ns, 8000);
	CHECK_EQ_U64(b.cpus[0].net_tx_runs, 2);
	CHECK_EQ_U64(b.cpus[1].net_rx_ns, 160000000);
	CHECK_EQ_U64(b.cpus[1].net_rx_runs, 800);
	CHECK_EQ_U64(a.cpus[1].net_rx_ns, 120000000);
	/* by reason number */
	CHECK_EQ_U64(b.bpf.n_drops, 4);
	check_drop(&b, 0, 3, "NO_SOCKET", 45);
	check_drop(&b, 1, 6, "SOCKET_RCVBUFF", 260);
	check_drop(&b, 2, 12, "NETFILTER_DROP", 7);
	check_drop(&b, 3, 71, "CPU_BACKLOG", 35);
	{
		uint64_t n = 0;

		CHECK(snapshot_bpf_drop_count(&a, "CPU_BACKLOG", &n) && n == 10);
	}
	/* the other sources are untouched by bpf/ */
	CHECK_EQ_INT(b.ncpus, 2);
	CHECK_EQ_INT(b.src_err[NT_SRC_SOFTNET], 0);
}

/* A tree without bpf/ (every other fixture) reads as "not recorded". */
static void t_absent(void)
{
	struct nt_snapshot s;

	snapshot_init(&s);
	if (fx_take("wrap/0000", &s) == 0) {
		CHECK_EQ_INT(s.bpf.err, -ENOENT);
		CHECK_EQ_U64(s.bpf.n_napi, 0);
		CHECK_EQ_U64(s.bpf.n_drops, 0);
		CHECK(!s.bpf.has_napi && !s.bpf.has_softirq && !s.bpf.has_drops);
	}
	snapshot_free(&s);
}

/* ---- writing ---------------------------------------------------------------- */

static void t_round_trip(void)
{
	const char *base = getenv("NT_FIXTURES");
	char root[1024], path[4200];
	struct nt_snapshot back, edge;
	struct stat st;

	if (!base)
		return;
	snprintf(root, sizeof(root), "%s/vm2-virtio/0001", base);
	snapshot_init(&back);
	round_trip(root, &b, "0000", &back);
	check_same_bpf(&b, &back);

	/* the edges of every field: no device, unknown IRQ and CPU, 64-bit
	 * maxima, a reason without a name, no reasons, no softirq part */
	snapshot_init(&edge);
	take_abs(root, &edge);
	edge.bpf.napi[0].dev[0] = '\0';
	edge.bpf.napi[0].irq = -1;
	edge.bpf.napi[0].cpu = -1;
	edge.bpf.napi[0].weight = UINT32_MAX;
	edge.bpf.napi[0].id = UINT32_MAX;
	edge.bpf.napi[1].polls = UINT64_MAX;
	edge.bpf.napi[1].packets = UINT64_MAX - 1;
	edge.bpf.napi[1].full = 0;
	edge.bpf.drops[0].name[0] = '\0';
	edge.bpf.drops[0].count = UINT64_MAX;
	edge.bpf.drops[3].reason = UINT32_MAX;
	edge.bpf.has_reasons = false;
	edge.bpf.has_softirq = false;
	round_trip(root, &edge, "0001", &back);
	check_same_bpf(&edge, &back);
	snprintf(path, sizeof(path), "%s/0001/bpf/softirq", tmpdir);
	CHECK(stat(path, &st) < 0); /* a part not attached has no file */

	/* off: errno and why come back */
	edge.bpf.err = -EPERM;
	snprintf(
		edge.bpf.why, sizeof(edge.bpf.why),
		"bpf(BPF_PROG_LOAD) napi_poll: Operation not permitted (needs CAP_BPF and CAP_PERFMON)");
	round_trip(root, &edge, "0002", &back);
	CHECK_EQ_INT(back.bpf.err, -EPERM);
	CHECK_STR(back.bpf.why, edge.bpf.why);
	CHECK_EQ_U64(back.bpf.n_napi, 0);
	snprintf(path, sizeof(path), "%s/0002/bpf/napi", tmpdir);
	CHECK(stat(path, &st) < 0);
	edge.bpf.err = -EOPNOTSUPP;
	edge.bpf.why[0] = '\0';
	round_trip(root, &edge, "0003", &back);
	CHECK_EQ_INT(back.bpf.err, -EOPNOTSUPP);
	CHECK_STR(back.bpf.why, "");

	/* not asked for: no bpf/ at all */
	edge.bpf.err = -ENOENT;
	round_trip(root, &edge, "0004", &back);
	CHECK_EQ_INT(back.bpf.err, -ENOENT);
	snprintf(path, sizeof(path), "%s/0004/bpf", tmpdir);
	CHECK(stat(path, &st) < 0);
	snapshot_free(&edge);
	snapshot_free(&back);
}

/* ---- damaged files ---------------------------------------------------------- */

static void t_status_lines(void)
{
	static const struct {
		const char *text;
		int err;
		const char *why;
		bool napi, drops;
	} cases[] = {
		{ "# c\nattached napi drops future-part\n", 0, "", true, true },
		{ "\n\n# only a comment\n", -ENOENT, "", false, false },
		{ "", -ENOENT, "", false, false },
		{ "off errno=1 no CAP_BPF\n", -EPERM, "no CAP_BPF", false, false },
		{ "off errno=95\n", -EOPNOTSUPP, "", false, false },
		{ "off no errno given\n", -ENODATA, "no errno given", false, false },
		{ "off errno=abc x\n", -ENODATA, "x", false, false },
		{ "off errno=0 x\n", -ENODATA, "x", false, false },
		{ "off errno=2 x\n", -ENODATA, "x", false, false }, /* ENOENT: "not recorded" */
		{ "off errno=99999 x\n", -ENODATA, "x", false, false },
		{ "attached\r\n", 0, "", false, false },
		{ "bogus napi\n", -EINVAL, NULL, false, false },
		{ "ATTACHED napi\n", -EINVAL, NULL, false, false },
	};
	char root[1024];
	struct nt_snapshot s;

	snapshot_init(&s);
	bpf_tree("status", root, sizeof(root));
	put(root, "bpf/napi",
	    "# dev napi irq cpu weight polls packets full\neth0 1 -1 -1 64 1 2 3\n");
	put(root, "bpf/drops", "# reason name count\n2 NOT_SPECIFIED 5\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int before = check_failed;

		put(root, "bpf/status", cases[i].text);
		if (take_abs(root, &s))
			continue;
		CHECK_EQ_INT(s.bpf.err, cases[i].err);
		if (cases[i].why)
			CHECK_STR(s.bpf.why, cases[i].why);
		else
			CHECK(s.bpf.why[0] != '\0'); /* says the file is wrong */
		CHECK_EQ_INT(s.bpf.has_napi && s.bpf.err == 0, cases[i].napi);
		CHECK_EQ_U64(s.bpf.n_napi, cases[i].napi ? 1 : 0);
		CHECK_EQ_U64(s.bpf.n_drops, cases[i].drops ? 1 : 0);
		if (check_failed != before)
			printf("# status case %zu: \"%s\"\n", i, cases[i].text);
	}
	rm(root, "bpf/status");
	if (take_abs(root, &s) == 0)
		CHECK_EQ_INT(s.bpf.err, -ENOENT);
	snapshot_free(&s);
}

static void t_malformed(void)
{
	static const char napi[] = "# dev napi irq cpu weight polls packets full\n"
				   "eth0 1 38 1 64 10 20 3\n"         /* good */
				   "eth0 2 38 1 64 10 20\n"           /* a field short */
				   "eth0 3 38 1 64 10 20 3 9\n"       /* a field too many */
				   "eth0 4 -2 1 64 10 20 3\n"         /* -1 is the only negative */
				   "eth0 5 38 1 4294967296 10 20 3\n" /* weight over 32 bits */
				   "eth0 6 38 1 64 18446744073709551616 20 3\n" /* over 64 bits */
				   "eth0 7 38 1 64 1x 20 3\n"
				   "averyveryverylongname 8 38 1 64 10 20 3\n" /* over IFNAMSIZ */
				   "eth0 4294967296 38 1 64 10 20 3\n"         /* id over 32 bits */
				   "eth0 1 39 0 64 99 99 99\n" /* duplicate: the first counts */
				   "\x01\xff\xfe garbage \x7f\n"
				   "   \t  \n"
				   "- 0 -1 -1 64 5 6 0\r\n"         /* CRLF, no device */
				   "  eth1   9\t40 0 64 1 2 0   \n" /* blanks and a tab */
				   "eth0 10 -1 -1 64 1 2 0";        /* no final newline */
	static const char softirq[] = "# cpu net_rx_ns net_rx_runs net_tx_ns net_tx_runs\n"
				      "0 100 2 300 4\n"
				      "1 100 2 300\n"
				      "8192 1 1 1 1\n" /* beyond NT_MAX_CPUS */
				      "-1 1 1 1 1\n"
				      "3 5 6 7 8\n"; /* grows the CPUs */
	static const char drops[] = "# reason name count\n"
				    "71 CPU_BACKLOG 35\n"
				    "6 SOCKET_RCVBUFF\n"
				    "6 SOCKET_RCVBUFF 1 2\n"
				    "x NAME 3\n"
				    "5 - 9\n"             /* reason without a name */
				    "3 NO_SOCKET 4\n"     /* out of order: sorted */
				    "71 CPU_BACKLOG 99\n" /* duplicate */
				    "7 A_NAME_OF_FORTY_EIGHT_CHARACTERS_IS_TOO_LONG_XYZ 1\n";
	char root[1024];
	struct nt_snapshot s;

	snapshot_init(&s);
	bpf_tree("malformed", root, sizeof(root));
	put(root, "bpf/status", "attached napi softirq drops reasons\n");
	put(root, "bpf/napi", napi);
	put(root, "bpf/softirq", softirq);
	put(root, "bpf/drops", drops);
	if (take_abs(root, &s) == 0) {
		CHECK_EQ_INT(s.bpf.err, 0);
		CHECK_EQ_U64(s.bpf.n_napi, 4);
		if (s.bpf.n_napi == 4) {
			check_napi(&s.bpf.napi[0], "", 0, -1, -1, 64, 5, 6, 0);
			check_napi(&s.bpf.napi[1], "eth0", 1, 38, 1, 64, 10, 20, 3);
			check_napi(&s.bpf.napi[2], "eth0", 10, -1, -1, 64, 1, 2, 0);
			check_napi(&s.bpf.napi[3], "eth1", 9, 40, 0, 64, 1, 2, 0);
		}
		CHECK_EQ_INT(s.ncpus, 4);
		if (s.ncpus == 4) {
			CHECK_EQ_U64(s.cpus[0].net_rx_ns, 100);
			CHECK_EQ_U64(s.cpus[0].net_tx_runs, 4);
			CHECK_EQ_U64(s.cpus[1].net_rx_ns, 0);
			CHECK_EQ_U64(s.cpus[3].net_tx_runs, 8);
		}
		CHECK_EQ_U64(s.bpf.n_drops, 3);
		check_drop(&s, 0, 3, "NO_SOCKET", 4);
		check_drop(&s, 1, 5, "", 9);
		check_drop(&s, 2, 71, "CPU_BACKLOG", 35);
	}
	/* a part whose file is missing or empty is not available */
	rm(root, "bpf/napi");
	put(root, "bpf/drops", "");
	if (take_abs(root, &s) == 0) {
		CHECK_EQ_INT(s.bpf.err, 0);
		CHECK(!s.bpf.has_napi && !s.bpf.has_drops && s.bpf.has_softirq);
		CHECK_EQ_U64(s.bpf.n_napi, 0);
		CHECK_EQ_U64(s.bpf.n_drops, 0);
	}
	/* a header alone: attached, nothing counted yet */
	put(root, "bpf/napi", "# dev napi irq cpu weight polls packets full\n");
	if (take_abs(root, &s) == 0) {
		CHECK(s.bpf.has_napi);
		CHECK_EQ_U64(s.bpf.n_napi, 0);
	}
	snapshot_free(&s);
}

/* ---- nettuned sample -------------------------------------------------------- */

/*
 * By hand from VM_BPF_* over 417.880 - 412.880 = 5 s:
 *   eth0 NAPIs: polls (600 + 500) / 5 = 220/s, packets 12000 / 5 = 2400/s,
 *     full 150 / 5 = 30/s, 30 / 220 = 13.6% of polls;
 *     napi 1 alone: 120 polls/s, 30 full polls/s, 25.0%; napi 2: 100 polls/s
 *   NET_RX CPU 0: 20 000 000 ns / 5e9 ns = 0.40%, 200 runs / 5 = 40/s;
 *     CPU 1: 40 000 000 ns = 0.80%, 250 runs = 50/s
 *   drops: SOCKET_RCVBUFF 60 / 5 = 12/s, CPU_BACKLOG 25 / 5 = 5/s,
 *     NO_SOCKET 5 / 5 = 1/s, NETFILTER_DROP 0/s (left out of the text)
 */
static void t_view_text(void)
{
	struct nt_sample_view v = {
		.source = "vm2-virtio", .nsnapshots = 2, .first = &a, .last = &b, .capture = true
	};
	char *text = render(false, &v);
	const char *p1, *p2, *p3;

	check_has(text, "\nBPF signals (per second over 5.000 s):\n");
	check_has(text, "    eth0, 2 NAPI instances: 220.0 polls/s, 2400.0 packets/s, "
			"30.0 full polls/s (13.6% of polls)\n");
	check_has(text, "      eth0 napi 1 (queue 0, IRQ 38, CPU 1): 120.0 polls/s, "
			"2400.0 packets/s, 30.0 full polls/s (25.0% of polls), weight 64\n");
	check_has(text, "      eth0 napi 2 (tx queue 0, IRQ 39, CPU 0): 100.0 polls/s, "
			"0.0 packets/s, 0.0 full polls/s (0.0% of polls), weight 64\n");
	check_has(text, "    no device (backlog) napi 0 (CPU 0): 2.0 polls/s, 4.0 packets/s");
	check_has(text, "    CPU 0: NET_RX 0.40% of the time, 40.0 runs/s; "
			"NET_TX 0.00% of the time, 0.0 runs/s\n");
	check_has(text, "    CPU 1: NET_RX 0.80% of the time, 50.0 runs/s;");
	p1 = strstr(text, "    SOCKET_RCVBUFF (reason 6): 12.0 drops/s\n");
	p2 = strstr(text, "    CPU_BACKLOG (reason 71): 5.0 drops/s\n");
	p3 = strstr(text, "    NO_SOCKET (reason 3): 1.0 drops/s\n");
	CHECK(p1 && p2 && p3 && p1 < p2 && p2 < p3); /* highest rate first */
	check_lacks(text, "NETFILTER_DROP");
	free(text);

	/* one snapshot: counts, and since when */
	v.first = NULL;
	v.nsnapshots = 1;
	text = render(false, &v);
	check_has(text, "\nBPF signals (counts since the BPF programs were attached):\n");
	check_has(text, "      eth0 napi 1 (queue 0, IRQ 38, CPU 1): 4600 polls, 108000 packets, "
			"850 full polls (18.5% of polls), weight 64\n");
	check_has(text, "    CPU 1: NET_RX 160000000 ns in 800 runs; NET_TX 0 ns in 0 runs\n");
	check_has(text, "    NETFILTER_DROP (reason 12): 7 drops\n");
	check_lacks(text, "/s");
	free(text);
}

static void t_view_off(void)
{
	struct nt_snapshot off;
	struct nt_sample_view v = { .source = "x", .nsnapshots = 2, .first = &a, .last = &off };
	char *text;

	snapshot_init(&off);
	if (fx_take("vm2-virtio/0001", &off)) {
		snapshot_free(&off);
		return;
	}
	off.bpf.err = -EPERM;
	snprintf(off.bpf.why, sizeof(off.bpf.why), "needs CAP_BPF and CAP_PERFMON (EPERM)");
	text = render(false, &v);
	check_has(text, "\nBPF signals: off: needs CAP_BPF and CAP_PERFMON (EPERM)\n");
	check_lacks(text, "NAPI polls");
	free(text);
	text = render(true, &v);
	check_has(text,
		  "\"bpf\":{\"state\":\"off\",\"why\":\"needs CAP_BPF and CAP_PERFMON (EPERM)\","
		  "\"error\":\"Operation not permitted\",\"errno\":1}");
	free(text);

	/* without a why, the errno's text */
	off.bpf.why[0] = '\0';
	text = render(false, &v);
	check_has(text, "\nBPF signals: off: Operation not permitted\n");
	free(text);

	/* not recorded: a capture says so, a --root tree says nothing */
	off.bpf.err = -ENOENT;
	text = render(false, &v);
	check_has(text, "\nBPF signals: not in this capture\n");
	free(text);
	v.first = NULL;
	v.nsnapshots = 1;
	text = render(false, &v);
	check_lacks(text, "BPF signals");
	free(text);
	v.capture = true;
	text = render(false, &v);
	check_has(text, "\nBPF signals: not in this capture\n");
	free(text);
	text = render(true, &v);
	check_has(text, "\"bpf\":{\"state\":\"not_sampled\"}");
	free(text);
	snapshot_free(&off);
}

static void t_view_json(void)
{
	struct nt_sample_view v = {
		.source = "vm2-virtio", .nsnapshots = 2, .first = &a, .last = &b, .capture = true
	};
	char *text = render(true, &v);

	check_has(text, "\"bpf\":{\"state\":\"attached\",\"rates\":true,");
	check_has(text, "{\"device\":\"eth0\",\"napi\":1,\"irq\":38,\"cpu\":1,\"queue\":0,"
			"\"queue_kind\":\"rx\",\"queue_told_by_cpu\":false,\"weight\":64,"
			"\"polls\":4600,\"packets\":108000,\"full_polls\":850,\"polls_per_s\":120,"
			"\"packets_per_s\":2400,\"full_polls_per_s\":30,\"full_share\":0.25}");
	check_has(text, "{\"device\":\"eth0\",\"napi_instances\":2,\"polls\":8100,"
			"\"packets\":108000,\"full_polls\":850,\"polls_per_s\":220,"
			"\"packets_per_s\":2400,\"full_polls_per_s\":30,");
	check_has(text, "{\"cpu\":0,\"net_rx_ns\":60000000,\"net_rx_runs\":700,\"net_tx_ns\":8000,"
			"\"net_tx_runs\":2,\"net_rx_share\":0.004,\"net_rx_runs_per_s\":40,");
	check_has(text, "\"net_rx_share\":0.008,\"net_rx_runs_per_s\":50,");
	check_has(text, "\"drops\":[{\"reason\":6,\"name\":\"SOCKET_RCVBUFF\",\"count\":260,"
			"\"per_s\":12},{\"reason\":71,\"name\":\"CPU_BACKLOG\",\"count\":35,"
			"\"per_s\":5},{\"reason\":3,");
	free(text);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snapshot_init(&a);
	snapshot_init(&b);
	if (fx_take("vm2-virtio/0000", &a) || fx_take("vm2-virtio/0001", &b)) {
		printf("Bail out! cannot sample vm2-virtio\n");
		return 1;
	}
	RUN(t_parse);
	RUN(t_absent);
	RUN(t_round_trip);
	RUN(t_status_lines);
	RUN(t_malformed);
	RUN(t_view_text);
	RUN(t_view_off);
	RUN(t_view_json);
	snapshot_free(&a);
	snapshot_free(&b);
	{
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd))
			printf("# could not remove %s\n", tmpdir);
	}
	CHECK_DONE();
}
