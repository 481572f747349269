/* JSON Schema validation over kam_node trees.
 *
 * The schema is itself a node tree (JSON parsed by libyaml). Validation
 * walks schema and instance together, building the data path of the
 * instance ("opportunities[2].stage") for messages. Regexes are compiled
 * once when the schema is loaded, so validation never writes to the schema
 * and one schema can serve several threads. */
#define _POSIX_C_SOURCE 200809L
#include "kam/schema.h"

#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* The keywords the validator reads, compiled once per subschema so that a
 * validation step looks each up in a table instead of scanning the map. */
#define KEYWORDS(K) \
	K(KW_REF, "$ref") \
	K(KW_TYPE, "type") \
	K(KW_ENUM, "enum") \
	K(KW_CONST, "const") \
	K(KW_PROPERTIES, "properties") \
	K(KW_REQUIRED, "required") \
	K(KW_ADDITIONALPROPERTIES, "additionalProperties") \
	K(KW_PATTERNPROPERTIES, "patternProperties") \
	K(KW_PROPERTYNAMES, "propertyNames") \
	K(KW_MINPROPERTIES, "minProperties") \
	K(KW_MAXPROPERTIES, "maxProperties") \
	K(KW_ITEMS, "items") \
	K(KW_PREFIXITEMS, "prefixItems") \
	K(KW_CONTAINS, "contains") \
	K(KW_MINITEMS, "minItems") \
	K(KW_MAXITEMS, "maxItems") \
	K(KW_UNIQUEITEMS, "uniqueItems") \
	K(KW_MINLENGTH, "minLength") \
	K(KW_MAXLENGTH, "maxLength") \
	K(KW_PATTERN, "pattern") \
	K(KW_FORMAT, "format") \
	K(KW_MINIMUM, "minimum") \
	K(KW_MAXIMUM, "maximum") \
	K(KW_EXCLUSIVEMINIMUM, "exclusiveMinimum") \
	K(KW_EXCLUSIVEMAXIMUM, "exclusiveMaximum") \
	K(KW_MULTIPLEOF, "multipleOf") \
	K(KW_ALLOF, "allOf") \
	K(KW_ANYOF, "anyOf") \
	K(KW_ONEOF, "oneOf") \
	K(KW_NOT, "not") \
	K(KW_IF, "if") \
	K(KW_THEN, "then") \
	K(KW_ELSE, "else") \
	K(KW_X_KAM_ID, "x-kam-id") \
	K(KW_X_KAM_REF, "x-kam-ref") \
	K(KW_X_KAM_REF_IF_DECLARED, "x-kam-ref-if-declared") \
	K(KW_X_KAM_HINT, "x-kam-hint") \
	K(KW_TITLE, "title")

enum {
#define KW_ENUM(name, text) name,
	KEYWORDS(KW_ENUM)
#undef KW_ENUM
	KW__COUNT
};

static const char *const keyword_names[] = {
#define KW_NAME(name, text) text,
	KEYWORDS(KW_NAME)
#undef KW_NAME
};

typedef struct compiled_regex {
	const kam_node *source; /* the pattern node (or patternProperties key) */
	kam_regex *regex;
	const char *prefix;     /* "^x-" and the like: a literal prefix, no regex needed */
	size_t prefix_len;
} compiled_regex;

/* A subschema with its keywords looked up once, so that applying it to a
 * value reads each keyword with one load rather than a search. */
typedef struct compiled {
	const kam_node *source; /* the subschema */
	uint64_t present;       /* bit k: kw[k] is there (most are not: one load tells) */
	const kam_node *kw[KW__COUNT];
	const kam_node *ref_target; /* $ref resolved */
	const compiled_regex *pattern; /* of a string "pattern" */
	const compiled_regex **pattern_props; /* one per patternProperties key */
} compiled;

_Static_assert(KW__COUNT <= 64, "a keyword is a bit of compiled.present");

/* Keyword k of a compiled subschema, or NULL. */
static inline const kam_node *keyword(const compiled *t, int k)
{
	return t->present >> k & 1 ? t->kw[k] : NULL;
}

/* A slot of the table of subschemas: the address it is found by beside
 * the table it finds, so a probe reads one slot and no table. */
typedef struct map_entry {
	const kam_node *source;
	const compiled *map;
} map_entry;

struct kam_schema {
	char *name;
	kam_arena *arena; /* NULL when built from a caller's node */
	const kam_node *root;
	compiled_regex *regexes; /* sorted by source pointer */
	size_t regex_count, regex_alloc;
	compiled *maps; /* every mapping of the schema */
	size_t map_count, map_alloc;
	struct map_entry *map_table; /* open addressing on the source node's address */
	size_t map_table_size; /* a power of two */
};

/* ------------------------------------------------------------------ */
/* ECMA-262 patterns, compiled by PCRE2 (kam_regex)                    */

/* The literal a pattern like ^x- asks text to start with, else NULL. */
static const char *literal_prefix(const char *pattern)
{
	if (pattern[0] != '^' || pattern[strcspn(pattern + 1, ".[]()*+?{}|^$\\") + 1] != '\0')
		return NULL;
	return pattern + 1;
}

static int compile_regex(kam_schema *s, const kam_node *source, kam_error *err)
{
	kam_buf why = KAM_BUF_INIT;
	kam_regex *regex = kam_regex_new(source->text, &why);
	int rc = KAM_OK;
	if (!regex)
		rc = kam_error_set(err, KAM_EINVALID, "%s:%u:%u: pattern '%s' cannot be used: %s",
				   s->name, source->line, source->column, source->text, kam_buf_cstr(&why));
	else {
		s->regexes = kam_grow(s->regexes, &s->regex_alloc, s->regex_count + 1,
				      sizeof(compiled_regex));
		const char *prefix = literal_prefix(source->text);
		s->regexes[s->regex_count++] =
			(compiled_regex){source, regex, prefix, prefix ? strlen(prefix) : 0};
	}
	kam_buf_release(&why);
	return rc;
}

static int by_source(const void *a, const void *b)
{
	const kam_node *x = ((const compiled_regex *)a)->source;
	const kam_node *y = ((const compiled_regex *)b)->source;
	return x < y ? -1 : x > y;
}

static const compiled_regex *find_regex(const kam_schema *s, const kam_node *pattern)
{
	compiled_regex key = {.source = pattern};
	return bsearch(&key, s->regexes, s->regex_count, sizeof(key), by_source);
}

/* KAM_REGEX_MATCH, _NO_MATCH or _OVER_BUDGET (a pattern that backtracks
 * past its budget on this text); no pattern matches nothing. */
static int regex_matches(const compiled_regex *r, const char *text)
{
	if (!r)
		return KAM_REGEX_NO_MATCH;
	if (r->prefix)
		return strncmp(text, r->prefix, r->prefix_len) == 0;
	return kam_regex_match(r->regex, text);
}

/* ------------------------------------------------------------------ */
/* $ref: JSON pointers into the same document                          */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode one pointer token: percent-escapes (URI fragment), then ~1 and ~0. */
static void pointer_token(kam_buf *out, const char *p, size_t len)
{
	kam_buf_reset(out);
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '%' && i + 2 < len && hex_value(p[i + 1]) >= 0 &&
		    hex_value(p[i + 2]) >= 0) {
			kam_buf_putc(out, (char)(hex_value(p[i + 1]) * 16 + hex_value(p[i + 2])));
			i += 2;
		} else if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
			kam_buf_putc(out, p[i + 1] == '0' ? '~' : '/');
			i++;
		} else
			kam_buf_putc(out, p[i]);
	}
}

