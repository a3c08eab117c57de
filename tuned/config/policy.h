/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A policy: what nettuned may do on this host and how carefully. INI, read
 * with inih. The syntax (also in policies/README.md):
 *
 *   [general]
 *   mode     = recommend | enforce
 *   interval = 1s                        ; sampling interval (s, ms, min)
 *   rules    = DIR                       ; extra rules directory (repeatable)
 *   metrics  = FILE                      ; node_exporter textfile, "" none
 *   bpf      = auto | yes | no           ; BPF signals (auto: when they load;
 *                                        ; yes: a failure is logged as an error)
 *
 *   [interfaces]
 *   include  = eth* en*                  ; globs, repeatable; default *
 *   exclude  = docker*                   ; added to the built-in virtual list
 *   exclude_virtual = yes                ; lo veth* docker* cni* cali* ...
 *
 *   [cpus]
 *   allow    = 0-15                      ; CPU list; default: all online
 *                                        ; isolated and nohz_full never count
 *   [ceilings]
 *   net.core.netdev_budget = 1200        ; KNOB = NUMBER (numeric knobs)
 *
 *   [rule NAME]                          ; per-rule overrides
 *   enabled  = yes | no
 *   sustain  = 5
 *   severity = critical
 *   step / factor / ceiling = NUMBER
 *   SIGNAL   = NUMBER                    ; new threshold for that condition
 *
 *   [safety]
 *   sustain  = 3                         ; intervals a condition must hold
 *   cooldown = 5min                      ; per knob instance after a change
 *   cooldown.KNOB = 1h                   ; per knob name
 *   max_changes_per_hour = 6
 *   disruptive_window = Sat,Sun 02:00-05:00   ; days and local times; "never"
 *   verify   = 60s                       ; watch after a change
 *   rollback = yes                       ; undo when the rule's signal got worse
 *   restore_on_exit = yes
 *   backoff  = 1h                        ; a rolled-back rule waits this long
 *                                        ; before it may act on that device again
 */
#ifndef NT_POLICY_H
#define NT_POLICY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "model/knob.h"
#include "config/rule.h"
#include "util/cpuset.h"

#define NT_POLICY_MAX_GLOBS 32
#define NT_POLICY_GLOB_MAX 32
#define NT_POLICY_MAX_RULE_DIRS 8

enum nt_mode {
	NT_MODE_RECOMMEND,
	NT_MODE_ENFORCE
};
enum nt_bpf_use {
	NT_BPF_AUTO,
	NT_BPF_YES,
	NT_BPF_NO
};

/* A [rule NAME] section. Fields left unset are < 0 (or NAN for doubles). */
struct nt_rule_override {
	char name[NT_RULE_NAME_MAX];
	int line;    /* of the section header */
	int enabled; /* -1 unset, 0, 1 */
	int sustain;
	int severity;        /* enum nt_severity */
	double step, factor; /* NAN unset */
	long long ceiling;   /* -1 unset */
	struct {
		enum nt_signal signal;
		double threshold;
		int line;
	} thresholds[NT_RULE_MAX_CONDS];
	unsigned int n_thresholds;
	int step_line, factor_line, ceiling_line; /* 0 unset */
};

/* Days and a local time range; start > end wraps past midnight. */
struct nt_window {
	bool never;             /* disruptive actions never run */
	unsigned int days;      /* bit 0 Monday .. bit 6 Sunday */
	unsigned int start_min; /* minutes after local midnight */
	unsigned int end_min;
};

struct nt_safety {
	unsigned int sustain;                  /* default 3 */
	double cooldown_s;                     /* default 300 */
	double knob_cooldown_s[NT_KNOB_COUNT]; /* < 0: cooldown_s */
	unsigned int max_changes_per_hour;     /* default 6, 0 none allowed */
	struct nt_window window;               /* default: never */
	double verify_s;                       /* default 60 */
	bool rollback;                         /* default yes */
	bool restore_on_exit;                  /* default no */
	double backoff_s;                      /* default 3600 */
};

