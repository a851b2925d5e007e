/*
 * listexport: the files a list produces — the feedback sent back upward
 * (the received columns in the received order plus 核查结果, 管控措施,
 * 核查人, 核查时间, 备注) and the rejected-rows report — as xlsx with text
 * cells, a frozen header and a watermark sheet.  Each export writes an
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
/* The rejected and duplicate rows with their reasons. */
int listexport_problems(struct db *db, const struct actor *who, const char *who_name, int64_t id,
			const char *path, char name[300]);

#endif
