/*
 * Mainland China phone numbers to one canonical form; see phone.h.  Called
 * per imported row and per form field, on short strings.  The text is
 * cleaned (full-width to ASCII), an extension after a word marker is split
 * off, the rest is cut into digit groups at separators, and the groups are
 * read as a mobile, or as area code + local number (+ extension).
 *
 * The area code length follows from its digits (010 and 02x are three
 * digits, every other 0xxx four), so "075786281234" needs no separator; the
 * groups only matter for telling a dash-separated extension from the number.
 */
#include "phone.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "text.h"

#define PHONE_IN_MAX 96
#define MAX_GROUPS 8
#define EXT_MAX 6

struct digits {
	char d[PHONE_IN_MAX]; /* all digits in order, NUL-terminated */
	size_t len;
	size_t glen[MAX_GROUPS]; /* digits per separator-delimited group */
	int ngroups;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_sep(char c)
{
	return c == ' ' || c == '-' || c == '(' || c == ')';
}

/* Split the digits of t[0..n) into groups.  -1 on any other character or
 * too many groups. */
static int split_groups(const char *t, size_t n, int lead_zero, struct digits *g)
{
	int in_group = 0;

	memset(g, 0, sizeof(*g));
	if (lead_zero) {
		g->d[g->len++] = '0';
		g->glen[0] = 1;
		in_group = 1;
		g->ngroups = 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (is_sep(t[i])) {
			in_group = in_group && lead_zero && g->len == 1; /* "+86 (757)" */
			continue;
		}
		if (!is_digit(t[i]) || g->len + 1 >= sizeof(g->d))
			return -1;
		if (!in_group) {
			if (g->ngroups == MAX_GROUPS)
				return -1;
			g->ngroups++;
			in_group = 1;
		}
		g->d[g->len++] = t[i];
		g->glen[g->ngroups - 1]++;
	}
	g->d[g->len] = '\0';
	return 0;
}

/* Length of the area code at the start of d, or 0 if it is not one. */
static size_t area_len(const char *d, size_t len)
{
	if (len < 3 || d[0] != '0' || !is_digit(d[1]))
		return 0;
	if (d[1] == '1')
		return d[2] == '0' ? 3 : 0;
	if (d[1] == '2')
		return 3;
	return d[1] == '0' ? 0 : 4;
}

/* Is d[0..len) area code + 7-8 digit local number? Sets *alen. */
static int is_landline(const char *d, size_t len, size_t *alen)
{
	size_t a = area_len(d, len);

	if (!a || len < a + 7 || len > a + 8)
		return 0;
	if (d[a] == '0' || d[a] == '1')
		return 0;
	*alen = a;
	return 1;
}

static int is_mobile(const char *d, size_t len)
{
	return len == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/* Find an extension marker; returns its offset (or n) and the marker
 * length in *mlen. */
static size_t find_ext(const char *t, size_t n, size_t *mlen)
{
	static const char *const markers[] = {"\xe8\xbd\xac", "\xe5\x88\x86\xe6\x9c\xba", "ext"};

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof(markers) / sizeof(markers[0]); k++) {
			size_t ml = strlen(markers[k]);
			if (ml <= n - i && !strncasecmp(t + i, markers[k], ml)) {
				*mlen = ml;
				return i;
			}
		}
	}
	*mlen = 0;
	return n;
}

/* Extension text after a marker: separators, then 1..EXT_MAX digits. */
static int parse_ext(const char *t, size_t n, char *ext)
{
	size_t e = 0;

	for (size_t i = 0; i < n; i++) {
		if (is_sep(t[i]) || t[i] == '.' || t[i] == ':')
			continue;
		if (!is_digit(t[i]) || e == EXT_MAX)
			return -1;
		ext[e++] = t[i];
	}
	ext[e] = '\0';
	return e ? 0 : -1;
}

