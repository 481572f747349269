/* kam brief: a one-page sheet to prepare a meeting (see kam/brief.h).
 *
 * The sheet is a title, then sections of items nested at most three deep;
 * text and Markdown share one walk and differ only in the few writer calls
 * below, which put every value through the terminal or the Markdown writer. */
#define _POSIX_C_SOURCE 200809L
#include "kam/brief.h"

#include <stdlib.h>
#include <string.h>

#include "kam/contracts.h"
#include "kam/doc.h"
#include "kam/goals.h"
#include "kam/plan.h"
#include "kam/quarter.h"
#include "kam/status.h"
#include "kam/term.h"
#include "mdwrite.h"
#include "banned.h"

/* The newest meeting notes a sheet shows. */
enum { BRIEF_NOTES = 3 };

/* A meeting note of the account, read again for the sheet. */
typedef struct note {
	kam_doc *doc;	    /* NULL when it could not be read */
	const char *file;   /* as shown to the user */
	const char *unread; /* why it could not be read, or NULL */
	kam_meeting_view view;
} note;

typedef struct brief {
	kam_buf *out;
	kam_brief_format format;
	const kam_index *x;
	const kam_config *config;
	const kam_portfolio *all; /* every plan, for a partner's sheet; or NULL */
	kam_date today;
	kam_quarter quarter;
	const char *account, *subject;
	const kam_entity *entity; /* the account's entity */
	kam_doc *plan_doc;
	const kam_node *plan;	  /* the frontmatter mapping, or NULL */
	const char *plan_file, *plan_unread;
	kam_account_view view;
	kam_text_table contacts; /* contact id -> index in contacts[] */
	note *notes;		 /* meeting notes, newest first */
	size_t note_count;
	size_t unread;
} brief;

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* ------------------------------------------------------------------ */
/* the writer: constants raw, values escaped                           */

static void lit(brief *b, const char *s)
{
	kam_buf_puts(b->out, s);
}

static void val(brief *b, const char *s)
{
	if (b->format == KAM_BRIEF_MD)
		kam_md_text(b->out, s);
	else
		kam_term_text(b->out, s ? s : "");
}

/* An id: a code span in Markdown. */
static void id(brief *b, const char *s)
{
	if (b->format == KAM_BRIEF_MD)
		kam_md_code(b->out, s);
	else
		kam_term_text(b->out, s ? s : "");
}

static void title_start(brief *b)
{
	if (b->format == KAM_BRIEF_MD)
		lit(b, "# ");
}

static void title_end(brief *b)
{
	lit(b, b->format == KAM_BRIEF_MD ? "\n\n" : "\n");
}

/* A section heading with the number of its items. */
static void section(brief *b, const char *title, size_t count)
{
	lit(b, b->format == KAM_BRIEF_MD ? "\n## " : "\n");
	lit(b, title);
	kam_buf_printf(b->out, " (%zu)\n", count);
	if (b->format == KAM_BRIEF_MD)
		lit(b, "\n");
}

/* Start an item at depth 0 (a section's) to 2. */
static void item(brief *b, int depth)
{
	for (int i = 0; i < depth; i++)
		lit(b, "  ");
	lit(b, b->format == KAM_BRIEF_MD ? "- " : "  ");
}

static void end(brief *b)
{
	lit(b, "\n");
}

static void none(brief *b, size_t count)
{
	if (!count) {
		item(b, 0);
		lit(b, "none");
		end(b);
	}
}

/* "label: value" as an item; nothing when value is NULL. */
static void field(brief *b, int depth, const char *label, const char *value)
{
	if (!value)
		return;
	item(b, depth);
	lit(b, label);
	lit(b, ": ");
	val(b, value);
	end(b);
}

static void date_text(brief *b, kam_date d)
{
	char s[11];
	kam_date_format(d, s);
	lit(b, s);
}

/* ------------------------------------------------------------------ */
/* people                                                              */

static const kam_node *contact_node(const brief *b, const char *cid)
{
	size_t i;
	const kam_node *list = kam_node_get(b->plan, "contacts");
	if (!cid || !list || list->kind != KAM_NODE_SEQ ||
	    !kam_text_table_get(&b->contacts, cid, strlen(cid), &i) || i >= list->count)
		return NULL;
	return list->items[i];
}

