/*
 * Medical observation API: rules, observations and their transitions,
 * checks, the daily views (due, release queue, counts, grid), alerts and
 * referrals, release notices.  Village workers see their village, site staff
 * their site (struct obs_scope); everything else is in src/store/obs*.c and
 * the rules in src/core/obs.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "core/date.h"
#include "core/mask.h"
#include "core/msg.h"
#include "core/role.h"
#include "core/text.h"
#include "store/obs.h"
#include "store/settings.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/xalloc.h"

#define OFFICE (ROLE_ADMIN | ROLE_COMMANDER | ROLE_OBSERVER)

struct obs_scope api_obs_scope(const struct req *rq)
{
	struct obs_scope sc = {0, 0};
	if (rq->user && rq->user->role == ROLE_VILLAGE)
		sc.village = rq->user->village_id ? rq->user->village_id : -1;
	if (rq->user && rq->user->role == ROLE_SITE)
		sc.site = rq->user->site_id ? rq->user->site_id : -1;
	return sc;
}

static void mask_person(json_t *o)
{
	char out[64];
	const char *doc = json_string_value(json_object_get(o, "doc_number"));
	const char *ph = json_string_value(json_object_get(o, "phone"));
	if (doc) {
		mask_doc(doc, out, sizeof out);
		json_object_set_new(o, "doc_number", json_string(out));
	}
	if (ph) {
		mask_phone(ph, out, sizeof out);
		json_object_set_new(o, "phone", json_string(out));
	}
}

static void mask_items(json_t *list)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(list, "items"), i, it) mask_person(it);
}

/* Send a store outcome that is not ST_OK. */
static void send_rc(struct req *rq, struct resp *rs, int rc, const char *why)
{
	if (rc == ST_NOTFOUND)
		resp_err(rq, rs, 404, "not_found", NULL);
	else if (rc == ST_INVALID)
		resp_err(rq, rs, 409, why ? why : "invalid", NULL);
	else
		resp_internal(rq, rs);
}

static void send_json_or_500(struct req *rq, struct resp *rs, json_t *j)
{
	if (!j)
		resp_internal(rq, rs);
	else
		resp_json(rs, 200, j);
}

/* ---- rules ---- */

void api_obs_rules_list(struct req *rq, struct resp *rs)
{
	struct obs_rules cur;
	json_t *list = obs_rules_list(rq->db);
	if (!list || obs_rules_for(rq->db, clock_today(), &cur) != ST_OK) {
		json_decref(list);
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200,
		  json_pack("{s:o,s:o}", "current", obs_rules_to_json(&cur), "items", list));
}

void api_obs_rules_create(struct req *rq, struct resp *rs)
{
	struct obs_rules r;
	const char *field, *eff, *note;
	if (req_str(rq, rs, "effective_date", &eff) < 0 || req_str(rq, rs, "note", &note) < 0)
		return;
	if (obs_rules_for(rq->db, clock_today(), &r) != ST_OK)
		obs_rules_default(&r);
	if (!eff || date_parse(eff, &r.effective) < 0) {
		resp_err(rq, rs, 422, "date", "effective_date");
		return;
	}
	const char *bad = obs_rules_from_json(rq->json, &r, &field);
	if (bad) {
		resp_err(rq, rs, 422, bad, field);
		return;
	}
	/* a version that changes nothing on its date is a mistaken save */
	struct obs_rules then;
	if (obs_rules_for(rq->db, r.effective, &then) == ST_OK && obs_rules_same(&r, &then)) {
		resp_err(rq, rs, 409, "rules_unchanged", NULL);
		return;
	}
	if (obs_rules_add(rq->db, &rq->actor, &r, note) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 201, obs_rules_to_json(&r));
}

/* ---- observations ---- */

void api_obs_list(struct req *rq, struct resp *rs)
{
	struct obs_filter f = {0};
	struct obs_scope sc = api_obs_scope(rq);
	/* site=none: the centralized observations still waiting for a site
	 * (started at a checkpoint; the observation group assigns it) */
	const char *site = req_query(rq, "site");
	f.unplaced = site && !strcmp(site, "none");
	if (req_page(rq, rs, &f.page, &f.per_page) < 0 ||
	    req_query_int(rq, rs, "village", 1, INT64_MAX, 0, &f.village) < 0 ||
	    (!f.unplaced && req_query_int(rq, rs, "site", 1, INT64_MAX, 0, &f.site) < 0))
		return;
	f.status = req_query(rq, "status");
	f.kind = req_query(rq, "kind");
	f.q = req_query(rq, "q");
	if ((f.status && strcmp(f.status, "all") && obs_status_from_name(f.status) < 0) ||
	    (f.kind && strcmp(f.kind, "home") && strcmp(f.kind, "central")) ||
	    (f.q && strlen(f.q) > 60)) {
		resp_err(rq, rs, 400, "bad_query", NULL);
		return;
	}
	json_t *out = obs_list(rq->db, &f, &sc);
	if (out)
		mask_items(out);
	send_json_or_500(rq, rs, out);
}

