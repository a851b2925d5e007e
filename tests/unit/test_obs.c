/*
 * Unit tests for src/core/obs.c: the rules of medical observation.  The
 * day-0 / day-1 setting, planned ends across month and year ends and
 * 2020-02-29, extensions; check windows at their edges (05:59, 06:00, 11:59,
 * 12:00, 16:00, 21:59, 22:00 local) computed from UTC times; slot
 * assignment; missed-window counting; fever per method; the 34.0–43.0 range;
 * the rules check; every status × action of the one state machine; and the
 * rule versions as stored (src/store/obs.c: which version applies on a date,
 * the JSON form).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/obs.h"
#include "store/db.h"
#include "store/obs.h"
#include "util/log.h"
#include "test_dbfx.h"

/* UTC seconds of a local (UTC+8) time. */
static int64_t local(int ymd, int h, int m)
{
	return date_days(ymd) * 86400 + h * 3600 + m * 60 - 8 * 3600;
}

static int64_t widx(int ymd, int slot)
{
	return obs_window_idx(date_days(ymd), slot);
}

static struct obs_rules defaults(void)
{
	struct obs_rules r;
	obs_rules_default(&r);
	return r;
}

static void test_defaults(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	assert_null(obs_rules_check(&r));
	assert_int_equal(r.period_days, 14);
	assert_int_equal(r.day0, 1);
	assert_int_equal(r.win[0][0], 6 * 60);
	assert_int_equal(r.win[0][1], 12 * 60);
	assert_int_equal(r.win[1][0], 16 * 60);
	assert_int_equal(r.win[1][1], 22 * 60);
	assert_int_equal(r.threshold[METHOD_AXILLARY], 373);
	assert_int_equal(r.threshold[METHOD_FOREHEAD], 373);
	assert_int_equal(r.threshold[METHOD_EAR], 375);
	assert_int_equal(r.threshold[METHOD_ORAL], 375);
	assert_int_equal(r.nsymptoms, 8);
	assert_string_equal(r.symptoms[0], "发热");
	assert_string_equal(r.symptoms[6], "嗅觉味觉减退");
	assert_string_equal(r.symptoms[7], "其他");
}

static void rules_expect(const struct obs_rules *r, const char *want)
{
	const char *got = obs_rules_check(r);
	if (!want && got)
		fail_msg("rules refused with %s", got);
	if (want && (!got || strcmp(got, want)))
		fail_msg("rules check gave %s, want %s", got ? got : "NULL", want);
}

static void test_rules_same(void **state)
{
	(void)state;
	struct obs_rules a = defaults(), b = defaults();

	/* id, version and effective date are not content */
	b.id = 7, b.version = 3, b.effective = 20200301;
	assert_true(obs_rules_same(&a, &b));
	b = defaults(), b.day0 = 5; /* any true value */
	assert_true(obs_rules_same(&a, &b));
	b = defaults(), b.period_days = 15;
	assert_false(obs_rules_same(&a, &b));
	b = defaults(), b.day0 = 0;
	assert_false(obs_rules_same(&a, &b));
	b = defaults(), b.win[1][1] -= 30;
	assert_false(obs_rules_same(&a, &b));
	b = defaults(), b.threshold[METHOD_EAR] += 1;
	assert_false(obs_rules_same(&a, &b));
	b = defaults(), b.nsymptoms--;
	assert_false(obs_rules_same(&a, &b));
	b = defaults(), snprintf(b.symptoms[3], sizeof b.symptoms[3], "%s", "头痛");
	assert_false(obs_rules_same(&a, &b));
	/* the same symptoms in another order are another list (the form shows them in order) */
	b = defaults();
	char tmp[32];
	memcpy(tmp, b.symptoms[0], sizeof tmp);
	memcpy(b.symptoms[0], b.symptoms[1], sizeof tmp);
	memcpy(b.symptoms[1], tmp, sizeof tmp);
	assert_false(obs_rules_same(&a, &b));
}

static void test_rules_check(void **state)
{
	(void)state;
	struct obs_rules r;

	r = defaults(), r.period_days = 0, rules_expect(&r, "rules_period");
	r = defaults(), r.period_days = -14, rules_expect(&r, "rules_period");
	r = defaults(), r.period_days = 1, rules_expect(&r, NULL);
	r = defaults(), r.period_days = 60, rules_expect(&r, NULL);
	r = defaults(), r.period_days = 61, rules_expect(&r, "rules_period");

	r = defaults(), r.win[0][0] = -1, rules_expect(&r, "rules_window");
	r = defaults(), r.win[0][0] = 0, rules_expect(&r, NULL);
	r = defaults(), r.win[0][0] = r.win[0][1], rules_expect(&r, "rules_window");
	r = defaults(), r.win[0][0] = r.win[0][1] + 1, rules_expect(&r, "rules_window");
	/* adjacent windows are fine, overlapping ones are not */
	r = defaults(), r.win[0][1] = r.win[1][0], rules_expect(&r, NULL);
	r = defaults(), r.win[0][1] = r.win[1][0] + 1, rules_expect(&r, "rules_window");
	r = defaults(), r.win[1][0] = r.win[1][1], rules_expect(&r, "rules_window");
	r = defaults(), r.win[1][1] = 24 * 60, rules_expect(&r, NULL);
	r = defaults(), r.win[1][1] = 24 * 60 + 1, rules_expect(&r, "rules_window");

	for (int m = 0; m < METHOD_COUNT; m++) {
		r = defaults(), r.threshold[m] = 359, rules_expect(&r, "rules_threshold");
		r = defaults(), r.threshold[m] = 360, rules_expect(&r, NULL);
		r = defaults(), r.threshold[m] = 400, rules_expect(&r, NULL);
		r = defaults(), r.threshold[m] = 401, rules_expect(&r, "rules_threshold");
	}

	r = defaults(), r.nsymptoms = 0, rules_expect(&r, "rules_symptoms");
	r = defaults(), r.nsymptoms = 1, rules_expect(&r, NULL);
	r = defaults(), r.nsymptoms = OBS_MAX_SYMPTOMS, rules_expect(&r, NULL);
	r = defaults(), r.nsymptoms = OBS_MAX_SYMPTOMS + 1, rules_expect(&r, "rules_symptoms");
}

