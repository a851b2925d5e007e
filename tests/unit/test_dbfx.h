/*
 * The fixture of the store tests: a fresh, migrated database in a temporary
 * file.  tdb_setup sets *state to a struct fx; tdb_teardown closes the
 * database and removes the file with its -wal and -shm.
 */
#ifndef FANGKONG_TEST_DBFX_H
#define FANGKONG_TEST_DBFX_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/db.h"

struct fx {
	struct db *db;
	char path[64];
};

static inline void tdb_remove(const char *path)
{
	char p[80];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static inline int tdb_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	snprintf(f->path, sizeof f->path, "/tmp/fk-test-db-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	f->db = db_open(f->path, DB_CREATE);
	return f->db ? 0 : -1;
}

/* One integer from test SQL (prepared each time: test-only strings);
 * -999 when there is no row. */
static inline int64_t q1(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -999;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static inline int tdb_teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->db);
	tdb_remove(f->path);
	free(f);
	return 0;
}

#endif
