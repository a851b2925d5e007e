/*
 * Header recognition and date parsing for key-person lists; see listmap.h.
 * The synonym table comes from real 2020 lists (DOMAIN.md); matching is on
 * the normalised header text (full-width → ASCII, spaces, brackets, colons
 * and asterisks removed), first exactly, then by a distinctive substring.
 */
#include "listmap.h"

#include <string.h>

#include "date.h"
#include "text.h"

static const char *const names[LF_COUNT] = {
    "",	      "name",	 "doc_number", "doc_type", "phone", "address", "hukou", "village",
    "origin", "arrival", "transport",  "vehicle",  "sex",   "age",     "note"};
static const char *const labels_zh[LF_COUNT] = {
    "（不导入）", "姓名",	    "证件号码", "证件类型", "联系电话",
    "现住址",	  "户籍地址",	    "所属村居", "来源地",   "到达日期",
    "交通方式",	  "车次/航班/车牌", "性别",	"年龄",	    "备注"};
static const char *const labels_en[LF_COUNT] = {"(skip)",
						"Name",
						"Document number",
						"Document type",
						"Phone",
						"Current address",
						"Household address",
						"Village",
						"Origin",
						"Arrival date",
						"Transport",
						"Train/flight/plate",
						"Sex",
						"Age",
						"Note"};

const char *list_field_name(int f)
{
	return f >= 0 && f < LF_COUNT ? names[f] : "";
}

const char *list_field_label(int f, int english)
{
	if (f < 0 || f >= LF_COUNT)
		return "";
	return english ? labels_en[f] : labels_zh[f];
}

