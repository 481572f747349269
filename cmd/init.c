#define _DEFAULT_SOURCE
#include <errno.h>
#include <getopt.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>

#include "cmd.h"
#include "banned.h"

const char cmd_init_usage[] =
	"usage: kam init [--organization NAME] [--currency CODE] [--hooks] [DIR]\n"
	"\n"
	"Make DIR (default: the current folder) a plans repository: write kam.yaml,\n"
	"create the accounts/ folder, and add 'accounts/**/*.md diff=kam' to\n"
	".gitattributes so that, with one git config line, plain `git diff` shows\n"
	"plans in plan terms, and '/site/' (where 'kam render' writes) to\n"
	".gitignore. Your git user.name and user.email become the first\n"
	"team member. Never overwrites: an existing kam.yaml is an error.\n"
	"\n"
	"With --hooks in a folder that has a kam.yaml already, only the hook is\n"
	"installed and nothing else changes. The hook goes where git takes hooks\n"
	"from (core.hooksPath, relative to the top of the work tree; else the\n"
	"common git folder, which linked worktrees share) and runs 'kam check\n"
	"--staged -q' in the plans folder (quoted for the shell). It checks the\n"
	"whole index, so a commit that only deletes a plan others refer to is\n"
	"refused too. kam rewrites a hook it wrote (it knows it by its\n"
	"\"# installed by 'kam init --hooks'\" line), keeping the other plans\n"
	"folders it checks, but never another one: then it refuses and prints the\n"
	"line that chains kam from that hook.\n"
	"\n"
	"Options:\n"
	"  --organization NAME  our side's name, shown on rendered pages\n"
	"  --currency CODE      default currency of money fields (ISO 4217, default EUR)\n"
	"  --hooks              install a git pre-commit hook running 'kam check --staged'\n";

typedef struct init_options {
	const char *organization, *currency, *dir;
	bool hooks;
	bool settings; /* --organization or --currency given */
} init_options;

/* "Anna Petrova" -> "anna.petrova": a team id from a person's name. */
static char *member_id(const char *name)
{
	kam_buf id = KAM_BUF_INIT;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			kam_buf_putc(&id, c);
		else if (id.len && id.ptr[id.len - 1] != '.')
			kam_buf_putc(&id, '.');
	}
	while (id.len && id.ptr[id.len - 1] == '.')
		id.ptr[--id.len] = '\0';
	return id.len ? kam_buf_detach(&id) : (kam_buf_release(&id), NULL);
}

/* user.name and user.email as git would use them in dir: the repository's
 * own configuration when dir is in one, else the global one. */
static void git_identity(const char *dir, char **name, char **email)
{
	git_config *config = NULL;
	git_repository *repo = NULL;
	git_buf value = {0};
	*name = *email = NULL;
	git_libgit2_init();
	int rc = git_repository_open_ext(&repo, dir, 0, NULL) == 0
			 ? git_repository_config_snapshot(&config, repo)
			 : git_config_open_default(&config);
	if (rc == 0) {
		if (git_config_get_string_buf(&value, config, "user.name") == 0)
			*name = kam_xstrdup(value.ptr);
		git_buf_dispose(&value);
		if (git_config_get_string_buf(&value, config, "user.email") == 0)
			*email = kam_xstrdup(value.ptr);
		git_buf_dispose(&value);
	}
	git_config_free(config);
	git_repository_free(repo);
	git_libgit2_shutdown();
}

static void quoted(kam_buf *out, const char *s)
{
	kam_json_quote(out, s, strlen(s)); /* a JSON string is a YAML string */
}

static void team_section(kam_buf *out, const char *dir)
{
	char *name, *email, *id = NULL;
	git_identity(dir, &name, &email);
	if (name)
		id = member_id(name);
	if (id) {
		kam_buf_printf(out, "team:                    # our people; plans refer to them by id\n"
				    "  - id: %s\n    name: ", id);
		quoted(out, name);
		kam_buf_puts(out, "\n    role: key-account-manager\n");
		if (email) {
			kam_buf_puts(out, "    email: ");
			quoted(out, email);
			kam_buf_putc(out, '\n');
		}
	} else
		kam_buf_puts(out, "team:                    # our people; plans refer to them by id\n"
				  "  - {id: account.manager, name: Account Manager, role: key-account-manager}\n");
	free(name);
	free(email);
	free(id);
}

