/* kam export: the plans as CSV tables; see kam/export.h. */
#include "kam/export.h"

#include <stdlib.h>
#include <string.h>

#include "kam/contracts.h"
#include "kam/csv.h"
#include "kam/doc.h"
#include "kam/plan.h"
#include "commerce.h"
#include "banned.h"

/* What every row of a plan starts with. */
typedef struct account_cells {
	const char *account, *crm_id, *currency, *file;
} account_cells;

typedef void (*rows_fn)(kam_csv *csv, const account_cells *a, const kam_node *doc);

typedef struct table {
	const char *name;
	const char *const *columns;
	size_t count;
	rows_fn rows;
} table;

static void row_start(kam_csv *csv, const account_cells *a)
{
	kam_csv_text(csv, a->account);
	kam_csv_text(csv, a->crm_id);
}

/* --- opportunities ---------------------------------------------------- */

static const char *const opportunity_columns[] = {
	"account", "x-crm-id", "id", "title", "stage", "value", "currency", "close",
	"probability", "forecast", "type", "owner", "route", "partner", "must_win",
	"sole_source", "renews", "offering", "unit", "competitors", "lost_to", "lost_reason",
	"opened"};

/* The text items of a list joined with ';'. */
static void list_cell(kam_csv *csv, const kam_node *seq)
{
	kam_buf list = KAM_BUF_INIT;
	for (size_t i = 0; seq && i < seq->count; i++)
		kam_csv_list_add(&list, kam_node_string(seq->items[i]));
	kam_csv_text(csv, kam_buf_cstr(&list));
	kam_buf_release(&list);
}

static void opportunity_row(kam_csv *csv, const account_cells *a, const kam_opportunity_view *o)
{
	row_start(csv, a);
	kam_csv_text(csv, o->id);
	kam_csv_text(csv, o->title);
	kam_csv_text(csv, kam_stage_name(o->stage));
	kam_csv_number_if(csv, o->has_value, o->value);
	kam_csv_text(csv, a->currency);
	kam_csv_text(csv, o->close);
	kam_csv_number_if(csv, o->has_probability, o->probability);
	kam_csv_text(csv, kam_forecast_name(o->forecast));
	kam_csv_text(csv, kam_deal_type_name(o->type));
	kam_csv_text(csv, o->owner);
	kam_csv_text(csv, o->route);
	kam_csv_text(csv, o->partner);
	kam_csv_bool(csv, o->must_win);
	kam_csv_bool(csv, o->sole_source);
	kam_csv_text(csv, o->renews);
	kam_csv_text(csv, o->offering);
	kam_csv_text(csv, o->unit);
	list_cell(csv, o->competitors);
	kam_csv_text(csv, o->lost_to);
	kam_csv_text(csv, kam_lost_reason_name(o->lost_reason));
	kam_csv_text(csv, o->opened);
	kam_csv_end_row(csv);
}

static void opportunity_rows(kam_csv *csv, const account_cells *a, const kam_node *doc)
{
	const kam_node *opps = kam_node_seq_at(doc, "opportunities");
	for (size_t i = 0; opps && i < opps->count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (o.node)
			opportunity_row(csv, a, &o);
	}
}

/* --- contacts --------------------------------------------------------- */

static const char *const contact_columns[] = {
	"account", "x-crm-id", "id", "name", "title", "unit", "reports_to", "roles",
	"attitude", "influence", "status", "since", "successor", "owner", "level", "target",
	"by", "email", "phone"};

static void roles_cell(kam_csv *csv, const kam_contact_view *c)
{
	kam_buf list = KAM_BUF_INIT;
	for (int r = 0; r < KAM_ROLE_UNKNOWN; r++)
		if (kam_contact_has_role(c, (kam_role)r))
			kam_csv_list_add(&list, kam_role_name((kam_role)r));
	kam_csv_text(csv, kam_buf_cstr(&list));
	kam_buf_release(&list);
}

