/* The plan's vocabulary (kam/plan.h) against the schema compiled into kam:
 * the schema is the source of truth for the words, the module for what
 * they mean; this test keeps them from drifting apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "kam/plan.h"

static kam_arena *arena;
static const kam_node *schema;

static int load_schema(void **state)
{
	(void)state;
	size_t len = 0;
	const char *text = kam_schema_builtin("account-plan", &len);
	assert_non_null(text);
	arena = kam_arena_new();
	kam_diag_list diags = {0};
	kam_node *root = NULL;
	assert_int_equal(
	    kam_yaml_parse(&root, arena, text, len, 1, "account-plan.schema.json", NULL, &diags),
	    0);
	kam_diag_list_release(&diags);
	schema = root;
	return 0;
}

static int free_schema(void **state)
{
	(void)state;
	kam_arena_free(arena);
	return 0;
}

/* The node at a path of mapping keys ("properties", "tier", ...; NULL ends). */
static const kam_node *at(const kam_node *n, const char *const *path)
{
	for (size_t i = 0; n && path[i]; i++)
		n = kam_node_get(n, path[i]);
	assert_non_null(n);
	return n;
}

/* The schema's enum at path lists exactly the table's names, in order. */
static void same_words(const char *const *path, const kam_plan_word *table, size_t count)
{
	const kam_node *words = kam_node_get(at(schema, path), "enum");
	assert_non_null(words);
	assert_int_equal(words->kind, KAM_NODE_SEQ);
	assert_int_equal(words->count, count);
	for (size_t i = 0; i < count; i++)
		assert_string_equal(kam_node_string(words->items[i]), table[i].name);
}

static void test_stages_are_the_schemas(void **state)
{
	(void)state;
	static const char *const path[] = {"properties", "opportunities", "items",
					   "properties", "stage",	  NULL};
	same_words(path, kam_stages, KAM_STAGE_UNKNOWN);
}

static void test_attitudes_are_the_schemas(void **state)
{
	(void)state;
	static const char *const path[] = {"properties", "contacts", "items",
					   "properties", "attitude", NULL};
	same_words(path, kam_attitudes, KAM_ATTITUDE_UNKNOWN);
}

static void test_roles_are_the_schemas(void **state)
{
	(void)state;
	static const char *const path[] = {"properties", "contacts", "items", "properties",
					   "roles",	 "items",    NULL};
	same_words(path, kam_roles, KAM_ROLE_UNKNOWN);
}

/* Tiers are kam.yaml's (tiers:); the plan schema leaves them to it. */
static void test_influence_status_touches_are_the_schemas(void **state)
{
	(void)state;
	static const char *const influence[] = {"properties", "contacts", "items", "properties",
						"influence", NULL};
	same_words(influence, kam_influences, KAM_INFLUENCE_UNKNOWN);
	static const char *const member[] = {"properties", "opportunities", "items", "properties",
					     "buying_unit", "items", "properties", "role", NULL};
	same_words(member, kam_roles, KAM_ROLE_UNKNOWN);
	static const char *const status[] = {"properties", "contacts", "items", "properties",
					     "status", NULL};
	same_words(status, kam_contact_statuses, KAM_CONTACT_STATUS_UNKNOWN);
	static const char *const kind[] = {"properties", "touches", "items", "properties", "kind", NULL};
	same_words(kind, kam_touch_kinds, KAM_TOUCH_UNKNOWN);
}

static void test_commerce_words_are_the_schemas(void **state)
{
	(void)state;
	static const char *const forecast[] = {"properties", "opportunities", "items", "properties",
					       "forecast", NULL};
	same_words(forecast, kam_forecasts, KAM_FORECAST_UNKNOWN);
	static const char *const reason[] = {"properties", "opportunities", "items", "properties",
					     "lost_reason", NULL};
	same_words(reason, kam_lost_reasons, KAM_LOST_UNKNOWN);
	static const char *const type[] = {"properties", "opportunities", "items", "properties",
					   "type", NULL};
	same_words(type, kam_deal_types, KAM_DEAL_UNKNOWN);
	static const char *const position[] = {"properties", "competitors", "items", "properties",
					       "position", NULL};
	same_words(position, kam_positions, KAM_POSITION_UNKNOWN);
	static const char *const cell[] = {"properties", "whitespace", "items", "properties",
					   "status", NULL};
	same_words(cell, kam_cell_statuses, KAM_CELL_UNKNOWN);
}

