/* The Markdown pipeline of the site: a document's body parsed by cmark-gfm,
 * its links pointed at pages and its [[refs]] made links on the tree, then
 * the tree written through the HTML writer (not cmark's renderer): every
 * URL passes the writer's allow-list, each heading gets its GitHub id from
 * the tree, and raw HTML is dropped or, with unsafe_html, rebuilt by the
 * writer's sanitiser. The markup is the one cmark writes. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "kam/body.h"
#include "kam/index.h"
#include "site.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* links and [[refs]] on the tree                                      */

static bool is_rendered_document(const site *s, const char *rel)
{
	size_t n = strlen(rel);
	const char *dir = kam_repo_config(s->in->repo)->accounts_dir;
	size_t dl = strlen(dir);
	return n > 3 && strcmp(rel + n - 3, ".md") == 0 && strncmp(rel, dir, dl) == 0 &&
	       rel[dl] == '/';
}

/* path with its '.' and '..' segments resolved, or NULL when it leaves
 * the repository. Caller frees. */
static char *normal_path(const char *path)
{
	char *out = kam_xmalloc(strlen(path) + 1);
	size_t len = 0;
	for (const char *seg = path; *seg;) {
		size_t n = strcspn(seg, "/");
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (!len) {
				free(out);
				return NULL;
			}
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--; /* the slash before the segment dropped */
		} else if (n && !(n == 1 && seg[0] == '.')) {
			if (len)
				out[len++] = '/';
			memcpy(out + len, seg, n);
			len += n;
		}
		seg += n + (seg[n] == '/');
	}
	out[len] = '\0';
	return out;
}

/* A link to a file of the repository: relative, or from its root ('/').
 * Its page, if it has one, is on the site; anything else is not. */
static bool names_repository_file(const char *url)
{
	if (url[0] == '#' || (url[0] == '/' && url[1] == '/'))
		return false; /* in the page, or protocol-relative */
	size_t scheme = strcspn(url, ":/?#");
	return url[scheme] != ':';
}

/* Relative links to documents become links to their pages. Other links
 * into the repository (its kam.yaml, a file out of it with '..', a path
 * from its root) have no page: NULL, they become their text. Links out
 * are kept (the writer drops those its allow-list refuses). */
static char *rewrite_url(const body_ctx *c, const char *url)
{
	if (!names_repository_file(url))
		return kam_xstrdup(url);
	size_t path_len = strcspn(url, "#?");
	if (url[0] == '/' || path_len < 3 || strncmp(url + path_len - 3, ".md", 3) != 0)
		return NULL;
	char *joined =
	    kam_xprintf("%s%s%.*s", c->page_dir, *c->page_dir ? "/" : "", (int)path_len, url);
	char *rel = normal_path(joined);
	bool document = rel && is_rendered_document(c->s, rel);
	free(rel);
	free(joined);
	if (!document)
		return NULL;
	return kam_xprintf("%.*s.html%s", (int)(path_len - 3), url, url + path_len);
}

/* Where a [[ref]] points, or NULL when what it names has no page. */
static char *reference_url(const body_ctx *c, const char *target)
{
	if (target[0] == '@')
		return kam_site_name_ok(target + 1)
			   ? kam_xprintf("%steam/%s.html", c->root, target + 1)
			   : NULL;
	if (target[0] == '#')
		return kam_xstrdup(target);
	const char *hash = strchr(target, '#');
	char *account = hash ? kam_xstrndup(target, (size_t)(hash - target)) : kam_xstrdup(target);
	char *url = NULL;
	if (kam_site_name_ok(account))
		url = kam_xprintf("%saccounts/%s.html%s", c->root, account, hash ? hash : "");
	free(account);
	return url;
}

