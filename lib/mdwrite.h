/* The Markdown writer: everything kam posts to a forge (render --format
 * md, diff and log --format md, the quarter report) writes values through
 * it, so no value can start Markdown structure, raw HTML, a link or a
 * heading, break a table row or a code span, or leave a Mermaid block.
 * GitHub renders inline HTML in Markdown: values are escaped for both. */
#ifndef KAM_MDWRITE_H
#define KAM_MDWRITE_H

#include "kam/util.h"

/* Inline text: < > & as entities (GitHub renders inline HTML); \ ` * _
 * [ ] | ~ backslash-escaped everywhere (no emphasis, code, link, image,
 * table cell break or strikethrough can open); # + - = and "1." / "1)"
 * escaped where the value starts (no heading, list or setext line); the
 * ':' of "://" and the '.' of "www." escaped (no autolink; an e-mail
 * address still becomes a mailto: link, which cmark-gfm makes whatever
 * the escaping). Control characters (C0, DEL, C1 and the bidirectional
 * controls U+202A..U+202E, U+2066..U+2069) become one space each, CR and
 * LF included, so a value never starts a line; invalid UTF-8 bytes become
 * U+FFFD. Safe in a paragraph, a list item, a heading and a table cell.
 * NULL writes nothing. */
void kam_md_text(kam_buf *out, const char *s);
/* A code span holding s as it is, control characters as spaces and
 * invalid UTF-8 as U+FFFD (as kam_md_text): fenced by one backtick more
 * than the longest run of backticks in s, padded with a space on each
 * side when s starts or ends with a backtick or a space ("` `" when s is
 * empty or NULL). */
void kam_md_code(kam_buf *out, const char *s);
/* A Mermaid label's text, for inside "...": " < > & # % [ ] ( ) { } | `
 * ; and \ as Mermaid's "#NN;" codes (so no quote ends the label and no
 * "%%{init}%%" directive forms), control characters as spaces, invalid
 * UTF-8 as U+FFFD. */
void kam_mermaid_label(kam_buf *out, const char *s);
/* A Mermaid node id made from a number, never from user text: "n7". */
void kam_mermaid_id(kam_buf *out, size_t number);

#endif
