#define _POSIX_C_SOURCE 200809L
#include "kam/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

int kam_error_set(kam_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

void kam_out_of_memory(size_t size)
{
	fprintf(stderr, "kam: out of memory allocating %zu bytes\n", size);
	abort();
}

void *kam_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		kam_out_of_memory(size);
	return p;
}

void *kam_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		kam_out_of_memory(count * size);
	return p;
}

void *kam_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		kam_out_of_memory(size);
	return p;
}

char *kam_xstrndup(const char *s, size_t n)
{
	char *p = kam_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int kam_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *kam_percent_decode(const char *s, size_t n)
{
	char *out = kam_xmalloc(n + 1), *w = out; /* decoding never lengthens */
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = kam_hex_digit(s[i + 1])) >= 0 &&
		    (lo = kam_hex_digit(s[i + 2])) >= 0) {
			*w++ = (char)(hi * 16 + lo);
			i += 2;
		} else
			*w++ = s[i];
	}
	*w = '\0';
	return out;
}

char *kam_xstrdup(const char *s)
{
	return kam_xstrndup(s, strlen(s));
}

char *kam_xvprintf(const char *fmt, va_list ap)
{
	kam_buf b = KAM_BUF_INIT;
	kam_buf_vprintf(&b, fmt, ap);
	return kam_buf_detach(&b);
}

char *kam_xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = kam_xvprintf(fmt, ap);
	va_end(ap);
	return s;
}

size_t kam_grow_room(size_t alloc, size_t need, size_t elem_size)
{
	size_t n = alloc ? alloc : 8;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / elem_size)
		kam_out_of_memory(SIZE_MAX);
	return n;
}

void *kam_grow_to(void *items, size_t *alloc, size_t need, size_t elem_size)
{
	if (need <= *alloc)
		return items;
	*alloc = kam_grow_room(*alloc, need, elem_size);
	return kam_xrealloc(items, *alloc * elem_size);
}

/* Room for extra bytes and the terminating NUL (kam_grow's test inlines:
 * most calls have the room already). */
static void buf_reserve(kam_buf *b, size_t extra)
{
	b->ptr = kam_grow(b->ptr, &b->alloc, b->len + extra + 1, 1);
}

