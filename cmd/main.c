#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"

global_options globals;

#define END_OPTIONS {NULL, 0, NULL, NULL}
#define FORMATS(list) {"format", 0, "FORMAT", "words:" list}

const cmd_option global_options_table[] = {
	{NULL, 'C', "DIR", "dirs"},
	{"today", 0, "DATE", "text"},
	{"color", 0, "WHEN", "words:auto always never"},
	{"quiet", 'q', NULL, NULL},
	{"version", 0, NULL, NULL},
	{"help", 'h', NULL, NULL},
	END_OPTIONS,
};

static const cmd_option check_options[] = {
	FORMATS("text json github sarif gitlab"), {"strict", 0, NULL, NULL}, {"staged", 0, NULL, NULL},
	{"rev", 0, "REV", "refs"}, {"stdin-filename", 0, "PATH", "files"}, END_OPTIONS};
static const cmd_option init_options[] = {{"organization", 0, "NAME", "text"},
	{"currency", 0, "CODE", "text"}, {"hooks", 0, NULL, NULL}, END_OPTIONS};
static const cmd_option new_options[] = {{"name", 0, "NAME", "text"},
	{"type", 0, "TYPE", "words:customer prospect partner"}, {"tier", 0, "TIER", "text"},
	{"owner", 0, "MEMBER", "text"}, END_OPTIONS};
static const cmd_option text_json_options[] = {FORMATS("text json"), END_OPTIONS};
static const cmd_option forecast_options[] = {{"quarter", 0, "QUARTER", "quarters"},
	{"by", 0, "BY", "words:account owner tier"}, FORMATS("text md json"), END_OPTIONS};
static const cmd_option commit_options[] = {{"message", 'm', "MESSAGE", "text"},
	{"no-verify", 0, NULL, NULL}, END_OPTIONS};
static const cmd_option review_options[] = {{"no-commit", 0, NULL, NULL}, END_OPTIONS};
static const cmd_option diff_options[] = {FORMATS("text md json"), {"staged", 0, NULL, NULL},
	{"quarter", 0, "QUARTER", "quarters"}, END_OPTIONS};
static const cmd_option log_options[] = {FORMATS("text md json"), {"by-quarter", 0, NULL, NULL},
	{"max-count", 'n', "N", "text"}, END_OPTIONS};
static const cmd_option render_options[] = {{"output", 'o', "DIR", "dirs"}, {"force", 0, NULL, NULL},
	FORMATS("md"), END_OPTIONS};
static const cmd_option text_md_options[] = {FORMATS("text md"), END_OPTIONS};
static const cmd_option text_md_json_options[] = {FORMATS("text md json"), END_OPTIONS};
static const cmd_option agenda_options[] = {{"days", 0, "N", "text"}, FORMATS("text md ics"),
	END_OPTIONS};
static const cmd_option export_options[] = {FORMATS("csv"), {"output", 'o', "FILE", "files"},
	{"bom", 0, NULL, NULL}, END_OPTIONS};
static const cmd_option lsp_options[] = {{"stdio", 0, NULL, NULL}, END_OPTIONS};
static const cmd_option links_options[] = {FORMATS("text json dot"), END_OPTIONS};
static const cmd_option help_options[] = {{"man", 0, NULL, NULL}, END_OPTIONS};
static const cmd_option no_options[] = {END_OPTIONS};
static const cmd_option completion_options[] = {{"values", 0, "KIND",
	"words:accounts quarters refs members commands"}, END_OPTIONS};