struct nt_policy {
	char file[PATH_MAX];
	enum nt_mode mode;
	double interval_s;      /* default 1 */
	char metrics[PATH_MAX]; /* textfile for node_exporter, "" none */
	enum nt_bpf_use bpf;    /* default auto */
	char rule_dirs[NT_POLICY_MAX_RULE_DIRS][PATH_MAX];
	int rule_dir_lines[NT_POLICY_MAX_RULE_DIRS]; /* of each `rules =` */
	unsigned int n_rule_dirs;

	char include[NT_POLICY_MAX_GLOBS][NT_POLICY_GLOB_MAX];
	unsigned int n_include; /* 0: every interface */
	char exclude[NT_POLICY_MAX_GLOBS][NT_POLICY_GLOB_MAX];
	unsigned int n_exclude;
	bool exclude_virtual; /* default yes */

	bool has_cpus;
	struct nt_cpuset cpus;

	long long ceiling[NT_KNOB_COUNT]; /* -1 none */

	struct nt_rule_override *overrides;
	size_t n_overrides;

	struct nt_safety safety;
};

/* The defaults above, as if from an empty file. */
void policy_defaults(struct nt_policy *p);
void policy_free(struct nt_policy *p);

/*
 * Parses @file into @p. Every problem goes to @diag; returns 0 when there
 * was none, -EINVAL when there were (then @p must not be used), -errno
 * when the file could not be read (also reported to @diag).
 */
int policy_load(struct nt_policy *p, const char *file, struct nt_diag *diag);
/* The same on @len bytes of @text (NUL-terminated at @len) as @file's contents. */
int policy_load_text(struct nt_policy *p, const char *file, const char *text, size_t len,
		     struct nt_diag *diag);

/*
 * Reads every *.rule in @dirs, in order; a file in a later directory
 * replaces the one of the same name in an earlier one (installed rules,
 * then /etc/nettuned/rules.d/). Missing directories after the first are
 * skipped. Returns as policy_load.
 */
int rule_set_load(struct nt_ruleset *rs, const char *const *dirs, size_t n_dirs,
		  struct nt_diag *diag);

#define NT_RULES_MAX_DIRS 32

/*
 * A rule directory; a missing optional one is skipped, any other is an
 * error, reported at @named_in:@line when a file named it (a policy's
 * `rules =`), else at the directory itself (defaults, --rules).
 */
struct nt_rule_dir {
	const char *path;
	bool optional;
	const char *named_in;
	int line;
};

/* rule_set_load() with the caller saying which directories may be missing. */
int rule_set_load_dirs(struct nt_ruleset *rs, const struct nt_rule_dir *dirs, size_t n_dirs,
		       struct nt_diag *diag);
int rule_load_file(struct nt_rule *r, const char *file, struct nt_diag *diag);
/* rule_load_file() on @len bytes of @text (NUL-terminated at @len); @file
 * names the rule (NAME.rule) and its messages. */
int rule_load_text(struct nt_rule *r, const char *file, const char *text, size_t len,
		   struct nt_diag *diag);
void rule_set_free(struct nt_ruleset *rs);

/*
 * Checks the policy against the rules (unknown rule in [rule NAME], a
 * threshold for a signal the rule does not use, a ceiling for a knob no
 * rule raises is fine) and applies the overrides to @rs: disabled rules
 * are removed. 0 or -EINVAL with @diag filled.
 */
int policy_bind(struct nt_policy *p, struct nt_ruleset *rs, struct nt_diag *diag);

/* Interfaces: include/exclude globs and the virtual list. */
bool policy_wants_device(const struct nt_policy *p, const char *ifname);
/* The rule's effective sustain (rule, override, then policy). */
unsigned int policy_sustain(const struct nt_policy *p, const struct nt_rule *r);
double policy_cooldown(const struct nt_policy *p, enum nt_knob knob);
/* true when @wallclock (ISO 8601, local time with offset) is in the window. */
bool policy_window_contains(const struct nt_window *w, const char *wallclock, bool *known);
/* "Sat,Sun 02:00-05:00", "Mon-Fri", "daily 01:00-03:00", "never". 0 or -EINVAL. */
int policy_window_parse(struct nt_window *w, const char *text);

#endif
