/* The frontmatter splitter, the loader's positions and its limits. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static void split_ok(const char *text, size_t yaml_start, size_t yaml_len, unsigned body_line)
{
	kam_split s;
	assert_int_equal(kam_split_frontmatter(text, strlen(text), &s), KAM_SPLIT_OK);
	assert_int_equal(s.yaml_start, yaml_start);
	assert_int_equal(s.yaml_len, yaml_len);
	assert_int_equal(s.yaml_line, 2);
	assert_int_equal(s.body_line, body_line);
}

static void test_split_plain(void **state)
{
	(void)state;
	split_ok("---\na: 1\n---\nbody\n", 4, 5, 4);
	split_ok("---\n---\n", 4, 0, 3);
	split_ok("---  \na: 1\n---\t\n", 6, 5, 4); /* blanks after a fence */
	split_ok("---\na: 1\nb: 2\n---", 4, 10, 5);  /* no newline at the end */
}

static void test_split_bom_crlf(void **state)
{
	(void)state;
	kam_split s;
	const char *text = "\xEF\xBB\xBF---\r\na: 1\r\n---\r\nbody\r\n";
	assert_int_equal(kam_split_frontmatter(text, strlen(text), &s), KAM_SPLIT_OK);
	assert_int_equal(s.bom, 3);
	assert_int_equal(s.yaml_start, 8);
	assert_int_equal(s.yaml_len, 6);
	assert_int_equal(s.body_line, 4);
	assert_string_equal(text + s.body_start, "body\r\n");
}

static void test_split_problems(void **state)
{
	(void)state;
	kam_split s;
	assert_int_equal(kam_split_frontmatter("", 0, &s), KAM_SPLIT_NO_FRONTMATTER);
	assert_int_equal(kam_split_frontmatter("# title\n", 8, &s), KAM_SPLIT_NO_FRONTMATTER);
	assert_int_equal(kam_split_frontmatter("----\n", 5, &s), KAM_SPLIT_NO_FRONTMATTER);
	assert_int_equal(kam_split_frontmatter(" ---\n", 5, &s), KAM_SPLIT_NO_FRONTMATTER);
	assert_int_equal(kam_split_frontmatter("---\na: 1\n", 9, &s), KAM_SPLIT_UNCLOSED);
	assert_int_equal(kam_split_frontmatter("---\na: 1\n--- x\n", 15, &s), KAM_SPLIT_UNCLOSED);
}

/* Parse text as a document; return the one diagnostic's text, or "" */
static char *load(const char *text, size_t len, const kam_load_options *o, kam_doc **out)
{
	kam_diag_list diags = {0};
	kam_doc_parse(out, "p.md", text, len, o, &diags);
	char *result = diags.count ? kam_xprintf("%u:%u %s %s", diags.items[0].line,
						  diags.items[0].column,
						  kam_rule_id(diags.items[0].rule), diags.items[0].message)
				   : kam_xstrdup("");
	kam_diag_list_release(&diags);
	return result;
}

static void expect_problem(const char *text, const char *expected)
{
	kam_doc *doc;
	char *got = load(text, strlen(text), NULL, &doc);
	assert_string_equal(got, expected);
	assert_null(kam_doc_frontmatter(doc));
	free(got);
	kam_doc_free(doc);
}

/* U+2028, U+2029 and U+0085 are line breaks to libyaml (YAML 1.1), not to
 * kam, an editor or YAML 1.2: the lines after one stay where they are. */
static void test_positions_after_unicode_breaks(void **state)
{
	(void)state;
	const char *breaks[] = {"\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x85"};
	for (size_t i = 0; i < 3; i++) {
		char *text = kam_xprintf("---\nname: \"a%sb\"\nlist: [x, {c: 1}]\n---\n", breaks[i]);
		kam_doc *doc;
		char *problem = load(text, strlen(text), NULL, &doc);
		assert_string_equal(problem, "");
		const kam_node *c = kam_node_get(kam_node_get(kam_doc_frontmatter(doc), "list")->items[1], "c");
		assert_int_equal(c->line, 3);
		assert_int_equal(c->column, 15);
		free(problem);
		kam_doc_free(doc);
		free(text);
		text = kam_xprintf("---\nname: \"a%sb\"\nlist: [x, y\n---\n", breaks[i]);
		expect_problem(text, "3:7 yaml-syntax the '[' opened here is never closed");
		free(text);
	}
}

