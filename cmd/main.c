#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <cmark-gfm.h>
#include <git2.h>
#include <jansson.h>
#include <pcre2.h>
#include <yaml.h>

#include "cmd.h"
#include "banned.h"

global_options globals;

const command commands[] = {
	{"check", cmd_check, "check plans: files, schema, references and links, plan rules", cmd_check_usage},
	{"init", cmd_init, "create a plans repository (kam.yaml, accounts/)", cmd_init_usage},
	{"new", cmd_new, "scaffold a new account plan that passes kam check", cmd_new_usage},
	{"status", cmd_status, "the portfolio: pipeline, must-wins, revenue, reviews, health", cmd_status_usage},
	{"forecast", cmd_forecast, "the quarter's forecast against target: won, commit, gap, coverage", cmd_forecast_usage},
	{"rules", cmd_rules, "the plan rules, their severity here and why they exist", cmd_rules_usage},
	{"commit", cmd_commit, "check the plans, then commit them with a summary of the changes", cmd_commit_usage},
	{"review", cmd_review, "mark a plan reviewed today, and commit", cmd_review_usage},
	{"diff", cmd_diff, "what changed in the plans, in plan terms", cmd_diff_usage},
	{"log", cmd_log, "the history of the plans in plan terms, per commit or quarter", cmd_log_usage},
	{"textconv", cmd_textconv, "a stable text view of a plan for git diff", cmd_textconv_usage},
	{"render", cmd_render, "a static HTML site: portfolio, accounts, maps, charts", cmd_render_usage},
	{"brief", cmd_brief, "a one-page sheet to prepare a meeting with an account or a person", cmd_brief_usage},
	{"competitors", cmd_competitors, "who we are up against: accounts, open deals, won and lost", cmd_competitors_usage},
	{"whitespace", cmd_whitespace, "an account's units by our offerings: who sells what, potential", cmd_whitespace_usage},
	{"agenda", cmd_agenda, "what comes due: actions, reviews, notice dates, quarters ending", cmd_agenda_usage},
	{"export", cmd_export, "the plans as a CSV table: opportunities, contacts, actions, revenue, contracts", cmd_export_usage},
	{"lsp", cmd_lsp, "a language server for editors: kam check's findings as you type", cmd_lsp_usage},
	{"links", cmd_links, "references, backlinks and broken links; a graph of people", cmd_links_usage},
	{"help", cmd_help, "show help for kam or one of its commands", cmd_help_usage},
	{NULL, NULL, NULL, NULL},
};

static const char main_usage[] =
	"usage: kam [-C DIR] [--today YYYY-MM-DD] [--color auto|always|never] [-q] COMMAND [ARGS]\n"
	"       kam --version | kam help [COMMAND]\n"
	"\n"
	"Key account plans as Markdown files with YAML frontmatter in git.\n"
	"\n"
	"Global options:\n"
	"  -C DIR           run as if kam was started in DIR\n"
	"  --today DATE     fix today's date (also KAM_TODAY), for reproducible runs\n"
	"  --color WHEN     colour the output: auto (on a terminal, unless NO_COLOR is\n"
	"                   set or TERM=dumb; CLICOLOR_FORCE or FORCE_COLOR force it),\n"
	"                   always, never\n"
	"  -q, --quiet      print only the findings, no summary\n";

const char *main_usage_text(void)
{
	return main_usage;
}

const command *find_command(const char *name)
{
	for (const command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* "kam: " and the message as one line through the terminal writer: the
 * names and values in it cannot send escape sequences or start a line. */
static void say_v(const char *fmt, va_list ap)
{
	kam_buf msg = KAM_BUF_INIT, line = KAM_BUF_INIT;
	kam_buf_vprintf(&msg, fmt, ap);
	kam_buf_puts(&line, "kam: ");
	kam_term_text(&line, kam_buf_cstr(&msg));
	kam_buf_putc(&line, '\n');
	fputs(line.ptr, stderr);
	kam_buf_release(&msg);
	kam_buf_release(&line);
}

void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_v(fmt, ap);
	va_end(ap);
}

int die_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_v(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

bool wants_help(int argc, char **argv, const char *usage)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return true;
		}
	}
	return false;
}

static bool env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

