/* The plans' everyday YAML read in one pass, into the events libyaml would
 * give: see yaml_fast.h. Every function returns false ("give up") on what
 * it does not know to read exactly as libyaml does; nothing here reports. */
#include <string.h>
#include <yaml.h>

#include "kam/util.h"
#include "yaml_fast.h"
#include "banned.h"

/* Deeper nesting goes to libyaml, which has no recursion to overflow. */
#define FAST_MAX_DEPTH 64
/* libyaml looks for a simple key's ':' within 1024 characters */
#define FAST_MAX_KEY 1000

typedef struct scanner {
	const char *t;
	uint32_t len, pos;
	uint32_t line, line_start; /* the current line's number and first byte */
	uint32_t line_chars;       /* characters before the current line */
	bool ascii;                /* then characters are bytes */
	uint32_t cursor, cursor_chars; /* a byte of the current line, characters before it there */
	unsigned depth, max_depth;
	kam_fast_events *out;
} scanner;

static char at(const scanner *s, uint32_t ahead)
{
	return s->len - s->pos > ahead ? s->t[s->pos + ahead] : '\0';
}

static char ch(const scanner *s)
{
	return at(s, 0);
}

static bool blankz(char c)
{
	return c == ' ' || c == '\n' || c == '\0';
}

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Characters in bytes [from, to): the bytes that start one (libyaml's
 * marks count characters). */
static uint32_t chars(const scanner *s, uint32_t from, uint32_t to)
{
	if (s->ascii)
		return to - from;
	uint32_t n = 0;
	for (uint32_t i = from; i < to; i++)
		n += ((unsigned char)s->t[i] & 0xC0) != 0x80;
	return n;
}

/* In bytes: indentation is spaces, so a line's structure never needs
 * characters. */
static uint32_t column(const scanner *s)
{
	return s->pos - s->line_start;
}

static void next_line(scanner *s)
{
	s->pos++; /* the '\n' */
	s->line_chars += chars(s, s->line_start, s->pos);
	s->line++;
	s->line_start = s->pos;
}

static bool at_end(const scanner *s)
{
	return s->pos >= s->len;
}

/* The mark of pos. Outside ASCII the characters of its line are counted
 * from the last mark's on that line, not from the line's start: a long
 * line of many scalars would otherwise take quadratic time. */
static kam_fast_mark here(scanner *s)
{
	if (s->cursor < s->line_start || s->cursor > s->pos) {
		s->cursor = s->line_start;
		s->cursor_chars = 0;
	}
	s->cursor_chars += chars(s, s->cursor, s->pos);
	s->cursor = s->pos;
	return (kam_fast_mark){s->line_chars + s->cursor_chars, s->line, s->cursor_chars};
}

static kam_fast_event *push(scanner *s, yaml_event_type_t type, int style, kam_fast_mark start)
{
	kam_fast_events *o = s->out;
	o->items = kam_grow(o->items, &o->alloc, o->count + 1, sizeof(kam_fast_event));
	kam_fast_event *e = &o->items[o->count++];
	*e = (kam_fast_event){.type = (uint8_t)type, .style = (uint8_t)style, .start = start,
			      .end = start};
	return e;
}

static void push_scalar(scanner *s, yaml_scalar_style_t style, kam_fast_mark start,
			uint32_t value, uint32_t length)
{
	kam_fast_event *e = push(s, YAML_SCALAR_EVENT, style, start);
	e->end = here(s);
	e->value = value;
	e->length = length;
}

/* libyaml's empty scalar: at the end of the ':' or '-' before it */
static void push_empty(scanner *s, kam_fast_mark after_indicator)
{
	push(s, YAML_SCALAR_EVENT, YAML_PLAIN_SCALAR_STYLE, after_indicator);
}

static bool enter(scanner *s)
{
	return s->depth < s->max_depth && ++s->depth;
}

static bool leave(scanner *s, yaml_event_type_t end)
{
	push(s, end, 0, here(s));
	s->depth--;
	return true;
}

