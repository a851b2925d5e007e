/*
 * gcommit — group commit: many small writes, one fsync.
 *
 * With synchronous=FULL every commit waits for the disk (≈5 ms on the
 * machines we measured), so one transaction per screening caps a checkpoint
 * at ~200 entries/s however many phones send at once.  Here one writer
 * thread owns a connection, takes every write queued while the previous
 * batch was committing, applies them (one bad write cannot spoil the
 * others: see gc_apply_fn), commits once, and only then reports each write
 * done — so every acknowledgement still means "on disk".
 */
#ifndef FK_GCOMMIT_H
#define FK_GCOMMIT_H

#include "db.h"

/* Runs inside the batch transaction; return ST_OK or an error (the write's
 * changes are rolled back, the other writes of the batch kept).  When a
 * write of the batch fails, the batch is rolled back and applied again, so
 * apply may run twice for the same write: it must start from its inputs,
 * not from what a previous run left in `arg`. */
typedef int (*gc_apply_fn)(struct db *db, void *arg);
/* Runs after the batch committed (rc = the apply result) or failed (rc =
 * ST_ERR); may read through db.  Called on the writer thread. */
typedef void (*gc_done_fn)(struct db *db, void *arg, int rc);

/* Start the writer on `path`.  0 ok. */
int gc_start(const char *path);
/* Queue a write.  -1 if the writer is not running (do it inline instead). */
int gc_submit(gc_apply_fn apply, gc_done_fn done, void *arg);
/* Drain the queue and stop. */
void gc_stop(void);
/* 1 when gc_start succeeded and gc_stop has not been called. */
int gc_running(void);

#endif
