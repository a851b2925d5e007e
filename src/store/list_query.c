/*
 * Key-person lists after import: progress per list and village, the task
 * lists, assignment, results, candidates, the feedback rows; see list.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "list.h"
#include "person.h"
#include "util/clock.h"

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

json_t *list_mapping_get(struct db *db, const char *source)
{
	sqlite3_stmt *st = db_prep(db, "SELECT mapping FROM list_mappings WHERE source=?");
	json_t *m = NULL;
	if (!st || !source)
		return NULL;
	db_bind_text(st, 1, source);
	if (sqlite3_step(st) == SQLITE_ROW)
		m = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
	sqlite3_reset(st);
	return m;
}

int list_mapping_save(struct db *db, const char *source, json_t *mapping, int64_t user_id)
{
	sqlite3_stmt *st = db_prep(db, "INSERT INTO list_mappings(source,mapping,updated_at,"
				       "updated_by) VALUES(?1,?2,?3,?4) ON CONFLICT(source) DO "
				       "UPDATE SET mapping=?2,updated_at=?3,updated_by=?4");
	if (!st)
		return ST_ERR;
	char *m = json_dumps(mapping, JSON_COMPACT);
	db_bind_text(st, 1, source);
	db_bind_text(st, 2, m ? m : "{}");
	sqlite3_bind_int64(st, 3, clock_now());
	bind_id(st, 4, user_id);
	free(m);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : ST_ERR;
}

int64_t list_by_sha(struct db *db, const char *sha256)
{
	sqlite3_stmt *st = db_prep(db, "SELECT id FROM lists WHERE sha256=? ORDER BY id LIMIT 1");
	int64_t id = 0;
	if (!st)
		return 0;
	db_bind_text(st, 1, sha256);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

#define LIST_PROGRESS                                                                              \
	"l.id,l.source,l.batch,l.filename,l.received_at,l.deadline_at,l.rows,l.accepted,"          \
	"l.rejected,l.duplicates,l.doubtful,l.created_at,u.name AS created_by_name,"               \
	"(SELECT count(*) FROM tasks t WHERE t.list_id=l.id) AS tasks,"                            \
	"(SELECT count(*) FROM tasks t WHERE t.list_id=l.id AND t.status='done') AS verified,"     \
	"(SELECT count(*) FROM tasks t WHERE t.list_id=l.id AND t.village_id IS NULL) AS "         \
	"unassigned,"                                                                              \
	"(SELECT count(*) FROM tasks t WHERE t.list_id=l.id AND t.status='open' AND "              \
	"t.deadline_at<?1) AS overdue,"                                                            \
	"(SELECT count(*) FROM tasks t WHERE t.list_id=l.id AND t.flag<>'') AS flagged"

json_t *list_all(struct db *db, int64_t now, int64_t page, int64_t per_page)
{
	sqlite3_stmt *st = db_prep(db, "SELECT " LIST_PROGRESS " FROM lists l LEFT JOIN users u ON"
				       " u.id=l.created_by ORDER BY l.id DESC LIMIT ?2 OFFSET ?3");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, per_page);
	sqlite3_bind_int64(st, 3, (page - 1) * per_page);
	json_t *items = db_rows_json(st);
	if (!items)
		return NULL;
	return json_pack("{s:o,s:I}", "items", items, "total",
			 (json_int_t)db_scalar(db, "SELECT count(*) FROM lists", 0));
}

json_t *list_detail(struct db *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_prep(db, "SELECT " LIST_PROGRESS ",l.header AS header_json,"
				       "l.mapping AS mapping_json,l.header_row,l.sheet,l.sha256"
				       " FROM lists l LEFT JOIN users u ON u.id=l.created_by"
				       " WHERE l.id=?2");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	json_t *o = sqlite3_step(st) == SQLITE_ROW ? db_row_json(st) : NULL;
	sqlite3_reset(st);
	if (!o)
		return NULL;
	st = db_prep(
	    db, "SELECT t.village_id,coalesce(v.name,'（未分配）') AS village_name,"
		"count(*) AS total,"
		"count(*) FILTER (WHERE t.status='done') AS verified,"
		"count(*) FILTER (WHERE t.status='open' AND t.deadline_at<?2) AS overdue,"
		"count(*) FILTER (WHERE t.flag<>'') AS flagged,"
		"(SELECT json_group_object(r,n) FROM (SELECT coalesce(t2.result,'未核查') AS r,"
		" count(*) AS n FROM tasks t2 WHERE t2.list_id=?1 AND t2.village_id IS"
		" t.village_id GROUP BY 1)) AS results_json"
		" FROM tasks t LEFT JOIN villages v ON v.id=t.village_id WHERE t.list_id=?1"
		" GROUP BY t.village_id ORDER BY t.village_id IS NOT NULL, v.code");
	json_t *vill = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
		vill = db_rows_json(st);
	}
	json_object_set_new(o, "villages", vill ? vill : json_array());
	st = db_prep(db, "SELECT coalesce(result,'未核查') AS result,count(*) AS n FROM tasks"
			 " WHERE list_id=? GROUP BY 1 ORDER BY 2 DESC");
	json_t *res = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		res = db_rows_json(st);
	}
	json_object_set_new(o, "results", res ? res : json_array());
	return o;
}

json_t *list_problems(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_prep(db, "SELECT row_no,status,cells AS cells_json,problems AS "
				       "problems_json,dup_of FROM list_rows WHERE list_id=? AND"
				       " (status<>'accepted' OR problems<>'[]') ORDER BY row_no"
				       " LIMIT 100000");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	return db_rows_json(st);
}

#define TASK_FROM                                                                                  \
	" FROM tasks t JOIN persons p ON p.id=t.person_id LEFT JOIN villages v ON"                 \
	" v.id=t.village_id LEFT JOIN lists l ON l.id=t.list_id"
#define TASK_WHERE                                                                                 \
	" WHERE (?1 IS NULL OR t.list_id=?1)"                                                      \
	" AND (?2 IS NULL OR (?2=-1 AND t.village_id IS NULL) OR t.village_id=?2)"                 \
	" AND (?3 IS NULL OR (?3='overdue' AND t.status='open' AND t.deadline_at<?4)"              \
	"  OR t.status=?3)"                                                                        \
	" AND (?5 IS NULL OR p.name LIKE ?5 ESCAPE '\\' OR p.doc_number LIKE ?5 ESCAPE '\\'"       \
	"  OR p.phone LIKE ?5 ESCAPE '\\')"
#define TASK_COLS                                                                                  \
	"t.id,t.list_id,l.source,l.batch,t.person_id,p.name,p.sex,p.doc_type,p.doc_number,"        \
	"p.phone,p.address,t.village_id,v.name AS village_name,t.status,t.flag,"                   \
	"t.candidates AS candidates_json,t.arrival_date,t.origin,t.result,t.whereabouts,t.note,"   \
	"t.observation_id,t.result_at,t.deadline_at,t.created_at,t.source AS task_source,"         \
	"(t.status='open' AND t.deadline_at<?4) AS overdue"

/* "%q%" with LIKE's wildcards in q escaped, so "%" and "_" match themselves. */
static void like_pattern(const char *q, char *out, size_t n)
{
	size_t k = 0;
	out[k++] = '%';
	for (; *q && k + 3 < n; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[k++] = '\\';
		out[k++] = *q;
	}
	out[k++] = '%';
	out[k] = '\0';
}

