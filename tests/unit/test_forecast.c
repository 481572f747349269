/* Forecast categories and probabilities, contracts and renewals, goals and
 * the actions serving them, on small plans written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "contracts_rule.h"

static kam_arena *arena;

static const kam_node *parse(const char *yaml)
{
	kam_diag_list diags = {0};
	kam_node *root = NULL;
	assert_int_equal(
	    kam_yaml_parse(&root, arena, yaml, strlen(yaml), 1, "test.md", NULL, &diags), 0);
	assert_int_equal(diags.count, 0);
	kam_diag_list_release(&diags);
	return root;
}

static int setup(void **state)
{
	(void)state;
	arena = kam_arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kam_arena_free(arena);
	return 0;
}

static kam_opportunity_view deal(const char *yaml)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, parse(yaml));
	return o;
}

static void stage_ranges(void **state)
{
	(void)state;
	double r[2] = {-1, -1};
	assert_true(kam_stage_probability_range(NULL, KAM_STAGE_IDENTIFY, r));
	assert_true(r[0] == 0 && r[1] == 20);
	assert_true(kam_stage_probability_range(NULL, KAM_STAGE_NEGOTIATE, r));
	assert_true(r[0] == 60 && r[1] == 95);
	r[0] = r[1] = -1;
	assert_false(kam_stage_probability_range(NULL, KAM_STAGE_WON, r));
	assert_false(kam_stage_probability_range(NULL, KAM_STAGE_UNKNOWN, r));
	assert_true(r[0] == -1 && r[1] == -1); /* untouched */
	kam_config config = {.currency = "EUR"};
	config.stages = parse("propose: {probability: [50, 70], forecast: commit}\n"
			      "qualify: {probability: [30]}\n");
	assert_true(kam_stage_probability_range(&config, KAM_STAGE_PROPOSE, r));
	assert_true(r[0] == 50 && r[1] == 70);
	assert_true(
	    kam_stage_probability_range(&config, KAM_STAGE_QUALIFY, r)); /* not two numbers */
	assert_true(r[0] == 20 && r[1] == 60);
}

static void probabilities(void **state)
{
	(void)state;
	kam_config config = {.currency = "EUR"};
	config.stages = parse("propose: {probability: [50, 70]}\n");
	kam_opportunity_view o = deal("{stage: propose}");
	assert_true(kam_opportunity_probability(NULL, &o) == 60);    /* (40 + 80) / 2 */
	assert_true(kam_opportunity_probability(&config, &o) == 60); /* (50 + 70) / 2 */
	o = deal("{stage: negotiate}");
	assert_true(kam_opportunity_probability(NULL, &o) == 77.5);
	o = deal("{stage: negotiate, probability: 70}");
	assert_true(kam_opportunity_probability(NULL, &o) == 70);
	o = deal("{stage: won, probability: 70}");
	assert_true(kam_opportunity_probability(NULL, &o) == 100);
	o = deal("{stage: lost}");
	assert_true(kam_opportunity_probability(NULL, &o) == 0);
	o = deal("{stage: nonsense}");
	assert_true(kam_opportunity_probability(NULL, &o) == 0);
}

