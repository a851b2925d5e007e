/*
 * Unit tests for the XLSX reader (src/io/xlsx.c, src/io/zipread.c) on files
 * the tests make: workbooks written with libxlsxwriter as Excel would (a
 * title merged over the header, shared strings, dates in ISO and Chinese
 * formats, an ID stored as a number, a formula, booleans, several sheets,
 * a hidden one), and zips written by hand with minizip for what
 * libxlsxwriter does not write: inline and rich strings with phonetic runs,
 * the 1904 date system, prefixed element names, cells without references,
 * a vertical merge, and the hostile cases — zip bombs by size, by lying
 * sizes and by entry count, encrypted entries, DTDs, corrupt and foreign
 * zips.  Also 100k rows streamed in bounded memory.
 */
#include "test_io_common.h"

#include <xlsxwriter.h>
#include <zip.h>
#include <zlib.h>

#include "io/sheet_impl.h" /* sheet_number_text, the slow path, as oracle */
#include "util/buf.h"

struct part {
	const char *name;
	const char *data; /* NUL-terminated; NULL: `len` zero bytes... see big parts */
};

/* A zip of the given parts at a new temporary path (free() it).  When
 * `password` is set every entry is encrypted (traditional PKWARE). */
static char *zip_parts(const struct part *parts, int n, const char *password)
{
	char *path = temp_write("", 0);
	zipFile zf = zipOpen64(path, 0);

	assert_non_null(zf);
	for (int i = 0; i < n; i++) {
		zip_fileinfo zi;
		size_t len = strlen(parts[i].data);
		memset(&zi, 0, sizeof zi);
		assert_int_equal(zipOpenNewFileInZip3(
				     zf, parts[i].name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6,
				     0, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, password,
				     crc32(0, (const Bytef *)parts[i].data, (uInt)len)),
				 ZIP_OK);
		assert_int_equal(zipWriteInFileInZip(zf, parts[i].data, (unsigned)len), ZIP_OK);
		assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
	}
	assert_int_equal(zipClose(zf, NULL), ZIP_OK);
	return path;
}

#define RELS                                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"                                               \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"   \
	"<Relationship Id=\"rId1\" "                                                               \
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"              \
	"officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"

#define WB_RELS                                                                                    \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"   \
	"<Relationship Id=\"rId1\" "                                                               \
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "  \
	"Target=\"worksheets/sheet1.xml\"/>"                                                       \
	"<Relationship Id=\"rId2\" "                                                               \
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "     \
	"Target=\"/xl/styles.xml\"/>"                                                              \
	"<Relationship Id=\"rId3\" "                                                               \
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"              \
	"sharedStrings\" Target=\"./sharedStrings.xml\"/></Relationships>"

#define WORKBOOK(pr)                                                                               \
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "           \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" pr      \
	"<sheets><sheet name=\"数据\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"

#define STYLES                                                                                     \
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"         \
	"<numFmts count=\"1\"><numFmt numFmtId=\"164\" "                                           \
	"formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts>"           \
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"                           \
	"<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"     \
	"<xf numFmtId=\"20\"/><xf numFmtId=\"31\"/></cellXfs>"                                     \
	"<dxfs><dxf><numFmt numFmtId=\"0\" formatCode=\"yyyy\"/></dxf></dxfs></styleSheet>"

#define SST                                                                                        \
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\">"    \
	"<si><t>姓名</t></si>"                                                                   \
	"<si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r>"                                    \
	"<rPh sb=\"0\" eb=\"2\"><t>ZHANGSAN</t></rPh><phoneticPr fontId=\"1\"/></si>"              \
	"<si><t xml:space=\"preserve\"> 带空格 &amp; </t></si></sst>"

