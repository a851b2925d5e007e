/*
 * Growable byte buffer with a hard cap; see buf.h.  Used for every response
 * body, every SQL-free string assembly and every file read, so appends are
 * amortised O(1) and never pass the cap set by the caller.
 */
#include "buf.h"

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

int buf_add_json_str(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = b->len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int rc;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			rc = buf_add(b, e, 2);
		} else if (c < 0x20) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			rc = buf_add(b, e, 6);
		} else {
			rc = buf_addch(b, c);
		}
		if (rc < 0) {
			buf_truncate(b, start);
			return -1;
		}
	}
	return 0;
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
