/*
 * Unit tests for resp_json (src/http/resp.c): its own serialiser must write
 * exactly the bytes json_dumps(JSON_COMPACT | JSON_ENCODE_ANY |
 * JSON_REAL_PRECISION(10)) writes — clients and the benchmark's byte-for-byte
 * comparison with the Node peer rely on it — including escapes, non-ASCII
 * text, key order after replacing a key, reals, empty containers, and
 * "null" for what jansson refuses (invalid UTF-8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

#define FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10))

/* resp_json(j) must equal json_dumps(j) ("null" when that fails). */
static void same(json_t *j)
{
	char *want = json_dumps(j, FLAGS);
	struct resp rs = {0};
	buf_init(&rs.body, 0);
	resp_json(&rs, 200, j); /* steals j */
	const char *w = want ? want : "null";
	if (strcmp(rs.body.s, w) != 0)
		fail_msg("resp_json wrote\n  %s\njansson writes\n  %s", rs.body.s, w);
	assert_int_equal(rs.status, 200);
	assert_string_equal(rs.ctype, "application/json; charset=utf-8");
	free(want);
	buf_release(&rs.body);
}

static void test_scalars(void **state)
{
	(void)state;
	same(json_null());
	same(json_true());
	same(json_false());
	same(json_integer(0));
	same(json_integer(-1));
	same(json_integer(440605199001011234LL));
	same(json_integer(INT64_MAX));
	same(json_integer(INT64_MIN));
	same(json_real(0.0));
	same(json_real(36.6));
	same(json_real(-1e-7));
	same(json_real(1e21));
	same(json_real(3.14159265358979));
	same(json_string(""));
	same(NULL);
}

static void test_strings(void **state)
{
	(void)state;
	same(json_string("陈小明，里水镇"));
	same(json_string("quote \" backslash \\ slash / del \x7f"));
	same(json_string("\b\f\n\r\t \x01\x1f end"));
	same(json_string("emoji 😷 and 𠀀 (four bytes), é (two)"));
	same(json_stringn("nul\0inside", 10));
	same(json_string("<script>alert(1)</script>"));
	/* invalid UTF-8 jansson refuses to write: both answer null */
	same(json_stringn_nocheck("bad \xff byte", 10));
	same(json_stringn_nocheck("cut \xe9\x99", 6));
	same(json_stringn_nocheck("overlong \xc0\xaf", 11));
	same(json_stringn_nocheck("surrogate \xed\xa0\x80", 13));
	same(json_pack("{s:o}", "a", json_stringn_nocheck("\xf5\x80\x80\x80", 4)));
}

static void test_containers(void **state)
{
	(void)state;
	same(json_object());
	same(json_array());
	same(json_pack("{s:[]}", "items"));
	same(json_pack("[i,s,n,b,[i,{}]]", 1, "二", 1, 2));
	/* keys in insertion order; replacing a value keeps its place */
	json_t *o = json_pack("{s:s,s:s,s:i}", "doc_number", "440605199001011234", "phone",
			      "13800138000", "id", 7);
	json_object_set_new(o, "doc_number", json_string("4406**********1234"));
	json_object_set_new(o, "masked", json_true());
	json_object_set_new(o, "键\n\"", json_real(0.5));
	same(o);
	/* a list answer as the API sends it */
	json_t *items = json_array();
	for (int i = 0; i < 50; i++)
		json_array_append_new(items, json_pack("{s:i,s:s,s:n,s:f}", "id", i, "name", "王五",
						       "village_id", i * 0.25));
	same(json_pack("{s:o,s:i,s:i}", "items", items, "total", 50, "page", 1));
	/* deeper than the serialiser goes itself: jansson's answer */
	json_t *deep = json_array();
	for (int i = 0; i < 200; i++)
		deep = json_pack("[o]", deep);
	same(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scalars),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_containers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
