/* Markdown on stdin to HTML on stdout as GitHub renders it: cmark-gfm
 * with its extensions, raw HTML kept (GitHub keeps most of it), so a test
 * can see every link, heading and element kam's Markdown produces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

int main(void)
{
	static char text[1 << 22];
	size_t len = fread(text, 1, sizeof(text), stdin);
	cmark_gfm_core_extensions_ensure_registered();
	int options = CMARK_OPT_UNSAFE;
	cmark_parser *parser = cmark_parser_new(options);
	static const char *const names[] = {"table", "autolink", "strikethrough", "tasklist"};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(names[i]));
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);
	char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
	fputs(html, stdout);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return 0;
}
