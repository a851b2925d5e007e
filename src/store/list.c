/*
 * Key-person list storage; see list.h.  An import holds one write
 * transaction and a handful of prepared statements, and keeps the village
 * keys in memory (the reader finds the in-file duplicates).
 *
 * It works in three passes, so that the person indexes are walked in order
 * rather than at random (on a town of a million persons nearly every
 * random index access is a page read; the walk in order reads each page
 * once for all the rows that fall on it):
 *   1. as the rows arrive, in file order: each row is stored (list_rows)
 *      and each accepted one is staged, with its village, in a temporary
 *      table on disk;
 *   2. the staged rows sorted by document number: each is matched (the
 *      document-number indexes, walked in order) or becomes a new person,
 *      whose document numbers then go in at the end of the same walk;
 *   3. the staged rows again in file order: one task each, so a village's
 *      tasks keep the list's order.
 * On bench's 1M-person town (bench/README.md), the 495,000 new persons of
 * the 1M list went in in 28 s in file order and 14 s sorted (an SQL
 * experiment); the whole 1M CSV import went from 75 s to 54 s.  Sorting
 * also settles a name + phone row above the ID row of the same person: the
 * ID row creates the person, with its number, and the other row finds it.
 */
#include "list.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/listmap.h"
#include "person.h"
#include "schema.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xalloc.h"

const char *const task_results[] = {"已落实-居家医学观察",
				    "已落实-集中医学观察",
				    "已落实-健康监测",
				    "不在本地",
				    "查无此人",
				    "信息有误",
				    "其他",
				    NULL};

int task_result_known(const char *r)
{
	for (int i = 0; r && task_results[i]; i++)
		if (!strcmp(r, task_results[i]))
			return 1;
	return 0;
}

static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int64_t one_id(sqlite3_stmt *st)
{
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

struct list_import {
	struct db *db;
	struct buf cells; /* the row's cells as JSON, reused row after row */
	const struct actor *who;
	struct list_summary s;
	int64_t deadline_at, now;
	int nv;
	int64_t *vids;
	char **vkeys;	   /* village names and aliases, for address matching */
	char *fts_trigger; /* person_fts_ins, dropped for the import (see below) */
	int64_t first_new; /* the id the first person created gets */
	int failed;
	int64_t staged;		 /* rows in list_stage (rowids 1..staged) */
	int64_t *controlled_ids; /* load_controlled, ascending */
	size_t ncontrolled;
	int64_t *person; /* pass 2's person per staged row, by rowid */
	struct cands {
		int64_t row; /* first: sorted and searched as an int64_t */
		char *json;
	} * cands; /* the rows with candidates, sorted by row for pass 3 */
	size_t ncands, capcands;
};

/* The staging table of pass 1 (see the top): in the temporary database,
 * which list_import_begin puts on disk for the import. */
static const char stage_sql[] =
    "CREATE TEMP TABLE list_stage(row_id INTEGER NOT NULL,village INTEGER,name TEXT,"
    "name_py TEXT,sex INTEGER,doc_type TEXT,doc_number TEXT,birth_date TEXT,phone TEXT,"
    "address TEXT,hukou TEXT,notes TEXT,arrival INTEGER,origin TEXT)";

static void load_villages(struct list_import *im)
{
	sqlite3_stmt *st = db_prep(im->db, "SELECT id,name,aliases FROM villages");
	int cap = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		char all[1024];
		snprintf(all, sizeof all, "%s,%s", (const char *)sqlite3_column_text(st, 1),
			 (const char *)sqlite3_column_text(st, 2));
		for (char *tok = all, *next; tok; tok = next) {
			next = strchr(tok, ',');
			if (next)
				*next++ = '\0';
			if (!*tok)
				continue;
			if (im->nv == cap) {
				cap = cap ? cap * 2 : 128;
				im->vids = xrealloc(im->vids, (size_t)cap * sizeof *im->vids);
				im->vkeys = xrealloc(im->vkeys, (size_t)cap * sizeof *im->vkeys);
			}
			im->vids[im->nv] = sqlite3_column_int64(st, 0);
			im->vkeys[im->nv++] = xstrdup(tok);
		}
	}
	if (st)
		sqlite3_reset(st);
}

static void list_import_finish_free(struct list_import *im);

