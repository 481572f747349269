/* The quarter's forecast: what each plan's deals add up to, per account,
 * owner or tier, per currency. What is summed is said in kam/forecast.h. */
#define _DEFAULT_SOURCE
#include "kam/forecast.h"

#include <stdlib.h>
#include <string.h>

#include "kam/doc.h"
#include "kam/rules.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* a deal's probability and category                                   */

bool kam_stage_probability_range(const kam_config *config, kam_stage stage, double range[2])
{
	static const double defaults[KAM_STAGE_WON][2] = {
	    [KAM_STAGE_IDENTIFY] = {0, 20},   [KAM_STAGE_VALIDATE] = {10, 40},
	    [KAM_STAGE_QUALIFY] = {20, 60},   [KAM_STAGE_PROPOSE] = {40, 80},
	    [KAM_STAGE_NEGOTIATE] = {60, 95},
	};
	if ((int)stage < 0 || stage >= KAM_STAGE_WON)
		return false;
	range[0] = defaults[stage][0];
	range[1] = defaults[stage][1];
	const kam_node *settings =
	    config ? kam_node_get(config->stages, kam_stage_name(stage)) : NULL;
	const kam_node *given = kam_node_get(settings, "probability");
	if (given && given->kind == KAM_NODE_SEQ && given->count == 2 &&
	    given->items[0]->kind == KAM_NODE_NUMBER && given->items[1]->kind == KAM_NODE_NUMBER) {
		range[0] = given->items[0]->number;
		range[1] = given->items[1]->number;
	}
	return true;
}

double kam_opportunity_probability(const kam_config *config, const kam_opportunity_view *o)
{
	if (o->stage == KAM_STAGE_WON)
		return 100;
	if (o->stage == KAM_STAGE_LOST)
		return 0;
	if (o->has_probability)
		return o->probability;
	double range[2];
	return kam_stage_probability_range(config, o->stage, range) ? (range[0] + range[1]) / 2 : 0;
}

kam_forecast kam_opportunity_forecast(const kam_config *config, const kam_opportunity_view *o)
{
	if (o->forecast != KAM_FORECAST_UNKNOWN)
		return o->forecast;
	if (o->stage == KAM_STAGE_UNKNOWN || kam_stage_closed(o->stage))
		return KAM_FORECAST_PIPELINE;
	const kam_node *settings =
	    config ? kam_node_get(config->stages, kam_stage_name(o->stage)) : NULL;
	kam_forecast given =
	    kam_forecast_parse(kam_node_string(kam_node_get(settings, "forecast")));
	if (given != KAM_FORECAST_UNKNOWN)
		return given;
	if (o->stage == KAM_STAGE_NEGOTIATE)
		return KAM_FORECAST_COMMIT;
	return o->stage == KAM_STAGE_PROPOSE ? KAM_FORECAST_BEST_CASE : KAM_FORECAST_PIPELINE;
}

bool kam_opportunity_is_renewal(const kam_opportunity_view *o)
{
	return o->type == KAM_DEAL_RENEWAL || o->renews;
}

const char *kam_forecast_by_name(kam_forecast_by by)
{
	static const char *const names[] = {"account", "owner", "tier"};
	return (unsigned)by < 3 ? names[by] : NULL;
}

bool kam_forecast_gap(const kam_forecast_sums *s, double *gap)
{
	if (!s->has_target)
		return false;
	*gap = s->target - s->won - s->commit;
	return true;
}

bool kam_forecast_coverage(const kam_forecast_sums *s, double *coverage, bool *met)
{
	double gap;
	*met = false;
	if (!kam_forecast_gap(s, &gap))
		return false;
	if (gap <= 0) {
		*met = true;
		return false;
	}
	*coverage = (s->pipeline - s->commit) / gap;
	return true;
}

/* ------------------------------------------------------------------ */
/* collecting                                                          */

typedef struct plan_rec {
	char *account, *owner, *tier, *currency;
	bool partner; /* type: partner */
	bool has_target;
	double target;
} plan_rec;

typedef struct deal_rec {
	size_t plan;
	char *id, *partner;
	bool won;
	kam_forecast category; /* of an open deal */
	double value, probability;
	bool renewal;
} deal_rec;

