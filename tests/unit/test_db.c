/*
 * Unit tests for the SQLite store against a real temporary database file:
 * src/store/db.c (open flags, migrations and user_version, the statement
 * cache, transactions, the JSON row helpers), src/store/village.c and the
 * person registry in src/store/person.c (duplicates, search, village scope,
 * the audited reveal, merge).  Users and sessions are in test_user.c, the
 * audit chain in test_audit.c.  Each test gets a fresh file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/person.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/person.h"
#include "store/schema.h"
#include "store/village.h"
#include "util/log.h"
#include "test_dbfx.h"

static const struct actor admin = {1, "admin", "admin", "127.0.0.1", "t-admin"};

static int64_t audit_rows(struct db *db, const char *action)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action='%s'", action);
	return q1(db, sql);
}

/* ---------------------------------------------------------------- db.c */

/* fk_fts_chars / fk_fts_suffixes (the bulk fill of person_fts) give what
 * the triggers' SQL expressions give, byte for byte, NULL for NULL */
static void test_fts_functions(void **state)
{
	struct fx *f = *state;
	static const char *const texts[] = {"",
					    " ",
					    "a",
					    "ab",
					    "a b",
					    "ab cd",
					    "zs zhs",
					    "xjs yjs",
					    " ab",
					    "ab ",
					    "a  bc  d ",
					    "abc def g hi",
					    "张三",
					    "叶娟思",
					    "佛山市南海区里水镇里水社区环镇路299号",
					    "张 三",
					    "é",
					    "a\xe5\xbc",
					    "\x80\x80"
					    "ab",
					    "\xf0\x9f\x98\x80x",
					    "q w e r t y",
					    NULL};
	char sql[4096];
	snprintf(sql, sizeof sql,
		 "SELECT (%s) IS fk_fts_chars(p.x), (%s) IS fk_fts_suffixes(p.x),"
		 " fk_fts_chars(p.x), fk_fts_suffixes(p.x) FROM (SELECT ?1 AS x) p",
		 schema_fts_chars_sql, schema_fts_suffixes_sql);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db), sql, -1, &st, NULL), SQLITE_OK);
	for (int i = 0; i <= (int)(sizeof texts / sizeof texts[0]) - 1; i++) {
		if (texts[i])
			sqlite3_bind_text(st, 1, texts[i], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 1);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (!sqlite3_column_int(st, 0) || !sqlite3_column_int(st, 1))
			fail_msg("text %d \"%s\": chars \"%s\" suffixes \"%s\"", i,
				 texts[i] ? texts[i] : "(null)", sqlite3_column_text(st, 2),
				 sqlite3_column_text(st, 3));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);

	/* fk_fts_vchars(x, v): the person_vfts document */
	snprintf(sql, sizeof sql,
		 "SELECT (%s) IS fk_fts_vchars(p.x,p.v), fk_fts_vchars(p.x,p.v)"
		 " FROM (SELECT ?1 AS x, ?2 AS v) p",
		 schema_fts_vchars_sql);
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db), sql, -1, &st, NULL), SQLITE_OK);
	for (int i = 0; i <= (int)(sizeof texts / sizeof texts[0]) - 1; i++) {
		for (int v = 0; v < 3; v++) {
			if (texts[i])
				sqlite3_bind_text(st, 1, texts[i], -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, 1);
			if (v < 2)
				sqlite3_bind_int64(st, 2, v ? 12 : 0);
			else
				sqlite3_bind_null(st, 2);
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			if (!sqlite3_column_int(st, 0))
				fail_msg("text %d \"%s\" village %d: vchars \"%s\"", i,
					 texts[i] ? texts[i] : "(null)", v,
					 sqlite3_column_text(st, 1));
			sqlite3_reset(st);
		}
	}
	sqlite3_bind_text(st, 1, "陈屋陈村路陈一a㐀䶿鿿\xe9\x99x", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, 5);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_string_equal((const char *)sqlite3_column_text(st, 1),
			    "v5陈,v5屋,v5村,v5路,v5一,v5㐀,v5䶿,v5鿿");
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql,
		 "SELECT (%s) IS fk_fts_chars(p.x), (%s) IS fk_fts_suffixes(p.x),"
		 " fk_fts_chars(p.x), fk_fts_suffixes(p.x) FROM (SELECT ?1 AS x) p",
		 schema_fts_chars_sql, schema_fts_suffixes_sql);
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db), sql, -1, &st, NULL), SQLITE_OK);

	/* the examples of the search: initials suffixes of 2+ letters */
	sqlite3_bind_text(st, 1, "xjs yjs", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "xjs js yjs js");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "x j s   y j s");
	sqlite3_finalize(st);
}

static void test_open_migrates(void **state)
{
	struct fx *f = *state;

	assert_true(db_schema_version() >= 1);
	assert_true(q1(f->db, "PRAGMA user_version") == db_schema_version());
	assert_true(q1(f->db, "PRAGMA foreign_keys") == 1);
	assert_true(q1(f->db, "PRAGMA synchronous") == 2); /* FULL */
	static const char *const tables[] = {"settings", "villages", "users",
					     "sessions", "persons",  "audit"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[120];
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%s'",
			 tables[i]);
		if (q1(f->db, sql) != 1)
			fail_msg("table %s missing", tables[i]);
	}
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db), "PRAGMA journal_mode", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_true(db_size(f->db) > 0);
}