static const char *const reasons[] = {"密切接触者", "疫区返回", "协查名单",
				      "检疫点转来", "自行申报", "其他"};

static int reason_ok(const char *r)
{
	for (size_t i = 0; r && i < sizeof reasons / sizeof reasons[0]; i++)
		if (!strcmp(r, reasons[i]))
			return 1;
	return 0;
}

void api_obs_start(struct req *rq, struct resp *rs)
{
	struct obs o = {0};
	struct obs_scope sc = api_obs_scope(rq);
	const char *kind, *reason, *detail, *exposure, *doctor;
	int64_t v;
	int present;
	if (req_int(rq, rs, "person_id", &o.person_id, NULL) < 0 ||
	    req_str(rq, rs, "kind", &kind) < 0 || req_str(rq, rs, "reason", &reason) < 0 ||
	    req_str(rq, rs, "reason_detail", &detail) < 0 ||
	    req_str(rq, rs, "exposure_date", &exposure) < 0 ||
	    req_str(rq, rs, "doctor", &doctor) < 0 ||
	    req_int(rq, rs, "site_id", &o.site_id, NULL) < 0 ||
	    req_int(rq, rs, "room_id", &o.room_id, NULL) < 0 ||
	    req_int(rq, rs, "bed", &v, NULL) < 0 ||
	    req_int(rq, rs, "worker_id", &o.worker_id, &present) < 0)
		return;
	if (v < 0 || v > 1000) {
		resp_err(rq, rs, 422, "bed_invalid", "bed");
		return;
	}
	o.bed = (int)v;
	struct user w;
	if (o.worker_id && user_get(rq->db, o.worker_id, &w) != ST_OK) {
		resp_err(rq, rs, 422, "invalid", "worker_id");
		return;
	}
	if (!o.person_id) {
		resp_err(rq, rs, 422, "person", "person_id");
		return;
	}
	if (!kind || (strcmp(kind, "home") && strcmp(kind, "central"))) {
		resp_err(rq, rs, 422, "obs_kind", "kind");
		return;
	}
	o.kind = !strcmp(kind, "central") ? KIND_CENTRAL : KIND_HOME;
	if (!reason_ok(reason)) {
		resp_err(rq, rs, 422, "obs_reason", "reason");
		return;
	}
	if (!exposure || date_parse(exposure, &o.exposure) < 0) {
		resp_err(rq, rs, 422, "date", "exposure_date");
		return;
	}
	int today = clock_today();
	if (o.exposure > today || date_diff(o.exposure, today) > 60) {
		resp_err(rq, rs, 422, "exposure_range", "exposure_date");
		return;
	}
	if ((!strcmp(reason, "密切接触者") || !strcmp(reason, "疫区返回")) &&
	    (!detail || !*detail)) {
		resp_err(rq, rs, 422, "reason_detail", "reason_detail");
		return;
	}
	snprintf(o.reason, sizeof o.reason, "%s", reason);
	if (detail)
		text_normalize(detail, strlen(detail), o.reason_detail, sizeof o.reason_detail);
	if (doctor)
		text_normalize(doctor, strlen(doctor), o.doctor, sizeof o.doctor);
	if (!present && rq->user->role == ROLE_VILLAGE)
		o.worker_id = rq->user->id;
	struct obs_rules r;
	/* the rules in force on the day observation starts; it keeps them */
	if (obs_rules_for(rq->db, today, &r) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	o.rules_id = r.id;
	int64_t existing;
	const char *why;
	int rc = obs_start(rq->db, &rq->actor, &o, &sc, &existing, &why);
	if (rc == ST_CONFLICT) {
		json_t *e = json_pack("{s:s,s:s,s:s,s:I}", "code", "obs_exists", "message",
				      msg_get("obs_exists", rq->en), "field", "person_id",
				      "existing_id", (json_int_t)existing);
		resp_json(rs, 409, json_pack("{s:o}", "error", e));
		return;
	}
	if (rc == ST_INVALID) {
		int status = !strcmp(why, "person") ? 422 : 409;
		resp_err(rq, rs, (unsigned)status, why,
			 !strcmp(why, "person") ? "person_id" : "site_id");
		return;
	}
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	json_t *d = obs_detail(rq->db, o.id, &(struct obs_scope){0});
	if (d)
		mask_person(d);
	resp_json(rs, 201, d);
}

void api_obs_get(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	json_t *d = obs_detail(rq->db, rq->params[0], &sc);
	if (!d) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	mask_person(d);
	resp_json(rs, 200, d);
}

void api_obs_grid(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	json_t *g = obs_grid(rq->db, rq->params[0], &sc, clock_now());
	if (!g) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	resp_json(rs, 200, g);
}

/* Read "at": integer seconds or a local time string; absent = now. */
static int read_time(struct req *rq, struct resp *rs, const char *key, int64_t *t)
{
	json_t *v = json_object_get(rq->json, key);
	*t = clock_now();
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		*t = json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && date_parse_local_time(json_string_value(v), t) == 0)
		return 0;
	resp_err(rq, rs, 422, "time", key);
	return -1;
}