static char *config_text(const init_options *o)
{
	kam_buf out = KAM_BUF_INIT;
	kam_buf_puts(&out, "# kam plans repository: see 'kam help' and docs/format.md\n"
			   "kam: 1\norganization: ");
	quoted(&out, o->organization);
	kam_buf_printf(&out, "\ncurrency: %s                # default currency of money fields\n"
			     "fiscal_year_start: 1        # month 1-12; quarters are fiscal quarters\n"
			     "timezone: UTC               # quarter boundaries are midnight here\n"
			     "accounts: accounts          # the folder holding the plans\n",
		       o->currency);
	team_section(&out, o->dir ? o->dir : ".");
	kam_buf_puts(&out, "rules:                      # severity per rule: error | warning | off\n"
			   "  review-overdue: warning\n");
	return kam_buf_detach(&out);
}

static int parse_init(int argc, char **argv, init_options *o)
{
	static const struct option options[] = {{"organization", required_argument, NULL, 'o'},
						{"currency", required_argument, NULL, 'c'},
						{"hooks", no_argument, NULL, 'h'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'o')
			o->organization = optarg;
		else if (c == 'c')
			o->currency = optarg;
		else if (c == 'h')
			o->hooks = true;
		else
			return die_usage("init: unknown option '%s'; see 'kam init --help'", argv[optind - 1]);
		o->settings |= c == 'o' || c == 'c';
	}
	if (optind < argc)
		o->dir = argv[optind++];
	if (optind < argc)
		return die_usage("init: one folder at most");
	if (strlen(o->currency) != 3 || strspn(o->currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
		return die_usage("init: --currency takes a code of three capital letters such as EUR");
	return 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	return die_usage("cannot create '%s': %s", path, strerror(errno));
}

/* Add line to DIR/name unless a line there already holds marker, keeping
 * what is there. */
static int add_line(const char *dir, const char *name, const char *line, const char *marker,
		    kam_error *err)
{
	char *path = kam_path_join(dir, name);
	char *text = NULL;
	size_t len = 0;
	int rc = KAM_OK;
	if (kam_path_exists(path) && (rc = kam_file_read(&text, &len, path, 1u << 20, err)) < 0)
		goto done;
	if (text && strstr(text, marker))
		goto done;
	kam_buf b = KAM_BUF_INIT;
	if (text) {
		kam_buf_add(&b, text, len);
		if (len && text[len - 1] != '\n')
			kam_buf_putc(&b, '\n');
	}
	kam_buf_puts(&b, line);
	rc = kam_file_write_atomic(path, b.ptr, b.len, false, err);
	kam_buf_release(&b);
done:
	free(text);
	free(path);
	return rc;
}

/* git diff shows plans in plan terms; the rendered site is not committed */
static int add_git_files(const char *dir, kam_error *err)
{
	int rc = add_line(dir, ".gitattributes", "accounts/**/*.md diff=kam\n", "diff=kam", err);
	if (rc == KAM_OK)
		rc = add_line(dir, ".gitignore", "/site/\n", "/site/", err);
	return rc;
}

/* The first line kam writes after the #! line: how kam knows its own hook. */
static const char hook_marker[] = "# installed by 'kam init --hooks'";

/* s quoted for sh: 'it'\''s' */
static void sh_quote(kam_buf *out, const char *s)
{
	kam_buf_putc(out, '\'');
	for (; *s; s++)
		if (*s == '\'')
			kam_buf_puts(out, "'\\''");
		else
			kam_buf_putc(out, *s);
	kam_buf_putc(out, '\'');
}

/* The command the hook runs: from the top of the work tree (where git runs
 * hooks), in the plans folder. */
static char *hook_command(const char *prefix, bool chained)
{
	kam_buf b = KAM_BUF_INIT;
	kam_buf_puts(&b, chained ? "(cd " : "cd ");
	sh_quote(&b, prefix);
	kam_buf_puts(&b, chained ? " && kam check --staged -q) || exit 1" : " && exec kam check --staged -q");
	return kam_buf_detach(&b);
}

/* The folder git takes hooks from, as git does: core.hooksPath (relative
 * to the top of the work tree), else the hooks folder of the common git
 * folder, which linked worktrees share. */
static char *hooks_dir(git_repository *repo)
{
	git_config *config = NULL;
	git_buf value = {0};
	char *dir = NULL;
	if (git_repository_config_snapshot(&config, repo) == 0 &&
	    git_config_get_path(&value, config, "core.hooksPath") == 0 && value.ptr && *value.ptr)
		dir = value.ptr[0] == '/' ? kam_xstrdup(value.ptr)
					  : kam_path_join(git_repository_workdir(repo), value.ptr);
	git_buf_dispose(&value);
	git_config_free(config);
	return dir ? dir : kam_path_join(git_repository_commondir(repo), "hooks");
}

/* Whether the file at path is a hook kam wrote (or absent). */
static int hook_is_ours(const char *path, bool *ours, kam_error *err)
{
	char *text = NULL;
	size_t len;
	*ours = true;
	if (!kam_path_exists(path))
		return KAM_OK;
	int rc = kam_file_read(&text, &len, path, 1u << 20, err);
	*ours = rc == KAM_OK && strstr(text, hook_marker) != NULL;
	free(text);
	return rc;
}

/* The pre-commit hook's path, and the plans folder relative to the git
 * work tree (hooks run at its top); KAM_EEXISTS for a hook kam did not
 * write. */
static int hook_target(const char *dir, char **hook, char **prefix, kam_error *err)
{
	git_repository *repo = NULL;
	*hook = *prefix = NULL;
	git_libgit2_init();
	int rc = KAM_OK;
	char *real = realpath(dir, NULL);
	if (!real || git_repository_open_ext(&repo, real, 0, NULL) < 0 || !git_repository_workdir(repo)) {
		rc = kam_error_set(err, KAM_ENOTFOUND,
				   "--hooks needs a git repository: run 'git init' first");
		goto done;
	}
	char *top = realpath(git_repository_workdir(repo), NULL);
	*prefix = top ? kam_path_relative(real, top) : kam_xstrdup(".");
	free(top);
	char *hooks = hooks_dir(repo);
	*hook = kam_path_join(hooks, "pre-commit");
	free(hooks);
	bool ours;
	if ((rc = hook_is_ours(*hook, &ours, err)) == KAM_OK && !ours)
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' exists and kam did not write it", *hook);
done:
	free(real);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

/* mkdir -p */
static int make_dirs(const char *path, kam_error *err)
{
	char *p = kam_xstrdup(path);
	int rc = KAM_OK;
	for (char *s = p + 1; rc == KAM_OK; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = kam_error_set(err, KAM_EIO, "cannot create '%s': %s", p, strerror(errno));
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

/* Past the word s quoted by sh_quote ('it'\''s'), or NULL. */
static const char *quoted_end(const char *s)
{
	if (*s != '\'')
		return NULL;
	while (*s == '\'') {
		const char *close = strchr(s + 1, '\'');
		if (!close)
			return NULL;
		s = close + 1;
		if (s[0] == '\\' && s[1] == '\'')
			s += 2;
	}
	return s;
}

/* The quoted folders of the plans repositories kam's hook at path checks
 * already, from its command lines ("cd 'plans' && exec kam ..." or
 * "(cd 'plans' && kam ...) || exit 1"), other than the one of prefix. */
static void other_folders(const char *path, const char *prefix, kam_buf *out, size_t *count)
{
	char *text = NULL, *ours = NULL;
	size_t len;
	if (!kam_path_exists(path) || kam_file_read(&text, &len, path, 1u << 20, NULL) < 0)
		return;
	kam_buf q = KAM_BUF_INIT;
	sh_quote(&q, prefix);
	ours = kam_buf_detach(&q);
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		const char *start = strncmp(line, "(cd '", 5) == 0 ? line + 4
				    : strncmp(line, "cd '", 4) == 0 ? line + 3
									: NULL;
		const char *end = start ? quoted_end(start) : NULL;
		if (!end || strncmp(end, " && ", 4) != 0 || !strstr(end, "kam check --staged") ||
		    ((size_t)(end - start) == strlen(ours) && strncmp(start, ours, strlen(ours)) == 0))
			continue;
		kam_buf_printf(out, "(cd %.*s && kam check --staged -q) || exit 1\n", (int)(end - start), start);
		(*count)++;
	}
	free(ours);
	free(text);
}

/* kam's hook: one command for one plans folder; when it checked other
 * plans folders of the same git work tree, those stay, and each runs. */
static int install_hook(const char *hook, const char *prefix, kam_error *err)
{
	char *dir = kam_xstrndup(hook, (size_t)(strrchr(hook, '/') - hook));
	int rc = make_dirs(dir, err);
	free(dir);
	if (rc < 0)
		return rc;
	kam_buf others = KAM_BUF_INIT;
	size_t count = 0;
	other_folders(hook, prefix, &others, &count);
	char *command = hook_command(prefix, count > 0);
	char *text = kam_xprintf("#!/bin/sh\n"
				 "%s: a commit whose plans fail\n"
				 "# 'kam check' is refused. 'git commit --no-verify' skips it.\n"
				 "%s%s\n",
				 hook_marker, kam_buf_cstr(&others), command);
	rc = kam_file_write_atomic(hook, text, strlen(text), false, err);
	if (rc == KAM_OK && chmod(hook, 0755) != 0)
		rc = kam_error_set(err, KAM_EIO, "cannot make '%s' executable: %s", hook, strerror(errno));
	kam_buf_release(&others);
	free(command);
	free(text);
	return rc;
}

/* The message for a hook that could not be installed; for somebody
 * else's hook, the line that chains kam from it. */
static int refuse_hook(const char *hook, const char *prefix, const kam_error *err)
{
	die_usage("init: %s; nothing was changed", err->message);
	if (err->code == KAM_EEXISTS && hook && prefix) {
		char *line = hook_command(prefix, true);
		fprintf(stderr, "to run kam from %s too, add this line to it:\n  %s\n", hook, line);
		free(line);
	}
	return EXIT_USAGE;
}

/* kam init --hooks in a plans repository: the hook and nothing else. */
static int hooks_only(const init_options *o, const char *config)
{
	char *hook = NULL, *prefix = NULL;
	kam_error err = {0};
	int rc = EXIT_CLEAN;
	if (o->settings)
		rc = die_usage("init: '%s' exists: --organization and --currency are for a new "
			       "repository (edit kam.yaml instead); nothing was changed",
			       config);
	else if (hook_target(o->dir, &hook, &prefix, &err) < 0 || install_hook(hook, prefix, &err) < 0)
		rc = refuse_hook(hook, prefix, &err);
	else if (!globals.quiet)
		printf("installed the pre-commit hook %s\n", hook);
	free(hook);
	free(prefix);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	init_options o = {"My Company", "EUR", ".", false, false};
	if (parse_init(argc, argv, &o))
		return EXIT_USAGE;
	if (make_dir(o.dir))
		return EXIT_USAGE;
	char *config = kam_path_join(o.dir, "kam.yaml");
	char *accounts = kam_path_join(o.dir, "accounts");
	char *text = config_text(&o);
	char *hook = NULL, *prefix = NULL;
	kam_error err = {0};
	int rc = EXIT_CLEAN;
	/* everything that can refuse is asked before anything is written */
	if (o.hooks && kam_path_exists(config))
		rc = hooks_only(&o, config);
	else if (o.hooks && hook_target(o.dir, &hook, &prefix, &err) < 0)
		rc = refuse_hook(hook, prefix, &err);
	else if (kam_file_write_atomic(config, text, strlen(text), true, &err) < 0)
		rc = die_usage("init: %s; nothing was changed", err.message);
	else if (make_dir(accounts))
		rc = EXIT_USAGE;
	else if (add_git_files(o.dir, &err) < 0 || (o.hooks && install_hook(hook, prefix, &err) < 0))
		rc = die_usage("init: %s", err.message);
	else if (!globals.quiet) {
		printf("created %s and %s/\n", config, accounts);
		if (hook)
			printf("installed the pre-commit hook %s\n", hook);
		printf("to see plan changes in plan terms in git diff:\n"
		       "  git config diff.kam.textconv 'kam textconv'\n"
		       "next: kam new ACCOUNT-ID --name \"Client Name\"\n");
	}
	free(config);
	free(accounts);
	free(text);
	free(hook);
	free(prefix);
	return rc;
}
