/*
 * The HTTP server: libmicrohttpd with an internal thread pool (epoll), and the
 * dispatcher that enforces what each route declares.
 *
 * MHD calls the access handler several times per request: first with the
 * headers (we set up the request context and refuse oversized bodies early),
 * then once per body chunk, then with no data.  The response is queued only
 * on that last call — queuing on the first call makes MHD close keep-alive
 * connections, which cut throughput six times in measurements (DESIGN.md).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/role.h"
#include "http.h"
#include "store/gcommit.h"
#include "util/log.h"
#include "util/num.h"
#include "util/xalloc.h"

#define HEADER_LIMIT 8192
#define COOKIE_NAME "fk_session"

struct ctx {
	struct req rq;
	struct resp rs;
	const struct route *route; /* matched once, with the headers */
	int wrong_method;
	int suspended; /* waiting for deferred work; answer on the next call */
	int too_large;
	int header_too_large;
	struct timespec start;
};

static int is_unsafe(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static void client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)n);
}

static int prefers_english(const char *al)
{
	/* "en", "en-US,en;q=0.9" → English; anything starting with zh or empty → Chinese */
	return al && (al[0] == 'e' || al[0] == 'E') && (al[1] == 'n' || al[1] == 'N');
}

/* A trace id to quote in reports: unique, not secret, so a per-thread
 * splitmix64 sequence seeded once from the system's randomness rather than
 * a getrandom() call per request. */
static void trace_id(char out[17])
{
	static _Thread_local uint64_t state;
	static _Thread_local int seeded;
	if (!seeded) {
		randombytes_buf(&state, sizeof state);
		seeded = 1;
	}
	uint64_t z = (state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	unsigned char t[8];
	memcpy(t, &z, sizeof t);
	sodium_bin2hex(out, 17, t, sizeof t);
}

static struct ctx *ctx_new(struct MHD_Connection *c, const char *url, const char *method)
{
	struct ctx *x = xcalloc(1, sizeof *x);
	clock_gettime(CLOCK_MONOTONIC, &x->start);
	x->rq.method = method;
	x->rq.path = url;
	x->rq.conn = c;
	buf_init(&x->rq.body, 1);
	buf_init(&x->rs.body, 0);
	x->rs.status = 500;
	const union MHD_ConnectionInfo *sc =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (sc && sc->socket_context)
		memcpy(x->rq.addr, sc->socket_context, sizeof x->rq.addr);
	else
		client_addr(c, x->rq.addr, sizeof x->rq.addr);
	trace_id(x->rq.trace);
	x->rq.en =
	    prefers_english(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language"));
	size_t hsize = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &hsize);
	x->header_too_large = hsize > HEADER_LIMIT;
	return x;
}

/* Token from "Authorization: Bearer …" or the session cookie. */
static const char *request_token(struct req *rq, int *bearer)
{
	const char *a = req_header(rq, "Authorization");
	*bearer = 0;
	if (a && strncasecmp(a, "Bearer ", 7) == 0) {
		*bearer = 1;
		return a + 7;
	}
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, COOKIE_NAME);
}

static int authenticate(struct req *rq, struct resp *rs)
{
	int bearer;
	const char *tok = request_token(rq, &bearer);
	if (!tok || !*tok) {
		resp_err(rq, rs, 401, "unauthorized", NULL);
		return -1;
	}
	int rc = session_lookup_cached(rq->db, tok, &rq->sess);
	if (rc == ST_ERR) {
		resp_internal(rq, rs);
		return -1;
	}
	if (rc != ST_OK || (bearer && !rq->sess.is_token)) {
		resp_err(rq, rs, 401, "unauthorized", NULL);
		return -1;
	}
	snprintf(rq->token, sizeof rq->token, "%s", tok);
	rq->authed = 1;
	rq->user = &rq->sess.user;
	rq->actor.user_id = rq->user->id;
	rq->actor.username = rq->user->username;
	rq->actor.role = role_name(rq->user->role);
	if (!(rq->route->roles & rq->user->role)) {
		resp_err(rq, rs, 403, "forbidden", NULL);
		return -1;
	}
	if (is_unsafe(rq->method) && !rq->sess.is_token && !(rq->route->flags & R_NOCSRF)) {
		const char *c = req_header(rq, "X-CSRF-Token");
		if (!c || strlen(c) != strlen(rq->sess.csrf) ||
		    sodium_memcmp(c, rq->sess.csrf, strlen(c)) != 0) {
			resp_err(rq, rs, 403, "csrf", NULL);
			return -1;
		}
	}
	return 0;
}

