/*
 * Unit tests for src/core/listmap.c: what a key-person list's cells mean.
 * The header variants seen in real 2020 lists (DOMAIN.md, issue 4) with
 * full-width characters, stray spaces and "（必填）" suffixes; the header
 * score that tells a header row from title and note rows; dates in the
 * forms people type (and the invalid ones); Excel serials in the 1900
 * system around the phantom 1900-02-29 and in the 1904 system, checked
 * against the readers' own conversion; address → village, longest match.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/date.h"
#include "core/listmap.h"
#include "io/sheet.h"

static int hf(const char *s)
{
	return list_header_field(s, strlen(s));
}

/* Every header in `v` names field `f`. */
static void all_are(int f, const char *const *v)
{
	for (; *v; v++)
		if (hf(*v) != f)
			fail_msg("header \"%s\": field %s, expected %s", *v,
				 list_field_name(hf(*v)), list_field_name(f));
}

static void test_field_names(void **state)
{
	(void)state;
	for (int f = 0; f < LF_COUNT; f++) {
		assert_int_equal(list_field_from_name(list_field_name(f)), f);
		assert_true(list_field_label(f, 0)[0] != '\0');
		assert_true(list_field_label(f, 1)[0] != '\0');
	}
	assert_string_equal(list_field_name(LF_NAME), "name");
	assert_string_equal(list_field_name(LF_DOC_NUMBER), "doc_number");
	assert_string_equal(list_field_label(LF_NAME, 0), "姓名");
	assert_string_equal(list_field_label(LF_NAME, 1), "Name");
	assert_string_equal(list_field_name(-1), "");
	assert_string_equal(list_field_name(LF_COUNT), "");
	assert_string_equal(list_field_label(LF_COUNT, 0), "");
	assert_int_equal(list_field_from_name("nom"), -1);
	assert_int_equal(list_field_from_name("Name"), -1);
	assert_int_equal(list_field_from_name(NULL), -1);
	assert_int_equal(list_field_from_name(""), LF_NONE);
}

/* The variants issue 4 names, as typed. */
static void test_header_variants(void **state)
{
	(void)state;
	static const char *const name[] = {"姓名", "名字", NULL};
	static const char *const doc[] = {"身份证号", "身份证号码", "证件号码", "公民身份号码",
					  NULL};
	static const char *const phone[] = {"联系电话", "手机", "手机号码", "电话", NULL};
	static const char *const addr[] = {"现住址", "现居住地址", "居住地址", "详细地址", NULL};
	static const char *const village[] = {"所属村居", "村（居）", "村(居)",
					      "社区",	  "村委会",   NULL};
	static const char *const origin[] = {"来源地", "途经地", "出发地", "来源地/途经地", NULL};
	static const char *const arrival[] = {"到达日期", "返回日期",	      "抵达时间",
					      "返乡时间", "到达（返回）日期", NULL};
	static const char *const vehicle[] = {"车次", "航班号", "车牌号", "车次/航班号/车牌号",
					      NULL};
	all_are(LF_NAME, name);
	all_are(LF_DOC_NUMBER, doc);
	all_are(LF_PHONE, phone);
	all_are(LF_ADDRESS, addr);
	all_are(LF_VILLAGE, village);
	all_are(LF_ORIGIN, origin);
	all_are(LF_ARRIVAL, arrival);
	assert_int_equal(hf("交通方式"), LF_TRANSPORT);
	all_are(LF_VEHICLE, vehicle);
	assert_int_equal(hf("性别"), LF_SEX);
	assert_int_equal(hf("年龄"), LF_AGE);
	assert_int_equal(hf("备注"), LF_NOTE);
	assert_int_equal(hf("常住地址"), LF_HUKOU);
	assert_int_equal(hf("户籍地址"), LF_HUKOU);
	assert_int_equal(hf("证件类型"), LF_DOC_TYPE);
}

/* Full-width characters, ideographic and stray spaces, numbering and
 * asterisks around the same headers. */
