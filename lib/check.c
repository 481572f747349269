/* kam check: which documents, loaded once, validated against their kind's
 * schema. */
#define _DEFAULT_SOURCE
#include "kam/check.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kam/doc.h"
#include "kam/index.h"
#include "kam/partners.h"
#include "kam/pool.h"
#include "kam/rules.h"
#include "kam/workspace.h"
#include "banned.h"

typedef struct selection {
	kam_entry *items;
	size_t count, alloc;
} selection;

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
static void drop_repeats(selection *s)
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
typedef struct overlays {
	char **abs;
	const kam_overlay *items;
	size_t count;
} overlays;

static void overlays_init(overlays *o, const kam_overlay *items, size_t count)
{
	o->abs = kam_xcalloc(count + 1, sizeof(char *));
	o->items = items;
	o->count = count;
	for (size_t i = 0; i < count; i++)
		o->abs[i] = absolute_path(items[i].path);
}

static void overlays_release(overlays *o)
{
	for (size_t i = 0; i < o->count; i++)
		free(o->abs[i]);
	free(o->abs);
}

/* The overlay standing for the file at abs, or NULL. */
static const kam_overlay *overlay_for(const overlays *o, const char *abs)
{
	for (size_t i = 0; abs && i < o->count; i++)
		if (o->abs[i] && strcmp(o->abs[i], abs) == 0)
			return &o->items[i];
	return NULL;
}

/* A path the user named: a folder selects the documents below it. */
static int select_path(const kam_repo *repo, const char *path, const kam_entry *all, size_t n,
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
			      overlay_for(o, abs));
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

static void count_fatal(const kam_diag_list *local, kam_check_stats *stats)
{
	for (size_t i = 0; i < local->count; i++)
		if (kam_rule_is_fatal(local->items[i].rule)) {
			stats->unprocessable++;
			return;
		}
}

/* One kam check over one repository. */
typedef struct run {
	const kam_repo *repo;
	const char *display_base;
	kam_index *index;
	kam_rules_context rules;
	kam_diag_list *diags;
	kam_check_stats *stats;
	kam_plan_summary *plans;
	bool *report; /* per plan: whether its findings are reported */
	size_t plan_count, plan_alloc, report_alloc;
	kam_note_facts *facts; /* meeting notes' open actions, for the rules and health */
	size_t facts_count, facts_alloc;
	overlays overlays; /* documents read from memory, not from the files */
} run;

static void add_summary(run *r, const kam_plan_summary *s, bool report)
{
	size_t alloc = r->plan_alloc;
	r->plans = kam_grow(r->plans, &r->plan_alloc, r->plan_count + 1, sizeof(kam_plan_summary));
	r->report = kam_grow(r->report, &alloc, r->plan_count + 1, sizeof(bool));
	r->plans[r->plan_count] = *s;
	r->report[r->plan_count++] = report;
}

/* What checking one document produced; merged in file order afterwards, so
 * documents can be checked on several threads. */
typedef struct job {
	const kam_entry *entry;
	bool report;
	kam_diag_list diags;
	kam_index *part;
	kam_plan_summary summary;
	bool has_summary;
	kam_note_facts facts; /* a meeting note's open actions */
	bool has_facts;
	size_t plans, documents;
} job;

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
static void check_entry(const run *r, job *j, kam_arena *arena)
{
	const kam_entry *e = j->entry;
	char *file = r->display_base ? kam_path_relative(e->path, r->display_base)
				     : kam_xstrdup(e->rel);
	kam_doc *doc = NULL;
	size_t *count = e->is_plan ? &j->plans : &j->documents;
	if (kam_files_is_worktree(kam_repo_files(r->repo)) &&
	    escapes_repository(r->repo, e, file, &j->diags)) {
		*count += j->report;
		goto done;
	}
	const kam_overlay *o = overlay_for(&r->overlays, e->path);
	if (o)
		kam_doc_parse(&doc, file, o->text, o->len, NULL, &j->diags);
	else
		kam_doc_read(&doc, kam_repo_files(r->repo), e->rel, file, NULL, &j->diags);
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
	kam_doc_free(doc);
	free(file);
}

static int by_path(const void *a, const void *b)
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
static void drop_restated(kam_diag_list *diags, size_t first)
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

static void list_unread(const kam_index *x, kam_unread_plan **out, size_t *count)
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

/* The account a plan's file names: its file name without .md. Caller frees. */
static char *file_account(const kam_plan_summary *p)
{
	const char *base = strrchr(p->file, '/');
	base = base ? base + 1 : p->file;
	size_t n = strlen(base);
	return kam_xstrndup(base, n > 3 && strcmp(base + n - 3, ".md") == 0 ? n - 3 : n);
}

