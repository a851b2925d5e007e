/*
 * CSV reader (libcsv) for the text files that lists arrive as: UTF-8 with or
 * without BOM, GB18030/GBK from Chinese Excel ("CSV (逗号分隔)" writes the
 * ANSI code page, no BOM), UTF-16 with BOM ("Unicode 文本", tab separated);
 * comma, tab or semicolon; quoted fields spanning lines; ragged rows.
 *
 * The file streams through in 64 KB chunks: raw bytes → UTF-8 (as is, or
 * through glibc iconv) → libcsv → one row at a time to the caller.  The
 * encoding is decided at the first non-ASCII byte (pure ASCII is the same
 * in all of them); a UTF-8 file that later turns invalid is refused as mixed
 * rather than guessed.  A multibyte sequence cut by a chunk boundary is
 * carried over to the next chunk.  The delimiter is chosen from the first
 * 64 KB.  Memory: the chunk buffers, one record, and libcsv's field buffer,
 * which is checked against the cell limit after every chunk.
 */
#include "io/sheet_impl.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

#define CHUNK ((size_t)64 << 10)
#define SNIFF ((size_t)64 << 10)
#define CARRY 8

enum csv_enc { ENC_UNDECIDED, ENC_UTF8, ENC_ICONV };

struct field {
	size_t off, len;
};

struct csvr {
	struct sheet_ctx *r;
	struct csv_parser p;
	int enc;
	iconv_t cd;
	int fd;		    /* file source, or -1 */
	size_t pos;	    /* bytes of the source consumed */
	unsigned char *raw; /* CARRY + CHUNK */
	size_t ncarry;
	char *dec; /* iconv output, 4 * CHUNK */
	char *sniff;
	size_t nsniff;
	int delim_known;
	char *text; /* the record's fields, each NUL-terminated */
	size_t tlen, tcap;
	struct field *fl;
	size_t nf, fcap;
	struct sheet_cell *cells;
	size_t ccap;
	long line;
	int last_term;
	int state; /* 0 go on, 1 stopped by the caller, -1 error */
};

/* Length of the well-formed UTF-8 prefix of s[0..n).  *incomplete is set
 * when the rest is a sequence cut off by the end of the buffer. */
static size_t utf8_span(const unsigned char *s, size_t n, int *incomplete)
{
	size_t i = 0;

	*incomplete = 0;
	while (i < n) {
		uint64_t w;
		while (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ULL)))
			i += 8;
		if (i >= n)
			break;
		unsigned c = s[i], lo = 0x80, hi = 0xBF;
		size_t need;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 3;
			lo = c == 0xE0 ? 0xA0 : 0x80;
			hi = c == 0xED ? 0x9F : 0xBF;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 4;
			lo = c == 0xF0 ? 0x90 : 0x80;
			hi = c == 0xF4 ? 0x8F : 0xBF;
		} else {
			return i;
		}
		for (size_t k = 1; k < need; k++) {
			if (i + k >= n) {
				*incomplete = 1;
				return i;
			}
			unsigned b = s[i + k];
			if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
				return i;
		}
		i += need;
	}
	return n;
}

static void cb_field(void *s, size_t len, void *data)
{
	struct csvr *c = data;
	struct sheet_ctx *r = c->r;

	if (c->state)
		return;
	if (len > r->lim.max_cell) {
		c->state = sheet_fail(r->err, "cell_too_long", c->line + 1, (int)c->nf + 1,
				      "第 %ld 行第 %zu 列内容过长（超过 %zu 字节）", c->line + 1,
				      c->nf + 1, r->lim.max_cell);
		return;
	}
	if (c->nf >= r->lim.max_columns) {
		c->state = sheet_fail(r->err, "too_many_columns", c->line + 1, 0,
				      "第 %ld 行列数超过上限（最多 %zu 列）", c->line + 1,
				      r->lim.max_columns);
		return;
	}
	if (c->tlen + len + 1 > r->lim.max_row) {
		c->state = sheet_fail(r->err, "row_too_long", c->line + 1, 0,
				      "第 %ld 行内容过多（超过 %zu MB）", c->line + 1,
				      r->lim.max_row >> 20);
		return;
	}
	if (c->nf == c->fcap) {
		c->fcap = c->fcap ? 2 * c->fcap : 64;
		c->fl = xrealloc(c->fl, c->fcap * sizeof *c->fl);
	}
	if (c->tlen + len + 1 > c->tcap) {
		while (c->tlen + len + 1 > c->tcap)
			c->tcap = c->tcap ? 2 * c->tcap : 4096;
		c->text = xrealloc(c->text, c->tcap);
	}
	if (len)
		memcpy(c->text + c->tlen, s, len);
	c->text[c->tlen + len] = '\0';
	c->fl[c->nf].off = c->tlen;
	c->fl[c->nf].len = len;
	c->nf++;
	c->tlen += len + 1;
}

