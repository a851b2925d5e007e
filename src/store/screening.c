/*
 * Screenings at checkpoints, the lookup flags, counts, flagged areas and
 * sightings; see checkpoint.h.  The lookup runs while the screener types, so
 * it is a few point queries on indexes (persons by document number or phone,
 * tasks and observations by person, screenings by plate).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "checkpoint.h"
#include "core/date.h"
#include "core/obs.h"
#include "obs.h"
#include "person.h"
#include "util/clock.h"

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int64_t existing_screening(struct db *db, const char *client_id)
{
	sqlite3_stmt *st = db_prep(db, "SELECT id FROM screenings WHERE client_id=?");
	int64_t id = 0;
	if (!st)
		return -1;
	db_bind_text(st, 1, client_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* The person behind a document number or phone, 0 if none. */
static int64_t find_person(struct db *db, const char *doc, const char *phone)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	if (doc && *doc) {
		st =
		    db_prep(db, "SELECT id FROM persons WHERE doc_number=? AND merged_into IS NULL "
				"LIMIT 1");
		if (st) {
			db_bind_static(st, 1, doc);
			if (sqlite3_step(st) == SQLITE_ROW)
				id = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		}
	}
	if (!id && phone && *phone) {
		st = db_prep(
		    db, "SELECT id FROM persons WHERE phone=? AND merged_into IS NULL LIMIT 1");
		if (st) {
			db_bind_static(st, 1, phone);
			if (sqlite3_step(st) == SQLITE_ROW)
				id = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		}
	}
	return id;
}

