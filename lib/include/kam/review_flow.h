/* kam/review_flow.h - what kam review does, as one call: set the plan's
 * 'reviewed:' line to today's date in the work tree (and git's index),
 * and commit just that one-line change on HEAD's version of the plan,
 * checked exactly as kam commit checks, under git's index lock, starting
 * again from the new HEAD when another process committed at the same
 * moment. A failed commit puts the file back as it was.
 *
 * Nothing is printed: the result says what happened, for the caller to
 * show. */
#ifndef KAM_REVIEW_FLOW_H
#define KAM_REVIEW_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/repo.h"

typedef enum {
	KAM_REVIEW_DONE,    /* committed */
	KAM_REVIEW_ALREADY, /* HEAD has today's date already: nothing to commit */
	KAM_REVIEW_EDITED,  /* no_commit: the work-tree file has the date */
	KAM_REVIEW_REFUSED, /* the check, the plan's edits, its kind or git's state refused it */
	KAM_REVIEW_FAILED,  /* no such account, or git or a file could not be read or written */
} kam_review_outcome;

typedef struct kam_review_options {
	const char *account;      /* the plan's id: <accounts folder>/<account>.md */
	bool no_commit;           /* only edit the file: nothing checked or committed */
	const char *today;        /* YYYY-MM-DD or NULL (the clock): the date set */
	const char *display_base; /* the check's findings name files relative to it */
} kam_review_options;

typedef struct kam_review_result {
	kam_review_outcome outcome;
	char *why;          /* REFUSED or FAILED: the message ("review refused: ...") */
	bool why_verbatim;  /* why names a file left changed: show it as it is */
	char **removed;     /* kam's leftover temporary files it removed, in order */
	size_t removed_count;
	kam_diag_list errors;   /* REFUSED by the check: its errors, as kam check shows them */
	kam_diag_list warnings; /* DONE: the warnings let through */
	char *rel;          /* the plan file, relative to the repository (once known) */
	char date[11];      /* the date set, YYYY-MM-DD */
	char *branch;       /* DONE: the branch moved, the new commit's id and message */
	char id[41];
	char *message;
	bool other_edits_stay; /* DONE: the work tree has other, uncommitted edits of the plan */
} kam_review_result;

/* Review o->account's plan in repo (opened at its work tree). The outcome
 * is in *r, every failure with why set; release *r after. Returns 0 for
 * DONE, ALREADY and EDITED, KAM_EINVALID for REFUSED, KAM_EIO for FAILED. */
int kam_review_run(kam_review_result *r, const kam_repo *repo, const kam_review_options *o);
void kam_review_result_release(kam_review_result *r);

#endif
