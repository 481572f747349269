/* kam/goals.h - goals that can be tracked (plan model v2, issue 17): per
 * goal, the actions that serve it (actions[].goal), done and open, for
 * status, pages and briefs to show. */
#ifndef KAM_GOALS_H
#define KAM_GOALS_H

#include <stddef.h>

#include "kam/node.h"
#include "kam/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One goal and the actions serving it. Strings point into the plan's tree. */
typedef struct kam_goal_progress {
	kam_goal_view goal;	     /* id, text, quarter, status, open */
	const char *owner, *measure; /* goals[].owner (a team member) and .measure */
	size_t done, open, dropped;  /* actions naming it in goal:, by status */
} kam_goal_progress;

/* The goals of plan (its frontmatter; NULL accepted) in plan order, with
 * the plan's actions counted: status done, dropped, or open (open or not
 * given). An action naming no goal of the plan is not counted (references
 * are kam check's). Returns the array (caller frees with free()) and its
 * length in *count; NULL and 0 when the plan has no goals. */
kam_goal_progress *kam_goal_progress_read(const kam_node *plan, size_t *count);

/* Add the actions of another document of the account (a meeting note's
 * actions: sequence, NULL accepted) to goals. */
void kam_goal_progress_add(kam_goal_progress *goals, size_t count, const kam_node *actions);

#ifdef __cplusplus
}
#endif

#endif
