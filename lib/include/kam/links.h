/* kam/links.h - what points where: outgoing references, backlinks and
 * broken links of an account, an entity or a team member, as text, JSON or
 * a Graphviz graph. Works on a resolved kam_index. */
#ifndef KAM_LINKS_H
#define KAM_LINKS_H

#include "kam/index.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { KAM_LINKS_TEXT, KAM_LINKS_JSON, KAM_LINKS_DOT } kam_links_format;

/* Describe subject ("account", "account#id", "@member", or NULL for the
 * whole repository) in out; *broken (NULL accepted) gets the number of its
 * broken references and links. For a contact, also when they were last met
 * on or before *today (a meeting note or a plan's touches; NULL today: not
 * shown). KAM_ENOTFOUND (err set, with a suggestion) when the subject
 * names nothing. */
int kam_links_report(kam_buf *out, size_t *broken, const kam_index *index, const char *subject,
		     kam_links_format format, const kam_date *today, kam_error *err);

#ifdef __cplusplus
}
#endif

#endif