static void test_header_noise(void **state)
{
	(void)state;
	assert_int_equal(hf(" 姓名 "), LF_NAME);
	assert_int_equal(hf("姓　名"), LF_NAME);	     /* U+3000 inside */
	assert_int_equal(hf("\xe3\x80\x80姓名\t"), LF_NAME); /* leading U+3000, tab */
	assert_int_equal(hf("姓\xc2\xa0名"), LF_NAME);	     /* NBSP */
	assert_int_equal(hf("*姓名"), LF_NAME);
	assert_int_equal(hf("＊姓名"), LF_NAME);
	assert_int_equal(hf("1.姓名"), LF_NAME);
	assert_int_equal(hf("１．姓名"), LF_NAME);
	assert_int_equal(hf("姓名："), LF_NAME);
	assert_int_equal(hf("身份证号码 "), LF_DOC_NUMBER);
	assert_int_equal(hf("身份证 号码"), LF_DOC_NUMBER);
	assert_int_equal(hf("联系电话\n"), LF_PHONE);
	assert_int_equal(hf("村（居）委会"), LF_VILLAGE);
	assert_int_equal(hf("来源地／途经地"), LF_ORIGIN);
	assert_int_equal(hf("车次／航班号／车牌号"), LF_VEHICLE);
	assert_int_equal(hf("【备注】"), LF_NOTE);
	/* the length argument is honoured: only "姓名" of "姓名年龄" */
	assert_int_equal(list_header_field("姓名年龄", 6), LF_NAME);
}

