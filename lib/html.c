/* The HTML writer (see html.h): escaping, numbers, URLs, the class
 * vocabulary and the sanitiser of raw HTML, in one place. */
#include "html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kam/plan.h"
#include "kam/render.h"
#include "kam/status.h"
#include "banned.h"

struct kam_html {
	kam_buf buf;
};

kam_html *kam_html_new(void)
{
	return kam_xcalloc(1, sizeof(kam_html));
}

void kam_html_free(kam_html *h)
{
	if (!h)
		return;
	kam_buf_release(&h->buf);
	free(h);
}

const char *kam_html_data(const kam_html *h, size_t *len)
{
	*len = h->buf.len;
	return kam_buf_cstr(&h->buf);
}

void kam_html_append(kam_html *h, const kam_html *other)
{
	if (other && other->buf.len)
		kam_buf_add(&h->buf, other->buf.ptr, other->buf.len);
}

void kam_html_raw_(kam_html *h, const char *literal, size_t len)
{
	kam_buf_add(&h->buf, literal, len);
}

/* ------------------------------------------------------------------ */
/* text                                                                */

/* A control character a terminal acts on (C0 but tab and line ends, DEL,
 * C1): never in a page, where it is no text either, so a page shown by
 * cat or less cannot retitle or hide anything. Returns its length. */
static size_t control_at(const char *s, const char *end)
{
	unsigned char c = (unsigned char)*s;
	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
		return 1;
	if (c == 0xC2 && s + 1 < end && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F)
		return 2;
	return 0;
}

/* A byte that may need more than copying: what HTML escapes, C0 controls
 * (tab and line ends among them), DEL, and 0xC2 (C1 controls and ordinary
 * characters alike). A test per byte, not strchr's call: this loop ran
 * over every byte of every page. */
static bool may_stop(unsigned char c)
{
	return c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c == 0x7f ||
	       c == 0xC2;
}

static bool must_stop(const char *s, const char *end)
{
	return strchr("&<>\"'", *s) || control_at(s, end);
}

static void escape_valid(kam_buf *out, const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		size_t plain = 0;
		for (;;) {
			while (s + plain < end && !may_stop((unsigned char)s[plain]))
				plain++;
			if (s + plain == end || must_stop(s + plain, end))
				break;
			plain++; /* a tab, a line end, a character that starts 0xC2 */
		}
		kam_buf_add(out, s, plain); /* runs of plain text at once */
		s += plain;
		if (s == end)
			return;
		size_t control = control_at(s, end);
		if (control) {
			kam_buf_puts(out, "\xEF\xBF\xBD");
			s += control;
			continue;
		}
		switch (*s) {
		case '&': kam_buf_puts(out, "&amp;"); break;
		case '<': kam_buf_puts(out, "&lt;"); break;
		case '>': kam_buf_puts(out, "&gt;"); break;
		case '"': kam_buf_puts(out, "&quot;"); break;
		default: kam_buf_puts(out, "&#39;"); break;
		}
		s++;
	}
}

/* Escaped, and valid UTF-8 whatever the input: a page is one encoding. */
static void escape(kam_buf *out, const char *s, size_t n)
{
	while (n) {
		size_t valid = kam_utf8_check(s, n);
		escape_valid(out, s, valid);
		if (valid == n)
			return;
		kam_buf_puts(out, "\xEF\xBF\xBD");
		s += valid + 1;
		n -= valid + 1;
	}
}

void kam_html_text_n(kam_html *h, const char *s, size_t n)
{
	if (s)
		escape(&h->buf, s, n);
}

void kam_html_text(kam_html *h, const char *s)
{
	if (s)
		escape(&h->buf, s, strlen(s));
}

void kam_html_text_cut(kam_html *h, const char *s, size_t max)
{
	if (!s)
		return;
	size_t n = strlen(s), chars = 0, at = 0;
	while (at < n && chars < max) { /* a character: a lead byte and its continuation bytes */
		at++;
		while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
			at++;
		chars++;
	}
	escape(&h->buf, s, at);
	if (at < n)
		kam_buf_puts(&h->buf, "…");
}

/* ------------------------------------------------------------------ */
/* numbers                                                             */

int kam_clamp_int(double v, int lo, int hi)
{
	if (!(v >= lo)) /* NaN too */
		return lo;
	return v > hi ? hi : (int)v;
}

void kam_html_int(kam_html *h, long long v)
{
	kam_buf_put_int(&h->buf, v);
}

