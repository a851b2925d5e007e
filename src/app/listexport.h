/*
 * listexport: the files a list produces — the feedback sent back upward
 * (the received columns in the received order plus 核查结果, 管控措施,
 * 核查人, 核查时间, 核查备注 — not 备注, which many received lists have)
 * and the rejected-rows report — as xlsx with text cells, a frozen header
 * and a watermark sheet.  Each export writes an
 * audit row (with its trace id) before the file is handed out.
 */
#ifndef FK_APP_LISTEXPORT_H
#define FK_APP_LISTEXPORT_H

#include <stdint.h>

#include "store/audit.h"
#include "store/db.h"

/* Write the feedback of list `id` to `path`.  `full`: full ID numbers and
 * phones, else masked.  `who_name` goes on the watermark.  *name gets a file
 * name for the download.  ST_OK, ST_NOTFOUND, ST_ERR. */
int listexport_feedback(struct db *db, const struct actor *who, const char *who_name, int64_t id,
			int full, const char *path, char name[300]);
/* The rejected and duplicate rows with their reasons, and the rows
 * imported with warnings (存疑). */
int listexport_problems(struct db *db, const struct actor *who, const char *who_name, int64_t id,
			const char *path, char name[300]);

/* The download name "<prefix>-<received file name without its extension>.xlsx"
 * ("核查结果-list9-gbk.xlsx", not "…csv.xlsx"); "<prefix>-名单.xlsx" when the
 * list has no file name.  Truncated to fit out[300] on a character boundary. */
void listexport_file_name(const char *prefix, const char *filename, char out[300]);

#endif
