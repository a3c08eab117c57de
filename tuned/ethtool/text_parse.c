// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsers for what the ethtool program prints, as stored in captures.
 * The captures come from many hosts and many ethtool versions (4.8's ioctl
 * output with zeros, 5.x-6.x netlink output with "n/a" and extra ring
 * lines, tabs changed for spaces by editors, CRLF, stderr mixed in), so the
 * parsers look for the lines they know and skip everything else.
 */
#include "ethtool_int.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/parse.h"

struct span {
	const char *p;
	size_t len;
};

/* ---- lines and fields ------------------------------------------------- */

static void trim(struct span *s)
{
	while (s->len && isspace((unsigned char)s->p[0])) {
		s->p++;
		s->len--;
	}
	while (s->len && isspace((unsigned char)s->p[s->len - 1]))
		s->len--;
}

/* Next line at *pos, without '\n' and trailing blanks or '\r'. */
static bool next_span(const char **pos, struct span *l)
{
	const char *p = *pos, *e;

	if (!*p)
		return false;
	e = strchr(p, '\n');
	if (!e)
		e = p + strlen(p);
	*pos = *e ? e + 1 : e;
	l->p = p;
	l->len = (size_t)(e - p);
	while (l->len && isspace((unsigned char)l->p[l->len - 1]))
		l->len--;
	return true;
}

/* "Key:<blanks>value" split at the first ':', both sides trimmed. */
static bool split_kv(const struct span *l, struct span *key, struct span *val)
{
	const char *c = memchr(l->p, ':', l->len);

	if (!c)
		return false;
	key->p = l->p;
	key->len = (size_t)(c - l->p);
	val->p = c + 1;
	val->len = l->len - key->len - 1;
	trim(key);
	trim(val);
	return true;
}

/*
 * Case-insensitive match of @s's first bytes against @want, where a run of
 * blanks in @s matches one space in @want ("RX  Mini" is "RX Mini").
 * Returns the length of @s consumed, 0 when it does not match.
 */
static size_t match_prefix(const struct span *s, const char *want)
{
	size_t i = 0;

	while (*want) {
		if (i >= s->len)
			return 0;
		if (*want == ' ' && isblank((unsigned char)s->p[i])) {
			while (i < s->len && isblank((unsigned char)s->p[i]))
				i++;
			want++;
			continue;
		}
		if (tolower((unsigned char)s->p[i]) != tolower((unsigned char)*want))
			return 0;
		i++;
		want++;
	}
	return i;
}

static bool span_is(const struct span *s, const char *want)
{
	return s->len && match_prefix(s, want) == s->len;
}

static bool span_starts(const struct span *s, const char *want)
{
	return match_prefix(s, want) > 0;
}

/* Leading decimal digits of @s; false when there are none. */
static bool span_u64(const struct span *s, uint64_t *v)
{
	char buf[24];
	const char *p = buf;
	size_t n = 0;
	bool ok;

	while (n < s->len && n < sizeof(buf) - 1 && isdigit((unsigned char)s->p[n]))
		n++;
	memcpy(buf, s->p, n);
	buf[n] = '\0';
	*v = scan_u64(&p, &ok);
	return ok;
}

/* A ring or channel count: a number, or "n/a" which reads as 0 like the ioctl. */
static bool span_count(const struct span *s, uint32_t *v)
{
	uint64_t u;

	if (span_is(s, "n/a")) {
		*v = 0;
		return true;
	}
	if (!span_u64(s, &u) || u > UINT32_MAX)
		return false;
	*v = (uint32_t)u;
	return true;
}

/* ---- what a failed command leaves in a capture ------------------------- */

/* errnos whose strerror() text ethtool prints ("netlink error: %s", perror). */
static const int known_errnos[] = {
	ENODEV, EOPNOTSUPP, EPERM, EACCES, EBUSY, EAGAIN, ETIMEDOUT, EIO, ENOMEM, ENXIO, EINVAL,
};

/*
 * Why @text holds no answer: -ENOENT when it is empty (not captured),
 * the errno whose message ethtool printed, else -EINVAL (garbage).
 */
static int text_failure(const char *text)
{
	const char *p = text ? text : "";

	while (isspace((unsigned char)*p))
		p++;
	if (!*p || strstr(p, "command not found"))
		return -ENOENT;
	/* ethtool -S for a driver without statistics. */
	if (strstr(p, "no stats available"))
		return -EOPNOTSUPP;
	for (size_t i = 0; i < sizeof(known_errnos) / sizeof(known_errnos[0]); i++)
		if (strstr(p, strerror(known_errnos[i])))
			return -known_errnos[i];
	return -EINVAL;
}

/* ---- ethtool -i ---------------------------------------------------------- */

