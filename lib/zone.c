/* Time zones without the C library's process-wide TZ: the zoneinfo file's
 * transitions (RFC 8536, version 2 and later: 64-bit times), and after the
 * last one the POSIX TZ rule in its footer, which says how the zone keeps
 * changing (daylight saving every year). */
#define _POSIX_C_SOURCE 200809L
#include "zone.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kam/quarter.h"
#include "kam/util.h"
#include "banned.h"

/* when and how a POSIX rule switches: Mm.w.d, Jn or n, at a local time */
typedef struct rule_day {
	char kind; /* 'M', 'J' or 'n' */
	int month, week, weekday, day;
	long time; /* seconds after local midnight, may be negative or past a day */
} rule_day;

typedef struct posix_rule {
	long std_offset, dst_offset; /* seconds east of UTC */
	bool has_dst;
	rule_day start, end;
} posix_rule;

struct kam_zone {
	char *name;
	long long *times; /* transitions, ascending */
	long *offsets;    /* the offset from each transition on */
	long first_offset; /* before the first transition */
	size_t count;
	bool has_rule; /* after the last transition (or always, when none) */
	posix_rule rule;
	struct kam_zone *next;
};

/* ------------------------------------------------------------------ */
/* POSIX TZ strings                                                    */

static const char *skip_name(const char *p)
{
	if (*p == '<') {
		const char *end = strchr(p, '>');
		return end ? end + 1 : NULL;
	}
	const char *start = p;
	while (isalpha((unsigned char)*p))
		p++;
	return p - start >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] */
static const char *parse_hms(const char *p, long *out)
{
	int sign = 1;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)*p))
		return NULL;
	long parts[3] = {0, 0, 0};
	for (int i = 0; i < 3; i++) {
		char *end;
		parts[i] = strtol(p, &end, 10);
		p = end;
		if (*p != ':' || i == 2)
			break;
		p++;
	}
	*out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
	return p;
}

static const char *parse_rule_day(const char *p, rule_day *r)
{
	char *end;
	r->time = 2 * 3600;
	if (*p == 'M') {
		r->kind = 'M';
		r->month = (int)strtol(p + 1, &end, 10);
		if (*end != '.')
			return NULL;
		r->week = (int)strtol(end + 1, &end, 10);
		if (*end != '.')
			return NULL;
		r->weekday = (int)strtol(end + 1, &end, 10);
		if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->weekday < 0 ||
		    r->weekday > 6)
			return NULL;
	} else {
		r->kind = *p == 'J' ? 'J' : 'n';
		if (*p == 'J')
			p++;
		if (!isdigit((unsigned char)*p))
			return NULL;
		r->day = (int)strtol(p, &end, 10);
		if (r->day < 0 || r->day > 365)
			return NULL;
	}
	p = end;
	if (*p == '/' && !(p = parse_hms(p + 1, &r->time)))
		return NULL;
	return p;
}

static bool parse_posix(const char *p, posix_rule *r)
{
	long west;
	memset(r, 0, sizeof(*r));
	if (!(p = skip_name(p)) || !(p = parse_hms(p, &west)))
		return false;
	r->std_offset = -west; /* POSIX counts hours west of Greenwich */
	if (!*p)
		return true;
	if (!(p = skip_name(p)))
		return false;
	r->has_dst = true;
	r->dst_offset = r->std_offset + 3600;
	if (*p && *p != ',') {
		if (!(p = parse_hms(p, &west)))
			return false;
		r->dst_offset = -west;
	}
	if (!*p) /* no rule given: the US rule, as the C library assumes */
		p = ",M3.2.0,M11.1.0";
	if (*p != ',' || !(p = parse_rule_day(p + 1, &r->start)) || *p != ',' ||
	    !(p = parse_rule_day(p + 1, &r->end)))
		return false;
	return *p == '\0';
}

