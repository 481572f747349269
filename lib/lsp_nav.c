/* Go to definition and find references: from a reference (a field that
 * names an id, a [[wiki]] reference, a relative link, an attendee) to the
 * id it names, and from an id to everything that names it. What names
 * what is the index's: a word in prose that happens to spell an id is no
 * reference. */
#include <stdlib.h>
#include <string.h>

#include "kam/body.h"
#include "kam/doc.h"
#include "kam/util.h"
#include "lsp_at.h"
#include "lsp_features.h"
#include "banned.h"

bool lsp_nav_offset(lsp_server *s, json_t *params, const lsp_doc *d, size_t *offset,
		    lsp_error *err)
{
	json_t *pos = json_object_get(params, "position");
	json_t *line = json_object_get(pos, "line"), *character = json_object_get(pos, "character");
	if (!json_is_integer(line) || !json_is_integer(character) || json_integer_value(line) < 0 ||
	    json_integer_value(character) < 0 || json_integer_value(line) > 0x7fffffff ||
	    json_integer_value(character) > 0x7fffffff) {
		lsp_fail(err, LSP_INVALID_PARAMS, "the request has no position {line, character}");
		return false;
	}
	*offset = lsp_offset(d->text, d->len, (unsigned)json_integer_value(line),
			     (unsigned)json_integer_value(character), lsp_encoding_of(s));
	return true;
}

const char *lsp_entity_rel(const lsp_repo *r, const kam_entity *e)
{
	return e->doc == KAM_DOC_NONE ? "kam.yaml" : kam_index_doc_path(r->index, e->doc);
}

/* A link's anchor (after '#'), percent-decoded as the index reads it. */
static char *link_anchor(const char *url)
{
	const char *hash = strchr(url, '#');
	if (!hash || !hash[1])
		return NULL;
	return kam_percent_decode(hash + 1, strlen(hash + 1));
}

typedef struct heading_search {
	const char *anchor;
	unsigned line; /* 0: not found */
} heading_search;

static void on_anchor(void *ctx, const char *anchor, unsigned line)
{
	heading_search *h = ctx;
	if (!h->line && strcmp(anchor, h->anchor) == 0)
		h->line = line;
}

/* The 1-based line of the heading whose anchor (kam's, as the index
 * computes it: GitHub's rule with -1, -2 for repeats) is anchor; 0 when
 * none is. */
static unsigned heading_line(const char *text, size_t len, const char *anchor)
{
	heading_search h = {anchor, 0};
	kam_body_visitor v = {on_anchor, NULL, NULL, &h};
	kam_split split;
	if (kam_split_frontmatter(text, len, &split) == KAM_SPLIT_OK)
		kam_body_scan(text + split.body_start, split.body_len, split.body_line, &v);
	else
		kam_body_scan(text + split.bom, len - split.bom, 1, &v);
	return h.line;
}

/* The bytes of 1-based line n of text (without its line end). */
static void line_span(const char *text, size_t len, unsigned n, size_t *start, size_t *end)
{
	size_t at = lsp_kam_offset(text, len, n, 1);
	const char *eol = memchr(text + at, '\n', len - at);
	*start = at;
	*end = eol ? (size_t)(eol - text) : len;
	if (*end > *start && text[*end - 1] == '\r')
		(*end)--;
}

static bool slug_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

bool lsp_id_span(const char *text, size_t len, const kam_entity *e, size_t *start, size_t *end)
{
	if (lsp_entity_span(text, len, e, start, end))
		return true;
	/* kam.yaml's team members are known by their item's line only: the
	 * id is the first whole word on that line that spells it */
	size_t from, to, n = strlen(e->id);
	line_span(text, len, e->line, &from, &to);
	for (size_t i = from; n && i + n <= to; i++) {
		if (memcmp(text + i, e->id, n) != 0 || (i > from && slug_char(text[i - 1])) ||
		    (i + n < to && slug_char(text[i + n])))
			continue;
		bool quoted = i > from && i + n < to && (text[i - 1] == '"' || text[i - 1] == '\'') &&
			      text[i + n] == text[i - 1];
		*start = i - quoted;
		*end = i + n + quoted;
		return true;
	}
	return false;
}

