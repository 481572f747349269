#define _DEFAULT_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

typedef struct names {
	char **items;
	size_t count, alloc;
} names;

static void add_name(names *n, const char *s)
{
	n->items = kam_grow(n->items, &n->alloc, n->count + 1, sizeof(char *));
	n->items[n->count++] = kam_xstrdup(s);
}

static void free_names(names *n)
{
	for (size_t i = 0; i < n->count; i++)
		free(n->items[i]);
	free(n->items);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, each name once: n log n for any number of files. */
static void sort_unique(names *n)
{
	if (n->count)
		qsort(n->items, n->count, sizeof(char *), by_text);
	size_t kept = 0;
	for (size_t i = 0; i < n->count; i++)
		if (kept && strcmp(n->items[kept - 1], n->items[i]) == 0)
			free(n->items[i]);
		else
			n->items[kept++] = n->items[i];
	n->count = kept;
}

/* The paths the user named, as absolute paths, resolved once. */
static void resolve_paths(const commit_options *o, const char *root, names *out)
{
	for (int i = 0; i < o->path_count; i++) {
		char *real = realpath(o->paths[i], NULL);
		char *p = real ? real : kam_path_join(root, o->paths[i]);
		add_name(out, p);
		free(p);
	}
}

/* Whether rel is below one of the paths the user named (or none was). */
static bool wanted(const names *paths, const char *root, const char *rel)
{
	if (!paths->count)
		return true;
	char *abs = kam_path_join(root, rel);
	bool yes = false;
	for (size_t i = 0; i < paths->count && !yes; i++) {
		size_t n = strlen(paths->items[i]);
		yes = strncmp(abs, paths->items[i], n) == 0 && (abs[n] == '/' || !abs[n]);
	}
	free(abs);
	return yes;
}

/* Whether the work tree's rel is not HEAD's: a file kam cannot read there
 * (a link out, a FIFO) differs, so that it is looked at and refused. */
static bool differs(const kam_files *head, const kam_files *work, const char *rel)
{
	if (head)
		return !kam_files_same(head, work, rel);
	struct stat st;
	char *path = kam_path_join(kam_files_root(work), rel);
	bool there = lstat(path, &st) == 0;
	free(path);
	return there;
}

/* The schema files kam.yaml names (schema: PATH, or a mapping of kinds to
 * paths): committed with the plans they check. */
static void schema_files(const kam_files *work, names *out)
{
	char *text = NULL;
	size_t len = 0;
	if (kam_files_read(work, "kam.yaml", &text, &len, 1u << 20, NULL) < 0)
		return;
	kam_arena *arena = kam_arena_new();
	kam_diag_list ignored = {0};
	kam_node *root = NULL;
	if (kam_yaml_parse(&root, arena, text, len, 1, "kam.yaml", NULL, &ignored) == 0) {
		const kam_node *schema = kam_node_get(root, "schema");
		size_t n = schema && schema->kind == KAM_NODE_MAP ? schema->count : 1;
		for (size_t i = 0; schema && i < n; i++) {
			const kam_node *v = schema->kind == KAM_NODE_MAP ? schema->pairs[i].value : schema;
			const char *path = kam_node_string(v);
			while (path && strncmp(path, "./", 2) == 0)
				path += 2;
			if (path && *path && path[0] != '/' && !strstr(path, ".."))
				add_name(out, path);
		}
	}
	kam_diag_list_release(&ignored);
	kam_arena_free(arena);
	free(text);
}

/* The files of the plans (kam.yaml, its schema files, everything below the
 * accounts folder) that differ between HEAD and the work tree; temporary
 * files of kam's own writes are never among them. */
static void changed_plans(const kam_repo *repo, const kam_files *head, const commit_options *o,
			  names *out)
{
	const kam_files *work = kam_repo_files(repo);
	const char *dir = kam_repo_config(repo)->accounts_dir;
	names all = {0}, paths = {0};
	add_name(&all, "kam.yaml");
	schema_files(work, &all);
	const kam_files *sides[2] = {work, head};
	for (int s = 0; s < 2; s++) {
		char **rels;
		size_t n;
		if (!sides[s] || kam_files_list(sides[s], dir, &rels, &n, NULL) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			all.items = kam_grow(all.items, &all.alloc, all.count + 1, sizeof(char *));
			all.items[all.count++] = rels[i]; /* taken over */
		}
		free(rels);
	}
	sort_unique(&all);
	resolve_paths(o, kam_repo_root(repo), &paths);
	for (size_t i = 0; i < all.count; i++) {
		const char *rel = all.items[i];
		if (kam_git_is_temp_name(rel) && kam_files_exists(work, rel))
			continue; /* a write that was killed: never committed */
		if (wanted(&paths, kam_repo_root(repo), rel) && differs(head, work, rel))
			add_name(out, rel);
	}
	free_names(&paths);
	free_names(&all);
}

/* Keep of changed the files the new tree really changes: git's filters
 * (core.autocrlf) may store a file that differs in the work tree as HEAD
 * has it. */
static void keep_committed(const char *root, const kam_files *head, const char *tree, names *changed)
{
	kam_files *after = NULL;
	if (kam_files_git(&after, root, tree, NULL) < 0)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < changed->count; i++)
		if (!head || !kam_files_same(head, after, changed->items[i]))
			changed->items[kept++] = changed->items[i];
		else
			free(changed->items[i]);
	changed->count = kept;
	kam_files_free(after);
}