static int64_t active_observation(struct db *db, int64_t person)
{
	sqlite3_stmt *st = db_prep(db, "SELECT id FROM observations WHERE person_id=? AND status IN"
				       " ('active','lost')");
	int64_t id = 0;
	if (!st || !person)
		return 0;
	sqlite3_bind_int64(st, 1, person);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

static int insert_person(struct db *db, int64_t sid, const struct screen_person *p)
{
	sqlite3_stmt *st = db_prep(db, "INSERT INTO screened(screening_id,temp,method,fever,name,"
				       "doc_number,phone,result,note,person_id,hospital,transport,"
				       "observation_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_int(st, 2, p->temp);
	db_bind_static(st, 3, obs_method_name(p->method));
	sqlite3_bind_int(st, 4, p->fever);
	db_bind_static(st, 5, p->name);
	db_bind_static_null(st, 6, p->doc_number);
	db_bind_static_null(st, 7, p->phone);
	db_bind_static(st, 8, p->result);
	db_bind_static(st, 9, p->note);
	bind_id(st, 10, p->person_id);
	db_bind_static_null(st, 11, p->hospital);
	db_bind_static_null(st, 12, p->transport);
	bind_id(st, 13, p->observation_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int record_sighting(struct db *db, const struct actor *who, int64_t obs, int64_t sid,
			   int64_t at)
{
	sqlite3_stmt *st =
	    db_prep(db, "INSERT INTO sightings(observation_id,screening_id,at) VALUES(?,?,?)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, obs);
	sqlite3_bind_int64(st, 2, sid);
	sqlite3_bind_int64(st, 3, at);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	json_t *d = json_pack("{s:I}", "screening_id", (json_int_t)sid);
	int rc = audit_write(db, who, "observation.sighted", "observation", obs, d);
	json_decref(d);
	return rc;
}

/* The centralized observation a screened person goes into (screen_starts_obs):
 * the one they are already under is linked, never a second one.  The person
 * is the one matched by document number or phone, else registered
 * (screen_registry).  The site is left to the observation group (OBS_START_UNPLACED).
 * *fresh = 1 when an observation was started here. */
static int start_observation(struct db *db, const struct actor *who, const struct screening *s,
			     struct screen_person *p, int64_t open_obs, int *fresh)
{
	int64_t existing = 0;
	*fresh = 0;
	if (open_obs) {
		p->observation_id = open_obs;
		return 0;
	}
	if (!p->person_id) {
		/* checked by the API before the write was queued */
		struct person reg;
		struct person_err err;
		if (screen_registry(p, s->checkpoint_name, clock_today(), 0, &reg, &err) < 0)
			return -1;
		reg.village_id = s->village_id; /* where they were heading, if in town */
		int rc = person_insert(db, who, &reg, &p->person_id, &existing);
		if (rc == ST_CONFLICT)
			p->person_id = existing;
		else if (rc != ST_OK)
			return -1;
	}
	struct obs o = {0};
	struct obs_rules r;
	int ymd, minute;
	obs_local(s->at, &ymd, &minute);
	if (obs_rules_for(db, ymd, &r) != ST_OK)
		return -1;
	o.person_id = p->person_id;
	o.kind = KIND_CENTRAL;
	o.rules_id = r.id;
	o.exposure = ymd; /* arrival: the day the person came through */
	snprintf(o.reason, sizeof o.reason, "检疫点转来");
	snprintf(o.reason_detail, sizeof o.reason_detail, "%s %s 体温 %d.%d℃ %s",
		 s->checkpoint_name ? s->checkpoint_name : "", s->plate, p->temp / 10, p->temp % 10,
		 p->result);
	const char *why;
	struct obs_scope sc = {0, 0};
	int rc = obs_start_tx(db, who, &o, &sc, OBS_START_UNPLACED, &existing, &why);
	if (rc == ST_CONFLICT) { /* under observation since (a merged record's) */
		p->observation_id = existing;
		return 0;
	}
	if (rc != ST_OK)
		return -1;
	p->observation_id = o.id;
	*fresh = 1;
	return 0;
}

/* A fever entered at a checkpoint: an alert for the commander (cp_alerts,
 * with the referral), and when it started an observation, that
 * observation's fever alert too (its outcome is the observation group's, and
 * it must be closed before a release). */
static int fever_alerts(struct db *db, const struct screening *s, const struct screen_person *p,
			int64_t sid, int64_t screened_id, int fresh)
{
	int64_t left = p->referred_at ? p->referred_at : s->at;
	int referred = p->hospital && *p->hospital;
	sqlite3_stmt *st = db_prep(
	    db,
	    "INSERT INTO cp_alerts(screened_id,screening_id,checkpoint_id,village_id,opened_at,"
	    "temp,method,hospital,transport,referred_at,observation_id) VALUES(?1,?2,?3,"
	    "coalesce((SELECT village_id FROM persons WHERE id=?4),?5),?6,?7,?8,?9,?10,?11,?12)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, screened_id);
	sqlite3_bind_int64(st, 2, sid);
	sqlite3_bind_int64(st, 3, s->checkpoint_id);
	bind_id(st, 4, p->person_id);
	bind_id(st, 5, s->village_id);
	sqlite3_bind_int64(st, 6, s->at);
	sqlite3_bind_int(st, 7, p->temp);
	db_bind_text(st, 8, obs_method_name(p->method));
	db_bind_text_null(st, 9, referred ? p->hospital : NULL);
	db_bind_text_null(st, 10, referred ? p->transport : NULL);
	if (referred)
		sqlite3_bind_int64(st, 11, left);
	else
		sqlite3_bind_null(st, 11);
	bind_id(st, 12, p->observation_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (!fresh)
		return 0;
	st = db_prep(db, "INSERT INTO alerts(obs_id,opened_at,temp,method,symptoms,status,hospital,"
			 "transport,departed_at) VALUES(?1,?2,?3,?4,'发热',?5,?6,?7,?8)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->observation_id);
	sqlite3_bind_int64(st, 2, s->at);
	sqlite3_bind_int(st, 3, p->temp);
	db_bind_text(st, 4, obs_method_name(p->method));
	db_bind_text(st, 5, referred ? "referred" : "open");
	db_bind_text_null(st, 6, referred ? p->hospital : NULL);
	db_bind_text_null(st, 7, referred ? p->transport : NULL);
	if (referred)
		sqlite3_bind_int64(st, 8, left);
	else
		sqlite3_bind_null(st, 8);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int screening_insert(struct db *db, const struct actor *who, struct screening *s, int64_t *id,
		     int *existed, int *sightings)
{
	*existed = 0;
	*sightings = 0;
	int fevers = 0;
	for (int i = 0; i < s->n; i++)
		fevers += s->p[i].fever;
	/* the shift it counts in and whether it came from a flagged area, read
	 * before the insert: the answer shows them without reading the row back */
	sqlite3_stmt *st =
	    db_prep(db, "SELECT (SELECT id FROM shifts WHERE checkpoint_id=?1 AND starts_at<=?2 AND"
			" ends_at>?2 ORDER BY starts_at DESC LIMIT 1), ?3 OR EXISTS(SELECT 1 FROM"
			" flagged_areas f WHERE f.active=1 AND instr(?4,f.name)>0)");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, s->checkpoint_id);
	sqlite3_bind_int64(st, 2, s->at);
	sqlite3_bind_int(st, 3, s->flagged);
	db_bind_static(st, 4, s->origin);
	if (sqlite3_step(st) == SQLITE_ROW) {
		s->shift_id = sqlite3_column_int64(st, 0);
		s->flagged = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	st = db_prep(db, "INSERT INTO screenings(client_id,checkpoint_id,shift_id,at,plate,"
			 "vehicle_type,origin,flagged,destination,village_id,persons,fevers,"
			 "recorded_by,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
			 " ON CONFLICT(client_id) DO NOTHING");
	if (!st)
		return ST_ERR;
	db_bind_static(st, 1, s->client_id);
	sqlite3_bind_int64(st, 2, s->checkpoint_id);
	bind_id(st, 3, s->shift_id);
	sqlite3_bind_int64(st, 4, s->at);
	db_bind_static(st, 5, s->plate);
	db_bind_static(st, 6, s->vehicle_type);
	db_bind_static(st, 7, s->origin);
	sqlite3_bind_int(st, 8, s->flagged);
	db_bind_static(st, 9, s->destination);
	bind_id(st, 10, s->village_id);
	sqlite3_bind_int(st, 11, s->n);
	sqlite3_bind_int(st, 12, fevers);
	bind_id(st, 13, who->user_id);
	sqlite3_bind_int64(st, 14, clock_now());
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ST_ERR;
	/* a retry (the client id is known): the unique index said so while
	 * inserting, no lookup before every insert */
	if (!sqlite3_changes(db_handle(db))) {
		*id = existing_screening(db, s->client_id);
		*existed = *id > 0;
		return *id > 0 ? ST_OK : ST_ERR;
	}
	*id = sqlite3_last_insert_rowid(db_handle(db));
	int started = 0;
	for (int i = 0; i < s->n; i++) {
		struct screen_person *p = &s->p[i];
		if (!p->person_id)
			p->person_id = find_person(db, p->doc_number, p->phone);
		int64_t obs = active_observation(db, p->person_id);
		if (obs && !p->observation_id) {
			if (record_sighting(db, who, obs, *id, s->at) < 0)
				return ST_ERR;
			(*sightings)++;
		}
		int fresh = 0;
		if (p->start_obs && start_observation(db, who, s, p, obs, &fresh) < 0)
			return ST_ERR;
		started += fresh;
		if (insert_person(db, *id, p) < 0)
			return ST_ERR;
		if (p->fever && s->live &&
		    fever_alerts(db, s, p, *id, sqlite3_last_insert_rowid(db_handle(db)), fresh) <
			0)
			return ST_ERR;
	}
	if (fevers || *sightings || started) { /* the rest is counted, fevers are named */
		json_t *d = json_pack("{s:i,s:i,s:i}", "fevers", fevers, "sightings", *sightings,
				      "observations", started);
		rc = audit_write(db, who, "screening.alert", "screening", *id, d);
		json_decref(d);
		if (rc < 0)
			return ST_ERR;
	}
	return ST_OK;
}

int screening_add(struct db *db, const struct actor *who, struct screening *s, int64_t *id,
		  int *existed, int *sightings)
{
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = screening_insert(db, who, s, id, existed, sightings);
	if (rc != ST_OK || *existed) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db) < 0 ? ST_ERR : ST_OK;
}

json_t *screening_get(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT s.id,s.client_id,s.checkpoint_id,c.name AS checkpoint_name,s.shift_id,s.at,"
		"s.plate,s.vehicle_type,s.origin,s.flagged,s.destination,s.village_id,s.persons,"
		"s.fevers,(SELECT json_group_array(json_object('temp',p.temp,'method',p.method,"
		"'fever',p.fever,'name',p.name,'doc_number',p.doc_number,'phone',p.phone,'result',"
		"p.result,'note',p.note,'hospital',p.hospital,'transport',p.transport,"
		"'observation_id',p.observation_id,'observation_site',(SELECT si.name FROM"
		" observations o JOIN sites si ON si.id=o.site_id WHERE o.id=p.observation_id),"
		"'alert_id',(SELECT a.id FROM cp_alerts a WHERE a.screened_id=p.id)))"
		" FROM screened p WHERE p.screening_id=s.id) AS persons_json"
		" FROM screenings s JOIN checkpoints c ON c.id=s.checkpoint_id WHERE s.id=?");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *o = sqlite3_step(st) == SQLITE_ROW ? db_row_json(st) : NULL;
	sqlite3_reset(st);
	return o;
}

#define SCREEN_WHERE " WHERE (?1 IS NULL OR s.checkpoint_id=?1) AND s.at>=?2 AND s.at<?3"

json_t *screening_list(struct db *db, int64_t cp, int64_t from, int64_t to, int64_t page,
		       int64_t per_page)
{
	static const char count_sql[] = "SELECT count(*) FROM screenings s" SCREEN_WHERE;
	static const char list_sql[] =
	    "SELECT s.id,s.checkpoint_id,c.name AS checkpoint_name,s.at,s.plate,s.vehicle_type,"
	    "s.origin,s.flagged,s.destination,s.persons,s.fevers,"
	    "(SELECT group_concat(p.result,'、') FROM screened p WHERE p.screening_id=s.id) AS"
	    " results FROM screenings s JOIN checkpoints c ON c.id=s.checkpoint_id" SCREEN_WHERE
	    " ORDER BY s.at DESC LIMIT ?4 OFFSET ?5";
	sqlite3_stmt *sts[2] = {db_prep(db, count_sql), db_prep(db, list_sql)};
	if (!sts[0] || !sts[1])
		return NULL;
	for (int k = 0; k < 2; k++) {
		bind_id(sts[k], 1, cp);
		sqlite3_bind_int64(sts[k], 2, from);
		sqlite3_bind_int64(sts[k], 3, to);
	}
	sqlite3_bind_int64(sts[1], 4, per_page);
	sqlite3_bind_int64(sts[1], 5, (page - 1) * per_page);
	int64_t total = sqlite3_step(sts[0]) == SQLITE_ROW ? sqlite3_column_int64(sts[0], 0) : 0;
	sqlite3_reset(sts[0]);
	json_t *items = db_rows_json(sts[1]);
	return items ? json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total) : NULL;
}

static void local_time(int64_t t, char out[20])
{
	time_t lt = (time_t)(t + CLOCK_TZ_OFFSET);
	struct tm tm;
	gmtime_r(&lt, &tm);
	strftime(out, 20, "%m-%d %H:%M", &tm);
}

static void flag(json_t *a, const char *kind, const char *level, const char *msg)
{
	json_array_append_new(
	    a, json_pack("{s:s,s:s,s:s}", "kind", kind, "level", level, "message", msg));
}

/* Flags about one person. */
static void person_flags(struct db *db, int64_t person, json_t *a)
{
	char m[256];
	sqlite3_stmt *st = db_prep(
	    db,
	    "SELECT (SELECT l.source||coalesce(' '||nullif(l.batch,''),'') FROM tasks t LEFT JOIN"
	    " lists l ON l.id=t.list_id WHERE t.person_id=?1 AND t.status='open' LIMIT 1),"
	    "(SELECT o.kind||'|'||o.planned_end||'|'||coalesce(v.name,'') FROM observations o JOIN"
	    " persons p ON p.id=o.person_id LEFT JOIN villages v ON v.id=p.village_id WHERE"
	    " o.person_id=?1 AND o.status IN ('active','lost')),"
	    "(SELECT max(o.ended_at) FROM observations o WHERE o.person_id=?1 AND"
	    " o.status='released')");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, person);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *task = (const char *)sqlite3_column_text(st, 0);
		const char *obs = (const char *)sqlite3_column_text(st, 1);
		if (task) {
			snprintf(m, sizeof m, "在协查名单上，尚未核查（%s）", task);
			flag(a, "task", "warning", m);
		}
		if (obs) {
			char kind[16] = "", end[16] = "", vil[128] = "";
			sscanf(obs, "%15[^|]|%15[^|]|%127[^\n]", kind, end, vil);
			snprintf(
			    m, sizeof m,
			    "正在%s医学观察（至 %s%s%s），应在%s！登记后将通知村居和医学观察组",
			    !strcmp(kind, "central") ? "集中" : "居家", end, vil[0] ? "，" : "",
			    vil, !strcmp(kind, "central") ? "观察点" : "家");
			flag(a, "observation", "danger", m);
		}
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			char when[20];
			local_time(sqlite3_column_int64(st, 2), when);
			snprintf(m, sizeof m, "已于 %s 解除医学观察", when);
			flag(a, "released", "info", m);
		}
	}
	sqlite3_reset(st);
}

static void seen_flag(struct db *db, sqlite3_stmt *st, json_t *a)
{
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		char when[20], m[256];
		local_time(sqlite3_column_int64(st, 0), when);
		snprintf(m, sizeof m, "%s 曾在%s检测，结果：%s", when,
			 (const char *)sqlite3_column_text(st, 1),
			 (const char *)sqlite3_column_text(st, 2));
		flag(a, "seen", "info", m);
	}
	if (st)
		sqlite3_reset(st);
	(void)db;
}

json_t *cp_lookup(struct db *db, const char *doc, const char *phone, const char *plate)
{
	json_t *a = json_array();
	int64_t person = find_person(db, doc, phone);
	if (person)
		person_flags(db, person, a);
	sqlite3_stmt *st;
	if ((doc && *doc) || (phone && *phone)) {
		st = db_prep(db, "SELECT s.at,c.name,p.result FROM screened p JOIN screenings s ON"
				 " s.id=p.screening_id JOIN checkpoints c ON c.id=s.checkpoint_id"
				 " WHERE p.doc_number=?1 OR p.phone=?2 ORDER BY s.at DESC LIMIT 1");
		if (st) {
			db_bind_text_null(st, 1, doc);
			db_bind_text_null(st, 2, phone);
		}
		seen_flag(db, st, a);
	}
	if (plate && *plate && strcmp(plate, "无车牌")) {
		st = db_prep(
		    db, "SELECT s.at,c.name,(SELECT group_concat(p.result,'、') FROM screened p"
			" WHERE p.screening_id=s.id) FROM screenings s JOIN checkpoints c ON"
			" c.id=s.checkpoint_id WHERE s.plate=? ORDER BY s.at DESC LIMIT 1");
		if (st)
			db_bind_text(st, 1, plate);
		seen_flag(db, st, a);
	}
	return json_pack("{s:o,s:b}", "flags", a, "known_person", person != 0);
}

json_t *cp_stats(struct db *db, int date)
{
#define STAT_COLS                                                                                  \
	"count(*) FILTER (WHERE s.vehicle_type<>'行人') AS vehicles,"                            \
	"coalesce(sum(s.persons),0) AS persons,coalesce(sum(s.fevers),0) AS fevers,"               \
	"coalesce(sum((SELECT count(*) FROM screened p WHERE p.screening_id=s.id AND"              \
	" p.result='转诊')),0) AS referrals,"                                                    \
	"coalesce(sum((SELECT count(*) FROM screened p WHERE p.screening_id=s.id AND"              \
	" p.result='劝返')),0) AS turned_back,"                                                  \
	"coalesce(sum(s.persons) FILTER (WHERE s.flagged),0) AS flagged_persons,"                  \
	"coalesce(sum((SELECT count(*) FROM screened p WHERE p.screening_id=s.id AND"              \
	" p.observation_id IS NOT NULL)),0) AS to_observation"
	int64_t from = date_local_time(date, 0), to = from + 86400;
	json_t *out = json_object();
	static const char *const sql[] = {
	    "SELECT c.id AS checkpoint_id,c.name AS checkpoint_name," STAT_COLS
	    " FROM checkpoints c LEFT JOIN screenings s ON s.checkpoint_id=c.id AND s.at>=?1 AND"
	    " s.at<?2 GROUP BY c.id ORDER BY c.name",
	    /* entries outside any shift stay with their own checkpoint */
	    "SELECT s.shift_id,s.checkpoint_id,c.name AS checkpoint_name,sh.starts_at,"
	    "sh.ends_at," STAT_COLS
	    " FROM screenings s JOIN checkpoints c ON c.id=s.checkpoint_id LEFT JOIN shifts sh ON"
	    " sh.id=s.shift_id WHERE s.at>=?1 AND s.at<?2 GROUP BY s.checkpoint_id,s.shift_id"
	    " ORDER BY sh.starts_at,c.name",
	    "SELECT ((s.at+28800)%86400)/3600 AS hour," STAT_COLS
	    " FROM screenings s WHERE s.at>=?1 AND s.at<?2 GROUP BY 1 ORDER BY 1",
	    "SELECT " STAT_COLS " FROM screenings s WHERE s.at>=?1 AND s.at<?2"};
	static const char *const keys[] = {"checkpoints", "shifts", "hours", "total"};
	for (int i = 0; i < 4; i++) {
		sqlite3_stmt *st = db_prep(db, sql[i]);
		if (!st) {
			json_decref(out);
			return NULL;
		}
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_int64(st, 2, to);
		json_t *rows = db_rows_json(st);
		if (i == 3) {
			json_t *t = json_incref(json_array_get(rows, 0));
			json_decref(rows);
			rows = t ? t : json_object();
		}
		json_object_set_new(out, keys[i], rows ? rows : json_array());
	}
	char ds[11];
	date_format(date, ds, sizeof ds);
	json_object_set_new(out, "date", json_string(ds));
	return out;
}

json_t *flagged_list(struct db *db)
{
	sqlite3_stmt *st =
	    db_prep(db, "SELECT id,name,active,created_at FROM flagged_areas ORDER BY"
			" active DESC, name");
	return st ? db_rows_json(st) : NULL;
}

int flagged_set(struct db *db, const struct actor *who, const char *name, int active)
{
	sqlite3_stmt *st =
	    db_prep(db, "INSERT INTO flagged_areas(name,active,created_at)"
			" VALUES(?1,?2,?3) ON CONFLICT(name) DO UPDATE SET active=?2");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	db_bind_text(st, 1, name);
	sqlite3_bind_int(st, 2, active);
	sqlite3_bind_int64(st, 3, clock_now());
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	json_t *d = json_pack("{s:s,s:b}", "name", name, "active", active);
	if (rc != SQLITE_DONE || audit_write(db, who, "flagged.set", "flagged_area", 0, d) < 0 ||
	    db_commit(db) < 0) {
		json_decref(d);
		db_rollback(db);
		return ST_ERR;
	}
	json_decref(d);
	return ST_OK;
}

json_t *sighting_list(struct db *db, int64_t scope_village, int open_only)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT g.id,g.observation_id,g.at,g.acknowledged_at,p.name,v.name AS village_name,"
		"o.kind,c.name AS checkpoint_name,s.plate FROM sightings g JOIN observations o ON"
		" o.id=g.observation_id JOIN persons p ON p.id=o.person_id LEFT JOIN villages v ON"
		" v.id=p.village_id JOIN screenings s ON s.id=g.screening_id JOIN checkpoints c ON"
		" c.id=s.checkpoint_id WHERE (?1 IS NULL OR p.village_id=?1) AND (?2=0 OR"
		" g.acknowledged_at IS NULL) ORDER BY g.at DESC LIMIT 200");
	if (!st)
		return NULL;
	bind_id(st, 1, scope_village);
	sqlite3_bind_int(st, 2, open_only);
	return db_rows_json(st);
}