/* Read the groups as a landline, setting *alen, *main_len (digits of area +
 * local) and the extension when the last group is one.  The separated
 * form area / local / extension wins over reading all groups as one
 * number: "0757-8628123-4" is extension 4. */
static int read_landline(const struct digits *g, int have_ext, size_t *alen, size_t *main_len,
			 char *ext)
{
	size_t last = g->ngroups ? g->glen[g->ngroups - 1] : 0;

	if (!have_ext && g->ngroups == 3 && last <= EXT_MAX &&
	    is_landline(g->d, g->glen[0] + g->glen[1], alen) && *alen == g->glen[0]) {
		*main_len = g->len - last;
		memcpy(ext, g->d + *main_len, last);
		ext[last] = '\0';
		return 1;
	}
	if (is_landline(g->d, g->len, alen)) {
		*main_len = g->len;
		return 1;
	}
	if (!have_ext && g->ngroups >= 2 && last <= EXT_MAX &&
	    is_landline(g->d, g->len - last, alen)) {
		*main_len = g->len - last;
		memcpy(ext, g->d + *main_len, last);
		ext[last] = '\0';
		return 1;
	}
	return 0;
}

/* Strip "+86" / "0086" (returns the bytes to skip, *intl = 1). */
static size_t intl_prefix(const char *t, size_t n, int *intl)
{
	*intl = 1;
	if (n >= 3 && !memcmp(t, "+86", 3))
		return 3;
	if (n >= 4 && !memcmp(t, "0086", 4))
		return 4;
	*intl = 0;
	return 0;
}

static enum phone_kind classify(const char *t, size_t n, char *out, size_t outsz)
{
	struct digits g;
	char ext[EXT_MAX + 1] = "";
	size_t mlen, alen, main_len;
	int intl, w;

	size_t x = find_ext(t, n, &mlen);
	if (x < n && parse_ext(t + x + mlen, n - x - mlen, ext))
		return PHONE_INVALID;
	size_t p = intl_prefix(t, x, &intl);
	if (split_groups(t + p, x - p, 0, &g))
		return PHONE_INVALID;

	if (!ext[0] && is_mobile(g.d, g.len))
		w = snprintf(out, outsz, "%s", g.d);
	else if (!ext[0] && !intl && g.len == 13 && !memcmp(g.d, "86", 2) && is_mobile(g.d + 2, 11))
		w = snprintf(out, outsz, "%s", g.d + 2);
	else if (intl && g.len && g.d[0] != '0' && split_groups(t + p, x - p, 1, &g))
		return PHONE_INVALID; /* "+86 757 ..." drops the trunk 0 */
	else if (read_landline(&g, ext[0] != '\0', &alen, &main_len, ext))
		w = snprintf(out, outsz, "%.*s-%.*s%s%s", (int)alen, g.d, (int)(main_len - alen),
			     g.d + alen, ext[0] ? "-" : "", ext);
	else
		return PHONE_INVALID;
	if (w < 0 || (size_t)w >= outsz)
		return PHONE_INVALID;
	return g.d[0] == '0' ? PHONE_LANDLINE : PHONE_MOBILE;
}

enum phone_kind phone_normalize(const char *s, size_t len, char *out, size_t outsz)
{
	char t[PHONE_IN_MAX];
	size_t n;
	enum phone_kind k = PHONE_INVALID;

	if (!out || !outsz)
		return PHONE_INVALID;
	if (!s)
		len = 0;
	n = text_normalize(s, len, t, sizeof(t));
	if (n && n < sizeof(t) - 1)
		k = classify(t, n, out, outsz);
	if (k == PHONE_INVALID)
		out[0] = '\0';
	return k;
}

const char *phone_err_message(int english)
{
	if (english)
		return "invalid phone number: a mobile has 11 digits starting with 1 (13-19); a "
		       "landline needs its area code, e.g. 0757-86281234";
	return "电话号码格式不正确：手机号为11位数字（13–19开头），固定电话需带区号，如 "
	       "0757-86281234";
}
