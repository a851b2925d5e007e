/*
 * XLSX reader: the zip (zipread.c) and its XML parts through expat, the
 * sheet streamed from inflate straight into expat's buffer and out as rows,
 * never held whole.
 *
 * Parts read: _rels/.rels (where the workbook is), the workbook (sheet
 * names, order, visibility, date1904) and its rels (sheet files, styles,
 * shared strings), styles (which cell formats are dates: built-in ids,
 * including the zh-CN ones, and custom codes), the shared strings (interned
 * in one arena: rich-text runs joined, phonetic rPh runs left out), then
 * the sheet.  Merged ranges are listed after the sheet data in the file, so
 * unless the caller opts out a first pass inflates the sheet and scans the
 * raw bytes for <mergeCell ref>, and the second pass copies each range's
 * top-left value into its other cells.
 *
 * Workload: lists of up to a million rows (≈400 MB of sheet XML); the hot
 * path (cell start/end, character data) allocates nothing per cell — cell
 * text goes into a per-row arena reused for every row.
 */
#include "io/sheet_impl.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/sst.h"
#include "io/xmlpart.h"
#include "io/zipread.h"
#include "util/xalloc.h"

#define XBUF (64 << 10) /* merge scan chunk */
#define MAX_MERGES 100000

enum rel_kind { REL_OTHER, REL_SHEET, REL_CHART, REL_STYLES, REL_SST, REL_DOC };

struct rel {
	char *id, *target;
	int kind;
};

struct wsheet {
	char *name;
	char *rid;
	int hidden;
	int entry; /* zip entry of its XML, -1 if missing */
};

struct numfmt {
	int id, kind;
};

struct xlsx {
	struct sheet_ctx *r;
	struct zipread z;
	char wb[256]; /* path of the workbook part */
	struct rel *rels;
	int nrel;
	struct wsheet *sh;
	int nsh;
	int date1904;
	int styles, sst_entry; /* zip entries, -1 if none */
	unsigned char *xfkind; /* per cellXfs index: enum sheet_date_kind */
	size_t nxf;
	int *xffmt;
	struct numfmt *fmts;
	size_t nfmt;
	struct sst *sst;
};

static int corrupt(struct xlsx *x, const char *what)
{
	return xmlpart_corrupt(x->r->err, what);
}

/* ---- relationships and the workbook ---- */

/* Resolve a relationship target against the directory of `base` (a part
 * path such as "xl/workbook.xml"; "" for the package root). */
static void resolve(char *out, size_t outsz, const char *base, const char *target)
{
	char tmp[512];
	const char *slash = strrchr(base, '/');
	size_t k = 0, dir = slash ? (size_t)(slash - base) + 1 : 0;

	if (target[0] == '/')
		snprintf(tmp, sizeof tmp, "%s", target + 1);
	else
		snprintf(tmp, sizeof tmp, "%.*s%s", (int)dir, base, target);
	/* fold "./" and "dir/../" */
	for (const char *p = tmp; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 1 && p[0] == '.') {
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (k > 0 && out[k - 1] == '/')
				k--;
			while (k > 0 && out[k - 1] != '/')
				k--;
		} else if (k + n + 1 < outsz) {
			memcpy(out + k, p, n);
			k += n;
			if (e)
				out[k++] = '/';
		}
		p = e ? e + 1 : p + n;
	}
	out[k] = '\0';
}

struct relp {
	struct xmlpart h;
	struct xlsx *x;
	const char *base;
	int cap;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void XMLCALL rel_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct relp *rp = ud;
	struct xlsx *x = rp->x;
	const char *id = xmlpart_attr(a, "Id"), *type = xmlpart_attr(a, "Type"),
		   *target = xmlpart_attr(a, "Target");
	const char *mode = xmlpart_attr(a, "TargetMode");
	char path[256];
	struct rel *rel;

