#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"
#include "kam/report_gitlab.h"

const char cmd_check_usage[] =
	"usage: kam check [--format text|json|github|sarif|gitlab] [--strict] [--staged | --rev REV] [PATH...]\n"
	"       kam check [--format FORMAT] [--strict] --stdin-filename PATH -\n"
	"\n"
	"Check account plans and the documents of their accounts: the file itself\n"
	"(UTF-8, frontmatter, YAML), YAML 1.1 pitfalls, the JSON Schema of its kind,\n"
	"references and links (ids, [[refs]], relative links and their #anchors),\n"
	"and the plan rules ('kam rules' lists them; kam.yaml sets their severity).\n"
	"With no PATH, every plan of the repository around the current folder;\n"
	"a PATH may be a plan, a folder of plans or a repository.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT  text (default), json (one JSON document), github\n"
	"                   (GitHub Actions annotations), sarif (SARIF 2.1.0 for\n"
	"                   code-scanning uploads) or gitlab (GitLab Code Quality\n"
	"                   report for merge requests)\n"
	"  --strict         warnings fail the check too\n"
	"  --staged         check the plans as git's index has them (what the next\n"
	"                   commit will hold): for a pre-commit hook\n"
	"  --rev REV        check the plans of a commit (HEAD~1, a tag, a hash),\n"
	"                   read from git without a checkout\n"
	"  --stdin-filename PATH\n"
	"                   check standard input (the argument '-') as if it were\n"
	"                   the file PATH of its repository: the findings name PATH,\n"
	"                   references to and from the other plans resolve, the file\n"
	"                   itself is not read (it need not exist yet): for editors\n"
	"                   and linters that check unsaved buffers\n"
	"  -q, --quiet      no closing summary line\n"
	"\n"
	"Exit status: 0 no errors, 1 errors found (or warnings with --strict),\n"
	"2 a file or the repository could not be read or parsed, 3 internal error.\n";

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_GITHUB, FORMAT_SARIF, FORMAT_GITLAB } output_format;

typedef struct check_run {
	output_format format;
	bool strict;
	bool staged;
	const char *rev;
	const char *stdin_filename;
	kam_overlay stdin_doc; /* standard input, read as stdin_filename */
	char *cwd;
	kam_diag_list diags;
	kam_check_stats stats;
	kam_sessions repos; /* each repository a path was in, opened once */
	char **notes; /* plans the checked files needed but kam could not read, one line each */
	size_t note_count, note_alloc;
} check_run;

static int parse_format(const char *s, output_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = FORMAT_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = FORMAT_JSON;
	else if (strcmp(s, "github") == 0)
		*out = FORMAT_GITHUB;
	else if (strcmp(s, "sarif") == 0)
		*out = FORMAT_SARIF;
	else if (strcmp(s, "gitlab") == 0)
		*out = FORMAT_GITLAB;
	else
		return die_usage("--format takes text, json, github, sarif or gitlab, not '%s'", s);
	return 0;
}

/* --stdin-filename PATH goes with the one argument '-', and only with the
 * work tree: the other plans are read from where PATH is. */
static int check_stdin_usage(int argc, char **argv, const check_run *run)
{
	bool dash = optind + 1 == argc && strcmp(argv[optind], "-") == 0;
	if (!run->stdin_filename) {
		for (int i = optind; i < argc; i++)
			if (strcmp(argv[i], "-") == 0)
				return die_usage("check: '-' (standard input) needs --stdin-filename PATH"), -1;
		return optind;
	}
	if (!dash)
		return die_usage("check: --stdin-filename takes one argument, '-'"), -1;
	if (run->staged || run->rev)
		return die_usage("check: --stdin-filename checks against the work tree, not with %s",
				 run->staged ? "--staged" : "--rev"), -1;
	if (!*run->stdin_filename)
		return die_usage("check: --stdin-filename needs a file name"), -1;
	return optind;
}

static int parse_options(int argc, char **argv, check_run *run)
{
	static const struct option options[] = {{"format", required_argument, NULL, 'f'},
						{"strict", no_argument, NULL, 's'},
						{"staged", no_argument, NULL, 'i'},
						{"rev", required_argument, NULL, 'r'},
						{"stdin-filename", required_argument, NULL, 'S'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'f' && parse_format(optarg, &run->format))
			return -1;
		if (c == 's')
			run->strict = true;
		if (c == 'i')
			run->staged = true;
		if (c == 'r')
			run->rev = optarg;
		if (c == 'S')
			run->stdin_filename = optarg;
		if (c == '?') {
			die_usage("check: unknown option '%s'; see 'kam check --help'", argv[optind - 1]);
			return -1;
		}
	}
	if (run->staged && run->rev) {
		die_usage("check: --staged and --rev exclude each other");
		return -1;
	}
	return check_stdin_usage(argc, argv, run);
}