static void contact_row(kam_csv *csv, const account_cells *a, const kam_contact_view *c)
{
	kam_contact_details d;
	kam_contact_details_read(&d, c);
	row_start(csv, a);
	kam_csv_text(csv, c->id);
	kam_csv_text(csv, c->name);
	kam_csv_text(csv, c->title);
	kam_csv_text(csv, d.unit);
	kam_csv_text(csv, d.reports_to);
	roles_cell(csv, c);
	kam_csv_text(csv, kam_attitude_name(c->attitude));
	kam_csv_text(csv, kam_influence_name(c->influence));
	kam_csv_text(csv, kam_contact_status_name(c->status));
	kam_csv_text(csv, c->since);
	kam_csv_text(csv, c->successor);
	kam_csv_text(csv, c->owner);
	kam_csv_number_if(csv, c->level >= 0, c->level);
	kam_csv_number_if(csv, c->target >= 0, c->target);
	kam_csv_text(csv, c->by);
	kam_csv_text(csv, d.email);
	kam_csv_text(csv, d.phone);
	kam_csv_end_row(csv);
}

static void contact_rows(kam_csv *csv, const account_cells *a, const kam_node *doc)
{
	const kam_node *contacts = kam_node_seq_at(doc, "contacts");
	for (size_t i = 0; contacts && i < contacts->count; i++) {
		kam_contact_view c;
		kam_contact_view_read(&c, contacts->items[i]);
		if (c.node)
			contact_row(csv, a, &c);
	}
}

/* --- actions ---------------------------------------------------------- */

static const char *const action_columns[] = {
	"account", "x-crm-id", "id", "text", "owner", "due", "status", "contact",
	"opportunity", "goal", "file"};

static void action_rows_of(kam_csv *csv, const account_cells *a, const kam_node *actions)
{
	for (size_t i = 0; actions && i < actions->count; i++) {
		kam_action_view v;
		kam_action_view_read(&v, actions->items[i]);
		if (!v.node)
			continue;
		row_start(csv, a);
		kam_csv_text(csv, v.id);
		kam_csv_text(csv, v.text);
		kam_csv_text(csv, v.owner);
		kam_csv_text(csv, v.due);
		/* no status means open: say so, so a filter on "open" finds it */
		kam_csv_text(csv, v.status ? v.status : kam_action_open_word());
		kam_csv_text(csv, v.contact);
		kam_csv_text(csv, v.opportunity);
		kam_csv_text(csv, v.goal);
		kam_csv_text(csv, a->file);
		kam_csv_end_row(csv);
	}
}

static void action_rows(kam_csv *csv, const account_cells *a, const kam_node *doc)
{
	kam_meeting_view m;
	kam_meeting_view_read(&m, doc);
	action_rows_of(csv, a, m.is_meeting ? m.actions : kam_node_seq_at(doc, "actions"));
}

/* --- revenue ---------------------------------------------------------- */

static const char *const revenue_columns[] = {"account", "x-crm-id", "quarter", "target",
					      "actual", "currency"};

static void revenue_rows(kam_csv *csv, const account_cells *a, const kam_node *doc)
{
	const kam_node *rows = kam_node_seq_at(doc, "revenue");
	for (size_t i = 0; rows && i < rows->count; i++) {
		kam_revenue_view r;
		kam_revenue_view_read(&r, rows->items[i]);
		if (!r.node)
			continue;
		row_start(csv, a);
		kam_csv_text(csv, r.quarter);
		kam_csv_number_if(csv, r.has_target, r.target);
		kam_csv_number_if(csv, r.has_actual, r.actual);
		kam_csv_text(csv, a->currency);
		kam_csv_end_row(csv);
	}
}

/* --- contracts -------------------------------------------------------- */

static const char *const contract_columns[] = {
	"account", "x-crm-id", "id", "title", "value", "currency", "start", "end",
	"notice_months", "notice_date", "auto_renew", "renewed_by"};

static void contract_row(kam_csv *csv, const account_cells *a, const kam_contract_view *k,
			 const char *renewed_by)
{
	kam_date end, notice;
	char notice_text[11] = "";
	if (kam_contract_dates(k, &end, &notice))
		kam_date_format(notice, notice_text);
	row_start(csv, a);
	kam_csv_text(csv, k->id);
	kam_csv_text(csv, k->title);
	kam_csv_number_if(csv, k->has_value, k->value);
	kam_csv_text(csv, a->currency);
	kam_csv_text(csv, k->start);
	kam_csv_text(csv, k->end);
	kam_csv_number_if(csv, k->notice_months >= 0, k->notice_months);
	kam_csv_text(csv, notice_text);
	kam_csv_bool(csv, k->auto_renew);
	kam_csv_text(csv, renewed_by);
	kam_csv_end_row(csv);
}

