/* Every schema keyword, with the exact diagnostics kam prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

/* Validate YAML instance text against schema JSON; one line per
 * diagnostic, "line:col rule: message" (hints after " | "). */
static char *check(const char *schema_json, const char *yaml)
{
	kam_schema *schema;
	kam_error err = {0};
	if (kam_schema_new(&schema, "s.json", schema_json, strlen(schema_json), &err) < 0)
		return kam_xprintf("schema error: %s", err.message);
	kam_arena *arena = kam_arena_new();
	kam_diag_list diags = {0};
	kam_node *root;
	assert_int_equal(kam_yaml_parse(&root, arena, yaml, strlen(yaml), 1, "f", NULL, &diags), 0);
	kam_schema_validate(schema, root, "f", &diags);
	kam_diag_list_finish(&diags, NULL);
	kam_buf out = KAM_BUF_INIT;
	for (size_t i = 0; i < diags.count; i++) {
		const kam_diag *d = &diags.items[i];
		kam_buf_printf(&out, "%s%u:%u %s: %s", i ? "\n" : "", d->line, d->column,
			       kam_rule_id(d->rule), d->message);
		if (d->hint)
			kam_buf_printf(&out, " | %s", d->hint);
	}
	kam_diag_list_release(&diags);
	kam_arena_free(arena);
	kam_schema_free(schema);
	return kam_buf_detach(&out);
}

#define EXPECT(schema, yaml, expected)                                                             \
	do {                                                                                       \
		char *got_ = check(schema, yaml);                                                  \
		assert_string_equal(got_, expected);                                               \
		free(got_);                                                                        \
	} while (0)

