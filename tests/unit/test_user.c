/*
 * Unit tests for src/store/user.c against a real temporary database: users
 * (create, name conflicts, update, disable ending sessions, password reset),
 * the failed-login counter and lock, and sessions (random tokens stored only
 * as hashes, lookup, expiry, idle timeout for web sessions, deletion), and
 * the server's per-thread session cache: every change this process makes to
 * sessions or users ends cached entries at once.
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

#include "core/role.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/user.h"
#include "store/village.h"
#include "util/log.h"
#include "test_dbfx.h"

/* Any string stands in for a hash: the store does not interpret it. */
#define HASH1 "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"
#define HASH2 "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0$b3RoZXJoYXNo"

static const struct actor admin = {1, "admin", "admin", "127.0.0.1", "t-user"};

static int64_t audit_rows(struct db *db, const char *action)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action='%s'", action);
	return q1(db, sql);
}

static int64_t make_user(struct db *db, const char *username, unsigned role, int64_t village)
{
	struct user u = {0};
	int64_t id = 0;
	snprintf(u.username, sizeof u.username, "%s", username);
	snprintf(u.name, sizeof u.name, "用户 %s", username);
	u.role = role;
	u.village_id = village;
	assert_int_equal(user_create(db, &admin, &u, HASH1, &id), ST_OK);
	assert_true(id > 0);
	return id;
}

static int64_t make_village(struct db *db)
{
	struct village v = {0};
	int64_t id = 0;
	snprintf(v.name, sizeof v.name, "幸福村");
	snprintf(v.code, sizeof v.code, "440605001001");
	snprintf(v.type, sizeof v.type, "村");
	assert_int_equal(village_create(db, &admin, &v, &id), ST_OK);
	return id;
}

static void test_create_get(void **state)
{
	struct fx *f = *state;
	struct user u;
	char hash[128];
	int64_t v = make_village(f->db);

	int64_t id = make_user(f->db, "cun1", ROLE_VILLAGE, v);
	assert_true(audit_rows(f->db, "user.create") == 1);
	/* the audit row names the user and role, never the hash */
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE action='user.create' AND"
			      " detail='{\"role\":\"village\",\"username\":\"cun1\"}'") == 1);

	memset(&u, 0x5a, sizeof u);
	assert_int_equal(user_get(f->db, id, &u), ST_OK);
	assert_true(u.id == id);
	assert_string_equal(u.username, "cun1");
	assert_string_equal(u.name, "用户 cun1");
	assert_int_equal(u.role, ROLE_VILLAGE);
	assert_true(u.village_id == v);
	assert_true(u.checkpoint_id == 0 && u.site_id == 0);
	assert_int_equal(u.disabled, 0);
	assert_int_equal(u.failed_logins, 0);
	assert_true(u.locked_until == 0);

	assert_int_equal(user_get_by_name(f->db, "cun1", &u, hash, sizeof hash), ST_OK);
	assert_true(u.id == id);
	assert_string_equal(hash, HASH1);
	assert_int_equal(user_get_by_name(f->db, "cun1", &u, NULL, 0), ST_OK);
	char small[8];
	assert_int_equal(user_get_by_name(f->db, "cun1", &u, small, sizeof small), ST_OK);
	assert_int_equal(strlen(small), sizeof small - 1); /* cut, NUL-terminated */

	assert_int_equal(user_get_by_name(f->db, "CUN1", &u, NULL, 0), ST_NOTFOUND);
	assert_int_equal(user_get_by_name(f->db, "cun", &u, NULL, 0), ST_NOTFOUND);
	assert_int_equal(user_get_by_name(f->db, "", &u, NULL, 0), ST_NOTFOUND);
	assert_int_equal(user_get(f->db, 9999, &u), ST_NOTFOUND);

	/* the name is taken */
	struct user dup = {0};
	int64_t id2 = -1;
	snprintf(dup.username, sizeof dup.username, "cun1");
	snprintf(dup.name, sizeof dup.name, "另一个");
	dup.role = ROLE_ADMIN;
	assert_int_equal(user_create(f->db, &admin, &dup, HASH2, &id2), ST_CONFLICT);
	assert_true(id2 == -1);
	assert_true(q1(f->db, "SELECT count(*) FROM users") == 1);
	assert_true(audit_rows(f->db, "user.create") == 1);
	/* a village that does not exist is an error, not a conflict */
	snprintf(dup.username, sizeof dup.username, "cun2");
	dup.role = ROLE_VILLAGE;
	dup.village_id = 4242;
	assert_int_equal(user_create(f->db, &admin, &dup, HASH2, &id2), ST_ERR);
	assert_true(q1(f->db, "SELECT count(*) FROM users") == 1);

	/* lists and JSON never carry the hash */
	make_user(f->db, "boss", ROLE_ADMIN, 0);
	json_t *l = user_list(f->db);
	assert_non_null(l);
	assert_int_equal(json_array_size(l), 2);
	json_t *first = json_array_get(l, 0); /* ordered by role name */
	assert_string_equal(json_string_value(json_object_get(first, "role")), "admin");
	char *dump = json_dumps(l, 0);
	assert_null(strstr(dump, "argon2"));
	assert_null(strstr(dump, "pw_hash"));
	free(dump);
	json_decref(l);
	json_t *o = user_json(f->db, id);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "village_name")), "幸福村");
	assert_int_equal(json_integer_value(json_object_get(o, "sessions")), 0);
	assert_null(json_object_get(o, "pw_hash"));
	json_decref(o);
	assert_null(user_json(f->db, 9999));
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