/* --color first; then NO_COLOR (any non-empty value) turns colour off,
 * CLICOLOR_FORCE or FORCE_COLOR (non-empty, not "0") turns it on, TERM=dumb
 * off; else colour on a terminal. */
bool use_color(int fd)
{
	if (globals.color != COLOR_AUTO)
		return globals.color == COLOR_ALWAYS;
	const char *no_color = getenv("NO_COLOR");
	if (no_color && *no_color)
		return false;
	if (env_set("CLICOLOR_FORCE") || env_set("FORCE_COLOR"))
		return true;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd);
}

size_t report_unread(const char *command, const kam_unread_plan *unread, size_t count)
{
	for (size_t i = 0; i < count; i++)
		say("%s: %s could not be read (%s): left out; run kam check", command,
			unread[i].file, unread[i].reason);
	return count;
}

size_t report_diff_unread(const char *command, const kam_diff *diff, kam_buf *seen)
{
	size_t count, fresh = 0;
	const char *const *unread = diff ? kam_diff_unread(diff, &count) : NULL;
	for (size_t i = 0; unread && i < count; i++) {
		kam_buf line = KAM_BUF_INIT;
		kam_buf_puts(&line, "kam: ");
		kam_buf_printf(&line, "%s: ", command);
		kam_term_text(&line, unread[i]);
		kam_buf_puts(&line, ": left out; run kam check\n");
		if (!strstr(kam_buf_cstr(seen), line.ptr)) {
			kam_buf_puts(seen, line.ptr);
			fputs(line.ptr, stderr);
			fresh++;
		}
		kam_buf_release(&line);
	}
	return fresh;
}

void today_string(char out[11])
{
	if (globals.today) {
		snprintf(out, 11, "%s", globals.today);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void print_command_list(FILE *out)
{
	int width = 8;
	for (const command *c = commands; c->name; c++)
		width = (int)strlen(c->name) > width ? (int)strlen(c->name) : width;
	fputs("\nCommands:\n", out);
	for (const command *c = commands; c->name; c++)
		fprintf(out, "  %-*s %s\n", width, c->name, c->summary);
	fputs("\n'kam help COMMAND' or 'kam COMMAND --help' tells more.\n", out);
}

static int print_main_usage(FILE *out)
{
	fputs(main_usage, out);
	print_command_list(out);
	return out == stdout ? EXIT_CLEAN : EXIT_USAGE;
}

static int set_color(const char *when)
{
	if (strcmp(when, "auto") == 0)
		globals.color = COLOR_AUTO;
	else if (strcmp(when, "always") == 0)
		globals.color = COLOR_ALWAYS;
	else if (strcmp(when, "never") == 0)
		globals.color = COLOR_NEVER;
	else
		return die_usage("--color takes auto, always or never, not '%s'", when);
	return 0;
}

static int set_today(const char *date)
{
	if (!kam_date_valid(date))
		return die_usage("--today takes a date YYYY-MM-DD, not '%s'", date);
	globals.today = date;
	return 0;
}

/* "text, md or json" */
static void format_list(kam_buf *out, const char *const *formats)
{
	for (size_t i = 0; formats[i]; i++)
		kam_buf_printf(out, "%s%s", i == 0 ? "" : formats[i + 1] ? ", " : " or ", formats[i]);
}

int parse_format_subject(int argc, char **argv, const char *command, const char *const *formats,
			 int *format, const char **subject, subject_count count, const char *what)
{
	static const struct option options[] = {{"format", required_argument, NULL, 'f'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		int given = -1;
		for (int i = 0; c == 'f' && formats[i]; i++)
			if (strcmp(optarg, formats[i]) == 0)
				given = i;
		if (c != 'f')
			return die_usage("%s: unknown option '%s'; see 'kam %s --help'", command,
					 argv[optind - 1], command);
		if (given < 0) {
			kam_buf list = KAM_BUF_INIT;
			format_list(&list, formats);
			int rc = die_usage("--format takes %s, not '%s'", kam_buf_cstr(&list), optarg);
			kam_buf_release(&list);
			return rc;
		}
		*format = given;
	}
	int left = argc - optind;
	if (left > (count == SUBJECT_NONE ? 0 : 1) || (count == SUBJECT_ONE && left != 1))
		return die_usage(count == SUBJECT_NONE ? "%s: no arguments expected; see 'kam %s --help'"
						       : "%s: %s; see 'kam %s --help'",
				 command, count == SUBJECT_NONE ? command : what, command);
	if (subject)
		*subject = left ? argv[optind] : NULL;
	return 0;
}

int parse_text_or_json(int argc, char **argv, const char *command, bool *json)
{
	static const char *const formats[] = {"text", "json", NULL};
	int format = *json;
	int rc = parse_format_subject(argc, argv, command, formats, &format, NULL, SUBJECT_NONE, NULL);
	*json = format == 1;
	return rc;
}

/* The value of an option written "--opt VALUE" or "--opt=VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* kam's version, then those of the libraries it runs with, as they report
 * themselves at run time (a shared library may be newer than its headers). */
static void print_version(void)
{
	int major = 0, minor = 0, rev = 0;
	char pcre2[64] = "";
	git_libgit2_version(&major, &minor, &rev);
	pcre2_config(PCRE2_CONFIG_VERSION, pcre2);
	printf("kam %s\n", KAM_VERSION);
	printf("libgit2 %d.%d.%d\n", major, minor, rev);
	printf("libyaml %s\n", yaml_get_version_string());
	printf("cmark-gfm %s\n", cmark_version_string());
	printf("jansson %s\n", jansson_version_str());
	printf("pcre2 %s\n", pcre2);
}

/* Parse options before the command; returns the command's index in argv,
 * or -1 after printing (exit code in *rc). */
static int parse_globals(int argc, char **argv, int *rc)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		*rc = 0;
		if (strcmp(argv[i], "--version") == 0) {
			print_version();
			return -1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			*rc = print_main_usage(stdout);
			return -1;
		} else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			globals.quiet = true;
		else if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) {
			if (chdir(argv[++i]) != 0)
				*rc = die_usage("cannot change to '%s': no such folder", argv[i]);
		} else if ((v = option_value(argc, argv, &i, "--today")))
			*rc = set_today(v);
		else if ((v = option_value(argc, argv, &i, "--color")))
			*rc = set_color(v);
		else
			*rc = die_usage("unknown option '%s'; see 'kam --help'", argv[i]);
		if (*rc)
			return -1;
	}
	return i;
}

