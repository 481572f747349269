/* The iCalendar writer (lib/ics.c): TEXT escaping, folding at 75 octets
 * between UTF-8 characters, CR LF, components closed in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "kam/ics.h"

static void escaped_is(const char *value, const char *expected)
{
	kam_buf out = KAM_BUF_INIT;
	kam_ics_escape(&out, value);
	assert_string_equal(kam_buf_cstr(&out), expected);
	kam_buf_release(&out);
}

static void test_escape(void **state)
{
	(void)state;
	escaped_is("a,b;c\\d", "a\\,b\\;c\\\\d");
	/* CR LF, LF and CR alone are one line break each */
	escaped_is("1\r\n2\n3\r4", "1\\n2\\n3\\n4");
	escaped_is("END:VCALENDAR", "END:VCALENDAR"); /* a colon is TEXT */
	/* other controls (C0 but tab, DEL, C1) become spaces */
	escaped_is("a\x01" "b\x7f" "c\xc2\x9b" "d\te", "a b c d\te");
	escaped_is("\xff\xc3", "\xef\xbf\xbd\xef\xbf\xbd"); /* invalid UTF-8 */
	escaped_is(NULL, "");
}

#define A10 "aaaaaaaaaa"
#define A13 A10 "aaa"
#define A66 A10 A10 A10 A10 A10 A10 "aaaaaa"
#define A67 A66 "a"

static void test_fold(void **state)
{
	(void)state;
	kam_buf out = KAM_BUF_INIT;
	kam_ics w;
	kam_ics_init(&w, &out);
	char value[81];
	memset(value, 'a', 80);
	value[80] = '\0';
	kam_ics_text(&w, KAM_ICS_SUMMARY, value); /* 8 + 67 = 75, then 1 + 13 */
	assert_string_equal(kam_buf_cstr(&out), "SUMMARY:" A67 "\r\n" " " A13 "\r\n");
	kam_buf_reset(&out);
	/* 8 + 66 = 74 octets: the two bytes of the e-acute go to the next line */
	memset(value, 'a', 66);
	memcpy(value + 66, "\xc3\xa9", 3);
	kam_ics_text(&w, KAM_ICS_SUMMARY, value);
	assert_string_equal(kam_buf_cstr(&out), "SUMMARY:" A66 "\r\n" " \xc3\xa9\r\n");
	kam_buf_reset(&out);
	/* exactly 75 octets: no fold */
	memset(value, 'a', 67);
	value[67] = '\0';
	kam_ics_text(&w, KAM_ICS_SUMMARY, value);
	assert_int_equal(out.len, 77);
	kam_buf_release(&out);
}

static void test_components(void **state)
{
	(void)state;
	kam_buf out = KAM_BUF_INIT;
	kam_ics w;
	kam_ics_init(&w, &out);
	kam_ics_end(&w); /* nothing open: nothing written */
	kam_ics_begin(&w, KAM_ICS_VCALENDAR);
	kam_ics_begin(&w, KAM_ICS_VEVENT);
	kam_date d = {2026, 12, 1};
	kam_ics_date(&w, KAM_ICS_DTSTART, d);
	kam_ics_utc(&w, KAM_ICS_DTSTAMP, d, 0, 0, 0);
	kam_ics_text(&w, KAM_ICS_UID, "x,y@kam");
	kam_ics_finish(&w);
	assert_string_equal(kam_buf_cstr(&out), "BEGIN:VCALENDAR\r\n"
						"BEGIN:VEVENT\r\n"
						"DTSTART;VALUE=DATE:20261201\r\n"
						"DTSTAMP:20261201T000000Z\r\n"
						"UID:x\\,y@kam\r\n"
						"END:VEVENT\r\n"
						"END:VCALENDAR\r\n");
	kam_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_fold),
	    cmocka_unit_test(test_components),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
