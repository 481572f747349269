#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kam/agenda.h"
#include "banned.h"

const char cmd_agenda_usage[] =
	"usage: kam agenda [@MEMBER] [--days N] [--format text|md|ics]\n"
	"\n"
	"What comes due in the next N days (default 30: today to today + 30, both\n"
	"included) across every plan and meeting note: open actions by due date,\n"
	"plan reviews (reviewed: plus three months, when review-overdue fires),\n"
	"contract notice dates (end minus notice_months), open deals whose close\n"
	"quarter ends, open goals whose quarter ends, and relationship steps and\n"
	"targets (contacts' relationship.steps and target/by) not yet reached by\n"
	"the end of their quarter. What is overdue (before today) is listed first,\n"
	"whatever N: an open action past due, a quarter ended with the deal open\n"
	"or the level not reached, a review past due, a notice date passed with\n"
	"no deal renewing the contract (and no auto_renew) before it ends.\n"
	"\n"
	"@MEMBER (a team member id of kam.yaml, as in owner: fields) keeps what\n"
	"falls to them: an item's own owner (the action's, the contact's, the\n"
	"deal's, the goal's), else the account's owner.\n"
	"\n"
	"Options:\n"
	"  --days N         the window in days, 0 (today only) to 3660 (default 30)\n"
	"  --format FORMAT  text (default; aligned at 80 columns), md (Markdown\n"
	"                   tables) or ics (an iCalendar, RFC 5545: one all-day\n"
	"                   event per item, with a UID that stays the same from run\n"
	"                   to run, so a calendar subscription updates the event)\n"
	"\n"
	"Exit status: 0 shown; 1 a file could not be read (named on stderr with\n"
	"its line and why; the rest is shown); 2 usage error (an unknown option, a\n"
	"member not in kam.yaml's team, --days out of range) or no repository.\n";

typedef struct agenda_args {
	const char *format, *member;
	int days;
} agenda_args;

static int parse_days(const char *text, int *out)
{
	char *end = NULL;
	long n = text[0] >= '0' && text[0] <= '9' ? strtol(text, &end, 10) : -1;
	if (n < 0 || !end || *end || n > KAM_AGENDA_MAX_DAYS)
		return die_usage("--days takes a number of days from 0 to %d, not '%s'",
				 KAM_AGENDA_MAX_DAYS, text);
	*out = (int)n;
	return 0;
}

static int parse_subject(agenda_args *a, int argc, char **argv)
{
	if (argc - optind > 1)
		return die_usage("agenda: one member at most; see 'kam agenda --help'");
	if (argc == optind)
		return 0;
	const char *s = argv[optind];
	if (s[0] != '@' || !s[1])
		return die_usage("agenda: name a team member as @ID, not '%s'; see 'kam agenda --help'",
				 s);
	a->member = s + 1;
	return 0;
}

static int parse(int argc, char **argv, agenda_args *a)
{
	static const struct option options[] = {{"days", required_argument, NULL, 'd'},
						{"format", required_argument, NULL, 'f'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'd' && parse_days(optarg, &a->days))
			return EXIT_USAGE;
		else if (c == 'f')
			a->format = optarg;
		else if (c != 'd')
			return die_usage("agenda: unknown option or missing value '%s'; see 'kam "
					 "agenda --help'",
					 argv[optind - 1]);
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "md") != 0 &&
	    strcmp(a->format, "ics") != 0)
		return die_usage("--format takes text, md or ics, not '%s'", a->format);
	return parse_subject(a, argc, argv);
}

/* "kam: agenda: accounts/x.md:6:18: could not be read (yaml-syntax): left out" */
static size_t report_unseen(const kam_agenda *a)
{
	size_t count;
	const kam_agenda_unread *u = kam_agenda_unread_files(a, &count);
	for (size_t i = 0; i < count; i++) {
		if (u[i].line)
			say("agenda: %s:%u:%u: could not be read (%s): its dates are left out; run kam "
			    "check",
			    u[i].file, u[i].line, u[i].column, u[i].why);
		else
			say("agenda: %s: could not be read (%s): its dates are left out; run kam check",
			    u[i].file, u[i].why);
	}
	return count;
}

int cmd_agenda(int argc, char **argv)
{
	agenda_args args = {"text", NULL, KAM_AGENDA_DEFAULT_DAYS};
	if (parse(argc, argv, &args))
		return EXIT_USAGE;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_session session = {0};
	kam_agenda *a = NULL;
	kam_buf out = KAM_BUF_INIT;
	int rc = EXIT_USAGE;
	if (kam_session_open_here(&session, &diags, &err) < 0) {
		say("agenda: %s", err.message);
		goto done;
	}
	const kam_config *config = kam_repo_config(session.repo);
	kam_agenda_options o = {kam_today(config->timezone, globals.today), args.days, args.member};
	if (kam_agenda_build(&a, session.repo, &o, &err) < 0) {
		say("agenda: %s", err.message);
		goto done;
	}
	if (strcmp(args.format, "ics") == 0)
		kam_agenda_ics(&out, a);
	else if (strcmp(args.format, "md") == 0)
		kam_agenda_md(&out, a);
	else
		kam_agenda_text(&out, a);
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	fflush(stdout); /* the agenda, then what stderr says of it */
	rc = report_unseen(a) ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_agenda_free(a);
	kam_buf_release(&out);
	kam_session_close(&session);
	kam_diag_list_release(&diags);
	return rc;
}