/* What a [[ref]] reads as: the name of what it names, else the ref. */
static const char *reference_label(const body_ctx *c, const char *target)
{
	if (target[0] == '@') {
		const kam_team_member *m = site_member(c->s, target + 1);
		return m ? m->name : target;
	}
	const char *hash = strchr(target, '#');
	char *account = hash ? kam_xstrndup(target, (size_t)(hash - target)) : kam_xstrdup(target);
	const kam_entity *e =
	    hash ? kam_index_find(c->s->in->index, *account ? account : c->account, hash + 1)
		 : kam_index_find(c->s->in->index, account, NULL);
	free(account);
	return e && e->name ? e->name : target;
}

typedef struct reference_links {
	const body_ctx *c;
	cmark_node *last;    /* the node the next ones go after */
	const char *literal; /* the text node's text, as it was */
	size_t done;	     /* how much of it is placed */
	size_t first;	     /* where the first reference starts; the node keeps what is before */
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
	char *target = kam_xstrndup(r->literal + start + 2, end - start - 4);
	char *url = reference_url(r->c, target);
	if (url) {
		if (!r->linked)
			r->first = start;
		else if (start > r->done)
			text_after(r, r->literal + r->done, start - r->done);
		r->linked = true;
		cmark_node *link = cmark_node_new(CMARK_NODE_LINK),
			   *label = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_url(link, url);
		cmark_node_set_literal(label, reference_label(r->c, target));
		cmark_node_append_child(link, label);
		cmark_node_insert_after(r->last, link);
		r->last = link;
		r->done = end;
	}
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

/* The text of a link (an image's: its description) in its place. */
static void unlink_keeping_text(cmark_node *link)
{
	cmark_node *child;
	while ((child = cmark_node_first_child(link)))
		cmark_node_insert_before(link, child);
	cmark_node_free(link);
}

static void rewrite_body(const body_ctx *c, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node **texts = NULL, **unlinks = NULL;
	size_t n = 0, alloc = 0, unlink_count = 0, unlink_alloc = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			char *url = rewrite_url(c, cmark_node_get_url(node));
			cmark_node_set_url(node, url ? url : "");
			if (!url) { /* unlinked after the walk */
				unlinks = kam_grow(unlinks, &unlink_alloc, unlink_count + 1, sizeof(cmark_node *));
				unlinks[unlink_count++] = node;
			}
			free(url);
		} else if (t == CMARK_NODE_TEXT) { /* changed after the walk, not during it */
			texts = kam_grow(texts, &alloc, n + 1, sizeof(cmark_node *));
			texts[n++] = node;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n; i++)
		link_references(c, texts[i]);
	for (size_t i = 0; i < unlink_count; i++)
		unlink_keeping_text(unlinks[i]);
	free(texts);
	free(unlinks);
}

/* ------------------------------------------------------------------ */
/* the tree through the writer                                         */

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

typedef struct md_out {
	kam_html *h;
	bool unsafe;
	kam_html_sanitizer raw;
	const anchors *anchors; /* one per heading node, in tree order */
	size_t next_anchor;
	bool table_body_open, in_table_header;
	cmark_node *plain; /* an image whose description is its alt text */
	/* an account's body split by the plan's parts (render_body_parts) */
	body_parts *parts;
	const char *title; /* the plan's name: an H1 that says it is left out */
	cmark_node *skip;  /* a heading left out, until its end */
	bool notes_open;   /* a <div class="notes"> is open in h */
	bool notes_due;    /* one opens before anything is written (an empty part adds nothing) */
	const char *notes_id;
	bool named;        /* the H1 of the plan's name was met */
} md_out;

/* A line end unless the output is at the start of a line. */
static void cr(md_out *o)
{
	size_t n;
	const char *d = kam_html_data(o->h, &n);
	if (n && d[n - 1] != '\n')
		kam_html_raw(o->h, "\n");
}

static bool is_type(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);
	return t && strcmp(t, name) == 0;
}

