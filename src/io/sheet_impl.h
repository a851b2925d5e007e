/*
 * What the format readers (csv.c, xlsx.c, xls.c, zipread.c) share; not for
 * callers outside src/io, who use sheet.h.
 */
#ifndef FK_SHEET_IMPL_H
#define FK_SHEET_IMPL_H

#include <stddef.h>

#include "io/sheet.h"

/* Where the bytes are: in memory (mem != NULL) or in a file. */
struct sheet_src {
	const unsigned char *mem;
	size_t len; /* bytes in memory, or the file's size */
	const char *path;
};

/* One read in progress. */
struct sheet_ctx {
	const struct sheet_src *src;
	struct sheet_limits lim;
	const char *sheet; /* as asked, or NULL */
	unsigned flags;	   /* enum sheet_opt_flags */
	sheet_row_fn fn;
	void *ctx;
	struct sheet_meta *meta; /* never NULL here */
	struct sheet_error *err; /* never NULL here */
	size_t rows;		 /* rows delivered so far */
};

/* Record a failure in `err` (printf-style Chinese message, cut at a UTF-8
 * character boundary) and return -1. */
int sheet_fail(struct sheet_error *err, const char *code, long row, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Hand one row to the caller.  With `trim`, trailing SHEET_EMPTY cells are
 * cut; a row without any value is skipped.  Counts rows against max_rows.
 * 0 go on, 1 the caller stopped, -1 error (too many rows). */
int sheet_deliver(struct sheet_ctx *r, long row, const struct sheet_cell *cells, int ncells,
		  int trim);

/* The number as Excel's formula bar shows it (15 significant digits,
 * integers up to 1e21 written out with zeros).  Returns the length;
 * `out` holds at least 32 bytes. */
size_t sheet_number_text(double v, char *out);

/* Choose a sheet among `n` names by the caller's `want` (exact name, else a
 * 1-based number).  Returns the 0-based index, or -1 with a no_sheet error
 * that lists the sheets there are. */
int sheet_pick(struct sheet_ctx *r, const char *const *names, int n);

/* Copy a name into a fixed field, cut at a UTF-8 character boundary. */
void sheet_copy_name(char *dst, size_t dstsz, const char *src);

/* Run the reader for format f on this thread (sheet_dispatch) or on a
 * second one feeding the caller's callback on this one (sheetpipe_run). */
int sheet_dispatch(struct sheet_ctx *r, enum sheet_format f);
int sheetpipe_run(struct sheet_ctx *r, enum sheet_format f);

int csv_read(struct sheet_ctx *r);
int xlsx_read(struct sheet_ctx *r);
int xlsx_list(struct sheet_ctx *r, struct sheet_info **out, int *n);
int xls_read(struct sheet_ctx *r);
int xls_list(struct sheet_ctx *r, struct sheet_info **out, int *n);

#endif
