#include "kam/report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/body.h"
#include "kam/json.h"
#include "kam/schema.h"
#include "kam/term.h"
#include "banned.h"

#define RED "\033[1;31m"
#define YELLOW "\033[1;33m"
#define BOLD "\033[1m"
#define CYAN "\033[36m"
#define RESET "\033[0m"

/* The file the last excerpt came from: findings are sorted by file, so
 * each file is read once per report, not once per finding. */
typedef struct source_cache {
	char *file, *text;
	size_t len;
} source_cache;

/* The bytes of file, from where the check read them when the style says
 * (work tree, index or revision), else from the file named relative to
 * the current folder; NULL when they cannot be read. Owned by cache. */
static const char *source_text(const kam_text_style *style, source_cache *cache, const char *file,
			       size_t *len)
{
	if (!cache->file || strcmp(cache->file, file) != 0) {
		free(cache->file);
		free(cache->text);
		cache->file = kam_xstrdup(file);
		cache->text = NULL;
		cache->len = 0;
		if (style->read)
			cache->text = style->read(style->read_ctx, file, &cache->len);
		else if (kam_file_read(&cache->text, &cache->len, file, 64u << 20, NULL) < 0)
			cache->text = NULL;
	}
	*len = cache->len;
	return cache->text;
}

/* The text of line number `line` (1-based) of the file, at most 300
 * bytes, without its line ending; NULL when there is no such line.
 * Caller frees. */
