/*
 * The daily views of medical observation: lists, a person's grid, the due
 * list, the release queue, office counts and open alerts; see obs.h.
 *
 * The due list and release queue are computed from per-observation facts kept
 * current on every check (last_check_window), so one indexed pass over the
 * active observations answers them: no per-window scans of the checks table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "obs.h"
#include "util/clock.h"

struct obs_scope obs_scope_and(const struct obs_scope *a, const struct obs_scope *b)
{
	struct obs_scope r = {a->village ? a->village : b->village, a->site ? a->site : b->site};
	if (a->village && b->village && a->village != b->village)
		r.village = -1;
	if (a->site && b->site && a->site != b->site)
		r.site = -1;
	return r;
}

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static void bind_date(sqlite3_stmt *st, int i, int ymd)
{
	char d[11];
	date_format(ymd, d, sizeof d);
	sqlite3_bind_text(st, i, d, -1, SQLITE_TRANSIENT);
}

static int col_date(sqlite3_stmt *st, int i)
{
	int ymd = 0;
	date_parse((const char *)sqlite3_column_text(st, i), &ymd);
	return ymd;
}

/* A few rule versions are in use at once; cache them for one query. */
struct rules_cache {
	int n;
	struct obs_rules r[8];
};

static const struct obs_rules *rules_cached(struct db *db, struct rules_cache *c, int64_t id)
{
	for (int i = 0; i < c->n; i++)
		if (c->r[i].id == id)
			return &c->r[i];
	int slot = c->n < 8 ? c->n++ : 7;
	if (obs_rules_get(db, id, &c->r[slot]) != ST_OK)
		obs_rules_default(&c->r[slot]);
	return &c->r[slot];
}

#define LIST_FROM                                                                                  \
	" FROM observations o JOIN persons p ON p.id=o.person_id"                                  \
	" LEFT JOIN villages v ON v.id=p.village_id LEFT JOIN sites s ON s.id=o.site_id"           \
	" LEFT JOIN rooms r ON r.id=o.room_id LEFT JOIN users w ON w.id=o.worker_id"
#define LIST_WHERE                                                                                 \
	" WHERE (?1 IS NULL AND o.status IN ('active','lost') OR ?1='all' OR o.status=?1)"         \
	" AND (?2 IS NULL OR o.kind=?2) AND (?3 IS NULL OR p.village_id=?3)"                       \
	" AND (?4 IS NULL OR o.site_id=?4) AND (?5 IS NULL OR p.name LIKE ?5 OR p.name_py LIKE"    \
	" ?6 OR p.doc_number LIKE ?5 OR p.phone LIKE ?5)"                                          \
	" AND (?9=0 OR o.kind='central' AND o.site_id IS NULL)"
#define LIST_COLS                                                                                  \
	"o.id,o.person_id,p.name,p.sex,p.doc_number,p.phone,p.address,p.village_id,"               \
	"v.name AS village_name,o.kind,o.status,o.reason,o.reason_detail,o.exposure_date,o.day1,"  \
	"o.planned_end,o.extended_days,o.rules_id,o.site_id,s.name AS site_name,o.room_id,"        \
	"r.number AS room_number,o.bed,o.worker_id,w.name AS worker_name,o.doctor,"                \
	"o.last_check_at,o.started_at,o.ended_at,o.end_reason,o.lost_at,o.notice_no,"              \
	"(SELECT count(*) FROM alerts a WHERE a.obs_id=o.id AND a.status<>'closed') AS "           \
	"open_alerts"