static void cb_row(int ch, void *data)
{
	struct csvr *c = data;
	size_t i;
	int rc;

	if (c->state)
		return;
	if (c->nf == 0) { /* a blank line, or the LF of a CRLF */
		if (!(ch == '\n' && c->last_term == '\r'))
			c->line++;
		c->last_term = ch;
		return;
	}
	c->line++;
	c->last_term = ch;
	if (c->nf > c->ccap) {
		c->ccap = c->nf;
		c->cells = xrealloc(c->cells, c->ccap * sizeof *c->cells);
	}
	for (i = 0; i < c->nf; i++) {
		struct sheet_cell *cell = &c->cells[i];
		cell->s = c->text + c->fl[i].off;
		cell->len = c->fl[i].len;
		cell->type = cell->len ? SHEET_TEXT : SHEET_EMPTY;
		cell->flags = 0;
		cell->num = 0;
	}
	rc = sheet_deliver(c->r, c->line, c->cells, (int)c->nf, 0);
	c->nf = 0;
	c->tlen = 0;
	if (rc)
		c->state = rc;
}

/* Keep spaces around fields: they are data, the caller normalises. */
static int no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

/* The delimiter that splits the first lines most consistently into the same
 * number of fields; comma when nothing splits (a one-column file). */
static char sniff_delim(const char *s, size_t n, int complete)
{
	static const char cand[3] = {',', '\t', ';'};
	enum { LINES = 50 };
	int counts[3][LINES], cur[3] = {0, 0, 0}, lines = 0, inq = 0, best = 0, best_score = 0;
	size_t linelen = 0;

	for (size_t i = 0; i <= n && lines < LINES; i++) {
		char ch = i < n ? s[i] : '\n';
		if (i == n && !complete && lines > 0)
			break; /* a line cut by the sniff window does not count */
		if (ch == '"') {
			inq = !inq;
		} else if (!inq && (ch == '\n' || ch == '\r')) {
			if (linelen) {
				for (int k = 0; k < 3; k++)
					counts[k][lines] = cur[k];
				lines++;
			}
			cur[0] = cur[1] = cur[2] = 0;
			linelen = 0;
			continue;
		} else if (!inq) {
			for (int k = 0; k < 3; k++)
				cur[k] += ch == cand[k];
		}
		linelen++;
	}
	for (int k = 0; k < 3; k++) {
		int mode_freq = 0;
		for (int a = 0; a < lines; a++) {
			int f = 0;
			if (counts[k][a] == 0)
				continue;
			for (int b = 0; b < lines; b++)
				f += counts[k][b] == counts[k][a];
			if (f > mode_freq)
				mode_freq = f;
		}
		if (mode_freq > best_score) {
			best_score = mode_freq;
			best = k;
		}
	}
	return cand[best];
}

static void parse(struct csvr *c, const char *s, size_t n)
{
	struct sheet_ctx *r = c->r;

	if (c->state || n == 0)
		return;
	if (csv_parse(&c->p, s, n, cb_field, cb_row, c) != n && !c->state) {
		c->state = sheet_fail(r->err, "corrupt", c->line + 1, 0, "CSV 解析失败（%s）",
				      csv_strerror(csv_error(&c->p)));
		return;
	}
	/* libcsv holds a field whole before handing it over: bound it */
	if (!c->state && csv_get_buffer_size(&c->p) > r->lim.max_cell + CHUNK)
		c->state = sheet_fail(r->err, "cell_too_long", c->line + 1, (int)c->nf + 1,
				      "第 %ld 行第 %zu 列内容过长（超过 %zu 字节）", c->line + 1,
				      c->nf + 1, r->lim.max_cell);
}

static void sniff_flush(struct csvr *c, int complete)
{
	if (c->delim_known)
		return;
	c->delim_known = 1;
	c->r->meta->delimiter = sniff_delim(c->sniff, c->nsniff, complete);
	csv_set_delim(&c->p, (unsigned char)c->r->meta->delimiter);
	parse(c, c->sniff, c->nsniff);
	free(c->sniff);
	c->sniff = NULL;
	c->nsniff = 0;
}

