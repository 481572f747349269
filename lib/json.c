/* The JSON writer: escaping and layout in one place (see kam/json.h). */
#include "kam/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

void kam_json_init(kam_json *w, kam_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->note_paths = true;
}

void kam_json_release(kam_json *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->lossy_count; i++)
		free(w->lossy[i]);
	free(w->lossy);
	w->lossy = NULL;
	w->lossy_count = w->lossy_alloc = 0;
}

void kam_json_note_paths(kam_json *w, bool on)
{
	w->note_paths = on;
}

const char *const *kam_json_lossy_paths(const kam_json *w, size_t *count)
{
	*count = w->lossy_count;
	return (const char *const *)w->lossy;
}

/* A misuse of the API is a bug in kam: stop before writing broken JSON. */
static void misuse(const char *what)
{
	fprintf(stderr, "kam: internal error: JSON writer: %s\n", what);
	abort();
}

/* --- strings -------------------------------------------------------- */


/* The escape for code point cp, or NULL when it is written as it is. */
static const char *escape_of(uint32_t cp, char tmp[16])
{
	switch (cp) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default: break;
	}
	/* C0, DEL, C1 (a terminal may read U+009B as CSI), and the two line
	 * separators JavaScript does not allow in a string literal */
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
		snprintf(tmp, 16, "\\u%04" PRIx32, cp);
		return tmp;
	}
	return NULL;
}

/* Append s escaped, without quotes; whether all of it was valid UTF-8. */
static bool escape(kam_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0; /* bytes copied as they are, added in one go */
	bool valid = true;
	char tmp[16];
	for (size_t i = 0; i < len;) {
		if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\') {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = kam_utf8_decode((const char *)p + i, len - i, &cp);
		const char *esc = n ? escape_of(cp, tmp) : "\\ufffd";
		if (!esc) {
			i += n;
			continue;
		}
		valid = valid && n;
		kam_buf_add(out, s + run, i - run);
		kam_buf_puts(out, esc);
		i += n ? n : 1;
		run = i;
	}
	kam_buf_add(out, s + run, len - run);
	return valid;
}

void kam_json_quote(kam_buf *out, const char *s, size_t len)
{
	kam_buf_putc(out, '"');
	escape(out, s, len);
	kam_buf_putc(out, '"');
}

/* --- layout --------------------------------------------------------- */

static void indent(kam_json *w, unsigned n)
{
	kam_buf_putc(w->out, '\n');
	for (unsigned i = 0; i < n; i++)
		kam_buf_putc(w->out, ' ');
	w->line_indent = n;
}

/* Separator, line break and key before a value. */
static void before_value(kam_json *w, const char *key)
{
	if (w->depth == 0) {
		if (w->done || key)
			misuse(w->done ? "a second document" : "a key outside an object");
		return;
	}
	kam_json_frame *f = &w->stack[w->depth - 1];
	if (f->array == (key != NULL))
		misuse(f->array ? "a key inside an array" : "a member without a key");
	if (f->count)
		kam_buf_putc(w->out, ',');
	if (f->block)
		indent(w, f->indent + 2);
	else if (f->wrap)
		indent(w, f->indent + 1);
	else if (f->count)
		kam_buf_putc(w->out, ' ');
	f->wrap = false;
	f->count++;
	if (key) {
		kam_json_quote(w->out, key, strlen(key));
		kam_buf_puts(w->out, ": ");
	}
}

/* After a value: the outermost one ends the document. */
static void after_value(kam_json *w)
{
	if (w->depth == 0) {
		w->done = true;
		kam_buf_putc(w->out, '\n');
	}
}

static void begin(kam_json *w, const char *key, bool array, kam_json_layout layout)
{
	before_value(w, key);
	if (w->depth == KAM_JSON_MAX_DEPTH)
		misuse("nesting too deep");
	kam_buf_putc(w->out, array ? '[' : '{');
	w->stack[w->depth++] = (kam_json_frame){array, layout == KAM_JSON_BLOCK, false, 0, w->line_indent};
}

void kam_json_object_begin(kam_json *w, const char *key, kam_json_layout layout)
{
	begin(w, key, false, layout);
}

void kam_json_array_begin(kam_json *w, const char *key, kam_json_layout layout)
{
	begin(w, key, true, layout);
}

