/*
 * Unit tests for the CSV reader (src/io/csv.c) and the format front
 * (src/io/sheet.c): encodings as lists arrive (UTF-8 with/without BOM,
 * GB18030 made here with iconv, UTF-16LE "Unicode text"), multibyte
 * characters cut by the 64 KB chunk boundary, mixed encodings refused,
 * delimiters sniffed, quoted newlines, blank lines and row numbers, ragged
 * rows, the limits, stopping early, detection by content, and 100k rows
 * streamed in bounded memory.
 */
#include "test_io_common.h"

#include <iconv.h>

#include "util/buf.h"

static int read_str(const char *s, const struct sheet_opts *o, struct got *g, struct sheet_meta *m,
		    struct sheet_error *e)
{
	return sheet_read_mem(s, strlen(s), o, collect, g, m, e);
}

/* UTF-8 → another encoding, through iconv as the office's Excel would. */
static char *to_enc(const char *utf8, const char *enc, size_t *outlen)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	size_t inleft = strlen(utf8), cap = 4 * inleft + 16, outleft = cap;
	char *out = malloc(cap), *in = (char *)utf8, *o = out;

	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
	iconv_close(cd);
	*outlen = cap - outleft;
	return out;
}

static void test_utf8_basic(void **state)
{
	struct got *g = got_new(0);
	struct sheet_meta m;
	struct sheet_error e;
	(void)state;

	/* quoted newline, CRLF, blank lines (counted), spaces kept */
	assert_int_equal(read_str("姓名,身份证号,备注\r\n"
				  "\r\n"
				  "张三, 440524188001010014 ,\"住址\r\n第二行\"\r\n"
				  "\n"
				  "李四,\"含,逗号\",\"引号\"\"内\"\r\n"
				  "王五,1",
				  NULL, g, &m, &e),
			 0);
	assert_int_equal(m.format, SHEET_FMT_CSV);
	assert_string_equal(m.encoding, "UTF-8");
	assert_int_equal(m.delimiter, ',');
	assert_int_equal(m.sheet_index, 1);
	assert_int_equal(g->rows, 4);
	assert_int_equal(g->row[0], 1);
	assert_string_equal(g->text[0], "姓名|身份证号|备注");
	assert_int_equal(g->row[1], 3);
	assert_string_equal(g->text[1], "张三| 440524188001010014 |住址\r\n第二行");
	assert_string_equal(g->type[1], "TTT");
	assert_int_equal(g->row[2], 5);
	assert_string_equal(g->text[2], "李四|含,逗号|引号\"内");
	assert_int_equal(g->row[3], 6);
	assert_string_equal(g->text[3], "王五|1");
	assert_string_equal(g->type[3], "TT"); /* CSV fields are text */
	free(g);
}

static void test_ragged_and_empty_fields(void **state)
{
	struct got *g = got_new(0);
	struct sheet_meta m;
	(void)state;

	assert_int_equal(read_str("a,b,c\nd,e\nf,,h,i\n,,\nj\n", NULL, g, &m, NULL), 0);
	assert_int_equal(g->rows, 4); /* ",," holds no value: skipped, still counted */
	assert_int_equal(g->ncells[0], 3);
	assert_int_equal(g->ncells[1], 2);
	assert_int_equal(g->ncells[2], 4);
	assert_string_equal(g->type[2], "TETT");
	assert_int_equal(g->row[3], 5);
	assert_string_equal(g->text[3], "j");
	free(g);
}

static void test_bom(void **state)
{
	struct got *g = got_new(0);
	struct sheet_meta m;
	(void)state;

	assert_int_equal(read_str("\xEF\xBB\xBF姓名,电话\n张三,13800138000\n", NULL, g, &m, NULL),
			 0);
	assert_string_equal(m.encoding, "UTF-8-BOM");
	assert_string_equal(g->text[0], "姓名|电话");
	assert_string_equal(g->text[1], "张三|13800138000");
	free(g);
}

