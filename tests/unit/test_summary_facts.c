/* The facts the site's history reads from a plan version's summary
 * (kam_rules_summarize_plan, issue 19): open deals by stage, the quarter's
 * forecast as kam forecast sums the plan, and each contact's attitude and
 * relationship level against target, with who decides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "kam/forecast.h"
#include "kam/rules.h"

static const kam_team_member team[] = {{"anna.petrova", "Anna Petrova", NULL, NULL, 1}};

static const char plan_text[] =
    "id: acme\nname: Acme\ntype: customer\nowner: anna.petrova\nreviewed: 2026-11-01\n"
    "contacts:\n"
    "  - {id: c.a, name: Ann A, roles: [key-decision-leader], attitude: supporter,"
    " relationship: {level: 3, target: 3}}\n"
    "  - {id: c.b, name: Bob B, attitude: skeptic, relationship: {level: 1, target: 2}}\n"
    "  - {id: c.c, roles: [approver], status: left, since: 2026-10-01}\n"
    "  - {name: No Id}\n"
    "opportunities:\n"
    "  - {id: o-1, title: A, stage: qualify, value: 100, close: 2026-Q4, decision_leader: c.b}\n"
    "  - {id: o-2, title: B, stage: qualify, value: 50, close: 2027-Q1}\n"
    "  - {id: o-3, title: C, stage: negotiate, value: 70, close: 2026-Q4}\n"
    "  - {id: o-4, title: D, stage: won, value: 30, close: 2026-Q4}\n"
    "  - {id: o-5, title: E, stage: lost, value: 99, close: 2026-Q4}\n"
    "  - {id: o-6, title: F, stage: someday, value: 5, close: 2026-Q4}\n"
    "revenue:\n"
    "  - {quarter: 2026-Q4, target: 400, actual: 10}\n";

typedef struct fixture {
	kam_arena *arena;
	kam_config config;
	const kam_node *plan;
	kam_rules_context ctx;
} fixture;

static void setup_fixture(fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->arena = kam_arena_new();
	f->config.version = 1;
	f->config.organization = "";
	f->config.currency = "EUR";
	f->config.fiscal_year_start = 1;
	f->config.timezone = "UTC";
	f->config.accounts_dir = "accounts";
	f->config.team = team;
	f->config.team_count = 1;
	kam_diag_list diags = {0};
	kam_node *root = NULL;
	assert_int_equal(
	    kam_yaml_parse(&root, f->arena, plan_text, strlen(plan_text), 1, "t.md", NULL, &diags),
	    0);
	kam_diag_list_release(&diags);
	f->plan = root;
	kam_rules_context_init(&f->ctx, &f->config, "2026-11-20");
}

static void test_open_deals_by_stage(void **state)
{
	(void)state;
	fixture f;
	setup_fixture(&f);
	kam_plan_summary s;
	kam_rules_summarize_plan(&f.ctx, f.plan, "t.md", &s);
	assert_int_equal(s.open_by_stage[KAM_STAGE_QUALIFY].count, 2);
	assert_true(s.open_by_stage[KAM_STAGE_QUALIFY].value == 150);
	assert_int_equal(s.open_by_stage[KAM_STAGE_NEGOTIATE].count, 1);
	assert_true(s.open_by_stage[KAM_STAGE_NEGOTIATE].value == 70);
	assert_int_equal(s.open_by_stage[KAM_STAGE_IDENTIFY].count, 0);
	/* won and lost are not open; an unknown stage is, in its own bucket */
	assert_int_equal(s.open_by_stage[KAM_STAGE_WON].count, 0);
	assert_int_equal(s.open_by_stage[KAM_STAGE_LOST].count, 0);
	assert_int_equal(s.open_by_stage[KAM_STAGE_UNKNOWN].count, 1);
	assert_true(s.open_by_stage[KAM_STAGE_UNKNOWN].value == 5);
	/* the buckets add up to the open pipeline */
	double sum = 0;
	for (int st = 0; st <= KAM_STAGE_UNKNOWN; st++)
		sum += s.open_by_stage[st].value;
	assert_true(sum == s.open_pipeline);
	kam_plan_summary_release(&s);
	kam_arena_free(f.arena);
}

