/*
 * listmap — understanding a key-person list as it arrives: which row is the
 * header (below title rows and notes), which column means what (Chinese
 * header variants), and dates in the forms people type.  Pure functions over
 * cell text; the readers (src/io) deliver the cells.
 */
#ifndef FK_LISTMAP_H
#define FK_LISTMAP_H

#include <jansson.h>
#include <stddef.h>

#include "person.h"

enum list_field {
	LF_NONE = 0,
	LF_NAME,
	LF_DOC_NUMBER,
	LF_DOC_TYPE,
	LF_PHONE,
	LF_ADDRESS,
	LF_HUKOU,
	LF_VILLAGE,
	LF_ORIGIN,
	LF_ARRIVAL,
	LF_TRANSPORT,
	LF_VEHICLE,
	LF_SEX,
	LF_AGE,
	LF_NOTE,
	LF_COUNT
};

/* One row of a list, understood: what the readers and validators hand to
 * the store (store/list.h). */
struct list_row_in {
	long row_no;	  /* row number in the original file */
	json_t *cells;	  /* array of the row's cells as text (borrowed) */
	int ok;		  /* 0: rejected */
	json_t *problems; /* array of {column, field, code, message} (borrowed, may be NULL) */
	struct person p;  /* validated person (when ok) */
	const char *village_text;
	const char *origin;
	int arrival; /* YYYYMMDD or 0 */
	long dup_of; /* the earlier row of the same person in this file, or 0 */
};

/* Stable names ("name", "doc_number", …) and Chinese labels of fields. */
const char *list_field_name(int f);
const char *list_field_label(int f, int english);
int list_field_from_name(const char *s); /* -1 if unknown */

/* The field a header cell names, after normalising full-width characters,
 * spaces, brackets and punctuation; LF_NONE if not recognised. */
int list_header_field(const char *cell, size_t len);

/* How much a row looks like a header: the number of distinct fields its
 * cells name.  A header row has at least 2 and includes a name or an ID. */
int list_header_score(const char *const *cells, const size_t *lens, int n, int *has_key);

/* Parse a date as people type it: 2020-01-26, 2020/1/26, 2020.1.26,
 * 2020年1月26日, 20200126, 1月26日 / 1-26 / 1/26 (year taken from
 * `default_year`), optionally followed by a time ("2020-01-26 14:30").
 * Returns YYYYMMDD, or 0 if not a date. */
int list_parse_date(const char *s, size_t len, int default_year);
/* Excel serial (1900 system with the leap-year bug, or 1904) → YYYYMMDD;
 * 0 if out of range. */
int list_excel_date(double serial, int date1904);

/* The village whose name or alias occurs in `address`, preferring the
 * longest match: index into keys[], or -1.  keys[i] belongs to village
 * ids[i]; empty keys are ignored. */
int list_village_in_address(const char *address, const char *const *keys, int n);

#endif
