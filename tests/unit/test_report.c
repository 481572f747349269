/* Report formats: text, summary, JSON and GitHub workflow commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static void sample(kam_diag_list *l)
{
	kam_diag *d = kam_diag_push(l, KAM_RULE_SCHEMA_ENUM, "a,b:c%.md", 4, 7,
				    "stage: 'x' is not a stage\nforged");
	kam_diag_set_hint(d, "one of: a, b");
	kam_diag_set_path(d, "stage");
	d = kam_diag_push(l, KAM_RULE_REVIEW_OVERDUE, "b.md", 1, 1, "plan is 100%% old");
}

static void test_github(void **state)
{
	(void)state;
	kam_diag_list l = {0};
	sample(&l);
	kam_buf out = KAM_BUF_INIT;
	kam_report_github(&out, &l);
	assert_string_equal(out.ptr,
			    "::error file=a%2Cb%3Ac%25.md,line=4,col=7,title=schema-enum::stage: 'x' is "
			    "not a stage\\nforged%0Ahint: one of: a, b\n"
			    "::warning file=b.md,line=1,col=1,title=review-overdue::plan is 100%25 old\n");
	kam_buf_release(&out);
	kam_diag_list_release(&l);
}

static void test_json(void **state)
{
	(void)state;
	kam_diag_list l = {0};
	sample(&l);
	kam_buf out = KAM_BUF_INIT;
	kam_report_counts n = {2, 1};
	kam_report_json(&out, &l, &n);
	assert_string_equal(
		out.ptr,
		"{\n  \"version\": 1,\n  \"summary\": {\"plans\": 2, \"documents\": 1, \"errors\": 1, "
		"\"warnings\": 1},\n  \"diagnostics\": [\n"
		"    {\"file\": \"a,b:c%.md\", \"line\": 4, \"column\": 7, \"severity\": \"error\", "
		"\"rule\": \"schema-enum\", \"path\": \"stage\", \"message\": \"stage: 'x' is not a "
		"stage\\nforged\", \"hint\": \"one of: a, b\"},\n"
		"    {\"file\": \"b.md\", \"line\": 1, \"column\": 1, \"severity\": \"warning\", \"rule\": "
		"\"review-overdue\", \"path\": null, \"message\": \"plan is 100% old\", \"hint\": null}\n"
		"  ]\n}\n");
	kam_buf_release(&out);
	kam_diag_list_release(&l);
}

static void test_summary_and_severity(void **state)
{
	(void)state;
	kam_diag_list l = {0};
	sample(&l);
	kam_severity sev[KAM_RULE__COUNT];
	for (int i = 0; i < KAM_RULE__COUNT; i++)
		sev[i] = kam_rule_default_severity((kam_rule)i);
	sev[KAM_RULE_REVIEW_OVERDUE] = KAM_SEV_OFF;
	kam_diag_list_finish(&l, sev);
	assert_int_equal(l.count, 1);
	kam_buf out = KAM_BUF_INIT;
	kam_report_counts n = {1, 0};
	kam_report_summary(&out, &l, &n);
	assert_string_equal(out.ptr, "1 error in 1 plan");
	kam_buf_reset(&out);
	kam_report_text(&out, &l, NULL);
	/* the message's newline is shown, not obeyed: "forged" starts no line */
	assert_string_equal(out.ptr, "a,b:c%.md:4:7: error[schema-enum]: stage: 'x' is not a stage\\n"
				     "forged\n    hint: one of: a, b\n");
	kam_buf_release(&out);
	kam_diag_list_release(&l);
}

static void test_rule_table(void **state)
{
	(void)state;
	assert_int_equal(kam_rule_find("schema-enum"), KAM_RULE_SCHEMA_ENUM);
	assert_int_equal(kam_rule_find("no-such-rule"), -1);
	assert_string_equal(kam_rule_id(KAM_RULE_ROUTES_SUM), "routes-sum");
	assert_int_equal(kam_rule_default_severity(KAM_RULE_REVIEW_OVERDUE), KAM_SEV_WARNING);
	assert_true(kam_rule_is_fatal(KAM_RULE_YAML_SYNTAX));
	assert_false(kam_rule_is_fatal(KAM_RULE_SCHEMA_TYPE));
	for (int i = 0; i < KAM_RULE__COUNT; i++)
		assert_true(strlen(kam_rule_summary((kam_rule)i)) > 10);
}

/* docs/rules.md documents every rule of the table (run from the top folder) */
static void test_rules_documented(void **state)
{
	(void)state;
	char *doc;
	size_t len;
	assert_int_equal(kam_file_read(&doc, &len, "docs/rules.md", 1u << 20, NULL), 0);
	for (int i = 0; i < KAM_RULE__COUNT; i++) {
		char *row = kam_xprintf("| `%s` | %s |", kam_rule_id((kam_rule)i),
					kam_severity_name(kam_rule_default_severity((kam_rule)i)));
		if (!strstr(doc, row))
			fail_msg("docs/rules.md lacks the row %s", row);
		free(row);
	}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_summary_and_severity),
		cmocka_unit_test(test_rule_table),
		cmocka_unit_test(test_rules_documented),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
