/*
 * Daily report API (日报) and the command dashboard: figures for any date,
 * sending upward (a frozen version), corrections with a reason, versions,
 * the xlsx export in the office's layout, the layout editor's data.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "app/reportexport.h"
#include "core/date.h"
#include "store/report.h"
#include "util/clock.h"

/* The ?date= or body "date" of a report: not in the future, not before the
 * first record.  -1 after replying. */
static int report_date(struct req *rq, struct resp *rs, const char *s, int *date)
{
	*date = clock_today();
	if (s && date_parse(s, date) < 0) {
		resp_err(rq, rs, 422, "date", "date");
		return -1;
	}
	if (*date > clock_today()) {
		resp_err_msg(rs, 422, "report_future", "date",
			     rq->en ? "That date is in the future" : "不能生成未来日期的日报");
		return -1;
	}
	int first = report_first_date(rq->db);
	if (first && *date < first) {
		char m[160], f[11];
		date_format(first, f, sizeof f);
		snprintf(m, sizeof m,
			 rq->en ? "No records before %s, the first day of the epidemic here"
				: "%s 之前没有任何记录（本镇疫情记录从这一天开始）",
			 f);
		resp_err_msg(rs, 422, "report_before_first", "date", m);
		return -1;
	}
	return 0;
}

void api_report_daily(struct req *rq, struct resp *rs)
{
	int date;
	if (report_date(rq, rs, req_query(rq, "date"), &date) < 0)
		return;
	json_t *r = report_compute(rq->db, date);
	json_t *v = report_versions(rq->db, date);
	if (!r || !v) {
		json_decref(r);
		json_decref(v);
		resp_internal(rq, rs);
		return;
	}
	json_t *labels = json_array();
	for (int i = 0; i < report_field_count; i++)
		json_array_append_new(labels,
				      json_pack("{s:s,s:s,s:b}", "key", report_fields[i].key,
						"label", report_fields[i].label, "per_village",
						report_fields[i].per_village));
	int64_t scope = api_scope_village(rq);
	if (scope) {
		/* a village worker sees their own village's figures, nothing town-wide */
		json_t *mine = NULL;
		size_t i;
		json_t *row;
		json_array_foreach(json_object_get(r, "villages"), i, row)
		{
			if (json_integer_value(json_object_get(row, "village_id")) == scope)
				mine = json_incref(row);
		}
		json_object_set_new(r, "town", mine ? mine : json_object());
		json_object_set_new(r, "villages", json_array());
		json_object_del(r, "reconciliation");
		json_object_del(r, "summary");
		json_decref(v);
		v = json_array();
	}
	json_object_set_new(r, "versions", v);
	json_object_set_new(r, "fields", labels);
	int first = report_first_date(rq->db);
	char f[11] = "";
	if (first)
		date_format(first, f, sizeof f);
	json_object_set_new(r, "first_date", first ? json_string(f) : json_null());
	resp_json(rs, 200, r);
}

static void send_version(struct req *rq, struct resp *rs, int correction)
{
	const char *d, *reason;
	int date, version;
	if (req_str(rq, rs, "date", &d) < 0 || req_str(rq, rs, "reason", &reason) < 0 ||
	    report_date(rq, rs, d, &date) < 0)
		return;
	json_t *v = report_versions(rq->db, date);
	size_t sent = json_array_size(v);
	json_decref(v);
	if (!correction && sent) {
		resp_err_msg(rs, 409, "report_sent", "date",
			     rq->en ? "Already sent: send a correction with a reason"
				    : "该日日报已上报；如需修改请提交更正并写明原因");
		return;
	}
	if (correction && !sent) {
		resp_err_msg(rs, 409, "report_not_sent", "date",
			     rq->en ? "Not sent yet: send it first" : "该日日报尚未上报，请先上报");
		return;
	}
	if (correction && (!reason || !*reason)) {
		resp_err_msg(rs, 422, "reason_required", "reason",
			     rq->en ? "A correction needs a reason" : "更正须写明原因");
		return;
	}
	json_t *fig = report_compute(rq->db, date);
	int rc = fig ? report_send(rq->db, &rq->actor, rq->user->name, date, fig,
				   correction ? reason : "", &version)
		     : ST_ERR;
	json_decref(fig);
	if (rc == ST_CONFLICT || rc == ST_INVALID) { /* another send got there first */
		resp_err_msg(
		    rs, 409, rc == ST_CONFLICT ? "report_sent" : "report_not_sent", "date",
		    rc == ST_CONFLICT
			? (rq->en ? "Already sent: send a correction with a reason"
				  : "该日日报已上报；如需修改请提交更正并写明原因")
			: (rq->en ? "Not sent yet: send it first" : "该日日报尚未上报，请先上报"));
		return;
	}
	if (rc != ST_OK) {
		resp_internal(rq, rs);
		return;
	}
	json_t *o = report_version(rq->db, date, version);
	resp_json(rs, 201, o);
}

