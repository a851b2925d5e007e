/*
 * Joint road checkpoints API: checkpoints, shifts and sign-in/out, the
 * one-screen screening entry (idempotent by client id), lookup flags while
 * typing, counts, flagged areas and sightings of persons who should be home.
 * A checkpoint user works at the checkpoint they are bound to and sees only
 * lookup flags, never the registry.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "app/cpimport.h"
#include "core/date.h"
#include "core/idcard.h"
#include "core/msg.h"
#include "core/obs.h"
#include "core/phone.h"
#include "core/plate.h"
#include "core/screen.h"
#include "core/role.h"
#include "core/text.h"
#include "store/checkpoint.h"
#include "store/obs.h"
#include "store/person.h"
#include "store/village.h"
#include "store/gcommit.h"
#include "util/clock.h"
#include "util/xalloc.h"

static void fail(struct req *rq, struct resp *rs, unsigned status, const char *code,
		 const char *field, const char *zh, const char *en)
{
	(void)rq;
	resp_err_msg(rs, status, code, field, rq->en ? en : zh);
}

/* ---- checkpoints ---- */

void api_cp_list(struct req *rq, struct resp *rs)
{
	json_t *a = cp_list(rq->db, clock_now());
	if (!a) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200,
		  json_pack("{s:o,s:I}", "items", a, "total", (json_int_t)json_array_size(a)));
}

static void cp_write(struct req *rq, struct resp *rs, struct checkpoint *c, unsigned ok)
{
	const char *name, *loc, *type;
	json_t *active = json_object_get(rq->json, "active");
	if (req_str(rq, rs, "name", &name) < 0 || req_str(rq, rs, "location", &loc) < 0 ||
	    req_str(rq, rs, "type", &type) < 0)
		return;
	if (name)
		text_normalize(name, strlen(name), c->name, sizeof c->name);
	if (loc)
		text_normalize(loc, strlen(loc), c->location, sizeof c->location);
	if (type)
		snprintf(c->type, sizeof c->type, "%s", type);
	if (active)
		c->active = json_is_true(active);
	if (!c->name[0]) {
		resp_err(rq, rs, 422, "name_required", "name");
		return;
	}
	int rc = cp_save(rq->db, &rq->actor, c);
	if (rc == ST_INVALID) {
		fail(rq, rs, 422, "cp_type", "type",
		     "类型须为 公路卡口、高速出口、火车站、客运站 或 其他",
		     "Unknown checkpoint type");
		return;
	}
	if (rc == ST_CONFLICT) {
		fail(rq, rs, 409, "cp_exists", "name", "检疫点名称已存在",
		     "A checkpoint with this name exists");
		return;
	}
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	resp_json(rs, ok,
		  json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)c->id, "name", c->name,
			    "location", c->location, "type", c->type, "active", c->active));
}

void api_cp_create(struct req *rq, struct resp *rs)
{
	struct checkpoint c = {0};
	c.active = 1;
	snprintf(c.type, sizeof c.type, "公路卡口");
	cp_write(rq, rs, &c, 201);
}

void api_cp_update(struct req *rq, struct resp *rs)
{
	struct checkpoint c;
	if (cp_get(rq->db, rq->params[0], &c) != ST_OK) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	cp_write(rq, rs, &c, 200);
}

/* ---- shifts ---- */

static int read_time(struct req *rq, struct resp *rs, const char *key, int64_t *t, int required)
{
	json_t *v = json_object_get(rq->json, key);
	*t = clock_now();
	if (!v || json_is_null(v)) {
		if (required) {
			resp_err(rq, rs, 422, "time", key);
			return -1;
		}
		return 0;
	}
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		*t = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && date_parse_local_time(json_string_value(v), t) == 0)
		return 0;
	resp_err(rq, rs, 422, "time", key);
	return -1;
}

