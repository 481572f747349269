/* kam render: the static site. Pages are built in memory from the plans
 * (re-read through the repository's files), the resolved index and the
 * plan summaries, then written to a new folder that replaces the old one
 * in one rename. */
#define _GNU_SOURCE /* syncfs */
#include "kam/render.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kam/body.h"
#include "kam/doc.h"
#include "kam/gitwrite.h"
#include "kam/pool.h"
#include "kam/status.h"
#include "mdwrite.h"
#include "svg.h"
#include "banned.h"

#define esc kam_html_escape

/* ------------------------------------------------------------------ */
/* the site in memory                                                  */

/* Where pages go: files in the new site's folder, written as they are made,
 * so the site is never all in memory. The first failure is kept. */
typedef struct writer {
	const char *dir;
	int rc;
	kam_error err;
} writer;

static int write_file(const char *dir, const char *rel, const char *data, size_t len, kam_error *err);

static void emit(writer *w, const char *path, kam_buf *b)
{
	if (w->rc == KAM_OK)
		w->rc = write_file(w->dir, path, kam_buf_cstr(b), b->len, &w->err);
	kam_buf_release(b);
}

/* One page made on a worker: an account's or a note's. */
typedef struct page_job {
	const kam_plan_summary *plan;
	const kam_entry *note;
	kam_buf *people, *actions; /* rows it adds to team members' pages, per member */
	writer out;
} page_job;

typedef struct site {
	const kam_render_input *in;
	bool unsafe_html;
	kam_buf *people, *actions; /* per team member, merged from the account pages */
	kam_buf *teams;            /* per team member: the account teams they are on */
	kam_text_table accounts;   /* account id -> its plan's number in in->plans */
	size_t *backlinks;         /* references across accounts, by target account */
	size_t backlink_count;
	page_job *jobs;
	writer out; /* the pages made after the jobs */
} site;

bool kam_url_safe(const char *url)
{
	while (*url == ' ' || *url == '\t' || *url == '\n' || *url == '\r')
		url++;
	static const char *const banned[] = {"javascript:", "vbscript:", "data:", "file:"};
	for (size_t i = 0; i < 4; i++)
		if (strncasecmp(url, banned[i], strlen(banned[i])) == 0)
			return false;
	return true;
}

static const char *str(const kam_node *map, const char *key)
{
	return kam_node_string(kam_node_get(map, key));
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static const kam_team_member *member(const site *s, const char *id)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	for (size_t i = 0; id && i < c->team_count; i++)
		if (same(c->team[i].id, id))
			return &c->team[i];
	return NULL;
}

