/*
 * Medical observation storage: rules, starting observations, transitions,
 * checks, alerts, release notices; see obs.h.  Write paths are short
 * transactions (BEGIN IMMEDIATE) that re-read what they decide on.
 */
#include "obs.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "util/clock.h"

static int col_date(sqlite3_stmt *st, int i)
{
	int ymd = 0;
	date_parse((const char *)sqlite3_column_text(st, i), &ymd);
	return ymd;
}

static void bind_date(sqlite3_stmt *st, int i, int ymd)
{
	char d[11];
	date_format(ymd, d, sizeof d);
	sqlite3_bind_text(st, i, d, -1, SQLITE_TRANSIENT);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- rules ---- */

static void minute_str(int m, char out[6])
{
	snprintf(out, 6, "%02d:%02d", m / 60 % 100, m % 60);
}

json_t *obs_rules_to_json(const struct obs_rules *r)
{
	char a[6], b[6], c[6], d[6], eff[11];
	minute_str(r->win[0][0], a);
	minute_str(r->win[0][1], b);
	minute_str(r->win[1][0], c);
	minute_str(r->win[1][1], d);
	json_t *sym = json_array();
	for (int i = 0; i < r->nsymptoms; i++)
		json_array_append_new(sym, json_string(r->symptoms[i]));
	json_t *th = json_object();
	for (int m = 0; m < METHOD_COUNT; m++)
		json_object_set_new(th, obs_method_name(m), json_real(r->threshold[m] / 10.0));
	json_t *o = json_pack("{s:i,s:b,s:{s:[ss],s:[ss]},s:o,s:o}", "period_days", r->period_days,
			      "day0", r->day0, "windows", "morning", a, b, "evening", c, d,
			      "thresholds", th, "symptoms", sym);
	if (r->id) {
		date_format(r->effective, eff, sizeof eff);
		json_object_set_new(o, "id", json_integer(r->id));
		json_object_set_new(o, "version", json_integer(r->version));
		json_object_set_new(o, "effective_date", json_string(eff));
	}
	return o;
}

static int parse_minute(json_t *j, int *out)
{
	const char *s = json_string_value(j);
	int h, m;
	char extra;
	if (!s || sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 ||
	    m > 59 || (h == 24 && m))
		return -1;
	*out = h * 60 + m;
	return 0;
}

const char *obs_rules_from_json(json_t *j, struct obs_rules *r, const char **field)
{
	json_t *v;
	*field = NULL;
	if ((v = json_object_get(j, "period_days"))) {
		*field = "period_days";
		if (!json_is_integer(v))
			return "rules_period";
		r->period_days = (int)json_integer_value(v);
	}
	if ((v = json_object_get(j, "day0"))) {
		*field = "day0";
		if (!json_is_boolean(v))
			return "invalid";
		r->day0 = json_is_true(v);
	}
	if ((v = json_object_get(j, "windows"))) {
		static const char *const names[2] = {"morning", "evening"};
		*field = "windows";
		if (!json_is_object(v))
			return "rules_window";
		for (int s = 0; s < 2; s++) {
			json_t *w = json_object_get(v, names[s]);
			if (w && (!json_is_array(w) || json_array_size(w) != 2 ||
				  parse_minute(json_array_get(w, 0), &r->win[s][0]) < 0 ||
				  parse_minute(json_array_get(w, 1), &r->win[s][1]) < 0))
				return "rules_window";
		}
	}
	if ((v = json_object_get(j, "thresholds"))) {
		*field = "thresholds";
		if (!json_is_object(v))
			return "rules_threshold";
		for (int m = 0; m < METHOD_COUNT; m++) {
			json_t *t = json_object_get(v, obs_method_name(m));
			if (!t)
				continue;
			if (!json_is_number(t))
				return "rules_threshold";
			double x = json_number_value(t) * 10;
			r->threshold[m] = (int)(x + (x >= 0 ? 0.5 : -0.5));
		}
	}
	if ((v = json_object_get(j, "symptoms"))) {
		*field = "symptoms";
		if (!json_is_array(v) || json_array_size(v) > OBS_MAX_SYMPTOMS)
			return "rules_symptoms";
		size_t i;
		json_t *s;
		r->nsymptoms = 0;
		json_array_foreach(v, i, s)
		{
			if (!json_is_string(s) || !json_string_length(s) ||
			    json_string_length(s) >= sizeof r->symptoms[0])
				return "rules_symptoms";
			snprintf(r->symptoms[r->nsymptoms++], sizeof r->symptoms[0], "%s",
				 json_string_value(s));
		}
	}
	const char *bad = obs_rules_check(r);
	if (!bad)
		*field = NULL;
	return bad;
}

static int rules_from_row(sqlite3_stmt *st, struct obs_rules *r)
{
	const char *field;
	obs_rules_default(r);
	r->id = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int(st, 1);
	r->effective = col_date(st, 2);
	json_t *j = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
	const char *bad = j ? obs_rules_from_json(j, r, &field) : "invalid";
	json_decref(j);
	return bad ? ST_ERR : ST_OK;
}

/* Rule sets are versions, never changed in place (obs_rules_add inserts a
 * new row), so the set in force on a date is a function of the date and the
 * newest row id: each thread keeps the last one it parsed for a connection.
 * Parsing the JSON was a fifth of a screening entry's instructions
 * (callgrind); the cache costs one rowid lookup. */
static _Thread_local struct {
	uint64_t serial; /* db_serial() of the connection, 0: empty */
	int date;
	int64_t max_id;
	struct obs_rules r;
} rules_cache;

static int rules_for_uncached(struct db *db, int date, struct obs_rules *r)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT id,version,effective_date,rules FROM obs_rules "
		"ORDER BY effective_date<=?1 DESC, CASE WHEN effective_date<=?1 THEN version END "
		"DESC, version LIMIT 1");
	if (!st)
		return ST_ERR;
	bind_date(st, 1, date);
	int rc = sqlite3_step(st) == SQLITE_ROW ? rules_from_row(st, r) : ST_NOTFOUND;
	sqlite3_reset(st);
	return rc;
}