static void heading(md_out *o, cmark_node *n, bool enter)
{
	static const char *const open[] = {"<h1", "<h2", "<h3", "<h4", "<h5", "<h6"};
	static const char *const close[] = {"</h1>\n", "</h2>\n", "</h3>\n",
					    "</h4>\n", "</h5>\n", "</h6>\n"};
	int level = cmark_node_get_heading_level(n);
	size_t l = level >= 1 && level <= 6 ? (size_t)level - 1 : 0;
	if (o->parts && l == 0) /* the page has its H1: the body's are second level */
		l = 1;
	/* the tags are constants of this table, not data */
	if (enter) {
		cr(o);
		kam_html_raw_(o->h, open[l], 3);
		if (o->next_anchor < o->anchors->count)
			kam_html_attr(o->h, "id", o->anchors->items[o->next_anchor++]);
		kam_html_raw(o->h, ">");
	} else
		kam_html_raw_(o->h, close[l], 6);
}

static void list(md_out *o, cmark_node *n, bool enter)
{
	bool bullet = cmark_node_get_list_type(n) == CMARK_BULLET_LIST;
	if (enter) {
		cr(o);
		int start = cmark_node_get_list_start(n);
		if (bullet)
			kam_html_raw(o->h, "<ul>\n");
		else if (start == 1)
			kam_html_raw(o->h, "<ol>\n");
		else {
			kam_html_raw(o->h, "<ol start=\"");
			kam_html_int(o->h, start);
			kam_html_raw(o->h, "\">\n");
		}
	} else if (bullet)
		kam_html_raw(o->h, "</ul>\n");
	else
		kam_html_raw(o->h, "</ol>\n");
}

