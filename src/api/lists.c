/*
 * Key-person lists API: upload with preview and column mapping, commit,
 * progress, rejected-row report, feedback export, and the verification tasks
 * the villages work through.  The import itself is src/app/listimport.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "app/listimport.h"
#include "core/date.h"
#include "core/mask.h"
#include "core/msg.h"
#include "core/role.h"
#include "core/text.h"
#include "app/listexport.h"
#include "store/list.h"
#include "store/obs.h"
#include "store/person.h"
#include "store/upload.h"
#include "util/clock.h"
#include "util/xalloc.h"

#define UPLOAD_MAX ((size_t)100 << 20)

static void send_sheet_error(struct req *rq, struct resp *rs, const struct sheet_error *e)
{
	unsigned status = !strcmp(e->code, "too_large") || !strcmp(e->code, "too_many_rows") ||
				  !strcmp(e->code, "zip_bomb")
			      ? 413
			      : 422;
	json_t *o = json_pack("{s:s,s:s}", "code", e->code, "message", e->message);
	if (e->row > 0)
		json_object_set_new(o, "row", json_integer(e->row));
	resp_json(rs, status, json_pack("{s:o}", "error", o));
	(void)rq;
}

static void opts_from_request(struct req *rq, struct listfile_opts *o, json_t *mapping,
			      const char *sheet)
{
	listfile_opts_default(o);
	o->english = rq->en;
	o->mapping = mapping;
	o->sheet = sheet;
}

static json_t *preview_json(struct listfile_info *info, int64_t upload_id, const char *filename,
			    const char *sha, int64_t dup, int en)
{
	json_t *o = json_pack(
	    "{s:I,s:s,s:s,s:s,s:O,s:I,s:O,s:O,s:O,s:O,s:O,s:{s:I,s:I,s:I,s:I,s:I}}", "upload_id",
	    (json_int_t)upload_id, "filename", filename, "format", info->format, "sheet",
	    info->sheet, "sheets", info->sheets, "header_row", (json_int_t)info->header_row,
	    "header", info->header, "columns", info->columns, "mapping", info->mapping, "samples",
	    info->samples, "problems", info->problems, "counts", "rows", (json_int_t)info->rows,
	    "accepted", (json_int_t)info->accepted, "rejected", (json_int_t)info->rejected,
	    "doubtful", (json_int_t)info->doubtful, "duplicates", (json_int_t)info->duplicates);
	json_object_set_new(o, "sha256", json_string(sha));
	json_object_set_new(o, "imported_before", dup ? json_integer(dup) : json_null());
	json_t *fields = json_array();
	for (int f = 0; f < LF_COUNT; f++)
		json_array_append_new(fields, json_pack("{s:s,s:s}", "field", list_field_name(f),
							"label", list_field_label(f, en)));
	json_object_set_new(o, "fields", fields);
	return o;
}

/* Preview an upload (new or stored) with an optional mapping/sheet. */
static void preview(struct req *rq, struct resp *rs, const void *data, size_t len,
		    int64_t upload_id, const char *filename, const char *sha, json_t *mapping,
		    const char *sheet, const char *source)
{
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err = {0};
	opts_from_request(rq, &o, mapping, sheet);
	json_t *saved = source ? list_mapping_get(rq->db, source) : NULL;
	o.saved = saved;
	int rc = listfile_read(data, len, &o, NULL, NULL, &info, &err);
	json_decref(saved);
	if (rc < 0) {
		send_sheet_error(rq, rs, &err);
		listfile_info_release(&info);
		return;
	}
	resp_json(rs, 200,
		  preview_json(&info, upload_id, filename, sha, list_by_sha(rq->db, sha), rq->en));
	listfile_info_release(&info);
}