static const kam_node *pointer_step(const kam_node *n, const char *token)
{
	if (n->kind == KAM_NODE_MAP)
		return kam_node_get(n, token);
	if (n->kind == KAM_NODE_SEQ) {
		char *end;
		unsigned long i = strtoul(token, &end, 10);
		return *token && !*end && i < n->count ? n->items[i] : NULL;
	}
	return NULL;
}

static const kam_node *resolve_ref(const kam_node *root, const char *ref)
{
	if (ref[0] != '#')
		return NULL; /* only references into the same document */
	const char *p = ref + 1;
	const kam_node *n = root;
	kam_buf token = KAM_BUF_INIT;
	while (n && *p == '/') {
		p++;
		size_t len = strcspn(p, "/");
		pointer_token(&token, p, len);
		n = pointer_step(n, kam_buf_cstr(&token));
		p += len;
	}
	kam_buf_release(&token);
	return *p ? NULL : n;
}

/* ------------------------------------------------------------------ */
/* Loading: check references and compile patterns once                 */

static bool is_keyword(const kam_node *key, const char *name)
{
	return strcmp(key->text, name) == 0;
}

static int prepare(kam_schema *s, const kam_node *n, unsigned depth, kam_error *err);

/* c with its keywords filled in: which are there, and its $ref resolved
 * against root. */
static void complete_table(compiled *c, const kam_node *root)
{
	c->present = 0;
	for (int k = 0; k < KW__COUNT; k++)
		if (c->kw[k])
			c->present |= UINT64_C(1) << k;
	const char *ref = kam_node_string(c->kw[KW_REF]);
	c->ref_target = ref ? resolve_ref(root, ref) : NULL;
}

static void compile_map(kam_schema *s, const kam_node *n)
{
	s->maps = kam_grow(s->maps, &s->map_alloc, s->map_count + 1, sizeof(compiled));
	compiled *c = &s->maps[s->map_count++];
	memset(c, 0, sizeof(*c));
	c->source = n;
	for (size_t i = 0; i < n->count; i++)
		for (int k = 0; k < KW__COUNT; k++)
			if (strcmp(n->pairs[i].key->text, keyword_names[k]) == 0 && !c->kw[k])
				c->kw[k] = n->pairs[i].value;
	complete_table(c, s->root);
}

/* Each compiled subschema points at its compiled patterns, once they are
 * all compiled and sorted. */
static void link_regexes(kam_schema *s)
{
	for (size_t i = 0; i < s->map_count; i++) {
		compiled *c = &s->maps[i];
		const kam_node *pattern = c->kw[KW_PATTERN], *props = c->kw[KW_PATTERNPROPERTIES];
		if (pattern && pattern->kind == KAM_NODE_STRING)
			c->pattern = find_regex(s, pattern);
		if (!props || props->kind != KAM_NODE_MAP || !props->count)
			continue;
		c->pattern_props = kam_xcalloc(props->count, sizeof(compiled_regex *));
		for (size_t j = 0; j < props->count; j++)
			c->pattern_props[j] = find_regex(s, props->pairs[j].key);
	}
}

static size_t map_slot(const kam_node *n, size_t size)
{
	uintptr_t h = (uintptr_t)n / sizeof(void *);
	return (size_t)(h * 0x9E3779B97F4A7C15ULL >> 20) & (size - 1);
}

/* Subschemas are looked up by address for every value validated: a hash
 * table, not a binary search. */
static void hash_maps(kam_schema *s)
{
	size_t size = 16;
	while (size < 2 * s->map_count)
		size *= 2;
	s->map_table = kam_xcalloc(size, sizeof(map_entry));
	s->map_table_size = size;
	for (size_t i = 0; i < s->map_count; i++) {
		size_t j = map_slot(s->maps[i].source, size);
		while (s->map_table[j].source)
			j = (j + 1) & (size - 1);
		s->map_table[j] = (map_entry){s->maps[i].source, &s->maps[i]};
	}
}

static const compiled *find_map(const kam_schema *s, const kam_node *n)
{
	if (!s->map_table)
		return NULL;
	for (size_t j = map_slot(n, s->map_table_size); s->map_table[j].source;
	     j = (j + 1) & (s->map_table_size - 1))
		if (s->map_table[j].source == n)
			return s->map_table[j].map;
	return NULL;
}

static int prepare_pair(kam_schema *s, const kam_pair *p, unsigned depth, kam_error *err)
{
	const kam_node *v = p->value;
	if (is_keyword(p->key, "pattern") && v->kind == KAM_NODE_STRING)
		return compile_regex(s, v, err);
	if (is_keyword(p->key, "patternProperties") && v->kind == KAM_NODE_MAP)
		for (size_t i = 0; i < v->count; i++)
			if (compile_regex(s, v->pairs[i].key, err) < 0)
				return KAM_EINVALID;
	if (is_keyword(p->key, "$ref") && v->kind == KAM_NODE_STRING && !resolve_ref(s->root, v->text))
		return kam_error_set(err, KAM_EINVALID, "%s:%u:%u: $ref '%s' does not resolve in the schema",
				     s->name, v->line, v->column, v->text);
	if (is_keyword(p->key, "enum") || is_keyword(p->key, "const") ||
	    is_keyword(p->key, "examples") || is_keyword(p->key, "default"))
		return KAM_OK; /* data, not subschemas */
	return prepare(s, v, depth + 1, err);
}

static int prepare(kam_schema *s, const kam_node *n, unsigned depth, kam_error *err)
{
	if (depth > 256)
		return kam_error_set(err, KAM_EINVALID, "%s: schema nested too deeply", s->name);
	if (n->kind == KAM_NODE_SEQ)
		for (size_t i = 0; i < n->count; i++)
			if (prepare(s, n->items[i], depth + 1, err) < 0)
				return KAM_EINVALID;
	if (n->kind == KAM_NODE_MAP) {
		compile_map(s, n);
		for (size_t i = 0; i < n->count; i++)
			if (prepare_pair(s, &n->pairs[i], depth, err) < 0)
				return KAM_EINVALID;
	}
	return KAM_OK;
}

int kam_schema_from_node(kam_schema **out, const char *name, const kam_node *root,
			 kam_error *err)
{
	kam_schema *s = kam_xcalloc(1, sizeof(*s));
	s->name = kam_xstrdup(name);
	s->root = root;
	*out = NULL;
	if (prepare(s, root, 0, err) < 0) {
		kam_schema_free(s);
		return KAM_EINVALID;
	}
	if (s->regex_count > 1)
		qsort(s->regexes, s->regex_count, sizeof(compiled_regex), by_source);
	link_regexes(s);
	hash_maps(s);
	*out = s;
	return KAM_OK;
}

static long hex4(const char *p)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex_value(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

void kam_json_rewrite_surrogates(char *text, size_t *len)
{
	size_t r = 0, w = 0, n = *len;
	while (r < n) {
		if (text[r] != '\\' || r + 1 >= n) {
			text[w++] = text[r++];
			continue;
		}
		long hi = r + 6 <= n && text[r + 1] == 'u' ? hex4(text + r + 2) : -1;
		long lo = hi >= 0xD800 && hi <= 0xDBFF && r + 12 <= n && text[r + 6] == '\\' &&
				  text[r + 7] == 'u'
			  ? hex4(text + r + 8)
			  : -1;
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			long cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
			char esc[11];
			snprintf(esc, sizeof(esc), "\\U%08lX", cp);
			memcpy(text + w, esc, 10);
			w += 10;
			r += 12;
		} else { /* any other escape: copy both characters */
			text[w++] = text[r++];
			text[w++] = text[r++];
		}
	}
	text[w] = '\0';
	*len = w;
}