/* Run the bound acknowledging UPDATE st in a transaction with its audit row:
 * ST_NOTFOUND when it changed nothing (unknown, out of scope or already
 * acknowledged). */
static int ack_commit(struct db *db, const struct actor *who, sqlite3_stmt *st, const char *action,
		      const char *entity, int64_t id)
{
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || !sqlite3_changes(db_handle(db))) {
		db_rollback(db);
		return rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
	}
	if (audit_write(db, who, action, entity, id, NULL) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	return ST_OK;
}

int sighting_ack(struct db *db, const struct actor *who, int64_t id, int64_t scope_village)
{
	sqlite3_stmt *st = db_prep(
	    db, "UPDATE sightings SET acknowledged_at=?2,acknowledged_by=?3 WHERE id=?1 AND"
		" acknowledged_at IS NULL AND (?4 IS NULL OR observation_id IN (SELECT o.id FROM"
		" observations o JOIN persons p ON p.id=o.person_id WHERE p.village_id=?4))");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, clock_now());
	bind_id(st, 3, who->user_id);
	bind_id(st, 4, scope_village);
	return ack_commit(db, who, st, "sighting.ack", "sighting", id);
}

#define CP_ALERT_COLS                                                                              \
	"a.id,a.opened_at,a.checkpoint_id,c.name AS checkpoint_name,a.temp,a.method,"              \
	"a.hospital,a.transport,a.referred_at,a.observation_id,p.name,p.result,s.plate,"           \
	"s.origin,s.destination,v.name AS village_name,o.kind AS observation_kind,"                \
	"si.name AS observation_site,a.acknowledged_at,u.name AS acknowledged_by_name,a.note"
