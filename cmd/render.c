#define _DEFAULT_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kam/doc_cache.h"
#include "banned.h"

const char cmd_render_usage[] =
	"usage: kam render [-o DIR] [--force] [--no-history]\n"
	"       kam render --format md ACCOUNT\n"
	"\n"
	"Make a static HTML site of the plans: index.html (the portfolio: accounts\n"
	"by kam.yaml's tiers with owner, open pipeline, must-wins, revenue this\n"
	"quarter against target, review status, health, findings; the quarter's\n"
	"forecast; the competitors), competitors.html (when kam.yaml declares\n"
	"competitors), a page per account (the five parts with each must-win's\n"
	"buying unit, each deal's forecast category and commerce facts, the\n"
	"competitors, contracts with the next renewal, the whitespace matrix, goals\n"
	"with their actions, and a card per contact: influence, status,\n"
	"relationship steps, last met; the meetings; the relationship map, pipeline\n"
	"and revenue charts as inline SVG; the body, backlinks), a page per team\n"
	"member (with their open actions of plans and meeting notes) and per\n"
	"meeting note (attendees, actions). No JavaScript, nothing fetched: it\n"
	"opens from file://, prints well and reads on a phone.\n"
	"\n"
	"In a git repository with commits the site also tells the history of the\n"
	"last 8 fiscal quarters, as 'kam diff --quarter' does: a QBR page per\n"
	"quarter (quarters/2026-Q3.html: the headline, the pipeline bridge, won\n"
	"and lost deals, stage, relationship and health moves, revenue against\n"
	"target, who changed what, each account's story), linked from the\n"
	"portfolio newest first, and each account page's history. Each team member\n"
	"gets team/ID/agenda.ics to subscribe to (kam agenda --format ics).\n"
	"\n"
	"The site is built beside DIR and moved into place whole; DIR is replaced\n"
	"only if kam made it (it holds the marker file .kam-site) or with --force.\n"
	"Never, even with --force: a DIR that is or holds the plans repository, the\n"
	"current or the home folder; that is, holds or lies inside the accounts\n"
	"folder; or that holds (at any depth) a kam.yaml, a .git, a Markdown file or\n"
	"a file git tracks.\n"
	"\n"
	"Raw HTML in plan bodies is dropped unless kam.yaml says render:\n"
	"{unsafe_html: true}; javascript:, vbscript:, data: and file: links are\n"
	"always dropped.\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR  where the site goes (default: site/ in the plans repository)\n"
	"  --force           replace DIR even if kam did not make it, when none of\n"
	"                    the above is in it\n"
	"  --no-history      leave the git history out: no QBR pages, no account history\n"
	"  --format md       print a Markdown summary of one account instead, with\n"
	"                    the relationship map as a Mermaid graph\n"
	"\n"
	"A plan kam cannot read gets no page: the portfolio lists it as unreadable\n"
	"with its finding, and stderr names it.\n"
	"\n"
	"Exit status: 0; 1 when a plan could not be read and was left out; 2 when\n"
	"the repository cannot be read or the site cannot be written.\n";

typedef struct render_options {
	const char *output, *format, *account;
	bool force, no_history;
} render_options;

static int parse_render(int argc, char **argv, render_options *o)
{
	static const struct option options[] = {{"output", required_argument, NULL, 'o'},
						{"force", no_argument, NULL, 'f'},
						{"format", required_argument, NULL, 'm'},
						{"no-history", no_argument, NULL, 'H'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		if (c == 'o')
			o->output = optarg;
		else if (c == 'f')
			o->force = true;
		else if (c == 'm')
			o->format = optarg;
		else if (c == 'H')
			o->no_history = true;
		else
			return die_usage("render: unknown option '%s'; see 'kam render --help'", argv[optind - 1]);
	}
	if (o->format && strcmp(o->format, "md") != 0 && strcmp(o->format, "html") != 0)
		return die_usage("render: --format takes md (or html, the default), not '%s'", o->format);
	bool md = o->format && strcmp(o->format, "md") == 0;
	if (md && optind + 1 != argc)
		return die_usage("render: --format md needs one ACCOUNT");
	if (!md && optind != argc)
		return die_usage("render: no arguments expected; see 'kam render --help'");
	o->account = md ? argv[optind] : NULL;
	return 0;
}

int cmd_render(int argc, char **argv)
{
	render_options o = {0};
	if (parse_render(argc, argv, &o))
		return EXIT_USAGE;
	kam_repo *repo = NULL;
	kam_index *index = NULL;
	kam_plan_summary *plans = NULL;
	size_t count = 0;
	kam_diag_list diags = {0};
	kam_check_stats stats = {0};
	kam_error err = {0};
	char *output = NULL;
	int rc = EXIT_USAGE;
	kam_unread_plan *unread = NULL;
	size_t unread_count = 0;
	kam_doc_cache *plans_cache = NULL;
	kam_rules_context ctx;
	kam_check_options check = {.today = globals.today,
				   .summaries = &plans,
				   .summary_count = &count,
				   .unread = &unread,
				   .unread_count = &unread_count};
	if (kam_repo_open(&repo, ".", NULL, &diags, &err) < 0) {
		say("render: %s", err.message);
		goto done;
	}
	kam_rules_context_init(&ctx, kam_repo_config(repo), globals.today);
	/* the history reads the plans the check read, where HEAD has the same bytes */
	if (!o.no_history && !o.account)
		check.plans_cache = plans_cache = kam_render_plans_cache(repo, &ctx);
	if (kam_check_index(&index, repo, NULL, 0, kam_repo_root(repo), &check, &diags, &stats, &err) < 0) {
		say("render: %s", err.message);
		goto done;
	}
	kam_diag_list_finish(&diags, kam_repo_config(repo)->severity);
	kam_status_sort(plans, count, kam_repo_config(repo));
	kam_render_input in = {.repo = repo,
			       .index = index,
			       .plans = plans,
			       .plan_count = count,
			       .findings = &diags,
			       .ctx = &ctx,
			       .unread = unread,
			       .unread_count = unread_count,
			       .no_history = o.no_history,
			       .plans_cache = plans_cache};
	if (o.account) {
		kam_buf md = KAM_BUF_INIT;
		if (kam_render_markdown(&md, &in, o.account, &err) < 0)
			say("render: %s", err.message);
		else {
			fwrite(kam_buf_cstr(&md), 1, md.len, stdout);
			rc = report_unread("render", unread, unread_count) ? EXIT_FINDINGS : EXIT_CLEAN;
		}
		kam_buf_release(&md);
		goto done;
	}
	output = o.output ? kam_xstrdup(o.output) : kam_path_join(kam_repo_root(repo), "site");
	if (kam_render_site(&in, output, o.force, &err) < 0) {
		say("render: %s", err.message);
		goto done;
	}
	if (!globals.quiet)
		printf("wrote the site of %zu plan%s to %s/index.html\n", count, count == 1 ? "" : "s", output);
	rc = report_unread("render", unread, unread_count) ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_doc_cache_free(plans_cache);
	kam_unread_plans_free(unread, unread_count);
	for (size_t i = 0; i < count; i++)
		kam_plan_summary_release(&plans[i]);
	free(plans);
	free(output);
	kam_index_free(index);
	kam_repo_free(repo);
	kam_diag_list_release(&diags);
	return rc;
}
