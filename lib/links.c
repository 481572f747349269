/* kam links: outgoing references, backlinks and broken links. */
#include "kam/links.h"

#include <stdlib.h>
#include <string.h>

#include "kam/json.h"
#include "kam/term.h"
#include "banned.h"

typedef struct subject {
	const kam_entity *entity; /* NULL: the whole repository */
	bool is_account;
	const char *scope; /* the account key of an account subject */
	const kam_touch *met; /* a contact's last meeting or touch, or NULL */
	bool is_contact;
} subject;

typedef struct ref_list {
	const kam_ref **items;
	size_t count, alloc;
} ref_list;

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void add(ref_list *l, const kam_ref *r)
{
	l->items = kam_grow(l->items, &l->alloc, l->count + 1, sizeof(*l->items));
	l->items[l->count++] = r;
}

/* "account", "account#id", "@member" or "kam.yaml#id" (a tier, competitor
 * or offering kam.yaml declares: in no account): how kam names an entity. */
static void entity_label(kam_buf *out, const kam_entity *e)
{
	if (same(e->ns, "team"))
		kam_buf_printf(out, "@%s", e->id);
	else if (same(e->ns, "account"))
		kam_buf_puts(out, e->id);
	else if (!e->account)
		kam_buf_printf(out, "kam.yaml#%s", e->id);
	else
		kam_buf_printf(out, "%s#%s", e->account, e->id);
}

static const char *kind_name(kam_ref_kind k)
{
	return k == KAM_REF_FIELD ? "field" : k == KAM_REF_WIKI ? "reference" : "link";
}

static void what(kam_buf *out, const kam_ref *r)
{
	if (r->kind == KAM_REF_FIELD)
		kam_buf_puts(out, r->field);
	else if (r->kind == KAM_REF_WIKI)
		kam_buf_printf(out, "[[%s]]", r->text);
	else
		kam_buf_printf(out, "link %s", r->text);
}

/* Whether entity e is, or belongs to, the subject. */
static bool about(const kam_index *x, const subject *s, const kam_entity *e)
{
	if (!e || !s->entity)
		return false;
	if (!s->is_account)
		return e == s->entity;
	return e == s->entity || (e->doc != KAM_DOC_NONE && same(kam_index_doc_account(x, e->doc), s->scope) &&
				  !same(e->ns, "account"));
}

static bool in_subject(const kam_index *x, const subject *s, const kam_ref *r)
{
	if (!s->entity)
		return true;
	if (s->is_account)
		return same(kam_index_doc_account(x, r->doc), s->scope);
	return kam_index_ref_source(x, r) == s->entity;
}

/* [[account#id]] into the subject account when its plan could not be read:
 * unchecked, but still a backlink. */
static bool into_unread(const subject *s, const kam_ref *r)
{
	if (!s->is_account || !r->unchecked || r->kind != KAM_REF_WIKI)
		return false;
	size_t n = strcspn(r->text, "#");
	return r->text[n] == '#' && strlen(s->entity->id) == n && strncmp(r->text, s->entity->id, n) == 0;
}

static void collect(const kam_index *x, const subject *s, ref_list *out_refs, ref_list *back,
		    ref_list *broken)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(x, &n);
	for (size_t i = 0; i < n; i++) {
		const kam_ref *r = &refs[i];
		bool mine = in_subject(x, s, r);
		if (mine && s->entity)
			add(out_refs, r);
		if (mine && r->broken)
			add(broken, r);
		/* an account's backlinks come from elsewhere; its own pointers are outgoing */
		bool to_plan = s->is_account && r->target_path &&
			       same(r->target_path, kam_index_doc_path(x, s->entity->doc));
		if ((about(x, s, r->target) || to_plan || into_unread(s, r)) && !(s->is_account && mine))
			add(back, r);
	}
}

/* account#id whose account's plan could not be read: say so, not "no such id". */
static bool unread_account(const kam_index *x, const char *text, kam_error *err)
{
	const char *hash = strchr(text, '#');
	if (!hash)
		return false;
	char *account = kam_xstrndup(text, (size_t)(hash - text));
	const kam_entity *a = kam_index_find(x, account, NULL);
	if (a && a->unread)
		kam_error_set(err, KAM_ENOTFOUND, "%s could not be read (%s): the ids inside it are "
						  "unknown; run kam check",
			      a->file, kam_index_doc_unread(x, a->doc));
	free(account);
	return a && a->unread;
}

