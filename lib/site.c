/* The site model: which pages there are, the names they get and the one
 * function that writes a page into the new site's folder. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kam/agenda.h"
#include "kam/pool.h"
#include "site.h"
#include "site_history.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* names                                                               */

bool kam_site_name_ok(const char *id)
{
	if (!id || !((*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9')))
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '-'))
			return false;
	return strcmp(id, ".") != 0 && strcmp(id, "..") != 0;
}

/* A part of a page's path: not empty, not . or .., no control character,
 * no backslash (a separator elsewhere). */
static bool part_ok(const char *part, size_t n)
{
	if (!n || (n == 1 && part[0] == '.') || (n == 2 && part[0] == '.' && part[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)part[i] < 0x20 || part[i] == 0x7f || part[i] == '\\')
			return false;
	return true;
}

static bool path_ok(const char *rel)
{
	if (!rel || !*rel || rel[0] == '/')
		return false;
	for (const char *p = rel;;) {
		size_t n = strcspn(p, "/");
		if (!part_ok(p, n))
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

char *kam_site_document_page(const char *below_accounts)
{
	size_t n = below_accounts ? strlen(below_accounts) : 0;
	if (n <= 3 || strcmp(below_accounts + n - 3, ".md") != 0)
		return NULL;
	char *page = kam_xprintf("accounts/%.*s.html", (int)(n - 3), below_accounts);
	if (!path_ok(page)) {
		free(page);
		return NULL;
	}
	return page;
}

/* ------------------------------------------------------------------ */
/* writing a page                                                      */

static int write_file(const char *dir, const char *rel, const char *data, size_t len,
		      kam_error *err)
{
	if (!path_ok(rel)) /* never outside dir, whatever made rel */
		return kam_error_set(err, KAM_EINVALID, "refusing to write '%s' outside the site",
				     rel);
	char *path = kam_path_join(dir, rel);
	for (char *slash = strchr(path + strlen(dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0777);
		*slash = '/';
	}
	/* not synced one by one: the new site is synced at once; O_NOFOLLOW:
	 * the folder is new and kam's, a link in it is not kam's */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666);
	int rc = KAM_OK;
	if (fd < 0 || kam_write_all(fd, data, len) < 0)
		rc = kam_error_set(err, KAM_EIO, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0 && close(fd) != 0 && rc == KAM_OK)
		rc = kam_error_set(err, KAM_EIO, "cannot write '%s': %s", path, strerror(errno));
	free(path);
	return rc;
}

void site_emit(writer *w, const char *rel, kam_html *page)
{
	size_t len;
	const char *data = kam_html_data(page, &len);
	if (w->rc == KAM_OK)
		w->rc = write_file(w->dir, rel, data, len, &w->err);
	kam_html_free(page);
}

void site_emit_bytes(writer *w, const char *rel, const char *data, size_t len)
{
	if (w->rc == KAM_OK)
		w->rc = write_file(w->dir, rel, data, len, &w->err);
}

/* ------------------------------------------------------------------ */
/* lookups                                                             */

const kam_team_member *site_member(const site *s, const char *id)
{
	int m = site_member_number(s, id);
	return m < 0 ? NULL : &kam_repo_config(s->in->repo)->team[m];
}

int site_member_number(const site *s, const char *id)
{
	size_t at;
	return id && kam_text_table_get(&s->members, id, strlen(id), &at) ? (int)at : -1;
}

const char *site_account_name(const site *s, const char *account)
{
	size_t at;
	return account && kam_text_table_get(&s->accounts, account, strlen(account), &at)
		   ? s->in->plans[at].name
		   : NULL;
}

bool site_has_account(const site *s, const char *account)
{
	return account && kam_text_table_get(&s->accounts, account, strlen(account), NULL);
}

static const char *target_account(const kam_index *x, size_t i)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(x, &n);
	return refs[i].target && refs[i].target->account ? refs[i].target->account : "";
}

/* The references from one account into another, grouped by the account
 * they point into, once: most references stay inside their plan, and
 * those are no backlinks. */
static void group_backlinks(site *s)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(s->in->index, &n);
	kam_keyed *keyed = kam_xcalloc(n + 1, sizeof(kam_keyed));
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const char *to = target_account(s->in->index, i);
		const char *from = kam_index_doc_account(s->in->index, refs[i].doc);
		if (*to && !(from && strcmp(from, to) == 0))
			keyed[kept++] = (kam_keyed){to, i};
	}
	kam_sort_keyed(keyed, kept);
	s->backlinks = kam_xcalloc(kept + 1, sizeof(size_t));
	for (size_t i = 0; i < kept; i++)
		s->backlinks[i] = keyed[i].index;
	s->backlink_count = kept;
	free(keyed);
}

/* ------------------------------------------------------------------ */
/* building the site                                                   */

/* The notes are paged first, then the accounts: a phase is a run of the
 * jobs on the pool. */
typedef struct phase {
	site *s;
	size_t first;
} phase;

static void run_page(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	phase *ph = ctx;
	page_job *j = &ph->s->jobs[ph->first + i];
	if (j->plan)
		render_account(ph->s, j);
	else
		render_document(ph->s, j);
}

static void merge_rows(kam_html **into, kam_html **rows, size_t count)
{
	for (size_t m = 0; rows && m < count; m++) {
		kam_html_append(into[m], rows[m]);
		kam_html_free(rows[m]);
	}
	free(rows);
}

/* Whether deal is a partner plan's copy of a deal a client's plan counts. */
static bool counted_elsewhere(const kam_plan_summary *p, const char *deal)
{
	for (size_t i = 0; deal && i < p->own_deal_count; i++)
		if (p->own_deals[i].counted_in && p->own_deals[i].id &&
		    strcmp(p->own_deals[i].id, deal) == 0)
			return true;
	return false;
}

static stage_pipeline *pipeline_of(site *s, const char *currency)
{
	for (size_t i = 0; i < s->pipeline_count; i++)
		if (strcmp(s->pipeline[i].currency, currency) == 0)
			return &s->pipeline[i];
	s->pipeline = kam_xrealloc(s->pipeline, (s->pipeline_count + 1) * sizeof(*s->pipeline));
	s->pipeline[s->pipeline_count] = (stage_pipeline){.currency = currency};
	return &s->pipeline[s->pipeline_count++];
}

/* The plan's open deals by stage, in its currency, as its open_pipeline
 * sums them; a plan without open deals still gives its currency a row of
 * the totals. */
static void add_stage_pipeline(site *s, const kam_node *plan, const kam_plan_summary *p)
{
	if (!p->currency)
		return;
	size_t at = pipeline_of(s, p->currency) - s->pipeline; /* its currency has totals */
	const kam_node *opps = kam_node_seq_at(plan, "opportunities");
	for (size_t i = 0; opps && i < opps->count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (!counted_elsewhere(p, o.id))
			kam_stage_totals_add(s->pipeline[at].by_stage, &o);
	}
}

/* In job order: the member rows in plan order, then the notes' (so that a
 * member's page lists plan work before the notes'), and the first failure. */
static void finish_job(site *s, page_job *j)
{
	size_t team = kam_repo_config(s->in->repo)->team_count;
	if (j->doc) { /* in plan order, one at a time: the sums are no worker's */
		const kam_node *plan = kam_doc_frontmatter(j->doc);
		kam_forecast_add_plan(s->forecast, plan, j->plan->account);
		kam_forecast_add_plan(s->forecast_next, plan, j->plan->account);
		add_stage_pipeline(s, plan, j->plan);
		if (s->competitors) {
			char *rel = kam_xprintf("%s/%s.md", kam_repo_config(s->in->repo)->accounts_dir,
						j->plan->account);
			kam_entry e = {.rel = rel, .account = j->plan->account, .is_plan = true};
			kam_competitors_add_plan(s->competitors, &e, plan, NULL);
			free(rel);
		}
		kam_doc_free(j->doc);
		j->doc = NULL;
	}
	merge_rows(s->people, j->people, team);
	merge_rows(s->actions, j->actions, team);
	j->people = j->actions = NULL;
	if (j->out.rc < 0 && s->out.rc == KAM_OK) {
		s->out.rc = j->out.rc;
		s->out.err = j->out.err;
	}
}

static void finish_account(void *ctx, size_t i)
{
	phase *ph = ctx;
	finish_job(ph->s, &ph->s->jobs[ph->first + i]);
}

static void run_phase(site *s, size_t first, size_t count, bool merge)
{
	phase ph = {s, first};
	kam_pool_jobs jobs = {count, run_page, merge ? finish_account : NULL, &ph};
	kam_pool_run(&jobs, kam_thread_count(count));
}

static kam_html **per_member(size_t team)
{
	kam_html **list = kam_xcalloc(team + 1, sizeof(kam_html *));
	for (size_t i = 0; i < team; i++)
		list[i] = kam_html_new();
	return list;
}

static bool unread_note(const kam_render_input *in, const char *rel)
{
	for (size_t i = 0; i < in->unread_count; i++)
		if (!in->unread[i].is_plan && strcmp(in->unread[i].file, rel) == 0)
			return true;
	return false;
}

static int safe_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* By account, then newest first, then by page (the same bytes every run). */
static int by_meeting(const void *x, const void *y)
{
	const page_job *a = *(const page_job *const *)x, *b = *(const page_job *const *)y;
	int c = safe_cmp(a->note->account, b->note->account);
	if (!c)
		c = -safe_cmp(a->info.date, b->info.date);
	return c ? c : safe_cmp(a->info.page, b->info.page);
}

static void group_meetings(site *s, size_t first, size_t count)
{
	s->meetings = kam_xcalloc(count + 1, sizeof(page_job *));
	s->meeting_count = 0;
	for (size_t i = first; i < first + count; i++)
		if (s->jobs[i].info.meeting && s->jobs[i].note->account)
			s->meetings[s->meeting_count++] = &s->jobs[i];
	qsort(s->meetings, s->meeting_count, sizeof(page_job *), by_meeting);
}

const page_job *const *site_meetings_of(const site *s, const char *account, size_t *count)
{
	size_t lo = 0, hi = s->meeting_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (safe_cmp(s->meetings[mid]->note->account, account) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < s->meeting_count && safe_cmp(s->meetings[end]->note->account, account) == 0)
		end++;
	*count = end - lo;
	return s->meetings + lo;
}

char *site_note_page(const site *s, const char *rel)
{
	const char *dir = kam_repo_config(s->in->repo)->accounts_dir;
	size_t n = dir ? strlen(dir) : 0;
	if (!rel || !n || strncmp(rel, dir, n) != 0 || rel[n] != '/')
		return NULL;
	return kam_site_document_page(rel + n + 1);
}

static void note_info_release(note_info *info)
{
	free(info->date);
	free(info->title);
	free(info->page);
	for (size_t i = 0; i < info->attendee_count; i++)
		free(info->attendees[i]);
	free(info->attendees);
	for (size_t i = 0; i < info->goal_count; i++)
		free((char *)info->goals[i].goal.id);
	free(info->goals);
}

enum { NAME_BITS = 1 << 20 }; /* 128 KB: 1 in 20 other words passes at 50,000 ids */

static size_t name_bit(const char *word, size_t n)
{
	uint64_t h = kam_hash_bytes(KAM_HASH_SEED, word, n);
	return (size_t)((h ^ (h >> 32)) & (NAME_BITS - 1));
}

static void add_name(site *s, const char *id)
{
	if (!id)
		return;
	size_t bit = name_bit(id, strlen(id));
	s->name_bits[bit / 64] |= UINT64_C(1) << (bit % 64);
}

/* Every id pages.c's name_of may find: an entity of the index (of any
 * account), a team member, a competitor, an account. A QBR page tells
 * half a million words, and four lookups for each was a twentieth of the
 * site's history. */
static void collect_names(site *s)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	size_t count;
	const kam_entity *entities = kam_index_entities(s->in->index, &count);
	s->name_bits = kam_xcalloc(NAME_BITS / 64, sizeof(uint64_t));
	for (size_t i = 0; i < count; i++)
		add_name(s, entities[i].id);
	for (size_t i = 0; i < c->team_count; i++)
		add_name(s, c->team[i].id);
	for (size_t i = 0; i < c->competitors.count; i++)
		add_name(s, c->competitors.items[i].id);
	for (size_t i = 0; i < s->in->plan_count; i++)
		add_name(s, s->in->plans[i].account);
}

