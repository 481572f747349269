/* The terminal writer: values shown with their control characters
 * escaped (kam/term.h). */
#include "kam/term.h"

#include <stdint.h>
#include <string.h>

#include "banned.h"

static bool hidden(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069);
}

static void put_byte_escape(kam_buf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	if (c == 0x1B)
		kam_buf_puts(out, "\\e");
	else if (c == '\r')
		kam_buf_puts(out, "\\r");
	else if (c == '\n')
		kam_buf_puts(out, "\\n");
	else {
		char e[5] = {'\\', 'x', hex[c >> 4], hex[c & 15], '\0'};
		kam_buf_puts(out, e);
	}
}

static void escape(kam_buf *out, const char *text, size_t len, bool keep_newlines)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t plain = 0; /* start of the run copied as it is */
	for (size_t i = 0; i < len;) {
		uint32_t c = 0;
		size_t n = kam_utf8_decode(text + i, len - i, &c);
		bool control =
		    n == 1 &&
		    ((c < 0x20 && c != '\t' && !(keep_newlines && c == '\n')) || c == 0x7F);
		if (n && !control && !hidden(c)) {
			i += n;
			continue;
		}
		kam_buf_add(out, text + plain, i - plain);
		if (n > 1)
			kam_buf_printf(out, "\\u%04x", (unsigned)c);
		else
			put_byte_escape(out, s[i]);
		i += n ? n : 1;
		plain = i;
	}
	kam_buf_add(out, text + plain, len - plain);
}

void kam_term_text(kam_buf *out, const char *s)
{
	if (s)
		escape(out, s, strlen(s), false);
}

void kam_term_textn(kam_buf *out, const char *s, size_t len)
{
	escape(out, s, len, false);
}

void kam_term_lines(kam_buf *out, const char *s, size_t len)
{
	escape(out, s, len, true);
}

char *kam_term_dup(const char *s)
{
	kam_buf b = KAM_BUF_INIT;
	kam_buf_puts(&b, "");
	kam_term_text(&b, s);
	return kam_buf_detach(&b);
}

bool kam_term_needs_escape(const char *s)
{
	if (!s)
		return false;
	kam_buf b = KAM_BUF_INIT;
	kam_term_text(&b, s);
	bool differs = strcmp(kam_buf_cstr(&b), s) != 0;
	kam_buf_release(&b);
	return differs;
}
