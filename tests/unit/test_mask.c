/*
 * Unit tests for src/core/mask.c: the DOMAIN.md conventions, and that short,
 * empty, odd or oversized input never crashes nor shows more than it should.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/mask.h"

typedef void (*mask_fn)(const char *, char *, size_t);

static void masks(mask_fn f, const char *in, const char *want)
{
	char out[128];

	memset(out, 'Z', sizeof(out));
	f(in, out, sizeof(out));
	if (strcmp(out, want))
		fail_msg("\"%s\": got \"%s\", want \"%s\"", in ? in : "(null)", out, want);
}

static void test_doc_id(void **state)
{
	(void)state;
	masks(mask_doc, "440605199001311234", "440605********1234");
	masks(mask_doc, "11010519491231002X", "110105********002X");
	masks(mask_doc, "11010519491231002x", "110105********002x");
	masks(mask_doc, "440682700101123", "440682******123"); /* old 15-digit */
}

static void test_doc_other(void **state)
{
	(void)state;
	masks(mask_doc, "E12345678", "E1*****78"); /* passport, 9 */
	masks(mask_doc, "C1234567", "C1****67");   /* 8 */
	masks(mask_doc, "1234567", "1*****7");	   /* 5-7: keep 1 each side */
	masks(mask_doc, "12345", "1***5");	   /* 5: 3 stars */
	masks(mask_doc, "1234", "****");	   /* 4 and fewer: nothing kept */
	masks(mask_doc, "123", "***");
	masks(mask_doc, "1", "***");
	masks(mask_doc, "", "");
	masks(mask_doc, NULL, "");
	/* 18 characters but not an ID shape: generic rule */
	masks(mask_doc, "91440605MA4UABCD1X", "91**************1X");
	masks(mask_doc, "4406051990013112345", "44***************45"); /* 19 digits */
	/* UTF-8 aware: characters, not bytes */
	masks(mask_doc,
	      "\xe7\xb2\xa4"
	      "A123456",
	      "\xe7\xb2\xa4"
	      "A****56");
	masks(mask_doc, "\xe5\x86\x9b\xe5\xad\x97\xe7\xac\xac", "***"); /* 3 Chinese chars */
	/* invalid bytes are starred, never copied */
	masks(mask_doc,
	      "\xff"
	      "1234567\xfe",
	      "*1*****7*");
	masks(mask_doc, "\xff\xfe\xfd\xfc\xfb", "*****");
}

static void test_phone(void **state)
{
	(void)state;
	masks(mask_phone, "13812345678", "138****5678");
	masks(mask_phone, "0757-86281234", "0757-******34");
	masks(mask_phone, "010-65529988", "010-******88");
	masks(mask_phone, "020-8628123", "020-*****23");
	masks(mask_phone, "0757-86281234-123", "0757-******34-***");
	masks(mask_phone, "0757-86281234-1", "0757-******34-*");
	/* not in normalised form: generic rule */
	masks(mask_phone, "+8613812345678", "+8**********78");
	masks(mask_phone, "0757-86281234-", "07**********4-");
	masks(mask_phone, "0757-86281234-1-2", "07*************-2");
	masks(mask_phone, "07-86281234", "07*******34");
	masks(mask_phone, "0757--86281234", "07**********34");
	masks(mask_phone, "0757-862812", "07*******12");
	masks(mask_phone, "1234567", "1*****7");
	masks(mask_phone, "23812345678", "23*******78");
	masks(mask_phone, "1381234567a", "13*******7a");
	masks(mask_phone, "110", "***");
	masks(mask_phone, "", "");
	masks(mask_phone, NULL, "");
}

static void test_name(void **state)
{
	(void)state;
	masks(mask_name, "\xe9\x99\x88\xe5\xb0\x8f\xe6\x98\x8e", "\xe9\x99\x88**"); /* 陈小明 */
	masks(mask_name, "\xe9\x99\x88\xe6\x98\x8e", "\xe9\x99\x88*");		    /* 陈明 */
	masks(mask_name, "\xe9\x99\x88", "\xe9\x99\x88*");			    /* 陈 */
	masks(mask_name, "\xe6\xac\xa7\xe9\x98\xb3\xe5\xb0\x8f\xe6\x98\x8e", "\xe6\xac\xa7***");
	masks(mask_name, "Li Lei", "L*****");
	masks(mask_name, "  \xe9\x99\x88\xe6\x98\x8e  ", "\xe9\x99\x88*");
	masks(mask_name, "\xf0\xa0\x80\x80\xe6\x98\x8e", "\xf0\xa0\x80\x80*"); /* 4-byte char */
	masks(mask_name, "\xff\xe6\x98\x8e", "**");			       /* invalid first */
	masks(mask_name, "\xe9\x99", "**");				       /* cut character */
	masks(mask_name, "   ", "");
	masks(mask_name, "", "");
	masks(mask_name, NULL, "");
}

static void test_small_out(void **state)
{
	char out[8];
	(void)state;

	/* cut at a character boundary, always terminated */
	mask_doc("440605199001311234", out, sizeof(out));
	assert_string_equal(out, "440605*");
	mask_phone("13812345678", out, 4);
	assert_string_equal(out, "138");
	mask_name("\xe9\x99\x88\xe5\xb0\x8f\xe6\x98\x8e", out, 3); /* first char needs 3 + NUL */
	assert_string_equal(out, "");
	mask_name("\xe9\x99\x88\xe5\xb0\x8f\xe6\x98\x8e", out, 5);
	assert_string_equal(out, "\xe9\x99\x88*");
	mask_doc("\xe7\xb2\xa4"
		 "A123456",
		 out, 3);
	assert_string_equal(out, "");
	mask_doc("440605199001311234", out, 1);
	assert_string_equal(out, "");
	out[0] = 'Z';
	mask_doc("440605199001311234", out, 0);
	assert_int_equal(out[0], 'Z');
	mask_doc("440605199001311234", NULL, 0);
	mask_phone("13812345678", NULL, 10);
	mask_name("x", NULL, 10);
}

static void test_never_reveals(void **state)
{
	char in[40], out[128];
	(void)state;

	/* for every length up to 30: at most 4 characters of a non-ID shown */
	for (size_t n = 0; n <= 30; n++) {
		memset(in, 'a', n);
		in[n] = '\0';
		mask_doc(in, out, sizeof(out));
		size_t shown =
		    strlen(out) - (size_t)(strchr(out, '*') ? strspn(strchr(out, '*'), "*") : 0);
		assert_true(shown <= 4);
		assert_true(shown * 2 <= n);
		mask_phone(in, out, sizeof(out));
		assert_true(n == 0 || strchr(out, '*'));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_doc_id),    cmocka_unit_test(test_doc_other),
	    cmocka_unit_test(test_phone),     cmocka_unit_test(test_name),
	    cmocka_unit_test(test_small_out), cmocka_unit_test(test_never_reveals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
