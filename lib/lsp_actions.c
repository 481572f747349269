/* textDocument/codeAction: quick fixes for the findings kam knows how to
 * fix mechanically. Each diagnostic of the request's context is matched to
 * the server's own finding (rule id and range); the fix is computed from
 * that finding and the buffer, never from the client's text:
 *   - "did you mean 'x'?": replace the misspelt word with x; for a link,
 *     x is a path from the repository's root: the link gets it relative
 *     to its file's folder, its #anchor and ?query kept; for an anchor,
 *     only the part after '#' changes;
 *   - YAML: a hint that spells out the fixed line (quote the value, close
 *     the quote, add '- ') becomes an edit of that line, once kam has
 *     checked that the fixed line is the written one with quotes or a dash
 *     added;
 *   - a value YAML 1.1 reads otherwise: put it in quotes; a grouped amount:
 *     write its digits. */
#include <stdlib.h>
#include <string.h>

#include "kam/util.h"
#include "lsp_features.h"
#include "banned.h"

typedef struct fixer {
	const lsp_doc *d;
	const char *rel; /* the document's path, relative to its repository */
	lsp_encoding enc;
	json_t *client_diag; /* the diagnostic as the client sent it */
	json_t *actions;
} fixer;

typedef struct edit {
	size_t start, end;
	const char *text;
} edit;

static json_t *text_edit(const fixer *f, const edit *e)
{
	return json_pack("{s:o,s:s}", "range",
			 lsp_range_at(f->d->text, f->d->len, e->start, e->end, f->enc), "newText",
			 e->text);
}

static void add_action(fixer *f, const char *title, const edit *edits, size_t count, bool preferred)
{
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, text_edit(f, &edits[i]));
	json_t *changes = json_object();
	json_object_set_new(changes, f->d->uri, list);
	json_t *action =
	    json_pack("{s:o,s:s,s:[O],s:{s:o}}", "title", lsp_text(title), "kind", "quickfix",
		      "diagnostics", f->client_diag, "edit", "changes", changes);
	if (preferred)
		json_object_set_new(action, "isPreferred", json_true());
	json_array_append_new(f->actions, action);
}

/* ------------------------------------------------------------------ */
/* did you mean                                                        */

/* Levenshtein distance of two short words (SIZE_MAX when too long). */
static size_t distance(const char *a, size_t an, const char *b, size_t bn)
{
	enum { MAX = 128 };
	if (an >= MAX || bn >= MAX)
		return SIZE_MAX;
	size_t row[MAX + 1];
	for (size_t j = 0; j <= bn; j++)
		row[j] = j;
	for (size_t i = 1; i <= an; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[bn];
}

/* The last occurrence of word (n bytes) in text[start, end), or SIZE_MAX. */
static size_t find_last(const char *text, size_t start, size_t end, const char *word, size_t n)
{
	if (!n || end - start < n)
		return SIZE_MAX;
	for (size_t i = end - n + 1; i-- > start;)
		if (memcmp(text + i, word, n) == 0)
			return i;
	return SIZE_MAX;
}

/* "...; did you mean 'x'?": replace the quoted word of the message that x
 * is closest to, where it is written in the diagnostic's range. */
static void did_you_mean(fixer *f, const kam_diag *k, size_t start, size_t end)
{
	static const char lead[] = "did you mean '";
	const char *m = k->message, *at = NULL;
	for (const char *p = strstr(m, lead); p; p = strstr(p + 1, lead))
		at = p;
	if (!at)
		return;
	const char *guess = at + strlen(lead), *close = strstr(guess, "'?");
	if (!close || close == guess)
		return;
	size_t gn = (size_t)(close - guess);
	size_t best_at = SIZE_MAX, best_n = 0, best_d = SIZE_MAX;
	for (const char *q = strchr(m, '\''); q && q < at; q = strchr(q, '\'')) {
		const char *w = q + 1, *e = strchr(w, '\'');
		if (!e || e > at)
			break;
		size_t n = (size_t)(e - w), pos = find_last(f->d->text, start, end, w, n);
		size_t dist = pos == SIZE_MAX ? SIZE_MAX : distance(w, n, guess, gn);
		if (dist < best_d || (dist == best_d && dist != SIZE_MAX && n > best_n)) {
			best_at = pos;
			best_n = n;
			best_d = dist;
		}
		q = e + 1;
	}
	if (best_at == SIZE_MAX || best_d == 0)
		return;
	char *word = kam_xstrndup(guess, gn);
	char *title = kam_xprintf("Replace with '%s'", word);
	edit e = {best_at, best_at + best_n, word};
	add_action(f, title, &e, 1, true);
	free(title);
	free(word);
}

/* ------------------------------------------------------------------ */
/* links                                                               */

/* The text of m between after and the next until, or NULL. Caller frees. */
static char *quoted(const char *m, const char *after, const char *until)
{
	const char *a = strstr(m, after);
	if (!a)
		return NULL;
	a += strlen(after);
	const char *b = strstr(a, until);
	return b ? kam_xstrndup(a, (size_t)(b - a)) : NULL;
}

/* The guess of "...; did you mean 'x'?" at the end of m, or NULL. */
static char *guess_of(const char *m)
{
	static const char lead[] = "did you mean '";
	const char *at = NULL;
	for (const char *p = strstr(m, lead); p; p = strstr(p + 1, lead))
		at = p;
	if (!at)
		return NULL;
	const char *guess = at + strlen(lead), *close = strstr(guess, "'?");
	return close && close > guess ? kam_xstrndup(guess, (size_t)(close - guess)) : NULL;
}

/* A path as a link's destination: the bytes a destination cannot hold
 * as they are (blanks, brackets, '%', '#', '?') percent-encoded, which kam
 * decodes. */
static void put_destination(kam_buf *out, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("%#?()<>[]\\", *p))
			kam_buf_printf(out, "%%%02X", *p);
		else
			kam_buf_putc(out, (char)*p);
}

