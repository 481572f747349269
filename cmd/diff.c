#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"

const char cmd_diff_usage[] =
	"usage: kam diff [--format text|md|json] [--staged] [REV [REV] | REV..REV]\n"
	"       kam diff [--format text|md|json] --quarter YYYY-Qn\n"
	"\n"
	"What changed in the account plans, in plan terms: open pipeline,\n"
	"opportunities won, lost, added and moved forward or back, contacts added\n"
	"or removed, attitudes, relationship levels against target, goals, actions,\n"
	"revenue against target, health before and after, then every other change\n"
	"by field, and body text per heading. Buying units, people who leave,\n"
	"influence, relationship steps, touches, focus and the client's validation\n"
	"are told in plan terms; so are meeting notes (kind: meeting), in their\n"
	"account's story: created, changed, removed, and their actions. Plans are\n"
	"read from git without a checkout. A deal moved from won or lost back to\n"
	"an open stage is reopened, not a stage forward; the value of a deal won\n"
	"before and now lost or reopened is withdrawn from won.\n"
	"\n"
	"Commerce in plan terms: a deal moved to commit (its forecast, else its\n"
	"stage's category in kam.yaml), an open deal's close that slipped from\n"
	"2026-Q4 to 2027-Q1 or was pulled in, why a deal was lost and to whom;\n"
	"the account's competitors and their position, contracts (renewed,\n"
	"extended, value), whitespace cells (open -> ours), units, and the new\n"
	"fields of deals and goals.\n"
	"\n"
	"Health and the parts that depend on the day (review due, overdue\n"
	"actions, stale closes) are judged on comparable days: both sides today\n"
	"against the work tree or the index; both on the day commit B was made\n"
	"for two commits (as kam log and kam commit judge a commit).\n"
	"\n"
	"  kam diff               HEAD against the work tree\n"
	"  kam diff --staged      HEAD against the index (what the next commit holds)\n"
	"  kam diff REV           REV against the work tree\n"
	"  kam diff A B, A..B     commit A against commit B\n"
	"  kam diff --quarter 2026-Q3\n"
	"                         the quarter: the last commit of the first-parent\n"
	"                         history before it starts against the last before it\n"
	"                         ends (midnight in kam.yaml's timezone, fiscal quarters),\n"
	"                         with the commits and authors in between; the base is\n"
	"                         judged on the previous quarter's last day, the head on\n"
	"                         the quarter's last day, or today for the quarter in\n"
	"                         progress (\"so far, as of DATE\"); it adds the deals\n"
	"                         that slipped out of the quarter and the value lost\n"
	"                         by reason, with the competitors lost to\n"
	"\n"
	"Options:\n"
	"  --format FORMAT  text (default), md (for a pull request or a QBR page)\n"
	"                   or json\n"
	"\n"
	"A plan version kam cannot read (invalid YAML, ...) leaves its account out\n"
	"of that comparison, a meeting note version only itself; stderr names the\n"
	"file and the revision.\n"
	"\n"
	"Exit status: 0; 1 when a plan or note version could not be read and was\n"
	"left out;\n"
	"2 for a usage error or a repository or revision that cannot be read.\n";

typedef struct diff_options {
	const char *format;
	bool staged;
	const char *quarter;
	const char *base, *head; /* revisions; head NULL: the work tree (or index) */
} diff_options;

static int parse_diff(int argc, char **argv, diff_options *o)
{
	static const struct option options[] = {{"format", required_argument, NULL, 'f'},
						{"staged", no_argument, NULL, 's'},
						{"quarter", required_argument, NULL, 'q'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'f')
			o->format = optarg;
		else if (c == 's')
			o->staged = true;
		else if (c == 'q')
			o->quarter = optarg;
		else
			return die_usage("diff: unknown option '%s'; see 'kam diff --help'", argv[optind - 1]);
	}
	if (strcmp(o->format, "text") && strcmp(o->format, "md") && strcmp(o->format, "json"))
		return die_usage("--format takes text, md or json, not '%s'", o->format);
	kam_quarter q;
	if (o->quarter && !kam_quarter_parse(o->quarter, &q))
		return die_usage("diff: --quarter takes a quarter such as 2026-Q3, not '%s'", o->quarter);
	if (argc - optind > 2 || ((o->staged || o->quarter) && argc - optind > 0) ||
	    (o->staged && o->quarter))
		return die_usage("diff: too many revisions; see 'kam diff --help'");
	o->base = optind < argc ? argv[optind] : "HEAD";
	o->head = optind + 1 < argc ? argv[optind + 1] : NULL;
	return 0;
}

void print_diff(const kam_diff *d, const char *format, const kam_diff_range *range)
{
	kam_buf out = KAM_BUF_INIT;
	if (strcmp(format, "json") == 0)
		kam_diff_json(&out, d, range);
	else if (strcmp(format, "md") == 0)
		kam_diff_markdown(&out, d, range);
	else
		kam_diff_text(&out, d, range, use_color(STDOUT_FILENO));
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	kam_buf_release(&out);
}

/* The day a diff judges both sides on: a commit's health is its health on
 * the day it was made, so kam commit, kam diff and kam log agree; the work
 * tree and the index are judged today. */
