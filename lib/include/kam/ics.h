/* kam/ics.h - the iCalendar writer (RFC 5545): kam agenda --format ics
 * goes through it, so no value can add a property or a component.
 *
 * Component and property names come from enums, never from text. Every
 * TEXT value is escaped (backslash, semicolon, comma; a line break, CR LF,
 * LF or CR, becomes "\n"); other control characters become spaces and
 * invalid UTF-8 becomes U+FFFD, so a value never holds a raw CR or LF.
 * Content lines end with CR LF and are folded at 75 octets (continuation
 * lines start with a space), never inside a UTF-8 sequence. Components
 * nest as begun: kam_ics_end closes the innermost one, kam_ics_finish all
 * that are open. Thread-safe for distinct writers. */
#ifndef KAM_ICS_H
#define KAM_ICS_H

#include <stddef.h>

#include "kam/quarter.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kam_ics_component {
	KAM_ICS_VCALENDAR,
	KAM_ICS_VEVENT,
	KAM_ICS_VTODO,
	KAM_ICS_COMPONENT_COUNT
} kam_ics_component;

typedef enum kam_ics_property {
	KAM_ICS_VERSION,
	KAM_ICS_PRODID,
	KAM_ICS_CALSCALE,
	KAM_ICS_METHOD,
	KAM_ICS_CALNAME, /* X-WR-CALNAME, the name clients show */
	KAM_ICS_UID,
	KAM_ICS_DTSTAMP,
	KAM_ICS_DTSTART,
	KAM_ICS_DTEND,
	KAM_ICS_DUE,
	KAM_ICS_SUMMARY,
	KAM_ICS_DESCRIPTION,
	KAM_ICS_CATEGORIES,
	KAM_ICS_STATUS,
	KAM_ICS_TRANSP,
	KAM_ICS_PROPERTY_COUNT
} kam_ics_property;

enum { KAM_ICS_MAX_DEPTH = 4 };

/* A writer appending to a caller-owned buffer. */
typedef struct kam_ics {
	kam_buf *out;
	kam_ics_component open[KAM_ICS_MAX_DEPTH];
	size_t depth;
} kam_ics;

/* Start writing to out (not NULL). */
void kam_ics_init(kam_ics *w, kam_buf *out);
/* BEGIN:<component>; ignored past KAM_ICS_MAX_DEPTH levels. */
void kam_ics_begin(kam_ics *w, kam_ics_component c);
/* END: of the innermost open component; nothing when none is open. */
void kam_ics_end(kam_ics *w);
/* END: of every open component, innermost first. */
void kam_ics_finish(kam_ics *w);

/* A property with a TEXT value (NULL writes ""), escaped as above. */
void kam_ics_text(kam_ics *w, kam_ics_property p, const char *value);
/* A property with a DATE value: "DTSTART;VALUE=DATE:20261201". */
void kam_ics_date(kam_ics *w, kam_ics_property p, kam_date d);
/* A property with a UTC DATE-TIME value: "DTSTAMP:20261201T000000Z". */
void kam_ics_utc(kam_ics *w, kam_ics_property p, kam_date d, int hour, int minute, int second);

/* Append s escaped as a TEXT value (no folding), for tests and callers
 * that build a value from parts. */
void kam_ics_escape(kam_buf *out, const char *s);

#ifdef __cplusplus
}
#endif

#endif
