/*
 * cpimport: screening logs kept on paper or in Excel at a checkpoint, typed
 * up and imported in bulk — one row per person screened — through the same
 * readers as the list import (sheet.h) and the same rules as the phone page
 * (core/screen.h).  Each row becomes a screening whose client id is derived
 * from the file's hash and the row number, so importing the same file again
 * adds nothing.  All or nothing unless accept_partial.
 */
#ifndef FK_APP_CPIMPORT_H
#define FK_APP_CPIMPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "io/sheet.h"
#include "store/audit.h"
#include "store/db.h"

struct cpimport_result {
	long rows, imported, already, rejected;
	json_t *problems; /* [{row, column, code, message}] (first 200) */
};

/* 0 ok (committed or, with rejected rows and !accept_partial, nothing
 * written — check r->rejected), -1 file error (err), -2 database error. */
int cpimport_run(struct db *db, const struct actor *who, const void *data, size_t len,
		 int64_t checkpoint_id, int accept_partial, int english, struct cpimport_result *r,
		 struct sheet_error *err);

#endif
