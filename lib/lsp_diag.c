/* Findings as LSP diagnostics. kam's columns count characters (code
 * points); a client counts UTF-16 code units unless it agreed on another
 * encoding, so each position is measured again in the text that was
 * checked. */
#include "lsp_diag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kam/util.h"
#include "banned.h"

static const char *const encoding_names[] = {"utf-8", "utf-16", "utf-32"};

const char *lsp_encoding_name(lsp_encoding enc)
{
	return encoding_names[enc];
}

int lsp_encoding_parse(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (name && strcmp(name, encoding_names[i]) == 0)
			return i;
	return -1;
}

json_t *lsp_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	kam_buf b = KAM_BUF_INIT;
	size_t len = strlen(s);
	for (size_t at = 0; at < len;) {
		uint32_t cp;
		size_t k = kam_utf8_decode(s + at, len - at, &cp);
		if (k)
			kam_buf_add(&b, s + at, k);
		else
			kam_buf_puts(&b, "\xef\xbf\xbd");
		at += k ? k : 1;
	}
	j = json_string(kam_buf_cstr(&b));
	kam_buf_release(&b);
	return j;
}

/* The byte where the 1-based line starts (len past the last line). */
static size_t line_start(const char *text, size_t len, unsigned line)
{
	size_t at = 0;
	for (unsigned l = 1; l < line; l++) {
		const char *nl = memchr(text + at, '\n', len - at);
		if (!nl)
			return len;
		at = (size_t)(nl - text) + 1;
	}
	return at;
}

static bool line_end(char c)
{
	return c == '\n' || c == '\r';
}

/* The code point at text[at], and its length (1 for an invalid byte). */
static size_t next_char(const char *text, size_t len, size_t at, uint32_t *cp)
{
	size_t k = kam_utf8_decode(text + at, len - at, cp);
	if (!k)
		*cp = 0xFFFD;
	return k ? k : 1;
}

static unsigned units(uint32_t cp, size_t bytes, lsp_encoding enc)
{
	if (enc == LSP_UTF8)
		return (unsigned)bytes;
	return enc == LSP_UTF16 && cp >= 0x10000 ? 2 : 1;
}

/* Move over n characters from at, not past the line's end; *count adds
 * their units. */
static size_t advance(const char *text, size_t len, size_t at, size_t n, lsp_encoding enc,
		      unsigned *count)
{
	for (size_t i = 0; i < n && at < len && !line_end(text[at]); i++) {
		uint32_t cp;
		size_t k = next_char(text, len, at, &cp);
		*count += units(cp, k, enc);
		at += k;
	}
	return at;
}

/* The end of the bracket that closes the one at text[at] on its line
 * (backslash escapes skipped), or at. */
static size_t closing(const char *text, size_t len, size_t at, char open, char close)
{
	int depth = 0;
	for (size_t i = at; i < len && !line_end(text[i]); i++) {
		if (text[i] == '\\' && i + 1 < len && !line_end(text[i + 1]))
			i++;
		else if (text[i] == open)
			depth++;
		else if (text[i] == close && --depth == 0)
			return i + 1;
	}
	return at;
}

/* The end of a Markdown link [text](destination) or image ![...](...)
 * at at, whose text may hold blanks; at when there is none. */
static size_t link_end(const char *text, size_t len, size_t at)
{
	size_t i = at < len && text[at] == '!' ? at + 1 : at;
	if (i + 1 >= len || text[i] != '[' || text[i + 1] == '[')
		return at;
	size_t label = closing(text, len, i, '[', ']');
	if (label == i || label >= len || text[label] != '(')
		return at;
	size_t end = closing(text, len, label, '(', ')');
	return end == label ? at : end;
}

/* The end of the word at at: up to a blank, without trailing
 * punctuation or a closing bracket the word did not open ("c.mueller}"
 * of a flow mapping, "[[ref]]." at the end of a sentence); a link, whole,
 * with the blanks of its text. */
static size_t word_end(const char *text, size_t len, size_t at)
{
	size_t end = link_end(text, len, at);
	if (end > at)
		return end;
	while (end < len && !line_end(text[end]) && text[end] != ' ' && text[end] != '\t')
		end++;
	for (;;) {
		if (end > at && text[end - 1] && strchr(",;.:!?", text[end - 1]))
			end--;
		else if (end > at && text[end - 1] && strchr(")]}", text[end - 1])) {
			char close = text[end - 1], open = close == ')' ? '(' : close == ']' ? '[' : '{';
			int depth = 0;
			for (size_t i = at; i < end; i++)
				depth += (text[i] == open) - (text[i] == close);
			if (depth >= 0)
				break;
			end--;
		} else
			break;
	}
	return end;
}

