/*
 * site — centralized observation sites (集中医学观察点): the site, its rooms
 * and beds, occupancy, and residents' needs (诉求).  Beds are assigned by
 * observations (obs.h); here they are only counted.
 */
#ifndef FK_STORE_SITE_H
#define FK_STORE_SITE_H

#include <jansson.h>
#include <stdint.h>

#include "audit.h"
#include "db.h"
#include "obs.h"

struct site {
	int64_t id;
	char name[128], address[256], contact[64], phone[32];
	int capacity, active;
};

int site_save(struct db *db, const struct actor *who, struct site *s); /* insert if id==0 */
int site_get(struct db *db, int64_t id, struct site *s);
/* Sites with beds, occupancy and open needs; `only` limits to one site.
 * occupied = beds held (active and lost residents), lost = of those, out of
 * contact (their bed is kept until the observation ends). */
json_t *site_list(struct db *db, int64_t only);
/* One site with rooms, each bed's occupant (observation id, person name). */
json_t *site_detail(struct db *db, int64_t id);
/* Add a room.  ST_CONFLICT if the number exists in the site. */
int site_room_add(struct db *db, const struct actor *who, int64_t site_id, const char *number,
		  int beds, int64_t *id);

/* Needs (诉求) of a resident under observation. */
int need_add(struct db *db, const struct actor *who, int64_t obs_id, const struct obs_scope *sc,
	     const char *category, const char *text, int64_t *id);
/* open → in_progress → handled (or straight to handled). ST_INVALID if the
 * status is unknown or goes backwards. */
int need_set_status(struct db *db, const struct actor *who, int64_t id, const struct obs_scope *sc,
		    const char *status);
json_t *need_list(struct db *db, const struct obs_scope *sc, int64_t site, const char *status);

#endif
