/* A libyaml syntax error told in the words of a plan, at its cause.
 *
 * libyaml says where its scanner gave up, in its own words ("mapping values
 * are not allowed in this context" at the second colon, "found unexpected
 * end of stream" after an unclosed quote). A plan's author needs the cause:
 * the quote that was opened, the tab, the value with ': ' in it, the list
 * item without its '- '. So each of libyaml's problems has a row in
 * problems[] below, and the rows that can find the cause in the text do. */
#define _POSIX_C_SOURCE 200809L
#include "yaml_explain.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

typedef struct ex {
	const char *text;
	size_t len;
	const char *file;
	unsigned first_line;
	kam_diag_list *diags;
	const yaml_parser_t *p;
	size_t at;      /* byte offset of the problem */
	size_t context; /* byte offset of the context, or SIZE_MAX */
} ex;

/* ------------------------------------------------------------------ */
/* lines and positions                                                 */

size_t kam_yaml_offset(const char *text, size_t len, size_t line, size_t column)
{
	size_t off = 0;
	for (size_t l = 0; l < line && off < len; l++) {
		const char *nl = memchr(text + off, '\n', len - off);
		off = nl ? (size_t)(nl - text) + 1 : len;
	}
	for (size_t c = 0; c < column && off < len && text[off] != '\n'; c++)
		do /* one character: its first byte and its continuation bytes */
			off++;
		while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80);
	return off;
}

bool kam_yaml_odd_breaks(const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	for (size_t i = 0; i < len; i++) {
		if (t[i] == '\r' && (i + 1 == len || t[i + 1] != '\n'))
			return true;
		if (t[i] == 0xC2 && i + 1 < len && t[i + 1] == 0x85)
			return true;
		if (t[i] == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && (t[i + 2] == 0xA8 || t[i + 2] == 0xA9))
			return true;
	}
	return false;
}

size_t kam_yaml_char_offset(const char *text, size_t len, size_t index)
{
	size_t off = 0;
	for (size_t c = 0; c < index && off < len; c++)
		do
			off++;
		while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80);
	return off;
}

static size_t line_start(const ex *x, size_t off)
{
	while (off > 0 && x->text[off - 1] != '\n')
		off--;
	return off;
}

/* End of the line at off, without its line break and trailing blanks. */
static size_t line_end(const ex *x, size_t off)
{
	const char *nl = memchr(x->text + off, '\n', x->len - off);
	size_t end = nl ? (size_t)(nl - x->text) : x->len;
	while (end > off && (x->text[end - 1] == '\r' || x->text[end - 1] == ' '))
		end--;
	return end;
}

/* Where the line after the one at off starts (len at the end). */
static size_t next_line(const ex *x, size_t off)
{
	const char *nl = memchr(x->text + off, '\n', x->len - off);
	return nl ? (size_t)(nl - x->text) + 1 : x->len;
}

static unsigned line_of(const ex *x, size_t off)
{
	unsigned line = x->first_line;
	for (size_t i = 0; i < off && i < x->len; i++)
		line += x->text[i] == '\n';
	return line;
}

static unsigned column_of(const ex *x, size_t off)
{
	size_t start = line_start(x, off);
	return (unsigned)kam_utf8_length(x->text + start, off - start) + 1;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Where the line's text starts after its indentation and any '- '. */
static size_t content_of(const ex *x, size_t ls)
{
	size_t i = ls, end = line_end(x, ls);
	for (;;) {
		while (i < end && x->text[i] == ' ')
			i++;
		if (i < end && x->text[i] == '-' && (i + 1 == end || blank(x->text[i + 1])))
			i++;
		else
			return i;
	}
}

static bool has_dash(const ex *x, size_t ls)
{
	size_t i = ls;
	while (i < x->len && x->text[i] == ' ')
		i++;
	return i + 1 < x->len && x->text[i] == '-' && blank(x->text[i + 1]);
}

/* Whether a quote or bracket at i begins a value, not the middle of text
 * such as it's. */
static bool starts_token(const ex *x, size_t ls, size_t i)
{
	size_t j = i;
	while (j > ls && blank(x->text[j - 1]))
		j--;
	if (j == ls)
		return true;
	char before = x->text[j - 1];
	return strchr(":-[{,?", before) && (j < i || before == '[' || before == '{' || before == ',');
}

/* Offset of the first ':' that ends a key on the line from..end (a colon
 * followed by a blank or the line end), outside quotes; SIZE_MAX if none. */
static size_t first_colon(const ex *x, size_t from, size_t end)
{
	char quote = 0;
	for (size_t i = from; i < end; i++) {
		char c = x->text[i];
		if (quote) {
			if (quote == '"' && c == '\\')
				i++;
			else if (c == quote)
				quote = 0;
		} else if ((c == '"' || c == '\'') && i == from) {
			quote = c;
		} else if (c == '#' && i > from && blank(x->text[i - 1])) {
			return SIZE_MAX;
		} else if (c == ':' && (i + 1 == end || blank(x->text[i + 1]))) {
			return i;
		}
	}
	return SIZE_MAX;
}

/* Where a plain value ends on its line: before a ' #' comment and blanks. */
static size_t value_end(const ex *x, size_t from, size_t end)
{
	for (size_t i = from + 1; i < end; i++)
		if (x->text[i] == '#' && blank(x->text[i - 1])) {
			end = i;
			break;
		}
	while (end > from && blank(x->text[end - 1]))
		end--;
	return end;
}

static size_t skip_blanks(const ex *x, size_t i, size_t end)
{
	while (i < end && blank(x->text[i]))
		i++;
	return i;
}

void kam_yaml_quote(kam_buf *out, const char *s, size_t len)
{
	kam_buf_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			kam_buf_putc(out, '\\');
		kam_buf_putc(out, s[i]);
	}
	kam_buf_putc(out, '"');
}

