/*
 * user and session storage.
 *
 * Sessions are server-side: the client holds a 256-bit random token; the
 * database holds only its SHA-256, so a copied database cannot be used to log
 * in.  Web sessions carry a CSRF token; script tokens (`fangkong user token`)
 * do not need one.  Disabling a user or changing a password ends sessions.
 */
#ifndef FK_STORE_USER_H
#define FK_STORE_USER_H

#include <jansson.h>
#include <stdint.h>

#include "audit.h"
#include "db.h"

struct user {
	int64_t id;
	char username[64];
	char name[64];
	unsigned role; /* one ROLE_* bit */
	int64_t village_id, checkpoint_id, site_id;
	int disabled;
	int failed_logins;
	int64_t locked_until;
};

struct session {
	struct user user;
	char csrf[65];
	int is_token; /* bearer token for scripts: no CSRF */
	int64_t expires_at;
};

#define SESSION_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */
#define SESSION_WEB_TTL (12 * 3600)
#define SESSION_IDLE (4 * 3600)

/* Look a user up by name or id.  ST_OK / ST_NOTFOUND / ST_ERR. */
int user_get_by_name(struct db *db, const char *username, struct user *u, char *pw_hash,
		     size_t pw_hash_len);
int user_get(struct db *db, int64_t id, struct user *u);
/* Create a user (password already hashed).  ST_CONFLICT if the name exists.
 * Audited as user.create. */
int user_create(struct db *db, const struct actor *who, const struct user *u, const char *pw_hash,
		int64_t *id);
/* Update role/bindings/name/disabled from `u` (id selects).  Disabling ends
 * the user's sessions.  Audited.  ST_NOTFOUND if no such user. */
int user_update(struct db *db, const struct actor *who, const struct user *u, json_t *changed);
int user_set_password(struct db *db, const struct actor *who, int64_t id, const char *pw_hash);
/* All users as JSON (no hashes), with village names. */
json_t *user_list(struct db *db);
json_t *user_json(struct db *db, int64_t id);
/* Record a failed login; locks the account for `lock_secs` once `max`
 * failures are reached (counting again from 1 after a lock has expired).
 * Returns the new failure count. */
int user_login_failed(struct db *db, const struct actor *who, int64_t id, int max,
		      int64_t lock_secs);
void user_login_ok(struct db *db, const struct actor *who, int64_t id);

/* Create a session; writes the token (NUL-terminated) for the client. */
int session_create(struct db *db, int64_t user_id, int is_token, const char *label,
		   const char *addr, int64_t ttl, char token[SESSION_TOKEN_LEN + 1], char csrf[65]);
/* Resolve a client token.  ST_OK fills s; ST_NOTFOUND if unknown, expired
 * or the user is disabled.  Touches last_seen at most once a minute. */
int session_lookup(struct db *db, const char *token, struct session *s);
/* session_lookup() through a small per-thread cache, for the server's
 * requests: a session found valid is trusted without SQL for up to
 * SESSION_CACHE_MS while this process has committed no change to sessions or
 * users (logout, ending sessions, disabling, role or password changes end
 * cached entries at once).  A change made by another process (the CLI) takes
 * effect within SESSION_CACHE_MS.  Expiry and idling are checked every time. */
int session_lookup_cached(struct db *db, const char *token, struct session *s);
#define SESSION_CACHE_MS 1000
/* Forget this thread's cached sessions. */
void session_cache_clear(void);
int session_delete(struct db *db, const char *token);
/* End every session of a user; returns how many (or -1). */
int session_delete_user(struct db *db, int64_t user_id);
int64_t session_count(struct db *db);

#endif
