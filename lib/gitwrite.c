#define _DEFAULT_SOURCE
#include "kam/gitwrite.h"
#include "kam/quarter.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kam/history.h"
#include "banned.h"

struct kam_git {
	git_repository *repo;
	char *prefix; /* the plans root inside the work tree: "" or "dir/" */
	char *root;
	char branch[256];
	char head_ref[256]; /* what HEAD points at: "refs/heads/main", or "HEAD" when detached */
	git_oid base;       /* HEAD when opened: every tree's base, the next parent */
	bool has_base;      /* false on an unborn branch */
	char base_hex[41];
	char *lock_path; /* index.lock, while kam holds it */
	bool busy;       /* the last failure: someone else was committing */
};

/* git_commit_create's parents: libgit2 1.8.0 and 1.8.1 declared them
 * `git_commit *const parents[]`, every other release `const git_commit
 * *parents[]`; neither converts to the other without a warning (an error
 * from GCC 14 on), so the array takes the type the headers ask for. */
#if LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR == 8 && LIBGIT2_VER_REVISION < 2
typedef git_commit *const commit_parent;
#else
typedef const git_commit *commit_parent;
#endif

static int failure(kam_error *err, const char *what)
{
	const git_error *e = git_error_last(); /* libgit2 1.5 may return NULL */
	return kam_error_set(err, KAM_EGIT, "%s: %s", what, e && e->message ? e->message : "git error");
}

/* HEAD's commit now, once: what every tree is built from and the parent of
 * the next commit, so a HEAD moving meanwhile cannot be committed over. */
static int read_base(kam_git *g, kam_error *err)
{
	if (git_repository_head_unborn(g->repo) == 1)
		return KAM_OK;
	git_object *obj;
	if (git_revparse_single(&obj, g->repo, "HEAD^{commit}") < 0)
		return failure(err, "cannot read HEAD");
	git_oid_cpy(&g->base, git_object_id(obj));
	git_object_free(obj);
	git_oid_tostr(g->base_hex, sizeof(g->base_hex), &g->base);
	g->has_base = true;
	return KAM_OK;
}

int kam_git_open(kam_git **out, const char *root, kam_error *err)
{
	*out = NULL;
	kam_git_init();
	kam_git *g = kam_xcalloc(1, sizeof(*g));
	g->root = kam_xstrdup(root);
	if (git_repository_open_ext(&g->repo, root, 0, NULL) < 0) {
		g->repo = NULL;
		kam_git_free(g);
		return kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in a git repository", root);
	}
	const char *workdir = git_repository_workdir(g->repo);
	char *real = workdir ? realpath(workdir, NULL) : NULL;
	size_t n = real ? strlen(real) : 0;
	if (real && strncmp(root, real, n) == 0 && (root[n] == '/' || !root[n]))
		g->prefix = root[n] ? kam_xprintf("%s/", root + n + 1) : kam_xstrdup("");
	free(real);
	if (!g->prefix) {
		kam_git_free(g);
		return kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in the git work tree", root);
	}
	git_reference *head = NULL;
	const char *target = NULL;
	if (git_reference_lookup(&head, g->repo, "HEAD") == 0)
		target = git_reference_symbolic_target(head);
	snprintf(g->branch, sizeof(g->branch), "%s",
		 target && strncmp(target, "refs/heads/", 11) == 0 ? target + 11 : "HEAD");
	snprintf(g->head_ref, sizeof(g->head_ref), "%s", target ? target : "HEAD");
	git_reference_free(head);
	int rc = read_base(g, err);
	if (rc < 0) {
		kam_git_free(g);
		return rc;
	}
	*out = g;
	return KAM_OK;
}

void kam_git_free(kam_git *g)
{
	if (!g)
		return;
	kam_git_unlock(g);
	if (g->repo) {
		git_repository_free(g->repo);
		git_libgit2_shutdown();
	}
	free(g->prefix);
	free(g->root);
	free(g);
}

const char *kam_git_branch(kam_git *g)
{
	return g->branch;
}

const char *kam_git_base(const kam_git *g)
{
	return g->has_base ? g->base_hex : NULL;
}

