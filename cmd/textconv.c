#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "banned.h"

const char cmd_textconv_usage[] =
	"usage: kam textconv FILE\n"
	"\n"
	"Print a stable, sorted text view of a plan for `git diff`: one\n"
	"'path: value' line per value (lists of mappings keyed by id), then the\n"
	"body. Reordered lists and reformatted YAML show no difference. A file that\n"
	"is not a plan is printed as it is. To use it as git's diff driver:\n"
	"\n"
	"  echo 'accounts/**/*.md diff=kam' >> .gitattributes    (kam init does this)\n"
	"  git config diff.kam.textconv 'kam textconv'\n";

int cmd_textconv(int argc, char **argv)
{
	if (argc != 2)
		return die_usage("textconv: give one file; see 'kam textconv --help'");
	char *text;
	size_t len;
	kam_error err = {0};
	if (kam_file_read(&text, &len, argv[1], 64u << 20, &err) < 0)
		return die_usage("textconv: %s", err.message);
	kam_buf out = KAM_BUF_INIT;
	kam_textconv(&out, text, len);
	fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	kam_buf_release(&out);
	free(text);
	return EXIT_CLEAN;
}