	if (strcmp(xmlpart_local(name), "Relationship") != 0 || !id || !type || !target)
		return;
	if (mode && strcmp(mode, "External") == 0)
		return;
	if (x->nrel >= 100000)
		return;
	if (x->nrel == rp->cap) {
		rp->cap = rp->cap ? 2 * rp->cap : 16;
		x->rels = xrealloc(x->rels, (size_t)rp->cap * sizeof *x->rels);
	}
	resolve(path, sizeof path, rp->base, target);
	rel = &x->rels[x->nrel++];
	rel->id = xstrdup(id);
	rel->target = xstrdup(path);
	rel->kind = ends_with(type, "/worksheet")	 ? REL_SHEET
		    : ends_with(type, "/chartsheet")	 ? REL_CHART
		    : ends_with(type, "/styles")	 ? REL_STYLES
		    : ends_with(type, "/sharedStrings")	 ? REL_SST
		    : ends_with(type, "/officeDocument") ? REL_DOC
							 : REL_OTHER;
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void rels_free(struct xlsx *x)
{
	for (int i = 0; i < x->nrel; i++) {
		free(x->rels[i].id);
		free(x->rels[i].target);
	}
	free(x->rels);
	x->rels = NULL;
	x->nrel = 0;
}

/* Read the .rels part for `base` into x->rels (replacing what was there). */
static int rels_read(struct xlsx *x, const char *base, int required)
{
	char path[300];
	const char *slash = strrchr(base, '/');
	int dir = slash ? (int)(slash - base) + 1 : 0, e;
	struct relp rp = {.x = x, .base = base};

	rels_free(x);
	snprintf(path, sizeof path, "%.*s_rels/%s.rels", dir, base, base + dir);
	e = zipread_find(&x->z, path);
	if (e < 0)
		return required ? corrupt(x, "缺少工作簿关系文件") : 0;
	return xmlpart_run(&rp.h, &x->z, e, x->r->err, rel_start, ignore_end, NULL);
}

/* A zip that is not a workbook: say what it is when we can tell. */
static int not_a_workbook(struct xlsx *x)
{
	const char *what = "压缩包里没有 Excel 工作簿，不是 Excel 文件";

	if (zipread_find(&x->z, "word/document.xml") >= 0)
		what = "这是 Word 文档，不是 Excel 表格";
	else if (zipread_find(&x->z, "ppt/presentation.xml") >= 0)
		what = "这是 PowerPoint 文件，不是 Excel 表格";
	else if (zipread_find(&x->z, "content.xml") >= 0 && zipread_find(&x->z, "mimetype") >= 0)
		what = "这是 OpenDocument（.ods）文件，请用 Excel 或 WPS 另存为 .xlsx 后再导入";
	return sheet_fail(x->r->err, "format", 0, 0, "%s", what);
}

struct wbp {
	struct xmlpart h;
	struct xlsx *x;
	int cap;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct wbp *w = ud;
	struct xlsx *x = w->x;
	const char *n = xmlpart_local(name);

	if (strcmp(n, "workbookPr") == 0) {
		const char *v = xmlpart_attr(a, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
	} else if (strcmp(n, "sheet") == 0) {
		const char *sn = xmlpart_attr(a, "name"), *rid = xmlpart_attr_ns(a, "id"),
			   *st = xmlpart_attr(a, "state");
		struct wsheet *s;
		if (!sn || !rid || x->nsh >= 10000)
			return;
		if (x->nsh == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 8;
			x->sh = xrealloc(x->sh, (size_t)w->cap * sizeof *x->sh);
		}
		s = &x->sh[x->nsh++];
		s->name = xstrdup(sn);
		s->rid = xstrdup(rid);
		s->hidden = st && strcmp(st, "visible") != 0;
		s->entry = -1;
	}
}

/* Open the zip and read the workbook's structure: sheets, their parts,
 * styles and shared-string parts, the date system. */
static int wb_open(struct xlsx *x)
{
	struct wbp w = {.x = x};
	int e, n = 0;

	x->styles = x->sst_entry = -1;
	if (zipread_open(&x->z, x->r->src, &x->r->lim, x->r->err) < 0)
		return -1;
	if (rels_read(x, "", 0) < 0)
		return -1;
	snprintf(x->wb, sizeof x->wb, "xl/workbook.xml");
	for (int i = 0; i < x->nrel; i++)
		if (x->rels[i].kind == REL_DOC)
			snprintf(x->wb, sizeof x->wb, "%s", x->rels[i].target);
	e = zipread_find(&x->z, x->wb);
	if (e < 0)
		return not_a_workbook(x);
	if (xmlpart_run(&w.h, &x->z, e, x->r->err, wb_start, ignore_end, NULL) < 0)
		return -1;
	if (rels_read(x, x->wb, 1) < 0)
		return -1;
	for (int i = 0; i < x->nrel; i++) {
		const struct rel *rl = &x->rels[i];
		if (rl->kind == REL_STYLES)
			x->styles = zipread_find(&x->z, rl->target);
		else if (rl->kind == REL_SST)
			x->sst_entry = zipread_find(&x->z, rl->target);
	}
	/* keep the worksheets only, in workbook order */
	for (int i = 0; i < x->nsh; i++) {
		struct wsheet *s = &x->sh[i];
		const struct rel *rl = NULL;
		for (int k = 0; k < x->nrel && !rl; k++)
			if (strcmp(x->rels[k].id, s->rid) == 0)
				rl = &x->rels[k];
		if (!rl || rl->kind != REL_SHEET) {
			free(s->name);
			free(s->rid);
			continue;
		}
		s->entry = zipread_find(&x->z, rl->target);
		x->sh[n++] = *s;
	}
	x->nsh = n;
	if (n == 0)
		return sheet_fail(x->r->err, "empty", 0, 0, "工作簿里没有工作表");
	return 0;
}

static void wb_close(struct xlsx *x)
{
	sst_free(x->sst); /* first: its handle borrows the entry table of x->z */
	zipread_close(&x->z);
	rels_free(x);
	for (int i = 0; i < x->nsh; i++) {
		free(x->sh[i].name);
		free(x->sh[i].rid);
	}
	free(x->sh);
	free(x->xfkind);
	free(x->xffmt);
	free(x->fmts);
}

/* ---- styles: which formats are dates ---- */

static int builtin_kind(int id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 54) || id == 57 || id == 58)
		return SHEET_DK_DATE; /* 27–31, 36, 50–58: zh-CN 年月日 formats */
	if (id == 22)
		return SHEET_DK_DATETIME;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) ||
	    id == 55 || id == 56)
		return SHEET_DK_TIME;
	return SHEET_DK_NONE;
}