int kam_git_check_state(kam_git *g, kam_error *err)
{
	const char *what = NULL, *how = NULL;
	switch (git_repository_state(g->repo)) {
	case GIT_REPOSITORY_STATE_MERGE:
		what = "a merge", how = "conclude it (git commit) or abort it (git merge --abort)";
		break;
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		what = "a revert", how = "finish it (git revert --continue) or abort it (git revert --abort)";
		break;
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		what = "a cherry-pick",
		how = "finish it (git cherry-pick --continue) or abort it (git cherry-pick --abort)";
		break;
	case GIT_REPOSITORY_STATE_REBASE:
	case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
	case GIT_REPOSITORY_STATE_REBASE_MERGE:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		what = "a rebase", how = "finish it (git rebase --continue) or abort it (git rebase --abort)";
		break;
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
		what = "git am", how = "finish it (git am --continue) or abort it (git am --abort)";
		break;
	default: /* none, or a bisect: git commits then too */
		return KAM_OK;
	}
	return kam_error_set(err, KAM_EINVALID, "%s is in progress: %s first", what, how);
}

/* The base commit and its tree; both NULL on an unborn branch. */
static int head_commit(kam_git *g, git_commit **commit, git_tree **tree, kam_error *err)
{
	*commit = NULL;
	*tree = NULL;
	if (!g->has_base)
		return KAM_OK;
	if (git_commit_lookup(commit, g->repo, &g->base) < 0 || git_commit_tree(tree, *commit) < 0)
		return failure(err, "cannot read HEAD's tree");
	return KAM_OK;
}

/* Put text into index as rel, keeping the mode the entry had. */
static int stage_text(kam_git *g, git_index *index, const char *rel, const char *text, size_t len,
		      kam_error *err)
{
	char *path = kam_xprintf("%s%s", g->prefix, rel);
	const git_index_entry *old = git_index_get_bypath(index, path, 0);
	git_index_entry entry;
	memset(&entry, 0, sizeof(entry));
	entry.mode = old && old->mode == GIT_FILEMODE_BLOB_EXECUTABLE ? old->mode : GIT_FILEMODE_BLOB;
	entry.path = path;
	int rc = KAM_OK;
	if (git_blob_create_from_buffer(&entry.id, g->repo, text, len) < 0 ||
	    git_index_add(index, &entry) < 0)
		rc = failure(err, rel);
	free(path);
	return rc;
}

/* The work-tree file rel as git add would store it: through git's filters
 * (core.autocrlf, .gitattributes eol and text), as the index gets it after
 * the commit. */
static int stage_file(kam_git *g, git_index *index, const char *rel, kam_error *err)
{
	char *abs = kam_path_join(g->root, rel);
	char *path = kam_xprintf("%s%s", g->prefix, rel);
	int rc = KAM_OK;
	struct stat st;
	if (lstat(abs, &st) != 0) { /* deleted in the work tree */
		git_index_remove_bypath(index, path);
	} else if (st.st_size > (64 << 20)) {
		rc = kam_error_set(err, KAM_EINVALID, "'%s' is larger than 64 MiB", rel);
	} else {
		const git_index_entry *old = git_index_get_bypath(index, path, 0);
		git_index_entry entry;
		memset(&entry, 0, sizeof(entry));
		entry.mode = S_ISLNK(st.st_mode) ? GIT_FILEMODE_LINK /* as git add stores one */
			     : old && old->mode == GIT_FILEMODE_BLOB_EXECUTABLE ? old->mode
										 : GIT_FILEMODE_BLOB;
		entry.path = path;
		if (git_blob_create_from_workdir(&entry.id, g->repo, path) < 0 || git_index_add(index, &entry) < 0)
			rc = failure(err, rel);
	}
	free(path);
	free(abs);
	return rc;
}

/* HEAD's tree with rels from the work tree, or (rels NULL) with rel
 * holding text. */