static char *source_line(const kam_text_style *style, source_cache *cache, const char *file,
			 unsigned line)
{
	size_t len;
	const char *text = source_text(style, cache, file, &len);
	if (!text)
		return NULL;
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (unsigned l = 1; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	if (p >= end)
		return NULL;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((nl ? nl : end) - p);
	if (n && p[n - 1] == '\r')
		n--; /* the line's CRLF ending, not a character in it */
	return kam_xstrndup(p, n > 300 ? 300 : n);
}

/* The excerpt with its control characters shown escaped (a tab as one
 * space, so the caret stays under its column); the caret goes under the
 * column counted in the escaped text. */
static void excerpt(kam_buf *out, const kam_diag *d, const kam_text_style *style,
		    source_cache *cache)
{
	char *src = d->line ? source_line(style, cache, d->file, d->line) : NULL;
	if (!src)
		return;
	for (char *p = src; *p; p++) /* tabs would misplace the caret */
		if (*p == '\t')
			*p = ' ';
	kam_buf shown = KAM_BUF_INIT, before = KAM_BUF_INIT;
	kam_term_text(&shown, src);
	size_t prefix = 0; /* bytes of the first column - 1 code points */
	for (unsigned i = 1; i < d->column && src[prefix]; i++)
		do
			prefix++;
		while ((src[prefix] & 0xC0) == 0x80);
	kam_term_textn(&before, src, prefix);
	size_t points = kam_utf8_length(src, prefix), want = d->column ? d->column - 1 : 0;
	size_t caret = kam_utf8_length(kam_buf_cstr(&before), before.len) +
		       (want > points ? want - points : 0);
	int width = snprintf(NULL, 0, "%u", d->line);
	kam_buf_printf(out, "  %u | %s\n  %*s | ", d->line, kam_buf_cstr(&shown), width, "");
	for (size_t i = 0; i < caret; i++)
		kam_buf_putc(out, ' ');
	kam_buf_printf(out, "%s^%s\n", style->color ? RED : "", style->color ? RESET : "");
	kam_buf_release(&shown);
	kam_buf_release(&before);
	free(src);
}

void kam_report_text(kam_buf *out, const kam_diag_list *diags, const kam_text_style *style)
{
	static const kam_text_style plain = {0};
	style = style ? style : &plain;
	bool color = style->color;
	source_cache cache = {0};
	for (size_t i = 0; i < diags->count; i++) {
		const kam_diag *d = &diags->items[i];
		bool error = d->severity == KAM_SEV_ERROR;
		kam_buf_puts(out, color ? BOLD : "");
		kam_term_text(out, d->file);
		kam_buf_printf(out, ":%u:%u:%s %s%s[%s]%s: ", d->line, d->column,
			       color ? RESET : "", color ? (error ? RED : YELLOW) : "",
			       kam_severity_name(d->severity), kam_rule_id(d->rule),
			       color ? RESET : "");
		kam_term_text(out, d->message);
		kam_buf_putc(out, '\n');
		if (style->excerpt)
			excerpt(out, d, style, &cache);
		if (d->hint) {
			kam_buf_printf(out, "    %shint:%s ", color ? CYAN : "",
				       color ? RESET : "");
			kam_term_text(out, d->hint);
			kam_buf_putc(out, '\n');
		}
	}
	free(cache.file);
	free(cache.text);
}

static void count_phrase(kam_buf *out, size_t n, const char *noun)
{
	kam_buf_printf(out, "%zu %s%s", n, noun, n == 1 ? "" : "s");
}

void kam_report_summary(kam_buf *out, const kam_diag_list *diags, const kam_report_counts *n)
{
	size_t errors = kam_diag_list_count(diags, KAM_SEV_ERROR);
	size_t warnings = kam_diag_list_count(diags, KAM_SEV_WARNING);
	if (!errors && !warnings)
		kam_buf_puts(out, "no problems");
	if (errors)
		count_phrase(out, errors, "error");
	if (errors && warnings)
		kam_buf_puts(out, ", ");
	if (warnings)
		count_phrase(out, warnings, "warning");
	kam_buf_puts(out, " in ");
	if (n->plans || !n->documents) /* a meeting note checked alone is "1 document" */
		count_phrase(out, n->plans, "plan");
	if (n->documents) {
		kam_buf_puts(out, n->plans ? " and " : "");
		count_phrase(out, n->documents, "document");
	}
}

void kam_report_json(kam_buf *out, const kam_diag_list *diags, const kam_report_counts *n)
{
	kam_json w;
	kam_json_init(&w, out);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_int(&w, "version", 1);
	kam_json_object_begin(&w, "summary", KAM_JSON_INLINE);
	kam_json_int(&w, "plans", (intmax_t)n->plans);
	kam_json_int(&w, "documents", (intmax_t)n->documents);
	kam_json_int(&w, "errors", (intmax_t)kam_diag_list_count(diags, KAM_SEV_ERROR));
	kam_json_int(&w, "warnings", (intmax_t)kam_diag_list_count(diags, KAM_SEV_WARNING));
	kam_json_end(&w);
	kam_json_array_begin(&w, "diagnostics", KAM_JSON_BLOCK);
	for (size_t i = 0; i < diags->count; i++) {
		const kam_diag *d = &diags->items[i];
		kam_json_object_begin(&w, NULL, KAM_JSON_INLINE);
		kam_json_path(&w, "file", d->file);
		kam_json_int(&w, "line", d->line);
		kam_json_int(&w, "column", d->column);
		kam_json_string(&w, "severity", kam_severity_name(d->severity));
		kam_json_string(&w, "rule", kam_rule_id(d->rule));
		kam_json_string(&w, "path", d->path);
		kam_json_string(&w, "message", d->message);
		kam_json_string(&w, "hint", d->hint);
		kam_json_end(&w);
	}
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_release(&w);
}

/* GitHub's escaping: data escapes % CR LF; properties also : and ,.
 * Control characters are first shown as the terminal writer shows them
 * (the log viewer would act on ESC), so a value's newline reads "\n". */
static void github_escape(kam_buf *out, const char *s, bool property)
{
	kam_buf shown = KAM_BUF_INIT;
	kam_term_text(&shown, s);
	for (const char *p = kam_buf_cstr(&shown); *p; p++) {
		switch (*p) {
		case '%': kam_buf_puts(out, "%25"); break;
		case ':': kam_buf_puts(out, property ? "%3A" : ":"); break;
		case ',': kam_buf_puts(out, property ? "%2C" : ","); break;
		default: kam_buf_putc(out, *p);
		}
	}
	kam_buf_release(&shown);
}

void kam_report_github(kam_buf *out, const kam_diag_list *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		const kam_diag *d = &diags->items[i];
		kam_buf_printf(out,
			       "::%s file=", d->severity == KAM_SEV_ERROR ? "error" : "warning");
		github_escape(out, d->file, true);
		kam_buf_printf(out, ",line=%u,col=%u,title=", d->line, d->column);
		github_escape(out, kam_rule_id(d->rule), true);
		kam_buf_puts(out, "::");
		github_escape(out, d->message, false);
		if (d->hint) {
			kam_buf_puts(out, "%0Ahint: "); /* the annotation's own second line */
			github_escape(out, d->hint, false);
		}
		kam_buf_putc(out, '\n');
	}
}