int kam_schema_new(kam_schema **out, const char *name, const char *json_text, size_t len,
		   kam_error *err)
{
	*out = NULL;
	kam_arena *arena = kam_arena_new();
	char *json = kam_arena_strndup(arena, json_text, len);
	kam_json_rewrite_surrogates(json, &len);
	kam_diag_list diags = {0};
	kam_node *root;
	kam_yaml_limits limits = {256, 0};
	if (kam_yaml_parse(&root, arena, json, len, 1, name, &limits, &diags) < 0) {
		const kam_diag *d = &diags.items[0];
		kam_error_set(err, KAM_EINVALID, "%s:%u:%u: %s", name, d->line, d->column, d->message);
		kam_diag_list_release(&diags);
		kam_arena_free(arena);
		return KAM_EINVALID;
	}
	kam_diag_list_release(&diags); /* warnings (a YAML comment) say nothing of JSON */
	if (kam_schema_from_node(out, name, root, err) < 0) {
		kam_arena_free(arena);
		return KAM_EINVALID;
	}
	(*out)->arena = arena;
	return KAM_OK;
}

void kam_schema_free(kam_schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->regex_count; i++)
		kam_regex_free(s->regexes[i].regex);
	free(s->regexes);
	for (size_t i = 0; i < s->map_count; i++)
		free(s->maps[i].pattern_props);
	free(s->maps);
	free(s->map_table);
	free(s->name);
	kam_arena_free(s->arena);
	free(s);
}

const kam_node *kam_schema_root(const kam_schema *s)
{
	return s->root;
}

/* ------------------------------------------------------------------ */
/* Validation context and messages                                     */

typedef struct compiled_extra {
	compiled table;
	struct compiled_extra *next;
} compiled_extra;

typedef struct vctx {
	const kam_schema *schema;
	const char *file;
	kam_diag_list *diags; /* where diagnostics go now (a branch's, in anyOf) */
	kam_buf path;
	unsigned depth;
	const kam_node *schema_here; /* the subschema being applied */
	const kam_schema_visitor *visitor;
	unsigned trials; /* > 0 while trying a branch whose outcome is not final */
	const kam_node *parent; /* the mapping whose value is being validated */
	size_t steps, budget;   /* subschemas applied so far, and how many may be */
	const kam_node *exhausted_at; /* the value at which the budget ran out */
	compiled_extra *extras; /* tables of subschemas the schema did not prepare */
} vctx;

/* The compiled table of subschema s: the schema's, or, for a mapping the
 * schema did not prepare (a $ref into an example's data), one compiled now
 * and kept until the validation ends. */
static const compiled *table_of(vctx *c, const kam_node *s)
{
	const compiled *t = find_map(c->schema, s);
	if (t)
		return t;
	compiled_extra *extra = kam_xcalloc(1, sizeof(*extra));
	extra->table.source = s; /* each keyword as kam_node_get finds it, as before tables */
	for (int k = 0; k < KW__COUNT; k++)
		extra->table.kw[k] = kam_node_get(s, keyword_names[k]);
	complete_table(&extra->table, c->schema->root);
	extra->next = c->extras;
	c->extras = extra;
	return &extra->table;
}

static void validate(vctx *c, const kam_node *s, const kam_node *v);

/* What the value is called in messages: the subschema's title ("close
 * quarter"), else the key it sits under ("stage"; "role" for roles[1]). */
static void subject_noun(kam_buf *out, const kam_node *schema, const char *path)
{
	kam_buf_reset(out);
	const char *title = kam_node_string(kam_node_get(schema, "title"));
	if (title && *title && strlen(title) < 40) {
		kam_buf_puts(out, title);
		if (out->len > 1 && out->ptr[1] >= 'a' && out->ptr[1] <= 'z' && out->ptr[0] >= 'A' &&
		    out->ptr[0] <= 'Z')
			out->ptr[0] = (char)(out->ptr[0] - 'A' + 'a');
		return;
	}
	const char *last = strrchr(path, '.');
	last = last ? last + 1 : path;
	size_t len = strcspn(last, "[");
	bool item = last[len] == '[';
	for (size_t i = 0; i < len; i++)
		kam_buf_putc(out, last[i] == '_' ? ' ' : last[i]);
	if (item && out->len > 3 && strcmp(out->ptr + out->len - 3, "ies") == 0) {
		out->len -= 3;
		kam_buf_puts(out, "y");
	} else if (item && out->len > 1 && out->ptr[out->len - 1] == 's') {
		out->ptr[--out->len] = '\0';
	}
	if (!out->len)
		kam_buf_puts(out, "value");
}

static const char *article(const char *noun)
{
	return strchr("aeiou", noun[0]) ? "an" : "a";
}

/* A short quotation of a value for messages: 'text', 42, true, a list. */
static void describe_value(kam_buf *out, const kam_node *v)
{
	switch (v->kind) {
	case KAM_NODE_STRING:
		if (v->len > 40)
			kam_buf_printf(out, "text '%.37s...'", v->text);
		else
			kam_buf_printf(out, "text '%s'", v->text);
		break;
	case KAM_NODE_NUMBER: kam_buf_printf(out, "the number %s", v->text); break;
	case KAM_NODE_BOOL: kam_buf_printf(out, "%s", v->boolean ? "true" : "false"); break;
	case KAM_NODE_NULL: kam_buf_puts(out, "nothing (null)"); break;
	case KAM_NODE_SEQ: kam_buf_puts(out, "a list"); break;
	case KAM_NODE_MAP: kam_buf_puts(out, "a mapping"); break;
	}
}

/* Push a diagnostic at v, its message prefixed with the data path. */
static kam_diag *report(vctx *c, kam_rule rule, const kam_node *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static kam_diag *report(vctx *c, kam_rule rule, const kam_node *at, const char *fmt, ...)
{
	kam_buf msg = KAM_BUF_INIT;
	if (c->path.len)
		kam_buf_printf(&msg, "%s: ", c->path.ptr);
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	kam_diag *d = kam_diag_push(c->diags, rule, c->file, at->line, at->column, "%s", msg.ptr);
	kam_diag_set_path(d, kam_buf_cstr(&c->path));
	kam_buf_release(&msg);
	return d;
}

static size_t push_key(vctx *c, const char *key)
{
	size_t mark = c->path.len;
	if (mark)
		kam_buf_putc(&c->path, '.');
	kam_buf_puts(&c->path, key);
	return mark;
}

static size_t push_index(vctx *c, size_t i)
{
	size_t mark = c->path.len;
	char digits[24], *p = digits + sizeof(digits);
	*--p = '\0';
	*--p = ']';
	do /* by hand: printf is a tenth of validation on long lists */
		*--p = (char)('0' + i % 10);
	while (i /= 10);
	*--p = '[';
	kam_buf_puts(&c->path, p);
	return mark;
}

static void pop_path(vctx *c, size_t mark)
{
	c->path.len = mark;
	if (c->path.ptr)
		c->path.ptr[mark] = '\0';
}

static size_t count_errors(const kam_diag_list *l)
{
	return kam_diag_list_count(l, KAM_SEV_ERROR);
}

/* Validate into a throw-away list; return how many errors it found. */
static size_t trial(vctx *c, const kam_node *s, const kam_node *v, kam_diag_list *keep)
{
	kam_diag_list *saved = c->diags;
	kam_diag_list local = {0};
	c->diags = keep ? keep : &local;
	c->trials++;
	validate(c, s, v);
	c->trials--;
	size_t errors = count_errors(c->diags);
	c->diags = saved;
	kam_diag_list_release(&local);
	return errors;
}

/* ------------------------------------------------------------------ */
/* type                                                                */

static bool type_matches(const char *type, const kam_node *v)
{
	static const char *names[] = {"null", "boolean", "number", "string", "array", "object"};
	const char *kind = names[v->kind];
	if (type[0] == kind[0] && strcmp(type, kind) == 0) /* most checks: a first byte differs */
		return true;
	return type[0] == 'i' && strcmp(type, "integer") == 0 && kam_node_is_integer(v);
}

static bool any_type_matches(const kam_node *type, const kam_node *v)
{
	if (type->kind == KAM_NODE_STRING)
		return type_matches(type->text, v);
	for (size_t i = 0; type->kind == KAM_NODE_SEQ && i < type->count; i++)
		if (type->items[i]->kind == KAM_NODE_STRING && type_matches(type->items[i]->text, v))
			return true;
	return type->kind != KAM_NODE_SEQ && type->kind != KAM_NODE_STRING;
}

static const char *type_phrase(const char *type)
{
	static const char *const pairs[][2] = {
		{"null", "nothing (null)"}, {"boolean", "true or false"}, {"number", "a number"},
		{"integer", "a whole number"}, {"string", "text"}, {"array", "a list"},
		{"object", "a mapping of keys to values"}};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(type, pairs[i][0]) == 0)
			return pairs[i][1];
	return type;
}