static int build_tree(kam_git *g, const char *const *rels, size_t count, const char *rel,
		      const char *text, size_t len, char tree_id[41], bool *changed, kam_error *err)
{
	git_commit *commit;
	git_tree *tree;
	git_index *index = NULL;
	int rc = head_commit(g, &commit, &tree, err);
	if (rc < 0)
		goto done;
	/* an index of our own: the user's index is not touched */
	if (git_index_new(&index) < 0 || (tree && git_index_read_tree(index, tree) < 0)) {
		rc = failure(err, "cannot prepare the commit");
		goto done;
	}
	for (size_t i = 0; rels && i < count && rc == KAM_OK; i++)
		rc = stage_file(g, index, rels[i], err);
	if (!rels)
		rc = stage_text(g, index, rel, text, len, err);
	git_oid id;
	if (rc == KAM_OK && git_index_write_tree_to(&id, index, g->repo) < 0)
		rc = failure(err, "cannot write the tree");
	if (rc == KAM_OK) {
		git_oid_tostr(tree_id, 41, &id);
		*changed = !tree || !git_oid_equal(&id, git_tree_id(tree));
	}
done:
	git_index_free(index);
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

int kam_git_stage_tree(kam_git *g, const char *const *rels, size_t count, char tree_id[41],
		       bool *changed, kam_error *err)
{
	static const char *const none[1] = {NULL};
	return build_tree(g, count ? rels : none, count, NULL, NULL, 0, tree_id, changed, err);
}

int kam_git_tree_with(kam_git *g, const char *rel, const char *text, size_t len, char tree_id[41],
		      bool *changed, kam_error *err)
{
	return build_tree(g, NULL, 0, rel, text, len, tree_id, changed, err);
}

int kam_git_index_read(kam_git *g, const char *rel, char **text, size_t *len, kam_error *err)
{
	*text = NULL;
	*len = 0;
	git_index *index;
	if (git_repository_index(&index, g->repo) < 0 || git_index_read(index, 0) < 0)
		return failure(err, "cannot read git's index");
	char *path = kam_xprintf("%s%s", g->prefix, rel);
	const git_index_entry *e = git_index_get_bypath(index, path, 0);
	git_blob *blob = NULL;
	int rc = KAM_OK;
	if (!e)
		rc = kam_error_set(err, KAM_ENOTFOUND, "git's index has no '%s'", rel);
	else if (git_blob_lookup(&blob, g->repo, &e->id) < 0)
		rc = failure(err, rel);
	else {
		*len = (size_t)git_blob_rawsize(blob);
		*text = kam_xstrndup(git_blob_rawcontent(blob), *len);
	}
	git_blob_free(blob);
	free(path);
	git_index_free(index);
	return rc;
}

char *kam_git_tracked_below(const char *dir)
{
	char *real = realpath(dir, NULL);
	git_repository *repo = NULL;
	git_index *index = NULL;
	char *found = NULL;
	kam_git_init();
	if (!real || git_repository_open_ext(&repo, real, 0, NULL) < 0 || !git_repository_workdir(repo) ||
	    git_repository_index(&index, repo) < 0)
		goto done;
	char *top = realpath(git_repository_workdir(repo), NULL);
	size_t n = top ? strlen(top) : 0;
	if (top && strncmp(real, top, n) == 0 && (real[n] == '/' || !real[n])) {
		/* the folder's entries, or every entry when it is the top */
		char *prefix = real[n] ? kam_xprintf("%s/", real + n + 1) : kam_xstrdup("");
		size_t len = strlen(prefix);
		for (size_t i = 0; !found && i < git_index_entrycount(index); i++) {
			const char *path = git_index_get_byindex(index, i)->path;
			if (strncmp(path, prefix, len) == 0)
				found = kam_path_join(real, path + len);
		}
		free(prefix);
	}
	free(top);
done:
	git_index_free(index);
	if (repo)
		git_repository_free(repo);
	git_libgit2_shutdown();
	free(real);
	return found;
}

/* ------------------------------------------------------------------ */
/* signatures                                                          */

static bool parse_offset(const char *s, int *offset)
{
	while (*s == ' ')
		s++;
	if (*s == 'Z' || *s == 'z' || !*s) {
		*offset = 0;
		return true;
	}
	if (*s != '+' && *s != '-')
		return false;
	int sign = *s == '-' ? -1 : 1, h, m;
	if (sscanf(s + 1, "%2d:%2d", &h, &m) == 2 || sscanf(s + 1, "%2d%2d", &h, &m) == 2) {
		*offset = sign * (h * 60 + m);
		return true;
	}
	return false;
}

/* Seconds since the epoch of a civil time; false for a field out of range
 * (a date git would not write, and one whose arithmetic would overflow). */
static bool civil_seconds(int y, int mo, int d, int h, int mi, int sec, int offset, long long *when)
{
	if (y < 0 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || sec < 0 || sec > 60)
		return false;
	*when = (long long)kam_date_days((kam_date){y, mo, d}) * 86400 + h * 3600 + mi * 60 + sec - offset * 60LL;
	return true;
}

static bool parse_iso(const char *s, long long *when, int *offset)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3)
		return false;
	s += used;
	if (*s == 'T' || *s == ' ') {
		if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &used) != 2)
			return false;
		s += 1 + used;
		if (*s == ':' && sscanf(s + 1, "%2d%n", &sec, &used) == 1)
			s += 1 + used;
	}
	return parse_offset(s, offset) && civil_seconds(y, mo, d, h, mi, sec, *offset, when);
}

