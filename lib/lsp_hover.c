/* lsp_hover.c - textDocument/hover: a Markdown card for the entity under
 * the cursor (a contact, a team member, an account, anything else with an
 * id), read from its plan with the typed views of kam/plan.h; on a
 * frontmatter key, the schema's title and description of that key. Every
 * value that comes from a plan is escaped: it shows literally. A client
 * that takes plain text only gets the card without its marks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/doc.h"
#include "kam/plan.h"
#include "kam/quarter.h"
#include "kam/schema.h"
#include "kam/util.h"
#include "lsp_at.h"
#include "lsp_context.h"
#include "lsp_features.h"

json_t *lsp_hover_capability(json_t *client_caps)
{
	(void)client_caps; /* the same whatever the client */
	return json_true();
}

/* Append text so that Markdown shows it as written inside a line (never
 * at a line's start: the card puts a label first): emphasis, code, link,
 * table and strike-through marks backslash-escaped, < > & as entities
 * (no HTML gets through), line ends as spaces. */
static void md_escape(kam_buf *out, const char *text)
{
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == '<')
			kam_buf_puts(out, "&lt;");
		else if (*p == '>')
			kam_buf_puts(out, "&gt;");
		else if (*p == '&')
			kam_buf_puts(out, "&amp;");
		else if (*p == '\n' || *p == '\r')
			kam_buf_putc(out, ' ');
		else {
			if (strchr("\\`*_[]|~", *p))
				kam_buf_putc(out, '\\');
			kam_buf_putc(out, *p);
		}
	}
}

/* "label: value" as a line of the card; nothing when value is NULL. */
static void card_line(kam_buf *out, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	kam_buf_printf(out, "\n\n%s: ", label);
	md_escape(out, value);
}

/* The parsed file of an entity (its frontmatter at *tree), or NULL. */
static kam_doc *entity_doc(lsp_server *s, const lsp_repo *r, const kam_entity *e,
			   const kam_node **tree)
{
	*tree = NULL;
	if (e->doc == KAM_DOC_NONE)
		return NULL;
	const char *rel = kam_index_doc_path(r->index, e->doc);
	size_t len;
	char *text = lsp_file_text(s, r->root, rel, &len);
	if (!text)
		return NULL;
	kam_doc *doc = NULL;
	kam_diag_list diags;
	kam_diag_list_init(&diags);
	kam_doc_parse(&doc, rel, text, len, NULL, &diags);
	kam_diag_list_release(&diags);
	free(text);
	*tree = lsp_node_at_path(kam_doc_frontmatter(doc), e->path ? e->path : "");
	return doc;
}

static const char *team_name(const lsp_repo *r, const char *id)
{
	size_t count;
	const kam_entity *es = kam_index_entities(r->index, &count);
	for (size_t i = 0; id && i < count; i++)
		if (!es[i].account && strcmp(es[i].ns, "team") == 0 && strcmp(es[i].id, id) == 0)
			return es[i].name ? es[i].name : id;
	return id;
}

static void heading(kam_buf *out, const kam_entity *e, const char *what)
{
	kam_buf_puts(out, "**");
	md_escape(out, e->name ? e->name : e->id);
	kam_buf_puts(out, "**");
	kam_buf_printf(out, " `%s` ", e->id); /* an id is a slug: nothing to escape in code */
	md_escape(out, what);
}

static void contact_card(kam_buf *out, lsp_server *s, const lsp_repo *r, const kam_entity *e,
			 const kam_node *node)
{
	kam_contact_view v;
	kam_contact_view_read(&v, node);
	heading(out, e, "contact");
	if (e->account)
		kam_buf_printf(out, " of `%s`", e->account);
	card_line(out, "title", v.title);
	kam_buf roles = KAM_BUF_INIT;
	for (int role = 0; role < (int)KAM_ROLE_UNKNOWN; role++)
		if (v.roles & KAM_ROLE_BIT(role))
			kam_buf_printf(&roles, "%s%s", roles.len ? ", " : "", kam_role_name((kam_role)role));
	card_line(out, "roles", roles.len ? roles.ptr : NULL);
	kam_buf_release(&roles);
	card_line(out, "attitude", kam_attitude_name(v.attitude));
	card_line(out, "influence",
		  v.influence < KAM_INFLUENCE_UNKNOWN ? kam_influences[v.influence].name : NULL);
	card_line(out, "owner", team_name(r, v.owner));
	const kam_config *config = kam_repo_config(r->repo);
	kam_date today = kam_today(config ? config->timezone : NULL, lsp_today(s));
	const kam_touch *t = kam_index_last_met(r->index, e->account, e->id, today);
	if (t) {
		char date[11], line[64];
		kam_date_format(t->date, date);
		snprintf(line, sizeof line, "%s (%s)", date, t->kind);
		card_line(out, "last met", line);
	} else {
		card_line(out, "last met", "never");
	}
}

static void team_card(kam_buf *out, const lsp_repo *r, const kam_entity *e)
{
	heading(out, e, "team member");
	const kam_config *config = kam_repo_config(r->repo);
	for (size_t i = 0; config && i < config->team_count; i++)
		if (strcmp(config->team[i].id, e->id) == 0)
			card_line(out, "role", config->team[i].role);
	kam_buf owned = KAM_BUF_INIT;
	for (size_t i = 0; i < r->plan_count; i++)
		if (r->plans[i].owner && strcmp(r->plans[i].owner, e->id) == 0 && r->plans[i].account)
			kam_buf_printf(&owned, "%s%s", owned.len ? ", " : "", r->plans[i].account);
	card_line(out, "accounts", owned.len ? owned.ptr : "none");
	kam_buf_release(&owned);
}