static void expect_period(int day0, int period, int exposure, int ext, int want_day1, int want_end)
{
	struct obs_rules r = defaults();
	r.day0 = day0;
	r.period_days = period;
	int d1 = obs_day1(&r, exposure), end = obs_planned_end(&r, exposure, ext);
	if (d1 != want_day1 || end != want_end)
		fail_msg("day0=%d period=%d exposure=%d ext=%d: day1 %d end %d, want %d %d", day0,
			 period, exposure, ext, d1, end, want_day1, want_end);
	/* the period holds period + ext days, counted from day 1 */
	assert_int_equal(date_diff(d1, end) + 1, period + ext);
}

static void test_day0_day1(void **state)
{
	(void)state;
	/* day 0 = exposure day: day 1 is the next day, day 14 ends it */
	expect_period(1, 14, 20200126, 0, 20200127, 20200209);
	/* day 1 = exposure day: one day earlier */
	expect_period(0, 14, 20200126, 0, 20200126, 20200208);
	expect_period(1, 1, 20200126, 0, 20200127, 20200127);
	expect_period(0, 1, 20200126, 0, 20200126, 20200126);
	expect_period(1, 21, 20200126, 0, 20200127, 20200216);
}

static void test_period_month_year_ends(void **state)
{
	(void)state;
	expect_period(1, 14, 20200131, 0, 20200201, 20200214);
	expect_period(0, 14, 20200131, 0, 20200131, 20200213);
	expect_period(1, 14, 20200120, 0, 20200121, 20200203);
	expect_period(1, 14, 20191231, 0, 20200101, 20200114);
	expect_period(0, 14, 20191231, 0, 20191231, 20200113);
	expect_period(1, 14, 20191225, 0, 20191226, 20200108);
	expect_period(1, 14, 20200430, 0, 20200501, 20200514);
	expect_period(1, 14, 20201225, 0, 20201226, 20210108);
}

static void test_period_leap_day(void **state)
{
	(void)state;
	/* ends run over 2020-02-29 */
	expect_period(1, 14, 20200216, 0, 20200217, 20200301);
	expect_period(1, 14, 20190216, 0, 20190217, 20190302);
	expect_period(1, 14, 20200215, 0, 20200216, 20200229);
	expect_period(0, 14, 20200216, 0, 20200216, 20200229);
	/* exposure on 2020-02-29 itself */
	expect_period(1, 14, 20200229, 0, 20200301, 20200314);
	expect_period(0, 14, 20200229, 0, 20200229, 20200313);
	/* day 0 on 2020-02-28: day 1 is the leap day */
	expect_period(1, 14, 20200228, 0, 20200229, 20200313);
}

static void test_extensions(void **state)
{
	(void)state;
	expect_period(1, 14, 20200126, 7, 20200127, 20200216);
	expect_period(1, 14, 20200126, 1, 20200127, 20200210);
	expect_period(0, 14, 20200126, 14, 20200126, 20200222);
	/* extension across the leap day and month end */
	expect_period(1, 14, 20200210, 7, 20200211, 20200302);
	expect_period(1, 14, 20191220, 7, 20191221, 20200110);
}

static void expect_local(int64_t t, int want_ymd, int want_minute)
{
	int ymd = -1, minute = -1;
	obs_local(t, &ymd, &minute);
	if (ymd != want_ymd || minute != want_minute)
		fail_msg("obs_local(%lld) = %d %d, want %d %d", (long long)t, ymd, minute, want_ymd,
			 want_minute);
}

static void test_local_dates(void **state)
{
	(void)state;
	int64_t feb1 = date_days(20200201) * 86400; /* 2020-02-01 00:00 UTC */
	expect_local(feb1, 20200201, 8 * 60);
	/* local midnight is 16:00 UTC */
	expect_local(feb1 - 8 * 3600 - 1, 20200131, 23 * 60 + 59);
	expect_local(feb1 - 8 * 3600, 20200201, 0);
	expect_local(feb1 + 16 * 3600 - 1, 20200201, 23 * 60 + 59);
	expect_local(feb1 + 16 * 3600, 20200202, 0);
	/* year end: 2019-12-31 16:00 UTC is New Year locally */
	expect_local(date_days(20191231) * 86400 + 16 * 3600 - 60, 20191231, 23 * 60 + 59);
	expect_local(date_days(20191231) * 86400 + 16 * 3600, 20200101, 0);
	/* leap day */
	expect_local(date_days(20200228) * 86400 + 16 * 3600, 20200229, 0);
	expect_local(date_days(20200229) * 86400 + 15 * 3600 + 59 * 60, 20200229, 23 * 60 + 59);
	expect_local(date_days(20200229) * 86400 + 16 * 3600, 20200301, 0);
	/* seconds are dropped, not rounded */
	expect_local(local(20200201, 5, 59) + 59, 20200201, 5 * 60 + 59);
	/* around the epoch, including negative times */
	expect_local(0, 19700101, 8 * 60);
	expect_local(-1, 19700101, 7 * 60 + 59);
	expect_local(-8 * 3600, 19700101, 0);
	expect_local(-8 * 3600 - 1, 19691231, 23 * 60 + 59);
	expect_local(-8 * 3600 - 86400, 19691231, 0);
}

