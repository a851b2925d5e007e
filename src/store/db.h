/*
 * db — the SQLite connection layer.  The only place outside src/store/ that
 * sees a database handle is the CLI/serve setup, which opens it here.
 *
 * One connection per thread (db_thread()), WAL, foreign keys on,
 * synchronous=FULL so an acknowledged commit survives a crash, numbered
 * migrations applied at open (PRAGMA user_version).  Prepared statements are
 * cached per connection, keyed by the address of the SQL string literal, so
 * every query is compiled once per thread.
 */
#ifndef FK_DB_H
#define FK_DB_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

struct db;

enum db_flags {
	DB_CREATE = 1 << 0,   /* create the file if missing */
	DB_READONLY = 1 << 1, /* open read-only (no migration) */
};

/* Store results: 0 ok, -1 database error (logged), >0 a domain outcome. */
enum store_rc { ST_OK = 0, ST_ERR = -1, ST_NOTFOUND = 1, ST_CONFLICT = 2, ST_INVALID = 3 };

/* Open `path` and bring its schema to the latest version.  NULL on error
 * (message on stderr).  Caller frees with db_close(). */
struct db *db_open(const char *path, int flags);
void db_close(struct db *db);
/* The schema version this binary migrates to. */
int db_schema_version(void);

/* Per-thread connections for the server: set the path once, then each
 * thread gets (and keeps until it exits) its own connection.  NULL on error. */
void db_thread_setup(const char *path);
struct db *db_thread(void);

/* A cached prepared statement for the string literal `sql`.  The statement is
 * reset and its bindings cleared before it is returned; it stays owned by the
 * connection.  NULL on a compile error (logged). */
sqlite3_stmt *db_prep(struct db *db, const char *sql);
/* Run SQL without results (may contain several statements). */
int db_exec(struct db *db, const char *sql);
sqlite3 *db_handle(struct db *db);
/* A number no other connection opened by this process had or will have: a
 * key for per-connection caches kept outside struct db (an address can be
 * reused after db_close). */
uint64_t db_serial(const struct db *db);

/* Write transactions: BEGIN IMMEDIATE so writers queue on the lock instead of
 * failing mid-transaction.  db_commit() returns -1 if the commit failed (the
 * transaction is then rolled back). */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* A bulk write transaction (a list import: a million rows, one commit) whose
 * caller guarantees the foreign keys and CHECK constraints of what it
 * inserts: both are off until db_bulk_end(), which the caller calls after its
 * commit or rollback; so is the memory map, which would otherwise count every
 * index page the import touches in the process's memory.  SQLite recompiles
 * cached statements after each switch.  -1 if BEGIN failed (settings
 * restored). */
int db_bulk_begin(struct db *db);
void db_bulk_end(struct db *db);

/* Bind helpers: NULL / empty string binds SQL NULL for db_bind_text_null. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
void db_bind_text_null(sqlite3_stmt *st, int i, const char *s);
/* Text column i into a fixed-size field ("" for NULL), cut to fit. */
void db_copy_col(char *dst, size_t n, sqlite3_stmt *st, int i);
/* The same without SQLite's copy: `s` must stay valid and unchanged until
 * the statement has been stepped and reset (the write paths of bulk imports
 * and screenings bind a row's fields, step once, reset). */
void db_bind_static(sqlite3_stmt *st, int i, const char *s);
void db_bind_static_null(sqlite3_stmt *st, int i, const char *s);
/* Current row as a JSON object (column names → values; NULL → null).
 * Columns whose name ends in "_json" are parsed and stored without suffix. */
json_t *db_row_json(sqlite3_stmt *st);
/* Step through every row of `st` into a new JSON array; NULL on error. */
json_t *db_rows_json(sqlite3_stmt *st);
/* One integer from a query without parameters; `dflt` if there is no row. */
int64_t db_scalar(struct db *db, const char *sql, int64_t dflt);

/* Database file size in bytes (page_count * page_size). */
int64_t db_size(struct db *db);

#endif