static void test_update_disable(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct session s;
	char tok[SESSION_TOKEN_LEN + 1], csrf[65];
	int64_t id = make_user(f->db, "hecha", ROLE_VERIFIER, 0);
	int64_t other = make_user(f->db, "other", ROLE_VERIFIER, 0);

	assert_int_equal(session_create(f->db, id, 0, "", "10.0.0.1", 3600, tok, csrf), ST_OK);
	char tok2[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(f->db, id, 1, "script", "10.0.0.1", 3600, tok2, csrf),
			 ST_OK);
	char tok_other[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(f->db, other, 0, "", "", 3600, tok_other, csrf), ST_OK);

	/* a plain update keeps sessions */
	assert_int_equal(user_get(f->db, id, &u), ST_OK);
	snprintf(u.name, sizeof u.name, "核查员");
	u.role = ROLE_OBSERVER;
	json_t *changed = json_pack("{s:[ss]}", "fields", "name", "role");
	assert_int_equal(user_update(f->db, &admin, &u, changed), ST_OK);
	assert_int_equal(user_get(f->db, id, &u), ST_OK);
	assert_string_equal(u.name, "核查员");
	assert_int_equal(u.role, ROLE_OBSERVER);
	assert_true(audit_rows(f->db, "user.update") == 1);
	assert_int_equal(session_lookup(f->db, tok, &s), ST_OK);
	assert_int_equal(s.user.role, ROLE_OBSERVER); /* sessions see the new role */

	/* disabling ends every session of that user, and only that user */
	u.disabled = 1;
	assert_int_equal(user_update(f->db, &admin, &u, changed), ST_OK);
	assert_true(audit_rows(f->db, "user.disable") == 1);
	assert_int_equal(session_lookup(f->db, tok, &s), ST_NOTFOUND);
	assert_int_equal(session_lookup(f->db, tok2, &s), ST_NOTFOUND);
	assert_int_equal(session_lookup(f->db, tok_other, &s), ST_OK);
	char sql[100];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE user_id=%lld",
		 (long long)id);
	assert_true(q1(f->db, sql) == 0);
	assert_int_equal(user_get(f->db, id, &u), ST_OK);
	assert_int_equal(u.disabled, 1);

	/* a session created while disabled does not resolve */
	assert_int_equal(session_create(f->db, id, 0, "", "", 3600, tok, csrf), ST_OK);
	assert_int_equal(session_lookup(f->db, tok, &s), ST_NOTFOUND);
	/* enabled again: that session works */
	u.disabled = 0;
	assert_int_equal(user_update(f->db, &admin, &u, NULL), ST_OK);
	assert_int_equal(session_lookup(f->db, tok, &s), ST_OK);

	u.id = 9999;
	assert_int_equal(user_update(f->db, &admin, &u, changed), ST_NOTFOUND);
	json_decref(changed);
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

