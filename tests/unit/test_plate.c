/*
 * Unit tests for src/core/plate.c: plates as screeners type them at a
 * checkpoint — ordinary (province + letter + 5), with the separators people
 * use, new-energy plates (GA 36-2018: small D/F first, large D/F last),
 * plates with a tail character (学 警 挂 …), 无车牌, and what must be refused;
 * plate_province.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/plate.h"

static void is(const char *in, enum plate_kind kind, const char *want)
{
	char out[32];
	memset(out, 'x', sizeof out);
	enum plate_kind got = plate_parse(in, strlen(in), out, sizeof out);
	if (got != kind || strcmp(out, want))
		fail_msg("\"%s\": got %d \"%s\", want %d \"%s\"", in, got, out, kind, want);
}

static void ordinary(const char *in, const char *want)
{
	is(in, PLATE_ORDINARY, want);
}

static void new_energy(const char *in, const char *want)
{
	is(in, PLATE_NEW_ENERGY, want);
}

static void invalid(const char *in)
{
	is(in, PLATE_INVALID, "");
}

static void test_ordinary(void **state)
{
	(void)state;
	ordinary("粤A12345", "粤A12345");
	ordinary("粤E3B7K9", "粤E3B7K9");
	ordinary("京AZZ999", "京AZZ999");
	ordinary("琼A00000", "琼A00000");
	ordinary("蒙K12345", "蒙K12345");
	ordinary("黑A12345", "黑A12345");
	/* every one of the 31 province characters */
	static const char *const all[] = {"京", "津", "沪", "渝", "冀", "豫", "云", "辽",
					  "黑", "湘", "皖", "鲁", "新", "苏", "浙", "赣",
					  "鄂", "桂", "甘", "晋", "蒙", "陕", "吉", "闽",
					  "贵", "粤", "青", "藏", "川", "宁", "琼"};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		char in[16];
		snprintf(in, sizeof in, "%sB12345", all[i]);
		ordinary(in, in);
	}
}

static void test_separators_and_case(void **state)
{
	(void)state;
	ordinary("粤A·12345", "粤A12345");
	ordinary("粤 a 12345", "粤A12345");
	ordinary("粤A 12345", "粤A12345");
	ordinary("粤A-12345", "粤A12345");
	ordinary("粤A.12345", "粤A12345");
	ordinary(" 粤A12345 ", "粤A12345");
	ordinary("粤a·b1234", "粤AB1234");
	ordinary("粤Ａ１２３４５", "粤A12345"); /* full-width from a phone keyboard */
	new_energy("粤A·D12345", "粤AD12345");
	new_energy("粤 a d 12345", "粤AD12345");
}

static void test_new_energy(void **state)
{
	(void)state;
	/* small: D (electric) or F (hybrid) first */
	new_energy("粤AD12345", "粤AD12345");
	new_energy("粤AF12345", "粤AF12345");
	new_energy("粤ADA1234", "粤ADA1234");
	/* large: five digits then D or F */
	new_energy("粤A12345D", "粤A12345D");
	new_energy("粤A12345F", "粤A12345F");
	new_energy("京Q12345F", "京Q12345F");
	/* six characters without D/F in either place */
	invalid("粤A123456");
	invalid("粤AA12345");
	invalid("粤A12345A");
	/* GA 36-2018: a small plate's last four are digits, a large one's first
	 * five are digits */
	invalid("粤ADABCDE");
	invalid("粤AD1234A");
	invalid("粤AAB123D");
	invalid("粤AD1234DD"); /* seven */
}

static void test_tails(void **state)
{
	(void)state;
	ordinary("粤A1234学", "粤A1234学");
	ordinary("粤A1234警", "粤A1234警");
	ordinary("粤A1234挂", "粤A1234挂");
	ordinary("粤Z1234港", "粤Z1234港");
	ordinary("粤Z1234澳", "粤Z1234澳");
	ordinary("粤 a·1234 学", "粤A1234学");
	invalid("粤A123学");   /* 3 + tail */
	invalid("粤A12345学"); /* 5 + tail */
	invalid("粤A12345警");
	invalid("粤A1234佛"); /* not a tail */
	invalid("粤AI234学"); /* I not used */
	invalid("粤A学1234"); /* tail first */
	invalid("粤A12学34");
}

static void test_none(void **state)
{
	(void)state;
	is("无车牌", PLATE_NONE, "无车牌");
	is(" 无车牌 ", PLATE_NONE, "无车牌");
	is("无牌", PLATE_NONE, "无车牌");
	is("无", PLATE_NONE, "无车牌");
	invalid("无车");
	invalid("没有车牌");
}

static void test_invalid(void **state)
{
	(void)state;
	invalid("");
	invalid(" ");
	invalid("粤");
	invalid("粤A");
	invalid("粤A1234");    /* too short */
	invalid("粤A1234567"); /* too long */
	invalid("粤A12I45");   /* I and O are not used */
	invalid("粤A12O45");
	invalid("粤AI2345");
	invalid("粤AO2345");
	invalid("粤AI2345D");
	invalid("A12345"); /* no province */
	invalid("AB12345");
	invalid("佛A12345"); /* not a province */
	invalid("港A12345");
	invalid("粤112345"); /* a digit where the letter goes */
	invalid("粤A1234!");
	invalid("粤A1234_");
	invalid("粤A12 34 5 6"); /* 6 without D/F */
	invalid("粤A1234\xe4");	 /* a cut UTF-8 sequence */
	invalid("粤A\xc2\xb7\xc2");
	invalid("12345粤A");
}

static void test_out_buffer(void **state)
{
	(void)state;
	char out[32];
	strcpy(out, "junk");
	assert_int_equal(plate_parse("粤A1234", strlen("粤A1234"), out, sizeof out), PLATE_INVALID);
	assert_string_equal(out, ""); /* cleared on failure */
	/* length is honoured: the bytes after len are not read */
	assert_int_equal(plate_parse("粤A12345D", 9, out, sizeof out), PLATE_ORDINARY);
	assert_string_equal(out, "粤A12345");
	/* a long input is refused, not overrun */
	char big[400];
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "粤A", 4);
	assert_int_equal(plate_parse(big, strlen(big), out, sizeof out), PLATE_INVALID);
}

static void test_province(void **state)
{
	(void)state;
	assert_string_equal(plate_province("粤A12345"), "广东");
	assert_string_equal(plate_province("鄂A12345"), "湖北");
	assert_string_equal(plate_province("京A12345"), "北京");
	assert_string_equal(plate_province("蒙K12345"), "内蒙古");
	assert_string_equal(plate_province("黑A12345"), "黑龙江");
	assert_string_equal(plate_province("琼A12345"), "海南");
	assert_string_equal(plate_province("粤"), "广东");
	assert_string_equal(plate_province("无车牌"), "");
	assert_string_equal(plate_province("A12345"), "");
	assert_string_equal(plate_province(""), "");
	assert_string_equal(plate_province(NULL), "");
	assert_string_equal(plate_province("\xe7"), ""); /* first byte of 粤 only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ordinary),   cmocka_unit_test(test_separators_and_case),
	    cmocka_unit_test(test_new_energy), cmocka_unit_test(test_tails),
	    cmocka_unit_test(test_none),       cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_out_buffer), cmocka_unit_test(test_province),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
