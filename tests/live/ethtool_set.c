// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ethtool SET path on a real driver (veth with 4 RX and 4 TX queues, no
 * combined channels, no ring or EEE operations), run by ethtool_set.sh
 * inside a private network namespace:
 *
 *   ethtool_set IFNAME
 *
 * Both transports are driven directly and through the dispatching API. To
 * tell which transport answered, the ioctl socket is swapped for -1 at
 * times: an answer that came from the ioctl would then be -EBADF. The last
 * case deletes IFNAME (the test, not the library, runs ip and ethtool).
 */
#include "check.h"

#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ethtool/ethtool.h"
#include "ethtool/ethtool_int.h"

#define KEEP (-1)

static const char *ifname;
static struct nt_ethtool *et;
static bool nl, have_ethtool;

/* ---- helpers --------------------------------------------------------- */

static void channels_now(struct nt_channels *ch)
{
	CHECK_EQ_INT(nl ? ethtool_nl_get_channels(et, ifname, ch) :
			  ethtool_ioctl_get_channels(et, ifname, ch),
		     0);
}

/* What `ethtool -l` says agrees with @rx and @tx, when ethtool is there. */
static void ethtool_agrees(unsigned int rx, unsigned int tx)
{
	struct nt_channels text;
	char cmd[128], buf[4096];
	size_t n;
	FILE *p;

	if (!have_ethtool)
		return;
	snprintf(cmd, sizeof(cmd), "ethtool -l %s 2>&1", ifname);
	p = popen(cmd, "r");
	if (!p) {
		CHECK(!"popen ethtool -l");
		return;
	}
	n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = '\0';
	pclose(p);
	CHECK_EQ_INT(ethtool_parse_channels(buf, &text), 0);
	CHECK_EQ_U64(text.rx, rx);
	CHECK_EQ_U64(text.tx, tx);
}

/* Runs @call with the ioctl socket replaced by -1. */
#define WITHOUT_IOCTL(call)           \
	__extension__({               \
		int _fd = et->fd, _r; \
		et->fd = -1;          \
		_r = (call);          \
		et->fd = _fd;         \
		_r;                   \
	})

static void stale(struct nt_extack *ack)
{
	snprintf(ack->msg, sizeof(ack->msg), "stale");
}

static void report(const char *what, int r, const struct nt_extack *ack)
{
	printf("# %s: %d (%s) \"%s\"\n", what, r, r ? strerror(-r) : "ok", ack->msg);
}

/* ---- cases ----------------------------------------------------------- */

static void test_open(void)
{
	CHECK_EQ_INT(ethtool_open(&et), 0);
	nl = ethtool_has_netlink(et);
	have_ethtool = !system("command -v ethtool >/dev/null 2>&1");
	printf("# ethtool netlink: %s, ethtool program: %s\n", nl ? "yes" : "no",
	       have_ethtool ? "yes" : "no");
}

static void test_channels_nl(void)
{
	struct nt_channels_set want = { .rx = 2, .tx = 2, .combined = KEEP };
	struct nt_extack ack;
	struct nt_channels ch;

	if (!nl)
		return;
	stale(&ack);
	CHECK_EQ_INT(ethtool_nl_set_channels(et, ifname, &want, &ack), 0);
	CHECK_STR(ack.msg, "");
	CHECK_EQ_INT(ethtool_nl_get_channels(et, ifname, &ch), 0);
	CHECK_EQ_U64(ch.rx, 2);
	CHECK_EQ_U64(ch.tx, 2);
	CHECK_EQ_U64(ch.rx_max, 4);
	ethtool_agrees(2, 2);
}

