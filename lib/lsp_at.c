/* What is at a position: the index records each reference and id with
 * kam's 1-based line and character column; these find their bytes. */
#include "lsp_at.h"

#include <stdlib.h>
#include <string.h>

#include "kam/util.h"
#include "banned.h"

size_t lsp_doc_number(const lsp_repo *r, const char *path)
{
	if (!r || !r->index)
		return (size_t)-1;
	char *rel = kam_path_relative(path, r->root);
	size_t found = (size_t)-1;
	for (size_t i = 0; rel && i < kam_index_doc_count(r->index) && found == (size_t)-1; i++)
		if (strcmp(kam_index_doc_path(r->index, i), rel) == 0)
			found = i;
	free(rel);
	return found;
}

/* The value written at start: quoted as a whole, or up to the end of the
 * plain scalar (text's length). */
static bool value_span(const char *text, size_t len, size_t start, const char *written,
		       size_t *out_start, size_t *out_end)
{
	size_t n = strlen(written);
	if (start < len && (text[start] == '"' || text[start] == '\'')) {
		const char *close = memchr(text + start + 1, text[start], len - start - 1);
		if (!close)
			return false;
		*out_start = start;
		*out_end = (size_t)(close - text) + 1;
		return true;
	}
	if (start + n > len || memcmp(text + start, written, n) != 0)
		return false;
	*out_start = start;
	*out_end = start + n;
	return true;
}

bool lsp_ref_span(const char *text, size_t len, const kam_ref *ref, size_t *start, size_t *end)
{
	size_t at = lsp_kam_offset(text, len, ref->line, ref->column);
	size_t n = strlen(ref->text);
	switch ((kam_ref_kind)ref->kind) {
	case KAM_REF_WIKI:
		if (at + n + 4 > len || memcmp(text + at, "[[", 2) != 0 ||
		    memcmp(text + at + 2, ref->text, n) != 0)
			return false;
		*start = at;
		*end = at + n + 4;
		return true;
	case KAM_REF_LINK: { /* [text](destination): the destination, on the link's line */
		const char *eol = memchr(text + at, '\n', len - at);
		size_t stop = eol ? (size_t)(eol - text) : len;
		for (size_t i = at; i + n + 2 <= stop; i++)
			if (text[i] == '(' && memcmp(text + i + 1, ref->text, n) == 0) {
				*start = i + 1;
				*end = i + 1 + n;
				return true;
			}
		return false;
	}
	default:
		return value_span(text, len, at, ref->text, start, end);
	}
}

bool lsp_entity_span(const char *text, size_t len, const kam_entity *e, size_t *start,
		     size_t *end)
{
	return value_span(text, len, lsp_kam_offset(text, len, e->line, e->column), e->id, start, end);
}

bool lsp_target_at(const lsp_repo *r, const lsp_doc *d, size_t offset, lsp_target *out)
{
	size_t doc = lsp_doc_number(r, d->path);
	*out = (lsp_target){0};
	if (doc == (size_t)-1)
		return false;
	size_t count, start, end;
	const kam_ref *refs = kam_index_refs(r->index, &count);
	for (size_t i = 0; i < count; i++)
		if (refs[i].doc == doc && lsp_ref_span(d->text, d->len, &refs[i], &start, &end) &&
		    offset >= start && offset <= end) {
			*out = (lsp_target){&refs[i], refs[i].target, start, end};
			return true;
		}
	const kam_entity *entities = kam_index_entities(r->index, &count);
	for (size_t i = 0; i < count; i++)
		if (entities[i].doc == doc && lsp_entity_span(d->text, d->len, &entities[i], &start, &end) &&
		    offset >= start && offset <= end) {
			*out = (lsp_target){NULL, &entities[i], start, end};
			return true;
		}
	return false;
}
