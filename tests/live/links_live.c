// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live sampler's device list (rtnetlink dump plus link notifications,
 * tuned/sample/links.c) against sysfs, the kernel's other view of the
 * same devices, across adds, a rename, deletes and traffic. Run by
 * links_live.sh inside a network namespace it creates (with sysfs
 * remounted by "ip netns exec"); the devices are made with ip(8) between
 * two samples, as an operator or a container runtime would.
 * TAP on stdout.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "model/snapshot.h"
#include "sample/sampler.h"

#define FRAMES 50
#define ETH_P_LOCAL_EXP1 0x88b5 /* IEEE 802 local experimental */

static int n_checks, n_failed;

static void check(bool ok, const char *what)
{
	n_checks++;
	if (!ok)
		n_failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", n_checks, what);
}

static int sh(const char *cmd)
{
	int r = system(cmd);

	if (r != 0)
		fprintf(stderr, "# '%s' exited %d\n", cmd, r);
	return r;
}

/* /sys/class/net's names, sorted, joined by spaces. */
static void sysfs_names(char *out, size_t size)
{
	struct dirent **ents;
	int n = scandir("/sys/class/net", &ents, NULL, alphasort);
	size_t used = 0;

	out[0] = 0;
	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' && used < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s", used ? " " : "",
						 ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
}

static void snapshot_names(const struct nt_snapshot *snap, char *out, size_t size)
{
	size_t used = 0;

	out[0] = 0;
	for (size_t i = 0; i < snap->ndevs && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s", used ? " " : "",
					 snap->devs[i].name);
}

static const struct nt_netdev *find_dev(const struct nt_snapshot *snap, const char *name)
{
	for (size_t i = 0; i < snap->ndevs; i++)
		if (!strcmp(snap->devs[i].name, name))
			return &snap->devs[i];
	return NULL;
}

static long long sysfs_counter(const char *dev, const char *counter)
{
	char path[128];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s", dev, counter);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static int take(struct nt_sampler *s, struct nt_snapshot *snap)
{
	snapshot_free(snap);
	snapshot_init(snap);
	return sampler_take(s, snap);
}

static void same_list(struct nt_sampler *s, struct nt_snapshot *snap, const char *when)
{
	static char from_sysfs[8192], sampled[8192];
	char what[160];
	int r = take(s, snap);

	sysfs_names(from_sysfs, sizeof(from_sysfs));
	snapshot_names(snap, sampled, sizeof(sampled));
	snprintf(what, sizeof(what), "%s: the sampled devices are sysfs' devices, in name order",
		 when);
	check(r == 0 && !strcmp(from_sysfs, sampled), what);
	if (strcmp(from_sysfs, sampled))
		printf("#   sysfs:   %s\n#   sampled: %s\n", from_sysfs, sampled);
}

/* FRAMES broadcast frames out of @dev, over a packet socket. */
static int send_frames(const char *dev)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_LOCAL_EXP1),
		.sll_ifindex = (int)if_nametoindex(dev),
		.sll_halen = ETH_ALEN,
		.sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	unsigned char frame[64] = { 0 };
	int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_LOCAL_EXP1));
	int sent = 0;

	if (fd < 0)
		return -errno;
	for (int i = 0; i < FRAMES; i++)
		if (sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&to, sizeof(to)) > 0)
			sent++;
	close(fd);
	return sent;
}

static void traffic(struct nt_sampler *s, struct nt_snapshot *snap)
{
	const struct nt_netdev *a, *b;
	int sent = send_frames("ntl0a");

	usleep(200 * 1000); /* veth delivers through the backlog: let it drain */
	check(take(s, snap) == 0, "a sample after traffic");
	a = find_dev(snap, "ntl0a");
	b = find_dev(snap, "ntl0b");
	check(sent == FRAMES && a && b, "frames sent on ntl0a, both ends sampled");
	if (!a || !b)
		return;
	check(a->ifstat[NT_IFS_TX_PACKETS] == FRAMES &&
		      (long long)a->ifstat[NT_IFS_TX_PACKETS] ==
			      sysfs_counter("ntl0a", "tx_packets"),
	      "ntl0a tx_packets from rtnetlink are the frames sent and sysfs' figure");
	check(b->ifstat[NT_IFS_RX_PACKETS] == FRAMES &&
		      (long long)b->ifstat[NT_IFS_RX_PACKETS] ==
			      sysfs_counter("ntl0b", "rx_packets"),
	      "ntl0b rx_packets from rtnetlink are the frames received and sysfs' figure");
	check((long long)a->ifstat[NT_IFS_TX_BYTES] == sysfs_counter("ntl0a", "tx_bytes") &&
		      a->ifstat[NT_IFS_TX_BYTES] >= FRAMES * 60,
	      "ntl0a tx_bytes agree with sysfs");
	check(!strcmp(a->operstate, "up") && a->kind == NT_DEV_VIRTUAL,
	      "ntl0a: operstate up and kind virtual, as sysfs says");
}

