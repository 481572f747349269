/* The LSP base protocol: "Content-Length: N\r\n\r\n" and N bytes of JSON.
 * The reader holds a fixed buffer, keeps at most one header line, one
 * body (bounded by max_body) and the bytes of a body given back (at most
 * a body's), and always consumes input, so a client that
 * sends garbage, lies about lengths or vanishes can neither grow the
 * server's memory nor make it loop without reading. */
#define _POSIX_C_SOURCE 200809L
#include "lsp_rpc.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "banned.h"

static const char length_header[] = "Content-Length:";

void rpc_reader_init(rpc_reader *r, int fd, size_t max_body)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->max_body = max_body;
}

void rpc_reader_release(rpc_reader *r)
{
	kam_buf_release(&r->back);
}

/* More bytes into the buffer, those given back first: 1, 0 at the end of
 * the stream, -1 on error. */
static int fill(rpc_reader *r, kam_buf *why)
{
	if (r->start == r->end)
		r->start = r->end = 0;
	else if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == sizeof(r->buf))
		return 1; /* full: the caller consumes first */
	if (r->back_at < r->back.len) {
		size_t n = r->back.len - r->back_at, room = sizeof(r->buf) - r->end;
		if (n > room)
			n = room;
		memcpy(r->buf + r->end, r->back.ptr + r->back_at, n);
		r->end += n;
		r->back_at += n;
		if (r->back_at == r->back.len) {
			kam_buf_release(&r->back);
			r->back_at = 0;
		}
		return 1;
	}
	if (r->eof)
		return 0;
	ssize_t n;
	do
		n = read(r->fd, r->buf + r->end, sizeof(r->buf) - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		kam_buf_printf(why, "cannot read the client's messages: %s", strerror(errno));
		return -1;
	}
	if (n == 0) {
		r->eof = true;
		return 0;
	}
	r->end += (size_t)n;
	return 1;
}

void rpc_unread(rpc_reader *r, const char *data, size_t n)
{
	kam_buf back = KAM_BUF_INIT;
	kam_buf_add(&back, data, n);
	kam_buf_add(&back, r->buf + r->start, r->end - r->start);
	if (r->back_at < r->back.len)
		kam_buf_add(&back, r->back.ptr + r->back_at, r->back.len - r->back_at);
	kam_buf_release(&r->back);
	r->back = back;
	r->back_at = 0;
	r->start = r->end = 0;
}

/* Where "Content-Length:" starts in s[0, n), in any case, or n. */
static size_t find_length_header(const char *s, size_t n)
{
	const size_t k = sizeof(length_header) - 1;
	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, length_header, k) == 0)
			return i;
	return n;
}

size_t rpc_next_header(const char *body, size_t n, size_t json_end)
{
	const size_t k = sizeof(length_header) - 1;
	for (size_t i = json_end; i < n; i++) {
		size_t m = n - i < k ? n - i : k;
		if (strncasecmp(body + i, length_header, m) == 0)
			return i;
	}
	return n;
}

/* Drop what is left of an oversized body. */
static int drop_skipped(rpc_reader *r, kam_buf *why)
{
	while (r->skip) {
		if (r->start == r->end) {
			int rc = fill(r, why);
			if (rc <= 0)
				return rc;
		}
		size_t n = r->end - r->start < r->skip ? r->end - r->start : r->skip;
		r->start += n;
		r->skip -= n;
	}
	return 1;
}

/* After a bad header: skip to the next "Content-Length:", in any case and
 * wherever it is (a body without framing does not end with a newline). */
static int find_header(rpc_reader *r, kam_buf *why)
{
	const size_t keep = sizeof(length_header) - 2; /* a match cut by the buffer's end */
	while (r->lost) {
		size_t at = find_length_header(r->buf + r->start, r->end - r->start);
		if (at < r->end - r->start) {
			r->start += at;
			r->lost = false;
			break;
		}
		if (r->end - r->start > keep)
			r->start = r->end - keep;
		int rc = fill(r, why);
		if (rc <= 0)
			return rc;
	}
	return 1;
}

/* The next header line, looked at where it is in the buffer, not read
 * yet: buf[start, start + *n) without its line end, *next bytes with it.
 * *too_long when it is longer than RPC_MAX_HEADER_LINE (nothing more is
 * looked at). 1, 0 at the end, -1. */
static int peek_line(rpc_reader *r, size_t *n, size_t *next, bool *too_long, kam_buf *why)
{
	const size_t most = RPC_MAX_HEADER_LINE + 2; /* with "\r\n" */
	*too_long = false;
	for (;;) {
		size_t avail = r->end - r->start, look = avail < most ? avail : most;
		const char *line = r->buf + r->start, *nl = memchr(line, '\n', look);
		if (nl) {
			*next = (size_t)(nl - line) + 1;
			*n = *next - 1;
			if (*n && line[*n - 1] == '\r')
				--*n;
			*too_long = *n > RPC_MAX_HEADER_LINE;
			return 1;
		}
		if (avail >= most) {
			*too_long = true;
			*n = *next = 0;
			return 1;
		}
		int rc = fill(r, why);
		if (rc <= 0)
			return rc;
	}
}

