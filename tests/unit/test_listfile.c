/*
 * Unit tests for src/io/listfile.c: a key-person list file understood, on
 * files built here — CSVs in UTF-8 and GB18030 and an XLSX written with
 * libxlsxwriter.  Title, blank and note rows around the header; which rows
 * are rejected (no name, IDs destroyed by Excel, bad check digit) and which
 * are only doubtful (a phone that is not a phone, a date nobody can read, an
 * unknown ID region, a sex that contradicts the ID, an arrival after today
 * or before the outbreak); duplicates found in the same pass (so the
 * preview counts them); "no_header" names what was expected and found; the
 * user's mapping beats the saved one, which beats the synonyms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/idcard.h"
#include "core/msg.h"
#include "io/listfile.h"
#include "util/buf.h"

#define MAXR 16

/* What the row callback saw, copied (the row is borrowed). */
struct got {
	int n;
	long row[MAXR];
	int ok[MAXR], arrival[MAXR], sex[MAXR];
	long dup_of[MAXR];
	size_t ncells[MAXR];
	char name[MAXR][64], doc[MAXR][40], phone[MAXR][32], village[MAXR][64], origin[MAXR][64];
	char codes[MAXR][160]; /* problem codes, "," after each */
};

static int collect(void *ctx, const struct list_row_in *r)
{
	struct got *g = ctx;
	if (g->n >= MAXR)
		return 1;
	int i = g->n++;
	g->row[i] = r->row_no;
	g->ok[i] = r->ok;
	g->arrival[i] = r->arrival;
	g->dup_of[i] = r->dup_of;
	g->sex[i] = r->p.sex;
	g->ncells[i] = json_array_size(r->cells);
	snprintf(g->name[i], sizeof g->name[i], "%s", r->ok ? r->p.name : "");
	snprintf(g->doc[i], sizeof g->doc[i], "%s", r->ok ? r->p.doc_number : "");
	snprintf(g->phone[i], sizeof g->phone[i], "%s", r->ok ? r->p.phone : "");
	snprintf(g->village[i], sizeof g->village[i], "%s", r->village_text ? r->village_text : "");
	snprintf(g->origin[i], sizeof g->origin[i], "%s", r->origin ? r->origin : "");
	g->codes[i][0] = '\0';
	size_t k;
	json_t *p;
	json_array_foreach(r->problems, k, p)
	{
		size_t l = strlen(g->codes[i]);
		snprintf(g->codes[i] + l, sizeof g->codes[i] - l, "%s,",
			 json_string_value(json_object_get(p, "code")));
	}
	return 0;
}

/* 17 digits → the 18-character ID with its check character. */
static const char *mkid(const char *first17, char out[19])
{
	memcpy(out, first17, 17);
	out[17] = idcard_check_char(first17);
	out[18] = '\0';
	return out;
}

static void opts(struct listfile_opts *o)
{
	listfile_opts_default(o);
	o->today = 20200301;
	o->year = 2020;
}

static int run(const void *data, size_t len, const struct listfile_opts *o, struct got *g,
	       struct listfile_info *info, struct sheet_error *err)
{
	memset(g, 0, sizeof *g);
	memset(err, 0, sizeof *err);
	return listfile_read(data, len, o, collect, g, info, err);
}

static int run_csv(const char *csv, const struct listfile_opts *o, struct got *g,
		   struct listfile_info *info, struct sheet_error *err)
{
	return run(csv, strlen(csv), o, g, info, err);
}

static const char *col_field(struct listfile_info *info, int i)
{
	return json_string_value(
	    json_object_get(json_array_get(info->columns, (size_t)i), "field"));
}

static const char *col_source(struct listfile_info *info, int i)
{
	return json_string_value(
	    json_object_get(json_array_get(info->columns, (size_t)i), "source"));
}

static const char *mapped(struct listfile_info *info, const char *index)
{
	return json_string_value(json_object_get(info->mapping, index));
}

/* The n-th problem of the file-level list. */
static json_t *problem(struct listfile_info *info, size_t n)
{
	json_t *p = json_array_get(info->problems, n);
	if (!p)
		fail_msg("no problem #%zu", n);
	return p;
}

static const char *pstr(json_t *p, const char *k)
{
	return json_string_value(json_object_get(p, k));
}

/* Title rows, blank rows and notes around a header; data rows keep their
 * row numbers in the file. */
