/* kam/competitors.h - who we are up against: per competitor kam.yaml
 * declares, the accounts where it is present, the open pipeline it
 * contests, what we won from it and what we lost to it.
 *
 * Built from every account plan of a repository, each read once. A name
 * kam cannot place (a competitor a plan names that kam.yaml does not
 * declare: the plan's ref-unresolved finding) and a plan kam cannot read
 * are left out and listed, never guessed at. Amounts are never added
 * across currencies. */
#ifndef KAM_COMPETITORS_H
#define KAM_COMPETITORS_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/node.h"
#include "kam/plan.h"
#include "kam/repo.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A sum in one currency. */
typedef struct kam_money {
	const char *currency;
	double amount;
	size_t count; /* deals in it (with a value or not) */
} kam_money;

/* A competitor's place in one account (a plan's competitors[] entry). */
typedef struct kam_presence {
	const char *account, *name, *file; /* name: the account's name, or NULL */
	kam_position position;		   /* KAM_POSITION_UNKNOWN when not given */
	bool has_share;
	double share; /* percent */
	const char *notes;
} kam_presence;

/* A deal that names a competitor. */
typedef struct kam_rival_deal {
	const char *account, *id, *title, *currency, *close;
	kam_stage stage;
	bool has_value, must_win;
	double value;
	kam_lost_reason lost_reason; /* lost deals */
} kam_rival_deal;

typedef struct kam_deal_list {
	kam_rival_deal *items;
	size_t count, alloc;
	kam_money *sums; /* per currency, in the order first met */
	size_t sum_count;
} kam_deal_list;

/* One competitor of kam.yaml. */
typedef struct kam_competitor {
	const char *id, *name;
	kam_presence *present;
	size_t present_count, present_alloc;
	kam_deal_list open; /* open deals naming it in competitors */
	kam_deal_list won;  /* won deals that named it */
	kam_deal_list lost; /* lost deals with lost_to: it */
} kam_competitor;

/* Something kam could not see: a plan it could not read (line 0, field
 * NULL, text the reason), or a field naming a competitor kam.yaml does not
 * declare. */
typedef struct kam_left_out {
	const char *file, *field, *text;
	unsigned line, column;
} kam_left_out;

typedef struct kam_competitors kam_competitors;

/* The report for every competitor of kam.yaml, or the one named only
 * (only: NULL for all). KAM_ENOTFOUND when only is not a competitor of
 * kam.yaml (err says so, with the closest id); KAM_EIO when the plans
 * cannot be listed. The report keeps pointers into repo's configuration:
 * free it (kam_competitors_free) before the repository. */
int kam_competitors_build(kam_competitors **out, const kam_repo *repo, const char *only,
			  kam_error *err);
void kam_competitors_free(kam_competitors *report); /* NULL accepted */

/* The same report built by a caller that reads each plan once itself (the
 * rendered site): every competitor of config (borrowed: it must outlive the
 * report), then each plan added in file order while its tree is alive (the
 * report copies what it keeps): e names the plan (rel and account), plan is
 * its frontmatter, or NULL with why ("yaml-syntax at 6:18") when it could
 * not be read. Free with kam_competitors_free. */
kam_competitors *kam_competitors_new(const kam_config *config);
void kam_competitors_add_plan(kam_competitors *r, const kam_entry *e, const kam_node *plan,
			      const char *why);

/* Read access, in kam.yaml's order; what was left out, in file order. */
const kam_competitor *kam_competitors_list(const kam_competitors *r, size_t *count);
const kam_left_out *kam_competitors_left_out(const kam_competitors *r, size_t *count);
/* Whether kam.yaml declares competitors (and could read the list). */
bool kam_competitors_declared(const kam_competitors *r);

/* The report as an aligned text (readable at 80 columns), Markdown (every
 * value through the Markdown writer) or JSON (docs/json.md). */
void kam_competitors_text(kam_buf *out, const kam_competitors *r);
void kam_competitors_md(kam_buf *out, const kam_competitors *r);
void kam_competitors_json(kam_buf *out, const kam_competitors *r);

#ifdef __cplusplus
}
#endif

#endif
