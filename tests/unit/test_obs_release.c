/*
 * Unit tests for obs_release_many (src/store/obs.c): the batch release of
 * the release queue, 200 persons to a transaction with a savepoint each.
 * 450 observations over three chunks: everyone who qualifies is released
 * with an event and an audit row each (the hash chain intact), and those
 * who do not — a last-day check missing, an id not found, an id twice —
 * get their own code without undoing their neighbours in the chunk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/obs.h"
#include "util/log.h"
#include "test_dbfx.h"

#define N 450

static int db_setup(void **state)
{
	if (tdb_setup(state) < 0)
		return -1;
	struct fx *f = *state;
	/* every 50th has only the morning check of its last day (2020-02-09) */
	return db_exec(
	    f->db,
	    "INSERT INTO villages(id,name,code,type,created_at) VALUES(1,'甲村','001','村',0);"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<450)"
	    " INSERT INTO persons(id,name,village_id,created_at,updated_at)"
	    " SELECT i,'人'||i,1,0,0 FROM n;"
	    "INSERT INTO observations(id,person_id,kind,status,reason,exposure_date,day1,"
	    "planned_end,rules_id,first_window,started_at)"
	    " SELECT id,id,'home','active','疫区返回','2020-01-26','2020-01-27','2020-02-09',1,0,"
	    "1580000000 FROM persons;"
	    "INSERT INTO checks(obs_id,at,local_date,slot,in_window,temp,method,visit,created_at)"
	    " SELECT id,1581206400,'2020-02-09',0,1,365,'axillary','ok',0 FROM observations;"
	    "INSERT INTO checks(obs_id,at,local_date,slot,in_window,temp,method,visit,created_at)"
	    " SELECT id,1581246000,'2020-02-09',1,1,366,'axillary','ok',0 FROM observations"
	    " WHERE id%50<>0;");
}

static void test_release_many_over_chunks(void **state)
{
	struct db *db = ((struct fx *)*state)->db;
	const struct actor who = {7, "yxgc", "observer", "cli", "t1"};
	int64_t ids[N + 3];
	const char *codes[N + 3];
	for (int i = 0; i < N; i++)
		ids[i] = i + 1;
	ids[N] = 0;	    /* not an id */
	ids[N + 1] = 99999; /* no such observation */
	ids[N + 2] = 1;	    /* released a moment ago, in this very batch */
	obs_release_many(db, &who, ids, N + 3, &(struct obs_scope){0, 0}, 20200210, codes);
	int released = 0;
	for (int i = 0; i < N; i++) {
		if ((i + 1) % 50 == 0) {
			assert_non_null(codes[i]);
			assert_string_equal(codes[i], "release_checks_missing");
		} else {
			assert_null(codes[i]);
			released++;
		}
	}
	assert_int_equal(released, N - N / 50);
	assert_string_equal(codes[N], "not_found");
	assert_string_equal(codes[N + 1], "not_found");
	assert_string_equal(codes[N + 2], "obs_not_active");
	assert_int_equal(q1(db, "SELECT count(*) FROM observations WHERE status='released'"
				" AND end_reason='release' AND ended_at IS NOT NULL"),
			 released);
	assert_int_equal(q1(db, "SELECT count(*) FROM observations WHERE status='active'"), N / 50);
	assert_int_equal(q1(db, "SELECT count(*) FROM observations WHERE status='active'"
				" AND id%50<>0"),
			 0);
	assert_int_equal(q1(db, "SELECT count(*) FROM obs_events WHERE action='release'"
				" AND username='yxgc'"),
			 released);
	assert_int_equal(
	    q1(db,
	       "SELECT count(DISTINCT entity_id) FROM audit WHERE action='observation.release'"),
	    released);
	int64_t rows = 0;
	assert_int_equal(audit_verify(db, &rows), 0);
	assert_int_equal(rows, released);
	/* the tallies kept by triggers follow */
	assert_int_equal(q1(db, "SELECT n FROM obs_tally WHERE status='released'"), released);
	/* nothing left open: no transaction, no savepoint */
	assert_int_not_equal(sqlite3_get_autocommit(db_handle(db)), 0);
}

int main(void)
{
	log_set_level(LOG_ERROR);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_release_many_over_chunks, db_setup, tdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
