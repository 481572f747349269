/* What kam competitors and kam whitespace share (internal to libkam):
 * reading every plan once, sums per currency, cells of a text table that
 * never shift a column, and the commerce rules rules.c registers. */
#ifndef KAM_COMMERCE_INTERNAL_H
#define KAM_COMMERCE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/doc.h"
#include "kam/node.h"
#include "kam/repo.h"
#include "kam/rules.h"
#include "kam/util.h"

/* Read each account plan of repo (in file order) once and call
 * each(ctx, entry, frontmatter, why) with the plan's frontmatter mapping,
 * or with NULL and why ("yaml-syntax at 6:18") when kam could not read it.
 * The tree lives until each returns. Fails only when the accounts folder
 * cannot be listed (err says why). */
int commerce_each_plan(const kam_repo *repo,
		       void (*each)(void *ctx, const kam_entry *e, const kam_node *plan,
				    const char *why),
		       void *ctx, kam_error *err);

/* Read the plan of one account; *out_doc (free with kam_doc_free) holds
 * its tree, NULL in *plan and the reason in *why (caller frees) when it
 * could not be read. */
void commerce_read_plan(const kam_repo *repo, const char *rel, kam_doc **out_doc,
			const kam_node **plan, char **why);

/* Two files claiming one account id, for readers that go through the plans
 * once: as kam check rules, the file named after the id keeps it, else the
 * first; the other is a duplicate whose deals are not counted twice. */
typedef struct commerce_claims {
	const kam_entry *entries;
	kam_text_table files; /* a plan's file stem -> its entry */
	kam_text_table ids;   /* an id claimed by a plan not named after it */
} commerce_claims;

void commerce_claims_init(commerce_claims *c, const kam_entry *entries, size_t count);
void commerce_claims_release(commerce_claims *c);
/* NULL when the plan of entry e (frontmatter plan) counts; else why not
 * ("its id 'x' is also claimed by accounts/x.md"; caller frees). */
char *commerce_claims_duplicate(commerce_claims *c, const kam_entry *e, const kam_node *plan);

/* The plan's currency: its own, else kam.yaml's. */
const char *commerce_currency(const kam_node *plan, const kam_config *config);

/* Append text to a text-table line as a cell of exactly width columns:
 * shown through the terminal writer, cut to width - 1 characters and an
 * ellipsis when longer, padded with spaces (on the left when right). */
void commerce_cell(kam_buf *out, const char *text, size_t width, bool right);
/* How many columns text takes once shown through the terminal writer. */
size_t commerce_width(const char *text);

/* "name (id)", or "id" when there is no name or it is the id. */
void commerce_named(kam_buf *out, const char *id, const char *name);

/* Rule must-win-competition: an open must-win that names no competitor and
 * is not sole_source: true. Run by rules.c's per-plan rule table. */
void kam_commerce_must_win_competition(const kam_node *plan, const char *file,
				       kam_diag_list *diags);

#endif
