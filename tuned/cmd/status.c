// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `nettuned status`: the daemon's status file, or why there is none. It
 * tells "not running" (exit 3) from "cannot tell" (exit 1: the runtime
 * directory is root's, or the one named does not exist), and --json always
 * prints JSON, with "running" true, false or null.
 */
#include "cmd/cmd.h"
#include "cmd/control.h"
#include "cmd/options.h"
#include "daemon/daemon.h"
#include "util/json.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "unknown errno";
}

/* What `status` found: the daemon's files, or why there are none. */
struct status_seen {
	const char *dir;
	char *json, *text;        /* status.json and status.txt, NULL when unread */
	int err;                  /* errno of status.json, 0 read */
	pid_t pid;                /* alive, else 0 */
	char why[PATH_MAX + 160]; /* when not running or not known */
};

static void status_read(struct status_seen *st, bool named)
{
	struct stat sb;

	st->json = control_read(st->dir, NT_RUNTIME_STATUS);
	st->err = st->json ? 0 : errno;
	st->text = control_read(st->dir, NT_RUNTIME_STATUS_TEXT);
	st->pid = control_daemon_pid(st->json);
	if (st->pid)
		return;
	if (st->json)
		snprintf(st->why, sizeof(st->why),
			 "pid %ld, which wrote %s/%s, is gone: the "
			 "status is the last it wrote",
			 control_json_field(st->json, "pid") ?
				 strtol(control_json_field(st->json, "pid"), NULL, 10) :
				 -1L,
			 st->dir, NT_RUNTIME_STATUS);
	else if (st->err == ENOENT && stat(st->dir, &sb) < 0 && !named)
		snprintf(st->why, sizeof(st->why),
			 "no runtime directory %s: nettuned run has not "
			 "started on this boot",
			 st->dir);
	else if (st->err == ENOENT && stat(st->dir, &sb) < 0)
		snprintf(st->why, sizeof(st->why), "runtime directory %s does not exist (ENOENT)",
			 st->dir);
	else if (st->err == ENOENT)
		snprintf(st->why, sizeof(st->why), "no status file in %s", st->dir);
	else
		snprintf(st->why, sizeof(st->why), "cannot read %s/%s: %s (%s)%s", st->dir,
			 NT_RUNTIME_STATUS, strerror(st->err), errname(st->err),
			 st->err == EACCES ? "; the runtime directory is root's" : "");
}

/* Not running, or cannot tell: whether it is the latter (exit 1). */
static bool status_unknown(const struct status_seen *st, bool named)
{
	struct stat sb;

	if (st->pid || st->json)
		return false;
	if (st->err == ENOENT)
		return named && stat(st->dir, &sb) < 0;
	return true;
}

/* The daemon's object with "running" (and "why") put first. */
static void status_json(const struct status_seen *st, bool unknown)
{
	const char *body = st->json ? strchr(st->json, '{') : NULL;
	struct nt_json j;

	if (body) {
		body++;
		printf("{\"running\":%s", st->pid ? "true" : "false");
		if (!st->pid) {
			printf(",\"why\":");
			json_init(&j, stdout);
			json_string(&j, st->why);
		}
		printf("%s%s", body[strspn(body, " \n")] == '}' ? "" : ",", body);
		return;
	}
	json_init(&j, stdout);
	json_begin_object(&j);
	json_key(&j, "running");
	unknown ? json_null(&j) : json_bool(&j, false);
	json_kv_string(&j, "why", st->why);
	if (st->err && st->err != ENOENT)
		json_kv_string(&j, "errno", errname(st->err));
	json_kv_string(&j, "runtime_dir", st->dir);
	json_end_object(&j);
}

/* clang-format off */
static const struct option status_options[] = {
	CMD_OPTION_RUNTIME_DIR,
	CMD_OPTION_JSON,
	{ 0 },
};
/* clang-format on */

static const struct cmd_parser status_parser = {
	.options = status_options,
	.usage = control_usage,
};

int cmd_status(int argc, char **argv)
{
	struct status_seen st = { .dir = NULL };
	struct cmd_args a = { .ctx = NULL };
	bool unknown, named;
	int r;

	if (!cmd_parse(&status_parser, &a, argc, argv, &r))
		return r;
	named = a.runtime_dir != NULL;
	st.dir = named ? a.runtime_dir : NT_RUNTIME_DIR_DEFAULT;
	status_read(&st, named);
	unknown = status_unknown(&st, named);
	if (a.json)
		status_json(&st, unknown);
	else if (st.pid && st.text)
		printf("nettuned: running (pid %d)\n%s", (int)st.pid, st.text);
	else if (st.pid)
		printf("nettuned: running (pid %d); no %s yet\n", (int)st.pid,
		       NT_RUNTIME_STATUS_TEXT);
	else if (unknown)
		fprintf(stderr, "nettuned status: %s\n", st.why);
	else
		printf("nettuned: not running (%s)\n%s", st.why, st.text ? st.text : "");
	free(st.json);
	free(st.text);
	if (st.pid)
		return 0;
	return unknown ? NT_EXIT_FAILURE : NT_EXIT_UNREADABLE;
}
