// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sinks, called by the writer thread only: the journal through
 * sd_journal_sendv(), and stderr lines in the form audit.h documents.
 */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include "audit/audit_int.h"

static const char *field(const struct audit_rec *r, unsigned i)
{
	return r->text.data + r->off[i];
}

static bool field_is(const struct audit_rec *r, unsigned i, const char *key)
{
	size_t n = strlen(key);

	return r->len[i] > n && !strncmp(field(r, i), key, n) && field(r, i)[n] == '=';
}

static bool needs_quotes(const char *v)
{
	if (!*v)
		return true;
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == ' ' || c == '"' || c == '\\' || c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

static int put_quoted(struct nt_buf *b, const char *v)
{
	int err = record_sb_printf(b, "\"");

	for (; !err && *v; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == '"' || c == '\\')
			err = record_sb_printf(b, "\\%c", c);
		else if (c == '\n')
			err = record_sb_printf(b, "\\n");
		else if (c == '\t')
			err = record_sb_printf(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			err = record_sb_printf(b, "\\x%02x", c);
		else
			err = record_sb_printf(b, "%c", c);
	}
	return err ? err : record_sb_printf(b, "\"");
}

static int put_field(struct nt_buf *b, const char *kv)
{
	const char *eq = strchr(kv, '=');
	int err;

	if (!eq)
		return 0;
	err = record_sb_printf(b, " %.*s=", (int)(eq - kv), kv);
	if (err)
		return err;
	if (needs_quotes(eq + 1))
		return put_quoted(b, eq + 1);
	return record_sb_printf(b, "%s", eq + 1);
}

int sink_format_line(struct nt_buf *b, const struct audit_rec *r)
{
	int err;

	b->len = 0;
	err = record_sb_printf(b, "nettuned:");
	for (unsigned i = 0; !err && i < r->n; i++) {
		if (!field_is(r, i, "SYSLOG_IDENTIFIER") && !field_is(r, i, "MESSAGE"))
			err = put_field(b, field(r, i));
	}
	for (unsigned i = 0; !err && i < r->n; i++) {
		if (field_is(r, i, "MESSAGE"))
			err = put_field(b, field(r, i));
	}
	return err ? err : record_sb_printf(b, "\n");
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int sink_stderr(const struct audit_rec *r, struct nt_buf *line)
{
	int err = sink_format_line(line, r);

	return err ? err : write_all(STDERR_FILENO, line->data, line->len);
}

/*
 * journald's socket is a blocking AF_UNIX datagram socket. Measured on
 * Debian 12 (systemd 252, net.unix.max_dgram_qlen 10) with journald
 * SIGSTOPped: sd_journal_sendv() returned in microseconds for the first 11
 * entries, then blocked in sendmsg() until journald was continued (the
 * test gave up after 3 s). tests/journal/ measures it again on each run.
 * Hence the writer thread: audit_log() never calls this.
 *
 * With journald gone, a socket left behind gives ECONNREFUSED at once; a
 * missing socket makes sd_journal_sendv() return 0 and drop the entry
 * silently (also measured), so that case is checked first.
 */
int sink_journal(const struct audit_rec *r, struct nt_buf *line, bool *fell_back)
{
	struct iovec iov[AUDIT_REC_MAX];
	int err = -ENOENT;

	*fell_back = false;
	if (!access(AUDIT_JOURNAL_SOCKET, F_OK)) {
		for (unsigned i = 0; i < r->n; i++) {
			iov[i].iov_base = r->text.data + r->off[i];
			iov[i].iov_len = r->len[i];
		}
		err = sd_journal_sendv(iov, (int)r->n);
	}
	if (err >= 0)
		return 0;
	*fell_back = true;
	return sink_stderr(r, line);
}
