/* kam agenda: what comes due across the plans; see kam/agenda.h. */
#include "kam/agenda.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/contracts.h"
#include "kam/doc.h"
#include "kam/ics.h"
#include "kam/node.h"
#include "kam/plan.h"
#include "kam/status.h"
#include "kam/term.h"
#include "commerce.h"
#include "mdwrite.h"
#include "banned.h"

static const char *const kind_names[KAM_AGENDA_KIND_COUNT] = {
	"action", "review", "notice", "close", "goal", "step", "target"};

const char *kam_agenda_kind_name(kam_agenda_kind kind)
{
	return (unsigned)kind < KAM_AGENDA_KIND_COUNT ? kind_names[kind] : NULL;
}

struct kam_agenda {
	const kam_config *config;
	kam_agenda_options options;
	kam_date end; /* the window's last day */
	kam_arena *arena;
	kam_agenda_item *items;
	size_t count, alloc;
	kam_agenda_unread *unread;
	size_t unread_count, unread_alloc;
	kam_text_table owners; /* account -> index in account_owners */
	const char **account_owners;
	size_t owner_count, owner_alloc;
};

/* ------------------------------------------------------------------ */
/* dates                                                               */

/* The last day of the quarter written in text; false when it is none. */
static bool quarter_end(const kam_agenda *a, const char *text, kam_date *out)
{
	kam_quarter q;
	if (!kam_quarter_parse(text, &q))
		return false;
	*out = kam_quarter_last_day(q, a->config->fiscal_year_start);
	return true;
}

/* ------------------------------------------------------------------ */
/* collecting                                                          */

static const char *keep(kam_agenda *a, const char *s)
{
	return s ? kam_arena_strndup(a->arena, s, strlen(s)) : NULL;
}

static const char *keep_buf(kam_agenda *a, kam_buf *b)
{
	const char *s = b->len ? keep(a, kam_buf_cstr(b)) : NULL;
	kam_buf_release(b);
	return s;
}

/* Where a document is and whose it is, for every item of it. */
typedef struct doc_facts {
	const char *account, *file;
} doc_facts;

/* An item, when its date is overdue or in the window. */
static kam_agenda_item *add(kam_agenda *a, kam_agenda_kind kind, kam_date date, const doc_facts *f,
			    const kam_node *at, const char *id, const char *owner)
{
	bool overdue = kam_date_compare(date, a->options.today) < 0;
	if (!overdue && kam_date_compare(date, a->end) > 0)
		return NULL;
	a->items = kam_grow(a->items, &a->alloc, a->count + 1, sizeof(*a->items));
	kam_agenda_item *it = &a->items[a->count++];
	*it = (kam_agenda_item){.kind = kind, .date = date, .overdue = overdue,
				.account = f->account, .file = f->file,
				.line = at ? at->line : 1, .id = keep(a, id), .owner = keep(a, owner)};
	return it;
}

static void read_actions(kam_agenda *a, const doc_facts *f, const kam_node *actions)
{
	for (size_t i = 0; actions && actions->kind == KAM_NODE_SEQ && i < actions->count; i++) {
		kam_action_view v;
		kam_action_view_read(&v, actions->items[i]);
		kam_date due;
		if (!v.open || !kam_date_parse(v.due, &due))
			continue;
		kam_agenda_item *it = add(a, KAM_AGENDA_ACTION, due, f, v.node, v.id, v.owner);
		if (it)
			it->what = keep(a, v.text ? v.text : v.id);
	}
}

static void read_review(kam_agenda *a, const doc_facts *f, const kam_node *plan)
{
	const kam_node *reviewed = kam_node_get(plan, "reviewed");
	kam_date date;
	if (!kam_date_parse(kam_node_string(reviewed), &date))
		return;
	kam_agenda_item *it = add(a, KAM_AGENDA_REVIEW, kam_review_due(date), f, reviewed,
				  NULL, NULL);
	if (!it)
		return;
	it->what = keep(a, "the plan is due for review");
	kam_buf b = KAM_BUF_INIT;
	kam_buf_printf(&b, "last reviewed %s", reviewed->text);
	it->detail = keep_buf(a, &b);
}

