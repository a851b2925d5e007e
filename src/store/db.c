/*
 * SQLite connection handling; see db.h.  The server's workload is many short
 * reads (session check + one query) and small write transactions, from a
 * fixed pool of threads, so each thread keeps one connection with its
 * statements compiled once.  The file is memory-mapped (up to 2 GB, SQLite's
 * limit): reads of a big town's pages are then plain memory accesses instead
 * of a read() per page missing from the connection's cache.
 */
#include "db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "util/log.h"
#include "util/xalloc.h"

/* The per-connection settings a bulk transaction changes and restores. */
#define DB_DEFAULTS                                                                                \
	"PRAGMA foreign_keys=ON; PRAGMA ignore_check_constraints=OFF;"                             \
	"PRAGMA cache_size=-32000; PRAGMA mmap_size=2147418112;"

#define STMT_SLOTS 1024 /* power of two; open addressing by SQL pointer */

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	uint64_t serial; /* unique per connection opened by this process */
	struct stmt_slot slots[STMT_SLOTS];
	int nslots;
};

int db_schema_version(void)
{
	return schema_count;
}

static int migrate(struct db *db)
{
	sqlite3_stmt *st;
	int v = 0;
	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (v > schema_count) {
		fprintf(stderr, "数据库版本 %d 比本程序新（%d），请升级 fangkong\n", v,
			schema_count);
		return -1;
	}
	for (; v < schema_count; v++) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
		if (db_begin(db) < 0 || db_exec(db, schema_migrations[v]) < 0 ||
		    db_exec(db, pragma) < 0 || db_commit(db) < 0) {
			db_rollback(db);
			fprintf(stderr, "数据库迁移 %d 失败\n", v + 1);
			return -1;
		}
		log_info("database migrated to version %d", v + 1);
	}
	return 0;
}

/* Before SQLite initialises: no memory statistics, which would take a
 * process-wide mutex on every allocation of every thread. */
static void sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct db *db_open(const char *path, int flags)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, sqlite_configure);
	static uint64_t serials;
	struct db *db = xcalloc(1, sizeof *db);
	db->serial = __atomic_add_fetch(&serials, 1, __ATOMIC_RELAXED);
	int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & DB_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		fprintf(stderr, "无法打开数据库 %s：%s\n", path, sqlite3_errmsg(db->h));
		db_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->h, 10000);
	sqlite3_extended_result_codes(db->h, 1);
	if (schema_functions(db->h) < 0)
		goto fail;
	if (db_exec(db, "PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;" DB_DEFAULTS) < 0)
		goto fail;
	if (!(flags & DB_READONLY)) {
		if (db_exec(db, "PRAGMA journal_mode=WAL;") < 0 || migrate(db) < 0)
			goto fail;
	}
	return db;
fail:
	db_close(db);
	return NULL;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < STMT_SLOTS; i++)
		sqlite3_finalize(db->slots[i].st);
	sqlite3_close_v2(db->h);
	free(db);
}

sqlite3 *db_handle(struct db *db)
{
	return db->h;
}

uint64_t db_serial(const struct db *db)
{
	return db->serial;
}

/* ---- per-thread connections ---- */

static char *thread_path;
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

static void thread_close(void *p)
{
	db_close(p);
}

static void thread_key_make(void)
{
	pthread_key_create(&thread_key, thread_close);
}

void db_thread_setup(const char *path)
{
	free(thread_path);
	thread_path = xstrdup(path);
	pthread_once(&thread_once, thread_key_make);
}

struct db *db_thread(void)
{
	struct db *db = pthread_getspecific(thread_key);
	if (db)
		return db;
	db = db_open(thread_path, 0);
	if (db)
		pthread_setspecific(thread_key, db);
	return db;
}

/* ---- statements ---- */

sqlite3_stmt *db_prep(struct db *db, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	for (unsigned i = 0; i < STMT_SLOTS; i++) {
		struct stmt_slot *s = &db->slots[(h + i) & (STMT_SLOTS - 1)];
		if (s->sql == sql) {
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			return s->st;
		}
		if (!s->sql) {
			sqlite3_stmt *st;
			if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
					       NULL) != SQLITE_OK) {
				log_error("sql prepare: %s: %.200s", sqlite3_errmsg(db->h), sql);
				return NULL;
			}
			if (db->nslots >= STMT_SLOTS * 3 / 4) {
				/* more distinct queries than slots: a programming error */
				log_error("statement cache full");
				sqlite3_finalize(st);
				return NULL;
			}
			s->sql = sql;
			s->st = st;
			db->nslots++;
			return st;
		}
	}
	return NULL;
}

int db_exec(struct db *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_error("sql exec: %s", err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_bulk_begin(struct db *db)
{
	/* foreign_keys is ignored inside a transaction: set before BEGIN */
	if (db_exec(db, "PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON;"
			"PRAGMA mmap_size=0;") < 0 ||
	    db_begin(db) < 0) {
		db_bulk_end(db);
		return -1;
	}
	return 0;
}

void db_bulk_end(struct db *db)
{
	db_exec(db, DB_DEFAULTS);
}

int db_commit(struct db *db)
{
	if (db_exec(db, "COMMIT") < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

void db_copy_col(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	snprintf(dst, n, "%s", s ? s : "");
}

void db_bind_text_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_static(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

void db_bind_static_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

json_t *db_row_json(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		size_t nl = strlen(name);
		json_t *v;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, i));
			break;
		case SQLITE_NULL:
			v = json_null();
			break;
		default: {
			const char *t = (const char *)sqlite3_column_text(st, i);
			size_t tl = (size_t)sqlite3_column_bytes(st, i);
			if (nl > 5 && strcmp(name + nl - 5, "_json") == 0) {
				char key[64];
				snprintf(key, sizeof key, "%.*s", (int)(nl - 5), name);
				json_t *j = json_loadb(t, tl, JSON_DECODE_ANY, NULL);
				json_object_set_new(o, key, j ? j : json_null());
				continue;
			}
			v = json_stringn(t, tl);
			if (!v)
				v = json_string("");
		}
		}
		/* column names come from our own SQL: ASCII, no need to check */
		json_object_setn_new_nocheck(o, name, nl, v);
	}
	return o;
}

json_t *db_rows_json(sqlite3_stmt *st)
{
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, db_row_json(st));
	if (rc != SQLITE_DONE) {
		log_error("sql step: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
		json_decref(a);
		return NULL;
	}
	return a;
}

int64_t db_scalar(struct db *db, const char *sql, int64_t dflt)
{
	sqlite3_stmt *st = db_prep(db, sql);
	int64_t v = dflt;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

int64_t db_size(struct db *db)
{
	return db_scalar(
	    db, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size", 0);
}
