/*
 * Unit tests for core/pinyin: the generated Unihan table (through
 * pinyin_initials_cp), key building with its combination cap and buffer
 * truncation, matching over all readings, and hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/pinyin.h"

#define L(c) (1u << ((c) - 'a'))

/* Key of a NUL-terminated name, built in an exactly sized heap buffer so
 * ASan catches any write past outsz, then copied to res[KEYMAX] (freed
 * before any assertion can jump out, so a failure does not leak). */
#define KEYMAX 4096
static size_t key_of(const char *name, size_t outsz, int max_combos, char *res)
{
	char *out = malloc(outsz ? outsz : 1);
	size_t n, slen;

	assert_non_null(out);
	out[0] = '#';
	n = pinyin_key(name, strlen(name), out, outsz, max_combos);
	slen = outsz ? strnlen(out, outsz) : 0;
	if (outsz)
		memcpy(res, out, slen + (slen < outsz));
	else
		res[0] = '\0';
	free(out);
	assert_true(slen < (outsz ? outsz : 1)); /* NUL-terminated */
	assert_int_equal(n, slen);
	return n;
}

static void assert_key(const char *name, int max_combos, const char *want)
{
	char k[KEYMAX];

	key_of(name, KEYMAX, max_combos, k);
	assert_string_equal(k, want);
}

static int match(const char *name, const char *q)
{
	return pinyin_match(name, strlen(name), q);
}

static size_t count_combos(const char *key)
{
	size_t n = *key ? 1 : 0;

	for (; *key; key++)
		n += *key == ' ';
	return n;
}

static void test_cp_plain(void **state)
{
	(void)state;
	assert_int_equal(pinyin_initials_cp(0x9648), L('c')); /* 陈 chén */
	assert_int_equal(pinyin_initials_cp(0x5609), L('j')); /* 嘉 jiā */
	assert_int_equal(pinyin_initials_cp(0x654F), L('m')); /* 敏 mǐn */
	assert_int_equal(pinyin_initials_cp(0x4E3D), L('l')); /* 丽 lì, lí */
	assert_int_equal(pinyin_initials_cp(0x8D75), L('z')); /* 赵 zhào */
	/* both ends of the dense table, and the sparse one */
	assert_int_equal(pinyin_initials_cp(0x3400), L('q'));  /* 㐀 qiū */
	assert_int_equal(pinyin_initials_cp(0x9FFF), 0);       /* unassigned */
	assert_int_equal(pinyin_initials_cp(0xFA18), L('l'));  /* compat 李 */
	assert_int_equal(pinyin_initials_cp(0x20000), L('h')); /* 𠀀 hē, Ext B */
}

static void test_cp_polyphones(void **state)
{
	(void)state;
	assert_int_equal(pinyin_initials_cp(0x66FE), L('z') | L('c'));		/* 曾 */
	assert_int_equal(pinyin_initials_cp(0x5355), L('s') | L('d') | L('c')); /* 单 */
	assert_int_equal(pinyin_initials_cp(0x89E3), L('x') | L('j'));		/* 解 */
	/* 仇 qiú/chóu, plus jū in the Hanyu Da Zidian */
	assert_int_equal(pinyin_initials_cp(0x4EC7), L('q') | L('c') | L('j'));
	assert_int_equal(pinyin_initials_cp(0x6734), L('p')); /* 朴 piáo/pǔ/pò */
	/* 重 zhòng/chóng, plus tóng in the Hanyu Da Zidian */
	assert_int_equal(pinyin_initials_cp(0x91CD), L('z') | L('c') | L('t'));
	assert_int_equal(pinyin_initials_cp(0x957F), L('c') | L('z')); /* 长 */
	assert_int_equal(pinyin_initials_cp(0x4E50), L('l') | L('y')); /* 乐 */
}