int ethtool_parse_drvinfo(const char *text, struct nt_drvinfo *out)
{
	const char *pos = text ? text : "";
	struct span l, k, v;
	bool found = false;

	memset(out, 0, sizeof(*out));
	while (next_span(&pos, &l)) {
		if (!split_kv(&l, &k, &v))
			continue;
		if (span_is(&k, "driver")) {
			/* every driver has a name (ethtool_get_drvinfo()): none is no answer */
			parse_copy_trimmed(out->driver, sizeof(out->driver), v.p, v.len);
			found = out->driver[0] != '\0';
		} else if (span_is(&k, "version")) {
			parse_copy_trimmed(out->version, sizeof(out->version), v.p, v.len);
		} else if (span_is(&k, "firmware-version")) {
			parse_copy_trimmed(out->firmware, sizeof(out->firmware), v.p, v.len);
		} else if (span_is(&k, "bus-info")) {
			parse_copy_trimmed(out->bus_info, sizeof(out->bus_info), v.p, v.len);
		}
	}
	if (!found) {
		memset(out, 0, sizeof(*out));
		out->err = text_failure(text);
	}
	return out->err;
}

/* ---- ethtool -S ---------------------------------------------------------- */

/*
 * "     name: value". Names may hold colons and blanks ("[3]: rx_discards"
 * from bnxt), so the value is the run of digits at the end of the line and
 * the name is everything before the ':' in front of it. 1 for a statistic,
 * 0 for another line, -ERANGE for a statistic whose value does not fit
 * the u64 the kernel holds it in (a damaged or edited capture).
 */
static int stat_line(const struct span *l, struct span *name, uint64_t *val)
{
	size_t end = l->len, d, c;
	char digits[48];
	const char *p = digits;

	d = end;
	while (d && isdigit((unsigned char)l->p[d - 1]))
		d--;
	if (d == end)
		return 0;
	c = d;
	while (c && isblank((unsigned char)l->p[c - 1]))
		c--;
	if (!c || l->p[c - 1] != ':')
		return 0;
	name->p = l->p;
	name->len = c - 1;
	trim(name);
	if (!name->len)
		return 0;
	/* u64 has at most 20 digits; a longer run cannot fit whatever it says */
	if (end - d >= sizeof(digits))
		return -ERANGE;
	memcpy(digits, l->p + d, end - d);
	digits[end - d] = '\0';
	return parse_u64_exact(&p, val);
}

/* A line that opens another group ("Standard stats for eth0:"). */
static bool group_header(const struct span *l)
{
	return l->len && !isblank((unsigned char)l->p[0]) && l->p[l->len - 1] == ':';
}

/* Where the statistics start: after "NIC statistics:", or everywhere. */
static const char *stats_body(const char *text, bool *headed)
{
	const char *h = strstr(text, "NIC statistics:");

	*headed = h != NULL;
	if (!h)
		return text;
	h = strchr(h, '\n');
	return h ? h + 1 : "";
}

static void note_unreadable(struct nt_netdev *d, const struct span *name)
{
	char n[NT_ETH_GSTRING_LEN + 1];
	int q;

	parse_copy_trimmed(n, sizeof(n), name->p, name->len);
	if (!d->stats_unreadable++)
		memcpy(d->stats_unreadable_name, n, sizeof(n));
	d->stats_unreadable_kinds |= 1u << ethtool_stat_classify(n, &q);
}

/*
 * Visits each statistic; fills d->stats when @fill, returns the count.
 * A second "NIC statistics:" header (two outputs run together, seen on a
 * damaged i40e capture) goes on with the same list; any other group
 * header ends it.
 */
static size_t stats_walk(const char *text, struct nt_netdev *d, bool fill)
{
	bool headed;
	const char *pos = stats_body(text, &headed);
	struct span l, name;
	uint64_t val;
	size_t n = 0;

	while (next_span(&pos, &l)) {
		int r;

		if (headed && group_header(&l) && !span_is(&l, "NIC statistics:"))
			break;
		r = stat_line(&l, &name, &val);
		if (r < 0 && !fill) /* noted once, in the counting pass */
			note_unreadable(d, &name);
		if (r <= 0)
			continue;
		if (fill) {
			parse_copy_trimmed(d->stats[n].name, sizeof(d->stats[n].name), name.p,
					   name.len);
			d->stats[n].value = val;
		}
		n++;
	}
	return n;
}

int ethtool_parse_stats(const char *text, struct nt_netdev *d)
{
	size_t n;
	int r;

	d->n_stats = 0;
	d->stats_unreadable = 0;
	d->stats_unreadable_kinds = 0;
	d->stats_unreadable_name[0] = '\0';
	n = text ? stats_walk(text, d, false) : 0;
	if (!n && d->stats_unreadable)
		return d->stats_err = 0; /* statistics, none readable */
	if (!n) {
		d->stats_err = text_failure(text);
		return d->stats_err;
	}
	r = snapshot_netdev_reserve_stats(d, n);
	if (!r) {
		stats_walk(text, d, true);
		d->n_stats = n;
	}
	d->stats_err = r;
	return r;
}

/* ---- ethtool -g / -l ------------------------------------------------------ */

enum section {
	SEC_NONE,
	SEC_MAX,
	SEC_CUR
};

struct pair_field {
	const char *key;
	size_t max_off; /* offsets of the uint32_t members in the block */
	size_t cur_off;
};

static enum section section_of(const struct span *l, enum section cur)
{
	if (span_starts(l, "Pre-set maximums"))
		return SEC_MAX;
	if (span_starts(l, "Current hardware settings"))
		return SEC_CUR;
	return cur;
}

