/*
 * Unit tests for src/core/msg.c: every code in the table has its own
 * Chinese and English text, unknown codes fall back to the generic message,
 * and the codes other modules hand to resp_err are in the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/msg.h"
#include "core/password.h"

#define GENERIC_ZH "请求无效"
#define GENERIC_EN "Invalid request"

/* Every code msg.c knows (keep in step with the table). */
static const char *const codes[] = {
    "account_disabled",
    "account_locked",
    "bad_credentials",
    "bad_json",
    "bad_query",
    "body_too_large",
    "csrf",
    "doc_number_required",
    "doc_type",
    "duplicate_doc",
    "forbidden",
    "headers_too_large",
    "internal",
    "invalid",
    "merge_same",
    "method_not_allowed",
    "name_required",
    "name_too_long",
    "not_found",
    "not_json_object",
    "password_long",
    "password_short",
    "password_username",
    "password_weak",
    "password_wrong",
    "phone",
    "role",
    "role_binding",
    "sex",
    "sex_mismatch",
    "birth_mismatch",
    "date",
    "birth_future",
    "birth_early",
    "rules_unchanged",
    "too_many_attempts",
    "type_string",
    "type_integer",
    "unauthorized",
    "unknown_field",
    "user_exists",
    "username",
    "village",
    "village_code",
    "village_exists",
    "village_type",
};
#define NCODES (sizeof codes / sizeof codes[0])

static int has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static void test_every_code(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCODES; i++) {
		const char *zh = msg_get(codes[i], 0), *en = msg_get(codes[i], 1);
		assert_non_null(zh);
		assert_non_null(en);
		if (!strcmp(zh, en))
			fail_msg("%s: Chinese and English are the same", codes[i]);
		if (!has_non_ascii(zh))
			fail_msg("%s: Chinese message \"%s\" is ASCII", codes[i], zh);
		if (strcmp(codes[i], "invalid") != 0 &&
		    (!strcmp(zh, GENERIC_ZH) || !strcmp(en, GENERIC_EN)))
			fail_msg("%s: falls back to the generic message", codes[i]);
		assert_ptr_equal(msg_get(codes[i], 5), en); /* any true value is English */
	}
	assert_string_equal(msg_get("invalid", 0), GENERIC_ZH);
	assert_string_equal(msg_get("invalid", 1), GENERIC_EN);
	assert_string_equal(msg_get("not_found", 0), "未找到");
	assert_string_equal(msg_get("not_found", 1), "Not found");
}

static void test_distinct(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCODES; i++)
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(msg_get(codes[i], 0), msg_get(codes[j], 0)))
				fail_msg("%s and %s share a Chinese message", codes[i], codes[j]);
			if (!strcmp(msg_get(codes[i], 1), msg_get(codes[j], 1)))
				fail_msg("%s and %s share an English message", codes[i], codes[j]);
		}
}

static void test_unknown(void **state)
{
	static const char *const unknown[] = {"",	  "no_such_code", "NOT_FOUND",
					      "not_foun", "not_found ",	  "not_found_x",
					      "password", "id_checksum",  "\xff"};
	(void)state;
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		assert_string_equal(msg_get(unknown[i], 0), GENERIC_ZH);
		assert_string_equal(msg_get(unknown[i], 1), GENERIC_EN);
	}
}

/* Codes that other modules return must have their own message. */
static void test_codes_from_modules(void **state)
{
	char longpw[140];
	(void)state;

	memset(longpw, 'a', sizeof longpw - 1);
	longpw[0] = '1';
	longpw[sizeof longpw - 1] = '\0';
	const char *from_password[] = {
	    password_check("a1", NULL),
	    password_check(longpw, NULL),
	    password_check("abcdefgh", NULL),
	    password_check("abc12345", "abc12345"),
	};
	for (size_t i = 0; i < sizeof from_password / sizeof from_password[0]; i++) {
		assert_non_null(from_password[i]);
		assert_string_not_equal(msg_get(from_password[i], 0), GENERIC_ZH);
		assert_string_not_equal(msg_get(from_password[i], 1), GENERIC_EN);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_code),
	    cmocka_unit_test(test_distinct),
	    cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_codes_from_modules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