static const kam_team_member *member_of(const brief *b, const char *mid)
{
	for (size_t i = 0; mid && i < b->config->team_count; i++)
		if (same(b->config->team[i].id, mid))
			return &b->config->team[i];
	return NULL;
}

/* A contact or team member by name, with a contact's id: "Eva Berg (c.berg)". */
static void person(brief *b, const char *pid)
{
	kam_contact_view c;
	kam_contact_view_read(&c, contact_node(b, pid));
	const kam_team_member *m = c.node ? NULL : member_of(b, pid);
	if (m && m->name) {
		val(b, m->name);
		return;
	}
	if (c.name) {
		val(b, c.name);
		lit(b, " (");
		id(b, pid);
		lit(b, ")");
	} else
		id(b, pid);
}

/* Our owner: a team member's name, else the id as written. */
static void owner(brief *b, const char *mid)
{
	const kam_team_member *m = member_of(b, mid);
	if (m && m->name)
		val(b, m->name);
	else
		id(b, mid);
}

static void attitude_influence(brief *b, kam_attitude a, kam_influence i)
{
	if (a == KAM_ATTITUDE_UNKNOWN)
		lit(b, "attitude unknown");
	else
		lit(b, kam_attitude_name(a));
	lit(b, ", influence ");
	lit(b, i == KAM_INFLUENCE_UNKNOWN ? "unknown" : kam_influence_name(i));
}

/* "last met 2026-10-03 (meeting)", with the document when where is set. */
static void last_met(brief *b, const char *pid, bool where)
{
	const kam_touch *t = kam_index_last_met(b->x, b->account, pid, b->today);
	if (!t) {
		lit(b, where ? "last met: never" : "never met");
		return;
	}
	lit(b, where ? "last met: " : "last met ");
	date_text(b, t->date);
	lit(b, where ? ", " : " (");
	val(b, t->kind);
	if (where) {
		lit(b, ", ");
		val(b, kam_index_doc_file(b->x, t->doc));
	} else
		lit(b, ")");
}

static void status_of(brief *b, const kam_contact_view *c)
{
	if (c->status == KAM_CONTACT_ACTIVE)
		return;
	lit(b, c->status == KAM_CONTACT_STATUS_UNKNOWN ? "status unknown"
						     : kam_contact_statuses[c->status].label);
	if (c->since) {
		lit(b, " since ");
		val(b, c->since);
	}
	if (c->successor) {
		lit(b, ", successor ");
		person(b, c->successor);
	}
}

/* ------------------------------------------------------------------ */
/* deals and their buying units                                        */

/* One person's place in a deal: the buying unit's entry, or the deal's
 * decision leader or sponsor when the unit does not name them. */
typedef struct seat {
	const char *contact;
	kam_role role;
	kam_attitude attitude;
	kam_influence influence;
} seat;

typedef struct seats {
	seat *items;
	size_t count, alloc;
} seats;

static void seat_add(seats *s, const char *contact, kam_role role, kam_attitude a, kam_influence i)
{
	s->items = kam_grow(s->items, &s->alloc, s->count + 1, sizeof(*s->items));
	s->items[s->count++] = (seat){contact, role, a, i};
}

static bool seated(const seats *s, const char *contact, kam_role role)
{
	for (size_t i = 0; i < s->count; i++)
		if (same(s->items[i].contact, contact) && s->items[i].role == role)
			return true;
	return false;
}

static void seat_contact(const brief *b, seats *s, const char *cid, kam_role role)
{
	kam_contact_view c;
	kam_contact_view_read(&c, contact_node(b, cid));
	if (cid && !seated(s, cid, role))
		seat_add(s, cid, role, c.attitude, c.influence);
}