/* Parse the JSON body and reject fields the route does not declare. */
static int parse_body(struct req *rq, struct resp *rs)
{
	const struct route *r = rq->route;
	if (!r->fields || (r->flags & R_RAW_BODY))
		return 0;
	if (rq->body.len == 0) {
		rq->json = json_object();
		return 0;
	}
	json_error_t e;
	rq->json = json_loadb(rq->body.s, rq->body.len, JSON_REJECT_DUPLICATES, &e);
	if (!rq->json) {
		char m[300];
		snprintf(m, sizeof m,
			 rq->en ? "Invalid JSON at line %d, column %d (byte %d): %s"
				: "请求内容不是有效的 JSON：第 %d 行第 %d 列（第 %d 字节）：%s",
			 e.line, e.column, e.position, e.text);
		resp_err_msg(rs, 400, "bad_json", NULL, m);
		return -1;
	}
	if (!json_is_object(rq->json)) {
		resp_err(rq, rs, 400, "not_json_object", NULL);
		return -1;
	}
	const char *key;
	json_t *v;
	struct buf unknown = BUF_INIT;
	json_object_foreach(rq->json, key, v)
	{
		if (!route_field_ok(r->fields, key, strlen(key)))
			buf_addf(&unknown, "%s%s", unknown.len ? ", " : "", key);
	}
	if (unknown.len) {
		char m[400];
		snprintf(m, sizeof m, rq->en ? "Unknown fields: %s" : "包含不支持的字段：%s",
			 unknown.s);
		json_t *e2 = json_pack("{s:s,s:s,s:s}", "code", "unknown_field", "message", m,
				       "field", unknown.s);
		buf_release(&unknown);
		resp_json(rs, 400, json_pack("{s:o}", "error", e2));
		return -1;
	}
	return 0;
}

static int route_index(const struct route *r)
{
	return r ? (int)(r - api_routes) : -1;
}

