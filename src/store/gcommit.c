/* Group commit writer thread; see gcommit.h. */
#include "gcommit.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/log.h"
#include "util/xalloc.h"

#define BATCH_MAX 4096

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

static void run_batch(struct db *db, struct item *batch)
{
	int ok = db_begin(db) == 0;
	for (struct item *it = batch; it; it = it->next) {
		if (!ok) {
			it->rc = ST_ERR;
			continue;
		}
		step(db, "SAVEPOINT w");
		it->rc = it->apply(db, it->arg);
		if (it->rc != ST_OK)
			step(db, "ROLLBACK TO w");
		step(db, "RELEASE w");
	}

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

int gc_start(const char *path)
{
	db_path = xstrdup(path);
	stopping = 0;
	if (pthread_create(&writer, NULL, writer_main, NULL) != 0)
		return -1;
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
	free(db_path);
	db_path = NULL;
}
