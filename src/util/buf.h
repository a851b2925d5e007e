/*
 * buf — the one growable byte buffer (after git's strbuf and curl's dynbuf).
 *
 * A buf is never NULL-data: after buf_init() `b->s` points at a valid
 * NUL-terminated string (possibly the shared empty string), so it can always
 * be printed.  Every buf has a hard cap set at init; an append that would
 * grow past the cap fails with -1 and leaves the buffer unchanged, so
 * request-driven growth stays bounded.  Out of memory aborts (xmalloc).
 */
#ifndef FK_BUF_H
#define FK_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *s;    /* NUL-terminated contents; never NULL after buf_init */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated (0 = points at the shared empty string) */
	size_t max; /* hard cap on len */
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)
#define BUF_INIT                                                                                   \
	{                                                                                          \
		(char *)buf_empty_, 0, 0, BUF_MAX_DEFAULT                                          \
	}
extern const char buf_empty_[1];

/* Prepare an empty buffer that refuses to grow beyond `max` bytes
 * (0 = BUF_MAX_DEFAULT).  Allocates nothing. */
void buf_init(struct buf *b, size_t max);
/* Free the contents; the buffer is empty again and can be reused. */
void buf_release(struct buf *b);
/* Make room for `extra` more bytes.  -1 if that would pass the cap. */
int buf_grow(struct buf *b, size_t extra);
/* Append bytes / a C string / one byte / printf output.  -1 over the cap
 * (the buffer is left as it was). */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append v in decimal, as printf's %lld and jansson write it. */
int buf_add_int(struct buf *b, int64_t v);
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Append `s` (len bytes) as a JSON string, quotes included, byte for byte
 * as jansson's json_dumps writes it (without JSON_ENSURE_ASCII or
 * JSON_ESCAPE_SLASH): '"' and '\\' escaped, \b \f \n \r \t, other control
 * bytes as \u00XX, UTF-8 as is.  -1 when `s` is not valid UTF-8 by jansson's
 * rules (json_dumps fails there too) or over the cap; the contents are then
 * as they were. */
int buf_add_json_str(struct buf *b, const char *s, size_t len);
/* 1 if buf_add_json_str (and jansson) take `s`: valid UTF-8 by jansson's
 * rules. */
int buf_json_str_valid(const char *s, size_t len);
/* Drop contents, keep the allocation. */
void buf_reset(struct buf *b);
/* Shorten to `len` bytes (no-op if already shorter). */
void buf_truncate(struct buf *b, size_t len);
/* Hand the contents to the caller (free() it) and leave the buffer empty.
 * Always returns an allocated string, even for an empty buffer. */
char *buf_take(struct buf *b, size_t *len);

#endif
