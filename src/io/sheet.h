/*
 * sheet — read a spreadsheet the way it arrives (CSV, XLSX, XLS) as a stream
 * of rows, whatever the file's extension says.
 *
 * One interface for every format: the reader calls a row callback once per
 * row that holds at least one value, with the cells as UTF-8 text plus what
 * the file said about them (number, date, formula…).  Nothing is kept after
 * a row has been handed over, so memory stays bounded whatever the file
 * size (XLSX: the shared-string table is kept, it is part of the workbook).
 *
 * Every limit (file size, rows, cell length, columns, zip bombs) answers
 * with a stable error code and a Chinese message fit for the user.  Rows
 * delivered before an error must be discarded by the caller: an error means
 * the file as a whole is not usable.
 *
 * Thread-safe: no global state; one call reads one file.  A call parses on
 * a second thread (an XLSX's shared strings on a third) and calls the
 * callback on the calling thread, so the caller's per-row work overlaps the
 * parsing; SHEET_ONE_THREAD turns that off.
 */
#ifndef FK_SHEET_H
#define FK_SHEET_H

#include <stddef.h>

enum sheet_format {
	SHEET_FMT_UNKNOWN = 0, /* binary we cannot read (PDF, image, archive…) */
	SHEET_FMT_CSV,	       /* text: CSV / TSV in UTF-8, UTF-16LE or GB18030 */
	SHEET_FMT_XLSX,	       /* zip container (Office Open XML) */
	SHEET_FMT_XLS,	       /* OLE compound file (Excel 97–2003, or an encrypted OOXML) */
	SHEET_FMT_HTML,	       /* an HTML or XML-2003 "xls" some systems export: refused */
};

enum sheet_cell_type {
	SHEET_EMPTY = 0, /* no value (s = "", len 0); also an empty string */
	SHEET_TEXT,	 /* text as stored (CSV fields are always text) */
	SHEET_NUMBER,	 /* num = value; s = the value as Excel's formula bar shows it */
	SHEET_DATE,	 /* num = serial in the workbook's date system; s = "YYYY-MM-DD",
			    "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS" after the cell's format */
	SHEET_BOOL,	 /* num = 0 or 1; s = "FALSE" / "TRUE" */
	SHEET_ERROR,	 /* a formula error; s = "#N/A", "#DIV/0!"… */
};

enum sheet_cell_flags {
	SHEET_FORMULA = 1 << 0, /* a formula: s/num are its cached result */
	SHEET_MERGED = 1 << 1,	/* copied from the top-left cell of a merged range */
};

/* One cell.  `s` is NUL-terminated UTF-8 (`len` bytes, NUL excluded) and
 * never NULL.  Numbers come with the text Excel shows in its formula bar:
 * 15 significant digits, so an 18-digit ID number stored as a number reads
 * "440524188001010000" — the caller can see (type SHEET_NUMBER) that Excel
 * destroyed it and say so. */
struct sheet_cell {
	const char *s;
	size_t len;
	int type;  /* enum sheet_cell_type */
	int flags; /* enum sheet_cell_flags */
	double num;
};

/* Called once per non-empty row.  `row` is the 1-based row number as Excel
 * shows it (CSV: the record number, counting blank lines; a quoted field
 * spanning lines is one row).  cells[0..ncells) is column A onwards; XLSX and
 * XLS rows have gaps filled with SHEET_EMPTY and trailing empty cells cut,
 * CSV rows have exactly the fields of the record (ragged rows as they are).
 * The cells are borrowed until the callback returns.  Return 0 to go on,
 * non-zero to stop reading (sheet_read_* then returns 1). */
typedef int (*sheet_row_fn)(void *ctx, long row, const struct sheet_cell *cells, int ncells);

/* Limits; a field left 0 takes the default shown. */
struct sheet_limits {
	size_t max_file;	 /* bytes of the file: 100 MB */
	size_t max_rows;	 /* delivered rows: 2,000,000 */
	size_t max_cell;	 /* bytes of one cell's text: 32 KB */
	size_t max_columns;	 /* columns of a row: 16,384 (Excel's XFD) */
	size_t max_uncompressed; /* XLSX: total bytes inflated: 1 GB */
	size_t max_entries;	 /* XLSX: zip entries: 10,000 */
	size_t max_row;		 /* bytes of one row's text: 16 MB */
	size_t max_shared;	 /* XLSX: memory for the shared strings: 256 MB */
};

#define SHEET_MAX_FILE ((size_t)100 << 20)
#define SHEET_MAX_ROWS ((size_t)2000000)
#define SHEET_MAX_CELL ((size_t)32 << 10)
#define SHEET_MAX_COLUMNS ((size_t)16384)
#define SHEET_MAX_UNCOMPRESSED ((size_t)1 << 30)
#define SHEET_MAX_ENTRIES ((size_t)10000)
#define SHEET_MAX_ROW ((size_t)16 << 20)
#define SHEET_MAX_SHARED ((size_t)256 << 20)