static void expected_types(kam_buf *out, const kam_node *type)
{
	if (type->kind == KAM_NODE_STRING) {
		kam_buf_puts(out, type_phrase(type->text));
		return;
	}
	for (size_t i = 0; i < type->count; i++) {
		if (i)
			kam_buf_puts(out, i + 1 == type->count ? " or " : ", ");
		if (type->items[i]->kind == KAM_NODE_STRING)
			kam_buf_puts(out, type_phrase(type->items[i]->text));
	}
}

static bool type_wanted(const kam_node *type, const char *name)
{
	if (type->kind == KAM_NODE_STRING)
		return strcmp(type->text, name) == 0;
	for (size_t i = 0; type->kind == KAM_NODE_SEQ && i < type->count; i++)
		if (type->items[i]->kind == KAM_NODE_STRING && strcmp(type->items[i]->text, name) == 0)
			return true;
	return false;
}

/* 150.000, 1.500, 2.500.000, 1,500: one to three digits, then groups of
 * three after a '.' or ','; digits gets the number without separators. */
static bool thousands_grouped(const char *t, kam_buf *digits)
{
	size_t lead = strspn(t, "0123456789");
	if (lead < 1 || lead > 3 || t[0] == '0' || (t[lead] != '.' && t[lead] != ','))
		return false;
	char sep = t[lead];
	kam_buf_add(digits, t, lead);
	const char *p = t + lead;
	while (*p == sep && strspn(p + 1, "0123456789") == 3) {
		kam_buf_add(digits, p + 1, 3);
		p += 4;
	}
	return *p == '\0';
}

static void type_hint(kam_diag *d, const kam_node *type, const kam_node *v, bool depth_is_root)
{
	kam_buf digits = KAM_BUF_INIT;
	bool wants_number = type_wanted(type, "number") || type_wanted(type, "integer");
	if (wants_number && v->kind == KAM_NODE_STRING && !(v->flags & KAM_NODE_QUOTED) &&
	    thousands_grouped(v->text, &digits)) {
		kam_diag_set_hint(d, "write %s: YAML numbers have no thousands separator",
				  kam_buf_cstr(&digits));
		kam_buf_release(&digits);
		return;
	}
	kam_buf_release(&digits);
	if (v->kind == KAM_NODE_NULL)
		kam_diag_set_hint(d, "give it a value, or remove the key");
	else if (type_wanted(type, "string") && v->kind != KAM_NODE_SEQ && v->kind != KAM_NODE_MAP)
		kam_diag_set_hint(d, "put it in quotes to make it text: \"%s\"", v->text);
	else if (type_wanted(type, "boolean") && v->kind == KAM_NODE_STRING)
		kam_diag_set_hint(d, "write true or false");
	else if ((type_wanted(type, "number") || type_wanted(type, "integer")) &&
		 v->kind == KAM_NODE_STRING)
		kam_diag_set_hint(d, "write a plain number without quotes, units or separators, "
				     "such as 250000");
	else if (type_wanted(type, "integer") && v->kind == KAM_NODE_NUMBER)
		kam_diag_set_hint(d, "write a whole number, such as %.0f", round(v->number));
	else if (type_wanted(type, "array"))
		kam_diag_set_hint(d, "write a list, one '- item' per line");
	else if (type_wanted(type, "object"))
		kam_diag_set_hint(d, depth_is_root ? "write 'key: value' lines, one key per line"
						   : "write 'key: value' lines indented under it");
}

/* .inf and .nan are numbers to YAML that no amount, share or level can be. */
static void report_not_finite(vctx *c, const kam_node *v)
{
	bool nan = strchr("nN", v->text[strlen(v->text) - 1]) != NULL;
	kam_diag *d = report(c, KAM_RULE_NUMBER_NOT_FINITE, v,
			     "'%s' is %s to YAML, and a number here must be finite", v->text,
			     nan ? "not-a-number" : "infinity");
	kam_diag_set_hint(d, "write the number itself, or leave the key out while it is not known");
}

static bool check_type(vctx *c, const kam_node *type, const kam_node *v)
{
	kam_node as_number;
	if (v->flags & KAM_NODE_NOT_FINITE) { /* kept as text, but a number to YAML */
		if (type_wanted(type, "number") || type_wanted(type, "integer")) {
			report_not_finite(c, v);
			return false;
		}
		as_number = *v;
		as_number.kind = KAM_NODE_NUMBER;
		v = &as_number;
	}
	if (any_type_matches(type, v))
		return true;
	kam_buf want = KAM_BUF_INIT, got = KAM_BUF_INIT;
	expected_types(&want, type);
	describe_value(&got, v);
	kam_diag *d = report(c, KAM_RULE_SCHEMA_TYPE, v, "expected %s, got %s", want.ptr, got.ptr);
	type_hint(d, type, v, c->path.len == 0);
	kam_buf_release(&want);
	kam_buf_release(&got);
	return false;
}

/* YAML 1.1 reads some plain scalars another way than YAML 1.2 (and kam). */
static void check_ambiguous(vctx *c, const kam_node *v)
{
	if (!(v->flags & KAM_NODE_AMBIGUOUS))
		return;
	kam_diag *d;
	if (v->kind == KAM_NODE_NUMBER) {
		d = report(c, KAM_RULE_YAML_AMBIGUOUS, v,
			   "'%s' has a leading zero: YAML 1.1 tools read it as an octal number",
			   v->text);
		kam_diag_set_hint(d, "drop the leading zero, or quote it if it is text: \"%s\"",
				  v->text);
		return;
	}
	bool boolean = strchr("yYnNoO", v->text[0]) != NULL;
	d = report(c, KAM_RULE_YAML_AMBIGUOUS, v,
		   "'%s' is text to kam, but YAML 1.1 tools read it as %s", v->text,
		   boolean ? "a boolean" : "a number");
	kam_diag_set_hint(d, "put it in quotes: \"%s\"", v->text);
}

/* ------------------------------------------------------------------ */
/* enum and const                                                      */

static void enum_candidates(const kam_node *options, const char ***out, size_t *n)
{
	*out = kam_xcalloc(options->count, sizeof(char *));
	*n = 0;
	for (size_t i = 0; i < options->count; i++)
		if (options->items[i]->kind == KAM_NODE_STRING)
			(*out)[(*n)++] = options->items[i]->text;
}

static void list_values(kam_buf *out, const kam_node *options)
{
	for (size_t i = 0; i < options->count && i < 16; i++) {
		const kam_node *o = options->items[i];
		kam_buf_printf(out, "%s%s", i ? ", " : "",
			       o->kind == KAM_NODE_NULL ? "null" : o->text ? o->text : "(structure)");
	}
	if (options->count > 16)
		kam_buf_puts(out, ", ...");
}

