/* kam check, one document at a time: which documents the user named, each
 * read, validated against its kind's schema, collected into an index part
 * and judged by the plan rules; and what is said twice. The whole run is
 * lib/workspace.c's. */
#define _DEFAULT_SOURCE
#include "kam/check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kam/doc.h"
#include "kam/doc_cache.h"
#include "kam/index.h"
#include "kam/rules.h"
#include "check_internal.h"
#include "banned.h"


static bool below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0' || strcmp(dir, "/") == 0);
}

static void select_entry(selection *s, const kam_entry *e)
{
	s->items = kam_grow(s->items, &s->alloc, s->count + 1, sizeof(kam_entry));
	kam_entry *copy = &s->items[s->count++];
	copy->path = kam_xstrdup(e->path);
	copy->rel = kam_xstrdup(e->rel);
	copy->account = kam_xstrdup(e->account);
	copy->is_plan = e->is_plan;
}

static int by_entry_path(const void *a, const void *b)
{
	return strcmp(((const kam_entry *)a)->path, ((const kam_entry *)b)->path);
}

/* A file named twice (or by a file and its folder) is checked once. */
void check_drop_repeats(selection *s)
{
	if (s->count > 1)
		qsort(s->items, s->count, sizeof(kam_entry), by_entry_path);
	size_t kept = 0;
	for (size_t i = 0; i < s->count; i++) {
		if (kept && strcmp(s->items[kept - 1].path, s->items[i].path) == 0) {
			free(s->items[i].path);
			free(s->items[i].rel);
			free(s->items[i].account);
			continue;
		}
		s->items[kept++] = s->items[i];
	}
	s->count = kept;
}

/* An absolute, normalised path for what the user named: the folder
 * resolved through symlinks, the last name kept (so a symlinked plan is
 * judged by where it points); lexical when it is not on disk (a file of
 * another revision). */
static char *absolute_path(const char *path)
{
	char *real = realpath(path, NULL);
	if (real && kam_path_is_dir(real))
		return real;
	free(real);
	const char *slash = strrchr(path, '/');
	char *dir = slash ? kam_xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : kam_xstrdup(".");
	char *real_dir = realpath(dir, NULL);
	char *abs = real_dir ? kam_path_join(real_dir, slash ? slash + 1 : path) : NULL;
	if (!abs) { /* a folder that exists only in another revision */
		char *cwd = getcwd(NULL, 0);
		abs = cwd ? kam_path_join(cwd, path) : NULL;
		free(cwd);
	}
	free(dir);
	free(real_dir);
	return abs;
}

/* The overlays of a run, their paths made absolute as the listing's are. */

void check_overlays_init(overlays *o, const kam_overlay *items, size_t count)
{
	o->abs = kam_xcalloc(count + 1, sizeof(char *));
	o->items = items;
	o->count = count;
	for (size_t i = 0; i < count; i++)
		o->abs[i] = absolute_path(items[i].path);
}

void check_overlays_release(overlays *o)
{
	for (size_t i = 0; i < o->count; i++)
		free(o->abs[i]);
	free(o->abs);
}

/* The overlay standing for the file at abs, or NULL. */
const kam_overlay *check_overlay_for(const overlays *o, const char *abs)
{
	for (size_t i = 0; abs && i < o->count; i++)
		if (o->abs[i] && strcmp(o->abs[i], abs) == 0)
			return &o->items[i];
	return NULL;
}

