/*
 * date — calendar arithmetic on local dates held as YYYYMMDD integers
 * (20200126), the form every observation day, report date and list date
 * takes in fangkong.  Proleptic Gregorian; valid for years 1800–9999.
 */
#ifndef FK_DATE_H
#define FK_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 of a YYYYMMDD date (no validation). */
int64_t date_days(int ymd);
/* Inverse of date_days. */
int date_from_days(int64_t days);
/* ymd + n days. */
int date_add(int ymd, int n);
/* b - a in days. */
int date_diff(int a, int b);
/* 1 if a real calendar date. */
int date_ok(int ymd);
/* Parse "YYYY-MM-DD" (exactly) into YYYYMMDD; 0 ok, -1 invalid. */
int date_parse(const char *s, int *ymd);
/* Format as "YYYY-MM-DD" into out (≥ 11 bytes). */
void date_format(int ymd, char *out, size_t outsz);

/* UTC seconds of the local (UTC+8) time `secs` seconds after the start of
 * day ymd: date_local_time(ymd, 0) is the day's first second. */
int64_t date_local_time(int ymd, int64_t secs);
/* Parse a local (UTC+8) time "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM[:SS]"
 * into UTC seconds.  0 ok, -1 invalid. */
int date_parse_local_time(const char *s, int64_t *t);

#endif