static bool leap_year(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* the day (days since the epoch) a rule names in YEAR */
static long rule_days(const rule_day *r, int year)
{
	long jan1 = kam_date_days((kam_date){year, 1, 1});
	if (r->kind == 'J') /* 1..365, February 29 never counted */
		return jan1 + r->day - 1 + (leap_year(year) && r->day >= 60);
	if (r->kind == 'n')
		return jan1 + r->day;
	long first = kam_date_days((kam_date){year, r->month, 1});
	long weekday_of_first = ((first + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
	long day = (r->weekday - weekday_of_first + 7) % 7 + 7 * (r->week - 1);
	kam_date next = kam_date_add_months((kam_date){year, r->month, 1}, 1);
	long length = kam_date_days(next) - first;
	while (day >= length)
		day -= 7;
	return first + day;
}

static long rule_offset(const posix_rule *r, long long t)
{
	if (!r->has_dst)
		return r->std_offset;
	kam_date local = kam_date_from_days((long)((t + r->std_offset) / 86400 -
						   ((t + r->std_offset) % 86400 < 0)));
	/* the switches as instants: the start is given in standard time, the end in daylight time */
	long long start = (long long)rule_days(&r->start, local.year) * 86400 + r->start.time - r->std_offset;
	long long end = (long long)rule_days(&r->end, local.year) * 86400 + r->end.time - r->dst_offset;
	bool dst = start < end ? t >= start && t < end : t < end || t >= start;
	return dst ? r->dst_offset : r->std_offset;
}

/* ------------------------------------------------------------------ */
/* zoneinfo files                                                      */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static long long be64(const unsigned char *p)
{
	return (long long)((uint64_t)be32(p) << 32 | be32(p + 4));
}

typedef struct counts {
	uint32_t isut, isstd, leap, time, type, chars;
} counts;

static bool read_counts(const unsigned char *p, size_t len, counts *c)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return false;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
	return c->type > 0 && c->type < 256 && c->time < 1000000 && c->chars < 65536 &&
	       c->leap < 65536 && c->isut <= c->type && c->isstd <= c->type;
}

static size_t block_size(const counts *c, size_t time_size)
{
	return c->time * time_size + c->time + c->type * 6 + c->chars + c->leap * (time_size + 4) +
	       c->isstd + c->isut;
}

static bool parse_tzif(const unsigned char *data, size_t len, kam_zone *z)
{
	counts c;
	if (!read_counts(data, len, &c))
		return false;
	size_t time_size = 4, at = 44;
	if (data[4] >= '2') { /* skip the 32-bit block for the 64-bit one */
		at += block_size(&c, 4);
		if (at > len || !read_counts(data + at, len - at, &c))
			return false;
		at += 44;
		time_size = 8;
	}
	if (at + block_size(&c, time_size) > len)
		return false;
	const unsigned char *times = data + at, *indices = times + c.time * time_size;
	const unsigned char *types = indices + c.time;
	z->count = c.time;
	z->times = kam_xcalloc(c.time + 1, sizeof(*z->times));
	z->offsets = kam_xcalloc(c.time + 1, sizeof(*z->offsets));
	for (size_t i = 0; i < c.time; i++) {
		if (indices[i] >= c.type)
			return false;
		z->times[i] = time_size == 8 ? be64(times + 8 * i) : (int32_t)be32(times + 4 * i);
		z->offsets[i] = (int32_t)be32(types + 6 * indices[i]);
	}
	z->first_offset = (int32_t)be32(types); /* time type 0 */
	at += block_size(&c, time_size);
	if (time_size == 8 && at < len && data[at] == '\n') {
		const char *footer = (const char *)data + at + 1;
		const char *nl = memchr(footer, '\n', len - at - 1);
		if (nl && nl > footer) {
			char *text = kam_xstrndup(footer, (size_t)(nl - footer));
			z->has_rule = parse_posix(text, &z->rule);
			free(text);
		}
	}
	return true;
}

static bool load_file(const char *name, kam_zone *z)
{
	if (!*name || name[0] == '/' || strstr(name, ".."))
		return false;
	char *path = kam_xprintf("/usr/share/zoneinfo/%s", name);
	size_t len = 0;
	char *data = NULL;
	bool ok = kam_file_read(&data, &len, path, 1 << 20, NULL) == KAM_OK &&
		  parse_tzif((const unsigned char *)data, len, z);
	free(path);
	free(data);
	return ok;
}

static kam_zone *load_zone(const char *name)
{
	kam_zone *z = kam_xcalloc(1, sizeof(*z));
	z->name = kam_xstrdup(name);
	if (!load_file(name, z)) {
		free(z->times);
		free(z->offsets);
		z->times = NULL;
		z->offsets = NULL;
		z->count = 0;
		z->has_rule = parse_posix(name, &z->rule); /* else UTC */
	}
	return z;
}

/* every zone asked for, read once: a few per process */
static pthread_mutex_t zones_lock = PTHREAD_MUTEX_INITIALIZER;
static kam_zone *zones;

const kam_zone *kam_zone_get(const char *name)
{
	if (!name || !*name)
		name = "UTC";
	pthread_mutex_lock(&zones_lock);
	kam_zone *z = zones;
	while (z && strcmp(z->name, name) != 0)
		z = z->next;
	if (!z) {
		z = load_zone(name);
		z->next = zones;
		zones = z;
	}
	pthread_mutex_unlock(&zones_lock);
	return z;
}

long kam_zone_offset(const kam_zone *z, long long t)
{
	if (z->count == 0)
		return z->has_rule ? rule_offset(&z->rule, t) : 0;
	if (t < z->times[0])
		return z->first_offset;
	size_t lo = 0, hi = z->count; /* the last transition at or before t */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	if (lo == z->count - 1 && z->has_rule)
		return rule_offset(&z->rule, t);
	return z->offsets[lo];
}
