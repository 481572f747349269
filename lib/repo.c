#define _DEFAULT_SOURCE
#include "kam/repo.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "kam/quarter.h"
#include "kam/plan.h"
#include "banned.h"

#define MAX_CONFIG_BYTES (1u << 20)

typedef struct kind_schema {
	char *kind;
	const kam_schema *schema;
	bool shared; /* a built-in one (kam_schema_builtin_shared): not the repository's to free */
} kind_schema;

struct kam_repo {
	char *root, *accounts;
	kam_files *files;
	char *config_text;
	kam_arena *arena; /* kam.yaml's nodes: config strings point into it */
	kam_config config;
	kam_team_member *team;
	unsigned *team_columns;
	kam_declared *competitors, *offerings;
	const char **tier_names;
	kind_schema *kinds;
	size_t kind_count, kind_alloc;
	const char **kind_names;
};

char *kam_repo_discover(const char *start)
{
	char *dir = realpath(start, NULL);
	if (!dir)
		return NULL;
	if (!kam_path_is_dir(dir)) {
		char *slash = strrchr(dir, '/');
		*(slash == dir ? slash + 1 : slash) = '\0';
	}
	for (;;) {
		char *candidate = kam_path_join(dir, "kam.yaml");
		bool found = kam_path_exists(candidate);
		free(candidate);
		if (found)
			return dir;
		char *slash = strrchr(dir, '/');
		if (!slash || strcmp(dir, "/") == 0)
			break;
		*(slash == dir ? slash + 1 : slash) = '\0';
	}
	free(dir);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* kam.yaml                                                            */

static const char *string_or(const kam_node *map, const char *key, const char *fallback)
{
	const char *s = kam_node_string(kam_node_get(map, key));
	return s ? s : fallback;
}

static int int_or(const kam_node *map, const char *key, int fallback)
{
	const kam_node *n = kam_node_get(map, key);
	return n && kam_node_is_integer(n) ? (int)n->number : fallback;
}

static void team_unread(kam_config *c, const kam_node *where)
{
	if (!c->team_unread)
		c->team_unread_line = where->line;
	c->team_unread = true;
}

static void read_team(kam_repo *repo, const kam_node *team)
{
	if (team && team->kind != KAM_NODE_SEQ && team->kind != KAM_NODE_NULL)
		team_unread(&repo->config, team);
	if (!team || team->kind != KAM_NODE_SEQ)
		return;
	repo->team = kam_xcalloc(team->count, sizeof(kam_team_member));
	repo->team_columns = kam_xcalloc(team->count + 1, sizeof(unsigned));
	size_t n = 0;
	for (size_t i = 0; i < team->count; i++) {
		const kam_node *m = team->items[i];
		const kam_node *idn = kam_node_get(m, "id");
		const char *id = kam_node_string(idn);
		if (!id) { /* someone is missing: nobody can be said not to be in the team */
			team_unread(&repo->config, m);
			continue;
		}
		repo->team_columns[n] = idn->column;
		repo->team[n++] = (kam_team_member){id, string_or(m, "name", id),
						    string_or(m, "role", NULL),
						    string_or(m, "email", NULL), idn->line};
	}
	repo->config.team = repo->team;
	repo->config.team_count = n;
	repo->config.team_columns = repo->team_columns;
}

static void rule_setting(kam_repo *repo, const kam_pair *p, const char *file, kam_diag_list *diags)
{
	int rule = kam_rule_find(p->key->text);
	if (rule < 0) {
		const char *ids[KAM_RULE__COUNT];
		for (int i = 0; i < KAM_RULE__COUNT; i++)
			ids[i] = kam_rule_id((kam_rule)i);
		const char *guess = kam_closest(p->key->text, ids, KAM_RULE__COUNT);
		kam_diag *d = kam_diag_push(diags, KAM_RULE_CONFIG_RULE, file, p->key->line,
					    p->key->column, "rules: unknown rule '%s'%s%s%s",
					    p->key->text, guess ? "; did you mean '" : "",
					    guess ? guess : "", guess ? "'?" : "");
		kam_diag_set_hint(d, "'kam rules' lists every rule id");
		return;
	}
	const kam_node *v = p->value;
	const char *sev = v->kind == KAM_NODE_MAP ? string_or(v, "severity", NULL) : kam_node_string(v);
	if (kam_rule_is_fatal((kam_rule)rule)) {
		kam_diag *d = kam_diag_push(diags, KAM_RULE_CONFIG_RULE, file, p->key->line,
					    p->key->column,
					    "rules: '%s' reports a file kam cannot read, and cannot be changed",
					    p->key->text);
		kam_diag_set_hint(d, "remove this line");
		return;
	}
	if (sev && kam_severity_parse(sev) >= 0)
		repo->config.severity[rule] = (kam_severity)kam_severity_parse(sev);
	if (v->kind == KAM_NODE_MAP)
		repo->config.rule_options[rule] = v;
}

static void read_rules(kam_repo *repo, const kam_node *rules, const char *file,
		       kam_diag_list *diags)
{
	for (int i = 0; i < KAM_RULE__COUNT; i++)
		repo->config.severity[i] = kam_rule_default_severity((kam_rule)i);
	for (size_t i = 0; rules && rules->kind == KAM_NODE_MAP && i < rules->count; i++)
		rule_setting(repo, &rules->pairs[i], file, diags);
}

/* A list of {id, name} of kam.yaml (the schema reports what is wrong in
 * it); one entry without an id makes the list unread. */
static kam_declared *read_declared(const kam_node *list, kam_declared_list *out)
{
	*out = (kam_declared_list){.declared = list != NULL};
	if (list && list->kind != KAM_NODE_SEQ && list->kind != KAM_NODE_NULL)
		out->unread = true;
	if (!list || list->kind != KAM_NODE_SEQ)
		return NULL;
	kam_declared *items = kam_xcalloc(list->count + 1, sizeof(kam_declared));
	size_t n = 0;
	for (size_t i = 0; i < list->count; i++) {
		const kam_node *m = list->items[i];
		const kam_node *idn = kam_node_get(m, "id");
		const char *id = kam_node_string(idn);
		if (!id) {
			out->unread = true;
			continue;
		}
		items[n++] = (kam_declared){id, string_or(m, "name", id), idn->line, idn->column};
	}
	out->items = items;
	out->count = n;
	return items;
}

/* The tiers in rank order: kam.yaml's list of names (the schema reports
 * one that is not), else the default ones. */
static void read_tiers(kam_repo *repo, const kam_node *tiers)
{
	size_t n = 0;
	if (tiers && tiers->kind == KAM_NODE_SEQ && tiers->count) {
		repo->tier_names = kam_xcalloc(tiers->count, sizeof(char *));
		for (size_t i = 0; i < tiers->count; i++)
			if (kam_node_string(tiers->items[i]))
				repo->tier_names[n++] = tiers->items[i]->text;
		repo->config.tiers_line = tiers->line;
	}
	if (!n) {
		free(repo->tier_names);
		repo->tier_names = kam_xcalloc(KAM_TIER_UNKNOWN, sizeof(char *));
		for (int t = 0; t < KAM_TIER_UNKNOWN; t++)
			repo->tier_names[n++] = kam_tier_name((kam_tier)t);
		repo->config.tiers_line = 0;
	}
	repo->config.tiers = repo->tier_names;
	repo->config.tier_count = n;
}

static void read_settings(kam_repo *repo, const kam_node *root, const char *file,
			  kam_diag_list *diags)
{
	kam_config *c = &repo->config;
	c->version = int_or(root, "kam", 1);
	c->organization = string_or(root, "organization", "");
	c->currency = string_or(root, "currency", "EUR");
	c->fiscal_year_start = int_or(root, "fiscal_year_start", 1);
	if (c->fiscal_year_start < 1 || c->fiscal_year_start > 12)
		c->fiscal_year_start = 1;
	c->timezone = string_or(root, "timezone", "UTC");
	const kam_node *tz = kam_node_get(root, "timezone");
	if (kam_node_string(tz) && !kam_timezone_known(tz->text)) {
		/* an unknown zone would silently count days in UTC */
		kam_diag *d = kam_diag_push(diags, KAM_RULE_SCHEMA_FORMAT, file, tz->line, tz->column,
					    "timezone: '%s' is not a time zone this machine knows",
					    tz->text);
		kam_diag_set_hint(d, "write an IANA time zone such as Europe/Berlin, America/New_York or UTC");
		c->timezone = "UTC";
	}
	c->accounts_dir = string_or(root, "accounts", "accounts");
	read_team(repo, kam_node_get(root, "team"));
	const kam_node *unsafe = kam_node_get(kam_node_get(root, "render"), "unsafe_html");
	c->unsafe_html = unsafe && unsafe->kind == KAM_NODE_BOOL && unsafe->boolean;
	if (c->unsafe_html) { /* a one-line change in a pull request: said where it is made */
		kam_diag *d = kam_diag_push(diags, KAM_RULE_UNSAFE_HTML, file, unsafe->line, unsafe->column,
					    "render: 'unsafe_html' is on: raw HTML of plans and notes reaches the "
					    "rendered pages");
		kam_diag_set_hint(d, "remove it unless every author of the plans is trusted; kam keeps only "
				     "allow-listed tags and attributes, never scripts, event handlers or unsafe URLs");
	}
	read_tiers(repo, kam_node_get(root, "tiers"));
	repo->competitors = read_declared(kam_node_get(root, "competitors"), &c->competitors);
	repo->offerings = read_declared(kam_node_get(root, "offerings"), &c->offerings);
	c->health = kam_node_get(root, "health");
	c->stages = kam_node_get(root, "stages");
	read_rules(repo, kam_node_get(root, "rules"), file, diags);
}

/* ------------------------------------------------------------------ */
/* schemas by document kind                                            */

/* schema as the one of kind, in place of one the repository had. */
static void set_kind(kam_repo *repo, const char *kind, const kam_schema *schema, bool shared)
{
	for (size_t i = 0; i < repo->kind_count; i++)
		if (strcmp(repo->kinds[i].kind, kind) == 0) {
			if (!repo->kinds[i].shared)
				kam_schema_free((kam_schema *)repo->kinds[i].schema);
			repo->kinds[i].schema = schema;
			repo->kinds[i].shared = shared;
			return;
		}
	repo->kinds = kam_grow(repo->kinds, &repo->kind_alloc, repo->kind_count + 1, sizeof(kind_schema));
	repo->kinds[repo->kind_count++] = (kind_schema){kam_xstrdup(kind), schema, shared};
}

static int add_kind(kam_repo *repo, const char *kind, const char *name, const char *json,
		    size_t len, kam_error *err)
{
	kam_schema *schema;
	if (kam_schema_new(&schema, name, json, len, err) < 0)
		return KAM_EINVALID;
	set_kind(repo, kind, schema, false);
	return KAM_OK;
}

static int add_builtin_kind(kam_repo *repo, const char *kind, const char *builtin, kam_error *err)
{
	char *name = kam_xprintf("(built-in) %s.schema.json", builtin);
	const kam_schema *schema;
	int rc = kam_schema_builtin_shared(&schema, builtin, name, err);
	free(name);
	if (rc < 0)
		return KAM_EINVALID;
	set_kind(repo, kind, schema, true);
	return KAM_OK;
}

/* A repository's own schema file, which must be inside the repository. */
static int add_file_kind(kam_repo *repo, const char *kind, const kam_node *path, kam_error *err)
{
	char *text = NULL;
	size_t len;
	int rc = kam_files_confine(repo->files, path->text, NULL, NULL);
	if (rc < 0) {
		rc = kam_error_set(err, KAM_EINVALID, "kam.yaml:%u:%u: schema '%s' %s", path->line,
				   path->column, path->text,
				   rc == KAM_EOUTSIDE ? "is outside the repository"
				   : rc == KAM_ENOTFOUND ? "does not exist" : "is not a file");
		goto done;
	}
	if ((rc = kam_files_read(repo->files, path->text, &text, &len, 8u << 20, err)) < 0)
		goto done;
	rc = add_kind(repo, kind, path->text, text, len, err);
done:
	free(text);
	return rc;
}

/* accounts: must name a folder inside the repository: one that leads
 * out (../../.., /, a link) would make every command read outside it. */
static int check_accounts_dir(kam_repo *repo, const kam_node *root, kam_error *err)
{
	const kam_node *setting = kam_node_get(root, "accounts");
	int rc = kam_files_confine_folder(repo->files, repo->config.accounts_dir, NULL, NULL);
	if (rc != KAM_EOUTSIDE && !(rc == KAM_EIO && setting))
		return KAM_OK; /* a missing folder is the listing's business */
	const char *dir = repo->config.accounts_dir;
	return kam_error_set(err, KAM_EINVALID, "kam.yaml:%u:%u: accounts '%s' %s",
			     setting ? setting->line : 1, setting ? setting->column : 1, dir,
			     rc != KAM_EOUTSIDE ? "is not a folder"
			     : dir[0] == '/'	? "is an absolute path: write it relative to the repository"
						: "is outside the repository");
}

static int load_schemas(kam_repo *repo, const kam_node *setting, kam_error *err)
{
	if (add_builtin_kind(repo, "account", "account-plan", err) < 0 ||
	    add_builtin_kind(repo, "meeting", "meeting", err) < 0)
		return KAM_EINVALID;
	if (setting && setting->kind == KAM_NODE_STRING)
		return add_file_kind(repo, "account", setting, err);
	for (size_t i = 0; setting && setting->kind == KAM_NODE_MAP && i < setting->count; i++) {
		const kam_pair *p = &setting->pairs[i];
		if (p->value->kind == KAM_NODE_STRING && add_file_kind(repo, p->key->text, p->value, err) < 0)
			return KAM_EINVALID;
	}
	return KAM_OK;
}

/* ------------------------------------------------------------------ */

static int parse_config(kam_repo *repo, const char *file, kam_diag_list *diags, kam_error *err)
{
	size_t len;
	int rc = kam_files_read(repo->files, "kam.yaml", &repo->config_text, &len, MAX_CONFIG_BYTES, err);
	if (rc < 0)
		return rc;
	kam_node *root;
	size_t before = diags->count;
	if (kam_utf8_check(repo->config_text, len) != len ||
	    kam_yaml_parse(&root, repo->arena, repo->config_text, len, 1, file, NULL, diags) < 0) {
		if (diags->count > before) { /* say where, for commands that print no findings */
			const kam_diag *d = &diags->items[before];
			return kam_error_set(err, KAM_EINVALID, "%s is not valid YAML (%s at %u:%u)",
					     file, kam_rule_id(d->rule), d->line, d->column);
		}
		return kam_error_set(err, KAM_EINVALID, "%s is not valid YAML (invalid UTF-8)", file);
	}
	const kam_schema *schema;
	if (kam_schema_builtin_shared(&schema, "kam-config", "kam-config.schema.json", err) < 0)
		return KAM_EINVALID;
	kam_schema_validate(schema, root, file, diags);
	read_settings(repo, root, file, diags);
	if (check_accounts_dir(repo, root, err) < 0)
		return KAM_EINVALID;
	return load_schemas(repo, kam_node_get(root, "schema"), err);
}

int kam_repo_open_files(kam_repo **out, const char *root, kam_files *files,
			const char *display_base, kam_diag_list *diags, kam_error *err)
{
	*out = NULL;
	kam_repo *repo = kam_xcalloc(1, sizeof(*repo));
	repo->root = kam_xstrdup(root);
	repo->files = files;
	repo->arena = kam_arena_new();
	char *config_path = kam_path_join(root, "kam.yaml");
	char *file = display_base ? kam_path_relative(config_path, display_base) : kam_xstrdup("kam.yaml");
	int rc = parse_config(repo, file, diags, err);
	free(config_path);
	free(file);
	if (rc < 0) {
		kam_repo_free(repo);
		return rc;
	}
	repo->accounts = kam_path_join(root, repo->config.accounts_dir);
	*out = repo;
	return KAM_OK;
}

int kam_repo_open(kam_repo **out, const char *start, const char *display_base,
		  kam_diag_list *diags, kam_error *err)
{
	*out = NULL;
	char *root = kam_repo_discover(start);
	if (!root)
		return kam_error_set(err, KAM_ENOTFOUND,
				     "not a plans repository (no kam.yaml in '%s' or any folder above it)",
				     start);
	int rc = kam_repo_open_files(out, root, kam_files_worktree(root), display_base, diags, err);
	free(root);
	return rc;
}

void kam_repo_free(kam_repo *repo)
{
	if (!repo)
		return;
	for (size_t i = 0; i < repo->kind_count; i++) {
		free(repo->kinds[i].kind);
		if (!repo->kinds[i].shared)
			kam_schema_free((kam_schema *)repo->kinds[i].schema);
	}
	free(repo->kinds);
	free(repo->kind_names);
	free(repo->team);
	free(repo->team_columns);
	free(repo->tier_names);
	free(repo->competitors);
	free(repo->offerings);
	kam_arena_free(repo->arena);
	free(repo->config_text);
	free(repo->accounts);
	free(repo->root);
	kam_files_free(repo->files);
	free(repo);
}

const kam_files *kam_repo_files(const kam_repo *repo)
{
	return repo->files;
}

const char *kam_repo_root(const kam_repo *repo)
{
	return repo->root;
}

const char *kam_repo_accounts_path(const kam_repo *repo)
{
	return repo->accounts;
}

const kam_config *kam_repo_config(const kam_repo *repo)
{
	return &repo->config;
}

const kam_schema *kam_repo_schema(const kam_repo *repo, const char *kind)
{
	for (size_t i = 0; i < repo->kind_count; i++)
		if (strcmp(repo->kinds[i].kind, kind) == 0)
			return repo->kinds[i].schema;
	return NULL;
}

size_t kam_repo_kinds(const kam_repo *repo, const char *const **out)
{
	kam_repo *r = (kam_repo *)repo; /* the name list is a cache */
	if (!r->kind_names) {
		r->kind_names = kam_xcalloc(r->kind_count, sizeof(char *));
		for (size_t i = 0; i < r->kind_count; i++)
			r->kind_names[i] = r->kinds[i].kind;
	}
	*out = r->kind_names;
	return r->kind_count;
}

/* ------------------------------------------------------------------ */
/* documents                                                           */

static bool is_markdown(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && strcmp(name + n - 3, ".md") == 0 && strcasecmp(name, "README.md") != 0;
}

void kam_repo_entry(const kam_repo *repo, const char *abs_path, kam_entry *out)
{
	memset(out, 0, sizeof(*out));
	out->path = kam_xstrdup(abs_path);
	out->rel = kam_path_relative(abs_path, repo->root);
	size_t al = strlen(repo->accounts);
	bool inside = strncmp(abs_path, repo->accounts, al) == 0 && abs_path[al] == '/';
	const char *in_accounts = inside ? abs_path + al + 1 : NULL;
	const char *base = strrchr(abs_path, '/');
	base = base ? base + 1 : abs_path;
	if (in_accounts && strchr(in_accounts, '/'))
		out->account = kam_xstrndup(in_accounts, strcspn(in_accounts, "/"));
	else {
		out->is_plan = true;
		size_t n = strlen(base);
		out->account = kam_xstrndup(base, n > 3 && strcmp(base + n - 3, ".md") == 0 ? n - 3 : n);
	}
}

int kam_repo_list(const kam_repo *repo, kam_entry **out, size_t *count, kam_error *err)
{
	char **rels;
	size_t n;
	*out = NULL;
	*count = 0;
	/* git keeps no empty folders: a commit whose plans were all removed
	 * has no accounts folder, and holds no plans */
	if (!kam_files_is_worktree(repo->files) && !kam_files_exists(repo->files, repo->config.accounts_dir)) {
		*out = kam_xcalloc(1, sizeof(kam_entry));
		return KAM_OK;
	}
	if (kam_files_list(repo->files, repo->config.accounts_dir, &rels, &n, err) < 0)
		return kam_error_set(err, KAM_ENOTFOUND, "the accounts folder '%s' is not in %s",
				     repo->config.accounts_dir, kam_files_describe(repo->files));
	kam_entry *entries = kam_xcalloc(n + 1, sizeof(kam_entry));
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(rels[i], '/');
		if (is_markdown(base ? base + 1 : rels[i])) {
			char *abs = kam_path_join(repo->root, rels[i]);
			kam_repo_entry(repo, abs, &entries[kept++]);
			free(abs);
		}
		free(rels[i]);
	}
	free(rels);
	*out = entries;
	*count = kept;
	return KAM_OK;
}

void kam_entries_free(kam_entry *entries, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(entries[i].path);
		free(entries[i].rel);
		free(entries[i].account);
	}
	free(entries);
}

char *kam_repo_closest_account(const kam_repo *repo, const char *id)
{
	kam_entry *entries;
	size_t n;
	if (kam_repo_list(repo, &entries, &n, NULL) < 0)
		return NULL;
	const char **ids = kam_xcalloc(n + 1, sizeof(char *));
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (entries[i].is_plan)
			ids[count++] = entries[i].account;
	const char *guess = kam_closest(id, ids, count);
	char *copy = guess ? kam_xstrdup(guess) : NULL;
	free(ids);
	kam_entries_free(entries, n);
	return copy;
}

bool kam_repo_lists(const kam_repo *repo, const char *abs_path)
{
	size_t n = strlen(repo->accounts);
	if (strncmp(abs_path, repo->accounts, n) != 0 || abs_path[n] != '/')
		return false;
	const char *below = abs_path + n + 1, *base = strrchr(abs_path, '/') + 1;
	return is_markdown(base) && below[0] != '.' && !strstr(below, "/.");
}
