/* kam/agenda.h - what comes due: across every plan and meeting note of a
 * repository, the open actions by due date, the plan reviews (reviewed:
 * plus one quarter, as the rule review-overdue counts), the relationship
 * steps and targets not yet reached (the end of their quarter), contract
 * notice dates (kam/contracts.h), open deals whose close quarter ends and
 * open goals whose quarter ends, in a window of days from today; what is
 * overdue (before today) whatever the window.
 *
 * Each item has an owner: its own (an action's, a contact's, a deal's or
 * a goal's owner:), else the account's. A file kam cannot read is left out
 * and listed, the rest is still read. */
#ifndef KAM_AGENDA_H
#define KAM_AGENDA_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/quarter.h"
#include "kam/repo.h"
#include "kam/util.h"

/* What an item is, in the order items of one day are listed. */
typedef enum kam_agenda_kind {
	KAM_AGENDA_ACTION, /* an open action's due date */
	KAM_AGENDA_REVIEW, /* the plan's next review: reviewed + 3 months */
	KAM_AGENDA_NOTICE, /* a contract's notice date */
	KAM_AGENDA_CLOSE,  /* an open deal's close quarter ends */
	KAM_AGENDA_GOAL,   /* an open goal's quarter ends */
	KAM_AGENDA_STEP,   /* a relationship step's quarter ends, level not reached */
	KAM_AGENDA_TARGET, /* a relationship target's quarter (by:) ends */
	KAM_AGENDA_KIND_COUNT
} kam_agenda_kind;

/* The word of a kind ("action", "notice"): 6 characters at most. */
const char *kam_agenda_kind_name(kam_agenda_kind kind);

/* One thing that comes due. Strings are owned by the agenda. */
typedef struct kam_agenda_item {
	kam_agenda_kind kind;
	kam_date date;
	bool overdue;		  /* date before today */
	const char *account;	  /* the account id (its plan's file stem) */
	const char *file;	  /* where it is written, relative to the root */
	unsigned line;		  /* 1-based */
	const char *id;		  /* the action, contract, deal, goal or contact id, or NULL */
	const char *what;	  /* one line: "Send the proposal", "c.mueller to level 3" */
	const char *detail;	  /* more, or NULL: "how: ...", "renewed by o-renew" */
	const char *owner;	  /* the team member it falls to, or NULL */
	const char *uid;	  /* the iCalendar UID (below) */
} kam_agenda_item;

/* A file kam could not read: where and why ("yaml-syntax"). */
typedef struct kam_agenda_unread {
	const char *file, *why;
	unsigned line, column; /* 0 when the problem has no position */
} kam_agenda_unread;

typedef struct kam_agenda_options {
	kam_date today;
	int days;	    /* the window: today to today + days, both included */
	const char *member; /* a team member id (no "@"), or NULL for everyone */
} kam_agenda_options;

enum { KAM_AGENDA_DEFAULT_DAYS = 30, KAM_AGENDA_MAX_DAYS = 3660 };

typedef struct kam_agenda kam_agenda;

/* Read every document of repo once and collect what comes due, sorted by
 * date (so overdue items first), then kind, account, id and position.
 * KAM_EINVALID when days is outside 0..KAM_AGENDA_MAX_DAYS; KAM_ENOTFOUND
 * when member is not in kam.yaml's team (err says so, with the closest
 * id; when the team list could not be read, any member is accepted);
 * KAM_EIO when the documents cannot be listed. The agenda keeps pointers
 * into repo's configuration: free it before the repository. */
int kam_agenda_build(kam_agenda **out, const kam_repo *repo, const kam_agenda_options *options,
		     kam_error *err);
void kam_agenda_free(kam_agenda *agenda); /* NULL accepted */
/* The agenda of one member, from an agenda of everyone (built with member
 * NULL): the items, order and UIDs kam_agenda_build gives for member,
 * without reading the documents again (the site writes one per member).
 * It points into all: free it first. */
kam_agenda *kam_agenda_of_member(const kam_agenda *all, const char *member);

const kam_agenda_item *kam_agenda_items(const kam_agenda *a, size_t *count);
const kam_agenda_unread *kam_agenda_unread_files(const kam_agenda *a, size_t *count);

/* The agenda as aligned text (80 columns; long values end in an
 * ellipsis), Markdown (every value through the Markdown writer) or an
 * iCalendar (kam/ics.h): one all-day VEVENT per item, with a UID made
 * from facts that stay when other items or plans change (the account, the
 * kind, its file and the item's id: "acme-action-5f0c3a1d2e4b6978@kam"), so a
 * calendar subscription updates an item instead of adding it again. */
void kam_agenda_text(kam_buf *out, const kam_agenda *a);
void kam_agenda_md(kam_buf *out, const kam_agenda *a);
void kam_agenda_ics(kam_buf *out, const kam_agenda *a);

#endif
