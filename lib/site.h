/* Internal: the rendered site. The site model (site.c: what is rendered,
 * where each page goes, the one function that writes a page), the page
 * builders (pages.c) and the Markdown pipeline (render_body.c) share it;
 * render.c moves the finished folder into place. */
#ifndef KAM_SITE_H
#define KAM_SITE_H

#include <stdbool.h>

#include "kam/competitors.h"
#include "kam/doc.h"
#include "kam/forecast.h"
#include "kam/goals.h"
#include "kam/render.h"
#include "kam/util.h"
#include "html.h"

/* Where pages go: files in the new site's folder, written as they are made,
 * so the site is never all in memory. The first failure is kept. */
typedef struct writer {
	const char *dir;
	int rc;
	kam_error err;
} writer;

/* What a meeting note's page tells its account's page (notes are paged
 * first, then the accounts). Owned by the job. */
typedef struct note_info {
	bool meeting; /* kind: meeting, with a page */
	char *date, *title;
	char *page;	  /* below the site's folder ("accounts/a/meetings/n.html") */
	char **attendees; /* ids as written */
	size_t attendee_count;
	/* the goals its actions serve, counted by kam_goal_progress_add: only
	 * goal.id (owned) and the counts are set */
	kam_goal_progress *goals;
	size_t goal_count;
} note_info;

/* One page made on a worker: an account's or a note's. */
typedef struct page_job {
	const kam_plan_summary *plan;
	kam_doc *doc; /* an account's plan, kept until the forecast has read it */
	const kam_entry *note;
	kam_html **people, **actions; /* rows it adds to team members' pages, per member */
	note_info info;		      /* a note's, for its account's page */
	writer out;
} page_job;

typedef struct site {
	const kam_render_input *in;
	bool unsafe_html;
	kam_html **people, **actions; /* per team member, merged from the account pages */
	kam_html **teams;	      /* per team member: the account teams they are on */
	kam_text_table accounts;      /* account id -> its plan's number in in->plans */
	kam_text_table members;	      /* team member id -> its number in kam.yaml's team */
	size_t *backlinks;	      /* references across accounts, by target account */
	size_t backlink_count;
	page_job *jobs;
	/* the meeting notes' jobs, by account and newest first (notes are paged
	 * before the accounts, which list them) */
	const page_job **meetings;
	size_t meeting_count;
	writer out; /* the pages made after the jobs */
	kam_forecast_report *forecast; /* of today's quarter, the plans added in order */
	kam_forecast_report *forecast_next; /* of the quarter after it */
	struct stage_pipeline *pipeline;    /* the open pipeline by stage, per currency */
	size_t pipeline_count;
	kam_competitors *competitors;  /* NULL unless kam.yaml declares competitors */
	struct site_history *history;  /* site_history.h; NULL: no history */
	struct kam_agenda *agenda;     /* what comes due (pages_agenda.c), or NULL */
	uint64_t *name_bits;           /* site_may_name's filter */
} site;

/* The open pipeline of one currency by stage (kam_stage: the five open
 * stages, and KAM_STAGE_UNKNOWN for a deal of no known stage, open as the
 * plans count it), each deal once: a partner plan's copy of a deal a
 * client's plan routes through it is the client's (kam_plan_summary
 * own_deals counted_in), as kam forecast and the open pipeline count it. */
typedef struct stage_pipeline {
	const char *currency; /* borrowed from the plan summaries */
	kam_stage_total by_stage[KAM_STAGE_UNKNOWN + 1];
} stage_pipeline;

/* Build every page into s->out.dir; the first failure. */
int build_site(site *s);
void free_site(site *s);

/* ---- the site model (site.c) ---- */

/* Whether an id may name a page file: the schema's slug
 * ^[a-z0-9][a-z0-9.-]*$, and not "." or "..". An id that is not gets no
 * page, and links to it are left out. */
bool kam_site_name_ok(const char *id);
/* The page of a document below the accounts folder ("evil/meetings/x.md"
 * gives "accounts/evil/meetings/x.html"), or NULL when a part of its path
 * cannot name a page file. */
char *kam_site_document_page(const char *below_accounts);
/* Write a page (rel: a path below the site's folder); a path that would
 * land outside the folder, or through a part that is not a safe name, is
 * refused (KAM_EINVALID). Every file of the site is written here. */
void site_emit(writer *w, const char *rel, kam_html *page);
/* The same for a file that is no page (an agenda.ics). */
void site_emit_bytes(writer *w, const char *rel, const char *data, size_t len);

const kam_team_member *site_member(const site *s, const char *id);
int site_member_number(const site *s, const char *id);
/* The name of the account's plan, or NULL. */
const char *site_account_name(const site *s, const char *account);
bool site_has_account(const site *s, const char *account);

/* False when the word (n bytes) is no id of the index, the team, the
 * competitors or the accounts, which a story's words may name: most of a
 * sentence's words are looked up nowhere. True may be wrong. */
bool site_may_name(const site *s, const char *word, size_t n);
/* The meeting notes of account: a run of s->meetings, newest first. */
const page_job *const *site_meetings_of(const site *s, const char *account, size_t *count);
/* The page of a document at rel (relative to the repository's root), below
 * the site's folder, or NULL when it has none. */
char *site_note_page(const site *s, const char *rel);

/* ---- the page builders (pages.c) ---- */

void render_account(site *s, page_job *j);
void render_document(site *s, page_job *j);
void render_index(site *s);
void render_member(site *s, const kam_team_member *m);
/* The rows of the references to account teams, grouped by member. */
void group_team_references(site *s);
/* kam.css, embedded at build time from lib/kam.css. */
const char *site_stylesheet(size_t *len);

