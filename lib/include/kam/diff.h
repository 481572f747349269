/* kam/diff.h - what changed between two versions of a plans repository,
 * in plan terms.
 *
 * The engine is generic: mappings compare key by key, lists of mappings are
 * matched by identity (their "id", else the first key that is unique in
 * the list: a route's "route", a revenue row's "quarter"), so reordering is
 * no change and a renamed id is a removal and an addition; lists of text
 * compare as sets; bodies compare per heading (the n-th section with a
 * heading against the n-th of the other version), in lines added and
 * removed; a list of mappings inside an item (a buying unit, relationship
 * steps) is matched by identity too: "buying_unit[c.x].role". On top of
 * it, a plan-aware story: pipeline, won and lost (a deal out of won or
 * lost is reopened, no stage move), stage moves, contacts, attitudes,
 * relationship levels against target and their steps, buying units,
 * people who leave, influence, touches, focus, validation, initiative
 * owners, goals, actions, revenue against target, health before and after.
 * Commerce (issue 17): a deal's forecast category as counted (given, else
 * its stage's default: kam_opportunity_forecast), "moved to commit";
 * close quarters that moved later ("slipped from 2026-Q4 to 2027-Q1") or
 * earlier ("pulled in"); why a deal was lost and to whom; competitors of
 * the account and their position, contracts, whitespace cells (matched
 * by unit and offering: entity "u-retail/cloud"), units, and the
 * commerce fields of deals and goals.
 *
 * An account's meeting notes (kind: meeting under accounts/<id>/) are part
 * of its diff: changes of the collection "meetings", each note an entity
 * named by its path in the account's folder ("meetings/x.md"), told in the
 * account's story (created with attendees and actions, changed, removed).
 * An account whose notes changed and whose plan did not is in the diff
 * with its plan as it is (its pipeline and health are not retold). */
#ifndef KAM_DIFF_H
#define KAM_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/doc.h"
#include "kam/json.h"
#include "kam/plan.h"
#include "kam/quarter.h"
#include "kam/repo.h"
#include "kam/rules.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { KAM_CHANGE_ADDED, KAM_CHANGE_REMOVED, KAM_CHANGE_MODIFIED } kam_change_kind;

typedef struct kam_change {
	kam_change_kind kind;
	const char *collection; /* "opportunities", "contacts", "body"; NULL at the top */
	const char *entity;     /* the item's identity, or a body heading; NULL at the top */
	const char *field;      /* "stage", "relationship.level"; NULL: the whole entity */
	const char *old_value;  /* as text; NULL when there was none */
	const char *new_value;
	unsigned line;          /* in the new file (in the old one for removals) */
	bool told;              /* said by the story already */
} kam_change;

typedef enum { KAM_ACCOUNT_ADDED, KAM_ACCOUNT_REMOVED, KAM_ACCOUNT_CHANGED } kam_account_status;

typedef struct kam_account_diff {
	const char *account, *name, *file;
	kam_account_status status;
	kam_change *changes;
	size_t change_count;
	const char **story; /* sentences in plan terms, in order */
	size_t story_count;
	bool has_before, has_after;
	kam_plan_summary before, after; /* pipeline, health, ... of each side */
	bool before_borrowed, after_borrowed; /* the summary belongs to a kam_doc_cache */
} kam_account_diff;

typedef struct kam_diff kam_diff;

/* Compare every account plan of base with head. ctx_before and ctx_after
 * give "today" for each side (health, overdue actions). A plan kam cannot
 * parse on either side leaves its account out (kam_diff_unread names it);
 * errors are for repositories that cannot be listed. */
int kam_diff_repos(kam_diff **out, const kam_repo *base, const kam_repo *head,
		   const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
		   kam_error *err);
/* Compare base with head, base's plans judged as they stood on day before
 * and head's on day after (health, overdue actions, stale closes, review
 * due), each side by its own kam.yaml (base NULL: every plan is new).
 * Errors as kam_diff_repos. */
