/* Feedback and problem-row exports of a list; see listexport.h. */
#include "listexport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/listmap.h"
#include "core/mask.h"
#include "io/xlsxw.h"
#include "store/list.h"
#include "util/buf.h"
#include "util/clock.h"

/* Cut or pad a row to the header's width, so the columns added after it
 * line up whatever a ragged row held beyond the header. */
static void fit(json_t *cells, size_t width)
{
	while (json_array_size(cells) > width)
		json_array_remove(cells, json_array_size(cells) - 1);
	while (json_array_size(cells) < width)
		json_array_append_new(cells, json_string(""));
}

void listexport_file_name(const char *prefix, const char *filename, char out[300])
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	size_t n = filename ? strlen(filename) : 0;
	/* an extension is a short ASCII run after the last dot, never the
	 * whole name (".csv") nor a part of it with a path or a space */
	if (dot && dot > filename && n - (size_t)(dot - filename) <= 6 &&
	    strspn(dot + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") ==
		n - (size_t)(dot - filename) - 1)
		n = (size_t)(dot - filename);
	/* room for the prefix, "-" and ".xlsx"; never cut a UTF-8 sequence */
	size_t room = 300 - strlen(prefix) - 7;
	if (n > room) {
		n = room;
		while (n && ((unsigned char)filename[n] & 0xC0) == 0x80)
			n--;
	}
	if (!n)
		snprintf(out, 300, "%s-名单.xlsx", prefix);
	else
		snprintf(out, 300, "%s-%.*s.xlsx", prefix, (int)n, filename);
}

static void now_text(char out[20])
{
	time_t t = (time_t)(clock_now() + CLOCK_TZ_OFFSET);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M", &tm);
}

static int audit_export(struct db *db, const struct actor *who, const char *what, int64_t id,
			json_t *detail)
{
	int ok = db_begin(db) == 0 && audit_write(db, who, what, "list", id, detail) == 0 &&
		 db_commit(db) == 0;
	if (!ok)
		db_rollback(db);
	return ok ? 0 : -1;
}

int listexport_problems(struct db *db, const struct actor *who, const char *who_name, int64_t id,
			const char *path, char name[300])
{
	json_t *l = list_detail(db, id, clock_now());
	json_t *rows = l ? list_problems(db, id) : NULL;
	char when[20], title[300];
	if (!l || !rows) {
		json_decref(l);
		json_decref(rows);
		return ST_NOTFOUND;
	}
	const char *fname = json_string_value(json_object_get(l, "filename"));
	struct xlsxw *x = xlsxw_open(path, "问题行");
	int rc = x ? 0 : -1;
	json_t *hdr = json_pack("[sss]", "原文件行号", "问题", "处理");
	if (x)
		xlsxw_row2(x, hdr, json_object_get(l, "header"));
	json_decref(hdr);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if (!x)
			break;
		struct buf why = BUF_INIT;
		size_t k;
		json_t *p;
		json_array_foreach(json_object_get(r, "problems"), k, p)
		{
			const char *m = json_string_value(json_object_get(p, "message"));
			buf_addf(&why, "%s%s", why.len ? "；" : "", m ? m : "");
		}
		const char *st = json_string_value(json_object_get(r, "status"));
		json_t *pre = json_pack(
		    "[Iss]", (json_int_t)json_integer_value(json_object_get(r, "row_no")), why.s,
		    !st || !strcmp(st, "rejected") ? "未导入"
		    : !strcmp(st, "duplicate")	   ? "已合并"
						   : "已导入（存疑）");
		buf_release(&why);
		json_t *cells = json_object_get(r, "cells");
		if (json_is_array(cells))
			fit(cells, json_array_size(json_object_get(l, "header")));
		rc |= xlsxw_row2(x, pre, cells);
		json_decref(pre);
	}
	now_text(when);
	snprintf(title, 300, "%s 问题行报告", fname ? fname : "");
	listexport_file_name("问题行", fname, name);
	if (x && xlsxw_close(x, title, who_name, when, who->trace) < 0)
		rc = -1;
	json_t *d =
	    json_pack("{s:s,s:I}", "file", "problems", "rows", (json_int_t)json_array_size(rows));
	json_decref(rows);
	json_decref(l);
	if (rc == 0)
		rc = audit_export(db, who, "list.export_problems", id, d);
	json_decref(d);
	return rc == 0 ? ST_OK : ST_ERR;
}

struct fb_ctx {
	struct xlsxw *x;
	int mask_cols[64];
	int is_phone[64];
	int nmask;
	int rows;
	size_t width; /* header cells */
};

static int fb_row(void *ctx, json_t *cells, json_t *result)
{
	struct fb_ctx *c = ctx;
	for (int i = 0; i < c->nmask; i++) {
		json_t *v = json_array_get(cells, (size_t)c->mask_cols[i]);
		char out[64];
		if (!json_is_string(v))
			continue;
		if (c->is_phone[i])
			mask_phone(json_string_value(v), out, sizeof out);
		else
			mask_doc(json_string_value(v), out, sizeof out);
		json_array_set_new(cells, (size_t)c->mask_cols[i], json_string(out));
	}
	c->rows++;
	fit(cells, c->width);
	return xlsxw_row2(c->x, cells, result) < 0;
}

int listexport_feedback(struct db *db, const struct actor *who, const char *who_name, int64_t id,
			int full, const char *path, char name[300])
{
	json_t *l = list_detail(db, id, clock_now());
	char when[20], title[300];
	if (!l)
		return ST_NOTFOUND;
	const char *fname = json_string_value(json_object_get(l, "filename"));
	struct fb_ctx c = {0};
	c.x = xlsxw_open(path, "核查结果");
	if (!c.x) {
		json_decref(l);
		return ST_ERR;
	}
	/* the mapped ID and phone columns, and any other column whose header
	 * names one (a second phone, a companion's ID) */
	json_t *mapping = json_object_get(l, "mapping");
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(l, "header"), i, h)
	{
		char key[24];
		snprintf(key, sizeof key, "%zu", i);
		const char *f = json_string_value(json_object_get(mapping, key));
		const char *t = json_string_value(h);
		int hf = t ? list_header_field(t, strlen(t)) : LF_NONE;
		int doc = (f && !strcmp(f, "doc_number")) || hf == LF_DOC_NUMBER;
		int phone = (f && !strcmp(f, "phone")) || hf == LF_PHONE;
		if (!full && (doc || phone) && c.nmask < 64) {
			c.is_phone[c.nmask] = phone && !doc;
			c.mask_cols[c.nmask++] = (int)i;
		}
	}
	c.width = json_array_size(json_object_get(l, "header"));
	json_t *extra =
	    json_pack("[sssss]", "核查结果", "管控措施", "核查人", "核查时间", "核查备注");
	xlsxw_row2(c.x, json_object_get(l, "header"), extra);
	json_decref(extra);
	int rc = list_feedback(db, id, fb_row, &c);
	now_text(when);
	snprintf(title, sizeof title, "%s 核查结果反馈（%s）", fname ? fname : "",
		 full ? "完整号码" : "已脱敏");
	listexport_file_name("核查结果", fname, name);
	if (xlsxw_close(c.x, title, who_name, when, who->trace) < 0)
		rc = -1;
	json_decref(l);
	if (rc < 0)
		return ST_ERR;
	json_t *d = json_pack("{s:b,s:i}", "full_numbers", full, "rows", c.rows);
	rc = audit_export(db, who, "list.export", id, d);
	json_decref(d);
	return rc == 0 ? ST_OK : ST_ERR;
}
