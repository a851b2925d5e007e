/*
 * xlsxw — writing a table to an .xlsx file for people to open in Excel:
 * every cell a text cell (ID numbers and phones survive), a bold frozen
 * header row, column widths fitted to the content, and a second sheet
 * "导出信息" recording who exported it, when, and the audit trace id
 * (leaked lists were the real-world risk).  libxlsxwriter in
 * constant-memory mode: rows go straight to a temporary file.  JSON
 * integers (counts in reports) are written as numbers; everything else as
 * text.
 */
#ifndef FK_XLSXW_H
#define FK_XLSXW_H

#include <jansson.h>

struct xlsxw;

/* Create `path` with one data sheet.  NULL on error. */
struct xlsxw *xlsxw_open(const char *path, const char *sheet_name);
/* Write a row of strings (json array of strings/numbers/null). The first
 * row written is the header: bold and frozen. */
int xlsxw_row(struct xlsxw *x, json_t *cells);
/* Write a row from two arrays one after the other (cells + extra columns). */
int xlsxw_row2(struct xlsxw *x, json_t *a, json_t *b);
/* Add the watermark sheet and close the file.  0 ok, -1 error.  Frees x. */
int xlsxw_close(struct xlsxw *x, const char *title, const char *who, const char *when,
		const char *trace);

#endif