json_t *task_list(struct db *db, const struct task_filter *f, int64_t scope_village, int64_t now)
{
	static const char count_sql[] = "SELECT count(*)" TASK_FROM TASK_WHERE;
	static const char list_sql[] = "SELECT " TASK_COLS TASK_FROM TASK_WHERE
				       " ORDER BY t.status='done', t.deadline_at, t.id"
				       " LIMIT ?6 OFFSET ?7";
	sqlite3_stmt *sts[2] = {db_prep(db, count_sql), db_prep(db, list_sql)};
	if (!sts[0] || !sts[1])
		return NULL;
	char like[256];
	like_pattern(f->q ? f->q : "", like, sizeof like);
	int64_t village = scope_village ? scope_village : f->village;
	if (scope_village && f->village && f->village != scope_village)
		village = -2; /* another village: nothing */
	for (int k = 0; k < 2; k++) {
		bind_id(sts[k], 1, f->list_id);
		bind_id(sts[k], 2, village);
		db_bind_text_null(sts[k], 3, f->status);
		sqlite3_bind_int64(sts[k], 4, now);
		if (f->q)
			db_bind_text(sts[k], 5, like);
	}
	sqlite3_bind_int64(sts[1], 6, f->per_page);
	sqlite3_bind_int64(sts[1], 7, (f->page - 1) * f->per_page);
	int64_t total = sqlite3_step(sts[0]) == SQLITE_ROW ? sqlite3_column_int64(sts[0], 0) : 0;
	sqlite3_reset(sts[0]);
	json_t *items = db_rows_json(sts[1]);
	return items ? json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total) : NULL;
}

/* 0-based index of a column letter ("A" → 0, "AB" → 27), -1 if none. */
static int col_index(const char *c)
{
	int v = 0;
	for (; c && *c >= 'A' && *c <= 'Z' && v < 100000; c++)
		v = v * 26 + (*c - 'A' + 1);
	return c && !*c && v ? v - 1 : -1;
}

