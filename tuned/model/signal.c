// SPDX-License-Identifier: GPL-2.0-or-later
/* Signal names, scopes and units: the vocabulary of rule files. */
#include "model/signal.h"

#include <string.h>

const struct nt_signal_info nt_signals[NT_SIG_COUNT] = {
#define NT_SIGNAL(id, nm, sc, un, rd, wh)        \
	[NT_SIG_##id] = {                        \
		.name = nm,                      \
		.scope = NT_SCOPE_##sc,          \
		.unit = NT_UNIT_##un,            \
		.what = wh,                      \
		.reads = rd,                     \
		.bpf = ((rd)&NT_READS_BPF) != 0, \
	},
#include "model/signals.def"
#undef NT_SIGNAL
};

int signal_by_name(const char *name)
{
	for (int i = 0; i < NT_SIG_COUNT; i++)
		if (!strcmp(nt_signals[i].name, name))
			return i;
	return -1;
}

const char *signal_scope_name(enum nt_scope scope)
{
	switch (scope) {
	case NT_SCOPE_HOST:
		return "host";
	case NT_SCOPE_CPU:
		return "cpu";
	case NT_SCOPE_DEVICE:
		return "device";
	case NT_SCOPE_QUEUE:
		return "queue";
	}
	return "?";
}

const char *signal_unit_suffix(enum nt_unit unit)
{
	switch (unit) {
	case NT_UNIT_PER_S:
		return "/s";
	case NT_UNIT_PERCENT:
		return "%";
	case NT_UNIT_COUNT:
	case NT_UNIT_BOOL:
		return "";
	}
	return "";
}
