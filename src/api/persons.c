/*
 * The people registry API.  Lists and details mask document numbers and
 * phones; the full values come only from /reveal, which the store audits.
 * A village user's requests are confined to their village: persons elsewhere
 * answer 404, the same as persons that do not exist.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "core/mask.h"
#include "core/msg.h"
#include "core/person.h"
#include "core/phone.h"
#include "store/person.h"
#include "store/village.h"
#include "util/clock.h"
#include "util/log.h"

/* The columns a person is shown with masked, and their masks: value v of
 * column `name` masked into out, or NULL if the column is shown as is. */
static const char *const masked_cols[] = {"doc_number", "phone"};

static const char *mask_col(const char *name, const char *v, char out[64])
{
	if (strcmp(name, "doc_number") == 0)
		mask_doc(v, out, 64);
	else if (strcmp(name, "phone") == 0)
		mask_phone(v, out, 64);
	else
		return NULL;
	return out;
}

static void mask_fields(json_t *p, int english)
{
	char out[64];
	for (size_t i = 0; i < sizeof masked_cols / sizeof masked_cols[0]; i++) {
		const char *v = json_string_value(json_object_get(p, masked_cols[i]));
		if (v)
			json_object_set_new(p, masked_cols[i],
					    json_string(mask_col(masked_cols[i], v, out)));
	}
	json_object_set_new(p, "masked", json_true());
	int t = doc_type_from_name(json_string_value(json_object_get(p, "doc_type")));
	json_object_set_new(p, "doc_type_label", json_string(doc_type_label(t, english)));
}

/* Collect the body into a person_in (NULL = not given). -1 after 400. */
static int read_input(struct req *rq, struct resp *rs, struct person_in *in)
{
	int present;
	memset(in, 0, sizeof *in);
	if (req_str(rq, rs, "name", &in->name) < 0 ||
	    req_str(rq, rs, "doc_type", &in->doc_type) < 0 ||
	    req_str(rq, rs, "doc_number", &in->doc_number) < 0 ||
	    req_str(rq, rs, "birth_date", &in->birth_date) < 0 ||
	    req_str(rq, rs, "phone", &in->phone) < 0 ||
	    req_str(rq, rs, "address", &in->address) < 0 ||
	    req_str(rq, rs, "hukou", &in->hukou) < 0 || req_str(rq, rs, "notes", &in->notes) < 0 ||
	    req_str(rq, rs, "source", &in->source) < 0 ||
	    req_int(rq, rs, "sex", &in->sex, &present) < 0)
		return -1;
	if (!present)
		in->sex = -1;
	return 0;
}

static void send_invalid(struct req *rq, struct resp *rs, const struct person_err *e)
{
	resp_err_msg(rs, 422, e->code, e->field,
		     e->message ? e->message : msg_get(e->code, rq->en));
}

/* village_id from the body: must exist; a village user may only use theirs. */
static int read_village(struct req *rq, struct resp *rs, struct person *p)
{
	int64_t v;
	int present;
	if (req_int(rq, rs, "village_id", &v, &present) < 0)
		return -1;
	int64_t scope = api_scope_village(rq);
	if (present)
		p->village_id = v;
	/* a village user's persons are always in their village: no village
	 * (absent, null or 0) means theirs, so none can leave their scope */
	if (scope && !p->village_id)
		p->village_id = scope;
	struct village vil;
	if (p->village_id && (village_get(rq->db, p->village_id, &vil) != ST_OK ||
			      (scope && p->village_id != scope))) {
		resp_err(rq, rs, 422, "village", "village_id");
		return -1;
	}
	return 0;
}

static void send_person(struct req *rq, struct resp *rs, unsigned status, int64_t id,
			const char *warning)
{
	json_t *o = person_get_json(rq->db, id, 0);
	if (!o) {
		resp_internal(rq, rs);
		return;
	}
	mask_fields(o, rq->en);
	json_t *w = json_array();
	if (warning)
		json_array_append_new(
		    w, json_pack(
			   "{s:s,s:s}", "code", warning, "message",
			   rq->en ? "The region code of this ID number is not in the table "
				    "(it may belong to an abolished county)"
				  : "身份证号的地区码不在区划表中（可能是已撤销的县区），请核对"));
	json_object_set_new(o, "warnings", w);
	resp_json(rs, status, o);
}

/* 409 with the existing person's id, but only when the caller may see that
 * person: a village user must not learn ids of persons elsewhere. */
