/* Time zones read from the system's zoneinfo files (TZif, RFC 8536), so that
 * local dates are computed without touching the process's TZ. */
#ifndef KAM_ZONE_H
#define KAM_ZONE_H

typedef struct kam_zone kam_zone;

/* The zone NAME ("Europe/Berlin"), or a POSIX TZ string ("CET-1CEST,M3.5.0,
 * M10.5.0/3") when no zoneinfo file has that name; UTC when it is neither.
 * Zones are read once and kept for the life of the process. */
const kam_zone *kam_zone_get(const char *name);

/* Seconds east of UTC in ZONE at the instant T (seconds since the epoch). */
long kam_zone_offset(const kam_zone *zone, long long t);

#endif
