#define _POSIX_C_SOURCE 200809L
#include "kam/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kam/util.h"
#include "banned.h"

static const struct {
	const char *id;
	kam_severity severity;
	const char *summary;
} rules[] = {
#define KAM_RULE_ROW(name, id, sev, why) {id, KAM_SEV_##sev, why},
	KAM_FOREACH_RULE(KAM_RULE_ROW)
#undef KAM_RULE_ROW
};

const char *kam_rule_id(kam_rule rule)
{
	return rules[rule].id;
}

kam_severity kam_rule_default_severity(kam_rule rule)
{
	return rules[rule].severity;
}

const char *kam_rule_summary(kam_rule rule)
{
	return rules[rule].summary;
}

bool kam_rule_is_fatal(kam_rule rule)
{
	return rule <= KAM_RULE_YAML_DEPTH;
}

int kam_rule_find(const char *id)
{
	for (int i = 0; i < KAM_RULE__COUNT; i++)
		if (strcmp(rules[i].id, id) == 0)
			return i;
	return -1;
}

const char *kam_severity_name(kam_severity sev)
{
	return sev == KAM_SEV_ERROR ? "error" : sev == KAM_SEV_WARNING ? "warning" : "off";
}

int kam_severity_parse(const char *s)
{
	if (strcmp(s, "error") == 0)
		return KAM_SEV_ERROR;
	if (strcmp(s, "warning") == 0)
		return KAM_SEV_WARNING;
	if (strcmp(s, "off") == 0)
		return KAM_SEV_OFF;
	return -1;
}

void kam_diag_list_init(kam_diag_list *list)
{
	memset(list, 0, sizeof(*list));
}

static void diag_release(kam_diag *d)
{
	free(d->file);
	free(d->message);
	free(d->hint);
	free(d->path);
}

void kam_diag_list_release(kam_diag_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		diag_release(&list->items[i]);
	free(list->items);
	kam_diag_list_init(list);
}

kam_diag *kam_diag_push(kam_diag_list *list, kam_rule rule, const char *file, unsigned line,
			unsigned column, const char *fmt, ...)
{
	list->items = kam_grow(list->items, &list->alloc, list->count + 1, sizeof(kam_diag));
	kam_diag *d = &list->items[list->count++];
	memset(d, 0, sizeof(*d));
	d->rule = rule;
	d->severity = rules[rule].severity;
	d->file = kam_xstrdup(file ? file : "");
	d->line = line;
	d->column = column;
	kam_buf b = KAM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	d->message = kam_buf_detach(&b);
	return d;
}

void kam_diag_set_hint(kam_diag *d, const char *fmt, ...)
{
	kam_buf b = KAM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(d->hint);
	d->hint = kam_buf_detach(&b);
}

void kam_diag_set_path(kam_diag *d, const char *path)
{
	free(d->path);
	d->path = path && *path ? kam_xstrdup(path) : NULL;
}

void kam_diag_list_move(kam_diag_list *dst, kam_diag_list *src)
{
	dst->items = kam_grow(dst->items, &dst->alloc, dst->count + src->count, sizeof(kam_diag));
	if (src->count)
		memcpy(dst->items + dst->count, src->items, src->count * sizeof(kam_diag));
	dst->count += src->count;
	free(src->items);
	kam_diag_list_init(src);
}

static int diag_compare(const void *pa, const void *pb)
{
	const kam_diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return strcmp(a->message, b->message);
}

void kam_diag_list_finish(kam_diag_list *list, const kam_severity *severities)
{
	size_t kept = 0;
	for (size_t i = 0; i < list->count; i++) {
		kam_diag *d = &list->items[i];
		if (severities)
			d->severity = severities[d->rule];
		if (d->severity == KAM_SEV_OFF) {
			diag_release(d);
			continue;
		}
		list->items[kept++] = *d;
	}
	if (kept > 1)
		qsort(list->items, kept, sizeof(kam_diag), diag_compare);
	/* a node checked by two subschemas can yield the same finding twice */
	size_t unique = 0;
	for (size_t i = 0; i < kept; i++) {
		if (unique && diag_compare(&list->items[unique - 1], &list->items[i]) == 0) {
			diag_release(&list->items[i]);
			continue;
		}
		list->items[unique++] = list->items[i];
	}
	list->count = unique;
}

size_t kam_diag_list_count(const kam_diag_list *list, kam_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < list->count; i++)
		n += list->items[i].severity == sev;
	return n;
}

char *kam_diag_message_with_hint(const kam_diag *d)
{
	kam_buf text = KAM_BUF_INIT;
	kam_buf_puts(&text, d->message);
	if (d->hint)
		kam_buf_printf(&text, " (hint: %s)", d->hint);
	return kam_buf_detach(&text);
}

typedef struct key_count {
	uint64_t key;
	unsigned count; /* 0: an empty slot */
} key_count;

unsigned *kam_diag_ranks(const kam_diag_list *diags, uint64_t (*key)(const kam_diag *),
			 uint64_t **keys_out)
{
	size_t n = diags->count;
	uint64_t *keys = kam_xcalloc(n + 1, sizeof(uint64_t));
	for (size_t i = 0; i < n; i++)
		keys[i] = key(&diags->items[i]);
	unsigned *ranks = kam_xcalloc(n + 1, sizeof(unsigned));
	size_t size = 16;
	while (size < 2 * n)
		size *= 2;
	key_count *slots = kam_xcalloc(size, sizeof(key_count));
	for (size_t i = 0; i < n; i++) {
		size_t h = (size_t)(keys[i] ^ keys[i] >> 32) & (size - 1);
		while (slots[h].count && slots[h].key != keys[i])
			h = (h + 1) & (size - 1);
		slots[h].key = keys[i];
		ranks[i] = ++slots[h].count;
	}
	free(slots);
	*keys_out = keys;
	return ranks;
}