/* --- SARIF ------------------------------------------------------------ */

#ifndef KAM_DOCS_URL
#define KAM_DOCS_URL "https://your.forge/your-org/kam/blob/main/docs"
#endif

/* The line of text that starts at p, without its newline. */
static size_t line_length(const char *p)
{
	return strcspn(p, "\n");
}

static const char *next_line(const char *p)
{
	p += line_length(p);
	return *p ? p + 1 : p;
}

static bool starts_with_id(const char *p, const char *prefix, const char *id, const char *suffix)
{
	size_t n = strlen(prefix), m = strlen(id);
	return strncmp(p, prefix, n) == 0 && strncmp(p + n, id, m) == 0 &&
	       strncmp(p + n + m, suffix, strlen(suffix)) == 0;
}

/* In docs/rules.md, the heading of the rule's own "### `id`" section (*own
 * set), else of the "##" section whose table lists it; NULL when neither. */
static const char *rule_section(const char *doc, const char *id, bool *own)
{
	const char *section = NULL, *listed = NULL;
	*own = false;
	for (const char *p = doc; p && *p; p = next_line(p)) {
		if (strncmp(p, "## ", 3) == 0)
			section = p;
		if (starts_with_id(p, "### `", id, "`\n")) {
			*own = true;
			return p;
		}
		if (!listed && section && starts_with_id(p, "| `", id, "`"))
			listed = section;
	}
	return listed;
}

/* The text under the heading at from, up to the next heading (or, for a
 * section of rules, up to its table), without blank lines around it. */
static void section_text(kam_buf *out, const char *from, bool own)
{
	const char *p = next_line(from);
	while (*p == '\n')
		p++;
	size_t start = out->len;
	for (; *p && strncmp(p, "## ", 3) && strncmp(p, "### ", 4) && (own || p[0] != '|'); p = next_line(p)) {
		kam_buf_add(out, p, line_length(p));
		kam_buf_putc(out, '\n');
	}
	while (out->len > start && out->ptr[out->len - 1] == '\n')
		out->ptr[--out->len] = '\0';
}

/* The help of a rule from docs/rules.md (embedded at build time): its own
 * section with its examples, or the introduction of the section that lists
 * it and its reason. anchor gets that heading's GitHub anchor. */
static void rule_help(kam_buf *markdown, kam_buf *anchor, kam_rule rule)
{
	const char *doc = kam_schema_builtin("rules.md", NULL); /* any embedded file */
	const char *id = kam_rule_id(rule);
	bool own;
	const char *from = rule_section(doc, id, &own);
	if (!from) {
		kam_buf_puts(markdown, kam_rule_summary(rule));
		return;
	}
	kam_buf heading = KAM_BUF_INIT;
	const char *title = from + strspn(from, "#") + 1;
	kam_buf_add(&heading, title, line_length(title));
	kam_heading_anchor(anchor, heading.ptr);
	kam_buf_release(&heading);
	section_text(markdown, from, own);
	if (!own)
		kam_buf_printf(markdown, "%s`%s` (default %s): %s.", markdown->len ? "\n\n" : "", id,
			       kam_severity_name(kam_rule_default_severity(rule)), kam_rule_summary(rule));
}

static const char *sarif_level(kam_severity sev)
{
	return sev == KAM_SEV_ERROR ? "error" : sev == KAM_SEV_WARNING ? "warning" : "none";
}

