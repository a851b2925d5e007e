/*
 * The daily report computed from records' own times; see report.h.
 *
 * Observations are classified as of the end of the day (local midnight):
 * started by then or not; ended by then as released, transferred to
 * hospital or otherwise; lost at that moment (the last lost/found event);
 * home or centralized at that moment (the last kind change, else the kind it
 * started with).  Every figure about observation is a count over that one
 * classification, and the reconciliation checks it against an independent
 * count of everyone ever placed under observation.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/obs.h"
#include "obs.h"
#include "settings.h"
#include "util/clock.h"

const struct report_field report_fields[] = {
    {"screened_total", "摸排总人数（累计）", 1},
    {"screened_day", "当日摸排人数", 1},
    {"screened_pushed", "其中上级下发（累计）", 1},
    {"screened_found", "其中自排发现（累计）", 1},
    {"arrivals_day", "当日来（返）人数", 1},
    {"arrivals_total", "累计来（返）人数", 1},
    {"contacts_day", "当日新增密切接触者", 1},
    {"contacts_total", "累计密切接触者", 1},
    {"abnormal_day", "当日身体状况异常（发热）人数", 1},
    {"home_new", "当日新增居家医学观察", 1},
    {"home_current", "正在居家医学观察", 1},
    {"central_new", "当日新增集中医学观察", 1},
    {"central_current", "正在集中医学观察", 1},
    {"observed_total", "累计医学观察人数", 1},
    {"released_day", "当日解除医学观察", 1},
    {"released_total", "累计解除医学观察", 1},
    {"hospital_day", "当日转院", 1},
    {"hospital_total", "累计转院", 1},
    {"lost_current", "失联人数", 1},
    {"referrals_day", "当日转诊发热门诊人次", 0},
    {"cp_vehicles", "检疫点检测车辆", 0},
    {"cp_persons", "检疫点检测人次", 0},
    {"cp_fevers", "检疫点发热人数", 0},
    {"cp_turned_back", "检疫点劝返人数", 0},
    {"lists_day", "当日接收协查名单（份）", 0},
    {"tasks_verified", "协查任务已核查（累计）", 1},
    {"tasks_overdue", "协查任务超时未核查", 1},
};
const int report_field_count = (int)(sizeof report_fields / sizeof report_fields[0]);

const struct report_field *report_field_find(const char *key)
{
	for (int i = 0; key && i < report_field_count; i++)
		if (!strcmp(report_fields[i].key, key))
			return &report_fields[i];
	return NULL;
}

/* Figures of one village (id 0 = no village), indexed like report_fields. */
struct tally {
	int64_t id;
	int64_t v[64];
};

struct rep {
	int64_t other; /* exits the report has no column for */
	struct tally town;
	struct tally *vil;
	int nvil, cap;
};

static int fidx(const char *key)
{
	const struct report_field *f = report_field_find(key);
	return f ? (int)(f - report_fields) : 0;
}

static struct tally *village(struct rep *r, int64_t id)
{
	for (int i = 0; i < r->nvil; i++)
		if (r->vil[i].id == id)
			return &r->vil[i];
	if (r->nvil == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->vil = realloc(r->vil, (size_t)r->cap * sizeof *r->vil);
	}
	struct tally *t = &r->vil[r->nvil++];
	memset(t, 0, sizeof *t);
	t->id = id;
	return t;
}

static void add(struct rep *r, int64_t vid, const char *key, int64_t n)
{
	int i = fidx(key);
	r->town.v[i] += n;
	village(r, vid)->v[i] += n;
}

/* What one observation adds to the figures of the day ending at `to`, with
 * `sign` +1 or -1.  kind_start / kind_end: "home" or "central" (NULL counts
 * as home); state: "current", "lost" or the end reason. */
struct obs_fact {
	int64_t id, village, started_at, ended_at; /* ended_at 0: not ended */
	const char *reason, *kind_start, *kind_end, *state;
};