struct kam_forecast_report {
	const kam_config *config;
	kam_quarter quarter;
	kam_forecast_by by;
	plan_rec *plans;
	size_t plan_count, plan_alloc;
	deal_rec *deals;
	size_t deal_count, deal_alloc;
	kam_forecast_group *groups;
	size_t group_count;
	kam_forecast_skip *skips;
	size_t skip_count, skip_alloc;
};

kam_forecast_report *kam_forecast_new(const kam_config *config, kam_quarter q, kam_forecast_by by)
{
	kam_forecast_report *f = kam_xcalloc(1, sizeof(*f));
	f->config = config;
	f->quarter = q;
	f->by = by;
	return f;
}

static char *dup_or_null(const char *s)
{
	return s ? kam_xstrdup(s) : NULL;
}

static void release_sums_rows(kam_forecast_group *g)
{
	for (size_t i = 0; i < g->count; i++)
		free(g->rows[i].name);
	free(g->rows);
	free(g->currency);
}

void kam_forecast_free(kam_forecast_report *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->plan_count; i++) {
		free(f->plans[i].account);
		free(f->plans[i].owner);
		free(f->plans[i].tier);
		free(f->plans[i].currency);
	}
	for (size_t i = 0; i < f->deal_count; i++) {
		free(f->deals[i].id);
		free(f->deals[i].partner);
	}
	for (size_t i = 0; i < f->group_count; i++)
		release_sums_rows(&f->groups[i]);
	for (size_t i = 0; i < f->skip_count; i++) {
		free(f->skips[i].account);
		free(f->skips[i].deal);
		free(f->skips[i].counted_in);
	}
	free(f->plans);
	free(f->deals);
	free(f->groups);
	free(f->skips);
	free(f);
}

/* The target of the quarter: the first revenue row for it (a second one is
 * revenue-duplicate's finding). */
static void read_target(plan_rec *p, const kam_node *plan, const char *quarter)
{
	const kam_node *rows = kam_node_get(plan, "revenue");
	for (size_t i = 0; rows && rows->kind == KAM_NODE_SEQ && i < rows->count; i++) {
		const kam_node *row = rows->items[i];
		const char *q = kam_node_string(kam_node_get(row, "quarter"));
		if (!q || strcmp(q, quarter) != 0)
			continue;
		const kam_node *target = kam_node_get(row, "target");
		if (target && target->kind == KAM_NODE_NUMBER) {
			p->has_target = true;
			p->target = target->number;
		}
		return;
	}
}

static void add_deal(kam_forecast_report *f, const kam_opportunity_view *o)
{
	kam_quarter close;
	if (!kam_quarter_parse(o->close, &close) || kam_quarter_compare(close, f->quarter) != 0 ||
	    o->stage == KAM_STAGE_LOST)
		return;
	f->deals = kam_grow(f->deals, &f->deal_alloc, f->deal_count + 1, sizeof(*f->deals));
	deal_rec *d = &f->deals[f->deal_count++];
	*d = (deal_rec){.plan = f->plan_count - 1,
			.id = dup_or_null(o->id),
			.partner = dup_or_null(o->partner),
			.won = o->stage == KAM_STAGE_WON,
			.value = o->value,
			.renewal = kam_opportunity_is_renewal(o)};
	d->category = kam_opportunity_forecast(f->config, o);
	d->probability = kam_opportunity_probability(f->config, o);
}

void kam_forecast_add_plan(kam_forecast_report *f, const kam_node *plan, const char *account)
{
	kam_account_view a;
	kam_account_view_read(&a, plan);
	f->plans = kam_grow(f->plans, &f->plan_alloc, f->plan_count + 1, sizeof(*f->plans));
	plan_rec *p = &f->plans[f->plan_count++];
	*p = (plan_rec){.account = kam_xstrdup(account),
			.owner = dup_or_null(a.owner),
			.tier = dup_or_null(a.tier_text),
			.currency = kam_xstrdup(a.currency ? a.currency : f->config->currency),
			.partner = a.type && strcmp(a.type, "partner") == 0};
	char quarter[8];
	kam_quarter_format(f->quarter, quarter);
	read_target(p, plan, quarter);
	const kam_node *opps = kam_node_get(plan, "opportunities");
	for (size_t i = 0; opps && opps->kind == KAM_NODE_SEQ && i < opps->count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		add_deal(f, &o);
	}
}

