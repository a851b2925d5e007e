/* XLSX table writer; see xlsxw.h. */
#include "xlsxw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "util/xalloc.h"

#define MAX_COLS 256

struct xlsxw {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *text;
	lxw_row_t row;
	double width[MAX_COLS];
	int ncols;
};

struct xlsxw *xlsxw_open(const char *path, const char *sheet_name)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	struct xlsxw *x = xcalloc(1, sizeof *x);
	x->wb = workbook_new_opt(path, &opt);
	if (!x->wb) {
		free(x);
		return NULL;
	}
	x->ws = workbook_add_worksheet(x->wb, sheet_name);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	format_set_num_format(x->bold, "@");
	format_set_bg_color(x->bold, 0xE8F0FE);
	x->text = workbook_add_format(x->wb);
	format_set_num_format(x->text, "@");
	if (!x->ws) {
		workbook_close(x->wb);
		free(x);
		return NULL;
	}
	return x;
}

/* Display width: CJK characters count double. */
static double text_width(const char *s)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			w += 1;
		else if ((*p & 0xC0) != 0x80)
			w += 2;
	}
	return w;
}

static int put(struct xlsxw *x, int col, json_t *v)
{
	char num[64];
	const char *s = "";
	if (json_is_string(v)) {
		s = json_string_value(v);
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		s = num;
	} else if (json_is_real(v)) {
		snprintf(num, sizeof num, "%.15g", json_real_value(v));
		s = num;
	}
	if (col >= MAX_COLS)
		return 0;
	double w = text_width(s);
	if (w > x->width[col])
		x->width[col] = w;
	if (col + 1 > x->ncols)
		x->ncols = col + 1;
	if (!*s)
		return 0;
	if (json_is_integer(v) && x->row > 0) /* counts stay numbers: the office sums them */
		return worksheet_write_number(x->ws, x->row, (lxw_col_t)col,
					      (double)json_integer_value(v), NULL) == LXW_NO_ERROR
			   ? 0
			   : -1;
	lxw_error e = worksheet_write_string(x->ws, x->row, (lxw_col_t)col, s,
					     x->row == 0 ? x->bold : x->text);
	return e == LXW_NO_ERROR ? 0 : -1;
}

int xlsxw_row2(struct xlsxw *x, json_t *a, json_t *b)
{
	size_t i;
	json_t *v;
	int col = 0;
	json_array_foreach(a, i, v) if (put(x, col++, v) < 0) return -1;
	json_array_foreach(b, i, v) if (put(x, col++, v) < 0) return -1;
	if (x->row == 0)
		worksheet_freeze_panes(x->ws, 1, 0);
	x->row++;
	return 0;
}

int xlsxw_row(struct xlsxw *x, json_t *cells)
{
	return xlsxw_row2(x, cells, NULL);
}

int xlsxw_close(struct xlsxw *x, const char *title, const char *who, const char *when,
		const char *trace)
{
	for (int c = 0; c < x->ncols; c++) {
		double w = x->width[c] + 2;
		worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c,
				     w > 60  ? 60
				     : w < 6 ? 6
					     : w,
				     x->text);
	}
	lxw_worksheet *info = workbook_add_worksheet(x->wb, "导出信息");
	if (info) {
		const char *rows[][2] = {{"文件", title},
					 {"导出人", who},
					 {"导出时间", when},
					 {"追踪编号", trace},
					 {"提示", "本文件含个人信息，仅限疫情防控工作使用，"
						  "不得转发、公开或用于其他用途。"}};
		for (lxw_row_t r = 0; r < 5; r++) {
			worksheet_write_string(info, r, 0, rows[r][0], x->bold);
			worksheet_write_string(info, r, 1, rows[r][1] ? rows[r][1] : "", NULL);
		}
		worksheet_set_column(info, 0, 0, 12, NULL);
		worksheet_set_column(info, 1, 1, 70, NULL);
	}
	lxw_error e = workbook_close(x->wb);
	free(x);
	return e == LXW_NO_ERROR ? 0 : -1;
}
