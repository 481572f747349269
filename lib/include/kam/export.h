/* kam/export.h - the plans as tables for a spreadsheet or a CRM
 * (kam export, issue 17): one row per opportunity, contact, action,
 * revenue row or contract of every plan, written as CSV (kam/csv.h).
 *
 * Each table starts with the account (its file name without .md, as kam
 * names accounts everywhere) and the account's x-crm-id, then the entity's
 * fields in a fixed order (kam_export_columns; docs/cli.md lists them).
 * Plans come in file order, rows in the order the plan lists them. Vocabulary
 * words (stage, forecast, type, roles...) are written as plan.c's tables
 * spell them; a word that is not one of them gives an empty cell, as does a
 * field of the wrong type (kam check reports both). Thread-safe. */
#ifndef KAM_EXPORT_H
#define KAM_EXPORT_H

#include <stddef.h>

#include "kam/repo.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kam_export_kind {
	KAM_EXPORT_OPPORTUNITIES,
	KAM_EXPORT_CONTACTS,
	KAM_EXPORT_ACTIONS,
	KAM_EXPORT_REVENUE,
	KAM_EXPORT_CONTRACTS,
	KAM_EXPORT_UNKNOWN /* not a kind; also their number */
} kam_export_kind;

/* The kind named text ("contacts"); KAM_EXPORT_UNKNOWN for NULL or other text. */
kam_export_kind kam_export_kind_parse(const char *text);
/* The kind's name; NULL for KAM_EXPORT_UNKNOWN. */
const char *kam_export_kind_name(kam_export_kind kind);
/* The header of kind's table, in order (static strings); *count gets
 * their number (0 and NULL for an unknown kind). */
const char *const *kam_export_columns(kam_export_kind kind, size_t *count);

/* A document whose rows are missing because kam could not read it. */
typedef struct kam_export_unread {
	char *file;	       /* relative to the repository's root */
	unsigned line, column; /* of the first finding; 0 when it has none */
	char *why;	       /* "yaml-syntax: did not find expected key" */
} kam_export_unread;

void kam_export_unread_free(kam_export_unread *unread, size_t count); /* NULL accepted */

/* Append the CSV table of kind for every plan of repo to out (the header
 * row even when there are no rows). The actions table also holds the
 * actions of meeting notes, each after its account's plan. Documents kam
 * could not read are left out and listed in *unread (caller frees with
 * kam_export_unread_free), *unread_count of them. Fails only when the
 * accounts folder cannot be listed (KAM_EIO, KAM_ENOTFOUND: err says
 * why) or kind is unknown (KAM_EUSAGE); out is then unchanged. */
int kam_export_csv(kam_buf *out, kam_export_unread **unread, size_t *unread_count,
		   const kam_repo *repo, kam_export_kind kind, kam_error *err);

#ifdef __cplusplus
}
#endif

#endif