void api_lists_upload(struct req *rq, struct resp *rs)
{
	const char *filename = req_query(rq, "filename");
	char sha[65];
	int64_t id;
	if (rq->body.len == 0) {
		resp_err_msg(rs, 422, "empty", NULL, rq->en ? "The file is empty" : "文件为空");
		return;
	}
	listimport_sha256(rq->body.s, rq->body.len, sha);
	if (upload_put(rq->db, rq->user->id, filename ? filename : "名单", rq->body.s, rq->body.len,
		       sha, &id) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	preview(rq, rs, rq->body.s, rq->body.len, id, filename ? filename : "名单", sha, NULL,
		req_query(rq, "sheet"), req_query(rq, "source"));
}

/* Load the stored upload named in the body. -1 after replying. */
static int load_upload(struct req *rq, struct resp *rs, void **data, size_t *len,
		       char filename[256], char sha[65], int64_t *id)
{
	if (req_int(rq, rs, "upload_id", id, NULL) < 0)
		return -1;
	int rc = upload_get(rq->db, *id, rq->user->id, data, len, filename, sha);
	if (rc != ST_OK) {
		resp_err_msg(rs, rc == ST_NOTFOUND ? 404 : 500, "upload", "upload_id",
			     rq->en ? "Upload not found (uploads are kept for a day): upload again"
				    : "找不到上传的文件（只保留一天），请重新上传");
		return -1;
	}
	return 0;
}

/* The mapping object from the body: {"<index>": "<field>"}; -1 after 422. */
static int check_mapping(struct req *rq, struct resp *rs, json_t *m)
{
	const char *k;
	json_t *v;
	if (!m)
		return 0;
	if (!json_is_object(m))
		goto bad;
	json_object_foreach(m, k, v)
	{
		int64_t idx;
		char *end;
		idx = strtol(k, &end, 10);
		if (*end || idx < 0 || idx > 1000 || !json_is_string(v) ||
		    list_field_from_name(json_string_value(v)) < 0)
			goto bad;
	}
	return 0;
bad:
	resp_err_msg(rs, 422, "mapping", "mapping",
		     rq->en ? "Invalid column mapping" : "列对应关系无效（应为 列号 → 字段）");
	return -1;
}

void api_lists_preview(struct req *rq, struct resp *rs)
{
	void *data;
	size_t len;
	char filename[256], sha[65];
	int64_t id;
	const char *sheet, *source;
	json_t *mapping = json_object_get(rq->json, "mapping");
	if (req_str(rq, rs, "sheet", &sheet) < 0 || req_str(rq, rs, "source", &source) < 0 ||
	    check_mapping(rq, rs, mapping) < 0 ||
	    load_upload(rq, rs, &data, &len, filename, sha, &id) < 0)
		return;
	preview(rq, rs, data, len, id, filename, sha, mapping, sheet, source);
	free(data);
}

static json_t *summary_json(const struct list_summary *s)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "list_id",
			 (json_int_t)s->list_id, "rows", (json_int_t)s->rows, "accepted",
			 (json_int_t)s->accepted, "rejected", (json_int_t)s->rejected, "duplicates",
			 (json_int_t)s->duplicates, "matched_existing",
			 (json_int_t)s->matched_existing, "new_persons", (json_int_t)s->new_persons,
			 "dispatched", (json_int_t)s->dispatched, "unassigned",
			 (json_int_t)s->unassigned, "flagged", (json_int_t)s->flagged, "candidates",
			 (json_int_t)s->candidates, "doubtful", (json_int_t)s->doubtful);
}

