/*
 * The shared-string table and its helper thread; see sst.h.  Producer: the
 * helper appends each <si>'s text runs (phonetic rPh runs left out) to the
 * current block, then writes the page entry and publishes the new count.
 * Consumer: the sheet reader reads the count with acquire; only when the
 * string is not there yet does it take the mutex and wait (the helper
 * broadcasts every 4096 strings and when it ends).
 */
#include "io/sst.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "io/xmlpart.h"
#include "util/xalloc.h"

#define PAGE_BITS 14
#define PAGE ((size_t)1 << PAGE_BITS)
#define MAX_PAGES ((size_t)1 << 14) /* 268 million strings */
#define BLOCK ((size_t)1 << 20)

struct sst {
	struct zipread z; /* the helper's own handle */
	int entry;
	const char **pages[MAX_PAGES]; /* entries: the strings (no NUL inside: XML has none) */
	char **blocks;
	size_t nblocks, cblocks;
	char *blk; /* current block: [start, used) is the string being built */
	size_t used, cap, start;
	size_t n;		 /* strings complete (the helper's count) */
	size_t bytes, max_bytes; /* memory taken by blocks and pages, and its cap */
	size_t first_block;	 /* size of the first block: small tables, small block */
	_Atomic size_t published;
	atomic_int abort;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done; /* under mu: 0 running, 1 read, -1 failed or stopped */
	struct sheet_error err;
	pthread_t th;
	int threaded;
};

struct ssp {
	struct xmlpart h;
	struct sst *t;
	int in_si, rph, cap;
};

static void new_block(struct sst *t, size_t need)
{
	size_t partial = t->used - t->start, cap = t->first_block ? t->first_block : BLOCK;
	char *b;

	while (cap < partial + need + 1)
		cap *= 2;
	b = xmalloc(cap);
	t->first_block = 0;
	t->bytes += cap;
	if (partial)
		memcpy(b, t->blk + t->start, partial);
	if (t->nblocks == t->cblocks) {
		t->cblocks = t->cblocks ? 2 * t->cblocks : 64;
		t->blocks = xrealloc(t->blocks, t->cblocks * sizeof *t->blocks);
	}
	t->blocks[t->nblocks++] = b;
	t->blk = b;
	t->cap = cap;
	t->used = partial;
	t->start = 0;
}

static void add(struct sst *t, const char *s, size_t n)
{
	if (t->used + n + 1 > t->cap)
		new_block(t, n);
	memcpy(t->blk + t->used, s, n);
	t->used += n;
}

static void wake(struct sst *t, int done)
{
	pthread_mutex_lock(&t->mu);
	if (done)
		t->done = done;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

/* Close the string being built and publish it. */
static int push(struct sst *t)
{
	size_t page = t->n >> PAGE_BITS;

	if (page >= MAX_PAGES)
		return -1;
	if (!t->blk)
		new_block(t, 0);
	t->blk[t->used++] = '\0';
	if (!t->pages[page]) {
		t->pages[page] = xmalloc(PAGE * sizeof **t->pages);
		t->bytes += PAGE * sizeof **t->pages;
	}
	t->pages[page][t->n & (PAGE - 1)] = t->blk + t->start;
	t->start = t->used;
	t->n++;
	atomic_store_explicit(&t->published, t->n, memory_order_release);
	if ((t->n & 4095) == 0)
		wake(t, 0);
	return 0;
}

static void XMLCALL ss_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct ssp *s = ud;
	const char *n = xmlpart_local(name);
	(void)a;

	if (n[0] == 't' && !n[1]) {
		s->cap = s->in_si && !s->rph;
	} else if (strcmp(n, "si") == 0) {
		s->in_si = 1;
		s->t->start = s->t->used;
	} else if (strcmp(n, "rPh") == 0) {
		s->rph++;
	}
}

static void XMLCALL ss_end(void *ud, const XML_Char *name)
{
	struct ssp *s = ud;
	const char *n = xmlpart_local(name);

	if (n[0] == 't' && !n[1]) {
		s->cap = 0;
	} else if (strcmp(n, "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (atomic_load_explicit(&s->t->abort, memory_order_relaxed))
			xmlpart_stop(&s->h, -1);
		else if (push(s->t) < 0)
			xmlpart_stop(&s->h, xmlpart_corrupt(s->h.err, "共享字符串过多"));
		else if (s->t->bytes > s->t->max_bytes)
			xmlpart_stop(&s->h,
				     sheet_fail(s->h.err, "too_large", 0, 0,
						"文件中的文字过多（超过 %zu MB），请拆分后导入",
						s->t->max_bytes >> 20));
	} else if (strcmp(n, "rPh") == 0 && s->rph > 0) {
		s->rph--;
	}
}

static void XMLCALL ss_text(void *ud, const XML_Char *text, int len)
{
	struct ssp *s = ud;
	if (s->cap)
		add(s->t, text, (size_t)len);
}

static void *helper(void *arg)
{
	struct sst *t = arg;
	struct ssp s;
	int rc = 0;

	memset(&s, 0, sizeof s);
	s.t = t;
	if (t->entry >= 0)
		rc = xmlpart_run(&s.h, &t->z, t->entry, &t->err, ss_start, ss_end, ss_text);
	wake(t, rc < 0 ? -1 : 1);
	return NULL;
}

struct sst *sst_start(const struct zipread *z, const struct sheet_src *src, int entry,
		      size_t max_bytes, int threaded)
{
	struct sst *t = xcalloc(1, sizeof *t);

	t->max_bytes = max_bytes;
	if (entry >= 0 && zipread_size(z, entry) < BLOCK)
		t->first_block = (size_t)zipread_size(z, entry) + 1;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	t->entry = entry;
	if (entry >= 0 && zipread_dup(&t->z, z, src, &t->err) < 0) {
		t->done = -1;
		return t;
	}
	if (entry >= 0 && threaded && pthread_create(&t->th, NULL, helper, t) == 0)
		t->threaded = 1;
	else
		helper(t); /* no thread to be had: read it now */
	return t;
}

int sst_get(struct sst *t, size_t i, const char **s, size_t *len, struct sheet_error *err)
{
	size_t have = atomic_load_explicit(&t->published, memory_order_acquire);
	int done = 0;

	if (i >= have) {
		pthread_mutex_lock(&t->mu);
		while (i >= (have = atomic_load_explicit(&t->published, memory_order_acquire)) &&
		       !t->done)
			pthread_cond_wait(&t->cv, &t->mu);
		done = t->done;
		pthread_mutex_unlock(&t->mu);
	}
	if (i >= have) {
		if (done < 0 && t->err.code)
			*err = t->err;
		else
			xmlpart_corrupt(err, "共享字符串编号越界");
		return -1;
	}
	*s = t->pages[i >> PAGE_BITS][i & (PAGE - 1)];
	*len = strlen(*s);
	return 0;
}

int sst_finish(struct sst *t, int stop, struct sheet_error *err)
{
	if (!t)
		return 0;
	if (stop)
		atomic_store(&t->abort, 1);
	if (t->threaded) {
		pthread_join(t->th, NULL);
		t->threaded = 0;
	}
	if (t->done < 0 && t->err.code) {
		if (!err->code)
			*err = t->err;
		return -1;
	}
	return 0;
}

void sst_free(struct sst *t)
{
	if (!t)
		return;
	sst_finish(t, 1, &t->err);
	zipread_close(&t->z);
	for (size_t i = 0; i < MAX_PAGES && t->pages[i]; i++)
		free(t->pages[i]);
	for (size_t i = 0; i < t->nblocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	free(t);
}