static void test_reopen(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_exec(f->db, "INSERT INTO settings VALUES('k','v')"), 0);
	db_close(f->db);
	f->db = db_open(f->path, 0); /* exists: no DB_CREATE needed */
	assert_non_null(f->db);
	assert_true(q1(f->db, "SELECT count(*) FROM settings WHERE key='k'") == 1);
	assert_true(q1(f->db, "PRAGMA user_version") == db_schema_version());

	/* read-only: no writes, no migration */
	struct db *ro = db_open(f->path, DB_READONLY);
	assert_non_null(ro);
	assert_true(q1(ro, "SELECT count(*) FROM settings") == 1);
	assert_int_equal(db_exec(ro, "INSERT INTO settings VALUES('k2','v')"), -1);
	db_close(ro);

	/* a database from a newer binary is refused */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", db_schema_version() + 1);
	assert_int_equal(db_exec(f->db, sql), 0);
	db_close(f->db);
	f->db = db_open(f->path, 0);
	assert_null(f->db);
	ro = db_open(f->path, DB_READONLY); /* read-only does not migrate either way */
	assert_non_null(ro);
	db_close(ro);
	f->db = db_open(f->path, DB_READONLY); /* for teardown */
	assert_non_null(f->db);
}

static void test_open_missing(void **state)
{
	char path[64];
	(void)state;

	snprintf(path, sizeof path, "/tmp/fk-test-missing-%ld", (long)getpid());
	tdb_remove(path);
	assert_null(db_open(path, 0));
	assert_null(db_open(path, DB_READONLY));
	assert_int_equal(access(path, F_OK), -1); /* not created by a failed open */
	assert_null(db_open("/nonexistent-dir/x.db", DB_CREATE));
	db_close(NULL); /* accepts NULL */

	struct db *db = db_open(path, DB_CREATE);
	assert_non_null(db);
	assert_true(q1(db, "PRAGMA user_version") == db_schema_version());
	db_close(db);
	tdb_remove(path);
}

static void test_prep_cache(void **state)
{
	struct fx *f = *state;
	static const char sql_a[] = "SELECT ?1 + 1";
	static const char sql_b[] = "SELECT ?1 + 1"; /* same text, another literal */

	sqlite3_stmt *a = db_prep(f->db, sql_a);
	assert_non_null(a);
	sqlite3_bind_int(a, 1, 41);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 42);
	/* the same literal gives the same statement, reset with bindings cleared */
	sqlite3_stmt *a2 = db_prep(f->db, sql_a);
	assert_ptr_equal(a2, a);
	assert_int_equal(sqlite3_step(a2), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(a2, 0), SQLITE_NULL); /* NULL + 1 */
	sqlite3_reset(a2);
	sqlite3_stmt *b = db_prep(f->db, sql_b);
	assert_non_null(b);
	assert_ptr_not_equal(b, a);
	assert_null(db_prep(f->db, "SELEC nonsense"));
	assert_null(db_prep(f->db, "SELECT * FROM no_such_table"));
}

static void test_transactions(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO settings VALUES('a','1')"), 0);
	db_rollback(f->db);
	assert_true(q1(f->db, "SELECT count(*) FROM settings") == 0);
	db_rollback(f->db); /* no transaction: harmless */

	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_begin(f->db), -1); /* no nesting */
	assert_int_equal(db_exec(f->db, "INSERT INTO settings VALUES('a','1');"
					"INSERT INTO settings VALUES('b','2')"),
			 0);
	assert_int_equal(db_commit(f->db), 0);
	assert_true(q1(f->db, "SELECT count(*) FROM settings") == 2);
	assert_int_equal(db_commit(f->db), -1); /* nothing to commit */

	/* a failing statement inside leaves the transaction to the caller */
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO settings VALUES('c','3')"), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO settings VALUES('a','dup')"), -1);
	db_rollback(f->db);
	assert_true(q1(f->db, "SELECT count(*) FROM settings") == 2);
	assert_int_equal(db_exec(f->db, "not sql"), -1);
}

static void test_row_json(void **state)
{
	struct fx *f = *state;
	static const char sql[] = "SELECT 7 AS i, 1.5 AS r, NULL AS n, 'txt' AS s, '' AS e,"
				  " '{\"a\":[1,2]}' AS obj_json, 'not json' AS bad_json,"
				  " '\"x\"' AS _json";
	sqlite3_stmt *st = db_prep(f->db, sql);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	json_t *o = db_row_json(st);
	sqlite3_reset(st);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "i")), 7);
	assert_true(json_real_value(json_object_get(o, "r")) == 1.5);
	assert_true(json_is_null(json_object_get(o, "n")));
	assert_string_equal(json_string_value(json_object_get(o, "s")), "txt");
	assert_string_equal(json_string_value(json_object_get(o, "e")), "");
	json_t *obj = json_object_get(o, "obj"); /* suffix dropped, parsed */
	assert_true(json_is_object(obj));
	assert_int_equal(json_array_size(json_object_get(obj, "a")), 2);
	assert_null(json_object_get(o, "obj_json"));
	assert_true(json_is_null(json_object_get(o, "bad"))); /* unparsable → null */
	/* a column named just "_json" has no name to strip to */
	assert_string_equal(json_string_value(json_object_get(o, "_json")), "\"x\"");
	json_decref(o);

	static const char many[] = "SELECT value AS v FROM json_each('[3,1,2]') ORDER BY v";
	st = db_prep(f->db, many);
	json_t *a = db_rows_json(st);
	assert_non_null(a);
	assert_int_equal(json_array_size(a), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(a, 0), "v")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(a, 2), "v")), 3);
	json_decref(a);

	static const char none[] = "SELECT 1 WHERE 0";
	st = db_prep(f->db, none);
	a = db_rows_json(st);
	assert_non_null(a);
	assert_int_equal(json_array_size(a), 0);
	json_decref(a);

	assert_true(db_scalar(f->db, "SELECT 40 + 2", -1) == 42);
	assert_true(db_scalar(f->db, "SELECT 1 WHERE 0", -7) == -7);
	assert_true(db_scalar(f->db, "SELECT broken FROM", -9) == -9);
}

