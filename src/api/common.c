/* Helpers shared by API handlers; see api.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Send a finished xlsx file and remove it. */
void api_send_file(struct req *rq, struct resp *rs, const char *path, const char *name)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	rs->body.max = (size_t)1 << 30;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(&rs->body, chunk, n) < 0)
			break;
	if (f)
		fclose(f);
	unlink(path);
	if (!f) {
		resp_internal(rq, rs);
		return;
	}
	static _Thread_local char disp[512];
	char enc[400];
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && k + 4 < sizeof enc; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
			enc[k++] = (char)*p;
		else
			k += (size_t)snprintf(enc + k, sizeof enc - k, "%%%02X", *p);
	}
	enc[k] = '\0';
	snprintf(disp, sizeof disp, "attachment; filename=\"export.xlsx\"; filename*=UTF-8''%s",
		 enc);
	rs->status = 200;
	rs->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	rs->disposition = disp;
}

int api_temp_path(char path[64])
{
	snprintf(path, 64, "/tmp/fangkong-export-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}