json_t *obs_list(struct db *db, const struct obs_filter *f, const struct obs_scope *sc)
{
	static const char count_sql[] = "SELECT count(*)" LIST_FROM LIST_WHERE;
	static const char list_sql[] = "SELECT " LIST_COLS LIST_FROM LIST_WHERE
				       " ORDER BY o.planned_end, o.id LIMIT ?7 OFFSET ?8";
	sqlite3_stmt *sts[2] = {db_prep(db, count_sql), db_prep(db, list_sql)};
	if (!sts[0] || !sts[1])
		return NULL;
	char like[128] = "", py[128] = "";
	if (f->q) {
		snprintf(like, sizeof like, "%%%s%%", f->q);
		snprintf(py, sizeof py, "%%%s%%", f->q);
		for (char *c = py; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
	}
	int64_t village = sc->village ? sc->village : f->village;
	int64_t site = sc->site ? sc->site : f->site;
	if ((sc->village && f->village && f->village != sc->village) ||
	    (sc->site && f->site && f->site != sc->site))
		village = -1;
	for (int k = 0; k < 2; k++) {
		db_bind_text_null(sts[k], 1, f->status);
		db_bind_text_null(sts[k], 2, f->kind);
		bind_id(sts[k], 3, village);
		bind_id(sts[k], 4, site);
		sqlite3_bind_int(sts[k], 9, f->unplaced);
		if (f->q) {
			db_bind_text(sts[k], 5, like);
			db_bind_text(sts[k], 6, py);
		}
	}
	sqlite3_bind_int64(sts[1], 7, f->per_page);
	sqlite3_bind_int64(sts[1], 8, (f->page - 1) * f->per_page);
	int64_t total = sqlite3_step(sts[0]) == SQLITE_ROW ? sqlite3_column_int64(sts[0], 0) : 0;
	sqlite3_reset(sts[0]);
	json_t *items = db_rows_json(sts[1]);
	return items ? json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total) : NULL;
}

static json_t *rows_for(struct db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_prep(db, sql);
	if (!st)
		return json_array();
	sqlite3_bind_int64(st, 1, id);
	json_t *a = db_rows_json(st);
	return a ? a : json_array();
}

json_t *obs_detail(struct db *db, int64_t id, const struct obs_scope *sc)
{
	sqlite3_stmt *st = db_prep(db, "SELECT " LIST_COLS ",p.birth_date,p.doc_type" LIST_FROM
				       " WHERE o.id=?1 AND (?2 IS NULL OR p.village_id=?2)"
				       " AND (?3 IS NULL OR o.site_id=?3)");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	bind_id(st, 2, sc->village);
	bind_id(st, 3, sc->site);
	json_t *o = sqlite3_step(st) == SQLITE_ROW ? db_row_json(st) : NULL;
	sqlite3_reset(st);
	if (!o)
		return NULL;
	json_object_set_new(
	    o, "events",
	    rows_for(
		db,
		"SELECT id,at,username,action,from_status,to_status,reason,detail AS detail_json"
		" FROM obs_events WHERE obs_id=? ORDER BY id",
		id));
	json_object_set_new(
	    o, "alerts",
	    rows_for(db,
		     "SELECT a.id,a.opened_at,a.temp,a.method,a.symptoms,a.status,a.hospital,"
		     "a.transport,a.departed_at,a.outcome,a.closed_at,a.note FROM alerts a "
		     "WHERE a.obs_id=? ORDER BY a.id",
		     id));
	json_object_set_new(
	    o, "needs",
	    rows_for(
		db,
		"SELECT id,category,text,status,created_at,updated_at FROM needs WHERE obs_id=?"
		" ORDER BY id",
		id));
	json_object_set_new(
	    o, "checks",
	    rows_for(
		db,
		"SELECT c.id,c.at,c.local_date,c.slot,c.in_window,c.temp,c.method,c.symptoms,"
		"c.visit,c.fever,c.note,u.name AS recorded_by_name FROM checks c LEFT JOIN users"
		" u ON u.id=c.recorded_by WHERE c.obs_id=? ORDER BY c.at DESC LIMIT 200",
		id));
	struct obs_rules r;
	int64_t rid = json_integer_value(json_object_get(o, "rules_id"));
	if (obs_rules_get(db, rid, &r) == ST_OK)
		json_object_set_new(o, "rules", obs_rules_to_json(&r));
	return o;
}

