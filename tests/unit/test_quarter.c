/* Dates and fiscal quarters: fiscal years starting in January, April, July
 * and October, quarter edges, months of different lengths, time zones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "kam/gitwrite.h"
#include "kam/quarter.h"
#include "kam/quarterly.h"

static void quarter_is(const char *date, int fiscal_start, const char *expected)
{
	kam_date d;
	assert_true(kam_date_parse(date, &d));
	char out[8];
	kam_quarter_format(kam_quarter_of(d, fiscal_start), out);
	assert_string_equal(out, expected);
}

static void range_is(const char *quarter, int fiscal_start, const char *first, const char *last)
{
	kam_quarter q;
	assert_true(kam_quarter_parse(quarter, &q));
	char a[11], b[11];
	kam_date_format(kam_quarter_first_day(q, fiscal_start), a);
	kam_date_format(kam_quarter_last_day(q, fiscal_start), b);
	assert_string_equal(a, first);
	assert_string_equal(b, last);
}

static void test_calendar_year(void **state)
{
	(void)state;
	quarter_is("2026-01-01", 1, "2026-Q1");
	quarter_is("2026-03-31", 1, "2026-Q1"); /* last day of a quarter */
	quarter_is("2026-04-01", 1, "2026-Q2");
	quarter_is("2026-09-30", 1, "2026-Q3");
	quarter_is("2026-12-31", 1, "2026-Q4");
	range_is("2026-Q3", 1, "2026-07-01", "2026-09-30");
	range_is("2024-Q1", 1, "2024-01-01", "2024-03-31");
}

static void test_fiscal_april(void **state)
{
	(void)state;
	quarter_is("2026-04-01", 4, "2027-Q1"); /* FY April 2026 - March 2027 is 2027 */
	quarter_is("2026-03-31", 4, "2026-Q4");
	quarter_is("2027-01-15", 4, "2027-Q4");
	range_is("2027-Q1", 4, "2026-04-01", "2026-06-30");
	range_is("2027-Q4", 4, "2027-01-01", "2027-03-31");
}

static void test_fiscal_july(void **state)
{
	(void)state;
	quarter_is("2026-07-01", 7, "2027-Q1"); /* the format's own example */
	quarter_is("2026-09-30", 7, "2027-Q1");
	quarter_is("2026-06-30", 7, "2026-Q4");
	quarter_is("2026-12-31", 7, "2027-Q2");
	quarter_is("2027-01-01", 7, "2027-Q3");
	range_is("2027-Q1", 7, "2026-07-01", "2026-09-30");
	range_is("2027-Q3", 7, "2027-01-01", "2027-03-31");
}

static void test_fiscal_october(void **state)
{
	(void)state;
	quarter_is("2026-10-01", 10, "2027-Q1");
	quarter_is("2026-09-30", 10, "2026-Q4");
	quarter_is("2027-02-28", 10, "2027-Q2");
	range_is("2027-Q2", 10, "2027-01-01", "2027-03-31");
	range_is("2027-Q4", 10, "2027-07-01", "2027-09-30");
}

static void test_months_and_quarter_arithmetic(void **state)
{
	(void)state;
	kam_date d;
	char out[11];
	assert_true(kam_date_parse("2026-11-30", &d));
	kam_date_format(kam_date_add_months(d, 3), out);
	assert_string_equal(out, "2027-02-28");
	assert_true(kam_date_parse("2024-05-31", &d));
	kam_date_format(kam_date_add_months(d, -3), out);
	assert_string_equal(out, "2024-02-29");
	kam_quarter q = {2026, 4};
	char qs[8];
	kam_quarter_format(kam_quarter_add(q, 1), qs);
	assert_string_equal(qs, "2027-Q1");
	kam_quarter_format(kam_quarter_add(q, -4), qs);
	assert_string_equal(qs, "2025-Q4");
	assert_false(kam_quarter_parse("2026-Q5", &q));
	assert_false(kam_quarter_parse("Q3-2026", &q));
	assert_false(kam_date_parse("2026-02-29", &d));
}