static void item(md_out *o, cmark_node *n, bool enter)
{
	if (!enter) {
		kam_html_raw(o->h, "</li>\n");
		return;
	}
	cr(o);
	kam_html_raw(o->h, "<li>");
	if (is_type(n, "tasklist")) {
		if (cmark_gfm_extensions_get_tasklist_item_checked(n))
			kam_html_raw(o->h,
				     "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" /> ");
		else
			kam_html_raw(o->h, "<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" /> ");
	}
}

static void code_block(md_out *o, cmark_node *n)
{
	const char *info = cmark_node_get_fence_info(n);
	cr(o);
	if (!info || !*info)
		kam_html_raw(o->h, "<pre><code>");
	else {
		kam_html_raw(o->h, "<pre><code class=\"language-");
		kam_html_text_n(o->h, info, strcspn(info, " \t\n\r\f\v"));
		kam_html_raw(o->h, "\">");
	}
	kam_html_text(o->h, cmark_node_get_literal(n));
	kam_html_raw(o->h, "</code></pre>\n");
}

static void raw_html(md_out *o, cmark_node *n, bool block)
{
	if (block)
		cr(o);
	if (o->unsafe)
		kam_html_sanitized(o->h, &o->raw, cmark_node_get_literal(n));
	else
		kam_html_raw(o->h, "<!-- raw HTML omitted -->");
	if (block)
		cr(o);
}

static bool tight(cmark_node *paragraph)
{
	cmark_node *parent = cmark_node_parent(paragraph);
	cmark_node *list = parent ? cmark_node_parent(parent) : NULL;
	return list && cmark_node_get_type(list) == CMARK_NODE_LIST &&
	       cmark_node_get_list_tight(list);
}

static void link(md_out *o, cmark_node *n, bool enter)
{
	if (!enter) {
		kam_html_raw(o->h, "</a>");
		return;
	}
	kam_html_raw(o->h, "<a");
	kam_html_url(o->h, "href", cmark_node_get_url(n));
	const char *title = cmark_node_get_title(n);
	if (title && *title)
		kam_html_attr(o->h, "title", title);
	kam_html_raw(o->h, ">");
}

static void image(md_out *o, cmark_node *n, bool enter)
{
	if (enter) {
		kam_html_raw(o->h, "<img");
		kam_html_url(o->h, "src", cmark_node_get_url(n));
		kam_html_raw(o->h, " alt=\"");
		o->plain = n;
		return;
	}
	o->plain = NULL;
	kam_html_raw(o->h, "\"");
	const char *title = cmark_node_get_title(n);
	if (title && *title)
		kam_html_attr(o->h, "title", title);
	kam_html_raw(o->h, " />");
}

/* Table rows and cells as cmark's table extension writes them. */
static void table_part(md_out *o, cmark_node *n, bool enter)
{
	if (is_type(n, "table")) {
		if (enter) {
			cr(o);
			/* scrolls in its own box on a narrow screen */
			kam_html_raw(o->h, "<div class=\"tablebox\" role=\"region\" tabindex=\"0\" "
					   "aria-label=\"Table of the notes\"><table>");
			o->table_body_open = false;
		} else {
			if (o->table_body_open) {
				cr(o);
				kam_html_raw(o->h, "</tbody>");
				cr(o);
			}
			o->table_body_open = false;
			cr(o);
			kam_html_raw(o->h, "</table></div>");
			cr(o);
		}
	} else if (is_type(n, "table_header") || is_type(n, "table_row")) {
		bool header = cmark_gfm_extensions_get_table_row_is_header(n);
		if (enter) {
			cr(o);
			if (header) {
				o->in_table_header = true;
				kam_html_raw(o->h, "<thead>");
				cr(o);
			} else if (!o->table_body_open) {
				kam_html_raw(o->h, "<tbody>");
				cr(o);
				o->table_body_open = true;
			}
			kam_html_raw(o->h, "<tr>");
		} else {
			cr(o);
			kam_html_raw(o->h, "</tr>");
			if (header) {
				cr(o);
				kam_html_raw(o->h, "</thead>");
				o->in_table_header = false;
			}
		}
	} else { /* a cell */
		if (!enter) {
			o->in_table_header ? kam_html_raw(o->h, "</th>")
					   : kam_html_raw(o->h, "</td>");
			return;
		}
		cr(o);
		o->in_table_header ? kam_html_raw(o->h, "<th") : kam_html_raw(o->h, "<td");
		cmark_node *row = cmark_node_parent(n),
			   *table = row ? cmark_node_parent(row) : NULL;
		uint8_t *align = table ? cmark_gfm_extensions_get_table_alignments(table) : NULL;
		uint16_t columns = table ? cmark_gfm_extensions_get_table_columns(table) : 0;
		size_t i = 0;
		for (cmark_node *c = cmark_node_first_child(row); c && c != n;
		     c = cmark_node_next(c))
			i++;
		char a = align && i < columns ? (char)align[i] : 0;
		if (a == 'l')
			kam_html_raw(o->h, " align=\"left\"");
		else if (a == 'c')
			kam_html_raw(o->h, " align=\"center\"");
		else if (a == 'r')
			kam_html_raw(o->h, " align=\"right\"");
		kam_html_raw(o->h, ">");
	}
}

/* An image's description, as alt text: its text only. */
static void plain_node(md_out *o, cmark_node *n, bool enter)
{
	cmark_node_type t = cmark_node_get_type(n);
	if (!enter)
		return;
	if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE)
		kam_html_text(o->h, cmark_node_get_literal(n));
	else if (t == CMARK_NODE_LINEBREAK || t == CMARK_NODE_SOFTBREAK)
		kam_html_raw(o->h, " ");
}

static void node(md_out *o, cmark_node *n, bool enter)
{
	if (o->plain && n != o->plain) {
		plain_node(o, n, enter);
		return;
	}
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT: break;
	case CMARK_NODE_BLOCK_QUOTE:
		cr(o);
		enter ? kam_html_raw(o->h, "<blockquote>\n")
		      : kam_html_raw(o->h, "</blockquote>\n");
		break;
	case CMARK_NODE_LIST: list(o, n, enter); break;
	case CMARK_NODE_ITEM: item(o, n, enter); break;
	case CMARK_NODE_HEADING: heading(o, n, enter); break;
	case CMARK_NODE_CODE_BLOCK: code_block(o, n); break;
	case CMARK_NODE_HTML_BLOCK: raw_html(o, n, true); break;
	case CMARK_NODE_HTML_INLINE: raw_html(o, n, false); break;
	case CMARK_NODE_THEMATIC_BREAK:
		cr(o);
		kam_html_raw(o->h, "<hr />\n");
		break;
	case CMARK_NODE_PARAGRAPH:
		if (tight(n))
			break;
		if (enter) {
			cr(o);
			kam_html_raw(o->h, "<p>");
		} else
			kam_html_raw(o->h, "</p>\n");
		break;
	case CMARK_NODE_TEXT: kam_html_text(o->h, cmark_node_get_literal(n)); break;
	case CMARK_NODE_LINEBREAK: kam_html_raw(o->h, "<br />\n"); break;
	case CMARK_NODE_SOFTBREAK: kam_html_raw(o->h, "\n"); break;
	case CMARK_NODE_CODE:
		kam_html_raw(o->h, "<code>");
		kam_html_text(o->h, cmark_node_get_literal(n));
		kam_html_raw(o->h, "</code>");
		break;
	case CMARK_NODE_STRONG:
		enter ? kam_html_raw(o->h, "<strong>") : kam_html_raw(o->h, "</strong>");
		break;
	case CMARK_NODE_EMPH:
		enter ? kam_html_raw(o->h, "<em>") : kam_html_raw(o->h, "</em>");
		break;
	case CMARK_NODE_LINK: link(o, n, enter); break;
	case CMARK_NODE_IMAGE: image(o, n, enter); break;
	default:
		if (is_type(n, "strikethrough"))
			enter ? kam_html_raw(o->h, "<del>") : kam_html_raw(o->h, "</del>");
		else if (is_type(n, "table") || is_type(n, "table_header") ||
			 is_type(n, "table_row") || is_type(n, "table_cell"))
			table_part(o, n, enter);
		/* any other node: its children only */
		break;
	}
}