void api_shifts_create(struct req *rq, struct resp *rs)
{
	int64_t cp, starts, ends, id;
	const char *note;
	json_t *staff = json_object_get(rq->json, "staff");
	if (req_int(rq, rs, "checkpoint_id", &cp, NULL) < 0 || req_str(rq, rs, "note", &note) < 0 ||
	    read_time(rq, rs, "starts_at", &starts, 1) < 0 ||
	    read_time(rq, rs, "ends_at", &ends, 1) < 0)
		return;
	struct checkpoint c;
	if (cp_get(rq->db, cp, &c) != ST_OK) {
		fail(rq, rs, 422, "checkpoint", "checkpoint_id", "检疫点不存在",
		     "Unknown checkpoint");
		return;
	}
	if (ends <= starts || ends - starts > 24 * 3600) {
		fail(rq, rs, 422, "shift_times", "ends_at",
		     "班次须在开始之后结束，且不超过 24 小时",
		     "A shift ends after it starts, within 24 hours");
		return;
	}
	if (staff && (!json_is_array(staff) || json_array_size(staff) > 50)) {
		resp_err(rq, rs, 422, "invalid", "staff");
		return;
	}
	json_t *empty = json_array();
	int rc =
	    shift_create(rq->db, &rq->actor, cp, starts, ends, note, staff ? staff : empty, &id);
	json_decref(empty);
	if (rc == ST_INVALID) {
		resp_err(rq, rs, 422, "invalid", "staff");
		return;
	}
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	json_t *l = shift_list(rq->db, cp, starts, ends);
	json_t *o = NULL;
	size_t i;
	json_t *s;
	json_array_foreach(l, i, s) if (json_integer_value(json_object_get(s, "id")) == id) o =
	    json_incref(s);
	json_decref(l);
	resp_json(rs, 201, o ? o : json_pack("{s:I}", "id", (json_int_t)id));
}

void api_shifts_list(struct req *rq, struct resp *rs)
{
	int64_t cp, from, to;
	if (req_query_int(rq, rs, "checkpoint", 1, INT64_MAX, 0, &cp) < 0 ||
	    req_query_int(rq, rs, "from", 0, INT64_MAX, clock_now() - 14 * 86400, &from) < 0 ||
	    req_query_int(rq, rs, "to", 0, INT64_MAX, clock_now() + 7 * 86400, &to) < 0)
		return;
	if (rq->user->role == ROLE_CHECKPOINT)
		cp = rq->user->checkpoint_id ? rq->user->checkpoint_id : -1;
	json_t *a = shift_list(rq->db, cp, from, to);
	if (!a) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200,
		  json_pack("{s:o,s:I}", "items", a, "total", (json_int_t)json_array_size(a)));
}

static void sign(struct req *rq, struct resp *rs, int in)
{
	const char *handover, *why;
	if (req_str(rq, rs, "handover", &handover) < 0)
		return;
	int rc = shift_sign(rq->db, &rq->actor, rq->params[0], rq->user->id, rq->user->name, in,
			    handover, clock_now(), &why);
	if (rc == ST_INVALID) {
		const char *zh = !strcmp(why, "shift_signed_in")       ? "已签到过"
				 : !strcmp(why, "shift_not_signed_in") ? "尚未签到或已签退"
								       : "您不在该班次";
		fail(rq, rs, 409, why, NULL, zh, "Not possible in this order");
		return;
	}
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	resp_json(rs, 200, json_pack("{s:b}", "ok", 1));
}

void api_shifts_signin(struct req *rq, struct resp *rs)
{
	sign(rq, rs, 1);
}

void api_shifts_signout(struct req *rq, struct resp *rs)
{
	sign(rq, rs, 0);
}

void api_shifts_hours(struct req *rq, struct resp *rs)
{
	const char *f = req_query(rq, "from"), *t = req_query(rq, "to");
	int from = date_add(clock_today(), -6), to = clock_today();
	if ((f && date_parse(f, &from) < 0) || (t && date_parse(t, &to) < 0) || to < from ||
	    date_diff(from, to) > 62) {
		resp_err(rq, rs, 400, "date", f ? "from" : "to");
		return;
	}
	json_t *a = shift_hours(rq->db, from, to, clock_now());
	if (!a) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, json_pack("{s:o}", "items", a));
}

