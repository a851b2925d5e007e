/*
 * Import one key-person list end to end; see listimport.h.
 *
 * Three stages overlap on a multi-core machine: the sheet reader parses on
 * its own thread (io/sheetpipe.c), the caller's thread validates each row
 * (io/listfile.c), and a writer thread matches and inserts it (store/list.c,
 * which owns the connection while it runs; nothing else touches it until
 * the writer is joined).  The rows travel in batches through a small
 * bounded queue, in file order, so the database sees exactly the calls it
 * would see on one thread.
 */
#include "listimport.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "util/xalloc.h"

void listimport_sha256(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

#define QBATCH 256 /* rows per hand-over */
#define QDEPTH 4   /* batches in flight: ~1,000 rows of ~3 KB */

/* A validated row owned by the queue: its JSON referenced, its two borrowed
 * strings copied (they point into the reader's recycled batch). */
struct qrow {
	struct list_row_in r;
	char *village_text, *origin;
};

struct qbatch {
	struct qrow rows[QBATCH];
	int n;
};

struct feed {
	struct list_import *im;
	const struct listimport_req *r;
	long rows;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct qbatch *q[QDEPTH]; /* ring of full batches */
	int head, count;
	int done;	      /* the reader handed over its last batch */
	int failed;	      /* the writer failed: stop reading */
	int inline_write;     /* no writer thread: insert on the caller's */
	struct qbatch *cur;   /* the validator's batch being filled */
	struct qbatch *spare; /* one emptied batch kept for reuse */
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void qrow_release(struct qrow *q)
{
	json_decref(q->r.cells);
	json_decref(q->r.problems);
	free(q->village_text);
	free(q->origin);
}

/* Validator side: hand the current batch over, waiting while the queue is
 * full.  0, or 1 when the writer has failed. */
static int push_batch(struct feed *f)
{
	struct qbatch *b = f->cur;
	int failed;
	f->cur = NULL;
	pthread_mutex_lock(&f->mu);
	while (f->count == QDEPTH && !f->failed)
		pthread_cond_wait(&f->cv, &f->mu);
	failed = f->failed;
	if (!failed && b) {
		f->q[(f->head + f->count) % QDEPTH] = b;
		f->count++;
		b = NULL;
		pthread_cond_broadcast(&f->cv);
	}
	pthread_mutex_unlock(&f->mu);
	if (b) {
		for (int i = 0; i < b->n; i++)
			qrow_release(&b->rows[i]);
		free(b);
	}
	return failed;
}

static int feed_row(void *ctx, const struct list_row_in *r)
{
	struct feed *f = ctx;
	if (f->r->progress && ++f->rows % 5000 == 0)
		f->r->progress(f->r->progress_ctx, f->rows);
	if (f->inline_write) {
		if (list_import_row(f->im, r) < 0)
			f->failed = 1;
		return f->failed;
	}
	if (!f->cur) {
		pthread_mutex_lock(&f->mu);
		f->cur = f->spare;
		f->spare = NULL;
		pthread_mutex_unlock(&f->mu);
		if (!f->cur)
			f->cur = xmalloc(sizeof *f->cur);
		f->cur->n = 0;
	}
	struct qrow *q = &f->cur->rows[f->cur->n++];
	q->r = *r;
	json_incref(r->cells);
	json_incref(r->problems);
	q->r.village_text = q->village_text = dup_or_null(r->village_text);
	q->r.origin = q->origin = dup_or_null(r->origin);
	if (f->cur->n == QBATCH)
		return push_batch(f);
	return 0;
}

/* Writer thread: insert the batches in order until the last one. */
static void *writer(void *arg)
{
	struct feed *f = arg;
	for (;;) {
		pthread_mutex_lock(&f->mu);
		while (!f->count && !f->done)
			pthread_cond_wait(&f->cv, &f->mu);
		if (!f->count) {
			pthread_mutex_unlock(&f->mu);
			break;
		}
		struct qbatch *b = f->q[f->head];
		f->head = (f->head + 1) % QDEPTH;
		f->count--;
		int failed = f->failed;
		pthread_mutex_unlock(&f->mu);
		for (int i = 0; i < b->n; i++) {
			if (!failed && list_import_row(f->im, &b->rows[i].r) < 0)
				failed = 1;
			qrow_release(&b->rows[i]);
		}
		pthread_mutex_lock(&f->mu);
		if (failed)
			f->failed = 1;
		if (!f->spare) {
			f->spare = b;
			b = NULL;
		}
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
		free(b);
	}
	return NULL;
}

/* Read and validate the file on this thread while the writer inserts;
 * returns listfile_read's result, f->failed set if the writer failed. */
static int read_and_write(const struct listimport_req *r, const struct listfile_opts *o,
			  struct feed *f, struct listfile_info *info, struct sheet_error *err)
{
	pthread_t th;
	f->inline_write = pthread_create(&th, NULL, writer, f) != 0;
	int rc = listfile_read(r->data, r->len, o, feed_row, f, info, err);
	if (f->inline_write)
		return rc;
	if (f->cur && f->cur->n)
		push_batch(f);
	free(f->cur);
	f->cur = NULL;
	pthread_mutex_lock(&f->mu);
	f->done = 1;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(th, NULL);
	free(f->spare);
	return rc;
}

int listimport_run(struct db *db, const struct actor *who, const struct listimport_req *r,
		   struct list_summary *sum, struct listfile_info *info, struct sheet_error *err,
		   int64_t *dup_list)
{
	struct list_meta m = {0};
	struct list_import *im;
	struct listfile_opts o = r->opts;
	json_t *saved = NULL;
	memset(sum, 0, sizeof *sum);
	m.source = r->source && *r->source ? r->source : "未注明";
	m.batch = r->batch;
	m.filename = r->filename ? r->filename : "";
	m.received_at = r->received_at ? r->received_at : clock_now();
	m.deadline_at =
	    m.received_at + (int64_t)(r->deadline_hours > 0 ? r->deadline_hours : 24) * 3600;
	m.force = r->force;
	m.header = json_array();
	m.mapping = json_object();
	listimport_sha256(r->data, r->len, m.sha256);
	if (!o.saved)
		o.saved = saved = list_mapping_get(db, m.source);
	int rc = list_import_begin(db, who, &m, &im, dup_list);
	json_decref(m.header);
	json_decref(m.mapping);
	if (rc == ST_CONFLICT) {
		json_decref(saved);
		return LI_DUPLICATE;
	}
	if (rc != ST_OK) {
		json_decref(saved);
		return LI_ERROR;
	}
	struct feed f = {.im = im, .r = r};
	pthread_mutex_init(&f.mu, NULL);
	pthread_cond_init(&f.cv, NULL);
	int read_rc = read_and_write(r, &o, &f, info, err);
	pthread_mutex_destroy(&f.mu);
	pthread_cond_destroy(&f.cv);
	json_decref(saved);
	if (read_rc < 0 || f.failed) {
		list_import_finish(im, -1, sum);
		return read_rc < 0 ? LI_FILE : LI_ERROR;
	}
	if (info->rows == 0) {
		/* a header and nothing under it: not a list */
		list_import_finish(im, -1, sum);
		err->code = "no_rows";
		snprintf(err->message, sizeof err->message, "%s",
			 o.english ? "The file has a header but no data rows"
				   : "文件只有表头，没有人员数据行");
		err->row = info->header_row;
		err->col = 0;
		return LI_FILE;
	}
	list_import_set_header(im, info->header, info->mapping, info->header_row, info->sheet);
	struct list_summary peek;
	/* all or nothing unless the user accepted a partial import, and never
	 * a list of nobody (every row rejected) */
	int refused = info->rejected > 0 && (!r->accept_partial || info->accepted == 0);
	int commit = !r->dry_run && !refused;
	if (list_import_finish(im, commit, &peek) != ST_OK) {
		*sum = peek;
		return LI_ERROR;
	}
	*sum = peek;
	if (!commit)
		sum->list_id = 0;
	if (commit && r->save_mapping) {
		/* remember header text → field for the next file from this source */
		json_t *byname = json_object();
		size_t i;
		json_t *c;
		json_array_foreach(info->columns, i, c)
		{
			const char *h = json_string_value(json_object_get(c, "header"));
			const char *fld = json_string_value(json_object_get(c, "field"));
			/* the first column of a header text decides, as when reading */
			if (h && *h && fld && !json_object_get(byname, h))
				json_object_set_new(byname, h, json_string(fld));
		}
		list_mapping_save(db, m.source, byname, who->user_id);
		json_decref(byname);
	}
	if (refused && !r->dry_run)
		return LI_REJECTED;
	return LI_OK;
}