json_t *obs_grid(struct db *db, int64_t id, const struct obs_scope *sc, int64_t now)
{
	struct obs o;
	struct obs_rules r;
	if (obs_load(db, id, sc, &o) != ST_OK || obs_rules_get(db, o.rules_id, &r) != ST_OK)
		return NULL;
	int ndays = date_diff(o.day1, o.planned_end) + 1;
	if (ndays < 1 || ndays > 120)
		return NULL;
	json_t *days = json_array();
	/* day 0 (the exposure day) may hold checks too when day0 is set */
	int first_day = o.exposure < o.day1 ? o.exposure : o.day1;
	int64_t closed = obs_last_closed_window(&r, now), open = obs_current_window(&r, now);
	int64_t end_idx = o.ended_at ? obs_last_closed_window(&r, o.ended_at) : INT64_MAX;
	sqlite3_stmt *st =
	    db_prep(db, "SELECT local_date,slot,max(temp),max(fever),"
			"group_concat(DISTINCT visit),group_concat(DISTINCT symptoms),"
			"count(*) FROM checks WHERE obs_id=? GROUP BY local_date,slot"
			" ORDER BY local_date,slot");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	for (int d = first_day; d <= o.planned_end; d = date_add(d, 1)) {
		char ds[11];
		date_format(d, ds, sizeof ds);
		json_t *slots = json_array();
		for (int s = 0; s < 2; s++) {
			int64_t idx = obs_window_idx(date_days(d), s);
			json_t *cell = json_pack("{s:i}", "slot", s);
			const char *state;
			if (rc == SQLITE_ROW && col_date(st, 0) == d &&
			    sqlite3_column_int(st, 1) == s) {
				int has_temp = sqlite3_column_type(st, 2) != SQLITE_NULL;
				if (has_temp)
					json_object_set_new(
					    cell, "temp", json_integer(sqlite3_column_int(st, 2)));
				const char *sym = (const char *)sqlite3_column_text(st, 5);
				json_object_set_new(cell, "symptoms", json_string(sym ? sym : ""));
				json_object_set_new(cell, "checks",
						    json_integer(sqlite3_column_int(st, 6)));
				state = sqlite3_column_int(st, 3)    ? "fever"
					: !has_temp		     ? "absent"
					: sym && *sym && *sym != ',' ? "symptom"
								     : "normal";
				rc = sqlite3_step(st);
			} else if (d < o.day1 || idx < o.first_window) {
				state = "none";
			} else if (idx == open) {
				state = "due";
			} else if (idx <= closed && idx <= end_idx) {
				state = "missed";
			} else {
				state = "future";
			}
			json_object_set_new(cell, "state", json_string(state));
			json_array_append_new(slots, cell);
		}
		json_array_append_new(days, json_pack("{s:s,s:i,s:o}", "date", ds, "day",
						      date_diff(o.day1, d) + 1, "slots", slots));
	}
	sqlite3_reset(st);
	char a[11], b[11];
	date_format(o.day1, a, sizeof a);
	date_format(o.planned_end, b, sizeof b);
	return json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)o.id, "day1", a, "planned_end",
			 b, "status", obs_status_name(o.status), "days", days);
}

/* One village's tallies in the due list. */
struct vtally {
	int64_t id;
	json_t *name;
	int active, due, m1, m2, m3;
};

static struct vtally *village_tally(struct vtally *tally, int *nt, sqlite3_stmt *st)
{
	int64_t vid = sqlite3_column_int64(st, 1);
	for (int i = 0; i < *nt; i++)
		if (tally[i].id == vid)
			return &tally[i];
	if (*nt >= 256)
		return NULL;
	struct vtally *t = &tally[(*nt)++];
	memset(t, 0, sizeof *t);
	t->id = vid;
	const char *vn = (const char *)sqlite3_column_text(st, 2);
	t->name = json_string(vn ? vn : "（未分配村居）");
	return t;
}

/* The active observations the due list is about, one village's through
 * obs_village (which holds every column read here); only what the tallies
 * need, the person's details come later for the rows shown.  "Checked in
 * window ?3/?4 (index ?5)": last_check_window is the latest window with a
 * temperature (obs_check_add keeps it), so equal means yes, below means no,
 * and only above (a later window already checked) needs the checks. */