/* "（必填）" and other bracketed remarks after every variant. */
static void test_header_suffixes(void **state)
{
	(void)state;
	static const struct {
		const char *h;
		int f;
	} v[] = {
	    {"姓名（必填）", LF_NAME},
	    {"名字（必填）", LF_NAME},
	    {"身份证号（必填）", LF_DOC_NUMBER},
	    {"身份证号码(必填)", LF_DOC_NUMBER},
	    {"证件号码（必填）", LF_DOC_NUMBER},
	    {"公民身份号码（必填）", LF_DOC_NUMBER},
	    {"联系电话（必填）", LF_PHONE},
	    {"手机（必填）", LF_PHONE},
	    {"手机号码 （必填）", LF_PHONE},
	    {"电话（必填）", LF_PHONE},
	    {"现住址（必填）", LF_ADDRESS},
	    {"现居住地址（必填）", LF_ADDRESS},
	    {"居住地址（必填）", LF_ADDRESS},
	    {"详细地址（必填）", LF_ADDRESS},
	    {"所属村居（必填）", LF_VILLAGE},
	    {"村（居）（必填）", LF_VILLAGE},
	    {"社区（必填）", LF_VILLAGE},
	    {"村委会（必填）", LF_VILLAGE},
	    {"来源地（必填）", LF_ORIGIN},
	    {"途经地（必填）", LF_ORIGIN},
	    {"出发地（必填）", LF_ORIGIN},
	    {"到达日期（必填）", LF_ARRIVAL},
	    {"返回日期（必填）", LF_ARRIVAL},
	    {"抵达时间（必填）", LF_ARRIVAL},
	    {"返乡时间（必填）", LF_ARRIVAL},
	    {"交通方式（必填）", LF_TRANSPORT},
	    {"车次（必填）", LF_VEHICLE},
	    {"航班号（必填）", LF_VEHICLE},
	    {"车牌号（必填）", LF_VEHICLE},
	    {"性别（必填）", LF_SEX},
	    {"性别(男/女)", LF_SEX},
	    {"年龄（必填）", LF_AGE},
	    {"年龄（岁）", LF_AGE},
	    {"备注（必填）", LF_NOTE},
	    {"*身份证号码（必填）", LF_DOC_NUMBER},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (hf(v[i].h) != v[i].f)
			fail_msg("header \"%s\": field %s, expected %s", v[i].h,
				 list_field_name(hf(v[i].h)), list_field_name(v[i].f));
}

/* Titles, notes, data and other columns are not headers of a field. */
static void test_not_headers(void **state)
{
	(void)state;
	static const char *const v[] = {"",
					"   ",
					"里水镇重点人员协查名单（第3批）",
					"序号",
					"张三",
					"男",
					"440524188001010014",
					"13800138000",
					"2020-01-26",
					"居家隔离开始日期",
					"录入时间",
					"接触史",
					"同行人员",
					"体温是否正常",
					"（必填）",
					NULL};
	all_are(LF_NONE, v);
	/* a cell far too long to be a header */
	char longtext[400];
	memset(longtext, 0, sizeof longtext);
	for (int i = 0; i < 30; i++)
		strcat(longtext, "姓名");
	assert_int_equal(hf(longtext), LF_NONE);
}

static int score(const char *const *cells, int n, int *key)
{
	size_t lens[32];
	for (int i = 0; i < n; i++)
		lens[i] = strlen(cells[i]);
	return list_header_score(cells, lens, n, key);
}

static void test_header_score(void **state)
{
	(void)state;
	int key = -1;
	static const char *const title[] = {"里水镇重点人员协查名单（第3批）"};
	assert_int_equal(score(title, 1, &key), 0);
	assert_int_equal(key, 0);
	/* a merged title copied into every cell of its range */
	static const char *const merged[] = {
	    "里水镇重点人员协查名单（第3批）", "里水镇重点人员协查名单（第3批）",
	    "里水镇重点人员协查名单（第3批）", "里水镇重点人员协查名单（第3批）"};
	assert_int_equal(score(merged, 4, &key), 0);
	assert_int_equal(key, 0);
	/* a note naming columns: one cell, one field at most */
	static const char *const note[] = {"说明：身份证号、姓名为必填项", "", ""};
	assert_true(score(note, 3, &key) <= 1);
	static const char *const issued[] = {"发文单位：佛山市疫情防控指挥部",
					     "下发时间：2020年1月26日"};
	assert_int_equal(score(issued, 2, &key), 0);
	static const char *const header[] = {"序号",	 "姓名",     "性别",
					     "身份证号", "联系电话", "现住址（必填）",
					     "所属村居", "来源地",   "到达日期"};
	assert_int_equal(score(header, 9, &key), 8);
	assert_int_equal(key, 1);
	/* the key is the name or the ID */
	static const char *const id_only[] = {"公民身份号码", "手机号码"};
	assert_int_equal(score(id_only, 2, &key), 2);
	assert_int_equal(key, 1);
	static const char *const no_key[] = {"联系电话", "现住址", "备注", "交通方式"};
	assert_int_equal(score(no_key, 4, &key), 4);
	assert_int_equal(key, 0);
	/* the same field twice counts once */
	static const char *const twice[] = {"姓名", "名字", "姓名（必填）"};
	assert_int_equal(score(twice, 3, &key), 1);
	assert_int_equal(key, 1);
	static const char *const data[] = {
	    "1", "张三", "男", "440524188001010014", "13800138000", "里水镇沙涌社区1号"};
	assert_int_equal(score(data, 6, &key), 0);
	assert_int_equal(key, 0);
	assert_int_equal(score(data, 0, &key), 0);
	assert_int_equal(key, 0);
}

static int pd(const char *s)
{
	return list_parse_date(s, strlen(s), 2020);
}

static void test_dates(void **state)
{
	(void)state;
	assert_int_equal(pd("2020-01-26"), 20200126);
	assert_int_equal(pd("2020/1/26"), 20200126);
	assert_int_equal(pd("2020/01/26"), 20200126);
	assert_int_equal(pd("2020.1.26"), 20200126);
	assert_int_equal(pd("2020年1月26日"), 20200126);
	assert_int_equal(pd("2020年01月26日"), 20200126);
	assert_int_equal(pd("2020年1月26号"), 20200126);
	assert_int_equal(pd("20200126"), 20200126);
	assert_int_equal(pd(" 2020-01-26 "), 20200126);
	assert_int_equal(pd("２０２０－０１－２６"), 20200126); /* full-width */
	assert_int_equal(pd("2020-2-29"), 20200229);
	assert_int_equal(pd("2020-12-31"), 20201231);
	/* without a year: the list's year */
	assert_int_equal(pd("1月26日"), 20200126);
	assert_int_equal(list_parse_date("1月26日", strlen("1月26日"), 2021), 20210126);
	assert_int_equal(pd("1月26号"), 20200126);
	assert_int_equal(pd("1-26"), 20200126);
	assert_int_equal(pd("1/26"), 20200126);
	assert_int_equal(pd("12月31日"), 20201231);
	/* with a time part */
	assert_int_equal(pd("2020-01-26 14:30"), 20200126);
	assert_int_equal(pd("2020-01-26 14:30:00"), 20200126);
	assert_int_equal(pd("2020-01-26T14:30:00"), 20200126);
	assert_int_equal(pd("2020/1/26 8:05"), 20200126);
	assert_int_equal(pd("2020年1月26日 14时30分"), 20200126);
	assert_int_equal(pd("2020年1月26日下午"), 20200126);
	assert_int_equal(pd("1月26日 14:30"), 20200126);
	assert_int_equal(pd("20200126 14:30"), 20200126);
	/* the length argument is honoured */
	assert_int_equal(list_parse_date("2020-01-26xyz", 10, 2020), 20200126);
}

static void test_dates_invalid(void **state)
{
	(void)state;
	static const char *const v[] = {
	    "",		  "   ",	 "2020-02-30",	  "2019-02-29",	 "1900-02-29",
	    "13月1日",	  "0月1日",	 "1月0日",	  "1月32日",	 "2020-13-01",
	    "2020-00-10", "2020-01-00",	 "2020-04-31",	  "2020",	 "2020年",
	    "2020年1月",  "2020-01",	 "2020-01-26abc", "2020-01-261", "26/01/2020",
	    "1/26/2020",  "20200230",	 "20201301",	  "2020012",	 "202001260",
	    "1899-12-31", "2101-01-01",	 "明天",	  "待核实",	 "abc",
	    "-",	  "2020--01-26", "2020-01-26-",	  NULL};
	for (const char *const *p = v; *p; p++)
		if (pd(*p) != 0)
			fail_msg("\"%s\" read as %d", *p, pd(*p));
	assert_int_equal(list_parse_date("2020-01-26", 0, 2020), 0);
	/* without a year, the default year decides a leap day */
	assert_int_equal(list_parse_date("2月29日", strlen("2月29日"), 2019), 0);
	assert_int_equal(list_parse_date("2月29日", strlen("2月29日"), 2020), 20200229);
}

static void test_excel_1900(void **state)
{
	(void)state;
	assert_int_equal(list_excel_date(1, 0), 19000101);
	assert_int_equal(list_excel_date(2, 0), 19000102);
	assert_int_equal(list_excel_date(31, 0), 19000131);
	assert_int_equal(list_excel_date(32, 0), 19000201);
	assert_int_equal(list_excel_date(59, 0), 19000228);
	assert_int_equal(list_excel_date(60, 0), 0); /* 1900-02-29 never was */
	assert_int_equal(list_excel_date(61, 0), 19000301);
	assert_int_equal(list_excel_date(366, 0), 19001231);
	assert_int_equal(list_excel_date(367, 0), 19010101);
	assert_int_equal(list_excel_date(43831, 0), 20200101);
	assert_int_equal(list_excel_date(43856, 0), 20200126);
	assert_int_equal(list_excel_date(43856.999, 0), 20200126); /* time of day */
	assert_int_equal(list_excel_date(43890, 0), 20200229);
	assert_int_equal(list_excel_date(2958465, 0), 99991231);
	assert_int_equal(list_excel_date(2958466, 0), 0);
	assert_int_equal(list_excel_date(0, 0), 0);
	assert_int_equal(list_excel_date(0.5, 0), 0);
	assert_int_equal(list_excel_date(-43856, 0), 0);
	assert_int_equal(list_excel_date(NAN, 0), 0);
	assert_int_equal(list_excel_date(INFINITY, 0), 0);
	assert_int_equal(list_excel_date(1e300, 0), 0);
}

static void test_excel_1904(void **state)
{
	(void)state;
	assert_int_equal(list_excel_date(1, 1), 19040102);
	assert_int_equal(list_excel_date(59, 1), 19040229); /* 1904 is a leap year */
	assert_int_equal(list_excel_date(60, 1), 19040301);
	assert_int_equal(list_excel_date(43856 - 1462, 1), 20200126);
	assert_int_equal(list_excel_date(43856, 1), 20240127);
	assert_int_equal(list_excel_date(NAN, 1), 0);
	assert_int_equal(list_excel_date(-1, 1), 0);
}

/* listmap and the readers agree on every day from 1900-03-01 to 2100, in
 * both date systems. */
static void test_excel_agrees_with_readers(void **state)
{
	(void)state;
	for (int64_t d = date_days(19000301); d <= date_days(21001231); d++) {
		int ymd = date_from_days(d);
		for (int sys = 0; sys < 2; sys++) {
			double s = sheet_date_serial(ymd / 10000, ymd / 100 % 100, ymd % 100, sys);
			if (s < 1)
				continue;
			if (list_excel_date(s, sys) != ymd)
				fail_msg("%d (1904: %d): serial %.0f read back as %d", ymd, sys, s,
					 list_excel_date(s, sys));
			if (list_excel_date(s + 0.75, sys) != ymd)
				fail_msg("%d 18:00 read back wrong", ymd);
		}
	}
	assert_true(sheet_date_serial(2020, 1, 26, 0) == 43856);
	assert_true(sheet_date_serial(2020, 1, 26, 1) == 43856 - 1462);
}

static void test_village_in_address(void **state)
{
	(void)state;
	static const char *const keys[] = {"沙涌", "沙涌社区", "涌", "", NULL, "和顺村", "和顺"};
	const int n = 7;
	assert_int_equal(list_village_in_address("里水镇沙涌社区沙涌大道12号", keys, n), 1);
	assert_int_equal(list_village_in_address("里水镇沙涌村3巷", keys, n), 0);
	assert_int_equal(list_village_in_address("和顺村大街1号", keys, n), 5);
	assert_int_equal(list_village_in_address("和顺大道2号", keys, n), 6);
	/* a one-character key never matches on its own */
	assert_int_equal(list_village_in_address("涌边路1号", keys, n), -1);
	assert_int_equal(list_village_in_address("广州市天河区", keys, n), -1);
	assert_int_equal(list_village_in_address("", keys, n), -1);
	assert_int_equal(list_village_in_address(NULL, keys, n), -1);
	assert_int_equal(list_village_in_address("沙涌社区", keys, 0), -1);
	/* longest wins whatever the order; equal lengths: the first */
	static const char *const rev[] = {"沙涌社区", "沙涌"};
	assert_int_equal(list_village_in_address("沙涌社区5号", rev, 2), 0);
	/* the town's name is no village: 里水镇 ≠ 里水社区 */
	static const char *const town[] = {"里水", "里水社区", "和顺"};
	assert_int_equal(list_village_in_address("佛山市南海区里水镇体育路1号", town, 3), -1);
	assert_int_equal(list_village_in_address("里水街道体育路1号", town, 3), -1);
	assert_int_equal(list_village_in_address("里水镇和顺大道8号", town, 3), 2);
	assert_int_equal(list_village_in_address("里水镇里水大道8号", town, 3), 0);
	assert_int_equal(list_village_in_address("里水镇里水社区8号", town, 3), 1);
	static const char *const tie[] = {"北沙", "沙涌"};
	assert_int_equal(list_village_in_address("北沙涌路", tie, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_field_names),
	    cmocka_unit_test(test_header_variants),
	    cmocka_unit_test(test_header_noise),
	    cmocka_unit_test(test_header_suffixes),
	    cmocka_unit_test(test_not_headers),
	    cmocka_unit_test(test_header_score),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_dates_invalid),
	    cmocka_unit_test(test_excel_1900),
	    cmocka_unit_test(test_excel_1904),
	    cmocka_unit_test(test_excel_agrees_with_readers),
	    cmocka_unit_test(test_village_in_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
