/* libFuzzer: the semantic diff of two inputs (split at the first line
 * "====") and its three reports. */
#include <stdint.h>
#include <string.h>

#include "kam/kam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *sep = NULL;
	for (size_t i = 0; i + 5 <= size && !sep; i++)
		if (memcmp(text + i, "\n====", 5) == 0)
			sep = text + i;
	size_t first = sep ? (size_t)(sep - text) : size / 2;
	size_t second = sep ? first + 5 : first;
	kam_diag_list diags = {0};
	kam_doc *a, *b;
	kam_doc_parse(&a, "before.md", text, first, NULL, &diags);
	kam_doc_parse(&b, "after.md", text + second, size - second, NULL, &diags);
	static kam_config config = {.currency = "EUR", .fiscal_year_start = 1, .timezone = "UTC"};
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, &config, "2026-11-20");
	kam_diff *d = NULL;
	if (kam_diff_docs(&d, "fuzz", a, b, &ctx, &ctx, NULL) == 0) {
		kam_diff_range range = {.base = "before", .head = "after", .currency = "EUR"};
		kam_buf out = KAM_BUF_INIT;
		kam_diff_text(&out, d, &range, true);
		kam_diff_markdown(&out, d, &range);
		kam_diff_json(&out, d, &range);
		kam_buf_release(&out);
	}
	kam_diff_free(d);
	kam_diag_list_release(&diags);
	return 0;
}
