/* libyaml's events beside yaml_fast.c's, for the unit test and the fuzz
 * target: where the fast scanner reads a text, it must give what libyaml
 * gives (the events the tree builder reads: types, styles, scalar values,
 * start marks, a scalar's end mark). Include once per program. */
#ifndef KAM_TESTS_YAML_EVENTS_H
#define KAM_TESTS_YAML_EVENTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yaml_fast.h"

static bool same_mark(kam_fast_mark a, yaml_mark_t b)
{
	return a.index == b.index && a.line == b.line && a.column == b.column;
}

/* "" when they agree, else what differs first (static storage) */
static const char *fast_vs_libyaml(const char *text, size_t len, const kam_fast_events *fast)
{
	static char why[512];
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	size_t i = 0;
	why[0] = '\0';
	for (bool done = false; !done && !why[0];) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			snprintf(why, sizeof(why), "libyaml refuses it (%s at %zu:%zu)", p.problem,
				 p.problem_mark.line + 1, p.problem_mark.column + 1);
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		if (e.type == YAML_STREAM_START_EVENT || e.type == YAML_STREAM_END_EVENT ||
		    e.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&e);
			continue;
		}
		const kam_fast_event *f = i < fast->count ? &fast->items[i] : NULL;
		i++;
		bool scalar = e.type == YAML_SCALAR_EVENT;
		bool start = e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT;
		int style = scalar ? (int)e.data.scalar.style
			    : e.type == YAML_SEQUENCE_START_EVENT ? (int)e.data.sequence_start.style
			    : e.type == YAML_MAPPING_START_EVENT ? (int)e.data.mapping_start.style : 0;
		if (!f || f->type != e.type)
			snprintf(why, sizeof(why), "event %zu: libyaml's type %d, the fast one's %d", i,
				 (int)e.type, f ? (int)f->type : -1);
		else if ((scalar || start) && (f->style != style || !same_mark(f->start, e.start_mark)))
			snprintf(why, sizeof(why),
				 "event %zu (type %d): libyaml's style %d at %zu:%zu:%zu, the fast one's "
				 "%d at %u:%u:%u",
				 i, (int)e.type, style, e.start_mark.index, e.start_mark.line,
				 e.start_mark.column, f->style, f->start.index, f->start.line,
				 f->start.column);
		else if (scalar && (f->length != e.data.scalar.length ||
				    memcmp(kam_fast_value(fast, text, f), e.data.scalar.value, f->length) != 0 ||
				    !same_mark(f->end, e.end_mark) || e.data.scalar.tag ||
				    e.data.scalar.anchor))
			snprintf(why, sizeof(why),
				 "event %zu: libyaml's scalar '%s' ending at %zu:%zu:%zu, the fast one's "
				 "'%.*s' ending at %u:%u:%u",
				 i, (const char *)e.data.scalar.value, e.end_mark.index, e.end_mark.line,
				 e.end_mark.column, (int)f->length, kam_fast_value(fast, text, f), f->end.index,
				 f->end.line, f->end.column);
		else if (start && (e.data.sequence_start.anchor || e.data.sequence_start.tag))
			snprintf(why, sizeof(why), "event %zu: libyaml's has an anchor or a tag", i);
		yaml_event_delete(&e);
	}
	if (!why[0] && i != fast->count)
		snprintf(why, sizeof(why), "libyaml gives %zu events, the fast scanner %zu", i,
			 fast->count);
	yaml_parser_delete(&p);
	return why;
}

#endif