static void obs_add(struct rep *r, const struct obs_fact *o, int64_t from, int64_t to, int sign)
{
	int64_t vid = o->village;
	int newt = o->started_at >= from;
	int ended_today = o->ended_at >= from && o->ended_at < to;
	add(r, vid, "observed_total", sign);
	if (o->reason && !strcmp(o->reason, "密切接触者")) {
		add(r, vid, "contacts_total", sign);
		if (newt)
			add(r, vid, "contacts_day", sign);
	}
	int central_start = o->kind_start && !strcmp(o->kind_start, "central");
	if (newt)
		add(r, vid, central_start ? "central_new" : "home_new", sign);
	const char *state = o->state;
	if (!strcmp(state, "current")) {
		int central = o->kind_end && !strcmp(o->kind_end, "central");
		add(r, vid, central ? "central_current" : "home_current", sign);
	} else if (!strcmp(state, "lost")) {
		add(r, vid, "lost_current", sign);
	} else if (!strcmp(state, "release") || !strcmp(state, "release_early")) {
		add(r, vid, "released_total", sign);
		if (ended_today)
			add(r, vid, "released_day", sign);
	} else if (!strcmp(state, "hospital")) {
		add(r, vid, "hospital_total", sign);
		if (ended_today)
			add(r, vid, "hospital_day", sign);
	} else {
		/* ended for a reason the report has no column for (other_exits) */
		r->other += sign;
	}
}

/* The starts and ends of every observation up to the day, from the per
 * (day, village) counts the triggers of report_obs_days keep.  They count an
 * observation as if it had always been of its present kind and never lost;
 * tally_changed() puts right the few whose kind or lost state changed. */