int kam_diff_repos_on(kam_diff **out, const kam_repo *base, const kam_repo *head, kam_date before,
		      kam_date after, kam_error *err);
/* The same, each plan version read through cache (kam/doc_cache.h; NULL:
 * none): a run over many commits reads each blob once. */
typedef struct kam_doc_cache kam_doc_cache;
int kam_diff_repos_cached(kam_diff **out, const kam_repo *base, const kam_repo *head,
			  const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
			  kam_doc_cache *cache, kam_error *err);
int kam_diff_repos_on_cached(kam_diff **out, const kam_repo *base, const kam_repo *head,
			     kam_date before, kam_date after, kam_doc_cache *cache, kam_error *err);
/* The diffs of several ranges of one history at once, newest first (the
 * base of each range no newer than the head of the next): outs[k] as
 * kam_diff_repos_on_cached(bases[k], heads[k], before[k], after[k]), or
 * NULL when heads[k] is NULL or its plans cannot be listed (the result is
 * then KAM_EINVALID, err saying why). One job per account reads, diffs and
 * lets go of its versions through every range, newest first, so the cache
 * holds the versions in flight instead of a snapshot of every plan
 * (kam_doc_cache_newest_first is set on it). */
int kam_diff_ranges_on_cached(kam_diff **outs, size_t count, const kam_repo *const *bases,
			      const kam_repo *const *heads, const kam_date *before,
			      const kam_date *after, kam_doc_cache *cache, kam_error *err);
/* What a commit changes: base (its first parent, NULL before the first
 * commit) against head (the commit, or the index or work tree about to be
 * committed), both sides judged on one day, as_of: the day the commit was
 * made (today for one not made yet). `kam commit`, `kam diff` and `kam log`
 * all tell a commit's health through this function, so they agree. */
int kam_diff_commit(kam_diff **out, const kam_repo *base, const kam_repo *head, kam_date as_of,
		    kam_error *err);
/* Compare two versions of one plan (either may be NULL, not both); the
 * diff takes both documents over, also on failure. KAM_EINVALID when a
 * given document has no mapping as frontmatter. */
int kam_diff_docs(kam_diff **out, const char *account, kam_doc *before, kam_doc *after,
		  const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
		  kam_error *err);
void kam_diff_free(kam_diff *diff); /* NULL accepted */

/* The plan versions kam could not read, each leaving its account out of
 * the diff: "accounts/x.md in HEAD could not be read (yaml-syntax at
 * 6:18)", and the meeting note versions, each leaving only itself out; in
 * account order. Owned by diff. */
const char *const *kam_diff_unread(const kam_diff *diff, size_t *count);

/* The accounts that changed, by account id. Owned by diff. */
const kam_account_diff *kam_diff_accounts(const kam_diff *diff, size_t *count);

/* Money of the changed accounts in one currency: amounts in different
 * currencies are never added up. */
typedef struct kam_money_totals {
	char currency[8];
	double pipeline_before, pipeline_after; /* open pipeline */
	double won_value;
	double new_value;       /* of open deals added (a new plan's open pipeline) */
	double withdrawn_value; /* of deals won before, now lost or reopened */
	double to_commit_value; /* of open deals whose category became commit */
	double slipped_value, pulled_in_value; /* of open deals whose close moved */
	double slipped_out_value; /* of those that slipped out of the quarter asked */
	double lost_value;	  /* of deals that became lost */
} kam_money_totals;

/* The value lost for one reason in one currency. */
typedef struct kam_lost_totals {
	kam_lost_reason reason; /* KAM_LOST_UNKNOWN: not given */
	char currency[8];
	double value;
	size_t deals;
	char *lost_to; /* "globex, initech": the competitors named, or NULL; owned */
} kam_lost_totals;