static void test_slots(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	/* the midpoint between 12:00 and 16:00 splits the day */
	assert_int_equal(obs_slot_of(&r, 0), 0);
	assert_int_equal(obs_slot_of(&r, 5 * 60 + 59), 0);
	assert_int_equal(obs_slot_of(&r, 6 * 60), 0);
	assert_int_equal(obs_slot_of(&r, 12 * 60), 0);
	assert_int_equal(obs_slot_of(&r, 13 * 60 + 59), 0);
	assert_int_equal(obs_slot_of(&r, 14 * 60), 1);
	assert_int_equal(obs_slot_of(&r, 16 * 60), 1);
	assert_int_equal(obs_slot_of(&r, 22 * 60), 1);
	assert_int_equal(obs_slot_of(&r, 23 * 60 + 59), 1);
	/* other windows, other midpoint: 10:00 and 18:00 → 14:00 */
	r.win[0][1] = 10 * 60;
	r.win[1][0] = 18 * 60;
	assert_int_equal(obs_slot_of(&r, 13 * 60 + 59), 0);
	assert_int_equal(obs_slot_of(&r, 14 * 60), 1);
	r.win[0][1] = 9 * 60;
	r.win[1][0] = 15 * 60;
	assert_int_equal(obs_slot_of(&r, 11 * 60 + 59), 0);
	assert_int_equal(obs_slot_of(&r, 12 * 60), 1);
}

static void test_in_window(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	assert_false(obs_in_window(&r, 0, 5 * 60 + 59));
	assert_true(obs_in_window(&r, 0, 6 * 60));
	assert_true(obs_in_window(&r, 0, 11 * 60 + 59));
	assert_false(obs_in_window(&r, 0, 12 * 60));
	assert_false(obs_in_window(&r, 0, 16 * 60));
	assert_false(obs_in_window(&r, 1, 15 * 60 + 59));
	assert_true(obs_in_window(&r, 1, 16 * 60));
	assert_true(obs_in_window(&r, 1, 21 * 60 + 59));
	assert_false(obs_in_window(&r, 1, 22 * 60));
	assert_false(obs_in_window(&r, 1, 8 * 60));
}

static void test_current_window(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	int d = 20200201;
	assert_true(obs_current_window(&r, local(d, 0, 0)) == -1);
	assert_true(obs_current_window(&r, local(d, 5, 59)) == -1);
	assert_true(obs_current_window(&r, local(d, 5, 59) + 59) == -1);
	assert_true(obs_current_window(&r, local(d, 6, 0)) == widx(d, 0));
	assert_true(obs_current_window(&r, local(d, 11, 59)) == widx(d, 0));
	assert_true(obs_current_window(&r, local(d, 11, 59) + 59) == widx(d, 0));
	assert_true(obs_current_window(&r, local(d, 12, 0)) == -1);
	assert_true(obs_current_window(&r, local(d, 15, 59)) == -1);
	assert_true(obs_current_window(&r, local(d, 16, 0)) == widx(d, 1));
	assert_true(obs_current_window(&r, local(d, 21, 59)) == widx(d, 1));
	assert_true(obs_current_window(&r, local(d, 22, 0)) == -1);
	assert_true(obs_current_window(&r, local(d, 23, 59)) == -1);
	/* the local date decides, not the UTC one: 07:00 local is 23:00 UTC
	 * the day before */
	assert_true(obs_current_window(&r, local(20200301, 7, 0)) == widx(20200301, 0));
	assert_true(obs_current_window(&r, local(20200101, 6, 0)) == widx(20200101, 0));
	/* consecutive windows differ by one */
	assert_true(widx(20200301, 0) - widx(20200229, 1) == 1);
	assert_true(widx(20200101, 0) - widx(20191231, 1) == 1);
}

static void test_last_closed_window(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	int d = 20200201, prev = 20200131;
	assert_true(obs_last_closed_window(&r, local(d, 0, 0)) == widx(prev, 1));
	assert_true(obs_last_closed_window(&r, local(d, 5, 59)) == widx(prev, 1));
	assert_true(obs_last_closed_window(&r, local(d, 6, 0)) == widx(prev, 1));
	assert_true(obs_last_closed_window(&r, local(d, 11, 59)) == widx(prev, 1));
	assert_true(obs_last_closed_window(&r, local(d, 12, 0)) == widx(d, 0));
	assert_true(obs_last_closed_window(&r, local(d, 16, 0)) == widx(d, 0));
	assert_true(obs_last_closed_window(&r, local(d, 21, 59)) == widx(d, 0));
	assert_true(obs_last_closed_window(&r, local(d, 22, 0)) == widx(d, 1));
	assert_true(obs_last_closed_window(&r, local(d, 23, 59)) == widx(d, 1));
	/* over the year end and the leap day */
	assert_true(obs_last_closed_window(&r, local(20200101, 5, 0)) == widx(20191231, 1));
	assert_true(obs_last_closed_window(&r, local(20200301, 5, 0)) == widx(20200229, 1));
}

static void test_first_window(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	int d = 20200201;
	assert_true(obs_first_window(&r, local(d, 0, 0)) == widx(d, 0));
	assert_true(obs_first_window(&r, local(d, 5, 59)) == widx(d, 0));
	assert_true(obs_first_window(&r, local(d, 6, 0)) == widx(d, 0));
	assert_true(obs_first_window(&r, local(d, 11, 59)) == widx(d, 0));
	assert_true(obs_first_window(&r, local(d, 12, 0)) == widx(d, 1));
	assert_true(obs_first_window(&r, local(d, 16, 0)) == widx(d, 1));
	assert_true(obs_first_window(&r, local(d, 21, 59)) == widx(d, 1));
	assert_true(obs_first_window(&r, local(d, 22, 0)) == widx(20200202, 0));
	assert_true(obs_first_window(&r, local(20191231, 23, 0)) == widx(20200101, 0));
	assert_true(obs_first_window(&r, local(20200228, 22, 30)) == widx(20200229, 0));
}