const command commands[] = {
	{"check", cmd_check, "check plans: files, schema, references and links, plan rules", cmd_check_usage, check_options, "files", false},
	{"init", cmd_init, "create a plans repository (kam.yaml, accounts/)", cmd_init_usage, init_options, "dirs", false},
	{"new", cmd_new, "scaffold a new account plan that passes kam check", cmd_new_usage, new_options, "text", false},
	{"status", cmd_status, "the portfolio: pipeline, must-wins, revenue, reviews, health", cmd_status_usage, text_json_options, NULL, false},
	{"forecast", cmd_forecast, "the quarter's forecast against target: won, commit, gap, coverage", cmd_forecast_usage, forecast_options, NULL, false},
	{"rules", cmd_rules, "the plan rules, their severity here and why they exist", cmd_rules_usage, text_json_options, NULL, false},
	{"commit", cmd_commit, "check the plans, then commit them with a summary of the changes", cmd_commit_usage, commit_options, "files", false},
	{"review", cmd_review, "mark a plan reviewed today, and commit", cmd_review_usage, review_options, "accounts", false},
	{"diff", cmd_diff, "what changed in the plans, in plan terms", cmd_diff_usage, diff_options, "refs", false},
	{"log", cmd_log, "the history of the plans in plan terms, per commit or quarter", cmd_log_usage, log_options, "accounts", false},
	{"textconv", cmd_textconv, "a stable text view of a plan for git diff", cmd_textconv_usage, no_options, "files", false},
	{"render", cmd_render, "a static HTML site: portfolio, accounts, maps, charts", cmd_render_usage, render_options, "accounts", false},
	{"brief", cmd_brief, "a one-page sheet to prepare a meeting with an account or a person", cmd_brief_usage, text_md_options, "accounts", false},
	{"competitors", cmd_competitors, "who we are up against: accounts, open deals, won and lost", cmd_competitors_usage, text_md_json_options, "text", false},
	{"whitespace", cmd_whitespace, "an account's units by our offerings: who sells what, potential", cmd_whitespace_usage, text_md_json_options, "accounts", false},
	{"agenda", cmd_agenda, "what comes due: actions, reviews, notice dates, quarters ending", cmd_agenda_usage, agenda_options, "members", false},
	{"export", cmd_export, "the plans as a CSV table: opportunities, contacts, actions, revenue, contracts", cmd_export_usage, export_options, "words:opportunities contacts actions revenue contracts", false},
	{"lsp", cmd_lsp, "a language server for editors: kam check's findings as you type", cmd_lsp_usage, lsp_options, NULL, false},
	{"links", cmd_links, "references, backlinks and broken links; a graph of people", cmd_links_usage, links_options, "accounts", false},
	{"completion", cmd_completion, "shell completion for bash, zsh or fish, to install or source", cmd_completion_usage, completion_options, "words:bash zsh fish", false},
	{"help", cmd_help, "show help for kam or one of its commands", cmd_help_usage, help_options, "commands", false},
	{NULL, NULL, NULL, NULL, NULL, NULL, false},
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

/* The option of table with this long name, or the only one it begins
 * (getopt_long takes unique abbreviations); *ambiguous when several do. */
static const cmd_option *find_long(const cmd_option *table, const char *name, size_t n,
				   bool *ambiguous)
{
	const cmd_option *found = NULL;
	size_t matches = 0;
	for (const cmd_option *o = table; o && (o->name || o->letter); o++) {
		if (!o->name || strncmp(o->name, name, n) != 0)
			continue;
		if (o->name[n] == '\0')
			return o;
		found = o;
		matches++;
	}
	*ambiguous = matches > 1;
	return matches == 1 ? found : NULL;
}

static const cmd_option *find_short(const cmd_option *table, char letter)
{
	for (const cmd_option *o = table; o && (o->name || o->letter); o++)
		if (o->letter == letter)
			return o;
	return NULL;
}

/* The options a command takes besides its own: those kam takes after it. */
static const cmd_option *global_after(const char *name, size_t n, bool *ambiguous)
{
	static const cmd_option after[] = {{"today", 0, "DATE", "text"},
		{"color", 0, "WHEN", "words:auto always never"}, {"quiet", 'q', NULL, NULL},
		{"help", 'h', NULL, NULL}, END_OPTIONS};
	return find_long(after, name, n, ambiguous);
}

/* "kam: check: unknown option '--fromat'; did you mean '--format'?" */
static int unknown_long(const char *prefix, const char *see, const char *given, size_t n,
			const cmd_option *table)
{
	enum { MAX = 32 };
	const char *names[MAX];
	size_t count = 0;
	for (const cmd_option *o = table; o && (o->name || o->letter) && count < MAX; o++)
		if (o->name)
			names[count++] = o->name;
	char *word = kam_xstrndup(given + 2, n - 2);
	const char *guess = kam_closest(word, names, count);
	free(word);
	if (guess)
		return die_usage("%sunknown option '%.*s'; did you mean '--%s'?", prefix, (int)n, given,
				 guess);
	return die_usage("%sunknown option '%.*s'; see '%s --help'", prefix, (int)n, given, see);
}

/* A quarter may be written in lower case (2026-q3): make it 2026-Q3. */
static void upper_quarter(const cmd_option *o, char *value)
{
	if (o->kind && strcmp(o->kind, "quarters") == 0 && strlen(value) == 7 && value[4] == '-' &&
	    value[5] == 'q')
		value[5] = 'Q';
}

/* Check argv's options against the command's table before the command
 * parses them, so every command names the option that is wrong the same
 * way; quarters are made upper case. 0, or EXIT_USAGE after a message. */
static int validate_options(const command *c, int argc, char **argv)
{
	char prefix[64], see[64];
	snprintf(prefix, sizeof prefix, "%s: ", c->name);
	snprintf(see, sizeof see, "kam %s", c->name);
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '\0')
			continue;
		if (a[1] == '-') {
			char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a) : strlen(a);
			bool ambiguous = false;
			const cmd_option *o = find_long(c->options, a + 2, n - 2, &ambiguous);
			if (!o && !ambiguous)
				o = global_after(a + 2, n - 2, &ambiguous);
			if (ambiguous)
				return die_usage("%soption '%.*s' is ambiguous; see '%s --help'", prefix,
						 (int)n, a, see);
			if (!o)
				return unknown_long(prefix, see, a, n, c->options);
			if (!o->arg && eq)
				return die_usage("%soption '--%s' takes no value", prefix, o->name);
			if (o->arg && !eq && i + 1 >= argc)
				return die_usage("%soption '--%s' needs a value", prefix, o->name);
			if (o->arg)
				upper_quarter(o, eq ? eq + 1 : argv[++i]);
			continue;
		}
		for (char *p = a + 1; *p; p++) {
			const cmd_option *o = find_short(c->options, *p);
			if (!o && (*p == 'q' || *p == 'h'))
				continue;
			if (!o)
				return die_usage("%sunknown option '-%c'; see '%s --help'", prefix, *p, see);
			if (!o->arg)
				continue;
			if (!p[1] && i + 1 >= argc)
				return die_usage("%soption '-%c' needs a value", prefix, *p);
			upper_quarter(o, p[1] ? p + 1 : argv[++i]);
			break;
		}
	}
	return 0;
}

/* An option before the command kam does not take, or one missing its
 * value (the last word). */
static int global_option_error(const char *given)
{
	const char *eq = strchr(given, '=');
	size_t n = eq ? (size_t)(eq - given) : strlen(given);
	bool ambiguous = false;
	const cmd_option *o = NULL;
	if (strncmp(given, "--", 2) == 0)
		o = find_long(global_options_table, given + 2, n - 2, &ambiguous);
	else if (strlen(given) == 2)
		o = find_short(global_options_table, given[1]);
	if (o && o->arg && !eq)
		return die_usage("option '%s' needs a value", given);
	if (strncmp(given, "--", 2) == 0)
		return unknown_long("", "kam", given, n, global_options_table);
	return die_usage("unknown option '%s'; see 'kam --help'", given);
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
			printf("kam %s\n", KAM_VERSION);
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
			*rc = global_option_error(argv[i]);
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
	if (validate_options(c, count, argv + first))
		return EXIT_USAGE;
	return c->run(count, argv + first);
}