/* A file checked alone that refers to a broken plan: its own findings say
 * nothing of that plan, so say what was not checked. */
static void note_unread(check_run *run, const kam_unread_plan *unread, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (!unread[i].needed || unread[i].reported)
			continue;
		kam_buf line = KAM_BUF_INIT;
		kam_term_text(&line, unread[i].file);
		kam_buf_puts(&line, " could not be read (");
		kam_term_text(&line, unread[i].reason);
		kam_buf_puts(&line, "): references to it were not checked");
		bool seen = false; /* several paths of one run may need the same plan */
		for (size_t k = 0; k < run->note_count && !seen; k++)
			seen = strcmp(run->notes[k], line.ptr) == 0;
		if (seen) {
			kam_buf_release(&line);
			continue;
		}
		run->notes = kam_grow(run->notes, &run->note_alloc, run->note_count + 1, sizeof(char *));
		run->notes[run->note_count++] = kam_buf_detach(&line);
	}
}

/* "accounts/new.md" -> "accounts", "new.md" -> ".": where a file that may
 * not exist yet would be. Caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return kam_xstrdup(".");
	return kam_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Standard input, read up to one byte past the plan size limit, so a
 * stream without end is cut there and reported as file-too-large. */
static int read_stdin(kam_overlay *doc)
{
	kam_buf b = KAM_BUF_INIT;
	char chunk[65536];
	size_t n, max = KAM_MAX_FILE_BYTES_DEFAULT + 1;
	while (b.len < max && (n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		kam_buf_add(&b, chunk, n < max - b.len ? n : max - b.len);
	if (ferror(stdin)) {
		kam_buf_release(&b);
		say("cannot read standard input");
		return -1;
	}
	doc->len = b.len;
	doc->text = kam_buf_detach(&b);
	return 0;
}

/* Where the repository of path is looked for: the file's folder when
 * standard input stands for it (the file need not exist). Caller frees. */
static char *start_of(const check_run *run, const char *path)
{
	if (!run->stdin_filename)
		return kam_xstrdup(path);
	if (kam_path_is_dir(path)) {
		say("--stdin-filename: '%s' is a folder", path);
		return NULL;
	}
	char *start = folder_of(path);
	if (!kam_path_is_dir(start)) {
		say("'%s' does not exist", start);
		free(start);
		return NULL;
	}
	return start;
}

/* Findings are judged by the severities of the repository they are in. */
static int check_one(check_run *run, const char *path, bool whole_repo)
{
	kam_error err = {0};
	kam_diag_list found = {0};
	char *start = start_of(run, path);
	if (!start)
		return -1;
	if (!run->staged && !run->rev && !kam_path_exists(start)) {
		say("'%s' does not exist", path);
		free(start);
		return -1;
	}
	kam_repo *repo = kam_sessions_open(&run->repos, start, &found, &err);
	free(start);
	int rc = 0;
	kam_unread_plan *unread = NULL;
	size_t unread_count = 0;
	kam_check_options options = {.today = globals.today, .unread = &unread, .unread_count = &unread_count,
				     .findings_only = true};
	const kam_overlay *overlay = run->stdin_filename ? &run->stdin_doc : NULL;
	kam_index *index = NULL;
	if (!repo || kam_check_overlaid(&index, repo, whole_repo ? NULL : &path, whole_repo ? 0 : 1,
					overlay, overlay ? 1 : 0, run->cwd, &options, &found,
					&run->stats, &err) < 0) {
		/* a kam.yaml that is not YAML is its finding, reported once, there */
		if (repo || !kam_diag_list_count(&found, KAM_SEV_ERROR))
			say("%s", err.message);
		rc = -1;
	}
	kam_index_free(index);
	note_unread(run, unread, unread_count);
	kam_unread_plans_free(unread, unread_count);
	kam_diag_list_finish(&found, repo ? kam_repo_config(repo)->severity : NULL);
	kam_diag_list_move(&run->diags, &found);
	return rc;
}

static void print_sarif(kam_buf *out, const check_run *run, int exit_status)
{
	kam_sarif_options o = {0};
	o.notes = (const char *const *)run->notes;
	o.note_count = run->note_count;
	/* one repository is the usual case: its kam.yaml sets the levels */
	o.severity = run->repos.count ? kam_repo_config(run->repos.items[0].repo)->severity : NULL;
	o.exit_code = exit_status;
	o.successful = exit_status != EXIT_USAGE;
	kam_report_sarif(out, &run->diags, &o);
}

/* "/a/b/../c/./d" -> "/a/c/d": display names are relative to the
 * current folder, the files a check read relative to its repository. */
static char *normalise(const char *path)
{
	kam_buf out = KAM_BUF_INIT;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = out.ptr ? strrchr(out.ptr, '/') : NULL;
			out.len = slash ? (size_t)(slash - out.ptr) : 0;
			if (out.ptr)
				out.ptr[out.len] = '\0';
		} else if (n && !(n == 1 && p[0] == '.')) {
			kam_buf_putc(&out, '/');
			kam_buf_add(&out, p, n);
		}
		p += n + (p[n] == '/');
	}
	return out.len ? kam_buf_detach(&out) : (kam_buf_release(&out), kam_xstrdup("/"));
}