/* Classify a custom number format code by its first section: y/d (or m
 * without h/s) make a date, h/s or AM/PM a time; quoted text, escapes and
 * [colour]/[$-804] brackets do not count, [h] [mm] [ss] are time. */
static int code_kind(const char *p)
{
	int date = 0, month = 0, time = 0;

	for (; *p && *p != ';'; p++) {
		char c = *p;
		if (c == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (p[1])
				p++;
		} else if (c == '[') {
			if (strchr("hHmMsS", p[1]) && p[1])
				time = 1;
			while (p[1] && *p != ']')
				p++;
		} else if (strncasecmp(p, "General", 7) == 0) {
			p += 6;
		} else if (strncasecmp(p, "AM/PM", 5) == 0) {
			time = 1;
			p += 4;
		} else if (strncasecmp(p, "A/P", 3) == 0) {
			time = 1;
			p += 2;
		} else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
			date = 1;
		} else if (c == 'm' || c == 'M') {
			month = 1;
		} else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
			time = 1;
		}
	}
	if (date || (month && !time))
		return time ? SHEET_DK_DATETIME : SHEET_DK_DATE;
	return time ? SHEET_DK_TIME : SHEET_DK_NONE;
}

struct stp {
	struct xmlpart h;
	struct xlsx *x;
	int in_fmts, in_xfs;
	size_t cfmt, cxf;
};

static int small_uint(const char *v, int max)
{
	long k = 0;
	if (!v || !*v)
		return -1;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || k > max)
			return -1;
		k = k * 10 + (*v - '0');
	}
	return k > max ? -1 : (int)k;
}

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct stp *s = ud;
	struct xlsx *x = s->x;
	const char *n = xmlpart_local(name);

	if (strcmp(n, "numFmts") == 0) {
		s->in_fmts = 1;
	} else if (strcmp(n, "cellXfs") == 0) {
		s->in_xfs = 1;
	} else if (s->in_fmts && strcmp(n, "numFmt") == 0) {
		int id = small_uint(xmlpart_attr(a, "numFmtId"), 1 << 20);
		const char *code = xmlpart_attr(a, "formatCode");
		if (id < 0 || !code || x->nfmt >= 65536)
			return;
		if (x->nfmt == s->cfmt) {
			s->cfmt = s->cfmt ? 2 * s->cfmt : 32;
			x->fmts = xrealloc(x->fmts, s->cfmt * sizeof *x->fmts);
		}
		x->fmts[x->nfmt].id = id;
		x->fmts[x->nfmt++].kind = code_kind(code);
	} else if (s->in_xfs && strcmp(n, "xf") == 0) {
		if (x->nxf >= 1 << 20)
			return;
		if (x->nxf == s->cxf) {
			s->cxf = s->cxf ? 2 * s->cxf : 64;
			x->xffmt = xrealloc(x->xffmt, s->cxf * sizeof *x->xffmt);
		}
		x->xffmt[x->nxf++] = small_uint(xmlpart_attr(a, "numFmtId"), 1 << 20);
	}
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
	struct stp *s = ud;
	const char *n = xmlpart_local(name);

	if (strcmp(n, "numFmts") == 0)
		s->in_fmts = 0;
	else if (strcmp(n, "cellXfs") == 0)
		s->in_xfs = 0;
}

static int fmt_cmp(const void *a, const void *b)
{
	const struct numfmt *p = a, *q = b;
	return (p->id > q->id) - (p->id < q->id);
}

