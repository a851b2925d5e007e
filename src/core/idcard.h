/*
 * idcard — resident identity card numbers (GB 11643-1999): parse what people
 * type or what comes out of a spreadsheet, normalise to the 18-character
 * form and say precisely which rule a bad number breaks, so whoever entered
 * it can fix it.  The ID is the key that joins lists pushed down from above
 * with the town's own records.
 */
#ifndef FK_IDCARD_H
#define FK_IDCARD_H

#include <stddef.h>

enum idcard_err {
	IDCARD_OK = 0,
	IDCARD_EMPTY,	 /* nothing but spaces */
	IDCARD_EXCEL,	 /* turned into a number by Excel: 4.40524E+17, ...000 */
	IDCARD_CHARS,	 /* characters other than digits and a final X */
	IDCARD_LENGTH,	 /* neither 18 characters nor 15 digits */
	IDCARD_DATE,	 /* birth date not a real date, before 1800 or after today */
	IDCARD_CHECKSUM, /* check character does not match the first 17 digits */
};

struct idcard {
	char number[19]; /* normalised 18-char form, uppercase X */
	int year, month, day;
	int sex; /* GB/T 2261.1: 1 male, 2 female */
	char region[7];
	int region_known; /* 1 if region code is in the GB/T 2260 table */
	int upgraded;	  /* 1 if the input was the 15-digit form */
};

/* Parse and validate `len` bytes of `s`.  Spaces anywhere, full-width digits
 * and a lowercase x are accepted; a 15-digit old number is upgraded (19 is
 * inserted before the year and the check character computed).  `today` as
 * YYYYMMDD bounds the birth date, which must also be a real calendar date
 * with year >= 1800 (the standard's own example is born 1880); today <= 0
 * skips the "not in the future" test.  On IDCARD_OK every field of *out is
 * set; on error *out is zeroed.  An unknown region is not an error: check
 * out->region_known and warn (old cards keep abolished county codes). */
enum idcard_err idcard_parse(const char *s, size_t len, int today, struct idcard *out);

/* The check character ('0'..'9' or 'X') for 17 ASCII digits, or '\0' if
 * any of the 17 bytes is not a digit. */
char idcard_check_char(const char *first17);

/* Stable machine code for an error: "id_empty", "id_excel", "id_chars",
 * "id_length", "id_date", "id_checksum"; "ok" for IDCARD_OK. Static. */
const char *idcard_err_code(enum idcard_err e);

/* Message for the person who entered the number, naming the rule that
 * failed; Chinese unless `english`.  Static storage. */
const char *idcard_err_message(enum idcard_err e, int english);

#endif
