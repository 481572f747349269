/* GitHub heading anchors, links and [[references]] with their positions. */
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

/* github-slugger's table (what github.com does), in the "C" locale: the
 * anchor depends on Unicode categories only. */
static void test_anchor_unicode(void **state)
{
	(void)state;
	/* composed and decomposed accents: a combining mark is kept as it is */
	anchor_is("Caf\u00e9 Cr\u00e8me", "caf\u00e9-cr\u00e8me");
	anchor_is("Cafe\u0301 Cre\u0300me", "cafe\u0301-cre\u0300me");
	anchor_is("E\u0301TE\u0301 \u00c9T\u00c9", "e\u0301te\u0301-\u00e9t\u00e9");
	anchor_is("\u0939\u093f\u0928\u094d\u0926\u0940 \u0938\u093e\u0930",
		  "\u0939\u093f\u0928\u094d\u0926\u0940-\u0938\u093e\u0930"); /* spacing marks */
	anchor_is("\u4e2d\u6587\uff1a\u5ba2\u6237\u8ba1\u5212\u3002", "\u4e2d\u6587\u5ba2\u6237\u8ba1\u5212"); /* full-width punctuation */
	anchor_is("\u0421\u0442\u0440\u0430\u0442\u0435\u0433\u0438\u044f 2027", "\u0441\u0442\u0440\u0430\u0442\u0435\u0433\u0438\u044f-2027");
	/* emoji: symbols and the joiner (a format character) go */
	anchor_is("\U0001F680 Launch \u2728", "-launch-");
	anchor_is("Team \U0001F468\u200D\U0001F469\u200D\U0001F467", "team-");
	/* decimal and letter numbers stay, other numbers go */
	anchor_is("x\u00b2 and \u00bd and \u2460", "x-and--and-");
	anchor_is("Phase \u216b", "phase-\u217b");
	anchor_is("\uff11\uff12 months", "\uff11\uff12-months");
	/* connector punctuation stays; dashes but the ASCII one, quotes, symbols go */
	anchor_is("a\u203fb snake_case", "a\u203fb-snake_case");
	anchor_is("en\u2013dash \u2014 em", "endash--em");
	anchor_is("\u201cQuoted\u201d \u00abtext\u00bb $5 \u20ac5 100%", "quoted-text-5-5-100");
	/* circled letters are symbols Unicode counts as letters */
	anchor_is("\u24b6 plan", "\u24d0-plan");
	/* only the ASCII space becomes a hyphen; other spaces and controls go */
	anchor_is("a\u00a0b\tc\u3000d", "abcd");
	/* bytes that are not UTF-8 are dropped */
	anchor_is("ok\xff\xfe go", "ok-go");
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
	/* the process stays in the "C" locale: anchors must not depend on it */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchor_rules),
		cmocka_unit_test(test_anchor_unicode),
		cmocka_unit_test(test_duplicate_headings),
		cmocka_unit_test(test_links_and_references),
		cmocka_unit_test(test_code_is_not_scanned),
		cmocka_unit_test(test_tables_and_tasks),
		cmocka_unit_test(test_not_references),
	};
	return cmocka_run_group_tests_name("body", tests, NULL, NULL);
}
