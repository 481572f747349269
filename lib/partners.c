/* What runs through a partner: the routed deals of each plan, kept in its
 * summary, and the pipeline of one partner made from the summaries. */
#include "kam/partners.h"

#include <stdlib.h>
#include <string.h>

#include "kam/node.h"
#include "kam/plan.h"
#include "kam/util.h"
#include "banned.h"

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* A deal runs through a partner other than the plan's own account (a
 * partner's own deal does not run through it: counted once, as the
 * forecast does). */
static bool routed(const kam_opportunity_view *o, const char *account)
{
	return o->open && o->partner && !same(o->partner, account);
}

static size_t text_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* s copied to *texts (advanced past it), or NULL. */
static char *put_text(char **texts, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *at = memcpy(*texts, s, n);
	*texts += n;
	return at;
}

/* The deals and their texts in one block (kam_routed_deals_free frees
 * it): a plan's summary keeps them, and five small allocations a deal were
 * a million at 10,000 plans. */
kam_routed_deal *kam_routed_deals_of_views(const kam_plan_views *views, const char *account,
					   size_t *count)
{
	size_t deals = views->opportunities ? views->opportunities->count : 0, n = 0, bytes = 0;
	for (size_t i = 0; i < deals; i++) {
		const kam_opportunity_view *o = &views->deals[i];
		if (!routed(o, account))
			continue;
		n++;
		bytes += text_size(o->partner) + text_size(o->id) + text_size(o->title) +
			 text_size(o->stage_text) + text_size(o->close);
	}
	*count = n;
	if (!n)
		return NULL;
	kam_routed_deal *out = kam_xmalloc(n * sizeof(*out) + bytes);
	char *texts = (char *)(out + n);
	for (size_t i = 0, k = 0; i < deals; i++) {
		const kam_opportunity_view *o = &views->deals[i];
		if (!routed(o, account))
			continue;
		out[k++] = (kam_routed_deal){.partner = put_text(&texts, o->partner),
					     .id = put_text(&texts, o->id),
					     .title = put_text(&texts, o->title),
					     .stage = o->stage,
					     .stage_text = put_text(&texts, o->stage_text),
					     .close = put_text(&texts, o->close),
					     .has_value = o->has_value,
					     .value = o->has_value ? o->value : 0,
					     .must_win = o->must_win};
	}
	return out;
}

kam_routed_deal *kam_routed_deals_read(const kam_node *plan, const char *account, size_t *count)
{
	kam_plan_views views;
	kam_plan_views_read(&views, plan);
	kam_routed_deal *out = kam_routed_deals_of_views(&views, account, count);
	kam_plan_views_release(&views);
	return out;
}

void kam_routed_deals_free(kam_routed_deal *deals, size_t count)
{
	(void)count; /* their texts are in the same block */
	free(deals);
}

void kam_money_sums_add(kam_money_sums *t, const char *currency, double amount)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->currency[i], currency) == 0) {
			t->amount[i] += amount;
			return;
		}
	t->currency = kam_xrealloc(t->currency, (t->count + 1) * sizeof(*t->currency));
	t->amount = kam_xrealloc(t->amount, (t->count + 1) * sizeof(*t->amount));
	t->currency[t->count] = currency;
	t->amount[t->count++] = amount;
}

void kam_money_sums_free(kam_money_sums *t)
{
	free(t->currency);
	free(t->amount);
}

static int by_account(const void *pa, const void *pb)
{
	const kam_routed_account *a = pa, *b = pb;
	int c = strcmp(a->plan->account ? a->plan->account : "",
		       b->plan->account ? b->plan->account : "");
	return c ? c : strcmp(a->plan->file, b->plan->file);
}

static void unseen(kam_partner_pipeline *p, const char *file, const char *why)
{
	p->unseen = kam_xrealloc(p->unseen, (p->unseen_count + 1) * sizeof(*p->unseen));
	p->unseen[p->unseen_count++] = (kam_unseen_plan){file, why};
}

/* The deals of one plan routed through partner, as an account of p. */
static void add_plan(kam_partner_pipeline *p, const kam_plan_summary *s, const char *partner,
		     size_t *alloc)
{
	kam_routed_account acc = {.plan = s};
	size_t deals_alloc = 0;
	const char *currency = s->currency ? s->currency : "";
	for (size_t i = 0; i < s->routed_count; i++) {
		const kam_routed_deal *d = &s->routed[i];
		if (!same(d->partner, partner))
			continue;
		acc.deals =
		    kam_grow(acc.deals, &deals_alloc, acc.deal_count + 1, sizeof(*acc.deals));
		acc.deals[acc.deal_count++] = d;
		kam_money_sums_add(&acc.sums, currency, d->value);
		kam_money_sums_add(&p->sums, currency, d->value);
	}
	if (!acc.deal_count)
		return;
	p->deal_count += acc.deal_count;
	p->accounts = kam_grow(p->accounts, alloc, p->account_count + 1, sizeof(*p->accounts));
	p->accounts[p->account_count++] = acc;
}

static bool routes_through(const kam_plan_summary *s, const char *partner)
{
	for (size_t i = 0; i < s->routed_count; i++)
		if (same(s->routed[i].partner, partner))
			return true;
	return false;
}

void kam_partner_pipeline_init(kam_partner_pipeline *out, const char *partner,
			       const kam_plan_summary *plans, size_t count,
			       const kam_unread_plan *unread, size_t unread_count)
{
	memset(out, 0, sizeof(*out));
	out->partner = partner;
	size_t alloc = 0;
	for (size_t i = 0; partner && i < count; i++)
		if (!plans[i].duplicate && !same(plans[i].account, partner))
			add_plan(out, &plans[i], partner, &alloc);
	if (out->account_count > 1)
		qsort(out->accounts, out->account_count, sizeof(*out->accounts), by_account);
	for (size_t i = 0; i < unread_count; i++)
		if (unread[i].is_plan &&
		    !same(unread[i].account, partner)) /* its own: said already */
			unseen(out, unread[i].file, unread[i].reason);
	for (size_t i = 0; i < count; i++)
		if (plans[i].duplicate && routes_through(&plans[i], partner))
			unseen(out, plans[i].file, NULL);
}

