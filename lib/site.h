/* Internal: the rendered site. The site model (site.c: what is rendered,
 * where each page goes, the one function that writes a page), the page
 * builders (pages.c) and the Markdown pipeline (render_body.c) share it;
 * render.c moves the finished folder into place. */
#ifndef KAM_SITE_H
#define KAM_SITE_H

#include <stdbool.h>

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

/* One page made on a worker: an account's or a note's. */
typedef struct page_job {
	const kam_plan_summary *plan;
	const kam_entry *note;
	kam_html **people, **actions; /* rows it adds to team members' pages, per member */
	writer out;
} page_job;

typedef struct site {
	const kam_render_input *in;
	bool unsafe_html;
	kam_html **people, **actions; /* per team member, merged from the account pages */
	kam_html **teams;	      /* per team member: the account teams they are on */
	kam_text_table accounts;      /* account id -> its plan's number in in->plans */
	size_t *backlinks;	      /* references across accounts, by target account */
	size_t backlink_count;
	page_job *jobs;
	writer out; /* the pages made after the jobs */
} site;

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

const kam_team_member *site_member(const site *s, const char *id);
int site_member_number(const site *s, const char *id);
/* The name of the account's plan, or NULL. */
const char *site_account_name(const site *s, const char *account);
bool site_has_account(const site *s, const char *account);

/* ---- the page builders (pages.c) ---- */

void render_account(site *s, page_job *j);
void render_document(site *s, page_job *j);
void render_index(site *s);
void render_member(site *s, const kam_team_member *m);
/* The rows of the references to account teams, grouped by member. */
void group_team_references(site *s);
/* kam.css, embedded at build time from lib/kam.css. */
const char *site_stylesheet(size_t *len);

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

#endif
