/*
 * Users and sessions in SQLite; see user.h.  Session lookup runs on every
 * authenticated request, so it is one indexed SELECT joining the user, and
 * last_seen is written at most once a minute per session.  The server goes
 * through a small per-thread cache in front of it (session_lookup_cached):
 * that SELECT is a read transaction of its own — file locks, the WAL index,
 * a join — and cost about a fifth of a person GET.
 */
#include "user.h"

#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/role.h"

/* Bumped after every change to sessions or users this process commits; a
 * cached session is trusted only under the generation it was read in. */
static _Atomic uint64_t auth_gen;

static void auth_changed(void)
{
	atomic_fetch_add_explicit(&auth_gen, 1, memory_order_release);
}

#define USER_COLS                                                                                  \
	"id,username,name,role,coalesce(village_id,0),coalesce(checkpoint_id,0),"                  \
	"coalesce(site_id,0),disabled,failed_logins,locked_until"

static void user_from_row(sqlite3_stmt *st, int off, struct user *u)
{
	u->id = sqlite3_column_int64(st, off);
	db_copy_col(u->username, sizeof u->username, st, off + 1);
	db_copy_col(u->name, sizeof u->name, st, off + 2);
	u->role = role_from_name((const char *)sqlite3_column_text(st, off + 3));
	u->village_id = sqlite3_column_int64(st, off + 4);
	u->checkpoint_id = sqlite3_column_int64(st, off + 5);
	u->site_id = sqlite3_column_int64(st, off + 6);
	u->disabled = sqlite3_column_int(st, off + 7);
	u->failed_logins = sqlite3_column_int(st, off + 8);
	u->locked_until = sqlite3_column_int64(st, off + 9);
}