static void check_enum(vctx *c, const kam_node *options, const kam_node *v)
{
	if (options->kind != KAM_NODE_SEQ)
		return;
	for (size_t i = 0; i < options->count; i++)
		if (kam_node_equal(options->items[i], v))
			return;
	kam_buf noun = KAM_BUF_INIT, values = KAM_BUF_INIT, got = KAM_BUF_INIT;
	subject_noun(&noun, c->schema_here, kam_buf_cstr(&c->path));
	list_values(&values, options);
	kam_diag *d;
	const char *guess = NULL;
	if (v->kind == KAM_NODE_STRING) {
		const char **cands;
		size_t n;
		enum_candidates(options, &cands, &n);
		guess = kam_closest(v->text, cands, n);
		free(cands);
		if (guess)
			d = report(c, KAM_RULE_SCHEMA_ENUM, v, "'%s' is not %s %s; did you mean '%s'?",
				   v->text, article(noun.ptr), noun.ptr, guess);
		else
			d = report(c, KAM_RULE_SCHEMA_ENUM, v, "'%s' is not %s %s", v->text,
				   article(noun.ptr), noun.ptr);
	} else {
		describe_value(&got, v);
		d = report(c, KAM_RULE_SCHEMA_ENUM, v, "%s is not %s %s", got.ptr, article(noun.ptr),
			   noun.ptr);
	}
	kam_diag_set_hint(d, "%s is one of: %s", noun.ptr, values.ptr);
	kam_buf_release(&noun);
	kam_buf_release(&values);
	kam_buf_release(&got);
}

static void check_const(vctx *c, const kam_node *expected, const kam_node *v)
{
	if (kam_node_equal(expected, v))
		return;
	kam_buf got = KAM_BUF_INIT;
	describe_value(&got, v);
	kam_diag *d = report(c, KAM_RULE_SCHEMA_CONST, v, "got %s, but only one value is allowed here",
			     got.ptr);
	if (expected->text)
		kam_diag_set_hint(d, "write %s", expected->text);
	kam_buf_release(&got);
}

/* ------------------------------------------------------------------ */
/* strings                                                             */

static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

bool kam_date_valid(const char *t)
{
	if (strlen(t) != 10 || t[4] != '-' || t[7] != '-' || !digits(t, 4) || !digits(t + 5, 2) ||
	    !digits(t + 8, 2))
		return false;
	int y = atoi(t), m = atoi(t + 5), d = atoi(t + 8);
	if (m < 1 || m > 12 || d < 1)
		return false;
	int last = days_in_month[m - 1] + (m == 2 && leap_year(y));
	return d <= last;
}

/* a value of format regex is a pattern kam would accept in a schema */
static void check_regex_format(vctx *c, const kam_node *v)
{
	kam_buf why = KAM_BUF_INIT;
	kam_regex *re = kam_regex_new(v->text, &why);
	if (re)
		kam_regex_free(re);
	else {
		kam_diag *d = report(c, KAM_RULE_SCHEMA_FORMAT, v, "'%s' is not a valid regular expression: %s",
				     v->text, kam_buf_cstr(&why));
		kam_diag_set_hint(d, "write an ECMA-262 regular expression, as JSON Schema patterns are");
	}
	kam_buf_release(&why);
}

static void check_format(vctx *c, const kam_node *format, const kam_node *v)
{
	if (format->kind != KAM_NODE_STRING)
		return;
	if (strcmp(format->text, "regex") == 0) {
		check_regex_format(c, v);
		return;
	}
	if (strcmp(format->text, "date") != 0 || kam_date_valid(v->text))
		return;
	kam_diag *d = report(c, KAM_RULE_SCHEMA_FORMAT, v, "'%s' is not a valid date", v->text);
	kam_diag_set_hint(d, "write a calendar date as YYYY-MM-DD, such as 2026-10-03");
}

static void report_over_budget(vctx *c, const kam_node *pattern, const kam_node *v)
{
	kam_diag *d = report(c, KAM_RULE_SCHEMA_BUDGET, v,
			     "matching the pattern %s (%s:%u:%u) against this text needs more "
			     "backtracking than kam allows",
			     pattern->text, c->schema->name, pattern->line, pattern->column);
	kam_diag_set_hint(d, "simplify the pattern: nested repeats such as (a+)+ try every way of "
			     "splitting the text");
}

static void check_string(vctx *c, const compiled *t, const kam_node *v)
{
	const kam_node *k;
	const kam_node *min = keyword(t, KW_MINLENGTH), *max = keyword(t, KW_MAXLENGTH);
	/* a character is one to four bytes: most lengths are decided by v->len */
	size_t chars = v->len;
	if ((min && v->len < 4 * min->number) || (max && v->len > max->number))
		chars = kam_utf8_length(v->text, v->len);
	if ((k = min) && k->kind == KAM_NODE_NUMBER && chars < k->number) {
		if (chars == 0)
			report(c, KAM_RULE_SCHEMA_LENGTH, v, "must not be empty");
		else
			report(c, KAM_RULE_SCHEMA_LENGTH, v, "'%s' is shorter than %s characters",
			       v->text, k->text);
	}
	if ((k = max) && k->kind == KAM_NODE_NUMBER && chars > k->number)
		report(c, KAM_RULE_SCHEMA_LENGTH, v, "text is %zu characters long, more than %s", chars,
		       k->text);
	int matched = KAM_REGEX_MATCH;
	if ((k = keyword(t, KW_PATTERN)) && k->kind == KAM_NODE_STRING)
		matched = regex_matches(t->pattern, v->text);
	if (matched == KAM_REGEX_OVER_BUDGET)
		report_over_budget(c, k, v);
	else if (!matched) {
		kam_buf noun = KAM_BUF_INIT;
		subject_noun(&noun, t->source, kam_buf_cstr(&c->path));
		kam_diag *d = report(c, KAM_RULE_SCHEMA_PATTERN, v, "'%s' is not a valid %s", v->text,
				     noun.ptr);
		kam_diag_set_hint(d, "it must match the pattern %s", k->text);
		kam_buf_release(&noun);
	}
	if ((k = keyword(t, KW_FORMAT)))
		check_format(c, k, v);
}

/* ------------------------------------------------------------------ */
/* numbers                                                             */

/* A money field (type number) written as 150.000: YAML reads 150. */
static void check_separator(vctx *c, const compiled *t, const kam_node *v)
{
	const kam_node *type = keyword(t, KW_TYPE);
	kam_buf digits = KAM_BUF_INIT;
	if (type && type->kind == KAM_NODE_STRING && strcmp(type->text, "number") == 0 &&
	    thousands_grouped(v->text, &digits)) {
		kam_diag *d = report(c, KAM_RULE_MONEY_THOUSANDS_SEPARATOR, v,
				     "'%s' is read as %g: YAML numbers have no thousands separator",
				     v->text, v->number);
		kam_diag_set_hint(d, "write %s", kam_buf_cstr(&digits));
	}
	kam_buf_release(&digits);
}

static void check_number(vctx *c, const compiled *t, const kam_node *v)
{
	const kam_node *k;
	double x = v->number;
	check_separator(c, t, v);
	if ((k = keyword(t, KW_MINIMUM)) && k->kind == KAM_NODE_NUMBER && x < k->number)
		report(c, KAM_RULE_SCHEMA_RANGE, v, "%s is less than the minimum %s", v->text, k->text);
	if ((k = keyword(t, KW_MAXIMUM)) && k->kind == KAM_NODE_NUMBER && x > k->number)
		report(c, KAM_RULE_SCHEMA_RANGE, v, "%s is more than the maximum %s", v->text, k->text);
	if ((k = keyword(t, KW_EXCLUSIVEMINIMUM)) && k->kind == KAM_NODE_NUMBER &&
	    x <= k->number)
		report(c, KAM_RULE_SCHEMA_RANGE, v, "%s must be more than %s", v->text, k->text);
	if ((k = keyword(t, KW_EXCLUSIVEMAXIMUM)) && k->kind == KAM_NODE_NUMBER &&
	    x >= k->number)
		report(c, KAM_RULE_SCHEMA_RANGE, v, "%s must be less than %s", v->text, k->text);
	if ((k = keyword(t, KW_MULTIPLEOF)) && k->kind == KAM_NODE_NUMBER && k->number > 0) {
		double q = x / k->number;
		if (isfinite(q) && fabs(q - round(q)) > 1e-9)
			report(c, KAM_RULE_SCHEMA_RANGE, v, "%s is not a multiple of %s", v->text,
			       k->text);
	}
}