/* "Claudia Müller: level 3 (now 2)" */
static const char *level_what(kam_agenda *a, const kam_contact_view *c, int level)
{
	kam_buf b = KAM_BUF_INIT;
	kam_buf_printf(&b, "%s: level %d", c->name ? c->name : c->id ? c->id : "?", level);
	if (c->level >= 0)
		kam_buf_printf(&b, " (now %d)", c->level);
	return keep_buf(a, &b);
}

static void read_steps(kam_agenda *a, const doc_facts *f, const kam_contact_view *c)
{
	const kam_node *steps = c->steps;
	for (size_t i = 0; steps && steps->kind == KAM_NODE_SEQ && i < steps->count; i++) {
		const kam_node *step = steps->items[i];
		const char *quarter = kam_node_text_at(step, "quarter");
		const kam_node *level = kam_node_get(step, "level");
		kam_date date;
		if (!level || level->kind != KAM_NODE_NUMBER || !kam_node_is_integer(level) ||
		    level->number > KAM_LEVEL_MAX || level->number <= c->level ||
		    !quarter_end(a, quarter, &date))
			continue; /* reached already, or not a step kam can read */
		kam_buf key = KAM_BUF_INIT;
		kam_buf_printf(&key, "%s %s", c->id ? c->id : "", quarter);
		kam_agenda_item *it = add(a, KAM_AGENDA_STEP, date, f, step, kam_buf_cstr(&key), c->owner);
		kam_buf_release(&key);
		if (!it)
			continue;
		it->what = level_what(a, c, (int)level->number);
		const char *how = kam_node_text_at(step, "how");
		kam_buf b = KAM_BUF_INIT;
		kam_buf_printf(&b, "step of %s%s%s", quarter, how ? "; how: " : "", how ? how : "");
		it->detail = keep_buf(a, &b);
	}
}

static void read_contacts(kam_agenda *a, const doc_facts *f, const kam_node *plan)
{
	const kam_node *contacts = kam_node_seq_at(plan, "contacts");
	for (size_t i = 0; contacts && i < contacts->count; i++) {
		kam_contact_view c;
		kam_contact_view_read(&c, contacts->items[i]);
		if (c.status != KAM_CONTACT_ACTIVE)
			continue; /* left or moved: their plan is the successor's */
		read_steps(a, f, &c);
		kam_date date;
		if (c.target < 0 || c.target <= c.level || !quarter_end(a, c.by, &date))
			continue;
		const kam_node *at = kam_node_get(c.relationship, "target");
		kam_agenda_item *it = add(a, KAM_AGENDA_TARGET, date, f, at, c.id, c.owner);
		if (!it)
			continue;
		it->what = level_what(a, &c, c.target);
		kam_buf b = KAM_BUF_INIT;
		kam_buf_printf(&b, "target by %s", c.by);
		it->detail = keep_buf(a, &b);
	}
}

static void read_contracts(kam_agenda *a, const doc_facts *f, const kam_node *plan)
{
	const kam_node *contracts = kam_node_seq_at(plan, "contracts");
	for (size_t i = 0; contracts && i < contracts->count; i++) {
		kam_contract_view c;
		kam_contract_view_read(&c, contracts->items[i]);
		kam_date end, notice;
		if (!kam_contract_dates(&c, &end, &notice) || kam_date_compare(end, a->options.today) < 0)
			continue; /* no date, or ended */
		const char *by = kam_contract_renewed_by(plan, c.id);
		bool passed = kam_date_compare(notice, a->options.today) < 0;
		if (passed && (by || c.auto_renew))
			continue; /* the notice passed, and nothing is left to do */
		kam_agenda_item *it = add(a, KAM_AGENDA_NOTICE, notice, f, c.node, c.id, NULL);
		if (!it)
			continue;
		char end_text[11];
		kam_date_format(end, end_text);
		kam_buf b = KAM_BUF_INIT;
		kam_buf_printf(&b, "%s: notice date", c.title ? c.title : c.id ? c.id : "?");
		it->what = keep_buf(a, &b);
		kam_buf_printf(&b, "ends %s; %s%s", end_text,
			       by ? "renewed by " : c.auto_renew ? "renews itself" : "no deal renews it",
			       by ? by : "");
		it->detail = keep_buf(a, &b);
	}
}


