/* The page builders of the site: the portfolio, an account's page, a team
 * member's page and a note's page, all written through the HTML writer
 * (html.h), which escapes every value and takes markup only as literals. */
#include <stdlib.h>
#include <string.h>

#include "contracts_rule.h"
#include "kam/doc.h"
#include "kam/partners.h"
#include "kam/plan.h"
#include "kam/status.h"
#include "site.h"
#include "site_history.h"
#include "svg.h"
#include "banned.h"

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* "AP" for Anna Petrova; her name. */
static const char *initials_of(void *ctx, const char *id, char out[8])
{
	const kam_team_member *m = site_member(ctx, id);
	const char *name = m && m->name ? m->name : id;
	size_t n = 0;
	/* ASCII only: a byte cut from a longer character is no letter */
	for (const char *p = name; *p && n < 3; p++)
		if ((p == name || p[-1] == ' ' || p[-1] == '.') && *p != ' ' && *p != '.' &&
		    (unsigned char)*p < 0x80)
			out[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	out[n] = '\0';
	return m ? m->name : NULL;
}

/* ------------------------------------------------------------------ */
/* page frame and links                                                */

void page_start(kam_html *b, const char *title, const char *root)
{
	kam_html_raw(
	    b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	kam_html_text(b, title);
	kam_html_raw(b, "</title>\n<link rel=\"stylesheet\"");
	char *url = kam_xprintf("%skam.css", root);
	kam_html_url(b, "href", url);
	free(url);
	kam_html_raw(b, ">\n</head>\n<body>\n<nav><a");
	url = kam_xprintf("%sindex.html", root);
	kam_html_url(b, "href", url);
	free(url);
	kam_html_raw(b, ">Portfolio</a></nav>\n<main>\n");
}

void page_end(kam_html *b, const site *s)
{
	char today[11];
	kam_date_format(s->in->ctx->today, today);
	kam_html_raw(b, "</main>\n<footer>Made by kam " KAM_VERSION " from the plans");
	if (s->history)
		kam_html_raw(b, " and their git history");
	kam_html_raw(b, " as of ");
	kam_html_text(b, today);
	kam_html_raw(b, ".</footer>\n</body>\n</html>\n");
}

/* <a href="url">label</a>: url made by kam from checked names. */
void link_to(kam_html *b, char *url, const char *label)
{
	kam_html_raw(b, "<a");
	kam_html_url(b, "href", url);
	kam_html_raw(b, ">");
	kam_html_text(b, label);
	kam_html_raw(b, "</a>");
	free(url);
}

void member_link(kam_html *b, const site *s, const char *id, const char *root)
{
	const kam_team_member *m = site_member(s, id);
	if (!m || !kam_site_name_ok(m->id)) { /* no page: the text only */
		kam_html_text_or(b, m && m->name ? m->name : id, "-");
		return;
	}
	link_to(b, kam_xprintf("%steam/%s.html", root, m->id), m->name ? m->name : m->id);
}

/* A link to an account's page; an id that cannot name a page is text. */
void account_link(kam_html *b, const char *account, const char *label, const char *root)
{
	if (!kam_site_name_ok(account)) {
		kam_html_text_or(b, label ? label : account, "-");
		return;
	}
	link_to(b, kam_xprintf("%saccounts/%s.html", root, account), label ? label : account);
}

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

/* What a word of an account's story names: its name and the page it has
 * (href NULL: none; name NULL: the word names nothing with a name). */
typedef struct named {
	const char *name;
	char *href;
} named;

/* A deal, contact, action, contract or goal of account in today's plans,
 * a team member, a competitor of kam.yaml, an account of the site: the
 * same ids the other pages show by name. */
static named name_of(const site *s, const char *account, const char *id, const char *root)
{
	const kam_entity *e = kam_index_find(s->in->index, account, id);
	if (e)
		return (named){e->name && *e->name ? e->name : NULL, NULL};
	const kam_team_member *m = site_member(s, id);
	if (m) /* a member without a name is shown, and linked, by id */
		return (named){m->name && *m->name ? m->name : m->id,
			       kam_site_name_ok(m->id) ? kam_xprintf("%steam/%s.html", root, m->id)
						       : NULL};
	const char *c = site_declared_name(&kam_repo_config(s->in->repo)->competitors, id);
	if (c)
		return (named){c, site_has_competitors(s) && kam_site_name_ok(id)
				      ? kam_xprintf("%scompetitors.html#%s", root, id)
				      : NULL};
	const char *a = site_account_name(s, id);
	if (a)
		return (named){a, site_has_account(s, id) && kam_site_name_ok(id)
				      ? kam_xprintf("%saccounts/%s.html", root, id)
				      : NULL};
	return (named){NULL, NULL};
}

/* The name of a word that names something, the id on hover (and in the
 * link when it has a page). */
static void named_ref(kam_html *b, const named *n, const char *id)
{
	if (n->href) {
		kam_html_raw(b, "<a");
		kam_html_url(b, "href", n->href);
	} else
		kam_html_raw(b, "<span");
	kam_html_attr(b, "title", id);
	kam_html_raw(b, ">");
	kam_html_text(b, n->name);
	if (n->href)
		kam_html_raw(b, "</a>");
	else
		kam_html_raw(b, "</span>");
}

/* Whether a name told after "id: " ends at p: kam diff follows it with
 * " (details)", a comma, a semicolon or nothing; "Acme" does not end in
 * "Acme Corp". */
static bool name_ends(const char *p)
{
	return !*p || *p == ',' || *p == ';' || (p[0] == ' ' && p[1] == '(');
}

/* The word at p (n characters) of account's story, by name when it names
 * something that has one, after the plain text from *plain to p; returns
 * how much of the sentence it took: "id: Name" (a new deal, contact,
 * action told with its name) becomes the name alone. A word that names
 * nothing stays in the plain text, written later in one piece. */
static size_t story_word(kam_html *b, const site *s, const char *account, const char *p, size_t n,
			 const char *root, const char **plain)
{
	bool stop = n > 1 && p[n - 1] == '.'; /* a sentence's full stop after it? */
	bool whole = site_may_name(s, p, n);
	if (!whole && !(stop && site_may_name(s, p, n - 1)))
		return stop ? n - 1 : n; /* names nothing; the full stop is read as a word next */
	char word[64]; /* most words are short */
	char *id = n < sizeof(word) ? word : kam_xmalloc(n + 1);
	memcpy(id, p, n);
	id[n] = '\0';
	named got = whole ? name_of(s, account, id, root) : (named){NULL, NULL};
	if (!got.name && stop) {
		id[--n] = '\0';
		free(got.href);
		got = name_of(s, account, id, root);
	}
	size_t took = n;
	if (got.name) {
		kam_html_text_n(b, *plain, (size_t)(p - *plain));
		named_ref(b, &got, id);
		size_t len = strlen(got.name);
		if (p[n] == ':' && p[n + 1] == ' ' && strncmp(p + n + 2, got.name, len) == 0 &&
		    name_ends(p + n + 2 + len))
			took = n + 2 + len;
		*plain = p + took;
	}
	free(got.href);
	if (id != word)
		free(id);
	return took;
}

void site_named_id(kam_html *b, const site *s, const char *account, const char *id,
		   const char *root)
{
	named got = name_of(s, account, id, root);
	if (got.name)
		named_ref(b, &got, id);
	else
		kam_html_text(b, id);
	free(got.href);
}

void site_named_text(kam_html *b, const site *s, const char *account, const char *text,
		     const char *root)
{
	const char *p = text ? text : "", *plain = p; /* plain: from there on, not written yet */
	while (*p) {
		size_t n = 0;
		if (!id_char(*p)) { /* between words: part of the plain text */
			p++;
			continue;
		}
		while (id_char(p[n]))
			n++;
		p += story_word(b, s, account, p, n, root, &plain);
	}
	kam_html_text_n(b, plain, (size_t)(p - plain));
}

static void money_cell(kam_html *b, const kam_node *v)
{
	if (!v || v->kind != KAM_NODE_NUMBER) {
		kam_html_raw(b, "<td class=\"num\">-</td>");
		return;
	}
	kam_html_raw(b, "<td class=\"num\">");
	kam_html_money(b, v->number);
	kam_html_raw(b, "</td>");
}

void cell(kam_html *b, const char *text)
{
	kam_html_raw(b, "<td>");
	kam_html_text_or(b, text, "-");
	kam_html_raw(b, "</td>");
}

/* The box a table scrolls in when it is wider than the screen: a region
 * named for screen readers that the keyboard can scroll; closed with
 * </div> after </table>. */
void table_box(kam_html *b, const char *label)
{
	kam_html_raw(b, "<div class=\"tablebox\" role=\"region\" tabindex=\"0\"");
	kam_html_attr(b, "aria-label", label);
	kam_html_raw(b, ">");
}

/* A meter of pct percent: the width clamped to 0..100. */
static void meter(kam_html *b, double pct)
{
	kam_html_raw(b, "<span class=\"meter\"><span style=\"width:");
	kam_html_int(b, kam_clamp_int(pct, 0, 100));
	kam_html_raw(b, "%\"></span></span>");
}

/* "1 error" / "2 errors": n and a word from the code. */
static void count_of(kam_html *b, size_t n, const char *one, const char *many)
{
	kam_html_int(b, (long long)n);
	kam_html_raw(b, " ");
	kam_html_text(b, n == 1 ? one : many);
}

/* ------------------------------------------------------------------ */
/* account pages                                                       */

typedef struct account_page {
	site *s;
	kam_html *b;
	const kam_node *plan;
	const kam_plan_summary *summary;
	const char *currency;
	kam_text_table contacts; /* id -> index in the plan's contacts */
	body_parts body;	 /* the plan's body, by the part it writes about */
} account_page;

/* What the plan's body says about part n (1-5), at the end of that part. */
static void part_notes(account_page *a, int n)
{
	kam_html_append(a->b, a->body.part[n - 1]);
}

/* The body's sections of its own (lead: before the parts), if any. */
static void body_section(kam_html *b, const kam_html *body)
{
	size_t len;
	kam_html_data(body, &len);
	if (!len)
		return;
	kam_html_raw(b, "<section class=\"body\">\n");
	kam_html_append(b, body);
	kam_html_raw(b, "</section>\n");
}

/* A link to a contact of this page's account: #id, named when it is known. */
static void contact_link(account_page *a, const char *id)
{
	size_t at;
	if (!id) {
		kam_html_raw(a->b, "-");
		return;
	}
	const char *name = NULL;
	if (kam_text_table_get(&a->contacts, id, strlen(id), &at))
		name = kam_node_text_at(kam_node_get(a->plan, "contacts")->items[at], "name");
	link_to(a->b, kam_xprintf("#%s", id), name ? name : id);
}

/* The contact id of this page's account, or NULL. */
static const kam_node *contact_of(account_page *a, const char *id)
{
	size_t at;
	if (!id || !kam_text_table_get(&a->contacts, id, strlen(id), &at))
		return NULL;
	return kam_node_get(a->plan, "contacts")->items[at];
}

/* "KDL key decision leader": the role's badge, then its words. */
static void role_label(kam_html *b, kam_role role)
{
	if (role >= KAM_ROLE_UNKNOWN) {
		kam_html_raw(b, "-");
		return;
	}
	kam_html_raw(b, "<abbr class=\"badge\"");
	kam_html_attr(b, "title", kam_roles[role].label);
	kam_html_raw(b, ">");
	kam_html_text(b, kam_roles[role].badge);
	kam_html_raw(b, "</abbr> ");
	kam_html_text(b, kam_roles[role].label);
}

/* "2 credible": a relationship level and its label; "-" when none. */
#define level_label(b, level) level_label_or((b), (level), "-")
static void level_label_or(kam_html *b, int level, const char *none)
{
	if (!kam_level_label(level)) {
		kam_html_text(b, none);
		return;
	}
	kam_html_int(b, level);
	kam_html_raw(b, " ");
	kam_html_text(b, kam_level_label(level));
}

/* A level written in a plan: an integer 0-4, else -1 (the schema's finding). */
static int level_of(const kam_node *n)
{
	return n && kam_node_is_integer(n) && n->number >= 0 && n->number <= KAM_LEVEL_MAX
		   ? (int)n->number
		   : -1;
}

/* " left" / " moved" after a name: a contact no longer in their role. */
static void status_mark(kam_html *b, kam_contact_status status)
{
	if (status == KAM_CONTACT_LEFT || status == KAM_CONTACT_MOVED) {
		kam_html_raw(b, " <small class=\"gone\">");
		kam_html_text(b, kam_contact_status_name(status));
		kam_html_raw(b, "</small>");
	}
}

/* When account#id was last met, "2026-10-03, meeting" with a link to the
 * note that says so; "never met" when nothing does. root: to the site's. */
static void last_met(kam_html *b, const site *s, const char *account, const char *id,
		     const char *root)
{
	const kam_touch *t =
	    id ? kam_index_last_met(s->in->index, account, id, s->in->ctx->today) : NULL;
	if (!t) {
		kam_html_raw(b, "<span class=\"warn\">never met</span>");
		return;
	}
	char date[11];
	kam_date_format(t->date, date);
	char *page = kam_index_doc_is_plan(s->in->index, t->doc)
			 ? NULL
			 : site_note_page(s, kam_index_doc_path(s->in->index, t->doc));
	if (page)
		link_to(b, kam_xprintf("%s%s", root, page), date);
	else
		kam_html_text(b, date);
	free(page);
	kam_html_raw(b, ", ");
	kam_html_text(b, t->kind);
}

static const kam_node *list_of(const kam_node *plan, const char *key)
{
	const kam_node *n = kam_node_get(plan, key);
	return n && n->kind == KAM_NODE_SEQ && n->count ? n : NULL;
}

static void row_start(kam_html *b, const kam_node *item)
{
	kam_html_raw(b, "<tr");
	kam_html_attr(b, "id", kam_node_text_at(item, "id"));
	kam_html_raw(b, ">");
}

static void health_block(account_page *a)
{
	const kam_health *h = &a->summary->health;
	kam_html_raw(a->b, "<section class=\"health\"><h2>Health ");
	kam_html_int(a->b, h->score);
	kam_html_raw(a->b, "</h2>\n");
	table_box(a->b, "Health");
	kam_html_raw(a->b, "<table>\n");
	for (int i = 0; i < KAM_HEALTH__COUNT; i++) {
		kam_health_part part = (kam_health_part)i;
		if (!h->parts[i].weight)
			continue; /* left out in kam.yaml */
		kam_html_raw(a->b, "<tr");
		kam_html_class(a->b,
			       part == h->weakest && kam_health_lacking(h, part) ? KAM_CLASS_WEAKEST
										 : KAM_CLASS_NONE,
			       KAM_CLASS_NONE);
		kam_html_raw(a->b, "><td>");
		kam_html_text(a->b, kam_health_name(part));
		kam_html_raw(a->b, "</td><td class=\"num\">");
		kam_html_int(a->b, kam_health_points(h, part));
		kam_html_raw(a->b, " / ");
		kam_html_int(a->b, kam_health_max(h, part));
		kam_html_raw(a->b, "</td><td>");
		meter(a->b, 100.0 * h->parts[i].fraction);
		kam_html_raw(a->b, "</td><td>");
		site_named_text(a->b, a->s, a->summary->account, kam_health_why(h, part), "../");
		kam_html_raw(a->b, "</td></tr>\n");
	}
	kam_html_raw(a->b, "</table></div></section>\n");
}

static void header_block(account_page *a, const char *id)
{
	kam_html *b = a->b;
	const kam_node *p = a->plan;
	kam_html_raw(b, "<header class=\"account\"><h1>");
	kam_html_text(b, kam_node_text_at(p, "name") ? kam_node_text_at(p, "name") : id);
	kam_html_raw(b, "</h1>\n<p class=\"facts\">");
	const char *facts[] = {kam_node_text_at(p, "type"), kam_node_text_at(p, "tier"),
			       kam_node_text_at(p, "phase"), kam_node_text_at(p, "industry")};
	bool first = true;
	for (size_t i = 0; i < 4; i++)
		if (facts[i]) {
			if (!first)
				kam_html_raw(b, " · ");
			kam_html_text(b, facts[i]);
			first = false;
		}
	kam_html_raw(b, "</p>\n<p>Account manager: ");
	member_link(b, a->s, kam_node_text_at(p, "owner"), "../");
	const kam_node *team = list_of(p, "team");
	for (size_t i = 0; team && i < team->count; i++) {
		i ? kam_html_raw(b, ", ") : kam_html_raw(b, " · Team: ");
		member_link(b, a->s, kam_node_text_at(team->items[i], "member"), "../");
		if (kam_node_text_at(team->items[i], "role")) {
			kam_html_raw(b, " (");
			kam_html_text(b, kam_node_text_at(team->items[i], "role"));
			kam_html_raw(b, ")");
		}
	}
	kam_html_raw(b, "</p>\n<p>Reviewed ");
	kam_html_text(b, kam_node_text_at(p, "reviewed"));
	if (*a->summary->review_due) {
		kam_date due;
		bool overdue = kam_date_parse(a->summary->review_due, &due) &&
			       kam_date_compare(due, a->s->in->ctx->today) < 0;
		overdue ? kam_html_raw(b, " · next review was due <strong")
			: kam_html_raw(b, " · next review due <strong");
		kam_html_class(b, overdue ? KAM_CLASS_BAD : KAM_CLASS_OK, KAM_CLASS_NONE);
		kam_html_raw(b, ">");
		kam_html_text(b, a->summary->review_due);
		kam_html_raw(b, "</strong>");
	}
	kam_html_raw(b, "</p></header>\n");
}

/* The findings whose file starts with prefix (len bytes): a run of the
 * list, which is sorted by file. */
static void findings_from(const site *s, const char *prefix, size_t len, size_t *first, size_t *end)
{
	const kam_diag_list *f = s->in->findings;
	size_t a = 0, b = f ? f->count : 0;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (strncmp(f->items[mid].file, prefix, len) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*first = *end = a;
	while (f && *end < f->count && strncmp(f->items[*end].file, prefix, len) == 0)
		(*end)++;
}

/* The findings of file. */
static void findings_of(const site *s, const char *file, size_t *first, size_t *end)
{
	size_t n = strlen(file);
	findings_from(s, file, n + 1, first, end); /* the NUL too: the whole name */
}

/* The prefix of the files of a plan's notes: "accounts/acme/" for
 * "accounts/acme.md"; NULL for a plan file not so named. */
static char *notes_prefix(const char *plan_file)
{
	size_t n = plan_file ? strlen(plan_file) : 0;
	if (n <= 3 || strcmp(plan_file + n - 3, ".md") != 0)
		return NULL;
	return kam_xprintf("%.*s/", (int)(n - 3), plan_file);
}

static void finding_items(account_page *a, size_t first, size_t end, bool with_file)
{
	const kam_diag_list *f = a->s->in->findings;
	for (size_t i = first; i < end; i++) {
		const kam_diag *d = &f->items[i];
		kam_html_raw(a->b, "<li");
		kam_html_class(a->b,
			       d->severity == KAM_SEV_ERROR ? KAM_CLASS_ERROR : KAM_CLASS_WARNING,
			       KAM_CLASS_NONE);
		kam_html_raw(a->b, ">");
		if (with_file) {
			kam_html_text(a->b, d->file);
			kam_html_raw(a->b, " ");
		}
		kam_html_raw(a->b, "line ");
		kam_html_int(a->b, d->line);
		kam_html_raw(a->b, ": <code>");
		kam_html_text(a->b, kam_rule_id(d->rule));
		kam_html_raw(a->b, "</code> ");
		kam_html_text(a->b, d->message);
		kam_html_raw(a->b, "</li>\n");
	}
}

/* The plan's findings, then its notes' (an overdue action of a meeting
 * note is the account's as much as one of the plan). */
static void findings_block(account_page *a, const char *file)
{
	size_t first, end, nfirst = 0, nend = 0;
	findings_of(a->s, file, &first, &end);
	char *prefix = notes_prefix(file);
	if (prefix)
		findings_from(a->s, prefix, strlen(prefix), &nfirst, &nend);
	free(prefix);
	if (first == end && nfirst == nend)
		return;
	kam_html_raw(a->b, "<section class=\"findings\"><h2>Findings (");
	kam_html_int(a->b, (long long)(end - first + nend - nfirst));
	kam_html_raw(a->b, ")</h2><ul>\n");
	finding_items(a, first, end, false);
	finding_items(a, nfirst, nend, true);
	kam_html_raw(a->b, "</ul></section>\n");
}

/* validated: when the client last reviewed the plan with us, with whom. */
static void validated_line(account_page *a)
{
	kam_html *b = a->b;
	kam_account_view v;
	kam_account_view_read(&v, a->plan);
	if (!v.validated) {
		kam_html_raw(b, "<p class=\"validated\">Not validated with the client yet.</p>\n");
		return;
	}
	kam_html_raw(b, "<p class=\"validated\">Validated with the client on ");
	kam_html_text(b, v.validated);
	const kam_node *with = kam_node_get(v.validated_node, "with");
	for (size_t i = 0; with && with->kind == KAM_NODE_SEQ && i < with->count; i++) {
		i ? kam_html_raw(b, ", ") : kam_html_raw(b, " with ");
		contact_link(a, kam_node_string(with->items[i]));
	}
	if (kam_node_text_at(v.validated_node, "note")) {
		kam_html_raw(b, ": <q>");
		kam_html_text(b, kam_node_text_at(v.validated_node, "note"));
		kam_html_raw(b, "</q>");
	}
	kam_html_raw(b, "</p>\n");
}

static void initiatives_table(account_page *a, const kam_node *list)
{
	kam_html *b = a->b;
	table_box(b, "Initiatives");
	kam_html_raw(b, "<table><tr><th>Priority</th><th>Initiative</th><th>Status</th>"
			"<th>Owner</th><th>Our value</th></tr>\n");
	for (size_t i = 0; i < list->count; i++) {
		const kam_node *it = list->items[i];
		row_start(b, it);
		const kam_node *prio = kam_node_get(it, "priority");
		cell(b, prio ? prio->text : NULL);
		cell(b, kam_node_text_at(it, "title"));
		cell(b, kam_node_text_at(it, "status"));
		kam_html_raw(b, "<td>");
		/* owner; sponsor is its old name, still read */
		contact_link(a, kam_node_text_at(it, "owner") ? kam_node_text_at(it, "owner")
							      : kam_node_text_at(it, "sponsor"));
		kam_html_raw(b, "</td>");
		cell(b, kam_node_text_at(it, "value"));
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

static void part1(account_page *a)
{
	kam_html *b = a->b;
	kam_html_raw(b, "<section><h2 id=\"part-1\">1. Understand the client</h2>\n");
	const kam_node *strategy = kam_node_get(a->plan, "strategy");
	if (kam_node_text_at(strategy, "current") || kam_node_text_at(strategy, "target")) {
		kam_html_raw(b, "<dl class=\"strategy\"><dt>Where the client stands</dt><dd>");
		kam_html_text_or(b, kam_node_text_at(strategy, "current"), "-");
		kam_html_raw(b, "</dd><dt>Where it wants to be</dt><dd>");
		kam_html_text_or(b, kam_node_text_at(strategy, "target"), "-");
		kam_html_raw(b, "</dd></dl>\n");
	}
	if (kam_node_text_at(a->plan, "focus")) { /* ours, apart from the client's strategy */
		kam_html_raw(b, "<div class=\"focus\"><h3>Our focus</h3><p>");
		kam_html_text(b, kam_node_text_at(a->plan, "focus"));
		kam_html_raw(b, "</p></div>\n");
	}
	const kam_node *list = list_of(a->plan, "initiatives");
	if (list)
		initiatives_table(a, list);
	units_block(b, a->plan);
	validated_line(a);
	part_notes(a, 1);
	kam_html_raw(b, "</section>\n");
}

static void opportunity_row(account_page *a, const kam_node *o)
{
	kam_html *b = a->b;
	row_start(b, o);
	bool must = kam_node_get(o, "must_win") && kam_node_get(o, "must_win")->boolean;
	kam_html_raw(b, "<td>");
	if (must)
		kam_html_raw(b, "<strong class=\"mustwin\">must-win</strong> ");
	kam_html_text(b, kam_node_text_at(o, "title"));
	if (deal_has_facts(o))
		deal_facts(b, a->s, a->plan, o);
	kam_html_raw(b, "</td><td");
	/* a stage the schema does not know gets no class, never its text */
	kam_html_class(b, KAM_CLASS_STAGE, kam_html_stage_class(kam_node_text_at(o, "stage")));
	kam_html_raw(b, ">");
	kam_html_text(b, kam_node_text_at(o, "stage"));
	kam_html_raw(b, "</td>");
	money_cell(b, kam_node_get(o, "value"));
	cell(b, kam_node_text_at(o, "close"));
	const kam_node *prob = kam_node_get(o, "probability");
	kam_html_raw(b, "<td class=\"num\">");
	/* a number only: text or .nan is the schema's finding, not a percentage */
	if (prob && prob->kind == KAM_NODE_NUMBER) {
		kam_html_text(b, prob->text);
		kam_html_raw(b, "%");
	} else
		kam_html_raw(b, "-");
	kam_html_raw(b, "</td>");
	deal_forecast_cell(b, a->s, o);
	kam_html_raw(b, "<td>");
	contact_link(a, kam_node_text_at(o, "decision_leader"));
	kam_html_raw(b, "</td><td>");
	kam_html_text_or(b, kam_node_text_at(o, "route"), "-");
	if (kam_node_text_at(o, "partner")) {
		kam_html_raw(b, " via ");
		account_link(b, kam_node_text_at(o, "partner"),
			     site_account_name(a->s, kam_node_text_at(o, "partner")), "../");
	}
	kam_html_raw(b, "</td><td>");
	member_link(b, a->s, kam_node_text_at(o, "owner"), "../");
	kam_html_raw(b, "</td></tr>\n");
}

/* A member of a buying unit: who, their role in this deal, influence and
 * attitude (this deal's marked), our owner and when we last met them. */
static void member_row(account_page *a, const kam_node *item)
{
	kam_html *b = a->b;
	kam_contact_view c;
	const char *id = kam_node_string(kam_node_get(item, "contact"));
	kam_contact_view_read(&c, contact_of(a, id));
	kam_member_view m;
	kam_member_view_read(&m, item, &c);
	kam_html_raw(b, "<tr><td>");
	contact_link(a, m.contact);
	status_mark(b, c.status);
	kam_html_raw(b, "</td><td>");
	role_label(b, m.role);
	kam_html_raw(b, "</td><td>");
	kam_html_text_or(b, kam_influence_name(m.influence), "-");
	if (m.own_influence)
		kam_html_raw(b, " <small class=\"override\">this deal</small>");
	kam_html_raw(b, "</td><td");
	kam_html_class(b, KAM_CLASS_ATTITUDE,
		       kam_html_attitude_class(kam_attitude_name(m.attitude)));
	kam_html_raw(b, ">");
	kam_html_text_or(b, kam_attitude_name(m.attitude), "unknown");
	if (m.own_attitude)
		kam_html_raw(b, " <small class=\"override\">this deal</small>");
	kam_html_raw(b, "</td><td>");
	if (c.owner)
		member_link(b, a->s, c.owner, "../");
	else
		kam_html_raw(b, "<strong class=\"bad\">nobody</strong>");
	kam_html_raw(b, "</td><td>");
	last_met(b, a->s, a->summary->account, m.contact, "../");
	kam_html_raw(b, "</td></tr>\n");
}

/* The buying unit of a deal: every must-win, and every open deal that
 * names one. */
static void buying_unit_block(account_page *a, const kam_node *item)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, item);
	if (!o.must_win && !(o.open && o.buying_unit && o.buying_unit->count))
		return;
	kam_html *b = a->b;
	kam_html_raw(b, "<div class=\"unit\"><h3>Buying unit: ");
	kam_html_text_or(b, o.title ? o.title : o.id, "-");
	if (o.must_win)
		kam_html_raw(b, " <strong class=\"mustwin\">must-win</strong>");
	kam_html_raw(b, "</h3>\n");
	if (!o.buying_unit || !o.buying_unit->count) {
		kam_html_raw(b,
			     "<p class=\"bad\">No buying unit: who decides, approves and sponsors "
			     "this deal is not written (buying_unit).</p></div>\n");
		return;
	}
	char *label = kam_xprintf("Buying unit: %s", o.title ? o.title : o.id ? o.id : "-");
	table_box(b, label);
	free(label);
	kam_html_raw(b, "<table><tr><th>Person</th><th>Role in this deal</th><th>Influence</th>"
			"<th>Attitude</th><th>Our owner</th><th>Last met</th></tr>\n");
	for (size_t i = 0; i < o.buying_unit->count; i++)
		member_row(a, o.buying_unit->items[i]);
	kam_html_raw(b, "</table></div></div>\n");
}

static void part2(account_page *a)
{
	kam_html *b = a->b;
	kam_html_raw(b, "<section><h2 id=\"part-2\">2. Opportunities</h2>\n<p>Open pipeline ");
	kam_html_money(b, a->summary->open_pipeline);
	kam_html_raw(b, " ");
	kam_html_text(b, a->currency);
	kam_html_raw(b, " in ");
	count_of(b, a->summary->open_opportunities, "opportunity", "opportunities");
	kam_html_raw(b, ", ");
	count_of(b, a->summary->open_must_wins, "must-win", "must-wins");
	kam_html_raw(b, ".</p>\n");
	const kam_node *list = list_of(a->plan, "opportunities");
	if (list) {
		table_box(b, "Opportunities");
		kam_html_raw(b, "<table><tr><th>Opportunity</th><th>Stage</th><th>Value (");
		kam_html_text(b, a->currency);
		kam_html_raw(
		    b, ")</th><th>Close</th><th>Prob.</th><th>Forecast</th><th>Decision leader</th>"
		       "<th>Route</th><th>Owner</th></tr>\n");
		for (size_t i = 0; i < list->count; i++)
			opportunity_row(a, list->items[i]);
		kam_html_raw(b, "</table></div>\n");
		for (size_t i = 0; i < list->count; i++)
			buying_unit_block(a, list->items[i]);
		kam_html_raw(b, "<div class=\"charts\">");
		kam_svg_pipeline(b, a->plan, a->currency);
		kam_html_raw(b, "</div>\n");
	}
	rivals_block(b, a->s, a->plan);
	contracts_block(b, a->s, a->plan, a->currency);
	whitespace_block(b, a->s, a->plan, a->summary->account, a->summary->file);
	part_notes(a, 2);
	kam_html_raw(b, "</section>\n");
}

/* For a partner: the open deals other plans route through it (partner:),
 * by account, with sums per currency, and the plans not seen (they could
 * route deals here too). */
static void partner_pipeline_block(account_page *a)
{
	const kam_render_input *in = a->s->in;
	kam_html *b = a->b;
	kam_partner_pipeline p;
	kam_partner_pipeline_init(&p, a->summary->account, in->plans, in->plan_count, in->unread,
				  in->unread_count);
	if (!kam_type_is_partner(a->summary->type) && !p.deal_count)
		goto done;
	kam_html_raw(b, "<section><h2 id=\"partner-pipeline\">Pipeline "
			"through this partner</h2>\n<p>");
	count_of(b, p.deal_count, "open opportunity", "open opportunities");
	kam_html_raw(b, " of ");
	count_of(b, p.account_count, "account", "accounts");
	for (size_t i = 0; i < p.sums.count; i++) {
		if (i)
			kam_html_raw(b, " + ");
		else
			kam_html_raw(b, ": ");
		kam_html_money(b, p.sums.amount[i]);
		kam_html_raw(b, " ");
		kam_html_text(b, p.sums.currency[i]);
	}
	kam_html_raw(b, ".</p>\n");
	if (p.deal_count) {
		table_box(b, "Pipeline through this partner");
		kam_html_raw(b, "<table><tr><th>Account</th><th>Opportunity</th><th>Stage</th>"
				"<th>Value</th><th>Close</th></tr>\n");
	}
	for (size_t i = 0; i < p.account_count; i++)
		for (size_t k = 0; k < p.accounts[i].deal_count; k++) {
			const kam_plan_summary *from = p.accounts[i].plan;
			const kam_routed_deal *d = p.accounts[i].deals[k];
			const char *stage = d->stage != KAM_STAGE_UNKNOWN ? kam_stage_name(d->stage) : NULL;
			kam_html_raw(b, "<tr><td>");
			account_link(b, from->account, from->name, "../");
			kam_html_raw(b, "</td>");
			cell(b, d->title ? d->title : d->id);
			kam_html_raw(b, "<td");
			kam_html_class(b, KAM_CLASS_STAGE, kam_html_stage_class(stage));
			kam_html_raw(b, ">");
			kam_html_text_or(b, stage ? stage : d->stage_text, "-");
			kam_html_raw(b, "</td><td class=\"num\">");
			if (d->has_value) {
				kam_html_money(b, d->value);
				kam_html_raw(b, " ");
				kam_html_text(b, from->currency);
			} else
				kam_html_raw(b, "-");
			kam_html_raw(b, "</td>");
			cell(b, d->close);
			kam_html_raw(b, "</tr>\n");
		}
	if (p.deal_count)
		kam_html_raw(b, "</table></div>\n");
	for (size_t i = 0; i < p.unseen_count; i++) {
		kam_html_raw(b, "<p class=\"bad\">Not seen: ");
		kam_html_text(b, p.unseen[i].file);
		kam_html_raw(b, " (");
		kam_html_text(b, p.unseen[i].why ? p.unseen[i].why
						 : "claims the account id of another plan");
		kam_html_raw(b, "): the deals it routes through this partner are not shown.</p>\n");
	}
	kam_html_raw(b, "</section>\n");
done:
	kam_partner_pipeline_release(&p);
}

static void part3(account_page *a)
{
	const kam_node *list = list_of(a->plan, "routes");
	kam_html_raw(a->b, "<section><h2 id=\"part-3\">3. Routes to market</h2>\n");
	for (size_t i = 0; list && i < list->count; i++) {
		const kam_node *share = kam_node_get(list->items[i], "share");
		bool number = share && share->kind == KAM_NODE_NUMBER;
		kam_html_raw(a->b, "<p class=\"route\"><span class=\"label\">");
		kam_html_text(a->b, kam_node_text_at(list->items[i], "route"));
		kam_html_raw(a->b, "</span> ");
		/* range-checked before any conversion: share: 1e300 is no int */
		meter(a->b, number ? share->number : 0);
		kam_html_raw(a->b, " ");
		kam_html_text(a->b, number ? share->text : "0");
		kam_html_raw(a->b, "%</p>\n");
	}
	part_notes(a, 3);
	kam_html_raw(a->b, "</section>\n");
}

/* "KDL key decision leader, ..., SP sponsor.": the badges of the map. */
static void role_legend(kam_html *b)
{
	for (int r = 0; r < KAM_ROLE_UNKNOWN; r++) {
		kam_html_text(b, kam_roles[r].badge);
		kam_html_raw(b, " ");
		kam_html_text(b, kam_roles[r].label);
		r + 1 < KAM_ROLE_UNKNOWN ? kam_html_raw(b, ", ") : kam_html_raw(b, ".");
	}
}

/* The account-wide roles of a contact: "KDL key decision leader, ..."; a
 * word that is no role is shown as written (the schema's finding). */
static void roles_of(kam_html *b, const kam_node *c)
{
	const kam_node *roles = kam_node_get(c, "roles");
	size_t n = roles && roles->kind == KAM_NODE_SEQ ? roles->count : 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			kam_html_raw(b, ", ");
		kam_role r = kam_role_parse(kam_node_string(roles->items[i]));
		if (r < KAM_ROLE_UNKNOWN)
			role_label(b, r);
		else
			kam_html_text_or(b, kam_node_string(roles->items[i]), "?");
	}
	if (!n)
		kam_html_raw(b, "-");
}

/* active, or "left the client since 2026-09-30; successor Jan Jansen". */
static void status_of(account_page *a, const kam_contact_view *c)
{
	kam_html *b = a->b;
	if (c->status == KAM_CONTACT_ACTIVE) {
		kam_html_text(b, kam_contact_statuses[KAM_CONTACT_ACTIVE].label);
		return;
	}
	if (c->status == KAM_CONTACT_STATUS_UNKNOWN) {
		kam_html_raw(b, "-");
		return;
	}
	kam_html_raw(b, "<strong class=\"gone\">");
	kam_html_text(b, kam_contact_statuses[c->status].label);
	kam_html_raw(b, "</strong>");
	if (c->since) {
		kam_html_raw(b, " since ");
		kam_html_text(b, c->since);
	}
	if (c->successor) {
		kam_html_raw(b, "; successor ");
		contact_link(a, c->successor);
	}
}

/* "2 credible → 3 trusted by 2027-Q2". */
static void relationship_of(kam_html *b, const kam_contact_view *c)
{
	if (!c->relationship) {
		kam_html_raw(b, "-");
		return;
	}
	/* a level that is no level (the schema's finding) is unknown */
	level_label_or(b, c->level, "?");
	if (kam_node_get(c->relationship, "target")) {
		kam_html_raw(b, " → ");
		level_label_or(b, c->target, "?");
	}
	if (c->by) {
		kam_html_raw(b, " by ");
		kam_html_text(b, c->by);
	}
}

/* A step of a relationship plan: reached when the level is at it; a step
 * whose quarter passed below it was missed. */
static void step_row(account_page *a, const kam_contact_view *c, const kam_node *step)
{
	kam_html *b = a->b;
	int level = level_of(kam_node_get(step, "level"));
	const char *quarter = kam_node_text_at(step, "quarter");
	kam_quarter q;
	int when = quarter && kam_quarter_parse(quarter, &q)
		       ? kam_quarter_compare(q, a->s->in->ctx->quarter)
		       : 1;
	kam_html_raw(b, "<tr>");
	cell(b, quarter);
	kam_html_raw(b, "<td>");
	level_label(b, level);
	kam_html_raw(b, "</td>");
	cell(b, kam_node_text_at(step, "how"));
	if (level >= 0 && c->level >= level)
		kam_html_raw(b, "<td class=\"ok\">reached</td>");
	else if (level >= 0 && when < 0)
		kam_html_raw(b, "<td class=\"bad\">not reached</td>");
	else if (level >= 0 && when == 0)
		kam_html_raw(b, "<td class=\"warn\">due this quarter</td>");
	else
		kam_html_raw(b, "<td>planned</td>");
	kam_html_raw(b, "</tr>\n");
}

static void steps_table(account_page *a, const kam_contact_view *c)
{
	if (!c->steps || c->steps->kind != KAM_NODE_SEQ || !c->steps->count)
		return;
	char *label = kam_xprintf("Relationship steps: %s", c->name ? c->name : c->id ? c->id : "-");
	table_box(a->b, label);
	free(label);
	kam_html_raw(a->b, "<table class=\"steps\"><tr><th>Quarter</th><th>Level</th>"
			   "<th>How</th><th>Progress</th></tr>\n");
	for (size_t i = 0; i < c->steps->count; i++)
		step_row(a, c, c->steps->items[i]);
	kam_html_raw(a->b, "</table></div>\n");
}

/* dt, then what writes the dd. */
#define fact(b, term) kam_html_raw((b), "<dt>" term "</dt><dd>")

/* The unit (buying centre) a contact works in, by its name in the plan. */
static void unit_fact(account_page *a, const char *unit)
{
	if (!unit)
		return;
	const char *name = NULL;
	const kam_node *units = list_of(a->plan, "units");
	for (size_t i = 0; units && i < units->count && !name; i++)
		if (same(kam_node_text_at(units->items[i], "id"), unit))
			name = kam_node_text_at(units->items[i], "name");
	fact(a->b, "Unit");
	kam_html_text(a->b, name ? name : unit);
	kam_html_raw(a->b, "</dd>");
}

static void contact_card(account_page *a, const kam_node *node)
{
	kam_html *b = a->b;
	kam_contact_view c;
	kam_contact_view_read(&c, node);
	kam_html_raw(b, "<article class=\"contact\"");
	kam_html_attr(b, "id", c.id);
	kam_html_raw(b, "><h3>");
	kam_html_text_or(b, c.name ? c.name : c.id, "-");
	status_mark(b, c.status);
	kam_html_raw(b, "</h3>\n<p class=\"facts\">");
	kam_html_text_or(b, c.title ? c.title : kam_node_text_at(node, "external"), "-");
	kam_html_raw(b, "</p>\n<dl class=\"card\">");
	fact(b, "Roles");
	roles_of(b, node);
	kam_html_raw(b, "</dd>");
	fact(b, "Attitude");
	kam_html_raw(b, "<span");
	kam_html_class(b, KAM_CLASS_ATTITUDE,
		       kam_html_attitude_class(kam_node_text_at(node, "attitude")));
	kam_html_raw(b, ">");
	kam_html_text_or(b, kam_node_text_at(node, "attitude"), "unknown");
	kam_html_raw(b, "</span></dd>");
	fact(b, "Influence");
	kam_html_text_or(b, kam_influence_name(c.influence), "-");
	kam_html_raw(b, "</dd>");
	unit_fact(a, kam_node_text_at(node, "unit"));
	fact(b, "Status");
	status_of(a, &c);
	kam_html_raw(b, "</dd>");
	fact(b, "Our owner");
	if (c.owner)
		member_link(b, a->s, c.owner, "../");
	else
		kam_html_raw(b, "<strong class=\"bad\">nobody</strong>");
	kam_html_raw(b, "</dd>");
	fact(b, "Relationship");
	relationship_of(b, &c);
	kam_html_raw(b, "</dd>");
	fact(b, "Last met");
	last_met(b, a->s, a->summary->account, c.id, "../");
	kam_html_raw(b, "</dd></dl>\n");
	steps_table(a, &c);
	kam_html_raw(b, "</article>\n");
}

static void part4(account_page *a)
{
	kam_html *b = a->b;
	kam_html_raw(b, "<section><h2 id=\"part-4\">4. Relationships</h2>\n");
	const kam_node *list = list_of(a->plan, "contacts");
	if (list) {
		kam_html_raw(b, "<div class=\"mapbox\">");
		kam_svg_relationship_map(b, a->plan, initials_of, a->s);
		kam_html_raw(b,
			     "</div>\n<p class=\"legend\">Box colour and border pattern: attitude "
			     "(also written in the box). Border weight and the letter in the "
			     "corner: influence (H high, M medium, L low). ");
		role_legend(b);
		kam_html_raw(b, " The circle: who on our side owns the relationship. A faded box "
				"marked LEFT or MOVED: no longer in that role.</p>\n"
				"<div class=\"cards\">\n");
		for (size_t i = 0; i < list->count; i++)
			contact_card(a, list->items[i]);
		kam_html_raw(b, "</div>\n");
	}
	part_notes(a, 4);
	kam_html_raw(b, "</section>\n");
}

static void simple_table(account_page *a, const char *key, const char *title,
			 const char *const *fields, const char *const *headers, size_t n)
{
	const kam_node *list = list_of(a->plan, key);
	if (!list)
		return;
	kam_html *b = a->b;
	kam_html_raw(b, "<h3>");
	kam_html_text(b, title);
	kam_html_raw(b, "</h3>\n");
	table_box(b, title);
	kam_html_raw(b, "<table><tr>");
	for (size_t f = 0; f < n; f++) {
		kam_html_raw(b, "<th>");
		kam_html_text(b, headers[f]);
		kam_html_raw(b, "</th>");
	}
	kam_html_raw(b, "</tr>\n");
	for (size_t i = 0; i < list->count; i++) {
		const kam_node *item = list->items[i];
		row_start(b, item);
		for (size_t f = 0; f < n; f++) {
			if (same(fields[f], "owner")) {
				kam_html_raw(b, "<td>");
				member_link(b, a->s, kam_node_text_at(item, "owner"), "../");
				kam_html_raw(b, "</td>");
			} else if (same(fields[f], "contact")) {
				kam_html_raw(b, "<td>");
				contact_link(a, kam_node_text_at(item, "contact"));
				kam_html_raw(b, "</td>");
			} else
				cell(b, kam_node_text_at(item, fields[f]));
		}
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

static void part5(account_page *a)
{
	static const char *const risk_f[] = {"text", "severity", "mitigation", "owner"};
	static const char *const risk_h[] = {"Risk", "Severity", "Mitigation", "Owner"};
	static const char *const act_f[] = {"text", "owner", "due", "status", "contact"};
	static const char *const act_h[] = {"Action", "Owner", "Due", "Status", "With"};
	kam_html_raw(a->b,
		     "<section><h2 id=\"part-5\">5. Goals, risks, actions and revenue</h2>\n");
	goals_block(a->b, a->s, a->plan, a->summary->account);
	simple_table(a, "risks", "Risks", risk_f, risk_h, 4);
	simple_table(a, "actions", "Actions", act_f, act_h, 5);
	if (list_of(a->plan, "revenue")) {
		kam_html_raw(a->b, "<h3>Revenue</h3>\n<div class=\"charts\">");
		kam_svg_revenue(a->b, a->plan, a->currency);
		kam_html_raw(a->b, "</div>\n");
	}
	part_notes(a, 5);
	kam_html_raw(a->b, "</section>\n");
}

/* An attendee of a meeting of account, by name: a contact links to their
 * card on the account's page, a team member to their page; anything else
 * (kam check reports it) is its text. root: to the site's folder. */
static void attendee_link(kam_html *b, const site *s, const char *account, const char *id,
			  const char *root)
{
	const kam_entity *e = id ? kam_index_find(s->in->index, account, id) : NULL;
	if (e && same(e->ns, "contact") && site_has_account(s, account)) {
		link_to(b, kam_xprintf("%saccounts/%s.html#%s", root, account, id),
			e->name ? e->name : id);
		return;
	}
	if (site_member(s, id)) {
		member_link(b, s, id, root);
		return;
	}
	kam_html_text_or(b, e && e->name ? e->name : id, "-");
}

/* The account's meeting notes, newest first, linked to their pages. */
static void meetings_block(account_page *a)
{
	size_t n;
	const page_job *const *notes = site_meetings_of(a->s, a->summary->account, &n);
	kam_html *b = a->b;
	kam_html_raw(b, "<section class=\"meetings\"><h2 id=\"part-meetings\">Meetings (");
	kam_html_int(b, (long long)n);
	kam_html_raw(b, ")</h2>\n");
	if (!n) {
		kam_html_raw(b, "<p>No meeting notes yet.</p></section>\n");
		return;
	}
	table_box(b, "Meetings");
	kam_html_raw(b, "<table><tr><th>Date</th><th>Meeting</th><th>Attendees</th></tr>\n");
	for (size_t i = 0; i < n; i++) {
		const note_info *m = &notes[i]->info;
		kam_html_raw(b, "<tr>");
		cell(b, m->date);
		kam_html_raw(b, "<td>");
		link_to(b, kam_xprintf("../%s", m->page), m->title ? m->title : "(untitled)");
		kam_html_raw(b, "</td><td>");
		for (size_t k = 0; k < m->attendee_count; k++) {
			if (k)
				kam_html_raw(b, ", ");
			if (contact_of(a, m->attendees[k])) /* on this page */
				contact_link(a, m->attendees[k]);
			else
				attendee_link(b, a->s, a->summary->account, m->attendees[k], "../");
		}
		if (!m->attendee_count)
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td></tr>\n");
	}
	kam_html_raw(b, "</table></div></section>\n");
}

static const char *target_account(const kam_index *x, size_t i)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(x, &n);
	return refs[i].target && refs[i].target->account ? refs[i].target->account : "";
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
	kam_html *items = kam_html_new();
	size_t count = 0;
	for (size_t k = lo;
	     k < a->s->backlink_count && same(target_account(a->s->in->index, order[k]), account);
	     k++) {
		const kam_ref *r = &refs[order[k]];
		const char *from = kam_index_doc_account(a->s->in->index, r->doc);
		count++;
		kam_html_raw(items, "<li>");
		account_link(items, from, site_account_name(a->s, from), "../");
		/* the field that refers, or the notes: the target by name, not id */
		kam_html_raw(items, ": ");
		if (r->field)
			kam_html_text(items, r->field);
		else
			kam_html_raw(items, "in its notes");
		if (!same(r->target->ns, "account")) {
			kam_html_raw(items, " → ");
			link_to(items, kam_xprintf("#%s", r->target->id),
				r->target->name ? r->target->name : r->target->id);
		}
		kam_html_raw(items, "</li>\n");
	}
	if (count) {
		kam_html_raw(a->b, "<section class=\"backlinks\"><h2>Backlinks (");
		kam_html_int(a->b, (long long)count);
		kam_html_raw(a->b, ")</h2><ul>\n");
		kam_html_append(a->b, items);
		kam_html_raw(a->b, "</ul></section>\n");
	}
	kam_html_free(items);
}

/* A job's rows for member m, the table made on first use. */
static kam_html *rows_of(const site *s, kam_html ***rows, int m)
{
	if (!*rows)
		*rows =
		    kam_xcalloc(kam_repo_config(s->in->repo)->team_count + 1, sizeof(kam_html *));
	if (!(*rows)[m])
		(*rows)[m] = kam_html_new();
	return (*rows)[m];
}

/* A row of a member's open actions: the action, its account, where it is
 * written (link: to the action's row, or the note's page), when it is due
 * (overdue marked). */
static void action_row(kam_html *b, const site *s, const kam_action_view *act, const char *account,
		       const char *name, char *link, const char *from)
{
	kam_html_raw(b, "<tr><td>");
	kam_html_text(b, act->text);
	kam_html_raw(b, "</td><td>");
	account_link(b, account, name, "../");
	kam_html_raw(b, "</td><td>");
	if (link)
		link_to(b, link, from);
	else
		kam_html_text_or(b, from, "-");
	kam_date due;
	bool overdue = act->due && kam_date_parse(act->due, &due) &&
		       kam_date_compare(due, s->in->ctx->today) < 0;
	kam_html_raw(b, "</td><td");
	kam_html_class(b, overdue ? KAM_CLASS_BAD : KAM_CLASS_NONE, KAM_CLASS_NONE);
	kam_html_raw(b, ">");
	kam_html_text_or(b, act->due, "-");
	if (overdue)
		kam_html_raw(b, " (overdue)");
	kam_html_raw(b, "</td></tr>\n");
}

/* While a plan's tree is alive: the rows its contacts and open actions add
 * to the pages of the team members who own them. */
static void collect_member_rows(const site *s, page_job *j, const kam_node *plan)
{
	const kam_plan_summary *p = j->plan;
	const kam_node *contacts = kam_node_get(plan, "contacts");
	for (size_t k = 0; contacts && contacts->kind == KAM_NODE_SEQ && k < contacts->count; k++) {
		const kam_node *c = contacts->items[k];
		int m = site_member_number(s, kam_node_text_at(c, "owner"));
		if (m < 0)
			continue;
		kam_html *people = rows_of(s, &j->people, m);
		kam_html_raw(people, "<tr><td>");
		link_to(people,
			kam_xprintf("../accounts/%s.html#%s", p->account,
				    kam_node_text_at(c, "id") ? kam_node_text_at(c, "id") : ""),
			kam_node_text_at(c, "name"));
		kam_contact_view v;
		kam_contact_view_read(&v, c);
		status_mark(people, v.status);
		kam_html_raw(people, "</td>");
		cell(people, p->name);
		cell(people, kam_node_text_at(c, "title"));
		cell(people, kam_node_text_at(c, "attitude"));
		kam_html_raw(people, "<td>");
		last_met(people, s, p->account, v.id, "../");
		kam_html_raw(people, "</td></tr>\n");
	}
	const kam_node *list = kam_node_get(plan, "actions");
	for (size_t k = 0; list && list->kind == KAM_NODE_SEQ && k < list->count; k++) {
		kam_action_view act;
		kam_action_view_read(&act, list->items[k]);
		int m = site_member_number(s, act.owner);
		if (m < 0 || !act.open)
			continue;
		char *link = act.id ? kam_xprintf("../accounts/%s.html#%s", p->account, act.id)
				    : kam_xprintf("../accounts/%s.html#part-5", p->account);
		action_row(rows_of(s, &j->actions, m), s, &act, p->account, p->name, link, "plan");
	}
}

void render_account(site *s, page_job *j)
{
	const kam_plan_summary *summary = j->plan;
	if (!kam_site_name_ok(summary->account)) /* no page for an id that cannot name one */
		return;
	kam_doc *doc;
	kam_diag_list ignored = {0};
	const kam_repo *repo = s->in->repo;
	char *rel = kam_xprintf("%s/%s.md", kam_repo_config(repo)->accounts_dir, summary->account);
	kam_doc_read(&doc, kam_repo_files(repo), rel, rel, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const kam_node *plan = kam_doc_frontmatter(doc);
	if (plan && plan->kind == KAM_NODE_MAP) {
		char *path = kam_xprintf("accounts/%s.html", summary->account);
		kam_html *b = kam_html_new();
		account_page a = {s, b, plan, summary, summary->currency, {0}, {0}};
		kam_node_index_items(&a.contacts, kam_node_get(plan, "contacts"), "id");
		size_t len;
		const char *body = kam_doc_body(doc, &len);
		body_ctx c = {s, kam_repo_config(repo)->accounts_dir, summary->account, "../"};
		render_body_parts(&a.body, &c, kam_node_text_at(plan, "name"), body, len);
		page_start(b, summary->name ? summary->name : summary->account, "../");
		header_block(&a, summary->account);
		body_section(b, a.body.lead);
		health_block(&a);
		findings_block(&a, summary->file);
		part1(&a);
		part2(&a);
		partner_pipeline_block(&a);
		part3(&a);
		part4(&a);
		part5(&a);
		meetings_block(&a);
		account_history_block(b, s, summary->account);
		body_section(b, a.body.rest);
		backlinks_block(&a, summary->account);
		body_parts_free(&a.body);
		kam_text_table_release(&a.contacts);
		page_end(b, s);
		site_emit(&j->out, path, b);
		collect_member_rows(s, j, plan);
		free(path);
		j->doc = doc; /* for the forecast and competitors, read in plan order */
		doc = NULL;
	}
	kam_doc_free(doc);
	free(rel);
}

/* ------------------------------------------------------------------ */
/* the portfolio                                                       */

static void findings_cell(kam_html *b, const site *s, const char *file)
{
	size_t errors = 0, warnings = 0, first, end;
	const kam_diag_list *f = s->in->findings;
	findings_of(s, file, &first, &end);
	for (size_t i = first; i < end; i++)
		*(f->items[i].severity == KAM_SEV_ERROR ? &errors : &warnings) += 1;
	char *prefix = notes_prefix(file); /* and the account's notes' */
	if (prefix) {
		findings_from(s, prefix, strlen(prefix), &first, &end);
		for (size_t i = first; i < end; i++)
			*(f->items[i].severity == KAM_SEV_ERROR ? &errors : &warnings) += 1;
		free(prefix);
	}
	if (!errors && !warnings) {
		kam_html_raw(b, "<td class=\"ok\">none</td>");
		return;
	}
	kam_html_raw(b, "<td");
	kam_html_class(b, errors ? KAM_CLASS_BAD : KAM_CLASS_WARN, KAM_CLASS_NONE);
	kam_html_raw(b, ">");
	count_of(b, errors, "error", "errors");
	kam_html_raw(b, ", ");
	count_of(b, warnings, "warning", "warnings");
	kam_html_raw(b, "</td>");
}

static void portfolio_row(kam_html *b, const site *s, const kam_plan_summary *p)
{
	kam_html_raw(b, "<tr><td>");
	account_link(b, p->account, p->name, "");
	if (p->duplicate) {
		kam_html_raw(b, "<br><small class=\"bad\">");
		kam_html_text(b, p->file);
		kam_html_raw(b, " claims this account's id: not counted</small>");
	} else if (!kam_site_name_ok(p->account)) {
		kam_html_raw(b, "<br><small class=\"bad\">");
		kam_html_text(b, p->file);
		kam_html_raw(b, ": its id cannot name a page (run kam check)</small>");
	}
	kam_html_raw(b, "</td>");
	cell(b, p->tier);
	kam_html_raw(b, "<td>");
	member_link(b, s, p->owner, "");
	kam_html_raw(b, "</td><td class=\"num\">");
	kam_html_money(b, p->open_pipeline);
	kam_html_raw(b, " ");
	kam_html_text(b, p->currency);
	kam_html_raw(b, "</td><td class=\"num\">");
	kam_html_int(b, (long long)p->open_must_wins);
	kam_html_raw(b, "</td><td class=\"num\">");
	if (p->has_revenue) {
		kam_html_money(b, p->revenue_actual);
		kam_html_raw(b, " / ");
		kam_html_money(b, p->revenue_target);
		kam_html_raw(b, " ");
		meter(b, p->revenue_target > 0 ? 100 * (p->revenue_actual / p->revenue_target) : 0);
	} else
		kam_html_raw(b, "-");
	kam_date due;
	bool overdue =
	    kam_date_parse(p->review_due, &due) && kam_date_compare(due, s->in->ctx->today) < 0;
	kam_html_raw(b, "</td><td");
	overdue ? kam_html_class(b, KAM_CLASS_BAD, KAM_CLASS_NONE) : kam_html_raw(b, " class=\"\"");
	kam_html_raw(b, ">");
	kam_html_text(b, *p->review_due ? p->review_due : "-");
	if (overdue)
		kam_html_raw(b, " (overdue)");
	kam_html_raw(b, "</td><td class=\"num\"><span class=\"score\">");
	kam_html_int(b, p->health.score);
	kam_html_raw(b, "</span> ");
	meter(b, p->health.score);
	if (kam_health_lacking(&p->health, p->health.weakest)) {
		kam_html_raw(b, "<br><small>weakest: ");
		site_named_text(b, s, p->account, kam_health_why(&p->health, p->health.weakest),
				"");
		kam_html_raw(b, "</small>");
	}
	kam_html_raw(b, "</td>");
	findings_cell(b, s, p->file);
	kam_html_raw(b, "</tr>\n");
}

/* Plans kam could not read stay on the dashboard, marked, with the
 * finding that explains them: a portfolio never shrinks silently. */
static void unread_rows(kam_html *b, const kam_render_input *in, bool plans)
{
	size_t n = 0;
	for (size_t i = 0; i < in->unread_count; i++)
		n += in->unread[i].is_plan == plans;
	if (!n)
		return;
	if (plans)
		kam_html_raw(b, "<h2>Plans kam could not read</h2>\n");
	else
		kam_html_raw(b, "<h2>Notes kam could not read</h2>\n");
	table_box(b, plans ? "Plans kam could not read" : "Notes kam could not read");
	kam_html_raw(b, "<table class=\"portfolio\"><tr><th>Account</th><th>File</th><th>Finding</th></tr>\n");
	for (size_t i = 0; i < in->unread_count; i++) {
		if (in->unread[i].is_plan != plans)
			continue;
		kam_html_raw(b, "<tr>");
		cell(b, in->unread[i].account);
		cell(b, in->unread[i].file);
		kam_html_raw(b, "<td class=\"bad\">unreadable: ");
		kam_html_text(b, in->unread[i].reason);
		kam_html_raw(b, " (run kam check)</td></tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

static void unread_section(kam_html *b, const kam_render_input *in)
{
	unread_rows(b, in, true);
	unread_rows(b, in, false);
}

/* The portfolio's group of a tier: its rank among kam.yaml's tiers; the
 * plans with no tier or one kam.yaml does not declare come last (still
 * listed, never dropped). */
static size_t tier_group(const kam_config *c, const char *tier)
{
	return (size_t)kam_tier_rank_in(c->tiers, c->tier_count, tier);
}

/* "Strategic": the tier's name with its first letter capitalised. */
static void tier_heading(kam_html *b, const kam_config *c, size_t t)
{
	if (t >= c->tier_count || !c->tiers[t] || !*c->tiers[t]) {
		kam_html_raw(b, "Untiered");
		return;
	}
	const char *name = c->tiers[t];
	char first[2] = {name[0] >= 'a' && name[0] <= 'z' ? (char)(name[0] - 'a' + 'A') : name[0],
			 '\0'};
	/* a first byte of a longer character is written with the rest */
	if ((unsigned char)name[0] >= 0x80) {
		kam_html_text(b, name);
		return;
	}
	kam_html_text(b, first);
	kam_html_text(b, name + 1);
}

/* The portfolio's competitors and competitors.html, from the report kam
 * competitors makes (the plans added as their pages were made), when
 * kam.yaml declares competitors. */
static void render_competitors(site *s, kam_html *index)
{
	if (!s->competitors)
		return;
	competitors_summary(index, s->competitors);
	kam_html *b = kam_html_new();
	page_start(b, "Competitors", "");
	competitors_page(b, s, s->competitors);
	page_end(b, s);
	site_emit(&s->out, "competitors.html", b);
}

/* ------------------------------------------------------------------ */
/* the portfolio: totals, pipeline by stage, health bands              */

static int by_currency(const void *x, const void *y)
{
	return strcmp(((const stage_pipeline *)x)->currency, ((const stage_pipeline *)y)->currency);
}

/* The stage sums in kam.yaml's currency first, then by code, as the
 * forecast orders its groups. */
static void order_currencies(site *s)
{
	const char *home = kam_repo_config(s->in->repo)->currency;
	qsort(s->pipeline, s->pipeline_count, sizeof(*s->pipeline), by_currency);
	for (size_t i = 1; home && i < s->pipeline_count; i++)
		if (strcmp(s->pipeline[i].currency, home) == 0) {
			stage_pipeline keep = s->pipeline[i];
			memmove(&s->pipeline[1], &s->pipeline[0], i * sizeof(*s->pipeline));
			s->pipeline[0] = keep;
		}
}

/* An account the dashboard counts: one with a page, no duplicate plan. */
static bool on_dashboard(const site *s, const kam_plan_summary *p)
{
	return !p->duplicate && site_has_account(s, p->account);
}

static kam_stage_total stage_total(const stage_pipeline *sp)
{
	kam_stage_total all = {0};
	for (int st = 0; st <= KAM_STAGE_UNKNOWN; st++) {
		all.value += sp->by_stage[st].value;
		all.count += sp->by_stage[st].count;
	}
	return all;
}

/* Per currency: accounts, open deals, open pipeline (the plans' open
 * pipeline: a partner's copy of a client's deal counted once), must-wins,
 * and the quarter's revenue against target. */
static void totals_block(kam_html *b, const site *s, const char *quarter)
{
	kam_html_raw(b, "<section id=\"totals\">\n<h2>Portfolio totals</h2>\n");
	table_box(b, "Portfolio totals");
	kam_html_raw(b, "<table class=\"totals\">\n<tr><th scope=\"col\">Currency</th>"
			"<th scope=\"col\">Accounts</th><th scope=\"col\">Open deals</th>"
			"<th scope=\"col\">Open pipeline</th><th scope=\"col\">Must-wins</th>"
			"<th scope=\"col\">Revenue ");
	kam_html_text(b, quarter);
	kam_html_raw(b, "</th><th scope=\"col\">Target</th></tr>\n");
	for (size_t c = 0; c < s->pipeline_count; c++) {
		const char *cur = s->pipeline[c].currency;
		size_t accounts = 0, must_wins = 0, deals = stage_total(&s->pipeline[c]).count;
		double pipeline = 0, actual = 0, target = 0;
		bool revenue = false;
		for (size_t i = 0; i < s->in->plan_count; i++) {
			const kam_plan_summary *p = &s->in->plans[i];
			/* the plans the stages and the forecast read */
			if (!on_dashboard(s, p) || !p->currency || strcmp(p->currency, cur) != 0)
				continue;
			accounts++;
			pipeline += p->open_pipeline;
			must_wins += p->open_must_wins;
			if (p->has_revenue) {
				revenue = true;
				actual += p->revenue_actual;
				target += p->revenue_target;
			}
		}
		kam_html_raw(b, "<tr><th scope=\"row\">");
		kam_html_text(b, cur);
		kam_html_raw(b, "</th><td class=\"num\">");
		kam_html_int(b, (long long)accounts);
		kam_html_raw(b, "</td><td class=\"num\">");
		kam_html_int(b, (long long)deals);
		kam_html_raw(b, "</td><td class=\"num\">");
		kam_html_money(b, pipeline);
		kam_html_raw(b, "</td><td class=\"num\">");
		kam_html_int(b, (long long)must_wins);
		kam_html_raw(b, "</td><td class=\"num\">");
		if (revenue)
			kam_html_money(b, actual);
		else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td><td class=\"num\">");
		if (revenue)
			kam_html_money(b, target);
		else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td></tr>\n");
	}
	kam_html_raw(b, "</table></div>\n</section>\n");
}

static void stage_row(kam_html *b, const char *label, const kam_stage_total *t, double total)
{
	kam_html_raw(b, "<tr><th scope=\"row\">");
	kam_html_text(b, label);
	kam_html_raw(b, "</th><td class=\"num\">");
	kam_html_int(b, (long long)t->count);
	kam_html_raw(b, "</td><td class=\"num\">");
	kam_html_money(b, t->value);
	kam_html_raw(b, "</td><td>");
	if (total > 0) {
		int pct = (int)(100.0 * t->value / total + 0.5);
		meter(b, pct);
		kam_html_raw(b, " ");
		kam_html_int(b, pct);
		kam_html_raw(b, "%");
	}
	kam_html_raw(b, "</td></tr>\n");
}

/* The open pipeline by stage, one table per currency; the bars are the
 * share of each stage, with its number beside. */
static void stages_block(kam_html *b, const site *s)
{
	kam_html_raw(b, "<section id=\"stages\">\n<h2>Open pipeline by stage</h2>\n");
	if (!s->pipeline_count)
		kam_html_raw(b, "<p>No open deal.</p>\n");
	for (size_t c = 0; c < s->pipeline_count; c++) {
		const stage_pipeline *sp = &s->pipeline[c];
		kam_stage_total all = stage_total(sp);
		char *label = kam_xprintf("Open pipeline by stage (%s)", sp->currency);
		table_box(b, label);
		kam_html_raw(b, "<table class=\"stages\">\n<caption>");
		kam_html_text(b, label);
		free(label);
		kam_html_raw(b, "</caption>\n<tr><th scope=\"col\">Stage</th><th scope=\"col\">"
				"Deals</th><th scope=\"col\">Value</th><th scope=\"col\">Share</th>"
				"</tr>\n");
		for (int st = 0; st < KAM_STAGE_UNKNOWN; st++)
			if (!kam_stage_closed((kam_stage)st))
				stage_row(b, kam_stage_name((kam_stage)st), &sp->by_stage[st],
					  all.value);
		if (sp->by_stage[KAM_STAGE_UNKNOWN].count)
			stage_row(b, "no known stage", &sp->by_stage[KAM_STAGE_UNKNOWN], all.value);
		kam_html_raw(b, "<tr><th scope=\"row\">total</th><td class=\"num\">");
		kam_html_int(b, (long long)all.count);
		kam_html_raw(b, "</td><td class=\"num\">");
		kam_html_money(b, all.value);
		kam_html_raw(b, "</td><td></td></tr>\n</table></div>\n");
	}
	kam_html_raw(b, "</section>\n");
}

/* Health in three bands, each with a shape and a word as well as its
 * colour: good 75 and above, watch 50 to 74, at risk below 50. */
typedef struct health_band {
	const char *name, *shape, *cls;
	int from; /* the lowest score of the band */
} health_band;

static const health_band health_bands[] = {
    {"good", "\xe2\x97\x8f", "ok", 75},	   /* ● */
    {"watch", "\xe2\x96\xb2", "warn", 50}, /* ▲ */
    {"at risk", "\xe2\x96\xa0", "bad", 0}, /* ■ */
};

static size_t band_of(int score)
{
	size_t i = 0;
	while (score < health_bands[i].from)
		i++;
	return i;
}

static bool in_band(const site *s, const kam_plan_summary *p, size_t band)
{
	return on_dashboard(s, p) && band_of(p->health.score) == band;
}

static void health_band_row(kam_html *b, const site *s, size_t band)
{
	const health_band *hb = &health_bands[band];
	kam_html_raw(b, "<tr><th scope=\"row\"><span aria-hidden=\"true\"");
	kam_html_attr(b, "class", hb->cls);
	kam_html_raw(b, ">");
	kam_html_text(b, hb->shape);
	kam_html_raw(b, "</span> ");
	kam_html_text(b, hb->name);
	kam_html_raw(b, "</th><td>");
	kam_html_int(b, hb->from);
	kam_html_raw(b, "-");
	kam_html_int(b, band ? health_bands[band - 1].from - 1 : 100);
	kam_html_raw(b, "</td><td class=\"num\">");
	size_t n = 0;
	for (size_t i = 0; i < s->in->plan_count; i++)
		n += in_band(s, &s->in->plans[i], band);
	kam_html_int(b, (long long)n);
	kam_html_raw(b, "</td><td>");
	size_t shown = 0;
	for (size_t i = 0; i < s->in->plan_count; i++) {
		const kam_plan_summary *p = &s->in->plans[i];
		if (!in_band(s, p, band))
			continue;
		if (shown++)
			kam_html_raw(b, ", ");
		account_link(b, p->account, p->name ? p->name : p->account, "");
		kam_html_raw(b, " (");
		kam_html_int(b, p->health.score);
		kam_html_raw(b, ")");
	}
	if (!shown)
		kam_html_raw(b, "-");
	kam_html_raw(b, "</td></tr>\n");
}

static void health_bands_block(kam_html *b, const site *s)
{
	kam_html_raw(b, "<section id=\"health-bands\">\n<h2>Health</h2>\n");
	table_box(b, "Health distribution");
	kam_html_raw(b, "<table class=\"bands\">\n<caption>Accounts by health band</caption>\n"
			"<tr><th scope=\"col\">Band</th><th scope=\"col\">Score</th>"
			"<th scope=\"col\">Accounts</th><th scope=\"col\">Which</th></tr>\n");
	for (size_t i = 0; i < sizeof(health_bands) / sizeof(health_bands[0]); i++)
		health_band_row(b, s, i);
	kam_html_raw(b, "</table></div>\n</section>\n");
}

/* ------------------------------------------------------------------ */
/* needs attention                                                     */

/* One line of "needs attention": the account (linked), then what. */
static void attention_start(kam_html *b, const kam_plan_summary *p, size_t *n)
{
	if (!(*n)++)
		kam_html_raw(b, "<ul class=\"attention\">\n");
	kam_html_raw(b, "<li>");
	account_link(b, p->account, p->name ? p->name : p->account, "");
	kam_html_raw(b, ": ");
}

static size_t plan_errors(const site *s, const kam_plan_summary *p)
{
	size_t first, end, errors = 0;
	findings_of(s, p->file, &first, &end);
	for (size_t i = first; i < end; i++)
		errors += s->in->findings->items[i].severity == KAM_SEV_ERROR;
	return errors;
}

/* What an account manager should look at first, per account in plan
 * order: errors of kam check (red flags), a review overdue, the action
 * overdue longest, a decider not met within contact-stale's days, a
 * contract with no deal renewing it. */
static void attention_of(kam_html *b, const site *s, const kam_plan_summary *p, size_t *n)
{
	kam_date today = s->in->ctx->today, due;
	size_t errors = plan_errors(s, p);
	if (errors) {
		attention_start(b, p, n);
		kam_html_raw(b, "<span class=\"bad\">");
		count_of(b, errors, "error", "errors");
		kam_html_raw(b, "</span> of kam check</li>\n");
	}
	if (kam_date_parse(p->review_due, &due) && kam_date_compare(due, today) < 0) {
		attention_start(b, p, n);
		kam_html_raw(b, "review overdue since ");
		kam_html_text(b, p->review_due);
		kam_html_raw(b, "</li>\n");
	}
	const kam_health_actions *act = &p->health.actions;
	if (act->late) {
		char date[11];
		kam_date_format(act->late_due, date);
		attention_start(b, p, n);
		kam_html_raw(b, "action ");
		site_named_text(b, s, p->account, act->late, "");
		kam_html_raw(b, " overdue since ");
		kam_html_text(b, date);
		kam_html_raw(b, "</li>\n");
	}
	const kam_health_contact *old = &p->health.oldest;
	if (old->contact && (!old->met || old->days > p->health.stale_days)) {
		attention_start(b, p, n);
		kam_html_raw(b, "decider ");
		site_named_text(b, s, p->account, old->contact, "");
		if (old->met) {
			char date[11];
			kam_date_format(old->date, date);
			kam_html_raw(b, " last met ");
			kam_html_text(b, date);
		} else
			kam_html_raw(b, " never met");
		kam_html_raw(b, "</li>\n");
	}
	const kam_summary_renewal *r = &p->renewal;
	kam_date notice;
	/* within renewal-uncovered's window, as kam check warns of it */
	if (p->has_renewal && r->contract && !r->renewed_by && !r->auto_renew &&
	    (kam_date_parse(r->notice, &notice) || kam_date_parse(r->end, &notice)) &&
	    kam_date_compare(notice, kam_renewal_horizon(kam_repo_config(s->in->repo), today)) <= 0) {
		attention_start(b, p, n);
		kam_html_raw(b, "contract ");
		kam_html_text(b, r->title ? r->title : r->contract);
		kam_html_raw(b, " ends ");
		kam_html_text(b, r->end);
		if (*r->notice) {
			kam_html_raw(b, " (notice by ");
			kam_html_text(b, r->notice);
			kam_html_raw(b, ")");
		}
		kam_html_raw(b, " and no deal renews it</li>\n");
	}
}

static void attention_block(kam_html *b, const site *s)
{
	kam_html_raw(b, "<section id=\"attention\">\n<h2>Needs attention</h2>\n");
	size_t n = 0;
	for (size_t i = 0; i < s->in->plan_count; i++)
		if (!s->in->plans[i].duplicate && site_has_account(s, s->in->plans[i].account))
			attention_of(b, s, &s->in->plans[i], &n);
	if (n)
		kam_html_raw(b, "</ul>\n");
	else
		kam_html_raw(b, "<p>Nothing: no error, no review or action overdue, every "
				"decider met, every contract renewed.</p>\n");
	kam_html_raw(b, "</section>\n");
}

static void portfolio_overview(kam_html *b, site *s, const char *quarter)
{
	order_currencies(s);
	totals_block(b, s, quarter);
	stages_block(b, s);
	health_bands_block(b, s);
	attention_block(b, s);
}

void render_index(site *s)
{
	kam_html *b = kam_html_new();
	const kam_config *c = kam_repo_config(s->in->repo);
	char quarter[8];
	kam_quarter_format(s->in->ctx->quarter, quarter);
	page_start(b, *c->organization ? c->organization : "Account plans", "");
	kam_html_raw(b, "<h1>");
	kam_html_text(b, *c->organization ? c->organization : "Account");
	kam_html_raw(b, " portfolio</h1>\n");
	unread_section(b, s->in);
	portfolio_overview(b, s, quarter);
	dashboard_coming_up(b, s);
	size_t *group = kam_xcalloc(s->in->plan_count + 1, sizeof(size_t));
	for (size_t i = 0; i < s->in->plan_count; i++)
		group[i] = tier_group(c, s->in->plans[i].tier);
	for (size_t t = 0; t <= c->tier_count; t++) {
		size_t n = 0;
		for (size_t i = 0; i < s->in->plan_count; i++)
			n += group[i] == t;
		if (!n)
			continue;
		kam_html_raw(b, "<h2>");
		tier_heading(b, c, t);
		kam_html_raw(b, " accounts</h2>\n");
		char *label = kam_xprintf("%s accounts", t < c->tier_count && c->tiers[t] && *c->tiers[t] ? c->tiers[t] : "Untiered");
		table_box(b, label);
		free(label);
		kam_html_raw(b, "<table class=\"portfolio\"><tr><th>Account</th><th>Tier</th>"
		    "<th>Owner</th><th>Open pipeline</th><th>Must-wins</th><th>Revenue ");
		kam_html_text(b, quarter);
		kam_html_raw(b, "</th><th>Review due</th><th>Health</th><th>Findings</th></tr>\n");
		for (size_t i = 0; i < s->in->plan_count; i++)
			if (group[i] == t)
				portfolio_row(b, s, &s->in->plans[i]);
		kam_html_raw(b, "</table></div>\n");
	}
	free(group);
	dashboard_history_block(b, s);
	forecast_block(b, s->forecast, false);
	forecast_block(b, s->forecast_next, true);
	render_competitors(s, b);
	kam_html_raw(b, "<h2>Team</h2>\n<ul class=\"team\">\n");
	for (size_t i = 0; i < c->team_count; i++) {
		kam_html_raw(b, "<li>");
		member_link(b, s, c->team[i].id, "");
		if (c->team[i].role) {
			kam_html_raw(b, " <small>");
			kam_html_text(b, c->team[i].role);
			kam_html_raw(b, "</small>");
		}
		kam_html_raw(b, "</li>\n");
	}
	kam_html_raw(b, "</ul>\n");
	dashboard_agenda_links(b, s);
	page_end(b, s);
	site_emit(&s->out, "index.html", b);
}

/* ------------------------------------------------------------------ */
/* team members                                                        */

/* The list items of the account teams each member is on, in one pass over
 * the references (a pass per member was members x references). */
void group_team_references(site *s)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(s->in->index, &n);
	for (size_t i = 0; i < n; i++) {
		const kam_ref *r = &refs[i];
		if (!r->field || strncmp(r->field, "team[", 5) != 0 || !r->target)
			continue;
		int m = site_member_number(s, r->target->id);
		if (m < 0)
			continue;
		const char *account = kam_index_doc_account(s->in->index, r->doc);
		kam_html_raw(s->teams[m], "<li>");
		account_link(s->teams[m], account, site_account_name(s, account), "../");
		kam_html_raw(s->teams[m], " (account team)</li>\n");
	}
}

static void member_accounts(kam_html *b, const site *s, int m, const char *id)
{
	kam_html_raw(b, "<h2>Accounts</h2>\n<ul>\n");
	for (size_t i = 0; i < s->in->plan_count; i++) {
		const kam_plan_summary *p = &s->in->plans[i];
		if (!same(p->owner, id) || !p->account)
			continue;
		kam_html_raw(b, "<li>");
		account_link(b, p->account, p->name, "../");
		kam_html_raw(b, " (account manager, ");
		kam_html_text_or(b, p->tier, "untiered");
		kam_html_raw(b, ")</li>\n");
	}
	kam_html_append(b, s->teams[m]);
	kam_html_raw(b, "</ul>\n");
}

static void member_work(kam_html *b, const site *s, int m)
{
	size_t people, actions;
	kam_html_data(s->people[m], &people);
	kam_html_data(s->actions[m], &actions);
	kam_html_raw(b, "<h2>Relationships owned</h2>\n");
	if (people) {
		table_box(b, "People");
		kam_html_raw(b, "<table><tr><th>Person</th><th>Account</th><th>Title</th>"
				"<th>Attitude</th><th>Last met</th></tr>\n");
		kam_html_append(b, s->people[m]);
		kam_html_raw(b, "</table></div>\n");
	} else
		kam_html_raw(b, "<p>None.</p>\n");
	kam_html_raw(b, "<h2>Open actions</h2>\n");
	if (actions) {
		table_box(b, "Open actions");
		kam_html_raw(b, "<table><tr><th>Action</th><th>Account</th><th>From</th>"
				"<th>Due</th></tr>\n");
		kam_html_append(b, s->actions[m]);
		kam_html_raw(b, "</table></div>\n");
	} else
		kam_html_raw(b, "<p>None.</p>\n");
}

void render_member(site *s, const kam_team_member *m)
{
	int number = site_member_number(s, m->id);
	if (number < 0 || !kam_site_name_ok(m->id))
		return;
	char *path = kam_xprintf("team/%s.html", m->id);
	kam_html *b = kam_html_new();
	page_start(b, m->name ? m->name : m->id, "../");
	kam_html_raw(b, "<h1>");
	kam_html_text(b, m->name ? m->name : m->id);
	kam_html_raw(b, "</h1>\n<p>");
	kam_html_text(b, m->role);
	if (m->email) {
		kam_html_raw(b, " · ");
		char *mail = kam_xprintf("mailto:%s", m->email);
		link_to(b, mail, m->email);
	}
	kam_html_raw(b, "</p>\n<p>");
	member_agenda_link(b, s, m, "../");
	kam_html_raw(b, "</p>\n");
	member_accounts(b, s, number, m->id);
	member_work(b, s, number);
	page_end(b, s);
	site_emit(&s->out, path, b);
	free(path);
}

/* ------------------------------------------------------------------ */
/* other documents (meeting notes)                                     */

/* The document's path below the accounts folder, from its entry (NULL when
 * it is not below it). */
static const char *below_accounts(const site *s, const kam_entry *e)
{
	const char *accounts = kam_repo_accounts_path(s->in->repo);
	size_t n = strlen(accounts);
	return strncmp(e->path, accounts, n) == 0 && e->path[n] == '/' ? e->path + n + 1 : NULL;
}

/* Attendees by name, linked to their cards and pages. */
static void note_attendees(kam_html *b, const site *s, const kam_meeting_view *m,
			   const char *account, const char *root)
{
	if (!m->attendees || !m->attendees->count)
		return;
	kam_html_raw(b, "<p class=\"attendees\">Attendees: ");
	for (size_t i = 0; i < m->attendees->count; i++) {
		if (i)
			kam_html_raw(b, ", ");
		attendee_link(b, s, account, kam_node_string(m->attendees->items[i]), root);
	}
	kam_html_raw(b, "</p>\n");
}

/* The note's actions; the open ones also go to their owners' pages. */
static void note_actions(kam_html *b, const site *s, page_job *j, const kam_meeting_view *m,
			 const char *root)
{
	const char *account = j->note->account;
	if (!m->actions || !m->actions->count)
		return;
	kam_html_raw(b, "<h2>Actions</h2>\n");
	table_box(b, "Actions");
	kam_html_raw(b, "<table><tr><th>Action</th><th>Owner"
			"</th><th>Due</th><th>Status</th><th>With</th></tr>\n");
	for (size_t i = 0; i < m->actions->count; i++) {
		kam_action_view act;
		kam_action_view_read(&act, m->actions->items[i]);
		kam_html_raw(b, "<tr");
		kam_html_attr(b, "id", act.id);
		kam_html_raw(b, ">");
		cell(b, act.text);
		kam_html_raw(b, "<td>");
		member_link(b, s, act.owner, root);
		kam_html_raw(b, "</td>");
		cell(b, act.due);
		cell(b, act.status ? act.status : "open");
		kam_html_raw(b, "<td>");
		if (act.contact)
			attendee_link(b, s, account, act.contact, root);
		else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td></tr>\n");
		int owner = site_member_number(s, act.owner);
		if (owner >= 0 && act.open && j->info.page)
			action_row(rows_of(s, &j->actions, owner), s, &act, account,
				   site_account_name(s, account),
				   kam_xprintf("../%s#%s", j->info.page, act.id ? act.id : ""),
				   m->title ? m->title : m->date);
	}
	kam_html_raw(b, "</table></div>\n");
}

/* What the account's page lists of a meeting note. */
static void note_info_fill(note_info *info, const kam_meeting_view *m, const char *page)
{
	info->meeting = m->is_meeting;
	info->page = kam_xstrdup(page);
	info->date = m->date ? kam_xstrdup(m->date) : NULL;
	info->title = m->title ? kam_xstrdup(m->title) : NULL;
	size_t n = m->attendees ? m->attendees->count : 0;
	info->attendees = kam_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		if (kam_node_string(m->attendees->items[i]))
			info->attendees[info->attendee_count++] =
			    kam_xstrdup(m->attendees->items[i]->text);
}

void render_document(site *s, page_job *j)
{
	const char *rel = j->note->rel, *account = j->note->account;
	/* the site keeps the folders below the accounts folder, under accounts/ */
	char *page_path = kam_site_document_page(below_accounts(s, j->note));
	if (!page_path)
		return;
	kam_doc *doc;
	kam_diag_list ignored = {0};
	kam_doc_read(&doc, kam_repo_files(s->in->repo), rel, rel, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const kam_node *fm = kam_doc_frontmatter(doc);
	kam_meeting_view meeting;
	kam_meeting_view_read(&meeting, fm);
	note_info_fill(&j->info, &meeting, page_path);
	note_goals(&j->info, meeting.actions);
	kam_buf root = KAM_BUF_INIT;
	for (const char *p = page_path; *p; p++)
		if (*p == '/')
			kam_buf_puts(&root, "../");
	kam_html *b = kam_html_new();
	const char *title = kam_node_text_at(fm, "title") ? kam_node_text_at(fm, "title") : rel;
	page_start(b, title, kam_buf_cstr(&root));
	kam_html_raw(b, "<h1>");
	kam_html_text(b, title);
	kam_html_raw(b, "</h1>\n<p>");
	kam_html_text(b, kam_node_text_at(fm, "kind"));
	kam_html_raw(b, " ");
	kam_html_text(b, kam_node_text_at(fm, "date"));
	kam_html_raw(b, " · ");
	account_link(b, account, site_account_name(s, account), kam_buf_cstr(&root));
	kam_html_raw(b, "</p>\n");
	note_attendees(b, s, &meeting, account, kam_buf_cstr(&root));
	note_actions(b, s, j, &meeting, kam_buf_cstr(&root));
	size_t len;
	const char *body = fm ? kam_doc_body(doc, &len) : "";
	if (!fm)
		len = 0;
	const char *slash = strrchr(rel, '/');
	char *dir = kam_xstrndup(rel, slash ? (size_t)(slash - rel) : 0);
	body_ctx c = {s, dir, account, kam_buf_cstr(&root)};
	render_body(b, &c, body, len);
	page_end(b, s);
	site_emit(&j->out, page_path, b);
	free(dir);
	free(page_path);
	kam_buf_release(&root);
	kam_doc_free(doc);
}

/* ------------------------------------------------------------------ */
/* the stylesheet                                                      */

extern const struct kam_embedded_css {
	const char *name;
	const char *data;
	size_t len;
} kam_embedded_css[];

const char *site_stylesheet(size_t *len)
{
	*len = kam_embedded_css[0].len;
	return kam_embedded_css[0].data;
}
