/*
 * Unit tests for src/core/person.c: person_validate's rules in order (name,
 * sex, birth date, document, phone, free text, source), what it derives from
 * a 居民身份证 number, update semantics (fields not given keep the stored
 * value), and the document-type and date helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/idcard.h"
#include "core/person.h"

#define TODAY 20240601

/* A person_in with only a name given (NULL: nothing at all). */
static struct person_in named(const char *name)
{
	struct person_in in;
	memset(&in, 0, sizeof in);
	in.sex = -1;
	in.name = name;
	return in;
}

static void valid(const struct person_in *in, struct person *out, struct person_err *err)
{
	memset(err, 0x5a, sizeof *err); /* stale contents must be cleared */
	if (person_validate(in, TODAY, 0, out, err) != 0)
		fail_msg("refused: code %s field %s", err->code, err->field);
	assert_null(err->code);
	assert_null(err->field);
	assert_null(err->message);
}

/* Refused with `code` on `field`, starting from an empty record. */
static void refused(const struct person_in *in, const char *code, const char *field)
{
	struct person p;
	struct person_err err;
	memset(&p, 0, sizeof p);
	memset(&err, 0x5a, sizeof err);
	if (person_validate(in, TODAY, 0, &p, &err) != -1)
		fail_msg("accepted, want %s", code);
	if (strcmp(err.code, code) || strcmp(err.field, field))
		fail_msg("got %s/%s, want %s/%s", err.code, err.field, code, field);
}

static void test_name(void **state)
{
	struct person p;
	struct person_err e;
	struct person_in in;
	char longname[200];
	(void)state;

	memset(&p, 0, sizeof p);
	in = named("  张三 ");
	valid(&in, &p, &e);
	assert_string_equal(p.name, "张三");
	assert_string_equal(p.name_py, "zs");
	assert_int_equal(p.sex, 0);
	assert_string_equal(p.doc_type, "id_card"); /* the default type */
	assert_string_equal(p.doc_number, "");
	assert_string_equal(p.source, "自排发现"); /* the default source */
	assert_null(e.warning);

	/* full-width letters, ideographic space, tab */
	memset(&p, 0, sizeof p);
	in = named("\xef\xbc\xba\xef\xbc\xa8\xef\xbc\xa1\xef\xbc\xae\xef\xbc\xa7"
		   "\xe3\x80\x80\xe3\x80\x80Wei\t");
	valid(&in, &p, &e);
	assert_string_equal(p.name, "ZHANG Wei");
	assert_string_equal(p.name_py, "zhangwei");
	in = named("阿依古丽·买买提");
	valid(&in, &p, &e);
	assert_string_equal(p.name, "阿依古丽·买买提");

	/* required */
	in = named("");
	refused(&in, "name_required", "name");
	in = named("   ");
	refused(&in, "name_required", "name");
	in = named("\xe3\x80\x80\t\xc2\xa0");
	refused(&in, "name_required", "name");
	in = named("\xe2\x80\x8b"); /* only a zero-width space */
	refused(&in, "name_required", "name");
	in = named(NULL); /* not given and nothing stored */
	refused(&in, "name_required", "name");

	/* at most 50 characters */
	memset(longname, 'a', 50);
	longname[50] = '\0';
	in = named(longname);
	valid(&in, &p, &e);
	assert_int_equal(strlen(p.name), 50);
	longname[50] = 'a';
	longname[51] = '\0';
	in = named(longname);
	refused(&in, "name_too_long", "name");
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	refused(&in, "name_too_long", "name");
	/* 42 Han characters (126 bytes) fit */
	for (int i = 0; i < 42; i++)
		memcpy(longname + 3 * i, "张", 3);
	longname[126] = '\0';
	in = named(longname);
	valid(&in, &p, &e);
	assert_string_equal(p.name, longname);
	/* surrounding spaces do not count */
	memset(longname, ' ', 60);
	memset(longname + 60, 'b', 50);
	memset(longname + 110, ' ', 60);
	longname[170] = '\0';
	in = named(longname);
	valid(&in, &p, &e);
	assert_int_equal(strlen(p.name), 50);
}