static void test_gb18030(void **state)
{
	const char *utf8 = "里水镇重点人员协查名单（第3批）,,\n姓名,身份证号,现住址\n"
			   "张三,440524188001010014,里水镇北村１号\n李四,44052419900101002X,𠀀村\n";
	struct got *g = got_new(0);
	struct sheet_meta m;
	struct sheet_error e;
	size_t n;
	char *gb = to_enc(utf8, "GB18030", &n);
	(void)state;

	assert_int_equal(sheet_read_mem(gb, n, NULL, collect, g, &m, &e), 0);
	assert_string_equal(m.encoding, "GB18030");
	assert_int_equal(g->rows, 4);
	assert_string_equal(g->text[0], "里水镇重点人员协查名单（第3批）||");
	assert_string_equal(g->text[2], "张三|440524188001010014|里水镇北村１号");
	assert_string_equal(g->text[3], "李四|44052419900101002X|𠀀村"); /* 4-byte GB18030 */
	free(gb);
	free(g);
}

/* `pad` bytes of ASCII rows, then Chinese rows: with pad = 65535 the first
 * multibyte character straddles the 64 KB chunk boundary. */
static char *padded(size_t pad, int chinese_rows)
{
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, "name,code\n");
	while (b.len + 20 <= pad)
		buf_addf(&b, "row%06zu,%08zu\n", b.len, b.len);
	while (b.len < pad - 1)
		buf_addch(&b, 'x');
	buf_addch(&b, '\n');
	for (int i = 0; i < chinese_rows; i++)
		buf_addf(&b, "中文名字%d,编码%d\n", i, i);
	return buf_take(&b, NULL);
}

static void check_padded(struct got *g, long chinese_rows)
{
	/* every Chinese row arrived whole */
	assert_true(g->rows > chinese_rows);
	assert_int_equal(g->last_row, g->rows);
}

static int count_chinese(void *ctx, long row, const struct sheet_cell *c, int n)
{
	long *k = ctx;
	char want[64];
	(void)row;
	if (n == 2 && strncmp(c[0].s, "中文名字", 12) == 0) {
		snprintf(want, sizeof want, "中文名字%ld", *k);
		assert_string_equal(c[0].s, want);
		snprintf(want, sizeof want, "编码%ld", *k);
		assert_string_equal(c[1].s, want);
		(*k)++;
	}
	return 0;
}

static void test_chunk_boundaries(void **state)
{
	(void)state;
	for (size_t pad = 65533; pad <= 65537; pad++) {
		char *utf8 = padded(pad, 3000);
		size_t n;
		char *gb = to_enc(utf8, "GB18030", &n);
		struct sheet_meta m;
		struct sheet_error e;
		long k = 0;
		char *path;

		assert_int_equal(
		    sheet_read_mem(utf8, strlen(utf8), NULL, count_chinese, &k, &m, &e), 0);
		assert_string_equal(m.encoding, "UTF-8");
		assert_int_equal(k, 3000);
		k = 0;
		assert_int_equal(sheet_read_mem(gb, n, NULL, count_chinese, &k, &m, &e), 0);
		assert_string_equal(m.encoding, "GB18030");
		assert_int_equal(k, 3000);
		/* and from a file, read in chunks by the reader itself */
		path = temp_write(gb, n);
		k = 0;
		assert_int_equal(sheet_read_file(path, NULL, count_chinese, &k, &m, &e), 0);
		assert_int_equal(k, 3000);
		unlink(path);
		free(path);
		free(gb);
		free(utf8);
	}
	struct got *g = got_new(0);
	char *utf8 = padded(65535, 10);
	assert_int_equal(read_str(utf8, NULL, g, NULL, NULL), 0);
	check_padded(g, 10);
	free(utf8);
	free(g);
}

static void test_utf16le_tabs(void **state)
{
	const char *utf8 =
	    "\xEF\xBB\xBF姓名\t身份证号\t备注\r\n张三\t440524188001010014\t有,逗号\r\n";
	struct got *g = got_new(0);
	struct sheet_meta m;
	size_t n;
	char *u16 = to_enc(utf8, "UTF-16LE", &n); /* the BOM becomes FF FE */
	(void)state;

	assert_int_equal((unsigned char)u16[0], 0xFF);
	assert_int_equal(sheet_detect(u16, n), SHEET_FMT_CSV);
	assert_int_equal(sheet_read_mem(u16, n, NULL, collect, g, &m, NULL), 0);
	assert_string_equal(m.encoding, "UTF-16LE");
	assert_int_equal(m.delimiter, '\t');
	assert_int_equal(g->rows, 2);
	assert_string_equal(g->text[0], "姓名|身份证号|备注");
	assert_string_equal(g->text[1], "张三|440524188001010014|有,逗号");
	free(u16);
	free(g);
}