bool lsp_entity_where(lsp_server *s, const lsp_repo *r, const kam_entity *e, char **rel,
		      size_t *start, size_t *end, char **text, size_t *len)
{
	*rel = kam_xstrdup(lsp_entity_rel(r, e));
	*text = lsp_file_text(s, r->root, *rel, len);
	*start = *end = 0;
	if (*text && (e->unread || lsp_id_span(*text, *len, e, start, end)))
		return true;
	free(*rel);
	free(*text);
	*rel = *text = NULL;
	return false;
}

/* A Location, or a LocationLink from origin (the reference's bytes in d)
 * when the client takes links. */
static json_t *location(lsp_server *s, const lsp_repo *r, const char *rel, const char *text,
			size_t len, size_t start, size_t end, const lsp_doc *d,
			const lsp_target *origin, bool link)
{
	lsp_encoding enc = lsp_encoding_of(s);
	char *uri = lsp_file_uri(s, r->root, rel);
	json_t *range = lsp_range_at(text, len, start, end, enc), *out;
	if (link)
		out = json_pack("{s:o,s:s,s:O,s:O}", "originSelectionRange",
				lsp_range_at(d->text, d->len, origin->start, origin->end, enc), "targetUri",
				uri, "targetRange", range, "targetSelectionRange", range);
	else
		out = json_pack("{s:s,s:O}", "uri", uri, "range", range);
	json_decref(range);
	free(uri);
	return out;
}

/* Where a relative link lands: its file, at the heading of its anchor. */
static json_t *link_definition(lsp_server *s, const lsp_repo *r, const lsp_doc *d,
			       const lsp_target *t, bool link)
{
	if (!t->ref->target_path)
		return json_null();
	size_t len;
	char *text = lsp_file_text(s, r->root, t->ref->target_path, &len);
	if (!text)
		return json_null();
	char *anchor = link_anchor(t->ref->text);
	size_t start = 0, end = 0;
	unsigned line = anchor ? heading_line(text, len, anchor) : 0;
	if (line)
		line_span(text, len, line, &start, &end);
	json_t *out = anchor && !line ? json_null()
				      : location(s, r, t->ref->target_path, text, len, start, end, d,
						 t, link);
	free(anchor);
	free(text);
	return out;
}

static bool client_takes_links(lsp_server *s)
{
	json_t *def = json_object_get(
		json_object_get(json_object_get(lsp_client_capabilities(s), "textDocument"),
				"definition"),
		"linkSupport");
	return json_is_true(def);
}

json_t *lsp_definition(lsp_server *s, json_t *params, lsp_error *err)
{
	const lsp_doc *d = lsp_doc_of(s, params, err);
	size_t offset;
	if (!d || !lsp_nav_offset(s, params, d, &offset, err))
		return NULL;
	const lsp_repo *r = lsp_repo_of(s, d->root);
	lsp_target t;
	if (!r || !r->index || !lsp_target_at(r, d, offset, &t))
		return json_null();
	bool link = client_takes_links(s);
	if (t.ref && t.ref->kind == KAM_REF_LINK)
		return link_definition(s, r, d, &t, link);
	char *rel, *text;
	size_t start, end, len;
	if (!t.entity || !lsp_entity_where(s, r, t.entity, &rel, &start, &end, &text, &len))
		return json_null();
	json_t *out = location(s, r, rel, text, len, start, end, d, &t, link);
	free(rel);
	free(text);
	return out;
}

json_t *lsp_definition_capability(json_t *client_caps)
{
	(void)client_caps; /* the same whatever the client */
	return json_true();
}

/* ------------------------------------------------------------------ */
/* references                                                          */

typedef struct found {
	const char *rel;
	const kam_ref *ref; /* NULL: the declaration */
	size_t start, end;
	json_t *range;
} found;

