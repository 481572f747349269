/* textDocument/documentSymbol: a plan's outline. The frontmatter's parts
 * (its lists and mappings, named by the schema's titles) with their items
 * (contacts, opportunities, goals, ...), then the body's headings. A
 * frontmatter that does not parse still gives the headings. */
#include <stdlib.h>
#include <string.h>

#include "kam/body.h"
#include "kam/doc.h"
#include "kam/plan.h"
#include "kam/schema.h"
#include "lsp_features.h"
#include "banned.h"

/* LSP SymbolKind values kam uses. */
enum { SYM_MODULE = 2, SYM_STRING = 15, SYM_OBJECT = 19, SYM_STRUCT = 23, SYM_EVENT = 24 };

/* A symbol before it becomes JSON: bytes of the buffer. */
typedef struct sym {
	char *name, *detail;
	int kind;
	size_t start, end, sel_start, sel_end;
	struct sym *children;
	size_t count, alloc;
} sym;

typedef struct outline {
	const char *text;
	size_t len;
	lsp_encoding enc;
} outline;

static sym *add_child(sym *parent, const char *name, const char *detail, int kind)
{
	parent->children =
	    kam_grow(parent->children, &parent->alloc, parent->count + 1, sizeof(sym));
	sym *c = &parent->children[parent->count++];
	memset(c, 0, sizeof *c);
	c->name = kam_xstrdup(name && *name ? name : "(unnamed)");
	c->detail = detail && *detail ? kam_xstrdup(detail) : NULL;
	c->kind = kind;
	return c;
}

static void sym_release(sym *s)
{
	for (size_t i = 0; i < s->count; i++)
		sym_release(&s->children[i]);
	free(s->children);
	free(s->name);
	free(s->detail);
}

static size_t node_offset(const outline *o, const kam_node *n)
{
	return lsp_kam_offset(o->text, o->len, n->line, n->column);
}

/* Where a scalar written at start ends: a quoted one at its closing quote,
 * a plain one after its text (a plain scalar's text is as written on one
 * line; else the line's end). */
static size_t scalar_end(const outline *o, const kam_node *n, size_t start)
{
	const char *t = o->text;
	size_t eol = start;
	while (eol < o->len && t[eol] != '\n' && t[eol] != '\r')
		eol++;
	if (start < o->len && (t[start] == '"' || t[start] == '\'')) {
		for (size_t i = start + 1; i < eol; i++) {
			if (t[start] == '"' && t[i] == '\\')
				i++;
			else if (t[i] == t[start])
				return i + 1;
		}
		return eol;
	}
	if (n->kind != KAM_NODE_SEQ && n->kind != KAM_NODE_MAP && n->text &&
	    start + n->len <= eol && memcmp(t + start, n->text, n->len) == 0)
		return start + n->len;
	return eol;
}

/* The end of what precedes next (the start of the next sibling): back over
 * blanks, the next item's '- ' and a flow ',' separating them. */
static size_t end_before(const outline *o, size_t from, size_t next)
{
	const char *t = o->text;
	size_t end = next;
	while (end > from && strchr(" \t\r\n", t[end - 1]))
		end--;
	if (end > from + 1 && t[end - 1] == '-' && strchr(" \t\r\n", t[end - 2])) {
		end--;
		while (end > from && strchr(" \t\r\n", t[end - 1]))
			end--;
	}
	if (end > from && t[end - 1] == ',') {
		end--;
		while (end > from && strchr(" \t\r\n", t[end - 1]))
			end--;
	}
	return end > from ? end : from;
}

/* What an item of a part is called, its detail and kind, by the part's
 * key: the typed views read contacts, opportunities and goals. */