int obs_rules_for(struct db *db, int date, struct obs_rules *r)
{
	int64_t max_id = db_scalar(db, "SELECT max(id) FROM obs_rules", -1);
	if (max_id > 0 && rules_cache.serial == db_serial(db) && rules_cache.date == date &&
	    rules_cache.max_id == max_id) {
		*r = rules_cache.r;
		return ST_OK;
	}
	int rc = rules_for_uncached(db, date, r);
	rules_cache.serial = 0;
	if (rc == ST_OK && max_id > 0) {
		rules_cache.serial = db_serial(db);
		rules_cache.date = date;
		rules_cache.max_id = max_id;
		rules_cache.r = *r;
	}
	return rc;
}

int obs_rules_get(struct db *db, int64_t id, struct obs_rules *r)
{
	sqlite3_stmt *st =
	    db_prep(db, "SELECT id,version,effective_date,rules FROM obs_rules WHERE id=?");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st) == SQLITE_ROW ? rules_from_row(st, r) : ST_NOTFOUND;
	sqlite3_reset(st);
	return rc;
}

int obs_rules_add(struct db *db, const struct actor *who, struct obs_rules *r, const char *note)
{
	sqlite3_stmt *st =
	    db_prep(db, "INSERT INTO obs_rules(version,effective_date,rules,note,"
			"created_by,created_at) VALUES((SELECT coalesce(max(version),0)"
			"+1 FROM obs_rules),?,?,?,?,?) RETURNING id,version");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	struct obs_rules copy = *r;
	copy.id = 0;
	json_t *j = obs_rules_to_json(&copy);
	char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(j);
	bind_date(st, 1, r->effective);
	db_bind_text(st, 2, text);
	db_bind_text(st, 3, note ? note : "");
	bind_id(st, 4, who->user_id);
	sqlite3_bind_int64(st, 5, clock_now());
	free(text);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		r->version = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	json_t *d = json_pack("{s:i}", "version", r->version);
	if (rc != SQLITE_ROW || audit_write(db, who, "rules.create", "obs_rules", r->id, d) < 0 ||
	    db_commit(db) < 0) {
		json_decref(d);
		db_rollback(db);
		return ST_ERR;
	}
	json_decref(d);
	return ST_OK;
}

json_t *obs_rules_list(struct db *db)
{
	sqlite3_stmt *st =
	    db_prep(db, "SELECT r.id,r.version,r.effective_date,r.rules AS rules_json,"
			"r.note,r.created_at,u.name AS created_by_name,"
			"(SELECT count(*) FROM observations o WHERE o.rules_id=r.id)"
			" AS observations FROM obs_rules r LEFT JOIN users u ON "
			"u.id=r.created_by ORDER BY r.version DESC");
	return st ? db_rows_json(st) : NULL;
}

/* ---- observations ---- */

