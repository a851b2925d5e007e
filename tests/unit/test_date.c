/*
 * Unit tests for src/core/date.c: YYYYMMDD calendar arithmetic and the two
 * parsers every outside date and local time goes through.  Month and year
 * ends, leap days (2020-02-29, 1900 and 2100 are not leap, 2000 is), the
 * 1800/9999 limits, and the local (UTC+8) time parser at its edges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/date.h"

#define UNTOUCHED_YMD 11111111
#define UNTOUCHED_T ((int64_t)0x5a5a5a5a)

static void test_days_epoch(void **state)
{
	(void)state;
	assert_true(date_days(19700101) == 0);
	assert_true(date_days(19700102) == 1);
	assert_true(date_days(19691231) == -1);
	assert_true(date_days(20200101) == 18262);
	assert_true(date_days(20000301) == 11017);
	assert_int_equal(date_from_days(0), 19700101);
	assert_int_equal(date_from_days(-1), 19691231);
	assert_int_equal(date_from_days(18262), 20200101);
	assert_int_equal(date_from_days(11017), 20000301);
}

/* Every day from 1800 to 2200 maps to its successor and back. */
static void test_round_trip(void **state)
{
	(void)state;
	int64_t first = date_days(18000101), last = date_days(22001231);
	int prev = date_from_days(first - 1);
	assert_int_equal(prev, 17991231);
	for (int64_t d = first; d <= last; d++) {
		int ymd = date_from_days(d);
		if (date_days(ymd) != d)
			fail_msg("date_days(%d) != %lld", ymd, (long long)d);
		if (!date_ok(ymd))
			fail_msg("%d not ok", ymd);
		if (ymd <= prev)
			fail_msg("%d after %d", ymd, prev);
		prev = ymd;
	}
	assert_int_equal(prev, 22001231);
}

static void test_add_month_year_ends(void **state)
{
	(void)state;
	assert_int_equal(date_add(20200131, 1), 20200201);
	assert_int_equal(date_add(20200201, -1), 20200131);
	assert_int_equal(date_add(20200331, 1), 20200401);
	assert_int_equal(date_add(20200430, 1), 20200501);
	assert_int_equal(date_add(20200630, 1), 20200701);
	assert_int_equal(date_add(20200731, 1), 20200801);
	assert_int_equal(date_add(20200930, 1), 20201001);
	assert_int_equal(date_add(20201130, 1), 20201201);
	assert_int_equal(date_add(20191231, 1), 20200101);
	assert_int_equal(date_add(20200101, -1), 20191231);
	assert_int_equal(date_add(20191225, 14), 20200108);
	assert_int_equal(date_add(20200126, 0), 20200126);
	assert_int_equal(date_add(20200126, 365), 20210125); /* 2020 has 366 days */
	assert_int_equal(date_add(20210126, 365), 20220126);
}

static void test_leap_days(void **state)
{
	(void)state;
	assert_int_equal(date_add(20200228, 1), 20200229);
	assert_int_equal(date_add(20200229, 1), 20200301);
	assert_int_equal(date_add(20200301, -1), 20200229);
	assert_int_equal(date_add(20190228, 1), 20190301);
	assert_int_equal(date_add(20000228, 1), 20000229); /* divisible by 400 */
	assert_int_equal(date_add(19000228, 1), 19000301); /* by 100, not 400 */
	assert_int_equal(date_add(21000228, 1), 21000301);
	assert_int_equal(date_add(20240228, 1), 20240229);
	assert_int_equal(date_add(20200215, 14), 20200229);
	assert_int_equal(date_add(20190215, 14), 20190301);
	assert_int_equal(date_add(20200229, 365), 20210228);
	assert_int_equal(date_add(20200229, 366), 20210301);
	assert_true(date_ok(20200229));
	assert_true(date_ok(20000229));
	assert_false(date_ok(20190229));
	assert_false(date_ok(19000229));
	assert_false(date_ok(21000229));
	assert_false(date_ok(20200230));
}

static void test_diff(void **state)
{
	(void)state;
	assert_int_equal(date_diff(20200101, 20200101), 0);
	assert_int_equal(date_diff(20200101, 20200102), 1);
	assert_int_equal(date_diff(20200102, 20200101), -1);
	assert_int_equal(date_diff(20200101, 20210101), 366);
	assert_int_equal(date_diff(20190101, 20200101), 365);
	assert_int_equal(date_diff(20200228, 20200301), 2);
	assert_int_equal(date_diff(20190228, 20190301), 1);
	assert_int_equal(date_diff(20191231, 20200101), 1);
	assert_int_equal(date_diff(20200127, 20200209), 13);
}

static void test_ok(void **state)
{
	(void)state;
	assert_true(date_ok(18000101));
	assert_true(date_ok(99991231));
	assert_true(date_ok(20201231));
	assert_true(date_ok(20200430));
	assert_false(date_ok(17991231)); /* before 1800 */
	assert_false(date_ok(100000101));
	assert_false(date_ok(20200431));
	assert_false(date_ok(20200631));
	assert_false(date_ok(20201301));
	assert_false(date_ok(20200001));
	assert_false(date_ok(20200100));
	assert_false(date_ok(20200132));
	assert_false(date_ok(0));
	assert_false(date_ok(-20200101));
}

static void parse_ok(const char *s, int want)
{
	int ymd = UNTOUCHED_YMD;
	if (date_parse(s, &ymd) != 0)
		fail_msg("\"%s\" refused", s);
	if (ymd != want)
		fail_msg("\"%s\" -> %d, want %d", s, ymd, want);
}

