/*
 * Calendar arithmetic; see date.h.  days_from_civil / civil_from_days after
 * Howard Hinnant's public-domain algorithms: exact, branch-light, no tables.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"

int64_t date_days(int ymd)
{
	int64_t y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int date_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return (int)(y * 10000 + m * 100 + d);
}

int date_add(int ymd, int n)
{
	return date_from_days(date_days(ymd) + n);
}

int date_diff(int a, int b)
{
	return (int)(date_days(b) - date_days(a));
}

int date_ok(int ymd)
{
	int y = ymd / 10000;
	return y >= 1800 && y <= 9999 && date_from_days(date_days(ymd)) == ymd;
}

int date_parse(const char *s, int *ymd)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int v = 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (!date_ok(v))
		return -1;
	*ymd = v;
	return 0;
}

void date_format(int ymd, char *out, size_t outsz)
{
	snprintf(out, outsz, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100, ymd % 100);
}

int64_t date_local_time(int ymd, int64_t secs)
{
	return date_days(ymd) * 86400 + secs - CLOCK_TZ_OFFSET;
}

int date_parse_local_time(const char *s, int64_t *t)
{
	char d[11];
	int h, m, sec = 0;
	size_t n = s ? strlen(s) : 0;
	if (n < 16 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':')
		return -1;
	memcpy(d, s, 10);
	d[10] = '\0';
	int ymd;
	if (date_parse(d, &ymd) < 0)
		return -1;
	for (size_t i = 11; i < n; i++)
		if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return -1;
	h = (s[11] - '0') * 10 + (s[12] - '0');
	m = (s[14] - '0') * 10 + (s[15] - '0');
	if (n == 19 && s[16] == ':')
		sec = (s[17] - '0') * 10 + (s[18] - '0');
	else if (n != 16)
		return -1;
	if (h > 23 || m > 59 || sec > 59)
		return -1;
	*t = date_local_time(ymd, h * 3600 + m * 60 + sec);
	return 0;
}