/* ------------------------------------------------------------------ */
/* arrays                                                              */

static void check_unique(vctx *c, const kam_node *v)
{
	if (v->count < 2)
		return;
	kam_node_set items; /* an item repeats when an equal one comes first */
	kam_node_set_init(&items, v);
	for (size_t i = 1; i < v->count; i++) {
		if (kam_node_set_first(&items, v->items[i]) == i)
			continue;
		size_t mark = push_index(c, i);
		const kam_node *item = v->items[i];
		kam_diag *d = item->text ? report(c, KAM_RULE_SCHEMA_ITEMS, item, "'%s' is in the list twice",
						  item->text)
					 : report(c, KAM_RULE_SCHEMA_ITEMS, item,
						  "repeats an earlier item of the list");
		kam_diag_set_hint(d, "remove the repeated item");
		pop_path(c, mark);
	}
	kam_node_set_release(&items);
}

static void check_item_counts(vctx *c, const compiled *t, const kam_node *v)
{
	const kam_node *k;
	if ((k = keyword(t, KW_MINITEMS)) && k->kind == KAM_NODE_NUMBER && v->count < k->number) {
		kam_diag *d = report(c, KAM_RULE_SCHEMA_ITEMS, v, "list has %zu item%s, fewer than %s",
				     (size_t)v->count, v->count == 1 ? "" : "s", k->text);
		kam_diag_set_hint(d, "add at least %s item%s", k->text, k->number == 1 ? "" : "s");
	}
	if ((k = keyword(t, KW_MAXITEMS)) && k->kind == KAM_NODE_NUMBER && v->count > k->number)
		report(c, KAM_RULE_SCHEMA_ITEMS, v, "list has %zu items, more than %s", (size_t)v->count,
		       k->text);
	if ((k = keyword(t, KW_UNIQUEITEMS)) && k->kind == KAM_NODE_BOOL && k->boolean)
		check_unique(c, v);
}

static void validate_item(vctx *c, const kam_node *s, const kam_node *v, size_t i)
{
	size_t mark = push_index(c, i);
	validate(c, s, v->items[i]);
	pop_path(c, mark);
}

static void check_contains(vctx *c, const compiled *t, const kam_node *v)
{
	const kam_node *contains = keyword(t, KW_CONTAINS);
	if (!contains)
		return;
	for (size_t i = 0; i < v->count; i++)
		if (trial(c, contains, v->items[i], NULL) == 0)
			return;
	report(c, KAM_RULE_SCHEMA_ITEMS, v, "list has no item of the required form");
}

static void check_array(vctx *c, const compiled *t, const kam_node *v)
{
	check_item_counts(c, t, v);
	const kam_node *prefix = keyword(t, KW_PREFIXITEMS);
	size_t first = 0;
	if (prefix && prefix->kind == KAM_NODE_SEQ)
		for (; first < prefix->count && first < v->count; first++)
			validate_item(c, prefix->items[first], v, first);
	const kam_node *items = keyword(t, KW_ITEMS);
	if (items && items->kind == KAM_NODE_BOOL && !items->boolean && v->count > first) {
		size_t mark = push_index(c, first);
		report(c, KAM_RULE_SCHEMA_ITEMS, v->items[first], "list allows only %zu item%s", first,
		       first == 1 ? "" : "s");
		pop_path(c, mark);
	} else if (items && items->kind != KAM_NODE_SEQ)
		for (size_t i = first; i < v->count; i++)
			validate_item(c, items, v, i);
	check_contains(c, t, v);
}

/* ------------------------------------------------------------------ */
/* objects                                                             */

/* Whether schema-unknown-key reports a key of v as 'did you mean name?'
 * (reviewd: for reviewed): then that finding says what is missing. */
static bool misspelled_as(const compiled *t, const kam_node *v, const char *name)
{
	const kam_node *props = keyword(t, KW_PROPERTIES);
	const kam_node *patterns = keyword(t, KW_PATTERNPROPERTIES);
	const kam_node *additional = keyword(t, KW_ADDITIONALPROPERTIES);
	if (!props || props->kind != KAM_NODE_MAP || !additional ||
	    additional->kind != KAM_NODE_BOOL || additional->boolean)
		return false;
	const char **names = kam_xcalloc(props->count ? props->count : 1, sizeof(char *));
	for (size_t i = 0; i < props->count; i++)
		names[i] = props->pairs[i].key->text;
	bool found = false;
	for (size_t i = 0; i < v->count && !found; i++) {
		const char *key = v->pairs[i].key->text;
		bool known = kam_node_get(props, key) != NULL;
		for (size_t k = 0; !known && patterns && patterns->kind == KAM_NODE_MAP && k < patterns->count; k++)
			known = regex_matches(t->pattern_props ? t->pattern_props[k] : NULL, key) ==
				KAM_REGEX_MATCH;
		const char *guess = known ? NULL : kam_closest(key, names, props->count);
		found = guess && strcmp(guess, name) == 0;
	}
	free(names);
	return found;
}

static void check_required(vctx *c, const compiled *t, const kam_node *required, const kam_node *v)
{
	for (size_t i = 0; required->kind == KAM_NODE_SEQ && i < required->count; i++) {
		const kam_node *key = required->items[i];
		if (key->kind != KAM_NODE_STRING || kam_node_get(v, key->text) ||
		    misspelled_as(t, v, key->text))
			continue;
		kam_diag *d = report(c, KAM_RULE_SCHEMA_REQUIRED, v, "missing required key '%s'",
				     key->text);
		kam_diag_set_hint(d, "add '%s:' with its value", key->text);
		size_t mark = push_key(c, key->text); /* the path of what is missing */
		kam_diag_set_path(d, kam_buf_cstr(&c->path));
		pop_path(c, mark);
	}
}

static void report_unknown_key(vctx *c, const kam_node *props, const kam_pair *p)
{
	const char **names = kam_xcalloc(props ? props->count : 1, sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; props && props->kind == KAM_NODE_MAP && i < props->count; i++)
		names[n++] = props->pairs[i].key->text;
	const char *guess = kam_closest(p->key->text, names, n);
	kam_diag *d;
	if (guess)
		d = report(c, KAM_RULE_SCHEMA_UNKNOWN_KEY, p->key, "unknown key '%s'; did you mean '%s'?",
			   p->key->text, guess);
	else
		d = report(c, KAM_RULE_SCHEMA_UNKNOWN_KEY, p->key, "unknown key '%s'", p->key->text);
	if (p->value->kind == KAM_NODE_NULL && strchr(p->key->text, ' ')) {
		/* {role: architect, owns the roadmap} makes "owns the roadmap" a key */
		kam_diag_set_hint(d, "a comma inside { } starts a new key: put the text before it in "
				     "quotes, or write the mapping on separate lines");
	} else if (n) {
		kam_buf keys = KAM_BUF_INIT;
		for (size_t i = 0; i < n; i++)
			kam_buf_printf(&keys, "%s%s", i ? ", " : "", names[i]);
		kam_diag_set_hint(d, "the keys allowed here are: %s", keys.ptr);
		kam_buf_release(&keys);
	} else
		kam_diag_set_hint(d, "remove it");
	free(names);
}

