/* lsp_complete.c - textDocument/completion: what may be written at the
 * cursor, from the schema (keys and their descriptions, enum values,
 * x-kam-ref namespaces, quarters) and the index (the ids of contacts, team
 * members, accounts, competitors, offerings...), and in the body [[
 * references and #anchors of relative links. The context comes from
 * lsp_context, which reads lines, not YAML: the text is being typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/body.h"
#include "kam/doc.h"
#include "kam/quarter.h"
#include "kam/schema.h"
#include "lsp_context.h"
#include "lsp_features.h"

/* LSP CompletionItemKind */
enum { KIND_MODULE = 9, KIND_PROPERTY = 10, KIND_VALUE = 12, KIND_ENUM_MEMBER = 20,
       KIND_REFERENCE = 18 };

/* How many quarters from the current one a quarter field offers. */
#define QUARTERS_OFFERED 6

typedef struct completion {
	lsp_server *s;
	const lsp_doc *d;
	const lsp_repo *r;
	const kam_node *schema; /* the document's schema root, or NULL */
	char account[256];      /* the document's account, or "" */
	lsp_context c;
	json_t *items;
	char prefix[256]; /* the partial word before the cursor */
	size_t cursor;
} completion;

json_t *lsp_completion_capability(json_t *client_caps)
{
	(void)client_caps; /* the same whatever the client */
	return json_pack("{s:[s,s,s,s,s], s:b}", "triggerCharacters", ":", "[", "#", "@", " ",
			 "resolveProvider", 0);
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* One item replacing the partial word; group orders the list (0 first). */
static void add_item(completion *cp, const char *label, int kind, const char *detail,
		     const char *doc, int group, const char *insert)
{
	if (!starts_with(label, cp->prefix))
		return;
	size_t i;
	json_t *it;
	json_array_foreach(cp->items, i, it) if (strcmp(json_string_value(json_object_get(it, "label")),
							label) == 0) return;
	char sort[300];
	snprintf(sort, sizeof sort, "%d%05zu", group, json_array_size(cp->items));
	json_t *item = json_pack("{s:o, s:i, s:s, s:{s:o, s:o}}", "label", lsp_text(label), "kind",
				 kind, "sortText", sort, "textEdit", "range",
				 lsp_range_at(cp->d->text, cp->d->len, cp->c.word_start, cp->c.word_end,
					      lsp_encoding_of(cp->s)),
				 "newText", lsp_text(insert ? insert : label));
	if (detail && *detail)
		json_object_set_new(item, "detail", lsp_text(detail));
	if (doc && *doc)
		json_object_set_new(item, "documentation", lsp_markup(cp->s, LSP_MARKUP_COMPLETION, doc));
	json_array_append_new(cp->items, item);
}

/* The schema of the document: a plan's or a meeting note's. */
static const kam_node *document_schema(completion *cp)
{
	if (!cp->r || !cp->r->repo)
		return NULL;
	const char *root = cp->r->root;
	size_t n = strlen(root);
	if (strncmp(cp->d->path, root, n) != 0 || cp->d->path[n] != '/')
		return NULL;
	const char *rel = cp->d->path + n + 1;
	const char *accounts = kam_repo_accounts_path(cp->r->repo);
	size_t an = strlen(accounts);
	const char *accounts_rel = strncmp(accounts, root, n) == 0 && accounts[n] == '/'
					   ? accounts + n + 1
					   : (an == n ? "" : accounts);
	bool plan;
	if (!lsp_doc_account(rel, accounts_rel, cp->account, sizeof cp->account, &plan))
		return NULL;
	const kam_schema *schema = kam_repo_schema(cp->r->repo, plan ? "account" : "meeting");
	return schema ? kam_schema_root(schema) : NULL;
}

/* --- frontmatter keys ------------------------------------------------------ */

static bool key_present(const completion *cp, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = cp->c.present; *p;) {
		const char *nl = strchr(p, '\n');
		if ((size_t)(nl - p) == n && strncmp(p, key, n) == 0)
			return true;
		p = nl + 1;
	}
	return false;
}

