/* Edits of a plan's text that change one line and keep the rest byte for
 * byte (comments, quoting, line ends), as a person editing it would. */
#include "kam/edit.h"

#include <stdbool.h>
#include <string.h>

#include "kam/util.h"
#include "banned.h"

/* Where a line starts and ends, and the line end it uses. */
typedef struct line_span {
	size_t start, end; /* end excludes the line end */
	const char *eol;
} line_span;

static bool next_line(const char *text, size_t len, size_t *pos, line_span *out)
{
	if (*pos >= len)
		return false;
	const char *nl = memchr(text + *pos, '\n', len - *pos);
	size_t end = nl ? (size_t)(nl - text) : len;
	out->start = *pos;
	out->eol = !nl ? "" : end > *pos && text[end - 1] == '\r' ? "\r\n" : "\n";
	out->end = end - (out->eol[0] == '\r');
	*pos = nl ? end + 1 : len;
	return true;
}

static bool starts_with(const char *text, const line_span *l, const char *prefix)
{
	size_t n = strlen(prefix);
	return l->end - l->start >= n && memcmp(text + l->start, prefix, n) == 0;
}

static bool is_fence(const char *text, const line_span *l)
{
	return l->end - l->start >= 3 && memcmp(text + l->start, "---", 3) == 0 &&
	       strspn(text + l->start + 3, " \t") >= l->end - l->start - 3;
}

char *kam_plan_set_reviewed(const char *text, size_t len, const char *date)
{
	size_t pos = (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
	line_span l, owner = {0, 0, NULL};
	if (!next_line(text, len, &pos, &l) || !is_fence(text, &l))
		return NULL;
	const char *eol = l.eol;
	kam_buf out = KAM_BUF_INIT;
	kam_buf_add(&out, text, pos);
	while (next_line(text, len, &pos, &l)) {
		if (is_fence(text, &l)) { /* no reviewed: key: add it */
			size_t at = owner.eol ? owner.end + strlen(owner.eol) : l.start;
			kam_buf result = KAM_BUF_INIT;
			kam_buf_add(&result, text, at);
			kam_buf_printf(&result, "reviewed: %s%s", date, eol);
			kam_buf_add(&result, text + at, len - at);
			kam_buf_release(&out);
			return kam_buf_detach(&result);
		}
		if (starts_with(text, &l, "owner:"))
			owner = l;
		if (starts_with(text, &l, "reviewed:")) {
			const char *comment = memchr(text + l.start, '#', l.end - l.start);
			size_t keep_from = comment ? (size_t)(comment - text) : l.end;
			while (comment && keep_from > l.start && strchr(" \t", text[keep_from - 1]))
				keep_from--; /* the blanks before the comment stay as they were */
			kam_buf_printf(&out, "reviewed: %s", date);
			kam_buf_add(&out, text + keep_from, len - keep_from);
			return kam_buf_detach(&out);
		}
		kam_buf_add(&out, text + l.start, pos - l.start);
	}
	kam_buf_release(&out);
	return NULL;
}

