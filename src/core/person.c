/*
 * Person validation; see person.h.  The rules, in order: name required and
 * ≤ 50 characters; document type known; 居民身份证 numbers valid per GB 11643
 * (15-digit upgraded), with sex and birth date derived and cross-checked;
 * a birth date given is not after today nor (unless an ID number carries
 * it) before 1900;
 * other documents 4–30 letters/digits; phone a mainland mobile or landline;
 * free text normalised (full-width characters, stray spaces).
 */
#include "person.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "idcard.h"
#include "phone.h"
#include "pinyin.h"
#include "text.h"

static const char *const doc_names[DOC_COUNT] = {
    "id_card",		"passport", "hk_macao_permit", "taiwan_permit", "hk_macao_residence",
    "taiwan_residence", "other"};
static const char *const doc_zh[DOC_COUNT] = {
    "居民身份证", "护照", "港澳通行证", "台湾通行证", "港澳居住证", "台湾居住证", "其他"};
static const char *const doc_en[DOC_COUNT] = {"Resident ID card",
					      "Passport",
					      "HK/Macao permit",
					      "Taiwan permit",
					      "HK/Macao residence permit",
					      "Taiwan residence permit",
					      "Other"};

const char *doc_type_name(enum doc_type t)
{
	return t < DOC_COUNT ? doc_names[t] : NULL;
}

int doc_type_from_name(const char *s)
{
	for (int i = 0; s && i < DOC_COUNT; i++)
		if (strcmp(s, doc_names[i]) == 0 || strcmp(s, doc_zh[i]) == 0)
			return i;
	if (s && (strcmp(s, "身份证") == 0 || strcmp(s, "二代身份证") == 0))
		return DOC_ID_CARD;
	return -1;
}

const char *doc_type_label(int t, int english)
{
	if (t < 0 || t >= DOC_COUNT)
		return "";
	return english ? doc_en[t] : doc_zh[t];
}

int date_valid(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1800 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

/* YYYYMMDD of a date_valid() string. */
static int ymd_of(const char *s)
{
	int v = 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7)
			v = v * 10 + (s[i] - '0');
	return v;
}

static void norm_into(const char *s, char *out, size_t n)
{
	if (s)
		text_normalize(s, strlen(s), out, n);
}

static int fail(struct person_err *err, const char *code, const char *field)
{
	err->code = code;
	err->field = field;
	return -1;
}

static int check_document(const struct person_in *in, int today, int english, struct person *out,
			  struct person_err *err)
{
	if (in->doc_type) {
		int t = doc_type_from_name(in->doc_type);
		if (t < 0)
			return fail(err, "doc_type", "doc_type");
		snprintf(out->doc_type, sizeof out->doc_type, "%s", doc_names[t]);
	}
	if (!out->doc_type[0])
		snprintf(out->doc_type, sizeof out->doc_type, "id_card");
	if (!in->doc_number) {
		/* no new number: the stored one must still fit its (maybe new)
		 * type, and a changed sex/birth date must still match it */
		if (!out->doc_number[0])
			return 0;
		struct person_in again = *in;
		again.doc_number = out->doc_number;
		return check_document(&again, today, english, out, err);
	}
	char num[sizeof out->doc_number];
	if (strlen(in->doc_number) >= 128)
		return fail(err, "doc_number", "doc_number");
	char raw[128];
	text_normalize(in->doc_number, strlen(in->doc_number), raw, sizeof raw);
	text_strip_spaces(raw);
	if (strlen(raw) >= sizeof num)
		return fail(err, "doc_number", "doc_number");
	memcpy(num, raw, strlen(raw) + 1);
	if (!num[0]) {
		out->doc_number[0] = '\0';
		return 0;
	}
	if (strcmp(out->doc_type, "id_card") != 0) {
		size_t l = strlen(num);
		for (size_t i = 0; i < l; i++)
			if (!isalnum((unsigned char)num[i]) && num[i] != '-')
				return fail(err, "doc_number", "doc_number");
		if (l < 4 || l > 30)
			return fail(err, "doc_number", "doc_number");
		for (size_t i = 0; i < l; i++)
			num[i] = (char)toupper((unsigned char)num[i]);
		snprintf(out->doc_number, sizeof out->doc_number, "%s", num);
		return 0;
	}
	struct idcard id;
	enum idcard_err e = idcard_parse(num, strlen(num), today, &id);
	if (e != IDCARD_OK) {
		err->message = idcard_err_message(e, english);
		return fail(err, idcard_err_code(e), "doc_number");
	}
	snprintf(out->doc_number, sizeof out->doc_number, "%s", id.number);
	char bd[11];
	snprintf(bd, sizeof bd, "%04d-%02d-%02d", id.year, id.month, id.day);
	if (in->birth_date && in->birth_date[0] && strcmp(in->birth_date, bd) != 0)
		return fail(err, "birth_mismatch", "birth_date");
	if (in->sex > 0 && in->sex != 9 && in->sex != id.sex)
		return fail(err, "sex_mismatch", "sex");
	memcpy(out->birth_date, bd, sizeof bd);
	out->sex = id.sex;
	if (!id.region_known)
		err->warning = "id_region_unknown";
	return 0;
}

