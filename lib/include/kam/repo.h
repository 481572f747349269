/* kam/repo.h - a plans repository: kam.yaml, its settings, its documents.
 *
 * A repository is the folder holding kam.yaml, found by walking up from a
 * starting folder like git finds .git. Problems in kam.yaml are
 * diagnostics against it; the settings fall back to defaults. */
#ifndef KAM_REPO_H
#define KAM_REPO_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/files.h"
#include "kam/schema.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_team_member {
	const char *id, *name, *role, *email; /* owned by the repository */
	unsigned line;                        /* of its id in kam.yaml */
} kam_team_member;

/* Something kam.yaml declares by id for plans to name: a competitor, an
 * offering. */
typedef struct kam_declared {
	const char *id, *name; /* owned by the repository */
	unsigned line, column; /* of its id in kam.yaml */
} kam_declared;

/* A list of them; unread: the list could not be read whole (not a list,
 * an entry without an id), so names of it are not checked. */
typedef struct kam_declared_list {
	const kam_declared *items;
	size_t count;
	bool declared; /* kam.yaml has the list (even empty) */
	bool unread;
} kam_declared_list;

typedef struct kam_config {
	int version;
	const char *organization;
	const char *currency;     /* ISO 4217, default "EUR" */
	int fiscal_year_start;    /* month 1-12, default 1 */
	const char *timezone;     /* default "UTC" */
	const char *accounts_dir; /* relative to the root, default "accounts" */
	const kam_team_member *team;
	size_t team_count;
	const unsigned *team_columns; /* of each member's id in kam.yaml; NULL: not known */
	/* the team list could not be read whole (not a list, a member without
	 * an id): references to team members are not checked. The line of the
	 * problem in kam.yaml, or 0 when the list is fine. */
	unsigned team_unread_line;
	bool team_unread;
	kam_severity severity[KAM_RULE__COUNT]; /* defaults with kam.yaml's overrides */
	const kam_node *rule_options[KAM_RULE__COUNT]; /* a rule's mapping in kam.yaml, or NULL */
	bool unsafe_html; /* render: {unsafe_html: true}: keep raw HTML of bodies */
	/* tiers: in rank order, highest first (default: kam_tiers of
	 * kam/plan.h); a plan's tier must be one of them */
	const char *const *tiers;
	size_t tier_count;
	unsigned tiers_line; /* of tiers: in kam.yaml, or 0 for the default */
	const kam_node *health; /* kam.yaml's health: mapping (weights), or NULL */
	const kam_node *stages; /* kam.yaml's stages: mapping (per stage probability), or NULL */
	kam_declared_list competitors; /* competitors: [{id, name}] */
	kam_declared_list offerings;   /* offerings: [{id, name}] */
} kam_config;

typedef struct kam_repo kam_repo;

/* Open the repository containing start (a folder or a file). Diagnostics
 * about kam.yaml go to diags, naming it relative to display_base (an
 * absolute folder; NULL: relative to the root). KAM_ENOTFOUND when no kam.yaml is found;
 * KAM_EINVALID when kam.yaml cannot be parsed or a configured schema cannot
 * be loaded (err says why). */
int kam_repo_open(kam_repo **out, const char *start, const char *display_base,
		  kam_diag_list *diags, kam_error *err);
/* Open the repository whose kam.yaml is in root (absolute), reading every
 * file from files (the work tree, the index or a revision), which the
 * repository takes over, also on failure. */
int kam_repo_open_files(kam_repo **out, const char *root, kam_files *files,
			const char *display_base, kam_diag_list *diags, kam_error *err);
void kam_repo_free(kam_repo *repo); /* NULL accepted */
/* Where the repository's files are read from. */
const kam_files *kam_repo_files(const kam_repo *repo);

const char *kam_repo_root(const kam_repo *repo);         /* absolute */
const char *kam_repo_accounts_path(const kam_repo *repo); /* absolute */
const kam_config *kam_repo_config(const kam_repo *repo);
/* The schema documents of this kind ("account", "meeting", ...) are
 * checked against, or NULL when the repository defines no such kind. */
const kam_schema *kam_repo_schema(const kam_repo *repo, const char *kind);
/* The kinds the repository defines, for messages. */
size_t kam_repo_kinds(const kam_repo *repo, const char *const **out);

/* One document of the repository. */
typedef struct kam_entry {
	char *path;    /* absolute */
	char *rel;     /* relative to the root */
	char *account; /* the account it belongs to (its file stem for a plan) */
	bool is_plan;  /* directly in the accounts folder */
} kam_entry;

/* Every .md file under the accounts folder except README.md files, sorted
 * by path. The caller frees with kam_entries_free. */
int kam_repo_list(const kam_repo *repo, kam_entry **out, size_t *count, kam_error *err);
/* Describe the file at abs_path (which need not be in the accounts folder). */
void kam_repo_entry(const kam_repo *repo, const char *abs_path, kam_entry *out);
void kam_entries_free(kam_entry *entries, size_t count);
/* Whether kam_repo_list lists the file at abs_path, or would once it
 * exists: a .md file below the accounts folder, not a README.md, with no
 * hidden file or folder on the way. */
bool kam_repo_lists(const kam_repo *repo, const char *abs_path);
/* The account id closest to id (a typo of it), or NULL; caller frees. */
char *kam_repo_closest_account(const kam_repo *repo, const char *id);

/* The folder containing kam.yaml at or above start (absolute; caller
 * frees), or NULL. */
char *kam_repo_discover(const char *start);

#ifdef __cplusplus
}
#endif

#endif