static void test_bind_helpers(void **state)
{
	struct fx *f = *state;
	static const char sql[] = "SELECT ?1 IS NULL, ?2 IS NULL, ?2";
	sqlite3_stmt *st = db_prep(f->db, sql);

	db_bind_text_null(st, 1, "");
	db_bind_text(st, 2, NULL); /* binds "" */
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_column_int(st, 1), 0);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "");
	st = db_prep(f->db, sql);
	db_bind_text_null(st, 1, NULL);
	db_bind_text_null(st, 2, "x");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "x");
	sqlite3_reset(st);
}

/* ----------------------------------------------------------- village.c */

static int64_t make_village(struct db *db, const char *name, const char *code, const char *aliases)
{
	struct village v = {0};
	int64_t id = 0;
	snprintf(v.name, sizeof v.name, "%s", name);
	snprintf(v.code, sizeof v.code, "%s", code);
	snprintf(v.type, sizeof v.type, "村");
	snprintf(v.aliases, sizeof v.aliases, "%s", aliases);
	assert_int_equal(village_create(db, &admin, &v, &id), ST_OK);
	assert_true(id > 0);
	return id;
}

static void test_villages(void **state)
{
	struct fx *f = *state;
	struct village v = {0}, got;
	int64_t id = 0;

	int64_t a = make_village(f->db, "幸福村", "440605001001", "幸福,xingfu");
	int64_t b = make_village(f->db, "和平社区", "440605001002", "");
	assert_true(a != b);
	assert_true(audit_rows(f->db, "village.create") == 2);

	assert_int_equal(village_get(f->db, a, &got), ST_OK);
	assert_true(got.id == a);
	assert_string_equal(got.name, "幸福村");
	assert_string_equal(got.code, "440605001001");
	assert_string_equal(got.type, "村");
	assert_string_equal(got.aliases, "幸福,xingfu");
	assert_int_equal(village_get(f->db, 9999, &got), ST_NOTFOUND);

	/* name or code taken */
	snprintf(v.name, sizeof v.name, "幸福村");
	snprintf(v.code, sizeof v.code, "440605001009");
	snprintf(v.type, sizeof v.type, "村");
	assert_int_equal(village_create(f->db, &admin, &v, &id), ST_CONFLICT);
	snprintf(v.name, sizeof v.name, "新村");
	snprintf(v.code, sizeof v.code, "440605001002");
	assert_int_equal(village_create(f->db, &admin, &v, &id), ST_CONFLICT);
	assert_true(audit_rows(f->db, "village.create") == 2); /* nothing half-written */
	/* create ignores a stale id in the struct */
	v.id = a;
	snprintf(v.code, sizeof v.code, "440605001003");
	assert_int_equal(village_create(f->db, &admin, &v, &id), ST_OK);
	assert_true(id != a);
	assert_int_equal(village_get(f->db, a, &got), ST_OK);
	assert_string_equal(got.name, "幸福村");

	/* find by exact name, code or alias */
	assert_int_equal(village_find(f->db, "幸福村", &got), ST_OK);
	assert_true(got.id == a);
	assert_int_equal(village_find(f->db, "440605001002", &got), ST_OK);
	assert_true(got.id == b);
	assert_int_equal(village_find(f->db, "幸福", &got), ST_OK);
	assert_true(got.id == a);
	assert_int_equal(village_find(f->db, "xingfu", &got), ST_OK);
	assert_true(got.id == a);
	assert_int_equal(village_find(f->db, "幸", &got), ST_NOTFOUND); /* not a prefix */
	assert_int_equal(village_find(f->db, "ingfu", &got), ST_NOTFOUND);
	assert_int_equal(village_find(f->db, "4406050010", &got), ST_NOTFOUND);
	assert_int_equal(village_find(f->db, "和平", &got), ST_NOTFOUND);

	/* update */
	got.id = b;
	snprintf(got.name, sizeof got.name, "和平村");
	snprintf(got.code, sizeof got.code, "440605001002");
	snprintf(got.type, sizeof got.type, "村");
	snprintf(got.aliases, sizeof got.aliases, "和平");
	assert_int_equal(village_update(f->db, &admin, &got), ST_OK);
	assert_true(audit_rows(f->db, "village.update") == 1);
	assert_int_equal(village_find(f->db, "和平", &got), ST_OK);
	assert_true(got.id == b);
	assert_string_equal(got.name, "和平村");
	got.id = 9999;
	assert_int_equal(village_update(f->db, &admin, &got), ST_NOTFOUND);
	got.id = b;
	snprintf(got.name, sizeof got.name, "幸福村"); /* taken by a */
	assert_int_equal(village_update(f->db, &admin, &got), ST_CONFLICT);
	assert_true(audit_rows(f->db, "village.update") == 1);

	json_t *list = village_list(f->db);
	assert_non_null(list);
	assert_int_equal(json_array_size(list), 3);
	json_t *first = json_array_get(list, 0); /* ordered by code */
	assert_int_equal(json_integer_value(json_object_get(first, "id")), a);
	json_t *al = json_object_get(first, "aliases");
	assert_true(json_is_array(al));
	assert_int_equal(json_array_size(al), 2);
	assert_string_equal(json_string_value(json_array_get(al, 1)), "xingfu");
	assert_int_equal(json_integer_value(json_object_get(first, "persons")), 0);
	assert_int_equal(json_array_size(json_object_get(json_array_get(list, 2), "aliases")), 0);
	json_decref(list);
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

/* ------------------------------------------------------------ person.c */

/* Validate like the API does, then store; returns the new id. */
static int64_t add_person(struct db *db, const char *name, const char *doc, const char *phone,
			  int64_t village)
{
	struct person_in in;
	struct person p;
	struct person_err e;
	int64_t id = 0, existing = -1;

	memset(&in, 0, sizeof in);
	memset(&p, 0, sizeof p);
	in.sex = -1;
	in.name = name;
	in.doc_number = doc;
	in.phone = phone;
	assert_int_equal(person_validate(&in, 20240601, 0, &p, &e), 0);
	p.village_id = village;
	assert_int_equal(person_create(db, &admin, &p, &id, &existing), ST_OK);
	assert_true(existing == 0);
	assert_true(id > 0);
	return id;
}

static void test_person_create(void **state)
{
	struct fx *f = *state;
	struct person p;
	int64_t v = make_village(f->db, "幸福村", "440605001001", "");

	int64_t a = add_person(f->db, "王芳", "11010519491231002X", "13812345678", v);
	assert_true(audit_rows(f->db, "person.create") == 1);
	assert_int_equal(person_load(f->db, a, 0, &p), ST_OK);
	assert_true(p.id == a);
	assert_string_equal(p.name, "王芳");
	assert_non_null(strstr(p.name_py, "wf"));
	assert_int_equal(p.sex, 2);
	assert_string_equal(p.doc_type, "id_card");
	assert_string_equal(p.doc_number, "11010519491231002X");
	assert_string_equal(p.birth_date, "1949-12-31");
	assert_string_equal(p.phone, "13812345678");
	assert_true(p.village_id == v);
	assert_string_equal(p.source, "自排发现");
	assert_true(q1(f->db, "SELECT created_by FROM persons") == 1);

	/* the same document again: conflict naming the existing person */
	struct person dup = p;
	int64_t id = -1, existing = 0;
	snprintf(dup.name, sizeof dup.name, "王芳芳");
	assert_int_equal(person_create(f->db, &admin, &dup, &id, &existing), ST_CONFLICT);
	assert_true(existing == a);
	assert_true(q1(f->db, "SELECT count(*) FROM persons") == 1);
	assert_true(audit_rows(f->db, "person.create") == 1);
	/* the same number under another type is another document */
	snprintf(dup.doc_type, sizeof dup.doc_type, "other");
	assert_int_equal(person_create(f->db, &admin, &dup, &id, &existing), ST_OK);
	assert_true(existing == 0);
	/* persons without a document never conflict; empty fields are NULL */
	int64_t n1 = add_person(f->db, "无证一", NULL, NULL, 0);
	int64_t n2 = add_person(f->db, "无证二", "", "", 0);
	assert_true(n1 != n2);
	assert_true(q1(f->db, "SELECT count(*) FROM persons WHERE doc_number IS NULL"
			      " AND phone IS NULL AND village_id IS NULL") == 2);
	assert_int_equal(person_load(f->db, n2, 0, &p), ST_OK);
	assert_string_equal(p.doc_number, "");
	assert_true(p.village_id == 0);

	/* a village that does not exist is refused by the foreign key */
	struct person bad = p;
	bad.doc_number[0] = '\0';
	bad.village_id = 4242;
	assert_int_equal(person_create(f->db, &admin, &bad, &id, &existing), ST_ERR);
	assert_int_equal(person_load(f->db, 9999, 0, &p), ST_NOTFOUND);
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

static int64_t list_total(struct db *db, const char *q, int64_t village, int64_t scope)
{
	struct person_filter flt = {q, village, scope, NULL, 1, 20};
	json_t *o = person_list(db, &flt);
	assert_non_null(o);
	int64_t n = json_integer_value(json_object_get(o, "total"));
	assert_true((int64_t)json_array_size(json_object_get(o, "items")) == (n < 20 ? n : 20));
	json_decref(o);
	return n;
}

static void test_person_list(void **state)
{
	struct fx *f = *state;
	int64_t v1 = make_village(f->db, "幸福村", "440605001001", "");
	int64_t v2 = make_village(f->db, "和平村", "440605001002", "");

	int64_t zs = add_person(f->db, "张三", "11010519491231002X", "13812345678", v1);
	add_person(f->db, "李四", "440524188001010014", "13900001111", v1);
	add_person(f->db, "曾小单", NULL, "0757-86281234", v2);
	add_person(f->db, "王五", NULL, NULL, 0);

	assert_true(list_total(f->db, NULL, 0, 0) == 4);
	assert_true(list_total(f->db, "张", 0, 0) == 1);
	assert_true(list_total(f->db, "张三", 0, 0) == 1);
	assert_true(list_total(f->db, "赵", 0, 0) == 0);
	/* pinyin initials, any case, every reading of 曾 */
	assert_true(list_total(f->db, "zs", 0, 0) == 1);
	assert_true(list_total(f->db, "ZS", 0, 0) == 1);
	assert_true(list_total(f->db, "zxd", 0, 0) == 1);
	assert_true(list_total(f->db, "cxd", 0, 0) == 1);
	assert_true(list_total(f->db, "ls", 0, 0) == 1);
	assert_true(list_total(f->db, "qq", 0, 0) == 0);
	/* number fragments: ID and phone */
	assert_true(list_total(f->db, "19491231", 0, 0) == 1);
	assert_true(list_total(f->db, "002x", 0, 0) == 1);
	assert_true(list_total(f->db, "5678", 0, 0) == 1);
	assert_true(list_total(f->db, "8628", 0, 0) == 1);
	assert_true(list_total(f->db, "0000", 0, 0) == 1);
	assert_true(list_total(f->db, "77777", 0, 0) == 0);

	/* village filter and scope */
	assert_true(list_total(f->db, NULL, v1, 0) == 2);
	assert_true(list_total(f->db, NULL, v2, 0) == 1);
	assert_true(list_total(f->db, NULL, 0, v2) == 1);
	assert_true(list_total(f->db, NULL, v2, v2) == 1);
	assert_true(list_total(f->db, NULL, v1, v2) == 0); /* another village: nothing */
	assert_true(list_total(f->db, "zs", 0, v2) == 0);
	assert_true(list_total(f->db, "zs", 0, v1) == 1);

	/* paging and sorting */
	struct person_filter flt = {NULL, 0, 0, "created_at", 2, 3};
	json_t *o = person_list(f->db, &flt);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 4);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
	json_decref(o);
	flt.sort = NULL; /* default: newest first */
	flt.page = 1;
	o = person_list(f->db, &flt);
	json_t *items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "name")),
			    "王五");
	json_decref(o);
	flt.sort = "created_at";
	o = person_list(f->db, &flt);
	items = json_object_get(o, "items");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), zs);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(items, 0), "village_name")), "幸福村");
	json_decref(o);

	/* the JSON of one person, in and out of scope */
	o = person_get_json(f->db, zs, 0);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "doc_number")),
			    "11010519491231002X");
	json_decref(o);
	o = person_get_json(f->db, zs, v1);
	assert_non_null(o);
	json_decref(o);
	assert_null(person_get_json(f->db, zs, v2));
	assert_null(person_get_json(f->db, 9999, 0));
}

