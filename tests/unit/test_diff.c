/* The plan-terms story of a diff: deals reopened or withdrawn from won,
 * and body sections matched by heading and occurrence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

static kam_config config = {.currency = "EUR", .fiscal_year_start = 1, .timezone = "UTC"};

static kam_doc *doc(const char *text)
{
	kam_diag_list diags = {0};
	kam_doc *d;
	kam_doc_parse(&d, "accounts/acme.md", text, strlen(text), NULL, &diags);
	kam_diag_list_release(&diags);
	return d;
}

/* The diff of two versions of acme, judged on 2026-11-20. */
static kam_diff *diff_of(const char *before, const char *after)
{
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, &config, "2026-11-20");
	kam_diff *d = NULL;
	assert_int_equal(kam_diff_docs(&d, "acme", doc(before), doc(after), &ctx, &ctx, NULL), KAM_OK);
	return d;
}

#define PLAN(o_w, o_l, o_r, o_q)                                                                   \
	"---\nid: acme\nname: Acme\ntype: customer\nowner: anna.petrova\nopportunities:\n"          \
	"  - {id: o-w, title: W, stage: " o_w ", value: 400000, close: 2027-Q2}\n"                  \
	"  - {id: o-l, title: L, stage: " o_l ", value: 300000, close: 2027-Q2}\n"                  \
	"  - {id: o-r, title: R, stage: " o_r ", value: 200000, close: 2027-Q2}\n"                  \
	"  - {id: o-q, title: Q, stage: " o_q ", value: 100000, close: 2027-Q2}\n---\n# Acme\n"

static void test_closed_deals(void **state)
{
	(void)state;
	kam_diff *d = diff_of(PLAN("won", "lost", "won", "lost"),
			      PLAN("lost", "won", "negotiate", "qualify"));
	size_t n;
	const kam_account_diff *a = kam_diff_accounts(d, &n);
	assert_int_equal(n, 1);
	/* health stays 1 (completeness: opportunities alone): the reopened deals
	 * have no buying unit, deciders or revenue to count, so it is not told */
	assert_int_equal(a->story_count, 5);
	assert_string_equal(a->story[0], "open pipeline 0 -> 300,000 EUR (+300,000)");
	assert_string_equal(a->story[1], "lost o-w (was won; 400,000 EUR withdrawn from won)");
	assert_string_equal(a->story[2], "won o-l (was lost; 300,000 EUR)");
	assert_string_equal(a->story[3],
			    "o-r reopened (was won): now negotiate; 200,000 EUR withdrawn from won");
	assert_string_equal(a->story[4], "o-q reopened (was lost): now qualify (100,000 EUR)");
	kam_diff_totals t;
	kam_diff_totals_of(d, "EUR", &t);
	assert_int_equal(t.won, 1);
	assert_int_equal(t.lost, 1);
	assert_int_equal(t.reopened, 2);
	assert_int_equal(t.withdrawn, 2);
	assert_int_equal(t.stage_forward, 0); /* reopening is no step forward */
	assert_int_equal(t.stage_back, 0);
	assert_int_equal(t.money_count, 1);
	assert_true(t.money[0].won_value == 300000);
	assert_true(t.money[0].withdrawn_value == 600000);
	kam_diff_totals_release(&t);
	kam_diff_free(d);
}

static void test_open_stages_still_move(void **state)
{
	(void)state;
	kam_diff *d = diff_of(PLAN("qualify", "propose", "won", "lost"),
			      PLAN("propose", "qualify", "won", "lost"));
	kam_diff_totals t;
	kam_diff_totals_of(d, "EUR", &t);
	assert_int_equal(t.stage_forward, 1);
	assert_int_equal(t.stage_back, 1);
	assert_int_equal(t.reopened + t.withdrawn + t.won + t.lost, 0);
	kam_diff_totals_release(&t);
	kam_diff_free(d);
}

#define NAMED(name, first, second)                                                                \
	"---\nid: acme\nname: " name "\ntype: customer\nowner: anna.petrova\n---\n# Acme\n\n"        \
	"## Goals\n\n### Next steps\n\n" first "\n\n## Opportunities\n\n### Next steps\n\n" second "\n"
#define BODY(first, second) NAMED("Acme", first, second)

