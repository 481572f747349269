/* kam check's index drops the references that resolve for good as their
 * document merges (kam_index_forget_settled). The findings must be the
 * ones of an index that keeps every reference: checked here on plans
 * whose references point forwards and backwards, into plans named after
 * another id, into a plan kam cannot read, and on a plan with so many
 * broken references that only some get a suggestion. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kam/kam.h"

static char root[64];

static void write_file(const char *rel, const char *text)
{
	char *path = kam_path_join(root, rel);
	char *dir = kam_xstrdup(path);
	*strrchr(dir, '/') = '\0';
	char *mk = kam_xprintf("mkdir -p '%s'", dir);
	assert_int_equal(system(mk), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(mk);
	free(dir);
	free(path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/kam-settle-XXXXXX");
	assert_non_null(mkdtemp(root));
	write_file("kam.yaml", "kam: 1\norganization: Test\ncurrency: EUR\nteam:\n"
			       "  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}\n"
			       "  - {id: ivan.sidorov, name: Ivan Sidorov, role: architect}\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = kam_xprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* Every finding of a check of the whole repository, one per line; the
 * texts of the references its index kept, when kept is not NULL. */
static char *check(bool findings_only, char **kept)
{
	kam_diag_list diags = {0};
	kam_check_stats stats = {0};
	kam_error err = {0};
	kam_repo *repo = NULL;
	assert_int_equal(kam_repo_open(&repo, root, root, &diags, &err), 0);
	kam_index *index = NULL;
	kam_check_options options = {.today = "2026-11-20", .findings_only = findings_only};
	assert_int_equal(kam_check_index(&index, repo, NULL, 0, root, &options, &diags, &stats, &err), 0);
	kam_diag_list_finish(&diags, kam_repo_config(repo)->severity);
	kam_buf out = KAM_BUF_INIT;
	for (size_t j = 0; j < diags.count; j++)
		kam_buf_printf(&out, "%s:%u:%u %s %s\n", diags.items[j].file, diags.items[j].line,
			       diags.items[j].column, kam_rule_id(diags.items[j].rule),
			       diags.items[j].message);
	if (kept) {
		kam_buf texts = KAM_BUF_INIT;
		size_t n;
		const kam_ref *refs = kam_index_refs(index, &n);
		for (size_t i = 0; i < n; i++)
			kam_buf_printf(&texts, "%s%s", i ? " " : "", refs[i].text);
		*kept = kam_buf_detach(&texts);
	}
	kam_index_free(index);
	kam_diag_list_release(&diags);
	kam_repo_free(repo);
	return kam_buf_detach(&out);
}

/* The findings with and without settling; what settling kept. */
static void same_findings(const char *expected_kept, const char *expected_finding)
{
	char *kept = NULL, *all = check(false, NULL), *lean = check(true, &kept);
	assert_string_equal(lean, all);
	assert_non_null(strstr(all, expected_finding));
	assert_string_equal(kept, expected_kept);
	free(kept);
	free(all);
	free(lean);
}

static const char plan_a[] =
	"---\nid: a\nname: A Corp\ntype: customer\nowner: anna.petrova\nreviewed: 2026-10-01\n"
	"contacts:\n"
	"  - {id: c.one, name: One Person, title: CFO, reports_to: c.two, owner: ivan.sidorov}\n"
	"  - {id: c.two, name: Two Person, title: CEO, reports_to: c.nine}\n"
	"routes:\n  - {route: partner, share: 100}\n"
	"opportunities:\n"
	"  - {id: o-one, title: One, stage: qualify, value: 10, close: 2027-Q1, route: partner,\n"
	"     partner: b, owner: anna.petrova, decision_leader: c.two}\n"
	"  - {id: o-two, title: Two, stage: qualify, value: 10, close: 2027-Q1, route: partner,\n"
	"     partner: p, owner: nobody}\n"
	"---\n# A\n\n"
	"[[b#c.b]] [[d]] [[@ivan.sidorov]] [[@nobody]] [[#c.one]] [[#c.nien]] [[e#c.x]]\n"
	"[B](b.md) [gone](zzz.md) [here](#a)\n";

static const char plan_b[] = "---\nid: b\nname: B Corp\ntype: customer\nowner: anna.petrova\n"
			     "reviewed: 2026-10-01\ncontacts:\n"
			     "  - {id: c.b, name: Bee Person, title: CIO}\n"
			     "  - {id: c.b, name: Bee Again, title: CFO}\n"
			     "  - {id: b, name: Bee Self, title: COO}\n---\n# B\n\n[[a#c.one]] [[a]]\n";

/* c.md declares the id d; d.md, named after it, declares it too: [[d]]
 * names d.md's account whichever comes first */
static const char plan_c[] = "---\nid: d\nname: C Corp\ntype: customer\nowner: anna.petrova\n"
			     "reviewed: 2026-10-01\n---\n# C\n";
static const char plan_d[] = "---\nid: d\nname: D Corp\ntype: customer\nowner: anna.petrova\n"
			     "reviewed: 2026-10-01\ncontacts:\n"
			     "  - {id: c.d, name: Dee Person, title: CTO}\n---\n# D\n\n[[d#c.d]]\n";