/* Prefixed names, gaps, cells without r, a formula, the hostile bits. */
#define SHEET1                                                                                         \
	"<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"          \
	"<x:dimension ref=\"A1:G6\"/><x:sheetData>"                                                    \
	"<x:row r=\"1\" spans=\"1:4\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"                        \
	"<x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>身份证号</x:t></x:is></x:c>"                     \
	"<x:c r=\"C1\" t=\"inlineStr\"><x:is><x:r><x:t>到达</x:t></x:r><x:r><x:t>日期</x:t></x:r>" \
	"<x:rPh sb=\"0\" eb=\"1\"><x:t>DAODA</x:t></x:rPh></x:is></x:c>"                               \
	"<x:c r=\"D1\" t=\"str\"><x:f>\"备\"&amp;\"注\"</x:f><x:v>备注</x:v></x:c></x:row>"        \
	"<x:row r=\"3\"><x:c t=\"s\"><x:v>1</x:v></x:c>"                                               \
	"<x:c t=\"inlineStr\"><x:is><x:t>440524188001010014</x:t></x:is></x:c>"                        \
	"<x:c s=\"1\"><x:v>42394</x:v></x:c><x:c t=\"b\"><x:v>1</x:v></x:c></x:row>"                   \
	"<x:row r=\"4\"><x:c r=\"A4\"><x:v>4.40524188001E+17</x:v></x:c>"                              \
	"<x:c r=\"C4\" s=\"2\"><x:v>42394.5</x:v></x:c>"                                               \
	"<x:c r=\"E4\" t=\"e\"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>"                                 \
	"<x:c r=\"G4\" s=\"3\"><x:v>0.5</x:v></x:c></x:row>"                                           \
	"<x:row r=\"5\"><x:c r=\"A5\" s=\"0\"><x:v>36.6</x:v></x:c>"                                   \
	"<x:c r=\"B5\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"C5\" s=\"1\"/></x:row>"                      \
	"<x:row r=\"6\"><x:c r=\"B6\" s=\"1\"/><x:c r=\"C6\" s=\"4\"/></x:row>"                        \
	"<x:row r=\"7\"><x:c r=\"A7\" s=\"4\"><x:v>43856</x:v></x:c></x:row>"                          \
	"<x:row r=\"8\"><x:c r=\"A8\" s=\"1\"/></x:row>"                                               \
	"</x:sheetData><x:mergeCells count=\"2\"><x:mergeCell ref=\"A1:A2\"/>"                         \
	"<x:mergeCell ref=\"B5:D6\"/></x:mergeCells></x:worksheet>"

static char *handmade(const char *workbook_pr, const char *sheet)
{
	char wb[1024];
	snprintf(wb, sizeof wb, WORKBOOK("%s"), workbook_pr);
	struct part parts[] = {
	    {"[Content_Types].xml", "<Types/>"},
	    {"_rels/.rels", RELS},
	    {"xl/workbook.xml", wb},
	    {"xl/_rels/workbook.xml.rels", WB_RELS},
	    {"xl/styles.xml", STYLES},
	    {"xl/sharedStrings.xml", SST},
	    {"xl/worksheets/sheet1.xml", sheet},
	};
	return zip_parts(parts, 7, NULL);
}

static void test_handmade_1904(void **state)
{
	char *path = handmade("<workbookPr date1904=\"1\"/>", SHEET1);
	struct got *g = got_new(1);
	struct sheet_meta m;
	struct sheet_error e;
	(void)state;

	assert_int_equal(sheet_read_file(path, NULL, collect, g, &m, &e), 0);
	assert_int_equal(m.format, SHEET_FMT_XLSX);
	assert_int_equal(m.date1904, 1);
	assert_string_equal(m.sheet_name, "数据");
	assert_int_equal(g->rows, 6);

	assert_int_equal(g->row[0], 1);
	assert_string_equal(g->text[0], "姓名|身份证号|到达日期|备注");
	assert_string_equal(g->type[0], "TTTT");
	assert_string_equal(g->flag[0], "...F");

	assert_int_equal(g->row[1], 3); /* cells without r: A, B, C, D */
	assert_string_equal(g->text[1], "张三|440524188001010014|2020-01-26|TRUE");
	assert_string_equal(g->type[1], "TTDB");
	assert_true(g->num[1][2] == 42394);
	assert_true(g->num[1][3] == 1);

	assert_int_equal(g->row[2], 4); /* gaps filled, Excel's mangled ID */
	assert_string_equal(g->text[2], "440524188001000000||2020-01-26||#DIV/0!||12:00:00");
	assert_string_equal(g->type[2], "NEDEXED");
	assert_string_equal(g->flag[2], "....F..");
	assert_true(g->num[2][0] == 4.40524188001e17);

	/* a number in a number format; spaces kept; merged B5:D6 copied */
	assert_int_equal(g->row[3], 5);
	assert_string_equal(g->text[3], "36.6| 带空格 & | 带空格 & | 带空格 & ");
	assert_string_equal(g->type[3], "NTTT");
	assert_string_equal(g->flag[3], "..MM");
	assert_int_equal(g->row[4], 6); /* only merged copies: still a row */
	assert_string_equal(g->text[4], "| 带空格 & | 带空格 & | 带空格 & ");
	assert_string_equal(g->flag[4], ".MMM");

	/* built-in zh-CN format 31 (yyyy"年"m"月"d"日") is a date; row 8 is empty */
	assert_int_equal(g->row[5], 7);
	assert_string_equal(g->text[5], "2024-01-27");
	assert_string_equal(g->type[5], "D");

	/* 1900 system: the same serials are other days */
	memset(g, 0, sizeof *g);
	g->trimmed = 1;
	unlink(path);
	free(path);
	path = handmade("<workbookPr/>", SHEET1);
	assert_int_equal(sheet_read_file(path, NULL, collect, g, &m, &e), 0);
	assert_int_equal(m.date1904, 0);
	assert_string_equal(g->text[1], "张三|440524188001010014|2016-01-25|TRUE");
	assert_string_equal(g->text[5], "2020-01-26");

	/* merges left alone when asked */
	struct sheet_opts o = {.flags = SHEET_NO_MERGE_FILL};
	memset(g, 0, sizeof *g);
	g->trimmed = 1;
	assert_int_equal(sheet_read_file(path, &o, collect, g, &m, &e), 0);
	assert_int_equal(g->rows, 5);
	assert_string_equal(g->text[3], "36.6| 带空格 & ");
	unlink(path);
	free(path);
	free(g);
}

