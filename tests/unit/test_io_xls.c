/*
 * Unit tests for the XLS reader (src/io/xls.c, FreeXL) on the committed
 * fixture tests/fixtures/io/list.xls (made once with python3-xlwt, see
 * make_xls.py beside it: nothing in C writes BIFF8), read from disk and
 * from memory; and on compound files built here: an encrypted OOXML
 * workbook (what Excel's "encrypt with password" makes of an .xlsx) and a
 * compound file that is not a workbook.
 */
#include "test_io_common.h"

/* tests/unit/test_io_xls.c → tests/fixtures/io/list.xls */
static char *fixture(void)
{
	const char *f = __FILE__, *cut = strstr(f, "unit/test_io_xls.c");
	char *p = malloc(strlen(f) + 32);
	assert_non_null(cut);
	snprintf(p, strlen(f) + 32, "%.*sfixtures/io/list.xls", (int)(cut - f), f);
	return p;
}

static void test_fixture(void **state)
{
	char *path = fixture();
	struct got *g = got_new(1);
	struct sheet_meta m;
	struct sheet_error e;
	size_t len;
	unsigned char *data = slurp(path, &len);
	(void)state;

	for (int pass = 0; pass < 2; pass++) {
		memset(g, 0, sizeof *g);
		g->trimmed = 1;
		if (pass == 0)
			assert_int_equal(sheet_read_file(path, NULL, collect, g, &m, &e), 0);
		else /* an upload: FreeXL reads it from a private temporary file */
			assert_int_equal(sheet_read_mem(data, len, NULL, collect, g, &m, &e), 0);
		assert_int_equal(m.format, SHEET_FMT_XLS);
		assert_int_equal(m.sheet_index, 2); /* "空表" is empty */
		assert_string_equal(m.sheet_name, "名单");
		assert_int_equal(m.date1904, 0);
		assert_int_equal(g->rows, 5);
		assert_string_equal(g->text[0], "里水镇重点人员协查名单（第3批）");
		assert_string_equal(g->text[1], "序号|姓名|身份证号|到达日期|体温");
		assert_int_equal(g->row[2], 3);
		assert_string_equal(g->text[2], "1|张三|440524188001010014|2020-01-26|36.6");
		assert_string_equal(g->type[2], "NTTDN");
		assert_true(g->num[2][3] == 43856);
		assert_true(g->num[2][0] == 1);
		assert_string_equal(g->text[3], "2|李四|440524188001010000|2020-02-01|37.5");
		assert_string_equal(g->type[3], "NTNDN");
		assert_true(g->num[3][2] == 440524188001010014.0);
		assert_int_equal(g->row[4], 6); /* row 5 is blank */
		assert_string_equal(g->text[4], "3|王五||43861");
		assert_string_equal(g->type[4], "NTEN");
	}
	free(data);
	free(path);
	free(g);
}