/* Each contract's first renewing deal (open or won), as
 * kam_contract_renewed_by finds it, through a table: asking per contract
 * would be quadratic in a plan of many contracts and deals. */
static void index_renewals(kam_text_table *renewals, const kam_node *doc)
{
	const kam_node *opps = kam_node_seq_at(doc, "opportunities");
	for (size_t i = 0; opps && i < opps->count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (o.renews && o.stage != KAM_STAGE_LOST) /* a lost deal renews nothing */
			kam_text_table_put(renewals, o.renews, strlen(o.renews), i);
	}
}

static void contract_rows(kam_csv *csv, const account_cells *a, const kam_node *doc)
{
	const kam_node *contracts = kam_node_seq_at(doc, "contracts");
	const kam_node *opps = kam_node_seq_at(doc, "opportunities");
	kam_text_table renewals = {0};
	if (contracts && contracts->count)
		index_renewals(&renewals, doc);
	for (size_t i = 0; contracts && i < contracts->count; i++) {
		kam_contract_view k;
		kam_contract_view_read(&k, contracts->items[i]);
		size_t deal;
		kam_opportunity_view by = {0};
		if (k.id && kam_text_table_get(&renewals, k.id, strlen(k.id), &deal))
			kam_opportunity_view_read(&by, opps->items[deal]);
		if (k.node)
			contract_row(csv, a, &k, by.id);
	}
	kam_text_table_release(&renewals);
}

/* --- the tables ------------------------------------------------------- */

#define TABLE(name, columns, rows) {name, columns, sizeof(columns) / sizeof(columns[0]), rows}

static const table tables[KAM_EXPORT_UNKNOWN] = {
	TABLE("opportunities", opportunity_columns, opportunity_rows),
	TABLE("contacts", contact_columns, contact_rows),
	TABLE("actions", action_columns, action_rows),
	TABLE("revenue", revenue_columns, revenue_rows),
	TABLE("contracts", contract_columns, contract_rows),
};

kam_export_kind kam_export_kind_parse(const char *text)
{
	for (int k = 0; text && k < KAM_EXPORT_UNKNOWN; k++)
		if (strcmp(tables[k].name, text) == 0)
			return (kam_export_kind)k;
	return KAM_EXPORT_UNKNOWN;
}

const char *kam_export_kind_name(kam_export_kind kind)
{
	return (unsigned)kind < KAM_EXPORT_UNKNOWN ? tables[kind].name : NULL;
}

const char *const *kam_export_columns(kam_export_kind kind, size_t *count)
{
	bool known = (unsigned)kind < KAM_EXPORT_UNKNOWN;
	*count = known ? tables[kind].count : 0;
	return known ? tables[kind].columns : NULL;
}

/* --- reading the repository ------------------------------------------ */

typedef struct export_run {
	const kam_repo *repo;
	const table *table;
	kam_csv csv;
	kam_export_unread *unread;
	size_t unread_count, unread_alloc;
	char *account, *crm_id; /* of the last plan read, for its notes */
	commerce_claims claims;	/* a duplicate plan's rows would be counted twice */
} export_run;

static void note_unread(export_run *run, const char *file, const kam_diag_list *diags)
{
	run->unread = kam_grow(run->unread, &run->unread_alloc, run->unread_count + 1,
			       sizeof(*run->unread));
	kam_export_unread *u = &run->unread[run->unread_count++];
	*u = (kam_export_unread){.file = kam_xstrdup(file)};
	if (diags->count) {
		const kam_diag *d = &diags->items[0];
		u->line = d->line;
		u->column = d->column;
		u->why = kam_xprintf("%s: %s", kam_rule_id(d->rule), d->message);
	} else
		u->why = kam_xstrdup("no frontmatter mapping");
}