/* ---- lines ---- */

static void skip_spaces(scanner *s)
{
	while (ch(s) == ' ')
		s->pos++;
}

static void skip_comment(scanner *s)
{
	while (!at_end(s) && s->t[s->pos] != '\n')
		s->pos++;
}

/* From the start of a line to the first character of the next line that
 * holds more than blanks and a comment, or to the end. */
static void content_from_line_start(scanner *s)
{
	for (;;) {
		skip_spaces(s);
		if (ch(s) == '#')
			skip_comment(s);
		if (ch(s) != '\n')
			return;
		next_line(s);
	}
}

/* Whether the rest of the line is blanks and perhaps a comment (then at
 * its end); false, past the blanks, when something else follows. */
static bool line_ends(scanner *s)
{
	skip_spaces(s);
	if (ch(s) == '#') {
		if (s->t[s->pos - 1] != ' ') /* "[a]#x": no comment to libyaml */
			return false;
		skip_comment(s);
	}
	return at_end(s) || ch(s) == '\n';
}

/* After a value, or after ':' or '-' with nothing after it: the line
 * ends, and the scanner goes on to the next line with content; false,
 * where the line goes on (after ':' or '-': the value is on this line). */
static bool line_done(scanner *s)
{
	if (!line_ends(s))
		return false;
	content_from_line_start(s);
	return true;
}

static bool is_dash(const scanner *s)
{
	return ch(s) == '-' && blankz(at(s, 1));
}

/* ---- scalars ---- */

/* Character classes, by table: strchr over them was a tenth of the scan. */
enum { INDICATOR = 1, FLOW_INDICATOR = 2, KEY_END = 4 };
static const uint8_t classes[256] = {
	['-'] = INDICATOR, ['?'] = INDICATOR, [':'] = INDICATOR | KEY_END,
	[','] = INDICATOR | FLOW_INDICATOR | KEY_END, ['['] = INDICATOR | FLOW_INDICATOR | KEY_END,
	[']'] = INDICATOR | FLOW_INDICATOR | KEY_END, ['{'] = INDICATOR | FLOW_INDICATOR | KEY_END,
	['}'] = INDICATOR | FLOW_INDICATOR | KEY_END, ['#'] = INDICATOR | KEY_END,
	['&'] = INDICATOR, ['*'] = INDICATOR, ['!'] = INDICATOR, ['|'] = INDICATOR,
	['>'] = INDICATOR, ['\''] = INDICATOR, ['"'] = INDICATOR, ['%'] = INDICATOR,
	['@'] = INDICATOR, ['`'] = INDICATOR, ['\n'] = KEY_END,
};

static bool is(char c, int class)
{
	return classes[(unsigned char)c] & class;
}

/* Whether a plain scalar may start here: no indicator, but "-5" */
static bool plain_start(const scanner *s)
{
	char c = ch(s);
	if (blankz(c))
		return false;
	if (!is(c, INDICATOR))
		return true;
	return c == '-' && alnum(at(s, 1));
}

/* 'text' or "text" on one line, without escapes */
static bool quoted(scanner *s)
{
	char q = ch(s);
	kam_fast_mark start = here(s);
	uint32_t from = ++s->pos;
	while (!at_end(s) && s->t[s->pos] != q && s->t[s->pos] != '\n') {
		if (q == '"' && s->t[s->pos] == '\\')
			return false;
		s->pos++;
	}
	if (ch(s) != q || (q == '\'' && at(s, 1) == '\'')) /* unclosed, or a '' escape */
		return false;
	uint32_t to = s->pos++;
	push_scalar(s, q == '\'' ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE,
		    start, from, to - from);
	return true;
}

/* A plain value in block context: to the line's end or a comment, and no
 * ": " in it (libyaml refuses a mapping there). */
