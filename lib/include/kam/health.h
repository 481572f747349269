/* kam/health.h - the account health score: 0-100, in parts, each with the
 * points it earns and the part furthest below its maximum. */
#ifndef KAM_HEALTH_H
#define KAM_HEALTH_H

#include "kam/node.h"

struct kam_rules_context;

/* The parts of the health score, in the order they are shown. */
typedef enum {
	KAM_HEALTH_COVERAGE,      /* buying decision unit known and owned for open must-wins */
	KAM_HEALTH_RELATIONSHIPS, /* relationship targets on track */
	KAM_HEALTH_ACTIONS,       /* actions on time */
	KAM_HEALTH_REVIEW,        /* plan reviewed this quarter */
	KAM_HEALTH_COMPLETENESS,  /* every part of the plan present */
	KAM_HEALTH__COUNT
} kam_health_part;

typedef struct kam_health {
	int points[KAM_HEALTH__COUNT];
	int score; /* 0-100, the sum of the points */
	kam_health_part weakest; /* the part furthest below its maximum */
} kam_health;

/* The maximum points of a part, and its name ("buying decision unit"). */
int kam_health_max(kam_health_part part);
const char *kam_health_name(kam_health_part part);

/* The health of an account plan's frontmatter (a mapping) on ctx's day. */
void kam_health_compute(kam_health *out, const struct kam_rules_context *ctx,
			const kam_node *plan);

#endif
