#define _DEFAULT_SOURCE
/* Paths, suggestions, UTF-8, buffers and atomic writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kam/kam.h"

static void relative_is(const char *target, const char *base, const char *expected)
{
	char *got = kam_path_relative(target, base);
	assert_string_equal(got, expected);
	free(got);
}

static void test_path_relative(void **state)
{
	(void)state;
	relative_is("/r/accounts/x.md", "/r", "accounts/x.md");
	relative_is("/r/accounts/x.md", "/r/accounts", "x.md");
	relative_is("/r/accounts/x.md", "/r/docs", "../accounts/x.md");
	relative_is("/r/a", "/r/ab", "../a");
	relative_is("/r", "/r", ".");
	relative_is("/r/x", "/", "r/x");
	relative_is("/", "/r/s", "../..");
}

static void test_closest(void **state)
{
	(void)state;
	const char *stages[] = {"identify", "validate", "qualify", "propose", "negotiate", "won", "lost"};
	assert_string_equal(kam_closest("proposal", stages, 7), "propose");
	assert_string_equal(kam_closest("qualfy", stages, 7), "qualify");
	assert_string_equal(kam_closest("wom", stages, 7), "won");
	assert_null(kam_closest("hot", stages, 7));
	assert_null(kam_closest("propose", stages, 7)); /* an exact match is no typo */
	const char *severities[] = {"error", "warning", "off"};
	assert_string_equal(kam_closest("warn", severities, 3), "warning"); /* an abbreviation */
	const char *roles[] = {"key-decision-leader", "benefit-owner", "evaluator", "approver"};
	assert_string_equal(kam_closest("benefit", roles, 4), "benefit-owner");
	const char *two[] = {"contact-owner", "contact-role"};
	assert_null(kam_closest("contact", two, 2)); /* abbreviates both: no guess */
	assert_null(kam_closest("ev", roles, 4));     /* too short to tell */
	const char *both[] = {"warn", "warning"};
	assert_null(kam_closest("warn", both, 2)); /* exact: no abbreviation either */
	assert_int_equal(kam_edit_distance("kitten", "sitting"), 3);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_int_equal(kam_utf8_length("Müller", 7), 6);
	assert_int_equal(kam_utf8_check("ok é 漢", 9), 9);
	assert_int_equal(kam_utf8_check("ab\xff", 3), 2);
	assert_int_equal(kam_utf8_check("\xc0\xaf", 2), 0);         /* overlong */
	assert_int_equal(kam_utf8_check("\xed\xa0\x80", 3), 0);     /* surrogate */
	assert_int_equal(kam_utf8_check("x\xe2\x82", 3), 1);        /* truncated */
}

static void test_buf_and_json(void **state)
{
	(void)state;
	kam_buf b = KAM_BUF_INIT;
	assert_string_equal(kam_buf_cstr(&b), "");
	kam_buf_printf(&b, "%d-%s", 7, "x");
	kam_json_quote(&b, "a\"b\\c\n\x01", 7);
	assert_string_equal(b.ptr, "7-x\"a\\\"b\\\\c\\n\\u0001\"");
	kam_buf_release(&b);
}

/* The printf-free number writers agree with printf. */
static void test_buf_numbers(void **state)
{
	(void)state;
	const long long ints[] = {0, 7, -7, 1234567890123LL, -9223372036854775807LL - 1};
	const double tenths[] = {0, 12.04, 12.06, -0.04, -3.5, 1e6 / 3, 194.0 * 3 + 88, 0.25, -0.0};
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		kam_buf a = KAM_BUF_INIT, b = KAM_BUF_INIT;
		kam_buf_put_int(&a, ints[i]);
		kam_buf_printf(&b, "%lld", ints[i]);
		assert_string_equal(kam_buf_cstr(&a), kam_buf_cstr(&b));
		kam_buf_release(&a);
		kam_buf_release(&b);
	}
	for (size_t i = 0; i < sizeof(tenths) / sizeof(tenths[0]); i++) {
		kam_buf a = KAM_BUF_INIT, b = KAM_BUF_INIT;
		kam_buf_put_tenths(&a, tenths[i]);
		kam_buf_printf(&b, "%.1f", tenths[i]);
		assert_string_equal(kam_buf_cstr(&a), kam_buf_cstr(&b));
		kam_buf_release(&a);
		kam_buf_release(&b);
	}
}

