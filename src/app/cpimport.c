/* Bulk import of checkpoint screening logs; see cpimport.h. */
#include "cpimport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/listimport.h"
#include "core/date.h"
#include "core/listmap.h"
#include "core/msg.h"
#include "core/plate.h"
#include "core/screen.h"
#include "core/text.h"
#include "store/checkpoint.h"
#include "store/obs.h"
#include "util/clock.h"

enum col {
	C_TIME,
	C_PLATE,
	C_VTYPE,
	C_ORIGIN,
	C_DEST,
	C_NAME,
	C_DOC,
	C_PHONE,
	C_TEMP,
	C_METHOD,
	C_RESULT,
	C_HOSPITAL,
	C_NOTE,
	C_N
};

static const char *const headers[C_N][5] = {
    {"检测时间", "时间", "日期时间", "登记时间", NULL},
    {"车牌号", "车牌", "车牌号码", NULL},
    {"车辆类型", "车型", "类型", NULL},
    {"来源地", "出发地", "从何地来", "来自", NULL},
    {"目的地", "去往", "前往", NULL},
    {"姓名", NULL},
    {"身份证号", "身份证号码", "证件号码", "证件号", NULL},
    {"联系电话", "电话", "手机号", "手机", NULL},
    {"体温", "体温（℃）", "体温(℃)", "温度", NULL},
    {"测温方式", NULL},
    {"处理结果", "结果", "处置", "处理", NULL},
    {"转诊医院", "医院", NULL},
    {"备注", NULL},
};

struct ctx {
	struct db *db;
	const struct actor *who;
	int64_t cp;
	int english, accept_partial, header_found, cols[C_N];
	char sha[65];
	struct obs_rules rules;
	struct cpimport_result *r;
	int failed;
};

static int header_row(struct ctx *c, const struct sheet_cell *cells, int n)
{
	int found = 0;
	for (int k = 0; k < C_N; k++)
		c->cols[k] = -1;
	for (int i = 0; i < n; i++) {
		char h[128];
		text_normalize(cells[i].s, cells[i].len, h, sizeof h);
		for (int k = 0; k < C_N; k++)
			for (int j = 0; headers[k][j]; j++)
				if (c->cols[k] < 0 && !strcmp(h, headers[k][j])) {
					c->cols[k] = i;
					found++;
				}
	}
	return c->cols[C_TEMP] >= 0 && found >= 3;
}

static const char *cell(const struct sheet_cell *cells, int n, int col)
{
	return col >= 0 && col < n ? cells[col].s : "";
}

