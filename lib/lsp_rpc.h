/* lsp_rpc.h - the Language Server Protocol's base protocol: messages
 * framed by a Content-Length header, read from and written to file
 * descriptors. Private to lib/lsp*.c. */
#ifndef KAM_LSP_RPC_H
#define KAM_LSP_RPC_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/util.h"

/* A header line longer than this, or more header lines than this, is not
 * a header: the stream is out of step. */
#define RPC_MAX_HEADER_LINE 1024
#define RPC_MAX_HEADER_LINES 32

typedef enum {
	RPC_MESSAGE,    /* a whole body is in the buffer */
	RPC_EOF,        /* the client closed the stream (maybe within a message) */
	RPC_BAD_HEADER, /* headers without a valid Content-Length: *why says what */
	RPC_TOO_LARGE,  /* Content-Length over the limit: the body is skipped */
	RPC_IO          /* read(2) failed: *why says why */
} rpc_result;

typedef struct rpc_reader {
	int fd;
	size_t max_body;   /* the largest body read */
	char buf[65536];
	size_t start, end; /* unread bytes are buf[start..end) */
	bool eof;
	bool lost;         /* after a bad header: skip to the next Content-Length: */
	size_t skip;       /* bytes of an oversized body still to drop */
	kam_buf back;      /* bytes given back (rpc_unread), read before fd's */
	size_t back_at;    /* how many of them were read */
} rpc_reader;

void rpc_reader_init(rpc_reader *r, int fd, size_t max_body);
void rpc_reader_release(rpc_reader *r);

/* Read the next message's body into body (reset first). After
 * RPC_BAD_HEADER the reader skips input up to the next "Content-Length:"
 * (in any case), wherever it is: what is left of a body whose
 * Content-Length was too short has no line end, so the next header may be
 * in the middle of a line; bytes that are not a header before a
 * "Content-Length:" on a line are a bad header too. After RPC_TOO_LARGE
 * (*length says how large) it drops the body, on the next call, without
 * keeping it. Never blocks once the stream has ended. */
rpc_result rpc_read(rpc_reader *r, kam_buf *body, size_t *length, kam_buf *why);

/* Give back n bytes (the tail of a body that were the next message's,
 * when a Content-Length was too long): the next reads see them first. */
void rpc_unread(rpc_reader *r, const char *data, size_t n);

/* Where, in a body that was JSON followed by more bytes (a Content-Length
 * too long), the next message's header starts: the first
 * "Content-Length:" (in any case) after the JSON, or a beginning of one
 * cut by the body's end. n when there is none. */
size_t rpc_next_header(const char *body, size_t n, size_t json_end);

/* Whether a whole message, or at least some bytes, are waiting: in the
 * buffer, given back, or readable on the descriptor right now. */
bool rpc_pending(const rpc_reader *r);

/* Write one message (its body of len bytes) with its header; -1 when the
 * client is gone (EPIPE) or another write error. */
int rpc_write(int fd, const char *body, size_t len);

#endif
