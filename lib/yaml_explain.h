/* Internal: a libyaml syntax error told in the words of a plan. */
#ifndef KAM_YAML_EXPLAIN_H
#define KAM_YAML_EXPLAIN_H

#include <stddef.h>
#include <yaml.h>

#include "kam/diag.h"
#include "kam/util.h"

/* Append one yaml-syntax diagnostic for the error parser stopped at while
 * reading text (len bytes, whose first line is line first_line of file): at
 * its cause (the opening quote, the tab, the colon in a value), without
 * parser words, with a hint specific to the problem. */
void kam_yaml_explain(kam_diag_list *diags, const char *file, unsigned first_line,
		      const char *text, size_t len, const yaml_parser_t *parser);

/* Append s (len bytes) in double quotes, " and \ escaped: "a \"b\"". */
void kam_yaml_quote(kam_buf *out, const char *s, size_t len);

/* Byte offset in text of the character at 0-based line and column (libyaml
 * counts its marks in characters). */
size_t kam_yaml_offset(const char *text, size_t len, size_t line, size_t column);

/* Whether text has a line break YAML 1.1 counts and kam does not: NEL,
 * LS, PS (U+0085, U+2028, U+2029) or a CR without its LF. libyaml's lines
 * and columns are then not kam's ('\n' ends a line, columns count
 * characters): they are taken from a mark's character index instead. */
bool kam_yaml_odd_breaks(const char *text, size_t len);
/* The byte offset of the index-th character of text. */
size_t kam_yaml_char_offset(const char *text, size_t len, size_t index);

#endif
