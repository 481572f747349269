/* What runs through a partner: routed deals read from small plans written
 * here, and the pipeline of one partner made from summaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kam/kam.h"

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

/* Open deals naming a partner other than the plan itself, in plan order;
 * won, lost and partnerless deals are not routed. */
static void routed_deals(void **state)
{
	(void)state;
	size_t n;
	kam_routed_deal *d = kam_routed_deals_read(
	    parse("opportunities:\n"
		  "  - {id: o-1, title: One, stage: propose, value: 10, close: 2027-Q1, partner: "
		  "fab}\n"
		  "  - {id: o-2, stage: won, value: 20, partner: fab}\n"
		  "  - {id: o-3, stage: lost, value: 30, partner: fab}\n"
		  "  - {id: o-4, stage: qualify, value: 40}\n"
		  "  - {id: o-5, stage: qualify, value: 50, partner: self}\n"
		  "  - {id: o-6, stage: bogus, partner: other, must_win: true}\n"),
	    "self", &n);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].id, "o-1");
	assert_string_equal(d[0].partner, "fab");
	assert_string_equal(d[0].title, "One");
	assert_string_equal(d[0].close, "2027-Q1");
	assert_int_equal(d[0].stage, KAM_STAGE_PROPOSE);
	assert_true(d[0].has_value && d[0].value == 10);
	assert_string_equal(d[1].id, "o-6"); /* an unknown stage counts as open */
	assert_int_equal(d[1].stage, KAM_STAGE_UNKNOWN);
	assert_string_equal(d[1].stage_text, "bogus");
	assert_false(d[1].has_value);
	assert_true(d[1].must_win);
	kam_routed_deals_free(d, n);
	assert_null(kam_routed_deals_read(NULL, NULL, &n));
	assert_int_equal(n, 0);
	kam_routed_deals_free(NULL, 0);
}

static kam_plan_summary summary(const char *file, const char *account, const char *currency,
				const char *yaml)
{
	kam_plan_summary s = {0};
	s.file = kam_xstrdup(file);
	s.account = kam_xstrdup(account);
	s.currency = kam_xstrdup(currency);
	s.routed = kam_routed_deals_read(parse(yaml), account, &s.routed_count);
	return s;
}

/* By account id, sums per currency never added across currencies; the
 * partner's own plan, unread plans and duplicates are kept apart. */
static void pipeline(void **state)
{
	(void)state;
	kam_plan_summary plans[4];
	plans[0] = summary("accounts/zeta.md", "zeta", "USD",
			   "opportunities: [{id: z, stage: propose, value: 5, partner: fab}]");
	plans[1] = summary("accounts/acme.md", "acme", "EUR",
			   "opportunities: [{id: a, stage: propose, value: 1, partner: fab},"
			   " {id: b, stage: propose, value: 2, partner: fab},"
			   " {id: c, stage: propose, value: 4, partner: other}]");
	plans[2] = summary("accounts/fab.md", "fab", "EUR",
			   "opportunities: [{id: f, stage: propose, value: 8, partner: fab}]");
	plans[3] = summary("accounts/zeta-copy.md", "zeta", "USD",
			   "opportunities: [{id: z, stage: propose, value: 5, partner: fab}]");
	plans[3].duplicate = true;
	kam_unread_plan unread[3] = {
	    {.file = "accounts/broken.md", .reason = "yaml-syntax at 3:7", .is_plan = true},
	    {.file = "accounts/acme/meetings/x.md", .reason = "yaml-syntax at 1:1"},
	    /* the partner's own plan: not seen by others, but its own deals never count */
	    {.file = "accounts/fab.md",
	     .account = "fab",
	     .reason = "yaml-syntax at 2:2",
	     .is_plan = true},
	};
	kam_partner_pipeline p;
	kam_partner_pipeline_init(&p, "fab", plans, 4, unread, 3);
	assert_int_equal(p.deal_count, 3);
	assert_int_equal(p.account_count, 2);
	assert_string_equal(p.accounts[0].plan->account, "acme");
	assert_int_equal(p.accounts[0].deal_count, 2);
	assert_string_equal(p.accounts[0].deals[1]->id, "b");
	assert_int_equal(p.accounts[0].sums.count, 1);
	assert_true(p.accounts[0].sums.amount[0] == 3);
	assert_string_equal(p.accounts[1].plan->account, "zeta");
	assert_int_equal(p.sums.count, 2);
	assert_string_equal(p.sums.currency[0], "USD"); /* in the order met */
	assert_true(p.sums.amount[0] == 5 && p.sums.amount[1] == 3);
	assert_int_equal(p.unseen_count, 2);
	assert_string_equal(p.unseen[0].file, "accounts/broken.md");
	assert_string_equal(p.unseen[0].why, "yaml-syntax at 3:7");
	assert_string_equal(p.unseen[1].file, "accounts/zeta-copy.md");
	assert_null(p.unseen[1].why);
	kam_partner_pipeline_release(&p);
	/* all partners in one pass: the same pipelines */
	kam_partner_pipelines all;
	kam_partner_pipelines_init(&all, plans, 4, unread, 3);
	const kam_partner_pipeline *q = kam_partner_pipelines_get(&all, "fab");
	assert_int_equal(q->deal_count, 3);
	assert_int_equal(q->account_count, 2);
	assert_string_equal(q->accounts[0].plan->account, "acme");
	assert_true(q->accounts[0].sums.amount[0] == 3);
	assert_string_equal(q->sums.currency[0], "USD");
	assert_int_equal(q->unseen_count, 2);
	assert_string_equal(q->unseen[0].file, "accounts/broken.md");
	assert_string_equal(q->unseen[1].file, "accounts/zeta-copy.md");
	q = kam_partner_pipelines_get(&all, "other");
	assert_int_equal(q->deal_count, 1);
	assert_int_equal(q->unseen_count, 2); /* the unreadable plans */
	assert_string_equal(q->unseen[1].file, "accounts/fab.md");
	q = kam_partner_pipelines_get(&all, "nobody");
	assert_int_equal(q->deal_count, 0);
	assert_int_equal(q->unseen_count, 2);
	assert_string_equal(q->unseen[0].file, "accounts/broken.md");
	assert_int_equal(kam_partner_pipelines_get(&all, NULL)->deal_count, 0);
	kam_partner_pipelines_release(&all);
	/* nothing routed through other than acme's deal c */
	kam_partner_pipeline_init(&p, "other", plans, 3, NULL, 0);
	assert_int_equal(p.deal_count, 1);
	assert_int_equal(p.unseen_count, 0);
	kam_partner_pipeline_release(&p);
	kam_partner_pipeline_init(&p, "nobody", plans, 3, NULL, 0);
	assert_int_equal(p.deal_count + p.account_count + p.sums.count, 0);
	kam_partner_pipeline_release(&p);
	for (size_t i = 0; i < 4; i++)
		kam_plan_summary_release(&plans[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(routed_deals),
	    cmocka_unit_test(pipeline),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
