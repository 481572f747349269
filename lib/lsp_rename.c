/* Rename an id (an account, a contact, a team member, an opportunity, any
 * x-kam-id entity) from its declaration or from any reference to it: one
 * WorkspaceEdit over the declaration, every field reference, every part of
 * [[wiki]] references that spells it and the account's plan and folder
 * and the relative links to them; an account whose plan is named by its
 * id is not renamed for a client that cannot rename files. What names
 * what is the index's; the new id must match the schema's slug pattern. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kam/node.h"
#include "kam/schema.h"
#include "kam/util.h"
#include "lsp_at.h"
#include "lsp_features.h"
#include "banned.h"

static bool slug_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
	       c == '_' || (c >= 'A' && c <= 'Z');
}

static bool is_account(const kam_entity *e)
{
	return strcmp(e->ns, "account") == 0;
}

/* Where in a reference's written text the id of e is: after its last '#'
 * or '@' for what lives in an account or the team, before '#' for the
 * account (also when the reference names something in it). */
static bool id_in_ref_text(const char *written, const kam_entity *e, size_t *at)
{
	size_t n = strlen(e->id), len = strlen(written);
	if (is_account(e)) {
		*at = 0;
		return len >= n && memcmp(written, e->id, n) == 0 && (len == n || written[n] == '#');
	}
	size_t from = 0;
	for (size_t i = 0; i < len; i++)
		if (written[i] == '#' || written[i] == '@')
			from = i + 1;
	*at = from;
	return len - from >= n && memcmp(written + from, e->id, n) == 0 &&
	       (len - from == n || !slug_byte(written[from + n]));
}

/* The bytes of e's id inside a reference's span [start, end) of text. */
static bool id_in_ref(const char *text, size_t start, size_t end, const kam_ref *ref,
		      const kam_entity *e, size_t *id_start, size_t *id_end)
{
	size_t n = strlen(ref->text), at;
	if (!id_in_ref_text(ref->text, e, &at))
		return false;
	for (size_t i = start; i + n <= end; i++)
		if (memcmp(text + i, ref->text, n) == 0) {
			*id_start = i + at;
			*id_end = i + at + strlen(e->id);
			return true;
		}
	return false;
}

/* The bytes of e's id in its declaration's span (without quotes). */
static bool id_in_declaration(const char *text, size_t len, const kam_entity *e, size_t *id_start,
			      size_t *id_end)
{
	size_t start, end, n = strlen(e->id);
	if (!lsp_id_span(text, len, e, &start, &end))
		return false;
	if (end - start == n + 2)
		start++;
	if (end - start < n || memcmp(text + start, e->id, n) != 0)
		return false;
	*id_start = start;
	*id_end = start + n;
	return true;
}

/* Whether ref spells e's id: it names e, or (for an account) something in
 * it as account#id. */
static bool spells(const lsp_repo *r, const kam_ref *ref, const kam_entity *e)
{
	size_t at;
	if (ref->kind == KAM_REF_LINK)
		return false; /* links name files: see link_edits */
	if (ref->target == e)
		return id_in_ref_text(ref->text, e, &at);
	(void)r;
	return is_account(e) && ref->target && ref->target->account &&
	       strcmp(ref->target->account, e->id) == 0 && strchr(ref->text, '#') &&
	       id_in_ref_text(ref->text, e, &at);
}

/* ------------------------------------------------------------------ */
/* what the cursor is on                                               */

/* On the account part of [[account#id]]: the account, not the id. */
static const kam_entity *account_part(const lsp_repo *r, const lsp_doc *d, const lsp_target *t,
				      size_t offset)
{
	const char *hash = strchr(t->ref->text, '#');
	size_t n = strlen(t->ref->text);
	if (t->ref->kind != KAM_REF_WIKI || !hash || hash == t->ref->text)
		return NULL;
	for (size_t i = t->start; i + n <= t->end; i++)
		if (memcmp(d->text + i, t->ref->text, n) == 0) {
			if (offset < i || offset > i + (size_t)(hash - t->ref->text))
				return NULL;
			char *account = kam_xstrndup(t->ref->text, (size_t)(hash - t->ref->text));
			const kam_entity *e = kam_index_find(r->index, account, NULL);
			free(account);
			return e;
		}
	return NULL;
}