/* "AP" for Anna Petrova. */
static void initials_of(void *ctx, const char *id, char out[8])
{
	const kam_team_member *m = member(ctx, id);
	const char *name = m ? m->name : id;
	size_t n = 0;
	for (const char *p = name; *p && n < 3; p++)
		if ((p == name || p[-1] == ' ' || p[-1] == '.') && *p != ' ' && *p != '.')
			out[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	out[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* page frame                                                          */

static void page_start(kam_buf *b, const char *title, const char *root)
{
	kam_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(b, title);
	kam_buf_printf(b, "</title>\n<link rel=\"stylesheet\" href=\"%skam.css\">\n</head>\n<body>\n"
			  "<nav><a href=\"%sindex.html\">Portfolio</a></nav>\n<main>\n",
		       root, root);
}

static void page_end(kam_buf *b, const site *s)
{
	char today[11];
	kam_date_format(s->in->ctx->today, today);
	kam_buf_printf(b, "</main>\n<footer>Made by kam " KAM_VERSION " from the plans as of %s.</footer>\n"
			  "</body>\n</html>\n",
		       today);
}

static void member_link(kam_buf *b, const site *s, const char *id, const char *root)
{
	const kam_team_member *m = member(s, id);
	if (!m) {
		esc(b, id ? id : "-");
		return;
	}
	kam_buf_printf(b, "<a href=\"%steam/", root);
	esc(b, m->id);
	kam_buf_puts(b, ".html\">");
	esc(b, m->name);
	kam_buf_puts(b, "</a>");
}

static void account_link(kam_buf *b, const char *account, const char *label, const char *root)
{
	kam_buf_printf(b, "<a href=\"%saccounts/", root);
	esc(b, account);
	kam_buf_puts(b, ".html\">");
	esc(b, label ? label : account);
	kam_buf_puts(b, "</a>");
}

/* The name of the account's plan, or NULL. */
static const char *account_name(const site *s, const char *account)
{
	size_t at;
	return account && kam_text_table_get(&s->accounts, account, strlen(account), &at) ? s->in->plans[at].name
											     : NULL;
}

static void money_cell(kam_buf *b, const kam_node *v)
{
	if (!v || v->kind != KAM_NODE_NUMBER) {
		kam_buf_puts(b, "<td class=\"num\">-</td>");
		return;
	}
	kam_buf_puts(b, "<td class=\"num\">");
	kam_format_money(b, v->number);
	kam_buf_puts(b, "</td>");
}

static void cell(kam_buf *b, const char *text)
{
	kam_buf_puts(b, "<td>");
	esc(b, text ? text : "-");
	kam_buf_puts(b, "</td>");
}

/* ------------------------------------------------------------------ */
/* the Markdown body                                                   */

typedef struct body_ctx {
	site *s;
	const char *page_dir; /* folder of the source document, relative to the root */
	const char *account;
	const char *root;     /* from the page to the site's root: "../" */
} body_ctx;

static bool is_rendered_document(const site *s, const char *rel)
{
	size_t n = strlen(rel);
	const char *dir = kam_repo_config(s->in->repo)->accounts_dir;
	size_t dl = strlen(dir);
	return n > 3 && strcmp(rel + n - 3, ".md") == 0 && strncmp(rel, dir, dl) == 0 && rel[dl] == '/';
}

/* Relative links to documents become links to their pages; others are kept. */
static char *rewrite_url(const body_ctx *c, const char *url)
{
	if (!kam_url_safe(url))
		return kam_xstrdup("");
	if (strchr(url, ':') || url[0] == '#' || url[0] == '/')
		return kam_xstrdup(url);
	size_t path_len = strcspn(url, "#?");
	if (path_len < 3 || strncmp(url + path_len - 3, ".md", 3) != 0)
		return kam_xstrdup(url);
	char *joined = kam_xprintf("%s%s%.*s", c->page_dir, *c->page_dir ? "/" : "", (int)path_len, url);
	bool document = is_rendered_document(c->s, joined);
	free(joined);
	if (!document)
		return kam_xstrdup(url);
	return kam_xprintf("%.*s.html%s", (int)(path_len - 3), url, url + path_len);
}

static char *reference_url(const body_ctx *c, const char *target)
{
	if (target[0] == '@')
		return kam_xprintf("%steam/%s.html", c->root, target + 1);
	if (target[0] == '#')
		return kam_xstrdup(target);
	const char *hash = strchr(target, '#');
	if (hash)
		return kam_xprintf("%saccounts/%.*s.html%s", c->root, (int)(hash - target), target, hash);
	return kam_xprintf("%saccounts/%s.html", c->root, target);
}

/* What a [[ref]] reads as: the name of what it names, else the ref. */
static const char *reference_label(const body_ctx *c, const char *target)
{
	if (target[0] == '@') {
		const kam_team_member *m = member(c->s, target + 1);
		return m ? m->name : target;
	}
	const char *hash = strchr(target, '#');
	char *account = hash ? kam_xstrndup(target, (size_t)(hash - target)) : kam_xstrdup(target);
	const kam_entity *e = hash ? kam_index_find(c->s->in->index, *account ? account : c->account, hash + 1)
				   : kam_index_find(c->s->in->index, account, NULL);
	free(account);
	return e && e->name ? e->name : target;
}

typedef struct reference_links {
	const body_ctx *c;
	cmark_node *last;    /* the node the next ones go after */
	const char *literal; /* the text node's text, as it was */
	size_t done;         /* how much of it is placed */
	size_t first;        /* where the first reference starts; the node keeps what is before */
	bool linked;
} reference_links;

static void text_after(reference_links *r, const char *text, size_t len)
{
	cmark_node *node = cmark_node_new(CMARK_NODE_TEXT);
	char *copy = kam_xstrndup(text, len);
	cmark_node_set_literal(node, copy);
	free(copy);
	cmark_node_insert_after(r->last, node);
	r->last = node;
}

static void link_reference(void *ctx, size_t start, size_t end)
{
	reference_links *r = ctx;
	if (!r->linked)
		r->first = start;
	else if (start > r->done)
		text_after(r, r->literal + r->done, start - r->done);
	r->linked = true;
	char *target = kam_xstrndup(r->literal + start + 2, end - start - 4);
	char *url = reference_url(r->c, target);
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK), *label = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_url(link, url);
	cmark_node_set_literal(label, reference_label(r->c, target));
	cmark_node_append_child(link, label);
	cmark_node_insert_after(r->last, link);
	r->last = link;
	r->done = end;
	free(target);
	free(url);
}

/* Turn the [[refs]] of a text node into links, in one pass: the node keeps
 * the text before the first, new nodes follow it (the same references
 * kam check finds). */
static void link_references(const body_ctx *c, cmark_node *text)
{
	const char *literal = cmark_node_get_literal(text);
	if (!literal || !strstr(literal, "[["))
		return;
	char *copy = kam_xstrdup(literal); /* the node's text changes below */
	reference_links r = {c, text, copy, 0, 0, false};
	kam_body_each_reference(copy, link_reference, &r);
	if (r.linked) {
		size_t rest = strlen(copy + r.done);
		if (rest)
			text_after(&r, copy + r.done, rest);
		char *before = kam_xstrndup(copy, r.first);
		cmark_node_set_literal(text, before);
		free(before);
	}
	free(copy);
}

static void rewrite_body(const body_ctx *c, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node **texts = NULL;
	size_t n = 0, alloc = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			char *url = rewrite_url(c, cmark_node_get_url(node));
			cmark_node_set_url(node, url);
			free(url);
		} else if (t == CMARK_NODE_TEXT) { /* changed after the walk, not during it */
			texts = kam_grow(texts, &alloc, n + 1, sizeof(cmark_node *));
			texts[n++] = node;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n; i++)
		link_references(c, texts[i]);
	free(texts);
}

typedef struct anchors {
	char **items;
	size_t count, alloc;
} anchors;

static void collect_anchor(void *ctx, const char *anchor, unsigned line)
{
	(void)line;
	anchors *a = ctx;
	a->items = kam_grow(a->items, &a->alloc, a->count + 1, sizeof(char *));
	a->items[a->count++] = kam_xstrdup(anchor);
}

/* cmark writes <h2>; give each heading GitHub's id, in order. */
static void add_heading_ids(kam_buf *out, const char *html, const anchors *a)
{
	size_t next = 0;
	for (const char *p = html; *p;) {
		if (p[0] == '<' && p[1] == 'h' && p[2] >= '1' && p[2] <= '6' && p[3] == '>' && next < a->count) {
			kam_buf_printf(out, "<h%c id=\"", p[2]);
			esc(out, a->items[next++]);
			kam_buf_puts(out, "\">");
			p += 4;
		} else
			kam_buf_putc(out, *p++);
	}
}

static void render_body(kam_buf *b, const body_ctx *c, const char *text, size_t len)
{
	int options = CMARK_OPT_DEFAULT | (c->s->unsafe_html ? CMARK_OPT_UNSAFE : 0);
	cmark_parser *p = kam_markdown_parser(options, true);
	cmark_parser_feed(p, text, len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_consolidate_text_nodes(doc);
	anchors a = {0};
	kam_body_visitor v = {collect_anchor, NULL, NULL, &a};
	kam_body_visit(doc, text, len, 1, &v); /* before [[refs]] become links */
	rewrite_body(c, doc);
	char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(p));
	kam_buf_puts(b, "<section class=\"body\">\n");
	add_heading_ids(b, html, &a);
	kam_buf_puts(b, "</section>\n");
	for (size_t i = 0; i < a.count; i++)
		free(a.items[i]);
	free(a.items);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

/* ------------------------------------------------------------------ */
/* account pages                                                       */

typedef struct account_page {
	site *s;
	kam_buf *b;
	const kam_node *plan;
	const kam_plan_summary *summary;
	const char *currency;
	kam_text_table contacts; /* id -> index in the plan's contacts */
} account_page;

/* A link to a contact of this page's account: #id, named when it is known. */
static void contact_link(account_page *a, const char *id)
{
	kam_buf *b = a->b;
	size_t at;
	if (!id) {
		kam_buf_puts(b, "-");
		return;
	}
	const char *name = NULL;
	if (kam_text_table_get(&a->contacts, id, strlen(id), &at))
		name = str(kam_node_get(a->plan, "contacts")->items[at], "name");
	kam_buf_puts(b, "<a href=\"#");
	esc(b, id);
	kam_buf_puts(b, "\">");
	esc(b, name ? name : id);
	kam_buf_puts(b, "</a>");
}

static const kam_node *list_of(const kam_node *plan, const char *key)
{
	const kam_node *n = kam_node_get(plan, key);
	return n && n->kind == KAM_NODE_SEQ && n->count ? n : NULL;
}

static void row_start(kam_buf *b, const kam_node *item)
{
	kam_buf_puts(b, "<tr");
	if (str(item, "id")) {
		kam_buf_puts(b, " id=\"");
		esc(b, str(item, "id"));
		kam_buf_putc(b, '"');
	}
	kam_buf_puts(b, ">");
}

static void health_block(account_page *a)
{
	const kam_health *h = &a->summary->health;
	kam_buf_printf(a->b, "<section class=\"health\"><h2>Health %d</h2>\n<table>\n", h->score);
	for (int i = 0; i < KAM_HEALTH__COUNT; i++) {
		int max = kam_health_max((kam_health_part)i);
		kam_buf_printf(a->b, "<tr%s><td>%s</td><td class=\"num\">%d / %d</td>"
				     "<td><span class=\"meter\"><span style=\"width:%d%%\"></span></span></td></tr>\n",
			       i == (int)h->weakest && h->points[i] < max ? " class=\"weakest\"" : "",
			       kam_health_name((kam_health_part)i), h->points[i], max,
			       max ? 100 * h->points[i] / max : 0);
	}
	kam_buf_puts(a->b, "</table></section>\n");
}

static void header_block(account_page *a, const char *id)
{
	kam_buf *b = a->b;
	const kam_node *p = a->plan;
	kam_buf_puts(b, "<header class=\"account\"><h1>");
	esc(b, str(p, "name") ? str(p, "name") : id);
	kam_buf_puts(b, "</h1>\n<p class=\"facts\">");
	const char *facts[] = {str(p, "type"), str(p, "tier"), str(p, "phase"), str(p, "industry")};
	bool first = true;
	for (size_t i = 0; i < 4; i++)
		if (facts[i]) {
			kam_buf_puts(b, first ? "" : " · ");
			esc(b, facts[i]);
			first = false;
		}
	kam_buf_puts(b, "</p>\n<p>Account manager: ");
	member_link(b, a->s, str(p, "owner"), "../");
	const kam_node *team = list_of(p, "team");
	for (size_t i = 0; team && i < team->count; i++) {
		kam_buf_puts(b, i ? ", " : " · Team: ");
		member_link(b, a->s, str(team->items[i], "member"), "../");
		if (str(team->items[i], "role")) {
			kam_buf_puts(b, " (");
			esc(b, str(team->items[i], "role"));
			kam_buf_puts(b, ")");
		}
	}
	kam_buf_puts(b, "</p>\n<p>Reviewed ");
	esc(b, str(p, "reviewed"));
	if (*a->summary->review_due) {
		kam_date due;
		bool overdue = kam_date_parse(a->summary->review_due, &due) &&
			       kam_date_compare(due, a->s->in->ctx->today) < 0;
		kam_buf_printf(b, " · next review %s <strong class=\"%s\">%s</strong>", overdue ? "was due" : "due",
			       overdue ? "bad" : "ok", a->summary->review_due);
	}
	kam_buf_puts(b, "</p></header>\n");
}

/* The findings of file: a run of the list, which is sorted by file. */
static void findings_of(const site *s, const char *file, size_t *first, size_t *end)
{
	const kam_diag_list *f = s->in->findings;
	size_t a = 0, b = f ? f->count : 0;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (strcmp(f->items[mid].file, file) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*first = *end = a;
	while (f && *end < f->count && same(f->items[*end].file, file))
		(*end)++;
}

static void findings_block(account_page *a, const char *file)
{
	const kam_diag_list *f = a->s->in->findings;
	size_t first, end;
	findings_of(a->s, file, &first, &end);
	if (first == end)
		return;
	kam_buf_printf(a->b, "<section class=\"findings\"><h2>Findings (%zu)</h2><ul>\n", end - first);
	for (size_t i = first; i < end; i++) {
		const kam_diag *d = &f->items[i];
		kam_buf_printf(a->b, "<li class=\"%s\">line %u: <code>%s</code> ", kam_severity_name(d->severity),
			       d->line, kam_rule_id(d->rule));
		esc(a->b, d->message);
		kam_buf_puts(a->b, "</li>\n");
	}
	kam_buf_puts(a->b, "</ul></section>\n");
}

static void part1(account_page *a)
{
	kam_buf *b = a->b;
	kam_buf_puts(b, "<section><h2 id=\"part-1\">1. Understand the client</h2>\n");
	const kam_node *strategy = kam_node_get(a->plan, "strategy");
	if (str(strategy, "current") || str(strategy, "target")) {
		kam_buf_puts(b, "<dl class=\"strategy\"><dt>Where the client stands</dt><dd>");
		esc(b, str(strategy, "current") ? str(strategy, "current") : "-");
		kam_buf_puts(b, "</dd><dt>Where it wants to be</dt><dd>");
		esc(b, str(strategy, "target") ? str(strategy, "target") : "-");
		kam_buf_puts(b, "</dd></dl>\n");
	}
	const kam_node *list = list_of(a->plan, "initiatives");
	if (list) {
		kam_buf_puts(b, "<table><tr><th>Priority</th><th>Initiative</th><th>Status</th><th>Sponsor</th></tr>\n");
		for (size_t i = 0; i < list->count; i++) {
			const kam_node *it = list->items[i];
			row_start(b, it);
			const kam_node *prio = kam_node_get(it, "priority");
			cell(b, prio ? prio->text : NULL);
			cell(b, str(it, "title"));
			cell(b, str(it, "status"));
			kam_buf_puts(b, "<td>");
			contact_link(a, str(it, "sponsor"));
			kam_buf_puts(b, "</td></tr>\n");
		}
		kam_buf_puts(b, "</table>\n");
	}
	kam_buf_puts(b, "</section>\n");
}

static void opportunity_row(account_page *a, const kam_node *o)
{
	kam_buf *b = a->b;
	row_start(b, o);
	bool must = kam_node_get(o, "must_win") && kam_node_get(o, "must_win")->boolean;
	kam_buf_printf(b, "<td>%s", must ? "<strong class=\"mustwin\">must-win</strong> " : "");
	esc(b, str(o, "title"));
	kam_buf_printf(b, "</td><td class=\"stage %s\">", str(o, "stage") ? str(o, "stage") : "");
	esc(b, str(o, "stage"));
	kam_buf_puts(b, "</td>");
	money_cell(b, kam_node_get(o, "value"));
	cell(b, str(o, "close"));
	const kam_node *prob = kam_node_get(o, "probability");
	/* a number's text is digits and signs; anything else (text, .nan) is
	 * the schema's finding, never written raw into the page */
	bool number = prob && prob->kind == KAM_NODE_NUMBER;
	kam_buf_printf(b, "<td class=\"num\">%s%s</td>", number ? prob->text : "-", number ? "%" : "");
	kam_buf_puts(b, "<td>");
	contact_link(a, str(o, "decision_leader"));
	kam_buf_puts(b, "</td><td>");
	esc(b, str(o, "route") ? str(o, "route") : "-");
	if (str(o, "partner")) {
		kam_buf_puts(b, " via ");
		account_link(b, str(o, "partner"), NULL, "../");
	}
	kam_buf_puts(b, "</td><td>");
	member_link(b, a->s, str(o, "owner"), "../");
	kam_buf_puts(b, "</td></tr>\n");
}

static void part2(account_page *a)
{
	kam_buf *b = a->b;
	kam_buf_puts(b, "<section><h2 id=\"part-2\">2. Opportunities</h2>\n<p>Open pipeline ");
	kam_format_money(b, a->summary->open_pipeline);
	kam_buf_printf(b, " %s in %zu opportunit%s, %zu must-win%s.</p>\n", a->currency,
		       a->summary->open_opportunities, a->summary->open_opportunities == 1 ? "y" : "ies",
		       a->summary->open_must_wins, a->summary->open_must_wins == 1 ? "" : "s");
	const kam_node *list = list_of(a->plan, "opportunities");
	if (list) {
		kam_buf_printf(b, "<table><tr><th>Opportunity</th><th>Stage</th><th>Value (%s)</th><th>Close</th>"
				  "<th>Prob.</th><th>Decision leader</th><th>Route</th><th>Owner</th></tr>\n",
			       a->currency);
		for (size_t i = 0; i < list->count; i++)
			opportunity_row(a, list->items[i]);
		kam_buf_puts(b, "</table>\n<div class=\"charts\">");
		kam_svg_pipeline(b, a->plan, a->currency);
		kam_buf_puts(b, "</div>\n");
	}
	kam_buf_puts(b, "</section>\n");
}

static void part3(account_page *a)
{
	const kam_node *list = list_of(a->plan, "routes");
	kam_buf_puts(a->b, "<section><h2 id=\"part-3\">3. Routes to market</h2>\n");
	for (size_t i = 0; list && i < list->count; i++) {
		const kam_node *share = kam_node_get(list->items[i], "share");
		int pct = share && share->kind == KAM_NODE_NUMBER ? (int)share->number : 0;
		kam_buf_puts(a->b, "<p class=\"route\"><span class=\"label\">");
		esc(a->b, str(list->items[i], "route"));
		kam_buf_printf(a->b, "</span> <span class=\"meter\"><span style=\"width:%d%%\"></span></span> %d%%</p>\n",
			       pct < 0 ? 0 : pct > 100 ? 100 : pct, pct);
	}
	kam_buf_puts(a->b, "</section>\n");
}

static void contact_row(account_page *a, const kam_node *c)
{
	kam_buf *b = a->b;
	row_start(b, c);
	kam_buf_puts(b, "<td><strong>");
	esc(b, str(c, "name"));
	kam_buf_puts(b, "</strong><br><small>");
	esc(b, str(c, "title") ? str(c, "title") : str(c, "external"));
	kam_buf_puts(b, "</small></td>");
	const kam_node *roles = kam_node_get(c, "roles");
	kam_buf_puts(b, "<td>");
	for (size_t i = 0; roles && roles->kind == KAM_NODE_SEQ && i < roles->count; i++) {
		kam_buf_puts(b, i ? ", " : "");
		esc(b, roles->items[i]->text);
	}
	kam_buf_printf(b, "</td><td class=\"attitude %s\">", str(c, "attitude") ? str(c, "attitude") : "");
	esc(b, str(c, "attitude") ? str(c, "attitude") : "-");
	kam_buf_puts(b, "</td><td>");
	if (str(c, "owner"))
		member_link(b, a->s, str(c, "owner"), "../");
	else
		kam_buf_puts(b, "<strong class=\"bad\">nobody</strong>");
	const kam_node *rel = kam_node_get(c, "relationship");
	kam_buf_puts(b, "</td><td>");
	if (rel) {
		const kam_node *level = kam_node_get(rel, "level"), *target = kam_node_get(rel, "target");
		/* numbers only: other text is the schema's finding, never raw HTML */
		bool known = level && level->kind == KAM_NODE_NUMBER, aim = target && target->kind == KAM_NODE_NUMBER;
		kam_buf_printf(b, "%s → %s", known ? level->text : "?", aim ? target->text : "?");
		if (str(rel, "by")) {
			kam_buf_puts(b, " by ");
			esc(b, str(rel, "by"));
		}
	} else
		kam_buf_puts(b, "-");
	kam_buf_puts(b, "</td></tr>\n");
}

static void part4(account_page *a)
{
	kam_buf *b = a->b;
	kam_buf_puts(b, "<section><h2 id=\"part-4\">4. Relationships</h2>\n");
	const kam_node *list = list_of(a->plan, "contacts");
	if (list) {
		kam_buf_puts(b, "<div class=\"mapbox\">");
		kam_svg_relationship_map(b, a->plan, initials_of, a->s);
		kam_buf_puts(b, "</div>\n<p class=\"legend\">Box colour and border: attitude (also written in "
				"the box). KDL key decision leader, BO benefit owner, EV evaluator, AP approver, "
				"IN influencer, SP sponsor. The circle: who on our side owns the relationship.</p>\n"
				"<table><tr><th>Person</th><th>Roles</th><th>Attitude</th><th>Our owner</th>"
				"<th>Relationship</th></tr>\n");
		for (size_t i = 0; i < list->count; i++)
			contact_row(a, list->items[i]);
		kam_buf_puts(b, "</table>\n");
	}
	kam_buf_puts(b, "</section>\n");
}

static void simple_table(account_page *a, const char *key, const char *title, const char *const *fields,
			 const char *const *headers, size_t n)
{
	const kam_node *list = list_of(a->plan, key);
	if (!list)
		return;
	kam_buf *b = a->b;
	kam_buf_puts(b, "<h3>");
	esc(b, title);
	kam_buf_puts(b, "</h3>\n<table><tr>");
	for (size_t f = 0; f < n; f++)
		kam_buf_printf(b, "<th>%s</th>", headers[f]);
	kam_buf_puts(b, "</tr>\n");
	for (size_t i = 0; i < list->count; i++) {
		const kam_node *item = list->items[i];
		row_start(b, item);
		for (size_t f = 0; f < n; f++) {
			if (same(fields[f], "owner")) {
				kam_buf_puts(b, "<td>");
				member_link(b, a->s, str(item, "owner"), "../");
				kam_buf_puts(b, "</td>");
			} else if (same(fields[f], "contact")) {
				kam_buf_puts(b, "<td>");
				contact_link(a, str(item, "contact"));
				kam_buf_puts(b, "</td>");
			} else
				cell(b, str(item, fields[f]));
		}
		kam_buf_puts(b, "</tr>\n");
	}
	kam_buf_puts(b, "</table>\n");
}

static void part5(account_page *a)
{
	static const char *const goal_f[] = {"text", "quarter", "status"};
	static const char *const goal_h[] = {"Goal", "Quarter", "Status"};
	static const char *const risk_f[] = {"text", "severity", "mitigation", "owner"};
	static const char *const risk_h[] = {"Risk", "Severity", "Mitigation", "Owner"};
	static const char *const act_f[] = {"text", "owner", "due", "status", "contact"};
	static const char *const act_h[] = {"Action", "Owner", "Due", "Status", "With"};
	kam_buf_puts(a->b, "<section><h2 id=\"part-5\">5. Goals, risks, actions and revenue</h2>\n");
	simple_table(a, "goals", "Goals", goal_f, goal_h, 3);
	simple_table(a, "risks", "Risks", risk_f, risk_h, 4);
	simple_table(a, "actions", "Actions", act_f, act_h, 5);
	if (list_of(a->plan, "revenue")) {
		kam_buf_puts(a->b, "<h3>Revenue</h3>\n<div class=\"charts\">");
		kam_svg_revenue(a->b, a->plan, a->currency);
		kam_buf_puts(a->b, "</div>\n");
	}
	kam_buf_puts(a->b, "</section>\n");
}

static const char *target_account(const kam_index *x, size_t i)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(x, &n);
	return refs[i].target && refs[i].target->account ? refs[i].target->account : "";
}

/* The references from one account into another, grouped by the account
 * they point into, once: most references stay inside their plan, and
 * those are no backlinks. */
static void group_backlinks(site *s)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(s->in->index, &n);
	kam_keyed *keyed = kam_xcalloc(n + 1, sizeof(kam_keyed));
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const char *to = target_account(s->in->index, i);
		if (*to && !same(kam_index_doc_account(s->in->index, refs[i].doc), to))
			keyed[kept++] = (kam_keyed){to, i};
	}
	kam_sort_keyed(keyed, kept);
	s->backlinks = kam_xcalloc(kept + 1, sizeof(size_t));
	for (size_t i = 0; i < kept; i++)
		s->backlinks[i] = keyed[i].index;
	s->backlink_count = kept;
	free(keyed);
}