static bool plain_block_value(scanner *s)
{
	if (!plain_start(s))
		return false;
	kam_fast_mark start = here(s);
	uint32_t from = s->pos, end = s->pos;
	while (!at_end(s) && s->t[s->pos] != '\n') {
		char c = s->t[s->pos];
		if (c == ' ' && at(s, 1) == '#')
			break;
		if (c == ':' && blankz(at(s, 1)))
			return false;
		s->pos++;
		if (c != ' ')
			end = s->pos;
	}
	s->pos = end;
	push_scalar(s, YAML_PLAIN_SCALAR_STYLE, start, from, end - from);
	return true;
}

/* A plain scalar in { } or [ ]: to a flow indicator, or (a key) to ": " */
static bool plain_flow(scanner *s, bool key)
{
	if (!plain_start(s))
		return false;
	kam_fast_mark start = here(s);
	uint32_t from = s->pos, end = s->pos;
	for (;;) {
		char c = ch(s);
		if (c == '\0' || c == '\n')
			return false; /* a flow collection over lines: libyaml's */
		if (is(c, FLOW_INDICATOR))
			break;
		if (c == ':') {
			if (key && at(s, 1) == ' ' && end == s->pos)
				break;
			return false;
		}
		if (c == '#' && s->t[s->pos - 1] == ' ')
			return false;
		s->pos++;
		if (c != ' ')
			end = s->pos;
	}
	s->pos = end;
	push_scalar(s, YAML_PLAIN_SCALAR_STYLE, start, from, end - from);
	return true;
}

/* ---- block scalars, as libyaml's yaml_parser_scan_block_scalar ---- */

/* Blank lines and the indentation before the next line with content:
 * counts the line breaks, finds the indentation when it is still 0 (the
 * deepest of those lines, at least one more than the collection's), and
 * where the scalar would end. */
static void block_breaks(scanner *s, uint32_t parent, uint32_t *indent, uint32_t *breaks,
			 kam_fast_mark *end)
{
	uint32_t deepest = 0;
	*end = here(s);
	for (;;) {
		while ((!*indent || column(s) < *indent) && ch(s) == ' ')
			s->pos++;
		if (column(s) > deepest)
			deepest = column(s);
		if (ch(s) != '\n')
			break;
		next_line(s);
		++*breaks;
		*end = here(s);
	}
	if (!*indent)
		*indent = deepest > parent + 1 ? deepest : parent + 1;
}

static void add_breaks(kam_buf *b, uint32_t n)
{
	while (n--)
		kam_buf_putc(b, '\n');
}

/* The header: '|' or '>', a chomping indicator and an indentation digit in
 * either order, perhaps a comment, the line's end. */
static bool block_header(scanner *s, int *chomping, uint32_t *increment)
{
	s->pos++;
	for (int k = 0; k < 2; k++) {
		char c = ch(s);
		if ((c == '+' || c == '-') && !*chomping) {
			*chomping = c == '+' ? 1 : -1;
			s->pos++;
		} else if (c >= '1' && c <= '9' && !*increment) {
			*increment = (uint32_t)(c - '0');
			s->pos++;
		}
	}
	if (!line_ends(s))
		return false;
	if (!at_end(s))
		next_line(s);
	return true;
}

/* A literal (|) or folded (>) scalar of a collection at column parent:
 * its lines folded and chomped as libyaml does, into the events' texts. */
