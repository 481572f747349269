/* kam/contracts.h - contracts and renewals (plan model v2, issue 17): when
 * a contract must be renewed, and whether a deal renews it.
 *
 * A contract's notice date is its end minus notice_months (its end when
 * notice_months is not given): the last day either side can still give
 * notice, so the day a renewal must be settled by. A contract is covered
 * when an opportunity of the plan that is open or won names it in renews:
 * (a lost one does not cover it). Everything here reads a plan's tree and
 * points into it: results live as long as the tree. Thread-safe. */
#ifndef KAM_CONTRACTS_H
#define KAM_CONTRACTS_H

#include <stdbool.h>

#include "kam/node.h"
#include "kam/plan.h"
#include "kam/quarter.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The end and the notice date of a contract: false when it has no valid
 * end date. */
bool kam_contract_dates(const kam_contract_view *contract, kam_date *end, kam_date *notice);

/* The id of the first opportunity of plan, open or won, whose renews:
 * names contract (an id); NULL when none does (or contract is NULL). */
const char *kam_contract_renewed_by(const kam_node *plan, const char *contract);

/* A contract that comes up for renewal. */
typedef struct kam_renewal {
	kam_contract_view contract; /* id, title, value, auto_renew, the node */
	kam_date end, notice;
	const char *renewed_by; /* the open or won deal that renews it, or NULL */
} kam_renewal;

/* The next renewal of a plan (its frontmatter, NULL accepted): of the
 * contracts that have not ended by today (end on or after today), the one
 * with the earliest notice date (then the earliest end, then plan order).
 * False when there is none. For `kam status` and the account page: copy
 * what you keep (the strings point into the tree). */
bool kam_next_renewal(const kam_node *plan, kam_date today, kam_renewal *out);

#ifdef __cplusplus
}
#endif

#endif
