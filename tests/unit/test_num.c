/*
 * Unit tests for src/util/num.c: the checked parsers every outside number
 * goes through.  Boundaries at INT64_MIN/INT64_MAX and one past them, the
 * forms strtol would accept but we must not ("+1", " 1", "0x10"), and the
 * fixed-point form used for temperatures ("37.3" -> 373).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/num.h"

#define UNTOUCHED ((int64_t)0x5a5a5a5a)

static void ok(const char *s, int64_t min, int64_t max, int64_t want)
{
	int64_t v = UNTOUCHED;
	if (num_parse(s, min, max, &v) != 0)
		fail_msg("\"%s\" refused, want %lld", s, (long long)want);
	if (v != want)
		fail_msg("\"%s\" -> %lld, want %lld", s, (long long)v, (long long)want);
	/* the length form agrees */
	v = UNTOUCHED;
	assert_int_equal(num_parse_i64(s, strlen(s), min, max, &v), 0);
	assert_true(v == want);
}

static void bad(const char *s, int64_t min, int64_t max)
{
	int64_t v = UNTOUCHED;
	if (num_parse(s, min, max, &v) != -1)
		fail_msg("\"%s\" accepted as %lld", s ? s : "(null)", (long long)v);
	assert_true(v == UNTOUCHED); /* out untouched on failure */
}

static void any_ok(const char *s, int64_t want)
{
	ok(s, INT64_MIN, INT64_MAX, want);
}

static void any_bad(const char *s)
{
	bad(s, INT64_MIN, INT64_MAX);
}

static void test_plain(void **state)
{
	(void)state;
	any_ok("0", 0);
	any_ok("7", 7);
	any_ok("-7", -7);
	any_ok("-0", 0);
	any_ok("123456789", 123456789);
	any_ok("007", 7); /* leading zeros are just zeros */
	any_ok("-007", -7);
	any_ok("00000000000000000000", 0); /* 20 characters */
}

static void test_limits(void **state)
{
	(void)state;
	any_ok("9223372036854775807", INT64_MAX);
	any_ok("-9223372036854775808", INT64_MIN);
	any_ok("9223372036854775806", INT64_MAX - 1);
	any_ok("-9223372036854775807", INT64_MIN + 1);
	any_bad("9223372036854775808"); /* one past */
	any_bad("-9223372036854775809");
	any_bad("9223372036854775810");
	any_bad("9999999999999999999");
	any_bad("18446744073709551616"); /* 2^64: must not wrap to 0 */
	any_bad("18446744073709551617"); /* 2^64 + 1: must not wrap to 1 */
	any_bad("-18446744073709551615");
	any_bad("99999999999999999999999999");
	any_bad("922337203685477580700"); /* INT64_MAX * 100 */
}

static void test_range(void **state)
{
	(void)state;
	ok("1", 1, 10, 1);
	ok("10", 1, 10, 10);
	bad("0", 1, 10);
	bad("11", 1, 10);
	bad("-1", 0, INT64_MAX);
	ok("-5", -5, -5, -5);
	bad("-4", -5, -5);
	bad("-6", -5, -5);
	ok("65535", 0, 65535, 65535);
	bad("65536", 0, 65535);
	bad("9223372036854775807", 0, INT64_MAX - 1);
	ok("-9223372036854775808", INT64_MIN, INT64_MIN, INT64_MIN);
}

static void test_rejects(void **state)
{
	(void)state;
	any_bad("");
	any_bad("-");
	any_bad("--1");
	any_bad("+1");
	any_bad("+");
	any_bad(" 1");
	any_bad("1 ");
	any_bad("1 2");
	any_bad("\t1");
	any_bad("1\n");
	any_bad("1.0");
	any_bad("1e3");
	any_bad("0x10");
	any_bad("1-");
	any_bad("1,000");
	any_bad("abc");
	any_bad("12a");
	any_bad("\xef\xbc\x91"); /* full-width 1 */
	any_bad("\xd9\xa1");	 /* Arabic-Indic 1 */
	bad(NULL, INT64_MIN, INT64_MAX);
}