static bool block_scalar(scanner *s, uint32_t parent)
{
	kam_fast_mark start = here(s), end;
	bool literal = ch(s) == '|';
	int chomping = 0; /* -1 strip, 0 clip, 1 keep */
	uint32_t increment = 0;
	if (!block_header(s, &chomping, &increment))
		return false;
	kam_buf *text = &s->out->texts;
	size_t from = text->len;
	uint32_t indent = increment ? parent + increment : 0, trailing = 0;
	bool leading_break = false, leading_blank = false;
	block_breaks(s, parent, &indent, &trailing, &end);
	while (column(s) == indent && !at_end(s)) {
		bool trailing_blank = ch(s) == ' ';
		if (!literal && leading_break && !leading_blank && !trailing_blank) {
			if (!trailing) /* a single break folds into a space */
				kam_buf_putc(text, ' ');
		} else if (leading_break) {
			kam_buf_putc(text, '\n');
		}
		leading_break = false;
		add_breaks(text, trailing);
		trailing = 0;
		leading_blank = ch(s) == ' ';
		uint32_t line = s->pos;
		while (!at_end(s) && s->t[s->pos] != '\n')
			s->pos++;
		kam_buf_add(text, s->t + line, s->pos - line);
		if (!at_end(s)) {
			next_line(s);
			leading_break = true;
		}
		block_breaks(s, parent, &indent, &trailing, &end);
	}
	if (chomping != -1 && leading_break)
		kam_buf_putc(text, '\n');
	if (chomping == 1)
		add_breaks(text, trailing);
	kam_fast_event *e = push(s, YAML_SCALAR_EVENT,
				 literal ? YAML_LITERAL_SCALAR_STYLE : YAML_FOLDED_SCALAR_STYLE, start);
	e->end = end;
	e->folded = true;
	e->value = (uint32_t)from;
	e->length = (uint32_t)(text->len - from);
	content_from_line_start(s); /* the line it stopped at: content, a comment, the end */
	return true;
}

/* ---- flow collections, on one line ---- */

static bool flow_node(scanner *s);

static bool flow_scalar(scanner *s, bool key)
{
	return ch(s) == '\'' || ch(s) == '"' ? quoted(s) : plain_flow(s, key);
}

/* After an entry: ", " and the next, or the closing bracket. */
static bool flow_next(scanner *s, char close, bool *more)
{
	skip_spaces(s);
	if (ch(s) == close) {
		s->pos++;
		*more = false;
		return true;
	}
	if (ch(s) != ',')
		return false;
	s->pos++;
	skip_spaces(s);
	*more = true;
	return ch(s) != close && ch(s) != ','; /* "[a,]": libyaml's */
}

/* The opening bracket: the collection's start, and whether an entry
 * follows (no: "[]", "{}"). */
static bool flow_open(scanner *s, yaml_event_type_t start, int style, char close, bool *more)
{
	if (!enter(s))
		return false;
	push(s, start, style, here(s));
	s->pos++;
	skip_spaces(s);
	*more = ch(s) != close;
	if (!*more)
		s->pos++;
	return true;
}

static bool flow_sequence(scanner *s)
{
	bool more;
	if (!flow_open(s, YAML_SEQUENCE_START_EVENT, YAML_FLOW_SEQUENCE_STYLE, ']', &more))
		return false;
	while (more)
		if (!flow_node(s) || !flow_next(s, ']', &more))
			return false;
	return leave(s, YAML_SEQUENCE_END_EVENT);
}

static bool flow_mapping(scanner *s)
{
	bool more;
	if (!flow_open(s, YAML_MAPPING_START_EVENT, YAML_FLOW_MAPPING_STYLE, '}', &more))
		return false;
	while (more) {
		uint32_t key = s->pos; /* libyaml drops a key whose ':' is 1024 characters on */
		if (!flow_scalar(s, true) || ch(s) != ':' || at(s, 1) != ' ' ||
		    s->pos - key > FAST_MAX_KEY)
			return false;
		s->pos += 2;
		skip_spaces(s);
		if (ch(s) == ',' || ch(s) == '}') /* an empty value */
			return false;
		if (!flow_node(s) || !flow_next(s, '}', &more))
			return false;
	}
	return leave(s, YAML_MAPPING_END_EVENT);
}

static bool flow_node(scanner *s)
{
	switch (ch(s)) {
	case '[':
		return flow_sequence(s);
	case '{':
		return flow_mapping(s);
	default:
		return flow_scalar(s, false);
	}
}

/* ---- block collections ---- */

static bool block_mapping(scanner *s, uint32_t indent);
static bool block_sequence(scanner *s, uint32_t indent, bool indentless);

/* A value on the line of its key or dash, in a collection at column
 * indent: a block scalar; or a flow collection, a quoted or a plain scalar
 * and the rest of the line. */