/* References from other accounts to this one or anything in it. */
static void backlinks_block(account_page *a, const char *account)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(a->s->in->index, &n);
	const size_t *order = a->s->backlinks;
	size_t lo = 0, hi = a->s->backlink_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(target_account(a->s->in->index, order[mid]), account) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	kam_buf items = KAM_BUF_INIT;
	size_t count = 0;
	for (size_t k = lo; k < a->s->backlink_count && same(target_account(a->s->in->index, order[k]), account); k++) {
		const kam_ref *r = &refs[order[k]];
		const char *from = kam_index_doc_account(a->s->in->index, r->doc);
		count++;
		kam_buf_puts(&items, "<li>");
		account_link(&items, from, account_name(a->s, from), "../");
		kam_buf_puts(&items, ": ");
		esc(&items, r->field ? r->field : r->text);
		if (!same(r->target->ns, "account")) {
			kam_buf_puts(&items, " → <a href=\"#");
			esc(&items, r->target->id);
			kam_buf_puts(&items, "\">");
			esc(&items, r->target->name ? r->target->name : r->target->id);
			kam_buf_puts(&items, "</a>");
		}
		kam_buf_puts(&items, "</li>\n");
	}
	if (count) {
		kam_buf_printf(a->b, "<section class=\"backlinks\"><h2>Backlinks (%zu)</h2><ul>\n", count);
		kam_buf_add(a->b, items.ptr, items.len);
		kam_buf_puts(a->b, "</ul></section>\n");
	}
	kam_buf_release(&items);
}