/* A path the user named: a folder selects the documents below it. */
int check_select_path(const kam_repo *repo, const char *path, const kam_entry *all, size_t n,
		       const overlays *o, selection *s, kam_error *err)
{
	char *abs = absolute_path(path);
	char *rel = abs ? kam_path_relative(abs, kam_repo_root(repo)) : NULL;
	const kam_files *files = kam_repo_files(repo);
	int rc = KAM_OK;
	size_t before = s->count;
	for (size_t i = 0; abs && i < n; i++)
		if (below(all[i].path, abs))
			select_entry(s, &all[i]);
	bool exists = rel && (strcmp(rel, ".") == 0 || kam_files_exists(files, rel) ||
			      check_overlay_for(o, abs));
	if (!exists)
		rc = kam_error_set(err, KAM_ENOTFOUND, "'%s' does not exist%s%s", path,
				   kam_files_is_worktree(files) ? "" : " in ",
				   kam_files_is_worktree(files) ? "" : kam_files_describe(files));
	else if (s->count == before && !kam_path_is_dir(abs) && strncmp(rel, "../", 3) != 0) {
		kam_entry e; /* a file outside the accounts folder, named explicitly */
		kam_repo_entry(repo, abs, &e);
		select_entry(s, &e);
		free(e.path);
		free(e.rel);
		free(e.account);
	}
	free(abs);
	free(rel);
	return rc;
}

static void report_kind(const kam_repo *repo, const kam_node *fm, const kam_node *kind,
			const char *file, kam_diag_list *diags)
{
	const char *const *kinds;
	size_t n = kam_repo_kinds(repo, &kinds);
	kam_buf list = KAM_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		if (strcmp(kinds[i], "account") != 0)
			kam_buf_printf(&list, "%s%s", list.len ? ", " : "", kinds[i]);
	kam_diag *d;
	if (!kind)
		d = kam_diag_push(diags, KAM_RULE_DOC_KIND, file, fm->line, fm->column,
				  "document has no 'kind'");
	else {
		const char *guess = kam_closest(kind->text ? kind->text : "", kinds, n);
		d = kam_diag_push(diags, KAM_RULE_DOC_KIND, file, kind->line, kind->column,
				  "'%s' is not a kind of document this repository defines%s%s%s",
				  kind->text ? kind->text : "", guess ? "; did you mean '" : "",
				  guess ? guess : "", guess ? "'?" : "");
	}
	kam_diag_set_hint(d, "documents under accounts/<id>/ say 'kind: ' and one of: %s", list.ptr);
	kam_buf_release(&list);
}

/* The schema a document is checked against, or NULL after a diagnostic. */
static const kam_schema *schema_for(const kam_repo *repo, const kam_entry *e, const kam_node *fm,
				    const char *file, kam_diag_list *diags)
{
	const kam_node *kind = kam_node_get(fm, "kind");
	const char *name = kam_node_string(kind);
	if (e->is_plan) {
		if (name && strcmp(name, "account") != 0 && kam_repo_schema(repo, name)) {
			kam_diag *d = kam_diag_push(diags, KAM_RULE_DOC_KIND, file, kind->line,
						    kind->column,
						    "a '%s' document belongs in the folder of its account",
						    name);
			kam_diag_set_hint(d, "move it to accounts/<account id>/");
			return NULL;
		}
		return kam_repo_schema(repo, "account");
	}
	const kam_schema *schema = name ? kam_repo_schema(repo, name) : NULL;
	if (!schema && fm->kind == KAM_NODE_MAP)
		report_kind(repo, fm, kind, file, diags);
	return schema ? schema : fm->kind == KAM_NODE_MAP ? NULL : kam_repo_schema(repo, "meeting");
}

/* An empty frontmatter: name the keys the document's schema requires. */
static void report_empty(const kam_repo *repo, const kam_entry *e, const char *file,
			 kam_diag_list *diags)
{
	const kam_schema *schema = kam_repo_schema(repo, e->is_plan ? "account" : "meeting");
	const kam_node *required = kam_node_get(kam_schema_root(schema), "required");
	kam_buf keys = KAM_BUF_INIT;
	for (size_t i = 0; required && i < required->count; i++)
		kam_buf_printf(&keys, "%s%s", i ? ", " : "", kam_node_string(required->items[i]));
	kam_diag *d = kam_diag_push(diags, KAM_RULE_SCHEMA_REQUIRED, file, 1, 1,
				    "the frontmatter is empty");
	if (e->is_plan)
		kam_diag_set_hint(d, "an account plan needs at least %s ('kam new' writes them)",
				  kam_buf_cstr(&keys));
	else
		kam_diag_set_hint(d, "a document needs at least %s", kam_buf_cstr(&keys));
	kam_buf_release(&keys);
}

