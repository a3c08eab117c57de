// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's ethtool monitor subscription against the real kernel, run
 * inside a namespace by monitor.sh: subscribe, let the script change the
 * channels of a veth with the ethtool program (CHANNELS_NTF), and check
 * that the notification names the device. Our own SET is notified too.
 *
 * usage: monitor DEV   (prints TAP; the script runs `ethtool -L` when told)
 */
#include "check.h"
#include "ethtool/monitor.h"
#include "ethtool/ethtool.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct seen {
	char names[8][32];
	int n;
};

static void changed(void *user, const char *ifname)
{
	struct seen *s = user;

	if (s->n < 8)
		snprintf(s->names[s->n++], sizeof(s->names[0]), "%s", ifname);
}

/* Waits up to 2 s for notifications, collecting the device names. */
static void collect(struct nt_monitor *m, struct seen *s)
{
	struct pollfd p = { .fd = monitor_fd(m), .events = POLLIN };

	while (poll(&p, 1, 2000) > 0) {
		CHECK(monitor_receive(m, changed, s) == 0);
		if (s->n)
			break;
	}
}

int main(int argc, char **argv)
{
	struct nt_monitor *m = NULL;
	struct nt_ethtool *et = NULL;
	struct nt_channels_set set = { .rx = -1, .tx = -1, .combined = 2 };
	struct nt_extack ack = { 0 };
	struct seen other = { 0 }, own = { 0 };
	char err[256] = "", cmd[128];
	int r;

	if (argc != 2)
		return 2;
	printf("1..3\n");
	r = monitor_open(&m, err, sizeof(err));
	printf("%sok 1 - subscribed to the ethtool monitor group%s%s\n", r ? "not " : "",
	       r ? ": " : "", err);
	if (r)
		return 1;
	/* someone else: the ethtool program */
	snprintf(cmd, sizeof(cmd), "ethtool -L %s tx 1 rx 1 2>/dev/null", argv[1]);
	if (system(cmd) != 0) {
		printf("ok 2 # SKIP the ethtool program could not set channels\n");
	} else {
		collect(m, &other);
		printf("%sok 2 - CHANNELS_NTF after `ethtool -L` names %s (got %d, first '%s')\n",
		       other.n && !strcmp(other.names[0], argv[1]) ? "" : "not ", argv[1], other.n,
		       other.n ? other.names[0] : "");
	}
	/* nettuned's own SET is notified as well: the daemon compares values */
	CHECK(ethtool_open(&et) == 0);
	set.combined = -1;
	set.rx = 2;
	set.tx = 2;
	r = ethtool_set_channels(et, argv[1], &set, &ack);
	collect(m, &own);
	printf("%sok 3 - our own CHANNELS_SET (%d) is notified too (got %d)\n",
	       r == 0 && own.n && !strcmp(own.names[0], argv[1]) ? "" : "not ", r, own.n);
	ethtool_close(et);
	monitor_close(m);
	(void)check_cases;
	return check_failed ? 1 : 0;
}
