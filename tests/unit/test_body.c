/* GitHub heading anchors, links and [[references]] with their positions. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static void anchor_is(const char *heading, const char *expected)
{
	kam_buf out = KAM_BUF_INIT;
	kam_heading_anchor(&out, heading);
	assert_string_equal(kam_buf_cstr(&out), expected);
	kam_buf_release(&out);
}

static void test_anchor_rules(void **state)
{
	(void)state;
	anchor_is("3. Routes to market", "3-routes-to-market");
	anchor_is("Goals, risks and actions", "goals-risks-and-actions");
	anchor_is("C++ & Rust", "c--rust");
	anchor_is("Héllo Wörld!", "héllo-wörld");
	anchor_is("ÜBER UNS", "über-uns");
	anchor_is("Emoji 🚀 launch", "emoji--launch");
	anchor_is("snake_case and kebab-case", "snake_case-and-kebab-case");
	anchor_is("Q3/2026: what changed?", "q32026-what-changed");
	anchor_is("日本語 見出し", "日本語-見出し");
}

typedef struct seen {
	kam_buf log;
} seen;

static void on_anchor(void *ctx, const char *anchor, unsigned line)
{
	kam_buf_printf(&((seen *)ctx)->log, "anchor %s @%u\n", anchor, line);
}

static void on_link(void *ctx, const char *url, unsigned line, unsigned column)
{
	kam_buf_printf(&((seen *)ctx)->log, "link %s @%u:%u\n", url, line, column);
}

static void on_reference(void *ctx, const char *target, unsigned line, unsigned column)
{
	kam_buf_printf(&((seen *)ctx)->log, "ref %s @%u:%u\n", target, line, column);
}

static void scan_is(const char *body, unsigned first_line, const char *expected)
{
	seen s = {KAM_BUF_INIT};
	kam_body_visitor v = {on_anchor, on_link, on_reference, &s};
	kam_body_scan(body, strlen(body), first_line, &v);
	assert_string_equal(kam_buf_cstr(&s.log), expected);
	kam_buf_release(&s.log);
}

static void test_duplicate_headings(void **state)
{
	(void)state;
	scan_is("# Risks\n\n## Risks\n\nRisks\n-----\n", 1,
		"anchor risks @1\nanchor risks-1 @3\nanchor risks-2 @5\n");
	/* a heading whose own text takes a suffix is skipped, as GitHub does */
	scan_is("# A\n# A-1\n# A\n# A-1\n# A\n", 1,
		"anchor a @1\nanchor a-1 @2\nanchor a-2 @3\nanchor a-1-1 @4\nanchor a-3 @5\n");
}

static void test_links_and_references(void **state)
{
	(void)state;
	scan_is("Müller: [[#c.mueller]] and [plan](other.md#part) [[@anna]].\n", 10,
		"ref #c.mueller @10:9\nlink other.md#part @10:28\nref @anna @10:50\n");
}

static void test_code_is_not_scanned(void **state)
{
	(void)state;
	scan_is("Use `[[#not-a-ref]]` or\n\n```\n[[#nor-this]] [x](y.md)\n```\n\n    [[#indented]]\n", 1, "");
}

static void test_tables_and_tasks(void **state)
{
	(void)state;
	scan_is("| who | link |\n|---|---|\n| [[acct#c.a]] | [t](t.md) |\n\n- [ ] call [[@ivan]]\n", 5,
		"ref acct#c.a @7:3\nlink t.md @7:18\nref @ivan @9:12\n");
}

static void test_not_references(void **state)
{
	(void)state;
	/* empty, nested or unclosed brackets are text */
	scan_is("[[]] [[a [[b]] [[open\n", 1, "ref b @1:10\n");
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchor_rules),
		cmocka_unit_test(test_duplicate_headings),
		cmocka_unit_test(test_links_and_references),
		cmocka_unit_test(test_code_is_not_scanned),
		cmocka_unit_test(test_tables_and_tasks),
		cmocka_unit_test(test_not_references),
	};
	return cmocka_run_group_tests_name("body", tests, NULL, NULL);
}
