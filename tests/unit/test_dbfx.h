/*
 * The fixture of the store tests: a fresh, migrated database in a temporary
 * file.  tdb_setup sets *state to a struct fx; tdb_teardown closes the
 * database and removes the file with its -wal and -shm.
 */
#ifndef FANGKONG_TEST_DBFX_H
#define FANGKONG_TEST_DBFX_H

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

static inline int tdb_teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->db);
	tdb_remove(f->path);
	free(f);
	return 0;
}

#endif