static kam_date diff_day(const char *root, const char *head_rev, const char *tz)
{
	long long time;
	if (head_rev && kam_history_commit_time(root, head_rev, &time))
		return kam_date_at(time, tz);
	return kam_today(tz, globals.today);
}

/* A shallow clone whose history starts after the quarter did makes every
 * plan look new: say so, and how to get the history. */
static void warn_if_shallow(const char *root, const kam_commit *history, size_t count, long long start,
			    const char *quarter, const char *tz)
{
	if (!count || history[count - 1].time < start || !kam_history_shallow(root))
		return;
	char day[11];
	kam_date_format(kam_date_at(history[count - 1].time, tz), day);
	say("diff: warning: this is a shallow clone whose history starts on %s, after %s began: "
		"its plans count as new (fetch the whole history with git fetch --unshallow)",
		day, quarter);
}

/* kam diff --quarter */
static int quarter_diff(const diff_options *o)
{
	kam_session session = {0};
	kam_commit *history = NULL;
	size_t count = 0;
	kam_quarter_report report = {0};
	kam_error err = {0};
	kam_diag_list ignored = {0};
	kam_quarter q;
	kam_quarter_parse(o->quarter, &q);
	int rc = EXIT_USAGE;
	if (kam_session_open(&session, &(kam_session_options){0}, &ignored, &err) < 0) {
		say("diff: %s", err.message);
		goto done;
	}
	const kam_repo *repo = session.repo;
	const char *root = kam_repo_root(repo);
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, kam_repo_config(repo), globals.today);
	if (kam_quarter_compare(q, ctx.quarter) > 0) {
		char label[8], first[11], today[11];
		kam_quarter_format(q, label);
		kam_date_format(kam_quarter_first_day(q, kam_repo_config(repo)->fiscal_year_start), first);
		kam_date_format(ctx.today, today);
		printf("%s: the quarter starts on %s; today is %s\n", label, first, today);
		rc = EXIT_CLEAN;
		goto done;
	}
	const kam_config *config = kam_repo_config(repo);
	long long start = kam_date_midnight(kam_quarter_first_day(q, config->fiscal_year_start), config->timezone);
	if (kam_history_load(&history, &count, root, start, &err) < 0 ||
	    kam_quarter_report_build(&report, root, kam_repo_config(repo), history, count, q,
				     globals.today, NULL, &err) < 0) {
		say("diff: %s", err.message);
		goto done;
	}
	warn_if_shallow(root, history, count, start, report.range.title, config->timezone);
	if (!report.diff)
		printf("%s: no commit %s\n", report.range.title,
		       report.range.in_progress ? "yet" : "before the quarter ended");
	else
		print_diff(report.diff, o->format, &report.range);
	kam_buf seen = KAM_BUF_INIT;
	rc = report_diff_unread("diff", report.diff, &seen) ? EXIT_FINDINGS : EXIT_CLEAN;
	kam_buf_release(&seen);
done:
	kam_quarter_report_release(&report);
	kam_history_free(history, count);
	kam_session_close(&session);
	kam_diag_list_release(&ignored);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	diff_options o = {.format = "text"};
	if (parse_diff(argc, argv, &o))
		return EXIT_USAGE;
	if (o.quarter)
		return quarter_diff(&o);
	bool explicit_base = argc > optind; /* parse_diff left optind after the options */
	char *split = NULL;
	const char *dots = strstr(o.base, "..");
	if (dots && !o.head) { /* A..B */
		split = kam_xstrndup(o.base, (size_t)(dots - o.base));
		o.head = dots + 2;
		o.base = split;
	}
	char *root = kam_repo_discover(".");
	kam_session base = {0}, head = {0};
	kam_session_options head_side = {.start = root, .rev = o.head, .staged = o.staged};
	kam_diag_list ignored = {0}; /* kam check reports the problems of kam.yaml */
	kam_diff *d = NULL;
	kam_error err = {0};
	int rc = EXIT_USAGE;
	if (!root) {
		die_usage("diff: not a plans repository (no kam.yaml in '.' or any folder above it)");
		goto done;
	}
	bool unborn = !explicit_base && kam_history_unborn(root); /* everything is new */
	if ((!unborn && kam_session_open(&base, &(kam_session_options){.start = root, .rev = o.base},
					 &ignored, &err) < 0) ||
	    kam_session_open(&head, &head_side, &ignored, &err) < 0) {
		say("diff: %s", err.message);
		goto done;
	}
	kam_date as_of = diff_day(root, o.head, kam_repo_config(head.repo)->timezone);
	if (kam_diff_commit(&d, base.repo, head.repo, as_of, &err) < 0) {
		say("diff: %s", err.message);
		goto done;
	}
	kam_diff_range range = {.base = unborn ? "(no commit yet)" : o.base,
				.head = kam_session_source(&head_side),
				.currency = kam_repo_config(head.repo)->currency};
	kam_date_format(as_of, range.before_as_of);
	kam_date_format(as_of, range.after_as_of);
	print_diff(d, o.format, &range);
	kam_buf seen = KAM_BUF_INIT;
	rc = report_diff_unread("diff", d, &seen) ? EXIT_FINDINGS : EXIT_CLEAN;
	kam_buf_release(&seen);
done:
	kam_diff_free(d);
	kam_session_close(&base);
	kam_session_close(&head);
	kam_diag_list_release(&ignored);
	free(root);
	free(split);
	return rc;
}
