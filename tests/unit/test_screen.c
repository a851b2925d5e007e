/*
 * Unit tests for src/core/screen.c: which screened persons go into
 * centralized observation in the same write (screen_starts_obs), and the
 * registry record made for one not yet known (screen_registry): a resident
 * ID number as id_card, any other document as other, a phone alone, the
 * checkpoint in the notes (full-width colon normalised), source 自排发现,
 * bad identities refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/screen.h"

#define TODAY 20200210

static struct screen_person person(const char *result)
{
	struct screen_person p = {0};
	p.temp = 365;
	p.method = METHOD_FOREHEAD;
	p.result = result;
	p.name = "周建国";
	return p;
}

static void test_starts_obs(void **state)
{
	(void)state;
	struct screen_person p = person("转集中观察");
	assert_int_equal(screen_starts_obs(&p, 0), 1);
	assert_int_equal(screen_starts_obs(&p, 1), 1);
	p.result = "转诊";
	assert_int_equal(screen_starts_obs(&p, 0), 0); /* a referral alone: hospital only */
	assert_int_equal(screen_starts_obs(&p, 1), 1); /* ticked "start observation" */
	static const char *const outside[] = {"放行", "登记后放行", "劝返"};
	for (size_t i = 0; i < 3; i++) {
		p.result = outside[i];
		assert_int_equal(screen_starts_obs(&p, 1), 0);
	}
	p.result = NULL;
	assert_int_equal(screen_starts_obs(&p, 1), 0);
}

/* The rule passes through screen_person_check: a fever's default result is a
 * referral, which starts nothing unless asked. */
static void test_fever_default(void **state)
{
	(void)state;
	struct obs_rules r;
	obs_rules_default(&r);
	struct screen_person p = person(NULL);
	p.temp = 385;
	p.phone = "13800138000";
	p.hospital = "镇卫生院";
	char doc[40], phone[32];
	const char *field, *msg;
	assert_null(screen_person_check(&p, &r, TODAY, 0, doc, phone, &field, &msg));
	assert_string_equal(p.result, "转诊");
	assert_int_equal(screen_starts_obs(&p, 0), 0);
	assert_int_equal(screen_starts_obs(&p, 1), 1);
}

static void test_registry(void **state)
{
	(void)state;
	struct person out;
	struct person_err err;
	struct screen_person p = person("转集中观察");
	p.doc_number = "11010519491231002X";
	p.phone = "13800138000";
	assert_int_equal(screen_registry(&p, "和顺检疫点", TODAY, 0, &out, &err), 0);
	assert_string_equal(out.name, "周建国");
	assert_string_equal(out.doc_type, "id_card");
	assert_string_equal(out.doc_number, "11010519491231002X");
	assert_string_equal(out.birth_date, "1949-12-31");
	assert_string_equal(out.phone, "13800138000");
	assert_string_equal(out.source, "自排发现");
	assert_string_equal(out.notes, "检疫点登记:和顺检疫点");
	/* a passport or permit number is kept as another document */
	p.doc_number = "E12345678";
	assert_int_equal(screen_registry(&p, "和顺检疫点", TODAY, 0, &out, &err), 0);
	assert_string_equal(out.doc_type, "other");
	assert_string_equal(out.doc_number, "E12345678");
	/* a phone alone */
	p.doc_number = NULL;
	assert_int_equal(screen_registry(&p, NULL, TODAY, 0, &out, &err), 0);
	assert_string_equal(out.doc_number, "");
	assert_string_equal(out.phone, "13800138000");
	assert_string_equal(out.notes, "检疫点登记:");
	/* no name: refused with the registry's own code */
	p.name = "";
	assert_int_equal(screen_registry(&p, "和顺检疫点", TODAY, 0, &out, &err), -1);
	assert_non_null(err.code);
	assert_string_equal(err.field, "name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_starts_obs),
	    cmocka_unit_test(test_fever_default),
	    cmocka_unit_test(test_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
