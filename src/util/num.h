/*
 * Checked number parsing: the whole string must be a number within range.
 * Used for every number that comes from outside (query strings, CLI flags,
 * path parameters) instead of atoi/strtol.
 */
#ifndef FK_NUM_H
#define FK_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Parse a decimal integer in [min, max]; no spaces, optional leading '-'.
 * 0 ok, -1 if not a number or out of range (out untouched). */
int num_parse_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out);
/* Same for a NUL-terminated string. */
int num_parse(const char *s, int64_t min, int64_t max, int64_t *out);
/* Parse a decimal like "37.3" (at most one fraction digit count `frac`
 * digits) into an integer scaled by 10^frac: "37.3" frac 1 -> 373. */
int num_parse_fixed(const char *s, int frac, int64_t min, int64_t max, int64_t *out);

#endif