static int styles_read(struct xlsx *x)
{
	struct stp s = {.x = x};

	if (x->styles < 0)
		return 0;
	if (xmlpart_run(&s.h, &x->z, x->styles, x->r->err, st_start, st_end, NULL) < 0)
		return -1;
	if (x->nfmt)
		qsort(x->fmts, x->nfmt, sizeof *x->fmts, fmt_cmp);
	x->xfkind = xcalloc(x->nxf ? x->nxf : 1, 1);
	for (size_t i = 0; i < x->nxf; i++) {
		struct numfmt key = {.id = x->xffmt[i]}, *f;
		if (key.id < 0)
			continue;
		f = x->nfmt ? bsearch(&key, x->fmts, x->nfmt, sizeof *x->fmts, fmt_cmp) : NULL;
		x->xfkind[i] = (unsigned char)(f ? f->kind : builtin_kind(key.id));
	}
	return 0;
}

/* ---- the sheet ---- */

enum ctype { T_N, T_S, T_STR, T_INLINE, T_B, T_E, T_D };

struct rec {
	int type, flags;
	double num;
	const char *p; /* text outside the row arena (shared strings, constants) */
	size_t off, len;
};

struct merge {
	long r1, r2;
	int c1, c2;
	int has, type;
	double num;
	char *s;
	size_t len;
};

struct shp {
	struct xmlpart h;
	struct xlsx *x;
	struct sheet_ctx *r;
	int in_data, in_row, in_cell, in_is, rph, capturing, has_f, t, style;
	long row;
	int col;
	char *cap; /* text of <v> or <is><t>, NUL-terminated */
	size_t caplen, capcap;
	char *txt; /* the row's cell texts */
	size_t tlen, tcap;
	struct rec *recs;
	int ncols, rcap;
	struct sheet_cell *cells;
	int ccap;
	struct merge *mg;
	int nmg, next, *active, nactive, max_c2;
};

static size_t txt_add(struct shp *s, const char *p, size_t n)
{
	size_t off = s->tlen;
	if (s->tlen + n + 1 > s->tcap) {
		while (s->tlen + n + 1 > s->tcap)
			s->tcap = s->tcap ? 2 * s->tcap : 8192;
		s->txt = xrealloc(s->txt, s->tcap);
	}
	memcpy(s->txt + s->tlen, p, n);
	s->txt[s->tlen + n] = '\0';
	s->tlen += n + 1;
	return off;
}

/* 0-based column of a reference like "AB12", or -1. */
static int ref_col(const char *v)
{
	int c = 0, k = 0;
	for (; *v >= 'A' && *v <= 'Z' && k < 4; v++, k++)
		c = c * 26 + (*v - 'A' + 1);
	return c ? c - 1 : -1;
}

static long ref_row(const char *v)
{
	long r = 0;
	while (*v >= 'A' && *v <= 'Z')
		v++;
	for (; *v >= '0' && *v <= '9' && r < 100000000; v++)
		r = r * 10 + (*v - '0');
	return *v ? -1 : r;
}

static struct rec *slot(struct shp *s, int col)
{
	if (col >= s->rcap) {
		int n = s->rcap ? s->rcap : 32;
		while (n <= col)
			n *= 2;
		s->recs = xrealloc(s->recs, (size_t)n * sizeof *s->recs);
		s->rcap = n;
	}
	for (; s->ncols <= col; s->ncols++) {
		struct rec *e = &s->recs[s->ncols];
		e->type = SHEET_EMPTY;
		e->flags = 0;
		e->num = 0;
		e->p = "";
		e->len = 0;
	}
	return &s->recs[col];
}

static void fail_long(struct shp *s)
{
	sheet_fail(s->r->err, "cell_too_long", s->row, s->col + 1,
		   "第 %ld 行第 %d 列内容过长（超过 %zu 字节）", s->row, s->col + 1,
		   s->r->lim.max_cell);
	xmlpart_stop(&s->h, -1);
}

static void cell_start(struct shp *s, const char **a)
{
	int col = -1;

	s->in_cell = 1;
	s->has_f = 0;
	s->t = T_N;
	s->style = 0;
	s->caplen = 0;
	s->capturing = 0;
	for (; *a; a += 2) {
		const char *k = a[0], *v = a[1];
		if (k[1])
			continue;
		if (k[0] == 'r') {
			col = ref_col(v);
		} else if (k[0] == 't') {
			s->t = strcmp(v, "s") == 0	     ? T_S
			       : strcmp(v, "str") == 0	     ? T_STR
			       : strcmp(v, "inlineStr") == 0 ? T_INLINE
			       : strcmp(v, "b") == 0	     ? T_B
			       : strcmp(v, "e") == 0	     ? T_E
			       : strcmp(v, "d") == 0	     ? T_D
							     : T_N;
		} else if (k[0] == 's') {
			s->style = small_uint(v, 1 << 20);
		}
	}
	s->col = col >= 0 ? col : s->col + 1;
	if ((size_t)s->col >= s->r->lim.max_columns) {
		sheet_fail(s->r->err, "too_many_columns", s->row, s->col + 1,
			   "第 %ld 行第 %d 列超出列数上限（最多 %zu 列）", s->row, s->col + 1,
			   s->r->lim.max_columns);
		xmlpart_stop(&s->h, -1);
	}
}

