/* md2man: a Markdown document (docs/format.md, docs/rules.md) as a manual
 * page, through cmark-gfm's own man renderer (tables included).
 *
 *   md2man NAME SECTION SUMMARY DATE 'kam(1), kam-rules(7)' < doc.md > page
 *
 * The document's first heading becomes the page's NAME line (SUMMARY);
 * level-2 headings become sections, deeper ones subsections. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

static char *read_all(FILE *in, size_t *len)
{
	size_t cap = 1 << 16;
	char *buf = malloc(cap);
	*len = 0;
	for (size_t n; buf && (n = fread(buf + *len, 1, cap - *len, in)) > 0;) {
		*len += n;
		if (*len == cap)
			buf = realloc(buf, cap *= 2);
	}
	return buf;
}

/* The first heading is the page's title: dropped; the rest move one level
 * up (## -> .SH, ### -> .SS). */
static void adjust_headings(cmark_node *doc)
{
	cmark_node *first = NULL;
	cmark_iter *it = cmark_iter_new(doc);
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		if (!first)
			first = n;
		else if (cmark_node_get_heading_level(n) > 1)
			cmark_node_set_heading_level(n, cmark_node_get_heading_level(n) - 1);
	}
	cmark_iter_free(it);
	if (first && cmark_node_get_heading_level(first) == 1) {
		cmark_node_unlink(first);
		cmark_node_free(first);
	}
}

/* cmark separates table cells with @ and does not escape an @ in a cell:
 * an @ in a table row is read as this private character, written \\(at. */
#define AT_MARK "\xEE\x80\x80"

static char *mark_table_ats(const char *text, size_t len, size_t *out_len)
{
	char *out = malloc(len * 3 + 1);
	size_t n = 0;
	bool row = true; /* at a line start: is the line a table row */
	for (size_t i = 0; out && i < len; i++) {
		if (i == 0 || text[i - 1] == '\n')
			row = text[i] == '|';
		if (row && text[i] == '@') {
			memcpy(out + n, AT_MARK, 3);
			n += 3;
		} else
			out[n++] = text[i];
	}
	*out_len = n;
	return out;
}

/* cmark's man output, as mandoc lints it clean: code in bold (\\f[C] is
 * groff's), no paragraph macro right after a heading. */
static void print_body(const char *body)
{
	int after_heading = 1; /* lines since a heading macro, or 0 */
	for (const char *line = body; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line + 1) : strlen(line);
		if (!(after_heading && strncmp(line, ".PP\n", 4) == 0)) {
			for (size_t i = 0; i < n; i++) {
				if (strncmp(line + i, AT_MARK, 3) == 0) {
					fputs("\\(at", stdout);
					i += 2;
				} else if (strncmp(line + i, "\\f[C]", 5) == 0) {
					fputs("\\fB", stdout);
					i += 4;
				} else if (strncmp(line + i, "\\f[]", 4) == 0) {
					fputs("\\fR", stdout);
					i += 3;
				} else
					putchar(line[i]);
			}
		}
		if (strncmp(line, ".SH", 3) == 0 || strncmp(line, ".SS", 3) == 0)
			after_heading = n <= 4 ? 2 : 1; /* the title on the next line */
		else if (after_heading)
			after_heading--;
		line += n;
	}
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: md2man NAME SECTION SUMMARY DATE SEE-ALSO < doc.md\n");
		return 2;
	}
	size_t len;
	char *raw = read_all(stdin, &len);
	char *text = raw ? mark_table_ats(raw, len, &len) : NULL;
	free(raw);
	if (!text)
		return 3;
	char upper[64];
	size_t u = 0;
	for (const char *p = argv[1]; *p && u < sizeof upper - 1; p++)
		upper[u++] = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
	upper[u] = '\0';
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_syntax_extension *table = cmark_find_syntax_extension("table");
	if (table)
		cmark_parser_attach_syntax_extension(parser, table);
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);
	adjust_headings(doc);
	char *body = cmark_render_man(doc, CMARK_OPT_DEFAULT, 0);
	printf(".TH %s %s %s \"kam\" \"kam manual\"\n.SH NAME\n%s \\- %s\n.SH DESCRIPTION\n", upper,
	       argv[2], argv[4], argv[1], argv[3]);
	print_body(body);
	printf(".SH SEE ALSO\n");
	/* "kam(1), kam-rules(7)": one .BR line each, commas between */
	for (const char *p = argv[5]; *p;) {
		const char *paren = strchr(p, '('), *close = paren ? strchr(paren, ')') : NULL;
		if (!close)
			break;
		printf(".BR %.*s %.*s%s\n", (int)(paren - p), p, (int)(close + 1 - paren), paren,
		       close[1] == ',' ? " ," : "");
		p = close + 1;
		while (*p == ',' || *p == ' ')
			p++;
	}
	free(body);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	free(text);
	return ferror(stdout) ? 3 : 0;
}
