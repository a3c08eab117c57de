// SPDX-License-Identifier: GPL-2.0-or-later
#include "state/state.h"
#include "state/state_syntax.h"
#include "util/escape.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* bytes inih could take for a comment, escaped even inside quotes */
#define COMMENT_BYTES ";#"

static bool needs_quotes(const char *v)
{
	size_t n = strlen(v);

	if (!n)
		return false;
	return v[0] == ' ' || v[n - 1] == ' ' || escape_needed(v, COMMENT_BYTES);
}

void state_put(struct nt_buf *b, const char *key, const char *value)
{
	/* every byte 4 characters at worst, values are at most NT_VALUE_TEXT */
	char quoted[4 * NT_VALUE_TEXT + 3];

	if (!needs_quotes(value)) {
		buf_appendf(b, "%s = %s\n", key, value);
		return;
	}
	escape_text(value, COMMENT_BYTES, quoted, sizeof(quoted));
	buf_appendf(b, "%s = \"%s\"\n", key, quoted);
}

int state_get(const char *raw, bool quoting, char *out, size_t size)
{
	size_t n = strlen(raw);

	if (quoting && raw[0] == '"') {
		if (n < 2 || raw[n - 1] != '"')
			return -EINVAL;
		return escape_undo(raw + 1, n - 2, out, size);
	}
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(out, raw, n + 1);
	return 0;
}

/* dev_valid_name() in net/core/dev.c */
bool state_devname_ok(const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= IF_NAMESIZE || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p == '/' || *p == ':' || isspace(*p))
			return false;
	return true;
}

static bool all_of(const char *s, const char *set)
{
	return *s && strspn(s, set) == strlen(s);
}

/* identity.c writes these: bus:ADDRESS, mac:PERM-ADDR, ifindex:N, name:DEV */
bool state_device_id_ok(const char *id)
{
	if (!strncmp(id, "bus:", 4))
		return id[4] && !escape_needed(id + 4, " ;#");
	if (!strncmp(id, "mac:", 4))
		return all_of(id + 4, "0123456789abcdefABCDEF:");
	if (!strncmp(id, "ifindex:", 8))
		return all_of(id + 8, "0123456789") && id[8] != '0';
	if (!strncmp(id, "name:", 5))
		return state_devname_ok(id + 5);
	return false;
}

/* drivers/char/random.c: a UUID, 8-4-4-4-12 hex digits */
bool state_boot_id_ok(const char *id)
{
	if (strlen(id) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? id[i] != '-' : !isxdigit((unsigned char)id[i]))
			return false;
	}
	return true;
}

/* the inode number of /proc/self/ns/net */
bool state_netns_ok(const char *ns)
{
	return all_of(ns, "0123456789") && strlen(ns) <= 20;
}

/* sampler_wallclock_now(): 2026-11-23T17:04:41+00:00 (the offset may be missing) */
bool state_time_ok(const char *t)
{
	static const char form[] = "dddd-dd-ddTdd:dd:dd";
	size_t n = strlen(t);

	if (n != 19 && n != 25)
		return false;
	for (size_t i = 0; i < 19; i++)
		if (form[i] == 'd' ? !isdigit((unsigned char)t[i]) : t[i] != form[i])
			return false;
	if (n == 19)
		return true;
	return (t[19] == '+' || t[19] == '-') && isdigit((unsigned char)t[20]) &&
	       isdigit((unsigned char)t[21]) && t[22] == ':' && isdigit((unsigned char)t[23]) &&
	       isdigit((unsigned char)t[24]);
}