typedef struct lsp_range {
	unsigned line, start, end; /* 0-based line; start and end in units */
} lsp_range;

static lsp_range range_of(const kam_diag *d, const char *text, size_t len, lsp_encoding enc)
{
	lsp_range r = {d->line ? d->line - 1 : 0, 0, 0};
	if (!d->line)
		return r;
	if (!text) { /* the file is not at hand: a character is a unit */
		r.start = d->column ? d->column - 1 : 0;
		r.end = r.start + 1;
		return r;
	}
	size_t at = line_start(text, len, d->line);
	if (d->line == 1 && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		at = advance(text, len, at, 1, enc, &r.start); /* kam counts after the BOM */
	at = advance(text, len, at, d->column ? d->column - 1 : 0, enc, &r.start);
	size_t end = word_end(text, len, at);
	if (end == at && at < len && !line_end(text[at]))
		end = at + 1; /* a blank: one character */
	r.end = r.start;
	while (at < end) {
		uint32_t cp;
		size_t k = next_char(text, len, at, &cp);
		r.end += units(cp, k, enc);
		at += k;
	}
	return r;
}

static json_t *position(unsigned line, unsigned character)
{
	return json_pack("{s:I,s:I}", "line", (json_int_t)line, "character", (json_int_t)character);
}

/* The byte where line (1-based) starts, after a byte order mark on line 1. */
static size_t content_start(const char *text, size_t len, unsigned line)
{
	size_t at = line_start(text, len, line);
	if (at == 0 && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		at = 3;
	return at;
}

size_t lsp_offset(const char *text, size_t len, unsigned line, unsigned character,
		  lsp_encoding enc)
{
	size_t at = line_start(text, len, line + 1);
	unsigned count = 0;
	while (at < len && !line_end(text[at])) {
		uint32_t cp;
		size_t k = next_char(text, len, at, &cp);
		unsigned u = units(cp, k, enc);
		if (count + u > character)
			break;
		count += u;
		at += k;
	}
	return at;
}

size_t lsp_kam_offset(const char *text, size_t len, unsigned line, unsigned column)
{
	unsigned ignored = 0;
	return advance(text, len, content_start(text, len, line ? line : 1), column ? column - 1 : 0,
		       LSP_UTF32, &ignored);
}

json_t *lsp_position_at(const char *text, size_t len, size_t offset, lsp_encoding enc)
{
	if (offset > len)
		offset = len;
	unsigned line = 0;
	size_t at = 0;
	for (const char *nl; (nl = memchr(text + at, '\n', offset - at));) {
		line++;
		at = (size_t)(nl - text) + 1;
	}
	unsigned character = 0;
	while (at < offset) {
		uint32_t cp;
		size_t k = next_char(text, len, at, &cp);
		character += units(cp, k, enc);
		at += k;
	}
	return position(line, character);
}

json_t *lsp_range_at(const char *text, size_t len, size_t start, size_t end, lsp_encoding enc)
{
	return json_pack("{s:o,s:o}", "start", lsp_position_at(text, len, start, enc), "end",
			 lsp_position_at(text, len, end < start ? start : end, enc));
}

json_t *lsp_diagnostic(const kam_diag *d, const char *text, size_t len, lsp_encoding enc,
		       const char *related_uri)
{
	lsp_range r = range_of(d, text, len, enc);
	bool related = d->hint && related_uri;
	char *message = d->hint ? kam_xprintf("%s\nhint: %s", d->message, d->hint)
				: kam_xstrdup(d->message);
	json_t *j = json_pack("{s:{s:o,s:o},s:i,s:s,s:s,s:o}", "range", "start",
			      position(r.line, r.start), "end", position(r.line, r.end), "severity",
			      d->severity == KAM_SEV_ERROR ? 1 : 2, "code", kam_rule_id(d->rule),
			      "source", "kam", "message", lsp_text(message));
	free(message);
	if (related) {
		/* the hint also as related information at the finding's own
		 * place: Neovim, for one, says it takes related information and
		 * never shows it, so the message keeps the hint too */
		char *hint = kam_xprintf("hint: %s", d->hint);
		json_t *at = json_pack("{s:s,s:O}", "uri", related_uri, "range",
				       json_object_get(j, "range"));
		json_object_set_new(j, "relatedInformation",
				    json_pack("[{s:o,s:o}]", "location", at, "message", lsp_text(hint)));
		free(hint);
	}
	return j;
}
