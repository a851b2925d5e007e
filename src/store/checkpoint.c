/*
 * Checkpoints, shifts and screenings in SQLite; see checkpoint.h.  A
 * screening is one short write transaction (the screening, its persons,
 * sightings); lookups are a handful of indexed point queries.
 */
#include "checkpoint.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/obs.h"
#include "util/clock.h"

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : rc;
}

/* ---- checkpoints ---- */

int cp_save(struct db *db, const struct actor *who, struct checkpoint *c)
{
	sqlite3_stmt *st = c->id ? db_prep(db, "UPDATE checkpoints SET name=?1,location=?2,type=?3,"
					       "active=?4 WHERE id=?5")
				 : db_prep(db, "INSERT INTO checkpoints(name,location,type,active,"
					       "created_at) VALUES(?1,?2,?3,?4,?5)");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	db_bind_text(st, 1, c->name);
	db_bind_text(st, 2, c->location);
	db_bind_text(st, 3, c->type);
	sqlite3_bind_int(st, 4, c->active);
	sqlite3_bind_int64(st, 5, c->id ? c->id : clock_now());
	int rc = step_done(st);
	if (rc) {
		db_rollback(db);
		return rc == SQLITE_CONSTRAINT_UNIQUE	  ? ST_CONFLICT
		       : (rc & 0xff) == SQLITE_CONSTRAINT ? ST_INVALID
							  : ST_ERR;
	}
	if (c->id && !sqlite3_changes(db_handle(db))) {
		db_rollback(db);
		return ST_NOTFOUND;
	}
	if (!c->id)
		c->id = sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:s}", "name", c->name);
	rc = audit_write(db, who, "checkpoint.save", "checkpoint", c->id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	return ST_OK;
}

int cp_get(struct db *db, int64_t id, struct checkpoint *c)
{
	sqlite3_stmt *st =
	    db_prep(db, "SELECT id,name,location,type,active FROM checkpoints WHERE id=?");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->id = sqlite3_column_int64(st, 0);
		db_copy_col(c->name, sizeof c->name, st, 1);
		db_copy_col(c->location, sizeof c->location, st, 2);
		db_copy_col(c->type, sizeof c->type, st, 3);
		c->active = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
}

json_t *cp_list(struct db *db, int64_t now)
{
	sqlite3_stmt *st = db_prep(
	    db, "SELECT c.id,c.name,c.location,c.type,c.active,"
		"(SELECT s.id FROM shifts s WHERE s.checkpoint_id=c.id AND s.starts_at<=?1 AND"
		" s.ends_at>?1 ORDER BY s.starts_at DESC LIMIT 1) AS current_shift_id"
		" FROM checkpoints c ORDER BY c.active DESC, c.name");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, now);
	return db_rows_json(st);
}

/* ---- shifts ---- */