static void test_time_zone_across_midnight(void **state)
{
	(void)state;
	/* 2026-09-30 22:30 UTC is already 2026-10-01 in Berlin (UTC+2) */
	long long t = 1790807400; /* 2026-09-30T22:30:00Z */
	char out[11];
	kam_date_format(kam_date_at(t, "UTC"), out);
	assert_string_equal(out, "2026-09-30");
	kam_date_format(kam_date_at(t, "Europe/Berlin"), out);
	assert_string_equal(out, "2026-10-01");
	kam_date_format(kam_date_at(t, "America/New_York"), out);
	assert_string_equal(out, "2026-09-30");
	/* and so the quarter changes at Berlin's midnight, not UTC's */
	char q[8];
	kam_quarter_format(kam_quarter_of(kam_date_at(t, "Europe/Berlin"), 1), q);
	assert_string_equal(q, "2026-Q4");
	assert_true(kam_timezone_known("Europe/Berlin"));
	assert_false(kam_timezone_known("Europe/Atlantis"));
	assert_false(kam_timezone_known("../../etc/passwd"));
}

static void test_fixed_today(void **state)
{
	(void)state;
	char out[11];
	kam_date_format(kam_today("Europe/Berlin", "2026-11-20"), out);
	assert_string_equal(out, "2026-11-20");
}

/* found by fuzz_dates: months before year 0 read outside the month table */
static void test_months_before_year_zero(void **state)
{
	(void)state;
	kam_date d;
	char out[11];
	assert_true(kam_date_parse("0000-01-31", &d));
	kam_date r = kam_date_add_months(d, -14);
	assert_int_equal(r.year, -2);
	assert_int_equal(r.month, 11);
	assert_int_equal(r.day, 30);
	kam_date_format(kam_date_add_months(d, 13), out);
	assert_string_equal(out, "0001-02-28");
	kam_quarter q = {0, 1};
	kam_quarter back = kam_quarter_add(q, -5);
	assert_int_equal(back.year, -2);
	assert_int_equal(back.q, 4);
}

/* GIT_AUTHOR_DATE in the forms git reads */
static void days_are(kam_quarter q, int fs, const char *today, const char *before,
		     const char *after, bool in_progress)
{
	kam_date t, b, a;
	bool progress;
	char text[11];
	assert_true(kam_date_parse(today, &t));
	kam_quarter_report_days(q, fs, t, &b, &a, &progress);
	kam_date_format(b, text);
	assert_string_equal(text, before);
	kam_date_format(a, text);
	assert_string_equal(text, after);
	assert_int_equal(progress, in_progress);
}

/* A quarter's report judges its base as the previous quarter ended and
 * its head as the quarter ended, or today while it runs. */
static void test_quarter_report_days(void **state)
{
	(void)state;
	kam_quarter q3 = {2026, 3};
	days_are(q3, 1, "2026-11-20", "2026-06-30", "2026-09-30", false);
	days_are(q3, 1, "2026-09-30", "2026-06-30", "2026-09-30", false);
	days_are(q3, 1, "2026-09-29", "2026-06-30", "2026-09-29", true);
	days_are(q3, 1, "2026-07-01", "2026-06-30", "2026-07-01", true);
	kam_quarter q1 = {2026, 1}; /* across the year */
	days_are(q1, 1, "2026-05-01", "2025-12-31", "2026-03-31", false);
	kam_quarter fiscal = {2027, 1}; /* July to September 2026 */
	days_are(fiscal, 7, "2026-08-15", "2026-06-30", "2026-08-15", true);
}

static void test_git_dates(void **state)
{
	(void)state;
	long long when;
	int offset;
	assert_true(kam_git_parse_date("1700000000 +0100", &when, &offset));
	assert_int_equal(when, 1700000000);
	assert_int_equal(offset, 60);
	assert_true(kam_git_parse_date("2026-11-20T09:30:00+01:00", &when, &offset));
	assert_int_equal(when, 1795163400);
	assert_true(kam_git_parse_date("Fri, 20 Nov 2026 09:30:00 +0100", &when, &offset));
	assert_int_equal(when, 1795163400);
	assert_false(kam_git_parse_date("next tuesday", &when, &offset));
}