static lxw_format *numfmt(lxw_workbook *wb, const char *code)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_num_format(f, code);
	return f;
}

/* The list as Excel users make it, written by libxlsxwriter. */
static char *excel_made(void)
{
	char *path = temp_write("", 0);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *empty = workbook_add_worksheet(wb, "空表");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "名单");
	lxw_worksheet *ws2 = workbook_add_worksheet(wb, "第二页");
	lxw_worksheet *hid = workbook_add_worksheet(wb, "隐藏");
	lxw_format *iso = numfmt(wb, "yyyy-mm-dd"), *cn = numfmt(wb, "yyyy\"年\"m\"月\"d\"日\"");
	lxw_format *dt = numfmt(wb, "yyyy-mm-dd hh:mm"), *tm = numfmt(wb, "hh:mm");
	lxw_format *title = workbook_add_format(wb);
	lxw_datetime d1 = {2020, 1, 26, 0, 0, 0}, d2 = {2020, 2, 1, 0, 0, 0};
	lxw_datetime d3 = {2020, 1, 26, 12, 30, 0};
	const char *head[] = {"序号", "姓名", "身份证号", "到达日期", "体温", "村居"};

	(void)empty;
	format_set_bold(title);
	worksheet_merge_range(ws, 0, 0, 0, 5, "里水镇重点人员协查名单（第3批）", title);
	for (int c = 0; c < 6; c++)
		worksheet_write_string(ws, 1, (lxw_col_t)c, head[c], NULL);
	worksheet_write_number(ws, 2, 0, 1, NULL);
	worksheet_write_string(ws, 2, 1, "张三", NULL);
	worksheet_write_string(ws, 2, 2, "440524188001010014", NULL);
	worksheet_write_datetime(ws, 2, 3, &d1, iso);
	worksheet_write_number(ws, 2, 4, 36.6, NULL);
	worksheet_merge_range(ws, 2, 5, 3, 5, "北村", NULL);
	worksheet_write_number(ws, 3, 0, 2, NULL);
	worksheet_write_string(ws, 3, 1, "李四", NULL);
	worksheet_write_number(ws, 3, 2, 440524188001010014.0, NULL);
	worksheet_write_datetime(ws, 3, 3, &d2, cn);
	worksheet_write_formula_num(ws, 3, 4, "=36+1.5", NULL, 37.5);
	worksheet_write_number(ws, 5, 0, 3, NULL);
	worksheet_write_string(ws, 5, 1, "王五", NULL);
	worksheet_write_number(ws, 5, 3, 43861, NULL);
	worksheet_write_boolean(ws, 5, 4, 1, NULL);
	worksheet_write_datetime(ws, 5, 6, &d3, dt);
	worksheet_write_number(ws, 5, 7, 0.75, tm);
	worksheet_write_string(ws2, 0, 0, "第二页", NULL);
	worksheet_write_string(ws2, 1, 1, "B2", NULL);
	worksheet_write_string(hid, 0, 0, "隐藏的数据", NULL);
	worksheet_hide(hid);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	return path;
}

static void test_excel_made(void **state)
{
	char *path = excel_made();
	struct got *g = got_new(1);
	struct sheet_meta m;
	struct sheet_error e;
	const char *t = "里水镇重点人员协查名单（第3批）";
	char want[512];
	(void)state;

	assert_int_equal(sheet_read_file(path, NULL, collect, g, &m, &e), 0);
	assert_int_equal(m.sheet_index, 2); /* the empty first sheet is skipped */
	assert_string_equal(m.sheet_name, "名单");
	assert_int_equal(g->rows, 5);
	snprintf(want, sizeof want, "%s|%s|%s|%s|%s|%s", t, t, t, t, t, t);
	assert_string_equal(g->text[0], want);
	assert_string_equal(g->flag[0], ".MMMMM");
	assert_string_equal(g->text[1], "序号|姓名|身份证号|到达日期|体温|村居");
	assert_int_equal(g->row[2], 3);
	assert_string_equal(g->text[2], "1|张三|440524188001010014|2020-01-26|36.6|北村");
	assert_string_equal(g->type[2], "NTTDNT");
	assert_true(g->num[2][3] == 43856);
	assert_string_equal(g->text[3], "2|李四|440524188001010000|2020-02-01|37.5|北村");
	assert_string_equal(g->type[3], "NTNDNT");
	assert_string_equal(g->flag[3], "....FM");
	assert_int_equal(g->row[4], 6);
	assert_string_equal(g->text[4], "3|王五||43861|TRUE||2020-01-26 12:30:00|18:00:00");
	assert_string_equal(g->type[4], "NTENBEDD");

	/* the same on one thread (no reader thread, no shared-string helper) */
	{
		struct sheet_opts o = {.flags = SHEET_ONE_THREAD};
		struct got *g1 = got_new(1);
		assert_int_equal(sheet_read_file(path, &o, collect, g1, &m, &e), 0);
		assert_int_equal(g1->rows, g->rows);
		for (int i = 0; i < g->rows; i++) {
			assert_int_equal(g1->row[i], g->row[i]);
			assert_string_equal(g1->text[i], g->text[i]);
			assert_string_equal(g1->type[i], g->type[i]);
			assert_string_equal(g1->flag[i], g->flag[i]);
		}
		free(g1);
	}
	unlink(path);
	free(path);
	free(g);
}

