/*
 * Unit tests for src/util/buf.c: the never-NULL invariant, the hard cap (a
 * refused append leaves the buffer exactly as it was), ownership hand-off
 * with buf_take, truncation, reuse after release, and JSON string escaping
 * checked byte for byte against jansson's json_dumps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* The buffer holds exactly `want` (length and a NUL right after). */
static void holds(const struct buf *b, const char *want)
{
	assert_non_null(b->s);
	assert_int_equal(b->len, strlen(want));
	assert_memory_equal(b->s, want, b->len);
	assert_int_equal(b->s[b->len], '\0');
}

static void test_init(void **state)
{
	struct buf a = BUF_INIT, b;
	(void)state;

	holds(&a, "");
	assert_ptr_equal(a.s, buf_empty_);
	assert_int_equal(a.cap, 0);
	assert_int_equal(a.max, BUF_MAX_DEFAULT);

	memset(&b, 0x55, sizeof b);
	buf_init(&b, 0);
	holds(&b, "");
	assert_int_equal(b.cap, 0); /* allocates nothing */
	assert_int_equal(b.max, BUF_MAX_DEFAULT);
	buf_init(&b, 7);
	assert_int_equal(b.max, 7);

	/* operations that change nothing keep the shared empty string */
	buf_truncate(&a, 0);
	buf_reset(&a);
	assert_ptr_equal(a.s, buf_empty_);
	buf_release(&a);
	buf_release(&a); /* twice is fine */
	holds(&a, "");
}

static void test_add(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(buf_add(&b, "ab", 2), 0);
	assert_int_equal(buf_adds(&b, "cd"), 0);
	assert_int_equal(buf_addch(&b, 'e'), 0);
	assert_int_equal(buf_addf(&b, "-%d-%s-", 42, "x"), 0);
	holds(&b, "abcde-42-x-");
	assert_int_equal(buf_add(&b, NULL, 0), 0); /* empty append */
	assert_int_equal(buf_adds(&b, ""), 0);
	assert_int_equal(buf_addf(&b, "%s", ""), 0);
	holds(&b, "abcde-42-x-");
	assert_true(b.cap > b.len);

	/* embedded NUL bytes are data */
	assert_int_equal(buf_add(&b, "\0z", 2), 0);
	assert_int_equal(b.len, 13);
	assert_memory_equal(b.s + 11, "\0z", 3);

	/* growth far past the first allocation keeps the contents */
	buf_reset(&b);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_addf(&b, "%04d", i % 10000), 0);
	assert_int_equal(b.len, 40000);
	assert_memory_equal(b.s, "0000000100020003", 16);
	assert_memory_equal(b.s + 39996, "9999", 5);
	buf_release(&b);
}

static void test_cap(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 10);
	assert_int_equal(buf_adds(&b, "hello"), 0);
	assert_int_equal(buf_adds(&b, "world!"), -1); /* 11 > 10 */
	holds(&b, "hello");
	assert_int_equal(buf_addf(&b, "%s", "123456"), -1);
	holds(&b, "hello");
	assert_int_equal(buf_add(&b, "worldwide", 9), -1);
	holds(&b, "hello");
	assert_int_equal(buf_adds(&b, "world"), 0); /* exactly the cap */
	holds(&b, "helloworld");
	assert_int_equal(buf_addch(&b, '!'), -1);
	assert_int_equal(buf_addf(&b, "%d", 1), -1);
	assert_int_equal(buf_add(&b, "", 0), 0); /* nothing more is still fine */
	holds(&b, "helloworld");

	/* sizes that would overflow size_t arithmetic are refused, not wrapped */
	assert_int_equal(buf_grow(&b, SIZE_MAX), -1);
	assert_int_equal(buf_grow(&b, SIZE_MAX - 5), -1);
	assert_int_equal(buf_grow(&b, 1), -1);
	assert_int_equal(buf_grow(&b, 0), 0);
	holds(&b, "helloworld");

	/* a cap of one byte on a fresh buffer */
	buf_release(&b);
	buf_init(&b, 1);
	assert_int_equal(buf_adds(&b, "ab"), -1);
	holds(&b, "");
	assert_int_equal(buf_addch(&b, 'a'), 0);
	assert_int_equal(buf_addch(&b, 'b'), -1);
	holds(&b, "a");
	buf_release(&b);

	/* the default cap still refuses absurd growth */
	buf_init(&b, 0);
	assert_int_equal(buf_grow(&b, BUF_MAX_DEFAULT + 1), -1);
	holds(&b, "");
	buf_release(&b);
}