/* The line from its first character (a '- ' included) to its end, with
 * from..to in double quotes. */
static void line_fixed(const ex *x, kam_buf *out, size_t from, size_t to)
{
	size_t content = line_start(x, from), end = line_end(x, content);
	while (content < from && x->text[content] == ' ')
		content++;
	if (to > end)
		to = end;
	if (from > to)
		from = to;
	kam_buf_add(out, x->text + content, from - content);
	kam_yaml_quote(out, x->text + from, to - from);
	kam_buf_add(out, x->text + to, end - to);
}

/* ------------------------------------------------------------------ */
/* reporting                                                           */

static kam_diag *say(const ex *x, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static kam_diag *say(const ex *x, size_t off, const char *fmt, ...)
{
	kam_buf msg = KAM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	kam_diag *d = kam_diag_push(x->diags, KAM_RULE_YAML_SYNTAX, x->file, line_of(x, off),
				    column_of(x, off), "%s", kam_buf_cstr(&msg));
	kam_buf_release(&msg);
	return d;
}

static void hint_line(kam_diag *d, const char *lead, const kam_buf *line)
{
	kam_diag_set_hint(d, "%s%s", lead, kam_buf_cstr(line));
}

/* ------------------------------------------------------------------ */
/* the causes kam looks for                                            */

static bool tab(const ex *x)
{
	size_t at = x->at;
	if (at >= x->len || x->text[at] != '\t') {
		size_t ls = line_start(x, at);
		for (at = ls; at < x->len && blank(x->text[at]) && x->text[at] != '\t'; at++)
			;
		if (at >= x->len || x->text[at] != '\t')
			return false;
	}
	kam_diag *d = say(x, at, "a tab character indents this line");
	kam_diag_set_hint(d, "indent with spaces: YAML does not accept tabs for indentation");
	return true;
}

static size_t open_bracket(const ex *x, size_t off);

static void unclosed_quote_at(const ex *x, size_t q)
{
	char quote = x->text[q];
	kam_diag *d = say(x, q, "the quote opened here is never closed");
	size_t end = line_end(x, q), content = skip_blanks(x, line_start(x, q), q), close = end;
	if (open_bracket(x, q) != SIZE_MAX) /* in { } or [ ]: the value ends at , } or ] */
		for (close = q + 1; close < end && !strchr(",}]", x->text[close]); close++)
			;
	if (close > end) /* the quote ends the line */
		close = end;
	kam_buf fixed = KAM_BUF_INIT;
	kam_buf_add(&fixed, x->text + content, close - content);
	kam_buf_putc(&fixed, quote);
	kam_buf_add(&fixed, x->text + close, end - close);
	kam_diag_set_hint(d, "close the quote with %c at the end of the value: %s", quote,
			  kam_buf_cstr(&fixed));
	kam_buf_release(&fixed);
}

/* Offset of a quote opened on the line at ls and not closed on it, or SIZE_MAX. */
static size_t open_quote(const ex *x, size_t ls)
{
	size_t end = line_end(x, ls), at = SIZE_MAX;
	char quote = 0;
	for (size_t i = ls; i < end; i++) {
		char c = x->text[i];
		if (quote) {
			if (quote == '"' && c == '\\')
				i++;
			else if (c == quote && quote == '\'' && i + 1 < end && x->text[i + 1] == '\'')
				i++;
			else if (c == quote)
				quote = 0;
		} else if (c == '#' && (i == ls || blank(x->text[i - 1]))) {
			break;
		} else if ((c == '"' || c == '\'') && starts_token(x, ls, i)) {
			quote = c;
			at = i;
		}
	}
	return quote ? at : SIZE_MAX;
}

/* Whether text parses past (line, column) (0-based), or to its end. */
static bool parses_past(const char *text, size_t len, size_t line, size_t column)
{
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	bool past = true;
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			yaml_mark_t m = p.problem_mark;
			past = m.line > line || (m.line == line && m.column > column);
			break;
		}
		bool end = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	return past;
}