/* Every name parses back to its own value; anything else is UNKNOWN. */
static void test_parse_and_name(void **state)
{
	(void)state;
	for (int s = 0; s < KAM_STAGE_UNKNOWN; s++)
		assert_int_equal(kam_stage_parse(kam_stage_name((kam_stage)s)), s);
	for (int a = 0; a < KAM_ATTITUDE_UNKNOWN; a++)
		assert_int_equal(kam_attitude_parse(kam_attitude_name((kam_attitude)a)), a);
	for (int r = 0; r < KAM_ROLE_UNKNOWN; r++)
		assert_int_equal(kam_role_parse(kam_role_name((kam_role)r)), r);
	for (int t = 0; t < KAM_TIER_UNKNOWN; t++)
		assert_int_equal(kam_tier_parse(kam_tier_name((kam_tier)t)), t);
	for (int i = 0; i < KAM_INFLUENCE_UNKNOWN; i++)
		assert_int_equal(kam_influence_parse(kam_influence_name((kam_influence)i)), i);
	assert_int_equal(kam_stage_parse(NULL), KAM_STAGE_UNKNOWN);
	assert_int_equal(kam_stage_parse("Won"), KAM_STAGE_UNKNOWN);
	assert_int_equal(kam_attitude_parse("sceptic"), KAM_ATTITUDE_UNKNOWN);
	assert_int_equal(kam_role_parse("key decision leader"), KAM_ROLE_UNKNOWN);
	assert_int_equal(kam_tier_parse(""), KAM_TIER_UNKNOWN);
	assert_int_equal(kam_influence_parse("very high"), KAM_INFLUENCE_UNKNOWN);
	assert_null(kam_stage_name(KAM_STAGE_UNKNOWN));
	assert_null(kam_attitude_name((kam_attitude)-1));
	assert_null(kam_role_name(KAM_ROLE_UNKNOWN));
	assert_null(kam_role_badge(KAM_ROLE_UNKNOWN));
	assert_null(kam_tier_name((kam_tier)99));
	assert_null(kam_influence_name(KAM_INFLUENCE_UNKNOWN));
	assert_string_equal(kam_influence_name(KAM_INFLUENCE_MEDIUM), "medium");
}

/* What the code reads from the tables: the pipeline, warmth, rank, flags. */
static void test_meanings(void **state)
{
	(void)state;
	for (int s = 0; s + 1 < KAM_STAGE_UNKNOWN; s++)
		assert_true(kam_stage_order((kam_stage)s) < kam_stage_order((kam_stage)(s + 1)));
	assert_int_equal(kam_stage_order(KAM_STAGE_UNKNOWN), -1);
	assert_false(kam_stage_closed(KAM_STAGE_NEGOTIATE));
	assert_true(kam_stage_closed(KAM_STAGE_WON));
	assert_true(kam_stage_closed(KAM_STAGE_LOST));
	assert_false(kam_stage_closed(KAM_STAGE_UNKNOWN));
	/* opponent < skeptic < neutral < supporter < advocate */
	assert_int_equal(kam_attitude_warmth(kam_attitude_parse("opponent")), 0);
	assert_int_equal(kam_attitude_warmth(kam_attitude_parse("skeptic")), 1);
	assert_int_equal(kam_attitude_warmth(kam_attitude_parse("neutral")), 2);
	assert_int_equal(kam_attitude_warmth(kam_attitude_parse("supporter")), 3);
	assert_int_equal(kam_attitude_warmth(kam_attitude_parse("advocate")), 4);
	assert_int_equal(kam_attitude_warmth(KAM_ATTITUDE_UNKNOWN), -1);
	assert_true(kam_attitude_unfavourable(KAM_ATTITUDE_OPPONENT));
	assert_true(kam_attitude_unfavourable(KAM_ATTITUDE_SKEPTIC));
	assert_false(kam_attitude_unfavourable(KAM_ATTITUDE_NEUTRAL));
	assert_false(kam_attitude_unfavourable(KAM_ATTITUDE_UNKNOWN));
	static const char *const badges[] = {"KDL", "BO", "EV", "AP", "IN", "SP"};
	for (int r = 0; r < KAM_ROLE_UNKNOWN; r++) {
		assert_string_equal(kam_role_badge((kam_role)r), badges[r]);
		assert_int_equal(kam_role_decides((kam_role)r),
				 r == KAM_ROLE_KEY_DECISION_LEADER || r == KAM_ROLE_APPROVER);
	}
	assert_int_equal(kam_tier_rank(kam_tier_parse("key")), 0);
	assert_int_equal(kam_tier_rank(kam_tier_parse("maintain")), 3);
	assert_int_equal(kam_tier_rank(kam_tier_parse(NULL)), 4);
	assert_int_equal(kam_influence_order(KAM_INFLUENCE_LOW), 0);
	assert_int_equal(kam_influence_order(KAM_INFLUENCE_HIGH), 2);
	assert_int_equal(kam_influence_order(KAM_INFLUENCE_UNKNOWN), -1);
}