static bool named_after(const kam_plan_summary *p)
{
	char *stem = file_account(p);
	bool same = strcmp(stem, p->account) == 0;
	free(stem);
	return same;
}

/* A plan whose id: differs from its file name (one id-filename finding) is
 * the account of its file name, as references resolve it: its row and its
 * page go by that name. */
static void name_after_file(kam_plan_summary *p)
{
	free(p->account);
	p->account = file_account(p);
}

/* Two files claiming one account id: the file named after it keeps it (or
 * the first); the other is a duplicate, never counted twice in totals. */
static void mark_duplicates(kam_plan_summary *plans, size_t count)
{
	kam_text_table owners = {0};
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < count; i++) {
			kam_plan_summary *p = &plans[i];
			if (!p->account || named_after(p) != (pass == 0))
				continue;
			size_t n = strlen(p->account);
			if (kam_text_table_get(&owners, p->account, n, NULL))
				p->duplicate = true;
			else
				kam_text_table_put(&owners, p->account, n, i);
		}
	kam_text_table_release(&owners);
	for (size_t i = 0; i < count; i++)
		if (plans[i].account && !plans[i].duplicate && !named_after(&plans[i]))
			name_after_file(&plans[i]);
}

static void release_run(run *r)
{
	for (size_t i = 0; i < r->plan_count; i++)
		kam_plan_summary_release(&r->plans[i]);
	free(r->plans);
	free(r->report);
	for (size_t i = 0; i < r->facts_count; i++)
		kam_note_facts_release(&r->facts[i]);
	free(r->facts);
}

/* ------------------------------------------------------------------ */
/* The workspace: a check of everything kept, updated one document at a */
/* time (kam/workspace.h)                                               */

#define NO_SLOT ((size_t)-1)

typedef struct ws_doc {
	kam_diag_list local; /* reading, schema and plan rules */
	kam_diag_list refs;  /* its broken references */
	kam_diag_list post;  /* portfolio and note rules, in its file */
	char *file;      /* as shown: relative to the display base, else the root */
	size_t index_doc, plan, facts; /* its slots, or NO_SLOT */
	bool dirty;      /* to check again */
	bool reassemble; /* its findings to put together again */
} ws_doc;

typedef struct ws_text {
	char *path, *text;
	size_t len;
} ws_text;

typedef struct ws_file {
	char *rel;
	kam_diag_list diags; /* finished */
} ws_file;

struct kam_workspace {
	const kam_repo *repo;
	char *today;
	const char *display_base; /* kam check's: files named relative to it */
	bool texts_listed;        /* a buffer whose file is not on disk is a document */
	bool once;                /* kam check: assembled once, never updated */
	kam_entry *all;
	size_t n;
	bool *report;             /* per document: its findings are reported; NULL: all */
	ws_doc *docs;
	kam_text_table by_rel; /* document -> its number */
	run r;
	kam_check_stats stats;
	kam_diag_list declared; /* duplicates, file names, orphans */
	kam_diag_list stray;    /* findings in files that are no document */
	ws_text *texts;         /* the editor's buffers */
	size_t text_count, text_alloc;
	ws_file *files;         /* the findings of each file that has some */
	size_t file_count, file_alloc;
	const char **file_names; /* sorted, for kam_workspace_files_with_findings */
	bool rebuild;
	bool moved; /* an updated document's ids moved */
	kam_workspace_stats last;
	kam_text_table file_at; /* ws_file by its file */
	kam_text_table doc_at;  /* document by its absolute path */
	char **changed; /* files whose findings changed in this update */
	size_t changed_count, changed_alloc;
};

static void ws_release_overlays(kam_workspace *ws);

static void ws_release_run(kam_workspace *ws)
{
	release_run(&ws->r);
	ws_release_overlays(ws);
	kam_index_free(ws->r.index);
	for (size_t i = 0; i < ws->n; i++) {
		kam_diag_list_release(&ws->docs[i].local);
		kam_diag_list_release(&ws->docs[i].refs);
		kam_diag_list_release(&ws->docs[i].post);
		free(ws->docs[i].file);
	}
	free(ws->docs);
	free(ws->report);
	ws->report = NULL;
	kam_entries_free(ws->all, ws->n);
	kam_text_table_release(&ws->by_rel);
	kam_text_table_release(&ws->doc_at);
	ws->doc_at = (kam_text_table){0};
	kam_diag_list_release(&ws->declared);
	kam_diag_list_release(&ws->stray);
	kam_rules_context rules = ws->r.rules;
	ws->r = (run){.repo = ws->repo, .display_base = ws->display_base, .rules = rules,
		      .stats = &ws->stats};
	ws->all = NULL;
	ws->docs = NULL;
	ws->n = 0;
	ws->by_rel = (kam_text_table){0};
}

