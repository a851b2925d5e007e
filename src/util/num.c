/* Checked integer and fixed-point parsing; see num.h. */
#include "num.h"

#include <string.h>

int num_parse_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0, lim;
	if (len && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || len > 20)
		return -1;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (lim - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	int64_t r = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
	if (r < min || r > max)
		return -1;
	*out = r;
	return 0;
}

int num_parse(const char *s, int64_t min, int64_t max, int64_t *out)
{
	return s ? num_parse_i64(s, strlen(s), min, max, out) : -1;
}

int num_parse_fixed(const char *s, int frac, int64_t min, int64_t max, int64_t *out)
{
	char digits[32];
	size_t n = 0, len = s ? strlen(s) : 0;
	const char *dot = s ? memchr(s, '.', len) : NULL;
	size_t ilen = dot ? (size_t)(dot - s) : len;
	size_t flen = dot ? len - ilen - 1 : 0;
	if (!s || ilen == 0 || ilen + (size_t)frac >= sizeof digits || flen > (size_t)frac ||
	    (dot && flen == 0))
		return -1;
	memcpy(digits, s, ilen);
	n = ilen;
	for (int i = 0; i < frac; i++)
		digits[n++] = (size_t)i < flen ? dot[1 + i] : '0';
	if (dot && (dot[1] == '-'))
		return -1;
	if (ilen == 1 && s[0] == '-')
		return -1; /* "-", "-.5": no integer digit */
	return num_parse_i64(digits, n, min, max, out);
}