static void test_missed_since(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	int d = 20200201;
	int64_t first = widx(d, 0), last_req = widx(20200214, 1);
	/* before the first window has closed nothing is missed */
	assert_true(obs_missed_since(first, last_req, -1,
				     obs_last_closed_window(&r, local(d, 11, 59))) == 0);
	/* 12:00: the morning window closed unchecked */
	assert_true(obs_missed_since(first, last_req, -1,
				     obs_last_closed_window(&r, local(d, 12, 0))) == 1);
	assert_true(obs_missed_since(first, last_req, -1,
				     obs_last_closed_window(&r, local(d, 21, 59))) == 1);
	assert_true(obs_missed_since(first, last_req, -1,
				     obs_last_closed_window(&r, local(d, 22, 0))) == 2);
	assert_true(obs_missed_since(first, last_req, -1,
				     obs_last_closed_window(&r, local(20200202, 12, 0))) == 3);
	/* a check resets the count to the windows after it */
	assert_true(obs_missed_since(first, last_req, widx(d, 0),
				     obs_last_closed_window(&r, local(d, 21, 59))) == 0);
	assert_true(obs_missed_since(first, last_req, widx(d, 0),
				     obs_last_closed_window(&r, local(d, 22, 0))) == 1);
	assert_true(obs_missed_since(first, last_req, widx(d, 1),
				     obs_last_closed_window(&r, local(d, 22, 0))) == 0);
	/* a check in the window still open counts too */
	assert_true(obs_missed_since(first, last_req, widx(20200202, 0),
				     obs_last_closed_window(&r, local(20200202, 7, 0))) == 0);
	/* a check before the first owed window (day 0) does not count */
	assert_true(obs_missed_since(first, last_req, widx(20200131, 1),
				     obs_last_closed_window(&r, local(d, 22, 0))) == 2);
	/* nothing is owed after the last day's evening */
	assert_true(obs_missed_since(first, last_req, widx(20200214, 0),
				     obs_last_closed_window(&r, local(20200220, 12, 0))) == 1);
	assert_true(obs_missed_since(first, last_req, -1,
				     obs_last_closed_window(&r, local(20200220, 12, 0))) == 28);
	assert_true(obs_missed_since(first, last_req, last_req, last_req + 10) == 0);
	/* plain index arithmetic */
	assert_true(obs_missed_since(10, 40, -1, 9) == 0);
	assert_true(obs_missed_since(10, 40, -1, 10) == 1);
	assert_true(obs_missed_since(10, 40, 11, 12) == 1);
	assert_true(obs_missed_since(10, 40, 12, 12) == 0);
	assert_true(obs_missed_since(10, 40, 13, 12) == 0);
	assert_true(obs_missed_since(10, 20, -1, 30) == 11);
}

static void test_fever(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	assert_true(obs_is_fever(&r, METHOD_AXILLARY, 373)); /* 37.3 exactly is fever */
	assert_false(obs_is_fever(&r, METHOD_AXILLARY, 372));
	assert_true(obs_is_fever(&r, METHOD_AXILLARY, 381));
	assert_true(obs_is_fever(&r, METHOD_FOREHEAD, 373));
	assert_false(obs_is_fever(&r, METHOD_FOREHEAD, 372));
	assert_true(obs_is_fever(&r, METHOD_EAR, 375));
	assert_false(obs_is_fever(&r, METHOD_EAR, 374));
	assert_false(obs_is_fever(&r, METHOD_EAR, 373));
	assert_true(obs_is_fever(&r, METHOD_ORAL, 375));
	assert_false(obs_is_fever(&r, METHOD_ORAL, 374));
	/* an unknown method falls back to axillary */
	assert_true(obs_is_fever(&r, -1, 373));
	assert_false(obs_is_fever(&r, -1, 372));
	assert_true(obs_is_fever(&r, METHOD_COUNT, 373));
	assert_false(obs_is_fever(&r, METHOD_COUNT, 372));
	/* thresholds follow the rule set */
	r.threshold[METHOD_AXILLARY] = 375;
	r.threshold[METHOD_EAR] = 380;
	assert_false(obs_is_fever(&r, METHOD_AXILLARY, 374));
	assert_true(obs_is_fever(&r, METHOD_AXILLARY, 375));
	assert_false(obs_is_fever(&r, METHOD_EAR, 379));
	assert_true(obs_is_fever(&r, METHOD_EAR, 380));
	assert_true(obs_is_fever(&r, METHOD_FOREHEAD, 373));
}

static void test_temp_range(void **state)
{
	(void)state;
	assert_false(obs_temp_ok(339));
	assert_true(obs_temp_ok(340));
	assert_true(obs_temp_ok(365));
	assert_true(obs_temp_ok(430));
	assert_false(obs_temp_ok(431));
	assert_false(obs_temp_ok(0));
	assert_false(obs_temp_ok(-365));
}

static void test_names(void **state)
{
	(void)state;
	static const char *const en[] = {"axillary", "forehead", "ear", "oral"};
	static const char *const zh[] = {"腋温", "额温", "耳温", "口温"};
	for (int m = 0; m < METHOD_COUNT; m++) {
		assert_int_equal(obs_method_from_name(en[m]), m);
		assert_int_equal(obs_method_from_name(zh[m]), m);
		assert_string_equal(obs_method_name(m), en[m]);
		assert_string_equal(obs_method_label(m, 0), zh[m]);
	}
	assert_int_equal(obs_method_from_name(NULL), -1);
	assert_int_equal(obs_method_from_name(""), -1);
	assert_int_equal(obs_method_from_name("Axillary"), -1);
	assert_int_equal(obs_method_from_name("rectal"), -1);
	assert_string_equal(obs_method_name(-1), "");
	assert_string_equal(obs_method_name(METHOD_COUNT), "");
	assert_string_equal(obs_method_label(METHOD_COUNT, 1), "");

	static const char *const st[] = {"active", "released", "hospital", "lost"};
	static const char *const st_zh[] = {"观察中", "已解除", "已转院", "失联"};
	for (int s = 0; s < OBS_STATUS_COUNT; s++) {
		assert_int_equal(obs_status_from_name(st[s]), s);
		assert_string_equal(obs_status_name(s), st[s]);
		assert_string_equal(obs_status_label(s, 0), st_zh[s]);
		assert_true(strlen(obs_status_label(s, 1)) > 0);
	}
	assert_int_equal(obs_status_from_name("closed"), -1);
	assert_int_equal(obs_status_from_name(NULL), -1);
	assert_string_equal(obs_status_name(OBS_STATUS_COUNT), "");
	assert_string_equal(obs_status_label(-1, 0), "");

	static const char *const act[] = {"release", "release_early", "hospital", "lost",
					  "found",   "to_central",    "to_home",  "extend"};
	for (int a = 0; a < ACT_COUNT; a++) {
		assert_int_equal(obs_action_from_name(act[a]), a);
		assert_string_equal(obs_action_name(a), act[a]);
	}
	assert_int_equal(obs_action_from_name("start"), -1);
	assert_int_equal(obs_action_from_name(NULL), -1);
	assert_string_equal(obs_action_name(ACT_COUNT), "");
}

