/*
 * sst — an XLSX's shared-string table, read by a helper thread while the
 * caller reads the sheet.  Internal to src/io.
 *
 * Lists where every name, ID number, phone and address is a distinct text
 * have a shared-string part nearly as big as the sheet; parsing it on the
 * second core while the sheet is parsed on the first takes it off the
 * critical path.  Excel writes the table in order of first use, so the
 * sheet rarely has to wait: sst_get() only blocks when asked for a string
 * the helper has not reached yet.  Strings live in 1 MB blocks that never
 * move (a published string stays valid until sst_free), indexed by pages
 * of pointers; a string is published with a release store of the count.
 */
#ifndef FK_SST_H
#define FK_SST_H

#include <stddef.h>

#include "io/zipread.h"

struct sst;

/* Begin reading zip entry `entry` of `z` (-1: the workbook has no shared
 * strings) on a second handle of the same source, on a helper thread when
 * `threaded`, else right now.  The table may take `max_bytes` of memory
 * (beyond: too_large).  Never NULL. */
struct sst *sst_start(const struct zipread *z, const struct sheet_src *src, int entry,
		      size_t max_bytes, int threaded);
/* String i (NUL-terminated, borrowed until sst_free): 0, or -1 with err
 * filled when there is no such string or the table is corrupt. */
int sst_get(struct sst *t, size_t i, const char **s, size_t *len, struct sheet_error *err);
/* Wait for the helper (stopping it first when `stop`: the read failed or
 * the caller stopped).  -1 with err filled (if it had no error yet) when
 * the table turned out bad, else 0.  Without `stop` the whole table is
 * checked, so a bad file is refused however little of it the sheet used. */
int sst_finish(struct sst *t, int stop, struct sheet_error *err);
/* Finish (ignoring errors) and free; NULL is fine. */
void sst_free(struct sst *t);

#endif