static void test_take(void **state)
{
	struct buf b = BUF_INIT;
	size_t len = 99;
	char *s;
	(void)state;

	/* empty: still an allocated, NUL-terminated string the caller frees */
	s = buf_take(&b, &len);
	assert_non_null(s);
	assert_ptr_not_equal(s, buf_empty_);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	holds(&b, "");

	assert_int_equal(buf_adds(&b, "owned"), 0);
	char *inner = b.s;
	s = buf_take(&b, &len);
	assert_ptr_equal(s, inner); /* no copy */
	assert_string_equal(s, "owned");
	assert_int_equal(len, 5);
	holds(&b, "");
	assert_int_equal(b.cap, 0);
	free(s);

	/* len may be NULL, and the buffer is usable afterwards */
	assert_int_equal(buf_adds(&b, "again"), 0);
	s = buf_take(&b, NULL);
	assert_string_equal(s, "again");
	free(s);
	assert_int_equal(buf_adds(&b, "third"), 0);
	holds(&b, "third");
	buf_release(&b);
}

static void test_truncate(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;

	assert_int_equal(buf_adds(&b, "abcdef"), 0);
	size_t cap = b.cap;
	buf_truncate(&b, 10); /* longer: no-op */
	holds(&b, "abcdef");
	buf_truncate(&b, 6);
	holds(&b, "abcdef");
	buf_truncate(&b, 3);
	holds(&b, "abc");
	assert_int_equal(buf_adds(&b, "XY"), 0);
	holds(&b, "abcXY");
	buf_reset(&b);
	holds(&b, "");
	assert_int_equal(b.cap, cap); /* keeps the allocation */
	assert_ptr_not_equal(b.s, buf_empty_);
	buf_release(&b);
}

static void test_release_reuse(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	buf_release(&b);
	holds(&b, "");
	assert_int_equal(b.cap, 0);
	assert_ptr_equal(b.s, buf_empty_);
	assert_int_equal(b.max, 8); /* the cap survives release */
	assert_int_equal(buf_adds(&b, "123456789"), -1);
	assert_int_equal(buf_adds(&b, "abc"), 0);
	holds(&b, "abc");
	buf_release(&b);
}

/* buf_add_json_str(s) must write exactly what json_dumps writes for the
 * string (JSON_ENCODE_ANY, no ENSURE_ASCII), and fail where that fails. */
static void same_as_jansson(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_t *j = json_stringn_nocheck(s, len);
	char *want = json_dumps(j, JSON_ENCODE_ANY);
	int rc = buf_add_json_str(&b, s, len);
	assert_int_equal(buf_json_str_valid(s, len), want != NULL);
	if (!want) {
		assert_int_equal(rc, -1);
		holds(&b, "");
	} else if (rc < 0 || strcmp(b.s, want) != 0) {
		fail_msg("escaped to [%s] (rc %d), jansson writes [%s]", b.s, rc, want);
	} else {
		assert_int_equal(b.len, strlen(want));
	}
	free(want);
	json_decref(j);
	buf_release(&b);
}

/* Escape `s`, check the exact output (quotes included), and that it is
 * what jansson writes. */
static void json_is(const char *s, size_t len, const char *want)
{
	struct buf b = BUF_INIT;
	assert_int_equal(buf_add_json_str(&b, s, len), 0);
	holds(&b, want);
	buf_release(&b);
	same_as_jansson(s, len);
}

static void test_json(void **state)
{
	(void)state;
	json_is("", 0, "\"\"");
	json_is("plain", 5, "\"plain\"");
	json_is("a\"b", 3, "\"a\\\"b\"");
	json_is("a\\b", 3, "\"a\\\\b\"");
	json_is("\\\"", 2, "\"\\\\\\\"\"");
	json_is("/", 1, "\"/\"");
	json_is("\b\f\n\r\t\v", 6, "\"\\b\\f\\n\\r\\t\\u000B\"");
	json_is("\x01\x1f", 2, "\"\\u0001\\u001F\"");
	json_is("a\0b", 3, "\"a\\u0000b\""); /* len counts, not the NUL */
	json_is("\x7f", 1, "\"\x7f\"");	     /* DEL is legal in JSON */
	/* UTF-8 passes through byte for byte */
	json_is("张三 \xc2\xb7 \xf0\x9f\x98\x80", strlen("张三 \xc2\xb7 \xf0\x9f\x98\x80"),
		"\"张三 \xc2\xb7 \xf0\x9f\x98\x80\"");

	/* every byte value alone, and every ASCII byte in one string */
	char all[128];
	for (int i = 0; i < 256; i++) {
		char c = (char)i;
		same_as_jansson(&c, 1);
	}
	for (int i = 0; i < 128; i++)
		all[i] = (char)i;
	same_as_jansson(all, sizeof all);

	/* invalid UTF-8 (jansson refuses to write it): -1, nothing written */
	same_as_jansson("bad \xff byte", 10);
	same_as_jansson("cut \xe9\x99", 6);
	same_as_jansson("overlong \xc0\xaf", 11);
	same_as_jansson("overlong3 \xe0\x80\xaf", 13);
	same_as_jansson("surrogate \xed\xa0\x80", 13);
	same_as_jansson("above \xf4\x90\x80\x80", 10);
	same_as_jansson("\xf5\x80\x80\x80", 4);
	same_as_jansson("max \xf4\x8f\xbf\xbf ok", 11);

	/* every 2- and 3-byte sequence (lead C0-FF, two more bytes 00-FF in
	 * steps that cover each class: ASCII, each continuation quarter, each
	 * lead range), between ASCII words so both paths of json_plain meet it */
	static const unsigned char tails[] = {0x00, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x8f, 0x90,
					      0x9f, 0xa0, 0xaf, 0xbf, 0xc0, 0xe0, 0xff};
	for (int lead = 0xc0; lead <= 0xff; lead++)
		for (size_t a = 0; a < sizeof tails; a++)
			for (size_t b = 0; b < sizeof tails; b++) {
				char t[32];
				int n = snprintf(t, sizeof t, "abcdefgh%c%c%cijklmnop", lead,
						 tails[a], tails[b]);
				same_as_jansson(t, (size_t)n);
				same_as_jansson(t + 8, 3); /* the sequence alone, cut short */
				same_as_jansson(t + 8, 2);
			}
}