/* Temperature as a number or numeric string → tenths; 0 if absent. */
static int read_temp(struct req *rq, struct resp *rs, int *out)
{
	json_t *v = json_object_get(rq->json, "temp");
	double t;
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_number(v)) {
		t = json_number_value(v);
	} else if (json_is_string(v)) {
		char *end;
		const char *s = json_string_value(v);
		t = strtod(s, &end);
		if (end == s || *end) {
			resp_err(rq, rs, 422, "temp_invalid", "temp");
			return -1;
		}
	} else {
		resp_err(rq, rs, 422, "temp_invalid", "temp");
		return -1;
	}
	if (!isfinite(t) || t < 0 || t > 100 || !obs_temp_ok((int)lround(t * 10))) {
		resp_err(rq, rs, 422, "temp_range", "temp");
		return -1;
	}
	*out = (int)lround(t * 10);
	return 0;
}

static int read_symptoms(struct req *rq, struct resp *rs, char *out, size_t outsz)
{
	json_t *v = json_object_get(rq->json, "symptoms");
	size_t i, n = 0;
	json_t *s;
	out[0] = '\0';
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v) || json_array_size(v) > OBS_MAX_SYMPTOMS)
		goto bad;
	json_array_foreach(v, i, s)
	{
		if (!json_is_string(s) || !json_string_length(s) || json_string_length(s) > 60 ||
		    strchr(json_string_value(s), ','))
			goto bad;
		int w = snprintf(out + n, outsz - n, "%s%s", n ? "," : "", json_string_value(s));
		if (w < 0 || (size_t)w >= outsz - n)
			goto bad;
		n += (size_t)w;
	}
	return 0;
bad:
	resp_err(rq, rs, 422, "symptoms", "symptoms");
	return -1;
}

void api_obs_check(struct req *rq, struct resp *rs)
{
	struct obs_check c = {0};
	struct obs_scope sc = api_obs_scope(rq);
	const char *method, *visit, *note;
	char symptoms[600];
	if (read_time(rq, rs, "at", &c.at) < 0 || read_temp(rq, rs, &c.temp) < 0 ||
	    read_symptoms(rq, rs, symptoms, sizeof symptoms) < 0 ||
	    req_str(rq, rs, "method", &method) < 0 || req_str(rq, rs, "visit", &visit) < 0 ||
	    req_str(rq, rs, "note", &note) < 0)
		return;
	c.method = method ? obs_method_from_name(method) : METHOD_AXILLARY;
	if (c.method < 0) {
		resp_err(rq, rs, 422, "method", "method");
		return;
	}
	c.visit = visit ? visit : "ok";
	if (strcmp(c.visit, "ok") && strcmp(c.visit, "refused") && strcmp(c.visit, "absent")) {
		resp_err(rq, rs, 422, "visit", "visit");
		return;
	}
	if (!strcmp(c.visit, "ok") && !c.temp) {
		resp_err(rq, rs, 422, "temp_required", "temp");
		return;
	}
	c.symptoms = symptoms;
	c.note = note;
	int64_t check_id, alert_id;
	const char *why;
	int rc = obs_check_add(rq->db, &rq->actor, rq->params[0], &sc, &c, clock_now(), &check_id,
			       &alert_id, &why);
	if (rc == ST_INVALID) {
		resp_err(rq, rs, !strcmp(why, "obs_not_active") ? 409 : 422, why, "at");
		return;
	}
	if (rc != ST_OK) {
		send_rc(rq, rs, rc, why);
		return;
	}
	json_t *o = json_pack("{s:I,s:b}", "id", (json_int_t)check_id, "alert", alert_id != 0);
	if (alert_id)
		json_object_set_new(o, "alert_id", json_integer(alert_id));
	resp_json(rs, 201, o);
}

