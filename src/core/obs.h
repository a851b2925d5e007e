/*
 * obs — the rules of medical observation (DOMAIN.md), as pure functions:
 * rule sets, the period and its days, check windows, fever, and the one state
 * machine every status change goes through.
 *
 * Days are local dates (YYYYMMDD).  A check window is identified by an index
 * idx = days(date) * 2 + slot (slot 0 = 早 morning, 1 = 晚 evening) so that
 * "windows since the last check" is a subtraction.
 */
#ifndef FK_OBS_H
#define FK_OBS_H

#include <stdint.h>

enum obs_method { METHOD_AXILLARY, METHOD_FOREHEAD, METHOD_EAR, METHOD_ORAL, METHOD_COUNT };
enum obs_kind { KIND_HOME, KIND_CENTRAL };
enum obs_status { OBS_ACTIVE, OBS_RELEASED, OBS_HOSPITAL, OBS_LOST, OBS_STATUS_COUNT };
enum obs_action {
	ACT_RELEASE,
	ACT_RELEASE_EARLY,
	ACT_HOSPITAL,
	ACT_LOST,
	ACT_FOUND,
	ACT_TO_CENTRAL,
	ACT_TO_HOME,
	ACT_EXTEND,
	ACT_COUNT
};

#define OBS_MAX_SYMPTOMS 16

struct obs_rules {
	int64_t id;
	int version;
	int effective;	 /* YYYYMMDD from which this set applies */
	int period_days; /* default 14 */
	int day0;	 /* 1: the exposure/arrival day is day 0 (day 1 is the next day) */
	int win[2][2];	 /* [slot][start,end) in minutes from local midnight */
	int threshold[METHOD_COUNT]; /* fever at or above, tenths of °C */
	int nsymptoms;
	char symptoms[OBS_MAX_SYMPTOMS][32];
};

/* The defaults: 14 days, day 0 = exposure day, 06:00–12:00 and 16:00–22:00,
 * fever ≥ 37.3 axillary/forehead, ≥ 37.5 ear/oral, the DOMAIN symptom list. */
void obs_rules_default(struct obs_rules *r);
/* NULL if the rule set is coherent, else an error code ("rules_period",
 * "rules_window", "rules_threshold", "rules_symptoms"). */
const char *obs_rules_check(const struct obs_rules *r);

/* 1 if two rule sets say the same (period, day 0, windows, thresholds,
 * symptoms in order); id, version and effective date are not compared. */
int obs_rules_same(const struct obs_rules *a, const struct obs_rules *b);

/* Day 1 of the period for an exposure/arrival date. */
int obs_day1(const struct obs_rules *r, int exposure);
/* The planned last day: day1 + period - 1 + extension. */
int obs_planned_end(const struct obs_rules *r, int exposure, int extended_days);

/* Local date and minute-of-day of a UTC time. */
void obs_local(int64_t t, int *ymd, int *minute);
/* The slot a check at local `minute` counts for: 早 before the midpoint
 * between the morning window's end and the evening window's start, else 晚. */
int obs_slot_of(const struct obs_rules *r, int minute);
/* 1 if minute lies inside slot's window. */
int obs_in_window(const struct obs_rules *r, int slot, int minute);
/* The window open at UTC time `now` (returns its idx), or -1 if none. */
int64_t obs_current_window(const struct obs_rules *r, int64_t now);
/* The idx of the last window that has closed at `now`. */
int64_t obs_last_closed_window(const struct obs_rules *r, int64_t now);
/* The first window an observation started at UTC `started_at` owes. */
int64_t obs_first_window(const struct obs_rules *r, int64_t started_at);
static inline int64_t obs_window_idx(int64_t days, int slot)
{
	return days * 2 + slot;
}
/* Windows that closed without a check since the last checked window
 * (`last_idx`, or -1 for none), counting only windows between `first` and
 * `last_required`. */
int64_t obs_missed_since(int64_t first, int64_t last_required, int64_t last_idx,
			 int64_t last_closed);

/* Fever by the method's threshold. */
int obs_is_fever(const struct obs_rules *r, int method, int temp_tenths);
/* Temperature plausibility: 34.0–43.0 °C. */
int obs_temp_ok(int temp_tenths);
int obs_method_from_name(const char *s); /* "axillary"/"腋温"… or -1 */
const char *obs_method_name(int m);
const char *obs_method_label(int m, int english);
const char *obs_status_name(int s); /* "active","released","hospital","lost" */
int obs_status_from_name(const char *s);
const char *obs_status_label(int s, int english); /* 观察中 解除 转院 失联 */
const char *obs_action_name(int a);
int obs_action_from_name(const char *s);

/* What the state machine needs to know about one observation. */
struct obs_state {
	int status;
	int kind;
	int planned_end;     /* YYYYMMDD */
	int open_alerts;     /* alerts not closed */
	int last_day_checks; /* most distinct slots checked on one day from planned_end on (0–2) */
	int unplaced;	     /* centralized, waiting for a site (started at a checkpoint) */
};

/* May `action` happen `today`?  NULL if yes (and *next is the new status),
 * else the code of the rule that blocks it:
 *   obs_not_active       the observation is not under way (or not lost for found)
 *   release_too_early    before the planned end (use early release with reason)
 *   release_open_alert   an alert is still open
 *   release_checks_missing  no day from the planned end on has both its morning
 *                        and evening checks (a missed last day is made good by
 *                        checking the next day twice, or by an extension)
 *   reason_required      early release / extension / lost need a written reason
 *   kind_same            already of that kind (转集中 of a centralized
 *                        observation still waiting for a site places it) */
const char *obs_transition(const struct obs_state *s, int action, int today, const char *reason,
			   int *next);

#endif