/* Random strings of ASCII words, escapes, CJK, other UTF-8 and now and then
 * a bad byte, each escaped exactly as jansson does (or refused with it). */
static void test_json_random(void **state)
{
	(void)state;
	static const char *const parts[] = {"abcdefgh",
					    "x",
					    "\"",
					    "\\",
					    "\n",
					    "\x01",
					    "张",
					    "陈强伟",
					    "佛山市南海区",
					    "\xc2\xb7",
					    "\xf0\x9f\x98\x80",
					    "\xed\x9f\xbf",
					    "\xe0\xa0\x80",
					    "\xef\xbf\xbf",
					    "0123456789",
					    "\x7f",
					    "\xe9\x99",
					    "\xff",
					    "\xed\xa0\x80",
					    "\xc0\xaf"};
	const size_t np = sizeof parts / sizeof parts[0];
	unsigned seed = 20200123;
	for (int k = 0; k < 20000; k++) {
		char t[256];
		size_t n = 0;
		int pieces = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
		for (int i = 0; i < pieces; i++) {
			seed = seed * 1103515245u + 12345u;
			/* the last four parts are invalid UTF-8: every fifth string may
			 * have some */
			size_t w = (seed >> 16) % (k % 5 ? np - 4 : np);
			size_t l = strlen(parts[w]);
			memcpy(t + n, parts[w], l);
			n += l;
		}
		same_as_jansson(t, n);
	}
}

static void test_json_cap(void **state)
{
	struct buf b;
	(void)state;

	/* fails part-way: the buffer is left as it was before the call */
	buf_init(&b, 14);
	assert_int_equal(buf_adds(&b, "pre:"), 0);
	assert_int_equal(buf_add_json_str(&b,
					  "ab\x01"
					  "cd",
					  5),
			 -1); /* needs 4+12 */
	holds(&b, "pre:");
	assert_int_equal(buf_add_json_str(&b, "\"\"\"\"", 4), 0); /* 4+10 = 14 */
	holds(&b, "pre:\"\\\"\\\"\\\"\\\"\"");
	assert_int_equal(buf_add_json_str(&b, "", 0), -1); /* "" needs 2 */
	holds(&b, "pre:\"\\\"\\\"\\\"\\\"\"");
	buf_release(&b);

	/* an escape that does not fit whole is not cut in half */
	buf_init(&b, 7);
	assert_int_equal(buf_add_json_str(&b, "\x01", 1), -1);
	holds(&b, "");
	assert_int_equal(buf_add_json_str(&b, "", 0), 0);
	holds(&b, "\"\"");
	buf_release(&b);

	/* invalid UTF-8 after text that fit: nothing is left behind */
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "x"), 0);
	assert_int_equal(buf_add_json_str(&b, "ok\"ok\xff", 6), -1);
	holds(&b, "x");
	buf_release(&b);
}

/* buf_add_int writes what printf's %lld writes, the extremes included */
static void test_int(void **state)
{
	(void)state;
	const int64_t v[] = {0, 7, -7, 10, 1234567890123, INT64_MAX, INT64_MIN};
	char want[32];
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct buf b;
		buf_init(&b, 0);
		assert_int_equal(buf_adds(&b, "n="), 0);
		assert_int_equal(buf_add_int(&b, v[i]), 0);
		snprintf(want, sizeof want, "n=%lld", (long long)v[i]);
		holds(&b, want);
		buf_release(&b);
	}
	struct buf c;
	buf_init(&c, 4);
	assert_int_equal(buf_add_int(&c, 12345), -1);
	holds(&c, "");
	buf_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init),     cmocka_unit_test(test_add),
	    cmocka_unit_test(test_cap),	     cmocka_unit_test(test_take),
	    cmocka_unit_test(test_truncate), cmocka_unit_test(test_release_reuse),
	    cmocka_unit_test(test_json),     cmocka_unit_test(test_json_random),
	    cmocka_unit_test(test_json_cap), cmocka_unit_test(test_int),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
