/* Group commit writer thread and its WAL checkpointer; see gcommit.h. */
#include "gcommit.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/log.h"
#include "util/xalloc.h"

#define BATCH_MAX 4096
/* WAL pages after which the checkpointer copies them into the database
 * (SQLite's own automatic checkpoint threshold), and after which the writer
 * does it itself: under a load without pause the checkpointer never catches
 * up with the last frame, and only a checkpoint by the writer lets the WAL
 * start over instead of growing without bound. */
#define CKPT_PAGES 1000
#define CKPT_WRITER_PAGES 8000

struct item {
	gc_apply_fn apply;
	gc_done_fn done;
	void *arg;
	int rc;
	struct item *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct item *head, *tail;
static int running, stopping;
static pthread_t writer;
static char *db_path;

/* The checkpointer: a thread with its own connection, woken after a commit
 * that left more than CKPT_PAGES in the WAL.  A checkpoint (copying ~1,000
 * pages into the database and an fsync of it) in the writer's commit held up
 * every write queued behind it: the commit of a batch cost 3.5 times as much
 * with it as without. */
static pthread_mutex_t ckpt_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ckpt_wake = PTHREAD_COND_INITIALIZER;
static pthread_t ckpt_thread;
static int ckpt_wanted, ckpt_stopping, ckpt_running;

static void *ckpt_main(void *unused)
{
	(void)unused;
	struct db *db = db_open(db_path, 0);
	pthread_mutex_lock(&ckpt_lock);
	for (;;) {
		while (!ckpt_wanted && !ckpt_stopping)
			pthread_cond_wait(&ckpt_wake, &ckpt_lock);
		if (ckpt_stopping)
			break;
		ckpt_wanted = 0;
		pthread_mutex_unlock(&ckpt_lock);
		if (db && sqlite3_wal_checkpoint_v2(db_handle(db), NULL, SQLITE_CHECKPOINT_PASSIVE,
						    NULL, NULL) != SQLITE_OK)
			log_warn("checkpoint: %s", sqlite3_errmsg(db_handle(db)));
		pthread_mutex_lock(&ckpt_lock);
	}
	pthread_mutex_unlock(&ckpt_lock);
	db_close(db);
	return NULL;
}

/* After each commit of the writer (SQLite's WAL hook, which replaces the
 * automatic checkpoint): wake the checkpointer, or checkpoint here when the
 * WAL has grown past what the checkpointer keeps up with. */
static int on_wal(void *unused, sqlite3 *h, const char *name, int pages)
{
	(void)unused;
	if (pages >= CKPT_WRITER_PAGES || !ckpt_running) {
		if (pages >= CKPT_PAGES)
			sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		return SQLITE_OK;
	}
	if (pages >= CKPT_PAGES) {
		pthread_mutex_lock(&ckpt_lock);
		ckpt_wanted = 1;
		pthread_cond_signal(&ckpt_wake);
		pthread_mutex_unlock(&ckpt_lock);
	}
	return SQLITE_OK;
}

static struct item *take_batch(void)
{
	pthread_mutex_lock(&lock);
	while (!head && !stopping)
		pthread_cond_wait(&wake, &lock);
	struct item *batch = head, *last = head;
	int n = 1;
	while (last && last->next && n < BATCH_MAX) {
		last = last->next;
		n++;
	}
	if (last) {
		head = last->next;
		if (!head)
			tail = NULL;
		last->next = NULL;
	}
	pthread_mutex_unlock(&lock);
	return batch;
}

/* A cached one-off statement (savepoints run thousands of times a second). */
static void step(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_prep(db, sql);
	if (st) {
		sqlite3_step(st);
		sqlite3_reset(st);
	}
}

/* Apply each write of the batch.  Optimistic (careful = 0): no savepoints,
 * stop at the first failure (-1; the caller rolls the batch back).
 * Careful: each write in its own savepoint, a failed one rolled back alone. */
static int apply_all(struct db *db, struct item *batch, int careful)
{
	for (struct item *it = batch; it; it = it->next) {
		if (careful)
			step(db, "SAVEPOINT w");
		it->rc = it->apply(db, it->arg);
		if (it->rc != ST_OK && !careful)
			return -1;
		if (it->rc != ST_OK)
			step(db, "ROLLBACK TO w");
		if (careful)
			step(db, "RELEASE w");
	}
	return 0;
}

/* A savepoint per write cost more than the two statements: SQLite copies
 * each page a write first touches into the savepoint's journal.  Writes are
 * validated before they are queued, so a batch almost never fails: it runs
 * without savepoints, and only when a write fails is the batch rolled back
 * and run again, each write in its own savepoint (apply runs twice then;
 * gcommit.h). */
static void run_batch(struct db *db, struct item *batch)
{
	int ok = db_begin(db) == 0;
	if (ok && apply_all(db, batch, 0) < 0) {
		db_rollback(db);
		ok = db_begin(db) == 0;
		if (ok)
			apply_all(db, batch, 1);
	}
	if (!ok)
		for (struct item *it = batch; it; it = it->next)
			it->rc = ST_ERR;

	if (ok && db_commit(db) < 0) {
		log_error("group commit failed");
		for (struct item *it = batch; it; it = it->next)
			it->rc = ST_ERR;
	}
	while (batch) {
		struct item *next = batch->next;
		batch->done(db, batch->arg, batch->rc);
		free(batch);
		batch = next;
	}
}

static void *writer_main(void *unused)
{
	(void)unused;
	struct db *db = db_open(db_path, 0);
	if (db)
		sqlite3_wal_hook(db_handle(db), on_wal, NULL);
	for (;;) {
		struct item *batch = take_batch();
		if (!batch)
			break; /* stopping and drained */
		if (db) {
			run_batch(db, batch);
			continue;
		}
		while (batch) { /* no database: every write fails, none is lost silently */
			struct item *next = batch->next;
			batch->done(NULL, batch->arg, ST_ERR);
			free(batch);
			batch = next;
		}
	}
	db_close(db);
	return NULL;
}

static void gc_stop_checkpointer(void)
{
	if (!ckpt_running)
		return;
	pthread_mutex_lock(&ckpt_lock);
	ckpt_stopping = 1;
	pthread_cond_signal(&ckpt_wake);
	pthread_mutex_unlock(&ckpt_lock);
	pthread_join(ckpt_thread, NULL);
	ckpt_running = 0;
}

int gc_start(const char *path)
{
	db_path = xstrdup(path);
	stopping = 0;
	ckpt_stopping = 0;
	ckpt_running = pthread_create(&ckpt_thread, NULL, ckpt_main, NULL) == 0;
	if (pthread_create(&writer, NULL, writer_main, NULL) != 0) {
		gc_stop_checkpointer();
		return -1;
	}
	running = 1;
	return 0;
}

int gc_running(void)
{
	return running;
}

int gc_submit(gc_apply_fn apply, gc_done_fn done, void *arg)
{
	if (!running)
		return -1;
	struct item *it = xcalloc(1, sizeof *it);
	it->apply = apply;
	it->done = done;
	it->arg = arg;
	pthread_mutex_lock(&lock);
	if (tail)
		tail->next = it;
	else
		head = it;
	tail = it;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	return 0;
}

void gc_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = 1;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(writer, NULL);
	running = 0;
	gc_stop_checkpointer();
	free(db_path);
	db_path = NULL;
}