static int tally_obs_days(struct db *db, struct rep *r, int64_t day, int64_t *other)
{
	sqlite3_stmt *st =
	    db_prep(db, "SELECT village_id,sum(start_home),sum(start_central),sum(contacts),"
			"sum(end_home),sum(end_central),sum(released),sum(hospital),sum(other_end),"
			"total(start_home) FILTER (WHERE day=?1),total(start_central) FILTER (WHERE"
			" day=?1),total(contacts) FILTER (WHERE day=?1),total(released) FILTER"
			" (WHERE day=?1),total(hospital) FILTER (WHERE day=?1)"
			" FROM report_obs_days WHERE day<=?1 GROUP BY village_id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, day);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t vid = sqlite3_column_int64(st, 0), c[14];
		for (int i = 0; i < 14; i++)
			c[i] = sqlite3_column_int64(st, i + 1);
		add(r, vid, "observed_total", c[0] + c[1]);
		add(r, vid, "contacts_total", c[2]);
		add(r, vid, "home_current", c[0] - c[3]);
		add(r, vid, "central_current", c[1] - c[4]);
		add(r, vid, "released_total", c[5]);
		add(r, vid, "hospital_total", c[6]);
		*other += c[7];
		add(r, vid, "home_new", c[8]);
		add(r, vid, "central_new", c[9]);
		add(r, vid, "contacts_day", c[10]);
		add(r, vid, "released_day", c[11]);
		add(r, vid, "hospital_day", c[12]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Observations with a kind change or a lost/found event, started by the
 * end of the day: take away what report_obs_days counted for them and add
 * their state at the end of the day from their events (the last kind change
 * and the last lost/found before then, by event order). */
static int tally_changed(struct db *db, struct rep *r, int64_t from, int64_t to)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT o.id,coalesce(o.start_village_id,0),o.started_at,coalesce(o.ended_at,0),"
		"o.end_reason,o.reason,o.kind,CASE WHEN e.action IN ('to_central','to_home') THEN"
		" (SELECT json_extract(s.detail,'$.kind') FROM obs_events s WHERE s.obs_id=o.id"
		" AND s.action='start') END,e.action,e.at"
		" FROM obs_events e JOIN observations o ON o.id=e.obs_id"
		" WHERE e.action IN ('to_central','to_home','lost','found') AND o.started_at<?1"
		" ORDER BY e.obs_id,e.id");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, to);
	int rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		struct obs_fact o = {0};
		char reason[64] = "", kind[16] = "", kstart[16] = "", endr[64] = "";
		o.id = sqlite3_column_int64(st, 0);
		o.village = sqlite3_column_int64(st, 1);
		o.started_at = sqlite3_column_int64(st, 2);
		o.ended_at = sqlite3_column_int64(st, 3);
		int has_end = sqlite3_column_type(st, 4) != SQLITE_NULL;
		int has_kstart = 0;
		snprintf(endr, sizeof endr, "%s",
			 has_end ? (const char *)sqlite3_column_text(st, 4) : "other");
		snprintf(reason, sizeof reason, "%s", (const char *)sqlite3_column_text(st, 5));
		snprintf(kind, sizeof kind, "%s", (const char *)sqlite3_column_text(st, 6));
		int last_kind = 0, lost = 0; /* 1 central / 2 home; lost at the end */
		for (; rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == o.id;
		     rc = sqlite3_step(st)) {
			const char *a = (const char *)sqlite3_column_text(st, 8);
			/* the kind it started with: asked on kind changes only (without
			 * one it is the present kind) */
			if (!has_kstart && sqlite3_column_type(st, 7) != SQLITE_NULL) {
				snprintf(kstart, sizeof kstart, "%s",
					 (const char *)sqlite3_column_text(st, 7));
				has_kstart = 1;
			}
			if (sqlite3_column_int64(st, 9) >= to)
				continue;
			if (!strcmp(a, "to_central") || !strcmp(a, "to_home"))
				last_kind = !strcmp(a, "to_central") ? 1 : 2;
			else
				lost = !strcmp(a, "lost");
		}
		int ended = o.ended_at && o.ended_at < to;
		/* as report_obs_days counted it: present kind, never lost */
		o.reason = reason;
		o.kind_start = o.kind_end = kind;
		o.state =
		    ended
			? (has_end && (!strcmp(endr, "release") || !strcmp(endr, "release_early") ||
				       !strcmp(endr, "hospital"))
			       ? endr
			       : "other")
			: "current";
		obs_add(r, &o, from, to, -1);
		/* as it was */
		o.kind_start = has_kstart ? kstart : kind;
		o.kind_end = last_kind ? (last_kind == 1 ? "central" : "home") : o.kind_start;
		o.state = ended ? endr : lost ? "lost" : "current";
		obs_add(r, &o, from, to, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The observations that ended for a reason the report has no column for. */
static int other_exits(struct db *db, int64_t to, json_t *odd)
{
	sqlite3_stmt *st = db_prep(
	    db,
	    "SELECT id,coalesce(end_reason,'other') FROM observations WHERE ended_at IS NOT NULL"
	    " AND coalesce(end_reason,'') NOT IN ('release','release_early','hospital')"
	    " AND ended_at<?1 ORDER BY ended_at,id LIMIT 100");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, to);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(odd, json_pack("{s:I,s:s}", "observation_id",
						     (json_int_t)sqlite3_column_int64(st, 0),
						     "end_reason",
						     (const char *)sqlite3_column_text(st, 1)));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int tally_observations(struct db *db, struct rep *r, int64_t from, int64_t to, json_t *odd)
{
	int64_t other = 0;
	if (tally_obs_days(db, r, (from + CLOCK_TZ_OFFSET) / 86400, &other) < 0 ||
	    tally_changed(db, r, from, to) < 0 || other_exits(db, to, odd) < 0)
		return -1;
	r->other += other;
	return 0;
}

/* Simple (village, n) counts from a query with ?1 = from, ?2 = to. */
static int tally_query(struct db *db, struct rep *r, const char *sql, const char *key, int64_t from,
		       int64_t to, const char *date)
{
	sqlite3_stmt *st = db_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (date)
		db_bind_text(st, 3, date);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add(r, sqlite3_column_int64(st, 0), key, sqlite3_column_int64(st, 1));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const struct {
	const char *key, *sql;
} simple[] = {
    {"abnormal_day",
     "SELECT coalesce(o.start_village_id,0),count(DISTINCT c.obs_id) FROM checks c JOIN"
     " observations o ON o.id=c.obs_id WHERE c.local_date=?3 AND c.fever=1"
     " GROUP BY 1"},
    {"referrals_day",
     "SELECT coalesce(o.start_village_id,0),count(*) FROM alerts a JOIN observations o"
     " ON o.id=a.obs_id WHERE a.departed_at>=?1 AND a.departed_at<?2 GROUP BY 1"},
    {"tasks_verified", "SELECT coalesce(village_id,0),count(*) FROM tasks WHERE result_at<?2"
		       " AND result_at IS NOT NULL GROUP BY 1"},
    {"lists_day", "SELECT 0,count(*) FROM lists WHERE received_at>=?1 AND received_at<?2"},
};

/* The figures of list tasks created by the day's end, in one pass over them
 * (was one query per figure: a town that received a 100,000-row list read
 * them six times): created (today, pushed down / found by the town),
 * arrived on the day / by the day, overdue at the day's end (past the
 * deadline by then and not verified by then). */
static int tally_tasks(struct db *db, struct rep *r, int64_t from, int64_t to, const char *date)
{
	sqlite3_stmt *st = db_prep(
	    db,
	    "SELECT coalesce(village_id,0),count(*),count(*) FILTER (WHERE created_at>=?1),"
	    "count(*) FILTER (WHERE source='上级下发'),count(*) FILTER (WHERE source='自排发现'),"
	    "count(*) FILTER (WHERE arrival_date=?3),count(*) FILTER (WHERE arrival_date<=?3),"
	    "count(*) FILTER (WHERE deadline_at<?2 AND (result_at IS NULL OR result_at>=?2))"
	    " FROM tasks WHERE created_at<?2 GROUP BY 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	db_bind_text(st, 3, date);
	static const char *const keys[] = {"screened_total", "screened_day", "screened_pushed",
					   "screened_found", "arrivals_day", "arrivals_total",
					   "tasks_overdue"};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 7; i++)
			add(r, sqlite3_column_int64(st, 0), keys[i],
			    sqlite3_column_int64(st, i + 1));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void checkpoint_figures(struct db *db, struct rep *r, int64_t from, int64_t to)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT count(*) FILTER (WHERE vehicle_type<>'行人'),coalesce(sum(persons),0),"
		"coalesce(sum(fevers),0),(SELECT count(*) FROM screened p JOIN screenings s2 ON"
		" s2.id=p.screening_id WHERE s2.at>=?1 AND s2.at<?2 AND p.result='劝返'),"
		"(SELECT count(*) FROM screened p JOIN screenings s2 ON s2.id=p.screening_id WHERE"
		" s2.at>=?1 AND s2.at<?2 AND p.result='转诊')"
		" FROM screenings WHERE at>=?1 AND at<?2");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->town.v[fidx("cp_vehicles")] = sqlite3_column_int64(st, 0);
		r->town.v[fidx("cp_persons")] = sqlite3_column_int64(st, 1);
		r->town.v[fidx("cp_fevers")] = sqlite3_column_int64(st, 2);
		r->town.v[fidx("cp_turned_back")] = sqlite3_column_int64(st, 3);
		r->town.v[fidx("referrals_day")] += sqlite3_column_int64(st, 4);
		r->town.v[fidx("abnormal_day")] += sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
}

static json_t *tally_json(const struct tally *t, int villages_only)
{
	json_t *o = json_object();
	for (int i = 0; i < report_field_count; i++)
		if (!villages_only || report_fields[i].per_village)
			json_object_set_new(o, report_fields[i].key, json_integer(t->v[i]));
	return o;
}

static json_t *village_rows(struct db *db, struct rep *r)
{
	json_t *a = json_array();
	sqlite3_stmt *st = db_prep(db, "SELECT id,name FROM villages ORDER BY code");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		struct tally *t = village(r, sqlite3_column_int64(st, 0));
		json_t *o = tally_json(t, 1);
		json_object_set_new(o, "village_id", json_integer(t->id));
		json_object_set_new(o, "village_name",
				    json_string((const char *)sqlite3_column_text(st, 1)));
		json_array_append_new(a, o);
	}
	if (st)
		sqlite3_reset(st);
	struct tally *none = village(r, 0);
	json_t *o = tally_json(none, 1);
	json_object_set_new(o, "village_id", json_null());
	json_object_set_new(o, "village_name", json_string("（未分配村居）"));
	json_array_append_new(a, o);
	return a;
}

json_t *report_compute(struct db *db, int date)
{
	struct rep r = {0};
	int64_t from = date_local_time(date, 0), to = from + 86400;
	char ds[11];
	date_format(date, ds, sizeof ds);
	json_t *odd = json_array();
	int rc = tally_observations(db, &r, from, to, odd);
	if (rc == 0)
		rc = tally_tasks(db, &r, from, to, ds);
	for (size_t i = 0; rc == 0 && i < sizeof simple / sizeof simple[0]; i++)
		rc = tally_query(db, &r, simple[i].sql, simple[i].key, from, to, ds);
	if (rc < 0) {
		free(r.vil);
		json_decref(odd);
		return NULL;
	}
	checkpoint_figures(db, &r, from, to);
	/* reconciliation: everyone ever placed (started by the end of the day,
	 * from report_obs_days) = released + current + lost + hospital + other */
	const int64_t *v = r.town.v;
	int64_t placed = v[fidx("observed_total")];
	int64_t released = v[fidx("released_total")], hospital = v[fidx("hospital_total")];
	int64_t current = v[fidx("home_current")] + v[fidx("central_current")];
	int64_t lost = v[fidx("lost_current")], other = r.other;
	int64_t diff = placed - (released + hospital + current + lost + other);
	json_t *rec = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:b,s:o}", "placed",
				(json_int_t)placed, "released", (json_int_t)released, "current",
				(json_int_t)current, "lost", (json_int_t)lost, "hospital",
				(json_int_t)hospital, "other_exits", (json_int_t)other,
				"difference", (json_int_t)diff, "ok", diff == 0, "records", odd);
	char summary[600];
	snprintf(
	    summary, sizeof summary,
	    "截至%d年%d月%d日24时，累计追踪医学观察%lld人，已解除%lld人，尚有%lld人正在接受医学"
	    "观察（居家%lld人、集中%lld人），转院%lld人，失联%lld人。当日新增医学观察%lld人，解除%"
	    "lld人；"
	    "当日摸排%lld人；检疫点检测%lld人次，发现体温异常%lld人。",
	    date / 10000, date / 100 % 100, date % 100, (long long)placed, (long long)released,
	    (long long)current, (long long)v[fidx("home_current")],
	    (long long)v[fidx("central_current")], (long long)hospital, (long long)lost,
	    (long long)(v[fidx("home_new")] + v[fidx("central_new")]),
	    (long long)v[fidx("released_day")], (long long)v[fidx("screened_day")],
	    (long long)v[fidx("cp_persons")], (long long)v[fidx("abnormal_day")]);
	json_t *out =
	    json_pack("{s:s,s:o,s:o,s:o,s:s}", "date", ds, "town", tally_json(&r.town, 0),
		      "villages", village_rows(db, &r), "reconciliation", rec, "summary", summary);
	free(r.vil);
	return out;
}