/* ---- the state machine ---- */

#define TODAY 20200209

/* A home observation on its last day with both checks and no alert. */
static struct obs_state ready(int status)
{
	struct obs_state s = {status, KIND_HOME, TODAY, 0, 2};
	return s;
}

static void expect_tr(const struct obs_state *s, int action, int today, const char *reason,
		      const char *want, int want_next)
{
	int next = -7;
	const char *got = obs_transition(s, action, today, reason, &next);
	if ((want == NULL) != (got == NULL) || (want && strcmp(want, got)))
		fail_msg("%s --%s--> %s, want %s", obs_status_name(s->status),
			 obs_action_name(action), got ? got : "ok", want ? want : "ok");
	if (next != want_next)
		fail_msg("%s --%s--> next %s, want %s", obs_status_name(s->status),
			 obs_action_name(action), obs_status_name(next),
			 obs_status_name(want_next));
}

/* Every status × every action, with facts that satisfy every rule: what is
 * allowed and where it leads; anything refused leaves the status. */
static void test_transition_matrix(void **state)
{
	(void)state;
	static const struct {
		const char *why; /* NULL = allowed */
		int next;
	} want[OBS_STATUS_COUNT][ACT_COUNT] = {
	    [OBS_ACTIVE] =
		{
		    [ACT_RELEASE] = {NULL, OBS_RELEASED},
		    [ACT_RELEASE_EARLY] = {NULL, OBS_RELEASED},
		    [ACT_HOSPITAL] = {NULL, OBS_HOSPITAL},
		    [ACT_LOST] = {NULL, OBS_LOST},
		    [ACT_FOUND] = {"obs_not_active", OBS_ACTIVE},
		    [ACT_TO_CENTRAL] = {NULL, OBS_ACTIVE},
		    [ACT_TO_HOME] = {"kind_same", OBS_ACTIVE},
		    [ACT_EXTEND] = {NULL, OBS_ACTIVE},
		},
	    [OBS_LOST] =
		{
		    [ACT_RELEASE] = {"obs_not_active", OBS_LOST},
		    [ACT_RELEASE_EARLY] = {"obs_not_active", OBS_LOST},
		    [ACT_HOSPITAL] = {NULL, OBS_HOSPITAL},
		    [ACT_LOST] = {"obs_not_active", OBS_LOST},
		    [ACT_FOUND] = {NULL, OBS_ACTIVE},
		    [ACT_TO_CENTRAL] = {"obs_not_active", OBS_LOST},
		    [ACT_TO_HOME] = {"obs_not_active", OBS_LOST},
		    [ACT_EXTEND] = {"obs_not_active", OBS_LOST},
		},
	};
	for (int st = 0; st < OBS_STATUS_COUNT; st++) {
		struct obs_state s = ready(st);
		for (int a = 0; a < ACT_COUNT; a++) {
			if (st == OBS_RELEASED || st == OBS_HOSPITAL) /* final */
				expect_tr(&s, a, TODAY, "指示病例已排除", "obs_not_active", st);
			else
				expect_tr(&s, a, TODAY, "指示病例已排除", want[st][a].why,
					  want[st][a].next);
		}
	}
	/* unknown actions */
	struct obs_state s = ready(OBS_ACTIVE);
	expect_tr(&s, ACT_COUNT, TODAY, "x", "invalid", OBS_ACTIVE);
	expect_tr(&s, -1, TODAY, "x", "invalid", OBS_ACTIVE);
}

static void test_release_rules(void **state)
{
	(void)state;
	struct obs_state s = ready(OBS_ACTIVE);
	/* the planned end is the first day it may happen */
	expect_tr(&s, ACT_RELEASE, date_add(TODAY, -1), NULL, "release_too_early", OBS_ACTIVE);
	expect_tr(&s, ACT_RELEASE, date_add(TODAY, -13), NULL, "release_too_early", OBS_ACTIVE);
	expect_tr(&s, ACT_RELEASE, TODAY, NULL, NULL, OBS_RELEASED);
	expect_tr(&s, ACT_RELEASE, date_add(TODAY, 1), NULL, NULL, OBS_RELEASED);
	/* over a month end */
	s.planned_end = 20200301;
	expect_tr(&s, ACT_RELEASE, 20200229, NULL, "release_too_early", OBS_ACTIVE);
	expect_tr(&s, ACT_RELEASE, 20200301, NULL, NULL, OBS_RELEASED);
	s = ready(OBS_ACTIVE);
	/* an open alert blocks */
	s.open_alerts = 1;
	expect_tr(&s, ACT_RELEASE, TODAY, NULL, "release_open_alert", OBS_ACTIVE);
	expect_tr(&s, ACT_RELEASE, date_add(TODAY, -1), NULL, "release_too_early", OBS_ACTIVE);
	s.open_alerts = 0;
	/* the last day needs both its checks */
	s.last_day_checks = 1;
	expect_tr(&s, ACT_RELEASE, TODAY, NULL, "release_checks_missing", OBS_ACTIVE);
	s.last_day_checks = 0;
	expect_tr(&s, ACT_RELEASE, date_add(TODAY, 3), NULL, "release_checks_missing", OBS_ACTIVE);
	s.open_alerts = 2;
	expect_tr(&s, ACT_RELEASE, TODAY, NULL, "release_open_alert", OBS_ACTIVE);
	/* the reason is no way round the rules */
	s = ready(OBS_ACTIVE);
	s.last_day_checks = 1;
	expect_tr(&s, ACT_RELEASE, TODAY, "指示病例已排除", "release_checks_missing", OBS_ACTIVE);
	/* central observations follow the same rules */
	s = ready(OBS_ACTIVE);
	s.kind = KIND_CENTRAL;
	expect_tr(&s, ACT_RELEASE, TODAY, NULL, NULL, OBS_RELEASED);
	expect_tr(&s, ACT_RELEASE, date_add(TODAY, -1), NULL, "release_too_early", OBS_ACTIVE);
}

