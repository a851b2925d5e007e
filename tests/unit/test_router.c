/*
 * Unit tests for src/http/router.c against the real route table
 * (src/api/routes.c): path parameters are positive integers only, a path
 * served under another method says so (405, not 404), HEAD is GET, the
 * Allow header lists the methods, and body fields are matched exactly.
 * The table itself is checked for the invariants the dispatcher relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/role.h"
#include "http/http.h"

#define SENTINEL ((int64_t)-77)

/* method+path must match the route declared as want_method+want_path. */
static const struct route *hit(const char *method, const char *path, const char *want_method,
			       const char *want_path, int64_t p0)
{
	int64_t params[PATH_PARAMS] = {SENTINEL, SENTINEL, SENTINEL};
	int wrong = 1;
	const struct route *r = router_match(method, path, params, &wrong);

	if (!r)
		fail_msg("%s %s: no route (wrong_method=%d)", method, path, wrong);
	if (strcmp(r->method, want_method) || strcmp(r->path, want_path))
		fail_msg("%s %s: matched %s %s, want %s %s", method, path, r->method, r->path,
			 want_method, want_path);
	if (p0)
		assert_true(params[0] == p0);
	return r;
}

/* No route; `wrong` says whether the path exists under another method.
 * The caller's params are left alone. */
static void miss(const char *method, const char *path, int wrong_want)
{
	int64_t params[PATH_PARAMS] = {SENTINEL, SENTINEL, SENTINEL};
	int wrong = 99;
	const struct route *r = router_match(method, path, params, &wrong);

	if (r)
		fail_msg("%s %s: matched %s %s, want none", method, path, r->method, r->path);
	if (wrong != wrong_want)
		fail_msg("%s %s: wrong_method=%d, want %d", method, path, wrong, wrong_want);
	for (int i = 0; i < PATH_PARAMS; i++)
		assert_true(params[i] == SENTINEL);
}

static void test_static_paths(void **state)
{
	(void)state;
	hit("GET", "/healthz", "GET", "/healthz", 0);
	hit("GET", "/api/v1/me", "GET", "/api/v1/me", 0);
	hit("POST", "/api/v1/login", "POST", "/api/v1/login", 0);
	hit("GET", "/api/v1/persons", "GET", "/api/v1/persons", 0);
	hit("POST", "/api/v1/persons", "POST", "/api/v1/persons", 0);
	/* literal segments win over {id}: "check" and "merge" are not ids anyway */
	hit("POST", "/api/v1/persons/check", "POST", "/api/v1/persons/check", 0);
	hit("POST", "/api/v1/persons/merge", "POST", "/api/v1/persons/merge", 0);
	hit("PUT", "/api/v1/me/password", "PUT", "/api/v1/me/password", 0);
}

static void test_params(void **state)
{
	(void)state;
	hit("GET", "/api/v1/persons/12", "GET", "/api/v1/persons/{id}", 12);
	hit("PATCH", "/api/v1/persons/1", "PATCH", "/api/v1/persons/{id}", 1);
	hit("POST", "/api/v1/persons/34/reveal", "POST", "/api/v1/persons/{id}/reveal", 34);
	hit("PUT", "/api/v1/users/5/password", "PUT", "/api/v1/users/{id}/password", 5);
	hit("DELETE", "/api/v1/users/6/sessions", "DELETE", "/api/v1/users/{id}/sessions", 6);
	hit("GET", "/api/v1/persons/9223372036854775807", "GET", "/api/v1/persons/{id}", INT64_MAX);
	hit("GET", "/api/v1/persons/007", "GET", "/api/v1/persons/{id}", 7);

	/* not positive integers: the path does not exist at all (404) */
	miss("GET", "/api/v1/persons/abc", 0);
	miss("GET", "/api/v1/persons/0", 0);
	miss("GET", "/api/v1/persons/-1", 0);
	miss("GET", "/api/v1/persons/+1", 0);
	miss("GET", "/api/v1/persons/12abc", 0);
	miss("GET", "/api/v1/persons/1.0", 0);
	miss("GET", "/api/v1/persons/1e3", 0);
	miss("GET", "/api/v1/persons/%31", 0);
	miss("GET", "/api/v1/persons/ 1", 0);
	miss("GET", "/api/v1/persons/9223372036854775808", 0); /* overflow */
	miss("GET", "/api/v1/persons/99999999999999999999999", 0);
	miss("POST", "/api/v1/persons/x/reveal", 0);
	miss("POST", "/api/v1/persons//reveal", 0);
}

