#define _POSIX_C_SOURCE 200809L
#include "kam/body.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "banned.h"

static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static cmark_parser *markdown_parser_with(cmark_mem *mem, int options, bool tagfilter)
{
	pthread_once(&extensions_once, register_extensions);
	cmark_parser *p = cmark_parser_new_with_mem(options, mem);
	static const char *const extensions[] = {"table", "tasklist", "strikethrough", "autolink",
						 "tagfilter"};
	for (size_t i = 0; i < (tagfilter ? 5u : 4u); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

cmark_parser *kam_markdown_parser(int options, bool tagfilter)
{
	return markdown_parser_with(cmark_get_default_mem_allocator(), options, tagfilter);
}

/* ------------------------------------------------------------------ */
/* cmark's memory while a body is scanned                              */

/* What cmark allocates while kam_body_scan reads a body (a thousand
 * nodes and buffers, each a calloc and a free) comes from chunks of this
 * thread's scratch region, side by side, and goes back in one piece when
 * the scan ends. cmark's allocator takes no context, hence a thread's
 * own region. Each block has its size before it, for realloc. */
typedef struct scratch_chunk {
	struct scratch_chunk *prev;
	size_t used, size;
	max_align_t data[];
} scratch_chunk;

/* Bodies up to SCRATCH_BODY_MAX bytes (a plan's are a few KB) are parsed
 * in the region; it keeps what cmark frees on the way, so a larger one
 * (a hostile table of megabytes) goes through malloc and free as before. */
enum {
	SCRATCH_HEAD = sizeof(max_align_t),
	SCRATCH_FIRST = 16 * 1024,
	SCRATCH_BODY_MAX = 64 * 1024
};

static _Thread_local scratch_chunk *scratch; /* the newest chunk of the scan */
/* The largest chunk of the last scan, for the next: warm in the cache.
 * Freed when its thread ends (scratch_key's destructor). */
static _Thread_local scratch_chunk *scratch_spare;
static pthread_key_t scratch_key;
static pthread_once_t scratch_key_once = PTHREAD_ONCE_INIT;

enum { SCRATCH_SPARE_MAX = 4 * 1024 * 1024 };

static size_t scratch_round(size_t n)
{
	return (n + SCRATCH_HEAD - 1) / SCRATCH_HEAD * SCRATCH_HEAD;
}

static scratch_chunk *scratch_chunk_new(scratch_chunk *prev, size_t room)
{
	scratch_chunk *c = kam_xmalloc(sizeof(*c) + room);
	*c = (scratch_chunk){prev, 0, room};
	return c;
}

static void *scratch_take(size_t size)
{
	if (size > SIZE_MAX / 4)
		return kam_xmalloc(SIZE_MAX); /* no such memory: says so and stops */
	size_t need = SCRATCH_HEAD + scratch_round(size);
	scratch_chunk *c = scratch;
	if (c->size - c->used < need)
		scratch = c = scratch_chunk_new(c, need > 2 * c->size ? need : 2 * c->size);
	char *block = (char *)c->data + c->used;
	c->used += need;
	memcpy(block, &size, sizeof(size));
	return block + SCRATCH_HEAD;
}

static void *scratch_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / 4 / size)
		return kam_xmalloc(SIZE_MAX);
	void *p = scratch_take(count * size);
	memset(p, 0, count * size);
	return p;
}

/* A buffer that grows (cmark's lines and texts) grows in place when it
 * is the last block taken. */
static void *scratch_realloc(void *old, size_t size)
{
	if (!old)
		return scratch_take(size);
	char *block = (char *)old - SCRATCH_HEAD;
	size_t had;
	memcpy(&had, block, sizeof(had));
	scratch_chunk *c = scratch;
	char *end = (char *)c->data + c->used;
	if (size <= SIZE_MAX / 4 && (char *)old + scratch_round(had) == end &&
	    scratch_round(size) - scratch_round(had) <= c->size - c->used) {
		c->used += scratch_round(size) - scratch_round(had);
		memcpy(block, &size, sizeof(size));
		return old;
	}
	void *p = scratch_take(size);
	memcpy(p, old, had < size ? had : size);
	return p;
}

