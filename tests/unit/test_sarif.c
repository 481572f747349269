/* kam's SARIF output against the official SARIF 2.1.0 schema (fetched by
 * tools/sarif-schema.sh into build/), validated with kam's own JSON Schema
 * validator, which passes the JSON Schema Test Suite. tests/hostile/json.bats
 * validates real output with an independent one (python3-jsonschema). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static kam_schema *sarif_schema(void)
{
	const char *path = getenv("SARIF_SCHEMA");
	assert_non_null(path);
	char *text;
	size_t len;
	kam_error err = {0};
	assert_int_equal(kam_file_read(&text, &len, path, 1u << 22, &err), 0);
	kam_schema *schema;
	if (kam_schema_new(&schema, "sarif-2.1.0.json", text, len, &err) < 0)
		fail_msg("%s", err.message);
	free(text);
	return schema;
}

/* The errors of a SARIF document against the schema, one per line. */
static char *violations(kam_schema *schema, const char *sarif)
{
	kam_arena *arena = kam_arena_new();
	kam_diag_list diags = {0};
	kam_node *root;
	kam_yaml_limits limits = {256, 0};
	assert_int_equal(kam_yaml_parse(&root, arena, sarif, strlen(sarif), 1, "out.sarif", &limits, &diags), 0);
	kam_schema_validate(schema, root, "out.sarif", &diags);
	kam_buf out = KAM_BUF_INIT;
	for (size_t i = 0; i < diags.count; i++)
		if (diags.items[i].severity == KAM_SEV_ERROR)
			kam_buf_printf(&out, "%u:%u %s\n", diags.items[i].line, diags.items[i].column,
				       diags.items[i].message);
	kam_diag_list_release(&diags);
	kam_arena_free(arena);
	return kam_buf_detach(&out);
}

static void sample(kam_diag_list *l)
{
	kam_diag *d = kam_diag_push(l, KAM_RULE_SCHEMA_ENUM, "accounts/a \"b\".md", 4, 7,
				    "stage: 'proposal' is not a stage; did you mean 'propose'?");
	kam_diag_set_hint(d, "stage is one of: identify, validate");
	d = kam_diag_push(l, KAM_RULE_REVIEW_OVERDUE, "accounts/b.md", 6, 11, "plan last reviewed 2026-05-02");
	d->severity = KAM_SEV_WARNING;
	kam_diag_push(l, KAM_RULE_FILE_TOO_LARGE, "accounts/c.md", 0, 0, "file is larger than 8 bytes");
}

static void test_sarif_is_valid(void **state)
{
	(void)state;
	kam_schema *schema = sarif_schema();
	kam_diag_list l = {0};
	sample(&l);
	kam_buf out = KAM_BUF_INIT;
	kam_report_sarif(&out, &l, NULL);
	char *errors = violations(schema, out.ptr);
	assert_string_equal(errors, "");
	free(errors);
	/* and with no findings */
	kam_diag_list none = {0};
	kam_buf_reset(&out);
	kam_report_sarif(&out, &none, NULL);
	errors = violations(schema, out.ptr);
	assert_string_equal(errors, "");
	free(errors);
	assert_non_null(strstr(out.ptr, "\"version\": \"2.1.0\""));
	kam_buf_release(&out);
	kam_diag_list_release(&l);
	kam_schema_free(schema);
}

static void test_the_schema_catches_mistakes(void **state)
{
	(void)state;
	kam_schema *schema = sarif_schema();
	char *errors = violations(schema, "{\"version\": \"2.0.0\", \"runs\": [{\"results\": [{\"level\": \"severe\"}]}]}");
	assert_non_null(strstr(errors, "version"));
	assert_non_null(strstr(errors, "tool"));
	assert_non_null(strstr(errors, "level"));
	free(errors);
	kam_schema_free(schema);
}

static void test_sarif_content(void **state)
{
	(void)state;
	kam_diag_list l = {0};
	sample(&l);
	kam_buf out = KAM_BUF_INIT;
	kam_report_sarif(&out, &l, NULL);
	assert_non_null(strstr(out.ptr, "{\"ruleId\": \"schema-enum\", \"ruleIndex\": 17, \"level\": \"error\", "
					"\"message\": {\"text\": \"stage: 'proposal' is not a stage; did you mean "
					"'propose'? (hint: stage is one of: identify, validate)\"},"));
	assert_non_null(strstr(out.ptr, "{\"uri\": \"accounts/a%20%22b%22.md\", \"uriBaseId\": \"%SRCROOT%\"}, "
					"\"region\": {\"startLine\": 4, \"startColumn\": 7}"));
	assert_non_null(strstr(out.ptr, "\"level\": \"warning\""));
	assert_non_null(strstr(out.ptr, "\"region\": {\"startLine\": 1, \"startColumn\": 1}"));
	assert_non_null(strstr(out.ptr, "{\"id\": \"anchor-missing\", \"shortDescription\""));
	kam_buf_release(&out);
	kam_diag_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif_is_valid),
		cmocka_unit_test(test_the_schema_catches_mistakes),
		cmocka_unit_test(test_sarif_content),
	};
	return cmocka_run_group_tests_name("sarif", tests, NULL, NULL);
}