static void test_title_blank_notes(void **state)
{
	(void)state;
	char a[19], b[19], csv[2048];
	snprintf(csv, sizeof csv,
		 "里水镇重点人员协查名单（第3批）,,,,,,,,\n"
		 ",,,,,,,,\n"
		 "发文单位：佛山市疫情防控指挥部,,,,,,,,\n"
		 "序号,姓名,性别,身份证号（必填）,联系电话,现住址,所属村居,来源地,到达日期\n"
		 "1,张三,男,%s,138 0013 8000,里水镇沙涌社区1号,沙涌社区,武汉,2020-01-26\n"
		 ",,,,,,,,\n"
		 "2, 李四 ,女,%s,13900139000,里水镇和顺村2号,,湖北孝感,2020年1月27日\n"
		 "\n"
		 "注：以上人员请于24小时内核查反馈,,,,,,,,\n"
		 "填表人：王五,,,,联系电话：13700137000,,,,\n"
		 "合计,,,,,,,,\n",
		 mkid("44060519900101001", a), mkid("44060519920315002", b));
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_string_equal(info.format, "csv");
	assert_int_equal(info.header_row, 4);
	assert_int_equal(info.rows, 2);
	assert_int_equal(info.accepted, 2);
	assert_int_equal(info.rejected, 0);
	assert_int_equal(info.doubtful, 0);
	assert_int_equal(json_array_size(info.problems), 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.row[0], 5);
	assert_int_equal(g.row[1], 7);
	assert_string_equal(g.name[0], "张三");
	assert_string_equal(g.name[1], "李四");
	assert_string_equal(g.doc[0], a);
	assert_string_equal(g.doc[1], b);
	assert_string_equal(g.phone[0], "13800138000");
	assert_int_equal(g.sex[0], 1);
	assert_int_equal(g.sex[1], 2);
	assert_string_equal(g.village[0], "沙涌社区");
	assert_string_equal(g.village[1], "");
	assert_string_equal(g.origin[1], "湖北孝感");
	assert_int_equal(g.arrival[0], 20200126);
	assert_int_equal(g.arrival[1], 20200127);
	assert_int_equal(g.ncells[0], 9);
	/* the columns as understood */
	assert_int_equal(json_array_size(info.columns), 9);
	assert_string_equal(col_field(&info, 0), "");
	assert_string_equal(col_source(&info, 0), "none");
	assert_string_equal(col_field(&info, 1), "name");
	assert_string_equal(col_source(&info, 1), "auto");
	assert_string_equal(col_field(&info, 3), "doc_number");
	assert_string_equal(mapped(&info, "3"), "doc_number");
	assert_string_equal(mapped(&info, "4"), "phone");
	assert_string_equal(mapped(&info, "5"), "address");
	assert_string_equal(mapped(&info, "6"), "village");
	assert_string_equal(mapped(&info, "7"), "origin");
	assert_string_equal(mapped(&info, "8"), "arrival");
	assert_null(mapped(&info, "0"));
	assert_string_equal(json_string_value(json_array_get(info.header, 3)), "身份证号（必填）");
	/* samples keep their row numbers */
	assert_int_equal(json_array_size(info.samples), 2);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(info.samples, 1), "row")), 7);
	listfile_info_release(&info);
}

/* Notes under the list in the name column itself are not persons. */
static void test_notes_in_name_column(void **state)
{
	(void)state;
	char a[19], csv[512];
	snprintf(csv, sizeof csv,
		 "姓名,身份证号,联系电话\n"
		 "张三,%s,13800138000\n"
		 "注：以上人员请于24小时内反馈,,\n"
		 "填表人：王五,审核人：李四,\n"
		 "联系人：赵六,,电话：13700137000\n",
		 mkid("44060519900101001", a));
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_int_equal(info.rows, 1);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.name[0], "张三");
	listfile_info_release(&info);
}

/* IDs Excel turned into numbers are rejected with the message asking for
 * the original text. */
static void test_excel_ids(void **state)
{
	(void)state;
	char ok[19], csv[1024];
	snprintf(csv, sizeof csv,
		 "姓名,性别,身份证号码,联系电话\n"
		 "甲,男,4.40524E+17,13800138000\n"
		 "乙,男,440524188001010000,13800138001\n"
		 "丙,男,4.40605199001E+17,13800138002\n"
		 "丁,男,440605199001010000.0,13800138003\n"
		 "戊,男,%s,13800138004\n",
		 mkid("44060519900101001", ok));
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_int_equal(info.rows, 5);
	assert_int_equal(info.rejected, 4);
	assert_int_equal(info.accepted, 1);
	for (int i = 0; i < 4; i++) {
		assert_false(g.ok[i]);
		assert_string_equal(g.codes[i], "id_excel,");
		json_t *p = problem(&info, (size_t)i);
		assert_int_equal(json_integer_value(json_object_get(p, "row")), i + 2);
		assert_string_equal(pstr(p, "column"), "C");
		assert_string_equal(pstr(p, "header"), "身份证号码");
		assert_string_equal(pstr(p, "field"), "doc_number");
		assert_string_equal(pstr(p, "level"), "error");
		assert_string_equal(pstr(p, "message"), idcard_err_message(IDCARD_EXCEL, 0));
		assert_non_null(strstr(pstr(p, "message"), "Excel"));
	}
	assert_true(g.ok[4]);
	listfile_info_release(&info);
}