static void read_deals(kam_agenda *a, const doc_facts *f, const kam_node *plan)
{
	const kam_node *opps = kam_node_seq_at(plan, "opportunities");
	for (size_t i = 0; opps && i < opps->count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		kam_date date;
		if (!o.open || !quarter_end(a, o.close, &date))
			continue;
		kam_agenda_item *it = add(a, KAM_AGENDA_CLOSE, date, f, o.node, o.id, o.owner);
		if (!it)
			continue;
		kam_buf b = KAM_BUF_INIT;
		kam_buf_printf(&b, "%s: closes in %s", o.title ? o.title : o.id ? o.id : "?", o.close);
		it->what = keep_buf(a, &b);
		kam_buf_printf(&b, "stage %s", o.stage_text ? o.stage_text : "?");
		if (o.has_value) {
			kam_buf_puts(&b, ", ");
			kam_format_money(&b, o.value);
			kam_buf_printf(&b, " %s", commerce_currency(plan, a->config));
		}
		it->detail = keep_buf(a, &b);
	}
}

static void read_goals(kam_agenda *a, const doc_facts *f, const kam_node *plan)
{
	const kam_node *goals = kam_node_seq_at(plan, "goals");
	for (size_t i = 0; goals && i < goals->count; i++) {
		kam_goal_view g;
		kam_goal_view_read(&g, goals->items[i]);
		kam_date date;
		if (!g.open || !quarter_end(a, g.quarter, &date))
			continue;
		kam_agenda_item *it = add(a, KAM_AGENDA_GOAL, date, f, g.node, g.id, g.owner);
		if (!it)
			continue;
		it->what = keep(a, g.text ? g.text : g.id);
		kam_buf b = KAM_BUF_INIT;
		kam_buf_printf(&b, "goal for %s", g.quarter);
		if (g.measure)
			kam_buf_printf(&b, "; measure: %s", g.measure);
		it->detail = keep_buf(a, &b);
	}
}

static void read_plan(kam_agenda *a, const doc_facts *f, const kam_node *plan)
{
	kam_account_view v;
	kam_account_view_read(&v, plan);
	a->account_owners = kam_grow(a->account_owners, &a->owner_alloc, a->owner_count + 1,
				     sizeof(*a->account_owners));
	if (kam_text_table_put(&a->owners, f->account, strlen(f->account), a->owner_count))
		a->account_owners[a->owner_count++] = keep(a, v.owner);
	read_actions(a, f, kam_node_seq_at(plan, "actions"));
	read_review(a, f, plan);
	read_contracts(a, f, plan);
	read_deals(a, f, plan);
	read_goals(a, f, plan);
	read_contacts(a, f, plan);
}

static void left_out(kam_agenda *a, const char *file, const kam_diag_list *diags)
{
	const kam_diag *d = diags->count ? &diags->items[0] : NULL;
	a->unread = kam_grow(a->unread, &a->unread_alloc, a->unread_count + 1, sizeof(*a->unread));
	a->unread[a->unread_count++] = (kam_agenda_unread){
	    keep(a, file), keep(a, d ? kam_rule_id(d->rule) : "no frontmatter mapping"),
	    d ? d->line : 0, d ? d->column : 0};
}

/* A duplicate plan: its items would be listed twice. */
static void left_out_duplicate(kam_agenda *a, const char *file, char *why)
{
	a->unread = kam_grow(a->unread, &a->unread_alloc, a->unread_count + 1, sizeof(*a->unread));
	a->unread[a->unread_count++] = (kam_agenda_unread){keep(a, file), keep(a, why), 0, 0};
	free(why);
}

static void read_entry(kam_agenda *a, const kam_repo *repo, commerce_claims *claims,
		       const kam_entry *e)
{
	char *duplicate;
	kam_diag_list diags = {0};
	kam_doc *doc = NULL;
	kam_doc_read(&doc, kam_repo_files(repo), e->rel, e->rel, NULL, &diags);
	const kam_node *fm = kam_doc_frontmatter(doc);
	doc_facts f = {keep(a, e->account), keep(a, e->rel)};
	bool plain_note = !e->is_plan && !fm && diags.count &&
			  diags.items[0].rule == KAM_RULE_FRONTMATTER_MISSING;
	if (plain_note)
		; /* notes without frontmatter are Markdown only, as kam check takes them */
	else if (!fm || fm->kind != KAM_NODE_MAP)
		left_out(a, e->rel, &diags);
	else if ((duplicate = commerce_claims_duplicate(claims, e, fm)))
		left_out_duplicate(a, e->rel, duplicate);
	else if (e->is_plan)
		read_plan(a, &f, fm);
	else {
		kam_meeting_view m;
		kam_meeting_view_read(&m, fm);
		if (m.is_meeting)
			read_actions(a, &f, m.actions);
	}
	kam_diag_list_release(&diags);
	kam_doc_free(doc);
}

