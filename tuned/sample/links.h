/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The live device list from rtnetlink, kept between cycles: filled by one
 * RTM_GETLINK dump, then kept current by the link notifications
 * (RTNLGRP_LINK), whose RTM_NEWLINK carries the same attributes as a dump
 * entry (rtnl_fill_ifinfo() in net/core/rtnetlink.c builds both). A
 * steady cycle costs one receive that finds nothing, whatever the number
 * of devices; a lost notification (ENOBUFS), an interrupted dump or the
 * slow safety timer bring a new dump. Internal to sample/.
 */
#ifndef NT_SAMPLE_LINKS_H
#define NT_SAMPLE_LINKS_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/snapshot.h"

struct nl_msg;
struct nl_sock;

struct nt_link {
	int ifindex;
	char name[IF_NAMESIZE];
	unsigned short type; /* ARPHRD_* */
	uint8_t operstate;   /* IF_OPER_*, RFC 2863 */
	bool classified;     /* kind was looked up in sysfs for this name */
	enum nt_devkind kind;
};

struct nt_links {
	struct nl_sock *req;    /* dumps and GETs */
	struct nl_sock *mon;    /* RTNLGRP_LINK notifications */
	struct nl_msg *dump_rq; /* RTM_GETLINK, NLM_F_DUMP */
	struct nl_msg *get_rq;  /* RTM_GETLINK of one index */
	struct nt_link *v;
	size_t n, cap;
	bool stale;       /* a dump is due */
	bool unsorted;    /* v is kept in name order: a change since the sort */
	double dumped_at; /* CLOCK_MONOTONIC s */
	uint32_t seq;
	unsigned char *buf; /* receive buffer, reused by every call */
	size_t buf_size;
};

/* -errno when rtnetlink cannot be used (the caller reads sysfs instead). */
int links_open(struct nt_links *l);
void links_close(struct nt_links *l);
/* Up to date with the kernel at @now_s (monotonic s): 0, -ENOMEM, or the
 * dump's -errno (the list is then the last one known). */
int links_refresh(struct nt_links *l, double now_s);
/* One device's counters (RTM_GETLINK by index, IFLA_STATS64): 0 or -errno. */
int links_get_stats(struct nt_links *l, int ifindex, uint64_t ifstat[NT_IFS_COUNT]);
/* sysfs' operstate word for IF_OPER_* (net-sysfs.c, operstates[]). */
const char *links_operstate_name(uint8_t operstate);

#endif