/* The person search index is kept by a trigger per person inserted, and
 * FTS5 writes its pending data out at every statement's end: ~4 M
 * instructions per new person on the 1M town.  For the import the trigger
 * is dropped (inside the transaction: a rollback brings it back) and
 * _finish indexes the new persons in one statement and re-creates the
 * trigger from its own stored SQL. */
static int fts_suspend(struct list_import *im)
{
	sqlite3_stmt *st = db_prep(im->db, "SELECT sql FROM sqlite_master WHERE type='trigger' AND "
					   "name='person_fts_ins' AND tbl_name='persons'");
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		im->fts_trigger = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!im->fts_trigger)
		return 0;
	st = db_prep(im->db, "SELECT coalesce(max(id),0)+1 FROM persons");
	if (!st)
		return -1;
	im->first_new = one_id(st);
	return db_exec(im->db, "DROP TRIGGER person_fts_ins");
}

#define FTS_SLICE 10000

static int fts_resume(struct list_import *im)
{
	if (!im->fts_trigger)
		return 0;
	sqlite3_stmt *st = db_prep(im->db, "SELECT coalesce(max(id),0)+1 FROM persons");
	if (!st)
		return -1;
	int64_t end = one_id(st);
	/* in slices: one statement's journal and FTS5's pending terms for
	 * 500,000 persons would take hundreds of MB */
	for (int64_t from = im->first_new; from < end; from += FTS_SLICE) {
		for (int k = 0; k < 2; k++) {
			st = db_prep(im->db, k ? schema_person_vfts_fill : schema_person_fts_fill);
			if (!st)
				return -1;
			sqlite3_bind_int64(st, 1, from);
			sqlite3_bind_int64(st, 2, from + FTS_SLICE);
			int rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return -1;
		}
	}
	return db_exec(im->db, im->fts_trigger);
}

/* Back to the connection's settings (the temporary table is gone with
 * the transaction, or dropped by _finish before the commit). */
static void list_bulk_end(struct db *db)
{
	db_bulk_end(db);
	db_exec(db, "PRAGMA temp_store=MEMORY");
}