static void set_text(struct shp *s, struct rec *e, int type, const char *p, size_t n)
{
	if (s->tlen + n + 1 > s->r->lim.max_row) {
		sheet_fail(s->r->err, "row_too_long", s->row, 0, "第 %ld 行内容过多（超过 %zu MB）",
			   s->row, s->r->lim.max_row >> 20);
		xmlpart_stop(&s->h, -1);
		n = 0;
	}
	e->type = n ? type : SHEET_EMPTY;
	e->p = NULL;
	e->off = txt_add(s, p, n);
	e->len = n;
}

/* A number from <v>.  Most are plain decimals of at most 15 digits ("36.6",
 * "440524188001"): their value is exact as digits / 10^k, and when they
 * have no leading or trailing zeros they already are Excel's text, so
 * *plain says the text can be kept.  Anything else goes to strtod. */
static int parse_num(const char *v, size_t n, double *out, int *plain)
{
	static const double p10[] = {1,	  1e1, 1e2,  1e3,  1e4,	 1e5,  1e6,  1e7,
				     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	size_t i = v[0] == '-', j, ndig = 0, frac = 0, dot = 0;
	uint64_t m = 0;
	char *end;

	*plain = 0;
	for (j = i; j < n; j++) {
		if (v[j] >= '0' && v[j] <= '9') {
			m = m * 10 + (uint64_t)(v[j] - '0');
			ndig++;
			frac += dot;
		} else if (v[j] == '.' && !dot) {
			dot = 1;
		} else {
			break;
		}
	}
	if (j == n && ndig > 0 && ndig <= 15) {
		double k = (double)m / p10[frac];
		*out = i ? -k : k;
		/* no leading zeros, no trailing ones, not small enough for
		 * %.15g to switch to 1e-05 */
		*plain = (v[i] != '0' || n - i == 1 ||
			  (v[i + 1] == '.' && strncmp(v + i, "0.0000", 6))) &&
			 !(dot && v[n - 1] == '0') && v[n - 1] != '.' && v[i] != '.' &&
			 !(i && m == 0);
		return 0;
	}
	*out = strtod(v, &end);
	return n && end == v + n ? 0 : -1;
}

static void cell_number(struct shp *s, struct xlsx *x, struct rec *e)
{
	char buf[32];
	double v;
	int plain, kind = 0;
	size_t n;

	if (s->caplen == 0)
		return; /* styled but empty */
	if (parse_num(s->cap, s->caplen, &v, &plain) < 0) {
		set_text(s, e, SHEET_TEXT, s->cap, s->caplen);
		return;
	}
	e->num = v;
	if (s->style >= 0 && (size_t)s->style < x->nxf)
		kind = x->xfkind[s->style];
	if (kind && (n = sheet_date_text(v, x->date1904, kind, buf)) > 0) {
		set_text(s, e, SHEET_DATE, buf, n);
		return;
	}
	if (plain) {
		set_text(s, e, SHEET_NUMBER, s->cap, s->caplen);
		return;
	}
	n = sheet_number_text(v, buf);
	set_text(s, e, SHEET_NUMBER, buf, n);
}

/* t="d": an ISO 8601 date (rare; Strict files and some generators). */
static void cell_isodate(struct shp *s, struct xlsx *x, struct rec *e)
{
	int y, m, d, hh = 0, mm = 0, ss = 0, k;
	char buf[24];

	k = sscanf(s->cap, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &m, &d, &hh, &mm, &ss);
	if (k < 3 || m < 1 || m > 12 || d < 1 || d > 31) {
		set_text(s, e, SHEET_TEXT, s->cap, s->caplen);
		return;
	}
	e->num = sheet_date_serial(y, m, d, x->date1904) + (hh * 3600 + mm * 60 + ss) / 86400.0;
	if (k > 3 && (hh || mm || ss))
		snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mm, ss);
	else
		snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	set_text(s, e, SHEET_DATE, buf, strlen(buf));
}