static bool parse_rfc2822(const char *s, long long *when, int *offset)
{
	static const char *const months = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4], zone[8];
	int d, y, h, mi, sec;
	const char *comma = strchr(s, ',');
	if (sscanf(comma ? comma + 1 : s, "%2d %3s %4d %2d:%2d:%2d %7s", &d, mon, &y, &h, &mi, &sec, zone) != 7)
		return false;
	const char *m = strstr(months, mon);
	if (!m || (m - months) % 3 || !parse_offset(zone, offset))
		return false;
	return civil_seconds(y, (int)(m - months) / 3 + 1, d, h, mi, sec, *offset, when);
}

bool kam_git_parse_date(const char *text, long long *when, int *offset)
{
	const char *s = text[0] == '@' ? text + 1 : text;
	char *end;
	long long epoch = strtoll(s, &end, 10);
	if (end != s && (*end == ' ' || !*end) && parse_offset(end, offset)) {
		*when = epoch; /* git's own format: seconds and an offset */
		return true;
	}
	return parse_iso(text, when, offset) || parse_rfc2822(text, when, offset);
}

/* A signature from GIT_<WHO>_NAME/EMAIL/DATE, else git's configuration. */
static int signature(kam_git *g, const char *who, git_signature **out, kam_error *err)
{
	char key[32];
	snprintf(key, sizeof(key), "GIT_%s_NAME", who);
	const char *name = getenv(key);
	snprintf(key, sizeof(key), "GIT_%s_EMAIL", who);
	const char *email = getenv(key);
	snprintf(key, sizeof(key), "GIT_%s_DATE", who);
	const char *date = getenv(key);
	git_signature *fallback = NULL;
	if ((!name || !email) && git_signature_default(&fallback, g->repo) < 0)
		return kam_error_set(err, KAM_EGIT,
				     "who is committing? set git's user.name and user.email "
				     "(git config --global user.name \"Your Name\")");
	long long when = (long long)time(NULL);
	int offset = 0;
	if (date && *date && !kam_git_parse_date(date, &when, &offset)) {
		git_signature_free(fallback);
		return kam_error_set(err, KAM_EINVALID, "%s: cannot read the date '%s'", key, date);
	}
	if (!date || !*date) {
		struct tm tm;
		time_t now = (time_t)when;
		localtime_r(&now, &tm);
		offset = (int)(tm.tm_gmtoff / 60);
	}
	int rc = git_signature_new(out, name ? name : fallback->name, email ? email : fallback->email,
				   (git_time_t)when, offset);
	git_signature_free(fallback);
	return rc < 0 ? failure(err, "invalid signature") : KAM_OK;
}

/* ------------------------------------------------------------------ */
/* race-free commits                                                   */

void kam_git_unlock(kam_git *g)
{
	if (!g->lock_path)
		return;
	unlink(g->lock_path);
	free(g->lock_path);
	g->lock_path = NULL;
}

/* The index file of this work tree (linked worktrees have their own). */
static char *index_path(kam_git *g, kam_error *err)
{
	git_index *index;
	if (git_repository_index(&index, g->repo) < 0) {
		failure(err, "cannot read git's index");
		return NULL;
	}
	const char *path = git_index_path(index);
	char *copy = path ? kam_xstrdup(path) : NULL;
	git_index_free(index);
	if (!copy)
		kam_error_set(err, KAM_EGIT, "git's index has no file");
	return copy;
}

/* HEAD still where it was when kam read it: the same branch at the same
 * commit (or still unborn). */
