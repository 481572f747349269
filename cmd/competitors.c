#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kam/competitors.h"
#include "banned.h"

const char cmd_competitors_usage[] =
	"usage: kam competitors [--format text|md|json] [ID]\n"
	"\n"
	"Who we are up against. For each competitor kam.yaml declares\n"
	"(competitors: [{id, name}]), or the one named: the accounts where it is\n"
	"present (a plan's competitors: entries, with position and share), the\n"
	"open pipeline it contests (open deals naming it in competitors:), what we\n"
	"won from it (won deals that named it) and what we lost to it (lost deals\n"
	"with lost_to: it, and their lost_reason). Amounts are summed per currency.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT  text (default), md (Markdown tables) or json\n"
	"\n"
	"A competitor a plan names that kam.yaml does not declare, and a plan kam\n"
	"cannot read, are left out and listed at the end: kam check reports them.\n"
	"\n"
	"Exit status: 0 shown, 1 something was left out, 2 usage error, unknown\n"
	"competitor or unreadable repository.\n";

static int parse(int argc, char **argv, const char **format, const char **subject)
{
	static const char *const formats[] = {"text", "md", "json", NULL};
	int given = 0;
	int rc = parse_format_subject(argc, argv, "competitors", formats, &given, subject, SUBJECT_OPTIONAL, "one competitor at most");
	*format = formats[given];
	return rc;
}

int cmd_competitors(int argc, char **argv)
{
	const char *format = "text", *only = NULL;
	if (parse(argc, argv, &format, &only))
		return EXIT_USAGE;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_session session = {0};
	kam_competitors *report = NULL;
	kam_buf out = KAM_BUF_INIT;
	int rc = EXIT_USAGE;
	if (kam_session_open_here(&session, &diags, &err) < 0 ||
	    kam_competitors_build(&report, session.repo, only, &err) < 0) {
		say("competitors: %s", err.message);
		goto done;
	}
	if (strcmp(format, "json") == 0)
		kam_competitors_json(&out, report);
	else if (strcmp(format, "md") == 0)
		kam_competitors_md(&out, report);
	else
		kam_competitors_text(&out, report);
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	fflush(stdout); /* the report, then what stderr says of it */
	size_t left_out;
	kam_competitors_left_out(report, &left_out);
	if (left_out)
		say("competitors: %zu left out (listed above); run kam check", left_out);
	rc = left_out ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_competitors_free(report);
	kam_buf_release(&out);
	kam_session_close(&session);
	kam_diag_list_release(&diags);
	return rc;
}
