#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"

const char cmd_status_usage[] =
	"usage: kam status [--format text|json]\n"
	"\n"
	"The portfolio in the terminal: per account the tier, owner, open pipeline,\n"
	"open must-wins, revenue this quarter against target, the date the next\n"
	"review is due and the health score (0-100); under it, the weakest part of\n"
	"its health in words, and the decider of an open deal met longest ago.\n"
	"Health weighs eight parts (default weights; kam.yaml's health: {weights:}\n"
	"changes them): buying unit of the must-wins known and owned (20), their\n"
	"deciders' attitude and influence (15), deciders met within 90 days (10),\n"
	"revenue against the quarter's target so far (20), relationship targets\n"
	"and steps on plan (10), open actions of the plan and its meeting notes on\n"
	"time (10), plan reviewed this quarter (10), every part present (5). A part\n"
	"with nothing to measure scores 0. See docs/rules.md, Health.\n"
	"\n"
	"Also under an account: its next renewal (the contract that has not ended\n"
	"with the earliest notice date: value, notice date, end, and the deal that\n"
	"renews it, auto-renews, or no deal renews it); for a partner account, the\n"
	"open deals other plans route through it (partner:), summed per currency,\n"
	"and how many plans could not be seen.\n"
	"\n"
	"A plan kam cannot read (invalid YAML, not UTF-8, ...) keeps a row marked\n"
	"unreadable, is named on stderr and is left out of the totals; so is a plan\n"
	"that claims the account id of another plan's file (a copy whose id was not\n"
	"changed). Other problems in plans are 'kam check''s business.\n"
	"\n"
	"Exit status: 0; 1 when a plan was left out (unreadable or a duplicate id);\n"
	"2 when the repository cannot be read.\n";

static size_t report_duplicates(const kam_plan_summary *plans, size_t count)
{
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		if (plans[i].duplicate && ++n)
			say("status: %s claims the account id '%s' of another plan: "
			    "not counted; run kam check",
				plans[i].file, plans[i].account);
	return n;
}

int cmd_status(int argc, char **argv)
{
	bool json = false;
	if (parse_text_or_json(argc, argv, "status", &json))
		return EXIT_USAGE;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_session session = {0};
	kam_check_stats stats = {0};
	kam_plan_summary *plans = NULL;
	size_t count = 0;
	kam_unread_plan *unread = NULL;
	size_t unread_count = 0;
	kam_check_options check = {.today = globals.today, .summaries = &plans, .summary_count = &count, .unread = &unread, .unread_count = &unread_count};
	kam_buf out = KAM_BUF_INIT;
	int rc = EXIT_USAGE;
	if (kam_session_open_here(&session, &diags, &err) < 0 ||
	    kam_check_paths(session.repo, NULL, 0, session.display_base, &check, &diags, &stats, &err) < 0) {
		say("status: %s", err.message);
		goto done;
	}
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, kam_repo_config(session.repo), globals.today);
	kam_status_sort(plans, count, kam_repo_config(session.repo));
	if (json)
		kam_status_json(&out, &ctx, plans, count, unread, unread_count);
	else
		kam_status_text(&out, &ctx, plans, count, unread, unread_count);
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	size_t left_out = report_unread("status", unread, unread_count);
	left_out += report_duplicates(plans, count);
	rc = left_out ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_unread_plans_free(unread, unread_count);
	for (size_t i = 0; i < count; i++)
		kam_plan_summary_release(&plans[i]);
	free(plans);
	kam_buf_release(&out);
	kam_session_close(&session);
	kam_diag_list_release(&diags);
	return rc;
}