int list_field_from_name(const char *s)
{
	for (int i = 0; s && i < LF_COUNT; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

struct syn {
	const char *text;
	int field;
};

/* Exact header texts (normalised). */
static const struct syn exact[] = {
    {"姓名", LF_NAME},
    {"名字", LF_NAME},
    {"人员姓名", LF_NAME},
    {"旅客姓名", LF_NAME},
    {"身份证号", LF_DOC_NUMBER},
    {"身份证号码", LF_DOC_NUMBER},
    {"证件号码", LF_DOC_NUMBER},
    {"证件号", LF_DOC_NUMBER},
    {"公民身份号码", LF_DOC_NUMBER},
    {"身份证", LF_DOC_NUMBER},
    {"证件类型", LF_DOC_TYPE},
    {"联系电话", LF_PHONE},
    {"手机", LF_PHONE},
    {"手机号", LF_PHONE},
    {"手机号码", LF_PHONE},
    {"电话", LF_PHONE},
    {"电话号码", LF_PHONE},
    {"联系方式", LF_PHONE},
    {"现住址", LF_ADDRESS},
    {"现居住地址", LF_ADDRESS},
    {"居住地址", LF_ADDRESS},
    {"详细地址", LF_ADDRESS},
    {"现住地址", LF_ADDRESS},
    {"现居住地", LF_ADDRESS},
    {"住址", LF_ADDRESS},
    {"地址", LF_ADDRESS},
    {"常住地址", LF_HUKOU},
    {"户籍地址", LF_HUKOU},
    {"户籍地", LF_HUKOU},
    {"户籍所在地", LF_HUKOU},
    {"所属村居", LF_VILLAGE},
    {"村居", LF_VILLAGE},
    {"村居", LF_VILLAGE},
    {"社区", LF_VILLAGE},
    {"村委会", LF_VILLAGE},
    {"所属社区", LF_VILLAGE},
    {"所属村", LF_VILLAGE},
    {"所在村居", LF_VILLAGE},
    {"村社区", LF_VILLAGE},
    {"来源地", LF_ORIGIN},
    {"途经地", LF_ORIGIN},
    {"出发地", LF_ORIGIN},
    {"来源地途经地", LF_ORIGIN},
    {"从何地来", LF_ORIGIN},
    {"到达日期", LF_ARRIVAL},
    {"返回日期", LF_ARRIVAL},
    {"抵达时间", LF_ARRIVAL},
    {"返乡时间", LF_ARRIVAL},
    {"到达时间", LF_ARRIVAL},
    {"返回时间", LF_ARRIVAL},
    {"抵达日期", LF_ARRIVAL},
    {"到达返回日期", LF_ARRIVAL},
    {"来返日期", LF_ARRIVAL},
    {"返佛时间", LF_ARRIVAL},
    {"交通方式", LF_TRANSPORT},
    {"交通工具", LF_TRANSPORT},
    {"车次", LF_VEHICLE},
    {"航班号", LF_VEHICLE},
    {"车牌号", LF_VEHICLE},
    {"车次航班号车牌号", LF_VEHICLE},
    {"车次航班号", LF_VEHICLE},
    {"航班车次", LF_VEHICLE},
    {"性别", LF_SEX},
    {"年龄", LF_AGE},
    {"备注", LF_NOTE},
    {"说明", LF_NOTE},
};

/* Distinctive substrings for longer headers ("身份证号码（必填）"). */
static const struct syn contains[] = {
    {"身份证", LF_DOC_NUMBER}, {"证件号", LF_DOC_NUMBER},  {"身份号码", LF_DOC_NUMBER},
    {"手机", LF_PHONE},	       {"电话", LF_PHONE},	   {"现住", LF_ADDRESS},
    {"现居", LF_ADDRESS},      {"居住地址", LF_ADDRESS},   {"户籍", LF_HUKOU},
    {"常住地", LF_HUKOU},      {"村居", LF_VILLAGE},	   {"所属社区", LF_VILLAGE},
    {"来源地", LF_ORIGIN},     {"途经", LF_ORIGIN},	   {"出发地", LF_ORIGIN},
    {"到达", LF_ARRIVAL},      {"抵达", LF_ARRIVAL},	   {"返回", LF_ARRIVAL},
    {"返乡", LF_ARRIVAL},      {"交通方式", LF_TRANSPORT}, {"车次", LF_VEHICLE},
    {"航班", LF_VEHICLE},      {"车牌", LF_VEHICLE},	   {"姓名", LF_NAME},
    {"备注", LF_NOTE},
};

/* Normalise a header: full-width → ASCII, drop spaces, brackets, slashes,
 * colons, asterisks, digits-with-dot prefixes ("1.姓名").  With `groups`,
 * bracketed remarks go with their brackets ("社区（必填）" → "社区"). */
static size_t header_norm(const char *s, size_t len, char *out, size_t outsz, int groups,
			  int *brackets)
{
	char tmp[256];
	size_t n = text_normalize(s, len < 255 ? len : 255, tmp, sizeof tmp), k = 0;
	static const char *const drop[] = {"（", "）", "【", "】", "：", "、", "／", "＊"};
	int depth = 0;
	for (size_t i = 0; i < n && k + 1 < outsz;) {
		unsigned char c = (unsigned char)tmp[i];
		int wide = i + 3 <= n && (!memcmp(tmp + i, "【", 3) || !memcmp(tmp + i, "】", 3));
		int open = c == '(' || c == '[' || (wide && !memcmp(tmp + i, "【", 3));
		int close = c == ')' || c == ']' || (wide && !memcmp(tmp + i, "】", 3));
		if (open || close)
			*brackets = 1;
		if (groups && (open || close)) {
			depth += open ? 1 : depth > 0 ? -1 : 0;
			i += wide ? 3 : 1;
			continue;
		}
		if (depth > 0 || c == ' ' || c == '(' || c == ')' || c == '/' || c == ':' ||
		    c == '*' || c == '[' || c == ']' || c == '\\' || c == '-' || c == '_' ||
		    c == '.' || (c >= '0' && c <= '9')) {
			i++;
			continue;
		}
		int skipped = 0;
		for (size_t d = 0; d < sizeof drop / sizeof drop[0]; d++) {
			size_t dl = strlen(drop[d]);
			if (i + dl <= n && !memcmp(tmp + i, drop[d], dl)) {
				i += dl;
				skipped = 1;
				break;
			}
		}
		if (!skipped)
			out[k++] = tmp[i++];
	}
	out[k] = '\0';
	return k;
}

static int exact_field(const char *h)
{
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (!strcmp(h, exact[i].text))
			return exact[i].field;
	return LF_NONE;
}

int list_header_field(const char *cell, size_t len)
{
	char h[256], bare[256];
	int brackets = 0;
	size_t n = header_norm(cell, len, h, sizeof h, 0, &brackets);
	if (!n || n > 60)
		return LF_NONE;
	int f = exact_field(h);
	/* then without bracketed remarks: "社区（必填）", "年龄（岁）" (without
	 * brackets that is h again: every data row's name cell is asked) */
	if (f == LF_NONE && brackets && header_norm(cell, len, bare, sizeof bare, 1, &brackets))
		f = exact_field(bare);
	for (size_t i = 0; f == LF_NONE && i < sizeof contains / sizeof contains[0]; i++)
		if (strstr(h, contains[i].text))
			f = contains[i].field;
	return f;
}

int list_header_score(const char *const *cells, const size_t *lens, int n, int *has_key)
{
	unsigned seen = 0;
	int score = 0;
	*has_key = 0;
	for (int i = 0; i < n; i++) {
		int f = list_header_field(cells[i], lens[i]);
		if (f == LF_NONE || (seen & (1u << f)))
			continue;
		seen |= 1u << f;
		score++;
		if (f == LF_NAME || f == LF_DOC_NUMBER)
			*has_key = 1;
	}
	return score;
}

/* Read up to `max` digits at *p; -1 if none. */
static int digits(const char **p, const char *end, int max)
{
	int v = 0, n = 0;
	while (*p < end && n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

/* Skip one separator: - / . 年 月 or nothing; returns 1 if one was skipped. */
static int sep(const char **p, const char *end)
{
	if (*p < end && (**p == '-' || **p == '/' || **p == '.')) {
		(*p)++;
		return 1;
	}
	static const char *const cjk[] = {"年", "月"};
	for (int i = 0; i < 2; i++) {
		size_t l = strlen(cjk[i]);
		if ((size_t)(end - *p) >= l && !memcmp(*p, cjk[i], l)) {
			*p += l;
			return 1;
		}
	}
	return 0;
}

/* After the date: nothing, 日/号, or a time part. */
static int tail_ok(const char *p, const char *end)
{
	if ((size_t)(end - p) >= 3 && (!memcmp(p, "日", 3) || !memcmp(p, "号", 3)))
		p += 3;
	return p == end || *p == ' ' || *p == 'T' || (unsigned char)*p >= 0x80;
}

int list_parse_date(const char *s, size_t len, int default_year)
{
	char buf[64];
	size_t n = text_normalize(s, len < 63 ? len : 63, buf, sizeof buf);
	const char *p = buf, *end = buf + n;
	int y, m, d;
	if (n >= 8 && strspn(buf, "0123456789") == 8 &&
	    (n == 8 || buf[8] == ' ' || buf[8] == 'T')) {
		/* 20200126, maybe with a time */
		int v = 0;
		for (int i = 0; i < 8; i++)
			v = v * 10 + (buf[i] - '0');
		return date_ok(v) ? v : 0;
	}
	const char *q = p;
	int a = digits(&q, end, 4);
	int year_first = q - p == 4; /* "12月" is a month: five bytes too */
	if (a < 0 || !sep(&q, end))
		return 0;
	if (year_first) {
		y = a;
		m = digits(&q, end, 2);
		if (m < 0 || !sep(&q, end))
			return 0;
		d = digits(&q, end, 2);
	} else { /* month first, year from the list */
		y = default_year;
		m = a;
		d = digits(&q, end, 2);
	}
	if (d < 0 || !tail_ok(q, end) || y < 1900 || y > 2100)
		return 0;
	int v = y * 10000 + m * 100 + d;
	return date_ok(v) ? v : 0;
}

int list_excel_date(double serial, int date1904)
{
	if (!(serial >= 1 && serial < 2958466))
		return 0;
	int64_t whole = (int64_t)serial;
	int64_t base;
	if (date1904) {
		base = date_days(19040101);
	} else {
		/* 1900 system: serial 1 = 1900-01-01, and Excel counts a
		 * 1900-02-29 that never was, so serials from 61 are one ahead */
		if (whole == 60)
			return 0;
		base = date_days(19000101) - 1 - (whole > 60);
	}
	return date_from_days(base + whole);
}

/* Whether `key` occurs in `address` other than as the name of a town
 * ("里水镇" does not place anyone in 里水社区). */
static int names_village(const char *address, const char *key, size_t l)
{
	for (const char *p = strstr(address, key); p; p = strstr(p + 1, key)) {
		const char *after = p + l;
		if (strncmp(after, "镇", 3) && strncmp(after, "乡", 3) && strncmp(after, "街道", 6))
			return 1;
	}
	return 0;
}

int list_village_in_address(const char *address, const char *const *keys, int n)
{
	int best = -1;
	size_t best_len = 0;
	for (int i = 0; address && i < n; i++) {
		size_t l = keys[i] ? strlen(keys[i]) : 0;
		/* a key must be at least two characters: "村" alone matches everything */
		if (l < 6 || l <= best_len || !names_village(address, keys[i], l))
			continue;
		best = i;
		best_len = l;
	}
	return best;
}
