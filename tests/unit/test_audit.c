/*
 * Unit tests for src/store/audit.c against a real temporary database: the
 * hash chain links every row to the one before, the triggers refuse UPDATE
 * and DELETE, and when the triggers are dropped and a row is edited or
 * removed anyway, audit_verify() names the first row whose link breaks.
 * audit_list's filters and paging are checked too.
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

#include "store/audit.h"
#include "store/db.h"
#include "util/log.h"
#include "test_dbfx.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static const struct actor alice = {3, "alice", "admin", "192.0.2.1", "trace-a"};
static const struct actor bob = {4, "bob", "verifier", "192.0.2.2", "trace-b"};
static const struct actor cli = {0, NULL, NULL, NULL, NULL};

/* Raw SQL straight to SQLite (bypassing the store), SQLITE_OK or the error. */
static int raw(struct db *db, const char *sql)
{
	return sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
}

/* Write n rows, alternating actors, in one transaction. */
static void write_rows(struct db *db, int n)
{
	assert_int_equal(db_begin(db), 0);
	for (int i = 0; i < n; i++) {
		json_t *d = json_pack("{s:i,s:[s]}", "n", i, "fields", "phone");
		assert_int_equal(audit_write(db, i % 2 ? &bob : &alice,
					     i % 3 ? "person.update" : "person.create", "person",
					     100 + i, d),
				 0);
		json_decref(d);
	}
	assert_int_equal(db_commit(db), 0);
}

static void test_empty(void **state)
{
	struct fx *f = *state;
	int64_t count = -1;

	assert_int_equal(audit_verify(f->db, &count), 0);
	assert_true(count == 0);
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

static void test_chain(void **state)
{
	struct fx *f = *state;
	int64_t count = -1;

	write_rows(f->db, 5);
	assert_int_equal(audit_verify(f->db, &count), 0);
	assert_true(count == 5);

	/* the first row starts from the genesis hash; each row links to the last */
	assert_true(q1(f->db, "SELECT prev_hash='" GENESIS "' FROM audit WHERE id=1") == 1);
	assert_true(q1(f->db, "SELECT count(*) FROM audit a JOIN audit b ON b.id=a.id+1"
			      " WHERE b.prev_hash=a.hash") == 4);
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE length(hash)=64"
			      " AND hash NOT GLOB '*[^0-9a-f]*'") == 5);
	assert_true(q1(f->db, "SELECT count(DISTINCT hash) FROM audit") == 5);

	/* the columns as written */
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE id=2 AND user_id=4 AND"
			      " username='bob' AND role='verifier' AND addr='192.0.2.2' AND"
			      " trace='trace-b' AND action='person.update' AND entity='person'"
			      " AND entity_id=101") == 1);
	/* detail: compact JSON with sorted keys */
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE id=1 AND"
			      " detail='{\"fields\":[\"phone\"],\"n\":0}'") == 1);

	/* more rows later, outside one batch, extend the same chain */
	write_rows(f->db, 2);
	assert_int_equal(audit_verify(f->db, &count), 0);
	assert_true(count == 7);
}

static void test_defaults(void **state)
{
	struct fx *f = *state;
	int64_t count;

	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(audit_write(f->db, &cli, "db.init", "system", 0, NULL), 0);
	assert_int_equal(db_commit(f->db), 0);
	/* the CLI acts as "system" from "cli"; no user and no entity id are NULL */
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE username='system' AND"
			      " role='system' AND addr='cli' AND trace='' AND detail='{}'"
			      " AND user_id IS NULL AND entity_id IS NULL") == 1);
	assert_int_equal(audit_verify(f->db, &count), 0);
	assert_true(count == 1);

	/* rolled back with the change it described */
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(audit_write(f->db, &alice, "person.create", "person", 9, NULL), 0);
	db_rollback(f->db);
	assert_true(q1(f->db, "SELECT count(*) FROM audit") == 1);
	assert_int_equal(audit_verify(f->db, &count), 0);
	assert_true(count == 1);
}

