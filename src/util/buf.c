/*
 * Growable byte buffer with a hard cap; see buf.h.  Used for every response
 * body, every SQL-free string assembly and every file read, so appends are
 * amortised O(1) and never pass the cap set by the caller.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

const char buf_empty_[1];

void buf_init(struct buf *b, size_t max)
{
	b->s = (char *)buf_empty_;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BUF_MAX_DEFAULT;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->s);
	b->s = (char *)buf_empty_;
	b->len = 0;
	b->cap = 0;
}

int buf_grow(struct buf *b, size_t extra)
{
	if (extra > b->max || b->len > b->max - extra)
		return -1;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap < ((size_t)1 << 40) ? ncap * 2 : need;
	if (b->cap) {
		b->s = xrealloc(b->s, ncap);
	} else {
		b->s = xmalloc(ncap);
		b->s[0] = '\0';
	}
	b->cap = ncap;
	return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
	if (buf_grow(b, len) < 0)
		return -1;
	if (len)
		memcpy(b->s + b->len, data, len);
	b->len += len;
	b->s[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_add_int(struct buf *b, int64_t v)
{
	char t[24], *e = t + sizeof t, *p = e;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return buf_add(b, p, (size_t)(e - p));
}

int buf_addch(struct buf *b, int c)
{
	char ch = (char)c;
	return buf_add(b, &ch, 1);
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

/* The length of the valid UTF-8 sequence starting at s (at most n bytes),
 * 0 if invalid: the rules of jansson's utf8_iterate (no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (len > n)
		return 0;
	cp = c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* jansson's escape of one byte c < 0x20, '"' or '\\' into e; its length. */
static size_t json_escape(unsigned c, char e[6])
{
	static const char hex[] = "0123456789ABCDEF";
	static const char short_esc[] = "btn?fr"; /* \b..\r; \v has none */
	e[0] = '\\';
	if (c == '"' || c == '\\') {
		e[1] = (char)c;
		return 2;
	}
	if (c >= '\b' && c <= '\r' && c != '\v') {
		e[1] = short_esc[c - '\b'];
		return 2;
	}
	memcpy(e + 1, "u00", 3);
	e[4] = hex[c >> 4];
	e[5] = hex[c & 15];
	return 6;
}

/* Whether the 8 bytes at s are ASCII that needs no escape: none is >= 0x80,
 * < 0x20, '"' or '\\' (the "has a byte less than n" and "has a zero byte"
 * word tests; exact as yes/no answers, which is all this asks). */
static int word_plain(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t w, q, bs;
	memcpy(&w, s, 8);
	q = w ^ (ones * '"');
	bs = w ^ (ones * '\\');
	return !((w | ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high);
}

/* Bytes of s[i..len) that go out as they are: valid UTF-8 but '"', '\\'
 * and control bytes; *bad set on invalid UTF-8.  Every response string
 * passes here (a page of 20 persons: ~8 KB, mostly Han characters), so
 * plain ASCII goes 8 bytes at a time and the 3-byte sequences that need no
 * range check (leads E1-EC, EE-EF: most of CJK) are taken whole. */
static size_t json_plain(const unsigned char *s, size_t i, size_t len, int *bad)
{
	size_t start = i;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (i + 8 <= len && word_plain(s + i)) {
				i += 8;
				continue;
			}
			if (c < 0x20 || c == '"' || c == '\\')
				break;
			i++;
		} else if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 3 <= len &&
			   (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
		} else {
			size_t k = utf8_seq(s + i, len - i);
			if (!k) {
				*bad = 1;
				break;
			}
			i += k;
		}
	}
	return i - start;
}

int buf_json_str_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	int bad = 0;
	for (size_t i = 0; i < len && !bad; i++)
		i += json_plain(u, i, len, &bad); /* stops at an escape: step over it */
	return !bad;
}

int buf_add_json_str(struct buf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t start = b->len, i;
	int bad = 0;
	char e[6];
	if (len >= b->max) /* it writes at least len + 2 */
		return -1;
	if ((b->len + len + 2 >= b->cap || b->len + len + 2 > b->max) && buf_grow(b, len + 2) < 0)
		return -1;
	/* the usual string needs no escape: one scan and one copy into the
	 * room just made */
	i = json_plain(s, 0, len, &bad);
	b->s[b->len] = '"';
	memcpy(b->s + b->len + 1, s, i);
	b->len += i + 1;
	while (!bad && i < len) {
		if (buf_add(b, e, json_escape(s[i], e)) < 0)
			goto fail;
		i++;
		size_t n = json_plain(s, i, len, &bad);
		if (buf_add(b, s + i, n) < 0)
			goto fail;
		i += n;
	}
	if (bad || buf_addch(b, '"') < 0)
		goto fail;
	return 0;
fail:
	b->len = start;
	b->s[start] = '\0';
	return -1;
}

void buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

char *buf_take(struct buf *b, size_t *len)
{
	char *s;
	if (len)
		*len = b->len;
	if (b->cap) {
		s = b->s;
	} else {
		s = xmalloc(1);
		s[0] = '\0';
	}
	b->s = (char *)buf_empty_;
	b->len = 0;
	b->cap = 0;
	return s;
}