#define DUE_COLS                                                                                   \
	"SELECT o.id,o.village_id,v.name,o.day1,o.planned_end,o.first_window,"                     \
	"o.last_check_window,o.rules_id,CASE WHEN o.last_check_window=?5 THEN 1"                   \
	" WHEN o.last_check_window>?5 THEN EXISTS(SELECT 1 FROM checks c WHERE c.obs_id=o.id"      \
	" AND c.local_date=?3 AND c.slot=?4 AND c.temp IS NOT NULL) ELSE 0 END"                    \
	" FROM observations o LEFT JOIN villages v ON v.id=o.village_id WHERE "
#define DUE_ORDER " AND (?2 IS NULL OR o.site_id=?2) ORDER BY v.name, o.id"

json_t *obs_due(struct db *db, const struct obs_scope *sc, int64_t village, int64_t now)
{
	struct rules_cache rc = {0};
	struct obs_rules cur;
	int today = clock_local_date(now);
	if (obs_rules_for(db, today, &cur) != ST_OK)
		obs_rules_default(&cur);
	int64_t open = obs_current_window(&cur, now);
	int64_t closed = obs_last_closed_window(&cur, now);
	int64_t shown = open >= 0 ? open : closed; /* the window the list is about */
	int sdate = date_from_days(shown >> 1), sslot = (int)(shown & 1);
	int64_t vid = sc->village ? sc->village : village;
	sqlite3_stmt *st =
	    db_prep(db, vid ? DUE_COLS "o.village_id=?1 AND o.status='active'" DUE_ORDER
			    : DUE_COLS "o.status='active'" DUE_ORDER);
	sqlite3_stmt *row_st = db_prep(
	    db, "SELECT o.id,o.person_id,p.name,p.phone,p.address,p.village_id,"
		"v.name AS village_name,o.kind,s.name AS site_name,r.number AS room_number,o.bed,"
		"o.day1,o.planned_end,o.last_check_at,"
		"(SELECT visit FROM checks c WHERE c.obs_id=o.id AND c.local_date=?2 AND c.slot=?3"
		" ORDER BY c.at DESC LIMIT 1) AS visit"
		" FROM observations o JOIN persons p ON p.id=o.person_id"
		" LEFT JOIN villages v ON v.id=p.village_id LEFT JOIN sites s ON s.id=o.site_id"
		" LEFT JOIN rooms r ON r.id=o.room_id WHERE o.id=?1");
	if (!st || !row_st)
		return NULL;
	if (vid)
		sqlite3_bind_int64(st, 1, vid);
	bind_id(st, 2, sc->site);
	bind_date(st, 3, sdate);
	sqlite3_bind_int(st, 4, sslot);
	sqlite3_bind_int64(st, 5, shown);
	bind_date(row_st, 2, sdate);
	sqlite3_bind_int(row_st, 3, sslot);
	json_t *items = json_array();
	struct vtally tally[256];
	int nt = 0;
	int64_t total_active = 0, total_due = 0, buckets[3] = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		const struct obs_rules *r = rules_cached(db, &rc, sqlite3_column_int64(st, 7));
		int64_t first = sqlite3_column_int64(st, 5);
		int64_t last_req = obs_window_idx(date_days(col_date(st, 4)), 1);
		int64_t missed = obs_missed_since(first, last_req, sqlite3_column_int64(st, 6),
						  obs_last_closed_window(r, now));
		int owes = shown >= first && shown <= last_req;
		int due = open >= 0 && owes && !sqlite3_column_int(st, 8);
		struct vtally *t = village_tally(tally, &nt, st);
		total_active++;
		if (t)
			t->active++;
		if (due) {
			total_due++;
			if (t)
				t->due++;
		}
		if (missed > 0) {
			int b = missed >= 3 ? 2 : (int)missed - 1;
			buckets[b]++;
			if (t)
				*(b == 0 ? &t->m1 : b == 1 ? &t->m2 : &t->m3) += 1;
		}
		if (!due && missed == 0)
			continue;
		sqlite3_bind_int64(row_st, 1, sqlite3_column_int64(st, 0));
		json_t *row = sqlite3_step(row_st) == SQLITE_ROW ? db_row_json(row_st) : NULL;
		sqlite3_reset(row_st);
		if (!row)
			continue;
		json_object_set_new(row, "due_now", json_boolean(due));
		json_object_set_new(row, "missed_windows", json_integer(missed));
		json_object_set_new(row, "day",
				    json_integer(date_diff(col_date(st, 3), today) + 1));
		json_array_append_new(items, row);
	}
	sqlite3_reset(st);
	json_t *vill = json_array();
	for (int i = 0; i < nt; i++) {
		json_array_append_new(vill,
				      json_pack("{s:I,s:o,s:i,s:i,s:i,s:i,s:i}", "village_id",
						(json_int_t)tally[i].id, "village_name",
						tally[i].name, "active", tally[i].active, "due_now",
						tally[i].due, "missed_1", tally[i].m1, "missed_2",
						tally[i].m2, "missed_3plus", tally[i].m3));
	}
	char ds[11];
	date_format(sdate, ds, sizeof ds);
	return json_pack("{s:{s:s,s:i,s:b},s:I,s:I,s:{s:I,s:I,s:I},s:o,s:o}", "window", "date", ds,
			 "slot", sslot, "open", open >= 0, "active", (json_int_t)total_active,
			 "due_now", (json_int_t)total_due, "missed", "1", (json_int_t)buckets[0],
			 "2", (json_int_t)buckets[1], "3plus", (json_int_t)buckets[2], "villages",
			 vill, "items", items);
}

