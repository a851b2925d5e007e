/* Village storage; see village.h. */
#include "village.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int write_village(struct db *db, const struct actor *who, const struct village *v,
			 int64_t *id)
{
	sqlite3_stmt *st;
	if (v->id)
		st = db_prep(db,
			     "UPDATE villages SET name=?1,code=?2,type=?3,aliases=?4 WHERE id=?5");
	else
		st = db_prep(db, "INSERT INTO villages(name,code,type,aliases,created_at) "
				 "VALUES(?1,?2,?3,?4,?5)");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	db_bind_text(st, 1, v->name);
	db_bind_text(st, 2, v->code);
	db_bind_text(st, 3, v->type);
	db_bind_text(st, 4, v->aliases);
	sqlite3_bind_int64(st, 5, v->id ? v->id : (int64_t)time(NULL));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_rollback(db);
		return rc == SQLITE_CONSTRAINT_UNIQUE	  ? ST_CONFLICT
		       : (rc & 0xff) == SQLITE_CONSTRAINT ? ST_INVALID
							  : ST_ERR;
	}
	if (v->id && sqlite3_changes(db_handle(db)) == 0) {
		db_rollback(db);
		return ST_NOTFOUND;
	}
	*id = v->id ? v->id : sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:s,s:s}", "name", v->name, "code", v->code);
	rc = audit_write(db, who, v->id ? "village.update" : "village.create", "village", *id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	return ST_OK;
}

int village_create(struct db *db, const struct actor *who, const struct village *v, int64_t *id)
{
	struct village c = *v;
	c.id = 0;
	return write_village(db, who, &c, id);
}

int village_update(struct db *db, const struct actor *who, const struct village *v)
{
	int64_t id;
	return write_village(db, who, v, &id);
}

static int get_where(struct db *db, sqlite3_stmt *st, struct village *v)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v->id = sqlite3_column_int64(st, 0);
		db_copy_col(v->name, sizeof v->name, st, 1);
		db_copy_col(v->code, sizeof v->code, st, 2);
		db_copy_col(v->type, sizeof v->type, st, 3);
		db_copy_col(v->aliases, sizeof v->aliases, st, 4);
	}
	sqlite3_reset(st);
	(void)db;
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

int village_get(struct db *db, int64_t id, struct village *v)
{
	sqlite3_stmt *st = db_prep(db, "SELECT id,name,code,type,aliases FROM villages WHERE id=?");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	return get_where(db, st, v);
}

int village_find(struct db *db, const char *key, struct village *v)
{
	if (!key || !*key || strchr(key, ','))
		return ST_NOTFOUND; /* an alias never holds a comma */
	sqlite3_stmt *st = db_prep(
	    db, "SELECT id,name,code,type,aliases FROM villages WHERE name=?1 OR code=?1 "
		"OR instr(','||aliases||',', ','||?1||',')>0 ORDER BY name=?1 DESC LIMIT 1");
	if (!st)
		return ST_ERR;
	db_bind_text(st, 1, key);
	return get_where(db, st, v);
}

json_t *village_aliases_json(const char *aliases)
{
	json_t *a = json_array();
	const char *p = aliases ? aliases : "";
	while (*p) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l)
			json_array_append_new(a, json_stringn(p, l));
		p += l + (e ? 1 : 0);
	}
	return a;
}

json_t *village_list(struct db *db)
{
	/* aliases are split here, not in SQL: an alias may hold any character
	 * a JSON string must escape (quotes, backslashes) */
	sqlite3_stmt *st = db_prep(
	    db, "SELECT v.id,v.name,v.code,v.type,v.aliases,"
		"(SELECT count(*) FROM persons p WHERE p.village_id=v.id AND p.merged_into IS NULL)"
		" AS persons FROM villages v ORDER BY v.code");
	json_t *items = st ? db_rows_json(st) : NULL;
	size_t i;
	json_t *row;
	json_array_foreach(items, i, row)
	{
		const char *al = json_string_value(json_object_get(row, "aliases"));
		json_object_set_new(row, "aliases", village_aliases_json(al));
	}
	return items;
}
