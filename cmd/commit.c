#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "banned.h"

const char cmd_commit_usage[] =
	"usage: kam commit [-m MESSAGE] [--no-verify] [PATH...]\n"
	"\n"
	"Commit the changed plan files (kam.yaml, the schema files it names and\n"
	"everything under the accounts folder, or only those below PATHs) as they\n"
	"are in the work tree, after checking the plans exactly as they will be\n"
	"committed. Refuses, with the findings, when the check finds errors; the\n"
	"warnings it lets through (in the files it commits) are counted on stderr,\n"
	"the first three shown. The message is yours (default:\n"
	"\"Update account plans\") followed by what changed in plan terms. Every\n"
	"file committed is named (A added, M modified, D deleted).\n"
	"Files outside the plans are never touched, and what you had staged stays\n"
	"staged. Author and committer come from git's configuration or the\n"
	"GIT_AUTHOR_* and GIT_COMMITTER_* variables (dates included).\n"
	"\n"
	"Symbolic links are committed as links, never their targets; one leading\n"
	"outside the repository is refused. kam's leftover temporary files\n"
	"(*.kam-tmp-*) are never committed and are removed. The commit is made under\n"
	"git's index lock on the HEAD the tree was built from, and the branch moves\n"
	"only if it is still there: when another commit landed meanwhile, kam starts\n"
	"again from it (a few times) or stops having changed nothing. A merge,\n"
	"rebase, cherry-pick or revert in progress is refused.\n"
	"\n"
	"Options:\n"
	"  -m, --message MESSAGE  the first lines of the commit message\n"
	"  --no-verify            commit without checking\n"
	"\n"
	"Exit status: 0 committed (or nothing to commit), 1 refused, 2 usage or git error.\n";

typedef struct commit_options {
	const char *message;
	bool no_verify;
	char **paths;
	int path_count;
} commit_options;

static int parse_commit(int argc, char **argv, commit_options *o)
{
	static const struct option options[] = {{"message", required_argument, NULL, 'm'},
						{"no-verify", no_argument, NULL, 'n'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:", options, NULL)) != -1) {
		if (c == 'm')
			o->message = optarg;
		else if (c == 'n')
			o->no_verify = true;
		else
			return die_usage("commit: unknown option '%s'; see 'kam commit --help'",
					 argv[optind - 1]);
	}
	o->paths = argv + optind;
	o->path_count = argc - optind;
	return 0;
}

/* The files committed, one line each: A added, M modified, D deleted; a
 * symbolic link with its text. */
static void print_files(const kam_commit_result *r)
{
	printf(" %zu file%s changed\n", r->file_count, r->file_count == 1 ? "" : "s");
	for (size_t i = 0; i < r->file_count; i++) {
		const kam_commit_file *f = &r->files[i];
		printf(" %c %s%s%s\n", f->status, f->rel, f->link ? " -> " : "", f->link ? f->link : "");
	}
}

int cmd_commit(int argc, char **argv)
{
	commit_options o = {0};
	if (parse_commit(argc, argv, &o))
		return EXIT_USAGE;
	kam_session session;
	kam_diag_list ignored = {0};
	kam_error err = {0};
	kam_commit_result r = {0};
	int rc = EXIT_USAGE;
	if (kam_session_open_here(&session, &ignored, &err) < 0) {
		say("commit: %s", err.message);
		kam_diag_list_release(&ignored);
		return rc;
	}
	kam_commit_options run = {o.message, o.no_verify, (const char *const *)o.paths,
				  (size_t)o.path_count, globals.today, session.display_base};
	kam_commit_run(&r, session.repo, &run);
	for (size_t i = 0; i < r.removed_count; i++)
		say("commit: removed %s, left by a kam write that was interrupted", r.removed[i]);
	print_refusal_findings(&r.errors);
	if (r.outcome == KAM_COMMIT_NOTHING)
		printf("nothing to commit: the plans are as HEAD has them\n");
	if (r.outcome == KAM_COMMIT_DONE) {
		printf("[%s %.7s] %.*s\n", r.branch, r.id, (int)strcspn(r.message, "\n"), r.message);
		print_files(&r);
		fflush(stdout); /* the commit lines first, then what it let through */
		print_let_through(&r.warnings);
	}
	if (r.why)
		say("%s", r.why);
	rc = r.outcome == KAM_COMMIT_REFUSED ? EXIT_FINDINGS
	     : r.outcome == KAM_COMMIT_FAILED ? EXIT_USAGE : EXIT_CLEAN;
	kam_commit_result_release(&r);
	kam_session_close(&session);
	kam_diag_list_release(&ignored);
	return rc;
}