int list_import_begin(struct db *db, const struct actor *who, const struct list_meta *m,
		      struct list_import **out, int64_t *dup)
{
	*out = NULL;
	*dup = 0;
	/* the rows' references (list, row, person, village) come from this
	 * transaction and their status/sex values from this file's constants
	 * and validation, so checking them again per insert is pure cost (a
	 * CHECK x IN (3 or more values) even builds a temporary b-tree per
	 * row); _finish ends the bulk mode */
	/* the staging table and pass 2's sort go to files, not memory (a
	 * million rows are ~150 MB); set outside a transaction */
	if (db_exec(db, "PRAGMA temp_store=FILE") < 0 || db_bulk_begin(db) < 0) {
		db_exec(db, "PRAGMA temp_store=MEMORY");
		return ST_ERR;
	}
	sqlite3_stmt *st = db_prep(db, "SELECT id FROM lists WHERE sha256=? ORDER BY id LIMIT 1");
	if (!st)
		goto err;
	db_bind_text(st, 1, m->sha256);
	*dup = one_id(st);
	if (*dup && !m->force) {
		db_rollback(db);
		list_bulk_end(db);
		return ST_CONFLICT;
	}
	st = db_prep(db, "INSERT INTO lists(source,batch,filename,sha256,sheet,header_row,header,"
			 "mapping,received_at,deadline_at,created_by,created_at) "
			 "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		goto err;
	char *hdr = json_dumps(m->header, JSON_COMPACT);
	char *map = json_dumps(m->mapping, JSON_COMPACT);
	db_bind_text(st, 1, m->source);
	db_bind_text(st, 2, m->batch ? m->batch : "");
	db_bind_text(st, 3, m->filename);
	db_bind_text(st, 4, m->sha256);
	db_bind_text(st, 5, m->sheet ? m->sheet : "");
	sqlite3_bind_int(st, 6, m->header_row);
	db_bind_text(st, 7, hdr ? hdr : "[]");
	db_bind_text(st, 8, map ? map : "{}");
	sqlite3_bind_int64(st, 9, m->received_at);
	sqlite3_bind_int64(st, 10, m->deadline_at);
	bind_id(st, 11, who->user_id);
	sqlite3_bind_int64(st, 12, clock_now());
	free(hdr);
	free(map);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto err;
	struct list_import *im = xcalloc(1, sizeof *im);
	im->db = db;
	im->who = who;
	buf_init(&im->cells, 0);
	im->s.list_id = sqlite3_last_insert_rowid(db_handle(db));
	im->deadline_at = m->deadline_at;
	im->now = clock_now();
	load_villages(im);
	if (fts_suspend(im) < 0 || db_exec(db, stage_sql) < 0) {
		list_import_finish_free(im);
		goto err;
	}
	*out = im;
	return ST_OK;
err:
	db_rollback(db);
	list_bulk_end(db);
	return ST_ERR;
}

/* The cells array as compact JSON into im->cells: all strings, written here
 * without building a jansson dump; anything else falls back to jansson. */
static const char *cells_json(struct list_import *im, json_t *cells, char **dumped)
{
	size_t i;
	json_t *c;
	*dumped = NULL;
	buf_reset(&im->cells);
	buf_addch(&im->cells, '[');
	json_array_foreach(cells, i, c)
	{
		if (!json_is_string(c) || (i && buf_addch(&im->cells, ',') < 0) ||
		    buf_add_json_str(&im->cells, json_string_value(c), json_string_length(c)) < 0)
			return *dumped = json_dumps(cells, JSON_COMPACT);
	}
	buf_addch(&im->cells, ']');
	return im->cells.s;
}

static int64_t insert_row(struct list_import *im, const struct list_row_in *r, const char *status,
			  json_t *problems, long dup_of)
{
	sqlite3_stmt *st = db_prep(im->db, "INSERT INTO list_rows(list_id,row_no,cells,status,"
					   "problems,dup_of) VALUES(?,?,?,?,?,?)");
	if (!st)
		return -1;
	char *cells;
	const char *cj = cells_json(im, r->cells, &cells);
	char *pr = json_array_size(problems) ? json_dumps(problems, JSON_COMPACT) : NULL;
	sqlite3_bind_int64(st, 1, im->s.list_id);
	sqlite3_bind_int64(st, 2, r->row_no);
	db_bind_text(st, 3, cj ? cj : "[]");
	db_bind_text(st, 4, status);
	db_bind_text(st, 5, pr ? pr : "[]");
	if (dup_of)
		sqlite3_bind_int64(st, 6, dup_of);
	free(cells);
	free(pr);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db_handle(im->db)) : -1;
}

/* Find the person: 0 if none.  Sets *how (1 doc, 2 name+phone). */
static int64_t match_person(struct list_import *im, const struct person *p)
{
	sqlite3_stmt *st;
	if (p->doc_number[0]) {
		st = db_prep(im->db, "SELECT id FROM persons WHERE doc_type=? AND doc_number=? AND "
				     "merged_into IS NULL");
		if (!st)
			return -1;
		db_bind_text(st, 1, p->doc_type);
		db_bind_text(st, 2, p->doc_number);
		int64_t id = one_id(st);
		if (id)
			return id;
	}
	if (p->phone[0]) {
		st = db_prep(im->db, "SELECT id FROM persons WHERE phone=? AND +name=? AND "
				     "merged_into IS NULL LIMIT 1");
		if (!st)
			return -1;
		db_bind_text(st, 1, p->phone);
		db_bind_text(st, 2, p->name);
		return one_id(st);
	}
	return 0;
}

static json_t *candidates_of(struct list_import *im, const struct person *p, int64_t except)
{
	json_t *a = json_array();
	if (!p->birth_date[0])
		return a;
	sqlite3_stmt *st =
	    db_prep(im->db, "SELECT id FROM persons WHERE name=? AND birth_date=? AND "
			    "merged_into IS NULL AND id<>? LIMIT 5");
	if (!st)
		return a;
	db_bind_text(st, 1, p->name);
	db_bind_text(st, 2, p->birth_date);
	sqlite3_bind_int64(st, 3, except);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_integer(sqlite3_column_int64(st, 0)));
	sqlite3_reset(st);
	return a;
}