static void cell_end(struct shp *s)
{
	struct xlsx *x = s->x;
	struct rec *e;
	long idx;

	s->in_cell = 0;
	s->capturing = 0;
	if (s->h.stop)
		return;
	e = slot(s, s->col);
	e->type = SHEET_EMPTY;
	e->p = "";
	e->len = 0;
	e->num = 0;
	e->flags = s->has_f ? SHEET_FORMULA : 0;
	s->cap[s->caplen] = '\0';
	switch (s->t) {
	case T_S:
		if (s->caplen == 0)
			return;
		idx = small_uint(s->cap, 1 << 30);
		if (idx < 0) {
			corrupt(x, "共享字符串编号有误");
			xmlpart_stop(&s->h, -1);
			return;
		}
		if (sst_get(x->sst, (size_t)idx, &e->p, &e->len, s->r->err) < 0) {
			xmlpart_stop(&s->h, -1);
			return;
		}
		e->type = e->len ? SHEET_TEXT : SHEET_EMPTY;
		if (e->len > s->r->lim.max_cell)
			fail_long(s);
		return;
	case T_STR:
	case T_INLINE:
		set_text(s, e, SHEET_TEXT, s->cap, s->caplen);
		return;
	case T_E:
		set_text(s, e, SHEET_ERROR, s->cap, s->caplen);
		return;
	case T_B:
		if (s->caplen == 0)
			return;
		e->num = s->cap[0] == '1';
		e->p = e->num ? "TRUE" : "FALSE";
		e->len = strlen(e->p);
		e->type = SHEET_BOOL;
		return;
	case T_D:
		if (s->caplen)
			cell_isodate(s, x, e);
		return;
	default:
		cell_number(s, x, e);
	}
}

static void row_start(struct shp *s, const char **a)
{
	const char *v = xmlpart_attr(a, "r");
	int k = v ? small_uint(v, 100000000) : -1;

	s->in_row = 1;
	s->row = k > 0 ? k : s->row + 1;
	s->col = -1;
	s->ncols = 0;
	s->tlen = 0;
}

static void cells_room(struct shp *s, int n)
{
	if (n > s->ccap) {
		s->ccap = n;
		s->cells = xrealloc(s->cells, (size_t)n * sizeof *s->cells);
	}
}

static void merge_capture(struct merge *m, const struct sheet_cell *c)
{
	m->has = 1;
	m->type = c->type;
	m->num = c->num;
	m->s = xstrndup(c->s, c->len);
	m->len = c->len;
}

/* Copy merged ranges' top-left values into their other cells on this row;
 * returns the row's new cell count. */
static int merge_apply(struct shp *s, int n)
{
	while (s->next < s->nmg && s->mg[s->next].r1 <= s->row) {
		if (s->mg[s->next].r2 >= s->row)
			s->active[s->nactive++] = s->next;
		s->next++;
	}
	for (int i = 0; i < s->nactive;) {
		struct merge *m = &s->mg[s->active[i]];
		if (m->r2 < s->row) {
			free(m->s);
			m->s = NULL;
			m->has = 0;
			s->active[i] = s->active[--s->nactive];
			continue;
		}
		i++;
		if (m->r1 == s->row && !m->has && m->c1 < n && s->cells[m->c1].type != SHEET_EMPTY)
			merge_capture(m, &s->cells[m->c1]);
		if (!m->has)
			continue;
		for (int c = m->c1; c <= m->c2; c++) {
			struct sheet_cell *cell;
			if (c == m->c1 && m->r1 == s->row)
				continue;
			for (; n <= c; n++)
				s->cells[n] = (struct sheet_cell){"", 0, SHEET_EMPTY, 0, 0};
			cell = &s->cells[c];
			if (cell->type != SHEET_EMPTY)
				continue;
			*cell = (struct sheet_cell){m->s, m->len, m->type, SHEET_MERGED, m->num};
		}
	}
	return n;
}

static void row_end(struct shp *s)
{
	int n = s->ncols, rc;

	s->in_row = 0;
	if (s->h.stop)
		return;
	cells_room(s, (n > s->max_c2 + 1 ? n : s->max_c2 + 1) + 1);
	for (int i = 0; i < n; i++) {
		const struct rec *e = &s->recs[i];
		s->cells[i] = (struct sheet_cell){e->p ? e->p : s->txt + e->off, e->len, e->type,
						  e->flags, e->num};
	}
	if (s->nmg)
		n = merge_apply(s, n);
	rc = sheet_deliver(s->r, s->row, s->cells, n, 1);
	if (rc)
		xmlpart_stop(&s->h, rc);
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct shp *s = ud;
	const char *n = xmlpart_local(name);

	switch (n[0]) {
	case 'c':
		if (!n[1] && s->in_row)
			cell_start(s, a);
		return;
	case 'v':
		if (!n[1] && s->in_cell) {
			s->capturing = 1;
			s->caplen = 0;
		}
		return;
	case 'f':
		if (!n[1] && s->in_cell)
			s->has_f = 1;
		return;
	case 't':
		if (!n[1] && s->in_is && !s->rph)
			s->capturing = 1;
		return;
	case 'i':
		if (n[1] == 's' && !n[2] && s->in_cell) {
			s->in_is = 1;
			s->caplen = 0;
		}
		return;
	case 'r':
		if (strcmp(n, "row") == 0 && s->in_data)
			row_start(s, a);
		else if (strcmp(n, "rPh") == 0)
			s->rph++;
		return;
	case 's':
		if (strcmp(n, "sheetData") == 0)
			s->in_data = 1;
		return;
	}
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
	struct shp *s = ud;
	const char *n = xmlpart_local(name);

	switch (n[0]) {
	case 'c':
		if (!n[1] && s->in_cell)
			cell_end(s);
		return;
	case 'v':
	case 't':
		if (!n[1])
			s->capturing = 0;
		return;
	case 'i':
		if (n[1] == 's' && !n[2])
			s->in_is = 0;
		return;
	case 'r':
		if (strcmp(n, "row") == 0 && s->in_row)
			row_end(s);
		else if (strcmp(n, "rPh") == 0 && s->rph > 0)
			s->rph--;
		return;
	case 's':
		if (strcmp(n, "sheetData") == 0)
			xmlpart_stop(&s->h, 2); /* nothing after it is needed */
		return;
	}
}

