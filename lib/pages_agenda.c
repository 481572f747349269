/* The site's agendas: the dashboard's "Coming up", made from the same
 * agenda as `kam agenda`, and each team member's agenda.ics to subscribe
 * to. The agenda is built once per render. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "kam/agenda.h"
#include "site.h"
#include "banned.h"

/* The window of a subscribed agenda: what comes due in the next quarter
 * or so, and what is overdue. */
enum { AGENDA_ICS_DAYS = 90 };
/* The dashboard shows the coming weeks, and at most so many rows (the
 * rest is in each member's agenda and in `kam agenda`). */
enum { COMING_UP_DAYS = 28, COMING_UP_ROWS = 40 };

void site_agenda_build(site *s)
{
	kam_error err = {0};
	kam_agenda_options o = {s->in->ctx->today, AGENDA_ICS_DAYS, NULL};
	if (kam_agenda_build(&s->agenda, s->in->repo, &o, &err) < 0)
		s->agenda = NULL;
}

void render_member_agendas(site *s)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	if (!s->agenda)
		return;
	for (size_t i = 0; i < c->team_count; i++) {
		const char *id = c->team[i].id;
		if (!kam_site_name_ok(id))
			continue;
		kam_agenda *a = kam_agenda_of_member(s->agenda, id);
		kam_buf ics = KAM_BUF_INIT;
		kam_agenda_ics(&ics, a);
		char *rel = kam_xprintf("team/%s/agenda.ics", id);
		site_emit_bytes(&s->out, rel, kam_buf_cstr(&ics), ics.len);
		free(rel);
		kam_buf_release(&ics);
		kam_agenda_free(a);
	}
}

/* The items of the coming weeks: the overdue and those due by the end of
 * the window (the agenda is sorted by date). */
static size_t coming_up_count(const site *s, const kam_agenda_item *items, size_t count)
{
	kam_date last = kam_date_add_days(s->in->ctx->today, COMING_UP_DAYS);
	size_t n = 0;
	while (n < count && kam_date_compare(items[n].date, last) <= 0)
		n++;
	return n;
}

static void coming_up_row(kam_html *b, const site *s, const kam_agenda_item *it)
{
	char date[11];
	kam_date_format(it->date, date);
	kam_html_raw(b, "<tr><td>");
	kam_html_text(b, date);
	if (it->overdue)
		kam_html_raw(b, " <strong class=\"overdue\">overdue</strong>");
	kam_html_raw(b, "</td><td>");
	kam_html_text(b, kam_agenda_kind_name(it->kind));
	kam_html_raw(b, "</td><td>");
	if (site_has_account(s, it->account))
		account_link(b, it->account, site_account_name(s, it->account), "");
	else /* a note of an account whose plan has no page */
		kam_html_text(b, it->account);
	kam_html_raw(b, "</td><td>");
	/* what and detail are the agenda's words, names already, and the
	 * plans' own text (an action's, a step's how); only a notice's detail
	 * names a deal by id ("renewed by o-renew") */
	kam_html_text(b, it->what);
	if (it->detail) {
		kam_html_raw(b, "<br><small>");
		if (it->kind == KAM_AGENDA_NOTICE)
			site_named_text(b, s, it->account, it->detail, "");
		else
			kam_html_text(b, it->detail);
		kam_html_raw(b, "</small>");
	}
	kam_html_raw(b, "</td><td>");
	if (it->owner)
		member_link(b, s, it->owner, "");
	else
		kam_html_raw(b, "-");
	kam_html_raw(b, "</td></tr>\n");
}

void dashboard_coming_up(kam_html *b, const site *s)
{
	size_t count = 0;
	const kam_agenda_item *items = s->agenda ? kam_agenda_items(s->agenda, &count) : NULL;
	size_t n = coming_up_count(s, items, count);
	kam_html_raw(b, "<section id=\"coming-up\">\n<h2>Coming up</h2>\n<p>");
	if (!s->agenda) {
		kam_html_raw(b, "The agenda could not be read; <code>kam agenda</code> says why.</p>\n"
				"</section>\n");
		return;
	}
	if (!n) {
		kam_html_raw(b, "Nothing is overdue or comes due in the next ");
		kam_html_int(b, COMING_UP_DAYS);
		kam_html_raw(b, " days.</p>\n</section>\n");
		return;
	}
	kam_html_raw(b, "What is overdue and what comes due in the next ");
	kam_html_int(b, COMING_UP_DAYS);
	kam_html_raw(b, " days: actions, reviews, notice dates, closes, goals and relationship "
			"targets (<code>kam agenda</code>).</p>\n");
	table_box(b, "Coming up");
	kam_html_raw(b, "<table><tr><th scope=\"col\">Date</th><th "
			"scope=\"col\">Kind</th><th scope=\"col\">Account</th><th "
			"scope=\"col\">What</th><th scope=\"col\">Who</th></tr>\n");
	for (size_t i = 0; i < n && i < COMING_UP_ROWS; i++)
		coming_up_row(b, s, &items[i]);
	kam_html_raw(b, "</table></div>\n");
	if (n > COMING_UP_ROWS) {
		kam_html_raw(b, "<p>");
		kam_html_int(b, (long long)(n - COMING_UP_ROWS));
		kam_html_raw(b, " more: run <code>kam agenda --days 28</code>.</p>\n");
	}
	kam_html_raw(b, "</section>\n");
}

void dashboard_agenda_links(kam_html *b, const site *s)
{
	const kam_config *c = kam_repo_config(s->in->repo);
	size_t n = 0;
	for (size_t i = 0; i < c->team_count; i++)
		n += kam_site_name_ok(c->team[i].id);
	if (!n || !s->agenda)
		return;
	kam_html_raw(b, "<section id=\"agendas\">\n<h2>Agendas to subscribe "
			"to</h2>\n<p>What comes due for each team member in the next ");
	kam_html_int(b, AGENDA_ICS_DAYS);
	kam_html_raw(b, " days, and what is overdue, as an iCalendar feed.</p>\n<ul>\n");
	for (size_t i = 0; i < c->team_count; i++)
		if (kam_site_name_ok(c->team[i].id)) {
			kam_html_raw(b, "<li>");
			member_agenda_link(b, s, &c->team[i], "");
			kam_html_raw(b, "</li>\n");
		}
	kam_html_raw(b, "</ul>\n</section>\n");
}

void member_agenda_link(kam_html *b, const site *s, const kam_team_member *m, const char *root)
{
	if (!m || !kam_site_name_ok(m->id) || !s->agenda)
		return;
	kam_html_raw(b, "<a type=\"text/calendar\"");
	char *url = kam_xprintf("%steam/%s/agenda.ics", root, m->id);
	kam_html_url(b, "href", url);
	free(url);
	kam_html_raw(b, ">");
	kam_html_text(b, m->name ? m->name : m->id);
	kam_html_raw(b, "'s agenda (iCalendar, to subscribe)</a>");
}
