/* kam/body.h - what a plan's Markdown body says: headings (as GitHub
 * anchors), links and [[references]], with file positions. Parsed with
 * cmark-gfm (tables, task lists, strikethrough, autolinks); nothing inside
 * code spans or code blocks counts. */
#ifndef KAM_BODY_H
#define KAM_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_body_visitor {
	/* a heading's anchor as GitHub makes it (duplicates get -1, -2, ...) */
	void (*on_anchor)(void *ctx, const char *anchor, unsigned line);
	/* a link or image destination as written */
	void (*on_link)(void *ctx, const char *url, unsigned line, unsigned column);
	/* the text between [[ and ]] */
	void (*on_reference)(void *ctx, const char *target, unsigned line, unsigned column);
	void *ctx;
} kam_body_visitor;

/* Scan a body of len bytes that starts on file line first_line. Any
 * callback may be NULL. Columns are 1-based, in characters. */
void kam_body_scan(const char *body, size_t len, unsigned first_line,
		   const kam_body_visitor *visitor);

struct cmark_node;
struct cmark_parser;

/* A cmark-gfm parser with the extensions plans are written in (tables, task
 * lists, strikethrough, autolinks; and tagfilter, which drops raw HTML
 * GitHub drops, when asked): safe to call from any thread. */
struct cmark_parser *kam_markdown_parser(int options, bool tagfilter);

/* kam_body_scan over a body already parsed into doc, its text nodes
 * consolidated (cmark_consolidate_text_nodes). */
void kam_body_visit(struct cmark_node *doc, const char *body, size_t len, unsigned first_line,
		    const kam_body_visitor *visitor);

/* Call fn for each [[reference]] of a text, in order: text[start..end) is
 * "[[target]]" (no '[' and no line end inside, not empty). Linear in the
 * text however many [[ it holds. Check and render find the same ones. */
void kam_body_each_reference(const char *text, void (*fn)(void *ctx, size_t start, size_t end),
			     void *ctx);

/* Append GitHub's anchor for a heading's text: lower-case, punctuation
 * dropped (letters, digits, '_', '-' and non-ASCII letters kept), spaces
 * to '-'. Needs an UTF-8 LC_CTYPE (kam sets C.UTF-8) for non-ASCII case. */
void kam_heading_anchor(kam_buf *out, const char *text);

#ifdef __cplusplus
}
#endif

#endif
