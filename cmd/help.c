#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "banned.h"

const char cmd_help_usage[] =
	"usage: kam help [--man] [COMMAND]\n"
	"\n"
	"Show the list of commands, or the usage of one command\n"
	"(the same text as 'kam COMMAND --help'). With --man, the same text as a\n"
	"manual page (troff): kam(1), or kam-COMMAND(1); 'make man' writes them.\n";

/* troff needs a backslash doubled and a line starting with . or ' guarded */
static void troff_text(const char *text)
{
	bool line_start = true;
	for (const char *p = text; *p; p++) {
		if (line_start && (*p == '.' || *p == '\''))
			fputs("\\&", stdout);
		if (*p == '\\')
			fputs("\\e", stdout);
		else if (*p == '-')
			fputs("\\-", stdout);
		else
			putchar(*p);
		line_start = *p == '\n';
	}
}

static bool literal_lines; /* in .nf: lines as they are, not wrapped */

/* n bytes of text, as troff_text, then a newline; in running text, broken
 * at spaces into lines of 72 bytes at most (mandoc's style: 80) */
static void troff_line(const char *text, size_t n)
{
	char *copy = kam_xstrndup(text, n);
	if (literal_lines) {
		troff_text(copy);
		putchar('\n');
		free(copy);
		return;
	}
	size_t width = 0;
	char *save = NULL;
	for (char *word = strtok_r(copy, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		size_t len = strlen(word);
		if (width && width + len > 60) {
			putchar('\n');
			width = 0;
		} else if (width) {
			putchar(' ');
			width++;
		}
		if (!width && (*word == '.' || *word == '\''))
			fputs("\\&", stdout);
		troff_text(word);
		width += len;
	}
	putchar('\n');
	free(copy);
}

static size_t indent_of(const char *line)
{
	size_t n = 0;
	while (line[n] == ' ')
		n++;
	return n;
}

static size_t line_length(const char *line)
{
	const char *end = strchr(line, '\n');
	return end ? (size_t)(end - line) : strlen(line);
}

static const char *next_line(const char *line)
{
	const char *end = strchr(line, '\n');
	return end ? end + 1 : line + strlen(line);
}

/* A paragraph of the usage text: lines up to a blank line. */
typedef struct paragraph {
	const char *start;
	size_t len; /* bytes, without the last newline */
} paragraph;

static bool next_paragraph(const char **at, paragraph *out)
{
	const char *p = *at;
	while (*p == '\n')
		p++;
	if (!*p)
		return false;
	out->start = p;
	while (*p && !(*p == '\n' && (p[1] == '\n' || p[1] == '\0')))
		p++;
	out->len = (size_t)(p - out->start);
	*at = p;
	return true;
}

/* Text lines joined as one paragraph of running text. */
static void man_paragraph(const char *start, size_t len)
{
	const char *end = start + len;
	for (const char *l = start; l < end; l = next_line(l)) {
		size_t skip = indent_of(l), n = line_length(l);
		if (l + n > end)
			n = (size_t)(end - l);
		troff_line(l + skip, n - skip);
	}
}

/* An indented block (commands, examples) shown as it is. */
static void man_literal(const char *start, size_t len, bool section_start)
{
	printf("%s.RS 4\n.nf\n", section_start ? "" : ".PP\n");
	literal_lines = true;
	man_paragraph(start, len); /* keeps the words, drops the indent */
	literal_lines = false;
	printf(".fi\n.RE\n");
}

/* "  --format FORMAT  text (default)..." entries: .TP, the option in bold. */
static void man_options(const char *start, size_t len)
{
	const char *end = start + len;
	for (const char *l = next_line(start); l < end;) {
		size_t n = line_length(l), skip = indent_of(l);
		const char *head = l + skip;
		const char *gap = strstr(head, "  ");
		size_t head_len = gap && gap < l + n ? (size_t)(gap - head) : n - skip;
		printf(".TP\n.B ");
		troff_line(head, head_len);
		if (gap && gap < l + n) {
			gap += indent_of(gap);
			troff_line(gap, (size_t)(l + n - gap));
		}
		for (l = next_line(l); l < end && indent_of(l) > skip + 2; l = next_line(l))
			troff_line(l + indent_of(l), line_length(l) - indent_of(l));
	}
}

typedef struct man_extra {
	const char *name;
	const char *examples; /* lines: a comment ("# ...") then the command */
	const char *see_also; /* other pages, "kam-diff(1)" */
} man_extra;

static const man_extra extras[] = {
	{NULL, "# check every plan, then see the portfolio\nkam check\nkam status\n",
	 "kam-format(5), kam-rules(7), git(1)"},
	{"check", "# the plans as the next commit will hold them (a pre-commit hook)\nkam check --staged -q\n"
		  "# annotations in a GitHub Actions job\nkam check --format github\n",
	 "kam-rules(7), kam-format(5), kam-commit(1)"},
	{"init", "kam init --organization 'Acme Sales' --currency EUR --hooks plans\n", "kam-new(1)"},
	{"new", "kam new northwind-bank --name 'Northwind Bank' --type customer\n", "kam-init(1), kam-format(5)"},
	{"status", "kam status --format json\n", "kam-forecast(1)"},
	{"forecast", "kam forecast --quarter 2026-q4 --by owner\n", "kam-status(1)"},
	{"rules", "kam rules --format json\n", "kam-rules(7), kam-check(1)"},
	{"commit", "kam commit -m 'northwind: proposal sent' accounts/northwind-bank.md\n", "kam-check(1), kam-diff(1)"},
	{"review", "kam review northwind-bank\n", "kam-commit(1)"},
	{"diff", "# what changed in the quarter\nkam diff --quarter 2026-Q3\n# between two tags\nkam diff v1..v2\n",
	 "kam-log(1), git-diff(1)"},
	{"log", "kam log -n 5 northwind-bank\n", "kam-diff(1)"},
	{"textconv", "# in .gitattributes: accounts/*.md diff=kam; then\ngit config diff.kam.textconv 'kam textconv'\n",
	 "gitattributes(5)"},
	{"render", "kam render -o site\n", "kam-brief(1)"},
	{"brief", "kam brief northwind-bank#c.mueller\n", "kam-render(1)"},
	{"competitors", "kam competitors --format md\n", "kam-whitespace(1)"},
	{"whitespace", "kam whitespace northwind-bank\n", "kam-competitors(1)"},
	{"agenda", "kam agenda @anna.petrova --days 14 --format ics > agenda.ics\n", "kam-status(1)"},
	{"export", "kam export opportunities -o deals.csv --bom\n", "kam-status(1)"},
	{"lsp", "kam lsp --stdio\n", "kam-check(1)"},
	{"links", "kam links --format dot | dot -Tsvg > people.svg\n", "kam-check(1)"},
	{"completion", "source <(kam completion bash)\n", "bash(1), zsh(1), fish(1)"},
	{"help", "kam help --man check | man -l -\n", "kam(1)"},
};

static const man_extra *extra_of(const char *name)
{
	for (size_t i = 0; i < sizeof extras / sizeof extras[0]; i++)
		if ((!name && !extras[i].name) || (name && extras[i].name && strcmp(name, extras[i].name) == 0))
			return &extras[i];
	return NULL;
}

static void man_environment(void)
{
	static const char *const vars[][2] = {
		{"KAM_TODAY", "today's date YYYY-MM-DD, as --today sets it: for reproducible runs"},
		{"KAM_THREADS", "how many threads check, diff and render use (default: the processors)"},
		{"NO_COLOR", "when set and not empty, no colour (unless --color always)"},
		{"CLICOLOR_FORCE", "when set and not 0, colour even when not on a terminal"},
		{"FORCE_COLOR", "as CLICOLOR_FORCE"},
		{"TERM", "dumb: no colour"},
		{"TZ", "the time zone of the clock when kam.yaml names none"},
		{"GIT_INDEX_FILE", "the index git and kam --staged read"},
		{"HOME", "a link into the home folder is not followed by kam render"},
	};
	printf(".SH ENVIRONMENT\n");
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		printf(".TP\n.B %s\n", vars[i][0]);
		troff_text(vars[i][1]);
		putchar('\n');
	}
}