/* Beyond this a drawing coordinate means nothing; within it the tenths are
 * exact. */
static double finite_coordinate(double v)
{
	if (isnan(v))
		return 0;
	return v > 1e15 ? 1e15 : v < -1e15 ? -1e15 : v;
}

void kam_html_tenths(kam_html *h, double v)
{
	kam_buf_put_tenths(&h->buf, finite_coordinate(v));
}

void kam_html_money(kam_html *h, double v)
{
	kam_buf money = KAM_BUF_INIT;
	if (isfinite(v))
		kam_format_money(&money, v);
	else
		kam_buf_puts(&money, "-");
	escape(&h->buf, kam_buf_cstr(&money), money.len);
	kam_buf_release(&money);
}

/* ------------------------------------------------------------------ */
/* attributes and URLs                                                 */

void kam_html_attr_(kam_html *h, const char *name, const char *value)
{
	if (!value)
		return;
	kam_buf_putc(&h->buf, ' ');
	kam_buf_puts(&h->buf, name);
	kam_buf_puts(&h->buf, "=\"");
	escape(&h->buf, value, strlen(value));
	kam_buf_putc(&h->buf, '"');
}

void kam_html_attr_num_(kam_html *h, const char *name, double v)
{
	kam_buf_putc(&h->buf, ' ');
	kam_buf_puts(&h->buf, name);
	kam_buf_puts(&h->buf, "=\"");
	kam_html_tenths(h, v);
	kam_buf_putc(&h->buf, '"');
}

/* The one allow-list of link destinations: a relative URL, or http:,
 * https: or mailto:. A browser drops leading blanks and control
 * characters and tabs and line ends anywhere, so the scheme is read as it
 * would (java\tscript: is javascript:). A colon before any / ? # makes a
 * scheme; anything else before it than those three is refused. */
bool kam_url_safe(const char *url)
{
	if (!url)
		return false;
	while (*url && (unsigned char)*url <= 0x20)
		url++;
	char scheme[8];
	size_t n = 0;
	bool too_long = false;
	for (const char *p = url; *p; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if (*p == '/' || *p == '?' || *p == '#')
			return true; /* no scheme: relative */
		if (*p == ':') {
			scheme[n] = '\0';
			return !too_long && (strcasecmp(scheme, "http") == 0 ||
					     strcasecmp(scheme, "https") == 0 ||
					     strcasecmp(scheme, "mailto") == 0);
		}
		if (n + 1 < sizeof(scheme))
			scheme[n++] = *p;
		else
			too_long = true; /* longer than any allowed scheme */
	}
	return true;
}

/* As cmark writes an href: bytes outside the safe set percent-encoded,
 * & and ' as entities. */
static void put_href(kam_buf *out, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p == '&')
			kam_buf_puts(out, "&amp;");
		else if (*p == '\'')
			kam_buf_puts(out, "&#x27;");
		else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			 (*p >= '0' && *p <= '9') || strchr("-_.+!*(),%#@?=;:/,$~[]", *p))
			kam_buf_putc(out, (char)*p);
		else {
			kam_buf_putc(out, '%');
			kam_buf_putc(out, hex[*p >> 4]);
			kam_buf_putc(out, hex[*p & 15]);
		}
	}
}

void kam_html_url_(kam_html *h, const char *name, const char *url)
{
	kam_buf_putc(&h->buf, ' ');
	kam_buf_puts(&h->buf, name);
	kam_buf_puts(&h->buf, "=\"");
	if (url && kam_url_safe(url))
		put_href(&h->buf, url);
	kam_buf_putc(&h->buf, '"');
}

/* ------------------------------------------------------------------ */
/* classes                                                             */

static const char *const class_names[] = {
#define KAM_HTML_CLASS_NAME(name, text) text,
    KAM_HTML_FOREACH_CLASS(KAM_HTML_CLASS_NAME)
#undef KAM_HTML_CLASS_NAME
};

void kam_html_class(kam_html *h, kam_class a, kam_class b)
{
	if (a <= KAM_CLASS_NONE || a >= KAM_CLASS__COUNT)
		a = KAM_CLASS_NONE;
	if (b <= KAM_CLASS_NONE || b >= KAM_CLASS__COUNT)
		b = KAM_CLASS_NONE;
	if (a == KAM_CLASS_NONE && b == KAM_CLASS_NONE)
		return;
	kam_buf_puts(&h->buf, " class=\"");
	kam_buf_puts(&h->buf, class_names[a != KAM_CLASS_NONE ? a : b]);
	if (a != KAM_CLASS_NONE && b != KAM_CLASS_NONE) {
		kam_buf_putc(&h->buf, ' ');
		kam_buf_puts(&h->buf, class_names[b]);
	}
	kam_buf_putc(&h->buf, '"');
}

