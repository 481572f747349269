/* The renewal-uncovered rule (lib/contracts.c), run from lib/rules.c's
 * per-plan table. Internal to libkam. */
#ifndef KAM_CONTRACTS_RULE_H
#define KAM_CONTRACTS_RULE_H

#include "kam/diag.h"
#include "kam/node.h"
#include "kam/rules.h"

/* renewal-uncovered: a contract whose notice date falls within the next
 * `quarters` quarters (kam.yaml rules: renewal-uncovered: {quarters: N},
 * default 2; N quarters are 3N months from today), that has not ended,
 * does not renew automatically and that no open or won deal renews. The
 * finding is on the contract's end (or the contract). */
void kam_rule_renewal_uncovered(const kam_rules_context *ctx, const kam_node *plan,
				const char *file, kam_diag_list *diags);
/* The last notice date the rule watches from today: today + 3N months. */
kam_date kam_renewal_horizon(const kam_config *config, kam_date today);

#endif