/* The plan's x-crm-id, kept for the notes of its account that follow. */
static void remember_account(export_run *run, const kam_entry *e, const kam_node *plan)
{
	kam_account_view view;
	kam_account_view_read(&view, plan);
	const char *crm = kam_account_crm_id(&view);
	free(run->account);
	free(run->crm_id);
	run->account = kam_xstrdup(e->account);
	run->crm_id = crm ? kam_xstrdup(crm) : NULL;
}

/* A plain Markdown note beside the plans (no frontmatter) is fine, as kam
 * check says: it has no actions to miss. */
static bool plain_note(const kam_entry *e, const kam_diag_list *diags)
{
	return !e->is_plan && diags->count == 1 &&
	       diags->items[0].rule == KAM_RULE_FRONTMATTER_MISSING;
}

static void export_entry(export_run *run, const kam_entry *e)
{
	kam_doc *doc = NULL;
	kam_diag_list diags = {0};
	kam_doc_read(&doc, kam_repo_files(run->repo), e->rel, e->rel, NULL, &diags);
	const kam_node *fm = kam_doc_frontmatter(doc);
	char *duplicate = fm && fm->kind == KAM_NODE_MAP
				  ? commerce_claims_duplicate(&run->claims, e, fm)
				  : NULL;
	if (duplicate) {
		run->unread = kam_grow(run->unread, &run->unread_alloc, run->unread_count + 1,
				       sizeof(*run->unread));
		run->unread[run->unread_count++] =
		    (kam_export_unread){.file = kam_xstrdup(e->rel), .why = duplicate};
		remember_account(run, e, NULL);
	} else if (fm && fm->kind == KAM_NODE_MAP) {
		if (e->is_plan)
			remember_account(run, e, fm);
		bool same = run->account && strcmp(run->account, e->account) == 0;
		account_cells a = {.account = e->account, .crm_id = same ? run->crm_id : NULL,
				   .currency = commerce_currency(fm, kam_repo_config(run->repo)),
				   .file = e->rel};
		run->table->rows(&run->csv, &a, fm);
	} else if (!plain_note(e, &diags)) {
		note_unread(run, e->rel, &diags);
		if (e->is_plan)
			remember_account(run, e, NULL);
	}
	kam_diag_list_release(&diags);
	kam_doc_free(doc);
}

void kam_export_unread_free(kam_export_unread *unread, size_t count)
{
	for (size_t i = 0; unread && i < count; i++) {
		free(unread[i].file);
		free(unread[i].why);
	}
	free(unread);
}

int kam_export_csv(kam_buf *out, kam_export_unread **unread, size_t *unread_count,
		   const kam_repo *repo, kam_export_kind kind, kam_error *err)
{
	*unread = NULL;
	*unread_count = 0;
	if ((unsigned)kind >= KAM_EXPORT_UNKNOWN)
		return kam_error_set(err, KAM_EUSAGE, "not a kind of table kam exports");
	kam_entry *entries = NULL;
	size_t count = 0;
	int rc = kam_repo_list(repo, &entries, &count, err);
	if (rc < 0)
		return rc;
	/* a plan, then the notes of its account (accounts/acme.md sorts
	 * before accounts/acme/...: '.' < '/') */
	kam_keyed *order = kam_xcalloc(count ? count : 1, sizeof(*order));
	for (size_t i = 0; i < count; i++)
		order[i] = (kam_keyed){.key = entries[i].account, .index = i};
	kam_sort_keyed(order, count);
	kam_buf body = KAM_BUF_INIT;
	export_run run = {.repo = repo, .table = &tables[kind]};
	kam_csv_init(&run.csv, &body, run.table->columns, run.table->count);
	commerce_claims_init(&run.claims, entries, count);
	for (size_t i = 0; i < count; i++) {
		const kam_entry *e = &entries[order[i].index];
		if (e->is_plan || kind == KAM_EXPORT_ACTIONS)
			export_entry(&run, e);
	}
	commerce_claims_release(&run.claims);
	kam_buf_add(out, body.ptr, body.len);
	*unread = run.unread;
	*unread_count = run.unread_count;
	kam_buf_release(&body);
	free(run.account);
	free(run.crm_id);
	free(order);
	kam_entries_free(entries, count);
	return KAM_OK;
}