static void complete_keys(completion *cp, const kam_node **nodes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const kam_node *props = kam_node_get(nodes[i], "properties");
		const kam_node *required = kam_node_seq_at(nodes[i], "required");
		for (size_t k = 0; props && props->kind == KAM_NODE_MAP && k < props->count; k++) {
			const char *key = props->pairs[k].key->text;
			if (key_present(cp, key))
				continue;
			bool needed = false;
			for (size_t q = 0; required && q < required->count; q++)
				needed |= kam_node_string(required->items[q]) &&
					   strcmp(kam_node_string(required->items[q]), key) == 0;
			char insert[300];
			snprintf(insert, sizeof insert, "%s: ", key);
			const kam_node *p = props->pairs[k].value;
			add_item(cp, key, KIND_PROPERTY, kam_node_text_at(p, "title"),
				 kam_node_text_at(p, "description"), needed ? 0 : 1, insert);
		}
	}
}

/* --- values ------------------------------------------------------------- */

/* Whether an entity of the index is one the document may name: its own
 * account's, or one of the whole repository (team, competitors, accounts). */
static bool in_scope(const completion *cp, const kam_entity *e)
{
	return !e->account || !e->path || !*e->path || strcmp(e->account, cp->account) == 0;
}

static void entity_detail(const completion *cp, const kam_entity *e, char *out, size_t n,
			  const kam_node *tree)
{
	const kam_node *at = tree ? lsp_node_at_path(tree, e->path) : NULL;
	const char *title = kam_node_text_at(at, "title");
	const char *role = kam_node_text_at(at, "role");
	(void)cp;
	snprintf(out, n, "%s%s%s", e->name ? e->name : "", (title || role) && e->name ? ", " : "",
		 title ? title : role ? role : "");
}

/* The frontmatter of the document's own plan (for a contact's title), or
 * NULL; *doc to free. */
static const kam_node *account_tree(completion *cp, kam_doc **doc)
{
	*doc = NULL;
	const kam_entity *acc = cp->account[0] ? kam_index_find(cp->r->index, cp->account, NULL) : NULL;
	if (!acc || acc->doc == KAM_DOC_NONE)
		return NULL;
	size_t len;
	char *text = lsp_file_text(cp->s, cp->r->root, kam_index_doc_path(cp->r->index, acc->doc), &len);
	if (!text)
		return NULL;
	kam_diag_list diags;
	kam_diag_list_init(&diags);
	kam_doc_parse(doc, "plan", text, len, NULL, &diags);
	kam_diag_list_release(&diags);
	free(text);
	return kam_doc_frontmatter(*doc);
}

static void complete_namespace(completion *cp, const char *ns, const char *doc, int group)
{
	size_t count;
	const kam_entity *es = kam_index_entities(cp->r->index, &count);
	kam_doc *plan = NULL;
	const kam_node *tree = NULL;
	bool tree_read = false;
	for (size_t i = 0; i < count; i++) {
		const kam_entity *e = &es[i];
		if (strcmp(e->ns, ns) != 0 || !in_scope(cp, e))
			continue;
		if (!tree_read && e->account && cp->account[0] && strcmp(e->account, cp->account) == 0 &&
		    e->path && *e->path) {
			tree = account_tree(cp, &plan);
			tree_read = true;
		}
		const kam_node *from = e->account && strcmp(e->account, cp->account) == 0 ? tree : NULL;
		char detail[512];
		entity_detail(cp, e, detail, sizeof detail, from);
		add_item(cp, e->id, KIND_REFERENCE, detail, doc, group, NULL);
	}
	kam_doc_free(plan);
}

static void complete_quarters(completion *cp, const char *doc)
{
	const kam_config *config = kam_repo_config(cp->r->repo);
	int fiscal = config && config->fiscal_year_start ? config->fiscal_year_start : 1;
	kam_date today = kam_today(config ? config->timezone : NULL, lsp_today(cp->s));
	kam_quarter q = kam_quarter_of(today, fiscal);
	for (int i = 0; i < QUARTERS_OFFERED; i++) {
		char text[8];
		kam_quarter_format(kam_quarter_add(q, i), text);
		add_item(cp, text, KIND_VALUE, i == 0 ? "this quarter" : NULL, doc, 0, NULL);
	}
}

static const char *description_of(const kam_node **nodes, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (kam_node_text_at(nodes[i], "description"))
			return kam_node_text_at(nodes[i], "description");
	return NULL;
}