static size_t ws_doc_of(const kam_workspace *ws, const char *rel)
{
	size_t at;
	return rel && kam_text_table_get(&ws->by_rel, rel, strlen(rel), &at) ? at : NO_SLOT;
}

static const ws_text *ws_text_of(const kam_workspace *ws, const char *path)
{
	for (size_t i = 0; i < ws->text_count; i++)
		if (strcmp(ws->texts[i].path, path) == 0)
			return &ws->texts[i];
	return NULL;
}

static void copy_diag(kam_diag_list *to, const kam_diag *d)
{
	kam_diag *c = kam_diag_push(to, d->rule, d->file, d->line, d->column, "%s", d->message);
	c->severity = d->severity;
	if (d->hint)
		kam_diag_set_hint(c, "%s", d->hint);
	if (d->path)
		kam_diag_set_path(c, d->path);
}

/* Findings handed to the documents they are in (moved out of found). */
static void distribute(kam_workspace *ws, kam_diag_list *found, bool post)
{
	for (size_t i = 0; i < found->count; i++) {
		kam_diag *d = &found->items[i];
		size_t doc = ws_doc_of(ws, d->file);
		kam_diag_list *to = doc == NO_SLOT ? &ws->stray
				    : post      ? &ws->docs[doc].post
						: &ws->docs[doc].refs;
		to->items = kam_grow(to->items, &to->alloc, to->count + 1, sizeof(kam_diag));
		to->items[to->count++] = *d;
	}
	free(found->items);
	*found = (kam_diag_list){0};
}

/* The documents of a run: the listing (taken over), the selected files it
 * lacks (named outside the accounts folder), and which are reported: the
 * selected ones, or all when everything is. */
static void ws_take_listing(kam_workspace *ws, kam_entry *all, size_t n, const selection *s,
			    bool everything)
{
	ws->all = all;
	ws->n = n;
	if (everything)
		return;
	ws->report = kam_xcalloc(n + s->count + 1, sizeof(bool));
	const char **chosen = kam_xcalloc(s->count + 1, sizeof(char *));
	for (size_t i = 0; i < s->count; i++)
		chosen[i] = s->items[i].path;
	qsort(chosen, s->count, sizeof(char *), by_path);
	for (size_t i = 0; i < n; i++) {
		const char *key = all[i].path;
		ws->report[i] = bsearch(&key, chosen, s->count, sizeof(char *), by_path) != NULL;
	}
	free(chosen);
	size_t alloc = n;
	for (size_t i = 0; i < s->count; i++) {
		bool listed = false;
		for (size_t j = 0; j < n && !listed; j++)
			listed = strcmp(all[j].path, s->items[i].path) == 0;
		if (listed)
			continue;
		ws->all = kam_grow(ws->all, &alloc, ws->n + 1, sizeof(kam_entry));
		kam_entry *e = &ws->all[ws->n];
		e->path = kam_xstrdup(s->items[i].path);
		e->rel = kam_xstrdup(s->items[i].rel);
		e->account = kam_xstrdup(s->items[i].account);
		e->is_plan = s->items[i].is_plan;
		ws->report[ws->n++] = true;
	}
}

/* The documents' slots and tables, once the entries are known. */
static void ws_index_entries(kam_workspace *ws)
{
	ws->docs = kam_xcalloc(ws->n + 1, sizeof(ws_doc));
	for (size_t i = 0; i < ws->n; i++) {
		const kam_entry *e = &ws->all[i];
		char *file = ws->display_base ? kam_path_relative(e->path, ws->display_base) : NULL;
		ws->docs[i].file = file ? file : kam_xstrdup(e->rel);
		kam_text_table_put(&ws->by_rel, ws->docs[i].file, strlen(ws->docs[i].file), i);
		kam_text_table_put(&ws->doc_at, ws->all[i].path, strlen(ws->all[i].path), i);
	}
}

/* The entries of an editor's workspace: the listing, and the documents the
 * editor has that are not on disk yet. */