static void deal_seats(const brief *b, const kam_opportunity_view *o, seats *s)
{
	const kam_node *unit = o->buying_unit;
	for (size_t i = 0; unit && i < unit->count; i++) {
		const char *cid = kam_node_string(kam_node_get(unit->items[i], "contact"));
		kam_contact_view c;
		kam_contact_view_read(&c, contact_node(b, cid));
		kam_member_view m;
		kam_member_view_read(&m, unit->items[i], c.node ? &c : NULL);
		if (m.contact)
			seat_add(s, m.contact, m.role, m.attitude, m.influence);
	}
	seat_contact(b, s, o->decision_leader, KAM_ROLE_KEY_DECISION_LEADER);
	seat_contact(b, s, o->sponsor, KAM_ROLE_SPONSOR);
}

static void role_text(brief *b, kam_role role)
{
	lit(b, role == KAM_ROLE_UNKNOWN ? "role unknown" : kam_roles[role].label);
}

static void deal_line(brief *b, const kam_opportunity_view *o)
{
	item(b, 0);
	id(b, o->id);
	lit(b, ": ");
	val(b, o->title);
	lit(b, " (");
	if (o->stage != KAM_STAGE_UNKNOWN)
		lit(b, kam_stage_name(o->stage));
	else
		lit(b, "stage unknown");
	if (o->has_value) {
		lit(b, ", ");
		kam_format_money(b->out, o->value);
		lit(b, " ");
		val(b, b->view.currency ? b->view.currency : b->config->currency);
	}
	if (o->close) {
		lit(b, ", close ");
		val(b, o->close);
	}
	if (o->must_win)
		lit(b, ", must-win");
	if (o->owner) {
		lit(b, ", our owner ");
		owner(b, o->owner);
	}
	lit(b, ")");
	end(b);
}

/* A seat in a buying unit; on a person's own sheet, without their name. */
static void seat_line(brief *b, const seat *s, bool own)
{
	kam_contact_view c;
	kam_contact_view_read(&c, contact_node(b, s->contact));
	item(b, 1);
	if (own)
		lit(b, "role: ");
	else {
		person(b, s->contact);
		lit(b, ": ");
	}
	role_text(b, s->role);
	if (own) { /* the rest is on the sheet already; attitude and influence may be this deal's */
		lit(b, "; ");
		attitude_influence(b, s->attitude, s->influence);
		end(b);
		return;
	}
	lit(b, "; ");
	attitude_influence(b, s->attitude, s->influence);
	lit(b, "; our owner ");
	if (c.owner)
		owner(b, c.owner);
	else
		lit(b, "none");
	lit(b, "; ");
	last_met(b, s->contact, false);
	if (c.status != KAM_CONTACT_ACTIVE) {
		lit(b, "; ");
		status_of(b, &c);
	}
	end(b);
}

/* The open deals, each with its buying unit (a person's sheet: only the
 * deals they are in, with their seats in them). */
static void deals(brief *b, const char *only)
{
	const kam_node *list = kam_node_get(b->plan, "opportunities");
	size_t n = 0, count = list && list->kind == KAM_NODE_SEQ ? list->count : 0;
	seats *all = kam_xcalloc(count + 1, sizeof(*all));
	for (size_t i = 0; i < count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, list->items[i]);
		if (o.node && o.open)
			deal_seats(b, &o, &all[i]);
		bool in = false;
		for (size_t k = 0; only && k < all[i].count; k++)
			in = in || same(all[i].items[k].contact, only);
		n += o.node && o.open && (!only || in);
	}
	section(b, only ? "Open deals they are in" : "Open deals", n);
	none(b, n);
	for (size_t i = 0; i < count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, list->items[i]);
		size_t shown = 0;
		for (size_t k = 0; k < all[i].count; k++)
			shown += !only || same(all[i].items[k].contact, only);
		if (!o.node || !o.open || (only && !shown))
			continue;
		deal_line(b, &o);
		if (!all[i].count) {
			item(b, 1);
			lit(b, "buying unit: not known");
			end(b);
		}
		for (size_t k = 0; k < all[i].count; k++)
			if (!only || same(all[i].items[k].contact, only))
				seat_line(b, &all[i].items[k], only != NULL);
	}
	for (size_t i = 0; i < count; i++)
		free(all[i].items);
	free(all);
}

/* ------------------------------------------------------------------ */
/* actions and meeting notes                                           */

