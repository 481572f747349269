/* kam/edit.h - edits of a plan's text that change only what they must:
 * every other byte (comments, quoting, order, line ends) stays. */
#ifndef KAM_EDIT_H
#define KAM_EDIT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The text of a plan with its top-level 'reviewed:' set to date
 * (YYYY-MM-DD), keeping a comment after the value; the key is added after
 * 'owner:' (else at the end of the frontmatter) when missing, with the
 * file's line end. Returns a new string the caller frees, or NULL when the
 * text does not start with frontmatter. text need not end in NUL. */
char *kam_plan_set_reviewed(const char *text, size_t len, const char *date);
/* Where the 'reviewed:' line that kam_plan_set_reviewed edits is: 1 with
 * [*start, *end) spanning the line and its line end, 0 when the
 * frontmatter has none, -1 when the text does not start with frontmatter. */
int kam_plan_find_reviewed(const char *text, size_t len, size_t *start, size_t *end);

#ifdef __cplusplus
}
#endif

#endif