/* What rejects a row and what only makes it doubtful. */
static void test_rejected_and_doubtful(void **state)
{
	(void)state;
	char a[19], b[19], c[19], d[19], e[19], bad[19], csv[2048];
	mkid("44060519900101001", a);
	mkid("44060519900101003", b);
	mkid("99999919900101005", c); /* unknown region */
	mkid("44060519900101007", d);
	mkid("44060519900101009", e);
	mkid("44060519900101011", bad);
	bad[17] = bad[17] == '1' ? '2' : '1';
	snprintf(csv, sizeof csv,
		 "姓名,性别,身份证号,联系电话,到达日期\n"
		 "甲,男,%s,12345,2020-01-26\n"	      /* 2: phone doubtful */
		 "乙,男,%s,13800138000,明天\n"	      /* 3: date doubtful */
		 "丙,男,%s,13800138000,1月26日\n"     /* 4: region doubtful */
		 ",男,%s,13800138000,2020-01-26\n"    /* 5: no name: rejected */
		 "戊,女,%s,13800138000,2020-01-26\n"  /* 6: sex from the ID */
		 "己,男,%s,13800138000,2020-01-26\n"  /* 7: check digit: rejected */
		 "庚,男,%s,13800138000,2020-02-30\n", /* 8: no such day */
		 a, b, c, d, e, bad, mkid("44060519900101013", (char[19]){0}));
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_int_equal(info.rows, 7);
	assert_int_equal(info.rejected, 2);
	assert_int_equal(info.accepted, 5);
	assert_int_equal(info.doubtful, 5);
	assert_int_equal(g.n, 7);
	/* a phone that is not a phone: kept out, row imported */
	assert_true(g.ok[0]);
	assert_string_equal(g.codes[0], "phone,");
	assert_string_equal(g.phone[0], "");
	assert_int_equal(g.arrival[0], 20200126);
	json_t *p = problem(&info, 0);
	assert_string_equal(pstr(p, "level"), "warning");
	assert_string_equal(pstr(p, "column"), "D");
	/* five digits starting with 1: a mobile with digits missing */
	assert_string_equal(pstr(p, "message"), "电话号码位数不对（5 位，手机应为 11 位），已留空");
	/* a date nobody can read: left empty */
	assert_true(g.ok[1]);
	assert_string_equal(g.codes[1], "date,");
	assert_int_equal(g.arrival[1], 0);
	assert_string_equal(g.phone[1], "13800138000");
	p = problem(&info, 1);
	assert_int_equal(json_integer_value(json_object_get(p, "row")), 3);
	assert_string_equal(pstr(p, "column"), "E");
	assert_string_equal(pstr(p, "level"), "warning");
	/* an unknown region */
	assert_true(g.ok[2]);
	assert_string_equal(g.codes[2], "id_region_unknown,");
	assert_int_equal(g.arrival[2], 20200126);
	/* no name */
	assert_false(g.ok[3]);
	assert_string_equal(g.codes[3], "name_required,");
	p = problem(&info, 3);
	assert_string_equal(pstr(p, "column"), "A");
	assert_string_equal(pstr(p, "level"), "error");
	assert_int_equal(json_integer_value(json_object_get(p, "row")), 5);
	/* 女 beside a male ID: the ID decides, the row is doubtful */
	assert_true(g.ok[4]);
	assert_string_equal(g.codes[4], "sex_mismatch,");
	assert_int_equal(g.sex[4], 1);
	/* a wrong check digit */
	assert_false(g.ok[5]);
	assert_string_equal(g.codes[5], "id_checksum,");
	/* 2020-02-30 */
	assert_true(g.ok[6]);
	assert_string_equal(g.codes[6], "date,");
	listfile_info_release(&info);
}

/* A date without a year never lands after today: in January, "12月30日"
 * is last December.  A typed year is kept. */