/* ------------------------------------------------------------------ */
/* owners, order and UIDs                                              */

/* Items with no owner of their own fall to the account's owner; with a
 * member asked for, the others are dropped. */
static void settle_owners(kam_agenda *a)
{
	size_t kept = 0;
	for (size_t i = 0; i < a->count; i++) {
		kam_agenda_item *it = &a->items[i];
		size_t at;
		if (!it->owner && kam_text_table_get(&a->owners, it->account, strlen(it->account), &at))
			it->owner = a->account_owners[at];
		const char *m = a->options.member;
		if (!m || (it->owner && strcmp(it->owner, m) == 0))
			a->items[kept++] = *it;
	}
	a->count = kept;
}

static int text_compare(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "");
}

static int item_compare(const void *pa, const void *pb)
{
	const kam_agenda_item *x = pa, *y = pb;
	int c = kam_date_compare(x->date, y->date);
	if (!c)
		c = (int)x->kind - (int)y->kind;
	if (!c)
		c = text_compare(x->account, y->account);
	if (!c)
		c = text_compare(x->id, y->id);
	if (!c)
		c = text_compare(x->file, y->file);
	if (!c)
		c = (x->line > y->line) - (x->line < y->line);
	return c;
}

static void put_hashed(uint64_t *h, const char *s)
{
	*h = kam_hash_bytes(*h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* account-kind-HASH@kam: the hash of the account, the kind and the item's
 * id (an item without one: its text and date), nothing that other items or
 * plans change. The account is shown as letters, digits, '.' and '-'. */
static void make_uid(kam_agenda *a, kam_agenda_item *it, kam_text_table *seen)
{
	uint64_t h = KAM_HASH_SEED;
	put_hashed(&h, it->account);
	put_hashed(&h, kind_names[it->kind]);
	/* the file too: an id given in two notes of one account (id-duplicate)
	 * keeps its own UID whichever of the two comes first by date */
	put_hashed(&h, it->file);
	char date[11] = "";
	if (!it->id)
		kam_date_format(it->date, date);
	put_hashed(&h, it->id ? it->id : it->what);
	put_hashed(&h, date);
	kam_buf b = KAM_BUF_INIT;
	for (const char *s = it->account; *s && b.len < 40; s++)
		kam_buf_putc(&b, ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
				  (*s >= '0' && *s <= '9') || *s == '.' || *s == '-')
					 ? *s
					 : '_');
	kam_buf_printf(&b, "-%s-%016" PRIx64, kind_names[it->kind], h);
	/* an id given twice in one file (kam check's id-duplicate) */
	size_t base = b.len;
	for (int n = 2; !kam_text_table_put(seen, keep(a, kam_buf_cstr(&b)), b.len, 0); n++) {
		b.len = base;
		b.ptr[base] = '\0';
		kam_buf_printf(&b, "-%d", n);
	}
	kam_buf_puts(&b, "@kam");
	it->uid = keep_buf(a, &b);
}

int kam_agenda_build(kam_agenda **out, const kam_repo *repo, const kam_agenda_options *options,
		     kam_error *err)
{
	*out = NULL;
	if (options->days < 0 || options->days > KAM_AGENDA_MAX_DAYS)
		return kam_error_set(err, KAM_EINVALID, "--days takes 0 to %d, not %d",
				     KAM_AGENDA_MAX_DAYS, options->days);
	const kam_config *config = kam_repo_config(repo);
	const char *m = options->member;
	bool known = !m || config->team_unread;
	const char **ids = kam_xcalloc(config->team_count + 1, sizeof(*ids));
	for (size_t i = 0; i < config->team_count; i++) {
		ids[i] = config->team[i].id;
		known = known || strcmp(ids[i], m) == 0;
	}
	const char *guess = known ? NULL : kam_closest(m, ids, config->team_count);
	if (!known)
		kam_error_set(err, KAM_ENOTFOUND, "'@%s' is not in kam.yaml's team%s%s%s", m,
			      guess ? "; did you mean '@" : "", guess ? guess : "", guess ? "'?" : "");
	free(ids);
	if (!known)
		return KAM_ENOTFOUND;
	kam_entry *entries = NULL;
	size_t count = 0;
	int rc = kam_repo_list(repo, &entries, &count, err);
	if (rc < 0)
		return rc;
	kam_agenda *a = kam_xcalloc(1, sizeof(*a));
	a->config = config;
	a->options = *options;
	a->arena = kam_arena_new();
	a->options.member = keep(a, m);
	a->end = kam_date_add_days(options->today, options->days);
	commerce_claims claims;
	commerce_claims_init(&claims, entries, count);
	for (size_t i = 0; i < count; i++)
		read_entry(a, repo, &claims, &entries[i]);
	commerce_claims_release(&claims);
	kam_entries_free(entries, count);
	settle_owners(a);
	if (a->count)
		qsort(a->items, a->count, sizeof(*a->items), item_compare);
	kam_text_table seen = {0};
	for (size_t i = 0; i < a->count; i++)
		make_uid(a, &a->items[i], &seen);
	kam_text_table_release(&seen);
	*out = a;
	return KAM_OK;
}

kam_agenda *kam_agenda_of_member(const kam_agenda *all, const char *member)
{
	kam_agenda *a = kam_xcalloc(1, sizeof(*a));
	a->config = all->config;
	a->options = all->options;
	a->arena = kam_arena_new();
	a->options.member = keep(a, member);
	a->end = all->end;
	a->items = kam_xcalloc(all->count + 1, sizeof(*a->items));
	for (size_t i = 0; i < all->count; i++) /* in order: filtering keeps it sorted */
		if (all->items[i].owner && strcmp(all->items[i].owner, member) == 0)
			a->items[a->count++] = all->items[i];
	a->alloc = all->count + 1;
	a->unread = kam_xcalloc(all->unread_count + 1, sizeof(*a->unread));
	if (all->unread_count) /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(a->unread, all->unread, all->unread_count * sizeof(*a->unread));
	a->unread_count = a->unread_alloc = all->unread_count;
	/* UIDs as kam_agenda_build gives them: made again over this list */
	kam_text_table seen = {0};
	for (size_t i = 0; i < a->count; i++)
		make_uid(a, &a->items[i], &seen);
	kam_text_table_release(&seen);
	return a;
}

void kam_agenda_free(kam_agenda *a)
{
	if (!a)
		return;
	free(a->items);
	free(a->unread);
	free(a->account_owners);
	kam_text_table_release(&a->owners);
	kam_arena_free(a->arena);
	free(a);
}

const kam_agenda_item *kam_agenda_items(const kam_agenda *a, size_t *count)
{
	*count = a ? a->count : 0;
	return a ? a->items : NULL;
}

const kam_agenda_unread *kam_agenda_unread_files(const kam_agenda *a, size_t *count)
{
	*count = a ? a->unread_count : 0;
	return a ? a->unread : NULL;
}

/* ------------------------------------------------------------------ */
/* text                                                                */

enum { LINE_WIDTH = 80, ACCOUNT_MAX = 16, OWNER_MAX = 14, WHAT_MIN = 20 };

static size_t capped_width(const kam_agenda *a, bool owner, size_t cap)
{
	size_t w = 1;
	for (size_t i = 0; i < a->count; i++) {
		const char *s = owner ? a->items[i].owner : a->items[i].account;
		size_t n = commerce_width(s ? s : "-");
		w = n > w ? n : w;
	}
	return w < cap ? w : cap;
}

static void trim_line_end(kam_buf *out)
{
	while (out->len && out->ptr[out->len - 1] == ' ')
		out->ptr[--out->len] = '\0';
	kam_buf_putc(out, '\n');
}

/* "30 days from 2026-11-20 to 2026-12-20", "today, 2026-11-20" */
static void window(kam_buf *out, const kam_agenda *a)
{
	char from[11], to[11];
	kam_date_format(a->options.today, from);
	kam_date_format(a->end, to);
	if (a->options.days)
		kam_buf_printf(out, "%d day%s from %s to %s", a->options.days,
			       a->options.days == 1 ? "" : "s", from, to);
	else
		kam_buf_printf(out, "today, %s", from);
}

static void text_header(kam_buf *out, const kam_agenda *a, size_t overdue)
{
	kam_buf_puts(out, a->options.days ? "Agenda, " : "Agenda for ");
	window(out, a);
	if (a->options.member) {
		kam_buf_puts(out, " for @");
		kam_term_text(out, a->options.member);
	}
	kam_buf_printf(out, ": %zu overdue, %zu due\n", overdue, a->count - overdue);
}

static void text_section(kam_buf *out, const kam_agenda *a, bool overdue, const char *title)
{
	bool owner = !a->options.member;
	size_t aw = capped_width(a, false, ACCOUNT_MAX);
	size_t ow = owner ? capped_width(a, true, OWNER_MAX) : 0;
	size_t fixed = 2 + 10 + 2 + 6 + 2 + aw + 2 + (owner ? 2 + ow : 0);
	size_t ww = fixed + WHAT_MIN < LINE_WIDTH ? LINE_WIDTH - fixed : WHAT_MIN;
	bool first = true;
	for (size_t i = 0; i < a->count; i++) {
		const kam_agenda_item *it = &a->items[i];
		if (it->overdue != overdue)
			continue;
		if (first)
			kam_buf_printf(out, "\n%s\n", title);
		first = false;
		char date[11];
		kam_date_format(it->date, date);
		kam_buf_printf(out, "  %s  %-6s  ", date, kind_names[it->kind]);
		commerce_cell(out, it->account, aw, false);
		kam_buf_puts(out, "  ");
		commerce_cell(out, it->what ? it->what : "?", ww, false);
		if (owner) {
			kam_buf_puts(out, "  ");
			commerce_cell(out, it->owner ? it->owner : "-", ow, false);
		}
		trim_line_end(out);
		if (!it->detail)
			continue;
		/* the detail on a line of its own, under the item's text */
		size_t indent = 2 + 10 + 2 + 6 + 2 + aw + 2;
		for (size_t n = 0; n < indent; n++)
			kam_buf_putc(out, ' ');
		commerce_cell(out, it->detail, LINE_WIDTH - indent, false);
		trim_line_end(out);
	}
}

static size_t overdue_count(const kam_agenda *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->count; i++)
		n += a->items[i].overdue;
	return n;
}

