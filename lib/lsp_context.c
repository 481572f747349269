/* lsp_context.c - what the cursor is in, from lines and indentation.
 *
 * The frontmatter around the cursor is often not YAML yet (a key with no
 * value, "  - " on a new line, half a key), so the key path is rebuilt
 * from the lines above the cursor: each line's indentation, its "- "
 * items and its "key:" say where it sits, the way a reader sees it. */
#include "lsp_context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A step of the stack of open keys and items above the cursor. */
typedef struct frame {
	int indent;  /* column of the key, or of the item's dash */
	bool item;   /* an item of a list; else a key */
	bool open;   /* a key whose value is on the lines below */
	int items;   /* items seen under this key (or item, for nested lists) */
	lsp_path_step step;
} frame;

typedef struct stack {
	frame f[LSP_PATH_MAX];
	size_t n;
	int root_items; /* items at the top level (not a plan's shape) */
} stack;

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '@' || (unsigned char)c >= 0x80;
}

static size_t line_start(const char *text, size_t offset)
{
	while (offset > 0 && text[offset - 1] != '\n')
		offset--;
	return offset;
}

static size_t line_end(const char *text, size_t len, size_t offset)
{
	while (offset < len && text[offset] != '\n')
		offset++;
	return offset;
}

/* Whether the line [start, end) is "---" (with trailing blanks or \r). */
static bool is_fence(const char *text, size_t start, size_t end)
{
	if (end - start < 3 || strncmp(text + start, "---", 3) != 0)
		return false;
	for (size_t i = start + 3; i < end; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
			return false;
	return true;
}

/* The bytes of the frontmatter's lines (after the first fence up to the
 * closing one, or to the end while it is not written yet); false when the
 * text has none. */
static bool frontmatter(const char *text, size_t len, size_t *start, size_t *end)
{
	size_t first = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		first = 3;
	size_t e = line_end(text, len, first);
	if (!is_fence(text, first, e))
		return false;
	*start = e < len ? e + 1 : len;
	for (size_t at = *start; at < len;) {
		size_t le = line_end(text, len, at);
		if (is_fence(text, at, le)) {
			*end = at;
			return true;
		}
		at = le + 1;
	}
	*end = len;
	return true;
}

/* The length of a key at s (up to n bytes) followed by ':' and a blank or
 * the end; 0 when s does not start with a key. Quoted keys too. */
static size_t key_length(const char *s, size_t n, size_t *key_start, size_t *key_len)
{
	size_t i = 0;
	if (n > 0 && (s[0] == '"' || s[0] == '\'')) {
		char q = s[0];
		for (i = 1; i < n && s[i] != q; i++)
			;
		if (i >= n)
			return 0;
		*key_start = 1;
		*key_len = i - 1;
		i++;
	} else {
		while (i < n && s[i] != ':' && s[i] != '#' && s[i] != '[' && s[i] != '{' &&
		       s[i] != '"' && s[i] != '\'')
			i++;
		*key_start = 0;
		*key_len = i;
		while (*key_len > 0 && s[*key_len - 1] == ' ')
			(*key_len)--;
		if (*key_len == 0)
			return 0;
	}
	if (i >= n || s[i] != ':' || (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t' &&
				      s[i + 1] != '\r'))
		return 0;
	return i + 1;
}

static void push(stack *st, frame f)
{
	if (st->n < LSP_PATH_MAX)
		st->f[st->n++] = f;
}

/* Leave the frames a line at indent closes: deeper ones, and at the same
 * column everything but a key whose list this line's dash continues. */
static void close_frames(stack *st, int indent, bool dash)
{
	while (st->n > 0) {
		frame *top = &st->f[st->n - 1];
		if (top->indent < indent)
			break;
		if (dash && top->indent == indent && !top->item && top->open)
			break;
		st->n--;
	}
}

static frame *top_of(stack *st)
{
	return st->n ? &st->f[st->n - 1] : NULL;
}

/* A "- " at col: an item of the key (or item) on top. */
static void push_item(stack *st, int col)
{
	close_frames(st, col, true);
	frame *parent = top_of(st);
	frame f = {.indent = col, .item = true};
	f.step.is_index = true;
	f.step.index = parent ? parent->items++ : st->root_items++;
	push(st, f);
}

static void push_key(stack *st, int col, const char *key, size_t n, bool open)
{
	close_frames(st, col, false);
	frame f = {.indent = col, .open = open};
	if (n >= sizeof f.step.key)
		n = sizeof f.step.key - 1;
	memcpy(f.step.key, key, n);
	f.step.key[n] = '\0';
	push(st, f);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return s[i] == '#';
	return true;
}

/* Fold one whole line above the cursor into the stack. */
static void read_line(stack *st, const char *s, size_t n)
{
	if (blank(s, n))
		return;
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	while (i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\r')) {
		push_item(st, (int)i);
		i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i >= n || s[i] == '\r')
		return;
	size_t ks, kl, after = key_length(s + i, n - i, &ks, &kl);
	if (after == 0)
		return; /* a scalar item, or a continuation */
	push_key(st, (int)i, s + i + ks, kl, blank(s + i + after, n - i - after));
}

static void copy_path(lsp_context *c, const stack *st)
{
	c->depth = 0;
	for (size_t i = 0; i < st->n && c->depth < LSP_PATH_MAX; i++)
		c->path[c->depth++] = st->f[i].step;
}

static void add_step(lsp_context *c, const char *key, size_t n, int index)
{
	if (c->depth >= LSP_PATH_MAX)
		return;
	lsp_path_step *p = &c->path[c->depth++];
	memset(p, 0, sizeof *p);
	if (!key) {
		p->is_index = true;
		p->index = index;
		return;
	}
	if (n >= sizeof p->key)
		n = sizeof p->key - 1;
	memcpy(p->key, key, n);
	p->key[n] = '\0';
}

/* The keys of the mapping at indent col around the cursor's line: those
 * above up to its start, those below up to its end. */
static void note_keys(lsp_context *c, const char *text, size_t fm_start, size_t fm_end,
		      size_t cursor_line, int col, bool starts_item)
{
	size_t used = 0;
	c->present[0] = '\0';
	for (int dir = starts_item ? 1 : -1; dir <= 1; dir += 2) {
		size_t at = cursor_line;
		for (;;) {
			if (dir < 0) {
				if (at <= fm_start)
					break;
				at = line_start(text, at - 1);
			} else {
				at = line_end(text, fm_end, at);
				if (at >= fm_end)
					break;
				at++;
			}
			size_t e = line_end(text, fm_end, at);
			const char *s = text + at;
			size_t n = e - at;
			if (blank(s, n))
				continue;
			size_t i = 0;
			while (i < n && s[i] == ' ')
				i++;
			size_t dash = i;
			while (i < n && s[i] == '-' && i + 1 < n && s[i + 1] == ' ') {
				i++;
				while (i < n && s[i] == ' ')
					i++;
			}
			if ((int)i < col)
				break; /* the mapping started (or ended) here */
			if ((int)i == col) {
				size_t ks, kl;
				if (key_length(s + i, n - i, &ks, &kl) && used + kl + 2 < sizeof c->present) {
					memcpy(c->present + used, s + i + ks, kl);
					used += kl;
					c->present[used++] = '\n';
					c->present[used] = '\0';
				}
				if (dash < i && dir < 0)
					break; /* "- key:" starts the item */
				if (dash < i && dir > 0)
					break; /* the next item */
			}
		}
	}
}

/* A flow collection open above the cursor: { } or [ ]. */
typedef struct flow {
	bool map;
	bool value;      /* a mapping past its key's ':' */
	int index;       /* a sequence's item */
	char key[64];    /* a mapping's key, once its ':' is read */
	size_t open;     /* where its bracket is */
} flow;

/* Add key (n bytes) to the keys present, '\n'-separated. */
static void note_key(lsp_context *c, const char *key, size_t n)
{
	size_t used = strlen(c->present);
	while (n && (key[n - 1] == ' ' || key[n - 1] == '\t'))
		n--;
	while (n && (*key == ' ' || *key == '\t'))
		key++, n--;
	if (n && (*key == '"' || *key == '\'') && n >= 2 && key[n - 1] == *key)
		key++, n -= 2;
	if (n && used + n + 2 < sizeof c->present) {
		memcpy(c->present + used, key, n);
		c->present[used + n] = '\n';
		c->present[used + n + 1] = '\0';
	}
}

/* Whether the ':' at text[i] ends a key in a flow collection: a blank, a
 * ',', a closing bracket or the line's end follows. */
static bool flow_colon(const char *text, size_t len, size_t i)
{
	return text[i] == ':' && (i + 1 >= len || strchr(" \t\r\n,}]", text[i + 1]));
}

/* The end of the quoted scalar that starts at text[i] ('...' or "..."),
 * past its closing quote, or to when it is not closed before to. */
static size_t skip_quoted(const char *text, size_t i, size_t to)
{
	char q = text[i];
	for (i++; i < to; i++) {
		if (q == '"' && text[i] == '\\')
			i++;
		else if (text[i] == q && q == '\'' && i + 1 < to && text[i + 1] == '\'')
			i++;
		else if (text[i] == q)
			return i + 1;
	}
	return to;
}

/* The keys of the flow mapping whose '{' is at text[open], but the one
 * the cursor is in, into c->present. */
static void flow_keys(lsp_context *c, const char *text, size_t len, size_t open, size_t offset)
{
	c->present[0] = '\0';
	size_t depth = 0, key = open + 1;
	for (size_t i = open + 1; i < len && text[i] != '\n'; i++) {
		if (text[i] == '"' || text[i] == '\'') {
			i = skip_quoted(text, i, len) - 1;
		} else if (text[i] == '{' || text[i] == '[') {
			depth++;
		} else if (text[i] == '}' || text[i] == ']') {
			if (depth-- == 0)
				return;
		} else if (depth == 0 && text[i] == ',') {
			key = i + 1;
		} else if (depth == 0 && key < i && flow_colon(text, len, i)) {
			if (!(key <= offset && offset <= i))
				note_key(c, text + key, i - key);
			key = len; /* its value, up to the next ',' */
		}
	}
}

/* The cursor inside a flow collection [a, b] or {k: v, ...} that starts at
 * text[v] on the cursor's line (collections nest): the path goes on with
 * each open collection's key or item; in a mapping before a key's ':',
 * the cursor is on a key. Nothing when the collection closed before the
 * cursor. */
static void flow_context(lsp_context *c, const char *text, size_t len, size_t v, size_t offset)
{
	flow fl[LSP_PATH_MAX];
	size_t n = 0, token = v;
	for (size_t i = v; i < offset; i++) {
		char ch = text[i];
		if ((ch == '"' || ch == '\'') && i == token) {
			size_t end = skip_quoted(text, i, offset);
			if (end == offset)
				break; /* the cursor is in the quotes */
			i = end - 1;
		} else if (ch == ' ' || ch == '\t') {
			if (i == token)
				token = i + 1;
		} else if (ch == '{' || ch == '[') {
			if (n == LSP_PATH_MAX)
				return;
			fl[n++] = (flow){.map = ch == '{', .open = i};
			token = i + 1;
		} else if (ch == '}' || ch == ']') {
			if (n == 0 || --n == 0)
				return; /* closed before the cursor */
			token = i + 1;
		} else if (ch == ',' && n) {
			fl[n - 1].value = false;
			fl[n - 1].index++;
			token = i + 1;
		} else if (n && fl[n - 1].map && !fl[n - 1].value && flow_colon(text, len, i)) {
			size_t ks = token, kl = i - token;
			while (kl && (text[ks + kl - 1] == ' ' || text[ks + kl - 1] == '\t'))
				kl--;
			if (kl >= 2 && (text[ks] == '"' || text[ks] == '\'') && text[ks + kl - 1] == text[ks])
				ks++, kl -= 2;
			if (kl >= sizeof fl[n - 1].key)
				kl = sizeof fl[n - 1].key - 1;
			memcpy(fl[n - 1].key, text + ks, kl);
			fl[n - 1].key[kl] = '\0';
			fl[n - 1].value = true;
			token = i + 1;
		}
	}
	if (n == 0)
		return;
	for (size_t f = 0; f < n; f++) {
		if (!fl[f].map)
			add_step(c, NULL, 0, fl[f].index);
		else if (fl[f].value)
			add_step(c, fl[f].key, strlen(fl[f].key), 0);
		else if (f + 1 < n)
			return; /* a collection as a key */
	}
	const flow *top = &fl[n - 1];
	c->kind = top->map && !top->value ? LSP_CTX_KEY : LSP_CTX_VALUE;
	c->item_or_key = false;
	c->word_start = token < offset && (text[token] == '"' || text[token] == '\'') ? token + 1 : token;
	if (c->kind == LSP_CTX_KEY)
		flow_keys(c, text, len, top->open, offset);
	c->word_end = offset;
	while (c->word_end < len && is_word_char(text[c->word_end]))
		c->word_end++;
}

/* The value after "key:" on the cursor's line: a scalar, or a flow
 * collection. */
static void value_context(lsp_context *c, const char *text, size_t len, size_t v, size_t offset)
{
	while (v < offset && (text[v] == ' ' || text[v] == '\t'))
		v++;
	if (v < offset && (text[v] == '[' || text[v] == '{')) {
		flow_context(c, text, len, v, offset);
		return;
	}
	if (v < offset && (text[v] == '"' || text[v] == '\''))
		v++;
	c->kind = LSP_CTX_VALUE;
	c->word_start = v;
}

static void yaml_context(lsp_context *c, const char *text, size_t len, size_t fm_start,
			 size_t fm_end, size_t offset)
{
	stack st = {0};
	size_t ls = line_start(text, offset);
	for (size_t at = fm_start; at < ls;) {
		size_t e = line_end(text, len, at);
		read_line(&st, text + at, e - at);
		at = e + 1;
	}
	const char *s = text + ls;
	size_t n = offset - ls, i = 0;
	while (i < n && s[i] == ' ')
		i++;
	if (memchr(s, '#', n) && blank(s + i, n - i))
		return; /* in a comment */
	bool item = false;
	while (i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' ')) {
		push_item(&st, (int)i);
		item = true;
		i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i < n && (s[i] == '{' || s[i] == '[')) { /* "- {key: value, ...}" */
		close_frames(&st, (int)i, false);
		copy_path(c, &st);
		flow_context(c, text, len, ls + i, offset);
		return;
	}
	size_t ks, kl, after = key_length(s + i, n - i, &ks, &kl);
	if (after) {
		close_frames(&st, (int)i, false);
		copy_path(c, &st);
		add_step(c, s + i + ks, kl, 0);
		value_context(c, text, len, ls + i + after, offset);
		if (c->kind == LSP_CTX_NONE)
			return;
		c->word_end = offset;
		while (c->word_end < len && is_word_char(text[c->word_end]))
			c->word_end++;
		return;
	}
	for (size_t k = i; k < n; k++)
		if (!is_word_char(s[k]) && s[k] != '"' && s[k] != '\'')
			return; /* inside a value that is not a key's */
	close_frames(&st, (int)i, false);
	copy_path(c, &st);
	c->kind = LSP_CTX_KEY;
	c->item_or_key = item;
	c->word_start = ls + i;
	if (c->word_start < offset && (text[c->word_start] == '"' || text[c->word_start] == '\''))
		c->word_start++;
	c->word_end = offset;
	while (c->word_end < len && is_word_char(text[c->word_end]))
		c->word_end++;
	note_keys(c, text, fm_start, fm_end, ls, (int)i, item);
}