/* found by fuzz_dates: out-of-range fields overflowed the seconds sum */
static void test_git_dates_out_of_range(void **state)
{
	(void)state;
	long long when;
	int offset;
	assert_false(kam_git_parse_date("2026-11-20T99:00:00Z", &when, &offset));
	assert_false(kam_git_parse_date("2026-13-20", &when, &offset));
	assert_false(kam_git_parse_date("Fri, 20 Nov 2026 24:00:00 +0100", &when, &offset));
	assert_false(kam_git_parse_date("Fri, 32 Nov 2026 09:30:00 +0100", &when, &offset));
}

/* Day numbers: the epoch, leap days, century rules, and back again */
/* The commit between two quarters: the last one made before the first
 * quarter's end, in kam.yaml's time zone; first-parent order, newest first. */
static void test_quarter_last_commit(void **state)
{
	(void)state;
	kam_config config = {.fiscal_year_start = 1, .timezone = "Europe/Paris"};
	kam_commit history[3] = {{.time = 1776240000},  /* 2026-04-15T08:00Z */
				 {.time = 1774994400},  /* 2026-03-31T22:00Z: 04-01 00:00 in Paris */
				 {.time = 1774994399}}; /* a second earlier: 2026-Q1 in Paris */
	kam_quarter q1 = {2026, 1};
	assert_ptr_equal(kam_quarter_last_commit(&config, history, 3, q1), &history[2]);
	assert_ptr_equal(kam_quarter_last_commit(&config, history, 3, kam_quarter_add(q1, 1)),
			 &history[0]);
	assert_null(kam_quarter_last_commit(&config, history, 3, kam_quarter_add(q1, -1)));
}

static void test_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(kam_date_days((kam_date){1970, 1, 1}), 0);
	assert_int_equal(kam_date_days((kam_date){1969, 12, 31}), -1);
	assert_int_equal(kam_date_days((kam_date){2000, 3, 1}) - kam_date_days((kam_date){2000, 2, 28}), 2);
	assert_int_equal(kam_date_days((kam_date){1900, 3, 1}) - kam_date_days((kam_date){1900, 2, 28}), 1);
	assert_int_equal(kam_date_days((kam_date){2026, 12, 1}), 20788);
	kam_date d = kam_date_add_days((kam_date){2028, 2, 28}, 1);
	assert_true(d.year == 2028 && d.month == 2 && d.day == 29);
	d = kam_date_add_days((kam_date){2026, 12, 1}, 31);
	assert_true(d.year == 2027 && d.month == 1 && d.day == 1);
	d = kam_date_from_days(-719468); /* 0000-03-01, the algorithm's origin */
	assert_true(d.year == 0 && d.month == 3 && d.day == 1);
	for (long n = -800000; n <= 3000000; n += 997) {
		kam_date back = kam_date_from_days(n);
		assert_int_equal(kam_date_days(back), n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_numbers),
		cmocka_unit_test(test_calendar_year),
		cmocka_unit_test(test_fiscal_april),
		cmocka_unit_test(test_fiscal_july),
		cmocka_unit_test(test_fiscal_october),
		cmocka_unit_test(test_months_and_quarter_arithmetic),
		cmocka_unit_test(test_time_zone_across_midnight),
		cmocka_unit_test(test_fixed_today),
		cmocka_unit_test(test_months_before_year_zero),
		cmocka_unit_test(test_quarter_report_days),
		cmocka_unit_test(test_git_dates),
		cmocka_unit_test(test_git_dates_out_of_range),
		cmocka_unit_test(test_quarter_last_commit),
	};
	return cmocka_run_group_tests_name("quarter", tests, NULL, NULL);
}
