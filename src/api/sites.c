/* Observation sites, rooms and residents' needs (诉求). */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "core/role.h"
#include "core/text.h"
#include "store/site.h"

void api_sites_list(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	json_t *a = site_list(rq->db, sc.site);
	if (!a) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200,
		  json_pack("{s:o,s:I}", "items", a, "total", (json_int_t)json_array_size(a)));
}

void api_sites_get(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	if (sc.site && sc.site != rq->params[0]) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	json_t *s = site_detail(rq->db, rq->params[0]);
	if (!s) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	resp_json(rs, 200, s);
}

static int text_field(struct req *rq, struct resp *rs, const char *key, char *out, size_t n)
{
	const char *v;
	if (req_str(rq, rs, key, &v) < 0)
		return -1;
	if (v)
		text_normalize(v, strlen(v), out, n);
	return 0;
}

static void site_write(struct req *rq, struct resp *rs, struct site *s, unsigned ok)
{
	int64_t cap;
	int present;
	json_t *active = json_object_get(rq->json, "active");
	if (text_field(rq, rs, "name", s->name, sizeof s->name) < 0 ||
	    text_field(rq, rs, "address", s->address, sizeof s->address) < 0 ||
	    text_field(rq, rs, "contact", s->contact, sizeof s->contact) < 0 ||
	    text_field(rq, rs, "phone", s->phone, sizeof s->phone) < 0 ||
	    req_int(rq, rs, "capacity", &cap, &present) < 0)
		return;
	if (present) {
		if (cap < 0 || cap > 100000) {
			resp_err(rq, rs, 422, "capacity", "capacity");
			return;
		}
		s->capacity = (int)cap;
	}
	if (active)
		s->active = json_is_true(active);
	if (!s->name[0]) {
		resp_err(rq, rs, 422, "name_required", "name");
		return;
	}
	int rc = site_save(rq->db, &rq->actor, s);
	if (rc == ST_CONFLICT) {
		resp_err(rq, rs, 409, "site_exists", "name");
		return;
	}
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	resp_json(rs, ok, site_detail(rq->db, s->id));
}

void api_sites_create(struct req *rq, struct resp *rs)
{
	struct site s = {0};
	s.active = 1;
	site_write(rq, rs, &s, 201);
}

void api_sites_update(struct req *rq, struct resp *rs)
{
	struct site s;
	if (site_get(rq->db, rq->params[0], &s) != ST_OK) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	site_write(rq, rs, &s, 200);
}

void api_sites_room_add(struct req *rq, struct resp *rs)
{
	const char *number;
	int64_t beds, id;
	struct obs_scope sc = api_obs_scope(rq);
	if (sc.site && sc.site != rq->params[0]) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	if (req_str(rq, rs, "number", &number) < 0 || req_int(rq, rs, "beds", &beds, NULL) < 0)
		return;
	if (!number || !*number || strlen(number) > 20) {
		resp_err(rq, rs, 422, "room_number", "number");
		return;
	}
	if (beds < 1 || beds > 20) {
		resp_err(rq, rs, 422, "beds", "beds");
		return;
	}
	int rc = site_room_add(rq->db, &rq->actor, rq->params[0], number, (int)beds, &id);
	if (rc == ST_CONFLICT) {
		resp_err(rq, rs, 409, "room_exists", "number");
		return;
	}
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	resp_json(rs, 201, site_detail(rq->db, rq->params[0]));
}

static const char *const categories[] = {"生活物资", "医疗", "心理", "联系家属", "其他"};

void api_needs_create(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	const char *cat, *text;
	int64_t id;
	if (req_str(rq, rs, "category", &cat) < 0 || req_str(rq, rs, "text", &text) < 0)
		return;
	int ok = 0;
	for (size_t i = 0; cat && i < sizeof categories / sizeof categories[0]; i++)
		ok |= !strcmp(cat, categories[i]);
	if (!ok) {
		resp_err(rq, rs, 422, "need_category", "category");
		return;
	}
	if (!text || !*text || strlen(text) > 2000) {
		resp_err(rq, rs, 422, "need_text", "text");
		return;
	}
	int rc = need_add(rq->db, &rq->actor, rq->params[0], &sc, cat, text, &id);
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	resp_json(rs, 201, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "open"));
}

void api_needs_update(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	const char *status;
	if (req_str(rq, rs, "status", &status) < 0)
		return;
	int rc = need_set_status(rq->db, &rq->actor, rq->params[0], &sc, status ? status : "");
	if (rc == ST_INVALID) {
		resp_err(rq, rs, 409, "need_status", "status");
		return;
	}
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	resp_json(rs, 200, json_pack("{s:b,s:s}", "ok", 1, "status", status));
}

void api_needs_list(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	int64_t site;
	if (req_query_int(rq, rs, "site", 1, INT64_MAX, 0, &site) < 0)
		return;
	const char *status = req_query(rq, "status");
	json_t *a = need_list(rq->db, &sc, site, status);
	if (!a) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200,
		  json_pack("{s:o,s:I}", "items", a, "total", (json_int_t)json_array_size(a)));
}
