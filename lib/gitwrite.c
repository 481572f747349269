#define _DEFAULT_SOURCE
#include "kam/gitwrite.h"

#include <ctype.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "banned.h"

struct kam_git {
	git_repository *repo;
	char *prefix; /* the plans root inside the work tree: "" or "dir/" */
	char *root;
	char branch[256];
};

static int failure(kam_error *err, const char *what)
{
	const git_error *e = git_error_last(); /* libgit2 1.5 may return NULL */
	return kam_error_set(err, KAM_EGIT, "%s: %s", what, e && e->message ? e->message : "git error");
}

int kam_git_open(kam_git **out, const char *root, kam_error *err)
{
	*out = NULL;
	git_libgit2_init();
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
	git_reference_free(head);
	*out = g;
	return KAM_OK;
}

void kam_git_free(kam_git *g)
{
	if (!g)
		return;
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

/* HEAD's commit and tree; both NULL on an unborn branch. */
static int head_commit(kam_git *g, git_commit **commit, git_tree **tree, kam_error *err)
{
	*commit = NULL;
	*tree = NULL;
	if (git_repository_head_unborn(g->repo) == 1)
		return KAM_OK;
	git_object *obj;
	if (git_revparse_single(&obj, g->repo, "HEAD") < 0)
		return failure(err, "cannot read HEAD");
	int rc = git_object_peel((git_object **)commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0 || git_commit_tree(tree, *commit) < 0)
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
	if (git_repository_index(&index, g->repo) < 0)
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

int kam_git_index_set(kam_git *g, const char *rel, const char *text, size_t len, kam_error *err)
{
	git_index *index;
	if (git_repository_index(&index, g->repo) < 0)
		return failure(err, "cannot read git's index");
	int rc;
	if (text)
		rc = stage_text(g, index, rel, text, len, err);
	else {
		char *path = kam_xprintf("%s%s", g->prefix, rel);
		rc = git_index_add_bypath(index, path) < 0 ? failure(err, rel) : KAM_OK;
		free(path);
	}
	if (rc == KAM_OK && git_index_write(index) < 0)
		rc = failure(err, "cannot write git's index");
	git_index_free(index);
	return rc;
}

char *kam_git_tracked_below(const char *dir)
{
	char *real = realpath(dir, NULL);
	git_repository *repo = NULL;
	git_index *index = NULL;
	char *found = NULL;
	git_libgit2_init();
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

static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2; /* Howard Hinnant's algorithm: no time zone state involved */
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Seconds since the epoch of a civil time; false for a field out of range
 * (a date git would not write, and one whose arithmetic would overflow). */
static bool civil_seconds(int y, int mo, int d, int h, int mi, int sec, int offset, long long *when)
{
	if (y < 0 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || sec < 0 || sec > 60)
		return false;
	*when = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset * 60LL;
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

/* Make the index entries of rels match the new HEAD, and leave the rest. */
static int sync_index(kam_git *g, const char *const *rels, size_t count, kam_error *err)
{
	git_index *index;
	if (git_repository_index(&index, g->repo) < 0)
		return failure(err, "cannot read git's index");
	int rc = KAM_OK;
	for (size_t i = 0; i < count && rc == KAM_OK; i++) {
		char *path = kam_xprintf("%s%s", g->prefix, rels[i]);
		char *abs = kam_path_join(g->root, rels[i]);
		int r = kam_path_exists(abs) ? git_index_add_bypath(index, path)
					     : git_index_remove_bypath(index, path);
		if (r < 0)
			rc = failure(err, rels[i]);
		free(path);
		free(abs);
	}
	if (rc == KAM_OK && git_index_write(index) < 0)
		rc = failure(err, "cannot write git's index");
	git_index_free(index);
	return rc;
}

int kam_git_commit(kam_git *g, const char *tree_id, const char *message, const char *const *rels,
		   size_t count, char out[41], kam_error *err)
{
	git_signature *author = NULL, *committer = NULL;
	git_commit *parent = NULL;
	git_tree *head_tree = NULL, *tree = NULL;
	git_oid tree_oid, commit_oid;
	int rc = head_commit(g, &parent, &head_tree, err);
	if (rc < 0 || (rc = signature(g, "AUTHOR", &author, err)) < 0 ||
	    (rc = signature(g, "COMMITTER", &committer, err)) < 0)
		goto done;
	if (git_oid_fromstr(&tree_oid, tree_id) < 0 || git_tree_lookup(&tree, g->repo, &tree_oid) < 0) {
		rc = failure(err, "cannot find the tree to commit");
		goto done;
	}
	const git_commit *parents[1] = {parent};
	if (git_commit_create(&commit_oid, g->repo, "HEAD", author, committer, NULL, message, tree,
			      parent ? 1 : 0, parents) < 0) {
		rc = failure(err, "cannot commit");
		goto done;
	}
	git_oid_tostr(out, 41, &commit_oid);
	if (count)
		rc = sync_index(g, rels, count, err);
done:
	git_tree_free(tree);
	git_tree_free(head_tree);
	git_commit_free(parent);
	git_signature_free(author);
	git_signature_free(committer);
	return rc;
}
