/* The HTML writer: escaping, numbers, the URL allow-list, classes, the
 * sanitiser of raw HTML, cuts on character boundaries, and the names that
 * may become page files. */
#define _DEFAULT_SOURCE
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "html.h"
#include "site.h"

/* What a writer made, as a string (freed by the next call). */
static const char *made(kam_html *h)
{
	static char *last;
	free(last);
	size_t len;
	const char *data = kam_html_data(h, &len);
	last = strndup(data, len);
	kam_html_free(h);
	return last;
}

static const char *sanitized(const char *raw)
{
	kam_html *h = kam_html_new();
	kam_html_sanitizer st = {.depth = 0};
	kam_html_sanitized(h, &st, raw);
	return made(h);
}

static void test_text_and_attributes(void **state)
{
	(void)state;
	kam_html *h = kam_html_new();
	kam_html_raw(h, "<p");
	kam_html_attr(h, "title", "\"><script>'");
	kam_html_raw(h, ">");
	kam_html_text(h, "a & <b> \xff z");
	kam_html_text(h, NULL);
	kam_html_text_or(h, NULL, "-");
	kam_html_text(h, "|\x1b]0;t\x07\x7f\xc2\x9b\t\n|");
	assert_string_equal(
	    made(h), "<p title=\"&quot;&gt;&lt;script&gt;&#39;\">a &amp; &lt;b&gt; \xEF\xBF\xBD z-"
		     "|\xEF\xBF\xBD]0;t\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\t\n|");
}

static void test_numbers(void **state)
{
	(void)state;
	assert_int_equal(kam_clamp_int(1e300, 0, 100), 100);
	assert_int_equal(kam_clamp_int(-1e300, 0, 100), 0);
	assert_int_equal(kam_clamp_int(NAN, 0, 100), 0);
	assert_int_equal(kam_clamp_int(INFINITY, -5, 5), 5);
	assert_int_equal(kam_clamp_int(42.9, 0, 100), 42);
	kam_html *h = kam_html_new();
	kam_html_attr_num(h, "x", 1e300);
	kam_html_attr_num(h, "y", NAN);
	kam_html_money(h, INFINITY);
	kam_html_raw(h, " ");
	kam_html_money(h, 1234567);
	assert_string_equal(made(h), " x=\"1000000000000000.0\" y=\"0.0\"- 1,234,567");
}

static void test_url_allow_list(void **state)
{
	(void)state;
	const char *safe[] = {"",
			      "a.html",
			      "../x/y.md#z",
			      "#c.one",
			      "/abs",
			      "?q=1",
			      "//example.com/",
			      "http://e.com",
			      "HTTPS://e.com",
			      "mailto:a@b.c",
			      "  https://e.com",
			      "a/b:c"};
	const char *unsafe[] = {"javascript:alert(1)",
				"JaVaScRiPt:x",
				" \x01javascript:x",
				"java\tscript:x",
				"jav\nascript:x",
				"vbscript:x",
				"data:text/html,x",
				"file:///etc/passwd",
				"blob:x",
				"ftp://x",
				"xhttp://x",
				"httpsx:y",
				"a b:c"};
	for (size_t i = 0; i < sizeof(safe) / sizeof(*safe); i++)
		assert_true(kam_url_safe(safe[i]));
	for (size_t i = 0; i < sizeof(unsafe) / sizeof(*unsafe); i++)
		assert_false(kam_url_safe(unsafe[i]));
	kam_html *h = kam_html_new();
	kam_html_url(h, "href", "javascript:x");
	kam_html_url(h, "href", "a b\"c'&d\xc3\xbc.html");
	assert_string_equal(made(h), " href=\"\" href=\"a%20b%22c&#x27;&amp;d%C3%BC.html\"");
}

static void test_classes(void **state)
{
	(void)state;
	kam_html *h = kam_html_new();
	kam_html_class(h, KAM_CLASS_STAGE, kam_html_stage_class("propose"));
	kam_html_class(h, KAM_CLASS_STAGE, kam_html_stage_class("\"><script>"));
	kam_html_class(h, KAM_CLASS_ATTITUDE, kam_html_attitude_class("advocate"));
	kam_html_class(h, KAM_CLASS_NONE, KAM_CLASS_NONE);
	kam_html_class(h, (kam_class)999, KAM_CLASS_OK);
	assert_string_equal(
	    made(h),
	    " class=\"stage propose\" class=\"stage\" class=\"attitude advocate\" class=\"ok\"");
	assert_int_equal(kam_html_stage_class("advocate"), KAM_CLASS_NONE);
	assert_int_equal(kam_html_attitude_class(NULL), KAM_CLASS_NONE);
}

/* Every stage and attitude has a class spelled as the word (kam.css styles
 * them by name): the class list and kam/plan.h cannot drift apart. */
