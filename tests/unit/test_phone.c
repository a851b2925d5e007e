/*
 * Unit tests for src/core/phone.c: mobile and landline forms people type,
 * extensions, international prefixes, full-width input, and the numbers
 * that must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/phone.h"

static void is(const char *in, enum phone_kind kind, const char *want)
{
	char out[PHONE_NORM_MAX];
	enum phone_kind got = phone_normalize(in, in ? strlen(in) : 0, out, sizeof(out));

	if (got != kind || strcmp(out, want))
		fail_msg("\"%s\": got %d \"%s\", want %d \"%s\"", in ? in : "(null)", got, out,
			 kind, want);
}

static void mobile(const char *in, const char *want)
{
	is(in, PHONE_MOBILE, want);
}

static void landline(const char *in, const char *want)
{
	is(in, PHONE_LANDLINE, want);
}

static void invalid(const char *in)
{
	is(in, PHONE_INVALID, "");
}

static void test_mobile(void **state)
{
	(void)state;
	mobile("13812345678", "13812345678");
	mobile(" 138 1234 5678 ", "13812345678");
	mobile("138-1234-5678", "13812345678");
	mobile("+8613812345678", "13812345678");
	mobile("+86 138 1234 5678", "13812345678");
	mobile("+86-13812345678", "13812345678");
	mobile("008613812345678", "13812345678");
	mobile("0086 138 1234 5678", "13812345678");
	mobile("8613812345678", "13812345678");
	mobile("86 138 1234 5678", "13812345678");
	mobile("13012345678", "13012345678"); /* 13..19 */
	mobile("19912345678", "19912345678");
	/* full-width digits, full-width plus and ideographic space */
	mobile(
	    "\xef\xbc\x8b\xef\xbc\x98\xef\xbc\x96\xe3\x80\x80\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98"
	    "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96\xef\xbc\x97"
	    "\xef\xbc\x98",
	    "13812345678");
}

static void test_mobile_invalid(void **state)
{
	(void)state;
	invalid("12812345678");	   /* 12x */
	invalid("10812345678");	   /* 10x */
	invalid("1381234567");	   /* 10 digits */
	invalid("138123456789");   /* 12 digits */
	invalid("+86138123456");   /* short after prefix */
	invalid("+8513812345678"); /* other country */
	invalid("+1 138 1234 5678");
	invalid("8612812345678");
	invalid("86138123456789");
	invalid("138.1234.5678");
	invalid("138 1234 5678 \xe8\xbd\xac 12"); /* a mobile has no extension */
	invalid("1381234567a");
	invalid("+");
}

static void test_landline(void **state)
{
	(void)state;
	landline("0757-86281234", "0757-86281234");
	landline("075786281234", "0757-86281234");
	landline("0757 86281234", "0757-86281234");
	landline("0757 8628 1234", "0757-86281234");
	landline("(0757)86281234", "0757-86281234");
	landline("(0757) 8628-1234", "0757-86281234");
	landline("010-65529988", "010-65529988");
	landline("01065529988", "010-65529988");
	landline("020-8628123", "020-8628123"); /* 7-digit local number */
	landline("0754-8628123", "0754-8628123");
	landline("+86 757 86281234", "0757-86281234");
	landline("+86 (757) 8628 1234", "0757-86281234");
	landline("0086-10-65529988", "010-65529988");
	landline("+86 0757 86281234", "0757-86281234");
	/* full-width dash and digits */
	landline("\xef\xbc\x90\xef\xbc\x97\xef\xbc\x95\xef\xbc\x97\xef\xbc\x8d"
		 "\xef\xbc\x98\xef\xbc\x96\xef\xbc\x92\xef\xbc\x98\xef\xbc\x91\xef\xbc\x92"
		 "\xef\xbc\x93\xef\xbc\x94",
		 "0757-86281234");
}

static void test_extension(void **state)
{
	(void)state;
	landline("0757-86281234-123", "0757-86281234-123");
	landline("0757-86281234 123", "0757-86281234-123");
	landline("0757-86281234\xe8\xbd\xac"
		 "123",
		 "0757-86281234-123"); /* 转 */
	landline("0757-86281234 \xe8\xbd\xac 123", "0757-86281234-123");
	landline("0757-86281234\xe5\x88\x86\xe6\x9c\xba"
		 "8",
		 "0757-86281234-8"); /* 分机 */
	landline("0757-86281234 ext. 123", "0757-86281234-123");
	landline("0757-86281234 EXT 123456", "0757-86281234-123456");
	landline("075786281234-123", "0757-86281234-123");
	landline("0757-8628123-4", "0757-8628123-4"); /* separated: an extension */
	landline("010-65529988-1", "010-65529988-1");
	invalid("0757-86281234\xe8\xbd\xac"); /* empty extension */
	invalid("0757-86281234\xe8\xbd\xac"
		"1234567"); /* 7 digits */
	invalid("0757-86281234-1234567");
	invalid("0757-86281234\xe8\xbd\xac"
		"12a");
	invalid("\xe8\xbd\xac"
		"123");
}

static void test_landline_invalid(void **state)
{
	(void)state;
	invalid("86281234");	   /* no area code */
	invalid("0757-862812");	   /* 6-digit local */
	invalid("0757-862812345"); /* 9-digit local */
	invalid("0757-06281234");  /* local starts with 0 */
	invalid("0757-16281234");  /* local starts with 1 */
	invalid("011-65529988");   /* 01x other than 010 */
	invalid("0057-86281234");  /* 00 is international */
	invalid("757-86281234");   /* no leading 0 and no +86 */
	invalid("0757/86281234");
	invalid("0757-8628-1234-5-6-7-8-9-0");
}

static void test_edges(void **state)
{
	char out[PHONE_NORM_MAX], small[11], big[200];
	(void)state;

	invalid("");
	invalid("   ");
	invalid(NULL);
	invalid("\xff\xfe");
	/* result does not fit */
	assert_int_equal(phone_normalize("13812345678", 11, small, sizeof(small)), PHONE_INVALID);
	assert_string_equal(small, "");
	assert_int_equal(phone_normalize("13812345678", 11, out, 0), PHONE_INVALID);
	assert_int_equal(phone_normalize("13812345678", 11, NULL, 0), PHONE_INVALID);
	/* only len bytes count */
	assert_int_equal(phone_normalize("13812345678999", 11, out, sizeof(out)), PHONE_MOBILE);
	assert_string_equal(out, "13812345678");
	/* long inputs are refused, not cut into something valid */
	memset(big, ' ', sizeof(big));
	memcpy(big + 120, "13812345678", 11);
	big[sizeof(big) - 1] = '\0';
	is(big, PHONE_MOBILE, "13812345678"); /* spaces collapse */
	memset(big, '1', sizeof(big) - 1);
	invalid(big);
	memcpy(big, "13812345678 ", 12);
	invalid(big);
}

static void test_message(void **state)
{
	(void)state;
	assert_non_null(strstr(phone_err_message(0), "0757-86281234"));
	assert_non_null(strstr(phone_err_message(1), "area code"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mobile),	     cmocka_unit_test(test_mobile_invalid),
	    cmocka_unit_test(test_landline),	     cmocka_unit_test(test_extension),
	    cmocka_unit_test(test_landline_invalid), cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