/* In the body: after an unclosed [[ on the line, or (file.md# . */
static void body_context(lsp_context *c, const char *text, size_t len, size_t offset)
{
	size_t ls = line_start(text, offset);
	for (size_t i = offset; i >= ls + 2; i--) {
		if (text[i - 1] == ']' || text[i - 1] == ' ')
			break;
		if (text[i - 1] == '[' && text[i - 2] == '[') {
			c->kind = LSP_CTX_WIKI;
			c->word_start = i;
			break;
		}
	}
	for (size_t i = offset; c->kind == LSP_CTX_NONE && i >= ls + 2; i--) {
		if (text[i - 1] == ']' || text[i - 1] == ')')
			break;
		if (text[i - 1] == '#') {
			size_t open = i - 1;
			while (open > ls && text[open - 1] != '(' && text[open - 1] != ' ')
				open--;
			if (open > ls && text[open - 1] == '(' && open >= ls + 2 &&
			    text[open - 2] == ']') {
				size_t n = i - 1 - open;
				if (n >= sizeof c->link)
					return;
				memcpy(c->link, text + open, n);
				c->link[n] = '\0';
				c->kind = LSP_CTX_ANCHOR;
				c->word_start = i;
			}
			break;
		}
		if (text[i - 1] == ' ' || text[i - 1] == '(')
			break;
	}
	if (c->kind == LSP_CTX_NONE)
		return;
	c->word_end = offset;
	while (c->word_end < len && (is_word_char(text[c->word_end]) || text[c->word_end] == '#') &&
	       text[c->word_end] != ']')
		c->word_end++;
}

