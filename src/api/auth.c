/*
 * Login, logout, the current user and changing one's own password.
 *
 * Brute force is slowed twice: per account (5 failures lock it for 15
 * minutes, stored in the database so it survives restarts) and per client
 * address (30 failures within 15 minutes refuse further attempts from that
 * address, kept in memory: a restart forgets them, which is acceptable).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "core/password.h"
#include "core/role.h"
#include "store/settings.h"
#include "util/clock.h"

#define LOCK_AFTER 5
#define LOCK_SECS (15 * 60)
#define ADDR_MAX_FAILS 30
#define ADDR_WINDOW (15 * 60)
#define ADDR_SLOTS 1024

struct addr_slot {
	char addr[64];
	int64_t window_start;
	int fails;
};

static struct addr_slot addr_slots[ADDR_SLOTS];
static pthread_mutex_t addr_lock = PTHREAD_MUTEX_INITIALIZER;

static struct addr_slot *addr_slot(const char *addr)
{
	uint32_t h = 2166136261u;
	for (const char *p = addr; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &addr_slots[h % ADDR_SLOTS];
}

/* 1 if this address may try again. */
static int addr_allowed(const char *addr)
{
	int64_t now = clock_now();
	pthread_mutex_lock(&addr_lock);
	struct addr_slot *s = addr_slot(addr);
	int ok = strcmp(s->addr, addr) != 0 || now - s->window_start > ADDR_WINDOW ||
		 s->fails < ADDR_MAX_FAILS;
	pthread_mutex_unlock(&addr_lock);
	return ok;
}

static void addr_failed(const char *addr)
{
	int64_t now = clock_now();
	pthread_mutex_lock(&addr_lock);
	struct addr_slot *s = addr_slot(addr);
	if (strcmp(s->addr, addr) != 0 || now - s->window_start > ADDR_WINDOW) {
		snprintf(s->addr, sizeof s->addr, "%s", addr);
		s->window_start = now;
		s->fails = 0;
	}
	s->fails++;
	pthread_mutex_unlock(&addr_lock);
}

/* The hash checked for unknown user names; made once, by whichever worker
 * thread needs it first (pthread_once: several may ask at the same time). */
static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	password_hash("not-a-password-0", dummy_hash);
}

/* Behind a TLS-terminating proxy (X-Forwarded-Proto: https) the cookie is
 * also marked Secure. */
static void set_cookie(struct req *rq, struct resp *rs, const char *token, int max_age)
{
	const char *proto = req_header(rq, "X-Forwarded-Proto");
	snprintf(rs->set_cookie, sizeof rs->set_cookie,
		 "fk_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token, max_age,
		 proto && !strcmp(proto, "https") ? "; Secure" : "");
}

/* The town and office names for the page header (settings). */
static json_t *town_json(struct req *rq)
{
	char v[256];
	settings_get(rq->db, "town_name", v, sizeof v);
	return json_string(v);
}

void api_login(struct req *rq, struct resp *rs)
{
	const char *username, *password;
	if (req_str(rq, rs, "username", &username) < 0 ||
	    req_str(rq, rs, "password", &password) < 0)
		return;
	if (!username || !password) {
		resp_err(rq, rs, 400, "bad_credentials", !username ? "username" : "password");
		return;
	}
	if (!addr_allowed(rq->addr)) {
		resp_err(rq, rs, 429, "too_many_attempts", NULL);
		return;
	}
	struct user u;
	char hash[PASSWORD_HASH_MAX];
	int rc = user_get_by_name(rq->db, username, &u, hash, sizeof hash);
	if (rc == ST_ERR) {
		resp_internal(rq, rs);
		return;
	}
	if (rc == ST_NOTFOUND) {
		/* same work as a real check, so timing does not reveal user names */
		pthread_once(&dummy_once, dummy_init);
		password_verify(dummy_hash, password);
		addr_failed(rq->addr);
		resp_err(rq, rs, 401, "bad_credentials", NULL);
		return;
	}
	rq->actor.username = u.username;
	rq->actor.role = role_name(u.role);
	if (u.locked_until > clock_now()) {
		resp_err(rq, rs, 423, "account_locked", NULL);
		return;
	}
	if (!password_verify(hash, password)) {
		addr_failed(rq->addr);
		int n = user_login_failed(rq->db, &rq->actor, u.id, LOCK_AFTER, LOCK_SECS);
		resp_err(rq, rs, n >= LOCK_AFTER ? 423 : 401,
			 n >= LOCK_AFTER ? "account_locked" : "bad_credentials", NULL);
		return;
	}
	if (u.disabled) {
		resp_err(rq, rs, 403, "account_disabled", NULL);
		return;
	}
	char token[SESSION_TOKEN_LEN + 1], csrf[65];
	if (session_create(rq->db, u.id, 0, "", rq->addr, SESSION_WEB_TTL, token, csrf) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	user_login_ok(rq->db, &rq->actor, u.id);
	set_cookie(rq, rs, token, SESSION_WEB_TTL);
	sodium_memzero(token, sizeof token);
	resp_json(rs, 200,
		  json_pack("{s:o,s:s}", "user", api_user_json(rq, &u), "csrf_token", csrf));
}

void api_logout(struct req *rq, struct resp *rs)
{
	session_delete(rq->db, rq->token);
	set_cookie(rq, rs, "", 0);
	resp_json(rs, 200, json_pack("{s:b}", "ok", 1));
}

void api_me(struct req *rq, struct resp *rs)
{
	json_t *o = json_pack("{s:o,s:s}", "user", api_user_json(rq, rq->user), "csrf_token",
			      rq->sess.is_token ? "" : rq->sess.csrf);
	json_object_set_new(o, "town", town_json(rq));
	resp_json(rs, 200, o);
}

void api_me_password(struct req *rq, struct resp *rs)
{
	const char *old, *nw;
	if (req_str(rq, rs, "old_password", &old) < 0 || req_str(rq, rs, "new_password", &nw) < 0)
		return;
	struct user u;
	char hash[PASSWORD_HASH_MAX];
	if (user_get_by_name(rq->db, rq->user->username, &u, hash, sizeof hash) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	if (!old || !password_verify(hash, old)) {
		resp_err(rq, rs, 422, "password_wrong", "old_password");
		return;
	}
	const char *why = password_check(nw ? nw : "", u.username);
	if (why) {
		resp_err(rq, rs, 422, why, "new_password");
		return;
	}
	if (password_hash(nw, hash) < 0 ||
	    user_set_password(rq->db, &rq->actor, u.id, hash) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	/* user_set_password ended every session, this one too: start a new one */
	char token[SESSION_TOKEN_LEN + 1], csrf[65];
	if (session_create(rq->db, u.id, 0, "", rq->addr, SESSION_WEB_TTL, token, csrf) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	set_cookie(rq, rs, token, SESSION_WEB_TTL);
	sodium_memzero(token, sizeof token);
	resp_json(rs, 200, json_pack("{s:b,s:s}", "ok", 1, "csrf_token", csrf));
}
