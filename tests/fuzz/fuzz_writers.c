/* libFuzzer: the terminal and Markdown writers over any bytes, with their
 * guarantees checked: no control byte, valid UTF-8, no raw '<' in Markdown,
 * a code span no backtick run inside can close, no Mermaid syntax in a
 * label. A broken guarantee aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kam/kam.h"
#include "../../lib/mdwrite.h"

static void require(int ok)
{
	if (!ok)
		abort();
}

static int is_c1(const unsigned char *p)
{
	return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
}

/* No control byte (except TAB, and LF when lines), no C1, valid UTF-8. */
static void plain(const kam_buf *b, int lines)
{
	const unsigned char *p = (const unsigned char *)kam_buf_cstr(b);
	require(kam_utf8_check((const char *)p, b->len) == b->len);
	for (size_t i = 0; i < b->len; i++) {
		require(p[i] >= 0x20 || p[i] == '\t' || (lines && p[i] == '\n'));
		require(p[i] != 0x7F && !is_c1(p + i));
	}
}

static void check_code(const kam_buf *b)
{
	const char *s = kam_buf_cstr(b);
	size_t fence = strspn(s, "`");
	require(fence > 0 && b->len >= 2 * fence);
	for (size_t i = 0; i < fence; i++)
		require(s[b->len - 1 - i] == '`');
	size_t run = 0; /* no run of fence backticks inside */
	for (size_t i = fence; i < b->len - fence; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		require(run < fence);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	kam_buf b = KAM_BUF_INIT;
	kam_term_textn(&b, (const char *)data, size);
	plain(&b, 0);
	kam_buf_reset(&b);
	kam_term_lines(&b, (const char *)data, size);
	plain(&b, 1);
	kam_buf_reset(&b);
	kam_md_text(&b, s);
	plain(&b, 0);
	require(!memchr(kam_buf_cstr(&b), '<', b.len) && !memchr(kam_buf_cstr(&b), '>', b.len));
	for (const char *u = strstr(kam_buf_cstr(&b), "://"); u; u = strstr(u + 1, "://"))
		require(u[-1] == '\\'); /* "https\://": no autolink */
	kam_buf_reset(&b);
	kam_md_code(&b, s);
	plain(&b, 0);
	check_code(&b);
	kam_buf_reset(&b);
	kam_mermaid_label(&b, s);
	plain(&b, 0);
	require(!strpbrk(kam_buf_cstr(&b), "\"<>%[](){}|`"));
	kam_buf_release(&b);
	free(s);
	return 0;
}
