/* kam completion: shell completion scripts generated from the command
 * table (commands, their options, --format values, what their arguments
 * are), and the values only the repository knows, asked of kam itself by
 * the scripts (kam -C DIR completion --values accounts). */
#define _POSIX_C_SOURCE 200809L
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "banned.h"

const char cmd_completion_usage[] =
	"usage: kam completion bash|zsh|fish\n"
	"       kam [-C DIR] completion --values accounts|quarters|refs|members|commands\n"
	"\n"
	"Print a completion script for the shell, generated from kam's own table\n"
	"of commands and options, so it completes what this kam takes: commands,\n"
	"each command's options and --format values, account ids and quarters of\n"
	"the repository (the one given with -C, else the current one), git refs\n"
	"for diff and --rev, and file names. 'make install' installs all three;\n"
	"or load one by hand:\n"
	"\n"
	"  source <(kam completion bash)\n"
	"  kam completion zsh > ~/.zfunc/_kam     (a folder on $fpath)\n"
	"  kam completion fish > ~/.config/fish/completions/kam.fish\n"
	"\n"
	"Options:\n"
	"  --values KIND    print the values the scripts complete, one a line:\n"
	"                   accounts, quarters (last year to next), refs (git\n"
	"                   branches and tags), members (@id of kam.yaml's team),\n"
	"                   commands\n";

/* ---- values ------------------------------------------------------------- */

static int print_accounts(bool members)
{
	kam_repo *repo = NULL;
	kam_diag_list diags = {0};
	kam_error err = {0};
	if (kam_repo_open(&repo, ".", NULL, &diags, &err) != 0) {
		kam_diag_list_release(&diags);
		return EXIT_CLEAN; /* no repository: nothing to offer */
	}
	if (members) {
		const kam_config *cfg = kam_repo_config(repo);
		for (size_t i = 0; i < cfg->team_count; i++)
			printf("@%s\n", cfg->team[i].id);
	} else {
		kam_entry *entries = NULL;
		size_t count = 0;
		if (kam_repo_list(repo, &entries, &count, &err) == 0)
			for (size_t i = 0; i < count; i++)
				if (entries[i].is_plan)
					printf("%s\n", entries[i].account);
		kam_entries_free(entries, count);
	}
	kam_repo_free(repo);
	kam_diag_list_release(&diags);
	return EXIT_CLEAN;
}

static void print_quarters(void)
{
	char today[11];
	today_string(today);
	int year = atoi(today);
	for (int y = year - 1; y <= year + 1; y++)
		for (int q = 1; q <= 4; q++)
			printf("%d-Q%d\n", y, q);
}

static int print_ref(const char *name, void *payload)
{
	(void)payload;
	static const char *const prefixes[] = {"refs/heads/", "refs/tags/", "refs/remotes/", NULL};
	for (size_t i = 0; prefixes[i]; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) {
			printf("%s\n", name + strlen(prefixes[i]));
			return 0;
		}
	return 0;
}

static void print_refs(void)
{
	git_repository *repo = NULL;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, ".", 0, NULL) == 0) {
		printf("HEAD\n");
		git_reference_foreach_name(repo, print_ref, NULL);
		git_repository_free(repo);
	}
	git_libgit2_shutdown();
}

static int print_values(const char *kind)
{
	if (strcmp(kind, "accounts") == 0 || strcmp(kind, "members") == 0)
		return print_accounts(strcmp(kind, "members") == 0);
	if (strcmp(kind, "quarters") == 0)
		print_quarters();
	else if (strcmp(kind, "refs") == 0)
		print_refs();
	else if (strcmp(kind, "commands") == 0)
		for (const command *c = commands; c->name; c++)
			printf("%s\n", c->name);
	else
		return die_usage("completion: --values takes accounts, quarters, refs, members or "
				 "commands, not '%s'", kind);
	return EOF == fflush(stdout) ? EXIT_INTERNAL : EXIT_CLEAN;
}

/* ---- what the scripts share ------------------------------------------- */

/* The first line of an option's description in the command's usage text
 * ("  --strict         warnings fail the check too"), so the scripts
 * describe an option as --help does. */
