/* kam/quarter.h - dates and fiscal quarters.
 *
 * Dates are YYYY-MM-DD text. A quarter is written 2026-Q3; with a fiscal
 * year starting in month m > 1, the label's year is the calendar year in
 * which the fiscal year ends (fiscal_year_start 7: 2027-Q1 is July to
 * September 2026). */
#ifndef KAM_QUARTER_H
#define KAM_QUARTER_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_date {
	int year, month, day;
} kam_date;

typedef struct kam_quarter {
	int year; /* the label's year */
	int q;    /* 1-4 */
} kam_quarter;

/* Parse "YYYY-MM-DD" (a real calendar date) / "YYYY-Qn"; false if invalid. */
bool kam_date_parse(const char *text, kam_date *out);
bool kam_quarter_parse(const char *text, kam_quarter *out);
/* Write the date / quarter as text into out (11 / 8 bytes at least). */
void kam_date_format(kam_date d, char out[11]);
void kam_quarter_format(kam_quarter q, char out[8]);

/* <0, 0, >0 as a is before, equal to, after b. */
int kam_date_compare(kam_date a, kam_date b);
int kam_quarter_compare(kam_quarter a, kam_quarter b);

/* The date months later (earlier when negative), the day clamped to the
 * month's length (2026-05-31 + 3 months = 2026-08-31; 2026-11-30 + 3 =
 * 2027-02-28). */
kam_date kam_date_add_months(kam_date d, int months);

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), so that differences are exact across months and
 * years; and back. kam_date_add_days(d, n) is the date n days later. */
long kam_date_days(kam_date d);
kam_date kam_date_from_days(long days);
kam_date kam_date_add_days(kam_date d, long days);

/* The fiscal quarter containing d, for a fiscal year starting in month
 * fiscal_start (1-12). */
kam_quarter kam_quarter_of(kam_date d, int fiscal_start);
/* The first and last day of quarter q. */
kam_date kam_quarter_first_day(kam_quarter q, int fiscal_start);
kam_date kam_quarter_last_day(kam_quarter q, int fiscal_start);
/* The quarter n quarters after (before, when negative) q. */
kam_quarter kam_quarter_add(kam_quarter q, int n);

/* Today's date in the IANA time zone tz (NULL or "" : UTC), unless fixed
 * is a valid date, which is returned instead (--today, KAM_TODAY). */
kam_date kam_today(const char *tz, const char *fixed);
/* The date in time zone tz of the moment t (seconds since the epoch). */
kam_date kam_date_at(long long t, const char *tz);
/* The moment (seconds since the epoch) day d begins in time zone tz. */
long long kam_date_midnight(kam_date d, const char *tz);
/* Whether tz names a time zone this machine knows. */
bool kam_timezone_known(const char *tz);

#ifdef __cplusplus
}
#endif

#endif
