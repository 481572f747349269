/* lsp_server.h - what the language server's features (completion, hover,
 * navigation, rename, symbols, code actions) see of the server: its open
 * documents, each repository as last checked, positions in the client's
 * encoding. Private to lib/lsp*.c.
 *
 * A feature is a request handler in the table of lib/lsp.c: it gets the
 * request's params and returns its result (a new reference; json_null()
 * for "nothing here"), or NULL after lsp_fail. The server checks every
 * changed repository before a request is handled, so what lsp_repo_of
 * returns is the state after the last edit. */
#ifndef KAM_LSP_SERVER_H
#define KAM_LSP_SERVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/index.h"
#include "kam/repo.h"
#include "kam/rules.h"
#include "kam/workspace.h"
#include "lsp_diag.h"

typedef struct server lsp_server;

/* JSON-RPC and LSP error codes. */
enum {
	LSP_PARSE_ERROR = -32700,
	LSP_INVALID_REQUEST = -32600,
	LSP_METHOD_NOT_FOUND = -32601,
	LSP_INVALID_PARAMS = -32602,
	LSP_SERVER_NOT_INITIALIZED = -32002,
	LSP_REQUEST_FAILED = -32803,
	/* not sent: the request is about a document the server does not
	 * serve (not open, outside the workspace folders, not in a plans
	 * repository), which gets the method's empty result, as every other
	 * file gets nothing */
	LSP_NOT_SERVED = 1
};

/* A request's failure: its code and message. */
typedef struct lsp_error {
	int code;
	char *message;
} lsp_error;

/* Set err (the first failure wins) and return NULL. */
json_t *lsp_fail(lsp_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

typedef json_t *(*lsp_handler)(lsp_server *s, json_t *params, lsp_error *err);

/* A document open in the editor. */
typedef struct lsp_doc {
	const char *uri;  /* as the client spells it */
	const char *path; /* absolute, its folder resolved through symbolic links */
	const char *root; /* of its plans repository */
	const char *text; /* the buffer: len bytes, NUL-terminated */
	size_t len;
	json_int_t version; /* the client's, of the last change */
} lsp_doc;

/* A repository as last checked, with the open buffers standing for their
 * files. Valid until the next change is handled (the handler's call). */
typedef struct lsp_repo {
	const char *root;      /* absolute */
	const kam_repo *repo;  /* NULL when kam.yaml could not be read */
	const kam_index *index; /* resolved; files relative to root; NULL with repo */
	const kam_plan_summary *plans; /* every plan's summary, in file order */
	size_t plan_count;
	/* the findings: kam_workspace_findings(ws, rel) gives a file's (rel
	 * relative to root), finished, as published */
	const kam_workspace *ws;
} lsp_repo;

/* The open document named by params.textDocument.uri, or NULL after
 * lsp_fail (no uri: InvalidParams; not open: LSP_NOT_SERVED). */
const lsp_doc *lsp_doc_of(lsp_server *s, json_t *params, lsp_error *err);
/* The open document at uri or at an absolute path, or NULL. */
const lsp_doc *lsp_doc_find(lsp_server *s, const char *uri);
const lsp_doc *lsp_doc_at_path(lsp_server *s, const char *path);

/* The repository at root, checked first if something changed. NULL when
 * no open document is in it. */
const lsp_repo *lsp_repo_of(lsp_server *s, const char *root);

/* The text of the file at rel (relative to root): the open buffer when the
 * editor has it open, else the file on disk, confined to the repository.
 * NULL when it cannot be read. Caller frees. */
char *lsp_file_text(lsp_server *s, const char *root, const char *rel, size_t *len);

/* The URI of the file at rel in root: the client's spelling when it is
 * open, else file:// and the path escaped. Caller frees. */
char *lsp_file_uri(lsp_server *s, const char *root, const char *rel);

/* file:// URIs and absolute paths (NULL for another scheme, a remote host,
 * "." or ".." components). Caller frees. */
char *lsp_uri_path(const char *uri);
char *lsp_path_uri(const char *path);

lsp_encoding lsp_encoding_of(const lsp_server *s);
/* The client's capabilities as sent with initialize (borrowed). */
json_t *lsp_client_capabilities(const lsp_server *s);
/* Where the client says which MarkupKinds it takes, first preferred. */
typedef enum { LSP_MARKUP_HOVER, LSP_MARKUP_COMPLETION } lsp_markup_use;
/* MarkupContent of Markdown text for the client: markdown, or plaintext
 * with the marks taken out (bold, code, backslash escapes, entities) when
 * the client's formats for use (textDocument.hover.contentFormat,
 * textDocument.completion.completionItem.documentationFormat) put
 * plaintext first or have no markdown. New reference. */
json_t *lsp_markup(const lsp_server *s, lsp_markup_use use, const char *markdown);
/* YYYY-MM-DD or NULL for the clock: what the plan rules take as today. */
const char *lsp_today(const lsp_server *s);

/* One line of the server's log (stderr). */
void lsp_log(lsp_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
