/* Internal: the site's history (issue 19). The quarter reports of the last
 * quarters, the same kam_quarter_report `kam diff --quarter` builds, read
 * once per render; the QBR pages (quarters/2026-Q3.html), the history
 * section of each account page, the dashboard's QBR links and revenue
 * against target are made from them. */
#ifndef KAM_SITE_HISTORY_H
#define KAM_SITE_HISTORY_H

#include "kam/quarterly.h"
#include "site.h"

enum { SITE_HISTORY_QUARTERS = 8 };

/* One quarter that has history: a commit before it ended. */
typedef struct site_quarter {
	char label[8]; /* "2026-Q3" */
	kam_quarter quarter;
	kam_quarter_report report; /* report.diff is not NULL */
	kam_diff_totals totals;	   /* kam_diff_totals_in(diff, currency, quarter): kam diff's */
	kam_text_table by_account; /* account -> its first kam_account_diff in report.diff */
} site_quarter;

struct site_history {
	site_quarter *quarters; /* newest first, at most SITE_HISTORY_QUARTERS */
	size_t count;
	struct kam_doc_cache *cache; /* the reports borrow its plan summaries */
	bool owns_cache;             /* else the caller's (kam_render_input's plans_cache) */
};

/* The history of the last quarters up to today's, or NULL: --no-history,
 * no git repository, or one without commits (the site is then as before). */
struct site_history *site_history_load(const kam_render_input *in);
void site_history_free(struct site_history *h); /* NULL accepted */

/* The quarter of h with label, or NULL. */
const site_quarter *site_history_quarter(const struct site_history *h, const char *label);

/* The QBR pages, quarters/<label>.html (pages_qbr.c). */
void render_quarters(site *s);

/* Sections the existing pages call; each writes nothing without history. */
void account_history_block(kam_html *b, const site *s, const char *account);
void dashboard_history_block(kam_html *b, const site *s);

/* An account's story (kam diff --quarter's sentences) as a list, each
 * sentence by name (site_named_text) in an <li> whose data-fact holds kam
 * diff's words. */
void site_story_list(kam_html *b, const site *s, const kam_account_diff *a, const char *root);

/* Shared by the history parts: money as kam writes it ("480,000"). */
char *site_money_text(double v);
/* actual as a percentage of target (> 0), rounded as kam diff rounds it. */
int site_percent(double actual, double target);

#endif
