#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kam/forecast.h"
#include "banned.h"

const char cmd_forecast_usage[] =
    "usage: kam forecast [--quarter YYYY-Qn] [--by account|owner|tier]\n"
    "                    [--format text|md|json]\n"
    "\n"
    "Will we make the number: per account (or owner, or tier) the quarter's\n"
    "revenue target, won, commit, best case, pipeline, weighted pipeline, the\n"
    "gap to target and the coverage of that gap, with a total per currency.\n"
    "\n"
    "A deal counts in the quarter of its close:. won: deals won that close in\n"
    "the quarter (revenue actual is the client's spend, not added). An open\n"
    "deal's category is its forecast:, else kam.yaml's stages.<stage>.forecast,\n"
    "else identify/validate/qualify pipeline, propose best-case, negotiate\n"
    "commit. best case: commit and best-case deals; pipeline: every open deal\n"
    "not omitted; weighted: value x probability (as given, else the middle of\n"
    "the stage's range); gap: target - won - commit; coverage: (pipeline -\n"
    "commit) / gap, 'met' when won and commit reach the target, '-' with no\n"
    "target. Amounts in different currencies are never added: each currency\n"
    "has its own tables and total. A deal is counted once, in the plan that\n"
    "holds it: a partner plan's deal with the id of one a client's plan routes\n"
    "through that partner is not counted again.\n"
    "\n"
    "Options:\n"
    "  --quarter Q      the fiscal quarter (default: the current one)\n"
    "  --by ROWS        account (default), owner (the account's owner) or tier\n"
    "                   (in kam.yaml's order)\n"
    "  --format FORMAT  text (default, 80 columns), md (GitHub Markdown) or json\n"
    "\n"
    "Exit status: 0; 1 when a plan was left out (unreadable or a duplicate id);\n"
    "2 usage error or unreadable repository.\n";

typedef struct forecast_options {
	const char *quarter, *format;
	kam_forecast_by by;
} forecast_options;

static int parse_by(const char *s, kam_forecast_by *out)
{
	for (int by = KAM_FORECAST_BY_ACCOUNT; by <= KAM_FORECAST_BY_TIER; by++)
		if (strcmp(s, kam_forecast_by_name((kam_forecast_by)by)) == 0) {
			*out = (kam_forecast_by)by;
			return 0;
		}
	return die_usage("--by takes account, owner or tier, not '%s'", s);
}

static int parse_forecast(int argc, char **argv, forecast_options *o)
{
	static const struct option options[] = {{"quarter", required_argument, NULL, 'q'},
						{"by", required_argument, NULL, 'b'},
						{"format", required_argument, NULL, 'f'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'q')
			o->quarter = optarg;
		else if (c == 'b' && parse_by(optarg, &o->by))
			return EXIT_USAGE;
		else if (c == 'f')
			o->format = optarg;
		else if (c != 'b')
			return die_usage("forecast: unknown option or missing value '%s'; see 'kam "
					 "forecast --help'",
					 argv[optind - 1]);
	}
	if (optind < argc)
		return die_usage("forecast: no arguments expected; see 'kam forecast --help'");
	if (strcmp(o->format, "text") != 0 && strcmp(o->format, "md") != 0 &&
	    strcmp(o->format, "json") != 0)
		return die_usage("--format takes text, md or json, not '%s'", o->format);
	kam_quarter q;
	if (o->quarter && !kam_quarter_parse(o->quarter, &q))
		return die_usage("--quarter takes a quarter YYYY-Qn, not '%s'", o->quarter);
	return 0;
}

static void print_report(const kam_forecast_report *f, const char *format, const kam_config *config)
{
	kam_buf out = KAM_BUF_INIT;
	kam_date today = kam_today(config->timezone, globals.today);
	if (strcmp(format, "json") == 0)
		kam_forecast_json(&out, f, today, config->fiscal_year_start);
	else if (strcmp(format, "md") == 0)
		kam_forecast_md(&out, f, today, config->fiscal_year_start);
	else
		kam_forecast_text(&out, f, today, config->fiscal_year_start);
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	kam_buf_release(&out);
}

int cmd_forecast(int argc, char **argv)
{
	forecast_options o = {NULL, "text", KAM_FORECAST_BY_ACCOUNT};
	if (parse_forecast(argc, argv, &o))
		return EXIT_USAGE;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_session session = {0};
	kam_forecast_report *f = NULL;
	kam_unread_plan *unread = NULL;
	size_t unread_count = 0, dup_count = 0;
	kam_forecast_duplicate *dups = NULL;
	kam_quarter q;
	int rc = EXIT_USAGE;
	if (kam_session_open_here(&session, &diags, &err) < 0 ||
	    kam_forecast_load(&f, session.repo, globals.today,
			      o.quarter && kam_quarter_parse(o.quarter, &q) ? &q : NULL, o.by, session.display_base,
			      &unread, &unread_count, &dups, &dup_count, &err) < 0) {
		say("forecast: %s", err.message);
		goto done;
	}
	print_report(f, o.format, kam_repo_config(session.repo));
	size_t left_out = report_unread("forecast", unread, unread_count) + dup_count;
	for (size_t i = 0; i < dup_count; i++)
		say("forecast: %s claims the account id '%s' of another plan: not counted; run kam "
		    "check",
		    dups[i].file, dups[i].account);
	rc = left_out ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_unread_plans_free(unread, unread_count);
	kam_forecast_duplicates_free(dups, dup_count);
	kam_forecast_free(f);
	kam_session_close(&session);
	kam_diag_list_release(&diags);
	return rc;
}