/* ---- screenings ---- */

static int client_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 8 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	return 1;
}

/* Free text of a screening is short: -1 after replying when `s` has more
 * than max characters. */
static int text_cap(struct req *rq, struct resp *rs, const char *field, const char *s, size_t max)
{
	char zh[64], en[64];
	if (!s || text_utf8_chars(s, strlen(s)) <= max)
		return 0;
	snprintf(zh, sizeof zh, "内容过长（最多 %zu 字）", max);
	snprintf(en, sizeof en, "Too long (at most %zu characters)", max);
	resp_err_msg(rs, 422, "too_long", field, rq->en ? en : zh);
	return -1;
}

/* One person of a screening from JSON. -1 after replying. */
static int read_screened(struct req *rq, struct resp *rs, json_t *j, struct screen_person *p,
			 char *phone_buf, char *doc_buf, const struct obs_rules *r)
{
	json_t *t = json_object_get(j, "temp");
	double temp = json_is_number(t) ? json_number_value(t) : NAN;
	if (json_is_string(t)) {
		char *end;
		temp = strtod(json_string_value(t), &end);
		if (*end)
			temp = NAN;
	}
	if (!isfinite(temp) || temp < 0 || temp > 100) {
		resp_err(rq, rs, 422, isfinite(temp) ? "temp_range" : "temp_invalid", "temp");
		return -1;
	}
	p->temp = (int)lround(temp * 10);
	const char *m = json_string_value(json_object_get(j, "method"));
	p->method = m ? obs_method_from_name(m) : METHOD_FOREHEAD;
	p->name = json_string_value(json_object_get(j, "name"));
	p->result = json_string_value(json_object_get(j, "result"));
	p->note = json_string_value(json_object_get(j, "note"));
	p->hospital = json_string_value(json_object_get(j, "hospital"));
	p->transport = json_string_value(json_object_get(j, "transport"));
	p->doc_number = json_string_value(json_object_get(j, "doc_number"));
	p->phone = json_string_value(json_object_get(j, "phone"));
	if (text_cap(rq, rs, "name", p->name, 50) < 0 ||
	    text_cap(rq, rs, "note", p->note, 200) < 0 ||
	    text_cap(rq, rs, "hospital", p->hospital, 100) < 0 ||
	    text_cap(rq, rs, "transport", p->transport, 50) < 0)
		return -1;
	const char *field, *message;
	const char *bad =
	    screen_person_check(p, r, clock_today(), rq->en, doc_buf, phone_buf, &field, &message);
	if (bad) {
		resp_err_msg(rs, 422, bad, field, message ? message : msg_get(bad, rq->en));
		return -1;
	}
	json_t *ask = json_object_get(j, "start_observation");
	if (ask && !json_is_boolean(ask)) {
		resp_err(rq, rs, 422, "invalid", "start_observation");
		return -1;
	}
	p->start_obs = screen_starts_obs(p, json_is_true(ask));
	json_t *left = json_object_get(j, "referred_at");
	if (left && !json_is_null(left)) {
		if (!json_is_integer(left) || json_integer_value(left) <= 0 ||
		    json_integer_value(left) > clock_now() + 300) {
			fail(rq, rs, 422, "referred_at", "referred_at", "转诊时间无效",
			     "Invalid referral time");
			return -1;
		}
		p->referred_at = json_integer_value(left);
	}
	if (p->start_obs) { /* registered in the write if not known: checked now */
		struct person reg;
		struct person_err err;
		if (screen_registry(p, "", clock_today(), rq->en, &reg, &err) < 0) {
			resp_err_msg(rs, 422, err.code, err.field,
				     err.message ? err.message : msg_get(err.code, rq->en));
			return -1;
		}
	}
	return 0;
}

#define SCREEN_MAX_AGE (7 * 86400) /* paper records entered late */