static void XMLCALL sh_text(void *ud, const XML_Char *t, int len)
{
	struct shp *s = ud;
	size_t n = (size_t)len;

	if (!s->capturing)
		return;
	if (s->caplen + n > s->r->lim.max_cell) {
		s->capturing = 0;
		fail_long(s);
		return;
	}
	if (s->caplen + n + 1 > s->capcap) {
		while (s->caplen + n + 1 > s->capcap)
			s->capcap *= 2;
		s->cap = xrealloc(s->cap, s->capcap);
	}
	memcpy(s->cap + s->caplen, t, n);
	s->caplen += n;
}

/* ---- merged ranges: a raw scan of the sheet for <mergeCell ref="…"> ---- */

static int merge_cmp(const void *a, const void *b)
{
	const struct merge *p = a, *q = b;
	return (p->r1 > q->r1) - (p->r1 < q->r1);
}

static void merge_add(struct shp *s, const char *ref, size_t n, int *cap)
{
	char a[32], *colon;
	struct merge m = {0};

	if (n == 0 || n >= sizeof a || s->nmg >= MAX_MERGES)
		return;
	memcpy(a, ref, n);
	a[n] = '\0';
	colon = strchr(a, ':');
	if (!colon)
		return;
	*colon = '\0';
	m.c1 = ref_col(a);
	m.r1 = ref_row(a);
	m.c2 = ref_col(colon + 1);
	m.r2 = ref_row(colon + 1);
	if (m.c1 < 0 || m.c2 < 0 || m.r1 <= 0 || m.r2 <= 0)
		return;
	if (m.c1 > m.c2) {
		int t = m.c1;
		m.c1 = m.c2;
		m.c2 = t;
	}
	if (m.r1 > m.r2) {
		long t = m.r1;
		m.r1 = m.r2;
		m.r2 = t;
	}
	if ((size_t)m.c2 >= s->r->lim.max_columns || (m.c1 == m.c2 && m.r1 == m.r2))
		return;
	if (s->nmg == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		s->mg = xrealloc(s->mg, (size_t)*cap * sizeof *s->mg);
	}
	s->mg[s->nmg++] = m;
	if (m.c2 > s->max_c2)
		s->max_c2 = m.c2;
}

