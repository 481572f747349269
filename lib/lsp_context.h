/* lsp_context.h - what the cursor is in, found from the text's lines and
 * indentation alone (the user is typing: the frontmatter around the cursor
 * need not parse), and the schema node for the frontmatter key path there.
 * Shared by completion and hover. Private to lib/lsp*.c. */
#ifndef KAM_LSP_CONTEXT_H
#define KAM_LSP_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/node.h"

#define LSP_PATH_MAX 16

typedef enum {
	LSP_CTX_NONE,  /* nothing to say here (a comment, past a block) */
	LSP_CTX_KEY,   /* a key of the mapping at path */
	LSP_CTX_VALUE, /* the value at path (a scalar, or an item of a list) */
	LSP_CTX_WIKI,  /* after [[ in the body: word is what follows the brackets */
	LSP_CTX_ANCHOR /* after (file.md# in the body: link is the file */
} lsp_context_kind;

/* One step of a key path: a key, or an item's index (key NULL). */
typedef struct lsp_path_step {
	char key[64];
	bool is_index;
	int index;
} lsp_path_step;

typedef struct lsp_context {
	lsp_context_kind kind;
	lsp_path_step path[LSP_PATH_MAX]; /* KEY: the mapping's path; VALUE: the value's */
	size_t depth;
	size_t word_start, word_end; /* the partial word the cursor is in (bytes of the text) */
	/* KEY: the keys the mapping already has (beside the cursor's line),
	 * '\n'-separated */
	char present[1024];
	char link[256]; /* ANCHOR: the link's file as written */
	bool item_or_key; /* KEY after "- ": a list item, a scalar or a mapping's first key */
} lsp_context;

/* The context of the byte offset in text. */
void lsp_context_at(const char *text, size_t len, size_t offset, lsp_context *out);

/* "opportunities[2].buying_unit[0].contact"; out of size n. */
void lsp_context_path(const lsp_context *c, char *out, size_t n);

/* The schema nodes that apply at the path (its first depth steps),
 * following properties, items, $ref and allOf/anyOf/oneOf/then/else: at
 * most max of them into out. Returns how many. */
size_t lsp_schema_at(const kam_node *root, const lsp_path_step *path, size_t depth,
		     const kam_node **out, size_t max);

/* The subschemas a node stands for: itself, what its $ref names, and the
 * branches of allOf/anyOf/oneOf/then/else, recursively (at most max). */
size_t lsp_schema_expand(const kam_node *root, const kam_node *node, const kam_node **out,
			 size_t max);


/* The node at a data path ("contacts[2]", "" for the root) of a tree. */
const kam_node *lsp_node_at_path(const kam_node *root, const char *path);

/* The account a document at rel (relative to the repository root, whose
 * accounts folder is accounts, relative too) belongs to, into out; and
 * whether it is a plan (accounts/ID.md) rather than a note under
 * accounts/ID/. False when it is neither. */
bool lsp_doc_account(const char *rel, const char *accounts, char *out, size_t n, bool *plan);

#endif
