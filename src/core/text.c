/*
 * UTF-8 validation, counting and clean-up of typed or pasted one-line text;
 * see text.h.  Inputs are short (a cell, a form field) and come from
 * everywhere, so this is a single forward pass with no allocation, written
 * to be safe on arbitrary bytes.
 */
#include "text.h"

#include <string.h>

size_t text_utf8_decode(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0], min;
	size_t need;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		min = 0x80;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		min = 0x800;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		min = 0x10000;
		c &= 0x07;
	} else {
		return 0; /* continuation byte, 0xC0/0xC1 or 0xF5.. */
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return need;
}

int text_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

size_t text_utf8_chars(const char *s, size_t len)
{
	size_t i = 0, n, count = 0;
	unsigned cp;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		count++;
	}
	return count;
}

/* Character classes for text_normalize. */
enum norm_class { NC_KEEP, NC_SPACE, NC_DROP };

static int in_list(unsigned cp, const unsigned *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == cp)
			return 1;
	return 0;
}

static enum norm_class classify(unsigned cp)
{
	static const unsigned spaces[] = {0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
	static const unsigned invisible[] = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF};

	if (cp == ' ' || (cp >= '\t' && cp <= '\r') || (cp >= 0x2000 && cp <= 0x200A))
		return NC_SPACE;
	if (cp < 0x20 || cp == 0x7F)
		return NC_DROP;
	if (cp < 0x80)
		return NC_KEEP;
	if (in_list(cp, spaces, sizeof(spaces) / sizeof(spaces[0])))
		return NC_SPACE;
	if (in_list(cp, invisible, sizeof(invisible) / sizeof(invisible[0])))
		return NC_DROP;
	return NC_KEEP;
}

size_t text_normalize(const char *s, size_t len, char *out, size_t outsz)
{
	size_t i = 0, o = 0, n, need;
	int pending = 0; /* whitespace seen since the last character written */
	unsigned cp;
	char ascii;

	if (!outsz)
		return 0;
	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (!n) {
			i++;
			continue;
		}
		enum norm_class c = classify(cp);
		if (c != NC_KEEP) {
			pending |= c == NC_SPACE;
			i += n;
			continue;
		}
		int fold = cp >= 0xFF01 && cp <= 0xFF5E;
		ascii = (char)(fold ? cp - 0xFEE0 : cp);
		need = (fold ? 1 : n) + (pending && o > 0);
		if (need > outsz - 1 - o)
			break;
		if (pending && o > 0)
			out[o++] = ' ';
		pending = 0;
		if (fold || n == 1) {
			out[o++] = ascii;
		} else {
			memmove(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}

void text_strip_spaces(char *s)
{
	char *w = s;

	if (!s)
		return;
	for (; *s; s++)
		if (!strchr(" \t\r\n\v\f", *s))
			*w++ = *s;
	*w = '\0';
}
