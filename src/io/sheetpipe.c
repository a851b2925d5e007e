/*
 * sheetpipe — the reader on a second thread, the caller's row callback on
 * the caller's thread.
 *
 * An import does real work per row (validation, matching, SQLite); parsing
 * a large XLSX is as much again.  On two cores the two overlap: the reader
 * thread copies each row into a batch (up to 512 rows or 256 KB of text),
 * hands full batches over, and waits when three are in flight, so memory
 * stays bounded whatever the file.  The caller sees the same calls in the
 * same order as without the pipe; `meta` is updated from a snapshot taken
 * with each batch, so it never changes under a running callback.
 */
#include "io/sheet_impl.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define BATCH_ROWS 512
#define BATCH_TEXT ((size_t)256 << 10)
#define BATCHES 3

struct brow {
	long row;
	size_t first; /* index of its first cell */
	int n;
};

struct batch {
	struct batch *next;
	char *text;
	size_t tlen, tcap;
	struct sheet_cell *cells; /* s holds an offset into text until handed over */
	size_t ncells, ccap;
	struct brow rows[BATCH_ROWS];
	int nrows;
	struct sheet_meta meta;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* anything changed */
	struct batch *full, *full_tail, *spare;
	int nbatches;
	int done, rc;	   /* the reader finished, with rc */
	atomic_int stop;   /* the caller stopped: the reader should too */
	struct batch *cur; /* the reader's batch being filled */
	struct sheet_ctx *r;
	enum sheet_format format;
	struct sheet_meta meta; /* the reader's */
	struct sheet_error err; /* the reader's */
};

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	free(b->text);
	free(b->cells);
	free(b);
}

/* Reader side: a batch to fill (a spare one, a new one, or wait). */
static struct batch *take_spare(struct pipe *p)
{
	struct batch *b = NULL;

	pthread_mutex_lock(&p->mu);
	while (!p->spare && p->nbatches >= BATCHES && !atomic_load(&p->stop))
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->spare) {
		b = p->spare;
		p->spare = b->next;
	} else if (!atomic_load(&p->stop)) {
		b = xcalloc(1, sizeof *b);
		p->nbatches++;
	}
	pthread_mutex_unlock(&p->mu);
	if (b) {
		b->tlen = b->ncells = 0;
		b->nrows = 0;
		b->next = NULL;
	}
	return b;
}

static void hand_over(struct pipe *p)
{
	struct batch *b = p->cur;

	p->cur = NULL;
	if (!b)
		return;
	b->meta = p->meta;
	pthread_mutex_lock(&p->mu);
	if (p->full_tail)
		p->full_tail->next = b;
	else
		p->full = b;
	p->full_tail = b;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* The reader's row callback: copy the row into the current batch. */
static int put(void *ctx, long row, const struct sheet_cell *cells, int n)
{
	struct pipe *p = ctx;
	struct batch *b;
	size_t text = 0;

	if (atomic_load_explicit(&p->stop, memory_order_relaxed))
		return 1;
	for (int i = 0; i < n; i++)
		text += cells[i].len + 1;
	if (p->cur && (p->cur->nrows == BATCH_ROWS || p->cur->tlen + text > BATCH_TEXT))
		hand_over(p);
	if (!p->cur && !(p->cur = take_spare(p)))
		return 1;
	b = p->cur;
	if (b->tlen + text > b->tcap) { /* small files stay small */
		b->tcap = b->tcap ? 2 * b->tcap : 16384;
		if (b->tcap < b->tlen + text)
			b->tcap = b->tlen + text;
		b->text = xrealloc(b->text, b->tcap);
	}
	if (b->ncells + (size_t)n > b->ccap) {
		b->ccap = b->ccap ? 2 * b->ccap : 256;
		if (b->ccap < b->ncells + (size_t)n)
			b->ccap = b->ncells + (size_t)n;
		b->cells = xrealloc(b->cells, b->ccap * sizeof *b->cells);
	}
	b->rows[b->nrows].row = row;
	b->rows[b->nrows].first = b->ncells;
	b->rows[b->nrows].n = n;
	b->nrows++;
	for (int i = 0; i < n; i++) {
		struct sheet_cell *c = &b->cells[b->ncells++];
		*c = cells[i];
		memcpy(b->text + b->tlen, cells[i].s, cells[i].len + 1);
		c->s = (const char *)(uintptr_t)b->tlen;
		b->tlen += cells[i].len + 1;
	}
	return 0;
}

static void *reader(void *arg)
{
	struct pipe *p = arg;
	int rc = sheet_dispatch(p->r, p->format);

	hand_over(p);
	pthread_mutex_lock(&p->mu);
	p->done = 1;
	p->rc = rc;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Caller side: the next full batch, or NULL when the reader is done. */
static struct batch *next_full(struct pipe *p)
{
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	while (!p->full && !p->done)
		pthread_cond_wait(&p->cv, &p->mu);
	b = p->full;
	if (b) {
		p->full = b->next;
		if (!p->full)
			p->full_tail = NULL;
	}
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void give_back(struct pipe *p, struct batch *b)
{
	pthread_mutex_lock(&p->mu);
	b->next = p->spare;
	p->spare = b;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* Run the batches through the caller's callback; 1 if it stopped. */
static int consume(struct pipe *p, sheet_row_fn fn, void *ctx, struct sheet_meta *meta)
{
	struct batch *b;

	while ((b = next_full(p))) {
		*meta = b->meta;
		for (size_t i = 0; i < b->ncells; i++)
			b->cells[i].s = b->text + (uintptr_t)b->cells[i].s;
		for (int i = 0; i < b->nrows; i++) {
			const struct brow *w = &b->rows[i];
			if (fn(ctx, w->row, b->cells + w->first, w->n)) {
				give_back(p, b);
				return 1;
			}
		}
		give_back(p, b);
	}
	return 0;
}

int sheetpipe_run(struct sheet_ctx *r, enum sheet_format f)
{
	struct pipe p;
	struct sheet_ctx wr = *r;
	sheet_row_fn fn = r->fn;
	void *ctx = r->ctx;
	pthread_t th;
	int rc, stopped;

	memset(&p, 0, sizeof p);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	p.format = f;
	p.meta = *r->meta;
	wr.fn = put;
	wr.ctx = &p;
	wr.meta = &p.meta;
	wr.err = &p.err;
	p.r = &wr;
	if (pthread_create(&th, NULL, reader, &p) != 0) {
		pthread_mutex_destroy(&p.mu);
		pthread_cond_destroy(&p.cv);
		return sheet_dispatch(r, f); /* no thread to be had: read inline */
	}
	stopped = consume(&p, fn, ctx, r->meta);
	if (stopped) {
		pthread_mutex_lock(&p.mu);
		atomic_store(&p.stop, 1);
		pthread_cond_broadcast(&p.cv);
		pthread_mutex_unlock(&p.mu);
	}
	pthread_join(th, NULL);
	*r->meta = p.meta;
	r->rows = wr.rows;
	rc = stopped ? 1 : p.rc;
	if (!stopped && rc < 0)
		*r->err = p.err;
	while (p.full) {
		struct batch *b = p.full;
		p.full = b->next;
		batch_free(b);
	}
	while (p.spare) {
		struct batch *b = p.spare;
		p.spare = b->next;
		batch_free(b);
	}
	batch_free(p.cur);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	return rc;
}
