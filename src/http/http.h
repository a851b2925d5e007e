/*
 * http — requests, responses and the route table shared by the server,
 * the dispatcher and the API handlers.
 *
 * Routes are data (src/api/routes.c): method, path pattern, handler, the
 * roles admitted, flags, the body limit and the JSON fields accepted.  The
 * dispatcher (server.c) checks everything a route declares before its
 * handler runs, so a handler only does its own work:
 *   auth → role → CSRF → body limit → JSON parse → unknown fields → handler.
 * Handlers never fail silently: they always fill the response.
 */
#ifndef FK_HTTP_H
#define FK_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/user.h"
#include "util/buf.h"

struct MHD_Connection;
struct req;
struct resp;

typedef void (*handler_fn)(struct req *rq, struct resp *rs);

enum route_flags {
	R_PERSONAL = 1 << 0, /* touches personal data (documented; audit in store) */
	R_NOCSRF = 1 << 1,   /* unsafe method allowed without CSRF token (login) */
	R_RAW_BODY = 1 << 2, /* body is not JSON (uploads): handler reads rq->body */
};

struct route {
	const char *method;
	const char *path; /* "/api/v1/persons/{id}"; {x} matches a positive integer */
	handler_fn fn;
	unsigned roles;	    /* ROLE_* mask; 0 = no session needed */
	unsigned flags;	    /* enum route_flags */
	size_t body_limit;  /* bytes; 0 = no body accepted */
	const char *fields; /* comma-separated JSON body fields accepted; NULL = none */
	const char *summary;
};

extern const struct route api_routes[];
extern const size_t api_route_count;

#define PATH_PARAMS 3

struct req {
	const char *method;
	const char *path;
	struct MHD_Connection *conn;
	const struct route *route;
	int64_t params[PATH_PARAMS]; /* path parameters in order */
	struct buf body;
	json_t *json; /* parsed object body, or NULL */
	struct session sess;
	int authed;
	const struct user *user; /* &sess.user when authed, else NULL */
	struct actor actor;
	int en; /* Accept-Language prefers English */
	char addr[64];
	char trace[17];
	char token[64]; /* the session token the request came with */
	struct db *db;
	void *owned; /* freed when the request completes (deferred work) */
};

struct resp {
	unsigned status;
	struct buf body;
	const char *ctype;
	char set_cookie[256];
	const char *cache; /* Cache-Control, default "no-store" */
	/* static (persistent) body instead of `body` */
	const void *data;
	size_t data_len;
	const char *etag;
	const char *encoding; /* Content-Encoding */
	const char *disposition;
	/* Deferred answer (group commit): the dispatcher suspends the connection,
	 * then calls defer_submit(defer_arg); whoever completes the work fills
	 * this response and calls http_resume(). */
	void (*defer_submit)(void *arg);
	/* called on the request's own thread once resumed, to build the answer */
	void (*defer_finish)(struct req *rq, struct resp *rs, void *arg);
	void *defer_arg;
};

/* ---- responses ---- */
/* Send `j` (stolen) as JSON with `status`. */
void resp_json(struct resp *rs, unsigned status, json_t *j);
/* Error in the DESIGN.md format; message looked up by code (msg.h) in the
 * request's language. `field` may be NULL. */
void resp_err(struct req *rq, struct resp *rs, unsigned status, const char *code,
	      const char *field);
/* Error with an explicit message. */
void resp_err_msg(struct resp *rs, unsigned status, const char *code, const char *field,
		  const char *message);
/* 500 after a store error (logged with the trace id). */
void resp_internal(struct req *rq, struct resp *rs);

/* ---- request helpers ---- */
const char *req_header(struct req *rq, const char *name);
/* Query argument or NULL (empty string counts as absent). */
const char *req_query(struct req *rq, const char *key);
/* Integer query argument in [min,max]; absent → dflt.  On a bad value sends
 * 400 and returns -1. */
int req_query_int(struct req *rq, struct resp *rs, const char *key, int64_t min, int64_t max,
		  int64_t dflt, int64_t *out);
/* page (≥1) and per_page (1..max, default 20).  -1 after sending 400. */
int req_page(struct req *rq, struct resp *rs, int64_t *page, int64_t *per_page);
/* JSON body string field; NULL if absent or null.  -1/400 if not a string. */
int req_str(struct req *rq, struct resp *rs, const char *key, const char **out);
/* JSON body integer field; absent → 0 with *present=0. -1/400 if not integer. */
int req_int(struct req *rq, struct resp *rs, const char *key, int64_t *out, int *present);
int req_has(struct req *rq, const char *key);

/* ---- routing ---- */
/* Find the route for method+path.  Returns NULL and sets *wrong_method when
 * the path exists for other methods.  Fills params. */
const struct route *router_match(const char *method, const char *path, int64_t *params,
				 int *wrong_method);
/* The allowed methods of a path for the Allow header ("GET, POST"). */
void router_allow(const char *path, char *out, size_t outsz);
/* 1 if `field` is listed in the comma-separated `fields`. */
int route_field_ok(const char *fields, const char *field, size_t len);

/* Wake a connection suspended by a deferred response (any thread). */
void http_resume(struct req *rq);

/* ---- server ---- */
struct server_opts {
	const char *db_path;
	const char *listen;   /* "127.0.0.1:8080" */
	const char *web_root; /* serve web/ from disk (development) */
	unsigned threads;
};
/* Run until SIGINT/SIGTERM.  Prints the URL on stdout once listening. */
int server_run(const struct server_opts *o);

/* ---- static assets (assets.c) ---- */
void static_set_root(const char *dir);
/* Serve GET/HEAD of a web path; 0 if handled (rs filled), -1 if not found. */
int static_serve(struct req *rq, struct resp *rs);

/* ---- metrics ---- */
void metrics_record(int route_index, unsigned status, double ms);
void metrics_render(struct db *db, struct buf *out);

#endif
