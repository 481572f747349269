/* The health score (kam/health.h) on small plans, each computed by hand:
 * influence weighs deciders, an unknown attitude earns nothing, revenue is
 * prorated to the day, a part with nothing to measure scores 0, kam.yaml's
 * weights (all 0 too), and the freshness window's edge. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "kam/health.h"
#include "kam/rules.h"

static const kam_team_member team[] = {{"anna.petrova", "Anna Petrova", NULL, NULL, 1}};

typedef struct fixture {
	kam_arena *arena;
	kam_config config;
	kam_plan_summary summary;
} fixture;

static const kam_node *parse(fixture *f, const char *yaml)
{
	kam_diag_list diags = {0};
	kam_node *root = NULL;
	assert_int_equal(
	    kam_yaml_parse(&root, f->arena, yaml, strlen(yaml), 1, "t.md", NULL, &diags), 0);
	assert_int_equal(diags.count, 0);
	kam_diag_list_release(&diags);
	return root;
}

static void setup_config(fixture *f)
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
}

/* The health of plan on today (plan-only: no finishing step). */
static const kam_health *health(fixture *f, const char *today, const char *plan)
{
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, &f->config, today);
	kam_diag_list diags = {0};
	kam_plan_summary_release(&f->summary);
	kam_rules_check_plan(&ctx, parse(f, plan), "t.md", &diags, &f->summary);
	kam_diag_list_release(&diags);
	return &f->summary.health;
}

