/* kam/commit_flow.h - what kam commit does, as one call: find the plan
 * files that differ from HEAD, refuse what git would store as something
 * else, check the plans exactly as the commit will hold them, write the
 * message in plan terms and commit under git's index lock, starting again
 * from the new HEAD when another process committed at the same moment.
 *
 * Nothing is printed: the result says what happened, for the caller to
 * show. kam review commits through kam_commit_verify and
 * kam_commit_remove_temp_files too. */
#ifndef KAM_COMMIT_FLOW_H
#define KAM_COMMIT_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/gitwrite.h"
#include "kam/repo.h"
#include "kam/util.h"

/* kam commit and kam review try again, from the new HEAD, when another
 * process committed at the same moment: at most this many times in all. */
enum { KAM_COMMIT_ATTEMPTS = 8 };

typedef enum {
	KAM_COMMIT_DONE,    /* committed */
	KAM_COMMIT_NOTHING, /* the plans are as HEAD has them */
	KAM_COMMIT_REFUSED, /* the check, a file's kind or git's state refused it */
	KAM_COMMIT_FAILED,  /* git or the repository could not be read or written */
} kam_commit_outcome;

typedef struct kam_commit_options {
	const char *message;             /* the first lines; NULL: "Update account plans" */
	bool no_verify;                  /* commit without checking */
	const char *const *paths;        /* only the plan files below these (none: all) */
	size_t path_count;
	const char *today;               /* YYYY-MM-DD or NULL: the day the check judges on */
	const char *display_base;        /* findings name files relative to it (NULL: root) */
} kam_commit_options;

typedef struct kam_commit_file {
	char *rel;
	char status; /* 'A' added, 'M' modified, 'D' deleted */
	char *link;  /* a symbolic link's text as git stores it, else NULL */
} kam_commit_file;

typedef struct kam_commit_result {
	kam_commit_outcome outcome;
	char *why;             /* REFUSED or FAILED: the message, "commit refused: ..." */
	char **removed;        /* kam's leftover temporary files it removed, in order */
	size_t removed_count;
	kam_diag_list errors;  /* REFUSED by the check: its errors, as kam check shows them */
	kam_diag_list warnings; /* DONE: the warnings let through, in the committed files */
	char *branch;          /* DONE: the branch moved ("main"), its new commit id */
	char id[41];
	char *message;         /* DONE: the whole commit message */
	kam_commit_file *files; /* DONE: the files committed, sorted */
	size_t file_count;
} kam_commit_result;

/* Commit the changed plan files of repo's work tree (opened at it). The
 * outcome is in *r, every failure with why set; release *r after. Returns
 * 0 for DONE and NOTHING, KAM_EINVALID for REFUSED, another error code for
 * FAILED. */
int kam_commit_run(kam_commit_result *r, const kam_repo *repo, const kam_commit_options *o);
void kam_commit_result_release(kam_commit_result *r);

/* Check the plans as the git tree tree_id holds them below root, as a
 * commit of the plan files rels would make them. KAM_EINVALID ("N errors
 * in the plans as they would be committed") when the check finds errors:
 * they are added to errors (all of them, as kam check shows them); the
 * warnings in rels are added to warnings either way. */
int kam_commit_verify(const char *root, const char *tree_id, const char *const *rels,
		      size_t count, const char *today, const char *display_base,
		      kam_diag_list *errors, kam_diag_list *warnings, kam_error *err);

/* Remove the temporary files killed kam writes left beside kam.yaml and
 * below the accounts folder ("acme.md.kam-tmp-Ab12Cd") while holding git's
 * index lock (kam's own writes happen under it, so none is in progress);
 * nothing when the lock is taken. Each removed file's name is added to
 * *removed (*count of them; caller frees). */
void kam_commit_remove_temp_files(kam_git *git, const kam_repo *repo, char ***removed,
				  size_t *count);

/* Sleep a little before attempt + 1, longer each time and different for
 * each process, so two that collided do not collide again. */
void kam_commit_retry_pause(int attempt);

#endif
