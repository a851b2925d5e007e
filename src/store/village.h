/*
 * villages (村居): name, 12-digit statistical code, type, aliases used for
 * address matching.  Small table (30–40 rows per town): listed whole.
 */
#ifndef FK_STORE_VILLAGE_H
#define FK_STORE_VILLAGE_H

#include <jansson.h>
#include <stdint.h>

#include "audit.h"
#include "db.h"

struct village {
	int64_t id;
	char name[128];
	char code[16];
	char type[16];	   /* 社区 / 村 / 其他 */
	char aliases[512]; /* comma-separated */
};

/* ST_OK, ST_CONFLICT (name or code exists), ST_ERR.  Audited. */
int village_create(struct db *db, const struct actor *who, const struct village *v, int64_t *id);
/* ST_OK, ST_NOTFOUND, ST_CONFLICT, ST_ERR.  Audited. */
int village_update(struct db *db, const struct actor *who, const struct village *v);
int village_get(struct db *db, int64_t id, struct village *v);
/* Find by exact name, code or alias; ST_OK / ST_NOTFOUND. */
int village_find(struct db *db, const char *key, struct village *v);
/* The comma-separated aliases as a JSON array of strings; caller owns it. */
json_t *village_aliases_json(const char *aliases);
/* All villages with person counts: [{id,name,code,type,aliases:[…],persons}] */
json_t *village_list(struct db *db);

#endif
