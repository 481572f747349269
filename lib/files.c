/* Files from the work tree, or from git's index or a commit's tree. A git
 * source takes a snapshot of the paths below the plans root when opened
 * (path -> blob id), so lookups need no tree walks. */
#define _DEFAULT_SOURCE
#include "kam/files.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kam/history.h"
#include "banned.h"

/* The last folder resolved: the documents of a folder are read one after
 * another, on any thread. */
typedef struct folder_cache {
	pthread_mutex_t lock;
	char *rel;  /* relative to the root ("" for the root) */
	char *real; /* realpath of it */
} folder_cache;

/* What git's index recorded of a file's state when it hashed it. */
typedef struct stat_seen {
	int64_t mtime, ctime; /* seconds */
	uint32_t mtime_ns, ctime_ns, ino, size;
} stat_seen;

typedef struct git_file {
	char *rel;
	git_oid id;
	bool link;     /* a symlink: its blob is a path, not a plan */
	stat_seen seen; /* index snapshots only */
	bool filtered;  /* git's filters store it changed: its blob is not its bytes */
} git_file;

struct kam_files {
	char *root;
	char *real_root; /* the root with its links resolved: what "inside" means */
	char *what;
	git_repository *git; /* NULL for the work tree */
	git_odb *odb;        /* blobs are read from it on any thread (libgit2 locks it) */
	git_file *entries;   /* sorted by rel */
	size_t count, alloc;
	folder_cache *folder; /* the work tree's */
	struct timespec index_written; /* an index snapshot's file: its mtime */
	char *prefix;       /* the root inside the work tree: "" or "dir/" (git sources) */
	bool filters_noted; /* kam_files_index_note_filters ran */
};

kam_files *kam_files_worktree(const char *root)
{
	kam_files *f = kam_xcalloc(1, sizeof(*f));
	f->root = kam_xstrdup(root);
	f->real_root = realpath(root, NULL);
	if (!f->real_root)
		f->real_root = kam_xstrdup(root);
	f->what = kam_xstrdup("the work tree");
	f->folder = kam_xcalloc(1, sizeof(folder_cache));
	pthread_mutex_init(&f->folder->lock, NULL);
	return f;
}

void kam_files_free(kam_files *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->count; i++)
		free(f->entries[i].rel);
	free(f->entries);
	free(f->prefix);
	git_odb_free(f->odb);
	if (f->git) {
		git_repository_free(f->git);
		git_libgit2_shutdown();
	}
	if (f->folder) {
		pthread_mutex_destroy(&f->folder->lock);
		free(f->folder->rel);
		free(f->folder->real);
		free(f->folder);
	}
	free(f->root);
	free(f->real_root);
	free(f->what);
	free(f);
}

bool kam_files_is_worktree(const kam_files *f)
{
	return !f->git;
}

const char *kam_files_root(const kam_files *f)
{
	return f->root;
}

const char *kam_files_describe(const kam_files *f)
{
	return f->what;
}

static int git_failure(kam_error *err, int code, const char *what)
{
	const git_error *e = git_error_last(); /* libgit2 1.5 may return NULL */
	return kam_error_set(err, code, "%s: %s", what, e && e->message ? e->message : "git error");
}

/* ------------------------------------------------------------------ */
/* snapshots of the index or a tree                                    */

static git_file *add_entry(kam_files *f, const char *rel, const git_oid *id, bool link)
{
	f->entries = kam_grow(f->entries, &f->alloc, f->count + 1, sizeof(git_file));
	git_file *e = &f->entries[f->count++];
	*e = (git_file){.rel = kam_xstrdup(rel), .link = link};
	git_oid_cpy(&e->id, id);
	return e;
}

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const git_file *)a)->rel, ((const git_file *)b)->rel);
}

typedef struct walk_ctx {
	kam_files *f;
	const char *prefix; /* the plans root inside the git work tree, "" or "dir/" */
} walk_ctx;

static int tree_entry(const char *dir, const git_tree_entry *entry, void *payload)
{
	walk_ctx *w = payload;
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	char *path = kam_xprintf("%s%s", dir, git_tree_entry_name(entry));
	size_t n = strlen(w->prefix);
	if (strncmp(path, w->prefix, n) == 0)
		add_entry(w->f, path + n, git_tree_entry_id(entry),
			  git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK);
	free(path);
	return 0;
}