/* -q, --today and --color work after the command too (kam check -q,
 * kam status --today 2026-11-20); take them out of argv. Returns the new
 * count, or -1 after a usage error (exit code in *rc). */
static int take_globals(int argc, char **argv, int *rc)
{
	int kept = 1;
	bool options_end = false;
	for (int i = 1; i < argc; i++) {
		const char *v;
		options_end = options_end || strcmp(argv[i], "--") == 0;
		if (options_end)
			argv[kept++] = argv[i];
		else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			globals.quiet = true;
		else if ((v = option_value(argc, argv, &i, "--today")))
			*rc = set_today(v);
		else if ((v = option_value(argc, argv, &i, "--color")))
			*rc = set_color(v);
		else
			argv[kept++] = argv[i];
		if (*rc)
			return -1;
	}
	argv[kept] = NULL;
	return kept;
}

static int unknown_command(const char *name)
{
	enum { COMMANDS = sizeof(commands) / sizeof(commands[0]) };
	const char *names[COMMANDS];
	size_t n = 0;
	for (const command *c = commands; c->name && n < COMMANDS; c++)
		names[n++] = c->name;
	const char *guess = kam_closest(name, names, n);
	if (guess)
		return die_usage("'%s' is not a kam command; did you mean '%s'?", name, guess);
	return die_usage("'%s' is not a kam command; see 'kam help'", name);
}

int main(int argc, char **argv)
{
	/* plans are UTF-8 whatever the environment says; regexes must agree */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	const char *env_today = getenv("KAM_TODAY");
	int rc = 0;
	if (env_today && *env_today && set_today(env_today))
		return EXIT_USAGE;
	int first = parse_globals(argc, argv, &rc);
	if (first < 0)
		return rc;
	if (first >= argc)
		return print_main_usage(stderr);
	const command *c = find_command(argv[first]);
	if (!c)
		return unknown_command(argv[first]);
	int count = take_globals(argc - first, argv + first, &rc);
	if (count < 0)
		return rc;
	if (wants_help(count, argv + first, c->usage))
		return EXIT_CLEAN;
	return c->run(count, argv + first);
}
