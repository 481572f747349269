/* YAML text -> kam_node tree, through libyaml's event parser (or, for the
 * everyday subset of YAML, yaml_fast.c's scanner, which gives the same events).
 *
 * We build our own tree instead of using yaml_document_t so that every node
 * has file positions, duplicate keys and alias bombs are caught while
 * parsing, and scalars resolve by YAML 1.2 (with YAML 1.1 surprises flagged). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "kam/node.h"
#include "kam/util.h"
#include "yaml_explain.h"
#include "yaml_fast.h"
#include "banned.h"

typedef struct frame {
	kam_node *node;
	char *anchor;     /* to register when the collection ends */
	void *entries; /* kam_node * (sequence) or kam_pair (mapping); kept for the */
	size_t count;  /* next collection at this depth: no malloc for each */
	size_t alloc;  /* in bytes: a sequence's buffer may serve a mapping next */
	kam_node *pending_key;
	bool skip_value;   /* the pending value belongs to a duplicate key: dropped */
	bool flow;         /* written in { } or [ ] */
	size_t item_start; /* after a list item without its '- ': where it starts */
	kam_text_table keys;  /* large mappings: key -> pair index; empty: compared one by one */
} frame;

typedef struct anchor {
	char *name;
	kam_node *node;
} anchor;

typedef struct builder {
	kam_arena *arena;
	const char *text;
	size_t len;
	size_t cursor_chars, cursor_bytes; /* a mark's character index -> byte offset */
	bool odd_breaks; /* kam_yaml_odd_breaks: marks are placed again (place_mark) */
	size_t place_byte, place_line, place_column; /* place_mark's cursor */
	const char *file;
	unsigned first_line;
	kam_yaml_limits limits;
	kam_diag_list *diags;
	frame *stack;
	size_t depth, stack_alloc;
	anchor *anchors;
	size_t anchor_count, anchor_alloc;
	size_t alias_nodes;
	kam_node *root;
	bool failed;
	size_t duplicates; /* reported; the parse goes on to find them all */
	bool no_nul;       /* no value can hold a NUL: none in the text or the scanner's */
} builder;

static unsigned mark_line(const builder *b, yaml_mark_t m)
{
	return b->first_line + (unsigned)m.line;
}

static void fail(builder *b, kam_rule rule, yaml_mark_t m, const char *hint, const char *fmt,
		 const char *arg)
{
	kam_diag *d = kam_diag_push(b->diags, rule, b->file, mark_line(b, m),
				    (unsigned)m.column + 1, fmt, arg);
	if (hint)
		kam_diag_set_hint(d, "%s", hint);
	b->failed = true;
}

/* --- scalar resolution (YAML 1.2 core schema) --- */

enum {
	RE_OCTAL,
	RE_HEX,
	RE_FLOAT,
	RE_INF,
	RE_NAN,
	RE_SEXAGESIMAL, /* YAML 1.1: 190:20:30 is a number */
	RE_BINARY,      /* YAML 1.1: 0b1010 */
	RE_UNDERSCORED, /* YAML 1.1: 1_000 */
	RE__COUNT
};

static const char *const scalar_patterns[RE__COUNT] = {
	"^0o[0-7]+$",
	"^0x[0-9a-fA-F]+$",
	"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$",
	"^[-+]?\\.(inf|Inf|INF)$",
	"^\\.(nan|NaN|NAN)$",
	"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?$",
	"^[-+]?0b[01_]+$",
	"^[-+]?[0-9][0-9_]*_[0-9_]*$",
};

/* Text each pattern cannot match without: most scalars skip most regexes. */
static const char *const scalar_needs[RE__COUNT] = {
	"0o", "0x", NULL, ".", ".", ":", "0b", "_",
};

static regex_t scalar_regex[RE__COUNT];
static pthread_once_t scalar_regex_once = PTHREAD_ONCE_INIT;

