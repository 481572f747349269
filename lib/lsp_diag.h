/* lsp_diag.h - kam's findings as LSP diagnostics: positions in the
 * client's encoding, ranges, severity, code and hint. Private to
 * lib/lsp*.c. */
#ifndef KAM_LSP_DIAG_H
#define KAM_LSP_DIAG_H

#include <jansson.h>
#include <stddef.h>

#include "kam/diag.h"

/* What a position's character counts (LSP 3.17 PositionEncodingKind). */
typedef enum { LSP_UTF8, LSP_UTF16, LSP_UTF32 } lsp_encoding;

/* "utf-8", "utf-16", "utf-32"; and back (-1 for another name). */
const char *lsp_encoding_name(lsp_encoding enc);
int lsp_encoding_parse(const char *name);

/* The Diagnostic for d in the text it was found in (len bytes; NULL when
 * not at hand: columns are then taken as characters). The range starts at
 * d's line and column and covers the word there (a value, a [[ref]], a
 * link) without trailing punctuation; a finding about the whole file
 * (line 0) is at the start. The message is kam check's, with the hint on
 * a second line "hint: ..."; given related_uri (the client takes related
 * information), the hint is also related information at the same place.
 * New reference. */
json_t *lsp_diagnostic(const kam_diag *d, const char *text, size_t len, lsp_encoding enc,
		       const char *related_uri);

/* Positions. An LSP position is a 0-based line and a character counted in
 * enc's units; kam's are a 1-based line and column counting characters
 * (code points, after a byte order mark on line 1). */

/* The byte of text at an LSP position: a character past the line's end is
 * its end, a line past the last is len. */
size_t lsp_offset(const char *text, size_t len, unsigned line, unsigned character,
		  lsp_encoding enc);
/* The byte of text at kam's 1-based line and column (same clamping). */
size_t lsp_kam_offset(const char *text, size_t len, unsigned line, unsigned column);
/* {"line", "character"} of the byte at offset; new reference. */
json_t *lsp_position_at(const char *text, size_t len, size_t offset, lsp_encoding enc);
/* {"start", "end"} of the bytes [start, end); new reference. */
json_t *lsp_range_at(const char *text, size_t len, size_t start, size_t end, lsp_encoding enc);

/* A JSON string of s, which need not be valid UTF-8 (a file name from
 * disk): invalid bytes become U+FFFD. New reference. */
json_t *lsp_text(const char *s);

#endif
