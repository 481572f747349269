#define _DEFAULT_SOURCE
#include "kam/quarterly.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static char *commit_label(const kam_commit *c, const char *tz)
{
	char day[11];
	kam_date_format(kam_date_at(c->time, tz), day);
	return kam_xprintf("%s (%s)", c->short_id, day);
}

/* The plans as commit c has them; NULL (and no error) when there is no
 * commit or it predates kam.yaml. */
static int open_at(kam_repo **out, const char *root, const kam_commit *c, kam_error *err)
{
	kam_files *files;
	*out = NULL;
	if (!c)
		return KAM_OK;
	int rc = kam_files_git(&files, root, c->id, err);
	if (rc < 0)
		return rc;
	if (!kam_files_exists(files, "kam.yaml")) {
		kam_files_free(files);
		return KAM_OK;
	}
	kam_diag_list ignored = {0};
	rc = kam_repo_open_files(out, root, files, NULL, &ignored, err);
	kam_diag_list_release(&ignored);
	return rc;
}

static void add_author(kam_diff_range *r, const char *author)
{
	for (size_t i = 0; i < r->author_count; i++)
		if (strcmp(r->authors[i], author) == 0)
			return;
	r->authors = kam_xrealloc((void *)r->authors, (r->author_count + 1) * sizeof(char *));
	r->authors[r->author_count++] = kam_xstrdup(author);
}

/* The commits that change the plans after base up to head, oldest first.
 * The history is newest first: they are head's index up to base's. */
static void list_commits(kam_diff_range *r, const kam_commit *history, size_t count,
			 const kam_commit *base, const kam_commit *head, const char *tz)
{
	size_t newest = (size_t)(head - history);
	size_t after_oldest = base ? (size_t)(base - history) : count;
	const char **lines = kam_xcalloc(after_oldest - newest + 1, sizeof(char *));
	size_t n = 0;
	for (size_t i = after_oldest; i-- > newest;) {
		const kam_commit *c = &history[i];
		if (!c->touches_plans)
			continue;
		char day[11];
		kam_date_format(kam_date_at(c->time, tz), day);
		lines[n++] = kam_xprintf("%s %s %s: %s", c->short_id, day, c->author, c->summary);
		add_author(r, c->author);
	}
	r->commits = lines;
	r->commit_count = n;
}

/* Both ends of a range opened: *before NULL when base is (or predates
 * kam.yaml), *now never NULL on success. */
static int open_range(kam_repo **before, kam_repo **now, const char *root, const kam_commit *base,
		      const kam_commit *head, kam_error *err)
{
	int rc = open_at(before, root, base, err);
	if (rc == KAM_OK)
		rc = open_at(now, root, head, err);
	if (rc == KAM_OK && !*now)
		rc = kam_error_set(err, KAM_ENOTFOUND, "commit %s has no kam.yaml", head->short_id);
	return rc;
}

/* The diff from base to head (either may be NULL when there is no such
 * commit), with health and deadlines as they stood on the days the range
 * names; the range's labels and commits are set already. */
static int diff_between(kam_quarter_report *out, const char *root, const kam_commit *base,
			const kam_commit *head, const char *account, kam_doc_cache *cache,
			kam_error *err)
{
	kam_repo *before = NULL, *now = NULL;
	kam_date day_before, day_after;
	kam_date_parse(out->range.before_as_of, &day_before);
	kam_date_parse(out->range.after_as_of, &day_after);
	int rc = open_range(&before, &now, root, base, head, err);
	if (rc == KAM_OK && !out->range.title) /* one commit */
		rc = kam_diff_commit(&out->diff, before, now, day_after, err);
	else if (rc == KAM_OK)
		rc = kam_diff_repos_on_cached(&out->diff, before, now, day_before, day_after, cache,
					      err);
	if (rc == KAM_OK && account)
		kam_diff_keep_account(out->diff, account);
	kam_repo_free(before);
	kam_repo_free(now);
	return rc;
}

void kam_quarter_report_days(kam_quarter q, int fiscal_start, kam_date today, kam_date *before,
			     kam_date *after, bool *in_progress)
{
	kam_date last = kam_quarter_last_day(q, fiscal_start);
	*before = kam_quarter_last_day(kam_quarter_add(q, -1), fiscal_start);
	*in_progress = kam_date_compare(today, last) < 0;
	*after = *in_progress ? today : last;
}

/* The range's days, as text. */
static void quarter_days(kam_diff_range *r, kam_quarter q, int fs, kam_date today)
{
	kam_date before, after;
	kam_quarter_report_days(q, fs, today, &before, &after, &r->in_progress);
	kam_date_format(before, r->before_as_of);
	kam_date_format(after, r->after_as_of);
}

const kam_commit *kam_quarter_last_commit(const kam_config *config, const kam_commit *history,
					  size_t count, kam_quarter q)
{
	kam_date after = kam_date_add_months(kam_quarter_first_day(q, config->fiscal_year_start), 3);
	const kam_commit *base, *head;
	long long end = kam_date_midnight(after, config->timezone);
	kam_history_between(history, count, end, end, &base, &head);
	return head;
}

int kam_quarter_report_build(kam_quarter_report *out, const char *root, const kam_config *config,
			     const kam_commit *history, size_t count, kam_quarter q,
			     const char *today, const char *account, kam_error *err)
{
	return kam_quarter_report_build_cached(out, root, config, history, count, q, today, account,
					       NULL, err);
}