static int find_subject(const kam_index *x, const char *text, subject *s, kam_error *err)
{
	memset(s, 0, sizeof(*s));
	if (!text)
		return KAM_OK;
	size_t n;
	const kam_entity *all = kam_index_entities(x, &n);
	char **labels = kam_xcalloc(n + 1, sizeof(char *));
	kam_buf label = KAM_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		kam_buf_reset(&label);
		entity_label(&label, &all[i]);
		labels[i] = kam_xstrdup(kam_buf_cstr(&label));
		if (!s->entity && strcmp(labels[i], text) == 0)
			s->entity = &all[i];
	}
	int rc = KAM_OK;
	if (!s->entity && !strchr(text, '#') && text[0] != '@') /* an account by its file name */
		s->entity = kam_index_find(x, text, NULL);
	if (!s->entity && unread_account(x, text, err))
		rc = KAM_ENOTFOUND;
	else if (!s->entity) {
		const char *guess = kam_closest(text, (const char *const *)labels, n);
		rc = kam_error_set(err, KAM_ENOTFOUND,
				   "'%s' names no account, entity or team member%s%s%s", text,
				   guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
	} else {
		s->is_account = same(s->entity->ns, "account");
		if (s->is_account) /* an id claimed twice: its own file's */
			s->entity = kam_index_find(x, s->entity->id, NULL);
		s->scope = s->is_account ? kam_index_doc_account(x, s->entity->doc) : NULL;
	}
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	kam_buf_release(&label);
	return rc;
}

/* ------------------------------------------------------------------ */
/* text                                                                */

static void target_label(kam_buf *out, const kam_ref *r)
{
	if (r->target)
		entity_label(out, r->target);
	else if (r->target_path)
		kam_buf_puts(out, r->target_path);
	else if (r->unchecked)
		kam_buf_puts(out, "(not checked: that plan could not be read)");
	else
		kam_buf_puts(out, "(nothing)");
}

/* A line of the text report: built from constants and values, then shown
 * through the terminal writer, so no value can start a line of its own. */
static void put_line(kam_buf *out, kam_buf *line)
{
	kam_term_text(out, kam_buf_cstr(line));
	kam_buf_putc(out, '\n');
	kam_buf_reset(line);
}

static void text_refs(kam_buf *out, const char *title, const ref_list *l, bool with_target,
		      const kam_index *x)
{
	kam_buf line = KAM_BUF_INIT;
	kam_buf_printf(out, "%s (%zu):\n", title, l->count);
	for (size_t i = 0; i < l->count; i++) {
		const kam_ref *r = l->items[i];
		kam_buf_printf(&line, "  %s:%u:%u  ", kam_index_doc_file(x, r->doc), r->line, r->column);
		what(&line, r);
		kam_buf_puts(&line, with_target ? " -> " : " from ");
		if (with_target)
			target_label(&line, r);
		else {
			const kam_entity *src = kam_index_ref_source(x, r);
			if (src)
				entity_label(&line, src);
			else
				kam_buf_puts(&line, kam_index_doc_account(x, r->doc));
		}
		put_line(out, &line);
	}
	kam_buf_release(&line);
}

/* "last met 2026-10-01 (meeting, accounts/acme/meetings/kickoff.md)": a
 * meeting note, or the touches of a plan. */
static void last_met_line(kam_buf *line, const kam_index *x, const subject *s)
{
	if (!s->met) {
		kam_buf_puts(line, "  last met: never (no meeting note or touch names them)");
		return;
	}
	char date[11];
	kam_date_format(s->met->date, date);
	kam_buf_printf(line, "  last met %s (%s, %s%s)", date, s->met->kind,
		       kam_index_doc_is_plan(x, s->met->doc) ? "touches in " : "",
		       kam_index_doc_file(x, s->met->doc));
}

