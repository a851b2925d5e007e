/*
 * A key-person list file, understood; see listfile.h.  One streaming pass:
 * rows before the header (titles, notes, blank lines) are looked at only to
 * find the header; every row after it is validated as it is read and handed
 * on, so memory stays flat whatever the number of rows.
 *
 * What rejects a row: the person cannot be identified — no name, or an ID
 * number that is invalid or was destroyed by Excel.  What only makes it
 * doubtful (imported, reported): an unknown ID region, a phone that is not a
 * phone (dropped; the cell stays in the stored row), a date that cannot be
 * read (left empty) or is implausible (after today, before the outbreak:
 * kept), an unknown document type.  A bad detail must not keep a person from
 * being verified.  A person already on an earlier row (same document, else
 * same name and phone, else same name and address) is a duplicate: found
 * here, in the same pass, so that the preview shows what the import does.
 */
#include "listfile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/idcard.h"
#include "core/msg.h"
#include "core/phone.h"
#include "core/text.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/xalloc.h"

#define HEADER_SCAN_ROWS 30
#define MAX_COLS 256
/* The first cases were reported in December 2019: an arrival before that
 * is a typo (2010 for 2020) more likely than a fact. */
#define EARLIEST_ARRIVAL 20191201

/* ---- in-file duplicate set: 64-bit key hash → first row number ----
 * 12 bytes a slot, at most 3/4 full: ~24 MB for a million-row list, ~36 MB
 * while it doubles.  A sheet has at most 1,048,576 rows and a CSV of 2^32
 * rows is larger than any machine's memory: uint32_t holds any row number. */
struct dupset {
	uint64_t *keys;
	uint32_t *rows;
	size_t cap, n;
};

static uint64_t key_hash(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ '|') * 1099511628211ull;
	for (const char *p = b; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h ? h : 1;
}

/* Insert; returns the earlier row number if present, else 0. */
static long dup_check(struct dupset *d, uint64_t h, long row)
{
	if (d->n * 4 >= d->cap * 3) {
		size_t ncap = d->cap ? d->cap * 2 : 4096;
		uint64_t *nk = xcalloc(ncap, sizeof *nk);
		uint32_t *nr = xcalloc(ncap, sizeof *nr);
		for (size_t i = 0; i < d->cap; i++) {
			if (!d->keys[i])
				continue;
			size_t j = d->keys[i] & (ncap - 1);
			while (nk[j])
				j = (j + 1) & (ncap - 1);
			nk[j] = d->keys[i];
			nr[j] = d->rows[i];
		}
		free(d->keys);
		free(d->rows);
		d->keys = nk;
		d->rows = nr;
		d->cap = ncap;
	}
	size_t j = h & (d->cap - 1);
	while (d->keys[j]) {
		if (d->keys[j] == h)
			return d->rows[j];
		j = (j + 1) & (d->cap - 1);
	}
	d->keys[j] = h;
	d->rows[j] = (uint32_t)row;
	d->n++;
	return 0;
}

/* The earlier row of the same person, or 0: the same document, else the
 * same name with the same phone (or, with neither, the same address: two
 * 张伟 without numbers are two people). */
static long dup_of(struct dupset *d, const struct person *p, long row)
{
	if (p->doc_number[0])
		return dup_check(d, key_hash(p->doc_type, p->doc_number), row);
	if (p->phone[0])
		return dup_check(d, key_hash(p->name, p->phone), row);
	char addr[sizeof p->address + 8];
	snprintf(addr, sizeof addr, "addr|%s", p->address);
	return dup_check(d, key_hash(p->name, addr), row);
}

struct lf {
	const struct listfile_opts *o;
	struct listfile_info *info;
	listfile_row_fn fn;
	void *ctx;
	const struct sheet_meta *meta; /* filled by the reader before the first row */
	int have_header;
	int fields[MAX_COLS]; /* column → field */
	int col_of[LF_COUNT]; /* field → column, -1 */
	int ncols;
	long scanned;
	json_t *seen; /* first rows, for the "no header" message */
	struct dupset dups;
	int stop;
};

void listfile_opts_default(struct listfile_opts *o)
{
	memset(o, 0, sizeof *o);
	o->today = clock_today();
	o->year = o->today / 10000;
	o->samples = 10;
	o->max_problems = 500;
	sheet_limits_default(&o->lim);
}

