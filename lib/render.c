/* kam render: the static site, built by site.c (the model and the one page
 * writer), pages.c (the page builders) and render_body.c (the Markdown
 * pipeline), all through the HTML writer (html.c), into a new folder that
 * replaces the old one in one rename, here, after guarding what may be
 * replaced. The Markdown summary for forges is render_md.c. */
#define _GNU_SOURCE /* syncfs, nftw */
#include "kam/render.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kam/doc.h"
#include "kam/gitwrite.h"
#include "kam/status.h"
#include "site.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* writing the site whole                                              */

/* Every page of the new site on disk before it is moved into place: on
 * Linux one syncfs instead of an fsync per page, which cost more than making
 * them; where there is no syncfs (macOS, the BSDs) an fsync of each file and
 * folder, the only portable way. */
static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int fsync_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_F || flag == FTW_DP ? fsync_path(path) : 0;
}

static int flush_tree(const char *dir)
{
	return nftw(dir, fsync_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#if defined(__linux__) && !defined(KAM_NO_SYNCFS)
static int flush_all(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = syncfs(fd);
	close(fd);
	/* a kernel or sandbox without the call: the portable way */
	return rc < 0 && errno == ENOSYS ? flush_tree(dir) : rc;
}
#else
static int flush_all(const char *dir)
{
	return flush_tree(dir);
}
#endif

static int flush_site(const char *dir, kam_error *err)
{
	return flush_all(dir) == 0 ? KAM_OK
				   : kam_error_set(err, KAM_EIO, "cannot flush '%s' to disk: %s", dir,
						   strerror(errno));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* What a folder must not hold to be replaced by a site: the first such
 * entry found (nftw has no context argument; only the calling thread
 * walks, before any page is made). */
static _Thread_local char *precious;

static int find_precious(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	const char *name = path + ftw->base;
	size_t n = strlen(name);
	if (strcmp(name, "kam.yaml") == 0 || strcmp(name, ".git") == 0 ||
	    (n > 3 && strcasecmp(name + n - 3, ".md") == 0)) {
		precious = kam_xstrdup(path);
		return 1;
	}
	return 0;
}

/* Whether the folder real (a real path) is, holds or lies inside path. */
static const char *relation(const char *real, const char *path)
{
	size_t a = strlen(real), b = strlen(path);
	if (a == b && strcmp(real, path) == 0)
		return "is";
	if (a < b && strncmp(path, real, a) == 0 && (path[a] == '/' || a == 1))
		return "holds";
	if (b < a && strncmp(real, path, b) == 0 && real[b] == '/')
		return "is inside";
	return NULL;
}

/* The real path of path, which need not exist yet: its closest existing
 * ancestor's real path with the rest appended. */
static char *resolve(const char *path)
{
	char *real = realpath(path, NULL);
	if (real)
		return real;
	const char *slash = strrchr(path, '/');
	if (!slash)
		slash = path - 1; /* relative to the current folder */
	char *parent = slash == path - 1 ? kam_xstrdup(".") : kam_xstrndup(path, (size_t)(slash - path));
	char *base = *parent ? resolve(parent) : kam_xstrdup("/");
	char *joined = base ? kam_path_join(base, slash + 1) : NULL;
	free(parent);
	free(base);
	return joined;
}

/* path (below the real folder real) as below out_dir, as the user named it */
static char *below(const char *out_dir, const char *real, const char *path)
{
	size_t n = strlen(real);
	return strncmp(path, real, n) == 0 && path[n] == '/' ? kam_path_join(out_dir, path + n + 1)
							      : kam_xstrdup(path);
}

/* Refuse an output folder that is or holds what a user wrote: the plans
 * repository, the accounts folder, the current or home folder, kam.yaml, a
 * git repository, Markdown files (plans and notes), files git tracks. --force never overrides
 * these; it only lets an unmarked folder that passes them be replaced. */
static int guard_output(const kam_repo *repo, const char *out_dir, kam_error *err)
{
	static const char advice[] = "kam render never replaces it, even with --force; choose another -o "
				     "(the default is site/ in the plans repository)";
	struct stat st;
	bool exists = lstat(out_dir, &st) == 0;
	bool dir = exists && stat(out_dir, &st) == 0 && S_ISDIR(st.st_mode);
	if (exists && !dir)
		return kam_error_set(err, KAM_EEXISTS, "'%s' is not a folder: %s", out_dir, advice);
	char *real = resolve(out_dir);
	char *root = realpath(kam_repo_root(repo), NULL);
	char *accounts_path = kam_path_join(kam_repo_root(repo), kam_repo_config(repo)->accounts_dir);
	char *accounts = realpath(accounts_path, NULL);
	char *cwd = realpath(".", NULL);
	char *home = getenv("HOME") && *getenv("HOME") ? realpath(getenv("HOME"), NULL) : NULL;
	const char *how;
	int rc = KAM_OK;
	char *tracked = NULL;
	if (!real)
		rc = kam_error_set(err, KAM_EIO, "cannot resolve '%s': %s", out_dir, strerror(errno));
	else if (root && (how = relation(real, root)) && strcmp(how, "is inside") != 0)
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' %s the plans repository: %s", out_dir, how, advice);
	else if (accounts && (how = relation(real, accounts)))
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' %s the accounts folder: %s", out_dir, how, advice);
	else if (cwd && (how = relation(real, cwd)) && strcmp(how, "is inside") != 0)
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' %s the current folder: %s", out_dir, how, advice);
	else if (home && (how = relation(real, home)) && strcmp(how, "is inside") != 0)
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' %s your home folder: %s", out_dir, how, advice);
	else if (dir && nftw(real, find_precious, 16, FTW_PHYS) == 1) {
		const char *name = strrchr(precious, '/') + 1;
		char *shown = below(out_dir, real, precious);
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' holds %s (%s): %s", out_dir,
				   strcmp(name, "kam.yaml") == 0 ? "a kam.yaml"
				   : strcmp(name, ".git") == 0	  ? "a git repository"
								  : "Markdown files",
				   shown, advice);
		free(shown);
	} else if (dir && (tracked = kam_git_tracked_below(real))) {
		char *shown = below(out_dir, real, tracked);
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' holds files tracked by git (%s): %s", out_dir,
				   shown, advice);
		free(shown);
	}
	free(precious);
	precious = NULL;
	free(tracked);
	free(home);
	free(cwd);
	free(accounts);
	free(accounts_path);
	free(root);
	free(real);
	return rc;
}

/* Give the site folder, made by mkdtemp (0700), the mode mkdir gives a
 * folder (0777 less the umask), so whoever serves the site can read it as
 * they read its subfolders. The mode is found by making a folder in it:
 * reading the umask would mean changing it, for every thread. */
static int open_site(const char *tmp, kam_error *err)
{
	char *probe = kam_path_join(tmp, ".kam-mode");
	struct stat st;
	bool made = mkdir(probe, 0777) == 0;
	bool ok = made && stat(probe, &st) == 0 && chmod(tmp, st.st_mode & 07777) == 0;
	int e = errno;
	if (made)
		rmdir(probe);
	free(probe);
	return ok ? KAM_OK
		  : kam_error_set(err, KAM_EIO, "cannot set the mode of '%s': %s", tmp, strerror(e));
}

/* Move the finished site into place: out_dir only ever holds a whole site. */
static int replace_site(const char *tmp, const char *out_dir, bool force, kam_error *err)
{
	if (kam_path_exists(out_dir)) {
		char *marker = kam_path_join(out_dir, ".kam-site");
		bool ours = kam_path_exists(marker);
		free(marker);
		if (!ours && !force)
			return kam_error_set(err, KAM_EEXISTS,
					     "'%s' exists and kam did not make it; choose another -o, or "
					     "--force to replace it",
					     out_dir);
		char *old = kam_xprintf("%s.kam-old-%ld", out_dir, (long)getpid());
		if (rename(out_dir, old) != 0) {
			free(old);
			return kam_error_set(err, KAM_EIO, "cannot move '%s' aside: %s", out_dir, strerror(errno));
		}
		if (rename(tmp, out_dir) != 0) {
			int e = errno;
			rename(old, out_dir); /* put the old site back */
			free(old);
			return kam_error_set(err, KAM_EIO, "cannot move the new site into place: %s", strerror(e));
		}
		remove_tree(old);
		free(old);
		return KAM_OK;
	}
	if (rename(tmp, out_dir) != 0)
		return kam_error_set(err, KAM_EIO, "cannot create '%s': %s", out_dir, strerror(errno));
	return KAM_OK;
}

int kam_render_site(const kam_render_input *in, const char *out_dir, bool force, kam_error *err)
{
	int guarded = guard_output(in->repo, out_dir, err);
	if (guarded < 0)
		return guarded;
	char *tmp = kam_xprintf("%s.kam-tmp-XXXXXX", out_dir);
	if (!mkdtemp(tmp)) {
		int rc = kam_error_set(err, KAM_EIO, "cannot create a folder beside '%s': %s", out_dir,
				       strerror(errno));
		free(tmp);
		return rc;
	}
	site s = {.in = in, .unsafe_html = kam_repo_config(in->repo)->unsafe_html, .out = {tmp, KAM_OK, {0}}};
	int rc = build_site(&s);
	if (rc < 0 && err)
		*err = s.out.err;
	if (rc == KAM_OK)
		rc = open_site(tmp, err);
	if (rc == KAM_OK)
		rc = flush_site(tmp, err);
	if (rc == KAM_OK)
		rc = replace_site(tmp, out_dir, force, err);
	if (rc == KAM_OK)
		kam_sync_parent(out_dir);
	if (rc < 0)
		remove_tree(tmp);
	free(tmp);
	free_site(&s);
	return rc;
}