static int ws_list(kam_workspace *ws, kam_error *err)
{
	kam_entry *all;
	size_t n, alloc;
	int rc = kam_repo_list(ws->repo, &all, &n, err);
	if (rc < 0)
		return rc;
	alloc = n;
	for (size_t i = 0; ws->texts_listed && i < ws->text_count; i++) {
		const char *path = ws->texts[i].path;
		bool listed = false;
		for (size_t j = 0; j < n && !listed; j++)
			listed = strcmp(all[j].path, path) == 0;
		if (listed || !kam_repo_lists(ws->repo, path))
			continue;
		all = kam_grow(all, &alloc, n + 1, sizeof(kam_entry));
		kam_repo_entry(ws->repo, path, &all[n++]);
	}
	ws_take_listing(ws, all, n, NULL, true);
	return KAM_OK;
}

/* The buffers as the run's overlays (the previous ones released). */
static void ws_release_overlays(kam_workspace *ws)
{
	if (ws->r.overlays.abs) {
		free((void *)ws->r.overlays.items);
		overlays_release(&ws->r.overlays);
	}
	ws->r.overlays = (overlays){0};
}

static void ws_overlays(kam_workspace *ws)
{
	ws_release_overlays(ws);
	kam_overlay *items = kam_xcalloc(ws->text_count + 1, sizeof(kam_overlay));
	for (size_t i = 0; i < ws->text_count; i++)
		items[i] = (kam_overlay){ws->texts[i].path, ws->texts[i].text, ws->texts[i].len};
	overlays_init(&ws->r.overlays, items, ws->text_count);
}

/* A checked document's products, kept in its slot. */
static void ws_keep_job(kam_workspace *ws, size_t i, job *j)
{
	run *r = &ws->r;
	ws_doc *d = &ws->docs[i];
	r->stats->plans += j->plans;
	r->stats->documents += j->documents;
	count_fatal(&j->diags, r->stats);
	d->local = j->diags;
	j->diags = (kam_diag_list){0};
	d->index_doc = j->part ? kam_index_doc_count(r->index) : NO_SLOT;
	if (j->part)
		kam_index_merge(r->index, j->part);
	d->plan = j->has_summary ? r->plan_count : NO_SLOT;
	if (j->has_summary)
		add_summary(r, &j->summary, j->report);
	d->facts = j->has_facts ? r->facts_count : NO_SLOT;
	if (j->has_facts) {
		r->facts = kam_grow(r->facts, &r->facts_alloc, r->facts_count + 1, sizeof(*r->facts));
		r->facts[r->facts_count++] = j->facts;
	}
}

typedef struct ws_pool {
	kam_workspace *ws;
	job *jobs;
	kam_arena **arenas;
} ws_pool;

static void ws_run_job(void *ctx, size_t i, size_t worker)
{
	ws_pool *p = ctx;
	check_entry(&p->ws->r, &p->jobs[i], p->arenas[worker]);
}

static void ws_finish_job(void *ctx, size_t i)
{
	ws_pool *p = ctx;
	ws_keep_job(p->ws, i, &p->jobs[i]);
}

/* The portfolio and note rules over every plan. */
static void ws_post_all(kam_workspace *ws)
{
	run *r = &ws->r;
	mark_duplicates(r->plans, r->plan_count);
	kam_partner_mark_copies(r->plans, r->plan_count);
	kam_health_finish(r->plans, r->plan_count, r->index, &r->rules, r->facts, r->facts_count);
	kam_diag_list found = {0};
	kam_rules_check_portfolio(&r->rules, r->plans, r->plan_count, r->report, r->index, &found);
	kam_rules_check_notes(&r->rules, r->plans, r->plan_count, r->report, r->facts, r->facts_count,
			      &found);
	for (size_t i = 0; i < ws->n; i++)
		kam_diag_list_release(&ws->docs[i].post);
	distribute(ws, &found, true);
}

/* Check every entry, each document read once, on the work pool; their
 * products kept in file order, so nothing depends on the threads. */
static void ws_check_all(kam_workspace *ws)
{
	ws_index_entries(ws);
	ws_overlays(ws);
	ws->r.index = kam_index_new(ws->repo);
	job *jobs = kam_xcalloc(ws->n + 1, sizeof(job));
	for (size_t i = 0; i < ws->n; i++)
		jobs[i] = (job){.entry = &ws->all[i], .report = !ws->report || ws->report[i]};
	const char *const *kinds;
	kam_repo_kinds(ws->repo, &kinds); /* fills a cache: before the threads */
	size_t threads = kam_thread_count(ws->n);
	kam_arena *arenas[KAM_MAX_THREADS];
	for (size_t i = 0; i < threads; i++)
		arenas[i] = kam_arena_new();
	ws_pool p = {ws, jobs, arenas};
	kam_pool_jobs pj = {ws->n, ws_run_job, ws_finish_job, &p};
	kam_pool_run(&pj, threads);
	for (size_t i = 0; i < threads; i++)
		kam_index_adopt(ws->r.index, arenas[i]);
	free(jobs);
	kam_diag_list found = {0};
	kam_index_resolve_references(ws->r.index, &found);
	distribute(ws, &found, false);
	kam_index_report_declarations(ws->r.index, &ws->declared);
	ws_post_all(ws);
	ws->last = (kam_workspace_stats){ws->n, true};
}

