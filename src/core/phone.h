/*
 * phone — mainland China phone numbers as typed into forms and lists:
 * mobiles with or without +86, landlines with area code and extension,
 * full-width digits from Chinese IMEs.  One canonical form per number so
 * that lists from different sources can be matched on it.
 */
#ifndef FK_PHONE_H
#define FK_PHONE_H

#include <stddef.h>

enum phone_kind { PHONE_INVALID = 0, PHONE_MOBILE, PHONE_LANDLINE };

/* Room for the longest canonical form, "0757-86281234-123456" plus NUL. */
#define PHONE_NORM_MAX 24

/* Parse `len` bytes of `s` and write the canonical form to `out`:
 *  - mobile: 11 digits, 13x..19x, optionally after +86 / 0086 / 86, with
 *    spaces or dashes anywhere -> "13812345678";
 *  - landline: area code (010, 02x, or 0 + three digits), then a 7-8 digit
 *    local number not starting with 0 or 1, separated by '-', spaces or
 *    "(0757)", optionally "+86 757 ..." without the 0 -> "0757-86281234";
 *    an extension of 1-6 digits after '-', a space, "转", "分机" or "ext"
 *    -> "0757-86281234-123".
 * Full-width digits and punctuation are accepted.  Returns the kind; on
 * PHONE_INVALID, or if the result does not fit in outsz (use
 * PHONE_NORM_MAX), `out` is set to "" (when outsz > 0). */
enum phone_kind phone_normalize(const char *s, size_t len, char *out, size_t outsz);

/* Message for a number phone_normalize() rejected, with the accepted forms;
 * Chinese unless `english`.  Static storage. */
const char *phone_err_message(int english);

#endif