static int same_text(json_t *stored, const char *s)
{
	const char *v = json_string_value(stored);
	return !strcmp(v ? v : "", s ? s : "");
}

/* A retry carries the same content as the stored record; a replayed client
 * id with something else is refused (the first one stands).  The time is
 * compared only when the retry states it. */
static int same_screening(json_t *o, const struct screening *s, int at_given)
{
	json_t *persons = json_object_get(o, "persons");
	if (json_integer_value(json_object_get(o, "checkpoint_id")) != s->checkpoint_id ||
	    (at_given && json_integer_value(json_object_get(o, "at")) != s->at) ||
	    !same_text(json_object_get(o, "plate"), s->plate) ||
	    !same_text(json_object_get(o, "vehicle_type"), s->vehicle_type) ||
	    json_array_size(persons) != (size_t)s->n)
		return 0;
	for (int i = 0; i < s->n; i++) {
		json_t *p = json_array_get(persons, (size_t)i);
		if (json_integer_value(json_object_get(p, "temp")) != s->p[i].temp ||
		    !same_text(json_object_get(p, "result"), s->p[i].result) ||
		    !same_text(json_object_get(p, "doc_number"), s->p[i].doc_number) ||
		    !same_text(json_object_get(p, "phone"), s->p[i].phone))
			return 0;
	}
	return 1;
}

struct screen_job {
	struct screening s;
	char phones[SCREEN_MAX_PERSONS][32], docs[SCREEN_MAX_PERSONS][40];
	char cp_name[128];
	struct req *rq;
	struct resp *rs;
	int64_t id;
	int existed, sightings, at_given, rc;
};

static int job_apply(struct db *db, void *arg)
{
	struct screen_job *j = arg;
	/* it may run a second time (gc_apply_fn): what screening_insert fills
	 * in (a person registered, an observation started in a batch that was
	 * rolled back) is cleared to the request's values first */
	j->s.flagged = 0;
	j->s.shift_id = 0;
	for (int i = 0; i < j->s.n; i++) {
		j->s.p[i].person_id = 0;
		j->s.p[i].observation_id = 0;
	}
	return screening_insert(db, &j->rq->actor, &j->s, &j->id, &j->existed, &j->sightings);
}

/* After the commit (writer thread): note the outcome, wake the connection. */
static void job_done(struct db *db, void *arg, int rc)
{
	struct screen_job *j = arg;
	(void)db;
	j->rc = rc;
	http_resume(j->rq);
}

/* ,"key": */
static void put_key(struct buf *b, const char *key)
{
	if (b->len && b->s[b->len - 1] != '{')
		buf_addch(b, ',');
	buf_addch(b, '"');
	buf_adds(b, key);
	buf_add(b, "\":", 2);
}

static void put_int(struct buf *b, const char *key, int64_t v)
{
	put_key(b, key);
	buf_add_int(b, v);
}

static void put_id(struct buf *b, const char *key, int64_t id)
{
	if (id) {
		put_int(b, key, id);
		return;
	}
	put_key(b, key);
	buf_add(b, "null", 4);
}

