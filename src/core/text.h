/*
 * text — UTF-8 clean-up for what people type or paste into single-line
 * fields (names, addresses, ID and phone numbers).  Input from Excel, WeChat
 * and Chinese IMEs carries full-width digits and letters, ideographic spaces,
 * NBSPs, tabs and the odd broken byte; everything downstream wants plain
 * trimmed UTF-8.
 */
#ifndef FK_TEXT_H
#define FK_TEXT_H

#include <stddef.h>

/* Clean `len` bytes of `s` into `out` (outsz bytes, NUL included):
 *  - full-width ASCII U+FF01..U+FF5E becomes ASCII ("１２Ａ" -> "12A");
 *  - U+3000, NBSP, the other Unicode spaces, tab, CR, LF, VT and FF become
 *    a space, then spaces are trimmed at both ends and runs collapse to one;
 *  - zero-width characters and BOM (U+200B..U+200D, U+2060, U+FEFF), other
 *    C0 controls, DEL and invalid UTF-8 bytes are dropped.
 * The result is valid UTF-8.  If it does not fit it is cut at a character
 * boundary (never leaving a trailing space).  `out` is always NUL-terminated
 * when outsz > 0 and may equal `s` (cleaning in place is safe: the output
 * never runs ahead of the input).  Returns the bytes written, NUL excluded.
 * Newlines are folded on purpose: these are one-line fields, and multi-line
 * Excel cells (Alt+Enter) are a frequent source of stray breaks. */
size_t text_normalize(const char *s, size_t len, char *out, size_t outsz);

/* 1 if the bytes are well-formed UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF), else 0.  An empty string is valid. */
int text_utf8_valid(const char *s, size_t len);

/* Number of characters (code points); each invalid byte counts as one, so
 * the result can be used to cap lengths of untrusted input. */
size_t text_utf8_chars(const char *s, size_t len);

/* Decode one character at `s` (n > 0 bytes available).  Returns its length
 * in bytes and stores the code point in *cp, or returns 0 when the byte at
 * `s` does not start a well-formed sequence (skip one byte and go on). */
size_t text_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Remove every ASCII whitespace byte (space, tab, CR, LF, VT, FF) in place,
 * for ID and phone numbers where spaces only group digits.  NULL is ignored. */
void text_strip_spaces(char *s);

#endif
