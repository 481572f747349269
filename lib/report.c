#include "kam/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void json_field(kam_buf *out, const char *name, const char *value, bool comma)
{
	kam_buf_printf(out, "\"%s\": ", name);
	kam_buf_json_text(out, value);
	if (comma)
		kam_buf_puts(out, ", ");
}

void kam_report_json(kam_buf *out, const kam_diag_list *diags, const kam_report_counts *n)
{
	kam_buf_printf(out,
		       "{\n  \"version\": 1,\n  \"summary\": {\"plans\": %zu, \"documents\": %zu, "
		       "\"errors\": %zu, \"warnings\": %zu},\n  \"diagnostics\": [",
		       n->plans, n->documents, kam_diag_list_count(diags, KAM_SEV_ERROR),
		       kam_diag_list_count(diags, KAM_SEV_WARNING));
	for (size_t i = 0; i < diags->count; i++) {
		const kam_diag *d = &diags->items[i];
		kam_buf_puts(out, i ? ",\n    {" : "\n    {");
		json_field(out, "file", d->file, true);
		kam_buf_printf(out, "\"line\": %u, \"column\": %u, ", d->line, d->column);
		json_field(out, "severity", kam_severity_name(d->severity), true);
		json_field(out, "rule", kam_rule_id(d->rule), true);
		json_field(out, "path", d->path, true);
		json_field(out, "message", d->message, true);
		json_field(out, "hint", d->hint, false);
		kam_buf_puts(out, "}");
	}
	kam_buf_puts(out, diags->count ? "\n  ]\n}\n" : "]\n}\n");
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

static void sarif_rule(kam_buf *out, kam_rule rule, bool last)
{
	const char *id = kam_rule_id(rule), *why = kam_rule_summary(rule);
	kam_buf_puts(out, "          {\"id\": ");
	kam_buf_json_text(out, id);
	kam_buf_puts(out, ", \"shortDescription\": {\"text\": ");
	kam_buf_json_text(out, why);
	kam_buf_puts(out, "}, \"fullDescription\": {\"text\": ");
	kam_buf_json_text(out, why);
	kam_buf help = KAM_BUF_INIT;
	kam_buf_printf(&help,
		       "%s. The rule '%s' is described, with examples, in docs/rules.md of kam; "
		       "its severity can be set in kam.yaml under rules:.",
		       why, id);
	kam_buf_puts(out, "},\n           \"help\": {\"text\": ");
	kam_buf_json_text(out, help.ptr);
	kam_buf_release(&help);
	kam_buf_printf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}%s\n",
		       kam_rule_default_severity(rule) == KAM_SEV_ERROR ? "error" : "warning",
		       last ? "" : ",");
}

static void sarif_result(kam_buf *out, const kam_diag *d, bool last)
{
	kam_buf_printf(out,
		       "        {\"ruleId\": \"%s\", \"ruleIndex\": %d, \"level\": \"%s\", "
		       "\"message\": {\"text\": ",
		       kam_rule_id(d->rule), (int)d->rule,
		       d->severity == KAM_SEV_ERROR ? "error" : "warning");
	kam_buf text = KAM_BUF_INIT;
	kam_buf_puts(&text, d->message);
	if (d->hint)
		kam_buf_printf(&text, " (hint: %s)", d->hint);
	kam_buf_json_text(out, text.ptr);
	kam_buf_release(&text);
	kam_buf_puts(out,
		     "},\n         \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
		     "{\"uri\": ");
	kam_buf_json_text(out, d->file);
	kam_buf_printf(out,
		       ", \"uriBaseId\": \"%%SRCROOT%%\"}, \"region\": {\"startLine\": %u, "
		       "\"startColumn\": %u}}}]}%s\n",
		       d->line ? d->line : 1, d->column ? d->column : 1, last ? "" : ",");
}

void kam_report_sarif(kam_buf *out, const kam_diag_list *diags)
{
	kam_buf_puts(out,
		     "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		     "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
		     "      \"tool\": {\"driver\": {\"name\": \"kam\", \"version\": \"" KAM_VERSION
		     "\", "
		     "\"rules\": [\n");
	for (int i = 0; i < KAM_RULE__COUNT; i++)
		sarif_rule(out, (kam_rule)i, i + 1 == KAM_RULE__COUNT);
	kam_buf_puts(out,
		     "      ]}},\n      \"columnKind\": \"unicodeCodePoints\",\n"
		     "      \"originalUriBaseIds\": {\"%SRCROOT%\": {\"description\": {\"text\": "
		     "\"the folder kam check ran in\"}}},\n      \"results\": [\n");
	for (size_t i = 0; i < diags->count; i++)
		sarif_result(out, &diags->items[i], i + 1 == diags->count);
	kam_buf_puts(out, "      ]\n    }\n  ]\n}\n");
}
