/* The CSV writer (kam/csv.h): quoting, line ends, UTF-8, formula guard,
 * numbers, rows padded to the header. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static const char *const header[] = {"a", "b"};

/* One row of a two-column table: cell a is text, cell b is "x". */
static void text_is(const char *in, const char *expected_cell)
{
	kam_buf out = KAM_BUF_INIT, want = KAM_BUF_INIT;
	kam_csv csv;
	kam_csv_init(&csv, &out, header, 2);
	kam_csv_text(&csv, in);
	kam_csv_text(&csv, "x");
	kam_csv_end_row(&csv);
	kam_buf_printf(&want, "a,b\r\n%s,x\r\n", expected_cell);
	assert_string_equal(kam_buf_cstr(&out), want.ptr);
	kam_buf_release(&out);
	kam_buf_release(&want);
}

static void test_quoting(void **state)
{
	(void)state;
	text_is("plain", "plain");
	text_is(NULL, "");
	text_is("", "");
	text_is("a,b", "\"a,b\"");
	text_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	text_is("two\nlines", "\"two\nlines\"");
	text_is("cr\rlf\r\n", "\"cr\rlf\r\n\"");
	text_is("semi;colon stays", "semi;colon stays");
	text_is("  spaces kept  ", "  spaces kept  ");
}

static void test_utf8(void **state)
{
	(void)state;
	text_is("Müller 東京", "Müller 東京");
	text_is("bad \xff byte", "bad \xEF\xBF\xBD byte");
	text_is("cut \xC3", "cut \xEF\xBF\xBD");
	text_is("overlong \xC0\xAF", "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
	text_is("esc \x1b[31m", "esc \xEF\xBF\xBD[31m");
	text_is("del \x7f c1 \xC2\x9B", "del \xEF\xBF\xBD c1 \xEF\xBF\xBD");
	text_is("tab\tstays", "tab\tstays");
}

static void test_formula_guard(void **state)
{
	(void)state;
	text_is("=1+1", "'=1+1");
	text_is("+49 89", "'+49 89");
	text_is("-rebate", "'-rebate");
	text_is("@SUM(A1)", "'@SUM(A1)");
	text_is("\tx", "'\tx");
	text_is("\rx", "\"'\rx\"");
	text_is("'quoted", "''quoted");
	text_is("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	text_is("a=b", "a=b");
	text_is(" =1", " =1");
	assert_true(kam_csv_formula_like("-"));
	assert_false(kam_csv_formula_like("x-"));
	assert_false(kam_csv_formula_like(NULL));
}

static void test_numbers_and_rows(void **state)
{
	(void)state;
	static const char *const three[] = {"n", "t", "b"};
	kam_buf out = KAM_BUF_INIT;
	kam_csv csv;
	kam_csv_init(&csv, &out, three, 3);
	kam_csv_number(&csv, 250000);
	kam_csv_number(&csv, -1234.5);
	kam_csv_bool(&csv, true);
	kam_csv_end_row(&csv);
	kam_csv_number(&csv, NAN);
	kam_csv_number_if(&csv, false, 7);
	kam_csv_number(&csv, -0.0);
	kam_csv_end_row(&csv);
	kam_csv_number(&csv, 0.1 + 0.2);
	kam_csv_end_row(&csv); /* padded */
	assert_string_equal(kam_buf_cstr(&out), "n,t,b\r\n"
						"250000,-1234.5,true\r\n"
						",,0\r\n"
						"0.3,,\r\n");
	kam_buf_release(&out);
}

static void test_list(void **state)
{
	(void)state;
	kam_buf list = KAM_BUF_INIT;
	kam_csv_list_add(&list, "globex");
	kam_csv_list_add(&list, NULL);
	kam_csv_list_add(&list, "a;b");
	assert_string_equal(kam_buf_cstr(&list), "globex;a,b");
	kam_buf_release(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quoting),
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_formula_guard),
	    cmocka_unit_test(test_numbers_and_rows),
	    cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