static bool inline_value(scanner *s, uint32_t indent)
{
	bool ok;
	switch (ch(s)) {
	case '|':
	case '>':
		return block_scalar(s, indent);
	case '[':
		ok = flow_sequence(s);
		break;
	case '{':
		ok = flow_mapping(s);
		break;
	case '\'':
	case '"':
		ok = quoted(s);
		break;
	default:
		ok = plain_block_value(s);
	}
	return ok && line_done(s);
}

/* The block collection on the lines after "key:" or "-" (deeper than
 * indent, or a list at indent after a key), else an empty scalar. */
static bool value_below(scanner *s, uint32_t indent, bool key, kam_fast_mark after_indicator)
{
	if (!at_end(s)) {
		uint32_t col = column(s);
		if (key && col == indent && is_dash(s))
			return block_sequence(s, col, true);
		if (col > indent)
			return is_dash(s) ? block_sequence(s, col, false) : block_mapping(s, col);
	}
	push_empty(s, after_indicator);
	return true;
}

/* Where the ':' of a key that starts here is, or 0: a plain key of
 * ordinary characters, or a quoted one, right before ": " or ':' and the
 * line's end. */
static uint32_t key_colon(const scanner *s)
{
	uint32_t i = s->pos;
	char q = s->t[i];
	if (q == '\'' || q == '"') {
		const char *close = memchr(s->t + i + 1, q, s->len - i - 1);
		i = close ? (uint32_t)(close - s->t) + 1 : s->len;
	} else if (plain_start(s)) {
		while (i < s->len && !is(s->t[i], KEY_END))
			i++;
	} else {
		return 0;
	}
	if (i >= s->len || s->t[i] != ':' || !blankz(i + 1 < s->len ? s->t[i + 1] : '\0') ||
	    s->t[i - 1] == ' ' || i - s->pos > FAST_MAX_KEY || memchr(s->t + s->pos, '\n', i - s->pos))
		return 0;
	return i;
}

static bool block_key(scanner *s)
{
	uint32_t colon = key_colon(s);
	if (!colon)
		return false;
	if (ch(s) == '\'' || ch(s) == '"') {
		if (!quoted(s) || s->pos != colon)
			return false;
	} else {
		kam_fast_mark start = here(s);
		uint32_t from = s->pos;
		s->pos = colon;
		push_scalar(s, YAML_PLAIN_SCALAR_STYLE, start, from, colon - from);
	}
	s->pos++; /* the ':' */
	return true;
}

/* The lines after an entry: on at indent, or done (back out, or the end). */
static bool next_entry(const scanner *s, uint32_t indent, bool *more)
{
	*more = !at_end(s) && column(s) >= indent;
	return at_end(s) || column(s) <= indent;
}

static bool block_mapping(scanner *s, uint32_t indent)
{
	if (!enter(s))
		return false;
	push(s, YAML_MAPPING_START_EVENT, YAML_BLOCK_MAPPING_STYLE, here(s));
	for (bool more = true; more;) {
		if (!block_key(s))
			return false;
		kam_fast_mark after = here(s);
		bool ok = line_done(s) ? value_below(s, indent, true, after) : inline_value(s, indent);
		if (!ok || !next_entry(s, indent, &more))
			return false;
	}
	return leave(s, YAML_MAPPING_END_EVENT);
}

static bool sequence_item(scanner *s, uint32_t indent)
{
	s->pos++; /* the '-' */
	kam_fast_mark after = here(s);
	if (line_done(s))
		return value_below(s, indent, false, after);
	if (is_dash(s)) /* "- - x" */
		return false;
	return key_colon(s) ? block_mapping(s, column(s)) : inline_value(s, indent);
}