/* What the list said that the import could not take as it was (the
 * warnings of the task's row: a phone that is not one, an odd date), each
 * with the cell as received, so the village can still call or correct it. */
static json_t *row_warnings(struct db *db, int64_t task_id)
{
	sqlite3_stmt *st = db_prep(db, "SELECT r.cells,r.problems FROM tasks t JOIN list_rows r ON"
				       " r.id=t.list_row_id WHERE t.id=? AND r.problems<>'[]'");
	json_t *out = json_array();
	if (!st)
		return out;
	sqlite3_bind_int64(st, 1, task_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_t *cells = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		json_t *probs = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
		size_t i;
		json_t *p;
		json_array_foreach(probs, i, p)
		{
			const char *lvl = json_string_value(json_object_get(p, "level"));
			if (!lvl || strcmp(lvl, "warning"))
				continue;
			int col = col_index(json_string_value(json_object_get(p, "column")));
			json_t *v = col >= 0 ? json_array_get(cells, (size_t)col) : NULL;
			json_t *w = json_pack(
			    "{s:O,s:O,s:O,s:O}", "field", json_object_get(p, "field"), "code",
			    json_object_get(p, "code"), "message", json_object_get(p, "message"),
			    "header", json_object_get(p, "header"));
			if (w) {
				json_object_set(w, "value", json_is_string(v) ? v : json_null());
				json_array_append_new(out, w);
			}
		}
		json_decref(cells);
		json_decref(probs);
	}
	sqlite3_reset(st);
	return out;
}

json_t *task_get(struct db *db, int64_t id, int64_t scope_village)
{
	sqlite3_stmt *st = db_prep(db, "SELECT " TASK_COLS TASK_FROM " WHERE t.id=?1 AND (?2 IS "
				       "NULL OR t.village_id=?2)");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	bind_id(st, 2, scope_village);
	sqlite3_bind_int64(st, 4, clock_now());
	json_t *o = sqlite3_step(st) == SQLITE_ROW ? db_row_json(st) : NULL;
	sqlite3_reset(st);
	if (o)
		json_object_set_new(o, "row_warnings", row_warnings(db, id));
	return o;
}

int task_assign(struct db *db, const struct actor *who, const int64_t *ids, int n,
		int64_t village_id)
{
	sqlite3_stmt *st =
	    db_prep(db, "UPDATE tasks SET village_id=?2,assigned_at=?3,assigned_by=?4"
			" WHERE id=?1 AND status='open'");
	int changed = 0;
	if (!st || db_begin(db) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		sqlite3_bind_int64(st, 2, village_id);
		sqlite3_bind_int64(st, 3, clock_now());
		bind_id(st, 4, who->user_id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			db_rollback(db);
			return -1;
		}
		sqlite3_reset(st);
		changed += sqlite3_changes(db_handle(db));
	}
	json_t *d = json_pack("{s:I,s:i}", "village_id", (json_int_t)village_id, "tasks", changed);
	int rc = audit_write(db, who, "task.assign", "village", village_id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return changed;
}

int task_result(struct db *db, const struct actor *who, int64_t id, int64_t scope_village,
		const char *result, const char *whereabouts, const char *note,
		int64_t observation_id)
{
	if (!task_result_known(result))
		return ST_INVALID;
	if (db_begin(db) < 0)
		return ST_ERR;
	sqlite3_stmt *st = db_prep(db, "UPDATE tasks SET status='done',result=?3,whereabouts=?4,"
				       "note=?5,observation_id=?6,result_at=?7,result_by=?8"
				       " WHERE id=?1 AND status='open' AND (?2 IS NULL OR"
				       " village_id=?2)");
	if (!st)
		goto err;
	sqlite3_bind_int64(st, 1, id);
	bind_id(st, 2, scope_village);
	db_bind_text(st, 3, result);
	db_bind_text(st, 4, whereabouts ? whereabouts : "");
	db_bind_text(st, 5, note ? note : "");
	bind_id(st, 6, observation_id);
	sqlite3_bind_int64(st, 7, clock_now());
	bind_id(st, 8, who->user_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto err;
	if (!sqlite3_changes(db_handle(db))) {
		json_t *t = task_get(db, id, scope_village);
		db_rollback(db);
		json_decref(t);
		return t ? ST_INVALID : ST_NOTFOUND;
	}
	json_t *d = json_pack("{s:s}", "result", result);
	rc = audit_write(db, who, "task.result", "task", id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0)
		goto err;
	return ST_OK;
err:
	db_rollback(db);
	return ST_ERR;
}

int task_self_found(struct db *db, const struct actor *who, int64_t person_id, int64_t village_id,
		    int64_t *id)
{
	/* registering the same find twice gives the open task back */
	sqlite3_stmt *q = db_prep(db, "SELECT id FROM tasks WHERE person_id=? AND source='自排发现'"
				      " AND status='open' ORDER BY id LIMIT 1");
	if (q) {
		sqlite3_bind_int64(q, 1, person_id);
		*id = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
		sqlite3_reset(q);
		if (*id)
			return ST_OK;
	}
	sqlite3_stmt *st = db_prep(db, "INSERT INTO tasks(person_id,village_id,source,status,"
				       "deadline_at,created_at) VALUES(?,?,'自排发现','open',?,?)");
	if (!st || db_begin(db) < 0)
		return ST_ERR;
	int64_t now = clock_now();
	sqlite3_bind_int64(st, 1, person_id);
	bind_id(st, 2, village_id);
	sqlite3_bind_int64(st, 3, now + 24 * 3600);
	sqlite3_bind_int64(st, 4, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_rollback(db);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? ST_NOTFOUND : ST_ERR;
	}
	*id = sqlite3_last_insert_rowid(db_handle(db));
	json_t *d = json_pack("{s:I}", "person_id", (json_int_t)person_id);
	rc = audit_write(db, who, "task.self_found", "task", *id, d);
	json_decref(d);
	if (rc < 0 || db_commit(db) < 0) {
		db_rollback(db);
		return ST_ERR;
	}
	return ST_OK;
}

int task_same_person(struct db *db, const struct actor *who, int64_t id, int64_t candidate)
{
	json_t *t = task_get(db, id, 0);
	if (!t)
		return ST_NOTFOUND;
	int64_t from = json_integer_value(json_object_get(t, "person_id"));
	int listed = 0;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(t, "candidates"), i, c) listed |=
	    json_integer_value(c) == candidate;
	json_decref(t);
	if (!listed)
		return ST_INVALID;
	int rc = person_merge(db, who, candidate, from);
	if (rc != ST_OK)
		return rc;
	sqlite3_stmt *st = db_prep(db, "UPDATE tasks SET person_id=?2,candidates='[]' WHERE "
				       "person_id=?1");
	if (!st)
		return ST_ERR;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, candidate);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : ST_ERR;
}