/* The written link url, found in the diagnostic's range, replaced with
 * the destination fixed; "Replace with '...'" shows the new one. */
static void replace_destination(fixer *f, const char *url, const char *fixed, size_t start,
				size_t end)
{
	size_t at = find_last(f->d->text, start, end, url, strlen(url));
	if (at == SIZE_MAX || strcmp(url, fixed) == 0)
		return;
	char *title = kam_xprintf("Replace with '%s'", fixed);
	edit e = {at, at + strlen(url), fixed};
	add_action(f, title, &e, 1, true);
	free(title);
}

/* "link 'URL': there is no file 'REL'; did you mean 'GUESS'?": GUESS is
 * from the repository's root, a link is relative to its file. */
static void link_fix(fixer *f, const kam_diag *k, size_t start, size_t end)
{
	char *url = quoted(k->message, "link '", "': there is no file '");
	char *guess = guess_of(k->message);
	if (url && guess && f->rel) {
		const char *slash = strrchr(f->rel, '/');
		char *dir = kam_xstrndup(f->rel, slash ? (size_t)(slash - f->rel) : 0);
		char *path = kam_path_relative(guess, dir);
		kam_buf fixed = KAM_BUF_INIT;
		put_destination(&fixed, path);
		kam_buf_puts(&fixed, url + strcspn(url, "?#")); /* the ?query and #anchor */
		replace_destination(f, url, kam_buf_cstr(&fixed), start, end);
		kam_buf_release(&fixed);
		free(path);
		free(dir);
	}
	free(guess);
	free(url);
}

/* "link 'URL': 'REL' has no heading '#A'; did you mean 'GUESS'?": GUESS
 * is the anchor, after the url's '#'. */
static void anchor_fix(fixer *f, const kam_diag *k, size_t start, size_t end)
{
	char *url = quoted(k->message, "link '", "': '");
	char *guess = guess_of(k->message);
	const char *hash = url ? strchr(url, '#') : NULL;
	if (hash && guess) {
		kam_buf fixed = KAM_BUF_INIT;
		kam_buf_add(&fixed, url, (size_t)(hash - url) + 1);
		put_destination(&fixed, guess);
		replace_destination(f, url, kam_buf_cstr(&fixed), start, end);
		kam_buf_release(&fixed);
	}
	free(guess);
	free(url);
}

/* ------------------------------------------------------------------ */
/* YAML: the fixed line a hint spells out                              */