/* A string; with `null_if_empty`, NULL or "" as null (db_bind_text_null). */
static int put_str(struct buf *b, const char *key, const char *s, int null_if_empty)
{
	put_key(b, key);
	if (null_if_empty && (!s || !*s))
		return buf_add(b, "null", 4);
	return buf_add_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

/* The answer to a new entry exactly as screening_get() reads it back and
 * resp_json() writes it — the same keys in the same order, each value as
 * insert_person() stored it — written from what was inserted: reading it
 * back with its persons as JSON text, then the jansson objects, were a
 * sixth of an entry's instructions (callgrind).  -1 when a person has a
 * fever or an observation (their alert, observation and site are read
 * back), or on text that is not UTF-8. */
static int fresh_answer(const struct screen_job *j, struct buf *b)
{
	const struct screening *s = &j->s;
	int bad = 0;
	for (int i = 0; i < s->n; i++)
		if (s->p[i].fever || s->p[i].observation_id)
			return -1;
	buf_reset(b);
	buf_addch(b, '{');
	put_int(b, "id", j->id);
	bad |= put_str(b, "client_id", s->client_id, 0);
	put_int(b, "checkpoint_id", s->checkpoint_id);
	bad |= put_str(b, "checkpoint_name", j->cp_name, 0);
	put_id(b, "shift_id", s->shift_id);
	put_int(b, "at", s->at);
	bad |= put_str(b, "plate", s->plate, 0);
	bad |= put_str(b, "vehicle_type", s->vehicle_type, 0);
	bad |= put_str(b, "origin", s->origin, 0);
	put_int(b, "flagged", s->flagged);
	bad |= put_str(b, "destination", s->destination, 0);
	put_id(b, "village_id", s->village_id);
	put_key(b, "persons");
	buf_addch(b, '[');
	for (int i = 0; i < s->n; i++) {
		const struct screen_person *p = &s->p[i];
		buf_adds(b, i ? ",{" : "{");
		put_int(b, "temp", p->temp);
		bad |= put_str(b, "method", obs_method_name(p->method), 0);
		put_int(b, "fever", p->fever);
		bad |= put_str(b, "name", p->name, 0);
		bad |= put_str(b, "doc_number", p->doc_number, 1);
		bad |= put_str(b, "phone", p->phone, 1);
		bad |= put_str(b, "result", p->result, 0);
		bad |= put_str(b, "note", p->note, 0);
		bad |= put_str(b, "hospital", p->hospital, 1);
		bad |= put_str(b, "transport", p->transport, 1);
		put_id(b, "observation_id", 0);
		put_id(b, "observation_site", 0);
		put_id(b, "alert_id", 0); /* alerts are for fevers */
		buf_addch(b, '}');
	}
	buf_addch(b, ']');
	put_int(b, "fevers", 0);
	buf_adds(b, ",\"duplicate\":false");
	put_int(b, "sightings", j->sightings);
	buf_addch(b, '}');
	return bad ? -1 : 0;
}

/* Back on the request's thread: the answer. */
static void job_finish(struct req *rq, struct resp *rs, void *arg)
{
	struct screen_job *j = arg;
	if (j->rc == ST_OK && !j->existed && fresh_answer(j, &rs->body) == 0) {
		rs->status = 201;
		rs->ctype = "application/json; charset=utf-8";
		return;
	}
	json_t *o = j->rc == ST_OK && rq->db ? screening_get(rq->db, j->id) : NULL;
	if (!o) {
		resp_internal(rq, rs);
	} else if (j->existed && !same_screening(o, &j->s, j->at_given)) {
		json_decref(o);
		resp_err_msg(rs, 409, "client_id_reused", "client_id",
			     rq->en ? "This record id was already used for another screening"
				    : "该记录编号已用于另一条不同的检测记录，原记录保留");
	} else {
		json_object_set_new(o, "duplicate", json_boolean(j->existed));
		json_object_set_new(o, "sightings", json_integer(j->sightings));
		resp_json(rs, j->existed ? 200 : 201, o);
	}
}

static void job_submit(void *arg)
{
	struct screen_job *j = arg;
	if (gc_submit(job_apply, job_done, j) == 0)
		return;
	/* no writer thread (shutting down): commit on this thread */
	struct db *db = db_thread();
	int rc = db ? screening_add(db, &j->rq->actor, &j->s, &j->id, &j->existed, &j->sightings)
		    : ST_ERR;
	job_done(db, j, rc);
}

void api_screenings_create(struct req *rq, struct resp *rs)
{
	struct screen_job *job = xcalloc(1, sizeof *job);
	struct screening *sp = &job->s;
	const char *plate, *vtype, *origin, *dest;
	int64_t cp;
	rq->owned = job; /* lives until the request completes */
	if (req_str(rq, rs, "client_id", &sp->client_id) < 0 ||
	    req_str(rq, rs, "plate", &plate) < 0 || req_str(rq, rs, "vehicle_type", &vtype) < 0 ||
	    req_str(rq, rs, "origin", &origin) < 0 || req_str(rq, rs, "destination", &dest) < 0 ||
	    req_int(rq, rs, "checkpoint_id", &cp, NULL) < 0 ||
	    req_int(rq, rs, "village_id", &sp->village_id, NULL) < 0 ||
	    read_time(rq, rs, "at", &sp->at, 0) < 0)
		return;
	if (!client_id_ok(sp->client_id)) {
		fail(rq, rs, 422, "client_id", "client_id", "缺少有效的记录编号（client_id）",
		     "A client id (8–64 letters, digits, - or _) is required");
		return;
	}
	if (rq->user->role == ROLE_CHECKPOINT) {
		if (!rq->user->checkpoint_id) {
			fail(rq, rs, 403, "no_checkpoint", NULL,
			     "您的账号未绑定检疫点，请联系管理员",
			     "Your account is not bound to a checkpoint");
			return;
		}
		cp = rq->user->checkpoint_id;
	}
	struct checkpoint c;
	if (!cp || cp_get(rq->db, cp, &c) != ST_OK) {
		fail(rq, rs, 422, "checkpoint", "checkpoint_id", "检疫点不存在",
		     "Unknown checkpoint");
		return;
	}
	sp->checkpoint_id = cp;
	sp->live = 1;
	snprintf(job->cp_name, sizeof job->cp_name, "%s", c.name);
	sp->checkpoint_name = job->cp_name;
	if (sp->at > clock_now() + 300) {
		resp_err(rq, rs, 422, "check_future", "at");
		return;
	}
	if (sp->at < clock_now() - SCREEN_MAX_AGE) {
		fail(rq, rs, 422, "screening_too_old", "at", "只能补录 7 天内的检测记录",
		     "Only screenings of the last 7 days can be entered");
		return;
	}
	sp->vehicle_type = vtype ? vtype : "小客车";
	int pedestrian = !strcmp(sp->vehicle_type, "行人");
	if (!pedestrian && plate_parse(plate ? plate : "", plate ? strlen(plate) : 0, sp->plate,
				       sizeof sp->plate) == PLATE_INVALID) {
		fail(rq, rs, 422, "plate", "plate",
		     "车牌号格式错误（省份简称 + 字母 + 5 位，新能源 6 位；或填“无车牌”）",
		     "Invalid plate");
		return;
	}
	sp->origin = origin ? origin : "";
	sp->destination = dest ? dest : "";
	if (text_cap(rq, rs, "vehicle_type", sp->vehicle_type, 16) < 0 ||
	    text_cap(rq, rs, "origin", sp->origin, 64) < 0 ||
	    text_cap(rq, rs, "destination", sp->destination, 64) < 0)
		return;
	struct village v;
	if (sp->village_id && village_get(rq->db, sp->village_id, &v) != ST_OK) {
		fail(rq, rs, 422, "village", "village_id", "目的地村居不存在", "Unknown village");
		return;
	}
	json_t *persons = json_object_get(rq->json, "persons");
	if (!json_is_array(persons) || !json_array_size(persons) ||
	    json_array_size(persons) > SCREEN_MAX_PERSONS) {
		fail(rq, rs, 422, "persons", "persons", "至少登记一人的体温",
		     "Screen at least one person");
		return;
	}
	struct obs_rules r;
	if (obs_rules_for(rq->db, clock_today(), &r) != ST_OK)
		obs_rules_default(&r);
	size_t i;
	json_t *pj;
	json_array_foreach(persons, i, pj)
	{
		if (!json_is_object(pj) ||
		    read_screened(rq, rs, pj, &sp->p[i], job->phones[i], job->docs[i], &r) < 0) {
			if (!json_is_object(pj))
				resp_err(rq, rs, 422, "invalid", "persons");
			return;
		}
	}
	sp->n = (int)json_array_size(persons);
	/* durable before acknowledged: queued for the group commit */
	job->rq = rq;
	job->rs = rs;
	job->at_given = json_object_get(rq->json, "at") != NULL;
	rs->defer_submit = job_submit;
	rs->defer_finish = job_finish;
	rs->defer_arg = job;
}

/* GET /screenings: a calendar day (?date=, today by default), or a span
 * of time ?from=&to= (epoch seconds, at most 31 days; to defaults to an
 * hour from now) such as the last 24 hours, which crosses midnight as a
 * night shift does. */
void api_screenings_list(struct req *rq, struct resp *rs)
{
	int64_t cp, page, per_page, from, to;
	const char *d = req_query(rq, "date");
	int date = clock_today();
	if (req_page(rq, rs, &page, &per_page) < 0 ||
	    req_query_int(rq, rs, "checkpoint", 1, INT64_MAX, 0, &cp) < 0 ||
	    req_query_int(rq, rs, "from", 1, INT64_MAX, 0, &from) < 0 ||
	    req_query_int(rq, rs, "to", 1, INT64_MAX, 0, &to) < 0)
		return;
	if (d && date_parse(d, &date) < 0) {
		resp_err(rq, rs, 400, "date", "date");
		return;
	}
	if (rq->user->role == ROLE_CHECKPOINT)
		cp = rq->user->checkpoint_id ? rq->user->checkpoint_id : -1;
	if (!from) {
		from = date_local_time(date, 0);
		to = from + 86400;
	} else {
		if (!to)
			to = clock_now() + 3600;
		if (to <= from || to - from > 31 * 86400) {
			fail(rq, rs, 400, "range", "to",
			     "时间范围无效（开始须早于结束，最长 31 天）",
			     "Invalid time range (from before to, at most 31 days)");
			return;
		}
	}
	json_t *o = screening_list(rq->db, cp, from, to, page, per_page);
	if (!o) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, o);
}