static void test_year_of_dates(void **state)
{
	(void)state;
	char a[19], csv[512];
	mkid("44060519900101001", a);
	snprintf(csv, sizeof csv,
		 "姓名,身份证号,到达日期\n"
		 "甲,%s,12月30日\n"
		 "乙,%s,1月2日\n"
		 "丙,%s,2020-12-30\n"
		 "丁,%s,12.30\n",
		 a, a, a, a);
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	o.today = 20200105;
	o.year = 2020;
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_int_equal(g.arrival[0], 20191230);
	assert_int_equal(g.arrival[1], 20200102);
	assert_int_equal(g.arrival[2], 20201230);
	assert_int_equal(g.arrival[3], 20191230);
	listfile_info_release(&info);
}

/* The same person again is found in the reading pass: the row says which
 * earlier row it repeats, the preview counts and lists it.  Same document
 * (whatever its case), else same name and phone, else same name and
 * address; rejected rows never take part. */
static void test_duplicates_found(void **state)
{
	(void)state;
	char a[19], lower[19], csv[1024];
	mkid("44060519900101001", a);
	mkid("11010519491231002", (char[19]){0});
	snprintf(lower, sizeof lower, "%s", "11010519491231002x");
	snprintf(csv, sizeof csv,
		 "姓名,身份证号,联系电话,现住址\n"
		 "甲,%s,13800000001,沙涌1号\n" /* 2 */
		 "乙,11010519491231002X,,\n"   /* 3 */
		 "甲,%s,138 0000 0001,\n"      /* 4: same ID as 2 */
		 "乙,%s,,\n"		       /* 5: same ID as 3, lower-case x */
		 "丙,,13800000003,北沙1号\n"   /* 6 */
		 "丙,,13800000003,北沙2号\n"   /* 7: same name and phone as 6 */
		 "张伟,,,北沙村1号\n"	       /* 8 */
		 "张伟,,,鹤峰村2号\n"	       /* 9: another address: another person */
		 "张伟,,,北沙村1号\n"	       /* 10: same as 8 */
		 ",%s,,\n",		       /* 11: rejected (no name): not a duplicate */
		 a, a, lower, a);
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_int_equal(info.rows, 10);
	assert_int_equal(info.accepted, 5);
	assert_int_equal(info.duplicates, 4);
	assert_int_equal(info.rejected, 1);
	assert_int_equal(info.doubtful, 0);
	long want[] = {0, 0, 2, 3, 0, 6, 0, 0, 8, 0};
	for (int i = 0; i < 10; i++)
		assert_int_equal(g.dup_of[i], want[i]);
	assert_true(g.ok[2]); /* a duplicate is a good row, collapsed by the store */
	assert_string_equal(g.codes[2], "duplicate_row,");
	/* in the file's problem list, with the row it repeats */
	int seen = 0;
	for (size_t k = 0; k < json_array_size(info.problems); k++) {
		json_t *p = problem(&info, k);
		if (strcmp(pstr(p, "code"), "duplicate_row"))
			continue;
		if (json_integer_value(json_object_get(p, "row")) == 4) {
			assert_string_equal(pstr(p, "level"), "duplicate");
			assert_int_equal(json_integer_value(json_object_get(p, "dup_of")), 2);
			assert_string_equal(pstr(p, "message"), "与第 2 行重复，只导入一次");
			assert_string_equal(pstr(p, "column"), "");
		}
		seen++;
	}
	assert_int_equal(seen, 4);
	/* and in the samples: the preview marks the row */
	json_t *s4 = json_array_get(info.samples, 2);
	assert_int_equal(json_integer_value(json_object_get(s4, "row")), 4);
	assert_string_equal(pstr(json_array_get(json_object_get(s4, "problems"), 0), "code"),
			    "duplicate_row");
	listfile_info_release(&info);
}

/* An arrival after today or before December 2019 is kept and said: a typo
 * (2027 for 2020) the village should check; the row is imported. */