/* A quote left open on an earlier line swallows the text up to the next
 * quote, and libyaml stumbles somewhere after it: the open quote is the
 * cause when closing it at the end of its line lets the text parse past the
 * place of the error. */
static bool unclosed_quote(const ex *x)
{
	const char *context = x->p->context;
	if (context && strstr(context, "quoted scalar") && x->context != SIZE_MAX &&
	    x->p->problem && (strstr(x->p->problem, "end of stream") ||
			      strstr(x->p->problem, "document indicator"))) {
		unclosed_quote_at(x, x->context);
		return true;
	}
	size_t stop = line_start(x, x->at);
	int trials = 0;
	for (size_t ls = 0; ls < stop && trials < 8; ls = next_line(x, ls)) {
		size_t q = open_quote(x, ls);
		if (q == SIZE_MAX)
			continue;
		trials++;
		size_t end = line_end(x, q);
		kam_buf t = KAM_BUF_INIT;
		kam_buf_add(&t, x->text, end);
		kam_buf_putc(&t, x->text[q]);
		kam_buf_add(&t, x->text + end, x->len - end);
		bool past = parses_past(t.ptr, t.len, x->p->problem_mark.line, x->p->problem_mark.column);
		kam_buf_release(&t);
		if (past) {
			unclosed_quote_at(x, q);
			return true;
		}
	}
	return false;
}

typedef struct key_line {
	size_t ls, content;
	size_t indent; /* columns before the content */
} key_line;

static key_line key_line_at(const ex *x, size_t ls)
{
	size_t content = content_of(x, ls);
	return (key_line){ls, content, content - ls};
}

/* The key of a line ('id' of "- id: c.a"), or its text when it has none. */
static int key_length(const ex *x, const key_line *k)
{
	size_t end = line_end(x, k->content);
	size_t colon = first_colon(x, k->content, end);
	bool flow = k->content < end && (x->text[k->content] == '{' || x->text[k->content] == '[');
	size_t n = (colon == SIZE_MAX || flow ? end : colon) - k->content;
	return (int)(n > 40 ? 40 : n);
}

/* How a message names the line's item: its key, or a { } item by its
 * first entry ('{id: c.b, ...}'). */
static void item_name(const ex *x, const key_line *k, kam_buf *out)
{
	size_t end = line_end(x, k->content);
	char open = k->content < end ? x->text[k->content] : 0;
	if (open != '{' && open != '[') {
		kam_buf_add(out, x->text + k->content, (size_t)key_length(x, k));
		return;
	}
	size_t comma = k->content;
	while (comma < end && x->text[comma] != ',')
		comma++;
	kam_buf_add(out, x->text + k->content, comma - k->content);
	if (comma < end)
		kam_buf_printf(out, ", ...%c", open == '{' ? '}' : ']');
}

/* The previous line with content (not blank, not a comment), or ls itself. */
static size_t previous_line(const ex *x, size_t ls)
{
	while (ls > 0) {
		size_t prev = line_start(x, ls - 1);
		size_t c = skip_blanks(x, prev, line_end(x, prev));
		if (c < line_end(x, prev) && x->text[c] != '#')
			return prev;
		ls = prev;
	}
	return SIZE_MAX;
}

static const char *spaces(size_t n)
{
	return n == 1 ? "space" : "spaces";
}

/* The line at ls is a list item whose '- ' was forgotten: an earlier item
 * of the list has its dash in the column where this line's text starts. */