/* Column i as a string member of o (NULL: null if nullable); 1 if it cannot
 * be (NULL where not nullable, invalid UTF-8). */
static int set_text(json_t *o, const char *key, sqlite3_stmt *st, int i, int nullable)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	json_t *v = t ? json_string(t) : nullable ? json_null() : NULL;
	return v ? json_object_set_new_nocheck(o, key, v) < 0 : 1;
}

/* The release queue in the order of obs_active_end (planned end, village,
 * site, id): the page reads its first rows and stops, no sort of the queue. */
#define RQ_SQL                                                                                     \
	"SELECT o.id,o.person_id,p.name,v.name AS village_name,o.kind,s.name AS site_name,"        \
	"o.planned_end,"                                                                           \
	"(SELECT count(*) FROM alerts a WHERE a.obs_id=o.id AND a.status<>'closed'),"              \
	"(SELECT coalesce(max(n),0) FROM (SELECT count(DISTINCT slot) AS n FROM checks c"          \
	" WHERE c.obs_id=o.id AND c.local_date>=o.planned_end AND c.temp IS NOT NULL"              \
	" GROUP BY c.local_date))"                                                                 \
	" FROM observations o INDEXED BY obs_active_end JOIN persons p ON p.id=o.person_id"        \
	" LEFT JOIN villages v ON v.id=o.village_id LEFT JOIN sites s ON s.id=o.site_id"           \
	" WHERE o.status='active' AND o.planned_end<=?1 AND (?2 IS NULL OR o.village_id=?2)"       \
	" AND (?3 IS NULL OR o.site_id=?3) ORDER BY o.planned_end, o.village_id, o.site_id, o.id"

/* The row of the queue statement `st` with whether it qualifies today;
 * NULL for a row json_pack would refuse (a NULL or invalid UTF-8 string),
 * left out as before.  Built member by member: json_pack would parse its
 * format for each of thousands of rows. */
