/*
 * mask — desensitised display of personal data (CAC notice of 2020-02-04,
 * PIPL Art. 6 and 28): lists, exports and screens show masked IDs, phones
 * and names unless the viewer's role needs the full value.  Conventions:
 * ID 440605********1234, phone 138****5678, name 陈**.
 *
 * All functions take a NUL-terminated string, write a NUL-terminated result
 * to `out` (nothing if out is NULL or outsz is 0), treat NULL input as "",
 * and never reveal more for short or odd input: the fewer characters there
 * are, the fewer are kept.  A result too long for `out` is cut at a UTF-8
 * character boundary; give 64 bytes for documents and phones, 4 * name
 * characters for names.  Invalid UTF-8 bytes count as one character each
 * and are never copied to the output.
 */
#ifndef FK_MASK_H
#define FK_MASK_H

#include <stddef.h>

/* Identity documents.  18-char resident ID: first 6 (region) + 8 '*' + last 4
 * (440605********1234); old 15-digit ID: first 6 + 6 '*' + last 3.  Any other
 * document: first 2 and last 2 characters with '*' between (at least 3);
 * so that no more is shown than hidden, 1 and 1 for 5-7 characters and
 * none for 1-4 ("***"); "" stays "". */
void mask_doc(const char *s, char *out, size_t outsz);

/* Phones, best given in phone_normalize() form.  Mobile (11 digits starting
 * 1): 138****5678.  Landline "0757-86281234[-123]": area code kept, local
 * number starred but for its last 2, extension starred (0757-******34-***).
 * Anything else is masked like a document (mask_doc's generic rule). */
void mask_phone(const char *s, char *out, size_t outsz);

/* Names: first character kept, one '*' for every other character (陈** for
 * three, 陈* for two).  A one-character name also becomes 陈*, so the
 * length shows nothing and only the usual first character is revealed.
 * Leading spaces are skipped; "" stays "". */
void mask_name(const char *s, char *out, size_t outsz);

#endif