static void test_channels_ioctl(void)
{
	struct nt_channels_set rx4 = { .rx = 4, .tx = KEEP, .combined = KEEP };
	struct nt_channels_set tx2 = { .rx = KEEP, .tx = 2, .combined = KEEP };
	struct nt_channels io, ch;

	CHECK_EQ_INT(ethtool_ioctl_set_channels(et, ifname, &tx2), 0);
	CHECK_EQ_INT(ethtool_ioctl_set_channels(et, ifname, &rx4), 0);
	CHECK_EQ_INT(ethtool_ioctl_get_channels(et, ifname, &io), 0);
	CHECK_EQ_U64(io.rx, 4);
	CHECK_EQ_U64(io.tx, 2);
	channels_now(&ch);
	CHECK(!memcmp(&ch, &io, sizeof(ch)));
	ethtool_agrees(4, 2);
	/* nothing to change: not sent */
	CHECK_EQ_INT(ethtool_ioctl_set_channels(et, ifname, &rx4), 0);
}

static void test_channels_api(void)
{
	struct nt_channels_set want = { .rx = 3, .tx = 3, .combined = KEEP };
	struct nt_extack ack;
	struct nt_channels ch;

	stale(&ack);
	CHECK_EQ_INT(ethtool_set_channels(et, ifname, &want, &ack), 0);
	CHECK_STR(ack.msg, "");
	channels_now(&ch);
	CHECK_EQ_U64(ch.rx, 3);
	CHECK_EQ_U64(ch.tx, 3);
	ethtool_agrees(3, 3);
	CHECK_EQ_INT(ethtool_set_channels(et, ifname, &want, NULL), 0);
	/* the ioctl socket plays no part when netlink answers */
	if (nl)
		CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_channels(et, ifname, &want, &ack)), 0);
}

/* One refused request through the API, over netlink only, and by ioctl. */
static void refused(const char *what, const struct nt_channels_set *want, const char *text)
{
	struct nt_extack ack;
	char label[96];
	int r;

	stale(&ack);
	r = ethtool_set_channels(et, ifname, want, &ack);
	snprintf(label, sizeof(label), "CHANNELS_SET %s", what);
	report(label, r, &ack);
	CHECK_EQ_INT(r, -EINVAL);
	if (nl) {
		CHECK(strstr(ack.msg, text) != NULL);
		stale(&ack);
		CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_channels(et, ifname, want, &ack)), -EINVAL);
		CHECK(strstr(ack.msg, text) != NULL);
		stale(&ack);
		CHECK_EQ_INT(ethtool_nl_set_channels(et, ifname, want, &ack), -EINVAL);
		CHECK(strstr(ack.msg, text) != NULL);
	}
	CHECK_EQ_INT(ethtool_set_channels(et, ifname, want, NULL), -EINVAL);
	r = ethtool_ioctl_set_channels(et, ifname, want);
	printf("# SCHANNELS ioctl %s: %d (%s)\n", what, r, strerror(-r));
	CHECK_EQ_INT(r, -EINVAL);
}

static void test_channels_refused(void)
{
	struct nt_channels_set combined = { .rx = KEEP, .tx = KEEP, .combined = 1 };
	struct nt_channels_set too_many = { .rx = 5, .tx = KEEP, .combined = KEEP };
	struct nt_channels_set none = { .rx = 0, .tx = 0, .combined = KEEP };
	struct nt_channels_set ok = { .rx = 3, .tx = KEEP, .combined = KEEP };
	struct nt_extack ack;
	struct nt_channels ch;

	/* net/ethtool/channels.c, NL_SET_ERR_MSG_ATTR */
	refused("combined 1 (max 0)", &combined, "requested channel count exceeds maximum");
	refused("rx 5 (max 4)", &too_many, "requested channel count exceeds maximum");
	refused("rx 0 tx 0", &none, "would result in no RX or TX channel being configured");
	channels_now(&ch);
	CHECK_EQ_U64(ch.rx, 3);
	CHECK_EQ_U64(ch.tx, 3);
	CHECK_EQ_U64(ch.combined, 0);
	/* the next call starts with an empty message */
	CHECK_EQ_INT(ethtool_set_channels(et, ifname, &too_many, &ack), -EINVAL);
	CHECK_EQ_INT(ethtool_set_channels(et, ifname, &ok, &ack), 0);
	CHECK_STR(ack.msg, "");
}

