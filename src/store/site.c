/* Observation sites, rooms, occupancy and residents' needs; see site.h. */
#include "site.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int site_save(struct db *db, const struct actor *who, struct site *s)
{
	sqlite3_stmt *st =
	    s->id ? db_prep(db, "UPDATE sites SET name=?1,address=?2,capacity=?3,"
				"contact=?4,phone=?5,active=?6 WHERE id=?7")
		  : db_prep(db, "INSERT INTO sites(name,address,capacity,contact,phone,"
				"active,created_at) VALUES(?1,?2,?3,?4,?5,?6,?7)");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	db_bind_text(st, 1, s->name);
	db_bind_text(st, 2, s->address);
	sqlite3_bind_int(st, 3, s->capacity);
	db_bind_text(st, 4, s->contact);
	db_bind_text(st, 5, s->phone);
	sqlite3_bind_int(st, 6, s->active);
	sqlite3_bind_int64(st, 7, s->id ? s->id : clock_now());
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_rollback(db);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? ST_CONFLICT : ST_ERR;
	}
	if (s->id && !sqlite3_changes(db_handle(db))) {
		db_rollback(db);
		return ST_NOTFOUND;
	}
	if (!s->id)
		s->id = sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:s,s:i}", "name", s->name, "capacity", s->capacity);
	rc = audit_write(db, who, "site.save", "site", s->id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	return ST_OK;
}

int site_get(struct db *db, int64_t id, struct site *s)
{
	sqlite3_stmt *st = db_prep(db, "SELECT id,name,address,capacity,contact,phone,active FROM "
				       "sites WHERE id=?");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		db_copy_col(s->name, sizeof s->name, st, 1);
		db_copy_col(s->address, sizeof s->address, st, 2);
		s->capacity = sqlite3_column_int(st, 3);
		db_copy_col(s->contact, sizeof s->contact, st, 4);
		db_copy_col(s->phone, sizeof s->phone, st, 5);
		s->active = sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

json_t *site_list(struct db *db, int64_t only)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT s.id,s.name,s.address,s.capacity,s.contact,s.phone,s.active,"
		"(SELECT count(*) FROM rooms r WHERE r.site_id=s.id) AS rooms,"
		"(SELECT coalesce(sum(beds),0) FROM rooms r WHERE r.site_id=s.id) AS beds,"
		"(SELECT count(*) FROM observations o WHERE o.site_id=s.id AND o.kind='central'"
		" AND o.status IN ('active','lost')) AS occupied,"
		"(SELECT count(*) FROM observations o WHERE o.site_id=s.id AND o.kind='central'"
		" AND o.status='lost') AS lost,"
		"(SELECT count(*) FROM needs n JOIN observations o ON o.id=n.obs_id WHERE"
		" o.site_id=s.id AND n.status<>'handled') AS open_needs"
		" FROM sites s WHERE (?1 IS NULL OR s.id=?1) ORDER BY s.name");
	if (!st)
		return NULL;
	bind_id(st, 1, only);
	return db_rows_json(st);
}

json_t *site_detail(struct db *db, int64_t id)
{
	json_t *list = site_list(db, id);
	json_t *s = list ? json_incref(json_array_get(list, 0)) : NULL;
	json_decref(list);
	if (!s)
		return NULL;
	sqlite3_stmt *st = db_prep(
	    db, "SELECT r.id,r.number,r.beds,(SELECT json_group_array(json_object('bed',o.bed,"
		"'observation_id',o.id,'person_id',o.person_id,'name',p.name,'planned_end',"
		"o.planned_end,'status',o.status)) FROM observations o JOIN persons p ON"
		" p.id=o.person_id WHERE o.room_id=r.id AND o.kind='central' AND o.status IN"
		" ('active','lost')) AS occupants_json FROM rooms r WHERE r.site_id=? ORDER BY"
		" length(r.number), r.number");
	if (!st) {
		json_decref(s);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, id);
	json_t *rooms = db_rows_json(st);
	json_object_set_new(s, "room_list", rooms ? rooms : json_array());
	return s;
}