static void test_password_reset(void **state)
{
	struct fx *f = *state;
	struct user u;
	struct session s;
	char tok[SESSION_TOKEN_LEN + 1], csrf[65], hash[128];
	int64_t id = make_user(f->db, "zhang", ROLE_OBSERVER, 0);

	assert_int_equal(session_create(f->db, id, 0, "", "", 3600, tok, csrf), ST_OK);
	for (int i = 0; i < 3; i++)
		user_login_failed(f->db, &admin, id, 3, 900);
	assert_int_equal(user_get(f->db, id, &u), ST_OK);
	assert_true(u.locked_until > 0);

	assert_int_equal(user_set_password(f->db, &admin, id, HASH2), ST_OK);
	assert_int_equal(user_get_by_name(f->db, "zhang", &u, hash, sizeof hash), ST_OK);
	assert_string_equal(hash, HASH2);
	assert_int_equal(u.failed_logins, 0);
	assert_true(u.locked_until == 0);
	assert_int_equal(session_lookup(f->db, tok, &s), ST_NOTFOUND); /* sessions end */
	assert_true(audit_rows(f->db, "user.password") == 1);
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE detail LIKE '%argon2%'") == 0);

	assert_int_equal(user_set_password(f->db, &admin, 9999, HASH1), ST_NOTFOUND);
	assert_true(audit_rows(f->db, "user.password") == 1);
}

static void test_login_failures(void **state)
{
	struct fx *f = *state;
	struct user u;
	int64_t id = make_user(f->db, "wang", ROLE_VILLAGE, 0);
	int64_t now = (int64_t)time(NULL);

	for (int i = 1; i < 5; i++) {
		assert_int_equal(user_login_failed(f->db, &admin, id, 5, 900), i);
		assert_int_equal(user_get(f->db, id, &u), ST_OK);
		assert_int_equal(u.failed_logins, i);
		assert_true(u.locked_until == 0); /* not yet */
	}
	assert_true(audit_rows(f->db, "login.failed") == 4);

	assert_int_equal(user_login_failed(f->db, &admin, id, 5, 900), 5);
	assert_int_equal(user_get(f->db, id, &u), ST_OK);
	assert_true(u.locked_until >= now + 900 && u.locked_until <= now + 960);
	assert_true(audit_rows(f->db, "login.locked") == 1);
	assert_true(q1(f->db, "SELECT count(*) FROM audit WHERE action='login.locked'"
			      " AND detail='{\"failures\":5}'") == 1);
	/* further failures keep counting and stay locked */
	assert_int_equal(user_login_failed(f->db, &admin, id, 5, 900), 6);
	assert_true(audit_rows(f->db, "login.locked") == 2);

	user_login_ok(f->db, &admin, id);
	assert_true(audit_rows(f->db, "login") == 1);
	assert_int_equal(user_get(f->db, id, &u), ST_OK);
	assert_int_equal(u.failed_logins, 0);
	assert_true(u.locked_until == 0);
	assert_true(q1(f->db, "SELECT last_login_at > 0 FROM users") == 1);
	assert_int_equal(user_login_failed(f->db, &admin, id, 5, 900), 1); /* from zero */
	assert_int_equal(audit_verify(f->db, NULL), 0);
}