/* Only a plain Markdown note (no frontmatter) may sit beside the plans. */
static bool plain_note(const kam_entry *e, const kam_diag_list *local)
{
	return !e->is_plan && local->count == 1 &&
	       local->items[0].rule == KAM_RULE_FRONTMATTER_MISSING;
}

/* A plan that is a link out of the repository (or a loop) is reported
 * as such, never read: kam_files_confine decides. */
static bool escapes_repository(const kam_repo *repo, const kam_entry *e, const char *file,
			       kam_diag_list *diags)
{
	char *real;
	if (kam_files_confine(kam_repo_files(repo), e->rel, &real, NULL) != KAM_EOUTSIDE) {
		free(real);
		return false;
	}
	kam_diag *d = kam_diag_push(diags, KAM_RULE_FILE_UNREADABLE, file, 1, 1,
				    real ? "file is a link to '%s', outside the repository"
					 : "cannot resolve the file's path (a symlink loop?)",
				    real ? real : "");
	kam_diag_set_hint(d, "kam reads only files inside the repository; copy the plan in");
	free(real);
	return true;
}

void check_count_fatal(const kam_diag_list *local, kam_check_stats *stats)
{
	for (size_t i = 0; i < local->count; i++)
		if (kam_rule_is_fatal(local->items[i].rule)) {
			stats->unprocessable++;
			return;
		}
}

/* One kam check over one repository. */

void check_add_summary(run *r, const kam_plan_summary *s, bool report)
{
	size_t alloc = r->plan_alloc;
	r->plans = kam_grow(r->plans, &r->plan_alloc, r->plan_count + 1, sizeof(kam_plan_summary));
	r->report = kam_grow(r->report, &alloc, r->plan_count + 1, sizeof(bool));
	r->plans[r->plan_count] = *s;
	r->report[r->plan_count++] = report;
}

/* What checking one document produced; merged in file order afterwards, so
 * documents can be checked on several threads. */

/* Plan rules on a document's tree, while it is alive. */
static void check_rules(const run *r, job *j, const char *file, const kam_node *fm)
{
	kam_diag_list discard = {0};
	kam_diag_list *sink = j->report ? &j->diags : &discard;
	if (j->entry->is_plan) {
		kam_rules_check_plan(&r->rules, fm, file, sink, &j->summary);
		j->has_summary = true;
	} else {
		j->has_facts = kam_rules_check_document(&r->rules, fm, file, sink, &j->facts);
		if (j->has_facts) {
			j->facts.account = kam_xstrdup(j->entry->account);
			j->facts.report = j->report;
		}
	}
	kam_diag_list_release(&discard);
}

/* "yaml-syntax at 6:18": the first finding in file, which explains why
 * the plan could not be read. */
static char *first_problem(const kam_diag_list *diags, const char *file)
{
	for (size_t i = 0; i < diags->count; i++) {
		const kam_diag *d = &diags->items[i];
		if (strcmp(d->file, file) == 0)
			return kam_xprintf("%s at %u:%u", kam_rule_id(d->rule), d->line, d->column);
	}
	return kam_xstrdup("unreadable");
}

static void mark_unread(job *j, char *reason)
{
	kam_index_mark_unread(j->part, reason);
	free(reason);
}

/* Read, parse, validate and collect one document, its text kept in the
 * thread's arena. Touches nothing shared. */