/* The message: the user's lines, then the story of what changed. */
static char *compose_message(const char *root, const kam_repo *work, const char *base_id,
			     const char *tree, const char *user, size_t files)
{
	kam_buf msg = KAM_BUF_INIT;
	kam_buf_printf(&msg, "%s\n", user ? user : "Update account plans");
	kam_files *before = NULL, *after = NULL;
	kam_repo *base = NULL, *head = NULL;
	kam_diag_list ignored = {0};
	kam_diff *diff = NULL;
	kam_error err = {0};
	if (base_id && kam_files_git(&before, root, base_id, &err) == 0)
		kam_repo_open_files(&base, root, before, NULL, &ignored, &err);
	if (kam_files_git(&after, root, tree, &err) == 0 &&
	    kam_repo_open_files(&head, root, after, NULL, &ignored, &err) == 0) {
		/* judged on the day it is made, as kam log and kam diff judge it */
		kam_date today = kam_today(kam_repo_config(work)->timezone, globals.today);
		kam_diff_commit(&diff, base, head, today, &err);
	}
	size_t n = 0;
	const kam_account_diff *accounts = diff ? kam_diff_accounts(diff, &n) : NULL;
	if (n)
		kam_buf_putc(&msg, '\n');
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < accounts[i].story_count; j++)
			kam_buf_printf(&msg, "%s: %s\n", accounts[i].account, accounts[i].story[j]);
	if (!n)
		kam_buf_printf(&msg, "\n%zu plan file%s changed\n", files, files == 1 ? "" : "s");
	kam_diff_free(diff);
	kam_repo_free(base);
	kam_repo_free(head);
	kam_diag_list_release(&ignored);
	return kam_buf_detach(&msg);
}

/* Refuse what git would store as something else than the file the user
 * sees, or that leaves the repository: a symbolic link to a place outside
 * it, a fifo or a device. */
static int check_kinds(kam_git *git, const char *root, const names *changed, bool links,
		       kam_error *err)
{
	int rc = KAM_OK;
	for (size_t i = 0; i < changed->count && rc == KAM_OK; i++) {
		char *abs = kam_path_join(root, changed->items[i]);
		struct stat st;
		char *target = NULL;
		if (lstat(abs, &st) != 0)
			; /* deleted: nothing is read */
		else if (S_ISLNK(st.st_mode))
			rc = links ? kam_git_check_link(git, changed->items[i], &target, err) : KAM_OK;
		else if (!S_ISREG(st.st_mode))
			rc = kam_error_set(err, KAM_EINVALID, "%s is not a regular file or a symbolic link",
					   changed->items[i]);
		free(target);
		free(abs);
	}
	return rc;
}

/* One line per committed file: A added, M modified, D deleted; a symbolic
 * link with its text, as git stores it. */
static void print_files(const char *root, const kam_files *head, const names *changed)
{
	printf(" %zu file%s changed\n", changed->count, changed->count == 1 ? "" : "s");
	for (size_t i = 0; i < changed->count; i++) {
		const char *rel = changed->items[i];
		char *abs = kam_path_join(root, rel);
		struct stat st;
		bool in_work = lstat(abs, &st) == 0;
		char link[4096];
		ssize_t n = in_work && S_ISLNK(st.st_mode) ? readlink(abs, link, sizeof(link) - 1) : -1;
		link[n > 0 ? n : 0] = '\0';
		char status = !in_work ? 'D' : head && kam_files_exists(head, rel) ? 'M' : 'A';
		printf(" %c %s%s%s\n", status, rel, n > 0 ? " -> " : "", link);
		free(abs);
	}
}

/* Stop before anything is read when git is mid-merge (or the like), and
 * clean up what killed kam writes left. */
static int prepare(kam_git *git, const kam_repo *repo, kam_error *err)
{
	if (kam_git_check_state(git, err) < 0)
		return EXIT_FINDINGS;
	remove_temp_files(git, repo, "commit");
	return EXIT_CLEAN;
}