/* Syllables that open with a tone-marked vowel or syllabic nasal. */
static void test_cp_tone_marked_initials(void **state)
{
	(void)state;
	assert_int_equal(pinyin_initials_cp(0x7231), L('a'));	       /* 爱 ài */
	assert_int_equal(pinyin_initials_cp(0x5076), L('o'));	       /* 偶 ǒu */
	assert_int_equal(pinyin_initials_cp(0x9E45), L('e'));	       /* 鹅 é */
	assert_int_equal(pinyin_initials_cp(0x963F), L('a') | L('e')); /* 阿 ā ē */
	assert_int_equal(pinyin_initials_cp(0x55EF), L('n'));	       /* 嗯 ń ň ǹ */
	assert_int_equal(pinyin_initials_cp(0x5452), L('w') | L('m')); /* 呒 wǔ ḿ */
	/* 欸 āi xiè ế ề ê̄: ê with a combining mark counts as e */
	assert_int_equal(pinyin_initials_cp(0x6B38), L('a') | L('e') | L('x'));
}

static void test_cp_not_han(void **state)
{
	(void)state;
	assert_int_equal(pinyin_initials_cp('a'), 0);
	assert_int_equal(pinyin_initials_cp(0), 0);
	assert_int_equal(pinyin_initials_cp(0x00E0), 0);   /* à */
	assert_int_equal(pinyin_initials_cp(0x3002), 0);   /* 。 */
	assert_int_equal(pinyin_initials_cp(0xAC00), 0);   /* 가 */
	assert_int_equal(pinyin_initials_cp(0x110000), 0); /* past Unicode */
	assert_int_equal(pinyin_initials_cp(UINT32_MAX), 0);
}

static void test_key_names(void **state)
{
	(void)state;
	assert_key("陈嘉敏", 64, "cjm");
	assert_key("陈丽敏", 64, "clm");
	assert_key("曾小单", 64, "cxc cxd cxs zxc zxd zxs");
	assert_key("解乐", 64, "jl jy xl xy");
	assert_key("朴重", 64, "pc pt pz");
}

static void test_key_mixed_ascii(void **state)
{
	(void)state;
	/* letters and digits kept lowercased; spaces, "·", punctuation and
	 * non-Han letters dropped */
	assert_key("Zhang San", 64, "zhangsan");
	/* 号 hào, and xiāo in the Hanyu Da Zidian */
	assert_key("李Anna2号", 64, "lanna2h lanna2x");
	assert_key("Zhang San·李", 64, "zhangsanl");
	assert_key("陈-9 à가。", 64, "c9");
	assert_key("A曾", 64, "ac az");
}

static void test_key_empty(void **state)
{
	char out[8] = "xxxxxxx";

	(void)state;
	assert_int_equal(pinyin_key("", 0, out, sizeof(out), 64), 0);
	assert_string_equal(out, "");
	memcpy(out, "xxxxxxx", 8);
	assert_int_equal(pinyin_key(NULL, 0, out, sizeof(out), 64), 0);
	assert_string_equal(out, "");
	/* nothing that makes a position */
	assert_key(" ·。!", 64, "");
	assert_int_equal(pinyin_key("陈", 3, NULL, 0, 64), 0);
}

static void test_key_invalid_utf8(void **state)
{
	/* stray continuation, overlong "/", surrogate, 5-byte lead, 0xFF,
	 * a 4-byte lead past U+10FFFF, and 陈 cut short at the end */
	static const char bad[] = "\x80\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80\xff"
				  "\xf4\x90\x80\x80"
				  "\xe9\x99\x88"
				  "a\xe9\x99";
	char out[32];
	size_t n;

	(void)state;
	n = pinyin_key(bad, sizeof(bad) - 1, out, sizeof(out), 64);
	assert_string_equal(out, "ca");
	assert_int_equal(n, 2);
	assert_true(pinyin_match(bad, sizeof(bad) - 1, "ca"));
	assert_false(pinyin_match(bad, sizeof(bad) - 1, "cac"));
	/* every prefix of the input, so sequences are cut at every byte */
	for (size_t len = 0; len < sizeof(bad); len++) {
		n = pinyin_key(bad, len, out, sizeof(out), 64);
		assert_int_equal(n, strlen(out));
		(void)pinyin_match(bad, len, "c");
	}
	/* len is honoured: the bytes after it are never read */
	assert_int_equal(pinyin_key("陈嘉", 3, out, sizeof(out), 64), 1);
	assert_string_equal(out, "c");
}

