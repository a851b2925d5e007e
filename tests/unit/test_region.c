/*
 * Unit tests for src/core/region.c and the table tools/gen_regions.mjs
 * generates: full names at each level, the ends of the sorted table, the
 * abolished codes kept for old cards, and malformed codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/region.h"

static void name_is(const char *code, const char *want)
{
	const char *name = "unset";

	if (!region_lookup(code, &name))
		fail_msg("%s: unknown, want %s", code, want);
	assert_string_equal(name, want);
}

static void unknown(const char *code)
{
	const char *name = "unset";

	if (region_lookup(code, &name))
		fail_msg("%s: known as %s", code, name);
	assert_null(name);
}

static void test_levels(void **state)
{
	(void)state;
	name_is("440000", "广东省");
	name_is("440600", "广东省佛山市");
	name_is("440605", "广东省佛山市南海区");
	name_is("110105", "北京市朝阳区"); /* 市辖区 is left out */
	name_is("110100", "北京市");
	name_is("500229", "重庆市城口县"); /* city "县" left out */
	name_is("419001", "河南省济源市"); /* 省直辖县级行政区划 left out */
	name_is("441900", "广东省东莞市"); /* city without counties, once */
	name_is("650000", "新疆维吾尔自治区");
}

static void test_ends(void **state)
{
	(void)state;
	name_is("110000", "北京市");		 /* first entry */
	name_is("830000", "台湾地区（居住证）"); /* last entry */
	name_is("810000", "香港特别行政区");
	unknown("000000");
	unknown("100000");
	unknown("999999");
	unknown("830001");
}

static void test_abolished(void **state)
{
	(void)state;
	name_is("440524", "广东省汕头市潮阳县");
	name_is("440682", "广东省佛山市南海市");
	name_is("110104", "北京市宣武区");
	unknown("440699");
	unknown("440625");
}

static void test_malformed(void **state)
{
	(void)state;
	unknown("");
	unknown("4406"); /* stops at the NUL */
	unknown("44060X");
	unknown(" 44060");
	unknown("-44060");
	assert_int_equal(region_lookup(NULL, NULL), 0);
	/* only six bytes are read: the rest of an ID number does not matter */
	assert_int_equal(region_lookup("44060519900131123", NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_levels),
	    cmocka_unit_test(test_ends),
	    cmocka_unit_test(test_abolished),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
