#include <stdio.h>
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
	printf(".TH %s 1 \"\" \"kam %s\" \"kam manual\"\n.SH NAME\n%s%s \\- ", upper, KAM_VERSION,
	       c ? "kam-" : "", name);
	troff_text(c ? c->summary : "key account plans as Markdown files with YAML frontmatter in git");
	printf("\n.SH SYNOPSIS AND DESCRIPTION\n.nf\n");
	troff_text(c ? c->usage : main_usage_text());
	printf(".fi\n");
	if (!c) {
		printf(".SH COMMANDS\n");
		for (const command *k = commands; k->name; k++) {
			printf(".TP\n.BR kam\\-%s (1)\n", k->name);
			troff_text(k->summary);
			putchar('\n');
		}
	}
	printf(".SH SEE ALSO\n.BR kam (1)\n");
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
