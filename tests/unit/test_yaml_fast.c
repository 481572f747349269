/* yaml_fast.c against libyaml: on every text the fast scanner reads, the
 * events are libyaml's; on what it cannot read exactly, it gives up. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "kam/kam.h"
#include "../yaml/events.h"

static void reads_as_libyaml(const char *text)
{
	kam_fast_events events = {0};
	bool read = kam_yaml_fast_scan(text, strlen(text), 64, &events);
	if (!read)
		fail_msg("the fast scanner gave up on:\n%s", text);
	const char *why = fast_vs_libyaml(text, strlen(text), &events);
	if (why[0])
		fail_msg("%s, on:\n%s", why, text);
	kam_fast_events_release(&events);
}

static void gives_up(const char *text)
{
	kam_fast_events events = {0};
	if (kam_yaml_fast_scan(text, strlen(text), 64, &events))
		fail_msg("the fast scanner read what it should leave to libyaml:\n%s", text);
	kam_fast_events_release(&events);
}

static void test_everyday_yaml(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"",
		"# a comment alone\n\n",
		"a: b\n",
		"a: b",
		"id: acme\nname: Acme Corp\nreviewed: 2026-09-15\nvalue: 396000\nmust_win: true\n",
		"a: b   # a comment\nc:   d  \n",
		"a:\nb:   \nc: # nothing\nd:\n\n# x\n",
		"a:\n  b: c\n  d:\n    e: f\ng: h\n",
		"list:\n- x\n- y\nnext: z\n",
		"list:\n  - x\n  -\n  - k: v\n    m: w\n  -   k: v\n      j: w\nafter: 1\n",
		"team:\n  - {member: m8, role: architect}\n  - {member: 'm9', role: \"lead\"}\n",
		"competitors: [k0, k1 and k2, 'k3']\nempty: []\nnone: {}\nnested: [1, {p: q}, [r, s]]\n",
		"'quoted key': v\n\"double\": 'single'\n",
		"url: https://example.com/a?b=c#frag\ntime: 10:30\nneg: -5\nlist: a, b [x] {y}\n",
		"value: Support renewal #2 2027\n", /* yaml-comment-in-value: the builder warns */
		"a: b\n  # an indented comment\nc: d\n",
		"- a\n- b: c\n  d: e\n-\n  f: g\n",
		"a:\n  -\n    - x\n", /* a list in a list, below its dash */
		"k: 'it has # in it'\nm: \"and: a colon\"\n",
		"a: yes\nb: 0123\nc: .inf\nd: ~\ne: null\nf: 1.5e3\n",
		"key-with.dots_and-dashes: v\n123: number key\n",
		"a:\n    deep: 1\n    deeper:\n        x: y\nb: 2\n",
		"a: b\n\n\n\nc: d\n\n",
		"x: {a: b}   # flow then comment\n",
		"name: M\xc3\xbcller & S\xc3\xb6hne\nnote: '\xe2\x82\xac 5'\nk: [\xc3\xa9, \xc3\xbc]\n",
		"cl\xc3\xa9: caf\xc3\xa9 #2\nemoji: \xf0\x9f\x99\x82 ok\nnbsp: a\xc2\240b\n",
		"- \xc3\xa9:\n    - \xe4\xb8\xad\xe6\x96\x87: x\n",
		/* block scalars: folding, chomping, indentation */
		"strategy:\n  current: >-\n    Two lines that\n    fold into one.\n  target: x\n",
		"a: |\n  line one\n  line two\n\nb: >\n  folded\n  text\n\n\n  after blanks\n    more indented\n  back\nc: 1\n",
		"a: |+\n  keep\n\n\nb: |-\n  strip\n\n\nc: |\n  clip\n\n",
		"a: |2\n    two extra\n  base\nb: >1-\n  x\n",
		"a: >-   # a comment\n  x\n# a comment below\nb: y\n",
		"a: |\nb: |\n\n",
		"a: |\n  x",
		"a: >\n\n  \n   deep first blank\n   text\n",
		"- |\n  item\n- >\n   folded item\n- k: |\n    in a mapping\n  m: n\n",
		"a:\n  - |\n    x\n  - y\nb: >\n  # not a comment\n  text\n",
		"a: |\n  caf\xc3\xa9 \xe2\x82\xac\n  \xf0\x9f\x99\x82\n",
		"Qid: | #  mQ# : ", /* fuzz_yaml_fast: an empty block scalar alone */
		"a: 0123456789abcdefghij--- x ... y\n", /* markers only at a line's start */
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		reads_as_libyaml(texts[i]);
}