static bool block_sequence(scanner *s, uint32_t indent, bool indentless)
{
	if (!enter(s))
		return false;
	push(s, YAML_SEQUENCE_START_EVENT, YAML_BLOCK_SEQUENCE_STYLE, here(s));
	for (bool more = true; more;) {
		if (!sequence_item(s, indent) || !next_entry(s, indent, &more))
			return false;
		if (more && !is_dash(s)) { /* the key after a list at its key's indent */
			if (!indentless)
				return false;
			more = false;
		}
	}
	return leave(s, YAML_SEQUENCE_END_EVENT);
}

/* ---- the document ---- */

/* The character of the UTF-8 sequence at t (n bytes left) that libyaml
 * reads as an ordinary printable one, and its length; 0 for anything else:
 * invalid UTF-8, a control character, NEL, the line and paragraph
 * separators (line breaks to libyaml), a BOM, U+FFFE and U+FFFF. */
static size_t printable_utf8(const unsigned char *t, size_t n)
{
	size_t len = t[0] >= 0xF0 ? 4 : t[0] >= 0xE0 ? 3 : t[0] >= 0xC2 ? 2 : 0;
	if (!len || len > n || t[0] > 0xF4)
		return 0;
	uint32_t c = t[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((t[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (t[i] & 0x3F);
	}
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < least[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	if (c < 0xA0 || c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF)
		return 0;
	return len;
}

static bool document_marker(const char *t, size_t left)
{
	return left >= 3 && (memcmp(t, "---", 3) == 0 || memcmp(t, "...", 3) == 0);
}

/* Whether the 8 bytes at t are all printable ASCII (0x20 to 0x7E). */
static bool eight_printable(const char *t)
{
	uint64_t w;
	memcpy(&w, t, sizeof(w));
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t below_space = (w - 0x20 * ones) & ~w & highs;
	uint64_t del = ((w ^ 0x7F * ones) - ones) & ~(w ^ 0x7F * ones) & highs;
	return !((w & highs) | below_space | del);
}

/* Printable characters and line feeds only (no tab, no CR, no control
 * character), and no line that libyaml could take for a document marker;
 * *ascii: no byte above 0x7E. Eight bytes at a time where it can: this
 * pass over every byte was a third of the scan. */
static bool plain_text(const char *t, size_t len, bool *ascii)
{
	*ascii = true;
	if (document_marker(t, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (len - i >= 8 && eight_printable(t + i)) {
			i += 7;
			continue;
		}
		unsigned char c = (unsigned char)t[i];
		if (c > 0x7E) {
			size_t n = printable_utf8((const unsigned char *)t + i, len - i);
			if (!n)
				return false;
			*ascii = false;
			i += n - 1;
		} else if (c == '\n') {
			if (document_marker(t + i + 1, len - i - 1))
				return false;
		} else if (c < 0x20) {
			return false;
		}
	}
	return true;
}

bool kam_yaml_fast_scan(const char *text, size_t len, unsigned max_depth, kam_fast_events *out)
{
	out->count = 0;
	out->texts.len = 0;
	bool ascii;
	if (len >= UINT32_MAX / 2 || !plain_text(text, len, &ascii))
		return false;
	/* about one event per ten bytes: room for most documents at once */
	size_t expected = len / 12 + 16;
	out->items = kam_grow(out->items, &out->alloc, expected < 65536 ? expected : 65536,
			      sizeof(kam_fast_event));
	scanner s = {.t = text, .len = (uint32_t)len, .out = out, .ascii = ascii,
		     .max_depth = max_depth < FAST_MAX_DEPTH ? max_depth : FAST_MAX_DEPTH};
	content_from_line_start(&s);
	if (at_end(&s)) /* comments alone: libyaml gives no document */
		return true;
	if (column(&s) != 0)
		return false;
	push(&s, YAML_DOCUMENT_START_EVENT, 0, (kam_fast_mark){0, 0, 0});
	bool ok = is_dash(&s) ? block_sequence(&s, 0, false) : block_mapping(&s, 0);
	return ok && at_end(&s);
}

void kam_fast_events_release(kam_fast_events *events)
{
	free(events->items);
	kam_buf_release(&events->texts);
	*events = (kam_fast_events){0};
}
