// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The change history across restarts (enforce mode): read from
 * STATE_DIR/history.ini at start, written back after every cycle that
 * changed it (state/history_file.c). A crash, the watchdog or `systemctl
 * restart` then keeps cooldowns, the hourly budget, backoffs and open
 * verify windows: a change whose window was open when the process died is
 * verified or rolled back after the restart, not taken over unverified.
 */
#include "daemon/daemon.h"
#include "state/history_file.h"
#include "state/state.h"

#include <stdio.h>
#include <string.h>
#include <syslog.h>

static void lost(struct nt_daemon *d, const char *why)
{
	struct nt_audit_entry e = NT_AUDIT_ENTRY_INIT;
	char detail[1024];

	snprintf(detail, sizeof(detail),
		 "%s; it is not trusted: every change waits one "
		 "cooldown, as if each knob had just been changed",
		 why);
	e.event = NT_EV_LOST;
	e.mode = daemon_mode(d);
	e.detail = detail;
	daemon_audit(d, &e);
}

void persist_load(struct nt_daemon *d)
{
	struct nt_history loaded;
	enum nt_history_load r;
	char msg[768];

	/* the state file (managed_seed) owns what was written; the file the rest */
	history_init(&loaded);
	r = history_file_load(d->state_dirfd, d->o.state_dir, d->boot_id, &loaded, msg,
			      sizeof(msg));
	if (history_take_managed(&loaded, &d->hist) < 0) {
		history_free(&loaded);
		r = NT_HISTORY_DAMAGED;
		snprintf(msg, sizeof(msg), "%s/%s: out of memory", d->o.state_dir, NT_HISTORY_FILE);
	} else {
		history_free(&d->hist);
		d->hist = loaded;
	}
	switch (r) {
	case NT_HISTORY_LOADED:
		audit_logf(d->audit, LOG_NOTICE,
			   "change history kept from before the start: "
			   "%zu change%s in the last hour, %zu verify window%s open, %zu backoff%s",
			   d->hist.n_changes, d->hist.n_changes == 1 ? "" : "s", d->hist.n_verifies,
			   d->hist.n_verifies == 1 ? "" : "s", d->hist.n_backoffs,
			   d->hist.n_backoffs == 1 ? "" : "s");
		break;
	case NT_HISTORY_OTHER_BOOT:
		audit_logf(d->audit, LOG_NOTICE, "%s", msg);
		break;
	case NT_HISTORY_DAMAGED:
		d->hist.quarantine = true;
		d->hist.quarantine_from = -1;
		lost(d, msg);
		break;
	case NT_HISTORY_NONE:
		break;
	}
	/* what is on disk now, so an unchanged history is not written again */
	d->hist_saved.len = 0;
	history_file_format(&d->hist, d->boot_id, &d->hist_saved);
}

void persist_save(struct nt_daemon *d)
{
	struct nt_buf *text = &d->hist_text, swap;
	char err[512];

	if (!daemon_enforcing(d) || history_file_format(&d->hist, d->boot_id, text) < 0)
		return;
	if (text->len == d->hist_saved.len && !memcmp(text->data, d->hist_saved.data, text->len))
		return;
	if (state_write_durably(d->state_dirfd, d->o.state_dir, NT_HISTORY_FILE, text->data,
				text->len, err, sizeof(err)) < 0) {
		/* said once: a full disk would say it every interval */
		if (!d->hist_failed)
			audit_logf(d->audit, LOG_WARNING,
				   "%s; a restart now would forget "
				   "cooldowns and verify windows",
				   err);
		d->hist_failed = true;
		return;
	}
	d->hist_failed = false;
	swap = d->hist_saved;
	d->hist_saved = *text;
	*text = swap;
}