/* The frame of every page: the head (root: the way up to the site's
 * folder, "" or "../"), the navigation and <main>; then </main> and the
 * footer saying where the pages come from and as of when. */
void page_start(kam_html *b, const char *title, const char *root);
void page_end(kam_html *b, const site *s);

/* Shared by the page builders: a link (url made by kam from checked
 * names; freed), a team member's page, an account's page (an id that
 * cannot name one is text), a table cell of text ("-" for NULL). */
void link_to(kam_html *b, char *url, const char *label);
void member_link(kam_html *b, const site *s, const char *id, const char *root);
void account_link(kam_html *b, const char *account, const char *label, const char *root);
void cell(kam_html *b, const char *text);
/* A text kam writes about account (a story sentence, a health reason) with
 * each word that is an id of something with a name, a deal, contact,
 * action, contract or goal of account, a team member, a competitor or an
 * account, shown by that name: the id on hover and in the link when it
 * has a page. "id: Name" (a new item told with its name) reads the name
 * once. */
void site_named_text(kam_html *b, const site *s, const char *account, const char *text,
		     const char *root);
/* One id the same way: its name, or the id when it names nothing. */
void site_named_id(kam_html *b, const site *s, const char *account, const char *id,
		   const char *root);
/* Opens the box a table scrolls in on a narrow screen (a region named
 * label, reachable by keyboard); the table's </table> is followed by </div>. */
void table_box(kam_html *b, const char *label);

/* ---- the agendas (pages_agenda.c) ---- */

/* What comes due for everyone in the window the subscribed agendas show,
 * into s->agenda (left NULL when the documents cannot be listed). */
void site_agenda_build(site *s);
/* Each team member's agenda, team/<id>/agenda.ics (kam agenda --format ics
 * --member <id>). */
void render_member_agendas(site *s);
/* The dashboard's "Coming up" (what is overdue and what comes due in the
 * next weeks, linked), and its links to subscribe to each agenda. */
void dashboard_coming_up(kam_html *b, const site *s);
void dashboard_agenda_links(kam_html *b, const site *s);
void member_agenda_link(kam_html *b, const site *s, const kam_team_member *m, const char *root);

/* ---- the commerce parts (pages_commerce.c) ---- */

/* The name kam.yaml gives a declared id (a competitor, an offering), its
 * id when it gives none, or NULL when it does not declare it. */
const char *site_declared_name(const kam_declared_list *d, const char *id);

/* Whether the site has competitors.html: kam.yaml declares competitors. */
bool site_has_competitors(const site *s);
/* A competitor of kam.yaml by name, linked to its part of competitors.html;
 * an id kam.yaml does not declare is its text. */
void competitor_link(kam_html *b, const site *s, const char *id, const char *root);
/* An opportunity's row: its commerce facts under the title (type, renews,
 * offering and unit, competitors, sole source, opened, lost to and why),
 * whether it has any, and the cell of its forecast category. */
void deal_facts(kam_html *b, const site *s, const kam_node *plan, const kam_node *deal);
bool deal_has_facts(const kam_node *deal);
void deal_forecast_cell(kam_html *b, const site *s, const kam_node *deal);
/* Sections of an account's page, each left out when the plan has nothing
 * for it. */
void units_block(kam_html *b, const kam_node *plan);
void rivals_block(kam_html *b, const site *s, const kam_node *plan);
void contracts_block(kam_html *b, const site *s, const kam_node *plan, const char *currency);
void whitespace_block(kam_html *b, const site *s, const kam_node *plan, const char *account,
		      const char *file);
/* Goals count the actions of the plan and of the account's meeting notes. */
void goals_block(kam_html *b, const site *s, const kam_node *plan, const char *account);
/* While a note's tree is alive: the goals its actions serve, for its
 * account's page. */
void note_goals(note_info *info, const kam_node *actions);
/* The portfolio's forecast of the quarter and its competitors, and the
 * competitors' page. */
void forecast_block(kam_html *b, const kam_forecast_report *f, bool next);
/* The cells of forecast sums, as forecast_block shows them: won, commit,
 * best case, pipeline, target, gap, coverage (the site's history uses them
 * per quarter). */
void forecast_sums_cells(kam_html *b, const kam_forecast_sums *t);
void competitors_summary(kam_html *b, const kam_competitors *r);
void competitors_page(kam_html *b, const site *s, const kam_competitors *r);

/* ---- the Markdown pipeline (render_body.c) ---- */

typedef struct body_ctx {
	site *s;
	const char *page_dir; /* folder of the source document, relative to the root */
	const char *account;
	const char *root; /* from the page to the site's root: "../" */
} body_ctx;

/* A document's Markdown body as a section of the page: links rewritten to
 * pages, [[refs]] linked, heading ids from the Markdown tree, raw HTML
 * dropped or (unsafe_html) sanitised. */
void render_body(kam_html *h, const body_ctx *c, const char *text, size_t len);

/* An account's body placed where the page says the same thing, so a plan
 * made as kam new writes it reads once: the H1 of the plan's name (title)
 * is left out, as is each "## N. Part" heading, whose text goes into part
 * N of the page (in <div class="notes" id="the heading's id">); what comes
 * before goes to lead, any other section to rest (its H1s as H2s). */
enum { BODY_PARTS = 5 };
typedef struct body_parts {
	kam_html *lead, *part[BODY_PARTS], *rest;
} body_parts;
void render_body_parts(body_parts *parts, const body_ctx *c, const char *title, const char *text,
		       size_t len);
void body_parts_free(body_parts *parts);

#endif
