// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The extended ACK parser on NLMSG_ERROR messages built by hand as
 * netlink_ack() (net/netlink/af_netlink.c) lays them out, plus malformed
 * ones. Every message sits in a heap block of exactly nlmsg_len bytes, so
 * that a read past it shows under ASan or valgrind.
 */
#include "check.h"

#include <errno.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ethtool/ethtool_int.h"

#define MSG_TEXT "requested channel count exceeds maximum"

struct tlvbuf {
	unsigned char data[1024];
	size_t len;
};

/* Appends one TLV as the kernel's nla_put() does: header, data, padding. */
static void tlv_put(struct tlvbuf *b, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };

	memcpy(b->data + b->len, &a, sizeof(a));
	memcpy(b->data + b->len + NLA_HDRLEN, data, len);
	b->len += NLA_ALIGN(NLA_HDRLEN + len);
}

static void tlv_str(struct tlvbuf *b, uint16_t type, const char *s)
{
	tlv_put(b, type, s, strlen(s) + 1);
}

static void tlv_u32(struct tlvbuf *b, uint16_t type, uint32_t v)
{
	tlv_put(b, type, &v, sizeof(v));
}

struct errspec {
	uint16_t flags; /* NLM_F_ACK_TLVS, NLM_F_CAPPED */
	int error;
	size_t req_payload; /* bytes of the echoed request after its header */
	const struct tlvbuf *tlvs;
	size_t tlv_len; /* how much of tlvs to include: may cut one */
};

/*
 * NLMSG_ERROR: header, nlmsgerr, the echoed request's payload unless
 * capped (padded to NLMSG_ALIGNTO), then TLVs. The request's own header
 * is part of struct nlmsgerr.
 */
static struct nlmsghdr *build(const struct errspec *s)
{
	size_t echo = s->flags & NLM_F_CAPPED ? 0 : s->req_payload;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nlmsgerr) + echo);
	size_t total = off + s->tlv_len;
	unsigned char *p = malloc(total);
	struct nlmsghdr h = {
		.nlmsg_len = (uint32_t)total,
		.nlmsg_type = NLMSG_ERROR,
		.nlmsg_flags = s->flags,
		.nlmsg_seq = 7,
	};
	struct nlmsgerr e = {
		.error = s->error,
		.msg = {
			.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + s->req_payload),
			.nlmsg_type = 0x1c,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
			.nlmsg_seq = 7,
		},
	};

	if (!p)
		abort();
	memset(p, 0xa5, total);
	memcpy(p, &h, sizeof(h));
	memcpy(p + NLMSG_HDRLEN, &e, sizeof(e));
	if (s->tlv_len)
		memcpy(p + off, s->tlvs->data, s->tlv_len);
	return (struct nlmsghdr *)p;
}

/* Parses @s's message with a stale message in ack; returns the result. */
static int parse(const struct errspec *s, struct nt_extack *ack)
{
	struct nlmsghdr *nlh = build(s);
	int r;

	snprintf(ack->msg, sizeof(ack->msg), "stale");
	r = ethtool_nl_extack(nlh, ack);
	free(nlh);
	return r;
}

static struct tlvbuf msg_and_offs(void)
{
	struct tlvbuf b = { .len = 0 };

	tlv_str(&b, NLMSGERR_ATTR_MSG, MSG_TEXT);
	tlv_u32(&b, NLMSGERR_ATTR_OFFS, 32);
	return b;
}

static void test_uncapped(void)
{
	struct tlvbuf b = msg_and_offs();
	struct errspec s = { NLM_F_ACK_TLVS, -EINVAL, 36, &b, b.len };
	struct nt_extack ack;

	CHECK_EQ_INT(parse(&s, &ack), 1);
	CHECK_STR(ack.msg, MSG_TEXT);
	/* a request of odd length: the TLVs start at the next 4-byte boundary */
	s.req_payload = 29;
	CHECK_EQ_INT(parse(&s, &ack), 1);
	CHECK_STR(ack.msg, MSG_TEXT);
	/* the offset attribute first */
	b.len = 0;
	tlv_u32(&b, NLMSGERR_ATTR_OFFS, 24);
	tlv_str(&b, NLMSGERR_ATTR_MSG, "no device matches name");
	s.tlv_len = b.len;
	CHECK_EQ_INT(parse(&s, &ack), 1);
	CHECK_STR(ack.msg, "no device matches name");
}

