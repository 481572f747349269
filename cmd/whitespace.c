#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kam/whitespace.h"
#include "banned.h"

const char cmd_whitespace_usage[] =
	"usage: kam whitespace [--format text|md|json] ACCOUNT\n"
	"\n"
	"Where else we could sell in an account: the plan's units (the client's\n"
	"buying centres, units: [{id, name}]) by kam.yaml's offerings\n"
	"(offerings: [{id, name}]). Each cell shows its status (ours, competitor\n"
	"and which, open, no-fit; ? when the plan's whitespace: does not assess\n"
	"it), its potential, and the deals whose unit and offering are the cell's:\n"
	"open ones by id and value, won ones as 'won ID'. A won deal makes its cell\n"
	"ours whatever the plan says ('ours (won)', and 'plan: ...' when the plan\n"
	"said otherwise). Below the matrix: the open potential, the open deals in\n"
	"it and how many cells are not assessed.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT  text (default; a long name is cut with an ellipsis),\n"
	"                   md (a Markdown table) or json\n"
	"\n"
	"A cell or a deal naming a unit or offering that does not exist is left\n"
	"out and listed (kam check reports it); a cell given twice is listed too,\n"
	"and the first one is shown.\n"
	"\n"
	"Exit status: 0 shown, 1 something was left out or given twice, or the\n"
	"plan could not be read; 2 usage error, unknown account or unreadable\n"
	"repository.\n";

static int parse(int argc, char **argv, const char **format, const char **account)
{
	static const char *const formats[] = {"text", "md", "json", NULL};
	int given = 0;
	int rc = parse_format_subject(argc, argv, "whitespace", formats, &given, account, SUBJECT_ONE, "name one account");
	*format = formats[given];
	return rc;
}

int cmd_whitespace(int argc, char **argv)
{
	const char *format = "text", *account = NULL;
	if (parse(argc, argv, &format, &account))
		return EXIT_USAGE;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_session session = {0};
	kam_whitespace *w = NULL;
	kam_buf out = KAM_BUF_INIT;
	int rc = EXIT_USAGE;
	int built = KAM_OK;
	if (kam_session_open_here(&session, &diags, &err) < 0 ||
	    (built = kam_whitespace_build(&w, session.repo, account, &err)) < 0) {
		say("whitespace: %s", err.message);
		rc = built == KAM_EINVALID ? EXIT_FINDINGS : EXIT_USAGE;
		goto done;
	}
	if (strcmp(format, "json") == 0)
		kam_whitespace_json(&out, w);
	else if (strcmp(format, "md") == 0)
		kam_whitespace_md(&out, w);
	else
		kam_whitespace_text(&out, w);
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	fflush(stdout); /* the report, then what stderr says of it */
	size_t twice = 0;
	for (size_t i = 0; i < w->note_count; i++)
		twice += w->notes[i].repeated;
	if (w->note_count - twice)
		say("whitespace: %zu left out (listed above); run kam check", w->note_count - twice);
	if (twice)
		say("whitespace: %zu cell%s given twice (listed above): keep one of each in whitespace:",
		    twice, twice == 1 ? "" : "s");
	rc = w->note_count ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_whitespace_free(w);
	kam_buf_release(&out);
	kam_session_close(&session);
	kam_diag_list_release(&diags);
	return rc;
}
