/* The JSON writer: layout, escaping, numbers, file names that are not UTF-8. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static void test_layouts(void **state)
{
	(void)state;
	kam_buf out = KAM_BUF_INIT;
	kam_json w;
	kam_json_init(&w, &out);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_int(&w, "version", 1);
	kam_json_array_begin(&w, "empty", KAM_JSON_BLOCK);
	kam_json_end(&w);
	kam_json_array_begin(&w, "rows", KAM_JSON_BLOCK);
	kam_json_object_begin(&w, NULL, KAM_JSON_INLINE);
	kam_json_string(&w, "a", "x");
	kam_json_wrap(&w);
	kam_json_null(&w, "b");
	kam_json_array_begin(&w, "inner", KAM_JSON_BLOCK);
	kam_json_bool(&w, NULL, true);
	kam_json_end(&w);
	kam_json_array_begin(&w, "list", KAM_JSON_INLINE);
	kam_json_int(&w, NULL, -3);
	kam_json_double(&w, NULL, 2, 1.5);
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_release(&w);
	assert_string_equal(out.ptr, "{\n"
				     "  \"version\": 1,\n"
				     "  \"empty\": [],\n"
				     "  \"rows\": [\n"
				     "    {\"a\": \"x\",\n"
				     "     \"b\": null, \"inner\": [\n"
				     "       true\n"
				     "     ], \"list\": [-3, 1.50]}\n"
				     "  ]\n"
				     "}\n");
	kam_buf_release(&out);
}

static char *quoted(const char *s, size_t len)
{
	kam_buf out = KAM_BUF_INIT;
	kam_json_quote(&out, s, len);
	return kam_buf_detach(&out);
}

static void expect_quoted(const char *s, size_t len, const char *expected)
{
	char *got = quoted(s, len);
	assert_string_equal(got, expected);
	free(got);
}

static void test_strings_are_valid_utf8_json(void **state)
{
	(void)state;
	expect_quoted("a\"b\\c\n\r\t", 8, "\"a\\\"b\\\\c\\n\\r\\t\"");
	expect_quoted("\x1b]0;x\x07", 6, "\"\\u001b]0;x\\u0007\"");
	expect_quoted("a\0b", 3, "\"a\\u0000b\"");
	expect_quoted("\x7f", 1, "\"\\u007f\"");
	expect_quoted("\xc2\x9b" "1m", 4, "\"\\u009b1m\"");            /* C1 CSI */
	expect_quoted("\xe2\x80\xa8\xe2\x80\xa9", 6, "\"\\u2028\\u2029\""); /* JS line ends */
	expect_quoted("caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80", 14, "\"caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80\"");
	expect_quoted("caf\xe9!", 5, "\"caf\\ufffd!\"");
	expect_quoted("\xff\xfe", 2, "\"\\ufffd\\ufffd\"");
	expect_quoted("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");         /* overlong '/' */
	expect_quoted("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
	expect_quoted("x\xe2\x82", 3, "\"x\\ufffd\\ufffd\"");         /* truncated */
}

static void test_numbers_are_finite(void **state)
{
	(void)state;
	kam_buf out = KAM_BUF_INIT;
	kam_json w;
	kam_json_init(&w, &out);
	kam_json_array_begin(&w, NULL, KAM_JSON_INLINE);
	kam_json_double(&w, NULL, 2, INFINITY);
	kam_json_double(&w, NULL, 2, -INFINITY);
	kam_json_double(&w, NULL, 2, NAN);
	kam_json_double(&w, NULL, 0, 12.5);
	kam_json_int(&w, NULL, INTMAX_MIN);
	kam_json_end(&w);
	kam_json_release(&w);
	assert_string_equal(out.ptr, "[null, null, null, 12, -9223372036854775808]\n");
	kam_buf_release(&out);
}

static void test_paths_not_utf8_are_noted(void **state)
{
	(void)state;
	kam_buf out = KAM_BUF_INIT;
	kam_json w;
	kam_json_init(&w, &out);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_path(&w, "file", "a/caf\xe9 100%.md");
	kam_json_path(&w, "again", "a/caf\xe9 100%.md");
	kam_json_path(&w, "fine", "a/caf\xc3\xa9.md");
	kam_json_end(&w);
	size_t n;
	const char *const *lossy = kam_json_lossy_paths(&w, &n);
	assert_int_equal(n, 1);
	assert_string_equal(lossy[0], "a/caf\xe9 100%.md");
	kam_json_release(&w);
	assert_string_equal(out.ptr,
			    "{\n"
			    "  \"file\": \"a/caf\\ufffd 100%.md\",\n"
			    "  \"again\": \"a/caf\\ufffd 100%.md\",\n"
			    "  \"fine\": \"a/caf\xc3\xa9.md\",\n"
			    "  \"warnings\": [\n"
			    "    {\"file\": \"a/caf\\ufffd 100%.md\", \"uri\": \"a/caf%E9%20100%25.md\", \"message\": "
			    "\"the file name is not valid UTF-8: \\\"file\\\" shows each invalid byte as U+FFFD, "
			    "\\\"uri\\\" has the exact bytes percent-encoded\"}\n"
			    "  ]\n"
			    "}\n");
	kam_buf_release(&out);
}

static void test_uri_path(void **state)
{
	(void)state;
	kam_buf out = KAM_BUF_INIT;
	kam_json_uri_path(&out, "accounts/a:b #c?d%41 caf\xc3\xa9~_-.md");
	assert_string_equal(out.ptr, "accounts/a%3Ab%20%23c%3Fd%2541%20caf%C3%A9~_-.md");
	kam_buf_reset(&out);
	kam_json_uri_path(&out, "/abs/x y.md");
	assert_string_equal(out.ptr, "file:///abs/x%20y.md");
	kam_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_strings_are_valid_utf8_json),
		cmocka_unit_test(test_numbers_are_finite),
		cmocka_unit_test(test_paths_not_utf8_are_noted),
		cmocka_unit_test(test_uri_path),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