static void test_early_release(void **state)
{
	(void)state;
	struct obs_state s = ready(OBS_ACTIVE);
	int early = date_add(TODAY, -10);
	s.last_day_checks = 0;
	expect_tr(&s, ACT_RELEASE_EARLY, early, NULL, "reason_required", OBS_ACTIVE);
	expect_tr(&s, ACT_RELEASE_EARLY, early, "", "reason_required", OBS_ACTIVE);
	expect_tr(&s, ACT_RELEASE_EARLY, early, " \t\n ", "reason_required", OBS_ACTIVE);
	expect_tr(&s, ACT_RELEASE_EARLY, early, "指示病例核酸两次阴性，已排除", NULL, OBS_RELEASED);
	s.open_alerts = 1;
	expect_tr(&s, ACT_RELEASE_EARLY, early, "指示病例已排除", "release_open_alert", OBS_ACTIVE);
}

static void test_reasons(void **state)
{
	(void)state;
	struct obs_state s = ready(OBS_ACTIVE);
	expect_tr(&s, ACT_EXTEND, TODAY, NULL, "reason_required", OBS_ACTIVE);
	expect_tr(&s, ACT_EXTEND, TODAY, "  ", "reason_required", OBS_ACTIVE);
	expect_tr(&s, ACT_EXTEND, TODAY, "同住家属发热", NULL, OBS_ACTIVE);
	/* extending before the end is fine, and after it too */
	expect_tr(&s, ACT_EXTEND, date_add(TODAY, -5), "同住家属发热", NULL, OBS_ACTIVE);
	/* lost needs a written reason (obs.h) */
	expect_tr(&s, ACT_LOST, TODAY, NULL, "reason_required", OBS_ACTIVE);
	expect_tr(&s, ACT_LOST, TODAY, "", "reason_required", OBS_ACTIVE);
	expect_tr(&s, ACT_LOST, TODAY, "电话无人接听", NULL, OBS_LOST);
	/* hospital, found and kind changes need none */
	expect_tr(&s, ACT_HOSPITAL, TODAY, NULL, NULL, OBS_HOSPITAL);
	expect_tr(&s, ACT_TO_CENTRAL, TODAY, NULL, NULL, OBS_ACTIVE);
	s.status = OBS_LOST;
	expect_tr(&s, ACT_FOUND, TODAY, NULL, NULL, OBS_ACTIVE);
	expect_tr(&s, ACT_HOSPITAL, TODAY, NULL, NULL, OBS_HOSPITAL);
}

static void test_kind_changes(void **state)
{
	(void)state;
	struct obs_state s = ready(OBS_ACTIVE);
	expect_tr(&s, ACT_TO_CENTRAL, TODAY, NULL, NULL, OBS_ACTIVE);
	expect_tr(&s, ACT_TO_HOME, TODAY, NULL, "kind_same", OBS_ACTIVE);
	s.kind = KIND_CENTRAL;
	expect_tr(&s, ACT_TO_HOME, TODAY, NULL, NULL, OBS_ACTIVE);
	expect_tr(&s, ACT_TO_CENTRAL, TODAY, NULL, "kind_same", OBS_ACTIVE);
	/* a kind change keeps one continuous period: not even early in it is
	 * it blocked, and the status stays */
	expect_tr(&s, ACT_TO_HOME, date_add(TODAY, -12), NULL, NULL, OBS_ACTIVE);
	/* centralized from a checkpoint, no site yet: 转集中 places it (the
	 * store then needs a site and a bed); home still allowed */
	s.unplaced = 1;
	expect_tr(&s, ACT_TO_CENTRAL, TODAY, NULL, NULL, OBS_ACTIVE);
	expect_tr(&s, ACT_TO_HOME, TODAY, NULL, NULL, OBS_ACTIVE);
	s.status = OBS_RELEASED;
	expect_tr(&s, ACT_TO_CENTRAL, TODAY, NULL, "obs_not_active", OBS_RELEASED);
}

/* ---- rule versions (store) ---- */

static const struct actor sys = {0, "cli", "admin", "cli", "t-obs"};

static void rules_json_ok(const char *text, struct obs_rules *r)
{
	json_t *j = json_loads(text, 0, NULL);
	const char *field = "?";
	assert_non_null(j);
	const char *bad = obs_rules_from_json(j, r, &field);
	json_decref(j);
	if (bad)
		fail_msg("%s refused: %s (%s)", text, bad, field ? field : "");
	assert_null(field);
}

static void rules_json_bad(const char *text, const char *code, const char *want_field)
{
	struct obs_rules r = defaults();
	json_t *j = json_loads(text, 0, NULL);
	const char *field = NULL;
	assert_non_null(j);
	const char *bad = obs_rules_from_json(j, &r, &field);
	json_decref(j);
	if (!bad || strcmp(bad, code) || !field || strcmp(field, want_field))
		fail_msg("%s: %s (%s), want %s (%s)", text, bad ? bad : "ok", field ? field : "",
			 code, want_field);
}

