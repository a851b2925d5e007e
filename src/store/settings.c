/* Named settings with defaults; see settings.h. */
#include "settings.h"

#include <stdio.h>
#include <string.h>

static const char *const keys[][2] = {
    {"office_name", "里水镇新型冠状病毒感染的肺炎疫情防控指挥部办公室"},
    {"town_name", "里水镇"},
    {"notice_mask", "masked"}, /* masked | full: ID number on release notices */
};
#define NKEYS (sizeof keys / sizeof keys[0])

static const char *default_of(const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i][0], key))
			return keys[i][1];
	return NULL;
}

int settings_known(const char *key)
{
	return default_of(key) != NULL;
}

void settings_get(struct db *db, const char *key, char *out, size_t outsz)
{
	const char *d = default_of(key);
	snprintf(out, outsz, "%s", d ? d : "");
	sqlite3_stmt *st = db_prep(db, "SELECT value FROM settings WHERE key=?");
	if (!st || !d)
		return;
	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
}

int settings_set(struct db *db, const struct actor *who, const char *key, const char *value)
{
	if (!settings_known(key))
		return ST_INVALID;
	sqlite3_stmt *st = db_prep(db, "INSERT INTO settings(key,value) VALUES(?1,?2) "
				       "ON CONFLICT(key) DO UPDATE SET value=?2");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	json_t *d = json_pack("{s:s}", "key", key);
	if (rc != SQLITE_DONE || audit_write(db, who, "settings.set", "settings", 0, d) < 0 ||
	    db_commit(db) < 0) {
		json_decref(d);
		db_rollback(db);
		return ST_ERR;
	}
	json_decref(d);
	return ST_OK;
}

json_t *settings_all(struct db *db)
{
	json_t *o = json_object();
	char v[512];
	for (size_t i = 0; i < NKEYS; i++) {
		settings_get(db, keys[i][0], v, sizeof v);
		json_object_set_new(o, keys[i][0], json_string(v));
	}
	return o;
}
