/*
 * settings — small named values an admin changes in the UI (the office name
 * printed on notices…).  Every key has a default here, so an unset key is
 * never an error.
 */
#ifndef FK_SETTINGS_H
#define FK_SETTINGS_H

#include <jansson.h>
#include <stddef.h>

#include "audit.h"
#include "db.h"

/* Copy the value (or the key's default) into out.  Unknown key → "". */
void settings_get(struct db *db, const char *key, char *out, size_t outsz);
/* ST_OK, ST_INVALID (unknown key). Audited. */
int settings_set(struct db *db, const struct actor *who, const char *key, const char *value);
/* Every known key with its value. */
json_t *settings_all(struct db *db);
/* 1 if the key is known. */
int settings_known(const char *key);

#endif