static bool missing_dash(const ex *x, const key_line *k)
{
	if (has_dash(x, k->ls))
		return false;
	for (size_t ls = previous_line(x, k->ls); ls != SIZE_MAX; ls = previous_line(x, ls)) {
		size_t indent = skip_blanks(x, ls, line_end(x, ls)) - ls;
		if (indent > k->indent)
			continue;
		if (indent < k->indent || !has_dash(x, ls))
			return false;
		kam_buf name = KAM_BUF_INIT;
		item_name(x, k, &name);
		kam_diag *d = say(x, k->content, "'%s' starts a new list item without '- '",
				  kam_buf_cstr(&name));
		kam_buf_release(&name);
		bool flow = x->text[k->content] == '{' || x->text[k->content] == '[';
		kam_diag_set_hint(d, "begin the item with '- ' like the one on line %u%s: - %.*s",
				  line_of(x, ls), flow ? "" : ", and indent its other keys like that item's",
				  (int)(line_end(x, k->content) - k->content), x->text + k->content);
		return true;
	}
	return false;
}

/* A line indented so that it belongs to nothing above it: name the
 * indentations it could have. */
static void indentation(const ex *x, size_t ls)
{
	key_line k = key_line_at(x, ls);
	if (missing_dash(x, &k))
		return;
	key_line deeper = {0}, shallower = {0};
	bool has_deeper = false, has_shallower = false;
	size_t limit = SIZE_MAX;
	for (size_t p = previous_line(x, ls); p != SIZE_MAX && !has_shallower; p = previous_line(x, p)) {
		key_line c = key_line_at(x, p);
		if (c.indent >= limit)
			continue;
		limit = c.indent;
		if (c.indent > k.indent && !has_deeper) {
			deeper = c;
			has_deeper = true;
		} else if (c.indent < k.indent) {
			shallower = c;
			has_shallower = true;
		} else if (c.indent == k.indent)
			break;
	}
	kam_diag *d;
	if (!has_deeper && has_shallower && shallower.ls == previous_line(x, ls)) {
		d = say(x, k.content, "'%.*s' is indented deeper than '%.*s' on line %u",
			key_length(x, &k), x->text + k.content, key_length(x, &shallower),
			x->text + shallower.content, line_of(x, shallower.ls));
		kam_diag_set_hint(d, "indent it by %zu %s like '%.*s', or put the value above in "
				     "quotes if this line continues it",
				  shallower.indent, spaces(shallower.indent), key_length(x, &shallower),
				  x->text + shallower.content);
		return;
	}
	d = say(x, k.content, "'%.*s' is indented by %zu %s, which lines up with no key above it",
		key_length(x, &k), x->text + k.content, k.indent, spaces(k.indent));
	kam_buf hint = KAM_BUF_INIT;
	if (has_deeper)
		kam_buf_printf(&hint, "indent it by %zu %s like '%.*s' on line %u", deeper.indent,
			       spaces(deeper.indent), key_length(x, &deeper), x->text + deeper.content,
			       line_of(x, deeper.ls));
	if (has_shallower)
		kam_buf_printf(&hint, "%s by %zu %s like '%.*s' on line %u",
			       has_deeper ? ", or" : "indent it", shallower.indent,
			       spaces(shallower.indent), key_length(x, &shallower),
			       x->text + shallower.content, line_of(x, shallower.ls));
	if (hint.len)
		kam_diag_set_hint(d, "%s", kam_buf_cstr(&hint));
	else
		kam_diag_set_hint(d, "indent each key like the other keys of its mapping");
	kam_buf_release(&hint);
}

static void no_key(const ex *x);

static void indentation_here(const ex *x)
{
	no_key(x);
}

/* The line before the one at ls, at the same indentation, has no key: it
 * is text that YAML read on into this line's key. */
static bool keyless_line_above(const ex *x, size_t ls)
{
	size_t prev = previous_line(x, ls);
	if (prev == SIZE_MAX)
		return false;
	key_line k = key_line_at(x, ls), p = key_line_at(x, prev);
	size_t end = line_end(x, prev);
	if (p.indent != k.indent || has_dash(x, prev) ||
	    first_colon(x, p.content, end) != SIZE_MAX || strchr("|>\"'[{#", x->text[p.content]))
		return false;
	kam_diag *d = say(x, p.content, "'%.*s' is not a 'key: value' line", key_length(x, &p),
			  x->text + p.content);
	kam_diag_set_hint(d, "write key: value, start a list item with '- ', or put a value that "
			     "goes on over several lines in quotes");
	return true;
}

/* "mapping values are not allowed": a second ': ' on the line of a key
 * (the value needs quotes), or a line that continues the value above with
 * a key (its indentation is wrong). */