void api_lists_create(struct req *rq, struct resp *rs)
{
	struct listimport_req r = {0};
	struct list_summary sum;
	struct listfile_info info;
	struct sheet_error err = {0};
	void *data;
	char filename[256], sha[65];
	int64_t id, hours, dup = 0;
	int present;
	const char *sheet, *received;
	json_t *mapping = json_object_get(rq->json, "mapping");
	if (req_str(rq, rs, "source", &r.source) < 0 || req_str(rq, rs, "batch", &r.batch) < 0 ||
	    req_str(rq, rs, "sheet", &sheet) < 0 || req_str(rq, rs, "received_at", &received) < 0 ||
	    req_int(rq, rs, "deadline_hours", &hours, &present) < 0 ||
	    check_mapping(rq, rs, mapping) < 0)
		return;
	if (!r.source || !*r.source) {
		resp_err_msg(rs, 422, "source_required", "source",
			     rq->en ? "Name the issuing body (发文单位)" : "请填写发文单位");
		return;
	}
	if (present && (hours < 1 || hours > 24 * 30)) {
		resp_err_msg(rs, 422, "deadline", "deadline_hours",
			     rq->en ? "Deadline must be 1 hour to 30 days"
				    : "核查时限须为 1 小时至 30 天");
		return;
	}
	if (received && date_parse_local_time(received, &r.received_at) < 0) {
		resp_err(rq, rs, 422, "time", "received_at");
		return;
	}
	if (load_upload(rq, rs, &data, &r.len, filename, sha, &id) < 0)
		return;
	r.data = data;
	r.filename = filename;
	r.deadline_hours = present ? (int)hours : 24;
	r.force = json_is_true(json_object_get(rq->json, "force"));
	r.accept_partial = json_is_true(json_object_get(rq->json, "accept_partial"));
	r.save_mapping = !json_is_false(json_object_get(rq->json, "save_mapping"));
	opts_from_request(rq, &r.opts, mapping, sheet);
	int rc = listimport_run(rq->db, &rq->actor, &r, &sum, &info, &err, &dup);
	free(data);
	if (rc == LI_FILE) {
		send_sheet_error(rq, rs, &err);
	} else if (rc == LI_DUPLICATE) {
		json_t *e =
		    json_pack("{s:s,s:s,s:I}", "code", "list_duplicate", "message",
			      rq->en ? "This file was imported before (send force to import "
				       "it again)"
				     : "该文件已导入过，如确需重复导入请勾选“强制导入”",
			      "existing_id", (json_int_t)dup);
		resp_json(rs, 409, json_pack("{s:o}", "error", e));
		return;
	} else if (rc == LI_REJECTED) {
		const char *msg =
		    sum.accepted == 0
			? (rq->en ? "Every row is invalid: nothing was imported."
				  : "所有行都有错误，本次未导入任何数据。请修正后重新上传。")
			: (rq->en ? "Some rows are invalid: nothing was imported. Fix them "
				    "or accept a partial import."
				  : "部分行有错误，本次未导入任何数据。请修正后重新上传，或选择"
				    "“仅导入正确的行”。");
		json_t *e = json_pack("{s:s,s:s,s:O,s:o}", "code", "rows_rejected", "message", msg,
				      "problems", info.problems, "counts", summary_json(&sum));
		resp_json(rs, 422, json_pack("{s:o}", "error", e));
	} else if (rc != LI_OK) {
		resp_internal(rq, rs);
	} else {
		if (!r.dry_run)
			upload_delete(rq->db, id);
		resp_json(rs, 201, summary_json(&sum));
	}
	if (rc != LI_DUPLICATE)
		listfile_info_release(&info);
}

/* ---- progress and reports ---- */

void api_lists_list(struct req *rq, struct resp *rs)
{
	int64_t page, per_page;
	if (req_page(rq, rs, &page, &per_page) < 0)
		return;
	json_t *o = list_all(rq->db, clock_now(), page, per_page);
	if (!o)
		resp_internal(rq, rs);
	else
		resp_json(rs, 200, o);
}

void api_lists_get(struct req *rq, struct resp *rs)
{
	json_t *o = list_detail(rq->db, rq->params[0], clock_now());
	if (!o) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	resp_json(rs, 200, o);
}