int report_first_date(struct db *db)
{
	int64_t t =
	    db_scalar(db,
		      "SELECT min(t) FROM (SELECT min(started_at) AS t FROM observations UNION"
		      " ALL SELECT min(created_at) FROM tasks UNION ALL SELECT min(at) FROM"
		      " screenings)",
		      0);
	return t ? clock_local_date(t) : 0;
}

/* ---- versions sent upward ---- */

json_t *report_versions(struct db *db, int date)
{
	char ds[11];
	date_format(date, ds, sizeof ds);
	sqlite3_stmt *st =
	    db_prep(db, "SELECT version,reason,changes AS changes_json,sent_by_name,"
			"sent_at FROM report_versions WHERE date=? ORDER BY version");
	if (!st)
		return NULL;
	db_bind_text(st, 1, ds);
	return db_rows_json(st);
}

json_t *report_version(struct db *db, int date, int version)
{
	char ds[11];
	date_format(date, ds, sizeof ds);
	sqlite3_stmt *st = db_prep(db, "SELECT version,reason,changes AS changes_json,sent_by_name,"
				       "sent_at,figures AS figures_json FROM report_versions WHERE"
				       " date=? AND version=?");
	if (!st)
		return NULL;
	db_bind_text(st, 1, ds);
	sqlite3_bind_int(st, 2, version);
	json_t *o = sqlite3_step(st) == SQLITE_ROW ? db_row_json(st) : NULL;
	sqlite3_reset(st);
	return o;
}