static void check_property(vctx *c, const compiled *t, const kam_node *map, const kam_pair *p)
{
	const kam_node *props = keyword(t, KW_PROPERTIES);
	const kam_node *patterns = keyword(t, KW_PATTERNPROPERTIES);
	const kam_node *additional = keyword(t, KW_ADDITIONALPROPERTIES);
	/* a key is its text up to a NUL (YAML's "\0"), here as in the path */
	const kam_node *own = kam_node_get(props, p->key->text);
	bool by_pattern = false;
	size_t mark = push_key(c, p->key->text);
	const kam_node *outer_parent = c->parent;
	c->parent = map;
	if (own)
		validate(c, own, p->value);
	for (size_t i = 0; patterns && patterns->kind == KAM_NODE_MAP && i < patterns->count; i++)
		if (regex_matches(t->pattern_props ? t->pattern_props[i] : NULL, p->key->text) ==
		    KAM_REGEX_MATCH) {
			validate(c, patterns->pairs[i].value, p->value);
			by_pattern = true;
		}
	if (!own && !by_pattern && additional) {
		if (additional->kind == KAM_NODE_BOOL && !additional->boolean) {
			pop_path(c, mark);
			c->parent = outer_parent;
			report_unknown_key(c, props, p);
			return;
		}
		validate(c, additional, p->value);
	}
	c->parent = outer_parent;
	pop_path(c, mark);
}

static void check_property_names(vctx *c, const kam_node *names, const kam_node *v)
{
	for (size_t i = 0; i < v->count; i++) {
		kam_node *key = v->pairs[i].key;
		if (trial(c, names, key, NULL) == 0)
			continue;
		kam_diag *d = report(c, KAM_RULE_SCHEMA_PROPERTIES, key, "key '%s' is not allowed",
				     key->text);
		kam_diag_set_hint(d, "rename or remove it");
	}
}

static void check_object(vctx *c, const compiled *t, const kam_node *v)
{
	const kam_node *k;
	if ((k = keyword(t, KW_REQUIRED)))
		check_required(c, t, k, v);
	if ((k = keyword(t, KW_MINPROPERTIES)) && k->kind == KAM_NODE_NUMBER && v->count < k->number)
		report(c, KAM_RULE_SCHEMA_PROPERTIES, v, "has %zu keys, fewer than %s", (size_t)v->count, k->text);
	if ((k = keyword(t, KW_MAXPROPERTIES)) && k->kind == KAM_NODE_NUMBER && v->count > k->number)
		report(c, KAM_RULE_SCHEMA_PROPERTIES, v, "has %zu keys, more than %s", (size_t)v->count, k->text);
	if ((k = keyword(t, KW_PROPERTYNAMES)))
		check_property_names(c, k, v);
	if (keyword(t, KW_PROPERTIES) || keyword(t, KW_PATTERNPROPERTIES) ||
	    keyword(t, KW_ADDITIONALPROPERTIES))
		for (size_t i = 0; i < v->count; i++)
			check_property(c, t, v, &v->pairs[i]);
}

/* ------------------------------------------------------------------ */
/* combinators                                                         */

/* Apply a branch that passed as a trial again, for its ids and references. */
static void annotate(vctx *c, const kam_node *branch, const kam_node *v)
{
	if (!c->visitor || c->trials)
		return;
	kam_diag_list *saved = c->diags, discard = {0};
	c->diags = &discard;
	validate(c, branch, v);
	c->diags = saved;
	kam_diag_list_release(&discard);
}

static void visit_annotations(vctx *c, const compiled *t, const kam_node *v)
{
	if (!c->visitor || c->trials || v->kind != KAM_NODE_STRING)
		return;
	const char *ns = kam_node_string(keyword(t, KW_X_KAM_ID));
	const kam_node *ref = keyword(t, KW_X_KAM_REF);
	if (ns && c->visitor->on_id)
		c->visitor->on_id(c->visitor->ctx, ns, v, c->parent, kam_buf_cstr(&c->path));
	const kam_node *if_declared = keyword(t, KW_X_KAM_REF_IF_DECLARED);
	bool optional = if_declared && if_declared->kind == KAM_NODE_BOOL && if_declared->boolean;
	if (ref && c->visitor->on_ref)
		c->visitor->on_ref(c->visitor->ctx, ref, v, kam_buf_cstr(&c->path), optional);
}

/* Whether a branch's own "type" (if any) admits v: the branch the author
 * most likely meant is one whose type fits. */
static bool branch_fits_type(const kam_node *branch, const kam_node *v)
{
	const kam_node *type = kam_node_get(branch, "type");
	return !type || any_type_matches(type, v);
}

/* Report why v matched none of the branches: the errors of the fitting
 * branch with the fewest, or one summary line. */
static void report_no_branch(vctx *c, const kam_node *branches, const kam_node *v)
{
	size_t best_errors = (size_t)-1;
	const kam_node *best = NULL;
	for (size_t i = 0; i < branches->count; i++) {
		const kam_node *b = branches->items[i];
		if (!branch_fits_type(b, v))
			continue;
		size_t errors = trial(c, b, v, NULL);
		if (errors < best_errors) {
			best_errors = errors;
			best = b;
		}
	}
	if (best) {
		validate(c, best, v);
		return;
	}
	kam_buf got = KAM_BUF_INIT;
	describe_value(&got, v);
	report(c, KAM_RULE_SCHEMA_COMBINATOR, v, "%s matches none of the allowed forms", got.ptr);
	kam_buf_release(&got);
}

static void check_any_of(vctx *c, const kam_node *branches, const kam_node *v)
{
	if (branches->kind != KAM_NODE_SEQ)
		return;
	for (size_t i = 0; i < branches->count; i++)
		if (trial(c, branches->items[i], v, NULL) == 0) {
			annotate(c, branches->items[i], v);
			return;
		}
	report_no_branch(c, branches, v);
}

static void check_one_of(vctx *c, const kam_node *branches, const kam_node *v)
{
	if (branches->kind != KAM_NODE_SEQ)
		return;
	size_t passing = 0;
	const kam_node *passed = NULL;
	for (size_t i = 0; i < branches->count; i++)
		if (trial(c, branches->items[i], v, NULL) == 0) {
			passing++;
			passed = branches->items[i];
		}
	if (passing == 1)
		annotate(c, passed, v);
	if (passing == 0)
		report_no_branch(c, branches, v);
	else if (passing > 1)
		report(c, KAM_RULE_SCHEMA_COMBINATOR, v,
		       "matches %zu of the allowed forms, but must match exactly one", passing);
}

static void check_all_of(vctx *c, const kam_node *branches, const kam_node *v)
{
	for (size_t i = 0; branches->kind == KAM_NODE_SEQ && i < branches->count; i++)
		validate(c, branches->items[i], v);
}

static void check_not(vctx *c, const kam_node *s, const kam_node *v)
{
	if (trial(c, s, v, NULL) == 0)
		report(c, KAM_RULE_SCHEMA_COMBINATOR, v, "has a form that is not allowed here");
}

static void check_conditional(vctx *c, const compiled *t, const kam_node *v)
{
	const kam_node *cond = keyword(t, KW_IF);
	if (!cond)
		return;
	int taken = trial(c, cond, v, NULL) == 0 ? KW_THEN : KW_ELSE;
	const kam_node *branch = keyword(t, taken);
	if (branch)
		validate(c, branch, v);
}

static void check_ref(vctx *c, const compiled *t, const kam_node *ref, const kam_node *v)
{
	if (ref->kind != KAM_NODE_STRING)
		return;
	const kam_node *target = t->ref_target;
	if (target)
		validate(c, target, v);
}

/* ------------------------------------------------------------------ */

