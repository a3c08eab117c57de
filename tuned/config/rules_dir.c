// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rule directories: every *.rule of each, a later directory's file
 * replacing an earlier one of the same name (installed rules, then
 * /etc/nettuned/rules.d/), loaded and kept in name order.
 */
#include "config/policy.h"
#include "util/cleanup.h"
#include "util/path.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct rule_src {
	char name[NT_RULE_NAME_MAX + 8];
	char path[PATH_MAX];
};

struct rule_srcs {
	struct rule_src *v;
	size_t n, cap;
};

static bool is_rule_file(const char *dir, const char *name, char *path, size_t size)
{
	size_t n = strlen(name);
	struct stat st;

	if (name[0] == '.' || n <= 5 || strcmp(name + n - 5, ".rule"))
		return false;
	if (path_printf(path, size, "%s/%s", dir, name) < 0)
		return false;
	/* A directory is not a rule; a dangling link is read and reported. */
	return stat(path, &st) < 0 || !S_ISDIR(st.st_mode);
}

static int srcs_put(struct rule_srcs *s, const char *file, const char *path)
{
	size_t n = strlen(file) - 5;
	struct rule_src *e = NULL;

	if (n >= sizeof(e->name))
		n = sizeof(e->name) - 1;
	for (size_t i = 0; i < s->n && !e; i++)
		if (!strncmp(s->v[i].name, file, n) && !s->v[i].name[n])
			e = &s->v[i];
	if (!e) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 16;
			struct rule_src *v = realloc(s->v, cap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			s->v = v;
			s->cap = cap;
		}
		e = &s->v[s->n++];
		memcpy(e->name, file, n);
		e->name[n] = '\0';
	}
	snprintf(e->path, sizeof(e->path), "%s", path);
	return 0;
}

static int srcs_scan(struct rule_srcs *s, const struct nt_rule_dir *d, struct nt_diag *diag)
{
	_cleanup_closedir_ DIR *dir = opendir(d->path);
	struct dirent *de;
	char path[PATH_MAX];
	int r;

	if (!dir) {
		if (errno == ENOENT && d->optional)
			return 0;
		r = -errno;
		if (d->named_in)
			diag_add(diag, d->named_in, d->line, "rules directory %s: cannot read: %s",
				 d->path, strerror(-r));
		else
			diag_add(diag, d->path, 0, "cannot read: %s", strerror(-r));
		return r;
	}
	while ((de = readdir(dir)))
		if (is_rule_file(d->path, de->d_name, path, sizeof(path))) {
			r = srcs_put(s, de->d_name, path);
			if (r < 0)
				return r;
		}
	return 0;
}

static int src_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule_src *)a)->name, ((const struct rule_src *)b)->name);
}

static int ruleset_load(struct nt_ruleset *rs, const struct rule_srcs *s, struct nt_diag *diag)
{
	int ret = 0;

	rs->rules = calloc(s->n ? s->n : 1, sizeof(*rs->rules));
	if (!rs->rules)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		int r = rule_load_file(&rs->rules[rs->n], s->v[i].path, diag);

		if (r == 0)
			rs->n++;
		else if (ret == 0 || ret == -EINVAL)
			ret = r;
	}
	return ret;
}

int rule_set_load_dirs(struct nt_ruleset *rs, const struct nt_rule_dir *dirs, size_t n_dirs,
		       struct nt_diag *diag)
{
	struct rule_srcs s = { 0 };
	int ret = 0;

	rs->rules = NULL;
	rs->n = 0;
	for (size_t i = 0; i < n_dirs; i++) {
		int r = srcs_scan(&s, &dirs[i], diag);

		if (r < 0 && ret == 0)
			ret = r;
	}
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), src_cmp);
	/* The readable directories are still checked: report everything. */
	{
		int r = ruleset_load(rs, &s, diag);

		if (r < 0 && (ret == 0 || ret == -EINVAL))
			ret = r;
	}
	free(s.v);
	if (ret < 0)
		rule_set_free(rs);
	return ret;
}

int rule_set_load(struct nt_ruleset *rs, const char *const *dirs, size_t n_dirs,
		  struct nt_diag *diag)
{
	struct nt_rule_dir d[NT_RULES_MAX_DIRS];

	if (n_dirs > NT_RULES_MAX_DIRS) {
		diag_add(diag, dirs[NT_RULES_MAX_DIRS], 0, "too many rule directories (at most %d)",
			 NT_RULES_MAX_DIRS);
		rs->rules = NULL;
		rs->n = 0;
		return -EINVAL;
	}
	for (size_t i = 0; i < n_dirs; i++) {
		d[i] = (struct nt_rule_dir){ .path = dirs[i], .optional = i > 0 };
	}
	return rule_set_load_dirs(rs, d, n_dirs, diag);
}

void rule_set_free(struct nt_ruleset *rs)
{
	free(rs->rules);
	rs->rules = NULL;
	rs->n = 0;
}
