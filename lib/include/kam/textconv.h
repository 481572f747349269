/* kam/textconv.h - a stable text view of a plan for `git diff` (a git diff
 * driver's textconv): one "path: value" line per value, sorted, lists of
 * mappings keyed by their identity, then the body unchanged. Reordering a
 * list or reformatting YAML changes nothing in the view. */
#ifndef KAM_TEXTCONV_H
#define KAM_TEXTCONV_H

#include <stddef.h>

#include "kam/util.h"

/* Append the view of a file's text. A file that is not a plan comes back
 * as it is: a textconv must never break `git diff`. */
void kam_textconv(kam_buf *out, const char *text, size_t len);

#endif
