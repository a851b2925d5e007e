/*
 * obs — storage of medical observation: rule versions, observations and
 * their status history, checks, alerts and referrals, release notices.
 *
 * Every status change goes through obs_apply(), which loads the facts the
 * state machine needs (open alerts, last-day checks) inside the same write
 * transaction as the change, asks core/obs.h whether it is allowed, and
 * writes the event row and the audit row.  So two clerks releasing the same
 * person at once cannot both succeed, and no release skips the rules.
 *
 * Scope: `struct obs_scope` confines village workers to their village and
 * site staff to their site; records outside scope are ST_NOTFOUND.
 */
#ifndef FK_STORE_OBS_H
#define FK_STORE_OBS_H

#include <jansson.h>
#include <stdint.h>

#include "audit.h"
#include "core/obs.h"
#include "db.h"

struct obs_scope {
	int64_t village; /* 0 = any */
	int64_t site;	 /* 0 = any */
};

struct obs {
	int64_t id, person_id;
	int kind, status;
	char reason[32];
	char reason_detail[256];
	int exposure, day1, planned_end, extended_days; /* YYYYMMDD, days */
	int64_t rules_id;
	int64_t site_id, room_id;
	int bed;
	int64_t worker_id;
	char doctor[64];
	int64_t first_window, last_check_window, last_check_at;
	int64_t started_at, ended_at, lost_at;
	int64_t village_id; /* the person's village (read only) */
};

/* ---- rules ---- */
/* The rule set in force on `date` (YYYYMMDD): the highest version whose
 * effective date is on or before it (the oldest set if none is). */
int obs_rules_for(struct db *db, int date, struct obs_rules *r);
int obs_rules_get(struct db *db, int64_t id, struct obs_rules *r);
/* Save r as a new version (r->version and r->id are set).  Audited. */
int obs_rules_add(struct db *db, const struct actor *who, struct obs_rules *r, const char *note);
json_t *obs_rules_list(struct db *db);
json_t *obs_rules_to_json(const struct obs_rules *r);
/* Parse the JSON form; NULL ok, else an error code with *field set. */
const char *obs_rules_from_json(json_t *j, struct obs_rules *r, const char **field);

/* ---- observations ---- */
/* Start one.  ST_OK (o->id set); ST_CONFLICT: the person already has an open
 * observation (*existing = its id); ST_INVALID with *why = "bed_taken",
 * "site_full", "room_site", "person" (no such person in scope).  Audited. */
int obs_start(struct db *db, const struct actor *who, struct obs *o, const struct obs_scope *sc,
	      int64_t *existing, const char **why);
enum obs_start_flags {
	/* centralized without a site: waits for the observation group to place
	 * it (转集中 with a site); a checkpoint does not know the beds */
	OBS_START_UNPLACED = 1 << 0,
};
/* The same inside the caller's transaction (a screening's group commit):
 * nothing is rolled back here, the caller's savepoint undoes a failure. */
int obs_start_tx(struct db *db, const struct actor *who, struct obs *o, const struct obs_scope *sc,
		 int flags, int64_t *existing, const char **why);
int obs_load(struct db *db, int64_t id, const struct obs_scope *sc, struct obs *o);

struct obs_change {
	int action;	    /* ACT_* */
	const char *reason; /* written reason */
	int64_t at;	    /* when it happened (lost: last known time) */
	int days;	    /* extend */
	int64_t site_id, room_id;
	int bed; /* to_central */
	const char *hospital;
};
/* Apply a transition.  ST_OK; ST_INVALID with *why = the blocking rule code
 * (obs_transition) or a bed/site code; ST_NOTFOUND. */
int obs_apply(struct db *db, const struct actor *who, int64_t id, const struct obs_scope *sc,
	      const struct obs_change *c, int today, const char **why);
/* Release each of ids[0..n) as obs_apply(ACT_RELEASE) would, with its own
 * event and audit row, but in transactions of up to 200 (a savepoint each):
 * one commit and fsync for 200 persons instead of one each, so releasing
 * 2,000 in one day's batch takes a second, not a quarter of a minute.
 * codes[i] = NULL if released, else "not_found", the blocking rule's code
 * or "internal" (also for everyone of a chunk whose commit failed). */
