/* kam/render.h - a static HTML site of the plans, and Markdown summaries.
 *
 * index.html (the portfolio, grouped by kam.yaml's tiers; the quarter's
 * forecast; the competitors), competitors.html (when kam.yaml declares
 * competitors), accounts/<id>.html (the five parts with each must-win's
 * buying unit, the commerce fields: deals' forecast and facts, competitors,
 * contracts and the next renewal, the whitespace matrix, goals with their
 * actions; a card per contact, the meetings, charts, the body, backlinks),
 * a page per meeting note
 * (attendees, actions), team/<member>.html (accounts, relationships owned,
 * open actions of plans and notes), kam.css. Pictures are inline SVG made here: no JavaScript,
 * nothing fetched, readable from file:// and in print, attitude shown by
 * label as well as colour. Every page is written through one HTML writer:
 * every plan value (numbers too) is escaped, classes come from a fixed
 * vocabulary, URLs pass one allow-list (relative, http, https, mailto).
 * Raw HTML in bodies is dropped unless kam.yaml sets render: {unsafe_html:
 * true}, and then kept only as far as an allow-list of tags and attributes
 * goes. A plan or team member whose id cannot name a file gets no page; no
 * page is written outside the output folder. The same input gives the same
 * bytes. */
#ifndef KAM_RENDER_H
#define KAM_RENDER_H

#include <stdbool.h>

#include "kam/check.h"
#include "kam/diag.h"
#include "kam/index.h"
#include "kam/repo.h"
#include "kam/rules.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_render_input {
	const kam_repo *repo;
	const kam_index *index;            /* resolved */
	const kam_plan_summary *plans;     /* one per plan */
	size_t plan_count;
	const kam_diag_list *findings;     /* kam check's, for the pages */
	const kam_rules_context *ctx;
	const kam_unread_plan *unread;     /* plans that could not be read: listed, no page */
	size_t unread_count;
	/* leave the history out (kam render --no-history): no QBR pages, no
	 * account history; by default the plans' git history is read */
	bool no_history;
	/* NULL, or the cache kam_check_index handed the work tree's plans to
	 * (kam_check_options' plans_cache): the history reads the versions the
	 * work tree has from there instead of parsing them again. Borrowed;
	 * the site empties it as it reads the older quarters. */
	struct kam_doc_cache *plans_cache;
} kam_render_input;

/* Write the site to out_dir whole or not at all: it is built in a new
 * folder beside out_dir and moved into place. An existing out_dir is
 * replaced only when kam made it (it holds .kam-site) or force is set;
 * otherwise KAM_EEXISTS. */
int kam_render_site(const kam_render_input *in, const char *out_dir, bool force, kam_error *err);

/* For kam_check_options' and kam_render_input's plans_cache: a cache that
 * takes the plans the check reads which changed in the quarter in
 * progress (ctx's), as the site's history reads those again; NULL when the
 * plans are in no git repository or it has no commit before that quarter. Free it with
 * kam_doc_cache_free after kam_render_site. */
struct kam_doc_cache *kam_render_plans_cache(const kam_repo *repo, const kam_rules_context *ctx);

/* A Markdown summary of one account for a forge or a pull request, with the
 * relationship map as a Mermaid graph. KAM_ENOTFOUND for an unknown account. */
int kam_render_markdown(kam_buf *out, const kam_render_input *in, const char *account,
			kam_error *err);

/* Whether a link destination may appear in a page: a relative URL, or an
 * http:, https: or mailto: one (read as a browser reads it: leading blanks
 * and control characters, and tabs and line ends anywhere, ignored). */
bool kam_url_safe(const char *url);

#ifdef __cplusplus
}
#endif

#endif