static void test_the_rest_goes_to_libyaml(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"a: |0\n  x\n",
		"a: |+-\n  x\n",
		"a: |x\n",
		"a: |#c\n  x\n",
		"[a, |]\n",
		"a: &x 1\nb: *x\n",
		"a: !!str 1\n",
		"a: \"esc\\n\"\n",
		"a: 'it''s'\n",
		"a: multi\n  line\n",
		"a: 'multi\n  line'\n",
		"a: [1,\n  2]\n",
		"a:\tb\n",
		"a: x\xc2\x85y\n",		/* NEL: a line break to libyaml */
		"a: x\xe2\x80\xa8y\n",	/* the line separator */
		"\357\273\277a: b\n",	/* a BOM */
		"a: caf\xc3\n",		/* a cut sequence */
		"a: \xc0\xaf\n",		/* overlong */
		"a: \xed\xa0\x80\n",	/* a surrogate */
		"a: \xf4\x90\x80\x80\n",	/* above U+10FFFF */
		"a: \xef\xbf\xbe\n",	/* U+FFFE */
		"a: x\x7fy\n",		/* DEL */
		/* the same, past the first eight bytes (read eight at a time) */
		"a: 0123456789\177abcdefgh\n",
		"a: 0123456789abcdef\001gh\n",
		"a: 0123456789abcdef\tgh\n",
		"key: abcdefghijkl\n---\n",
		"key: abcdefghijkl\n...\n",
		"a: b\r\n",
		"---\na: b\n",
		"a: b\n...\n",
		"%YAML 1.2\n---\na: b\n",
		"? complex\n: key\n",
		"a: b: c\n",
		"a: b\n c: d\n",
		"a:\n  b: c\n d: e\n",
		"  a: b\n",
		"a: [b,]\n",
		"a: {b}\n",
		"a: {b: }\n",
		"a: [b: c]\n",
		"a: [10:30]\n",
		"- - x\n",
		"key : v\n",
		"a: @b\n",
		"plain scalar document\n",
		"[a, b]\n",
		"a: -\n",
		"list:\n  - x\n  y: z\n",
		"a: b\n- c\n",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		gives_up(texts[i]);
}

static void test_depth_limit(void **state)
{
	(void)state;
	kam_fast_events events = {0};
	const char *deep = "a: [[[[[[x]]]]]]\n"; /* 7 collections */
	assert_true(kam_yaml_fast_scan(deep, strlen(deep), 7, &events));
	assert_false(kam_yaml_fast_scan(deep, strlen(deep), 6, &events));
	char nested[4096] = "a: ";
	for (int i = 0; i < 1000; i++)
		strcat(nested, "[");
	assert_false(kam_yaml_fast_scan(nested, strlen(nested), 100000, &events));
	kam_fast_events_release(&events);
}

/* libyaml looks for a simple key's ':' within 1024 characters, in block
 * and flow context alike: longer keys are libyaml's (and its error). */
static void test_long_keys(void **state)
{
	(void)state;
	char text[2400], key[1100];
	memset(key, 'k', sizeof(key));
	key[1000] = '\0';
	snprintf(text, sizeof(text), "%s: v\na: {%s: v}\n", key, key);
	reads_as_libyaml(text);
	key[1000] = 'k';
	key[1025] = '\0';
	snprintf(text, sizeof(text), "%s: v\n", key);
	gives_up(text);
	snprintf(text, sizeof(text), "a: {%s: v}\n", key);
	gives_up(text);
	snprintf(text, sizeof(text), "a: [x, {'%s': v}]\n", key);
	gives_up(text);
}

typedef struct tally {
	size_t files, fast;
} tally;

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	kam_buf b = KAM_BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		kam_buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return kam_buf_detach(&b);
}

static void compare_file(const char *path, tally *t)
{
	size_t len;
	char *text = read_all(path, &len);
	kam_split s;
	if (!text || kam_split_frontmatter(text, len, &s) != KAM_SPLIT_OK) {
		free(text);
		return;
	}
	t->files++;
	kam_fast_events events = {0};
	if (kam_yaml_fast_scan(text + s.yaml_start, s.yaml_len, 64, &events)) {
		t->fast++;
		const char *why = fast_vs_libyaml(text + s.yaml_start, s.yaml_len, &events);
		if (why[0])
			fail_msg("%s: %s", path, why);
	}
	kam_fast_events_release(&events);
	free(text);
}

static void compare_tree(const char *dir, tally *t)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *path = kam_xprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			compare_tree(path, t);
		else if (S_ISREG(st.st_mode) && strlen(path) > 3 && strcmp(path + strlen(path) - 3, ".md") == 0)
			compare_file(path, t);
		free(path);
	}
	closedir(d);
}

/* Every plan and note of the example repository and of the fixtures: the
 * scanner reads most of them, each exactly as libyaml does. */
static void test_plans_in_the_repository(void **state)
{
	(void)state;
	tally t = {0};
	compare_tree("example-accounts", &t);
	compare_tree("tests/fixtures", &t);
	print_message("fast scanner: %zu of %zu frontmatters\n", t.fast, t.files);
	assert_true(t.files > 100);
	assert_true(t.fast * 2 > t.files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_everyday_yaml),
		cmocka_unit_test(test_the_rest_goes_to_libyaml),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_long_keys),
		cmocka_unit_test(test_plans_in_the_repository),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