static int ws_build(kam_workspace *ws, kam_error *err)
{
	ws_release_run(ws);
	ws->stats = (kam_check_stats){0};
	int rc = ws_list(ws, err);
	if (rc == KAM_OK)
		ws_check_all(ws);
	return rc;
}

/* ---- findings per file ---- */

static ws_file *ws_file_of(const kam_workspace *ws, const char *rel)
{
	size_t at;
	return kam_text_table_get(&ws->file_at, rel, strlen(rel), &at) ? &ws->files[at] : NULL;
}

static bool same_diag(const kam_diag *a, const kam_diag *b)
{
	return a->rule == b->rule && a->line == b->line && a->column == b->column &&
	       a->severity == b->severity && strcmp(a->message, b->message) == 0 &&
	       strcmp(a->hint ? a->hint : "", b->hint ? b->hint : "") == 0;
}

static bool same_diags(const kam_diag_list *a, const kam_diag_list *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (!same_diag(&a->items[i], &b->items[i]))
			return false;
	return true;
}

static void copy_in(kam_diag_list *to, const kam_diag_list *from, const char *rel)
{
	for (size_t i = 0; i < from->count; i++)
		if (!rel || strcmp(from->items[i].file, rel) == 0)
			copy_diag(to, &from->items[i]);
}

/* The findings of rel put together as kam check puts them together. */
static void ws_assemble(kam_workspace *ws, const char *rel)
{
	kam_diag_list out = {0};
	size_t doc = ws_doc_of(ws, rel);
	if (doc != NO_SLOT && ws->once) { /* kam check: nothing is updated later */
		kam_diag_list_move(&out, &ws->docs[doc].local);
		kam_diag_list_move(&out, &ws->docs[doc].refs);
		kam_diag_list_move(&out, &ws->docs[doc].post);
	} else if (doc != NO_SLOT) {
		copy_in(&out, &ws->docs[doc].local, NULL);
		copy_in(&out, &ws->docs[doc].refs, NULL);
		copy_in(&out, &ws->docs[doc].post, NULL);
	}
	copy_in(&out, &ws->declared, rel);
	copy_in(&out, &ws->stray, rel);
	drop_restated(&out, 0);
	kam_diag_list_finish(&out, kam_repo_config(ws->repo)->severity);
	ws_file *f = ws_file_of(ws, rel);
	bool changed = f ? !same_diags(&f->diags, &out) : out.count > 0;
	if (changed) {
		ws->changed = kam_grow(ws->changed, &ws->changed_alloc, ws->changed_count + 1,
				       sizeof(char *));
		ws->changed[ws->changed_count++] = kam_xstrdup(rel);
	}
	if (!f && out.count) {
		ws->files = kam_grow(ws->files, &ws->file_alloc, ws->file_count + 1, sizeof(ws_file));
		f = &ws->files[ws->file_count++];
		*f = (ws_file){kam_xstrdup(rel), {0}};
		kam_text_table_put(&ws->file_at, f->rel, strlen(f->rel), ws->file_count - 1);
	}
	if (f) {
		kam_diag_list_release(&f->diags);
		f->diags = out;
	} else
		kam_diag_list_release(&out);
}

static void ws_assemble_list(kam_workspace *ws, const kam_diag_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		ws_assemble(ws, list->items[i].file);
}

/* Every file: after a build. Files that had findings and are gone too. */
static void ws_assemble_all(kam_workspace *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		ws_assemble(ws, ws->docs[i].file);
	for (size_t i = 0; i < ws->declared.count; i++) /* the documents' are done */
		if (ws_doc_of(ws, ws->declared.items[i].file) == NO_SLOT)
			ws_assemble(ws, ws->declared.items[i].file);
	ws_assemble_list(ws, &ws->stray);
	for (size_t i = 0; i < ws->file_count; i++)
		if (ws_doc_of(ws, ws->files[i].rel) == NO_SLOT)
			ws_assemble(ws, ws->files[i].rel);
}

/* ---- one document again ---- */

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The portfolio and note rules of one account's plan and notes (and of
 * the document doc), their other findings kept. */
