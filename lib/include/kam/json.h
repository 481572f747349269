/* kam/json.h - the one JSON writer, in the manner of git's json-writer.
 *
 * Every --format json output and SARIF are written through it, so no value
 * can change the structure of a document:
 *   - strings are always valid UTF-8 JSON: quotes, backslashes and every
 *     control character (C0, DEL, C1, and U+2028/U+2029 that JavaScript
 *     reads as line ends) are escaped; each byte that is not part of valid
 *     UTF-8 becomes \ufffd;
 *   - numbers are written from C numbers only; a double that is not finite
 *     (NaN, infinity) is written as null, never as "inf" or "nan";
 *   - the brackets, commas and keys come from the calls, never from text.
 *
 * The layout is chosen per container. A BLOCK container puts each member on
 * its own line, two spaces deeper than the line the container opened on, and
 * its closing bracket back on that line's indent (an empty one is {} or []).
 * An INLINE container keeps its members on one line, separated by ", ";
 * kam_json_wrap() starts its next member on a new line, indented one more
 * than the line the container opened on. Closing the outermost container
 * ends the document with a newline.
 *
 * File names are the one text kam writes that may not be UTF-8 (a name is
 * bytes on Unix). Written with kam_json_path(), a name that is not valid
 * UTF-8 is remembered; when the outermost object closes, the writer adds a
 * "warnings" member listing each such name once, as
 * {"file": NAME-WITH-U+FFFD, "uri": EXACT-BYTES-PERCENT-ENCODED, "message"}
 * (see docs/json.md), unless the caller turned that off (SARIF, whose
 * schema has no room for it, reports them its own way).
 *
 * Calls that break the structure (a member without a key in an object, a
 * key in an array, an end with nothing open, nesting deeper than
 * KAM_JSON_MAX_DEPTH, a second document) are programming errors: the writer
 * aborts, as it would be a bug in kam, never something a plan can cause. */
#ifndef KAM_JSON_H
#define KAM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KAM_JSON_MAX_DEPTH 32

typedef enum { KAM_JSON_BLOCK, KAM_JSON_INLINE } kam_json_layout;

typedef struct kam_json_frame {
	bool array, block, wrap;
	unsigned count, indent;
} kam_json_frame;

/* A writer; the caller owns it (kam_json_init, kam_json_release). The
 * fields are private. */
typedef struct kam_json {
	kam_buf *out;
	kam_json_frame stack[KAM_JSON_MAX_DEPTH];
	size_t depth;
	unsigned line_indent;
	bool done;
	bool note_paths;    /* add "warnings" for non-UTF-8 file names (default) */
	char **lossy;       /* those names, each once */
	size_t lossy_count, lossy_alloc;
} kam_json;

/* Start a writer that appends to out (which the caller owns). The writer
 * only appends: between two values the caller may write out what out holds
 * and reset it, to stream a long document. */
void kam_json_init(kam_json *w, kam_buf *out);
/* Free what the writer holds (not out). NULL is a no-op. */
void kam_json_release(kam_json *w);
/* Whether closing the outermost object adds "warnings" for file names that
 * are not UTF-8 (default true). */
void kam_json_note_paths(kam_json *w, bool on);
/* The file names written with kam_json_path() that were not valid UTF-8,
 * each once, in the order met; owned by the writer. */
const char *const *kam_json_lossy_paths(const kam_json *w, size_t *count);

/* Each value call takes the member's key inside an object and NULL inside
 * an array or for the outermost value. */
void kam_json_object_begin(kam_json *w, const char *key, kam_json_layout layout);
void kam_json_array_begin(kam_json *w, const char *key, kam_json_layout layout);
/* Close the innermost container. */
void kam_json_end(kam_json *w);
/* In an INLINE container: the next member starts a new line. */
void kam_json_wrap(kam_json *w);

/* A string, or null when s is NULL. */
void kam_json_string(kam_json *w, const char *key, const char *s);
/* len bytes of s (NUL bytes included, written as \u0000). */
void kam_json_string_len(kam_json *w, const char *key, const char *s, size_t len);
/* A file name (or null): as kam_json_string, and remembered when it is not
 * valid UTF-8 (see above). */
void kam_json_path(kam_json *w, const char *key, const char *path);
void kam_json_int(kam_json *w, const char *key, intmax_t value);
/* value with `precision` digits after the point ("%.*f"); null when value
 * is NaN or infinite. */
void kam_json_double(kam_json *w, const char *key, int precision, double value);
void kam_json_bool(kam_json *w, const char *key, bool value);
void kam_json_null(kam_json *w, const char *key);

/* Append s as a JSON string literal with the escaping above (quotes
 * included), for callers that write JSON-compatible text outside a
 * document, such as a YAML double-quoted scalar. */
void kam_json_quote(kam_buf *out, const char *s, size_t len);

/* Append path as an RFC 3986 relative reference (or, for an absolute path,
 * a file: URI): every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~)
 * and "/" is percent-encoded, so spaces, "%", ":", non-ASCII and bytes that
 * are not UTF-8 all survive exactly. */
void kam_json_uri_path(kam_buf *out, const char *path);

#ifdef __cplusplus
}
#endif

#endif
