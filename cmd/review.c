#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "banned.h"

const char cmd_review_usage[] =
	"usage: kam review [--no-commit] ACCOUNT\n"
	"\n"
	"Mark the plan of ACCOUNT as reviewed today: set its 'reviewed:' line to\n"
	"today's date (the only line changed: comments and formatting stay; the key\n"
	"is added after 'owner:' when missing), then commit just that change as\n"
	"\"Review <name> plan (<quarter>)\".\n"
	"\n"
	"What is committed is the plan as HEAD has it with the new date, checked\n"
	"exactly as 'kam commit' checks: errors refuse the commit and are printed\n"
	"as 'kam check' prints them; the warnings it lets through are counted on\n"
	"stderr. Other uncommitted edits of the plan are not committed: the date is\n"
	"set in the work-tree file (and in git's index) too, and those edits stay\n"
	"there as they were. When the 'reviewed:' line itself has uncommitted edits,\n"
	"or the plan was never committed, kam review refuses and changes nothing:\n"
	"commit or stash your edits first, or use --no-commit. If the commit fails,\n"
	"the file is put back as it was (\"unchanged\" is said only when it is byte\n"
	"for byte). The file keeps its permissions; a symlinked plan is refused.\n"
	"The commit is made as 'kam commit' makes it: under git's index lock, on the\n"
	"HEAD it was built from (started again when another commit landed\n"
	"meanwhile), never during a merge, rebase, cherry-pick or revert.\n"
	"\n"
	"Options:\n"
	"  --no-commit  only edit the file: nothing is checked or committed\n"
	"\n"
	"Exit status: 0 committed (or reviewed today already), 1 refused, 2 usage or\n"
	"git error.\n";

/* What happened, said as kam review has always said it. */
static int print_review(const kam_review_result *r)
{
	for (size_t i = 0; i < r->removed_count; i++)
		say("review: removed %s, left by a kam write that was interrupted", r->removed[i]);
	print_refusal_findings(&r->errors);
	if (r->outcome == KAM_REVIEW_EDITED)
		printf("%s: reviewed: %s\n", r->rel, r->date);
	if (r->outcome == KAM_REVIEW_ALREADY)
		printf("%s was reviewed today already: nothing to commit\n", r->rel);
	if (r->outcome == KAM_REVIEW_DONE) {
		printf("[%s %.7s] %s", r->branch, r->id, r->message);
		if (r->other_edits_stay)
			printf("only the 'reviewed:' line was committed: your other edits of %s stay uncommitted\n",
			       r->rel);
		fflush(stdout); /* the commit lines first, then what it let through */
		print_let_through(&r->warnings);
	}
	if (r->why && r->why_verbatim)
		fprintf(stderr, "kam: %s\n", r->why);
	else if (r->why)
		say("%s", r->why);
	return r->outcome == KAM_REVIEW_REFUSED ? EXIT_FINDINGS
	       : r->outcome == KAM_REVIEW_FAILED ? EXIT_USAGE : EXIT_CLEAN;
}

int cmd_review(int argc, char **argv)
{
	static const struct option options[] = {{"no-commit", no_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	bool commit = true;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'n')
			return die_usage("review: unknown option '%s'; see 'kam review --help'", argv[optind - 1]);
		commit = false;
	}
	if (optind + 1 != argc)
		return die_usage("review: name one account; see 'kam review --help'");
	kam_session session;
	kam_diag_list ignored = {0};
	kam_error err = {0};
	int rc = EXIT_USAGE;
	if (kam_session_open_here(&session, &ignored, &err) < 0) {
		say("review: %s", err.message);
	} else {
		kam_review_result r;
		kam_review_options o = {argv[optind], !commit, globals.today, session.display_base};
		kam_review_run(&r, session.repo, &o);
		rc = print_review(&r);
		kam_review_result_release(&r);
	}
	kam_session_close(&session);
	kam_diag_list_release(&ignored);
	return rc;
}