void kam_buf_add(kam_buf *b, const char *data, size_t len)
{
	buf_reserve(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void kam_buf_puts(kam_buf *b, const char *s)
{
	kam_buf_add(b, s, strlen(s));
}

void kam_buf_putc(kam_buf *b, char c)
{
	buf_reserve(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void kam_buf_put_int(kam_buf *b, long long v)
{
	char digits[24], *p = digits + sizeof(digits);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	kam_buf_add(b, p, (size_t)(digits + sizeof(digits) - p));
}

void kam_buf_put_tenths(kam_buf *b, double v)
{
	double tenths = nearbyint(v * 10);
	if (!(fabs(tenths) < 1e17)) { /* inf, nan, or beyond exact integers */
		kam_buf_printf(b, "%.1f", v);
		return;
	}
	long long t = (long long)tenths;
	if (t < 0 || (t == 0 && signbit(v)))
		kam_buf_putc(b, '-');
	unsigned long long u = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
	kam_buf_put_int(b, (long long)(u / 10));
	kam_buf_putc(b, '.');
	kam_buf_putc(b, (char)('0' + u % 10));
}

void kam_buf_vprintf(kam_buf *b, const char *fmt, va_list ap)
{
	/* most texts are short: formatted once, on the stack; a long one
	 * twice (measured, then written in place) */
	char text[256];
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(text, sizeof(text), fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(text)) {
		kam_buf_add(b, text, (size_t)n);
		return;
	}
	buf_reserve(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void kam_buf_printf(kam_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *kam_buf_cstr(const kam_buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *kam_buf_detach(kam_buf *b)
{
	char *s = b->ptr ? b->ptr : kam_xstrdup("");
	b->ptr = NULL;
	b->len = b->alloc = 0;
	return s;
}

void kam_buf_reset(kam_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void kam_buf_release(kam_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->alloc = 0;
}

int kam_file_read(char **out, size_t *len, const char *path, size_t max_bytes, kam_error *err)
{
	*out = NULL;
	*len = 0;
	struct stat st;
	/* opened without blocking, then judged by what was opened (not by its
	 * name, which may change in between): a FIFO or device would block or
	 * never end, so only regular files are read */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return kam_error_set(err, errno == ENOENT ? KAM_ENOTFOUND : KAM_EIO,
				     "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return kam_error_set(err, KAM_EIO, "cannot read '%s': %s", path,
				     S_ISDIR(st.st_mode) ? "it is a folder" : "it is not a regular file");
	}
	/* read straight into a buffer of the file's size (one more byte
	 * tells that it grew); it grows if the file does while being read */
	if (max_bytes > SIZE_MAX / 4)
		max_bytes = SIZE_MAX / 4;
	size_t cap = (size_t)st.st_size < max_bytes ? (size_t)st.st_size + 1 : max_bytes + 1;
	char *buf = kam_xmalloc(cap + 1);
	size_t used = 0;
	int rc = KAM_OK;
	for (;;) {
		if (used == cap) {
			if (cap > max_bytes) {
				rc = kam_error_set(err, KAM_EINVALID, "'%s' is larger than %zu bytes", path,
						   max_bytes);
				break;
			}
			cap = cap * 2 < max_bytes + 1 ? cap * 2 : max_bytes + 1;
			buf = kam_xrealloc(buf, cap + 1);
		}
		ssize_t n = read(fd, buf + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = kam_error_set(err, KAM_EIO, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	if (rc == KAM_OK && used > max_bytes)
		rc = kam_error_set(err, KAM_EINVALID, "'%s' is larger than %zu bytes", path, max_bytes);
	close(fd);
	if (rc != KAM_OK) {
		free(buf);
		return rc;
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return KAM_OK;
}

int kam_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

void kam_sync_parent(const char *path)
{
	char *dir = kam_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	int fd = open(slash ? dir : ".", O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* A new file next to PATH, created with mode 0666 so that the process's
 * umask gives it the mode any editor would (mkstemp makes 0600 files, and
 * reading the umask means changing it): a name nobody uses, from the process
 * id, a counter and the clock, retried while taken. */
static int create_temp_next_to(const char *path, char **tmp)
{
	static atomic_uint counter;
	for (int attempt = 0; attempt < 100; attempt++) {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		*tmp = kam_xprintf("%s.kam-tmp-%ld-%u-%lx", path, (long)getpid(),
				   atomic_fetch_add(&counter, 1), (unsigned long)now.tv_nsec);
		int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		free(*tmp);
		*tmp = NULL;
	}
	errno = EEXIST;
	return -1;
}

int kam_file_write_atomic(const char *path, const char *data, size_t len, bool no_clobber,
			  kam_error *err)
{
	char *tmp = NULL;
	int rc = KAM_OK;
	int fd = create_temp_next_to(path, &tmp);
	if (fd < 0) {
		rc = kam_error_set(err, KAM_EIO, "cannot create a file next to '%s': %s", path,
				   strerror(errno));
		goto done;
	}
	if (kam_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		rc = kam_error_set(err, KAM_EIO, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		goto done;
	}
	close(fd);
	if (no_clobber) {
		/* link(2) fails when path exists, so nothing is ever overwritten */
		if (link(tmp, path) < 0) {
			int e = errno;
			unlink(tmp);
			rc = e == EEXIST ? kam_error_set(err, KAM_EEXISTS, "'%s' already exists", path)
					 : kam_error_set(err, KAM_EIO, "cannot create '%s': %s", path,
							 strerror(e));
			goto done;
		}
		unlink(tmp);
	} else if (rename(tmp, path) < 0) {
		rc = kam_error_set(err, KAM_EIO, "cannot replace '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto done;
	}
	kam_sync_parent(path);
done:
	free(tmp);
	return rc;
}

char *kam_path_join(const char *a, const char *b)
{
	if (b[0] == '/' || !a[0])
		return kam_xstrdup(b);
	size_t la = strlen(a);
	return kam_xprintf("%s%s%s", a, a[la - 1] == '/' ? "" : "/", b);
}

char *kam_path_relative(const char *target, const char *base)
{
	const char *t = target, *b = base;
	for (;;) { /* skip the components both share */
		while (*t == '/')
			t++;
		while (*b == '/')
			b++;
		size_t lt = strcspn(t, "/"), lb = strcspn(b, "/");
		if (!lt || lt != lb || memcmp(t, b, lt) != 0)
			break;
		t += lt;
		b += lb;
	}
	kam_buf out = KAM_BUF_INIT;
	while (*b) {
		size_t lb = strcspn(b, "/");
		if (lb)
			kam_buf_puts(&out, "../");
		b += lb;
		while (*b == '/')
			b++;
	}
	kam_buf_puts(&out, t);
	while (out.len && out.ptr[out.len - 1] == '/')
		out.ptr[--out.len] = '\0';
	if (!out.len)
		kam_buf_puts(&out, ".");
	return kam_buf_detach(&out);
}

bool kam_path_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool kam_path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

size_t kam_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t on_stack[64];
	size_t *row = lb < 64 ? on_stack : kam_xmalloc((lb + 1) * sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	if (row != on_stack)
		free(row);
	return d;
}

/* The one candidate that word abbreviates ('warn' for 'warning',
 * 'benefit' for 'benefit-owner'), or NULL when none or several do. */
static const char *only_extension(const char *word, size_t wl, const char *const *candidates,
				  size_t count)
{
	const char *found = NULL;
	if (wl < 3)
		return NULL;
	for (size_t i = 0; i < count; i++)
		if (strncmp(candidates[i], word, wl) == 0 && candidates[i][wl]) {
			if (found)
				return NULL;
			found = candidates[i];
		}
	return found;
}

const char *kam_closest(const char *word, const char *const *candidates, size_t count)
{
	const char *best = NULL;
	size_t best_distance = SIZE_MAX;
	size_t wl = strlen(word);
	for (size_t i = 0; i < count; i++) {
		size_t cl = strlen(candidates[i]);
		if ((cl > wl ? cl - wl : wl - cl) > 3) /* more edits than any typo we suggest for */
			continue;
		size_t d = kam_edit_distance(word, candidates[i]);
		if (d < best_distance) {
			best_distance = d;
			best = candidates[i];
		}
	}
	/* a typo changes a few letters; more than a third is another word */
	size_t limit = wl < 4 ? 1 : wl / 3 + 1;
	if (limit > 3)
		limit = 3;
	if (best_distance == 0) /* an exact match is no typo */
		return NULL;
	if (best && best_distance <= limit)
		return best;
	return only_extension(word, wl, candidates, count);
}

/* Characters are the bytes that are not continuation bytes (10xxxxxx):
 * counted eight at a time, as kam check asks for every text's length. */
size_t kam_utf8_length(const char *s, size_t len)
{
	size_t continuations = 0, i = 0;
	for (; len - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, sizeof(w));
		uint64_t c = w & ~(w << 1) & 0x8080808080808080ULL; /* bit 7 set, bit 6 clear */
		if (c)
			continuations += (size_t)__builtin_popcountll(c);
	}
	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continuations++;
	return len - continuations;
}

/* The one UTF-8 decoder (check, JSON, terminal and Markdown writers). */
size_t kam_utf8_decode(const char *text, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)text;
	if (!n)
		return 0;
	size_t len = s[0] < 0x80		    ? 1
		     : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
		     : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
		     : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
						    : 0;
	if (!len || len > n)
		return 0;
	uint32_t c = len == 1 ? s[0] : s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates, past U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static size_t utf8_sequence(const unsigned char *p, size_t left)
{
	uint32_t cp;
	return kam_utf8_decode((const char *)p, left, &cp);
}

size_t kam_utf8_check(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* plain ASCII eight bytes at a time: most of a plan */
		uint64_t word;
		while (i + 8 <= len && (memcpy(&word, p + i, 8), !(word & 0x8080808080808080ULL)))
			i += 8;
		if (i >= len)
			break;
		size_t n = utf8_sequence(p + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

bool kam_is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static int regcomp_in(locale_t locale, regex_t *re, const char *pattern, int cflags)
{
	locale_t previous = uselocale(locale);
	int rc = regcomp(re, pattern, cflags);
	uselocale(previous);
	return rc;
}

int kam_regcomp_bytes(regex_t *re, const char *pattern, int cflags)
{
	locale_t c = newlocale(LC_CTYPE_MASK, "C", (locale_t)0);
	if (c == (locale_t)0)
		return regcomp(re, pattern, cflags);
	int rc = regcomp_in(c, re, pattern, cflags);
	freelocale(c);
	return rc;
}

/* Schema patterns are ECMA-262 regexes from a repository a pull request
 * controls: PCRE2 in UTF mode, JIT-compiled where it can be, with a
 * match budget so that any pattern costs a bounded amount per value. */
struct kam_regex {
	pcre2_code *code;
	pcre2_match_context *limits;
	unsigned long serial; /* names it in the match memo (addresses are reused) */
};

static atomic_ulong regex_serial;

/* Short texts recently matched, per thread: plans repeat the same ids,
 * owners and quarters thousands of times, and a match costs many times
 * a lookup here. */
#define MATCH_MEMO_SLOTS 512
#define MATCH_MEMO_TEXT 31
typedef struct match_memo {
	unsigned long serial; /* of the regex; 0: an empty slot */
	unsigned char len;
	signed char result;
	char text[MATCH_MEMO_TEXT];
} match_memo;
static _Thread_local match_memo match_memos[MATCH_MEMO_SLOTS];

static pcre2_compile_context *regex_compile_context(void)
{
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	if (!cc)
		kam_out_of_memory(sizeof(void *));
	pcre2_set_max_pattern_length(cc, KAM_REGEX_MAX_PATTERN);
	pcre2_set_compile_extra_options(cc, PCRE2_EXTRA_ALT_BSUX);
	return cc;
}

/* The first escape of a letter ECMA-262 does not have (PCRE2's \A, \Z, \z,
 * \G, \Q, \K, \h, \R...), whose meaning would differ from the standard's
 * (in Unicode mode, the one JSON Schema intends, such escapes are errors),
 * as its offset; -1 when there is none. */
static long non_ecma_escape(const char *pattern)
{
	for (const char *p = pattern; *p; p++) {
		if (*p != '\\')
			continue;
		char next = p[1];
		if (!next)
			break;
		bool letter = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
		if (letter && !strchr("bBdDsSwWfnrtvcxukpP", next))
			return (long)(p - pattern);
		p++; /* the escaped character, whatever it is */
	}
	return -1;
}

kam_regex *kam_regex_new(const char *pattern, kam_buf *why)
{
	long bad = non_ecma_escape(pattern);
	if (bad >= 0) {
		if (why)
			kam_buf_printf(why, "\\%c is not an ECMA-262 escape (at character %zu)",
				       pattern[bad + 1], kam_utf8_length(pattern, (size_t)bad) + 1);
		return NULL;
	}
	int code;
	PCRE2_SIZE offset;
	pcre2_compile_context *cc = regex_compile_context();
	/* ECMA-262: $ only at the end, \uXXXX escapes */
	uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY |
			   PCRE2_ALT_BSUX | PCRE2_NO_AUTO_CAPTURE;
	pcre2_code *compiled = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &code,
					     &offset, cc);
	pcre2_compile_context_free(cc);
	if (!compiled) {
		PCRE2_UCHAR message[256];
		pcre2_get_error_message(code, message, sizeof(message));
		if (why)
			kam_buf_printf(why, "%s (at character %zu)", (const char *)message,
				       kam_utf8_length(pattern, offset) + 1);
		return NULL;
	}
	pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE); /* the interpreter when there is no JIT */
	kam_regex *re = kam_xmalloc(sizeof(*re));
	re->code = compiled;
	re->limits = pcre2_match_context_create(NULL);
	if (!re->limits)
		kam_out_of_memory(sizeof(void *));
	pcre2_set_match_limit(re->limits, KAM_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(re->limits, KAM_REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(re->limits, KAM_REGEX_HEAP_KIB);
	re->serial = atomic_fetch_add(&regex_serial, 1) + 1;
	return re;
}

static int regex_run(const kam_regex *re, const char *text, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	if (!md)
		kam_out_of_memory(sizeof(void *));
	int rc = pcre2_match(re->code, (PCRE2_SPTR)text, len, 0, 0, md, re->limits);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return KAM_REGEX_MATCH;
	if (rc == PCRE2_ERROR_NOMATCH)
		return KAM_REGEX_NO_MATCH;
	return KAM_REGEX_OVER_BUDGET; /* match, depth, heap or JIT stack limit */
}

int kam_regex_match(const kam_regex *re, const char *text)
{
	size_t len = strlen(text);
	if (len > MATCH_MEMO_TEXT)
		return regex_run(re, text, len);
	match_memo *m = &match_memos[kam_hash_bytes(re->serial, text, len) % MATCH_MEMO_SLOTS];
	if (m->serial == re->serial && m->len == len && memcmp(m->text, text, len) == 0)
		return m->result;
	int result = regex_run(re, text, len);
	*m = (match_memo){re->serial, (unsigned char)len, (signed char)result, {0}};
	memcpy(m->text, text, len);
	return result;
}

void kam_regex_free(kam_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_match_context_free(re->limits);
	free(re);
}

static int by_key_then_index(const void *a, const void *b)
{
	const kam_keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

void kam_sort_keyed(kam_keyed *items, size_t count)
{
	if (count > 1)
		qsort(items, count, sizeof(kam_keyed), by_key_then_index);
}

/* ------------------------------------------------------------------ */
/* text tables                                                         */

uint64_t kam_hash_bytes(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

uint64_t kam_hash_texts(const char *const *texts, size_t n)
{
	uint64_t h = KAM_HASH_SEED;
	for (size_t i = 0; i < n; i++)
		h = kam_hash_bytes(h, texts[i], strlen(texts[i]) + 1);
	return h;
}

static size_t text_hash(const char *text, size_t len)
{
	return (size_t)kam_hash_bytes(KAM_HASH_SEED, text, len);
}

static kam_text_entry *text_slot(const kam_text_table *t, const char *text, size_t len)
{
	size_t mask = t->size - 1;
	for (size_t j = text_hash(text, len) & mask;; j = (j + 1) & mask) {
		kam_text_entry *e = &t->slots[j];
		if (!e->text || (e->len == len && memcmp(e->text, text, len) == 0))
			return e;
	}
}

static void text_table_grow(kam_text_table *t)
{
	kam_text_table bigger = {kam_xcalloc(t->size ? t->size * 2 : 64, sizeof(kam_text_entry)),
				 t->size ? t->size * 2 : 64, t->count};
	for (size_t i = 0; i < t->size; i++)
		if (t->slots[i].text)
			*text_slot(&bigger, t->slots[i].text, t->slots[i].len) = t->slots[i];
	free(t->slots);
	*t = bigger;
}

bool kam_text_table_put(kam_text_table *t, const char *text, size_t len, size_t value)
{
	if (2 * (t->count + 1) > t->size)
		text_table_grow(t);
	kam_text_entry *e = text_slot(t, text, len);
	if (e->text)
		return false;
	*e = (kam_text_entry){text, len, value};
	t->count++;
	return true;
}

bool kam_text_table_get(const kam_text_table *t, const char *text, size_t len, size_t *value)
{
	if (!t->size)
		return false;
	const kam_text_entry *e = text_slot(t, text, len);
	if (e->text && value)
		*value = e->value;
	return e->text != NULL;
}

void kam_text_table_release(kam_text_table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}