void kam_agenda_text(kam_buf *out, const kam_agenda *a)
{
	size_t overdue = overdue_count(a);
	text_header(out, a, overdue);
	text_section(out, a, true, "Overdue");
	text_section(out, a, false, "Due");
	for (size_t i = 0; i < a->unread_count; i++) {
		const kam_agenda_unread *u = &a->unread[i];
		kam_buf_puts(out, i ? "" : "\nNot seen (could not be read; run kam check)\n");
		kam_buf_puts(out, "  ");
		kam_term_text(out, u->file);
		if (u->line)
			kam_buf_printf(out, ":%u:%u", u->line, u->column);
		kam_buf_puts(out, ": ");
		kam_term_text(out, u->why);
		kam_buf_putc(out, '\n');
	}
}

/* ------------------------------------------------------------------ */
/* Markdown                                                            */

static void md_section(kam_buf *out, const kam_agenda *a, bool overdue, const char *title)
{
	bool first = true;
	for (size_t i = 0; i < a->count; i++) {
		const kam_agenda_item *it = &a->items[i];
		if (it->overdue != overdue)
			continue;
		if (first)
			kam_buf_printf(out, "\n## %s\n\n| Date | Kind | Account | What | Details | Owner | Where |\n"
					    "|---|---|---|---|---|---|---|\n", title);
		first = false;
		char date[11];
		kam_date_format(it->date, date);
		kam_buf_printf(out, "| %s | %s | ", date, kind_names[it->kind]);
		kam_md_text(out, it->account);
		kam_buf_puts(out, " | ");
		kam_md_text(out, it->what ? it->what : "?");
		kam_buf_puts(out, " | ");
		kam_md_text(out, it->detail);
		kam_buf_puts(out, " | ");
		kam_md_text(out, it->owner ? it->owner : "-");
		kam_buf_puts(out, " | ");
		kam_buf where = KAM_BUF_INIT;
		kam_buf_printf(&where, "%s:%u", it->file, it->line);
		kam_md_code(out, kam_buf_cstr(&where));
		kam_buf_release(&where);
		kam_buf_puts(out, " |\n");
	}
}

