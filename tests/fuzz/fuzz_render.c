/* libFuzzer: the rendered site of one plan (the input is the plan file,
 * rendered as HTML with raw HTML kept through the sanitiser, and as the
 * Markdown summary), and the HTML writer's sanitiser and cut on the raw
 * bytes. The repository lives on /dev/shm when it can (a site is written
 * per run). */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kam/kam.h"
#include "../../lib/html.h"

static char root[64], plan[96], site[96];

static void write_text(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, len, f);
	fclose(f);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* the repository and its site go when the fuzzer exits */
static void remove_root(void)
{
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(root, sizeof(root), "%s/kam-fuzz-render-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(root))
		abort();
	atexit(remove_root);
	char dir[96];
	snprintf(dir, sizeof(dir), "%s/accounts", root);
	mkdir(dir, 0777);
	static const char config[] = "kam: 1\norganization: Fuzz\nteam:\n"
				     "  - {id: anna.petrova, name: Anna Petrova}\n"
				     "render: {unsafe_html: true}\n";
	char path[96];
	snprintf(path, sizeof(path), "%s/kam.yaml", root);
	write_text(path, config, sizeof(config) - 1);
	snprintf(plan, sizeof(plan), "%s/accounts/fuzz.md", root);
	snprintf(site, sizeof(site), "%s/site", root);
	return 0;
}

static void render(void)
{
	kam_repo *repo = NULL;
	kam_index *index = NULL;
	kam_plan_summary *plans = NULL;
	size_t count = 0, unread_count = 0;
	kam_unread_plan *unread = NULL;
	kam_diag_list diags = {0};
	kam_check_stats stats = {0};
	kam_error err = {0};
	kam_check_options check = {.today = "2026-11-20", .summaries = &plans, .summary_count = &count, .unread = &unread, .unread_count = &unread_count};
	if (kam_repo_open(&repo, root, NULL, &diags, &err) == 0 &&
	    kam_check_index(&index, repo, NULL, 0, kam_repo_root(repo), &check, &diags, &stats,
			    &err) == 0) {
		kam_diag_list_finish(&diags, kam_repo_config(repo)->severity);
		kam_status_sort(plans, count, kam_repo_config(repo));
		kam_rules_context ctx;
		kam_rules_context_init(&ctx, kam_repo_config(repo), "2026-11-20");
		kam_render_input in = {.repo = repo,
				       .index = index,
				       .plans = plans,
				       .plan_count = count,
				       .findings = &diags,
				       .ctx = &ctx,
				       .unread = unread,
				       .unread_count = unread_count};
		kam_render_site(&in, site, true, &err);
		kam_buf md = KAM_BUF_INIT;
		kam_render_markdown(&md, &in, "fuzz", &err);
		kam_buf_release(&md);
	}
	kam_unread_plans_free(unread, unread_count);
	for (size_t i = 0; i < count; i++)
		kam_plan_summary_release(&plans[i]);
	free(plans);
	kam_index_free(index);
	kam_repo_free(repo);
	kam_diag_list_release(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	write_text(plan, data, size);
	render();
	/* the writer on its own: raw HTML as a body would carry it, and a cut */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	kam_html *h = kam_html_new();
	kam_html_sanitizer st = {.depth = 0};
	kam_html_sanitized(h, &st, text);
	kam_html_sanitized_end(h, &st);
	kam_html_text_cut(h, text, size % 40);
	kam_html_free(h);
	free(text);
	return 0;
}
