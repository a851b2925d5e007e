/*
 * Response and request helpers used by every handler; see http.h.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/msg.h"
#include "http.h"
#include "util/log.h"
#include "util/num.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10))
#define DUMP_DEPTH 64 /* deeper documents go through jansson */

/* Append without a call when it fits: the serialiser appends one or two
 * bytes at a time between strings. */
static inline int put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n < b->cap && b->len + n <= b->max) {
		memcpy(b->s + b->len, p, n);
		b->len += n;
		b->s[b->len] = '\0';
		return 0;
	}
	return buf_add(b, p, n);
}

static inline int putc1(struct buf *b, char c)
{
	return put(b, &c, 1);
}

/* Reals are rare in our answers: jansson formats them, so they stay the same. */
static int dump_real(struct buf *b, const json_t *j)
{
	char *s = json_dumps(j, DUMP_FLAGS);
	int rc = s ? buf_adds(b, s) : -1;
	free(s);
	return rc;
}

/* The compact serialisation json_dumps(j, DUMP_FLAGS) produces — keys in
 * insertion order — without its per-call hashtable (loop detection),
 * per-character callbacks and final copy.  -1 when it cannot (invalid UTF-8,
 * too deep, the cap): the caller then asks jansson. */
static int dump_json(struct buf *b, const json_t *j, int depth)
{
	if (!j || depth > DUMP_DEPTH)
		return -1;
	switch (json_typeof(j)) {
	case JSON_NULL:
		return put(b, "null", 4);
	case JSON_TRUE:
		return put(b, "true", 4);
	case JSON_FALSE:
		return put(b, "false", 5);
	case JSON_INTEGER:
		return buf_add_int(b, json_integer_value(j));
	case JSON_REAL:
		return dump_real(b, j);
	case JSON_STRING:
		return buf_add_json_str(b, json_string_value(j), json_string_length(j));
	case JSON_ARRAY: {
		size_t n = json_array_size(j);
		if (putc1(b, '[') < 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			if ((i && putc1(b, ',') < 0) ||
			    dump_json(b, json_array_get(j, i), depth + 1) < 0)
				return -1;
		return putc1(b, ']');
	}
	case JSON_OBJECT: {
		if (putc1(b, '{') < 0)
			return -1;
		int first = 1;
		for (void *it = json_object_iter((json_t *)j); it;
		     it = json_object_iter_next((json_t *)j, it)) {
			if ((!first && putc1(b, ',') < 0) ||
			    buf_add_json_str(b, json_object_iter_key(it),
					     json_object_iter_key_len(it)) < 0 ||
			    putc1(b, ':') < 0 ||
			    dump_json(b, json_object_iter_value(it), depth + 1) < 0)
				return -1;
			first = 0;
		}
		return putc1(b, '}');
	}
	}
	return -1;
}

void resp_json(struct resp *rs, unsigned status, json_t *j)
{
	rs->status = status;
	rs->ctype = "application/json; charset=utf-8";
	buf_reset(&rs->body);
	buf_grow(&rs->body, 511); /* one allocation for a typical answer */
	if (!j || dump_json(&rs->body, j, 0) < 0) {
		buf_reset(&rs->body);
		char *s = j ? json_dumps(j, DUMP_FLAGS) : NULL;
		buf_adds(&rs->body, s ? s : "null");
		free(s);
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
