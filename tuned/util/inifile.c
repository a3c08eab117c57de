// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/inifile.h"
#include "util/buf.h"
#include <config.h> /* the build's, not config/config.h */

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <string.h>

/* Config files are small; anything bigger is not one. */
#define NT_INI_FILE_MAX (1 << 20)

struct ini_stream {
	const char *file;
	const char *pos;
	int line;
	int first_syntax_error; /* the first line the reader reported, 0 none */
	char section[256];
	bool in_section;
	const struct nt_ini_ops *ops;
	void *user;
	struct nt_diag *diag;
};

/* inih's search: the first of @chars, or an inline comment (" ;"). */
static const char *find_or_comment(const char *p, const char *chars)
{
	bool blank = false;

	for (; *p && !strchr(chars, *p) && !(blank && *p == ';'); p++)
		blank = *p == ' ' || *p == '\t';
	return p;
}

static void set_section(struct ini_stream *s, const char *name, size_t n)
{
	while (n && (name[n - 1] == ' ' || name[n - 1] == '\t' || name[n - 1] == '\n'))
		n--;
	if (n >= sizeof(s->section))
		n = sizeof(s->section) - 1;
	memcpy(s->section, name, n);
	s->section[n] = '\0';
	s->in_section = true;
	s->ops->section(s->user, s->section, s->line);
}

static void syntax_error(struct ini_stream *s, const char *what)
{
	diag_add(s->diag, s->file, s->line, "syntax error%s%s", what ? ": " : "", what ? what : "");
	if (!s->first_syntax_error)
		s->first_syntax_error = s->line;
}

/*
 * The line as inih will judge it (same comment and separator rules), so
 * that every syntax error is reported, not only the first that inih
 * returns. A header without ']' is an error, but what follows is read as
 * the section it names: its keys are checked where they belong instead of
 * being taken for keys of the section before.
 */
static void check_line(struct ini_stream *s, const char *text)
{
	const char *end;

	if (s->line == 1 && !strncmp(text, "\xef\xbb\xbf", 3))
		text += 3; /* inih skips a UTF-8 byte order mark */
	if (!*text || *text == '\n' || *text == ';' || *text == '#')
		return;
	if (*text == '[') {
		end = find_or_comment(text + 1, "]");
		if (*end != ']')
			syntax_error(s, "no ']' closes the section header");
		set_section(s, text + 1, (size_t)(end - text - 1));
		return;
	}
	end = find_or_comment(text, "=:");
	if (*end != '=' && *end != ':')
		syntax_error(s, NULL);
}

/*
 * fgets for inih: one physical line per call. Leading blanks are dropped
 * so that inih never takes an indented line for the continuation of the
 * previous value (its multi-line mode cannot be turned off portably): an
 * indented "key = value" stays a key, indented free text is a syntax error.
 */
static char *ini_read_line(char *str, int num, void *stream)
{
	struct ini_stream *s = stream;
	const char *p = s->pos, *nl;
	size_t len;

	if (!*p)
		return NULL;
	nl = strchr(p, '\n');
	len = nl ? (size_t)(nl - p) : strlen(p);
	s->pos = p + len + (nl ? 1 : 0);
	s->line++;
	while (len && (*p == ' ' || *p == '\t'))
		p++, len--;
	if (len + 2 > (size_t)num) {
		diag_add(s->diag, s->file, s->line, "line too long (at most %d characters)",
			 num - 2);
		len = 0;
	}
	memcpy(str, p, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	check_line(s, str);
	return str;
}

static int ini_on_key(void *user, const char *section, const char *name, const char *value)
{
	struct ini_stream *s = user;

	/* inih truncates long section names; the reader's copy is whole. */
	s->ops->key(s->user, s->in_section ? s->section : NULL, name, value, s->line);
	/* Always "success": inih's return value is kept for syntax errors. */
	return 1;
}

static int ini_parse_text(struct ini_stream *s)
{
	int r;

#if NT_INIH_MAX_LINE_VAR
	/* Debian's inih sizes its line buffer at run time: room for evidence. */
	ini_max_line = s->ops->line_max ? s->ops->line_max : NT_INI_LINE_MAX;
#endif
	r = ini_parse_stream(ini_read_line, s, ini_on_key, s);
	/* inih returns its first error line; the reader reported them all */
	if (r > 0 && r != s->first_syntax_error)
		diag_add(s->diag, s->file, r, "syntax error");
	else if (r < 0)
		diag_add(s->diag, s->file, 0, "cannot parse: %s", strerror(ENOMEM));
	return r ? -EINVAL : 0;
}

int inifile_parse_buffer(const char *file, const char *text, size_t len,
			 const struct nt_ini_ops *ops, void *user, struct nt_diag *diag)
{
	struct ini_stream s = { .file = file, .ops = ops, .user = user, .diag = diag };
	size_t before = diag->errors;
	int r;

	if (len > NT_INI_FILE_MAX || strlen(text) != len) {
		diag_add(diag, file, 0, "not a configuration file (%s)",
			 len > NT_INI_FILE_MAX ? "larger than 1 MiB" : "contains NUL bytes");
		return -EINVAL;
	}
	s.pos = text;
	r = ini_parse_text(&s);
	if (r == 0 && diag->errors != before)
		r = -EINVAL;
	return r;
}

int inifile_load(const char *file, const struct nt_ini_ops *ops, void *user, struct nt_diag *diag)
{
	struct nt_buf b = { 0 };
	long n = buf_read_at(&b, AT_FDCWD, file);
	int r;

	if (n < 0) {
		diag_add(diag, file, 0, "cannot read: %s", strerror((int)-n));
		buf_free(&b);
		return (int)n;
	}
	r = inifile_parse_buffer(file, b.data, (size_t)n, ops, user, diag);
	buf_free(&b);
	return r;
}