static void send_conflict(struct req *rq, struct resp *rs, int64_t existing)
{
	struct person other;
	json_t *e = json_pack("{s:s,s:s,s:s}", "code", "duplicate_doc", "message",
			      msg_get("duplicate_doc", rq->en), "field", "doc_number");
	if (person_load(rq->db, existing, api_scope_village(rq), &other) == ST_OK)
		json_object_set_new(e, "existing_id", json_integer(existing));
	resp_json(rs, 409, json_pack("{s:o}", "error", e));
}

void api_persons_create(struct req *rq, struct resp *rs)
{
	struct person_in in;
	struct person p = {0};
	struct person_err e;
	if (read_input(rq, rs, &in) < 0)
		return;
	if (!in.name) {
		resp_err(rq, rs, 422, "name_required", "name");
		return;
	}
	if (person_validate(&in, clock_today(), rq->en, &p, &e) < 0) {
		send_invalid(rq, rs, &e);
		return;
	}
	if (read_village(rq, rs, &p) < 0)
		return;
	int64_t id = 0, existing = 0;
	int rc = person_create(rq->db, &rq->actor, &p, &id, &existing);
	if (rc == ST_CONFLICT) {
		send_conflict(rq, rs, existing);
		return;
	}
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	send_person(rq, rs, 201, id, e.warning);
}

/* A text column as db_row_json takes it: "" where jansson refuses the text. */
static const char *col_text(sqlite3_stmt *st, int i, size_t *len)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	*len = (size_t)sqlite3_column_bytes(st, i);
	if (t && buf_json_str_valid(t, *len))
		return t;
	*len = 0;
	return "";
}

/*
 * The person's row masked, byte for byte as resp_json() writes
 * mask_fields(db_row_json(row)) — the columns in order, doc_number and
 * phone masked in place when they are text, then "masked" and
 * "doc_type_label" — without building the jansson object, replacing two of
 * its members and serialising it: a third of a person GET's instructions
 * (callgrind).  -1 on what db_row_json treats specially (reals, blobs,
 * "_json" columns: not in a person's row) or the cap; the caller then takes
 * the jansson way.
 */
static int write_masked(sqlite3_stmt *st, int english, struct buf *b)
{
	char out[64];
	const char *doc_type = NULL;
	int n = sqlite3_column_count(st);
	if (buf_addch(b, '{') < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		size_t nl = strlen(name), tl;
		if ((i && buf_addch(b, ',') < 0) || buf_add_json_str(b, name, nl) < 0 ||
		    buf_addch(b, ':') < 0)
			return -1;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			buf_add_int(b, sqlite3_column_int64(st, i));
			continue;
		case SQLITE_NULL:
			buf_add(b, "null", 4);
			continue;
		case SQLITE_TEXT:
			break;
		default:
			return -1;
		}
		if (nl > 5 && strcmp(name + nl - 5, "_json") == 0)
			return -1;
		const char *t = col_text(st, i, &tl), *m = mask_col(name, t, out);
		if (m) {
			t = m;
			tl = strlen(m);
		} else if (strcmp(name, "doc_type") == 0) {
			doc_type = t;
		}
		if (buf_add_json_str(b, t, tl) < 0)
			return -1;
	}
	const char *label = doc_type_label(doc_type_from_name(doc_type), english);
	if (buf_adds(b, ",\"masked\":true,\"doc_type_label\":") < 0 ||
	    buf_add_json_str(b, label, strlen(label)) < 0)
		return -1;
	return buf_addch(b, '}');
}

void api_persons_get(struct req *rq, struct resp *rs)
{
	sqlite3_stmt *st = person_get_row(rq->db, rq->params[0], api_scope_village(rq));
	if (!st) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	buf_reset(&rs->body);
	if (write_masked(st, rq->en, &rs->body) == 0) {
		sqlite3_reset(st);
		rs->status = 200;
		rs->ctype = "application/json; charset=utf-8";
		return;
	}
	json_t *o = db_row_json(st);
	sqlite3_reset(st);
	mask_fields(o, rq->en);
	resp_json(rs, 200, o);
}

/* The page as resp_json() writes person_list() with every item masked,
 * each row written by write_masked().  -1 (nothing sent) where
 * write_masked() cannot; 1 after an error answer. */