/* Headline numbers of the whole diff. */
typedef struct kam_diff_totals {
	size_t accounts_changed;
	size_t won, lost, added, stage_forward, stage_back;
	size_t reopened;  /* moved from won or lost back to an open stage: no stage forward */
	size_t withdrawn; /* won before, now lost or reopened: no longer won */
	size_t targets_met, targets; /* relationship targets reached, of those moved */
	size_t meetings;	     /* meeting notes added (meetings held, for a quarter) */
	size_t people_left;	     /* contacts whose status became left or moved */
	size_t to_commit;	     /* open deals whose forecast category became commit */
	size_t slipped, pulled_in;   /* open deals whose close quarter moved later, earlier */
	size_t slipped_out;	     /* of the slipped, those whose close was the quarter */
	bool has_quarter;	     /* slipped_out is counted for quarter */
	kam_quarter quarter;
	kam_lost_totals *lost_by;    /* by reason (the table's order, not given last), */
	size_t lost_by_count;	     /* then currency as met; owned */
	kam_money_totals *money;     /* per currency: the repository's first, then as met; owned */
	size_t money_count;          /* at least 1 */
} kam_diff_totals;
/* Fill out (caller-owned, released with kam_diff_totals_release); currency
 * is the repository's, always money[0]. */
void kam_diff_totals_of(const kam_diff *diff, const char *currency, kam_diff_totals *out);
/* The same, and the deals that slipped out of quarter (NULL: none
 * counted): open deals whose close was quarter and is now later. */
void kam_diff_totals_in(const kam_diff *diff, const char *currency, const kam_quarter *quarter,
			kam_diff_totals *out);
/* The same for one account of the diff (all zero when it did not change). */
void kam_diff_account_totals_in(const kam_diff *diff, const char *account, const char *currency,
				const kam_quarter *quarter, kam_diff_totals *out);
void kam_diff_totals_release(kam_diff_totals *totals);

#endif

#ifndef KAM_DIFF_REPORT_H
#define KAM_DIFF_REPORT_H
/* What a report says about where the two sides come from. */
typedef struct kam_diff_range {
	const char *title;            /* "2026-Q3", or NULL */
	const char *base, *head;      /* "HEAD", "the work tree", "1a2b3c4 (2026-06-30)" */
	const char **commits;         /* "1a2b3c4 2026-07-03 Anna Petrova: message" */
	size_t commit_count;
	const char **authors;
	size_t author_count;
	const char *currency;         /* the repository's */
	char before_as_of[11];        /* the days each side is judged on (health, */
	char after_as_of[11];         /* overdue actions): "YYYY-MM-DD" */
	bool in_progress;             /* a quarter not over: "so far, as of" after_as_of */
	bool has_quarter;             /* a quarter's report: what slipped out of it and */
	kam_quarter quarter;          /* why deals were lost are told */
} kam_diff_range;

/* Text for the terminal, Markdown for a pull request or a QBR page, and
 * JSON (docs/json.md). Each appends to out. */
void kam_diff_text(kam_buf *out, const kam_diff *diff, const kam_diff_range *range, bool color);
void kam_diff_markdown(kam_buf *out, const kam_diff *diff, const kam_diff_range *range);
void kam_diff_json(kam_buf *out, const kam_diff *diff, const kam_diff_range *range);
/* The same document as one value of a larger one (kam log's list), written
 * through w (kam/json.h) as the member key (NULL in an array). */
void kam_diff_json_write(kam_json *w, const char *key, const kam_diff *diff,
			 const kam_diff_range *range);
/* One commit of `kam log`: the range's commit line, then a line per change
 * ("northwind-bank: won o-x (480,000 EUR)"), as text or Markdown. */
void kam_diff_log_text(kam_buf *out, const kam_diff *diff, const kam_diff_range *range, bool color);
void kam_diff_log_markdown(kam_buf *out, const kam_diff *diff, const kam_diff_range *range);
#ifdef __cplusplus
}
#endif

#endif