/* a new file gets 0666 less the umask, and the umask is left as it was */
static void test_atomic_write_mode(void **state)
{
	(void)state;
	char dir[] = "/tmp/kam-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = kam_path_join(dir, "plan.md");
	kam_error err = {0};
	static const mode_t masks[] = {022, 027, 077, 002};
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		mode_t old = umask(masks[i]);
		assert_int_equal(kam_file_write_atomic(path, "x", 1, i % 2 == 0, &err), 0);
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0666 & ~masks[i]);
		assert_int_equal(umask(old), masks[i]);
		unlink(path);
	}
	rmdir(dir); /* empty: no temporary file left behind */
	assert_int_not_equal(access(dir, F_OK), 0);
	free(path);
}

static void test_atomic_write(void **state)
{
	(void)state;
	char dir[] = "/tmp/kam-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = kam_path_join(dir, "plan.md");
	kam_error err = {0};
	assert_int_equal(kam_file_write_atomic(path, "one", 3, true, &err), 0);
	assert_int_equal(kam_file_write_atomic(path, "two", 3, true, &err), KAM_EEXISTS);
	char *text;
	size_t len;
	assert_int_equal(kam_file_read(&text, &len, path, 100, &err), 0);
	assert_string_equal(text, "one"); /* never overwritten */
	free(text);
	assert_int_equal(kam_file_write_atomic(path, "three", 5, false, &err), 0);
	assert_int_equal(kam_file_read(&text, &len, path, 100, &err), 0);
	assert_string_equal(text, "three");
	free(text);
	assert_int_equal(kam_file_read(&text, &len, path, 2, &err), KAM_EINVALID);
	unlink(path);
	rmdir(dir);
	free(path);
}

/* A file is read whole into a buffer of its size: exactly the limit is
 * read, a byte more is refused, an empty file is an empty text, and a file
 * whose size stat does not know (/proc) is read to its end. */
static void test_file_read_sizes(void **state)
{
	(void)state;
	char dir[] = "/tmp/kam-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = kam_path_join(dir, "plan.md");
	kam_error err = {0};
	char *text;
	size_t len;
	assert_int_equal(kam_file_write_atomic(path, "", 0, false, &err), 0);
	assert_int_equal(kam_file_read(&text, &len, path, 10, &err), 0);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(kam_file_write_atomic(path, "0123456789", 10, false, &err), 0);
	assert_int_equal(kam_file_read(&text, &len, path, 10, &err), 0);
	assert_int_equal(len, 10);
	assert_string_equal(text, "0123456789");
	free(text);
	assert_int_equal(kam_file_read(&text, &len, path, 9, &err), KAM_EINVALID);
	assert_null(text);
	assert_non_null(strstr(err.message, "is larger than 9 bytes"));
	struct stat st;
	assert_int_equal(stat("/proc/self/status", &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(kam_file_read(&text, &len, "/proc/self/status", 1u << 20, &err), 0);
	assert_true(len > 100);
	assert_int_equal(strncmp(text, "Name:", 5), 0);
	assert_int_equal(strlen(text), len);
	free(text);
	assert_int_equal(kam_file_read(&text, &len, "/proc/self/status", 50, &err), KAM_EINVALID);
	unlink(path);
	rmdir(dir);
	free(path);
}

/* Matches are remembered per regex: a new regex at a freed one's address
 * must not get its answers, and long texts bypass the memo. */
static void test_regex_memo(void **state)
{
	(void)state;
	kam_regex *a = kam_regex_new("^[a-z]+$", NULL);
	assert_non_null(a);
	assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(a, "acme"));
	assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(a, "acme")); /* remembered */
	assert_int_equal(KAM_REGEX_NO_MATCH, kam_regex_match(a, "Acme"));
	assert_int_equal(KAM_REGEX_NO_MATCH, kam_regex_match(a, "ACM"));
	assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(a, "acm"));
	kam_regex_free(a);
	for (int i = 0; i < 8; i++) { /* malloc hands the same address back */
		kam_regex *b = kam_regex_new("^[A-Z]+$", NULL);
		assert_int_equal(KAM_REGEX_NO_MATCH, kam_regex_match(b, "acme"));
		assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(b, "ACME"));
		kam_regex_free(b);
	}
	kam_regex *c = kam_regex_new("^x{40}$", NULL);
	char forty[41], thirty_nine[40];
	memset(forty, 'x', 40);
	forty[40] = '\0';
	memset(thirty_nine, 'x', 39);
	thirty_nine[39] = '\0';
	assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(c, forty));
	assert_int_equal(KAM_REGEX_NO_MATCH, kam_regex_match(c, thirty_nine));
	assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(c, forty));
	kam_regex_free(c);
}