void check_entry(const run *r, job *j, kam_arena *arena)
{
	const kam_entry *e = j->entry;
	char *file = r->display_base ? kam_path_relative(e->path, r->display_base)
				     : kam_xstrdup(e->rel);
	kam_doc *doc = NULL;
	bool keep = false; /* for r->keep: a plan from the work tree, read as its rel */
	size_t *count = e->is_plan ? &j->plans : &j->documents;
	if (kam_files_is_worktree(kam_repo_files(r->repo)) &&
	    escapes_repository(r->repo, e, file, &j->diags)) {
		*count += j->report;
		goto done;
	}
	const kam_overlay *o = check_overlay_for(&r->overlays, e->path);
	if (o)
		kam_doc_parse(&doc, file, o->text, o->len, NULL, &j->diags);
	else {
		size_t had = j->diags.count;
		kam_doc_read(&doc, kam_repo_files(r->repo), e->rel, file, NULL, &j->diags);
		keep = r->keep && e->is_plan && j->diags.count == had && strcmp(file, e->rel) == 0 &&
		       kam_files_is_worktree(kam_repo_files(r->repo));
	}
	if (plain_note(e, &j->diags)) {
		kam_diag_list_release(&j->diags);
		goto done;
	}
	*count += j->report;
	const kam_node *fm = kam_doc_frontmatter(doc);
	const kam_schema *schema = NULL;
	if (fm && fm->kind == KAM_NODE_NULL)
		report_empty(r->repo, e, file, &j->diags);
	else if (fm)
		schema = schema_for(r->repo, e, fm, file, &j->diags);
	j->part = kam_index_collect(r->repo, arena, e, file, doc, schema, j->report, &j->diags);
	if (schema)
		check_rules(r, j, file, fm);
	else if (e->is_plan || !fm) /* a note whose frontmatter does not parse, too */
		mark_unread(j, first_problem(&j->diags, file));
	if (schema && e->is_plan) {
		kam_index_ensure_account(j->part, kam_node_string(kam_node_get(fm, "name")),
					 kam_node_string(kam_node_get(fm, "type")));
		if (j->has_summary && !j->summary.account) /* the account of its file name */
			j->summary.account = kam_xstrdup(e->account);
	}
done:
	if (e->is_plan && !j->part) { /* not even read: it still names an account */
		j->part = kam_index_collect(r->repo, arena, e, file, NULL, NULL, j->report, &j->diags);
		mark_unread(j, first_problem(&j->diags, file));
	}
	if (!j->report)
		kam_diag_list_release(&j->diags);
	if (keep)
		kam_doc_cache_offer(r->keep, e->rel, doc);
	else
		kam_doc_free(doc);
	free(file);
}

int check_by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool same_place(const kam_diag *a, const kam_diag *b)
{
	return a->line == b->line && a->column == b->column && strcmp(a->file, b->file) == 0;
}

static bool plan_rule(kam_rule rule)
{
	return rule >= KAM_RULE_REVIEW_OVERDUE && rule <= KAM_RULE_REVENUE_DUPLICATE;
}

static bool same_path(const kam_diag *a, const kam_diag *b)
{
	return a->path && b->path && strcmp(a->path, b->path) == 0;
}

typedef struct placed {
	const kam_diag *d;
	size_t index; /* in the list */
} placed;

/* Whether d says again what another finding at the same place says: an
 * unknown id that a plan rule explains in plan terms (an owner outside the
 * team, a route with no share), or a plan rule's missing key that the
 * schema already reports. place holds the findings at d's place. */
static bool restated(const placed *place, size_t count, const kam_diag *d)
{
	for (size_t j = 0; j < count; j++) {
		const kam_diag *o = place[j].d;
		if (o == d)
			continue;
		if (d->rule == KAM_RULE_REF_UNRESOLVED && plan_rule(o->rule))
			return true;
		if (plan_rule(d->rule) && o->rule == KAM_RULE_SCHEMA_REQUIRED && same_path(d, o))
			return true;
	}
	return false;
}

static int by_place(const void *a, const void *b)
{
	const kam_diag *x = ((const placed *)a)->d, *y = ((const placed *)b)->d;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->column < y->column ? -1 : x->column > y->column;
}

/* Findings are compared with those at their own place only: sorted by
 * place, a group at a time. */
