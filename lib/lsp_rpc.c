/* The LSP base protocol: "Content-Length: N\r\n\r\n" and N bytes of JSON.
 * The reader holds a fixed buffer, keeps at most one header line and one
 * body (bounded by max_body), and always consumes input, so a client that
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

/* More bytes into the buffer: 1, 0 at the end of the stream, -1 on error. */
static int fill(rpc_reader *r, kam_buf *why)
{
	if (r->eof)
		return 0;
	if (r->start == r->end)
		r->start = r->end = 0;
	else if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == sizeof(r->buf))
		return 1; /* full: the caller consumes first */
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

/* After a bad header: skip to the next "Content-Length:", wherever it is
 * (a body without framing does not end with a newline). */
static int find_header(rpc_reader *r, kam_buf *why)
{
	const size_t keep = sizeof(length_header) - 2; /* a match cut by the buffer's end */
	while (r->lost) {
		const char *at = NULL;
		for (size_t i = r->start; !at && i + sizeof(length_header) - 1 <= r->end; i++)
			if (memcmp(r->buf + i, length_header, sizeof(length_header) - 1) == 0)
				at = r->buf + i;
		if (at) {
			r->start = (size_t)(at - r->buf);
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

/* One header line without its line end, at most RPC_MAX_HEADER_LINE
 * bytes kept (*too_long when there were more). 1, 0 at the end, -1. */
static int read_line(rpc_reader *r, kam_buf *line, bool *too_long, kam_buf *why)
{
	kam_buf_reset(line);
	*too_long = false;
	for (;;) {
		const char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		size_t n = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
		size_t cap = RPC_MAX_HEADER_LINE + 1;
		size_t room = line->len < cap ? cap - line->len : 0;
		kam_buf_add(line, r->buf + r->start, n < room ? n : room);
		r->start += n + (nl != NULL);
		if (nl)
			break;
		int rc = fill(r, why);
		if (rc <= 0)
			return rc;
	}
	if (line->len > RPC_MAX_HEADER_LINE)
		*too_long = true;
	if (line->len && line->ptr[line->len - 1] == '\r')
		line->ptr[--line->len] = '\0';
	return 1;
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
	size_t lines = 0;
	const char *what = NULL;
	int rc;
	while ((rc = read_line(r, &line, &too_long, why)) > 0) {
		if (line.len == 0 && !too_long) {
			if (lines == 0)
				continue; /* a blank line between messages */
			break;
		}
		if (++lines > RPC_MAX_HEADER_LINES)
			what = "more header lines than a message has";
		else if (too_long)
			what = "a header line is too long";
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
	if (r->start < r->end)
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