/* Decoded UTF-8 text in: sniff the delimiter first, then parse. */
static void feed(struct csvr *c, const char *s, size_t n)
{
	if (c->delim_known) {
		parse(c, s, n);
		return;
	}
	if (!c->sniff)
		c->sniff = xmalloc(SNIFF + 4 * CHUNK);
	memcpy(c->sniff + c->nsniff, s, n);
	c->nsniff += n;
	if (c->nsniff >= SNIFF)
		sniff_flush(c, 0);
}

static void bad_encoding(struct csvr *c, const char *what)
{
	sniff_flush(c, 0);
	if (c->state)
		return;
	c->state = sheet_fail(
	    c->r->err, "encoding", c->line + 1, 0,
	    "%s（第 %ld 行附近）。请用 Excel 打开后另存为 .xlsx 或“CSV UTF-8（逗号分隔）”"
	    "再上传",
	    what, c->line + 1);
}

static int start_iconv(struct csvr *c, const char *from, const char *name)
{
	c->cd = iconv_open("UTF-8", from);
	if (c->cd == (iconv_t)-1)
		return sheet_fail(c->r->err, "encoding", 0, 0, "系统不支持 %s 编码转换", name);
	c->enc = ENC_ICONV;
	c->r->meta->encoding = name;
	if (!c->dec)
		c->dec = xmalloc(4 * CHUNK);
	return 0;
}

/* Decide between UTF-8 and GB18030 at the first non-ASCII byte: UTF-8 when
 * the rest of the chunk is well-formed UTF-8; GB18030 when it breaks early
 * (GBK text hardly ever forms even a few valid UTF-8 sequences in a row);
 * mixed when it breaks after plenty of good UTF-8.  1 means "not yet": the
 * only non-ASCII bytes are a sequence cut by the chunk's end. */
static int decide(struct csvr *c, const unsigned char *s, size_t n, int eof)
{
	size_t i = 0, ok, seqs = 0;
	int inc;

	while (i < n && s[i] < 0x80)
		i++;
	if (i == n)
		return 0;
	ok = utf8_span(s + i, n - i, &inc);
	if (ok == 0 && inc && !eof)
		return 1;
	if (i + ok == n || (inc && !eof)) {
		c->enc = ENC_UTF8;
		c->r->meta->encoding = "UTF-8";
		return 0;
	}
	for (size_t k = i; k < i + ok; k++)
		seqs += (s[k] & 0xC0) == 0xC0;
	if (seqs >= 8) {
		c->enc = ENC_UTF8;
		c->r->meta->encoding = "UTF-8";
		return 0; /* decode_utf8 reports the bad bytes as mixed */
	}
	return start_iconv(c, "GB18030", "GB18030");
}

/* A GB18030 chunk that is in fact good UTF-8 with Chinese in it: the file
 * mixes encodings (checked per chunk, so a GBK head with a UTF-8 tail is
 * caught). */
static int utf8_in_gb(const unsigned char *s, size_t n)
{
	size_t seqs = 0;
	int inc;

	if (utf8_span(s, n, &inc) != n && !inc)
		return 0;
	for (size_t k = 0; k < n && seqs < 8; k++)
		seqs += (s[k] & 0xC0) == 0xC0;
	return seqs >= 8;
}

static void decode_utf8(struct csvr *c, const unsigned char *s, size_t n, int eof)
{
	int inc;
	size_t ok = utf8_span(s, n, &inc);

	feed(c, (const char *)s, ok);
	if (ok == n)
		return;
	if (inc && !eof && n - ok < CARRY) {
		memmove(c->raw, s + ok, n - ok);
		c->ncarry = n - ok;
		return;
	}
	bad_encoding(c, "文件编码混乱：前面是 UTF-8，后面出现了无法识别的字节");
}

static void decode_iconv(struct csvr *c, const unsigned char *s, size_t n, int eof)
{
	char *in = (char *)s;
	size_t inleft = n;

	if (strcmp(c->r->meta->encoding, "GB18030") == 0 && utf8_in_gb(s, n)) {
		bad_encoding(c, "文件编码混乱：既有 GB18030/GBK，又有 UTF-8");
		return;
	}
	while (!c->state) {
		char *out = c->dec;
		size_t outleft = 4 * CHUNK;
		size_t rc = iconv(c->cd, &in, &inleft, &out, &outleft);
		int e = errno;
		feed(c, c->dec, (size_t)(out - c->dec));
		if (rc != (size_t)-1 || e == E2BIG) {
			if (inleft == 0)
				return;
			continue;
		}
		if (e == EINVAL && !eof && inleft < CARRY) {
			memmove(c->raw, in, inleft);
			c->ncarry = inleft;
			return;
		}
		bad_encoding(c, strcmp(c->r->meta->encoding, "GB18030") == 0
				    ? "文件既不是有效的 UTF-8，也不是有效的 GB18030/GBK 编码"
				    : "文件的 UTF-16 编码有误");
		return;
	}
}