#define CP_ALERT_FROM                                                                              \
	" FROM cp_alerts a JOIN checkpoints c ON c.id=a.checkpoint_id JOIN screened p ON"          \
	" p.id=a.screened_id JOIN screenings s ON s.id=a.screening_id LEFT JOIN villages v ON"     \
	" v.id=a.village_id LEFT JOIN observations o ON o.id=a.observation_id LEFT JOIN sites si"  \
	" ON si.id=o.site_id LEFT JOIN users u ON u.id=a.acknowledged_by"
#define CP_ALERT_SCOPE " (?1 IS NULL OR a.checkpoint_id=?1) AND (?2 IS NULL OR a.village_id=?2)"

json_t *cp_alert_list(struct db *db, const struct cp_alert_scope *sc, int open_only)
{
	sqlite3_stmt *st[2] = {
	    db_prep(db, "SELECT count(*) FROM cp_alerts a WHERE" CP_ALERT_SCOPE
			" AND a.acknowledged_at IS NULL"),
	    db_prep(db, "SELECT " CP_ALERT_COLS CP_ALERT_FROM " WHERE" CP_ALERT_SCOPE
			" AND (?3=0 OR a.acknowledged_at IS NULL) ORDER BY a.opened_at DESC"
			" LIMIT 200")};
	if (!st[0] || !st[1])
		return NULL;
	for (int k = 0; k < 2; k++) {
		bind_id(st[k], 1, sc->checkpoint);
		bind_id(st[k], 2, sc->village);
	}
	sqlite3_bind_int(st[1], 3, open_only);
	int64_t open = sqlite3_step(st[0]) == SQLITE_ROW ? sqlite3_column_int64(st[0], 0) : 0;
	sqlite3_reset(st[0]);
	json_t *items = db_rows_json(st[1]);
	return items ? json_pack("{s:o,s:I,s:I}", "items", items, "total",
				 (json_int_t)json_array_size(items), "open", (json_int_t)open)
		     : NULL;
}

int cp_alert_ack(struct db *db, const struct actor *who, int64_t id,
		 const struct cp_alert_scope *sc, const char *note)
{
	sqlite3_stmt *st =
	    db_prep(db, "UPDATE cp_alerts AS a SET acknowledged_at=?3,acknowledged_by=?4,note=?5 "
			"WHERE" CP_ALERT_SCOPE " AND a.id=?6 AND a.acknowledged_at IS NULL");
	if (!st)
		return ST_ERR;
	bind_id(st, 1, sc->checkpoint);
	bind_id(st, 2, sc->village);
	sqlite3_bind_int64(st, 3, clock_now());
	bind_id(st, 4, who->user_id);
	db_bind_text(st, 5, note ? note : "");
	sqlite3_bind_int64(st, 6, id);
	return ack_commit(db, who, st, "cp_alert.ack", "cp_alert", id);
}