typedef struct rename_target {
	const lsp_doc *doc;
	const lsp_repo *repo;
	const kam_entity *entity;
	size_t start, end; /* the id's bytes in doc */
} rename_target;

static bool target_of(lsp_server *s, json_t *params, rename_target *out, lsp_error *err)
{
	const lsp_doc *d = lsp_doc_of(s, params, err);
	size_t offset;
	if (!d || !lsp_nav_offset(s, params, d, &offset, err))
		return false;
	const lsp_repo *r = lsp_repo_of(s, d->root);
	if (!r || !r->index) {
		lsp_fail(err, LSP_REQUEST_FAILED,
			 "kam.yaml of this repository could not be read: nothing can be renamed");
		return false;
	}
	lsp_target t;
	bool found = offset <= d->len && lsp_target_at(r, d, offset, &t);
	const kam_entity *account = found && t.ref ? account_part(r, d, &t, offset) : NULL;
	if (account)
		t.entity = account;
	found = found && t.entity && !t.entity->unread;
	if (found)
		found = t.ref ? id_in_ref(d->text, t.start, t.end, t.ref, t.entity, &out->start,
					  &out->end)
			      : id_in_declaration(d->text, d->len, t.entity, &out->start, &out->end);
	if (!found) {
		lsp_fail(err, LSP_REQUEST_FAILED,
			 "there is no id here to rename: place the cursor on an id or a reference to one");
		return false;
	}
	out->doc = d;
	out->repo = r;
	out->entity = t.entity;
	return true;
}

json_t *lsp_prepare_rename(lsp_server *s, json_t *params, lsp_error *err)
{
	rename_target t;
	if (!target_of(s, params, &t, err))
		return NULL;
	return json_pack("{s:o,s:s}", "range",
			 lsp_range_at(t.doc->text, t.doc->len, t.start, t.end, lsp_encoding_of(s)),
			 "placeholder", t.entity->id);
}

/* ------------------------------------------------------------------ */
/* checking the new name                                               */

/* The schema's $defs.slug pattern matches name: KAM_REGEX_MATCH, _NO_MATCH,
 * or -2 when the schema has no such pattern. */