static void option_help(const char *usage, const cmd_option *o, kam_buf *out)
{
	char key[64];
	if (o->name)
		snprintf(key, sizeof key, "--%s", o->name);
	else
		snprintf(key, sizeof key, "-%c", o->letter);
	for (const char *line = usage; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *p = line;
		while (*p == ' ')
			p++;
		if (p - line < 2 || p - line > 4 || *p != '-')
			continue;
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *hit = strstr(p, key);
		if (!hit || hit >= line + len || (hit[strlen(key)] != ' ' && hit[strlen(key)] != ',' &&
						  hit[strlen(key)] != '\n' && hit[strlen(key)] != '='))
			continue;
		const char *gap = strstr(p, "  ");
		if (!gap || gap >= line + len)
			return; /* the description starts on the next line */
		while (*gap == ' ')
			gap++;
		for (const char *q = gap; q < line + len; q++)
			kam_buf_putc(out, *q);
		return;
	}
}

/* Text in single quotes for sh, zsh and fish alike ('it'\''s'). */
static void quoted(kam_buf *out, const char *text)
{
	kam_buf_putc(out, '\'');
	for (const char *p = text; *p; p++)
		if (*p == '\'')
			kam_buf_puts(out, "'\\''");
		else
			kam_buf_putc(out, *p);
	kam_buf_putc(out, '\'');
}

static bool listed(const command *c)
{
	return !c->hidden;
}

/* ---- bash --------------------------------------------------------------- */

static void bash_words(kam_buf *out, const cmd_option *table)
{
	for (const cmd_option *o = table; o->name || o->letter; o++) {
		if (o->letter)
			kam_buf_printf(out, " -%c", o->letter);
		if (o->name)
			kam_buf_printf(out, " --%s", o->name);
	}
}

static void bash_value_cases(kam_buf *out, const char *cmd, const cmd_option *table)
{
	for (const cmd_option *o = table; o->name || o->letter; o++) {
		if (!o->arg)
			continue;
		kam_buf_printf(out, "\t");
		if (o->letter)
			kam_buf_printf(out, "\"%s -%c\"%s", cmd, o->letter, o->name ? " | " : "");
		if (o->name)
			kam_buf_printf(out, "\"%s --%s\"", cmd, o->name);
		kam_buf_puts(out, ") echo ");
		quoted(out, o->kind);
		kam_buf_puts(out, " ;;\n");
	}
}

