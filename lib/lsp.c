/* kam lsp: the server's life cycle (initialize, shutdown, exit), JSON-RPC
 * dispatch and the editor's documents. Every change marks its repository;
 * the repository is checked again, with the open buffers read instead of
 * their files (kam_check_overlaid), once no more input is waiting or
 * before the next request is answered, so a burst of changes costs one
 * check and a response never overtakes the diagnostics of an earlier
 * change. */
#define _DEFAULT_SOURCE
#include "kam/lsp.h"

#include <jansson.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kam/check.h"
#include "kam/repo.h"
#include "kam/workspace.h"
#include "lsp_diag.h"
#include "lsp_features.h"
#include "lsp_rpc.h"
#include "lsp_server.h"
#include "banned.h"

/* A document the editor has open, inside a workspace folder. */
typedef struct document {
	char *uri;  /* as the client spells it: diagnostics go back to it */
	char *path; /* absolute, its folder resolved through symbolic links */
	char *root; /* of its plans repository */
	char *text;
	size_t len;
	json_int_t version;
	bool changed; /* its text is not yet in its workspace */
	lsp_doc view; /* what lsp_doc_find hands out */
} document;

/* A repository and its workspace, kept between changes. */
typedef struct root_state {
	char *root;
	kam_repo *repo;        /* NULL until opened, or when kam.yaml cannot be read */
	kam_diag_list opened;  /* what opening it found (kam.yaml), finished */
	kam_workspace *ws;
	lsp_repo view;
	struct stat config; /* kam.yaml when it was read: read again once it changes */
} root_state;

struct server {
	kam_lsp_options o;
	json_t *client_caps;
	int out;
	bool initialized, shutdown, gone;
	lsp_encoding encoding;
	char **folders; /* workspace folders, resolved */
	size_t folder_count, folder_alloc;
	document *docs;
	size_t doc_count, doc_alloc;
	char **dirty; /* repository roots to check again */
	size_t dirty_count, dirty_alloc;
	struct sent *sent; /* files whose last diagnostics were not empty */
	size_t sent_count, sent_alloc;
	root_state *roots;
	size_t root_count, root_alloc;
	rpc_reader *reader;
};
typedef struct server server;

static root_state *find_root(server *s, const char *root)
{
	for (size_t i = 0; i < s->root_count; i++)
		if (strcmp(s->roots[i].root, root) == 0)
			return &s->roots[i];
	return NULL;
}


/* A file given diagnostics that were not empty: cleared when they go. */
typedef struct sent {
	char *uri, *path, *root;
} sent;

static void push_string(char ***items, size_t *count, size_t *alloc, const char *s)
{
	for (size_t i = 0; i < *count; i++)
		if (strcmp((*items)[i], s) == 0)
			return;
	*items = kam_grow(*items, alloc, *count + 1, sizeof(char *));
	(*items)[(*count)++] = kam_xstrdup(s);
}

