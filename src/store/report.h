/*
 * report — the daily report (日报) for any date, computed from the records'
 * own times (who was under observation on that date, whatever happened
 * since), with its reconciliation, frozen versions sent upward and
 * corrections, and the data behind the command dashboard.
 */
#ifndef FK_STORE_REPORT_H
#define FK_STORE_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "audit.h"
#include "db.h"

struct report_field {
	const char *key, *label;
	int per_village; /* meaningful per village */
};
/* Every field of the report in the default order (DOMAIN.md). */
extern const struct report_field report_fields[];
extern const int report_field_count;
const struct report_field *report_field_find(const char *key);

/* Figures for local date `date`: {"date","town":{key:n},"villages":[…],
 * "reconciliation":{…},"summary":"累计追踪…"}.  NULL on error. */
json_t *report_compute(struct db *db, int date);
/* The earliest date with any record (YYYYMMDD), 0 if none. */
int report_first_date(struct db *db);

/* Versions sent upward for a date (newest last), without figures. */
json_t *report_versions(struct db *db, int date);
/* One version with its figures, NULL if none. */
json_t *report_version(struct db *db, int date, int version);
/* Freeze `figures` as the next version (1 = 上报, >1 = 更正 with reason and
 * the changes against the previous version).  *version gets the number. */
int report_send(struct db *db, const struct actor *who, const char *who_name, int date,
		json_t *figures, const char *reason, int *version);

/* Export layout (title, fields with labels, per-village table on/off). */
json_t *report_layout_get(struct db *db);
/* Validate and save; NULL ok, else the unknown field's key (or "layout"). */
const char *report_layout_set(struct db *db, const struct actor *who, json_t *layout);

/* Dashboard: tiles, 30-day trends, checkpoint volume by hour, verification
 * progress by village, the village table. */
json_t *report_dashboard(struct db *db, int today, int64_t now);

#endif