static void parse_bad(const char *s)
{
	int ymd = UNTOUCHED_YMD;
	if (date_parse(s, &ymd) != -1)
		fail_msg("\"%s\" accepted as %d", s ? s : "(null)", ymd);
	assert_int_equal(ymd, UNTOUCHED_YMD);
}

static void test_parse(void **state)
{
	(void)state;
	parse_ok("2020-02-29", 20200229);
	parse_ok("2020-01-26", 20200126);
	parse_ok("1800-01-01", 18000101);
	parse_ok("9999-12-31", 99991231);
	parse_ok("2019-12-31", 20191231);
	parse_bad(NULL);
	parse_bad("");
	parse_bad("2019-02-29");
	parse_bad("2020-02-30");
	parse_bad("2020-04-31");
	parse_bad("2020-13-01");
	parse_bad("2020-00-10");
	parse_bad("2020-01-00");
	parse_bad("1799-12-31");
	parse_bad("2020-2-29");
	parse_bad("2020-02-9");
	parse_bad("2020/02/29");
	parse_bad("20200229");
	parse_bad("2020-02-29 ");
	parse_bad(" 2020-02-29");
	parse_bad("2020-02-29T00:00");
	parse_bad("+020-02-29");
	parse_bad("2020-+2-29");
	parse_bad("2020-0a-29");
	parse_bad("2020--2-29");
	parse_bad("２０２０-02-29"); /* full-width digits */
}

static void test_format(void **state)
{
	(void)state;
	char out[11];
	date_format(20200229, out, sizeof out);
	assert_string_equal(out, "2020-02-29");
	date_format(20200101, out, sizeof out);
	assert_string_equal(out, "2020-01-01");
	date_format(18000101, out, sizeof out);
	assert_string_equal(out, "1800-01-01");
	/* parse and format agree */
	int ymd;
	assert_int_equal(date_parse(out, &ymd), 0);
	assert_int_equal(ymd, 18000101);
	/* a short buffer is cut, never overrun */
	char small[5];
	date_format(20200229, small, sizeof small);
	assert_string_equal(small, "2020");
}

static int64_t utc(int ymd, int h, int m, int s)
{
	return date_days(ymd) * 86400 + h * 3600 + m * 60 + s;
}

static void lt_ok(const char *s, int64_t want)
{
	int64_t t = UNTOUCHED_T;
	if (date_parse_local_time(s, &t) != 0)
		fail_msg("\"%s\" refused", s);
	if (t != want)
		fail_msg("\"%s\" -> %lld, want %lld", s, (long long)t, (long long)want);
}

static void lt_bad(const char *s)
{
	int64_t t = UNTOUCHED_T;
	if (date_parse_local_time(s, &t) != -1)
		fail_msg("\"%s\" accepted as %lld", s ? s : "(null)", (long long)t);
	assert_true(t == UNTOUCHED_T);
}

/* A local day starts at 16:00 UTC the day before; secs count from there. */
static void test_local_time(void **state)
{
	(void)state;
	assert_true(date_local_time(20200201, 0) == utc(20200131, 16, 0, 0));
	assert_true(date_local_time(20200301, 0) == utc(20200229, 16, 0, 0));
	assert_true(date_local_time(20200201, 9 * 3600) == utc(20200201, 1, 0, 0));
	assert_true(date_local_time(20200201, 86400) == date_local_time(20200202, 0));
	assert_true(date_local_time(19700101, 0) == -8 * 3600);
}

static void test_parse_local_time(void **state)
{
	(void)state;
	/* local = UTC+8 */
	lt_ok("2020-02-01 08:00", utc(20200201, 0, 0, 0));
	lt_ok("2020-02-01T08:00", utc(20200201, 0, 0, 0));
	lt_ok("2020-02-01T08:00:30", utc(20200201, 0, 0, 30));
	lt_ok("2020-02-01 08:00:59", utc(20200201, 0, 0, 59));
	/* local midnight is 16:00 UTC the day before */
	lt_ok("2020-02-01 00:00", utc(20200131, 16, 0, 0));
	lt_ok("2020-01-01 00:00", utc(20191231, 16, 0, 0));
	lt_ok("2020-03-01 07:59", utc(20200229, 23, 59, 0));
	lt_ok("2020-02-29 23:59:59", utc(20200229, 15, 59, 59));
	lt_ok("2020-02-01 06:00", utc(20200131, 22, 0, 0));
	lt_bad(NULL);
	lt_bad("");
	lt_bad("2020-02-01");
	lt_bad("2020-02-01 24:00");
	lt_bad("2020-02-01 23:60");
	lt_bad("2020-02-01 23:59:60");
	lt_bad("2020-02-01 8:00");
	lt_bad("2020-02-01 08:0");
	lt_bad("2020-02-01X08:00");
	lt_bad("2020-02-01 08-00");
	lt_bad("2020-02-01 08:00:");
	lt_bad("2020-02-01 08:00:0");
	lt_bad("2020-02-01 08:00Z");
	lt_bad("2020-02-01 08:00:00Z");
	lt_bad("2020-02-01 08:00:00.5");
	lt_bad("2020-02-01 08:00x00");
	lt_bad("2020-02-01 0a:00");
	lt_bad("2020-02-01 -1:00");
	lt_bad("2020-02-30 08:00");
	lt_bad("2019-02-29 08:00");
	lt_bad("2020-2-01 08:00:00");
	lt_bad("2020-02-01 08:00+08");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days_epoch),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_add_month_year_ends),
	    cmocka_unit_test(test_leap_days),
	    cmocka_unit_test(test_diff),
	    cmocka_unit_test(test_ok),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_local_time),
	    cmocka_unit_test(test_parse_local_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
