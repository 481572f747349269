/* kam/term.h - the terminal writer: every value kam prints as text (check
 * findings, excerpts, status, links, diff, log, textconv, messages on
 * stderr) goes through it, so no value can move the cursor, retitle the
 * terminal, hide text or start a line of its own.
 *
 * Shown escaped, as visible text: C0 controls other than TAB (ESC as
 * "\e", CR as "\r", LF as "\n", the others as "\x07"), DEL ("\x7f"), the
 * C1 controls U+0080..U+009F ("\u009b"), the bidirectional controls that
 * reorder what a reader sees (U+202A..U+202E, U+2066..U+2069: "\u202e")
 * and every byte that is not part of valid UTF-8 ("\xff"). Everything
 * else, backslashes included, is copied as it is. */
#ifndef KAM_TERM_H
#define KAM_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Append s (NUL-terminated; NULL appends nothing) escaped for one line. */
void kam_term_text(kam_buf *out, const char *s);
/* The same for len bytes (NUL bytes are shown as "\x00"). */
void kam_term_textn(kam_buf *out, const char *s, size_t len);
/* Text of several lines (a document body): LF is kept, everything else
 * escaped as kam_term_textn does (so a CR shows as "\r"). */
void kam_term_lines(kam_buf *out, const char *s, size_t len);
/* An escaped copy of s ("" for NULL), for printf widths. Caller frees. */
char *kam_term_dup(const char *s);
/* Whether s holds anything kam_term_text would escape. */
bool kam_term_needs_escape(const char *s);

#ifdef __cplusplus
}
#endif

#endif