static bool attended(const note *nt, const char *pid)
{
	const kam_node *a = nt->view.attendees;
	for (size_t i = 0; a && a->kind == KAM_NODE_SEQ && i < a->count; i++)
		if (same(kam_node_string(a->items[i]), pid))
			return true;
	return false;
}

static void action_line(brief *b, int depth, const kam_action_view *a, const char *file)
{
	item(b, depth);
	id(b, a->id);
	lit(b, ": ");
	val(b, a->text);
	if (a->owner) {
		lit(b, "; owner ");
		owner(b, a->owner);
	}
	kam_date due;
	if (a->due) {
		lit(b, "; due ");
		val(b, a->due);
		if (kam_date_parse(a->due, &due) && kam_date_compare(due, b->today) < 0)
			lit(b, " (overdue)");
	}
	if (a->contact) {
		lit(b, "; with ");
		person(b, a->contact);
	}
	if (a->opportunity) {
		lit(b, "; deal ");
		id(b, a->opportunity);
	}
	if (file) {
		lit(b, "; in ");
		val(b, file);
	}
	end(b);
}

/* The open actions of a list (with them: only those with that contact);
 * counts them, and writes them when write is set. */
static size_t actions_of(brief *b, const kam_node *list, const char *with, const char *file,
			 bool write)
{
	size_t n = 0;
	for (size_t i = 0; list && list->kind == KAM_NODE_SEQ && i < list->count; i++) {
		kam_action_view a;
		kam_action_view_read(&a, list->items[i]);
		if (!a.node || !a.open || (with && !same(a.contact, with)))
			continue;
		n++;
		if (write)
			action_line(b, 0, &a, file);
	}
	return n;
}

static void actions(brief *b, const char *with)
{
	const kam_node *plan_actions = kam_node_get(b->plan, "actions");
	size_t n = actions_of(b, plan_actions, with, NULL, false);
	for (size_t i = 0; i < b->note_count; i++)
		n += actions_of(b, b->notes[i].view.actions, with, NULL, false);
	section(b, with ? "Open actions with them" : "Open actions", n);
	none(b, n);
	actions_of(b, plan_actions, with, b->plan_file, true);
	for (size_t i = 0; i < b->note_count; i++)
		actions_of(b, b->notes[i].view.actions, with, b->notes[i].file, true);
}

static void note_block(brief *b, const note *nt)
{
	item(b, 0);
	val(b, nt->view.date ? nt->view.date : "undated");
	lit(b, " ");
	val(b, nt->view.title);
	lit(b, " (");
	val(b, nt->file);
	lit(b, ")");
	end(b);
	item(b, 1);
	lit(b, "attendees: ");
	const kam_node *a = nt->view.attendees;
	size_t count = a && a->kind == KAM_NODE_SEQ ? a->count : 0;
	for (size_t i = 0; i < count; i++) {
		lit(b, i ? ", " : "");
		person(b, kam_node_string(a->items[i]));
	}
	lit(b, count ? "" : "none");
	end(b);
	size_t open = actions_of(b, nt->view.actions, NULL, NULL, false);
	item(b, 1);
	kam_buf_printf(b->out, "open actions: %zu", open);
	end(b);
	for (size_t i = 0; nt->view.actions && i < nt->view.actions->count; i++) {
		kam_action_view v;
		kam_action_view_read(&v, nt->view.actions->items[i]);
		if (v.node && v.open)
			action_line(b, 2, &v, NULL);
	}
}

/* The newest meeting notes (a person's: those they attended), and every
 * note that could not be read: what it says is not known. */
static void notes(brief *b, const char *pid)
{
	size_t n = 0;
	for (size_t i = 0; i < b->note_count; i++) {
		if (b->notes[i].unread)
			continue;
		if (n < BRIEF_NOTES && (!pid || attended(&b->notes[i], pid)))
			n++;
	}
	section(b, pid ? "Latest meeting notes they attended" : "Latest meeting notes", n);
	none(b, n);
	size_t shown = 0;
	for (size_t i = 0; i < b->note_count && shown < n; i++)
		if (!b->notes[i].unread && (!pid || attended(&b->notes[i], pid)) && ++shown)
			note_block(b, &b->notes[i]);
	for (size_t i = 0; i < b->note_count; i++) {
		if (!b->notes[i].unread)
			continue;
		item(b, 0);
		lit(b, "could not read ");
		val(b, b->notes[i].file);
		lit(b, " (");
		val(b, b->notes[i].unread);
		lit(b, "); run kam check");
		end(b);
	}
}