static void test_type(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {\"n\": {\"type\": \"number\"}, \"i\": {\"type\": \"integer\"},"
			"\"s\": {\"type\": \"string\"}, \"b\": {\"type\": \"boolean\"},"
			"\"l\": {\"type\": [\"array\", \"null\"]}}}";
	EXPECT(s, "n: 1.5\ni: 2.0\ns: x\nb: true\nl: ~", "");
	EXPECT(s, "n: 10k", "1:4 schema-type: n: expected a number, got text '10k' | write a plain "
			    "number without quotes, units or separators, such as 250000");
	EXPECT(s, "i: 2.5", "1:4 schema-type: i: expected a whole number, got the number 2.5 | write a "
			    "whole number, such as 3");
	EXPECT(s, "s: 2026", "1:4 schema-type: s: expected text, got the number 2026 | put it in "
			     "quotes to make it text: \"2026\"");
	EXPECT(s, "b: yes", "1:4 schema-type: b: expected true or false, got text 'yes' | write true "
			    "or false");
	EXPECT(s, "l: 3", "1:4 schema-type: l: expected a list or nothing (null), got the number 3 | "
			  "write a list, one '- item' per line");
	EXPECT(s, "s:", "1:3 schema-type: s: expected text, got nothing (null) | give it a value, or "
			"remove the key");
}

static void test_required_and_unknown(void **state)
{
	(void)state;
	const char *s = "{\"type\": \"object\", \"required\": [\"stage\"], \"properties\": "
			"{\"stage\": {}, \"decision_leader\": {}}, \"additionalProperties\": false}";
	EXPECT(s, "stage: x", "");
	EXPECT(s, "decision_leader: x", "1:1 schema-required: missing required key 'stage' | add "
					"'stage:' with its value");
	EXPECT(s, "stage: x\ndecision_leadr: y",
	       "2:1 schema-unknown-key: unknown key 'decision_leadr'; did you mean "
	       "'decision_leader'? | the keys allowed here are: stage, decision_leader");
	EXPECT(s, "stage: x\nbudget: 1", "2:1 schema-unknown-key: unknown key 'budget' | the keys "
					 "allowed here are: stage, decision_leader");
	EXPECT(s, "{stage: x, owns the roadmap}",
	       "1:12 schema-unknown-key: unknown key 'owns the roadmap' | a comma inside { } starts a "
	       "new key: put the text before it in quotes, or write the mapping on separate lines");
	/* a key cut short by an escaped NUL is its text up to the NUL, in the
	 * lookup and in the path alike */
	const char *typed = "{\"properties\": {\"stage\": {\"type\": \"string\"}}, "
			    "\"additionalProperties\": false}";
	EXPECT(typed, "\"stage\\0x\": 5",
	       "1:1 yaml-nul: value 'stage' is cut short by an escaped NUL (\\0) | remove the \\0 (or "
	       "\\x00, \\u0000) escape from the value\n1:13 schema-type: stage: expected text, got the "
	       "number 5 | put it in quotes to make it text: \"5\"");
}

static void test_additional_and_pattern_properties(void **state)
{
	(void)state;
	const char *s = "{\"patternProperties\": {\"^x-\": {\"type\": \"string\"}}, "
			"\"additionalProperties\": {\"type\": \"number\"}}";
	EXPECT(s, "x-note: hi\nvalue: 3", "");
	EXPECT(s, "x-note: 1", "1:9 schema-type: x-note: expected text, got the number 1 | put it in "
			       "quotes to make it text: \"1\"");
	EXPECT(s, "value: v", "1:8 schema-type: value: expected a number, got text 'v' | write a plain "
			      "number without quotes, units or separators, such as 250000");
}

static void test_enum_and_const(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {\"stage\": {\"enum\": [\"identify\", \"propose\", \"won\"]},"
			"\"kind\": {\"const\": \"meeting\"},"
			"\"attitude\": {\"title\": \"Attitude\", \"enum\": [\"advocate\", \"opponent\"]}}}";
	EXPECT(s, "stage: won\nkind: meeting\nattitude: advocate", "");
	EXPECT(s, "stage: proposal", "1:8 schema-enum: stage: 'proposal' is not a stage; did you mean "
				     "'propose'? | stage is one of: identify, propose, won");
	EXPECT(s, "stage: hot", "1:8 schema-enum: stage: 'hot' is not a stage | stage is one of: "
				"identify, propose, won");
	EXPECT(s, "stage: 3", "1:8 schema-enum: stage: the number 3 is not a stage | stage is one of: "
			      "identify, propose, won");
	EXPECT(s, "attitude: fan", "1:11 schema-enum: attitude: 'fan' is not an attitude | attitude is "
				   "one of: advocate, opponent");
	EXPECT(s, "kind: call", "1:7 schema-const: kind: got text 'call', but only one value is allowed "
				"here | write meeting");
}

static void test_strings(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {\"q\": {\"type\": \"string\", \"pattern\": \"^\\\\d{4}-Q[1-4]$\"},"
			"\"name\": {\"minLength\": 1, \"maxLength\": 3},"
			"\"day\": {\"format\": \"date\"}, \"email\": {\"format\": \"email\"}}}";
	EXPECT(s, "q: 2026-Q3\nname: Äbc\nday: 2024-02-29\nemail: whatever", "");
	EXPECT(s, "q: Q3", "1:4 schema-pattern: q: 'Q3' is not a valid q | it must match the pattern "
			   "^\\d{4}-Q[1-4]$");
	EXPECT(s, "name: ''", "1:7 schema-length: name: must not be empty");
	EXPECT(s, "name: abcd", "1:7 schema-length: name: text is 4 characters long, more than 3");
	EXPECT(s, "day: 2026-13-01", "1:6 schema-format: day: '2026-13-01' is not a valid date | write "
				     "a calendar date as YYYY-MM-DD, such as 2026-10-03");
	EXPECT(s, "day: 2025-02-29", "1:6 schema-format: day: '2025-02-29' is not a valid date | write "
				     "a calendar date as YYYY-MM-DD, such as 2026-10-03");
}

/* ASCII text is matched by a byte regex, other text by one for UTF-8:
 * both must agree with the pattern's meaning in characters. */
static void test_pattern_text_kinds(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {\"code\": {\"pattern\": \"^.{3}$\"},"
			"\"tag\": {\"pattern\": \"^x-\"}}}";
	EXPECT(s, "code: abc\ncode2: 1", "");
	EXPECT(s, "code: äöü", "");
	EXPECT(s, "code: äö", "1:7 schema-pattern: code: 'äö' is not a valid code | it must match the "
			     "pattern ^.{3}$");
	EXPECT(s, "tag: x-yz", "");
	EXPECT(s, "tag: y-x-", "1:6 schema-pattern: tag: 'y-x-' is not a valid tag | it must match the "
			      "pattern ^x-");
}

static void test_schema_hint(void **state)
{
	(void)state;
	const char *s = "{\"$defs\": {\"quarter\": {\"title\": \"Quarter\", \"pattern\": \"^[0-9]{4}-Q[1-4]$\","
			"\"x-kam-hint\": \"write YYYY-Qn\"}}, \"properties\": {\"close\": {\"$ref\": "
			"\"#/$defs/quarter\"}}}";
	EXPECT(s, "close: Q3-2026",
	       "1:8 schema-pattern: close: 'Q3-2026' is not a valid quarter | write YYYY-Qn");
}

static void test_numbers(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {\"p\": {\"minimum\": 0, \"maximum\": 100},"
			"\"e\": {\"exclusiveMinimum\": 0, \"exclusiveMaximum\": 10}, \"m\": {\"multipleOf\": 5}}}";
	EXPECT(s, "p: 100\ne: 5\nm: 15", "");
	EXPECT(s, "p: 120", "1:4 schema-range: p: 120 is more than the maximum 100");
	EXPECT(s, "p: -1", "1:4 schema-range: p: -1 is less than the minimum 0");
	EXPECT(s, "e: 0", "1:4 schema-range: e: 0 must be more than 0");
	EXPECT(s, "e: 10", "1:4 schema-range: e: 10 must be less than 10");
	EXPECT(s, "m: 7", "1:4 schema-range: m: 7 is not a multiple of 5");
}

static void test_arrays(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {\"roles\": {\"minItems\": 1, \"maxItems\": 3, \"uniqueItems\": true,"
			"\"items\": {\"enum\": [\"approver\", \"sponsor\", \"evaluator\", \"influencer\"]}},"
			"\"pair\": {\"prefixItems\": [{\"type\": \"string\"}, {\"type\": \"number\"}], \"items\": false},"
			"\"has\": {\"contains\": {\"const\": 1}}}}";
	EXPECT(s, "roles: [approver]\npair: [a, 1]\nhas: [3, 1]", "");
	EXPECT(s, "roles: []", "1:8 schema-items: roles: list has 0 items, fewer than 1 | add at least "
			       "1 item");
	EXPECT(s, "roles: [approver, sponsor, evaluator, influencer]",
	       "1:8 schema-items: roles: list has 4 items, more than 3");
	EXPECT(s, "roles: [approver, approver]",
	       "1:19 schema-items: roles[1]: 'approver' is in the list twice | remove the repeated item");
	EXPECT(s, "roles: [cfo]", "1:9 schema-enum: roles[0]: 'cfo' is not a role | role is one of: "
				  "approver, sponsor, evaluator, influencer");
	EXPECT(s, "pair: [1, 1]", "1:8 schema-type: pair[0]: expected text, got the number 1 | put it in "
				  "quotes to make it text: \"1\"");
	EXPECT(s, "pair: [a, 1, x]", "1:14 schema-items: pair[2]: list allows only 2 items");
	EXPECT(s, "has: [2]", "1:6 schema-items: has: list has no item of the required form");
}

static void test_objects(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {\"m\": {\"minProperties\": 1, \"maxProperties\": 2,"
			"\"propertyNames\": {\"pattern\": \"^[a-z]+$\"}}}}";
	EXPECT(s, "m: {a: 1}", "");
	EXPECT(s, "m: {}", "1:4 schema-properties: m: has 0 keys, fewer than 1");
	EXPECT(s, "m: {a: 1, b: 2, c: 3}", "1:4 schema-properties: m: has 3 keys, more than 2");
	EXPECT(s, "m: {B: 1}", "1:5 schema-properties: m: key 'B' is not allowed | rename or remove it");
}

static void test_combinators(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {"
			"\"any\": {\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"object\", \"required\": [\"x\"]}]},"
			"\"one\": {\"oneOf\": [{\"minimum\": 0}, {\"maximum\": 10}]},"
			"\"all\": {\"allOf\": [{\"minimum\": 0}, {\"maximum\": 10}]},"
			"\"no\": {\"not\": {\"type\": \"string\"}}}}";
	EXPECT(s, "any: text\none: 20\nall: 5\nno: 1", "");
	EXPECT(s, "any: {y: 1}", "1:6 schema-required: any: missing required key 'x' | add 'x:' with its value");
	EXPECT(s, "any: 3", "1:6 schema-combinator: any: the number 3 matches none of the allowed forms");
	EXPECT(s, "one: 5", "1:6 schema-combinator: one: matches 2 of the allowed forms, but must match "
			    "exactly one");
	EXPECT(s, "all: 11", "1:6 schema-range: all: 11 is more than the maximum 10");
	EXPECT(s, "no: s", "1:5 schema-combinator: no: has a form that is not allowed here");
}

static void test_if_then_else_and_false(void **state)
{
	(void)state;
	const char *s = "{\"if\": {\"properties\": {\"stage\": {\"const\": \"won\"}}},"
			"\"then\": {\"properties\": {\"probability\": {\"const\": 100}}},"
			"\"else\": {\"properties\": {\"probability\": {\"maximum\": 99}}},"
			"\"properties\": {\"gone\": false}}";
	EXPECT(s, "stage: won\nprobability: 100", "");
	EXPECT(s, "stage: won\nprobability: 90", "2:14 schema-const: probability: got the number 90, but "
						 "only one value is allowed here | write 100");
	EXPECT(s, "stage: open\nprobability: 100", "2:14 schema-range: probability: 100 is more than the "
						   "maximum 99");
	EXPECT(s, "gone: 1", "1:7 schema-combinator: gone: no value is allowed here");
}

static void test_ambiguous_scalars(void **state)
{
	(void)state;
	const char *s = "{\"properties\": {\"country\": {\"type\": \"string\"}, \"value\": {\"type\": \"number\"}}}";
	EXPECT(s, "country: 'no'\nvalue: 123", "");
	EXPECT(s, "country: no", "1:10 yaml-ambiguous: country: 'no' is text to kam, but YAML 1.1 tools "
				 "read it as a boolean | put it in quotes: \"no\"");
	EXPECT(s, "value: 0123", "1:8 yaml-ambiguous: value: '0123' has a leading zero: YAML 1.1 tools "
				 "read it as an octal number | drop the leading zero, or quote it if it "
				 "is text: \"0123\"");
	EXPECT(s, "country: 1:30", "1:10 yaml-ambiguous: country: '1:30' is text to kam, but YAML 1.1 "
				   "tools read it as a number | put it in quotes: \"1:30\"");
}

static void test_refs(void **state)
{
	(void)state;
	EXPECT("{\"$ref\": \"#/$defs/missing\"}", "a: 1",
	       "schema error: s.json:1:10: $ref '#/$defs/missing' does not resolve in the schema");
	EXPECT("{\"$defs\": {\"a~b\": {\"type\": \"string\"}}, \"$ref\": \"#/$defs/a~0b\"}", "1",
	       "1:1 schema-type: expected text, got the number 1 | put it in quotes to make it text: \"1\"");
	/* ECMA-262 lookahead works (PCRE2); a pattern PCRE2 cannot compile is
	 * one error naming where it is */
	EXPECT("{\"pattern\": \"(?=x)\"}", "a",
	       "1:1 schema-pattern: 'a' is not a valid value | it must match the pattern (?=x)");
	EXPECT("{\"pattern\": \"(a\"}", "a",
	       "schema error: s.json:1:13: pattern '(a' cannot be used: missing closing parenthesis (at "
	       "character 3)");
	EXPECT("{\"pattern\": \"^((a{1,100}){1,100}){1,100}$\"}", "a",
	       "schema error: s.json:1:13: pattern '^((a{1,100}){1,100}){1,100}$' cannot be used: "
	       "regular expression is too large (at character 29)");
	EXPECT("{\"pattern\": \"^(a+)+$\"}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
	       "1:1 schema-budget: matching the pattern ^(a+)+$ (s.json:1:13) against this text needs "
	       "more backtracking than kam allows | simplify the pattern: nested repeats such as (a+)+ "
	       "try every way of splitting the text");
	/* combinators that multiply without end stop at the budget, once */
	EXPECT("{\"allOf\": [{\"$ref\": \"#\"}, {\"$ref\": \"#\"}]}", "a: 1",
	       "1:1 schema-budget: checking this document against s.json needs more than kam allows "
	       "(200 schema steps per value, $ref 512 deep): stopped here | the schema's allOf, anyOf, oneOf or $ref refer "
	       "back to themselves: make each step descend into the data");
	EXPECT("{\"anyOf\": [{\"$ref\": \"#\"}, {\"$ref\": \"#\"}]}", "a: 1",
	       "1:1 schema-budget: checking this document against s.json needs more than kam allows "
	       "(200 schema steps per value, $ref 512 deep): stopped here | the schema's allOf, anyOf, oneOf or $ref refer "
	       "back to themselves: make each step descend into the data");
}

static void test_builtin_schemas_load(void **state)
{
	(void)state;
	const char *names[] = {"account-plan", "meeting", "kam-config"};
	for (size_t i = 0; i < 3; i++) {
		size_t len;
		const char *json = kam_schema_builtin(names[i], &len);
		assert_non_null(json);
		kam_schema *schema;
		kam_error err = {0};
		assert_int_equal(kam_schema_new(&schema, names[i], json, len, &err), 0);
		kam_schema_free(schema);
	}
	assert_null(kam_schema_builtin("nothing", NULL));
}

/* Editors show a field's title, description and examples: every property
 * of the shipped schemas has them (examples may come from a $ref'd def). */
static void check_documented(const kam_node *root, const kam_node *n, const char *schema)
{
	if (!n || n->kind != KAM_NODE_MAP)
		return;
	const kam_node *props = kam_node_get(n, "properties");
	for (size_t i = 0; props && i < props->count; i++) {
		const kam_node *p = props->pairs[i].value;
		const char *ref = kam_node_string(kam_node_get(p, "$ref"));
		const kam_node *def = ref ? kam_node_get(kam_node_get(root, "$defs"), strrchr(ref, '/') + 1) : NULL;
		if (!kam_node_get(p, "title") || !kam_node_get(p, "description") ||
		    !(kam_node_get(p, "examples") || kam_node_get(def, "examples")))
			fail_msg("%s: property '%s' lacks a title, description or examples", schema,
				 props->pairs[i].key->text);
		check_documented(root, p, schema);
	}
	check_documented(root, kam_node_get(n, "items"), schema);
	check_documented(root, kam_node_get(n, "additionalProperties"), schema);
}

static void test_builtin_schemas_documented(void **state)
{
	(void)state;
	const char *names[] = {"account-plan", "meeting", "kam-config"};
	for (size_t i = 0; i < 3; i++) {
		size_t len;
		const char *json = kam_schema_builtin(names[i], &len);
		kam_schema *schema;
		kam_error err = {0};
		assert_int_equal(kam_schema_new(&schema, names[i], json, len, &err), 0);
		check_documented(kam_schema_root(schema), kam_schema_root(schema), names[i]);
		kam_schema_free(schema);
	}
}

/* A built-in schema is compiled once and shared: the same schema for every
 * caller (the first one's name in its messages), validating as a fresh
 * one does; an unknown name is an error. */
static void test_builtin_shared(void **state)
{
	(void)state;
	const kam_schema *first, *again;
	kam_error err = {0};
	assert_int_equal(
	    kam_schema_builtin_shared(&first, "kam-config", "kam-config.schema.json", &err), 0);
	assert_int_equal(
	    kam_schema_builtin_shared(&again, "kam-config", "kam-config.schema.json", &err), 0);
	assert_non_null(first);
	assert_ptr_equal(first, again);
	kam_arena *arena = kam_arena_new();
	kam_diag_list diags = {0};
	kam_node *root;
	const char *yaml = "kam: 1\ncurrency: 12\n";
	assert_int_equal(
	    kam_yaml_parse(&root, arena, yaml, strlen(yaml), 1, "kam.yaml", NULL, &diags), 0);
	kam_schema_validate(again, root, "kam.yaml", &diags);
	assert_int_equal(diags.count, 1);
	assert_int_equal(diags.items[0].line, 2);
	assert_string_equal(kam_rule_id(diags.items[0].rule), "schema-type");
	kam_diag_list_release(&diags);
	kam_arena_free(arena);
	assert_int_equal(kam_schema_builtin_shared(&first, "no-such", "no-such.json", &err),
			 KAM_ENOTFOUND);
	assert_null(first);
	assert_string_equal(err.message, "no built-in schema 'no-such'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_builtin_shared),
		cmocka_unit_test(test_required_and_unknown),
		cmocka_unit_test(test_additional_and_pattern_properties),
		cmocka_unit_test(test_pattern_text_kinds),
		cmocka_unit_test(test_enum_and_const),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_schema_hint),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_objects),
		cmocka_unit_test(test_combinators),
		cmocka_unit_test(test_if_then_else_and_false),
		cmocka_unit_test(test_ambiguous_scalars),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_builtin_schemas_load),
		cmocka_unit_test(test_builtin_schemas_documented),
	};
	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