static void test_key_max_combos(void **state)
{
	/* 曾2 单3 解2 重3 长2 乐2 readings' initials: 144 combinations */
	const char *name = "曾单解重长乐";
	char k[KEYMAX];
	size_t n;

	(void)state;
	n = key_of(name, KEYMAX, 1000, k);
	assert_int_equal(count_combos(k), 144);
	assert_int_equal(n, 144 * 7 - 1);
	assert_memory_equal(k, "ccjccl ", 7);
	assert_string_equal(k + n - 6, "zsxzzy");
	key_of(name, KEYMAX, 144, k);
	assert_int_equal(count_combos(k), 144);
	key_of(name, KEYMAX, 143, k);
	assert_int_equal(count_combos(k), 72); /* 乐 no longer fits */
	/* 曾 fits (2), 单 would make 6 > 4: it and everything after keep their
	 * kMandarin reading: dān jiě zhòng zhǎng lè */
	assert_key(name, 4, "cdjzzl zdjzzl");
	/* 解 would make 12 > 6 */
	assert_key(name, 6, "ccjzzl cdjzzl csjzzl zcjzzl zdjzzl zsjzzl");
	/* only the customary reading of each character: céng */
	assert_key(name, 1, "cdjzzl");
	assert_key(name, 0, "cdjzzl");
	assert_key(name, -5, "cdjzzl");
	/* once capped, later characters stay capped even if they would fit */
	assert_key("单曾", 2, "dc");
}

static void test_key_truncation(void **state)
{
	static const struct {
		size_t outsz;
		const char *want;
	} cases[] = {
	    {24, "cxc cxd cxs zxc zxd zxs"},
	    {23, "cxc cxd cxs zxc zxd"},
	    {20, "cxc cxd cxs zxc zxd"},
	    {19, "cxc cxd cxs zxc"},
	    {5, "cxc"},
	    {4, "cxc"},
	    {3, ""},
	    {1, ""},
	};
	char sentinel = 'x', k[KEYMAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		key_of("曾小单", cases[i].outsz, 64, k);
		assert_string_equal(k, cases[i].want);
	}
	assert_int_equal(pinyin_key("曾小单", strlen("曾小单"), &sentinel, 0, 64), 0);
	assert_int_equal(sentinel, 'x');
}

/* A long name cannot make the key overflow a small buffer. */
static void test_key_long_name(void **state)
{
	char name[3 * 200 + 1], k[KEYMAX];

	(void)state;
	for (int i = 0; i < 200; i++)
		memcpy(name + 3 * i, "曾", 3);
	name[sizeof(name) - 1] = '\0';
	/* 200 positions never fit in 64 bytes */
	key_of(name, 64, 1 << 20, k);
	assert_string_equal(k, "");
	/* room for exactly one of the 2^20 combinations */
	key_of(name, 202, 1 << 20, k);
	assert_int_equal(strlen(k), 200);
	assert_int_equal(strspn(k, "c"), 200);
	key_of(name, 403, 1 << 20, k);
	assert_int_equal(count_combos(k), 2);
	/* only the first 20 characters vary (2^20 combinations); the last
	 * one varies fastest, and the capped ones keep céng */
	assert_int_equal(k[201 + 19], 'z');
	assert_int_equal(strspn(k + 201 + 20, "c"), 180);
}

static void test_key_ext_b(void **state)
{
	(void)state;
	/* 𠀀 U+20000 is F0 A0 80 80 */
	assert_key("\xf0\xa0\x80\x80", 64, "h");
	assert_key("陈\xf0\xa0\x80\x80敏", 64, "chm");
	assert_true(match("陈\xf0\xa0\x80\x80敏", "chm"));
	assert_true(match("陈\xf0\xa0\x80\x80敏", "hm"));
}