static void test_capped(void)
{
	struct tlvbuf b = msg_and_offs();
	struct errspec s = { NLM_F_ACK_TLVS | NLM_F_CAPPED, -EINVAL, 36, &b, b.len };
	struct nt_extack ack;

	CHECK_EQ_INT(parse(&s, &ack), 1);
	CHECK_STR(ack.msg, MSG_TEXT);
}

/* A warning on success: error 0, always capped. */
static void test_ack_warning(void)
{
	struct tlvbuf b = { .len = 0 };
	struct errspec s = { NLM_F_ACK_TLVS | NLM_F_CAPPED, 0, 40, &b, 0 };
	struct nt_extack ack;

	tlv_str(&b, NLMSGERR_ATTR_MSG, "ring size rounded up");
	s.tlv_len = b.len;
	CHECK_EQ_INT(parse(&s, &ack), 1);
	CHECK_STR(ack.msg, "ring size rounded up");
}

static void test_no_tlvs(void)
{
	struct tlvbuf b = msg_and_offs();
	struct errspec plain = { 0, -ENODEV, 36, NULL, 0 };
	struct errspec ack_plain = { NLM_F_CAPPED, 0, 36, NULL, 0 };
	struct errspec unflagged = { NLM_F_CAPPED, -EINVAL, 36, &b, b.len };
	struct errspec empty = { NLM_F_ACK_TLVS, -EINVAL, 36, NULL, 0 };
	struct nt_extack ack;

	CHECK_EQ_INT(parse(&plain, &ack), 0);
	CHECK_STR(ack.msg, "");
	CHECK_EQ_INT(parse(&ack_plain, &ack), 0);
	CHECK_STR(ack.msg, "");
	/* TLV bytes without NLM_F_ACK_TLVS are not TLVs */
	CHECK_EQ_INT(parse(&unflagged, &ack), 0);
	CHECK_STR(ack.msg, "");
	CHECK_EQ_INT(parse(&empty, &ack), 0);
	CHECK_STR(ack.msg, "");
	/* only the offset */
	b.len = 0;
	tlv_u32(&b, NLMSGERR_ATTR_OFFS, 32);
	empty.tlvs = &b;
	empty.tlv_len = b.len;
	CHECK_EQ_INT(parse(&empty, &ack), 0);
	CHECK_STR(ack.msg, "");
}