static void test_positions(void **state)
{
	(void)state;
	const char *text = "\xEF\xBB\xBF---\r\nid: x\r\nlist:\r\n  - {a: 1, b: \"é\"}\r\n---\r\n";
	kam_doc *doc;
	char *problem = load(text, strlen(text), NULL, &doc);
	assert_string_equal(problem, "");
	const kam_node *fm = kam_doc_frontmatter(doc);
	assert_non_null(fm);
	assert_int_equal(fm->pairs[0].key->line, 2);
	assert_int_equal(fm->pairs[0].key->column, 1);
	assert_int_equal(fm->pairs[0].value->column, 5);
	const kam_node *item = kam_node_get(fm, "list")->items[0];
	assert_int_equal(item->line, 4);
	assert_int_equal(item->column, 5);
	const kam_node *b = kam_node_get(item, "b");
	assert_string_equal(b->text, "é");
	assert_int_equal(b->column, 15);
	assert_int_equal(kam_doc_body_line(doc), 6);
	free(problem);
	kam_doc_free(doc);
}

static void test_scalars(void **state)
{
	(void)state;
	const char *text = "---\nn: ~\ne:\nt: true\nf: False\ni: 42\nx: 0x1F\nd: 2.5\ns: hello\n"
			   "q: '42'\nno: no\nz: 0123\nsx: 1:30\nday: 2026-10-03\n"
			   "neg: -7\nexp: 1.5e+3\nsmall: -2E-2\ninf: -.inf\nnan: .NaN\noct: 0o17\n"
			   "bin: 0b101\nsep: 1_000\nphone: +49 30 1234-5678\nq3: 2026-Q3\n---\n";
	kam_doc *doc;
	char *problem = load(text, strlen(text), NULL, &doc);
	assert_string_equal(problem, "");
	const kam_node *fm = kam_doc_frontmatter(doc);
	assert_int_equal(kam_node_get(fm, "n")->kind, KAM_NODE_NULL);
	assert_int_equal(kam_node_get(fm, "e")->kind, KAM_NODE_NULL);
	assert_true(kam_node_get(fm, "t")->boolean);
	assert_false(kam_node_get(fm, "f")->boolean);
	assert_true(kam_node_get(fm, "i")->number == 42);
	assert_true(kam_node_get(fm, "x")->number == 31);
	assert_true(kam_node_get(fm, "d")->number == 2.5);
	assert_int_equal(kam_node_get(fm, "s")->kind, KAM_NODE_STRING);
	assert_int_equal(kam_node_get(fm, "q")->kind, KAM_NODE_STRING);
	/* YAML 1.2 reads these as kam does, YAML 1.1 otherwise: flagged */
	assert_int_equal(kam_node_get(fm, "no")->kind, KAM_NODE_STRING);
	assert_true(kam_node_get(fm, "no")->flags & KAM_NODE_AMBIGUOUS);
	assert_true(kam_node_get(fm, "z")->flags & KAM_NODE_AMBIGUOUS);
	assert_true(kam_node_get(fm, "sx")->flags & KAM_NODE_AMBIGUOUS);
	assert_int_equal(kam_node_get(fm, "day")->kind, KAM_NODE_STRING);
	assert_false(kam_node_get(fm, "day")->flags & KAM_NODE_AMBIGUOUS);
	assert_false(kam_node_get(fm, "i")->flags & KAM_NODE_AMBIGUOUS);
	assert_true(kam_node_get(fm, "neg")->number == -7);
	assert_true(kam_node_get(fm, "exp")->number == 1500);
	assert_true(kam_node_get(fm, "small")->number == -0.02);
	/* numbers to YAML, but kept as flagged text: no infinity reaches a sum */
	assert_int_equal(kam_node_get(fm, "inf")->kind, KAM_NODE_STRING);
	assert_true(kam_node_get(fm, "inf")->flags & KAM_NODE_NOT_FINITE);
	assert_string_equal(kam_node_get(fm, "nan")->text, ".NaN");
	assert_true(kam_node_get(fm, "nan")->flags & KAM_NODE_NOT_FINITE);
	assert_false(kam_node_get(fm, "neg")->flags & KAM_NODE_NOT_FINITE);
	assert_true(kam_node_get(fm, "oct")->number == 15);
	assert_int_equal(kam_node_get(fm, "bin")->kind, KAM_NODE_STRING);
	assert_true(kam_node_get(fm, "bin")->flags & KAM_NODE_AMBIGUOUS);
	assert_true(kam_node_get(fm, "sep")->flags & KAM_NODE_AMBIGUOUS);
	assert_int_equal(kam_node_get(fm, "phone")->kind, KAM_NODE_STRING);
	assert_false(kam_node_get(fm, "phone")->flags & KAM_NODE_AMBIGUOUS);
	assert_int_equal(kam_node_get(fm, "q3")->kind, KAM_NODE_STRING);
	free(problem);
	kam_doc_free(doc);
}

