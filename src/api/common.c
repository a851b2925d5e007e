/* Helpers shared by API handlers; see api.h. */
#include "api.h"
#include "core/role.h"
#include "store/village.h"

int64_t api_scope_village(const struct req *rq)
{
	return rq->user && rq->user->role == ROLE_VILLAGE
		   ? (rq->user->village_id ? rq->user->village_id : -1)
		   : 0;
}

json_t *api_user_json(struct req *rq, const struct user *u)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)u->id, "username",
			      u->username, "name", u->name, "role", role_name(u->role),
			      "role_label", role_label(u->role, rq->en));
	struct village v;
	if (u->village_id && village_get(rq->db, u->village_id, &v) == ST_OK) {
		json_object_set_new(o, "village_id", json_integer(u->village_id));
		json_object_set_new(o, "village_name", json_string(v.name));
	} else {
		json_object_set_new(o, "village_id", json_null());
	}
	json_object_set_new(o, "checkpoint_id",
			    u->checkpoint_id ? json_integer(u->checkpoint_id) : json_null());
	json_object_set_new(o, "site_id", u->site_id ? json_integer(u->site_id) : json_null());
	return o;
}