static void test_implausible_dates(void **state)
{
	(void)state;
	char id[5][19], csv[512];
	for (int i = 0; i < 5; i++) {
		char first17[18];
		snprintf(first17, sizeof first17, "4406051990010100%d", 2 * i + 1);
		mkid(first17, id[i]);
	}
	snprintf(csv, sizeof csv,
		 "姓名,身份证号,到达日期\n"
		 "甲,%s,2027-03-01\n"
		 "乙,%s,2010-01-20\n"
		 "丙,%s,2019-12-01\n"
		 "丁,%s,2020-03-01\n"
		 "戊,%s,2020-03-02\n",
		 id[0], id[1], id[2], id[3], id[4]);
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o); /* today 2020-03-01 */
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_int_equal(g.n, 5);
	assert_true(g.ok[0]);
	assert_int_equal(g.arrival[0], 20270301);
	assert_string_equal(g.codes[0], "date_future,");
	assert_int_equal(g.arrival[1], 20100120);
	assert_string_equal(g.codes[1], "date_early,");
	assert_string_equal(g.codes[2], ""); /* the first day counted */
	assert_string_equal(g.codes[3], ""); /* today */
	assert_string_equal(g.codes[4], "date_future,");
	assert_int_equal(info.accepted, 5);
	assert_int_equal(info.doubtful, 3);
	json_t *p = problem(&info, 0);
	assert_string_equal(pstr(p, "level"), "warning");
	assert_string_equal(pstr(p, "column"), "C");
	assert_string_equal(pstr(p, "message"), "到达日期晚于今天，请核实");
	listfile_info_release(&info);
}

static void no_header(const char *csv, const char *const *needles)
{
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), -1);
	assert_string_equal(err.code, "no_header");
	assert_non_null(strstr(err.message, "姓名"));
	assert_non_null(strstr(err.message, "身份证号"));
	for (; *needles; needles++)
		if (!strstr(err.message, *needles))
			fail_msg("\"%s\" not in: %s", *needles, err.message);
	assert_int_equal(g.n, 0);
	listfile_info_release(&info);
}

/* No header: the message says what was expected and what was found. */
static void test_no_header(void **state)
{
	(void)state;
	static const char *const n1[] = {"第1行", "编号、人员、号码", "第2行", NULL};
	no_header("编号,人员,号码\n1,张三,13800138000\n", n1);
	/* a header without a name or an ID column is no header */
	static const char *const n2[] = {"联系电话、现住址、备注", NULL};
	no_header("联系电话,现住址,备注\n13800138000,沙涌,无\n", n2);
	static const char *const n3[] = {"里水镇重点人员协查名单", NULL};
	no_header("里水镇重点人员协查名单（第3批）\n", n3);
	/* the header is looked for in the first 30 rows only */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 30; i++)
		buf_adds(&b, "说明\n");
	buf_adds(&b, "姓名,身份证号\n张三,440524188001010014\n");
	static const char *const n4[] = {"第1行", NULL};
	no_header(b.s, n4);
	buf_release(&b);
	/* English on request */
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	o.english = 1;
	assert_int_equal(run_csv("a,b\n1,2\n", &o, &g, &info, &err), -1);
	assert_string_equal(err.code, "no_header");
	assert_non_null(strstr(err.message, "No header"));
	listfile_info_release(&info);
}

/* The user's mapping beats the synonyms: a column they place takes the
 * field from the column that had it; "" leaves a column out. */
static void test_user_mapping(void **state)
{
	(void)state;
	char a[19], csv[512];
	snprintf(csv, sizeof csv,
		 "姓名,真实姓名,证件,联系电话\n"
		 "小张,张三,%s,13800138000\n",
		 mkid("44060519900101001", a));
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	/* without a mapping: the first name column, no ID column */
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_string_equal(g.name[0], "小张");
	assert_string_equal(g.doc[0], "");
	assert_string_equal(col_field(&info, 1), "");
	assert_string_equal(col_field(&info, 2), "");
	listfile_info_release(&info);
	o.mapping = json_pack("{s:s,s:s,s:s}", "1", "name", "2", "doc_number", "3", "");
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_string_equal(g.name[0], "张三");
	assert_string_equal(g.doc[0], a);
	assert_string_equal(g.phone[0], "");
	assert_string_equal(col_field(&info, 1), "name");
	assert_string_equal(col_source(&info, 1), "user");
	assert_string_equal(col_field(&info, 2), "doc_number");
	assert_string_equal(col_source(&info, 2), "user");
	assert_string_equal(col_field(&info, 3), "");
	assert_string_equal(col_source(&info, 3), "user");
	/* the auto column gave the name up */
	assert_string_equal(col_field(&info, 0), "");
	assert_null(mapped(&info, "0"));
	assert_string_equal(mapped(&info, "1"), "name");
	assert_null(mapped(&info, "3"));
	listfile_info_release(&info);
	json_decref(o.mapping);
	/* taking the name and the ID away leaves nothing to identify anyone */
	o.mapping = json_pack("{s:s}", "0", "");
	assert_int_equal(run_csv("姓名,电话\n张三,13800138000\n", &o, &g, &info, &err), -1);
	assert_string_equal(err.code, "no_key");
	listfile_info_release(&info);
	json_decref(o.mapping);
}

