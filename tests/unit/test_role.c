/*
 * Unit tests for src/core/role.c: names and bits map one to one, labels
 * exist in both languages, anything that is not exactly one known bit is
 * refused, and the permission masks routes use are consistent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/role.h"

static void test_names(void **state)
{
	static const struct {
		const char *name;
		unsigned bit;
	} want[] = {
	    {"admin", ROLE_ADMIN},	 {"commander", ROLE_COMMANDER},
	    {"verifier", ROLE_VERIFIER}, {"observer", ROLE_OBSERVER},
	    {"village", ROLE_VILLAGE},	 {"checkpoint", ROLE_CHECKPOINT},
	    {"site", ROLE_SITE},	 {"finance", ROLE_FINANCE},
	    {"viewer", ROLE_VIEWER},
	};
	size_t n = sizeof want / sizeof want[0];
	(void)state;

	for (size_t i = 0; i < n; i++) {
		assert_int_equal(role_from_name(want[i].name), want[i].bit);
		assert_string_equal(role_name(want[i].bit), want[i].name);
		assert_string_equal(role_names[i], want[i].name); /* table order */
	}
	assert_null(role_names[n]); /* NULL-terminated, nothing extra */
}

static void test_unknown(void **state)
{
	(void)state;
	assert_int_equal(role_from_name(NULL), 0);
	assert_int_equal(role_from_name(""), 0);
	assert_int_equal(role_from_name("Admin"), 0);
	assert_int_equal(role_from_name("admin "), 0);
	assert_int_equal(role_from_name("adm"), 0);
	assert_int_equal(role_from_name("administrator"), 0);
	assert_int_equal(role_from_name("root"), 0);
	assert_int_equal(role_from_name("系统管理员"), 0); /* labels are not names */

	assert_null(role_name(0));
	assert_null(role_name(ROLE_ADMIN | ROLE_VIEWER)); /* two bits */
	assert_null(role_name(3));
	assert_null(role_name(ROLE_ALL));
	assert_null(role_name(ROLE_VIEWER << 1));
	assert_null(role_name(1u << 31));
	assert_null(role_name(~0u));
	assert_null(role_label(0, 0));
	assert_null(role_label(0, 1));
	assert_null(role_label(ROLE_ADMIN | ROLE_SITE, 0));
	assert_null(role_label(ROLE_VIEWER << 1, 1));
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(role_label(ROLE_ADMIN, 0), "系统管理员");
	assert_string_equal(role_label(ROLE_ADMIN, 1), "Administrator");
	assert_string_equal(role_label(ROLE_VILLAGE, 0), "村居工作人员");
	assert_non_null(strstr(role_label(ROLE_VIEWER, 1), "read-only"));

	for (int i = 0; role_names[i]; i++) {
		unsigned bit = 1u << i;
		const char *zh = role_label(bit, 0), *en = role_label(bit, 1);
		assert_non_null(zh);
		assert_non_null(en);
		assert_true(strlen(zh) > 0 && strlen(en) > 0);
		assert_string_not_equal(zh, en);
		assert_true((unsigned char)zh[0] >= 0x80); /* Chinese */
		assert_true((unsigned char)en[0] < 0x80);
		assert_ptr_equal(role_label(bit, 7), en); /* any true value is English */
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(zh, role_label(1u << j, 0));
			assert_string_not_equal(en, role_label(1u << j, 1));
		}
	}
}

static void test_masks(void **state)
{
	unsigned all = 0;
	(void)state;

	for (int i = 0; role_names[i]; i++)
		all |= role_from_name(role_names[i]);
	assert_int_equal(all, ROLE_ALL);
	/* whoever may write persons may read them */
	assert_int_equal(ROLE_PERSON_WRITE & ~ROLE_PERSON_READ, 0);
	assert_int_equal(ROLE_PERSON_READ & ~ROLE_ALL, 0);
	/* read-only and money roles never see the registry */
	assert_int_equal(ROLE_PERSON_READ & (ROLE_VIEWER | ROLE_FINANCE | ROLE_CHECKPOINT), 0);
	assert_int_equal(ROLE_PERSON_WRITE & (ROLE_COMMANDER | ROLE_SITE), 0);
	assert_true(ROLE_PERSON_WRITE & ROLE_ADMIN);
	assert_true(ROLE_PERSON_WRITE & ROLE_VILLAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_masks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
