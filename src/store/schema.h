/* Schema migrations: schema_migrations[i] upgrades user_version i → i+1. */
#ifndef FK_SCHEMA_H
#define FK_SCHEMA_H

extern const char *const schema_migrations[];
extern const int schema_count;

#endif
