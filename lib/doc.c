#define _POSIX_C_SOURCE 200809L
#include "kam/doc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct kam_doc {
	char *file;
	char *text; /* the whole file, NUL-terminated */
	size_t len;
	kam_split split;
	kam_arena *arena;
	kam_node *frontmatter;
};

/* Length of the line at p (up to, not including, its line end). */
static size_t line_length(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((nl ? nl : end) - p);
	if (n && p[n - 1] == '\r')
		n--;
	return n;
}

static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

static bool is_fence(const char *p, size_t n)
{
	if (n < 3 || memcmp(p, "---", 3) != 0)
		return false;
	for (size_t i = 3; i < n; i++) /* trailing blanks are invisible in editors */
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

kam_split_result kam_split_frontmatter(const char *data, size_t len, kam_split *out)
{
	memset(out, 0, sizeof(*out));
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		out->bom = 3;
	const char *end = data + len, *p = data + out->bom;
	if (!is_fence(p, line_length(p, end)))
		return KAM_SPLIT_NO_FRONTMATTER;
	p = next_line(p, end);
	out->yaml_start = (size_t)(p - data);
	out->yaml_line = 2;
	unsigned line = 2;
	while (p < end) {
		if (is_fence(p, line_length(p, end))) {
			out->yaml_len = (size_t)(p - data) - out->yaml_start;
			p = next_line(p, end);
			out->body_start = (size_t)(p - data);
			out->body_len = (size_t)(end - p);
			out->body_line = line + 1;
			return KAM_SPLIT_OK;
		}
		p = next_line(p, end);
		line++;
	}
	return KAM_SPLIT_UNCLOSED;
}

/* 1-based line and column (in characters) of byte offset in text. */
static void position_of(const char *text, size_t offset, unsigned *line, unsigned *column)
{
	unsigned l = 1;
	size_t line_start = 0;
	for (size_t i = 0; i < offset; i++)
		if (text[i] == '\n') {
			l++;
			line_start = i + 1;
		}
	*line = l;
	*column = (unsigned)kam_utf8_length(text + line_start, offset - line_start) + 1;
}

static bool check_encoding(kam_doc *doc, kam_diag_list *diags)
{
	size_t bad = kam_utf8_check(doc->text, doc->len);
	size_t nul = strnlen(doc->text, doc->len);
	if (bad == doc->len && nul == doc->len)
		return true;
	bool is_nul = nul < bad;
	unsigned line, column;
	position_of(doc->text, is_nul ? nul : bad, &line, &column);
	kam_diag *d = kam_diag_push(diags, KAM_RULE_UTF8_INVALID, doc->file, line, column,
				    is_nul ? "file contains a NUL byte: is it a binary file?"
					   : "invalid UTF-8 byte 0x%02x",
				    (unsigned char)doc->text[is_nul ? nul : bad]);
	kam_diag_set_hint(d, "save the file as UTF-8 text");
	return false;
}

static void parse_frontmatter(kam_doc *doc, const kam_load_options *o, kam_diag_list *diags)
{
	kam_split_result r = kam_split_frontmatter(doc->text, doc->len, &doc->split);
	if (r == KAM_SPLIT_NO_FRONTMATTER) {
		size_t blank = 0;
		while (blank < doc->len && strchr(" \t\r\n", doc->text[blank]) && doc->text[blank])
			blank++;
		bool empty = blank == doc->len;
		kam_diag *d = kam_diag_push(diags, KAM_RULE_FRONTMATTER_MISSING, doc->file, 1, 1,
					    empty ? "file is empty"
						  : "file does not start with a '---' frontmatter line");
		kam_diag_set_hint(d, "start the file with a line ---, the plan's YAML keys, and "
				     "another line ---");
		return;
	}
	if (r == KAM_SPLIT_UNCLOSED) {
		kam_diag *d = kam_diag_push(diags, KAM_RULE_FRONTMATTER_UNCLOSED, doc->file, 1, 1,
					    "frontmatter opened on line 1 is never closed");
		kam_diag_set_hint(d, "add a line --- after the last YAML key");
		return;
	}
	kam_yaml_parse(&doc->frontmatter, doc->arena, doc->text + doc->split.yaml_start,
		       doc->split.yaml_len, doc->split.yaml_line, doc->file, &o->yaml, diags);
}

static kam_doc *doc_new(const char *file)
{
	kam_doc *doc = kam_xcalloc(1, sizeof(*doc));
	doc->file = kam_xstrdup(file);
	doc->arena = kam_arena_new();
	doc->text = kam_xstrdup("");
	return doc;
}

static void too_large(const char *file, size_t max, kam_diag_list *diags)
{
	kam_diag *d = kam_diag_push(diags, KAM_RULE_FILE_TOO_LARGE, file, 1, 1,
				    "file is larger than %zu bytes", max);
	kam_diag_set_hint(d, "split the plan: meeting notes and other documents can live "
			     "under accounts/<id>/");
}

static void parse_owned(kam_doc *doc, const kam_load_options *o, kam_diag_list *diags)
{
	if (doc->len > o->max_bytes) {
		too_large(doc->file, o->max_bytes, diags);
		return;
	}
	if (check_encoding(doc, diags))
		parse_frontmatter(doc, o, diags);
}

void kam_doc_parse(kam_doc **out, const char *file, const char *data, size_t len,
		   const kam_load_options *options, kam_diag_list *diags)
{
	static const kam_load_options defaults = KAM_LOAD_OPTIONS_DEFAULT;
	kam_doc *doc = doc_new(file);
	free(doc->text);
	doc->text = kam_xstrndup(data, len);
	doc->len = len;
	parse_owned(doc, options ? options : &defaults, diags);
	*out = doc;
}

/* Parse what a read returned, or report why it failed. */
static void parse_read(kam_doc *doc, int rc, char *text, size_t len, const kam_error *err,
		       const kam_load_options *o, kam_diag_list *diags)
{
	if (rc == KAM_EINVALID && strstr(err->message, "larger than")) {
		too_large(doc->file, o->max_bytes, diags);
		return;
	}
	if (rc < 0) {
		const char *why = strstr(err->message, "': ");
		kam_diag *d = kam_diag_push(diags, KAM_RULE_FILE_UNREADABLE, doc->file, 1, 1,
					    "cannot read the file: %s", why ? why + 3 : err->message);
		kam_diag_set_hint(d, "check that it is a readable file, not a folder or a link");
		return;
	}
	free(doc->text);
	doc->text = text;
	doc->len = len;
	parse_owned(doc, o, diags);
}

void kam_doc_load(kam_doc **out, const char *fs_path, const char *file,
		  const kam_load_options *options, kam_diag_list *diags)
{
	static const kam_load_options defaults = KAM_LOAD_OPTIONS_DEFAULT;
	const kam_load_options *o = options ? options : &defaults;
	kam_doc *doc = doc_new(file);
	kam_error err = {0};
	char *text;
	size_t len;
	int rc = kam_file_read(&text, &len, fs_path, o->max_bytes, &err);
	parse_read(doc, rc, text, len, &err, o, diags);
	*out = doc;
}

void kam_doc_read(kam_doc **out, const kam_files *files, const char *rel, const char *file,
		  const kam_load_options *options, kam_diag_list *diags)
{
	static const kam_load_options defaults = KAM_LOAD_OPTIONS_DEFAULT;
	const kam_load_options *o = options ? options : &defaults;
	kam_doc *doc = doc_new(file);
	kam_error err = {0};
	char *text;
	size_t len;
	int rc = kam_files_read(files, rel, &text, &len, o->max_bytes, &err);
	parse_read(doc, rc, text, len, &err, o, diags);
	*out = doc;
}

void kam_doc_free(kam_doc *doc)
{
	if (!doc)
		return;
	free(doc->file);
	free(doc->text);
	kam_arena_free(doc->arena);
	free(doc);
}

const char *kam_doc_file(const kam_doc *doc)
{
	return doc->file;
}

const char *kam_doc_text(const kam_doc *doc, size_t *len)
{
	*len = doc->len;
	return doc->text;
}

const kam_node *kam_doc_frontmatter(const kam_doc *doc)
{
	return doc->frontmatter;
}

const char *kam_doc_body(const kam_doc *doc, size_t *len)
{
	if (!doc->split.body_line) { /* never split: unreadable, not UTF-8, unclosed */
		*len = 0;
		return "";
	}
	*len = doc->split.body_len;
	return doc->text + doc->split.body_start;
}

unsigned kam_doc_body_line(const kam_doc *doc)
{
	return doc->split.body_line;
}