void listfile_info_release(struct listfile_info *info)
{
	json_decref(info->sheets);
	json_decref(info->header);
	json_decref(info->columns);
	json_decref(info->mapping);
	json_decref(info->samples);
	json_decref(info->problems);
	memset(info, 0, sizeof *info);
}

static void col_name(int col, char out[8])
{
	char tmp[8];
	int n = 0;
	col++;
	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static const char *cell_text(const struct sheet_cell *c, int n, int col)
{
	return col >= 0 && col < n ? c[col].s : "";
}

/* Decide the header and the mapping from one row. */
static void take_header(struct lf *l, const struct sheet_cell *cells, int n, long row)
{
	struct listfile_info *info = l->info;
	info->header_row = row;
	l->ncols = n < MAX_COLS ? n : MAX_COLS;
	unsigned by_user = 0; /* fields the user placed: no other column keeps them */
	for (int f = 0; f < LF_COUNT; f++)
		l->col_of[f] = -1;
	for (int i = 0; l->o->mapping && i < l->ncols; i++) {
		char key[8];
		snprintf(key, sizeof key, "%d", i);
		int f =
		    list_field_from_name(json_string_value(json_object_get(l->o->mapping, key)));
		if (f > LF_NONE)
			by_user |= 1u << f;
	}
	for (int i = 0; i < l->ncols; i++) {
		char key[8], h[256];
		text_normalize(cells[i].s, cells[i].len, h, sizeof h);
		/* as received (the feedback goes back with it); matched normalised */
		json_array_append_new(info->header, json_stringn(cells[i].s, cells[i].len));
		snprintf(key, sizeof key, "%d", i);
		const char *how = "none";
		int f = LF_NONE;
		json_t *u = l->o->mapping ? json_object_get(l->o->mapping, key) : NULL;
		json_t *s = l->o->saved && h[0] ? json_object_get(l->o->saved, h) : NULL;
		if (u) {
			f = list_field_from_name(json_string_value(u));
			how = "user";
		} else if (s && list_field_from_name(json_string_value(s)) >= 0) {
			f = list_field_from_name(json_string_value(s));
			how = "saved";
		} else {
			f = list_header_field(h, strlen(h));
			how = f ? "auto" : "none";
		}
		if (f < 0)
			f = LF_NONE;
		if (f != LF_NONE && strcmp(how, "user") != 0 &&
		    (l->col_of[f] >= 0 || (by_user & (1u << f))))
			f = LF_NONE, how = "none"; /* the user's column, else the first, wins */
		if (f != LF_NONE)
			l->col_of[f] = i;
		l->fields[i] = f;
		if (f != LF_NONE)
			json_object_set_new(info->mapping, key, json_string(list_field_name(f)));
		json_array_append_new(info->columns,
				      json_pack("{s:i,s:s,s:s,s:s,s:s}", "index", i, "header", h,
						"field", list_field_name(f), "label",
						list_field_label(f, l->o->english), "source", how));
	}
	l->have_header = 1;
}

/* level: 0 error (the row is rejected), 1 warning (imported, doubtful),
 * 2 duplicate (collapsed into an earlier row). */
static void add_problem(struct lf *l, json_t *row_problems, long row, int col, int field,
			const char *code, const char *message, int level)
{
	static const char *const levels[] = {"error", "warning", "duplicate"};
	char cn[8] = "";
	if (col >= 0)
		col_name(col, cn);
	json_t *p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "row", (json_int_t)row, "column", cn,
			      "field", list_field_name(field), "code", code, "message", message,
			      "level", levels[level]);
	json_t *h = col >= 0 ? json_array_get(l->info->header, (size_t)col) : NULL;
	json_object_set_new(p, "header", h ? json_incref(h) : json_string(""));
	json_array_append(row_problems, p);
	if (json_array_size(l->info->problems) < (size_t)l->o->max_problems)
		json_array_append(l->info->problems, p);
	json_decref(p);
}

/* Whether a cell holds a value of its own (not a copy from a merged range). */
static int own_value(const struct sheet_cell *c, int n, int col)
{
	return col >= 0 && col < n && c[col].len && !(c[col].flags & SHEET_MERGED);
}

/* Whether the cell is the start of a range merged across columns (a title
 * or a note spread over the row, never a name). */