static void item_words(const char *part, const kam_node *item, kam_buf *name, kam_buf *detail,
		       int *kind)
{
	*kind = SYM_STRUCT;
	if (strcmp(part, "contacts") == 0) {
		kam_contact_view c;
		kam_contact_view_read(&c, item);
		kam_buf_puts(name, c.name ? c.name : c.id ? c.id : "");
		kam_buf_printf(detail, "%s%s%s", c.title ? c.title : "",
			       c.title && c.id ? " · " : "", c.id ? c.id : "");
		*kind = SYM_OBJECT;
		return;
	}
	if (strcmp(part, "opportunities") == 0) {
		kam_opportunity_view v;
		kam_opportunity_view_read(&v, item);
		kam_buf_puts(name, v.title ? v.title : v.id ? v.id : "");
		const char *stage =
		    v.stage != KAM_STAGE_UNKNOWN ? kam_stage_name(v.stage) : v.stage_text;
		kam_buf_puts(detail, stage ? stage : "");
		if (v.has_value)
			kam_buf_printf(detail, "%s%.15g", stage ? " · " : "", v.value);
		*kind = SYM_EVENT;
		return;
	}
	if (strcmp(part, "goals") == 0) {
		kam_goal_view g;
		kam_goal_view_read(&g, item);
		kam_buf_puts(name, g.text ? g.text : g.id ? g.id : "");
		kam_buf_printf(detail, "%s%s%s", g.quarter ? g.quarter : "",
			       g.quarter && g.id ? " · " : "", g.id ? g.id : "");
		return;
	}
	if (strcmp(part, "team") == 0)
		*kind = SYM_OBJECT;
	/* any other list of mappings: its title, name or text, and its id */
	static const char *const names[] = {"title",	  "name",    "text", "route",
					    "competitor", "quarter", "date", "unit"};
	const char *id = kam_node_text_at(item, "id"), *called = NULL;
	for (size_t i = 0; i < sizeof names / sizeof *names && !called; i++)
		called = kam_node_text_at(item, names[i]);
	kam_buf_puts(name, called ? called : id ? id : "");
	if (called && id)
		kam_buf_puts(detail, id);
}

/* The node that names an item (its name, title or id), for the selection. */
static const kam_node *item_name_node(const kam_node *item)
{
	static const char *const keys[] = {"name",	 "title",   "text", "id",  "route",
					   "competitor", "quarter", "date", "unit"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const kam_node *n = kam_node_get(item, keys[i]);
		if (n && n->kind == KAM_NODE_STRING)
			return n;
	}
	return NULL;
}

/* An item of a block list starts at its '- '. */
static size_t item_start(const outline *o, size_t at)
{
	size_t dash = at;
	while (dash > 0 && o->text[dash - 1] == ' ')
		dash--;
	return dash > 0 && o->text[dash - 1] == '-' ? dash - 1 : at;
}

/* Where the item after i starts: the first later item written after it
 * (an alias repeats an earlier node), or SIZE_MAX. */
static size_t next_item_at(const outline *o, const kam_node *seq, size_t i, size_t at)
{
	for (size_t j = i + 1; j < seq->count; j++) {
		size_t next = node_offset(o, seq->items[j]);
		if (next > at)
			return next;
	}
	return SIZE_MAX;
}

static void add_items(const outline *o, sym *part, const char *key, const kam_node *seq)
{
	size_t last = 0;
	for (size_t i = 0; i < seq->count; i++) {
		const kam_node *item = seq->items[i];
		size_t at = node_offset(o, item);
		/* an alias's node is written elsewhere: not an item of its own */
		if (item->kind != KAM_NODE_MAP || at < part->start || at > part->end ||
		    (i && at <= last))
			continue;
		last = at;
		kam_buf name = KAM_BUF_INIT, detail = KAM_BUF_INIT;
		int kind;
		item_words(key, item, &name, &detail, &kind);
		sym *c = add_child(part, kam_buf_cstr(&name), kam_buf_cstr(&detail), kind);
		kam_buf_release(&name);
		kam_buf_release(&detail);
		c->start = item_start(o, at);
		size_t next = next_item_at(o, seq, i, at);
		c->end = next == SIZE_MAX ? part->end : end_before(o, c->start, next);
		if (c->end > part->end)
			c->end = part->end;
		const kam_node *n = item_name_node(item);
		c->sel_start = n ? node_offset(o, n) : c->start;
		c->sel_end = n ? scalar_end(o, n, c->sel_start) : c->start;
		if (c->sel_start < c->start || c->sel_end > c->end) {
			c->sel_start = c->start;
			c->sel_end = c->start;
		}
	}
}

/* The part's name: the schema's title for the key, else the key. */
static const char *part_title(const kam_node *schema_root, const char *key)
{
	const kam_node *prop = kam_node_get(kam_node_get(schema_root, "properties"), key);
	const char *title = kam_node_text_at(prop, "title");
	return title ? title : key;
}

