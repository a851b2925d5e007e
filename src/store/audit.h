/*
 * audit — the append-only, hash-chained audit log.
 *
 * Every change to personal data and every reveal of a full ID number or
 * phone writes one row in the same transaction as the change.  Each row's
 * hash is SHA-256 over the previous row's hash and the row's own fields, so
 * editing or deleting a row (which the triggers also forbid) breaks the chain
 * at that row: audit_verify() finds the first broken link.  `detail` holds
 * which fields changed, never the values of personal fields.
 */
#ifndef FK_AUDIT_H
#define FK_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

/* Who is acting, borrowed from the request or the CLI. */
struct actor {
	int64_t user_id; /* 0 = the system / CLI */
	const char *username;
	const char *role;
	const char *addr;  /* client address or "cli" */
	const char *trace; /* request trace id */
};

/* Append one row.  Must be called inside a write transaction (db_begin) so
 * the chain cannot fork.  `detail` is borrowed (may be NULL).  0 / -1. */
int audit_write(struct db *db, const struct actor *who, const char *action, const char *entity,
		int64_t entity_id, json_t *detail);

/* Walk the whole chain.  Returns 0 if intact (sets *count), else the id of
 * the first row whose hash does not match (and -1 on a database error). */
int64_t audit_verify(struct db *db, int64_t *count);

/* Filtered page of the log, newest first; NULL filters are ignored.
 * Returns {"items":[…],"total":N} (caller json_decref()s) or NULL. */
json_t *audit_list(struct db *db, const char *q, const char *action, int64_t user_id, int64_t from,
		   int64_t to, int64_t page, int64_t per_page);

#endif