/* ------------------------------------------------------------------ */
/* summing                                                             */

static void add_to(kam_forecast_sums *s, const deal_rec *d)
{
	if (!d->won && d->category == KAM_FORECAST_OMITTED) {
		s->omitted += d->value;
		return;
	}
	s->deals++;
	s->renewals += d->renewal ? d->value : 0;
	if (d->won) {
		s->won += d->value;
		return;
	}
	s->pipeline += d->value;
	s->weighted += d->value * d->probability / 100;
	if (d->category == KAM_FORECAST_COMMIT)
		s->commit += d->value;
	if (d->category == KAM_FORECAST_COMMIT || d->category == KAM_FORECAST_BEST_CASE)
		s->best_case += d->value;
}

static void add_target(kam_forecast_sums *s, const plan_rec *p)
{
	s->accounts++;
	if (p->has_target) {
		s->has_target = true;
		s->target += p->target;
	}
}

/* "partner\nid": a deal routed through a partner, by the partner's id. */
static char *route_key(const char *partner, const char *id)
{
	return kam_xprintf("%s\n%s", partner, id);
}

/* Partner plans' deals that a client's plan already routes through them. */
static bool *find_skips(kam_forecast_report *f)
{
	bool *skip = kam_xcalloc(f->deal_count + 1, sizeof(bool));
	kam_text_table routed = {0};
	char **keys = kam_xcalloc(f->deal_count + 1, sizeof(char *));
	for (size_t i = 0; i < f->deal_count; i++) {
		const deal_rec *d = &f->deals[i];
		if (!d->partner || !d->id || strcmp(d->partner, f->plans[d->plan].account) == 0)
			continue;
		keys[i] = route_key(d->partner, d->id);
		kam_text_table_put(&routed, keys[i], strlen(keys[i]), i);
	}
	for (size_t i = 0; i < f->deal_count; i++) {
		const deal_rec *d = &f->deals[i];
		size_t by;
		if (!f->plans[d->plan].partner || !d->id)
			continue;
		char *key = route_key(f->plans[d->plan].account, d->id);
		if (kam_text_table_get(&routed, key, strlen(key), &by)) {
			skip[i] = true;
			f->skips = kam_grow(f->skips, &f->skip_alloc, f->skip_count + 1,
					    sizeof(*f->skips));
			f->skips[f->skip_count++] = (kam_forecast_skip){
			    kam_xstrdup(f->plans[d->plan].account), kam_xstrdup(d->id),
			    kam_xstrdup(f->plans[f->deals[by].plan].account)};
		}
		free(key);
	}
	kam_text_table_release(&routed);
	for (size_t i = 0; i < f->deal_count; i++)
		free(keys[i]);
	free(keys);
	return skip;
}

static const char *row_name(const kam_forecast_report *f, const plan_rec *p)
{
	switch (f->by) {
	case KAM_FORECAST_BY_OWNER: return p->owner;
	case KAM_FORECAST_BY_TIER: return p->tier;
	default: return p->account;
	}
}

static kam_forecast_group *group_of(kam_forecast_report *f, const char *currency)
{
	for (size_t i = 0; i < f->group_count; i++)
		if (strcmp(f->groups[i].currency, currency) == 0)
			return &f->groups[i];
	f->groups = kam_xrealloc(f->groups, (f->group_count + 1) * sizeof(*f->groups));
	kam_forecast_group *g = &f->groups[f->group_count++];
	*g = (kam_forecast_group){.currency = kam_xstrdup(currency)};
	return g;
}

