/*
 * Unit tests for the download names of src/app/listexport.c: the received
 * file's extension goes ("核查结果-list9-gbk.xlsx", not "…csv.xlsx"), a dot
 * inside the name stays, no name gives 名单, and a long name is cut on a
 * character boundary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "app/listexport.h"

static void test_file_name(void **state)
{
	(void)state;
	static const struct {
		const char *prefix, *name, *want;
	} cases[] = {
	    {"核查结果", "list9-gbk.csv", "核查结果-list9-gbk.xlsx"},
	    {"核查结果", "第5批.XLSX", "核查结果-第5批.xlsx"},
	    {"问题行", "名单v1.2 终稿.xls", "问题行-名单v1.2 终稿.xlsx"},
	    /* a dot that is not an extension's */
	    {"核查结果", "佛卫疾控〔2020〕3号.第二批名单",
	     "核查结果-佛卫疾控〔2020〕3号.第二批名单.xlsx"},
	    {"核查结果", "名单", "核查结果-名单.xlsx"},
	    {"核查结果", ".csv", "核查结果-.csv.xlsx"},
	    {"核查结果", "", "核查结果-名单.xlsx"},
	    {"核查结果", NULL, "核查结果-名单.xlsx"},
	};
	char out[300];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		listexport_file_name(cases[i].prefix, cases[i].name, out);
		assert_string_equal(out, cases[i].want);
	}
}

static void test_long_name(void **state)
{
	(void)state;
	char name[400] = "", out[300];
	for (int i = 0; i < 120; i++)
		strcat(name, "名"); /* 360 bytes */
	strcat(name, ".csv");
	listexport_file_name("核查结果", name, out);
	size_t n = strlen(out);
	assert_true(n < 300);
	assert_string_equal(out + n - 5, ".xlsx");
	/* whole characters only: the part before .xlsx is 名 repeated */
	size_t body = n - 5 - strlen("核查结果-");
	assert_int_equal(body % 3, 0);
	assert_memory_equal(out + strlen("核查结果-"), name, body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_file_name),
	    cmocka_unit_test(test_long_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