static void test_repeated_headings_unchanged(void **state)
{
	(void)state;
	/* the same body: no change at all */
	kam_diff *d = diff_of(BODY("Call Ann.", "Send the offer."), BODY("Call Ann.", "Send the offer."));
	size_t n;
	kam_diff_accounts(d, &n);
	assert_int_equal(n, 0);
	kam_diff_free(d);
	/* a frontmatter change: that change only, no phantom body change */
	d = diff_of(BODY("Call Ann.", "Send the offer."), NAMED("Acme AG", "Call Ann.", "Send the offer."));
	const kam_account_diff *a = kam_diff_accounts(d, &n);
	assert_int_equal(n, 1);
	assert_int_equal(a->change_count, 1);
	assert_string_equal(a->changes[0].field, "name");
	kam_diff_free(d);
}

static void test_repeated_headings_second_changed(void **state)
{
	(void)state;
	kam_diff *d = diff_of(BODY("Call Ann.", "Send the offer."),
			      BODY("Call Ann.", "Send the new offer."));
	size_t n;
	const kam_account_diff *a = kam_diff_accounts(d, &n);
	assert_int_equal(n, 1);
	assert_int_equal(a->change_count, 1);
	assert_string_equal(a->changes[0].collection, "body");
	assert_string_equal(a->changes[0].entity, "### Next steps (2nd)");
	assert_string_equal(a->changes[0].new_value, "+1 -1");
	assert_int_equal(a->changes[0].line, 17);
	kam_diff_free(d);
	/* the first one changed: the first one, and no label */
	d = diff_of(BODY("Call Ann.", "Send the offer."), BODY("Call Bo.", "Send the offer."));
	a = kam_diff_accounts(d, &n);
	assert_int_equal(a->change_count, 1);
	assert_string_equal(a->changes[0].entity, "### Next steps");
	assert_int_equal(a->changes[0].line, 11);
	kam_diff_free(d);
	/* a third one added: the third one is new, the other two unchanged */
	d = diff_of(BODY("Call Ann.", "Send the offer."),
		    BODY("Call Ann.", "Send the offer.") "### Next steps\n\nWait.\n");
	a = kam_diff_accounts(d, &n);
	assert_int_equal(a->change_count, 1);
	assert_string_equal(a->changes[0].entity, "### Next steps (3rd)");
	assert_string_equal(a->changes[0].new_value, "+3 -0");
	kam_diff_free(d);
}

#define DEALS(a, b, c, d)                                                                          \
	"---\nid: acme\nname: Acme\ntype: customer\nowner: anna.petrova\nopportunities:\n"         \
	"  - {id: o-a, title: A, stage: qualify, value: 100000, close: " a "}\n"                   \
	"  - {id: o-b, title: B, stage: qualify, value: 200000, close: " b "}\n"                   \
	"  - {id: o-c, title: C, stage: qualify, value: 50000, close: " c "}\n"                    \
	"  - {id: o-d, title: D, stage: " d ", value: 300000, close: 2026-Q4}\n---\n# Acme\n"

/* Closes that moved: slipped (out of the quarter asked only when it was
 * their close), pulled in; a deal lost with its reason and winner. */
static void test_slips_and_losses(void **state)
{
	(void)state;
	kam_diff *d = diff_of(
	    DEALS("2026-Q4", "2026-Q4", "2027-Q1", "negotiate"),
	    DEALS("2027-Q1", "2026-Q3", "2027-Q2", "lost, lost_reason: price, lost_to: globex"));
	kam_quarter q4 = {2026, 4};
	kam_diff_totals t;
	kam_diff_totals_in(d, "EUR", &q4, &t);
	assert_int_equal(t.slipped, 2);
	assert_int_equal(t.slipped_out, 1); /* o-c was to close in 2027-Q1 */
	assert_int_equal(t.pulled_in, 1);
	assert_true(t.money[0].slipped_value == 150000 && t.money[0].slipped_out_value == 100000);
	assert_true(t.money[0].pulled_in_value == 200000 && t.money[0].lost_value == 300000);
	assert_int_equal(t.lost_by_count, 1);
	assert_int_equal(t.lost_by[0].reason, KAM_LOST_PRICE);
	assert_string_equal(t.lost_by[0].lost_to, "globex");
	kam_diff_totals_release(&t);
	kam_diff_totals_of(d, "EUR", &t); /* no quarter: nothing slipped out of one */
	assert_false(t.has_quarter);
	assert_int_equal(t.slipped_out, 0);
	kam_diff_totals_release(&t);
	kam_diff_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_closed_deals),
	    cmocka_unit_test(test_open_stages_still_move),
	    cmocka_unit_test(test_repeated_headings_unchanged),
	    cmocka_unit_test(test_repeated_headings_second_changed),
	    cmocka_unit_test(test_slips_and_losses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