static int slug_matches(const lsp_repo *r, const char *name, const char **pattern)
{
	const kam_schema *schema = kam_repo_schema(r->repo, "account");
	const kam_node *slug =
		schema ? kam_node_get(kam_node_get(kam_schema_root(schema), "$defs"), "slug") : NULL;
	*pattern = kam_node_text_at(slug, "pattern");
	if (!*pattern)
		return -2;
	kam_buf why = KAM_BUF_INIT;
	kam_regex *re = kam_regex_new(*pattern, &why);
	kam_buf_release(&why);
	if (!re)
		return -2;
	int m = kam_regex_match(re, name);
	kam_regex_free(re);
	return m;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* An entity that already has the id name where e lives. */
static const kam_entity *taken(const lsp_repo *r, const kam_entity *e, const char *name)
{
	size_t count;
	const kam_entity *all = kam_index_entities(r->index, &count);
	for (size_t i = 0; i < count; i++) {
		const kam_entity *o = &all[i];
		if (o == e || strcmp(o->id, name) != 0)
			continue;
		if (is_account(e) && is_account(o))
			return o;
		if (!is_account(e) && !is_account(o) && same_text(o->account, e->account) &&
		    (strcmp(o->ns, e->ns) == 0 || (o->pooled && e->pooled)))
			return o;
	}
	return NULL;
}

static bool name_allowed(const lsp_repo *r, const kam_entity *e, const char *name,
			 lsp_error *err)
{
	const char *pattern;
	int m = slug_matches(r, name, &pattern);
	if (m == -2) {
		lsp_fail(err, LSP_REQUEST_FAILED, "the schema has no $defs.slug pattern to check '%s' against", name);
		return false;
	}
	if (m != KAM_REGEX_MATCH) {
		lsp_fail(err, LSP_INVALID_PARAMS,
			 "'%s' is not a valid id: it must match the pattern %s (lower-case letters, "
			 "digits, '.' and '-')", name, pattern);
		return false;
	}
	const kam_entity *o = taken(r, e, name);
	if (o) {
		lsp_fail(err, LSP_REQUEST_FAILED, "'%s' is already taken by the %s declared at %s:%u", name,
			 o->ns, o->file, o->line);
		return false;
	}
	for (size_t i = 0; i < kam_index_doc_count(r->index); i++) {
		const char *why = kam_index_doc_unread(r->index, i);
		if (why) {
			lsp_fail(err, LSP_REQUEST_FAILED,
				 "%s could not be read (%s): it may refer to '%s', so nothing is renamed "
				 "until it is fixed", kam_index_doc_file(r->index, i), why, e->id);
			return false;
		}
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* the edits                                                           */

typedef struct edit {
	const char *rel;
	size_t start, end;
	char *with; /* NULL: the new name */
} edit;

typedef struct edits {
	edit *all;
	size_t n, alloc;
} edits;

static void add_edit(edits *es, const char *rel, size_t start, size_t end, char *with)
{
	for (size_t i = 0; i < es->n; i++)
		if (strcmp(es->all[i].rel, rel) == 0 && es->all[i].start == start) {
			free(with);
			return;
		}
	es->all = kam_grow(es->all, &es->alloc, es->n + 1, sizeof(edit));
	es->all[es->n++] = (edit){rel, start, end, with};
}

static int by_place(const void *a, const void *b)
{
	const edit *x = a, *y = b;
	int c = strcmp(x->rel, y->rel);
	if (c)
		return c;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* How the account's plan and folder are named by its id, when they are:
 * accounts/b.md, accounts/b/. */
typedef struct moves {
	char *plan, *plan_to;     /* relative paths, or NULL */
	char *folder, *folder_to; /* relative, or NULL when there is no such folder */
} moves;

static char *dir_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	return slash ? kam_xstrndup(rel, (size_t)(slash - rel + 1)) : kam_xstrdup("");
}

static void find_moves(const lsp_repo *r, const kam_entity *e, const char *name, moves *m)
{
	memset(m, 0, sizeof *m);
	if (!is_account(e) || e->doc == KAM_DOC_NONE)
		return;
	const char *rel = kam_index_doc_path(r->index, e->doc);
	char *dir = dir_of(rel);
	char *own = kam_xprintf("%s%s.md", dir, e->id);
	if (strcmp(own, rel) == 0) {
		m->plan = own;
		m->plan_to = kam_xprintf("%s%s.md", dir, name);
		char *folder = kam_xprintf("%s/%s%s", r->root, dir, e->id);
		struct stat st;
		if (stat(folder, &st) == 0 && S_ISDIR(st.st_mode)) {
			m->folder = kam_xprintf("%s%s", dir, e->id);
			m->folder_to = kam_xprintf("%s%s", dir, name);
		}
		free(folder);
	} else
		free(own);
	free(dir);
}

static void free_moves(moves *m)
{
	free(m->plan);
	free(m->plan_to);
	free(m->folder);
	free(m->folder_to);
}

/* A link's destination with each path segment that is the old plan's or
 * folder's name renamed; NULL when none is. */
static char *moved_link(const char *dest, const kam_entity *e, const char *name)
{
	size_t n = strlen(e->id);
	kam_buf b = KAM_BUF_INIT;
	bool changed = false;
	const char *p = dest, *stop = dest + strcspn(dest, "#?");
	while (p < stop) {
		const char *seg_end = memchr(p, '/', (size_t)(stop - p));
		if (!seg_end)
			seg_end = stop;
		size_t len = (size_t)(seg_end - p);
		bool folder = len == n && memcmp(p, e->id, n) == 0 && seg_end < stop;
		bool plan = len == n + 3 && memcmp(p, e->id, n) == 0 && memcmp(p + n, ".md", 3) == 0;
		if (folder || plan) {
			kam_buf_puts(&b, name);
			if (plan)
				kam_buf_puts(&b, ".md");
			changed = true;
		} else
			kam_buf_add(&b, p, len);
		if (seg_end < stop)
			kam_buf_putc(&b, '/');
		p = seg_end + 1;
	}
	kam_buf_puts(&b, stop);
	if (!changed) {
		kam_buf_release(&b);
		return NULL;
	}
	return kam_buf_detach(&b);
}

/* Whether a link lands on the plan or in the folder that moves. */
static bool lands_in(const kam_ref *ref, const moves *m)
{
	if (!ref->target_path)
		return false;
	if (strcmp(ref->target_path, m->plan) == 0)
		return true;
	size_t n = m->folder ? strlen(m->folder) : 0;
	return n && strncmp(ref->target_path, m->folder, n) == 0 && ref->target_path[n] == '/';
}

/* Every edit of the rename, each file read once. */
static void collect(lsp_server *s, const lsp_repo *r, const kam_entity *e, const char *name,
		    const moves *m, edits *es)
{
	size_t count;
	const kam_ref *refs = kam_index_refs(r->index, &count);
	const char *decl = lsp_entity_rel(r, e);
	size_t docs = kam_index_doc_count(r->index);
	for (size_t f = 0; f <= docs; f++) { /* the documents, then kam.yaml */
		const char *rel = f < docs ? kam_index_doc_path(r->index, f) : "kam.yaml";
		bool any = strcmp(rel, decl) == 0;
		for (size_t i = 0; i < count && !any; i++)
			any = refs[i].doc == f && (spells(r, &refs[i], e) ||
						   (m->plan && refs[i].kind == KAM_REF_LINK &&
						    lands_in(&refs[i], m)));
		if (!any)
			continue;
		size_t len, start, end, a, b;
		char *text = lsp_file_text(s, r->root, rel, &len);
		if (!text)
			continue;
		if (strcmp(rel, decl) == 0 && id_in_declaration(text, len, e, &a, &b))
			add_edit(es, rel, a, b, NULL);
		for (size_t i = 0; i < count; i++) {
			const kam_ref *ref = &refs[i];
			if (ref->doc != f || !lsp_ref_span(text, len, ref, &start, &end))
				continue;
			if (spells(r, ref, e) && id_in_ref(text, start, end, ref, e, &a, &b))
				add_edit(es, rel, a, b, NULL);
			char *moved;
			if (m->plan && ref->kind == KAM_REF_LINK && lands_in(ref, m) &&
			    (moved = moved_link(ref->text, e, name)))
				add_edit(es, rel, start, end, moved);
		}
		free(text);
	}
}

/* ------------------------------------------------------------------ */
/* the WorkspaceEdit                                                   */

static json_t *client_workspace_edit(lsp_server *s)
{
	return json_object_get(json_object_get(lsp_client_capabilities(s), "workspace"),
			       "workspaceEdit");
}

static bool client_renames_files(lsp_server *s)
{
	json_t *ops = json_object_get(client_workspace_edit(s), "resourceOperations");
	size_t i;
	json_t *op;
	json_array_foreach(ops, i, op)
		if (json_is_string(op) && strcmp(json_string_value(op), "rename") == 0)
			return true;
	return false;
}

static json_t *file_uri(const lsp_repo *r, const char *rel)
{
	char *path = kam_xprintf("%s/%s", r->root, rel);
	char *uri = lsp_path_uri(path);
	json_t *out = json_string(uri ? uri : "");
	free(uri);
	free(path);
	return out;
}

static json_t *build(lsp_server *s, const lsp_repo *r, const char *name, edits *es,
		     const moves *m)
{
	bool versioned = json_is_true(json_object_get(client_workspace_edit(s), "documentChanges"));
	if (es->n) /* es->all is NULL when there is no edit */
		qsort(es->all, es->n, sizeof(edit), by_place);
	json_t *changes = json_object(), *document_changes = json_array();
	for (size_t i = 0; i < es->n;) {
		const char *rel = es->all[i].rel;
		size_t len;
		char *text = lsp_file_text(s, r->root, rel, &len);
		char *uri = lsp_file_uri(s, r->root, rel);
		json_t *list = json_array();
		for (; i < es->n && strcmp(es->all[i].rel, rel) == 0; i++)
			if (text)
				json_array_append_new(
					list, json_pack("{s:o,s:s}", "range",
							lsp_range_at(text, len, es->all[i].start,
								     es->all[i].end, lsp_encoding_of(s)),
							"newText", es->all[i].with ? es->all[i].with : name));
		const lsp_doc *open = lsp_doc_find(s, uri);
		if (versioned)
			json_array_append_new(
				document_changes,
				json_pack("{s:{s:s,s:o},s:o}", "textDocument", "uri", uri, "version",
					  open ? json_integer(open->version) : json_null(), "edits", list));
		else
			json_object_set_new(changes, uri, list);
		free(uri);
		free(text);
	}
	if (versioned && m->plan) {
		json_array_append_new(document_changes,
				      json_pack("{s:s,s:o,s:o}", "kind", "rename", "oldUri",
						file_uri(r, m->plan), "newUri", file_uri(r, m->plan_to)));
		if (m->folder)
			json_array_append_new(
				document_changes,
				json_pack("{s:s,s:o,s:o}", "kind", "rename", "oldUri",
					  file_uri(r, m->folder), "newUri", file_uri(r, m->folder_to)));
	}
	if (versioned) {
		json_decref(changes);
		return json_pack("{s:o}", "documentChanges", document_changes);
	}
	json_decref(document_changes);
	return json_pack("{s:o}", "changes", changes);
}

json_t *lsp_rename(lsp_server *s, json_t *params, lsp_error *err)
{
	json_t *new_name = json_object_get(params, "newName");
	if (!json_is_string(new_name))
		return lsp_fail(err, LSP_INVALID_PARAMS, "the request has no newName");
	rename_target t;
	if (!target_of(s, params, &t, err))
		return NULL;
	const char *name = json_string_value(new_name);
	if (strcmp(name, t.entity->id) == 0)
		return json_pack("{s:{}}", "changes");
	if (!name_allowed(t.repo, t.entity, name, err))
		return NULL;
	moves m;
	find_moves(t.repo, t.entity, name, &m);
	/* the plan is named by the id: the text alone would leave it misnamed */
	bool versioned = json_is_true(json_object_get(client_workspace_edit(s), "documentChanges"));
	if (m.plan && !(versioned && client_renames_files(s))) {
		lsp_fail(err, LSP_REQUEST_FAILED,
			 "renaming an account renames its plan file (%s); this editor cannot rename "
			 "files (its workspace.workspaceEdit has no documentChanges, or no 'rename' in "
			 "resourceOperations)", m.plan);
		free_moves(&m);
		return NULL;
	}
	edits es = {0};
	collect(s, t.repo, t.entity, name, &m, &es);
	json_t *out = build(s, t.repo, name, &es, &m);
	for (size_t i = 0; i < es.n; i++)
		free(es.all[i].with);
	free(es.all);
	free_moves(&m);
	return out;
}

json_t *lsp_rename_capability(json_t *client_caps)
{
	json_t *prepare = json_object_get(
		json_object_get(json_object_get(client_caps, "textDocument"), "rename"),
		"prepareSupport");
	return json_is_true(prepare) ? json_pack("{s:b}", "prepareProvider", 1) : json_true();
}