static void text_report(kam_buf *out, const kam_index *x, const subject *s, const ref_list *outgoing,
			const ref_list *back, const ref_list *broken)
{
	if (s->entity) {
		kam_buf line = KAM_BUF_INIT;
		entity_label(&line, s->entity);
		kam_buf_printf(&line, " (%s)", s->entity->ns);
		if (s->entity->name)
			kam_buf_printf(&line, ": %s", s->entity->name);
		put_line(out, &line);
		const char *unread = s->entity->unread ? kam_index_doc_unread(x, s->entity->doc) : NULL;
		if (unread)
			kam_buf_printf(&line, "  could not be read: %s (%s); run kam check", s->entity->file,
				       unread);
		else
			kam_buf_printf(&line, "  declared at %s:%u:%u", s->entity->file, s->entity->line,
				       s->entity->column);
		put_line(out, &line);
		if (s->is_contact && !unread)
			last_met_line(&line, x, s);
		if (line.len)
			put_line(out, &line);
		kam_buf_release(&line);
		text_refs(out, "outgoing", outgoing, true, x);
		text_refs(out, "backlinks", back, false, x);
	}
	text_refs(out, "broken", broken, true, x);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

/* A contact's last meeting: {date, kind, file, in: meeting-note or
 * touches}, or null when nothing names them. */
static void json_last_met(kam_json *w, const kam_index *x, const kam_touch *t)
{
	if (!t) {
		kam_json_null(w, "last_met");
		return;
	}
	char date[11];
	kam_date_format(t->date, date);
	kam_json_object_begin(w, "last_met", KAM_JSON_INLINE);
	kam_json_string(w, "date", date);
	kam_json_string(w, "kind", t->kind);
	kam_json_path(w, "file", kam_index_doc_file(x, t->doc));
	kam_json_string(w, "in", kam_index_doc_is_plan(x, t->doc) ? "touches" : "meeting-note");
	kam_json_end(w);
}

static void json_entity(kam_json *w, const char *key, const kam_entity *e, const subject *contact,
			const kam_index *x)
{
	if (!e) {
		kam_json_null(w, key);
		return;
	}
	kam_buf label = KAM_BUF_INIT;
	entity_label(&label, e);
	kam_json_object_begin(w, key, KAM_JSON_INLINE);
	kam_json_string(w, "ref", label.ptr);
	kam_json_string(w, "kind", e->ns);
	kam_json_string(w, "name", e->name);
	kam_json_path(w, "file", e->file);
	kam_json_int(w, "line", e->line);
	kam_json_int(w, "column", e->column);
	if (contact && !e->unread)
		json_last_met(w, x, contact->met);
	kam_json_end(w);
	kam_buf_release(&label);
}

static void json_ref(kam_json *w, const kam_ref *r, const kam_index *x)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_path(w, "file", kam_index_doc_file(x, r->doc));
	kam_json_int(w, "line", r->line);
	kam_json_int(w, "column", r->column);
	kam_json_string(w, "kind", kind_name(r->kind));
	kam_json_string(w, "field", r->field);
	kam_json_string(w, "text", r->text);
	kam_buf label = KAM_BUF_INIT;
	const kam_entity *src = kam_index_ref_source(x, r);
	if (src)
		entity_label(&label, src);
	kam_json_string(w, "source", src ? label.ptr : NULL);
	kam_buf_reset(&label);
	if (r->target || r->target_path)
		target_label(&label, r);
	kam_json_string(w, "target", r->target || r->target_path ? label.ptr : NULL);
	kam_buf_release(&label);
	kam_json_bool(w, "broken", r->broken);
	if (r->unchecked)
		kam_json_bool(w, "unchecked", true);
	kam_json_end(w);
}

static void json_refs(kam_json *w, const char *name, const ref_list *l, const kam_index *x)
{
	kam_json_array_begin(w, name, KAM_JSON_BLOCK);
	for (size_t i = 0; i < l->count; i++)
		json_ref(w, l->items[i], x);
	kam_json_end(w);
}

static void json_report(kam_buf *out, const kam_index *x, const subject *s, const ref_list *outgoing,
			const ref_list *back, const ref_list *broken)
{
	kam_json w;
	kam_json_init(&w, out);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_int(&w, "version", 1);
	json_entity(&w, "subject", s->entity, s->is_contact ? s : NULL, x);
	json_refs(&w, "outgoing", outgoing, x);
	json_refs(&w, "backlinks", back, x);
	json_refs(&w, "broken", broken, x);
	kam_json_end(&w);
	kam_json_release(&w);
}

/* ------------------------------------------------------------------ */
/* Graphviz                                                            */

static bool drawn(const kam_entity *e)
{
	return e && (same(e->ns, "account") || same(e->ns, "team") || same(e->ns, "contact"));
}

/* A DOT string: control characters shown as the terminal writer shows
 * them (the graph is often read in a terminal), then " and \ escaped. */
static void dot_quoted(kam_buf *out, const char *s)
{
	kam_buf shown = KAM_BUF_INIT;
	kam_term_text(&shown, s);
	kam_buf_putc(out, '"');
	for (const char *p = kam_buf_cstr(&shown); *p; p++) {
		if (*p == '"' || *p == '\\')
			kam_buf_putc(out, '\\');
		kam_buf_putc(out, *p);
	}
	kam_buf_putc(out, '"');
	kam_buf_release(&shown);
}