void api_obs_transition(struct req *rq, struct resp *rs)
{
	struct obs_change c = {0};
	struct obs_scope sc = api_obs_scope(rq);
	const char *action, *hospital;
	int64_t days, bed;
	if (req_str(rq, rs, "action", &action) < 0 || req_str(rq, rs, "reason", &c.reason) < 0 ||
	    req_str(rq, rs, "hospital", &hospital) < 0 ||
	    req_int(rq, rs, "days", &days, NULL) < 0 ||
	    req_int(rq, rs, "site_id", &c.site_id, NULL) < 0 ||
	    req_int(rq, rs, "room_id", &c.room_id, NULL) < 0 ||
	    req_int(rq, rs, "bed", &bed, NULL) < 0 || read_time(rq, rs, "at", &c.at) < 0)
		return;
	c.action = obs_action_from_name(action);
	if (c.action < 0) {
		resp_err(rq, rs, 422, "obs_action", "action");
		return;
	}
	/* the field workers record what they see; the office decides the rest */
	int field_ok = c.action == ACT_LOST || c.action == ACT_FOUND || c.action == ACT_HOSPITAL;
	if (!field_ok && !(rq->user->role & OFFICE)) {
		resp_err(rq, rs, 403, "forbidden", NULL);
		return;
	}
	if (bed < 0 || bed > 1000) {
		resp_err(rq, rs, 422, "bed_invalid", "bed");
		return;
	}
	if (c.at > clock_now() + 300) {
		resp_err(rq, rs, 422, "check_future", "at");
		return;
	}
	c.days = days < 0 || days > 1000 ? 0 : (int)days; /* out of range: extend_days */
	c.bed = (int)bed;
	c.hospital = hospital;
	const char *why;
	int rc = obs_apply(rq->db, &rq->actor, rq->params[0], &sc, &c, clock_today(), &why);
	if (rc != ST_OK) {
		send_rc(rq, rs, rc, why);
		return;
	}
	json_t *d = obs_detail(rq->db, rq->params[0], &sc);
	if (d)
		mask_person(d);
	send_json_or_500(rq, rs, d);
}

/* ---- daily views ---- */

void api_obs_due(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	int64_t village;
	if (req_query_int(rq, rs, "village", 1, INT64_MAX, 0, &village) < 0)
		return;
	json_t *d = obs_due(rq->db, &sc, village, clock_now());
	if (d) {
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(d, "items"), i, it) mask_person(it);
	}
	send_json_or_500(rq, rs, d);
}

/* "today" (or absent), "tomorrow" or YYYY-MM-DD; -1 if none of them. */
static int release_date(const char *when, int *date)
{
	*date = clock_today();
	if (!when || !strcmp(when, "today"))
		return 0;
	if (!strcmp(when, "tomorrow")) {
		*date = date_add(*date, 1);
		return 0;
	}
	return date_parse(when, date);
}

void api_obs_release_queue(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	struct obs_release_filter f = {0};
	if (req_page(rq, rs, &f.page, &f.per_page) < 0 ||
	    req_query_int(rq, rs, "village", 1, INT64_MAX, 0, &f.village) < 0 ||
	    req_query_int(rq, rs, "site", 1, INT64_MAX, 0, &f.site) < 0)
		return;
	if (release_date(req_query(rq, "date"), &f.date) < 0) {
		resp_err(rq, rs, 400, "date", "date");
		return;
	}
	send_json_or_500(rq, rs, obs_release_page(rq->db, &sc, &f, clock_now()));
}

/* Release ids[0..n) (obs_release_many, 200 to a transaction): the released
 * into `done` (and, given the queue rows `items` of the ids, a name row
 * each into `rows`), the others into `failed` with the reason. */