int site_room_add(struct db *db, const struct actor *who, int64_t site_id, const char *number,
		  int beds, int64_t *id)
{
	sqlite3_stmt *st = db_prep(db, "INSERT INTO rooms(site_id,number,beds) VALUES(?,?,?)");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, site_id);
	db_bind_text(st, 2, number);
	sqlite3_bind_int(st, 3, beds);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_rollback(db);
		return rc == SQLITE_CONSTRAINT_UNIQUE	  ? ST_CONFLICT
		       : (rc & 0xff) == SQLITE_CONSTRAINT ? ST_NOTFOUND
							  : ST_ERR;
	}
	*id = sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:I,s:s,s:i}", "site_id", (json_int_t)site_id, "number", number,
			      "beds", beds);
	rc = audit_write(db, who, "site.room", "site", site_id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	return ST_OK;
}

int need_add(struct db *db, const struct actor *who, int64_t obs_id, const struct obs_scope *sc,
	     const char *category, const char *text, int64_t *id)
{
	struct obs o;
	if (db_begin(db) < 0)
		return ST_ERR;
	int rc = obs_load(db, obs_id, sc, &o);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	sqlite3_stmt *st =
	    db_prep(db, "INSERT INTO needs(obs_id,category,text,status,created_at,"
			"created_by,updated_at,updated_by) VALUES(?1,?2,?3,'open',?4,"
			"?5,?4,?5)");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, obs_id);
	db_bind_text(st, 2, category);
	db_bind_text(st, 3, text);
	sqlite3_bind_int64(st, 4, clock_now());
	bind_id(st, 5, who->user_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto err;
	*id = sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:I,s:s}", "need_id", (json_int_t)*id, "category", category);
	rc = audit_write(db, who, "need.create", "observation", obs_id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

static int status_rank(const char *s)
{
	return !strcmp(s, "open")	   ? 0
	       : !strcmp(s, "in_progress") ? 1
	       : !strcmp(s, "handled")	   ? 2
					   : -1;
}

int need_set_status(struct db *db, const struct actor *who, int64_t id, const struct obs_scope *sc,
		    const char *status)
{
	if (status_rank(status) < 0)
		return ST_INVALID;
	if (db_begin(db) < 0)
		return ST_ERR;
	sqlite3_stmt *st =
	    db_prep(db, "SELECT n.status,n.obs_id FROM needs n JOIN observations o ON"
			" o.id=n.obs_id JOIN persons p ON p.id=o.person_id WHERE "
			"n.id=?1 AND (?2 IS NULL OR p.village_id=?2) AND (?3 IS NULL"
			" OR o.site_id=?3)");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, id);
	bind_id(st, 2, sc->village);
	bind_id(st, 3, sc->site);
	char cur[16] = "";
	int64_t obs_id = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_col(cur, sizeof cur, st, 0);
		obs_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		db_rollback(db);
		return rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
	}
	if (status_rank(status) <= status_rank(cur)) {
		db_rollback(db);
		return ST_INVALID;
	}
	st = db_prep(db, "UPDATE needs SET status=?2,updated_at=?3,updated_by=?4 WHERE id=?1");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, status);
	sqlite3_bind_int64(st, 3, clock_now());
	bind_id(st, 4, who->user_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto err;
	json_t *d = json_pack("{s:I,s:s}", "need_id", (json_int_t)id, "status", status);
	rc = audit_write(db, who, "need.status", "observation", obs_id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

json_t *need_list(struct db *db, const struct obs_scope *sc, int64_t site, const char *status)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT n.id,n.obs_id,p.name,s.name AS site_name,r.number AS room_number,o.bed,"
		"n.category,n.text,n.status,n.created_at,n.updated_at,u.name AS updated_by_name"
		" FROM needs n JOIN observations o ON o.id=n.obs_id JOIN persons p ON"
		" p.id=o.person_id LEFT JOIN sites s ON s.id=o.site_id LEFT JOIN rooms r ON"
		" r.id=o.room_id LEFT JOIN users u ON u.id=n.updated_by"
		" WHERE (?1 IS NULL OR p.village_id=?1) AND (?2 IS NULL OR o.site_id=?2)"
		" AND (?3 IS NULL AND n.status<>'handled' OR ?3='all' OR n.status=?3)"
		" ORDER BY n.status='handled', n.created_at DESC LIMIT 500");
	if (!st)
		return NULL;
	bind_id(st, 1, sc->village);
	bind_id(st, 2, sc->site ? sc->site : site);
	db_bind_text_null(st, 3, status);
	return db_rows_json(st);
}
