#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kam/brief.h"
#include "banned.h"

const char cmd_brief_usage[] =
	"usage: kam brief [--format text|md] ACCOUNT[#CONTACT]\n"
	"\n"
	"A one-page sheet to prepare a meeting.\n"
	"\n"
	"For an account: its name, tier, owner and focus, and the next renewal\n"
	"(the contract, its notice date and end, and the deal that renews it or\n"
	"auto-renew); the open deals with their buying units (per person: the\n"
	"role in the deal, attitude and influence, our owner, when last met); for\n"
	"a partner account, the open deals other plans route through it\n"
	"(partner:), by account with sums per currency; the goals with owner,\n"
	"measure and the done and open actions serving them; the open actions of\n"
	"the plan and its meeting notes; the three newest meeting notes (date,\n"
	"title, attendees, open actions).\n"
	"\n"
	"For a person (northwind-bank#c.mueller): name, title, status (left or\n"
	"moved, with the successor), roles across the account and in each open\n"
	"deal, attitude and influence, relationship level and the next step of\n"
	"the relationship plan, our owner, when and how they were last met (the\n"
	"latest meeting note they attended or touch of the plan, up to today),\n"
	"the open actions with them and the three newest meeting notes they\n"
	"attended.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT  text (default) or md (Markdown, to paste or post)\n"
	"\n"
	"The global --today DATE fixes today (what is overdue, the next step,\n"
	"last met). When the plan or a meeting note cannot be read, the sheet says\n"
	"which and shows the rest.\n"
	"\n"
	"Exit status: 0 shown, 1 shown but a document of the account could not be\n"
	"read (for a partner: or a plan that could route deals through it), 2\n"
	"usage error, unreadable repository, unknown account or contact.\n";

static int parse_brief(int argc, char **argv, kam_brief_format *format, const char **subject)
{
	static const char *const formats[] = {"text", "md", NULL}; /* kam_brief_format's order */
	int given = *format == KAM_BRIEF_MD;
	int rc = parse_format_subject(argc, argv, "brief", formats, &given, subject, SUBJECT_ONE,
				      "one account or account#contact");
	*format = given == 1 ? KAM_BRIEF_MD : KAM_BRIEF_TEXT;
	return rc;
}

int cmd_brief(int argc, char **argv)
{
	kam_brief_format format = KAM_BRIEF_TEXT;
	const char *subject = NULL;
	if (parse_brief(argc, argv, &format, &subject))
		return EXIT_USAGE;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_session session = {0};
	kam_index *index = NULL;
	kam_check_stats stats = {0};
	kam_buf out = KAM_BUF_INIT;
	size_t unread = 0;
	kam_plan_summary *plans = NULL;
	size_t count = 0, unread_count = 0;
	kam_unread_plan *unread_plans = NULL;
	kam_check_options options = {.today = globals.today, .summaries = &plans, .summary_count = &count, .unread = &unread_plans, .unread_count = &unread_count};
	int rc = EXIT_USAGE;
	if (kam_session_open_here(&session, &diags, &err) < 0 ||
	    kam_check_index(&index, session.repo, NULL, 0, session.display_base, &options, &diags, &stats, &err) < 0 ||
	    kam_brief(&out, &unread, session.repo, index,
		      &(kam_portfolio){plans, count, unread_plans, unread_count}, subject,
		      globals.today, format, &err) < 0) {
		say("brief: %s", err.message);
		goto done;
	}
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	rc = unread ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_unread_plans_free(unread_plans, unread_count);
	for (size_t i = 0; i < count; i++)
		kam_plan_summary_release(&plans[i]);
	free(plans);
	kam_buf_release(&out);
	kam_index_free(index);
	kam_session_close(&session);
	kam_diag_list_release(&diags);
	return rc;
}