/* "kam-diff(1), git(1)": .BR lines, commas between */
static void man_see_also(const char *list, bool more)
{
	printf(".SH SEE ALSO\n");
	for (const char *p = list; *p;) {
		const char *paren = strchr(p, '('), *end = strchr(p, ',');
		if (!paren)
			break;
		printf(".BR ");
		char *page = kam_xstrndup(p, (size_t)(paren - p));
		troff_text(page);
		free(page);
		printf(" %.*s%s\n", (int)(strchr(paren, ')') + 1 - paren), paren, end || more ? " ," : "");
		p = end ? end + 2 : p + strlen(p);
	}
}

/* The options of a usage text without an Options: block, from the table. */
static void man_table_options(const cmd_option *table)
{
	printf(".SH OPTIONS\n");
	for (const cmd_option *o = table; o->name || o->letter; o++) {
		printf(".TP\n.B ");
		if (o->letter)
			printf("\\-%c%s", o->letter, o->name ? ", " : "");
		if (o->name)
			printf("\\-\\-%s", o->name);
		printf("%s%s\n", o->arg ? " " : "", o->arg ? o->arg : "");
		if (o->kind && strncmp(o->kind, "words:", 6) == 0)
			printf("one of: %s\n", o->kind + 6);
		else
			printf("%s\n", o->arg ? "a value" : "a flag: see DESCRIPTION");
	}
}

