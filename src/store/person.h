/*
 * person storage: the people registry.
 *
 * Scope: every read and write takes `scope_village` — 0 for users who see the
 * whole town, else the only village whose persons exist for the caller (a
 * person elsewhere is ST_NOTFOUND, so existence does not leak).  Full document
 * numbers and phones leave this module only through person_reveal(), which
 * audits; lists return them for the API to mask.
 */
#ifndef FK_STORE_PERSON_H
#define FK_STORE_PERSON_H

#include <jansson.h>
#include <stdint.h>

#include "audit.h"
#include "core/person.h"
#include "db.h"

struct person_filter {
	const char *q;	    /* name, pinyin initials, ID or phone fragment */
	int64_t village_id; /* 0 = any */
	int64_t scope_village;
	const char *sort; /* "name", "-name", "created_at", "-created_at" (default), "village" */
	int64_t page, per_page;
};

/* Insert.  ST_CONFLICT when the document number exists (*existing = its id). */
int person_create(struct db *db, const struct actor *who, const struct person *p, int64_t *id,
		  int64_t *existing);
/* The same inside the caller's transaction (bulk loads: demo, list import). */
int person_insert(struct db *db, const struct actor *who, const struct person *p, int64_t *id,
		  int64_t *existing);
/* The person's fields from a row stepped onto: columns 1-11 are name,
 * name_py, sex, doc_type, doc_number, birth_date, phone, address,
 * village_id, hukou, notes (column 0 is the caller's: person_load's id);
 * everything else zeroed. */
void person_read_row(sqlite3_stmt *st, struct person *p);
/* Load for update.  ST_OK / ST_NOTFOUND (also when outside scope). */
int person_load(struct db *db, int64_t id, int64_t scope_village, struct person *p);
/* Write back p (p->id selects); `changed` lists changed field names (audit).
 * ST_CONFLICT with *existing on a duplicate document number. */
int person_update(struct db *db, const struct actor *who, const struct person *p, json_t *changed,
		  int64_t *existing);
/* One person as JSON (unmasked: the API masks), or NULL if not found. */
json_t *person_get_json(struct db *db, int64_t id, int64_t scope_village);
/* The same row as a statement stepped onto it (person_get_json's columns in
 * its order), or NULL if not found or on error.  Borrowed from the
 * connection's cache: read the columns, then sqlite3_reset() it. */
sqlite3_stmt *person_get_row(struct db *db, int64_t id, int64_t scope_village);
/* {"items":[…],"total":N} */
json_t *person_list(struct db *db, const struct person_filter *f);
/* The same page as a statement to step (person_get_row's columns) and its
 * total; NULL on error.  Borrowed from the connection's cache: step it to
 * the end or sqlite3_reset() it. */
sqlite3_stmt *person_list_page(struct db *db, const struct person_filter *f, int64_t *total);
/* Full doc_number and phone, audited as person.reveal.  NULL if not found. */
json_t *person_reveal(struct db *db, const struct actor *who, int64_t id, int64_t scope_village);
/* Merge `from` into `into`: fills empty fields of `into`, marks `from` merged.
 * ST_NOTFOUND, ST_INVALID (same person or already merged), ST_OK.  Audited. */
int person_merge(struct db *db, const struct actor *who, int64_t into, int64_t from);

#endif