/* A mapping saved for the source by header text; the user's still wins. */
static void test_saved_mapping(void **state)
{
	(void)state;
	char a[19], csv[512];
	snprintf(csv, sizeof csv,
		 "姓名,证件,手机,住所\n"
		 "张三,%s,13800138000,沙涌社区1号\n",
		 mkid("44060519900101001", a));
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	o.saved = json_pack("{s:s,s:s,s:s,s:s}", "证件", "doc_number", "手机", "", "住所",
			    "village", "别的表头", "phone");
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_string_equal(col_field(&info, 0), "name");
	assert_string_equal(col_source(&info, 0), "auto");
	assert_string_equal(col_field(&info, 1), "doc_number");
	assert_string_equal(col_source(&info, 1), "saved");
	assert_string_equal(col_field(&info, 2), "");
	assert_string_equal(col_source(&info, 2), "saved");
	assert_string_equal(col_field(&info, 3), "village");
	assert_string_equal(g.doc[0], a);
	assert_string_equal(g.phone[0], "");
	assert_string_equal(g.village[0], "沙涌社区1号");
	listfile_info_release(&info);
	o.mapping = json_pack("{s:s}", "2", "phone");
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_string_equal(col_source(&info, 2), "user");
	assert_string_equal(g.phone[0], "13800138000");
	assert_string_equal(col_source(&info, 1), "saved");
	listfile_info_release(&info);
	json_decref(o.mapping);
	json_decref(o.saved);
}

/* A CSV saved by Chinese Excel: GB18030, no BOM, a title row. */
static void test_gb18030(void **state)
{
	(void)state;
	char a[19], utf8[512], gb[1024];
	snprintf(utf8, sizeof utf8,
		 "里水镇协查名单\r\n"
		 "姓名,身份证号码,现居住地址,村（居）\r\n"
		 "欧阳娜娜,%s,里水镇沙涌社区,沙涌\r\n",
		 mkid("44060519920315002", a));
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = utf8, *out = gb;
	size_t inl = strlen(utf8), outl = sizeof gb;
	assert_true(iconv(cd, &in, &inl, &out, &outl) != (size_t)-1);
	iconv_close(cd);
	size_t len = sizeof gb - outl;
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run(gb, len, &o, &g, &info, &err), 0);
	assert_int_equal(info.header_row, 2);
	assert_int_equal(info.rows, 1);
	assert_string_equal(g.name[0], "欧阳娜娜");
	assert_string_equal(g.doc[0], a);
	assert_string_equal(g.village[0], "沙涌");
	assert_string_equal(mapped(&info, "2"), "address");
	assert_string_equal(mapped(&info, "3"), "village");
	assert_string_equal(json_string_value(json_array_get(info.header, 3)), "村（居）");
	listfile_info_release(&info);
}

/* Ragged rows: short rows are padded to the header, long ones kept. */
static void test_ragged(void **state)
{
	(void)state;
	char a[19], b[19], csv[512];
	snprintf(csv, sizeof csv,
		 "姓名,身份证号,联系电话,备注\n"
		 "甲,%s\n"
		 "乙,%s,13800138000,无,多出来的,又一列\n",
		 mkid("44060519900101001", a), mkid("44060519900101003", b));
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run_csv(csv, &o, &g, &info, &err), 0);
	assert_int_equal(info.rows, 2);
	assert_int_equal(info.accepted, 2);
	assert_int_equal(g.ncells[0], 4);
	assert_true(g.ncells[1] >= 4);
	assert_string_equal(g.phone[1], "13800138000");
	listfile_info_release(&info);
}

/* An XLSX as offices make them: a merged title, a vertically merged village
 * cell, IDs and dates typed into number and date cells, merged notes. */
