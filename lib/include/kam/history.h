/* kam/history.h - the git history of a plans repository, through libgit2:
 * the first-parent line from HEAD, and which commits fall in a quarter. */
#ifndef KAM_HISTORY_H
#define KAM_HISTORY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_commit {
	char id[41];        /* hex */
	char short_id[8];
	long long time;     /* committer time, seconds since the epoch */
	int offset;         /* the committer's UTC offset in minutes */
	char *author;       /* name */
	char *summary;      /* the message's first line */
	bool touches_plans; /* changes something below the plans root */
} kam_commit;

/* The whole history, for kam_history_load. */
#define KAM_HISTORY_ALL LLONG_MIN

/* The first-parent history of HEAD in the git repository holding root,
 * newest first. An unborn HEAD gives no commits. The walk ends with the
 * first commit made before since and its parent (so a diff from a moment
 * reads no older history; whether that parent touched the plans is not
 * known); KAM_HISTORY_ALL walks it all. */
int kam_history_load(kam_commit **out, size_t *count, const char *root, long long since,
		     kam_error *err);
void kam_history_free(kam_commit *commits, size_t count);
/* Whether root is in a git repository whose HEAD has no commit yet (false
 * also when it is in none). */
bool kam_history_unborn(const char *root);
/* Whether the repository holding root is a shallow clone (CI checkouts
 * often are): its history ends before the project's did. */
bool kam_history_shallow(const char *root);

/* The committer time of the commit rev names in the repository holding
 * root; false when rev names no commit. */
bool kam_history_commit_time(const char *root, const char *rev, long long *out);

/* Of the history (newest first), the last commit before `start` (*base,
 * NULL if none) and the last before `end` (*head, NULL if none). */
void kam_history_between(const kam_commit *commits, size_t count, long long start, long long end,
			 const kam_commit **base, const kam_commit **head);

/* git_libgit2_init, with one reference held until the process exits:
 * libgit2 built with mbedTLS (Debian's) reads every CA certificate each
 * time its count of users rises from 0, which each open and close of a
 * repository in turn did (about 50 M instructions a time). Pair it with
 * git_libgit2_shutdown as usual. */
void kam_git_init(void);

#ifdef __cplusplus
}
#endif

#endif
