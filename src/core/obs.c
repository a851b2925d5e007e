/*
 * Medical observation rules; see obs.h.  Everything here is arithmetic on
 * dates and minutes: the store supplies the facts, these functions decide.
 */
#include "obs.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "util/clock.h"

static const char *const default_symptoms[] = {"发热", "咳嗽", "乏力",	       "气促",
					       "腹泻", "咽痛", "嗅觉味觉减退", "其他"};

void obs_rules_default(struct obs_rules *r)
{
	memset(r, 0, sizeof *r);
	r->version = 1;
	r->effective = 20200101;
	r->period_days = 14;
	r->day0 = 1;
	r->win[0][0] = 6 * 60;
	r->win[0][1] = 12 * 60;
	r->win[1][0] = 16 * 60;
	r->win[1][1] = 22 * 60;
	r->threshold[METHOD_AXILLARY] = 373;
	r->threshold[METHOD_FOREHEAD] = 373;
	r->threshold[METHOD_EAR] = 375;
	r->threshold[METHOD_ORAL] = 375;
	r->nsymptoms = (int)(sizeof default_symptoms / sizeof default_symptoms[0]);
	for (int i = 0; i < r->nsymptoms; i++)
		snprintf(r->symptoms[i], sizeof r->symptoms[i], "%s", default_symptoms[i]);
}

const char *obs_rules_check(const struct obs_rules *r)
{
	if (r->period_days < 1 || r->period_days > 60)
		return "rules_period";
	if (r->win[0][0] < 0 || r->win[0][0] >= r->win[0][1] || r->win[0][1] > r->win[1][0] ||
	    r->win[1][0] >= r->win[1][1] || r->win[1][1] > 24 * 60)
		return "rules_window";
	for (int m = 0; m < METHOD_COUNT; m++)
		if (r->threshold[m] < 360 || r->threshold[m] > 400)
			return "rules_threshold";
	if (r->nsymptoms < 1 || r->nsymptoms > OBS_MAX_SYMPTOMS)
		return "rules_symptoms";
	return NULL;
}

int obs_rules_same(const struct obs_rules *a, const struct obs_rules *b)
{
	if (a->period_days != b->period_days || !a->day0 != !b->day0 ||
	    memcmp(a->win, b->win, sizeof a->win) ||
	    memcmp(a->threshold, b->threshold, sizeof a->threshold) || a->nsymptoms != b->nsymptoms)
		return 0;
	for (int i = 0; i < a->nsymptoms && i < OBS_MAX_SYMPTOMS; i++)
		if (strcmp(a->symptoms[i], b->symptoms[i]))
			return 0;
	return 1;
}

int obs_day1(const struct obs_rules *r, int exposure)
{
	return r->day0 ? date_add(exposure, 1) : exposure;
}

int obs_planned_end(const struct obs_rules *r, int exposure, int extended_days)
{
	return date_add(obs_day1(r, exposure), r->period_days - 1 + extended_days);
}

void obs_local(int64_t t, int *ymd, int *minute)
{
	int64_t lt = t + CLOCK_TZ_OFFSET;
	int64_t days = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
	*ymd = date_from_days(days);
	*minute = (int)((lt - days * 86400) / 60);
}

int obs_slot_of(const struct obs_rules *r, int minute)
{
	return minute < (r->win[0][1] + r->win[1][0]) / 2 ? 0 : 1;
}

int obs_in_window(const struct obs_rules *r, int slot, int minute)
{
	return minute >= r->win[slot][0] && minute < r->win[slot][1];
}

int64_t obs_current_window(const struct obs_rules *r, int64_t now)
{
	int ymd, min;
	obs_local(now, &ymd, &min);
	for (int s = 0; s < 2; s++)
		if (obs_in_window(r, s, min))
			return obs_window_idx(date_days(ymd), s);
	return -1;
}

int64_t obs_last_closed_window(const struct obs_rules *r, int64_t now)
{
	int ymd, min;
	obs_local(now, &ymd, &min);
	int64_t d = date_days(ymd);
	if (min >= r->win[1][1])
		return obs_window_idx(d, 1);
	if (min >= r->win[0][1])
		return obs_window_idx(d, 0);
	return obs_window_idx(d - 1, 1);
}

int64_t obs_first_window(const struct obs_rules *r, int64_t started_at)
{
	int ymd, min;
	obs_local(started_at, &ymd, &min);
	int64_t d = date_days(ymd);
	if (min < r->win[0][1])
		return obs_window_idx(d, 0);
	if (min < r->win[1][1])
		return obs_window_idx(d, 1);
	return obs_window_idx(d + 1, 0);
}