static void ws_post_account(kam_workspace *ws, const char *account, size_t doc)
{
	run *r = &ws->r;
	mark_duplicates(r->plans, r->plan_count);
	kam_partner_mark_copies(r->plans, r->plan_count);
	bool *report = kam_xcalloc(r->plan_count + 1, sizeof(bool));
	for (size_t k = 0; k < r->plan_count; k++) {
		report[k] = (account && same_text(r->plans[k].account, account)) || k == ws->docs[doc].plan;
		if (report[k])
			kam_health_finish(&r->plans[k], 1, r->index, &r->rules, r->facts, r->facts_count);
	}
	bool *was = kam_xcalloc(r->facts_count + 1, sizeof(bool));
	for (size_t k = 0; k < r->facts_count; k++) {
		was[k] = r->facts[k].report;
		r->facts[k].report = account && same_text(r->facts[k].account, account);
	}
	kam_diag_list found = {0};
	kam_rules_check_portfolio(&r->rules, r->plans, r->plan_count, report, r->index, &found);
	kam_rules_check_notes(&r->rules, r->plans, r->plan_count, report, r->facts, r->facts_count,
			      &found);
	for (size_t k = 0; k < r->facts_count; k++)
		r->facts[k].report = was[k];
	for (size_t i = 0; i < ws->n; i++)
		if (i == doc || (account && same_text(ws->all[i].account, account))) {
			ws->docs[i].reassemble = true;
			kam_diag_list_release(&ws->docs[i].post);
		}
	distribute(ws, &found, true);
	free(was);
	free(report);
}

static void release_job(job *j)
{
	kam_diag_list_release(&j->diags);
	kam_index_free(j->part);
	if (j->has_summary)
		kam_plan_summary_release(&j->summary);
	if (j->has_facts)
		kam_note_facts_release(&j->facts);
}

/* What a plan's summary says that the rules of other plans count on (the
 * key accounts each manager has): when it changes, every plan's portfolio
 * rules run again. */
static bool same_standing(const kam_plan_summary *a, const kam_plan_summary *b)
{
	return same_text(a->tier, b->tier) && same_text(a->owner, b->owner) &&
	       same_text(a->account, b->account);
}

/* The findings about declarations again (duplicates quote lines of other
 * files): the files they were and are in put together again. */
static void ws_redeclare(kam_workspace *ws)
{
	kam_diag_list old = ws->declared;
	ws->declared = (kam_diag_list){0};
	kam_index_report_declarations(ws->r.index, &ws->declared);
	if (!same_diags(&old, &ws->declared)) {
		ws_assemble_list(ws, &old);
		ws_assemble_list(ws, &ws->declared);
	}
	kam_diag_list_release(&old);
}

/* Check document i again in place; false when it no longer fits in (it
 * declares something else, or is another kind of document now): then the
 * repository is checked again. */
static bool ws_update_doc(kam_workspace *ws, size_t i)
{
	ws_doc *d = &ws->docs[i];
	run *r = &ws->r;
	job j = {.entry = &ws->all[i], .report = true};
	check_entry(r, &j, NULL);
	bool fits = j.part && d->index_doc != NO_SLOT && j.has_summary == (d->plan != NO_SLOT) &&
		    j.has_facts == (d->facts != NO_SLOT) &&
		    kam_index_same_declarations(r->index, d->index_doc, j.part);
	if (!fits) {
		release_job(&j);
		return false;
	}
	bool global = j.has_summary && !same_standing(&r->plans[d->plan], &j.summary);
	kam_diag_list_release(&d->local);
	d->local = j.diags;
	kam_diag_list_release(&d->refs);
	ws->moved |= kam_index_replace(r->index, d->index_doc, j.part, &d->refs);
	if (j.has_summary) {
		kam_plan_summary_release(&r->plans[d->plan]);
		r->plans[d->plan] = j.summary;
	}
	if (j.has_facts) {
		kam_note_facts_release(&r->facts[d->facts]);
		r->facts[d->facts] = j.facts;
	}
	d->reassemble = true;
	if (global) {
		ws_post_all(ws);
		for (size_t k = 0; k < ws->n; k++)
			ws->docs[k].reassemble = true;
	} else
		ws_post_account(ws, ws->all[i].account, i);
	return true;
}

static size_t ws_doc_at_path(const kam_workspace *ws, const char *path)
{
	size_t at;
	return kam_text_table_get(&ws->doc_at, path, strlen(path), &at) ? at : NO_SLOT;
}

kam_workspace *kam_workspace_new(const kam_repo *repo, const char *today)
{
	kam_workspace *ws = kam_xcalloc(1, sizeof(*ws));
	ws->repo = repo;
	ws->today = today ? kam_xstrdup(today) : NULL;
	kam_rules_context_init(&ws->r.rules, kam_repo_config(repo), ws->today);
	ws->r.repo = repo;
	ws->r.stats = &ws->stats;
	ws->rebuild = true;
	ws->texts_listed = true;
	return ws;
}