static void free_strings(char **items, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

/* ------------------------------------------------------------------ */
/* Messages out                                                        */

/* Send msg (a reference taken). A client that cannot be written to is
 * gone: the server ends. */
static void send_message(server *s, json_t *msg)
{
	char *body = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
	json_decref(msg);
	if (!body || s->gone) {
		free(body);
		return;
	}
	if (rpc_write(s->out, body, strlen(body)) < 0) {
		lsp_log(s, "cannot write to the client: it is gone");
		s->gone = true;
	}
	free(body);
}

static void send_result(server *s, json_t *id, json_t *result)
{
	send_message(s, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result", result));
}

/* An error response; id NULL when the request's id could not be read. */
static void send_error(server *s, json_t *id, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void send_error(server *s, json_t *id, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kam_buf message = KAM_BUF_INIT;
	kam_buf_vprintf(&message, fmt, ap);
	va_end(ap);
	send_message(s, json_pack("{s:s,s:O,s:{s:i,s:o}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
			  "error", "code", code, "message", lsp_text(kam_buf_cstr(&message))));
	kam_buf_release(&message);
}

static void send_notification(server *s, const char *method, json_t *params)
{
	send_message(s, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

/* ------------------------------------------------------------------ */
/* Paths and URIs                                                      */

/* The absolute path a file: URI names, or NULL for another scheme, a
 * remote host, a NUL byte or a "." or ".." component (no URI of a file
 * the editor opened has one). Caller frees. */
static char *uri_path(const char *uri)
{
	static const char scheme[] = "file://";
	if (strncmp(uri, scheme, sizeof(scheme) - 1) != 0)
		return NULL;
	const char *p = uri + sizeof(scheme) - 1;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	if (*p != '/' || strpbrk(p, "?#"))
		return NULL;
	kam_buf path = KAM_BUF_INIT;
	for (; *p; p++) {
		int hi = *p == '%' ? kam_hex_digit(p[1]) : 0,
		    lo = *p == '%' && hi >= 0 ? kam_hex_digit(p[2]) : 0;
		if (hi < 0 || lo < 0 || (*p == '%' && hi == 0 && lo == 0))
			goto bad;
		kam_buf_putc(&path, *p == '%' ? (char)(hi * 16 + lo) : *p);
		p += *p == '%' ? 2 : 0;
	}
	for (const char *c = path.ptr; c; c = strchr(c + 1, '/')) {
		size_t n = strcspn(c + 1, "/");
		if ((n == 1 && c[1] == '.') || (n == 2 && c[1] == '.' && c[2] == '.'))
			goto bad;
	}
	return kam_buf_detach(&path);
bad:
	kam_buf_release(&path);
	return NULL;
}

/* file:// and the path, every byte but unreserved ones and '/' escaped. */
static char *path_uri(const char *path)
{
	kam_buf uri = KAM_BUF_INIT;
	kam_buf_puts(&uri, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			kam_buf_putc(&uri, (char)*p);
		else
			kam_buf_printf(&uri, "%%%02X", *p);
	}
	return kam_buf_detach(&uri);
}

static bool below_or_at(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '/' || path[n] == '\0' || strcmp(dir, "/") == 0);
}

/* A workspace folder from a URI (or, for rootPath, a path): resolved. */
static void add_folder(server *s, const char *uri, bool is_path)
{
	char *path = is_path ? kam_xstrdup(uri) : uri_path(uri);
	char *real = path ? realpath(path, NULL) : NULL;
	if (real && kam_path_is_dir(real))
		push_string(&s->folders, &s->folder_count, &s->folder_alloc, real);
	else
		lsp_log(s, "the workspace folder '%s' is not a local folder: nothing in it is checked", uri);
	free(real);
	free(path);
}

/* dir with symbolic links resolved: the folders that exist resolved, the
 * ones that do not yet (a new note's folder) kept as named. NULL when no
 * folder of it exists. Caller frees. */
static char *resolve_dir(const char *dir)
{
	char *head = kam_xstrdup(dir), *real;
	while (!(real = realpath(head, NULL))) {
		char *slash = strrchr(head, '/');
		if (!slash || slash == head) {
			free(head);
			return NULL;
		}
		*slash = '\0';
	}
	char *out = kam_xprintf("%s%s", strcmp(real, "/") == 0 ? "" : real, dir + strlen(head));
	free(real);
	free(head);
	return out;
}

/* Where the document at uri is: its path with the folder resolved and
 * its repository's root, when it is inside a workspace folder and a plans
 * repository. Nothing is read from it or around it otherwise. */
static bool locate(server *s, const char *uri, document *d)
{
	char *path = uri_path(uri);
	char *slash = path ? strrchr(path, '/') : NULL;
	char *dir = slash ? kam_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;
	char *real = dir ? resolve_dir(dir) : NULL;
	bool inside = false;
	for (size_t i = 0; real && i < s->folder_count && !inside; i++)
		inside = below_or_at(real, s->folders[i]);
	if (!path)
		lsp_log(s, "'%s' does not name a local file (file:///path): not checked", uri);
	else if (!inside)
		lsp_log(s, "'%s' is outside the workspace folders: not checked", uri);
	else {
		d->path = kam_path_join(real, slash + 1);
		char *existing = kam_xstrdup(real); /* a new note's folder may not exist yet */
		char *cut;
		while (!kam_path_is_dir(existing) && (cut = strrchr(existing, '/')) && cut != existing)
			*cut = '\0';
		d->root = kam_repo_discover(existing);
		free(existing);
		if (!d->root)
			lsp_log(s, "'%s' is not in a plans repository (no kam.yaml): not checked", uri);
	}
	free(real);
	free(dir);
	free(path);
	if (d->root)
		return true;
	free(d->path);
	return false;
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */

static document *find_doc(server *s, const char *uri)
{
	for (size_t i = 0; uri && i < s->doc_count; i++)
		if (strcmp(s->docs[i].uri, uri) == 0)
			return &s->docs[i];
	return NULL;
}

static document *find_doc_path(server *s, const char *path)
{
	for (size_t i = 0; i < s->doc_count; i++)
		if (strcmp(s->docs[i].path, path) == 0)
			return &s->docs[i];
	return NULL;
}

static void release_doc(document *d)
{
	free(d->uri);
	free(d->path);
	free(d->root);
	free(d->text);
}

static void mark_dirty(server *s, const char *root)
{
	push_string(&s->dirty, &s->dirty_count, &s->dirty_alloc, root);
}

static void set_text(document *d, const char *text, size_t len, json_int_t version)
{
	free(d->text);
	d->text = kam_xstrndup(text, len);
	d->len = len;
	d->version = version;
	d->changed = true;
}

static const char *doc_uri(json_t *params)
{
	return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

static void did_open(server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	json_t *text = json_object_get(td, "text");
	if (!uri || !json_is_string(text)) {
		lsp_log(s, "textDocument/didOpen without a uri and a text: ignored");
		return;
	}
	document *d = find_doc(s, uri), fresh = {0};
	if (!d) {
		if (!locate(s, uri, &fresh))
			return;
		s->docs = kam_grow(s->docs, &s->doc_alloc, s->doc_count + 1, sizeof(document));
		d = &s->docs[s->doc_count++];
		*d = fresh;
		d->uri = kam_xstrdup(uri);
	}
	set_text(d, json_string_value(text), json_string_length(text),
		 json_integer_value(json_object_get(td, "version")));
	mark_dirty(s, d->root);
}

/* Full sync: the last change is the whole text. A range means a client
 * that ignored the capability: the change is not applied. */
static void did_change(server *s, json_t *params)
{
	document *d = find_doc(s, doc_uri(params));
	json_t *changes = json_object_get(params, "contentChanges"), *last = NULL;
	size_t i;
	json_t *change;
	if (!d)
		return; /* not open, or not ours */
	json_array_foreach(changes, i, change) {
		if (json_object_get(change, "range")) {
			lsp_log(s, "%s: a change with a range (the server syncs full text): ignored", d->uri);
			return;
		}
		last = change;
	}
	json_t *text = json_object_get(last, "text");
	if (!json_is_string(text)) {
		lsp_log(s, "%s: textDocument/didChange without a text: ignored", d->uri);
		return;
	}
	set_text(d, json_string_value(text), json_string_length(text),
		 json_integer_value(json_object_get(json_object_get(params, "textDocument"), "version")));
	mark_dirty(s, d->root);
}

static void did_close(server *s, json_t *params)
{
	document *d = find_doc(s, doc_uri(params));
	if (!d)
		return;
	mark_dirty(s, d->root); /* the others now see the file on disk */
	root_state *r = find_root(s, d->root);
	if (r && r->ws)
		kam_workspace_set_text(r->ws, d->path, NULL, 0);
	release_doc(d);
	*d = s->docs[--s->doc_count];
}

static void did_save(server *s, json_t *params)
{
	document *d = find_doc(s, doc_uri(params));
	if (d)
		mark_dirty(s, d->root);
}

/* ------------------------------------------------------------------ */
/* Checking and publishing                                             */

/* A file that gets diagnostics: an open document, a file whose findings
 * changed, or one whose last diagnostics must be cleared. */
typedef struct target {
	char *uri;
	char *path;
	const document *doc; /* when open */
} target;

typedef struct targets {
	target *items;
	size_t count, alloc;
} targets;

static void add_target(targets *t, char *uri, const char *path, const document *doc)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->items[i].uri, uri) == 0) {
			free(uri);
			return;
		}
	t->items = kam_grow(t->items, &t->alloc, t->count + 1, sizeof(target));
	t->items[t->count++] = (target){uri, kam_xstrdup(path), doc};
}

/* A file of root by its path relative to root: its buffer's URI when open. */
static void add_file_target(server *s, targets *t, const char *root, const char *rel)
{
	char *path = kam_path_join(root, rel);
	const document *d = find_doc_path(s, path);
	add_target(t, d ? kam_xstrdup(d->uri) : path_uri(path), path, d);
	free(path);
}

static int by_uri(const void *a, const void *b)
{
	return strcmp(((const target *)a)->uri, ((const target *)b)->uri);
}

static void forget_sent(server *s, const char *uri)
{
	for (size_t i = 0; i < s->sent_count; i++)
		if (strcmp(s->sent[i].uri, uri) == 0) {
			free(s->sent[i].uri);
			free(s->sent[i].path);
			free(s->sent[i].root);
			s->sent[i] = s->sent[--s->sent_count];
			return;
		}
}

/* The findings of the file at rel: the workspace's, and the ones opening
 * the repository gave (kam.yaml). */
static void findings_of(const root_state *r, const char *rel, kam_diag_list *out)
{
	const kam_diag_list *found = r->ws ? kam_workspace_findings(r->ws, rel) : NULL;
	for (size_t i = 0; found && i < found->count; i++)
		out->items = kam_grow(out->items, &out->alloc, out->count + 1, sizeof(kam_diag)),
		out->items[out->count++] = found->items[i];
	for (size_t i = 0; i < r->opened.count; i++)
		if (strcmp(r->opened.items[i].file, rel) == 0) {
			out->items = kam_grow(out->items, &out->alloc, out->count + 1, sizeof(kam_diag));
			out->items[out->count++] = r->opened.items[i];
		}
}

/* Whether the client shows a diagnostic's related information (where the
 * hint goes). */
static bool shows_related_information(const server *s)
{
	json_t *publish = json_object_get(
	    json_object_get(lsp_client_capabilities(s), "textDocument"),
	    "publishDiagnostics");
	return json_is_true(json_object_get(publish, "relatedInformation"));
}

static void publish(server *s, const target *t, const root_state *r)
{
	json_t *list = json_array();
	size_t len = 0;
	char *rel = kam_path_relative(t->path, r->root);
	kam_diag_list found = {0}; /* borrowed findings */
	findings_of(r, rel, &found);
	/* positions are measured in the buffer, or in the file as kam read it */
	char *text = found.count ? lsp_file_text(s, r->root, rel, &len) : NULL;
	bool related = shows_related_information(s);
	for (size_t i = 0; i < found.count; i++)
		json_array_append_new(list, lsp_diagnostic(&found.items[i], text, len, s->encoding,
							  related ? t->uri : NULL));
	free(found.items);
	free(rel);
	forget_sent(s, t->uri);
	if (json_array_size(list)) {
		s->sent = kam_grow(s->sent, &s->sent_alloc, s->sent_count + 1, sizeof(sent));
		s->sent[s->sent_count++] = (sent){kam_xstrdup(t->uri), kam_xstrdup(t->path), kam_xstrdup(r->root)};
	}
	json_t *params = json_pack("{s:s,s:o}", "uri", t->uri, "diagnostics", list);
	if (t->doc)
		json_object_set_new(params, "version", json_integer(t->doc->version));
	send_notification(s, "textDocument/publishDiagnostics", params);
	free(text);
}

/* Publish, in URI order, for every open document of the repository, every
 * file whose findings changed (after a full check: every file with
 * findings), and every file whose findings are gone. */
static void publish_root(server *s, root_state *r, char **changed, size_t changed_count, bool fresh)
{
	targets t = {0};
	for (size_t i = 0; i < s->doc_count; i++)
		if (strcmp(s->docs[i].root, r->root) == 0 && (!r->repo || kam_repo_lists(r->repo, s->docs[i].path)))
			add_target(&t, kam_xstrdup(s->docs[i].uri), s->docs[i].path,
				   r->repo ? &s->docs[i] : NULL); /* unchecked: no version */
	for (size_t i = 0; i < changed_count; i++)
		add_file_target(s, &t, r->root, changed[i]);
	if (fresh) {
		const char *const *files = NULL;
		size_t n = r->ws ? kam_workspace_files_with_findings(r->ws, &files) : 0;
		for (size_t i = 0; i < n; i++)
			add_file_target(s, &t, r->root, files[i]);
		for (size_t i = 0; i < r->opened.count; i++)
			add_file_target(s, &t, r->root, r->opened.items[i].file);
		for (size_t i = 0; i < s->sent_count; i++)
			if (strcmp(s->sent[i].root, r->root) == 0)
				add_target(&t, kam_xstrdup(s->sent[i].uri), s->sent[i].path, NULL);
	}
	if (t.count > 1)
		qsort(t.items, t.count, sizeof(target), by_uri);
	for (size_t i = 0; i < t.count && !s->gone; i++)
		publish(s, &t.items[i], r);
	for (size_t i = 0; i < t.count; i++) {
		free(t.items[i].uri);
		free(t.items[i].path);
	}
	free(t.items);
}

/* Forget what was checked: the repository is opened (kam.yaml read) and
 * checked again at the next check. */
static void clear_root(root_state *r)
{
	kam_workspace_free(r->ws);
	kam_repo_free(r->repo);
	kam_diag_list_release(&r->opened);
	char *root = r->root;
	*r = (root_state){.root = root};
}

static root_state *root_slot(server *s, const char *root)
{
	root_state *r = find_root(s, root);
	if (r)
		return r;
	s->roots = kam_grow(s->roots, &s->root_alloc, s->root_count + 1, sizeof(root_state));
	r = &s->roots[s->root_count++];
	*r = (root_state){.root = kam_xstrdup(root)};
	return r;
}

/* Open the repository at r's root and a workspace over it, with the
 * buffers of its open documents. */
static void config_stat(const root_state *r, struct stat *st)
{
	char *path = kam_path_join(r->root, "kam.yaml");
	if (stat(path, st) != 0)
		memset(st, 0, sizeof(*st));
	free(path);
}

/* Whether kam.yaml is not the file that was read (a checkout, an edit
 * saved): the editor need not tell, so each check looks. */
static bool config_changed(const root_state *r)
{
	struct stat now;
	config_stat(r, &now);
	return now.st_ino != r->config.st_ino || now.st_size != r->config.st_size ||
	       now.st_mtim.tv_sec != r->config.st_mtim.tv_sec ||
	       now.st_mtim.tv_nsec != r->config.st_mtim.tv_nsec;
}

static void open_root(server *s, root_state *r)
{
	kam_error err = {0};
	config_stat(r, &r->config);
	if (kam_repo_open(&r->repo, r->root, NULL, &r->opened, &err) < 0) {
		lsp_log(s, "%s: %s: its plans are not checked", r->root, err.message);
		return;
	}
	kam_diag_list_finish(&r->opened, kam_repo_config(r->repo)->severity);
	r->ws = kam_workspace_new(r->repo, s->o.today);
	for (size_t i = 0; i < s->doc_count; i++)
		if (strcmp(s->docs[i].root, r->root) == 0)
			s->docs[i].changed = true;
}

/* Bring one repository's workspace up to date with the buffers and
 * publish what changed; the state is kept for the features. */
static void check_root(server *s, const char *root)
{
	root_state *r = root_slot(s, root);
	if (!r->repo || config_changed(r))
		clear_root(r);
	bool fresh = !r->repo;
	if (fresh)
		open_root(s, r);
	for (size_t i = 0; r->ws && i < s->doc_count; i++) {
		document *d = &s->docs[i];
		if (d->changed && strcmp(d->root, root) == 0)
			kam_workspace_set_text(r->ws, d->path, d->text, d->len);
		d->changed = d->changed && strcmp(d->root, root) != 0;
	}
	char **changed = NULL;
	size_t changed_count = 0;
	kam_error err = {0};
	if (r->ws && kam_workspace_update(r->ws, &changed, &changed_count, &err) < 0)
		lsp_log(s, "%s: %s", root, err.message);
	size_t plan_count = 0;
	const kam_plan_summary *plans = r->ws ? kam_workspace_plans(r->ws, &plan_count) : NULL;
	r->view = (lsp_repo){r->root, r->repo, r->ws ? kam_workspace_index(r->ws) : NULL, plans,
			     plan_count, r->ws};
	publish_root(s, r, changed, changed_count, fresh);
	for (size_t i = 0; i < changed_count; i++)
		free(changed[i]);
	free(changed);
}

static void check_dirty(server *s)
{
	for (size_t i = 0; i < s->dirty_count; i++) {
		if (!s->gone)
			check_root(s, s->dirty[i]);
		free(s->dirty[i]);
	}
	s->dirty_count = 0;
}

/* ------------------------------------------------------------------ */
/* What the features see (lsp_server.h)                                */

json_t *lsp_fail(lsp_error *err, int code, const char *fmt, ...)
{
	if (err->message)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	kam_buf message = KAM_BUF_INIT;
	kam_buf_vprintf(&message, fmt, ap);
	va_end(ap);
	err->code = code;
	err->message = kam_buf_detach(&message);
	return NULL;
}

void lsp_log(lsp_server *s, const char *fmt, ...)
{
	if (!s->o.log)
		return;
	va_list ap;
	va_start(ap, fmt);
	kam_buf line = KAM_BUF_INIT;
	kam_buf_vprintf(&line, fmt, ap);
	va_end(ap);
	s->o.log(s->o.log_ctx, kam_buf_cstr(&line));
	kam_buf_release(&line);
}

static const lsp_doc *doc_view(document *d)
{
	if (!d)
		return NULL;
	d->view = (lsp_doc){d->uri, d->path, d->root, d->text, d->len, d->version};
	return &d->view;
}

const lsp_doc *lsp_doc_find(lsp_server *s, const char *uri)
{
	return doc_view(find_doc(s, uri));
}

const lsp_doc *lsp_doc_at_path(lsp_server *s, const char *path)
{
	return doc_view(find_doc_path(s, path));
}

const lsp_doc *lsp_doc_of(lsp_server *s, json_t *params, lsp_error *err)
{
	const char *uri = doc_uri(params);
	if (!uri)
		return lsp_fail(err, LSP_INVALID_PARAMS, "the request names no textDocument.uri"), NULL;
	const lsp_doc *d = lsp_doc_find(s, uri);
	if (!d)
		lsp_fail(err, LSP_NOT_SERVED,
			 "'%s' is not open, or not a plan or note of a workspace folder", uri);
	return d;
}

const lsp_repo *lsp_repo_of(lsp_server *s, const char *root)
{
	check_dirty(s);
	root_state *r = find_root(s, root);
	return r && r->repo ? &r->view : NULL;
}

char *lsp_file_text(lsp_server *s, const char *root, const char *rel, size_t *len)
{
	char *path = kam_path_join(root, rel);
	const document *d = find_doc_path(s, path);
	free(path);
	if (d) {
		*len = d->len;
		return kam_xstrndup(d->text, d->len);
	}
	char *text = NULL;
	kam_files *files = kam_files_worktree(root);
	if (kam_files_read(files, rel, &text, len, KAM_MAX_FILE_BYTES_DEFAULT, NULL) < 0)
		text = NULL;
	kam_files_free(files);
	return text;
}

char *lsp_file_uri(lsp_server *s, const char *root, const char *rel)
{
	char *path = kam_path_join(root, rel);
	const document *d = find_doc_path(s, path);
	char *uri = d ? kam_xstrdup(d->uri) : path_uri(path);
	free(path);
	return uri;
}

char *lsp_uri_path(const char *uri)
{
	return uri_path(uri);
}

char *lsp_path_uri(const char *path)
{
	return path_uri(path);
}

lsp_encoding lsp_encoding_of(const lsp_server *s)
{
	return s->encoding;
}

json_t *lsp_client_capabilities(const lsp_server *s)
{
	return s->client_caps;
}

/* Whether the client's list of MarkupKinds (first preferred) asks for
 * plain text: it comes first, or markdown is not there. */
static bool wants_plaintext(json_t *formats)
{
	if (!json_array_size(formats))
		return false; /* not said: markdown, as before LSP 3.0 */
	const char *first = json_string_value(json_array_get(formats, 0));
	if (first && strcmp(first, "plaintext") == 0)
		return true;
	size_t i;
	json_t *kind;
	json_array_foreach(formats, i, kind)
		if (json_is_string(kind) && strcmp(json_string_value(kind), "markdown") == 0)
			return false;
	return true;
}

/* Markdown as plain text: **bold** and `code` lose their marks, escaped
 * characters their backslash, entities become characters, a paragraph
 * break a line end. Caller frees. */
static char *plain_text(const char *md)
{
	static const char *const entities[] = {"&lt;", "<", "&gt;", ">", "&amp;", "&"};
	kam_buf out = KAM_BUF_INIT;
	for (const char *p = md; *p; p++) {
		size_t e = 0;
		while (e < 6 && strncmp(p, entities[e], strlen(entities[e])) != 0)
			e += 2;
		if (e < 6) {
			kam_buf_puts(&out, entities[e + 1]);
			p += strlen(entities[e]) - 1;
		} else if (*p == '\\' && p[1] && strchr("\\`*_[]|~", p[1]))
			kam_buf_putc(&out, *++p);
		else if (*p == '*' && p[1] == '*')
			p++;
		else if (*p == '\n' && p[1] == '\n')
			kam_buf_putc(&out, *p++);
		else if (*p != '`')
			kam_buf_putc(&out, *p);
	}
	return kam_buf_detach(&out);
}

json_t *lsp_markup(const lsp_server *s, lsp_markup_use use, const char *markdown)
{
	json_t *td = json_object_get(s->client_caps, "textDocument");
	json_t *formats =
		use == LSP_MARKUP_HOVER
			? json_object_get(json_object_get(td, "hover"), "contentFormat")
			: json_object_get(json_object_get(json_object_get(td, "completion"), "completionItem"),
					  "documentationFormat");
	if (!wants_plaintext(formats))
		return json_pack("{s:s,s:o}", "kind", "markdown", "value", lsp_text(markdown));
	char *plain = plain_text(markdown);
	json_t *out = json_pack("{s:s,s:o}", "kind", "plaintext", "value", lsp_text(plain));
	free(plain);
	return out;
}

const char *lsp_today(const lsp_server *s)
{
	return s->o.today;
}

/* ------------------------------------------------------------------ */
/* Life cycle and dispatch                                             */

/* The requests kam serves beyond the life cycle: method, handler, the
 * server capability that announces it (NULL: none), and the result for a
 * document the server does not serve (JSON). One line each. */
typedef struct lsp_feature {
	const char *method;
	lsp_handler handler;
	const char *capability;
	json_t *(*provider)(json_t *client_caps);
	const char *nothing;
} lsp_feature;

static const lsp_feature features[] = {
	{"textDocument/definition", lsp_definition, "definitionProvider", lsp_definition_capability, "null"},
	{"textDocument/references", lsp_references, "referencesProvider", lsp_references_capability, "[]"},
	{"textDocument/completion", lsp_completion, "completionProvider", lsp_completion_capability,
	 "{\"isIncomplete\": false, \"items\": []}"},
	{"textDocument/hover", lsp_hover, "hoverProvider", lsp_hover_capability, "null"},
	{"textDocument/documentSymbol", lsp_document_symbols, "documentSymbolProvider", lsp_document_symbol_capability, "[]"},
	{"textDocument/codeAction", lsp_code_actions, "codeActionProvider", lsp_code_action_capability, "[]"},
	{"textDocument/rename", lsp_rename, "renameProvider", lsp_rename_capability, "null"},
	{"textDocument/prepareRename", lsp_prepare_rename, NULL, NULL, "null"},
	{NULL, NULL, NULL, NULL, NULL}};

/* The first encoding the client offers that kam speaks (all three), or
 * UTF-16, the protocol's default. */
static lsp_encoding choose_encoding(json_t *params)
{
	json_t *offered = json_object_get(
		json_object_get(json_object_get(params, "capabilities"), "general"), "positionEncodings");
	size_t i;
	json_t *name;
	json_array_foreach(offered, i, name) {
		int enc = lsp_encoding_parse(json_string_value(name));
		if (enc >= 0)
			return (lsp_encoding)enc;
	}
	return LSP_UTF16;
}

/* workspaceFolders, else rootUri, else the deprecated rootPath. */
static void read_folders(server *s, json_t *params)
{
	json_t *folders = json_object_get(params, "workspaceFolders"), *folder;
	const char *root_uri = json_string_value(json_object_get(params, "rootUri"));
	const char *root_path = json_string_value(json_object_get(params, "rootPath"));
	size_t i;
	json_array_foreach(folders, i, folder) {
		const char *uri = json_string_value(json_object_get(folder, "uri"));
		if (uri)
			add_folder(s, uri, false);
	}
	if (!json_array_size(folders) && (root_uri || root_path))
		add_folder(s, root_uri ? root_uri : root_path, !root_uri);
	if (!s->folder_count)
		lsp_log(s, "no workspace folder: no document is checked");
}

static void initialize(server *s, json_t *id, json_t *params)
{
	s->encoding = choose_encoding(params);
	s->client_caps = json_incref(json_object_get(params, "capabilities"));
	read_folders(s, params);
	s->initialized = true;
	json_t *sync = json_pack("{s:b,s:i,s:{s:b}}", "openClose", 1, "change", 1, "save",
				 "includeText", 0);
	json_t *caps = json_pack("{s:s,s:o}", "positionEncoding", lsp_encoding_name(s->encoding),
				 "textDocumentSync", sync);
	for (size_t i = 0; features[i].method; i++)
		if (features[i].capability)
			json_object_set_new(caps, features[i].capability, features[i].provider(s->client_caps));
	send_result(s, id, json_pack("{s:o,s:{s:s,s:s}}", "capabilities", caps, "serverInfo", "name",
				     "kam", "version", KAM_VERSION));
}

/* A request for a feature of the table: its result or its error. */
static void serve_feature(server *s, json_t *id, const char *method, json_t *params)
{
	const lsp_feature *f = NULL;
	for (size_t i = 0; features[i].method && !f; i++)
		if (strcmp(features[i].method, method) == 0)
			f = &features[i];
	if (!f) {
		send_error(s, id, LSP_METHOD_NOT_FOUND, "kam lsp does not serve '%s'", method);
		return;
	}
	lsp_error err = {0};
	json_t *result = json_is_object(params) ? f->handler(s, params, &err)
						: lsp_fail(&err, LSP_INVALID_PARAMS,
							   "'%s' takes an object of parameters", method);
	if (!result && err.code == LSP_NOT_SERVED)
		result = json_loads(f->nothing, JSON_DECODE_ANY, NULL); /* the file gets nothing */
	if (result)
		send_result(s, id, result);
	else
		send_error(s, id, err.code ? err.code : LSP_REQUEST_FAILED, "%s",
			   err.message ? err.message : "the request failed");
	free(err.message);
}

static void request(server *s, json_t *id, const char *method, json_t *params)
{
	check_dirty(s); /* a response never overtakes earlier diagnostics */
	bool init = strcmp(method, "initialize") == 0;
	if (!s->initialized && !init)
		send_error(s, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized: send 'initialize' first");
	else if (s->shutdown)
		send_error(s, id, LSP_INVALID_REQUEST, "the server is shutting down: only 'exit' is left");
	else if (init && s->initialized)
		send_error(s, id, LSP_INVALID_REQUEST, "'initialize' was already sent");
	else if (init && !json_is_object(params))
		send_error(s, id, LSP_INVALID_PARAMS, "'initialize' takes an object of parameters");
	else if (init)
		initialize(s, id, params);
	else if (strcmp(method, "shutdown") == 0) {
		s->shutdown = true;
		send_result(s, id, json_null());
	} else
		serve_feature(s, id, method, params);
}

/* A file that changed on disk (a checkout, a pull, another program):
 * kam.yaml makes its repository be read again, a document is checked
 * again (unless the editor's buffer stands for it). */
static void watched_file(server *s, const char *uri)
{
	char *path = uri_path(uri);
	char *slash = path ? strrchr(path, '/') : NULL;
	char *dir = slash ? kam_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;
	char *real = dir ? resolve_dir(dir) : NULL;
	char *file = real ? kam_path_join(real, slash + 1) : NULL;
	for (size_t i = 0; file && i < s->root_count; i++) {
		root_state *r = &s->roots[i];
		if (!below_or_at(file, r->root))
			continue;
		char *config = kam_path_join(r->root, "kam.yaml");
		if (strcmp(file, config) == 0)
			clear_root(r);
		else if (r->ws)
			kam_workspace_file_changed(r->ws, file);
		free(config);
		mark_dirty(s, r->root);
	}
	free(file);
	free(real);
	free(dir);
	free(path);
}

static void did_change_watched_files(server *s, json_t *params)
{
	size_t i;
	json_t *change;
	json_array_foreach(json_object_get(params, "changes"), i, change) {
		const char *uri = json_string_value(json_object_get(change, "uri"));
		if (uri)
			watched_file(s, uri);
	}
}

/* Ask a client that can be asked to tell when plans or kam.yaml change on
 * disk; the others are looked at as they are (kam.yaml at each check). */
static void register_watchers(server *s)
{
	json_t *caps = json_object_get(json_object_get(s->client_caps, "workspace"),
				       "didChangeWatchedFiles");
	if (!json_is_true(json_object_get(caps, "dynamicRegistration")))
		return;
	json_t *watchers = json_pack("[{s:s},{s:s}]", "globPattern", "**/*.md", "globPattern",
				     "**/kam.yaml");
	json_t *registration = json_pack("{s:s,s:s,s:{s:o}}", "id", "kam-watched-files", "method",
					 "workspace/didChangeWatchedFiles", "registerOptions",
					 "watchers", watchers);
	send_message(s, json_pack("{s:s,s:s,s:s,s:{s:[o]}}", "jsonrpc", "2.0", "id",
				  "kam-register-watchers", "method", "client/registerCapability",
				  "params", "registrations", registration));
}

/* -1 to read on, or the exit status. */
static int notification(server *s, const char *method, json_t *params)
{
	if (strcmp(method, "exit") == 0)
		return s->shutdown ? 0 : 1;
	if (!s->initialized || s->shutdown)
		return -1; /* dropped, as the protocol says */
	if (strcmp(method, "textDocument/didOpen") == 0)
		did_open(s, params);
	else if (strcmp(method, "textDocument/didChange") == 0)
		did_change(s, params);
	else if (strcmp(method, "textDocument/didClose") == 0)
		did_close(s, params);
	else if (strcmp(method, "textDocument/didSave") == 0)
		did_save(s, params);
	else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0)
		did_change_watched_files(s, params);
	else if (strcmp(method, "initialized") == 0)
		register_watchers(s);
	return -1; /* initialized, $/cancelRequest and the rest: nothing to do */
}

/* "unable to decode byte 0xff near '...'": the reason without the
 * client's bytes, which need not be text. */
static char *parse_reason(const json_error_t *e)
{
	static const char nul[] = "\\u0000 is not allowed";
	if (strncmp(e->text, nul, sizeof(nul) - 1) == 0)
		return kam_xstrdup("a string holds \\u0000"); /* not jansson's flag name */
	const char *near = strstr(e->text, " near ");
	return kam_xstrndup(e->text, near ? (size_t)(near - e->text) : strlen(e->text));
}

/* A body that is JSON and then the start of the next message's header
 * (its Content-Length was too long): that message's bytes go back to the
 * reader, so it is not lost with this one. */
static void give_back(server *s, const char *body, size_t len)
{
	json_error_t e;
	json_t *first = json_loadb(body, len, JSON_DISABLE_EOF_CHECK, &e);
	if (!first)
		return;
	json_decref(first);
	size_t at = rpc_next_header(body, len, (size_t)e.position);
	if (at < len) {
		lsp_log(s, "a message's Content-Length was too long: reading the next message from byte %zu of it", at);
		rpc_unread(s->reader, body + at, len - at);
	}
}

/* One message: -1 to read on, or the exit status. */
static int handle(server *s, const char *body, size_t len)
{
	json_error_t e;
	json_t *msg = json_loadb(body, len, 0, &e);
	if (!msg) {
		char *why = parse_reason(&e);
		lsp_log(s, "a message is not JSON: %s at byte %d", why, e.position);
		send_error(s, NULL, LSP_PARSE_ERROR, "the message is not JSON: %s at byte %d", why, e.position);
		free(why);
		give_back(s, body, len);
		return -1;
	}
	int status = -1;
	json_t *id = json_object_get(msg, "id"), *params = json_object_get(msg, "params");
	const char *method = json_string_value(json_object_get(msg, "method"));
	const char *version = json_string_value(json_object_get(msg, "jsonrpc"));
	if (json_is_null(params))
		params = NULL; /* "params": null is no params (some clients send it) */
	bool id_ok = json_is_string(id) || json_is_integer(id);
	if (json_is_object(msg) && !json_object_get(msg, "method") && id &&
	    (json_object_get(msg, "result") || json_object_get(msg, "error")))
		; /* a response: kam sends no requests */
	else if (!json_is_object(msg) || !version || strcmp(version, "2.0") != 0 || !method ||
		 (id && !id_ok))
		send_error(s, id_ok ? id : NULL, LSP_INVALID_REQUEST,
			   "not a JSON-RPC 2.0 request or notification (one object with \"jsonrpc\": \"2.0\", a \"method\" and an integer or string \"id\" for a request)");
	else if (params && !json_is_object(params) && !json_is_array(params) && id)
		send_error(s, id, LSP_INVALID_PARAMS, "\"params\" is an object or an array");
	else if (id)
		request(s, id, method, params);
	else
		status = notification(s, method, params);
	json_decref(msg);
	return status;
}

static void release_server(server *s)
{
	for (size_t i = 0; i < s->doc_count; i++)
		release_doc(&s->docs[i]);
	free(s->docs);
	free_strings(s->folders, s->folder_count);
	free_strings(s->dirty, s->dirty_count);
	while (s->sent_count)
		forget_sent(s, s->sent[0].uri);
	free(s->sent);
	for (size_t i = 0; i < s->root_count; i++) {
		clear_root(&s->roots[i]);
		free(s->roots[i].root);
	}
	free(s->roots);
	json_decref(s->client_caps);
}

/* What a framing problem is answered with; -1 to read on, or the exit
 * status when the client is gone. */
static int framing(server *s, rpc_result res, size_t length, const kam_buf *why)
{
	size_t max = s->o.max_message;
	switch (res) {
	case RPC_BAD_HEADER:
		lsp_log(s, "%s: skipping to the next Content-Length header", why->ptr);
		send_error(s, NULL, LSP_PARSE_ERROR, "%s", why->ptr);
		return -1;
	case RPC_TOO_LARGE:
		lsp_log(s, "a message of %zu bytes is larger than the limit of %zu bytes: skipped", length, max);
		send_error(s, NULL, LSP_INVALID_REQUEST,
			   "a message of %zu bytes is larger than the limit of %zu bytes: skipped", length, max);
		return -1;
	case RPC_EOF:
		if (why->len)
			lsp_log(s, "%s", why->ptr);
		if (!s->shutdown)
			lsp_log(s, "the client closed the connection without shutdown");
		return s->shutdown ? 0 : 1;
	default:
		lsp_log(s, "%s", kam_buf_cstr(why));
		return 1;
	}
}

int kam_lsp_serve(int in, int out, const kam_lsp_options *options)
{
	server s = {0};
	s.o = *options;
	if (!s.o.max_message)
		s.o.max_message = KAM_LSP_MAX_MESSAGE;
	s.out = out;
	s.encoding = LSP_UTF16;
	rpc_reader *r = kam_xmalloc(sizeof(*r));
	rpc_reader_init(r, in, s.o.max_message);
	s.reader = r;
	kam_buf body = KAM_BUF_INIT, why = KAM_BUF_INIT;
	int status = -1;
	while (status < 0 && !s.gone) {
		if (!rpc_pending(r))
			check_dirty(&s); /* the burst of changes is over */
		kam_buf_reset(&why);
		size_t length;
		rpc_result res = rpc_read(r, &body, &length, &why);
		status = res == RPC_MESSAGE ? handle(&s, body.ptr, body.len)
					    : framing(&s, res, length, &why);
	}
	kam_buf_release(&body);
	kam_buf_release(&why);
	rpc_reader_release(r);
	free(r);
	release_server(&s);
	return s.gone ? 1 : status;
}
