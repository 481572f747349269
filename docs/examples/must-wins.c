/* List the must-win opportunities of a plans repository with their key
 * decision leaders, using libkam. Build: cc must-wins.c $(pkg-config
 * --cflags --libs kam) -o must-wins; run it inside a plans repository. */
#include <kam/kam.h>
#include <stdio.h>

int main(void)
{
	kam_repo *repo;
	kam_diag_list diags = {0};
	kam_error err = {0};
	kam_entry *plans;
	size_t count;
	if (kam_repo_open(&repo, ".", NULL, &diags, &err) < 0 || kam_repo_list(repo, &plans, &count, &err) < 0) {
		fprintf(stderr, "must-wins: %s\n", err.message);
		return 2;
	}
	for (size_t i = 0; i < count; i++) {
		kam_doc *doc;
		kam_doc_read(&doc, kam_repo_files(repo), plans[i].rel, plans[i].rel, NULL, &diags);
		const kam_node *plan = kam_doc_frontmatter(doc), *opps = kam_node_get(plan, "opportunities");
		for (size_t j = 0; plans[i].is_plan && opps && j < opps->count; j++) {
			const kam_node *o = opps->items[j], *must = kam_node_get(o, "must_win");
			if (must && must->kind == KAM_NODE_BOOL && must->boolean)
				printf("%s: %s (decision leader: %s)\n", plans[i].account,
				       kam_node_string(kam_node_get(o, "title")),
				       kam_node_string(kam_node_get(o, "decision_leader")) ? kam_node_string(kam_node_get(o, "decision_leader")) : "none");
		}
		kam_doc_free(doc);
	}
	kam_entries_free(plans, count);
	kam_diag_list_release(&diags);
	kam_repo_free(repo);
	return 0;
}