static void release_ids(struct req *rq, const struct obs_scope *sc, const int64_t *ids, size_t n,
			json_t *items, json_t *done, json_t *rows, json_t *failed)
{
	const char **codes = xmalloc((n + 1) * sizeof *codes);
	obs_release_many(rq->db, &rq->actor, ids, n, sc, clock_today(), codes);
	for (size_t i = 0; i < n; i++) {
		json_t *it = items ? json_array_get(items, i) : NULL;
		if (codes[i]) {
			json_array_append_new(
			    failed, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)ids[i], "code",
					      codes[i], "message", msg_get(codes[i], rq->en)));
			continue;
		}
		json_array_append_new(done, json_integer(ids[i]));
		if (it)
			json_array_append_new(
			    rows, json_pack("{s:I,s:O,s:O}", "id", (json_int_t)ids[i], "name",
					    json_object_get(it, "name"), "village_name",
					    json_object_get(it, "village_name")));
	}
	free(codes);
}

/* {"all":true,"date","village_id","site_id","dry_run"}: everyone in that
 * queue who qualifies, one release (and audit row) each as with ids; those
 * who do not qualify stay, counted by the rule that blocks them ("blocked").
 * "released_rows" name the released for the notices.  A dry run releases
 * nobody and answers the counts (the confirmation of "release all"). */
static void release_all(struct req *rq, struct resp *rs, const struct obs_scope *sc)
{
	const char *when;
	int64_t village, site;
	int date, present;
	json_t *dry = json_object_get(rq->json, "dry_run");
	if (req_str(rq, rs, "date", &when) < 0 ||
	    req_int(rq, rs, "village_id", &village, &present) < 0 ||
	    req_int(rq, rs, "site_id", &site, &present) < 0)
		return;
	if (release_date(when, &date) < 0) {
		resp_err(rq, rs, 422, "date", "date");
		return;
	}
	if (village < 0 || site < 0 || (dry && !json_is_boolean(dry))) {
		resp_err(rq, rs, 422, "invalid",
			 village < 0 ? "village_id"
			 : site < 0  ? "site_id"
				     : "dry_run");
		return;
	}
	struct obs_scope want = {village, site};
	struct obs_scope both = obs_scope_and(sc, &want);
	json_t *q = obs_release_queue(rq->db, &both, date, clock_now());
	if (!q) {
		resp_internal(rq, rs);
		return;
	}
	json_t *done = json_array(), *rows = json_array(), *failed = json_array();
	json_t *blocked = json_object(), *cand = json_array(), *items = json_object_get(q, "items");
	int64_t *ids = xmalloc((json_array_size(items) + 1) * sizeof *ids);
	size_t i, n = 0;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *why = json_string_value(json_object_get(it, "blocked_by"));
		if (why) {
			json_int_t k = json_integer_value(json_object_get(blocked, why));
			json_object_set_new(blocked, why, json_integer(k + 1));
			continue;
		}
		ids[n++] = json_integer_value(json_object_get(it, "id"));
		json_array_append(cand, it);
	}
	if (!json_is_true(dry))
		release_ids(rq, sc, ids, n, cand, done, rows, failed);
	free(ids);
	json_decref(cand);
	resp_json(rs, 200,
		  json_pack("{s:b,s:O,s:O,s:O,s:o,s:o,s:o,s:o}", "dry_run", json_is_true(dry),
			    "date", json_object_get(q, "date"), "total",
			    json_object_get(q, "total"), "qualifying",
			    json_object_get(q, "qualifying"), "released", done, "released_rows",
			    rows, "failed", failed, "blocked", blocked));
	json_decref(q);
}

void api_obs_release_batch(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	json_t *all = json_object_get(rq->json, "all");
	json_t *ids = json_object_get(rq->json, "ids");
	if (all && (!json_is_boolean(all) || (json_is_true(all) && ids))) {
		resp_err(rq, rs, 422, "invalid", "all");
		return;
	}
	if (json_is_true(all)) {
		release_all(rq, rs, &sc);
		return;
	}
	if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > 2000) {
		resp_err(rq, rs, 422, "invalid", "ids");
		return;
	}
	size_t i, n = json_array_size(ids);
	int64_t *list = xmalloc(n * sizeof *list);
	json_t *v, *done = json_array(), *failed = json_array();
	json_array_foreach(ids, i, v) list[i] = json_is_integer(v) ? json_integer_value(v) : 0;
	release_ids(rq, &sc, list, n, NULL, done, NULL, failed);
	free(list);
	resp_json(rs, 200, json_pack("{s:o,s:o}", "released", done, "failed", failed));
}

void api_obs_counts(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	send_json_or_500(rq, rs, obs_counts(rq->db, &sc, clock_today()));
}

