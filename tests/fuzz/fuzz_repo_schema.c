/* libFuzzer: a repository schema and a document, both from the input (split
 * at the first line "===="): the schema is compiled (PCRE2 patterns, $refs)
 * and the document validated under kam's budgets. A hang or a blow-up here
 * is a denial of service from a pull request. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kam/kam.h"

static void on_id(void *ctx, const char *ns, const kam_node *v, const kam_node *parent, const char *path)
{
	(void)ns, (void)v, (void)parent, (void)path;
	++*(size_t *)ctx;
}

static void on_ref(void *ctx, const kam_node *ns, const kam_node *v, const char *path,
		   bool if_declared)
{
	(void)ns, (void)v, (void)path, (void)if_declared;
	++*(size_t *)ctx;
}

static const char *split_at(const char *data, size_t size, size_t *first)
{
	for (size_t i = 0; i + 5 <= size; i++)
		if (memcmp(data + i, "====\n", 5) == 0 && (i == 0 || data[i - 1] == '\n')) {
			*first = i;
			return data + i + 5;
		}
	*first = size;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t schema_len;
	const char *doc_text = split_at(text, size, &schema_len);
	kam_schema *schema = NULL;
	if (kam_schema_new(&schema, "fuzz.schema.json", text, schema_len, NULL) < 0)
		return 0;
	size_t doc_len = doc_text ? size - (size_t)(doc_text - text) : 0;
	kam_doc *doc;
	kam_diag_list diags = {0};
	kam_doc_parse(&doc, "fuzz.md", doc_text ? doc_text : "", doc_len, NULL, &diags);
	const kam_node *fm = kam_doc_frontmatter(doc);
	if (fm) {
		size_t seen = 0;
		kam_schema_visitor v = {on_id, on_ref, &seen};
		kam_schema_validate_visit(schema, fm, "fuzz.md", &diags, &v);
	}
	kam_diag_list_finish(&diags, NULL);
	kam_diag_list_release(&diags);
	kam_doc_free(doc);
	kam_schema_free(schema);
	return 0;
}