static int write_list(struct req *rq, struct resp *rs, const struct person_filter *f)
{
	int64_t total;
	sqlite3_stmt *st = person_list_page(rq->db, f, &total);
	if (!st) {
		resp_internal(rq, rs);
		return 1;
	}
	struct buf *b = &rs->body;
	buf_reset(b);
	buf_adds(b, "{\"items\":[");
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((n++ && buf_addch(b, ',') < 0) || write_masked(st, rq->en, b) < 0) {
			sqlite3_reset(st);
			return -1;
		}
	if (rc != SQLITE_DONE) {
		log_error("sql step: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
		resp_internal(rq, rs);
		return 1;
	}
	buf_adds(b, "],\"total\":");
	buf_add_int(b, total);
	if (buf_addch(b, '}') < 0)
		return -1;
	rs->status = 200;
	rs->ctype = "application/json; charset=utf-8";
	return 0;
}

void api_persons_list(struct req *rq, struct resp *rs)
{
	struct person_filter f = {0};
	if (req_page(rq, rs, &f.page, &f.per_page) < 0 ||
	    req_query_int(rq, rs, "village", 1, INT64_MAX, 0, &f.village_id) < 0)
		return;
	f.q = req_query(rq, "q");
	f.sort = req_query(rq, "sort");
	f.scope_village = api_scope_village(rq);
	if (f.q && strlen(f.q) > 100) {
		resp_err(rq, rs, 400, "bad_query", "q");
		return;
	}
	if (write_list(rq, rs, &f) >= 0)
		return;
	json_t *out = person_list(rq->db, &f);
	if (!out) {
		resp_internal(rq, rs);
		return;
	}
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(out, "items"), i, p) mask_fields(p, rq->en);
	resp_json(rs, 200, out);
}

/* Names of the fields of the body (for the audit row: names, not values). */
static json_t *changed_fields(struct req *rq)
{
	json_t *a = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(rq->json, key, v) json_array_append_new(a, json_string(key));
	return a;
}

void api_persons_update(struct req *rq, struct resp *rs)
{
	struct person p;
	struct person_in in;
	struct person_err e;
	int rc = person_load(rq->db, rq->params[0], api_scope_village(rq), &p);
	if (rc != ST_OK) {
		if (rc == ST_NOTFOUND)
			resp_err(rq, rs, 404, "not_found", NULL);
		else
			resp_internal(rq, rs);
		return;
	}
	if (read_input(rq, rs, &in) < 0)
		return;
	/* check the stored number again when the body does not replace it: a
	 * new doc_type, sex or birth_date must agree with it (a passport number
	 * must not become a 居民身份证 number unchecked) */
	char stored[sizeof p.doc_number];
	snprintf(stored, sizeof stored, "%s", p.doc_number);
	if (!in.doc_number)
		in.doc_number = stored;
	if (person_validate(&in, clock_today(), rq->en, &p, &e) < 0) {
		send_invalid(rq, rs, &e);
		return;
	}
	if (read_village(rq, rs, &p) < 0)
		return;
	int64_t existing = 0;
	json_t *changed = changed_fields(rq);
	rc = person_update(rq->db, &rq->actor, &p, changed, &existing);
	json_decref(changed);
	if (rc == ST_CONFLICT) {
		send_conflict(rq, rs, existing);
		return;
	}
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	send_person(rq, rs, 200, p.id, e.warning);
}

void api_persons_reveal(struct req *rq, struct resp *rs)
{
	json_t *o = person_reveal(rq->db, &rq->actor, rq->params[0], api_scope_village(rq));
	if (!o) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	resp_json(rs, 200, o);
}

void api_persons_merge(struct req *rq, struct resp *rs)
{
	int64_t into, from;
	int p1, p2;
	if (req_int(rq, rs, "into_id", &into, &p1) < 0 ||
	    req_int(rq, rs, "from_id", &from, &p2) < 0)
		return;
	if (!p1 || !p2) {
		resp_err(rq, rs, 422, "invalid", !p1 ? "into_id" : "from_id");
		return;
	}
	int rc = person_merge(rq->db, &rq->actor, into, from);
	if (rc == ST_INVALID && into == from) {
		resp_err(rq, rs, 422, "merge_same", "from_id");
		return;
	}
	if (rc == ST_INVALID) { /* one of the two was merged before */
		resp_err_msg(rs, 409, "already_merged", "from_id",
			     rq->en ? "One of these persons has already been merged"
				    : "其中一名人员已被合并，请刷新后重试");
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
	send_person(rq, rs, 200, into, NULL);
}

/* Form-time validation: the same rules as create, without storing. */
void api_persons_check(struct req *rq, struct resp *rs)
{
	struct person_in in;
	struct person p = {0};
	struct person_err e;
	if (read_input(rq, rs, &in) < 0)
		return;
	in.name = "-";
	if (person_validate(&in, clock_today(), rq->en, &p, &e) < 0) {
		send_invalid(rq, rs, &e);
		return;
	}
	json_t *o = json_pack("{s:b,s:i,s:s,s:s}", "ok", 1, "sex", p.sex, "birth_date",
			      p.birth_date, "phone", p.phone);
	if (e.warning)
		json_object_set_new(o, "warning", json_string(e.warning));
	resp_json(rs, 200, o);
}