static void test_sheets(void **state)
{
	char *path = excel_made();
	size_t len;
	unsigned char *data = slurp(path, &len);
	struct got *g = got_new(1);
	struct sheet_meta m;
	struct sheet_error e;
	struct sheet_opts o = {0};
	struct sheet_info *si;
	int n;
	(void)state;

	assert_int_equal(sheet_list_mem(data, len, NULL, &si, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_string_equal(si[0].name, "空表");
	assert_string_equal(si[1].name, "名单");
	assert_string_equal(si[3].name, "隐藏");
	assert_int_equal(si[2].hidden, 0);
	assert_int_equal(si[3].hidden, 1);
	free(si);

	o.sheet = "第二页";
	assert_int_equal(sheet_read_mem(data, len, &o, collect, g, &m, &e), 0);
	assert_int_equal(m.sheet_index, 3);
	assert_int_equal(g->rows, 2);
	assert_string_equal(g->text[1], "|B2");
	o.sheet = "4"; /* by number, hidden or not */
	memset(g, 0, sizeof *g);
	assert_int_equal(sheet_read_mem(data, len, &o, collect, g, &m, &e), 0);
	assert_string_equal(g->text[0], "隐藏的数据");
	o.sheet = "1";
	assert_int_equal(sheet_read_mem(data, len, &o, collect, g, &m, &e), -1);
	assert_string_equal(e.code, "empty");
	o.sheet = "汇总";
	assert_int_equal(sheet_read_mem(data, len, &o, collect, g, &m, &e), -1);
	assert_string_equal(e.code, "no_sheet");
	assert_non_null(strstr(e.message, "汇总"));
	assert_non_null(strstr(e.message, "“名单”"));
	o.sheet = "5";
	assert_int_equal(sheet_read_mem(data, len, &o, collect, g, &m, &e), -1);
	assert_string_equal(e.code, "no_sheet");

	/* the caller stops; the row limit */
	memset(g, 0, sizeof *g);
	g->stop_after = 2;
	assert_int_equal(sheet_read_mem(data, len, NULL, collect, g, &m, &e), 1);
	assert_int_equal(g->rows, 2);
	memset(&o, 0, sizeof o);
	o.lim.max_rows = 3;
	memset(g, 0, sizeof *g);
	assert_int_equal(sheet_read_mem(data, len, &o, collect, g, &m, &e), -1);
	assert_string_equal(e.code, "too_many_rows");
	assert_int_equal(e.row, 4);
	unlink(path);
	free(path);
	free(data);
	free(g);
}

static void expect_error(const char *path, const struct sheet_opts *o, const char *code)
{
	struct got *g = got_new(1);
	struct sheet_error e;
	size_t len;
	unsigned char *data = slurp(path, &len);

	assert_int_equal(sheet_read_file(path, o, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, code);
	assert_true(strlen(e.message) > 0);
	memset(g, 0, sizeof *g);
	assert_int_equal(sheet_read_mem(data, len, o, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, code);
	free(data);
	free(g);
}

static void test_bad_cells(void **state)
{
	struct got *g = got_new(1);
	struct sheet_error e;
	struct buf b;
	char *path;
	(void)state;

	/* a 40 KB inline string: over the 32 KB cell limit */
	buf_init(&b, 0);
	buf_adds(&b, "<worksheet><sheetData><row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>");
	for (int i = 0; i < 4000; i++)
		buf_adds(&b, "xxxxxxxxxx");
	buf_adds(&b, "</t></is></c></row></sheetData></worksheet>");
	path = handmade("", b.s);
	expect_error(path, NULL, "cell_too_long");
	assert_int_equal(sheet_read_file(path, NULL, collect, g, NULL, &e), -1);
	assert_int_equal(e.row, 2);
	assert_int_equal(e.col, 3);
	unlink(path);
	free(path);
	buf_release(&b);
	free(g);

	/* a row over the row limit, with shared strings and inline ones */
	{
		struct sheet_opts o = {0};
		o.lim.max_row = 12;
		path = handmade("", "<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c>"
				    "<c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c></row>"
				    "</sheetData></worksheet>");
		expect_error(path, &o, "row_too_long");
		unlink(path);
		free(path);
		path = handmade("", "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is>"
				    "<t>0123456789</t></is></c><c t=\"inlineStr\"><is><t>0123456789"
				    "</t></is></c></row></sheetData></worksheet>");
		expect_error(path, &o, "row_too_long");
		/* the shared strings' memory */
		memset(&o, 0, sizeof o);
		o.lim.max_shared = 1000;
		expect_error(path, &o, "too_large");
		unlink(path);
		free(path);
	}

	path = handmade("", "<worksheet><sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"
			    "</sheetData></worksheet>");
	expect_error(path, NULL, "too_many_columns");
	unlink(path);
	free(path);

	path = handmade("", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c>"
			    "</row></sheetData></worksheet>");
	expect_error(path, NULL, "corrupt"); /* shared string 3 of 3 */
	unlink(path);
	free(path);

	path = handmade("", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
			    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
			    "<t>&a;</t></is></c></row></sheetData></worksheet>");
	expect_error(path, NULL, "corrupt");
	unlink(path);
	free(path);

	path = handmade("", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row>");
	expect_error(path, NULL, "corrupt"); /* broken XML */
	unlink(path);
	free(path);

	path = handmade("", "<worksheet><sheetData/></worksheet>");
	expect_error(path, NULL, "empty");
	unlink(path);
	free(path);
}

static void test_bad_zips(void **state)
{
	struct part word[] = {{"[Content_Types].xml", "<Types/>"},
			      {"word/document.xml", "<document/>"}};
	struct part norels[] = {{"hello.txt", "hello"}};
	char *path, *good;
	size_t len;
	unsigned char *data;
	struct sheet_error e;
	struct got *g = got_new(1);
	(void)state;

	path = zip_parts(word, 2, NULL);
	expect_error(path, NULL, "format");
	assert_int_equal(sheet_read_file(path, NULL, collect, g, NULL, &e), -1);
	free(g);
	assert_non_null(strstr(e.message, "Word"));
	unlink(path);
	free(path);
	path = zip_parts(norels, 1, NULL);
	expect_error(path, NULL, "format");
	unlink(path);
	free(path);

	/* every entry encrypted with a zip password */
	good = handmade("", SHEET1);
	data = slurp(good, &len);
	path = NULL;
	{
		char wb[1024];
		snprintf(wb, sizeof wb, WORKBOOK("%s"), "");
		struct part parts[] = {
		    {"_rels/.rels", RELS},
		    {"xl/workbook.xml", wb},
		    {"xl/_rels/workbook.xml.rels", WB_RELS},
		    {"xl/styles.xml", STYLES},
		    {"xl/sharedStrings.xml", SST},
		    {"xl/worksheets/sheet1.xml", SHEET1},
		};
		path = zip_parts(parts, 6, "secret");
	}
	expect_error(path, NULL, "encrypted");
	unlink(path);
	free(path);

	/* cut short: the central directory is gone */
	path = temp_write(data, len / 2);
	expect_error(path, NULL, "corrupt");
	unlink(path);
	free(path);
	/* a zip header and noise */
	memset(data + 4, 0x5A, len - 4);
	path = temp_write(data, len);
	expect_error(path, NULL, "corrupt");
	unlink(path);
	free(path);
	free(data);
	unlink(good);
	free(good);
}

/* A zip whose sheet is `size` bytes of '0' inside one <v>, deflated.  With
 * `declared` non-zero the entry is written raw and lies about its size. */
static char *zero_sheet(size_t size, uint64_t declared)
{
	char *path = temp_write("", 0);
	zipFile zf = zipOpen64(path, 0);
	char wb[1024];
	struct part parts[] = {
	    {"_rels/.rels", RELS},
	    {"xl/workbook.xml", wb},
	    {"xl/_rels/workbook.xml.rels", WB_RELS},
	};
	static const char head[] = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>";
	static const char tail[] = "</v></c></row></sheetData></worksheet>";
	size_t chunk = 1 << 20;
	char *zeros = malloc(chunk);
	zip_fileinfo zi;

	memset(zeros, '0', chunk);
	snprintf(wb, sizeof wb, WORKBOOK("%s"), "");
	memset(&zi, 0, sizeof zi);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(zipOpenNewFileInZip64(zf, parts[i].name, &zi, NULL, 0, NULL, 0,
						       NULL, Z_DEFLATED, 6, 0),
				 ZIP_OK);
		zipWriteInFileInZip(zf, parts[i].data, (unsigned)strlen(parts[i].data));
		zipCloseFileInZip(zf);
	}
	if (!declared) {
		assert_int_equal(zipOpenNewFileInZip64(zf, "xl/worksheets/sheet1.xml", &zi, NULL, 0,
						       NULL, 0, NULL, Z_DEFLATED, 1, 1),
				 ZIP_OK);
		zipWriteInFileInZip(zf, head, sizeof head - 1);
		for (size_t done = 0; done < size; done += chunk)
			zipWriteInFileInZip(zf, zeros, (unsigned)chunk);
		zipWriteInFileInZip(zf, tail, sizeof tail - 1);
		zipCloseFileInZip(zf);
	} else {
		/* deflate ourselves and declare a small size */
		z_stream zs;
		size_t outcap = size / 50 + 4096;
		unsigned char *out = malloc(outcap);
		memset(&zs, 0, sizeof zs);
		assert_int_equal(
		    deflateInit2(&zs, 1, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
		for (size_t done = 0; done < size; done += chunk) {
			zs.next_in = (Bytef *)zeros;
			zs.avail_in = (uInt)chunk;
			zs.next_out = out + zs.total_out;
			zs.avail_out = (uInt)(outcap - zs.total_out);
			assert_int_equal(deflate(&zs, done + chunk >= size ? Z_FINISH : Z_NO_FLUSH),
					 done + chunk >= size ? Z_STREAM_END : Z_OK);
		}
		assert_int_equal(zipOpenNewFileInZip2(zf, "xl/worksheets/sheet1.xml", &zi, NULL, 0,
						      NULL, 0, NULL, Z_DEFLATED, 9, 1),
				 ZIP_OK);
		zipWriteInFileInZip(zf, out, (unsigned)zs.total_out);
		assert_int_equal(zipCloseFileInZipRaw64(
				     zf, declared, crc32(0, (const Bytef *)zeros, (uInt)declared)),
				 ZIP_OK);
		deflateEnd(&zs);
		free(out);
	}
	assert_int_equal(zipClose(zf, NULL), ZIP_OK);
	free(zeros);
	return path;
}

static void test_zip_bombs(void **state)
{
	struct sheet_opts o = {0};
	struct sheet_error e;
	char *path;
	(void)state;

	/* 200 MB of zeros, ~200 KB on disk, against a 100 MB limit */
	path = zero_sheet((size_t)200 << 20, 0);
	o.lim.max_uncompressed = (size_t)100 << 20;
	expect_error(path, &o, "zip_bomb");
	assert_int_equal(sheet_read_file(path, &o, collect, NULL, NULL, &e), -1);
	assert_non_null(strstr(e.message, "压缩炸弹"));
	unlink(path);
	free(path);

	/* 50 MB that says it is 1000 bytes: never inflated past what it said */
	path = zero_sheet((size_t)50 << 20, 1000);
	{
		struct got *g = got_new(1);
		int rc = sheet_read_file(path, NULL, collect, g, NULL, &e);
		assert_int_equal(rc, -1);
		assert_true(strcmp(e.code, "corrupt") == 0 || strcmp(e.code, "zip_bomb") == 0);
		free(g);
	}
	unlink(path);
	free(path);

	/* too many entries */
	{
		char *p2 = temp_write("", 0);
		zipFile zf = zipOpen64(p2, 0);
		zip_fileinfo zi;
		memset(&zi, 0, sizeof zi);
		for (int i = 0; i < 150; i++) {
			char name[32];
			snprintf(name, sizeof name, "x/%d.xml", i);
			zipOpenNewFileInZip64(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 1,
					      0);
			zipWriteInFileInZip(zf, "<a/>", 4);
			zipCloseFileInZip(zf);
		}
		zipClose(zf, NULL);
		memset(&o, 0, sizeof o);
		o.lim.max_entries = 100;
		expect_error(p2, &o, "zip_bomb");
		unlink(p2);
		free(p2);
	}
}

struct numcheck {
	const char **want;
	int n, bad;
};

static int check_numbers(void *ctx, long row, const struct sheet_cell *c, int n)
{
	struct numcheck *k = ctx;
	assert_int_equal(n, 1);
	assert_true(row >= 1 && row <= k->n);
	assert_int_equal(c[0].type, SHEET_NUMBER);
	if (strcmp(c[0].s, k->want[row - 1]) != 0) {
		fprintf(stderr, "row %ld: got %s want %s\n", row, c[0].s, k->want[row - 1]);
		k->bad++;
	}
	return 0;
}

/* Number cells show what Excel's formula bar shows: %.15g, and integers of
 * 16+ digits as 15 digits and zeros.  The reader keeps the file's text when
 * it already is that; random decimals check the shortcut against the slow
 * path. */
static void test_number_text(void **state)
{
	static const char *fixed[][2] = {
	    {"0", "0"},
	    {"0.5", "0.5"},
	    {"007", "7"},
	    {"36.60", "36.6"},
	    {"0.00001", "1e-05"},
	    {"0.0001", "0.0001"},
	    {"-0", "0"},
	    {"1E-3", "0.001"},
	    {"123456789012345", "123456789012345"},
	    {"1234567890123456", "1234567890123460"},
	    {"440524188001010014", "440524188001010000"},
	    {"4.40524188001E+17", "440524188001000000"},
	    {"36.600000000000001", "36.6"},
	    {"-12.5", "-12.5"},
	    {"1e21", "1e+21"},
	    {".5", "0.5"},
	};
	enum { NF = sizeof fixed / sizeof fixed[0], NR = 3000 };
	const char *want[NF + NR];
	char *vals[NR], *texts[NR], *path;
	struct numcheck k = {want, NF + NR, 0};
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	buf_adds(&b, "<worksheet><sheetData>");
	for (int i = 0; i < NF; i++) {
		buf_addf(&b, "<row r=\"%d\"><c r=\"A%d\"><v>%s</v></c></row>", i + 1, i + 1,
			 fixed[i][0]);
		want[i] = fixed[i][1];
	}
	srand(4242);
	for (int i = 0; i < NR; i++) {
		char v[64], t[32];
		int intd = rand() % 17, fracd = rand() % 8, p = 0;
		if (rand() % 4 == 0)
			v[p++] = '-';
		for (int d = 0; d <= intd; d++)
			v[p++] = (char)('0' + (d == 0 && intd > 0 ? 1 + rand() % 9 : rand() % 10));
		if (fracd) {
			v[p++] = '.';
			for (int d = 0; d < fracd; d++)
				v[p++] = (char)('0' + rand() % 10);
		}
		v[p] = '\0';
		sheet_number_text(strtod(v, NULL), t);
		vals[i] = strdup(v);
		texts[i] = strdup(t);
		want[NF + i] = texts[i];
		buf_addf(&b, "<row r=\"%d\"><c><v>%s</v></c></row>", NF + i + 1, v);
	}
	buf_adds(&b, "</sheetData></worksheet>");
	path = handmade("", b.s);
	assert_int_equal(sheet_read_file(path, NULL, check_numbers, &k, NULL, NULL), 0);
	assert_int_equal(k.bad, 0);
	for (int i = 0; i < NR; i++) {
		free(vals[i]);
		free(texts[i]);
	}
	unlink(path);
	free(path);
	buf_release(&b);
}

static void test_file_limits(void **state)
{
	char *path = excel_made();
	struct sheet_opts o = {0};
	(void)state;

	o.lim.max_file = 1000;
	expect_error(path, &o, "too_large");
	unlink(path);
	free(path);
}

/* The sheet asks for the last shared string first: the reader has to wait
 * for the helper thread to get there; then every string by index. */
static void test_shared_strings_wait(void **state)
{
	enum { N = 30000 };
	struct buf sst, sheet;
	char wb[1024], *path;
	struct got *g = got_new(1);
	struct sheet_error e;
	(void)state;

	buf_init(&sst, 0);
	buf_init(&sheet, 0);
	buf_adds(&sst, "<sst>");
	for (int i = 0; i < N; i++)
		buf_addf(&sst, "<si><r><t>串</t></r><r><t>%d</t></r></si>", i);
	buf_adds(&sst, "</sst>");
	buf_adds(&sheet, "<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>29999</v></c>"
			 "<c t=\"s\"><v>0</v></c></row>");
	for (int i = 0; i < N; i += 7)
		buf_addf(&sheet, "<row r=\"%d\"><c t=\"s\"><v>%d</v></c></row>", i + 2, i);
	buf_adds(&sheet, "<row r=\"99999\"><c t=\"s\"><v>30000</v></c></row>");
	buf_adds(&sheet, "</sheetData></worksheet>");
	snprintf(wb, sizeof wb, WORKBOOK("%s"), "");
	struct part parts[] = {
	    {"_rels/.rels", RELS},
	    {"xl/workbook.xml", wb},
	    {"xl/_rels/workbook.xml.rels", WB_RELS},
	    {"xl/sharedStrings.xml", sst.s},
	    {"xl/worksheets/sheet1.xml", sheet.s},
	};
	path = zip_parts(parts, 5, NULL);
	/* the last row asks for a string past the end: corrupt, after the rest */
	assert_int_equal(sheet_read_file(path, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "corrupt");
	assert_string_equal(g->text[0], "串29999|串0");
	assert_string_equal(g->text[1], "串0");
	assert_string_equal(g->text[2], "串7");
	assert_int_equal(g->rows, 1 + (N + 6) / 7);
	unlink(path);
	free(path);
	buf_release(&sst);
	buf_release(&sheet);
	free(g);
}

static int any_row(void *ctx, long row, const struct sheet_cell *c, int n)
{
	(void)ctx;
	(void)row;
	for (int i = 0; i < n; i++)
		assert_int_equal(c[i].s[c[i].len], '\0');
	return 0;
}

/* Hostile input: mutated XML parts and mutated zip bytes must give rows or
 * an error, never a crash (ASan/UBSan watch the reads). */
static void test_mutations(void **state)
{
	const char *base[] = {RELS, WB_RELS, STYLES, SST, SHEET1};
	(void)state;

	srand(7);
	for (int it = 0; it < 200; it++) {
		char *m[5], wb[1024], *path;
		struct sheet_opts o = {.flags = it % 4 ? 0 : SHEET_ONE_THREAD};
		struct sheet_error e;
		int which = it % 5, rc;
		for (int k = 0; k < 5; k++)
			m[k] = strdup(base[k]);
		for (int flips = 1 + rand() % 4; flips > 0; flips--) {
			size_t len = strlen(m[which]);
			static const char junk[] = "<>\"=:/AZ09&;x \x80\xE4";
			m[which][(size_t)rand() % len] = junk[rand() % (int)(sizeof junk - 1)];
		}
		snprintf(wb, sizeof wb, WORKBOOK("%s"),
			 it % 2 ? "<workbookPr date1904=\"1\"/>" : "");
		struct part parts[] = {
		    {"_rels/.rels", m[0]},
		    {"xl/workbook.xml", wb},
		    {"xl/_rels/workbook.xml.rels", m[1]},
		    {"xl/styles.xml", m[2]},
		    {"xl/sharedStrings.xml", m[3]},
		    {"xl/worksheets/sheet1.xml", m[4]},
		};
		path = zip_parts(parts, 6, NULL);
		rc = sheet_read_file(path, &o, any_row, NULL, NULL, &e);
		assert_true(rc == 0 || (rc == -1 && e.code && e.message[0]));
		unlink(path);
		free(path);
		for (int k = 0; k < 5; k++)
			free(m[k]);
	}

	char *good = handmade("", SHEET1);
	size_t len;
	unsigned char *data = slurp(good, &len);
	for (int it = 0; it < 200; it++) {
		unsigned char *d = malloc(len);
		struct sheet_error e;
		int rc;
		memcpy(d, data, len);
		for (int flips = 1 + rand() % 3; flips > 0; flips--)
			d[4 + (size_t)rand() % (len - 4)] = (unsigned char)rand();
		rc = sheet_read_mem(d, it % 3 ? len : (size_t)rand() % len, NULL, any_row, NULL,
				    NULL, &e);
		assert_true(rc == 0 || (rc == -1 && e.code && e.message[0]));
		free(d);
	}
	free(data);
	unlink(good);
	free(good);
}

struct big {
	long rows;
	long bad;
};

static int check_big(void *ctx, long row, const struct sheet_cell *c, int n)
{
	struct big *b = ctx;
	char want[32];

	b->rows++;
	if (row == 1)
		return 0;
	snprintf(want, sizeof want, "张三%ld", row);
	if (n != 6 || strcmp(c[1].s, want) != 0 || c[0].type != SHEET_NUMBER ||
	    c[0].num != (double)row || c[5].type != SHEET_DATE || strcmp(c[5].s, "2020-01-26") != 0)
		b->bad++;
	return 0;
}

static void test_100k_rows(void **state)
{
	char *path = temp_write("", 0);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "名单");
	lxw_format *iso = numfmt(wb, "yyyy-mm-dd");
	lxw_datetime d = {2020, 1, 26, 0, 0, 0};
	const char *head[] = {"序号", "姓名", "身份证号", "电话", "住址", "到达日期"};
	struct big b = {0};
	long before, grew;
	size_t len;
	unsigned char *data;
	(void)state;

	for (int c = 0; c < 6; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
	for (lxw_row_t r = 1; r < 100000; r++) {
		char s[64];
		worksheet_write_number(ws, r, 0, r + 1, NULL);
		snprintf(s, sizeof s, "张三%u", r + 1);
		worksheet_write_string(ws, r, 1, s, NULL);
		snprintf(s, sizeof s, "4405241990%08u", r);
		worksheet_write_string(ws, r, 2, s, NULL);
		snprintf(s, sizeof s, "138%08u", r);
		worksheet_write_string(ws, r, 3, s, NULL);
		snprintf(s, sizeof s, "里水镇北村%u号", r);
		worksheet_write_string(ws, r, 4, s, NULL);
		worksheet_write_datetime(ws, r, 5, &d, iso);
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	data = slurp(path, &len);
	before = peak_kb();
	assert_int_equal(sheet_read_mem(data, len, NULL, check_big, &b, NULL, NULL), 0);
	grew = peak_kb() - before;
	assert_int_equal(b.rows, 100000);
	assert_int_equal(b.bad, 0);
	/* the sheet XML is ~15 MB inflated; streaming keeps well under it
	 * (loose: ASan's allocator and quarantine add their own) */
	assert_true(grew < 12 * 1024);
	free(data);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_handmade_1904),
	    cmocka_unit_test(test_excel_made),
	    cmocka_unit_test(test_sheets),
	    cmocka_unit_test(test_bad_cells),
	    cmocka_unit_test(test_bad_zips),
	    cmocka_unit_test(test_zip_bombs),
	    cmocka_unit_test(test_number_text),
	    cmocka_unit_test(test_file_limits),
	    cmocka_unit_test(test_shared_strings_wait),
	    cmocka_unit_test(test_mutations),
	    cmocka_unit_test(test_100k_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
