/* Schema migrations: schema_migrations[i] upgrades user_version i → i+1. */
#ifndef FK_SCHEMA_H
#define FK_SCHEMA_H

extern const char *const schema_migrations[];
extern const int schema_count;
/* person_fts rows of the persons with ?1 <= id < ?2 (not merged), in one
 * statement: what trigger person_fts_ins adds row by row.  A bulk import
 * drops that trigger for its transaction and runs this once, because FTS5
 * flushes its pending index data at every statement savepoint, i.e. after
 * each person inserted. */
extern const char schema_person_fts_fill[];

#endif
