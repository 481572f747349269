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

/* The lines of the frontmatter that edits need: the first top-level
 * 'reviewed:' line, the last 'owner:' line and the closing fence; false
 * without frontmatter. */
typedef struct frontmatter_lines {
	const char *eol; /* the opening fence's line end, for an added line */
	line_span reviewed, owner, close;
	bool has_reviewed, has_owner, has_close;
} frontmatter_lines;

static bool scan_frontmatter(const char *text, size_t len, frontmatter_lines *f)
{
	size_t pos = (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
	line_span l;
	memset(f, 0, sizeof(*f));
	if (!next_line(text, len, &pos, &l) || !is_fence(text, &l))
		return false;
	f->eol = l.eol;
	while (next_line(text, len, &pos, &l)) {
		if (is_fence(text, &l)) {
			f->close = l;
			f->has_close = true;
			return true;
		}
		if (!f->has_reviewed && starts_with(text, &l, "reviewed:")) {
			f->reviewed = l;
			f->has_reviewed = true;
		}
		if (starts_with(text, &l, "owner:")) {
			f->owner = l;
			f->has_owner = true;
		}
	}
	return true;
}

int kam_plan_find_reviewed(const char *text, size_t len, size_t *start, size_t *end)
{
	frontmatter_lines f;
	if (!scan_frontmatter(text, len, &f) || (!f.has_reviewed && !f.has_close))
		return -1;
	if (!f.has_reviewed)
		return 0;
	*start = f.reviewed.start;
	*end = f.reviewed.end + strlen(f.reviewed.eol);
	return 1;
}

char *kam_plan_set_reviewed(const char *text, size_t len, const char *date)
{
	frontmatter_lines f;
	if (!scan_frontmatter(text, len, &f) || (!f.has_reviewed && !f.has_close))
		return NULL; /* no frontmatter, or nowhere to add the key */
	kam_buf out = KAM_BUF_INIT;
	if (!f.has_reviewed) { /* no reviewed: key: add it after owner: */
		size_t at = f.has_owner ? f.owner.end + strlen(f.owner.eol) : f.close.start;
		kam_buf_add(&out, text, at);
		kam_buf_printf(&out, "reviewed: %s%s", date, f.eol);
		kam_buf_add(&out, text + at, len - at);
		return kam_buf_detach(&out);
	}
	const line_span *l = &f.reviewed;
	const char *comment = memchr(text + l->start, '#', l->end - l->start);
	size_t keep_from = comment ? (size_t)(comment - text) : l->end;
	while (comment && keep_from > l->start && strchr(" \t", text[keep_from - 1]))
		keep_from--; /* the blanks before the comment stay as they were */
	kam_buf_add(&out, text, l->start);
	kam_buf_printf(&out, "reviewed: %s", date);
	kam_buf_add(&out, text + keep_from, len - keep_from);
	return kam_buf_detach(&out);
}