void lsp_context_at(const char *text, size_t len, size_t offset, lsp_context *out)
{
	memset(out, 0, sizeof *out);
	if (offset > len)
		offset = len;
	out->word_start = out->word_end = offset;
	size_t fm_start, fm_end;
	if (frontmatter(text, len, &fm_start, &fm_end) && offset >= fm_start && offset <= fm_end &&
	    line_start(text, offset) < fm_end)
		yaml_context(out, text, len, fm_start, fm_end, offset);
	else if (!frontmatter(text, len, &fm_start, &fm_end) || offset > fm_end)
		body_context(out, text, len, offset);
}

void lsp_context_path(const lsp_context *c, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < c->depth && used < n; i++) {
		int w = c->path[i].is_index ? snprintf(out + used, n - used, "[%d]", c->path[i].index)
					    : snprintf(out + used, n - used, "%s%s", i ? "." : "",
						       c->path[i].key);
		if (w < 0)
			return;
		used += (size_t)w;
	}
}

/* --- the schema at a path ----------------------------------------------- */

static const kam_node *resolve_ref(const kam_node *root, const char *ref)
{
	if (!ref || strncmp(ref, "#/", 2) != 0)
		return NULL;
	const kam_node *at = root;
	char part[128];
	for (const char *p = ref + 2; at && *p;) {
		size_t k = strcspn(p, "/");
		if (k >= sizeof part)
			return NULL;
		memcpy(part, p, k);
		part[k] = '\0';
		at = kam_node_get(at, part);
		p += k;
		if (*p == '/')
			p++;
	}
	return at;
}