/* Why a read failed.  `code` is a stable identifier (a static string, never
 * NULL after a failure):
 *   empty           文件为空 / 工作表没有数据
 *   too_large       文件超过 100 MB 上限 (or its shared strings need too much memory)
 *   too_many_rows   行数超过上限
 *   too_many_columns 列数超过上限
 *   cell_too_long   单元格内容超过上限 (row and col say where)
 *   row_too_long    一行的内容超过上限
 *   zip_bomb        压缩内容过大（总量或文件数），疑似压缩炸弹
 *   encrypted       文件有密码保护
 *   corrupt         文件已损坏或不是有效的 Excel 文件
 *   encoding        编码无法识别或混杂
 *   no_sheet        找不到指定的工作表 (message lists the sheets there are)
 *   format          不支持的文件类型 (PDF, image, HTML disguised as .xls…)
 *   io              the file could not be read (message says why)
 * `message` is Chinese, for the user, and never contains cell contents.
 * `row`/`col` are 1-based when the failure is tied to a place, else 0. */
struct sheet_error {
	const char *code;
	char message[256];
	long row;
	int col;
};

/* What the reader found, filled before the first row is delivered and
 * never changed while a callback runs.  A CSV that is plain ASCII up to a
 * late chunk says "UTF-8" until its first non-ASCII byte decides. */
struct sheet_meta {
	enum sheet_format format;
	const char *encoding; /* CSV: "UTF-8", "UTF-8-BOM", "UTF-16LE", "GB18030"; else "" */
	char delimiter;	      /* CSV: ',', '\t' or ';'; else 0 */
	int date1904;	      /* XLSX/XLS: the workbook uses the 1904 date system */
	int sheet_index;      /* 1-based index of the sheet read (CSV: 1) */
	char sheet_name[128]; /* its name (CSV: "") */
};

/* What a read should do; NULL means all defaults. */
struct sheet_opts {
	/* Sheet by exact name, else by 1-based number when all digits; NULL
	 * picks the first visible sheet that has data. */
	const char *sheet;
	struct sheet_limits lim;
	/* enum sheet_opt_flags */
	unsigned flags;
};

enum sheet_opt_flags {
	/* Leave merged ranges as stored (only the top-left cell has the
	 * value), which saves XLSX one inflate pass. */
	SHEET_NO_MERGE_FILL = 1 << 0,
	/* Read on the caller's thread only.  By default the file is parsed
	 * on a second thread (and an XLSX's shared strings on a third) while
	 * the callback runs on the caller's thread, always in row order. */
	SHEET_ONE_THREAD = 1 << 1,
};

/* Sheet names, for the UI's sheet picker. */
struct sheet_info {
	char name[128];
	int hidden; /* hidden or very hidden in Excel */
};

/* Guess the format from the first bytes of a file (at least 8 are needed
 * to tell a zip or a compound file from text; 4 KB lets HTML and binary be
 * told from CSV).  The extension is never consulted: lists arrive renamed. */
enum sheet_format sheet_detect(const void *head, size_t n);

/* Read a file from disk / from memory (an upload) and call `fn` per row.
 * Returns 0 when every row was delivered, 1 when `fn` asked to stop, -1 on
 * error with `err` filled (err may be NULL).  `meta` (may be NULL) says what
 * was read.  `data` is only read, never kept. */
int sheet_read_file(const char *path, const struct sheet_opts *opts, sheet_row_fn fn, void *ctx,
		    struct sheet_meta *meta, struct sheet_error *err);
int sheet_read_mem(const void *data, size_t len, const struct sheet_opts *opts, sheet_row_fn fn,
		   void *ctx, struct sheet_meta *meta, struct sheet_error *err);

/* List the sheets of a workbook in workbook order (chart sheets left out).
 * A CSV has one sheet named "".  On success *out is an array of *n entries
 * that the caller frees with free(); -1 on error (err filled, *out NULL). */
int sheet_list_file(const char *path, const struct sheet_limits *lim, struct sheet_info **out,
		    int *n, struct sheet_error *err);
int sheet_list_mem(const void *data, size_t len, const struct sheet_limits *lim,
		   struct sheet_info **out, int *n, struct sheet_error *err);

/* Fill the zero fields of `lim` with the defaults above. */
void sheet_limits_default(struct sheet_limits *lim);

/* Kinds of date format (what a date cell's text shows). */
enum sheet_date_kind { SHEET_DK_NONE = 0, SHEET_DK_DATE, SHEET_DK_DATETIME, SHEET_DK_TIME };

/* Text of an Excel serial: "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or
 * "HH:MM:SS" after `kind`, in the 1900 system (with Excel's phantom
 * 1900-02-29, serial 60) or the 1904 one.  `out` holds 24 bytes.  Returns
 * the length, or 0 when the serial is outside 1900-01-01 .. 9999-12-31. */
size_t sheet_date_text(double serial, int date1904, int kind, char *out);

/* The serial of calendar date y-m-d in a date system (no range check). */
double sheet_date_serial(int y, int m, int d, int date1904);

#endif