static void test_id_card(void **state)
{
	struct person p;
	struct person_err e;
	struct person_in in = named("王芳");
	(void)state;

	memset(&p, 0, sizeof p);
	in.doc_number = "11010519491231002x";
	valid(&in, &p, &e);
	assert_string_equal(p.doc_type, "id_card");
	assert_string_equal(p.doc_number, "11010519491231002X");
	assert_string_equal(p.birth_date, "1949-12-31");
	assert_int_equal(p.sex, 2);
	assert_null(e.warning);

	/* spaces and full-width digits typed by an IME */
	memset(&p, 0, sizeof p);
	in.doc_type = "居民身份证";
	in.doc_number = " 440524 1880\xe3\x80\x80"
			"0101\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91\xef\xbc\x94 ";
	valid(&in, &p, &e);
	assert_string_equal(p.doc_type, "id_card");
	assert_string_equal(p.doc_number, "440524188001010014");
	assert_string_equal(p.birth_date, "1880-01-01");
	assert_int_equal(p.sex, 1);

	/* 15 digits are upgraded to 18 */
	memset(&p, 0, sizeof p);
	in.doc_type = "身份证";
	in.doc_number = "440682700101123";
	valid(&in, &p, &e);
	assert_string_equal(p.doc_number, "44068219700101123X");
	assert_string_equal(p.birth_date, "1970-01-01");
	assert_int_equal(p.sex, 1);

	/* a stated sex and birth date that agree are fine; 0 and 9 give way */
	static const int64_t agree[] = {2, 0, 9};
	for (size_t i = 0; i < sizeof agree / sizeof agree[0]; i++) {
		memset(&p, 0, sizeof p);
		in.doc_type = NULL;
		in.doc_number = "11010519491231002X";
		in.sex = agree[i];
		in.birth_date = i == 0 ? "1949-12-31" : "";
		valid(&in, &p, &e);
		assert_int_equal(p.sex, 2);
		assert_string_equal(p.birth_date, "1949-12-31");
	}

	/* an unknown region is a warning, not an error */
	memset(&p, 0, sizeof p);
	in = named("王芳");
	in.doc_number = "440699199001011236";
	valid(&in, &p, &e);
	assert_string_equal(p.doc_number, "440699199001011236");
	assert_non_null(e.warning);
	assert_string_equal(e.warning, "id_region_unknown");
}

static void test_id_mismatch(void **state)
{
	struct person_in in = named("王芳");
	(void)state;

	in.doc_number = "11010519491231002X"; /* female, 1949-12-31 */
	in.sex = 1;
	refused(&in, "sex_mismatch", "sex");
	in.sex = -1;
	in.birth_date = "1949-12-30";
	refused(&in, "birth_mismatch", "birth_date");
	in.birth_date = "1950-12-31";
	refused(&in, "birth_mismatch", "birth_date");
	/* a malformed date is reported as such, before the comparison */
	in.birth_date = "1949-12-32";
	refused(&in, "date", "birth_date");
	in.birth_date = "1949/12/31";
	refused(&in, "date", "birth_date");
}

/* A birth date is not after today nor before 1900, whatever the document;
 * only an ID number's own date (GB 11643's example is born 1880) is older. */