static int merged_across(const struct sheet_cell *c, int n, int col)
{
	return col >= 0 && col + 1 < n && (c[col + 1].flags & SHEET_MERGED) &&
	       c[col + 1].len == c[col].len && !memcmp(c[col + 1].s, c[col].s, c[col].len);
}

/* A row that is a note ("填表人：…"): only "label：value" cells, or a single
 * value (a merged range counts once) that is neither an ID nor a name, or
 * spreads across the row. */
static int is_note_row(struct lf *l, const struct sheet_cell *c, int n)
{
	int values = 0, labels = 0, name = l->col_of[LF_NAME];
	for (int i = 0; i < n; i++) {
		if (!own_value(c, n, i))
			continue;
		values++;
		labels += strstr(c[i].s, "：") || strchr(c[i].s, ':');
	}
	if (labels == values) /* no name or ID holds a colon */
		return 1;
	return values <= 1 && !own_value(c, n, l->col_of[LF_DOC_NUMBER]) &&
	       (!own_value(c, n, name) || merged_across(c, n, name));
}

static int sex_of(const char *raw)
{
	char s[32];
	text_normalize(raw, strlen(raw), s, sizeof s);
	if (!strcmp(s, "男") || !strcmp(s, "男性") || !strcmp(s, "1"))
		return 1;
	if (!strcmp(s, "女") || !strcmp(s, "女性") || !strcmp(s, "2"))
		return 2;
	return -1;
}

/* Letters inside a number (other than a final X) mean a passport-like
 * document — unless it is Excel's scientific notation (4.40524E+17). */
static int looks_foreign(const char *s)
{
	size_t n0 = strlen(s);
	if (n0 == 18 && strspn(s, "0123456789") == 17)
		return 0; /* an ID number with a wrong last character: the ID check says so */
	const char *e = strpbrk(s, "eE");
	if (e && strspn(s, "0123456789.") == (size_t)(e - s) && e > s &&
	    strspn(e + 1 + (e[1] == '+'), "0123456789") == strlen(e + 1 + (e[1] == '+')))
		return 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (isalpha((unsigned char)s[i]) && !(i == n - 1 && (s[i] == 'X' || s[i] == 'x')))
			return 1;
	return 0;
}

/* A date as typed; without a year it is the list's year, or the year
 * before when that would put it after today (a January list with
 * "12月30日"): an arrival is never in the future. */
static int typed_date(struct lf *l, const struct sheet_cell *c)
{
	int d = list_parse_date(c->s, c->len, l->o->year);
	if (d > l->o->today && l->o->today > 0) {
		int before = list_parse_date(c->s, c->len, l->o->year - 1);
		if (before && before != d) /* differs only when the year was not typed */
			d = before;
	}
	return d;
}

static int arrival_of(struct lf *l, const struct sheet_cell *c, int n, int *bad)
{
	int col = l->col_of[LF_ARRIVAL];
	*bad = 0;
	if (col < 0 || col >= n || !c[col].len)
		return 0;
	/* typed 20200126 or 1.26 (Excel keeps those as numbers), else a serial */
	int d = typed_date(l, &c[col]);
	if (!d && c[col].type == SHEET_NUMBER)
		d = list_excel_date(c[col].num, l->meta->date1904);
	*bad = !d;
	return d;
}

/* Validate the person of a row; 1 if rejected.  A sex that contradicts the
 * ID is only doubtful: the ID's is taken. */
static int validate(struct lf *l, struct person_in *in, struct list_row_in *r, json_t *problems,
		    long row, int *warned)
{
	struct person_err e;
	int dcol = l->col_of[LF_DOC_NUMBER];
	int rc = person_validate(in, l->o->today, l->o->english, &r->p, &e);
	if (rc < 0 && !strcmp(e.code, "sex_mismatch")) {
		add_problem(l, problems, row, l->col_of[LF_SEX], LF_SEX, "sex_mismatch",
			    l->o->english ? "Sex does not match the ID number: taken from the ID"
					  : "性别与身份证号不符，已按身份证号",
			    1);
		*warned = 1;
		in->sex = -1;
		memset(&r->p, 0, sizeof r->p);
		rc = person_validate(in, l->o->today, l->o->english, &r->p, &e);
	}
	if (rc < 0) {
		int field = !strcmp(e.field, "name")	   ? LF_NAME
			    : !strcmp(e.field, "sex")	   ? LF_SEX
			    : !strcmp(e.field, "doc_type") ? LF_DOC_TYPE
							   : LF_DOC_NUMBER;
		add_problem(l, problems, row, l->col_of[field], field, e.code,
			    e.message ? e.message : msg_get(e.code, l->o->english), 0);
		return 1;
	}
	if (e.warning) {
		add_problem(l, problems, row, dcol, LF_DOC_NUMBER, e.warning,
			    l->o->english ? "ID region code not in the table: check it"
					  : "身份证号地区码不在区划表中，请核实",
			    1);
		*warned = 1;
	}
	return 0;
}