void api_cp_lookup(struct req *rq, struct resp *rs)
{
	const char *doc = req_query(rq, "doc"), *phone = req_query(rq, "phone");
	const char *plate = req_query(rq, "plate");
	char d[64] = "", p[32] = "", pl[32] = "";
	if (doc) {
		text_normalize(doc, strlen(doc), d, sizeof d);
		text_strip_spaces(d);
		for (char *c = d; *c; c++)
			*c = (char)toupper((unsigned char)*c);
	}
	if (phone)
		phone_normalize(phone, strlen(phone), p, sizeof p);
	if (plate)
		plate_parse(plate, strlen(plate), pl, sizeof pl);
	json_t *o = cp_lookup(rq->db, d[0] ? d : NULL, p[0] ? p : NULL, pl[0] ? pl : NULL);
	if (!o) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, o);
}

void api_cp_stats(struct req *rq, struct resp *rs)
{
	const char *d = req_query(rq, "date");
	int date = clock_today();
	if (d && date_parse(d, &date) < 0) {
		resp_err(rq, rs, 400, "date", "date");
		return;
	}
	json_t *o = cp_stats(rq->db, date);
	if (!o) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, o);
}

void api_flagged_list(struct req *rq, struct resp *rs)
{
	json_t *a = flagged_list(rq->db);
	if (!a) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, json_pack("{s:o}", "items", a));
}

