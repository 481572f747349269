/* The iCalendar writer; see kam/ics.h. */
#include "kam/ics.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static const char *const component_names[KAM_ICS_COMPONENT_COUNT] = {"VCALENDAR", "VEVENT",
								       "VTODO"};
static const char *const property_names[KAM_ICS_PROPERTY_COUNT] = {
	"VERSION", "PRODID",  "CALSCALE", "METHOD", "X-WR-CALNAME", "UID",	   "DTSTAMP",
	"DTSTART", "DTEND",   "DUE",	  "SUMMARY", "DESCRIPTION", "CATEGORIES", "STATUS",
	"TRANSP"};

enum { FOLD_AT = 75 }; /* octets of a content line, CR LF not counted */

void kam_ics_init(kam_ics *w, kam_buf *out)
{
	*w = (kam_ics){.out = out};
}

/* The length of the UTF-8 sequence starting with byte c (the line is
 * valid UTF-8 by construction; a stray continuation byte counts as one). */
static size_t sequence_length(unsigned char c)
{
	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* One content line, folded: a physical line holds at most FOLD_AT octets,
 * the space that starts a continuation line included. */
static void put_line(kam_buf *out, const char *line, size_t len)
{
	size_t used = 0;
	for (size_t i = 0; i < len;) {
		size_t n = sequence_length((unsigned char)line[i]);
		if (n > len - i)
			n = len - i;
		if (used + n > FOLD_AT) {
			kam_buf_puts(out, "\r\n ");
			used = 1;
		}
		kam_buf_add(out, line + i, n);
		used += n;
		i += n;
	}
	kam_buf_puts(out, "\r\n");
}

void kam_ics_begin(kam_ics *w, kam_ics_component c)
{
	if (w->depth >= KAM_ICS_MAX_DEPTH || (unsigned)c >= KAM_ICS_COMPONENT_COUNT)
		return;
	w->open[w->depth++] = c;
	kam_buf_printf(w->out, "BEGIN:%s\r\n", component_names[c]);
}

void kam_ics_end(kam_ics *w)
{
	if (!w->depth)
		return;
	kam_buf_printf(w->out, "END:%s\r\n", component_names[w->open[--w->depth]]);
}

void kam_ics_finish(kam_ics *w)
{
	while (w->depth)
		kam_ics_end(w);
}

void kam_ics_escape(kam_buf *out, const char *s)
{
	for (size_t i = 0, len = s ? strlen(s) : 0; i < len;) {
		uint32_t cp;
		size_t n = kam_utf8_decode(s + i, len - i, &cp);
		if (!n) {
			kam_buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
			i++;
			continue;
		}
		if (cp == '\r' && s[i + 1] == '\n')
			; /* CR LF is one line break: the LF writes it */
		else if (cp == '\r' || cp == '\n')
			kam_buf_puts(out, "\\n");
		else if (cp == '\\' || cp == ';' || cp == ',') {
			kam_buf_putc(out, '\\');
			kam_buf_putc(out, (char)cp);
		} else if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F))
			kam_buf_putc(out, ' ');
		else
			kam_buf_add(out, s + i, n);
		i += n;
	}
}

static void put_property(kam_ics *w, kam_ics_property p, const char *params, const char *value,
			 bool escape)
{
	if ((unsigned)p >= KAM_ICS_PROPERTY_COUNT)
		return;
	kam_buf line = KAM_BUF_INIT;
	kam_buf_puts(&line, property_names[p]);
	kam_buf_puts(&line, params);
	kam_buf_putc(&line, ':');
	if (escape)
		kam_ics_escape(&line, value);
	else
		kam_buf_puts(&line, value);
	put_line(w->out, line.ptr, line.len);
	kam_buf_release(&line);
}

void kam_ics_text(kam_ics *w, kam_ics_property p, const char *value)
{
	put_property(w, p, "", value, true);
}

void kam_ics_date(kam_ics *w, kam_ics_property p, kam_date d)
{
	char value[16];
	snprintf(value, sizeof(value), "%04d%02d%02d", d.year % 10000, d.month % 100, d.day % 100);
	put_property(w, p, ";VALUE=DATE", value, false);
}

void kam_ics_utc(kam_ics *w, kam_ics_property p, kam_date d, int hour, int minute, int second)
{
	char value[24];
	snprintf(value, sizeof(value), "%04d%02d%02dT%02d%02d%02dZ", d.year % 10000, d.month % 100,
		 d.day % 100, hour % 100, minute % 100, second % 100);
	put_property(w, p, "", value, false);
}