static int check_head(kam_git *g, kam_error *err)
{
	git_reference *head = NULL;
	if (git_reference_lookup(&head, g->repo, "HEAD") < 0)
		return failure(err, "cannot read HEAD");
	const char *target = git_reference_symbolic_target(head);
	bool same_ref = strcmp(target ? target : "HEAD", g->head_ref) == 0;
	git_reference_free(head);
	git_oid now;
	int r = git_reference_name_to_id(&now, g->repo, "HEAD");
	if (r < 0 && r != GIT_ENOTFOUND)
		return failure(err, "cannot read HEAD");
	bool born = r == 0;
	if (same_ref && born == g->has_base && (!born || git_oid_equal(&now, &g->base)))
		return KAM_OK;
	g->busy = true;
	char was[8] = "nothing", is[8] = "nothing";
	if (g->has_base)
		git_oid_tostr(was, sizeof(was), &g->base);
	if (born)
		git_oid_tostr(is, sizeof(is), &now);
	if (!same_ref)
		return kam_error_set(err, KAM_EGIT,
				     "HEAD moved while kam was working (it no longer points at %s): "
				     "run kam again",
				     g->head_ref);
	return kam_error_set(err, KAM_EGIT,
			     "HEAD moved while kam was working (%s is now %s, not %s: another commit "
			     "landed): run kam again",
			     g->branch, is, was);
}

bool kam_git_busy(const kam_git *g)
{
	return g->busy;
}

int kam_git_lock(kam_git *g, kam_error *err)
{
	g->busy = false;
	if (g->lock_path)
		return KAM_OK;
	char *index = index_path(g, err);
	if (!index)
		return KAM_EGIT;
	char *lock = kam_xprintf("%s.lock", index);
	free(index);
	int fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		int e = errno;
		g->busy = e == EEXIST;
		int rc = e == EEXIST ? kam_error_set(err, KAM_EGIT,
						     "cannot lock git's index: '%s' exists: another git "
						     "process seems to be running in this repository (if "
						     "none is, remove that file)",
						     lock)
				     : kam_error_set(err, KAM_EIO, "cannot lock git's index: '%s': %s",
						     lock, strerror(e));
		free(lock);
		return rc;
	}
	close(fd);
	g->lock_path = lock;
	int rc = kam_git_check_state(g, err);
	git_index *idx = NULL;
	if (rc == KAM_OK && git_repository_index(&idx, g->repo) == 0 && git_index_read(idx, 1) == 0 &&
	    git_index_has_conflicts(idx))
		rc = kam_error_set(err, KAM_EINVALID,
				   "git's index has unmerged files: resolve them (git add) or reset "
				   "them first");
	git_index_free(idx);
	if (rc == KAM_OK)
		rc = check_head(g, err);
	if (rc < 0)
		kam_git_unlock(g);
	return rc;
}

/* Every entry of from into to, stat data included (so git need not hash
 * the files again); in order, so each insertion is at the end. */
static int copy_entries(git_index *to, git_index *from)
{
	if (git_index_set_version(to, git_index_version(from)) < 0)
		return -1;
	size_t n = git_index_entrycount(from);
	for (size_t i = 0; i < n; i++)
		if (git_index_add(to, git_index_get_byindex(from, i)) < 0)
			return -1;
	return 0;
}

/* The index entry of path as tree holds it: the entry the work-tree file
 * gave when it is the same blob (its stat data saves git a hash), else
 * the tree's blob with no stat data, so git compares the file again. */
static int as_committed(git_index *index, git_tree *tree, const char *path, kam_error *err)
{
	git_tree_entry *te = NULL;
	if (git_tree_entry_bypath(&te, tree, path) < 0) {
		git_index_remove_bypath(index, path);
		return KAM_OK;
	}
	const git_index_entry *ie = git_index_get_bypath(index, path, 0);
	int rc = KAM_OK;
	if (!ie || !git_oid_equal(&ie->id, git_tree_entry_id(te)) ||
	    ie->mode != (uint32_t)git_tree_entry_filemode(te)) {
		git_index_entry entry;
		memset(&entry, 0, sizeof(entry));
		entry.mode = git_tree_entry_filemode(te);
		entry.path = path;
		git_oid_cpy(&entry.id, git_tree_entry_id(te));
		if (git_index_add(index, &entry) < 0)
			rc = failure(err, path);
	}
	git_tree_entry_free(te);
	return rc;
}