static void sarif_text(kam_json *w, const char *key, const char *text)
{
	kam_json_object_begin(w, key, KAM_JSON_INLINE);
	kam_json_string(w, "text", text);
	kam_json_end(w);
}

static void sarif_rule(kam_json *w, kam_rule rule, kam_severity severity)
{
	const char *id = kam_rule_id(rule), *why = kam_rule_summary(rule);
	kam_buf markdown = KAM_BUF_INIT, anchor = KAM_BUF_INIT, text = KAM_BUF_INIT, uri = KAM_BUF_INIT;
	rule_help(&markdown, &anchor, rule);
	kam_buf_printf(&uri, "%s/rules.md%s%s", KAM_DOCS_URL, anchor.len ? "#" : "", kam_buf_cstr(&anchor));
	kam_buf_printf(&text, "%s. The rule '%s' is described, with examples, in docs/rules.md of kam; "
			      "its severity can be set in kam.yaml under rules:.",
		       why, id);
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "id", id);
	sarif_text(w, "shortDescription", why);
	sarif_text(w, "fullDescription", why);
	kam_json_string(w, "helpUri", uri.ptr);
	kam_json_object_begin(w, "help", KAM_JSON_INLINE);
	kam_json_string(w, "text", text.ptr);
	kam_json_string(w, "markdown", markdown.ptr);
	kam_json_end(w);
	kam_json_object_begin(w, "defaultConfiguration", KAM_JSON_INLINE);
	if (severity == KAM_SEV_OFF)
		kam_json_bool(w, "enabled", false);
	kam_json_string(w, "level", sarif_level(severity));
	kam_json_end(w);
	kam_json_end(w);
	kam_buf_release(&markdown);
	kam_buf_release(&anchor);
	kam_buf_release(&text);
	kam_buf_release(&uri);
}

/* What identifies a finding whatever line it moves to: rule, file and data
 * path (the message when the finding has no path, as in a body), each
 * hashed with its NUL. */
static uint64_t finding_key(const kam_diag *d)
{
	const char *fields[] = {kam_rule_id(d->rule), d->file, d->path ? d->path : d->message};
	return kam_hash_texts(fields, 3);
}

static void sarif_artifact(kam_json *w, const char *file)
{
	kam_buf uri = KAM_BUF_INIT;
	kam_json_uri_path(&uri, file);
	kam_json_object_begin(w, "artifactLocation", KAM_JSON_INLINE);
	kam_json_string(w, "uri", uri.ptr);
	if (file[0] != '/')
		kam_json_string(w, "uriBaseId", "%SRCROOT%");
	kam_json_end(w);
	kam_buf_release(&uri);
}

/* Result index; its fingerprint "hash:n", n counting from 1 the findings
 * of the same key up to it. */
static void sarif_result(kam_json *w, const kam_diag_list *diags, size_t index, uint64_t key,
			 unsigned rank)
{
	const kam_diag *d = &diags->items[index];
	char *text = kam_diag_message_with_hint(d);
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "ruleId", kam_rule_id(d->rule));
	kam_json_int(w, "ruleIndex", (int)d->rule);
	kam_json_string(w, "level", sarif_level(d->severity));
	sarif_text(w, "message", text);
	free(text);
	kam_json_wrap(w);
	kam_json_array_begin(w, "locations", KAM_JSON_INLINE);
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_object_begin(w, "physicalLocation", KAM_JSON_INLINE);
	sarif_artifact(w, d->file);
	kam_json_object_begin(w, "region", KAM_JSON_INLINE);
	kam_json_int(w, "startLine", d->line ? d->line : 1);
	kam_json_int(w, "startColumn", d->column ? d->column : 1);
	kam_json_end(w);
	kam_json_end(w);
	kam_json_end(w);
	kam_json_end(w);
	kam_buf print = KAM_BUF_INIT;
	kam_buf_printf(&print, "%016llx:%u", (unsigned long long)key, rank);
	kam_json_object_begin(w, "partialFingerprints", KAM_JSON_INLINE);
	kam_json_string(w, "kam/v1", print.ptr);
	kam_json_end(w);
	kam_json_end(w);
	kam_buf_release(&print);
}

