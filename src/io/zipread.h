/*
 * zipread — the zip container of an XLSX, read through minizip from a file
 * or from memory, with the zip-bomb limits applied.  Internal to src/io.
 *
 * At open the whole central directory is walked once: the entry count and
 * the sum of the declared uncompressed sizes must stay under the limits.
 * While inflating, an entry that yields more than it declared is refused
 * too, and its CRC is checked at the end, so declared sizes are never
 * trusted.
 */
#ifndef FK_ZIPREAD_H
#define FK_ZIPREAD_H

#include <stddef.h>
#include <stdint.h>

#include "io/sheet_impl.h"

struct zipread_ent;

struct zipread {
	void *uf; /* unzFile */
	struct zipread_ent *ent;
	int nent;
	int cur;      /* entry being read, or -1 */
	uint64_t got; /* bytes inflated from it so far */
	void *mem;    /* memory source state */
	void *ff;     /* zlib_filefunc64_def for memory */
	struct sheet_error *err;
	int borrowed; /* ent belongs to the zipread this one was duplicated from */
};

/* Open the zip; 0, or -1 with err set (corrupt, zip_bomb, encrypted…). */
int zipread_open(struct zipread *z, const struct sheet_src *src, const struct sheet_limits *lim,
		 struct sheet_error *err);
/* A second handle on the same zip for another thread, sharing the entry
 * table of `from` (which must outlive it).  0, or -1 with err set. */
int zipread_dup(struct zipread *z, const struct zipread *from, const struct sheet_src *src,
		struct sheet_error *err);
/* Index of the entry named `name` (ASCII case ignored, as OPC wants), or -1. */
int zipread_find(const struct zipread *z, const char *name);
/* Start inflating entry i.  0 or -1. */
int zipread_begin(struct zipread *z, int i);
/* Up to cap bytes of the current entry: >0 bytes, 0 at its end (CRC good),
 * -1 on error (err set). */
long zipread_read(struct zipread *z, void *buf, size_t cap);
/* Stop reading the current entry (fine at any point). */
void zipread_end(struct zipread *z);
/* Uncompressed size entry i declares (checked while inflating). */
uint64_t zipread_size(const struct zipread *z, int i);
/* Name of entry i (for messages). */
const char *zipread_name(const struct zipread *z, int i);
void zipread_close(struct zipread *z);

#endif