#define OBS_COLS                                                                                   \
	"o.id,o.person_id,o.kind,o.status,o.reason,o.reason_detail,o.exposure_date,o.day1,"        \
	"o.planned_end,o.extended_days,o.rules_id,coalesce(o.site_id,0),coalesce(o.room_id,0),"    \
	"coalesce(o.bed,0),coalesce(o.worker_id,0),o.doctor,o.first_window,o.last_check_window,"   \
	"coalesce(o.last_check_at,0),o.started_at,coalesce(o.ended_at,0),coalesce(o.lost_at,0),"   \
	"coalesce(p.village_id,0)"

static void obs_from_row(sqlite3_stmt *st, struct obs *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	o->person_id = sqlite3_column_int64(st, 1);
	o->kind = strcmp((const char *)sqlite3_column_text(st, 2), "central") == 0;
	o->status = obs_status_from_name((const char *)sqlite3_column_text(st, 3));
	db_copy_col(o->reason, sizeof o->reason, st, 4);
	db_copy_col(o->reason_detail, sizeof o->reason_detail, st, 5);
	o->exposure = col_date(st, 6);
	o->day1 = col_date(st, 7);
	o->planned_end = col_date(st, 8);
	o->extended_days = sqlite3_column_int(st, 9);
	o->rules_id = sqlite3_column_int64(st, 10);
	o->site_id = sqlite3_column_int64(st, 11);
	o->room_id = sqlite3_column_int64(st, 12);
	o->bed = sqlite3_column_int(st, 13);
	o->worker_id = sqlite3_column_int64(st, 14);
	db_copy_col(o->doctor, sizeof o->doctor, st, 15);
	o->first_window = sqlite3_column_int64(st, 16);
	o->last_check_window = sqlite3_column_int64(st, 17);
	o->last_check_at = sqlite3_column_int64(st, 18);
	o->started_at = sqlite3_column_int64(st, 19);
	o->ended_at = sqlite3_column_int64(st, 20);
	o->lost_at = sqlite3_column_int64(st, 21);
	o->village_id = sqlite3_column_int64(st, 22);
}

int obs_load(struct db *db, int64_t id, const struct obs_scope *sc, struct obs *o)
{
	sqlite3_stmt *st = db_prep(db, "SELECT " OBS_COLS " FROM observations o JOIN persons p ON "
				       "p.id=o.person_id WHERE o.id=?1 AND (?2 IS NULL OR "
				       "p.village_id=?2) AND (?3 IS NULL OR o.site_id=?3)");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	bind_id(st, 2, sc->village);
	bind_id(st, 3, sc->site);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		obs_from_row(st, o);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

static int write_event(struct db *db, const struct actor *who, int64_t obs_id, int action,
		       const char *action_name, int from, int to, const char *reason,
		       json_t *detail)
{
	sqlite3_stmt *st =
	    db_prep(db, "INSERT INTO obs_events(obs_id,at,user_id,username,action,"
			"from_status,to_status,reason,detail) VALUES(?,?,?,?,?,?,?,?,?)");
	if (!st)
		return -1;
	char *d = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	sqlite3_bind_int64(st, 1, obs_id);
	sqlite3_bind_int64(st, 2, clock_now());
	bind_id(st, 3, who->user_id);
	db_bind_text(st, 4, who->username);
	db_bind_text(st, 5, action_name ? action_name : obs_action_name(action));
	db_bind_text(st, 6, obs_status_name(from));
	db_bind_text(st, 7, obs_status_name(to));
	db_bind_text(st, 8, reason ? reason : "");
	db_bind_text(st, 9, d ? d : "{}");
	free(d);
	int rc = step_done(st);
	if (rc == 0) {
		char action_full[48];
		snprintf(action_full, sizeof action_full, "observation.%s",
			 action_name ? action_name : obs_action_name(action));
		rc = audit_write(db, who, action_full, "observation", obs_id, detail);
	}
	return rc;
}

/* Bed checks for central observation: the room belongs to the site, the bed
 * exists and is free, the site is not full.  NULL ok, else a code. */
static const char *bed_check(struct db *db, int64_t site, int64_t room, int bed, int64_t except)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT s.capacity, r.beds, r.site_id,"
		" (SELECT count(*) FROM observations o WHERE o.site_id=s.id AND o.kind='central'"
		"  AND o.status IN ('active','lost') AND o.id<>?4),"
		" (SELECT count(*) FROM observations o WHERE o.room_id=?2 AND o.bed=?3"
		"  AND o.kind='central' AND o.status IN ('active','lost') AND o.id<>?4)"
		" FROM sites s LEFT JOIN rooms r ON r.id=?2 WHERE s.id=?1 AND s.active=1");
	if (!st)
		return "internal";
	sqlite3_bind_int64(st, 1, site);
	sqlite3_bind_int64(st, 2, room);
	sqlite3_bind_int(st, 3, bed);
	sqlite3_bind_int64(st, 4, except);
	const char *why = "site";
	if (sqlite3_step(st) == SQLITE_ROW) {
		int cap = sqlite3_column_int(st, 0), beds = sqlite3_column_int(st, 1);
		int64_t rsite = sqlite3_column_int64(st, 2);
		int used = sqlite3_column_int(st, 3), taken = sqlite3_column_int(st, 4);
		if (used >= cap)
			why = "site_full";
		else if (sqlite3_column_type(st, 1) == SQLITE_NULL || rsite != site)
			why = "room_site";
		else if (bed < 1 || bed > beds)
			why = "bed_invalid";
		else if (taken)
			why = "bed_taken";
		else
			why = NULL;
	}
	sqlite3_reset(st);
	return why;
}

