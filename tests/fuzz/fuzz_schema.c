/* libFuzzer: schema validation of any parsed frontmatter against the
 * shipped plan and meeting schemas, with the reference visitor, and the
 * plan rules on the same tree. */
#include <stdint.h>
#include <stdlib.h>

#include "kam/kam.h"

static kam_schema *schema(const char *name)
{
	size_t len;
	const char *json = kam_schema_builtin(name, &len);
	kam_schema *s = NULL;
	kam_schema_new(&s, name, json, len, NULL);
	return s;
}

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static kam_schema *plan, *meeting;
	static kam_config config;
	if (!plan) {
		plan = schema("account-plan");
		meeting = schema("meeting");
		config.currency = "EUR";
		config.fiscal_year_start = 4;
		config.timezone = "UTC";
	}
	kam_doc *doc;
	kam_diag_list diags = {0};
	kam_doc_parse(&doc, "fuzz.md", (const char *)data, size, NULL, &diags);
	const kam_node *fm = kam_doc_frontmatter(doc);
	if (fm) {
		size_t seen = 0;
		kam_schema_visitor v = {on_id, on_ref, &seen};
		kam_schema_validate_visit(plan, fm, "fuzz.md", &diags, &v);
		kam_schema_validate(meeting, fm, "fuzz.md", &diags);
		kam_rules_context ctx;
		kam_rules_context_init(&ctx, &config, "2026-11-20");
		kam_plan_summary summary;
		kam_rules_check_plan(&ctx, fm, "fuzz.md", &diags, &summary);
		kam_plan_summary_release(&summary);
	}
	kam_diag_list_finish(&diags, NULL);
	kam_diag_list_release(&diags);
	kam_doc_free(doc);
	return 0;
}