static void collect_member_rows(const site *s, page_job *j, const kam_node *plan);

static void render_account(site *s, page_job *j)
{
	const kam_plan_summary *summary = j->plan;
	kam_doc *doc;
	kam_diag_list ignored = {0};
	const kam_repo *repo = s->in->repo;
	char *rel = kam_xprintf("%s/%s.md", kam_repo_config(repo)->accounts_dir,
				summary->account ? summary->account : "");
	kam_doc_read(&doc, kam_repo_files(repo), rel, rel, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const kam_node *plan = kam_doc_frontmatter(doc);
	if (plan && plan->kind == KAM_NODE_MAP && summary->account) {
		char *path = kam_xprintf("accounts/%s.html", summary->account);
		kam_buf page = KAM_BUF_INIT, *b = &page;
		account_page a = {s, b, plan, summary, summary->currency, {0}};
		kam_node_index_items(&a.contacts, kam_node_get(plan, "contacts"), "id");
		page_start(b, summary->name ? summary->name : summary->account, "../");
		header_block(&a, summary->account);
		health_block(&a);
		findings_block(&a, summary->file);
		part1(&a);
		part2(&a);
		part3(&a);
		part4(&a);
		part5(&a);
		size_t len;
		const char *body = kam_doc_body(doc, &len);
		body_ctx c = {s, kam_repo_config(repo)->accounts_dir, summary->account, "../"};
		render_body(b, &c, body, len);
		backlinks_block(&a, summary->account);
		kam_text_table_release(&a.contacts);
		page_end(b, s);
		emit(&j->out, path, &page);
		collect_member_rows(s, j, plan);
		free(path);
	}
	kam_doc_free(doc);
	free(rel);
}

/* ------------------------------------------------------------------ */
/* the portfolio                                                       */

static void findings_cell(kam_buf *b, const site *s, const char *file)
{
	size_t errors = 0, warnings = 0, first, end;
	const kam_diag_list *f = s->in->findings;
	findings_of(s, file, &first, &end);
	for (size_t i = first; i < end; i++)
		*(f->items[i].severity == KAM_SEV_ERROR ? &errors : &warnings) += 1;
	if (!errors && !warnings)
		kam_buf_puts(b, "<td class=\"ok\">none</td>");
	else
		kam_buf_printf(b, "<td class=\"%s\">%zu error%s, %zu warning%s</td>", errors ? "bad" : "warn",
			       errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}

static void portfolio_row(kam_buf *b, const site *s, const kam_plan_summary *p)
{
	kam_buf_puts(b, "<tr><td>");
	account_link(b, p->account ? p->account : "", p->name, "");
	if (p->duplicate) {
		kam_buf_puts(b, "<br><small class=\"bad\">");
		esc(b, p->file);
		kam_buf_puts(b, " claims this account's id: not counted</small>");
	}
	kam_buf_puts(b, "</td>");
	cell(b, p->tier);
	kam_buf_puts(b, "<td>");
	member_link(b, s, p->owner, "");
	kam_buf_puts(b, "</td><td class=\"num\">");
	kam_format_money(b, p->open_pipeline);
	kam_buf_printf(b, " %s</td><td class=\"num\">%zu</td><td class=\"num\">", p->currency ? p->currency : "",
		       p->open_must_wins);
	if (p->has_revenue) {
		kam_format_money(b, p->revenue_actual);
		kam_buf_puts(b, " / ");
		kam_format_money(b, p->revenue_target);
		int pct = p->revenue_target > 0 ? (int)(100 * p->revenue_actual / p->revenue_target) : 0;
		kam_buf_printf(b, " <span class=\"meter\"><span style=\"width:%d%%\"></span></span>",
			       pct > 100 ? 100 : pct);
	} else
		kam_buf_puts(b, "-");
	kam_date due;
	bool overdue = kam_date_parse(p->review_due, &due) && kam_date_compare(due, s->in->ctx->today) < 0;
	kam_buf_printf(b, "</td><td class=\"%s\">%s%s</td>", overdue ? "bad" : "", *p->review_due ? p->review_due : "-",
		       overdue ? " (overdue)" : "");
	kam_buf_printf(b, "<td class=\"num\"><span class=\"score\">%d</span> "
			  "<span class=\"meter\"><span style=\"width:%d%%\"></span></span>",
		       p->health.score, p->health.score);
	if (p->health.points[p->health.weakest] < kam_health_max(p->health.weakest))
		kam_buf_printf(b, "<br><small>weakest: %s</small>", kam_health_name(p->health.weakest));
	kam_buf_puts(b, "</td>");
	findings_cell(b, s, p->file);
	kam_buf_puts(b, "</tr>\n");
}

/* Plans kam could not read stay on the dashboard, marked, with the
 * finding that explains them: a portfolio never shrinks silently. */
static void unread_section(kam_buf *b, const kam_render_input *in)
{
	if (!in->unread_count)
		return;
	kam_buf_puts(b, "<h2>Plans kam could not read</h2>\n<table class=\"portfolio\"><tr><th>Account</th>"
			"<th>File</th><th>Finding</th></tr>\n");
	for (size_t i = 0; i < in->unread_count; i++) {
		kam_buf_puts(b, "<tr>");
		cell(b, in->unread[i].account);
		cell(b, in->unread[i].file);
		kam_buf_puts(b, "<td class=\"bad\">unreadable: ");
		esc(b, in->unread[i].reason);
		kam_buf_puts(b, " (run kam check)</td></tr>\n");
	}
	kam_buf_puts(b, "</table>\n");
}

static void render_index(site *s)
{
	kam_buf page = KAM_BUF_INIT, *b = &page;
	const kam_config *c = kam_repo_config(s->in->repo);
	char quarter[8];
	kam_quarter_format(s->in->ctx->quarter, quarter);
	page_start(b, *c->organization ? c->organization : "Account plans", "");
	kam_buf_puts(b, "<h1>");
	esc(b, *c->organization ? c->organization : "Account");
	kam_buf_puts(b, " portfolio</h1>\n");
	unread_section(b, s->in);
	static const char *const tiers[] = {"key", "strategic", "growth", "maintain", NULL};
	static const char *const titles[] = {"Key", "Strategic", "Growth", "Maintain", "Untiered"};
	for (int t = 0; t < 5; t++) {
		size_t n = 0;
		for (size_t i = 0; i < s->in->plan_count; i++) {
			const char *tier = s->in->plans[i].tier;
			n += t < 4 ? same(tier, tiers[t]) : !tier;
		}
		if (!n)
			continue;
		kam_buf_printf(b, "<h2>%s accounts</h2>\n<table class=\"portfolio\"><tr><th>Account</th><th>Tier</th>"
				  "<th>Owner</th><th>Open pipeline</th><th>Must-wins</th><th>Revenue %s</th>"
				  "<th>Review due</th><th>Health</th><th>Findings</th></tr>\n",
			       titles[t], quarter);
		for (size_t i = 0; i < s->in->plan_count; i++) {
			const char *tier = s->in->plans[i].tier;
			if (t < 4 ? same(tier, tiers[t]) : !tier)
				portfolio_row(b, s, &s->in->plans[i]);
		}
		kam_buf_puts(b, "</table>\n");
	}
	kam_buf_puts(b, "<h2>Team</h2>\n<ul class=\"team\">\n");
	for (size_t i = 0; i < c->team_count; i++) {
		kam_buf_puts(b, "<li>");
		member_link(b, s, c->team[i].id, "");
		if (c->team[i].role) {
			kam_buf_puts(b, " <small>");
			esc(b, c->team[i].role);
			kam_buf_puts(b, "</small>");
		}
		kam_buf_puts(b, "</li>\n");
	}
	kam_buf_puts(b, "</ul>\n");
	page_end(b, s);
	emit(&s->out, "index.html", &page);
}

/* ------------------------------------------------------------------ */
/* team members                                                        */

static int member_number(const site *s, const char *id);

/* The list items of the account teams each member is on, in one pass over
 * the references (a pass per member was members x references). */
static void group_team_references(site *s)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(s->in->index, &n);
	for (size_t i = 0; i < n; i++) {
		const kam_ref *r = &refs[i];
		if (!r->field || strncmp(r->field, "team[", 5) != 0 || !r->target)
			continue;
		int m = member_number(s, r->target->id);
		if (m < 0)
			continue;
		const char *account = kam_index_doc_account(s->in->index, r->doc);
		kam_buf_puts(&s->teams[m], "<li>");
		account_link(&s->teams[m], account, account_name(s, account), "../");
		kam_buf_puts(&s->teams[m], " (account team)</li>\n");
	}
}

static void member_accounts(kam_buf *b, const site *s, const char *id)
{
	kam_buf_puts(b, "<h2>Accounts</h2>\n<ul>\n");
	for (size_t i = 0; i < s->in->plan_count; i++) {
		const kam_plan_summary *p = &s->in->plans[i];
		if (!same(p->owner, id) || !p->account)
			continue;
		kam_buf_puts(b, "<li>");
		account_link(b, p->account, p->name, "../");
		kam_buf_printf(b, " (account manager, %s)</li>\n", p->tier ? p->tier : "untiered");
	}
	const kam_buf *teams = &s->teams[member_number(s, id)];
	kam_buf_add(b, kam_buf_cstr(teams), teams->len);
	kam_buf_puts(b, "</ul>\n");
}

static int member_number(const site *s, const char *id)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	for (size_t i = 0; id && i < c->team_count; i++)
		if (same(c->team[i].id, id))
			return (int)i;
	return -1;
}

