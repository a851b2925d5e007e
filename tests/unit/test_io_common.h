/*
 * Shared by the reader tests (test_io_csv.c, test_io_xlsx.c, test_io_xls.c):
 * a row collector that checks the reader's promises on every row (text
 * never NULL and NUL-terminated, row numbers rising, no trailing empty cell
 * where trimmed) and keeps the first rows as "a|b|c" strings with one type
 * letter per cell, and small file helpers.
 */
#ifndef TEST_IO_COMMON_H
#define TEST_IO_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "io/sheet.h"

#define KEEP_ROWS 64

struct got {
	long rows;	 /* rows delivered */
	long last_row;	 /* row number of the last one */
	long stop_after; /* ask the reader to stop after this many (0: never) */
	int trimmed;	 /* the format promises no trailing empty cell */
	long row[KEEP_ROWS];
	char text[KEEP_ROWS][2048]; /* cells joined by '|' */
	char type[KEEP_ROWS][64];   /* per cell: E T N D B X (empty text number date bool error) */
	char flag[KEEP_ROWS][64];   /* per cell: '.', F formula, M merged copy */
	double num[KEEP_ROWS][16];
	int ncells[KEEP_ROWS];
};

static int collect(void *ctx, long row, const struct sheet_cell *c, int n)
{
	struct got *g = ctx;
	static const char letters[] = "ETNDBX";
	int k;

	assert_true(row > g->last_row);
	assert_true(n > 0);
	if (g->trimmed)
		assert_int_not_equal(c[n - 1].type, SHEET_EMPTY);
	for (int i = 0; i < n; i++) {
		assert_non_null(c[i].s);
		assert_int_equal(c[i].s[c[i].len], '\0');
		assert_in_range(c[i].type, SHEET_EMPTY, SHEET_ERROR);
	}
	g->last_row = row;
	if (g->rows < KEEP_ROWS) {
		k = (int)g->rows;
		g->row[k] = row;
		g->ncells[k] = n;
		g->text[k][0] = '\0';
		for (int i = 0; i < n; i++) {
			size_t used = strlen(g->text[k]);
			snprintf(g->text[k] + used, sizeof g->text[k] - used, "%s%s", i ? "|" : "",
				 c[i].s);
			if (i < 63) {
				g->type[k][i] = letters[c[i].type];
				g->flag[k][i] = (c[i].flags & SHEET_MERGED)    ? 'M'
						: (c[i].flags & SHEET_FORMULA) ? 'F'
									       : '.';
			}
			if (i < 16)
				g->num[k][i] = c[i].num;
		}
		g->type[k][n < 63 ? n : 63] = '\0';
		g->flag[k][n < 63 ? n : 63] = '\0';
	}
	g->rows++;
	return g->stop_after && g->rows >= g->stop_after;
}

static struct got *got_new(int trimmed)
{
	struct got *g = calloc(1, sizeof *g);
	assert_non_null(g);
	g->trimmed = trimmed;
	return g;
}

/* Write bytes to a new temporary file; returns its path (free() it). */
static __attribute__((unused)) char *temp_write(const void *data, size_t len)
{
	char *path = strdup("/tmp/fk-test-io-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Read a whole file into memory (free() it). */
static __attribute__((unused)) unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Peak resident set so far, in KB. */
static __attribute__((unused)) long peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

#endif
