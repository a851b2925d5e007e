/*
 * upload — files received by the server and waiting to be committed (list
 * preview → commit).  Kept in the database so a preview survives a restart
 * and two workers cannot lose each other's files; purged after a day.
 */
#ifndef FK_UPLOAD_H
#define FK_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* Store data; *id is the new upload. sha256 is hex. */
int upload_put(struct db *db, int64_t user_id, const char *filename, const void *data, size_t len,
	       const char sha256[65], int64_t *id);
/* Load an upload of this user (caller frees *data).  ST_NOTFOUND. */
int upload_get(struct db *db, int64_t id, int64_t user_id, void **data, size_t *len,
	       char filename[256], char sha256[65]);
void upload_delete(struct db *db, int64_t id);
/* Drop uploads older than `age` seconds. */
void upload_purge(struct db *db, int64_t age);

#endif
