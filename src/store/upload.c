/* Uploaded files awaiting commit; see upload.h. */
#include "upload.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"
#include "util/xalloc.h"

int upload_put(struct db *db, int64_t user_id, const char *filename, const void *data, size_t len,
	       const char sha256[65], int64_t *id)
{
	upload_purge(db, 24 * 3600);
	sqlite3_stmt *st = db_prep(db, "INSERT INTO uploads(user_id,filename,sha256,size,data,"
				       "created_at) VALUES(?,?,?,?,?,?)");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, filename);
	db_bind_text(st, 3, sha256);
	sqlite3_bind_int64(st, 4, (int64_t)len);
	sqlite3_bind_blob64(st, 5, data, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, clock_now());
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return ST_ERR;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	return ST_OK;
}

int upload_get(struct db *db, int64_t id, int64_t user_id, void **data, size_t *len,
	       char filename[256], char sha256[65])
{
	sqlite3_stmt *st = db_prep(db, "SELECT data,filename,sha256 FROM uploads WHERE id=? AND "
				       "user_id=?");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		*data = xmalloc(*len + 1);
		if (*len)
			memcpy(*data, sqlite3_column_blob(st, 0), *len);
		snprintf(filename, 256, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(sha256, 65, "%s", (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

void upload_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_prep(db, "DELETE FROM uploads WHERE id=?");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_step(st);
	sqlite3_reset(st);
}

void upload_purge(struct db *db, int64_t age)
{
	sqlite3_stmt *st = db_prep(db, "DELETE FROM uploads WHERE created_at<?");
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, clock_now() - age);
	sqlite3_step(st);
	sqlite3_reset(st);
}