/* The classes of stages and attitudes run in the vocabulary's order. */
_Static_assert(KAM_CLASS_LOST - KAM_CLASS_IDENTIFY + 1 == KAM_STAGE_UNKNOWN, "a class per stage");
_Static_assert(KAM_CLASS_OPPONENT - KAM_CLASS_ADVOCATE + 1 == KAM_ATTITUDE_UNKNOWN,
	       "a class per attitude");

_Static_assert(KAM_CLASS_NO_FIT - KAM_CLASS_OURS + 1 == KAM_CELL_UNKNOWN, "a class per cell status");
_Static_assert(KAM_CLASS_OMITTED - KAM_CLASS_COMMIT + 1 == KAM_FORECAST_UNKNOWN,
	       "a class per forecast category");

kam_class kam_html_cell_class(kam_cell_status status)
{
	if ((int)status < 0 || status >= KAM_CELL_UNKNOWN)
		return KAM_CLASS_UNASSESSED;
	return (kam_class)(KAM_CLASS_OURS + (int)status);
}

kam_class kam_html_forecast_class(kam_forecast forecast)
{
	if ((int)forecast < 0 || forecast >= KAM_FORECAST_UNKNOWN)
		return KAM_CLASS_NONE;
	return (kam_class)(KAM_CLASS_COMMIT + (int)forecast);
}

kam_class kam_html_stage_class(const char *stage)
{
	kam_stage s = kam_stage_parse(stage);
	return s == KAM_STAGE_UNKNOWN ? KAM_CLASS_NONE : (kam_class)(KAM_CLASS_IDENTIFY + (int)s);
}

kam_class kam_html_attitude_class(const char *attitude)
{
	kam_attitude a = kam_attitude_parse(attitude);
	return a == KAM_ATTITUDE_UNKNOWN ? KAM_CLASS_NONE
					 : (kam_class)(KAM_CLASS_ADVOCATE + (int)a);
}

/* ------------------------------------------------------------------ */
/* raw HTML, rebuilt from an allow-list                                */

static const char *const allowed_tags[] = {
    "a",     "abbr",   "b",	     "bdi",    "bdo",	  "blockquote", "br",	 "caption", "cite",
    "code",  "col",    "colgroup",   "dd",     "del",	  "details",	"dfn",	 "div",	    "dl",
    "dt",    "em",     "figcaption", "figure", "h1",	  "h2",		"h3",	 "h4",	    "h5",
    "h6",    "hr",     "i",	     "img",    "ins",	  "kbd",	"li",	 "mark",    "ol",
    "p",     "pre",    "q",	     "rp",     "rt",	  "ruby",	"s",	 "samp",    "small",
    "span",  "strike", "strong",     "sub",    "summary", "sup",	"table", "tbody",   "td",
    "tfoot", "th",     "thead",	     "time",   "tr",	  "tt",		"u",	 "ul",	    "var",
    "wbr",   NULL};

/* Elements dropped with their content: what is inside is code, styles or
 * a document of its own, not text of the plan. */
static const char *const dropped_with_content[] = {
    "script",  "style",	   "iframe",   "object",   "template", "noscript",
    "noembed", "noframes", "textarea", "title",	   "xmp",      "plaintext",
    "select",  "svg",	   "math",     "frameset", "applet",   NULL};

static const char *const allowed_attrs[] = {
    "title", "alt",   "width",	  "height", "colspan", "rowspan", "align", "datetime",
    "open",  "start", "reversed", "lang",   "dir",     "abbr",	  "scope", NULL};
static const char *const url_attrs[] = {"href", "src", "cite", NULL};

static bool listed(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == ':' || c == '_';
}

/* A lower-cased name of at most cap-1 bytes (longer ones are truncated,
 * and then match nothing allowed: "" is returned). */
static const char *read_name(const char *p, char *out, size_t cap)
{
	size_t n = 0;
	bool too_long = false;
	for (; name_char(*p); p++) {
		if (n + 1 < cap)
			out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		else
			too_long = true;
	}
	out[too_long ? 0 : n] = '\0';
	return p;
}