static int64_t raw_person(struct db *db, const char *name, const char *py, const char *address,
			  int64_t village)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
					    "INSERT INTO persons(name,name_py,address,village_id,"
					    "created_at,updated_at) VALUES(?,?,?,?,0,0)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, py, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, address, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, village);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db_handle(db));
}

/* Text search goes through person_fts (migration 8), kept by triggers: the
 * answers are those of the LIKEs — one Han character counted from the index
 * alone, longer text checked against the row — and follow renames, moves,
 * merges and deletes. */
static void test_person_search_index(void **state)
{
	struct fx *f = *state;
	int64_t v1 = make_village(f->db, "幸福村", "440605001001", "");
	int64_t v2 = make_village(f->db, "和平村", "440605001002", "");
	int64_t a = raw_person(f->db, "陈嘉敏", "cjm", "幸福村东街1号", v1);
	int64_t b = raw_person(f->db, "陈丽敏", "clm", "幸福村A座", v1);
	int64_t c = raw_person(f->db, "李陈", "lc", "和平村陈屋", v2);
	int64_t d = raw_person(f->db, "王·嘉", "wj", "和平村", v2);
	raw_person(f->db, "Tom Chen", "tomchen", "B-12", v1);

	assert_true(list_total(f->db, "陈", 0, 0) == 3);
	assert_true(list_total(f->db, "陈", v1, 0) == 2);
	assert_true(list_total(f->db, "陈", 0, v2) == 1);
	assert_true(list_total(f->db, "陈", v1, v2) == 0);
	assert_true(list_total(f->db, "屋", 0, 0) == 1);
	assert_true(list_total(f->db, "嘉敏", 0, 0) == 1);
	assert_true(list_total(f->db, "王·嘉", 0, 0) == 1);
	assert_true(list_total(f->db, "王嘉", 0, 0) == 0); /* the index finds it, the row says no */
	assert_true(list_total(f->db, "a座", 0, 0) == 1);
	assert_true(list_total(f->db, "b-1", 0, 0) == 1);
	assert_true(list_total(f->db, "b1", 0, 0) == 0);
	assert_true(list_total(f->db, "-", 0, 0) == 1);
	assert_true(list_total(f->db, "chen", 0, 0) == 1);
	assert_true(list_total(f->db, "CHEN", v2, 0) == 0);
	assert_true(list_total(f->db, "cjm", 0, 0) == 1);
	assert_true(list_total(f->db, "jm", 0, 0) == 1);
	assert_true(list_total(f->db, "CLM", 0, v1) == 1);
	assert_true(list_total(f->db, "\"", 0, 0) == 0);
	assert_true(list_total(f->db, "陈\" OR a", 0, 0) == 0);

	assert_int_equal(db_exec(f->db,
				 "UPDATE persons SET name='张嘉敏', name_py='zjm' WHERE id=1;"
				 "UPDATE persons SET notes='x' WHERE id=2"),
			 0);
	assert_true(a == 1 && b == 2);
	assert_true(list_total(f->db, "陈", 0, 0) == 2);
	assert_true(list_total(f->db, "cjm", 0, 0) == 0);
	assert_true(list_total(f->db, "zjm", 0, 0) == 1);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE persons SET village_id=%lld WHERE id=%lld", (long long)v1,
		 (long long)c);
	assert_int_equal(db_exec(f->db, sql), 0);
	assert_true(list_total(f->db, "陈", v1, 0) == 2);
	assert_true(list_total(f->db, "陈", v2, 0) == 0);
	assert_int_equal(person_merge(f->db, &admin, a, b), ST_OK);
	assert_true(list_total(f->db, "陈", 0, 0) == 1);
	assert_true(list_total(f->db, "clm", 0, 0) == 0);
	snprintf(sql, sizeof sql, "DELETE FROM persons WHERE id=%lld", (long long)d);
	assert_int_equal(db_exec(f->db, sql), 0);
	assert_true(list_total(f->db, "王·嘉", 0, 0) == 0);
	assert_true(list_total(f->db, "嘉", 0, 0) == 1);
}

