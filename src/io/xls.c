/*
 * XLS (Excel 97–2003, BIFF in an OLE compound file) reader through FreeXL,
 * and the other things a compound file can be: an encrypted OOXML workbook
 * (Excel's "用密码进行加密" turns an .xlsx into a compound file holding an
 * EncryptedPackage stream) or a Word/PowerPoint file.
 *
 * FreeXL reads from a path only, so an upload in memory goes to a private
 * temporary file first (removed before returning).  FreeXL loads a sheet's
 * cells on selection; .xls sheets are at most 65,536 × 256 cells, and the
 * file-size limit bounds what a crafted file can claim.
 */
#include "io/sheet_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

/* "EncryptedPackage" as a compound-file directory entry name (UTF-16LE). */
static const char enc_name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

static int has_encrypted_package(const char *path)
{
	char buf[(1 << 16) + sizeof enc_name];
	size_t have = 0, k = sizeof enc_name - 1;
	int fd = open(path, O_RDONLY | O_CLOEXEC), found = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	while (!found && (n = read(fd, buf + have, sizeof buf - have)) > 0) {
		size_t len = have + (size_t)n;
		found = memmem(buf, len, enc_name, k) != NULL;
		have = len < k ? len : k - 1;
		memmove(buf, buf + len - have, have);
	}
	close(fd);
	return found;
}

/* Write an upload to a private temporary file for FreeXL. */
static int temp_copy(struct sheet_ctx *r, char *path, size_t pathsz)
{
	const char *dir = getenv("TMPDIR");
	const unsigned char *p = r->src->mem;
	size_t left = r->src->len;
	int fd;

	snprintf(path, pathsz, "%s/fangkong-xls-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return sheet_fail(r->err, "io", 0, 0, "无法创建临时文件（%s）", strerror(errno));
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(fd);
			unlink(path);
			return sheet_fail(r->err, "io", 0, 0, "无法写入临时文件（%s）",
					  strerror(e));
		}
		p += w;
		left -= (size_t)w;
	}
	close(fd);
	return 0;
}

struct xls {
	struct sheet_ctx *r;
	const void *h;
	char tmp[512];
	const char *path;
	int date1904;
	unsigned nsheets;
	char **names;
};

static int open_fail(struct xls *x, int rc)
{
	if (has_encrypted_package(x->path))
		return sheet_fail(x->r->err, "encrypted", 0, 0,
				  "文件有密码保护，请在 Excel 中去掉密码后重新保存再导入");
	if (rc == FREEXL_BIFF_WORKBOOK_NOT_FOUND)
		return sheet_fail(
		    x->r->err, "format", 0, 0,
		    "不是 Excel 文件（可能是 Word 等其他 Office 文档），请上传 .xlsx、.xls 或 CSV");
	if (rc == FREEXL_INSUFFICIENT_MEMORY)
		return sheet_fail(x->r->err, "too_large", 0, 0, "文件过大，无法读取");
	return sheet_fail(x->r->err, "corrupt", 0, 0,
			  "文件已损坏或不是有效的 Excel 文件（.xls 无法读取，代码 %d）", rc);
}

static int xls_open(struct xls *x, struct sheet_ctx *r, int info_only)
{
	unsigned v = 0;
	int rc;

	memset(x, 0, sizeof *x);
	x->r = r;
	x->path = r->src->path;
	if (r->src->mem) {
		if (temp_copy(r, x->tmp, sizeof x->tmp) < 0)
			return -1;
		x->path = x->tmp;
	}
	rc = info_only ? freexl_open_info(x->path, &x->h) : freexl_open(x->path, &x->h);
	if (rc != FREEXL_OK)
		return open_fail(x, rc);
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &v) == FREEXL_OK &&
	    v == FREEXL_BIFF_OBFUSCATED)
		return sheet_fail(r->err, "encrypted", 0, 0,
				  "文件有密码保护，请在 Excel 中去掉密码后重新保存再导入");
	if (freexl_get_info(x->h, FREEXL_BIFF_DATEMODE, &v) == FREEXL_OK)
		x->date1904 = v == FREEXL_BIFF_DATEMODE_1904;
	if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &x->nsheets) != FREEXL_OK)
		x->nsheets = 0;
	if (x->nsheets > 65535)
		x->nsheets = 65535;
	x->names = xcalloc(x->nsheets + 1, sizeof *x->names);
	for (unsigned i = 0; i < x->nsheets; i++) {
		const char *name = NULL;
		char fallback[32];
		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &name) != FREEXL_OK ||
		    !name) {
			snprintf(fallback, sizeof fallback, "Sheet%u", i + 1);
			name = fallback;
		}
		x->names[i] = xstrdup(name);
	}
	if (x->nsheets == 0)
		return sheet_fail(r->err, "empty", 0, 0, "工作簿里没有工作表");
	return 0;
}

static void xls_close(struct xls *x)
{
	if (x->h)
		freexl_close(x->h);
	if (x->tmp[0])
		unlink(x->tmp);
	for (unsigned i = 0; x->names && i < x->nsheets; i++)
		free(x->names[i]);
	free(x->names);
}

