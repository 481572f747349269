/* kam render: the static site and the Markdown summary. The site is built
 * by site.c (the model and the one page writer), pages.c (the page
 * builders) and render_body.c (the Markdown pipeline), all through the HTML
 * writer (html.c), into a new folder that replaces the old one in one
 * rename, here. */
#define _GNU_SOURCE /* syncfs */
#include "kam/render.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kam/doc.h"
#include "kam/status.h"
#include "site.h"
#include "banned.h"

static const char *str(const kam_node *map, const char *key)
{
	return kam_node_string(kam_node_get(map, key));
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* ------------------------------------------------------------------ */
/* writing the site whole                                              */

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

int kam_render_site(const kam_render_input *in, const char *out_dir, bool force, kam_error *err)
{
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

static void md_text(kam_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("|*_`[]<>\\#", *s))
			kam_buf_putc(b, '\\');
		kam_buf_putc(b, *s == '\n' ? ' ' : *s);
	}
}

/* Mermaid wants plain ids: c.mueller -> c_mueller. */
static void mermaid_id(kam_buf *b, const char *id)
{
	kam_buf_puts(b, "p_");
	for (; *id; id++)
		kam_buf_putc(b, (*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9') ? *id : '_');
}

static void mermaid_label(kam_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '"')
			kam_buf_puts(b, "#quot;");
		else if (*s == '<')
			kam_buf_puts(b, "#lt;");
		else if (*s == '>')
			kam_buf_puts(b, "#gt;");
		else
			kam_buf_putc(b, *s == '\n' ? ' ' : *s);
	}
}

static void md_map(kam_buf *b, const kam_node *plan)
{
	const kam_node *contacts = kam_node_get(plan, "contacts");
	if (!contacts || contacts->kind != KAM_NODE_SEQ || !contacts->count)
		return;
	kam_buf_puts(b, "\n### Relationship map\n\n```mermaid\ngraph TD\n");
	for (size_t i = 0; i < contacts->count; i++) {
		const kam_node *c = contacts->items[i];
		if (!str(c, "id"))
			continue;
		kam_buf_puts(b, "  ");
		mermaid_id(b, str(c, "id"));
		kam_buf_puts(b, "[\"");
		mermaid_label(b, str(c, "name"));
		kam_buf_puts(b, "<br/>");
		mermaid_label(b, str(c, "title") ? str(c, "title") : "");
		kam_buf_puts(b, "<br/>");
		mermaid_label(b, str(c, "attitude") ? str(c, "attitude") : "attitude unknown");
		kam_buf_puts(b, str(c, "owner") ? " · owner " : " · NO OWNER");
		mermaid_label(b, str(c, "owner"));
		kam_buf_puts(b, "\"]\n");
	}
	for (size_t i = 0; i < contacts->count; i++) {
		const kam_node *c = contacts->items[i];
		if (!str(c, "reports_to") || !str(c, "id"))
			continue;
		kam_buf_puts(b, "  ");
		mermaid_id(b, str(c, "reports_to"));
		kam_buf_puts(b, " --> ");
		mermaid_id(b, str(c, "id"));
		kam_buf_putc(b, '\n');
	}
	kam_buf_puts(b, "```\n");
}

static void md_opportunities(kam_buf *b, const kam_node *plan, const char *currency)
{
	const kam_node *opps = kam_node_get(plan, "opportunities");
	if (!opps || opps->kind != KAM_NODE_SEQ || !opps->count)
		return;
	kam_buf_printf(b, "\n### Opportunities\n\n| | Opportunity | Stage | Value (%s) | Close | Decision leader |\n"
			  "|---|---|---|---:|---|---|\n",
		       currency);
	for (size_t i = 0; i < opps->count; i++) {
		const kam_node *o = opps->items[i];
		const kam_node *must = kam_node_get(o, "must_win"), *v = kam_node_get(o, "value");
		kam_buf_printf(b, "| %s | ", must && must->boolean ? "**must-win**" : "");
		md_text(b, str(o, "title"));
		kam_buf_puts(b, " | ");
		md_text(b, str(o, "stage"));
		kam_buf_puts(b, " | ");
		if (v && v->kind == KAM_NODE_NUMBER)
			kam_format_money(b, v->number);
		kam_buf_puts(b, " | ");
		md_text(b, str(o, "close"));
		kam_buf_puts(b, " | ");
		md_text(b, str(o, "decision_leader"));
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
	md_text(out, p->name ? p->name : account);
	kam_buf_printf(out, " (`%s`)\n\n", account);
	kam_buf_printf(out, "- **Tier:** %s · **Type:** %s · **Account manager:** ", p->tier ? p->tier : "-",
		       p->type ? p->type : "-");
	md_text(out, p->owner);
	kam_buf_puts(out, "\n- **Open pipeline:** ");
	kam_format_money(out, p->open_pipeline);
	kam_buf_printf(out, " %s in %zu opportunit%s, %zu must-win%s\n", p->currency,
		       p->open_opportunities, p->open_opportunities == 1 ? "y" : "ies", p->open_must_wins,
		       p->open_must_wins == 1 ? "" : "s");
	if (p->has_revenue) {
		char quarter[8];
		kam_quarter_format(in->ctx->quarter, quarter);
		kam_buf_printf(out, "- **Revenue %s:** ", quarter);
		kam_format_money(out, p->revenue_actual);
		kam_buf_puts(out, " of ");
		kam_format_money(out, p->revenue_target);
		kam_buf_printf(out, " %s\n", p->currency);
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
