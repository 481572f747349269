/* check_internal.h - the steps of a check, shared by lib/check.c (one
 * document: read, schema, index part, plan rules; the selection; what is
 * said twice) and lib/workspace.c (all documents, kept and updated).
 * Private to those two files. */
#ifndef KAM_CHECK_INTERNAL_H
#define KAM_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/check.h"
#include "kam/index.h"
#include "kam/node.h"
#include "kam/rules.h"

/* The documents the user named. */
typedef struct selection {
	kam_entry *items;
	size_t count, alloc;
} selection;

/* The overlays of a run, their paths made absolute as the listing's are. */
typedef struct overlays {
	char **abs;
	const kam_overlay *items;
	size_t count;
} overlays;

/* One run over one repository. */
typedef struct run {
	const kam_repo *repo;
	const char *display_base;
	kam_index *index;
	kam_rules_context rules;
	kam_check_stats *stats;
	kam_plan_summary *plans;
	bool *report; /* per plan: whether its findings are reported */
	size_t plan_count, plan_alloc, report_alloc;
	kam_note_facts *facts; /* meeting notes' open actions, for the rules and health */
	size_t facts_count, facts_alloc;
	overlays overlays; /* documents read from memory, not from the files */
	struct kam_doc_cache *keep; /* kam_check_options' plans_cache */
} run;

/* What checking one document produced. */
typedef struct job {
	const kam_entry *entry;
	bool report;
	kam_diag_list diags;
	kam_index *part;
	kam_plan_summary summary;
	bool has_summary;
	kam_note_facts facts; /* a meeting note's open actions */
	bool has_facts;
	size_t plans, documents;
} job;

/* A file named twice (or by a file and its folder) is checked once. */
void check_drop_repeats(selection *s);
/* A path the user named: a folder selects the documents below it. */
int check_select_path(const kam_repo *repo, const char *path, const kam_entry *all, size_t n,
		      const overlays *o, selection *s, kam_error *err);
int check_by_path(const void *a, const void *b); /* qsort on char * */

void check_overlays_init(overlays *o, const kam_overlay *items, size_t count);
void check_overlays_release(overlays *o);
/* The overlay standing for the file at abs, or NULL. */
const kam_overlay *check_overlay_for(const overlays *o, const char *abs);

/* Read, parse, validate and collect one document (j->entry), its text kept
 * in arena (NULL: an arena of its own). Touches nothing shared. */
void check_entry(const run *r, job *j, kam_arena *arena);
void check_count_fatal(const kam_diag_list *local, kam_check_stats *stats);
void check_add_summary(run *r, const kam_plan_summary *s, bool report);
void check_release_run(run *r);

/* Drop the findings from first on that say again what another at the same
 * place says. */
void check_drop_restated(kam_diag_list *diags, size_t first);
/* Two plans claiming one account id: the one named after it keeps it. */
void check_mark_duplicates(kam_plan_summary *plans, size_t count);
/* The plans kam could not read, for kam_check_options.unread. */
void check_list_unread(const kam_index *x, kam_unread_plan **out, size_t *count);

#endif