static void scratch_free(void *p)
{
	(void)p; /* given back with the region */
}

static cmark_mem scratch_mem = {scratch_calloc, scratch_realloc, scratch_free};

static void scratch_thread_end(void *unused)
{
	(void)unused;
	free(scratch_spare);
	scratch_spare = NULL;
}

static void scratch_key_create(void)
{
	pthread_key_create(&scratch_key, scratch_thread_end);
}

/* The region of one scan of len bytes, the one around it (if any) kept
 * aside. cmark takes some 55 bytes for each byte of a plan's body (179 KB
 * for the 3.3 KB of a generated plan's). */
static scratch_chunk *scratch_begin(size_t len)
{
	scratch_chunk *outer = scratch;
	size_t first = len < SCRATCH_FIRST / 64 ? SCRATCH_FIRST : 64 * len;
	if (scratch_spare && scratch_spare->size >= first) {
		scratch = scratch_spare;
		scratch_spare = NULL;
	} else
		scratch = scratch_chunk_new(NULL, first);
	return outer;
}

/* A chunk kept for the next scan, the larger one if there is one already. */
static void scratch_keep(scratch_chunk *c)
{
	if (scratch_spare && scratch_spare->size >= c->size) {
		free(c);
		return;
	}
	free(scratch_spare);
	static _Thread_local bool registered;
	if (!registered) { /* so that the thread's end frees the spare */
		pthread_once(&scratch_key_once, scratch_key_create);
		registered = pthread_setspecific(scratch_key, &scratch_spare) == 0;
	}
	*c = (scratch_chunk){NULL, 0, c->size};
	scratch_spare = c;
}

/* The scan's region given back, its largest chunk kept for the next. */
static void scratch_end(scratch_chunk *outer)
{
	for (bool newest = true; scratch; newest = false) {
		scratch_chunk *prev = scratch->prev;
		if (newest && scratch->size <= SCRATCH_SPARE_MAX)
			scratch_keep(scratch); /* the newest is the largest */
		else
			free(scratch);
		scratch = prev;
	}
	scratch = outer;
}


/* Symbols that Unicode counts as letters (Other_Alphabetic in PropList.txt):
 * the circled and squared Latin letters, which GitHub keeps. */
static bool alphabetic_symbol(utf8proc_int32_t c)
{
	return (c >= 0x24B6 && c <= 0x24E9) || (c >= 0x1F130 && c <= 0x1F149) ||
	       (c >= 0x1F150 && c <= 0x1F169) || (c >= 0x1F170 && c <= 0x1F189);
}

/* What GitHub keeps of a heading in its anchor: letters, marks (so a
 * decomposed accent stays), decimal and letter numbers, connector
 * punctuation, spaces and the ASCII hyphen; by Unicode category, whatever
 * the locale (github-slugger's table, which follows github.com). */
static bool kept_in_anchor(utf8proc_int32_t c)
{
	if (c == ' ' || c == '-')
		return true;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_PC:
		return true;
	default:
		return alphabetic_symbol(c);
	}
}

void kam_heading_anchor(kam_buf *out, const char *text)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(text);
	while (left > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
		if (n <= 0) { /* not UTF-8: the byte is dropped */
			p++;
			left--;
			continue;
		}
		p += n;
		left -= n;
		if (!kept_in_anchor(c))
			continue;
		utf8proc_uint8_t bytes[4];
		utf8proc_ssize_t m = utf8proc_encode_char(c == ' ' ? '-' : utf8proc_tolower(c), bytes);
		kam_buf_add(out, (const char *)bytes, (size_t)m);
	}
}

typedef struct scan {
	const char *body;
	size_t len;
	size_t *line_starts; /* byte offset of each line, built on first use */
	size_t line_count;
	unsigned first_line;
	const kam_body_visitor *v;
	char **anchors; /* for GitHub's -1, -2 on duplicates */
	size_t *next_suffix; /* per anchor: the suffix to try next when it repeats */
	size_t anchor_count, anchor_alloc, suffix_alloc;
	kam_text_table taken; /* anchor -> its index */
} scan;

