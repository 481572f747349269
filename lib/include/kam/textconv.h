/* kam/textconv.h - a stable text view of a plan for `git diff` (a git diff
 * driver's textconv): one "path: value" line per value, sorted, lists of
 * mappings keyed by their identity, then the body. Reordering a list or
 * reformatting YAML changes nothing in the view. Every value, key and
 * body line goes through the terminal writer (kam/term.h): git shows the
 * view through a pager that passes escape sequences on, so control
 * characters (a CR too; only the body's line feeds are kept) are shown
 * escaped, and no value can make a line of its own. */
#ifndef KAM_TEXTCONV_H
#define KAM_TEXTCONV_H

#include <stddef.h>

#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Append the view of a file's text. A file that is not a plan comes back
 * as it is, control characters escaped: a textconv must never break
 * `git diff`. */
void kam_textconv(kam_buf *out, const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
