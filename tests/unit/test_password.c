/*
 * Unit tests for src/core/password.c: argon2id hash and verify, the rules
 * users are told about (length counted in characters, so Chinese passwords
 * are not penalised by their byte count; the 128-byte ceiling counted in
 * bytes), and generated passwords.  Hashing costs ~19 MiB and tens of
 * milliseconds each, so only a handful are computed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/password.h"

static void check_is(const char *pw, const char *user, const char *want)
{
	const char *got = password_check(pw, user);
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want)))
		fail_msg("\"%s\" (user %s): got %s, want %s", pw, user ? user : "-",
			 got ? got : "ok", want ? want : "ok");
}

static void test_hash_verify(void **state)
{
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	(void)state;

	assert_int_equal(password_hash("correct horse 1", h1), 0);
	assert_true(strlen(h1) < PASSWORD_HASH_MAX);
	assert_non_null(strstr(h1, "$argon2id$"));
	assert_non_null(strstr(h1, "m=19456,t=2")); /* OWASP parameters */
	assert_null(strstr(h1, "correct horse"));   /* the password is not in it */

	assert_int_equal(password_verify(h1, "correct horse 1"), 1);
	assert_int_equal(password_verify(h1, "correct horse 2"), 0);
	assert_int_equal(password_verify(h1, "Correct horse 1"), 0);
	assert_int_equal(password_verify(h1, "correct horse 1 "), 0);
	assert_int_equal(password_verify(h1, "correct horse "), 0);
	assert_int_equal(password_verify(h1, ""), 0);

	/* salted: the same password hashes differently, both verify */
	assert_int_equal(password_hash("correct horse 1", h2), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(password_verify(h2, "correct horse 1"), 1);

	/* UTF-8 passwords */
	assert_int_equal(password_hash("防控密码2024", h2), 0);
	assert_int_equal(password_verify(h2, "防控密码2024"), 1);
	assert_int_equal(password_verify(h2, "防控密码2025"), 0);
}

static void test_verify_garbage(void **state)
{
	char h[PASSWORD_HASH_MAX];
	(void)state;

	assert_int_equal(password_verify(NULL, "x"), 0);
	assert_int_equal(password_verify("$argon2id$", NULL), 0);
	assert_int_equal(password_verify(NULL, NULL), 0);
	assert_int_equal(password_verify("", ""), 0);
	assert_int_equal(password_verify("not a hash", "not a hash"), 0);
	assert_int_equal(password_verify("$argon2id$v=19$m=19456,t=2,p=1$", ""), 0);

	/* a damaged stored hash never verifies */
	assert_int_equal(password_hash("abc12345", h), 0);
	assert_int_equal(password_verify(h, "abc12345"), 1);
	size_t n = strlen(h);
	h[n - 1] = h[n - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(password_verify(h, "abc12345"), 0);
	h[n - 5] = '\0';
	assert_int_equal(password_verify(h, "abc12345"), 0);
}

static void test_check_rules(void **state)
{
	char longpw[200];
	(void)state;

	check_is("abc12345", NULL, NULL);
	check_is("ABCDEFG1", NULL, NULL); /* upper case letters count */
	check_is("1234567z", NULL, NULL);
	check_is("a1!@#$%^", NULL, NULL);

	/* short: fewer than 8 characters */
	check_is("", NULL, "password_short");
	check_is("a1", NULL, "password_short");
	check_is("abc1234", NULL, "password_short");
	check_is("a", "a", "password_short"); /* short is reported first */

	/* weak: needs both letters and digits */
	check_is("abcdefgh", NULL, "password_weak");
	check_is("12345678", NULL, "password_weak");
	check_is("!@#$%^&*", NULL, "password_weak");
	check_is("        ", NULL, "password_weak");
	check_is("@[`{@[`{1", NULL, "password_weak"); /* neighbours of A-Z / a-z */

	/* long: more than 128 bytes */
	memset(longpw, 'a', sizeof longpw);
	longpw[0] = '1';
	longpw[128] = '\0';
	check_is(longpw, NULL, NULL);
	longpw[128] = 'a';
	longpw[129] = '\0';
	check_is(longpw, NULL, "password_long");
	longpw[199] = '\0';
	check_is(longpw, NULL, "password_long");

	/* same as the user name */
	check_is("zhang2024", "zhang2024", "password_username");
	check_is("zhang2024", "zhang2025", NULL);
	check_is("zhang2024", "zhang", NULL);
	check_is("zhang2024", "", NULL);
}

static void test_check_chinese(void **state)
{
	char pw[200];
	size_t n = 0;
	(void)state;

	/* 7 characters but 19 bytes: still short */
	check_is("密码密码密码1", NULL, "password_short");
	check_is("密码密码密码1a", NULL, NULL); /* 8 characters */
	check_is("密码密码密码密码", NULL, "password_weak");
	check_is("密码密码密码密a", NULL, "password_weak");
	check_is("密码密码密码密1", NULL, "password_weak");
	/* full-width letters and digits are not ASCII letters and digits */
	check_is("\xef\xbd\x81\xef\xbd\x82\xef\xbd\x83\xef\xbd\x84"
		 "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94",
		 NULL, "password_weak");

	/* 42 Han characters + "a1" = 128 bytes is fine; one more is too long */
	for (int i = 0; i < 42; i++, n += 3)
		memcpy(pw + n, "汉", 3);
	memcpy(pw + n, "a1b", 4);
	pw[128] = '\0';
	check_is(pw, NULL, NULL);
	pw[128] = 'b';
	check_is(pw, NULL, "password_long");
}

static int in_alphabet(const char *s)
{
	static const char al[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	return strspn(s, al) == strlen(s);
}

static void test_generate(void **state)
{
	char seen[32][16];
	(void)state;

	for (int i = 0; i < 32; i++) {
		char *pw = seen[i];
		memset(pw, 'Z', 16);
		password_generate(pw);
		assert_int_equal(strlen(pw), 12);
		assert_true(in_alphabet(pw)); /* no 0/O, 1/l/I to misread */
		assert_null(password_check(pw, NULL));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(pw, seen[j]);
	}
	/* a generated password round-trips through hash and verify */
	char h[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash(seen[0], h), 0);
	assert_int_equal(password_verify(h, seen[0]), 1);
	assert_int_equal(password_verify(h, seen[1]), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_verify), cmocka_unit_test(test_verify_garbage),
	    cmocka_unit_test(test_check_rules), cmocka_unit_test(test_check_chinese),
	    cmocka_unit_test(test_generate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
