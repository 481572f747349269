/* Plan text edits: only the line that must change changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static void reviewed_is(const char *text, const char *expected)
{
	char *got = kam_plan_set_reviewed(text, strlen(text), "2026-11-20");
	if (!expected) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, expected);
	free(got);
}

static void test_replaces_the_value_only(void **state)
{
	(void)state;
	reviewed_is("---\nid: a\nreviewed: 2026-01-02\n---\nBody\n",
		    "---\nid: a\nreviewed: 2026-11-20\n---\nBody\n");
	reviewed_is("---\nreviewed: \"2026-01-02\"   # after the QBR\nid: a\n---\n",
		    "---\nreviewed: 2026-11-20   # after the QBR\nid: a\n---\n");
	/* an indented reviewed: belongs to a nested mapping, not the plan */
	reviewed_is("---\nid: a\nnotes:\n  reviewed: x\nreviewed: 2026-01-02\n---\n",
		    "---\nid: a\nnotes:\n  reviewed: x\nreviewed: 2026-11-20\n---\n");
}

static void test_adds_the_key(void **state)
{
	(void)state;
	reviewed_is("---\nid: a\nowner: anna\nname: A\n---\nreviewed: in the body\n",
		    "---\nid: a\nowner: anna\nreviewed: 2026-11-20\nname: A\n---\nreviewed: in the body\n");
	reviewed_is("---\nid: a\n---\n", "---\nid: a\nreviewed: 2026-11-20\n---\n");
	reviewed_is("\xEF\xBB\xBF---\r\nid: a\r\nowner: b\r\n---\r\n",
		    "\xEF\xBB\xBF---\r\nid: a\r\nowner: b\r\nreviewed: 2026-11-20\r\n---\r\n");
}

static void test_refuses_what_is_no_plan(void **state)
{
	(void)state;
	reviewed_is("", NULL);
	reviewed_is("# just Markdown\n", NULL);
	reviewed_is("---\nid: a\nreviewed: 2026-01-02\n", "---\nid: a\nreviewed: 2026-11-20\n");
	reviewed_is("---\nid: a\n", NULL); /* unclosed, nowhere to add the key */
}

static void test_finds_the_line_it_edits(void **state)
{
	(void)state;
	size_t start = 0, end = 0;
	const char *text = "---\nid: a\nnotes:\n  reviewed: x\nreviewed: 2026-01-02 # QBR\r\nx: 1\n---\n";
	assert_int_equal(kam_plan_find_reviewed(text, strlen(text), &start, &end), 1);
	assert_int_equal(start, 31);
	assert_int_equal(end - start, strlen("reviewed: 2026-01-02 # QBR\r\n"));
	assert_memory_equal(text + start, "reviewed: 2026-01-02 # QBR\r\n", end - start);
	text = "---\nid: a\n---\nreviewed: in the body\n";
	assert_int_equal(kam_plan_find_reviewed(text, strlen(text), &start, &end), 0);
	text = "---\nid: a\n"; /* unclosed: nowhere to add the key either */
	assert_int_equal(kam_plan_find_reviewed(text, strlen(text), &start, &end), -1);
	text = "# no frontmatter\n";
	assert_int_equal(kam_plan_find_reviewed(text, strlen(text), &start, &end), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_replaces_the_value_only),
	    cmocka_unit_test(test_adds_the_key),
	    cmocka_unit_test(test_refuses_what_is_no_plan),
	    cmocka_unit_test(test_finds_the_line_it_edits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