static void test_birth_range(void **state)
{
	struct person p;
	struct person_err e;
	struct person_in in = named("John Smith");
	(void)state;

	in.doc_type = "passport";
	in.doc_number = "E12345678";
	in.birth_date = "2030-01-01";
	refused(&in, "birth_future", "birth_date");
	in.birth_date = "2024-06-02"; /* the day after TODAY */
	refused(&in, "birth_future", "birth_date");
	in.birth_date = "1899-12-31";
	refused(&in, "birth_early", "birth_date");
	in.birth_date = "2024-06-01"; /* born today */
	valid(&in, &p, &e);
	assert_string_equal(p.birth_date, "2024-06-01");
	in.birth_date = "1900-01-01";
	valid(&in, &p, &e);
	/* no document at all */
	in.doc_type = NULL;
	in.doc_number = NULL;
	in.birth_date = "2025-01-01";
	refused(&in, "birth_future", "birth_date");
	in.birth_date = "1850-05-05";
	refused(&in, "birth_early", "birth_date");
	/* a 居民身份证: a future date is refused as such, not as a mismatch */
	in.doc_type = "id_card";
	in.doc_number = "11010519491231002X";
	in.birth_date = "2030-05-05";
	refused(&in, "birth_future", "birth_date");
	/* the ID number's own date before 1900 is accepted */
	in.doc_number = "440524188001010014";
	in.birth_date = "1880-01-01";
	valid(&in, &p, &e);
	assert_string_equal(p.birth_date, "1880-01-01");
	/* an update giving only the birth date of a stored passport holder */
	memset(&p, 0, sizeof p);
	snprintf(p.name, sizeof p.name, "John Smith");
	snprintf(p.doc_type, sizeof p.doc_type, "passport");
	snprintf(p.doc_number, sizeof p.doc_number, "E12345678");
	in = named(NULL);
	in.birth_date = "2030-01-01";
	assert_int_equal(person_validate(&in, TODAY, 0, &p, &e), -1);
	assert_string_equal(e.code, "birth_future");
	/* today unknown (0): no upper bound, as for ID numbers */
	in.birth_date = "2030-01-01";
	assert_int_equal(person_validate(&in, 0, 0, &p, &e), 0);
}

static void test_id_errors(void **state)
{
	struct person p;
	struct person_err e;
	struct person_in in = named("王芳");
	(void)state;

	static const struct {
		const char *num;
		enum idcard_err err;
	} cases[] = {
	    {"110105194912310021", IDCARD_CHECKSUM}, {"4.40524E+17", IDCARD_EXCEL},
	    {"1101051949123100", IDCARD_LENGTH},     {"11010519491231002A", IDCARD_CHARS},
	    {"440605203001011235", IDCARD_DATE}, /* born after TODAY */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int english = 0; english < 2; english++) {
			memset(&p, 0, sizeof p);
			in.doc_number = cases[i].num;
			assert_int_equal(person_validate(&in, TODAY, english, &p, &e), -1);
			assert_string_equal(e.code, idcard_err_code(cases[i].err));
			assert_string_equal(e.field, "doc_number");
			assert_non_null(e.message);
			assert_string_equal(e.message, idcard_err_message(cases[i].err, english));
		}
	}
	/* the same number is fine when today is later */
	memset(&p, 0, sizeof p);
	in.doc_number = "440605203001011235";
	assert_int_equal(person_validate(&in, 20300101, 0, &p, &e), 0);
	/* absurdly long input is refused, not cut into something valid */
	char big[300];
	memset(big, ' ', sizeof big);
	memcpy(big + sizeof big - 19, "11010519491231002X", 19);
	in.doc_number = big;
	refused(&in, "doc_number", "doc_number");
}