static void test_rules_json(void **state)
{
	(void)state;
	struct obs_rules r = defaults();
	rules_json_ok("{\"period_days\":21,\"day0\":false,\"windows\":{\"morning\":[\"07:00\","
		      "\"11:30\"],\"evening\":[\"17:00\",\"24:00\"]},\"thresholds\":{\"axillary\""
		      ":37.3,\"ear\":37.6},\"symptoms\":[\"发热\",\"咳嗽\"]}",
		      &r);
	assert_int_equal(r.period_days, 21);
	assert_int_equal(r.day0, 0);
	assert_int_equal(r.win[0][0], 7 * 60);
	assert_int_equal(r.win[0][1], 11 * 60 + 30);
	assert_int_equal(r.win[1][0], 17 * 60);
	assert_int_equal(r.win[1][1], 24 * 60);
	assert_int_equal(r.threshold[METHOD_AXILLARY], 373); /* 37.3 * 10 is 372.999… */
	assert_int_equal(r.threshold[METHOD_EAR], 376);
	assert_int_equal(r.threshold[METHOD_ORAL], 375); /* untouched */
	assert_int_equal(r.nsymptoms, 2);
	/* and back: the JSON form reads in again to the same rules */
	json_t *j = obs_rules_to_json(&r);
	struct obs_rules back = defaults();
	const char *field;
	assert_null(obs_rules_from_json(j, &back, &field));
	json_decref(j);
	assert_int_equal(back.period_days, 21);
	assert_int_equal(back.day0, 0);
	assert_memory_equal(back.win, r.win, sizeof r.win);
	assert_memory_equal(back.threshold, r.threshold, sizeof r.threshold);
	assert_int_equal(back.nsymptoms, 2);
	assert_string_equal(back.symptoms[1], "咳嗽");

	rules_json_bad("{\"period_days\":0}", "rules_period", "period_days");
	rules_json_bad("{\"period_days\":\"14\"}", "rules_period", "period_days");
	rules_json_bad("{\"day0\":1}", "invalid", "day0");
	rules_json_bad("{\"windows\":{\"morning\":[\"06:00\"]}}", "rules_window", "windows");
	rules_json_bad("{\"windows\":{\"morning\":[\"06:00\",\"24:01\"]}}", "rules_window",
		       "windows");
	rules_json_bad("{\"windows\":{\"morning\":[\"06:00\",\"12:60\"]}}", "rules_window",
		       "windows");
	rules_json_bad("{\"windows\":{\"morning\":[\"06:00\",\"12:00x\"]}}", "rules_window",
		       "windows");
	rules_json_bad("{\"windows\":{\"morning\":[\"12:00\",\"06:00\"]}}", "rules_window",
		       "windows");
	rules_json_bad("{\"windows\":{\"morning\":[\"06:00\",\"17:00\"]}}", "rules_window",
		       "windows");
	rules_json_bad("{\"windows\":5}", "rules_window", "windows");
	rules_json_bad("{\"windows\":[\"06:00\",\"12:00\"]}", "rules_window", "windows");
	rules_json_bad("{\"thresholds\":[37.3]}", "rules_threshold", "thresholds");
	rules_json_bad("{\"thresholds\":{\"ear\":35.9}}", "rules_threshold", "thresholds");
	rules_json_bad("{\"thresholds\":{\"oral\":40.1}}", "rules_threshold", "thresholds");
	rules_json_bad("{\"thresholds\":{\"axillary\":\"37.3\"}}", "rules_threshold", "thresholds");
	rules_json_bad("{\"symptoms\":[]}", "rules_symptoms", "symptoms");
	rules_json_bad("{\"symptoms\":[\"\"]}", "rules_symptoms", "symptoms");
	rules_json_bad("{\"symptoms\":[1]}", "rules_symptoms", "symptoms");
	rules_json_bad("{\"symptoms\":\"发热\"}", "rules_symptoms", "symptoms");
	rules_json_bad(
	    "{\"symptoms\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\","
	    "\"11\",\"12\",\"13\",\"14\",\"15\",\"16\",\"17\"]}",
	    "rules_symptoms", "symptoms");
}

static int version_on(struct db *db, int date)
{
	struct obs_rules r;
	assert_int_equal(obs_rules_for(db, date, &r), ST_OK);
	return r.version;
}

static void add_version(struct db *db, int effective, int period)
{
	struct obs_rules r;
	obs_rules_default(&r);
	r.effective = effective;
	r.period_days = period;
	assert_int_equal(obs_rules_add(db, &sys, &r, "test"), ST_OK);
	assert_true(r.id > 0);
}

static void test_rules_versions(void **state)
{
	struct db *db = ((struct fx *)*state)->db;
	struct obs_rules r;
	/* the schema's version 1, in force from 2020-01-01, is the default */
	assert_int_equal(obs_rules_for(db, 20200126, &r), ST_OK);
	assert_int_equal(r.version, 1);
	assert_int_equal(r.effective, 20200101);
	assert_int_equal(r.period_days, 14);
	assert_int_equal(r.day0, 1);
	assert_int_equal(r.threshold[METHOD_AXILLARY], 373);
	assert_int_equal(r.threshold[METHOD_EAR], 375);
	assert_int_equal(r.nsymptoms, 8);
	/* before any effective date: the oldest set */
	assert_int_equal(version_on(db, 20191231), 1);

	add_version(db, 20200215, 21); /* v2 */
	add_version(db, 20200301, 10); /* v3 */
	assert_int_equal(version_on(db, 20200214), 1);
	assert_int_equal(version_on(db, 20200215), 2); /* from its effective date on */
	assert_int_equal(version_on(db, 20200229), 2);
	assert_int_equal(version_on(db, 20200301), 3);
	assert_int_equal(version_on(db, 20201231), 3);
	/* a later version effective earlier takes over from its date */
	add_version(db, 20200220, 28); /* v4 */
	assert_int_equal(version_on(db, 20200219), 2);
	assert_int_equal(version_on(db, 20200220), 4);
	assert_int_equal(version_on(db, 20200305), 4);
	/* each version keeps its own rules: history is not rewritten */
	assert_int_equal(obs_rules_for(db, 20200216, &r), ST_OK);
	assert_int_equal(r.period_days, 21);
	int64_t v2 = r.id;
	assert_int_equal(obs_rules_get(db, v2, &r), ST_OK);
	assert_int_equal(r.version, 2);
	assert_int_equal(r.effective, 20200215);
	assert_int_equal(r.period_days, 21);
	assert_int_equal(obs_rules_get(db, 9999, &r), ST_NOTFOUND);
	json_t *list = obs_rules_list(db);
	assert_non_null(list);
	assert_int_equal(json_array_size(list), 4);
	json_decref(list);
}

