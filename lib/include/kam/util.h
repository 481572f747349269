/* kam/util.h - allocation, growable strings, error context, files.
 *
 * The allocation wrappers abort on out-of-memory, so no caller has an
 * OOM path to get wrong (cmark's xcalloc, git's xmalloc). */
#ifndef KAM_UTIL_H
#define KAM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <regex.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Operation failures (not plan problems: those are diagnostics). */
enum {
	KAM_OK = 0,
	KAM_EIO = -1,       /* cannot read or write a file */
	KAM_ENOTFOUND = -2, /* no such file, repository or object */
	KAM_EINVALID = -3,  /* input kam cannot process (bad config, bad schema) */
	KAM_EEXISTS = -4,   /* refusing to overwrite */
	KAM_EGIT = -5,      /* libgit2 reported an error */
	KAM_EUSAGE = -6,    /* the caller asked for something impossible */
	KAM_EOUTSIDE = -7   /* a path that leaves the repository (a link out, "..") */
};

/* Detail of the last failure; the caller owns it, usually on the stack. */
typedef struct kam_error {
	int code;
	char message[1024];
} kam_error;

/* Record a failure in err (NULL accepted) and return code. */
int kam_error_set(kam_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void *kam_xmalloc(size_t size);
void *kam_xcalloc(size_t count, size_t size);
void *kam_xrealloc(void *ptr, size_t size);
char *kam_xstrdup(const char *s);
char *kam_xstrndup(const char *s, size_t n);
char *kam_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *kam_xvprintf(const char *fmt, va_list ap);

/* Grow an array of elem_size elements so that it holds at least need. */
void *kam_grow_to(void *items, size_t *alloc, size_t need, size_t elem_size);
/* "kam: out of memory allocating N bytes" on stderr, then abort(): what
 * every kam_x* allocator does when the system has no memory left. */
void kam_out_of_memory(size_t size) __attribute__((noreturn));
/* The room kam_grow_to gives for need (alloc doubled, from 8): the one
 * policy, also for lib/blocks.c's arrays. */
size_t kam_grow_room(size_t alloc, size_t need, size_t elem_size);
/* the test inlines: most calls add to an array with room left */
static inline void *kam_grow(void *items, size_t *alloc, size_t need, size_t elem_size)
{
	return need <= *alloc ? items : kam_grow_to(items, alloc, need, elem_size);
}

/* A growable NUL-terminated string (git's strbuf). Zero-initialise or use
 * KAM_BUF_INIT; release with kam_buf_release. */
typedef struct kam_buf {
	char *ptr;
	size_t len, alloc;
} kam_buf;
#define KAM_BUF_INIT {NULL, 0, 0}

void kam_buf_add(kam_buf *b, const char *data, size_t len);
void kam_buf_puts(kam_buf *b, const char *s);
void kam_buf_putc(kam_buf *b, char c);
void kam_buf_printf(kam_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kam_buf_vprintf(kam_buf *b, const char *fmt, va_list ap);
/* Numbers without printf, which dominated writing pages: an integer, and a
 * number with one decimal as "%.1f" writes it (ties to even; v * 10 is
 * rounded first, so a tie can differ in the last digit). */
void kam_buf_put_int(kam_buf *b, long long v);
void kam_buf_put_tenths(kam_buf *b, double v);
/* The contents ("" when empty); valid until the next change. */
const char *kam_buf_cstr(const kam_buf *b);
/* Hand the string to the caller (who frees it) and reset b. */
char *kam_buf_detach(kam_buf *b);

/* The value of a hexadecimal digit, or -1. */
int kam_hex_digit(char c);
/* s[0..n) with each %XX escape decoded (a '%' not followed by two hex
 * digits is kept as it is), as links are read. Caller frees. */
char *kam_percent_decode(const char *s, size_t n);
void kam_buf_reset(kam_buf *b);
void kam_buf_release(kam_buf *b);
/* JSON strings: kam_json_quote() in kam/json.h. */

/* Read a whole file of at most max_bytes into *out (caller frees; NUL
 * terminated, length in *len). KAM_EINVALID when larger than max_bytes. */
int kam_file_read(char **out, size_t *len, const char *path, size_t max_bytes, kam_error *err);

/* Write data to path whole or not at all: temporary file in the same
 * folder, fsync, then rename. With no_clobber, fail with KAM_EEXISTS when
 * path exists (checked atomically with link(2)). */
int kam_file_write_atomic(const char *path, const char *data, size_t len, bool no_clobber,
			  kam_error *err);

/* Items sorted by a text key, ties in index order: for grouping without
 * a comparator that needs outside state. */
typedef struct kam_keyed {
	const char *key;
	size_t index;
} kam_keyed;
void kam_sort_keyed(kam_keyed *items, size_t count);

/* FNV-1a over len bytes, continuing from h (KAM_HASH_SEED to start). */
#define KAM_HASH_SEED 14695981039346656037ULL
uint64_t kam_hash_bytes(uint64_t h, const void *data, size_t len);
/* FNV-1a over n texts, each with its NUL (so "ab","c" differs from "a","bc"). */
uint64_t kam_hash_texts(const char *const *texts, size_t n);

/* A hash table from text (not copied: it must outlive the table) to a
 * number, for lookups in large mappings and lists that would otherwise be
 * quadratic. Zero-initialise; release with kam_text_table_release. */
typedef struct kam_text_entry {
	const char *text;
	size_t len, value;
} kam_text_entry;
typedef struct kam_text_table {
	kam_text_entry *slots; /* NULL text: empty */
	size_t size, count;
} kam_text_table;
/* Add text -> value; false (and no change) when text is there already. */
bool kam_text_table_put(kam_text_table *table, const char *text, size_t len, size_t value);
/* The value of text, or false when it is not there. */
bool kam_text_table_get(const kam_text_table *table, const char *text, size_t len, size_t *value);
void kam_text_table_release(kam_text_table *table);

/* write(2) until all of data is written; -1 with errno on failure. */
int kam_write_all(int fd, const char *data, size_t len);
/* fsync the folder holding path, so a rename into it is durable. */
void kam_sync_parent(const char *path);

/* "a" + "/" + "b", or b alone when it is absolute. Caller frees. */
char *kam_path_join(const char *a, const char *b);
/* Path of target relative to base (both absolute, normalised). Caller frees. */
char *kam_path_relative(const char *target, const char *base);
bool kam_path_is_dir(const char *path);
bool kam_path_exists(const char *path);

/* Number of edits turning a into b (Levenshtein, case-sensitive). */
size_t kam_edit_distance(const char *a, const char *b);
/* The candidate closest to word, or NULL when none is close enough to be
 * a likely typo. */
const char *kam_closest(const char *word, const char *const *candidates, size_t count);

/* Number of code points in a UTF-8 string of len bytes. */
size_t kam_utf8_length(const char *s, size_t len);
/* Offset of the first invalid UTF-8 sequence, or len when all is valid. */
size_t kam_utf8_check(const char *s, size_t len);
/* The length of the valid UTF-8 sequence at s (at most n bytes; no
 * overlong form, surrogate or code point past U+10FFFF) with its code
 * point in *cp, or 0 when the bytes there are not valid UTF-8. */
size_t kam_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Whether s holds only ASCII. */
bool kam_is_ascii(const char *s);

/* regcomp in the C locale: a regex that matches bytes, several times
 * faster than one compiled for UTF-8 text, and equivalent on ASCII text. */
int kam_regcomp_bytes(regex_t *re, const char *pattern, int cflags);

/* A JSON Schema pattern (ECMA-262) over UTF-8 text, compiled by PCRE2 in
 * UTF mode. Any pattern costs a bounded amount per text: a match that needs
 * more than the budget below is KAM_REGEX_OVER_BUDGET, not a hang. */
typedef struct kam_regex kam_regex;

#define KAM_REGEX_MAX_PATTERN 4096     /* characters of a pattern */
#define KAM_REGEX_MATCH_LIMIT 1000000  /* PCRE2 match() calls per text */
#define KAM_REGEX_DEPTH_LIMIT 10000    /* backtracking depth per text */
#define KAM_REGEX_HEAP_KIB 16384       /* backtracking memory per text */

enum { KAM_REGEX_OVER_BUDGET = -1, KAM_REGEX_NO_MATCH = 0, KAM_REGEX_MATCH = 1 };

/* NULL when the pattern cannot be compiled (invalid, too long, or too
 * large once compiled: nested bounded repeats); why (NULL accepted) gets
 * PCRE2's reason. */
kam_regex *kam_regex_new(const char *pattern, kam_buf *why);
/* KAM_REGEX_MATCH, KAM_REGEX_NO_MATCH or KAM_REGEX_OVER_BUDGET. */
int kam_regex_match(const kam_regex *re, const char *text);
void kam_regex_free(kam_regex *re);

#ifdef __cplusplus
}
#endif

#endif