static size_t add_unique(const kam_node **out, size_t count, size_t max, const kam_node *n)
{
	for (size_t i = 0; i < count; i++)
		if (out[i] == n)
			return count;
	if (count < max)
		out[count++] = n;
	return count;
}

static size_t expand(const kam_node *root, const kam_node *node, const kam_node **out,
		     size_t count, size_t max, int depth)
{
	if (!node || node->kind != KAM_NODE_MAP || depth > 16)
		return count;
	size_t before = count;
	count = add_unique(out, count, max, node);
	if (count == before)
		return count; /* seen */
	count = expand(root, resolve_ref(root, kam_node_text_at(node, "$ref")), out, count, max,
		       depth + 1);
	static const char *const branches[] = {"allOf", "anyOf", "oneOf"};
	for (size_t b = 0; b < sizeof branches / sizeof *branches; b++) {
		const kam_node *seq = kam_node_seq_at(node, branches[b]);
		for (size_t i = 0; seq && i < seq->count; i++)
			count = expand(root, seq->items[i], out, count, max, depth + 1);
	}
	count = expand(root, kam_node_get(node, "then"), out, count, max, depth + 1);
	count = expand(root, kam_node_get(node, "else"), out, count, max, depth + 1);
	return count;
}

size_t lsp_schema_expand(const kam_node *root, const kam_node *node, const kam_node **out,
			 size_t max)
{
	return expand(root, node, out, 0, max, 0);
}