static void put_utf8(kam_buf *out, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80)
		kam_buf_putc(out, (char)cp);
	else if (cp < 0x800) {
		kam_buf_putc(out, (char)(0xC0 | (cp >> 6)));
		kam_buf_putc(out, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		kam_buf_putc(out, (char)(0xE0 | (cp >> 12)));
		kam_buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
		kam_buf_putc(out, (char)(0x80 | (cp & 0x3F)));
	} else {
		kam_buf_putc(out, (char)(0xF0 | (cp >> 18)));
		kam_buf_putc(out, (char)(0x80 | ((cp >> 12) & 0x3F)));
		kam_buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
		kam_buf_putc(out, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Decode the character references of an attribute value as a browser
 * would. Returns false on a named reference kam does not know: such a
 * value is dropped rather than guessed at. */
static bool decode_entities(kam_buf *out, const char *s, size_t n)
{
	static const struct {
		const char *name;
		const char *text;
	} named[] = {{"amp", "&"},    {"lt", "<"},    {"gt", ">"},   {"quot", "\""},
		     {"apos", "'"},   {"colon", ":"}, {"tab", "\t"}, {"newline", "\n"},
		     {"sol", "/"},    {"lpar", "("},  {"rpar", ")"}, {"nbsp", "\xC2\xA0"},
		     {"period", "."}, {"comma", ","}};
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '&') {
			kam_buf_putc(out, s[i]);
			continue;
		}
		size_t j = i + 1;
		if (j < n && s[j] == '#') {
			bool hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
			j += hex ? 2 : 1;
			unsigned long cp = 0;
			size_t digits = 0;
			for (; j < n; j++, digits++) {
				char c = s[j];
				int d = c >= '0' && c <= '9'	      ? c - '0'
					: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
					: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
								      : -1;
				if (d < 0)
					break;
				if (cp < 0x110000)
					cp = cp * (hex ? 16 : 10) + (unsigned long)d;
			}
			if (!digits)
				return false;
			if (j < n && s[j] == ';')
				j++;
			put_utf8(out, cp);
			i = j - 1;
			continue;
		}
		size_t k = j;
		while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
			k++;
		if (k == j) { /* a lone & */
			kam_buf_putc(out, '&');
			continue;
		}
		bool found = false;
		for (size_t e = 0; e < sizeof(named) / sizeof(named[0]) && !found; e++)
			if (k - j == strlen(named[e].name) &&
			    strncasecmp(s + j, named[e].name, k - j) == 0) {
				kam_buf_puts(out, named[e].text);
				found = true;
			}
		if (!found)
			return false;
		i = (k < n && s[k] == ';' ? k : k - 1);
	}
	return true;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
		p++;
	return p;
}

/* One attribute of an allowed tag, written if allowed. */
static void sanitized_attr(kam_html *h, const char *name, const char *value, size_t len)
{
	bool url = listed(url_attrs, name);
	if (!url && !listed(allowed_attrs, name))
		return;
	kam_buf decoded = KAM_BUF_INIT;
	if (decode_entities(&decoded, value ? value : "", value ? len : 0)) {
		kam_buf_putc(&h->buf, ' ');
		kam_buf_puts(&h->buf, name);
		kam_buf_puts(&h->buf, "=\"");
		if (url) {
			if (kam_url_safe(kam_buf_cstr(&decoded)))
				put_href(&h->buf, kam_buf_cstr(&decoded));
		} else
			escape(&h->buf, kam_buf_cstr(&decoded), decoded.len);
		kam_buf_putc(&h->buf, '"');
	}
	kam_buf_release(&decoded);
}

/* A start tag at p (just past '<'): written when allowed. Returns the end. */
static const char *start_tag(kam_html *h, kam_html_sanitizer *st, const char *p)
{
	char tag[16], attr[32];
	p = read_name(p, tag, sizeof(tag));
	bool is_void = strcmp(tag, "br") == 0 || strcmp(tag, "hr") == 0 ||
		       strcmp(tag, "img") == 0 || strcmp(tag, "wbr") == 0 ||
		       strcmp(tag, "col") == 0;
	/* an element that would nest deeper than kam tracks is dropped */
	bool keep = *tag && listed(allowed_tags, tag) && (is_void || st->depth < KAM_HTML_OPEN_MAX);
	if (*tag && listed(dropped_with_content, tag)) {
		size_t n = strlen(tag);
		memcpy(st->skip_until, tag, n + 1);
	}
	if (keep) {
		kam_buf_putc(&h->buf, '<');
		kam_buf_puts(&h->buf, tag);
	}
	for (;;) {
		p = skip_space(p);
		if (!*p || *p == '>')
			break;
		if (*p == '/') {
			p++;
			continue;
		}
		const char *name_start = p;
		p = read_name(p, attr, sizeof(attr));
		if (p == name_start) { /* not a name: skip the byte */
			p++;
			continue;
		}
		p = skip_space(p);
		const char *value = NULL;
		size_t len = 0;
		if (*p == '=') {
			p = skip_space(p + 1);
			if (*p == '"' || *p == '\'') {
				char q = *p++;
				value = p;
				while (*p && *p != q)
					p++;
				len = (size_t)(p - value);
				if (*p)
					p++;
			} else {
				value = p;
				while (*p && *p != '>' && *p != ' ' && *p != '\t' && *p != '\n' &&
				       *p != '\r')
					p++;
				len = (size_t)(p - value);
			}
		}
		if (keep && *attr)
			sanitized_attr(h, attr, value, len);
	}
	if (keep && is_void)
		kam_buf_puts(&h->buf, " />");
	else if (keep) {
		kam_buf_putc(&h->buf, '>');
		memcpy(st->open[st->depth++], tag, strlen(tag) + 1); /* tags allowed fit */
	}
	return *p ? p + 1 : p;
}

/* </tag> at p (just past "</"). */
static const char *end_tag(kam_html *h, kam_html_sanitizer *st, const char *p)
{
	char tag[16];
	p = read_name(p, tag, sizeof(tag));
	if (*st->skip_until) {
		if (strcmp(tag, st->skip_until) == 0)
			st->skip_until[0] = '\0';
	} else if (*tag) { /* closes what raw HTML opened, up to the element it names */
		size_t at = st->depth;
		while (at > 0 && strcmp(st->open[at - 1], tag) != 0)
			at--;
		while (at > 0 && st->depth >= at) {
			kam_buf_puts(&h->buf, "</");
			kam_buf_puts(&h->buf, st->open[--st->depth]);
			kam_buf_putc(&h->buf, '>');
		}
	}
	const char *end = strchr(p, '>');
	return end ? end + 1 : p + strlen(p);
}

/* Text between tags: escaped, but a character reference already in it is
 * kept (it can only ever be text). */
static const char *text_run(kam_html *h, const char *p)
{
	const char *end = p + strcspn(p, "<");
	while (p < end) {
		if (*p == '&') {
			size_t n = 1;
			if (p[n] == '#')
				n++;
			while (p + n < end &&
			       ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
				(p[n] >= '0' && p[n] <= '9')))
				n++;
			if (n > 1 && p + n < end && p[n] == ';' && p[n - 1] != '#') {
				kam_buf_add(&h->buf, p, n + 1);
				p += n + 1;
				continue;
			}
		}
		size_t plain = strcspn(p, "&<");
		if (p + plain > end)
			plain = (size_t)(end - p);
		escape(&h->buf, p, plain ? plain : 1);
		p += plain ? plain : 1;
	}
	return end;
}