static void decode(struct csvr *c, const unsigned char *s, size_t n, int eof)
{
	c->ncarry = 0;
	if (c->enc == ENC_UNDECIDED) {
		int d = decide(c, s, n, eof);
		if (d < 0) {
			c->state = -1;
			return;
		}
		if (d == 1) { /* keep the cut sequence for the next chunk */
			size_t i = 0;
			while (s[i] < 0x80)
				i++;
			feed(c, (const char *)s, i);
			memmove(c->raw, s + i, n - i);
			c->ncarry = n - i;
			return;
		}
	}
	if (c->enc == ENC_UNDECIDED)
		feed(c, (const char *)s, n);
	else if (c->enc == ENC_UTF8)
		decode_utf8(c, s, n, eof);
	else
		decode_iconv(c, s, n, eof);
}

/* Next chunk of the source after the carried bytes; 0 at the end. */
static ssize_t next_chunk(struct csvr *c)
{
	const struct sheet_src *src = c->r->src;
	unsigned char *dst = c->raw + c->ncarry;
	ssize_t got;

	if (src->mem) {
		size_t k = src->len - c->pos < CHUNK ? src->len - c->pos : CHUNK;
		memcpy(dst, src->mem + c->pos, k);
		c->pos += k;
		return (ssize_t)k;
	}
	do
		got = read(c->fd, dst, CHUNK);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return sheet_fail(c->r->err, "io", c->line + 1, 0, "读取文件失败（%s）",
				  strerror(errno));
	c->pos += (size_t)got;
	if (c->pos > c->r->lim.max_file)
		return sheet_fail(c->r->err, "too_large", 0, 0, "文件超过 %zu MB 上限",
				  c->r->lim.max_file >> 20);
	return got;
}

/* Byte-order marks name the encoding outright. */
static size_t bom(struct csvr *c, const unsigned char *s, size_t n)
{
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		c->enc = ENC_UTF8;
		c->r->meta->encoding = "UTF-8-BOM";
		return 3;
	}
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		return start_iconv(c, "UTF-16LE", "UTF-16LE") < 0 ? (size_t)-1 : 2;
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		return start_iconv(c, "UTF-16BE", "UTF-16BE") < 0 ? (size_t)-1 : 2;
	return 0;
}

static void run(struct csvr *c)
{
	int first = 1;

	while (!c->state) {
		ssize_t got = next_chunk(c);
		size_t n, skip = 0;
		if (got < 0) {
			c->state = -1;
			return;
		}
		n = c->ncarry + (size_t)got;
		if (first) {
			first = 0;
			skip = bom(c, c->raw, n);
			if (skip == (size_t)-1) {
				c->state = -1;
				return;
			}
		}
		decode(c, c->raw + skip, n - skip, got == 0);
		if (got == 0)
			return;
	}
}

int csv_read(struct sheet_ctx *r)
{
	struct csvr c;
	int rc;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.fd = -1;
	c.cd = (iconv_t)-1;
	r->meta->encoding = "UTF-8";
	r->meta->sheet_index = 1;
	if (!r->src->mem) {
		c.fd = open(r->src->path, O_RDONLY | O_CLOEXEC);
		if (c.fd < 0)
			return sheet_fail(r->err, "io", 0, 0, "无法打开文件（%s）",
					  strerror(errno));
	}
	if (csv_init(&c.p, CSV_REPALL_NL) != 0) {
		close(c.fd);
		return sheet_fail(r->err, "io", 0, 0, "内存不足");
	}
	csv_set_space_func(&c.p, no_space);
	c.raw = xmalloc(CARRY + CHUNK);
	run(&c);
	if (!c.state)
		sniff_flush(&c, 1);
	if (!c.state)
		csv_fini(&c.p, cb_field, cb_row, &c);
	if (!c.state && r->rows == 0)
		c.state = sheet_fail(r->err, "empty", 0, 0, "文件中没有数据");
	rc = c.state;
	csv_free(&c.p);
	if (c.cd != (iconv_t)-1)
		iconv_close(c.cd);
	if (c.fd >= 0)
		close(c.fd);
	free(c.raw);
	free(c.dec);
	free(c.sniff);
	free(c.text);
	free(c.fl);
	free(c.cells);
	return rc;
}
