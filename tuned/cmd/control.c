// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `nettuned pause` and `resume`, and what they share with `status`
 * (status.c): the daemon's runtime directory (tuned/daemon/runtime.c).
 * Pause is a flag file the daemon looks for at the start of every cycle;
 * these commands wait for its status file to confirm.
 */
#include "cmd/cmd.h"
#include "cmd/control.h"
#include "cmd/options.h"
#include "daemon/daemon.h"
#include "util/cleanup.h"
#include "util/path.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void control_usage(FILE *f, const char *cmd)
{
	if (!strcmp(cmd, "status"))
		fputs("Usage: nettuned status [--runtime-dir DIR] [--json]\n"
		      "\n"
		      "What the running daemon is doing: its mode, whether it is paused, the\n"
		      "knobs it changed with their originals, knobs on hold or manual, rules\n"
		      "backing off after a rollback, and its last decisions. The runtime\n"
		      "directory is root's: other users are told they cannot read it.\n"
		      "\n"
		      "Exit status: 0 running, 1 the runtime directory cannot be read (or DIR\n"
		      "does not exist), 2 usage error, 3 not running.\n",
		      f);
	else
		fprintf(f,
			"Usage: nettuned %s [--runtime-dir DIR]\n"
			"\n"
			"%s\n"
			"Root only. Waits up to 5 s for the daemon to confirm.\n",
			cmd,
			!strcmp(cmd, "pause") ?
				"Holds every change the daemon would make (it keeps sampling,\n"
				"verifying and logging) until `nettuned resume`. The flag lives in\n"
				"the runtime directory, so it does not survive a reboot." :
				"Lets the daemon make changes again after `nettuned pause`.");
	fprintf(f,
		"\nOptions:\n  --runtime-dir DIR  the daemon's (default %s); it must exist: only\n"
		"                     the daemon creates it\n",
		NT_RUNTIME_DIR_DEFAULT);
	if (!strcmp(cmd, "status"))
		fputs("  --json             JSON: the daemon's status.json with \"running\" (true,\n"
		      "                     false, or null when it cannot be told) and \"why\"\n",
		      f);
	fputs("  -h, --help         show this help\n", f);
}

/* DIR/NAME whole, or NULL with errno set. */
char *control_read(const char *dir, const char *name)
{
	char path[PATH_MAX];
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	if (path_printf(path, sizeof(path), "%s/%s", dir, name) < 0) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	f = fopen(path, "re");
	if (!f)
		return NULL;
	errno = 0;
	if (getdelim(&text, &len, '\0', f) < 0) {
		int err = errno ? errno : ENODATA; /* empty */

		fclose(TAKE_PTR(f));
		errno = err;
		return NULL;
	}
	return TAKE_PTR(text);
}

/* A number or boolean after "KEY": in the daemon's status.json. */
const char *control_json_field(const char *json, const char *key)
{
	char pattern[64];
	const char *p;

	snprintf(pattern, sizeof(pattern), "\"%s\":", key);
	p = json ? strstr(json, pattern) : NULL;
	if (!p)
		return NULL;
	p += strlen(pattern);
	while (*p == ' ')
		p++;
	return p;
}

/* The daemon's pid when it is alive, else 0. */
pid_t control_daemon_pid(const char *json)
{
	const char *p = control_json_field(json, "pid");
	long pid = p ? strtol(p, NULL, 10) : 0;

	if (pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno != EPERM))
		return 0;
	return (pid_t)pid;
}

static bool status_paused(const char *json)
{
	const char *p = control_json_field(json, "paused");

	return p && !strncmp(p, "true", 4);
}

/* Waits for status.json to show @paused; true when it did. */
static bool wait_confirmed(const char *dir, bool paused)
{
	for (int i = 0; i < 50; i++) {
		char *json = control_read(dir, NT_RUNTIME_STATUS);
		bool done = json && control_daemon_pid(json) && status_paused(json) == paused;

		free(json);
		if (done)
			return true;
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	}
	return false;
}

/*
 * Only the daemon creates its runtime directory (mode 0700, root's): a
 * pause flag in a directory no daemon uses would be a switch wired to
 * nothing. 0, or the exit code after saying why.
 */
static int runtime_dir_exists(const char *cmd, const char *dir)
{
	struct stat st;

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (errno == ENOENT)
		fprintf(stderr,
			"nettuned %s: runtime directory %s does not exist (ENOENT): no daemon "
			"runs with it; start `nettuned run --runtime-dir %s` first\n",
			cmd, dir, dir);
	else
		fprintf(stderr, "nettuned %s: runtime directory %s: %s (%s)\n", cmd, dir,
			S_ISDIR(st.st_mode) ? strerror(errno) : "not a directory",
			S_ISDIR(st.st_mode) ? strerrorname_np(errno) : "ENOTDIR");
	return NT_EXIT_FAILURE;
}

static int set_flag(const char *dir, bool paused)
{
	char path[PATH_MAX], err[512], line[96];
	int fd, r;

	r = runtime_dir_exists(paused ? "pause" : "resume", dir);
	if (r)
		return r;
	r = runtime_prepare(dir, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "nettuned %s: %s\n", paused ? "pause" : "resume", err);
		return NT_EXIT_FAILURE;
	}
	if (path_printf(path, sizeof(path), "%s/%s", dir, NT_RUNTIME_PAUSED) < 0)
		return NT_EXIT_USAGE;
	if (!paused) {
		if (unlink(path) < 0 && errno != ENOENT) {
			fprintf(stderr, "nettuned resume: %s: %s\n", path, strerror(errno));
			return NT_EXIT_FAILURE;
		}
		return 0;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "nettuned pause: %s: %s\n", path, strerror(errno));
		return NT_EXIT_FAILURE;
	}
	sampler_wallclock_now(path, sizeof(path));
	r = snprintf(line, sizeof(line), "paused by uid %u at %.40s\n", (unsigned int)getuid(),
		     path);
	if (write(fd, line, (size_t)r) != r)
		r = -1;
	close(fd);
	return 0;
}

/*
 * --json is status's: pause and resume list it so that it is refused with
 * the usage alone (no callback for their own options), not as unknown.
 */
/* clang-format off */
static const struct option pause_resume_options[] = {
	CMD_OPTION_RUNTIME_DIR,
	{ "json", no_argument, NULL, 'j' },
	{ 0 },
};
/* clang-format on */

static const struct cmd_parser pause_resume_parser = {
	.options = pause_resume_options,
	.usage = control_usage,
};

static int pause_resume(int argc, char **argv, bool paused)
{
	struct cmd_args a = { .ctx = NULL };
	const char *dir;
	int r;

	if (!cmd_parse(&pause_resume_parser, &a, argc, argv, &r))
		return r;
	dir = a.runtime_dir ? a.runtime_dir : NT_RUNTIME_DIR_DEFAULT;
	if (geteuid() != 0) {
		fprintf(stderr, "nettuned %s: only root can %s nettuned (EPERM)\n", argv[0],
			argv[0]);
		return NT_EXIT_FAILURE;
	}
	r = set_flag(dir, paused);
	if (r)
		return r;
	if (wait_confirmed(dir, paused))
		printf("nettuned %s (confirmed by the daemon)\n", paused ? "paused" : "resumed");
	else
		printf("nettuned %s: flag %s in %s; no running daemon confirmed it within 5 s\n",
		       paused ? "paused" : "resumed", paused ? "set" : "cleared", dir);
	return 0;
}

int cmd_pause(int argc, char **argv)
{
	return pause_resume(argc, argv, true);
}

int cmd_resume(int argc, char **argv)
{
	return pause_resume(argc, argv, false);
}