/* The frontmatter's lists and mappings, each with its items. */
static void add_parts(const outline *o, sym *root, const kam_node *fm, const kam_node *schema_root,
		      size_t fm_end)
{
	for (size_t i = 0; i < fm->count; i++) {
		const kam_pair *p = &fm->pairs[i];
		if (p->value->kind != KAM_NODE_SEQ && p->value->kind != KAM_NODE_MAP)
			continue;
		sym *part = add_child(root, part_title(schema_root, p->key->text), p->key->text,
				      SYM_MODULE);
		part->start = node_offset(o, p->key);
		part->end = i + 1 < fm->count
				? end_before(o, part->start, node_offset(o, fm->pairs[i + 1].key))
				: end_before(o, part->start, fm_end);
		part->sel_start = part->start;
		part->sel_end = scalar_end(o, p->key, part->start);
		if (part->sel_end > part->end)
			part->end = part->sel_end;
		if (p->value->kind == KAM_NODE_SEQ)
			add_items(o, part, p->key->text, p->value);
	}
}

/* ------------------------------------------------------------------ */
/* the body's headings                                                 */

typedef struct heading_scan {
	const outline *o;
	unsigned *lines;
	size_t count, alloc;
} heading_scan;

static void on_heading(void *ctx, const char *anchor, unsigned line)
{
	(void)anchor;
	heading_scan *h = ctx;
	h->lines = kam_grow(h->lines, &h->alloc, h->count + 1, sizeof *h->lines);
	h->lines[h->count++] = line;
}

static size_t line_end_at(const outline *o, size_t at)
{
	while (at < o->len && o->text[at] != '\n' && o->text[at] != '\r')
		at++;
	return at;
}

/* The heading written on the line at ls: its level, and its text's bytes
 * (ATX: without the #s; setext: the line, its level from the underline). */
static int heading_at(const outline *o, size_t ls, size_t *from, size_t *to)
{
	const char *t = o->text;
	size_t at = ls, end = line_end_at(o, ls);
	while (at < end && (t[at] == ' ' || t[at] == '>')) /* in a block quote too */
		at++;
	int level = 0;
	while (at < end && t[at] == '#')
		level++, at++;
	if (level == 0) { /* setext: the next line is === or --- */
		size_t next = end < o->len && t[end] == '\r' ? end + 1 : end;
		next = next < o->len ? next + 1 : next;
		while (next < o->len && t[next] == ' ')
			next++;
		level = next < o->len && t[next] == '=' ? 1 : 2;
	}
	while (at < end && (t[at] == ' ' || t[at] == '\t'))
		at++;
	size_t stop = end;
	while (stop > at && (t[stop - 1] == ' ' || t[stop - 1] == '\t'))
		stop--;
	size_t hashes = stop;
	while (hashes > at && t[hashes - 1] == '#')
		hashes--;
	if (hashes < stop && (hashes == at || t[hashes - 1] == ' ' || t[hashes - 1] == '\t')) {
		stop = hashes;
		while (stop > at && (t[stop - 1] == ' ' || t[stop - 1] == '\t'))
			stop--;
	}
	*from = at;
	*to = stop;
	return level;
}

/* Headings nested by level: each ends where the next of its level or a
 * higher one starts, or at the end of the text. */
