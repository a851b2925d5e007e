/*
 * Unit tests for the group commit writer (src/store/gcommit.c) against a real
 * temporary database file: the writes of one batch are committed together,
 * a failed write leaves nothing of itself behind and spoils none of the
 * others (the batch is run again, each write in its own savepoint), and
 * every write is reported done exactly once, after the commit.
 */
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/gcommit.h"
#include "test_dbfx.h"

struct w {
	const char *name; /* the row written */
	int fail;	  /* write the row, then fail (a duplicate) */
	int applied, done, rc;
	sem_t *started, *release; /* the first write holds the writer */
};

static int w_apply(struct db *db, void *arg)
{
	struct w *w = arg;
	w->applied++;
	if (w->started) {
		sem_post(w->started);
		sem_wait(w->release);
	}
	sqlite3_stmt *st = db_prep(db, "INSERT INTO t(name) VALUES(?)");
	db_bind_text(st, 1, w->name);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ST_ERR;
	if (!w->fail)
		return ST_OK;
	st = db_prep(db, "INSERT INTO t(name) VALUES('held')"); /* taken by the first write */
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : ST_ERR;
}

static void w_done(struct db *db, void *arg, int rc)
{
	struct w *w = arg;
	(void)db;
	w->done++;
	w->rc = rc;
}

static int count(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_prep(db, "SELECT count(*) FROM t WHERE name=?");
	db_bind_text(st, 1, name);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

static void test_failed_write_alone(void **state)
{
	struct fx *f = *state;
	sem_t started, release;
	sem_init(&started, 0, 0);
	sem_init(&release, 0, 0);
	assert_int_equal(db_exec(f->db, "CREATE TABLE t(name TEXT NOT NULL UNIQUE)"), 0);
	struct w first = {"held", 0, 0, 0, 0, &started, &release};
	struct w a = {"a", 0, 0, 0, 0, NULL, NULL}, b = {"b", 1, 0, 0, 0, NULL, NULL},
		 c = {"c", 0, 0, 0, 0, NULL, NULL};
	assert_int_equal(gc_start(f->path), 0);
	assert_int_equal(gc_submit(w_apply, w_done, &first), 0);
	sem_wait(&started); /* the writer is inside the first batch: a, b, c queue up */
	assert_int_equal(gc_submit(w_apply, w_done, &a), 0);
	assert_int_equal(gc_submit(w_apply, w_done, &b), 0);
	assert_int_equal(gc_submit(w_apply, w_done, &c), 0);
	sem_post(&release);
	gc_stop(); /* drains the queue */
	assert_int_equal(first.done, 1);
	assert_int_equal(first.rc, ST_OK);
	/* one batch a, b, c: b failed, so it ran again with savepoints */
	assert_int_equal(a.applied, 2);
	assert_int_equal(b.applied, 2);
	assert_int_equal(c.applied, 1);
	assert_int_equal(a.done, 1);
	assert_int_equal(b.done, 1);
	assert_int_equal(c.done, 1);
	assert_int_equal(a.rc, ST_OK);
	assert_int_not_equal(b.rc, ST_OK);
	assert_int_equal(c.rc, ST_OK);
	assert_int_equal(count(f->db, "held"), 1);
	assert_int_equal(count(f->db, "a"), 1);
	assert_int_equal(count(f->db, "b"), 0); /* its first insert rolled back too */
	assert_int_equal(count(f->db, "c"), 1);
	sem_destroy(&started);
	sem_destroy(&release);
}

static void test_batch_without_failure(void **state)
{
	struct fx *f = *state;
	struct w ws[20];
	char names[20][8];
	assert_int_equal(db_exec(f->db, "CREATE TABLE t(name TEXT NOT NULL UNIQUE)"), 0);
	assert_int_equal(gc_start(f->path), 0);
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof names[i], "w%d", i);
		ws[i] = (struct w){names[i], 0, 0, 0, 0, NULL, NULL};
		assert_int_equal(gc_submit(w_apply, w_done, &ws[i]), 0);
	}
	gc_stop();
	for (int i = 0; i < 20; i++) {
		assert_int_equal(ws[i].applied, 1);
		assert_int_equal(ws[i].done, 1);
		assert_int_equal(ws[i].rc, ST_OK);
		assert_int_equal(count(f->db, names[i]), 1);
	}
	assert_int_equal(gc_submit(w_apply, w_done, &ws[0]), -1); /* stopped */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, tdb_setup, tdb_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_failed_write_alone),
	    T(test_batch_without_failure),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