void kam_partner_pipeline_release(kam_partner_pipeline *p)
{
	for (size_t i = 0; i < p->account_count; i++) {
		free(p->accounts[i].deals);
		kam_money_sums_free(&p->accounts[i].sums);
	}
	free(p->accounts);
	kam_money_sums_free(&p->sums);
	free(p->unseen);
	memset(p, 0, sizeof(*p));
}

static kam_partner_pipeline *pipeline_of(kam_partner_pipelines *all, const char *partner,
					 size_t *at)
{
	if (!kam_text_table_get(&all->ids, partner, strlen(partner), at)) {
		*at = all->count;
		all->items = kam_grow(all->items, &all->alloc, *at + 1, sizeof(*all->items));
		all->account_alloc =
		    kam_xrealloc(all->account_alloc, all->alloc * sizeof(*all->account_alloc));
		memset(&all->items[*at], 0, sizeof(*all->items));
		all->items[*at].partner = partner;
		all->account_alloc[*at] = 0;
		all->count++;
		kam_text_table_put(&all->ids, partner, strlen(partner), *at);
	}
	return &all->items[*at];
}

/* Whether deal k is the first of its plan to name its partner. */
static bool first_naming(const kam_plan_summary *s, size_t k)
{
	for (size_t j = 0; j < k; j++)
		if (same(s->routed[j].partner, s->routed[k].partner))
			return false;
	return true;
}

/* The plans not seen: the unreadable ones first, then the duplicates the
 * pass found (already in p->unseen). */
static void finish(kam_partner_pipeline *p, const char *partner, const kam_unread_plan *unread,
		   size_t unread_count)
{
	kam_unseen_plan *dups = p->unseen;
	size_t dup_count = p->unseen_count;
	p->unseen = NULL;
	p->unseen_count = 0;
	for (size_t i = 0; i < unread_count; i++)
		if (unread[i].is_plan && !same(unread[i].account, partner))
			unseen(p, unread[i].file, unread[i].reason);
	for (size_t i = 0; i < dup_count; i++)
		unseen(p, dups[i].file, dups[i].why);
	free(dups);
	if (p->account_count > 1)
		qsort(p->accounts, p->account_count, sizeof(*p->accounts), by_account);
}

void kam_partner_pipelines_init(kam_partner_pipelines *out, const kam_plan_summary *plans,
				size_t count, const kam_unread_plan *unread, size_t unread_count)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < count; i++) {
		const kam_plan_summary *s = &plans[i];
		for (size_t k = 0; k < s->routed_count; k++) {
			const char *partner = s->routed[k].partner;
			if (!first_naming(s, k) || same(s->account, partner))
				continue;
			size_t at;
			kam_partner_pipeline *p = pipeline_of(out, partner, &at);
			if (s->duplicate)
				unseen(p, s->file, NULL);
			else
				add_plan(p, s, partner, &out->account_alloc[at]);
		}
	}
	for (size_t i = 0; i < out->count; i++)
		finish(&out->items[i], out->items[i].partner, unread, unread_count);
	finish(&out->nothing, NULL, unread, unread_count);
}

const kam_partner_pipeline *kam_partner_pipelines_get(const kam_partner_pipelines *all,
						      const char *partner)
{
	size_t at;
	if (partner && kam_text_table_get(&all->ids, partner, strlen(partner), &at))
		return &all->items[at];
	return &all->nothing;
}

void kam_partner_pipelines_release(kam_partner_pipelines *all)
{
	for (size_t i = 0; i < all->count; i++)
		kam_partner_pipeline_release(&all->items[i]);
	kam_partner_pipeline_release(&all->nothing);
	free(all->items);
	free(all->account_alloc);
	kam_text_table_release(&all->ids);
	memset(all, 0, sizeof(*all));
}

/* "partner\nid": a deal routed through a partner, by the partner's id;
 * written over key's earlier contents */
static void route_key(kam_buf *key, const char *partner, const char *id)
{
	kam_buf_reset(key);
	kam_buf_puts(key, partner);
	kam_buf_putc(key, '\n');
	kam_buf_puts(key, id);
}

void kam_partner_mark_copies(kam_plan_summary *plans, size_t count)
{
	kam_text_table routed = {0}; /* route key -> the client plan */
	kam_arena *keys = kam_arena_new(); /* the table's keys */
	kam_buf key = KAM_BUF_INIT;
	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; !plans[i].duplicate && j < plans[i].routed_count; j++) {
			const kam_routed_deal *d = &plans[i].routed[j];
			if (!d->id || !d->partner)
				continue;
			route_key(&key, d->partner, d->id);
			kam_text_table_put(&routed, kam_arena_strndup(keys, key.ptr, key.len), key.len, i);
		}
	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; !plans[i].duplicate && plans[i].account && j < plans[i].own_deal_count;
		     j++) {
			struct kam_own_deal *own = &plans[i].own_deals[j];
			route_key(&key, plans[i].account, own->id);
			size_t by;
			if (!own->counted_in && kam_text_table_get(&routed, key.ptr, key.len, &by) &&
			    plans[by].account) {
				own->counted_in = kam_xstrdup(plans[by].account);
				plans[i].open_pipeline -= own->value;
			}
		}
	kam_text_table_release(&routed);
	kam_arena_free(keys);
	kam_buf_release(&key);
}
