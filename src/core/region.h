/*
 * region — names of GB/T 2260 division codes (province, city, county), as
 * found in the first six digits of a resident ID.  The table is generated
 * from the china-division package by tools/gen_regions.mjs (NBS 2023 codes
 * plus a few abolished ones still common on old cards).
 */
#ifndef FK_REGION_H
#define FK_REGION_H

/* Look up a six-digit code (not NUL-terminated; the first six bytes of an ID
 * number can be passed directly).  Returns 1 and sets *name to the full
 * UTF-8 name, province + city + county ("广东省佛山市南海区"; "广东省佛山市"
 * for 440600, "广东省" for 440000), static storage.  Returns 0 and sets
 * *name to NULL for an unknown code or one that is not six ASCII digits.
 * An unknown code is not an error for an ID: cards keep the county code of
 * their year of issue.  `name` may be NULL when only the answer matters. */
int region_lookup(const char code6[6], const char **name);

#endif
