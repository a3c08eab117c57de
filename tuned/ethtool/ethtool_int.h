/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the ethtool readers. Two transports, ioctl.c (SIOCETHTOOL) and
 * nl.c (ethtool generic netlink, with extack.c for the kernel's messages),
 * and one file per message family holding its netlink request and reply,
 * its ioctl fallback and its set: rings.c, channels.c, eee.c, drvinfo.c,
 * stats.c. live.c owns the handle and the rule for when netlink's answer
 * stands; monitor.c parses notifications with the families' reply parsers.
 *
 * Not for use outside tuned/ethtool/ except by the tests, which drive both
 * transports to check they agree.
 */
#ifndef NT_ETHTOOL_INT_H
#define NT_ETHTOOL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ethtool.h"

struct nl_sock;
struct nl_msg;
struct nla_policy;
struct nlattr;
struct nlmsghdr;
struct ethtool_gstrings;
struct ethtool_stats;

struct nt_ethtool {
	int fd; /* SIOCETHTOOL socket */

	struct nl_sock *nl;     /* ethtool genl, NULL when the family is absent */
	struct nl_msg *get_msg; /* the GET request, reused (nl.c) */
	unsigned char *rxbuf;   /* every answer is received here */
	size_t rxbuf_size;
	int family;
	uint32_t nl_cmds_ok; /* ETHTOOL_MSG_* bits whose EOPNOTSUPP is the driver's */

	/*
	 * Scratch for ethtool_get_stats, reused by every call so that the
	 * steady state allocates nothing; *_cap counts entries, not bytes.
	 */
	struct ethtool_gstrings *strings;
	size_t strings_cap;
	struct ethtool_stats *values;
	size_t values_cap;
};

/* ---- ioctl.c: the SIOCETHTOOL transport ------------------------------- */

int ethtool_ioctl_open(struct nt_ethtool *et);
void ethtool_ioctl_close(struct nt_ethtool *et);
/* One SIOCETHTOOL on @ifname with @data (a struct starting with cmd): 0 or -errno. */
int ethtool_ioctl(struct nt_ethtool *et, const char *ifname, void *data);
/* Copies a fixed kernel char array that need not end in NUL; dst always does. */
void ethtool_ioctl_copy_str(char *dst, size_t size, const char *src, size_t srclen);
/* For the get-change-set fallbacks: *field = @v unless @v is -1; true when that changed it. */
bool ethtool_ioctl_update_u32(uint32_t *field, int64_t v);

/* ---- nl.c: the ethtool generic netlink transport ---------------------- */

/*
 * One message family's reply. A GET answer and the family's _NTF
 * notification have the same layout: ethnl_default_notify() (kernel
 * net/ethtool/netlink.c) fills the notification with the same fill_reply
 * as ethnl_default_doit() fills the GET answer. So one parser serves both.
 */
struct ethtool_nl_reply {
	uint8_t get_cmd;    /* ETHTOOL_MSG_*_GET */
	uint8_t ntf_cmd;    /* ETHTOOL_MSG_*_NTF, same layout */
	int hdr_attr;       /* ETHTOOL_A_*_HEADER of request and reply */
	uint32_t get_flags; /* ETHTOOL_A_HEADER_FLAGS of the GET */
	int maxattr;        /* at most ETHTOOL_NL_MAXATTR */
	const struct nla_policy *policy;
	/* Fills @out from the parsed top-level attributes; never fails. */
	void (*parse)(struct nlattr **tb, void *out);
};

/* Largest attribute number any reply parser reads. */
#define ETHTOOL_NL_MAXATTR 16

int ethtool_nl_open(struct nt_ethtool *et);
void ethtool_nl_close(struct nt_ethtool *et);

/*
 * Parses one GET reply or notification of @rp's family into @out. When
 * @ifname is not NULL the header nest must name the device; *ifname then
 * points into the message. 0 or -EPROTO.
 */
int ethtool_nl_parse_reply(struct nlmsghdr *nlh, const struct ethtool_nl_reply *rp, void *out,
			   const char **ifname);

/* GET of @rp's family for @ifname into @out: 0, the kernel's -errno, -ENODATA without a reply. */
int ethtool_nl_get(struct nt_ethtool *et, const struct ethtool_nl_reply *rp, const char *ifname,
		   void *out);

/* A request with its header nest naming @ifname, for a SET to fill in. */
void ethtool_nlmsg_freep(struct nl_msg **m);
int ethtool_nl_request(struct nt_ethtool *et, uint8_t cmd, int hdr_attr, uint32_t flags,
		       const char *ifname, struct nl_msg **out);
/* Sends a SET and waits for its ACK; ack (may be NULL) gets the kernel's message. */
int ethtool_nl_send_set(struct nt_ethtool *et, struct nl_msg *msg, struct nt_extack *ack);

/* Attribute helpers for the families: absent reads as 0 / false / not sent. */
uint32_t ethtool_nla_u32(struct nlattr **tb, int type);
bool ethtool_nla_bool(struct nlattr **tb, int type);
/* Adds @type as u32 unless @v is -1; @v was checked by ethtool_set_value_ok(). */
int ethtool_nla_put_opt_u32(struct nl_msg *msg, int type, int64_t v);

/*
 * extack.c: copies NLMSGERR_ATTR_MSG of an NLMSG_ERROR (error or ACK) into
 * ack->msg, "" when there is none. nlh->nlmsg_len bytes must be readable,
 * as libnl checks before any callback; nothing beyond them is read. 1: a
 * message, 0: none, -EBADMSG: not a well-formed NLMSG_ERROR.
 */
int ethtool_nl_extack(struct nlmsghdr *nlh, struct nt_extack *ack);

/* ---- live.c: which transport answers ---------------------------------- */

/*
 * After netlink answered @r to @cmd: true when that answer stands, false
 * when the ioctl should be asked instead (then a SET's ack is cleared:
 * the ioctl has no message to give).
 */
bool ethtool_nl_get_stands(struct nt_ethtool *et, int cmd, int r);
bool ethtool_nl_set_stands(struct nt_ethtool *et, int cmd, int r, struct nt_extack *ack);

/* A wanted value is -1 (keep) or fits the kernel's u32 fields. */
static inline bool ethtool_set_value_ok(int64_t v)
{
	return v >= -1 && v <= UINT32_MAX;
}

static inline void ethtool_ack_clear(struct nt_extack *ack)
{
	if (ack)
		ack->msg[0] = '\0';
}

/* ---- the families: each transport's half, as the tests call them ------ */

/* rings.c: RINGS_GET/SET (5.7), ETHTOOL_GRINGPARAM/SRINGPARAM */
extern const struct ethtool_nl_reply ethtool_rings_reply;
int ethtool_nl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out);
int ethtool_ioctl_get_rings(struct nt_ethtool *et, const char *ifname, struct nt_ring *out);
int ethtool_nl_set_rings(struct nt_ethtool *et, const char *ifname, const struct nt_ring_set *want,
			 struct nt_extack *ack);
int ethtool_ioctl_set_rings(struct nt_ethtool *et, const char *ifname,
			    const struct nt_ring_set *want);

/* channels.c: CHANNELS_GET/SET (5.7), ETHTOOL_GCHANNELS/SCHANNELS */
extern const struct ethtool_nl_reply ethtool_channels_reply;
int ethtool_nl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out);
int ethtool_ioctl_get_channels(struct nt_ethtool *et, const char *ifname, struct nt_channels *out);
int ethtool_nl_set_channels(struct nt_ethtool *et, const char *ifname,
			    const struct nt_channels_set *want, struct nt_extack *ack);
int ethtool_ioctl_set_channels(struct nt_ethtool *et, const char *ifname,
			       const struct nt_channels_set *want);

/* eee.c: EEE_GET/SET (5.7), ETHTOOL_GEEE/SEEE */
extern const struct ethtool_nl_reply ethtool_eee_reply;
int ethtool_nl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out);
int ethtool_ioctl_get_eee(struct nt_ethtool *et, const char *ifname, struct nt_eee *out);
int ethtool_nl_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled,
			       struct nt_extack *ack);
int ethtool_ioctl_set_eee_enabled(struct nt_ethtool *et, const char *ifname, bool enabled);

#endif
