/*
 * Unit tests for the daily report's bookkeeping (src/store/report.c and
 * migration 7): report_obs_days, kept by triggers, always equals a count over
 * the observations — after inserts with and without start_village_id, ends,
 * kind changes, a corrected start or end time, a person moving village (the
 * observation stays where it started) and deletes — and report_compute
 * classifies an observation with kind changes and lost/found events by its
 * events as of each day's end, whatever its row says today.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "store/db.h"
#include "store/report.h"
#include "util/log.h"
#include "test_dbfx.h"

static int db_setup(void **state)
{
	if (tdb_setup(state) < 0)
		return -1;
	struct fx *f = *state;
	return db_exec(f->db, "INSERT INTO villages(id,name,code,type,created_at) VALUES"
			      "(1,'甲村','001','村',0),(2,'乙村','002','村',0);"
			      "INSERT INTO persons(id,name,village_id,created_at,updated_at) VALUES"
			      "(1,'甲',1,0,0),(2,'乙',1,0,0),(3,'丙',2,0,0),(4,'丁',NULL,0,0);");
}

/* UTC seconds of a local (UTC+8) time. */
static int64_t local(int ymd, int h, int m)
{
	return date_days(ymd) * 86400 + h * 3600 + m * 60 - 8 * 3600;
}

/* (village, day) rows where report_obs_days differs from a recount. */
static int64_t days_wrong(struct db *db)
{
	return q1(
	    db,
	    "WITH c AS (SELECT coalesce(start_village_id,0) AS v,(started_at+28800)/86400 AS d,"
	    " kind='home' AS sh,kind='central' AS sc,reason='密切接触者' AS ct,0 AS eh,0 AS ec,0 AS"
	    " rl,0 AS hp,0 AS ot FROM observations UNION ALL SELECT coalesce(start_village_id,0),"
	    "(ended_at+28800)/86400,0,0,0,kind='home',kind='central',end_reason IN ('release',"
	    "'release_early'),end_reason='hospital',coalesce(end_reason,'') NOT IN ('release',"
	    "'release_early','hospital') FROM observations WHERE ended_at IS NOT NULL),"
	    " s AS (SELECT v,d,sum(sh) sh,sum(sc) sc,sum(ct) ct,sum(eh) eh,sum(ec) ec,sum(rl) rl,"
	    "sum(hp) hp,sum(ot) ot FROM c GROUP BY 1,2),"
	    " r AS (SELECT * FROM report_obs_days WHERE start_home OR start_central OR contacts OR"
	    " end_home OR end_central OR released OR hospital OR other_end)"
	    " SELECT count(*) FROM s FULL JOIN r ON r.village_id=s.v AND r.day=s.d WHERE"
	    " r.day IS NULL OR s.d IS NULL OR r.start_home<>s.sh OR r.start_central<>s.sc OR"
	    " r.contacts<>s.ct OR r.end_home<>s.eh OR r.end_central<>s.ec OR r.released<>s.rl OR"
	    " r.hospital<>s.hp OR r.other_end<>s.ot");
}

static void insert_obs(struct db *db, int id, int person, const char *kind, const char *reason,
		       int64_t started, const char *village)
{
	char sql[600];
	snprintf(sql, sizeof sql,
		 "INSERT INTO observations(id,person_id,kind,status,reason,exposure_date,day1,"
		 "planned_end,rules_id,first_window,started_at,start_village_id) VALUES(%d,%d,'%s',"
		 "'active','%s','2020-02-01','2020-02-02','2020-02-15',1,0,%lld,%s);"
		 "INSERT INTO obs_events(obs_id,at,action,from_status,to_status,detail) VALUES(%d,"
		 "%lld,'start','active','active','{\"kind\":\"%s\"}');",
		 id, person, kind, reason, (long long)started, village, id, (long long)started,
		 kind);
	assert_int_equal(db_exec(db, sql), 0);
}

static void test_days_follow_the_rows(void **state)
{
	struct db *db = ((struct fx *)*state)->db;
	/* without start_village_id: the person's village (person 4 has none) */
	insert_obs(db, 1, 1, "home", "密切接触者", local(20200201, 9, 0), "NULL");
	insert_obs(db, 2, 2, "central", "疫区返回", local(20200201, 23, 59), "NULL");
	insert_obs(db, 3, 4, "home", "疫区返回", local(20200202, 0, 0), "NULL");
	insert_obs(db, 4, 3, "home", "协查名单", local(20200202, 8, 0), "1"); /* given */
	assert_int_equal(q1(db, "SELECT start_village_id FROM observations WHERE id=1"), 1);
	assert_int_equal(q1(db, "SELECT start_village_id FROM observations WHERE id=4"), 1);
	assert_int_equal(q1(db, "SELECT count(*) FROM observations WHERE id=3 AND "
				"start_village_id IS NULL"),
			 1);
	assert_int_equal(q1(db, "SELECT sum(start_home) FROM report_obs_days WHERE village_id=0"),
			 1);
	assert_int_equal(days_wrong(db), 0);
	/* ends: released, hospital, an end reason the report has no column for,
	 * a kind change, a corrected start and end time */
	assert_int_equal(db_exec(db,
				 "UPDATE observations SET status='released',ended_at=1580745600,"
				 "end_reason='release' WHERE id=1;"
				 "UPDATE observations SET status='hospital',ended_at=1580832000,"
				 "end_reason='hospital' WHERE id=2;"
				 "UPDATE observations SET status='released',ended_at=1580832000,"
				 "end_reason='期满解除' WHERE id=3;"
				 "UPDATE observations SET kind='central' WHERE id=4;"
				 "UPDATE observations SET started_at=started_at-86400 WHERE id=4;"
				 "UPDATE observations SET ended_at=ended_at+3600 WHERE id=2;"),
			 0);
	assert_int_equal(q1(db, "SELECT sum(other_end) FROM report_obs_days"), 1);
	assert_int_equal(days_wrong(db), 0);
	/* a person moving: their observations stay in the village they started
	 * in, and so do the counts */
	assert_int_equal(db_exec(db, "UPDATE persons SET village_id=2 WHERE id IN (1,2)"), 0);
	assert_int_equal(q1(db, "SELECT count(*) FROM observations WHERE start_village_id=1"), 3);
	assert_int_equal(days_wrong(db), 0);
	/* an end taken back, a delete */
	assert_int_equal(db_exec(db, "UPDATE observations SET status='active',ended_at=NULL,"
				     "end_reason=NULL WHERE id=3;"
				     "DELETE FROM obs_events WHERE obs_id=2;"
				     "DELETE FROM observations WHERE id=2;"),
			 0);
	assert_int_equal(days_wrong(db), 0);
	assert_int_equal(q1(db, "SELECT sum(start_home+start_central)-sum(end_home+end_central)"
				" FROM report_obs_days"),
			 2);
}

