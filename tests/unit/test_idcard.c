/*
 * Unit tests for src/core/idcard.c: every error kind, the GB 11643 examples,
 * the 15 -> 18 upgrade, calendar edges and the forms Excel and IMEs produce.
 * Check characters of the made-up numbers were computed with the standard's
 * algorithm (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, "10X98765432").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/idcard.h"

#define TODAY 20240601

static enum idcard_err parse(const char *s, struct idcard *id)
{
	return idcard_parse(s, s ? strlen(s) : 0, TODAY, id);
}

static void expect(const char *s, enum idcard_err want)
{
	struct idcard id;
	enum idcard_err got = parse(s, &id);

	if (got != want)
		fail_msg("%s: got %s, want %s", s, idcard_err_code(got), idcard_err_code(want));
	if (want != IDCARD_OK)
		assert_string_equal(id.number, ""); /* zeroed on error */
}

static void test_domain_vectors(void **state)
{
	struct idcard id;
	(void)state;

	assert_int_equal(parse("11010519491231002X", &id), IDCARD_OK);
	assert_string_equal(id.number, "11010519491231002X");
	assert_int_equal(id.year, 1949);
	assert_int_equal(id.month, 12);
	assert_int_equal(id.day, 31);
	assert_int_equal(id.sex, 2); /* sequence 002: even */
	assert_string_equal(id.region, "110105");
	assert_int_equal(id.region_known, 1);
	assert_int_equal(id.upgraded, 0);

	assert_int_equal(parse("440524188001010014", &id), IDCARD_OK);
	assert_int_equal(id.year, 1880);
	assert_int_equal(id.month, 1);
	assert_int_equal(id.day, 1);
	assert_int_equal(id.sex, 1); /* sequence 001: odd */
	assert_string_equal(id.region, "440524");
	assert_int_equal(id.region_known, 1); /* 潮阳县, kept as an abolished code */
}

static void test_check_char(void **state)
{
	(void)state;
	assert_int_equal(idcard_check_char("11010519491231002"), 'X');
	assert_int_equal(idcard_check_char("44052418800101001"), '4');
	assert_int_equal(idcard_check_char("44060519900110700"), '0');
	assert_int_equal(idcard_check_char("1101051949123100A"), '\0');
	assert_int_equal(idcard_check_char("1101051949"), '\0'); /* stops at the NUL */
	assert_int_equal(idcard_check_char(NULL), '\0');
}

static void test_empty(void **state)
{
	(void)state;
	expect("", IDCARD_EMPTY);
	expect("   ", IDCARD_EMPTY);
	expect("\xe3\x80\x80\t", IDCARD_EMPTY);
	expect(NULL, IDCARD_EMPTY);
}

static void test_excel(void **state)
{
	(void)state;
	expect("4.40524E+17", IDCARD_EXCEL);
	expect("4.40524e17", IDCARD_EXCEL);
	expect("4.40524E17", IDCARD_EXCEL);
	expect("1.10105E+17", IDCARD_EXCEL);
	expect(" 4.40524188001010E+17 ", IDCARD_EXCEL);
	expect("440524188001010014.0", IDCARD_EXCEL);
	expect("4405241880.0101", IDCARD_EXCEL);
	/* digits lost after the 15th: ...000 and a failing check */
	expect("440524188001010000", IDCARD_EXCEL);
	expect("110105194912310000", IDCARD_EXCEL);
	/* ...000 with a correct check character is a real number */
	expect("440605199001107000", IDCARD_OK);
	/* not numbers at all */
	expect("E+17", IDCARD_CHARS);
	expect("4.4E", IDCARD_CHARS);
	expect("4.4E+", IDCARD_CHARS);
	expect(".", IDCARD_CHARS);
}