/* An excerpt's source: the file as the repository that checked it read it
 * (the work tree, the index or --rev), never the work tree by default. */
static char *checked_bytes(void *ctx, const char *file, size_t *len)
{
	const check_run *run = ctx;
	char *joined = file[0] == '/' ? kam_xstrdup(file) : kam_path_join(run->cwd, file);
	char *abs = normalise(joined), *text = NULL;
	free(joined);
	if (run->stdin_filename) { /* standard input stands for that file */
		joined = kam_path_join(run->cwd, run->stdin_filename);
		char *stdin_abs = normalise(joined);
		free(joined);
		if (strcmp(stdin_abs, abs) == 0) {
			text = kam_xstrndup(run->stdin_doc.text, run->stdin_doc.len);
			*len = run->stdin_doc.len;
		}
		free(stdin_abs);
		if (text) {
			free(abs);
			return text;
		}
	}
	for (size_t i = 0; i < run->repos.count && !text; i++) {
		const char *root = kam_repo_root(run->repos.items[i].repo);
		size_t n = strlen(root);
		if (strncmp(abs, root, n) != 0 || abs[n] != '/')
			continue;
		if (kam_files_read(kam_repo_files(run->repos.items[i].repo), abs + n + 1, &text, len, 64u << 20, NULL) < 0)
			text = NULL;
	}
	free(abs);
	return text;
}

static void print_findings(check_run *run, bool summary, int exit_status)
{
	kam_buf out = KAM_BUF_INIT;
	kam_report_counts counts = {run->stats.plans, run->stats.documents};
	if (run->format == FORMAT_JSON)
		kam_report_json(&out, &run->diags, &counts);
	else if (run->format == FORMAT_GITHUB)
		kam_report_github(&out, &run->diags);
	else if (run->format == FORMAT_SARIF)
		print_sarif(&out, run, exit_status);
	else if (run->format == FORMAT_GITLAB)
		kam_report_gitlab(&out, &run->diags);
	else {
		/* NO_COLOR and TERM=dumb take the colour away, never the excerpt;
		 * --color never takes both (the editors' recipe: findings only) */
		bool color = use_color(STDOUT_FILENO);
		bool excerpt = color || (isatty(STDOUT_FILENO) && globals.color != COLOR_NEVER);
		kam_text_style style = {color, excerpt, checked_bytes, run};
		kam_report_text(&out, &run->diags, &style);
		if (summary && !globals.quiet) {
			kam_report_summary(&out, &run->diags, &counts);
			kam_buf_putc(&out, '\n');
		}
	}
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	kam_buf_release(&out);
}

static int exit_code(const check_run *run)
{
	if (run->stats.unprocessable)
		return EXIT_USAGE;
	if (kam_diag_list_count(&run->diags, KAM_SEV_ERROR))
		return EXIT_FINDINGS;
	if (run->strict && kam_diag_list_count(&run->diags, KAM_SEV_WARNING))
		return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

int cmd_check(int argc, char **argv)
{
	check_run run = {0};
	int first = parse_options(argc, argv, &run);
	if (first < 0)
		return EXIT_USAGE;
	run.cwd = getcwd(NULL, 0);
	run.repos.options = (kam_session_options){.rev = run.rev, .staged = run.staged, .display_base = run.cwd};
	int rc = 0;
	run.stdin_doc.path = run.stdin_filename;
	if (run.stdin_filename)
		rc = read_stdin(&run.stdin_doc) ? -1 : check_one(&run, run.stdin_filename, false);
	else if (first >= argc)
		rc = check_one(&run, ".", true);
	for (int i = first; !run.stdin_filename && i < argc && rc == 0; i++)
		rc = check_one(&run, argv[i], false);
	/* even when a repository could not be opened, show what was found */
	kam_diag_list_finish(&run.diags, NULL);
	int status = rc ? EXIT_USAGE : exit_code(&run);
	if (rc == 0 || run.diags.count)
		print_findings(&run, rc == 0, status);
	for (size_t i = 0; i < run.note_count; i++) {
		fprintf(stderr, "kam: note: %s\n", run.notes[i]); /* escaped when made */
		free(run.notes[i]);
	}
	free(run.notes);
	rc = status;
	kam_sessions_close(&run.repos);
	kam_diag_list_release(&run.diags);
	free((char *)run.stdin_doc.text);
	free(run.cwd);
	return rc;
}