static bool pair_set(const struct span *l, enum section sec, const struct pair_field *f, size_t nf,
		     void *block)
{
	struct span k, v;
	uint32_t val;

	if (sec == SEC_NONE || !split_kv(l, &k, &v) || !span_count(&v, &val))
		return false;
	for (size_t i = 0; i < nf; i++) {
		if (!span_is(&k, f[i].key))
			continue;
		*(uint32_t *)((char *)block + (sec == SEC_MAX ? f[i].max_off : f[i].cur_off)) = val;
		return true;
	}
	/* RX Buf Len, CQE Size, TX push buff len ...: not ours. */
	return false;
}

/* Both sections of -g and -l; returns how many known lines were read. */
static int pairs_parse(const char *text, const struct pair_field *f, size_t nf, void *block)
{
	const char *pos = text ? text : "";
	enum section sec = SEC_NONE;
	struct span l;
	int found = 0;

	while (next_span(&pos, &l)) {
		enum section s = section_of(&l, sec);

		if (s != sec) {
			sec = s;
			continue;
		}
		found += pair_set(&l, sec, f, nf, block);
	}
	return found;
}

static const struct pair_field ring_fields[] = {
	{ "RX", offsetof(struct nt_ring, rx_max), offsetof(struct nt_ring, rx) },
	{ "RX Mini", offsetof(struct nt_ring, rx_mini_max), offsetof(struct nt_ring, rx_mini) },
	{ "RX Jumbo", offsetof(struct nt_ring, rx_jumbo_max), offsetof(struct nt_ring, rx_jumbo) },
	{ "TX", offsetof(struct nt_ring, tx_max), offsetof(struct nt_ring, tx) },
};

int ethtool_parse_rings(const char *text, struct nt_ring *out)
{
	memset(out, 0, sizeof(*out));
	if (pairs_parse(text, ring_fields, NT_ARRAY_SIZE(ring_fields), out))
		return out->err = 0;
	memset(out, 0, sizeof(*out));
	return out->err = text_failure(text);
}

static const struct pair_field channel_fields[] = {
	{ "RX", offsetof(struct nt_channels, rx_max), offsetof(struct nt_channels, rx) },
	{ "TX", offsetof(struct nt_channels, tx_max), offsetof(struct nt_channels, tx) },
	{ "Other", offsetof(struct nt_channels, other_max), offsetof(struct nt_channels, other) },
	{ "Combined", offsetof(struct nt_channels, combined_max),
	  offsetof(struct nt_channels, combined) },
};

int ethtool_parse_channels(const char *text, struct nt_channels *out)
{
	memset(out, 0, sizeof(*out));
	if (pairs_parse(text, channel_fields, NT_ARRAY_SIZE(channel_fields), out))
		return out->err = 0;
	memset(out, 0, sizeof(*out));
	return out->err = text_failure(text);
}

/* ---- ethtool --show-eee ---------------------------------------------------- */

struct eee_text {
	bool has_status, status_supported;
	bool has_modes, modes_listed;
};

/* "not supported", "disabled", "enabled - active", "enabled - inactive". */
static void eee_status(const struct span *v, struct eee_text *t, struct nt_eee *out)
{
	t->has_status = true;
	if (span_starts(v, "not supported"))
		return;
	t->status_supported = true;
	if (!span_starts(v, "enabled"))
		return;
	out->enabled = true;
	out->active = !memmem(v->p, v->len, "inactive", 8) && memmem(v->p, v->len, "active", 6);
}

/* "17 (us)" or "disabled"; the timer is not shown when LPI is off. */
static void eee_lpi(const struct span *v, struct nt_eee *out)
{
	uint64_t us;

	if (span_u64(v, &us) && us <= UINT32_MAX) {
		out->tx_lpi_enabled = true;
		out->tx_lpi_timer_us = (uint32_t)us;
	}
}

static void eee_line(const struct span *l, struct eee_text *t, struct nt_eee *out)
{
	struct span k, v;

	if (!split_kv(l, &k, &v))
		return;
	if (span_is(&k, "EEE status")) {
		eee_status(&v, t, out);
	} else if (span_is(&k, "Tx LPI")) {
		eee_lpi(&v, out);
	} else if (span_is(&k, "Supported EEE link modes")) {
		t->has_modes = true;
		t->modes_listed = v.len && !span_starts(&v, "Not reported");
	}
}

int ethtool_parse_eee(const char *text, struct nt_eee *out)
{
	const char *pos = text ? text : "";
	struct eee_text t = { 0 };
	struct span l;

	memset(out, 0, sizeof(*out));
	while (next_span(&pos, &l))
		eee_line(&l, &t, out);
	if (!t.has_status && !t.has_modes) {
		memset(out, 0, sizeof(*out));
		return out->err = text_failure(text);
	}
	/* The status line decides; the mode list only when it was cut off. */
	out->supported = t.has_status ? t.status_supported : t.modes_listed;
	if (!out->supported)
		memset(out, 0, sizeof(*out));
	return out->err = 0;
}
