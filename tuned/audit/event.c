// SPDX-License-Identifier: GPL-2.0-or-later
/* The event types: names, MESSAGE_IDs, default priorities, verbs. */
#include <syslog.h>

#include "audit/audit_int.h"

struct event_info {
	const char *name;
	const char *id;
	int priority;
	const char *verb;
	const char *prep; /* between the verb and the subject */
};

/*
 * The MESSAGE_IDs were generated once and are fixed forever: journal
 * queries (journalctl MESSAGE_ID=...) and etc/nettuned.catalog rely on
 * them. Never reuse one for another meaning.
 */
static const struct event_info events[NT_EV_COUNT] = {
	[NT_EV_RECOMMENDED] = {
		"recommended", "c6360ce316af4745bc84aed397ddaa54", LOG_INFO,
		"recommend", "",
	},
	[NT_EV_APPLIED] = {
		"applied", "db647cccbd6b4ef5a208068ccc821111", LOG_NOTICE,
		"applied", "",
	},
	[NT_EV_FAILED] = {
		"failed", "ff3c89702a22498497e2114ca122405f", LOG_WARNING,
		"failed to change", "",
	},
	[NT_EV_VERIFIED] = {
		"verified", "83061a19d57b45cbad594cbefd08d009", LOG_NOTICE,
		"verified", "",
	},
	[NT_EV_ROLLED_BACK] = {
		"rolled-back", "99d8167936ce4241b9090b3583182270", LOG_WARNING,
		"rolled back", "",
	},
	[NT_EV_HELD] = {
		"held", "80d49bacba344ccf854a13a6f3d8e105", LOG_INFO,
		"held", "",
	},
	[NT_EV_MANUAL] = {
		"manual", "e3db9dcdde5e4da0bcdb8036eca23bea", LOG_NOTICE,
		"manual change", "of",
	},
	[NT_EV_RESET] = {
		"reset", "99ceeb1c0b484928bb887b709f29710b", LOG_NOTICE,
		"device reset undid nettuned's value", "of",
	},
	[NT_EV_ADVICE] = {
		"advice", "b1a9b7f27b624e1da02c875436043a23", LOG_INFO,
		"advice", "for",
	},
	[NT_EV_RESTORED] = {
		"restored", "5113744705df42889e97cae0cc3a9943", LOG_NOTICE,
		"restored", "",
	},
	[NT_EV_DAEMON] = {
		"daemon", "c402984380da467fb93f641c140f87ee", LOG_NOTICE,
		"nettuned", "",
	},
	[NT_EV_CONFIG_ERROR] = {
		"config-error", "ab8b45ea8c794bc0aa235d1766c37e01", LOG_WARNING,
		"configuration error, keeping the last good configuration", "",
	},
	[NT_EV_LOST] = {
		"lost", "7b97fee18e7c4125a5e075902cf58976", LOG_WARNING,
		"lost", "",
	},
};

static bool event_valid(enum nt_event ev)
{
	return (unsigned)ev < NT_EV_COUNT;
}

const char *event_name(enum nt_event ev)
{
	return event_valid(ev) ? events[ev].name : "unknown";
}

const char *event_message_id(enum nt_event ev)
{
	return event_valid(ev) ? events[ev].id : "";
}

int event_default_priority(enum nt_event ev)
{
	return event_valid(ev) ? events[ev].priority : LOG_NOTICE;
}

const char *event_verb(enum nt_event ev, const char **prep)
{
	*prep = event_valid(ev) ? events[ev].prep : "";
	return event_valid(ev) ? events[ev].verb : "";
}

/*
 * Daemon state changes, configuration errors and losses are rare and each
 * one matters: they bypass both the dedup and the flood guard.
 */
bool event_deduplicated(enum nt_event ev)
{
	return ev != NT_EV_DAEMON && ev != NT_EV_CONFIG_ERROR && ev != NT_EV_LOST;
}