static void sarif_notification(kam_json *w, const char *level, const char *text, const char *file)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "level", level);
	sarif_text(w, "message", text);
	if (file) {
		kam_json_array_begin(w, "locations", KAM_JSON_INLINE);
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_object_begin(w, "physicalLocation", KAM_JSON_INLINE);
		sarif_artifact(w, file);
		kam_json_end(w);
		kam_json_end(w);
		kam_json_end(w);
	}
	kam_json_end(w);
}

/* Each file of a finding whose name is not UTF-8, once: the result's URI
 * has its exact bytes, its message text cannot. */
static void sarif_name_notes(kam_json *w, const kam_diag_list *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		const char *file = diags->items[i].file;
		bool seen = kam_utf8_check(file, strlen(file)) == strlen(file);
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(diags->items[j].file, file) == 0;
		if (!seen)
			sarif_notification(w, "warning",
					   "the file name is not valid UTF-8: messages show each invalid byte "
					   "as U+FFFD, the location's URI has the exact bytes",
					   file);
	}
}

static void sarif_invocation(kam_json *w, const kam_diag_list *diags, const kam_sarif_options *o)
{
	kam_json_array_begin(w, "invocations", KAM_JSON_BLOCK);
	kam_json_object_begin(w, NULL, KAM_JSON_BLOCK);
	kam_json_int(w, "exitCode", o ? o->exit_code : 0);
	kam_json_bool(w, "executionSuccessful", o ? o->successful : true);
	kam_json_array_begin(w, "toolExecutionNotifications", KAM_JSON_BLOCK);
	for (size_t i = 0; o && i < o->note_count; i++)
		sarif_notification(w, "warning", o->notes[i], NULL);
	sarif_name_notes(w, diags);
	kam_json_end(w);
	kam_json_end(w);
	kam_json_end(w);
}

static void sarif_driver(kam_json *w, const kam_sarif_options *o)
{
	kam_json_object_begin(w, "tool", KAM_JSON_BLOCK);
	kam_json_object_begin(w, "driver", KAM_JSON_BLOCK);
	kam_json_string(w, "name", "kam");
	kam_json_string(w, "version", KAM_VERSION);
	kam_json_string(w, "informationUri", KAM_DOCS_URL "/rules.md");
	kam_json_array_begin(w, "rules", KAM_JSON_BLOCK);
	for (int i = 0; i < KAM_RULE__COUNT; i++) {
		kam_rule r = (kam_rule)i;
		sarif_rule(w, r, o && o->severity ? o->severity[r] : kam_rule_default_severity(r));
	}
	kam_json_end(w);
	kam_json_end(w);
	kam_json_end(w);
}

void kam_report_sarif(kam_buf *out, const kam_diag_list *diags, const kam_sarif_options *options)
{
	kam_json w;
	kam_json_init(&w, out);
	kam_json_note_paths(&w, false); /* the schema has no room: notifications say it */
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_string(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	kam_json_string(&w, "version", "2.1.0");
	kam_json_array_begin(&w, "runs", KAM_JSON_BLOCK);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	sarif_driver(&w, options);
	sarif_invocation(&w, diags, options);
	kam_json_string(&w, "columnKind", "unicodeCodePoints");
	kam_json_object_begin(&w, "originalUriBaseIds", KAM_JSON_INLINE);
	kam_json_object_begin(&w, "%SRCROOT%", KAM_JSON_INLINE);
	sarif_text(&w, "description", "the folder kam check ran in");
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_array_begin(&w, "results", KAM_JSON_BLOCK);
	uint64_t *keys;
	unsigned *ranks = kam_diag_ranks(diags, finding_key, &keys);
	for (size_t i = 0; i < diags->count; i++)
		sarif_result(&w, diags, i, keys[i], ranks[i]);
	free(keys);
	free(ranks);
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_release(&w);
}
