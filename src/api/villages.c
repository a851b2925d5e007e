/* Villages (村居): list for everyone signed in, create and edit for admins. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "core/text.h"
#include "store/village.h"

void api_villages_list(struct req *rq, struct resp *rs)
{
	json_t *items = village_list(rq->db);
	if (!items) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(
	    rs, 200,
	    json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

/* Fill v from the body; `create` requires every field.  -1 after 4xx. */
static int village_from_body(struct req *rq, struct resp *rs, struct village *v, int create)
{
	const char *name, *code, *type;
	if (req_str(rq, rs, "name", &name) < 0 || req_str(rq, rs, "code", &code) < 0 ||
	    req_str(rq, rs, "type", &type) < 0)
		return -1;
	if (name || create) {
		text_normalize(name ? name : "", name ? strlen(name) : 0, v->name, sizeof v->name);
		if (!v->name[0]) {
			resp_err(rq, rs, 422, "name_required", "name");
			return -1;
		}
	}
	if (code || create) {
		size_t n = code ? strlen(code) : 0;
		for (size_t i = 0; i < n; i++)
			if (!isdigit((unsigned char)code[i]))
				n = 0;
		if (n != 12) {
			resp_err(rq, rs, 422, "village_code", "code");
			return -1;
		}
		snprintf(v->code, sizeof v->code, "%s", code);
	}
	if (type || create) {
		const char *t = type ? type : "村";
		if (strcmp(t, "社区") && strcmp(t, "村") && strcmp(t, "其他")) {
			resp_err(rq, rs, 422, "village_type", "type");
			return -1;
		}
		snprintf(v->type, sizeof v->type, "%s", t);
	}
	json_t *al = json_object_get(rq->json, "aliases");
	if (al) {
		size_t i;
		json_t *a;
		v->aliases[0] = '\0';
		if (!json_is_array(al)) {
			resp_err(rq, rs, 400, "invalid", "aliases");
			return -1;
		}
		size_t len = 0;
		json_array_foreach(al, i, a)
		{
			char one[128];
			if (!json_is_string(a)) {
				resp_err(rq, rs, 400, "type_string", "aliases");
				return -1;
			}
			text_normalize(json_string_value(a), json_string_length(a), one,
				       sizeof one);
			for (char *c = one; *c; c++)
				if (*c == ',')
					*c = ' ';
			if (!one[0])
				continue;
			int w = snprintf(v->aliases + len, sizeof v->aliases - len, "%s%s",
					 len ? "," : "", one);
			if (w < 0 || (size_t)w >= sizeof v->aliases - len) {
				resp_err(rq, rs, 413, "body_too_large", "aliases");
				return -1;
			}
			len += (size_t)w;
		}
	}
	return 0;
}

static void village_reply(struct req *rq, struct resp *rs, int rc, int64_t id, unsigned ok)
{
	if (rc == ST_CONFLICT) {
		resp_err(rq, rs, 409, "village_exists", NULL);
		return;
	}
	if (rc == ST_NOTFOUND) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	struct village v;
	if (village_get(rq->db, id, &v) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, ok,
		  json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)v.id, "name", v.name, "code",
			    v.code, "type", v.type, "aliases", village_aliases_json(v.aliases)));
}

void api_villages_create(struct req *rq, struct resp *rs)
{
	struct village v = {0};
	int64_t id = 0;
	if (village_from_body(rq, rs, &v, 1) < 0)
		return;
	/* two statements: the order in which arguments are evaluated is
	 * unspecified, and id must be read after village_create() set it */
	int rc = village_create(rq->db, &rq->actor, &v, &id);
	village_reply(rq, rs, rc, id, 201);
}

void api_villages_update(struct req *rq, struct resp *rs)
{
	struct village v;
	int rc = village_get(rq->db, rq->params[0], &v);
	if (rc != ST_OK) {
		village_reply(rq, rs, rc, 0, 200);
		return;
	}
	if (village_from_body(rq, rs, &v, 0) < 0)
		return;
	village_reply(rq, rs, village_update(rq->db, &rq->actor, &v), v.id, 200);
}