/* What the LIKEs say for q in a village: the count and the first page's
 * ids (newest first), checked against person_list, which for Han text in a
 * village reads person_vfts. */
static void village_search_is_like(struct db *db, const char *q, int64_t village)
{
	char sql[400];
	snprintf(sql, sizeof sql,
		 "SELECT count(*), coalesce((SELECT group_concat(id) FROM (SELECT id FROM persons"
		 " WHERE merged_into IS NULL AND village_id=%lld AND (name LIKE '%%%s%%' OR address"
		 " LIKE '%%%s%%') ORDER BY id DESC LIMIT 20)),'') FROM persons WHERE merged_into"
		 " IS NULL AND village_id=%lld AND (name LIKE '%%%s%%' OR address LIKE '%%%s%%')",
		 (long long)village, q, q, (long long)village, q, q);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t want = sqlite3_column_int64(st, 0);
	char want_ids[200];
	snprintf(want_ids, sizeof want_ids, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);

	struct person_filter flt = {q, village, 0, NULL, 1, 20};
	json_t *o = person_list(db, &flt);
	assert_non_null(o);
	char ids[200] = "";
	size_t i, k = 0;
	json_t *p;
	json_array_foreach(json_object_get(o, "items"), i, p) k +=
	    (size_t)snprintf(ids + k, sizeof ids - k, "%s%lld", i ? "," : "",
			     (long long)json_integer_value(json_object_get(p, "id")));
	int64_t total = json_integer_value(json_object_get(o, "total"));
	json_decref(o);
	if (total != want || strcmp(ids, want_ids) != 0)
		fail_msg("q=%s village=%lld: total %lld ids [%s], the LIKEs say %lld [%s]", q,
			 (long long)village, (long long)total, ids, (long long)want, want_ids);
}

