/* Contracts and renewals: notice dates, the deal that renews a contract,
 * the next renewal of a plan, and the renewal-uncovered rule. */
#include "kam/contracts.h"

#include <string.h>

#include "contracts_rule.h"
#include "banned.h"

bool kam_contract_dates(const kam_contract_view *contract, kam_date *end, kam_date *notice)
{
	if (!kam_date_parse(contract->end, end))
		return false;
	int months = contract->notice_months > 0 ? contract->notice_months : 0;
	*notice = kam_date_add_months(*end, -months);
	return true;
}

const char *kam_contract_renewed_by(const kam_node *plan, const char *contract)
{
	const kam_node *opps = kam_node_seq_at(plan, "opportunities");
	for (size_t i = 0; contract && opps && i < opps->count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (o.renews && strcmp(o.renews, contract) == 0 && o.stage != KAM_STAGE_LOST)
			return o.id ? o.id : "";
	}
	return NULL;
}

/* Whether renewal a comes before b: earlier notice, then earlier end. */
static bool sooner(const kam_renewal *a, const kam_renewal *b)
{
	int c = kam_date_compare(a->notice, b->notice);
	return c < 0 || (c == 0 && kam_date_compare(a->end, b->end) < 0);
}

bool kam_next_renewal(const kam_node *plan, kam_date today, kam_renewal *out)
{
	const kam_node *contracts = kam_node_seq_at(plan, "contracts");
	bool found = false;
	for (size_t i = 0; contracts && i < contracts->count; i++) {
		kam_renewal r = {0};
		kam_contract_view_read(&r.contract, contracts->items[i]);
		if (!kam_contract_dates(&r.contract, &r.end, &r.notice) ||
		    kam_date_compare(r.end, today) < 0)
			continue;
		if (!found || sooner(&r, out)) {
			*out = r;
			found = true;
		}
	}
	if (found)
		out->renewed_by = kam_contract_renewed_by(plan, out->contract.id);
	return found;
}

static long quarters_option(const kam_config *config)
{
	const kam_node *n =
	    kam_node_get(config->rule_options[KAM_RULE_RENEWAL_UNCOVERED], "quarters");
	return n && kam_node_is_integer(n) && n->number >= 1 && n->number <= 40 ? (long)n->number
										: 2;
}

static void report_uncovered(const kam_contract_view *c, kam_date end, kam_date notice,
			     const char *file, kam_diag_list *diags)
{
	char end_text[11], notice_text[11];
	kam_date_format(end, end_text);
	kam_date_format(notice, notice_text);
	const kam_node *at = kam_node_get(c->node, "end");
	kam_diag *d = kam_diag_push(diags, KAM_RULE_RENEWAL_UNCOVERED, file, at->line, at->column,
				    "contract '%s' ends %s (notice by %s) and no deal renews it",
				    c->id ? c->id : "", end_text, notice_text);
	kam_diag_set_hint(d,
			  "open a renewal deal with renews: %s (or set auto_renew: true if it "
			  "renews unless notice is given)",
			  c->id ? c->id : "ID");
}

kam_date kam_renewal_horizon(const kam_config *config, kam_date today)
{
	return kam_date_add_months(today, (int)(3 * quarters_option(config)));
}

void kam_rule_renewal_uncovered(const kam_rules_context *ctx, const kam_node *plan,
				const char *file, kam_diag_list *diags)
{
	const kam_node *contracts = kam_node_seq_at(plan, "contracts");
	kam_date horizon = kam_renewal_horizon(ctx->config, ctx->today);
	for (size_t i = 0; contracts && i < contracts->count; i++) {
		kam_contract_view c;
		kam_date end, notice;
		kam_contract_view_read(&c, contracts->items[i]);
		if (!kam_contract_dates(&c, &end, &notice) || c.auto_renew ||
		    kam_date_compare(end, ctx->today) < 0 ||
		    kam_date_compare(notice, horizon) > 0 || kam_contract_renewed_by(plan, c.id))
			continue;
		report_uncovered(&c, end, notice, file, diags);
	}
}