static void compile_scalar_patterns(void)
{
	for (int i = 0; i < RE__COUNT; i++)
		if (kam_regcomp_bytes(&scalar_regex[i], scalar_patterns[i], REG_EXTENDED | REG_NOSUB) != 0)
			abort(); /* a constant pattern: cannot fail */
}

static bool matches(int which, const char *text)
{
	if (scalar_needs[which] && !strstr(text, scalar_needs[which]))
		return false;
	pthread_once(&scalar_regex_once, compile_scalar_patterns);
	return regexec(&scalar_regex[which], text, 0, NULL, 0) == 0;
}

static bool is_one_of(const char *text, const char *const *words)
{
	for (; *words; words++)
		if ((*words)[0] == text[0] && strcmp(text, *words) == 0)
			return true;
	return false;
}

static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};
/* YAML 1.1 booleans that YAML 1.2 reads as text */
static const char *const yaml11_bool_words[] = {"yes", "Yes", "YES", "no", "No", "NO",
						"on", "On", "ON", "off", "Off", "OFF", NULL};

/* Only text starting like a number can be one, and in every pattern above
 * a sign comes first or after an exponent's e: skips the regexes for
 * nearly all plain text, dates ("2026-10-03") included. */
static bool number_like(const char *t)
{
	char c = t[0];
	if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
		return false;
	for (size_t i = 1; t[i]; i++)
		if ((t[i] == '-' || t[i] == '+') && t[i - 1] != 'e' && t[i - 1] != 'E')
			return false;
	return true;
}

/* ^[-+]?[0-9]+$ without a regex: the most common number by far */
static bool is_decimal(const char *t)
{
	const char *digits = t + (*t == '-' || *t == '+');
	size_t n = strspn(digits, "0123456789");
	return n > 0 && digits[n] == '\0';
}

/* The value of text is_decimal accepted: up to 15 digits are exact in a
 * double, as strtod would give them, without strtod's cost (a tenth of
 * building the tree). */
static double decimal_value(const char *t)
{
	bool negative = *t == '-';
	const char *digits = t + (*t == '-' || *t == '+');
	if (strlen(digits) > 15)
		return strtod(t, NULL);
	uint64_t v = 0;
	for (; *digits; digits++)
		v = v * 10 + (uint64_t)(*digits - '0');
	return negative ? -(double)v : (double)v;
}

static bool resolve_number(kam_node *n)
{
	const char *t = n->text;
	if (!number_like(t))
		return false;
	if (is_decimal(t)) {
		n->number = decimal_value(t);
		/* 0123 is octal 83 to YAML 1.1 and 123 to YAML 1.2 */
		const char *digits = t + (*t == '-' || *t == '+');
		if (digits[0] == '0' && digits[1])
			n->flags |= KAM_NODE_AMBIGUOUS;
		return true;
	}
	if (matches(RE_OCTAL, t)) {
		n->number = (double)strtoll(t + 2, NULL, 8);
		return true;
	}
	if (matches(RE_HEX, t)) {
		n->number = (double)strtoll(t + 2, NULL, 16);
		return true;
	}
	if (matches(RE_FLOAT, t)) {
		n->number = strtod(t, NULL);
		return true;
	}
	/* .inf and .nan stay text, flagged: no infinity reaches a sum or a page */
	if (matches(RE_INF, t) || matches(RE_NAN, t))
		n->flags |= KAM_NODE_NOT_FINITE;
	return false;
}

/* Whether t could be one of the words above: none is longer than five
 * letters, and each starts with one of these (or is empty). */
static bool could_be_word(const char *t)
{
	switch (t[0]) {
	case '\0': case '~': case 'n': case 'N': case 't': case 'T':
	case 'f': case 'F': case 'y': case 'Y': case 'o': case 'O':
		return strnlen(t, 6) <= 5;
	default:
		return false;
	}
}

/* Plain text YAML 1.1 would have read as something else. */
static bool yaml11_non_string(const char *t)
{
	if (could_be_word(t) && is_one_of(t, yaml11_bool_words))
		return true;
	return number_like(t) && (matches(RE_SEXAGESIMAL, t) ||
				  matches(RE_BINARY, t) || matches(RE_UNDERSCORED, t));
}