int list_feedback(struct db *db, int64_t id, list_feedback_fn cb, void *ctx)
{
	sqlite3_stmt *st = db_prep(
	    db,
	    "SELECT r.cells, coalesce(t.result,'未核查'), "
	    "CASE WHEN t.observation_id IS NOT NULL THEN (SELECT CASE o.kind WHEN 'home' THEN"
	    " '居家医学观察' ELSE '集中医学观察' END FROM observations o WHERE"
	    " o.id=t.observation_id) WHEN t.result='已落实-健康监测' THEN '健康监测' ELSE '' END,"
	    " coalesce(u.name,''), t.result_at,"
	    " trim(coalesce(t.flag,'')||' '||coalesce(t.whereabouts,'')||' '||coalesce(t.note,''))"
	    " ||CASE WHEN r.status='duplicate' THEN '（与第'||r.dup_of||'行重复）' ELSE '' END"
	    " FROM list_rows r"
	    " LEFT JOIN tasks t ON t.list_row_id=coalesce((SELECT r2.id FROM list_rows r2 WHERE"
	    "  r2.list_id=r.list_id AND r2.row_no=r.dup_of),r.id)"
	    " LEFT JOIN users u ON u.id=t.result_by"
	    " WHERE r.list_id=? AND r.status<>'rejected' ORDER BY r.row_no");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *cells = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		if (!cells)
			cells = json_array();
		char when[20] = "";
		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			time_t t = (time_t)(sqlite3_column_int64(st, 4) + 8 * 3600);
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		}
		json_t *res = json_pack("[ssss s]", (const char *)sqlite3_column_text(st, 1),
					(const char *)sqlite3_column_text(st, 2),
					(const char *)sqlite3_column_text(st, 3), when,
					(const char *)sqlite3_column_text(st, 5));
		int stop = cb(ctx, cells, res);
		json_decref(cells);
		json_decref(res);
		if (stop)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

json_t *task_overdue(struct db *db, int64_t now)
{
	sqlite3_stmt *st = db_prep(db, "SELECT t.village_id,coalesce(v.name,'（未分配）') AS "
				       "village_name,count(*) AS overdue FROM tasks t LEFT JOIN"
				       " villages v ON v.id=t.village_id WHERE t.status='open' AND"
				       " t.deadline_at<? GROUP BY t.village_id ORDER BY 3 DESC");
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, now);
	return db_rows_json(st);
}