/* The user's index (read afresh under the lock) with edits applied,
 * written to a new file beside it: renamed over the lock once the branch
 * has moved. */
static int prepare_index(kam_git *g, git_tree *tree, const kam_git_index_edit *edits, size_t count,
			 char **path, kam_error *err)
{
	*path = NULL;
	git_index *index, *out = NULL;
	if (git_repository_index(&index, g->repo) < 0 || git_index_read(index, 1) < 0)
		return failure(err, "cannot read git's index");
	int rc = KAM_OK;
	for (size_t i = 0; i < count && rc == KAM_OK; i++) {
		char *rel = kam_xprintf("%s%s", g->prefix, edits[i].rel);
		char *abs = kam_path_join(g->root, edits[i].rel);
		struct stat st;
		if (edits[i].text)
			rc = stage_text(g, index, edits[i].rel, edits[i].text, edits[i].len, err);
		else if ((lstat(abs, &st) == 0 ? git_index_add_bypath(index, rel)
					       : git_index_remove_bypath(index, rel)) < 0)
			rc = failure(err, edits[i].rel);
		else if (edits[i].committed)
			rc = as_committed(index, tree, rel, err);
		free(rel);
		free(abs);
	}
	char *file = kam_xprintf("%s.kam-new-%ld", g->lock_path, (long)getpid());
	unlink(file); /* one a killed kam of this pid left */
	if (rc == KAM_OK && (git_index_open(&out, file) < 0 || copy_entries(out, index) < 0 ||
			     git_index_write(out) < 0)) {
		rc = failure(err, "cannot write git's index");
		unlink(file);
	}
	git_index_free(out);
	git_index_read(index, 1); /* the edits stay out of memory until they are on disk */
	git_index_free(index);
	if (rc == KAM_OK)
		*path = file;
	else
		free(file);
	return rc;
}

/* The object id exists and holds a commit, as a fresh object database reads
 * it: libgit2 1.5 may report a write that failed on a full disk as done. */
static int verify_written(kam_git *g, const git_oid *commit, const git_oid *tree, kam_error *err)
{
	char *dir = kam_xprintf("%sobjects", git_repository_commondir(g->repo));
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	int rc = KAM_OK;
	if (git_odb_open(&odb, dir) < 0 || git_odb_read(&obj, odb, commit) < 0 ||
	    git_odb_object_type(obj) != GIT_OBJECT_COMMIT || !git_odb_exists(odb, tree))
		rc = failure(err, "the commit could not be read back (is the disk full?)");
	git_odb_object_free(obj);
	git_odb_free(odb);
	free(dir);
	return rc;
}

/* Move HEAD's branch from the base to id, only if it is still at the base. */
static int move_branch(kam_git *g, const git_oid *id, const char *message, kam_error *err)
{
	/* libgit2 adds the entry to HEAD's reflog too, as git does */
	char *log = kam_xprintf("commit%s: %.*s", g->has_base ? "" : " (initial)",
				(int)strcspn(message, "\n"), message);
	git_reference *ref = NULL;
	int r = g->has_base ? git_reference_create_matching(&ref, g->repo, g->head_ref, id, 1, &g->base, log)
			    : git_reference_create(&ref, g->repo, g->head_ref, id, 0, log);
	git_reference_free(ref);
	int rc = KAM_OK;
	if (r == GIT_ELOCKED)
		g->busy = true; /* the branch is being updated: maybe free in a moment */
	if (r == GIT_EMODIFIED || r == GIT_EEXISTS) {
		g->busy = true;
		rc = check_head(g, err) < 0 ? err->code
					     : kam_error_set(err, KAM_EGIT, "HEAD moved while kam was "
									    "working: run kam again");
	} else if (r < 0)
		rc = failure(err, "cannot commit");
	free(log);
	return rc;
}

/* Put the branch back at the base after a step past moving it failed. */
static void restore_branch(kam_git *g, const git_oid *id)
{
	git_reference *ref = NULL;
	if (g->has_base) {
		git_reference_create_matching(&ref, g->repo, g->head_ref, &g->base, 1, id,
					      "kam: commit undone");
	} else if (git_reference_lookup(&ref, g->repo, g->head_ref) == 0) {
		git_reference_delete(ref);
	}
	git_reference_free(ref);
}