int kam_workspace_open(kam_workspace **out, const kam_repo *repo, const char *today,
		       kam_error *err)
{
	kam_workspace *ws = kam_workspace_new(repo, today);
	int rc = kam_workspace_update(ws, NULL, NULL, err);
	if (rc < 0) {
		kam_workspace_free(ws);
		ws = NULL;
	}
	*out = ws;
	return rc;
}

void kam_workspace_free(kam_workspace *ws)
{
	if (!ws)
		return;
	ws_release_run(ws);
	for (size_t i = 0; i < ws->text_count; i++) {
		free(ws->texts[i].path);
		free(ws->texts[i].text);
	}
	free(ws->texts);
	for (size_t i = 0; i < ws->file_count; i++) {
		free(ws->files[i].rel);
		kam_diag_list_release(&ws->files[i].diags);
	}
	free(ws->files);
	kam_text_table_release(&ws->file_at);
	free(ws->file_names);
	for (size_t i = 0; i < ws->changed_count; i++)
		free(ws->changed[i]);
	free(ws->changed);
	free(ws->today);
	free(ws);
}

/* A document to check again; a file kam did not list (new) or no longer
 * finds (deleted) changes the listing: everything is checked again. */
static void ws_touch(kam_workspace *ws, const char *path, bool exists)
{
	size_t i = ws_doc_at_path(ws, path);
	if (i == NO_SLOT ? exists && kam_repo_lists(ws->repo, path) : !exists)
		ws->rebuild = true;
	else if (i != NO_SLOT)
		ws->docs[i].dirty = true;
}

/* Hold text for path (NULL: no more); returns nothing to touch. */
static void ws_add_text(kam_workspace *ws, const char *path, const char *text, size_t len)
{
	size_t at = ws->text_count;
	for (size_t i = 0; i < ws->text_count; i++)
		if (strcmp(ws->texts[i].path, path) == 0)
			at = i;
	if (at < ws->text_count) {
		free(ws->texts[at].text);
		if (!text) {
			free(ws->texts[at].path);
			ws->texts[at] = ws->texts[--ws->text_count];
		}
	} else if (text) {
		ws->texts = kam_grow(ws->texts, &ws->text_alloc, ws->text_count + 1, sizeof(ws_text));
		ws->texts[ws->text_count++].path = kam_xstrdup(path);
	}
	if (text) {
		ws->texts[at].text = kam_xstrndup(text, len);
		ws->texts[at].len = len;
	}
}

void kam_workspace_set_text(kam_workspace *ws, const char *path, const char *text, size_t len)
{
	ws_add_text(ws, path, text, len);
	ws_touch(ws, path, text || access(path, F_OK) == 0);
}

void kam_workspace_file_changed(kam_workspace *ws, const char *path)
{
	if (ws_text_of(ws, path))
		return; /* the editor's buffer stands for it */
	ws_touch(ws, path, access(path, F_OK) == 0);
}

int kam_workspace_update(kam_workspace *ws, char ***changed, size_t *changed_count,
			 kam_error *err)
{
	ws->last = (kam_workspace_stats){0};
	ws->moved = false;
	bool any = ws->rebuild;
	for (size_t i = 0; i < ws->n; i++)
		any |= ws->docs[i].dirty;
	if (any && !ws->rebuild) {
		ws_overlays(ws);
		for (size_t i = 0; i < ws->n && !ws->rebuild; i++)
			if (ws->docs[i].dirty) {
				ws->rebuild = !ws_update_doc(ws, i);
				ws->last.documents++;
			}
		if (!ws->rebuild && ws->moved)
			ws_redeclare(ws);
	}
	int rc = KAM_OK;
	if (ws->rebuild) {
		rc = ws_build(ws, err);
		if (rc == KAM_OK)
			ws_assemble_all(ws);
	} else
		for (size_t i = 0; i < ws->n; i++)
			if (ws->docs[i].reassemble)
				ws_assemble(ws, ws->docs[i].file);
	for (size_t i = 0; i < ws->n; i++)
		ws->docs[i].dirty = ws->docs[i].reassemble = false;
	ws->rebuild = rc < 0;
	if (changed) {
		for (size_t i = 0; i < ws->changed_count; i++) {
			*changed = kam_xrealloc(*changed, (*changed_count + 1) * sizeof(char *));
			(*changed)[(*changed_count)++] = ws->changed[i];
		}
	} else
		for (size_t i = 0; i < ws->changed_count; i++)
			free(ws->changed[i]);
	ws->changed_count = 0;
	return rc;
}

