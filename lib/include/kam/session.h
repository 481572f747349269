/* kam/session.h - a repository opened for one command: at the work tree,
 * at git's index or at a revision, with the folder findings are named
 * relative to.
 *
 * Every command of kam starts this way; the choices (--staged, --rev REV,
 * names relative to the current folder or to the repository) are options,
 * so the command line only parses them. */
#ifndef KAM_SESSION_H
#define KAM_SESSION_H

#include <stdbool.h>

#include "kam/diag.h"
#include "kam/repo.h"
#include "kam/util.h"

typedef struct kam_session_options {
	const char *start;        /* a path in the repository; "." when NULL */
	const char *rev;          /* read the plans of this commit ("HEAD~1", a tag) */
	bool staged;              /* read the plans as git's index has them */
	const char *display_base; /* findings name files relative to this folder;
				   * NULL: relative to the repository */
	bool here;                /* display_base is the current folder */
} kam_session_options;

typedef struct kam_session {
	kam_repo *repo;     /* owned */
	char *display_base; /* owned copy, NULL when names are the repository's */
} kam_session;

/* Open the repository around o->start. At the work tree start must exist;
 * with staged or rev a start that does not exist (a deleted file) looks
 * from the current folder. Problems of kam.yaml go to diags. KAM_ENOTFOUND
 * when no kam.yaml is found ("not a plans repository (...)") or rev names
 * nothing; KAM_EGIT on other git errors. On failure *s is empty. */
int kam_session_open(kam_session *s, const kam_session_options *o, kam_diag_list *diags,
		     kam_error *err);
/* The commonest case: the work tree around the current folder, findings
 * named relative to it. */
int kam_session_open_here(kam_session *s, kam_diag_list *diags, kam_error *err);
/* Where the session reads from: "the index", "the work tree" or rev. */
const char *kam_session_source(const kam_session_options *o);
void kam_session_close(kam_session *s); /* an empty or closed session accepted */

/* The repositories one run reads, each opened once however many paths of
 * the run are in it (kam check a.md b.md other-repo/). Start it zeroed,
 * with the options every session of the run is opened with (their start
 * ignored). */
typedef struct kam_sessions {
	kam_session_options options;
	kam_session *items; /* in the order they were first opened */
	size_t count, alloc;
} kam_sessions;

/* The repository around start: the one opened already, or a new session
 * (kam_session_open's errors; NULL then). */
kam_repo *kam_sessions_open(kam_sessions *set, const char *start, kam_diag_list *diags,
			    kam_error *err);
void kam_sessions_close(kam_sessions *set);

#endif