static void add_headings(const outline *o, sym *root, const kam_doc *doc)
{
	size_t blen;
	const char *body = kam_doc_body(doc, &blen);
	if (!blen)
		return;
	heading_scan h = {o, NULL, 0, 0};
	kam_body_visitor v = {on_heading, NULL, NULL, &h};
	kam_body_scan(body, blen, kam_doc_body_line(doc), &v);
	sym *stack[7] = {root};
	int levels[7] = {0};
	size_t depth = 0;
	for (size_t i = 0; i < h.count; i++) {
		size_t ls = lsp_kam_offset(o->text, o->len, h.lines[i], 1), from, to;
		int level = heading_at(o, ls, &from, &to);
		if (level > 6)
			level = 6;
		while (depth > 0 && levels[depth] >= level) {
			stack[depth]->end = end_before(o, stack[depth]->start, ls);
			depth--;
		}
		char *name = kam_xstrndup(o->text + from, to - from);
		sym *s = add_child(stack[depth], name, NULL, SYM_STRING);
		free(name);
		s->start = ls;
		s->sel_start = from;
		s->sel_end = to;
		s->end = o->len;
		stack[++depth] = s; /* depth stays below 7: levels strictly grow */
		levels[depth] = level;
	}
	while (depth > 0) {
		stack[depth]->end = end_before(o, stack[depth]->start, o->len);
		if (stack[depth]->end < stack[depth]->sel_end)
			stack[depth]->end = stack[depth]->sel_end;
		depth--;
	}
	free(h.lines);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static json_t *document_symbol(const outline *o, const sym *s)
{
	json_t *j =
	    json_pack("{s:o,s:i,s:o,s:o}", "name", lsp_text(s->name), "kind", s->kind, "range",
		      lsp_range_at(o->text, o->len, s->start, s->end, o->enc), "selectionRange",
		      lsp_range_at(o->text, o->len, s->sel_start, s->sel_end, o->enc));
	if (s->detail)
		json_object_set_new(j, "detail", lsp_text(s->detail));
	if (s->count) {
		json_t *children = json_array();
		for (size_t i = 0; i < s->count; i++)
			json_array_append_new(children, document_symbol(o, &s->children[i]));
		json_object_set_new(j, "children", children);
	}
	return j;
}

/* SymbolInformation[] for clients without hierarchy: every symbol, in
 * order, with the name of its container. */
static void symbol_information(const outline *o, const sym *s, const char *uri,
			       const char *container, json_t *out)
{
	for (size_t i = 0; i < s->count; i++) {
		const sym *c = &s->children[i];
		json_t *j = json_pack("{s:o,s:i,s:{s:s,s:o}}", "name", lsp_text(c->name), "kind",
				      c->kind, "location", "uri", uri, "range",
				      lsp_range_at(o->text, o->len, c->start, c->end, o->enc));
		if (container)
			json_object_set_new(j, "containerName", lsp_text(container));
		json_array_append_new(out, j);
		symbol_information(o, c, uri, c->name, out);
	}
}

static bool hierarchical(lsp_server *s)
{
	json_t *caps = json_object_get(json_object_get(lsp_client_capabilities(s), "textDocument"),
				       "documentSymbol");
	return json_is_true(json_object_get(caps, "hierarchicalDocumentSymbolSupport"));
}

/* The schema the document is checked against: its kind's, else the plan's. */
static const kam_node *schema_of(lsp_server *s, const lsp_doc *d, const kam_node *fm)
{
	const lsp_repo *r = d->root ? lsp_repo_of(s, d->root) : NULL;
	if (!r || !r->repo)
		return NULL;
	const char *kind = kam_node_text_at(fm, "kind");
	const kam_schema *schema = kam_repo_schema(r->repo, kind ? kind : "account");
	return schema ? kam_schema_root(schema) : NULL;
}

json_t *lsp_document_symbols(lsp_server *s, json_t *params, lsp_error *err)
{
	const lsp_doc *d = lsp_doc_of(s, params, err);
	if (!d)
		return NULL;
	outline o = {d->text, d->len, lsp_encoding_of(s)};
	kam_doc *doc = NULL;
	kam_diag_list diags = {0};
	kam_load_options options = KAM_LOAD_OPTIONS_DEFAULT;
	kam_doc_parse(&doc, d->path, d->text, d->len, &options, &diags);
	kam_diag_list_release(&diags);
	sym root = {0};
	const kam_node *fm = kam_doc_frontmatter(doc);
	kam_split split;
	if (fm && fm->kind == KAM_NODE_MAP &&
	    kam_split_frontmatter(d->text, d->len, &split) == KAM_SPLIT_OK)
		add_parts(&o, &root, fm, schema_of(s, d, fm), split.yaml_start + split.yaml_len);
	add_headings(&o, &root, doc);
	json_t *out = json_array();
	if (hierarchical(s))
		for (size_t i = 0; i < root.count; i++)
			json_array_append_new(out, document_symbol(&o, &root.children[i]));
	else
		symbol_information(&o, &root, d->uri, NULL, out);
	sym_release(&root);
	kam_doc_free(doc);
	return out;
}

json_t *lsp_document_symbol_capability(json_t *client_caps)
{
	(void)client_caps; /* the same whatever the client */
	return json_true();
}
