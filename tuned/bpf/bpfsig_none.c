// SPDX-License-Identifier: GPL-2.0-or-later
/* The BPF signals of a build without libbpf, clang or bpftool (-Dbpf). */
#include "bpf/bpfsig.h"

#include <errno.h>
#include <stdio.h>

static int no_bpf(char *why, size_t whylen)
{
	if (why && whylen)
		snprintf(why, whylen,
			 "nettuned was built without BPF support "
			 "(-Dbpf=disabled, or libbpf/clang/bpftool missing at build time)");
	return -EOPNOTSUPP;
}

int bpfsig_open_flags(struct nt_bpfsig **out, unsigned int flags, char *why, size_t whylen)
{
	(void)flags;
	*out = NULL;
	return no_bpf(why, whylen);
}

int bpfsig_open(struct nt_bpfsig **out, unsigned int flags, char *why, size_t whylen)
{
	return bpfsig_open_flags(out, flags, why, whylen);
}

int bpfsig_softirq(struct nt_bpfsig *b, bool on, char *why, size_t whylen)
{
	(void)b;
	(void)on;
	return no_bpf(why, whylen);
}

const char *bpfsig_paths(const struct nt_bpfsig *b)
{
	(void)b;
	return "";
}

void bpfsig_close(struct nt_bpfsig *b)
{
	(void)b;
}

int bpfsig_read(struct nt_bpfsig *b, struct nt_snapshot *snap)
{
	(void)b;
	(void)snap;
	return -EOPNOTSUPP;
}