static void print_bash(kam_buf *out)
{
	kam_buf_puts(out, "# bash completion for kam, generated by 'kam completion bash' from kam's\n"
			  "# command table; values only the repository knows come from kam itself.\n\n"
			  "_kam_values() { # KIND, of the repository given with -C\n"
			  "\tif [ -n \"$_kam_dir\" ]; then command kam -C \"$_kam_dir\" completion --values \"$1\" 2>/dev/null\n"
			  "\telse command kam completion --values \"$1\" 2>/dev/null; fi\n}\n\n"
			  "_kam_option_kind() { # COMMAND OPTION: what its value is; nothing for a flag\n"
			  "\tcase \"$1 $2\" in\n");
	bash_value_cases(out, "*", global_options_table);
	for (const command *c = commands; c->name; c++)
		bash_value_cases(out, c->name, c->options);
	kam_buf_puts(out, "\tesac\n}\n\n_kam_options() { # COMMAND\n\tcase $1 in\n\t'') echo '");
	bash_words(out, global_options_table);
	kam_buf_puts(out, "' ;;\n");
	for (const command *c = commands; c->name; c++) {
		kam_buf_printf(out, "\t%s) echo '", c->name);
		bash_words(out, c->options);
		kam_buf_puts(out, " --help' ;;\n");
	}
	kam_buf_puts(out, "\tesac\n}\n\n_kam_arguments() { # COMMAND: what its arguments are\n\tcase $1 in\n\t'') echo commands ;;\n");
	for (const command *c = commands; c->name; c++)
		if (c->args) {
			kam_buf_printf(out, "\t%s) echo ", c->name);
			quoted(out, c->args);
			kam_buf_puts(out, " ;;\n");
		}
	kam_buf_puts(out,
		"\tesac\n}\n\n"
		"_kam_complete() { # KIND: fill COMPREPLY with the values of KIND matching $cur\n"
		"\tlocal word=${cur//\\\\/} prefix=\"\"\n"
		"\tword=${word#[\\\"\\']}\n"
		"\tcase $1 in\n"
		"\twords:*) mapfile -t COMPREPLY < <(compgen -W \"${1#words:}\" -- \"$word\") ;;\n"
		"\tfiles) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- \"$word\") ;;\n"
		"\tdirs) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- \"$word\") ;;\n"
		"\ttext) COMPREPLY=() ;;\n"
		"\trefs)\n"
		"\t\tif [[ $word == *..* ]]; then prefix=${word%%..*}..; word=${word#*..}; fi\n"
		"\t\tmapfile -t COMPREPLY < <(compgen -P \"$prefix\" -W \"$(_kam_values refs)\" -- \"$word\") ;;\n"
		"\t*) mapfile -t COMPREPLY < <(compgen -W \"$(_kam_values \"$1\")\" -- \"$word\") ;;\n"
		"\tesac\n}\n\n"
		"_kam() {\n"
		"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
		"\tlocal cmd=\"\" _kam_dir=\"\" kind i\n"
		"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		"\t\tcase ${COMP_WORDS[i]} in\n"
		"\t\t-C) _kam_dir=${COMP_WORDS[i + 1]/#\\~/$HOME}; ((i++)) ;;\n"
		"\t\t--today | --color) ((i++)) ;;\n"
		"\t\t-*) ;;\n"
		"\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
		"\t\tesac\n"
		"\tdone\n"
		"\tif [ \"$prev\" = = ] && [ \"$COMP_CWORD\" -gt 1 ]; then prev=${COMP_WORDS[COMP_CWORD - 2]}; fi\n"
		"\tif [ \"$cur\" = = ]; then cur=\"\"; fi\n"
		"\tkind=$(_kam_option_kind \"${cmd:-*}\" \"$prev\")\n"
		"\t[ -z \"$kind\" ] && [ -n \"$cmd\" ] && kind=$(_kam_option_kind \"*\" \"$prev\")\n"
		"\tif [ -n \"$kind\" ]; then _kam_complete \"$kind\"; return; fi\n"
		"\tif [[ $cur == -* ]]; then\n"
		"\t\tmapfile -t COMPREPLY < <(compgen -W \"$(_kam_options \"$cmd\")\" -- \"$cur\")\n"
		"\t\treturn\n"
		"\tfi\n"
		"\tkind=$(_kam_arguments \"$cmd\")\n"
		"\tif [ -n \"$kind\" ]; then _kam_complete \"$kind\"; else COMPREPLY=(); fi\n"
		"}\n\n"
		"complete -F _kam kam\n");
}

/* ---- zsh ---------------------------------------------------------------- */

/* The action of a value: (a b c) for words, else _kam_kind KIND. */
static void zsh_action(kam_buf *out, const char *kind)
{
	if (strncmp(kind, "words:", 6) == 0)
		kam_buf_printf(out, "(%s)", kind + 6);
	else
		kam_buf_printf(out, "_kam_kind %s", kind);
}

/* An explanation in brackets: ] and \ escaped. */
static void zsh_help(kam_buf *out, const char *usage, const cmd_option *o)
{
	kam_buf help = KAM_BUF_INIT;
	option_help(usage, o, &help);
	kam_buf_putc(out, '[');
	for (const char *p = kam_buf_cstr(&help); *p; p++) {
		if (*p == ']' || *p == '[' || *p == '\\')
			kam_buf_putc(out, '\\');
		kam_buf_putc(out, *p);
	}
	kam_buf_putc(out, ']');
	kam_buf_release(&help);
}

static void zsh_specs(kam_buf *out, const char *usage, const cmd_option *table)
{
	for (const cmd_option *o = table; o->name || o->letter; o++) {
		kam_buf spec = KAM_BUF_INIT;
		kam_buf_puts(out, " \\\n\t\t");
		if (o->name && o->letter) {
			kam_buf_printf(out, "'(-%c --%s)'{-%c%s,--%s%s}", o->letter, o->name, o->letter,
				       o->arg ? "+" : "", o->name, o->arg ? "=" : "");
		} else if (o->name)
			kam_buf_printf(&spec, "--%s%s", o->name, o->arg ? "=" : "");
		else
			kam_buf_printf(&spec, "-%c%s", o->letter, o->arg ? "+" : "");
		zsh_help(&spec, usage, o);
		if (o->arg) {
			kam_buf_printf(&spec, ":%s:", o->arg);
			zsh_action(&spec, o->kind);
		}
		quoted(out, kam_buf_cstr(&spec));
		kam_buf_release(&spec);
	}
}