static void test_file_problems(void **state)
{
	(void)state;
	expect_problem("# no frontmatter\n",
		       "1:1 frontmatter-missing file does not start with a '---' frontmatter line");
	expect_problem("---\nid: x\n", "1:1 frontmatter-unclosed frontmatter opened on line 1 is never closed");
	expect_problem("---\nid: x\nid: y\n---\n",
		       "3:1 yaml-duplicate-key key 'id' is given twice (first on line 2)");
	expect_problem("---\nname: ok\nbad: \xff\n---\n", "3:6 utf8-invalid invalid UTF-8 byte 0xff");
	expect_problem("---\na: [1, 2\n---\n",
		       "2:4 yaml-syntax the '[' opened here is never closed");
	expect_problem("---\na: *nothing\n---\n",
		       "2:4 yaml-syntax alias '*nothing' refers to no anchor defined before it");
}

/* One finding, in a plan's words and with its own hint: "line:col message | hint". */
static void expect_explained(const char *text, const char *expected)
{
	kam_diag_list diags = {0};
	kam_doc *doc;
	kam_doc_parse(&doc, "p.md", text, strlen(text), NULL, &diags);
	assert_int_equal(diags.count, 1);
	const kam_diag *d = &diags.items[0];
	char *got = kam_xprintf("%u:%u %s | %s", d->line, d->column, d->message, d->hint ? d->hint : "");
	assert_string_equal(got, expected);
	free(got);
	kam_diag_list_release(&diags);
	kam_doc_free(doc);
}

static void test_syntax_in_plan_words(void **state)
{
	(void)state;
	expect_explained("---\ntitle: @home\n---\n",
			 "2:8 a value cannot start with '@' | put it in quotes: title: \"@home\"");
	expect_explained("---\ntitle: * x\n---\n",
			 "2:8 a value cannot start with '*': it would refer to an anchor | put it in "
			 "quotes: title: \"* x\"");
	expect_explained("---\ntitle: & x\n---\n",
			 "2:8 a value cannot start with '&': it would name an anchor | put it in "
			 "quotes: title: \"& x\"");
	expect_explained("---\ntitle: !<x\n---\n",
			 "2:8 a value cannot start with '!': it would start a YAML tag | put it in "
			 "quotes: title: \"!<x\"");
	expect_explained("---\na: %x\n---\n", "2:4 a value cannot start with '%' | put it in quotes: a: \"%x\"");
	/* an item of a list: that item is quoted, not the list */
	expect_explained("---\nattendees: [c.mueller, @lena]\n---\n",
			 "2:24 a value cannot start with '@' | put it in quotes: attendees: [c.mueller, "
			 "\"@lena\"]");
	expect_explained("---\na: {k: `v`, j: x}\n---\n",
			 "2:8 a value cannot start with '`' | put it in quotes: a: {k: \"`v`\", j: x}");
	expect_explained("---\nlist:\n  - @lena\n---\n",
			 "3:5 a value cannot start with '@' | put it in quotes: - \"@lena\"");
	expect_explained("---\npath: \"C:\\Users\"\n---\n",
			 "2:10 '\\U' in double quotes must be followed by 8 hex digits | write the text in "
			 "single quotes, or write each backslash as \\\\ inside double quotes");
	expect_explained("---\na: \"\\q\"\n---\n",
			 "2:5 '\\q' in double quotes is not an escape YAML knows | write the text in "
			 "single quotes, or write each backslash as \\\\ inside double quotes");
	expect_explained("---\n%TAG !x\n---\n",
			 "2:1 a value cannot start with '%' at the start of a line: it would be a YAML "
			 "directive | put it in quotes: \"%TAG !x\"");
	expect_explained("---\na: - b\n---\n",
			 "2:4 a list item cannot start here | put each '- ' item on its own line, "
			 "indented under a key that has no value on its line");
	expect_explained("---\na: |0\n  x\n---\n",
			 "2:5 the number after '|' or '>' must be 1 to 9 | remove the number: kam takes "
			 "the indentation of a multi-line text from its first line");
	expect_explained("---\na: |x\n---\n",
			 "2:5 only a number, '-' or '+' may follow '|' or '>' on its line | start the "
			 "text on the next line, indented under its key");
	expect_explained("---\nl:\n  - \"x\" y\n---\n",
			 "3:9 text follows the closing quote of the value | put the whole value in "
			 "quotes, with \\\" for a quote inside it: - \"\\\"x\\\" y\"");
	expect_explained("---\na: 1\n...\nb: 2\n---\n",
			 "4:1 text follows the end of the YAML ('...' line) | remove the '...' line: "
			 "the frontmatter ends at its '---' line");
	expect_explained("---\na: \x01\n---\n",
			 "2:1 a control character (invisible in most editors) is here | delete it and "
			 "type the text again");
	expect_explained("---\na: {b: 1\nc: 2\n---\n",
			 "2:4 the '{' opened here is never closed | close it with '}' after its last "
			 "key: value, on the same line");
	expect_explained("---\nthis is text\nb: 1\n---\n",
			 "2:1 'this is text' is not a 'key: value' line | write key: value, start a "
			 "list item with '- ', or put a value that goes on over several lines in quotes");
	expect_explained("---\na: [1, 2]]\n---\n",
			 "2:10 this ']' closes nothing | remove it, or open the list with '[' where it starts");
	expect_explained("---\na: 1\n  b: 2\n---\n",
			 "3:3 'b' is indented deeper than 'a' on line 2 | indent it by 0 spaces like "
			 "'a', or put the value above in quotes if this line continues it");
	expect_explained("---\na:\n  - x\n  y: 1\n---\n",
			 "4:3 'y' starts a new list item without '- ' | begin the item with '- ' like "
			 "the one on line 3, and indent its other keys like that item's: - y: 1");
	/* a quote left open swallows text up to the next quote, and libyaml
	 * stumbles lines later: the finding is at the quote */
	expect_explained("---\nname: \"Acme\ntitle: \"CEO\"\nb: 1\n---\n",
			 "2:7 the quote opened here is never closed | close the quote with \" at the "
			 "end of the value: name: \"Acme\"");
	/* found by fuzzing: the quote is the last character of its line */
	expect_explained("---\nl: [a, \"   \nb: 1\n---\n",
			 "2:8 the quote opened here is never closed | close the quote with \" at the "
			 "end of the value: l: [a, \"\"");
	expect_explained("---\nl: [{a: \"x, b: y}]\n---\n",
			 "2:9 the quote opened here is never closed | close the quote with \" at the "
			 "end of the value: l: [{a: \"x\", b: y}]");
}

