/* The Markdown writer (mdwrite.h). */
#define _DEFAULT_SOURCE
#include "mdwrite.h"

#include "kam/term.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* The length of the valid UTF-8 sequence at p (NUL-terminated), or 0;
 * *hidden says whether it is a C1 control (U+0080..U+009F) or a
 * bidirectional control that reorders what a reader sees. */
static size_t utf8_len(const unsigned char *p, bool *hidden)
{
	uint32_t c = 0;
	size_t n = kam_utf8_decode((const char *)p, strnlen((const char *)p, 4), &c);
	*hidden = n > 1 && ((c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
			    (c >= 0x2066 && c <= 0x2069));
	return n;
}

/* Walk s by characters: plain UTF-8 sequences are copied, an ASCII byte
 * goes to put_ascii (with the value's start, for where it stands), a
 * control or invalid byte becomes a space or U+FFFD. */
static void each_char(kam_buf *out, const char *s,
		      void (*put_ascii)(kam_buf *, const char *start, const char *p))
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		bool hidden;
		size_t n = utf8_len(p, &hidden);
		if (n == 1 && (*p < 0x20 || *p == 0x7F))
			kam_buf_putc(out, ' ');
		else if (n == 1)
			put_ascii(out, s, (const char *)p);
		else if (hidden)
			kam_buf_putc(out, ' ');
		else if (n)
			kam_buf_add(out, (const char *)p, n);
		else
			kam_buf_puts(out, "\xEF\xBF\xBD");
		p += n ? n : 1;
	}
}

/* Whether the byte at p (inside the text that starts at start) needs a
 * backslash: always for what opens or closes inline structure; # + - =
 * and an ordered list's "1." or "1)" only where the value starts (a value
 * never starts a line otherwise: its line breaks are spaces); the ':' of
 * "://" and the '.' of "www." so no URL in a value becomes a link. */
static bool needs_backslash(const char *start, const char *p)
{
	if (strchr("\\`*_[]|~", *p))
		return true;
	if (p == start && strchr("#+-=", *p))
		return true;
	if ((*p == '.' || *p == ')') && p > start &&
	    strspn(start, "0123456789") == (size_t)(p - start))
		return true;
	if (*p == ':' && p[1] == '/' && p[2] == '/')
		return true;
	return *p == '.' && p - start >= 3 && strncasecmp(p - 3, "www", 3) == 0;
}

static void text_char(kam_buf *out, const char *start, const char *p)
{
	if (*p == '<' || *p == '>' || *p == '&') {
		kam_buf_puts(out, *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : "&amp;");
		return;
	}
	if (needs_backslash(start, p))
		kam_buf_putc(out, '\\');
	kam_buf_putc(out, *p);
}

void kam_md_text(kam_buf *out, const char *s)
{
	if (s)
		each_char(out, s, text_char);
}

static void code_char(kam_buf *out, const char *start, const char *p)
{
	(void)start;
	kam_buf_putc(out, *p);
}

void kam_md_code(kam_buf *out, const char *s)
{
	s = s ? s : "";
	size_t longest = 0, run = 0;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	size_t len = strlen(s);
	bool pad = len && (s[0] == '`' || s[len - 1] == '`' || s[0] == ' ' || s[len - 1] == ' ');
	for (size_t i = 0; i <= longest; i++)
		kam_buf_putc(out, '`');
	kam_buf_puts(out, pad ? " " : "");
	if (!len)
		kam_buf_putc(out, ' ');
	each_char(out, s, code_char);
	kam_buf_puts(out, pad ? " " : "");
	for (size_t i = 0; i <= longest; i++)
		kam_buf_putc(out, '`');
}

static void mermaid_char(kam_buf *out, const char *start, const char *p)
{
	(void)start;
	/* Mermaid's entity codes: #quot; #35; (#), #37; (%) ... */
	if (strchr("\"<>&#%[](){}|`;\\", *p))
		kam_buf_printf(out, "#%d;", (int)(unsigned char)*p);
	else
		kam_buf_putc(out, *p);
}

void kam_mermaid_label(kam_buf *out, const char *s)
{
	if (s)
		each_char(out, s, mermaid_char);
}

void kam_mermaid_id(kam_buf *out, size_t number)
{
	kam_buf_printf(out, "n%zu", number);
}