static void dispatch(struct ctx *x)
{
	struct req *rq = &x->rq;
	struct resp *rs = &x->rs;
	int wrong = 0;
	rq->actor.addr = rq->addr;
	rq->actor.trace = rq->trace;
	if (x->header_too_large) {
		resp_err(rq, rs, 431, "headers_too_large", NULL);
		return;
	}
	if (strncmp(rq->path, "/api/", 5) != 0 && strcmp(rq->path, "/healthz") != 0 &&
	    strcmp(rq->path, "/metrics") != 0) {
		if ((strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0) &&
		    static_serve(rq, rs) == 0)
			return;
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	rq->route = x->route;
	wrong = x->wrong_method;
	if (!rq->route) {
		resp_err(rq, rs, wrong ? 405 : 404, wrong ? "method_not_allowed" : "not_found",
			 NULL);
		return;
	}
	if (x->too_large) {
		char m[160];
		size_t lim = rq->route->body_limit;
		if (lim >= 1 << 20)
			snprintf(m, sizeof m,
				 rq->en ? "Request body too large (limit %zu MB)"
					: "请求内容过大（上限 %zu MB）",
				 lim >> 20);
		else
			snprintf(m, sizeof m,
				 rq->en ? "Request body too large (limit %zu KB)"
					: "请求内容过大（上限 %zu KB）",
				 lim >> 10 ? lim >> 10 : 1);
		resp_err_msg(rs, 413, "body_too_large", NULL, m);
		return;
	}
	rq->db = db_thread();
	if (!rq->db) {
		resp_internal(rq, rs);
		return;
	}
	if (rq->route->roles && authenticate(rq, rs) < 0)
		return;
	if (parse_body(rq, rs) < 0)
		return;
	rq->route->fn(rq, rs);
}

static const char *security_csp =
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

static enum MHD_Result send_response(struct MHD_Connection *c, struct ctx *x)
{
	struct resp *rs = &x->rs;
	struct MHD_Response *r;
	if (rs->data) {
		r = MHD_create_response_from_buffer(rs->data_len, (void *)rs->data,
						    MHD_RESPMEM_PERSISTENT);
	} else {
		size_t len;
		char *body = buf_take(&rs->body, &len);
		r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	}
	if (!r)
		return MHD_NO;
	if (rs->ctype)
		MHD_add_response_header(r, "Content-Type", rs->ctype);
	MHD_add_response_header(r, "Cache-Control", rs->cache ? rs->cache : "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy", security_csp);
	MHD_add_response_header(r, "X-Trace-Id", x->rq.trace);
	if (rs->etag)
		MHD_add_response_header(r, "ETag", rs->etag);
	if (rs->encoding)
		MHD_add_response_header(r, "Content-Encoding", rs->encoding);
	if (rs->data)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	if (rs->disposition)
		MHD_add_response_header(r, "Content-Disposition", rs->disposition);
	if (rs->set_cookie[0])
		MHD_add_response_header(r, "Set-Cookie", rs->set_cookie);
	if (rs->status == 405) {
		char allow[128];
		router_allow(x->rq.path, allow, sizeof allow);
		MHD_add_response_header(r, "Allow", allow);
	}
	enum MHD_Result ret = MHD_queue_response(c, rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)version;
	struct ctx *x = *con_cls;
	if (!x) {
		x = ctx_new(c, url, method);
		*con_cls = x;
		const struct route *r = router_match(method, url, x->rq.params, &x->wrong_method);
		x->route = r;
		size_t limit = r ? r->body_limit : 0;
		x->rq.body.max = limit ? limit : 1;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		int64_t n;
		if (cl && num_parse(cl, 0, INT64_MAX, &n) == 0 && n > 0 && (size_t)n > limit)
			x->too_large = 1;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!x->too_large && buf_add(&x->rq.body, upload_data, *upload_data_size) < 0) {
			x->too_large = 1;
			buf_release(&x->rq.body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (x->suspended) {
		x->suspended = 0; /* resumed: the deferred work is done */
		x->rq.db = db_thread();
		if (x->rs.defer_finish)
			x->rs.defer_finish(&x->rq, &x->rs, x->rs.defer_arg);
	} else {
		dispatch(x);
		if (x->rs.defer_submit) {
			/* suspend first, then hand the work over: it may finish at once */
			x->suspended = 1;
			MHD_suspend_connection(c);
			x->rs.defer_submit(x->rs.defer_arg);
			return MHD_YES;
		}
	}
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - x->start.tv_sec) * 1e3 +
		    (double)(end.tv_nsec - x->start.tv_nsec) / 1e6;
	metrics_record(route_index(x->rq.route), x->rs.status, ms);
	if (x->rs.status >= 500)
		log_warn("%s %s -> %u trace=%s", method, url, x->rs.status, x->rq.trace);
	return send_response(c, x);
}

/* The client's address, formatted once per connection rather than once per
 * request of a keep-alive connection. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		char *addr = xmalloc(sizeof((struct req *)0)->addr);
		client_addr(c, addr, sizeof((struct req *)0)->addr);
		*socket_context = addr;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		free(*socket_context);
		*socket_context = NULL;
	}
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	struct ctx *x = *con_cls;
	if (!x)
		return;
	buf_release(&x->rq.body);
	buf_release(&x->rs.body);
	json_decref(x->rq.json);
	free(x->rq.owned);
	sodium_memzero(x->rq.token, sizeof x->rq.token);
	free(x);
	*con_cls = NULL;
}

/* Percent-decoding of the path and query (MHD's own), except that text
 * holding "%00" stays undecoded: a NUL would cut it short, and
 * "/api/v1/persons/1%00/reveal" would run as "/api/v1/persons/1".  Left
 * undecoded, such a path matches no route (404). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	if (strstr(s, "%00"))
		return strlen(s);
	return MHD_http_unescape(s);
}

void http_resume(struct req *rq)
{
	MHD_resume_connection(rq->conn);
}

static int parse_listen(const char *s, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	int64_t port;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - s) >= sizeof host ||
	    num_parse(colon + 1, 0, 65535, &port) < 0)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
		return -1;
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

int server_run(const struct server_opts *o)
{
	struct sockaddr_in sa;
	if (parse_listen(o->listen, &sa) < 0) {
		fprintf(stderr, "监听地址无效：%s（应为 IP:端口，如 127.0.0.1:8080）\n", o->listen);
		return 1;
	}
	struct db *db = db_open(o->db_path, 0); /* migrate once before the workers start */
	if (!db)
		return 1;
	db_close(db);
	sigset_t stop_set;
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	signal(SIGPIPE, SIG_IGN);
	db_thread_setup(o->db_path);
	if (gc_start(o->db_path) < 0)
		log_warn("group commit writer did not start: writes commit one by one");
	if (o->web_root)
		static_set_root(o->web_root);
	unsigned threads = o->threads ? o->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	/* Connection memory: libmicrohttpd zeroes a connection's whole pool after
	 * every request, so its size is paid per request.  40 KB holds our 8 KB
	 * header limit (answered 431 by us) and a 30 KB URL with room to spare;
	 * more is refused by libmicrohttpd itself (431/414). */
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
		MHD_ALLOW_SUSPEND_RESUME,
	    0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)(40 * 1024), MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_CONNECTION_LIMIT,
	    4000u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
	    NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL, MHD_OPTION_UNESCAPE_CALLBACK,
	    unescape, NULL, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "无法在 %s 上启动服务：%s\n", o->listen, strerror(errno));
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[64];
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
	printf("fangkong listening on http://%s:%u/\n", host, di ? di->port : ntohs(sa.sin_port));
	fflush(stdout);
	/* the signals were blocked before any thread started, so every thread
	 * inherited the mask and only this one receives them, here */
	int sig = 0;
	while (sigwait(&stop_set, &sig) != 0)
		;
	log_info("shutting down (signal %d)", sig);
	gc_stop(); /* finish queued writes: their connections are resumed */
	MHD_stop_daemon(d);
	return 0;
}