int64_t obs_missed_since(int64_t first, int64_t last_required, int64_t last_idx,
			 int64_t last_closed)
{
	int64_t upto = last_closed < last_required ? last_closed : last_required;
	int64_t from = last_idx >= first ? last_idx + 1 : first;
	return upto >= from ? upto - from + 1 : 0;
}

int obs_is_fever(const struct obs_rules *r, int method, int temp_tenths)
{
	if (method < 0 || method >= METHOD_COUNT)
		method = METHOD_AXILLARY;
	return temp_tenths >= r->threshold[method];
}

int obs_temp_ok(int t)
{
	return t >= 340 && t <= 430;
}

static const char *const method_names[] = {"axillary", "forehead", "ear", "oral"};
static const char *const method_zh[] = {"腋温", "额温", "耳温", "口温"};
static const char *const method_en[] = {"Axillary", "Forehead", "Ear", "Oral"};

int obs_method_from_name(const char *s)
{
	for (int i = 0; s && i < METHOD_COUNT; i++)
		if (!strcmp(s, method_names[i]) || !strcmp(s, method_zh[i]))
			return i;
	return -1;
}

const char *obs_method_name(int m)
{
	return m >= 0 && m < METHOD_COUNT ? method_names[m] : "";
}

const char *obs_method_label(int m, int english)
{
	if (m < 0 || m >= METHOD_COUNT)
		return "";
	return english ? method_en[m] : method_zh[m];
}

static const char *const status_names[] = {"active", "released", "hospital", "lost"};
static const char *const status_zh[] = {"观察中", "已解除", "已转院", "失联"};
static const char *const status_en[] = {"Under observation", "Released", "Transferred to hospital",
					"Lost contact"};

const char *obs_status_name(int s)
{
	return s >= 0 && s < OBS_STATUS_COUNT ? status_names[s] : "";
}

int obs_status_from_name(const char *s)
{
	for (int i = 0; s && i < OBS_STATUS_COUNT; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -1;
}

const char *obs_status_label(int s, int english)
{
	if (s < 0 || s >= OBS_STATUS_COUNT)
		return "";
	return english ? status_en[s] : status_zh[s];
}

static const char *const action_names[] = {"release", "release_early", "hospital", "lost",
					   "found",   "to_central",    "to_home",  "extend"};

const char *obs_action_name(int a)
{
	return a >= 0 && a < ACT_COUNT ? action_names[a] : "";
}

int obs_action_from_name(const char *s)
{
	for (int i = 0; s && i < ACT_COUNT; i++)
		if (!strcmp(s, action_names[i]))
			return i;
	return -1;
}

static int has_text(const char *s)
{
	if (!s)
		return 0;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return 1;
	return 0;
}

const char *obs_transition(const struct obs_state *s, int action, int today, const char *reason,
			   int *next)
{
	*next = s->status;
	if (action == ACT_FOUND) {
		if (s->status != OBS_LOST)
			return "obs_not_active";
		*next = OBS_ACTIVE;
		return NULL;
	}
	/* a lost person can still be found in hospital */
	if (s->status != OBS_ACTIVE && !(s->status == OBS_LOST && action == ACT_HOSPITAL))
		return "obs_not_active";
	switch (action) {
	case ACT_RELEASE:
		if (today < s->planned_end)
			return "release_too_early";
		if (s->open_alerts)
			return "release_open_alert";
		if (s->last_day_checks < 2)
			return "release_checks_missing";
		*next = OBS_RELEASED;
		return NULL;
	case ACT_RELEASE_EARLY:
		if (!has_text(reason))
			return "reason_required";
		if (s->open_alerts)
			return "release_open_alert";
		*next = OBS_RELEASED;
		return NULL;
	case ACT_HOSPITAL:
		*next = OBS_HOSPITAL;
		return NULL;
	case ACT_LOST:
		if (!has_text(reason))
			return "reason_required";
		*next = OBS_LOST;
		return NULL;
	case ACT_TO_CENTRAL:
	case ACT_TO_HOME:
		if (action == ACT_TO_CENTRAL && s->unplaced)
			return NULL;
		if ((action == ACT_TO_CENTRAL) == (s->kind == KIND_CENTRAL))
			return "kind_same";
		return NULL;
	case ACT_EXTEND:
		if (!has_text(reason))
			return "reason_required";
		return NULL;
	default:
		return "invalid";
	}
}