static void test_forecast_of_the_quarter(void **state)
{
	(void)state;
	fixture f;
	setup_fixture(&f);
	kam_plan_summary s;
	kam_rules_summarize_plan(&f.ctx, f.plan, "t.md", &s);
	/* 2026-Q4: won o-4; commit o-3 (negotiate); pipeline o-1, o-3, o-6 */
	assert_true(s.forecast.has_target);
	assert_true(s.forecast.target == 400);
	assert_true(s.forecast.won == 30);
	assert_true(s.forecast.commit == 70);
	assert_true(s.forecast.best_case == 70);
	assert_true(s.forecast.pipeline == 175);
	assert_int_equal(s.forecast.deals, 4);
	double gap;
	assert_true(kam_forecast_gap(&s.forecast, &gap));
	assert_true(gap == 300);
	/* the same sums as kam forecast's row of the plan */
	kam_forecast_sums alone;
	kam_forecast_plan_sums(&f.config, f.ctx.quarter, f.plan, &alone);
	assert_true(alone.has_target == s.forecast.has_target &&
		    alone.target == s.forecast.target && alone.won == s.forecast.won &&
		    alone.commit == s.forecast.commit && alone.best_case == s.forecast.best_case &&
		    alone.pipeline == s.forecast.pipeline &&
		    alone.weighted == s.forecast.weighted && alone.deals == s.forecast.deals);
	kam_plan_summary_release(&s);
	kam_arena_free(f.arena);
}

static void test_contacts_attitude_and_levels(void **state)
{
	(void)state;
	fixture f;
	setup_fixture(&f);
	kam_plan_summary s;
	kam_rules_summarize_plan(&f.ctx, f.plan, "t.md", &s);
	assert_int_equal(s.contact_count, 3); /* the one without an id is left out */
	assert_string_equal(s.contacts[0].id, "c.a");
	assert_string_equal(s.contacts[0].name, "Ann A");
	assert_int_equal(s.contacts[0].attitude, KAM_ATTITUDE_SUPPORTER);
	assert_int_equal(s.contacts[0].level, 3);
	assert_int_equal(s.contacts[0].target, 3);
	assert_true(s.contacts[0].decides); /* a deciding role */
	assert_false(s.contacts[0].left);
	assert_string_equal(s.contacts[1].id, "c.b");
	assert_int_equal(s.contacts[1].attitude, KAM_ATTITUDE_SKEPTIC);
	assert_int_equal(s.contacts[1].level, 1);
	assert_int_equal(s.contacts[1].target, 2);
	assert_true(s.contacts[1].decides); /* a deal's decision leader */
	assert_string_equal(s.contacts[2].id, "c.c");
	assert_null(s.contacts[2].name);
	assert_int_equal(s.contacts[2].attitude, KAM_ATTITUDE_UNKNOWN);
	assert_int_equal(s.contacts[2].level, -1);
	assert_int_equal(s.contacts[2].target, -1);
	assert_true(s.contacts[2].decides);
	assert_true(s.contacts[2].left);
	kam_plan_summary_release(&s);
	assert_null(s.contacts);
	kam_arena_free(f.arena);
}

/* kam check's summary does without them: its cost is unchanged. */
static void test_check_leaves_them_out(void **state)
{
	(void)state;
	fixture f;
	setup_fixture(&f);
	kam_plan_summary s;
	kam_diag_list diags = {0};
	kam_rules_check_plan(&f.ctx, f.plan, "t.md", &diags, &s);
	assert_int_equal(s.contact_count, 0);
	assert_int_equal(s.open_by_stage[KAM_STAGE_QUALIFY].count, 0);
	assert_false(s.forecast.has_target);
	kam_diag_list_release(&diags);
	kam_plan_summary_release(&s);
	kam_arena_free(f.arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_deals_by_stage),
	    cmocka_unit_test(test_forecast_of_the_quarter),
	    cmocka_unit_test(test_contacts_attitude_and_levels),
	    cmocka_unit_test(test_check_leaves_them_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