/* The header again: the second row of a two-row header (merged cells copy
 * "姓名" down into it) or the header of another list pasted below — its
 * name or ID cell names that very column. */
static int repeats_header(struct lf *l, const struct sheet_cell *c, int n)
{
	static const int keys[] = {LF_NAME, LF_DOC_NUMBER};
	for (int k = 0; k < 2; k++) {
		int col = l->col_of[keys[k]];
		if (col >= 0 && col < n && c[col].len &&
		    list_header_field(c[col].s, c[col].len) == keys[k])
			return 1;
	}
	return 0;
}

/* Why a phone cell is not a phone, for the problem report: a mobile with a
 * digit too many or too few is the common case ("1380013800"). */
static void phone_problem(const char *t, int english, char *out, size_t n)
{
	int digits = 0, other = 0;
	char first = 0;
	for (const char *p = t; *p; p++) {
		if (*p >= '0' && *p <= '9')
			first = first ? first : *p, digits++;
		else if (*p != ' ' && *p != '-')
			other = 1;
	}
	if (!other && first == '1' && digits != 11)
		snprintf(out, n,
			 english ? "Phone has %d digits, a mobile has 11: left empty"
				 : "电话号码位数不对（%d 位，手机应为 11 位），已留空",
			 digits);
	else
		snprintf(out, n, "%s%s", msg_get("phone", english),
			 english ? ": left empty" : "，已留空");
}