bool site_may_name(const site *s, const char *word, size_t n)
{
	size_t bit = name_bit(word, n);
	return s->name_bits[bit / 64] >> (bit % 64) & 1;
}

/* Account and note pages on a pool of workers, then the pages that gather
 * from them. A plan whose id cannot name a file gets no page (kam check
 * says why); the others are listed with it on the portfolio. */
int build_site(site *s)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	s->people = per_member(c->team_count);
	s->actions = per_member(c->team_count);
	s->teams = per_member(c->team_count);
	for (size_t i = 0; i < c->team_count; i++) /* a repeated id: its first */
		if (c->team[i].id)
			kam_text_table_put(&s->members, c->team[i].id, strlen(c->team[i].id), i);
	for (size_t i = 0; i < s->in->plan_count; i++)
		if (kam_site_name_ok(s->in->plans[i].account) && !s->in->plans[i].duplicate)
			kam_text_table_put(&s->accounts, s->in->plans[i].account,
					   strlen(s->in->plans[i].account), i);
	collect_names(s);
	group_backlinks(s);
	group_team_references(s);
	s->history = site_history_load(s->in); /* before the account pages, which show it */
	s->forecast = kam_forecast_new(c, s->in->ctx->quarter, KAM_FORECAST_BY_ACCOUNT);
	s->forecast_next =
	    kam_forecast_new(c, kam_quarter_add(s->in->ctx->quarter, 1), KAM_FORECAST_BY_ACCOUNT);
	if (site_has_competitors(s)) {
		s->competitors = kam_competitors_new(c);
		for (size_t i = 0; i < s->in->unread_count; i++) /* listed as left out */
			if (s->in->unread[i].is_plan) {
				kam_entry e = {.rel = s->in->unread[i].file,
					       .account = s->in->unread[i].account,
					       .is_plan = true};
				kam_competitors_add_plan(s->competitors, &e, NULL,
							 s->in->unread[i].reason);
			}
	}
	kam_entry *entries = NULL;
	size_t n = 0;
	if (kam_repo_list(s->in->repo, &entries, &n, NULL) < 0)
		n = 0;
	s->jobs = kam_xcalloc(s->in->plan_count + n + 1, sizeof(page_job));
	size_t plans = 0, count = 0;
	for (size_t i = 0; i < s->in->plan_count; i++) /* a copy claiming an id gets no page */
		if (site_has_account(s, s->in->plans[i].account) && !s->in->plans[i].duplicate)
			s->jobs[plans++] =
			    (page_job){.plan = &s->in->plans[i], .out = {s->out.dir, KAM_OK, {0}}};
	count = plans;
	for (size_t i = 0; i < n; i++) /* a note kam could not read is listed, not paged */
		if (!entries[i].is_plan && !unread_note(s->in, entries[i].rel))
			s->jobs[count++] =
			    (page_job){.note = &entries[i], .out = {s->out.dir, KAM_OK, {0}}};
	run_phase(s, plans, count - plans, false);
	group_meetings(s, plans, count - plans);
	run_phase(s, 0, plans, true);
	for (size_t i = plans; i < count; i++)
		finish_job(s, &s->jobs[i]);
	kam_forecast_finish(s->forecast);
	kam_forecast_finish(s->forecast_next);
	site_agenda_build(s);
	render_index(s);
	for (size_t i = 0; i < c->team_count; i++)
		if (kam_site_name_ok(c->team[i].id))
			render_member(s, &c->team[i]);
	render_quarters(s);
	render_member_agendas(s);
	size_t css_len;
	const char *css_text = site_stylesheet(&css_len);
	kam_buf css = KAM_BUF_INIT;
	kam_buf_add(&css, css_text, css_len);
	if (s->out.rc == KAM_OK)
		s->out.rc =
		    write_file(s->out.dir, "kam.css", kam_buf_cstr(&css), css.len, &s->out.err);
	kam_buf_release(&css);
	static const char marker[] =
	    "This folder was made by 'kam render' and is replaced by it.\n";
	if (s->out.rc == KAM_OK)
		s->out.rc =
		    write_file(s->out.dir, ".kam-site", marker, sizeof(marker) - 1, &s->out.err);
	for (size_t i = plans; i < count; i++)
		note_info_release(&s->jobs[i].info);
	free(s->meetings);
	s->meetings = NULL;
	s->meeting_count = 0;
	free(s->jobs);
	s->jobs = NULL;
	if (entries)
		kam_entries_free(entries, n);
	return s->out.rc;
}

void free_site(site *s)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	for (size_t i = 0; s->people && i < c->team_count; i++) {
		kam_html_free(s->people[i]);
		kam_html_free(s->actions[i]);
		kam_html_free(s->teams[i]);
	}
	free(s->teams);
	kam_text_table_release(&s->accounts);
	kam_text_table_release(&s->members);
	free(s->name_bits);
	free(s->people);
	free(s->actions);
	free(s->backlinks);
	kam_forecast_free(s->forecast);
	kam_forecast_free(s->forecast_next);
	s->forecast = s->forecast_next = NULL;
	free(s->pipeline);
	s->pipeline = NULL;
	s->pipeline_count = 0;
	kam_competitors_free(s->competitors);
	s->competitors = NULL;
	site_history_free(s->history);
	s->history = NULL;
	kam_agenda_free(s->agenda);
	s->agenda = NULL;
}