/* The first free bed of a site, for check-in without a chosen bed. */
static int free_bed(struct db *db, int64_t site, int64_t *room, int *bed)
{
	sqlite3_stmt *st = db_prep(
	    db, "WITH RECURSIVE b(room,n,beds) AS (SELECT id,1,beds FROM rooms WHERE site_id=?1"
		" UNION ALL SELECT room,n+1,beds FROM b WHERE n<beds)"
		" SELECT b.room,b.n FROM b JOIN rooms r ON r.id=b.room WHERE NOT EXISTS("
		" SELECT 1 FROM observations o WHERE o.room_id=b.room AND o.bed=b.n AND"
		" o.kind='central' AND o.status IN ('active','lost'))"
		" ORDER BY r.number, b.n LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, site);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		*room = sqlite3_column_int64(st, 0);
		*bed = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return found ? 0 : -1;
}

static const char *place_central(struct db *db, int64_t site, int64_t *room, int *bed,
				 int64_t except)
{
	if (!site)
		return "site";
	if (!*room && free_bed(db, site, room, bed) < 0) {
		/* no free bed: a site that does not exist (or is closed) says so */
		const char *why = bed_check(db, site, 0, 0, except);
		return why && !strcmp(why, "site") ? why : "site_full";
	}
	return bed_check(db, site, *room, *bed, except);
}

int obs_start_tx(struct db *db, const struct actor *who, struct obs *o, const struct obs_scope *sc,
		 int flags, int64_t *existing, const char **why)
{
	*existing = 0;
	*why = NULL;
	sqlite3_stmt *st = db_prep(db, "SELECT village_id, (SELECT id FROM observations WHERE "
				       "person_id=?1 AND status IN ('active','lost')) FROM persons "
				       "WHERE id=?1 AND merged_into IS NULL AND (?2 IS NULL OR "
				       "village_id=?2)");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, o->person_id);
	bind_id(st, 2, sc->village);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->village_id = sqlite3_column_int64(st, 0);
		*existing = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		*why = "person";
		return ST_INVALID;
	}
	if (*existing)
		return ST_CONFLICT;
	if (o->kind == KIND_CENTRAL) {
		if (sc->site && o->site_id != sc->site) {
			*why = "site";
			return ST_INVALID;
		}
		/* a checkpoint sends the person on; the observation group places them */
		if (!(flags & OBS_START_UNPLACED) || o->site_id) {
			if ((*why = place_central(db, o->site_id, &o->room_id, &o->bed, 0)))
				return ST_INVALID;
		}
	} else {
		o->site_id = o->room_id = 0;
		o->bed = 0;
	}
	struct obs_rules r;
	if (obs_rules_get(db, o->rules_id, &r) != ST_OK)
		return ST_ERR;
	o->status = OBS_ACTIVE;
	o->day1 = obs_day1(&r, o->exposure);
	o->planned_end = obs_planned_end(&r, o->exposure, 0);
	o->started_at = clock_now();
	o->first_window = obs_first_window(&r, o->started_at);
	st = db_prep(db, "INSERT INTO observations(person_id,kind,status,reason,reason_detail,"
			 "exposure_date,day1,planned_end,rules_id,site_id,room_id,bed,worker_id,"
			 "doctor,first_window,started_at,started_by) "
			 "VALUES(?,?,'active',?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, o->person_id);
	db_bind_text(st, 2, o->kind == KIND_CENTRAL ? "central" : "home");
	db_bind_text(st, 3, o->reason);
	db_bind_text(st, 4, o->reason_detail);
	bind_date(st, 5, o->exposure);
	bind_date(st, 6, o->day1);
	bind_date(st, 7, o->planned_end);
	sqlite3_bind_int64(st, 8, o->rules_id);
	bind_id(st, 9, o->site_id);
	bind_id(st, 10, o->room_id);
	if (o->bed)
		sqlite3_bind_int(st, 11, o->bed);
	bind_id(st, 12, o->worker_id);
	db_bind_text(st, 13, o->doctor);
	sqlite3_bind_int64(st, 14, o->first_window);
	sqlite3_bind_int64(st, 15, o->started_at);
	bind_id(st, 16, who->user_id);
	if (step_done(st) < 0)
		return ST_ERR;
	o->id = sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:s,s:I,s:s}", "kind", o->kind ? "central" : "home", "person_id",
			      (json_int_t)o->person_id, "reason", o->reason);
	if (o->kind == KIND_CENTRAL && !o->site_id)
		json_object_set_new(d, "site", json_string("pending"));
	rc = write_event(db, who, o->id, -1, "start", OBS_ACTIVE, OBS_ACTIVE, o->reason_detail, d);
	json_decref(d);
	return rc < 0 ? ST_ERR : ST_OK;
}