void kam_html_sanitized(kam_html *h, kam_html_sanitizer *st, const char *raw)
{
	const char *p = raw ? raw : "";
	while (*p) {
		if (*p != '<') {
			if (*st->skip_until)
				p += strcspn(p, "<");
			else
				p = text_run(h, p);
			continue;
		}
		if (strncmp(p, "<!--", 4) == 0) { /* comments are dropped */
			const char *end = strstr(p + 4, "-->");
			p = end ? end + 3 : p + strlen(p);
		} else if (p[1] == '/' &&
			   ((p[2] >= 'a' && p[2] <= 'z') || (p[2] >= 'A' && p[2] <= 'Z')))
			p = end_tag(h, st, p + 2);
		else if (*st->skip_until)
			p++;
		else if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))
			p = start_tag(h, st, p + 1);
		else if (p[1] == '!' ||
			 p[1] == '?') { /* declarations, CDATA, processing instructions */
			const char *end = strchr(p, '>');
			p = end ? end + 1 : p + strlen(p);
		} else {
			kam_buf_puts(&h->buf, "&lt;");
			p++;
		}
	}
}

void kam_html_sanitized_end(kam_html *h, kam_html_sanitizer *st)
{
	while (st->depth) {
		kam_buf_puts(&h->buf, "</");
		kam_buf_puts(&h->buf, st->open[--st->depth]);
		kam_buf_putc(&h->buf, '>');
	}
	st->skip_until[0] = '\0';
}
