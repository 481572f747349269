/* Parsed plan versions by git blob id, read once per run. */
#define _POSIX_C_SOURCE 200809L
#include "kam/doc_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "kam/history.h"
#include "banned.h"

typedef struct cached {
	char *key; /* "<blob id> <path>": the path too, as a document knows its file */
	kam_doc *doc;
	bool used; /* read since the last sweep */
} cached;

struct kam_doc_cache {
	pthread_mutex_t lock;
	cached *items;
	size_t count, alloc;
	kam_text_table by_key; /* key -> index in items */
	/* summaries by "<blob id> <path> <day> <kam.yaml blob id>": never
	 * swept, as the diffs borrow them */
	kam_plan_summary **summaries;
	char **summary_keys; /* the table's texts, parallel to summaries */
	size_t summary_key_alloc;
	size_t summary_count, summary_alloc;
	kam_text_table summary_by_key;
	size_t hits, reads;
	kam_files *since;   /* kam_doc_cache_offers_since's commit */
	kam_files *index;   /* git's index of its repository: ids without hashing */
	bool decline_offers; /* its commit could not be read */
	bool newest_first;   /* kam_doc_cache_newest_first */
};

kam_doc_cache *kam_doc_cache_new(void)
{
	kam_doc_cache *c = kam_xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void kam_doc_cache_free(kam_doc_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++) {
		free(c->items[i].key);
		kam_doc_free(c->items[i].doc);
	}
	free(c->items);
	kam_text_table_release(&c->by_key);
	for (size_t i = 0; i < c->summary_count; i++) {
		kam_plan_summary_release(c->summaries[i]);
		free(c->summaries[i]);
		free(c->summary_keys[i]);
	}
	free(c->summaries);
	free(c->summary_keys);
	kam_text_table_release(&c->summary_by_key);
	kam_files_free(c->since);
	kam_files_free(c->index);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The document of key, marked as used, or NULL (none, or freed by
 * kam_doc_cache_done_newer); under the lock. */
static kam_doc *lookup(kam_doc_cache *c, const char *key)
{
	size_t at;
	if (!kam_text_table_get(&c->by_key, key, strlen(key), &at))
		return NULL;
	c->items[at].used = true;
	return c->items[at].doc;
}

/* doc as key's version, under the lock; when another thread added that
 * version first, doc is freed and the first one kept. Consumes key;
 * returns the version kept. */
static kam_doc *add_version(kam_doc_cache *c, char *key, kam_doc *doc)
{
	size_t at;
	if (kam_text_table_get(&c->by_key, key, strlen(key), &at)) {
		cached *had = &c->items[at];
		free(key);
		had->used = true;
		if (had->doc) {
			kam_doc_free(doc);
			return had->doc;
		}
		had->doc = doc; /* read again after it was freed */
		return doc;
	}
	c->items = kam_grow(c->items, &c->alloc, c->count + 1, sizeof(cached));
	c->items[c->count] = (cached){key, doc, true};
	kam_text_table_put(&c->by_key, key, strlen(key), c->count);
	c->count++;
	return doc;
}

void kam_doc_cache_read(kam_doc_cache *c, kam_doc **out, const kam_files *files, const char *rel,
			kam_diag_list *diags, bool *shared)
{
	char blob[41];
	*shared = false;
	if (!c || !kam_files_blob_id(files, rel, blob)) {
		kam_doc_read(out, files, rel, rel, NULL, diags);
		return;
	}
	char *key = kam_xprintf("%s %s", blob, rel);
	pthread_mutex_lock(&c->lock);
	kam_doc *doc = lookup(c, key);
	if (doc)
		c->hits++;
	pthread_mutex_unlock(&c->lock);
	if (doc) {
		*out = doc;
		*shared = true;
		free(key);
		return;
	}
	kam_diag_list own = {0};
	kam_doc_read(&doc, files, rel, rel, NULL, &own);
	if (own.count) { /* its diagnostics are the caller's, every time: not kept */
		kam_diag_list_move(diags, &own);
		kam_diag_list_release(&own);
		*out = doc;
		free(key);
		return;
	}
	kam_diag_list_release(&own);
	pthread_mutex_lock(&c->lock);
	c->reads++;
	doc = add_version(c, key, doc); /* another thread's, when it read the blob meanwhile */
	pthread_mutex_unlock(&c->lock);
	*out = doc;
	*shared = true;
}

/* The blob id of text, rel's bytes in the work tree: as git's index has
 * it when the file is as the index saw it, else hashed (SHA-1 with
 * collision detection: 35 instructions a byte, 2 % of a site's history). */
static bool work_tree_blob_id(const kam_doc_cache *c, const char *rel, const char *text,
			      size_t len, char blob[41])
{
	if (c->index && kam_files_index_id_unchanged(c->index, rel, len, blob))
		return true;
	git_oid id;
	kam_git_init();
	if (git_odb_hash(&id, text, len, GIT_OBJECT_BLOB) < 0)
		return false;
	git_oid_tostr(blob, 41, &id);
	return true;
}

void kam_doc_cache_offer(kam_doc_cache *c, const char *rel, kam_doc *doc)
{
	size_t len;
	const char *text = kam_doc_text(doc, &len);
	char blob[41], had[41];
	if (!c || c->decline_offers || !work_tree_blob_id(c, rel, text, len, blob)) {
		kam_doc_free(doc);
		return;
	}
	if (c->since && kam_files_blob_id(c->since, rel, had) && strcmp(blob, had) == 0) {
		kam_doc_free(doc); /* unchanged since: not read as a changed version */
		return;
	}
	char *key = kam_xprintf("%s %s", blob, rel);
	pthread_mutex_lock(&c->lock);
	add_version(c, key, doc);
	pthread_mutex_unlock(&c->lock);
}

void kam_doc_cache_offers_since(kam_doc_cache *c, const char *root, const char *commit)
{
	if (!c)
		return;
	kam_files_free(c->since);
	kam_files_free(c->index);
	c->since = c->index = NULL;
	kam_error err = {0};
	c->decline_offers = commit && kam_files_git(&c->since, root, commit, &err) < 0;
	if (commit && !c->decline_offers && kam_files_git(&c->index, root, NULL, &err) < 0)
		c->index = NULL; /* no index: every offer is hashed */
	else if (c->index)
		kam_files_index_note_filters(c->index);
}

void kam_doc_cache_sweep(kam_doc_cache *c)
{
	if (!c)
		return;
	size_t kept = 0;
	kam_text_table_release(&c->by_key);
	for (size_t i = 0; i < c->count; i++) {
		if (!c->items[i].used) {
			free(c->items[i].key);
			kam_doc_free(c->items[i].doc);
			continue;
		}
		c->items[kept] = c->items[i];
		c->items[kept].used = false;
		kam_text_table_put(&c->by_key, c->items[kept].key, strlen(c->items[kept].key),
				   kept);
		kept++;
	}
	c->count = kept;
}

/* Whether the cached key ("<blob id> <path>") is path's version in files. */
static bool key_in(const char *key, const kam_files *files)
{
	char blob[41];
	return files && strlen(key) > 41 && kam_files_blob_id(files, key + 41, blob) &&
	       memcmp(key, blob, 40) == 0;
}

void kam_doc_cache_keep_commit(kam_doc_cache *c, const char *root, const char *commit)
{
	if (!c)
		return;
	kam_files *files = NULL;
	kam_error err = {0};
	if (commit && kam_files_git(&files, root, commit, &err) < 0)
		files = NULL; /* unreadable: forget everything, the next read reads again */
	for (size_t i = 0; i < c->count; i++)
		c->items[i].used = key_in(c->items[i].key, files);
	kam_files_free(files);
	kam_doc_cache_sweep(c); /* drops the unused ones, as this one marks */
}

void kam_doc_cache_newest_first(kam_doc_cache *c)
{
	if (c)
		c->newest_first = true;
}

void kam_doc_cache_done_newer(kam_doc_cache *c, const kam_files *files, const char *rel)
{
	char blob[41];
	if (!c || !c->newest_first || !kam_files_blob_id(files, rel, blob))
		return;
	char *key = kam_xprintf("%s %s", blob, rel);
	kam_doc *doc = NULL;
	size_t at;
	pthread_mutex_lock(&c->lock);
	if (kam_text_table_get(&c->by_key, key, strlen(key), &at)) {
		doc = c->items[at].doc;
		c->items[at].doc = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	kam_doc_free(doc);
	free(key);
}

/* The summary of key, or NULL; under the lock. */
static const kam_plan_summary *summary_of(kam_doc_cache *c, const char *key)
{
	size_t at;
	return kam_text_table_get(&c->summary_by_key, key, strlen(key), &at) ? c->summaries[at]
									      : NULL;
}

const kam_plan_summary *kam_doc_cache_summary(kam_doc_cache *c, const kam_files *files,
					      const char *rel, const kam_files *config_files,
					      const kam_rules_context *ctx, const kam_node *plan,
					      const char *file)
{
	char blob[41], config[41], day[11];
	if (!c || !kam_files_blob_id(files, rel, blob))
		return NULL;
	if (!kam_files_blob_id(config_files, "kam.yaml", config)) /* the defaults */
		snprintf(config, sizeof(config), "-");
	kam_date_format(ctx->today, day);
	char *key = kam_xprintf("%s %s %s %s", blob, rel, day, config);
	pthread_mutex_lock(&c->lock);
	const kam_plan_summary *found = summary_of(c, key);
	pthread_mutex_unlock(&c->lock);
	if (found) {
		free(key);
		return found;
	}
	kam_plan_summary *s = kam_xcalloc(1, sizeof(*s));
	kam_rules_summarize_plan(ctx, plan, file, s);
	pthread_mutex_lock(&c->lock);
	found = summary_of(c, key); /* another thread summarised it meanwhile */
	if (!found) {
		c->summaries = kam_grow(c->summaries, &c->summary_alloc, c->summary_count + 1,
					sizeof(*c->summaries));
		c->summary_keys = kam_grow(c->summary_keys, &c->summary_key_alloc,
					   c->summary_count + 1, sizeof(*c->summary_keys));
		c->summaries[c->summary_count] = s;
		c->summary_keys[c->summary_count] = key;
		kam_text_table_put(&c->summary_by_key, key, strlen(key), c->summary_count);
		c->summary_count++;
	}
	pthread_mutex_unlock(&c->lock);
	if (!found)
		return s; /* key is the table's now */
	kam_plan_summary_release(s);
	free(s);
	free(key);
	return found;
}

void kam_doc_cache_stats(const kam_doc_cache *c, size_t *hits, size_t *reads)
{
	*hits = c ? c->hits : 0;
	*reads = c ? c->reads : 0;
}