static void categories(void **state)
{
	(void)state;
	kam_config config = {.currency = "EUR"};
	config.stages = parse("qualify: {forecast: best-case}\nnegotiate: {forecast: bogus}\n");
	static const struct {
		const char *deal;
		kam_forecast plain, configured;
	} cases[] = {
	    {"{stage: identify}", KAM_FORECAST_PIPELINE, KAM_FORECAST_PIPELINE},
	    {"{stage: validate}", KAM_FORECAST_PIPELINE, KAM_FORECAST_PIPELINE},
	    {"{stage: qualify}", KAM_FORECAST_PIPELINE, KAM_FORECAST_BEST_CASE},
	    {"{stage: propose}", KAM_FORECAST_BEST_CASE, KAM_FORECAST_BEST_CASE},
	    {"{stage: negotiate}", KAM_FORECAST_COMMIT, KAM_FORECAST_COMMIT}, /* bogus: default */
	    {"{stage: qualify, forecast: omitted}", KAM_FORECAST_OMITTED, KAM_FORECAST_OMITTED},
	    {"{stage: identify, forecast: commit}", KAM_FORECAST_COMMIT, KAM_FORECAST_COMMIT},
	    {"{stage: 7}", KAM_FORECAST_PIPELINE, KAM_FORECAST_PIPELINE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kam_opportunity_view o = deal(cases[i].deal);
		assert_int_equal(kam_opportunity_forecast(NULL, &o), cases[i].plain);
		assert_int_equal(kam_opportunity_forecast(&config, &o), cases[i].configured);
	}
	kam_opportunity_view o = deal("{type: renewal}");
	assert_true(kam_opportunity_is_renewal(&o));
	o = deal("{renews: k-1}");
	assert_true(kam_opportunity_is_renewal(&o));
	o = deal("{type: upsell}");
	assert_false(kam_opportunity_is_renewal(&o));
}

static const char contracts_plan[] =
    "opportunities:\n"
    "  - {id: o-lost, stage: lost, renews: k-licence}\n"
    "  - {id: o-won, stage: won, renews: k-hosting}\n"
    "  - {id: o-open, stage: propose, renews: k-support}\n"
    "contracts:\n"
    "  - {id: k-ended, end: 2026-11-19}\n"
    "  - {id: k-support, end: 2027-06-30, notice_months: 3}\n"
    "  - {id: k-licence, end: 2027-01-31}\n"
    "  - {id: k-hosting, end: 2027-03-31, notice_months: 6}\n"
    "  - {id: k-auto, end: 2027-02-28, notice_months: 1, auto_renew: true}\n"
    "  - {id: k-far, end: 2028-12-31, notice_months: 6}\n"
    "  - {id: k-no-end}\n";

static void renewals(void **state)
{
	(void)state;
	const kam_node *plan = parse(contracts_plan);
	kam_date today = {2026, 11, 20};
	kam_renewal r;
	/* notices: support 2027-03-30, licence 2027-01-31, hosting 2026-09-30
	 * (passed, but the contract has not ended), auto 2027-01-28 */
	assert_true(kam_next_renewal(plan, today, &r));
	assert_string_equal(r.contract.id, "k-hosting");
	assert_string_equal(r.renewed_by, "o-won");
	assert_int_equal(r.notice.year, 2026);
	assert_int_equal(r.notice.month, 9);
	assert_int_equal(r.notice.day, 30);
	kam_date later = {2027, 4, 1};
	assert_true(kam_next_renewal(plan, later, &r));
	assert_string_equal(r.contract.id, "k-support");
	assert_string_equal(r.renewed_by, "o-open");
	assert_null(kam_contract_renewed_by(plan, "k-licence")); /* its deal was lost */
	kam_date end_of_all = {2029, 1, 1};
	assert_false(kam_next_renewal(plan, end_of_all, &r));
	assert_false(kam_next_renewal(NULL, today, &r));
}

static void renewal_rule(void **state)
{
	(void)state;
	const kam_node *plan = parse(contracts_plan);
	kam_config config = {.currency = "EUR", .fiscal_year_start = 1};
	kam_rules_context ctx = {&config, {2026, 11, 20}, {2026, 4}};
	kam_diag_list diags = {0};
	/* horizon 2027-05-20: licence (notice 2027-01-31) is uncovered; support
	 * and hosting are renewed, auto renews itself, far is beyond it */
	kam_rule_renewal_uncovered(&ctx, plan, "p.md", &diags);
	assert_int_equal(diags.count, 1);
	assert_string_equal(
	    diags.items[0].message,
	    "contract 'k-licence' ends 2027-01-31 (notice by 2027-01-31) and no deal renews it");
	assert_int_equal(diags.items[0].line, 8);
	kam_diag_list_release(&diags);
	config.rule_options[KAM_RULE_RENEWAL_UNCOVERED] = parse("{quarters: 9}");
	kam_rule_renewal_uncovered(&ctx, plan, "p.md", &diags); /* horizon 2029-02-20 */
	assert_int_equal(diags.count, 2);
	assert_string_equal(
	    diags.items[1].message,
	    "contract 'k-far' ends 2028-12-31 (notice by 2028-06-30) and no deal renews it");
	kam_diag_list_release(&diags);
}

static void goals(void **state)
{
	(void)state;
	const kam_node *plan = parse("goals:\n"
				     "  - {id: g-sponsor, text: Win a sponsor, owner: "
				     "anna.petrova, measure: A signed letter}\n"
				     "  - {id: g-idle, text: Nothing yet, status: missed}\n"
				     "actions:\n"
				     "  - {id: a-1, text: one, goal: g-sponsor, status: done}\n"
				     "  - {id: a-2, text: two, goal: g-sponsor}\n"
				     "  - {id: a-3, text: three, goal: g-sponsor, status: open}\n"
				     "  - {id: a-4, text: four, goal: g-sponsor, status: dropped}\n"
				     "  - {id: a-5, text: five, goal: g-unknown, status: done}\n"
				     "  - {id: a-6, text: six}\n");
	size_t count;
	kam_goal_progress *g = kam_goal_progress_read(plan, &count);
	assert_int_equal(count, 2);
	assert_string_equal(g[0].goal.id, "g-sponsor");
	assert_string_equal(g[0].owner, "anna.petrova");
	assert_string_equal(g[0].measure, "A signed letter");
	assert_true(g[0].goal.open);
	assert_int_equal(g[0].done, 1);
	assert_int_equal(g[0].open, 2);
	assert_int_equal(g[0].dropped, 1);
	assert_false(g[1].goal.open);
	assert_int_equal(g[1].done + g[1].open + g[1].dropped, 0);
	/* a meeting note's actions add to the plan's */
	kam_goal_progress_add(g, count,
			      parse("- {id: a-7, text: seven, goal: g-idle, status: done}\n"
				    "- {id: a-8, text: eight, goal: g-sponsor, status: done}\n"));
	assert_int_equal(g[0].done, 2);
	assert_int_equal(g[1].done, 1);
	free(g);
	assert_null(kam_goal_progress_read(parse("{actions: []}"), &count));
	assert_int_equal(count, 0);
	assert_null(kam_goal_progress_read(NULL, &count));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(stage_ranges), cmocka_unit_test(probabilities),
	    cmocka_unit_test(categories),   cmocka_unit_test(renewals),
	    cmocka_unit_test(renewal_rule), cmocka_unit_test(goals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
