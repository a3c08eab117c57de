// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The disruptive window: days and a local time range. A range that ends
 * before it starts runs past midnight, and that part belongs to the day it
 * started on ("Sat 23:00-02:00" includes Sunday 01:00). Times come from the
 * snapshots' wallclock, which is local time already; no timezone calls, so
 * the result is the same on any machine that replays the capture.
 */
#include "config/policy.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define ALL_DAYS 0x7fu
#define DAY_MIN 1440u

static const char *const day_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static int day_scan(const char **pp)
{
	for (int d = 0; d < 7; d++)
		if (!strncasecmp(*pp, day_names[d], 3)) {
			*pp += 3;
			return d;
		}
	return -1;
}

/* "Mon-Fri", "Sat,Sun", "Fri-Mon" (wraps), "daily", "*". */
static int days_parse(const char *s, unsigned int *days)
{
	*days = 0;
	if (!strcasecmp(s, "daily") || !strcmp(s, "*")) {
		*days = ALL_DAYS;
		return 0;
	}
	for (;;) {
		int a = day_scan(&s), b;

		if (a < 0)
			return -EINVAL;
		b = a;
		if (*s == '-' && (s++, (b = day_scan(&s)) < 0))
			return -EINVAL;
		for (int d = a;; d = (d + 1) % 7) {
			*days |= 1u << d;
			if (d == b)
				break;
		}
		if (!*s)
			return 0;
		if (*s++ != ',')
			return -EINVAL;
	}
}

static int hhmm_scan(const char **pp, unsigned int *min)
{
	unsigned int h, m;
	int n = 0;

	if (!isdigit((unsigned char)**pp) || sscanf(*pp, "%2u:%2u%n", &h, &m, &n) != 2 || n < 4 ||
	    m > 59 || h > 24 || (h == 24 && m))
		return -EINVAL;
	*pp += n;
	*min = h * 60 + m;
	return 0;
}

/* "HH:MM-HH:MM"; 24:00 is accepted as the end of the day. */
static int times_parse(const char *s, unsigned int *start, unsigned int *end)
{
	if (hhmm_scan(&s, start) < 0 || *s++ != '-' || hhmm_scan(&s, end) < 0 || *s)
		return -EINVAL;
	if (*start == DAY_MIN || *start == *end)
		return -EINVAL;
	return 0;
}

int policy_window_parse(struct nt_window *w, const char *text)
{
	char a[64] = "", b[64] = "", extra[2];
	int n = sscanf(text, "%63s %63s %1s", a, b, extra);
	const char *days = a, *times = b;

	memset(w, 0, sizeof(*w));
	if (!strcasecmp(text, "never")) {
		w->never = true;
		return 0;
	}
	if (n < 1 || n > 2)
		return -EINVAL;
	if (n == 1 && strchr(a, ':')) {
		days = "daily"; /* only a time range: every day */
		times = a;
	}
	if (days_parse(days, &w->days) < 0)
		return -EINVAL;
	if (!*times) {
		w->end_min = DAY_MIN; /* only days: all of each */
		return 0;
	}
	return times_parse(times, &w->start_min, &w->end_min);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return len[m - 1] + (m == 2 && leap(y));
}

/* Monday 0 .. Sunday 6, from the proleptic Gregorian calendar. */
static int weekday(int y, int m, int d)
{
	long long era, yoe, doy, doe, days;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468; /* 0 = 1970-01-01, a Thursday */
	return (int)(((days + 3) % 7 + 7) % 7);
}

/* "2026-11-21T01:57:00+01:00": the day of week and minute of the day. */
static int wallclock_parse(const char *s, int *wday, unsigned int *minute)
{
	int y, mo, d, h, mi, n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
	    n != 16)
		return -EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 || mi > 59 || y < 1 ||
	    h < 0 || mi < 0)
		return -EINVAL;
	*wday = weekday(y, mo, d);
	*minute = (unsigned int)(h * 60 + mi);
	return 0;
}

bool policy_window_contains(const struct nt_window *w, const char *wallclock, bool *known)
{
	unsigned int t;
	int wd, prev;
	bool ok = wallclock_parse(wallclock, &wd, &t) == 0;

	if (known)
		*known = ok;
	if (!ok || w->never)
		return false;
	prev = (wd + 6) % 7;
	if (w->start_min < w->end_min)
		return (w->days >> wd & 1) && t >= w->start_min && t < w->end_min;
	return ((w->days >> wd & 1) && t >= w->start_min) ||
	       ((w->days >> prev & 1) && t < w->end_min);
}