static void index_lines(scan *s)
{
	size_t n = 1;
	for (const char *p = s->body, *end = s->body + s->len; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		n++;
	s->line_starts = kam_xcalloc(n, sizeof(size_t));
	s->line_count = 0;
	s->line_starts[s->line_count++] = 0;
	for (const char *p = s->body, *end = s->body + s->len; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		s->line_starts[s->line_count++] = (size_t)(p - s->body) + 1;
}

/* cmark counts columns in bytes; kam in characters. */
static unsigned char_column(scan *s, int line, int byte_column)
{
	if (!s->line_starts)
		index_lines(s);
	size_t l = line > 0 ? (size_t)line - 1 : 0;
	size_t start = l < s->line_count ? s->line_starts[l] : s->len;
	size_t bytes = byte_column > 0 ? (size_t)byte_column - 1 : 0;
	if (bytes > s->len - start)
		bytes = s->len - start;
	return (unsigned)kam_utf8_length(s->body + start, bytes) + 1;
}

static void take_anchor(scan *s, char *anchor)
{
	s->anchors = kam_grow(s->anchors, &s->anchor_alloc, s->anchor_count + 1, sizeof(char *));
	s->next_suffix = kam_grow(s->next_suffix, &s->suffix_alloc, s->anchor_count + 1, sizeof(size_t));
	s->anchors[s->anchor_count] = anchor;
	s->next_suffix[s->anchor_count] = 1;
	kam_text_table_put(&s->taken, anchor, strlen(anchor), s->anchor_count++);
}

/* GitHub's rule: the first "a" is #a, the next #a-1, #a-2, skipping any
 * taken by a heading of that text. Each repeat resumes where the last
 * stopped, so a thousand equal headings cost linear time. */
static char *unique_anchor(scan *s, const char *base)
{
	size_t first;
	if (!kam_text_table_get(&s->taken, base, strlen(base), &first))
		return kam_xstrdup(base);
	for (size_t i = s->next_suffix[first];; i++) {
		char *anchor = kam_xprintf("%s-%zu", base, i);
		if (!kam_text_table_get(&s->taken, anchor, strlen(anchor), NULL)) {
			s->next_suffix[first] = i + 1;
			return anchor;
		}
		free(anchor);
	}
}

static void heading(scan *s, cmark_node *h)
{
	kam_buf text = KAM_BUF_INIT, base = KAM_BUF_INIT;
	cmark_iter *it = cmark_iter_new(h);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
			kam_buf_puts(&text, cmark_node_get_literal(n));
	}
	cmark_iter_free(it);
	kam_heading_anchor(&base, kam_buf_cstr(&text));
	char *anchor = unique_anchor(s, kam_buf_cstr(&base));
	take_anchor(s, anchor);
	if (s->v->on_anchor)
		s->v->on_anchor(s->v->ctx, anchor, s->first_line + (unsigned)cmark_node_get_start_line(h) - 1);
	kam_buf_release(&text);
	kam_buf_release(&base);
}

/* The last '[' or line end before end, or NULL: a reference holds neither. */
static const char *last_breaker(const char *start, const char *end)
{
	for (const char *p = end; p > start; p--)
		if (p[-1] == '[' || p[-1] == '\n')
			return p - 1;
	return NULL;
}

/* The first "cc" at or after p. strchr, not strstr: strstr may read the
 * whole rest of the text each call (AddressSanitizer's does), which made a
 * paragraph of 80,000 [[refs]] quadratic. */
static const char *doubled(const char *p, char c)
{
	while ((p = strchr(p, c)) != NULL && p[1] != c)
		p++;
	return p;
}

/* The closing ]] and the last '[' before it are found once for all the
 * openings that share them, so a text of many [[ costs linear time. */
void kam_body_each_reference(const char *text, void (*fn)(void *ctx, size_t start, size_t end),
			     void *ctx)
{
	const char *close = NULL, *breaker = NULL;
	for (const char *open = doubled(text, '['); open; open = doubled(open + 2, '[')) {
		if (!close || close < open + 2) {
			close = doubled(open + 2, ']');
			if (!close)
				return;
			breaker = last_breaker(open + 2, close);
		}
		if (close == open + 2 || (breaker && breaker >= open + 2))
			continue;
		fn(ctx, (size_t)(open - text), (size_t)(close + 2 - text));
		open = close;
	}
}

typedef struct reference_scan {
	scan *s;
	const char *text;
	unsigned line, column;
	size_t counted, chars; /* characters from text to text + counted: counted onwards */
} reference_scan;

static void found_reference(void *ctx, size_t start, size_t end)
{
	reference_scan *r = ctx;
	char *target = kam_xstrndup(r->text + start + 2, end - start - 4);
	r->chars += kam_utf8_length(r->text + r->counted, start - r->counted);
	r->counted = start;
	r->s->v->on_reference(r->s->v->ctx, target, r->s->first_line + r->line - 1,
			      r->column + (unsigned)r->chars);
	free(target);
}

/* The bytes of text n and everything inside it. */
static size_t text_bytes(cmark_node *n)
{
	const char *literal = cmark_node_get_type(n) == CMARK_NODE_TEXT ? cmark_node_get_literal(n) : NULL;
	size_t bytes = literal ? strlen(literal) : 0;
	for (cmark_node *child = cmark_node_first_child(n); child; child = cmark_node_next(child))
		bytes += text_bytes(child);
	return bytes;
}

/* Where text n starts. The text autolink's pass leaves after an e-mail
 * address it makes a link of has no position of its own: it goes on from
 * the text before the address, on that text's line. */
static void text_start(cmark_node *n, int *line, int *byte_column)
{
	*line = cmark_node_get_start_line(n);
	*byte_column = cmark_node_get_start_column(n);
	size_t after = 0;
	for (cmark_node *p = cmark_node_previous(n); *line <= 0 && p; p = cmark_node_previous(p)) {
		after += text_bytes(p);
		if (cmark_node_get_start_line(p) > 0) {
			*line = cmark_node_get_start_line(p);
			*byte_column = cmark_node_get_start_column(p) + (int)after;
		}
	}
}

static void references(scan *s, cmark_node *n)
{
	int line, byte_column;
	text_start(n, &line, &byte_column);
	reference_scan r = {s, cmark_node_get_literal(n), (unsigned)line,
			    char_column(s, line, byte_column), 0, 0};
	kam_body_each_reference(r.text, found_reference, &r);
}

static void visit(scan *s, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	int line = cmark_node_get_start_line(n);
	if (t == CMARK_NODE_HEADING)
		heading(s, n);
	else if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) && s->v->on_link)
		s->v->on_link(s->v->ctx, cmark_node_get_url(n), s->first_line + (unsigned)line - 1,
			      char_column(s, line, cmark_node_get_start_column(n)));
	else if (t == CMARK_NODE_TEXT && s->v->on_reference)
		references(s, n);
}