/* A job's rows for member m, the table made on first use. */
static kam_buf *rows_of(const site *s, kam_buf **rows, int m)
{
	if (!*rows)
		*rows = kam_xcalloc(kam_repo_config(s->in->repo)->team_count + 1, sizeof(kam_buf));
	return &(*rows)[m];
}

/* While a plan's tree is alive: the rows its contacts and open actions add
 * to the pages of the team members who own them. */
static void collect_member_rows(const site *s, page_job *j, const kam_node *plan)
{
	const kam_plan_summary *p = j->plan;
	const kam_node *contacts = kam_node_get(plan, "contacts");
	for (size_t k = 0; contacts && contacts->kind == KAM_NODE_SEQ && k < contacts->count; k++) {
		const kam_node *c = contacts->items[k];
		int m = member_number(s, str(c, "owner"));
		if (m < 0)
			continue;
		kam_buf *people = rows_of(s, &j->people, m);
		kam_buf_puts(people, "<tr><td><a href=\"../accounts/");
		esc(people, p->account);
		kam_buf_puts(people, ".html#");
		esc(people, str(c, "id"));
		kam_buf_puts(people, "\">");
		esc(people, str(c, "name"));
		kam_buf_puts(people, "</a></td>");
		cell(people, p->name);
		cell(people, str(c, "title"));
		cell(people, str(c, "attitude"));
		kam_buf_puts(people, "</tr>\n");
	}
	const kam_node *list = kam_node_get(plan, "actions");
	for (size_t k = 0; list && list->kind == KAM_NODE_SEQ && k < list->count; k++) {
		const kam_node *act = list->items[k];
		const char *status = str(act, "status");
		int m = member_number(s, str(act, "owner"));
		if (m < 0 || (status && !same(status, "open")))
			continue;
		kam_buf *actions = rows_of(s, &j->actions, m);
		kam_buf_puts(actions, "<tr><td>");
		esc(actions, str(act, "text"));
		kam_buf_puts(actions, "</td><td>");
		account_link(actions, p->account, p->name, "../");
		kam_buf_puts(actions, "</td>");
		cell(actions, str(act, "due"));
		kam_buf_puts(actions, "</tr>\n");
	}
}