int obs_start(struct db *db, const struct actor *who, struct obs *o, const struct obs_scope *sc,
	      int64_t *existing, const char **why)
{
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = obs_start_tx(db, who, o, sc, 0, existing, why);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db) < 0 ? ST_ERR : ST_OK;
}

/* Facts for the state machine, read inside the transaction. */
static int load_state(struct db *db, const struct obs *o, struct obs_state *s)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT (SELECT count(*) FROM alerts WHERE obs_id=?1 AND status<>'closed'),"
		" (SELECT coalesce(max(n),0) FROM (SELECT count(DISTINCT slot) AS n FROM checks"
		"  WHERE obs_id=?1 AND local_date>=?2 AND temp IS NOT NULL GROUP BY local_date))");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, o->id);
	bind_date(st, 2, o->planned_end);
	int rc = sqlite3_step(st);
	s->status = o->status;
	s->kind = o->kind;
	s->planned_end = o->planned_end;
	s->open_alerts = sqlite3_column_int(st, 0);
	s->last_day_checks = sqlite3_column_int(st, 1);
	s->unplaced = o->kind == KIND_CENTRAL && !o->site_id;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int update_obs(struct db *db, const struct obs *o, const char *end_reason)
{
	sqlite3_stmt *st =
	    db_prep(db, "UPDATE observations SET kind=?2,status=?3,planned_end=?4,extended_days=?5,"
			"site_id=?6,room_id=?7,bed=?8,ended_at=?9,lost_at=?10,"
			"end_reason=coalesce(?11,end_reason) WHERE id=?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, o->kind == KIND_CENTRAL ? "central" : "home");
	db_bind_text(st, 3, obs_status_name(o->status));
	bind_date(st, 4, o->planned_end);
	sqlite3_bind_int(st, 5, o->extended_days);
	bind_id(st, 6, o->site_id);
	bind_id(st, 7, o->room_id);
	if (o->bed)
		sqlite3_bind_int(st, 8, o->bed);
	bind_id(st, 9, o->ended_at);
	bind_id(st, 10, o->lost_at);
	db_bind_text_null(st, 11, end_reason);
	return step_done(st);
}

/* obs_apply inside the caller's transaction, which rolls back (at least to
 * its savepoint) whatever this did when it returns other than ST_OK. */
static int apply_in_tx(struct db *db, const struct actor *who, int64_t id,
		       const struct obs_scope *sc, const struct obs_change *c, int today,
		       const char **why)
{
	struct obs o;
	struct obs_state s;
	struct obs_rules r;
	int next;
	*why = NULL;
	int rc = obs_load(db, id, sc, &o);
	if (rc != ST_OK)
		return rc;
	if (load_state(db, &o, &s) < 0 || obs_rules_get(db, o.rules_id, &r) != ST_OK)
		goto err;
	if ((*why = obs_transition(&s, c->action, today, c->reason, &next)))
		goto invalid;
	int from = o.status;
	int64_t now = clock_now();
	json_t *d = json_object();
	o.status = next;
	switch (c->action) {
	case ACT_RELEASE:
	case ACT_RELEASE_EARLY:
	case ACT_HOSPITAL:
		o.ended_at = now;
		o.room_id = o.kind == KIND_CENTRAL ? o.room_id : 0; /* keep history of the bed */
		if (c->hospital && *c->hospital)
			json_object_set_new(d, "hospital", json_string(c->hospital));
		break;
	case ACT_LOST:
		o.lost_at = c->at ? c->at : now;
		json_object_set_new(d, "last_seen_at", json_integer(o.lost_at));
		break;
	case ACT_FOUND:
		o.lost_at = 0;
		break;
	case ACT_TO_CENTRAL:
		/* already centralized (a checkpoint started it, no site yet): this
		 * places it — the history says 安排观察点, not a kind change */
		if (o.kind == KIND_CENTRAL)
			json_object_set_new(d, "placed", json_true());
		o.kind = KIND_CENTRAL;
		o.site_id = c->site_id;
		o.room_id = c->room_id;
		o.bed = c->bed;
		if ((*why = place_central(db, o.site_id, &o.room_id, &o.bed, o.id))) {
			json_decref(d);
			goto invalid;
		}
		json_object_set_new(d, "site_id", json_integer(o.site_id));
		json_object_set_new(d, "room_id", json_integer(o.room_id));
		json_object_set_new(d, "bed", json_integer(o.bed));
		break;
	case ACT_TO_HOME:
		o.kind = KIND_HOME;
		json_object_set_new(d, "left_site_id", json_integer(o.site_id));
		o.site_id = o.room_id = 0;
		o.bed = 0;
		break;
	case ACT_EXTEND:
		if (c->days < 1 || c->days > 28) {
			*why = "extend_days";
			json_decref(d);
			goto invalid;
		}
		o.extended_days += c->days;
		o.planned_end = obs_planned_end(&r, o.exposure, o.extended_days);
		json_object_set_new(d, "days", json_integer(c->days));
		break;
	}
	const char *end_reason =
	    o.status != OBS_ACTIVE && o.status != OBS_LOST ? obs_action_name(c->action) : NULL;
	if (update_obs(db, &o, end_reason) < 0 ||
	    write_event(db, who, o.id, c->action, NULL, from, o.status, c->reason, d) < 0) {
		json_decref(d);
		goto err;
	}
	json_decref(d);
	return ST_OK;
invalid:
	return ST_INVALID;
err:
	return ST_ERR;
}

int obs_apply(struct db *db, const struct actor *who, int64_t id, const struct obs_scope *sc,
	      const struct obs_change *c, int today, const char **why)
{
	*why = NULL;
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = apply_in_tx(db, who, id, sc, c, today, why);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db) < 0 ? ST_ERR : ST_OK;
}