static void test_match_names(void **state)
{
	(void)state;
	assert_true(match("陈嘉敏", "cjm"));
	assert_true(match("陈嘉敏", "CJM"));
	assert_true(match("陈嘉敏", "cj")); /* prefix */
	assert_true(match("陈嘉敏", "jm")); /* substring */
	assert_true(match("陈嘉敏", "m"));
	assert_false(match("陈嘉敏", "clm"));
	assert_false(match("陈嘉敏", "cm")); /* not contiguous */
	assert_false(match("陈嘉敏", "cjmm"));
	assert_true(match("陈丽敏", "clm"));
	assert_false(match("陈丽敏", "cjm"));
	assert_false(match("陈嘉敏", "chen"));
}

static void test_match_polyphones(void **state)
{
	(void)state;
	assert_true(match("曾小单", "zxs"));
	assert_true(match("曾小单", "cxd"));
	assert_true(match("曾小单", "zxc"));
	assert_false(match("曾小单", "zxx"));
	assert_true(match("解", "x") && match("解", "j"));
	assert_true(match("仇", "q") && match("仇", "c"));
	assert_true(match("朴", "p"));
	assert_true(match("重", "z") && match("重", "c"));
	assert_true(match("长", "c") && match("长", "z"));
	assert_true(match("乐", "l") && match("乐", "y"));
	assert_true(match("单", "s") && match("单", "d") && match("单", "c"));
	/* all readings at once, past any combination cap */
	assert_true(match("曾单解重长乐", "zsxccy"));
	assert_true(match("曾单解重长乐", "cdjzzl"));
	assert_false(match("曾单解重长乐", "zsxccyy"));
}

static void test_match_edges(void **state)
{
	(void)state;
	assert_false(match("陈嘉敏", ""));
	assert_false(pinyin_match("陈嘉敏", strlen("陈嘉敏"), NULL));
	assert_false(pinyin_match(NULL, 0, "c"));
	assert_false(match("", "c"));
	assert_true(match("Zhang San", "gs"));
	assert_true(match("李Anna2号", "a2h"));
	assert_true(match("王 2 号", "w2"));
	assert_true(match("买买提·艾力", "mmtal"));
	assert_true(match("买买提·艾力", "tal"));
	assert_false(match("陈嘉敏", "c jm"));
	assert_false(match("陈嘉敏", "陈"));
	assert_false(match("陈嘉敏", "c\xff"));
}

static void test_is_query(void **state)
{
	(void)state;
	assert_true(pinyin_is_query("cjm"));
	assert_true(pinyin_is_query("CjM"));
	assert_true(pinyin_is_query("ab"));
	assert_true(pinyin_is_query("abcdefghijklmnop"));   /* 16 */
	assert_false(pinyin_is_query("abcdefghijklmnopq")); /* 17 */
	assert_false(pinyin_is_query("c"));
	assert_false(pinyin_is_query(""));
	assert_false(pinyin_is_query(NULL));
	assert_false(pinyin_is_query("c1"));
	assert_false(pinyin_is_query("c m"));
	assert_false(pinyin_is_query("陈嘉"));
	assert_false(pinyin_is_query("cj\xff"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cp_plain),
	    cmocka_unit_test(test_cp_polyphones),
	    cmocka_unit_test(test_cp_tone_marked_initials),
	    cmocka_unit_test(test_cp_not_han),
	    cmocka_unit_test(test_key_names),
	    cmocka_unit_test(test_key_mixed_ascii),
	    cmocka_unit_test(test_key_empty),
	    cmocka_unit_test(test_key_invalid_utf8),
	    cmocka_unit_test(test_key_max_combos),
	    cmocka_unit_test(test_key_truncation),
	    cmocka_unit_test(test_key_long_name),
	    cmocka_unit_test(test_key_ext_b),
	    cmocka_unit_test(test_match_names),
	    cmocka_unit_test(test_match_polyphones),
	    cmocka_unit_test(test_match_edges),
	    cmocka_unit_test(test_is_query),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