static void village_searches(struct db *db, int64_t v1, int64_t v2)
{
	static const char *const qs[] = {"陈", "敏", "村",  "屋", "嘉敏",  "陈陈", "陈屋", "敏陈",
					 "㐀", "䶵", "鿿", "一", "王·嘉", "陈a",  "号"};
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		village_search_is_like(db, qs[i], v1);
		village_search_is_like(db, qs[i], v2);
	}
}

/* A village's search for Han text (person_vfts, migration 16) answers what
 * the LIKEs answer, through inserts, renames, address changes, moves,
 * merges, deletes and the bulk fill a list import runs instead of the
 * trigger. */
static void test_person_village_search(void **state)
{
	struct fx *f = *state;
	int64_t v1 = make_village(f->db, "幸福村", "440605001001", "");
	int64_t v2 = make_village(f->db, "和平村", "440605001002", "");
	int64_t a = raw_person(f->db, "陈嘉敏", "cjm", "幸福村东街1号", v1);
	int64_t b = raw_person(f->db, "陈陈敏", "ccm", "幸福村A座", v1);
	int64_t c = raw_person(f->db, "李陈", "lc", "和平村陈屋", v2);
	raw_person(f->db, "王·嘉", "wj", "和平村", v2);
	raw_person(f->db, "㐀䶵鿿一", "", "", v1);
	raw_person(f->db, "Tom Chen", "tomchen", "B-12", v1);
	for (int i = 0; i < 30; i++)
		raw_person(f->db, i % 2 ? "陈一" : "敏一", "", i % 3 ? "陈屋" : "", v1);
	village_searches(f->db, v1, v2);

	char sql[200];
	snprintf(sql, sizeof sql,
		 "UPDATE persons SET name='张嘉敏' WHERE id=%lld;"
		 "UPDATE persons SET address='新村' WHERE id=%lld;"
		 "UPDATE persons SET village_id=%lld WHERE id=%lld",
		 (long long)a, (long long)b, (long long)v1, (long long)c);
	assert_int_equal(db_exec(f->db, sql), 0);
	village_searches(f->db, v1, v2);
	assert_int_equal(person_merge(f->db, &admin, a, b), ST_OK);
	snprintf(sql, sizeof sql, "DELETE FROM persons WHERE id=%lld", (long long)c);
	assert_int_equal(db_exec(f->db, sql), 0);
	village_searches(f->db, v1, v2);

	/* a list import: the trigger dropped, the new persons indexed at once */
	int64_t first = q1(f->db, "SELECT max(id)+1 FROM persons");
	assert_int_equal(db_exec(f->db, "DROP TRIGGER person_fts_ins"), 0);
	raw_person(f->db, "陈屋敏", "cwm", "和平村3号", v2);
	raw_person(f->db, "赵敏", "zm", "陈家村", v1);
	for (int k = 0; k < 2; k++) {
		sqlite3_stmt *st;
		assert_int_equal(
		    sqlite3_prepare_v2(db_handle(f->db),
				       k ? schema_person_vfts_fill : schema_person_fts_fill, -1,
				       &st, NULL),
		    SQLITE_OK);
		sqlite3_bind_int64(st, 1, first);
		sqlite3_bind_int64(st, 2, first + 10);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	village_searches(f->db, v1, v2);
	/* the index holds what the triggers' SQL would have added: a rename
	 * deletes exactly those tokens */
	snprintf(sql, sizeof sql, "UPDATE persons SET name='钱一', address='' WHERE id>=%lld",
		 (long long)first);
	assert_int_equal(db_exec(f->db, sql), 0);
	village_searches(f->db, v1, v2);
}

static void test_person_scope_update(void **state)
{
	struct fx *f = *state;
	struct person p;
	int64_t v1 = make_village(f->db, "幸福村", "440605001001", "");
	int64_t v2 = make_village(f->db, "和平村", "440605001002", "");
	int64_t a = add_person(f->db, "张三", "11010519491231002X", NULL, v1);
	int64_t b = add_person(f->db, "李四", "440524188001010014", NULL, v2);

	assert_int_equal(person_load(f->db, a, v1, &p), ST_OK);
	assert_int_equal(person_load(f->db, a, v2, &p), ST_NOTFOUND);
	assert_int_equal(person_load(f->db, 9999, v1, &p), ST_NOTFOUND);

	/* update: changes stored, audited with the field names */
	assert_int_equal(person_load(f->db, a, 0, &p), ST_OK);
	snprintf(p.phone, sizeof p.phone, "13812345678");
	json_t *changed = json_pack("[s]", "phone");
	int64_t existing = -1;
	assert_int_equal(person_update(f->db, &admin, &p, changed, &existing), ST_OK);
	assert_true(existing == 0);
	assert_int_equal(person_load(f->db, a, 0, &p), ST_OK);
	assert_string_equal(p.phone, "13812345678");
	assert_true(audit_rows(f->db, "person.update") == 1);
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE action='person.update'"
			      " AND detail='{\"fields\":[\"phone\"]}'") == 1);
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE detail LIKE '%13812345678%'") ==
		    0); /* names, never values */

	/* taking another person's document conflicts */
	snprintf(p.doc_number, sizeof p.doc_number, "440524188001010014");
	assert_int_equal(person_update(f->db, &admin, &p, changed, &existing), ST_CONFLICT);
	assert_true(existing == b);
	assert_int_equal(person_load(f->db, a, 0, &p), ST_OK);
	assert_string_equal(p.doc_number, "11010519491231002X");
	/* its own number is not a conflict */
	assert_int_equal(person_update(f->db, &admin, &p, changed, &existing), ST_OK);
	p.id = 9999;
	p.doc_number[0] = '\0';
	assert_int_equal(person_update(f->db, &admin, &p, changed, &existing), ST_NOTFOUND);
	assert_true(audit_rows(f->db, "person.update") == 2);
	json_decref(changed);
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