static void colon_in_value(const ex *x)
{
	size_t ls = line_start(x, x->at), end = line_end(x, ls);
	size_t content = content_of(x, ls);
	size_t colon = first_colon(x, content, end);
	if (colon == SIZE_MAX || colon >= x->at) {
		if (!keyless_line_above(x, ls))
			indentation(x, ls);
		return;
	}
	size_t from = skip_blanks(x, colon + 1, end), to = value_end(x, from, end);
	kam_diag *d = say(x, x->at, "the value of '%.*s' contains ': ', so it must be in quotes",
			  (int)(colon - content), x->text + content);
	kam_buf fixed = KAM_BUF_INIT;
	line_fixed(x, &fixed, from, to);
	hint_line(d, "write ", &fixed);
	kam_buf_release(&fixed);
}

/* The innermost '[' or '{' still open at off, or SIZE_MAX. */
static size_t open_bracket(const ex *x, size_t off)
{
	size_t stack[64], depth = 0;
	char quote = 0;
	for (size_t i = 0, ls = 0; i < off && i < x->len; i++) {
		char c = x->text[i];
		if (i > 0 && x->text[i - 1] == '\n')
			ls = i;
		if (quote) {
			if (quote == '"' && c == '\\')
				i++;
			else if (c == quote)
				quote = 0;
		} else if (c == '#' && (i == ls || blank(x->text[i - 1]))) {
			while (i + 1 < off && x->text[i + 1] != '\n')
				i++;
		} else if ((c == '"' || c == '\'') && starts_token(x, ls, i)) {
			quote = c;
		} else if ((c == '[' || c == '{') && starts_token(x, ls, i) && depth < 64) {
			stack[depth++] = i;
		} else if ((c == ']' || c == '}') && depth) {
			depth--;
		}
	}
	return depth ? stack[depth - 1] : SIZE_MAX;
}

/* A ' #' after a bracket on its line: the comment hides the rest of the
 * line, closing bracket included. */
static bool comment_in_flow(const ex *x, size_t at)
{
	size_t end = line_end(x, at), hash = at, ls = line_start(x, at);
	char quote = 0;
	for (size_t i = at + 1; i < end && hash == at; i++) {
		char c = x->text[i];
		if (quote) {
			if (quote == '"' && c == '\\')
				i++;
			else if (c == quote)
				quote = 0;
		} else if ((c == '"' || c == '\'') && starts_token(x, ls, i)) {
			quote = c;
		} else if (c == '#' && blank(x->text[i - 1])) {
			hash = i;
		}
	}
	if (hash == at)
		return false;
	size_t from = hash, to = hash;
	while (from > at + 1 && !strchr("{[,", x->text[from - 1]))
		from--;
	size_t colon = first_colon(x, skip_blanks(x, from, hash), hash);
	from = skip_blanks(x, colon == SIZE_MAX ? from : colon + 1, hash);
	while (to < end && !strchr(",}]", x->text[to]))
		to++;
	while (to > from && blank(x->text[to - 1]))
		to--;
	kam_diag *d = say(x, hash, "' #' starts a comment, which hides the rest of the line and its "
				   "closing '%c'", x->text[at] == '[' ? ']' : '}');
	kam_buf fixed = KAM_BUF_INIT;
	line_fixed(x, &fixed, from, to);
	hint_line(d, "put the value in quotes: ", &fixed);
	kam_buf_release(&fixed);
	return true;
}

static void unclosed_bracket(const ex *x, size_t at)
{
	char open = x->text[at], close = open == '[' ? ']' : '}';
	if (comment_in_flow(x, at))
		return;
	kam_diag *d = say(x, at, "the '%c' opened here is never closed", open);
	kam_diag_set_hint(d, "close it with '%c' after its last %s, on the same line", close,
			  open == '[' ? "item" : "key: value");
}

/* In { } or [ ], libyaml wanted a ',' or the closing bracket: a value with
 * ': ' in it (say which), or a bracket never closed. */
