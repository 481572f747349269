/* The floor kam is measured against, on one core: read every plan, run
 * libyaml's event parser over every frontmatter, cmark-gfm over every body
 * (GitHub Flavored Markdown: the table, task list, strikethrough and autolink
 * extensions a plan's body is written in).
 * usage: floor DIR   ->  "files bytes read_s yaml_s cmark_s" */
#define _DEFAULT_SOURCE
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

typedef struct file {
	char *text;
	size_t len, body;
} file;

static void markdown(const char *text, size_t len)
{
	static const char *const extensions[] = {"table", "tasklist", "strikethrough", "autolink"};
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(extensions[i]));
	cmark_parser_feed(p, text, len);
	cmark_node_free(cmark_parser_finish(p));
	cmark_parser_free(p);
}

static void yaml_events(const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t e;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &e))
			break;
		int done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
}

int main(int argc, char **argv)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/accounts", argc > 1 ? argv[1] : ".");
	DIR *d = opendir(path);
	if (!d)
		return 2;
	file *files = NULL;
	size_t n = 0, cap = 0, bytes = 0;
	struct dirent *e;
	double t0 = now();
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".md"))
			continue;
		char p[8192];
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		FILE *f = fopen(p, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		long size = ftell(f);
		rewind(f);
		if (n == cap)
			files = realloc(files, (cap = cap ? 2 * cap : 1024) * sizeof(file));
		files[n].text = malloc((size_t)size + 1);
		files[n].len = fread(files[n].text, 1, (size_t)size, f);
		files[n].text[files[n].len] = '\0';
		char *end = strstr(files[n].text + 3, "\n---\n");
		files[n].body = end ? (size_t)(end - files[n].text) + 5 : files[n].len;
		bytes += files[n].len;
		n++;
		fclose(f);
	}
	closedir(d);
	double t1 = now();
	for (size_t i = 0; i < n; i++)
		yaml_events(files[i].text + 4, files[i].body > 9 ? files[i].body - 9 : 0);
	double t2 = now();
	cmark_gfm_core_extensions_ensure_registered();
	for (size_t i = 0; i < n; i++)
		markdown(files[i].text + files[i].body, files[i].len - files[i].body);
	double t3 = now();
	printf("%zu %zu %.4f %.4f %.4f\n", n, bytes, t1 - t0, t2 - t1, t3 - t2);
	return 0;
}