static void test_person_reveal(void **state)
{
	struct fx *f = *state;
	int64_t v1 = make_village(f->db, "幸福村", "440605001001", "");
	int64_t v2 = make_village(f->db, "和平村", "440605001002", "");
	int64_t a = add_person(f->db, "张三", "11010519491231002X", "13812345678", v1);
	const struct actor viewer = {7, "cun1", "village", "10.0.0.9", "t-reveal"};

	int64_t before = q1(f->db, "SELECT count(*) FROM audit");
	json_t *o = person_reveal(f->db, &viewer, a, v1);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "id")), a);
	assert_string_equal(json_string_value(json_object_get(o, "doc_number")),
			    "11010519491231002X");
	assert_string_equal(json_string_value(json_object_get(o, "phone")), "13812345678");
	json_decref(o);
	assert_true(q1(f->db, "SELECT count(*) FROM audit") == before + 1);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit WHERE action='person.reveal' AND entity='person'"
		 " AND entity_id=%lld AND user_id=7 AND username='cun1' AND addr='10.0.0.9'"
		 " AND trace='t-reveal'",
		 (long long)a);
	assert_true(q1(f->db, sql) == 1);

	/* outside the scope or missing: nothing revealed, nothing written */
	assert_null(person_reveal(f->db, &viewer, a, v2));
	assert_null(person_reveal(f->db, &viewer, 9999, 0));
	assert_true(q1(f->db, "SELECT count(*) FROM audit") == before + 1);
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

