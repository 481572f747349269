#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kam/lsp.h"
#include "banned.h"

const char cmd_lsp_usage[] =
	"usage: kam lsp [--stdio]\n"
	"\n"
	"Run kam's language server: the Language Server Protocol 3.17 over\n"
	"standard input and output, for editors (docs/editors.md has the setup\n"
	"for VS Code, Neovim, Helix, Emacs, Zed, Sublime Text and Vim). It publishes the findings of 'kam check' for every\n"
	"plan and meeting note open in the editor, as the buffer has it, while\n"
	"you type: the rule id as the code, the hint on the message's second\n"
	"line. References resolve against the rest of the repository on disk and\n"
	"the other open buffers. Only documents inside the workspace folders the\n"
	"editor names are checked.\n"
	"\n"
	"It also serves completion (ids, keys, values, [[references]]), hover,\n"
	"go to definition, references, rename, the document's outline and quick\n"
	"fixes, and follows files changed on disk (watched files).\n"
	"\n"
	"Options:\n"
	"  --stdio          talk over standard input and output (the default and\n"
	"                   only transport; accepted because clients pass it)\n"
	"\n"
	"Messages larger than 16 MiB are refused. What goes wrong goes to\n"
	"standard error, one line each.\n"
	"\n"
	"Exit status: 0 after the client's shutdown and exit, 1 when the client\n"
	"exits without shutdown or closes the connection, 2 usage error.\n";

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	say("lsp: %s", line);
}

int cmd_lsp(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--stdio") != 0)
			return die_usage("lsp: unknown argument '%s'; see 'kam lsp --help'", argv[i]);
	/* a client that closed the pipe is a write error, not a signal */
	signal(SIGPIPE, SIG_IGN);
	kam_lsp_options options = {.today = globals.today, .log = log_line};
	return kam_lsp_serve(STDIN_FILENO, STDOUT_FILENO, &options);
}
