/* The official JSON Schema Test Suite (Debian's json-schema-test-suite,
 * draft 7 files) for every keyword kam supports whose meaning 2020-12 kept.
 * Cases that depend on what 2020-12 changed, or on what kam deliberately
 * leaves out, are skipped and listed with the reason. Of the optional files,
 * those kam passes whole: regex (format and ECMA-262 escapes, through
 * PCRE2 and the check for escapes ECMA-262 lacks), big numbers, zero-
 * terminated floats and dates; the other formats are annotations to kam. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static const char *const suite_files[] = {
	"additionalProperties", "allOf", "anyOf", "boolean_schema", "const", "contains", "enum",
	"exclusiveMaximum", "exclusiveMinimum", "if-then-else", "items", "maxItems", "maxLength",
	"maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum",
	"multipleOf", "not", "oneOf", "pattern", "patternProperties", "properties",
	"propertyNames", "ref", "required", "type", "uniqueItems", "optional/format/date",
	"optional/format/regex", "optional/ecmascript-regex", "optional/bignum",
	"optional/zeroTerminatedFloats",
};

/* Why a schema is outside what kam supports, or NULL. */
static const char *unsupported(const kam_node *s, bool is_root)
{
	if (!s || (s->kind != KAM_NODE_MAP && s->kind != KAM_NODE_SEQ))
		return NULL;
	if (s->kind == KAM_NODE_MAP) {
		const kam_node *items = kam_node_get(s, "items");
		if ((items && items->kind == KAM_NODE_SEQ) || kam_node_get(s, "additionalItems"))
			return "2020-12 replaced array-form items and additionalItems with prefixItems and items";
		const kam_node *ref = kam_node_get(s, "$ref");
		if (ref && ref->kind == KAM_NODE_STRING && ref->text[0] != '#')
			return "references to other documents: kam schemas are single files";
		if (ref && s->count > 1 && !is_root)
			return "draft 7 ignores keywords beside $ref; 2020-12 applies them";
		if (ref && is_root && s->count > 1 && !kam_node_get(s, "definitions") && !kam_node_get(s, "$defs"))
			return "draft 7 ignores keywords beside $ref; 2020-12 applies them";
		if (kam_node_get(s, "$id"))
			return "$id-based resolution: kam resolves $ref within the document only";
	}
	for (size_t i = 0; i < s->count; i++) {
		const kam_node *child = s->kind == KAM_NODE_MAP ? s->pairs[i].value : s->items[i];
		if (s->kind == KAM_NODE_MAP && (strcmp(s->pairs[i].key->text, "enum") == 0 ||
						strcmp(s->pairs[i].key->text, "const") == 0))
			continue;
		const char *why = unsupported(child, false);
		if (why)
			return why;
	}
	return NULL;
}

typedef struct counts {
	int passed, failed, skipped;
} counts;

static void run_case(const kam_schema *schema, const kam_node *test, const char *group,
		     counts *n)
{
	const kam_node *data = kam_node_get(test, "data");
	const kam_node *valid = kam_node_get(test, "valid");
	bool accepted = kam_schema_accepts(schema, data);
	if (accepted == valid->boolean) {
		n->passed++;
		return;
	}
	n->failed++;
	print_error("FAIL: %s / %s: expected %s\n", group,
		    kam_node_string(kam_node_get(test, "description")),
		    valid->boolean ? "valid" : "invalid");
}

static void run_group(const char *file, const kam_node *group, counts *n)
{
	const char *description = kam_node_string(kam_node_get(group, "description"));
	const kam_node *schema_node = kam_node_get(group, "schema");
	const kam_node *tests = kam_node_get(group, "tests");
	const char *why = unsupported(schema_node, true);
	kam_schema *schema = NULL;
	kam_error err = {0};
	if (!why && kam_schema_from_node(&schema, file, schema_node, &err) < 0)
		why = err.message;
	if (why) {
		n->skipped += (int)tests->count;
		printf("  skipped %s / %s (%zu cases): %s\n", file, description, (size_t)tests->count, why);
		return;
	}
	for (size_t i = 0; i < tests->count; i++)
		run_case(schema, tests->items[i], description, n);
	kam_schema_free(schema);
}

static void test_suite_file(void **state)
{
	const char *name = *state;
	const char *dir = getenv("JSON_SUITE");
	if (!dir)
		dir = "/usr/share/json-schema-test-suite/tests/draft7";
	char *path = kam_xprintf("%s/%s.json", dir, name);
	char *text;
	size_t len;
	kam_error err = {0};
	assert_int_equal(kam_file_read(&text, &len, path, 1u << 24, &err), 0);
	kam_json_rewrite_surrogates(text, &len);
	kam_arena *arena = kam_arena_new();
	kam_diag_list diags = {0};
	kam_node *root;
	kam_yaml_limits limits = {256, 0};
	assert_int_equal(kam_yaml_parse(&root, arena, text, len, 1, path, &limits, &diags), 0);
	counts n = {0};
	for (size_t i = 0; i < root->count; i++)
		run_group(name, root->items[i], &n);
	printf("  %s: %d passed, %d failed, %d skipped\n", name, n.passed, n.failed, n.skipped);
	kam_diag_list_release(&diags);
	kam_arena_free(arena);
	free(text);
	free(path);
	assert_int_equal(n.failed, 0);
}

int main(void)
{
	size_t count = sizeof(suite_files) / sizeof(suite_files[0]);
	struct CMUnitTest *tests = calloc(count, sizeof(*tests));
	for (size_t i = 0; i < count; i++) {
		tests[i].name = suite_files[i];
		tests[i].test_func = test_suite_file;
		tests[i].initial_state = (void *)suite_files[i];
	}
	int failed = _cmocka_run_group_tests("json-schema-test-suite", tests, count, NULL, NULL);
	free(tests);
	return failed;
}