void api_lists_problems(struct req *rq, struct resp *rs)
{
	json_t *l = list_detail(rq->db, rq->params[0], clock_now());
	json_t *rows = l ? list_problems(rq->db, rq->params[0]) : NULL;
	if (!l || !rows) {
		json_decref(l);
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	json_decref(l);
	resp_json(
	    rs, 200,
	    json_pack("{s:o,s:I}", "items", rows, "total", (json_int_t)json_array_size(rows)));
}

void api_lists_problems_xlsx(struct req *rq, struct resp *rs)
{
	char path[64], name[300];
	if (api_temp_path(path) < 0) {
		resp_internal(rq, rs);
		return;
	}
	int rc = listexport_problems(rq->db, &rq->actor, rq->user->name, rq->params[0], path, name);
	if (rc != ST_OK) {
		unlink(path);
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	api_send_file(rq, rs, path, name);
}

void api_lists_feedback(struct req *rq, struct resp *rs)
{
	char path[64], name[300];
	/* full numbers only for the office, and only when asked */
	const char *mask = req_query(rq, "mask");
	int full = mask && !strcmp(mask, "none") &&
		   (rq->user->role & (ROLE_ADMIN | ROLE_COMMANDER | ROLE_VERIFIER));
	if (api_temp_path(path) < 0) {
		resp_internal(rq, rs);
		return;
	}
	int rc = listexport_feedback(rq->db, &rq->actor, rq->user->name, rq->params[0], full, path,
				     name);
	if (rc != ST_OK) {
		unlink(path);
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	api_send_file(rq, rs, path, name);
}

/* ---- verification tasks ---- */

static int64_t task_scope(const struct req *rq)
{
	return api_scope_village(rq);
}

static void mask_task(json_t *t)
{
	char out[64];
	const char *doc = json_string_value(json_object_get(t, "doc_number"));
	const char *ph = json_string_value(json_object_get(t, "phone"));
	if (doc) {
		mask_doc(doc, out, sizeof out);
		json_object_set_new(t, "doc_number", json_string(out));
	}
	if (ph) {
		mask_phone(ph, out, sizeof out);
		json_object_set_new(t, "phone", json_string(out));
	}
	/* the list's cells behind a warning are shown as received (a phone
	 * that is not one must be seen to be called or corrected), except an
	 * ID number: that is revealed only on the person page, audited */
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(t, "row_warnings"), i, w)
	{
		const char *f = json_string_value(json_object_get(w, "field"));
		const char *v = json_string_value(json_object_get(w, "value"));
		if (v && f && !strcmp(f, "doc_number")) {
			mask_doc(v, out, sizeof out);
			json_object_set_new(w, "value", json_string(out));
		}
	}
}

void api_tasks_list(struct req *rq, struct resp *rs)
{
	struct task_filter f = {0};
	if (req_page(rq, rs, &f.page, &f.per_page) < 0 ||
	    req_query_int(rq, rs, "list", 1, INT64_MAX, 0, &f.list_id) < 0 ||
	    req_query_int(rq, rs, "village", -1, INT64_MAX, 0, &f.village) < 0)
		return;
	f.status = req_query(rq, "status");
	f.q = req_query(rq, "q");
	if (f.status && strcmp(f.status, "open") && strcmp(f.status, "done") &&
	    strcmp(f.status, "overdue")) {
		resp_err(rq, rs, 400, "bad_query", "status");
		return;
	}
	json_t *o = task_list(rq->db, &f, task_scope(rq), clock_now());
	if (!o) {
		resp_internal(rq, rs);
		return;
	}
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(o, "items"), i, t) mask_task(t);
	resp_json(rs, 200, o);
}

void api_tasks_get(struct req *rq, struct resp *rs)
{
	json_t *t = task_get(rq->db, rq->params[0], task_scope(rq));
	if (!t) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	mask_task(t);
	resp_json(rs, 200, t);
}

void api_tasks_assign(struct req *rq, struct resp *rs)
{
	json_t *ids = json_object_get(rq->json, "ids");
	int64_t village;
	if (req_int(rq, rs, "village_id", &village, NULL) < 0)
		return;
	if (!json_is_array(ids) || !json_array_size(ids) || json_array_size(ids) > 100000) {
		resp_err(rq, rs, 422, "invalid", "ids");
		return;
	}
	size_t n = json_array_size(ids), i;
	int64_t *v = xcalloc(n, sizeof *v);
	json_t *x;
	json_array_foreach(ids, i, x) v[i] = json_integer_value(x);
	int changed = village > 0 ? task_assign(rq->db, &rq->actor, v, (int)n, village) : -2;
	free(v);
	if (changed == -2) {
		resp_err(rq, rs, 422, "village", "village_id");
		return;
	}
	if (changed < 0) {
		resp_err(rq, rs, 422, "village", "village_id");
		return;
	}
	resp_json(rs, 200, json_pack("{s:i}", "assigned", changed));
}

void api_tasks_result(struct req *rq, struct resp *rs)
{
	const char *result, *where, *note;
	int64_t site_id;
	if (req_str(rq, rs, "result", &result) < 0 || req_str(rq, rs, "whereabouts", &where) < 0 ||
	    req_str(rq, rs, "note", &note) < 0 || req_int(rq, rs, "site_id", &site_id, NULL) < 0)
		return;
	if (!task_result_known(result)) {
		resp_err_msg(rs, 422, "task_result", "result",
			     rq->en ? "Unknown result" : "核查结果无效");
		return;
	}
	char wbuf[512];
	if (where) { /* trimmed: a space is no whereabouts */
		text_normalize(where, strlen(where), wbuf, sizeof wbuf);
		where = wbuf;
	}
	if (!strcmp(result, "不在本地") && (!where || !*where)) {
		resp_err_msg(rs, 422, "whereabouts", "whereabouts",
			     rq->en ? "Say where the person is" : "请填写去向");
		return;
	}
	json_t *t = task_get(rq->db, rq->params[0], task_scope(rq));
	if (!t) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	int64_t obs_id = 0;
	int home = !strcmp(result, "已落实-居家医学观察"),
	    central = !strcmp(result, "已落实-集中医学观察");
	if ((home || central) &&
	    strcmp(json_string_value(json_object_get(t, "status")), "open") == 0) {
		/* the observation module's rules: starts from the arrival date */
		struct obs o = {0};
		struct obs_rules r;
		o.person_id = json_integer_value(json_object_get(t, "person_id"));
		o.kind = central ? KIND_CENTRAL : KIND_HOME;
		o.site_id = site_id;
		snprintf(o.reason, sizeof o.reason, "协查名单");
		snprintf(o.reason_detail, sizeof o.reason_detail, "%s %s",
			 json_string_value(json_object_get(t, "source")) ?: "",
			 json_string_value(json_object_get(t, "batch")) ?: "");
		const char *arr = json_string_value(json_object_get(t, "arrival_date"));
		if (!arr || date_parse(arr, &o.exposure) < 0 || o.exposure > clock_today() ||
		    date_diff(o.exposure, clock_today()) > 60)
			o.exposure = clock_today();
		if (rq->user->role == ROLE_VILLAGE)
			o.worker_id = rq->user->id;
		int64_t existing;
		const char *why;
		struct obs_scope sc = {0, 0};
		int rc = obs_rules_for(rq->db, clock_today(), &r);
		o.rules_id = r.id;
		rc = rc == ST_OK ? obs_start(rq->db, &rq->actor, &o, &sc, &existing, &why) : rc;
		if (rc == ST_CONFLICT) {
			obs_id = existing; /* already under observation: link it */
		} else if (rc == ST_INVALID) {
			json_decref(t);
			resp_err(rq, rs, 409, why, "site_id");
			return;
		} else if (rc != ST_OK) {
			json_decref(t);
			resp_internal(rq, rs);
			return;
		} else {
			obs_id = o.id;
		}
	}
	json_decref(t);
	int rc = task_result(rq->db, &rq->actor, rq->params[0], task_scope(rq), result, where, note,
			     obs_id);
	if (rc == ST_INVALID) {
		resp_err_msg(rs, 409, "task_done", NULL,
			     rq->en ? "This task already has a result" : "该任务已有核查结果");
		return;
	}
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	t = task_get(rq->db, rq->params[0], task_scope(rq));
	mask_task(t);
	resp_json(rs, 200, t);
}

void api_tasks_same_person(struct req *rq, struct resp *rs)
{
	int64_t cand;
	if (req_int(rq, rs, "candidate_id", &cand, NULL) < 0)
		return;
	int rc = task_same_person(rq->db, &rq->actor, rq->params[0], cand);
	if (rc == ST_INVALID) {
		resp_err_msg(rs, 422, "candidate", "candidate_id",
			     rq->en ? "Not a candidate of this task" : "不是该任务的候选人员");
		return;
	}
	if (rc != ST_OK) {
		resp_err(rq, rs, rc == ST_NOTFOUND ? 404 : 500,
			 rc == ST_NOTFOUND ? "not_found" : "internal", NULL);
		return;
	}
	json_t *t = task_get(rq->db, rq->params[0], 0);
	mask_task(t);
	resp_json(rs, 200, t);
}

void api_tasks_self_found(struct req *rq, struct resp *rs)
{
	int64_t person, id;
	if (req_int(rq, rs, "person_id", &person, NULL) < 0)
		return;
	json_t *p = person_get_json(rq->db, person, api_scope_village(rq));
	if (!p) {
		resp_err(rq, rs, 422, "person", "person_id");
		return;
	}
	int64_t village = json_integer_value(json_object_get(p, "village_id"));
	json_decref(p);
	if (task_self_found(rq->db, &rq->actor, person, village, &id) != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	json_t *t = task_get(rq->db, id, 0);
	mask_task(t);
	resp_json(rs, 201, t);
}

void api_tasks_overdue(struct req *rq, struct resp *rs)
{
	json_t *a = task_overdue(rq->db, clock_now());
	if (!a) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, json_pack("{s:o}", "items", a));
}
