// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The state file on its own: every damaged form a host can leave (cut
 * short anywhere, keys missing, values of the wrong syntax, duplicates,
 * binary garbage) is refused whole with file:line and nothing written;
 * every value nettuned can hold survives a save and a reload, hostile
 * names included; a version 1 file loads and is written back as version 2;
 * sequence numbers cannot run out.
 */
#include "check.h"
#include "state/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/nt-state-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
}

static void remove_dir(void)
{
	char path[512];

	for (const char *n = "state.ini\0state.ini.tmp\0lock\0"; *n; n += strlen(n) + 1) {
		snprintf(path, sizeof(path), "%s/%s", dir, n);
		unlink(path);
	}
	rmdir(dir);
}

static void write_file(const char *text, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/state.ini", dir);
	f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static char *read_file(size_t *len)
{
	static char buf[65536];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/state.ini", dir);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Printable ASCII only, and line ends where @lines. */
static bool printable_text(const char *s, bool lines)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && !(lines && *s == '\n')) ||
		    (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static bool printable(const char *s)
{
	return printable_text(s, false);
}

/* @text (of @len bytes) is refused with @want and @needle in the message, left as it is. */
static void refused_len(const char *text, size_t len, int want, const char *needle, const char *why)
{
	struct nt_state *s = NULL;
	char err[2048] = "", *after;
	size_t n = 0;
	int r;

	make_dir();
	write_file(text, len);
	r = state_open(&s, dir, 0, err, sizeof(err));
	if (r != want || s || !strstr(err, needle) || !strstr(err, dir) || !printable(err)) {
		printf("# %s: state_open = %d (want %d), message: %s\n", why, r, want, err);
		printf("#   (want \"%s\" in it, the path, and no raw bytes)\n", needle);
		check_failed++;
	}
	state_close(s);
	after = read_file(&n);
	CHECK(after && n == len && !memcmp(after, text, len));
	remove_dir();
}

static void refused(const char *text, const char *needle, const char *why)
{
	refused_len(text, strlen(text), -EBADMSG, needle, why);
}

#define V2 "[nettuned]\nversion = 2\nnext_seq = 3\n"
#define V1 "[nettuned]\nversion = 1\nnext_seq = 3\n"
#define RING                                                                                 \
	"\n[change]\nseq = 2\nknob = ring.rx\ndevice = eth3\ndevice_id = bus:0000:3b:00.0\n" \
	"queue = -1\nirq = -1\noriginal = 453\nwritten = 1024\n"
#define END1 "\n[end]\nrecords = 1\n"

static void t_damaged(void)
{
	/* seen: a copy cut inside a record was taken for a gone device */
	refused(V1 "\n[change]\nseq = 2\nknob = ring.rx\ndevice = eth3\ndevice_id = ifin",
		"[change] lacks", "version 1 cut inside a record");
	refused(V1 "\n[change]\nseq = 2\nknob = ring.rx\ndevice = eth3\ndevice_id = ifin\n"
		   "queue = -1\nirq = -1\noriginal = 453\n",
		"device_id: 'ifin' is not", "an identity of no known form");
	/* version 2 knows its end: the same record whole but without it is cut */
	refused(V2 RING, "cut short: no [end] section after line 13", "version 2 without [end]");
	refused(V2 RING "\n[end]\n", "[end] lacks records", "[end] without its count");
	refused(V2 RING "\n[end]\nrecords = 2\n", "[end] counts 2 records, the file holds 1",
		"[end] counting a record that is not there");
	refused(V2 RING END1 "\n[change]\nseq = 3\n", "[change] after [end]",
		"a section after [end]");
	/* seen: a record without original restored an invented empty value */
	refused(V2 "\n[change]\nseq = 2\nknob = net.core.netdev_budget\nqueue = -1\nirq = -1\n"
		   "written = 600\n" END1,
		":5: [change] lacks original", "no original");
	/* seen: written = zzz was accepted, and apply appended to the file */
	refused(V2 "\n[change]\nseq = 2\nknob = net.core.netdev_budget\nqueue = -1\nirq = -1\n"
		   "original = 300\nwritten = zzz\n" END1,
		":11: written: 'zzz' is not a value of net.core.netdev_budget", "written = zzz");
	refused(V2
		"\n[change]\nseq = 2\nknob = eee.enabled\ndevice = eth0\ndevice_id = mac:00:11:22:33:44:55\n"
		"queue = -1\nirq = -1\noriginal = 12\n" END1,
		"'12' is not a value of eee.enabled", "an original outside the knob's syntax");
	refused(V2 "\n[change]\nseq = 2\nknob = rps.cpus\ndevice = eth0\ndevice_id = ifindex:2\n"
		   "queue = -1\nirq = -1\noriginal =\n" END1,
		"queue = -1 in a record of rps.cpus", "an RPS record without its queue");
	refused(V2 "\n[change]\nseq = 2\nknob = irq.affinity\nqueue = -1\nirq = 28\n"
		   "device = eth0\ndevice_id = ifindex:2\noriginal = 0\n" END1,
		"device in a record of irq.affinity", "an IRQ record naming a device");
	refused(V2 RING "seq = 3\n" END1, "seq given twice", "a key twice");
	refused(V2 RING "\n[change]\nseq = 3\nknob = ring.rx\ndevice = eth3\n"
			"device_id = bus:0000:3b:00.0\nqueue = -1\nirq = -1\noriginal = 453\n"
			"\n[end]\nrecords = 2\n",
		"a second record of the same knob", "one knob twice");
	refused(V2 RING "\n[change]\nseq = 2\nknob = net.core.netdev_budget\nqueue = -1\n"
			"irq = -1\noriginal = 300\n\n[end]\nrecords = 2\n",
		"seq 2 given to two records", "two records with one seq");
	refused(V2 "\n[change]\nseq = 2\nknob = ring.rx\ndevice = eth3\n"
		   "device_id = \"bus:0000:3b\\q\"\nqueue = -1\nirq = -1\noriginal = 453\n" END1,
		"is not a well-formed quoted value", "a bad escape");
	refused(V2 "\n[change]\nseq = 2\nknob = net.core.netdev_budget\nqueue = -1\nirq = -1\n"
		   "original = 300\nboot_id = yesterday\n" END1,
		"is not a boot id", "a boot id of no form");
	/* seen: an empty file was refused as "state version 0" */
	refused("", "empty: a state file always has a [nettuned] section", "an empty file");
	refused("# only a comment\n", "no [nettuned] section", "a comment only");
	/* seen: binary garbage went raw to the terminal */
	refused("[nettuned]\nversion = 2\nnext_seq = 1\n\x1b[31m\x01\xff=\x07\n", "\\x1b",
		"binary garbage, escaped in the message");
	refused_len("[nettuned]\nversion = 2\0\n", 24, -EBADMSG, "NUL", "a NUL byte");
	refused_len("[nettuned]\nversion = 9\nnext_seq = 1\n", 36, -EPROTO,
		    "state version 9, this nettuned reads 1 to 2", "a newer version");
}

/* Records of every knob kind with names Linux allows and INI does not like. */
static void fill(struct nt_state *s)
{
	static const struct {
		enum nt_knob knob;
		const char *device, *device_id, *irq_action, *original, *written;
		int queue, irq;
	} recs[] = {
		{ NT_KNOB_NETDEV_BUDGET, "", "", "", "300", "600", -1, -1 },
		{ NT_KNOB_RING_RX, ";x", "name:;x", "", "453", "1024", -1, -1 },
		{ NT_KNOB_EEE_ENABLED, "e#0", "mac:00:11:22:33:44:55", "", "on", "off", -1, -1 },
		{ NT_KNOB_CHANNELS_COMBINED, "\"q\\", "bus:0000:3b:00.0", "", "8", "16", -1, -1 },
		{ NT_KNOB_RPS_CPUS,
		  "veth\xff"
		  "1",
		  "ifindex:7", "", "", "0-1", 3, -1 },
		{ NT_KNOB_RPS_FLOW_CNT,
		  "veth\xff"
		  "1",
		  "ifindex:7", "", "0", "4096", 3, -1 },
		{ NT_KNOB_IRQ_AFFINITY, "", "", "; eth3-TxRx-0 #1 ", "0-15", "3", 0, 88 },
		{ NT_KNOB_IRQ_AFFINITY, "", "", "mlx5_comp0@pci:0000:3b:00.0, \"ptp\"\t\x01", "0",
		  "", -1, 89 },
	};

	for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		struct nt_record *r = state_add(s);

		r->seq = i == 2 ? INT64_MAX : i + 1;
		r->knob = recs[i].knob;
		snprintf(r->device, sizeof(r->device), "%s", recs[i].device);
		snprintf(r->device_id, sizeof(r->device_id), "%s", recs[i].device_id);
		snprintf(r->irq_action, sizeof(r->irq_action), "%s", recs[i].irq_action);
		snprintf(r->original, sizeof(r->original), "%s", recs[i].original);
		r->has_written = true;
		snprintf(r->written, sizeof(r->written), "%s", recs[i].written);
		r->has_pending = i == 7;
		snprintf(r->boot_id, sizeof(r->boot_id), "6b9e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
		snprintf(r->netns, sizeof(r->netns), "4026531840");
		snprintf(r->changed_at, sizeof(r->changed_at), "2026-12-04T16:41:47+00:00");
		r->queue = recs[i].queue;
		r->irq = recs[i].irq;
	}
	s->next_seq = (uint64_t)INT64_MAX + 1;
}

static bool same_record(const struct nt_record *a, const struct nt_record *b)
{
	return a->knob == b->knob && a->queue == b->queue && a->irq == b->irq &&
	       a->has_written == b->has_written && a->has_pending == b->has_pending &&
	       !strcmp(a->device, b->device) && !strcmp(a->device_id, b->device_id) &&
	       !strcmp(a->irq_action, b->irq_action) && !strcmp(a->original, b->original) &&
	       !strcmp(a->written, b->written) && !strcmp(a->pending, b->pending) &&
	       !strcmp(a->boot_id, b->boot_id) && !strcmp(a->netns, b->netns) &&
	       !strcmp(a->changed_at, b->changed_at);
}

static void t_round_trip(void)
{
	struct nt_state *s = NULL, *back = NULL;
	struct nt_record saved[8];
	char err[2048] = "";
	size_t n = 0, count = 0;
	const char *text;

	make_dir();
	CHECK_EQ_INT(state_open(&s, dir, 0, err, sizeof(err)), 0);
	if (!s)
		goto out;
	fill(s);
	CHECK_EQ_INT(state_save(s, err, sizeof(err)), 0);
	count = s->n;
	memcpy(saved, s->recs, sizeof(saved));
	state_close(s);
	text = read_file(&n);
	CHECK(text && printable_text(text, true) && strstr(text, "\n[end]\nrecords = 8\n"));
	/* seen: ";x" written bare, read back by inih as a comment */
	CHECK(text && strstr(text, "device = \"\\x3bx\"\n"));
	for (int round = 0; round < 2; round++) {
		int r = state_open(&back, dir, 0, err, sizeof(err));

		CHECK_EQ_INT(r, 0);
		if (r) {
			printf("# round %d: %s\n", round, err);
			break;
		}
		CHECK_EQ_INT(back->n, count);
		/* numbered 1..n in the order they had: seq INT64_MAX is the newest */
		for (size_t i = 0; i < back->n && i < count; i++) {
			size_t want = i < 2 ? i : i < 7 ? i + 1 : 2;

			if (!same_record(&back->recs[i], &saved[want])) {
				printf("# round %d: record %zu differs from the one saved (%zu)\n",
				       round, i, want);
				check_failed++;
			}
			CHECK_EQ_U64(back->recs[i].seq, i + 1);
		}
		CHECK_EQ_U64(back->next_seq, back->n + 1);
		CHECK_EQ_INT(state_save(back, err, sizeof(err)), 0);
		state_close(back);
		back = NULL;
	}
out:
	remove_dir();
}

/* A version 1 file as nettuned 0.1 wrote it: read, then written as version 2. */
static void t_version_1(void)
{
	static const char v1[] = V1 RING;
	static const char odd[] = V1 "\n[change]\nseq = 1\nknob = irq.affinity\nqueue = -1\n"
				     "irq = 30\nirq_action = \"odd\noriginal = 0\n";
	struct nt_state *s = NULL;
	char err[2048] = "";
	const char *text;
	size_t n = 0;

	make_dir();
	write_file(v1, strlen(v1));
	CHECK_EQ_INT(state_open(&s, dir, 0, err, sizeof(err)), 0);
	if (!s) {
		printf("# %s\n", err);
		goto out;
	}
	CHECK_EQ_INT(s->loaded_version, 1);
	CHECK_EQ_INT(s->n, 1);
	CHECK(s->n == 1 && !strcmp(s->recs[0].written, "1024") &&
	      !strcmp(s->recs[0].device_id, "bus:0000:3b:00.0"));
	CHECK_EQ_INT(state_save(s, err, sizeof(err)), 0);
	text = read_file(&n);
	CHECK(text && strstr(text, "version = 2\n") && strstr(text, "[end]\nrecords = 1\n"));
	/* a version 1 file never quoted: a value starting with " is read as it is */
	state_close(s);
	s = NULL;
	remove_dir();
	make_dir();
	write_file(odd, strlen(odd));
	CHECK_EQ_INT(state_open(&s, dir, 0, err, sizeof(err)), 0);
	CHECK(s && s->n == 1 && !strcmp(s->recs[0].irq_action, "\"odd"));
out:
	state_close(s);
	remove_dir();
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(t_damaged);
	RUN(t_round_trip);
	RUN(t_version_1);
	CHECK_DONE();
}