static void test_sheets(void **state)
{
	char *path = fixture();
	struct got *g = got_new(1);
	struct sheet_opts o = {0};
	struct sheet_error e;
	struct sheet_info *si;
	int n;
	(void)state;

	assert_int_equal(sheet_list_file(path, NULL, &si, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(si[0].name, "空表");
	assert_string_equal(si[1].name, "名单");
	assert_string_equal(si[2].name, "Sheet3");
	free(si);

	o.sheet = "Sheet3";
	assert_int_equal(sheet_read_file(path, &o, collect, g, NULL, &e), 0);
	assert_int_equal(g->rows, 1);
	assert_string_equal(g->text[0], "其他");
	o.sheet = "1";
	assert_int_equal(sheet_read_file(path, &o, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "empty");
	o.sheet = "汇总";
	assert_int_equal(sheet_read_file(path, &o, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "no_sheet");
	assert_non_null(strstr(e.message, "“Sheet3”"));

	memset(&o, 0, sizeof o);
	o.lim.max_rows = 2;
	memset(g, 0, sizeof *g);
	assert_int_equal(sheet_read_file(path, &o, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "too_many_rows");
	memset(g, 0, sizeof *g);
	g->stop_after = 1;
	assert_int_equal(sheet_read_file(path, NULL, collect, g, NULL, &e), 1);
	assert_int_equal(g->rows, 1);
	free(path);
	free(g);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xFFFF);
	put16(p + 2, v >> 16);
}

static void dir_entry(unsigned char *d, const char *name, int type, uint32_t child, uint32_t start,
		      uint32_t size)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++)
		put16(d + 2 * i, (unsigned char)name[i]);
	put16(d + 0x40, (unsigned)(2 * n + 2));
	d[0x42] = (unsigned char)type;
	d[0x43] = 1; /* black */
	put32(d + 0x44, 0xFFFFFFFF);
	put32(d + 0x48, 0xFFFFFFFF);
	put32(d + 0x4C, child);
	put32(d + 0x74, start);
	put32(d + 0x78, size);
}

/* A minimal compound file (version 3, 512-byte sectors): FAT in sector 0,
 * directory in sector 1, one 4 KB stream `name` in sectors 2–9. */
static unsigned char *cfb(const char *name, size_t *len)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	unsigned char *f = calloc(1, 512 * 11);
	unsigned char *fat = f + 512, *dir = f + 1024;

	memcpy(f, magic, 8);
	put16(f + 0x18, 0x3E);
	put16(f + 0x1A, 3);
	put16(f + 0x1C, 0xFFFE);
	put16(f + 0x1E, 9);
	put16(f + 0x20, 6);
	put32(f + 0x2C, 1);	     /* FAT sectors */
	put32(f + 0x30, 1);	     /* first directory sector */
	put32(f + 0x38, 4096);	     /* mini stream cutoff */
	put32(f + 0x3C, 0xFFFFFFFE); /* no mini FAT */
	put32(f + 0x44, 0xFFFFFFFE); /* no DIFAT sectors */
	put32(f + 0x4C, 0);	     /* DIFAT[0]: the FAT is sector 0 */
	for (int i = 1; i < 109; i++)
		put32(f + 0x4C + 4 * i, 0xFFFFFFFF);
	for (int i = 0; i < 128; i++)
		put32(fat + 4 * i, 0xFFFFFFFF);
	put32(fat, 0xFFFFFFFD);	    /* sector 0: FAT */
	put32(fat + 4, 0xFFFFFFFE); /* sector 1: directory */
	for (int s = 2; s < 10; s++)
		put32(fat + 4 * s, s == 9 ? 0xFFFFFFFE : (uint32_t)s + 1);
	dir_entry(dir, "Root Entry", 5, 1, 0xFFFFFFFE, 0);
	dir_entry(dir + 128, name, 2, 0xFFFFFFFF, 2, 4096);
	for (int i = 2; i < 4; i++) {
		put32(dir + 128 * i + 0x44, 0xFFFFFFFF);
		put32(dir + 128 * i + 0x48, 0xFFFFFFFF);
		put32(dir + 128 * i + 0x4C, 0xFFFFFFFF);
	}
	memset(f + 512 * 3, 0xAB, 4096);
	*len = 512 * 11;
	return f;
}

static void test_compound_files(void **state)
{
	struct sheet_error e;
	struct got *g = got_new(1);
	size_t len;
	unsigned char *f = cfb("EncryptedPackage", &len);
	char *path = temp_write(f, len);
	struct sheet_info *si;
	int n;
	(void)state;

	assert_int_equal(sheet_detect(f, len), SHEET_FMT_XLS);
	assert_int_equal(sheet_read_mem(f, len, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "encrypted");
	assert_non_null(strstr(e.message, "密码"));
	assert_int_equal(sheet_read_file(path, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "encrypted");
	assert_int_equal(sheet_list_file(path, NULL, &si, &n, &e), -1);
	assert_string_equal(e.code, "encrypted");
	unlink(path);
	free(path);
	free(f);

	f = cfb("WordDocument", &len);
	assert_int_equal(sheet_read_mem(f, len, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "format");
	free(f);

	/* a real .xls cut short */
	path = fixture();
	f = slurp(path, &len);
	assert_int_equal(sheet_read_mem(f, len / 3, NULL, collect, g, NULL, &e), -1);
	assert_string_equal(e.code, "corrupt");
	free(f);
	free(path);
	free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixture),
	    cmocka_unit_test(test_sheets),
	    cmocka_unit_test(test_compound_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