static void resolve_plain(kam_node *n)
{
	bool word = could_be_word(n->text);
	if (word && is_one_of(n->text, null_words))
		n->kind = KAM_NODE_NULL;
	else if (word && (is_one_of(n->text, true_words) || is_one_of(n->text, false_words))) {
		n->kind = KAM_NODE_BOOL;
		n->boolean = n->text[0] == 't' || n->text[0] == 'T';
	} else if (resolve_number(n))
		n->kind = KAM_NODE_NUMBER;
	else {
		n->kind = KAM_NODE_STRING;
		if (yaml11_non_string(n->text))
			n->flags |= KAM_NODE_AMBIGUOUS;
	}
}

static void place_node(builder *b, kam_node *n, kam_node_kind kind, yaml_mark_t m)
{
	n->kind = kind;
	n->line = mark_line(b, m);
	n->column = (unsigned)m.column + 1;
	n->weight = 1;
}

/* A collection's weight with its new entry's; saturates, never wraps (an
 * alias counts its target's nodes again, limited by max_alias_nodes). */
static void add_weight(kam_node *collection, const kam_node *entry)
{
	collection->weight = entry->weight > UINT32_MAX - collection->weight
				 ? UINT32_MAX
				 : collection->weight + entry->weight;
}

static kam_node *new_node(builder *b, kam_node_kind kind, yaml_mark_t m)
{
	kam_node *n = kam_arena_alloc(b->arena, sizeof(*n));
	place_node(b, n, kind, m);
	return n;
}

/* libyaml gives a scalar's length; C strings stop at a NUL, which a
 * double-quoted "\0" or "\x00" puts in the middle: say so, at the value,
 * rather than let every reader of the text see only what comes before. */
static void report_nul(builder *b, const yaml_event_t *e)
{
	const char *value = (const char *)e->data.scalar.value;
	if (b->no_nul || !memchr(value, '\0', e->data.scalar.length))
		return;
	kam_diag *d = kam_diag_push(b->diags, KAM_RULE_YAML_NUL, b->file, mark_line(b, e->start_mark),
				    (unsigned)e->start_mark.column + 1,
				    "value '%s' is cut short by an escaped NUL (\\0)", value);
	kam_diag_set_hint(d, "remove the \\0 (or \\x00, \\u0000) escape from the value");
}

static kam_node *scalar_node(builder *b, const yaml_event_t *e)
{
	report_nul(b, e);
	kam_node *n = kam_arena_scalar(b->arena, (const char *)e->data.scalar.value,
				       e->data.scalar.length);
	place_node(b, n, KAM_NODE_STRING, e->start_mark);
	const char *tag = (const char *)e->data.scalar.tag;
	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		n->flags |= KAM_NODE_QUOTED;
	else if (tag && strcmp(tag, YAML_STR_TAG) == 0)
		n->flags |= KAM_NODE_QUOTED; /* !!str forces text */
	else
		resolve_plain(n);
	return n;
}

/* --- text YAML drops while typing --- */

static size_t mark_offset(builder *b, yaml_mark_t m);
static int rest_of_line(const builder *b, size_t off);

/* A plain value followed by " #x" (one space, then '#' and a non-blank) was
 * most likely meant whole ("Support renewal #2 2027"): YAML keeps only the
 * text before the '#'. A comment written as "  # text" or " # text" is
 * taken as intended. */