static int by_file(const void *a, const void *b)
{
	const found *x = a, *y = b;
	return strcmp(x->rel, y->rel);
}

static int by_file_then_offset(const void *a, const void *b)
{
	const found *x = a, *y = b;
	int c = strcmp(x->rel, y->rel);
	if (c)
		return c;
	return x->start < y->start ? -1 : x->start > y->start;
}

bool lsp_names(const lsp_repo *r, const kam_ref *ref, const kam_entity *e)
{
	if (ref->target == e)
		return true;
	/* a link to an account's plan (not to a heading in it) names the account */
	return ref->kind == KAM_REF_LINK && e->doc != KAM_DOC_NONE && ref->target_path &&
	       strcmp(e->ns, "account") == 0 && !strchr(ref->text, '#') &&
	       strcmp(ref->target_path, kam_index_doc_path(r->index, e->doc)) == 0;
}

/* Where each of all[0..n) lies, each file read once: the range set, or
 * left NULL when the file cannot be read or no longer holds it. */
static void locate(lsp_server *s, const lsp_repo *r, const kam_entity *e, found *all, size_t n)
{
	if (n) /* all is NULL when there is nothing to sort */
		qsort(all, n, sizeof(found), by_file);
	char *text = NULL;
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(all[i - 1].rel, all[i].rel) != 0) {
			free(text);
			text = lsp_file_text(s, r->root, all[i].rel, &len);
		}
		bool at = text && (all[i].ref ? lsp_ref_span(text, len, all[i].ref, &all[i].start, &all[i].end)
					     : lsp_id_span(text, len, e, &all[i].start, &all[i].end));
		if (at)
			all[i].range = lsp_range_at(text, len, all[i].start, all[i].end, lsp_encoding_of(s));
	}
	free(text);
}

/* The references to e in file then position order. */
static json_t *references_of(lsp_server *s, const lsp_repo *r, const kam_entity *e,
			     bool declaration)
{
	size_t count;
	const kam_ref *refs = kam_index_refs(r->index, &count);
	found *all = NULL;
	size_t n = 0, alloc = 0;
	for (size_t i = 0; i < count; i++)
		if (lsp_names(r, &refs[i], e)) {
			all = kam_grow(all, &alloc, n + 1, sizeof(found));
			all[n++] = (found){kam_index_doc_path(r->index, refs[i].doc), &refs[i], 0, 0, NULL};
		}
	if (declaration && !e->unread) {
		all = kam_grow(all, &alloc, n + 1, sizeof(found));
		all[n++] = (found){lsp_entity_rel(r, e), NULL, 0, 0, NULL};
	}
	locate(s, r, e, all, n);
	if (n)
		qsort(all, n, sizeof(found), by_file_then_offset);
	json_t *out = json_array();
	char *uri = NULL;
	const char *uri_rel = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!all[i].range)
			continue;
		if (!uri_rel || strcmp(uri_rel, all[i].rel) != 0) {
			free(uri);
			uri = lsp_file_uri(s, r->root, all[i].rel);
			uri_rel = all[i].rel;
		}
		json_array_append_new(out, json_pack("{s:s,s:o}", "uri", uri, "range", all[i].range));
	}
	free(uri);
	free(all);
	return out;
}

json_t *lsp_references(lsp_server *s, json_t *params, lsp_error *err)
{
	const lsp_doc *d = lsp_doc_of(s, params, err);
	size_t offset;
	if (!d || !lsp_nav_offset(s, params, d, &offset, err))
		return NULL;
	const lsp_repo *r = lsp_repo_of(s, d->root);
	lsp_target t;
	if (!r || !r->index || !lsp_target_at(r, d, offset, &t) || !t.entity)
		return json_null();
	bool declaration = json_is_true(
		json_object_get(json_object_get(params, "context"), "includeDeclaration"));
	return references_of(s, r, t.entity, declaration);
}

json_t *lsp_references_capability(json_t *client_caps)
{
	(void)client_caps; /* the same whatever the client */
	return json_true();
}
