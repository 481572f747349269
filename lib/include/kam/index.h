/* kam/index.h - every id and every reference of a repository.
 *
 * Documents are added one at a time while their trees are alive (schema
 * validation, ids and references collected in one walk, body links and
 * heading anchors from cmark-gfm); the trees can then be freed and
 * kam_index_resolve works on the compact index alone. Which fields declare
 * ids and which are references comes from the schema (x-kam-id, x-kam-ref),
 * never from C. */
#ifndef KAM_INDEX_H
#define KAM_INDEX_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/quarter.h"
#include "kam/doc.h"
#include "kam/repo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Something with an id: an account, a contact, a team member, ... */
typedef struct kam_entity {
	const char *account; /* the account it belongs to; NULL for team members */
	const char *ns;      /* namespace: "account", "team", "contact", ... */
	const char *id;
	const char *name;    /* its name, title or text, or NULL */
	const char *file;    /* where it is declared, as shown to the user */
	unsigned line, column;
	uint32_t doc;        /* the document's number, or KAM_DOC_NONE for kam.yaml */
	bool pooled;         /* declared by an "id" key: unique across kinds */
	bool unread;         /* stands for a plan kam could not read: known by its file name
				only, nothing inside it can be checked */
	const char *path;    /* the data path of its mapping ("contacts[2]"; "" for an account) */
	const char *type;    /* the mapping's "type" (an account's customer/partner...), or NULL */
} kam_entity;            /* (72 bytes: half a million of them at 10,000 plans) */

#define KAM_DOC_NONE UINT32_MAX /* an entity's doc when kam.yaml declares it */

typedef enum {
	KAM_REF_FIELD, /* a frontmatter value the schema marks x-kam-ref */
	KAM_REF_WIKI,  /* [[account#entity]], [[#entity]], [[@member]] in a body */
	KAM_REF_LINK   /* a relative Markdown link [text](file.md#anchor) */
} kam_ref_kind;

typedef struct kam_ref {
	const char *field;        /* data path for fields ("opportunities[0].owner"), else NULL */
	const char *text;         /* as written */
	const kam_entity *target; /* what it names, once resolved; NULL if nothing */
	const char *target_path;  /* links: the repository-relative file it lands on */
	uint32_t doc;             /* the document it is in (kam_index_doc_file, _account) */
	unsigned line, column;
	unsigned char kind;       /* a kam_ref_kind; small: there are millions of references */
	bool broken;
	bool unchecked;           /* it points into a plan kam could not read: neither right
				     nor wrong (target is that plan, or NULL) */
} kam_ref;

/* A time someone was met or spoken with: an attendee of a meeting note
 * (kind "meeting"), or a contact of a plan's touches (their kind). */
typedef struct kam_touch {
	const char *account; /* the document's account */
	const char *id;      /* the contact (or team member) as written */
	const char *kind;    /* a name of kam_touch_kinds */
	kam_date date;
	uint32_t doc;        /* the document it is written in */
} kam_touch;

typedef struct kam_index kam_index;

/* An index of repo's documents; free with kam_index_free. */
kam_index *kam_index_new(const kam_repo *repo);
void kam_index_free(kam_index *index); /* NULL accepted */

/* Validate doc (the entry e, shown as file) against schema and add its ids,
 * references and anchors. Diagnostics go to diags. report: whether the
 * problems of this document are to be reported by kam_index_resolve. */
void kam_index_add(kam_index *index, const kam_entry *e, const char *file, const kam_doc *doc,
		   const kam_schema *schema, bool report, kam_diag_list *diags);

/* kam_index_add in two steps, so that documents can be collected on
 * several threads: collect builds a one-document index of its own (safe to
 * call concurrently for different documents, the repository being read
 * only); merge appends it to index, in the order the documents should have,
 * and frees it. The part keeps its text in arena (one per thread, handed
 * to the index with kam_index_adopt once merged), or with arena NULL in an
 * arena of its own that merge hands over. */
kam_index *kam_index_collect(const kam_repo *repo, kam_arena *arena, const kam_entry *e,
			     const char *file, const kam_doc *doc, const kam_schema *schema,
			     bool report, kam_diag_list *diags);
void kam_index_merge(kam_index *index, kam_index *part);
/* (doc may be NULL for a file that could not be read at all.) */
/* Mark the document of part (one just collected) as one kam could not
 * read, for the reason given ("yaml-syntax at 6:18"). A plan stands as an
 * account under its file name, so that references to it, or into it, are
 * not reported as errors of the files that make them. */
