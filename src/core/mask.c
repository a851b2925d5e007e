/*
 * Masking of IDs, phones and names for display and export; see mask.h.
 * Called for every personal row rendered, so it works in the caller's
 * buffer without allocating.  Output is assembled through a small writer
 * that only ever appends whole characters, which keeps truncation at a
 * UTF-8 boundary and the result always NUL-terminated.
 */
#include "mask.h"

#include <string.h>

#include "text.h"

struct writer {
	char *out;
	size_t size; /* bytes available including the NUL */
	size_t len;
	int full; /* something did not fit: append nothing more */
};

static int writer_init(struct writer *w, char *out, size_t outsz)
{
	w->out = out;
	w->size = outsz;
	w->len = 0;
	w->full = 0;
	if (!out || !outsz)
		return -1;
	out[0] = '\0';
	return 0;
}

/* Append n bytes forming whole characters, or nothing if they do not fit. */
static void put(struct writer *w, const char *p, size_t n)
{
	if (w->full || n > w->size - 1 - w->len) {
		w->full = 1;
		return;
	}
	memcpy(w->out + w->len, p, n);
	w->len += n;
	w->out[w->len] = '\0';
}

static void put_stars(struct writer *w, size_t n)
{
	while (n--)
		put(w, "*", 1);
}

/* Copy s[0..len) character by character; an invalid byte becomes '*'. */
static void put_chars(struct writer *w, const char *s, size_t len)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n)
			put(w, s + i, n);
		else
			put(w, "*", 1);
		i += n ? n : 1;
	}
}

/* Byte offset of character number idx (invalid bytes count as one). */
static size_t char_offset(const char *s, size_t len, size_t idx)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len && idx--) {
		n = text_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
	}
	return i;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Keep 2 characters at each end, fewer for short values so that no more
 * is shown than hidden, and at least 3 stars between. */
static void mask_generic(struct writer *w, const char *s)
{
	size_t len = strlen(s), chars = text_utf8_chars(s, len);
	size_t keep = chars >= 8 ? 2 : chars >= 5 ? 1 : 0;
	size_t head, tail;

	if (!chars)
		return;
	head = char_offset(s, len, keep);
	tail = char_offset(s, len, chars - keep);
	put_chars(w, s, head);
	put_stars(w, chars - 2 * keep > 3 ? chars - 2 * keep : 3);
	put_chars(w, s + tail, len - tail);
}

void mask_doc(const char *s, char *out, size_t outsz)
{
	struct writer w;
	size_t len;

	if (writer_init(&w, out, outsz))
		return;
	if (!s)
		return;
	len = strlen(s);
	if (len == 18 && all_digits(s, 17) &&
	    (all_digits(s + 17, 1) || s[17] == 'X' || s[17] == 'x')) {
		put(&w, s, 6);
		put_stars(&w, 8);
		put(&w, s + 14, 4);
	} else if (len == 15 && all_digits(s, 15)) {
		put(&w, s, 6);
		put_stars(&w, 6);
		put(&w, s + 12, 3);
	} else {
		mask_generic(&w, s);
	}
}

/* "0757-86281234" or "0757-86281234-123": sets the part lengths. */
static int split_landline(const char *s, size_t len, size_t *area, size_t *local)
{
	const char *dash = memchr(s, '-', len);
	size_t ext;

	if (!dash || s[0] != '0')
		return 0;
	*area = (size_t)(dash - s);
	dash = memchr(s + *area + 1, '-', len - *area - 1);
	*local = (dash ? (size_t)(dash - s) : len) - *area - 1;
	ext = dash ? len - (size_t)(dash - s) - 1 : 0;
	if (*area < 3 || *area > 4 || *local < 7 || *local > 8 || (dash && !ext))
		return 0;
	return all_digits(s, *area) && all_digits(s + *area + 1, *local) &&
	       all_digits(s + len - ext, ext);
}

void mask_phone(const char *s, char *out, size_t outsz)
{
	struct writer w;
	size_t len, area, local;

	if (writer_init(&w, out, outsz) || !s)
		return;
	len = strlen(s);
	if (len == 11 && s[0] == '1' && all_digits(s, 11)) {
		put(&w, s, 3);
		put_stars(&w, 4);
		put(&w, s + 7, 4);
	} else if (split_landline(s, len, &area, &local)) {
		put(&w, s, area + 1);
		put_stars(&w, local - 2);
		put(&w, s + area + 1 + local - 2, 2);
		if (area + 1 + local < len) {
			put(&w, "-", 1);
			put_stars(&w, len - area - local - 2);
		}
	} else {
		mask_generic(&w, s);
	}
}

void mask_name(const char *s, char *out, size_t outsz)
{
	struct writer w;
	size_t len, first, chars;

	if (writer_init(&w, out, outsz) || !s)
		return;
	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	if (!len)
		return;
	chars = text_utf8_chars(s, len);
	first = char_offset(s, len, 1);
	put_chars(&w, s, first);
	put_stars(&w, chars > 1 ? chars - 1 : 1);
}
