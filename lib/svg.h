/* Internal: the SVG pictures of rendered pages, written through the HTML
 * writer (html.h). */
#ifndef KAM_SVG_H
#define KAM_SVG_H

#include "kam/node.h"
#include "kam/util.h"
#include "html.h"

/* A team member's name (NULL when unknown) and initials, by id. */
typedef const char *(*kam_svg_owner_fn)(void *ctx, const char *member, char initials[8]);
/* The plan's contacts as an org chart (reports_to): box colour and border
 * pattern = attitude (also written), badges = roles, a circle with our
 * owner's initials and their name (owner_of), a red border and "NO OWNER"
 * on a decision maker nobody owns. The picture takes its container's width
 * (never more than its own); a level wider than a laptop's page wraps into
 * rows. Nothing when there are no contacts. */
void kam_svg_relationship_map(kam_html *out, const kam_node *plan, kam_svg_owner_fn owner_of,
			      void *ctx);
/* Open pipeline by stage and by close quarter. */
void kam_svg_pipeline(kam_html *out, const kam_node *plan, const char *currency);
/* Revenue per quarter, actual against target. */
void kam_svg_revenue(kam_html *out, const kam_node *plan, const char *currency);

#endif
