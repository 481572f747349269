/* lsp_features.h - the request handlers of kam lsp's features, each in
 * its own file (lib/lsp_*.c), and the capability each announces, given
 * the client's capabilities (borrowed; NULL when it sent none). The
 * table that maps methods to them is in lib/lsp.c. Private. */
#ifndef KAM_LSP_FEATURES_H
#define KAM_LSP_FEATURES_H

#include <jansson.h>

#include "lsp_server.h"

/* lib/lsp_nav.c: go to definition, find references. */
json_t *lsp_definition(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_definition_capability(json_t *client_caps);
json_t *lsp_references(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_references_capability(json_t *client_caps);
/* The byte of d at params.position, or false after lsp_fail. */
bool lsp_nav_offset(lsp_server *s, json_t *params, const lsp_doc *d, size_t *offset,
		    lsp_error *err);
/* The file (relative to the root) that declares e: kam.yaml for the team. */
const char *lsp_entity_rel(const lsp_repo *r, const kam_entity *e);
/* Whether ref names e (a link to an account's plan names the account). */
bool lsp_names(const lsp_repo *r, const kam_ref *ref, const kam_entity *e);
/* Where e's id is written in text (with its quotes): lsp_entity_span, or
 * for a team member the id on its item's line. */
bool lsp_id_span(const char *text, size_t len, const kam_entity *e, size_t *start, size_t *end);
/* e's file, its text and the bytes of its id there; false (nothing to
 * free) when the file cannot be read or no longer holds the id. */
bool lsp_entity_where(lsp_server *s, const lsp_repo *r, const kam_entity *e, char **rel,
		      size_t *start, size_t *end, char **text, size_t *len);

/* lib/lsp_rename.c: rename an id across the repository, prepareRename. */
json_t *lsp_rename(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_prepare_rename(lsp_server *s, json_t *params, lsp_error *err);
/* true, or {prepareProvider: true} when the client's capabilities take
 * prepareRename (textDocument.rename.prepareSupport) */
json_t *lsp_rename_capability(json_t *client_caps);

/* lib/lsp_symbols.c: the plan's outline (parts, contacts, opportunities,
 * goals, ...; the body's headings). */
json_t *lsp_document_symbols(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_document_symbol_capability(json_t *client_caps);

/* lib/lsp_actions.c: quick fixes for "did you mean" and YAML findings. */
json_t *lsp_code_actions(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_code_action_capability(json_t *client_caps);

/* lsp_complete.c: textDocument/completion */
json_t *lsp_completion(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_completion_capability(json_t *client_caps);
/* The request's position.line/character as a byte offset of d, or false
 * after lsp_fail (missing, or a line past the end of the document). */
bool lsp_request_offset(lsp_server *s, const lsp_doc *d, json_t *params, size_t *offset,
			lsp_error *err);

/* lsp_hover.c: textDocument/hover */
json_t *lsp_hover(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_hover_capability(json_t *client_caps);

#endif
