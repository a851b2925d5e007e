/*
 * The front of the spreadsheet readers: tell the format from the first
 * bytes, check the size limits, pick the reader, and the pieces all readers
 * share (errors, row delivery, number and date text, sheet choice).
 *
 * Files are lists pushed down by upper levels: a few hundred to a million
 * rows, often renamed, sometimes not spreadsheets at all (HTML "xls", PDF).
 * Nothing here allocates per row.
 */
#include "io/sheet_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

void sheet_limits_default(struct sheet_limits *lim)
{
	if (!lim->max_file)
		lim->max_file = SHEET_MAX_FILE;
	if (!lim->max_rows)
		lim->max_rows = SHEET_MAX_ROWS;
	if (!lim->max_cell)
		lim->max_cell = SHEET_MAX_CELL;
	if (!lim->max_columns)
		lim->max_columns = SHEET_MAX_COLUMNS;
	if (!lim->max_uncompressed)
		lim->max_uncompressed = SHEET_MAX_UNCOMPRESSED;
	if (!lim->max_entries)
		lim->max_entries = SHEET_MAX_ENTRIES;
	if (!lim->max_row)
		lim->max_row = SHEET_MAX_ROW;
	if (!lim->max_shared)
		lim->max_shared = SHEET_MAX_SHARED;
}

/* Length of the longest prefix of s[0..n) that does not end inside a UTF-8
 * sequence. */
static size_t utf8_cut(const char *s, size_t n)
{
	size_t i = n;
	int back = 0;

	if (n == 0)
		return 0;
	while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
		back++;
	}
	if (i == 0)
		return 0;
	unsigned char c = (unsigned char)s[i - 1];
	size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if ((size_t)back + 1 >= need)
		return n;
	return i - 1;
}

