#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "banned.h"

const char cmd_log_usage[] =
	"usage: kam log [--format text|md|json] --by-quarter [ACCOUNT]\n"
	"\n"
	"The history of the plans (or of one account) over the whole first-parent\n"
	"history, a section per quarter that has commits changing the plans: what\n"
	"changed in plan terms, and who changed it. Quarters are fiscal quarters of\n"
	"kam.yaml, with boundaries at midnight in its timezone.\n";

typedef struct log_options {
	const char *format, *account;
	bool by_quarter;
} log_options;

static int parse_log(int argc, char **argv, log_options *o)
{
	static const struct option options[] = {{"format", required_argument, NULL, 'f'},
						{"by-quarter", no_argument, NULL, 'q'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'f')
			o->format = optarg;
		else if (c == 'q')
			o->by_quarter = true;
		else
			return die_usage("log: unknown option '%s'; see 'kam log --help'", argv[optind - 1]);
	}
	if (strcmp(o->format, "text") && strcmp(o->format, "md") && strcmp(o->format, "json"))
		return die_usage("--format takes text, md or json, not '%s'", o->format);
	if (!o->by_quarter)
		return die_usage("log: only --by-quarter is supported; see 'kam log --help'");
	if (argc - optind > 1)
		return die_usage("log: one account at most");
	o->account = optind < argc ? argv[optind] : NULL;
	return 0;
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
	if (json)
		printf("{\n\"version\": 1,\n\"quarters\": [\n");
	for (; kam_quarter_compare(q, last) <= 0; q = kam_quarter_add(q, 1)) {
		kam_quarter_report r;
		if (kam_quarter_report_build(&r, root, config, history, count, q, globals.today,
					     o->account, err) < 0) {
			kam_quarter_report_release(&r);
			return -1;
		}
		size_t changed = 0;
		if (r.diff)
			kam_diff_accounts(r.diff, &changed);
		if (r.commit_count && changed) {
			if (!first)
				printf(json ? ",\n" : "\n");
			print_diff(r.diff, o->format, &r.range);
			first = false;
		}
		kam_quarter_report_release(&r);
	}
	if (json)
		printf("]\n}\n");
	else if (first)
		printf("no commit changed %s\n", o->account ? o->account : "the plans");
	return 0;
}

int cmd_log(int argc, char **argv)
{
	log_options o = {.format = "text"};
	if (parse_log(argc, argv, &o))
		return EXIT_USAGE;
	char *root = kam_repo_discover(".");
	kam_repo *repo = NULL;
	kam_commit *history = NULL;
	size_t count = 0;
	kam_error err = {0};
	kam_diag_list ignored = {0};
	int rc = EXIT_USAGE;
	if (!root) {
		die_usage("log: not a plans repository (no kam.yaml in '.' or any folder above it)");
		goto done;
	}
	if (kam_repo_open(&repo, root, NULL, &ignored, &err) < 0 ||
	    kam_history_load(&history, &count, root, &err) < 0) {
		fprintf(stderr, "kam: log: %s\n", err.message);
		goto done;
	}
	if (!count) {
		printf("no commit yet\n");
		rc = EXIT_CLEAN;
		goto done;
	}
	if (print_quarters(&o, root, kam_repo_config(repo), history, count, &err) < 0)
		fprintf(stderr, "kam: log: %s\n", err.message);
	else
		rc = EXIT_CLEAN;
done:
	kam_history_free(history, count);
	kam_repo_free(repo);
	kam_diag_list_release(&ignored);
	free(root);
	return rc;
}