void kam_body_visit(cmark_node *doc, const char *body, size_t len, unsigned first_line,
		    const kam_body_visitor *visitor)
{
	scan s = {body, len, NULL, 0, first_line, visitor, NULL, NULL, 0, 0, 0, {0}};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER)
			visit(&s, cmark_iter_get_node(it));
	cmark_iter_free(it);
	for (size_t i = 0; i < s.anchor_count; i++)
		free(s.anchors[i]);
	free(s.anchors);
	free(s.next_suffix);
	kam_text_table_release(&s.taken);
	free(s.line_starts);
}

void kam_body_scan(const char *body, size_t len, unsigned first_line,
		   const kam_body_visitor *visitor)
{
	bool in_scratch = len <= SCRATCH_BODY_MAX;
	scratch_chunk *outer = in_scratch ? scratch_begin(len) : NULL;
	cmark_parser *parser = markdown_parser_with(in_scratch ? &scratch_mem
							       : cmark_get_default_mem_allocator(),
						    CMARK_OPT_DEFAULT, false);
	cmark_parser_feed(parser, body, len);
	/* cmark_parser_finish has put adjacent texts together (autolink's pass
	 * too, which then splits a text only around the link it makes), so a
	 * [[reference]] is one text node */
	cmark_node *doc = cmark_parser_finish(parser);
	kam_body_visit(doc, body, len, first_line, visitor);
	if (in_scratch) {
		scratch_end(outer); /* the parser and the tree with it */
		return;
	}
	cmark_node_free(doc);
	cmark_parser_free(parser);
}
