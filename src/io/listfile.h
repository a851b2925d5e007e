/*
 * listfile — a key-person list file, understood: read with the sheet
 * readers (sheet.h), find the header row below title rows, map columns to
 * fields (saved mapping of the source, else the Chinese header synonyms, or
 * an explicit mapping from the preview), and turn every data row into a
 * validated struct list_row_in with its problems (row number in the original
 * file, column, reason) and, for a person already on an earlier row, that
 * row (dup_of: the store collapses it).  Used by the preview, the commit
 * and the CLI, so the preview counts the duplicates the import will find.
 */
#ifndef FK_LISTFILE_H
#define FK_LISTFILE_H

#include <jansson.h>
#include <stddef.h>

#include "core/listmap.h"
#include "sheet.h"

struct listfile_opts {
	const char *sheet; /* name or 1-based number; NULL = first non-empty */
	json_t *mapping;   /* {"<column index>": "<field>"} chosen by the user, or NULL */
	json_t *saved;	   /* {"<header text>": "<field>"} saved for the source, or NULL */
	int year;	   /* year for dates typed without one */
	int today;	   /* YYYYMMDD */
	int english;
	int samples;	  /* data rows to keep for the preview */
	int max_problems; /* problems to keep (all are counted) */
	struct sheet_limits lim;
};

struct listfile_info {
	char format[8];
	char sheet[128];
	json_t *sheets;	  /* names of all sheets */
	long header_row;  /* 1-based */
	json_t *header;	  /* header cells as received */
	json_t *columns;  /* [{index, header, field, label, source: auto|saved|user|none}] */
	json_t *mapping;  /* effective {"index": "field"} */
	json_t *samples;  /* [{row, cells, ok, problems}] */
	json_t *problems; /* [{row, column, header, field, code, message, level}];
			   * level error | warning | duplicate (with dup_of) */
	/* rows = accepted + rejected + duplicates; accepted rows become tasks,
	 * doubtful ones among them with a warning */
	long rows, accepted, rejected, doubtful, duplicates;
};

/* Called for each data row (blank rows skipped).  Non-zero stops. */
typedef int (*listfile_row_fn)(void *ctx, const struct list_row_in *r);

/* Read and understand a list held in memory.  0 ok; -1 with err filled
 * (reader errors, and "no_header" naming the expected and found headers,
 * "no_key" when neither a name nor an ID column is mapped).  `fn` may be
 * NULL (preview).  Release info with listfile_info_release(). */
int listfile_read(const void *data, size_t len, const struct listfile_opts *o, listfile_row_fn fn,
		  void *ctx, struct listfile_info *info, struct sheet_error *err);
void listfile_info_release(struct listfile_info *info);
/* Default options (limits, today, year, samples 10, problems 500). */
void listfile_opts_default(struct listfile_opts *o);

#endif
