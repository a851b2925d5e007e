/*
 * Response and request helpers used by every handler; see http.h.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "core/msg.h"
#include "http.h"
#include "util/log.h"
#include "util/num.h"

void resp_json(struct resp *rs, unsigned status, json_t *j)
{
	rs->status = status;
	rs->ctype = "application/json; charset=utf-8";
	buf_reset(&rs->body);
	char *s =
	    j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10)) : NULL;
	if (s) {
		buf_adds(&rs->body, s);
		free(s);
	} else {
		buf_adds(&rs->body, "null");
	}
	json_decref(j);
}

void resp_err_msg(struct resp *rs, unsigned status, const char *code, const char *field,
		  const char *message)
{
	json_t *e = json_pack("{s:s,s:s}", "code", code, "message", message);
	if (field)
		json_object_set_new(e, "field", json_string(field));
	resp_json(rs, status, json_pack("{s:o}", "error", e));
}

void resp_err(struct req *rq, struct resp *rs, unsigned status, const char *code, const char *field)
{
	resp_err_msg(rs, status, code, field, msg_get(code, rq->en));
}

void resp_internal(struct req *rq, struct resp *rs)
{
	log_error("internal error on %s %s trace=%s", rq->method, rq->path, rq->trace);
	resp_err(rq, rs, 500, "internal", NULL);
}

const char *req_header(struct req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *rq, const char *key)
{
	const char *v = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, key);
	return v && *v ? v : NULL;
}

int req_query_int(struct req *rq, struct resp *rs, const char *key, int64_t min, int64_t max,
		  int64_t dflt, int64_t *out)
{
	const char *v = req_query(rq, key);
	if (!v) {
		*out = dflt;
		return 0;
	}
	if (num_parse(v, min, max, out) < 0) {
		char m[160];
		snprintf(m, sizeof m, rq->en ? "Invalid query parameter %s" : "查询参数 %s 无效",
			 key);
		resp_err_msg(rs, 400, "bad_query", key, m);
		return -1;
	}
	return 0;
}

int req_page(struct req *rq, struct resp *rs, int64_t *page, int64_t *per_page)
{
	if (req_query_int(rq, rs, "page", 1, 1000000, 1, page) < 0 ||
	    req_query_int(rq, rs, "per_page", 1, 500, 20, per_page) < 0)
		return -1;
	return 0;
}

int req_has(struct req *rq, const char *key)
{
	return rq->json && json_object_get(rq->json, key) != NULL;
}

int req_str(struct req *rq, struct resp *rs, const char *key, const char **out)
{
	json_t *v = rq->json ? json_object_get(rq->json, key) : NULL;
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		resp_err(rq, rs, 400, "type_string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

int req_int(struct req *rq, struct resp *rs, const char *key, int64_t *out, int *present)
{
	json_t *v = rq->json ? json_object_get(rq->json, key) : NULL;
	*out = 0;
	if (present)
		*present = v != NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v)) {
		resp_err(rq, rs, 400, "type_integer", key);
		return -1;
	}
	*out = json_integer_value(v);
	return 0;
}
