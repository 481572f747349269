#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "banned.h"

const char cmd_init_usage[] =
	"usage: kam init [--organization NAME] [--currency CODE] [DIR]\n"
	"\n"
	"Make DIR (default: the current folder) a plans repository: write kam.yaml\n"
	"and create the accounts/ folder. Your git user.name and user.email become\n"
	"the first team member. Never overwrites: an existing kam.yaml is an error.\n"
	"\n"
	"Options:\n"
	"  --organization NAME  our side's name, shown on rendered pages\n"
	"  --currency CODE      default currency of money fields (ISO 4217, default EUR)\n";

typedef struct init_options {
	const char *organization, *currency, *dir;
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

/* user.name and user.email from git's configuration, if set. */
static void git_identity(char **name, char **email)
{
	git_config *config = NULL;
	git_buf value = {0};
	*name = *email = NULL;
	git_libgit2_init();
	if (git_config_open_default(&config) == 0) {
		if (git_config_get_string_buf(&value, config, "user.name") == 0)
			*name = kam_xstrdup(value.ptr);
		git_buf_dispose(&value);
		if (git_config_get_string_buf(&value, config, "user.email") == 0)
			*email = kam_xstrdup(value.ptr);
		git_buf_dispose(&value);
	}
	git_config_free(config);
	git_libgit2_shutdown();
}

static void quoted(kam_buf *out, const char *s)
{
	kam_buf_json_string(out, s, strlen(s)); /* a JSON string is a YAML string */
}

static void team_section(kam_buf *out)
{
	char *name, *email, *id = NULL;
	git_identity(&name, &email);
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
	team_section(&out);
	kam_buf_puts(&out, "rules:                      # severity per rule: error | warning | off\n"
			   "  review-overdue: warning\n");
	return kam_buf_detach(&out);
}

static int parse_init(int argc, char **argv, init_options *o)
{
	static const struct option options[] = {{"organization", required_argument, NULL, 'o'},
						{"currency", required_argument, NULL, 'c'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'o')
			o->organization = optarg;
		else if (c == 'c')
			o->currency = optarg;
		else
			return die_usage("init: unknown option '%s'; see 'kam init --help'", argv[optind - 1]);
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

int cmd_init(int argc, char **argv)
{
	init_options o = {"My Company", "EUR", "."};
	if (parse_init(argc, argv, &o))
		return EXIT_USAGE;
	if (make_dir(o.dir))
		return EXIT_USAGE;
	char *config = kam_path_join(o.dir, "kam.yaml");
	char *accounts = kam_path_join(o.dir, "accounts");
	char *text = config_text(&o);
	kam_error err = {0};
	int rc = EXIT_CLEAN;
	if (kam_file_write_atomic(config, text, strlen(text), true, &err) < 0)
		rc = die_usage("init: %s; nothing was changed", err.message);
	else if (make_dir(accounts))
		rc = EXIT_USAGE;
	else if (!globals.quiet)
		printf("created %s and %s/\nnext: kam new ACCOUNT-ID --name \"Client Name\"\n", config,
		       accounts);
	free(config);
	free(accounts);
	free(text);
	return rc;
}