static void test_vocabulary_classes(void **state)
{
	(void)state;
	for (int i = 0; i < KAM_STAGE_UNKNOWN; i++) {
		kam_html *h = kam_html_new();
		kam_html_class(h, kam_html_stage_class(kam_stages[i].name), KAM_CLASS_NONE);
		char *want = kam_xprintf(" class=\"%s\"", kam_stages[i].name);
		assert_string_equal(made(h), want);
		free(want);
	}
	for (int i = 0; i < KAM_ATTITUDE_UNKNOWN; i++) {
		kam_html *h = kam_html_new();
		kam_html_class(h, kam_html_attitude_class(kam_attitudes[i].name), KAM_CLASS_NONE);
		char *want = kam_xprintf(" class=\"%s\"", kam_attitudes[i].name);
		assert_string_equal(made(h), want);
		free(want);
	}
}

static void test_sanitizer(void **state)
{
	(void)state;
	assert_string_equal(sanitized("<b>bold</b> <i onclick=\"x()\" title='t'>i</i>"),
			    "<b>bold</b> <i title=\"t\">i</i>");
	assert_string_equal(sanitized("<script>document.title='x'</script>after"), "after");
	assert_string_equal(sanitized("<a href=\"javascript:x\">a</a><a href=JaVaScRiPt:x>b</a>"),
			    "<a href=\"\">a</a><a href=\"\">b</a>");
	assert_string_equal(
	    sanitized("<a href=\"&#106;avascript:x\">c</a><a href=\"java&Tab;script:x\">d</a>"),
	    "<a href=\"\">c</a><a href=\"\">d</a>");
	assert_string_equal(sanitized("<a href=\"&#x68;ttps://e.com/?a=1&amp;b=2\">e</a>"),
			    "<a href=\"https://e.com/?a=1&amp;b=2\">e</a>");
	assert_string_equal(sanitized("<a href=\"&bogus;x\">f</a>"), "<a>f</a>");
	assert_string_equal(sanitized("<form action=\"javascript:x\"><button "
				      "formaction=\"javascript:x\">go</button></form>"),
			    "go");
	assert_string_equal(sanitized("<svg><a xlink:href=\"javascript:x\">s</a></svg>t"), "t");
	assert_string_equal(
	    sanitized("<style>*{x:y}</style><iframe src=x></iframe><img src=x onerror=y>"),
	    "<img src=\"x\" />");
	assert_string_equal(sanitized("<h2 id=\"part-1\" class=\"bad\" style=\"x\">h</h2>"),
			    "<h2>h</h2>");
	assert_string_equal(sanitized("<!-- c --><!DOCTYPE x><?php x ?>a < b &amp; &copy; & c"),
			    "a &lt; b &amp; &copy; &amp; c");
	assert_string_equal(sanitized("<img src=\"data:image/png;base64,AA\" alt=\"a&quot;b\">"),
			    "<img src=\"\" alt=\"a&quot;b\" />");
	/* an element whose content is dropped may span fragments */
	kam_html *h = kam_html_new();
	kam_html_sanitizer st = {.depth = 0};
	kam_html_sanitized(h, &st, "<script>");
	kam_html_sanitized(h, &st, "x()");
	kam_html_sanitized(h, &st, "</script>");
	kam_html_sanitized(h, &st, "<em>");
	assert_string_equal(made(h), "<em>");
	/* end tags only close what raw HTML opened; the rest is closed at the end */
	h = kam_html_new();
	kam_html_sanitizer open = {.depth = 0};
	kam_html_sanitized(h, &open, "</section></div><b><i>x</b><table><tr><td>y");
	kam_html_sanitized_end(h, &open);
	assert_string_equal(made(h), "<b><i>x</i></b><table><tr><td>y</td></tr></table>");
}

static void test_cut(void **state)
{
	(void)state;
	kam_html *h = kam_html_new();
	kam_html_text_cut(h, "\xc3\xbc\xc3\xbc\xc3\xbc", 2); /* üüü */
	kam_html_raw(h, "|");
	kam_html_text_cut(h, "ab", 2);
	kam_html_raw(h, "|");
	kam_html_text_cut(h, "\xe2\x82\xac<x", 2);
	assert_string_equal(made(h), "\xc3\xbc\xc3\xbc…|ab|\xe2\x82\xac&lt;…");
}

static void test_page_names(void **state)
{
	(void)state;
	const char *ok[] = {"acme", "c.mueller", "o-core-banking", "0day", "a..b"};
	const char *bad[] = {"",    ".",  "..",	     "../../escaped", "Acme",
			     "a/b", "-x", ".hidden", "a b",	      "a\\b"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		assert_true(kam_site_name_ok(ok[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_false(kam_site_name_ok(bad[i]));
	assert_false(kam_site_name_ok(NULL));
	char *page = kam_site_document_page("acme/meetings/Q3 review.md");
	assert_string_equal(page, "accounts/acme/meetings/Q3 review.html");
	free(page);
	assert_null(kam_site_document_page("acme/../../x.md"));
	assert_null(kam_site_document_page("acme//x.md"));
	assert_null(kam_site_document_page(".md"));
	assert_null(kam_site_document_page(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_and_attributes),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_url_allow_list),
	    cmocka_unit_test(test_classes),
	    cmocka_unit_test(test_vocabulary_classes),
	    cmocka_unit_test(test_sanitizer),
	    cmocka_unit_test(test_cut),
	    cmocka_unit_test(test_page_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