static void test_len(void **state)
{
	int64_t v = UNTOUCHED;
	(void)state;

	/* only len bytes are read: a path segment inside a longer string */
	assert_int_equal(num_parse_i64("12/34", 2, 1, INT64_MAX, &v), 0);
	assert_true(v == 12);
	assert_int_equal(num_parse_i64("12/34", 3, 1, INT64_MAX, &v), -1);
	assert_int_equal(num_parse_i64("99", 0, INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(num_parse_i64("-5", 1, INT64_MIN, INT64_MAX, &v), -1); /* just "-" */
	assert_true(v == 12);
	/* a NUL inside len is not a digit */
	assert_int_equal(num_parse_i64("1\0002", 3, INT64_MIN, INT64_MAX, &v), -1);
	assert_true(v == 12);
}

static void fixed_ok(const char *s, int frac, int64_t want)
{
	int64_t v = UNTOUCHED;
	if (num_parse_fixed(s, frac, INT64_MIN, INT64_MAX, &v) != 0)
		fail_msg("fixed \"%s\" frac %d refused, want %lld", s, frac, (long long)want);
	if (v != want)
		fail_msg("fixed \"%s\" frac %d -> %lld, want %lld", s, frac, (long long)v,
			 (long long)want);
}

static void fixed_bad(const char *s, int frac)
{
	int64_t v = UNTOUCHED;
	if (num_parse_fixed(s, frac, INT64_MIN, INT64_MAX, &v) != -1)
		fail_msg("fixed \"%s\" frac %d accepted as %lld", s ? s : "(null)", frac,
			 (long long)v);
	assert_true(v == UNTOUCHED);
}

static void test_fixed(void **state)
{
	int64_t v = UNTOUCHED;
	(void)state;

	fixed_ok("37.3", 1, 373);
	fixed_ok("37", 1, 370);
	fixed_ok("37.0", 1, 370);
	fixed_ok("0.5", 1, 5);
	fixed_ok("-1.0", 1, -10);
	fixed_ok("-0.5", 1, -5);
	fixed_ok("-1", 1, -10);
	fixed_ok("36.55", 2, 3655);
	fixed_ok("36.5", 2, 3650); /* fewer digits than frac: padded */
	fixed_ok("36", 2, 3600);
	fixed_ok("42", 0, 42);
	fixed_ok("037.3", 1, 373);

	fixed_bad("37.35", 1); /* more fraction digits than allowed */
	fixed_bad("37.3", 0);
	fixed_bad(".5", 1);
	fixed_bad("5.", 1);
	fixed_bad(".", 1);
	fixed_bad("", 1);
	fixed_bad(NULL, 1);
	fixed_bad("37..3", 1);
	fixed_bad("37.3.", 2);
	fixed_bad("3.7.3", 2);
	fixed_bad("37,3", 1);
	fixed_bad("+37.3", 1);
	fixed_bad(" 37.3", 1);
	fixed_bad("37.3 ", 2);
	fixed_bad("37.-3", 2);
	fixed_bad("37.+3", 2);
	fixed_bad("1.-", 1);
	fixed_bad("37.a", 1);
	fixed_bad("a7.3", 1);
	fixed_bad("1e2", 1);

	/* range applies to the scaled value */
	assert_int_equal(num_parse_fixed("42.0", 1, 340, 420, &v), 0);
	assert_true(v == 420);
	v = UNTOUCHED;
	assert_int_equal(num_parse_fixed("42.1", 1, 340, 420, &v), -1);
	assert_int_equal(num_parse_fixed("33.9", 1, 340, 420, &v), -1);
	assert_true(v == UNTOUCHED);
	/* scaling must not overflow silently */
	fixed_bad("922337203685477580.8", 1);
	fixed_ok("922337203685477580.7", 1, INT64_MAX);
	fixed_bad("9223372036854775807", 1);
	fixed_ok("-922337203685477580.8", 1, INT64_MIN);
	fixed_bad("99999999999999999999999999999999.5", 1); /* too long for the scratch */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain), cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_range), cmocka_unit_test(test_rejects),
	    cmocka_unit_test(test_len),	  cmocka_unit_test(test_fixed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