/* What changed in the town figures between two versions. */
static json_t *diff_figures(json_t *old, json_t *nw)
{
	json_t *a = json_array();
	json_t *ot = json_object_get(old, "town"), *nt = json_object_get(nw, "town");
	for (int i = 0; i < report_field_count; i++) {
		const char *k = report_fields[i].key;
		json_int_t x = json_integer_value(json_object_get(ot, k));
		json_int_t y = json_integer_value(json_object_get(nt, k));
		if (x != y)
			json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:I}", "field", k, "label",
							   report_fields[i].label, "from", x, "to",
							   y));
	}
	return a;
}

/* Besides report.h: ST_CONFLICT when sent already and no reason is given,
 * ST_INVALID for a correction (a reason) of a day not sent yet. */
int report_send(struct db *db, const struct actor *who, const char *who_name, int date,
		json_t *figures, const char *reason, int *version)
{
	char ds[11];
	date_format(date, ds, sizeof ds);
	if (db_begin(db) < 0)
		return ST_ERR;
	sqlite3_stmt *st = db_prep(db, "SELECT version,figures FROM report_versions WHERE date=?"
				       " ORDER BY version DESC LIMIT 1");
	if (!st)
		goto err;
	db_bind_text(st, 1, ds);
	json_t *prev = NULL;
	*version = 1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0) + 1;
		prev = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
	}
	sqlite3_reset(st);
	if ((*version > 1) != (reason && *reason)) {
		/* decided here, inside the transaction: two sends at once make
		 * one version 1, not a correction without a reason */
		json_decref(prev);
		db_rollback(db);
		return *version > 1 ? ST_CONFLICT : ST_INVALID;
	}
	json_t *changes = prev ? diff_figures(prev, figures) : json_array();
	json_decref(prev);
	char *f = json_dumps(figures, JSON_COMPACT), *c = json_dumps(changes, JSON_COMPACT);
	st = db_prep(db, "INSERT INTO report_versions(date,version,figures,reason,changes,sent_by,"
			 "sent_by_name,sent_at) VALUES(?,?,?,?,?,?,?,?)");
	int rc = -1;
	if (st) {
		db_bind_text(st, 1, ds);
		sqlite3_bind_int(st, 2, *version);
		db_bind_text(st, 3, f);
		db_bind_text(st, 4, reason ? reason : "");
		db_bind_text(st, 5, c);
		if (who->user_id)
			sqlite3_bind_int64(st, 6, who->user_id);
		db_bind_text(st, 7, who_name ? who_name : who->username);
		sqlite3_bind_int64(st, 8, clock_now());
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(st);
	}
	free(f);
	free(c);
	json_t *d = json_pack("{s:s,s:i,s:I}", "date", ds, "version", *version, "changes",
			      (json_int_t)json_array_size(changes));
	json_decref(changes);
	if (rc == 0)
		rc = audit_write(db, who, *version == 1 ? "report.send" : "report.correct",
				 "report", date, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

/* ---- export layout ---- */

json_t *report_layout_get(struct db *db)
{
	sqlite3_stmt *st = db_prep(db, "SELECT value FROM settings WHERE key='report_layout'");
	json_t *l = NULL;
	if (st && sqlite3_step(st) == SQLITE_ROW) /* whole: a layout may be up to 16 KB */
		l = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
	if (st)
		sqlite3_reset(st);
	if (l)
		return l;
	json_t *fields = json_array();
	for (int i = 0; i < report_field_count; i++)
		json_array_append_new(fields, json_pack("{s:s,s:s}", "key", report_fields[i].key,
							"label", report_fields[i].label));
	char town[128], title[256];
	settings_get(db, "town_name", town, sizeof town);
	snprintf(title, sizeof title, "%s新冠肺炎疫情防控工作日报", town);
	return json_pack("{s:s,s:o,s:b}", "title", title, "fields", fields, "per_village", 1);
}

const char *report_layout_set(struct db *db, const struct actor *who, json_t *layout)
{
	json_t *fields = json_object_get(layout, "fields");
	json_t *title = json_object_get(layout, "title");
	if (!json_is_object(layout) || !json_is_string(title) || !json_is_array(fields) ||
	    !json_array_size(fields))
		return "layout";
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f)
	{
		const char *k = json_string_value(json_object_get(f, "key"));
		if (!report_field_find(k))
			return k ? k : "layout";
		json_t *lab = json_object_get(f, "label");
		if (lab && !json_is_string(lab))
			return k;
	}
	char *text = json_dumps(layout, JSON_COMPACT);
	sqlite3_stmt *st = db_prep(db, "INSERT INTO settings(key,value) VALUES('report_layout',?1)"
				       " ON CONFLICT(key) DO UPDATE SET value=?1");
	int ok = st && db_begin(db) == 0;
	if (ok) {
		db_bind_text(st, 1, text);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
		ok = ok && audit_write(db, who, "report.layout", "settings", 0, NULL) == 0 &&
		     db_commit(db) == 0;
		if (!ok)
			db_rollback(db);
	}
	free(text);
	return ok ? NULL : "internal";
}