static void member_work(kam_buf *b, const site *s, const char *id)
{
	int m = member_number(s, id);
	const kam_buf *people = &s->people[m], *actions = &s->actions[m];
	kam_buf_printf(b, "<h2>Relationships owned</h2>\n%s%s%s",
		       people->len ? "<table><tr><th>Person</th><th>Account</th><th>Title</th><th>Attitude</th></tr>\n"
				   : "<p>None.</p>\n",
		       kam_buf_cstr(people), people->len ? "</table>\n" : "");
	kam_buf_printf(b, "<h2>Open actions</h2>\n%s%s%s",
		       actions->len ? "<table><tr><th>Action</th><th>Account</th><th>Due</th></tr>\n" : "<p>None.</p>\n",
		       kam_buf_cstr(actions), actions->len ? "</table>\n" : "");
}

static void render_member(site *s, const kam_team_member *m)
{
	char *path = kam_xprintf("team/%s.html", m->id);
	kam_buf page = KAM_BUF_INIT, *b = &page;
	page_start(b, m->name, "../");
	kam_buf_puts(b, "<h1>");
	esc(b, m->name);
	kam_buf_puts(b, "</h1>\n<p>");
	esc(b, m->role ? m->role : "");
	if (m->email) {
		kam_buf_puts(b, " · <a href=\"mailto:");
		esc(b, m->email);
		kam_buf_puts(b, "\">");
		esc(b, m->email);
		kam_buf_puts(b, "</a>");
	}
	kam_buf_puts(b, "</p>\n");
	member_accounts(b, s, m->id);
	member_work(b, s, m->id);
	page_end(b, s);
	emit(&s->out, path, &page);
	free(path);
}

/* ------------------------------------------------------------------ */
/* other documents (meeting notes)                                     */

static void render_document(site *s, page_job *j)
{
	const char *rel = j->note->rel, *account = j->note->account;
	kam_doc *doc;
	kam_diag_list ignored = {0};
	kam_doc_read(&doc, kam_repo_files(s->in->repo), rel, rel, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const kam_node *fm = kam_doc_frontmatter(doc);
	/* the site keeps the folders below the accounts folder, under accounts/ */
	const char *sub = rel + strlen(kam_repo_config(s->in->repo)->accounts_dir) + 1;
	char *page_path = kam_xprintf("accounts/%.*s.html", (int)(strlen(sub) - 3), sub);
	kam_buf root = KAM_BUF_INIT;
	for (const char *p = page_path; *p; p++)
		if (*p == '/')
			kam_buf_puts(&root, "../");
	kam_buf page = KAM_BUF_INIT, *b = &page;
	const char *title = str(fm, "title") ? str(fm, "title") : rel;
	page_start(b, title, root.ptr);
	kam_buf_puts(b, "<h1>");
	esc(b, title);
	kam_buf_puts(b, "</h1>\n<p>");
	esc(b, str(fm, "kind"));
	kam_buf_puts(b, " ");
	esc(b, str(fm, "date"));
	kam_buf_puts(b, " · ");
	account_link(b, account, NULL, root.ptr);
	kam_buf_puts(b, "</p>\n");
	size_t len;
	const char *body = fm ? kam_doc_body(doc, &len) : "";
	if (!fm)
		len = 0;
	char *dir = kam_xstrndup(rel, (size_t)(strrchr(rel, '/') - rel));
	body_ctx c = {s, dir, account, root.ptr};
	render_body(b, &c, body, len);
	page_end(b, s);
	emit(&j->out, page_path, &page);
	free(dir);
	free(page_path);
	kam_buf_release(&root);
	kam_doc_free(doc);
}

static const char stylesheet[] =
	":root{--ink:#1d2430;--muted:#5b6472;--line:#d5d9e0;--bad:#b2182b;--ok:#1a7a3a;--warn:#9a5b00;"
	"--accent:#2457a6}\n"
	"body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);"
	"margin:0;background:#f7f8fa}\n"
	"nav{background:var(--ink);padding:.6em 1.5em}nav a{color:#fff;text-decoration:none;font-weight:600}\n"
	"main{max-width:1180px;margin:0 auto;padding:1em 1.5em;background:#fff}\n"
	"footer{max-width:1180px;margin:0 auto;padding:1em 1.5em;color:var(--muted);font-size:.85em}\n"
	"h1{margin:.3em 0}h2{border-bottom:2px solid var(--line);padding-bottom:.2em;margin-top:1.6em}\n"
	"a{color:var(--accent)}table{border-collapse:collapse;width:100%;margin:.6em 0}\n"
	"th,td{border-bottom:1px solid var(--line);padding:.35em .5em;text-align:left;vertical-align:top}\n"
	"th{background:#eef1f5;font-weight:600}td.num{text-align:right;white-space:nowrap}\n"
	".facts{color:var(--muted)}.bad{color:var(--bad)}.ok{color:var(--ok)}.warn{color:var(--warn)}\n"
	".mustwin{color:var(--bad);font-size:.8em;text-transform:uppercase}\n"
	".meter{display:inline-block;width:70px;height:8px;background:#e4e7ec;border-radius:4px;"
	"vertical-align:middle}\n.meter span{display:block;height:8px;background:var(--accent);border-radius:4px}\n"
	".score{font-weight:700}.weakest td{font-weight:700;color:var(--bad)}\n"
	".route .label{display:inline-block;min-width:7em}\n"
	".findings li.error{color:var(--bad)}.findings li.warning{color:var(--warn)}\n"
	".mapbox{overflow-x:auto;border:1px solid var(--line);padding:.5em;background:#fcfcfd}\n"
	".legend{color:var(--muted);font-size:.85em}\n"
	"svg text{font-family:system-ui,sans-serif}svg .name{font-size:12px;font-weight:700}\n"
	"svg .title,svg .badges,svg .ownedby{font-size:10px}svg .unowned{font-size:10px;font-weight:700;"
	"fill:#b2182b}\nsvg .owner{fill:#fff;stroke:#2457a6}svg .initials{font-size:9px;font-weight:700;"
	"fill:#2457a6}\nsvg .reports{stroke:#7a8494;stroke-width:1.2}svg .bar{fill:#2457a6}"
	"svg .target{fill:none;stroke:#1d2430;stroke-width:1.5;stroke-dasharray:4 2}\n"
	"svg .axis,svg .value{font-size:11px}svg .charttitle{font-size:12px;font-weight:700}\n"
	".charts svg{display:block;margin:.6em 0}\n"
	"@media print{nav{display:none}body,main{background:#fff}main{max-width:none}"
	"a{color:inherit;text-decoration:none}h2{break-after:avoid}table,svg{break-inside:avoid}}\n";

/* ------------------------------------------------------------------ */
/* writing the site whole                                              */

static int write_file(const char *dir, const char *rel, const char *data, size_t len, kam_error *err)
{
	char *path = kam_path_join(dir, rel);
	for (char *slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0777);
		*slash = '/';
	}
	/* not synced one by one: flush_site syncs the new site at once */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	int rc = KAM_OK;
	if (fd < 0 || kam_write_all(fd, data, len) < 0)
		rc = kam_error_set(err, KAM_EIO, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0 && close(fd) != 0 && rc == KAM_OK)
		rc = kam_error_set(err, KAM_EIO, "cannot write '%s': %s", path, strerror(errno));
	free(path);
	return rc;
}

/* Every page of the new site on disk before it is moved into place: one
 * syncfs instead of an fsync per page, which cost more than making them. */
