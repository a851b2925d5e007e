/*
 * person — validation and normalisation of a person's record, shared by the
 * registry API, the CLI, the demo generator and list import.  Pure logic:
 * the caller supplies today's date; the store decides uniqueness.
 */
#ifndef FK_PERSON_H
#define FK_PERSON_H

#include <stdint.h>

enum doc_type {
	DOC_ID_CARD,
	DOC_PASSPORT,
	DOC_HK_MACAO_PERMIT,
	DOC_TAIWAN_PERMIT,
	DOC_HK_MACAO_RESIDENCE,
	DOC_TAIWAN_RESIDENCE,
	DOC_OTHER,
	DOC_COUNT
};

struct person {
	int64_t id;
	char name[256];	   /* ≤ 50 characters of up to 4 bytes */
	char name_py[512]; /* pinyin initials key (pinyin_key) */
	int sex;	   /* GB/T 2261.1: 0 unknown, 1 male, 2 female, 9 not stated */
	char doc_type[24]; /* doc_type_name() */
	char doc_number[40];
	char birth_date[11]; /* YYYY-MM-DD or "" */
	char phone[32];
	char address[512];
	int64_t village_id;
	char hukou[256];
	char notes[1024];
	char source[16]; /* 上级下发 / 自排发现 */
};

/* Raw input as received (any field may be NULL = not given). */
struct person_in {
	const char *name, *doc_type, *doc_number, *birth_date, *phone, *address, *hukou, *notes,
	    *source;
	int64_t sex; /* -1 = not given */
};

/* Validation outcome: code (msg.h / idcard codes), field, and for ID errors
 * the specific message; warnings (e.g. unknown region) do not fail. */
struct person_err {
	const char *code;
	const char *field;
	const char *message; /* NULL → msg_get(code) */
	const char *warning; /* "id_region_unknown" or NULL */
};

/* Validate `in` and fill `out` (out->id and village_id untouched).  When a
 * field is not given, out keeps its previous value (so an update can pass the
 * stored record).  `today` is YYYYMMDD.  0 ok, -1 with *err filled. */
int person_validate(const struct person_in *in, int today, int english, struct person *out,
		    struct person_err *err);

const char *doc_type_name(enum doc_type t);
int doc_type_from_name(const char *s); /* -1 if unknown; accepts codes and 中文 labels */
const char *doc_type_label(int t, int english);

/* Validate a YYYY-MM-DD date. 1 if valid. */
int date_valid(const char *s);

#endif