/* ---- dashboard ---- */

/* {date: n} from a query yielding (local day as days since 1970-01-01, n)
 * rows, ?1 = since, ?2 = since as a date. */
static json_t *series(struct db *db, const char *sql, int64_t since, const char *since_date)
{
	json_t *o = json_object();
	sqlite3_stmt *st = db_prep(db, sql);
	if (!st)
		return o;
	sqlite3_bind_int64(st, 1, since);
	db_bind_text(st, 2, since_date);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char ds[11];
		date_format(date_from_days(sqlite3_column_int64(st, 0)), ds, sizeof ds);
		json_object_set_new(o, ds, json_integer(sqlite3_column_int64(st, 1)));
	}
	sqlite3_reset(st);
	return o;
}

#define LOCAL_DAY(col) "((" col "+28800)/86400)"

static json_t *trends(struct db *db, int today, int days)
{
	int first = date_add(today, -(days - 1));
	int64_t since = date_local_time(first, 0);
	char fs[11];
	date_format(first, fs, sizeof fs);
	/* starts, ends and releases per day from report_obs_days */
	json_t *started = json_object(), *ended = json_object(), *released = json_object();
	int64_t current = 0; /* started before the first day - ended before it */
	sqlite3_stmt *st =
	    db_prep(db, "SELECT day,sum(start_home+start_central),"
			"sum(end_home+end_central),sum(released) FROM report_obs_days"
			" GROUP BY day");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st, 0);
		if (d < date_days(first)) {
			current += sqlite3_column_int64(st, 1) - sqlite3_column_int64(st, 2);
			continue;
		}
		char ds[11];
		date_format(date_from_days(d), ds, sizeof ds);
		json_object_set_new(started, ds, json_integer(sqlite3_column_int64(st, 1)));
		json_object_set_new(ended, ds, json_integer(sqlite3_column_int64(st, 2)));
		json_object_set_new(released, ds, json_integer(sqlite3_column_int64(st, 3)));
	}
	if (st)
		sqlite3_reset(st);
	/* local days as integers: date() on every row costs more than the rest */
	json_t *fevers =
	    series(db,
		   "SELECT d,sum(n) FROM (SELECT CAST(julianday(local_date)-2440587.5 AS INTEGER)"
		   " AS d,n FROM (SELECT local_date,count(DISTINCT obs_id) AS n FROM checks WHERE"
		   " fever=1 AND local_date>=?2 GROUP BY 1) UNION ALL SELECT " LOCAL_DAY(
		       "at") ",sum(fevers) FROM screenings WHERE at>=?1 GROUP BY 1) GROUP BY d",
		   since, fs);
	json_t *refs =
	    series(db,
		   "SELECT d,sum(n) FROM (SELECT " LOCAL_DAY(
		       "departed_at") " AS d,count(*) AS n FROM alerts WHERE"
				      " departed_at>=?1 GROUP BY 1 UNION ALL SELECT " LOCAL_DAY(
					  "s.at") ",count(*) FROM screened p JOIN"
						  " screenings s ON s.id=p.screening_id"
						  " WHERE s.at>=?1 AND p.result='转诊'"
						  " GROUP BY 1) GROUP BY d",
		   since, fs);
	json_t *out = json_array();
	for (int d = first; d <= today; d = date_add(d, 1)) {
		char ds[11];
		date_format(d, ds, sizeof ds);
		int64_t s = json_integer_value(json_object_get(started, ds));
		int64_t e = json_integer_value(json_object_get(ended, ds));
		current += s - e;
		json_array_append_new(
		    out,
		    json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "date", ds, "new", (json_int_t)s,
			      "current", (json_int_t)current, "released",
			      (json_int_t)json_integer_value(json_object_get(released, ds)),
			      "fevers", (json_int_t)json_integer_value(json_object_get(fevers, ds)),
			      "referrals",
			      (json_int_t)json_integer_value(json_object_get(refs, ds))));
	}
	json_decref(started);
	json_decref(released);
	json_decref(ended);
	json_decref(fevers);
	json_decref(refs);
	return out;
}