int shift_create(struct db *db, const struct actor *who, int64_t cp, int64_t starts, int64_t ends,
		 const char *note, json_t *staff, int64_t *id)
{
	sqlite3_stmt *st = db_prep(db, "INSERT INTO shifts(checkpoint_id,starts_at,ends_at,note,"
				       "created_by,created_at) VALUES(?,?,?,?,?,?)");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, cp);
	sqlite3_bind_int64(st, 2, starts);
	sqlite3_bind_int64(st, 3, ends);
	db_bind_text(st, 4, note ? note : "");
	bind_id(st, 5, who->user_id);
	sqlite3_bind_int64(st, 6, clock_now());
	int rc = step_done(st);
	if (rc) {
		db_rollback(db);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? ST_INVALID : ST_ERR;
	}
	*id = sqlite3_last_insert_rowid(db_handle(db));
	size_t i;
	json_t *m;
	json_array_foreach(staff, i, m)
	{
		int64_t uid = json_integer_value(json_object_get(m, "user_id"));
		const char *name = json_string_value(json_object_get(m, "name"));
		st = db_prep(db, "INSERT INTO shift_staff(shift_id,user_id,name) VALUES(?1,?2,"
				 "coalesce(?3,(SELECT name FROM users WHERE id=?2),''))");
		if (!st)
			goto err;
		sqlite3_bind_int64(st, 1, *id);
		bind_id(st, 2, uid);
		db_bind_text_null(st, 3, name);
		rc = step_done(st);
		if (rc) {
			db_rollback(db);
			return (rc & 0xff) == SQLITE_CONSTRAINT ? ST_INVALID : ST_ERR;
		}
	}
	json_t *d = json_pack("{s:I,s:i}", "checkpoint_id", (json_int_t)cp, "staff",
			      (int)json_array_size(staff));
	rc = audit_write(db, who, "shift.create", "shift", *id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

json_t *shift_list(struct db *db, int64_t cp, int64_t from, int64_t to)
{
	sqlite3_stmt *st = db_prep(
	    db,
	    "SELECT s.id,s.checkpoint_id,c.name AS checkpoint_name,s.starts_at,s.ends_at,s.note,"
	    "(SELECT json_group_array(json_object('id',f.id,'user_id',f.user_id,'name',f.name,"
	    "'signed_in_at',f.signed_in_at,'signed_out_at',f.signed_out_at,'handover',"
	    "f.handover)) FROM shift_staff f WHERE f.shift_id=s.id) AS staff_json,"
	    "(SELECT count(*) FROM screenings x WHERE x.shift_id=s.id) AS screenings"
	    " FROM shifts s JOIN checkpoints c ON c.id=s.checkpoint_id"
	    " WHERE (?1 IS NULL OR s.checkpoint_id=?1) AND s.ends_at>?2 AND s.starts_at<?3"
	    " ORDER BY s.starts_at DESC LIMIT 500");
	if (!st)
		return NULL;
	bind_id(st, 1, cp);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	return db_rows_json(st);
}

int shift_sign(struct db *db, const struct actor *who, int64_t shift, int64_t user,
	       const char *name, int in, const char *handover, int64_t now, const char **why)
{
	*why = NULL;
	if (db_begin(db) < 0)
		return ST_ERR;
	/* a checkpoint user works only at their own checkpoint: another
	 * checkpoint's shift does not exist for them */
	sqlite3_stmt *st =
	    db_prep(db, "SELECT 1 FROM shifts s JOIN users u ON u.id=?2 WHERE s.id=?1"
			" AND (u.role<>'checkpoint' OR u.checkpoint_id=s.checkpoint_id)");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, shift);
	sqlite3_bind_int64(st, 2, user);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		db_rollback(db);
		return rc == SQLITE_DONE ? ST_NOTFOUND : ST_ERR;
	}
	st = db_prep(db, "SELECT f.id,f.signed_in_at,f.signed_out_at FROM shift_staff f"
			 " JOIN shifts s ON s.id=f.shift_id WHERE f.shift_id=?1 AND"
			 " f.user_id=?2 ORDER BY f.id DESC LIMIT 1");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, shift);
	sqlite3_bind_int64(st, 2, user);
	int64_t staff = 0, signed_in = 0, signed_out = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		staff = sqlite3_column_int64(st, 0);
		signed_in = sqlite3_column_int64(st, 1);
		signed_out = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (!staff && in) { /* a stand-in joins the shift */
		st = db_prep(db,
			     "INSERT INTO shift_staff(shift_id,user_id,name) SELECT id,?2,?3 FROM"
			     " shifts WHERE id=?1");
		if (!st)
			goto err;
		sqlite3_bind_int64(st, 1, shift);
		sqlite3_bind_int64(st, 2, user);
		db_bind_text(st, 3, name);
		if (step_done(st) || !sqlite3_changes(db_handle(db))) {
			db_rollback(db);
			return ST_NOTFOUND;
		}
		staff = sqlite3_last_insert_rowid(db_handle(db));
	}
	if (!staff || (in && signed_in) || (!in && (!signed_in || signed_out))) {
		*why = !staff ? "shift_not_on" : in ? "shift_signed_in" : "shift_not_signed_in";
		db_rollback(db);
		return ST_INVALID;
	}
	st = in ? db_prep(db, "UPDATE shift_staff SET signed_in_at=?2 WHERE id=?1")
		: db_prep(db, "UPDATE shift_staff SET signed_out_at=?2,handover=?3 WHERE id=?1");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, staff);
	sqlite3_bind_int64(st, 2, now);
	if (!in)
		db_bind_text(st, 3, handover ? handover : "");
	if (step_done(st))
		goto err;
	if (audit_write(db, who, in ? "shift.signin" : "shift.signout", "shift", shift, NULL) < 0 ||
	    db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

json_t *shift_hours(struct db *db, int from_date, int to_date, int64_t now)
{
	/* split each signed-in span at local midnights into per-day hours */
	sqlite3_stmt *st = db_prep(
	    db, "SELECT coalesce(f.user_id,0),f.name,f.signed_in_at,coalesce(f.signed_out_at,?3),"
		"c.name FROM shift_staff f JOIN shifts s ON s.id=f.shift_id JOIN checkpoints c ON"
		" c.id=s.checkpoint_id WHERE f.signed_in_at IS NOT NULL AND f.signed_in_at<?2 AND"
		" coalesce(f.signed_out_at,?3)>?1 ORDER BY "
		"coalesce(f.user_id,0),f.name,f.signed_in_at");
	if (!st)
		return NULL;
	int64_t from = date_local_time(from_date, 0), to = date_local_time(date_add(to_date, 1), 0);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, now);
	json_t *people = json_object();
	char prev[96] = "";
	int64_t prev_end = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char key[96];
		const char *name = (const char *)sqlite3_column_text(st, 1);
		snprintf(key, sizeof key, "%lld:%s", (long long)sqlite3_column_int64(st, 0), name);
		json_t *p = json_object_get(people, key);
		if (!p) {
			p = json_pack("{s:I,s:s,s:{},s:f}", "user_id",
				      (json_int_t)sqlite3_column_int64(st, 0), "name", name, "days",
				      "total_hours", 0.0);
			json_object_set_new(people, key, p);
		}
		int64_t a = sqlite3_column_int64(st, 2), b = sqlite3_column_int64(st, 3);
		/* back-to-back shifts overlap at handover: count each hour once */
		if (!strcmp(prev, key) && a < prev_end)
			a = prev_end;
		if (strcmp(prev, key) || b > prev_end)
			prev_end = b;
		snprintf(prev, sizeof prev, "%s", key);
		if (a < from)
			a = from;
		if (b > to)
			b = to;
		while (a < b) {
			int d = clock_local_date(a);
			int64_t end = date_local_time(date_add(d, 1), 0);
			int64_t piece = (b < end ? b : end) - a;
			char ds[11];
			date_format(d, ds, sizeof ds);
			json_t *days = json_object_get(p, "days");
			double h =
			    json_real_value(json_object_get(days, ds)) + (double)piece / 3600.0;
			json_object_set_new(days, ds, json_real(h));
			json_object_set_new(
			    p, "total_hours",
			    json_real(json_real_value(json_object_get(p, "total_hours")) +
				      (double)piece / 3600.0));
			a += piece;
		}
	}
	sqlite3_reset(st);
	json_t *out = json_array();
	const char *k;
	json_t *p;
	json_object_foreach(people, k, p)
	{
		double maxday = 0;
		const char *dk;
		json_t *h;
		json_object_foreach(json_object_get(p, "days"), dk,
				    h) if (json_real_value(h) > maxday) maxday = json_real_value(h);
		json_object_set_new(p, "max_day_hours", json_real(maxday));
		json_object_set_new(p, "over_limit", json_boolean(maxday >= 12));
		json_array_append(out, p);
	}
	json_decref(people);
	return out;
}
