// SPDX-License-Identifier: GPL-2.0-or-later
/* Names and thresholds that both rules and policy overrides accept. */
#include "config/rule_syntax.h"
#include "config/cfgval.h"

#include <errno.h>
#include <string.h>

int config_signal_lookup(const char *name, struct nt_diag *diag, const char *file, int line)
{
	int sig = signal_by_name(name);

	if (sig < 0)
		diag_add(diag, file, line, "unknown signal '%s' (see nettuned check --list)", name);
	return sig;
}

int config_knob_lookup(const char *name, struct nt_diag *diag, const char *file, int line)
{
	int k = knob_by_name(name);

	if (k < 0)
		diag_add(diag, file, line, "unknown knob '%s' (see nettuned check --list)", name);
	return k;
}

/* "/s" is the suffix of rates; "per second" readers also write "/sec". */
static bool unit_matches(enum nt_unit unit, const char *suffix)
{
	if (!*suffix)
		return true;
	if (unit == NT_UNIT_PER_S && !strcmp(suffix, "/sec"))
		return true;
	return *signal_unit_suffix(unit) && !strcmp(suffix, signal_unit_suffix(unit));
}

int config_threshold_parse(enum nt_signal sig, const char *s, double *out, struct nt_diag *diag,
			   const char *file, int line)
{
	const struct nt_signal_info *si = &nt_signals[sig];
	const char *suffix;

	if (cfgval_number(s, out, &suffix) < 0) {
		diag_add(diag, file, line, "bad threshold '%s' for %s (expected a number)", s,
			 si->name);
		return -EINVAL;
	}
	if (!unit_matches(si->unit, suffix)) {
		if (*signal_unit_suffix(si->unit))
			diag_add(diag, file, line, "bad unit '%s' for %s (its unit is %s)", suffix,
				 si->name, signal_unit_suffix(si->unit));
		else
			diag_add(diag, file, line, "bad unit '%s' for %s (it has no unit)", suffix,
				 si->name);
		return -EINVAL;
	}
	return 0;
}
