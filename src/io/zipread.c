/*
 * Zip access for the XLSX reader (see zipread.h): minizip's unzip with the
 * default file functions or with a small set of memory functions for
 * uploads, the central directory checked once against the bomb limits, and
 * entries inflated in caller-sized pieces (the XLSX reader passes expat's
 * own buffer, so sheet XML is never held whole).
 */
#include "io/zipread.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unzip.h>

#include "util/xalloc.h"

struct zipread_ent {
	char name[256];
	unz64_file_pos pos;
	uint64_t usize;
	int encrypted;
};

struct memsrc {
	const unsigned char *p;
	ZPOS64_T len, pos;
};

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *name, int mode)
{
	struct memsrc *m = opaque;
	(void)name;
	(void)mode;
	m->pos = 0;
	return m;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	struct memsrc *m = stream;
	(void)opaque;
	if (m->pos >= m->len)
		return 0;
	if (size > m->len - m->pos)
		size = (uLong)(m->len - m->pos);
	memcpy(buf, m->p + m->pos, size);
	m->pos += size;
	return size;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct memsrc *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	struct memsrc *m = stream;
	ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
			: origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
							   : m->len;
	(void)opaque;
	if (off > m->len || base + off > m->len)
		return -1;
	m->pos = base + off;
	return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int corrupt(struct zipread *z)
{
	return sheet_fail(z->err, "corrupt", 0, 0,
			  "文件已损坏或不是有效的 Excel 文件（压缩包无法读取）");
}

/* Walk the central directory once: count, sizes, encryption. */
static int scan(struct zipread *z, const struct sheet_limits *lim)
{
	unz_global_info64 gi;
	uint64_t total = 0;
	int rc, cap;

	if (unzGetGlobalInfo64(z->uf, &gi) != UNZ_OK)
		return corrupt(z);
	if (gi.number_entry > lim->max_entries)
		goto too_many;
	cap = (int)gi.number_entry + 1;
	z->ent = xcalloc((size_t)cap, sizeof *z->ent);
	for (rc = unzGoToFirstFile(z->uf); rc == UNZ_OK; rc = unzGoToNextFile(z->uf)) {
		unz_file_info64 fi;
		struct zipread_ent *e;
		if (z->nent >= cap || (size_t)z->nent >= lim->max_entries)
			goto too_many;
		e = &z->ent[z->nent];
		if (unzGetCurrentFileInfo64(z->uf, &fi, e->name, sizeof e->name, NULL, 0, NULL,
					    0) != UNZ_OK ||
		    unzGetFilePos64(z->uf, &e->pos) != UNZ_OK)
			return corrupt(z);
		e->usize = fi.uncompressed_size;
		e->encrypted = (fi.flag & 1) != 0;
		if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED)
			return sheet_fail(
			    z->err, "corrupt", 0, 0,
			    "文件已损坏或不是有效的 Excel 文件（不支持的压缩方式 %lu）",
			    fi.compression_method);
		total += fi.uncompressed_size;
		if (fi.uncompressed_size > lim->max_uncompressed || total > lim->max_uncompressed)
			return sheet_fail(z->err, "zip_bomb", 0, 0,
					  "压缩内容过大（解压后超过 %zu MB），疑似压缩炸弹，已拒绝",
					  lim->max_uncompressed >> 20);
		z->nent++;
	}
	if (rc != UNZ_END_OF_LIST_OF_FILE)
		return corrupt(z);
	return 0;
too_many:
	return sheet_fail(z->err, "zip_bomb", 0, 0,
			  "压缩包内文件数超过上限（%zu 个），疑似压缩炸弹，已拒绝",
			  lim->max_entries);
}

static int open_handle(struct zipread *z, const struct sheet_src *src)
{
	if (src->mem) {
		struct memsrc *m = xcalloc(1, sizeof *m);
		zlib_filefunc64_def *ff = xcalloc(1, sizeof *ff);
		m->p = src->mem;
		m->len = src->len;
		ff->zopen64_file = mem_open;
		ff->zread_file = mem_read;
		ff->zwrite_file = mem_write;
		ff->ztell64_file = mem_tell;
		ff->zseek64_file = mem_seek;
		ff->zclose_file = mem_close;
		ff->zerror_file = mem_error;
		ff->opaque = m;
		z->mem = m;
		z->ff = ff;
		z->uf = unzOpen2_64("memory", ff);
	} else {
		z->uf = unzOpen64(src->path);
	}
	return z->uf ? 0 : corrupt(z);
}

int zipread_open(struct zipread *z, const struct sheet_src *src, const struct sheet_limits *lim,
		 struct sheet_error *err)
{
	memset(z, 0, sizeof *z);
	z->err = err;
	z->cur = -1;
	if (open_handle(z, src) < 0)
		return -1;
	return scan(z, lim);
}

int zipread_dup(struct zipread *z, const struct zipread *from, const struct sheet_src *src,
		struct sheet_error *err)
{
	memset(z, 0, sizeof *z);
	z->err = err;
	z->cur = -1;
	z->ent = from->ent;
	z->nent = from->nent;
	z->borrowed = 1;
	return open_handle(z, src);
}

int zipread_find(const struct zipread *z, const char *name)
{
	for (int i = 0; i < z->nent; i++)
		if (strcasecmp(z->ent[i].name, name) == 0)
			return i;
	return -1;
}

uint64_t zipread_size(const struct zipread *z, int i)
{
	return i >= 0 && i < z->nent ? z->ent[i].usize : 0;
}

const char *zipread_name(const struct zipread *z, int i)
{
	return i >= 0 && i < z->nent ? z->ent[i].name : "";
}

int zipread_begin(struct zipread *z, int i)
{
	zipread_end(z);
	if (z->ent[i].encrypted)
		return sheet_fail(z->err, "encrypted", 0, 0,
				  "文件有密码保护，请在 Excel 中去掉密码后重新保存再导入");
	if (unzGoToFilePos64(z->uf, &z->ent[i].pos) != UNZ_OK ||
	    unzOpenCurrentFile(z->uf) != UNZ_OK)
		return corrupt(z);
	z->cur = i;
	z->got = 0;
	return 0;
}

long zipread_read(struct zipread *z, void *buf, size_t cap)
{
	int n;

	if (z->cur < 0)
		return 0;
	if (cap > (1u << 30))
		cap = 1u << 30;
	n = unzReadCurrentFile(z->uf, buf, (unsigned)cap);
	if (n < 0) {
		zipread_end(z);
		return corrupt(z);
	}
	z->got += (uint64_t)n;
	if (z->got > z->ent[z->cur].usize) { /* more than the directory said */
		zipread_end(z);
		return sheet_fail(z->err, "zip_bomb", 0, 0,
				  "压缩内容与声明大小不符，疑似压缩炸弹，已拒绝");
	}
	if (n == 0) {
		int bad = z->got != z->ent[z->cur].usize;
		z->cur = -1;
		if (unzCloseCurrentFile(z->uf) != UNZ_OK || bad)
			return corrupt(z);
	}
	return n;
}

void zipread_end(struct zipread *z)
{
	if (z->cur >= 0) {
		unzCloseCurrentFile(z->uf);
		z->cur = -1;
	}
}

void zipread_close(struct zipread *z)
{
	if (!z)
		return;
	zipread_end(z);
	if (z->uf)
		unzClose(z->uf);
	if (!z->borrowed)
		free(z->ent);
	free(z->mem);
	free(z->ff);
	memset(z, 0, sizeof *z);
}
