/* The kam command line: one file per subcommand; no plan logic here. */
#ifndef KAM_CMD_H
#define KAM_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "kam/kam.h"

/* Exit codes (docs/cli.md). */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

/* Options given before the subcommand (kam -C DIR --today D CMD ...). */
typedef struct global_options {
	const char *today; /* YYYY-MM-DD, or NULL for the real date */
	color_mode color;
	bool quiet;
} global_options;

extern global_options globals;

/* What an option's value or a command's argument is, for validation,
 * completion and the manual: NULL (a flag: no value), "text" (anything),
 * "files", "dirs", "accounts", "quarters", "refs", "members", "commands",
 * or "words:a b c" (one of those words). */
typedef struct cmd_option {
	const char *name; /* long name without "--", or NULL */
	char letter;      /* short name, or 0 */
	const char *arg;  /* the value's name ("FORMAT"), NULL for a flag */
	const char *kind; /* see above; NULL for a flag */
} cmd_option;

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage; /* the --help text; also the man page's source */
	const cmd_option *options; /* ending with a NULL name and letter 0 */
	const char *args;          /* what its arguments are (a kind as above), or NULL */
	bool hidden;               /* left out of lists (completion) */
} command;

/* The options kam takes before (and -q, --today, --color after) a command. */
extern const cmd_option global_options_table[];
int cmd_completion(int argc, char **argv);
extern const char cmd_completion_usage[];
const char *main_usage_text(void);

int cmd_check(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_links(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_commit(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_textconv(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_brief(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
extern const char cmd_forecast_usage[];
int cmd_competitors(int argc, char **argv);
int cmd_whitespace(int argc, char **argv);
extern const char cmd_competitors_usage[], cmd_whitespace_usage[];
int cmd_agenda(int argc, char **argv); extern const char cmd_agenda_usage[];
int cmd_export(int argc, char **argv); extern const char cmd_export_usage[];
int cmd_lsp(int argc, char **argv);
extern const char cmd_lsp_usage[];

extern const char cmd_check_usage[], cmd_init_usage[], cmd_new_usage[], cmd_help_usage[],
	cmd_links_usage[], cmd_status_usage[], cmd_rules_usage[], cmd_diff_usage[],
	cmd_log_usage[], cmd_commit_usage[], cmd_review_usage[],
	cmd_textconv_usage[], cmd_render_usage[], cmd_brief_usage[];

/* The command table, ending with a NULL name. */
extern const command commands[];
const command *find_command(const char *name);

/* The list of commands with their summaries. */
void print_command_list(FILE *out);
/* Print "kam: message" on stderr as one line, control characters in it
 * shown escaped (kam/term.h). */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "kam: message" on stderr as say() does; returns EXIT_USAGE. */
int die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether --help or -h is among the arguments; prints the usage if so. */
bool wants_help(int argc, char **argv, const char *usage);
/* How many arguments a command takes besides its options. */
typedef enum { SUBJECT_NONE, SUBJECT_OPTIONAL, SUBJECT_ONE } subject_count;
/* Parse the options of a command whose only option is --format, one of
 * formats (NULL-ended): *format becomes the index of the one given (it
 * keeps its value when none is); *subject (NULL accepted) the argument, or
 * NULL. what says what the argument is, for the message when there are
 * too many or too few ("one competitor at most"). 0, or EXIT_USAGE after a
 * message. */
int parse_format_subject(int argc, char **argv, const char *command, const char *const *formats,
			 int *format, const char **subject, subject_count count, const char *what);
/* Parse the options of a command that takes only --format text|json and no
 * arguments; 0, or EXIT_USAGE after a message. */
int parse_text_or_json(int argc, char **argv, const char *command, bool *json);
/* Print a semantic diff in the format text, md or json. */
void print_diff(const kam_diff *d, const char *format, const kam_diff_range *range);
/* Whether colour goes to this stream. */
bool use_color(int fd);
/* Name on stderr every plan a report leaves out because it could not be
 * read ("kam: status: accounts/x.md could not be read (yaml-syntax at
 * 6:18): left out"); returns how many, so the command can exit 1. */
size_t report_unread(const char *command, const kam_unread_plan *unread, size_t count);
/* The same for the plan versions a diff left out; each message once per
 * run (seen collects them). Returns how many were new. */
size_t report_diff_unread(const char *command, const kam_diff *diff, kam_buf *seen);
/* On stdout, flushed: the errors that refused a commit, as kam check
 * prints them; nothing when there are none. */
void print_refusal_findings(const kam_diag_list *errors);
/* On stderr: how many warnings a commit let through and the first few. */
void print_let_through(const kam_diag_list *warnings);
/* Today as YYYY-MM-DD (from --today or KAM_TODAY, else the clock). */
void today_string(char out[11]);

#endif
