/* kam/whitespace.h - where else we could sell in an account: the matrix of
 * the plan's units (the client's buying centres, rows) by kam.yaml's
 * offerings (columns).
 *
 * Each cell has a status (ours, competitor, open, no-fit; not assessed
 * when the plan's whitespace: does not give it), a potential, and the
 * deals whose unit and offering are the cell's. A won deal makes its cell
 * ours whatever the plan says (and the cell says so). A cell or a deal
 * naming a unit or an offering that does not exist is the plan's
 * ref-unresolved finding: it is left out of the matrix and listed. A cell
 * given twice: the first is shown, the others listed. */
#ifndef KAM_WHITESPACE_H
#define KAM_WHITESPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/node.h"
#include "kam/plan.h"
#include "kam/repo.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A deal in a cell. */
typedef struct kam_ws_deal {
	const char *id, *title, *close;
	kam_stage stage;
	bool has_value, must_win;
	double value;
} kam_ws_deal;

typedef struct kam_ws_cell {
	bool assessed;		    /* the plan's whitespace: gives this cell */
	kam_cell_status status;	    /* as shown: ours when a won deal fills it;
				       KAM_CELL_UNKNOWN: not assessed */
	kam_cell_status plan_status; /* as the plan gives it (UNKNOWN: not given) */
	const char *competitor;	    /* who has it (a competitor of kam.yaml), or NULL */
	bool has_potential;
	double potential;
	const char *notes;
	unsigned line; /* of the plan's whitespace entry; 0 when not assessed */
	kam_ws_deal *open, *won;
	size_t open_count, won_count, open_alloc, won_alloc;
} kam_ws_cell;

/* A row or a column: a unit of the plan, an offering of kam.yaml. */
typedef struct kam_ws_axis {
	const char *id, *name; /* name: the id when none is given */
} kam_ws_axis;

/* Something left out of the matrix, or a cell given twice. */
typedef struct kam_ws_note {
	const char *field; /* data path in the plan ("whitespace[3].unit") */
	const char *text;  /* the value as written, or NULL */
	const char *why;   /* "not a unit of this plan", "unit 'u', offering 'o' again (first at line 9)" */
	unsigned line, column;
	bool repeated; /* a cell given twice (not a finding of kam check) */
} kam_ws_note;

typedef struct kam_whitespace {
	const char *account, *name, *file, *currency;
	kam_ws_axis *units, *offerings;
	size_t unit_count, offering_count;
	kam_ws_cell *cells; /* unit_count x offering_count, row by row */
	kam_ws_note *notes;
	size_t note_count, note_alloc;
	bool offerings_declared; /* kam.yaml has offerings: */
	bool offerings_unread;	 /* ... but could not read it whole */
	bool competitors_checked; /* kam.yaml declares its competitors: cells name them */
	/* totals */
	double open_potential; /* of the cells shown open */
	size_t open_cells, unassessed, open_deals;
	double open_value; /* of the open deals in the matrix */
	kam_arena *arena; /* private: holds every string */
} kam_whitespace;

/* The cell of unit u, offering o. */
const kam_ws_cell *kam_whitespace_cell(const kam_whitespace *w, size_t u, size_t o);

/* The matrix of account's plan. KAM_ENOTFOUND when the repository has no
 * such plan (err says so, with the closest account id); KAM_EINVALID when
 * the plan cannot be read (err says why). Free with kam_whitespace_free,
 * before the repository. */
int kam_whitespace_build(kam_whitespace **out, const kam_repo *repo, const char *account,
			 kam_error *err);
void kam_whitespace_free(kam_whitespace *w); /* NULL accepted */

/* The matrix of a plan already read (its frontmatter, NULL accepted: an
 * empty matrix), for the rendered site, which reads each plan once.
 * config (kam.yaml's offerings and competitors) and file (the plan's, as
 * shown) are borrowed; the result copies what it keeps, so it outlives
 * the tree. Free with kam_whitespace_free. */
kam_whitespace *kam_whitespace_of_plan(const kam_config *config, const kam_node *plan,
				      const char *account, const char *file);

/* As a text grid (a name too long for its column is cut with an
 * ellipsis; columns never shift), Markdown (every value through the
 * Markdown writer) or JSON (docs/json.md). */
void kam_whitespace_text(kam_buf *out, const kam_whitespace *w);
void kam_whitespace_md(kam_buf *out, const kam_whitespace *w);
void kam_whitespace_json(kam_buf *out, const kam_whitespace *w);

#ifdef __cplusplus
}
#endif

#endif
