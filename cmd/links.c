#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"

const char cmd_links_usage[] =
	"usage: kam links [--format text|json|dot] [ACCOUNT | ACCOUNT#ID | @MEMBER]\n"
	"\n"
	"Show what points where. For an account: the references its documents make\n"
	"(outgoing), the references from other accounts to it or to anything in it\n"
	"(backlinks), and its broken references and links. For an entity such as\n"
	"northwind-bank#c.mueller, a team member such as @anna.petrova, or a tier,\n"
	"competitor or offering kam.yaml declares, such as kam.yaml#initrode: what it\n"
	"points at and every place that points at it, with file and line; for a\n"
	"contact also when they were last met (the latest meeting note listing them\n"
	"among its attendees, or touch of the plan, on or before today). With no\n"
	"subject: every broken reference and link of the repository.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT  text (default), json, or dot (a Graphviz graph of\n"
	"                   accounts, partners and people: dot -Tsvg > map.svg)\n"
	"\n"
	"A plan kam cannot read is still an account (by its file name): references\n"
	"to it are shown, references into it are neither broken nor resolved, and\n"
	"stderr names it.\n"
	"\n"
	"Exit status: 0 shown, 1 broken references or links found or a plan could\n"
	"not be read, 2 usage error, unreadable repository or unknown subject.\n";

static int parse_links(int argc, char **argv, kam_links_format *format, const char **subject)
{
	static const char *const formats[] = {"text", "json", "dot", NULL};
	static const kam_links_format as[] = {KAM_LINKS_TEXT, KAM_LINKS_JSON, KAM_LINKS_DOT};
	int given = 0;
	int rc = parse_format_subject(argc, argv, "links", formats, &given, subject, SUBJECT_OPTIONAL,
				      "one subject at most");
	*format = as[given];
	return rc;
}

int cmd_links(int argc, char **argv)
{
	kam_links_format format = KAM_LINKS_TEXT;
	const char *subject = NULL;
	if (parse_links(argc, argv, &format, &subject))
		return EXIT_USAGE;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_session session = {0};
	kam_index *index = NULL;
	kam_check_stats stats = {0};
	kam_buf out = KAM_BUF_INIT;
	size_t broken = 0;
	kam_unread_plan *unread = NULL;
	size_t unread_count = 0;
	kam_check_options options = {.today = globals.today, .unread = &unread, .unread_count = &unread_count};
	int rc = EXIT_USAGE;
	kam_rules_context ctx;
	if (kam_session_open_here(&session, &diags, &err) < 0 ||
	    kam_check_index(&index, session.repo, NULL, 0, session.display_base, &options, &diags, &stats, &err) < 0) {
		say("links: %s", err.message);
		goto done;
	}
	kam_rules_context_init(&ctx, kam_repo_config(session.repo), globals.today);
	if (kam_links_report(&out, &broken, index, subject, format, &ctx.today, &err) < 0) {
		say("links: %s", err.message);
		goto done;
	}
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	rc = report_unread("links", unread, unread_count) || broken ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_unread_plans_free(unread, unread_count);
	kam_buf_release(&out);
	kam_index_free(index);
	kam_session_close(&session);
	kam_diag_list_release(&diags);
	return rc;
}