static size_t line_end_at(const lsp_doc *d, size_t at)
{
	while (at < d->len && d->text[at] != '\n' && d->text[at] != '\r')
		at++;
	return at;
}

/* Whether a and b are the same text once their quotes and backslashes are
 * left out: the fixed line only adds quotes (and escapes). */
static bool same_but_quotes(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < an && strchr("\"'\\", a[i]))
			i++;
		while (j < bn && strchr("\"'\\", b[j]))
			j++;
		if (i == an || j == bn)
			return i == an && j == bn;
		if (a[i++] != b[j++])
			return false;
	}
}

/* A list item's other keys, on the lines after the one at ls that are
 * indented at least as deep and are no item of their own: two spaces
 * more, under the added '- '. */
static size_t indent_item_keys(const lsp_doc *d, size_t ls, size_t indent, edit *edits, size_t max)
{
	size_t n = 0, at = line_end_at(d, ls);
	while (n < max && at < d->len) {
		at += d->text[at] == '\r' && at + 1 < d->len && d->text[at + 1] == '\n' ? 2 : 1;
		size_t line = at, c = at, end = line_end_at(d, at);
		while (c < end && d->text[c] == ' ')
			c++;
		if (c == end || d->text[c] == '#') { /* blank or a comment: goes along */
			at = end;
			continue;
		}
		/* at the top level, a key of the item and the plan's next key look
		 * alike: only the dash is added */
		if (c - line < indent ||
		    (c - line == indent && (d->text[c] == '-' || indent == 0)) ||
		    (end - line >= 3 && memcmp(d->text + line, "---", 3) == 0))
			break;
		edits[n++] = (edit){line, line, "  "};
		at = end;
	}
	return n;
}

static void yaml_line_fix(fixer *f, const kam_diag *k)
{
	if (!k->hint || !k->line)
		return;
	const lsp_doc *d = f->d;
	size_t ls = lsp_kam_offset(d->text, d->len, k->line, 1), content = ls;
	size_t end = line_end_at(d, ls);
	while (content < end && d->text[content] == ' ')
		content++;
	const char *line = d->text + content;
	size_t ln = end - content;
	const char *h = k->hint;
	for (const char *c = h; c; c = strstr(c + 1, ": ")) {
		const char *fixed = c == h ? (strncmp(h, "write ", 6) == 0 ? h + 6 : NULL) : c + 2;
		if (!fixed)
			continue;
		size_t fn = strlen(fixed);
		if (fn == ln + 2 && memcmp(fixed, "- ", 2) == 0 &&
		    memcmp(fixed + 2, line, ln) == 0) {
			edit edits[65] = {{content, content, "- "}};
			size_t n = 1;
			if (strstr(h, "indent its other keys"))
				n += indent_item_keys(d, ls, content - ls, edits + 1, 64);
			add_action(f, "Add '- ' to start a list item", edits, n, true);
			return;
		}
		if ((fn != ln || memcmp(fixed, line, ln) != 0) &&
		    same_but_quotes(fixed, fn, line, ln)) {
			edit e = {content, end, fixed};
			bool close = strncmp(h, "close the quote", 15) == 0;
			add_action(f, close ? "Close the quote" : "Quote the value", &e, 1, true);
			return;
		}
	}
}

/* A value the hint wants in quotes ("put it in quotes: \"no\""). */
static void quote_value(fixer *f, const kam_diag *k, size_t start, size_t end)
{
	const char *q = k->hint ? strstr(k->hint, ": \"") : NULL;
	if (!q)
		return;
	const char *fixed = q + 2;
	size_t fn = strlen(fixed), n = end - start;
	if (fn != n + 2 || fixed[fn - 1] != '"' || memcmp(fixed + 1, f->d->text + start, n) != 0)
		return;
	edit e = {start, end, fixed};
	add_action(f, "Quote the value", &e, 1, true);
}

/* "write 150000" for an amount written 150.000. */
static void write_digits(fixer *f, const kam_diag *k, size_t start, size_t end)
{
	if (!k->hint || strncmp(k->hint, "write ", 6) != 0)
		return;
	const char *digits = k->hint + 6;
	if (!*digits || strspn(digits, "0123456789.-") != strlen(digits) || end == start)
		return;
	char *title = kam_xprintf("Write %s", digits);
	edit e = {start, end, digits};
	add_action(f, title, &e, 1, true);
	free(title);
}

