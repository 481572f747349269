/* What kam competitors and kam whitespace share; see commerce.h. */
#include "commerce.h"

#include <stdlib.h>
#include <string.h>

#include "kam/doc.h"
#include "kam/plan.h"
#include "kam/term.h"
#include "banned.h"

/* The first finding about file, as kam check names why a plan is unread. */
static char *first_problem(const kam_diag_list *diags)
{
	if (!diags->count)
		return kam_xstrdup("unreadable");
	const kam_diag *d = &diags->items[0];
	return kam_xprintf("%s at %u:%u", kam_rule_id(d->rule), d->line, d->column);
}

void commerce_read_plan(const kam_repo *repo, const char *rel, kam_doc **out_doc,
			const kam_node **plan, char **why)
{
	kam_diag_list diags = {0};
	kam_doc_read(out_doc, kam_repo_files(repo), rel, rel, NULL, &diags);
	const kam_node *fm = kam_doc_frontmatter(*out_doc);
	*plan = fm && fm->kind == KAM_NODE_MAP ? fm : NULL;
	*why = NULL;
	if (!*plan)
		*why = diags.count ? first_problem(&diags) : kam_xstrdup("no frontmatter mapping");
	kam_diag_list_release(&diags);
}

void commerce_claims_init(commerce_claims *c, const kam_entry *entries, size_t count)
{
	*c = (commerce_claims){.entries = entries};
	for (size_t i = 0; i < count; i++)
		if (entries[i].is_plan)
			kam_text_table_put(&c->files, entries[i].account, strlen(entries[i].account), i);
}

void commerce_claims_release(commerce_claims *c)
{
	kam_text_table_release(&c->files);
	kam_text_table_release(&c->ids);
}

char *commerce_claims_duplicate(commerce_claims *c, const kam_entry *e, const kam_node *plan)
{
	const char *id = kam_node_string(kam_node_get(plan, "id"));
	if (!e->is_plan || !id || strcmp(id, e->account) == 0)
		return NULL;
	size_t at, n = strlen(id);
	if (kam_text_table_get(&c->files, id, n, &at) ||
	    !kam_text_table_put(&c->ids, id, n, (size_t)(e - c->entries))) {
		if (!kam_text_table_get(&c->files, id, n, &at))
			kam_text_table_get(&c->ids, id, n, &at);
		return kam_xprintf("its id '%s' is also claimed by %s", id, c->entries[at].rel);
	}
	return NULL;
}

int commerce_each_plan(const kam_repo *repo,
		       void (*each)(void *ctx, const kam_entry *e, const kam_node *plan,
				    const char *why),
		       void *ctx, kam_error *err)
{
	kam_entry *entries = NULL;
	size_t count = 0;
	int rc = kam_repo_list(repo, &entries, &count, err);
	if (rc < 0)
		return rc;
	commerce_claims claims;
	commerce_claims_init(&claims, entries, count);
	for (size_t i = 0; i < count; i++) {
		if (!entries[i].is_plan)
			continue;
		kam_doc *doc = NULL;
		const kam_node *plan;
		char *why;
		commerce_read_plan(repo, entries[i].rel, &doc, &plan, &why);
		if (plan && (why = commerce_claims_duplicate(&claims, &entries[i], plan)))
			plan = NULL;
		each(ctx, &entries[i], plan, why);
		free(why);
		kam_doc_free(doc);
	}
	commerce_claims_release(&claims);
	kam_entries_free(entries, count);
	return KAM_OK;
}

const char *commerce_currency(const kam_node *plan, const kam_config *config)
{
	const char *own = kam_node_string(kam_node_get(plan, "currency"));
	return own && *own ? own : config->currency;
}

size_t commerce_width(const char *text)
{
	char *shown = kam_term_dup(text);
	size_t n = kam_utf8_length(shown, strlen(shown));
	free(shown);
	return n;
}

/* The byte length of the first n characters of valid UTF-8 s. */
static size_t prefix_bytes(const char *s, size_t n)
{
	size_t i = 0;
	while (s[i] && n) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

void commerce_cell(kam_buf *out, const char *text, size_t width, bool right)
{
	char *shown = kam_term_dup(text);
	size_t n = kam_utf8_length(shown, strlen(shown));
	size_t pad = n < width ? width - n : 0;
	if (right)
		for (size_t i = 0; i < pad; i++)
			kam_buf_putc(out, ' ');
	if (n > width && width) {
		kam_buf_add(out, shown, prefix_bytes(shown, width - 1));
		kam_buf_puts(out, "…");
	} else if (n <= width)
		kam_buf_puts(out, shown);
	if (!right)
		for (size_t i = 0; i < pad; i++)
			kam_buf_putc(out, ' ');
	free(shown);
}

void commerce_named(kam_buf *out, const char *id, const char *name)
{
	if (name && *name && (!id || strcmp(name, id) != 0))
		kam_buf_printf(out, "%s (%s)", name, id ? id : "?");
	else
		kam_buf_puts(out, id ? id : "?");
}

/* ------------------------------------------------------------------ */
/* rules                                                               */

void kam_commerce_must_win_competition(const kam_node *plan, const char *file,
				       kam_diag_list *diags)
{
	const kam_node *opps = kam_node_get(plan, "opportunities");
	for (size_t i = 0; opps && opps->kind == KAM_NODE_SEQ && i < opps->count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (!o.must_win || !o.open || o.sole_source || !o.id)
			continue;
		const kam_node *named = kam_node_get(o.node, "competitors");
		if (named && (named->kind != KAM_NODE_SEQ || named->count))
			continue; /* named, or not a list: the schema says so */
		const kam_node *at = named ? named : o.node;
		kam_diag *d = kam_diag_push(diags, KAM_RULE_MUST_WIN_COMPETITION, file, at->line,
					    at->column, "must-win '%s' names no competitor", o.id);
		kam_diag_set_hint(d, "list its competitors: [<competitor id>], or set sole_source: true "
				     "if nobody else is in the race");
	}
}