static void test_triggers(void **state)
{
	struct fx *f = *state;
	int64_t count;

	write_rows(f->db, 3);
	assert_int_not_equal(raw(f->db, "UPDATE audit SET detail='{}' WHERE id=2"), SQLITE_OK);
	assert_int_not_equal(raw(f->db, "DELETE FROM audit WHERE id=3"), SQLITE_OK);
	assert_int_not_equal(raw(f->db, "DELETE FROM audit"), SQLITE_OK);
	assert_true(q1(f->db, "SELECT count(*) FROM audit") == 3);
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE id=2 AND detail='{}'") == 0);
	assert_int_equal(audit_verify(f->db, &count), 0);
	assert_true(count == 3);
}

static void drop_triggers(struct db *db)
{
	assert_int_equal(raw(db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete"),
			 SQLITE_OK);
}

static void test_tamper_detail(void **state)
{
	struct fx *f = *state;
	int64_t count = -1;

	write_rows(f->db, 6);
	drop_triggers(f->db);
	assert_int_equal(raw(f->db, "UPDATE audit SET detail='{\"n\":3}' WHERE id=4"), SQLITE_OK);
	assert_true(audit_verify(f->db, &count) == 4);
	assert_true(count == -1); /* only set when intact */
	/* putting it back restores the chain */
	assert_int_equal(raw(f->db, "UPDATE audit SET detail='{\"fields\":[\"phone\"],\"n\":3}'"
				    " WHERE id=4"),
			 SQLITE_OK);
	assert_int_equal(audit_verify(f->db, &count), 0);
	assert_true(count == 6);
}

static void test_tamper_fields(void **state)
{
	struct fx *f = *state;
	static const char *const edits[] = {
	    "at=at+1",
	    "user_id=99",
	    "user_id=NULL",
	    "username='mallory'",
	    "role='viewer'",
	    "addr='10.9.9.9'",
	    "action='person.reveal'",
	    "entity='user'",
	    "entity_id=entity_id+1",
	    "trace='x'",
	    "prev_hash=hash",
	};
	write_rows(f->db, 5);
	drop_triggers(f->db);
	assert_int_equal(raw(f->db, "CREATE TABLE pristine AS SELECT * FROM audit"), SQLITE_OK);
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		for (int row = 1; row <= 5; row += 2) {
			char sql[160];
			snprintf(sql, sizeof sql, "UPDATE audit SET %s WHERE id=%d", edits[i], row);
			assert_int_equal(raw(f->db, sql), SQLITE_OK);
			int64_t got = audit_verify(f->db, NULL);
			if (got != row)
				fail_msg("%s: verify says %lld", sql, (long long)got);
			assert_int_equal(raw(f->db, "DELETE FROM audit;"
						    "INSERT INTO audit SELECT * FROM pristine"),
					 SQLITE_OK);
			assert_int_equal(audit_verify(f->db, NULL), 0);
		}
	}
}

static void test_tamper_rehash(void **state)
{
	struct fx *f = *state;

	/* a forger who also fixes the row's own hash breaks the next link */
	write_rows(f->db, 4);
	drop_triggers(f->db);
	assert_int_equal(raw(f->db, "UPDATE audit SET hash='" GENESIS "' WHERE id=2"), SQLITE_OK);
	assert_true(audit_verify(f->db, NULL) == 2);
	assert_int_equal(raw(f->db, "UPDATE audit SET prev_hash='" GENESIS "' WHERE id=3"),
			 SQLITE_OK);
	assert_true(audit_verify(f->db, NULL) == 2); /* the first break is reported */
}

static void test_tamper_delete(void **state)
{
	struct fx *f = *state;

	write_rows(f->db, 5);
	drop_triggers(f->db);
	assert_int_equal(raw(f->db, "DELETE FROM audit WHERE id=3"), SQLITE_OK);
	assert_true(audit_verify(f->db, NULL) == 4); /* the row after the gap */
	assert_int_equal(raw(f->db, "DELETE FROM audit WHERE id=1"), SQLITE_OK);
	assert_true(audit_verify(f->db, NULL) == 2); /* no longer starts at genesis */
}

