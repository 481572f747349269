/* kam/lsp.h - kam's language server: the Language Server Protocol 3.17
 * over a pair of file descriptors (stdin and stdout for `kam lsp`).
 *
 * What it serves (docs/editors.md): the findings of `kam check` for every
 * open plan or meeting note of a workspace folder, as the editor's buffers
 * have them (not the files on disk), published on open, change, save and
 * close, and for every file of the repository whose findings an edit
 * changes; full-document sync; watched files. The features of the table in
 * lib/lsp.c (completion, hover, definition, references, rename, symbols,
 * code actions); any other method answers MethodNotFound.
 *
 * As a server it survives its client: a malformed message is answered
 * with a JSON-RPC error (ParseError -32700, InvalidRequest -32600,
 * MethodNotFound -32601, ServerNotInitialized -32002) and the server reads
 * on; a header it cannot frame makes it skip to the next
 * "Content-Length:"; a body over the size limit is answered with an error
 * and skipped without being kept; documents outside the workspace folders
 * are ignored and nothing around them is read; the end of its input ends
 * it. */
#ifndef KAM_LSP_H
#define KAM_LSP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest message body read by default: an 8 MiB plan (the file size
 * limit) with room for JSON's escapes. */
#define KAM_LSP_MAX_MESSAGE (16u << 20)

typedef struct kam_lsp_options {
	const char *today;  /* YYYY-MM-DD for the plan rules, or NULL for the clock */
	size_t max_message; /* the largest body accepted, bytes; 0: KAM_LSP_MAX_MESSAGE */
	/* one line of the server's log (what went wrong, for stderr), without
	 * a line end; NULL: no log */
	void (*log)(void *ctx, const char *line);
	void *log_ctx;
} kam_lsp_options;

/* Serve one client: read messages from in, write responses and
 * notifications to out, until the exit notification or the end of in.
 * Returns the process's exit status as the protocol defines it: 0 when
 * exit followed shutdown, 1 otherwise (exit without shutdown, the input
 * ended, out could not be written to). Writing to a client that is gone
 * must not kill the process: the caller ignores SIGPIPE. */
int kam_lsp_serve(int in, int out, const kam_lsp_options *options);

#ifdef __cplusplus
}
#endif

#endif