static int flush_site(const char *dir, kam_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd >= 0 && syncfs(fd) == 0 ? KAM_OK
					    : kam_error_set(err, KAM_EIO, "cannot flush '%s' to disk: %s",
							    dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* What a folder must not hold to be replaced by a site: the first such
 * entry found (nftw has no context argument; only the calling thread
 * walks, before any page is made). */
static _Thread_local char *precious;

static int find_precious(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	const char *name = path + ftw->base;
	size_t n = strlen(name);
	if (strcmp(name, "kam.yaml") == 0 || strcmp(name, ".git") == 0 ||
	    (n > 3 && strcasecmp(name + n - 3, ".md") == 0)) {
		precious = kam_xstrdup(path);
		return 1;
	}
	return 0;
}

/* Whether the folder real (a real path) is, holds or lies inside path. */
static const char *relation(const char *real, const char *path)
{
	size_t a = strlen(real), b = strlen(path);
	if (a == b && strcmp(real, path) == 0)
		return "is";
	if (a < b && strncmp(path, real, a) == 0 && (path[a] == '/' || a == 1))
		return "holds";
	if (b < a && strncmp(real, path, b) == 0 && real[b] == '/')
		return "is inside";
	return NULL;
}

/* The real path of path, which need not exist yet: its closest existing
 * ancestor's real path with the rest appended. */
static char *resolve(const char *path)
{
	char *real = realpath(path, NULL);
	if (real)
		return real;
	const char *slash = strrchr(path, '/');
	if (!slash)
		slash = path - 1; /* relative to the current folder */
	char *parent = slash == path - 1 ? kam_xstrdup(".") : kam_xstrndup(path, (size_t)(slash - path));
	char *base = *parent ? resolve(parent) : kam_xstrdup("/");
	char *joined = base ? kam_path_join(base, slash + 1) : NULL;
	free(parent);
	free(base);
	return joined;
}

/* path (below the real folder real) as below out_dir, as the user named it */
static char *below(const char *out_dir, const char *real, const char *path)
{
	size_t n = strlen(real);
	return strncmp(path, real, n) == 0 && path[n] == '/' ? kam_path_join(out_dir, path + n + 1)
							      : kam_xstrdup(path);
}

/* Refuse an output folder that is or holds what a user wrote: the plans
 * repository, the accounts folder, the current or home folder, kam.yaml, a
 * git repository, Markdown files (plans and notes), files git tracks. --force never overrides
 * these; it only lets an unmarked folder that passes them be replaced. */
static int guard_output(const kam_repo *repo, const char *out_dir, kam_error *err)
{
	static const char advice[] = "kam render never replaces it, even with --force; choose another -o "
				     "(the default is site/ in the plans repository)";
	struct stat st;
	bool exists = lstat(out_dir, &st) == 0;
	bool dir = exists && stat(out_dir, &st) == 0 && S_ISDIR(st.st_mode);
	if (exists && !dir)
		return kam_error_set(err, KAM_EEXISTS, "'%s' is not a folder: %s", out_dir, advice);
	char *real = resolve(out_dir);
	char *root = realpath(kam_repo_root(repo), NULL);
	char *accounts_path = kam_path_join(kam_repo_root(repo), kam_repo_config(repo)->accounts_dir);
	char *accounts = realpath(accounts_path, NULL);
	char *cwd = realpath(".", NULL);
	char *home = getenv("HOME") && *getenv("HOME") ? realpath(getenv("HOME"), NULL) : NULL;
	const char *how;
	int rc = KAM_OK;
	char *tracked = NULL;
	if (!real)
		rc = kam_error_set(err, KAM_EIO, "cannot resolve '%s': %s", out_dir, strerror(errno));
	else if (root && (how = relation(real, root)) && strcmp(how, "is inside") != 0)
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' %s the plans repository: %s", out_dir, how, advice);
	else if (accounts && (how = relation(real, accounts)))
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' %s the accounts folder: %s", out_dir, how, advice);
	else if (cwd && (how = relation(real, cwd)) && strcmp(how, "is inside") != 0)
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' %s the current folder: %s", out_dir, how, advice);
	else if (home && (how = relation(real, home)) && strcmp(how, "is inside") != 0)
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' %s your home folder: %s", out_dir, how, advice);
	else if (dir && nftw(real, find_precious, 16, FTW_PHYS) == 1) {
		const char *name = strrchr(precious, '/') + 1;
		char *shown = below(out_dir, real, precious);
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' holds %s (%s): %s", out_dir,
				   strcmp(name, "kam.yaml") == 0 ? "a kam.yaml"
				   : strcmp(name, ".git") == 0	  ? "a git repository"
								  : "Markdown files",
				   shown, advice);
		free(shown);
	} else if (dir && (tracked = kam_git_tracked_below(real))) {
		char *shown = below(out_dir, real, tracked);
		rc = kam_error_set(err, KAM_EEXISTS, "'%s' holds files tracked by git (%s): %s", out_dir,
				   shown, advice);
		free(shown);
	}
	free(precious);
	precious = NULL;
	free(tracked);
	free(home);
	free(cwd);
	free(accounts);
	free(accounts_path);
	free(root);
	free(real);
	return rc;
}

/* Move the finished site into place: out_dir only ever holds a whole site. */
static int replace_site(const char *tmp, const char *out_dir, bool force, kam_error *err)
{
	if (kam_path_exists(out_dir)) {
		char *marker = kam_path_join(out_dir, ".kam-site");
		bool ours = kam_path_exists(marker);
		free(marker);
		if (!ours && !force)
			return kam_error_set(err, KAM_EEXISTS,
					     "'%s' exists and kam did not make it; choose another -o, or "
					     "--force to replace it",
					     out_dir);
		char *old = kam_xprintf("%s.kam-old-%ld", out_dir, (long)getpid());
		if (rename(out_dir, old) != 0) {
			free(old);
			return kam_error_set(err, KAM_EIO, "cannot move '%s' aside: %s", out_dir, strerror(errno));
		}
		if (rename(tmp, out_dir) != 0) {
			int e = errno;
			rename(old, out_dir); /* put the old site back */
			free(old);
			return kam_error_set(err, KAM_EIO, "cannot move the new site into place: %s", strerror(e));
		}
		remove_tree(old);
		free(old);
		return KAM_OK;
	}
	if (rename(tmp, out_dir) != 0)
		return kam_error_set(err, KAM_EIO, "cannot create '%s': %s", out_dir, strerror(errno));
	return KAM_OK;
}

static void run_page(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	site *s = ctx;
	if (s->jobs[i].plan)
		render_account(s, &s->jobs[i]);
	else
		render_document(s, &s->jobs[i]);
}

static void merge_rows(kam_buf *into, kam_buf *rows, size_t count)
{
	for (size_t m = 0; rows && m < count; m++) {
		kam_buf_add(&into[m], rows[m].ptr ? rows[m].ptr : "", rows[m].len);
		kam_buf_release(&rows[m]);
	}
	free(rows);
}

/* In page order: the member rows in plan order, and the first failure. */
static void finish_page(void *ctx, size_t i)
{
	site *s = ctx;
	page_job *j = &s->jobs[i];
	size_t team = kam_repo_config(s->in->repo)->team_count;
	merge_rows(s->people, j->people, team);
	merge_rows(s->actions, j->actions, team);
	if (j->out.rc < 0 && s->out.rc == KAM_OK) {
		s->out.rc = j->out.rc;
		s->out.err = j->out.err;
	}
}

/* Account and note pages on a pool of workers, then the pages that gather
 * from them. */
static int build_site(site *s)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	s->people = kam_xcalloc(c->team_count + 1, sizeof(kam_buf));
	s->actions = kam_xcalloc(c->team_count + 1, sizeof(kam_buf));
	s->teams = kam_xcalloc(c->team_count + 1, sizeof(kam_buf));
	for (size_t i = 0; i < s->in->plan_count; i++)
		if (s->in->plans[i].account && !s->in->plans[i].duplicate)
			kam_text_table_put(&s->accounts, s->in->plans[i].account, strlen(s->in->plans[i].account), i);
	group_backlinks(s);
	group_team_references(s);
	kam_entry *entries = NULL;
	size_t n = 0;
	if (kam_repo_list(s->in->repo, &entries, &n, NULL) < 0)
		n = 0;
	s->jobs = kam_xcalloc(s->in->plan_count + n + 1, sizeof(page_job));
	size_t count = 0;
	for (size_t i = 0; i < s->in->plan_count; i++) /* a copy claiming an id gets no page */
		if (!s->in->plans[i].duplicate)
			s->jobs[count++] = (page_job){.plan = &s->in->plans[i], .out = {s->out.dir, KAM_OK, {0}}};
	for (size_t i = 0; i < n; i++)
		if (!entries[i].is_plan)
			s->jobs[count++] = (page_job){.note = &entries[i], .out = {s->out.dir, KAM_OK, {0}}};
	kam_pool_jobs jobs = {count, run_page, finish_page, s};
	kam_pool_run(&jobs, kam_thread_count(count));
	render_index(s);
	for (size_t i = 0; i < c->team_count; i++)
		render_member(s, &c->team[i]);
	kam_buf css = KAM_BUF_INIT, marker = KAM_BUF_INIT;
	kam_buf_puts(&css, stylesheet);
	emit(&s->out, "kam.css", &css);
	kam_buf_puts(&marker, "This folder was made by 'kam render' and is replaced by it.\n");
	emit(&s->out, ".kam-site", &marker);
	free(s->jobs);
	s->jobs = NULL;
	if (entries)
		kam_entries_free(entries, n);
	return s->out.rc;
}