void kam_json_wrap(kam_json *w)
{
	if (w->depth == 0 || w->stack[w->depth - 1].block)
		misuse("a wrap outside an inline container");
	w->stack[w->depth - 1].wrap = w->stack[w->depth - 1].count > 0;
}

static void note_lossy_paths(kam_json *w);

void kam_json_end(kam_json *w)
{
	if (w->depth == 0)
		misuse("an end with nothing open");
	if (w->depth == 1 && !w->stack[0].array && w->note_paths && w->lossy_count)
		note_lossy_paths(w);
	kam_json_frame f = w->stack[--w->depth];
	if (f.block && f.count)
		indent(w, f.indent);
	kam_buf_putc(w->out, f.array ? ']' : '}');
	w->line_indent = f.indent;
	after_value(w);
}

/* --- values --------------------------------------------------------- */

static void remember_lossy(kam_json *w, const char *path)
{
	for (size_t i = 0; i < w->lossy_count; i++)
		if (strcmp(w->lossy[i], path) == 0)
			return;
	w->lossy = kam_grow(w->lossy, &w->lossy_alloc, w->lossy_count + 1, sizeof(char *));
	w->lossy[w->lossy_count++] = kam_xstrdup(path);
}

static bool string_value(kam_json *w, const char *key, const char *s, size_t len)
{
	before_value(w, key);
	kam_buf_putc(w->out, '"');
	bool valid = escape(w->out, s, len);
	kam_buf_putc(w->out, '"');
	after_value(w);
	return valid;
}

void kam_json_string_len(kam_json *w, const char *key, const char *s, size_t len)
{
	string_value(w, key, s, len);
}

void kam_json_string(kam_json *w, const char *key, const char *s)
{
	if (s)
		string_value(w, key, s, strlen(s));
	else
		kam_json_null(w, key);
}

void kam_json_path(kam_json *w, const char *key, const char *path)
{
	if (!path)
		kam_json_null(w, key);
	else if (!string_value(w, key, path, strlen(path)))
		remember_lossy(w, path);
}

/* A value written from a C number, never from text. */
static void literal(kam_json *w, const char *key, const char *text)
{
	before_value(w, key);
	kam_buf_puts(w->out, text);
	after_value(w);
}

void kam_json_int(kam_json *w, const char *key, intmax_t value)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%" PRIdMAX, value);
	literal(w, key, tmp);
}

void kam_json_double(kam_json *w, const char *key, int precision, double value)
{
	if (!isfinite(value)) {
		literal(w, key, "null");
		return;
	}
	before_value(w, key);
	kam_buf_printf(w->out, "%.*f", precision < 0 ? 0 : precision > 17 ? 17 : precision, value);
	after_value(w);
}

void kam_json_bool(kam_json *w, const char *key, bool value)
{
	literal(w, key, value ? "true" : "false");
}

void kam_json_null(kam_json *w, const char *key)
{
	literal(w, key, "null");
}

/* --- file names that are not UTF-8 ---------------------------------- */

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

void kam_json_uri_path(kam_buf *out, const char *path)
{
	if (path[0] == '/')
		kam_buf_puts(out, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (unreserved(*p) || *p == '/')
			kam_buf_putc(out, (char)*p);
		else
			kam_buf_printf(out, "%%%02X", *p);
}

static void note_lossy_paths(kam_json *w)
{
	size_t n = w->lossy_count;
	char **names = w->lossy;
	w->lossy = NULL; /* the names below must not be noted again */
	w->lossy_count = w->lossy_alloc = 0;
	kam_json_array_begin(w, "warnings", KAM_JSON_BLOCK);
	kam_buf uri = KAM_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, "file", names[i]);
		kam_buf_reset(&uri);
		kam_json_uri_path(&uri, names[i]);
		kam_json_string(w, "uri", uri.ptr);
		kam_json_string(w, "message", "the file name is not valid UTF-8: \"file\" shows each "
					      "invalid byte as U+FFFD, \"uri\" has the exact bytes percent-encoded");
		kam_json_end(w);
	}
	kam_buf_release(&uri);
	kam_json_end(w);
	w->lossy = names;
	w->lossy_count = w->lossy_alloc = n;
}
