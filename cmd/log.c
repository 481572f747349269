#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "banned.h"

const char cmd_log_usage[] =
	"usage: kam log [--format text|md|json] [-n N] [ACCOUNT]\n"
	"       kam log [--format text|md|json] --by-quarter [ACCOUNT]\n"
	"\n"
	"The history of the plans (or of one account) along the first-parent\n"
	"history of HEAD, in plan terms. Without --by-quarter: each commit that\n"
	"changed the plans, newest first, with what it changed (both sides judged\n"
	"on the day the commit was made, as kam commit and kam diff judge it).\n"
	"With --by-quarter: a section per quarter that has such commits, as\n"
	"'kam diff --quarter' reports it, and who changed it. Quarters are\n"
	"fiscal quarters of kam.yaml, with boundaries at midnight in its\n"
	"timezone.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT  text (default), md or json\n"
	"  -n, --max-count N\n"
	"                   show the newest N commits that changed the plans\n"
	"  --by-quarter     a section per quarter instead of per commit\n"
	"\n"
	"Meeting notes are part of their account's history: created, changed,\n"
	"removed, and their actions.\n"
	"\n"
	"A plan version kam cannot read (invalid YAML, ...) leaves its account out\n"
	"of that comparison, a meeting note version only itself; stderr names the\n"
	"file and the revision.\n"
	"\n"
	"Exit status: 0; 1 when a plan or note version could not be read and was\n"
	"left out;\n"
	"2 for a usage error or a repository or revision that cannot be read.\n";

/* The plan versions the commits' diffs left out, each named once. */
static kam_buf unread_seen = KAM_BUF_INIT;
static size_t left_out;

typedef struct log_options {
	const char *format, *account;
	bool by_quarter;
	long max_count; /* 0: all */
} log_options;