/* Parse the ref="…" attribute inside one <mergeCell …> tag. */
static void merge_tag(struct shp *s, const char *p, const char *end, int *cap)
{
	for (; p + 5 < end; p++) {
		if ((p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r') &&
		    memcmp(p + 1, "ref=", 4) == 0 && (p[5] == '"' || p[5] == '\'')) {
			const char *v = p + 6, *q = memchr(v, p[5], (size_t)(end - v));
			if (q)
				merge_add(s, v, (size_t)(q - v), cap);
			return;
		}
	}
}

static int merges_scan(struct shp *s, struct xlsx *x, int entry)
{
	enum { KEEP = 1024 };
	char *buf = xmalloc(XBUF + KEEP + 1);
	size_t have = 0;
	int cap = 0, rc = -1;

	if (zipread_begin(&x->z, entry) < 0)
		goto out;
	for (;;) {
		long n = zipread_read(&x->z, buf + have, XBUF);
		size_t len, pos = 0, keep;
		int partial = 0;
		if (n < 0)
			goto out;
		len = have + (size_t)n;
		keep = len > 16 ? len - 16 : 0; /* a name cut by the chunk boundary */
		for (;;) {
			const char *q = memmem(buf + pos, len - pos, "mergeCell", 9), *gt;
			size_t at;
			if (!q)
				break;
			at = (size_t)(q - buf);
			if (at + 10 > len) {
				keep = at ? at - 1 : 0;
				partial = 1;
				break;
			}
			pos = at + 9;
			if (!(at > 0 && (q[-1] == '<' || q[-1] == ':')) ||
			    !(q[9] == ' ' || q[9] == '\t' || q[9] == '\n' || q[9] == '\r'))
				continue;
			gt = memchr(q, '>', len - at);
			if (!gt) {
				if (len - at < KEEP) { /* the tag goes on in the next chunk */
					keep = at - 1;
					partial = 1;
				}
				break;
			}
			merge_tag(s, q + 9, gt, &cap);
			pos = (size_t)(gt - buf) + 1;
		}
		if (n == 0)
			break;
		if (!partial && keep < pos)
			keep = pos;
		have = len - keep;
		memmove(buf, buf + keep, have);
	}
	if (s->nmg)
		qsort(s->mg, (size_t)s->nmg, sizeof *s->mg, merge_cmp);
	s->active = xcalloc((size_t)s->nmg + 1, sizeof *s->active);
	rc = 0;
out:
	zipread_end(&x->z);
	free(buf);
	return rc;
}

static void shp_release(struct shp *s)
{
	for (int i = 0; i < s->nmg; i++)
		free(s->mg[i].s);
	free(s->mg);
	free(s->active);
	free(s->cap);
	free(s->txt);
	free(s->recs);
	free(s->cells);
}

/* Stream one sheet to the caller. */
static int sheet_read(struct xlsx *x, int i)
{
	struct shp s;
	int rc;

	if (x->sh[i].entry < 0)
		return corrupt(x, "缺少工作表文件");
	memset(&s, 0, sizeof s);
	s.r = x->r;
	s.x = x;
	s.max_c2 = -1;
	s.capcap = 4096;
	s.cap = xmalloc(s.capcap);
	rc = 0;
	if (!(x->r->flags & SHEET_NO_MERGE_FILL))
		rc = merges_scan(&s, x, x->sh[i].entry);
	if (rc == 0)
		rc = xmlpart_run(&s.h, &x->z, x->sh[i].entry, x->r->err, sh_start, sh_end, sh_text);
	shp_release(&s);
	return rc;
}

static void meta_sheet(struct xlsx *x, int i)
{
	x->r->meta->sheet_index = i + 1;
	x->r->meta->date1904 = x->date1904;
	sheet_copy_name(x->r->meta->sheet_name, sizeof x->r->meta->sheet_name, x->sh[i].name);
}

static int pick_and_read(struct xlsx *x)
{
	struct sheet_ctx *r = x->r;
	int rc, i;

	if (r->sheet) {
		const char **names = xcalloc((size_t)x->nsh, sizeof *names);
		for (i = 0; i < x->nsh; i++)
			names[i] = x->sh[i].name;
		i = sheet_pick(r, names, x->nsh);
		free(names);
		if (i < 0)
			return -1;
		meta_sheet(x, i);
		rc = sheet_read(x, i);
		if (rc == 0 && r->rows == 0)
			return sheet_fail(r->err, "empty", 0, 0, "工作表“%s”没有数据",
					  x->sh[i].name);
		return rc;
	}
	/* the first visible sheet with data, then hidden ones */
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; i < x->nsh; i++) {
			if (x->sh[i].hidden != pass)
				continue;
			meta_sheet(x, i);
			rc = sheet_read(x, i);
			if (rc != 0 || r->rows > 0)
				return rc;
		}
	}
	return sheet_fail(r->err, "empty", 0, 0, "所有工作表都没有数据");
}

int xlsx_read(struct sheet_ctx *r)
{
	struct xlsx x;
	int rc = -1;

	memset(&x, 0, sizeof x);
	x.r = r;
	if (wb_open(&x) < 0)
		goto out;
	/* shared strings on the second core while styles and the sheet go on */
	x.sst =
	    sst_start(&x.z, r->src, x.sst_entry, r->lim.max_shared, !(r->flags & SHEET_ONE_THREAD));
	if (styles_read(&x) < 0)
		goto out;
	rc = pick_and_read(&x);
	if (sst_finish(x.sst, rc != 0, r->err) < 0 && rc == 0)
		rc = -1;
out:
	wb_close(&x);
	return rc;
}

int xlsx_list(struct sheet_ctx *r, struct sheet_info **out, int *n)
{
	struct xlsx x;
	int rc = -1;

	memset(&x, 0, sizeof x);
	x.r = r;
	if (wb_open(&x) < 0)
		goto out;
	*out = xcalloc((size_t)x.nsh, sizeof **out);
	for (int i = 0; i < x.nsh; i++) {
		sheet_copy_name((*out)[i].name, sizeof(*out)[i].name, x.sh[i].name);
		(*out)[i].hidden = x.sh[i].hidden;
	}
	*n = x.nsh;
	rc = 0;
out:
	wb_close(&x);
	return rc;
}
