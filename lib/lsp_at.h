/* lsp_at.h - what is at a position of a document: the reference or the
 * declared id the index has there, and where a reference or an id lies in
 * a file's text. Shared by hover, go to definition, references and
 * rename. Private to lib/lsp*.c. */
#ifndef KAM_LSP_AT_H
#define KAM_LSP_AT_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/index.h"
#include "lsp_server.h"

typedef struct lsp_target {
	const kam_ref *ref;       /* the reference under the cursor, or NULL */
	const kam_entity *entity; /* the id declared under the cursor, or what ref names */
	size_t start, end;        /* the bytes of the id or reference in the document */
} lsp_target;

/* The number of the document at the absolute path in r's index, or
 * (size_t)-1 when the index does not hold it. */
size_t lsp_doc_number(const lsp_repo *r, const char *path);

/* The reference or declared id at the byte offset of d, which r's index
 * was built from (the server checks before a request). False when there
 * is none. */
bool lsp_target_at(const lsp_repo *r, const lsp_doc *d, size_t offset, lsp_target *out);

/* Where in text (a file's bytes, as indexed) the reference lies: a field's
 * value (with its quotes), a [[wiki]] reference with its brackets, a
 * link's destination. False when it is not found there (the text
 * changed). */
bool lsp_ref_span(const char *text, size_t len, const kam_ref *ref, size_t *start, size_t *end);
/* Where an entity's id is written in text (with its quotes). */
bool lsp_entity_span(const char *text, size_t len, const kam_entity *e, size_t *start,
		     size_t *end);

#endif