/* Longer than nt_extack holds: cut, and still a string. */
static void test_long_message(void)
{
	struct tlvbuf b = { .len = 0 };
	struct errspec s = { NLM_F_ACK_TLVS | NLM_F_CAPPED, -EINVAL, 0, &b, 0 };
	struct nt_extack ack;
	char text[400];

	memset(text, 'm', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	tlv_str(&b, NLMSGERR_ATTR_MSG, text);
	s.tlv_len = b.len;
	CHECK_EQ_INT(parse(&s, &ack), 1);
	CHECK_EQ_U64(strlen(ack.msg), sizeof(ack.msg) - 1);
	CHECK(ack.msg[0] == 'm' && ack.msg[sizeof(ack.msg) - 2] == 'm');
}

/* The message attribute cut by the end of the message, at several points. */
static void test_truncated_tlv(void)
{
	struct tlvbuf b = msg_and_offs();
	struct errspec s = { NLM_F_ACK_TLVS, -EINVAL, 36, &b, 0 };
	struct nt_extack ack;

	for (size_t cut = 1; cut < NLA_HDRLEN + sizeof(MSG_TEXT); cut++) {
		s.tlv_len = cut;
		CHECK_EQ_INT(parse(&s, &ack), 0);
		CHECK_STR(ack.msg, "");
	}
	/* the message whole, the offset attribute cut: the message stands */
	s.tlv_len = b.len - 2;
	CHECK_EQ_INT(parse(&s, &ack), 1);
	CHECK_STR(ack.msg, MSG_TEXT);
}

static void test_malformed(void)
{
	struct tlvbuf b = { .len = 0 };
	struct errspec s = { NLM_F_ACK_TLVS | NLM_F_CAPPED, -EINVAL, 0, &b, 0 };
	struct nt_extack ack;

	/* no NUL at the end of the string */
	tlv_put(&b, NLMSGERR_ATTR_MSG, "abcd", 4);
	s.tlv_len = b.len;
	CHECK_EQ_INT(parse(&s, &ack), -EBADMSG);
	CHECK_STR(ack.msg, "");
	/* an empty string attribute: not even the NUL */
	b.len = 0;
	tlv_put(&b, NLMSGERR_ATTR_MSG, "", 0);
	s.tlv_len = b.len;
	CHECK_EQ_INT(parse(&s, &ack), -EBADMSG);
	CHECK_STR(ack.msg, "");
}

/* The echoed request's length disagrees with the message holding it. */
static void test_bad_echo(void)
{
	struct tlvbuf b = msg_and_offs();
	struct errspec s = { NLM_F_ACK_TLVS, -EINVAL, 36, &b, b.len };
	struct nlmsghdr *nlh = build(&s);
	struct nlmsgerr *e = (struct nlmsgerr *)((char *)nlh + NLMSG_HDRLEN);
	struct nt_extack ack;

	e->msg.nlmsg_len = nlh->nlmsg_len + 1;
	CHECK_EQ_INT(ethtool_nl_extack(nlh, &ack), -EBADMSG);
	CHECK_STR(ack.msg, "");
	e->msg.nlmsg_len = UINT32_MAX;
	CHECK_EQ_INT(ethtool_nl_extack(nlh, &ack), -EBADMSG);
	e->msg.nlmsg_len = NLMSG_HDRLEN - 1;
	CHECK_EQ_INT(ethtool_nl_extack(nlh, &ack), -EBADMSG);
	/* echo as long as the whole message: no room left for TLVs */
	e->msg.nlmsg_len = nlh->nlmsg_len;
	CHECK_EQ_INT(ethtool_nl_extack(nlh, &ack), -EBADMSG);
	/* echo ending exactly where the message ends: none, not an error */
	e->msg.nlmsg_len = nlh->nlmsg_len - sizeof(*e);
	CHECK_EQ_INT(ethtool_nl_extack(nlh, &ack), 0);
	e->msg.nlmsg_len = NLMSG_HDRLEN + 36;
	CHECK_EQ_INT(ethtool_nl_extack(nlh, &ack), 1);
	CHECK_STR(ack.msg, MSG_TEXT);
	free(nlh);
}

/* Too short for a struct nlmsgerr, or not an NLMSG_ERROR at all. */
static void test_bad_header(void)
{
	struct nlmsghdr *nlh = malloc(NLMSG_HDRLEN + 8);
	struct tlvbuf b = msg_and_offs();
	struct errspec s = { NLM_F_ACK_TLVS | NLM_F_CAPPED, -EINVAL, 0, &b, b.len };
	struct nt_extack ack;

	if (!nlh)
		abort();
	memset(nlh, 0, NLMSG_HDRLEN + 8);
	nlh->nlmsg_len = NLMSG_HDRLEN + 8;
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS | NLM_F_CAPPED;
	snprintf(ack.msg, sizeof(ack.msg), "stale");
	CHECK_EQ_INT(ethtool_nl_extack(nlh, &ack), -EBADMSG);
	CHECK_STR(ack.msg, "");
	free(nlh);

	nlh = build(&s);
	nlh->nlmsg_type = NLMSG_DONE;
	CHECK_EQ_INT(ethtool_nl_extack(nlh, &ack), -EBADMSG);
	CHECK_STR(ack.msg, "");
	free(nlh);
}

int main(void)
{
	RUN(test_uncapped);
	RUN(test_capped);
	RUN(test_ack_warning);
	RUN(test_no_tlvs);
	RUN(test_long_message);
	RUN(test_truncated_tlv);
	RUN(test_malformed);
	RUN(test_bad_echo);
	RUN(test_bad_header);
	CHECK_DONE();
}