static void complete_values(completion *cp, const kam_node **nodes, size_t count, const char *doc)
{
	for (size_t i = 0; i < count; i++) {
		const kam_node *n = nodes[i];
		const kam_node *ref = kam_node_get(n, "x-kam-ref");
		if (ref && ref->kind == KAM_NODE_STRING)
			complete_namespace(cp, ref->text, doc, 0);
		for (size_t k = 0; ref && ref->kind == KAM_NODE_SEQ && k < ref->count; k++)
			if (kam_node_string(ref->items[k]))
				complete_namespace(cp, ref->items[k]->text, doc, (int)k);
		const kam_node *values = kam_node_seq_at(n, "enum");
		for (size_t k = 0; values && k < values->count; k++)
			if (kam_node_string(values->items[k]))
				add_item(cp, values->items[k]->text, KIND_ENUM_MEMBER, NULL, doc, 0, NULL);
		const char *c = kam_node_text_at(n, "const");
		if (c)
			add_item(cp, c, KIND_ENUM_MEMBER, NULL, doc, 0, NULL);
		const char *to = kam_node_text_at(n, "$ref");
		if (to && strcmp(strrchr(to, '/') ? strrchr(to, '/') + 1 : to, "quarter") == 0)
			complete_quarters(cp, doc);
	}
}

static void complete_frontmatter(completion *cp)
{
	if (!cp->schema)
		return;
	const kam_node *nodes[64];
	size_t count = lsp_schema_at(cp->schema, cp->c.path, cp->c.depth, nodes, 64);
	bool object = false;
	for (size_t i = 0; i < count; i++)
		object |= kam_node_get(nodes[i], "properties") != NULL;
	if (cp->c.kind == LSP_CTX_KEY && (object || !cp->c.item_or_key)) {
		complete_keys(cp, nodes, count);
		return;
	}
	/* a value: its description is the field's (a list's, for its items) */
	const char *doc = description_of(nodes, count);
	if (!doc && cp->c.depth && cp->c.path[cp->c.depth - 1].is_index) {
		const kam_node *parent[64];
		size_t pc = lsp_schema_at(cp->schema, cp->c.path, cp->c.depth - 1, parent, 64);
		doc = description_of(parent, pc);
	}
	complete_values(cp, nodes, count, doc);
}

/* --- the body -------------------------------------------------------------- */

static void complete_wiki(completion *cp)
{
	size_t count;
	const kam_entity *es = kam_index_entities(cp->r->index, &count);
	const char *hash = strchr(cp->prefix, '#');
	char account[256] = "";
	if (hash && (size_t)(hash - cp->prefix) < sizeof account) {
		memcpy(account, cp->prefix, (size_t)(hash - cp->prefix));
		account[hash - cp->prefix] = '\0';
	}
	const char *in = hash ? (account[0] ? account : cp->account) : NULL;
	for (size_t i = 0; i < count; i++) {
		const kam_entity *e = &es[i];
		char label[512];
		if (cp->prefix[0] == '@') {
			if (e->account || strcmp(e->ns, "team") != 0)
				continue;
			snprintf(label, sizeof label, "@%s", e->id);
		} else if (in) {
			if (!e->account || strcmp(e->account, in) != 0 || !e->path || !*e->path)
				continue;
			snprintf(label, sizeof label, "%s#%s", account, e->id);
		} else if (strcmp(e->ns, "account") == 0 && e->account) {
			snprintf(label, sizeof label, "%s", e->id);
		} else {
			continue;
		}
		char insert[520];
		snprintf(insert, sizeof insert, "%s]]", label);
		bool closed = cp->c.word_end + 1 < cp->d->len && cp->d->text[cp->c.word_end] == ']';
		add_item(cp, label, in || !e->account ? KIND_REFERENCE : KIND_MODULE, e->name, NULL, 0,
			 closed ? NULL : insert);
	}
}

static void on_anchor(void *ctx, const char *anchor, unsigned line)
{
	(void)line;
	completion *cp = ctx;
	add_item(cp, anchor, KIND_REFERENCE, NULL, NULL, 0, NULL);
}

/* The file a relative link names, relative to the root; false when it
 * leaves the repository. */
