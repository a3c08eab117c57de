// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-device ethtool data: from the kernel on a live root, from the
 * stored `ethtool` program output in a capture (ethtool/DEV/...).
 */
#include "sample/readers.h"

#include <errno.h>
#include <stdio.h>

static int read_text(struct nt_sampler *s, const char *dev, const char *what)
{
	char path[64];
	long n;

	snprintf(path, sizeof(path), "ethtool/%s/%s", dev, what);
	n = buf_read_at(&s->aux, s->rootfd, path);
	if (n < 0)
		return (int)n;
	return n == 0 ? -ENOENT : 0; /* empty: "not available on that host" */
}

static void from_capture(struct nt_sampler *s, struct nt_netdev *d)
{
	int r;

	if ((r = read_text(s, d->name, "driver")) == 0)
		r = ethtool_parse_drvinfo(s->aux.data, &d->drv);
	d->drv.err = r;
	if ((r = read_text(s, d->name, "stats")) == 0)
		r = ethtool_parse_stats(s->aux.data, d);
	d->stats_err = r;
	if ((r = read_text(s, d->name, "rings")) == 0)
		r = ethtool_parse_rings(s->aux.data, &d->ring);
	d->ring.err = r;
	if ((r = read_text(s, d->name, "channels")) == 0)
		r = ethtool_parse_channels(s->aux.data, &d->ch);
	d->ch.err = r;
	if ((r = read_text(s, d->name, "eee")) == 0)
		r = ethtool_parse_eee(s->aux.data, &d->eee);
	d->eee.err = r;
}

static void from_kernel(struct nt_sampler *s, struct nt_netdev *d)
{
	d->drv.err = ethtool_get_drvinfo(s->et, d->name, &d->drv);
	d->stats_err = ethtool_get_stats(s->et, d->name, d);
	d->ring.err = ethtool_get_rings(s->et, d->name, &d->ring);
	d->ch.err = ethtool_get_channels(s->et, d->name, &d->ch);
	d->eee.err = ethtool_get_eee(s->et, d->name, &d->eee);
	/* the device's stable identity across renames (state records, issue 4) */
	ethtool_get_permaddr(s->et, d->name, d->perm_addr, sizeof(d->perm_addr));
}

int sample_read_dev_ethtool(struct nt_sampler *s, struct nt_snapshot *snap, struct nt_netdev *d)
{
	if (d->kind == NT_DEV_LOOPBACK || (s->flags & NT_SAMPLER_NO_ETHTOOL))
		return 0;
	if (s->live) {
		if (s->et)
			from_kernel(s, d);
	} else {
		from_capture(s, d);
	}
	if (d->stats_unreadable) {
		char src[64];

		snprintf(src, sizeof(src), "ethtool/%s/stats", d->name);
		if (d->stats_unreadable == 1)
			snapshot_note(snap, src, "%s unreadable: the value does not fit 64 bits",
				      d->stats_unreadable_name);
		else
			snapshot_note(snap, src,
				      "%s and %u more unreadable: values that do not "
				      "fit 64 bits",
				      d->stats_unreadable_name, d->stats_unreadable - 1);
	}
	if (d->drv.err == 0 && !d->bus_id[0] && d->kind == NT_DEV_PHYSICAL && d->drv.bus_info[0] &&
	    d->drv.bus_info[4] == ':')
		snprintf(d->bus_id, sizeof(d->bus_id), "%s", d->drv.bus_info);
	return 0;
}
