/*
 * User administration (admin only): list, create, change role and bindings,
 * disable, reset passwords, end sessions, issue script tokens.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "core/password.h"
#include "core/role.h"
#include "store/checkpoint.h"
#include "store/site.h"
#include "store/village.h"
#include "core/msg.h"

static int username_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
			return 0;
	return 1;
}

void api_roles(struct req *rq, struct resp *rs)
{
	json_t *a = json_array();
	for (int i = 0; role_names[i]; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "role", role_names[i], "label",
						   role_label(1u << i, rq->en)));
	resp_json(rs, 200, json_pack("{s:o}", "items", a));
}

void api_users_list(struct req *rq, struct resp *rs)
{
	json_t *items = user_list(rq->db);
	if (!items) {
		resp_internal(rq, rs);
		return;
	}
	size_t i;
	json_t *u;
	json_array_foreach(items, i, u)
	{
		unsigned r = role_from_name(json_string_value(json_object_get(u, "role")));
		json_object_set_new(u, "role_label", json_string(role_label(r, rq->en)));
	}
	resp_json(
	    rs, 200,
	    json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

/* Apply role/name/bindings from the body onto u.  -1 after sending 4xx. */
static int apply_fields(struct req *rq, struct resp *rs, struct user *u)
{
	const char *name, *role;
	int64_t v;
	int present;
	if (req_str(rq, rs, "name", &name) < 0 || req_str(rq, rs, "role", &role) < 0)
		return -1;
	if (name) {
		if (!*name || strlen(name) >= sizeof u->name) {
			resp_err(rq, rs, 422, "name_required", "name");
			return -1;
		}
		snprintf(u->name, sizeof u->name, "%s", name);
	}
	if (role) {
		u->role = role_from_name(role);
		if (!u->role) {
			resp_err(rq, rs, 422, "role", "role");
			return -1;
		}
	}
	if (req_int(rq, rs, "village_id", &v, &present) < 0)
		return -1;
	if (present)
		u->village_id = v;
	if (req_int(rq, rs, "checkpoint_id", &v, &present) < 0)
		return -1;
	if (present)
		u->checkpoint_id = v;
	if (req_int(rq, rs, "site_id", &v, &present) < 0)
		return -1;
	if (present)
		u->site_id = v;
	struct village vil;
	if (u->village_id && village_get(rq->db, u->village_id, &vil) != ST_OK) {
		resp_err(rq, rs, 422, "village", "village_id");
		return -1;
	}
	struct checkpoint cp;
	struct site site;
	if (u->checkpoint_id && cp_get(rq->db, u->checkpoint_id, &cp) != ST_OK) {
		resp_err_msg(rs, 422, "checkpoint", "checkpoint_id",
			     rq->en ? "Unknown checkpoint" : "检疫点不存在");
		return -1;
	}
	if (u->site_id && site_get(rq->db, u->site_id, &site) != ST_OK) {
		resp_err_msg(rs, 422, "site", "site_id", msg_get("site", rq->en));
		return -1;
	}
	if (u->role == ROLE_VILLAGE && !u->village_id) {
		resp_err(rq, rs, 422, "role_binding", "village_id");
		return -1;
	}
	/* like a village user without a village: a checkpoint or site worker
	 * without a binding could record nothing and see nothing.  Checked on
	 * create and when the role or binding changes, so that an account
	 * left unbound from before can still be renamed or disabled. */
	int binding = !u->id || role || json_object_get(rq->json, "checkpoint_id") ||
		      json_object_get(rq->json, "site_id");
	if (binding && u->role == ROLE_CHECKPOINT && !u->checkpoint_id) {
		resp_err_msg(rs, 422, "role_binding", "checkpoint_id",
			     rq->en ? "A checkpoint worker needs a checkpoint"
				    : "检疫点工作人员须绑定所在检疫点");
		return -1;
	}
	if (binding && u->role == ROLE_SITE && !u->site_id) {
		resp_err_msg(rs, 422, "role_binding", "site_id",
			     rq->en ? "A site worker needs an observation site"
				    : "留观点工作人员须绑定所在集中观察点");
		return -1;
	}
	if (u->role != ROLE_VILLAGE)
		u->village_id = 0;
	if (u->role != ROLE_CHECKPOINT)
		u->checkpoint_id = 0;
	if (u->role != ROLE_SITE)
		u->site_id = 0;
	return 0;
}