static void test_person_merge(void **state)
{
	struct fx *f = *state;
	struct person p;
	int64_t v1 = make_village(f->db, "幸福村", "440605001001", "");
	int64_t into = add_person(f->db, "张三", NULL, NULL, 0);
	int64_t from = add_person(f->db, "张三", "11010519491231002X", "13812345678", v1);
	int64_t other = add_person(f->db, "李四", NULL, "13900001111", 0);

	/* into has an address that must survive */
	assert_int_equal(person_load(f->db, into, 0, &p), ST_OK);
	snprintf(p.address, sizeof p.address, "幸福村 1 号");
	int64_t existing;
	assert_int_equal(person_update(f->db, &admin, &p, NULL, &existing), ST_OK);

	assert_int_equal(person_merge(f->db, &admin, into, into), ST_INVALID);
	assert_int_equal(person_merge(f->db, &admin, into, 9999), ST_NOTFOUND);
	assert_int_equal(person_merge(f->db, &admin, 9999, from), ST_NOTFOUND);

	assert_int_equal(person_merge(f->db, &admin, into, from), ST_OK);
	assert_int_equal(person_load(f->db, into, 0, &p), ST_OK);
	assert_string_equal(p.doc_type, "id_card");
	assert_string_equal(p.doc_number, "11010519491231002X");
	assert_string_equal(p.birth_date, "1949-12-31");
	assert_string_equal(p.phone, "13812345678");
	assert_int_equal(p.sex, 2);
	assert_true(p.village_id == v1);
	assert_string_equal(p.address, "幸福村 1 号"); /* not overwritten */

	/* the merged person is gone from every view */
	assert_int_equal(person_load(f->db, from, 0, &p), ST_NOTFOUND);
	assert_null(person_get_json(f->db, from, 0));
	assert_null(person_reveal(f->db, &admin, from, 0));
	assert_true(list_total(f->db, NULL, 0, 0) == 2);
	assert_true(list_total(f->db, "19491231", 0, 0) == 1);
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT merged_into FROM persons WHERE id=%lld", (long long)from);
	assert_true(q1(f->db, sql) == into);
	/* filled fields are audited by name */
	assert_true(audit_rows(f->db, "person.merge") == 1);
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE action='person.merge' AND detail"
			      " LIKE '%\"doc_number\"%' AND detail LIKE '%\"phone\"%'"
			      " AND detail NOT LIKE '%address%'") == 1);

	/* merging the merged person again is refused */
	assert_int_not_equal(person_merge(f->db, &admin, other, from), ST_OK);
	assert_int_not_equal(person_merge(f->db, &admin, from, other), ST_OK);
	assert_int_equal(person_load(f->db, other, 0, &p), ST_OK);
	assert_string_equal(p.doc_number, "");
	assert_true(audit_rows(f->db, "person.merge") == 1);
	/* the document of the merged record can be registered again only once */
	struct person again;
	memset(&again, 0, sizeof again);
	snprintf(again.name, sizeof again.name, "张三");
	snprintf(again.doc_type, sizeof again.doc_type, "id_card");
	snprintf(again.doc_number, sizeof again.doc_number, "11010519491231002X");
	int64_t id;
	assert_int_equal(person_create(f->db, &admin, &again, &id, &existing), ST_CONFLICT);
	assert_true(existing == into);

	/* a document the merge dropped (into had its own) blocks nobody */
	int64_t keep = add_person(f->db, "赵六", "440524188001010014", NULL, 0);
	int64_t gone = add_person(f->db, "赵六", "440605199001311239", NULL, 0);
	assert_int_equal(person_merge(f->db, &admin, keep, gone), ST_OK);
	assert_int_equal(person_load(f->db, keep, 0, &p), ST_OK);
	assert_string_equal(p.doc_number, "440524188001010014");
	snprintf(again.doc_number, sizeof again.doc_number, "440605199001311239");
	existing = -1;
	assert_int_equal(person_create(f->db, &admin, &again, &id, &existing), ST_OK);
	assert_true(existing == 0);
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

int main(void)
{
	log_set_level(LOG_ERROR);
#define T(fn) cmocka_unit_test_setup_teardown(fn, tdb_setup, tdb_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_open_migrates),
	    T(test_fts_functions),
	    T(test_reopen),
	    cmocka_unit_test(test_open_missing),
	    T(test_prep_cache),
	    T(test_transactions),
	    T(test_row_json),
	    T(test_bind_helpers),
	    T(test_villages),
	    T(test_person_create),
	    T(test_person_list),
	    T(test_person_search_index),
	    T(test_person_village_search),
	    T(test_person_scope_update),
	    T(test_person_reveal),
	    T(test_person_merge),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
