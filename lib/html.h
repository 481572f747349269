/* Internal: the one writer of HTML. Every page, SVG picture and
 * Markdown-derived fragment of the rendered site is written through it.
 *
 * A kam_html is opaque: nothing can append to it but these functions.
 * Text and attribute values are escaped by the writer; markup that is not
 * escaped can only be a string literal (kam_html_raw checks that at compile
 * time); class names come only from a fixed vocabulary; numbers are written
 * range-checked; URLs pass one allow-list (relative, http, https, mailto).
 * Raw HTML a body may carry (render: {unsafe_html: true}) is rebuilt tag by
 * tag through the same writer from an allow-list of tags and attributes. */
#ifndef KAM_HTML_H
#define KAM_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/plan.h"
#include "kam/util.h"

typedef struct kam_html kam_html;

kam_html *kam_html_new(void);
void kam_html_free(kam_html *h);
/* The bytes written so far (valid until the next write). */
const char *kam_html_data(const kam_html *h, size_t *len);
/* Append what another writer made (already safe). */
void kam_html_append(kam_html *h, const kam_html *other);

/* Markup as written in the source: only a string literal compiles. */
#define kam_html_raw(h, literal) kam_html_raw_((h), "" literal "", sizeof("" literal "") - 1)
void kam_html_raw_(kam_html *h, const char *literal, size_t len);

/* Text with & < > " ' escaped; NULL writes nothing. Bytes that are not
 * UTF-8 are written as U+FFFD. */
void kam_html_text(kam_html *h, const char *s);
void kam_html_text_n(kam_html *h, const char *s, size_t n);
/* s, or the literal fallback when s is NULL. */
#define kam_html_text_or(h, s, fallback) kam_html_text((h), (s) ? (s) : "" fallback "")
/* s cut to at most max characters (on a character boundary) and "…". */
void kam_html_text_cut(kam_html *h, const char *s, size_t max);

/* Numbers, written by kam (never the plan's spelling of them): an int; a
 * value with one decimal (non-finite as 0.0, huge ones clamped); money as
 * kam_format_money writes it; a percentage clamped to 0..100. */
void kam_html_int(kam_html *h, long long v);
void kam_html_tenths(kam_html *h, double v);
void kam_html_money(kam_html *h, double v);
/* v as an int clamped to lo..hi (NaN gives lo): no undefined conversion. */
int kam_clamp_int(double v, int lo, int hi);

/* ` name="value"`: the name a literal, the value escaped (NULL: nothing). */
#define kam_html_attr(h, name, value) kam_html_attr_((h), "" name "", (value))
void kam_html_attr_(kam_html *h, const char *name, const char *value);
/* ` name="v"` for a number with one decimal, range-checked. */
#define kam_html_attr_num(h, name, v) kam_html_attr_num_((h), "" name "", (v))
void kam_html_attr_num_(kam_html *h, const char *name, double v);
/* ` name="url"` when url passes kam_url_safe, else ` name=""`; the URL is
 * percent-encoded as cmark does and then escaped. */
#define kam_html_url(h, name, url) kam_html_url_((h), "" name "", (url))
void kam_html_url_(kam_html *h, const char *name, const char *url);

/* The class vocabulary: every class a page can carry from data. */
/* clang-format off */
#define KAM_HTML_FOREACH_CLASS(C) \
	C(NONE, "") C(NUM, "num") C(BAD, "bad") C(OK, "ok") C(WARN, "warn") \
	C(ERROR, "error") C(WARNING, "warning") C(WEAKEST, "weakest") \
	C(STAGE, "stage") C(ATTITUDE, "attitude") \
	C(IDENTIFY, "identify") C(VALIDATE, "validate") C(QUALIFY, "qualify") \
	C(PROPOSE, "propose") C(NEGOTIATE, "negotiate") C(WON, "won") C(LOST, "lost") \
	C(ADVOCATE, "advocate") C(SUPPORTER, "supporter") C(NEUTRAL, "neutral") \
	C(SKEPTIC, "skeptic") C(OPPONENT, "opponent") \
	C(OURS, "ours") C(COMPETITOR, "competitor") C(OPEN, "open") C(NO_FIT, "no-fit") \
	C(UNASSESSED, "unassessed") C(NEXT, "next") \
	C(COMMIT, "commit") C(BEST_CASE, "best-case") C(PIPELINE, "pipeline") \
	C(OMITTED, "omitted")

typedef enum {
#define KAM_HTML_CLASS_ENUM(name, text) KAM_CLASS_##name,
	KAM_HTML_FOREACH_CLASS(KAM_HTML_CLASS_ENUM)
#undef KAM_HTML_CLASS_ENUM
	KAM_CLASS__COUNT
} kam_class;
/* clang-format on */

/* ` class="a b"` (NONE parts left out; nothing when both are NONE). */
void kam_html_class(kam_html *h, kam_class a, kam_class b);
/* The class of an opportunity stage or a contact attitude: NONE when the
 * value is not one of the schema's. */
kam_class kam_html_stage_class(const char *stage);
kam_class kam_html_attitude_class(const char *attitude);
/* The class of a whitespace cell's status (UNKNOWN: unassessed) and of a
 * forecast category (UNKNOWN: NONE), from the enums of kam/plan.h. */
kam_class kam_html_cell_class(kam_cell_status status);
kam_class kam_html_forecast_class(kam_forecast forecast);

/* Raw HTML from a body (render: {unsafe_html: true}), kept only as far as
 * the allow-list goes: no script, style, iframe, object, embed, form, svg
 * or other active element (those with content lose their content too), no
 * on* handler, style, id or class attribute, and href, src and cite only
 * with a URL that passes kam_url_safe (entities decoded first). State
 * carries across the fragments of one body: an element whose content is
 * dropped may span several, and an end tag is kept only when it closes an
 * element the raw HTML opened. kam_html_sanitized_end closes what is still
 * open, so raw HTML stays inside the body it came from. */
enum { KAM_HTML_OPEN_MAX = 32 };
typedef struct kam_html_sanitizer {
	char skip_until[16]; /* the element whose content is being dropped, or "" */
	char open[KAM_HTML_OPEN_MAX][12]; /* the elements raw HTML opened, innermost last */
	size_t depth;
} kam_html_sanitizer;
void kam_html_sanitized(kam_html *h, kam_html_sanitizer *state, const char *raw);
void kam_html_sanitized_end(kam_html *h, kam_html_sanitizer *state);

#endif