static void check_comment(builder *b, const yaml_event_t *e, const kam_node *n)
{
	size_t off = mark_offset(b, e->end_mark);
	if (off + 2 >= b->len || b->text[off] != ' ' || b->text[off + 1] != '#' ||
	    strchr(" \t\r\n", b->text[off + 2]))
		return;
	int comment = rest_of_line(b, off + 1);
	for (int i = 2; i + 1 < comment; i++) /* a real comment may follow: "#2  # note" */
		if ((b->text[off + 1 + i] == ' ' || b->text[off + 1 + i] == '\t') &&
		    b->text[off + 2 + i] == '#') {
			comment = i;
			break;
		}
	while (comment > 1 && (b->text[off + comment] == ' ' || b->text[off + comment] == '\t'))
		comment--;
	kam_diag *d = kam_diag_push(b->diags, KAM_RULE_YAML_COMMENT_IN_VALUE, b->file,
				    mark_line(b, e->end_mark), (unsigned)e->end_mark.column + 2,
				    "'%s %.*s' is cut at ' #': YAML reads '%.*s' as a comment", n->text,
				    comment, b->text + off + 1, comment, b->text + off + 1);
	if (e->start_mark.line != e->end_mark.line || off < n->len) {
		kam_diag_set_hint(d, "put the whole value in quotes");
		return;
	}
	size_t start = off - n->len, line = start;
	while (line > 0 && b->text[line - 1] != '\n')
		line--;
	while (line < start && b->text[line] == ' ')
		line++;
	kam_buf fixed = KAM_BUF_INIT;
	kam_buf_add(&fixed, b->text + line, start - line);
	size_t value = off + 1 + (size_t)comment - start;
	kam_yaml_quote(&fixed, b->text + start, value);
	kam_buf_add(&fixed, b->text + start + value, (size_t)rest_of_line(b, start + value));
	kam_diag_set_hint(d, "put the whole value in quotes: %s", kam_buf_cstr(&fixed));
	kam_buf_release(&fixed);
}

/* Whether the next node of the innermost collection is a value (not a
 * key) in block style: in { } a comment hides the closing bracket too, and
 * the syntax error says so. */
static bool is_block_value(const builder *b)
{
	if (!b->depth)
		return true;
	const frame *f = &b->stack[b->depth - 1];
	return !f->flow && (f->node->kind == KAM_NODE_SEQ || f->pending_key);
}

/* --- anchors and aliases --- */

static void remember_anchor(builder *b, const char *name, kam_node *n)
{
	if (!name)
		return;
	b->anchors = kam_grow(b->anchors, &b->anchor_alloc, b->anchor_count + 1, sizeof(anchor));
	b->anchors[b->anchor_count++] = (anchor){kam_xstrdup(name), n};
}

static kam_node *alias_target(builder *b, const yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	/* newest first: YAML lets a later anchor of the same name win */
	for (size_t i = b->anchor_count; i-- > 0;)
		if (strcmp(b->anchors[i].name, name) == 0)
			return b->anchors[i].node;
	fail(b, KAM_RULE_YAML_SYNTAX, e->start_mark, "define the anchor with &name before its use",
	     "alias '*%s' refers to no anchor defined before it", name);
	return NULL;
}

static kam_node *alias_node(builder *b, const yaml_event_t *e)
{
	kam_node *target = alias_target(b, e);
	if (!target)
		return NULL;
	b->alias_nodes += target->weight;
	if (b->alias_nodes > b->limits.max_alias_nodes) {
		char limit[32];
		snprintf(limit, sizeof(limit), "%zu", b->limits.max_alias_nodes);
		fail(b, KAM_RULE_YAML_ALIAS_LIMIT, e->start_mark,
		     "write the values out instead of nesting aliases",
		     "aliases expand to more than %s nodes", limit);
		return NULL;
	}
	return target;
}

/* --- collections --- */

/* A mapping with this many keys finds duplicates through a hash table, so
 * a hostile plan with a million keys costs linear time, not quadratic. */
#define HASHED_KEYS_FROM 16

/* After a pair was added: keep the key table, once the mapping is large. */
static void note_key(frame *f)
{
	const kam_pair *pairs = f->entries;
	if (f->count - f->item_start < HASHED_KEYS_FROM)
		return;
	for (size_t i = f->keys.count ? f->count - 1 : f->item_start; i < f->count; i++)
		kam_text_table_put(&f->keys, pairs[i].key->text, pairs[i].key->len, i);
}