/* ------------------------------------------------------------------ */
/* an account's body, placed in the parts of its page                  */

/* The words of the parts' headings on the page (pages.c), and the one
 * kam new wrote before "revenue" joined part 5. */
static const char *const part_titles[] = {
    "understand the client", "opportunities", "routes to market", "relationships",
    "goals, risks, actions and revenue", "goals, risks and actions"};

/* A heading's text: its text and code, as one string. */
static void heading_text(cmark_node *n, kam_buf *out)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			kam_buf_puts(out, cmark_node_get_literal(c) ? cmark_node_get_literal(c) : "");
		else
			heading_text(c, out);
	}
}

static bool same_words(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a >= 'A' && *a <= 'Z' ? *a + 32 : *a) != (*b >= 'A' && *b <= 'Z' ? *b + 32 : *b))
			return false;
	return !*a && !*b;
}

/* The part (1-5) a second-level heading names: "2. Opportunities",
 * "2) ...", or a part's title without its number; 0 for none. */
static int part_of(const char *text)
{
	while (*text == ' ')
		text++;
	if (*text >= '1' && *text <= '0' + BODY_PARTS && (text[1] == '.' || text[1] == ')') &&
	    (text[2] == ' ' || text[2] == '\0'))
		return *text - '0';
	for (size_t i = 0; i < sizeof part_titles / sizeof *part_titles; i++)
		if (same_words(text, part_titles[i]))
			return i < BODY_PARTS ? (int)i + 1 : BODY_PARTS;
	return 0;
}

/* Go on writing into to; raw HTML left open stays where it was opened. */
static void switch_to(md_out *o, kam_html *to)
{
	if (o->h == to)
		return;
	kam_html_sanitized_end(o->h, &o->raw);
	if (o->notes_open)
		kam_html_raw(o->h, "</div>\n");
	o->notes_open = o->notes_due = false;
	o->h = to;
}