static void test_bad_values(void)
{
	struct nt_channels_set big = { .rx = 1LL << 32, .tx = KEEP, .combined = KEEP };
	struct nt_channels_set neg = { .rx = KEEP, .tx = -2, .combined = KEEP };
	struct nt_ring_set ring = { .rx = 1LL << 40, .tx = KEEP };
	struct nt_extack ack;

	stale(&ack);
	CHECK_EQ_INT(ethtool_set_channels(et, ifname, &big, &ack), -EINVAL);
	CHECK_STR(ack.msg, "");
	CHECK_EQ_INT(ethtool_set_channels(et, ifname, &neg, &ack), -EINVAL);
	CHECK_EQ_INT(ethtool_ioctl_set_channels(et, ifname, &big), -EINVAL);
	CHECK_EQ_INT(ethtool_set_rings(et, ifname, &ring, &ack), -EINVAL);
	CHECK_EQ_INT(ethtool_ioctl_set_rings(et, ifname, &ring), -EINVAL);
	if (nl) {
		CHECK_EQ_INT(ethtool_nl_set_channels(et, ifname, &big, &ack), -EINVAL);
		CHECK_EQ_INT(ethtool_nl_set_rings(et, ifname, &ring, &ack), -EINVAL);
	}
}

/* All members -1: the kernel sees no change and calls no driver. */
static void test_nothing_to_do(void)
{
	struct nt_channels_set keep = { .rx = KEEP, .tx = KEEP, .combined = KEEP };
	struct nt_extack ack;

	CHECK_EQ_INT(ethtool_set_channels(et, ifname, &keep, &ack), 0);
	CHECK_EQ_INT(ethtool_ioctl_set_channels(et, ifname, &keep), 0);
	if (nl)
		CHECK_EQ_INT(ethtool_nl_set_channels(et, ifname, &keep, &ack), 0);
}

/*
 * veth has neither set_ringparam nor set_eee: ethnl_set_rings_validate()
 * and ethnl_set_eee_validate() say -EOPNOTSUPP, without a message. The API
 * must pass that on from netlink, not from an ioctl tried after it.
 */
static void test_rings_eee(void)
{
	struct nt_ring_set ring = { .rx = 256, .tx = KEEP };
	struct nt_extack ack;
	int r;

	stale(&ack);
	r = ethtool_set_rings(et, ifname, &ring, &ack);
	report("RINGS_SET rx 256", r, &ack);
	CHECK_EQ_INT(r, -EOPNOTSUPP);
	CHECK_STR(ack.msg, "");
	stale(&ack);
	r = ethtool_set_eee_enabled(et, ifname, true, &ack);
	report("EEE_SET enabled 1", r, &ack);
	CHECK_EQ_INT(r, -EOPNOTSUPP);
	CHECK_STR(ack.msg, "");
	CHECK_EQ_INT(ethtool_set_eee_enabled(et, ifname, false, NULL), -EOPNOTSUPP);
	CHECK_EQ_INT(ethtool_ioctl_set_rings(et, ifname, &ring), -EOPNOTSUPP);
	CHECK_EQ_INT(ethtool_ioctl_set_eee_enabled(et, ifname, true), -EOPNOTSUPP);
	if (!nl)
		return;
	CHECK_EQ_INT(ethtool_nl_set_rings(et, ifname, &ring, &ack), -EOPNOTSUPP);
	CHECK_EQ_INT(ethtool_nl_set_eee_enabled(et, ifname, true, &ack), -EOPNOTSUPP);
	CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_rings(et, ifname, &ring, &ack)), -EOPNOTSUPP);
	CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_eee_enabled(et, ifname, true, &ack)), -EOPNOTSUPP);
}