static bool link_file(const completion *cp, char *out, size_t n)
{
	const char *root = cp->r->root;
	size_t rn = strlen(root);
	const char *rel = cp->d->path + rn + 1;
	const char *slash = strrchr(rel, '/');
	char joined[1024];
	snprintf(joined, sizeof joined, "%.*s%s%s", slash ? (int)(slash - rel) : 0, rel,
		 slash ? "/" : "", cp->c.link);
	/* fold "." and ".." */
	char *parts[64];
	size_t count = 0;
	for (char *tok = strtok(joined, "/"); tok; tok = strtok(NULL, "/")) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (!count)
				return false;
			count--;
			continue;
		}
		if (count == 64)
			return false;
		parts[count++] = tok;
	}
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		int w = snprintf(out + used, n - used, "%s%s", i ? "/" : "", parts[i]);
		if (w < 0 || (size_t)w >= n - used)
			return false;
		used += (size_t)w;
	}
	return count > 0;
}

static void complete_anchor(completion *cp)
{
	char rel[1024];
	if (!cp->c.link[0]) {
		size_t rn = strlen(cp->r->root);
		snprintf(rel, sizeof rel, "%s", cp->d->path + rn + 1);
	} else if (!link_file(cp, rel, sizeof rel)) {
		return;
	}
	size_t len;
	char *text = lsp_file_text(cp->s, cp->r->root, rel, &len);
	if (!text)
		return;
	kam_doc *doc;
	kam_diag_list diags;
	kam_diag_list_init(&diags);
	kam_doc_parse(&doc, rel, text, len, NULL, &diags);
	size_t blen;
	const char *body = kam_doc_body(doc, &blen);
	kam_body_visitor v = {.on_anchor = on_anchor, .ctx = cp};
	kam_body_scan(body, blen, kam_doc_body_line(doc), &v);
	kam_doc_free(doc);
	kam_diag_list_release(&diags);
	free(text);
}

/* The request's position as a byte offset of d, or false after lsp_fail
 * (no position, or one past the end of the document). */
bool lsp_request_offset(lsp_server *s, const lsp_doc *d, json_t *params, size_t *offset,
			lsp_error *err)
{
	json_t *pos = json_object_get(params, "position");
	json_t *line = json_object_get(pos, "line"), *ch = json_object_get(pos, "character");
	if (!json_is_integer(line) || !json_is_integer(ch) || json_integer_value(line) < 0 ||
	    json_integer_value(ch) < 0) {
		lsp_fail(err, LSP_INVALID_PARAMS, "the request has no position");
		return false;
	}
	size_t lines = 0;
	for (size_t i = 0; i < d->len; i++)
		lines += d->text[i] == '\n';
	if ((json_int_t)lines < json_integer_value(line)) {
		lsp_fail(err, LSP_INVALID_PARAMS, "line %lld is past the end of the document (%zu lines)",
			 (long long)json_integer_value(line), lines + 1);
		return false;
	}
	*offset = lsp_offset(d->text, d->len, (unsigned)json_integer_value(line),
			     (unsigned)json_integer_value(ch), lsp_encoding_of(s));
	return true;
}

json_t *lsp_completion(lsp_server *s, json_t *params, lsp_error *err)
{
	const lsp_doc *d = lsp_doc_of(s, params, err);
	if (!d)
		return NULL;
	completion *cp = calloc(1, sizeof *cp);
	if (!cp)
		return lsp_fail(err, LSP_REQUEST_FAILED, "out of memory");
	if (!lsp_request_offset(s, d, params, &cp->cursor, err)) {
		free(cp);
		return NULL;
	}
	cp->s = s;
	cp->d = d;
	cp->r = lsp_repo_of(s, d->root);
	cp->items = json_array();
	if (cp->r && cp->r->repo && cp->r->index) {
		cp->schema = document_schema(cp);
		lsp_context_at(d->text, d->len, cp->cursor, &cp->c);
		size_t n = cp->cursor - cp->c.word_start;
		if (cp->cursor >= cp->c.word_start && n < sizeof cp->prefix) {
			memcpy(cp->prefix, d->text + cp->c.word_start, n);
			cp->prefix[n] = '\0';
			if (cp->c.kind == LSP_CTX_KEY || cp->c.kind == LSP_CTX_VALUE)
				complete_frontmatter(cp);
			else if (cp->c.kind == LSP_CTX_WIKI)
				complete_wiki(cp);
			else if (cp->c.kind == LSP_CTX_ANCHOR)
				complete_anchor(cp);
		}
	}
	json_t *result = json_pack("{s:b, s:o}", "isIncomplete", cp->prefix[0] != '\0', "items",
				   cp->items);
	free(cp);
	return result;
}
