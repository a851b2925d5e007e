/*
 * Service endpoints: /healthz, /metrics and /api/openapi.json, which is
 * generated from the route table so it can never drift from what the server
 * does (the API tests walk it to check that every route demands a session).
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "core/role.h"
#include "version.h"

void api_healthz(struct req *rq, struct resp *rs)
{
	int ok = rq->db && db_scalar(rq->db, "SELECT 1", 0) == 1;
	resp_json(rs, ok ? 200 : 503,
		  json_pack("{s:s,s:s,s:i}", "status", ok ? "ok" : "degraded", "version",
			    FANGKONG_VERSION, "schema", db_schema_version()));
}

void api_metrics(struct req *rq, struct resp *rs)
{
	metrics_render(rq->db, &rs->body);
	rs->status = 200;
	rs->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

/* "/api/v1/persons/{id}" → parameters list for OpenAPI. */
static json_t *path_params(const char *path)
{
	json_t *a = json_array();
	for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		if (!e)
			break;
		json_array_append_new(a, json_pack("{s:s%,s:s,s:b,s:{s:s,s:i}}", "name", p + 1,
						   (size_t)(e - p - 1), "in", "path", "required", 1,
						   "schema", "type", "integer", "minimum", 1));
	}
	return a;
}

static json_t *roles_of(unsigned mask)
{
	json_t *a = json_array();
	for (int i = 0; role_names[i]; i++)
		if (mask & (1u << i))
			json_array_append_new(a, json_string(role_names[i]));
	return a;
}

static json_t *operation(const struct route *r)
{
	json_t *op = json_pack("{s:s,s:o,s:o}", "summary", r->summary, "parameters",
			       path_params(r->path), "x-roles", roles_of(r->roles));
	json_object_set_new(op, "x-personal-data", json_boolean(r->flags & R_PERSONAL));
	json_object_set_new(op, "x-body-limit", json_integer((json_int_t)r->body_limit));
	if (!r->roles)
		json_object_set_new(op, "security", json_array());
	if (r->fields && !(r->flags & R_RAW_BODY)) {
		json_t *props = json_object();
		const char *p = r->fields;
		while (*p) {
			const char *e = strchr(p, ',');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)l, p);
			json_object_set_new(props, name, json_object());
			p += l + (e ? 1 : 0);
		}
		json_object_set_new(op, "requestBody",
				    json_pack("{s:{s:{s:{s:s,s:o,s:b}}}}", "content",
					      "application/json", "schema", "type", "object",
					      "properties", props, "additionalProperties", 0));
	}
	json_object_set_new(op, "responses",
			    json_pack("{s:{s:s},s:{s:s}}", "200", "description", "OK", "4XX",
				      "description",
				      "{\"error\":{\"code\",\"message\",\"field\"}}"));
	return op;
}

void api_openapi(struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *paths = json_object();
	for (size_t i = 0; i < api_route_count; i++) {
		const struct route *r = &api_routes[i];
		json_t *item = json_object_get(paths, r->path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, r->path, item);
		}
		char m[16];
		size_t n = strlen(r->method);
		for (size_t k = 0; k <= n && k < sizeof m; k++)
			m[k] = (char)(r->method[k] >= 'A' && r->method[k] <= 'Z' ? r->method[k] + 32
										 : r->method[k]);
		json_object_set_new(item, m, operation(r));
	}
	json_t *doc = json_pack(
	    "{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:{s:s,s:s,s:s},s:{s:s,s:s}}},s:[{s:[]},{s:[]}]}",
	    "openapi", "3.0.3", "info", "title", "fangkong 镇级疫情防控指挥系统 API", "version",
	    FANGKONG_VERSION, "description",
	    "Session cookie fk_session + X-CSRF-Token header for browsers; Bearer tokens for "
	    "scripts. Errors: {\"error\":{\"code\",\"message\",\"field\"}}.",
	    "paths", paths, "components", "securitySchemes", "cookie", "type", "apiKey", "in",
	    "cookie", "name", "fk_session", "bearer", "type", "http", "scheme", "bearer",
	    "security", "cookie", "bearer");
	resp_json(rs, 200, doc);
}