void api_flagged_set(struct req *rq, struct resp *rs)
{
	const char *name;
	json_t *active = json_object_get(rq->json, "active");
	char n[128];
	if (req_str(rq, rs, "name", &name) < 0)
		return;
	if (!name || !*name) {
		resp_err(rq, rs, 422, "name_required", "name");
		return;
	}
	text_normalize(name, strlen(name), n, sizeof n);
	if (flagged_set(rq->db, &rq->actor, n, active ? json_is_true(active) : 1) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	api_flagged_list(rq, rs);
}

void api_sightings_list(struct req *rq, struct resp *rs)
{
	const char *all = req_query(rq, "all");
	json_t *a = sighting_list(rq->db, api_scope_village(rq), !all);
	if (!a) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200,
		  json_pack("{s:o,s:I}", "items", a, "total", (json_int_t)json_array_size(a)));
}

void api_sightings_ack(struct req *rq, struct resp *rs)
{
	int rc = sighting_ack(rq->db, &rq->actor, rq->params[0], api_scope_village(rq));
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	resp_json(rs, 200, json_pack("{s:b}", "ok", 1));
}

void api_screenings_import(struct req *rq, struct resp *rs)
{
	int64_t cp;
	struct checkpoint c;
	if (req_query_int(rq, rs, "checkpoint_id", 1, INT64_MAX, 0, &cp) < 0)
		return;
	if (rq->user->role == ROLE_CHECKPOINT)
		cp = rq->user->checkpoint_id;
	if (!cp || cp_get(rq->db, cp, &c) != ST_OK) {
		resp_err_msg(rs, 422, "checkpoint", "checkpoint_id",
			     rq->en ? "Unknown checkpoint" : "检疫点不存在");
		return;
	}
	if (!rq->body.len) {
		resp_err_msg(rs, 422, "empty", NULL, rq->en ? "The file is empty" : "文件为空");
		return;
	}
	const char *partial = req_query(rq, "accept_partial");
	struct cpimport_result r;
	struct sheet_error err = {0};
	int rc = cpimport_run(rq->db, &rq->actor, rq->body.s, rq->body.len, cp,
			      partial && !strcmp(partial, "1"), rq->en, &r, &err);
	if (rc == -1) {
		resp_err_msg(
		    rs, !strcmp(err.code, "too_large") || !strcmp(err.code, "zip_bomb") ? 413 : 422,
		    err.code, NULL, err.message);
	} else if (rc < 0) {
		resp_internal(rq, rs);
	} else {
		json_t *o =
		    json_pack("{s:I,s:I,s:I,s:I,s:O}", "rows", (json_int_t)r.rows, "imported",
			      (json_int_t)r.imported, "already", (json_int_t)r.already, "rejected",
			      (json_int_t)r.rejected, "problems", r.problems);
		if (r.rejected && !(partial && !strcmp(partial, "1"))) {
			json_object_set_new(o, "code", json_string("rows_rejected"));
			json_object_set_new(
			    o, "message",
			    json_string(rq->en ? "Some rows are invalid: nothing was imported"
					       : "部分行有错误，本次未导入任何数据；修正后重试，或"
						 "选择只导入正确的行"));
			resp_json(rs, 422, json_pack("{s:o}", "error", o));
		} else {
			resp_json(rs, 201, o);
		}
	}
	json_decref(r.problems);
}

