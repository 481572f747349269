/* Goals and the actions that serve them. */
#include "kam/goals.h"

#include <stdlib.h>
#include <string.h>

#include "kam/util.h"
#include "banned.h"

kam_goal_progress *kam_goal_progress_read(const kam_node *plan, size_t *count)
{
	const kam_node *goals = kam_node_seq_at(plan, "goals");
	*count = 0;
	if (!goals || !goals->count)
		return NULL;
	kam_goal_progress *out = kam_xcalloc(goals->count, sizeof(*out));
	for (size_t i = 0; i < goals->count; i++) {
		kam_goal_progress *g = &out[i];
		kam_goal_view_read(&g->goal, goals->items[i]);
		g->owner = g->goal.owner;
		g->measure = g->goal.measure;
	}
	*count = goals->count;
	kam_goal_progress_add(out, *count, kam_node_seq_at(plan, "actions"));
	return out;
}

void kam_goal_progress_add(kam_goal_progress *goals, size_t count, const kam_node *actions)
{
	if (!actions || actions->kind != KAM_NODE_SEQ || !count)
		return;
	kam_text_table ids = {0}; /* goal id -> index: plans with many goals and actions */
	for (size_t i = 0; i < count; i++)
		if (goals[i].goal.id)
			kam_text_table_put(&ids, goals[i].goal.id, strlen(goals[i].goal.id), i);
	for (size_t i = 0; i < actions->count; i++) {
		kam_action_view a;
		kam_action_view_read(&a, actions->items[i]);
		size_t at;
		if (!a.goal || !kam_text_table_get(&ids, a.goal, strlen(a.goal), &at))
			continue;
		if (a.open)
			goals[at].open++;
		else if (strcmp(a.status, kam_action_done_word()) == 0)
			goals[at].done++;
		else
			goals[at].dropped++;
	}
	kam_text_table_release(&ids);
}