static void data_row(struct lf *l, long row, const struct sheet_cell *c, int n)
{
	struct listfile_info *info = l->info;
	if (is_note_row(l, c, n) || repeats_header(l, c, n))
		return;
	struct list_row_in r = {0};
	struct person_in in = {0};
	const char *t;
	json_t *problems = json_array();
	int bad_date, warned = 0;
	r.row_no = row;
	r.cells = json_array();
	int width = n > l->ncols ? n : l->ncols;
	for (int i = 0; i < width && i < MAX_COLS; i++)
		json_array_append_new(r.cells,
				      json_stringn(i < n ? c[i].s : "", i < n ? c[i].len : 0));
	in.sex = -1;
	in.name = cell_text(c, n, l->col_of[LF_NAME]);
	in.address = cell_text(c, n, l->col_of[LF_ADDRESS]);
	in.hukou = cell_text(c, n, l->col_of[LF_HUKOU]);
	in.notes = cell_text(c, n, l->col_of[LF_NOTE]);
	r.village_text = cell_text(c, n, l->col_of[LF_VILLAGE]);
	r.origin = cell_text(c, n, l->col_of[LF_ORIGIN]);
	int dcol = l->col_of[LF_DOC_NUMBER];
	char num[64] = "";
	if (dcol >= 0 && dcol < n && c[dcol].len) {
		text_normalize(c[dcol].s, c[dcol].len, num, sizeof num);
		text_strip_spaces(num);
		if (c[dcol].type == SHEET_NUMBER && c[dcol].num >= 1e15) {
			/* Excel keeps 15 digits: an old 15-digit ID survives */
			add_problem(l, problems, row, dcol, LF_DOC_NUMBER, "id_excel",
				    idcard_err_message(IDCARD_EXCEL, l->o->english), 0);
		}
		in.doc_number = num;
	}
	t = cell_text(c, n, l->col_of[LF_DOC_TYPE]);
	if (*t) {
		if (doc_type_from_name(t) >= 0) {
			in.doc_type = t;
		} else {
			add_problem(l, problems, row, l->col_of[LF_DOC_TYPE], LF_DOC_TYPE,
				    "doc_type", msg_get("doc_type", l->o->english), 1);
			warned = 1;
		}
	}
	if (!in.doc_type && num[0] && looks_foreign(num))
		in.doc_type = "other";
	t = cell_text(c, n, l->col_of[LF_SEX]);
	if (*t && sex_of(t) > 0)
		in.sex = sex_of(t);
	t = cell_text(c, n, l->col_of[LF_PHONE]);
	char phone[32];
	if (*t) {
		if (phone_normalize(t, strlen(t), phone, sizeof phone) == PHONE_INVALID) {
			char m[160];
			phone_problem(t, l->o->english, m, sizeof m);
			add_problem(l, problems, row, l->col_of[LF_PHONE], LF_PHONE, "phone", m, 1);
			warned = 1;
		} else {
			in.phone = phone;
		}
	}
	r.arrival = arrival_of(l, c, n, &bad_date);
	if (bad_date) {
		add_problem(l, problems, row, l->col_of[LF_ARRIVAL], LF_ARRIVAL, "date",
			    l->o->english ? "Arrival date not understood: left empty"
					  : "到达日期无法识别，已留空，请核实",
			    1);
		warned = 1;
	} else if (r.arrival && (r.arrival > l->o->today || r.arrival < EARLIEST_ARRIVAL)) {
		/* kept (the village asks), but said */
		int late = r.arrival > l->o->today;
		add_problem(l, problems, row, l->col_of[LF_ARRIVAL], LF_ARRIVAL,
			    late ? "date_future" : "date_early",
			    late ? (l->o->english ? "Arrival date is after today: check it"
						  : "到达日期晚于今天，请核实")
				 : (l->o->english ? "Arrival date is before December 2019: check it"
						  : "到达日期早于 2019 年 12 月，请核实"),
			    1);
		warned = 1;
	}
	int rejected = 0;
	for (size_t k = 0; k < json_array_size(problems); k++)
		if (!strcmp(
			json_string_value(json_object_get(json_array_get(problems, k), "level")),
			"error"))
			rejected = 1;
	if (!rejected) {
		if (!*in.name) {
			add_problem(l, problems, row, l->col_of[LF_NAME], LF_NAME, "name_required",
				    msg_get("name_required", l->o->english), 0);
			rejected = 1;
		} else {
			rejected = validate(l, &in, &r, problems, row, &warned);
		}
	}
	r.ok = !rejected;
	r.problems = problems;
	info->rows++;
	if (!rejected && (r.dup_of = dup_of(&l->dups, &r.p, row))) {
		char m[96];
		snprintf(m, sizeof m,
			 l->o->english ? "Same person as row %ld: imported once"
				       : "与第 %ld 行重复，只导入一次",
			 r.dup_of);
		add_problem(l, problems, row, -1, LF_NONE, "duplicate_row", m, 2);
		json_object_set_new(json_array_get(problems, json_array_size(problems) - 1),
				    "dup_of", json_integer(r.dup_of));
		info->duplicates++;
	} else if (rejected) {
		info->rejected++;
	} else {
		info->accepted++;
		if (warned)
			info->doubtful++;
	}
	if (json_array_size(info->samples) < (size_t)l->o->samples)
		json_array_append_new(info->samples, json_pack("{s:I,s:O,s:b,s:O}", "row",
							       (json_int_t)row, "cells", r.cells,
							       "ok", r.ok, "problems", problems));
	if (l->fn && l->fn(l->ctx, &r))
		l->stop = 1;
	json_decref(problems);
	json_decref(r.cells);
}

static int on_row(void *ctx, long row, const struct sheet_cell *cells, int n)
{
	struct lf *l = ctx;
	if (l->have_header) {
		data_row(l, row, cells, n);
		return l->stop;
	}
	const char *texts[MAX_COLS];
	size_t lens[MAX_COLS];
	int m = n < MAX_COLS ? n : MAX_COLS, key;
	for (int i = 0; i < m; i++) {
		texts[i] = cells[i].s;
		lens[i] = cells[i].len;
	}
	int score = list_header_score(texts, lens, m, &key);
	if (score >= 2 && key) {
		take_header(l, cells, n, row);
		return 0;
	}
	if (json_array_size(l->seen) < 3) {
		struct buf b = BUF_INIT;
		for (int i = 0; i < m && b.len < 200; i++)
			if (cells[i].len)
				buf_addf(&b, "%s%.*s", b.len ? "、" : "", (int)cells[i].len,
					 cells[i].s);
		json_array_append_new(l->seen,
				      json_pack("{s:I,s:s}", "row", (json_int_t)row, "text", b.s));
		buf_release(&b);
	}
	return ++l->scanned >= HEADER_SCAN_ROWS;
}