/* The report's range of quarter q (labels, days, commits), its commits
 * at both ends in *base and *head (*head NULL: nothing to diff). */
static void quarter_range(kam_quarter_report *out, const kam_config *config,
			  const kam_commit *history, size_t count, kam_quarter q, const char *today,
			  const kam_commit **base, const kam_commit **head)
{
	memset(out, 0, sizeof(*out));
	const char *tz = config->timezone;
	int fs = config->fiscal_year_start;
	kam_date first = kam_quarter_first_day(q, fs);
	kam_date after = kam_date_add_months(first, 3);
	long long start = kam_date_midnight(first, tz), end = kam_date_midnight(after, tz);
	kam_history_between(history, count, start, end, base, head);
	char title[8];
	kam_quarter_format(q, title);
	out->range.title = kam_xstrdup(title);
	out->range.has_quarter = true; /* what slipped out of it, why deals were lost */
	out->range.quarter = q;
	out->range.currency = kam_xstrdup(config->currency);
	out->range.base = *base ? commit_label(*base, tz) : kam_xstrdup("(before the first commit)");
	out->range.head = *head ? commit_label(*head, tz) : kam_xstrdup("(no commit yet)");
	quarter_days(&out->range, q, fs, kam_today(tz, today));
	if (!*head)
		return;
	list_commits(&out->range, history, count, *base, *head, tz);
	out->commit_count = out->range.commit_count;
}

int kam_quarter_report_build_cached(kam_quarter_report *out, const char *root,
				    const kam_config *config, const kam_commit *history,
				    size_t count, kam_quarter q, const char *today,
				    const char *account, kam_doc_cache *cache, kam_error *err)
{
	const kam_commit *base, *head;
	quarter_range(out, config, history, count, q, today, &base, &head);
	if (!head)
		return KAM_OK;
	return diff_between(out, root, base, head, account, cache, err);
}

void kam_quarter_reports_build_cached(kam_quarter_report *outs, int *rcs, size_t n,
				      const char *root, const kam_config *config,
				      const kam_commit *history, size_t count, const kam_quarter *qs,
				      const char *today, kam_doc_cache *cache, kam_error *err)
{
	kam_repo **bases = kam_xcalloc(n + 1, sizeof(kam_repo *));
	kam_repo **heads = kam_xcalloc(n + 1, sizeof(kam_repo *));
	kam_date *before = kam_xcalloc(n + 1, sizeof(kam_date));
	kam_date *after = kam_xcalloc(n + 1, sizeof(kam_date));
	kam_diff **diffs = kam_xcalloc(n + 1, sizeof(kam_diff *));
	for (size_t k = 0; k < n; k++) {
		const kam_commit *base, *head;
		quarter_range(&outs[k], config, history, count, qs[k], today, &base, &head);
		rcs[k] = head ? open_range(&bases[k], &heads[k], root, base, head, err) : KAM_OK;
		if (rcs[k] < 0) { /* the quarter has no diff; the others go on */
			kam_repo_free(bases[k]);
			kam_repo_free(heads[k]);
			bases[k] = heads[k] = NULL;
		}
		kam_date_parse(outs[k].range.before_as_of, &before[k]);
		kam_date_parse(outs[k].range.after_as_of, &after[k]);
	}
	kam_diff_ranges_on_cached(diffs, n, (const kam_repo *const *)bases,
				  (const kam_repo *const *)heads, before, after, cache, err);
	for (size_t k = 0; k < n; k++) {
		outs[k].diff = diffs[k];
		if (heads[k] && !diffs[k])
			rcs[k] = KAM_EINVALID; /* its plans could not be listed */
		kam_repo_free(bases[k]);
		kam_repo_free(heads[k]);
	}
	free(bases);
	free(heads);
	free(before);
	free(after);
	free(diffs);
}

int kam_commit_report_build(kam_quarter_report *out, const char *root, const kam_config *config,
			    const kam_commit *history, size_t count, size_t index, const char *account,
			    kam_error *err)
{
	memset(out, 0, sizeof(*out));
	const char *tz = config->timezone;
	const kam_commit *head = &history[index], *base = index + 1 < count ? &history[index + 1] : NULL;
	out->range.currency = kam_xstrdup(config->currency);
	out->range.base = base ? commit_label(base, tz) : kam_xstrdup("(before the first commit)");
	out->range.head = commit_label(head, tz);
	list_commits(&out->range, history, count, base, head, tz);
	out->commit_count = out->range.commit_count;
	/* both sides judged on the day the commit was made (kam_diff_commit) */
	kam_date_format(kam_date_at(head->time, tz), out->range.after_as_of);
	memcpy(out->range.before_as_of, out->range.after_as_of, sizeof(out->range.before_as_of));
	return diff_between(out, root, base, head, account, NULL, err);
}

void kam_quarter_report_release(kam_quarter_report *r)
{
	kam_diff_free(r->diff);
	for (size_t i = 0; i < r->range.commit_count; i++)
		free((char *)r->range.commits[i]);
	for (size_t i = 0; i < r->range.author_count; i++)
		free((char *)r->range.authors[i]);
	free((void *)r->range.commits);
	free((void *)r->range.authors);
	free((char *)r->range.title);
	free((char *)r->range.base);
	free((char *)r->range.head);
	free((char *)r->range.currency);
	memset(r, 0, sizeof(*r));
}