void kam_agenda_md(kam_buf *out, const kam_agenda *a)
{
	size_t overdue = overdue_count(a);
	kam_buf_puts(out, "# Agenda\n\n");
	window(out, a);
	if (a->options.member) {
		kam_buf_puts(out, " for ");
		kam_buf at = KAM_BUF_INIT;
		kam_buf_printf(&at, "@%s", a->options.member);
		kam_md_code(out, kam_buf_cstr(&at));
		kam_buf_release(&at);
	}
	kam_buf_printf(out, ": %zu overdue, %zu due.\n", overdue, a->count - overdue);
	md_section(out, a, true, "Overdue");
	md_section(out, a, false, "Due");
	for (size_t i = 0; i < a->unread_count; i++) {
		const kam_agenda_unread *u = &a->unread[i];
		kam_buf_puts(out, i ? "" : "\n## Not seen\n\nCould not be read (run kam check):\n\n");
		kam_buf where = KAM_BUF_INIT;
		kam_buf_puts(&where, u->file);
		if (u->line)
			kam_buf_printf(&where, ":%u:%u", u->line, u->column);
		kam_buf_puts(out, "- ");
		kam_md_code(out, kam_buf_cstr(&where));
		kam_buf_puts(out, ": ");
		kam_md_text(out, u->why);
		kam_buf_putc(out, '\n');
		kam_buf_release(&where);
	}
}

