/*
 * Demo data for key-person lists (part of `fangkong demo`): two lists as
 * they arrive from above — a title row, Chinese headers, a few bad rows —
 * imported through the same pipeline as an upload, then about half the
 * tasks verified by the villages (居家 results start observations), the
 * rest open, some of them overdue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/listimport.h"
#include "cli.h"
#include "core/idcard.h"
#include "demo.h"
#include "store/list.h"
#include "util/buf.h"
#include "util/clock.h"

static void synthetic_id(char out[19], uint32_t (*rnd)(uint32_t))
{
	static const char *const regions[] = {"420106", "420102", "420902", "421003", "440605"};
	snprintf(out, 19, "%s%04u%02u%02u%03u", regions[rnd(5)], 1950 + rnd(55), 1 + rnd(12),
		 1 + rnd(28), rnd(1000));
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

static void make_csv(struct db *db, struct buf *b, int rows, int batch, uint32_t (*rnd)(uint32_t))
{
	static const char *const surn[] = {"陈", "李", "黄", "张", "刘", "王", "周", "吴"};
	static const char *const giv[] = {"文", "华", "明", "丽", "强", "敏", "杰", "芳", "婷"};
	/* villages as people write them: the short name (沙涌) or the full one */
	char vill[64][64];
	int nv = 0;
	sqlite3_stmt *vs = db_prep(db, "SELECT name,aliases FROM villages ORDER BY code");
	while (vs && nv < 64 && sqlite3_step(vs) == SQLITE_ROW) {
		const char *alias = (const char *)sqlite3_column_text(vs, 1);
		const char *comma = alias ? strchr(alias, ',') : NULL;
		if (nv % 2 && alias && *alias)
			snprintf(vill[nv], sizeof vill[nv], "%.*s",
				 (int)(comma ? comma - alias : (long)strlen(alias)), alias);
		else
			snprintf(vill[nv], sizeof vill[nv], "%s",
				 (const char *)sqlite3_column_text(vs, 0));
		nv++;
	}
	if (vs)
		sqlite3_reset(vs);
	if (!nv)
		snprintf(vill[nv++], sizeof vill[0], "沙涌");
	buf_addf(b, "里水镇重点人员协查名单（第%d批）,,,,,,,\n", batch);
	buf_adds(b, "序号,姓名,身份证号码,联系电话,现住址,所属村居,来源地,返回日期\n");
	sqlite3_stmt *st = db_prep(db, "SELECT name,doc_number,phone,address FROM persons ORDER BY"
				       " (id * 7919) % 5003 LIMIT ?");
	sqlite3_bind_int(st, 1, rows / 2);
	int n = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		n++;
		buf_addf(b, "%d,%s,%s,%s,%s,,湖北省武汉市,2月%u日\n", n,
			 (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 1),
			 (const char *)sqlite3_column_text(st, 2),
			 (const char *)sqlite3_column_text(st, 3), 1 + rnd(5));
	}
	if (st)
		sqlite3_reset(st);
	for (; n < rows; n++) {
		char id[19];
		synthetic_id(id, rnd);
		if (n % 40 == 7)
			id[17] = id[17] == '1' ? '2' : '1'; /* a wrong check digit */
		const char *v = vill[rnd((uint32_t)nv)];
		int in_addr = rnd(4) == 0;
		buf_addf(b, "%d,%s%s%s,%s,13%09u,里水镇%s%s路%u号,%s,湖北省%s,2020年2月%u日\n",
			 n + 1, surn[rnd(8)], giv[rnd(9)], rnd(2) ? giv[rnd(9)] : "", id,
			 rnd(1000000000), in_addr ? v : "", rnd(2) ? "振华" : "建设", 1 + rnd(200),
			 in_addr ? "" : (rnd(12) ? v : "不详"), rnd(2) ? "武汉市" : "孝感市",
			 1 + rnd(5));
	}
}

int demo_lists(struct db *db, uint32_t (*rnd)(uint32_t), int *made)
{
	int64_t now = clock_now();
	for (int batch = 1; batch <= 2; batch++) {
		struct buf b = BUF_INIT;
		make_csv(db, &b, batch == 1 ? 240 : 120, batch, rnd);
		struct listimport_req r = {0};
		listfile_opts_default(&r.opts);
		r.data = b.s;
		r.len = b.len;
		char fname[64], batchname[64];
		snprintf(fname, sizeof fname, "重点人员协查名单（第%d批）.csv", batch);
		snprintf(batchname, sizeof batchname, "佛卫疾控〔2020〕%d号", 30 + batch);
		r.filename = fname;
		r.source = "佛山市疫情防控指挥部";
		r.batch = batchname;
		r.received_at = now - (batch == 1 ? 40 : 5) * 3600;
		r.deadline_hours = 24;
		r.accept_partial = 1;
		r.save_mapping = 1;
		struct list_summary sum;
		struct listfile_info info;
		struct sheet_error err = {0};
		int64_t dup;
		int rc = listimport_run(db, cli_actor(), &r, &sum, &info, &err, &dup);
		buf_release(&b);
		if (rc == LI_FILE) {
			fprintf(stderr, "演示名单：%s\n", err.message);
			return -1;
		}
		listfile_info_release(&info);
		if (rc != LI_OK)
			return -1;
		(*made)++;
		if (batch == 2)
			continue; /* the new list is still being worked on */
		/* the villages verify most of the first list */
		sqlite3_stmt *st =
		    db_prep(db, "SELECT id FROM tasks WHERE list_id=? AND village_id IS"
				" NOT NULL ORDER BY id");
		int64_t ids[400];
		int n = 0;
		sqlite3_bind_int64(st, 1, sum.list_id);
		while (n < 400 && sqlite3_step(st) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		static const char *const results[] = {"已落实-健康监测", "已落实-健康监测",
						      "不在本地", "查无此人", "信息有误"};
		for (int i = 0; i < n; i++) {
			if (rnd(10) < 3)
				continue; /* still open: overdue by now */
			const char *res = results[rnd(5)];
			task_result(db, cli_actor(), ids[i], 0, res,
				    !strcmp(res, "不在本地") ? "仍在湖北武汉，已电话联系" : "", "",
				    0);
		}
	}
	return 0;
}