const kam_diag_list *kam_workspace_findings(const kam_workspace *ws, const char *rel)
{
	const ws_file *f = ws_file_of(ws, rel);
	return f && f->diags.count ? &f->diags : NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t kam_workspace_files_with_findings(const kam_workspace *ws, const char *const **files)
{
	kam_workspace *w = (kam_workspace *)ws; /* the sorted names are a cache */
	free(w->file_names);
	w->file_names = kam_xcalloc(ws->file_count + 1, sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < ws->file_count; i++)
		if (ws->files[i].diags.count)
			w->file_names[n++] = ws->files[i].rel;
	qsort(w->file_names, n, sizeof(char *), by_name);
	*files = w->file_names;
	return n;
}

const kam_index *kam_workspace_index(const kam_workspace *ws)
{
	return ws->r.index;
}

const kam_plan_summary *kam_workspace_plans(const kam_workspace *ws, size_t *count)
{
	*count = ws->r.plan_count;
	return ws->r.plans;
}

kam_workspace_stats kam_workspace_last_update(const kam_workspace *ws)
{
	return ws->last;
}

/* ------------------------------------------------------------------ */
/* kam check: a workspace of one run                                   */

/* Hand the findings of every file to diags, in file order. */
static void ws_hand_findings(kam_workspace *ws, kam_diag_list *diags)
{
	const char *const *files;
	size_t n = kam_workspace_files_with_findings(ws, &files);
	for (size_t i = 0; i < n; i++)
		kam_diag_list_move(diags, &ws_file_of(ws, files[i])->diags);
}

int kam_check_overlaid(kam_index **out, const kam_repo *repo, const char *const *paths,
		       size_t count, const kam_overlay *overlay_items, size_t overlay_count,
		       const char *display_base, const kam_check_options *options,
		       kam_diag_list *diags, kam_check_stats *stats, kam_error *err)
{
	kam_workspace *ws = kam_workspace_new(repo, options ? options->today : NULL);
	ws->display_base = ws->r.display_base = display_base;
	ws->texts_listed = false; /* a buffer not on disk is checked when named */
	ws->once = true;
	for (size_t i = 0; i < overlay_count; i++)
		ws_add_text(ws, overlay_items[i].path, overlay_items[i].text, overlay_items[i].len);
	kam_entry *all = NULL;
	size_t n = 0;
	selection s = {0};
	overlays named;
	overlays_init(&named, overlay_items, overlay_count);
	*out = NULL;
	int rc = kam_repo_list(repo, &all, &n, err);
	if (rc < 0 && count == 0)
		goto done;
	rc = KAM_OK;
	for (size_t i = 0; i < count && rc == KAM_OK; i++)
		rc = select_path(repo, paths[i], all, n, &named, &s, err);
	drop_repeats(&s);
	if (rc == KAM_OK) {
		ws_take_listing(ws, all, n, &s, count == 0);
		all = NULL;
		n = 0;
		ws_check_all(ws);
		ws_assemble_all(ws);
		ws_hand_findings(ws, diags);
		stats->plans += ws->stats.plans;
		stats->documents += ws->stats.documents;
		stats->unprocessable += ws->stats.unprocessable;
		if (options && options->unread)
			list_unread(ws->r.index, options->unread, options->unread_count);
		if (options && options->summaries) {
			*options->summaries = ws->r.plans;
			*options->summary_count = ws->r.plan_count;
			ws->r.plans = NULL;
			ws->r.plan_count = 0;
		}
		*out = ws->r.index;
		ws->r.index = NULL;
	}
done:
	overlays_release(&named);
	kam_entries_free(all, n);
	kam_entries_free(s.items, s.count);
	kam_workspace_free(ws);
	return rc;
}

int kam_check_index(kam_index **out, const kam_repo *repo, const char *const *paths,
		    size_t count, const char *display_base, const kam_check_options *options,
		    kam_diag_list *diags, kam_check_stats *stats, kam_error *err)
{
	return kam_check_overlaid(out, repo, paths, count, NULL, 0, display_base, options, diags,
				  stats, err);
}

int kam_check_paths(const kam_repo *repo, const char *const *paths, size_t count,
		    const char *display_base, const kam_check_options *options, kam_diag_list *diags,
		    kam_check_stats *stats, kam_error *err)
{
	kam_index *index;
	int rc = kam_check_index(&index, repo, paths, count, display_base, options, diags, stats, err);
	kam_index_free(index);
	return rc;
}