static json_t *rows(struct db *db, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *st = db_prep(db, sql);
	if (!st)
		return json_array();
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	json_t *r = db_rows_json(st);
	return r ? r : json_array();
}

/* How many observations under way owe a check in the window open at `now`
 * and have none yet: the count of obs_due()'s due_now, by the same rules
 * (the window of today's rule set; owed from the first window to the
 * evening of the planned end; a check with a temperature in the window
 * settles it).  last_check_window, the newest window with such a check,
 * answers for nearly everyone: those below the window are one range of the
 * index obs_due; only those above it (a check recorded a few minutes ahead,
 * in the next window) are looked up in the checks.  *window gets {date,
 * slot, open} of the window. */
static int64_t due_now(struct db *db, int64_t now, json_t **window)
{
	struct obs_rules cur;
	if (obs_rules_for(db, clock_local_date(now), &cur) != ST_OK)
		obs_rules_default(&cur);
	int64_t open = obs_current_window(&cur, now);
	int64_t shown = open >= 0 ? open : obs_last_closed_window(&cur, now);
	int sdate = date_from_days(shown >> 1), sslot = (int)(shown & 1);
	char ds[11];
	date_format(sdate, ds, sizeof ds);
	*window = json_pack("{s:s,s:i,s:b}", "date", ds, "slot", sslot, "open", open >= 0);
	if (open < 0)
		return 0;
	sqlite3_stmt *st = db_prep(
	    db, "SELECT (SELECT count(*) FROM observations o WHERE o.status='active' AND"
		" o.last_check_window<?2 AND o.first_window<=?2 AND o.planned_end>=?1)+"
		"(SELECT count(*) FROM observations o WHERE o.status='active' AND"
		" o.last_check_window>?2 AND o.first_window<=?2 AND o.planned_end>=?1 AND NOT"
		" EXISTS(SELECT 1 FROM checks c WHERE c.obs_id=o.id AND c.local_date=?1 AND"
		" c.slot=?3 AND c.temp IS NOT NULL))");
	if (!st)
		return 0;
	db_bind_text(st, 1, ds);
	sqlite3_bind_int64(st, 2, shown);
	sqlite3_bind_int(st, 3, sslot);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

json_t *report_dashboard(struct db *db, int today, int64_t now)
{
	int64_t from = date_local_time(today, 0), to = from + 86400;
	/* observations by status and kind from obs_tally (kept by triggers) */
	json_t *tiles =
	    rows(db,
		 "SELECT (SELECT coalesce(sum(n),0) FROM obs_tally WHERE status='active' AND"
		 " kind='home') AS home,(SELECT coalesce(sum(n),0) FROM obs_tally WHERE"
		 " status='active' AND kind='central') AS central,(SELECT coalesce(sum(n),0) FROM"
		 " obs_tally WHERE status='lost') AS lost,"
		 "(SELECT count(*) FROM alerts WHERE status<>'closed') AS open_alerts,"
		 "(SELECT count(*) FROM tasks WHERE status='open' AND deadline_at<?2+0*?1) AS"
		 " tasks_overdue,(SELECT count(DISTINCT list_id) FROM tasks WHERE status='open' AND"
		 " deadline_at<?2) AS lists_overdue,"
		 "(SELECT coalesce(sum(persons),0) FROM screenings WHERE at>=?1) AS screened_today,"
		 "(SELECT count(*) FROM sightings WHERE acknowledged_at IS NULL) AS sightings,"
		 "(SELECT count(*) FROM cp_alerts WHERE acknowledged_at IS NULL) AS cp_fevers,"
		 "(SELECT coalesce(sum(n),0) FROM obs_tally WHERE kind='central' AND status IN"
		 " ('active','lost') AND site_id<>0) AS site_occupied,(SELECT "
		 "coalesce(sum(capacity),0) FROM sites"
		 " WHERE active=1) AS site_capacity",
		 from, now);
	json_t *t = json_incref(json_array_get(tiles, 0));
	json_decref(tiles);
	if (!t)
		t = json_object();
	json_t *window = NULL;
	json_object_set_new(t, "due_now", json_integer(due_now(db, now, &window)));
	json_t *hours = rows(db,
			     "SELECT ((at+28800)%86400)/3600 AS hour,count(*) AS screenings,"
			     "coalesce(sum(persons),0) AS persons FROM screenings WHERE at>=?1 AND"
			     " at<?2 GROUP BY 1 ORDER BY 1",
			     from, to);
	json_t *verify =
	    rows(db,
		 "SELECT v.id AS village_id,v.name AS village_name,count(t.id) AS total,"
		 "count(t.id) FILTER (WHERE t.status='done') AS done,count(t.id) FILTER"
		 " (WHERE t.status='open' AND t.deadline_at<?2+0*?1) AS overdue FROM"
		 " villages v LEFT JOIN tasks t ON t.village_id=v.id GROUP BY v.id"
		 " ORDER BY v.code",
		 0, now);
	json_t *rep = report_compute(db, today);
	json_t *out =
	    json_pack("{s:o,s:o,s:o,s:o,s:O,s:o}", "tiles", t, "trend", trends(db, today, 30),
		      "checkpoint_hours", hours, "verification", verify, "villages",
		      rep ? json_object_get(rep, "villages") : json_null(), "due_window", window);
	json_decref(rep);
	return out;
}
