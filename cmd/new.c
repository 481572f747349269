#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "banned.h"

const char cmd_new_usage[] =
	"usage: kam new ID --name NAME [--type customer|prospect|partner]\n"
	"               [--tier key|strategic|growth|maintain] [--owner MEMBER]\n"
	"\n"
	"Write accounts/ID.md: a plan that already passes 'kam check', with the\n"
	"five parts of an account plan laid out to fill in. ID is the account's\n"
	"slug (lower-case letters, digits, '.' and '-'). The owner defaults to the\n"
	"first team member of kam.yaml. Never overwrites an existing plan.\n";

typedef struct new_options {
	const char *id, *name, *type, *tier, *owner;
} new_options;

static bool one_of(const char *value, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(value, *allowed) == 0)
			return true;
	return false;
}

static bool is_slug(const char *s)
{
	regex_t re;
	regcomp(&re, "^[a-z0-9][a-z0-9.-]*$", REG_EXTENDED | REG_NOSUB);
	bool ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static int parse_new(int argc, char **argv, new_options *o)
{
	static const struct option options[] = {
		{"name", required_argument, NULL, 'n'}, {"type", required_argument, NULL, 't'},
		{"tier", required_argument, NULL, 'r'}, {"owner", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0}};
	static const char *const types[] = {"customer", "prospect", "partner", NULL};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'n': o->name = optarg; break;
		case 't': o->type = optarg; break;
		case 'r': o->tier = optarg; break;
		case 'o': o->owner = optarg; break;
		default: return die_usage("new: unknown option '%s'; see 'kam new --help'", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return die_usage("new: give one account ID; see 'kam new --help'");
	o->id = argv[optind];
	if (!is_slug(o->id))
		return die_usage("new: '%s' is not an account id: use lower-case letters, digits, "
				 "'.' and '-', starting with a letter or digit", o->id);
	if (!o->name || !*o->name)
		return die_usage("new: --name NAME is required (the client's display name)");
	if (!one_of(o->type, types))
		return die_usage("new: --type is customer, prospect or partner, not '%s'", o->type);
	return 0;
}

/* The tier: as given (one of kam.yaml's tiers), else growth when kam.yaml
 * has it, else its lowest tier. */
static int choose_tier(const kam_config *config, new_options *o)
{
	size_t n = config->tier_count;
	if (!o->tier) {
		const char *growth = kam_tier_name(KAM_TIER_GROWTH);
		bool has_growth = kam_tier_rank_in(config->tiers, n, growth) < (int)n;
		o->tier = has_growth ? growth : config->tiers[n - 1];
		return 0;
	}
	if (kam_tier_rank_in(config->tiers, n, o->tier) < (int)n)
		return 0;
	kam_buf tiers = KAM_BUF_INIT; /* "key, strategic, growth or maintain" */
	for (size_t t = 0; t < n; t++)
		kam_buf_printf(&tiers, "%s%s", t ? t + 1 < n ? ", " : " or " : "", config->tiers[t]);
	const char *guess = kam_closest(o->tier, config->tiers, n);
	int rc = die_usage("new: --tier is %s (kam.yaml's tiers), not '%s'%s%s%s", kam_buf_cstr(&tiers),
			   o->tier, guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
	kam_buf_release(&tiers);
	return rc;
}

/* The owner: as given (and in the team), or the first team member. */
static int choose_owner(const kam_config *config, new_options *o)
{
	if (!o->owner) {
		if (!config->team_count)
			return die_usage("new: kam.yaml lists no team member; add one or pass --owner");
		o->owner = config->team[0].id;
		return 0;
	}
	const char *ids[256];
	size_t n = 0;
	for (size_t i = 0; i < config->team_count; i++) {
		if (strcmp(config->team[i].id, o->owner) == 0)
			return 0;
		if (n < 256)
			ids[n++] = config->team[i].id;
	}
	const char *guess = kam_closest(o->owner, ids, n);
	return die_usage("new: '%s' is not in kam.yaml's team%s%s%s", o->owner,
			 guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
}

static const char plan_template[] =
	"---\n"
	"id: %s\n"
	"name: %s\n"
	"type: %s\n"
	"tier: %s\n"
	"owner: %s\n"
	"phase: %s\n"
	"reviewed: %s\n"
	"\n"
	"# Part 1 - understand the client: where it stands, where it wants to go\n"
	"# strategy:\n"
	"#   current: Where the client's business stands today\n"
	"#   target: Where it wants to be in three years\n"
	"# focus: Our own strategy for the account, in one paragraph\n"
	"initiatives: []\n"
	"#  - {id: i-example, title: What the client itself is trying to achieve, priority: 1, "
	"status: active,\n"
	"#     owner: c.example, value: What we bring to it}\n"
	"\n"
	"# Part 2 - opportunities, with the must-wins\n"
	"opportunities: []\n"
	"#  - {id: o-example, title: The deal, stage: %s, value: 100000, close: 2027-Q1, "
	"must_win: false,\n"
	"#     buying_unit: [{contact: c.example, role: %s}]}\n"
	"\n"
	"# Part 3 - routes to market (shares add up to 100)\n"
	"routes:\n"
	"  - {route: direct, share: 100}\n"
	"\n"
	"# Part 4 - the buying decision unit and who on our side owns each relationship\n"
	"contacts: []\n"
	"#  - {id: c.example, name: Full Name, title: CIO, roles: [%s], "
	"attitude: %s, influence: %s, owner: %s}\n"
	"# when we met or spoke with them outside meeting notes\n"
	"touches: []\n"
	"#  - {date: %s, contacts: [c.example], kind: %s, note: What was said}\n"
	"\n"
	"# Part 5 - goals, risks, actions, revenue\n"
	"goals: []\n"
	"risks: []\n"
	"actions: []\n"
	"revenue: []\n"
	"---\n"
	"# %s\n"
	"\n"
	"## 1. Understand the client\n"
	"\n"
	"## 2. Opportunities\n"
	"\n"
	"## 3. Routes to market\n"
	"\n"
	"## 4. Relationships\n"
	"\n"
	"## 5. Goals, risks, actions and revenue\n";

static char *plan_text(const new_options *o)
{
	kam_buf name = KAM_BUF_INIT;
	kam_json_quote(&name, o->name, strlen(o->name));
	char today[11];
	today_string(today);
	const char *phase = strcmp(o->type, "prospect") == 0 ? "acquisition" : "service";
	const char *tier = o->tier;
	/* the examples in the template's comments */
	const char *stage = kam_stage_name(KAM_STAGE_IDENTIFY);
	const char *role = kam_role_name(KAM_ROLE_KEY_DECISION_LEADER);
	const char *attitude = kam_attitude_name(KAM_ATTITUDE_NEUTRAL);
	const char *influence = kam_influence_name(KAM_INFLUENCE_MEDIUM);
	const char *call = kam_touch_kind_name(KAM_TOUCH_CALL);
	char *text = kam_xprintf(plan_template, o->id, name.ptr, o->type, tier, o->owner, phase, today,
				 stage, role, role, attitude, influence, o->owner, today, call, o->name);
	kam_buf_release(&name);
	return text;
}

int cmd_new(int argc, char **argv)
{
	new_options o = {.type = "customer"};
	if (parse_new(argc, argv, &o))
		return EXIT_USAGE;
	kam_repo *repo;
	kam_diag_list config_diags = {0};
	kam_error err = {0};
	if (kam_repo_open(&repo, ".", NULL, &config_diags, &err) < 0) {
		kam_diag_list_release(&config_diags);
		return die_usage("new: %s", err.message);
	}
	kam_diag_list_release(&config_diags);
	int rc = choose_owner(kam_repo_config(repo), &o);
	if (!rc)
		rc = choose_tier(kam_repo_config(repo), &o);
	char *file = NULL, *text = NULL;
	if (rc)
		goto done;
	char *name = kam_xprintf("%s.md", o.id);
	file = kam_path_join(kam_repo_accounts_path(repo), name);
	free(name);
	text = plan_text(&o);
	if (kam_file_write_atomic(file, text, strlen(text), true, &err) < 0)
		rc = die_usage("new: %s", err.message);
	else if (!globals.quiet)
		printf("created %s\n", file);
done:
	free(file);
	free(text);
	kam_repo_free(repo);
	return rc;
}