int user_get_by_name(struct db *db, const char *username, struct user *u, char *pw_hash,
		     size_t pw_hash_len)
{
	sqlite3_stmt *st = db_prep(db, "SELECT " USER_COLS ",pw_hash FROM users WHERE username=?");
	if (!st)
		return ST_ERR;
	db_bind_text(st, 1, username);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		user_from_row(st, 0, u);
		if (pw_hash)
			db_copy_col(pw_hash, pw_hash_len, st, 10);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

int user_get(struct db *db, int64_t id, struct user *u)
{
	sqlite3_stmt *st = db_prep(db, "SELECT " USER_COLS " FROM users WHERE id=?");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		user_from_row(st, 0, u);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

static void bind_id_or_null(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int user_create(struct db *db, const struct actor *who, const struct user *u, const char *pw_hash,
		int64_t *id)
{
	sqlite3_stmt *st = db_prep(db, "INSERT INTO users(username,name,role,village_id,"
				       "checkpoint_id,site_id,pw_hash,created_at) "
				       "VALUES(?,?,?,?,?,?,?,?)");
	if (!st)
		return ST_ERR;
	if (db_begin(db) < 0)
		return ST_ERR;
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, role_name(u->role));
	bind_id_or_null(st, 4, u->village_id);
	bind_id_or_null(st, 5, u->checkpoint_id);
	bind_id_or_null(st, 6, u->site_id);
	db_bind_text(st, 7, pw_hash);
	sqlite3_bind_int64(st, 8, (int64_t)time(NULL));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_rollback(db);
		return rc == SQLITE_CONSTRAINT_UNIQUE ? ST_CONFLICT : ST_ERR;
	}
	*id = sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:s,s:s}", "username", u->username, "role", role_name(u->role));
	rc = audit_write(db, who, "user.create", "user", *id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	return ST_OK;
}

int user_update(struct db *db, const struct actor *who, const struct user *u, json_t *changed)
{
	sqlite3_stmt *st =
	    db_prep(db, "UPDATE users SET name=?,role=?,village_id=?,checkpoint_id=?,"
			"site_id=?,disabled=? WHERE id=?");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	db_bind_text(st, 1, u->name);
	db_bind_text(st, 2, role_name(u->role));
	bind_id_or_null(st, 3, u->village_id);
	bind_id_or_null(st, 4, u->checkpoint_id);
	bind_id_or_null(st, 5, u->site_id);
	sqlite3_bind_int(st, 6, u->disabled);
	sqlite3_bind_int64(st, 7, u->id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || sqlite3_changes(db_handle(db)) == 0) {
		db_rollback(db);
		return rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
	}
	if (u->disabled && session_delete_user(db, u->id) < 0)
		goto fail;
	if (audit_write(db, who, u->disabled ? "user.disable" : "user.update", "user", u->id,
			changed) < 0)
		goto fail;
	rc = db_commit(db);
	auth_changed(); /* a new role, village or disabled flag ends cached sessions */
	return rc < 0 ? ST_ERR : ST_OK;
fail:
	db_rollback(db);
	return ST_ERR;
}

int user_set_password(struct db *db, const struct actor *who, int64_t id, const char *pw_hash)
{
	sqlite3_stmt *st = db_prep(db, "UPDATE users SET pw_hash=?,failed_logins=0,locked_until=0 "
				       "WHERE id=?");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	db_bind_text(st, 1, pw_hash);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || sqlite3_changes(db_handle(db)) == 0) {
		db_rollback(db);
		return rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
	}
	if (session_delete_user(db, id) < 0 ||
	    audit_write(db, who, "user.password", "user", id, NULL) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	auth_changed();
	return ST_OK;
}

#define USER_JSON_SQL                                                                              \
	"SELECT u.id,u.username,u.name,u.role,u.village_id,v.name AS village_name,"                \
	"u.checkpoint_id,c.name AS checkpoint_name,u.site_id,st.name AS site_name,u.disabled,"     \
	"u.locked_until,u.created_at,u.last_login_at,"                                             \
	"(SELECT count(*) FROM sessions s WHERE s.user_id=u.id AND s.expires_at>unixepoch())"      \
	" AS sessions FROM users u LEFT JOIN villages v ON v.id=u.village_id"                      \
	" LEFT JOIN checkpoints c ON c.id=u.checkpoint_id LEFT JOIN sites st ON st.id=u.site_id"

json_t *user_list(struct db *db)
{
	sqlite3_stmt *st = db_prep(db, USER_JSON_SQL " ORDER BY u.role, u.username");
	return st ? db_rows_json(st) : NULL;
}

json_t *user_json(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_prep(db, USER_JSON_SQL " WHERE u.id=?");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *o = sqlite3_step(st) == SQLITE_ROW ? db_row_json(st) : NULL;
	sqlite3_reset(st);
	return o;
}

int user_login_failed(struct db *db, const struct actor *who, int64_t id, int max,
		      int64_t lock_secs)
{
	/* a lock that has expired starts the count again: otherwise the first
	 * mistake after it would lock the account again at once */
	sqlite3_stmt *expired =
	    db_prep(db, "UPDATE users SET failed_logins=0,locked_until=0 "
			"WHERE id=? AND locked_until BETWEEN 1 AND unixepoch()");
	sqlite3_stmt *st =
	    db_prep(db, "UPDATE users SET failed_logins=failed_logins+1,"
			"locked_until=CASE WHEN failed_logins+1>=?1 THEN unixepoch()+?2 "
			"ELSE locked_until END WHERE id=?3 RETURNING failed_logins");
	int n = -1;
	if (!expired || !st || db_begin(db) < 0)
		return -1;
	sqlite3_bind_int64(expired, 1, id);
	int rc = sqlite3_step(expired);
	sqlite3_reset(expired);
	if (rc != SQLITE_DONE) {
		db_rollback(db);
		return -1;
	}
	sqlite3_bind_int(st, 1, max);
	sqlite3_bind_int64(st, 2, lock_secs);
	sqlite3_bind_int64(st, 3, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	json_t *d = json_pack("{s:i}", "failures", n);
	if (audit_write(db, who, n >= max ? "login.locked" : "login.failed", "user", id, d) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		n = -1;
	}
	json_decref(d);
	return n;
}

void user_login_ok(struct db *db, const struct actor *who, int64_t id)
{
	sqlite3_stmt *st = db_prep(db, "UPDATE users SET failed_logins=0,locked_until=0,"
				       "last_login_at=unixepoch() WHERE id=?");
	if (!st || db_begin(db) < 0)
		return;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_step(st);
	sqlite3_reset(st);
	/* who logged in from where: the first thing asked after a leak */
	if (audit_write(db, who, "login", "user", id, NULL) < 0 || db_commit(db) < 0)
		db_rollback(db);
}

/* ---- sessions ---- */

static void token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}

int session_create(struct db *db, int64_t user_id, int is_token, const char *label,
		   const char *addr, int64_t ttl, char token[SESSION_TOKEN_LEN + 1], char csrf[65])
{
	unsigned char raw[32], c[16];
	char th[65];
	randombytes_buf(raw, sizeof raw);
	randombytes_buf(c, sizeof c);
	sodium_bin2base64(token, SESSION_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	sodium_bin2hex(csrf, 65, c, sizeof c);
	token_hash(token, th);
	sqlite3_stmt *st =
	    db_prep(db, "INSERT INTO sessions(token_hash,user_id,kind,csrf,label,addr,created_at,"
			"last_seen,expires_at) VALUES(?,?,?,?,?,?,unixepoch(),unixepoch(),"
			"unixepoch()+?)");
	if (!st)
		return ST_ERR;
	db_bind_text(st, 1, th);
	sqlite3_bind_int64(st, 2, user_id);
	db_bind_text(st, 3, is_token ? "token" : "web");
	db_bind_text(st, 4, csrf);
	db_bind_text(st, 5, label);
	db_bind_text(st, 6, addr);
	sqlite3_bind_int64(st, 7, ttl);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : ST_ERR;
}

/* The lookup by the token's hex hash; *last is last_seen as it now stands. */
static int lookup_hashed(struct db *db, const char th[65], struct session *s, int64_t *last_out)
{
	sqlite3_stmt *st = db_prep(
	    db,
	    "SELECT s.csrf,s.kind,s.expires_at,s.last_seen,"
	    "u.id,u.username,u.name,u.role,coalesce(u.village_id,0),coalesce(u.checkpoint_id,0),"
	    "coalesce(u.site_id,0),u.disabled,u.failed_logins,u.locked_until,unixepoch() "
	    "FROM sessions s JOIN users u ON u.id=s.user_id WHERE s.token_hash=?");
	if (!st)
		return ST_ERR;
	db_bind_text(st, 1, th);
	int rc = sqlite3_step(st);
	int64_t now = (int64_t)time(NULL), last = 0;
	int out = ST_NOTFOUND;
	if (rc == SQLITE_ROW) {
		/* the same clock that wrote expires_at (time() may lag it by a tick) */
		now = sqlite3_column_int64(st, 14);
		db_copy_col(s->csrf, sizeof s->csrf, st, 0);
		s->is_token = strcmp((const char *)sqlite3_column_text(st, 1), "token") == 0;
		s->expires_at = sqlite3_column_int64(st, 2);
		last = sqlite3_column_int64(st, 3);
		user_from_row(st, 4, &s->user);
		int idle = !s->is_token && now - last > SESSION_IDLE;
		if (s->expires_at > now && !idle && !s->user.disabled)
			out = ST_OK;
	} else if (rc != SQLITE_DONE) {
		out = ST_ERR;
	}
	sqlite3_reset(st);
	if (out == ST_OK && now - last >= 60) {
		st = db_prep(db, "UPDATE sessions SET last_seen=unixepoch() WHERE token_hash=?");
		if (st) {
			db_bind_text(st, 1, th);
			if (sqlite3_step(st) == SQLITE_DONE)
				last = now;
			sqlite3_reset(st);
		}
	}
	*last_out = last;
	return out;
}

int session_lookup(struct db *db, const char *token, struct session *s)
{
	char th[65];
	int64_t last;
	if (strlen(token) != SESSION_TOKEN_LEN)
		return ST_NOTFOUND;
	token_hash(token, th);
	return lookup_hashed(db, th, s, &last);
}

/* ---- the per-thread session cache ----
 * An entry holds what lookup_hashed() returned for a valid session and is
 * trusted for at most SESSION_CACHE_MS, and only while auth_gen is the one
 * read before that lookup: logout, ending sessions, disabling a user, a new
 * role or password (all committed by this process) bump auth_gen after the
 * commit, so they take effect at once on every thread.  Changes made by
 * another process (the CLI, sqlite3) take effect within SESSION_CACHE_MS.
 * Expiry and the idle limit are checked on every hit.  Failed lookups are
 * never cached. */
#define SESSION_CACHE_SLOTS 64 /* power of two; a slot per hash prefix */

/* Entries are keyed by BLAKE2b-256 of the token (a quarter of SHA-256's
 * instructions for 43 bytes); SHA-256, the stored form, only on a miss. */
struct cached_session {
	unsigned char hash[crypto_generichash_BYTES];
	int used;
	uint64_t gen;
	int64_t until_ms; /* monotonic */
	int64_t last_seen;
	struct session s;
};

static _Thread_local struct cached_session session_cache[SESSION_CACHE_SLOTS];

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cached_valid(const struct cached_session *c, const unsigned char *h, uint64_t gen)
{
	if (!c->used || c->gen != gen || mono_ms() >= c->until_ms ||
	    sodium_memcmp(c->hash, h, sizeof c->hash) != 0)
		return 0;
	int64_t now = (int64_t)time(NULL);
	return c->s.expires_at > now && (c->s.is_token || now - c->last_seen <= SESSION_IDLE);
}

int session_lookup_cached(struct db *db, const char *token, struct session *s)
{
	unsigned char h[crypto_generichash_BYTES];
	char th[65];
	int64_t last;
	if (strlen(token) != SESSION_TOKEN_LEN)
		return ST_NOTFOUND;
	crypto_generichash(h, sizeof h, (const unsigned char *)token, SESSION_TOKEN_LEN, NULL, 0);
	struct cached_session *c = &session_cache[h[0] & (SESSION_CACHE_SLOTS - 1)];
	uint64_t gen = atomic_load_explicit(&auth_gen, memory_order_acquire);
	if (cached_valid(c, h, gen)) {
		*s = c->s;
		return ST_OK;
	}
	token_hash(token, th);
	int rc = lookup_hashed(db, th, s, &last);
	if (rc != ST_OK) {
		if (c->used && sodium_memcmp(c->hash, h, sizeof h) == 0)
			sodium_memzero(c, sizeof *c);
		return rc;
	}
	memcpy(c->hash, h, sizeof h);
	c->used = 1;
	c->gen = gen;
	c->until_ms = mono_ms() + SESSION_CACHE_MS;
	c->last_seen = last;
	c->s = *s;
	return ST_OK;
}

void session_cache_clear(void)
{
	sodium_memzero(session_cache, sizeof session_cache);
}

int session_delete(struct db *db, const char *token)
{
	char th[65];
	token_hash(token, th);
	sqlite3_stmt *st = db_prep(db, "DELETE FROM sessions WHERE token_hash=?");
	if (!st)
		return ST_ERR;
	db_bind_text(st, 1, th);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	auth_changed();
	return rc == SQLITE_DONE ? ST_OK : ST_ERR;
}

int session_delete_user(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = db_prep(db, "DELETE FROM sessions WHERE user_id=?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	/* inside a caller's transaction this is before its commit: the caller
	 * calls auth_changed() again after committing */
	auth_changed();
	return rc == SQLITE_DONE ? sqlite3_changes(db_handle(db)) : -1;
}

int64_t session_count(struct db *db)
{
	return db_scalar(db, "SELECT count(*) FROM sessions WHERE expires_at>unixepoch()", 0);
}
