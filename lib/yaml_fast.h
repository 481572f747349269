/* yaml_fast.h - libyaml's events for the YAML most plans are written in,
 * without libyaml (internal to libkam).
 *
 * libyaml's scanner was two fifths of kam check: it decodes every
 * character, allocates every token and event, and copies every scalar. A
 * plan's frontmatter is nearly always block mappings and lists of plain or
 * quoted one-line scalars, block scalars (| and >) and one-line flow
 * collections: this scanner reads that subset in one pass and gives the
 * events libyaml would give (same types, styles, values and marks). On
 * anything else (a multi-line plain or quoted scalar, an anchor, a tag, an
 * escape, a tab, a CR, a control character or invalid UTF-8, an
 * indentation libyaml would refuse...) it gives up, and the text goes
 * through libyaml as before: what libyaml reads, every diagnostic
 * included, is unchanged. tests/unit/test_yaml_fast.c and the fuzz target
 * fuzz_yaml_fast compare the two event streams. */
#ifndef KAM_YAML_FAST_H
#define KAM_YAML_FAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kam/util.h"

typedef struct kam_fast_mark {
	uint32_t index, line, column; /* 0-based characters and lines, as yaml_mark_t */
} kam_fast_mark;

typedef struct kam_fast_event {
	uint8_t type;	/* a yaml_event_type_t: document start, scalar, collection start, end */
	uint8_t style;	/* a scalar's yaml_scalar_style_t, a collection's block or flow style */
	kam_fast_mark start, end; /* end: scalars only; in characters, as libyaml's */
	bool folded;		  /* the value is in the events' texts, not in the input */
	uint32_t value, length;	  /* a scalar's text: its bytes there */
} kam_fast_event;

typedef struct kam_fast_events {
	kam_fast_event *items;
	size_t count, alloc;
	kam_buf texts; /* the values of block scalars, which are not the input's bytes */
} kam_fast_events;

/* The value of a scalar event of input */
static inline const char *kam_fast_value(const kam_fast_events *events, const char *input,
					 const kam_fast_event *e)
{
	if (e->folded) /* no texts yet when every block scalar was empty */
		return events->texts.ptr ? events->texts.ptr + e->value : "";
	return input + e->value;
}

/* The events of text (a document start, then the root mapping's events),
 * appended to out (emptied first); false when the text is outside the
 * subset or deeper than max_depth: then read it with libyaml. */
bool kam_yaml_fast_scan(const char *text, size_t len, unsigned max_depth, kam_fast_events *out);
void kam_fast_events_release(kam_fast_events *events);

#endif