static const char plan_e[] = "---\nid: e\nname: [broken\n---\n# E\n";
static const char plan_p[] = "---\nid: p\nname: P Partner\ntype: partner\nowner: anna.petrova\n"
			     "reviewed: 2026-10-01\n---\n# P\n\n[[a#c.two]] [[b#c.one]]\n"
			     "[A](a.md#a) [A](a.md#nope) [web](https://example.com/a.md) [E](e.md#e)\n";
static const char meeting[] = "---\nkind: meeting\ndate: 2026-10-02\nattendees: [c.one, anna.petrova, c.b]\n---\n"
			      "# Met A\n";

static void references_everywhere(void **state)
{
	(void)state;
	write_file("accounts/a.md", plan_a);
	write_file("accounts/a/2026-10-02-meeting.md", meeting);
	write_file("accounts/b.md", plan_b);
	write_file("accounts/c.md", plan_c);
	write_file("accounts/d.md", plan_d);
	write_file("accounts/e.md", plan_e);
	write_file("accounts/p.md", plan_p);
	/* kept: fields naming an account (b, p), what no document merged so
	 * far declares (nobody, c.nine, c.b, d: only c.md declares it, under
	 * another name, c.nien, e#c.x, @nobody), links to a later document or
	 * none or to a heading that is not there (a.md#a, a URL and e.md#e, a
	 * heading of a plan whose body was read, are settled), and attendees
	 * named as a team member (their first kind is contact) */
	same_findings("c.nine b p nobody b#c.b d @nobody #c.nien e#c.x b.md zzz.md anna.petrova c.b "
		      "b#c.one a.md#nope",
		      "accounts/a.md:14:15 partner-route partner 'b' is a customer account, not a partner");
	char *all = check(false, NULL);
	/* duplicates found in the groups settling built (a contact named like
	 * its account is no clash) */
	assert_non_null(strstr(all, "accounts/b.md:9:10 id-duplicate id 'c.b' is already used by the "
				    "contact on line 8\n"));
	assert_non_null(strstr(all, "accounts/c.md:2:5 id-duplicate account id 'd' is already "
				    "claimed by accounts/d.md\n"));
	assert_null(strstr(all, "id 'b' is already"));
	assert_non_null(strstr(all, "accounts/a.md:20:58 ref-unresolved [[#c.nien]]: 'c.nien' names "
				    "nothing in 'a'; did you mean 'c.one'?"));
	assert_non_null(strstr(all, "accounts/p.md:10:13 ref-unresolved [[b#c.one]]: 'c.one' names "
				    "nothing in 'b'"));
	assert_non_null(strstr(all, "accounts/p.md:11:13 anchor-missing link 'a.md#nope': "
				    "'accounts/a.md' has no heading '#nope'"));
	/* inside a plan kam could not read: not checked */
	assert_null(strstr(all, "c.x"));
	assert_null(strstr(all, "e.md#e"));
	free(all);
}

/* A plan of 30,000 contacts makes a suggestion cost 300 comparisons and
 * more: a run of 4,096 references affords 330 of them, fewer than the 410
 * broken owners it holds here. With settled references dropped, the runs
 * must still cover the same references, or other findings would get the
 * suggestions (all 3,000 broken ones would make a single run). */
static void suggestions_follow_the_same_runs(void **state)
{
	(void)state;
	const char *gone[] = {"accounts/a.md", "accounts/a/2026-10-02-meeting.md", "accounts/c.md",
			      "accounts/d.md", "accounts/e.md", "accounts/p.md"};
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		char *path = kam_path_join(root, gone[i]);
		unlink(path);
		free(path);
	}
	kam_buf big = KAM_BUF_INIT;
	kam_buf_puts(&big, "---\nid: b\nname: B Corp\ntype: customer\nowner: anna.petrova\n"
			   "reviewed: 2026-10-01\ncontacts:\n");
	for (int i = 0; i < 30000; i++)
		kam_buf_printf(&big, "  - {id: c.%d, name: Person %d, title: Staff, owner: %s}\n", i, i,
			       i % 10 ? "anna.petrova" : "anna.petrov");
	kam_buf_puts(&big, "---\n# B\n");
	write_file("accounts/b.md", kam_buf_cstr(&big));
	kam_buf_release(&big);
	char *kept = NULL, *all = check(false, NULL), *lean = check(true, &kept);
	assert_string_equal(lean, all);
	size_t broken = 0, suggested = 0;
	for (const char *p = all; (p = strstr(p, "owner 'anna.petrov'")) != NULL; p++) {
		broken++;
		suggested += strncmp(strchr(p, '\n') - 28, "did you mean 'anna.petrova'?", 28) == 0;
	}
	assert_int_equal(broken, 3000);
	assert_int_equal(suggested, 2442); /* as every reference kept gives */
	assert_int_equal(strlen(kept), 3000 * strlen("anna.petrov ") - 1);
	free(kept);
	free(all);
	free(lean);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(references_everywhere),
					   cmocka_unit_test(suggestions_follow_the_same_runs)};
	return cmocka_run_group_tests(tests, setup, teardown);
}