static void free_site(site *s)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	for (size_t i = 0; s->people && i < c->team_count; i++) {
		kam_buf_release(&s->people[i]);
		kam_buf_release(&s->actions[i]);
		kam_buf_release(&s->teams[i]);
	}
	free(s->teams);
	kam_text_table_release(&s->accounts);
	free(s->people);
	free(s->actions);
	free(s->backlinks);
}

int kam_render_site(const kam_render_input *in, const char *out_dir, bool force, kam_error *err)
{
	int guarded = guard_output(in->repo, out_dir, err);
	if (guarded < 0)
		return guarded;
	char *tmp = kam_xprintf("%s.kam-tmp-XXXXXX", out_dir);
	if (!mkdtemp(tmp)) {
		int rc = kam_error_set(err, KAM_EIO, "cannot create a folder beside '%s': %s", out_dir,
				       strerror(errno));
		free(tmp);
		return rc;
	}
	site s = {.in = in, .unsafe_html = kam_repo_config(in->repo)->unsafe_html, .out = {tmp, KAM_OK, {0}}};
	int rc = build_site(&s);
	if (rc < 0 && err)
		*err = s.out.err;
	if (rc == KAM_OK)
		rc = flush_site(tmp, err);
	if (rc == KAM_OK)
		rc = replace_site(tmp, out_dir, force, err);
	if (rc == KAM_OK)
		kam_sync_parent(out_dir);
	if (rc < 0)
		remove_tree(tmp);
	free(tmp);
	free_site(&s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* a Markdown summary for a forge                                      */

/* Mermaid node ids are numbers, never the contacts' ids (c.2 and c-2
 * were one node): contact i is n<i+1>; a reports_to naming no contact of
 * the plan gets a node of its own after them, labelled with the name. */
static size_t contact_number(const kam_node *contacts, const char *id)
{
	for (size_t i = 0; id && i < contacts->count; i++)
		if (same(str(contacts->items[i], "id"), id))
			return i + 1;
	return 0;
}

static void md_contact_node(kam_buf *b, const kam_node *c, size_t number)
{
	kam_buf_puts(b, "  ");
	kam_mermaid_id(b, number);
	kam_buf_puts(b, "[\"");
	kam_mermaid_label(b, str(c, "name"));
	kam_buf_puts(b, "<br/>");
	kam_mermaid_label(b, str(c, "title") ? str(c, "title") : "");
	kam_buf_puts(b, "<br/>");
	kam_mermaid_label(b, str(c, "attitude") ? str(c, "attitude") : "attitude unknown");
	kam_buf_puts(b, str(c, "owner") ? " · owner " : " · NO OWNER");
	kam_mermaid_label(b, str(c, "owner"));
	kam_buf_puts(b, "\"]\n");
}

static void md_map(kam_buf *b, const kam_node *plan)
{
	const kam_node *contacts = kam_node_get(plan, "contacts");
	if (!contacts || contacts->kind != KAM_NODE_SEQ || !contacts->count)
		return;
	kam_buf_puts(b, "\n### Relationship map\n\n```mermaid\ngraph TD\n");
	for (size_t i = 0; i < contacts->count; i++)
		if (str(contacts->items[i], "id"))
			md_contact_node(b, contacts->items[i], i + 1);
	for (size_t i = 0; i < contacts->count; i++) {
		const kam_node *c = contacts->items[i];
		const char *boss = str(c, "reports_to");
		if (!boss || !str(c, "id"))
			continue;
		size_t to = contact_number(contacts, boss);
		if (!to || !str(contacts->items[to - 1], "id")) {
			to = contacts->count + i + 1;
			kam_buf_puts(b, "  ");
			kam_mermaid_id(b, to);
			kam_buf_puts(b, "[\"");
			kam_mermaid_label(b, boss);
			kam_buf_puts(b, "\"]\n");
		}
		kam_buf_puts(b, "  ");
		kam_mermaid_id(b, to);
		kam_buf_puts(b, " --> ");
		kam_mermaid_id(b, i + 1);
		kam_buf_putc(b, '\n');
	}
	kam_buf_puts(b, "```\n");
}

static void md_opportunities(kam_buf *b, const kam_node *plan, const char *currency)
{
	const kam_node *opps = kam_node_get(plan, "opportunities");
	if (!opps || opps->kind != KAM_NODE_SEQ || !opps->count)
		return;
	kam_buf_puts(b, "\n### Opportunities\n\n| | Opportunity | Stage | Value (");
	kam_md_text(b, currency);
	kam_buf_puts(b, ") | Close | Decision leader |\n|---|---|---|---:|---|---|\n");
	for (size_t i = 0; i < opps->count; i++) {
		const kam_node *o = opps->items[i];
		const kam_node *must = kam_node_get(o, "must_win"), *v = kam_node_get(o, "value");
		kam_buf_printf(b, "| %s | ", must && must->boolean ? "**must-win**" : "");
		kam_md_text(b, str(o, "title"));
		kam_buf_puts(b, " | ");
		kam_md_text(b, str(o, "stage"));
		kam_buf_puts(b, " | ");
		if (v && v->kind == KAM_NODE_NUMBER)
			kam_format_money(b, v->number);
		kam_buf_puts(b, " | ");
		kam_md_text(b, str(o, "close"));
		kam_buf_puts(b, " | ");
		kam_md_text(b, str(o, "decision_leader"));
		kam_buf_puts(b, " |\n");
	}
}

int kam_render_markdown(kam_buf *out, const kam_render_input *in, const char *account, kam_error *err)
{
	const kam_plan_summary *p = NULL;
	for (size_t i = 0; i < in->plan_count && !p; i++)
		if (same(in->plans[i].account, account))
			p = &in->plans[i];
	if (!p) {
		char *guess = kam_repo_closest_account(in->repo, account);
		kam_error_set(err, KAM_ENOTFOUND, "'%s' is not an account of this repository%s%s%s", account,
			      guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
		free(guess);
		return KAM_ENOTFOUND;
	}
	char *rel = kam_xprintf("%s/%s.md", kam_repo_config(in->repo)->accounts_dir, account);
	kam_doc *doc;
	kam_diag_list ignored = {0};
	kam_doc_read(&doc, kam_repo_files(in->repo), rel, rel, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const kam_node *plan = kam_doc_frontmatter(doc);
	kam_buf_puts(out, "## ");
	kam_md_text(out, p->name ? p->name : account);
	kam_buf_puts(out, " (");
	kam_md_code(out, account);
	kam_buf_puts(out, ")\n\n- **Tier:** ");
	kam_buf_puts(out, p->tier ? "" : "-");
	kam_md_text(out, p->tier);
	kam_buf_puts(out, " · **Type:** ");
	kam_buf_puts(out, p->type ? "" : "-");
	kam_md_text(out, p->type);
	kam_buf_puts(out, " · **Account manager:** ");
	kam_md_text(out, p->owner);
	kam_buf_puts(out, "\n- **Open pipeline:** ");
	kam_format_money(out, p->open_pipeline);
	kam_buf_putc(out, ' ');
	kam_md_text(out, p->currency);
	kam_buf_printf(out, " in %zu opportunit%s, %zu must-win%s\n", p->open_opportunities,
		       p->open_opportunities == 1 ? "y" : "ies", p->open_must_wins,
		       p->open_must_wins == 1 ? "" : "s");
	if (p->has_revenue) {
		char quarter[8];
		kam_quarter_format(in->ctx->quarter, quarter);
		kam_buf_printf(out, "- **Revenue %s:** ", quarter);
		kam_format_money(out, p->revenue_actual);
		kam_buf_puts(out, " of ");
		kam_format_money(out, p->revenue_target);
		kam_buf_putc(out, ' ');
		kam_md_text(out, p->currency);
		kam_buf_putc(out, '\n');
	}
	kam_buf_printf(out, "- **Health:** %d/100", p->health.score);
	if (p->health.points[p->health.weakest] < kam_health_max(p->health.weakest))
		kam_buf_printf(out, " (weakest: %s %d/%d)", kam_health_name(p->health.weakest),
			       p->health.points[p->health.weakest], kam_health_max(p->health.weakest));
	kam_buf_printf(out, "\n- **Next review due:** %s\n", *p->review_due ? p->review_due : "-");
	if (plan) {
		md_opportunities(out, plan, p->currency);
		md_map(out, plan);
	}
	kam_doc_free(doc);
	free(rel);
	return KAM_OK;
}