/* ------------------------------------------------------------------ */
/* iCalendar                                                           */

static void ics_item(kam_ics *w, const kam_agenda *a, const kam_agenda_item *it)
{
	kam_ics_begin(w, KAM_ICS_VEVENT);
	kam_ics_text(w, KAM_ICS_UID, it->uid);
	kam_ics_utc(w, KAM_ICS_DTSTAMP, a->options.today, 0, 0, 0);
	kam_ics_date(w, KAM_ICS_DTSTART, it->date);
	kam_ics_date(w, KAM_ICS_DTEND, kam_date_add_days(it->date, 1));
	kam_buf b = KAM_BUF_INIT;
	kam_buf_printf(&b, "%s%s: %s (%s)", it->overdue ? "overdue " : "", kind_names[it->kind],
		       it->what ? it->what : "?", it->account);
	kam_ics_text(w, KAM_ICS_SUMMARY, kam_buf_cstr(&b));
	kam_buf_reset(&b);
	if (it->detail)
		kam_buf_printf(&b, "%s\n", it->detail);
	kam_buf_printf(&b, "owner: %s\n%s:%u", it->owner ? it->owner : "-", it->file, it->line);
	kam_ics_text(w, KAM_ICS_DESCRIPTION, kam_buf_cstr(&b));
	kam_buf_release(&b);
	kam_ics_text(w, KAM_ICS_CATEGORIES, kind_names[it->kind]);
	kam_ics_text(w, KAM_ICS_TRANSP, "TRANSPARENT");
	kam_ics_end(w);
}

void kam_agenda_ics(kam_buf *out, const kam_agenda *a)
{
	kam_ics w;
	kam_ics_init(&w, out);
	kam_ics_begin(&w, KAM_ICS_VCALENDAR);
	kam_ics_text(&w, KAM_ICS_VERSION, "2.0");
	kam_ics_text(&w, KAM_ICS_PRODID, "-//kam//kam agenda//EN");
	kam_ics_text(&w, KAM_ICS_CALSCALE, "GREGORIAN");
	kam_ics_text(&w, KAM_ICS_METHOD, "PUBLISH");
	kam_buf name = KAM_BUF_INIT;
	kam_buf_printf(&name, "kam agenda%s%s", a->config->organization ? ": " : "",
		       a->config->organization ? a->config->organization : "");
	if (a->options.member)
		kam_buf_printf(&name, " (@%s)", a->options.member);
	kam_ics_text(&w, KAM_ICS_CALNAME, kam_buf_cstr(&name));
	kam_buf_release(&name);
	for (size_t i = 0; i < a->count; i++)
		ics_item(&w, a, &a->items[i]);
	kam_ics_finish(&w);
}
