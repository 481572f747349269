#define _XOPEN_SOURCE 700
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "kam/csv.h"
#include "kam/export.h"
#include "banned.h"

const char cmd_export_usage[] =
	"usage: kam export [--format csv] [-o FILE] [--bom] KIND\n"
	"\n"
	"The plans as one table, for a spreadsheet or a CRM: KIND is opportunities,\n"
	"contacts, actions, revenue or contracts; one row per entity of every plan\n"
	"(actions also from meeting notes), plans in file order. Each row starts\n"
	"with the account and its x-crm-id; the columns and their order are fixed\n"
	"(docs/cli.md lists them). CSV as RFC 4180 says: a header row, CRLF line\n"
	"ends, fields with a comma, quote or line end quoted; always UTF-8.\n"
	"\n"
	"Columns (after account,x-crm-id):\n"
	"  opportunities  id,title,stage,value,currency,close,probability,forecast,\n"
	"                 type,owner,route,partner,must_win,sole_source,renews,\n"
	"                 offering,unit,competitors,lost_to,lost_reason,opened\n"
	"  contacts       id,name,title,unit,reports_to,roles,attitude,influence,\n"
	"                 status,since,successor,owner,level,target,by,email,phone\n"
	"  actions        id,text,owner,due,status,contact,opportunity,goal,file\n"
	"  revenue        quarter,target,actual,currency\n"
	"  contracts      id,title,value,currency,start,end,notice_months,\n"
	"                 notice_date,auto_renew,renewed_by\n"
	"Lists (competitors, roles) are joined with ';'.\n"
	"\n"
	"A text cell that starts with =, +, -, @, a tab, a CR or a single quote gets\n"
	"a single quote in front, so that no spreadsheet runs it as a formula;\n"
	"numbers are written as numbers. To get the text back, remove that one\n"
	"leading quote.\n"
	"\n"
	"Options:\n"
	"  --format csv       the only format (the default)\n"
	"  -o, --output FILE  write FILE whole (a temporary file renamed into place)\n"
	"                     instead of standard output; never a .md file, kam.yaml\n"
	"                     or a file in the accounts folder\n"
	"  --bom              start with a UTF-8 byte order mark, for Excel\n"
	"\n"
	"A plan (or meeting note) kam cannot read has no rows: stderr names it with\n"
	"the line and reason, and the rows of every other plan are still written.\n"
	"\n"
	"Exit status: 0 written, 1 written but a document could not be read (its\n"
	"rows are missing), 2 usage error, unreadable repository, or FILE could not\n"
	"be written.\n";

typedef struct export_options {
	const char *output;
	bool bom;
	kam_export_kind kind;
} export_options;

static int unknown_kind(const char *kind)
{
	const char *names[KAM_EXPORT_UNKNOWN];
	for (int k = 0; k < KAM_EXPORT_UNKNOWN; k++)
		names[k] = kam_export_kind_name((kam_export_kind)k);
	const char *guess = kam_closest(kind, names, KAM_EXPORT_UNKNOWN);
	if (guess)
		return die_usage("export: '%s' is not a table kam exports; did you mean '%s'?", kind, guess);
	return die_usage("export: '%s' is not a table kam exports: opportunities, contacts, "
			 "actions, revenue or contracts",
			 kind);
}

static int parse(int argc, char **argv, export_options *o)
{
	static const struct option options[] = {{"format", required_argument, NULL, 'f'},
						{"output", required_argument, NULL, 'o'},
						{"bom", no_argument, NULL, 'b'},
						{NULL, 0, NULL, 0}};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		if (c == 'f' && strcmp(optarg, "csv") != 0)
			return die_usage("--format takes csv, not '%s'", optarg);
		else if (c == 'o')
			o->output = optarg;
		else if (c == 'b')
			o->bom = true;
		else if (c != 'f')
			return die_usage("export: unknown option '%s'; see 'kam export --help'",
					 argv[optind - 1]);
	}
	if (optind + 1 != argc)
		return die_usage("export: one KIND: opportunities, contacts, actions, revenue or "
				 "contracts; see 'kam export --help'");
	o->kind = kam_export_kind_parse(argv[optind]);
	return o->kind == KAM_EXPORT_UNKNOWN ? unknown_kind(argv[optind]) : 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcasecmp(s + n - m, tail) == 0;
}

/* path with its folder resolved (the file itself need not exist), or NULL. */
static char *resolve(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? kam_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : kam_xstrdup(".");
	char *real = realpath(dir, NULL);
	char *out = real ? kam_path_join(real, slash ? slash + 1 : path) : NULL;
	free(real);
	free(dir);
	return out;
}

static bool inside(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	return strncmp(path, folder, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* A table written over a plan or kam.yaml would lose what a user wrote.
 * Paths are compared once links are resolved, so no spelling gets past. */
static int refuse_output(const kam_repo *repo, const char *output)
{
	char *where = resolve(output);
	char *root = realpath(kam_repo_root(repo), NULL);
	char *accounts = realpath(kam_repo_accounts_path(repo), NULL);
	char *config = kam_path_join(root ? root : kam_repo_root(repo), "kam.yaml");
	int rc = 0;
	if (!where)
		rc = die_usage("export: cannot write '%s': its folder does not exist", output);
	else if (ends_with(where, ".md") || strcmp(where, config) == 0 ||
		 inside(where, accounts ? accounts : kam_repo_accounts_path(repo)))
		rc = die_usage("export: '%s' would replace %s; write the table elsewhere", output,
			       strcmp(where, config) == 0 ? "kam.yaml"
			       : inside(where, accounts ? accounts : kam_repo_accounts_path(repo))
				   ? "a plan, a note or a file of the accounts folder"
				   : "a Markdown file");
	free(config);
	free(accounts);
	free(root);
	free(where);
	return rc;
}

static void report(const kam_export_unread *unread, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const kam_export_unread *u = &unread[i];
		kam_buf at = KAM_BUF_INIT;
		kam_buf_puts(&at, u->file);
		if (u->line)
			kam_buf_printf(&at, ":%u:%u", u->line, u->column);
		say("export: %s: could not be read (%s): its rows are missing; run kam check",
		    kam_buf_cstr(&at), u->why);
		kam_buf_release(&at);
	}
}

int cmd_export(int argc, char **argv)
{
	export_options o = {0};
	if (parse(argc, argv, &o))
		return EXIT_USAGE;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_session session = {0};
	kam_buf out = KAM_BUF_INIT;
	kam_export_unread *unread = NULL;
	size_t unread_count = 0;
	int rc = EXIT_USAGE;
	if (o.bom)
		kam_buf_puts(&out, "\xEF\xBB\xBF");
	if (kam_session_open_here(&session, &diags, &err) < 0 ||
	    (o.output && refuse_output(session.repo, o.output)) ||
	    kam_export_csv(&out, &unread, &unread_count, session.repo, o.kind, &err) < 0) {
		if (err.code)
			say("export: %s", err.message);
		goto done;
	}
	if (o.output && kam_file_write_atomic(o.output, out.ptr, out.len, false, &err) < 0) {
		say("export: %s", err.message);
		goto done;
	}
	if (!o.output)
		fwrite(kam_buf_cstr(&out), 1, out.len, stdout);
	/* the table, then what stderr says of it; a table cut short is no table */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		say("export: cannot write the table to standard output");
		goto done;
	}
	report(unread, unread_count);
	rc = unread_count ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	kam_export_unread_free(unread, unread_count);
	kam_buf_release(&out);
	kam_session_close(&session);
	kam_diag_list_release(&diags);
	return rc;
}