static const kam_node *first_key(const frame *f, const kam_node *key)
{
	const kam_pair *pairs = f->entries;
	size_t at;
	if (f->keys.count)
		return kam_text_table_get(&f->keys, key->text, key->len, &at) ? pairs[at].key : NULL;
	uint32_t head = kam_key_head(key->text, key->len);
	for (size_t i = f->item_start; i < f->count; i++)
		if (kam_pair_has_key(&pairs[i], key->text, key->len, head))
			return pairs[i].key;
	return NULL;
}

/* Whether the 8 bytes at off are 8 characters: ASCII, and the byte after
 * them no continuation byte of a character begun among them. */
static bool eight_ascii(const builder *b, size_t off)
{
	uint64_t w;
	memcpy(&w, b->text + off, sizeof(w));
	return !(w & 0x8080808080808080ULL) &&
	       (off + 8 == b->len || ((unsigned char)b->text[off + 8] & 0xC0) != 0x80);
}

/* Byte offset in the text of a mark (libyaml counts characters): marks
 * come in file order, so a cursor walks the text once, eight ASCII bytes
 * at a time where it can (this walk was 2.4% of kam check). */
static size_t mark_offset(builder *b, yaml_mark_t m)
{
	if (m.index < b->cursor_chars)
		b->cursor_chars = b->cursor_bytes = 0;
	while (b->cursor_chars < m.index && b->cursor_bytes < b->len) {
		if (m.index - b->cursor_chars >= 8 && b->len - b->cursor_bytes >= 8 &&
		    eight_ascii(b, b->cursor_bytes)) {
			b->cursor_bytes += 8;
			b->cursor_chars += 8;
			continue;
		}
		b->cursor_bytes++;
		while (b->cursor_bytes < b->len && ((unsigned char)b->text[b->cursor_bytes] & 0xC0) == 0x80)
			b->cursor_bytes++;
		b->cursor_chars++;
	}
	return b->cursor_bytes;
}

/* m with kam's line and column ('\n' ends a line; columns count
 * characters), from its character index: for a text whose NEL, LS, PS or
 * lone CR libyaml counts as line breaks. Marks come in file order, so a
 * cursor walks the text once. */
static yaml_mark_t place_mark(builder *b, yaml_mark_t m)
{
	size_t off = mark_offset(b, m);
	if (off < b->place_byte)
		b->place_byte = b->place_line = b->place_column = 0;
	for (; b->place_byte < off; b->place_byte++) {
		unsigned char c = (unsigned char)b->text[b->place_byte];
		if (c == '\n') {
			b->place_line++;
			b->place_column = 0;
		} else if ((c & 0xC0) != 0x80) {
			b->place_column++;
		}
	}
	return (yaml_mark_t){m.index, b->place_line, b->place_column};
}

/* The rest of the line at byte offset off, without its line break. */
static int rest_of_line(const builder *b, size_t off)
{
	size_t end = off;
	while (end < b->len && b->text[end] != '\n' && b->text[end] != '\r')
		end++;
	while (end > off && b->text[end - 1] == ' ')
		end--;
	return (int)(end - off);
}

/* A mapping that is an item of a list, given its first key again in that
 * key's column: the second item was written without its '- '. */
static bool missing_dash(builder *b, frame *f, const kam_node *key, const kam_node *first)
{
	const kam_pair *pairs = f->entries;
	if (b->depth < 2 || b->stack[b->depth - 2].node->kind != KAM_NODE_SEQ ||
	    f->count <= f->item_start ||
	    !kam_pair_has_key(&pairs[f->item_start], key->text, key->len,
			      kam_key_head(key->text, key->len)) ||
	    first->column != key->column || first->line == key->line)
		return false;
	size_t off = kam_yaml_offset(b->text, b->len, key->line - b->first_line, key->column - 1);
	kam_diag *d = kam_diag_push(b->diags, KAM_RULE_YAML_DUPLICATE_KEY, b->file, key->line,
				    key->column,
				    "key '%s' is given twice in one list item (first on line %u): a "
				    "new item needs '- '",
				    key->text, first->line);
	kam_diag_set_hint(d, "begin the new item with '- ', lined up with the '- ' of the item on "
			     "line %u: - %.*s",
			  f->node->line, rest_of_line(b, off), b->text + off);
	/* the keys after it make a new item: no duplicates of the item above */
	f->item_start = f->count;
	kam_text_table_release(&f->keys);
	return true;
}