static void flow_end(const ex *x)
{
	if (x->at < x->len && x->text[x->at] == ':') {
		size_t ls = line_start(x, x->at), end = line_end(x, ls);
		size_t start = x->at;
		while (start > ls && !strchr("{[,", x->text[start - 1]))
			start--;
		start = skip_blanks(x, start, x->at);
		size_t colon = first_colon(x, start, x->at + 1);
		if (colon != SIZE_MAX && colon < x->at) {
			size_t from = skip_blanks(x, colon + 1, end), to = x->at;
			while (to < end && !strchr(",}]", x->text[to]))
				to++;
			while (to > from && blank(x->text[to - 1]))
				to--;
			size_t open = open_bracket(x, x->at);
			bool list = open != SIZE_MAX && x->text[open] == '[';
			kam_diag *d = say(x, x->at,
					  "the value of '%.*s' in %s contains ': ', so it must be in quotes",
					  (int)(colon - start), x->text + start, list ? "[ ]" : "{ }");
			kam_buf fixed = KAM_BUF_INIT;
			line_fixed(x, &fixed, from, to);
			hint_line(d, "write ", &fixed);
			kam_buf_release(&fixed);
			return;
		}
	}
	size_t open = open_bracket(x, x->at);
	if (open == SIZE_MAX)
		open = x->context != SIZE_MAX ? x->context : x->at;
	if (x->text[open] == '[' || x->text[open] == '{') {
		unclosed_bracket(x, open);
		return;
	}
	kam_diag *d = say(x, x->at, "a ',' or the closing bracket is missing here");
	kam_diag_set_hint(d, "separate the values in [ ] or { } with commas, and quote a value that "
			     "contains ', ' or ': '");
}

/* "did not find expected key": text after a closing quote, or a line
 * indented where no key can be. */
static void no_key(const ex *x)
{
	size_t ls = line_start(x, x->at), end = line_end(x, ls);
	size_t content = content_of(x, ls);
	if (x->at <= content || x->at >= end) {
		indentation(x, x->at >= end && x->at < x->len ? x->at : ls);
		return;
	}
	size_t colon = first_colon(x, content, end);
	size_t from = colon == SIZE_MAX ? content : skip_blanks(x, colon + 1, end);
	size_t before = x->at;
	while (before > from && blank(x->text[before - 1]))
		before--;
	char c = x->text[x->at];
	if ((c == ']' || c == '}') && (before == from || (x->text[before - 1] != '"' &&
							  x->text[before - 1] != '\''))) {
		kam_diag *d = say(x, x->at, "this '%c' closes nothing", c);
		kam_diag_set_hint(d, "remove it, or open the %s with '%c' where it starts",
				  c == ']' ? "list" : "mapping", c == ']' ? '[' : '{');
		return;
	}
	kam_diag *d = say(x, x->at, "text follows the closing quote of the value");
	kam_buf fixed = KAM_BUF_INIT;
	line_fixed(x, &fixed, from, value_end(x, from, end));
	hint_line(d, "put the whole value in quotes, with \\\" for a quote inside it: ", &fixed);
	kam_buf_release(&fixed);
}

/* "could not find expected ':'": a line that is no key, often a { } list
 * item without its '- '. */
static void not_a_key(const ex *x)
{
	size_t at = x->context != SIZE_MAX ? x->context : x->at;
	size_t ls = line_start(x, at);
	key_line k = key_line_at(x, ls);
	if (missing_dash(x, &k))
		return;
	kam_diag *d = say(x, k.content, "'%.*s' is not a 'key: value' line", key_length(x, &k),
			  x->text + k.content);
	kam_diag_set_hint(d, "write key: value, start a list item with '- ', or put a value that "
			     "goes on over several lines in quotes");
}

static void value_missing(const ex *x)
{
	size_t rest = x->at;
	while (rest < x->len && strchr(" \t\r\n", x->text[rest]))
		rest++;
	size_t open = open_bracket(x, x->at);
	if (rest == x->len && open != SIZE_MAX) {
		unclosed_bracket(x, open);
		return;
	}
	kam_diag *d = say(x, x->at, "a value is missing here");
	kam_diag_set_hint(d, "write the value, and put it in quotes if it starts with one of "
			     ", [ ] { } # & * ! | > %% @ `");
}

/* A value starting with a character YAML reserves: quote the line back. */
static void reserved_start(const ex *x, const char *what)
{
	size_t ls = line_start(x, x->at), end = line_end(x, ls);
	size_t content = content_of(x, ls), colon = first_colon(x, content, end);
	size_t from = colon == SIZE_MAX ? content : skip_blanks(x, colon + 1, end);
	if (from > x->at)
		from = x->at;
	size_t to = value_end(x, from, end);
	if (x->at > from && x->at < end && strchr("@`&*!%|>", x->text[x->at])) {
		/* an item of a [ ] or { } list, or after '- ': that item is the value */
		bool flow = memchr(x->text + from, '[', x->at - from) ||
			    memchr(x->text + from, '{', x->at - from);
		from = x->at;
		size_t item_end = from;
		while (item_end < end && !(flow && strchr(",]}", x->text[item_end])))
			item_end++;
		to = value_end(x, from, item_end);
	}
	char c = x->at < x->len ? x->text[from] : '?';
	kam_diag *d = say(x, from, "a value cannot start with '%c'%s", c, what);
	kam_buf fixed = KAM_BUF_INIT;
	line_fixed(x, &fixed, from, to);
	hint_line(d, "put it in quotes: ", &fixed);
	kam_buf_release(&fixed);
}