static void test_shapes(void **state)
{
	(void)state;
	miss("GET", "", 0);
	miss("GET", "/", 0);
	miss("GET", "/api/v1/persons/", 0); /* trailing slash is another path */
	miss("GET", "/api/v1/persons/12/", 0);
	miss("GET", "/api/v1//persons", 0);
	miss("GET", "//api/v1/persons", 0);
	miss("GET", "/api/v1/person", 0);
	miss("GET", "/api/v1/personsx", 0);
	miss("GET", "/api/v1", 0);
	miss("GET", "api/v1/persons", 0);
	miss("GET", "/API/v1/persons", 0);
	miss("GET", "/api/v1/persons/12/reveal/x", 0);
	miss("GET", "/api/v1/persons?page=2", 0); /* the server strips queries first */
	miss("GET", "/healthz/", 0);
}

static void test_methods(void **state)
{
	(void)state;
	miss("DELETE", "/api/v1/persons/12", 1);
	miss("PUT", "/api/v1/persons/12", 1);
	miss("GET", "/api/v1/login", 1);
	miss("GET", "/api/v1/persons/12/reveal", 1);
	miss("GET", "/api/v1/persons/merge", 1);
	miss("DELETE", "/api/v1/persons", 1);
	miss("POST", "/healthz", 1);
	miss("get", "/api/v1/persons", 1); /* methods are case-sensitive */
	miss("", "/api/v1/persons", 1);
	/* wrong_method is an output: cleared even when the caller left it set */
	miss("GET", "/nowhere", 0);

	/* HEAD is served by GET routes, and only those */
	hit("HEAD", "/api/v1/persons/12", "GET", "/api/v1/persons/{id}", 12);
	hit("HEAD", "/healthz", "GET", "/healthz", 0);
	miss("HEAD", "/api/v1/login", 1);
	miss("HEAD", "/api/v1/persons/12/reveal", 1);
}

/* Every route in the table is reachable under its own method, with {x}
 * replaced by a number, and the dispatcher's invariants hold. */
static void test_table(void **state)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
	(void)state;

	assert_true(api_route_count > 10);
	for (size_t i = 0; i < api_route_count; i++) {
		const struct route *r = &api_routes[i];
		char path[256];
		size_t n = 0;
		int known = 0;

		assert_non_null(r->fn);
		assert_non_null(r->summary);
		assert_int_equal(r->path[0], '/');
		assert_int_equal(r->roles & ~ROLE_ALL, 0);
		for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++)
			known |= strcmp(r->method, methods[m]) == 0;
		if (!known)
			fail_msg("%s %s: unknown method", r->method, r->path);
		if (!strcmp(r->method, "GET") && (r->body_limit || r->fields))
			fail_msg("GET %s accepts a body", r->path);
		if (r->fields && !r->body_limit)
			fail_msg("%s %s: fields without a body limit", r->method, r->path);
		if (r->fields && r->fields[0] &&
		    (r->fields[0] == ',' || strstr(r->fields, ",,") ||
		     r->fields[strlen(r->fields) - 1] == ','))
			fail_msg("%s %s: empty entry in fields", r->method, r->path);

		for (const char *p = r->path; *p && n < sizeof path - 3;) {
			if (*p == '{') {
				path[n++] = '4';
				path[n++] = '2';
				p = strchr(p, '}');
				assert_non_null(p);
				p++;
			} else {
				path[n++] = *p++;
			}
		}
		path[n] = '\0';
		const struct route *got = hit(r->method, path, r->method, r->path, 0);
		assert_ptr_equal(got, r); /* no earlier entry shadows it */
	}
}

