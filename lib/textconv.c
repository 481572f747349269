#include "kam/textconv.h"

#include <stdlib.h>
#include <string.h>

#include "kam/doc.h"
#include "kam/term.h"
#include "banned.h"

typedef struct lines {
	char **items;
	size_t count, alloc;
} lines;

/* "path: value", both through the terminal writer: git diff shows this
 * through a pager that passes escape sequences on (less -R), so a value's
 * ESC, CR or newline is shown as text, never acted on. */
static void add_line(lines *l, const kam_buf *path, const char *value)
{
	kam_buf line = KAM_BUF_INIT;
	kam_term_text(&line, kam_buf_cstr(path));
	kam_buf_puts(&line, ": ");
	kam_term_text(&line, value);
	l->items = kam_grow(l->items, &l->alloc, l->count + 1, sizeof(char *));
	l->items[l->count++] = kam_buf_detach(&line);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void flatten(lines *out, kam_buf *path, const kam_node *n);

static void flatten_seq(lines *out, kam_buf *path, const kam_node *n)
{
	const char *key = kam_node_list_identity(n, NULL);
	bool scalars = true;
	for (size_t i = 0; i < n->count; i++)
		scalars = scalars && n->items[i]->kind != KAM_NODE_SEQ && n->items[i]->kind != KAM_NODE_MAP;
	if (scalars) { /* a set of text: sorted on one line */
		char **items = kam_xcalloc(n->count + 1, sizeof(char *));
		for (size_t i = 0; i < n->count; i++)
			items[i] = (char *)(n->items[i]->text ? n->items[i]->text : "");
		qsort(items, n->count, sizeof(char *), by_text);
		kam_buf v = KAM_BUF_INIT;
		kam_buf_putc(&v, '[');
		for (size_t i = 0; i < n->count; i++)
			kam_buf_printf(&v, "%s%s", i ? ", " : "", items[i]);
		kam_buf_putc(&v, ']');
		add_line(out, path, v.ptr);
		kam_buf_release(&v);
		free(items);
		return;
	}
	for (size_t i = 0; i < n->count; i++) {
		size_t mark = path->len;
		if (key)
			kam_buf_printf(path, "[%s]", kam_node_string(kam_node_get(n->items[i], key)));
		else
			kam_buf_printf(path, "[%zu]", i);
		flatten(out, path, n->items[i]);
		path->len = mark;
		path->ptr[mark] = '\0';
	}
}

static void flatten(lines *out, kam_buf *path, const kam_node *n)
{
	if (n->kind == KAM_NODE_MAP) {
		for (size_t i = 0; i < n->count; i++) {
			size_t mark = path->len;
			if (mark)
				kam_buf_putc(path, '.');
			kam_buf_puts(path, n->pairs[i].key->text);
			flatten(out, path, n->pairs[i].value);
			path->len = mark;
			if (path->ptr)
				path->ptr[mark] = '\0';
		}
	} else if (n->kind == KAM_NODE_SEQ)
		flatten_seq(out, path, n);
	else
		add_line(out, path, n->kind == KAM_NODE_NULL ? "null" : n->text);
}

void kam_textconv(kam_buf *out, const char *text, size_t len)
{
	kam_doc *doc;
	kam_diag_list diags = {0};
	kam_doc_parse(&doc, "plan", text, len, NULL, &diags);
	const kam_node *fm = kam_doc_frontmatter(doc);
	if (!fm || fm->kind != KAM_NODE_MAP) {
		kam_term_lines(out, text, len);
	} else {
		lines l = {0};
		kam_buf path = KAM_BUF_INIT;
		flatten(&l, &path, fm);
		if (l.count > 1)
			qsort(l.items, l.count, sizeof(char *), by_text);
		for (size_t i = 0; i < l.count; i++) {
			kam_buf_printf(out, "%s\n", l.items[i]);
			free(l.items[i]);
		}
		free(l.items);
		kam_buf_release(&path);
		size_t body_len;
		const char *body = kam_doc_body(doc, &body_len);
		kam_buf_puts(out, "---\n");
		kam_term_lines(out, body, body_len);
	}
	kam_diag_list_release(&diags);
	kam_doc_free(doc);
}