void obs_release_many(struct db *db, const struct actor *who, const int64_t *ids, size_t n,
		      const struct obs_scope *sc, int today, const char **codes);

struct obs_check {
	int64_t at;
	int temp; /* tenths; 0 = not measured */
	int method;
	const char *symptoms; /* comma-separated, "" for none */
	const char *visit;    /* ok / refused / absent */
	const char *note;
};
/* Record a check; opens an alert on fever or any symptom.  ST_OK with the
 * new ids (*alert_id 0 if none); ST_INVALID *why "obs_not_active",
 * "check_future", "check_before_start". */
int obs_check_add(struct db *db, const struct actor *who, int64_t id, const struct obs_scope *sc,
		  const struct obs_check *c, int64_t now, int64_t *check_id, int64_t *alert_id,
		  const char **why);

/* ---- alerts ---- */
int obs_alert_refer(struct db *db, const struct actor *who, int64_t alert_id,
		    const struct obs_scope *sc, const char *hospital, const char *transport,
		    int64_t departed_at, const char **why);
/* outcome "excluded" closes the alert; "suspected"/"confirmed" close it and
 * transfer the observation to hospital. */
int obs_alert_outcome(struct db *db, const struct actor *who, int64_t alert_id,
		      const struct obs_scope *sc, const char *outcome, const char *note,
		      const char **why);

/* ---- release notice ---- */
/* Issue (or re-read) the notice number "YYYY-NNNN" of a released
 * observation.  Audited each time it is issued or printed again. */
int obs_notice(struct db *db, const struct actor *who, int64_t id, const struct obs_scope *sc,
	       char no[32], int64_t *issued_at, const char **why);

/* ---- queries (obs_query.c) ---- */
struct obs_filter {
	const char *status; /* NULL = active and lost */
	const char *kind;
	int64_t village, site;
	int unplaced; /* centralized, waiting for the observation group to assign a site */
	const char *q;
	int64_t page, per_page;
};
json_t *obs_list(struct db *db, const struct obs_filter *f, const struct obs_scope *sc);
json_t *obs_detail(struct db *db, int64_t id, const struct obs_scope *sc);
/* Day × 早/晚 grid with temperatures and states (normal/fever/missed/
 * pending/future/absent). */
json_t *obs_grid(struct db *db, int64_t id, const struct obs_scope *sc, int64_t now);
/* Who lacks a check in the current (or last) window, with missed-window
 * counts and per-village totals. */
json_t *obs_due(struct db *db, const struct obs_scope *sc, int64_t village, int64_t now);
/* The scope that is inside both (0 = any; -1 = nothing, when they differ). */
struct obs_scope obs_scope_and(const struct obs_scope *a, const struct obs_scope *b);

/* The release queue of `date`: active observations whose planned end is
 * `date` or earlier, each with `qualifies` (may be released today) or the
 * rule that blocks it (`blocked_by`), in the order planned end, village id,
 * site id, observation id (the index obs_active_end: no sort).
 *
 * obs_release_queue: the whole queue in scope, with `total` and
 * `qualifying` (the CLI's release-due and the batch release of everyone who
 * qualifies); it computes every row's checks, so it costs ~50 ms for a
 * town's 6,000.  Caller frees. */
json_t *obs_release_queue(struct db *db, const struct obs_scope *sc, int date, int64_t now);

struct obs_release_filter {
	int date;		/* YYYYMMDD: planned end on or before */
	int64_t village, site;	/* 0 = any, within the scope */
	int64_t page, per_page; /* page from 1 */
};
/* obs_release_page: one page of the queue (the rows the filter keeps,
 * `total` of them) and the `summary` of the whole queue in scope, filter
 * ignored: {"total","due" (planned end on `date`),"overdue" (before it),
 * "villages":[{"village_id","village_name","total","due","overdue"}],
 * "sites":[{"site_id","site_name",…}]}, read from the index alone; only the
 * page's rows are checked for `qualifies`.  Caller frees. */
json_t *obs_release_page(struct db *db, const struct obs_scope *sc,
			 const struct obs_release_filter *f, int64_t now);
json_t *obs_counts(struct db *db, const struct obs_scope *sc, int today);
json_t *obs_alerts(struct db *db, const struct obs_scope *sc, const char *status, int64_t page,
		   int64_t per_page);

#endif