static json_t *release_item(sqlite3_stmt *st, int today, int *qualifies)
{
	struct obs_state s = {OBS_ACTIVE, 0, col_date(st, 6), sqlite3_column_int(st, 7),
			      sqlite3_column_int(st, 8)};
	int next;
	const char *why = obs_transition(&s, ACT_RELEASE, today, NULL, &next);
	json_t *it = json_object();
	int bad = 0;
	json_object_set_new_nocheck(it, "id", json_integer(sqlite3_column_int64(st, 0)));
	json_object_set_new_nocheck(it, "person_id", json_integer(sqlite3_column_int64(st, 1)));
	bad |= set_text(it, "name", st, 2, 0);
	bad |= set_text(it, "village_name", st, 3, 1);
	bad |= set_text(it, "kind", st, 4, 0);
	bad |= set_text(it, "site_name", st, 5, 1);
	bad |= set_text(it, "planned_end", st, 6, 0);
	json_object_set_new_nocheck(it, "open_alerts", json_integer(s.open_alerts));
	json_object_set_new_nocheck(it, "last_day_checks", json_integer(s.last_day_checks));
	json_object_set_new_nocheck(it, "qualifies", json_boolean(why == NULL));
	json_object_set_new_nocheck(it, "blocked_by", why ? json_string(why) : json_null());
	if (bad) {
		json_decref(it);
		return NULL;
	}
	*qualifies = why == NULL;
	return it;
}

json_t *obs_release_queue(struct db *db, const struct obs_scope *sc, int date, int64_t now)
{
	int today = clock_local_date(now);
	sqlite3_stmt *st = db_prep(db, RQ_SQL);
	if (!st)
		return NULL;
	bind_date(st, 1, date);
	bind_id(st, 2, sc->village);
	bind_id(st, 3, sc->site);
	json_t *items = json_array();
	int ok = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int q = 0;
		json_t *it = release_item(st, today, &q);
		if (!it)
			continue;
		ok += q;
		json_array_append_new(items, it);
	}
	sqlite3_reset(st);
	char ds[11];
	date_format(date, ds, sizeof ds);
	return json_pack("{s:s,s:o,s:I,s:i}", "date", ds, "items", items, "total",
			 (json_int_t)json_array_size(items), "qualifying", ok);
}

/* One village's or site's share of the release queue. */
struct rtally {
	int64_t id;
	int total, due, overdue;
};

static void rtally_add(struct rtally *t, int *n, int64_t id, int overdue)
{
	int i = 0;
	while (i < *n && t[i].id != id)
		i++;
	if (i == *n) {
		if (*n >= 256)
			return;
		t[(*n)++] = (struct rtally){id, 0, 0, 0};
	}
	t[i].total++;
	*(overdue ? &t[i].overdue : &t[i].due) += 1;
}

static int rtally_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct rtally *)a)->id, y = ((const struct rtally *)b)->id;
	return (x > y) - (x < y);
}

/* [{"<key>_id","<key>_name","total","due","overdue"}] by id; the names
 * from `name_sql` (?1 = id). */
static json_t *rtally_json(struct db *db, struct rtally *t, int n, const char *key,
			   const char *name_sql)
{
	char id_key[16], name_key[16];
	snprintf(id_key, sizeof id_key, "%s_id", key);
	snprintf(name_key, sizeof name_key, "%s_name", key);
	qsort(t, (size_t)n, sizeof *t, rtally_cmp);
	sqlite3_stmt *st = db_prep(db, name_sql);
	json_t *a = json_array();
	for (int i = 0; st && i < n; i++) {
		sqlite3_bind_int64(st, 1, t[i].id);
		const char *nm = sqlite3_step(st) == SQLITE_ROW
				     ? (const char *)sqlite3_column_text(st, 0)
				     : NULL;
		json_t *o = json_object();
		json_object_set_new(o, id_key, t[i].id ? json_integer(t[i].id) : json_null());
		json_object_set_new(o, name_key, nm ? json_string(nm) : json_null());
		json_object_set_new(o, "total", json_integer(t[i].total));
		json_object_set_new(o, "due", json_integer(t[i].due));
		json_object_set_new(o, "overdue", json_integer(t[i].overdue));
		json_array_append_new(a, o);
		sqlite3_reset(st);
	}
	return a;
}

/* The summary of the whole queue in scope (one pass over obs_active_end,
 * which holds every column read) and the count of the rows the filter
 * keeps (*matching). */