static void test_delimiters(void **state)
{
	struct got *g = got_new(0);
	struct sheet_meta m;
	(void)state;

	assert_int_equal(
	    read_str("名单（第1批）\n姓名;地址;电话\n张三;北村1号,2栋;138\n李四;南村;139\n", NULL,
		     g, &m, NULL),
	    0);
	assert_int_equal(m.delimiter, ';');
	assert_string_equal(g->text[2], "张三|北村1号,2栋|138");
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("a\tb\tc\n1\t2\t3\n", NULL, g, &m, NULL), 0);
	assert_int_equal(m.delimiter, '\t');
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("\"x;y\",b,c\n1,\"2;3;4\",3\n", NULL, g, &m, NULL), 0);
	assert_int_equal(m.delimiter, ',');
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("just one column\nsecond\n", NULL, g, &m, NULL), 0);
	assert_int_equal(m.delimiter, ',');
	assert_int_equal(g->rows, 2);
	free(g);
}

static void test_mixed_encoding(void **state)
{
	struct got *g = got_new(0);
	struct sheet_error e;
	struct buf b;
	size_t n;
	char *gb = to_enc("王五,男\n", "GB18030", &n);
	(void)state;

	/* UTF-8 rows, then a GBK row in the same chunk */
	buf_init(&b, 0);
	buf_adds(&b, "姓名,性别\n张三丰,男\n李四光,男\n");
	buf_add(&b, gb, n);
	assert_int_equal(sheet_read_mem(b.s, b.len, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "encoding");
	assert_non_null(strstr(e.message, "编码"));

	/* the same, the GBK row far into the file: refused with its row */
	buf_reset(&b);
	buf_adds(&b, "姓名,性别\n");
	for (int i = 0; i < 20000; i++)
		buf_adds(&b, "张三丰,男\n");
	buf_add(&b, gb, n);
	memset(g, 0, sizeof *g);
	assert_int_equal(sheet_read_mem(b.s, b.len, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "encoding");
	assert_int_equal(e.row, 20002);

	/* GBK first, then UTF-8 Chinese in a later chunk */
	buf_reset(&b);
	for (int i = 0; i < 20000; i++)
		buf_add(&b, gb, n);
	buf_adds(&b, "张三丰,男性,中华人民共和国\n");
	memset(g, 0, sizeof *g);
	assert_int_equal(sheet_read_mem(b.s, b.len, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "encoding");

	/* bytes valid in neither */
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("a,b\n\x80\xFF\xFE,c\n", NULL, g, NULL, &e), -1);
	assert_string_equal(e.code, "encoding");
	buf_release(&b);
	free(gb);
	free(g);
}

static void test_limits(void **state)
{
	struct got *g = got_new(0);
	struct sheet_error e;
	struct sheet_opts o = {0};
	struct buf b;
	(void)state;

	assert_int_equal(sheet_read_mem("", 0, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "empty");
	assert_string_equal(e.message, "文件为空");
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("\n\r\n,,\n", NULL, g, NULL, &e), -1);
	assert_string_equal(e.code, "empty");

	o.lim.max_file = 10;
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("0123456789a", &o, g, NULL, &e), -1);
	assert_string_equal(e.code, "too_large");

	memset(&o, 0, sizeof o);
	o.lim.max_rows = 2;
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("a\nb\nc\n", &o, g, NULL, &e), -1);
	assert_string_equal(e.code, "too_many_rows");
	assert_int_equal(e.row, 3);

	memset(&o, 0, sizeof o);
	o.lim.max_cell = 5;
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("a,b\nc,123456\n", &o, g, NULL, &e), -1);
	assert_string_equal(e.code, "cell_too_long");
	assert_int_equal(e.row, 2);
	assert_int_equal(e.col, 2);

	memset(&o, 0, sizeof o);
	o.lim.max_row = 10;
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("a,b\n1234,5678,9\n", &o, g, NULL, &e), -1);
	assert_string_equal(e.code, "row_too_long");
	assert_int_equal(e.row, 2);

	memset(&o, 0, sizeof o);
	o.lim.max_columns = 3;
	memset(g, 0, sizeof *g);
	assert_int_equal(read_str("a,b,c,d\n", &o, g, NULL, &e), -1);
	assert_string_equal(e.code, "too_many_columns");

	/* a quote never closed: refused while reading, not after 4 MB */
	buf_init(&b, 0);
	buf_adds(&b, "a,\"");
	for (int i = 0; i < (4 << 20) / 16; i++)
		buf_adds(&b, "0123456789abcde\n");
	memset(g, 0, sizeof *g);
	assert_int_equal(sheet_read_mem(b.s, b.len, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "cell_too_long");
	buf_release(&b);
	free(g);
}