/* The value of a Content-Length header: digits between blanks. */
static bool parse_length(const char *s, size_t *out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t v = 0, digits = 0;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (digits == 15) /* a petabyte: not a message */
			return false;
		v = v * 10 + (size_t)(*s - '0');
	}
	while (*s == ' ' || *s == '\t')
		s++;
	*out = v;
	return digits > 0 && *s == '\0';
}

static rpc_result bad_header(rpc_reader *r, kam_buf *why, const char *what)
{
	kam_buf_puts(why, what);
	r->lost = true;
	return RPC_BAD_HEADER;
}

static rpc_result io_result(int rc)
{
	return rc < 0 ? RPC_IO : RPC_EOF;
}

/* One header field; false (with *what) when it is not one. */
static bool header_field(const kam_buf *line, size_t *length, bool *have_length, const char **what)
{
	const char *colon = memchr(line->ptr, ':', line->len);
	if (!colon || colon == line->ptr) {
		*what = "a header line is not 'Name: value'";
		return false;
	}
	size_t name_len = (size_t)(colon - line->ptr);
	if (name_len != sizeof(length_header) - 2 ||
	    strncasecmp(line->ptr, length_header, name_len) != 0)
		return true; /* Content-Type and others: UTF-8 JSON is all there is */
	size_t v;
	if (!parse_length(colon + 1, &v)) {
		*what = "the Content-Length header is not a number of bytes";
		return false;
	}
	if (*have_length && v != *length) {
		*what = "two Content-Length headers disagree";
		return false;
	}
	*length = v;
	*have_length = true;
	return true;
}

static rpc_result read_headers(rpc_reader *r, size_t *length, kam_buf *why)
{
	kam_buf line = KAM_BUF_INIT;
	bool have_length = false, too_long;
	size_t lines = 0, n, next;
	const char *what = NULL;
	int rc;
	while ((rc = peek_line(r, &n, &next, &too_long, why)) > 0) {
		const char *at = r->buf + r->start;
		if (too_long) {
			/* the next Content-Length may be in it, after a body's tail */
			what = "a header line is too long";
			r->start++;
			break;
		}
		if (n == 0) {
			r->start += next;
			if (lines == 0)
				continue; /* a blank line between messages */
			break;
		}
		size_t header = find_length_header(at + 1, n - 1) + 1;
		if (header < n) {
			/* what is left of a body whose Content-Length was too short,
			 * then the next message's header */
			what = "bytes that are not a header come before a Content-Length header";
			r->start += header;
			break;
		}
		kam_buf_reset(&line);
		kam_buf_add(&line, at, n);
		r->start += next;
		if (++lines > RPC_MAX_HEADER_LINES)
			what = "more header lines than a message has";
		if (what || !header_field(&line, length, &have_length, &what))
			break;
	}
	kam_buf_release(&line);
	if (rc <= 0)
		return io_result(rc);
	if (!what && !have_length)
		what = "a message has no Content-Length header";
	return what ? bad_header(r, why, what) : RPC_MESSAGE;
}

static rpc_result read_body(rpc_reader *r, kam_buf *body, size_t length, kam_buf *why)
{
	while (body->len < length) {
		if (r->start == r->end) {
			int rc = fill(r, why);
			if (rc <= 0) {
				if (rc == 0)
					kam_buf_puts(why, "the stream ended inside a message");
				return io_result(rc);
			}
		}
		size_t n = r->end - r->start;
		if (n > length - body->len)
			n = length - body->len;
		kam_buf_add(body, r->buf + r->start, n);
		r->start += n;
	}
	return RPC_MESSAGE;
}

rpc_result rpc_read(rpc_reader *r, kam_buf *body, size_t *length, kam_buf *why)
{
	kam_buf_reset(body);
	*length = 0;
	int rc = drop_skipped(r, why);
	if (rc > 0)
		rc = find_header(r, why);
	if (rc <= 0)
		return io_result(rc);
	rpc_result res = read_headers(r, length, why);
	if (res != RPC_MESSAGE)
		return res;
	if (*length > r->max_body) {
		r->skip = *length;
		return RPC_TOO_LARGE;
	}
	return read_body(r, body, *length, why);
}

bool rpc_pending(const rpc_reader *r)
{
	if (r->start < r->end || r->back_at < r->back.len)
		return true;
	if (r->eof)
		return false;
	struct pollfd p = {r->fd, POLLIN, 0};
	return poll(&p, 1, 0) > 0;
}

int rpc_write(int fd, const char *body, size_t len)
{
	kam_buf msg = KAM_BUF_INIT;
	kam_buf_printf(&msg, "Content-Length: %zu\r\n\r\n", len);
	kam_buf_add(&msg, body, len);
	int rc = kam_write_all(fd, msg.ptr, msg.len);
	kam_buf_release(&msg);
	return rc;
}
