/*
 * reportexport: the daily report as an xlsx file in the office's layout
 * (title, fields in the chosen order with the chosen labels, the per-village
 * table on or off) with the watermark sheet; audited.
 */
#ifndef FK_APP_REPORTEXPORT_H
#define FK_APP_REPORTEXPORT_H

#include <jansson.h>

#include "store/audit.h"
#include "store/db.h"

/* figures: report_compute() output (or a stored version's figures). */
int reportexport_xlsx(struct db *db, const struct actor *who, const char *who_name, json_t *figures,
		      json_t *layout, const char *path);

#endif