void sheet_copy_name(char *dst, size_t dstsz, const char *src)
{
	size_t n = strlen(src);

	if (dstsz == 0)
		return;
	if (n >= dstsz)
		n = utf8_cut(src, dstsz - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int sheet_fail(struct sheet_error *err, const char *code, long row, int col, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	if (err->code) /* the first failure is the one that counts */
		return -1;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sheet_copy_name(err->message, sizeof err->message, tmp);
	err->code = code;
	err->row = row;
	err->col = col;
	return -1;
}

int sheet_deliver(struct sheet_ctx *r, long row, const struct sheet_cell *cells, int ncells,
		  int trim)
{
	int i, any = 0;
	size_t bytes = 0;

	if (trim)
		while (ncells > 0 && cells[ncells - 1].type == SHEET_EMPTY)
			ncells--;
	for (i = 0; i < ncells; i++) {
		any |= cells[i].type != SHEET_EMPTY;
		bytes += cells[i].len + 1;
	}
	if (!any)
		return 0;
	if (bytes > r->lim.max_row)
		return sheet_fail(r->err, "row_too_long", row, 0,
				  "第 %ld 行内容过多（超过 %zu MB）", row, r->lim.max_row >> 20);
	if (r->rows >= r->lim.max_rows)
		return sheet_fail(r->err, "too_many_rows", row, 0,
				  "行数超过上限（最多 %zu 行），请拆分文件后分批导入",
				  r->lim.max_rows);
	r->rows++;
	return r->fn(r->ctx, row, cells, ncells) ? 1 : 0;
}

size_t sheet_number_text(double v, char *out)
{
	double a = fabs(v);
	int n;

	if (!isfinite(v))
		return (size_t)snprintf(out, 32, "#NUM!");
	if (v == 0)
		return (size_t)snprintf(out, 32, "0");
	if (a >= 1e15 && a < 1e21 && a == floor(a)) {
		/* what Excel's formula bar shows: 15 digits, then zeros */
		char m[32];
		int e, k = 0;
		snprintf(m, sizeof m, "%.14e", a); /* d.dddddddddddddde+XX */
		e = atoi(m + 17);
		if (v < 0)
			out[k++] = '-';
		out[k++] = m[0];
		for (int i = 2; i < 16; i++)
			out[k++] = m[i];
		for (int i = 15; i <= e; i++)
			out[k++] = '0';
		out[k] = '\0';
		return (size_t)k;
	}
	n = snprintf(out, 32, "%.15g", v);
	return n > 0 ? (size_t)n : 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

double sheet_date_serial(int y, int m, int d, int date1904)
{
	long z = days_from_civil(y, (unsigned)m, (unsigned)d);

	if (date1904)
		return (double)(z - days_from_civil(1904, 1, 1));
	if (z < days_from_civil(1900, 3, 1)) /* before Excel's phantom 1900-02-29 */
		return (double)(z - days_from_civil(1899, 12, 31));
	return (double)(z - days_from_civil(1899, 12, 30));
}

/* Write v as `w` digits (zero-padded) at p; returns p + w.  Dates are
 * formatted by hand: snprintf was a tenth of an XLSX read. */
static char *digits(char *p, long v, int w)
{
	for (int i = w - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + w;
}

static size_t clock_text(char *p, long secs)
{
	char *q = digits(p, secs / 3600, 2);
	*q++ = ':';
	q = digits(q, secs / 60 % 60, 2);
	*q++ = ':';
	q = digits(q, secs % 60, 2);
	*q = '\0';
	return (size_t)(q - p);
}

size_t sheet_date_text(double serial, int date1904, int kind, char *out)
{
	long days, secs, y;
	unsigned m, d;
	char *q;

	if (!(serial >= 0 && serial < 2958466.0))
		return 0;
	days = (long)floor(serial);
	secs = lround((serial - (double)days) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (kind == SHEET_DK_TIME)
		return clock_text(out, secs);
	if (date1904) {
		civil_from_days(days_from_civil(1904, 1, 1) + days, &y, &m, &d);
	} else if (days == 60) {
		y = 1900, m = 2, d = 29; /* Lotus 1-2-3's leap day, kept by Excel */
	} else if (days >= 1) {
		civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, &y, &m, &d);
	} else {
		return 0;
	}
	if (y > 9999)
		return 0;
	q = digits(out, y, 4);
	*q++ = '-';
	q = digits(q, m, 2);
	*q++ = '-';
	q = digits(q, d, 2);
	*q = '\0';
	if (kind == SHEET_DK_DATETIME) {
		*q++ = ' ';
		q += clock_text(q, secs);
	}
	return (size_t)(q - out);
}

int sheet_pick(struct sheet_ctx *r, const char *const *names, int n)
{
	struct buf list;
	int64_t k = 0;
	const char *p;

	for (int i = 0; i < n; i++)
		if (strcmp(names[i], r->sheet) == 0)
			return i;
	for (p = r->sheet; *p >= '0' && *p <= '9' && k < 100000; p++)
		k = k * 10 + (*p - '0');
	if (p != r->sheet && !*p && k >= 1 && k <= n)
		return (int)k - 1;
	buf_init(&list, 600);
	for (int i = 0; i < n; i++)
		if (buf_addf(&list, "%s“%s”", i ? "、" : "", names[i]) < 0)
			break;
	sheet_fail(r->err, "no_sheet", 0, 0, "找不到工作表“%.80s”，文件中的工作表有：%s", r->sheet,
		   list.len ? list.s : "（无）");
	buf_release(&list);
	return -1;
}

static int starts_ci(const unsigned char *p, size_t n, const char *word)
{
	size_t k = strlen(word);
	return n >= k && strncasecmp((const char *)p, word, k) == 0;
}

enum sheet_format sheet_detect(const void *head, size_t n)
{
	static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	const unsigned char *p = head;
	size_t i = 0;

	if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) || (p[2] == 7 && p[3] == 8)))
		return SHEET_FMT_XLSX;
	if (n >= 8 && memcmp(p, cfb, 8) == 0)
		return SHEET_FMT_XLS;
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return SHEET_FMT_CSV; /* UTF-16 text with its BOM */
	if (n == 0 || starts_ci(p, n, "%PDF") || starts_ci(p, n, "\x89PNG") ||
	    starts_ci(p, n, "GIF8") || (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) ||
	    starts_ci(p, n, "Rar!") || starts_ci(p, n, "7z\xBC\xAF") ||
	    (n >= 2 && p[0] == 0x1F && p[1] == 0x8B) || starts_ci(p, n, "{\\rtf"))
		return SHEET_FMT_UNKNOWN;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (starts_ci(p + i, n - i, "<html") || starts_ci(p + i, n - i, "<!doctype html") ||
	    starts_ci(p + i, n - i, "<table") || starts_ci(p + i, n - i, "<?xml") ||
	    starts_ci(p + i, n - i, "<meta") || starts_ci(p + i, n - i, "MIME-Version:"))
		return SHEET_FMT_HTML;
	if (memchr(p, 0, n))
		return SHEET_FMT_UNKNOWN;
	return SHEET_FMT_CSV;
}

/* Set up a read: limits, meta, error; 0 or -1 for an empty or oversized
 * source. */
static int ctx_init(struct sheet_ctx *r, const struct sheet_src *src, const struct sheet_opts *opts,
		    struct sheet_meta *meta, struct sheet_error *err)
{
	memset(r, 0, sizeof *r);
	memset(err, 0, sizeof *err);
	memset(meta, 0, sizeof *meta);
	meta->encoding = "";
	r->src = src;
	if (opts) {
		r->lim = opts->lim;
		r->sheet = opts->sheet && *opts->sheet ? opts->sheet : NULL;
		r->flags = opts->flags;
	}
	sheet_limits_default(&r->lim);
	r->meta = meta;
	r->err = err;
	if (src->len == 0)
		return sheet_fail(err, "empty", 0, 0, "文件为空");
	if (src->len > r->lim.max_file)
		return sheet_fail(err, "too_large", 0, 0, "文件超过 %zu MB 上限",
				  r->lim.max_file >> 20);
	return 0;
}

/* Read the first bytes of a file and its size. */
static int file_head(const char *path, unsigned char *head, size_t *n, size_t *size,
		     struct sheet_error *err)
{
	struct stat st;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return sheet_fail(err, "io", 0, 0, "无法打开文件（%s）", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sheet_fail(err, "io", 0, 0, "不是普通文件，无法读取");
	}
	got = read(fd, head, *n);
	close(fd);
	if (got < 0)
		return sheet_fail(err, "io", 0, 0, "读取文件失败（%s）", strerror(errno));
	*n = (size_t)got;
	*size = (size_t)st.st_size;
	return 0;
}

static int dispatch(struct sheet_ctx *r, enum sheet_format f);

static int wrong_format(struct sheet_error *err, enum sheet_format f)
{
	if (f == SHEET_FMT_HTML)
		return sheet_fail(err, "format", 0, 0,
				  "这是网页（HTML）或 XML 格式的“伪 Excel”文件，请用 Excel "
				  "打开后另存为 .xlsx 再导入");
	return sheet_fail(err, "format", 0, 0,
			  "不支持的文件类型，请上传 Excel（.xlsx / .xls）或 CSV 文件");
}

int sheet_dispatch(struct sheet_ctx *r, enum sheet_format f)
{
	r->meta->format = f;
	switch (f) {
	case SHEET_FMT_CSV:
		return csv_read(r);
	case SHEET_FMT_XLSX:
		return xlsx_read(r);
	case SHEET_FMT_XLS:
		return xls_read(r);
	default:
		return wrong_format(r->err, f);
	}
}

/* The pipe for the formats that stream, unless the caller wants one
 * thread. */
static int dispatch(struct sheet_ctx *r, enum sheet_format f)
{
	int streams = f == SHEET_FMT_CSV || f == SHEET_FMT_XLSX || f == SHEET_FMT_XLS;

	if (!streams || (r->flags & SHEET_ONE_THREAD))
		return sheet_dispatch(r, f);
	return sheetpipe_run(r, f);
}

int sheet_read_file(const char *path, const struct sheet_opts *opts, sheet_row_fn fn, void *ctx,
		    struct sheet_meta *meta, struct sheet_error *err)
{
	struct sheet_error e0;
	struct sheet_meta m0;
	struct sheet_src src = {.path = path};
	struct sheet_ctx r;
	unsigned char head[4096];
	size_t n = sizeof head;

	err = err ? err : &e0;
	meta = meta ? meta : &m0;
	memset(err, 0, sizeof *err);
	if (file_head(path, head, &n, &src.len, err) < 0)
		return -1;
	if (ctx_init(&r, &src, opts, meta, err) < 0)
		return -1;
	r.fn = fn;
	r.ctx = ctx;
	return dispatch(&r, sheet_detect(head, n));
}

int sheet_read_mem(const void *data, size_t len, const struct sheet_opts *opts, sheet_row_fn fn,
		   void *ctx, struct sheet_meta *meta, struct sheet_error *err)
{
	struct sheet_error e0;
	struct sheet_meta m0;
	struct sheet_src src = {.mem = data, .len = len};
	struct sheet_ctx r;

	err = err ? err : &e0;
	meta = meta ? meta : &m0;
	if (ctx_init(&r, &src, opts, meta, err) < 0)
		return -1;
	r.fn = fn;
	r.ctx = ctx;
	return dispatch(&r, sheet_detect(data, len < 4096 ? len : 4096));
}

static int list_any(struct sheet_ctx *r, enum sheet_format f, struct sheet_info **out, int *n)
{
	*out = NULL;
	*n = 0;
	switch (f) {
	case SHEET_FMT_CSV:
		*out = xcalloc(1, sizeof **out);
		*n = 1;
		return 0;
	case SHEET_FMT_XLSX:
		return xlsx_list(r, out, n);
	case SHEET_FMT_XLS:
		return xls_list(r, out, n);
	default:
		return wrong_format(r->err, f);
	}
}

int sheet_list_file(const char *path, const struct sheet_limits *lim, struct sheet_info **out,
		    int *n, struct sheet_error *err)
{
	struct sheet_error e0;
	struct sheet_meta m0;
	struct sheet_opts o = {0};
	struct sheet_src src = {.path = path};
	struct sheet_ctx r;
	unsigned char head[4096];
	size_t hn = sizeof head;

	err = err ? err : &e0;
	memset(err, 0, sizeof *err);
	*out = NULL;
	*n = 0;
	if (lim)
		o.lim = *lim;
	if (file_head(path, head, &hn, &src.len, err) < 0)
		return -1;
	if (ctx_init(&r, &src, &o, &m0, err) < 0)
		return -1;
	return list_any(&r, sheet_detect(head, hn), out, n);
}

int sheet_list_mem(const void *data, size_t len, const struct sheet_limits *lim,
		   struct sheet_info **out, int *n, struct sheet_error *err)
{
	struct sheet_error e0;
	struct sheet_meta m0;
	struct sheet_opts o = {0};
	struct sheet_src src = {.mem = data, .len = len};
	struct sheet_ctx r;

	err = err ? err : &e0;
	*out = NULL;
	*n = 0;
	if (lim)
		o.lim = *lim;
	if (ctx_init(&r, &src, &o, &m0, err) < 0)
		return -1;
	return list_any(&r, sheet_detect(data, len < 4096 ? len : 4096), out, n);
}