/* FreeXL writes dates as text; give them their serial as well. */
static void date_cell(struct xls *x, struct sheet_cell *c, const char *text, int kind)
{
	int y, m, d, hh = 0, mm = 0, ss = 0;

	c->type = SHEET_DATE;
	c->s = text;
	c->len = strlen(text);
	if (kind == FREEXL_CELL_TIME) {
		if (sscanf(text, "%d:%d:%d", &hh, &mm, &ss) == 3)
			c->num = (hh * 3600 + mm * 60 + ss) / 86400.0;
		return;
	}
	if (sscanf(text, "%d-%d-%d %d:%d:%d", &y, &m, &d, &hh, &mm, &ss) >= 3)
		c->num =
		    sheet_date_serial(y, m, d, x->date1904) + (hh * 3600 + mm * 60 + ss) / 86400.0;
}

static int read_rows(struct xls *x, unsigned rows, unsigned short cols)
{
	struct sheet_ctx *r = x->r;
	struct sheet_cell *cells = xcalloc(cols ? cols : 1, sizeof *cells);
	char *nums = xmalloc((size_t)(cols ? cols : 1) * 32);
	int rc = 0;

	for (unsigned row = 0; row < rows && rc == 0; row++) {
		for (unsigned short col = 0; col < cols; col++) {
			FreeXL_CellValue v;
			struct sheet_cell *c = &cells[col];
			char *nb = nums + (size_t)col * 32;
			*c = (struct sheet_cell){"", 0, SHEET_EMPTY, 0, 0};
			if (freexl_get_cell_value(x->h, row, col, &v) != FREEXL_OK)
				continue;
			switch (v.type) {
			case FREEXL_CELL_INT:
				c->num = v.value.int_value;
				c->len = (size_t)snprintf(nb, 32, "%d", v.value.int_value);
				c->s = nb;
				c->type = SHEET_NUMBER;
				break;
			case FREEXL_CELL_DOUBLE:
				c->num = v.value.double_value;
				c->len = sheet_number_text(c->num, nb);
				c->s = nb;
				c->type = SHEET_NUMBER;
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
				if (!v.value.text_value || !*v.value.text_value)
					break;
				c->s = v.value.text_value;
				c->len = strlen(c->s);
				c->type = SHEET_TEXT;
				if (c->len > r->lim.max_cell) {
					rc = sheet_fail(r->err, "cell_too_long", (long)row + 1,
							col + 1,
							"第 %u 行第 %d 列内容过长（超过 %zu 字节）",
							row + 1, col + 1, r->lim.max_cell);
					goto out;
				}
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
			case FREEXL_CELL_TIME:
				if (v.value.text_value)
					date_cell(x, c, v.value.text_value, v.type);
				break;
			default:
				break;
			}
		}
		rc = sheet_deliver(r, (long)row + 1, cells, cols, 1);
	}
out:
	free(cells);
	free(nums);
	return rc;
}

static int read_sheet(struct xls *x, unsigned i)
{
	unsigned rows = 0;
	unsigned short cols = 0;

	x->r->meta->sheet_index = (int)i + 1;
	x->r->meta->date1904 = x->date1904;
	sheet_copy_name(x->r->meta->sheet_name, sizeof x->r->meta->sheet_name, x->names[i]);
	if (freexl_select_active_worksheet(x->h, (unsigned short)i) != FREEXL_OK ||
	    freexl_worksheet_dimensions(x->h, &rows, &cols) != FREEXL_OK)
		return sheet_fail(x->r->err, "corrupt", 0, 0,
				  "文件已损坏或不是有效的 Excel 文件（工作表无法读取）");
	if (cols > x->r->lim.max_columns)
		return sheet_fail(x->r->err, "too_many_columns", 0, 0,
				  "列数超过上限（最多 %zu 列）", x->r->lim.max_columns);
	return read_rows(x, rows, cols);
}

int xls_read(struct sheet_ctx *r)
{
	struct xls x;
	int rc = -1, i;

	if (xls_open(&x, r, 0) < 0)
		goto out;
	if (r->sheet) {
		i = sheet_pick(r, (const char *const *)x.names, (int)x.nsheets);
		if (i < 0)
			goto out;
		rc = read_sheet(&x, (unsigned)i);
		if (rc == 0 && r->rows == 0)
			rc = sheet_fail(r->err, "empty", 0, 0, "工作表“%s”没有数据", x.names[i]);
		goto out;
	}
	for (unsigned k = 0; k < x.nsheets; k++) {
		rc = read_sheet(&x, k);
		if (rc != 0 || r->rows > 0)
			goto out;
	}
	rc = sheet_fail(r->err, "empty", 0, 0, "所有工作表都没有数据");
out:
	xls_close(&x);
	return rc;
}

int xls_list(struct sheet_ctx *r, struct sheet_info **out, int *n)
{
	struct xls x;
	int rc = -1;

	if (xls_open(&x, r, 1) < 0)
		goto out;
	*out = xcalloc(x.nsheets, sizeof **out);
	for (unsigned i = 0; i < x.nsheets; i++)
		sheet_copy_name((*out)[i].name, sizeof(*out)[i].name, x.names[i]);
	*n = (int)x.nsheets;
	rc = 0;
out:
	xls_close(&x);
	return rc;
}
