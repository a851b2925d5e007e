/*
 * Unit tests for src/core/text.c: UTF-8 validation and counting, and the
 * one-line clean-up applied to every typed or pasted field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/text.h"

/* Normalise a C string into a roomy buffer and compare. */
static void norm_is(const char *in, const char *want)
{
	char out[256];
	size_t n = text_normalize(in, strlen(in), out, sizeof(out));

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_fullwidth(void **state)
{
	(void)state;
	norm_is("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93", "123"); /* １２３ */
	norm_is("\xef\xbc\xa1\xef\xbd\x9a", "Az");		/* Ａｚ */
	norm_is("\xef\xbc\x81", "!");				/* U+FF01 */
	norm_is("\xef\xbd\x9e", "~");				/* U+FF5E */
	norm_is("\xef\xbd\x9f", "\xef\xbd\x9f");		/* U+FF5F kept */
	norm_is("\xef\xbc\x80", "\xef\xbc\x80");		/* U+FF00 kept */
	norm_is("\xe9\x99\x88\xef\xbc\x88\xe5\xb0\x8f\xef\xbc\x89", "\xe9\x99\x88(\xe5\xb0\x8f)");
}

static void test_spaces(void **state)
{
	(void)state;
	norm_is("  a  b  ", "a b");
	norm_is("\xe3\x80\x80"
		"a"
		"\xe3\x80\x80\xe3\x80\x80"
		"b"
		"\xe3\x80\x80",
		"a b"); /* U+3000 */
	norm_is("\xc2\xa0"
		"a"
		"\xc2\xa0"
		"b",
		"a b"); /* NBSP */
	norm_is("a\tb\r\nc", "a b c");
	norm_is("a \t \xc2\xa0 \xe3\x80\x80 b", "a b");
	norm_is("\xe2\x80\x83x", "x"); /* em space */
	norm_is("   ", "");
	norm_is("\t\xe3\x80\x80", "");
	norm_is("", "");
	norm_is("abc", "abc");
}

static void test_dropped(void **state)
{
	(void)state;
	norm_is("\xef\xbb\xbf"
		"abc",
		"abc"); /* BOM */
	norm_is("a\xe2\x80\x8b"
		"b",
		"ab"); /* zero-width space */
	norm_is("a\x01\x7f"
		"b",
		"ab"); /* controls */
	norm_is("a\xff"
		"b",
		"ab"); /* invalid byte */
	norm_is("a\xc0\xaf"
		"b",
		"ab"); /* overlong '/' */
	norm_is("a\xed\xa0\x80"
		"b",
		"ab"); /* surrogate */
	norm_is("a\xe9\x99"
		"b",
		"ab");		 /* truncated sequence */
	norm_is("\xe9\x99", ""); /* truncated at end */
	norm_is("a\xf4\x90\x80\x80"
		"b",
		"ab");					 /* above U+10FFFF */
	norm_is("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"); /* emoji kept */
	norm_is("a \xff b", "a b");
}

static void test_embedded_nul(void **state)
{
	char out[16];
	(void)state;
	assert_int_equal(text_normalize("a\0b", 3, out, sizeof(out)), 2);
	assert_string_equal(out, "ab");
}

static void test_truncate(void **state)
{
	char out[8];
	const char *s = "\xe9\x99\x88\xe5\xb0\x8f\xe6\x98\x8e"; /* 陈小明, 9 bytes */
	(void)state;

	/* 7 bytes of room: two characters, never half of the third */
	assert_int_equal(text_normalize(s, strlen(s), out, sizeof(out)), 6);
	assert_string_equal(out, "\xe9\x99\x88\xe5\xb0\x8f");
	/* a space that fits but the following character does not is not left */
	assert_int_equal(text_normalize("abcdef xyz", 10, out, sizeof(out)), 6);
	assert_string_equal(out, "abcdef");
	assert_int_equal(text_normalize("abcdefgh", 8, out, sizeof(out)), 7);
	assert_string_equal(out, "abcdefg");
	assert_int_equal(text_normalize("abc", 3, out, 1), 0);
	assert_string_equal(out, "");
	out[0] = 'z';
	assert_int_equal(text_normalize("abc", 3, out, 0), 0);
	assert_int_equal(out[0], 'z');
	assert_int_equal(text_normalize("abc", 3, NULL, 0), 0);
	assert_int_equal(text_normalize(NULL, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void test_in_place(void **state)
{
	char s[] = "\xe3\x80\x80\xef\xbc\x91 \t\xef\xbc\x92\xc2\xa0\xe9\x99\x88  x\xe3\x80\x80";
	(void)state;
	assert_int_equal(text_normalize(s, strlen(s), s, sizeof(s)), 9);
	assert_string_equal(s, "1 2 \xe9\x99\x88 x");
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(text_utf8_valid("", 0));
	assert_true(text_utf8_valid(NULL, 0));
	assert_true(text_utf8_valid("abc", 3));
	assert_true(text_utf8_valid("\xe9\x99\x88", 3));
	assert_true(text_utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_true(text_utf8_valid("\xf4\x8f\xbf\xbf", 4)); /* U+10FFFF */
	assert_true(text_utf8_valid("\xc2\x80", 2));
	assert_false(text_utf8_valid("\xe9\x99", 2));
	assert_false(text_utf8_valid("\xe9\x99\x88", 2)); /* len cuts the character */
	assert_false(text_utf8_valid("\x80", 1));
	assert_false(text_utf8_valid("\xc1\xbf", 2));	      /* overlong */
	assert_false(text_utf8_valid("\xe0\x9f\xbf", 3));     /* overlong */
	assert_false(text_utf8_valid("\xf0\x8f\xbf\xbf", 4)); /* overlong */
	assert_false(text_utf8_valid("\xed\xbf\xbf", 3));     /* surrogate */
	assert_false(text_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(text_utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(text_utf8_valid("\xff", 1));
	assert_false(text_utf8_valid("\xe9\x41\x88", 3)); /* bad continuation */
}

static void test_chars(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_chars("", 0), 0);
	assert_int_equal(text_utf8_chars("abc", 3), 3);
	assert_int_equal(text_utf8_chars("\xe9\x99\x88\xe5\xb0\x8f", 6), 2);
	assert_int_equal(text_utf8_chars("a\xf0\x9f\x98\x80", 5), 2);
	assert_int_equal(text_utf8_chars("\xff\xfe", 2), 2);
	assert_int_equal(text_utf8_chars("\xe9\x99", 2), 2); /* each invalid byte counts */
}

static void test_decode(void **state)
{
	unsigned cp = 0;
	(void)state;
	assert_int_equal(text_utf8_decode("\xe3\x80\x80", 3, &cp), 3);
	assert_int_equal(cp, 0x3000);
	assert_int_equal(text_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(text_utf8_decode("\xe3\x80", 2, &cp), 0);
}

static void test_strip_spaces(void **state)
{
	char a[] = " 440 605 1990\t0101 123X \r\n";
	char b[] = "";
	char c[] = "   ";
	char d[] = "abc";
	(void)state;
	text_strip_spaces(a);
	assert_string_equal(a, "4406051990"
			       "0101123X");
	text_strip_spaces(b);
	assert_string_equal(b, "");
	text_strip_spaces(c);
	assert_string_equal(c, "");
	text_strip_spaces(d);
	assert_string_equal(d, "abc");
	text_strip_spaces(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fullwidth), cmocka_unit_test(test_spaces),
	    cmocka_unit_test(test_dropped),   cmocka_unit_test(test_embedded_nul),
	    cmocka_unit_test(test_truncate),  cmocka_unit_test(test_in_place),
	    cmocka_unit_test(test_valid),     cmocka_unit_test(test_chars),
	    cmocka_unit_test(test_decode),    cmocka_unit_test(test_strip_spaces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