static void test_nul_byte(void **state)
{
	(void)state;
	kam_doc *doc;
	char *got = load("---\na: b\0c\n---\n", 14, NULL, &doc);
	assert_string_equal(got, "2:5 utf8-invalid file contains a NUL byte: is it a binary file?");
	free(got);
	kam_doc_free(doc);
}

static void test_size_limit(void **state)
{
	(void)state;
	kam_load_options o = KAM_LOAD_OPTIONS_DEFAULT;
	o.max_bytes = 10;
	kam_doc *doc;
	const char *text = "---\nid: abcdef\n---\n";
	char *got = load(text, strlen(text), &o, &doc);
	assert_string_equal(got, "1:1 file-too-large file is larger than 10 bytes");
	free(got);
	kam_doc_free(doc);
}

static void test_depth_limit(void **state)
{
	(void)state;
	kam_buf text = KAM_BUF_INIT;
	kam_buf_puts(&text, "---\na: ");
	for (int i = 0; i < 70; i++)
		kam_buf_putc(&text, '[');
	for (int i = 0; i < 70; i++)
		kam_buf_putc(&text, ']');
	kam_buf_puts(&text, "\n---\n");
	kam_doc *doc;
	char *got = load(text.ptr, text.len, NULL, &doc);
	/* the root mapping is level 1: the 64th bracket opens level 65 */
	assert_string_equal(got, "2:67 yaml-depth nesting is deeper than 64 levels");
	free(got);
	kam_doc_free(doc);
	kam_buf_release(&text);
}

static void test_alias_bomb(void **state)
{
	(void)state;
	const char *text = "---\n"
			   "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
			   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
			   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
			   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
			   "---\n";
	kam_doc *doc;
	char *got = load(text, strlen(text), NULL, &doc);
	assert_string_equal(got, "5:36 yaml-alias-limit aliases expand to more than 10000 nodes");
	free(got);
	kam_doc_free(doc);
}

static void test_small_aliases_work(void **state)
{
	(void)state;
	const char *text = "---\nbase: &who {owner: anna}\nx: *who\n---\n";
	kam_doc *doc;
	char *got = load(text, strlen(text), NULL, &doc);
	assert_string_equal(got, "");
	const kam_node *x = kam_node_get(kam_doc_frontmatter(doc), "x");
	assert_string_equal(kam_node_string(kam_node_get(x, "owner")), "anna");
	free(got);
	kam_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_plain),     cmocka_unit_test(test_split_bom_crlf),
		cmocka_unit_test(test_split_problems),  cmocka_unit_test(test_positions),
		cmocka_unit_test(test_scalars),         cmocka_unit_test(test_file_problems),
		cmocka_unit_test(test_syntax_in_plan_words),
		cmocka_unit_test(test_positions_after_unicode_breaks),
		cmocka_unit_test(test_nul_byte),        cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_depth_limit),     cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_small_aliases_work),
	};
	return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
