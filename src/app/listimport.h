/*
 * app — use cases that combine file formats (io), rules (core) and storage
 * (store), shared by the API and the CLI.  Layering:
 *   http → api → app → io / core / store → util;  cli → app.
 *
 * listimport: import one key-person list file end to end — read and
 * understand it (io/listfile), validate every row (core), match and dispatch
 * (store/list) — in one transaction: committed whole, or (dry run, rejected
 * rows without accept_partial, any error) not at all.
 */
#ifndef FK_APP_LISTIMPORT_H
#define FK_APP_LISTIMPORT_H

#include <stddef.h>

#include "io/listfile.h"
#include "store/list.h"

struct listimport_req {
	const void *data;
	size_t len;
	const char *filename, *source, *batch;
	int64_t received_at;
	int deadline_hours; /* default 24 */
	int force;	    /* import a file that was imported before */
	int dry_run;
	int accept_partial; /* commit valid rows even if some are rejected */
	int save_mapping;   /* remember the header → field mapping for the source */
	/* called every few thousand rows (a progress bar on a TTY), may be NULL */
	void (*progress)(void *ctx, long rows);
	void *progress_ctx;
	struct listfile_opts opts;
};

enum listimport_rc {
	LI_OK = 0,
	LI_ERROR = -1,	  /* database or internal error */
	LI_FILE = 1,	  /* the file could not be read/understood: err */
	LI_DUPLICATE = 2, /* same file imported before: *dup_list */
	LI_REJECTED = 3,  /* rows rejected and !accept_partial: nothing imported */
};

int listimport_run(struct db *db, const struct actor *who, const struct listimport_req *r,
		   struct list_summary *sum, struct listfile_info *info, struct sheet_error *err,
		   int64_t *dup_list);

/* SHA-256 of data as lowercase hex. */
void listimport_sha256(const void *data, size_t len, char out[65]);

#endif
