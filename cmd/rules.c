#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"

const char cmd_rules_usage[] =
	"usage: kam rules [--format text|json]\n"
	"\n"
	"List every rule kam checks, its severity in this repository (kam.yaml\n"
	"'rules:' overrides the default) and why it exists. Outside a plans\n"
	"repository the defaults are shown. docs/rules.md has an example of each.\n";

/* An option's value as written: text, or a list of texts as [a, b]. */
static bool option_value(kam_buf *out, const kam_node *v)
{
	if (v->text) {
		kam_buf_puts(out, v->text);
		return true;
	}
	if (v->kind != KAM_NODE_SEQ)
		return false;
	kam_buf_puts(out, "[");
	for (size_t i = 0; i < v->count; i++)
		kam_buf_printf(out, "%s%s", i ? ", " : "", v->items[i]->text ? v->items[i]->text : "?");
	kam_buf_puts(out, "]");
	return true;
}

/* Options a rule takes in kam.yaml, as "max: 4, tiers: [key, strategic]";
 * "" when none is set. */
static void rule_options(kam_buf *out, const kam_config *c, kam_rule rule)
{
	const kam_node *o = c ? c->rule_options[rule] : NULL;
	for (size_t i = 0; o && i < o->count; i++) {
		const kam_node *v = o->pairs[i].value;
		if (strcmp(o->pairs[i].key->text, "severity") == 0 ||
		    (!v->text && v->kind != KAM_NODE_SEQ))
			continue;
		kam_buf_printf(out, "%s%s: ", out->len ? ", " : "", o->pairs[i].key->text);
		option_value(out, v);
	}
}

static void print_text(const kam_config *c)
{
	int width = 4; /* the longest id, so the columns line up */
	for (int i = 0; i < KAM_RULE__COUNT; i++)
		if ((int)strlen(kam_rule_id((kam_rule)i)) > width)
			width = (int)strlen(kam_rule_id((kam_rule)i));
	printf("%-*s %-8s %s\n", width, "rule", "severity", "why");
	for (int i = 0; i < KAM_RULE__COUNT; i++) {
		kam_rule r = (kam_rule)i;
		kam_severity sev = c ? c->severity[r] : kam_rule_default_severity(r);
		kam_buf extra = KAM_BUF_INIT;
		rule_options(&extra, c, r);
		if (sev != kam_rule_default_severity(r))
			kam_buf_printf(&extra, "%sdefault %s", extra.len ? ", " : "",
				       kam_severity_name(kam_rule_default_severity(r)));
		printf("%-*s %-8s %s%s%s%s\n", width, kam_rule_id(r), kam_severity_name(sev), kam_rule_summary(r),
		       extra.len ? " (" : "", kam_buf_cstr(&extra), extra.len ? ")" : "");
		kam_buf_release(&extra);
	}
}

static void print_json(const kam_config *c)
{
	kam_buf out = KAM_BUF_INIT;
	kam_json w;
	kam_json_init(&w, &out);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_int(&w, "version", 1);
	kam_json_array_begin(&w, "rules", KAM_JSON_BLOCK);
	for (int i = 0; i < KAM_RULE__COUNT; i++) {
		kam_rule r = (kam_rule)i;
		kam_json_object_begin(&w, NULL, KAM_JSON_INLINE);
		kam_json_string(&w, "id", kam_rule_id(r));
		kam_json_string(&w, "severity", kam_severity_name(c ? c->severity[r] : kam_rule_default_severity(r)));
		kam_json_string(&w, "default", kam_severity_name(kam_rule_default_severity(r)));
		kam_json_bool(&w, "configurable", !kam_rule_is_fatal(r));
		kam_json_string(&w, "why", kam_rule_summary(r));
		kam_json_end(&w);
	}
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_release(&w);
	fwrite(out.ptr, 1, out.len, stdout);
	kam_buf_release(&out);
}

int cmd_rules(int argc, char **argv)
{
	bool json = false;
	if (parse_text_or_json(argc, argv, "rules", &json))
		return EXIT_USAGE;
	kam_repo *repo = NULL;
	kam_diag_list diags = {0};
	kam_error err = {0};
	char *root = kam_repo_discover(".");
	if (root && kam_repo_open(&repo, ".", NULL, &diags, &err) < 0) {
		say("rules: %s", err.message);
		free(root);
		kam_diag_list_release(&diags);
		return EXIT_USAGE;
	}
	const kam_config *config = repo ? kam_repo_config(repo) : NULL;
	if (json)
		print_json(config);
	else
		print_text(config);
	free(root);
	kam_repo_free(repo);
	kam_diag_list_release(&diags);
	return EXIT_CLEAN;
}