static json_t *release_summary(struct db *db, const struct obs_scope *sc, const struct obs_scope *f,
			       int date, int64_t *matching)
{
	sqlite3_stmt *st =
	    db_prep(db, "SELECT o.village_id,o.site_id,o.planned_end<?2"
			" FROM observations o INDEXED BY obs_active_end WHERE o.status='active'"
			" AND o.planned_end<=?1 AND (?3 IS NULL OR o.village_id=?3)"
			" AND (?4 IS NULL OR o.site_id=?4)");
	if (!st)
		return NULL;
	bind_date(st, 1, date);
	bind_date(st, 2, date);
	bind_id(st, 3, sc->village);
	bind_id(st, 4, sc->site);
	struct rtally vt[256], stt[256];
	int nv = 0, ns = 0, total = 0, overdue = 0;
	*matching = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t v = sqlite3_column_int64(st, 0), s = sqlite3_column_int64(st, 1);
		int late = sqlite3_column_int(st, 2);
		total++;
		overdue += late;
		rtally_add(vt, &nv, v, late);
		if (s)
			rtally_add(stt, &ns, s, late);
		if ((!f->village || f->village == v) && (!f->site || f->site == s))
			++*matching;
	}
	sqlite3_reset(st);
	json_t *vill = rtally_json(db, vt, nv, "village", "SELECT name FROM villages WHERE id=?1");
	json_t *sites = rtally_json(db, stt, ns, "site", "SELECT name FROM sites WHERE id=?1");
	return json_pack("{s:i,s:i,s:i,s:o,s:o}", "total", total, "due", total - overdue, "overdue",
			 overdue, "villages", vill, "sites", sites);
}

json_t *obs_release_page(struct db *db, const struct obs_scope *sc,
			 const struct obs_release_filter *f, int64_t now)
{
	int today = clock_local_date(now);
	struct obs_scope want = {f->village, f->site};
	struct obs_scope both = obs_scope_and(sc, &want);
	int64_t matching = 0;
	json_t *summary = release_summary(db, sc, &both, f->date, &matching);
	sqlite3_stmt *st = db_prep(db, RQ_SQL " LIMIT ?4 OFFSET ?5");
	if (!summary || !st) {
		json_decref(summary);
		return NULL;
	}
	bind_date(st, 1, f->date);
	bind_id(st, 2, both.village);
	bind_id(st, 3, both.site);
	sqlite3_bind_int64(st, 4, f->per_page);
	sqlite3_bind_int64(st, 5, (f->page - 1) * f->per_page);
	json_t *items = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		int q;
		json_t *it = release_item(st, today, &q);
		if (it)
			json_array_append_new(items, it);
	}
	sqlite3_reset(st);
	char ds[11];
	date_format(f->date, ds, sizeof ds);
	return json_pack("{s:s,s:o,s:I,s:I,s:I,s:o}", "date", ds, "items", items, "total",
			 (json_int_t)matching, "page", (json_int_t)f->page, "per_page",
			 (json_int_t)f->per_page, "summary", summary);
}

/* The office counts: by status and kind from obs_tally (kept by triggers),
 * the day's starts, releases and ends from covering indexes (the planner,
 * without statistics, would walk all 120,000 released through obs_status_end:
 * hence +o.status and INDEXED BY), open alerts through alerts_status. */