/* Every duplicate is reported (up to a limit a hostile file cannot turn
 * into memory), and its value dropped. Returns whether the key is kept. */
static bool report_duplicate(builder *b, frame *f, const kam_node *key)
{
	const kam_node *first = first_key(f, key);
	if (b->duplicates++ >= KAM_YAML_MAX_DUPLICATES)
		return false;
	if (missing_dash(b, f, key, first))
		return true;
	kam_diag *d = kam_diag_push(b->diags, KAM_RULE_YAML_DUPLICATE_KEY, b->file, key->line,
				    key->column, "key '%s' is given twice (first on line %u)",
				    key->text, first->line);
	kam_diag_set_hint(d, "keep one '%s' and merge the values into it", key->text);
	return false;
}

static void add_to_mapping(builder *b, frame *f, kam_node *n, yaml_mark_t m)
{
	if (f->skip_value) {
		f->skip_value = false;
		return;
	}
	if (!f->pending_key) {
		if (n->kind == KAM_NODE_SEQ || n->kind == KAM_NODE_MAP) {
			fail(b, KAM_RULE_YAML_SYNTAX, m, "use a plain text key",
			     "a mapping key must be text, not a %s", kam_node_kind_name(n->kind));
			return;
		}
		if (first_key(f, n) && !report_duplicate(b, f, n)) {
			f->skip_value = true;
			return;
		}
		f->pending_key = n;
		return;
	}
	f->entries = kam_grow(f->entries, &f->alloc, (f->count + 1) * sizeof(kam_pair), 1);
	((kam_pair *)f->entries)[f->count++] = kam_pair_make(f->pending_key, n);
	add_weight(f->node, n);
	f->pending_key = NULL;
	note_key(f);
}

static void attach(builder *b, kam_node *n, yaml_mark_t m)
{
	if (!b->depth) {
		b->root = n;
		return;
	}
	frame *f = &b->stack[b->depth - 1];
	if (f->node->kind == KAM_NODE_MAP) {
		add_to_mapping(b, f, n, m);
		return;
	}
	f->entries = kam_grow(f->entries, &f->alloc, (f->count + 1) * sizeof(kam_node *), 1);
	((kam_node **)f->entries)[f->count++] = n;
	add_weight(f->node, n);
}

static void open_collection(builder *b, kam_node_kind kind, const yaml_event_t *e,
			    const yaml_char_t *anchor_name)
{
	if (b->depth >= b->limits.max_depth) {
		char limit[16];
		snprintf(limit, sizeof(limit), "%u", b->limits.max_depth);
		fail(b, KAM_RULE_YAML_DEPTH, e->start_mark, "flatten the structure",
		     "nesting is deeper than %s levels", limit);
		return;
	}
	size_t had = b->stack_alloc;
	b->stack = kam_grow(b->stack, &b->stack_alloc, b->depth + 1, sizeof(frame));
	if (b->stack_alloc > had)
		memset(b->stack + had, 0, (b->stack_alloc - had) * sizeof(frame));
	frame *f = &b->stack[b->depth++];
	f->count = 0;
	f->pending_key = NULL;
	f->skip_value = false;
	f->item_start = 0;
	kam_text_table_release(&f->keys); /* a table is for one mapping */
	f->node = new_node(b, kind, e->start_mark);
	f->anchor = anchor_name ? kam_xstrdup((const char *)anchor_name) : NULL;
}