/* ------------------------------------------------------------------ */
/* renewal, goals and what runs through a partner                      */

static void money(brief *b, double value, const char *currency)
{
	kam_format_money(b->out, value);
	lit(b, " ");
	val(b, currency);
}

static const char *plan_currency(const brief *b)
{
	return b->view.currency ? b->view.currency : b->config->currency;
}

/* The contract renewed next: what it is worth, its dates, and whether a
 * deal renews it or it renews by itself. */
static void next_renewal(brief *b)
{
	kam_renewal r;
	if (!kam_next_renewal(b->plan, b->today, &r))
		return;
	item(b, 0);
	lit(b, "next renewal: ");
	id(b, r.contract.id ? r.contract.id : "?");
	if (r.contract.title) {
		lit(b, " ");
		val(b, r.contract.title);
	}
	if (r.contract.has_value) {
		lit(b, " (");
		money(b, r.contract.value, plan_currency(b));
		lit(b, ")");
	}
	lit(b, "; notice by ");
	date_text(b, r.notice);
	lit(b, ", ends ");
	date_text(b, r.end);
	lit(b, "; ");
	if (r.renewed_by) {
		lit(b, "renewed by ");
		id(b, r.renewed_by);
	} else
		lit(b, r.contract.auto_renew ? "auto-renews" : "no deal renews it");
	end(b);
}

/* Each goal with its owner, what tells it is reached, and the actions of
 * the plan and its meeting notes that serve it. */
static void goals(brief *b)
{
	size_t count;
	kam_goal_progress *g = kam_goal_progress_read(b->plan, &count);
	for (size_t i = 0; i < b->note_count; i++)
		kam_goal_progress_add(g, count, b->notes[i].view.actions);
	section(b, "Goals", count);
	none(b, count);
	for (size_t i = 0; i < count; i++) {
		item(b, 0);
		id(b, g[i].goal.id);
		lit(b, ": ");
		val(b, g[i].goal.text);
		lit(b, " (");
		val(b, g[i].goal.quarter ? g[i].goal.quarter : "no quarter");
		lit(b, ", ");
		val(b, g[i].goal.status ? g[i].goal.status : kam_action_open_word());
		lit(b, ")");
		end(b);
		item(b, 1);
		lit(b, "owner: ");
		if (g[i].owner)
			owner(b, g[i].owner);
		else
			lit(b, "none");
		lit(b, "; measure: ");
		if (g[i].measure)
			val(b, g[i].measure);
		else
			lit(b, "not given");
		end(b);
		item(b, 1);
		kam_buf_printf(b->out, "actions: %zu done, %zu open", g[i].done, g[i].open);
		if (g[i].dropped)
			kam_buf_printf(b->out, ", %zu dropped", g[i].dropped);
		end(b);
	}
	free(g);
}

static void sums(brief *b, const kam_money_sums *s)
{
	for (size_t i = 0; i < s->count; i++) {
		lit(b, i ? " + " : "");
		money(b, s->amount[i], s->currency[i]);
	}
}

static void routed_deal_line(brief *b, const kam_routed_deal *d, const char *currency)
{
	item(b, 1);
	id(b, d->id);
	lit(b, ": ");
	val(b, d->title);
	lit(b, " (");
	if (d->stage != KAM_STAGE_UNKNOWN)
		lit(b, kam_stage_name(d->stage));
	else
		lit(b, "stage unknown");
	if (d->has_value) {
		lit(b, ", ");
		money(b, d->value, currency);
	}
	if (d->close) {
		lit(b, ", close ");
		val(b, d->close);
	}
	if (d->must_win)
		lit(b, ", must-win");
	lit(b, ")");
	end(b);
}