static int snapshot_tree(kam_files *f, const char *rev, const char *prefix, kam_error *err)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	int rc = KAM_OK;
	if (git_revparse_single(&obj, f->git, rev) < 0) {
		rc = kam_error_set(err, KAM_ENOTFOUND, "'%s' names no commit of this git repository", rev);
		goto done;
	}
	if (git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0) {
		rc = git_failure(err, KAM_ENOTFOUND, rev);
		goto done;
	}
	walk_ctx w = {f, prefix};
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_entry, &w) < 0)
		rc = git_failure(err, KAM_EGIT, rev);
done:
	git_tree_free(tree);
	git_object_free(obj);
	return rc;
}

static int snapshot_index(kam_files *f, const char *prefix, kam_error *err)
{
	git_index *index;
	/* git commit -a and git commit PATH run the pre-commit hook with the
	 * index to be committed in GIT_INDEX_FILE: honour it as git does, a
	 * relative one from the top of the work tree (where git runs hooks) */
	const char *file = getenv("GIT_INDEX_FILE");
	const char *top = git_repository_workdir(f->git);
	char *path = !file || !*file ? NULL : file[0] == '/' || !top ? kam_xstrdup(file) : kam_path_join(top, file);
	/* the index's time is taken before it is read: one written in between
	 * is newer than this time, which only makes more entries racily clean */
	struct stat written;
	char *stamp = path ? kam_xstrdup(path) : kam_path_join(git_repository_path(f->git), "index");
	if (stat(stamp, &written) == 0)
		f->index_written = written.st_mtim;
	free(stamp);
	int rc = path ? git_index_open(&index, path) : git_repository_index(&index, f->git);
	free(path);
	if (rc < 0)
		return git_failure(err, KAM_EGIT, "cannot read git's index");
	size_t n = strlen(prefix);
	for (size_t i = 0; i < git_index_entrycount(index); i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		if (git_index_entry_stage(e) == 0 && strncmp(e->path, prefix, n) == 0)
			add_entry(f, e->path + n, &e->id, (e->mode & 0170000) == 0120000)->seen =
			    (stat_seen){e->mtime.seconds, e->ctime.seconds, e->mtime.nanoseconds,
					e->ctime.nanoseconds, e->ino, e->file_size};
	}
	git_index_free(index);
	return KAM_OK;
}

/* "" when root is the git work tree itself, else "sub/dir/". */
static char *root_prefix(git_repository *git, const char *root)
{
	const char *workdir = git_repository_workdir(git);
	char *real = workdir ? realpath(workdir, NULL) : NULL;
	size_t n = real ? strlen(real) : 0;
	char *prefix = NULL;
	if (real && strncmp(root, real, n) == 0 && (root[n] == '/' || root[n] == '\0'))
		prefix = root[n] ? kam_xprintf("%s/", root + n + 1) : kam_xstrdup("");
	free(real);
	return prefix;
}

int kam_files_git(kam_files **out, const char *root, const char *rev, kam_error *err)
{
	*out = NULL;
	kam_git_init();
	kam_files *f = kam_xcalloc(1, sizeof(*f));
	f->root = kam_xstrdup(root);
	f->what = kam_xstrdup(rev ? rev : "the index");
	/* as git does, objects read are not hashed again (git fsck checks them) */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	int rc;
	if (git_repository_open_ext(&f->git, root, 0, NULL) < 0 || git_repository_odb(&f->odb, f->git) < 0) {
		git_repository_free(f->git);
		f->git = NULL;
		git_libgit2_shutdown();
		kam_files_free(f);
		return kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in a git repository", root);
	}
	char *prefix = root_prefix(f->git, root);
	if (!prefix)
		rc = kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in the git work tree", root);
	else
		rc = rev ? snapshot_tree(f, rev, prefix, err) : snapshot_index(f, prefix, err);
	f->prefix = prefix;
	if (rc < 0) {
		kam_files_free(f);
		return rc;
	}
	if (f->count > 1)
		qsort(f->entries, f->count, sizeof(git_file), by_rel);
	*out = f;
	return KAM_OK;
}

/* ------------------------------------------------------------------ */

static const git_file *find(const kam_files *f, const char *rel)
{
	git_file key = {.rel = (char *)rel};
	return bsearch(&key, f->entries, f->count, sizeof(git_file), by_rel);
}