static void dot_id(kam_buf *out, const kam_entity *e)
{
	kam_buf label = KAM_BUF_INIT;
	entity_label(&label, e);
	dot_quoted(out, label.ptr);
	kam_buf_release(&label);
}

/* A reference drawn as an edge: from its entity to its target; a link
 * between accounts made by something not drawn (an opportunity's partner)
 * is drawn from its account. */
static const kam_entity *edge_source(const kam_index *x, const kam_ref *r)
{
	const kam_entity *src = kam_index_ref_source(x, r);
	if (src && !drawn(src) && r->target && same(r->target->ns, "account"))
		src = kam_index_find(x, src->account, NULL);
	return src;
}

static bool edge_wanted(const kam_index *x, const subject *s, const kam_ref *r,
			const kam_entity *src)
{
	if (r->kind != KAM_REF_FIELD || !drawn(r->target) || !drawn(src) || src == r->target)
		return false;
	return !s->entity || about(x, s, src) || about(x, s, r->target) || src == s->entity ||
	       r->target == s->entity;
}

/* The entities drawn, in the order first met; membership by the entity's
 * place in the index, so a repository-wide graph stays linear. */
typedef struct node_set {
	const kam_entity *base; /* kam_index_entities */
	size_t base_count;
	unsigned char *in;
	const kam_entity **items;
	size_t count, alloc;
} node_set;

static void add_node(node_set *n, const kam_entity *e)
{
	size_t at = (size_t)(e - n->base);
	if (n->in[at])
		return;
	n->in[at] = 1;
	n->items = kam_grow(n->items, &n->alloc, n->count + 1, sizeof(*n->items));
	n->items[n->count++] = e;
}

/* Edge lines, each written once (two deals through one partner: one edge). */
typedef struct edge_set {
	char **lines; /* in the order first written */
	size_t count, alloc;
	kam_text_table seen;
} edge_set;

static void edge_set_add(edge_set *e, kam_buf *line)
{
	if (kam_text_table_get(&e->seen, line->ptr, line->len, NULL))
		return;
	char *kept = kam_buf_detach(line);
	e->lines = kam_grow(e->lines, &e->alloc, e->count + 1, sizeof(char *));
	e->lines[e->count++] = kept;
	kam_text_table_put(&e->seen, kept, strlen(kept), e->count - 1);
}

static void edge_set_release(edge_set *e)
{
	for (size_t i = 0; i < e->count; i++)
		free(e->lines[i]);
	free(e->lines);
	kam_text_table_release(&e->seen);
}

static void dot_node(kam_buf *out, const kam_entity *e, const char *indent)
{
	kam_buf_puts(out, indent);
	dot_id(out, e);
	kam_buf_puts(out, " [label=");
	dot_quoted(out, e->name ? e->name : e->id);
	if (same(e->ns, "account"))
		kam_buf_puts(out, same(e->type, "partner") ? ", shape=component" : ", shape=box, style=bold");
	else if (same(e->ns, "team"))
		kam_buf_puts(out, ", shape=ellipse, style=dashed");
	else
		kam_buf_puts(out, ", shape=ellipse");
	kam_buf_puts(out, "];\n");
}

/* Contacts by account, in the order they were met within each. */
static int by_account_then_order(const void *a, const void *b)
{
	const kam_entity *const *x = a, *const *y = b;
	int c = strcmp((*x)->account, (*y)->account);
	return c ? c : (*x < *y ? -1 : *x > *y);
}

