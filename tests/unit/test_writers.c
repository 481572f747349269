/* The terminal writer (kam/term.h) and the Markdown writer (mdwrite.h):
 * exact escaped output for each kind of hostile byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "mdwrite.h"

static void term_is(const char *in, const char *expected)
{
	kam_buf b = KAM_BUF_INIT;
	kam_term_text(&b, in);
	assert_string_equal(kam_buf_cstr(&b), expected);
	kam_buf_release(&b);
}

static void test_term_controls(void **state)
{
	(void)state;
	term_is("plain text, tabs\tstay", "plain text, tabs\tstay");
	term_is("\x1b]0;PWNED\x07\x1b[8mhidden\x1b[0m", "\\e]0;PWNED\\x07\\e[8mhidden\\e[0m");
	term_is("a\r\nb\x7f", "a\\r\\nb\\x7f");
	term_is("x\nevil.md:1:1: error[schema-type]: forged",
		"x\\nevil.md:1:1: error[schema-type]: forged");
	/* C1 CSI, a bidi override, an invalid byte, an overlong slash */
	term_is("\xc2\x9b"
		"31m \xe2\x80\xae"
		"abc \xff \xc0\xaf",
		"\\u009b31m \\u202eabc \\xff \\xc0\\xaf");
	term_is("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80",
		"caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80");
	term_is(NULL, "");
	kam_buf b = KAM_BUF_INIT;
	kam_term_textn(&b, "a\0b", 3);
	assert_string_equal(kam_buf_cstr(&b), "a\\x00b");
	kam_buf_reset(&b);
	kam_term_lines(&b, "one\ntwo\r\n\x1b[2J", 13);
	assert_string_equal(kam_buf_cstr(&b), "one\ntwo\\r\n\\e[2J");
	kam_buf_release(&b);
	assert_true(kam_term_needs_escape("a\x1b"));
	assert_false(kam_term_needs_escape("a\tb \xc3\xa9"));
}

static void md_is(void (*write)(kam_buf *, const char *), const char *in, const char *expected)
{
	kam_buf b = KAM_BUF_INIT;
	write(&b, in);
	assert_string_equal(kam_buf_cstr(&b), expected);
	kam_buf_release(&b);
}

static void test_md_text(void **state)
{
	(void)state;
	md_is(kam_md_text, "Acme Corp 2026-Q3", "Acme Corp 2026-Q3");
	md_is(kam_md_text, "<script>&x</script>", "&lt;script&gt;&amp;x&lt;/script&gt;");
	md_is(kam_md_text, "[a](javascript:x) *b* _c_ `d` | ~e~ \\",
	      "\\[a\\](javascript:x) \\*b\\* \\_c\\_ \\`d\\` \\| \\~e\\~ \\\\");
	/* a line break becomes a space: no heading, no list */
	md_is(kam_md_text, "notes\n# Approved\r- item", "notes # Approved - item");
	/* structure at the value's start */
	md_is(kam_md_text, "# h", "\\# h");
	md_is(kam_md_text, "- x", "\\- x");
	md_is(kam_md_text, "+ x", "\\+ x");
	md_is(kam_md_text, "12. x", "12\\. x");
	md_is(kam_md_text, "3) x", "3\\) x");
	md_is(kam_md_text, "a-b 1.5", "a-b 1.5");
	/* no autolink */
	md_is(kam_md_text, "see https://evil.example or WWW.evil.example",
	      "see https\\://evil.example or WWW\\.evil.example");
	md_is(kam_md_text, "\x1b[1m \xc2\x85 \xff \xe2\x80\xae", " \\[1m   \xef\xbf\xbd  ");
	md_is(kam_md_text, NULL, "");
}

static void test_md_code(void **state)
{
	(void)state;
	md_is(kam_md_code, "acme", "`acme`");
	md_is(kam_md_code, "a`b", "``a`b``");
	md_is(kam_md_code, "``x", "``` ``x ```");
	md_is(kam_md_code, "a\nb", "`a b`");
	md_is(kam_md_code, "", "` `");
}

static void test_mermaid(void **state)
{
	(void)state;
	md_is(kam_mermaid_label, "Ann \"A\" <b>[x]</b> %%{init}%% a#b;c\r```",
	      "Ann #34;A#34; #60;b#62;#91;x#93;#60;/b#62; #37;#37;#123;init#125;#37;#37; "
	      "a#35;b#59;c #96;#96;#96;");
	kam_buf b = KAM_BUF_INIT;
	kam_mermaid_id(&b, 2);
	assert_string_equal(kam_buf_cstr(&b), "n2");
	kam_buf_release(&b);
}

/* An excerpt's bytes come from the reader (what the check read), its
 * control characters are shown escaped and the caret stays under the
 * column in the escaped text. */
static char *reader(void *ctx, const char *file, size_t *len)
{
	assert_string_equal(file, "accounts/x.md");
	++*(int *)ctx;
	static const char file_text[] = "---\nid: a\x1b]0;t\x07" "b: \xc3\xa9x\r\n";
	*len = sizeof(file_text) - 1;
	char *text = malloc(sizeof(file_text));
	memcpy(text, file_text, sizeof(file_text));
	return text;
}

static void test_excerpt(void **state)
{
	(void)state;
	kam_diag_list l = {0};
	kam_diag_push(&l, KAM_RULE_SCHEMA_ENUM, "accounts/x.md", 2, 15, "bad\x1b[8m");
	kam_diag_push(&l, KAM_RULE_SCHEMA_ENUM, "accounts/x.md", 2, 5, "again");
	int reads = 0;
	kam_text_style style = {false, true, reader, &reads};
	kam_buf out = KAM_BUF_INIT;
	kam_report_text(&out, &l, &style);
	assert_string_equal(kam_buf_cstr(&out),
			    "accounts/x.md:2:15: error[schema-enum]: bad\\e[8m\n"
			    "  2 | id: a\\e]0;t\\x07b: \xc3\xa9x\n"
			    "    |                   ^\n" /* under the e-acute */
			    "accounts/x.md:2:5: error[schema-enum]: again\n"
			    "  2 | id: a\\e]0;t\\x07b: \xc3\xa9x\n"
			    "    |     ^\n");
	assert_int_equal(reads, 1); /* one read per file */
	kam_buf_release(&out);
	kam_diag_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_term_controls),
	    cmocka_unit_test(test_md_text),
	    cmocka_unit_test(test_md_code),
	    cmocka_unit_test(test_mermaid),
	    cmocka_unit_test(test_excerpt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