static int64_t fig(json_t *r, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(r, "town"), key));
}

static int64_t vfig(json_t *r, int64_t village, const char *key)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(r, "villages"), i, v)
	{
		if (json_integer_value(json_object_get(v, "village_id")) == village)
			return json_integer_value(json_object_get(v, key));
	}
	return -1;
}

static void event(struct db *db, int obs, int64_t at, const char *action)
{
	char sql[300];
	snprintf(sql, sizeof sql,
		 "INSERT INTO obs_events(obs_id,at,action,from_status,to_status) VALUES(%d,%lld,"
		 "'%s','active','active')",
		 obs, (long long)at, action);
	assert_int_equal(db_exec(db, sql), 0);
}

/* Home on day 1, to centralized on day 2, lost on day 3 (23:59), found on
 * day 4 (00:00), back home on day 5, released on day 6: every day's figures
 * follow its events, not today's row. */
static void test_changes_by_events(void **state)
{
	struct db *db = ((struct fx *)*state)->db;
	insert_obs(db, 1, 1, "home", "密切接触者", local(20200201, 9, 0), "NULL");
	insert_obs(db, 2, 3, "home", "疫区返回", local(20200201, 10, 0), "NULL");
	event(db, 1, local(20200202, 10, 0), "to_central");
	event(db, 1, local(20200203, 23, 59), "lost");
	event(db, 1, local(20200204, 0, 0), "found");
	event(db, 1, local(20200205, 12, 0), "to_home");
	assert_int_equal(db_exec(db, "UPDATE observations SET kind='central' WHERE id=1;"
				     "UPDATE observations SET kind='home' WHERE id=1;"
				     "UPDATE observations SET status='released',"
				     "ended_at=1580961600,end_reason='release' WHERE id=1"),
			 0); /* 2020-02-06 12:00 */
	struct {
		int date;
		int64_t home, central, lost, released_day, released, home_new;
	} want[] = {
	    {20200201, 2, 0, 0, 0, 0, 2}, {20200202, 1, 1, 0, 0, 0, 0},
	    {20200203, 1, 0, 1, 0, 0, 0}, {20200204, 1, 1, 0, 0, 0, 0},
	    {20200205, 2, 0, 0, 0, 0, 0}, {20200206, 1, 0, 0, 1, 1, 0},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		json_t *r = report_compute(db, want[i].date);
		assert_non_null(r);
		assert_int_equal(fig(r, "home_current"), want[i].home);
		assert_int_equal(fig(r, "central_current"), want[i].central);
		assert_int_equal(fig(r, "lost_current"), want[i].lost);
		assert_int_equal(fig(r, "released_day"), want[i].released_day);
		assert_int_equal(fig(r, "released_total"), want[i].released);
		assert_int_equal(fig(r, "home_new"), want[i].home_new);
		assert_int_equal(fig(r, "central_new"), 0);
		assert_int_equal(fig(r, "observed_total"), 2);
		assert_int_equal(fig(r, "contacts_total"), 1);
		/* person 1 is of village 1, person 3 of village 2 */
		assert_int_equal(vfig(r, 1, "central_current"), want[i].central);
		assert_int_equal(vfig(r, 2, "home_current"), 1);
		json_t *rec = json_object_get(r, "reconciliation");
		assert_true(json_is_true(json_object_get(rec, "ok")));
		json_decref(r);
	}
	/* a correction of the release time moves the release to day 5 */
	assert_int_equal(db_exec(db, "UPDATE observations SET ended_at=1580875200 WHERE id=1"), 0);
	json_t *r = report_compute(db, 20200205);
	assert_int_equal(fig(r, "released_day"), 1);
	assert_int_equal(fig(r, "home_current"), 1);
	json_decref(r);
	r = report_compute(db, 20200206);
	assert_int_equal(fig(r, "released_day"), 0);
	assert_int_equal(fig(r, "released_total"), 1);
	json_decref(r);
}

int main(void)
{
	log_set_level(LOG_ERROR);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_days_follow_the_rows, db_setup, tdb_teardown),
	    cmocka_unit_test_setup_teardown(test_changes_by_events, db_setup, tdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