static void fix(fixer *f, const kam_diag *k, size_t start, size_t end)
{
	switch (k->rule) {
	case KAM_RULE_YAML_SYNTAX:
	case KAM_RULE_YAML_COMMENT_IN_VALUE: yaml_line_fix(f, k); break;
	case KAM_RULE_YAML_AMBIGUOUS: quote_value(f, k, start, end); break;
	case KAM_RULE_MONEY_THOUSANDS_SEPARATOR: write_digits(f, k, start, end); break;
	case KAM_RULE_LINK_BROKEN: link_fix(f, k, start, end); break;
	case KAM_RULE_ANCHOR_MISSING: anchor_fix(f, k, start, end); break;
	default: did_you_mean(f, k, start, end);
	}
}

/* ------------------------------------------------------------------ */
/* the request                                                         */

/* Whether context.only (absent: everything) asks for quick fixes. */
static bool wants_quickfix(json_t *context)
{
	json_t *only = json_object_get(context, "only"), *kind;
	if (!json_is_array(only))
		return true;
	size_t i;
	json_array_foreach(only, i, kind)
	{
		const char *k = json_string_value(kind);
		if (k && (strcmp(k, "quickfix") == 0 || *k == '\0'))
			return true;
	}
	return false;
}

/* The server's finding the client's diagnostic stands for: same rule and
 * range; its bytes in *start, *end. */
static const kam_diag *finding_of(const fixer *f, const lsp_repo *r, const char *rel, json_t *cd,
				  size_t *start, size_t *end)
{
	const char *code = json_string_value(json_object_get(cd, "code"));
	json_t *range = json_object_get(cd, "range");
	const kam_diag_list *found = r->ws ? kam_workspace_findings(r->ws, rel) : NULL;
	if (!code || !range || !found)
		return NULL;
	for (size_t i = 0; i < found->count; i++) {
		const kam_diag *k = &found->items[i];
		if (strcmp(kam_rule_id(k->rule), code) != 0)
			continue;
		json_t *mine = lsp_diagnostic(k, f->d->text, f->d->len, f->enc, NULL);
		json_t *mr = json_object_get(mine, "range");
		bool same = json_equal(mr, range);
		if (same) {
			json_t *s = json_object_get(mr, "start"), *e = json_object_get(mr, "end");
			*start = lsp_offset(
			    f->d->text, f->d->len,
			    (unsigned)json_integer_value(json_object_get(s, "line")),
			    (unsigned)json_integer_value(json_object_get(s, "character")), f->enc);
			*end = lsp_offset(
			    f->d->text, f->d->len,
			    (unsigned)json_integer_value(json_object_get(e, "line")),
			    (unsigned)json_integer_value(json_object_get(e, "character")), f->enc);
		}
		json_decref(mine);
		if (same)
			return k;
	}
	return NULL;
}

json_t *lsp_code_actions(lsp_server *s, json_t *params, lsp_error *err)
{
	const lsp_doc *d = lsp_doc_of(s, params, err);
	if (!d)
		return NULL;
	json_t *context = json_object_get(params, "context");
	json_t *actions = json_array();
	const lsp_repo *r = d->root ? lsp_repo_of(s, d->root) : NULL;
	if (!r || !wants_quickfix(context))
		return actions;
	char *rel = kam_path_relative(d->path, r->root);
	fixer f = {d, rel, lsp_encoding_of(s), NULL, actions};
	json_t *cd;
	size_t i;
	json_array_foreach(json_object_get(context, "diagnostics"), i, cd)
	{
		size_t start = 0, end = 0;
		const kam_diag *k = rel ? finding_of(&f, r, rel, cd, &start, &end) : NULL;
		if (!k)
			continue;
		f.client_diag = cd;
		fix(&f, k, start, end);
	}
	free(rel);
	return actions;
}

json_t *lsp_code_action_capability(json_t *client_caps)
{
	(void)client_caps; /* the same whatever the client */
	return json_pack("{s:[s]}", "codeActionKinds", "quickfix");
}
