/*
 * Hash-chained audit log; see audit.h.  Writes are one INSERT per audited
 * action inside the caller's transaction; verification streams the whole
 * table once (cheap: ~1 µs per row).
 */
#include "audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/clock.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The canonical text that is hashed: every column but the hashes, in a fixed
 * order, separated by a unit separator that cannot appear in JSON text. */
static void row_hash(const char *prev, int64_t at, int64_t user_id, const char *username,
		     const char *role, const char *addr, const char *action, const char *entity,
		     int64_t entity_id, const char *detail, const char *trace, char out[65])
{
	struct buf b = BUF_INIT;
	unsigned char h[crypto_hash_sha256_BYTES];
	buf_addf(&b, "%s\x1f%lld\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%s\x1f%s", prev,
		 (long long)at, (long long)user_id, username, role, addr, action, entity,
		 (long long)entity_id, detail, trace);
	crypto_hash_sha256(h, (const unsigned char *)b.s, b.len);
	sodium_bin2hex(out, 65, h, sizeof h);
	buf_release(&b);
}

int audit_write(struct db *db, const struct actor *who, const char *action, const char *entity,
		int64_t entity_id, json_t *detail)
{
	char prev[65] = GENESIS, hash[65];
	sqlite3_stmt *st = db_prep(db, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);

	char *dtext = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	const char *d = dtext ? dtext : "{}";
	int64_t at = clock_now();
	const char *user = who->username ? who->username : "system";
	const char *role = who->role ? who->role : "system";
	const char *addr = who->addr ? who->addr : "cli";
	const char *trace = who->trace ? who->trace : "";
	row_hash(prev, at, who->user_id, user, role, addr, action, entity, entity_id, d, trace,
		 hash);

	st = db_prep(db, "INSERT INTO audit(at,user_id,username,role,addr,action,entity,entity_id,"
			 "detail,trace,prev_hash,hash) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
	int rc = -1;
	if (st) {
		sqlite3_bind_int64(st, 1, at);
		if (who->user_id)
			sqlite3_bind_int64(st, 2, who->user_id);
		db_bind_text(st, 3, user);
		db_bind_text(st, 4, role);
		db_bind_text(st, 5, addr);
		db_bind_text(st, 6, action);
		db_bind_text(st, 7, entity);
		if (entity_id)
			sqlite3_bind_int64(st, 8, entity_id);
		db_bind_text(st, 9, d);
		db_bind_text(st, 10, trace);
		db_bind_text(st, 11, prev);
		db_bind_text(st, 12, hash);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(st);
	}
	free(dtext);
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

int64_t audit_verify(struct db *db, int64_t *count)
{
	char prev[65] = GENESIS, hash[65];
	int64_t n = 0;
	sqlite3_stmt *st =
	    db_prep(db, "SELECT id,at,user_id,username,role,addr,action,entity,"
			"entity_id,detail,trace,prev_hash,hash FROM audit ORDER BY id");
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		row_hash(prev, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), col(st, 3),
			 col(st, 4), col(st, 5), col(st, 6), col(st, 7),
			 sqlite3_column_int64(st, 8), col(st, 9), col(st, 10), hash);
		if (strcmp(col(st, 11), prev) != 0 || strcmp(col(st, 12), hash) != 0) {
			sqlite3_reset(st);
			return id;
		}
		memcpy(prev, hash, sizeof prev);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (count)
		*count = n;
	return 0;
}

#define AUDIT_WHERE                                                                                \
	" WHERE (?1 IS NULL OR username LIKE '%'||?1||'%' OR entity LIKE '%'||?1||'%'"             \
	"   OR CAST(entity_id AS TEXT)=?1 OR addr=?1)"                                             \
	" AND (?2 IS NULL OR action=?2 OR action LIKE ?2||'.%')"                                   \
	" AND (?3 IS NULL OR user_id=?3) AND (?4 IS NULL OR at>=?4) AND (?5 IS NULL OR at<?5)"

json_t *audit_list(struct db *db, const char *q, const char *action, int64_t user_id, int64_t from,
		   int64_t to, int64_t page, int64_t per_page)
{
	static const char count_sql[] = "SELECT count(*) FROM audit" AUDIT_WHERE;
	static const char list_sql[] =
	    "SELECT id,at,user_id,username,role,addr,action,entity,entity_id,"
	    "detail AS detail_json,trace FROM audit" AUDIT_WHERE
	    " ORDER BY id DESC LIMIT ?6 OFFSET ?7";
	json_t *out = NULL;
	sqlite3_stmt *sts[2] = {db_prep(db, count_sql), db_prep(db, list_sql)};
	if (!sts[0] || !sts[1])
		return NULL;
	for (int k = 0; k < 2; k++) {
		sqlite3_stmt *st = sts[k];
		db_bind_text_null(st, 1, q);
		db_bind_text_null(st, 2, action);
		if (user_id)
			sqlite3_bind_int64(st, 3, user_id);
		if (from)
			sqlite3_bind_int64(st, 4, from);
		if (to)
			sqlite3_bind_int64(st, 5, to);
	}
	sqlite3_bind_int64(sts[1], 6, per_page);
	sqlite3_bind_int64(sts[1], 7, (page - 1) * per_page);
	int64_t total = sqlite3_step(sts[0]) == SQLITE_ROW ? sqlite3_column_int64(sts[0], 0) : 0;
	sqlite3_reset(sts[0]);
	json_t *items = db_rows_json(sts[1]);
	if (items)
		out = json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total);
	return out;
}