static void close_collection(builder *b, yaml_mark_t m)
{
	frame f = b->stack[--b->depth];
	kam_node *n = f.node;
	n->count = f.count;
	if (n->kind == KAM_NODE_MAP) {
		n->pairs = kam_arena_alloc(b->arena, f.count * sizeof(kam_pair));
		if (f.count)
			memcpy(n->pairs, f.entries, f.count * sizeof(kam_pair));
	} else {
		n->items = kam_arena_alloc(b->arena, f.count * sizeof(kam_node *));
		if (f.count)
			memcpy(n->items, f.entries, f.count * sizeof(kam_node *));
	}
	b->stack[b->depth].anchor = NULL;
	/* registered only now, so an alias inside its own anchor cannot loop */
	remember_anchor(b, f.anchor, n);
	free(f.anchor);
	attach(b, n, m);
}

static void handle_event(builder *b, const yaml_event_t *e, size_t *documents)
{
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*documents > 1)
			fail(b, KAM_RULE_YAML_SYNTAX, e->start_mark, "keep one YAML document",
			     "%s", "a second YAML document starts here");
		break;
	case YAML_SCALAR_EVENT: {
		kam_node *n = scalar_node(b, e);
		if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && is_block_value(b))
			check_comment(b, e, n);
		remember_anchor(b, (const char *)e->data.scalar.anchor, n);
		attach(b, n, e->start_mark);
		break;
	}
	case YAML_ALIAS_EVENT: {
		kam_node *n = alias_node(b, e);
		if (n)
			attach(b, n, e->start_mark);
		break;
	}
	case YAML_SEQUENCE_START_EVENT:
		open_collection(b, KAM_NODE_SEQ, e, e->data.sequence_start.anchor);
		if (b->depth && b->stack[b->depth - 1].node->kind == KAM_NODE_SEQ)
			b->stack[b->depth - 1].flow =
				e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
		break;
	case YAML_MAPPING_START_EVENT:
		open_collection(b, KAM_NODE_MAP, e, e->data.mapping_start.anchor);
		if (b->depth && b->stack[b->depth - 1].node->kind == KAM_NODE_MAP)
			b->stack[b->depth - 1].flow =
				e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_collection(b, e->start_mark);
		break;
	default:
		break;
	}
}

static void syntax_error(builder *b, const yaml_parser_t *p)
{
	kam_yaml_explain(b->diags, b->file, b->first_line, b->text, b->len, p);
	b->failed = true;
}

static void release_builder(builder *b)
{
	for (size_t i = 0; i < b->stack_alloc; i++) {
		free(b->stack[i].entries);
		free(b->stack[i].anchor);
		kam_text_table_release(&b->stack[i].keys);
	}
	free(b->stack);
	for (size_t i = 0; i < b->anchor_count; i++)
		free(b->anchors[i].name);
	free(b->anchors);
}

static void parse_libyaml(builder *b, size_t *documents)
{
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, (const unsigned char *)b->text, b->len);
	b->odd_breaks = kam_yaml_odd_breaks(b->text, b->len);
	bool done = false;
	while (!done && !b->failed) {
		yaml_event_t e;
		if (!yaml_parser_parse(&parser, &e)) {
			syntax_error(b, &parser);
			break;
		}
		if (b->odd_breaks) {
			e.start_mark = place_mark(b, e.start_mark);
			e.end_mark = place_mark(b, e.end_mark);
		}
		handle_event(b, &e, documents);
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
}

/* The events array of this thread's last parse, kept for its next: a
 * plan's thousands of events land in memory touched already instead of
 * one grown from nothing for each of a site history's 2,800 plan
 * versions. One over 4 MB (a hostile plan's events or block scalars) is
 * not kept. Freed when its thread ends (events_key's destructor). */
static _Thread_local kam_fast_events spare_events;
static pthread_key_t events_key;
static pthread_once_t events_key_once = PTHREAD_ONCE_INIT;

enum { SPARE_MAX_BYTES = 4 * 1024 * 1024 };

static void events_thread_end(void *events)
{
	kam_fast_events_release(events);
}

static void events_key_create(void)
{
	pthread_key_create(&events_key, events_thread_end);
}