static void routed_account(brief *b, const kam_routed_account *a)
{
	item(b, 0);
	if (a->plan->name) {
		val(b, a->plan->name);
		lit(b, " (");
		id(b, a->plan->account);
		lit(b, ")");
	} else
		id(b, a->plan->account);
	kam_buf_printf(b->out, ": %zu open deal%s, ", a->deal_count, a->deal_count == 1 ? "" : "s");
	sums(b, &a->sums);
	end(b);
	for (size_t k = 0; k < a->deal_count; k++)
		routed_deal_line(b, a->deals[k], a->plan->currency ? a->plan->currency : "");
}

/* The open deals other plans route through this account (partner:), by
 * account, and every plan not seen: it could route deals here too. */
static void routed(brief *b)
{
	if (!b->all)
		return;
	kam_partner_pipeline p;
	kam_partner_pipeline_init(&p, b->account, b->all->plans, b->all->count, b->all->unread,
				  b->all->unread_count);
	if (!kam_type_is_partner(b->view.type) && !p.deal_count)
		goto done;
	section(b, "Pipeline through this partner", p.deal_count);
	none(b, p.deal_count);
	for (size_t i = 0; i < p.account_count; i++)
		routed_account(b, &p.accounts[i]);
	if (p.account_count > 1) {
		item(b, 0);
		lit(b, "total: ");
		sums(b, &p.sums);
		end(b);
	}
	for (size_t i = 0; i < p.unseen_count; i++) {
		item(b, 0);
		lit(b, "not seen: ");
		val(b, p.unseen[i].file);
		lit(b, " (");
		if (p.unseen[i].why) {
			lit(b, "could not be read, ");
			val(b, p.unseen[i].why);
		} else
			lit(b, "claims the account id of another plan");
		lit(b, "); run kam check");
		end(b);
	}
	b->unread += p.unseen_count;
done:
	kam_partner_pipeline_release(&p);
}

/* ------------------------------------------------------------------ */
/* loading                                                             */

static int newest_first(const void *pa, const void *pb)
{
	const note *a = pa, *b = pb;
	const char *da = a->view.date ? a->view.date : "", *db = b->view.date ? b->view.date : "";
	int c = strcmp(db, da);
	return c ? c : strcmp(a->file, b->file);
}

static void load_note(brief *b, const kam_repo *repo, size_t d)
{
	note *nt = &b->notes[b->note_count];
	*nt = (note){.file = kam_index_doc_file(b->x, d), .unread = kam_index_doc_unread(b->x, d)};
	if (!nt->unread) {
		kam_diag_list ignored = {0};
		kam_doc_read(&nt->doc, kam_repo_files(repo), kam_index_doc_path(b->x, d), nt->file,
			     NULL, &ignored);
		kam_diag_list_release(&ignored);
		const kam_node *fm = kam_doc_frontmatter(nt->doc);
		kam_meeting_view_read(&nt->view, fm);
		if (!fm)
			nt->unread = "not readable";
		else if (!nt->view.is_meeting) { /* another kind of document */
			kam_doc_free(nt->doc);
			return;
		}
	}
	b->unread += nt->unread != NULL;
	b->note_count++;
}

static void load(brief *b, const kam_repo *repo)
{
	b->plan_file = kam_index_doc_file(b->x, b->entity->doc);
	b->plan_unread = kam_index_doc_unread(b->x, b->entity->doc);
	if (!b->plan_unread) {
		kam_diag_list ignored = {0};
		kam_doc_read(&b->plan_doc, kam_repo_files(repo), kam_index_doc_path(b->x, b->entity->doc),
			     b->plan_file, NULL, &ignored);
		kam_diag_list_release(&ignored);
		const kam_node *fm = kam_doc_frontmatter(b->plan_doc);
		b->plan = fm && fm->kind == KAM_NODE_MAP ? fm : NULL;
		if (!b->plan)
			b->plan_unread = "not readable";
	}
	b->unread += b->plan_unread != NULL;
	kam_account_view_read(&b->view, b->plan);
	kam_node_index_items(&b->contacts, kam_node_get(b->plan, "contacts"), "id");
	size_t docs = kam_index_doc_count(b->x);
	b->notes = kam_xcalloc(docs + 1, sizeof(*b->notes));
	for (size_t d = 0; d < docs; d++)
		if (!kam_index_doc_is_plan(b->x, d) && same(kam_index_doc_account(b->x, d), b->account))
			load_note(b, repo, d);
	qsort(b->notes, b->note_count, sizeof(*b->notes), newest_first);
}