static void bad_character(const ex *x)
{
	if (tab(x))
		return;
	reserved_start(x, "");
}

static void alias_start(const ex *x)
{
	reserved_start(x, ": it would refer to an anchor");
}

static void anchor_start(const ex *x)
{
	reserved_start(x, ": it would name an anchor");
}

static void tag_start(const ex *x)
{
	reserved_start(x, ": it would start a YAML tag");
}

static void directive(const ex *x)
{
	reserved_start(x, " at the start of a line: it would be a YAML directive");
}

/* A backslash in double quotes starts an escape: name the one that failed. */
static void escape(const ex *x)
{
	size_t at = x->at;
	while (at > 0 && x->text[at] != '\\' && at + 8 > x->at)
		at--;
	if (x->text[at] != '\\')
		at = x->at;
	char c = at + 1 < x->len ? x->text[at + 1] : '?';
	kam_diag *d;
	if (strstr(x->p->problem, "hexdecimal")) /* \x, \u, \U take 2, 4, 8 hex digits */
		d = say(x, at, "'\\%c' in double quotes must be followed by %d hex digits", c,
			c == 'x' ? 2 : c == 'u' ? 4 : 8);
	else if (strstr(x->p->problem, "Unicode"))
		d = say(x, at, "'\\%c' in double quotes names no Unicode character", c);
	else
		d = say(x, at, "'\\%c' in double quotes is not an escape YAML knows", c);
	kam_diag_set_hint(d, "write the text in single quotes, or write each backslash as \\\\ "
			     "inside double quotes");
}

/* ------------------------------------------------------------------ */
/* the table                                                           */

typedef struct problem_row {
	const char *problem; /* libyaml's words, matched at the start */
	const char *context; /* or NULL for any */
	void (*explain)(const ex *x);
	const char *message; /* when there is no explain */
	const char *hint;
} problem_row;