int person_validate(const struct person_in *in, int today, int english, struct person *out,
		    struct person_err *err)
{
	memset(err, 0, sizeof *err);
	if (in->name) {
		char n[256];
		text_normalize(in->name, strlen(in->name), n, sizeof n);
		if (!n[0])
			return fail(err, "name_required", "name");
		if (text_utf8_chars(n, strlen(n)) > 50)
			return fail(err, "name_too_long", "name");
		snprintf(out->name, sizeof out->name, "%s", n);
		pinyin_key(n, strlen(n), out->name_py, sizeof out->name_py, 16);
	}
	if (!out->name[0])
		return fail(err, "name_required", "name");
	if (in->sex != -1) {
		if (in->sex != 0 && in->sex != 1 && in->sex != 2 && in->sex != 9)
			return fail(err, "sex", "sex");
		out->sex = (int)in->sex;
	}
	if (in->birth_date) {
		if (in->birth_date[0] && !date_valid(in->birth_date))
			return fail(err, "date", "birth_date");
		if (in->birth_date[0] && today > 0 && ymd_of(in->birth_date) > today)
			return fail(err, "birth_future", "birth_date");
		snprintf(out->birth_date, sizeof out->birth_date, "%s", in->birth_date);
	}
	if (check_document(in, today, english, out, err) < 0)
		return -1;
	/* Before 1900 only as the date an ID number itself carries (GB 11643's
	 * own example is born 1880; check_document made them agree). */
	if (in->birth_date && in->birth_date[0] && strcmp(in->birth_date, "1900-01-01") < 0 &&
	    !(strcmp(out->doc_type, "id_card") == 0 && out->doc_number[0]))
		return fail(err, "birth_early", "birth_date");
	if (in->phone) {
		char blank[64];
		size_t pl = strlen(in->phone);
		text_normalize(in->phone, pl < 63 ? pl : 63, blank, sizeof blank);
		if (!blank[0]) {
			out->phone[0] = '\0';
		} else if (phone_normalize(in->phone, pl, out->phone, sizeof out->phone) ==
			   PHONE_INVALID) {
			return fail(err, "phone", "phone");
		}
	}
	norm_into(in->address, out->address, sizeof out->address);
	norm_into(in->hukou, out->hukou, sizeof out->hukou);
	norm_into(in->notes, out->notes, sizeof out->notes);
	if (in->source) {
		if (strcmp(in->source, "上级下发") != 0 && strcmp(in->source, "自排发现") != 0)
			return fail(err, "source", "source");
		snprintf(out->source, sizeof out->source, "%s", in->source);
	}
	if (!out->source[0])
		snprintf(out->source, sizeof out->source, "自排发现");
	return 0;
}