static void check_by_kind(vctx *c, const compiled *t, const kam_node *v)
{
	switch (v->kind) {
	case KAM_NODE_STRING: check_string(c, t, v); break;
	case KAM_NODE_NUMBER: check_number(c, t, v); break;
	case KAM_NODE_SEQ: check_array(c, t, v); break;
	case KAM_NODE_MAP: check_object(c, t, v); break;
	default: break;
	}
}

/* Report the subschema's x-kam-hint on the diagnostics it caused. */
static void add_schema_hint(vctx *c, const compiled *t, size_t first)
{
	const char *hint = kam_node_string(keyword(t, KW_X_KAM_HINT));
	for (size_t i = first; hint && i < c->diags->count; i++)
		if (c->diags->items[i].rule == KAM_RULE_SCHEMA_PATTERN ||
		    c->diags->items[i].rule == KAM_RULE_SCHEMA_FORMAT ||
		    c->diags->items[i].rule == KAM_RULE_SCHEMA_COMBINATOR)
			kam_diag_set_hint(&c->diags->items[i], "%s", hint);
}

static void validate(vctx *c, const kam_node *s, const kam_node *v)
{
	if (s->kind == KAM_NODE_BOOL) {
		if (!s->boolean)
			report(c, KAM_RULE_SCHEMA_COMBINATOR, v, "no value is allowed here");
		return;
	}
	if (s->kind != KAM_NODE_MAP || c->exhausted_at)
		return;
	if (++c->steps > c->budget) { /* combinators and $refs that multiply without end */
		c->exhausted_at = v;
		return;
	}
	if (c->depth >= KAM_SCHEMA_MAX_DEPTH) { /* a $ref cycle that never descends into the data */
		c->exhausted_at = v;
		return;
	}
	c->depth++;
	size_t first = c->diags->count;
	const kam_node *k, *outer = c->schema_here;
	const compiled *t = table_of(c, s);
	c->schema_here = s;
	if ((k = keyword(t, KW_REF)))
		check_ref(c, t, k, v);
	c->schema_here = s;
	bool type_ok = !(k = keyword(t, KW_TYPE)) || check_type(c, k, v);
	if (type_ok) {
		/* only where the schema states a type; text it spells out (a
		 * severity off, a country no) is meant as that text */
		if (keyword(t, KW_TYPE) && !keyword(t, KW_ENUM) && !keyword(t, KW_CONST))
			check_ambiguous(c, v);
		visit_annotations(c, t, v);
		if ((k = keyword(t, KW_ENUM)))
			check_enum(c, k, v);
		if ((k = keyword(t, KW_CONST)))
			check_const(c, k, v);
		check_by_kind(c, t, v);
	}
	if ((k = keyword(t, KW_ALLOF)))
		check_all_of(c, k, v);
	if ((k = keyword(t, KW_ANYOF)))
		check_any_of(c, k, v);
	if ((k = keyword(t, KW_ONEOF)))
		check_one_of(c, k, v);
	if ((k = keyword(t, KW_NOT)))
		check_not(c, k, v);
	check_conditional(c, t, v);
	add_schema_hint(c, t, first);
	c->schema_here = outer;
	c->depth--;
}

/* The values of v's tree, v among them: its weight, which the tree builder
 * counted, unless it saturated (or the tree was made some other way). */
static size_t count_values(const kam_node *v)
{
	if (v->weight && v->weight < UINT32_MAX)
		return v->weight;
	size_t n = 1;
	for (size_t i = 0; v->kind == KAM_NODE_SEQ && i < v->count; i++)
		n += count_values(v->items[i]);
	for (size_t i = 0; v->kind == KAM_NODE_MAP && i < v->count; i++)
		n += count_values(v->pairs[i].value);
	return n;
}

static void report_exhausted(vctx *c)
{
	const kam_node *v = c->exhausted_at;
	kam_diag *d = kam_diag_push(c->diags, KAM_RULE_SCHEMA_BUDGET, c->file, v->line, v->column,
				    "checking this document against %s needs more than kam allows (%d "
				    "schema steps per value, $ref %d deep): stopped here",
				    c->schema->name, KAM_SCHEMA_STEPS_PER_VALUE, KAM_SCHEMA_MAX_DEPTH);
	kam_diag_set_hint(d, "the schema's allOf, anyOf, oneOf or $ref refer back to themselves: "
			     "make each step descend into the data");
}

void kam_schema_validate_visit(const kam_schema *schema, const kam_node *instance,
			       const char *file, kam_diag_list *diags,
			       const kam_schema_visitor *visitor)
{
	vctx c = {.schema = schema, .file = file, .diags = diags, .visitor = visitor};
	c.budget = KAM_SCHEMA_STEPS_PER_VALUE * count_values(instance);
	validate(&c, schema->root, instance);
	if (c.exhausted_at)
		report_exhausted(&c);
	kam_buf_release(&c.path);
	while (c.extras) {
		compiled_extra *next = c.extras->next;
		free(c.extras);
		c.extras = next;
	}
}

void kam_schema_validate(const kam_schema *schema, const kam_node *instance, const char *file,
			 kam_diag_list *diags)
{
	kam_schema_validate_visit(schema, instance, file, diags, NULL);
}

bool kam_schema_accepts(const kam_schema *schema, const kam_node *instance)
{
	kam_diag_list diags = {0};
	kam_schema_validate(schema, instance, "", &diags);
	bool ok = count_errors(&diags) == 0;
	kam_diag_list_release(&diags);
	return ok;
}

/* ------------------------------------------------------------------ */
/* built-in schemas (build/gen/schemas.c, made by tools/embed.c)       */

extern const struct kam_embedded {
	const char *name;
	const char *data;
	size_t len;
} kam_embedded[];

/* Built-in schemas compiled once per process: a site's history opens two
 * repositories a quarter, and each compiled the same three (2% of its
 * instructions). A compiled schema is read-only, so threads share it; it
 * lives until the process ends. */
typedef struct compiled_builtin {
	char *builtin;
	kam_schema *schema;
} compiled_builtin;
static compiled_builtin *compiled_builtins;
static size_t compiled_builtin_count, compiled_builtin_alloc;
static pthread_mutex_t compiled_builtins_lock = PTHREAD_MUTEX_INITIALIZER;

/* The compiled builtin, or NULL; under the lock. */
static kam_schema *compiled_schema(const char *builtin)
{
	for (size_t i = 0; i < compiled_builtin_count; i++)
		if (strcmp(compiled_builtins[i].builtin, builtin) == 0)
			return compiled_builtins[i].schema;
	return NULL;
}

int kam_schema_builtin_shared(const kam_schema **out, const char *builtin, const char *name,
			      kam_error *err)
{
	size_t len;
	const char *json = kam_schema_builtin(builtin, &len);
	*out = NULL;
	if (!json)
		return kam_error_set(err, KAM_ENOTFOUND, "no built-in schema '%s'", builtin);
	pthread_mutex_lock(&compiled_builtins_lock);
	kam_schema *schema = compiled_schema(builtin);
	int rc = KAM_OK;
	if (!schema && (rc = kam_schema_new(&schema, name, json, len, err)) == KAM_OK) {
		compiled_builtins = kam_grow(compiled_builtins, &compiled_builtin_alloc,
					     compiled_builtin_count + 1, sizeof(compiled_builtin));
		compiled_builtins[compiled_builtin_count++] =
		    (compiled_builtin){kam_xstrdup(builtin), schema};
	}
	pthread_mutex_unlock(&compiled_builtins_lock);
	*out = schema;
	return rc;
}

const char *kam_schema_builtin(const char *name, size_t *len)
{
	for (const struct kam_embedded *e = kam_embedded; e->name; e++)
		if (strcmp(e->name, name) == 0) {
			if (len)
				*len = e->len;
			return e->data;
		}
	return NULL;
}