/* No header on the sheet picked by default (a 填表说明 sheet before the
 * list): look on the other visible sheets, in order.  Returns the read's
 * result for the sheet that has one (meta then describes it), else rc. */
static int other_sheets(struct lf *l, const void *data, size_t len, const struct sheet_info *sheets,
			int nsheets, struct sheet_meta *meta, int rc, struct sheet_error *err)
{
	for (int i = 0; !l->have_header && i < nsheets; i++) {
		char num[16];
		struct sheet_meta m = {0};
		if (i + 1 == meta->sheet_index || sheets[i].hidden)
			continue;
		snprintf(num, sizeof num, "%d", i + 1);
		struct sheet_opts so = {num, l->o->lim, 0};
		l->scanned = 0;
		l->meta = &m;
		int r = sheet_read_mem(data, len, &so, on_row, l, &m, err);
		if (l->have_header) {
			*meta = m;
			rc = r;
		}
		l->meta = meta;
	}
	return rc;
}

static void fail(struct sheet_error *err, const char *code, const char *msg)
{
	err->code = code;
	snprintf(err->message, sizeof err->message, "%s", msg);
	err->row = 0;
	err->col = 0;
}

int listfile_read(const void *data, size_t len, const struct listfile_opts *o, listfile_row_fn fn,
		  void *ctx, struct listfile_info *info, struct sheet_error *err)
{
	struct lf l = {0};
	memset(info, 0, sizeof *info);
	info->sheets = json_array();
	info->header = json_array();
	info->columns = json_array();
	info->mapping = json_object();
	info->samples = json_array();
	info->problems = json_array();
	l.o = o;
	l.info = info;
	l.fn = fn;
	l.ctx = ctx;
	l.seen = json_array();
	struct sheet_info *sheets = NULL;
	int nsheets = 0;
	if (sheet_list_mem(data, len, &o->lim, &sheets, &nsheets, err) == 0) {
		for (int i = 0; i < nsheets; i++)
			json_array_append_new(info->sheets, json_string(sheets[i].name));
	}
	struct sheet_opts so = {o->sheet, o->lim, 0};
	struct sheet_meta meta = {0};
	l.meta = &meta;
	int rc = sheet_read_mem(data, len, &so, on_row, &l, &meta, err);
	if (rc >= 0 && !o->sheet)
		rc = other_sheets(&l, data, len, sheets, nsheets, &meta, rc, err);
	free(sheets);
	static const char *const fmts[] = {"", "csv", "xlsx", "xls", "html"};
	snprintf(info->format, sizeof info->format, "%s", fmts[meta.format <= 4 ? meta.format : 0]);
	snprintf(info->sheet, sizeof info->sheet, "%s", meta.sheet_name);
	if (rc < 0)
		goto out;
	if (!l.have_header) {
		struct buf b = BUF_INIT;
		size_t i;
		json_t *s;
		buf_adds(&b, o->english
				 ? "No header row found. Expected headers such as 姓名, "
				   "身份证号, 联系电话, 现住址. Found: "
				 : "找不到表头行。应包含“姓名”“身份证号”“联系电话”“现住址”等列；"
				   "文件前几行是：");
		json_array_foreach(l.seen, i, s)
		    buf_addf(&b, "%s第%lld行“%s”", i ? "；" : "",
			     (long long)json_integer_value(json_object_get(s, "row")),
			     json_string_value(json_object_get(s, "text")));
		if (!json_array_size(l.seen))
			buf_adds(&b, o->english ? "(nothing)" : "（空）");
		fail(err, "no_header", b.s);
		buf_release(&b);
		rc = -1;
	} else if (l.col_of[LF_NAME] < 0 && l.col_of[LF_DOC_NUMBER] < 0) {
		fail(err, "no_key",
		     o->english ? "Neither a name nor an ID column is mapped"
				: "没有对应到“姓名”或“身份证号”列，请在预览中指定列的含义");
		rc = -1;
	} else {
		rc = 0;
	}
out:
	json_decref(l.seen);
	free(l.dups.keys);
	free(l.dups.rows);
	return rc < 0 ? -1 : 0;
}