/* Rows where obs_tally disagrees with a count over observations and persons,
 * and observations whose village_id is not their person's. */
static int64_t tally_wrong(struct db *db)
{
	return q1(db, "SELECT count(*) FROM (SELECT coalesce(p.village_id,0) AS v,"
		      " coalesce(o.site_id,0) AS s,o.status AS st,o.kind AS k,count(*) AS n"
		      " FROM observations o JOIN persons p ON p.id=o.person_id GROUP BY 1,2,3,4) c"
		      " FULL JOIN (SELECT * FROM obs_tally WHERE n<>0) t ON t.village_id=c.v AND"
		      " t.site_id=c.s AND t.status=c.st AND t.kind=c.k"
		      " WHERE c.n IS NOT t.n") +
	       q1(db, "SELECT count(*) FROM observations o JOIN persons p ON p.id=o.person_id"
		      " WHERE o.village_id IS NOT p.village_id");
}

/* The observation's copy of its person's village and the per-village tally
 * (schema migration 6) follow every insert and change, whoever makes it. */
static void test_village_and_tally(void **state)
{
	struct db *db = ((struct fx *)*state)->db;
	assert_int_equal(
	    db_exec(db, "INSERT INTO villages(id,name,code,type,created_at) VALUES"
			"(1,'甲村','001','村',0),(2,'乙村','002','村',0);"
			"INSERT INTO sites(id,name,capacity,created_at) VALUES(1,'站',10,0);"
			"INSERT INTO persons(id,name,village_id,created_at,updated_at) VALUES"
			"(1,'甲',1,0,0),(2,'乙',1,0,0),(3,'丙',2,0,0),(4,'丁',NULL,0,0);"),
	    0);
	assert_int_equal(
	    db_exec(db,
		    "INSERT INTO observations(id,person_id,kind,status,reason,exposure_date,"
		    "day1,planned_end,rules_id,site_id,first_window,started_at) VALUES"
		    "(1,1,'home','active','r','2020-02-01','2020-02-02','2020-02-15',1,NULL,0,0),"
		    "(2,2,'home','active','r','2020-02-01','2020-02-02','2020-02-15',1,NULL,0,0),"
		    "(3,3,'central','active','r','2020-02-01','2020-02-02','2020-02-15',1,1,0,0),"
		    "(4,4,'home','lost','r','2020-02-01','2020-02-02','2020-02-15',1,NULL,0,0);"),
	    0);
	assert_int_equal(q1(db, "SELECT village_id FROM observations WHERE id=3"), 2);
	assert_int_equal(q1(db, "SELECT count(*) FROM observations WHERE id=4 AND village_id IS"
				" NULL"),
			 1);
	assert_int_equal(q1(db, "SELECT n FROM obs_tally WHERE village_id=1 AND site_id=0 AND "
				"status='active' AND kind='home'"),
			 2);
	assert_int_equal(tally_wrong(db), 0);
	/* status, kind and site changes; a person moving village; a second
	 * observation after the first ended; a person given a village */
	assert_int_equal(
	    db_exec(db,
		    "UPDATE observations SET status='released' WHERE id=1;"
		    "UPDATE observations SET kind='home', site_id=NULL WHERE id=3;"
		    "UPDATE persons SET village_id=2 WHERE id=2;"
		    "UPDATE persons SET village_id=1, name='丁丁' WHERE id=4;"
		    "UPDATE persons SET name='甲甲' WHERE id=1;"
		    "INSERT INTO observations(id,person_id,kind,status,reason,exposure_date,day1,"
		    "planned_end,rules_id,site_id,first_window,started_at) VALUES(5,1,'central',"
		    "'active','r','2020-02-16','2020-02-17','2020-03-01',1,1,0,0);"),
	    0);
	assert_int_equal(q1(db, "SELECT village_id FROM observations WHERE id=2"), 2);
	assert_int_equal(q1(db, "SELECT village_id FROM observations WHERE id=4"), 1);
	assert_int_equal(q1(db, "SELECT village_id FROM observations WHERE id=5"), 1);
	assert_int_equal(q1(db, "SELECT n FROM obs_tally WHERE village_id=1 AND site_id=1 AND "
				"status='active' AND kind='central'"),
			 1);
	assert_int_equal(q1(db, "SELECT total(n) FROM obs_tally"), 5);
	assert_int_equal(tally_wrong(db), 0);
}

int main(void)
{
	log_set_level(LOG_ERROR);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_rules_check),
	    cmocka_unit_test(test_rules_same),
	    cmocka_unit_test(test_day0_day1),
	    cmocka_unit_test(test_period_month_year_ends),
	    cmocka_unit_test(test_period_leap_day),
	    cmocka_unit_test(test_extensions),
	    cmocka_unit_test(test_local_dates),
	    cmocka_unit_test(test_slots),
	    cmocka_unit_test(test_in_window),
	    cmocka_unit_test(test_current_window),
	    cmocka_unit_test(test_last_closed_window),
	    cmocka_unit_test(test_first_window),
	    cmocka_unit_test(test_missed_since),
	    cmocka_unit_test(test_fever),
	    cmocka_unit_test(test_temp_range),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_transition_matrix),
	    cmocka_unit_test(test_release_rules),
	    cmocka_unit_test(test_early_release),
	    cmocka_unit_test(test_reasons),
	    cmocka_unit_test(test_kind_changes),
	    cmocka_unit_test(test_rules_json),
	    cmocka_unit_test_setup_teardown(test_rules_versions, tdb_setup, tdb_teardown),
	    cmocka_unit_test_setup_teardown(test_village_and_tally, tdb_setup, tdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
