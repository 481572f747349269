#define _DEFAULT_SOURCE
#include "kam/quarter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kam/schema.h"
#include "kam/util.h"
#include "zone.h"
#include "banned.h"

bool kam_date_parse(const char *text, kam_date *out)
{
	if (!text || !kam_date_valid(text))
		return false;
	out->year = atoi(text);
	out->month = atoi(text + 5);
	out->day = atoi(text + 8);
	return true;
}

bool kam_quarter_parse(const char *t, kam_quarter *out)
{
	if (!t || strlen(t) != 7 || t[4] != '-' || t[5] != 'Q' || t[6] < '1' || t[6] > '4')
		return false;
	for (int i = 0; i < 4; i++)
		if (t[i] < '0' || t[i] > '9')
			return false;
	out->year = atoi(t);
	out->q = t[6] - '0';
	return true;
}

void kam_date_format(kam_date d, char out[11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
		 (unsigned)d.day % 100u);
}

void kam_quarter_format(kam_quarter q, char out[8])
{
	snprintf(out, 8, "%04u-Q%u", (unsigned)q.year % 10000u, (unsigned)q.q % 10u);
}

int kam_date_compare(kam_date a, kam_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	return a.day < b.day ? -1 : a.day > b.day;
}

int kam_quarter_compare(kam_quarter a, kam_quarter b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	return a.q < b.q ? -1 : a.q > b.q;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return days[month - 1] + (month == 2 && leap);
}

/* Division rounding down, so that month and quarter arithmetic also works
 * before year 0 (C's / and % round towards zero). */
static int floor_div(int a, int b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

long kam_date_days(kam_date d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

kam_date kam_date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int day = (int)(doy - (153 * mp + 2) / 5 + 1);
	int month = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (kam_date){(int)(yoe + era * 400 + (month <= 2)), month, day};
}

kam_date kam_date_add_days(kam_date d, long days)
{
	return kam_date_from_days(kam_date_days(d) + days);
}

kam_date kam_date_add_months(kam_date d, int months)
{
	int index = d.year * 12 + (d.month - 1) + months;
	int year = floor_div(index, 12);
	kam_date r = {year, index - year * 12 + 1, d.day};
	int last = days_in_month(r.year, r.month);
	if (r.day > last)
		r.day = last;
	return r;
}

kam_quarter kam_quarter_of(kam_date d, int fs)
{
	int into_year = (d.month - fs + 12) % 12; /* months since the fiscal year began */
	int start_year = d.month >= fs ? d.year : d.year - 1;
	kam_quarter q = {fs == 1 ? d.year : start_year + 1, into_year / 3 + 1};
	return q;
}

kam_date kam_quarter_first_day(kam_quarter q, int fs)
{
	int start_year = fs == 1 ? q.year : q.year - 1;
	kam_date first = {start_year, fs, 1};
	return kam_date_add_months(first, 3 * (q.q - 1));
}

kam_date kam_quarter_last_day(kam_quarter q, int fs)
{
	kam_date next = kam_date_add_months(kam_quarter_first_day(q, fs), 3);
	next.day = 1;
	kam_date last = kam_date_add_months(next, -1);
	last.day = days_in_month(last.year, last.month);
	return last;
}

kam_quarter kam_quarter_add(kam_quarter q, int n)
{
	int index = q.year * 4 + (q.q - 1) + n;
	int year = floor_div(index, 4);
	kam_quarter r = {year, index - year * 4 + 1};
	return r;
}

static long long floor_div_ll(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

kam_date kam_date_at(long long t, const char *tz)
{
	long long local = t + kam_zone_offset(kam_zone_get(tz), t);
	return kam_date_from_days((long)floor_div_ll(local, 86400));
}

/* The instant the day begins: midnight local time, found from the offsets in
 * force a day before and a day after (a zone changes at most once around a
 * midnight). When daylight saving skips midnight, the day begins when the
 * clocks jump: midnight read with the offset before the change, as mktime
 * does. */
long long kam_date_midnight(kam_date d, const char *tz)
{
	const kam_zone *zone = kam_zone_get(tz);
	long long local = (long long)kam_date_days(d) * 86400;
	long before = kam_zone_offset(zone, local - 86400 - 14 * 3600);
	long after = kam_zone_offset(zone, local + 86400 + 14 * 3600);
	long long first = local - before, second = local - after;
	if (first + kam_zone_offset(zone, first) == local)
		return second < first && second + kam_zone_offset(zone, second) == local ? second : first;
	if (second + kam_zone_offset(zone, second) == local)
		return second;
	return first;
}

kam_date kam_today(const char *tz, const char *fixed)
{
	kam_date d;
	if (fixed && kam_date_parse(fixed, &d))
		return d;
	return kam_date_at((long long)time(NULL), tz);
}

bool kam_timezone_known(const char *tz)
{
	if (!tz || !*tz || strcmp(tz, "UTC") == 0)
		return true;
	if (strstr(tz, ".."))
		return false;
	char *path = kam_xprintf("/usr/share/zoneinfo/%s", tz);
	bool known = kam_path_exists(path) && !kam_path_is_dir(path);
	free(path);
	return known;
}
