// SPDX-License-Identifier: GPL-2.0-or-later
#include "present/report.h"
#include "util/json.h"

#include <string.h>

static void kv_string_or_null(struct nt_json *j, const char *key, const char *s)
{
	if (s && *s) {
		json_kv_string(j, key, s);
		return;
	}
	json_key(j, key);
	json_null(j);
}

static void kv_int_or_null(struct nt_json *j, const char *key, int v)
{
	if (v >= 0) {
		json_kv_i64(j, key, v);
		return;
	}
	json_key(j, key);
	json_null(j);
}

void report_finding_json(FILE *f, const struct nt_finding *fd, bool with_time)
{
	char from[NT_VALUE_TEXT], to[NT_VALUE_TEXT];
	bool action = fd->kind == NT_FIND_ACTION;
	struct nt_json j;

	json_init(&j, f);
	json_begin_object(&j);
	if (with_time) {
		json_kv_double(&j, "t", fd->t);
		kv_string_or_null(&j, "wallclock", fd->wallclock);
	}
	json_kv_string(&j, "kind", action ? "action" : "advice");
	json_kv_string(&j, "rule", fd->rule->name);
	json_kv_string(&j, "severity", rule_severity_name(fd->severity));
	kv_string_or_null(&j, "knob", action ? nt_knobs[fd->id.knob].name : NULL);
	kv_string_or_null(&j, "device", fd->id.device);
	kv_int_or_null(&j, "queue", fd->id.queue);
	kv_int_or_null(&j, "irq", fd->id.irq);
	/* an empty CPU list is a value ("" = no CPU), not a missing one */
	if (action) {
		json_kv_string(&j, "from", knob_value_text(&fd->from, from, sizeof(from)));
		json_kv_string(&j, "to", knob_value_text(&fd->to, to, sizeof(to)));
	} else {
		kv_string_or_null(&j, "from", NULL);
		kv_string_or_null(&j, "to", NULL);
	}
	kv_string_or_null(&j, "command", action ? fd->command : NULL);
	json_kv_bool(&j, "disruptive", fd->disruptive);
	kv_string_or_null(&j, "evidence", fd->evidence);
	kv_string_or_null(&j, "advice", fd->advice);
	json_end_object(&j); /* ends the line at depth 0 */
}

/* An empty CPU list reads "none" in the text views. */
static const char *shown(const struct nt_value *v, char *out, size_t size)
{
	knob_value_text(v, out, size);
	return *out ? out : "none";
}

static void change_text(FILE *f, const struct nt_finding *fd)
{
	char from[NT_VALUE_TEXT], to[NT_VALUE_TEXT];
	fprintf(f, "    change:   %s", nt_knobs[fd->id.knob].name);
	if (fd->id.irq >= 0)
		fprintf(f, " of IRQ %d", fd->id.irq);
	else if (fd->id.queue >= 0)
		fprintf(f, " of %s rx-%d", fd->id.device, fd->id.queue);
	else if (fd->id.device[0])
		fprintf(f, " of %s", fd->id.device);
	fprintf(f, ": %s -> %s", shown(&fd->from, from, sizeof(from)),
		shown(&fd->to, to, sizeof(to)));
	if (*nt_knobs[fd->id.knob].unit && strcmp(nt_knobs[fd->id.knob].unit, ""))
		fprintf(f, " %s", nt_knobs[fd->id.knob].unit);
	if (fd->disruptive)
		fputs("  [DISRUPTIVE: the link may reset and drop connections]", f);
	fprintf(f, "\n    command:  %s\n", fd->command);
}

static bool same_group(const struct nt_finding *a, const struct nt_finding *b)
{
	return a->rule == b->rule && a->kind == b->kind && !strcmp(a->entity, b->entity) &&
	       !strcmp(a->evidence, b->evidence);
}

size_t report_groups(const struct nt_finding *v, size_t n)
{
	size_t groups = 0;

	for (size_t i = 0; i < n; i++)
		groups += !i || !same_group(&v[i - 1], &v[i]);
	return groups;
}

void report_text(FILE *f, const struct nt_finding *v, size_t n)
{
	for (size_t i = 0; i < n;) {
		const struct nt_finding *g = &v[i];
		size_t end = i + 1;

		while (end < n && same_group(g, &v[end]))
			end++;
		fprintf(f, "[%s] %s%s%s: %s\n", rule_severity_name(g->severity), g->rule->name,
			g->entity[0] ? " on " : "", g->entity, g->rule->description);
		fprintf(f, "    evidence: %s\n", g->evidence);
		if (g->kind == NT_FIND_ADVICE)
			fprintf(f, "    advice:   %s\n", g->advice);
		for (size_t k = i; k < end; k++)
			if (v[k].kind == NT_FIND_ACTION)
				change_text(f, &v[k]);
		fputc('\n', f);
		i = end;
	}
}

void report_timeline_text(FILE *f, const struct nt_finding *fd, double t0)
{
	char from[NT_VALUE_TEXT], to[NT_VALUE_TEXT];
	fprintf(f, "+%6.0fs %-25s ", fd->t - t0, fd->wallclock[0] ? fd->wallclock : "-");
	if (fd->kind == NT_FIND_ADVICE) {
		fprintf(f, "advice  %s%s%s: %s\n", fd->rule->name, fd->id.device[0] ? " on " : "",
			fd->id.device, fd->advice);
		return;
	}
	fprintf(f, "%-7s %s %s", fd->held ? "held" : "change", fd->rule->name,
		nt_knobs[fd->id.knob].name);
	if (fd->id.irq >= 0)
		fprintf(f, " IRQ %d", fd->id.irq);
	else if (fd->id.queue >= 0)
		fprintf(f, " %s rx-%d", fd->id.device, fd->id.queue);
	else if (fd->id.device[0])
		fprintf(f, " %s", fd->id.device);
	fprintf(f, " %s -> %s%s", shown(&fd->from, from, sizeof(from)),
		shown(&fd->to, to, sizeof(to)), fd->disruptive ? " (disruptive)" : "");
	if (fd->held)
		fprintf(f, ": %s\n", fd->held_why);
	else
		fprintf(f, ": %s\n", fd->command);
}