/* Tcp: OutSegs from /proc/net/snmp, read afresh: -1 when unreadable. */
static long long snmp_out_segs(void)
{
	char line[1024], names[1024] = "";
	long long v = -1;
	FILE *f = fopen("/proc/net/snmp", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "Tcp:", 4))
			continue;
		if (!names[0]) {
			snprintf(names, sizeof(names), "%s", line);
			continue;
		}
		/* the value under "OutSegs" in the header line */
		int col = 0;
		char *save1, *save2, *n = strtok_r(names, " \n", &save1);
		char *x = strtok_r(line, " \n", &save2);

		for (; n && x;
		     n = strtok_r(NULL, " \n", &save1), x = strtok_r(NULL, " \n", &save2), col++)
			if (!strcmp(n, "OutSegs"))
				v = atoll(x);
		break;
	}
	if (f)
		fclose(f);
	return v;
}

/* One TCP connection over loopback: its handshake and close send segments. */
static int tcp_exchange(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0), acc = -1;
	int ok = l >= 0 && c >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		 listen(l, 1) == 0 && getsockname(l, (struct sockaddr *)&a, &len) == 0 &&
		 connect(c, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		 (acc = accept(l, NULL, NULL)) >= 0 && write(c, "x", 1) == 1;

	if (acc >= 0)
		close(acc);
	if (c >= 0)
		close(c);
	if (l >= 0)
		close(l);
	return ok ? 0 : -1;
}

/*
 * The live sampler keeps /proc files open between cycles (kept.c): each
 * cycle must read the kernel's figures of now, not the first ones.
 */
static void kept_files_fresh(struct nt_sampler *s, struct nt_snapshot *snap)
{
	unsigned long long before, after;

	check(take(s, snap) == 0, "a sample before a TCP exchange on loopback");
	before = snap->tcp[NT_TCP_OUT_SEGS];
	check(tcp_exchange() == 0, "a TCP connection, a byte and a close on 127.0.0.1");
	usleep(100 * 1000);
	check(take(s, snap) == 0, "the next sample");
	after = snap->tcp[NT_TCP_OUT_SEGS];
	check(after >= before + 3 && (long long)after <= snmp_out_segs(),
	      "Tcp OutSegs grew by the exchange's segments in the next sample (a kept fd reads anew)");
	printf("# Tcp OutSegs %llu -> %llu\n", before, after);
}

static bool watch_only_ntl0a(const struct nt_netdev *d, void *user)
{
	(void)user;
	return !strcmp(d->name, "ntl0a");
}

static void unwatched(struct nt_sampler *s, struct nt_snapshot *snap)
{
	const struct nt_netdev *a, *b;

	sampler_set_watch(s, watch_only_ntl0a, NULL);
	send_frames("ntl0a");
	usleep(200 * 1000);
	check(take(s, snap) == 0, "a sample watching ntl0a only");
	a = find_dev(snap, "ntl0a");
	b = find_dev(snap, "ntl0b");
	check(a && a->ifstat[NT_IFS_TX_PACKETS] == 2 * FRAMES,
	      "the watched device is read in full (tx_packets 2 x the frames)");
	check(!b && snap->ndevs == 1, "the devices not watched are left out of the snapshot");
	sampler_set_watch(s, NULL, NULL);
}

int main(void)
{
	struct nt_sampler *s = NULL;
	struct nt_snapshot snap;
	char err[256] = "";
	char cmd[256];

	snapshot_init(&snap);
	if (sampler_open(&s, "/", NT_SAMPLER_NO_ETHTOOL, err, sizeof(err)) < 0) {
		printf("1..0 # SKIP sampler_open: %s\n", err);
		return 0;
	}
	same_list(s, &snap, "a new namespace");
	for (int i = 0; i < 8; i++) {
		snprintf(cmd, sizeof(cmd), "ip link add ntl%da type veth peer name ntl%db", i, i);
		sh(cmd);
	}
	same_list(s, &snap, "8 veth pairs added");
	sh("ip link set ntl3a name ntl3renamed");
	same_list(s, &snap, "one renamed");
	check(!find_dev(&snap, "ntl3a") && find_dev(&snap, "ntl3renamed"),
	      "the old name is gone, the new one listed");
	for (int i = 4; i < 8; i++) {
		snprintf(cmd, sizeof(cmd), "ip link del ntl%da", i);
		sh(cmd);
	}
	same_list(s, &snap, "4 pairs deleted");
	sh("ip link set ntl0a up && ip link set ntl0b up");
	same_list(s, &snap, "a pair set up");
	traffic(s, &snap);
	kept_files_fresh(s, &snap);
	unwatched(s, &snap);
	for (int i = 0; i < 20; i++) {
		snprintf(cmd, sizeof(cmd), "ip link add ntb%02da type veth peer name ntb%02db", i,
			 i);
		sh(cmd);
	}
	sh("ip link del ntl1a; ip link del ntl2a");
	same_list(s, &snap, "a burst of 20 pairs added and 2 deletes between two samples");

	snapshot_free(&snap);
	sampler_close(s);
	printf("1..%d\n", n_checks);
	return n_failed ? 1 : 0;
}
