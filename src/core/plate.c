/*
 * Licence plate validation; see plate.h.  GA 36-2018: ordinary plates are
 * province + letter + 5 letters/digits (the last may be 挂 学 警 港 澳 领);
 * new-energy plates are province + letter + 6: D or F (electric / hybrid),
 * a letter or digit and four digits for small cars, five digits and D or F
 * for large vehicles.  I and O are not used as letters after the province's
 * letter.
 */
#include "plate.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

static const char *const provinces[][2] = {
    {"京", "北京"},   {"津", "天津"}, {"沪", "上海"}, {"渝", "重庆"},	{"冀", "河北"},
    {"豫", "河南"},   {"云", "云南"}, {"辽", "辽宁"}, {"黑", "黑龙江"}, {"湘", "湖南"},
    {"皖", "安徽"},   {"鲁", "山东"}, {"新", "新疆"}, {"苏", "江苏"},	{"浙", "浙江"},
    {"赣", "江西"},   {"鄂", "湖北"}, {"桂", "广西"}, {"甘", "甘肃"},	{"晋", "山西"},
    {"蒙", "内蒙古"}, {"陕", "陕西"}, {"吉", "吉林"}, {"闽", "福建"},	{"贵", "贵州"},
    {"粤", "广东"},   {"青", "青海"}, {"藏", "西藏"}, {"川", "四川"},	{"宁", "宁夏"},
    {"琼", "海南"}};
#define NPROV (sizeof provinces / sizeof provinces[0])

static int province_index(const char *s)
{
	for (size_t i = 0; i < NPROV; i++)
		if (!strncmp(s, provinces[i][0], 3))
			return (int)i;
	return -1;
}

const char *plate_province(const char *plate)
{
	int i = plate ? province_index(plate) : -1;
	return i < 0 ? "" : provinces[i][1];
}

static int is_alnum_up(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O');
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Small cars: D or F, a letter or digit, four digits (粤AD12345). */
static int new_energy_small(const char *r)
{
	return (r[0] == 'D' || r[0] == 'F') && digits(r + 2, 4);
}

/* Large vehicles: five digits, then D or F (粤A12345D). */
static int new_energy_large(const char *r)
{
	return digits(r, 5) && (r[5] == 'D' || r[5] == 'F');
}

enum plate_kind plate_parse(const char *s, size_t len, char *out, size_t outsz)
{
	char norm[64], p[64];
	size_t n = text_normalize(s, len < 63 ? len : 63, norm, sizeof norm), k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && k + 1 < sizeof p;) {
		if (norm[i] == ' ' || norm[i] == '-' || norm[i] == '.') {
			i++;
		} else if (i + 2 <= n && !memcmp(norm + i, "\xc2\xb7", 2)) { /* · */
			i += 2;
		} else {
			char c = norm[i++];
			p[k++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
		}
	}
	p[k] = '\0';
	if (!strcmp(p, "无车牌") || !strcmp(p, "无牌") || !strcmp(p, "无")) {
		snprintf(out, outsz, "无车牌");
		return PLATE_NONE;
	}
	if (k < 3 + 6 || province_index(p) < 0 || p[3] < 'A' || p[3] > 'Z')
		return PLATE_INVALID;
	const char *rest = p + 4;
	size_t rl = strlen(rest);
	static const char *const tails[] = {"挂", "学", "警", "港", "澳", "领"};
	if (rl == 5 + 2 || rl == 4 + 3) {
		/* 4 characters + a 3-byte tail character */
		for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++)
			if (rl == 7 && !strcmp(rest + 4, tails[t])) {
				for (int i = 0; i < 4; i++)
					if (!is_alnum_up(rest[i]))
						return PLATE_INVALID;
				snprintf(out, outsz, "%s", p);
				return PLATE_ORDINARY;
			}
	}
	for (size_t i = 0; i < rl; i++)
		if (!is_alnum_up(rest[i]))
			return PLATE_INVALID;
	if (rl == 5) {
		snprintf(out, outsz, "%s", p);
		return PLATE_ORDINARY;
	}
	if (rl == 6 && (new_energy_small(rest) || new_energy_large(rest))) {
		snprintf(out, outsz, "%s", p);
		return PLATE_NEW_ENERGY;
	}
	return PLATE_INVALID;
}