static const problem_row problems[] = {
	{"found character that cannot start any token", NULL, bad_character, NULL, NULL},
	{"found a tab character", NULL, bad_character, NULL, NULL},
	{"mapping values are not allowed", NULL, colon_in_value, NULL, NULL},
	{"found unexpected ':'", NULL, colon_in_value, NULL, NULL},
	{"did not find expected key", NULL, no_key, NULL, NULL},
	{"did not find expected '-' indicator", NULL, indentation_here, NULL, NULL},
	{"could not find expected ':'", NULL, not_a_key, NULL, NULL},
	{"did not find expected ',' or '}'", NULL, flow_end, NULL, NULL},
	{"did not find expected ',' or ']'", NULL, flow_end, NULL, NULL},
	{"did not find expected node content", NULL, value_missing, NULL, NULL},
	{"did not find expected alphabetic or numeric character", "while scanning an alias",
	 alias_start, NULL, NULL},
	{"did not find expected alphabetic or numeric character", "while scanning an anchor",
	 anchor_start, NULL, NULL},
	{"did not find expected alphabetic or numeric character", "while scanning a tag", tag_start,
	 NULL, NULL},
	{"did not find expected alphabetic or numeric character", NULL, directive, NULL, NULL},
	{"found undefined tag handle", NULL, tag_start, NULL, NULL},
	{"did not find the expected '>'", NULL, tag_start, NULL, NULL},
	{"did not find expected whitespace or line break", "while scanning a tag", tag_start, NULL,
	 NULL},
	{"did not find expected '!'", "while parsing a tag directive", directive, NULL, NULL},
	{"did not find expected '!'", "while scanning a tag directive", directive, NULL, NULL},
	{"did not find expected '!'", NULL, tag_start, NULL, NULL},
	{"did not find URI escaped octet", NULL, tag_start, NULL, NULL},
	{"did not find expected tag URI", NULL, tag_start, NULL, NULL},
	{"found unknown escape character", NULL, escape, NULL, NULL},
	{"did not find expected hexdecimal number", NULL, escape, NULL, NULL},
	{"found invalid Unicode character escape code", NULL, escape, NULL, NULL},
	{"found unknown directive name", NULL, directive, NULL, NULL},
	{"could not find expected directive name", NULL, directive, NULL, NULL},
	{"found unexpected non-alphabetical character", NULL, directive, NULL, NULL},
	{"did not find expected digit or '.' character", NULL, directive, NULL, NULL},
	{"found extremely long version number", NULL, directive, NULL, NULL},
	{"did not find expected version number", NULL, directive, NULL, NULL},
	{"found duplicate %YAML directive", NULL, directive, NULL, NULL},
	{"found duplicate %TAG directive", NULL, directive, NULL, NULL},
	{"found incompatible YAML document", NULL, directive, NULL, NULL},
	{"incompatible %YAML directive", NULL, directive, NULL, NULL},
	{"duplicate %TAG directive", NULL, directive, NULL, NULL},
	{"did not find expected whitespace", NULL, directive, NULL, NULL},
	{"block sequence entries are not allowed", NULL, NULL, "a list item cannot start here",
	 "put each '- ' item on its own line, indented under a key that has no value on its line"},
	{"mapping keys are not allowed", NULL, NULL, "'?' cannot start a key here",
	 "remove the '?', or put the text in quotes"},
	{"found an indentation indicator equal to 0", NULL, NULL,
	 "the number after '|' or '>' must be 1 to 9",
	 "remove the number: kam takes the indentation of a multi-line text from its first line"},
	{"did not find expected comment or line break", "while scanning a block scalar", NULL,
	 "only a number, '-' or '+' may follow '|' or '>' on its line",
	 "start the text on the next line, indented under its key"},
	{"did not find expected comment or line break", NULL, NULL,
	 "text follows a value that has ended",
	 "put the whole value in quotes, or start a comment with ' #'"},
	{"found unexpected end of stream", NULL, NULL, "the frontmatter ends in the middle of a value",
	 "finish the value, or put it in quotes"},
	{"found unexpected document indicator", NULL, NULL,
	 "a line '---' or '...' cannot be part of a value",
	 "indent the line under its key, or put it in quotes"},
	{"did not find expected <document start>", NULL, NULL,
	 "text follows the end of the YAML ('...' line)",
	 "remove the '...' line: the frontmatter ends at its '---' line"},
	{"control characters are not allowed", NULL, NULL,
	 "a control character (invisible in most editors) is here",
	 "delete it and type the text again"},
	{"found an incorrect", NULL, NULL, "this is not valid UTF-8 text", "save the file as UTF-8"},
	{"invalid", NULL, NULL, "this is not valid UTF-8 text", "save the file as UTF-8"},
	{"incomplete", NULL, NULL, "this is not valid UTF-8 text", "save the file as UTF-8"},
	{"unexpected low surrogate area", NULL, NULL, "this is not valid UTF-8 text",
	 "save the file as UTF-8"},
	{"input is too long", NULL, NULL, "the frontmatter is too long to read",
	 "move long texts into the plan's Markdown body"},
};

static bool row_matches(const problem_row *row, const yaml_parser_t *p)
{
	if (strncmp(p->problem, row->problem, strlen(row->problem)) != 0)
		return false;
	return !row->context || (p->context && strcmp(p->context, row->context) == 0);
}

void kam_yaml_explain(kam_diag_list *diags, const char *file, unsigned first_line,
		      const char *text, size_t len, const yaml_parser_t *parser)
{
	ex x = {text, len, file, first_line, diags, parser, 0, SIZE_MAX};
	bool odd = kam_yaml_odd_breaks(text, len);
	x.at = odd ? kam_yaml_char_offset(text, len, parser->problem_mark.index)
		   : kam_yaml_offset(text, len, parser->problem_mark.line, parser->problem_mark.column);
	if (parser->context)
		x.context = odd ? kam_yaml_char_offset(text, len, parser->context_mark.index)
				: kam_yaml_offset(text, len, parser->context_mark.line,
						  parser->context_mark.column);
	if (parser->problem && (unclosed_quote(&x) || tab(&x)))
		return;
	for (size_t i = 0; parser->problem && i < sizeof(problems) / sizeof(problems[0]); i++) {
		const problem_row *row = &problems[i];
		if (!row_matches(row, parser))
			continue;
		if (row->explain) {
			row->explain(&x);
		} else {
			kam_diag *d = say(&x, x.at, "%s", row->message);
			kam_diag_set_hint(d, "%s", row->hint);
		}
		return;
	}
	kam_diag *d = say(&x, x.at, "the frontmatter is not valid YAML here");
	kam_diag_set_hint(d, "look for a tab, a wrong indentation, or a value with ': ' or ' #' "
			     "that needs quotes");
}
