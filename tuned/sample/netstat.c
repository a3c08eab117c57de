// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/netstat and /proc/net/snmp print pairs of lines,
 *   TcpExt: SyncookiesSent SyncookiesRecv ...
 *   TcpExt: 0 0 ...
 * and the set and order of names changes between kernels, so counters are
 * matched by name, never by position. Some snmp values are signed
 * (Tcp: MaxConn -1); none of the ones we keep are. They are unsigned long
 * (64-bit): a longer number is unreadable, not the largest one.
 */
#include "sample/parsers.h"
#include "sample/readers.h"
#include "util/parse.h"

#include <string.h>

static int lookup(const char *section, size_t slen, const char *name, size_t nlen)
{
	for (int i = 0; i < NT_TCP_COUNT; i++) {
		const struct nt_tcpstat_name *t = &nt_tcpstat_names[i];

		if (strlen(t->section) == slen && !memcmp(t->section, section, slen) &&
		    strlen(t->name) == nlen && !memcmp(t->name, name, nlen))
			return i;
	}
	return -1;
}

static bool section_wanted(const char *section, size_t slen)
{
	for (int i = 0; i < NT_TCP_COUNT; i++)
		if (strlen(nt_tcpstat_names[i].section) == slen &&
		    !memcmp(nt_tcpstat_names[i].section, section, slen))
			return true;
	return false;
}

static size_t token_len(const char *p)
{
	size_t n = 0;

	while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n')
		n++;
	return n;
}

static void pair(struct nt_snapshot *snap, enum nt_source src, const char *names,
		 const char *values, size_t slen)
{
	const char *sec = names;

	names += slen;
	values += slen;
	for (;;) {
		size_t nlen, vlen;
		int idx;

		names = skip_blanks(names);
		values = skip_blanks(values);
		nlen = token_len(names);
		vlen = token_len(values);
		if (!nlen || !vlen)
			break;
		idx = lookup(sec, slen, names, nlen);
		if (idx >= 0 && *values != '-') {
			const char *v = values;
			uint64_t val;
			int r = parse_u64_exact(&v, &val);

			if (r == -ERANGE) {
				snapshot_note(snap, nt_source_paths[src],
					      "%s unreadable: the value does not fit 64 bits",
					      nt_tcpstat_names[idx].name);
			} else if (r > 0) {
				snap->tcp[idx] = val;
				snap->tcp_present |= 1u << idx;
			}
		}
		names += nlen;
		values += vlen;
	}
}

void netstat_parse(struct nt_snapshot *snap, enum nt_source src, const char *p)
{
	while (*p) {
		const char *names = p, *values = next_line(p);
		size_t slen = token_len(names);

		if (!*values)
			break;
		if (slen && names[slen - 1] == ':' && token_len(values) == slen &&
		    !memcmp(names, values, slen) && section_wanted(names, slen))
			pair(snap, src, names, values, slen);
		p = next_line(values);
	}
}

int sample_read_netstat(struct nt_sampler *s, struct nt_snapshot *snap)
{
	long n = sample_read_kept(s, &s->buf, "proc/net/netstat");

	snap->src_err[NT_SRC_NETSTAT] = n < 0 ? (int)n : 0;
	if (n >= 0)
		netstat_parse(snap, NT_SRC_NETSTAT, s->buf.data);
	n = sample_read_kept(s, &s->buf, "proc/net/snmp");
	snap->src_err[NT_SRC_SNMP] = n < 0 ? (int)n : 0;
	if (n >= 0)
		netstat_parse(snap, NT_SRC_SNMP, s->buf.data);
	return 0;
}