static void print_zsh(kam_buf *out)
{
	kam_buf_puts(out,
		"#compdef kam\n"
		"# zsh completion for kam, generated by 'kam completion zsh' from kam's\n"
		"# command table; values only the repository knows come from kam itself.\n\n"
		"_kam_values() { # KIND, of the repository given with -C\n"
		"\tlocal -a dir\n"
		"\t[[ -n $_kam_dir ]] && dir=(-C ${(Q)_kam_dir/#\\~/$HOME})\n"
		"\tcommand kam $dir completion --values $1 2>/dev/null\n}\n\n"
		"_kam_kind() { # [compadd options] KIND: complete a value of it\n"
		"\tlocal kind=${@[-1]}\n"
		"\tlocal -a values expl\n"
		"\texpl=(\"${@[1,-2]}\")\n"
		"\tcase $kind in\n"
		"\tfiles) _files \"${expl[@]}\" ;;\n"
		"\tdirs) _files \"${expl[@]}\" -/ ;;\n"
		"\ttext) _message value ;;\n"
		"\trefs) values=(${(f)\"$(_kam_values refs)\"}); compset -P '*..'; compadd \"${expl[@]}\" -a values ;;\n"
		"\t*) values=(${(f)\"$(_kam_values $kind)\"}); compadd \"${expl[@]}\" -a values ;;\n"
		"\tesac\n}\n\n"
		"_kam() {\n"
		"\tlocal curcontext=$curcontext state line _kam_dir\n"
		"\ttypeset -A opt_args\n"
		"\t_arguments -C");
	zsh_specs(out, main_usage_text(), global_options_table);
	kam_buf_puts(out, " \\\n\t\t'1:command:->command' '*::argument:->argument' && return\n"
			  "\t_kam_dir=${opt_args[-C]}\n"
			  "\tcase $state in\n"
			  "\tcommand)\n\t\tlocal -a cmds\n\t\tcmds=(");
	for (const command *c = commands; c->name; c++)
		if (listed(c)) {
			kam_buf buf = KAM_BUF_INIT;
			kam_buf_printf(&buf, "%s:%s", c->name, c->summary);
			kam_buf_puts(out, "\n\t\t\t");
			quoted(out, kam_buf_cstr(&buf));
			kam_buf_release(&buf);
		}
	kam_buf_puts(out, "\n\t\t)\n\t\t_describe command cmds ;;\n\targument)\n"
			  "\t\tcurcontext=${curcontext%:*:*}:kam-$words[1]:\n\t\tcase $words[1] in\n");
	for (const command *c = commands; c->name; c++) {
		kam_buf_printf(out, "\t\t%s)\n\t\t\t_arguments", c->name);
		zsh_specs(out, c->usage, c->options);
		if (c->args) {
			kam_buf spec = KAM_BUF_INIT;
			kam_buf_puts(&spec, "*:argument:");
			zsh_action(&spec, c->args);
			kam_buf_puts(out, " \\\n\t\t\t\t");
			quoted(out, kam_buf_cstr(&spec));
			kam_buf_release(&spec);
		}
		kam_buf_puts(out, " ;;\n");
	}
	kam_buf_puts(out, "\t\tesac ;;\n\tesac\n}\n\n_kam \"$@\"\n");
}

/* ---- fish --------------------------------------------------------------- */

static void fish_value(kam_buf *out, const char *kind)
{
	if (strcmp(kind, "files") == 0)
		kam_buf_puts(out, " -r -F");
	else if (strcmp(kind, "dirs") == 0)
		kam_buf_puts(out, " -x -a '(__fish_complete_directories (commandline -ct))'");
	else if (strcmp(kind, "text") == 0)
		kam_buf_puts(out, " -x");
	else if (strncmp(kind, "words:", 6) == 0) {
		kam_buf_puts(out, " -x -a ");
		quoted(out, kind + 6);
	} else
		kam_buf_printf(out, " -x -a '(__kam_values %s)'", kind);
}