#define RELEASE_CHUNK 200

void obs_release_many(struct db *db, const struct actor *who, const int64_t *ids, size_t n,
		      const struct obs_scope *sc, int today, const char **codes)
{
	const struct obs_change c = {.action = ACT_RELEASE};
	for (size_t i = 0; i < n;) {
		size_t start = i, end = n - i > RELEASE_CHUNK ? i + RELEASE_CHUNK : n;
		if (db_begin(db) < 0) {
			for (; i < n; i++)
				codes[i] = "internal";
			return;
		}
		for (; i < end; i++) {
			const char *why = NULL;
			int rc = ST_NOTFOUND;
			if (ids[i] > 0) {
				if (db_exec(db, "SAVEPOINT release_one") < 0) {
					codes[i] = "internal";
					continue;
				}
				rc = apply_in_tx(db, who, ids[i], sc, &c, today, &why);
				if (rc != ST_OK)
					db_exec(db, "ROLLBACK TO release_one");
				db_exec(db, "RELEASE release_one");
			}
			codes[i] = rc == ST_OK	       ? NULL
				   : rc == ST_NOTFOUND ? "not_found"
				   : rc == ST_INVALID  ? why
						       : "internal";
		}
		if (db_commit(db) < 0)
			for (size_t k = start; k < end; k++)
				if (!codes[k])
					codes[k] = "internal";
	}
}

/* ---- checks ---- */

static int open_alert(struct db *db, int64_t obs_id, int64_t check_id, const struct obs_check *c,
		      int64_t *alert_id)
{
	sqlite3_stmt *st = db_prep(db, "INSERT INTO alerts(obs_id,check_id,opened_at,temp,method,"
				       "symptoms,status) VALUES(?,?,?,?,?,?,'open')");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, obs_id);
	sqlite3_bind_int64(st, 2, check_id);
	sqlite3_bind_int64(st, 3, c->at);
	if (c->temp)
		sqlite3_bind_int(st, 4, c->temp);
	db_bind_text(st, 5, obs_method_name(c->method));
	db_bind_text(st, 6, c->symptoms ? c->symptoms : "");
	if (step_done(st) < 0)
		return -1;
	*alert_id = sqlite3_last_insert_rowid(db_handle(db));
	return 0;
}

