/*
 * Pinyin initials of person names, for the "cjm finds 陈嘉敏" search.
 *
 * A name is read as a sequence of positions: a Han character with a reading
 * (a set of possible initials plus its most customary one) or an ASCII
 * letter or digit (one fixed character).  Everything else is skipped.
 * Names are short (2..4 characters, a few dozen bytes at most), but they come
 * from imports and requests, so the decoder accepts any bytes and every
 * output is bounded by the caller's buffer or the combination cap.
 *
 * pinyin_match() never enumerates combinations: a query occurs in some
 * combination iff each query letter is among the initials of the matching
 * position, so it is a plain O(name * query) scan over all readings.
 * pinyin_key() spells the combinations out for indexing and is capped.
 */
#include "core/pinyin.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* One position of a name: initials it may stand for, or a literal digit. */
struct py_pos {
	uint32_t mask;	  /* letters this position matches, bit 0 = 'a' */
	unsigned primary; /* letter index of the customary reading */
	char digit;	  /* '0'..'9' for a digit position, else 0 */
};

static uint32_t lookup(uint32_t cp)
{
	size_t ix = 0;

	if (cp >= PINYIN_DENSE_LO && cp <= PINYIN_DENSE_HI) {
		ix = pinyin_tab_dense[cp - PINYIN_DENSE_LO];
	} else if (cp <= 0x10FFFF) {
		size_t lo = 0, hi = pinyin_tab_nsparse;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			uint32_t e = pinyin_tab_sparse[mid];
			uint32_t ecp = e >> PINYIN_SPARSE_IX_BITS;
			if (ecp == cp) {
				ix = e & ((1u << PINYIN_SPARSE_IX_BITS) - 1);
				break;
			}
			if (ecp < cp)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return ix < pinyin_tab_nvals ? pinyin_tab_vals[ix] : 0;
}

uint32_t pinyin_initials_cp(uint32_t cp)
{
	return lookup(cp) & PINYIN_MASK_BITS;
}

/* Decode one UTF-8 sequence at s[0..len); returns the bytes it spans (>= 1)
 * and sets *cp, or UINT32_MAX for an invalid, overlong or truncated sequence
 * (then exactly one byte is consumed so the caller resynchronises). */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t n, i;
	uint32_t c = s[0];

	*cp = UINT32_MAX;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07;
	else
		return 1;
	if (n > len)
		return 1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		c = c << 6 | (s[i] & 0x3Fu);
	}
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 1;
	*cp = c;
	return n;
}

/* Advance *i past the next position of s[0..len) and describe it in *p.
 * 0 when no position is left. */
static int next_pos(const char *s, size_t len, size_t *i, struct py_pos *p)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*i < len) {
		uint32_t cp, v;
		*i += utf8_next(u + *i, len - *i, &cp);
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp >= 'a' && cp <= 'z') {
			p->primary = cp - 'a';
			p->mask = 1u << p->primary;
			p->digit = 0;
			return 1;
		}
		if (cp >= '0' && cp <= '9') {
			p->mask = 0;
			p->primary = 0;
			p->digit = (char)cp;
			return 1;
		}
		if (cp > 0x7F && (v = lookup(cp)) != 0) {
			p->mask = v & PINYIN_MASK_BITS;
			p->primary = (v >> PINYIN_PRIMARY_SHIFT) & 31;
			p->digit = 0;
			return 1;
		}
	}
	return 0;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static int pos_accepts(const struct py_pos *p, char q)
{
	if (p->digit)
		return q == p->digit;
	return q >= 'a' && q <= 'z' && (p->mask >> (q - 'a') & 1);
}

static unsigned popcount26(uint32_t m)
{
	unsigned n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

/* Lowest letter of p->mask strictly above `after` (-1 for the first), or
 * -1 if there is none. */
static int next_letter(const struct py_pos *p, int after)
{
	for (int b = after + 1; b < 26; b++)
		if (p->mask >> b & 1)
			return b;
	return -1;
}

static char pos_char(const struct py_pos *p, int letter)
{
	return p->digit ? p->digit : (char)('a' + letter);
}

/* Reduce positions past the combination cap to their customary initial. */
static void apply_cap(struct py_pos *pos, size_t n, int max_combos)
{
	unsigned combos = 1, cap = max_combos < 1 ? 1 : (unsigned)max_combos;
	int capped = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned k = pos[i].digit ? 1 : popcount26(pos[i].mask);
		if (!capped && k <= cap / combos) {
			combos *= k;
			continue;
		}
		capped = 1;
		if (!pos[i].digit)
			pos[i].mask = 1u << pos[i].primary;
	}
}

/* Step cur[] to the next combination, last position fastest; 0 after the
 * last one. */
static int odometer_next(const struct py_pos *pos, int *cur, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		int nx = next_letter(&pos[i], cur[i]);
		if (nx >= 0) {
			cur[i] = nx;
			return 1;
		}
		cur[i] = next_letter(&pos[i], -1);
	}
	return 0;
}

/* Write the combinations of pos[0..n) into out while whole ones fit (plus
 * the NUL); returns the length written. */
static size_t emit_combos(const struct py_pos *pos, int *cur, size_t n, char *out, size_t outsz)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		cur[i] = next_letter(&pos[i], -1);
	do {
		if ((w ? 1 : 0) + n >= outsz - w)
			break;
		if (w)
			out[w++] = ' ';
		for (size_t i = 0; i < n; i++)
			out[w++] = pos_char(&pos[i], cur[i]);
	} while (odometer_next(pos, cur, n));
	out[w] = '\0';
	return w;
}

size_t pinyin_key(const char *utf8, size_t len, char *out, size_t outsz, int max_combos)
{
	struct py_pos *pos;
	int *cur;
	size_t n = 0, i = 0, w = 0;

	if (!out || outsz == 0)
		return 0;
	out[0] = '\0';
	if (!utf8 || len == 0)
		return 0;
	/* A position takes at least one input byte and one output byte, so
	 * min(len, outsz) bounds what can appear in the key. */
	size_t maxn = len < outsz ? len : outsz;
	pos = xcalloc(maxn, sizeof(*pos));
	cur = xcalloc(maxn, sizeof(*cur));
	while (n < maxn && next_pos(utf8, len, &i, &pos[n]))
		n++;
	if (n > 0 && n < outsz) {
		apply_cap(pos, n, max_combos);
		w = emit_combos(pos, cur, n, out, outsz);
	}
	free(cur);
	free(pos);
	return w;
}

/* 1 if query q (qlen bytes) matches the positions from byte `start` on. */
static int match_at(const char *s, size_t len, size_t start, const char *q, size_t qlen)
{
	struct py_pos p;
	size_t i = start;

	for (size_t k = 0; k < qlen; k++) {
		if (!next_pos(s, len, &i, &p))
			return 0;
		if (!pos_accepts(&p, ascii_lower(q[k])))
			return 0;
	}
	return 1;
}

int pinyin_match(const char *name, size_t len, const char *query)
{
	struct py_pos p;
	size_t qlen, i = 0;

	if (!name || !query || !*query)
		return 0;
	qlen = strlen(query);
	do {
		if (match_at(name, len, i, query, qlen))
			return 1;
	} while (next_pos(name, len, &i, &p));
	return 0;
}

int pinyin_is_query(const char *q)
{
	size_t n = 0;

	if (!q)
		return 0;
	for (; q[n]; n++) {
		char c = ascii_lower(q[n]);
		if (c < 'a' || c > 'z' || n >= PINYIN_QUERY_MAX)
			return 0;
	}
	return n >= 2;
}