/* One go at the commit: EXIT_RETRY (nothing said, nothing changed) when
 * another process was committing at the same time and this is not the
 * last go. */
static int commit_once(const kam_repo *repo, const commit_options *o, bool last)
{
	kam_files *head = NULL;
	kam_git *git = NULL;
	kam_diag_list warnings = {0};
	kam_error err = {0};
	names changed = {0};
	char *message = NULL;
	kam_git_index_edit *edits = NULL;
	const char *root = kam_repo_root(repo);
	int rc = EXIT_USAGE;
	if (kam_git_open(&git, root, &err) < 0) {
		say("commit: %s", err.message);
		goto done;
	}
	if ((rc = prepare(git, repo, &err)) != EXIT_CLEAN) {
		say("commit refused: %s; nothing was changed", err.message);
		goto done;
	}
	rc = EXIT_USAGE;
	if (kam_git_base(git)) /* the HEAD everything is built from */
		kam_files_git(&head, root, kam_git_base(git), NULL);
	changed_plans(repo, head, o, &changed);
	if (!changed.count) {
		printf("nothing to commit: the plans are as HEAD has them\n");
		rc = EXIT_CLEAN;
		goto done;
	}
	if (check_kinds(git, root, &changed, false, &err) < 0) { /* before any file is read */
		say("commit refused: %s; nothing was committed", err.message);
		rc = err.code == KAM_EINVALID ? EXIT_FINDINGS : EXIT_USAGE;
		goto done;
	}
	char tree[41], id[41];
	bool differs_from_head;
	if (kam_git_stage_tree(git, (const char *const *)changed.items, changed.count, tree,
			       &differs_from_head, &err) < 0) {
		say("commit: %s", err.message);
		goto done;
	}
	keep_committed(root, head, tree, &changed);
	if (!differs_from_head || !changed.count) { /* line ends only, as git's filters store them */
		printf("nothing to commit: the plans are as HEAD has them\n");
		rc = EXIT_CLEAN;
		goto done;
	}
	/* links the commit adds or changes; one HEAD has already is not new */
	if (check_kinds(git, root, &changed, true, &err) < 0) {
		say("commit refused: %s; nothing was committed", err.message);
		rc = err.code == KAM_EINVALID ? EXIT_FINDINGS : EXIT_USAGE;
		goto done;
	}
	if (!o->no_verify && verify_commit(root, tree, (const char *const *)changed.items,
					   changed.count, &warnings, &err) < 0) {
		if (err.code == KAM_EINVALID)
			say("commit refused: %s (--no-verify commits anyway)", err.message);
		else
			say("commit: %s", err.message);
		rc = err.code == KAM_EINVALID ? EXIT_FINDINGS : EXIT_USAGE;
		goto done;
	}
	message = compose_message(root, repo, kam_git_base(git), tree, o->message, changed.count);
	edits = kam_xcalloc(changed.count, sizeof(*edits));
	for (size_t i = 0; i < changed.count; i++)
		edits[i] = (kam_git_index_edit){changed.items[i], NULL, 0, true}; /* as committed */
	if (kam_git_commit(git, tree, message, edits, changed.count, id, &err) < 0) {
		kam_git_unlock(git);
		if (kam_git_busy(git) && !last) {
			rc = EXIT_RETRY;
			goto done;
		}
		say("commit%s: %s; nothing was changed",
			err.code == KAM_EINVALID ? " refused" : "", err.message);
		rc = err.code == KAM_EINVALID ? EXIT_FINDINGS : EXIT_USAGE;
		goto done;
	}
	printf("[%s %.7s] %.*s\n", kam_git_branch(git), id, (int)strcspn(message, "\n"), message);
	print_files(root, head, &changed);
	fflush(stdout); /* the commit lines first, then what it let through */
	print_let_through(&warnings);
	rc = EXIT_CLEAN;
done:
	free(edits);
	free(message);
	free_names(&changed);
	kam_git_free(git);
	kam_files_free(head);
	kam_diag_list_release(&warnings);
	return rc;
}

int cmd_commit(int argc, char **argv)
{
	commit_options o = {0};
	if (parse_commit(argc, argv, &o))
		return EXIT_USAGE;
	kam_repo *repo = NULL;
	kam_diag_list ignored = {0};
	kam_error err = {0};
	int rc = EXIT_USAGE;
	if (kam_repo_open(&repo, ".", NULL, &ignored, &err) < 0)
		say("commit: %s", err.message);
	else
		for (int attempt = 1; (rc = commit_once(repo, &o, attempt == COMMIT_ATTEMPTS)) == EXIT_RETRY;
		     attempt++)
			retry_pause(attempt);
	kam_repo_free(repo);
	kam_diag_list_release(&ignored);
	return rc;
}
