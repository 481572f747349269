/* Local dates and midnights computed from the zoneinfo files (lib/zone.c)
 * equal the C library's localtime_r and mktime with TZ set, which the test,
 * not the library, may change: zones with daylight saving north and south,
 * half and three-quarter hour offsets, midnight transitions, a skipped day,
 * negative daylight saving, the rule after the last transition (2037 on),
 * POSIX TZ strings and unknown names (UTC). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "kam/kam.h"

static const char *const zones[] = {
	"UTC",
	"Europe/Berlin",
	"Europe/Dublin",
	"America/New_York",
	"America/Sao_Paulo",
	"America/Santiago",
	"America/Havana",
	"America/St_Johns",
	"Asia/Beirut",
	"Asia/Kolkata",
	"Asia/Kathmandu",
	"Australia/Lord_Howe",
	"Pacific/Apia",
	"Pacific/Chatham",
	"Africa/Casablanca",
	"Antarctica/Troll",
	"CET-1CEST,M3.5.0,M10.5.0/3",
	"<+0330>-3:30",
	"AEST-10AEDT,M10.1.0,M4.1.0/3",
};

static void use_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* glibc applies a POSIX TZ string's daylight saving rule from 1971 only */
static int first_year(const char *zone)
{
	return strchr(zone, ',') || zone[0] == '<' ? 1971 : 1965;
}

static long long at(int year)
{
	return (long long)kam_date_days((kam_date){year, 1, 1}) * 86400;
}

static void test_dates_as_localtime(void **state)
{
	(void)state;
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		use_tz(zones[z]);
		size_t wrong = 0;
		for (long long t = at(first_year(zones[z])); t < at(2060) && wrong < 5; t += 3 * 3607 + 11) {
			time_t tt = (time_t)t;
			struct tm tm;
			localtime_r(&tt, &tm);
			kam_date d = kam_date_at(t, zones[z]);
			if (d.year != tm.tm_year + 1900 || d.month != tm.tm_mon + 1 || d.day != tm.tm_mday) {
				print_error("%s at %lld: %04d-%02d-%02d, localtime %04d-%02d-%02d\n", zones[z], t,
					    d.year, d.month, d.day, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
				wrong++;
			}
		}
		assert_int_equal(wrong, 0);
	}
}

static void test_midnights_as_mktime(void **state)
{
	(void)state;
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		use_tz(zones[z]);
		size_t wrong = 0;
		for (long day = kam_date_days((kam_date){first_year(zones[z]), 1, 1});
		     day < kam_date_days((kam_date){2060, 1, 1}) && wrong < 5; day++) {
			kam_date d = kam_date_from_days(day);
			struct tm tm = {0};
			tm.tm_year = d.year - 1900;
			tm.tm_mon = d.month - 1;
			tm.tm_mday = d.day;
			tm.tm_isdst = -1;
			long long expected = (long long)mktime(&tm);
			long long got = kam_date_midnight(d, zones[z]);
			if (got != expected) {
				print_error("%s midnight of %04d-%02d-%02d: %lld, mktime %lld\n", zones[z], d.year,
					    d.month, d.day, got, expected);
				wrong++;
			}
		}
		assert_int_equal(wrong, 0);
	}
}

static void test_known_days(void **state)
{
	(void)state;
	/* Samoa skipped 2011-12-30: the instant after 2011-12-29 23:59:59 local is the 31st */
	kam_date d = kam_date_at(1325239200LL, "Pacific/Apia"); /* 2011-12-30 10:00 UTC */
	assert_int_equal(d.day, 31);
	/* a name the zoneinfo does not know is UTC */
	d = kam_date_at(1700000000LL, "Nowhere/Else");
	assert_int_equal(d.day, 14);
	assert_int_equal(kam_date_midnight((kam_date){2026, 3, 29}, "Europe/Berlin"), 1774738800LL);
	assert_int_equal(kam_date_midnight((kam_date){2026, 10, 25}, "Europe/Berlin"), 1792879200LL);
	assert_int_equal(kam_date_midnight((kam_date){2026, 7, 1}, "UTC"), 1782864000LL);
	assert_int_equal(kam_date_midnight((kam_date){2026, 7, 1}, NULL), 1782864000LL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_as_localtime),
		cmocka_unit_test(test_midnights_as_mktime),
		cmocka_unit_test(test_known_days),
	};
	return cmocka_run_group_tests_name("zone", tests, NULL, NULL);
}
