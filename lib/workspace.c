/* The workspace (kam/workspace.h): a check of every document kept alive
 * and updated one document at a time; kam check is a workspace of one
 * run. */
#define _DEFAULT_SOURCE
#include "kam/workspace.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kam/check.h"
#include "kam/health.h"
#include "kam/partners.h"
#include "kam/pool.h"
#include "check_internal.h"
#include "banned.h"

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
	bool findings_only;       /* and its index wanted for no more than findings */
	kam_entry *all;
	size_t n;
	bool *report;             /* per document: its findings are reported; NULL: all */
	ws_doc *docs;
	kam_text_table by_file; /* document by its file as shown */
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
	check_release_run(&ws->r);
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
	kam_text_table_release(&ws->by_file);
	kam_text_table_release(&ws->doc_at);
	kam_diag_list_release(&ws->declared);
	kam_diag_list_release(&ws->stray);
	kam_rules_context rules = ws->r.rules;
	struct kam_doc_cache *keep = ws->r.keep;
	ws->r = (run){.repo = ws->repo, .display_base = ws->display_base, .rules = rules,
		      .stats = &ws->stats, .keep = keep};
	ws->all = NULL;
	ws->docs = NULL;
	ws->n = 0;
}

static size_t ws_doc_of(const kam_workspace *ws, const char *file)
{
	size_t at;
	return file && kam_text_table_get(&ws->by_file, file, strlen(file), &at) ? at : NO_SLOT;
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
	qsort(chosen, s->count, sizeof(char *), check_by_path);
	for (size_t i = 0; i < n; i++) {
		const char *key = all[i].path;
		ws->report[i] = bsearch(&key, chosen, s->count, sizeof(char *), check_by_path) != NULL;
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
		kam_text_table_put(&ws->by_file, ws->docs[i].file, strlen(ws->docs[i].file), i);
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
		check_overlays_release(&ws->r.overlays);
	}
	ws->r.overlays = (overlays){0};
}

static void ws_overlays(kam_workspace *ws)
{
	ws_release_overlays(ws);
	kam_overlay *items = kam_xcalloc(ws->text_count + 1, sizeof(kam_overlay));
	for (size_t i = 0; i < ws->text_count; i++)
		items[i] = (kam_overlay){ws->texts[i].path, ws->texts[i].text, ws->texts[i].len};
	check_overlays_init(&ws->r.overlays, items, ws->text_count);
}

/* A checked document's products, kept in its slot. */
static void ws_keep_job(kam_workspace *ws, size_t i, job *j)
{
	run *r = &ws->r;
	ws_doc *d = &ws->docs[i];
	r->stats->plans += j->plans;
	r->stats->documents += j->documents;
	check_count_fatal(&j->diags, r->stats);
	d->local = j->diags;
	j->diags = (kam_diag_list){0};
	d->index_doc = j->part ? kam_index_doc_count(r->index) : NO_SLOT;
	if (j->part)
		kam_index_merge(r->index, j->part);
	d->plan = j->has_summary ? r->plan_count : NO_SLOT;
	if (j->has_summary)
		check_add_summary(r, &j->summary, j->report);
	d->facts = j->has_facts ? r->facts_count : NO_SLOT;
	if (j->has_facts) {
		r->facts = kam_grow(r->facts, &r->facts_alloc, r->facts_count + 1, sizeof(*r->facts));
		r->facts[r->facts_count++] = j->facts;
	}
}

typedef struct ws_pool {
	kam_workspace *ws;
	job **jobs; /* each made as it runs and freed once kept: a job holds a plan's
		       summary, a kilobyte, so all at once were 10 MB at 10,000 plans */
} ws_pool;

/* Each document's texts in an arena of its own: merging it into the index
 * keeps one copy of each text and frees the arena, so what stays grows
 * with the ids and references, not with the documents' bytes. */
static void ws_run_job(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	ws_pool *p = ctx;
	kam_workspace *ws = p->ws;
	job *j = kam_xcalloc(1, sizeof(job));
	*j = (job){.entry = &ws->all[i], .report = !ws->report || ws->report[i]};
	check_entry(&ws->r, j, NULL);
	p->jobs[i] = j;
}

static void ws_finish_job(void *ctx, size_t i)
{
	ws_pool *p = ctx;
	ws_keep_job(p->ws, i, p->jobs[i]);
	free(p->jobs[i]);
	p->jobs[i] = NULL;
}

/* The portfolio and note rules over every plan. */
static void ws_post_all(kam_workspace *ws)
{
	run *r = &ws->r;
	check_mark_duplicates(r->plans, r->plan_count);
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
	if (ws->findings_only)
		kam_index_forget_settled(ws->r.index);
	job **jobs = kam_xcalloc(ws->n + 1, sizeof(job *));
	const char *const *kinds;
	kam_repo_kinds(ws->repo, &kinds); /* fills a cache: before the threads */
	size_t threads = kam_thread_count(ws->n);
	ws_pool p = {ws, jobs};
	kam_pool_jobs pj = {ws->n, ws_run_job, ws_finish_job, &p};
	kam_pool_run(&pj, threads);
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
	check_drop_restated(&out, 0);
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
	check_mark_duplicates(r->plans, r->plan_count);
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
	ws->r.keep = options ? options->plans_cache : NULL;
	ws->texts_listed = false; /* a buffer not on disk is checked when named */
	ws->once = true;
	ws->findings_only = options && options->findings_only;
	for (size_t i = 0; i < overlay_count; i++)
		ws_add_text(ws, overlay_items[i].path, overlay_items[i].text, overlay_items[i].len);
	kam_entry *all = NULL;
	size_t n = 0;
	selection s = {0};
	overlays named;
	check_overlays_init(&named, overlay_items, overlay_count);
	*out = NULL;
	int rc = kam_repo_list(repo, &all, &n, err);
	if (rc < 0 && count == 0)
		goto done;
	rc = KAM_OK;
	for (size_t i = 0; i < count && rc == KAM_OK; i++)
		rc = check_select_path(repo, paths[i], all, n, &named, &s, err);
	check_drop_repeats(&s);
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
			check_list_unread(ws->r.index, options->unread, options->unread_count);
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
	check_overlays_release(&named);
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