size_t lsp_schema_at(const kam_node *root, const lsp_path_step *path, size_t depth,
		     const kam_node **out, size_t max)
{
	size_t count = lsp_schema_expand(root, root, out, max);
	for (size_t d = 0; d < depth && count; d++) {
		const kam_node *next[64];
		size_t n = 0;
		for (size_t i = 0; i < count; i++) {
			const kam_node *child =
				path[d].is_index
					? kam_node_get(out[i], "items")
					: kam_node_get(kam_node_get(out[i], "properties"), path[d].key);
			if (child)
				n = expand(root, child, next, n, 64, 0);
		}
		count = n < max ? n : max;
		memcpy(out, next, count * sizeof *out);
	}
	return count;
}

const kam_node *lsp_node_at_path(const kam_node *root, const char *path)
{
	const kam_node *at = root;
	char key[128];
	for (const char *p = path; at && *p;) {
		if (*p == '.') {
			p++;
			continue;
		}
		if (*p == '[') {
			char *end;
			unsigned long i = strtoul(p + 1, &end, 10);
			if (*end != ']' || at->kind != KAM_NODE_SEQ || i >= at->count)
				return NULL;
			at = at->items[i];
			p = end + 1;
			continue;
		}
		size_t k = strcspn(p, ".[");
		if (k >= sizeof key)
			return NULL;
		memcpy(key, p, k);
		key[k] = '\0';
		at = kam_node_get(at, key);
		p += k;
	}
	return at;
}

bool lsp_doc_account(const char *rel, const char *accounts, char *out, size_t n, bool *plan)
{
	size_t a = strlen(accounts);
	if (a && (strncmp(rel, accounts, a) != 0 || rel[a] != '/'))
		return false;
	const char *p = rel + (a ? a + 1 : 0);
	size_t k = strcspn(p, "/");
	*plan = p[k] == '\0';
	if (*plan) {
		if (k < 3 || strcmp(p + k - 3, ".md") != 0)
			return false;
		k -= 3;
	}
	if (k == 0 || k >= n)
		return false;
	memcpy(out, p, k);
	out[k] = '\0';
	return true;
}