static int base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	struct session s;
	char tok[SESSION_TOKEN_LEN + 1], tok2[SESSION_TOKEN_LEN + 1];
	char csrf[65], csrf2[65];
	int64_t id = make_user(f->db, "li", ROLE_SITE, 0);

	memset(tok, 'Z', sizeof tok);
	assert_int_equal(session_create(f->db, id, 0, "", "10.1.1.1", SESSION_WEB_TTL, tok, csrf),
			 ST_OK);
	assert_int_equal(strlen(tok), SESSION_TOKEN_LEN);
	assert_true(base64url(tok));
	assert_int_equal(strlen(csrf), 32);
	assert_int_equal(strspn(csrf, "0123456789abcdef"), 32);
	assert_int_equal(session_create(f->db, id, 1, "nightly", "", 86400, tok2, csrf2), ST_OK);
	assert_string_not_equal(tok, tok2);
	assert_string_not_equal(csrf, csrf2);
	assert_true(session_count(f->db) == 2);

	/* only the hash is stored */
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM sessions WHERE token_hash='%s' OR label='%s'"
		 " OR instr(token_hash, '%.16s') > 0",
		 tok, tok, tok);
	assert_true(q1(f->db, sql) == 0);
	assert_true(q1(f->db, "SELECT count(*) FROM sessions WHERE length(token_hash)=64") == 2);

	memset(&s, 0, sizeof s);
	assert_int_equal(session_lookup(f->db, tok, &s), ST_OK);
	assert_true(s.user.id == id);
	assert_string_equal(s.user.username, "li");
	assert_int_equal(s.user.role, ROLE_SITE);
	assert_string_equal(s.csrf, csrf);
	assert_int_equal(s.is_token, 0);
	assert_true(s.expires_at > (int64_t)time(NULL) + SESSION_WEB_TTL - 60);
	assert_int_equal(session_lookup(f->db, tok2, &s), ST_OK);
	assert_int_equal(s.is_token, 1);
	assert_string_equal(s.csrf, csrf2);

	/* unknown, altered, truncated or padded tokens */
	char bad[SESSION_TOKEN_LEN + 2];
	memcpy(bad, tok, sizeof tok);
	bad[0] = bad[0] == 'A' ? 'B' : 'A';
	assert_int_equal(session_lookup(f->db, bad, &s), ST_NOTFOUND);
	memcpy(bad, tok, sizeof tok);
	bad[SESSION_TOKEN_LEN - 1] = '\0';
	assert_int_equal(session_lookup(f->db, bad, &s), ST_NOTFOUND);
	memcpy(bad, tok, SESSION_TOKEN_LEN);
	bad[SESSION_TOKEN_LEN] = 'A';
	bad[SESSION_TOKEN_LEN + 1] = '\0';
	assert_int_equal(session_lookup(f->db, bad, &s), ST_NOTFOUND);
	assert_int_equal(session_lookup(f->db, "", &s), ST_NOTFOUND);

	/* delete one */
	assert_int_equal(session_delete(f->db, tok), ST_OK);
	assert_int_equal(session_lookup(f->db, tok, &s), ST_NOTFOUND);
	assert_int_equal(session_lookup(f->db, tok2, &s), ST_OK);
	assert_int_equal(session_delete(f->db, tok), ST_OK); /* again: nothing, no error */
	assert_true(session_count(f->db) == 1);

	/* delete all of a user's */
	assert_int_equal(session_create(f->db, id, 0, "", "", 3600, tok, csrf), ST_OK);
	assert_int_equal(session_delete_user(f->db, id), 2);
	assert_int_equal(session_lookup(f->db, tok2, &s), ST_NOTFOUND);
	assert_int_equal(session_delete_user(f->db, id), 0);
	assert_true(session_count(f->db) == 0);

	/* a session for a user that does not exist is refused */
	assert_int_equal(session_create(f->db, 9999, 0, "", "", 3600, tok, csrf), ST_ERR);
}

static void test_session_expiry(void **state)
{
	struct fx *f = *state;
	struct session s;
	char web[SESSION_TOKEN_LEN + 1], script[SESSION_TOKEN_LEN + 1], old[SESSION_TOKEN_LEN + 1];
	char csrf[65];
	int64_t id = make_user(f->db, "zhao", ROLE_COMMANDER, 0);

	/* expired at creation */
	assert_int_equal(session_create(f->db, id, 0, "", "", 0, old, csrf), ST_OK);
	assert_int_equal(session_lookup(f->db, old, &s), ST_NOTFOUND);
	assert_int_equal(session_create(f->db, id, 1, "", "", -10, old, csrf), ST_OK);
	assert_int_equal(session_lookup(f->db, old, &s), ST_NOTFOUND);
	assert_true(session_count(f->db) == 0); /* expired ones are not counted */

	/* idle: a web session unused for longer than SESSION_IDLE ends; a script
	 * token does not idle out */
	assert_int_equal(session_create(f->db, id, 0, "", "", SESSION_WEB_TTL, web, csrf), ST_OK);
	assert_int_equal(session_create(f->db, id, 1, "", "", SESSION_WEB_TTL, script, csrf),
			 ST_OK);
	char sql[100];
	snprintf(sql, sizeof sql, "UPDATE sessions SET last_seen=unixepoch()-%d",
		 SESSION_IDLE - 120);
	assert_int_equal(db_exec(f->db, sql), 0);
	assert_int_equal(session_lookup(f->db, web, &s), ST_OK); /* still inside */
	/* and the lookup touched last_seen */
	assert_true(q1(f->db, "SELECT count(*) FROM sessions WHERE kind='web'"
			      " AND last_seen >= unixepoch()-5") == 1);
	snprintf(sql, sizeof sql, "UPDATE sessions SET last_seen=unixepoch()-%d",
		 SESSION_IDLE + 60);
	assert_int_equal(db_exec(f->db, sql), 0);
	assert_int_equal(session_lookup(f->db, web, &s), ST_NOTFOUND);
	assert_int_equal(session_lookup(f->db, script, &s), ST_OK);

	/* absolute expiry applies to both */
	assert_int_equal(db_exec(f->db, "UPDATE sessions SET expires_at=unixepoch()-1,"
					" last_seen=unixepoch()"),
			 0);
	assert_int_equal(session_lookup(f->db, web, &s), ST_NOTFOUND);
	assert_int_equal(session_lookup(f->db, script, &s), ST_NOTFOUND);
}