/* Patterns are ECMA-262 in UTF mode: '.' is a character, $ only at the end,
 * \\uXXXX escapes and lookahead work. */
static void test_regex_ecma(void **state)
{
	(void)state;
	kam_regex *dot = kam_regex_new("^.$", NULL);
	assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(dot, "\xc3\xa9"));
	assert_int_equal(KAM_REGEX_NO_MATCH, kam_regex_match(dot, "ab"));
	kam_regex_free(dot);
	kam_regex *end = kam_regex_new("^a$", NULL);
	assert_int_equal(KAM_REGEX_NO_MATCH, kam_regex_match(end, "a\n"));
	kam_regex_free(end);
	kam_regex *u = kam_regex_new("^\\u00e9(?=x)", NULL);
	assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(u, "\xc3\xa9x"));
	kam_regex_free(u);
	/* PCRE2's own escapes are not ECMA-262: refused, not given PCRE2's meaning */
	kam_buf why = KAM_BUF_INIT;
	assert_null(kam_regex_new("^a\\Z", &why));
	assert_string_equal(kam_buf_cstr(&why), "\\Z is not an ECMA-262 escape (at character 3)");
	kam_buf_reset(&why);
	assert_null(kam_regex_new("\\Aé\\h", &why));
	assert_string_equal(kam_buf_cstr(&why), "\\A is not an ECMA-262 escape (at character 1)");
	kam_buf_release(&why);
	kam_regex *escapes = kam_regex_new("^\\d\\w\\s\\b\\x41\\\\Z[\\-\\]]$", NULL);
	assert_non_null(escapes);
	assert_int_equal(KAM_REGEX_MATCH, kam_regex_match(escapes, "1a A\\Z]"));
	kam_regex_free(escapes);
}

/* Hostile patterns cost a bounded amount: nested bounded repeats fail to
 * compile (they would expand to millions of states), catastrophic
 * backtracking stops at the budget. */
static void test_regex_budget(void **state)
{
	(void)state;
	kam_buf why = KAM_BUF_INIT;
	assert_null(kam_regex_new("^((a{1,100}){1,100}){1,100}$", &why));
	assert_non_null(strstr(kam_buf_cstr(&why), "too large"));
	kam_buf_reset(&why);
	assert_null(kam_regex_new("(((a{0,50}){0,50}){0,50}){0,50}", &why));
	assert_null(kam_regex_new("(", &why));
	kam_buf_release(&why);
	kam_regex *evil = kam_regex_new("^(a+)+$", NULL);
	char text[64];
	memset(text, 'a', 40);
	strcpy(text + 40, "!");
	assert_int_equal(KAM_REGEX_OVER_BUDGET, kam_regex_match(evil, text));
	kam_regex_free(evil);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_relative), cmocka_unit_test(test_closest),
		cmocka_unit_test(test_utf8),          cmocka_unit_test(test_buf_and_json),
		cmocka_unit_test(test_atomic_write), cmocka_unit_test(test_atomic_write_mode),
		cmocka_unit_test(test_file_read_sizes),
		cmocka_unit_test(test_buf_numbers),
		cmocka_unit_test(test_regex_memo), cmocka_unit_test(test_regex_ecma),
		cmocka_unit_test(test_regex_budget),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