json_t *obs_counts(struct db *db, const struct obs_scope *sc, int today)
{
	char ds[11];
	date_format(today, ds, sizeof ds);
	int64_t day_start = date_local_time(today, 0);
	sqlite3_stmt *st = db_prep(
	    db, "SELECT"
		" sum(t.n) FILTER (WHERE t.status='active' AND t.kind='home'),"
		" sum(t.n) FILTER (WHERE t.status='active' AND t.kind='central'),"
		" sum(t.n) FILTER (WHERE t.status='lost'),"
		" (SELECT count(*) FROM observations o WHERE o.ended_at>=?3 AND o.ended_at<?3+86400"
		"  AND +o.status='released' AND (?1 IS NULL OR o.village_id=?1)"
		"  AND (?2 IS NULL OR o.site_id=?2)),"
		" sum(t.n) FILTER (WHERE t.status='released'),"
		" sum(t.n) FILTER (WHERE t.status='hospital'),"
		" (SELECT count(*) FROM observations o WHERE o.started_at>=?3"
		"  AND o.started_at<?3+86400 AND (?1 IS NULL OR o.village_id=?1)"
		"  AND (?2 IS NULL OR o.site_id=?2)),"
		" sum(t.n),"
		" (SELECT count(*) FROM alerts a JOIN observations o2 ON o2.id=a.obs_id"
		"  WHERE a.status<>'closed' AND (?1 IS NULL OR o2.village_id=?1)"
		"  AND (?2 IS NULL OR o2.site_id=?2)),"
		" (SELECT count(*) FROM observations o INDEXED BY obs_active_end"
		"  WHERE o.status='active' AND o.planned_end=?4"
		"  AND (?1 IS NULL OR o.village_id=?1) AND (?2 IS NULL OR o.site_id=?2))"
		" FROM obs_tally t WHERE (?1 IS NULL OR t.village_id=?1) AND (?2 IS NULL OR"
		" t.site_id=?2)");
	if (!st)
		return NULL;
	bind_id(st, 1, sc->village);
	bind_id(st, 2, sc->site);
	sqlite3_bind_int64(st, 3, day_start);
	db_bind_text(st, 4, ds);
	json_t *o = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		o = json_pack("{s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "date", ds, "home",
			      sqlite3_column_int(st, 0), "central", sqlite3_column_int(st, 1),
			      "lost", sqlite3_column_int(st, 2), "released_today",
			      sqlite3_column_int(st, 3), "released_total",
			      sqlite3_column_int(st, 4), "hospital", sqlite3_column_int(st, 5),
			      "started_today", sqlite3_column_int(st, 6), "total",
			      sqlite3_column_int(st, 7), "open_alerts", sqlite3_column_int(st, 8),
			      "ending_today", sqlite3_column_int(st, 9));
	sqlite3_reset(st);
	return o;
}

#define ALERT_WHERE                                                                                \
	" FROM alerts a JOIN observations o ON o.id=a.obs_id JOIN persons p ON p.id=o.person_id"   \
	" LEFT JOIN villages v ON v.id=p.village_id LEFT JOIN sites s ON s.id=o.site_id"           \
	" WHERE (?1 IS NULL AND a.status<>'closed' OR ?1='all' OR a.status=?1)"                    \
	" AND (?2 IS NULL OR p.village_id=?2) AND (?3 IS NULL OR o.site_id=?3)"

json_t *obs_alerts(struct db *db, const struct obs_scope *sc, const char *status, int64_t page,
		   int64_t per_page)
{
	static const char count_sql[] = "SELECT count(*)" ALERT_WHERE;
	static const char list_sql[] =
	    "SELECT a.id,a.obs_id,o.person_id,p.name,p.phone,v.name AS village_name,o.kind,"
	    "s.name AS site_name,a.opened_at,a.temp,a.method,a.symptoms,a.status,a.hospital,"
	    "a.transport,a.departed_at,a.outcome,a.closed_at,a.note,o.status AS "
	    "obs_status" ALERT_WHERE
	    " ORDER BY a.status='closed', a.opened_at DESC LIMIT ?4 OFFSET ?5";
	sqlite3_stmt *sts[2] = {db_prep(db, count_sql), db_prep(db, list_sql)};
	if (!sts[0] || !sts[1])
		return NULL;
	for (int k = 0; k < 2; k++) {
		db_bind_text_null(sts[k], 1, status);
		bind_id(sts[k], 2, sc->village);
		bind_id(sts[k], 3, sc->site);
	}
	sqlite3_bind_int64(sts[1], 4, per_page);
	sqlite3_bind_int64(sts[1], 5, (page - 1) * per_page);
	int64_t total = sqlite3_step(sts[0]) == SQLITE_ROW ? sqlite3_column_int64(sts[0], 0) : 0;
	sqlite3_reset(sts[0]);
	json_t *items = db_rows_json(sts[1]);
	return items ? json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total) : NULL;
}
