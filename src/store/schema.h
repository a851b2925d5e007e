/* Schema migrations: schema_migrations[i] upgrades user_version i → i+1. */
#ifndef FK_SCHEMA_H
#define FK_SCHEMA_H

#include <sqlite3.h>

extern const char *const schema_migrations[];
extern const int schema_count;
/* person_fts rows of the persons with ?1 <= id < ?2 (not merged), in one
 * statement: what trigger person_fts_ins adds row by row.  A bulk import
 * drops that trigger for its transaction and runs this once, because FTS5
 * flushes its pending index data at every statement savepoint, i.e. after
 * each person inserted. */
extern const char schema_person_fts_fill[];
/* The same for person_vfts (the other half of person_fts_ins). */
extern const char schema_person_vfts_fill[];
/* The fill computes the document with two C functions instead of the
 * triggers' SQL (a fifth of the fill's time): schema_functions registers
 * them on a connection, fk_fts_chars(x), fk_fts_suffixes(x) and
 * fk_fts_vchars(x, v), which give exactly what these SQL expressions give
 * for columns x and v of a row p (test_db checks them against each other). */
int schema_functions(sqlite3 *h);
extern const char schema_fts_chars_sql[];
extern const char schema_fts_suffixes_sql[];
extern const char schema_fts_vchars_sql[];

#endif