static void release(brief *b)
{
	for (size_t i = 0; i < b->note_count; i++)
		kam_doc_free(b->notes[i].doc);
	free(b->notes);
	kam_text_table_release(&b->contacts);
	kam_doc_free(b->plan_doc);
}

/* ------------------------------------------------------------------ */
/* the two sheets                                                      */

static void plan_unread_line(brief *b, const char *what)
{
	item(b, 0);
	lit(b, "could not read ");
	val(b, b->plan_file);
	lit(b, " (");
	val(b, b->plan_unread);
	lit(b, "): ");
	lit(b, what);
	lit(b, " not shown; run kam check");
	end(b);
}

static void account_sheet(brief *b)
{
	title_start(b);
	val(b, b->view.name ? b->view.name : b->account);
	lit(b, " (");
	id(b, b->account);
	lit(b, ")");
	title_end(b);
	if (b->plan_unread)
		plan_unread_line(b, "its deals, people and actions are");
	field(b, 0, "tier", b->view.tier_text);
	if (b->view.owner) {
		item(b, 0);
		lit(b, "owner: ");
		owner(b, b->view.owner);
		end(b);
	}
	field(b, 0, "focus", b->view.focus);
	field(b, 0, "reviewed", b->view.reviewed);
	field(b, 0, "validated by the client", b->view.validated);
	next_renewal(b);
	if (!b->plan_unread)
		deals(b, NULL);
	routed(b);
	if (!b->plan_unread) {
		goals(b);
		actions(b, NULL);
	}
	notes(b, NULL);
}

static void roles_line(brief *b, const kam_contact_view *c)
{
	item(b, 0);
	lit(b, "roles across the account: ");
	bool any = false;
	for (int r = 0; r < KAM_ROLE_UNKNOWN; r++)
		if (kam_contact_has_role(c, (kam_role)r)) {
			lit(b, any ? ", " : "");
			role_text(b, (kam_role)r);
			any = true;
		}
	lit(b, any ? "" : "none");
	end(b);
}

/* The first step of the relationship plan whose quarter has not passed. */
static const kam_node *next_step(const brief *b, const kam_contact_view *c)
{
	const kam_node *best = NULL;
	kam_quarter best_q = {0, 0};
	for (size_t i = 0; c->steps && i < c->steps->count; i++) {
		kam_quarter q;
		const char *text = kam_node_string(kam_node_get(c->steps->items[i], "quarter"));
		if (!text || !kam_quarter_parse(text, &q) || kam_quarter_compare(q, b->quarter) < 0)
			continue;
		if (!best || kam_quarter_compare(q, best_q) < 0) {
			best = c->steps->items[i];
			best_q = q;
		}
	}
	return best;
}

static void level_text(brief *b, int level)
{
	kam_buf_printf(b->out, "%d (", level);
	lit(b, kam_level_label(level));
	lit(b, ")");
}

static void relationship(brief *b, const kam_contact_view *c)
{
	item(b, 0);
	lit(b, "relationship: ");
	if (c->level >= 0) {
		lit(b, "level ");
		level_text(b, c->level);
	} else
		lit(b, "level not given");
	if (c->target >= 0) {
		lit(b, ", target ");
		level_text(b, c->target);
	}
	if (c->by) {
		lit(b, " by ");
		val(b, c->by);
	}
	end(b);
	const kam_node *step = next_step(b, c);
	item(b, 0);
	lit(b, "next step: ");
	if (!step)
		lit(b, "none planned");
	else {
		val(b, kam_node_string(kam_node_get(step, "quarter")));
		const kam_node *level = kam_node_get(step, "level");
		if (level && level->kind == KAM_NODE_NUMBER && kam_node_is_integer(level) &&
		    level->number >= 0 && level->number <= KAM_LEVEL_MAX) {
			lit(b, " level ");
			level_text(b, (int)level->number);
		}
		const char *how = kam_node_string(kam_node_get(step, "how"));
		if (how) {
			lit(b, ": ");
			val(b, how);
		}
	}
	end(b);
}