static void test_other_documents(void **state)
{
	struct person p;
	struct person_err e;
	struct person_in in = named("John Smith");
	char n30[40];
	(void)state;

	memset(&p, 0, sizeof p);
	in.doc_type = "passport";
	in.doc_number = " e1234 5678 ";
	in.sex = 1;
	in.birth_date = "1990-05-06";
	valid(&in, &p, &e);
	assert_string_equal(p.doc_type, "passport");
	assert_string_equal(p.doc_number, "E12345678"); /* upper case, no spaces */
	assert_int_equal(p.sex, 1);			/* not derived from anything */
	assert_string_equal(p.birth_date, "1990-05-06");
	assert_null(e.warning);

	/* the Chinese labels are accepted and stored as codes */
	static const char *const labels[][2] = {
	    {"护照", "passport"},
	    {"港澳通行证", "hk_macao_permit"},
	    {"台湾通行证", "taiwan_permit"},
	    {"港澳居住证", "hk_macao_residence"},
	    {"台湾居住证", "taiwan_residence"},
	    {"其他", "other"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		memset(&p, 0, sizeof p);
		in = named("John Smith");
		in.doc_type = labels[i][0];
		in.doc_number = "C1234-5678";
		valid(&in, &p, &e);
		assert_string_equal(p.doc_type, labels[i][1]);
		assert_string_equal(p.doc_number, "C1234-5678");
	}

	/* an ID-shaped number under another type is not checked as an ID */
	memset(&p, 0, sizeof p);
	in.doc_type = "other";
	in.doc_number = "110105194912310021";
	valid(&in, &p, &e);
	assert_string_equal(p.birth_date, "");
	assert_int_equal(p.sex, 0);
	/* full-width characters are normalised */
	in.doc_number = "\xef\xbc\xa5\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94";
	valid(&in, &p, &e);
	assert_string_equal(p.doc_number, "E1234");

	/* 4..30 letters, digits and '-' */
	in = named("John Smith");
	in.doc_type = "passport";
	in.doc_number = "E12";
	refused(&in, "doc_number", "doc_number");
	memset(&p, 0, sizeof p);
	in.doc_number = "E123";
	valid(&in, &p, &e);
	assert_string_equal(p.doc_number, "E123");
	memset(n30, 'A', 30);
	n30[30] = '\0';
	in.doc_number = n30;
	valid(&in, &p, &e);
	assert_string_equal(p.doc_number, n30);
	n30[30] = 'A';
	n30[31] = '\0';
	refused(&in, "doc_number", "doc_number");
	in.doc_number = "E123_4567";
	refused(&in, "doc_number", "doc_number");
	in.doc_number = "E123.4567";
	refused(&in, "doc_number", "doc_number");
	in.doc_number = "护照E1234";
	refused(&in, "doc_number", "doc_number");

	/* unknown document types */
	in.doc_number = "E1234567";
	in.doc_type = "驾驶证";
	refused(&in, "doc_type", "doc_type");
	in.doc_type = "";
	refused(&in, "doc_type", "doc_type");
	in.doc_type = "Passport";
	refused(&in, "doc_type", "doc_type");

	/* an empty number clears it */
	memset(&p, 0, sizeof p);
	in.doc_type = "passport";
	in.doc_number = "E1234567";
	valid(&in, &p, &e);
	in.doc_number = "  ";
	valid(&in, &p, &e);
	assert_string_equal(p.doc_number, "");
}

static void test_phone(void **state)
{
	struct person p;
	struct person_err e;
	struct person_in in = named("李四");
	(void)state;

	memset(&p, 0, sizeof p);
	in.phone = "+86 138-1234-5678";
	valid(&in, &p, &e);
	assert_string_equal(p.phone, "13812345678");
	in.phone = "(0757) 8628 1234";
	valid(&in, &p, &e);
	assert_string_equal(p.phone, "0757-86281234");
	in.phone = "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93"
		   "\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96\xef\xbc\x97\xef\xbc\x98";
	valid(&in, &p, &e);
	assert_string_equal(p.phone, "13812345678");
	/* empty or blank clears the phone */
	in.phone = "";
	valid(&in, &p, &e);
	assert_string_equal(p.phone, "");
	in.phone = "13812345678";
	valid(&in, &p, &e);
	in.phone = "   ";
	valid(&in, &p, &e);
	assert_string_equal(p.phone, "");

	static const char *const bad[] = {"12345",	  "1381234567",	     "138123456789",
					  "12812345678",  "86281234",	     "phone",
					  "13812345678a", "+1 138 1234 5678"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		in.phone = bad[i];
		refused(&in, "phone", "phone");
	}
}

static void test_sex_source_text(void **state)
{
	struct person p;
	struct person_err e;
	struct person_in in = named("李四");
	(void)state;

	static const int64_t sexes[] = {0, 1, 2, 9};
	for (size_t i = 0; i < 4; i++) {
		memset(&p, 0, sizeof p);
		in.sex = sexes[i];
		valid(&in, &p, &e);
		assert_int_equal(p.sex, sexes[i]);
	}
	static const int64_t bad_sexes[] = {3, 8, 10, 19, INT64_MAX};
	for (size_t i = 0; i < sizeof bad_sexes / sizeof bad_sexes[0]; i++) {
		in.sex = bad_sexes[i];
		refused(&in, "sex", "sex");
	}
	in.sex = -1;

	memset(&p, 0, sizeof p);
	in.source = "上级下发";
	valid(&in, &p, &e);
	assert_string_equal(p.source, "上级下发");
	in.source = "自排发现";
	valid(&in, &p, &e);
	assert_string_equal(p.source, "自排发现");
	in.source = "上级";
	refused(&in, "source", "source");
	in.source = "";
	refused(&in, "source", "source");
	in.source = NULL;

	/* free text: full-width ASCII, odd spaces and line breaks folded */
	memset(&p, 0, sizeof p);
	in.address = "  广东省　佛山市\r\n南海区  ５号 ";
	in.hukou = "\xef\xbb\xbf广东\t\t佛山";
	in.notes = "第一行\n第二行\x01";
	valid(&in, &p, &e);
	assert_string_equal(p.address, "广东省 佛山市 南海区 5号");
	assert_string_equal(p.hukou, "广东 佛山");
	assert_string_equal(p.notes, "第一行 第二行");
	assert_string_equal(p.source, "自排发现");
}

static void test_update(void **state)
{
	struct person p, before;
	struct person_err e;
	struct person_in in = named("王芳");
	(void)state;

	memset(&p, 0, sizeof p);
	p.id = 77;
	p.village_id = 5;
	in.doc_number = "11010519491231002X";
	in.phone = "13812345678";
	in.address = "幸福村 1 号";
	in.hukou = "北京";
	in.notes = "备注";
	in.source = "上级下发";
	valid(&in, &p, &e);
	before = p;

	/* nothing given: nothing changes */
	struct person_in nothing = named(NULL);
	valid(&nothing, &p, &e);
	assert_memory_equal(&p, &before, sizeof p);

	/* one field given: only that field changes */
	struct person_in ph = named(NULL);
	ph.phone = "0757-86281234";
	valid(&ph, &p, &e);
	assert_string_equal(p.phone, "0757-86281234");
	assert_string_equal(p.name, "王芳");
	assert_string_equal(p.name_py, before.name_py);
	assert_string_equal(p.doc_number, "11010519491231002X");
	assert_string_equal(p.birth_date, "1949-12-31");
	assert_int_equal(p.sex, 2);
	assert_string_equal(p.address, "幸福村 1 号");
	assert_string_equal(p.hukou, "北京");
	assert_string_equal(p.notes, "备注");
	assert_string_equal(p.source, "上级下发");
	assert_true(p.id == 77);	/* untouched */
	assert_true(p.village_id == 5); /* untouched */

	/* a new name brings a new pinyin key */
	struct person_in nm = named("李娜");
	valid(&nm, &p, &e);
	assert_string_equal(p.name, "李娜");
	assert_string_equal(p.name_py, "ln");
	assert_string_equal(p.doc_number, "11010519491231002X");

	/* an empty string clears an optional field */
	struct person_in clr = named(NULL);
	clr.address = "";
	clr.notes = "";
	valid(&clr, &p, &e);
	assert_string_equal(p.address, "");
	assert_string_equal(p.notes, "");
	assert_string_equal(p.hukou, "北京");

	/* the stored type is kept when only the number changes */
	memset(&p, 0, sizeof p);
	struct person_in pp = named("John");
	pp.doc_type = "passport";
	pp.doc_number = "E1234567";
	valid(&pp, &p, &e);
	struct person_in num = named(NULL);
	num.doc_number = "e7654321";
	valid(&num, &p, &e);
	assert_string_equal(p.doc_type, "passport");
	assert_string_equal(p.doc_number, "E7654321");

	/* a failed update reports the error (the caller discards the record) */
	struct person_in badph = named(NULL);
	badph.phone = "123";
	memset(&e, 0, sizeof e);
	assert_int_equal(person_validate(&badph, TODAY, 0, &p, &e), -1);
	assert_string_equal(e.code, "phone");
}

static void test_date_valid(void **state)
{
	(void)state;
	assert_int_equal(date_valid("2020-02-29"), 1);
	assert_int_equal(date_valid("2019-02-29"), 0);
	assert_int_equal(date_valid("2000-02-29"), 1); /* divisible by 400 */
	assert_int_equal(date_valid("1900-02-29"), 0); /* by 100 only */
	assert_int_equal(date_valid("2019-02-28"), 1);
	assert_int_equal(date_valid("2020-02-30"), 0);
	assert_int_equal(date_valid("2020-12-31"), 1);
	assert_int_equal(date_valid("2020-01-31"), 1);
	assert_int_equal(date_valid("2020-04-30"), 1);
	assert_int_equal(date_valid("2020-04-31"), 0);
	assert_int_equal(date_valid("2020-13-01"), 0);
	assert_int_equal(date_valid("2020-00-10"), 0);
	assert_int_equal(date_valid("2020-01-00"), 0);
	assert_int_equal(date_valid("2020-01-32"), 0);
	assert_int_equal(date_valid("1800-01-01"), 1);
	assert_int_equal(date_valid("1799-12-31"), 0);
	assert_int_equal(date_valid("0000-01-01"), 0);
	assert_int_equal(date_valid("9999-12-31"), 1);
	/* exactly YYYY-MM-DD */
	assert_int_equal(date_valid("2020-1-1"), 0);
	assert_int_equal(date_valid("2020-01-1"), 0);
	assert_int_equal(date_valid("20-01-01"), 0);
	assert_int_equal(date_valid("2020/01/01"), 0);
	assert_int_equal(date_valid("2020.01.01"), 0);
	assert_int_equal(date_valid("20200101"), 0);
	assert_int_equal(date_valid("2020-01-01 "), 0);
	assert_int_equal(date_valid(" 2020-01-01"), 0);
	assert_int_equal(date_valid("2020-01-01T00:00"), 0);
	assert_int_equal(date_valid("2020-0a-01"), 0);
	assert_int_equal(date_valid("+020-01-01"), 0);
	assert_int_equal(date_valid("2020--1-01"), 0);
	assert_int_equal(date_valid("2020-01--1"), 0);
	assert_int_equal(date_valid("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x90-01-01"), 0);
	assert_int_equal(date_valid(""), 0);
	assert_int_equal(date_valid(NULL), 0);
}

static void test_doc_types(void **state)
{
	(void)state;
	for (int t = 0; t < DOC_COUNT; t++) {
		const char *name = doc_type_name((enum doc_type)t);
		assert_non_null(name);
		assert_int_equal(doc_type_from_name(name), t);
		assert_int_equal(doc_type_from_name(doc_type_label(t, 0)), t);
		assert_true(strlen(doc_type_label(t, 1)) > 0);
		assert_string_not_equal(doc_type_label(t, 0), doc_type_label(t, 1));
	}
	assert_string_equal(doc_type_name(DOC_ID_CARD), "id_card");
	assert_string_equal(doc_type_label(DOC_ID_CARD, 0), "居民身份证");
	assert_int_equal(doc_type_from_name("身份证"), DOC_ID_CARD);
	assert_int_equal(doc_type_from_name("二代身份证"), DOC_ID_CARD);
	assert_int_equal(doc_type_from_name("Passport"), -1); /* English labels are not codes */
	assert_int_equal(doc_type_from_name("id_card "), -1);
	assert_int_equal(doc_type_from_name(""), -1);
	assert_int_equal(doc_type_from_name(NULL), -1);
	assert_null(doc_type_name(DOC_COUNT));
	assert_null(doc_type_name((enum doc_type)99));
	assert_string_equal(doc_type_label(-1, 0), "");
	assert_string_equal(doc_type_label(DOC_COUNT, 1), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_name),	cmocka_unit_test(test_id_card),
	    cmocka_unit_test(test_id_mismatch), cmocka_unit_test(test_birth_range),
	    cmocka_unit_test(test_id_errors),	cmocka_unit_test(test_other_documents),
	    cmocka_unit_test(test_phone),	cmocka_unit_test(test_sex_source_text),
	    cmocka_unit_test(test_update),	cmocka_unit_test(test_date_valid),
	    cmocka_unit_test(test_doc_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
