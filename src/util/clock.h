/*
 * clock — the current time and the local calendar date.
 *
 * Times are UTC seconds; calendar dates are local dates in China Standard
 * Time (UTC+8, no daylight saving since 1991), the zone every town using
 * fangkong lives in.  Tests may pin "now" with the environment variable
 * FANGKONG_NOW=<unix seconds>.
 */
#ifndef FK_CLOCK_H
#define FK_CLOCK_H

#include <stdint.h>

#define CLOCK_TZ_OFFSET (8 * 3600)

int64_t clock_now(void);
/* Local date of a UTC time as YYYYMMDD. */
int clock_local_date(int64_t t);
/* Today's local date as YYYYMMDD. */
int clock_today(void);

#endif