/* The first snapshot entry at or after rel. */
static size_t lower_bound(const kam_files *f, const char *rel)
{
	size_t a = 0, b = f->count;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (strcmp(f->entries[mid].rel, rel) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

static int read_blob(const kam_files *f, const char *rel, char **out, size_t *len, size_t max,
		     kam_error *err)
{
	const git_file *e = find(f, rel);
	if (!e)
		return kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in %s", rel, f->what);
	if (e->link)
		return kam_error_set(err, KAM_EINVALID, "'%s' is a symbolic link in %s", rel, f->what);
	git_odb_object *blob;
	if (git_odb_read(&blob, f->odb, &e->id) < 0)
		return git_failure(err, KAM_EGIT, rel);
	size_t size = git_odb_object_size(blob);
	int rc = KAM_OK;
	if (git_odb_object_type(blob) != GIT_OBJECT_BLOB)
		rc = kam_error_set(err, KAM_EGIT, "'%s' is not a file in %s", rel, f->what);
	else if (size > max)
		rc = kam_error_set(err, KAM_EINVALID, "'%s' is larger than %zu bytes", rel, max);
	else {
		*out = kam_xstrndup(git_odb_object_data(blob), size);
		*len = size;
	}
	git_odb_object_free(blob);
	return rc;
}

/* Whether '..' takes rel above the folder it is relative to (read lexically:
 * "accounts/../accounts" stays inside, "../x" and "a/../../x" do not). */
static bool climbs(const char *rel)
{
	long depth = 0;
	for (const char *p = rel; *p; p += strcspn(p, "/"), p += *p == '/') {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			depth--;
		else if (n && !(n == 1 && p[0] == '.'))
			depth++;
		if (depth < 0)
			return true;
	}
	return false;
}

static bool below_root(const kam_files *f, const char *real)
{
	size_t n = strlen(f->real_root);
	return strncmp(real, f->real_root, n) == 0 &&
	       (real[n] == '/' || real[n] == '\0' || strcmp(f->real_root, "/") == 0);
}

/* realpath of rel's folder joined with rel's name, which is not a link
 * (the caller's lstat said so): where realpath of rel leads, for one
 * realpath per folder instead of a readlink per component and file.
 * NULL when the folder cannot be resolved. */
static char *resolve_by_folder(const kam_files *f, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	size_t n = slash ? (size_t)(slash - rel) : 0;
	const char *name = slash ? slash + 1 : rel;
	if (!f->folder || !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return NULL;
	folder_cache *c = f->folder;
	pthread_mutex_lock(&c->lock);
	if (!c->rel || strlen(c->rel) != n || strncmp(c->rel, rel, n) != 0) {
		char *folder_rel = kam_xstrndup(rel, n);
		char *abs = kam_path_join(f->root, folder_rel);
		char *real = realpath(abs, NULL);
		free(abs);
		free(c->rel);
		free(c->real);
		c->rel = real ? folder_rel : NULL;
		c->real = real;
		if (!real)
			free(folder_rel);
	}
	char *out = c->real ? kam_path_join(c->real, name) : NULL;
	pthread_mutex_unlock(&c->lock);
	return out;
}

/* Where rel leads in the work tree, when that is inside the root; st
 * what it is (lstat of a file that is no link, else stat). */
static int resolve_inside(const kam_files *f, const char *rel, char **resolved, struct stat *st,
			  kam_error *err)
{
	char *path = kam_path_join(f->root, rel);
	*resolved = NULL;
	bool plain = lstat(path, st) == 0 && !S_ISLNK(st->st_mode);
	if (plain)
		*resolved = resolve_by_folder(f, rel);
	if (!*resolved) {
		plain = false;
		*resolved = realpath(path, NULL);
	}
	int rc = KAM_OK;
	if (!*resolved && errno == ENOENT && lstat(path, st) != 0)
		rc = kam_error_set(err, KAM_ENOTFOUND, "cannot open '%s': no such file", rel);
	else if (!*resolved) /* a dangling link or a loop: nothing inside to read */
		rc = kam_error_set(err, KAM_EOUTSIDE, "cannot resolve '%s' (a symbolic link loop?)", rel);
	else if (!below_root(f, *resolved))
		rc = kam_error_set(err, KAM_EOUTSIDE, "'%s' is a link to '%s', outside the repository",
				   rel, *resolved);
	else if (!plain && stat(*resolved, st) != 0)
		rc = kam_error_set(err, KAM_EIO, "cannot read '%s': %s", rel, strerror(errno));
	free(path);
	return rc;
}

static int confine(const kam_files *f, const char *rel, bool folder, char **real, kam_error *err)
{
	if (real)
		*real = NULL;
	if (rel[0] == '/' || climbs(rel))
		return kam_error_set(err, KAM_EOUTSIDE, "'%s' leaves the repository", rel);
	if (f->git) {
		const git_file *e = folder ? NULL : find(f, rel);
		if (folder)
			return kam_files_exists(f, rel) ? KAM_OK
							: kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in %s",
									rel, f->what);
		if (!e)
			return kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in %s", rel, f->what);
		if (e->link)
			return kam_error_set(err, KAM_EOUTSIDE, "'%s' is a symbolic link in %s", rel, f->what);
		return KAM_OK;
	}
	char *resolved;
	struct stat st;
	int rc = resolve_inside(f, rel, &resolved, &st, err);
	if (rc == KAM_OK && (S_ISDIR(st.st_mode) != folder || (!folder && !S_ISREG(st.st_mode))))
		rc = kam_error_set(err, KAM_EIO, "cannot read '%s': %s", rel,
				   folder ? "it is not a folder"
				   : S_ISDIR(st.st_mode) ? "it is a folder" : "it is not a regular file");
	if (real && (rc == KAM_OK || (rc == KAM_EOUTSIDE && resolved)))
		*real = resolved;
	else
		free(resolved);
	return rc;
}

int kam_files_confine(const kam_files *f, const char *rel, char **real, kam_error *err)
{
	return confine(f, rel, false, real, err);
}

int kam_files_confine_folder(const kam_files *f, const char *rel, char **real, kam_error *err)
{
	return confine(f, rel, true, real, err);
}

int kam_files_read(const kam_files *f, const char *rel, char **out, size_t *len, size_t max,
		   kam_error *err)
{
	*out = NULL;
	*len = 0;
	if (f->git)
		return read_blob(f, rel, out, len, max, err);
	char *real;
	int rc = kam_files_confine(f, rel, &real, err);
	if (rc == KAM_OK)
		rc = kam_file_read(out, len, real, max, err);
	free(real);
	return rc;
}

bool kam_files_blob_id(const kam_files *f, const char *rel, char out[41])
{
	const git_file *x = f->git ? find(f, rel) : NULL;
	if (!x || x->link)
		return false;
	git_oid_tostr(out, 41, &x->id);
	return true;
}

/* Whether st is the state the index recorded, written before the index
 * was (else the file may have changed within the same tick: racily clean,
 * as git calls it). */
static bool seen_as(const stat_seen *seen, const struct stat *st, struct timespec written)
{
	return S_ISREG(st->st_mode) && seen->size == (uint32_t)st->st_size &&
	       seen->mtime == (int64_t)st->st_mtim.tv_sec &&
	       seen->mtime_ns == (uint32_t)st->st_mtim.tv_nsec &&
	       seen->ctime == (int64_t)st->st_ctim.tv_sec &&
	       seen->ctime_ns == (uint32_t)st->st_ctim.tv_nsec && seen->ino == (uint32_t)st->st_ino &&
	       (seen->mtime < (int64_t)written.tv_sec ||
		(seen->mtime == (int64_t)written.tv_sec && seen->mtime_ns < (uint32_t)written.tv_nsec));
}

/* Whether git's filters (core.autocrlf, the text, eol, ident, filter and
 * working-tree-encoding attributes) change the file git_path as git add
 * stores it; a filter that cannot be loaded counts as one. */
static bool filters_apply(git_repository *git, const char *git_path)
{
	git_filter_list *filters = NULL;
	if (git_filter_list_load(&filters, git, NULL, git_path, GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT) < 0)
		return true;
	bool any = filters != NULL; /* libgit2 gives no list when none applies */
	git_filter_list_free(filters);
	return any;
}

void kam_files_index_note_filters(kam_files *index)
{
	if (!index->git || !index->prefix)
		return;
	kam_buf path = {0};
	for (size_t i = 0; i < index->count; i++) {
		git_file *x = &index->entries[i];
		kam_buf_reset(&path);
		kam_buf_printf(&path, "%s%s", index->prefix, x->rel);
		x->filtered = filters_apply(index->git, kam_buf_cstr(&path));
	}
	kam_buf_release(&path);
	index->filters_noted = true;
}

bool kam_files_index_id_unchanged(const kam_files *index, const char *rel, size_t size,
				  char out[41])
{
	const git_file *x = index->git && index->filters_noted && index->index_written.tv_sec
				    ? find(index, rel)
				    : NULL;
	if (!x || x->link || x->filtered || x->seen.size != size)
		return false;
	char *path = kam_path_join(index->root, rel);
	struct stat st;
	bool same = lstat(path, &st) == 0 && seen_as(&x->seen, &st, index->index_written);
	free(path);
	if (same)
		git_oid_tostr(out, 41, &x->id);
	return same;
}

bool kam_files_same(const kam_files *a, const kam_files *b, const char *rel)
{
	if (a->git && b->git) {
		const git_file *x = find(a, rel), *y = find(b, rel);
		return (!x && !y) || (x && y && git_oid_equal(&x->id, &y->id));
	}
	char *ta = NULL, *tb = NULL;
	size_t la = 0, lb = 0;
	int ra = kam_files_read(a, rel, &ta, &la, 64u << 20, NULL);
	int rb = kam_files_read(b, rel, &tb, &lb, 64u << 20, NULL);
	/* what cannot be read (a link out, a FIFO) is never "the same": the
	 * caller must look at it, not skip it */
	bool unreadable = (ra < 0 && ra != KAM_ENOTFOUND) || (rb < 0 && rb != KAM_ENOTFOUND);
	bool in_a = ra == 0, in_b = rb == 0;
	bool same = !unreadable && in_a == in_b && la == lb && (!in_a || memcmp(ta, tb, la) == 0);
	free(ta);
	free(tb);
	return same;
}

bool kam_files_exists(const kam_files *f, const char *rel)
{
	if (!f->git) {
		char *path = kam_path_join(f->root, rel);
		bool e = kam_path_exists(path);
		free(path);
		return e;
	}
	if (!*rel || find(f, rel))
		return true;
	char *dir = kam_xprintf("%s/", rel); /* a folder holds files below it */
	size_t i = lower_bound(f, dir);
	bool e = i < f->count && strncmp(f->entries[i].rel, dir, strlen(dir)) == 0;
	free(dir);
	return e;
}

typedef struct name_list {
	char **items;
	size_t count, alloc;
} name_list;

static void push(name_list *l, const char *s)
{
	l->items = kam_grow(l->items, &l->alloc, l->count + 1, sizeof(char *));
	l->items[l->count++] = kam_xstrdup(s);
}

static bool hidden_component(const char *rel)
{
	return rel[0] == '.' || strstr(rel, "/.") != NULL;
}

/* Whether the entry rel is a folder itself (a symbolic link is not): the
 * directory entry says so on most file systems, without a stat. */
static bool is_folder(const char *root, const char *rel, const struct dirent *e)
{
#ifdef _DIRENT_HAVE_D_TYPE
	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
#else
	(void)e;
#endif
	char *abs = kam_path_join(root, rel);
	struct stat st;
	bool folder = lstat(abs, &st) == 0 && S_ISDIR(st.st_mode);
	free(abs);
	return folder;
}

static void walk_dir(const char *root, const char *rel, name_list *l, unsigned depth)
{
	char *path = kam_path_join(root, rel);
	DIR *d = depth <= 32 ? opendir(path) : NULL;
	free(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *child = *rel ? kam_xprintf("%s/%s", rel, e->d_name) : kam_xstrdup(e->d_name);
		size_t n = strlen(e->d_name);
		bool named_like_a_plan = n > 3 && strcmp(e->d_name + n - 3, ".md") == 0;
		if (!named_like_a_plan && is_folder(root, child, e))
			walk_dir(root, child, l, depth + 1); /* symlinked folders are not followed */
		else
			push(l, child); /* a folder named x.md is reported as unreadable */
		free(child);
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int kam_files_list(const kam_files *f, const char *dir, char ***out, size_t *count, kam_error *err)
{
	name_list l = {0};
	*out = NULL;
	*count = 0;
	if (!kam_files_exists(f, dir))
		return kam_error_set(err, KAM_ENOTFOUND, "the folder '%s' is not in %s", dir, f->what);
	if (!f->git)
		walk_dir(f->root, dir, &l, 0);
	else {
		char *prefix = *dir ? kam_xprintf("%s/", dir) : kam_xstrdup("");
		size_t n = strlen(prefix);
		for (size_t i = lower_bound(f, prefix); i < f->count; i++) {
			if (strncmp(f->entries[i].rel, prefix, n) != 0)
				break;
			if (!hidden_component(f->entries[i].rel + n))
				push(&l, f->entries[i].rel);
		}
		free(prefix);
	}
	if (l.count > 1)
		qsort(l.items, l.count, sizeof(char *), by_name);
	*out = l.items;
	*count = l.count;
	return KAM_OK;
}