/* session_lookup_cached answers like session_lookup, and logout, ending
 * sessions, a role change, disabling and a password change made through the
 * store are seen at once — only changes behind its back (another process,
 * raw SQL) wait for the entry to age out. */
static void test_session_cache(void **state)
{
	struct fx *f = *state;
	struct session s;
	struct user u;
	char tok[SESSION_TOKEN_LEN + 1], tok2[SESSION_TOKEN_LEN + 1], csrf[65];
	int64_t id = make_user(f->db, "cache", ROLE_VERIFIER, 0);
	session_cache_clear();

	assert_int_equal(session_create(f->db, id, 0, "", "", 3600, tok, csrf), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_OK);
	assert_string_equal(s.csrf, csrf);
	assert_int_equal(s.is_token, 0);
	assert_int_equal(s.user.role, ROLE_VERIFIER);
	/* a hit answers the same without the row: raw SQL is not seen … */
	assert_int_equal(db_exec(f->db, "UPDATE users SET name='改名' WHERE username='cache'"), 0);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_OK);
	assert_string_equal(s.csrf, csrf);
	assert_string_not_equal(s.user.name, "改名");
	/* … until the entry is gone */
	session_cache_clear();
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_OK);
	assert_string_equal(s.user.name, "改名");
	/* unknown and malformed tokens */
	assert_int_equal(session_lookup_cached(f->db, "short", &s), ST_NOTFOUND);
	char bad[SESSION_TOKEN_LEN + 1];
	memcpy(bad, tok, sizeof bad);
	bad[0] = bad[0] == 'A' ? 'B' : 'A';
	assert_int_equal(session_lookup_cached(f->db, bad, &s), ST_NOTFOUND);

	/* a role change is seen at once */
	assert_int_equal(user_get(f->db, id, &u), ST_OK);
	u.role = ROLE_OBSERVER;
	assert_int_equal(user_update(f->db, &admin, &u, NULL), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_OK);
	assert_int_equal(s.user.role, ROLE_OBSERVER);

	/* logout */
	assert_int_equal(session_delete(f->db, tok), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_NOTFOUND);

	/* ending all sessions of the user */
	assert_int_equal(session_create(f->db, id, 1, "", "", 3600, tok, csrf), ST_OK);
	assert_int_equal(session_create(f->db, id, 0, "", "", 3600, tok2, csrf), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_OK);
	assert_int_equal(s.is_token, 1);
	assert_int_equal(session_lookup_cached(f->db, tok2, &s), ST_OK);
	assert_int_equal(session_delete_user(f->db, id), 2);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_NOTFOUND);
	assert_int_equal(session_lookup_cached(f->db, tok2, &s), ST_NOTFOUND);

	/* disabling */
	assert_int_equal(session_create(f->db, id, 1, "", "", 3600, tok, csrf), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_OK);
	u.disabled = 1;
	assert_int_equal(user_update(f->db, &admin, &u, NULL), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_NOTFOUND);
	u.disabled = 0;
	assert_int_equal(user_update(f->db, &admin, &u, NULL), ST_OK);

	/* a password change */
	assert_int_equal(session_create(f->db, id, 1, "", "", 3600, tok, csrf), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_OK);
	assert_int_equal(user_set_password(f->db, &admin, id, HASH2), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_NOTFOUND);

	/* expiry is checked on every hit */
	assert_int_equal(session_create(f->db, id, 1, "", "", 3600, tok, csrf), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok, &s), ST_OK);
	assert_int_equal(session_create(f->db, id, 1, "", "", 0, tok2, csrf), ST_OK);
	assert_int_equal(session_lookup_cached(f->db, tok2, &s), ST_NOTFOUND);
	session_cache_clear();
}

int main(void)
{
	log_set_level(LOG_ERROR);
#define T(fn) cmocka_unit_test_setup_teardown(fn, tdb_setup, tdb_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_create_get),	    T(test_update_disable), T(test_password_reset),
	    T(test_login_failures), T(test_sessions),	    T(test_session_expiry),
	    T(test_session_cache),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