/* HEAD resolves to id now. */
static int verify_head(kam_git *g, const git_oid *id, kam_error *err)
{
	git_oid now;
	if (git_reference_name_to_id(&now, g->repo, "HEAD") < 0 || !git_oid_equal(&now, id))
		return kam_error_set(err, KAM_EGIT, "HEAD does not point at the new commit");
	return KAM_OK;
}

int kam_git_commit(kam_git *g, const char *tree_id, const char *message,
		   const kam_git_index_edit *edits, size_t count, char out[41], kam_error *err)
{
	git_signature *author = NULL, *committer = NULL;
	git_commit *parent = NULL;
	git_tree *head_tree = NULL, *tree = NULL;
	git_oid tree_oid, commit_oid;
	char *new_index = NULL;
	int rc = kam_git_lock(g, err);
	if (rc < 0 || (rc = head_commit(g, &parent, &head_tree, err)) < 0 ||
	    (rc = signature(g, "AUTHOR", &author, err)) < 0 ||
	    (rc = signature(g, "COMMITTER", &committer, err)) < 0)
		goto done;
	if (git_oid_fromstr(&tree_oid, tree_id) < 0 || git_tree_lookup(&tree, g->repo, &tree_oid) < 0) {
		rc = failure(err, "cannot find the tree to commit");
		goto done;
	}
	commit_parent parents[1] = {parent};
	if (git_commit_create(&commit_oid, g->repo, NULL, author, committer, NULL, message, tree,
			      parent ? 1 : 0, parents) < 0) {
		rc = failure(err, "cannot commit");
		goto done;
	}
	if ((rc = verify_written(g, &commit_oid, &tree_oid, err)) < 0 ||
	    (rc = prepare_index(g, tree, edits, count, &new_index, err)) < 0 ||
	    (rc = move_branch(g, &commit_oid, message, err)) < 0)
		goto done;
	/* the new index replaces the lock, then the index: git's own protocol */
	if ((rc = verify_head(g, &commit_oid, err)) < 0 || rename(new_index, g->lock_path) < 0) {
		if (rc == KAM_OK)
			rc = kam_error_set(err, KAM_EIO, "cannot write git's index: %s", strerror(errno));
		restore_branch(g, &commit_oid);
		goto done;
	}
	char *index = kam_xstrndup(g->lock_path, strlen(g->lock_path) - 5);
	if (rename(g->lock_path, index) < 0) {
		rc = kam_error_set(err, KAM_EIO, "cannot write git's index: %s", strerror(errno));
		restore_branch(g, &commit_oid);
	} else {
		free(g->lock_path); /* released by the rename */
		g->lock_path = NULL;
		git_oid_tostr(out, 41, &commit_oid);
	}
	free(index);
done:
	if (new_index) {
		unlink(new_index);
		free(new_index);
	}
	git_tree_free(tree);
	git_tree_free(head_tree);
	git_commit_free(parent);
	git_signature_free(author);
	git_signature_free(committer);
	return rc;
}

/* ------------------------------------------------------------------ */
/* work-tree files                                                     */