/* This thread's spare events (emptied by the scan), or none. */
static kam_fast_events take_spare_events(void)
{
	kam_fast_events events = spare_events;
	spare_events = (kam_fast_events){0}; /* a parse within a parse gets its own */
	return events;
}

static void keep_spare_events(kam_fast_events *events)
{
	static _Thread_local bool registered;
	if (events->alloc > SPARE_MAX_BYTES / sizeof(kam_fast_event) ||
	    events->texts.alloc > SPARE_MAX_BYTES || spare_events.alloc >= events->alloc) {
		kam_fast_events_release(events);
		return;
	}
	if (!registered) { /* so that the thread's end frees the spare */
		pthread_once(&events_key_once, events_key_create);
		registered = pthread_setspecific(events_key, &spare_events) == 0;
	}
	kam_fast_events_release(&spare_events);
	spare_events = *events;
}

/* The text through yaml_fast.c's scanner, its events handled as libyaml's;
 * false, with nothing handled, when the scanner gave up on the text. */
static bool parse_fast(builder *b, size_t *documents)
{
	kam_fast_events events = take_spare_events();
	bool read = kam_yaml_fast_scan(b->text, b->len, b->limits.max_depth, &events);
	/* a value is the text's bytes or the scanner's (block scalars): one
	 * look for a NUL in both, not one in every value */
	b->no_nul = read && !memchr(b->text, '\0', b->len) &&
		    !(events.texts.len && memchr(events.texts.ptr, '\0', events.texts.len));
	for (size_t i = 0; read && i < events.count && !b->failed; i++) {
		const kam_fast_event *f = &events.items[i];
		yaml_event_t e;
		memset(&e, 0, sizeof(e));
		e.type = (yaml_event_type_t)f->type;
		e.start_mark = (yaml_mark_t){f->start.index, f->start.line, f->start.column};
		e.end_mark = (yaml_mark_t){f->end.index, f->end.line, f->end.column};
		if (e.type == YAML_SCALAR_EVENT) {
			e.data.scalar.value = (yaml_char_t *)(uintptr_t)kam_fast_value(&events, b->text, f);
			e.data.scalar.length = f->length;
			e.data.scalar.style = (yaml_scalar_style_t)f->style;
		} else if (e.type == YAML_SEQUENCE_START_EVENT) {
			e.data.sequence_start.style = (yaml_sequence_style_t)f->style;
		} else if (e.type == YAML_MAPPING_START_EVENT) {
			e.data.mapping_start.style = (yaml_mapping_style_t)f->style;
		}
		handle_event(b, &e, documents);
	}
	keep_spare_events(&events);
	return read;
}

int kam_yaml_parse(kam_node **out, kam_arena *arena, const char *text, size_t len,
		   unsigned first_line, const char *file, const kam_yaml_limits *limits,
		   kam_diag_list *diags)
{
	static const kam_yaml_limits defaults = KAM_YAML_LIMITS_DEFAULT;
	*out = NULL;
	if (len > UINT32_MAX) { /* node lengths and counts are 32 bits */
		kam_diag *d = kam_diag_push(diags, KAM_RULE_YAML_SYNTAX, file, first_line, 1,
					    "the YAML is larger than 4 GiB");
		kam_diag_set_hint(d, "split it into smaller files");
		return KAM_EINVALID;
	}
	builder b = {.arena = arena, .text = text, .len = len, .file = file,
		     .first_line = first_line, .diags = diags, .limits = limits ? *limits : defaults};
	size_t documents = 0;
	if (!parse_fast(&b, &documents))
		parse_libyaml(&b, &documents);
	release_builder(&b);
	if (b.failed || b.duplicates)
		return KAM_EINVALID;
	if (!b.root) { /* empty document */
		yaml_mark_t start = {0, 0, 0};
		b.root = new_node(&b, KAM_NODE_NULL, start);
		b.root->text = "";
	}
	*out = b.root;
	return KAM_OK;
}
