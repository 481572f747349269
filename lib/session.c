/* A repository opened for one command (kam/session.h). */
#define _POSIX_C_SOURCE 200809L
#include "kam/session.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

/* The repository as the index (rev NULL) or the commit rev has it. */
static int open_in_git(kam_repo **out, const char *start, const char *rev, const char *base,
		       kam_diag_list *diags, kam_error *err)
{
	char *root = kam_repo_discover(kam_path_exists(start) ? start : ".");
	kam_files *files = NULL;
	int rc = root ? kam_files_git(&files, root, rev, err)
		      : kam_error_set(err, KAM_ENOTFOUND,
				      "not a plans repository (no kam.yaml in '%s' or any folder above it)",
				      start);
	if (rc == 0)
		rc = kam_repo_open_files(out, root, files, base, diags, err);
	free(root);
	return rc;
}

int kam_session_open(kam_session *s, const kam_session_options *o, kam_diag_list *diags,
		     kam_error *err)
{
	*s = (kam_session){0};
	const char *start = o->start ? o->start : ".";
	if (o->here)
		s->display_base = getcwd(NULL, 0);
	else if (o->display_base)
		s->display_base = kam_xstrdup(o->display_base);
	int rc = o->staged || o->rev
		     ? open_in_git(&s->repo, start, o->rev, s->display_base, diags, err)
		     : kam_repo_open(&s->repo, start, s->display_base, diags, err);
	if (rc < 0)
		kam_session_close(s);
	return rc;
}

int kam_session_open_here(kam_session *s, kam_diag_list *diags, kam_error *err)
{
	return kam_session_open(s, &(kam_session_options){.here = true}, diags, err);
}

const char *kam_session_source(const kam_session_options *o)
{
	return o->rev ? o->rev : o->staged ? "the index" : "the work tree";
}

void kam_session_close(kam_session *s)
{
	kam_repo_free(s->repo);
	free(s->display_base);
	*s = (kam_session){0};
}

kam_repo *kam_sessions_open(kam_sessions *set, const char *start, kam_diag_list *diags,
			    kam_error *err)
{
	char *root = kam_repo_discover(start);
	for (size_t i = 0; root && i < set->count; i++)
		if (strcmp(kam_repo_root(set->items[i].repo), root) == 0) {
			free(root);
			return set->items[i].repo;
		}
	free(root);
	kam_session s;
	kam_session_options o = set->options;
	o.start = start;
	if (kam_session_open(&s, &o, diags, err) < 0)
		return NULL;
	set->items = kam_grow(set->items, &set->alloc, set->count + 1, sizeof(kam_session));
	set->items[set->count++] = s;
	return s.repo;
}

void kam_sessions_close(kam_sessions *set)
{
	for (size_t i = 0; i < set->count; i++)
		kam_session_close(&set->items[i]);
	free(set->items);
	*set = (kam_sessions){0};
}