static void release(fixture *f)
{
	kam_plan_summary_release(&f->summary);
	kam_arena_free(f->arena);
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* One must-win whose two deciders' influence and attitude are the
 * buying unit's own for the deal. */
static const char *two_deciders(char *buf, size_t size, const char *first, const char *second)
{
	snprintf(buf, size,
		 "id: acme\n"
		 "contacts:\n"
		 "  - {id: c.one, name: One, attitude: advocate, influence: low}\n"
		 "  - {id: c.two, name: Two}\n"
		 "opportunities:\n"
		 "  - id: o-a\n"
		 "    must_win: true\n"
		 "    stage: propose\n"
		 "    buying_unit:\n"
		 "      - {contact: c.one, role: key-decision-leader%s}\n"
		 "      - {contact: c.two, role: approver%s}\n",
		 first, second);
	return buf;
}

static void test_influence_weighs_deciders(void **state)
{
	(void)state;
	fixture f;
	setup_config(&f);
	char plan[1024];
	/* a high-influence opponent (weighs 3, earns 0) and a low-influence
	 * advocate (weighs 1, earns 1): 1/4 */
	const kam_health *h =
	    health(&f, "2026-11-20",
		   two_deciders(plan, sizeof(plan), "", ", attitude: opponent, influence: high"));
	NEAR(h->parts[KAM_HEALTH_DECIDERS].fraction, 0.25);
	NEAR(h->parts[KAM_HEALTH_DECIDERS].points, 3.75);
	assert_string_equal(kam_health_why(h, KAM_HEALTH_DECIDERS),
			    "c.two decides o-a, opponent of high influence");
	/* the same people, influence the other way round: the deal's own
	 * influence and attitude override the contact's: 3/4 */
	h = health(&f, "2026-11-20",
		   two_deciders(plan, sizeof(plan), ", attitude: advocate, influence: high",
				", attitude: opponent, influence: low"));
	NEAR(h->parts[KAM_HEALTH_DECIDERS].fraction, 0.75);
	/* an unknown attitude earns nothing: medium advocate and medium unknown */
	h = health(&f, "2026-11-20",
		   two_deciders(plan, sizeof(plan), ", influence: medium", ", influence: medium"));
	NEAR(h->parts[KAM_HEALTH_DECIDERS].fraction, 0.5);
	assert_string_equal(kam_health_why(h, KAM_HEALTH_DECIDERS),
			    "c.two decides o-a, attitude unknown, medium influence");
	/* nobody owns either, and there is no sponsor: no seat filled */
	NEAR(h->parts[KAM_HEALTH_BUYING_UNIT].fraction, 0);
	assert_string_equal(
	    kam_health_why(h, KAM_HEALTH_BUYING_UNIT),
	    "nobody on our side owns o-a's key decision leader c.one (and 2 more gaps)");
	release(&f);
}

static const char revenue_plan[] = "id: acme\n"
				   "revenue:\n"
				   "  - {quarter: 2026-Q4, target: 92000, actual: %s}\n";

static const kam_health *revenue_on(fixture *f, const char *today, const char *actual)
{
	static char plan[256];
	snprintf(plan, sizeof(plan), revenue_plan, actual);
	return health(f, today, plan);
}

static void test_revenue_prorated_to_the_day(void **state)
{
	(void)state;
	fixture f;
	setup_config(&f);
	/* 2026-Q4 has 92 days; on its first day 1,000 of 92,000 is on plan */
	const kam_health *h = revenue_on(&f, "2026-10-01", "1000");
	NEAR(h->parts[KAM_HEALTH_REVENUE].fraction, 1.0);
	assert_string_equal(kam_health_why(h, KAM_HEALTH_REVENUE),
			    "booked 1,000 of 92,000 EUR, 1% into the quarter");
	h = revenue_on(&f, "2026-10-01", "500");
	NEAR(h->parts[KAM_HEALTH_REVENUE].fraction, 0.5);
	/* ahead of plan is capped at full marks */
	h = revenue_on(&f, "2026-11-15", "92000");
	NEAR(h->parts[KAM_HEALTH_REVENUE].fraction, 1.0);
	/* on the last day the whole target is due */
	h = revenue_on(&f, "2026-12-31", "46000");
	NEAR(h->parts[KAM_HEALTH_REVENUE].fraction, 0.5);
	assert_string_equal(kam_health_why(h, KAM_HEALTH_REVENUE),
			    "booked 46,000 of 92,000 EUR, 100% into the quarter");
	/* a row for another quarter is no row for this one */
	h = revenue_on(&f, "2027-01-02", "46000");
	NEAR(h->parts[KAM_HEALTH_REVENUE].fraction, 0);
	assert_string_equal(kam_health_why(h, KAM_HEALTH_REVENUE), "no revenue row for 2027-Q1");
	release(&f);
}

static void test_nothing_to_measure_scores_zero(void **state)
{
	(void)state;
	fixture f;
	setup_config(&f);
	const kam_health *h = health(&f, "2026-11-20", "id: acme\n");
	assert_int_equal(h->score, 0);
	for (int i = 0; i < KAM_HEALTH__COUNT; i++) {
		NEAR(h->parts[i].fraction, 0);
		assert_true(kam_health_lacking(h, (kam_health_part)i));
	}
	assert_int_equal(h->weakest, KAM_HEALTH_BUYING_UNIT);
	assert_string_equal(kam_health_why(h, KAM_HEALTH_REVIEW), "the plan has no reviewed date");
	assert_null(h->oldest.contact);
	release(&f);
}

static void test_weights(void **state)
{
	(void)state;
	fixture f;
	setup_config(&f);
	/* review alone counts: reviewed this quarter is 100 */
	f.config.health =
	    parse(&f, "weights: {buying-unit: 0, deciders: 0, freshness: 0, revenue: 0, "
		      "relationships: 0, actions: 0, completeness: 0}\n");
	const kam_health *h = health(&f, "2026-11-20", "id: acme\nreviewed: 2026-10-01\n");
	assert_int_equal(h->score, 100);
	NEAR(h->parts[KAM_HEALTH_REVIEW].max, 100);
	assert_false(kam_health_lacking(h, h->weakest));
	/* half marks the next quarter while the review is not overdue */
	h = health(&f, "2027-01-05", "id: acme\nreviewed: 2026-12-01\n");
	assert_int_equal(h->score, 50);
	assert_int_equal(h->weakest, KAM_HEALTH_REVIEW);
	/* every weight 0: nothing counts, the score is 0 and nothing lacks */
	f.config.health =
	    parse(&f, "weights: {buying-unit: 0, deciders: 0, freshness: 0, revenue: 0, "
		      "relationships: 0, actions: 0, review: 0, completeness: 0}\n");
	h = health(&f, "2026-11-20", "id: acme\nreviewed: 2026-10-01\n");
	assert_int_equal(h->score, 0);
	for (int i = 0; i < KAM_HEALTH__COUNT; i++)
		assert_false(kam_health_lacking(h, (kam_health_part)i));
	/* the defaults add up to 100 */
	int sum = 0;
	for (int i = 0; i < KAM_HEALTH__COUNT; i++)
		sum += kam_health_default_weight((kam_health_part)i);
	assert_int_equal(sum, 100);
	release(&f);
}

static const char fresh_plan[] =
    "id: acme\n"
    "contacts:\n"
    "  - {id: c.a, name: A}\n"
    "  - {id: c.b, name: B}\n"
    "  - {id: c.c, name: C}\n"
    "opportunities:\n"
    "  - id: o-a\n"
    "    stage: qualify\n"
    "    decision_leader: c.a\n"
    "    buying_unit: [{contact: c.b, role: approver}, {contact: c.c, role: evaluator}]\n"
    "touches:\n"
    "  - {date: 2026-08-22, contacts: [c.a]}\n"
    "  - {date: 2026-08-21, contacts: [c.b, c.c]}\n"
    "  - {date: 2026-12-01, contacts: [c.b], kind: event}\n";

static void test_freshness_window(void **state)
{
	(void)state;
	fixture f;
	setup_config(&f);
	/* on 2026-11-20: c.a met 90 days ago (in the window), c.b 91 days ago
	 * (the event of 2026-12-01 has not happened yet); c.c evaluates and
	 * does not decide */
	const kam_health *h = health(&f, "2026-11-20", fresh_plan);
	NEAR(h->parts[KAM_HEALTH_FRESHNESS].fraction, 0.5);
	assert_string_equal(kam_health_why(h, KAM_HEALTH_FRESHNESS),
			    "1 of 2 deciders met in the last 90 days; c.b last met 2026-08-21");
	assert_string_equal(h->oldest.contact, "c.b");
	assert_true(h->oldest.met);
	assert_int_equal(h->oldest.days, 91);
	/* a day later both are stale */
	h = health(&f, "2026-11-21", fresh_plan);
	NEAR(h->parts[KAM_HEALTH_FRESHNESS].fraction, 0);
	/* on 2026-12-02 c.b was met yesterday, c.a is the oldest */
	h = health(&f, "2026-12-02", fresh_plan);
	NEAR(h->parts[KAM_HEALTH_FRESHNESS].fraction, 0.5);
	assert_string_equal(h->oldest.contact, "c.a");
	assert_int_equal(h->oldest.days, 102);
	release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_influence_weighs_deciders),
	    cmocka_unit_test(test_revenue_prorated_to_the_day),
	    cmocka_unit_test(test_nothing_to_measure_scores_zero),
	    cmocka_unit_test(test_weights),
	    cmocka_unit_test(test_freshness_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
