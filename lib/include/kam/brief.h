/* kam/brief.h - a one-page sheet to prepare a meeting with an account or
 * one of its people (kam brief).
 *
 * For an account: its line (name, tier, owner, focus, next renewal), the
 * open deals with their buying units (per person: role in the deal,
 * attitude and influence, our owner, last met), for a partner the open
 * deals other plans route through it by account, the goals with owner,
 * measure and done/open actions, the open actions of the plan and its
 * meeting notes, and the three newest meeting notes. For a person
 * (account#contact): name, title, status and successor, roles across the
 * account and per open deal, attitude and influence, relationship level
 * and its next step, our owner, when last met, the open actions with them
 * and the three newest meeting notes they attended.
 *
 * Works on a resolved index (kam_check_index) and reads the account's plan
 * and meeting notes again from the repository. Every value from a plan
 * goes through the terminal writer (text) or the Markdown writer (md):
 * no value can start a line, a heading or a list item of its own. */
#ifndef KAM_BRIEF_H
#define KAM_BRIEF_H

#include <stddef.h>

#include "kam/index.h"
#include "kam/partners.h"
#include "kam/repo.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { KAM_BRIEF_TEXT, KAM_BRIEF_MD } kam_brief_format;

/* Write the sheet of subject ("account" or "account#contact") to out.
 * today: YYYY-MM-DD fixing today's date, or NULL for the clock (in the
 * repository's time zone). *unread (NULL accepted) gets the number of the
 * account's documents the sheet could not read (the sheet says which),
 * and for a partner's sheet the plans that could route deals through it
 * but could not be read. all: every plan's summary (kam_check_options),
 * for what other plans route through a partner; NULL leaves that out.
 * KAM_ENOTFOUND (err set, with a "did you mean" when one is close) when
 * the subject names no account or no contact of it. */
int kam_brief(kam_buf *out, size_t *unread, const kam_repo *repo, const kam_index *index,
	      const kam_portfolio *all, const char *subject, const char *today,
	      kam_brief_format format, kam_error *err);

#ifdef __cplusplus
}
#endif

#endif