static void test_xlsx(void **state)
{
	(void)state;
	char path[] = "/tmp/fk-test-listfile-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char a[19], b[19], c[19];
	mkid("44060519900101001", a);
	mkid("44060519920315002", b);
	mkid("44060519920315004", c);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "第3批");
	lxw_format *df = workbook_add_format(wb);
	format_set_num_format(df, "yyyy-mm-dd");
	worksheet_merge_range(ws, 0, 0, 0, 7, "里水镇重点人员协查名单（第3批）", NULL);
	static const char *const hdr[] = {"序号",     "姓名",	"性别",	    "身份证号",
					  "联系电话", "现住址", "所属村居", "到达日期"};
	for (int i = 0; i < 8; i++)
		worksheet_write_string(ws, 2, (lxw_col_t)i, hdr[i], NULL);
	static const char *const names[] = {"张三", "李四", "王五", "赵六", "钱七"};
	for (int r = 0; r < 5; r++) {
		worksheet_write_number(ws, (lxw_row_t)(3 + r), 0, r + 1, NULL);
		worksheet_write_string(ws, (lxw_row_t)(3 + r), 1, names[r], NULL);
		worksheet_write_string(ws, (lxw_row_t)(3 + r), 2, r == 0 || r > 1 ? "男" : "女",
				       NULL);
		worksheet_write_number(ws, (lxw_row_t)(3 + r), 4, 13800138000.0 + r, NULL);
		worksheet_write_string(ws, (lxw_row_t)(3 + r), 5, "里水镇", NULL);
	}
	worksheet_write_string(ws, 3, 3, a, NULL);
	worksheet_write_string(ws, 4, 3, b, NULL);
	worksheet_write_number(ws, 5, 3, 440524188001010014.0, NULL); /* destroyed */
	worksheet_write_number(ws, 6, 3, 440524800101001.0, NULL);    /* 15 digits survive */
	worksheet_write_string(ws, 7, 2, "女", NULL);
	worksheet_write_string(ws, 7, 3, c, NULL);
	worksheet_merge_range(ws, 3, 6, 4, 6, "沙涌社区", NULL);
	lxw_datetime dt = {2020, 1, 26, 0, 0, 0};
	worksheet_write_datetime(ws, 3, 7, &dt, df);
	worksheet_write_number(ws, 4, 7, 43857, NULL);	  /* a serial, General format */
	worksheet_write_number(ws, 6, 7, 20200128, NULL); /* typed 20200128 */
	worksheet_write_number(ws, 7, 7, 1.29, NULL);	  /* typed 1.29 */
	worksheet_merge_range(ws, 9, 0, 9, 7, "注：以上人员请于24小时内核查反馈", NULL);
	worksheet_write_string(ws, 10, 0, "填表人：王", NULL);
	worksheet_write_string(ws, 10, 4, "审核人：李", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char data[65536];
	size_t len = fread(data, 1, sizeof data, f);
	fclose(f);
	unlink(path);
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	if (run(data, len, &o, &g, &info, &err) != 0)
		fail_msg("xlsx: %s %s", err.code, err.message);
	assert_string_equal(info.format, "xlsx");
	assert_string_equal(info.sheet, "第3批");
	assert_int_equal(info.header_row, 3);
	assert_int_equal(info.rows, 5);
	assert_int_equal(info.rejected, 1);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.row[0], 4);
	assert_int_equal(g.row[4], 8);
	assert_string_equal(g.doc[0], a);
	assert_string_equal(g.phone[0], "13800138000");
	assert_string_equal(g.village[0], "沙涌社区");
	assert_string_equal(g.village[1], "沙涌社区");
	assert_string_equal(g.village[2], "");
	assert_int_equal(g.arrival[0], 20200126);
	assert_int_equal(g.arrival[1], 20200127);
	assert_false(g.ok[2]);
	assert_string_equal(g.codes[2], "id_excel,");
	assert_true(g.ok[3]);
	char up[19];
	assert_string_equal(g.doc[3], mkid("44052419800101001", up)); /* upgraded */
	assert_int_equal(g.arrival[3], 20200128);
	assert_true(g.ok[4]);
	assert_int_equal(g.arrival[4], 20200129);
	assert_string_equal(g.codes[4], "");
	listfile_info_release(&info);
}

/* A 填表说明 sheet before the list: by default the list is found on the
 * next sheet; asked for, the first sheet has no header. */