bool kam_git_is_temp_name(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *tag = strstr(base, ".kam-tmp-");
	if (!tag || tag == base)
		return false;
	const char *x = tag + 9; /* mkstemp's six characters */
	size_t n = strlen(x);
	return n == 6 && strspn(x, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == 6;
}

/* A hard link to path under a fresh temporary name beside it. */
static char *link_backup(const char *path, kam_error *err)
{
	char *name = kam_xprintf("%s.kam-tmp-XXXXXX", path);
	int fd = mkstemp(name); /* a name nobody uses */
	if (fd >= 0) {
		close(fd);
		unlink(name);
	}
	if (fd < 0 || link(path, name) < 0) {
		kam_error_set(err, KAM_EIO, "cannot keep a copy of '%s': %s", path, strerror(errno));
		free(name);
		return NULL;
	}
	return name;
}

int kam_git_write_file(const char *root, const char *rel, const char *text, size_t len,
		       char **backup, kam_error *err)
{
	if (backup)
		*backup = NULL;
	char *path = kam_path_join(root, rel);
	char *tmp = kam_xprintf("%s.kam-tmp-XXXXXX", path);
	struct stat st;
	int rc = KAM_OK, fd = -1;
	if (lstat(path, &st) != 0)
		rc = kam_error_set(err, KAM_EIO, "cannot read '%s': %s", rel, strerror(errno));
	else if (S_ISLNK(st.st_mode))
		rc = kam_error_set(err, KAM_EINVALID,
				   "%s is a symbolic link: kam edits only plain files (edit the file "
				   "it points to)",
				   rel);
	else if (!S_ISREG(st.st_mode))
		rc = kam_error_set(err, KAM_EINVALID, "%s is not a regular file", rel);
	else if ((fd = mkstemp(tmp)) < 0)
		rc = kam_error_set(err, KAM_EIO, "cannot create a file next to '%s': %s", rel,
				   strerror(errno));
	if (rc < 0)
		goto done;
	if (fchmod(fd, st.st_mode & 07777) < 0 || kam_write_all(fd, text, len) < 0 || fsync(fd) < 0) {
		rc = kam_error_set(err, KAM_EIO, "cannot write '%s': %s", rel, strerror(errno));
		close(fd);
		unlink(tmp);
		goto done;
	}
	if (close(fd) < 0) {
		rc = kam_error_set(err, KAM_EIO, "cannot write '%s': %s", rel, strerror(errno));
		unlink(tmp);
		goto done;
	}
	if (backup && !(*backup = link_backup(path, err))) {
		rc = KAM_EIO;
		unlink(tmp);
		goto done;
	}
	if (rename(tmp, path) < 0) {
		rc = kam_error_set(err, KAM_EIO, "cannot replace '%s': %s", rel, strerror(errno));
		unlink(tmp);
		if (backup) {
			unlink(*backup);
			free(*backup);
			*backup = NULL;
		}
		goto done;
	}
	kam_sync_parent(path);
done:
	free(tmp);
	free(path);
	return rc;
}

/* path with ".", ".." and repeated slashes resolved as text (absolute). */
static char *normalize(const char *path)
{
	kam_buf out = KAM_BUF_INIT;
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out.len && out.ptr[out.len - 1] != '/')
				out.len--;
			if (out.len)
				out.len--; /* the slash */
		} else if (!(n == 1 && p[0] == '.')) {
			kam_buf_putc(&out, '/');
			kam_buf_add(&out, p, n);
		}
		p += n;
	}
	if (!out.len)
		kam_buf_putc(&out, '/');
	out.ptr[out.len] = '\0';
	return kam_buf_detach(&out);
}

static bool below(const char *path, const char *top)
{
	size_t n = strlen(top);
	return strncmp(path, top, n) == 0 && (path[n] == '/' || !path[n] || (n && top[n - 1] == '/'));
}

int kam_git_check_link(kam_git *g, const char *rel, char **target, kam_error *err)
{
	*target = NULL;
	char *abs = kam_path_join(g->root, rel);
	char text[4096];
	ssize_t n = readlink(abs, text, sizeof(text) - 1);
	if (n < 0) {
		int rc = kam_error_set(err, KAM_EIO, "cannot read the link '%s': %s", rel, strerror(errno));
		free(abs);
		return rc;
	}
	text[n] = '\0';
	const char *workdir = git_repository_workdir(g->repo);
	char *top = workdir ? realpath(workdir, NULL) : NULL;
	char *slash = strrchr(abs, '/');
	*slash = '\0';
	char *dir = realpath(abs, NULL); /* the folder holding the link, as it really is */
	char *joined = text[0] == '/' || !dir ? kam_xstrdup(text) : kam_path_join(dir, text);
	char *lexical = normalize(joined);
	*slash = '/';
	char *real = realpath(abs, NULL); /* every link after this one followed too */
	bool inside = top && dir && below(lexical, top) && (!real || below(real, top));
	int rc = KAM_OK;
	if (inside)
		*target = kam_xstrdup(text);
	else
		rc = kam_error_set(err, KAM_EINVALID, "%s is a symbolic link to '%s', outside the repository: remove it, or put the file itself there",
				   rel, text);
	free(real);
	free(lexical);
	free(joined);
	free(dir);
	free(top);
	free(abs);
	return rc;
}
