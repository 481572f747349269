/* lsp_features.h - the request handlers of kam lsp's features, each in
 * its own file (lib/lsp_*.c), and the capability each announces. The
 * table that maps methods to them is in lib/lsp.c. Private. */
#ifndef KAM_LSP_FEATURES_H
#define KAM_LSP_FEATURES_H

#include <jansson.h>

#include "lsp_server.h"

/* lib/lsp_symbols.c: the plan's outline (parts, contacts, opportunities,
 * goals, ...; the body's headings). */
json_t *lsp_document_symbols(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_document_symbol_capability(void);

/* lib/lsp_actions.c: quick fixes for "did you mean" and YAML findings. */
json_t *lsp_code_actions(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_code_action_capability(void);

/* lsp_complete.c: textDocument/completion */
json_t *lsp_completion(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_completion_capability(void);
/* The request's position.line/character as a byte offset of d, or false
 * after lsp_fail (missing, or a line past the end of the document). */
bool lsp_request_offset(lsp_server *s, const lsp_doc *d, json_t *params, size_t *offset,
			lsp_error *err);

/* lsp_hover.c: textDocument/hover */
json_t *lsp_hover(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_hover_capability(void);

#endif