static size_t first_of_account(const kam_entity **people, size_t count, const char *account)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(people[mid]->account, account) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void dot_clusters(kam_buf *out, const kam_index *x, const node_set *nodes)
{
	const kam_entity **people = kam_xcalloc(nodes->count + 1, sizeof(*people));
	size_t people_count = 0;
	for (size_t i = 0; i < nodes->count; i++)
		if (same(nodes->items[i]->ns, "contact") && nodes->items[i]->account)
			people[people_count++] = nodes->items[i];
	qsort(people, people_count, sizeof(*people), by_account_then_order);
	for (size_t i = 0; i < nodes->count; i++) {
		const kam_entity *a = nodes->items[i];
		if (!same(a->ns, "account"))
			continue;
		const char *scope = kam_index_doc_account(x, a->doc);
		kam_buf_puts(out, "  subgraph ");
		kam_buf label = KAM_BUF_INIT;
		kam_buf_printf(&label, "cluster_%s", a->id);
		dot_quoted(out, label.ptr);
		kam_buf_release(&label);
		kam_buf_puts(out, " {\n    label=");
		dot_quoted(out, a->name ? a->name : a->id);
		kam_buf_puts(out, ";\n");
		dot_node(out, a, "    ");
		for (size_t j = scope ? first_of_account(people, people_count, scope) : people_count;
		     j < people_count && same(people[j]->account, scope); j++)
			dot_node(out, people[j], "    ");
		kam_buf_puts(out, "  }\n");
	}
	free(people);
	for (size_t i = 0; i < nodes->count; i++) /* team members, and people of undrawn accounts */
		if (same(nodes->items[i]->ns, "team") ||
		    (same(nodes->items[i]->ns, "contact") &&
		     !kam_index_find(x, nodes->items[i]->account, NULL)))
			dot_node(out, nodes->items[i], "  ");
}

static void dot_edge(edge_set *edges, const kam_entity *src, const kam_ref *r)
{
	const char *field = strrchr(r->field, '.');
	field = field ? field + 1 : r->field;
	char *label = kam_xstrndup(field, strcspn(field, "[")); /* attendees[2] -> attendees */
	kam_buf edge = KAM_BUF_INIT;
	kam_buf_puts(&edge, "  ");
	dot_id(&edge, src);
	kam_buf_puts(&edge, " -> ");
	dot_id(&edge, r->target);
	kam_buf_puts(&edge, " [label=");
	dot_quoted(&edge, label);
	kam_buf_puts(&edge, "];\n");
	edge_set_add(edges, &edge);
	kam_buf_release(&edge); /* a no-op when the set kept it */
	free(label);
}

static void dot_report(kam_buf *out, const kam_index *x, const subject *s)
{
	size_t n, entity_count;
	const kam_ref *refs = kam_index_refs(x, &n);
	const kam_entity *entities = kam_index_entities(x, &entity_count);
	node_set nodes = {entities, entity_count, kam_xcalloc(entity_count + 1, 1), NULL, 0, 0};
	edge_set edges = {NULL, 0, 0, {0}};
	if (s->entity)
		add_node(&nodes, s->entity);
	for (size_t i = 0; s->is_account && i < entity_count; i++) /* all of its people */
		if (drawn(&entities[i]) && about(x, s, &entities[i]))
			add_node(&nodes, &entities[i]);
	for (size_t i = 0; i < n; i++) {
		const kam_entity *src = edge_source(x, &refs[i]);
		if (!edge_wanted(x, s, &refs[i], src))
			continue;
		add_node(&nodes, src);
		add_node(&nodes, refs[i].target);
		dot_edge(&edges, src, &refs[i]);
	}
	for (size_t i = 0; i < nodes.count; i++) /* every drawn contact's account is drawn too */
		if (same(nodes.items[i]->ns, "contact")) {
			const kam_entity *a = kam_index_find(x, nodes.items[i]->account, NULL);
			if (a)
				add_node(&nodes, a);
		}
	kam_buf_puts(out, "digraph kam {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n"
			  "  edge [fontname=\"Helvetica\", fontsize=10];\n");
	dot_clusters(out, x, &nodes);
	for (size_t i = 0; i < edges.count; i++)
		kam_buf_puts(out, edges.lines[i]);
	kam_buf_puts(out, "}\n");
	edge_set_release(&edges);
	free(nodes.items);
	free(nodes.in);
}

int kam_links_report(kam_buf *out, size_t *broken_count, const kam_index *x, const char *text,
		     kam_links_format format, const kam_date *today, kam_error *err)
{
	subject s;
	if (find_subject(x, text, &s, err) < 0)
		return KAM_ENOTFOUND;
	s.is_contact = today && s.entity && same(s.entity->ns, "contact") && s.entity->account;
	if (s.is_contact)
		s.met = kam_index_last_met(x, s.entity->account, s.entity->id, *today);
	ref_list outgoing = {0}, back = {0}, broken = {0};
	collect(x, &s, &outgoing, &back, &broken);
	if (broken_count)
		*broken_count = broken.count;
	if (format == KAM_LINKS_DOT)
		dot_report(out, x, &s);
	else if (format == KAM_LINKS_JSON)
		json_report(out, x, &s, &outgoing, &back, &broken);
	else
		text_report(out, x, &s, &outgoing, &back, &broken);
	free(outgoing.items);
	free(back.items);
	free(broken.items);
	return KAM_OK;
}