/* Checkpoint fevers: a checkpoint user sees their checkpoint's, a village
 * worker their village's persons', the office everything. */
static struct cp_alert_scope alert_scope(struct req *rq)
{
	struct cp_alert_scope sc = {0, api_scope_village(rq)};
	if (rq->user->role == ROLE_CHECKPOINT)
		sc.checkpoint = rq->user->checkpoint_id ? rq->user->checkpoint_id : -1;
	return sc;
}

void api_cp_alerts_list(struct req *rq, struct resp *rs)
{
	const char *all = req_query(rq, "all");
	struct cp_alert_scope sc = alert_scope(rq);
	json_t *o = cp_alert_list(rq->db, &sc, !(all && !strcmp(all, "1")));
	if (!o) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, o);
}

void api_cp_alerts_ack(struct req *rq, struct resp *rs)
{
	const char *note;
	if (req_str(rq, rs, "note", &note) < 0 || text_cap(rq, rs, "note", note, 200) < 0)
		return;
	struct cp_alert_scope sc = alert_scope(rq);
	int rc = cp_alert_ack(rq->db, &rq->actor, rq->params[0], &sc, note);
	if (rc == ST_NOTFOUND) {
		fail(rq, rs, 404, "not_found", NULL, "预警不存在或已确认",
		     "No such alert, or it was already acknowledged");
		return;
	}
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, json_pack("{s:b}", "ok", 1));
}