void api_report_send(struct req *rq, struct resp *rs)
{
	send_version(rq, rs, 0);
}

void api_report_correct(struct req *rq, struct resp *rs)
{
	send_version(rq, rs, 1);
}

void api_report_version(struct req *rq, struct resp *rs)
{
	int date;
	int64_t version;
	if (report_date(rq, rs, req_query(rq, "date"), &date) < 0 ||
	    req_query_int(rq, rs, "version", 1, 100000, 1, &version) < 0)
		return;
	json_t *o = report_version(rq->db, date, (int)version);
	if (!o) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	resp_json(rs, 200, o);
}

void api_report_xlsx(struct req *rq, struct resp *rs)
{
	int date;
	int64_t version;
	char path[64], name[64];
	if (report_date(rq, rs, req_query(rq, "date"), &date) < 0 ||
	    req_query_int(rq, rs, "version", 0, 100000, 0, &version) < 0)
		return;
	json_t *fig;
	if (version) {
		json_t *v = report_version(rq->db, date, (int)version);
		fig = v ? json_incref(json_object_get(v, "figures")) : NULL;
		json_decref(v);
	} else {
		fig = report_compute(rq->db, date);
	}
	if (!fig) {
		resp_err(rq, rs, 404, "not_found", NULL);
		return;
	}
	json_t *layout = report_layout_get(rq->db);
	int rc = api_temp_path(path) < 0
		     ? -1
		     : reportexport_xlsx(rq->db, &rq->actor, rq->user->name, fig, layout, path);
	json_decref(fig);
	json_decref(layout);
	if (rc < 0) {
		unlink(path);
		resp_internal(rq, rs);
		return;
	}
	char ds[11];
	date_format(date, ds, sizeof ds);
	snprintf(name, sizeof name, "日报-%s.xlsx", ds);
	api_send_file(rq, rs, path, name);
}

void api_report_layout_get(struct req *rq, struct resp *rs)
{
	resp_json(rs, 200, report_layout_get(rq->db));
}

void api_report_layout_put(struct req *rq, struct resp *rs)
{
	const char *bad = report_layout_set(rq->db, &rq->actor, rq->json);
	if (bad && !strcmp(bad, "internal")) {
		resp_internal(rq, rs);
		return;
	}
	if (bad) {
		char m[200];
		snprintf(
		    m, sizeof m,
		    !strcmp(bad, "layout")
			? (rq->en ? "A layout needs a title and a list of fields"
				  : "版式须有标题和字段列表")
			: (rq->en ? "Unknown field in the layout: %s" : "版式中有未知字段：%s"),
		    bad);
		resp_err_msg(rs, 422, "layout_field", bad, m);
		return;
	}
	resp_json(rs, 200, report_layout_get(rq->db));
}

void api_dashboard(struct req *rq, struct resp *rs)
{
	json_t *o = report_dashboard(rq->db, clock_today(), clock_now());
	if (!o) {
		resp_internal(rq, rs);
		return;
	}
	resp_json(rs, 200, o);
}