/* A heading at the top of the body: the H1 of the plan's name is left out
 * (the page says it), a part's heading is left out and what follows it
 * goes into that part of the page (in a box with the heading's id, so
 * links to it still land), any other heading starts the rest. Returns
 * whether the heading is left out. */
static bool place_heading(md_out *o, cmark_node *n)
{
	kam_buf text = KAM_BUF_INIT;
	heading_text(n, &text);
	int level = cmark_node_get_heading_level(n);
	int part = level == 2 ? part_of(kam_buf_cstr(&text)) : 0;
	bool name = level == 1 && !o->named && o->title && same_words(kam_buf_cstr(&text), o->title);
	kam_buf_release(&text);
	if (name) {
		o->named = true;
		o->next_anchor++;
		switch_to(o, o->parts->lead);
		return true;
	}
	if (!part) {
		switch_to(o, o->parts->rest);
		return false;
	}
	switch_to(o, NULL); /* another part, or the same one again: a new box */
	o->h = o->parts->part[part - 1];
	o->notes_id = o->next_anchor < o->anchors->count ? o->anchors->items[o->next_anchor] : NULL;
	o->next_anchor++;
	o->notes_due = true;
	return true;
}

static void write_tree(md_out *o, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) { /* leaves come once, as ENTER */
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		if (o->skip) { /* a heading left out, to its end */
			if (n == o->skip && !enter)
				o->skip = NULL;
			continue;
		}
		if (o->parts && enter && cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_parent(n) == doc && place_heading(o, n)) {
			o->skip = n;
			continue;
		}
		if (o->notes_due) {
			cr(o);
			kam_html_raw(o->h, "<div class=\"notes\"");
			kam_html_attr(o->h, "id", o->notes_id);
			kam_html_raw(o->h, ">\n");
			o->notes_due = false;
			o->notes_open = true;
		}
		node(o, n, enter);
	}
	cmark_iter_free(it);
}

/* Parse and write a body into h, or (parts) into the parts of an account's
 * page; title: the plan's name. */
static void write_body(kam_html *h, body_parts *parts, const char *title, const body_ctx *c,
		       const char *text, size_t len)
{
	cmark_parser *p = kam_markdown_parser(CMARK_OPT_DEFAULT, false);
	cmark_parser_feed(p, text, len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_consolidate_text_nodes(doc);
	anchors a = {0};
	kam_body_visitor v = {collect_anchor, NULL, NULL, &a};
	kam_body_visit(doc, text, len, 1, &v); /* before [[refs]] become links */
	rewrite_body(c, doc);
	md_out o = {.h = h, .unsafe = c->s->unsafe_html, .anchors = &a, .parts = parts,
		    .title = title};
	write_tree(&o, doc);
	kam_html_sanitized_end(o.h, &o.raw); /* raw HTML stays in the body */
	if (o.notes_open)
		kam_html_raw(o.h, "</div>\n");
	for (size_t i = 0; i < a.count; i++)
		free(a.items[i]);
	free(a.items);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

void render_body(kam_html *h, const body_ctx *c, const char *text, size_t len)
{
	kam_html_raw(h, "<section class=\"body\">\n");
	write_body(h, NULL, NULL, c, text, len);
	kam_html_raw(h, "</section>\n");
}

void render_body_parts(body_parts *parts, const body_ctx *c, const char *title, const char *text,
		       size_t len)
{
	parts->lead = kam_html_new();
	parts->rest = kam_html_new();
	for (size_t i = 0; i < BODY_PARTS; i++)
		parts->part[i] = kam_html_new();
	write_body(parts->lead, parts, title, c, text, len);
}

void body_parts_free(body_parts *parts)
{
	kam_html_free(parts->lead);
	kam_html_free(parts->rest);
	for (size_t i = 0; i < BODY_PARTS; i++)
		kam_html_free(parts->part[i]);
}