/* ---- alerts ---- */

void api_alerts_list(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	int64_t page, per_page;
	const char *status = req_query(rq, "status");
	if (req_page(rq, rs, &page, &per_page) < 0)
		return;
	if (status && strcmp(status, "all") && strcmp(status, "open") &&
	    strcmp(status, "referred") && strcmp(status, "closed")) {
		resp_err(rq, rs, 400, "bad_query", "status");
		return;
	}
	json_t *out = obs_alerts(rq->db, &sc, status, page, per_page);
	if (out)
		mask_items(out);
	send_json_or_500(rq, rs, out);
}

void api_alerts_referral(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	const char *hospital, *transport, *why;
	int64_t departed;
	if (req_str(rq, rs, "hospital", &hospital) < 0 ||
	    req_str(rq, rs, "transport", &transport) < 0 ||
	    read_time(rq, rs, "departed_at", &departed) < 0)
		return;
	if (!hospital || !*hospital) {
		resp_err(rq, rs, 422, "hospital_required", "hospital");
		return;
	}
	int rc = obs_alert_refer(rq->db, &rq->actor, rq->params[0], &sc, hospital,
				 transport ? transport : "", departed, &why);
	if (rc != ST_OK) {
		send_rc(rq, rs, rc, why);
		return;
	}
	resp_json(rs, 200, json_pack("{s:b}", "ok", 1));
}

void api_alerts_outcome(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	const char *outcome, *note, *why;
	if (req_str(rq, rs, "outcome", &outcome) < 0 || req_str(rq, rs, "note", &note) < 0)
		return;
	if (!outcome) {
		resp_err(rq, rs, 422, "outcome", "outcome");
		return;
	}
	int rc = obs_alert_outcome(rq->db, &rq->actor, rq->params[0], &sc, outcome, note, &why);
	if (rc == ST_INVALID && !strcmp(why, "outcome")) {
		resp_err(rq, rs, 422, "outcome", "outcome");
		return;
	}
	if (rc != ST_OK) {
		send_rc(rq, rs, rc, why);
		return;
	}
	resp_json(rs, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- release notice ---- */

void api_obs_notice(struct req *rq, struct resp *rs)
{
	struct obs_scope sc = api_obs_scope(rq);
	char no[32], office[256], mask[16];
	int64_t issued;
	const char *why;
	int rc = obs_notice(rq->db, &rq->actor, rq->params[0], &sc, no, &issued, &why);
	if (rc != ST_OK) {
		send_rc(rq, rs, rc, why);
		return;
	}
	json_t *d = obs_detail(rq->db, rq->params[0], &sc);
	if (!d) {
		resp_internal(rq, rs);
		return;
	}
	settings_get(rq->db, "office_name", office, sizeof office);
	settings_get(rq->db, "notice_mask", mask, sizeof mask);
	if (strcmp(mask, "full") != 0)
		mask_person(d);
	json_t *out = json_pack("{s:s,s:I,s:s}", "notice_no", no, "issued_at", (json_int_t)issued,
				"office_name", office);
	static const char *const keep[] = {
	    "name",	    "sex",	"doc_type",  "doc_number",    "address",
	    "village_name", "kind",	"site_name", "exposure_date", "day1",
	    "planned_end",  "ended_at", "reason",    "end_reason"};
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		json_t *v = json_object_get(d, keep[i]);
		json_object_set(out, keep[i], v ? v : json_null());
	}
	json_decref(d);
	resp_json(rs, 200, out);
}

/* ---- settings ---- */

void api_settings_get(struct req *rq, struct resp *rs)
{
	resp_json(rs, 200, settings_all(rq->db));
}

void api_settings_put(struct req *rq, struct resp *rs)
{
	const char *key;
	json_t *v;
	json_object_foreach(rq->json, key, v)
	{
		if (!json_is_string(v) || json_string_length(v) > 200) {
			resp_err(rq, rs, 422, "invalid", key);
			return;
		}
		if (!strcmp(key, "notice_mask") && strcmp(json_string_value(v), "masked") &&
		    strcmp(json_string_value(v), "full")) {
			resp_err(rq, rs, 422, "invalid", key);
			return;
		}
	}
	json_object_foreach(rq->json, key, v)
	{
		if (settings_set(rq->db, &rq->actor, key, json_string_value(v)) != ST_OK) {
			resp_internal(rq, rs);
			return;
		}
	}
	resp_json(rs, 200, settings_all(rq->db));
}