static void test_tamper_then_write(void **state)
{
	struct fx *f = *state;

	/* a row appended after tampering does not hide the break */
	write_rows(f->db, 3);
	drop_triggers(f->db);
	assert_int_equal(raw(f->db, "UPDATE audit SET username='x' WHERE id=2"), SQLITE_OK);
	write_rows(f->db, 2);
	assert_true(audit_verify(f->db, NULL) == 2);
}

static json_t *list(struct db *db, const char *q, const char *action, int64_t user, int64_t page,
		    int64_t per_page, int64_t *total)
{
	json_t *o = audit_list(db, q, action, user, 0, 0, page, per_page);
	assert_non_null(o);
	*total = json_integer_value(json_object_get(o, "total"));
	return o;
}

static void test_list(void **state)
{
	struct fx *f = *state;
	int64_t total;
	json_t *o;

	write_rows(f->db, 6); /* creates at 0 and 3, updates elsewhere */
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(audit_write(f->db, &alice, "personal.x", "other", 7, NULL), 0);
	assert_int_equal(db_commit(f->db), 0);

	o = list(f->db, NULL, NULL, 0, 1, 50, &total);
	assert_true(total == 7);
	json_t *items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 7);
	json_t *newest = json_array_get(items, 0);
	assert_int_equal(json_integer_value(json_object_get(newest, "id")), 7);
	assert_true(json_is_object(json_object_get(newest, "detail"))); /* parsed */
	assert_null(json_object_get(newest, "hash"));
	json_decref(o);

	/* action: exact or "prefix." */
	o = list(f->db, NULL, "person", 0, 1, 50, &total);
	assert_true(total == 6); /* not "personal.x" */
	json_decref(o);
	o = list(f->db, NULL, "person.create", 0, 1, 50, &total);
	assert_true(total == 2);
	json_decref(o);
	o = list(f->db, NULL, "person.cre", 0, 1, 50, &total);
	assert_true(total == 0);
	json_decref(o);

	/* user and free text */
	o = list(f->db, NULL, NULL, bob.user_id, 1, 50, &total);
	assert_true(total == 3);
	json_decref(o);
	o = list(f->db, "ali", NULL, 0, 1, 50, &total);
	assert_true(total == 4);
	json_decref(o);
	o = list(f->db, "103", NULL, 0, 1, 50, &total); /* entity id */
	assert_true(total == 1);
	json_decref(o);
	o = list(f->db, "192.0.2.2", NULL, 0, 1, 50, &total); /* address */
	assert_true(total == 3);
	json_decref(o);
	o = list(f->db, "nobody", NULL, 0, 1, 50, &total);
	assert_true(total == 0);
	json_decref(o);

	/* paging keeps the total */
	o = list(f->db, NULL, NULL, 0, 3, 3, &total);
	assert_true(total == 7);
	items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), 1);
	json_decref(o);

	/* time window [from, to) */
	int64_t at = q1(f->db, "SELECT at FROM audit WHERE id=1");
	o = audit_list(f->db, NULL, NULL, 0, at + 3600, 0, 1, 50);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 0);
	json_decref(o);
	o = audit_list(f->db, NULL, NULL, 0, at - 3600, at + 3600, 1, 50);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 7);
	json_decref(o);
	o = audit_list(f->db, NULL, NULL, 0, at - 3600, at - 1, 1, 50);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 0);
	json_decref(o);
}

int main(void)
{
	log_set_level(LOG_ERROR);
#define T(fn) cmocka_unit_test_setup_teardown(fn, tdb_setup, tdb_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_empty),	   T(test_chain),	  T(test_defaults),
	    T(test_triggers),	   T(test_tamper_detail), T(test_tamper_fields),
	    T(test_tamper_rehash), T(test_tamper_delete), T(test_tamper_then_write),
	    T(test_list),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