static int parse_log(int argc, char **argv, log_options *o)
{
	static const struct option options[] = {{"format", required_argument, NULL, 'f'},
						{"by-quarter", no_argument, NULL, 'q'},
						{"max-count", required_argument, NULL, 'n'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:", options, NULL)) != -1) {
		char *end;
		if (c == 'f')
			o->format = optarg;
		else if (c == 'q')
			o->by_quarter = true;
		else if (c == 'n') {
			o->max_count = strtol(optarg, &end, 10);
			if (*end || end == optarg || o->max_count < 1)
				return die_usage("log: -n takes a whole number of commits, not '%s'", optarg);
		} else
			return die_usage("log: unknown option '%s'; see 'kam log --help'", argv[optind - 1]);
	}
	if (strcmp(o->format, "text") && strcmp(o->format, "md") && strcmp(o->format, "json"))
		return die_usage("--format takes text, md or json, not '%s'", o->format);
	if (o->by_quarter && o->max_count)
		return die_usage("log: -n counts commits; it does not go with --by-quarter");
	if (argc - optind > 1)
		return die_usage("log: one account at most");
	o->account = optind < argc ? argv[optind] : NULL;
	return 0;
}

/* {"version": 1, key: [...]}: each document is written out as soon as it is
 * made, so a long history is never held whole. */
static void json_list_flush(kam_json *w)
{
	fwrite(kam_buf_cstr(w->out), 1, w->out->len, stdout);
	kam_buf_reset(w->out);
}

static void json_list_begin(kam_json *w, const char *key)
{
	kam_json_object_begin(w, NULL, KAM_JSON_BLOCK);
	kam_json_int(w, "version", 1);
	kam_json_array_begin(w, key, KAM_JSON_BLOCK);
	json_list_flush(w);
}

static void json_list_item(kam_json *w, const kam_diff *diff, const kam_diff_range *range)
{
	kam_diff_json_write(w, NULL, diff, range);
	json_list_flush(w);
}

static void json_list_end(kam_json *w)
{
	kam_json_end(w);
	kam_json_end(w);
	json_list_flush(w);
}

/* Quarters from the oldest commit's to the newest's, each printed when
 * commits in it changed the plans (of the account). */
static int print_quarters(const log_options *o, const char *root, const kam_config *config,
			  const kam_commit *history, size_t count, kam_error *err)
{
	int fs = config->fiscal_year_start;
	kam_quarter q = kam_quarter_of(kam_date_at(history[count - 1].time, config->timezone), fs);
	kam_quarter last = kam_quarter_of(kam_date_at(history[0].time, config->timezone), fs);
	bool json = strcmp(o->format, "json") == 0, first = true;
	kam_buf out = KAM_BUF_INIT;
	kam_json w;
	kam_json_init(&w, &out);
	if (json)
		json_list_begin(&w, "quarters");
	for (; kam_quarter_compare(q, last) <= 0; q = kam_quarter_add(q, 1)) {
		kam_quarter_report r;
		if (kam_quarter_report_build(&r, root, config, history, count, q, globals.today,
					     o->account, err) < 0) {
			kam_quarter_report_release(&r);
			kam_json_release(&w);
			kam_buf_release(&out);
			return -1;
		}
		size_t changed = 0;
		if (r.diff)
			kam_diff_accounts(r.diff, &changed);
		left_out += report_diff_unread("log", r.diff, &unread_seen);
		if (r.commit_count && changed && json)
			json_list_item(&w, r.diff, &r.range);
		else if (r.commit_count && changed) {
			if (!first)
				printf("\n");
			print_diff(r.diff, o->format, &r.range);
		}
		first = first && !(r.commit_count && changed);
		kam_quarter_report_release(&r);
	}
	if (json)
		json_list_end(&w);
	else if (first)
		printf("no commit changed %s\n", o->account ? o->account : "the plans");
	kam_json_release(&w);
	kam_buf_release(&out);
	return 0;
}

static void print_commit(const log_options *o, const kam_quarter_report *r, bool first)
{
	kam_buf out = KAM_BUF_INIT;
	if (strcmp(o->format, "md") == 0) {
		kam_buf_puts(&out, first ? "" : "\n");
		kam_diff_log_markdown(&out, r->diff, &r->range);
	} else {
		kam_buf_puts(&out, first ? "" : "\n");
		kam_diff_log_text(&out, r->diff, &r->range, use_color(STDOUT_FILENO));
	}
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	kam_buf_release(&out);
}

/* Each commit that changed the plans (of the account), newest first. */
static int print_commits(const log_options *o, const char *root, const kam_config *config,
			 const kam_commit *history, size_t count, kam_error *err)
{
	bool json = strcmp(o->format, "json") == 0;
	long shown = 0;
	kam_buf out = KAM_BUF_INIT;
	kam_json w;
	kam_json_init(&w, &out);
	if (json)
		json_list_begin(&w, "commits");
	for (size_t i = 0; i < count && (!o->max_count || shown < o->max_count); i++) {
		if (!history[i].touches_plans)
			continue;
		kam_quarter_report r;
		if (kam_commit_report_build(&r, root, config, history, count, i, o->account, err) < 0) {
			kam_quarter_report_release(&r);
			kam_json_release(&w);
			kam_buf_release(&out);
			return -1;
		}
		size_t changed = 0, unread = 0;
		kam_diff_accounts(r.diff, &changed);
		kam_diff_unread(r.diff, &unread);
		left_out += report_diff_unread("log", r.diff, &unread_seen);
		bool show = changed || unread; /* the commit that broke a plan is shown too */
		if (show && json)
			json_list_item(&w, r.diff, &r.range);
		else if (show)
			print_commit(o, &r, shown == 0);
		shown += show;
		kam_quarter_report_release(&r);
	}
	if (json)
		json_list_end(&w);
	else if (!shown)
		printf("no commit changed %s\n", o->account ? o->account : "the plans");
	kam_json_release(&w);
	kam_buf_release(&out);
	return 0;
}

int cmd_log(int argc, char **argv)
{
	log_options o = {.format = "text"};
	if (parse_log(argc, argv, &o))
		return EXIT_USAGE;
	kam_session session = {0};
	const char *root = NULL;
	kam_repo *repo = NULL;
	kam_commit *history = NULL;
	size_t count = 0;
	kam_error err = {0};
	kam_diag_list ignored = {0};
	int rc = EXIT_USAGE;
	if (kam_session_open(&session, &(kam_session_options){0}, &ignored, &err) == 0) {
		repo = session.repo;
		root = kam_repo_root(repo);
	}
	if (!repo || kam_history_load(&history, &count, root, KAM_HISTORY_ALL, &err) < 0) {
		say("log: %s", err.message);
		goto done;
	}
	if (!count) {
		printf("no commit yet\n");
		rc = EXIT_CLEAN;
		goto done;
	}
	if ((o.by_quarter ? print_quarters : print_commits)(&o, root, kam_repo_config(repo), history, count,
							   &err) < 0)
		say("log: %s", err.message);
	else
		rc = left_out ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_buf_release(&unread_seen);
	kam_history_free(history, count);
	kam_session_close(&session);
	kam_diag_list_release(&ignored);
	return rc;
}