void kam_index_mark_unread(kam_index *part, const char *reason);
/* A plan that was read but declares no usable id (its id: line deleted or
 * not text): it stands as the account of its file name, with the name and
 * type it gives (NULL accepted), so that the plans naming it are right. */
void kam_index_ensure_account(kam_index *part, const char *name, const char *type);
/* For a run that wants only the findings (kam check): each document's
 * references are resolved as it is merged, and those that resolve for good
 * (to a contact of their own plan, a team member, ...: the first entity in
 * document order, which no later document changes) are not kept, so the
 * index grows with what stays open, not with every reference. The
 * findings are the same; kam_index_refs lists only the references kept
 * (links, fields naming an account, and those not resolved at merge).
 * Call on a new index, before the first merge; not for kam_index_replace. */
void kam_index_forget_settled(kam_index *index);
/* The index frees arena with itself. */
void kam_index_adopt(kam_index *index, kam_arena *arena);

/* Resolve every reference and link; report unresolved references, broken
 * links, missing anchors, duplicate ids and ids that differ from their file
 * name, for the documents added with report set. */
void kam_index_resolve(kam_index *index, kam_diag_list *diags);

/* kam_index_resolve in its two parts: resolving every reference (and
 * reporting the broken ones), and reporting what the declarations alone
 * say (duplicate ids, ids that differ from their file name, documents in
 * the folder of no account). */
void kam_index_resolve_references(kam_index *index, kam_diag_list *diags);
void kam_index_report_declarations(kam_index *index, kam_diag_list *diags);

/* Whether part (one document just collected) declares exactly what the
 * document doc of index (resolved) declares: the same ids in the same
 * order with the same names and types, the same heading anchors and as
 * many touches. Then what every other document resolved to is unchanged,
 * and kam_index_replace may swap it in. */
bool kam_index_same_declarations(const kam_index *index, size_t doc, const kam_index *part);
/* Swap the document doc's collected contents for part's (which
 * kam_index_same_declarations accepted), resolve its references again and
 * report the broken ones to diags when doc is reported. part is consumed.
 * Returns whether its ids moved (lines added or removed above them): what
 * kam_index_report_declarations says may then quote other lines. A
 * document's text from before its first replacement stays (it shares an
 * arena with other documents); each later version is freed when the next
 * replaces it, so memory does not grow with edits. */
bool kam_index_replace(kam_index *index, size_t doc, kam_index *part, kam_diag_list *diags);

/* The entities and references, in the order they were added (resolved
 * after kam_index_resolve). Owned by the index. */
const kam_entity *kam_index_entities(const kam_index *index, size_t *count);
const kam_ref *kam_index_refs(const kam_index *index, size_t *count);
/* Every touch, sorted by account, id and date (valid after resolve). */
const kam_touch *kam_index_touches(const kam_index *index, size_t *count);
/* The latest touch of account#id on or before today, or NULL: when that
 * person was last met. */
const kam_touch *kam_index_last_met(const kam_index *index, const char *account, const char *id,
				    kam_date today);
/* The entity account#id (id NULL: the account itself), or NULL. */
const kam_entity *kam_index_find(const kam_index *index, const char *account, const char *id);
/* The entity a reference is written in: the one whose mapping holds it
 * (contacts[2].owner -> that contact), else the document's account. */
const kam_entity *kam_index_ref_source(const kam_index *index, const kam_ref *ref);
/* The account a document belongs to, its path relative to the root, and
 * its name as shown to the user. */
const char *kam_index_doc_account(const kam_index *index, size_t doc);
const char *kam_index_doc_path(const kam_index *index, size_t doc);
const char *kam_index_doc_file(const kam_index *index, size_t doc);
/* The reason a plan could not be read (see kam_index_mark_unread), or
 * NULL for a document that was read. */
const char *kam_index_doc_unread(const kam_index *index, size_t doc);
/* Whether the document's problems are reported (it was selected). */
bool kam_index_doc_reported(const kam_index *index, size_t doc);
size_t kam_index_doc_count(const kam_index *index);
bool kam_index_doc_is_plan(const kam_index *index, size_t doc);

/* Whether a reported document depends on the unread plan doc: refers to
 * it or into it, or lives in its account's folder. Valid after resolve. */
bool kam_index_doc_depended_on(const kam_index *index, size_t doc);

#ifdef __cplusplus
}
#endif

#endif