int obs_check_add(struct db *db, const struct actor *who, int64_t id, const struct obs_scope *sc,
		  const struct obs_check *c, int64_t now, int64_t *check_id, int64_t *alert_id,
		  const char **why)
{
	struct obs o;
	struct obs_rules r;
	*alert_id = 0;
	*why = NULL;
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = obs_load(db, id, sc, &o);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	if (obs_rules_get(db, o.rules_id, &r) != ST_OK)
		goto err;
	if (o.status != OBS_ACTIVE)
		*why = "obs_not_active";
	else if (c->at > now + 300)
		*why = "check_future";
	int ymd, minute;
	obs_local(c->at, &ymd, &minute);
	/* paper records may be entered late, but not for days before the
	 * exposure/arrival day the observation counts from */
	if (!*why && ymd < o.exposure)
		*why = "check_before_start";
	if (*why) {
		db_rollback(db);
		return ST_INVALID;
	}
	int slot = obs_slot_of(&r, minute);
	int fever = c->temp && obs_is_fever(&r, c->method, c->temp);
	sqlite3_stmt *st =
	    db_prep(db, "INSERT INTO checks(obs_id,at,local_date,slot,in_window,temp,"
			"method,symptoms,visit,fever,note,recorded_by,created_at) "
			"VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, o.id);
	sqlite3_bind_int64(st, 2, c->at);
	bind_date(st, 3, ymd);
	sqlite3_bind_int(st, 4, slot);
	sqlite3_bind_int(st, 5, obs_in_window(&r, slot, minute));
	if (c->temp)
		sqlite3_bind_int(st, 6, c->temp);
	db_bind_text(st, 7, obs_method_name(c->method));
	db_bind_text(st, 8, c->symptoms ? c->symptoms : "");
	db_bind_text(st, 9, c->visit);
	sqlite3_bind_int(st, 10, fever);
	db_bind_text(st, 11, c->note ? c->note : "");
	bind_id(st, 12, who->user_id);
	sqlite3_bind_int64(st, 13, now);
	if (step_done(st) < 0)
		goto err;
	*check_id = sqlite3_last_insert_rowid(db_handle(db));
	if (c->temp) {
		int64_t idx = obs_window_idx(date_days(ymd), slot);
		st = db_prep(db,
			     "UPDATE observations SET last_check_window=max(last_check_window,?2),"
			     "last_check_at=max(coalesce(last_check_at,0),?3) WHERE id=?1");
		if (!st)
			goto err;
		sqlite3_bind_int64(st, 1, o.id);
		sqlite3_bind_int64(st, 2, idx);
		sqlite3_bind_int64(st, 3, c->at);
		if (step_done(st) < 0)
			goto err;
	}
	if ((fever || (c->symptoms && *c->symptoms)) &&
	    open_alert(db, o.id, *check_id, c, alert_id) < 0)
		goto err;
	json_t *d = json_pack("{s:I,s:b,s:b}", "check_id", (json_int_t)*check_id, "fever", fever,
			      "alert", *alert_id != 0);
	rc = audit_write(db, who, "check.create", "observation", o.id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

/* ---- alerts ---- */

/* Load an alert's observation id and status within scope. */
static int alert_load(struct db *db, int64_t alert_id, const struct obs_scope *sc, int64_t *obs_id,
		      char status[16])
{
	sqlite3_stmt *st =
	    db_prep(db, "SELECT a.obs_id,a.status FROM alerts a JOIN observations o "
			"ON o.id=a.obs_id JOIN persons p ON p.id=o.person_id WHERE "
			"a.id=?1 AND (?2 IS NULL OR p.village_id=?2) AND (?3 IS NULL "
			"OR o.site_id=?3)");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, alert_id);
	bind_id(st, 2, sc->village);
	bind_id(st, 3, sc->site);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*obs_id = sqlite3_column_int64(st, 0);
		db_copy_col(status, 16, st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

int obs_alert_refer(struct db *db, const struct actor *who, int64_t alert_id,
		    const struct obs_scope *sc, const char *hospital, const char *transport,
		    int64_t departed_at, const char **why)
{
	int64_t obs_id;
	char status[16];
	*why = NULL;
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = alert_load(db, alert_id, sc, &obs_id, status);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	if (strcmp(status, "closed") == 0) {
		*why = "alert_closed";
		db_rollback(db);
		return ST_INVALID;
	}
	sqlite3_stmt *st =
	    db_prep(db, "UPDATE alerts SET status='referred',hospital=?2,transport=?3,"
			"departed_at=?4,referred_by=?5 WHERE id=?1");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, alert_id);
	db_bind_text(st, 2, hospital);
	db_bind_text(st, 3, transport);
	sqlite3_bind_int64(st, 4, departed_at);
	bind_id(st, 5, who->user_id);
	if (step_done(st) < 0)
		goto err;
	json_t *d = json_pack("{s:I,s:s}", "alert_id", (json_int_t)alert_id, "hospital", hospital);
	rc = write_event(db, who, obs_id, -1, "referral", OBS_ACTIVE, OBS_ACTIVE, "", d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

int obs_alert_outcome(struct db *db, const struct actor *who, int64_t alert_id,
		      const struct obs_scope *sc, const char *outcome, const char *note,
		      const char **why)
{
	int64_t obs_id;
	char status[16];
	*why = NULL;
	if (strcmp(outcome, "excluded") && strcmp(outcome, "suspected") &&
	    strcmp(outcome, "confirmed")) {
		*why = "outcome";
		return ST_INVALID;
	}
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = alert_load(db, alert_id, sc, &obs_id, status);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	if (strcmp(status, "closed") == 0) {
		*why = "alert_closed";
		db_rollback(db);
		return ST_INVALID;
	}
	sqlite3_stmt *st = db_prep(db, "UPDATE alerts SET status='closed',outcome=?2,note=?3,"
				       "closed_at=?4,closed_by=?5 WHERE id=?1");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, alert_id);
	db_bind_text(st, 2, outcome);
	db_bind_text(st, 3, note ? note : "");
	sqlite3_bind_int64(st, 4, clock_now());
	bind_id(st, 5, who->user_id);
	if (step_done(st) < 0)
		goto err;
	json_t *d = json_pack("{s:I,s:s}", "alert_id", (json_int_t)alert_id, "outcome", outcome);
	rc = write_event(db, who, obs_id, -1, "alert_outcome", OBS_ACTIVE, OBS_ACTIVE, note, d);
	json_decref(d);
	if (rc < 0)
		goto err;
	if (strcmp(outcome, "excluded") != 0) {
		/* suspected / confirmed: the observation ends in hospital */
		struct obs o;
		if (obs_load(db, obs_id, &(struct obs_scope){0}, &o) != ST_OK)
			goto err;
		if (o.status == OBS_ACTIVE || o.status == OBS_LOST) {
			int from = o.status;
			o.status = OBS_HOSPITAL;
			o.ended_at = clock_now();
			json_t *d2 = json_pack("{s:s}", "outcome", outcome);
			rc = update_obs(db, &o, "hospital") < 0 ||
			     write_event(db, who, obs_id, ACT_HOSPITAL, NULL, from, OBS_HOSPITAL,
					 note, d2) < 0;
			json_decref(d2);
			if (rc)
				goto err;
		}
	}
	return db_commit(db) < 0 ? ST_ERR : ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

/* ---- release notice ---- */

int obs_notice(struct db *db, const struct actor *who, int64_t id, const struct obs_scope *sc,
	       char no[32], int64_t *issued_at, const char **why)
{
	struct obs o;
	*why = NULL;
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = obs_load(db, id, sc, &o);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	if (o.status != OBS_RELEASED) {
		*why = "notice_not_released";
		db_rollback(db);
		return ST_INVALID;
	}
	sqlite3_stmt *st = db_prep(db, "SELECT notice_no,notice_at FROM observations WHERE id=?");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, id);
	no[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		db_copy_col(no, 32, st, 0);
		*issued_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	const char *action = "observation.notice_reprint";
	if (!no[0]) {
		int year = clock_local_date(o.ended_at ? o.ended_at : clock_now()) / 10000;
		st = db_prep(db, "INSERT INTO notice_seq(year,last) VALUES(?1,1) ON CONFLICT(year) "
				 "DO UPDATE SET last=last+1 RETURNING last");
		if (!st)
			goto err;
		sqlite3_bind_int(st, 1, year);
		int seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		sqlite3_reset(st);
		if (!seq)
			goto err;
		snprintf(no, 32, "%d-%04d", year, seq);
		*issued_at = clock_now();
		st = db_prep(db, "UPDATE observations SET notice_no=?2,notice_at=?3 WHERE id=?1");
		if (!st)
			goto err;
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, no);
		sqlite3_bind_int64(st, 3, *issued_at);
		if (step_done(st) < 0)
			goto err;
		action = "observation.notice";
	}
	json_t *d = json_pack("{s:s}", "notice_no", no);
	rc = audit_write(db, who, action, "observation", id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}
