/*
 * plate — Chinese vehicle licence plates as typed at a checkpoint:
 * a province character (粤, 鄂 …) + a letter + 5 characters (ordinary) or
 * 6 (new energy, green plates), with the separators people type (space,
 * "·", "-") removed and letters uppercased.  "无车牌" is allowed.
 */
#ifndef FK_PLATE_H
#define FK_PLATE_H

#include <stddef.h>

enum plate_kind { PLATE_INVALID = 0, PLATE_ORDINARY, PLATE_NEW_ENERGY, PLATE_NONE };

/* Normalise and validate; writes the plate (or "无车牌") to out. */
enum plate_kind plate_parse(const char *s, size_t len, char *out, size_t outsz);
/* The province (e.g. "湖北") a plate's first character stands for, or "". */
const char *plate_province(const char *plate);

#endif