static bool same_name(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The row of plan p, made on first use. Rows per group are few (accounts
 * of one currency at most), found through a table keyed by name. */
static size_t row_of(kam_forecast_report *f, const plan_rec *p, kam_text_table *tables)
{
	kam_forecast_group *g = group_of(f, p->currency);
	kam_text_table *t = &tables[g - f->groups];
	const char *name = row_name(f, p);
	size_t at;
	if (name && kam_text_table_get(t, name, strlen(name), &at))
		return at;
	for (size_t i = 0; !name && i < g->count; i++)
		if (same_name(g->rows[i].name, NULL))
			return i;
	g->rows = kam_xrealloc(g->rows, (g->count + 1) * sizeof(*g->rows));
	g->rows[g->count] = (kam_forecast_row){.name = dup_or_null(name)};
	if (name)
		kam_text_table_put(t, g->rows[g->count].name, strlen(name), g->count);
	return g->count++;
}

/* Rows sort by rank, then name: a tier's place in kam.yaml's list, no
 * owner or no tier last. */
static int row_rank(const kam_forecast_report *f, const char *name)
{
	const kam_config *c = f->config;
	if (f->by == KAM_FORECAST_BY_TIER)
		return name ? kam_tier_rank_in(c->tiers, c->tier_count, name)
			    : (int)c->tier_count + 1;
	return name ? 0 : 1;
}

static int by_row(const void *a, const void *b)
{
	const kam_forecast_row *x = a, *y = b;
	int c = x->rank - y->rank;
	if (c || !x->name || !y->name)
		return c;
	return strcmp(x->name, y->name);
}

/* kam.yaml's currency first, then by code */
static int by_currency(const void *a, const void *b)
{
	const kam_forecast_group *x = a, *y = b;
	if (x->home != y->home)
		return x->home ? -1 : 1;
	return strcmp(x->currency, y->currency);
}

static void add_totals(kam_forecast_sums *t, const kam_forecast_sums *s)
{
	t->has_target = t->has_target || s->has_target;
	t->target += s->target;
	t->won += s->won;
	t->commit += s->commit;
	t->best_case += s->best_case;
	t->pipeline += s->pipeline;
	t->weighted += s->weighted;
	t->omitted += s->omitted;
	t->renewals += s->renewals;
	t->deals += s->deals;
	t->accounts += s->accounts;
}

void kam_forecast_finish(kam_forecast_report *f)
{
	bool *skip = find_skips(f);
	/* one table per currency; plans rarely have more than a few currencies */
	kam_text_table *tables = kam_xcalloc(f->plan_count + 1, sizeof(*tables));
	size_t *row = kam_xcalloc(f->plan_count + 1, sizeof(size_t));
	size_t *group = kam_xcalloc(f->plan_count + 1, sizeof(size_t));
	for (size_t i = 0; i < f->plan_count; i++) {
		row[i] = row_of(f, &f->plans[i], tables);
		group[i] = (size_t)(group_of(f, f->plans[i].currency) - f->groups);
		add_target(&f->groups[group[i]].rows[row[i]].sums, &f->plans[i]);
	}
	for (size_t i = 0; i < f->deal_count; i++)
		if (!skip[i]) {
			size_t p = f->deals[i].plan;
			add_to(&f->groups[group[p]].rows[row[p]].sums, &f->deals[i]);
		}
	for (size_t g = 0; g < f->plan_count; g++)
		kam_text_table_release(&tables[g]);
	free(tables);
	free(row);
	free(group);
	free(skip);
	for (size_t g = 0; g < f->group_count; g++) {
		kam_forecast_group *grp = &f->groups[g];
		grp->home = strcmp(grp->currency, f->config->currency) == 0;
		for (size_t i = 0; i < grp->count; i++)
			grp->rows[i].rank = row_rank(f, grp->rows[i].name);
		qsort(grp->rows, grp->count, sizeof(*grp->rows), by_row);
		for (size_t i = 0; i < grp->count; i++)
			add_totals(&grp->total, &grp->rows[i].sums);
	}
	if (f->group_count > 1)
		qsort(f->groups, f->group_count, sizeof(*f->groups), by_currency);
}

kam_quarter kam_forecast_quarter(const kam_forecast_report *f)
{
	return f->quarter;
}

kam_forecast_by kam_forecast_grouping(const kam_forecast_report *f)
{
	return f->by;
}

const kam_forecast_group *kam_forecast_groups(const kam_forecast_report *f, size_t *count)
{
	*count = f->group_count;
	return f->groups;
}

const kam_forecast_skip *kam_forecast_skips(const kam_forecast_report *f, size_t *count)
{
	*count = f->skip_count;
	return f->skips;
}

void kam_forecast_plan_sums(const kam_config *config, kam_quarter q, const kam_node *plan,
			    kam_forecast_sums *out)
{
	kam_forecast_report *f = kam_forecast_new(config, q, KAM_FORECAST_BY_ACCOUNT);
	kam_forecast_add_plan(f, plan, "");
	kam_forecast_finish(f);
	*out = f->group_count ? f->groups[0].total : (kam_forecast_sums){0};
	kam_forecast_free(f);
}

/* ------------------------------------------------------------------ */
/* loading a repository                                                */

void kam_forecast_duplicates_free(kam_forecast_duplicate *d, size_t count)
{
	for (size_t i = 0; d && i < count; i++) {
		free(d[i].file);
		free(d[i].account);
	}
	free(d);
}

/* The plans to count, by file; the duplicates to name. */
static void sort_out(const kam_plan_summary *plans, size_t count, kam_text_table *counted,
		     kam_forecast_duplicate **dups, size_t *dup_count)
{
	*dups = NULL;
	*dup_count = 0;
	for (size_t i = 0; i < count; i++) {
		if (plans[i].duplicate) {
			*dups = kam_xrealloc(*dups, (*dup_count + 1) * sizeof(**dups));
			(*dups)[(*dup_count)++] = (kam_forecast_duplicate){
			    kam_xstrdup(plans[i].file),
			    kam_xstrdup(plans[i].account ? plans[i].account : "")};
		} else if (plans[i].account && plans[i].file)
			kam_text_table_put(counted, plans[i].file, strlen(plans[i].file), i);
	}
}

int kam_forecast_load(kam_forecast_report **out, const kam_repo *repo, const char *today,
		      const kam_quarter *q, kam_forecast_by by, const char *display_base,
		      kam_unread_plan **unread, size_t *unread_count, kam_forecast_duplicate **dups,
		      size_t *dup_count, kam_error *err)
{
	const kam_config *config = kam_repo_config(repo);
	kam_plan_summary *plans = NULL;
	size_t count = 0, n = 0;
	kam_entry *entries = NULL;
	kam_diag_list diags = {0};
	kam_check_stats stats = {0};
	kam_check_options check = {.today = today, .summaries = &plans, .summary_count = &count, .unread = unread, .unread_count = unread_count};
	kam_text_table counted = {0};
	*out = NULL;
	*dups = NULL;
	*dup_count = 0;
	int rc = kam_check_paths(repo, NULL, 0, display_base, &check, &diags, &stats, err);
	if (rc >= 0)
		rc = kam_repo_list(repo, &entries, &n, err);
	if (rc < 0)
		goto done;
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, config, today);
	*out = kam_forecast_new(config, q ? *q : ctx.quarter, by);
	sort_out(plans, count, &counted, dups, dup_count);
	for (size_t i = 0; i < n; i++) {
		char *file = display_base ? kam_path_relative(entries[i].path, display_base)
					  : kam_xstrdup(entries[i].rel);
		size_t at;
		if (entries[i].is_plan && kam_text_table_get(&counted, file, strlen(file), &at)) {
			kam_doc *doc = NULL;
			kam_diag_list ignored = {0};
			kam_doc_read(&doc, kam_repo_files(repo), entries[i].rel, file, NULL,
				     &ignored);
			const kam_node *fm = kam_doc_frontmatter(doc);
			if (fm && fm->kind == KAM_NODE_MAP)
				kam_forecast_add_plan(*out, fm, plans[at].account);
			kam_doc_free(doc);
			kam_diag_list_release(&ignored);
		}
		free(file);
	}
	kam_forecast_finish(*out);
done:
	kam_text_table_release(&counted);
	kam_entries_free(entries, n);
	for (size_t i = 0; i < count; i++)
		kam_plan_summary_release(&plans[i]);
	free(plans);
	kam_diag_list_release(&diags);
	return rc < 0 ? rc : 0;
}