static void allow_is(const char *path, const char *want)
{
	char out[128];
	memset(out, 'Z', sizeof out);
	router_allow(path, out, sizeof out);
	if (strcmp(out, want))
		fail_msg("Allow for %s: \"%s\", want \"%s\"", path, out, want);
}

static void test_allow(void **state)
{
	char small[16];
	(void)state;

	allow_is("/api/v1/persons", "GET, POST");
	allow_is("/api/v1/persons/12", "GET, PATCH");
	allow_is("/api/v1/persons/12/reveal", "POST");
	allow_is("/api/v1/persons/merge", "POST");
	allow_is("/api/v1/users/3", "PATCH");
	allow_is("/api/v1/login", "POST");
	allow_is("/nowhere", "");
	allow_is("/api/v1/persons/abc", "");

	/* a short buffer stays NUL-terminated and inside its size */
	memset(small, 'Z', sizeof small);
	router_allow("/api/v1/persons", small, 4);
	assert_string_equal(small, "GET");
	assert_int_equal(small[4], 'Z');
	memset(small, 'Z', sizeof small);
	router_allow("/api/v1/persons", small, 1);
	assert_string_equal(small, "");
	assert_int_equal(small[1], 'Z');
	memset(small, 'Z', sizeof small);
	router_allow("/api/v1/persons/12", small, 7);
	assert_true(strlen(small) < 7);
	assert_int_equal(small[7], 'Z');
}

static void test_fields(void **state)
{
	const char *f = "username,password";
	(void)state;

	assert_int_equal(route_field_ok(f, "username", 8), 1);
	assert_int_equal(route_field_ok(f, "password", 8), 1);
	assert_int_equal(route_field_ok(f, "user", 4), 0);	/* prefix */
	assert_int_equal(route_field_ok(f, "name", 4), 0);	/* suffix */
	assert_int_equal(route_field_ok(f, "usernamex", 9), 0); /* longer */
	assert_int_equal(route_field_ok(f, "Password", 8), 0);	/* case */
	assert_int_equal(route_field_ok(f, "username,password", 17), 0);
	assert_int_equal(route_field_ok(f, ",", 1), 0);
	assert_int_equal(route_field_ok(f, "", 0), 0);
	assert_int_equal(route_field_ok(f, "password_extra", 8), 1); /* only len counts */
	assert_int_equal(route_field_ok("", "username", 8), 0);
	assert_int_equal(route_field_ok("", "", 0), 0);
	assert_int_equal(route_field_ok(NULL, "username", 8), 0);
	assert_int_equal(route_field_ok("a", "a", 1), 1);

	/* the real table: the person form accepts what person_in carries */
	const struct route *r = hit("POST", "/api/v1/persons", "POST", "/api/v1/persons", 0);
	static const char *const person_fields[] = {"name",	  "sex",   "doc_type", "doc_number",
						    "birth_date", "phone", "address",  "village_id",
						    "hukou",	  "notes", "source"};
	for (size_t i = 0; i < sizeof person_fields / sizeof person_fields[0]; i++)
		assert_int_equal(
		    route_field_ok(r->fields, person_fields[i], strlen(person_fields[i])), 1);
	assert_int_equal(route_field_ok(r->fields, "id", 2), 0);
	assert_int_equal(route_field_ok(r->fields, "created_by", 10), 0);
	assert_int_equal(route_field_ok(r->fields, "merged_into", 11), 0);
	/* logout takes an empty object only */
	r = hit("POST", "/api/v1/logout", "POST", "/api/v1/logout", 0);
	assert_int_equal(route_field_ok(r->fields, "token", 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_static_paths), cmocka_unit_test(test_params),
	    cmocka_unit_test(test_shapes),	 cmocka_unit_test(test_methods),
	    cmocka_unit_test(test_table),	 cmocka_unit_test(test_allow),
	    cmocka_unit_test(test_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