void api_users_create(struct req *rq, struct resp *rs)
{
	struct user u = {0};
	const char *username, *password;
	char gen[16] = "", hash[PASSWORD_HASH_MAX];
	if (req_str(rq, rs, "username", &username) < 0 ||
	    req_str(rq, rs, "password", &password) < 0)
		return;
	if (!username_ok(username)) {
		resp_err(rq, rs, 422, "username", "username");
		return;
	}
	snprintf(u.username, sizeof u.username, "%s", username);
	snprintf(u.name, sizeof u.name, "%s", username);
	u.role = ROLE_VIEWER;
	if (apply_fields(rq, rs, &u) < 0)
		return;
	if (!password) {
		password_generate(gen);
		password = gen;
	}
	const char *why = password_check(password, username);
	if (why) {
		resp_err(rq, rs, 422, why, "password");
		return;
	}
	int64_t id;
	if (password_hash(password, hash) < 0) {
		resp_internal(rq, rs);
		return;
	}
	int rc = user_create(rq->db, &rq->actor, &u, hash, &id);
	if (rc == ST_CONFLICT) {
		resp_err(rq, rs, 409, "user_exists", "username");
		return;
	}
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	json_t *o = user_json(rq->db, id);
	if (gen[0])
		json_object_set_new(o, "password", json_string(gen));
	sodium_memzero(gen, sizeof gen);
	resp_json(rs, 201, o);
}

void api_users_update(struct req *rq, struct resp *rs)
{
	struct user u;
	int rc = user_get(rq->db, rq->params[0], &u);
	if (rc != ST_OK) {
		if (rc == ST_NOTFOUND)
			resp_err(rq, rs, 404, "not_found", NULL);
		else
			resp_internal(rq, rs);
		return;
	}
	if (apply_fields(rq, rs, &u) < 0)
		return;
	json_t *d = json_object_get(rq->json, "disabled");
	if (d) {
		if (!json_is_boolean(d)) {
			resp_err(rq, rs, 400, "invalid", "disabled");
			return;
		}
		u.disabled = json_is_true(d);
	}
	if (u.id == rq->user->id && (u.disabled || u.role != ROLE_ADMIN)) {
		resp_err_msg(rs, 409, "self_lockout", NULL,
			     rq->en ? "You cannot disable yourself or drop your own admin role"
				    : "不能停用自己或取消自己的管理员角色");
		return;
	}
	json_t *changed = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(rq->json, key, v) json_array_append_new(changed, json_string(key));
	json_t *detail = json_pack("{s:o}", "fields", changed);
	rc = user_update(rq->db, &rq->actor, &u, detail);
	json_decref(detail);
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, user_json(rq->db, u.id));
}

void api_users_password(struct req *rq, struct resp *rs)
{
	const char *pw;
	char hash[PASSWORD_HASH_MAX];
	struct user u;
	if (req_str(rq, rs, "password", &pw) < 0)
		return;
	if (user_get(rq->db, rq->params[0], &u) != ST_OK) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	const char *why = password_check(pw ? pw : "", u.username);
	if (why) {
		resp_err(rq, rs, 422, why, "password");
		return;
	}
	if (password_hash(pw, hash) < 0 ||
	    user_set_password(rq->db, &rq->actor, u.id, hash) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, json_pack("{s:b}", "ok", 1));
}

void api_users_end_sessions(struct req *rq, struct resp *rs)
{
	struct user u;
	if (user_get(rq->db, rq->params[0], &u) != ST_OK) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	int n = session_delete_user(rq->db, u.id);
	if (n < 0) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, json_pack("{s:i}", "ended", n));
}

void api_users_token(struct req *rq, struct resp *rs)
{
	const char *label;
	int64_t days;
	struct user u;
	if (req_str(rq, rs, "label", &label) < 0 || req_int(rq, rs, "days", &days, NULL) < 0)
		return;
	if (user_get(rq->db, rq->params[0], &u) != ST_OK) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	if (days <= 0 || days > 366)
		days = 30;
	char token[SESSION_TOKEN_LEN + 1], csrf[65];
	if (session_create(rq->db, u.id, 1, label ? label : "", rq->addr, days * 86400, token,
			   csrf) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 201, json_pack("{s:s,s:I}", "token", token, "days", (json_int_t)days));
	sodium_memzero(token, sizeof token);
}