static void test_stop(void **state)
{
	struct got *g = got_new(0);
	(void)state;

	g->stop_after = 2;
	assert_int_equal(read_str("a\nb\nc\nd\n", NULL, g, NULL, NULL), 1);
	assert_int_equal(g->rows, 2);

	/* a stop on one thread too */
	struct sheet_opts o = {.flags = SHEET_ONE_THREAD};
	memset(g, 0, sizeof *g);
	g->stop_after = 3;
	assert_int_equal(read_str("a\nb\nc\nd\n", &o, g, NULL, NULL), 1);
	assert_int_equal(g->rows, 3);
	free(g);
}

static void test_file_and_list(void **state)
{
	const char *csv = "姓名,电话\n张三,13800138000\n";
	char *path = temp_write(csv, strlen(csv));
	struct got *g = got_new(0);
	struct sheet_info *si;
	struct sheet_error e;
	int n;
	(void)state;

	assert_int_equal(sheet_read_file(path, NULL, collect, g, NULL, &e), 0);
	assert_int_equal(g->rows, 2);
	assert_string_equal(g->text[1], "张三|13800138000");
	assert_int_equal(sheet_list_file(path, NULL, &si, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(si[0].name, "");
	free(si);
	unlink(path);
	assert_int_equal(sheet_read_file(path, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "io");
	free(path);
	free(g);
}

static void test_detect(void **state)
{
	static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	struct sheet_error e;
	(void)state;

	assert_int_equal(sheet_detect("PK\x03\x04rest", 8), SHEET_FMT_XLSX);
	assert_int_equal(sheet_detect(cfb, 8), SHEET_FMT_XLS);
	assert_int_equal(sheet_detect("a,b\n", 4), SHEET_FMT_CSV);
	assert_int_equal(sheet_detect("\xEF\xBB\xBF  <html><body><table>", 23), SHEET_FMT_HTML);
	assert_int_equal(sheet_detect("<?xml version=\"1.0\"?><Workbook", 30), SHEET_FMT_HTML);
	assert_int_equal(sheet_detect("%PDF-1.4", 8), SHEET_FMT_UNKNOWN);
	assert_int_equal(sheet_detect("\x89PNG\r\n\x1a\n", 8), SHEET_FMT_UNKNOWN);
	assert_int_equal(sheet_detect("ab\0cd", 5), SHEET_FMT_UNKNOWN);
	assert_int_equal(sheet_detect("", 0), SHEET_FMT_UNKNOWN);

	assert_int_equal(sheet_read_mem("<html><table><tr><td>1</td></tr></table></html>", 47, NULL,
					collect, NULL, NULL, &e),
			 -1);
	assert_string_equal(e.code, "format");
	assert_non_null(strstr(e.message, "另存为 .xlsx"));
	assert_int_equal(sheet_read_mem("%PDF-1.4 junk", 13, NULL, collect, NULL, NULL, &e), -1);
	assert_string_equal(e.code, "format");
}

static void test_dates_and_numbers(void **state)
{
	char out[24];
	(void)state;

	/* 1900 system with Excel's phantom leap day */
	assert_int_equal(sheet_date_text(1, 0, SHEET_DK_DATE, out), 10);
	assert_string_equal(out, "1900-01-01");
	sheet_date_text(59, 0, SHEET_DK_DATE, out);
	assert_string_equal(out, "1900-02-28");
	sheet_date_text(60, 0, SHEET_DK_DATE, out);
	assert_string_equal(out, "1900-02-29");
	sheet_date_text(61, 0, SHEET_DK_DATE, out);
	assert_string_equal(out, "1900-03-01");
	sheet_date_text(43856, 0, SHEET_DK_DATE, out);
	assert_string_equal(out, "2020-01-26");
	sheet_date_text(43856.5, 0, SHEET_DK_DATETIME, out);
	assert_string_equal(out, "2020-01-26 12:00:00");
	sheet_date_text(43856.99999999, 0, SHEET_DK_DATETIME, out); /* rounds to the next day */
	assert_string_equal(out, "2020-01-27 00:00:00");
	sheet_date_text(0.75, 0, SHEET_DK_TIME, out);
	assert_string_equal(out, "18:00:00");
	sheet_date_text(2958465, 0, SHEET_DK_DATE, out);
	assert_string_equal(out, "9999-12-31");
	assert_int_equal(sheet_date_text(2958466, 0, SHEET_DK_DATE, out), 0);
	assert_int_equal(sheet_date_text(-1, 0, SHEET_DK_DATE, out), 0);
	assert_int_equal(sheet_date_text(0, 0, SHEET_DK_DATE, out), 0);
	/* 1904 system */
	sheet_date_text(0, 1, SHEET_DK_DATE, out);
	assert_string_equal(out, "1904-01-01");
	sheet_date_text(42394, 1, SHEET_DK_DATE, out);
	assert_string_equal(out, "2020-01-26");

	assert_true(sheet_date_serial(2020, 1, 26, 0) == 43856);
	assert_true(sheet_date_serial(1900, 1, 1, 0) == 1);
	assert_true(sheet_date_serial(1900, 3, 1, 0) == 61);
	assert_true(sheet_date_serial(2020, 1, 26, 1) == 42394);
}

static int any_row(void *ctx, long row, const struct sheet_cell *c, int n)
{
	(void)ctx;
	(void)row;
	for (int i = 0; i < n; i++)
		assert_int_equal(c[i].s[c[i].len], '\0');
	return 0;
}

/* Random bytes of the kinds CSV readers trip on: rows or an error, no crash. */
static void test_random_bytes(void **state)
{
	static const char alphabet[] = ",;\t\"\r\n a\x80\xE4\xB8\xAD\xD6\xD0\xFF\xFE\xEF\xBB\xBF";
	(void)state;

	srand(11);
	for (int it = 0; it < 500; it++) {
		size_t n = 1 + (size_t)rand() % 3000;
		char *d = malloc(n);
		struct sheet_error e;
		int rc;
		for (size_t i = 0; i < n; i++)
			d[i] = alphabet[rand() % (int)(sizeof alphabet - 1)];
		rc = sheet_read_mem(d, n, NULL, any_row, NULL, NULL, &e);
		assert_true(rc == 0 || (rc == -1 && e.code && e.message[0]));
		free(d);
	}
}

static int count_only(void *ctx, long row, const struct sheet_cell *c, int n)
{
	long *k = ctx;
	assert_int_equal(n, 6);
	if (row > 1)
		assert_int_equal(c[1].len, 18);
	(*k)++;
	return 0;
}

static void test_100k_rows(void **state)
{
	struct buf b;
	long k = 0, before, grew;
	struct sheet_meta m;
	(void)state;

	buf_init(&b, 0);
	buf_adds(&b, "序号,身份证号,姓名,电话,住址,到达日期\n");
	for (int i = 1; i < 100000; i++)
		buf_addf(&b, "%d,44052419900101%04d,张三%d,138%08d,里水镇北村%d号,2020-01-26\n", i,
			 i % 10000, i, i, i);
	before = peak_kb();
	assert_int_equal(sheet_read_mem(b.s, b.len, NULL, count_only, &k, &m, NULL), 0);
	grew = peak_kb() - before;
	assert_int_equal(k, 100000);
	/* streaming: a few chunk buffers, not the ~7 MB file again (loose, ASan inflates) */
	assert_true(grew < 32 * 1024);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_basic),
	    cmocka_unit_test(test_ragged_and_empty_fields),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_gb18030),
	    cmocka_unit_test(test_chunk_boundaries),
	    cmocka_unit_test(test_utf16le_tabs),
	    cmocka_unit_test(test_delimiters),
	    cmocka_unit_test(test_mixed_encoding),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_stop),
	    cmocka_unit_test(test_file_and_list),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_dates_and_numbers),
	    cmocka_unit_test(test_random_bytes),
	    cmocka_unit_test(test_100k_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