/* "2020-02-01 08:30", "2020/2/1 8:30", an Excel date-time. */
static int parse_time(const struct sheet_cell *c, int64_t *t)
{
	char buf[64];
	if (c->type == SHEET_NUMBER || c->type == SHEET_DATE) {
		int d = list_excel_date(c->num, 0);
		if (!d)
			return -1;
		double frac = c->num - (double)(int64_t)c->num;
		*t = date_local_time(d, (int64_t)(frac * 86400 + 0.5));
		return 0;
	}
	text_normalize(c->s, c->len, buf, sizeof buf);
	if (date_parse_local_time(buf, t) == 0)
		return 0;
	char *sp = strchr(buf, ' ');
	int h = 0, m = 0;
	if (!sp || sscanf(sp + 1, "%d:%d", &h, &m) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	int d = list_parse_date(buf, (size_t)(sp - buf), clock_today() / 10000);
	if (!d)
		return -1;
	*t = date_local_time(d, h * 3600 + m * 60);
	return 0;
}

static void problem(struct ctx *c, long row, const char *column, const char *code,
		    const char *message)
{
	c->r->rejected++;
	if (json_array_size(c->r->problems) < 200)
		json_array_append_new(c->r->problems, json_pack("{s:I,s:s,s:s,s:s}", "row",
								(json_int_t)row, "column", column,
								"code", code, "message", message));
}

static int import_done(struct db *db, const struct ctx *c, int rc, struct sheet_error *err);

static int on_row(void *ctx, long row, const struct sheet_cell *cells, int n)
{
	struct ctx *c = ctx;
	if (!c->header_found) {
		c->header_found = header_row(c, cells, n);
		return 0;
	}
	struct screening s;
	char cid[48], doc[40], phone[32];
	memset(&s, 0, sizeof s);
	c->r->rows++;
	snprintf(cid, sizeof cid, "imp-%.16s-%ld", c->sha, row);
	s.client_id = cid;
	s.checkpoint_id = c->cp;
	if (c->cols[C_TIME] < 0 || c->cols[C_TIME] >= n ||
	    parse_time(&cells[c->cols[C_TIME]], &s.at) < 0) {
		problem(c, row, "检测时间", "time", msg_get("time", c->english));
		return 0;
	}
	s.vehicle_type =
	    *cell(cells, n, c->cols[C_VTYPE]) ? cell(cells, n, c->cols[C_VTYPE]) : "小客车";
	const char *plate = cell(cells, n, c->cols[C_PLATE]);
	if (strcmp(s.vehicle_type, "行人") &&
	    plate_parse(plate, strlen(plate), s.plate, sizeof s.plate) == PLATE_INVALID) {
		problem(c, row, "车牌号", "plate", msg_get("plate", c->english));
		return 0;
	}
	s.origin = cell(cells, n, c->cols[C_ORIGIN]);
	s.destination = cell(cells, n, c->cols[C_DEST]);
	struct screen_person *p = &s.p[0];
	s.n = 1;
	char *end;
	const char *temp = cell(cells, n, c->cols[C_TEMP]);
	double t = strtod(temp, &end);
	p->temp = *temp && !*end ? (int)(t * 10 + 0.5) : 0;
	const char *m = cell(cells, n, c->cols[C_METHOD]);
	p->method = *m ? obs_method_from_name(m) : METHOD_FOREHEAD;
	p->name = cell(cells, n, c->cols[C_NAME]);
	p->doc_number = cell(cells, n, c->cols[C_DOC]);
	p->phone = cell(cells, n, c->cols[C_PHONE]);
	p->result = cell(cells, n, c->cols[C_RESULT]);
	p->hospital = cell(cells, n, c->cols[C_HOSPITAL]);
	p->note = cell(cells, n, c->cols[C_NOTE]);
	const char *field, *message;
	const char *bad = screen_person_check(p, &c->rules, clock_today(), c->english, doc, phone,
					      &field, &message);
	if (bad) {
		problem(c, row, field ? field : "", bad,
			message ? message : msg_get(bad, c->english));
		return 0;
	}
	int64_t id;
	int existed, sightings;
	if (screening_insert(c->db, c->who, &s, &id, &existed, &sightings) != ST_OK) {
		c->failed = 1;
		return 1;
	}
	if (existed)
		c->r->already++;
	else
		c->r->imported++;
	return 0;
}

int cpimport_run(struct db *db, const struct actor *who, const void *data, size_t len,
		 int64_t checkpoint_id, int accept_partial, int english, struct cpimport_result *r,
		 struct sheet_error *err)
{
	struct ctx c = {0};
	memset(r, 0, sizeof *r);
	r->problems = json_array();
	c.db = db;
	c.who = who;
	c.cp = checkpoint_id;
	c.english = english;
	c.accept_partial = accept_partial;
	c.r = r;
	listimport_sha256(data, len, c.sha);
	if (obs_rules_for(db, clock_today(), &c.rules) != ST_OK)
		obs_rules_default(&c.rules);
	/* every value is validated here (result, checkpoint) or comes from this
	 * transaction (screening, person, observation ids), so SQLite's own
	 * checks per insert are pure cost — and the CHECK result IN (5 values)
	 * of screened builds a temporary b-tree for every row: a bulk
	 * transaction, as the list import's */
	if (db_bulk_begin(db) < 0)
		return -2;
	struct sheet_opts so = {0};
	int rc = sheet_read_mem(data, len, &so, on_row, &c, NULL, err);
	rc = import_done(db, &c, rc, err);
	db_bulk_end(db);
	return rc;
}

/* The end of an import: commit what was read, or roll it back. */
static int import_done(struct db *db, const struct ctx *c, int rc, struct sheet_error *err)
{
	struct cpimport_result *r = c->r;
	if (rc < 0 || c->failed) {
		db_rollback(db);
		return rc < 0 ? -1 : -2;
	}
	if (!c->header_found) {
		db_rollback(db);
		err->code = "no_header";
		snprintf(err->message, sizeof err->message, "%s",
			 c->english
			     ? "No header found: expected columns such as 检测时间, 车牌号, 体温"
			     : "找不到表头：应包含“检测时间”“车牌号”“姓名”“体温”“处理结果”等列");
		return -1;
	}
	if (r->rejected && !c->accept_partial) {
		db_rollback(db);
		r->imported = 0;
		return 0;
	}
	json_t *d = json_pack("{s:I,s:I}", "imported", (json_int_t)r->imported, "rejected",
			      (json_int_t)r->rejected);
	int ok = audit_write(db, c->who, "screening.import", "checkpoint", c->cp, d) == 0 &&
		 db_commit(db) == 0;
	json_decref(d);
	if (!ok) {
		db_rollback(db);
		return -2;
	}
	return 0;
}