static int print_man(const command *c)
{
	char upper[64];
	const char *name = c ? c->name : "kam";
	size_t i = 0;
	for (const char *p = c ? "kam-" : ""; *p && i < 60; p++)
		upper[i++] = (char)(*p - 32 * (*p >= 'a' && *p <= 'z'));
	for (const char *p = name; *p && i < 63; p++)
		upper[i++] = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
	upper[i] = '\0';
	printf(".TH %s 1 %s \"kam %s\" \"kam manual\"\n.SH NAME\n%s%s \\-\n", upper, KAM_MAN_DATE,
	       KAM_VERSION, c ? "kam\\-" : "", name);
	const char *summary = c ? c->summary : "key account plans as Markdown files with YAML frontmatter in git";
	troff_line(summary, strlen(summary));
	const char *usage = c ? c->usage : main_usage_text();
	const char *at = usage;
	paragraph par;
	bool exit_status = false, options = false;
	printf(".SH SYNOPSIS\n");
	if (next_paragraph(&at, &par))
		for (const char *l = par.start; l < par.start + par.len; l = next_line(l)) {
			const char *t = l + indent_of(l);
			if (strncmp(t, "usage: ", 7) == 0)
				t += 7;
			if (l != par.start)
				printf(".br\n");
			troff_line(t, line_length(l) - (size_t)(t - l));
		}
	bool section_start = false, described = false;
	while (next_paragraph(&at, &par)) {
		bool text = strncmp(par.start, "Options:", 8) != 0 &&
			    strncmp(par.start, "Global options:", 15) != 0 &&
			    strncmp(par.start, "Exit status:", 12) != 0;
		if (text && !described)
			printf(".SH DESCRIPTION\n");
		section_start = text && !described;
		described = described || text;
		if (strncmp(par.start, "Options:", 8) == 0 || strncmp(par.start, "Global options:", 15) == 0) {
			printf(".SH OPTIONS\n");
			man_options(par.start, par.len);
			options = true;
		} else if (strncmp(par.start, "Exit status:", 12) == 0) {
			printf(".SH EXIT STATUS\n");
			man_paragraph(par.start + 13, par.len - 13);
			exit_status = true;
		} else if (indent_of(par.start) >= 2)
			man_literal(par.start, par.len, section_start);
		else {
			if (!section_start)
				printf(".PP\n");
			man_paragraph(par.start, par.len);
		}
	}
	if (!c) {
		printf(".SH COMMANDS\n");
		for (const command *k = commands; k->name; k++) {
			printf(".TP\n.BR kam\\-%s (1)\n", k->name);
			troff_text(k->summary);
			putchar('\n');
		}
	}
	if (c && !options && c->options && (c->options->name || c->options->letter))
		man_table_options(c->options);
	if (!exit_status)
		printf(".SH EXIT STATUS\n0 success; 1 findings (errors in the plans);\n2 a usage error, "
		       "or a file or the repository could not be read;\n3 internal error.\n");
	man_environment();
	printf(".SH FILES\n.TP\n.I kam.yaml\nthe repository's settings; kam looks for it in the\n"
	       "current folder and above (or in \\-C DIR and above)\n.TP\n.I accounts/*.md\nthe account "
	       "plans, one a file, and their documents in accounts/ID/\n");
	const man_extra *x = extra_of(c ? c->name : NULL);
	if (x) {
		printf(".SH EXAMPLES\n.nf\n");
		troff_text(x->examples);
		printf(".fi\n");
	}
	man_see_also(x && c ? x->see_also : "kam-format(5), kam-rules(7), git(1)", c != NULL);
	if (c)
		printf(".BR kam (1)\n");
	return EXIT_CLEAN;
}

int cmd_help(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--man") == 0) {
		const command *c = argc >= 3 ? find_command(argv[2]) : NULL;
		if (argc >= 3 && !c)
			return die_usage("no manual page for '%s': it is not a kam command", argv[2]);
		return print_man(c);
	}
	if (argc < 2) {
		printf("usage: kam [-C DIR] [--today YYYY-MM-DD] [--color WHEN] [-q] COMMAND [ARGS]\n");
		print_command_list(stdout);
		return EXIT_CLEAN;
	}
	const command *c = find_command(argv[1]);
	if (!c)
		return die_usage("no help for '%s': it is not a kam command", argv[1]);
	fputs(c->usage, stdout);
	return EXIT_CLEAN;
}