static void test_chars(void **state)
{
	(void)state;
	expect("44052418800101001A", IDCARD_CHARS);
	expect("4405241880X1010014", IDCARD_CHARS);
	expect("X40524188001010014", IDCARD_CHARS);
	expect("440524-188001010014", IDCARD_CHARS);
	expect("44052418800101001XX", IDCARD_CHARS);
	expect("\xe8\xba\xab\xe4\xbb\xbd\xe8\xaf\x81", IDCARD_CHARS); /* 身份证 */
	expect("44052418800101001\xff", IDCARD_CHARS);		      /* invalid UTF-8 */
	expect("4405241880010100\xc0\xb1"
	       "4",
	       IDCARD_CHARS); /* overlong '1' */
}

static void test_length(void **state)
{
	char longer[600];
	(void)state;

	expect("4405241880010100", IDCARD_LENGTH);    /* 16 */
	expect("44052418800101001", IDCARD_LENGTH);   /* 17 */
	expect("4405241880010100144", IDCARD_LENGTH); /* 19 */
	expect("44052418800101X", IDCARD_LENGTH);     /* 15 ending X */
	expect("44068270010112", IDCARD_LENGTH);      /* 14 */
	expect("1", IDCARD_LENGTH);
	memset(longer, '1', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	expect(longer, IDCARD_LENGTH);
	for (size_t i = 1; i < sizeof(longer) - 1; i += 2)
		longer[i] = ' ';
	expect(longer, IDCARD_LENGTH); /* 300 digits with spaces */
}

static void test_dates(void **state)
{
	struct idcard id;
	(void)state;

	/* leap years: 2000 (divisible by 400) yes, 1900 (by 100) no */
	assert_int_equal(parse("440605200002291239", &id), IDCARD_OK);
	assert_int_equal(id.month, 2);
	assert_int_equal(id.day, 29);
	expect("440605199602291245", IDCARD_OK);
	expect("440605199702291234", IDCARD_DATE);
	expect("440605190002291232", IDCARD_DATE);
	/* month and day ranges */
	expect("440605199001311239", IDCARD_OK);
	expect("440605199004311234", IDCARD_DATE);
	expect("440605199001321234", IDCARD_DATE);
	expect("440605199013011233", IDCARD_DATE);
	expect("440605199000011234", IDCARD_DATE);
	expect("440605199001001230", IDCARD_DATE);
	/* years: 1800 is the floor, today the ceiling */
	expect("440605180001011236", IDCARD_OK);
	expect("440605179912311231", IDCARD_DATE);
	expect("440605202406011239", IDCARD_OK); /* born today */
	expect("440605202406021234", IDCARD_DATE);
	expect("440605203001011235", IDCARD_DATE);
	/* no bound when today is not given */
	assert_int_equal(idcard_parse("440605203001011235", 18, 0, &id), IDCARD_OK);
	assert_int_equal(id.year, 2030);
}

static void test_checksum(void **state)
{
	(void)state;
	expect("110105194912310020", IDCARD_CHECKSUM);
	expect("110105194912310029", IDCARD_CHECKSUM);
	expect("440524188001010015", IDCARD_CHECKSUM);
	expect("44052418800101001X", IDCARD_CHECKSUM);
	expect("440524188001010041", IDCARD_CHECKSUM); /* swapped digits */
	expect("440524188001010001", IDCARD_CHECKSUM); /* ends 001, not 000 */
}

static void test_upgrade(void **state)
{
	struct idcard id;
	(void)state;

	assert_int_equal(parse("440682700101123", &id), IDCARD_OK);
	assert_string_equal(id.number, "44068219700101123X");
	assert_int_equal(id.upgraded, 1);
	assert_int_equal(id.year, 1970);
	assert_int_equal(id.sex, 1);
	assert_int_equal(id.region_known, 1); /* 南海市, abolished 2002 */
	assert_string_equal(id.region, "440682");

	assert_int_equal(parse("440682 700101 124", &id), IDCARD_OK);
	assert_int_equal(id.sex, 2);
	expect("440682700229123", IDCARD_DATE); /* 1970 is not a leap year */
	expect("440682960229123", IDCARD_OK);	/* 1996 is */
	expect("440682000229123", IDCARD_DATE); /* 1900 is not either */
}

static void test_forms(void **state)
{
	struct idcard id;
	(void)state;

	assert_int_equal(parse("11010519491231002x", &id), IDCARD_OK);
	assert_string_equal(id.number, "11010519491231002X");
	assert_int_equal(parse(" 110105 1949 1231 002X ", &id), IDCARD_OK);
	assert_string_equal(id.number, "11010519491231002X");
	assert_int_equal(parse("110105\xe3\x80\x80"
			       "19491231\xc2\xa0"
			       "002X",
			       &id),
			 IDCARD_OK);
	/* full-width digits and a full-width lowercase x */
	assert_int_equal(
	    parse("\xef\xbc\x91\xef\xbc\x91\xef\xbc\x90\xef\xbc\x91\xef\xbc\x90\xef\xbc\x95"
		  "\xef\xbc\x91\xef\xbc\x99\xef\xbc\x94\xef\xbc\x99\xef\xbc\x91\xef\xbc\x92"
		  "\xef\xbc\x93\xef\xbc\x91\xef\xbc\x90\xef\xbc\x90\xef\xbc\x92\xef\xbd\x98",
		  &id),
	    IDCARD_OK);
	assert_string_equal(id.number, "11010519491231002X");
	/* only the first len bytes count */
	assert_int_equal(idcard_parse("11010519491231002X-junk", 18, TODAY, &id), IDCARD_OK);
	assert_int_equal(idcard_parse("11010519491231002X", 17, TODAY, &id), IDCARD_LENGTH);
}

static void test_region(void **state)
{
	struct idcard id;
	(void)state;

	assert_int_equal(parse("440605199001311239", &id), IDCARD_OK);
	assert_int_equal(id.region_known, 1);
	/* an unknown region is not an error */
	assert_int_equal(parse("440699199001011236", &id), IDCARD_OK);
	assert_int_equal(id.region_known, 0);
	assert_string_equal(id.region, "440699");
}

static void test_messages(void **state)
{
	static const char *const codes[] = {"ok",	 "id_empty", "id_excel",   "id_chars",
					    "id_length", "id_date",  "id_checksum"};
	(void)state;

	for (int e = IDCARD_OK; e <= IDCARD_CHECKSUM; e++) {
		assert_string_equal(idcard_err_code((enum idcard_err)e), codes[e]);
		assert_true(strlen(idcard_err_message((enum idcard_err)e, 0)) > 0);
		assert_true(strlen(idcard_err_message((enum idcard_err)e, 1)) > 0);
		assert_string_not_equal(idcard_err_message((enum idcard_err)e, 0),
					idcard_err_message((enum idcard_err)e, 1));
	}
	assert_non_null(strstr(idcard_err_message(IDCARD_EXCEL, 0), "Excel"));
	assert_non_null(strstr(idcard_err_message(IDCARD_CHECKSUM, 0), "校验位"));
	assert_non_null(strstr(idcard_err_message(IDCARD_DATE, 0), "出生日期"));
	assert_string_equal(idcard_err_code((enum idcard_err)99), "id_invalid");
	assert_true(strlen(idcard_err_message((enum idcard_err)99, 0)) > 0);
	assert_true(strlen(idcard_err_message((enum idcard_err) - 1, 1)) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_domain_vectors), cmocka_unit_test(test_check_char),
	    cmocka_unit_test(test_empty),	   cmocka_unit_test(test_excel),
	    cmocka_unit_test(test_chars),	   cmocka_unit_test(test_length),
	    cmocka_unit_test(test_dates),	   cmocka_unit_test(test_checksum),
	    cmocka_unit_test(test_upgrade),	   cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_region),	   cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