static void person_sheet(brief *b, const char *pid, const kam_contact_view *c)
{
	title_start(b);
	val(b, c->name ? c->name : pid);
	lit(b, " (");
	id(b, b->subject);
	lit(b, ")");
	title_end(b);
	if (b->plan_unread)
		plan_unread_line(b, "their roles, deals and actions are");
	field(b, 0, "account", b->view.name ? b->view.name : b->account);
	if (!b->plan_unread) {
		field(b, 0, "title", c->title);
		item(b, 0);
		lit(b, "status: ");
		if (c->status == KAM_CONTACT_ACTIVE)
			lit(b, kam_contact_status_name(KAM_CONTACT_ACTIVE));
		status_of(b, c);
		end(b);
		roles_line(b, c);
		item(b, 0);
		lit(b, "attitude: ");
		lit(b, c->attitude == KAM_ATTITUDE_UNKNOWN ? "unknown" : kam_attitude_name(c->attitude));
		lit(b, "; influence: ");
		lit(b, c->influence == KAM_INFLUENCE_UNKNOWN ? "unknown" : kam_influence_name(c->influence));
		end(b);
		relationship(b, c);
		item(b, 0);
		lit(b, "our owner: ");
		if (c->owner)
			owner(b, c->owner);
		else
			lit(b, "none");
		end(b);
	}
	item(b, 0);
	last_met(b, pid, true);
	end(b);
	if (!b->plan_unread) {
		deals(b, pid);
		actions(b, pid);
	}
	notes(b, pid);
}

/* ------------------------------------------------------------------ */
/* finding the subject                                                 */

static int unknown_account(const kam_repo *repo, const char *account, kam_error *err)
{
	char *guess = kam_repo_closest_account(repo, account);
	int rc = kam_error_set(err, KAM_ENOTFOUND, "'%s' names no account%s%s%s", account,
			       guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
	free(guess);
	return rc;
}

static int unknown_contact(const brief *b, const char *subject, kam_error *err)
{
	const kam_node *list = kam_node_get(b->plan, "contacts");
	size_t count = list && list->kind == KAM_NODE_SEQ ? list->count : 0, n = 0;
	char **labels = kam_xcalloc(count + 1, sizeof(char *));
	for (size_t i = 0; i < count; i++) {
		const char *cid = kam_node_string(kam_node_get(list->items[i], "id"));
		if (cid)
			labels[n++] = kam_xprintf("%s#%s", b->account, cid);
	}
	const char *guess = kam_closest(subject, (const char *const *)labels, n);
	int rc = kam_error_set(err, KAM_ENOTFOUND, "'%s' names no contact of %s%s%s%s", subject,
			       b->account, guess ? "; did you mean '" : "", guess ? guess : "",
			       guess ? "'?" : "");
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	return rc;
}

int kam_brief(kam_buf *out, size_t *unread, const kam_repo *repo, const kam_index *index,
	      const kam_portfolio *all, const char *subject, const char *today,
	      kam_brief_format format, kam_error *err)
{
	const char *hash = strchr(subject, '#');
	char *account = hash ? kam_xstrndup(subject, (size_t)(hash - subject)) : kam_xstrdup(subject);
	const char *pid = hash ? hash + 1 : NULL;
	brief b = {.out = out, .format = format, .x = index, .config = kam_repo_config(repo),
		   .all = all, .account = account, .subject = subject};
	b.today = kam_today(b.config->timezone, today);
	b.quarter = kam_quarter_of(b.today, b.config->fiscal_year_start);
	b.entity = kam_index_find(index, account, NULL);
	int rc = KAM_OK;
	if (!b.entity || !same(b.entity->ns, "account")) {
		rc = unknown_account(repo, account, err);
		goto done;
	}
	load(&b, repo);
	kam_contact_view c;
	kam_contact_view_read(&c, contact_node(&b, pid));
	if (pid && !b.plan_unread && !c.node) {
		rc = unknown_contact(&b, subject, err);
		goto done;
	}
	if (pid)
		person_sheet(&b, pid, &c);
	else
		account_sheet(&b);
	if (unread)
		*unread = b.unread;
done:
	release(&b);
	free(account);
	return rc;
}
