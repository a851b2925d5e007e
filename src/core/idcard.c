/*
 * Resident ID numbers (GB 11643-1999); see idcard.h.  Called for every row
 * of an imported list and every form submission, on input that has been
 * through Excel, WeChat and phone keyboards: clean the text first, then test
 * the rules from the most actionable failure (Excel damage, wrong characters,
 * wrong length) to the least (date, check character).
 */
#include "idcard.h"

#include <string.h>

#include "region.h"
#include "text.h"

/* Longest cleaned input considered; anything longer is a length error. */
#define IDCARD_IN_MAX 128

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char check_chars[] = "10X98765432";

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Value of n ASCII digits the caller has already checked. */
static int digits_value(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

char idcard_check_char(const char *first17)
{
	int sum = 0;

	if (!first17)
		return '\0';
	for (int i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			return '\0';
		sum += (first17[i] - '0') * weights[i];
	}
	return check_chars[sum % 11];
}

/* What Excel shows for a long number: "4.40524E+17", "4.40524e17",
 * "440524188001010000.0".  Digits alone are left to the other rules. */
static int looks_like_excel(const char *t)
{
	size_t i = 0, digits = 0;
	int dot = 0, exp = 0;

	for (; is_digit(t[i]); i++)
		digits++;
	if (t[i] == '.') {
		dot = 1;
		for (i++; is_digit(t[i]); i++)
			digits++;
	}
	if (!digits)
		return 0;
	if (t[i] == 'e' || t[i] == 'E') {
		i++;
		if (t[i] == '+' || t[i] == '-')
			i++;
		if (!is_digit(t[i]))
			return 0;
		while (is_digit(t[i]))
			i++;
		exp = 1;
	}
	return t[i] == '\0' && (dot || exp);
}

static int valid_date(int y, int m, int d, int today)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1800 || m < 1 || m > 12 || d < 1)
		return 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return 0;
	return today <= 0 || y * 10000 + m * 100 + d <= today;
}

/* Digits everywhere, an X (either case) only as the last character. */
static int valid_chars(char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (is_digit(t[i]))
			continue;
		if (i + 1 == len && (t[i] == 'x' || t[i] == 'X')) {
			t[i] = 'X';
			continue;
		}
		return 0;
	}
	return 1;
}

enum idcard_err idcard_parse(const char *s, size_t len, int today, struct idcard *out)
{
	char t[IDCARD_IN_MAX];
	char n[19];
	size_t tlen;

	memset(out, 0, sizeof(*out));
	if (!s)
		len = 0;
	if (!text_utf8_valid(s, len))
		return IDCARD_CHARS;
	if (text_normalize(s, len, t, sizeof(t)) == sizeof(t) - 1)
		return IDCARD_LENGTH; /* possibly cut short: far too long anyway */
	text_strip_spaces(t);
	tlen = strlen(t);
	if (!tlen)
		return IDCARD_EMPTY;
	if (looks_like_excel(t))
		return IDCARD_EXCEL;
	if (!valid_chars(t, tlen))
		return IDCARD_CHARS;
	if (tlen == 15 && t[14] != 'X') {
		memcpy(n, t, 6);
		memcpy(n + 6, "19", 2);
		memcpy(n + 8, t + 6, 9);
		n[17] = idcard_check_char(n);
	} else if (tlen == 18) {
		memcpy(n, t, 18);
	} else {
		return IDCARD_LENGTH;
	}
	n[18] = '\0';

	int y = digits_value(n + 6, 4), m = digits_value(n + 10, 2), d = digits_value(n + 12, 2);
	if (!valid_date(y, m, d, today))
		return IDCARD_DATE;
	char want = idcard_check_char(n);
	if (n[17] != want)
		return memcmp(n + 15, "000", 3) ? IDCARD_CHECKSUM : IDCARD_EXCEL;

	memcpy(out->number, n, sizeof(out->number));
	out->year = y;
	out->month = m;
	out->day = d;
	out->sex = (n[16] - '0') % 2 ? 1 : 2;
	memcpy(out->region, n, 6);
	out->region[6] = '\0';
	out->region_known = region_lookup(n, NULL);
	out->upgraded = tlen == 15;
	return IDCARD_OK;
}

static const struct {
	const char *code, *zh, *en;
} messages[] = {
    [IDCARD_OK] = {"ok", "身份证号有效", "ID number is valid"},
    [IDCARD_EMPTY] = {"id_empty", "身份证号为空", "ID number is empty"},
    [IDCARD_EXCEL] = {"id_excel", "身份证号被 Excel 转成了数字（科学计数法），请提供原始文本",
		      "ID number was turned into a number by Excel (scientific notation or "
		      "last digits 000); please provide the original text"},
    [IDCARD_CHARS] = {"id_chars", "身份证号只能包含数字，最后一位可以是 X",
		      "ID number may contain only digits, with X allowed as the last "
		      "character"},
    [IDCARD_LENGTH] = {"id_length", "身份证号应为18位（旧版15位）",
		       "ID number must have 18 characters (15 digits on old cards)"},
    [IDCARD_DATE] =
	{"id_date", "身份证号中的出生日期无效（日期不存在、早于1800年或晚于今天）",
	 "birth date in the ID number is not a real date, before 1800 or in the future"},
    [IDCARD_CHECKSUM] = {"id_checksum",
			 "身份证号校验位错误（最后一位与前17位不符），请核对是否抄错",
			 "ID number check character does not match the first 17 digits; "
			 "check for a typing error"},
};

const char *idcard_err_code(enum idcard_err e)
{
	if ((unsigned)e >= sizeof(messages) / sizeof(messages[0]))
		return "id_invalid";
	return messages[e].code;
}

const char *idcard_err_message(enum idcard_err e, int english)
{
	if ((unsigned)e >= sizeof(messages) / sizeof(messages[0]))
		return english ? "invalid ID number" : "身份证号无效";
	return english ? messages[e].en : messages[e].zh;
}