static void test_sheet_after_notes(void **state)
{
	(void)state;
	char path[] = "/tmp/fk-test-listfile-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char a[19];
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *notes = workbook_add_worksheet(wb, "填表说明");
	lxw_worksheet *hidden = workbook_add_worksheet(wb, "隐藏");
	lxw_worksheet *list = workbook_add_worksheet(wb, "名单");
	worksheet_write_string(notes, 0, 0, "身份证号请设置为文本格式", NULL);
	worksheet_write_string(hidden, 0, 0, "姓名", NULL);
	worksheet_write_string(hidden, 0, 1, "身份证号", NULL);
	worksheet_write_string(hidden, 1, 0, "不该读到", NULL);
	worksheet_hide(hidden);
	worksheet_write_string(list, 0, 0, "姓名", NULL);
	worksheet_write_string(list, 0, 1, "身份证号", NULL);
	worksheet_write_string(list, 1, 0, "张三", NULL);
	worksheet_write_string(list, 1, 1, mkid("44060519900101001", a), NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char data[65536];
	size_t len = fread(data, 1, sizeof data, f);
	fclose(f);
	unlink(path);
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	if (run(data, len, &o, &g, &info, &err) != 0)
		fail_msg("%s %s", err.code, err.message);
	assert_string_equal(info.sheet, "名单");
	assert_int_equal(json_array_size(info.sheets), 3);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.name[0], "张三");
	listfile_info_release(&info);
	o.sheet = "1";
	assert_int_equal(run(data, len, &o, &g, &info, &err), -1);
	assert_string_equal(err.code, "no_header");
	assert_non_null(strstr(err.message, "文本格式"));
	listfile_info_release(&info);
}

/* A two-row header (merged 姓名 over both rows, 联系方式 over 本人/家属) and a
 * second list pasted below with its own header: no row of them is a person. */
static void test_header_twice(void **state)
{
	(void)state;
	char path[] = "/tmp/fk-test-listfile-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char a[19], b[19];
	mkid("44060519900101001", a);
	mkid("44060519900101003", b);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "名单");
	worksheet_merge_range(ws, 0, 0, 1, 0, "姓名", NULL);
	worksheet_merge_range(ws, 0, 1, 1, 1, "身份证号", NULL);
	worksheet_merge_range(ws, 0, 2, 0, 3, "联系方式", NULL);
	worksheet_write_string(ws, 1, 2, "本人", NULL);
	worksheet_write_string(ws, 1, 3, "家属", NULL);
	worksheet_write_string(ws, 2, 0, "张三", NULL);
	worksheet_write_string(ws, 2, 1, a, NULL);
	worksheet_write_string(ws, 2, 2, "13800138000", NULL);
	worksheet_write_string(ws, 2, 3, "13900139000", NULL);
	worksheet_write_string(ws, 3, 0, "姓 名", NULL);
	worksheet_write_string(ws, 3, 1, "身份证号码", NULL);
	worksheet_write_string(ws, 4, 0, "李四", NULL);
	worksheet_write_string(ws, 4, 1, b, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char data[65536];
	size_t len = fread(data, 1, sizeof data, f);
	fclose(f);
	unlink(path);
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	if (run(data, len, &o, &g, &info, &err) != 0)
		fail_msg("%s %s", err.code, err.message);
	assert_int_equal(info.header_row, 1);
	assert_int_equal(info.rows, 2);
	assert_int_equal(info.rejected, 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.name[0], "张三");
	assert_string_equal(g.phone[0], "13800138000");
	assert_string_equal(g.name[1], "李四");
	assert_int_equal(g.row[1], 5);
	listfile_info_release(&info);
}

/* Reader errors come through with the reader's code. */
static void test_reader_errors(void **state)
{
	(void)state;
	struct listfile_opts o;
	struct listfile_info info;
	struct sheet_error err;
	struct got g;
	opts(&o);
	assert_int_equal(run("", 0, &o, &g, &info, &err), -1);
	assert_string_equal(err.code, "empty");
	listfile_info_release(&info);
	static const char zip[] = "PK\x03\x04\x14\x00\x00\x00garbage garbage garbage";
	assert_int_equal(run(zip, sizeof zip - 1, &o, &g, &info, &err), -1);
	assert_true(!strcmp(err.code, "corrupt") || !strcmp(err.code, "format"));
	assert_true(err.message[0] != '\0');
	listfile_info_release(&info);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_title_blank_notes),
	    cmocka_unit_test(test_notes_in_name_column),
	    cmocka_unit_test(test_excel_ids),
	    cmocka_unit_test(test_rejected_and_doubtful),
	    cmocka_unit_test(test_year_of_dates),
	    cmocka_unit_test(test_duplicates_found),
	    cmocka_unit_test(test_implausible_dates),
	    cmocka_unit_test(test_no_header),
	    cmocka_unit_test(test_user_mapping),
	    cmocka_unit_test(test_saved_mapping),
	    cmocka_unit_test(test_gb18030),
	    cmocka_unit_test(test_ragged),
	    cmocka_unit_test(test_xlsx),
	    cmocka_unit_test(test_sheet_after_notes),
	    cmocka_unit_test(test_header_twice),
	    cmocka_unit_test(test_reader_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