void check_drop_restated(kam_diag_list *diags, size_t first)
{
	size_t kept = first, n = diags->count - first;
	bool *drop = kam_xcalloc(diags->count + 1, sizeof(bool));
	placed *order = kam_xcalloc(n + 1, sizeof(placed));
	for (size_t i = 0; i < n; i++)
		order[i] = (placed){&diags->items[first + i], first + i};
	qsort(order, n, sizeof(placed), by_place);
	for (size_t g = 0, end; g < n; g = end) {
		for (end = g + 1; end < n && same_place(order[g].d, order[end].d); end++)
			;
		for (size_t k = g; end - g > 1 && k < end; k++)
			drop[order[k].index] = restated(order + g, end - g, order[k].d);
	}
	free(order);
	for (size_t i = first; i < diags->count; i++) {
		kam_diag *d = &diags->items[i];
		if (drop[i]) {
			free(d->file);
			free(d->message);
			free(d->hint);
			free(d->path);
			continue;
		}
		diags->items[kept++] = *d;
	}
	diags->count = kept;
	free(drop);
}

void kam_unread_plans_free(kam_unread_plan *plans, size_t count)
{
	for (size_t i = 0; plans && i < count; i++) {
		free(plans[i].file);
		free(plans[i].account);
		free(plans[i].reason);
	}
	free(plans);
}

void check_list_unread(const kam_index *x, kam_unread_plan **out, size_t *count)
{
	size_t n = 0, alloc = 0;
	kam_unread_plan *list = NULL;
	for (size_t i = 0; i < kam_index_doc_count(x); i++) {
		const char *reason = kam_index_doc_unread(x, i);
		if (!reason)
			continue;
		list = kam_grow(list, &alloc, n + 1, sizeof(*list));
		list[n++] = (kam_unread_plan){kam_xstrdup(kam_index_doc_file(x, i)),
					      kam_xstrdup(kam_index_doc_account(x, i)),
					      kam_xstrdup(reason), kam_index_doc_reported(x, i),
					      kam_index_doc_depended_on(x, i), kam_index_doc_is_plan(x, i)};
	}
	*out = list;
	*count = n;
}

/* The account a plan's file names: the base of its file name, its first
 * *len bytes (without .md). */
static const char *file_stem(const kam_plan_summary *p, size_t *len)
{
	const char *base = strrchr(p->file, '/');
	base = base ? base + 1 : p->file;
	size_t n = strlen(base);
	*len = n > 3 && strcmp(base + n - 3, ".md") == 0 ? n - 3 : n;
	return base;
}

/* Whether its account id is its file name's (no copy: this runs on one
 * thread for every plan). */
static bool named_after(const kam_plan_summary *p)
{
	size_t n;
	const char *stem = file_stem(p, &n);
	return strncmp(stem, p->account, n) == 0 && p->account[n] == '\0';
}

/* A plan whose id: differs from its file name (one id-filename finding) is
 * the account of its file name, as references resolve it: its row and its
 * page go by that name. */
static void name_after_file(kam_plan_summary *p)
{
	size_t n;
	const char *stem = file_stem(p, &n);
	free(p->account);
	p->account = kam_xstrndup(stem, n);
}

/* Two files claiming one account id: the file named after it keeps it (or
 * the first); the other is a duplicate, never counted twice in totals. */
void check_mark_duplicates(kam_plan_summary *plans, size_t count)
{
	kam_text_table owners = {0};
	bool *named = kam_xcalloc(count + 1, sizeof(bool));
	for (size_t i = 0; i < count; i++)
		named[i] = plans[i].account && named_after(&plans[i]);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < count; i++) {
			kam_plan_summary *p = &plans[i];
			if (!p->account || named[i] != (pass == 0))
				continue;
			size_t n = strlen(p->account);
			if (kam_text_table_get(&owners, p->account, n, NULL))
				p->duplicate = true;
			else
				kam_text_table_put(&owners, p->account, n, i);
		}
	kam_text_table_release(&owners);
	for (size_t i = 0; i < count; i++)
		if (plans[i].account && !plans[i].duplicate && !named[i])
			name_after_file(&plans[i]);
	free(named);
}

void check_release_run(run *r)
{
	for (size_t i = 0; i < r->plan_count; i++)
		kam_plan_summary_release(&r->plans[i]);
	free(r->plans);
	free(r->report);
	for (size_t i = 0; i < r->facts_count; i++)
		kam_note_facts_release(&r->facts[i]);
	free(r->facts);
}

