#include <stdio.h>

#include "cmd.h"
#include "banned.h"

const char cmd_help_usage[] =
	"usage: kam help [COMMAND]\n"
	"\n"
	"Show the list of commands, or the usage of one command\n"
	"(the same text as 'kam COMMAND --help').\n";



int cmd_help(int argc, char **argv)
{
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