/* The persons already under control — under observation (or lost from
 * it), or verified as 已落实 in an earlier list — read once, sorted, for
 * pass 2 to look up in memory: two random index reads per matched row
 * saved (the import itself adds neither observations nor done tasks).
 * The open observations come from their own partial index, already in
 * person order and without a table read: 24 ms for the bench town's
 * 79,174 (the planner's own choice, obs_due, took 260 ms). */
static int load_controlled(struct list_import *im)
{
	sqlite3_stmt *st = db_prep(
	    im->db, "SELECT person_id FROM observations INDEXED BY obs_one_open WHERE status IN "
		    "('active','lost') UNION SELECT person_id FROM tasks WHERE status='done' AND "
		    "result LIKE '已落实%' ORDER BY 1");
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (im->ncontrolled == cap) {
			cap = cap ? cap * 2 : 1024;
			im->controlled_ids =
			    xrealloc(im->controlled_ids, cap * sizeof *im->controlled_ids);
		}
		im->controlled_ids[im->ncontrolled++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Orders int64_t values, and structs that begin with one. */
static int i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* A person created by this import is never in the set: it has no
 * observation and no task yet. */
static int already_controlled(const struct list_import *im, int64_t person)
{
	return im->ncontrolled &&
	       bsearch(&person, im->controlled_ids, im->ncontrolled, sizeof person, i64_cmp);
}

static int64_t place_village(struct list_import *im, const struct list_row_in *r,
			     const struct person *p)
{
	if (r->village_text && *r->village_text) {
		for (int i = 0; i < im->nv; i++)
			if (!strcmp(im->vkeys[i], r->village_text))
				return im->vids[i];
		int k = list_village_in_address(r->village_text, (const char *const *)im->vkeys,
						im->nv);
		if (k >= 0)
			return im->vids[k];
	}
	int k = list_village_in_address(p->address, (const char *const *)im->vkeys, im->nv);
	return k >= 0 ? im->vids[k] : 0;
}

static int64_t new_person(struct list_import *im, struct person *p)
{
	snprintf(p->source, sizeof p->source, "上级下发");
	/* no audit row per person: the import is audited once (list.import) */
	sqlite3_stmt *st = db_prep(
	    im->db, "INSERT INTO persons(name,name_py,sex,doc_type,doc_number,birth_date,phone,"
		    "address,village_id,hukou,notes,source,created_at,updated_at,created_by) "
		    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?13,?14)");
	if (!st)
		return -1;
	db_bind_text(st, 1, p->name);
	db_bind_text(st, 2, p->name_py);
	sqlite3_bind_int(st, 3, p->sex);
	db_bind_text(st, 4, p->doc_type);
	db_bind_text_null(st, 5, p->doc_number);
	db_bind_text_null(st, 6, p->birth_date);
	db_bind_text_null(st, 7, p->phone);
	db_bind_text(st, 8, p->address);
	bind_id(st, 9, p->village_id);
	db_bind_text(st, 10, p->hukou);
	db_bind_text(st, 11, p->notes);
	db_bind_text(st, 12, p->source);
	sqlite3_bind_int64(st, 13, im->now);
	bind_id(st, 14, im->who->user_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db_handle(im->db)) : -1;
}

static int insert_task(struct list_import *im, int64_t row_id, int64_t person, int64_t village,
		       const char *flag, const char *cands, int arrival, const char *origin)
{
	sqlite3_stmt *st = db_prep(
	    im->db, "INSERT INTO tasks(list_id,list_row_id,person_id,village_id,status,flag,"
		    "candidates,arrival_date,origin,deadline_at,created_at) "
		    "VALUES(?,?,?,?,'open',?,?,?,?,?,?)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, im->s.list_id);
	sqlite3_bind_int64(st, 2, row_id);
	sqlite3_bind_int64(st, 3, person);
	bind_id(st, 4, village);
	db_bind_text(st, 5, flag);
	db_bind_text(st, 6, cands ? cands : "[]");
	if (arrival) {
		char d[11];
		date_format(arrival, d, sizeof d);
		db_bind_text(st, 7, d);
	} else {
		sqlite3_bind_null(st, 7);
	}
	db_bind_text(st, 8, origin ? origin : "");
	sqlite3_bind_int64(st, 9, im->deadline_at);
	sqlite3_bind_int64(st, 10, im->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Pass 1 for an accepted row: into the staging table, in file order. */
static int stage_row(struct list_import *im, int64_t row_id, int64_t village,
		     const struct list_row_in *r)
{
	sqlite3_stmt *st =
	    db_prep(im->db, "INSERT INTO temp.list_stage(row_id,village,name,name_py,sex,doc_type,"
			    "doc_number,birth_date,phone,address,hukou,notes,arrival,origin) "
			    "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");
	if (!st)
		return -1;
	const struct person *p = &r->p;
	sqlite3_bind_int64(st, 1, row_id);
	bind_id(st, 2, village);
	db_bind_text(st, 3, p->name);
	db_bind_text(st, 4, p->name_py);
	sqlite3_bind_int(st, 5, p->sex);
	db_bind_text(st, 6, p->doc_type);
	db_bind_text_null(st, 7, p->doc_number);
	db_bind_text(st, 8, p->birth_date);
	db_bind_text(st, 9, p->phone);
	db_bind_text(st, 10, p->address);
	db_bind_text(st, 11, p->hukou);
	db_bind_text(st, 12, p->notes);
	sqlite3_bind_int(st, 13, r->arrival);
	db_bind_text(st, 14, r->origin ? r->origin : "");
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void cand_add(struct list_import *im, int64_t row, json_t *cands)
{
	if (im->ncands == im->capcands) {
		im->capcands = im->capcands ? im->capcands * 2 : 64;
		im->cands = xrealloc(im->cands, im->capcands * sizeof *im->cands);
	}
	im->cands[im->ncands].row = row;
	im->cands[im->ncands++].json = json_dumps(cands, JSON_COMPACT);
}

/* Pass 2: the staged rows by document number (those without one last, so
 * that a name + phone row meets the person its ID row created): each is
 * matched or becomes a new person. */
static int stage_match(struct list_import *im)
{
	im->person = xcalloc((size_t)im->staged + 1, sizeof *im->person);
	if (load_controlled(im) < 0)
		return -1;
	/* the columns in person_read_row's order */
	sqlite3_stmt *st = db_prep(im->db, "SELECT rowid,name,name_py,sex,doc_type,doc_number,"
					   "birth_date,phone,address,village,hukou,notes "
					   "FROM temp.list_stage ORDER BY doc_number IS NULL,"
					   "doc_type,doc_number,rowid");
	if (!st)
		return -1;
	int rc;
	struct person p;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t k = sqlite3_column_int64(st, 0);
		if (k < 1 || k > im->staged)
			break;
		person_read_row(st, &p);
		int64_t person = match_person(im, &p);
		if (person < 0)
			break;
		if (person) {
			im->s.matched_existing++;
			if (already_controlled(im, person))
				im->s.flagged++;
		} else {
			person = new_person(im, &p);
			if (person < 0)
				break;
			im->s.new_persons++;
			json_t *cands = candidates_of(im, &p, person);
			if (json_array_size(cands)) {
				im->s.candidates++;
				cand_add(im, k, cands);
			}
			json_decref(cands);
		}
		im->person[k] = person;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (im->ncands)
		qsort(im->cands, im->ncands, sizeof *im->cands, i64_cmp);
	return 0;
}

/* Pass 3: a task per staged row, in file order. */
static int stage_tasks(struct list_import *im)
{
	sqlite3_stmt *st = db_prep(im->db, "SELECT rowid,row_id,village,arrival,origin "
					   "FROM temp.list_stage ORDER BY rowid");
	if (!st)
		return -1;
	size_t c = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t k = sqlite3_column_int64(st, 0);
		if (k < 1 || k > im->staged || !im->person[k])
			break;
		while (c < im->ncands && im->cands[c].row < k)
			c++;
		const char *cands =
		    c < im->ncands && im->cands[c].row == k ? im->cands[c].json : NULL;
		if (insert_task(
			im, sqlite3_column_int64(st, 1), im->person[k], sqlite3_column_int64(st, 2),
			already_controlled(im, im->person[k]) ? "已在管控" : "", cands,
			sqlite3_column_int(st, 3), (const char *)sqlite3_column_text(st, 4)) < 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int list_import_row(struct list_import *im, const struct list_row_in *r)
{
	if (im->failed)
		return -1;
	im->s.rows++;
	if (!r->ok) {
		im->s.rejected++;
		if (insert_row(im, r, "rejected", r->problems, 0) < 0)
			goto fail;
		return 0;
	}
	/* the reader found the person on an earlier row (io/listfile.c) */
	if (r->dup_of) {
		im->s.duplicates++;
		return insert_row(im, r, "duplicate", r->problems, r->dup_of) < 0
			   ? (im->failed = 1, -1)
			   : 0;
	}
	int64_t row_id = insert_row(im, r, "accepted", r->problems, 0);
	if (row_id < 0)
		goto fail;
	im->s.accepted++;
	im->s.doubtful += json_array_size(r->problems) > 0;
	int64_t village = place_village(im, r, &r->p);
	if (stage_row(im, row_id, village, r) < 0)
		goto fail;
	im->staged++;
	if (village)
		im->s.dispatched++;
	else
		im->s.unassigned++;
	return 0;
fail:
	im->failed = 1;
	return -1;
}

void list_import_set_header(struct list_import *im, json_t *header, json_t *mapping,
			    long header_row, const char *sheet)
{
	sqlite3_stmt *st = db_prep(im->db, "UPDATE lists SET header=?2,mapping=?3,header_row=?4,"
					   "sheet=?5 WHERE id=?1");
	if (!st) {
		im->failed = 1;
		return;
	}
	char *h = json_dumps(header, JSON_COMPACT), *m = json_dumps(mapping, JSON_COMPACT);
	sqlite3_bind_int64(st, 1, im->s.list_id);
	db_bind_text(st, 2, h ? h : "[]");
	db_bind_text(st, 3, m ? m : "{}");
	sqlite3_bind_int64(st, 4, header_row);
	db_bind_text(st, 5, sheet ? sheet : "");
	free(h);
	free(m);
	if (sqlite3_step(st) != SQLITE_DONE)
		im->failed = 1;
	sqlite3_reset(st);
}

int list_import_finish(struct list_import *im, int commit, struct list_summary *s)
{
	int rc = ST_OK;
	/* passes 2 and 3 (see the top), for a dry run's counts too */
	if (!im->failed && commit >= 0 &&
	    (stage_match(im) < 0 || stage_tasks(im) < 0 ||
	     db_exec(im->db, "DROP TABLE temp.list_stage") < 0))
		im->failed = 1;
	*s = im->s;
	if (im->failed)
		commit = 0, rc = ST_ERR;
	if (commit > 0) {
		sqlite3_stmt *st =
		    db_prep(im->db, "UPDATE lists SET rows=?2,accepted=?3,rejected=?4,"
				    "duplicates=?5,doubtful=?6 WHERE id=?1");
		json_t *d = json_pack(
		    "{s:I,s:I,s:I,s:I,s:I}", "rows", (json_int_t)s->rows, "accepted",
		    (json_int_t)s->accepted, "new_persons", (json_int_t)s->new_persons, "matched",
		    (json_int_t)s->matched_existing, "rejected", (json_int_t)s->rejected);
		if (st) {
			sqlite3_bind_int64(st, 1, s->list_id);
			sqlite3_bind_int64(st, 2, s->rows);
			sqlite3_bind_int64(st, 3, s->accepted);
			sqlite3_bind_int64(st, 4, s->rejected);
			sqlite3_bind_int64(st, 5, s->duplicates);
			sqlite3_bind_int64(st, 6, s->doubtful);
		}
		if (!st || sqlite3_step(st) != SQLITE_DONE || fts_resume(im) < 0 ||
		    audit_write(im->db, im->who, "list.import", "list", s->list_id, d) < 0 ||
		    db_commit(im->db) < 0)
			rc = ST_ERR;
		if (st)
			sqlite3_reset(st);
		json_decref(d);
	}
	if (commit <= 0 || rc != ST_OK)
		db_rollback(im->db);
	list_bulk_end(im->db);
	list_import_finish_free(im);
	return rc;
}

static void list_import_finish_free(struct list_import *im)
{
	for (int i = 0; i < im->nv; i++)
		free(im->vkeys[i]);
	free(im->vkeys);
	free(im->vids);
	buf_release(&im->cells);
	free(im->fts_trigger);
	for (size_t i = 0; i < im->ncands; i++)
		free(im->cands[i].json);
	free(im->cands);
	free(im->person);
	free(im->controlled_ids);
	free(im);
}