/*
 * As on a kernel where the SET commands may be unknown (5.6): EOPNOTSUPP
 * is checked with the ioctl (-EBADF here, proving it was asked), per
 * command, until that command has once worked.
 */
static void test_untrusted_fallback(void)
{
	struct nt_channels_set ch = { .rx = 3, .tx = KEEP, .combined = KEEP };
	struct nt_ring_set ring = { .rx = 256, .tx = KEEP };
	struct nt_extack ack;
	uint32_t saved = et->nl_cmds_ok;

	if (!nl)
		return;
	et->nl_cmds_ok = 0;
	CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_rings(et, ifname, &ring, &ack)), -EBADF);
	CHECK_STR(ack.msg, "");
	CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_eee_enabled(et, ifname, true, &ack)), -EBADF);
	/* a refusal other than EOPNOTSUPP is an answer all the same */
	ch.rx = 5;
	CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_channels(et, ifname, &ch, &ack)), -EINVAL);
	ch.rx = 3;
	CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_channels(et, ifname, &ch, &ack)), 0);
	CHECK(et->nl_cmds_ok & (1u << ETHTOOL_MSG_CHANNELS_SET));
	CHECK(!(et->nl_cmds_ok & (1u << ETHTOOL_MSG_RINGS_SET)));
	/* the ioctl answers when it is there */
	CHECK_EQ_INT(ethtool_set_rings(et, ifname, &ring, &ack), -EOPNOTSUPP);
	et->nl_cmds_ok = saved;
}

/* The device goes away between two calls: -ENODEV on every path. */
static void test_vanished(void)
{
	struct nt_channels_set ch = { .rx = 2, .tx = KEEP, .combined = KEEP };
	struct nt_ring_set ring = { .rx = 256, .tx = KEEP };
	struct nt_extack ack;
	char cmd[64];
	int r;

	snprintf(cmd, sizeof(cmd), "ip link del %s", ifname);
	CHECK_EQ_INT(system(cmd), 0);
	stale(&ack);
	r = ethtool_set_channels(et, ifname, &ch, &ack);
	report("CHANNELS_SET on a deleted device", r, &ack);
	CHECK_EQ_INT(r, -ENODEV);
	if (nl)
		CHECK_STR(ack.msg, "no device matches name");
	CHECK_EQ_INT(ethtool_set_rings(et, ifname, &ring, &ack), -ENODEV);
	CHECK_EQ_INT(ethtool_set_eee_enabled(et, ifname, true, &ack), -ENODEV);
	CHECK_EQ_INT(ethtool_ioctl_set_channels(et, ifname, &ch), -ENODEV);
	CHECK_EQ_INT(ethtool_ioctl_set_rings(et, ifname, &ring), -ENODEV);
	CHECK_EQ_INT(ethtool_ioctl_set_eee_enabled(et, ifname, true), -ENODEV);
	if (!nl)
		return;
	CHECK_EQ_INT(ethtool_nl_set_channels(et, ifname, &ch, &ack), -ENODEV);
	CHECK_EQ_INT(ethtool_nl_set_rings(et, ifname, &ring, &ack), -ENODEV);
	CHECK_EQ_INT(ethtool_nl_set_eee_enabled(et, ifname, false, &ack), -ENODEV);
	CHECK_EQ_INT(WITHOUT_IOCTL(ethtool_set_channels(et, ifname, &ch, &ack)), -ENODEV);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
		return 2;
	}
	ifname = argv[1];
	RUN(test_open);
	if (!et) {
		printf("Bail out! ethtool_open\n");
		return 1;
	}
	RUN(test_channels_nl);
	RUN(test_channels_ioctl);
	RUN(test_channels_api);
	RUN(test_channels_refused);
	RUN(test_bad_values);
	RUN(test_nothing_to_do);
	RUN(test_rings_eee);
	RUN(test_untrusted_fallback);
	RUN(test_vanished);
	ethtool_close(et);
	CHECK_DONE();
}