/* Views read typed values, and leave out what is missing or mistyped. */
static void test_views(void **state)
{
	(void)state;
	static const char yaml[] =
	    "id: acme\nname: Acme\ntier: strategic\nowner: anna\n"
	    "contacts:\n"
	    "  - {id: c.a, name: Ann, owner: bob, attitude: skeptic, roles: [approver, influencer, "
	    "chief]}\n"
	    "  - {id: c.b, attitude: cold, roles: benefit-owner, owner: 3}\n"
	    "opportunities:\n"
	    "  - {id: o-a, stage: won, value: 480000, must_win: true, decision_leader: c.a}\n"
	    "  - {id: o-b, stage: later, value: '12', must_win: yes}\n";
	kam_arena *a = kam_arena_new();
	kam_diag_list diags = {0};
	kam_node *plan = NULL;
	assert_int_equal(kam_yaml_parse(&plan, a, yaml, strlen(yaml), 1, "f", NULL, &diags), 0);
	kam_account_view acct;
	kam_account_view_read(&acct, plan);
	assert_string_equal(acct.id, "acme");
	assert_int_equal(acct.tier, KAM_TIER_STRATEGIC);
	assert_int_equal(acct.tier_node->line, 3);
	assert_null(acct.currency);
	const kam_node *contacts = kam_node_get(plan, "contacts");
	kam_contact_view c;
	kam_contact_view_read(&c, contacts->items[0]);
	assert_string_equal(c.owner, "bob");
	assert_int_equal(c.attitude, KAM_ATTITUDE_SKEPTIC);
	assert_int_equal(c.roles,
			 KAM_ROLE_BIT(KAM_ROLE_APPROVER) | KAM_ROLE_BIT(KAM_ROLE_INFLUENCER));
	assert_true(kam_contact_decides(&c));
	assert_false(kam_contact_has_role(&c, KAM_ROLE_SPONSOR));
	kam_contact_view_read(&c, contacts->items[1]);
	assert_int_equal(c.attitude, KAM_ATTITUDE_UNKNOWN);
	assert_non_null(c.attitude_node);
	assert_int_equal(c.roles, 0); /* a text, not a list */
	assert_null(c.owner);	      /* a number, not a member */
	assert_false(kam_contact_decides(&c));
	const kam_node *opps = kam_node_get(plan, "opportunities");
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, opps->items[0]);
	assert_int_equal(o.stage, KAM_STAGE_WON);
	assert_false(o.open);
	assert_true(o.must_win && o.has_value);
	assert_true(o.value == 480000);
	assert_string_equal(o.decision_leader, "c.a");
	kam_opportunity_view_read(&o, opps->items[1]);
	assert_int_equal(o.stage, KAM_STAGE_UNKNOWN);
	assert_string_equal(o.stage_text, "later");
	assert_true(o.open);	  /* an unknown stage counts as open */
	assert_false(o.must_win); /* "yes" is YAML 1.1's true, not a boolean here */
	assert_false(o.has_value);
	kam_opportunity_view_read(&o, NULL);
	assert_null(o.node);
	assert_true(o.open);
	kam_contact_view_read(&c, plan->pairs[0].value); /* a scalar: an empty view */
	assert_null(c.node);
	assert_int_equal(c.attitude, KAM_ATTITUDE_UNKNOWN);
	kam_diag_list_release(&diags);
	kam_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stages_are_the_schemas),
	    cmocka_unit_test(test_attitudes_are_the_schemas),
	    cmocka_unit_test(test_roles_are_the_schemas),
	    cmocka_unit_test(test_influence_status_touches_are_the_schemas),
	    cmocka_unit_test(test_commerce_words_are_the_schemas),
	    cmocka_unit_test(test_parse_and_name),
	    cmocka_unit_test(test_meanings),
	    cmocka_unit_test(test_views),
	};
	return cmocka_run_group_tests_name("plan", tests, load_schema, free_schema);
}
