/* libFuzzer: the document loader (frontmatter splitter, UTF-8, libyaml
 * events to the node tree, limits). */
#include <stdint.h>

#include "kam/kam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kam_doc *doc;
	kam_diag_list diags = {0};
	kam_load_options o = KAM_LOAD_OPTIONS_DEFAULT;
	o.max_bytes = 1u << 20;
	kam_doc_parse(&doc, "fuzz.md", (const char *)data, size, &o, &diags);
	size_t len;
	kam_doc_body(doc, &len);
	kam_diag_list_finish(&diags, NULL);
	kam_diag_list_release(&diags);
	kam_doc_free(doc);
	return 0;
}