static void fish_options(kam_buf *out, const char *condition, const char *usage,
			 const cmd_option *table)
{
	for (const cmd_option *o = table; o->name || o->letter; o++) {
		kam_buf help = KAM_BUF_INIT;
		kam_buf_printf(out, "complete -c kam -n %s", condition);
		if (o->letter)
			kam_buf_printf(out, " -s %c", o->letter);
		if (o->name)
			kam_buf_printf(out, " -l %s", o->name);
		if (o->arg)
			fish_value(out, o->kind);
		option_help(usage, o, &help);
		if (help.len) {
			kam_buf_puts(out, " -d ");
			quoted(out, kam_buf_cstr(&help));
		}
		kam_buf_putc(out, '\n');
		kam_buf_release(&help);
	}
}

static void print_fish(kam_buf *out)
{
	kam_buf_puts(out,
		"# fish completion for kam, generated by 'kam completion fish' from kam's\n"
		"# command table; values only the repository knows come from kam itself.\n\n"
		"function __kam_command --description 'the kam command typed so far'\n"
		"\tset -l t (commandline -opc)\n"
		"\tset -e t[1]\n"
		"\twhile set -q t[1]\n"
		"\t\tswitch $t[1]\n"
		"\t\t\tcase -C --today --color\n"
		"\t\t\t\tset -e t[1]\n"
		"\t\t\tcase '-*'\n"
		"\t\t\tcase '*'\n"
		"\t\t\t\techo $t[1]\n"
		"\t\t\t\treturn 0\n"
		"\t\tend\n"
		"\t\tset -e t[1]\n"
		"\tend\n"
		"\treturn 1\n"
		"end\n\n"
		"function __kam_using --description 'whether the kam command typed is $argv[1]'\n"
		"\tset -l c (__kam_command)\n"
		"\ttest \"$c\" = \"$argv[1]\"\n"
		"end\n\n"
		"function __kam_values --description 'values of a kind, of the repository given with -C'\n"
		"\tset -l t (commandline -opc)\n"
		"\tset -l dir\n"
		"\tfor i in (seq (count $t))\n"
		"\t\tif test \"$t[$i]\" = -C; and set -q t[(math $i + 1)]\n"
		"\t\t\tset dir -C $t[(math $i + 1)]\n"
		"\t\tend\n"
		"\tend\n"
		"\tcommand kam $dir completion --values $argv[1] 2>/dev/null\n"
		"end\n\n"
		"complete -c kam -f\n");
	fish_options(out, "'not __kam_command'", main_usage_text(), global_options_table);
	for (const command *c = commands; c->name; c++)
		if (listed(c)) {
			kam_buf_puts(out, "complete -c kam -n 'not __kam_command' -a ");
			quoted(out, c->name);
			kam_buf_puts(out, " -d ");
			quoted(out, c->summary);
			kam_buf_putc(out, '\n');
		}
	for (const command *c = commands; c->name; c++) {
		char condition[64];
		snprintf(condition, sizeof condition, "'__kam_using %s'", c->name);
		fish_options(out, condition, c->usage, c->options);
		if (c->args && strcmp(c->args, "files") == 0)
			kam_buf_printf(out, "complete -c kam -n %s -F\n", condition);
		else if (c->args && strcmp(c->args, "text") != 0) {
			kam_buf_printf(out, "complete -c kam -n %s", condition);
			fish_value(out, c->args);
			kam_buf_putc(out, '\n');
		}
	}
}

int cmd_completion(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--values") == 0)
		return print_values(argv[2]);
	if (argc == 2 && strncmp(argv[1], "--values=", 9) == 0)
		return print_values(argv[1] + 9);
	if (argc != 2)
		return die_usage("completion: name one shell: bash, zsh or fish; see 'kam completion --help'");
	kam_buf out = KAM_BUF_INIT;
	if (strcmp(argv[1], "bash") == 0)
		print_bash(&out);
	else if (strcmp(argv[1], "zsh") == 0)
		print_zsh(&out);
	else if (strcmp(argv[1], "fish") == 0)
		print_fish(&out);
	else
		return die_usage("completion: no completion for '%s': bash, zsh or fish", argv[1]);
	fputs(kam_buf_cstr(&out), stdout);
	kam_buf_release(&out);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_INTERNAL;
}
