/* Parts of `fangkong demo` that live in their own files. */
#ifndef FK_DEMO_H
#define FK_DEMO_H

#include <stdint.h>

#include "store/db.h"

/* Observations, checks, alerts, a site (demo_obs.c).  rnd(n) is the demo's
 * seeded generator returning 0..n-1.  0 ok, -1 error. */
int demo_observations(struct db *db, int count, uint32_t (*rnd)(uint32_t), int *made);

/* Checkpoints, a fortnight of shifts, ~per_day screenings a day
 * (demo_cp.c). */
int demo_checkpoints(struct db *db, int days, int per_day, uint32_t (*rnd)(uint32_t), int *made);

/* Two key-person lists imported and partly verified (demo_lists.c). */
int demo_lists(struct db *db, uint32_t (*rnd)(uint32_t), int *made);

#endif