static void account_card(kam_buf *out, const lsp_repo *r, const kam_entity *e)
{
	heading(out, e, "account");
	const kam_plan_summary *p = NULL;
	for (size_t i = 0; i < r->plan_count && !p; i++)
		if (r->plans[i].account && strcmp(r->plans[i].account, e->id) == 0)
			p = &r->plans[i];
	if (e->unread || !p) {
		card_line(out, "plan", "kam cannot read this plan");
		return;
	}
	card_line(out, "type", p->type);
	card_line(out, "tier", p->tier);
	card_line(out, "owner", team_name(r, p->owner));
	char line[128];
	snprintf(line, sizeof line, "%.0f %s in %zu open deal%s", p->open_pipeline,
		 p->currency ? p->currency : "", p->open_opportunities,
		 p->open_opportunities == 1 ? "" : "s");
	card_line(out, "open pipeline", line);
	snprintf(line, sizeof line, "%d/100", p->health.score);
	card_line(out, "health", line);
}

static json_t *entity_hover(lsp_server *s, const lsp_repo *r, const lsp_doc *d,
			    const lsp_target *t)
{
	const kam_entity *e = t->entity;
	kam_buf out = KAM_BUF_INIT;
	const kam_node *node;
	kam_doc *doc = NULL;
	if (strcmp(e->ns, "contact") == 0) {
		doc = entity_doc(s, r, e, &node);
		contact_card(&out, s, r, e, node);
	} else if (!e->account && strcmp(e->ns, "team") == 0) {
		team_card(&out, r, e);
	} else if (e->account && e->path && !*e->path) {
		account_card(&out, r, e);
	} else {
		heading(&out, e, e->ns);
		card_line(&out, "in", e->file);
	}
	kam_doc_free(doc);
	json_t *result = json_pack("{s:o, s:o}", "contents",
				   lsp_markup(s, LSP_MARKUP_HOVER, out.ptr ? out.ptr : ""), "range",
				   lsp_range_at(d->text, d->len, t->start, t->end, lsp_encoding_of(s)));
	kam_buf_release(&out);
	return result;
}

/* On a frontmatter key: its schema title and description. */
static json_t *key_hover(lsp_server *s, const lsp_repo *r, const lsp_doc *d, size_t offset)
{
	lsp_context c;
	lsp_context_at(d->text, d->len, offset, &c);
	if (c.kind != LSP_CTX_KEY || c.word_end >= d->len || d->text[c.word_end] != ':' ||
	    c.word_end == c.word_start || c.depth >= LSP_PATH_MAX)
		return json_null();
	size_t n = c.word_end - c.word_start;
	lsp_path_step *key = &c.path[c.depth++];
	memset(key, 0, sizeof *key);
	if (n >= sizeof key->key)
		return json_null();
	memcpy(key->key, d->text + c.word_start, n);
	size_t rn = strlen(r->root);
	const char *accounts = kam_repo_accounts_path(r->repo);
	const char *accounts_rel =
		strncmp(accounts, r->root, rn) == 0 && accounts[rn] == '/' ? accounts + rn + 1 : "";
	char account[256];
	bool plan;
	if (strncmp(d->path, r->root, rn) != 0 || d->path[rn] != '/' ||
	    !lsp_doc_account(d->path + rn + 1, accounts_rel, account, sizeof account, &plan))
		return json_null();
	const kam_schema *schema = kam_repo_schema(r->repo, plan ? "account" : "meeting");
	if (!schema)
		return json_null();
	const kam_node *nodes[64];
	size_t count = lsp_schema_at(kam_schema_root(schema), c.path, c.depth, nodes, 64);
	const char *title = NULL, *description = NULL;
	for (size_t i = 0; i < count; i++) {
		if (!title)
			title = kam_node_text_at(nodes[i], "title");
		if (!description)
			description = kam_node_text_at(nodes[i], "description");
	}
	if (!title && !description)
		return json_null();
	kam_buf out = KAM_BUF_INIT;
	kam_buf_printf(&out, "**%s** `%s`", title ? title : key->key, key->key);
	if (description)
		kam_buf_printf(&out, "\n\n%s", description);
	json_t *result = json_pack("{s:o, s:o}", "contents", lsp_markup(s, LSP_MARKUP_HOVER, out.ptr),
				   "range",
				   lsp_range_at(d->text, d->len, c.word_start, c.word_end,
						lsp_encoding_of(s)));
	kam_buf_release(&out);
	return result;
}

json_t *lsp_hover(lsp_server *s, json_t *params, lsp_error *err)
{
	const lsp_doc *d = lsp_doc_of(s, params, err);
	size_t offset;
	if (!d || !lsp_request_offset(s, d, params, &offset, err))
		return NULL;
	const lsp_repo *r = lsp_repo_of(s, d->root);
	if (!r || !r->repo || !r->index)
		return json_null();
	lsp_target t;
	if (lsp_target_at(r, d, offset, &t) && t.entity)
		return entity_hover(s, r, d, &t);
	return key_hover(s, r, d, offset);
}
