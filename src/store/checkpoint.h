/*
 * checkpoint — joint road checkpoints (联合检疫点): checkpoints, shifts and
 * who signed in and out, screenings with the persons screened, lookups that
 * warn the screener, sightings of persons who should be at home, and the
 * counts per checkpoint, shift and day.
 *
 * A screening carries a client-generated id: the phone page retries until it
 * gets an answer, and a retry returns the stored record instead of creating
 * a second one (screening_add: *existed).
 */
#ifndef FK_STORE_CHECKPOINT_H
#define FK_STORE_CHECKPOINT_H

#include <jansson.h>
#include <stdint.h>

#include "audit.h"
#include "core/screen.h"
#include "db.h"

struct checkpoint {
	int64_t id;
	char name[128], location[256], type[16];
	int active;
};

int cp_save(struct db *db, const struct actor *who, struct checkpoint *c);
int cp_get(struct db *db, int64_t id, struct checkpoint *c);
json_t *cp_list(struct db *db, int64_t now);

/* Shifts: staff is an array of {"user_id":N} or {"name":"…"}. */
int shift_create(struct db *db, const struct actor *who, int64_t cp, int64_t starts, int64_t ends,
		 const char *note, json_t *staff, int64_t *id);
json_t *shift_list(struct db *db, int64_t cp, int64_t from, int64_t to);
/* Sign a user in or out of a shift (the user must be on it; signing in adds
 * them if the shift has room).  ST_INVALID with *why on wrong order. */
int shift_sign(struct db *db, const struct actor *who, int64_t shift, int64_t user,
	       const char *name, int in, const char *handover, int64_t now, const char **why);
/* Hours worked per person per local day in [from_date, to_date] and the
 * week's total, from sign-in/out times (an open sign-in counts to `now`). */
json_t *shift_hours(struct db *db, int from_date, int to_date, int64_t now);

/* Store a screening.  *existed = 1 if the client id was seen before (the
 * stored id is returned, nothing written).  Persons under active
 * observation produce sightings (*sightings counts them). */
int screening_add(struct db *db, const struct actor *who, struct screening *s, int64_t *id,
		  int *existed, int *sightings);
/* The same inside the caller's transaction (bulk import). */
int screening_insert(struct db *db, const struct actor *who, struct screening *s, int64_t *id,
		     int *existed, int *sightings);
json_t *screening_get(struct db *db, int64_t id);
json_t *screening_list(struct db *db, int64_t cp, int64_t from, int64_t to, int64_t page,
		       int64_t per_page);

/* Flags for the person in front of the screener, by document number, phone
 * or plate: on an open verification task; under observation (should be at
 * home); released; seen at a checkpoint before.  No personal details beyond
 * what the screener typed. */
json_t *cp_lookup(struct db *db, const char *doc, const char *phone, const char *plate);

/* Counts for a local date: per checkpoint, per shift, per hour. */
json_t *cp_stats(struct db *db, int date);

json_t *flagged_list(struct db *db);
int flagged_set(struct db *db, const struct actor *who, const char *name, int active);

/* Fevers at checkpoints (cp_alerts), the commander's to acknowledge.  The
 * scope confines a checkpoint user to their checkpoint and a village worker
 * to their village's persons (0 = any).  {"items":[…],"total":N,"open":N}
 * (open counts the whole scope, not just the page). */
struct cp_alert_scope {
	int64_t checkpoint, village;
};
json_t *cp_alert_list(struct db *db, const struct cp_alert_scope *sc, int open_only);
/* ST_NOTFOUND when outside the scope or already acknowledged.  Audited. */
int cp_alert_ack(struct db *db, const struct actor *who, int64_t id,
		 const struct cp_alert_scope *sc, const char *note);

json_t *sighting_list(struct db *db, int64_t scope_village, int open_only);
int sighting_ack(struct db *db, const struct actor *who, int64_t id, int64_t scope_village);

#endif
